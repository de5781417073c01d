#!/usr/bin/env python3
"""Builds the fuzz seed corpora (Fuzz/corpus/<harness>/) from the repository's corpus/.

Run from anywhere: python3 Fuzz/scripts/make-corpus.py. Keeps the total small (< 5 MB): large
files are left out or cut, images are re-encoded small with ImageMagick (`convert`) when present.
"""
import os, re, shutil, subprocess, zipfile, io, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
C = os.path.join(ROOT, "corpus")
OUT = os.path.join(ROOT, "Fuzz", "corpus")
MARK = b"<!--fuzz:part-->"

def dest(h):
    d = os.path.join(OUT, h)
    os.makedirs(d, exist_ok=True)
    return d

def put(h, name, data):
    with open(os.path.join(dest(h), name), "wb") as f:
        f.write(data)

def copy(h, path, name=None, limit=None):
    with open(os.path.join(C, path), "rb") as f:
        data = f.read()
    if limit is not None:
        data = data[:limit]
    put(h, name or os.path.basename(path), data)

def ls(sub, pattern):
    d = os.path.join(C, sub)
    return sorted(os.path.join(sub, n) for n in os.listdir(d) if re.search(pattern, n))

shutil.rmtree(OUT, ignore_errors=True)

# --- text: Markdown, TSV, dumps, OCR layers, UTF-8 / GB18030 / UTF-16; the text breakers.
text = ls("seeds", r"\.txt$") + ls("variants", r"^v\d+.*\.txt$") + ls("variants2", r"\.txt$") \
     + ls("scans", r"\.(txt|tsv)$")
for p in text:
    copy("text", p, p.replace("/", "_"))
for b in ["tsv_lead_range.txt", "tsv_listlabel_overflow.txt", "dump_blank_lines_quadratic.txt",
          "target_han_numeral_quadratic.txt", "budget_quadratic_12k.txt", "dump_vertical_text_join_quadratic.txt"]:
    copy("text", "hostile/breakers/" + b, "breaker_" + b)
put("text", "pipe_table.txt", "# 标题\n\n| 序号 | 项目 | 金额（万元） |\n|---|---|---|\n| 1 | 督导经费 | 5.04 |\n| （一） | 人力 | 234.0384 |\n".encode())
put("text", "dump.txt", "服务指标\n\t序号\n\t指标名称\n\t目标值\n\t1\n\t个案服务\n\t不少于20个\n".encode())

# --- pipeline: the text seeds (read → normalize → repair → check), an HTML and a few
# structured-mode seeds (0x01 + lines; tabs make table rows, # headings).
for p in ls("seeds", r"\.txt$") + ls("variants", r"^v0[0-9].*\.txt$") + ls("variants", r"^v(12|18|24)") + ls("variants2", r"^(o00|r00|r03)"):
    copy("pipeline", p, p.replace("/", "_"))
copy("pipeline", "hostile/breakers/checker-budget-crash.html", "breaker_checker-budget-crash.html")
for b in ["tsv_lead_range.txt", "tsv_listlabel_overflow.txt"]:
    copy("pipeline", "hostile/breakers/" + b, "breaker_" + b)
for p in ls("seeds", r"\.txt$")[:2]:
    with open(os.path.join(C, p), "rb") as f:
        body = f.read().replace(b"|", b"\t")
    put("pipeline", "structured_" + os.path.basename(p), b"\x01" + body)
put("pipeline", "structured_budget.txt", b"\x01" + "# 补充协议\n合同金额：人民币贰佰陆拾玖万元整（¥2690000元）\n预算项目\t金额（元）\t占比\n项目人力费用\t2340384\t87%\n持证社工经费\t1662624\t61.81%\n督导经费\t50400\t1.87%\n合计\t2690000\t100%\n".encode())

# --- html
for p in ["docx/001_agreement.html", "hostile/breakers/checker-budget-crash.html", "hostile/breakers/html_ol_letter_huge.html",
          "hostile/breakers/html_ol_start_overflow.html", "hostile/breakers/html_numbered_line_search_quadratic.html"]:
    copy("html", p)
put("html", "gbk_table.html", '<html><head><meta charset="gb2312"></head><body><h1>服务指标</h1><table><tr><td rowspan="2">1</td><td colspan="2">个案</td></tr><tr><td>不少于20个</td><td>（一）</td></tr></table><ol type="a" start="3"><li>甲方</li><li>乙方</li></ol></body></html>'.encode("gb18030"))

# --- flatopc (and bare w:document)
copy("flatopc", "docx/001_agreement.flat.xml")
copy("flatopc", "hostile/xxe_flat.xml")
with zipfile.ZipFile(os.path.join(C, "docx/003_requirements.docx")) as z:
    put("flatopc", "bare_document_003.xml", z.read("word/document.xml"))

# --- word2003
copy("word2003", "docx/003_requirements.2003.xml")
W03 = "http://schemas.microsoft.com/office/word/2003/wordml"
put("word2003", "small_2003.xml", f'''<?xml version="1.0" encoding="UTF-8"?><w:wordDocument xmlns:w="{W03}" xmlns:wx="http://schemas.microsoft.com/office/word/2003/auxHint"><w:lists><w:listDef w:listDefId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:nfc w:val="37"/><w:lvlText w:val="（%1）"/></w:lvl></w:listDef><w:list w:ilfo="1"><w:ilst w:val="0"/></w:list></w:lists><w:body><w:p><w:pPr><w:listPr><w:ilvl w:val="0"/><w:ilfo w:val="1"/></w:listPr></w:pPr><w:r><w:t>合同金额：人民币壹佰万元整</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:tcPr><w:vmerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>督导经费</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vmerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>5.04万元</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:sectPr><w:hdr w:type="odd"><w:p><w:r><w:t>页眉</w:t></w:r></w:p></w:hdr></w:sectPr></w:body></w:wordDocument>'''.encode())

