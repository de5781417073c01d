#!/usr/bin/env bash
# Scaling of the formerly quadratic paths (issue 15): each breaker of corpus/hostile/breakers/ made
# at 1x, 2x and 4x its size (scripts/gen_breakers.py) and read with the release build of
# `accord extract`, best of ROUNDS (default 3). Prints seconds per size and the 2x/1x and 4x/2x
# ratios: a linear path gives about 2 (start-up and fixed costs push small inputs below it); a
# quadratic one gives about 4.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-3}"
scripts/setup.sh
swift build -c release --static-swift-stdlib --product accord >&2
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/accord"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for s in 1 2 4; do /usr/bin/python3 scripts/gen_breakers.py "$work/x$s" "$s"; done
best() { # best wall seconds of ROUNDS runs of accord extract FILE
  local file="$1" b=""
  for _ in $(seq "$ROUNDS"); do
    local t0 t1
    t0=$(date +%s%N)
    "$bin" extract "$file" > /dev/null 2>&1 || true
    t1=$(date +%s%N)
    local t=$(( (t1 - t0) / 1000000 ))
    if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
  done
  echo "$b"
}
printf '%-44s %9s %9s %9s %7s %7s\n' input 1x_ms 2x_ms 4x_ms 2x/1x 4x/2x
for f in "$work"/x1/*; do
  name="$(basename "$f")"
  a=$(best "$work/x1/$name"); b=$(best "$work/x2/$name"); c=$(best "$work/x4/$name")
  awk -v n="$name" -v a="$a" -v b="$b" -v c="$c" \
    'BEGIN { printf "%-44s %9d %9d %9d %7.2f %7.2f\n", n, a, b, c, b / (a > 0 ? a : 1), c / (b > 0 ? b : 1) }'
done
