#!/usr/bin/env bash
# Runs the test executables of the normal build and konform itself under Valgrind (memcheck):
# exits non-zero on any invalid read or write, use of uninitialised memory, definite or
# indirect leak, or failing test.
#   scripts/ci-valgrind.sh [BUILD_DIR]      (default: build; configured and built if needed)
# Each test executable in BUILD_DIR/tests runs once with all its tests, two at a time; logs
# go to BUILD_DIR/valgrind/. Suppressed: RE2's deliberate reads of uninitialised memory
# (tests/robustness/valgrind.supp). About 4 minutes on 2 cores.
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
          --suppressions=tests/robustness/valgrind.supp)
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
  pids+=($!)
  names+=("$name")
  # Two at a time: the machine has two cores.
  while [ "$(jobs -rp | wc -l)" -ge 2 ]; do sleep 1; done
}

start=$SECONDS
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
konform="$build/src/konform"
check konform_check_samples 0,1 "$konform" check -j 2 samples/
check konform_check_json 0,1 "$konform" check --format json --lang en samples/
check konform_check_waivers 0,1 "$konform" check --profile final-approval \
  --waivers docs/examples/waivers.xml samples/
check konform_test_fixtures 0 "$konform" test --coverage tests/rules
check konform_lint 0 "$konform" lint rules/
check konform_explain 0 "$konform" explain SEC-001

status=0
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then
    echo "ok    ${names[$i]}"
  else
    echo "FAIL  ${names[$i]} (see $logs/${names[$i]}.valgrind and .out)"
    grep -E '^==[0-9]+== +(Invalid|Conditional|Use of|Syscall|Mismatched|[0-9,]+ bytes in)' \
      "$logs/${names[$i]}.valgrind" | head -n 20 || true
    status=1
  fi
done
echo "valgrind: ${#pids[@]} runs in $((SECONDS - start)) s, $([ "$status" -eq 0 ] && echo clean || echo FAILED)"
exit "$status"
