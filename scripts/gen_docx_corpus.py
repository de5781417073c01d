#!/usr/bin/env python3
"""Builds Word versions of the seed agreements the way the government originals are made.

    python3 scripts/gen_docx_corpus.py            # writes corpus/docx/
    python3 scripts/gen_docx_corpus.py --big N    # also a large DOCX (annex repeated N times) for the benchmark

From the seeds' TEXT only:
- 001 (Markdown + annex TSV) -> corpus/docx/001_agreement.docx, plus a Flat OPC export
  (001_agreement.flat.xml, Word's "Save as XML") and an HTML export (001_agreement.html, GBK bytes
  under a gb2312 meta charset, as Word's Chinese "Save as Web Page" writes).
  Headings "#"/"##" become Heading 1/2; clauses 一、…六、 become a chineseCounting list ("%1、");
  the annex is ONE Word table: an empty leading TSV cell (or a gap left of a filled one) means
  "merged with the cell above" and becomes a real w:vMerge continuation; <p> fragments, "(1)… (2)…"
  sub-items and runs of 2+ spaces become several w:p in one cell; "1、…" service items and
  "1. … 2. …" standards become list paragraphs whose labels exist only in numbering.xml
  (each cell its own w:num with a startOverride, so numbers are exactly the text's).
- 003 (DOCX text extract) -> corpus/docx/003_requirements.docx and a Word 2003 XML
  (003_requirements.2003.xml): the paragraph 服务要求, the heading paragraph
  采购包2.乐至县天池街道仙鹤观社区, then two 3-column tables (one per 采购包) whose 服务指标
  lines "1.…" are a decimal list ("%1.") restarted in each cell.

Row alignment for 001's short TSV rows follows the text reader's reading (cells placed by what
they hold: category, numbered service item, requirement, "(n)" sub-item, standard), so the DOCX
and the text describe the same grid. python-docx is used here only, never in the product.
"""
import base64
import copy
import io
import os
import re
import sys
import zipfile
from xml.sax.saxutils import escape

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "corpus", "seeds")
OUT = os.path.join(ROOT, "corpus", "docx")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CATEGORIES = {"社区党员服务", "社区服务类", "社区治理类", "专项服务类", "特色公共服务"}
SUBITEM = re.compile(r"^\s*(<p>)?\s*\(\s*\d")
ITEM = re.compile(r"^(\d+)、")


# ---------------------------------------------------------------- numbering

class Numbering:
    """abstractNum definitions and one w:num per list instance, written into numbering.xml."""

    FORMATS = {"dec": ("decimal", "%1."), "dun": ("decimal", "%1、"), "cn": ("chineseCounting", "%1、")}

    def __init__(self, document):
        self.root = document.part.numbering_part.element
        for child in list(self.root):
            self.root.remove(child)
        self.abstract = {}
        for i, (key, (fmt, text)) in enumerate(self.FORMATS.items()):
            a = OxmlElement("w:abstractNum")
            a.set(qn("w:abstractNumId"), str(10 + i))
            mlt = OxmlElement("w:multiLevelType"); mlt.set(qn("w:val"), "singleLevel"); a.append(mlt)
            lvl = OxmlElement("w:lvl"); lvl.set(qn("w:ilvl"), "0")
            for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:suff", "nothing"), ("w:lvlText", text), ("w:lvlJc", "left")):
                e = OxmlElement(tag); e.set(qn("w:val"), val); lvl.append(e)
            a.append(lvl)
            self.root.append(a)
            self.abstract[key] = 10 + i
        self.next_id = 1

    def new(self, key, start=None):
        num = OxmlElement("w:num"); num.set(qn("w:numId"), str(self.next_id))
        an = OxmlElement("w:abstractNumId"); an.set(qn("w:val"), str(self.abstract[key])); num.append(an)
        if start is not None:
            ov = OxmlElement("w:lvlOverride"); ov.set(qn("w:ilvl"), "0")
            so = OxmlElement("w:startOverride"); so.set(qn("w:val"), str(start)); ov.append(so)
            num.append(ov)
        self.root.append(num)
        self.next_id += 1
        return self.next_id - 1


