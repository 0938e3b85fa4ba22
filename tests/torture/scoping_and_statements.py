# Simple statements and scoping: global, nonlocal, docstrings, expressions as statements.
"""Module docstring."""
GLOBAL_A = GLOBAL_B = 0


def uses_global():
    global GLOBAL_A
    global GLOBAL_A, GLOBAL_B
    GLOBAL_A = 1


def uses_nonlocal():
    a = b = 0

    def inner():
        nonlocal a
        nonlocal a, b
        a = 1
    return inner


1
"a string statement"
...
None
GLOBAL_A
GLOBAL_A.real
print()
(yield_expression_not_allowed_here) if False else None
[1, 2]
x = 1; x
del x
pass; pass
type = "soft keyword in 3.12 only"
print(type)
print(__debug__)
