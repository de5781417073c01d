#!/usr/bin/env bash
# The whole test suite: installs the Debian packages Accord needs (if missing), builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
swift test --skip-build "$@"
