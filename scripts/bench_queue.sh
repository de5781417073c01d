#!/usr/bin/env bash
# The PostgreSQL queue's own ceiling and a real worker's time per document (issue 19), on a
# throwaway cluster on this machine (scripts/pg-cluster.sh), with the release build.
#  1. Ceiling: JOBS tiny files queued, then drained by P worker processes × T threads each with
#     `accord worker --no-extract` (claim, fetch the bytes, store a reading, complete: every
#     database step of a job, no reading), for several P×T; jobs per second = JOBS / wall time.
#     a: the reading stored is "not read" (the queue alone); b: --sample seed 001, a real document's
#     record, text and search index written at every completion (what a real worker writes).
#     The workers run on this machine too, beside the server, sharing its cores.
#  2. Real workers on scans (corpus/scans: PNG, JPEG, TIFF, PDF; OCR with OMP_THREAD_LIMIT=1):
#     1 worker process, then 2, each --jobs 1; documents per second, the 2/1 ratio, and the
#     seconds each job spent waiting for the database (from the workers' summaries).
#  3. The estimate: worker machines one PostgreSQL serves = ceiling ÷ (documents/s of one machine).
#  4. Search: the archive's character-pair index against pg_trgm and a plain scan
#     (scripts/bench_search.sql, on the readings of corpus/seeds, variants, variants2, docx copied 60 times).
# Usage: scripts/bench_queue.sh   (env: JOBS=3000, SCAN_COPIES=2, SCRATCH=.build, CONFIGS="1x1 1x4 2x4 4x8 8x8",
#        PARTS="1 2 3 4": which parts to run; 3 needs 1 and 2)
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS="${JOBS:-3000}"
SCAN_COPIES="${SCAN_COPIES:-2}"
SCRATCH="${SCRATCH:-.build}"
CONFIGS="${CONFIGS:-1x1 1x4 2x4 4x8 8x8}"
PARTS="${PARTS:-1 2 3 4}"
part() { [[ " $PARTS " == *" $1 "* ]]; }
scripts/setup.sh
swift build -c release --scratch-path "$SCRATCH" --product accord >&2
bin="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/accord"
export OMP_THREAD_LIMIT=1
work="$(mktemp -d "${TMPDIR:-/tmp}/accord-bench-queue.XXXXXX")"
# The cluster's folder of its own (the postgres user must reach it: not inside $work, which is root's alone).
pgdir="$(mktemp -d "${TMPDIR:-/tmp}/accord-bench-pg.XXXXXX")"
trap 'scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
base="$(scripts/pg-cluster.sh start "$pgdir")"
port="$(sed -E 's|.*:([0-9]+)/.*|\1|' <<<"$base")"
newdb() { # a fresh database: its URL
  local name="bench_$1_$RANDOM$RANDOM"
  psql -q -h 127.0.0.1 -p "$port" -U accord -d accord -c "CREATE DATABASE $name" >/dev/null
  echo "postgres://accord@127.0.0.1:$port/$name?sslmode=disable"
}
now() { date +%s.%N; }

echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); PostgreSQL $(psql --version | awk '{print $3}') on this machine; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# 1. The ceiling.
mkdir -p "$work/tiny"
python3 - "$work/tiny" "$JOBS" <<'PY'
import sys, os
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    with open(os.path.join(d, f"t{i:06d}.txt"), "w") as f:
        f.write(f"合同 {i}\n")
PY
ceiling() { # LABEL, extra worker arguments...: drains JOBS tiny jobs with each of CONFIGS; sets $best (jobs/s)
  local label="$1"; shift
  echo
  echo "1$label. queue ceiling: $JOBS jobs, accord worker --no-extract $* (claim + fetch + store + complete per job)"
  printf '%-10s %8s %10s %10s\n' workers wall_s jobs_per_s db_ms/job
  best=0
  for c in $CONFIGS; do
    local p="${c%x*}" t="${c#*x}" url t0 t1 pids=() done_jobs dbs r
    url="$(newdb ceiling)"
    "$bin" enqueue --db "$url" --quiet "$work/tiny"
    t0="$(now)"
    for i in $(seq "$p"); do
      "$bin" worker --db "$url" --no-extract "$@" --quiet --until-empty --poll 0.05 --jobs "$t" --name "b$i" >"$work/ceil-$label-$c-$i.out" 2>&1 &
      pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
    t1="$(now)"
    done_jobs="$(psql -tA -h 127.0.0.1 -p "$port" -U accord -d "$(sed -E 's|.*/([^?]+)\?.*|\1|' <<<"$url")" -c "SELECT count(*) FROM job WHERE state = 'done'")"
    [ "$done_jobs" = "$JOBS" ] || { echo "bench: only $done_jobs of $JOBS jobs done with $c" >&2; exit 1; }
    dbs="$(cat "$work"/ceil-"$label"-"$c"-*.out | sed -nE 's/.*waiting for the database ([0-9.]+) s.*/\1/p' | awk '{s+=$1} END {print s}')"
    awk -v c="$p×$t" -v a="$t0" -v b="$t1" -v n="$JOBS" -v d="$dbs" 'BEGIN { w=b-a; printf "%-10s %8.2f %10.0f %10.2f\n", c, w, n/w, 1000*d/n }'
    r="$(awk -v a="$t0" -v b="$t1" -v n="$JOBS" 'BEGIN { printf "%d", n/(b-a) }')"
    if [ "$r" -gt "$best" ]; then best="$r"; fi
  done
  echo "ceiling$label: $best jobs/s"
}
# a: the queue alone ("not read" readings); b: each completion writes a real document's reading
# (seed 001: its record, text and search index), as a real worker's does.
if part 1; then
  ceiling a
  ceiling_light="$best"
  ceiling b --sample corpus/seeds/001_08ce58bb254aa3f5.txt
  ceiling_real="$best"
