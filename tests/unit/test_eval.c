/* test_eval.c - the evaluator over the concrete domain: Python semantics of
 * arithmetic, strings and formatting, containers, functions, classes,
 * exceptions, and the limits (step budget, recursion). */
#include "test_eval_util.h"

static void test_int_arithmetic(void **state) {
    (void)state;
    TEval t;
    te_start(&t, false);
    assert_non_null(te_run(&t,
        "a = 7 // 2, -7 // 2, 7 // -2, -7 // -2\n"
        "b = 7 % 3, -7 % 3, 7 % -3, -7 % -3\n"
        "c = 2 ** 10, 2 ** 0, (-3) ** 3, 2 ** -1\n"
        "d = 1 << 10, -16 >> 2, 5 & 3, 5 | 3, 5 ^ 3, ~5\n"
        "e = 7 / 2, 6 / 3, -1 / 4\n"
        "f = True + True, True * 3, -True, True & False, True | False\n"
        "g = 9223372036854775807 + 1\n"
        "h = 2 ** 64\n"
        "i = -9223372036854775807 - 1\n"
        "j = i // -1\n"
        "k = 3 < 4 <= 4 != 5, 1 < 2 > 3, 0 or 'x', '' and 1, None or [] or 0\n"
        "l = divmod(-7, 2), abs(-5), round(2.5), round(3.5), round(-0.5), round(1234, -2), round(2.675, 2)\n"
        "m = int('  -12 '), int('ff', 16), int('0x1f', 0), int(3.9), int(-3.9), float('1.5e3'), bool(0), bool([1])\n"
        "n = min(3, 1, 2), max([4, 9, 2]), sum([1, 2, 3], 10), max('ab', 'b'), min([], default=-1)\n"
        "o = 10 ** 18 * 10\n"
        "p = 1.0 // 0.3, 7.5 % 2, -7.5 % 2, 2 ** 0.5\n"));
    EXPECT_REPR(&t, "a", "(3, -4, -4, 3)");
    EXPECT_REPR(&t, "b", "(1, 2, -2, -1)");
    EXPECT_REPR(&t, "c", "(1024, 1, -27, 0.5)");
    EXPECT_REPR(&t, "d", "(1024, -4, 1, 7, 6, -6)");
    EXPECT_REPR(&t, "e", "(3.5, 2.0, -0.25)");
    EXPECT_REPR(&t, "f", "(2, 3, -1, False, True)");
    /* overflow is unknown, never wrapped */
    Value *g = te_get(&t, "g");
    assert_int_equal(g->kind, V_UNKNOWN);
    EXPECT_CONTAINS(g->u.unknown.reason, "64 bits");
    assert_int_equal(te_get(&t, "h")->kind, V_UNKNOWN);
    EXPECT_REPR(&t, "i", "-9223372036854775808");
    assert_int_equal(te_get(&t, "j")->kind, V_UNKNOWN);
    assert_int_equal(te_get(&t, "o")->kind, V_UNKNOWN);
    EXPECT_REPR(&t, "k", "(True, False, 'x', '', 0)");
    EXPECT_REPR(&t, "l", "((-4, 1), 5, 2, 4, 0, 1200, 2.67)");
    EXPECT_REPR(&t, "m", "(-12, 255, 31, 3, -3, 1500.0, False, True)");
    EXPECT_REPR(&t, "n", "(1, 9, 16, 'b', -1)");
    EXPECT_REPR(&t, "p", "(3.0, 1.5, 0.5, 1.4142135623730951)");
    assert_int_equal(t.diags.errors, 0);
    te_end(&t);
}

static void test_div_by_zero_concrete(void **state) {
    (void)state;
    TEval t;
    te_start(&t, false);
    assert_non_null(te_run(&t,
        "def f(a, b):\n"
        "    return a // b\n"
        "x = f(1, 0)\n"
        "y = 5 % (3 - 3)\n"));
    /* the concrete domain reports the violated obligation, the result is unknown */
    assert_int_equal(t.cd.violations, 2);
    const char *d = te_diags(&t);
    EXPECT_CONTAINS(d, "<test>/m.py:2:12: error: division by zero: b is 0 [div-by-zero]");
    EXPECT_CONTAINS(d, "<test>/m.py:4:5: error: division by zero: 3 - 3 is 0 [div-by-zero]");
    assert_int_equal(te_get(&t, "x")->kind, V_UNKNOWN);
    te_end(&t);
}

