#!/usr/bin/env bash
# Installs the Python tools the tests compare against (only what is missing), idempotently:
# libcoveocds validates the OCDS export (AccordExportTests/OCDSValidationTests) against the schema zip
# in ../shared/ocds/.
set -euo pipefail
if python3 -c 'import libcoveocds' 2>/dev/null; then
  echo "setup-python: libcoveocds present" >&2
  exit 0
fi
echo "setup-python: installing libcoveocds" >&2
# A Debian-managed python3 refuses pip installs into itself (PEP 668) unless told otherwise.
python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore libcoveocds >&2 \
  || python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore --break-system-packages libcoveocds >&2
# pyenv's shims (if any) must learn of the new libcoveocds command.
if command -v pyenv >/dev/null 2>&1; then pyenv rehash || true; fi
python3 -c 'import libcoveocds'
command -v libcoveocds >/dev/null || echo "setup-python: warning: the libcoveocds command is not on PATH" >&2
