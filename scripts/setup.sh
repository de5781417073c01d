#!/usr/bin/env bash
# Installs the Debian packages Accord needs (only those missing), idempotently. A package marked
# "optional" in debian-packages.txt that cannot be installed is reported, not fatal (its tests skip).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mapfile -t lines < <(grep -v '^\s*#' "$here/debian-packages.txt" | sed '/^\s*$/d')
missing=(); optional=()
for line in "${lines[@]}"; do
  read -r p flag _ <<<"$line"
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && continue
  if [ "${flag:-}" = "optional" ]; then optional+=("$p"); else missing+=("$p"); fi
done
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if [ ${#missing[@]} -gt 0 ] || [ ${#optional[@]} -gt 0 ]; then
  $SUDO apt-get update -qq || echo "setup: apt-get update failed" >&2
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
if [ ${#optional[@]} -gt 0 ]; then
  echo "setup: installing (optional) ${optional[*]}" >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${optional[@]}" >&2 \
    || echo "setup: could not install ${optional[*]}: the tests that need them will be skipped" >&2
fi
if [ ${#missing[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ]; then
  echo "setup: all Debian packages present" >&2
fi