# --- docx-zip: whole packages, the hostile ZIPs (bombs and all) and the ZIP breaker.
for p in ["docx/001_agreement.docx", "docx/003_requirements.docx", "hostile/breakers/zip_local_header_offset_past_end.docx"] \
        + [p for p in ls("hostile", r"\.(docx|doc|txt)$") if os.path.getsize(os.path.join(C, p)) < 100_000]:
    copy("docx-zip", p, p.replace("/", "_"))

# --- docx-xml: document.xml <!--fuzz:part--> numbering.xml <!--fuzz:part--> styles (only the
# styles the document uses) <!--fuzz:part--> header1.xml.
for name in ["001_agreement", "003_requirements"]:
    with zipfile.ZipFile(os.path.join(C, "docx", name + ".docx")) as z:
        doc = z.read("word/document.xml")
        numbering = z.read("word/numbering.xml") if "word/numbering.xml" in z.namelist() else b""
        styles = z.read("word/styles.xml").decode()
        header = z.read("word/header1.xml") if "word/header1.xml" in z.namelist() else b""
    used = set(re.findall(r'w:pStyle w:val="([^"]+)"', doc.decode()))
    head = styles[:styles.index(">", styles.index("<w:styles")) + 1]
    kept = [s for s in re.findall(r"<w:style [^>]*>.*?</w:style>", styles, re.S)
            if re.search(r'w:styleId="([^"]+)"', s).group(1) in used]
    small_styles = (head + "".join(kept) + "</w:styles>").encode()
    put("docx-xml", name + ".parts.xml", doc + MARK + numbering + MARK + small_styles + (MARK + header if header else b""))
    put("docx-xml", name + ".document.xml", doc)

# --- image: small re-encodings of the scans (PNG, JPEG, TIFF multipage) and the image breakers.
for p in ["scans/001-annex-table.png", "hostile/breakers/ocr_png_1dpi_upscale.png", "hostile/breakers/tiff-endless-pages.tif",
          "hostile/breakers/tiff_multipage_memory_bomb.tif"]:  # ocr_grid_cells_hang.png (310 KB) breaks Tesseract, not the decoders
    copy("image", p, p.replace("/", "_"))
ppm = shutil.which("pdftoppm")
if ppm:
    pdf = os.path.join(C, "scans/001-scan.pdf")
    tmp = os.path.join(dest("image"), "")
    for args, out in [(["-r", "20", "-jpeg", "-jpegopt", "quality=60"], "small"), (["-r", "15", "-png", "-mono"], "small_mono"),
                      (["-r", "15", "-png", "-gray"], "small_gray"), (["-r", "20", "-tiff", "-tiffcompression", "lzw"], "small_lzw"),
                      (["-r", "15", "-tiff", "-tiffcompression", "packbits", "-mono"], "small_packbits"),
                      (["-r", "12", "-tiff", "-tiffcompression", "jpeg"], "small_jpeg")]:
        subprocess.run([ppm, "-f", "1", "-l", "1", "-singlefile"] + args + [pdf, tmp + out], check=True)
else:
    print("pdftoppm (poppler-utils) not found: small image seeds left out", file=sys.stderr)

def tiff(pages):
    """An uncompressed 8-bit grey TIFF (little-endian), one IFD per page: (width, height, dpi)."""
    import struct
    out = bytearray(b"II*\0" + struct.pack("<I", 0))
    prev = 4
    for w, h, dpi in pages:
        pix_at = len(out); out += bytes((x * 7 + y * 3) & 0xFF for y in range(h) for x in range(w))
        res_at = len(out); out += struct.pack("<II", dpi, 1)
        if len(out) % 2: out += b"\0"
        ifd_at = len(out)
        tags = [(256, 3, 1, w), (257, 3, 1, h), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1), (273, 4, 1, pix_at),
                (277, 3, 1, 1), (278, 3, 1, h), (279, 4, 1, w * h), (282, 5, 1, res_at), (283, 5, 1, res_at), (296, 3, 1, 2)]
        out += struct.pack("<H", len(tags))
        for tag, typ, n, v in tags:
            out += struct.pack("<HHI", tag, typ, n) + (struct.pack("<HH", v, 0) if typ == 3 else struct.pack("<I", v))
        out += struct.pack("<I", 0)
        struct.pack_into("<I", out, prev, ifd_at)
        prev = ifd_at + 2 + 12 * len(tags)
    return bytes(out)

put("image", "gray_3pages.tif", tiff([(32, 24, 300), (40, 16, 72), (8, 8, 1)]))

# --- sniff: the first KB of one file of every kind.
for p in ["seeds/000_77b86f38557a5dc6.txt", "variants/v12_gb_clean.txt", "variants/v18_u16_clean.txt", "variants/v24_dump_clean.txt",
          "docx/001_agreement.docx", "docx/001_agreement.flat.xml", "docx/001_agreement.html", "docx/003_requirements.2003.xml",
          "scans/001-annex-table.png", "scans/001-degraded-p1.jpg", "scans/001-clean.tif", "scans/001-scan.pdf",
          "hostile/legacy.doc", "hostile/xxe_flat.xml", "hostile/text_renamed.docx"]:
    copy("sniff", p, p.replace("/", "_"), limit=1024)

total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(OUT) for f in fs)
for h in sorted(os.listdir(OUT)):
    d = os.path.join(OUT, h)
    print(f"{h:12} {len(os.listdir(d)):4} files {sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d)) / 1024:8.0f} KB")
print(f"total {total / 1024 / 1024:.2f} MB")
