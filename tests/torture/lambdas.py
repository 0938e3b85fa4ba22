# Lambdas with every parameter form.
l0 = lambda: 0
l1 = lambda x: x
l2 = lambda x, y: x + y
l3 = lambda x=1: x
l4 = lambda x, y=2, z=3: x
l5 = lambda *args: args
l6 = lambda **kwargs: kwargs
l7 = lambda *args, **kwargs: (args, kwargs)
l8 = lambda x, *, y: y
l9 = lambda x, *, y=1, z: z
l10 = lambda a, /: a
l11 = lambda a, b=1, /, c=2, *d, e, f=3, **g: g
l12 = lambda a, /, b, *, c: c
l13 = lambda a=1, /, b=2: b
l14 = lambda *, a: a
l15 = lambda *, a=1, **k: k
l16 = lambda x: lambda y: x + y
l17 = lambda: (yield)
l18 = lambda x: x if x else -x
l19 = lambda x, y,: x
l20 = lambda *a,: a
l21 = lambda **k,: k
l22 = lambda a, /, *, b: b
l23 = (lambda: 1)()
l24 = [lambda i=i: i for i in range(3)]
l25 = lambda x=lambda: 1: x()
l26 = lambda x: (x := 1) if False else x
l27 = lambda: lambda: lambda: None
