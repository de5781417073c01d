#!/usr/bin/env python3
"""Render seed 001 (supplementary agreement + annex) to synthetic scans, deterministically.

Writes corpus/scans/:
  001-clean-p<N>.png       300 dpi, 1-bit (a clean flatbed scan), ground truth 001-clean-p<N>.txt
  001-clean.tif            the clean pages as one multi-page Group 4 TIFF (ground truth: the .txt pages)
  001-degraded-p<N>.jpg    200 dpi, rotated 1-2 degrees, noise, specks, blur, JPEG q65, ground truth .txt
  001-scan.pdf             image-only PDF: 200 dpi pages rotated the other way, blurred, thresholded to 1 bit (001-scan.txt)
  001-eng-layer.pdf        clean page 2 with an English-model OCR text layer (tesseract CLI), 001-eng-layer.txt
  001-annex-table.png      the annex's first section as a ruled table with merged cells, 300 dpi 1-bit,
                           ground truth 001-annex-table.txt (cell texts, row-major) and .tsv (the grid)
  001-smudged-p1.png       page 1 as the clean scan, with an ink blot over the first digit of the original
                           督导经费 50400 (SMUDGE): a glyph the recognizer cannot read; ground truth the printed text
  001-defect-p1.png        page 1 as the clean scan, but with the original 督导经费 printed 60500 for 50400
                           (DEFECT: two digits, a document that contradicts itself, not a misread)
  001-misread-p1.png       page 1 as the clean scan, but with one budget figure printed with one digit
                           changed (MISREAD): what the recognizer hands on when a glyph is misread, made
                           deterministic; ground truth 001-misread-p1.txt is what is printed

Needs python3-pil and fonts-wqy-zenhei (Debian); installs them with apt-get when missing (root).
Every random choice comes from random.Random with a fixed seed: same packages, same bytes.
Run: python3 scripts/render_scans.py [--out corpus/scans]
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SEED = os.path.join(ROOT, "corpus", "seeds", "001_08ce58bb254aa3f5.txt")


def ensure_packages():
    """Debian's python3-pil lives in /usr/bin/python3's path: install it if missing, then run under that
    interpreter (once: ACCORD_RENDER_REEXEC guards against a loop)."""
    missing = []
    try:
        import PIL  # noqa: F401
        have_pil = True
    except ImportError:
        have_pil = False
    if not have_pil and subprocess.run(["/usr/bin/python3", "-c", "import PIL"], capture_output=True).returncode != 0:
        missing.append("python3-pil")
    if not os.path.exists(FONT):
        missing.append("fonts-wqy-zenhei")
    if missing:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + missing, check=True, env=env)
    if not have_pil:
        if os.environ.get("ACCORD_RENDER_REEXEC"):
            sys.exit("render_scans: Pillow not importable even under /usr/bin/python3")
        os.environ["ACCORD_RENDER_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)


ensure_packages()
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont  # noqa: E402

A4_MM = (210, 297)
FIXED_DATE = __import__("time").strptime("2025-07-30", "%Y-%m-%d")  # PDF dates, so the bytes do not change per run


def page_size(dpi):
    return (round(A4_MM[0] / 25.4 * dpi), round(A4_MM[1] / 25.4 * dpi))


def seed_parts():
    with open(SEED, encoding="utf-8") as f:
        lines = f.read().split("\n")
    body, table = [], []
    in_table = False
    for line in lines:
        if "\t" in line and line.startswith("服务类别"):
            in_table = True
        if in_table:
            table.append(line)
            continue
        if line.startswith("## 社区党群服务中心服务指标"):
            continue
        if line.strip() == "附件：" and body and body[-1] == "":
            continue
        s = line.lstrip("#").strip()
        body.append(s)
    paras = [p for p in body if p.strip()]
    return paras, table


def wrap(text, font, width):
    """Greedy character wrap (Chinese has no word boundaries)."""
    lines, cur = [], ""
    for ch in text:
        if font.getlength(cur + ch) > width and cur:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        lines.append(cur)
    return lines


def render_text_pages(paras, dpi, pt, blots=None):
    """Lays paragraphs out on A4 pages; returns [(image L, ground-truth lines)].

    blots: {paragraph index: character index}: that glyph is printed and then covered by an ink
    blot (a smudge that leaves it unreadable); the ground truth keeps the glyph."""
    w, h = page_size(dpi)
    px = round(pt / 72 * dpi)
    font = ImageFont.truetype(FONT, px, index=0)
    title_font = ImageFont.truetype(FONT, round(px * 1.3), index=0)
    margin = round(dpi * 0.9)
    pitch, para_gap = round(px * 1.6), round(px * 0.9)
    pages, img, draw, gt, y = [], None, None, [], 0

    def new_page():
        nonlocal img, draw, gt, y
        if img is not None:
            pages.append((img, gt))
        img = Image.new("L", (w, h), 255)
        draw = ImageDraw.Draw(img)
        gt, y = [], margin

    new_page()
    for i, p in enumerate(paras):
        f = title_font if i < 2 else font
        indent = 0 if i < 2 else 2 * px
        lines = wrap(p, f, w - 2 * margin - indent)
        consumed = 0
        for j, line in enumerate(lines):
            if y + pitch > h - margin:
                new_page()
            x = margin + (indent if j == 0 else 0)
            if i < 2:
                x = (w - f.getlength(line)) / 2
            draw.text((x, y), line, font=f, fill=0)
            k = (blots or {}).get(i)
            if k is not None and consumed <= k < consumed + len(line):
                x0 = x + f.getlength(line[:k - consumed])
                gw = f.getlength(line[k - consumed])
                draw.ellipse([x0 - gw * 0.1, y + f.size * 0.15, x0 + gw * 1.0, y + f.size * 0.95], fill=0)
            consumed += len(line)
            gt.append(line)
            y += round(pitch * (1.3 if i < 2 else 1))
        y += para_gap
    pages.append((img, gt))
    return pages


def annex_table(table_lines, first_rows=6):
    """Header + the first section's rows; an empty cell continues the cell above (merged)."""
    rows = [l.split("\t") for l in table_lines[: first_rows + 1]]
    ncol = len(rows[0])
    rows = [(r + [""] * ncol)[:ncol] for r in rows]
    return rows, cells_of(rows)


