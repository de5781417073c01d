#!/usr/bin/env python3
"""Writes the small hostile / broken fixtures under corpus/hostile/ (each a test in Tests/AccordDocxTests).

    python3 scripts/gen_hostile_corpus.py

Every file is small on disk; the zip bombs only become large when inflated.
"""
import io
import os
import struct
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "corpus", "hostile")
GOOD = os.path.join(ROOT, "corpus", "docx", "001_agreement.docx")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def doc(body):
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'


def package(document, extra=()):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("word/document.xml", document), *extra]:
            zi = zipfile.ZipInfo(name, date_time=(2025, 8, 1, 0, 0, 0)); zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    return buf.getvalue()


def lie_about_size(data, name, size):
    """Rewrites the declared uncompressed size of `name` in both headers (a bomb that lies)."""
    return rewrite_field(data, name, 22, 24, size)


def rewrite_field(data, name, local_offset, central_offset, value):
    """Rewrites one 32-bit field of `name` in its local header and its central directory entry."""
    b = bytearray(data)
    fn = name.encode()
    i = 0
    while True:
        i = b.find(b"PK\x03\x04", i)
        if i < 0:
            break
        n = struct.unpack_from("<H", b, i + 26)[0]
        if bytes(b[i + 30:i + 30 + n]) == fn:
            struct.pack_into("<I", b, i + local_offset, value)
        i += 4
    i = 0
    while True:
        i = b.find(b"PK\x01\x02", i)
        if i < 0:
            break
        n = struct.unpack_from("<H", b, i + 28)[0]
        if bytes(b[i + 46:i + 46 + n]) == fn:
            struct.pack_into("<I", b, i + central_offset, value)
        i += 4
    return bytes(b)


def corrupt_deflate(data, name):
    """Overwrites 64 bytes in the middle of `name`'s compressed data (its headers left as they are)."""
    b = bytearray(data)
    fn = name.encode()
    i = 0
    while (i := b.find(b"PK\x03\x04", i)) >= 0:
        csize, _, n, extra = struct.unpack_from("<IIHH", b, i + 18)
        if bytes(b[i + 30:i + 30 + n]) == fn:
            start = i + 30 + n + extra + csize // 2
            b[start:start + 64] = b"\xff" * 64
            break
        i += 4
    return bytes(b)


def ole(streams):
    """A minimal OLE compound-file look-alike: the magic, then directory names in UTF-16LE."""
    head = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    names = b"".join(s.encode("utf-16-le") + b"\x00\x00" + bytes(128 - 2 * len(s) - 2) for s in ["Root Entry", *streams])
    return head + names + bytes(512)


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {}
    para = "<w:p><w:r><w:t>甲方：深圳市龙岗区平湖街道办事处</w:t></w:r></w:p>"
    # Zip bombs: 64 MiB of zeros-like XML in one entry (ratio ~1000:1), declared honestly, and the same lying about its size.
    filler = "<w:p/>" * (64 * 1024 * 1024 // 6)
    bomb = package(doc(para + filler))
    files["zip_bomb_ratio.docx"] = bomb
    files["zip_bomb_lying_size.docx"] = lie_about_size(bomb, "word/document.xml", 4096)
    # Unsafe entry names next to a good document.
    files["unsafe_paths.docx"] = package(doc(para), extra=[("../../evil.txt", "x"), ("/etc/cron.d/evil", "x"), ("word/../../up.xml", "x")])
    # XXE and billion laughs.
    files["xxe.docx"] = package('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                                f'<w:document {W}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>')
    lol = "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    files["billion_laughs.docx"] = package(f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol0 "lol">{lol}]>'
                                           f'<w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    files["xxe_flat.xml"] = ('<?xml version="1.0"?><!DOCTYPE pkg:package [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]>'
                             '<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">&xxe;</pkg:package>').encode()
    # Malformed XML, deep nesting, truncated ZIP.
    files["malformed_xml.docx"] = package(doc(para)[:-40] + "<w:p><w:r><w:t>broken")
    files["deep_nesting.docx"] = package(doc("<w:sdt><w:sdtContent>" * 5000 + para + "</w:sdtContent></w:sdt>" * 5000))
    good = open(GOOD, "rb").read()
    files["truncated.docx"] = good[: len(good) // 2]
    # A part whose bytes are not the ones stored: its CRC-32 (both headers) does not match.
    files["bad_crc.docx"] = rewrite_field(package(doc(para)), "word/document.xml", 14, 16, 0x1234ABCD)
    # Large parts (inflated 256 KB or more: inflated on a thread of their own while they are
    # parsed): a good one, and the failures above again, each with the same message.
    rows = "".join(f"<w:p><w:r><w:t>服务内容第{i}项：每月不少于{i % 9 + 1}次</w:t></w:r></w:p>" for i in range(6000))
    large = doc(para + rows)
    assert len(large.encode()) > 300_000
    files["large_valid.docx"] = package(large)
    files["large_bad_crc.docx"] = rewrite_field(package(large), "word/document.xml", 14, 16, 0x1234ABCD)
    files["large_lying_size.docx"] = lie_about_size(package(large), "word/document.xml", 300_000)
    half = len(large) // 2
    files["large_malformed_xml.docx"] = package(large[:half] + "<w:p><w:r><w:t>broken</w:p>" + large[half:])
    files["large_doctype_late.docx"] = package('<?xml version="1.0"?><!--' + "x" * 20_000 + '--><!DOCTYPE w:document [<!ENTITY e "e">]>'
                                               + large[len('<?xml version="1.0" encoding="UTF-8"?>'):])
    files["large_corrupt_deflate.docx"] = corrupt_deflate(package(large), "word/document.xml")
    # Encrypted (OLE EncryptedPackage), legacy .doc, a workbook.
    files["encrypted.docx"] = ole(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"])
    files["legacy.doc"] = ole(["WordDocument", "1Table", "\x05SummaryInformation"])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in (("[Content_Types].xml", CT), ("xl/workbook.xml", "<workbook/>")):
            z.writestr(zipfile.ZipInfo(name, date_time=(2025, 8, 1, 0, 0, 0)), data)
    files["workbook.docx"] = buf.getvalue()
    # ZIP-level encryption (general purpose bit 0 set on every entry).
    enc = bytearray(package(doc(para)))
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = 0
        while (i := enc.find(sig, i)) >= 0:
            enc[i + off] |= 1
            i += 4
    files["zip_encrypted_entries.docx"] = bytes(enc)
    # Renamed files: a DOCX named .txt, a text file named .docx.
    files["renamed_docx.txt"] = package(doc(para))
    files["text_renamed.docx"] = "甲方：深圳市龙岗区平湖街道办事处\n乙方：深圳市龙岗区正阳社会工作服务中心\n".encode()
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        print(name, len(data))


if __name__ == "__main__":
    main()
