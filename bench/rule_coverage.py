#!/usr/bin/env python3
"""Shows, per rule, on how many documents it passes, fails, does not apply or cannot be evaluated.

The report of `konform check` counts passed and not-applicable rules per document only. To get
the counts per rule, every rule is run on its own: each rule block of rules/*.rules is written
into a temporary pack together with its file's header and `let` definitions, and checked with
`--no-default-rules --rules FILE`.

With a manifest (written by gen_proposals.py --manifest) the failures are compared with the
defects the generator put into each document: "missed" are documents with a defect for the
rule but no finding, "unexpected" are findings on documents without such a defect. The
manifest of a directory DIR is --manifest (one input directory only) or DIR.faults.jsonl, where
bench/run.sh puts it.

Usage:
  rule_coverage.py --konform build-bench/src/konform [--manifest faults.jsonl] DIR...
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

BLOCK_START = re.compile(r"^(rule|profile)\s+([A-Za-z0-9_-]+)\s")


def split_pack(text):
    """Returns (header, [(rule_id, block)]): the pack header, comments and `let` definitions,
    and the rule blocks. Profile blocks are dropped: they name rules of the whole pack and
    only change severities per review stage."""
    header, rules = [], []
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        match = BLOCK_START.match(lines[i])
        if not match:
            header.append(lines[i])
            i += 1
            continue
        block = []
        while i < len(lines):
            block.append(lines[i])
            i += 1
            if block[-1].rstrip() == "}":
                break
        if match.group(1) == "rule":
            rules.append((match.group(2), "".join(block)))
    return "".join(header), rules


def run_rule(konform, pack_path, inputs, jobs):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [konform, "check", "--no-default-rules", "--rules", pack_path, "--format",
                   "json", "-o", out.name, "--jobs", str(jobs), "--fail-on", "never"] + inputs
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, check=False)
        with open(out.name, encoding="utf-8") as handle:
            text = handle.read()
        if result.returncode not in (0, 1, 2) or not text:
            sys.exit(f"konform exited with {result.returncode} on {pack_path}:\n{result.stderr}")
        return json.loads(text)


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", help="proposal files or directories")
    parser.add_argument("--konform", required=True, help="path of the konform binary")
    parser.add_argument("--rules-dir", default=os.path.join(here, "..", "rules"))
    parser.add_argument("--manifest", help="defects per file, from gen_proposals.py --manifest")
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args(argv)

    if args.manifest and len(args.inputs) != 1:
        parser.error("--manifest needs exactly one input directory")
    expected = {}  # absolute path of a proposal -> rules it was meant to break
    for directory in args.inputs:
        manifest = args.manifest or directory.rstrip("/") + ".faults.jsonl"
        if not os.path.isdir(directory) or not os.path.exists(manifest):
            continue
        with open(manifest, encoding="utf-8") as handle:
            for line in handle:
                entry = json.loads(line)
                path = os.path.abspath(os.path.join(directory, entry["file"]))
                expected[path] = set(entry["faults"])

    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for rule_file in sorted(glob.glob(os.path.join(args.rules_dir, "*.rules"))):
            with open(rule_file, encoding="utf-8") as handle:
                header, rules = split_pack(handle.read())
            for rule_id, block in rules:
                pack_path = os.path.join(scratch, os.path.basename(rule_file))
                with open(pack_path, "w", encoding="utf-8") as handle:
                    handle.write(header + block)
                report = run_rule(args.konform, pack_path, args.inputs, args.jobs)
                counts = {"pass": 0, "fail": 0, "n/a": 0, "error": 0, "not checked": 0}
                missed, unexpected, errors = [], [], []
                for doc in report["documents"]:
                    path = os.path.abspath(doc["path"])
                    name = os.path.relpath(path)
                    statuses = {f["status"] for f in doc["findings"] if f["ruleId"] == rule_id}
                    if doc["verdict"] == "not-checked":
                        counts["not checked"] += 1
                        continue
                    if "error" in statuses:
                        counts["error"] += 1
                        errors.append(name)
                    elif "fail" in statuses:
                        counts["fail"] += 1
                    elif doc["rules"]["applicable"]:
                        counts["pass"] += 1
                    else:
                        counts["n/a"] += 1
                    if path in expected:
                        injected = rule_id in expected[path]
                        if injected and "fail" not in statuses:
                            missed.append(name)
                        elif not injected and "fail" in statuses:
                            unexpected.append(name)
                rows.append((rule_id, counts, missed, unexpected, errors))

    columns = " missed | unexpected |" if expected else ""
    print("| rule | pass | fail | n/a | eval. error |" + columns)
    print("|---|---:|---:|---:|---:|" + ("---:|---:|" if expected else ""))
    problems = []
    for rule_id, c, missed, unexpected, errors in rows:
        line = f"| {rule_id} | {c['pass']} | {c['fail']} | {c['n/a']} | {c['error']} |"
        if expected:
            line += f" {len(missed)} | {len(unexpected)} |"
        print(line)
        for label, files in (("missed", missed), ("unexpected", unexpected),
                             ("evaluation error", errors)):
            if files:
                problems.append(f"{rule_id} {label}: {' '.join(files[:5])}"
                                + (" ..." if len(files) > 5 else ""))
    if problems:
        print()
        for problem in problems:
            print(problem)
    never = [r[0] for r in rows if not r[1]["pass"] or not r[1]["fail"]]
    if never:
        print(f"\nrules that never pass or never fail: {' '.join(never)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
