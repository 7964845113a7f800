#!/usr/bin/env bash
# Seeds the fuzzers' corpora and dictionaries from the repository's own inputs.
#   fuzz/make-corpus.sh OUT_DIR
# writes OUT_DIR/seeds/{rules,xml}/ (file names are content hashes, so reruns add nothing
# twice) and OUT_DIR/{rules,xml}.dict (fuzz/*.dict plus the proposal vocabulary).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$1"
mkdir -p "$out/seeds/rules" "$out/seeds/xml"

add() {  # add DIR FILE: copy FILE into DIR under its content hash
  local hash
  hash="$(sha1sum "$2" | cut -c1-40)"
  cp "$2" "$1/$hash"
}

shopt -s nullglob globstar
for f in "$root"/samples/*.xml "$root"/tests/rules/**/*.xml "$root"/tests/golden/**/*.xml \
         "$root"/tests/governance/*.xml "$root"/docs/examples/*.xml "$root"/schema/skeleton.xml; do
  add "$out/seeds/xml" "$f"
done
for f in "$root"/rules/*.rules; do
  add "$out/seeds/rules" "$f"
done

# Whole packs are large, slow inputs; one small file per rule (pack header, every `let`, and
# the rule, comments dropped) gives the fuzzer short inputs that compile.
python3 - "$root" "$out/seeds/rules" <<'PY'
import hashlib, pathlib, re, sys
root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
top = re.compile(r'^(pack|let|rule|profile)\b')
for pack in sorted((root / 'rules').glob('*.rules')):
    blocks, current = [], None
    for line in pack.read_text(encoding='utf-8').splitlines():
        if line.lstrip().startswith('#') or not line.strip():
            continue
        m = top.match(line)
        if m:
            current = [m.group(1), [line]]
            blocks.append(current)
        elif current:
            current[1].append(line)
    head = [b for b in blocks if b[0] in ('pack', 'let')]
    for b in blocks:
        if b[0] in ('rule', 'profile'):
            text = '\n'.join(l for h in head + [b] for l in h[1]) + '\n'
            data = text.encode('utf-8')
            (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
PY

# Proposal vocabulary for the dictionaries: element and attribute names of the samples.
vocab="$(mktemp)"
trap 'rm -f "$vocab"' EXIT
grep -ohE '<[A-Za-z][A-Za-z0-9._-]*|[[:space:]][A-Za-z][A-Za-z0-9._-]*="' "$root"/samples/*.xml |
  sed -E 's/^[<[:space:]]//; s/="$//' | sort -u >"$vocab"
{
  cat "$root/fuzz/xml.dict"
  awk '{ printf "\"<%s\"\n\"</%s>\"\n\" %s=\\\"\"\n", $0, $0, $0 }' "$vocab"
} >"$out/xml.dict"
{
  cat "$root/fuzz/rules.dict"
  awk '{ printf "\"/%s\"\n\"@%s\"\n", $0, $0 }' "$vocab"
} >"$out/rules.dict"
echo "seeds: $(find "$out/seeds/rules" -type f | wc -l) rule files," \
     "$(find "$out/seeds/xml" -type f | wc -l) documents"