static void test_strings_and_formatting(void **state) {
    (void)state;
    TEval t;
    te_start(&t, false);
    assert_non_null(te_run(&t,
        "x = 3.14159\n"
        "n = 1234567\n"
        "a = f'{x:.2f}|{x:10.3f}|{x:<8.1f}|{x:+.1e}|{n:,}|{n:_}|{255:#x}|{255:08b}|{-42:>6}|{-42:=+6}'\n"
        "b = f'{\"ab\":*^7}|{\"ab\":>4}|{\"abcdef\":.3}|{0.25:%}|{0.5:.0%}|{1e20}|{1.5e-7}|{10.0}|{1/3}'\n"
        "c = f'{n!r} {\"q\"!r} {[1, \"a\"]} {(1,)} {None} {True:d} {3:5d}|{7:x}|{65:c}|{2.5:g}|{1e-5:g}'\n"
        "d = '{} and {}'.format(1, 'two') + '|{1}{0}|{name}|{0:>3}|{{}}'.format('a', 'b', name='n')\n"
        "e = '%d %5.2f %s %r %-4s| %x %%' % (42, 3.14159, 'hi', 'hi', 'ab', 255) + '%.3d|%5.3d|' % (-5, 7) + '%(k)s' % {'k': 1}\n"
        "f = ' a b  c '.split(), 'a,b,,c'.split(','), 'a b c'.split(None, 1), 'a.b.c'.rsplit('.', 1)\n"
        "g = '-'.join(['x', 'y', 'z']), 'Hello'.upper(), 'Hello'.lower(), '  pad  '.strip(), 'xxhixx'.strip('x')\n"
        "h = 'abc'.startswith('ab'), 'abc'.endswith(('x', 'bc')), 'aaa'.replace('a', 'b', 2), 'hello'.find('l'), 'hello'.count('l')\n"
        "i = 'héllo'[1], len('héllo'), 'abcdef'[::-2], 'abcdef'[-3:], 'abc' * 2, 'b' in 'abc', 'a' < 'b'\n"
        "j = repr('it\\'s'), str(1.0), str(-0.0), repr(1e16), repr(123456789.0), str(1e-4), str(0.0001234)\n"
        "k = '42'.zfill(5), 'ab'.ljust(4, '.'), 'ab'.rjust(4), 'k=v'.partition('='), 'x'.isdigit(), '12'.isdigit()\n"));
    EXPECT_REPR(&t, "a", "'3.14|     3.142|3.1     |+3.1e+00|1,234,567|1_234_567|0xff|11111111|   -42|-   42'");
    EXPECT_REPR(&t, "b", "'**ab***|  ab|abc|25.000000%|50%|1e+20|1.5e-07|10.0|0.3333333333333333'");
    EXPECT_REPR(&t, "c", "\"1234567 'q' [1, 'a'] (1,) None 1     3|7|A|2.5|1e-05\"");
    EXPECT_REPR(&t, "d", "'1 and two|ba|n|  a|{}'");
    EXPECT_REPR(&t, "e", "\"42  3.14 hi 'hi' ab  | ff %-005|  007|1\"");
    EXPECT_REPR(&t, "f", "(['a', 'b', 'c'], ['a', 'b', '', 'c'], ['a', 'b c'], ['a.b', 'c'])");
    EXPECT_REPR(&t, "g", "('x-y-z', 'HELLO', 'hello', 'pad', 'hi')");
    EXPECT_REPR(&t, "h", "(True, True, 'bba', 2, 2)");
    EXPECT_REPR(&t, "i", "('é', 5, 'fdb', 'def', 'abcabc', True, True)");
    EXPECT_REPR(&t, "j", "('\"it\\'s\"', '1.0', '-0.0', '1e+16', '123456789.0', '0.0001', '0.0001234')");
    EXPECT_REPR(&t, "k", "('00042', 'ab..', '  ab', ('k', '=', 'v'), False, True)");
    te_end(&t);
}

