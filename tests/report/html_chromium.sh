#!/usr/bin/env bash
# Renders konform's HTML reports in headless Chromium:
#   html_chromium.sh KONFORM [SCREENSHOT_DIR]
# 1. The report as written (with its Content-Security-Policy) loads without any console
#    message, i.e. without script errors and without blocked external resources.
# 2. The rendered DOM shows the verdicts and counts of the JSON report of the same run.
# 3. An accessibility audit runs in the page, evaluated over the DevTools protocol once the
#    report (as written) has loaded: lang, one h1 and no skipped heading levels, captions and
#    scoped header cells, unique ids and working in-page links, labelled SVG charts, a visible
#    keyboard focus, WCAG AA text contrast (4.5:1, 3:1 for large text) and 3:1 for chart bars.
# A screenshot of the sample portfolio is written to SCREENSHOT_DIR (default: a temporary
# directory) for review. Exit 77 (skipped) when no Chromium can run here.
set -euo pipefail
KONFORM=$(realpath "$1")
SHOTS=${2:-}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

CHROMIUM=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null; then CHROMIUM=$(command -v "$candidate"); break; fi
done
[ -n "$CHROMIUM" ] || skip "no chromium (Debian package chromium) on PATH"
command -v python3 >/dev/null || skip "python3 not found"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
[ -n "$SHOTS" ] || SHOTS=$WORK
mkdir -p "$SHOTS"

# Headless, no network, no extensions; each run gets a fresh profile.
FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --disable-extensions --enable-logging=stderr --v=0)
chrome() {  # chromium with a fresh profile and no network; extra flags follow
  timeout 120 "$CHROMIUM" "${FLAGS[@]}" --user-data-dir="$(mktemp -d "$WORK/profile.XXXXXX")" "$@"
}

chrome --dump-dom "file://$WORK" >/dev/null 2>"$WORK/probe.err" ||
  skip "chromium does not start here: $(tail -n 3 "$WORK/probe.err")"

# Reports: the sample portfolio with the board's waivers (German), one proposal in English,
# and edge cases (a rule that cannot be evaluated, a document that is not well-formed).
cat >"$WORK/edge.rules" <<'EOF'
pack edge { title "Randfälle" version "1.0" area governance }
rule E-TITLE "Titel vorhanden" {
  severity error
  source "Test"
  require exists(/proposal/title)
  message "Titel fehlt: <script>alert(1)</script>"
}
rule E-BUDGET "Budget ist eine Zahl" {
  severity info
  source "Test"
  when exists(/proposal/@budget)
  require /proposal/@budget > 0
  message "Budget ist nicht positiv."
}
EOF
printf '<proposal budget="viel"/>\n' >"$WORK/eval.xml"
printf '<proposal>\n  <a>\n</proposal>\n' >"$WORK/broken.xml"

render() {  # name, then konform check arguments: writes NAME.html and NAME.json
  local name=$1
  shift
  "$KONFORM" check --color never --as-of 2026-06-15 --format html -o "$WORK/$name.html" \
    --report "json=$WORK/$name.json" "$@" >/dev/null 2>&1 || true
  [ -s "$WORK/$name.html" ] && [ -s "$WORK/$name.json" ] || fail "$name: no report written"
}
render portfolio --waivers docs/examples/waivers.xml samples/
render english --lang en samples/ki-assistenz-posteingang.xml
render edge --no-default-rules --rules "$WORK/edge.rules" "$WORK/eval.xml" "$WORK/broken.xml"

