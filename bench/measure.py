#!/usr/bin/env python3
"""Timing and reporting helper for bench/run.sh.

  measure.py run --set S --files F --bytes B --runs 5 --out R.jsonl \
                 --label L1 [--accept CODES] [--processes N] CMD1... [::: --label L2 ...]
      Runs each command once to warm up, then --runs rounds in which every command runs once,
      in turn: interleaving spreads a passing disturbance on a shared machine over all
      commands instead of letting it hit one of them. Each run is under GNU time for the peak
      resident set size (%M) and the CPU time (%U user + %S system, 10 ms resolution, summed
      over the command's child processes, e.g. the xmllint processes that xargs starts); the
      wall time is taken around that call with time.perf_counter, so it includes starting
      /usr/bin/time itself (about a millisecond). Appends one JSON line per command with the
      medians, minimum and maximum to R.jsonl. Exit codes 0 and 1 are accepted (konform exits
      1 when a document is not approvable) unless --accept lists others (xmllint exits 3 when
      an assert fails, xargs 123 when one of its commands exits 1-125); anything else, or a
      signal, is an error. --processes records how many processes the command starts to
      check the set (default 1), for the tables.

  measure.py table R.jsonl
      Prints the measurements as Markdown tables, with each konform time as a multiple of the
      parse baseline on the same files, and, when the Schematron peer was measured, a table
      comparing it with konform restricted to the rules the peer covers.

  measure.py summary REPORT.json
      Prints verdicts, evaluation errors and unchecked documents of a konform JSON report;
      exits 1 when a document could not be checked at all.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


GNU_TIME = "/usr/bin/time"
# Labels that run.sh gives the Schematron comparison: konform with only the rules that
# bench/peers/konform-peers.sch covers, and xmllint --schematron with that schema.
KONFORM_COVERED = "konform --jobs 1, covered rules"
SCHEMATRON_PEER = "xmllint --schematron"
# The floors of both sides: konform with no rule active, xmllint parsing without a schema.
KONFORM_NO_RULES = "konform --jobs 1, no rules"
PEER_PARSE = "xmllint parse only"


def run_once(command, rss_file):
    """Runs the command once; returns (wall seconds, CPU seconds, peak RSS in KiB, exit code).

    The peak RSS comes from GNU time rather than from this process's wait4(): on Linux the
    maximum RSS survives exec, so a child forked from the Python interpreter would report at
    least the interpreter's own size.
    """
    start = time.perf_counter()
    result = subprocess.run([GNU_TIME, "-f", "%M %U %S", "-o", rss_file, "--"] + command,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - start
    code = result.returncode
    with open(rss_file, encoding="utf-8") as handle:
        words = handle.read().split()
    # GNU time reports a child killed by a signal as "Command terminated by signal N" before
    # the formatted line.
    if "signal" in words:
        code = -int(words[words.index("signal") + 1])
    peak_kib, user, system = words[-3:]
    return elapsed, float(user) + float(system), int(peak_kib), code


def parse_commands(words):
    """Splits "--label L [--accept 0,3] [--processes N] CMD... ::: --label L2 CMD2..." into
    [(label, command, accepted exit codes, processes)]."""
    commands, group = [], []
    for word in words + [":::"]:
        if word != ":::":
            group.append(word)
            continue
        if len(group) < 3 or group[0] != "--label":
            sys.exit("measure.py run: expected --label LABEL COMMAND... between ':::'")
        label, rest = group[1], group[2:]
        accepted, processes = {0, 1}, 1
        while len(rest) > 2 and rest[0] in ("--accept", "--processes"):
            try:
                if rest[0] == "--accept":
                    accepted = {int(code) for code in rest[1].split(",")}
                else:
                    processes = int(rest[1])
            except ValueError:
                sys.exit(f"measure.py run: bad value for {rest[0]}: '{rest[1]}'")
            rest = rest[2:]
        commands.append((label, rest, accepted, processes))
        group = []
    return commands


def cmd_run(args):
    words = args.commands[1:] if args.commands[:1] == ["--"] else args.commands
    commands = parse_commands(words)
    if not os.access(GNU_TIME, os.X_OK):
        sys.exit(f"measure.py: {GNU_TIME} is missing; install GNU time (Debian: apt-get install "
                 "time)")
    samples = {label: [] for label, _, _, _ in commands}
    with tempfile.NamedTemporaryFile(prefix="konform-rss.") as rss_file:
        for round_number in range(args.warmup + args.runs):
            for label, command, accepted, _ in commands:
                elapsed, cpu_s, peak_kib, code = run_once(command, rss_file.name)
                if code not in accepted:
                    how = f"signal {-code}" if code < 0 else f"exit code {code}"
                    sys.exit(f"measure.py: {label} on {args.set} failed with {how}: "
                             f"{' '.join(command)}")
                if round_number >= args.warmup:
                    samples[label].append((elapsed, cpu_s, peak_kib, code))
    with open(args.out, "a", encoding="utf-8") as handle:
        for label, command, _, processes in commands:
            times = [s[0] for s in samples[label]]
            record = {"set": args.set, "label": label, "files": args.files,
                      "bytes": args.bytes, "runs": args.runs, "processes": processes,
                      "median_s": statistics.median(times), "min_s": min(times),
                      "max_s": max(times),
                      "cpu_s": statistics.median(s[1] for s in samples[label]),
                      "rss_kib": statistics.median(s[2] for s in samples[label]),
                      "max_rss_kib": max(s[2] for s in samples[label]),
                      "exit_codes": sorted({s[3] for s in samples[label]}),
                      "command": command}
            handle.write(json.dumps(record) + "\n")
            print(f"  {label:<30} {record['median_s']:9.3f} s  "
                  f"({record['min_s']:.3f}-{record['max_s']:.3f})  "
                  f"CPU {record['cpu_s']:7.2f} s  {record['rss_kib'] / 1024:8.1f} MiB",
                  flush=True)


def fmt_seconds(value):
    return f"{value:.3f}" if value >= 0.1 else f"{value:.4f}"


def cmd_table(args):
    with open(args.results, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    throughput = [r for r in records if not r["set"].startswith("latency")]
    latency = [r for r in records if r["set"].startswith("latency")]
    baseline = {r["set"]: r["median_s"] for r in throughput if r["label"] == "parse baseline"}

    if throughput:
        print("| set | files | MB | measurement | median s | min–max s | CPU s | MB/s | files/s "
              "| peak RSS MiB | × parse |")
        print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for r in throughput:
            mb = r["bytes"] / 1e6
            ratio = r["median_s"] / baseline[r["set"]] if baseline.get(r["set"]) else None
            print(f"| {r['set']} | {r['files']} | {mb:.1f} | {r['label']} "
                  f"| {fmt_seconds(r['median_s'])} "
                  f"| {fmt_seconds(r['min_s'])}–{fmt_seconds(r['max_s'])} "
                  f"| {r['cpu_s']:.2f} | {mb / r['median_s']:.1f} "
                  f"| {r['files'] / r['median_s']:.0f} | {r['rss_kib'] / 1024:.1f} "
                  f"| {'' if ratio is None else f'{ratio:.1f}'} |")
    if latency:
        if throughput:
            print()
        print("| single document | bytes | measurement | median ms | min–max ms | CPU ms "
              "| peak RSS MiB |")
        print("|---|---:|---|---:|---:|---:|---:|")
        for r in latency:
            name = r["set"].split(":", 1)[-1]
            print(f"| {name} | {r['bytes']} | {r['label']} | {r['median_s'] * 1000:.1f} "
                  f"| {r['min_s'] * 1000:.1f}–{r['max_s'] * 1000:.1f} "
                  f"| {r['cpu_s'] * 1000:.0f} | {r['rss_kib'] / 1024:.1f} |")
    if any(r["label"] == SCHEMATRON_PEER for r in records):
        print()
        print_peer_table(records)


def print_peer_table(records):
    """konform on the covered rules against the Schematron peer, set by set: the peer's time
    as a multiple of konform's (above 1: konform is faster), next to both floors (konform
    without rules, xmllint without a schema) and the time konform would need to be ten times
    faster than the peer."""
    by_set = {}
    for r in records:
        if r["label"] in (KONFORM_COVERED, SCHEMATRON_PEER, KONFORM_NO_RULES, PEER_PARSE):
            by_set.setdefault(r["set"], {})[r["label"]] = r
    rows = [(name, group) for name, group in by_set.items()
            if KONFORM_COVERED in group and SCHEMATRON_PEER in group]
    if not rows:
        return
    print("| set | files | MB | konform covered rules, median s | xmllint --schematron, median s "
          "| xmllint processes | × konform (wall) | × konform (CPU) | konform no rules s "
          "| xmllint parse only s | 10× would need s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, group in rows:
        k, p = group[KONFORM_COVERED], group[SCHEMATRON_PEER]
        floor = group.get(KONFORM_NO_RULES)
        parse = group.get(PEER_PARSE)
        label = name.split(":", 1)[-1] + " (latency)" if name.startswith("latency") else name
        cpu_ratio = f"{p['cpu_s'] / k['cpu_s']:.1f}" if k["cpu_s"] > 0 else "–"
        print(f"| {label} | {k['files']} | {k['bytes'] / 1e6:.1f} | {fmt_seconds(k['median_s'])} "
              f"| {fmt_seconds(p['median_s'])} | {p.get('processes', 1)} "
              f"| {p['median_s'] / k['median_s']:.1f} | {cpu_ratio} "
              f"| {fmt_seconds(floor['median_s']) if floor else '–'} "
              f"| {fmt_seconds(parse['median_s']) if parse else '–'} "
              f"| {fmt_seconds(p['median_s'] / 10)} |")


def cmd_summary(args):
    with open(args.report, encoding="utf-8") as handle:
        report = json.load(handle)
    verdicts = {}
    evaluation_errors, unchecked = [], []
    for doc in report["documents"]:
        verdicts[doc["verdict"]] = verdicts.get(doc["verdict"], 0) + 1
        if doc["counts"].get("evaluationError"):
            rules = sorted({f["ruleId"] for f in doc["findings"] if f["status"] == "error"})
            evaluation_errors.append(f"{doc['path']} ({', '.join(rules)})")
        if doc["verdict"] == "not-checked":
            unchecked.append(doc["path"])
    parts = ", ".join(f"{count} {verdict}" for verdict, count in sorted(verdicts.items()))
    print(f"  verdicts: {parts}; evaluation errors in {len(evaluation_errors)} documents, "
          f"{len(unchecked)} not checked")
    for line in evaluation_errors[:5]:
        print(f"    evaluation error: {line}")
    if len(evaluation_errors) > 5:
        print(f"    ... and {len(evaluation_errors) - 5} more")
    for line in unchecked[:5]:
        print(f"    not checked: {line}")
    return 1 if unchecked else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="action", required=True)
    run = sub.add_parser("run", help="time commands, interleaved")
    run.add_argument("--set", required=True, help="name of the input set")
    run.add_argument("--files", type=int, required=True)
    run.add_argument("--bytes", type=int, required=True)
    run.add_argument("--runs", type=int, default=5)
    run.add_argument("--warmup", type=int, default=1)
    run.add_argument("--out", required=True, help="JSON lines file to append to")
    run.add_argument("commands", nargs=argparse.REMAINDER,
                     help="--label LABEL COMMAND... [::: --label LABEL COMMAND...]")
    table = sub.add_parser("table", help="print the results as Markdown")
    table.add_argument("results")
    summary = sub.add_parser("summary", help="summarise a konform JSON report")
    summary.add_argument("report")
    args = parser.parse_args(argv)
    if args.action == "run":
        return cmd_run(args)
    if args.action == "table":
        return cmd_table(args)
    return cmd_summary(args)


if __name__ == "__main__":
    sys.exit(main())
