#!/usr/bin/python3
"""badinput.py - run `kcv parse` on one generated hostile input.

    badinput.py KCV WORKDIR CASE [TIMEOUT_S]

Writes the input for CASE into WORKDIR (inputs are made at test time, never
committed), runs `KCV parse` on it and checks the outcome:

  - never a crash: no signal, no exit status >= 128, no sanitizer report;
  - never a hang: the run must end within TIMEOUT_S (a little under CTest's
    TIMEOUT, so the reason is printed here rather than by CTest);
  - exit 0 (accepted), or exit 2 with at least one located diagnostic
    `FILE:LINE:COL: error:` on stderr and nothing but diagnostics there.

Each case also states what it must give: "ok" (exit 0), "error" (exit 2) or
"any" (either; for inputs where CPython's answer is a limit, not a rule).
`badinput.py --list` prints the case names (used by CMakeLists.txt).
"""
import os
import random
import re
import subprocess
import sys
import time

N = 100_000

# One block of ordinary Python, repeated (with fresh names) to make the
# 50 MB file.  Checked with CPython's compile() before use.
BLOCK = '''\
# block {i}: a little of everything the parser must handle
import os.path as osp_{i}
from collections import OrderedDict as OD_{i}


@staticmethod
def func_{i}(a, b=2, *args, c: int = 3, **kw) -> "list[int]":
    """Docstring {i} with an escape \\n and unicode \u00e9."""
    x = [a * b + c for a in range(10) if a % 2 == 0]
    y = {{k: v for k, v in zip("abc", (1, 2, 3))}}
    z = lambda q, /, r=1: (q ** -r) if q else None
    s = f"{{a!r:>{{b}}}} and {{x[0]:.3f}} {{'nested'}}"
    t = b"bytes\\x00" + rb"\\raw"
    while a < 10 and not b:
        a += 1; b -= 1
    try:
        assert a is not None, "message"
    except (ValueError, KeyError) as e:
        raise RuntimeError("bad") from e
    finally:
        pass
    with open(osp_{i}.join("/tmp", "f")) as fh, open("g") as gh:
        del fh, gh
    match a:
        case [1, 2, *rest] if rest:
            return rest
        case {{"k": v, **others}}:
            return [v]
        case Point(x=0, y=_) | None:
            return []
    return [*x, *(y or {{}})]


class Class_{i}(OD_{i}, metaclass=type):
    attr: "dict[str, int]" = {{}}

    async def method(self, t: tuple = ()) -> None:
        async with self as s:
            async for item in s:
                await item
        return None

    def gen(self, t):
        global g_{i}
        yield from (n for n in t if n is not ...)
        return g_{i}

'''


