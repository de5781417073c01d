#!/usr/bin/env bash
# The main job: installs what is missing, builds Accord (release) and runs it on the shipped corpus.
# Writes out/records.jsonl (one canonical record per readable file), out/summary.txt (human view),
# out/findings.txt (every finding) and out/errors.log (one line per unreadable file: the hostile
# fixtures under corpus/hostile are meant to land there, and the batch goes on).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release
bin="$(swift build -c release --show-bin-path)/accord"
mkdir -p out
inputs=()
for d in corpus/seeds corpus/variants corpus/docx corpus/scans corpus/hostile; do [ -d "$d" ] && inputs+=("$d"); done
status=0
"$bin" extract --progress "${inputs[@]}" > out/records.jsonl 2> out/errors.log || status=$?
"$bin" extract -f summary "${inputs[@]}" > out/summary.txt 2>/dev/null || true
"$bin" check "${inputs[@]}" > out/findings.txt 2>/dev/null || true
if [ "$status" -gt 2 ]; then echo "accord failed with status $status" >&2; exit "$status"; fi
records=$(wc -l < out/records.jsonl)
unreadable=$(grep -c '^accord: ' out/errors.log || true)
echo "Accord: $records records in out/records.jsonl, $unreadable unreadable files listed in out/errors.log"
echo "        human-readable view in out/summary.txt, findings in out/findings.txt"
