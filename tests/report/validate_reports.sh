#!/usr/bin/env bash
# Validates fresh report output of the built binary against the published schemas:
#   validate_reports.sh KONFORM sarif|junit|svrl|gitlab|github
# sarif: OASIS SARIF 2.1.0 JSON schema (Draft 4, python3-jsonschema); junit: the Jenkins JUnit
# XSD (xmllint) plus the root element; svrl: the ISO Schematron 2025 SVRL RELAX NG (xmllint);
# gitlab: the fields GitLab's Code Quality report requires; github: every line is a workflow
# command or a plain log line. Each format is checked on several runs: the samples, a board
# waiver file, a baseline, English, a stage profile, and a rule pack that produces an
# evaluation error next to a document that is not well-formed.
# Exit 77 (skipped) when a validator is missing.
set -euo pipefail
KONFORM=$(realpath "$1")
FORMAT=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCHEMAS=${KONFORM_SCHEMA_DIR:-$ROOT/tests/report/schemas}
cd "$ROOT"

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

case $FORMAT in
  sarif)
    PYTHON=""
    for candidate in python3 /usr/bin/python3; do
      if command -v "$candidate" >/dev/null && "$candidate" -c 'import jsonschema' 2>/dev/null; then
        PYTHON=$candidate
        break
      fi
    done
    [ -n "$PYTHON" ] || skip "python3 with jsonschema (Debian python3-jsonschema) not found"
    [ -f "$SCHEMAS/sarif-schema-2.1.0.json" ] || skip "no $SCHEMAS/sarif-schema-2.1.0.json"
    ;;
  junit)
    command -v xmllint >/dev/null || skip "xmllint not found"
    [ -f "$SCHEMAS/junit.xsd" ] || skip "no $SCHEMAS/junit.xsd"
    ;;
  svrl)
    command -v xmllint >/dev/null || skip "xmllint not found"
    [ -f "$SCHEMAS/svrl.rng" ] || skip "no $SCHEMAS/svrl.rng"
    ;;
  gitlab)
    command -v python3 >/dev/null || skip "python3 not found"
    PYTHON=python3
    ;;
  github) ;;
  *) fail "unknown format $FORMAT" ;;
esac

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# A small rule pack: one rule cannot be evaluated on eval.xml, and broken.xml is not
# well-formed, so notifications, svrl:error and JUnit <error> are exercised too.
cat >"$WORK/edge.rules" <<'EOF'
pack edge { title "Randfälle" title en "Edge cases" version "1.0" area governance }
rule E-TITLE "Titel vorhanden" {
  title en "Title present"
  severity error
  source "Test <Quelle> & \"Zitat\""
  require exists(/proposal/title)
  at /proposal/title
  message "Titel fehlt | <b>fett</b> & 100% : , @id"
  hint "Einen <title> anlegen."
}
rule E-SUMMARY "Kurzbeschreibung vorhanden" {
  severity warning
  source "Test"
  require exists(/proposal/summary)
  message "Kurzbeschreibung fehlt."
}
rule E-BUDGET "Budget ist eine Zahl" {
  severity info
  source "Test"
  when exists(/proposal/@budget)
  require /proposal/@budget > 0
  message "Budget ist nicht positiv."
}
EOF
printf '<proposal budget="viel">\n  <summary>B</summary>\n</proposal>\n' >"$WORK/eval.xml"
printf '<proposal>\n  <a>\n</proposal>\n' >"$WORK/broken.xml"
printf '<proposal budget="-1"><title>A</title></proposal>\n' >"$WORK/warn.xml"

# A baseline from the original sample, checked against its revision.
"$KONFORM" check --as-of 2026-06-15 --format json -o "$WORK/baseline.json" \
  samples/ki-assistenz-posteingang.xml >/dev/null 2>&1 || true
[ -s "$WORK/baseline.json" ] || fail "could not write the baseline"

run() {  # name, then konform check arguments
  local name=$1
  shift
  local out="$WORK/$name.$FORMAT"
  local status=0
  "$KONFORM" check --color never --as-of 2026-06-15 --format "$FORMAT" -o "$out" "$@" \
    >/dev/null 2>"$WORK/$name.err" || status=$?
  # 0 approvable, 1 not approvable, 2 some documents not checked: all produce a report.
  [ "$status" -le 2 ] || { cat "$WORK/$name.err" >&2; fail "$name: exit $status"; }
  [ -s "$out" ] || fail "$name: empty report"
  echo "$out"
}

