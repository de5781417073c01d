#!/usr/bin/env python3
"""Writes corpus/hostile/messages/: one small file per one-line message Accord gives for input it
cannot read (and a few inputs that look hostile but are read), each asserted exactly through
`accord extract` by Tests/AccordPipelineTests/UnreadableInputTests.swift.

    python3 scripts/gen_message_fixtures.py

Standard library only; the output is the same byte for byte on every run (fixed dates, fixed
document ID, no randomness).
"""
import hashlib
import io
import os
import struct
import zipfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "corpus", "hostile", "messages")
DATE = (2025, 8, 1, 0, 0, 0)


# --- images -------------------------------------------------------------------------------

def png(width, height):
    """A PNG whose header declares width×height (8-bit grey); its one IDAT holds a single row, so
    the file is tiny: Accord must refuse it from the header, before decoding."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 17)) + chunk(b"IEND", b"")


# --- ZIP packages ---------------------------------------------------------------------------

def zip_of(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, date_time=DATE), data)
    return buf.getvalue()


def many_entries(n):
    """A ZIP of n zero-length stored entries with 4-character names (about 80 bytes an entry)."""
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    names = []
    for i in range(n):
        s = ""
        for _ in range(4):
            s = alphabet[i % 36] + s
            i //= 36
        names.append(s)
    return zip_of([(name, b"") for name in names])


# --- OLE compound files ---------------------------------------------------------------------

def ole(streams):
    """As scripts/gen_hostile_corpus.py: the OLE magic, then directory names in UTF-16LE."""
    head = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    names = b"".join(s.encode("utf-16-le") + b"\x00\x00" + bytes(128 - 2 * len(s) - 2) for s in ["Root Entry", *streams])
    return head + names + bytes(512)


# --- PDFs -----------------------------------------------------------------------------------

def pdf(objects, trailer_extra=b""):
    """A PDF from numbered object bodies (1-based), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def stream(data, compress=True):
    body = zlib.compress(data, 9) if compress else data
    return b"<< /Length %d%s >>\nstream\n" % (len(body), b" /Filter /FlateDecode" if compress else b"") + body + b"\nendstream"


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def encrypted_pdf(user=b"secret", owner=b"owner"):
    """A one-page PDF encrypted with the standard security handler (RC4, 40-bit, revision 2) and
    a user password: `pdfinfo -upw secret` opens it, nothing opens it without the password."""
    doc_id = hashlib.md5(b"accord encrypted fixture").digest()
    p = -44  # print, modify, copy, annotate allowed (bits 3-6), as a signed 32-bit integer
    o = rc4(hashlib.md5((owner + PAD)[:32]).digest()[:5], (user + PAD)[:32])
    key = hashlib.md5((user + PAD)[:32] + o + struct.pack("<i", p) + doc_id).digest()[:5]
    u = rc4(key, PAD)

    def obj_key(n):
        return hashlib.md5(key + struct.pack("<I", n)[:3] + b"\x00\x00").digest()[:10]
    content = rc4(obj_key(4), b"BT /F1 24 Tf 72 720 Td (encrypted) Tj ET")
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (o.hex().encode(), u.hex().encode(), p),
    ], trailer_extra=b"/Encrypt 6 0 R /ID [<%s> <%s>] " % (doc_id.hex().encode(), doc_id.hex().encode()))


def no_pages_pdf():
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def slow_render_pdf(strokes=500):
    """One page with no text and 500 strokes 200 pt wide across it: pdfinfo and pdftotext parse it
    in hundredths of a second, pdftoppm takes about 10 s to rasterize it at 300 dpi (PDFReader's
    time limit). Not longer: a pdftoppm that outlives its reader (a test process that ignores
    SIGTERM, a killed worker) then stops on its own soon."""
    ops = b"200 w\n" + b"".join(b"0 %d m 612 %d l S\n" % (i % 792, 792 - i % 792) for i in range(strokes))
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        stream(ops),
    ])


# --- text -----------------------------------------------------------------------------------