static void test_containers(void **state) {
    (void)state;
    TEval t;
    te_start(&t, false);
    assert_non_null(te_run(&t,
        "l = [1, 2, 3, 4, 5]\n"
        "a = l[-1], l[1:3], l[::-1], l[::2], l[-2:], l[10:], (1, 2, 3)[1:]\n"
        "first, *mid, last = l\n"
        "(p, q), r = (1, 2), 3\n"
        "l.append(6); l.extend([7]); l.insert(0, 0); popped = l.pop(); l.remove(0)\n"
        "l[0] = 10; l[1:3] = [20]; del l[-1]\n"
        "d = {'a': 1}\n"
        "d['b'] = 2; d.setdefault('c', 3); d.update({'d': 4}, e=5)\n"
        "b = d.get('z', 0), d.get('a'), list(d.keys()), list(d.values())[:2], d.pop('e'), 'a' in d, len(d)\n"
        "items = [(k, v) for k, v in d.items() if v % 2 == 0]\n"
        "s = {3, 1, 3, 2}\n"
        "c = len(s), 2 in s, sorted(s), {1, 2} | {2, 3}, {1, 2} & {2, 3}, {1, 2} - {2}\n"
        "comp = [i * j for i in range(3) for j in range(2) if i != j]\n"
        "dc = {k: k * k for k in range(4)}\n"
        "sc = {x % 3 for x in range(10)}\n"
        "gen = sum(x for x in range(5))\n"
        "z = list(zip('ab', [1, 2, 3])), list(enumerate('xy', 1)), list(reversed([1, 2])), sorted([3, 1, 2], reverse=True)\n"
        "srt = sorted(['bb', 'a', 'ccc'], key=len), list(map(lambda x: x + 1, [1, 2])), list(filter(None, [0, 1, 2]))\n"
        "tup = tuple([1, 2]), list((3,)), dict([('k', 1)]), dict(a=1), list(range(2, 10, 3)), list(range(5, 0, -2))\n"
        "eq = [1, 2] == [1, 2], (1, 2) < (1, 3), [1] != [1], (1, [2]) == (1, [2]), {'a': 1} == {'a': 1}\n"
        "nested = [[0] * 2 for _ in range(2)]\n"
        "nested[0][1] = 5\n"
        "idx = [1, 2, 3].index(2), (1, 1, 2).count(1), any([0, 0, 1]), all([]), any([])\n"
        "x = 5\n"
        "leak = [x for x in range(3)]\n"));
    EXPECT_REPR(&t, "a", "(5, [2, 3], [5, 4, 3, 2, 1], [1, 3, 5], [4, 5], [], (2, 3))");
    EXPECT_REPR(&t, "first", "1");
    EXPECT_REPR(&t, "mid", "[2, 3, 4]");
    EXPECT_REPR(&t, "last", "5");
    EXPECT_REPR(&t, "q", "2");
    EXPECT_REPR(&t, "popped", "7");
    EXPECT_REPR(&t, "l", "[10, 20, 4, 5]");
    EXPECT_REPR(&t, "b", "(0, 1, ['a', 'b', 'c', 'd', 'e'], [1, 2], 5, True, 4)");
    EXPECT_REPR(&t, "items", "[('b', 2), ('d', 4)]");
    EXPECT_REPR(&t, "c", "(3, True, [1, 2, 3], {1, 2, 3}, {2}, {1})");
    EXPECT_REPR(&t, "comp", "[0, 0, 0, 2]");
    EXPECT_REPR(&t, "dc", "{0: 0, 1: 1, 2: 4, 3: 9}");
    EXPECT_REPR(&t, "sc", "{0, 1, 2}");
    EXPECT_REPR(&t, "gen", "10");
    EXPECT_REPR(&t, "z", "([('a', 1), ('b', 2)], [(1, 'x'), (2, 'y')], [2, 1], [3, 2, 1])");
    EXPECT_REPR(&t, "srt", "(['a', 'bb', 'ccc'], [2, 3], [1, 2])");
    EXPECT_REPR(&t, "tup", "((1, 2), [3], {'k': 1}, {'a': 1}, [2, 5, 8], [5, 3, 1])");
    EXPECT_REPR(&t, "eq", "(True, True, False, True, True)");
    EXPECT_REPR(&t, "nested", "[[0, 5], [0, 0]]");
    EXPECT_REPR(&t, "idx", "(1, 2, True, True, False)");
    EXPECT_REPR(&t, "x", "5");   /* comprehension variables do not leak */
    te_end(&t);
}