# The audit is one expression whose value is the JSON result. It runs after the load event,
# through the DevTools protocol (which the report's Content-Security-Policy does not block).
cat >"$WORK/audit.js" <<'EOF'
(async function () {
  await document.fonts.ready;
  const problems = [];
  const parse = (c) => {
    const m = c.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/);
    return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null;
  };
  const luminance = (rgb) => {
    const [r, g, b] = rgb.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const background = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) return c;
    }
    return [255, 255, 255, 1];
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && el.className.baseVal === undefined ? '.' + el.className : '');

  // Text contrast, for every element that has text of its own.
  let checked = 0;
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.closest('title, desc, style')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const inSvg = el instanceof SVGElement;
    const fg = parse(inSvg ? style.fill : style.color);
    const bg = inSvg ? [255, 255, 255, 1] : background(el);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && +style.fontWeight >= 700);
    const r = ratio(fg, bg);
    checked++;
    if (r < (large ? 3 : 4.5)) {
      problems.push(`contrast ${r.toFixed(2)} of ${name(el)}: "${el.textContent.trim().slice(0, 40)}"`);
    }
  }
  // Chart bars against the page: 3:1 for graphical objects.
  for (const rect of document.querySelectorAll('svg rect')) {
    const fill = parse(getComputedStyle(rect).fill);
    if (fill && ratio(fill, [240, 240, 240, 1]) > 1.01) {
      const r = ratio(fill, [255, 255, 255, 1]);
      if (r < 3) problems.push(`bar contrast ${r.toFixed(2)}`);
    }
  }
  // Structure.
  if (!document.documentElement.lang) problems.push('no lang attribute');
  if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
  let level = 0;
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const next = +h.tagName[1];
    if (next > level + 1) problems.push(`heading level skipped before ${h.tagName}: ${h.textContent.slice(0, 40)}`);
    level = next;
  }
  for (const table of document.querySelectorAll('table')) {
    if (!table.querySelector('caption')) problems.push(`table without caption: ${name(table)}`);
  }
  for (const th of document.querySelectorAll('th')) {
    if (!['col', 'row'].includes(th.getAttribute('scope'))) problems.push('th without scope');
  }
  const ids = new Set();
  for (const el of document.querySelectorAll('[id]')) {
    if (ids.has(el.id)) problems.push(`duplicate id ${el.id}`);
    ids.add(el.id);
  }
  for (const a of document.querySelectorAll('a[href^="#"]')) {
    if (!document.getElementById(a.getAttribute('href').slice(1))) problems.push(`broken link ${a.href}`);
  }
  for (const svg of document.querySelectorAll('svg')) {
    const labels = (svg.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean);
    const text = labels.map((id) => (document.getElementById(id) || {}).textContent || '').join('');
    if (svg.getAttribute('role') !== 'img' || !text.trim()) problems.push('svg without role=img and label');
  }
  // Keyboard focus is visible on every focusable element. Blink matches :focus and
  // :focus-visible only while the page has focus; cdp.py emulates a focused page.
  if (!document.hasFocus()) problems.push('the page does not have focus (harness: focus emulation)');
  const focusable = document.querySelectorAll('a[href], [tabindex="0"]');
  for (const el of focusable) {
    el.focus();
    const style = getComputedStyle(el);
    if (document.activeElement !== el) problems.push(`cannot focus ${name(el)}`);
    else if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) {
      problems.push(`no visible focus on ${name(el)}`);
    }
  }
  return JSON.stringify({checked, focusable: focusable.length, problems});
})()
EOF

# cdp.py URL SCRIPT LOG CHROMIUM FLAG...: opens URL in Chromium driven over the DevTools
# protocol (--remote-debugging-pipe: JSON messages ending in NUL, commands on fd 3, answers on
# fd 4), waits until that document has loaded, evaluates the expression in SCRIPT (awaiting
# a promise) and prints its value. Chromium's stderr goes to LOG.
#
# Why not --dump-dom with the audit as an inline script: since Chromium 132 `--headless` is
# the new headless mode, in which the browser activates the page's window asynchronously.
# Blink matches :focus and :focus-visible only in a focused frame, so when the script ran
# before the activation (more often on a loaded machine), el.focus() moved
# document.activeElement but no focus style applied: "no visible focus on a.skip". Here
# Emulation.setFocusEmulationEnabled makes the page count as focused from the start (as
# DevTools' "Emulate a focused page" does), and the audit runs only after the load event.
cat >"$WORK/cdp.py" <<'EOF'
import fcntl, json, os, select, signal, subprocess, sys, time

url, script_path, log_path, *command = sys.argv[1:]
script = open(script_path, encoding="utf-8").read()
deadline = time.monotonic() + 120

def fail(message):
    print(f"cdp: {message}", file=sys.stderr)
    sys.exit(1)

commands_read, commands_write = os.pipe()  # chromium reads commands on fd 3
answers_read, answers_write = os.pipe()    # and writes answers and events on fd 4

def child_fds():  # in the child, before exec: the pipe ends to 3 and 4, inheritable
    commands = fcntl.fcntl(commands_read, fcntl.F_DUPFD, 10)  # out of the way of 3 and 4
    answers = fcntl.fcntl(answers_write, fcntl.F_DUPFD, 10)
    os.dup2(commands, 3)
    os.dup2(answers, 4)

with open(log_path, "w") as log:
    proc = subprocess.Popen(command + ["--remote-debugging-pipe", "about:blank"],
                            stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                            preexec_fn=child_fds, pass_fds=(3, 4), start_new_session=True)
os.close(commands_read)
os.close(answers_write)

buffered = b""
last_id = 0

def receive():
    global buffered
    while b"\0" not in buffered:
        left = deadline - time.monotonic()
        if left <= 0:
            fail("timeout")
        if select.select([answers_read], [], [], left)[0]:
            chunk = os.read(answers_read, 1 << 16)
            if not chunk:
                fail(f"chromium closed the pipe (exit {proc.poll()})")
            buffered += chunk
    message, _, buffered = buffered.partition(b"\0")
    return json.loads(message)

def call(method, params=None, session=None):
    global last_id
    last_id += 1
    message = {"id": last_id, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    data = json.dumps(message).encode() + b"\0"
    while data:
        data = data[os.write(commands_write, data):]
    while True:  # events are not needed: skip them
        answer = receive()
        if answer.get("id") == last_id:
            if "error" in answer:
                fail(f"{method}: {answer['error']}")
            return answer["result"]

def evaluate(session, expression):
    result = call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                       "awaitPromise": True}, session)
    if "exceptionDetails" in result:
        fail(f"script error: {json.dumps(result['exceptionDetails'])[:2000]}")
    return result["result"].get("value")

