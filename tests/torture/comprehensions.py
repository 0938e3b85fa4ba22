# Comprehensions: list, set, dict and generator, nested, with conditions, async.
data = range(10)
lists = [x for x in data]
sets = {x for x in data}
dicts = {x: x * x for x in data}
gens = (x for x in data)
call_with_gen = sum(x for x in data)
call_with_gen_and_parens = sum((x for x in data))
conditions = [x for x in data if x if x > 2 if not x % 2]
nested_for = [(x, y) for x in data for y in data if x < y]
nested_comprehension = [[y for y in range(x)] for x in data]
tuple_target = [a + b for a, b in zip(data, data)]
starred_target = [rest for first, *rest in [(1, 2, 3)]]
nested_target = [c for (a, (b, c)) in [(1, (2, 3))]]
dict_unpack_target = {k: v for k, v in {1: 2}.items()}
walrus_in_condition = [y for x in data if (y := x * 2) > 4]
walrus_in_elt = [(z := x) for x in data]
conditional_elt = [x if x else -x for x in data]
lambda_elt = [lambda: x for x in data]
iter_is_ternary = [x for x in (data if data else [])]
iter_is_lambda_call = [x for x in (lambda: data)()]
dict_conditional = {k: (v if v else None) for k, v in zip(data, data) if k}
set_nested = {frozenset(y for y in range(x)) for x in data}
generator_of_generator = ((y for y in range(x)) for x in data)
attribute_target = [None for self_attr in data]
subscript_iter = [x for x in data[1:3]]
many_fors = [(a, b, c) for a in data for b in data if a for c in data if b if c]


async def async_comprehensions(aiter, coro):
    a = [x async for x in aiter]
    b = {x async for x in aiter if x}
    c = {x: x async for x in aiter}
    d = (x async for x in aiter)
    e = [await coro(x) for x in range(3)]
    f = [x for x in range(3) async for y in aiter]
    g = [y async for x in aiter for y in x]
    h = [await x async for x in aiter if await x]
    return a, b, c, d, e, f, g, h
