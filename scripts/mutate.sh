#!/usr/bin/env bash
# Mutation check: applies each small source mutation of scripts/mutations.txt, one at a time, in a
# scratch copy of the repository (never in this checkout), builds, runs the tests that matter for
# it (its `filter`), and prints KILLED (some test failed), SURVIVED (every test passed: a promise
# no test holds), or INVALID (the mutation no longer applies or does not build: fix the list).
# Exit status 0 when every listed mutation is killed, 1 otherwise, 2 when the unmutated copy
# does not build or its tests do not pass.
#
#   scripts/mutate.sh                 # every mutation
#   scripts/mutate.sh M05 M17         # only these (by id)
#   ACCORD_MUTATE_DIR=/tmp/x scripts/mutate.sh     # another scratch copy (default /tmp/accord-mutate)
#   ACCORD_MUTATE_BASELINE=0 scripts/mutate.sh     # skip the run of every filter on the unmutated copy
#
# The copy is the checkout as it stands (tracked files and untracked ones that are not ignored),
# synchronized at each start with only the changed files rewritten, and its .build is kept, so a
# second run builds incrementally. A mutation of Sources/accord/ rebuilds only the executable (the
# test binary does not contain it); any other rebuilds the tests too. Each mutated file is
# restored after its run (and a copy left mutated by an interrupted run is put right by the next
# synchronization). A KILLED line names the tests that failed. Tests the list marks `skip:`
# (flaky on an unchanged tree) are skipped in every run. ACCORD_MUTATE_TIMEOUT (default 600 s)
# bounds each test run; a run past it counts as KILLED and says so.
# Logs: $ACCORD_MUTATE_DIR/.mutate-logs/<id>.log.
# Extend the list with every new command or promise (scripts/mutations.txt describes the format).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${ACCORD_MUTATE_DIR:-/tmp/accord-mutate}"
LIST="${ACCORD_MUTATIONS:-$ROOT/scripts/mutations.txt}"
TEST_TIMEOUT="${ACCORD_MUTATE_TIMEOUT:-600}"
case "$WORK" in "$ROOT"|"$ROOT"/*) echo "mutate.sh: the scratch copy must lie outside the checkout" >&2; exit 2;; esac
# Tesseract single-threaded, as scripts/test.sh runs the suite.
export OMP_THREAD_LIMIT=1
mkdir -p "$WORK/.mutate-logs"

# 1. Synchronize the copy (only files whose bytes differ are rewritten, so mtimes stay put and the
#    build stays incremental; files gone from the checkout are removed from the copy).
( cd "$ROOT" && git ls-files -z -co --exclude-standard ) >"$WORK/.mutate-logs/files" || exit 2
python3 - "$ROOT" "$WORK" "$WORK/.mutate-logs/files" <<'PY' || exit 2
import os, sys, shutil
root, work = sys.argv[1], sys.argv[2]
names = [n for n in open(sys.argv[3], "rb").read().decode().split("\0") if n]
wanted = set()
for n in names:
    src, dst = os.path.join(root, n), os.path.join(work, n)
    if not os.path.isfile(src):   # deleted in the work tree but still tracked
        continue
    wanted.add(n)
    with open(src, "rb") as f: data = f.read()
    try:
        with open(dst, "rb") as f: same = f.read() == data
    except OSError:
        same = False
    if not same:
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(dst, "wb") as f: f.write(data)
        shutil.copymode(src, dst)
for d, subdirs, files in os.walk(work):
    rel = os.path.relpath(d, work)
    if rel == ".":
        subdirs[:] = [s for s in subdirs if s not in (".build", ".mutate-logs", ".swiftpm")]
    for f in files:
        r = os.path.normpath(os.path.join(rel, f))
        if r not in wanted: os.remove(os.path.join(d, f))
PY
cd "$WORK" || exit 2

# 2. The list, parsed once into a JSON file the steps below read.
python3 - "$LIST" "$WORK/.mutate-logs/list.json" "$@" <<'PY' || exit 2
import json, re, sys
path, out, only = sys.argv[1], sys.argv[2], set(sys.argv[3:])
muts, cur, mode, buf, skips = [], None, None, [], []
for line in open(path, encoding="utf-8").read().split("\n"):
    if mode in ("orig", "repl"):
        if line == "---" and mode == "orig":
            cur["original"] = "\n".join(buf); buf = []; mode = "repl"; continue
        if line == ">>>" and mode == "repl":
            cur["replacement"] = "\n".join(buf); buf = []; mode = None; continue
        buf.append(line); continue
    if line.startswith("=== "):
        mid, _, desc = line[4:].partition(" ")
        cur = {"id": mid, "description": desc.strip()}; muts.append(cur); continue
    if line.startswith("skip: ") and cur is None: skips.append(line[6:].split("  #")[0].strip()); continue
    if line.startswith("file: "): cur["file"] = line[6:].strip(); continue
    if line.startswith("filter: "): cur["filter"] = line[8:].strip(); continue
    if line == "<<<": mode = "orig"; buf = []; continue
    if line.strip() and not line.startswith("#"):
        sys.exit(f"mutations.txt: cannot read the line {line!r}")
for m in muts:
    for k in ("file", "filter", "original", "replacement"):
        if k not in m: sys.exit(f"mutations.txt: {m['id']} has no {k}")
ids = [m["id"] for m in muts]
if len(set(ids)) != len(ids): sys.exit("mutations.txt: duplicate ids")
if only:
    unknown = only - set(ids)
    if unknown: sys.exit(f"mutate.sh: no mutation {sorted(unknown)}")
    muts = [m for m in muts if m["id"] in only]
json.dump(muts, open(out, "w"), ensure_ascii=False)
open(out.replace("list.json", "skips"), "w").write("".join(f"--skip\n{x}\n" for x in skips))
print(f"mutate.sh: {len(muts)} mutation(s) from {path}, copy in {sys.argv[2].rsplit('/.mutate-logs', 1)[0]}")
PY
LISTJSON="$WORK/.mutate-logs/list.json"
# Tests the list names as unreliable (`skip:` lines): skipped in every run, or a flaky failure
# would pass for a kill.
mapfile -t SKIP <"$WORK/.mutate-logs/skips"
count=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$LISTJSON")
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[int(sys.argv[2])][sys.argv[3]])' "$LISTJSON" "$1" "$2"; }

# 3. The unmutated copy must build and pass every filter, or every mutation would look killed.
echo "mutate.sh: building the unmutated copy"
if ! swift build --build-tests >"$WORK/.mutate-logs/build-baseline.log" 2>&1; then
  tail -30 "$WORK/.mutate-logs/build-baseline.log"; echo "mutate.sh: the unmutated copy does not build" >&2; exit 2
fi
swift test list --skip-build >"$WORK/.mutate-logs/tests.txt" 2>/dev/null
union=$(python3 - "$LISTJSON" "$WORK/.mutate-logs/tests.txt" <<'PY'
import json, re, sys
muts = json.load(open(sys.argv[1])); tests = [l.strip() for l in open(sys.argv[2]) if l.strip()]
bad = [m["id"] for m in muts if not any(re.search(m["filter"], t) for t in tests)]
if bad: sys.exit(f"mutate.sh: these filters select no test: {bad}")
print("|".join(sorted({"(?:" + m["filter"] + ")" for m in muts})))
PY
) || exit 2
if [ "${ACCORD_MUTATE_BASELINE:-1}" != 0 ]; then
  echo "mutate.sh: running every filter on the unmutated copy"
  if ! timeout "$TEST_TIMEOUT" swift test --skip-build "${SKIP[@]}" --filter "$union" >"$WORK/.mutate-logs/baseline.log" 2>&1; then
    grep -E "✘|error:|failed" "$WORK/.mutate-logs/baseline.log" | head -30
    echo "mutate.sh: the unmutated copy fails its tests (log: $WORK/.mutate-logs/baseline.log)" >&2; exit 2
  fi
fi

# 4. One mutation at a time.
apply() {  # apply|restore INDEX
  python3 - "$LISTJSON" "$2" "$1" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))[int(sys.argv[2])]
text = open(m["file"], encoding="utf-8").read()
if sys.argv[3] == "apply":
    n = text.count(m["original"])
    if n != 1: sys.exit(f"the original text occurs {n} times in {m['file']}")
    open(m["file"], "w", encoding="utf-8").write(text.replace(m["original"], m["replacement"]))
PY
}
tests_stale=0   # 1: the test binary holds a restored library mutation, rebuild it before use
results=()
survived=0; invalid=0
for ((i = 0; i < count; i++)); do
  id=$(field $i id); file=$(field $i file); filter=$(field $i filter); desc=$(field $i description)
  log="$WORK/.mutate-logs/$id.log"
  cp -p "$file" "$WORK/.mutate-logs/$id.orig"
  start=$(date +%s)
  if ! apply apply $i >"$log" 2>&1; then
    verdict="INVALID"; why="does not apply: $(tail -1 "$log")"
  else
    cli=0; [[ "$file" == Sources/accord/* ]] && cli=1
    # The test binary does not contain the executable's module: a mutation of it needs only the
    # executable rebuilt, unless an earlier library mutation is still in the test binary.
    if [ $cli = 1 ] && [ $tests_stale = 0 ]; then build=(swift build --product accord)
    else build=(swift build --build-tests); fi
    if [ $cli = 0 ]; then tests_stale=1; fi
    if ! "${build[@]}" >>"$log" 2>&1; then
      verdict="INVALID"; why="does not build"
    else
      if [ $cli = 1 ] && [ "${build[2]}" = --build-tests ]; then tests_stale=0; fi
      timeout "$TEST_TIMEOUT" swift test --skip-build "${SKIP[@]}" --filter "$filter" >>"$log" 2>&1
      rc=$?
      if [ $rc = 0 ]; then verdict="SURVIVED"; why=""
      elif [ $rc = 124 ]; then verdict="KILLED"; why="timed out after $TEST_TIMEOUT s"
      else
        verdict="KILLED"
        # The tests that failed (swift-testing's "✘ Test name(...)" lines), to see which one holds the promise.
        why="by $(grep -oE '✘ Test [A-Za-z0-9_]+\(' "$log" | sed -E 's/✘ Test ([A-Za-z0-9_]+)\(/\1/' | sort -u | paste -sd, - | sed 's/,/, /g')"
        [ "$why" = "by " ] && why="exit status $rc"
      fi
    fi
  fi
  # Restore the bytes (a fresh mtime: the next build recompiles the file as it really is).
  cat "$WORK/.mutate-logs/$id.orig" > "$file"; rm -f "$WORK/.mutate-logs/$id.orig"
  case "$verdict" in SURVIVED) survived=$((survived + 1));; INVALID) invalid=$((invalid + 1));; esac
  line=$(printf '%-4s %-8s %s  [%s s%s]  %s  filter: %s' "$id" "$verdict" "$desc" "$(( $(date +%s) - start ))" "${why:+; $why}" "$file" "$filter")
  echo "$line"
  results+=("$line")
done
# Leave the copy's build matching the unmutated sources for the next run.
swift build --build-tests >>"$WORK/.mutate-logs/build-baseline.log" 2>&1 || true

echo
echo "mutate.sh: $count mutation(s): $((count - survived - invalid)) killed, $survived survived, $invalid invalid"
for r in "${results[@]}"; do case "$r" in *SURVIVED*|*INVALID*) echo "  $r";; esac; done
[ $survived = 0 ] && [ $invalid = 0 ]
