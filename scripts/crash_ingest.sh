#!/usr/bin/env bash
# Crash and concurrency check of `accord ingest` (issue 13: "kill -9 at any moment, then the same
# command again, ends with every file in exactly once and no half-written record"; "two ingests on
# the same archive at once both finish, with no duplicate and no 'database is locked'").
#
#   scripts/crash_ingest.sh              # N = 1000 files, KILLS = 20
#   scripts/crash_ingest.sh 1000 20
#   SEED=7 CONC_ROUNDS=5 scripts/crash_ingest.sh
#   SKIP_BUILD=1 SCRATCH=.build-bench scripts/crash_ingest.sh   # reuse the last release build
#
# 1. Crash: a generated tree of N documents (scripts/gen_ingest_tree.py, cached under
#    out/crash-ingest/tree-N) plus 3 hostile files of corpus/hostile/ (stored as `failed`). One
#    uninterrupted `accord ingest TREE --db ref.sqlite --quiet` gives the reference and its duration
#    D. Then into crash.sqlite: start the same command, SIGKILL it after a delay drawn uniformly in
#    [0, D] (seeded by SEED), again and again, until KILLS kills have hit a running ingest. Each line
#    prints the delay, the files stored so far and the archive's `PRAGMA integrity_check` right after
#    the kill. Since each run only does what the killed ones left, a run may finish before its delay:
#    that ends a cycle, whose archive is compared with the reference, and the next kills start again
#    on a fresh crash.sqlite (so every counted kill lands during an ingest, over the whole run).
#    After the last kill, the command once more to completion. Every completed archive must equal
#    the reference: `accord list --format json` projected to (path, sha256, status, error) and
#    sorted, equal; `accord export --format jsonl` byte for byte; every path once and exactly the
#    tree's files listed; 3 failed; `PRAGMA integrity_check` = ok.
# 2. Concurrency (CONC_ROUNDS rounds, default 3): a tree of 3 folders A, B, C without broken files or
#    defects; `accord ingest A B` and `accord ingest B C` started at once into one fresh archive. Both
#    must exit 0 with no "locked"/"busy" on standard error; every file of A, B, C listed exactly once
#    and `ok`; the export equal to a one-process ingest of A B C.
# Each check prints "ok: …" or "FAIL: …"; the last line is "crash_ingest: P passed, F failed", and the
# exit status is 1 when any check failed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"
N="${1:-1000}"
KILLS="${2:-20}"
SEED="${SEED:-20260313}"
CONC_ROUNDS="${CONC_ROUNDS:-3}"
SCRATCH="${SCRATCH:-.build-bench}"
base="out/crash-ingest"        # relative paths: the archive stores the paths as given
mkdir -p "$base"

# --- check-only tools (not product dependencies) ------------------------------------------
if ! command -v sqlite3 >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends sqlite3 >&2
fi
python3 -c "import docx" 2>/dev/null || python3 -m pip install -q python-docx >&2

