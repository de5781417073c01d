#!/usr/bin/env python3
"""Held-out degraded pages for OCR experiments (not committed, not used by tests).

The benchmark's degraded pages are two fixed renderings of seed 001; a preprocessing or cleaning change
tuned on them alone may only fit their specks. This renders other pages the same way
(scripts/render_scans.py's layout and degrade(): 200 dpi, rotation, blur 0.7, noise σ 6, 400 specks,
JPEG q65) with other random seeds and angles, and from other text: seed 001 again (new specks) and the
Chinese cell texts of seeds 000 and 003 laid out as paragraphs.

The documented evaluation set is scripts/render_holdout_annex.py (these pages as h1–h3 among its
agreement pages, with ruled annex table pages and ground truth; measured by eval_holdout.py).

Run: /usr/bin/python3 scripts/experiments/render_holdout.py OUTDIR
Writes OUTDIR/h<k>-p<N>.jpg (degraded), OUTDIR/h<k>-p<N>.png (clean, 300 dpi 1-bit), OUTDIR/h<k>-p<N>.txt.
"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import render_scans as rs  # noqa: E402


def paragraphs(seed_file):
    """Chinese lines of a seed (tab-separated cells split, markup and empty cells dropped)."""
    out = []
    with open(seed_file, encoding="utf-8") as f:
        for line in f:
            for cell in line.rstrip("\n").split("\t"):
                cell = cell.strip()
                if cell.startswith("[bookmark") or cell.startswith("#"):
                    cell = cell.split("]", 1)[-1].lstrip("# ").strip()
                han = sum(1 for c in cell if "\u4e00" <= c <= "\u9fff")
                if len(cell) >= 6 and han >= len(cell) / 2:
                    out.append(cell)
    return out


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    seeds = os.path.join(rs.ROOT, "corpus", "seeds")
    sources = [
        ("h1", rs.seed_parts()[0], 11, [-1.1, 1.6]),
        ("h2", ["附件"] + paragraphs(os.path.join(seeds, "003_fec90b3e624f4feb.txt"))[:40], 12, [1.7, -1.3]),
        ("h3", ["附件"] + paragraphs(os.path.join(seeds, "000_77b86f38557a5dc6.txt"))[:40], 13, [-1.9, 1.25]),
    ]
    for tag, paras, seed, angles in sources:
        rng = random.Random(seed)
        for n, (img, gt) in enumerate(rs.render_text_pages(paras, 300, 12)[:2], 1):
            rs.binarize(img).save(os.path.join(outdir, f"{tag}-p{n}.png"), dpi=(300, 300))
            deg, _ = rs.degrade(img, rng, angles[(n - 1) % 2])
            deg.save(os.path.join(outdir, f"{tag}-p{n}.jpg"), quality=65, dpi=(200, 200))
            rs.write_text(os.path.join(outdir, f"{tag}-p{n}.txt"), gt)


if __name__ == "__main__":
    main()