fi

# 2. Real workers on scans.
if part 2; then
mkdir -p "$work/scans"
n=0
for copy in $(seq "$SCAN_COPIES"); do
  for f in corpus/scans/*.png corpus/scans/*.jpg corpus/scans/*.tif corpus/scans/*.pdf; do
    # Each copy its own content (a byte after the image's end, which readers ignore): read, not linked.
    ext="${f##*.}"; cp "$f" "$work/scans/c$copy-$(basename "$f" ".$ext").$ext"; printf '%s' "$copy" >> "$work/scans/c$copy-$(basename "$f" ".$ext").$ext"
    n=$((n + 1))
  done
done
echo
echo "2. real workers: $n scanned documents (corpus/scans × $SCAN_COPIES), OMP_THREAD_LIMIT=1"
printf '%-8s %8s %8s %8s %10s %12s\n' workers wall_s docs pages docs_per_s db_ms/doc
declare -A rate
for w in 1 2; do
  url="$(newdb scans)"
  "$bin" enqueue --db "$url" --quiet "$work/scans"
  t0="$(now)"
  pids=()
  for i in $(seq "$w"); do
    "$bin" worker --db "$url" --quiet --until-empty --poll 0.2 --jobs 1 --name "s$i" >"$work/scan-$w-$i.out" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  t1="$(now)"
  docs="$(cat "$work"/scan-"$w"-*.out | sed -nE 's/.*: ([0-9]+) jobs done.*/\1/p' | awk '{s+=$1} END {print s}')"
  pages="$(cat "$work"/scan-"$w"-*.out | sed -nE 's/.* ([0-9]+) pages, in.*/\1/p' | awk '{s+=$1} END {print s}')"
  dbs="$(cat "$work"/scan-"$w"-*.out | sed -nE 's/.*waiting for the database ([0-9.]+) s.*/\1/p' | awk '{s+=$1} END {print s}')"
  rate[$w]="$(awk -v a="$t0" -v b="$t1" -v n="$docs" 'BEGIN { printf "%.4f", n/(b-a) }')"
  awk -v w="$w" -v a="$t0" -v b="$t1" -v n="$docs" -v p="$pages" -v d="$dbs" \
    'BEGIN { printf "%-8s %8.1f %8d %8d %10.3f %12.1f\n", w, b-a, n, p, n/(b-a), 1000*d/n }'
done
ratio="$(awk -v a="${rate[1]}" -v b="${rate[2]}" 'BEGIN { printf "%.2f", b/a }')"
echo "2 workers / 1 worker: ${ratio}x (2 cores)"
fi

# 3. The estimate.
if part 1 && part 2 && part 3; then
echo
awk -v cl="$ceiling_light" -v c="$ceiling_real" -v r1="${rate[1]}" -v r2="${rate[2]}" 'BEGIN {
  m = (r2 > 2 * r1) ? r2 : 2 * r1
  printf "3. one worker (one core) reads %.3f scanned documents/s (%.2f s each); measured 2 workers here: %.3f/s.\n", r1, 1/r1, r2
  printf "   a 2-core worker machine at 2 workers x %.3f/s = %.3f docs/s (the better of 2 x one worker and the measured pair).\n", r1, m
  printf "   ceiling with real readings %d jobs/s / %.3f = about %d such machines (%d worker cores) before PostgreSQL is the bottleneck\n", c, m, c/m, 2*c/m
  printf "   (the queue alone, %d jobs/s: about %d machines).\n", cl, cl/m
}'
fi

# 4. Search.
part 4 || exit 0
echo
echo "4. search: character-pair GIN index (the archive's) vs pg_trgm vs a plain scan; best of 3, ms"
url="$(newdb search)"
"$bin" ingest --db "$url" --quiet corpus/seeds corpus/variants corpus/variants2 corpus/docx >/dev/null 2>&1 || true
psql -q -h 127.0.0.1 -p "$port" -U accord -d "$(sed -E 's|.*/([^?]+)\?.*|\1|' <<<"$url")" -v copies=60 -f scripts/bench_search.sql 2>&1 | grep -v NOTICE
