#!/usr/bin/env python3
"""Checks that konform and the Schematron peer (konform-peers.sch) report the same findings.

For every document and every rule the Schematron covers (the ids of its asserts), the number
of konform findings must equal the number of failed asserts reported by
`xmllint --schematron`. konform runs with its built-in rule packs and a stage profile that
activates only the covered rules (`--rules PROFILE_FILE --profile schematron-peer`; the file
holds nothing but that profile), so the rules compared are the rules konform ships. Exit
status 0 when both agree, 1 on any disagreement, 2 when a tool could not be run.

  agree.py --konform build/src/konform [--coverage] PATH...
      compare on the proposals in PATH (files, or directories searched for *.xml)
  agree.py --write-profile FILE
      only write the profile file (for bench/run.sh, which times konform with it)

--coverage also runs every covered rule on its own and counts the documents on which it
fails and those on which it applies and passes; a rule that does not do both on the given
proposals makes the run fail, because its equivalence would not be tested.

Needs Python 3 (standard library) and xmllint (Debian: libxml2-utils).
"""

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMATRON_NS = "{http://purl.oclc.org/dsdl/schematron}"
PROFILE = "schematron-peer"
# xmllint prints one line per failed assert, "XPATH line N: MESSAGE", the message starting
# with the rule id, and after each document's lines "FILE validates" or "FILE fails to
# validate".
ASSERT_LINE = re.compile(r"^(/\S*) line (\d+): ([A-Za-z0-9_-]+)(?:\s|$)")
STATUS_LINE = re.compile(r"^(.*) (validates|fails to validate)$")
# Files per xmllint process (each compiles the schema once); batches keep the command line
# short for large sets. bench/run.sh times xmllint with the same batch size.
XMLLINT_BATCH = 1000


def die(message):
    """A tool could not be run or gave output that is not a comparison: exit status 2."""
    print(message, file=sys.stderr)
    sys.exit(2)


def covered_rules(schema_path):
    """The konform rule ids of the Schematron's asserts, in file order. Each pattern must hold
    one rule with one assert, so that a failed assert is one finding."""
    tree = ElementTree.parse(schema_path)
    ids = []
    for pattern in tree.getroot().iter(SCHEMATRON_NS + "pattern"):
        asserts = list(pattern.iter(SCHEMATRON_NS + "assert"))
        rules = list(pattern.iter(SCHEMATRON_NS + "rule"))
        if len(asserts) != 1 or len(rules) != 1 or not asserts[0].get("id"):
            die(f"agree.py: pattern {pattern.get('id')} of {schema_path} must hold one rule "
                     "with one assert that has an id")
        rule_id = asserts[0].get("id")
        text = "".join(asserts[0].itertext()).strip()
        if not text.startswith(rule_id + " "):
            die(f"agree.py: the message of assert {rule_id} must start with its id")
        if rule_id in ids:
            die(f"agree.py: rule {rule_id} is covered twice in {schema_path}")
        ids.append(rule_id)
    return ids


def write_profile(path, rule_ids):
    """Writes a rule file that holds only the profile PROFILE with the given rules. Loaded
    next to the built-in packs, `--profile schematron-peer` leaves just these rules active
    and keeps their severities; konform rejects the file if a rule id is unknown."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f"""# Written by bench/peers/agree.py: the rules of bench/peers/konform-peers.sch.
pack schematron_peer {{
  title "Schematron-Vergleich"
  title en "Schematron comparison"
  version "1"
  area benchmark
}}