# Mostly ASCII (figures, codes, dates), so that UTF-16 without a BOM shows its NUL bytes; no
# character whose low (LE) or high (BE) byte is 0 in the wrong place.
UTF16_TEXT = ("合同编号: LGDL2025000084-A\n"
              "amount: 2690000 -> 2527273\n"
              "date: 2025-07-30 / 2025-08-01\n"
              "period: 2025-08 to 2026-07 (12 months)\n")


def utf16_no_bom(text, le):
    data = text.encode("utf-16-le" if le else "utf-16-be")
    # What Accord's sniffer and decoder look for: every NUL on one side, at least a quarter of the bytes.
    nul_odd = sum(1 for i in range(1, len(data), 2) if data[i] == 0)
    nul_even = sum(1 for i in range(0, len(data), 2) if data[i] == 0)
    assert (nul_even == 0 if le else nul_odd == 0) and 4 * (nul_odd + nul_even) >= len(data), "not detectable"
    return data


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {
        # Images refused from their header: a side past 30,000; a total past 120 M pixels.
        "image_40000x40000.png": png(40000, 40000),
        "image_12000x12000.png": png(12000, 12000),
        # A JPEG of five bytes: its magic and nothing else.
        "jpeg_truncated.jpg": bytes.fromhex("FFD8FFE000"),
        # A PNG signature followed by text: no header to read.
        "png_header_unreadable.png": b"\x89PNG\r\n\x1a\n" + b"this is not an image at all, just text after a PNG signature",
        # ZIP: one entry past the cap of 20,000.
        "zip_20001_entries.docx": many_entries(20_001),
        # ZIP packages of other Office formats.
        "presentation.pptx": zip_of([("[Content_Types].xml", b"<Types/>"), ("ppt/presentation.xml", b"<p:presentation/>")]),
        "opendocument.odt": zip_of([("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<office:document-content/>")]),
        "not_word.zip": zip_of([("readme.txt", b"hello")]),
        # OLE compound files: legacy Excel and PowerPoint, and one of no known kind.
        "workbook.xls": ole(["Workbook", "\x05SummaryInformation"]),
        "presentation.ppt": ole(["PowerPoint Document", "Current User"]),
        "unknown_kind.ole": ole(["Contents"]),
        # HTML whose DOCTYPE carries an internal subset (entity declarations).
        "doctype_internal_subset.html": ('<!DOCTYPE html [<!ENTITY x "甲方">]>\n<html><body><p>&x;：深圳市龙岗区平湖街道办事处</p></body></html>\n').encode(),
        # XML of another vocabulary.
        "other_vocabulary.xml": b'<?xml version="1.0" encoding="UTF-8"?>\n<invoice xmlns="urn:example:invoice"><total>100</total></invoice>\n',
        # PDFs: encrypted with a user password, no pages, not a PDF after its magic, slow to rasterize.
        "encrypted.pdf": encrypted_pdf(),
        "no_pages.pdf": no_pages_pdf(),
        "garbage.pdf": b"%PDF-1.4\n1 0 obj garbage\n",
        "slow_render.pdf": slow_render_pdf(),
        # Text: UTF-16 without a byte-order mark (read), invalid UTF-8 after a UTF-8 BOM, invalid
        # UTF-16 after a UTF-16 BOM (a lone high surrogate), bytes no text encoding decodes, only
        # white space, and lone-CR line ends (classic Mac OS: read, each CR a line end).
        "utf16le_no_bom.txt": utf16_no_bom(UTF16_TEXT, le=True),
        "utf16be_no_bom.txt": utf16_no_bom(UTF16_TEXT, le=False),
        "utf8_bom_invalid.txt": b"\xef\xbb\xbf" + "甲方：深圳市".encode() + b"\xc3\x28 \xff\n",
        "utf16_bom_invalid.txt": b"\xff\xfe" + "甲方".encode("utf-16-le") + b"\x00\xd8" + "x".encode("utf-16-le"),
        "not_text.txt": b"contract amount \xff\xfe\xfd 2690000\n",
        "whitespace_only.txt": b"   \n\t\n  \n",
        "lone_cr.txt": "甲方：深圳市龙岗区平湖街道办事处\r乙方：深圳市龙岗区正阳社会工作服务中心\r\r合同金额：269万元\r".encode(),
    }
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(name, len(data))


if __name__ == "__main__":
    main()