static void test_unpack_errors(void **state) {
    (void)state;
    TEval t;
    te_start(&t, false);
    assert_non_null(te_run(&t,
        "msgs = []\n"
        "def grab(f):\n"
        "    try:\n"
        "        f()\n"
        "    except Exception as e:\n"
        "        msgs.append(type(e).__name__ + ': ' + str(e))\n"
        "def f1():\n"
        "    a, b = [1, 2, 3]\n"
        "def f2():\n"
        "    a, b, c = (1, 2)\n"
        "def f3():\n"
        "    return undefined_name\n"
        "def f4():\n"
        "    return (1)[0]\n"
        "def f5():\n"
        "    return [1][5]\n"
        "def f6():\n"
        "    return {'a': 1}['b']\n"
        "def f7():\n"
        "    return 'a' + 1\n"
        "def f8():\n"
        "    return (1).foo\n"
        "def f9():\n"
        "    y = y + 1\n"
        "def f10():\n"
        "    return len(5)\n"
        "def f11():\n"
        "    return int('x')\n"
        "def f12():\n"
        "    return None()\n"
        "for f in [f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12]:\n"
        "    grab(f)\n"));
    Value *m = te_get(&t, "msgs");
    assert_non_null(m);
    static const char *const want[] = {
        "ValueError: too many values to unpack (expected 2)",
        "ValueError: not enough values to unpack (expected 3, got 2)",
        "NameError: name 'undefined_name' is not defined",
        "TypeError: 'int' object is not subscriptable",
        "IndexError: list index out of range",
        "KeyError: 'b'",
        "TypeError: can only concatenate str (not \"int\") to str",
        "AttributeError: 'int' object has no attribute 'foo'",
        "UnboundLocalError: cannot access local variable 'y' where it is not associated with a value",
        "TypeError: object of type 'int' has no len()",
        "ValueError: invalid literal for int() with base 10: 'x'",
        "TypeError: 'NoneType' object is not callable",
    };
    assert_int_equal(m->u.seq.n, (int)KCV_ARRAY_LEN(want));
    for (size_t i = 0; i < KCV_ARRAY_LEN(want); i++) assert_string_equal(m->u.seq.v[i]->u.str.s, want[i]);
    assert_int_equal(t.diags.errors, 0);
    te_end(&t);
}