profile {PROFILE} {{
  title "Regeln mit Schematron-Entsprechung"
  title en "Rules with a Schematron equivalent"
  rules {", ".join(rule_ids)}
}}
""")
    return path


def proposal_files(paths):
    """Files in the order konform takes them: each argument, directories searched recursively
    for *.xml in sorted order."""
    files = []
    for path in paths:
        if os.path.isdir(path):
            found = []
            for root, _, names in os.walk(path):
                found.extend(os.path.join(root, name) for name in names if name.endswith(".xml"))
            files.extend(sorted(found))
        else:
            files.append(path)
    return files


def run_konform(konform, profile_file, files, jobs):
    """{abspath: (Counter rule -> failures, Counter rule -> evaluation errors, lines, number
    of applicable rules)} and the paths konform could not check."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [konform, "check", "--rules", profile_file, "--profile", PROFILE, "--format",
                   "json", "-o", out.name, "--fail-on", "never", "--jobs", str(jobs)] + files
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, check=False)
        with open(out.name, encoding="utf-8") as handle:
            text = handle.read()
    if result.returncode not in (0, 2) or not text:
        sys.stderr.write(result.stderr[-2000:])
        die(f"agree.py: konform exited with {result.returncode}")
    report = json.loads(text)
    documents, unchecked = {}, []
    for doc in report["documents"]:
        path = os.path.abspath(doc["path"])
        if doc["verdict"] == "not-checked":
            unchecked.append(path)
            continue
        fails, errors, lines = collections.Counter(), collections.Counter(), {}
        for finding in doc["findings"]:
            rule = finding["ruleId"]
            (errors if finding["status"] == "error" else fails)[rule] += 1
            lines.setdefault(rule, []).append(finding["location"]["line"])
        documents[path] = (fails, errors, lines, doc["rules"]["applicable"])
    return documents, unchecked


def run_xmllint(xmllint, schema, files):
    """{abspath: (Counter rule -> failed asserts, lines)}; unparseable output, a document
    without a verdict line or an unexpected exit status stops the run."""
    documents, problems = {}, []
    for start in range(0, len(files), XMLLINT_BATCH):
        batch = files[start:start + XMLLINT_BATCH]
        result = subprocess.run([xmllint, "--schematron", schema, "--noout"] + batch,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                check=False)
        # 0: every document valid, 3: some assert failed; anything else (schema that does not
        # compile, a document that is not well-formed) is not a comparison.
        if result.returncode not in (0, 3):
            sys.stderr.write(result.stderr[-2000:])
            die(f"agree.py: xmllint exited with {result.returncode}")
        pending = collections.Counter()
        lines = {}
        for line in result.stderr.splitlines():
            match = ASSERT_LINE.match(line)
            if match:
                pending[match.group(3)] += 1
                lines.setdefault(match.group(3), []).append(int(match.group(2)))
                continue
            match = STATUS_LINE.match(line)
            if match:
                documents[os.path.abspath(match.group(1))] = (pending, lines)
                pending, lines = collections.Counter(), {}
                continue
            problems.append(line)
        if pending:
            problems.append(f"failed asserts after the last document: {dict(pending)}")
    if problems:
        die("agree.py: unexpected xmllint output:\n  " + "\n  ".join(problems[:20]))
    return documents


