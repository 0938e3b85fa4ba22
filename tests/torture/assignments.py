# Assignments: plain, chained, unpacking, starred, annotated, augmented, walrus, del.
x = 1
x = y = z = 2
a, b = 1, 2
(a, b) = (1, 2)
[a, b] = [1, 2]
a, = [1]
(a,) = [1]
[a] = [1]
a, *rest = range(5)
*init, last = range(5)
first, *middle, last = range(5)
[first, *middle] = range(5)
(a, (b, c)), d = (1, (2, 3)), 4
[a, [b, *c]] = [1, [2, 3, 4]]
obj = type('T', (), {})()
obj.attr = 1
obj.attr.sub = [0] * 3
obj.attr.sub[0] = 2
d = {}
d['key'] = d[1, 2] = d[1:2] = None
lst = [0] * 10
lst[1:3] = [1, 2]
lst[::2] = [0] * 5
lst[-1] = -1
obj.x, lst[0], *d['k'] = 1, 2, 3
x = yield_value = (1, 2)
x = *lst, *lst
x = [*lst, *lst]
x = {*lst}
x = {**d, 'k': 1, **d}
# annotated
count: int
count: int = 0
name: str = "x"
values: list[int] = []
obj.attr: int = 1
obj.attr2: int
lst[0]: int = 1
lst[0]: int
(paren): int = 1
(paren2): int
pair: tuple[int, int] = 1, 2
starred_value: list = [*lst]
# augmented, every operator
n = 1
n += 1
n -= 1
n *= 2
n /= 2
n //= 1
n %= 3
n **= 2
n @= n
n <<= 1
n >>= 1
n &= 1
n |= 1
n ^= 1
obj.attr += 1
lst[0] += 1
lst[1:2] *= 2
n += yield_value if n else 0
# walrus
if (m := 10) > 5:
    pass
while (chunk := None) is not None:
    pass
result = [y := 1, y ** 2]
call = print(z := 3)
nested = (a := (b := 1))
walrus_in_subscript = lst[(i := 0)]
# del
del x
del a, b
del (c), [d]
del obj.attr, lst[0], lst[1:2]
del (a, b), [c, d]
del lst[0], (obj.x)