static void test_functions(void **state) {
    (void)state;
    TEval t;
    te_start(&t, false);
    assert_non_null(te_run(&t,
        "def f(a, b=2, *args, c, d=4, **kw):\n"
        "    return (a, b, args, c, d, kw)\n"
        "r1 = f(1, c=3)\n"
        "r2 = f(1, 5, 6, 7, c=3, d=8, e=9)\n"
        "r3 = f(*[1, 2], **{'c': 0})\n"
        "def g(x, /, y):\n"
        "    return x - y\n"
        "r4 = g(5, y=1)\n"
        "errs = []\n"
        "for call in [lambda: f(), lambda: f(1), lambda: g(x=1, y=2), lambda: f(1, c=1, a=2), lambda: (lambda: 0)(1)]:\n"
        "    try:\n"
        "        call()\n"
        "    except TypeError as e:\n"
        "        errs.append(str(e))\n"
        "def counter():\n"
        "    n = 0\n"
        "    def inc(by=1):\n"
        "        nonlocal n\n"
        "        n += by\n"
        "        return n\n"
        "    return inc\n"
        "c = counter()\n"
        "c(); c(5)\n"
        "r5 = c()\n"
        "G = 1\n"
        "def setg():\n"
        "    global G\n"
        "    G = G + 10\n"
        "setg()\n"
        "adders = [lambda x, i=i: x + i for i in range(3)]\n"
        "r6 = [a(10) for a in adders]\n"
        "late = [lambda: i for i in range(3)]\n"
        "r7 = [h() for h in late]\n"
        "def deco(tag):\n"
        "    def wrap(fn):\n"
        "        def inner(*a):\n"
        "            return tag + fn(*a)\n"
        "        return inner\n"
        "    return wrap\n"
        "@deco('a')\n"
        "@deco('b')\n"
        "def name(x):\n"
        "    return x\n"
        "r8 = name('c')\n"
        "def fib(n):\n"
        "    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"
        "r9 = fib(15)\n"
        "r10 = (lambda *a, **k: (a, k))(1, x=2)\n"));
    EXPECT_REPR(&t, "r1", "(1, 2, (), 3, 4, {})");
    EXPECT_REPR(&t, "r2", "(1, 5, (6, 7), 3, 8, {'e': 9})");
    EXPECT_REPR(&t, "r3", "(1, 2, (), 0, 4, {})");
    EXPECT_REPR(&t, "r4", "4");
    EXPECT_REPR(&t, "errs",
                "[\"f() missing 1 required positional argument: 'a'\", "
                "\"f() missing 1 required keyword-only argument: 'c'\", "
                "\"g() got some positional-only arguments passed as keyword arguments: 'x'\", "
                "\"f() got multiple values for argument 'a'\", "
                "'<lambda>() takes 0 positional arguments but 1 was given']");
    EXPECT_REPR(&t, "r5", "7");
    EXPECT_REPR(&t, "G", "11");
    EXPECT_REPR(&t, "r6", "[10, 11, 12]");
    EXPECT_REPR(&t, "r7", "[2, 2, 2]");
    EXPECT_REPR(&t, "r8", "'abc'");
    EXPECT_REPR(&t, "r9", "610");
    EXPECT_REPR(&t, "r10", "((1,), {'x': 2})");
    te_end(&t);
}

