#!/usr/bin/env bash
# Resource limits and hostile inputs, against the built binary (docs/robustness.md).
#   tests/robustness/limits.sh KONFORM CASE
# Each case works in its own temporary directory and removes it. Cases that measure time
# or memory use small rule files of their own, so that what is measured is the document
# handling and not the compilation of the built-in packs.
set -euo pipefail

konform="$(realpath "$1")"
case_name="$2"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/konform-robustness.XXXXXX")"
cleanup() {
  chmod -R u+rwx "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

# In sanitizer builds, keep ASan's quarantine of freed memory small so that the peak RSS
# still says whether documents are kept after they were checked.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"

fail() {
  echo "FAIL ($case_name): $*" >&2
  if [ -f out.txt ]; then head -c 4000 out.txt >&2; fi
  exit 1
}

# run ARGS...: runs konform with ARGS; sets rc, ms (wall time) and rss (peak KiB); output in
# out.txt. A hang is ended after $limit seconds and fails the case.
limit=120
run() {
  local result
  result="$(python3 "$here/measure.py" out.txt timeout "$limit" "$konform" "$@")"
  read -r rc ms rss <<<"$result"
  # %q: file names with control characters appear quoted ($'\033...'), not raw in the log.
  printf 'konform'
  printf ' %q' "$@"
  echo " -> exit $rc, ${ms} ms, peak ${rss} KiB"
  if [ "$rc" -eq 124 ]; then fail "did not finish within $limit s"; fi
  if [ "$rc" -lt 0 ] || [ "$rc" -ge 3 ]; then fail "exit code $rc (crash or internal error)"; fi
}

# baseline ARGS...: peak RSS (KiB) of konform with ARGS on a one-line document; a run that
# reads nothing more must stay close to it (sanitizer builds start far higher than others).
baseline() {
  echo '<proposal schemaVersion="1.0"/>' >tiny.xml
  run "$@" tiny.xml
  base_rss="$rss"
}

expect_rc() { [ "$rc" -eq "$1" ] || fail "exit code $rc, expected $1"; }
expect_out() { grep -qE -- "$1" out.txt || fail "output lacks /$1/"; }
expect_no_out() { if grep -qE -- "$1" out.txt; then fail "output has /$1/"; fi; }

# A rule that holds for every document with a root element: finds nothing, costs nothing.
cat >trivial.rules <<'EOF'
rule ROB-000 "Wurzelelement vorhanden" {
  severity error
  area robustness
  source "tests/robustness"
  require exists(/*)
  message "kein Wurzelelement"
}
EOF
trivial=(--no-default-rules --rules trivial.rules)

# repeat N TEXT: TEXT N times, without separators (`yes` ends by SIGPIPE, which is fine).
repeat() { { yes "$2" || true; } | head -n "$1" | tr -d '\n'; }

case "$case_name" in
  sparse_2g)
    # Refused by its size, before a byte is read: quickly, and without memory to hold it.
    truncate -s 2G big.xml
    baseline check "${trivial[@]}"
    run check "${trivial[@]}" big.xml
    expect_rc 2
    expect_out 'big\.xml: error\[K5003\]: file too large \(2147483648 bytes; limit 67108864'
    [ "$ms" -lt 1000 ] || fail "took ${ms} ms"
    [ "$rss" -lt $((base_rss + 32768)) ] || fail "peak RSS ${rss} KiB (${base_rss} without it)"
    ;;

  deep_nesting)
    { repeat 1000000 '<a>'; repeat 1000000 '</a>'; } >deep.xml
    run check "${trivial[@]}" deep.xml
    expect_rc 2
    expect_out 'deep\.xml:1:769: error\[K4003\]: elements are nested more than 256 levels deep'
    # With the limit raised, the same document is checked: no recursion runs out of stack.
    run check "${trivial[@]}" --max-depth 2000000 deep.xml
    expect_rc 0
    ;;

  many_attributes)
    { printf '<proposal'; seq -f ' a%.0f=""' 1 1000000 | tr -d '\n'; printf '/>\n'; } >attrs.xml
    run check "${trivial[@]}" attrs.xml
    expect_rc 2
    expect_out 'attrs\.xml:1:[0-9]+: error\[K4003\]: element has more than 256 attributes'
    run check "${trivial[@]}" --max-attributes 1000000 attrs.xml
    expect_rc 0
    ;;

  huge_text)
    # 100 MB of text in one node. With the default limits the file size refuses it first
    # (K5003, 64 MiB); past that, the text limit (K4003, 16 MiB); with both raised it is
    # checked like any other proposal, by the built-in packs too.
    {
      printf '<proposal schemaVersion="1.0">\n<metadata id="BIG-1"/>\n<summary>\n'
      head -c 100000000 /dev/zero | tr '\0' 'a'
      printf '\n</summary>\n</proposal>\n'
    } >text.xml
    baseline check -q
    run check -q text.xml
    expect_rc 2
    expect_out "text\\.xml: error\\[K5003\\]: file too large \\($(stat -c %s text.xml) bytes; limit 67108864"
    [ "$rss" -lt $((base_rss + 32768)) ] || fail "peak RSS ${rss} KiB (${base_rss} without it)"
    run check -q --max-file-size 200000000 text.xml
    expect_rc 2
    expect_out 'text\.xml:4:16777[0-9]+: error\[K4003\]: text starting at 3:[0-9]+ is longer than 16777216 bytes'
    run check -q --max-file-size 200000000 --max-text 200000000 text.xml
    expect_rc 1
    expect_out 'text\.xml: nicht freigabefähig'
    expect_no_out 'K4003|K5003'
    ;;

  regex_backtracking)
    # A pattern that takes exponential time in a backtracking engine (PCRE, std::regex) on
    # 100,000 'a' followed by '!'. RE2 runs in linear time: a fraction of a second.
    cat >re.rules <<'EOF'
rule ROB-001 "Nur a" {
  severity error
  area robustness
  source "tests/robustness"
  require /doc/@v matches "^(a+)+$"
  message "{len(/doc/@v)} Zeichen, nicht nur a"
}
EOF
    { printf '<doc v="'; repeat 100000 a; printf '!"/>\n'; } >bang.xml
    { printf '<doc v="'; repeat 100000 a; printf '"/>\n'; } >plain.xml
    run check --no-default-rules --rules re.rules bang.xml
    expect_rc 1
    expect_out 'error\[ROB-001\] 100001 Zeichen, nicht nur a'
    [ "$ms" -lt 10000 ] || fail "took ${ms} ms"
    run check --no-default-rules --rules re.rules plain.xml
    expect_rc 0
    [ "$ms" -lt 10000 ] || fail "took ${ms} ms"
    ;;

  directory_problems)
    # One directory with everything that can go wrong next to two good proposals: each
    # problem is reported with its file, the good ones are still checked, exit code 2.
    mkdir -p dir/sub
    cp "$here/../../samples/kleines-internes-werkzeug.xml" dir/good.xml
    cp dir/good.xml dir/sub/good.xml
    mkfifo dir/fifo.xml                  # would block a reader that opened it
    ln -s nowhere.xml dir/dangling.xml   # dangling symlink
    ln -s loop.xml dir/loop.xml          # symlink to itself (ELOOP)
    ln -s .. dir/sub/up                  # directory symlink cycle: must not be followed
    ln -s .. dir/sub/cycle.xml           # ... also not when it looks like a document
    head -c 4096 /dev/urandom >dir/binary.xml
    echo 'Dies ist kein XML.' >dir/text.xml
    : >dir/empty.xml
    printf '<proposal schemaVersion="1.0">\n' >dir/truncated.xml
    echo '<proposal schemaVersion="1.0"/>' >dir/unreadable.xml
    chmod 000 dir/unreadable.xml
    # root reads any file whatever its mode; without the capabilities that allow it, root
    # is held to the mode like everyone else.
    runner=()
    if [ "$(id -u)" -eq 0 ]; then
      # shellcheck disable=SC2054  # the commas belong to the option values
      runner=(setpriv --inh-caps=-dac_override,-dac_read_search
              --bounding-set=-dac_override,-dac_read_search --)
    fi
    unreadable=yes
    if "${runner[@]}" cat dir/unreadable.xml >/dev/null 2>&1; then
      unreadable=no
      echo "note: cannot make a file unreadable here (root with CAP_DAC_OVERRIDE that" \
           "cannot be dropped); that part is not tested"
      rm -f dir/unreadable.xml
    fi
    result="$(python3 "$here/measure.py" out.txt timeout 120 "${runner[@]}" "$konform" check \
              --format json -o report.json dir)"
    read -r rc ms rss <<<"$result"
    echo "konform check --format json dir -> exit $rc, ${ms} ms"
    expect_rc 2
    python3 - report.json "$unreadable" <<'EOF' || fail "report does not match"
import json, sys
report = json.load(open(sys.argv[1]))
docs = {d["path"]: d for d in report["documents"]}
expected = {
    "dir/fifo.xml": ("K5001", "not a regular file"),
    "dir/dangling.xml": ("K5001", "No such file or directory"),
    "dir/loop.xml": ("K5001", "Too many levels of symbolic links"),
    "dir/binary.xml": ("K400", ""),
    "dir/text.xml": ("K4001", "text before the root element"),
    "dir/empty.xml": ("K4001", "empty document"),
    "dir/truncated.xml": ("K4001", "not closed"),
}
if sys.argv[2] == "yes":
    expected["dir/unreadable.xml"] = ("K5001", "Permission denied")
ok = True
for path, (code, text) in expected.items():
    doc = docs.get(path)
    problems = doc["problems"] if doc else []
    if not doc or doc["verdict"] != "not-checked" or not any(
            p["code"].startswith(code) and text in p["message"] for p in problems):
        print(f"{path}: expected {code} '{text}', got {doc}")
        ok = False
for path in ("dir/good.xml", "dir/sub/good.xml"):
    if docs.get(path, {}).get("verdict") in (None, "not-checked"):
        print(f"{path}: not checked")
        ok = False
# The cycle is not followed: nothing below dir/sub/up or dir/sub/cycle.xml.
extra = set(docs) - set(expected) - {"dir/good.xml", "dir/sub/good.xml"}
if extra:
    print(f"unexpected documents: {sorted(extra)}")
    ok = False
sys.exit(0 if ok else 1)
EOF
    ;;

  vanishing_file)
    # z.xml is deleted after the directory was listed, while a.xml (first in order, one
    # worker) is being evaluated: it is reported, a.xml is checked, exit code 2.
    cat >slow.rules <<'EOF'
rule ROB-003 "Werte eindeutig" {
  severity info
  area robustness
  source "tests/robustness"
  require every $x in /r/e satisfies count(/r/e[@v = $x/@v]) = 1
  message "doppelter Wert"
}
EOF
    mkdir dir
    {
      printf '<r>\n<!-- '
      head -c 4000000 /dev/zero | tr '\0' 'x'
      printf ' -->\n'
      seq -f '<e v="%.0f"/>' 1 1000
      printf '</r>\n'
    } >dir/a.xml
    echo '<r><e v="1"/></r>' >dir/z.xml
    size="$(stat -c %s dir/a.xml)"
    "$konform" check -j 1 --no-default-rules --rules slow.rules dir >out.txt 2>&1 &
    pid=$!
    # Once konform has read a.xml, the directory has been listed (/proc/PID/io: rchar).
    while read_bytes="$(awk '/^rchar:/ { print $2 }' "/proc/$pid/io" 2>/dev/null)" &&
          [ "${read_bytes:-0}" -lt "$size" ]; do
      sleep 0.01
    done
    rm dir/z.xml
    alive=yes
    kill -0 "$pid" 2>/dev/null || alive=no
    rc=0
    wait "$pid" || rc=$?
    echo "konform check -j 1 dir -> exit $rc (running when z.xml was deleted: $alive)"
    [ "$alive" = yes ] || fail "konform finished before z.xml was deleted; the case proves nothing"
    expect_rc 2
    expect_out 'dir/z\.xml: error\[K5001\]: cannot read file: No such file or directory'
    expect_out 'dir/a\.xml: freigabefähig'
    ;;

  many_files)
    # 20,000 documents of 8 KiB each (160 MiB in all), with few file descriptors: each
    # document is closed and freed once checked, so the peak RSS stays far below the input.
    mkdir dir
    padding="$(head -c 8000 /dev/zero | tr '\0' 'x')"
    for i in $(seq 1 20000); do
      printf '<proposal schemaVersion="1.0"><!-- %s --><metadata id="P-%05d"/></proposal>\n' \
        "$padding" "$i" >"dir/p$i.xml"
    done
    ulimit -n 64
    run check -q "${trivial[@]}" dir
    expect_rc 0
    expect_out '^20000 Dokumente: 20000 freigabefähig'
    [ "$rss" -lt 131072 ] || fail "peak RSS ${rss} KiB for 160 MiB of documents"
    ;;

  terminal_escapes)
    # Control characters from the input never reach the terminal: the text report shows them
    # as \x1b, \x07, \r, ... (docs/reports.md) in the quoted source line of a malformed
    # document (the caret still under its column), in file names and in messages with
    # document values; so do the github and md formats, `konform test`, and the diagnostics
    # of rule files on stderr. A proposal cannot retitle the window or rewrite the screen.
    no_controls() {
      if LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' out.txt; then
        fail "control characters from the input in the output"
      fi
    }
    printf '<proposal schemaVersion="1.0">\033]0;pwned\007\033[2J</proposal>\n' >esc.xml
    run check --color never esc.xml
    expect_rc 2
    expect_out '^esc\.xml:1:31: error\[K4001\]: character U\+001B is not allowed'
    expect_out '^    1 \| <proposal schemaVersion="1\.0">\\x1b\]0;pwned\\x07\\x1b\[2J</proposal>$'
    expect_out '^      \| {31}\^$'
    no_controls
    # With colour, konform's own escape sequences only.
    run check --color always esc.xml
    expect_rc 2
    if grep -qF -e $'\033]' -e $'\033[2J' -e $'\007' out.txt; then
      fail "control characters from the document in the coloured report"
    fi

    # A file name with BEL and ESC, holding a lone byte 0x9B (8-bit CSI, not UTF-8); a
    # well-formed document with CR and LF (character references), C1 CSI and DEL in a value
    # that a message quotes.
    name=$'bell\a\033[31m.xml'
    printf '<p>\x9b[31m</p>\n' >"$name"
    printf '<doc><v>a&#13;&#10;forged.xml: freigabef\xc3\xa4hig \xc2\x9b31m\x7f</v></doc>\n' \
      >value.xml
    cat >value.rules <<'EOF'
rule ROB-005 "Wert leer" {
  severity error
  area robustness
  source "tests/robustness"
  require /doc/v = ""
  message "Wert: {/doc/v}"
}
EOF
    run check --color never --no-default-rules --rules value.rules value.xml "$name"
    expect_rc 2
    expect_out '^bell\\x07\\x1b\[31m\.xml:1:4: error\[K4004\]'
    expect_out '^    1 \| <p>\\x9b\[31m</p>$'
    expect_out '^bell\\x07\\x1b\[31m\.xml: nicht geprüft$'
    expect_out 'error\[ROB-005\] Wert: a forged\.xml: freigabefähig \\x9b31m\\x7f$'
    no_controls
    for format in github md; do
      run check --format "$format" --no-default-rules --rules value.rules value.xml "$name"
      expect_rc 2
      expect_out 'x9b31m'
      no_controls
    done
    # On stderr: the verdict summary of a report written to a file, rule file diagnostics.
    run check --format json -o report.json --no-default-rules --rules value.rules "$name"
    expect_rc 2
    expect_out '^bell\\x07\\x1b\[31m\.xml: nicht geprüft$'
    no_controls
    printf 'rule ROB-006 "Titel" {\n  severity \033]0;pwned\007\n}\n' >bad.rules
    run lint bad.rules
    expect_rc 2
    expect_out '^bad\.rules:2:[0-9]+: error\[K1'
    expect_out '^    2 \|   severity \\x1b\]0;pwned\\x07$'
    no_controls
    # `konform test`: failures name the fixture.
    mkdir fixtures
    cp esc.xml "fixtures/$name"
    run test --no-default-rules --rules value.rules fixtures
    expect_rc 1
    expect_out '^fixtures/bell\\x07\\x1b\[31m\.xml:1: fixture has no expectations'
    no_controls
    ;;

  hidden_characters)
    # Characters that hide or rearrange text: bidirectional overrides and isolates (U+202E,
    # U+2066), the separators U+2028/U+2029 and C1 controls, in a document value that a
    # message quotes and in a file name that also holds a byte that is not UTF-8. JSON, SARIF
    # and GitLab reports stay valid JSON in valid UTF-8 and hold the exact text as \u
    # escapes; the text report, `konform explain` and `konform rules` show them as \u202e.
    raw_hidden() {
      if LC_ALL=C grep -qP '\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]|\xc2[\x80-\x9f]' "$1"; then
        fail "$1 holds a hidden character raw"
      fi
    }
    name=$'evil\xe2\x80\xaelmx.\xff.xml'
    printf '<doc><v>ok\xe2\x80\xae}if{\xe2\x81\xa6 \xe2\x80\xa8 \xc2\x9b</v></doc>\n' >"$name"
    # The rule title holds U+202E itself (the rule language has no escapes).
    printf '%s\n' 'rule ROB-007 "Wert leer RLO" {' '  severity error' '  area robustness' \
      '  source "tests/robustness"' '  require /doc/v = ""' '  message "Wert: {/doc/v}"' '}' |
      sed $'s/RLO/\xe2\x80\xae/' >hidden.rules
    for format in json sarif gitlab; do
      run check --format "$format" -o "report.$format" --no-default-rules --rules hidden.rules \
        "$name"
      expect_rc 1
      raw_hidden "report.$format"
      python3 -c '
import json, sys
text = open(sys.argv[1], "rb").read().decode("utf-8")  # strict: invalid UTF-8 fails
report = json.loads(text)
assert "\\u202e" in text and "\\u2066" in text and "\\u2028" in text, "escapes missing"
# Decoded, the message holds the exact characters of the document.
decoded = json.dumps(report, ensure_ascii=False)
assert "ok\u202e}if{\u2066 \u2028 \u009b" in decoded, "text changed"
' "report.$format" || fail "report.$format is not valid JSON or lost text"
    done
    run check --color never --no-default-rules --rules hidden.rules "$name"
    expect_rc 1
    expect_out 'Wert: ok\\u202e\}if\{\\u2066 \\u2028 \\x9b$'
    expect_out '^evil\\u202elmx\.\\xff\.xml: nicht freigabefähig'
    raw_hidden out.txt
    run explain --no-default-rules --rules hidden.rules ROB-007
    expect_rc 0
    expect_out '^ROB-007 — Wert leer \\u202e$'
    raw_hidden out.txt
    run rules --no-default-rules --rules hidden.rules
    expect_rc 0
    expect_out 'Wert leer \\u202e$'
    raw_hidden out.txt
    ;;

  baseline_size)
    # --baseline is read like a document: a regular file of at most 64 MiB, refused by its
    # size before a byte is read; a FIFO or device is never opened (a FIFO would block,
    # /dev/zero never ends). A baseline that cannot be read means nothing is checked, with
    # the file and the reason, exit code 2.
    truncate -s 512M baseline.json
    baseline check -q "${trivial[@]}"
    run check -q "${trivial[@]}" --baseline baseline.json tiny.xml
    expect_rc 2
    expect_out '^baseline\.json: error\[K5003\]: cannot read the baseline: file too large \(536870912 bytes; limit 67108864\)$'
    [ "$ms" -lt 1000 ] || fail "took ${ms} ms"
    [ "$rss" -lt $((base_rss + 32768)) ] || fail "peak RSS ${rss} KiB (${base_rss} without it)"
    limit=20
    mkfifo fifo.json
    mkdir dir.json
    ln -s /dev/zero zero.json
    for file in /dev/zero zero.json fifo.json dir.json; do
      run check -q "${trivial[@]}" --baseline "$file" tiny.xml
      expect_rc 2
      expect_out "^${file//./\\.}: error\\[K5001\\]: cannot read the baseline: not a regular file\$"
    done
    run check -q "${trivial[@]}" --baseline missing.json tiny.xml
    expect_rc 2
    expect_out '^missing\.json: error\[K5001\]: cannot read the baseline: cannot read file: No such file or directory$'
    # A baseline that konform wrote is still read.
    run check "${trivial[@]}" --format json -o report.json tiny.xml
    expect_rc 0
    run check -q "${trivial[@]}" --baseline report.json --fail-on-new tiny.xml
    expect_rc 0
    expect_no_out 'K5|K7'
    ;;

  rule_test_hostile_files)
    # `konform test` reads fixtures as `konform check` reads documents: a FIFO, device or
    # directory named *.xml is never opened (a FIFO cannot block the run), a file over
    # 64 MiB is refused by its size, and each fixture that cannot be read is reported with
    # its name and the reason. The other fixtures are still run; exit code 2.
    mkdir -p dir/directory.xml
    cp "$here/../../tests/rules/governance/gov-013-ohne-ziele.xml" dir/good.xml
    mkfifo dir/fifo.xml
    ln -s nowhere.xml dir/dangling.xml
    ln -s loop.xml dir/loop.xml
    ln -s /dev/zero dir/zero.xml
    truncate -s 2G dir/huge.xml
    baseline test
    limit=20
    run test dir
    expect_rc 2
    expect_out '^7 fixtures \(6 could not be read\)$'
    expect_out '^1 passed, 6 failed$'
    unread='fixture could not be read: \[K5001\]'
    expect_out "^dir/dangling\\.xml: $unread cannot read file: No such file or directory\$"
    expect_out "^dir/directory\\.xml: $unread not a regular file\$"
    expect_out "^dir/fifo\\.xml: $unread not a regular file\$"
    expect_out "^dir/loop\\.xml: $unread cannot read file: Too many levels of symbolic links\$"
    expect_out "^dir/zero\\.xml: $unread not a regular file\$"
    expect_out '^dir/huge\.xml: fixture could not be read: \[K5003\] file too large \(2147483648 bytes; limit 67108864\)$'
    expect_no_out 'no expectations'
    [ "$rss" -lt $((base_rss + 32768)) ] || fail "peak RSS ${rss} KiB (${base_rss} without it)"
    ;;

  long_line_memory)
    # A finding keeps only the part of a long source line around it (report::Finding::
    # line_text), so memory does not grow with findings x line length: 2,000 components on
    # one 74 KB line give 8,000 findings (copying the line for each took about 600 MB).
    {
      printf '<proposal schemaVersion="1.0"><architecture>'
      seq -f '<component id="c%.0f" type="webApp"/>' 1 2000 | tr -d '\n'
      printf '</architecture></proposal>\n'
    } >oneline.xml
    run check -q oneline.xml
    expect_rc 1
    [ "$rss" -lt 131072 ] || fail "peak RSS ${rss} KiB for a $(stat -c %s oneline.xml)-byte document"
    ;;

  sibling_paths_linear)
    # Document::PathOf/StablePathOf rank the same-named siblings once per parent, so N
    # failing siblings cost O(N), not O(N^2): 4x the components may take at most about 8x
    # the time (counting the siblings per finding took 16x, and 90 s for 20,000).
    cat >each.rules <<'EOF'
rule ROB-004 "Schutzbedarf je Komponente" {
  severity error
  area robustness
  source "tests/robustness"
  for each $c in /proposal/architecture/component
  require exists($c/protectionNeed)
  message "Komponente {$c/@id} ohne Schutzbedarf"
}
EOF
    for n in 5000 20000; do
      {
        printf '<proposal schemaVersion="1.0"><architecture>\n'
        seq -f '<component id="c%.0f"/>' 1 "$n"
        printf '</architecture></proposal>\n'
      } >"c$n.xml"
    done
    run check -q --no-default-rules --rules each.rules c5000.xml
    small="$ms"
    run check -q --no-default-rules --rules each.rules c20000.xml
    expect_rc 1
    [ "$ms" -lt $((small * 8 + 500)) ] ||
      fail "4x the siblings took $((ms / (small > 0 ? small : 1)))x the time (${small} ms, ${ms} ms)"
    ;;

  *)
    fail "unknown case"
    ;;
esac
echo "ok: $case_name"
