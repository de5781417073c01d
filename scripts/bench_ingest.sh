#!/usr/bin/env bash
# Ingest benchmark (issue 13): `accord ingest` of generated trees of text and DOCX documents
# against its floor, `accord extract` of the same tree to /dev/null (ingest adds only storage),
# side by side in one run, release build.
#
#   scripts/bench_ingest.sh                 # N = 1000 and 10000
#   scripts/bench_ingest.sh 1000            # only the 1,000-document tree
#   ROUNDS=5 scripts/bench_ingest.sh 1000   # rounds per N (default 3 for N <= 1000, else 1)
#   SKIP_BUILD=1 SCRATCH=.build-bench scripts/bench_ingest.sh   # reuse the last release build
#
# Per N, the tree is generated once by scripts/gen_ingest_tree.py (cached: out/bench-ingest/tree-N,
# about 80 % text — Markdown, GB18030, UTF-16, 50-column dumps — and 20 % DOCX, 10 % with a
# deliberate defect, 1 % byte copies; no scans). Each round runs in turn: (a) the floor,
# `accord extract TREE > /dev/null`; (b) `accord ingest TREE --db fresh.sqlite --quiet` into a new
# archive; (c) the same ingest again over the unchanged tree. Best wall time of each is kept
# (nanosecond clock around the run), peak RSS is the largest seen (GNU time's %M).
#
# Output per N: one line per step with wall time, documents per second, cores busy ((user+sys) ÷
# wall) and peak RSS; ingest ÷ floor (per round and best ÷ best); re-run ÷ first run in %; the
# summary lines ingest printed. Then one line per target of the issue with "met" or "NOT met":
# ≥ 200 documents/s; ingest ≤ 1.3× the floor; peak RSS about the same at the smallest and largest N
# (here: within 1.25×); an unchanged re-run ≤ 5 % of the first run. Last, `accord-bench sha256`
# (swift-crypto against the old hand-written SHA-256, same bytes, same run) on a sample of the
# tree's DOCX files and on a 10 MB file. On a shared machine the ratios move with the load (the CPU
# steal is printed): run it on an idle one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"
SCRATCH="${SCRATCH:-.build-bench}"
NS=("$@")
[ ${#NS[@]} -gt 0 ] || NS=(1000 10000)
base="$root/out/bench-ingest"
mkdir -p "$base"

# --- benchmark-only tools (not product dependencies) --------------------------------------
if [ ! -x /usr/bin/time ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends time >&2
fi
python3 -c "import docx" 2>/dev/null || python3 -m pip install -q python-docx >&2

# --- Accord, release build ----------------------------------------------------------------
build=(swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH")
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  "${build[@]}" --product accord >&2
  "${build[@]}" --product accord-bench >&2
fi
bin="$("${build[@]}" --show-bin-path)"
accord="$bin/accord"
[ -x "$accord" ] || { echo "bench_ingest: no $accord (build failed?)" >&2; exit 2; }

cpu_ticks() { awk '/^cpu /{ t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $9 }' /proc/stat; }

# One timed run: appends "step wall_s peak_kb cpu_s" to $runs; the command's stdout goes to
# $work/step.out, its stderr to $work/step.err. Exit statuses other than those allowed stop the script.
run_once() { # step, allowed statuses ("0" or "0 1"), command...
  local step="$1" allowed="$2"; shift 2
  local t0 t1 rc=0
  t0=$(date +%s%N)
  /usr/bin/time -f "%M %U %S" -o "$work/time" "$@" >"$work/$step.out" 2>"$work/$step.err" || rc=$?
  t1=$(date +%s%N)
  if ! [[ " $allowed " == *" $rc "* ]]; then
    echo "bench_ingest: $step exited $rc: $*" >&2
    tail -5 "$work/$step.err" >&2
    exit 1
  fi
  read -r kb us ss < <(tail -1 "$work/time")
  echo "$step $(awk "BEGIN { printf \"%.3f %d %.2f\", ($t1 - $t0) / 1e9, $kb, $us + $ss }")" >> "$runs"
}

summary_file="$base/summary.txt"
: > "$summary_file"   # "N step best_s peak_kb"
for n in "${NS[@]}"; do
  tree="$base/tree-$n"
  python3 "$here/gen_ingest_tree.py" "$tree" "$n" >&2
  files=$(find "$tree" -type f | wc -l)
  mb=$(du -sm "$tree" | cut -f1)
  rounds="${ROUNDS:-$([ "$n" -le 1000 ] && echo 3 || echo 1)}"
  work="$base/run-$n"
  rm -rf "$work" && mkdir -p "$work"
  runs="$work/runs"
  : > "$runs"
  read -r total0 steal0 < <(cpu_ticks)
  load0=$(cut -d' ' -f1 /proc/loadavg)
  for r in $(seq "$rounds"); do
    echo "bench_ingest: N=$n round $r/$rounds" >&2
    run_once extract "0" "$accord" extract "$tree"
    rm -f "$work"/fresh.sqlite*
    # exit 1: some documents carry a deliberate defect (error findings); 2 would be an archive error
    run_once ingest "0 1" "$accord" ingest "$tree" --db "$work/fresh.sqlite" --quiet
    cp "$work/ingest.out" "$work/ingest-first.out"
    run_once rerun "0 1" "$accord" ingest "$tree" --db "$work/fresh.sqlite" --quiet
  done
  read -r total1 steal1 < <(cpu_ticks)
  load1=$(cut -d' ' -f1 /proc/loadavg)
  steal=$(awk "BEGIN { d = $total1 - $total0; printf \"%.1f\", (d > 0 ? 100 * ($steal1 - $steal0) / d : 0) }")
  dbmb=$(du -cm "$work"/fresh.sqlite* | tail -1 | cut -f1)

  echo
  echo "N=$n: $files files, $mb MB ($(tail -1 "$tree.stamp" | sed 's/ generators=.*//')); best of $rounds round(s); archive $dbmb MB; CPU steal during the rounds ${steal}%; load average before/after $load0/$load1 (other work on the 2 cores skews the ratios)"
  awk -v n="$files" '{ if (!($1 in best)) { order[++k] = $1; best[$1] = $2; cpu[$1] = $4 }
         if ($2 < best[$1]) { best[$1] = $2; cpu[$1] = $4 }
         if ($3 > mem[$1]) mem[$1] = $3 }
       END { label["extract"] = "extract > /dev/null (floor)"; label["ingest"] = "ingest, fresh archive"
             label["rerun"] = "ingest again, unchanged tree"
             for (i = 1; i <= k; i++) { s = order[i]
               printf "  %-30s %8.3f s  %7.1f documents/s  %4.2f cores busy  peak RSS %7.1f MB\n",
                 label[s], best[s], n / best[s], cpu[s] / best[s], mem[s] / 1024 } }' "$runs"
  awk -v n="$n" '{ if (!($1 in best) || $2 < best[$1]) best[$1] = $2; if ($3 > mem[$1]) mem[$1] = $3 }
       END { for (s in best) print n, s, best[s], mem[s] }' "$runs" >> "$summary_file"
  echo "  ingest ÷ floor, round by round: $(awk '$1 == "extract" { f = $2 } $1 == "ingest" && f > 0 { printf "%s%.2f", (k++ ? ", " : ""), $2 / f }' "$runs")"
  echo "  re-run ÷ first run, round by round: $(awk '$1 == "ingest" { f = $2 } $1 == "rerun" && f > 0 { printf "%s%.1f %%", (k++ ? ", " : ""), 100 * $2 / f }' "$runs")"
  echo "  first run:  $(cat "$work/ingest-first.out")"
  echo "  re-run:     $(cat "$work/rerun.out")"
  if ! grep -qE "(^|[^0-9])0 new" "$work/rerun.out"; then
    echo "  WARNING: the re-run over the unchanged tree did not say \"0 new\"" >&2
  fi
done

# --- targets --------------------------------------------------------------------------------
echo
echo "Targets (issue 13), best times:"
awk -v files_small="${NS[0]}" '
  { t[$1, $2] = $3; m[$1, $2] = $4; if (!($1 in seen)) { seen[$1] = 1; ns[++k] = $1 } }
  function verdict(ok) { return ok ? "met" : "NOT met" }
  END {
    for (i = 1; i <= k; i++) { n = ns[i]
      rate = n / t[n, "ingest"]; ratio = t[n, "ingest"] / t[n, "extract"]; re = 100 * t[n, "rerun"] / t[n, "ingest"]
      printf "  N=%-6d ingest %7.1f documents/s (extract %7.1f)  >= 200/s: %s\n", n, rate, n / t[n, "extract"], verdict(rate >= 200)
      printf "  N=%-6d ingest ÷ floor %.2f×  <= 1.3×: %s\n", n, ratio, verdict(ratio <= 1.3)
      printf "  N=%-6d unchanged re-run %.1f %% of the first run  <= 5 %%: %s\n", n, re, verdict(re <= 5)
    }
    if (k >= 2) { a = ns[1]; b = ns[k]; r = m[b, "ingest"] / m[a, "ingest"]
      printf "  peak RSS of ingest: %.1f MB at N=%d, %.1f MB at N=%d (%.2f×; extract %.2f×)  about the same (within 1.25×): %s\n",
        m[a, "ingest"] / 1024, a, m[b, "ingest"] / 1024, b, r, m[b, "extract"] / m[a, "extract"], verdict(r <= 1.25)
    } else {
      printf "  peak RSS of ingest: %.1f MB at N=%d (run two sizes to compare)\n", m[ns[1], "ingest"] / 1024, ns[1]
    }
  }' "$summary_file"

# --- SHA-256: swift-crypto against the hand-written digest ------------------------------------
bench="$bin/accord-bench"
if [ -x "$bench" ]; then
  big="$base/random-10MB.bin"
  [ -f "$big" ] || python3 -c "import random, sys; sys.stdout.buffer.write(random.Random(13).randbytes(10 << 20))" > "$big"
  mapfile -t sample < <(find "$base/tree-${NS[0]}" -type f -name '*.docx' | sort | head -50)
  echo
  echo "SHA-256 (accord-bench sha256 --rounds 5), ${#sample[@]} DOCX files of tree-${NS[0]}:"
  "$bench" sha256 "${sample[@]}" --rounds 5 | sed 's/^/  /'
  echo "SHA-256, one 10 MB file:"
  "$bench" sha256 "$big" --rounds 5 | sed 's/^/  /'
else
  echo "bench_ingest: no $bench: SHA-256 comparison skipped" >&2
fi
