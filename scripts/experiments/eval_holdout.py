#!/usr/bin/env python3
"""Measures Accord's OCR against the tesseract CLI on the held-out set of scripts/render_holdout_annex.py.

Run:  python3 scripts/experiments/eval_holdout.py HOLDOUT_DIR [--bench PATH] [--only annex|agreement]
          [--quality clean|degraded] [--match SUBSTRING] [--time REPS] [--rows] [--work DIR] [--no-cli]
      (scripts/bench_ocr.sh --holdout HOLDOUT_DIR builds the release bench and runs this with --time 1)
  --bench   accord-ocr-bench (default .build-ocr-release/release/accord-ocr-bench)
  --time N  time N alternating runs of each side, one worker / one process at a time, fastest kept
  --rows    print every indicator row that is not right (ground truth against the reading)
  --no-cli  reuse the CLI's readings from an earlier run (HOLDOUT_DIR/.cli/; they do not change)
Both sides run with OMP_THREAD_LIMIT=1, the same chi_sim traineddata; the CLI as
`tesseract PAGE OUT -l chi_sim --psm 3` (as scripts/bench_ocr.sh). Accord with `--workers 1 --cells`.

CER: edit distance / reference characters, both texts after NFKC with all white space removed (as
accord-ocr-bench cer); per page, and summed over each group (edits / characters).

Rows right (annex pages, Accord only: the CLI has no cells). Defined on the ground-truth grid
(<stem>.cells.tsv) and the table Accord read (<stem>.cells.tsv in the work folder):
  - an indicator row is a grid row r ≥ 1 where a non-empty cell of the label column begins (the
    manifest's label_col: 服务细项 for 5-column annexes, 服务指标 for seed 003's 3-column one);
  - its label is right when the list labels of Accord's cell that begins at (r, label_col) equal the
    ground truth's: all labels in the cell, in order, after NFKC — (1) （1） (4.1) anywhere, and a
    leading 1、 / 1. (so `\\)`, `GD)`, `《2)`, `(\\)` for （1） are wrong; a cell with no label must have none);
  - its targets are right when the target-column cell covering row r (target_col: 专业服务量化标准, or the
    same 服务指标 cell) carries the same targets: the sequence of quantities — an optional ≥ ≤ < >, a
    number (digits, one decimal point) and after it a % or the Han character that follows (the unit: 次
    场 户 …) — after NFKC, white space removed and list numbers (1. 2、 after a non-digit) taken out, so
    `402.走访覆盖率` for `100% 2.走访覆盖率` is wrong. A target cell with no quantity (根据社区实际情况开展)
    must be read exactly (NFKC, white space removed);
  - the row is right when both are. A page whose grid Accord did not find has none right.
"""
import argparse
import os
import re
import resource
import subprocess
import sys
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def norm(s):
    return "".join(ch for ch in unicodedata.normalize("NFKC", s) if not ch.isspace())


def edits(a, b):
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        ai = a[i - 1]
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai != b[j - 1]))
        prev = cur
    return prev[len(b)]


def cer_counts(ref_path, hyp_path):
    ref = norm(open(ref_path, encoding="utf-8").read())
    hyp = norm(open(hyp_path, encoding="utf-8").read()) if os.path.exists(hyp_path) else ""
    return edits(ref, hyp), len(ref)


PAREN_LABEL = re.compile(r"\(\d+(?:\.\d+)?\)")
LEAD_LABEL = re.compile(r"^\d{1,2}[、.](?!\d)")
LIST_NUMBER = re.compile(r"(?:^|(?<=[^\d.]))\d{1,2}[、.](?=\D)")
QUANTITY = re.compile(r"[≥≤<>]?\d+(?:\.\d+)?(?:%|[\u4e00-\u9fff])?")


def labels(text):
    t = norm(text)
    lead = LEAD_LABEL.findall(t)
    return [l.replace("、", ".") for l in lead] + PAREN_LABEL.findall(t)


def targets(text):
    t = norm(text)
    t = PAREN_LABEL.sub("", t)
    t = LIST_NUMBER.sub("", t)
    q = QUANTITY.findall(t)
    return q if q else [t]


