"""Helpers shared by the `kcv check` test drivers (run_case.py, run_corpus.py).

run_check() runs `kcv check --format=json` and returns the exit status and
the parsed report; replay_args() turns a violation's counterexample back
into command-line options (--shape/--dtype/--scalar/--grid) that fix every
symbolic input to its value, so a test can re-run the check on those values
and see the violation again: the counterexample really triggers it.
"""
import json
import re
import subprocess

TENSOR_RE = re.compile(r"^(\w+): HBM tensor \[(.*)\] of ([\w.]+)")
INT_RE = re.compile(r"^(\w+): an int, unconstrained")
TUPLE_RE = re.compile(r"^(\w+) = \((.*?),?\): ints, unconstrained")
SCALAR_RE = re.compile(r"^(\w+) = (.*) \(--scalar\)$")
GRID_RE = re.compile(r"^grid\[(\d)\]$")


class CheckError(Exception):
    pass


def run_check(kcv, target, args, timeout=120):
    """Runs kcv check --format=json; returns (status, report, stderr)."""
    cmd = [kcv, "check", "--format=json"] + list(args) + [target]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode < 0 or p.returncode >= 4:
        raise CheckError("%s: kcv crashed or failed (status %d)\n%s" % (" ".join(cmd), p.returncode, err))
    try:
        report = json.loads(out) if out.strip() else {"kernels": []}
    except ValueError as e:
        raise CheckError("%s: output is not JSON (%s):\n%s" % (" ".join(cmd), e, out))
    return p.returncode, report, err


def errors_of(kernel):
    return [d for d in kernel["diagnostics"] if d["severity"] == "error"]


def replay_args(kernel, diag, base_args):
    """Options that fix every input of `kernel` to the counterexample of `diag`.

    Keeps --dtype, --target, --path, --timeout and --max-paths of base_args;
    --shape, --scalar, --grid and --assume are replaced (the values satisfy
    the assumptions already).  A tensor whose dtype is open ("of a.dtype")
    gets the counterexample's dtype with --dtype, when it names one (it does
    not when nothing on the kernel's runs depended on the dtype)."""
    cex = diag["counterexample"]

    def value(name):
        if name in cex:
            v = cex[name]
            return "True" if v is True else "False" if v is False else str(v)
        if re.fullmatch(r"-?\d+", name):
            return name
        raise CheckError("counterexample of %s has no value for %s: %s" % (diag["rule"], name, cex))

    args = []
    keep = ("--dtype", "--dtype-set", "--target", "--path", "--timeout", "--max-paths")
    i = 0
    while i < len(base_args):
        a = base_args[i]
        opt = a.split("=", 1)[0]
        takes = "=" not in a and opt.startswith("--") and opt not in ("--stats",)
        if opt in keep:
            args.append(a)
            if takes and i + 1 < len(base_args):
                args.append(base_args[i + 1])
        i += 2 if takes else 1
    for s in kernel["assumptions"]:
        m = TENSOR_RE.match(s)
        if m:
            dims = [value(d.strip()) for d in m.group(2).split(",")]
            args.append("--shape=%s=%s" % (m.group(1), ",".join(dims)))
            if m.group(3) in cex:
                args.append("--dtype=%s=%s" % (m.group(1), cex[m.group(3)]))
            continue
        m = INT_RE.match(s)
        if m:
            args.append("--scalar=%s=%s" % (m.group(1), value(m.group(1))))
            continue
        m = TUPLE_RE.match(s)
        if m:
            items = [value(x.strip()) for x in m.group(2).split(",")]
            args.append("--scalar=%s=(%s,)" % (m.group(1), ", ".join(items)))
            continue
        m = SCALAR_RE.match(s)
        if m:
            args.append("--scalar=%s=%s" % (m.group(1), m.group(2)))
    grid = {}
    for name, v in cex.items():
        m = GRID_RE.match(name)
        if m:
            grid[int(m.group(1))] = v
    if grid:
        args.append("--grid=%s" % ",".join(str(grid[k]) for k in sorted(grid)))
    return args


def replay(kcv, file, kernel, diag, base_args):
    """Re-runs the check with the counterexample's values; returns the
    matching violation of the replay, or raises CheckError."""
    args = replay_args(kernel, diag, base_args)
    status, report, err = run_check(kcv, "%s:%s" % (file, kernel["name"]), args)
    ks = [k for k in report["kernels"] if k["name"] == kernel["name"]]
    if not ks:
        raise CheckError("replay %s: no result for kernel %s\n%s" % (" ".join(args), kernel["name"], err))
    for d in errors_of(ks[0]):
        if d["rule"] == diag["rule"] and d["line"] == diag["line"]:
            if status != 1:
                raise CheckError("replay %s: status %d, expected 1" % (" ".join(args), status))
            return d, args
    raise CheckError("replay with %s does not find %s at line %d again (verdict %s): %s" %
                     (" ".join(args), diag["rule"], diag["line"], ks[0]["verdict"],
                      json.dumps(errors_of(ks[0]))))