def number(paragraph, num_id):
    pPr = paragraph._p.get_or_add_pPr()
    numPr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl"); ilvl.set(qn("w:val"), "0"); numPr.append(ilvl)
    nid = OxmlElement("w:numId"); nid.set(qn("w:val"), str(num_id)); numPr.append(nid)
    pPr.insert(0, numPr) if pPr.find(qn("w:pStyle")) is None else pPr.find(qn("w:pStyle")).addnext(numPr)


# ---------------------------------------------------------------- cell text -> paragraphs

def split_numbered(text, sep):
    """'1. a 2. b' -> ['a', 'b'] when the numbers run 1, 2, … ; else None."""
    pat = re.compile(r"(?:^|(?<=\s))(\d+)" + re.escape(sep) + r"\s*")
    hits = [m for m in pat.finditer(text)]
    seq, expect = [], 1
    for m in hits:
        if int(m.group(1)) == expect:
            seq.append(m); expect += 1
    if not seq or seq[0].start() != 0:
        return None
    items = []
    for i, m in enumerate(seq):
        end = seq[i + 1].start() if i + 1 < len(seq) else len(text)
        items.append(text[m.end():end].strip())
    return items


def cell_paragraphs(raw):
    """A TSV cell -> list of (text, list_kind or None, start). <p> fragments, runs of 2+ spaces and
    "(n)" sub-items each start a paragraph; numbered standards become list paragraphs."""
    text = raw.strip()
    pieces = [p for p in re.split(r"</?p>", text) if p.strip()] if "<p>" in text else [text]
    out = []
    for piece in pieces:
        chunks = [c.strip() for c in re.split(r" {2,}", piece.strip()) if c.strip()]
        for chunk in chunks:
            if len(chunks) > 1 and split_numbered(chunk, ".") and len(split_numbered(chunk, ".")) > 1:
                # A typed "1. … 2. …" run sharing its cell with another paragraph: the original
                # kept it as one typed paragraph (the text shows it on one line), so do we.
                out.append((chunk, None, None))
                continue
            for sep, kind in ((".", "dec"), ("、", "dun")):
                items = split_numbered(chunk, sep)
                if items and (len(items) > 1 or not ITEM.match(chunk)):
                    out += [(it, kind, None) for it in items if it]
                    break
            else:
                m = ITEM.match(chunk)
                if m and len(chunk) <= 40:
                    out.append((chunk[m.end():].strip(), "dun", int(m.group(1))))
                    continue
                # "(1) … (2) …" sub-items in one line
                subs = re.split(r"\s+(?=\(\s*\d+(?:\.\d+)?\s*\)\s)", chunk)
                out += [(s.strip(), None, None) for s in subs if s.strip()]
    return out


def role(text):
    t = text.strip()
    if t in CATEGORIES:
        return 0
    if SUBITEM.match(t):
        return 3
    if ITEM.match(t) and len(t) <= 40:
        return 1
    return None


def align(fields):
    """Columns for a TSV row's fields: full rows in order; short rows by what the cells hold."""
    while fields and not fields[-1].strip():
        fields.pop()
    lead = 0
    while lead < len(fields) and not fields[lead].strip():
        lead += 1
    body = fields[lead:]
    if lead + len(body) == 5:
        return {lead + i: f for i, f in enumerate(body) if f.strip()}
    cols, sub = {}, None
    for i, f in enumerate(body):
        if role(f) == 3:
            sub = i
            break
    if sub is None:
        return {lead + i: f for i, f in enumerate(body) if f.strip()}
    cols[3] = body[sub]
    for j, f in enumerate(body[sub + 1:]):
        cols[4 + j] = f
    c = 3
    for f in reversed(body[:sub]):
        r = role(f)
        c = r if r is not None and r < c else c - 1
        cols[max(c, 0)] = f
    return {k: v for k, v in cols.items() if v.strip() and k < 5}


# ---------------------------------------------------------------- 001

