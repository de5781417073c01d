#!/usr/bin/env python3
"""Fixtures for the review (grouping, reconciliation, merged views), made from corpus files:

  corpus/review/001_agreement.dump50.txt
      corpus/docx/001_agreement.docx dumped as the archives' text dumps are (seed 000's form):
      every body paragraph and every non-empty table cell on a tab-indented line of its own, in
      document order, cut at 50 characters. The same agreement as the DOCX and the 001 scans,
      with the dump's damage (cut clauses, cut cells).

Deterministic: rerunning rewrites the same bytes.  Usage: python3 scripts/gen_review_fixtures.py
"""
import os
import zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WIDTH = 50
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def text_of(p):
    return "".join(t.text or "" for t in p.iter(W + "t")).strip()


def dump_lines(docx):
    with zipfile.ZipFile(docx) as z:
        body = ET.fromstring(z.read("word/document.xml")).find(W + "body")
    lines = []
    for el in body:
        if el.tag == W + "p":
            t = text_of(el)
            if t:
                lines.append(t)
        elif el.tag == W + "tbl":
            for tr in el.iter(W + "tr"):
                for tc in tr.findall(W + "tc"):
                    t = "".join(text_of(p) for p in tc.findall(W + "p"))
                    if t:
                        lines.append(t)
    return ["\t" + l[:WIDTH] for l in lines]


def main():
    out = os.path.join(ROOT, "corpus", "review")
    os.makedirs(out, exist_ok=True)
    lines = dump_lines(os.path.join(ROOT, "corpus", "docx", "001_agreement.docx"))
    with open(os.path.join(out, "001_agreement.dump50.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"gen_review_fixtures: {len(lines)} lines in corpus/review/001_agreement.dump50.txt")


if __name__ == "__main__":
    main()
