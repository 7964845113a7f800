#!/usr/bin/env bash
# The pre-commit hook in .pre-commit-hooks.yaml, used the way a proposal repository uses it:
#   precommit.sh KONFORM
# A hook repository holding only this repository's .pre-commit-hooks.yaml is committed in a
# temporary directory; a proposal repository refers to it by path and revision, with konform
# on PATH. Committing an approvable proposal succeeds; committing one that is not approvable,
# or one that is not well-formed, is refused. Exit 77 (skipped) without pre-commit or git.
set -euo pipefail
KONFORM=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

command -v git >/dev/null || skip "git not found"
command -v pre-commit >/dev/null || skip "pre-commit (Debian package pre-commit) not found"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/bin" "$WORK/hooks" "$WORK/proposals" "$WORK/home"
ln -s "$KONFORM" "$WORK/bin/konform"
# Isolated from the user's configuration and caches; no network is needed (language: system).
export HOME="$WORK/home" PRE_COMMIT_HOME="$WORK/cache" XDG_CACHE_HOME="$WORK/cache"
export PATH="$WORK/bin:$PATH" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.org
export GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.org
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

git -C "$WORK/hooks" init -q
cp "$ROOT/.pre-commit-hooks.yaml" "$WORK/hooks/"
git -C "$WORK/hooks" add .pre-commit-hooks.yaml
git -C "$WORK/hooks" commit -q -m hooks
REV=$(git -C "$WORK/hooks" rev-parse HEAD)

cd "$WORK/proposals"
git init -q
cat >.pre-commit-config.yaml <<CONFIG
repos:
  - repo: $WORK/hooks
    rev: $REV
    hooks:
      - id: konform
CONFIG
git add .pre-commit-config.yaml
git commit -q -m config
pre-commit install >/dev/null

commit() {  # file: 0 if the commit went through
  git add "$1"
  git commit -q -m "add $1" >"$WORK/out.txt" 2>&1
}

cp "$ROOT/samples/buergerportal-wohngeld.xml" good.xml
commit good.xml || { cat "$WORK/out.txt"; fail "an approvable proposal was refused"; }
git cat-file -e HEAD:good.xml || fail "good.xml is not in the commit"

cp "$ROOT/samples/ki-assistenz-posteingang.xml" bad.xml
if commit bad.xml; then fail "a proposal that is not approvable was committed"; fi
grep -q 'nicht freigabefähig' "$WORK/out.txt" || { cat "$WORK/out.txt"; fail "no verdict shown"; }
grep -q 'error\[GOV-008\]' "$WORK/out.txt" || { cat "$WORK/out.txt"; fail "no finding shown"; }
if git cat-file -e HEAD:bad.xml 2>/dev/null; then fail "bad.xml was committed"; fi
git reset -q bad.xml
rm bad.xml

printf '<proposal>\n  <a>\n</proposal>\n' >broken.xml
if commit broken.xml; then fail "a malformed proposal was committed"; fi
grep -q 'K4001' "$WORK/out.txt" || { cat "$WORK/out.txt"; fail "no K4001 shown"; }
git reset -q broken.xml
rm broken.xml

# Other files are not passed to konform.
echo "notes" >README.txt
commit README.txt || { cat "$WORK/out.txt"; fail "a non-XML file was refused"; }
echo "ok: pre-commit accepts approvable proposals and refuses the others"
