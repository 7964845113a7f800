#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) into build-fuzz/ and runs each for SECONDS (default 60).
#   scripts/ci-fuzz.sh [SECONDS]
# Exits non-zero when any target finds a crash, sanitizer report, leak, timeout or
# out-of-memory (libFuzzer's own exit codes); the input is left in
# build-fuzz/fuzz/artifacts/. The corpora grow in build-fuzz/fuzz/corpus/<target>/ across
# runs; the seeds come from the repository (fuzz/make-corpus.sh) and tests/robustness/corpus/.
# Environment: FUZZ_TARGETS (default "xml rules check"), FUZZ_TIMEOUT (seconds one input may
# take, default 25), FUZZ_JOBS (build parallelism, default 2), FUZZ_BUILD_DIR (default
# build-fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
targets="${FUZZ_TARGETS:-xml rules check}"
timeout="${FUZZ_TIMEOUT:-25}"
build="${FUZZ_BUILD_DIR:-build-fuzz}"

# clang and its libFuzzer runtime (Debian 12: clang 14); not needed for the ordinary build.
if ! command -v clang++ >/dev/null ||
   ! compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev >/dev/null
fi
scripts/install-deps.sh

# Every library is instrumented (coverage, ASan, UBSan); only the targets link libFuzzer.
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DKONFORM_FUZZ=ON \
  -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
  >/dev/null
build_targets=()
for t in $targets; do build_targets+=("fuzz_$t"); done
cmake --build "$build" --parallel "${FUZZ_JOBS:-2}" --target "${build_targets[@]}"

dir="$build/fuzz"
fuzz/make-corpus.sh "$dir"
mkdir -p "$dir/artifacts"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1"
status=0
for t in $targets; do
  case "$t" in
    # Whole rule packs (up to 40 KB) are slow inputs; the per-rule seeds are under 5 KB.
    rules) seeds="$dir/seeds/rules" dict="$dir/rules.dict" max_len=8192 ;;
    *) seeds="$dir/seeds/xml" dict="$dir/xml.dict" max_len=32768 ;;
  esac
  mkdir -p "$dir/corpus/$t"
  log="$dir/fuzz_$t.log"
  echo "fuzz_$t: ${seconds}s, log $log"
  # The first corpus directory receives new inputs; the others only seed it.
  rc=0
  "$dir/fuzz_$t" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 -max_len="$max_len" \
    -dict="$dict" -artifact_prefix="$dir/artifacts/$t-" -print_final_stats=1 \
    "$dir/corpus/$t" "$seeds" "tests/robustness/corpus/$t" >"$log" 2>&1 || rc=$?
  grep -E '^#[0-9]+[[:space:]]+DONE|^stat::(number_of_executed_units|peak_rss_mb)|^(==[0-9]+==)?(ERROR|SUMMARY)' \
    "$log" | sed 's/^/  /' || true
  if [ "$rc" -ne 0 ]; then
    echo "fuzz_$t: FAILED (exit $rc); input in $dir/artifacts/ ($t-*)"
    tail -n 40 "$log"
    status=1
  fi
done
exit "$status"
