#!/usr/bin/env bash
# The whole test suite: installs the Debian packages Accord needs (if missing), builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# libcoveocds (PyPI): the OCDS export is validated with it in the tests.
scripts/setup-python.sh
# Tesseract's OpenMP threads make a page 5-7x slower on 2 cores; the accord binary re-executes
# itself with this set, a test process cannot, so it is set here.
export OMP_THREAD_LIMIT=1
swift build --build-tests
swift test --skip-build "$@"
