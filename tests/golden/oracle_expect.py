#!/usr/bin/python3
"""Write the expectation of a `kcv parse` syntax-error golden from CPython.

usage: /usr/bin/python3 tests/golden/oracle_expect.py [--write] FILE.py...

For each FILE.py (first line `# RUN: kcv parse %s`) this asks CPython 3.11
for ast.parse's SyntaxError and renders what kcv should print for it, in
run_golden.py's format: exit status 2, nothing on stdout, and on stderr

    NAME.py:LINE:COL: error: MESSAGE [syntax]
     LINE | the source line
          |     ^

with COL = CPython's offset (1-based; kcv counts bytes, CPython characters,
so the column is converted; an offset past the end of the line is taken as
the byte offset CPython 3.11 gives there), the line quoted and the caret placed as
src/base/diag.c does.  A file CPython accepts gets exit 0 and no output.
Without --write the text is printed; with it, FILE.expected is written.

This is how the syntax goldens were made; check a changed expectation
against CPython before committing it.

An error inside an f-string replacement field keeps CPython 3.11's column,
which counts from its parenthesised copy of the expression (parse/
fstring_bad_expr: column 2, for "(a b)"); kcv reproduces that on purpose.
"""
import ast
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_golden import render  # noqa: E402

WINDOW = 160


def quote(line_text, col):
    """diag.c quote_line for a line without invalid UTF-8."""
    chars = []
    pos = 0
    for ch in line_text:
        chars.append((pos, ch))
        pos += len(ch.encode("utf-8", "surrogatepass"))
    n = pos
    col = max(0, min(col, n))
    text, caret = [], []
    if n > WINDOW:
        raise SystemExit("lines longer than %d bytes are not supported here" % WINDOW)
    for start, ch in chars:
        width = len(ch.encode("utf-8", "surrogatepass"))
        at = start <= col < start + width
        if (ord(ch) < 0x20 or ord(ch) == 0x7f) and ch != "\t":
            text.append("?")
            caret.append("^" if at else " ")
            continue
        text.append(ch)
        caret.append("^" if at else ("\t" if ch == "\t" else " "))
    if col >= n:
        caret.append("^")
    return "".join(text), "".join(caret).rstrip(" \t")


def expectation(path):
    data = open(path, "rb").read()
    name = os.path.basename(path)
    try:
        ast.parse(data)
        return render(0, b"", b"")
    except SyntaxError as e:
        lines = data.decode("utf-8", "surrogateescape").split("\n")
        lineno = e.lineno or 1
        line = lines[lineno - 1].rstrip("\r") if lineno - 1 < len(lines) else ""
        offset = e.offset if e.offset and e.offset > 0 else 1
        if offset - 1 <= len(line):
            col = len(line[:offset - 1].encode("utf-8", "surrogatepass"))
        else:
            # Past the end in characters: CPython 3.11 gave a byte offset
            # here (the token after the error, e.g. the NEWLINE).
            col = offset - 1
        msg = "%s:%d:%d: error: %s [syntax]\n" % (name, lineno, col + 1, e.msg)
        if lineno - 1 < len(lines):
            text, caret = quote(line, col)
            msg += " %5d | %s\n       | %s\n" % (lineno, text, caret)
        return render(2, b"", msg.encode("utf-8"))


def main():
    write = "--write" in sys.argv[1:]
    for path in [a for a in sys.argv[1:] if a != "--write"]:
        text = expectation(path)
        if write:
            with open(path[:-3] + ".expected", "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
        else:
            sys.stdout.write("== %s\n%s" % (path, text))


if __name__ == "__main__":
    main()
