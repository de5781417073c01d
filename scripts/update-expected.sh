#!/usr/bin/env bash
# Regenerates corpus/expected/*.json from the inputs listed in corpus/expected/INDEX.tsv.
# A regenerated file is not a reviewed one: read `git diff corpus/expected` against the
# sources and record the review in corpus/REVIEW.md before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -q
bin="$(swift build --show-bin-path)/accord"
grep -v '^#' corpus/expected/INDEX.tsv | while IFS=$'\t' read -r input name; do
  [ -n "$input" ] || continue
  "$bin" extract "$input" > "corpus/expected/$name"
  echo "wrote corpus/expected/$name"
done
