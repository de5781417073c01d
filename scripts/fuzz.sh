#!/usr/bin/env bash
# Builds the libFuzzer harnesses of Fuzz/ (address sanitizer) and runs each for SECONDS
# (default 60), one after another; prints per harness the executions, coverage (libFuzzer's
# cov: and ft: at the end of the run) and the crashes found. Exit status 1 if any harness found
# a crash, hang (timeout), out-of-memory or leak; 2 if the build fails.
#
#   scripts/fuzz.sh [SECONDS]
#
# Environment:
#   FUZZ_HARNESSES="text html"  run only these (names without the fuzz- prefix)
#   FUZZ_JOBS=N                 run N harnesses at once (default 1: the machine is shared)
#   FUZZ_KEEP_GOING=1           keep fuzzing after a crash (libFuzzer's fork mode), collect them all
#   FUZZ_MAX_LEN=N              -max_len for every harness (default: 65536 for text and pipeline,
#                               libFuzzer's own (the largest seed) for the others; 0: libFuzzer's for all)
#   FUZZ_WORK=DIR               scratch directory (default Fuzz/.build/fuzz-run, ignored by git)
#   FUZZ_NO_BUILD=1             skip the build
#
# Every harness runs with -timeout=10 -rss_limit_mb=2048, its dictionary Fuzz/dict/<name>.dict
# and a copy of its seeds Fuzz/corpus/<name>/ (the tracked seeds never grow). Crashing inputs
# are written to $FUZZ_WORK/<name>/artifacts/ and listed; the log of each run is beside them.
# Reproduce one with: LSAN_OPTIONS=suppressions=Fuzz/lsan.supp Fuzz/.build/debug/fuzz-<name> ARTIFACT
# Leaks: Fuzz/lsan.supp suppresses only one-time allocations (global initializers, Swift runtime
# metadata caches) that LeakSanitizer cannot see as reachable.
set -uo pipefail

SECONDS_PER=${1:-60}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FUZZ="$ROOT/Fuzz"
WORK=${FUZZ_WORK:-$FUZZ/.build/fuzz-run}
JOBS=${FUZZ_JOBS:-1}
ALL="sniff text docx-zip docx-xml flatopc word2003 html pipeline image"
HARNESSES=${FUZZ_HARNESSES:-$ALL}

# SwiftPM's `--sanitize fuzzer --sanitize address` gives swiftc two -sanitize= options and the
# last one wins: Swift code would get ASan but no coverage. The -Xswiftc option, which comes
# last, asks for both; the --sanitize options still instrument the C targets.
BUILD=(swift build --package-path "$FUZZ" -c debug --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address)
if [[ "${FUZZ_NO_BUILD:-0}" != 1 ]]; then
    echo "building: ${BUILD[*]}"
    mkdir -p "$WORK"
    if ! "${BUILD[@]}" >"$WORK/build.log" 2>&1; then
        grep -v "Cannot export local symbol" "$WORK/build.log" | tail -40
        echo "fuzz.sh: build failed (log: $WORK/build.log)" >&2
        exit 2
    fi
fi
BIN=$(swift build --package-path "$FUZZ" -c debug --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address --show-bin-path)

run_one() {
    local h=$1 dir="$WORK/$1"
    rm -rf "$dir"; mkdir -p "$dir/corpus" "$dir/artifacts"
    cp "$FUZZ/corpus/$h/"* "$dir/corpus/" 2>/dev/null
    local args=(-max_total_time="$SECONDS_PER" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
                -artifact_prefix="$dir/artifacts/" -dict="$FUZZ/dict/$h.dict")
    # Text inputs are capped at 64 KB by default: the quadratic breakers among the seeds (100–500 KB)
    # are cut there on loading, so every run fuzzes instead of spending its time (and, under ASan,
    # its memory) on them; FUZZ_MAX_LEN=0 lifts the cap (libFuzzer then uses the largest seed).
    local max_len=${FUZZ_MAX_LEN:-}
    [[ -z "$max_len" && ( "$h" == text || "$h" == pipeline ) ]] && max_len=65536
    [[ -n "$max_len" && "$max_len" != 0 ]] && args+=(-max_len="$max_len")
    [[ "${FUZZ_KEEP_GOING:-0}" == 1 ]] && args+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    # The harness's own messages to stderr (none expected) and libFuzzer's go to the log.
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$FUZZ/lsan.supp:print_suppressions=0} \
        "$BIN/fuzz-$h" "${args[@]}" "$dir/corpus" >"$dir/log" 2>&1
    echo $? >"$dir/status"
}

export -f run_one
export WORK FUZZ BIN SECONDS_PER
mkdir -p "$WORK"
echo "running: $HARNESSES ($SECONDS_PER s each, $JOBS at a time); logs and artifacts in $WORK/<harness>/"
printf '%s\n' $HARNESSES | xargs -P "$JOBS" -I{} bash -c 'echo "  fuzz-{} …" >&2; run_one {}'

found=0
printf '\n%-16s %12s %8s %8s %8s %8s  %s\n' harness executions exec/s cov ft corpus crashes
for h in $HARNESSES; do
    dir="$WORK/$h" log="$WORK/$h/log"
    execs=$(grep -a 'stat::number_of_executed_units' "$log" | tail -1 | awk '{print $2}')
    rate=$(grep -a 'stat::average_exec_per_sec' "$log" | tail -1 | awk '{print $2}')
    last=$(grep -a -E '(^#[0-9]+|^\s*#[0-9]+).*cov: ' "$log" | tail -1)
    # Fork mode prints its own totals.
    [[ -z "$execs" ]] && execs=$(echo "$last" | sed -nE 's/^#([0-9]+).*/\1/p')
    cov=$(echo "$last" | sed -nE 's/.*cov: ([0-9]+).*/\1/p')
    ft=$(echo "$last" | sed -nE 's/.*ft: ([0-9]+).*/\1/p')
    corp=$(echo "$last" | sed -nE 's/.*corp(us)?: ([0-9]+).*/\2/p')
    mapfile -t arts < <(find "$dir/artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) 2>/dev/null | sort)
    status=$(cat "$dir/status" 2>/dev/null || echo "?")
    what="${#arts[@]}"
    if [[ ${#arts[@]} -eq 0 && "$status" != 0 ]]; then what="0 (exit $status, see log)"; fi
    printf '%-16s %12s %8s %8s %8s %8s  %s\n' "fuzz-$h" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$what"
    for a in "${arts[@]}"; do
        kind=$(grep -a -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|Fatal error|SUMMARY' "$log" | head -1 | cut -c1-110)
        echo "    $a  ($(stat -c %s "$a") bytes) ${kind}"
        found=1
    done
    if [[ ${#arts[@]} -eq 0 && "$status" != 0 ]]; then found=1; fi
done
exit $found
