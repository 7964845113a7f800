#!/usr/bin/env bash
# The ctest bench_schematron_agreement: konform and the Schematron peer
# (bench/peers/konform-peers.sch) report the same findings per rule and document on the
# samples and on generated proposals, and every covered rule both fails and passes somewhere
# in that set, so that the comparison in bench/run.sh keeps comparing equivalent rules.
#
# Usage: agree-test.sh KONFORM WORK_DIR
#
# The generated set is the first 200 documents of the benchmark's small class (seed 101,
# 5-20 KB). The generator breaks each rule in about 3 % of the documents, so 30 documents
# would leave most covered rules without a single failure; 200 are the fewest of this seed
# that make every covered rule fail at least once (--coverage checks it and prints the counts).
# Exits 77 (skipped) when xmllint or python3 is missing.

set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 KONFORM WORK_DIR" >&2
  exit 2
fi
konform="$1"
work_dir="$2"
peers_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$(dirname "${peers_dir}")")"

for tool in python3 xmllint; do
  if ! command -v "${tool}" > /dev/null; then
    echo "${tool} is not installed (scripts/install-deps.sh installs it): skipped"
    exit 77
  fi
done

rm -rf "${work_dir}"
mkdir -p "${work_dir}"
python3 "${repo_dir}/bench/gen_proposals.py" --count 200 --seed 101 --min-kb 5 --max-kb 20 \
  --out "${work_dir}/small" --jobs 1
python3 "${peers_dir}/agree.py" --konform "${konform}" --coverage "${repo_dir}/samples" \
  "${work_dir}/small"