def cells_of(rows):
    """(row, col, rowspan, text) for a header + rows table: an empty cell continues the cell above."""
    ncol = len(rows[0])
    cells = []
    for c in range(ncol):
        r = 0
        while r < len(rows):
            text = rows[r][c].strip()
            span = 1
            while r + span < len(rows) and r > 0 and not rows[r + span][c].strip():
                span += 1
            cells.append((r, c, span, text))
            r += span
    return sorted(cells)


def row_geometry(rows, cells, xs, font, px, margin, wrap_text=None):
    """Cell padding, line pitch, each cell's wrapped lines and the rows' y positions: each row as
    tall as its tallest single-row cell, a merged cell's last row grown until the cell fits its span."""
    wrap_text = wrap_text or wrap
    pad, pitch = round(px * 0.5), round(px * 1.45)
    wrapped = {}
    for (r, c, span, text) in cells:
        wrapped[(r, c)] = wrap_text(text, font, xs[c + 1] - xs[c] - 2 * pad) if text else []
    heights = [2 * pad + pitch] * len(rows)
    for (r, c, span, text) in cells:
        if span == 1:
            heights[r] = max(heights[r], 2 * pad + pitch * len(wrapped[(r, c)]))
    for (r, c, span, text) in cells:
        if span > 1:
            need = 2 * pad + pitch * len(wrapped[(r, c)])
            have = sum(heights[r: r + span])
            if need > have:
                heights[r + span - 1] += need - have
    ys = [margin + round(px * 3)]
    for hh in heights:
        ys.append(ys[-1] + hh)
    return pad, pitch, wrapped, ys


