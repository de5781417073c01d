#!/usr/bin/env bash
# Every input that once broke Accord (corpus/hostile/breakers/, copied from ../shared/bugs/) read by
# the release build of `accord extract`, one process each, under the per-file limits of issue 15:
# it must end with a record (exit 0) or one line on standard error naming the file (exit 2), within
# 30 s and 2 GB. Prints seconds, peak memory and the outcome per file; exits 1 if any breaks a limit.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >&2
command -v /usr/bin/time >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2
swift build -c release --static-swift-stdlib --product accord >&2
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/accord"
limit_s=30 limit_kb=$((2 * 1024 * 1024))
bad=0 n=0
printf '%-44s %7s %9s %s\n' file seconds peak_MB outcome
for f in corpus/hostile/breakers/*; do
  n=$((n + 1))
  err="$(mktemp)"
  set +e
  /usr/bin/time -f '%e %M' -o "$err.time" timeout -s KILL $((limit_s + 5)) "$bin" extract "$f" > /dev/null 2> "$err"
  status=$?
  set -e
  read -r secs kb < <(tail -1 "$err.time")
  lines=$(grep -vc '^$' "$err" || true)
  outcome="record"
  if [ "$status" -eq 2 ] && [ "$lines" -eq 1 ] && grep -q "^accord: $f: " "$err"; then outcome="error: $(cut -c1-90 "$err")"
  elif [ "$status" -ne 0 ] || [ "$lines" -ne 0 ]; then outcome="BROKEN (exit $status, $lines stderr lines)"; bad=$((bad + 1)); fi
  if awk -v s="$secs" -v l="$limit_s" 'BEGIN { exit !(s > l) }' || [ "$kb" -gt "$limit_kb" ]; then outcome="OVER LIMIT: $outcome"; bad=$((bad + 1)); fi
  printf '%-44s %7s %9d %s\n' "$(basename "$f")" "$secs" $((kb / 1024)) "$outcome"
  rm -f "$err" "$err.time"
done
echo "check_breakers: $((n - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
