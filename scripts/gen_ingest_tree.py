#!/usr/bin/env python3
"""A generated folder tree of N documents for the ingest benchmark and the crash/concurrency checks.

    python3 scripts/gen_ingest_tree.py OUT N [--seed S] [--defects F] [--duplicates F] [--per-folder K]

Documents of seed 001's family (supplementary agreements with their service-indicator annex), made
with the corpus generators' own functions (scripts/gen_variants.py for the values, the wording, the
Markdown, GB18030, UTF-16 and 50-column dump renderings and the annex rows; scripts/gen_docx_corpus.py
for the Word numbering and the annex grid with its vertical merges), but with another seed, more
streets and supplier names, and annexes of several lengths (8 to 65 rows, 65 = the whole 66-line
annex of seed 001). No scans. Formats, per document (seeded): about 46 % Markdown (UTF-8), 14 %
GB18030 + CRLF, 5 % UTF-16LE, 15 % 50-column tab dumps, 20 % DOCX.
A fraction --defects (default 0.1) of the non-dump documents carries one deliberate defect of
gen_variants.DEFECTS (so some records have error findings); --defects 0 gives a tree on which
`accord ingest` must exit 0. A fraction --duplicates (default 0.01) of the files are byte copies of
an earlier file in another folder (ingest should link them, not extract them again).

Layout: OUT/bNN/fNNN/NNNNN_fmt[_defect].ext, --per-folder files per folder (default 100), 10
folders per batch folder. Deterministic for a given (N, seed, options): the same bytes every run
(DOCX zip entries carry a fixed timestamp). The tree is written to OUT.partial and renamed to OUT
when complete; OUT.stamp then records the parameters (the scripts reuse a tree whose stamp matches).
Prints one line: how many files of each format were written, and the time it took.
"""
import argparse
import hashlib
import io
import os
import random
import shutil
import sys
import time
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_variants as gv  # noqa: E402
import gen_docx_corpus as gd  # noqa: E402

# Other names than corpus/variants (which draws from the generator's own lists only).
gv.STREETS = gv.STREETS + ["葵涌", "大鹏", "南澳", "公明", "新桥", "燕罗", "福海", "航城", "清湖", "华富"]
gv.SUPPLIER_NAMES = gv.SUPPLIER_NAMES + ["益民", "仁爱", "善德", "乐群", "安心", "慧众", "百川", "厚德"]

FORMATS = [("md", 46), ("gb", 14), ("u16", 5), ("dump", 15), ("docx", 20)]
EXT = {"md": "md", "gb": "txt", "u16": "txt", "dump": "txt", "docx": "docx"}
ANNEX_SIZES = [8, 20, 40, 65]
CLAUSE = gd.re.compile(r"^([一二三四五六七八九十]+)、")
FIXED_DATE = (2025, 8, 1, 0, 0, 0)


# ---------------------------------------------------------------- DOCX through a skeleton

