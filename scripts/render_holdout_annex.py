#!/usr/bin/env python3
"""Held-out evaluation set for OCR work: ruled annex (indicator) table pages and agreement pages rendered
from OTHER text, values and random seeds than corpus/scans, with ground truth. Deterministic.

corpus/scans holds one annex table (the first section of seed 001's table, 社区党员服务) and the two
agreement pages of seed 001; an OCR change tuned on those alone may only fit them. This renders, with
scripts/render_scans.py's fonts, page size, binarization and degrade() (200 dpi grey, rotation, blur 0.7,
noise σ 6, 400 specks, JPEG q65), but other random seeds and angles:

  annex pages (ruled tables with merged cells, the header row on top, like 001-annex-table.png):
    a1  seed 001, section 社区服务类 (助老, 困境儿童), labels (1) in ASCII as printed in the seed, 10 pt
    a2  seed 001, the rest of 社区服务类 (成长支持, 救助), labels written full width （1）, 10 pt
    a3  seed 001, section 社区治理类 (sub-items (3.1) …), ASCII labels, 9 pt, other column widths
    a4  seed 001, sections 专项服务类 and 特色公共服务, full-width labels, standards numbered 1、2、
    a5  seed 000's annex as its own dump has it (full-width labels, texts cut at 50 characters), 10 pt
    a6  seed 003's indicator table (3 columns: 服务类别, 具体服务内容, 服务指标 one numbered item a row)
    cell text wrapped with 禁则 (no line starts with ，。；）” or a list number's point: the character before
    goes down with it) and never inside a run of ASCII letters and digits such as (2.1) or 100%, as Word
    and WPS lay Chinese out (render_scans.py's greedy wrap leaves a lone 。 on a line of its own),
    each as <tag>-p<N>-clean.png (300 dpi 1-bit) and <tag>-p<N>-degraded.jpg (200 dpi, degraded);
    ground truth <stem>.txt (title, then cell texts row-major, merged cells once), <stem>.tsv (the grid,
    a merged cell's text in its first slot) and <stem>.cells.tsv (row, col, rowspan, text), as
    corpus/scans/001-annex-table.*
  agreement pages:
    g1  seed 001's agreement with other values: lot 二标段, other party names, every figure's digits
        1-9 permuted (the 大写 numerals the same way, so amounts stay well-formed), 11 pt
    h1–h3  scripts/experiments/render_holdout.py's pages (seed 001 with new specks; seeds 003 and 000's
        Chinese cell texts laid out as paragraphs)
    each as <tag>-p<N>-clean.png and <tag>-p<N>-degraded.jpg, ground truth <stem>.txt (the lines)

OUTDIR/manifest.tsv lists every page: stem, image file, kind (annex|agreement), quality (clean|degraded),
label column, target column (annex pages: the grid columns the row measure reads; see
scripts/experiments/eval_holdout.py). 32 pages (16 annex, 16 agreement), ≈6 MB: not committed.

Run:  python3 scripts/render_holdout_annex.py OUTDIR          (re-runs under /usr/bin/python3 for Pillow)
Then: scripts/bench_ocr.sh --holdout OUTDIR                     (or scripts/experiments/eval_holdout.py)
"""
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "experiments"))
import render_scans as rs  # noqa: E402  (installs/re-executes for Pillow)
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

SEEDS = os.path.join(rs.ROOT, "corpus", "seeds")
SEED000 = os.path.join(SEEDS, "000_77b86f38557a5dc6.txt")
SEED003 = os.path.join(SEEDS, "003_fec90b3e624f4feb.txt")

HEADER5 = ["服务类别", "服务大项", "服务要求", "服务细项", "专业服务量化标准"]
LABEL = re.compile(r"[(（]\s*\d+(?:\.\d+)?\s*[)）]")


