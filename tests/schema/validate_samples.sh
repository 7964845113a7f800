#!/usr/bin/env bash
# Validates every samples/*.xml and schema/skeleton.xml against schema/proposal.xsd, then checks
# that the schema rejects deliberately invalid documents. Prints one line per check and a closing
# "N passed, N failed" line; exits 1 if any check fails, 2 if the tools are missing.
#
# Needs xmllint (Debian package libxml2-utils). Run from anywhere:
#   bash tests/schema/validate_samples.sh
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root" || exit 2
xsd="schema/proposal.xsd"

if ! command -v xmllint >/dev/null 2>&1; then
  echo "xmllint not found: install the Debian package libxml2-utils" >&2
  exit 2
fi
if [[ ! -f "$xsd" ]]; then
  echo "missing $xsd" >&2
  exit 2
fi

passed=0
failed=0
pass() { passed=$((passed + 1)); printf 'ok    %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$1"; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# The schema itself must be a well-formed XSD that xmllint can compile: validating an empty
# document against it fails with exit code 3 (validation error) only if the schema compiled.
if ! xmllint --noout "$xsd" 2>"$tmp/xsd.err"; then
  fail "$xsd is not well-formed"
  sed 's/^/      /' "$tmp/xsd.err"
fi

# validate FILE: 0 if FILE validates, xmllint's exit code otherwise (3: validation error,
# 1: not well-formed, 5: schema could not be compiled). Messages go to $tmp/last.err.
validate() {
  xmllint --noout --nonet --schema "$xsd" "$1" >/dev/null 2>"$tmp/last.err"
}

# ---------------------------------------------------------------------------------------------
# 1. Positive checks: the samples and the skeleton validate.
# ---------------------------------------------------------------------------------------------
shopt -s nullglob
files=(samples/*.xml schema/skeleton.xml)
if (( ${#files[@]} < 2 )); then
  fail "no samples found in samples/"
fi
for f in "${files[@]}"; do
  if validate "$f"; then
    pass "valid:    $f"
  else
    fail "invalid:  $f"
    grep -v ' validates$\| fails to validate$' "$tmp/last.err" | sed 's/^/      /'
  fi
done

# ---------------------------------------------------------------------------------------------
# 2. Negative checks: each case changes one thing in a minimal valid document; the schema must
#    reject the result as a validation error (exit code 3), not as a parse error.
# ---------------------------------------------------------------------------------------------
base="$tmp/base.xml"
cat >"$base" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- Minimales gültiges Dokument: nur die Pflichtabschnitte mit ihren Pflichtangaben. -->
<proposal schemaVersion="1.0">
  <metadata id="BMX-2026-001" leadMinistry="BMX" unit="Referat X 1" version="1.0" date="2026-01-15" status="draft">
    <title>Prüfdokument</title>
    <summary>Minimales Dokument für die Negativprüfungen des Schemas.</summary>
  </metadata>
  <classification projectType="pilot" citizenFacing="false" ozgService="false" efaService="false"
                  regulationChange="false" crossBorder="false" processSupport="false" strategic="false"
                  securityDomain="false"/>
  <roles>
    <role type="productOwner" internal="true"><name>Erika Beispiel</name><orgUnit>Referat X 1</orgUnit></role>
  </roles>
  <budget currency="EUR" total="150000.50">
    <year year="2026" investment="100000" operation="20000.50" personnel="30000"/>
    <fundingSource type="ownChapter" share="100"/>
  </budget>
  <timeline start="2026-01-01" end="2026-12-31">
    <milestone id="m1" type="kickoff" date="2026-01-15" status="reached"><name>Start</name></milestone>
  </timeline>
  <targetGroups>
    <targetGroup type="internalStaff" crossBorder="false"/>
  </targetGroups>
  <architecture guidelineConformity="conformant" ossEvaluated="false">
    <component id="c-1" type="webApp" origin="cots" hostingModel="onPremise" hostingLocation="DE"
               operator="Referat Z 1" operatorType="internal" processesPersonalData="false"
               userFacing="false" internetFacing="false">
      <name>Werkzeug</name>
    </component>
  </architecture>
  <interfaces/>
  <data personalData="false" thirdCountryTransfer="false" producesRecords="false">
    <dataCategory id="d-1" personal="false" specialCategory="false" criminalData="false" confidential="false"
                  largeScale="false" source="generated"><name>Sachdaten</name></dataCategory>
  </data>
  <security/>
  <ai used="false"/>
  <competences>
    <skill area="operations" available="yes"/>
  </competences>
  <governance methodology="agile"/>
  <risks>
    <risk id="r1" category="technical" likelihood="1" impact="2"><description>Ausfall.</description></risk>
  </risks>
  <reuse/>
  <exitStrategy exists="false" lockInRisk="low"/>
  <interoperabilityAssessment required="no" status="notApplicable">
    <justification>Rein internes Werkzeug.</justification>
  </interoperabilityAssessment>
</proposal>
EOF

if validate "$base"; then
  pass "valid:    minimal document with the required sections only"
else
  fail "invalid:  minimal document with the required sections only"
  sed 's/^/      /' "$tmp/last.err"
fi

# reject DESCRIPTION SED-SCRIPT: apply SED-SCRIPT to the minimal document; the result must differ
# from it and must be rejected with a validation error.
n=0
reject() {
  local description="$1" script="$2" doc
  n=$((n + 1))
  doc="$tmp/invalid-$n.xml"
  sed -e "$script" "$base" >"$doc"
  if cmp -s "$base" "$doc"; then
    fail "rejected: $description (the change did not apply to the test document)"
    return
  fi
  validate "$doc"
  local rc=$?
  if [[ $rc -eq 3 ]]; then
    pass "rejected: $description"
  elif [[ $rc -eq 0 ]]; then
    fail "rejected: $description (the schema accepted it)"
  else
    fail "rejected: $description (xmllint exit code $rc, expected a validation error)"
    sed 's/^/      /' "$tmp/last.err"
  fi
}

reject "unknown value in a closed list (metadata/@status)"      's/status="draft"/status="final"/'
reject "impossible calendar date (timeline/@end 2026-02-30)"    's/end="2026-12-31"/end="2026-02-30"/'
reject "date with time zone (metadata/@date)"                   's/date="2026-01-15" status/date="2026-01-15Z" status/'
reject "date in German notation (milestone/@date)"              's/date="2026-01-15" status="reached"/date="15.01.2026" status="reached"/'
reject "boolean written as 1 (classification/@strategic)"       's/strategic="false"/strategic="1"/'
reject "wrong format version (proposal/@schemaVersion)"         's/schemaVersion="1.0"/schemaVersion="2.0"/'
reject "root element in a namespace"                            's|<proposal schemaVersion|<proposal xmlns="urn:example:vorhaben" schemaVersion|'
reject "project id not matching Ressort-Jahr-Nummer"            's/id="BMX-2026-001"/id="BMX-26-1"/'
reject "amount with three fraction digits (budget/@total)"      's/total="150000.50"/total="150000.505"/'
reject "negative amount (year/@personnel)"                      's/personnel="30000"/personnel="-30000"/'
reject "amount in German notation (year/@investment)"          's/investment="100000"/investment="100.000,00"/'
reject "share above 100 percent"                                's/share="100"/share="120"/'
reject "risk likelihood outside 1 to 5"                         's/likelihood="1"/likelihood="6"/'
reject "identifier starting with a digit (component/@id)"       's/id="c-1"/id="1c"/'
reject "country code in lower case (hostingLocation)"           's/hostingLocation="DE"/hostingLocation="de"/'
reject "free text consisting of blanks only (summary)"          's|<summary>[^<]*</summary>|<summary>   </summary>|'
reject "required attribute missing (component/@operatorType)"   's/ operatorType="internal"//'
reject "unknown attribute (metadata/@priority)"                 's/unit="Referat X 1"/unit="Referat X 1" priority="high"/'
reject "unknown element (metadata/keywords)"                    's|</summary>|</summary><keywords>Test</keywords>|'
reject "required section missing (ai)"                          '/<ai used="false"\/>/d'
reject "sections in the wrong order (security after ai)"        '/<security\/>/d; s|<ai used="false"/>|<ai used="false"/><security/>|'
reject "empty required section list (roles without role)"       '/<role type="productOwner"/d'
reject "duration not in ISO 8601 (exitStrategy/@noticePeriod)"  's/lockInRisk="low"/lockInRisk="low" noticePeriod="6 Monate"/'

echo "schema: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