static void test_classes(void **state) {
    (void)state;
    TEval t;
    te_start(&t, false);
    assert_non_null(te_run(&t,
        "from dataclasses import dataclass, field\n"
        "from enum import Enum\n"
        "class Base:\n"
        "    kind = 'base'\n"
        "    count = 0\n"
        "    def __init__(self, v):\n"
        "        self.v = v\n"
        "        Base.count += 1\n"
        "    def describe(self):\n"
        "        return f'{self.kind}:{self.v}'\n"
        "    @staticmethod\n"
        "    def s(x):\n"
        "        return x * 2\n"
        "    @classmethod\n"
        "    def make(cls, v):\n"
        "        return cls(v)\n"
        "    @property\n"
        "    def double(self):\n"
        "        return self.v * 2\n"
        "class Child(Base):\n"
        "    kind = 'child'\n"
        "    def __init__(self, v, w):\n"
        "        super().__init__(v)\n"
        "        self.w = w\n"
        "    def describe(self):\n"
        "        return super().describe() + f'/{self.w}'\n"
        "c = Child(1, 2)\n"
        "r1 = c.describe(), Base.s(3), c.s(4), Base.make(5).describe(), c.double, Base.count\n"
        "r2 = isinstance(c, Base), isinstance(c, Child), isinstance(Base(0), Child), type(c) is Child, issubclass(Child, Base)\n"
        "r3 = isinstance(1, int), isinstance(True, int), isinstance(1, (str, float)), type(1.5).__name__, type('') is str\n"
        "@dataclass\n"
        "class Cfg:\n"
        "    tile: int\n"
        "    name: str = 'x'\n"
        "    sizes: list = field(default_factory=list)\n"
        "cfg = Cfg(128)\n"
        "cfg.sizes.append(1)\n"
        "r4 = cfg.tile, cfg.name, cfg.sizes, Cfg(1, 'y') == Cfg(1, 'y'), repr(Cfg(2))\n"
        "class Color(Enum):\n"
        "    RED = 1\n"
        "    GREEN = 2\n"
        "r5 = Color.RED.name, Color.GREEN.value, Color(2) is Color.GREEN, Color.RED == Color.RED, str(Color.RED)\n"
        "class Vec:\n"
        "    def __init__(self, x):\n"
        "        self.x = x\n"
        "    def __add__(self, o):\n"
        "        return Vec(self.x + o.x)\n"
        "    def __eq__(self, o):\n"
        "        return self.x == o.x\n"
        "    def __len__(self):\n"
        "        return self.x\n"
        "    def __getitem__(self, i):\n"
        "        return i * 10\n"
        "    def __call__(self, y):\n"
        "        return self.x + y\n"
        "    def __repr__(self):\n"
        "        return f'Vec({self.x})'\n"
        "v = Vec(1) + Vec(2)\n"
        "r6 = v.x, v == Vec(3), len(v), v[4], v(1), repr(v), f'{v!r}', bool(Vec(0))\n"));
    EXPECT_REPR(&t, "r1", "('child:1/2', 6, 8, 'base:5', 2, 2)");
    EXPECT_REPR(&t, "r2", "(True, True, False, True, True)");
    EXPECT_REPR(&t, "r3", "(True, True, False, 'float', True)");
    EXPECT_REPR(&t, "r4", "(128, 'x', [1], True, \"Cfg(tile=2, name='x', sizes=[])\")");
    EXPECT_REPR(&t, "r5", "('RED', 2, True, True, 'Color.RED')");
    EXPECT_REPR(&t, "r6", "(3, True, 3, 40, 4, 'Vec(3)', 'Vec(3)', False)");
    assert_int_equal(t.diags.errors, 0);
    te_end(&t);
}

static void test_exceptions(void **state) {
    (void)state;
    TEval t;
    te_start(&t, false);
    assert_non_null(te_run(&t,
        "log = []\n"
        "class MyErr(ValueError):\n"
        "    pass\n"
        "def f(x):\n"
        "    try:\n"
        "        if x == 1:\n"
        "            raise MyErr('one')\n"
        "        if x == 2:\n"
        "            raise KeyError('k')\n"
        "        if x == 3:\n"
        "            return 'ret'\n"
        "    except ValueError as e:\n"
        "        log.append('caught ' + str(e))\n"
        "    except (KeyError, IndexError):\n"
        "        log.append('lookup')\n"
        "    else:\n"
        "        log.append('else')\n"
        "    finally:\n"
        "        log.append('finally')\n"
        "    return 'end'\n"
        "r = [f(0), f(1), f(2), f(3)]\n"
        "def reraiser():\n"
        "    try:\n"
        "        raise NotImplementedError\n"
        "    except NotImplementedError:\n"
        "        raise\n"
        "try:\n"
        "    reraiser()\n"
        "except RuntimeError as e:\n"
        "    log.append(type(e).__name__)\n"
        "try:\n"
        "    assert 1 == 2, 'nope'\n"
        "except AssertionError as e:\n"
        "    log.append('assert ' + str(e))\n"
        "class CM:\n"
        "    def __enter__(self):\n"
        "        log.append('enter')\n"
        "        return 42\n"
        "    def __exit__(self, t, v, tb):\n"
        "        log.append('exit ' + (t.__name__ if t else 'ok'))\n"
        "        return True\n"
        "with CM() as val:\n"
        "    log.append(val)\n"
        "with CM():\n"
        "    raise ValueError('swallowed')\n"
        "log.append('after')\n"));
    EXPECT_REPR(&t, "r", "['end', 'end', 'end', 'ret']");
    EXPECT_REPR(&t, "log",
                "['else', 'finally', 'caught one', 'finally', 'lookup', 'finally', 'finally', "
                "'NotImplementedError', 'assert nope', 'enter', 42, 'exit ok', 'enter', 'exit ValueError', 'after']");
    te_end(&t);

    /* an uncaught exception: the module fails and the driver reports it */
    te_start(&t, false);
    assert_null(te_run(&t,
        "def inner():\n"
        "    raise ValueError('deep')\n"
        "def outer():\n"
        "    inner()\n"
        "outer()\n"));
    assert_int_equal(t.diags.errors, 1);
    const char *d = te_diags(&t);
    EXPECT_CONTAINS(d, "<test>/m.py:2:5: error: ValueError: deep [exception]");
    EXPECT_CONTAINS(d, "<test>/m.py:4:5: note: called from here");
    EXPECT_CONTAINS(d, "<test>/m.py:5:1: note: called from here");
    te_end(&t);
}

