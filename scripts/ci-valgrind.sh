#!/usr/bin/env bash
# Runs the test suite of the normal build under Valgrind (memcheck): exits non-zero on any
# invalid read or write, use of uninitialised memory, definite or indirect leak, or failing
# test.
#   scripts/ci-valgrind.sh [BUILD_DIR]      (default: build; configured and built if needed)
# Every test of ctest that runs konform (the shell tests, the binary's own) runs with konform
# under memcheck (a wrapper in BUILD_DIR/valgrind/bin), except those in `excluded` below,
# each with its reason; each test executable in BUILD_DIR/tests runs once with all its
# tests; konform itself runs on the samples. Two at a time; logs go to BUILD_DIR/valgrind/.
# Suppressed: RE2's deliberate reads of uninitialised memory (tests/robustness/valgrind.supp).
# About 5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"

if ! command -v valgrind >/dev/null; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends valgrind >/dev/null
fi
if [ ! -f "$build/CMakeCache.txt" ]; then
  scripts/install-deps.sh
  cmake -S . -B "$build" -G Ninja
fi
cmake --build "$build"

logs="$build/valgrind"
rm -rf "$logs"
mkdir -p "$logs"
export KONFORM_SOURCE_DIR="$PWD"
# shellcheck disable=SC2054  # the commas belong to the option values
memcheck=(valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
          --show-leak-kinds=definite,indirect --num-callers=40
          "--suppressions=$PWD/tests/robustness/valgrind.supp")
build_dir="$(cd "$build" && pwd)"  # absolute, as in ctest's test commands
konform="$build_dir/src/konform"