def read_001():
    lines = open(os.path.join(SEEDS, "001_08ce58bb254aa3f5.txt"), encoding="utf-8").read().split("\n")
    h = next(i for i, l in enumerate(lines) if l.startswith("服务类别\t"))
    before = [l for l in lines[:h] if l.strip()]
    rows, k = [], h
    while k < len(lines) and ("\t" in lines[k] or not lines[k].strip()):
        if "\t" in lines[k]:
            rows.append(lines[k].split("\t"))
        k += 1
    after = [l for l in lines[k:] if l.strip()]
    header = rows[0]
    grid = [align(list(r)) for r in rows[1:]]
    return before, header, grid, after


def build_grid(grid):
    """-> list of rows of slots: ('cell', paragraphs) | ('cont',) | ('empty',)."""
    out = []
    for cols in grid:
        last = max(cols) if cols else -1
        row = []
        for c in range(5):
            if c in cols:
                row.append(("cell", cell_paragraphs(cols[c])))
            elif c < last and out and not any(k < c for k in cols):
                # Columns are a hierarchy: a slot continues the cell above only while every
                # column to its left continues too (the same rule as Accord's text reader).
                row.append(("cont",))
            else:
                row.append(("empty",))
        out.append(row)
    return out


def style_cell(cell):
    tcPr = cell._tc.get_or_add_tcPr()
    return tcPr


def gen_001():
    before, header, grid, after = read_001()
    d = docx.Document()
    d.styles["Normal"].font.size = Pt(10.5)
    nums = Numbering(d)
    clause = nums.new("cn")
    for l in before:
        if l.startswith("## "):
            d.add_heading(l[3:].strip(), level=2)
        elif l.startswith("# "):
            d.add_heading(l[2:].strip(), level=1)
        else:
            m = re.match(r"^([一二三四五六七八九十]+)、", l)
            if m:
                p = d.add_paragraph(l[m.end():])
                number(p, clause)
            else:
                d.add_paragraph(l)
    slots = build_grid(grid)
    t = d.add_table(rows=1 + len(slots), cols=5)
    t.style = "Table Grid"
    for c, h in enumerate(header[:5]):
        t.cell(0, c).paragraphs[0].text = h.strip()
    # Origins of vertical merges, so the first cell of a run gets vMerge restart.
    restart = set()
    for r, row in enumerate(slots):
        for c, s in enumerate(row):
            if s[0] == "cont":
                rr = r - 1
                while rr >= 0 and slots[rr][c][0] == "cont":
                    rr -= 1
                restart.add((rr, c))
    for r, row in enumerate(slots):
        for c, s in enumerate(row):
            cell = t.cell(r + 1, c)
            tcPr = cell._tc.get_or_add_tcPr()
            if s[0] == "cont":
                tcPr.append(OxmlElement("w:vMerge"))
                continue
            if (r, c) in restart:
                v = OxmlElement("w:vMerge"); v.set(qn("w:val"), "restart"); tcPr.append(v)
            if s[0] == "empty":
                continue
            lists = {}
            first = True
            for text, kind, start in s[1]:
                p = cell.paragraphs[0] if first else cell.add_paragraph()
                first = False
                p.text = text
                if kind:
                    key = (kind, start) if start is not None else kind
                    if key not in lists:
                        lists[key] = nums.new(kind, start if start is not None else 1)
                    number(p, lists[key])
    for l in after:
        d.add_paragraph(l)
    sec = d.sections[0]
    sec.header.paragraphs[0].text = "平湖街道社区党群服务中心社会工作服务项目补充协议"
    sec.footer.paragraphs[0].text = "第 1 页"
    return d, header, slots


# ---------------------------------------------------------------- 003

def read_003():
    text = open(os.path.join(SEEDS, "003_fec90b3e624f4feb.txt"), encoding="utf-8").read()
    lines = [re.sub(r"\[bookmark: [^\]]*\]", "", l) for l in text.split("\n")]
    intro = [lines[0].strip(), lines[1].strip()]
    tables, rows, row, cell = [], [], [], None
    for l in lines[2:]:
        if l.startswith("\t"):
            if cell is not None:
                row.append(cell)
            cell = [l[1:]]
            if l[1:].strip() == "服务类别" and rows:
                # a new header: the previous table ends (its last row first)
                tables.append(rows); rows = []
        elif not l.strip():
            if cell is not None:
                row.append(cell); cell = None
            if row:
                rows.append(row); row = []
        else:
            cell.append(l)
    if cell is not None:
        row.append(cell)
    if row:
        rows.append(row)
    tables.append(rows)
    return intro, tables


