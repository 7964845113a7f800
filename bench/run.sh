#!/usr/bin/env bash
# Throughput and latency of `konform check` against a plain pugixml parse of the same files.
#
# Usage: bench/run.sh [--no-build] [--no-peers] [N...]        (default N = 1000)
#
# For every N: generates N proposals in each size class (small 5-20 KB, medium 20-100 KB,
# large 100-500 KB; fixed seeds) and measures on each class
#   - parse baseline:     konform_parse_baseline (read + pugixml parse, one thread)
#   - konform --jobs 1:   konform check, all default rules, JSON report to /dev/null
#   - konform --jobs 0:   the same with one worker per core
#   - konform --jobs 1, no rules: a profile with no active rule, so what is left is reading,
#                         the strict well-formedness check, pugixml, the index, the SHA-256
#                         of each document and the report: konform's floor
#   - konform --jobs 1, covered rules: the built-in packs with a profile that activates only
#                         the rules of the Schematron peer (bench/peers/konform-peers.sch)
#   - xmllint --schematron: the peer schema on the same files, 1000 files per process
#   - xmllint parse only: xmllint --noout on the same files, the peer's floor
# and, once, the end-to-end latency of checking a single small proposal (process start to
# exit). Before timing a class, bench/peers/agree.py checks that konform and the Schematron
# report the same findings per rule and document; a disagreement stops the run. Every
# figure is the median of KONFORM_BENCH_RUNS runs (default 5) after one warm-up run; the
# commands take turns, run by run. konform exits 1 when a document is not approvable, xmllint
# 3 when an assert fails; that is expected. --no-peers leaves out the Schematron comparison.
#
# Environment:
#   KONFORM_BENCH_BUILD  build directory (default: <repo>/build-bench, Release)
#   KONFORM_BENCH_SOURCE source tree to build (default: this repository's working tree), e.g.
#                        an export of a commit: git archive HEAD | tar -x -C /tmp/konform-src
#   KONFORM_BENCH_DATA   where the proposals go (default: a fresh temporary directory, removed
#                        at the end); a set made earlier with the same N, seed and generator
#                        is reused
#   KONFORM_BENCH_RUNS   measured runs per figure (default 5)
#   KONFORM_BENCH_OUT    also write the Markdown tables to this file
#
# Needs cmake, ninja, a C++17 compiler, pugixml and the other build dependencies of konform,
# python3, xmllint (Debian: libxml2-utils) unless --no-peers, and GNU time at /usr/bin/time
# for peak RSS and CPU time; on Debian and Ubuntu it is the package `time` (apt-get install
# time), which minimal images lack. hyperfine is not used: one runner (measure.py) takes wall
# time, CPU time and peak RSS from the same runs.

set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "${bench_dir}")"
source_dir="${KONFORM_BENCH_SOURCE:-${repo_dir}}"
build_dir="${KONFORM_BENCH_BUILD:-${repo_dir}/build-bench}"
runs="${KONFORM_BENCH_RUNS:-5}"
build=1
peers=1
peer_schema="${bench_dir}/peers/konform-peers.sch"
# Files per xmllint process; each process compiles the schema once (under a millisecond).
peer_batch=1000

sizes=()
for arg in "$@"; do
  case "${arg}" in
    --no-build) build=0 ;;
    --no-peers) peers=0 ;;
    -h | --help)
      sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *)
      if [[ ! "${arg}" =~ ^[1-9][0-9]*$ ]]; then
        echo "run.sh: N must be a positive number, not '${arg}'" >&2
        exit 2
      fi
      sizes+=("${arg}")
      ;;
  esac