try:
    target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    call("Emulation.setFocusEmulationEnabled", {"enabled": True}, session)
    navigation = call("Page.navigate", {"url": url}, session)
    if navigation.get("errorText"):
        fail(f"cannot load {url}: {navigation['errorText']}")
    # Loaded: this document (not the about:blank before it) is past its load event.
    while evaluate(session, "location.href + ' ' + document.readyState") != url + " complete":
        if time.monotonic() > deadline:
            fail(f"{url} did not finish loading")
        time.sleep(0.05)
    print(evaluate(session, script))
    call("Browser.close")
    proc.wait(timeout=max(1, deadline - time.monotonic()))
finally:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
EOF

for name in portfolio english edge; do
  html="$WORK/$name.html"
  # 1. As written: no console output at all (errors, CSP violations, failed loads).
  chrome --dump-dom "file://$html" >"$WORK/$name.dom" 2>"$WORK/$name.log" ||
    fail "$name: chromium failed: $(tail -n 5 "$WORK/$name.log")"
  if grep -E 'CONSOLE|Refused to|Content Security Policy|ERR_' "$WORK/$name.log"; then
    fail "$name: console messages while loading the report"
  fi
  # 2. What the DOM shows matches the JSON report.
  python3 - "$WORK/$name.dom" "$WORK/$name.json" <<'EOF'
import html.parser, json, sys

class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.documents = []       # [path, verdict, {count: value}]
        self.portfolio_rows = []
        self.verdict_counts = {}
        self.stack = []
        self.capture = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "section" and "document" in (a.get("class") or ""):
            self.documents.append([a["data-document"], a["data-verdict"], {}])
        if tag == "tr" and "data-document" in a:
            self.portfolio_rows.append(a["data-document"])
        if "data-count" in a:
            self.capture = ("count", a["data-count"])
        if "data-verdict-count" in a:
            self.capture = ("verdicts", a["data-verdict-count"])
    def handle_data(self, data):
        if not self.capture or not data.strip():
            return
        kind, key = self.capture
        number = int(data.split()[0])
        if kind == "count":
            self.documents[-1][2][key] = number
        else:
            self.verdict_counts[key] = number
        self.capture = None

dom = Dom()
dom.feed(open(sys.argv[1], encoding="utf-8").read())
report = json.load(open(sys.argv[2], encoding="utf-8"))
keys = {"errors": "error", "warnings": "warning", "infos": "info",
        "evaluationErrors": "evaluationError", "waived": "waived", "requested": "requested"}
assert dom.lang == report["language"], (dom.lang, report["language"])
assert [d[0] for d in dom.documents] == [d["path"] for d in report["documents"]], dom.documents
for (path, verdict, counts), doc in zip(dom.documents, report["documents"]):
    assert verdict == doc["verdict"], (path, verdict, doc["verdict"])
    if verdict == "not-checked":
        continue
    shown = {keys[k]: v for k, v in counts.items()}
    assert shown == doc["counts"], (path, shown, doc["counts"])
if len(report["documents"]) > 1:
    assert dom.portfolio_rows == [d["path"] for d in report["documents"]], dom.portfolio_rows
    summary = report["summary"]
    expected = {"approvable": summary["approvable"],
                "approvable-with-conditions": summary["approvableWithConditions"],
                "not-approvable": summary["notApprovable"], "not-checked": summary["notChecked"]}
    assert dom.verdict_counts == {k: v for k, v in expected.items() if v}, dom.verdict_counts
else:
    assert not dom.portfolio_rows
print(f"{sys.argv[1]}: {len(dom.documents)} documents, counts match the JSON report")
EOF
  # 3. Accessibility audit in the report as written, over the DevTools protocol.
  python3 "$WORK/cdp.py" "file://$html" "$WORK/audit.js" "$WORK/$name.audit.log" \
    "$CHROMIUM" "${FLAGS[@]}" --user-data-dir="$(mktemp -d "$WORK/profile.XXXXXX")" \
    --window-size=1280,900 >"$WORK/$name.audit.json" ||
    fail "$name: audit run failed: $(tail -n 5 "$WORK/$name.audit.log")"
  python3 - "$WORK/$name.audit.json" "$name" <<'EOF'
import json, sys
result = json.load(open(sys.argv[1], encoding="utf-8"))
for problem in result["problems"]:
    print(f"{sys.argv[2]}: {problem}", file=sys.stderr)
assert result["checked"] > 20, result
assert not result["problems"], f"{len(result['problems'])} accessibility problems"
print(f"{sys.argv[2]}: audit ok ({result['checked']} text elements, "
      f"{result['focusable']} focusable elements)")
EOF
done

chrome --hide-scrollbars --window-size=1280,2400 --screenshot="$SHOTS/report-portfolio.png" \
  "file://$WORK/portfolio.html" >/dev/null 2>&1 || fail "screenshot failed"
[ -s "$SHOTS/report-portfolio.png" ] || fail "empty screenshot"
echo "ok: HTML reports render without console messages, counts match, audit clean;" \
  "screenshot $SHOTS/report-portfolio.png"
