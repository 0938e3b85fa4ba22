#!/usr/bin/python3
"""Run one expected-output golden test: tests/golden/<area>/NAME.py.

usage: run_golden.py --kcv KCV FILE.py
       KCV_UPDATE_GOLDEN=1 run_golden.py --kcv KCV FILE.py   (rewrite FILE.expected)

The first line of FILE.py names the command, sparse style:

    # RUN: kcv parse %s

`kcv` is replaced by the binary under test and `%s` by the file's name; the
command runs in the file's folder (so diagnostics name the file without a
folder), with NO_COLOR=1.  FILE.expected beside it holds the exit status,
stdout and stderr, exactly:

    exit: 2
    --- stdout
    --- stderr
    NAME.py:1:5: error: '(' was never closed [syntax]
    ...

A section whose text does not end in a newline is followed by the line
`\\ no newline at end`.  Expectations say what kcv *should* print; update
them with KCV_UPDATE_GOLDEN=1 only after checking the new output is right.

Exit status: 0 pass, 1 fail, 2 the test itself could not run.
"""
import argparse
import difflib
import os
import shlex
import subprocess
import sys

NO_NEWLINE = "\\ no newline at end\n"


def section(name, data):
    text = data.decode("utf-8", "backslashreplace")
    if text and not text.endswith("\n"):
        text += "\n" + NO_NEWLINE
    return "--- %s\n%s" % (name, text)


def render(rc, out, err):
    return "exit: %d\n%s%s" % (rc, section("stdout", out), section("stderr", err))


def run_command(kcv, path):
    with open(path, "rb") as f:
        first = f.readline().decode("utf-8", "replace").rstrip("\r\n")
    if not first.startswith("# RUN: "):
        print("%s: the first line must be '# RUN: kcv ... %%s'" % path)
        return None
    argv = []
    for word in shlex.split(first[len("# RUN: "):]):
        if word == "kcv":
            word = kcv
        argv.append(word.replace("%s", os.path.basename(path)))
    env = dict(os.environ, NO_COLOR="1")
    try:
        p = subprocess.run(argv, cwd=os.path.dirname(os.path.abspath(path)), env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=50)
    except (OSError, subprocess.TimeoutExpired) as e:
        print("%s: cannot run %s: %s" % (path, argv, e))
        return None
    return argv, render(p.returncode, p.stdout, p.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kcv", required=True)
    ap.add_argument("file")
    a = ap.parse_args()
    res = run_command(os.path.abspath(a.kcv), a.file)
    if res is None:
        return 2
    argv, got = res
    expected_path = a.file[:-3] + ".expected" if a.file.endswith(".py") else a.file + ".expected"
    if os.environ.get("KCV_UPDATE_GOLDEN") == "1":
        with open(expected_path, "w", encoding="utf-8", newline="\n") as f:
            f.write(got)
        print("updated " + expected_path)
        return 0
    try:
        with open(expected_path, encoding="utf-8", newline="") as f:
            want = f.read()
    except OSError as e:
        print("%s: no expectation (%s); create it with KCV_UPDATE_GOLDEN=1" % (a.file, e))
        return 1
    if got == want:
        return 0
    print("$ (cd %s && %s)" % (os.path.dirname(os.path.abspath(a.file)), " ".join(argv)))
    sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                               expected_path, "actual"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
