#!/usr/bin/python3
"""Run the runtime-verification goldens of one kernel: tests/runverify/NAME.py.

usage: runverify.py --kcv KCV [--tag TAG] FILE.py
       KCV_UPDATE_GOLDEN=1 runverify.py --kcv KCV FILE.py   (rewrite the expectations)

Each kernel's bug depends on a value known only when it runs (a scalar
argument, the launch grid); its first lines name the runs, one a line:

    # RUN clean: kcv run --checks=all --input x=arange:256x64 --scalar start=64 %s
    # RUN abort: kcv run ... --scalar start=200 --on-violation=abort %s
    # RUN report: kcv run ... --scalar start=200 --on-violation=report %s

`kcv` is replaced by the binary under test and `%s` by the file's name; the
command runs in the file's folder, with NO_COLOR=1.  NAME.TAG.expected
beside the kernel holds the exit status, stdout and stderr of run TAG:

    exit: 1
    --- stdout
    kernel window: stopped at the first violation ...
    --- stderr
    window.py:8:9: error: nl.load reads rows 200..327 of x, which has 256 rows (start=200) [bounds]
    ...

exactly, but for what depends on kcv's NKI model rather than on the kernel:
a location in a model file (`<kcv>/nki/model/core.py:L:C`, and the line
number of its quoted source line) and the counts of contracts checked
(`runtime checks: N run`).  Every run is done twice and must print the same
both times.  Expectations say what kcv *should* print; rewrite them with
KCV_UPDATE_GOLDEN=1 only after checking the new output is right.

Exit status: 0 pass, 1 fail, 2 the test itself could not run.
"""
import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys

NO_NEWLINE = "\\ no newline at end\n"
RUN_RE = re.compile(r"^# RUN (\w+): (.*)$")
MODEL_LOC_RE = re.compile(r"^(<kcv>/[^:]+):\d+:\d+:")
QUOTE_RE = re.compile(r"^ *\d+ \|")
COUNTS_RE = re.compile(r"(runtime checks: )\d+( run)(, )?\d*( proven statically)?")


def runs_of(path):
    runs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = RUN_RE.match(line.rstrip("\n"))
            if not m:
                break
            runs.append((m.group(1), m.group(2)))
    return runs


def normalize(text):
    out = []
    after_model_loc = False
    for line in text.splitlines(keepends=True):
        m = MODEL_LOC_RE.match(line)
        if m:
            line = m.group(1) + ":L:C:" + line[m.end():]
            after_model_loc = True
            out.append(line)
            continue
        if after_model_loc and QUOTE_RE.match(line):
            line = "%6s |" % "L" + line[line.index("|") + 1:]
        elif not line.lstrip().startswith("|"):
            after_model_loc = False
        line = COUNTS_RE.sub(lambda m: m.group(1) + "N" + m.group(2) +
                             ((m.group(3) + "N" + m.group(4)) if m.group(4) else ""), line)
        out.append(line)
    return "".join(out)


def section(name, data):
    text = normalize(data.decode("utf-8", "backslashreplace"))
    if text and not text.endswith("\n"):
        text += "\n" + NO_NEWLINE
    return "--- %s\n%s" % (name, text)


def run_one(kcv, path, command):
    argv = []
    for word in shlex.split(command):
        if word == "kcv":
            word = kcv
        argv.append(word.replace("%s", os.path.basename(path)))
    env = dict(os.environ, NO_COLOR="1")
    p = subprocess.run(argv, cwd=os.path.dirname(os.path.abspath(path)), env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=100)
    return "exit: %d\n%s%s" % (p.returncode, section("stdout", p.stdout), section("stderr", p.stderr))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kcv", required=True)
    ap.add_argument("--tag", help="only this run")
    ap.add_argument("file")
    a = ap.parse_args()
    kcv = os.path.abspath(a.kcv)
    runs = runs_of(a.file)
    if not runs:
        print("%s: the first lines must be '# RUN TAG: kcv run ... %%s'" % a.file)
        return 2
    if a.tag:
        runs = [r for r in runs if r[0] == a.tag]
        if not runs:
            print("%s: no run tagged %s" % (a.file, a.tag))
            return 2
    update = os.environ.get("KCV_UPDATE_GOLDEN") == "1"
    failed = False
    for tag, command in runs:
        try:
            got = run_one(kcv, a.file, command)
            again = run_one(kcv, a.file, command)
        except (OSError, subprocess.TimeoutExpired) as e:
            print("%s: run %s: cannot run: %s" % (a.file, tag, e))
            return 2
        if got != again:
            print("FAIL: %s: run %s: two runs differ" % (a.file, tag))
            sys.stdout.writelines(difflib.unified_diff(got.splitlines(True), again.splitlines(True),
                                                       "first run", "second run"))
            failed = True
        expected_path = "%s.%s.expected" % (a.file[:-3], tag)
        if update:
            with open(expected_path, "w", encoding="utf-8") as f:
                f.write(got)
            print("%s: run %s: wrote %s" % (a.file, tag, expected_path))
            continue
        try:
            with open(expected_path, encoding="utf-8") as f:
                want = f.read()
        except OSError as e:
            print("FAIL: %s: run %s: no expectation (%s); KCV_UPDATE_GOLDEN=1 writes it" % (a.file, tag, e))
            failed = True
            continue
        if got != want:
            print("FAIL: %s: run %s: %s" % (a.file, tag, command))
            sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                       expected_path, "kcv output"))
            failed = True
        else:
            print("ok: %s: run %s" % (a.file, tag))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