static void test_module_level(void **state) {
    (void)state;
    TEval t;
    te_start(&t, false);
    FILE *out = tmpfile();
    t.I.print_out = out;
    assert_non_null(te_run(&t,
        "import os, logging, sys, math, itertools, functools, operator, typing, copy\n"
        "from typing import Optional, List\n"
        "os.environ['X'] = '1'\n"
        "env = os.environ.get('NOPE'), os.getenv('A', 'dflt')\n"
        "log = logging.getLogger(__name__)\n"
        "log.info('x %s', 1)\n"
        "ran_main = False\n"
        "if __name__ == '__main__':\n"
        "    ran_main = True\n"
        "name = __name__\n"
        "m = math.ceil(7 / 2), math.floor(-0.5), math.sqrt(16), math.gcd(12, 18), math.isqrt(17), math.prod([2, 3, 4]), math.log2(8), math.isclose(0.1 + 0.2, 0.3), math.inf > 1e308\n"
        "it = list(itertools.product([1, 2], 'ab')), list(itertools.chain([1], (2,))), list(itertools.accumulate([1, 2, 3]))\n"
        "ft = functools.reduce(operator.mul, [1, 2, 3, 4]), functools.partial(pow, 2)(10), operator.itemgetter(1)('abc')\n"
        "def annotated(x: Optional[int] = None) -> List[int]:\n"
        "    return [x]\n"
        "an = annotated(3)\n"
        "cp = copy.deepcopy([[1], [2]])\n"
        "vi = sys.version_info[0]\n"
        "print('hello', 1 + 1, sep='-')\n"
        "print(f'{an}')\n"));
    EXPECT_REPR(&t, "env", "(None, 'dflt')");
    EXPECT_REPR(&t, "ran_main", "False");
    EXPECT_REPR(&t, "name", "'m'");
    EXPECT_REPR(&t, "m", "(4, -1, 4.0, 6, 4, 24, 3.0, True, True)");
    EXPECT_REPR(&t, "it", "([(1, 'a'), (1, 'b'), (2, 'a'), (2, 'b')], [1, 2], [1, 3, 6])");
    EXPECT_REPR(&t, "ft", "(24, 1024, 'b')");
    EXPECT_REPR(&t, "an", "[3]");
    EXPECT_REPR(&t, "cp", "[[1], [2]]");
    EXPECT_REPR(&t, "vi", "3");
    fflush(out);
    rewind(out);
    char buf[128] = {0};
    size_t n = fread(buf, 1, sizeof buf - 1, out);
    buf[n] = 0;
    assert_string_equal(buf, "hello-2\n[3]\n");
    fclose(out);
    te_end(&t);
}