def render_table_page(table_lines, dpi=300):
    w, h = page_size(dpi)
    px = round(10 / 72 * dpi)
    font = ImageFont.truetype(FONT, px, index=0)
    rows, cells = annex_table(table_lines)
    margin = round(dpi * 0.7)
    fractions = [0.12, 0.15, 0.23, 0.30, 0.20]
    usable = w - 2 * margin
    xs = [margin]
    for f in fractions:
        xs.append(xs[-1] + round(usable * f))
    xs[-1] = w - margin
    pad, pitch, wrapped, ys = row_geometry(rows, cells, xs, font, px, margin)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    title = "社区党群服务中心服务指标（调整）"
    tf = ImageFont.truetype(FONT, round(px * 1.3), index=0)
    draw.text(((w - tf.getlength(title)) / 2, margin), title, font=tf, fill=0)
    lw = max(2, round(dpi / 100))
    gt_cells, tsv = [], [["" for _ in range(len(rows[0]))] for _ in rows]
    for (r, c, span, text) in cells:
        x0, x1, y0, y1 = xs[c], xs[c + 1], ys[r], ys[r + span]
        draw.rectangle([x0, y0, x1, y1], outline=0, width=lw)
        lines = wrapped[(r, c)]
        ty = y0 + (y1 - y0 - pitch * len(lines)) / 2 + px * 0.2
        for line in lines:
            draw.text((x0 + pad, ty), line, font=font, fill=0)
            ty += pitch
        tsv[r][c] = text
    for r in range(len(rows)):
        for c in range(len(rows[0])):
            for (cr, cc, span, text) in cells:
                if cc == c and cr == r and text:
                    gt_cells.append(text)
    gt = [title] + gt_cells
    return img, gt, tsv, cells


def binarize(img, threshold=160):
    return img.point(lambda v: 255 if v > threshold else 0).convert("1", dither=Image.Dither.NONE)


def degrade(img, rng, angle, dpi_from=300, dpi_to=200, noise=True):
    w, h = img.size
    small = img.resize((round(w * dpi_to / dpi_from), round(h * dpi_to / dpi_from)), Image.Resampling.LANCZOS)
    rot = small.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    rot = rot.filter(ImageFilter.GaussianBlur(0.7))
    if not noise:
        return rot, angle
    # Gaussian noise (sigma 6) from a seeded byte stream through an inverse-CDF lookup table.
    nd = statistics.NormalDist(0, 6)
    lut = [max(0, min(255, round(128 + nd.inv_cdf((b + 0.5) / 256)))) for b in range(256)]
    noise = Image.frombytes("L", rot.size, rng.randbytes(rot.size[0] * rot.size[1])).point(lut)
    out = ImageChops.add(rot, noise, scale=1.0, offset=-128)
    # Specks: dust and toner dots.
    d = ImageDraw.Draw(out)
    for _ in range(400):
        x, y, r = rng.randrange(out.size[0]), rng.randrange(out.size[1]), rng.choice([1, 1, 1, 2, 2, 3])
        d.ellipse([x - r, y - r, x + r, y + r], fill=rng.randrange(0, 90))
    return out, angle


# One figure printed with one digit changed, as OCR misreads a glyph (0→6 is among the commonest):
# the original supervision line 50400 printed as 56400. The page's own redundancy (the lines' sum
# against the total, the line's share) allows exactly one one-digit reading back, so Accord's
# repairer should restore 50400 and say so. Applied to the first occurrence only (the original terms).
MISREAD = ("督导经费为 50400 元", "督导经费为 56400 元")


# An ink blot over one glyph: the leading 5 of 50400 in the original supervision line (like `?2000`).
SMUDGE = ("督导经费为 50400 元", 6)


def smudge(paras):
    """{paragraph index: character index} of the blotted glyph (its first occurrence)."""
    for i, p in enumerate(paras):
        k = p.find(SMUDGE[0])
        if k >= 0:
            return {i: k + SMUDGE[1]}
    sys.exit(f"render_scans: {SMUDGE[0]!r} not found in the seed")


# A real defect: a figure two digits off, which no one-digit misread explains (the share stays 1.87%).
DEFECT = ("督导经费为 50400 元", "督导经费为 60500 元")


