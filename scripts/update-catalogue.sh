#!/usr/bin/env bash
# Rewrites the rule catalogue at the end of README.md from `konform rules --format md`.
# Usage: scripts/update-catalogue.sh [path/to/konform]   (default: build/src/konform)
# With --check, only compares and exits 1 if the README is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
if [ "${1:-}" = "--check" ]; then check=1; shift; fi
konform="${1:-build/src/konform}"
table="$("$konform" rules --format md)"
expected="$(python3 - "$table" <<'PY'
import re, sys
readme = open("README.md", encoding="utf-8").read()
table = sys.argv[1]
begin, end = "<!-- catalogue:begin -->", "<!-- catalogue:end -->"
head, rest = readme.split(begin, 1)
_, tail = rest.split(end, 1)
sys.stdout.write(head + begin + "\n" + table + "\n" + end + tail)
PY
)"
if [ "$check" = 1 ]; then
  if [ "$expected" != "$(cat README.md)" ]; then
    echo "README.md rule catalogue is out of date: run scripts/update-catalogue.sh" >&2
    exit 1
  fi
  echo "README.md rule catalogue is up to date"
  exit 0
fi
printf '%s\n' "$expected" > README.md