def gen_003():
    intro, tables = read_003()
    d = docx.Document()
    nums = Numbering(d)
    d.add_paragraph(intro[0])
    d.add_paragraph(intro[1])
    for rows in tables:
        t = d.add_table(rows=len(rows), cols=3)
        t.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, lines in enumerate(row[:3]):
                cell = t.cell(r, c)
                num = None
                for i, line in enumerate(lines):
                    p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    m = re.match(r"^(\d+)\.", line)
                    if m and c == 2:
                        if num is None:
                            num = nums.new("dec", int(m.group(1)))
                        p.text = line[m.end():]
                        number(p, num)
                    else:
                        p.text = line
        d.add_paragraph("")
    return d, intro, tables


# ---------------------------------------------------------------- exports

def flat_opc(docx_bytes):
    """Word's "Save as XML": every part inline in pkg:package."""
    z = zipfile.ZipFile(io.BytesIO(docx_bytes))
    out = ['<?xml version="1.0" standalone="yes"?>', '<?mso-application progid="Word.Document"?>',
           '<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">']
    ct = z.read("[Content_Types].xml").decode("utf-8")
    overrides = dict(re.findall(r'PartName="([^"]+)" ContentType="([^"]+)"', ct))
    defaults = dict(re.findall(r'Extension="([^"]+)" ContentType="([^"]+)"', ct))
    for name in z.namelist():
        if name == "[Content_Types].xml" or name.endswith("stylesWithEffects.xml"):
            continue
        ctype = overrides.get("/" + name) or defaults.get(name.rsplit(".", 1)[-1], "application/octet-stream")
        data = z.read(name)
        if name.endswith(".xml") or name.endswith(".rels"):
            xml = re.sub(r"^<\?xml[^>]*\?>\s*", "", data.decode("utf-8"))
            out.append(f'<pkg:part pkg:name="/{name}" pkg:contentType="{ctype}"><pkg:xmlData>{xml}</pkg:xmlData></pkg:part>')
        else:
            out.append(f'<pkg:part pkg:name="/{name}" pkg:contentType="{ctype}" pkg:compression="store"><pkg:binaryData>'
                       + base64.b64encode(data).decode() + "</pkg:binaryData></pkg:part>")
    out.append("</pkg:package>")
    return "\n".join(out).encode("utf-8")


def html_001(before, header, slots, after):
    """Word's Chinese "Save as Web Page": labels written as text, merged cells as rowspan."""
    def p(t):
        return f"<p class=MsoNormal>{escape(t)}</p>"
    parts = ['<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">',
             '<head><meta http-equiv=Content-Type content="text/html; charset=gb2312"><title>补充协议</title>',
             "<style>p.MsoNormal{margin:0}</style></head><body lang=ZH-CN><div class=WordSection1>"]
    for l in before:
        if l.startswith("## "):
            parts.append(f"<h2>{escape(l[3:].strip())}</h2>")
        elif l.startswith("# "):
            parts.append(f"<h1>{escape(l[2:].strip())}</h1>")
        else:
            parts.append(p(l))
    parts.append('<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>')
    parts.append("<tr>" + "".join(f"<td>{p(h.strip())}</td>" for h in header[:5]) + "</tr>")
    for r, row in enumerate(slots):
        parts.append("<tr>")
        for c, s in enumerate(row):
            if s[0] == "cont":
                continue
            span = 1
            while r + span < len(slots) and slots[r + span][c][0] == "cont":
                span += 1
            attr = f" rowspan={span}" if span > 1 else ""
            body = ""
            if s[0] == "cell":
                counters = {}
                for text, kind, start in s[1]:
                    label = ""
                    if kind:
                        key = (kind, start) if start is not None else kind
                        counters[key] = counters.get(key, (start or 1) - 1) + 1
                        label = f"{counters[key]}{'.' if kind == 'dec' else '、'}"
                    body += p(label + text)
            parts.append(f"<td{attr}>{body or '<p class=MsoNormal>&nbsp;</p>'}</td>")
        parts.append("</tr>")
    parts.append("</table>")
    for l in after:
        parts.append(p(l))
    parts.append("</div></body></html>")
    return "\n".join(parts).encode("gb18030")


