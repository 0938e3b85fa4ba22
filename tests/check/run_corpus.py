#!/usr/bin/python3
"""Runs `kcv check` over every kernel file of the third-party corpus (read in
place, never copied) and prints a verdict table.

Every kernel must end `verified` or `unknown` (with its reason), or
`violated` with each error listed in the expected-bugs file, together with a
justification, and each listed violation must be shown real: the check is
re-run with the counterexample's values fixed and finds it again.  The test
fails on any other violation, on a crash, and on a violation that does not
replay.  Listed entries that no longer occur are reported (stale), not fatal.

Expected-bugs file, one entry a line:
    RELPATH:KERNEL RULE LINE -- justification
`--update` rewrites it: entries still reported keep their justification,
stale ones go, new ones get "UNREVIEWED", which fails the test until a
person writes why the violation is real.
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checklib  # noqa: E402

KERNEL_FILE_RE = re.compile(r"^\s*@(nki|neuronxcc\.nki)\.(jit|baremetal|benchmark|profile)\b", re.M)
ENTRY_RE = re.compile(r"^(\S+):(\w+)\s+([\w-]+)\s+(\d+)\s+--\s+(\S.*)$")
UNREVIEWED = "UNREVIEWED"


def kernel_files(root):
    out = []
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(".py"):
                p = os.path.join(d, f)
                with open(p, encoding="utf-8", errors="replace") as fh:
                    if KERNEL_FILE_RE.search(fh.read()):
                        out.append(p)
    return sorted(out)


def read_expected(path):
    entries, problems = {}, []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = ENTRY_RE.match(line)
            if not m:
                problems.append("%s:%d: not 'RELPATH:KERNEL RULE LINE -- justification': %s" % (path, n, line))
                continue
            entries[(m.group(1), m.group(2), m.group(3), int(m.group(4)))] = m.group(5)
    return entries, problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kcv", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--expected", required=True)
    ap.add_argument("--update", action="store_true", help="rewrite the expected-bugs file (see above)")
    opts = ap.parse_args()
    expected, failures = read_expected(opts.expected)
    seen = set()
    reported = set()
    rows = []
    for path in kernel_files(opts.corpus):
        rel = os.path.relpath(path, opts.corpus)
        try:
            status, report, err = checklib.run_check(opts.kcv, path, [])
        except checklib.CheckError as e:
            failures.append(str(e))
            continue
        if not report["kernels"]:
            failures.append("%s: no kernel checked (status %d): %s" % (rel, status, err.strip()))
        for k in report["kernels"]:
            detail = k.get("reason", "")
            if k["verdict"] == "violated":
                errs = checklib.errors_of(k)
                detail = "; ".join("%s line %d" % (d["rule"], d["line"]) for d in errs)
                for d in errs:
                    key = (rel, k["name"], d["rule"], d["line"])
                    reported.add(key)
                    if opts.update and key not in expected:
                        expected[key] = UNREVIEWED
                    if key not in expected:
                        failures.append("%s:%s: unexpected violation %s at line %d: %s (counterexample %s)" %
                                        (rel, k["name"], d["rule"], d["line"], d["message"], d["counterexample"]))
                        continue
                    seen.add(key)
                    try:
                        checklib.replay(opts.kcv, path, k, d, [])
                    except checklib.CheckError as e:
                        failures.append("%s:%s: %s" % (rel, k["name"], e))
            rows.append((rel, k["name"], k["verdict"], detail))
    w = max([len("%s:%s" % (r[0], r[1])) for r in rows] + [10])
    for r in rows:
        print("%-*s  %-8s  %s" % (w, "%s:%s" % (r[0], r[1]), r[2], r[3]))
    counts = {}
    for r in rows:
        counts[r[2]] = counts.get(r[2], 0) + 1
    print("%d kernels: %s" % (len(rows), ", ".join("%d %s" % (counts[v], v) for v in sorted(counts))))
    if opts.update:
        with open(opts.expected, encoding="utf-8") as f:
            header = [l for l in f.read().splitlines() if l.startswith("#") or not l.strip()]
        while header and not header[-1].strip():
            header.pop()
        with open(opts.expected, "w", encoding="utf-8") as f:
            f.write("\n".join(header) + "\n\n")
            for key in sorted(k for k in expected if k in reported):
                f.write("%s:%s %s %d -- %s\n" % (key + (expected[key],)))
        print("rewrote %s" % opts.expected)
    for key in sorted(set(expected) - seen):
        print("note: stale expected-bugs entry (no longer reported): %s:%s %s %d" % key)
    for key in sorted(k for k in seen if expected[k] == UNREVIEWED):
        failures.append("%s:%s %s %d: the violation is listed but its justification is UNREVIEWED" % key)
    for f in failures:
        print("FAIL: %s" % f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