done
if [[ ${#sizes[@]} -eq 0 ]]; then
  sizes=(1000)
fi

for tool in python3 cmake ninja; do
  if ! command -v "${tool}" > /dev/null; then
    echo "run.sh: ${tool} is required" >&2
    exit 2
  fi
done
if [[ ${peers} -eq 1 ]] && ! command -v xmllint > /dev/null; then
  echo "run.sh: xmllint is required for the Schematron comparison (Debian: apt-get install" \
    "libxml2-utils), or run with --no-peers" >&2
  exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
  echo "run.sh: GNU time (/usr/bin/time) is required; on Debian: apt-get install time" >&2
  exit 2
fi

# --- build ------------------------------------------------------------------------------------

konform="${build_dir}/src/konform"
baseline="${build_dir}/bench/konform_parse_baseline"
if [[ ${build} -eq 1 ]]; then
  if [[ ! -f "${build_dir}/build.ninja" ]]; then
    echo "== configuring ${build_dir} (Release)"
    cmake -S "${source_dir}" -B "${build_dir}" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DBUILD_TESTING=OFF > /dev/null
  fi
  build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "${build_dir}/CMakeCache.txt")"
  if [[ "${build_type}" != "Release" ]]; then
    echo "run.sh: warning: ${build_dir} is a '${build_type}' build, not Release" >&2
  fi
  echo "== building konform"
  ninja -C "${build_dir}" konform > /dev/null
  # The baseline is part of the build once the top-level CMakeLists.txt includes bench/;
  # until then it is compiled here with the same flags.
  if ninja -C "${build_dir}" -t targets all 2> /dev/null | grep -q '^konform_parse_baseline:'; then
    ninja -C "${build_dir}" konform_parse_baseline > /dev/null
  else
    mkdir -p "${build_dir}/bench"
    if [[ ! -x "${baseline}" || "${bench_dir}/parse_baseline.cc" -nt "${baseline}" ]]; then
      cxx="$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "${build_dir}/CMakeCache.txt")"
      "${cxx:-c++}" -std=c++17 -O3 -DNDEBUG -Wall -Wextra -Wpedantic \
        "${bench_dir}/parse_baseline.cc" -o "${baseline}" -lpugixml
    fi
  fi
fi
for binary in "${konform}" "${baseline}"; do
  if [[ ! -x "${binary}" ]]; then
    echo "run.sh: ${binary} is missing (run without --no-build)" >&2
    exit 2
  fi
done

# --- data -------------------------------------------------------------------------------------

if [[ -n "${KONFORM_BENCH_DATA:-}" ]]; then
  data_dir="${KONFORM_BENCH_DATA}"
  mkdir -p "${data_dir}"
else
  data_dir="$(mktemp -d "${TMPDIR:-/tmp}/konform-bench.XXXXXX")"
  trap 'rm -rf "${data_dir}"' EXIT
fi
results="${data_dir}/results.jsonl"
: > "${results}"

# The konform side of the Schematron comparison: the built-in packs, and a file with a stage
# profile that leaves only the rules active that the Schematron covers.
covered_profile="${data_dir}/schematron-peer.rules"
if [[ ${peers} -eq 1 ]]; then
  python3 "${bench_dir}/peers/agree.py" --write-profile "${covered_profile}" | sed 's/^/== /'
  if command -v jing > /dev/null; then
    # Jing implements Schematron 1.5 (namespace http://www.ascc.net/xml/schematron), not the
    # ISO Schematron of konform-peers.sch; it would need a translated copy of the schema.
    echo "== jing found, not run: it reads Schematron 1.5, konform-peers.sch is ISO Schematron"
  fi
fi

# konform's floor: a pack without rules and a profile that activates only that pack.
no_rules_profile="${data_dir}/no-rules.rules"
cat > "${no_rules_profile}" << 'RULES'
# Written by bench/run.sh: no rule is active, so a check only loads, hashes and reports.
pack bench_floor {
  title "Messung ohne Regeln"
  version "1"
  area benchmark
}

profile no-rules {
  title "Keine Regel aktiv"
  packs bench_floor
}
RULES

classes=("small 5 20 101" "medium 20 100 102" "large 100 500 103")  # name, KB range, seed

# Generates N proposals of one class unless the directory already holds exactly that set.
generate() {
  local n="$1" name="$2" min_kb="$3" max_kb="$4" seed="$5" dir="$6"
  local stamp
  stamp="n=${n} seed=${seed} kb=${min_kb}-${max_kb} $(sha256sum "${bench_dir}/gen_proposals.py" |
    cut -c 1-16)"
  if [[ -f "${dir}/.generated" && "$(cat "${dir}/.generated")" == "${stamp}" ]]; then
    return
  fi
  rm -rf "${dir}"
  mkdir -p "${dir}"
  python3 "${bench_dir}/gen_proposals.py" --count "${n}" --seed "${seed}" --out "${dir}" \
    --min-kb "${min_kb}" --max-kb "${max_kb}" --manifest "${dir}.faults.jsonl" | sed 's/^/  /'
  echo "${stamp}" > "${dir}/.generated"
}

dir_bytes() {
  find "$1" -name '*.xml' -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f\n", s }'
}

# --- measurements -----------------------------------------------------------------------------

# measure SET FILES BYTES PATH [LIST]: parse baseline, konform --jobs 1 and --jobs 0 on PATH,
# and unless --no-peers konform with the covered rules and xmllint --schematron on the files
# named in LIST (one per line; PATH itself when LIST is not given), their runs interleaved.
measure() {
  local set_name="$1" files="$2" bytes="$3" input="$4" list="${5:-}"
  local check=("${konform}" check "${input}" --format json -o /dev/null)
  local peer_commands=()
  if [[ ${peers} -eq 1 ]]; then
    # xmllint reads its files from the command line; xargs passes them in batches of
    # peer_batch, so the set costs ceil(files / peer_batch) process start-ups and schema
    # compilations, against one start-up of konform. xargs exits 123 when an xmllint exits
    # with 3 (an assert failed).
    local peer=(xmllint --schematron "${peer_schema}" --noout)
    local peer_run=("${peer[@]}" "${input}") accept=0,3 processes=1
    local parse_run=(xmllint --noout "${input}")
    if [[ -n "${list}" ]]; then
      peer_run=(xargs -a "${list}" -d '\n' -n "${peer_batch}" "${peer[@]}")
      parse_run=(xargs -a "${list}" -d '\n' -n "${peer_batch}" xmllint --noout)
      accept=0,123
      processes=$(((files + peer_batch - 1) / peer_batch))
    fi
    peer_commands=(::: --label "konform --jobs 1, covered rules" "${konform}" check "${input}"
      --rules "${covered_profile}" --profile schematron-peer --format json -o /dev/null --jobs 1
      ::: --label "xmllint --schematron" --accept "${accept}" --processes "${processes}"
      "${peer_run[@]}"
      ::: --label "xmllint parse only" --processes "${processes}" "${parse_run[@]}")
  fi
  python3 "${bench_dir}/measure.py" run --set "${set_name}" --files "${files}" \
    --bytes "${bytes}" --runs "${runs}" --out "${results}" -- \
    --label "parse baseline" "${baseline}" "${input}" ::: \
    --label "konform --jobs 1" "${check[@]}" --jobs 1 ::: \
    --label "konform --jobs 0" "${check[@]}" --jobs 0 ::: \
    --label "konform --jobs 1, no rules" "${check[@]}" --jobs 1 --rules "${no_rules_profile}" \
    --profile no-rules "${peer_commands[@]}"
}

echo "== machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
echo "== konform: $("${konform}" --version 2>&1 | head -n 1), built from ${source_dir}" \
  "($(git -C "${source_dir}" describe --always --dirty 2> /dev/null || echo "no git metadata"))"
status=0
for n in "${sizes[@]}"; do
  for class in "${classes[@]}"; do
    read -r name min_kb max_kb seed <<< "${class}"
    dir="${data_dir}/n${n}/${name}"
    echo "== ${name} (${min_kb}-${max_kb} KB), N=${n};" \
      "load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
    generate "${n}" "${name}" "${min_kb}" "${max_kb}" "${seed}" "${dir}"
    bytes="$(dir_bytes "${dir}")"
    set_name="${name} ×${n}"
    # One checked run with a real report. A crash or an unchecked document stops the run;
    # evaluation errors are listed (they point at konform or its rule packs).
    code=0
    "${konform}" check "${dir}" --format json -o "${data_dir}/report.json" --jobs 0 \
      2> "${data_dir}/check.log" || code=$?
    if [[ ${code} -gt 1 ]]; then
      echo "run.sh: konform check exited with ${code} on ${dir}:" >&2
      tail -n 5 "${data_dir}/check.log" >&2
      exit 1
    fi
    python3 "${bench_dir}/measure.py" summary "${data_dir}/report.json" || status=1
    list=""
    if [[ ${peers} -eq 1 ]]; then
      # The Schematron must report what konform reports, rule by rule and document by
      # document, before their times are compared.
      if ! python3 "${bench_dir}/peers/agree.py" --konform "${konform}" "${dir}" \
        > "${data_dir}/agree.log"; then
        echo "run.sh: konform and the Schematron peer disagree on ${dir}:" >&2
        sed -n '/disagreements:/,$p' "${data_dir}/agree.log" | head -n 25 >&2
        exit 1
      fi
      echo "  $(tail -n 1 "${data_dir}/agree.log")"
      list="${dir}.files"
      find "${dir}" -name '*.xml' -type f | sort > "${list}"
    fi
    measure "${set_name}" "${n}" "${bytes}" "${dir}" "${list}"
  done
done

# Latency: one small proposal (the median-sized one of the small class), from process start
# to exit.
mapfile -t small_files < <(find "${data_dir}/n${sizes[0]}/small" -name '*.xml' -type f \
  -printf '%s %p\n' | sort -n | cut -d ' ' -f 2-)
single="${small_files[$(((${#small_files[@]} - 1) / 2))]}"
single_bytes="$(stat -c %s "${single}")"
echo "== latency of one document ($(basename "${single}"), ${single_bytes} bytes)"
measure "latency:$(basename "${single}")" 1 "${single_bytes}" "${single}"

echo "== done; load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo
if [[ -n "${KONFORM_BENCH_OUT:-}" ]]; then
  python3 "${bench_dir}/measure.py" table "${results}" | tee "${KONFORM_BENCH_OUT}"
else
  python3 "${bench_dir}/measure.py" table "${results}"
fi
exit "${status}"