def word2003_003(intro, tables):
    """Word 2003 XML (w:wordDocument) of 003, with w:lists and the wx:t labels Word writes."""
    ns = ('xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml" '
          'xmlns:wx="http://schemas.microsoft.com/office/word/2003/auxHint"')
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', '<?mso-application progid="Word.Document"?>',
           f"<w:wordDocument {ns}>", "<w:lists>",
           '<w:listDef w:listDefId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:nfc w:val="0"/><w:lvlText w:val="%1."/><w:suff w:val="Nothing"/></w:lvl></w:listDef>']
    body, ilfo = [], 0
    def para(text, label=None, list_id=None):
        ppr = ""
        if list_id is not None:
            ppr = f'<w:pPr><w:listPr><w:ilvl w:val="0"/><w:ilfo w:val="{list_id}"/><wx:t wx:val="{escape(label)}"/></w:listPr></w:pPr>'
        return f"<w:p>{ppr}<w:r><w:t>{escape(text)}</w:t></w:r></w:p>"
    lists = []
    body += [para(intro[0]), para(intro[1])]
    for rows in tables:
        body.append("<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>")
        for row in rows:
            body.append("<w:tr>")
            for c, lines in enumerate(row[:3]):
                body.append("<w:tc>")
                lid = None
                for line in lines:
                    m = re.match(r"^(\d+)\.", line)
                    if m and c == 2:
                        if lid is None:
                            ilfo += 1; lid = ilfo
                            lists.append(f'<w:list w:ilfo="{lid}"><w:ilst w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="{m.group(1)}"/></w:lvlOverride></w:list>')
                        body.append(para(line[m.end():], f"{m.group(1)}.", lid))
                    else:
                        body.append(para(line))
                body.append("</w:tc>")
            body.append("</w:tr>")
        body.append("</w:tbl>")
    out += lists
    out.append("</w:lists><w:body><wx:sect>")
    out += body
    out.append("</wx:sect></w:body></w:wordDocument>")
    return "\n".join(out).encode("utf-8")


def save(d):
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def normalize_zip(data):
    """Fixed timestamps so the committed files are reproducible."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 8, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, zin.read(info.filename))
    return buf.getvalue()


def big_docx(d, repeat):
    """The 001 DOCX with its annex table body repeated `repeat` times (benchmark input)."""
    body = d.element.body
    tbl = body.find(qn("w:tbl"))
    rows = tbl.findall(qn("w:tr"))[1:]
    for _ in range(repeat - 1):
        for r in rows:
            tbl.append(copy.deepcopy(r))
    return normalize_zip(save(d))


def main():
    os.makedirs(OUT, exist_ok=True)
    d1, header, slots = gen_001()
    b1 = normalize_zip(save(d1))
    open(os.path.join(OUT, "001_agreement.docx"), "wb").write(b1)
    open(os.path.join(OUT, "001_agreement.flat.xml"), "wb").write(flat_opc(b1))
    before, header, grid, after = read_001()
    open(os.path.join(OUT, "001_agreement.html"), "wb").write(html_001(before, header, slots, after))
    d3, intro, tables = gen_003()
    open(os.path.join(OUT, "003_requirements.docx"), "wb").write(normalize_zip(save(d3)))
    open(os.path.join(OUT, "003_requirements.2003.xml"), "wb").write(word2003_003(intro, tables))
    if "--big" in sys.argv:
        n = int(sys.argv[sys.argv.index("--big") + 1])
        target = sys.argv[sys.argv.index("--big") + 2] if len(sys.argv) > sys.argv.index("--big") + 2 else "/tmp/accord-big.docx"
        d, _, _ = gen_001()
        open(target, "wb").write(big_docx(d, n))
        print("wrote", target)
    for f in sorted(os.listdir(OUT)):
        print(f, os.path.getsize(os.path.join(OUT, f)))


if __name__ == "__main__":
    main()