class DocxSkeleton:
    """python-docx builds one document per annex size, with the annex table (gen_docx_corpus's grid:
    real vMerge continuations and numbering.xml lists) and one placeholder paragraph of each kind
    (Heading 1, Heading 2, chineseCounting clause, plain). Every document then reuses those parts and
    paragraph templates with its own text: the same XML python-docx writes, ~100× faster than
    building each document with python-docx."""

    KINDS = {"h1": "@@H1@@", "h2": "@@H2@@", "clause": "@@CL@@", "p": "@@P@@"}

    def __init__(self, rows):
        header = rows[0]
        grid = [gd.align(list(r)) for r in rows[1:] if any(c.strip() for c in r)]
        d = gd.docx.Document()
        d.styles["Normal"].font.size = gd.Pt(10.5)
        nums = gd.Numbering(d)
        clause = nums.new("cn")
        d.add_heading(self.KINDS["h1"], level=1)
        d.add_heading(self.KINDS["h2"], level=2)
        gd.number(d.add_paragraph(self.KINDS["clause"]), clause)
        d.add_paragraph(self.KINDS["p"])
        d.add_paragraph("@@BODY@@")
        slots = gd.build_grid(grid)
        t = d.add_table(rows=1 + len(slots), cols=5)
        t.style = "Table Grid"
        for c, h in enumerate(header[:5]):
            t.cell(0, c).paragraphs[0].text = h.strip()
        restart = set()
        for r, row in enumerate(slots):
            for c, s in enumerate(row):
                if s[0] == "cont":
                    rr = r - 1
                    while rr >= 0 and slots[rr][c][0] == "cont":
                        rr -= 1
                    restart.add((rr, c))
        cells = t._cells      # t.cell(r, c) recomputes this list each call: quadratic on 65 rows
        for r, row in enumerate(slots):
            for c, s in enumerate(row):
                cell = cells[(r + 1) * 5 + c]
                tcPr = cell._tc.get_or_add_tcPr()
                if s[0] == "cont":
                    tcPr.append(gd.OxmlElement("w:vMerge"))
                    continue
                if (r, c) in restart:
                    v = gd.OxmlElement("w:vMerge"); v.set(gd.qn("w:val"), "restart"); tcPr.append(v)
                if s[0] == "empty":
                    continue
                lists, first = {}, True
                for text, kind, start in s[1]:
                    p = cell.paragraphs[0] if first else cell.add_paragraph()
                    first = False
                    p.text = text
                    if kind:
                        key = (kind, start) if start is not None else kind
                        if key not in lists:
                            lists[key] = nums.new(kind, start if start is not None else 1)
                        gd.number(p, lists[key])
        d.add_paragraph("备注：以上服务指标量根据实际服务需求，甲乙双方协商一致可作相应调整。")
        z = zipfile.ZipFile(io.BytesIO(gd.save(d)))
        self.parts = [(n, z.read(n)) for n in z.namelist()]
        xml = dict(self.parts)["word/document.xml"].decode("utf-8")
        self.templates = {}
        for kind, mark in self.KINDS.items():
            end = xml.index(mark)
            start = max(xml.rfind("<w:p>", 0, end), xml.rfind("<w:p ", 0, end))
            stop = xml.index("</w:p>", end) + len("</w:p>")
            self.templates[kind] = xml[start:stop]
            xml = xml[:start] + xml[stop:]
        i = xml.index("@@BODY@@")
        a = max(xml.rfind("<w:p>", 0, i), xml.rfind("<w:p ", 0, i))
        b = xml.index("</w:p>", i) + len("</w:p>")
        self.head, self.tail = xml[:a], xml[b:]

    def document(self, paras):
        out = [self.head]
        for para in paras:
            if isinstance(para, tuple):
                kind, text = para
            else:
                m = CLAUSE.match(para)
                kind, text = ("clause", para[m.end():]) if m else ("p", para)
            out.append(self.templates[kind].replace(self.KINDS[kind], escape(text)))
        out.append(self.tail)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in self.parts:
                if name == "word/document.xml":
                    data = "".join(out).encode("utf-8")
                z.writestr(zipfile.ZipInfo(name, date_time=FIXED_DATE), data,
                           compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
        return buf.getvalue()


# ---------------------------------------------------------------- text formats

def text_bytes(fmt, paras, rows):
    if fmt == "dump":
        return ("\n".join("\t" + l for l in gv.dump_lines(paras, rows)) + "\n").encode("utf-8")
    text = gv.markdown_text(paras, rows)
    if fmt == "md":
        return text.encode("utf-8")
    if fmt == "gb":
        return text.replace("\n", "\r\n").encode("gb18030")
    return b"\xff\xfe" + text.encode("utf-16-le")


def stamp_of(args):
    h = hashlib.sha256()
    for f in ("gen_ingest_tree.py", "gen_variants.py", "gen_docx_corpus.py"):
        with open(os.path.join(HERE, f), "rb") as fh:
            h.update(fh.read())
    return (f"n={args.n} seed={args.seed} defects={args.defects} duplicates={args.duplicates} "
            f"per_folder={args.per_folder} generators={h.hexdigest()[:16]}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=20260313)
    ap.add_argument("--defects", type=float, default=0.1)
    ap.add_argument("--duplicates", type=float, default=0.01)
    ap.add_argument("--per-folder", type=int, default=100)
    args = ap.parse_args()
    t0 = time.time()
    out = os.path.abspath(args.out.rstrip("/"))
    stamp = stamp_of(args)
    if os.path.isdir(out) and os.path.exists(out + ".stamp") and open(out + ".stamp").read() == stamp:
        print(f"gen_ingest_tree: {out} is up to date ({stamp.strip()})")
        return
    partial = out + ".partial"
    for p in (partial, out):
        if os.path.isdir(p):
            shutil.rmtree(p)
    if os.path.exists(out + ".stamp"):
        os.remove(out + ".stamp")

    rng = random.Random(args.seed)          # values and wording (gen_variants' order of draws)
    pick = random.Random(args.seed + 7)     # format, defect, annex size, duplicates
    extra = random.Random(args.seed + 1)    # the further variants gen_variants draws from its 2nd generator
    all_rows = gv.annex_rows(max(ANNEX_SIZES))
    rows_of = {k: all_rows[:1 + k] for k in ANNEX_SIZES}
    skeletons = {}
    counts = {}
    written = []   # (folder index, path) of files written so far, for duplicates
    names, weights = zip(*FORMATS)
    for i in range(args.n):
        folder = i // args.per_folder
        d = os.path.join(partial, f"b{folder // 10:02d}", f"f{folder:03d}")
        os.makedirs(d, exist_ok=True)
        earlier = folder * args.per_folder      # written[:earlier] lie in earlier folders
        if earlier and pick.random() < args.duplicates:
            src = written[pick.randrange(earlier)][1]
            path = os.path.join(d, f"{i:05d}_copy_of_{os.path.basename(src)}")
            shutil.copyfile(src, path)
            counts["duplicate"] = counts.get("duplicate", 0) + 1
            written.append((folder, path))
            continue
        fmt = pick.choices(names, weights)[0]
        defect = None
        if fmt != "dump" and pick.random() < args.defects:
            defect = gv.DEFECTS[pick.randrange(len(gv.DEFECTS))]
        k = ANNEX_SIZES[pick.randrange(len(ANNEX_SIZES))]
        p = gv.make_params(rng, i, long_original=(fmt == "dump"))
        st = gv.make_style(rng)
        if fmt == "dump":
            st["break_schedule"] = False
        else:
            st["extra"] = {x: True for x in ["renminbi", "pct_fullwidth", "month_pad", "thousands", "single_title"]
                           if extra.random() < 0.3}
        paras, _ = gv.render(p, st, defect)
        if fmt == "docx":
            if k not in skeletons:
                skeletons[k] = DocxSkeleton(rows_of[k])
            data = skeletons[k].document(paras)
        else:
            data = text_bytes(fmt, paras, rows_of[k])
        path = os.path.join(d, f"{i:05d}_{fmt}{'_' + defect if defect else ''}.{EXT[fmt]}")
        with open(path, "wb") as f:
            f.write(data)
        counts[fmt] = counts.get(fmt, 0) + 1
        written.append((folder, path))
    os.rename(partial, out)
    with open(out + ".stamp", "w") as f:
        f.write(stamp)
    summary = ", ".join(f"{counts[k]} {k}" for k in [*names, "duplicate"] if k in counts)
    print(f"gen_ingest_tree: {args.n} files in {out} ({summary}) in {time.time() - t0:.1f} s")


if __name__ == "__main__":
    main()