def run_rule_alone(konform, rule_id, files, jobs, scratch):
    """(documents where the rule fails, documents where it applies and passes)."""
    profile_file = write_profile(os.path.join(scratch, rule_id + ".rules"), [rule_id])
    documents, _ = run_konform(konform, profile_file, files, jobs)
    failing = sum(1 for fails, errors, _, _ in documents.values() if fails[rule_id])
    passing = sum(1 for fails, errors, _, applicable in documents.values()
                  if applicable and not fails[rule_id] and not errors[rule_id])
    return failing, passing


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", help="proposal files or directories")
    parser.add_argument("--konform", help="path of the konform binary")
    parser.add_argument("--xmllint", default="xmllint")
    parser.add_argument("--schema", default=os.path.join(HERE, "konform-peers.sch"))
    parser.add_argument("--write-profile", metavar="FILE",
                        help="write the profile of the covered rules into FILE and exit")
    parser.add_argument("--coverage", action="store_true",
                        help="also require every covered rule to fail and to pass somewhere")
    parser.add_argument("--jobs", type=int, default=0, help="konform worker threads")
    args = parser.parse_args(argv)

    rule_ids = covered_rules(args.schema)
    if args.write_profile:
        write_profile(args.write_profile, rule_ids)
        print(f"profile {PROFILE} with {len(rule_ids)} covered rules written to "
              f"{args.write_profile}")
        return 0
    if not args.konform or not args.inputs:
        parser.error("--konform and at least one PATH are needed")
    if not shutil.which(args.konform):
        die(f"agree.py: {args.konform} is not an executable")
    if not shutil.which(args.xmllint):
        die(f"agree.py: {args.xmllint} not found (Debian: apt-get install libxml2-utils)")
    files = proposal_files(args.inputs)
    if not files:
        die("agree.py: no *.xml files in " + " ".join(args.inputs))

    with tempfile.TemporaryDirectory(prefix="konform-agree.") as scratch:
        profile_file = write_profile(os.path.join(scratch, "covered.rules"), rule_ids)
        konform_docs, unchecked = run_konform(args.konform, profile_file, files, args.jobs)
        peer_docs = run_xmllint(args.xmllint, args.schema, files)

        disagreements = []
        totals = {rule: [0, 0, 0] for rule in rule_ids}  # konform, Schematron, documents
        for path in unchecked:
            disagreements.append((path, "-", "not checked", "-", ""))
        for path in sorted(set(konform_docs) | set(peer_docs)):
            if path in unchecked:
                continue
            if path not in konform_docs or path not in peer_docs:
                missing = "konform" if path not in konform_docs else "xmllint"
                disagreements.append((path, "-", "no result from " + missing, "-", ""))
                continue
            fails, errors, k_lines, _ = konform_docs[path]
            peer, p_lines = peer_docs[path]
            for rule in rule_ids:
                totals[rule][0] += fails[rule]
                totals[rule][1] += peer[rule]
                totals[rule][2] += 1 if fails[rule] else 0
                if errors[rule]:
                    disagreements.append((path, rule, f"{errors[rule]} evaluation error(s)",
                                          peer[rule], ""))
                elif fails[rule] != peer[rule]:
                    where = (f"konform lines {k_lines.get(rule, [])}, "
                             f"xmllint lines {p_lines.get(rule, [])}")
                    disagreements.append((path, rule, fails[rule], peer[rule], where))
            for rule in set(peer) - set(rule_ids):
                disagreements.append((path, rule, "not a covered rule", peer[rule], ""))

        print(f"{len(files)} documents, {len(rule_ids)} covered rules "
              f"({os.path.relpath(args.schema)})")
        print()
        print("| rule | konform findings | Schematron failed asserts | documents with findings |")
        print("|---|---:|---:|---:|")
        for rule in rule_ids:
            k, s, d = totals[rule]
            print(f"| {rule} | {k} | {s} | {d} |")
        print()

        coverage_failed = []
        if args.coverage:
            print("| rule | documents failing | documents applicable and passing |")
            print("|---|---:|---:|")
            for rule in rule_ids:
                failing, passing = run_rule_alone(args.konform, rule, files, args.jobs, scratch)
                print(f"| {rule} | {failing} | {passing} |")
                if not failing or not passing:
                    coverage_failed.append(rule)
            print()

    if disagreements:
        print(f"{len(disagreements)} disagreements:")
        print("| document | rule | konform | Schematron | where |")
        print("|---|---|---:|---:|---|")
        for path, rule, k, s, where in disagreements:
            print(f"| {os.path.relpath(path)} | {rule} | {k} | {s} | {where} |")
    else:
        findings = sum(t[0] for t in totals.values())
        print(f"agreement: the same {findings} findings per rule and document")
    if coverage_failed:
        print("not both failing and passing on these proposals, so their equivalence is not "
              f"tested: {' '.join(coverage_failed)}")
    return 1 if disagreements or coverage_failed else 0


if __name__ == "__main__":
    sys.exit(main())
