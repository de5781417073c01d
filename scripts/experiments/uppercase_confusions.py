#!/usr/bin/env python3
"""Counts which glyphs Accord's OCR returns for the financial numerals (大写), on synthetic pages.

The source of `UppercaseGlyphs.confusions` (Sources/AccordOCR/UppercaseGlyphs.swift). Debian's chi_sim
(tesseract-ocr-chi-sim 4.1.0) has no 叁 柒 捌 仟 in its character set (`combine_tessdata -u
chi_sim.traineddata x` and look in x.lstm-unicharset), so it returns look-alikes; this script shows which.

Run:  /usr/bin/python3 scripts/experiments/uppercase_confusions.py DIR [SEED...]   (default seeds 9101 9202 9303 9404)
  Renders four A4 pages per seed into DIR (random amounts in figures and 大写, and 一式N份 clauses;
  WenQuanYi Zen Hei and Micro Hei alternately; two pages clean at 300 dpi, two degraded as
  scripts/render_scans.py degrades: 200 dpi, blur 0.7, noise, specks), reads them with
  .build-ocr-release/release/accord-ocr-bench, aligns each page with its text and prints, for each
  reference character that was misread, how often each reading came back ("<…>" = not one for one).
Seeds are unrelated to scripts/render_holdout_annex.py's: the table is not fitted to the held-out set.
The table was counted with the build before UppercaseGlyphs existed (its readings are the model's own);
run with the current build, the script shows what is left after the inference.
Measured 2026-12 with seeds 9101 9202 9303 9404 (16 pages): 仟 → 什 259, 任 57 …; 柒 → 业 149, 沫 80 …;
捌 → 抽 133, 拥 66 …; 叁 → 参 207, 人参 18 …; see the table in UppercaseGlyphs.swift (pairings seen once left out).
Needs python3-pil and fonts-wqy-zenhei / fonts-wqy-microhei.
"""
import collections
import difflib
import glob
import os
import random
import subprocess
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import render_scans  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIGITS = "零壹贰叁肆伍陆柒捌玖"
NUMERALS = set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元整角分")
FONTS = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"]
LEADS = ["合同金额为人民币", "服务费共计", "本项目总价", "第一期支付", "结算金额", "成交价"]


def upper(n):
    """Whole yuan → 大写 (canonical: 零 for skipped places, 元整)."""
    def group(g):
        s, units, zero = "", ["仟", "佰", "拾", ""], False
        for i, ch in enumerate(f"{g:04d}"):
            d = int(ch)
            if d == 0:
                zero = bool(s)
                continue
            if zero:
                s += "零"
                zero = False
            s += DIGITS[d] + units[i]
        return s
    hi, lo = divmod(n, 10000)
    s = group(hi) + "万" if hi else ""
    if lo:
        if hi and lo < 1000:
            s += "零"
        s += group(lo)
    return s + "元整"


def degrade(img, rng):
    """The degradation of scripts/render_scans.py (2/3 scale, blur, noise, specks), its angle drawn here."""
    angle = rng.uniform(-0.6, 0.6)
    return render_scans.degrade(img, rng, angle)[0]


def render(out, seed):
    rng = random.Random(seed)
    files = []
    for page in range(4):
        font = ImageFont.truetype(FONTS[page % 2], rng.choice([42, 46, 50]), index=0)
        img = Image.new("L", (2480, 3508), 255)
        draw, gt, y = ImageDraw.Draw(img), [], 270
        while y < 3508 - 300:
            n = rng.choice([rng.randrange(1000, 100000), rng.randrange(100000, 10000000), rng.randrange(10, 100000) * 100])
            if rng.random() < 0.3:
                line = f"一式{rng.choice(DIGITS[1:])}份，甲方执{rng.choice(DIGITS[1:])}份，乙方执{rng.choice(DIGITS[1:])}份。"
            else:
                line = f"{rng.choice(LEADS)}{n}元（大写：{upper(n)}），"
            draw.text((270, y), line, font=font, fill=0)
            gt.append(line)
            y += round(font.size * 1.7)
        stem = f"{out}/s{seed}-{page}"
        if page >= 2:
            degrade(img, rng).save(stem + ".jpg", quality=90, dpi=(200, 200))
            files.append(stem + ".jpg")
        else:
            img.save(stem + ".png", dpi=(300, 300))
            files.append(stem + ".png")
        open(stem + ".txt", "w", encoding="utf-8").write("\n".join(gt) + "\n")
    return files


def norm(s):
    return "".join(c for c in unicodedata.normalize("NFKC", s) if not c.isspace())


def main():
    out = sys.argv[1]
    seeds = [int(s) for s in sys.argv[2:]] or [9101, 9202, 9303, 9404]
    os.makedirs(out, exist_ok=True)
    files = [f for s in seeds for f in render(out, s)]
    bench = os.path.join(ROOT, ".build-ocr-release", "release", "accord-ocr-bench")
    subprocess.run([bench, "--workers", "2", "--out", os.path.join(out, "ocr")] + files, check=True,
                   env=dict(os.environ, OMP_THREAD_LIMIT="1"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    counts, totals = collections.defaultdict(collections.Counter), collections.Counter()
    for f in files:
        stem = os.path.splitext(os.path.basename(f))[0]
        ref = norm(open(f"{out}/{stem}.txt", encoding="utf-8").read())
        hyp = norm(open(f"{out}/ocr/{stem}.txt", encoding="utf-8").read())
        totals.update(c for c in ref if c in NUMERALS)
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ref, hyp, autojunk=False).get_opcodes():
            if tag == "replace" and i2 - i1 == j2 - j1:
                for a, b in zip(ref[i1:i2], hyp[j1:j2]):
                    counts[a][b] += 1
            elif tag != "equal":
                counts[ref[i1:i2]]["<" + hyp[j1:j2] + ">"] += 1
    for k in sorted(counts, key=lambda k: -sum(counts[k].values())):
        if set(k) & NUMERALS:
            print(k, totals.get(k, ""), dict(counts[k].most_common()))


if __name__ == "__main__":
    main()