def case_inputs():
    """name -> (expected outcome, function writing the input to a path)."""
    def text(s):
        return lambda p: write(p, s.encode("utf-8"))

    def raw(b):
        return lambda p: write(p, b)

    def big_valid(p):
        first = BLOCK.format(i=0)
        compile(first, "<block>", "exec")       # the template itself must be valid
        target = 50 * 1024 * 1024
        with open(p, "w", encoding="utf-8") as f:
            size, i = 0, 0
            while size < target:
                b = BLOCK.format(i=i)
                f.write(b)
                size += len(b.encode("utf-8"))
                i += 1

    def garbage(p):
        rng = random.Random(20240611)
        write(p, bytes(rng.getrandbits(8) for _ in range(64 * 1024)))

    def indent_cycle(levels):
        # N lines; the block depth climbs to `levels` and back, over and over.
        def gen(p):
            lines, depth, up = [], 0, True
            while len(lines) < N:
                if up and depth < levels:
                    lines.append(" " * depth + f"if x{depth}:")
                    depth += 1
                else:
                    lines.append(" " * depth + "pass")
                    up = False
                    if depth == 1:
                        up = True
                    depth -= 1
                    if depth < 0:
                        depth = 0
            # close whatever is open at the end with a body
            lines.append(" " * depth + "pass")
            write(p, ("\n".join(lines) + "\n").encode())
        return gen

    def indent_too_deep(p):
        # 150 nested blocks (CPython stops at 100), then ordinary lines up to N.
        lines = [" " * d + f"if x{d}:" for d in range(150)]
        lines += [" " * 150 + f"y = {k}" for k in range(N - len(lines))]
        write(p, ("\n".join(lines) + "\n").encode())

    return {
        "empty": ("ok", raw(b"")),
        "only_newlines": ("ok", raw(b"\n" * N)),
        "binary_garbage": ("error", garbage),
        "invalid_utf8": ("error", raw(b'x = "caf\xe9"\ny = 1\n')),
        "invalid_utf8_overlong": ("error", raw(b"x = '\xc0\xaf'\n")),
        "invalid_utf8_in_comment": ("any", raw(b"x = 1\n# \xc0\xaf \xff\n")),  # CPython 3.11 accepts
        "invalid_utf8_truncated": ("error", raw(b"x = '\xe2\x82'\n")),
        "nul_byte": ("error", raw(b"x = 1\x00\ny = 2\n")),
        "nul_in_string": ("error", raw(b"x = 'a\x00b'\n")),
        "big_valid_50mb": ("ok", big_valid),
        "nested_parens": ("error", text("x = " + "(" * N + "1" + ")" * N + "\n")),
        "nested_mixed_brackets": ("error", text("x = " + "([{" * (N // 3) + "}])" * (N // 3) + "\n")),
        "unclosed_brackets": ("error", text("x = " + "[" * N + "\n")),
        "unbalanced_close": ("error", text("x = 1" + ")" * N + "\n")),
        "unary_minus_chain": ("any", text("x = " + "-" * N + "1\n")),
        "unary_mixed_chain": ("any", text("x = " + "-+~" * (N // 3) + "1\n")),
        "not_chain": ("any", text("x = " + "not " * N + "y\n")),
        "ternary_chain": ("any", text("x = " + "a if b else " * N + "c\n")),
        "power_chain": ("any", text("x = " + "x**" * N + "x\n")),
        "await_chain": ("error", text("async def f():\n    return " + "await " * N + "x\n")),
        "lambda_chain": ("any", text("f = " + "lambda: " * N + "0\n")),
        "attribute_chain": ("any", text("x = a" + ".b" * N + "\n")),
        "call_chain": ("any", text("x = f" + "()" * N + "\n")),
        "binop_chain": ("any", text("x = " + "1 + " * N + "1\n")),
        # Deep but valid (CPython 3.11 accepts them): kcv must accept them and
        # dump their deep trees (--dump-ast) without running out of stack.
        "deep_ok_parens_199": ("ok", text("x = " + "(" * 199 + "1" + ")" * 199 + "\n")),
        "deep_ok_lists_199": ("ok", text("x = " + "[" * 199 + "]" * 199 + "\n")),
        "deep_ok_unary_1000": ("ok", text("x = " + "-" * 1000 + "1\n")),
        "deep_ok_not_1000": ("ok", text("x = " + "not " * 1000 + "y\n")),
        "deep_ok_ternary_1000": ("ok", text("x = " + "a if b else " * 1000 + "c\n")),
        "deep_ok_power_1000": ("ok", text("x = " + "x**" * 1000 + "x\n")),
        "deep_ok_lambda_1000": ("ok", text("f = " + "lambda: " * 1000 + "0\n")),
        "deep_ok_binop_1000": ("ok", text("x = " + "1 + " * 1000 + "1\n")),
        "deep_ok_attribute_1000": ("ok", text("x = a" + ".b" * 1000 + "\n")),
        "deep_ok_call_1000": ("ok", text("x = f" + "()" * 1000 + "\n")),
        "deep_ok_subscript_1000": ("ok", text("x = a" + "[0]" * 1000 + "\n")),
        "indent_deep_100k_lines": ("ok", indent_cycle(99)),
        "indent_too_deep": ("error", indent_too_deep),
        "unterminated_string": ("error", text("x = 'abc\ny = 2\n")),
        "unterminated_string_eof": ("error", raw(b'x = "abc')),
        "unterminated_triple_string": ("error", text('x = """abc\n' + "line\n" * 1000)),
        "unterminated_triple_single": ("error", text("x = '''abc\n")),
        "unterminated_fstring": ("error", text('x = f"abc {y\nz = 1\n')),
        "unterminated_fstring_brace": ("error", text('x = f"{a + b"\n')),
        "unterminated_triple_fstring": ("error", text('x = f"""{y}\n' + "more\n" * 1000)),
        "long_line": ("ok", text("x = [" + ", ".join(["1"] * N) + "]\n")),
        "long_identifier": ("ok", text("a" * (1 << 20) + " = 1\n")),
        "long_string": ("ok", text("s = '" + "x" * (4 << 20) + "'\n")),
        "no_final_newline": ("ok", raw(b"if x:\n    y = 1")),
        "cr_only_newlines": ("ok", raw(b"x = 1\ry = 2\rif x:\r    z = 3\r")),
        "tab_space_mix": ("error", raw(b"if x:\n\ty = 1\n        z = 2\n")),
        "bom_then_code": ("ok", raw(b"\xef\xbb\xbfx = 1\n")),
    }


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


SANITIZER = re.compile(rb"(ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|"
                       rb"SUMMARY: \w+Sanitizer|AddressSanitizer|UndefinedBehaviorSanitizer)")


def run_kcv(kcv, args, path, timeout):
    """Runs `kcv parse ARGS PATH`; returns (exit status, stderr, crash problems)
    or None on a hang."""
    try:
        r = subprocess.run([kcv, "parse", *args, path], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    problems = []
    if r.returncode < 0:
        problems.append(f"killed by signal {-r.returncode}")
    elif r.returncode >= 128:
        problems.append(f"exit status {r.returncode} (a crash)")
    elif r.returncode not in (0, 2):
        problems.append(f"exit status {r.returncode}, expected 0 or 2")
    if SANITIZER.search(r.stderr):
        problems.append("sanitizer report on stderr")
    return r.returncode, r.stderr, problems


def main(argv):
    cases = case_inputs()
    if len(argv) == 2 and argv[1] == "--list":
        print(";".join(cases))
        return 0
    if len(argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    kcv, workdir, name = argv[1], argv[2], argv[3]
    timeout = float(argv[4]) if len(argv) == 5 else 50.0
    expect, make = cases[name]
    os.makedirs(workdir, exist_ok=True)
    path = os.path.join(workdir, name + ".py")
    make(path)
    size = os.path.getsize(path)

    started = time.monotonic()
    got = run_kcv(kcv, [], path, timeout)
    if got is None:
        print(f"FAIL {name}: `kcv parse` still running after {timeout:.0f}s (a hang); "
              f"input {path} ({size} bytes)")
        return 1
    status, err, problems = got
    located = re.compile(rb"^" + re.escape(path.encode()) + rb":(\d+):(\d+): error: ", re.M)
    hits = [(int(m.group(1)), int(m.group(2))) for m in located.finditer(err)]
    if status == 2:
        if not hits:
            problems.append("exit 2 without a located 'FILE:LINE:COL: error:' diagnostic")
        for line, col in hits:
            if line < 1 or col < 1:
                problems.append(f"diagnostic at {line}:{col}: lines and columns are 1-based")
    if expect == "ok" and status != 0:
        problems.append("this input is valid Python 3.11 and must be accepted (exit 0)")
    if expect == "error" and status != 2:
        problems.append("this input is invalid Python 3.11 and must be rejected (exit 2)")

    # An accepted input's tree may be deep: dumping it must not crash either.
    # (Skipped for the big file, whose dump would be gigabytes of text.)
    if not problems and status == 0 and size < (8 << 20):
        left = max(1.0, timeout - (time.monotonic() - started))
        dumped = run_kcv(kcv, ["--dump-ast"], path, left)
        if dumped is None:
            problems.append(f"`kcv parse --dump-ast` still running after {left:.0f}s (a hang)")
        else:
            if dumped[0] != 0:
                problems.append(f"`kcv parse --dump-ast` exited {dumped[0]} where `kcv parse` exited 0")
            problems += ["--dump-ast: " + p for p in dumped[2] if "expected 0 or 2" not in p]
            if dumped[2] or dumped[0] != 0:
                err = dumped[1]

    if problems:
        print(f"FAIL {name}: " + "; ".join(problems))
        print(f"  input: {path} ({size} bytes); exit {status}; stderr:")
        print("  " + err[:2000].decode("utf-8", "replace").replace("\n", "\n  "))
        return 1
    first = f", first at {hits[0][0]}:{hits[0][1]}" if hits else ""
    print(f"ok {name}: exit {status}, {len(hits)} error(s){first}; input {size} bytes")
    if size > (1 << 20):
        os.remove(path)  # keep the build folder small once a big case passed
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