build=(swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH")
[ "${SKIP_BUILD:-0}" = 1 ] || "${build[@]}" --product accord >&2
accord="$("${build[@]}" --show-bin-path)/accord"
[ -x "$accord" ] || { echo "crash_ingest: no $accord (build failed?)" >&2; exit 2; }

passed=0; failed=0
check() { # description, then a command whose success is the check
  local what="$1"; shift
  if "$@"; then passed=$((passed + 1)); echo "ok: $what"
  else failed=$((failed + 1)); echo "FAIL: $what"; fi
}
now() { date +%s%N; }
secs() { awk "BEGIN { printf \"%.3f\", ($2 - $1) / 1e9 }"; }
integrity() { [ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok ]; }
# (path, sha256, status, error) of every listed entry, sorted, one JSON array per line.
projection() { # db → file
  "$accord" list --db "$1" --format json | python3 -c '
import json, sys
entries = json.load(sys.stdin)
rows = sorted([e["path"], e["sha256"], e["status"], e.get("error")] for e in entries)
for r in rows:
    print(json.dumps(r, ensure_ascii=False))
' > "$2"
}
distinct_paths() { cut -d'"' -f2 "$1" | sort -u | wc -l; }
paths_equal_tree() { # projection file, dirs... : the listed paths are exactly the files under dirs
  diff <(python3 -c 'import json,sys; [print(json.loads(l)[0]) for l in open(sys.argv[1])]' "$1" | sort) \
       <(shift; find "$@" -type f -not -name '.*' | sort) > /dev/null
}

# --- 1. crash --------------------------------------------------------------------------------
tree="$base/tree-$N"
python3 "$here/gen_ingest_tree.py" "$tree" "$N" --seed "$SEED" >&2
mkdir -p "$tree/hostile"
cp corpus/hostile/truncated.docx corpus/hostile/encrypted.docx corpus/hostile/legacy.doc "$tree/hostile/"
work="$base/run"
rm -rf "$work" && mkdir -p "$work"
total=$(find "$tree" -type f -not -name '.*' | wc -l)

rc=0; t0=$(now)
"$accord" ingest "$tree" --db "$work/ref.sqlite" --quiet > "$work/ref.out" 2> "$work/ref.err" || rc=$?
t1=$(now); D=$(secs "$t0" "$t1")
echo "reference: $total files in $D s, exit $rc: $(cat "$work/ref.out")"
check "reference ingest exits 1 (3 hostile files failed), not 2 or a signal" [ "$rc" = 1 ]

# Every counted kill must hit a running ingest. Each run goes on from what the killed ones left,
# so runs get shorter: a run that finishes before its delay (drawn in [0, D] like the others) ends a
# cycle; that archive is then compared with the reference and a new cycle starts on a fresh
# crash.sqlite, until KILLS kills have landed. After the last kill, the same command once more to
# completion, and that final archive is compared too.
mapfile -t delays < <(python3 -c "
import random, sys
r = random.Random(int(sys.argv[1]))
for _ in range(50 * int(sys.argv[2])): print(f'{r.uniform(0, float(sys.argv[3])):.3f}')" "$SEED" "$KILLS" "$D")
"$accord" export --db "$work/ref.sqlite" --format jsonl > "$work/ref.jsonl"
projection "$work/ref.sqlite" "$work/ref.list"

compare_to_reference() { # label, db
  local label="$1" db="$2"
  projection "$db" "$work/crash.list"
  "$accord" export --db "$db" --format jsonl > "$work/crash.jsonl"
  check "$label: list (path, sha256, status, error) = reference ($(wc -l < "$work/ref.list") entries)" \
    cmp -s "$work/ref.list" "$work/crash.list"
  if ! cmp -s "$work/ref.list" "$work/crash.list"; then diff "$work/ref.list" "$work/crash.list" | head -10; fi
  check "$label: export jsonl = reference byte for byte ($(wc -l < "$work/ref.jsonl") records, $(wc -c < "$work/ref.jsonl") bytes)" \
    cmp -s "$work/ref.jsonl" "$work/crash.jsonl"
  check "$label: every path once ($(distinct_paths "$work/crash.list") distinct of $(wc -l < "$work/crash.list") entries)" \
    [ "$(distinct_paths "$work/crash.list")" = "$(wc -l < "$work/crash.list")" ]
  check "$label: the listed paths are exactly the tree's $total files" paths_equal_tree "$work/crash.list" "$tree"
  check "$label: 3 failed entries (the hostile files)" [ "$(grep -c '"failed"' "$work/crash.list")" = 3 ]
  check "$label: PRAGMA integrity_check = ok" integrity "$db"
}

landed=0; draw=0; cycle=1; bad_integrity=0; used=()
rm -f "$work"/crash.sqlite*
while [ "$landed" -lt "$KILLS" ]; do
  [ "$draw" -lt "${#delays[@]}" ] || { echo "crash_ingest: ran out of delays" >&2; exit 2; }
  d="${delays[$draw]}"; draw=$((draw + 1)); used+=("$d")
  # GNU timeout sends SIGKILL after d seconds, or returns as soon as the run ends by itself
  st=0
  timeout --preserve-status -s KILL "$d" "$accord" ingest "$tree" --db "$work/crash.sqlite" --quiet \
    > "$work/kill.out" 2> "$work/kill.err" || st=$?
  if [ "$st" = 137 ]; then      # 128 + SIGKILL: the kill came while it ran (a finished run exits 0 or 1)
    landed=$((landed + 1))
    ok="ok"
    if [ -f "$work/crash.sqlite" ] && ! integrity "$work/crash.sqlite"; then ok="NOT ok"; bad_integrity=$((bad_integrity + 1)); fi
    stored=$("$accord" list --db "$work/crash.sqlite" --format json 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' || echo "?")
    printf "kill %2d (cycle %d) after %6s s: status %s; %s of %s files stored; integrity_check %s\n" \
      "$landed" "$cycle" "$d" "$st" "$stored" "$total" "$ok"
  else
    printf "run after kill %d (cycle %d) finished before its delay of %s s (exit %s): %s\n" \
      "$landed" "$cycle" "$d" "$st" "$(cat "$work/kill.out")"
    check "cycle $cycle: the run that completed exits 1 like the reference" [ "$st" = 1 ]
    compare_to_reference "cycle $cycle" "$work/crash.sqlite"
    rm -f "$work"/crash.sqlite*
    cycle=$((cycle + 1))
  fi
done
echo "delays drawn (uniform in [0, $D] s, seed $SEED): ${used[*]}"
check "$KILLS SIGKILLs landed on a running ingest, integrity_check ok after every one" [ "$bad_integrity" = 0 ]
rc=0
"$accord" ingest "$tree" --db "$work/crash.sqlite" --quiet > "$work/final.out" 2> "$work/final.err" || rc=$?
echo "final run after the last kill (cycle $cycle): exit $rc: $(cat "$work/final.out")"
check "final run exits 1 like the reference" [ "$rc" = 1 ]
compare_to_reference "final (cycle $cycle)" "$work/crash.sqlite"
check "PRAGMA integrity_check = ok (reference)" integrity "$work/ref.sqlite"

# --- 2. two ingests at once on overlapping trees ----------------------------------------------
ctree="$base/concurrent-tree"
python3 "$here/gen_ingest_tree.py" "$ctree" 300 --seed "$((SEED + 1))" --defects 0 --duplicates 0.03 >&2
A="$ctree/b00/f000"; B="$ctree/b00/f001"; C="$ctree/b00/f002"
cfiles=$(find "$A" "$B" "$C" -type f | wc -l)
rc=0
"$accord" ingest "$A" "$B" "$C" --db "$work/conc-ref.sqlite" --quiet > "$work/conc-ref.out" 2> "$work/conc-ref.err" || rc=$?
echo "concurrency reference (one process, A B C): exit $rc: $(cat "$work/conc-ref.out")"
check "one-process ingest of the clean tree exits 0" [ "$rc" = 0 ]
"$accord" export --db "$work/conc-ref.sqlite" --format jsonl > "$work/conc-ref.jsonl"
for r in $(seq "$CONC_ROUNDS"); do
  db="$work/conc-$r.sqlite"
  "$accord" ingest "$A" "$B" --db "$db" --quiet > "$work/conc-$r-1.out" 2> "$work/conc-$r-1.err" &
  p1=$!
  "$accord" ingest "$B" "$C" --db "$db" --quiet > "$work/conc-$r-2.out" 2> "$work/conc-$r-2.err" &
  p2=$!
  s1=0; wait "$p1" || s1=$?
  s2=0; wait "$p2" || s2=$?
  echo "concurrent round $r: A+B exit $s1: $(cat "$work/conc-$r-1.out")"
  echo "concurrent round $r: B+C exit $s2: $(cat "$work/conc-$r-2.out")"
  check "round $r: both concurrent ingests exit 0" [ "$s1$s2" = 00 ]
  check "round $r: no 'locked' or 'busy' on standard error" \
    bash -c "! grep -qiE 'locked|busy' '$work/conc-$r-1.err' '$work/conc-$r-2.err'"
  if grep -qiE 'locked|busy' "$work/conc-$r-1.err" "$work/conc-$r-2.err"; then grep -hiE 'locked|busy' "$work/conc-$r-"*.err | head -3; fi
  projection "$db" "$work/conc-$r.list"
  check "round $r: every path once ($(distinct_paths "$work/conc-$r.list") distinct of $(wc -l < "$work/conc-$r.list") entries)" \
    [ "$(distinct_paths "$work/conc-$r.list")" = "$(wc -l < "$work/conc-$r.list")" ]
  check "round $r: the listed paths are exactly the $cfiles files of A, B, C" paths_equal_tree "$work/conc-$r.list" "$A" "$B" "$C"
  check "round $r: every entry ok" [ "$(grep -vc '"ok"' "$work/conc-$r.list" || true)" = 0 ]
  "$accord" export --db "$db" --format jsonl > "$work/conc-$r.jsonl"
  check "round $r: export equals the one-process ingest's byte for byte" cmp -s "$work/conc-ref.jsonl" "$work/conc-$r.jsonl"
  check "round $r: PRAGMA integrity_check = ok" integrity "$db"
done

echo "crash_ingest: $passed passed, $failed failed"
[ "$failed" = 0 ]
