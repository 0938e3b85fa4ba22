# Control flow: if/elif/else, while/else, for/else, break, continue, pass, assert, raise.
x = 1
if x:
    pass
if x:
    pass
else:
    pass
if x:
    pass
elif x > 1:
    pass
elif x > 2:
    pass
else:
    pass
if x: pass
if x: pass
elif x: pass
else: pass
if x:
    if x:
        if x:
            pass
        else:
            pass
while x:
    x -= 1
    if x:
        continue
    break
else:
    pass
while False: pass
else: pass
for i in range(3):
    if i:
        break
    else:
        continue
else:
    pass
for i, j in [(1, 2)]:
    pass
for (i, j) in [(1, 2)]:
    pass
for [i, j] in [(1, 2)]:
    pass
for i, in [(1,)]:
    pass
for *i, j in [(1, 2)]:
    pass
for i in 1, 2, 3:
    pass
for i in *[1], *[2]:
    pass
for x.attr in []:
    pass
for x[0] in []:
    pass
assert x
assert x, "message"
assert (x, "tuple is always true")
try:
    raise
except Exception:
    pass
try:
    raise ValueError
except ValueError:
    pass
try:
    raise ValueError("x") from None
except ValueError:
    pass
try:
    raise ValueError("x") from KeyError()
except ValueError:
    pass
pass