def read_cells(path, has_table_col):
    """{(row, col): (rowspan, text)}."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if has_table_col:
                if parts[0] != "0":
                    continue
                parts = parts[1:]
                r, c, span, text = int(parts[0]), int(parts[1]), int(parts[2]), parts[4] if len(parts) > 4 else ""
            else:
                r, c, span, text = int(parts[0]), int(parts[1]), int(parts[2]), parts[3] if len(parts) > 3 else ""
            out[(r, c)] = (span, text)
    return out


def covering(cells, r, c):
    for (cr, cc), (span, text) in cells.items():
        if cc == c and cr <= r < cr + span:
            return text
    return None


def rows_right(gt_path, ocr_path, label_col, target_col, show):
    gt = read_cells(gt_path, False)
    ocr = read_cells(ocr_path, True)
    right = total = 0
    for (r, c), (span, text) in sorted(gt.items()):
        if c != label_col or r < 1 or not text.strip():
            continue
        total += 1
        got = ocr.get((r, c), (1, None))[1]
        gt_target, got_target = covering(gt, r, target_col), covering(ocr, r, target_col)
        ok_label = got is not None and labels(got) == labels(text)
        ok_target = got_target is not None and targets(got_target) == targets(gt_target or "")
        if ok_label and ok_target:
            right += 1
        elif show:
            print(f"    row {r}: label {'ok' if ok_label else 'WRONG'} {labels(text)} ← {got!r}; "
                  f"targets {'ok' if ok_target else 'WRONG'} {targets(gt_target or '')} ← {got_target!r}")
    return right, total


def timed(cmd, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.monotonic() - t0, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("holdout")
    ap.add_argument("--bench", default=os.path.join(ROOT, ".build-ocr-release", "release", "accord-ocr-bench"))
    ap.add_argument("--only", choices=["annex", "agreement"])
    ap.add_argument("--quality", choices=["clean", "degraded"])
    ap.add_argument("--match", default="")
    ap.add_argument("--time", type=int, default=0)
    ap.add_argument("--rows", action="store_true")
    ap.add_argument("--work", default=None)
    ap.add_argument("--no-cli", action="store_true")
    ap.add_argument("--bench-args", default="", help="extra accord-ocr-bench options (space separated)")
    a = ap.parse_args()
    d = a.holdout
    with open(os.path.join(d, "manifest.tsv"), encoding="utf-8") as f:
        next(f)
        pages = [dict(zip(["stem", "file", "kind", "quality", "label_col", "target_col"], l.rstrip("\n").split("\t"))) for l in f]
    pages = [p for p in pages if (not a.only or p["kind"] == a.only) and (not a.quality or p["quality"] == a.quality)
             and a.match in p["stem"]]
    if not pages:
        sys.exit("eval_holdout: no pages selected")
    work = a.work or os.path.join(d, ".accord")
    cli = os.path.join(d, ".cli")
    os.makedirs(work, exist_ok=True)
    os.makedirs(cli, exist_ok=True)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    files = [os.path.join(d, p["file"]) for p in pages]
    acc_cmd = [a.bench, "--workers", "1", "--cells", "--out", work] + a.bench_args.split() + files

    def cli_run():
        for p, f in zip(pages, files):
            subprocess.run(["tesseract", f, os.path.join(cli, p["stem"]), "-l", "chi_sim", "--psm", "3"], env=env,
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    times = {"acc": [], "cli": []}
    for k in range(max(1, a.time)):
        times["acc"].append(timed(acc_cmd, env))
        if not a.no_cli or a.time:
            t0 = time.monotonic(); r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cli_run()
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            times["cli"].append((time.monotonic() - t0, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime))
    groups = {}
    version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    print(f"# Held-out OCR evaluation ({d})\n")
    print(f"{time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}, {os.cpu_count()} cores, {version}, chi_sim; "
          f"CER after NFKC with all white space removed; rows right as defined in scripts/experiments/eval_holdout.py.\n")
    print("```")
    print(f"{'page':<22} {'CLI CER':>16} {'Accord CER':>16}  rows right")
    for p in pages:
        ref = os.path.join(d, p["stem"] + ".txt")
        ce, n = cer_counts(ref, os.path.join(cli, p["stem"] + ".txt"))
        ae, _ = cer_counts(ref, os.path.join(work, p["stem"] + ".txt"))
        g = groups.setdefault((p["kind"], p["quality"]), [0, 0, 0, 0, 0, 0])
        g[0] += ce; g[1] += ae; g[2] += n
        rr = ""
        if p["kind"] == "annex":
            right, total = rows_right(os.path.join(d, p["stem"] + ".cells.tsv"), os.path.join(work, p["stem"] + ".cells.tsv"),
                                      int(p["label_col"]), int(p["target_col"]), False)
            g[3] += right; g[4] += total
            rr = f"{right}/{total}"
        print(f"{p['stem']:<22} {100 * ce / n:6.2f}% ({ce:>4}) {100 * ae / n:6.2f}% ({ae:>4})  {rr}")
        if a.rows and p["kind"] == "annex":
            rows_right(os.path.join(d, p["stem"] + ".cells.tsv"), os.path.join(work, p["stem"] + ".cells.tsv"),
                       int(p["label_col"]), int(p["target_col"]), True)
    print("```")
    print()
    print("| pages | tesseract CLI CER | Accord CER | indicator rows right (Accord) |")
    print("|---|---|---|---|")
    for (kind, quality), (ce, ae, n, right, total, _) in sorted(groups.items()):
        count = sum(1 for p in pages if p["kind"] == kind and p["quality"] == quality)
        rr = f"{right}/{total} ({100 * right / total:.0f}%)" if total else "—"
        print(f"| {kind} {quality} ({count}) | {100 * ce / n:.2f}% ({ce}/{n}) | {100 * ae / n:.2f}% ({ae}/{n}) | {rr} |")
    if a.time:
        acc, cl = min(times["acc"]), min(times["cli"])
        print()
        print(f"Time, {len(pages)} pages, 1 worker / 1 process, fastest of {a.time}: Accord {acc[0]:.2f} s wall ({acc[0] / len(pages):.2f} s/page, "
              f"{acc[1]:.2f} CPU s), CLI {cl[0]:.2f} s wall ({cl[0] / len(pages):.2f} s/page, {cl[1]:.2f} CPU s): "
              f"Accord ÷ CLI {acc[0] / cl[0]:.2f} wall, {acc[1] / cl[1]:.2f} CPU")
    else:
        print(f"\nAccord run: {times['acc'][0][0]:.2f} s wall, {times['acc'][0][1]:.2f} CPU s for {len(pages)} pages")


if __name__ == "__main__":
    main()