# The shell tests get, in place of the binary, a wrapper that runs it under memcheck. Each
# run logs to $logs/wrapped/NAME.PID.valgrind (NAME from KONFORM_VALGRIND_NAME); its exit
# code 99 on a memcheck error is not relied on (the scripts may expect a failing konform),
# the logs are read instead (wrapped, below).
mkdir -p "$logs/bin" "$logs/wrapped"
wrapper="$build_dir/valgrind/bin/konform"
{
  echo '#!/bin/bash'
  printf 'exec'
  printf ' %q' "${memcheck[@]}"
  # shellcheck disable=SC2016  # expanded when the wrapper runs
  printf ' --log-file=%q/${KONFORM_VALGRIND_NAME:-konform}.%%p.valgrind' "$build_dir/valgrind/wrapped"
  printf ' %q "$@"\n' "$konform"
} >"$wrapper"
chmod +x "$wrapper"
# Tests that assert wall-clock bounds (EXPECT_LT(SecondsSince(start), ...)) cannot hold at
# Valgrind's 20-50x slowdown. They still run, and any memory error in them counts; only a
# failure whose every assertion is such a time bound is forgiven. The ordinary and sanitizer
# runs of ctest keep their bounds.
# failed_tests GTEST_OUTPUT: prints "timing NAME" or "other NAME" per failed test.
failed_tests() {
  awk '/^\[ RUN      \] / { name = $4; other = 0; next }
       /: Failure$/ { getline; if ($0 !~ /^Expected: \(SecondsSince\(/) other = 1; next }
       /^\[  FAILED  \] / { sub(/,$/, "", $4)
                            if (name != "" && $4 == name) { print (other ? "other " : "timing ") name; name = "" } }' "$1"
}

# check NAME EXIT_CODES COMMAND...: runs COMMAND under memcheck in the background. It passes
# when memcheck found nothing (its exit code 99, chosen apart from konform's and GoogleTest's
# own 1) and COMMAND's exit code is one of EXIT_CODES (comma-separated), or "gtest": 0, or 1
# with only wall-clock assertions failed.
pids=()
names=()
check() {
  local name="$1" codes="$2"
  shift 2
  (
    rc=0
    "${memcheck[@]}" --log-file="$logs/$name.valgrind" "$@" >"$logs/$name.out" 2>&1 || rc=$?
    if [ "$rc" -eq 99 ]; then
      echo "$name: memcheck found errors" >&2
      exit 1
    fi
    if [ "$codes" = gtest ]; then
      if [ "$rc" -eq 1 ]; then
        failed="$(failed_tests "$logs/$name.out")"
        if [ -n "$failed" ] && ! grep -q '^other ' <<<"$failed"; then
          echo "$name: only wall-clock assertions failed: $(cut -d' ' -f2 <<<"$failed" | tr '\n' ' ')" >&2
          exit 0
        fi
        echo "$name: failed tests: $(grep '^other ' <<<"$failed" | cut -d' ' -f2 | tr '\n' ' ')" >&2
      fi
      [ "$rc" -eq 0 ] && exit 0
    elif [[ ",$codes," == *",$rc,"* ]]; then
      exit 0
    fi
    echo "$name: exit code $rc (expected $codes)" >&2
    exit 1
  ) &
  started
}

# wrapped NAME DIR PASS_REGEX COMMAND...: runs a ctest test that runs konform (COMMAND, with
# $wrapper in place of the binary) in DIR, in the background. It passes when COMMAND exits 0
# (or 77, skipped: a tool it needs is missing) or, with a PASS_REGEX (ctest's
# PASS_REGULAR_EXPRESSION), its output matches; konform ran under memcheck at least once;
# and every such run ended with no memcheck error.
wrapped() {
  local name="$1" dir="$2" regex="$3"
  shift 3
  (
    rc=0
    (cd "$dir" && KONFORM_VALGRIND_NAME="$name" timeout 1200 "$@") >"$logs/$name.out" 2>&1 || rc=$?
    shopt -s nullglob
    runs=("$logs/wrapped/$name".*.valgrind)
    bad=()
    for log in "${runs[@]}"; do
      grep -q '^==[0-9]*== ERROR SUMMARY: 0 errors' "$log" || bad+=("$log")
    done
    if [ "${#bad[@]}" -gt 0 ]; then
      echo "$name: memcheck found errors in ${#bad[@]} of ${#runs[@]} konform runs: ${bad[*]}" >&2
      exit 1
    fi
    if [ -n "$regex" ]; then
      grep -qE -- "$regex" "$logs/$name.out" || { echo "$name: output lacks /$regex/" >&2; exit 1; }
    elif [ "$rc" -eq 77 ]; then
      echo "$name: skipped: $(tail -n 1 "$logs/$name.out")" >&2
      exit 0
    elif [ "$rc" -ne 0 ]; then
      echo "$name: exit code $rc; output in $logs/$name.out" >&2
      exit 1
    fi
    if [ "${#runs[@]}" -eq 0 ]; then
      echo "$name: konform never ran" >&2
      exit 1
    fi
    echo "$name: ${#runs[@]} konform runs under memcheck" >&2
  ) &
  started
}

started() {  # records the job just started; waits while two run (the machine has two cores)
  pids+=($!)
  names+=("$name")
  while [ "$(jobs -rp | wc -l)" -ge 2 ]; do sleep 1; done
}

start=$SECONDS
# Every test of ctest that runs konform (its command names the binary): the shell tests of
# tests/ and bench/, and the binary's own tests. They go first because some are the longest
# runs here (bench_schematron_agreement: about 40 konform runs on 200 generated proposals).
# Not run under Valgrind, and why:
excluded=(
  # Ten Chromium starts, none of whose time is spent in konform; its konform runs write the
  # HTML and JSON reports, which e2e_cli_test's golden tests write in-process under memcheck.
  report_html_chromium
  # They assert that a refusal takes under a second; Valgrind alone takes 3-4 s to start
  # konform. The refusals (K5003 by size, K5001 not a regular file) run in
  # rule_test_hostile_files and directory_problems.
  robustness_sparse_2g robustness_baseline_size
  # They assert a peak RSS under 128 MiB (20,000 documents; 8,000 findings on one long
  # line), and Valgrind's own memory is 88 MiB on a one-line document: long_line_memory
  # measures 154 MiB under memcheck. Their documents take the same paths as the samples
  # (every finding's line excerpt is cut by the same code), which run under memcheck here.
  robustness_many_files robustness_long_line_memory
  # It deletes a file once /proc/PID/io shows that konform has read 4 MB. Under Valgrind
  # that count includes Valgrind reading konform's debug information, so the file vanishes
  # before the directory is listed and the case proves nothing (it fails: exit code 0).
  robustness_vanishing_file
)
# Not listed here, because konform does not run in them: schema_samples (xmllint), the
# GoogleTest cases and robustness_replay_* (their executables run whole below).
ctest_runs=0
while IFS= read -r -d '' name && IFS= read -r -d '' dir && IFS= read -r -d '' regex &&
      IFS= read -r -d '' argc; do
  command=()
  for ((i = 0; i < argc; i++)); do
    IFS= read -r -d '' arg
    command+=("$arg")
  done
  wrapped "$name" "$dir" "$regex" "${command[@]}"
  ctest_runs=$((ctest_runs + 1))
done < <(ctest --test-dir "$build" --show-only=json-v1 |
         python3 -c '
import json, sys
konform, wrapper, excluded = sys.argv[1], sys.argv[2], set(sys.argv[3:])
for test in json.load(sys.stdin)["tests"]:
    properties = {p["name"]: p["value"] for p in test.get("properties", [])}
    command = test.get("command") or []
    if konform not in command or properties.get("DISABLED") or test["name"] in excluded:
        continue
    command = [wrapper if arg == konform else arg for arg in command]
    regex = "|".join(properties.get("PASS_REGULAR_EXPRESSION", []))
    fields = [test["name"], properties.get("WORKING_DIRECTORY", "."), regex, str(len(command))]
    sys.stdout.write("".join(field + "\0" for field in fields + command))
' "$konform" "$wrapper" "${excluded[@]}")
if [ "$ctest_runs" -eq 0 ]; then
  echo "valgrind: no ctest test names $konform; is $build configured here?" >&2
  exit 1
fi

for exe in "$build"/tests/*; do
  if [ ! -f "$exe" ] || [ ! -x "$exe" ]; then continue; fi
  name="$(basename "$exe")"
  case "$name" in
    fuzz_rules_replay) check "$name" 0 "$exe" --suffix=.rules rules tests/robustness/corpus/rules ;;
    fuzz_xml_replay)
      check "$name" 0 "$exe" --suffix=.xml samples tests/rules tests/golden tests/robustness/corpus/xml ;;
    fuzz_check_replay)
      check "$name" 0 "$exe" --suffix=.xml samples tests/robustness/corpus/check ;;
    *) check "$name" gtest "$exe" ;;  # a GoogleTest executable: all its tests
  esac
done
# konform itself on the samples (rule_fixtures, the binary's --version and lint of the
# built-in packs come from ctest above).
check konform_check_samples 0,1 "$konform" check -j 2 samples/
check konform_check_json 0,1 "$konform" check --format json --lang en samples/
check konform_check_waivers 0,1 "$konform" check --profile final-approval \
  --waivers docs/examples/waivers.xml samples/
check konform_lint 0 "$konform" lint rules/
check konform_explain 0 "$konform" explain SEC-001

status=0
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then
    echo "ok    ${names[$i]}"
  else
    echo "FAIL  ${names[$i]} (see $logs/${names[$i]}.out and .valgrind or wrapped/)"
    cat "$logs/${names[$i]}.valgrind" "$logs/wrapped/${names[$i]}".*.valgrind 2>/dev/null |
      grep -E '^==[0-9]+== +(Invalid|Conditional|Use of|Syscall|Mismatched|[0-9,]+ bytes in)' |
      head -n 20 || true
    status=1
  fi
done
echo "valgrind: ${#pids[@]} runs in $((SECONDS - start)) s, $([ "$status" -eq 0 ] && echo clean || echo FAILED)"
exit "$status"
