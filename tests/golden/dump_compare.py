#!/usr/bin/python3
"""Compare `kcv parse --dump-ast [--locations] FILE` with CPython's ast.dump.

usage: dump_compare.py --kcv KCV [--oracle PYTHON] [--locations] FILE

The oracle is CPython 3.11 (/usr/bin/python3 by default), run as
    PYTHON -c 'import ast,sys; print(ast.dump(ast.parse(open(sys.argv[1],"rb").read())))'
(with include_attributes=True for --locations).  The two outputs must be
equal byte for byte.  When CPython rejects the file, kcv must reject it too
(exit status 2).  On a mismatch the first difference is shown with context
and as a short diff of the dumps broken into one field per line.

Exit status: 0 same, 1 different, 2 the test itself could not run.
"""
import argparse
import difflib
import re
import subprocess
import sys

ORACLE = r'''
import ast, sys
src = open(sys.argv[1], "rb").read()
try:
    tree = ast.parse(src)
except SyntaxError as e:
    sys.stderr.write("SyntaxError: %s (line %s, offset %s)\n" % (e.msg, e.lineno, e.offset))
    sys.exit(3)
text = ast.dump(tree, include_attributes=sys.argv[2] == "1") + "\n"
sys.stdout.buffer.write(text.encode("utf-8", "surrogatepass"))
'''


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=100)


def split_fields(text):
    """One line per node, for a readable diff."""
    return re.sub(r"(\(|\[|, )(?=(?:[a-z_]+=)?\[?[A-Za-z_]+\()", r"\1\n", text).splitlines()


def show_difference(got, want):
    n = 0
    while n < min(len(got), len(want)) and got[n] == want[n]:
        n += 1
    lo = max(0, n - 120)
    print("first difference at byte %d of %d (kcv) / %d (CPython):" % (n, len(got), len(want)))
    print("  kcv:     ..." + got[lo:n + 80].decode("utf-8", "replace"))
    print("  CPython: ..." + want[lo:n + 80].decode("utf-8", "replace"))
    diff = list(difflib.unified_diff(split_fields(want.decode("utf-8", "replace")),
                                     split_fields(got.decode("utf-8", "replace")),
                                     "CPython", "kcv", n=2, lineterm=""))
    for line in diff[:40]:
        print("  " + line)
    if len(diff) > 40:
        print("  ... (%d more diff lines)" % (len(diff) - 40))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kcv", required=True)
    ap.add_argument("--oracle", default="/usr/bin/python3")
    ap.add_argument("--locations", action="store_true")
    ap.add_argument("file")
    a = ap.parse_args()

    oracle = run([a.oracle, "-c", ORACLE, a.file, "1" if a.locations else "0"])
    cmd = [a.kcv, "parse", "--dump-ast"] + (["--locations"] if a.locations else []) + [a.file]
    kcv = run(cmd)

    if oracle.returncode == 3:  # CPython rejects the file
        if kcv.returncode == 2:
            return 0
        print("CPython rejects %s, kcv does not (exit %d)" % (a.file, kcv.returncode))
        print("  CPython: " + oracle.stderr.decode("utf-8", "replace").strip())
        return 1
    if oracle.returncode != 0:
        print("the oracle failed (exit %d):\n%s" % (oracle.returncode, oracle.stderr.decode("utf-8", "replace")))
        return 2
    if kcv.returncode != 0 or kcv.stdout != oracle.stdout:
        print("$ " + " ".join(cmd))
        if kcv.returncode != 0:
            print("kcv exited %d; stderr:" % kcv.returncode)
            sys.stdout.write(kcv.stderr.decode("utf-8", "replace")[:3000])
        if kcv.returncode == 0 and not kcv.stdout:
            print("kcv printed nothing")
        elif kcv.stdout and kcv.stdout != oracle.stdout:
            show_difference(kcv.stdout, oracle.stdout)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