REPORTS=(
  "$(run samples samples/)"
  "$(run waivers --waivers docs/examples/waivers.xml samples/)"
  "$(run baseline --baseline "$WORK/baseline.json" tests/golden/diff-revision/ki-assistenz-revised.xml)"
  "$(run english --lang en --profile final-approval samples/e-akte-einfuehrung.xml samples/datenplattform-ressort.xml)"
  "$(run edge --no-default-rules --rules "$WORK/edge.rules" "$WORK/eval.xml" "$WORK/broken.xml" "$WORK/warn.xml")"
)

# The runs must reach what they are meant to cover.
expect() {  # file, text
  grep -qF -- "$2" "$1" || fail "$(basename "$1"): expected '$2'"
}

case $FORMAT in
  sarif)
    "$PYTHON" - "$SCHEMAS/sarif-schema-2.1.0.json" "${REPORTS[@]}" <<'EOF'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft4Validator.check_schema(schema)
validator = jsonschema.Draft4Validator(schema)
failed = False
for path in sys.argv[2:]:
    errors = sorted(validator.iter_errors(json.load(open(path))), key=lambda e: list(e.path))
    for error in errors[:10]:
        print(f"{path}: {list(error.path)}: {error.message[:300]}", file=sys.stderr)
    failed = failed or bool(errors)
    print(f"{path}: {'INVALID' if errors else 'valid'}")
sys.exit(1 if failed else 0)
EOF
    expect "$WORK/waivers.sarif" '"status": "accepted"'
    expect "$WORK/samples.sarif" '"status": "underReview"'
    expect "$WORK/baseline.sarif" '"baselineState": "absent"'
    expect "$WORK/baseline.sarif" '"baselineState": "unchanged"'
    expect "$WORK/edge.sarif" '"executionSuccessful": false'
    expect "$WORK/edge.sarif" '"id": "K4001"'
    expect "$WORK/english.sarif" '"language": "en"'
    ;;
  junit)
    for report in "${REPORTS[@]}"; do
      xmllint --noout --schema "$SCHEMAS/junit.xsd" "$report"
      root=$(xmllint --xpath 'name(/*)' "$report")
      [ "$root" = testsuites ] || fail "$report: root element is <$root>, not <testsuites>"
    done
    expect "$WORK/edge.junit" '<error type="evaluation-error"'
    expect "$WORK/edge.junit" '<error type="K4001"'
    expect "$WORK/samples.junit" '<skipped type="not-in-force"'
    expect "$WORK/waivers.junit" '[ausgenommen]'
    ;;
  svrl)
    for report in "${REPORTS[@]}"; do
      xmllint --noout --relaxng "$SCHEMAS/svrl.rng" "$report"
    done
    expect "$WORK/edge.svrl" '<svrl:error document="'
    expect "$WORK/waivers.svrl" 'flag="waived"'
    expect "$WORK/baseline.svrl" 'flag="unchanged"'
    expect "$WORK/english.svrl" 'phase="final-approval"'
    ;;
  gitlab)
    "$PYTHON" - "${REPORTS[@]}" <<'EOF'
import json, sys
for path in sys.argv[1:]:
    issues = json.load(open(path))
    assert isinstance(issues, list), path
    seen = set()
    for issue in issues:
        for key in ("description", "check_name", "fingerprint", "severity"):
            assert isinstance(issue.get(key), str) and issue[key], (path, key, issue)
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker"), issue
        assert isinstance(issue["location"]["path"], str), issue
        assert isinstance(issue["location"]["lines"]["begin"], int), issue
        assert issue["location"]["lines"]["begin"] >= 1, issue
        assert issue["fingerprint"] not in seen, ("duplicate fingerprint", path, issue)
        seen.add(issue["fingerprint"])
    print(f"{path}: {len(issues)} issues")
EOF
    ;;
  github)
    for report in "${REPORTS[@]}"; do
      # A command is ::level props::message on one line; props are key=value, comma-separated.
      if grep -n '^::' "$report" |
        grep -vE '^[0-9]+:::(error|warning|notice) (file=[^,:]+,)?(line=[0-9]+,)?(col=[0-9]+,)?(endColumn=[0-9]+,)?title=[^,:]+::'; then
        fail "$report: malformed workflow command"
      fi
    done
    expect "$WORK/waivers.github" '::notice file=samples/e-akte-einfuehrung.xml,line=201,'
    expect "$WORK/edge.github" '100%25'
    ;;
esac
echo "ok: ${#REPORTS[@]} $FORMAT reports valid"
