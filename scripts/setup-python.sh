#!/usr/bin/env bash
# Installs the Python tools the tests compare against (only what is missing), idempotently:
# - libcoveocds validates the OCDS export (AccordExportTests/OCDSValidationTests) against the
#   schema zip in ../shared/ocds/;
# - daff reads `accord diff --format csv` (AccordDiffTests/DaffCSVTests: its highlighter format)
#   and is the table diff scripts/bench_diff.sh compares with.
set -euo pipefail

# module name → PyPI package
wanted=("libcoveocds:libcoveocds" "daff:daff")
missing=()
for entry in "${wanted[@]}"; do
  module=${entry%%:*} package=${entry#*:}
  if python3 -c "import $module" 2>/dev/null; then
    echo "setup-python: $package present" >&2
  else
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

echo "setup-python: installing ${missing[*]}" >&2
# A Debian-managed python3 refuses pip installs into itself (PEP 668) unless told otherwise.
python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore "${missing[@]}" >&2 \
  || python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore --break-system-packages "${missing[@]}" >&2
# pyenv's shims (if any) must learn of the new commands.
if command -v pyenv >/dev/null 2>&1; then pyenv rehash || true; fi
for entry in "${wanted[@]}"; do
  module=${entry%%:*}
  python3 -c "import $module"
  command -v "$module" >/dev/null || echo "setup-python: warning: the $module command is not on PATH" >&2
done