def misread(paras, change=None):
    change = change or MISREAD
    out, done = [], False
    for p in paras:
        if not done and change[0] in p:
            p, done = p.replace(change[0], change[1], 1), True
        out.append(p)
    if not done:
        sys.exit(f"render_scans: {change[0]!r} not found in the seed")
    return out


def write_text(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "corpus", "scans"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    out = lambda name: os.path.join(args.out, name)
    rng = random.Random(20250730)
    paras, table = seed_parts()
    pages = render_text_pages(paras, 300, 12)
    clean_1bit, degraded = [], []
    all_gt = []
    for n, (img, gt) in enumerate(pages, 1):
        bw = binarize(img)
        bw.save(out(f"001-clean-p{n}.png"), dpi=(300, 300), optimize=True)
        write_text(out(f"001-clean-p{n}.txt"), gt)
        clean_1bit.append(bw)
        angle = [1.43, -1.78, 1.2, -1.5][(n - 1) % 4]
        deg, angle = degrade(img, rng, angle)
        deg.save(out(f"001-degraded-p{n}.jpg"), quality=65, dpi=(200, 200))
        write_text(out(f"001-degraded-p{n}.txt"), gt)
        # The PDF's pages: scanned the same way but without the noise (keeps the committed file small).
        degraded.append(binarize(degrade(img, rng, -angle, noise=False)[0], 150))
        all_gt += gt
        print(f"page {n}: {len(gt)} lines, degraded rotated {angle:.3f} deg", file=sys.stderr)
    img, gt = render_text_pages(paras, 300, 12, blots=smudge(paras))[0]
    binarize(img).save(out("001-smudged-p1.png"), dpi=(300, 300), optimize=True)
    write_text(out("001-smudged-p1.txt"), gt)
    img, gt = render_text_pages(misread(paras, DEFECT), 300, 12)[0]
    binarize(img).save(out("001-defect-p1.png"), dpi=(300, 300), optimize=True)
    write_text(out("001-defect-p1.txt"), gt)
    img, gt = render_text_pages(misread(paras), 300, 12)[0]
    binarize(img).save(out("001-misread-p1.png"), dpi=(300, 300), optimize=True)
    write_text(out("001-misread-p1.txt"), gt)
    clean_1bit[0].save(out("001-clean.tif"), save_all=True, append_images=clean_1bit[1:], compression="group4", dpi=(300, 300))
    write_text(out("001-clean.txt"), all_gt)
    degraded[0].save(out("001-scan.pdf"), save_all=True, append_images=degraded[1:], resolution=200.0, quality=65,
                    creationDate=FIXED_DATE, modDate=FIXED_DATE)
    write_text(out("001-scan.txt"), all_gt)
    timg, tgt, tsv, cells = render_table_page(table)
    binarize(timg).save(out("001-annex-table.png"), dpi=(300, 300), optimize=True)
    write_text(out("001-annex-table.txt"), tgt)
    with open(out("001-annex-table.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join("\t".join(r) for r in tsv) + "\n")
    with open(out("001-annex-table.cells.tsv"), "w", encoding="utf-8") as f:
        f.write("row\tcol\trowspan\ttext\n")
        for (r, c, span, text) in cells:
            f.write(f"{r}\t{c}\t{span}\t{text}\n")
    # A PDF with an inherited wrong-language OCR layer (like seed 002): page 2 of the clean scan,
    # OCR'd by the tesseract CLI with the English model into an image + text PDF.
    if shutil.which("tesseract"):
        base = out("001-eng-layer")
        subprocess.run(["tesseract", out("001-clean-p2.png"), base, "-l", "eng", "pdf"], check=True,
                       env=dict(os.environ, OMP_THREAD_LIMIT="1"), capture_output=True)
        write_text(base + ".txt", pages[1][1])  # (tesseract stamps the PDF with the current date)
    else:
        print("tesseract not found: 001-eng-layer.pdf not made", file=sys.stderr)
    for name in sorted(os.listdir(args.out)):
        print(f"{os.path.getsize(out(name)):>9}  {name}", file=sys.stderr)


if __name__ == "__main__":
    main()