static void test_unmodelled(void **state) {
    (void)state;
    TEval t;
    te_start(&t, false);
    assert_non_null(te_run(&t,
        "import torch\n"
        "import torch.nn.functional as F\n"
        "x = torch.zeros(3)\n"
        "y = F.relu\n"
        "z = x + 1\n"));
    Value *x = te_get(&t, "x");
    assert_int_equal(x->kind, V_UNKNOWN);
    assert_string_equal(x->u.unknown.reason, "'torch.zeros' is not modelled");
    assert_string_equal(te_get(&t, "y")->u.unknown.reason, "'torch.nn.functional.relu' is not modelled");
    assert_int_equal(te_get(&t, "z")->kind, V_UNKNOWN);
    te_end(&t);

    /* a decision on an unknown value gives the path up, with the reason */
    te_start(&t, false);
    assert_null(te_run(&t,
        "import torch\n"
        "if torch.cuda.is_available():\n"
        "    pass\n"));
    assert_int_equal(t.I.unwind, UNWIND_ABORT);
    assert_string_equal(t.I.abort_reason, "'torch.cuda' is not modelled");
    assert_int_equal(t.I.abort_loc.line, 2);
    assert_int_equal(t.diags.errors, 0);
    te_end(&t);
}

static void test_limits(void **state) {
    (void)state;
    TEval t;
    te_start(&t, false);
    t.I.max_steps = 10000;
    assert_null(te_run(&t, "x = 0\nwhile True:\n    pass\n"));
    assert_int_equal(t.I.unwind, UNWIND_ABORT);
    assert_string_equal(t.I.abort_reason, "step budget exhausted (10000 steps)");
    te_end(&t);

    te_start(&t, false);
    assert_null(te_run(&t, "def f(n):\n    return f(n + 1)\nf(0)\n"));
    assert_int_equal(t.I.unwind, UNWIND_ABORT);
    EXPECT_CONTAINS(t.I.abort_reason, "recursion too deep");
    assert_int_equal(t.I.abort_loc.line, 2);
    te_end(&t);

    /* containers that contain themselves: no endless C recursion */
    te_start(&t, false);
    assert_null(te_run(&t, "a = []\na.append(a)\nb = []\nb.append(b)\ns = repr(a)\nr = a == b\n"));
    EXPECT_CONTAINS(t.I.abort_reason, "recursion too deep");
    te_end(&t);

    te_start(&t, false);
    assert_null(te_run(&t, "match 1:\n    case 1:\n        pass\n"));
    assert_int_equal(t.I.unwind, UNWIND_ABORT);
    EXPECT_CONTAINS(t.I.abort_reason, "match statement is not supported");
    te_end(&t);

    te_start(&t, false);
    assert_null(te_run(&t, "def g():\n    yield 1\nlist(g())\n"));
    assert_int_equal(t.I.unwind, UNWIND_ABORT);
    EXPECT_CONTAINS(t.I.abort_reason, "generator functions are not supported");
    te_end(&t);
}

static void test_loops_concrete(void **state) {
    (void)state;
    TEval t;
    te_start(&t, false);
    assert_non_null(te_run(&t,
        "acc = []\n"
        "for i in range(3):\n"
        "    for j in range(3):\n"
        "        if j == 2:\n"
        "            break\n"
        "        if (i + j) % 2:\n"
        "            continue\n"
        "        acc.append((i, j))\n"
        "else:\n"
        "    acc.append('else')\n"
        "n = 0\n"
        "while n < 10:\n"
        "    n += 3\n"
        "else:\n"
        "    done = True\n"
        "for k in range(100):\n"
        "    total = k\n"
        "s = 0\n"
        "for c in 'abc':\n"
        "    s += ord(c)\n"
        "for key in {'x': 1, 'y': 2}:\n"
        "    last = key\n"));
    EXPECT_REPR(&t, "acc", "[(0, 0), (1, 1), (2, 0), 'else']");
    EXPECT_REPR(&t, "n", "12");
    EXPECT_REPR(&t, "done", "True");
    /* a long loop with a concrete trip count runs exactly in the concrete domain */
    EXPECT_REPR(&t, "total", "99");
    EXPECT_REPR(&t, "s", "294");
    EXPECT_REPR(&t, "last", "'y'");
    te_end(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int_arithmetic),
        cmocka_unit_test(test_div_by_zero_concrete),
        cmocka_unit_test(test_strings_and_formatting),
        cmocka_unit_test(test_containers),
        cmocka_unit_test(test_unpack_errors),
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_exceptions),
        cmocka_unit_test(test_module_level),
        cmocka_unit_test(test_unmodelled),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_loops_concrete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
