#!/usr/bin/python3
"""Runs one golden kernel file of tests/check/cases through `kcv check`.

The file states what it expects in comments:
  def k(a):  # expect: verified|violated|unknown   (on the kernel's def line)
  x = ...    # expect-violation: RULE              (on each line reported)
  # kcv-args: --shape a=N,F ...                    (optional extra options)

The test checks the verdict of every kernel, that the errors reported are
exactly the expected (rule, line) pairs, the exit status, that the output
is the same byte for byte on a second run (JSON and text), and then, for
each violation, re-runs the check with the counterexample's values fixed
(--shape/--scalar/--grid) and requires the same violation again.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checklib  # noqa: E402

DEF_RE = re.compile(r"^\s*def\s+(\w+)\s*\(.*#\s*expect:\s*(verified|violated|unknown)")
VIOL_RE = re.compile(r"#\s*expect-violation:\s*([\w-]+)")
ARGS_RE = re.compile(r"^#\s*kcv-args:\s*(.*)$")


def expectations(path):
    kernels, violations, args = {}, {}, []
    current = None
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            m = ARGS_RE.match(line)
            if m:
                args += shlex.split(m.group(1))
            m = re.match(r"^\s*def\s+(\w+)", line)
            if m:
                current = m.group(1)
            m = DEF_RE.match(line)
            if m:
                kernels[m.group(1)] = m.group(2)
            for m in VIOL_RE.finditer(line):
                violations.setdefault(current, set()).add((m.group(1), lineno))
    return kernels, violations, args


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kcv", required=True)
    ap.add_argument("file")
    opts = ap.parse_args()
    kernels, violations, args = expectations(opts.file)
    if not kernels:
        print("%s: no `# expect:` on any def line" % opts.file)
        return 1
    failures = []
    status, report, err = checklib.run_check(opts.kcv, opts.file, args)
    got = {k["name"]: k for k in report["kernels"]}
    for name, verdict in sorted(kernels.items()):
        k = got.get(name)
        if not k:
            failures.append("kernel %s: not checked (stderr: %s)" % (name, err.strip()))
            continue
        if k["verdict"] != verdict:
            failures.append("kernel %s: verdict %s, expected %s (%s)" %
                            (name, k["verdict"], verdict, k.get("reason", "")))
        errs = {(d["rule"], d["line"]) for d in checklib.errors_of(k)}
        want = violations.get(name, set())
        for rule, line in sorted(want - errs):
            failures.append("kernel %s: expected %s at line %d, not reported" % (name, rule, line))
        for rule, line in sorted(errs - want):
            failures.append("kernel %s: unexpected %s at line %d" % (name, rule, line))
        for d in checklib.errors_of(k):
            if (d["rule"], d["line"]) not in want:
                continue
            if not d["counterexample"]:
                failures.append("kernel %s: %s at line %d has no counterexample" % (name, d["rule"], d["line"]))
                continue
            try:
                _, rargs = checklib.replay(opts.kcv, opts.file, k, d, args)
                print("replayed %s line %d with %s" % (d["rule"], d["line"], " ".join(rargs)))
            except checklib.CheckError as e:
                failures.append("kernel %s: %s" % (name, e))
    verdicts = set(kernels.values())
    want_status = 1 if "violated" in verdicts else 3 if "unknown" in verdicts else 0
    if status != want_status:
        failures.append("exit status %d, expected %d" % (status, want_status))

    # the same output again, byte for byte, in every format
    for fmt in ("json", "text", "sarif"):
        cmd = [opts.kcv, "check", "--format=" + fmt] + args + [opts.file]
        a = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        b = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if a.stdout != b.stdout or a.returncode != b.returncode:
            failures.append("--format=%s: two runs differ" % fmt)
        if a.returncode != want_status:
            failures.append("--format=%s: exit status %d, expected %d" % (fmt, a.returncode, want_status))
        if fmt == "text":
            sys.stdout.write(a.stdout.decode("utf-8", "replace"))

    for f in failures:
        print("FAIL: %s: %s" % (opts.file, f))
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except checklib.CheckError as e:
        print("FAIL: %s" % e)
        sys.exit(1)
