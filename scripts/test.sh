#!/usr/bin/env bash
# The whole test suite: installs the Debian packages Accord needs (if missing), builds, runs every test.
# Extra arguments go to swift test (e.g. --filter AccordPostgresTests; --scratch-path DIR is used for the build too).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# libcoveocds (PyPI): the OCDS export is validated with it in the tests.
scripts/setup-python.sh
# Tesseract's OpenMP threads make a page 5-7x slower on 2 cores; the accord binary re-executes
# itself with this set, a test process cannot, so it is set here.
export OMP_THREAD_LIMIT=1
# The PostgreSQL archive's tests (AccordPostgresTests) run against a throwaway cluster started
# here and stopped on exit; without PostgreSQL they say so and are skipped.
pgdir="$(mktemp -d "${TMPDIR:-/tmp}/accord-pg-test.XXXXXX")"
trap 'scripts/pg-cluster.sh stop "$pgdir"' EXIT
if url="$(scripts/pg-cluster.sh start "$pgdir")"; then
  export ACCORD_TEST_POSTGRES_URL="$url"
  echo "test: PostgreSQL cluster at $url" >&2
else
  echo "test: no PostgreSQL cluster (see above): the PostgreSQL tests will be skipped" >&2
fi
build_args=()
for ((i = 1; i <= $#; i++)); do
  if [ "${!i}" = "--scratch-path" ]; then j=$((i + 1)); build_args=(--scratch-path "${!j}"); fi
done
swift build --build-tests ${build_args[@]+"${build_args[@]}"}
swift test --skip-build "$@"