def tidy(text):
    """Seed markup out (<p>), spaces inside labels closed up ("( 3.2 )" → "(3.2)"), an ASCII comma
    between Chinese text turned into ，, runs of spaces made one."""
    t = re.sub(r"</?p>", " ", text)
    t = re.sub(r"\(\s*(\d+(?:\.\d+)?)\s*\)", r"(\1)", t)
    t = re.sub(r"\s*,\s*", "，", t)
    t = re.sub(r"\s+", " ", t).strip()
    return t


def shorten(text, limit):
    """At most `limit` characters, cut after the last 。；before it, else before the last ，、 (so the
    pages hold about ten indicator rows, as the held-out annex pages did)."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    for marks, keep in (("。；;", 1), ("，、", 0)):
        i = max(head.rfind(m) for m in marks)
        if i >= limit // 3:
            return head[: i + keep].strip()
    return head.strip()


def shorten_items(text, limit):
    """A cell that holds several labelled items ((1) … (2) …): each item shortened on its own."""
    parts = [p.strip() for p in re.split(r"(?=[(（]\d+(?:\.\d+)?[)）])", text) if p.strip()]
    return " ".join(shorten(p, limit) for p in parts)


def fullwidth_labels(text):
    """(1) 开设 → （1）开设 (the way seed 000 and many annexes print sub-item labels)."""
    return re.sub(r"\((\d+(?:\.\d+)?)\)\s*", r"（\1）", text)


def seed001_rows():
    """Seed 001's indicator table as 5-column rows ("" = continues the cell above). The seed's rows are
    ragged (cells missing on the left, trailing empty cells, markup): each row is re-placed by content —
    the field with a sub-item label is 服务细项, the one after it the standard, a field starting N、 the
    服务大项, one before that the 服务类别, any other before the sub-item the 服务要求."""
    with open(rs.SEED, encoding="utf-8") as f:
        lines = [l for l in f.read().split("\n") if "\t" in l]
    rows = []
    for line in lines[1:]:
        fields = [tidy(x) for x in line.split("\t")]
        while len(fields) > 5 and not fields[-1]:
            fields.pop()
        sub = next((i for i, x in enumerate(fields) if LABEL.match(x)), None)
        if sub is None:
            continue
        row = ["", "", "", fields[sub], fields[sub + 1] if sub + 1 < len(fields) else ""]
        before = fields[:sub]
        if sub == 3 and len(before) == 3:
            row[0], row[1], row[2] = before
        else:
            item = next((i for i, x in enumerate(before) if re.match(r"\d+、", x)), None)
            for i, x in enumerate(before):
                if not x:
                    continue
                if item is not None and i == item:
                    row[1] = x
                elif item is not None and i < item:
                    row[0] = x
                else:
                    row[2] = x
        rows.append(row)
    # A merged cell the seed repeats on each row (2、社区团结… three times) is one merged cell.
    for c in range(3):
        for r in range(len(rows) - 1, 0, -1):
            if rows[r][c] and rows[r][c] == rows[r - 1][c]:
                rows[r][c] = ""
    return rows


def sections(rows):
    """Rows grouped by 服务类别 (a non-empty first cell starts a section)."""
    out = []
    for r in rows:
        if r[0] or not out:
            out.append([])
        out[-1].append(r)
    return out


def style001(rows, fullwidth=False, numbered_dunhao=False):
    out = []
    for r in rows:
        r = list(r)
        r[2] = shorten(r[2], 34)
        r[3] = shorten_items(r[3], 30)
        r[4] = shorten(r[4], 80)
        if fullwidth:
            r[3] = fullwidth_labels(r[3])
        if numbered_dunhao:
            r[4] = re.sub(r"(^|\s)(\d)\.\s*", r"\1\2、", r[4])
        out.append(r)
    return out


def seed000_rows():
    """Seed 000's annex, whose dump has one cell per line (texts cut at 50 characters, labels full
    width): rebuilt into 5-column rows by content — N、 starts a 服务大项, （N） a 服务细项, a line after a
    服务大项 is its 服务要求, any other line the standard of the sub-item before it (several join)."""
    with open(SEED000, encoding="utf-8") as f:
        cells = [l.strip() for l in f.read().split("\n")]
    start = cells.index("社区服务类")
    end = next(i for i, c in enumerate(cells) if c.startswith("3、儿童青少年"))
    rows, prev = [], None
    for c in cells[start:end]:
        if not c:
            continue
        if c == "社区服务类":
            rows.append([c, "", "", "", ""]); prev = "cat"
        elif re.match(r"\d+、\D+$", c) and "服务" in c and prev != "sub":
            if rows and not rows[-1][1] and not rows[-1][3]:
                rows[-1][1] = c
            else:
                rows.append(["", c, "", "", ""])
            prev = "item"
        elif LABEL.match(c):
            if rows and not rows[-1][3]:
                rows[-1][3] = c
            else:
                rows.append(["", "", "", c, ""])
            prev = "sub"
        elif prev == "item":
            rows[-1][2] = c; prev = "req"
        elif len(c) >= 30 and not re.search(r"\d", c):  # a 服务要求 of its own (long, no figures)
            rows.append(["", "", c, "", ""]); prev = "req"
        elif prev in ("sub", "std"):
            rows[-1][4] = (rows[-1][4] + " " + c).strip(); prev = "std"
        else:  # a 服务要求 of its own between sub-items
            rows.append(["", "", c, "", ""]); prev = "item"
    for r in rows:
        r[2] = shorten(r[2], 34)
        r[3] = shorten(r[3], 32)
    return [r for r in rows if r[3]]


def seed003_rows():
    """Seed 003's indicator table: blocks of 服务类别, 具体服务内容, then numbered indicators (one
    paragraph each, continuation lines without a tab): one row per indicator, the first two merged."""
    with open(SEED003, encoding="utf-8") as f:
        lines = f.read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.strip() == "服务指标") + 1
    rows, block = [], []
    for l in lines[start:]:
        if l.strip() == "服务类别":
            break  # the table is printed twice in the seed: the first copy only
        if not l.strip():
            if block:
                cat, content, items = block[0], block[1], block[2:]
                for k, it in enumerate(items):
                    rows.append([cat if k == 0 else "", shorten(content, 40) if k == 0 else "", shorten(it, 44)])
            block = []
            continue
        block.append(l.strip())
    return rows


# Characters a Chinese line may not start with (行首禁则, as Word and WPS apply by default); a list
# number's point stays with its number too.
NO_START = set("，。、；：？！）》」』】〕”’%,.;:?!)]}·")


def tokens(text):
    """Characters, but a run of ASCII letters, digits and ()（）%.:/ is one token ((2.1), （2.1）, 100%, 4.1):
    a word processor does not break inside it."""
    return re.findall(r"[A-Za-z0-9()（）%.:/]+|.", text)


def wrap(text, font, width):
    """render_scans.wrap (greedy) by token, with 禁则: a line never starts with closing punctuation; the
    token before it moves down with it (as a word processor lays Chinese out)."""
    lines, cur = [], []
    for tok in tokens(text):
        if font.getlength("".join(cur) + tok) > width and cur:
            if tok[0] in NO_START and len(cur) > 1:
                lines.append("".join(cur[:-1]))
                cur = [cur[-1], tok]
            else:
                lines.append("".join(cur))
                cur = [tok]
        else:
            cur.append(tok)
    if cur:
        lines.append("".join(cur))
    return lines


def layout(rows, header, fractions, pt, dpi=300, title_lines=1):
    """Row heights for `rows` under `header`: (font, px, xs, heights, wrapped) or None."""
    w, h = rs.page_size(dpi)
    px = round(pt / 72 * dpi)
    font = ImageFont.truetype(rs.FONT, px, index=0)
    margin = round(dpi * 0.7)
    usable = w - 2 * margin
    xs = [margin]
    for f in fractions:
        xs.append(xs[-1] + round(usable * f))
    xs[-1] = w - margin
    return font, px, xs, margin


def render_table(rows, title, fractions, pt, dpi=300):
    """A ruled table page (render_scans.render_table_page's drawing, any header, column widths, size).
    Returns (image, ground-truth lines, tsv grid, cells) or None when the rows do not fit on A4."""
    w, h = rs.page_size(dpi)
    font, px, xs, margin = layout(rows, rows[0], fractions, pt, dpi)
    cells = rs.cells_of(rows)
    pad, pitch, wrapped, ys = rs.row_geometry(rows, cells, xs, font, px, margin, wrap_text=wrap)
    if ys[-1] > h - margin:
        return None
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    tf = ImageFont.truetype(rs.FONT, round(px * 1.3), index=0)
    draw.text(((w - tf.getlength(title)) / 2, margin), title, font=tf, fill=0)
    lw = max(2, round(dpi / 100))
    tsv = [["" for _ in rows[0]] for _ in rows]
    for (r, c, span, text) in cells:
        x0, x1, y0, y1 = xs[c], xs[c + 1], ys[r], ys[r + span]
        draw.rectangle([x0, y0, x1, y1], outline=0, width=lw)
        lines = wrapped[(r, c)]
        ty = y0 + (y1 - y0 - pitch * len(lines)) / 2 + px * 0.2
        for line in lines:
            draw.text((x0 + pad, ty), line, font=font, fill=0)
            ty += pitch
        tsv[r][c] = text
    gt = [title] + [text for (r, c, span, text) in cells if text]
    return img, gt, tsv, cells


def paginate(body, header, title, fractions, pt):
    """Splits rows over pages (as many as fit each); a merged cell cut by a page break is printed again
    at the top of the next page. Returns [(image, gt, tsv, cells)]."""
    pages, i = [], 0
    while i < len(body):
        best = None
        for k in range(i + 1, len(body) + 1):
            chunk = [list(r) for r in body[i:k]]
            # Carry merged texts over the break.
            for c in range(len(header)):
                if not chunk[0][c]:
                    for r in range(i - 1, -1, -1):
                        if body[r][c]:
                            chunk[0][c] = body[r][c]
                            break
            got = render_table([header] + chunk, title, fractions, pt)
            if got is None:
                break
            best = (k, got)
        if best is None:
            sys.exit(f"render_holdout_annex: row {i} does not fit on a page")
        i = best[0]
        pages.append(best[1])
    return pages


def save_annex(outdir, stem, page, rng, angle, manifest, label_col, target_col):
    img, gt, tsv, cells = page
    clean, degraded = f"{stem}-clean", f"{stem}-degraded"
    rs.binarize(img).save(os.path.join(outdir, clean + ".png"), dpi=(300, 300), optimize=True)
    deg, _ = rs.degrade(img, rng, angle)
    deg.save(os.path.join(outdir, degraded + ".jpg"), quality=65, dpi=(200, 200))
    for name, file, quality in ((clean, clean + ".png", "clean"), (degraded, degraded + ".jpg", "degraded")):
        rs.write_text(os.path.join(outdir, name + ".txt"), gt)
        with open(os.path.join(outdir, name + ".tsv"), "w", encoding="utf-8") as f:
            f.write("\n".join("\t".join(r) for r in tsv) + "\n")
        with open(os.path.join(outdir, name + ".cells.tsv"), "w", encoding="utf-8") as f:
            f.write("row\tcol\trowspan\ttext\n")
            for (r, c, span, text) in cells:
                f.write(f"{r}\t{c}\t{span}\t{text}\n")
        manifest.append((name, file, "annex", quality, str(label_col), str(target_col)))


# Digits 1-9 permuted (0 kept, so figures keep their length and form); the 大写 numerals the same way.
PERM = dict(zip("123456789", "374918562"))
UPPER = "壹贰叁肆伍陆柒捌玖"
UPERM = {UPPER[int(a) - 1]: UPPER[int(b) - 1] for a, b in PERM.items()}
RENAMES = [("一标段", "二标段"), ("正阳社会工作服务中心", "启明社会工作服务中心"), ("平湖街道", "坂田街道"),
           ("平湖", "坂田")]


def other_values(paras):
    out = []
    for p in paras:
        for a, b in RENAMES:
            p = p.replace(a, b)
        p = "".join(PERM.get(ch, UPERM.get(ch, ch)) for ch in p)
        out.append(p)
    return out


def save_agreement(outdir, tag, pages, seed, angles, manifest):
    rng = random.Random(seed)
    for n, (img, gt) in enumerate(pages, 1):
        stem = f"{tag}-p{n}"
        rs.binarize(img).save(os.path.join(outdir, stem + "-clean.png"), dpi=(300, 300), optimize=True)
        deg, _ = rs.degrade(img, rng, angles[(n - 1) % len(angles)])
        deg.save(os.path.join(outdir, stem + "-degraded.jpg"), quality=65, dpi=(200, 200))
        for q, ext in (("clean", "png"), ("degraded", "jpg")):
            rs.write_text(os.path.join(outdir, f"{stem}-{q}.txt"), gt)
            manifest.append((f"{stem}-{q}", f"{stem}-{q}.{ext}", "agreement", q, "", ""))


def main():
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    manifest = []
    # Annex pages.
    secs = sections(seed001_rows())  # [党员 (corpus/scans), 社区服务类, 社区治理类, 专项服务类, 特色公共服务]
    service = secs[1]
    split = next(i for i, r in enumerate(service) if r[1].startswith("3、"))
    annexes = [
        ("a1", style001(service[:split]), HEADER5, "社区党群服务中心服务指标（调整）", [0.12, 0.15, 0.23, 0.30, 0.20], 10, 101, 3, 4),
        ("a2", style001(service[split:], fullwidth=True), HEADER5, "附件：服务指标（二标段）", [0.11, 0.16, 0.24, 0.29, 0.20], 10, 102, 3, 4),
        ("a3", style001(secs[2]), HEADER5, "社区党群服务中心服务指标", [0.10, 0.14, 0.22, 0.32, 0.22], 9, 103, 3, 4),
        ("a4", style001(secs[3] + secs[4], fullwidth=True, numbered_dunhao=True), HEADER5, "附件：社区服务指标（调整）",
         [0.12, 0.16, 0.22, 0.30, 0.20], 10, 104, 3, 4),
        ("a5", seed000_rows(), HEADER5, "附件：社区党群服务中心服务指标（调整）", [0.12, 0.15, 0.23, 0.30, 0.20], 10, 105, 3, 4),
        ("a6", seed003_rows(), ["服务类别", "具体服务内容", "服务指标"], "项目服务指标", [0.16, 0.38, 0.46], 10, 106, 2, 2),
    ]
    angles = [1.35, -1.6, 0.9, -1.15, 1.7, -0.8, 1.05, -1.45]
    for tag, body, header, title, fractions, pt, seed, label_col, target_col in annexes:
        rng = random.Random(seed)
        pages = paginate(body, header, title, fractions, pt)[:2]
        for n, page in enumerate(pages, 1):
            save_annex(outdir, f"{tag}-p{n}", page, rng, angles[(seed + n) % len(angles)], manifest, label_col, target_col)
    # Agreement pages.
    save_agreement(outdir, "g1", rs.render_text_pages(other_values(rs.seed_parts()[0]), 300, 11), 201, [-1.25, 1.55], manifest)
    import render_holdout as rh
    sources = [
        ("h1", rs.seed_parts()[0], 11, [-1.1, 1.6]),
        ("h2", ["附件"] + rh.paragraphs(SEED003)[:40], 12, [1.7, -1.3]),
        ("h3", ["附件"] + rh.paragraphs(SEED000)[:40], 13, [-1.9, 1.25]),
    ]
    for tag, paras, seed, ang in sources:
        save_agreement(outdir, tag, rs.render_text_pages(paras, 300, 12)[:2], seed, ang, manifest)
    with open(os.path.join(outdir, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("stem\tfile\tkind\tquality\tlabel_col\ttarget_col\n")
        for m in manifest:
            f.write("\t".join(m) + "\n")
    print(f"render_holdout_annex: {len(manifest)} pages in {outdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
