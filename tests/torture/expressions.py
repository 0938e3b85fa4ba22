# Expressions: conditionals, slices, calls, attributes, displays, starred, await-free.
a = b = c = 1
seq = list(range(10))
conditional = a if b else c
nested_conditional = a if b else c if a else b
conditional_in_conditional = (a if b else c) if (b if c else a) else (c if a else b)
slices = [
    seq[1], seq[-1], seq[1:], seq[:2], seq[1:2], seq[:], seq[::], seq[::2], seq[1::2],
    seq[:2:], seq[1:2:3], seq[::-1], seq[a:b:c], seq[-3:-1], seq[a + 1:b * 2],
    seq[(1)], seq[(1, 2)] if False else None,
]
multi_dim = [
    seq[1, 2], seq[1:2, 3], seq[:, :], seq[..., 0], seq[1:2, ::3, ...], seq[a, b:c],
    seq[()], seq[1,], seq[*seq] if False else None, seq[*a, b] if False else None,
]
ellipsis = [..., Ellipsis, seq[...]]
calls = [
    print(), print(a), print(a, b), print(a, sep=''), print(*seq), print(**{}),
    print(*seq, *seq, sep='', **{}, end=''), print(a, *seq, b, sep='', **{}),
    print(x for x in seq), print(a)(b)(c), print(*seq, a),
    print(a, b,), print(sep='',), print(**{}, sep='') if False else None,
]
attributes = [a.real, a.real.imag, seq.copy().pop, (a).real, 'abc'.upper(), b'x'.hex, 1.0.real]
chained = seq.copy()[1:].copy()[0].real
displays = [
    [], [1], [1, 2], [1, 2,], (), (1,), (1, 2), (1, 2,), {}, {1}, {1, 2,},
    {1: 2}, {1: 2, 3: 4,}, {**{}}, {**{}, 1: 2, **{3: 4}}, [*seq], (*seq,), {*seq},
    [*seq, *seq], (*seq, 1), {*seq, 1},
]
starred_in_subscript_target = None
parenthesized_yield = None
await_outside = None
comparisons_in_call = print(a < b, a is not b, a not in seq)
keyword_with_expression = dict(key=a if b else c, other=lambda: 1)
generator_only_arg = sum(x * x for x in seq if x)
string_method_call = ', '.join(str(x) for x in seq)
subscript_of_call = dict(a=1)['a']
attribute_of_subscript = [a][0].real
long_chain = a.__class__.__name__.upper().lower().strip()
call_on_lambda = (lambda x: x)(1)
tuple_of_tuples = ((1, 2), (3, 4))
not_precedence = not a == b
