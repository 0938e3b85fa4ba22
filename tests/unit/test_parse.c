/* test_parse.c - unit tests of the parser (src/front/parse*.c): trees as
 * CPython 3.11 builds them (precedence, targets and their contexts, slices,
 * parameters, patterns, numbers), CPython's spans for the tricky nodes, its
 * syntax errors with their positions, and the nesting limits.
 *
 * The expected dumps and errors were produced with CPython 3.11.2
 * (/usr/bin/python3: ast.dump(ast.parse(src)) and SyntaxError.lineno /
 * offset, the offset converted to a 0-based byte column).  The error cases
 * include the invalid sources of CPython 3.11's own test suite
 * (test_syntax, test_exceptions, test_patma, test_fstring, ...). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "front/front.h"

/* One parse of `text`, kept alive until parse_done. */
typedef struct Parsed {
    SourceFile *file;
    Interner names;
    Arena arena;
    DiagSink diags;
    Node *mod;
} Parsed;

static void parse_text(Parsed *r, const char *text) {
    r->file = source_from_string("t.py", text, strlen(text));
    interner_init(&r->names);
    arena_init(&r->arena);
    diag_init(&r->diags);
    r->mod = parse_module(r->file, &r->names, &r->arena, &r->diags);
}

static void parse_done(Parsed *r) {
    diag_free(&r->diags);
    arena_free(&r->arena);
    interner_free(&r->names);
    source_free(r->file);
}

static char *dump_of(const char *text) {
    Parsed r;
    parse_text(&r, text);
    if (!r.mod) {
        fprintf(stderr, "unexpected error in %s: %s\n", text, r.diags.diags.n ? r.diags.diags.v[0].message : "?");
        parse_done(&r);
        return NULL;
    }
    StrBuf b = {0};
    ast_dump(&b, r.mod, false);
    char *s = kcv_strndup(sb_str(&b), b.len);
    sb_free(&b);
    parse_done(&r);
    return s;
}

static void assert_span(const Node *n, int line, int col, int end_line, int end_col) {
    assert_non_null(n);
    assert_int_equal(n->span.line, line);
    assert_int_equal(n->span.col, col);
    assert_int_equal(n->span.end_line, end_line);
    assert_int_equal(n->span.end_col, end_col);
}

/* ---- trees ------------------------------------------------------------------ */

static const struct {
    const char *src, *dump;
} dump_cases[] = {
    {"-2**2\n",
     "Module(body=[Expr(value=UnaryOp(op=USub(), operand=BinOp(left=Constant(value=2), op=Pow(), right=Constant(value=2))))], type_ignores=[])"},
    {"a or b and not c\n",
     "Module(body=[Expr(value=BoolOp(op=Or(), values=[Name(id='a', ctx=Load()), BoolOp(op=And(), values=[Name(id='b', ctx=Load()), UnaryOp(op=Not(), operand=Name(id='c', ctx=Load()))])]))], type_ignores=[])"},
    {"x ** -y ** z\n",
     "Module(body=[Expr(value=BinOp(left=Name(id='x', ctx=Load()), op=Pow(), right=UnaryOp(op=USub(), operand=BinOp(left=Name(id='y', ctx=Load()), op=Pow(), right=Name(id='z', ctx=Load())))))], type_ignores=[])"},
    {"a + b * c - d / e // f % g @ h\n",
     "Module(body=[Expr(value=BinOp(left=BinOp(left=Name(id='a', ctx=Load()), op=Add(), right=BinOp(left=Name(id='b', ctx=Load()), op=Mult(), right=Name(id='c', ctx=Load()))), op=Sub(), right=BinOp(left=BinOp(left=BinOp(left=BinOp(left=Name(id='d', ctx=Load()), op=Div(), right=Name(id='e', ctx=Load())), op=FloorDiv(), right=Name(id='f', ctx=Load())), op=Mod(), right=Name(id='g', ctx=Load())), op=MatMult(), right=Name(id='h', ctx=Load()))))], type_ignores=[])"},
    {"a | b ^ c & d << e >> f\n",
     "Module(body=[Expr(value=BinOp(left=Name(id='a', ctx=Load()), op=BitOr(), right=BinOp(left=Name(id='b', ctx=Load()), op=BitXor(), right=BinOp(left=Name(id='c', ctx=Load()), op=BitAnd(), right=BinOp(left=BinOp(left=Name(id='d', ctx=Load()), op=LShift(), right=Name(id='e', ctx=Load())), op=RShift(), right=Name(id='f', ctx=Load()))))))], type_ignores=[])"},
    {"not a == b\n",
     "Module(body=[Expr(value=UnaryOp(op=Not(), operand=Compare(left=Name(id='a', ctx=Load()), ops=[Eq()], comparators=[Name(id='b', ctx=Load())])))], type_ignores=[])"},
    {"~-+a\n",
     "Module(body=[Expr(value=UnaryOp(op=Invert(), operand=UnaryOp(op=USub(), operand=UnaryOp(op=UAdd(), operand=Name(id='a', ctx=Load())))))], type_ignores=[])"},
    {"await x ** y\n",
     "Module(body=[Expr(value=BinOp(left=Await(value=Name(id='x', ctx=Load())), op=Pow(), right=Name(id='y', ctx=Load())))], type_ignores=[])"},
    {"a < b <= c != d in e not in f is g is not h\n",
     "Module(body=[Expr(value=Compare(left=Name(id='a', ctx=Load()), ops=[Lt(), LtE(), NotEq(), In(), NotIn(), Is(), IsNot()], comparators=[Name(id='b', ctx=Load()), Name(id='c', ctx=Load()), Name(id='d', ctx=Load()), Name(id='e', ctx=Load()), Name(id='f', ctx=Load()), Name(id='g', ctx=Load()), Name(id='h', ctx=Load())]))], type_ignores=[])"},
    {"a, [b, *c], d.e, f[0] = x\n",
     "Module(body=[Assign(targets=[Tuple(elts=[Name(id='a', ctx=Store()), List(elts=[Name(id='b', ctx=Store()), Starred(value=Name(id='c', ctx=Store()), ctx=Store())], ctx=Store()), Attribute(value=Name(id='d', ctx=Load()), attr='e', ctx=Store()), Subscript(value=Name(id='f', ctx=Load()), slice=Constant(value=0), ctx=Store())], ctx=Store())], value=Name(id='x', ctx=Load()))], type_ignores=[])"},
    {"(a, b), = c, d = e\n",
     "Module(body=[Assign(targets=[Tuple(elts=[Tuple(elts=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], ctx=Store())], ctx=Store()), Tuple(elts=[Name(id='c', ctx=Store()), Name(id='d', ctx=Store())], ctx=Store())], value=Name(id='e', ctx=Load()))], type_ignores=[])"},
    {"for (a, *b), c.d in e: pass\n",
     "Module(body=[For(target=Tuple(elts=[Tuple(elts=[Name(id='a', ctx=Store()), Starred(value=Name(id='b', ctx=Store()), ctx=Store())], ctx=Store()), Attribute(value=Name(id='c', ctx=Load()), attr='d', ctx=Store())], ctx=Store()), iter=Name(id='e', ctx=Load()), body=[Pass()], orelse=[])], type_ignores=[])"},
    {"del a, (b, c), [d[0]], e.f\n",
     "Module(body=[Delete(targets=[Name(id='a', ctx=Del()), Tuple(elts=[Name(id='b', ctx=Del()), Name(id='c', ctx=Del())], ctx=Del()), List(elts=[Subscript(value=Name(id='d', ctx=Load()), slice=Constant(value=0), ctx=Del())], ctx=Del()), Attribute(value=Name(id='e', ctx=Load()), attr='f', ctx=Del())])], type_ignores=[])"},
    {"x[a:b, c]\nx[::2]\nx[*a]\nx[a,]\nx[a:=1]\n",
     "Module(body=[Expr(value=Subscript(value=Name(id='x', ctx=Load()), slice=Tuple(elts=[Slice(lower=Name(id='a', ctx=Load()), upper=Name(id='b', ctx=Load())), Name(id='c', ctx=Load())], ctx=Load()), ctx=Load())), Expr(value=Subscript(value=Name(id='x', ctx=Load()), slice=Slice(step=Constant(value=2)), ctx=Load())), Expr(value=Subscript(value=Name(id='x', ctx=Load()), slice=Tuple(elts=[Starred(value=Name(id='a', ctx=Load()), ctx=Load())], ctx=Load()), ctx=Load())), Expr(value=Subscript(value=Name(id='x', ctx=Load()), slice=Tuple(elts=[Name(id='a', ctx=Load())], ctx=Load()), ctx=Load())), Expr(value=Subscript(value=Name(id='x', ctx=Load()), slice=NamedExpr(target=Name(id='a', ctx=Store()), value=Constant(value=1)), ctx=Load()))], type_ignores=[])"},
    {"x: int\n(y): int = 1\na.b: int\nc[0]: int = yield\n",
     "Module(body=[AnnAssign(target=Name(id='x', ctx=Store()), annotation=Name(id='int', ctx=Load()), simple=1), AnnAssign(target=Name(id='y', ctx=Store()), annotation=Name(id='int', ctx=Load()), value=Constant(value=1), simple=0), AnnAssign(target=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Store()), annotation=Name(id='int', ctx=Load()), simple=0), AnnAssign(target=Subscript(value=Name(id='c', ctx=Load()), slice=Constant(value=0), ctx=Store()), annotation=Name(id='int', ctx=Load()), value=Yield(), simple=0)], type_ignores=[])"},
    {"f(x for x in y)\n",
     "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[GeneratorExp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)])], keywords=[]))], type_ignores=[])"},
    {"f((x for x in y), z)\n",
     "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[GeneratorExp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)]), Name(id='z', ctx=Load())], keywords=[]))], type_ignores=[])"},
    {"import a.b.c as d, e\nfrom ... import a\nfrom .b.c import d as e\nfrom . import (f, g,)\nfrom .... import *\n",
     "Module(body=[Import(names=[alias(name='a.b.c', asname='d'), alias(name='e')]), ImportFrom(names=[alias(name='a')], level=3), ImportFrom(module='b.c', names=[alias(name='d', asname='e')], level=1), ImportFrom(names=[alias(name='f'), alias(name='g')], level=1), ImportFrom(names=[alias(name='*')], level=4)], type_ignores=[])"},
    {"lambda a, /, b=1, *c, d, e=2, **f: 0\nlambda *, a: 0\nlambda: 0\n",
     "Module(body=[Expr(value=Lambda(args=arguments(posonlyargs=[arg(arg='a')], args=[arg(arg='b')], vararg=arg(arg='c'), kwonlyargs=[arg(arg='d'), arg(arg='e')], kw_defaults=[None, Constant(value=2)], kwarg=arg(arg='f'), defaults=[Constant(value=1)]), body=Constant(value=0))), Expr(value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[arg(arg='a')], kw_defaults=[None], defaults=[]), body=Constant(value=0))), Expr(value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Constant(value=0)))], type_ignores=[])"},
    {"def f(a: int, /, b=1, *args: *Ts, c, d=2, **kw) -> r: pass\n",
     "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[arg(arg='a', annotation=Name(id='int', ctx=Load()))], args=[arg(arg='b')], vararg=arg(arg='args', annotation=Starred(value=Name(id='Ts', ctx=Load()), ctx=Load())), kwonlyargs=[arg(arg='c'), arg(arg='d')], kw_defaults=[None, Constant(value=2)], kwarg=arg(arg='kw'), defaults=[Constant(value=1)]), body=[Pass()], decorator_list=[], returns=Name(id='r', ctx=Load()))], type_ignores=[])"},
    {"@a.b(c)\n@d\nclass C(B, metaclass=M, *e, **f): pass\n",
     "Module(body=[ClassDef(name='C', bases=[Name(id='B', ctx=Load()), Starred(value=Name(id='e', ctx=Load()), ctx=Load())], keywords=[keyword(arg='metaclass', value=Name(id='M', ctx=Load())), keyword(value=Name(id='f', ctx=Load()))], body=[Pass()], decorator_list=[Call(func=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Load()), args=[Name(id='c', ctx=Load())], keywords=[]), Name(id='d', ctx=Load())])], type_ignores=[])"},
    {"match = 1\ncase = match(_)\n_ = case\nmatch[x]\nmatch(x).y = 1\n",
     "Module(body=[Assign(targets=[Name(id='match', ctx=Store())], value=Constant(value=1)), Assign(targets=[Name(id='case', ctx=Store())], value=Call(func=Name(id='match', ctx=Load()), args=[Name(id='_', ctx=Load())], keywords=[])), Assign(targets=[Name(id='_', ctx=Store())], value=Name(id='case', ctx=Load())), Expr(value=Subscript(value=Name(id='match', ctx=Load()), slice=Name(id='x', ctx=Load()), ctx=Load())), Assign(targets=[Attribute(value=Call(func=Name(id='match', ctx=Load()), args=[Name(id='x', ctx=Load())], keywords=[]), attr='y', ctx=Store())], value=Constant(value=1))], type_ignores=[])"},
    {"with (a as b, c as d,): pass\nwith (a, b) as c: pass\nwith (a): pass\nwith a as (b, c), d: pass\n",
     "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Name(id='b', ctx=Store())), withitem(context_expr=Name(id='c', ctx=Load()), optional_vars=Name(id='d', ctx=Store()))], body=[Pass()]), With(items=[withitem(context_expr=Tuple(elts=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())], ctx=Load()), optional_vars=Name(id='c', ctx=Store()))], body=[Pass()]), With(items=[withitem(context_expr=Name(id='a', ctx=Load()))], body=[Pass()]), With(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Tuple(elts=[Name(id='b', ctx=Store()), Name(id='c', ctx=Store())], ctx=Store())), withitem(context_expr=Name(id='d', ctx=Load()))], body=[Pass()])], type_ignores=[])"},
    {"try:\n    pass\nexcept* E as e:\n    pass\nfinally:\n    pass\n",
     "Module(body=[TryStar(body=[Pass()], handlers=[ExceptHandler(type=Name(id='E', ctx=Load()), name='e', body=[Pass()])], orelse=[], finalbody=[Pass()])], type_ignores=[])"},
    {"try:\n    pass\nexcept (A, B):\n    pass\nexcept:\n    pass\nelse:\n    pass\n",
     "Module(body=[Try(body=[Pass()], handlers=[ExceptHandler(type=Tuple(elts=[Name(id='A', ctx=Load()), Name(id='B', ctx=Load())], ctx=Load()), body=[Pass()]), ExceptHandler(body=[Pass()])], orelse=[Pass()], finalbody=[])], type_ignores=[])"},
    {"x = 123456789012345678901234567890 + 0xffffffffffffffffffff + 1e500 + 2.5j + 0o17 + 0b1_0 + 1_000\n",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=Constant(value=123456789012345678901234567890), op=Add(), right=Constant(value=1208925819614629174706175)), op=Add(), right=Constant(value=inf)), op=Add(), right=Constant(value=2.5j)), op=Add(), right=Constant(value=15)), op=Add(), right=Constant(value=2)), op=Add(), right=Constant(value=1000)))], type_ignores=[])"},
    {"match x:\n    case [1, *rest] | {'k': v, **kw} | Point(1, y=0) as p if p:\n        pass\n    case -1 + 2j | a.b.c | None | _:\n        pass\n    case (1, 2) | (a) | () | [] | {} | -1.5 | 'a' 'b':\n        pass\n    case *a, b:\n        pass\n",
     "Module(body=[Match(subject=Name(id='x', ctx=Load()), cases=[match_case(pattern=MatchAs(pattern=MatchOr(patterns=[MatchSequence(patterns=[MatchValue(value=Constant(value=1)), MatchStar(name='rest')]), MatchMapping(keys=[Constant(value='k')], patterns=[MatchAs(name='v')], rest='kw'), MatchClass(cls=Name(id='Point', ctx=Load()), patterns=[MatchValue(value=Constant(value=1))], kwd_attrs=['y'], kwd_patterns=[MatchValue(value=Constant(value=0))])]), name='p'), guard=Name(id='p', ctx=Load()), body=[Pass()]), match_case(pattern=MatchOr(patterns=[MatchValue(value=BinOp(left=UnaryOp(op=USub(), operand=Constant(value=1)), op=Add(), right=Constant(value=2j))), MatchValue(value=Attribute(value=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Load()), attr='c', ctx=Load())), MatchSingleton(value=None), MatchAs()]), body=[Pass()]), match_case(pattern=MatchOr(patterns=[MatchSequence(patterns=[MatchValue(value=Constant(value=1)), MatchValue(value=Constant(value=2))]), MatchAs(name='a'), MatchSequence(patterns=[]), MatchSequence(patterns=[]), MatchMapping(keys=[], patterns=[]), MatchValue(value=UnaryOp(op=USub(), operand=Constant(value=1.5))), MatchValue(value=Constant(value='ab'))]), body=[Pass()]), match_case(pattern=MatchSequence(patterns=[MatchStar(name='a'), MatchAs(name='b')]), body=[Pass()])])], type_ignores=[])"},
    {"f(a, *b, c=1, *d, **e, g=2)\n",
     "Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[Name(id='a', ctx=Load()), Starred(value=Name(id='b', ctx=Load()), ctx=Load()), Starred(value=Name(id='d', ctx=Load()), ctx=Load())], keywords=[keyword(arg='c', value=Constant(value=1)), keyword(value=Name(id='e', ctx=Load())), keyword(arg='g', value=Constant(value=2))]))], type_ignores=[])"},
    {"{**a, 'b': 1}\n{a for a in b if c if d}\n{k: v async for k in w}\n[*a, b]\n{*a, b}\n",
     "Module(body=[Expr(value=Dict(keys=[None, Constant(value='b')], values=[Name(id='a', ctx=Load()), Constant(value=1)])), Expr(value=SetComp(elt=Name(id='a', ctx=Load()), generators=[comprehension(target=Name(id='a', ctx=Store()), iter=Name(id='b', ctx=Load()), ifs=[Name(id='c', ctx=Load()), Name(id='d', ctx=Load())], is_async=0)])), Expr(value=DictComp(key=Name(id='k', ctx=Load()), value=Name(id='v', ctx=Load()), generators=[comprehension(target=Name(id='k', ctx=Store()), iter=Name(id='w', ctx=Load()), ifs=[], is_async=1)])), Expr(value=List(elts=[Starred(value=Name(id='a', ctx=Load()), ctx=Load()), Name(id='b', ctx=Load())], ctx=Load())), Expr(value=Set(elts=[Starred(value=Name(id='a', ctx=Load()), ctx=Load()), Name(id='b', ctx=Load())]))], type_ignores=[])"},
    {"x = yield\ny = yield from z\nyield a, b\n",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Yield()), Assign(targets=[Name(id='y', ctx=Store())], value=YieldFrom(value=Name(id='z', ctx=Load()))), Expr(value=Yield(value=Tuple(elts=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())], ctx=Load())))], type_ignores=[])"},
    {"async def f():\n    async with a: pass\n    async for x in y: pass\n    await z\n    [i async for i in j]\n",
     "Module(body=[AsyncFunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[AsyncWith(items=[withitem(context_expr=Name(id='a', ctx=Load()))], body=[Pass()]), AsyncFor(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), body=[Pass()], orelse=[]), Expr(value=Await(value=Name(id='z', ctx=Load()))), Expr(value=ListComp(elt=Name(id='i', ctx=Load()), generators=[comprehension(target=Name(id='i', ctx=Store()), iter=Name(id='j', ctx=Load()), ifs=[], is_async=1)]))], decorator_list=[])], type_ignores=[])"},
    {"global a, b\nnonlocal c\n",
     "Module(body=[Global(names=['a', 'b']), Nonlocal(names=['c'])], type_ignores=[])"},
    {"if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n",
     "Module(body=[If(test=Name(id='a', ctx=Load()), body=[Pass()], orelse=[If(test=Name(id='b', ctx=Load()), body=[Pass()], orelse=[Pass()])])], type_ignores=[])"},
    {"x = a if b else c if d else e\n",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=IfExp(test=Name(id='b', ctx=Load()), body=Name(id='a', ctx=Load()), orelse=IfExp(test=Name(id='d', ctx=Load()), body=Name(id='c', ctx=Load()), orelse=Name(id='e', ctx=Load()))))], type_ignores=[])"},
    {"(x := 1)\nf(y := 2)\n[z := 3, 4]\n",
     "Module(body=[Expr(value=NamedExpr(target=Name(id='x', ctx=Store()), value=Constant(value=1))), Expr(value=Call(func=Name(id='f', ctx=Load()), args=[NamedExpr(target=Name(id='y', ctx=Store()), value=Constant(value=2))], keywords=[])), Expr(value=List(elts=[NamedExpr(target=Name(id='z', ctx=Store()), value=Constant(value=3)), Constant(value=4)], ctx=Load()))], type_ignores=[])"},
    {"a = b = c\nd += 1\ne[0] **= 2\n",
     "Module(body=[Assign(targets=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], value=Name(id='c', ctx=Load())), AugAssign(target=Name(id='d', ctx=Store()), op=Add(), value=Constant(value=1)), AugAssign(target=Subscript(value=Name(id='e', ctx=Load()), slice=Constant(value=0), ctx=Store()), op=Pow(), value=Constant(value=2))], type_ignores=[])"},
    {"x = 1; y = 2;\n",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1)), Assign(targets=[Name(id='y', ctx=Store())], value=Constant(value=2))], type_ignores=[])"},
    {"assert a, b\nraise X from Y\nraise\nreturn\n",
     "Module(body=[Assert(test=Name(id='a', ctx=Load()), msg=Name(id='b', ctx=Load())), Raise(exc=Name(id='X', ctx=Load()), cause=Name(id='Y', ctx=Load())), Raise(), Return()], type_ignores=[])"},
    {"while a:\n    break\nelse:\n    continue\n",
     "Module(body=[While(test=Name(id='a', ctx=Load()), body=[Break()], orelse=[Continue()])], type_ignores=[])"},
    {"print(*a, sep='')\n",
     "Module(body=[Expr(value=Call(func=Name(id='print', ctx=Load()), args=[Starred(value=Name(id='a', ctx=Load()), ctx=Load())], keywords=[keyword(arg='sep', value=Constant(value=''))]))], type_ignores=[])"},
    {"x = ...\n",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=Ellipsis))], type_ignores=[])"},
    {"x = (1,)\ny = ()\nz = (1)\n",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Tuple(elts=[Constant(value=1)], ctx=Load())), Assign(targets=[Name(id='y', ctx=Store())], value=Tuple(elts=[], ctx=Load())), Assign(targets=[Name(id='z', ctx=Store())], value=Constant(value=1))], type_ignores=[])"},
    {"a.b.c()[d](e)\n",
     "Module(body=[Expr(value=Call(func=Subscript(value=Call(func=Attribute(value=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Load()), attr='c', ctx=Load()), args=[], keywords=[]), slice=Name(id='d', ctx=Load()), ctx=Load()), args=[Name(id='e', ctx=Load())], keywords=[]))], type_ignores=[])"},
    {"*a, b = c\n",
     "Module(body=[Assign(targets=[Tuple(elts=[Starred(value=Name(id='a', ctx=Store()), ctx=Store()), Name(id='b', ctx=Store())], ctx=Store())], value=Name(id='c', ctx=Load()))], type_ignores=[])"},
    {"[] = ()\n",
     "Module(body=[Assign(targets=[List(elts=[], ctx=Store())], value=Tuple(elts=[], ctx=Load()))], type_ignores=[])"},
};

static void test_trees_match_cpython(void **state) {
    (void)state;
    for (size_t i = 0; i < KCV_ARRAY_LEN(dump_cases); i++) {
        char *got = dump_of(dump_cases[i].src);
        assert_non_null(got);
        if (strcmp(got, dump_cases[i].dump) != 0)
            fprintf(stderr, "source: %s\nwant: %s\ngot:  %s\n", dump_cases[i].src, dump_cases[i].dump, got);
        assert_string_equal(got, dump_cases[i].dump);
        kcv_free(got);
    }
}

/* ---- spans ------------------------------------------------------------------ */

static void test_spans_parentheses(void **state) {
    (void)state;
    Parsed r;
    /* A parenthesised expression's node excludes the parentheses, the
     * statement and a BinOp starting there include them; a parenthesised
     * tuple includes them. */
    parse_text(&r, "(a)\n(a) + b\nx = (1, 2)\ny = 1, 2,\n");
    assert_non_null(r.mod);
    Node *e0 = r.mod->u.module.body.v[0];
    assert_span(e0, 1, 0, 1, 3);
    assert_span(e0->u.expr.value, 1, 1, 1, 2);
    Node *b = r.mod->u.module.body.v[1]->u.expr.value;
    assert_int_equal(b->kind, N_BIN_OP);
    assert_span(b, 2, 0, 2, 7);
    assert_span(b->u.binop.left, 2, 1, 2, 2);
    assert_span(r.mod->u.module.body.v[2]->u.assign.value, 3, 4, 3, 10);
    /* the trailing comma belongs to the tuple */
    assert_span(r.mod->u.module.body.v[3]->u.assign.value, 4, 4, 4, 9);
    parse_done(&r);
}

static void test_spans_genexp_argument(void **state) {
    (void)state;
    Parsed r;
    parse_text(&r, "f(x for x in y)\ng((x for x in y), 1)\n");
    assert_non_null(r.mod);
    Node *call = r.mod->u.module.body.v[0]->u.expr.value;
    assert_span(call, 1, 0, 1, 15);
    assert_span(call->u.call.args.v[0], 1, 1, 1, 15); /* the call's parentheses */
    Node *call2 = r.mod->u.module.body.v[1]->u.expr.value;
    assert_span(call2->u.call.args.v[0], 2, 2, 2, 16);
    parse_done(&r);
}

static void test_spans_elif_and_decorators(void **state) {
    (void)state;
    Parsed r;
    parse_text(&r, "if a:\n    pass\nelif b:\n    x = 1\nelse:\n    y\n@d\n@e(1)\ndef f():\n    return 1\n");
    assert_non_null(r.mod);
    Node *i = r.mod->u.module.body.v[0];
    assert_span(i, 1, 0, 6, 5);
    assert_int_equal(i->u.cond.orelse.n, 1);
    Node *elif = i->u.cond.orelse.v[0];
    assert_int_equal(elif->kind, N_IF);
    assert_span(elif, 3, 0, 6, 5); /* from `elif` to the end of the else block */
    Node *f = r.mod->u.module.body.v[1];
    assert_int_equal(f->kind, N_FUNCTION_DEF);
    assert_span(f, 9, 0, 10, 12); /* starts at `def`, not at `@` */
    assert_int_equal(f->u.func.decorators.n, 2);
    assert_span(f->u.func.decorators.v[1], 8, 1, 8, 5);
    parse_done(&r);
}

static void test_spans_slices_keywords_args(void **state) {
    (void)state;
    Parsed r;
    parse_text(&r, "x[a:b, ::2]\nf(k=1, **m)\ndef g(a: int = 1, *b): pass\nimport p.q as r\n");
    assert_non_null(r.mod);
    Node *sub = r.mod->u.module.body.v[0]->u.expr.value;
    Node *tup = sub->u.subscript.slice;
    assert_int_equal(tup->kind, N_TUPLE);
    assert_span(tup, 1, 2, 1, 10); /* no brackets */
    assert_span(tup->u.seq.elts.v[0], 1, 2, 1, 5);
    assert_span(tup->u.seq.elts.v[1], 1, 7, 1, 10);
    Node *call = r.mod->u.module.body.v[1]->u.expr.value;
    assert_span(call->u.call.keywords.v[0], 2, 2, 2, 5);
    assert_span(call->u.call.keywords.v[1], 2, 7, 2, 10);
    Node *args = r.mod->u.module.body.v[2]->u.func.args;
    assert_span(args->u.arguments.args.v[0], 3, 6, 3, 12); /* name and annotation */
    assert_span(args->u.arguments.vararg, 3, 19, 3, 20);
    Node *alias = r.mod->u.module.body.v[3]->u.import.names.v[0];
    assert_span(alias, 4, 7, 4, 15);
    assert_string_equal(alias->u.alias.name, "p.q");
    parse_done(&r);
}

static void test_contexts(void **state) {
    (void)state;
    Parsed r;
    parse_text(&r, "a.b[c], *d = e\ndel f[g].h\n");
    assert_non_null(r.mod);
    Node *t = r.mod->u.module.body.v[0]->u.assign.targets.v[0];
    assert_int_equal(t->u.seq.ctx, CTX_STORE);
    Node *sub = t->u.seq.elts.v[0];
    assert_int_equal(sub->u.subscript.ctx, CTX_STORE);
    assert_int_equal(sub->u.subscript.value->u.attribute.ctx, CTX_LOAD);
    assert_int_equal(sub->u.subscript.slice->u.name.ctx, CTX_LOAD);
    Node *star = t->u.seq.elts.v[1];
    assert_int_equal(star->u.starred.ctx, CTX_STORE);
    assert_int_equal(star->u.starred.value->u.name.ctx, CTX_STORE);
    Node *d = r.mod->u.module.body.v[1]->u.del.targets.v[0];
    assert_int_equal(d->u.attribute.ctx, CTX_DEL);
    assert_int_equal(d->u.attribute.value->u.subscript.ctx, CTX_LOAD);
    parse_done(&r);
}

static void test_numbers(void **state) {
    (void)state;
    Parsed r;
    parse_text(&r, "9223372036854775807, 9223372036854775808, 0x1_0000_0000_0000_0000, 1_5.2_5e1_0, 3j\n");
    assert_non_null(r.mod);
    NodeList e = r.mod->u.module.body.v[0]->u.expr.value->u.seq.elts;
    assert_int_equal(e.v[0]->u.constant.value.kind, CONST_INT);
    assert_null(e.v[0]->u.constant.value.big);
    assert_true(e.v[0]->u.constant.value.i == INT64_MAX);
    assert_string_equal(e.v[1]->u.constant.value.big, "9223372036854775808");
    assert_string_equal(e.v[2]->u.constant.value.big, "18446744073709551616");
    assert_int_equal(e.v[3]->u.constant.value.kind, CONST_FLOAT);
    assert_true(e.v[3]->u.constant.value.f == 15.25e10);
    assert_int_equal(e.v[4]->u.constant.value.kind, CONST_COMPLEX);
    assert_true(e.v[4]->u.constant.value.f == 3.0);
    parse_done(&r);
}

/* ---- errors ------------------------------------------------------------------ */

static const struct {
    const char *src;
    int line, col; /* 0-based byte column, as CPython's offset - 1 */
    const char *msg;
} error_cases[] = {
    {"f() = 1\n", 1, 0, "cannot assign to function call here. Maybe you meant '==' instead of '='?"},
    {"a + 1 = 2\n", 1, 0, "cannot assign to expression here. Maybe you meant '==' instead of '='?"},
    {"del f()\n", 1, 4, "cannot delete function call"},
    {"del *a\n", 1, 4, "cannot delete starred"},
    {"(a, b) += 1\n", 1, 0, "'tuple' is an illegal expression for augmented assignment"},
    {"def f(a=1, b): pass\n", 1, 11, "non-default argument follows default argument"},
    {"lambda a=1, b: 0\n", 1, 12, "non-default argument follows default argument"},
    {"f(a=1, b)\n", 1, 8, "positional argument follows keyword argument"},
    {"f(**a, b)\n", 1, 8, "positional argument follows keyword argument unpacking"},
    {"f(**a, *b)\n", 1, 2, "iterable argument unpacking follows keyword argument unpacking"},
    {"f(x for x in y, 1)\n", 1, 2, "Generator expression must be parenthesized"},
    {"f(1, x for x in y)\n", 1, 5, "Generator expression must be parenthesized"},
    {"f(a for a in b if c, )\n", 1, 2, "Generator expression must be parenthesized"},
    {"if x = 1: pass\n", 1, 3, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    {"if x:\npass\n", 2, 0, "expected an indented block after 'if' statement on line 1"},
    {"if x\n    pass\n", 1, 4, "expected ':'"},
    {"while x\n    pass\n", 1, 7, "expected ':'"},
    {"for x in y\n    pass\n", 1, 10, "expected ':'"},
    {"for 1 in y: pass\n", 1, 4, "cannot assign to literal"},
    {"for f() in y: pass\n", 1, 4, "cannot assign to function call"},
    {"with a as 1: pass\n", 1, 10, "cannot assign to literal"},
    {"with a as f(): pass\n", 1, 10, "cannot assign to function call"},
    {"with a\n    pass\n", 1, 6, "expected ':'"},
    {"try:\n    pass\nx = 1\n", 3, 0, "expected 'except' or 'finally' block"},
    {"try:\n    pass\nexcept* A:\n    pass\nexcept B:\n    pass\n", 5, 0, "cannot have both 'except' and 'except*' on the same 'try'"},
    {"try:\n    pass\nexcept A:\n    pass\nexcept* B:\n    pass\n", 5, 0, "cannot have both 'except' and 'except*' on the same 'try'"},
    {"try:\n    pass\nexcept A, B:\n    pass\n", 3, 7, "multiple exception types must be parenthesized"},
    {"try:\n    pass\nexcept*:\n    pass\n", 3, 7, "expected one or more exception types"},
    {"try:\n    pass\nexcept A\n    pass\n", 3, 8, "expected ':'"},
    {"class A\n    pass\n", 1, 7, "expected ':'"},
    {"class A:\npass\n", 2, 0, "expected an indented block after class definition on line 1"},
    {"def f():\npass\n", 2, 0, "expected an indented block after function definition on line 1"},
    {"def f()\n    pass\n", 1, 7, "expected ':'"},
    {"def f:\n    pass\n", 1, 5, "expected '('"},
    {"print \"hello\"\n", 1, 0, "Missing parentheses in call to 'print'. Did you mean print(...)?"},
    {"exec \"code\"\n", 1, 0, "Missing parentheses in call to 'exec'. Did you mean exec(...)?"},
    {"x = 1 if y\n", 1, 4, "expected 'else' after 'if' expression"},
    {"x = [1 2]\n", 1, 5, "invalid syntax. Perhaps you forgot a comma?"},
    {"x = (1 2)\n", 1, 5, "invalid syntax. Perhaps you forgot a comma?"},
    {"x = {1 2}\n", 1, 5, "invalid syntax. Perhaps you forgot a comma?"},
    {"x = {1: 2, 3}\n", 1, 11, "':' expected after dictionary key"},
    {"x = {1: *a}\n", 1, 8, "cannot use a starred expression in a dictionary value"},
    {"x = {1:}\n", 1, 6, "expression expected after dictionary key and ':'"},
    {"x = [*a for a in b]\n", 1, 5, "iterable unpacking cannot be used in comprehension"},
    {"x = [a, b for a in c]\n", 1, 5, "did you forget parentheses around the comprehension target?"},
    {"x = {**a for a in b}\n", 1, 5, "dict unpacking cannot be used in dict comprehension"},
    {"(*a)\n", 1, 1, "cannot use starred expression here"},
    {"(**a)\n", 1, 1, "cannot use double starred expression here"},
    {"x := 1\n", 1, 2, "invalid syntax"},
    {"(a.b := 1)\n", 1, 1, "cannot use assignment expressions with attribute"},
    {"def f(*): pass\n", 1, 6, "named arguments must follow bare *"},
    {"def f(*, **k): pass\n", 1, 6, "named arguments must follow bare *"},
    {"def f(*a=1): pass\n", 1, 8, "var-positional argument cannot have default value"},
    {"def f(**k=1): pass\n", 1, 9, "var-keyword argument cannot have default value"},
    {"def f(**k, a): pass\n", 1, 11, "arguments cannot follow var-keyword argument"},
    {"def f(**k, *a): pass\n", 1, 11, "arguments cannot follow var-keyword argument"},
    {"def f(*a, *b): pass\n", 1, 10, "* argument may appear only once"},
    {"def f(/): pass\n", 1, 6, "invalid syntax"},
    {"def f(a, /, b, /): pass\n", 1, 15, "/ may appear only once"},
    {"def f(*, a, /): pass\n", 1, 12, "/ must be ahead of *"},
    {"def f(a=1/, b): pass\n", 1, 10, "invalid syntax"},
    {"def f(a, (b, c)): pass\n", 1, 9, "Function parameters cannot be parenthesized"},
    {"lambda (a): 1\n", 1, 7, "Lambda expression parameters cannot be parenthesized"},
    {"lambda *: 1\n", 1, 8, "named arguments must follow bare *"},
    {"def f(a=): pass\n", 1, 7, "expected default value expression"},
    {"from x import a,\n", 1, 16, "trailing comma not allowed without surrounding parentheses"},
    {"from x import (a, b\n", 1, 14, "'(' was never closed"},
    {"import a.\n", 1, 9, "invalid syntax"},
    {"a.b: int, c\n", 1, 8, "invalid syntax"},
    {"a, b: int\n", 1, 0, "only single target (not tuple) can be annotated"},
    {"[a, b]: int\n", 1, 0, "only single target (not list) can be annotated"},
    {"(a, b): int\n", 1, 0, "only single target (not tuple) can be annotated"},
    {"f(): int\n", 1, 0, "illegal target for annotation"},
    {"yield = 1\n", 1, 0, "assignment to yield expression not possible"},
    {"x = yield = 1\n", 1, 4, "assignment to yield expression not possible"},
    {"f(True=1)\n", 1, 2, "cannot assign to True"},
    {"f(a.b=1)\n", 1, 2, "expression cannot contain assignment, perhaps you meant \"==\"?"},
    {"f(a=1 for a in b)\n", 1, 2, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    {"f(a, b=1 for b in c)\n", 1, 5, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    {"x = 1 +\n", 1, 7, "invalid syntax"},
    {"x = )\n", 1, 4, "unmatched ')'"},
    {"x = (1, 2]\n", 1, 9, "closing parenthesis ']' does not match opening parenthesis '('"},
    {"if True:\n    x = 1\n  y = 2\n", 3, 7, "unindent does not match any outer indentation level"},
    {"  x = 1\n", 1, 1, "unexpected indent"},
    {"x = 1\n    y = 2\n", 2, 3, "unexpected indent"},
    {"match x:\n    case 1+2: pass\n", 2, 11, "imaginary number required in complex literal"},
    {"match x:\n    case 1j+2j: pass\n", 2, 9, "real number required in complex literal"},
    {"match x:\n    case a as _: pass\n", 2, 14, "cannot use '_' as a target"},
    {"match x:\n    case a as 1: pass\n", 2, 14, "invalid pattern target"},
    {"match x:\n    case A(x=1, y): pass\n", 2, 16, "positional patterns follow keyword patterns"},
    {"match x:\n    case _.a: pass\n", 2, 10, "invalid syntax"},
    {"match x\n    case 1: pass\n", 1, 7, "expected ':'"},
    {"match x:\ncase 1: pass\n", 2, 0, "expected an indented block after 'match' statement on line 1"},
    {"match x:\n    case 1\n        pass\n", 2, 10, "expected ':'"},
    {"match x:\n    case 1:\n    pass\n", 3, 4, "expected an indented block after 'case' statement on line 2"},
    {"x = 08\n", 1, 4, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"},
    {"x = 1__0\n", 1, 5, "invalid decimal literal"},
    {"a b\n", 1, 2, "invalid syntax"},
    {"a = b c\n", 1, 6, "invalid syntax"},
    {"f(a b)\n", 1, 2, "invalid syntax. Perhaps you forgot a comma?"},
    {"[a b]\n", 1, 1, "invalid syntax. Perhaps you forgot a comma?"},
    {"print(1 2)\n", 1, 6, "invalid syntax. Perhaps you forgot a comma?"},
    {"x = not\n", 1, 7, "invalid syntax"},
    {"x.1\n", 1, 1, "invalid syntax"},
    {"a[1:2:3:4]\n", 1, 7, "invalid syntax"},
    {"assert\n", 1, 6, "invalid syntax"},
    {"raise from x\n", 1, 6, "invalid syntax"},
    {"global\n", 1, 6, "invalid syntax"},
    {"@\ndef f(): pass\n", 1, 1, "invalid syntax"},
    {"@x\nclass\n", 2, 5, "invalid syntax"},
    {"async x\n", 1, 6, "invalid syntax"},
    {"await = 1\n", 1, 6, "invalid syntax"},
    {"x = lambda: yield\n", 1, 12, "invalid syntax"},
    {"f(*)\n", 1, 3, "invalid syntax"},
    {"f(**)\n", 1, 4, "invalid syntax"},
    {"f(,)\n", 1, 2, "invalid syntax"},
    {"x = 1,,\n", 1, 6, "invalid syntax"},
    {"if x:\n    pass\nelif y\n    pass\n", 3, 6, "expected ':'"},
    {"if x:\n    pass\nelse\n    pass\n", 3, 4, "expected ':'"},
    {"if x:\n    pass\nelif y:\npass\n", 4, 0, "expected an indented block after 'elif' statement on line 3"},
    {"while x:\n    pass\nelse:\npass\n", 4, 0, "expected an indented block after 'else' statement on line 3"},
    {"try:\npass\n", 2, 0, "expected an indented block after 'try' statement on line 1"},
    {"try:\n    pass\nfinally:\npass\n", 4, 0, "expected an indented block after 'finally' statement on line 3"},
    {"try:\n    pass\nexcept:\npass\n", 4, 0, "expected an indented block after 'except' statement on line 3"},
    {"for x in y:\n    pass\nelse:\npass\n", 4, 0, "expected an indented block after 'else' statement on line 3"},
    {"with x:\npass\n", 2, 0, "expected an indented block after 'with' statement on line 1"},
    {"class A(x for x in y): pass\n", 1, 10, "invalid syntax"},
    {"x = (yield) = 1\n", 1, 5, "cannot assign to yield expression"},
    {"a, b += 1\n", 1, 0, "'tuple' is an illegal expression for augmented assignment"},
    {"f() += 1\n", 1, 0, "'function call' is an illegal expression for augmented assignment"},
    {"x = [i for i in]\n", 1, 15, "invalid syntax"},
    {"x = 1 if 2 else\n", 1, 15, "invalid syntax"},
    {"x = 1 <> 2\n", 1, 6, "invalid syntax"},
    {"x = a if b else c = 1\n", 1, 0, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    {"a = 1 = b\n", 1, 4, "cannot assign to literal"},
    {"not x = 1\n", 1, 0, "cannot assign to expression"},
    {"-x = 1\n", 1, 0, "cannot assign to expression here. Maybe you meant '==' instead of '='?"},
    {"x + 1 += 1\n", 1, 0, "'expression' is an illegal expression for augmented assignment"},
    {"for x in range(10) if x: pass\n", 1, 23, "invalid syntax"},
    {"x = {a: b for a, b in c if d, e}\n", 1, 28, "invalid syntax"},
    {"f(**k for k in x)\n", 1, 6, "invalid syntax"},
    {"with (a as b c): pass\n", 1, 11, "invalid syntax. Perhaps you forgot a comma?"},
    {"{'a': x, 'b' B}\n", 1, 11, "':' expected after dictionary key"},
    {"{'b' B}\n", 1, 1, "invalid syntax. Perhaps you forgot a comma?"},
    {"{**x, 'b' B}\n", 1, 8, "':' expected after dictionary key"},
    {"{'a': x, 'b' B: C}\n", 1, 11, "':' expected after dictionary key"},
    {"{a: *b}\n", 1, 4, "cannot use a starred expression in a dictionary value"},
    {"{a: 1, b: *c}\n", 1, 10, "cannot use a starred expression in a dictionary value"},
    {"{a:}\n", 1, 2, "expression expected after dictionary key and ':'"},
    {"{a: 1, b:}\n", 1, 8, "expression expected after dictionary key and ':'"},
    {"{a: 1, b:, c: 2}\n", 1, 8, "expression expected after dictionary key and ':'"},
    {"{a: 1, *b}\n", 1, 7, "invalid syntax"},
    {"{a: 1 for a in b, c}\n", 1, 16, "invalid syntax"},
    {"{1, 2: 3}\n", 1, 5, "invalid syntax"},
    {"{a: 1 b: 2}\n", 1, 4, "invalid syntax. Perhaps you forgot a comma?"},
    {"x = [1 2\ny = 3 \\ x\n", 1, 4, "'[' was never closed"},
    {"x = [1, 2\ny = 3 $ 4\n", 1, 4, "'[' was never closed"},
    {"x = (1 2\ny = 3 \342\202\254\n", 2, 6, "invalid character '\342\202\254' (U+20AC)"},
    {"x = (1 2 \342\202\254\n", 1, 9, "invalid character '\342\202\254' (U+20AC)"},
    {"x = {1 2\n", 1, 4, "'{' was never closed"},
    {"f(a b\nc = 1\n", 1, 1, "'(' was never closed"},
    {"x {\n", 1, 2, "'{' was never closed"},
    {"x {\ny = 1\n", 1, 2, "'{' was never closed"},
    {"x y {\n", 1, 4, "'{' was never closed"},
    {"x y\n{\n", 1, 2, "invalid syntax"},
    {"x (\n", 1, 2, "'(' was never closed"},
    {"x [\n", 1, 2, "'[' was never closed"},
    {"x y (\n", 1, 4, "'(' was never closed"},
    {"x = (1 2\n", 1, 4, "'(' was never closed"},
    {"x ( True :=\n", 1, 9, "invalid syntax"},
    {"x { True :=\n", 1, 2, "'{' was never closed"},
    {"not ... { True :=\n", 1, 8, "'{' was never closed"},
    {"x = 1 2\nfoo(\n", 1, 6, "invalid syntax"},
    {"x = (1 2\nfoo(\n", 1, 5, "invalid syntax. Perhaps you forgot a comma?"},
    {"if x:\n    y = (\n", 2, 8, "'(' was never closed"},
    {"def f(:\n    x = [\n", 1, 6, "invalid syntax"},
    {"a b\nc = {\n", 1, 2, "invalid syntax"},
    {"a {b c}\n", 1, 3, "invalid syntax. Perhaps you forgot a comma?"},
    {"a ~{b c}\n", 1, 2, "invalid syntax"},
    {"a {b: e f}\n", 1, 2, "invalid syntax"},
    {"a {b, e f}\n", 1, 6, "invalid syntax. Perhaps you forgot a comma?"},
    {"a {*b c}\n", 1, 4, "invalid syntax. Perhaps you forgot a comma?"},
    {"a {**(e f)}\n", 1, 2, "invalid syntax"},
    {"a {x: (e f)}\n", 1, 2, "invalid syntax"},
    {"a {e(f g)}\n", 1, 5, "invalid syntax. Perhaps you forgot a comma?"},
    {"a {e := f g}\n", 1, 8, "invalid syntax. Perhaps you forgot a comma?"},
    {"a {lambda: b c}\n", 1, 11, "invalid syntax. Perhaps you forgot a comma?"},
    {"a {True := y}\n", 1, 3, "cannot use assignment expressions with True"},
    {"1 {True := y}\n", 1, 3, "cannot use assignment expressions with True"},
    {"x {y = 1}\n", 1, 3, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    {"if x {\n    y = 1\n}\n", 2, 4, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    {"while x {\n    y = 1\n}\n", 2, 4, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    {"def f() {\n    return 1\n}\n", 1, 8, "expected ':'"},
    {"for x in y {\n    print(x)\n}\n", 1, 11, "invalid syntax"},
    {"a {d for x in y if e f}\n", 1, 2, "invalid syntax"},
    {"a {(b c): d, e}\n", 1, 4, "invalid syntax. Perhaps you forgot a comma?"},
    {"a {b c: d}\n", 1, 3, "invalid syntax. Perhaps you forgot a comma?"},
    {"(a {d e})\n", 1, 4, "invalid syntax. Perhaps you forgot a comma?"},
    {"[a {b c}]\n", 1, 4, "invalid syntax. Perhaps you forgot a comma?"},
    {"x = a {b c}\n", 1, 7, "invalid syntax. Perhaps you forgot a comma?"},
    {"f(a {b c})\n", 1, 5, "invalid syntax. Perhaps you forgot a comma?"},
    {"a {1, b c}\n", 1, 6, "invalid syntax. Perhaps you forgot a comma?"},
    {"a {b if c}\n", 1, 3, "expected 'else' after 'if' expression"},
    {"a {b = c}\n", 1, 3, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    {"a {d: e, f g}\n", 1, 9, "':' expected after dictionary key"},
    {"a {**x, e f}\n", 1, 8, "':' expected after dictionary key"},
    {"a.b {d e}\n", 1, 5, "invalid syntax. Perhaps you forgot a comma?"},
    {"a b {d e}\n", 1, 2, "invalid syntax"},
    {"class A {\n    x = 1\n}\n", 1, 8, "invalid syntax"},
    {"if x {\n    y = 1\n", 1, 5, "'{' was never closed"},
    {"encoding = 'cp949'{\nx = 1\n", 1, 18, "'{' was never closed"},
    {"a[*b for b in c]\n", 1, 2, "iterable unpacking cannot be used in comprehension"},
    {"a[x, y for y in z]\n", 1, 2, "did you forget parentheses around the comprehension target?"},
    {"a[x, for y in z]\n", 1, 2, "did you forget parentheses around the comprehension target?"},
    {"x = a[x, y for y in z] + 1\n", 1, 6, "did you forget parentheses around the comprehension target?"},
    {"a{x, y for y in z}\n", 1, 2, "did you forget parentheses around the comprehension target?"},
    {"a[b c]\n", 1, 2, "invalid syntax. Perhaps you forgot a comma?"},
    {"for x in a[b, c for c in d]: pass\n", 1, 11, "did you forget parentheses around the comprehension target?"},
    {"a.b[*c for c in d]\n", 1, 4, "iterable unpacking cannot be used in comprehension"},
    {"a(x)[y, z for z in w]\n", 1, 5, "did you forget parentheses around the comprehension target?"},
    {"obj.None = 1\n", 1, 4, "invalid syntax"},
    {"None = 1\n", 1, 0, "cannot assign to None"},
    {"obj.True = 1\n", 1, 4, "invalid syntax"},
    {"True = 1\n", 1, 0, "cannot assign to True"},
    {"(True := 1)\n", 1, 1, "cannot use assignment expressions with True"},
    {"(x for x in x) = 1\n", 1, 0, "cannot assign to generator expression"},
    {"1 = 1\n", 1, 0, "cannot assign to literal here. Maybe you meant '==' instead of '='?"},
    {"\"abc\" = 1\n", 1, 0, "cannot assign to literal here. Maybe you meant '==' instead of '='?"},
    {"b\"\" = 1\n", 1, 0, "cannot assign to literal here. Maybe you meant '==' instead of '='?"},
    {"... = 1\n", 1, 0, "cannot assign to ellipsis here. Maybe you meant '==' instead of '='?"},
    {"`1` = 1\n", 1, 0, "invalid syntax"},
    {"(a, \"b\", c) = (1, 2, 3)\n", 1, 4, "cannot assign to literal"},
    {"(a, True, c) = (1, 2, 3)\n", 1, 4, "cannot assign to True"},
    {"(a, *True, c) = (1, 2, 3)\n", 1, 5, "cannot assign to True"},
    {"[a, b, c + 1] = [1, 2, 3]\n", 1, 7, "cannot assign to expression"},
    {"[a, b[1], c + 1] = [1, 2, 3]\n", 1, 10, "cannot assign to expression"},
    {"[a, b.c.d, c + 1] = [1, 2, 3]\n", 1, 11, "cannot assign to expression"},
    {"a if 1 else b = 1\n", 1, 0, "cannot assign to conditional expression"},
    {"a = 42 if True\n", 1, 4, "expected 'else' after 'if' expression"},
    {"a = (42 if True)\n", 1, 5, "expected 'else' after 'if' expression"},
    {"a = [1, 42 if True, 4]\n", 1, 8, "expected 'else' after 'if' expression"},
    {"if True:\n    print(\"Hello\"\n\nif 2:\n   print(123))\n", 4, 4, "invalid syntax"},
    {"True = True = 3\n", 1, 0, "cannot assign to True"},
    {"x = y = True = z = 3\n", 1, 8, "cannot assign to True"},
    {"x = y = yield = 1\n", 1, 8, "assignment to yield expression not possible"},
    {"a, b += 1, 2\n", 1, 0, "'tuple' is an illegal expression for augmented assignment"},
    {"(a, b) += 1, 2\n", 1, 0, "'tuple' is an illegal expression for augmented assignment"},
    {"[a, b] += 1, 2\n", 1, 0, "'list' is an illegal expression for augmented assignment"},
    {"for a() in b: pass\n", 1, 4, "cannot assign to function call"},
    {"for (a, b()) in b: pass\n", 1, 8, "cannot assign to function call"},
    {"for [a, b()] in b: pass\n", 1, 8, "cannot assign to function call"},
    {"for (*a, b, c+1) in b: pass\n", 1, 12, "cannot assign to expression"},
    {"for (x, *(y, z.d())) in b: pass\n", 1, 13, "cannot assign to function call"},
    {"for a, b() in c: pass\n", 1, 7, "cannot assign to function call"},
    {"for a, b, (c + 1, d()): pass\n", 1, 11, "cannot assign to expression"},
    {"for i < (): pass\n", 1, 6, "invalid syntax"},
    {"for a, b\n", 1, 8, "invalid syntax"},
    {"with a as b(): pass\n", 1, 10, "cannot assign to function call"},
    {"with a as (b, c()): pass\n", 1, 14, "cannot assign to function call"},
    {"with a as [b, c()]: pass\n", 1, 14, "cannot assign to function call"},
    {"with a as (*b, c, d+1): pass\n", 1, 18, "cannot assign to expression"},
    {"with a as (x, *(y, z.d())): pass\n", 1, 19, "cannot assign to function call"},
    {"with a as b, c as d(): pass\n", 1, 18, "cannot assign to function call"},
    {"with a as b\n", 1, 11, "expected ':'"},
    {"p = p =\n", 1, 7, "invalid syntax"},
    {"[x,y for x,y in range(100)]\n", 1, 1, "did you forget parentheses around the comprehension target?"},
    {"{x,y for x,y in range(100)}\n", 1, 1, "did you forget parentheses around the comprehension target?"},
    {"[1, 2 3]\n", 1, 4, "invalid syntax. Perhaps you forgot a comma?"},
    {"{1, 2 3}\n", 1, 4, "invalid syntax. Perhaps you forgot a comma?"},
    {"{1:2, 2:5 3:12}\n", 1, 8, "invalid syntax. Perhaps you forgot a comma?"},
    {"(1, 2 3)\n", 1, 4, "invalid syntax. Perhaps you forgot a comma?"},
    {"match x:\n    y = 3\n", 2, 4, "invalid syntax"},
    {"match x:\n    case y:\n       3 $ 3\n", 3, 9, "invalid syntax"},
    {"match x:\n    case $:\n       ...\n", 2, 9, "invalid syntax"},
    {"match ...:\n    case {**rest, \"key\": value}:\n       ...\n", 2, 18, "invalid syntax"},
    {"match ...:\n    case {**_}:\n       ...\n", 2, 12, "invalid syntax"},
    {"def f(None=1):\n    pass\n", 1, 6, "invalid syntax"},
    {"def f(x, y=1, z):\n    pass\n", 1, 14, "non-default argument follows default argument"},
    {"def f(x, None):\n    pass\n", 1, 9, "invalid syntax"},
    {"def f(*None):\n    pass\n", 1, 7, "invalid syntax"},
    {"def f(**None):\n    pass\n", 1, 8, "invalid syntax"},
    {"def foo(/,a,b=,c):\n   pass\n", 1, 8, "at least one argument must precede /"},
    {"def foo(a,/,/,b,c):\n   pass\n", 1, 12, "/ may appear only once"},
    {"def foo(a,/,a1,/,b,c):\n   pass\n", 1, 15, "/ may appear only once"},
    {"def foo(a=1,/,/,*b,/,c):\n   pass\n", 1, 14, "/ may appear only once"},
    {"def foo(a,/,a1=1,/,b,c):\n   pass\n", 1, 17, "/ may appear only once"},
    {"def foo(a,*b,c,/,d,e):\n   pass\n", 1, 15, "/ must be ahead of *"},
    {"def foo(a=1,*b,c=3,/,d,e):\n   pass\n", 1, 19, "/ must be ahead of *"},
    {"def foo(a,*b=3,c):\n   pass\n", 1, 12, "var-positional argument cannot have default value"},
    {"def foo(a,*b: int=,c):\n   pass\n", 1, 17, "var-positional argument cannot have default value"},
    {"def foo(a,**b=3):\n   pass\n", 1, 13, "var-keyword argument cannot have default value"},
    {"def foo(a,**b: int=3):\n   pass\n", 1, 18, "var-keyword argument cannot have default value"},
    {"def foo(a,*a, b, **c, d):\n   pass\n", 1, 22, "arguments cannot follow var-keyword argument"},
    {"def foo(a,*a, b, **c, d=4):\n   pass\n", 1, 22, "arguments cannot follow var-keyword argument"},
    {"def foo(a,*a, b, **c, *d):\n   pass\n", 1, 22, "arguments cannot follow var-keyword argument"},
    {"def foo(a,*a, b, **c, **d):\n   pass\n", 1, 22, "arguments cannot follow var-keyword argument"},
    {"def foo(a=1,/,**b,/,c):\n   pass\n", 1, 18, "arguments cannot follow var-keyword argument"},
    {"def foo(*b,*d):\n   pass\n", 1, 11, "* argument may appear only once"},
    {"def foo(a,*b,c,*d,*e,c):\n   pass\n", 1, 15, "* argument may appear only once"},
    {"def foo(a,b,/,c,*b,c,*d,*e,c):\n   pass\n", 1, 21, "* argument may appear only once"},
    {"def foo(a,b,/,c,*b,c,*d,**e):\n   pass\n", 1, 21, "* argument may appear only once"},
    {"def foo(a=1,/*,b,c):\n   pass\n", 1, 13, "expected comma between / and *"},
    {"def foo(a=1,d=,c):\n   pass\n", 1, 13, "expected default value expression"},
    {"def foo(a,d=,c):\n   pass\n", 1, 11, "expected default value expression"},
    {"def foo(a,d: int=,c):\n   pass\n", 1, 16, "expected default value expression"},
    {"lambda /,a,b,c: None\n", 1, 7, "at least one argument must precede /"},
    {"lambda a,/,/,b,c: None\n", 1, 11, "/ may appear only once"},
    {"lambda a,/,a1,/,b,c: None\n", 1, 14, "/ may appear only once"},
    {"lambda a=1,/,/,*b,/,c: None\n", 1, 13, "/ may appear only once"},
    {"lambda a,/,a1=1,/,b,c: None\n", 1, 16, "/ may appear only once"},
    {"lambda a,*b,c,/,d,e: None\n", 1, 14, "/ must be ahead of *"},
    {"lambda a=1,*b,c=3,/,d,e: None\n", 1, 18, "/ must be ahead of *"},
    {"lambda a=1,/*,b,c: None\n", 1, 12, "expected comma between / and *"},
    {"lambda a,*b=3,c: None\n", 1, 11, "var-positional argument cannot have default value"},
    {"lambda a,**b=3: None\n", 1, 12, "var-keyword argument cannot have default value"},
    {"lambda a, *a, b, **c, d: None\n", 1, 22, "arguments cannot follow var-keyword argument"},
    {"lambda a,*a, b, **c, d=4: None\n", 1, 21, "arguments cannot follow var-keyword argument"},
    {"lambda a,*a, b, **c, *d: None\n", 1, 21, "arguments cannot follow var-keyword argument"},
    {"lambda a,*a, b, **c, **d: None\n", 1, 21, "arguments cannot follow var-keyword argument"},
    {"lambda a=1,/,**b,/,c: None\n", 1, 17, "arguments cannot follow var-keyword argument"},
    {"lambda *b,*d: None\n", 1, 10, "* argument may appear only once"},
    {"lambda a,*b,c,*d,*e,c: None\n", 1, 14, "* argument may appear only once"},
    {"lambda a,b,/,c,*b,c,*d,*e,c: None\n", 1, 20, "* argument may appear only once"},
    {"lambda a,b,/,c,*b,c,*d,**e: None\n", 1, 20, "* argument may appear only once"},
    {"lambda a=1,d=,c: None\n", 1, 12, "expected default value expression"},
    {"lambda a,d=,c: None\n", 1, 10, "expected default value expression"},
    {"def None(x):\n    pass\n", 1, 4, "invalid syntax"},
    {"f(x for x in L, 1)\n", 1, 2, "Generator expression must be parenthesized"},
    {"f(x for x in L, y=1)\n", 1, 2, "Generator expression must be parenthesized"},
    {"f(x for x in L, *[])\n", 1, 2, "Generator expression must be parenthesized"},
    {"f(x for x in L, **{})\n", 1, 2, "Generator expression must be parenthesized"},
    {"f(L, x for x in L)\n", 1, 5, "Generator expression must be parenthesized"},
    {"f(x for x in L, y for y in L)\n", 1, 2, "Generator expression must be parenthesized"},
    {"f(x for x in L,)\n", 1, 2, "Generator expression must be parenthesized"},
    {"class C(x for x in L):\n    pass\n", 1, 10, "invalid syntax"},
    {"f(lambda x: x[0] = 3)\n", 1, 2, "expression cannot contain assignment, perhaps you meant \"==\"?"},
    {"f(a={x: for x in {}})\n", 1, 8, "invalid syntax"},
    {"f(x()=2)\n", 1, 2, "expression cannot contain assignment, perhaps you meant \"==\"?"},
    {"f(a or b=1)\n", 1, 2, "expression cannot contain assignment, perhaps you meant \"==\"?"},
    {"f(x.y=1)\n", 1, 2, "expression cannot contain assignment, perhaps you meant \"==\"?"},
    {"f((x)=2)\n", 1, 3, "expression cannot contain assignment, perhaps you meant \"==\"?"},
    {"f(False=1)\n", 1, 2, "cannot assign to False"},
    {"f(None=1)\n", 1, 2, "cannot assign to None"},
    {"(x for x in x) += 1\n", 1, 0, "'generator expression' is an illegal expression for augmented assignment"},
    {"None += 1\n", 1, 0, "'None' is an illegal expression for augmented assignment"},
    {"if 1:\n  x() = 1\nelif 1:\n  pass\n", 2, 2, "cannot assign to function call here. Maybe you meant '==' instead of '='?"},
    {"if 1:\n  pass\nelif 1:\n  x() = 1\n", 4, 2, "cannot assign to function call here. Maybe you meant '==' instead of '='?"},
    {"if 1:\n  x() = 1\nelif 1:\n  pass\nelse:\n  pass\n", 2, 2, "cannot assign to function call here. Maybe you meant '==' instead of '='?"},
    {"if 1:\n  pass\nelif 1:\n  x() = 1\nelse:\n  pass\n", 4, 2, "cannot assign to function call here. Maybe you meant '==' instead of '='?"},
    {"if 1:\n  pass\nelif 1:\n  pass\nelse:\n  x() = 1\n", 6, 2, "cannot assign to function call here. Maybe you meant '==' instead of '='?"},
    {"class R&D:\n    pass\n", 1, 7, "invalid syntax"},
    {"if 1\n  pass\nelif 1:\n  pass\nelse:\n  x() = 1\n", 1, 4, "expected ':'"},
    {"if 1:\n  pass\nelif 1\n  pass\nelse:\n  x() = 1\n", 3, 6, "expected ':'"},
    {"if 1:\n  pass\nelif 1:\n  pass\nelse\n  x() = 1\n", 5, 4, "expected ':'"},
    {"for x in range(10)\n  pass\n", 1, 18, "expected ':'"},
    {"for x in range 10:\n  pass\n", 1, 15, "invalid syntax"},
    {"while True\n  pass\n", 1, 10, "expected ':'"},
    {"with blech as something\n  pass\n", 1, 23, "expected ':'"},
    {"with blech\n  pass\n", 1, 10, "expected ':'"},
    {"with blech, block as something\n  pass\n", 1, 30, "expected ':'"},
    {"with blech, block as something, bluch\n  pass\n", 1, 37, "expected ':'"},
    {"with (blech as something)\n  pass\n", 1, 25, "expected ':'"},
    {"with (blech)\n  pass\n", 1, 12, "expected ':'"},
    {"with (blech, block as something)\n  pass\n", 1, 32, "expected ':'"},
    {"with (blech, block as something, bluch)\n  pass\n", 1, 39, "expected ':'"},
    {"with block ad something:\n  pass\n", 1, 11, "invalid syntax"},
    {"try\n  pass\n", 1, 3, "expected ':'"},
    {"try:\n  pass\nexcept\n  pass\n", 3, 6, "expected ':'"},
    {"match x\n  case list():\n      pass\n", 1, 7, "expected ':'"},
    {"match x x:\n  case list():\n      pass\n", 1, 8, "invalid syntax"},
    {"match x:\n  case list()\n      pass\n", 2, 13, "expected ':'"},
    {"match x:\n  case [y] if y > 0\n      pass\n", 2, 19, "expected ':'"},
    {"if x = 3:\n   pass\n", 1, 3, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    {"while x = 3:\n   pass\n", 1, 6, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    {"if x.a = 3:\n   pass\n", 1, 3, "cannot assign to attribute here. Maybe you meant '==' instead of '='?"},
    {"while x.a = 3:\n   pass\n", 1, 6, "cannot assign to attribute here. Maybe you meant '==' instead of '='?"},
    {"def f:\n", 1, 5, "expected '('"},
    {"async def f:\n", 1, 11, "expected '('"},
    {"def f(x, (y, z), w):\n   pass\n", 1, 9, "Function parameters cannot be parenthesized"},
    {"def f((x, y, z, w)):\n   pass\n", 1, 6, "Function parameters cannot be parenthesized"},
    {"def f(x, (y, z, w)):\n   pass\n", 1, 9, "Function parameters cannot be parenthesized"},
    {"def f((x, y, z), w):\n   pass\n", 1, 6, "Function parameters cannot be parenthesized"},
    {"lambda x, (y, z), w: None\n", 1, 10, "Lambda expression parameters cannot be parenthesized"},
    {"lambda (x, y, z, w): None\n", 1, 7, "Lambda expression parameters cannot be parenthesized"},
    {"lambda x, (y, z, w): None\n", 1, 10, "Lambda expression parameters cannot be parenthesized"},
    {"lambda (x, y, z), w: None\n", 1, 7, "Lambda expression parameters cannot be parenthesized"},
    {"try:\n   x = 34\n", 2, 9, "expected 'except' or 'finally' block"},
    {"try:\n   pass\nexcept TypeError:\n   pass\nexcept* ValueError:\n   pass\n", 5, 0, "cannot have both 'except' and 'except*' on the same 'try'"},
    {"try:\n   pass\nexcept* TypeError:\n   pass\nexcept ValueError:\n   pass\n", 5, 0, "cannot have both 'except' and 'except*' on the same 'try'"},
    {"try:\n   pass\nexcept TypeError:\n   pass\nexcept TypeError:\n   pass\nexcept* ValueError:\n   pass\n", 7, 0, "cannot have both 'except' and 'except*' on the same 'try'"},
    {"try:\n   pass\nexcept* TypeError:\n   pass\nexcept* TypeError:\n   pass\nexcept ValueError:\n   pass\n", 7, 0, "cannot have both 'except' and 'except*' on the same 'try'"},
    {"f(2, 4, x=34); 1 $ 2\n", 1, 17, "invalid syntax"},
    {"dict(x=34); x $ y\n", 1, 14, "invalid syntax"},
    {"dict(x=34, (x for x in range 10), 1); x $ y\n", 1, 11, "invalid syntax"},
    {"dict(x=34, x=1, y=2); x $ y\n", 1, 24, "invalid syntax"},
    {"{1:2, 3:4, 5}\n", 1, 11, "':' expected after dictionary key"},
    {"{1:2, 3:4, 5:}\n", 1, 12, "expression expected after dictionary key and ':'"},
    {"{1: *12+1, 23: 1}\n", 1, 4, "cannot use a starred expression in a dictionary value"},
    {"{1: *12+1}\n", 1, 4, "cannot use a starred expression in a dictionary value"},
    {"{1: 23, 1: *12+1}\n", 1, 11, "cannot use a starred expression in a dictionary value"},
    {"{1:}\n", 1, 2, "expression expected after dictionary key and ':'"},
    {"{1} $\n", 1, 4, "invalid syntax"},
    {"{1: 2, 3: foo(,), 4: 5}\n", 1, 14, "invalid syntax"},
    {"{1: $, 2: 3}\n", 1, 4, "invalid syntax"},
    {"while condition:\npass\n", 2, 0, "expected an indented block after 'while' statement on line 1"},
    {"for x in range(10):\npass\n", 2, 0, "expected an indented block after 'for' statement on line 1"},
    {"for x in range(10):\n    pass\nelse:\npass\n", 4, 0, "expected an indented block after 'else' statement on line 3"},
    {"async for x in range(10):\npass\n", 2, 0, "expected an indented block after 'for' statement on line 1"},
    {"async for x in range(10):\n    pass\nelse:\npass\n", 4, 0, "expected an indented block after 'else' statement on line 3"},
    {"if something:\npass\n", 2, 0, "expected an indented block after 'if' statement on line 1"},
    {"if something:\n    pass\nelif something_else:\npass\n", 4, 0, "expected an indented block after 'elif' statement on line 3"},
    {"if something:\n    pass\nelif something_else:\n    pass\nelse:\npass\n", 6, 0, "expected an indented block after 'else' statement on line 5"},
    {"try:\n    something()\nexcept:\npass\n", 4, 0, "expected an indented block after 'except' statement on line 3"},
    {"try:\n    something()\nexcept A:\npass\n", 4, 0, "expected an indented block after 'except' statement on line 3"},
    {"try:\n    something()\nexcept* A:\npass\n", 4, 0, "expected an indented block after 'except*' statement on line 3"},
    {"try:\n    something()\nexcept A:\n    pass\nfinally:\npass\n", 6, 0, "expected an indented block after 'finally' statement on line 5"},
    {"try:\n    something()\nexcept* A:\n    pass\nfinally:\npass\n", 6, 0, "expected an indented block after 'finally' statement on line 5"},
    {"with A:\npass\n", 2, 0, "expected an indented block after 'with' statement on line 1"},
    {"with A as a, B as b:\npass\n", 2, 0, "expected an indented block after 'with' statement on line 1"},
    {"with (A as a, B as b):\npass\n", 2, 0, "expected an indented block after 'with' statement on line 1"},
    {"async with A:\npass\n", 2, 0, "expected an indented block after 'with' statement on line 1"},
    {"async with A as a, B as b:\npass\n", 2, 0, "expected an indented block after 'with' statement on line 1"},
    {"async with (A as a, B as b):\npass\n", 2, 0, "expected an indented block after 'with' statement on line 1"},
    {"def foo(x, /, y, *, z=2):\npass\n", 2, 0, "expected an indented block after function definition on line 1"},
    {"class Blech(A):\npass\n", 2, 0, "expected an indented block after class definition on line 1"},
    {"match something:\npass\n", 2, 0, "expected an indented block after 'match' statement on line 1"},
    {"match something:\n    case []:\npass\n", 3, 0, "expected an indented block after 'case' statement on line 2"},
    {"match something:\n    case []:\n        ...\n    case {}:\npass\n", 5, 0, "expected an indented block after 'case' statement on line 4"},
    {"raise X, Y\n", 1, 7, "invalid syntax"},
    {"raise X, Y, Z\n", 1, 7, "invalid syntax"},
    {"try:\n  pass\nexcept A, B:\n  pass\n", 3, 7, "multiple exception types must be parenthesized"},
    {"try:\n  pass\nexcept A, B, C:\n  pass\n", 3, 7, "multiple exception types must be parenthesized"},
    {"try:\n  pass\nexcept A, B, C as blech:\n  pass\n", 3, 7, "multiple exception types must be parenthesized"},
    {"try:\n  pass\nexcept A, B, C as blech:\n  pass\nfinally:\n  pass\n", 3, 7, "multiple exception types must be parenthesized"},
    {"try:\n  pass\nexcept* A, B:\n  pass\n", 3, 8, "multiple exception types must be parenthesized"},
    {"try:\n  pass\nexcept* A, B, C:\n  pass\n", 3, 8, "multiple exception types must be parenthesized"},
    {"try:\n  pass\nexcept* A, B, C as blech:\n  pass\n", 3, 8, "multiple exception types must be parenthesized"},
    {"try:\n  pass\nexcept* A, B, C as blech:\n  pass\nfinally:\n  pass\n", 3, 8, "multiple exception types must be parenthesized"},
    {"try:\n  pass\nexcept* A as a:\n  pass\nexcept*:\n  pass\n", 5, 7, "expected one or more exception types"},
    {"{1, 2, 3} = 42\n", 1, 0, "cannot assign to set display here. Maybe you meant '==' instead of '='?"},
    {"{1: 2, 3: 4} = 42\n", 1, 0, "cannot assign to dict literal here. Maybe you meant '==' instead of '='?"},
    {"f'{x}' = 42\n", 1, 0, "cannot assign to f-string expression here. Maybe you meant '==' instead of '='?"},
    {"f'{x}-{y}' = 42\n", 1, 0, "cannot assign to f-string expression here. Maybe you meant '==' instead of '='?"},
    {"(x, y, z=3, d, e)\n", 1, 7, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    {"[x, y, z=3, d, e]\n", 1, 7, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    {"[z=3]\n", 1, 1, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    {"{x, y, z=3, d, e}\n", 1, 7, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    {"{z=3}\n", 1, 1, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    {"from t import x,\n", 1, 16, "trailing comma not allowed without surrounding parentheses"},
    {"from t import x,y,\n", 1, 18, "trailing comma not allowed without surrounding parentheses"},
    {"from t import x,y, and 3\n", 1, 19, "invalid syntax"},
    {"(): int\n", 1, 0, "only single target (not tuple) can be annotated"},
    {"[]: int\n", 1, 0, "only single target (not list) can be annotated"},
    {"(()): int\n", 1, 1, "only single target (not tuple) can be annotated"},
    {"([]): int\n", 1, 1, "only single target (not list) can be annotated"},
    {"with (lambda *:0): pass\n", 1, 14, "named arguments must follow bare *"},
    {"import \303\244 \302\243\n", 1, 10, "invalid character '\302\243' (U+00A3)"},
    {"match ...:\n  case 42 as _:\n    ...\n", 2, 13, "cannot use '_' as a target"},
    {"match ...:\n  case 42 as 1+2+4:\n    ...\n", 2, 13, "invalid pattern target"},
    {"match ...:\n  case Foo(z=1, y=2, x):\n    ...\n", 2, 21, "positional patterns follow keyword patterns"},
    {"match ...:\n  case Foo(a, z=1, y=2, x):\n    ...\n", 2, 24, "positional patterns follow keyword patterns"},
    {"match ...:\n  case Foo(z=1, x, y=2):\n    ...\n", 2, 16, "positional patterns follow keyword patterns"},
    {"match ...:\n  case C(a=b, c, d=e, f, g=h, i, j=k, ...):\n    ...\n", 2, 14, "positional patterns follow keyword patterns"},
    {"A[:*b]\n", 1, 3, "invalid syntax"},
    {"A[:(*b)]\n", 1, 4, "cannot use starred expression here"},
    {"A[:*b] = 1\n", 1, 3, "invalid syntax"},
    {"del A[:*b]\n", 1, 7, "invalid syntax"},
    {"A[*b:]\n", 1, 4, "invalid syntax"},
    {"A[(*b):]\n", 1, 3, "cannot use starred expression here"},
    {"A[*b:] = 1\n", 1, 4, "invalid syntax"},
    {"del A[*b:]\n", 1, 8, "invalid syntax"},
    {"A[*b:*b]\n", 1, 4, "invalid syntax"},
    {"A[(*b:*b)]\n", 1, 5, "invalid syntax"},
    {"A[*b:*b] = 1\n", 1, 4, "invalid syntax"},
    {"del A[*b:*b]\n", 1, 8, "invalid syntax"},
    {"A[*(1:2)]\n", 1, 5, "invalid syntax"},
    {"A[*(1:2)] = 1\n", 1, 5, "invalid syntax"},
    {"del A[*(1:2)]\n", 1, 9, "invalid syntax"},
    {"A[*:]\n", 1, 3, "invalid syntax"},
    {"A[:*]\n", 1, 3, "invalid syntax"},
    {"A[*]\n", 1, 3, "invalid syntax"},
    {"A[**]\n", 1, 2, "invalid syntax"},
    {"A[**b]\n", 1, 2, "invalid syntax"},
    {"A[**b] = 1\n", 1, 2, "invalid syntax"},
    {"del A[**b]\n", 1, 6, "invalid syntax"},
    {"def f6(x: *b): pass\n", 1, 10, "invalid syntax"},
    {"def f7(x: *b = 1): pass\n", 1, 10, "invalid syntax"},
    {"def f8(**kwargs: *a): pass\n", 1, 17, "invalid syntax"},
    {"x: *b\n", 1, 3, "invalid syntax"},
    {"x: *b = 1\n", 1, 3, "invalid syntax"},
    {"b\"\304\200\"\n", 1, 5, "bytes can only contain ASCII literal characters"},
    {"b\"\320\260\320\261\320\262\320\263\320\264\320\265\"\n", 1, 15, "bytes can only contain ASCII literal characters"},
    {"b\"abc \321\212\321\216\321\211\321\213\320\271\"  # first 3 letters are ascii\n", 1, 19, "bytes can only contain ASCII literal characters"},
    {"f(**x, *y)\n", 1, 2, "iterable argument unpacking follows keyword argument unpacking"},
    {"f(**x, *)\n", 1, 2, "iterable argument unpacking follows keyword argument unpacking"},
    {"f(x, *:)\n", 1, 2, "iterable argument unpacking follows keyword argument unpacking"},
    {"print(end1 + end2 = ' ')\n", 1, 6, "expression cannot contain assignment, perhaps you meant \"==\"?"},
    {"f{}\n", 1, 1, "invalid syntax"},
    {"del (,)\n", 1, 5, "invalid syntax"},
    {"del 1\n", 1, 4, "cannot delete literal"},
    {"del (1, 2)\n", 1, 5, "cannot delete literal"},
    {"del None\n", 1, 4, "cannot delete None"},
    {"del *x\n", 1, 4, "cannot delete starred"},
    {"del (*x)\n", 1, 5, "cannot use starred expression here"},
    {"del (*x,)\n", 1, 5, "cannot delete starred"},
    {"del [*x,]\n", 1, 5, "cannot delete starred"},
    {"del f(a, b)\n", 1, 4, "cannot delete function call"},
    {"del o.f()\n", 1, 4, "cannot delete function call"},
    {"del a[0]()\n", 1, 4, "cannot delete function call"},
    {"del x, f()\n", 1, 7, "cannot delete function call"},
    {"del f(), x\n", 1, 4, "cannot delete function call"},
    {"del [a, b, ((c), (d,), e.f())]\n", 1, 23, "cannot delete function call"},
    {"del (a if True else b)\n", 1, 5, "cannot delete conditional expression"},
    {"del +a\n", 1, 4, "cannot delete expression"},
    {"del a, +b\n", 1, 7, "cannot delete expression"},
    {"del a + b\n", 1, 4, "cannot delete expression"},
    {"del (a + b, c)\n", 1, 5, "cannot delete expression"},
    {"del (c[0], a + b)\n", 1, 11, "cannot delete expression"},
    {"del a.b.c + 2\n", 1, 4, "cannot delete expression"},
    {"del a.b.c[0] + 2\n", 1, 4, "cannot delete expression"},
    {"del (a, b, (c, d.e.f + 2))\n", 1, 15, "cannot delete expression"},
    {"del [a, b, (c, d.e.f[0] + 2)]\n", 1, 15, "cannot delete expression"},
    {"del (a := 5)\n", 1, 5, "cannot delete named expression"},
    {"del a += b\n", 1, 6, "invalid syntax"},
    {"foo()\n bar()\n", 2, 0, "unexpected indent"},
    {"if 1:\nfoo()\n", 2, 0, "expected an indented block after 'if' statement on line 1"},
    {"if 1:\n  foo()\n bar()\n", 3, 6, "unindent does not match any outer indentation level"},
    {"int(base=10, '2')\n", 1, 16, "positional argument follows keyword argument"},
    {"int(**{'base': 10}, '2')\n", 1, 23, "positional argument follows keyword argument unpacking"},
    {"int(**{'base': 10}, *['2'])\n", 1, 4, "iterable argument unpacking follows keyword argument unpacking"},
    {"foo(x,    y for y in range(3) for z in range(2) if z    , p)\n", 1, 10, "Generator expression must be parenthesized"},
    {"try: pass\nexcept ValueError: pass\nexcept* TypeError: pass\n", 3, 0, "cannot have both 'except' and 'except*' on the same 'try'"},
    {"try: pass\nexcept* ValueError: pass\nexcept TypeError: pass\n", 3, 0, "cannot have both 'except' and 'except*' on the same 'try'"},
    {"a = 3 \\ 4\n", 1, 7, "unexpected character after line continuation character"},
    {"1,\\#\n2\n", 1, 3, "unexpected character after line continuation character"},
    {"fgdfgf\n1,\\#\n2\n", 2, 3, "unexpected character after line continuation character"},
    {"A.\306\212\\ \n", 1, 5, "unexpected character after line continuation character"},
    {"A.\316\274\\\n", 1, 5, "unexpected EOF while parsing"},
    {"'blech\n", 1, 0, "unterminated string literal (detected at line 1)"},
    {"\"blech\n", 1, 0, "unterminated string literal (detected at line 1)"},
    {"'''blech\n", 1, 0, "unterminated triple-quoted string literal (detected at line 1)"},
    {"\"\"\"blech\n", 1, 0, "unterminated triple-quoted string literal (detected at line 1)"},
    {"print\027(\"Hello\")\n", 1, 5, "invalid non-printable character U+0017"},
    {"\"\\\n\"(1 for c in I,\\\n\\\n", 2, 1, "'(' was never closed"},
    {"def fact(x):\n\011return x!\n", 2, 9, "invalid syntax"},
    {"1 +\n", 1, 3, "invalid syntax"},
    {"def spam():\n  print(1)\n print(2)\n", 3, 9, "unindent does not match any outer indentation level"},
    {"Python = \"Python\" +\n", 1, 19, "invalid syntax"},
    {"Python = \"\341\271\224\303\275\305\243\304\245\303\262\303\261\" +\n", 1, 26, "invalid syntax"},
    {"x = \"a\n", 1, 4, "unterminated string literal (detected at line 1)"},
    {"lambda x: x = 2\n", 1, 0, "cannot assign to lambda"},
    {"f{a + b + c}\n", 1, 1, "invalid syntax"},
    {"[file for str(file) in []\n]\n", 1, 10, "cannot assign to function call"},
    {"a = \302\253 hello \302\273 \302\253 world \302\273\n", 1, 4, "invalid character '\302\253' (U+00AB)"},
    {"[\nfile\nfor str(file)\nin\n[]\n]\n", 3, 4, "cannot assign to function call"},
    {"[file for\n str(file) in []]\n", 2, 1, "cannot assign to function call"},
    {"ages = {'Alice'=22, 'Bob'=23}\n", 1, 8, "cannot assign to literal here. Maybe you meant '==' instead of '='?"},
    {"match ...:\n    case {**rest, \"key\": value}:\n        ...\n", 2, 18, "invalid syntax"},
    {"[a b c d e f]\n", 1, 1, "invalid syntax. Perhaps you forgot a comma?"},
    {"for x yfff:\n", 1, 6, "invalid syntax"},
    {"f(a for a in b, c)\n", 1, 2, "Generator expression must be parenthesized"},
    {"f(a for a in b if a, c)\n", 1, 2, "Generator expression must be parenthesized"},
    {"f(a, b for b in c)\n", 1, 5, "Generator expression must be parenthesized"},
    {"f(a, b for b in c, d)\n", 1, 5, "Generator expression must be parenthesized"},
    {"try:\n  pass\nexcept*:\n  pass\n", 3, 7, "expected one or more exception types"},
    {"try:\n  pass\nexcept*:\n  pass\nexcept* ValueError:\n  pass\n", 3, 7, "expected one or more exception types"},
    {"(0x+1)\n", 1, 2, "invalid hexadecimal literal"},
    {"x = 0xI\n", 1, 5, "invalid hexadecimal literal"},
    {"0010 + 2\n", 1, 0, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"},
    {"x = 32e-+4\n", 1, 7, "invalid decimal literal"},
    {"x = 0o9\n", 1, 6, "invalid digit '9' in octal literal"},
    {"\316\261 = 0xI\n", 1, 6, "invalid hexadecimal literal"},
    {"pass\npass\npass\n(1+)\npass\npass\npass\n", 4, 3, "invalid syntax"},
    {"(1+)\n", 1, 3, "invalid syntax"},
    {"[interesting\nfoo()\n", 1, 0, "'[' was never closed"},
    {"f'''\n            {\n            (123_a)\n            }'''\n", 3, 16, "invalid decimal literal"},
    {"f'''\n            {\n            f\"\"\"\n            {\n            (123_a)\n            }\n            \"\"\"\n            }'''\n", 5, 16, "invalid decimal literal"},
    {"f\"\"\"\n\n\n            {\n            6\n            0=\"\"\"\n", 5, 12, "f-string: invalid syntax. Perhaps you forgot a comma?"},
    {"foo(1=2)\n", 1, 4, "expression cannot contain assignment, perhaps you meant \"==\"?"},
    {"def f():\n  x, y: int\n", 2, 2, "only single target (not tuple) can be annotated"},
    {"[*x for x in xs]\n", 1, 1, "iterable unpacking cannot be used in comprehension"},
    {"foo(x for x in range(10), 100)\n", 1, 4, "Generator expression must be parenthesized"},
    {"for 1 in []: pass\n", 1, 4, "cannot assign to literal"},
    {"(yield i) = 2\n", 1, 1, "cannot assign to yield expression here. Maybe you meant '==' instead of '='?"},
    {"def f(*):\n  pass\n", 1, 6, "named arguments must follow bare *"},
    {"        match ...:\n            case \"a\" | a:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case [a, [b] | [c] | [d]]:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case Class(a=_, a=_):\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case 0+0:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case {0+0: _}:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case {**rest, \"key\": value}:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case {\"first\": first, **rest, \"last\": last}:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case {**_}:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case 42 as _:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case {f\"\": _}:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case a, a:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case {\"k\": a, \"l\": a}:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case MyClass(x, x):\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case MyClass(x=x, y=x):\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case MyClass(x, y=x):\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case a as a:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case *a, b, *c, d, *e:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case a, *b, c, *d, e:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case a | \"a\":\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match 42:\n            case x:\n                pass\n            case y:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case x | [_ as x] if x:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case x:\n                pass\n            case [x] if x:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case x:\n                pass\n            case _:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case f\"\":\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case f\"{x}\":\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case 0j+0:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case 0j+0j:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case {0j+0: _}:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case {0j+0j: _}:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case _ | _:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case (_ as x) | [x]:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case _ | _ if condition():\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case _:\n                pass\n            case None:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case (None | _) | _:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case _ | (True | False):\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case {\"a\": _, \"a\": _}:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case {0: _, False: _}:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case {0: _, 0.0: _}:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case {0: _, -0: _}:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"        match ...:\n            case {0: _, 0j: _}:\n                pass\n        \n", 1, 7, "unexpected indent"},
    {"0b12\n", 1, 3, "invalid digit '2' in binary literal"},
    {"0b1_2\n", 1, 4, "invalid digit '2' in binary literal"},
    {"0b2\n", 1, 2, "invalid digit '2' in binary literal"},
    {"0b1_\n", 1, 3, "invalid binary literal"},
    {"0b\n", 1, 1, "invalid binary literal"},
    {"0o18\n", 1, 3, "invalid digit '8' in octal literal"},
    {"0o1_8\n", 1, 4, "invalid digit '8' in octal literal"},
    {"0o8\n", 1, 2, "invalid digit '8' in octal literal"},
    {"0o1_\n", 1, 3, "invalid octal literal"},
    {"0o\n", 1, 1, "invalid octal literal"},
    {"0x1_\n", 1, 3, "invalid hexadecimal literal"},
    {"0x\n", 1, 1, "invalid hexadecimal literal"},
    {"1_\n", 1, 1, "invalid decimal literal"},
    {"012\n", 1, 0, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"},
    {"1.2_\n", 1, 3, "invalid decimal literal"},
    {"1e2_\n", 1, 3, "invalid decimal literal"},
    {"1e+\n", 1, 2, "invalid decimal literal"},
    {"            try:\n                raise ValueError\n            except* Exception as e:\n                break\n            \n", 1, 11, "unexpected indent"},
    {"            for i in range(5):\n                try:\n                    pass\n                except* Exception as e:\n                    if i == 2:\n                        break\n            \n", 1, 11, "unexpected indent"},
    {"            for i in range(5):\n                try:\n                    pass\n                except* Exception as e:\n                    if i == 2:\n                        break\n                finally:\n                    return 0\n            \n", 1, 11, "unexpected indent"},
    {"            for i in range(5):\n                try:\n                    raise ValueError\n                except* Exception as e:\n                    continue\n            \n", 1, 11, "unexpected indent"},
    {"            for i in range(5):\n                try:\n                    pass\n                except* Exception as e:\n                    if i == 2:\n                        continue\n            \n", 1, 11, "unexpected indent"},
    {"            for i in range(5):\n                try:\n                    pass\n                except* Exception as e:\n                    if i == 2:\n                        continue\n                finally:\n                    return 0\n            \n", 1, 11, "unexpected indent"},
    {"            def f():\n                try:\n                    raise ValueError\n                except* Exception as e:\n                    return 42\n            \n", 1, 11, "unexpected indent"},
    {"            def f():\n                try:\n                    pass\n                except* Exception as e:\n                    return 42\n                finally:\n                    finished = True\n            \n", 1, 11, "unexpected indent"},
    {"[*item for item in l]\n", 1, 1, "iterable unpacking cannot be used in comprehension"},
    {"[*[0, 1] for i in range(10)]\n", 1, 1, "iterable unpacking cannot be used in comprehension"},
    {"[*'a' for i in range(10)]\n", 1, 1, "iterable unpacking cannot be used in comprehension"},
    {"[*[] for i in range(10)]\n", 1, 1, "iterable unpacking cannot be used in comprehension"},
    {"{**{} for a in [1]}\n", 1, 1, "dict unpacking cannot be used in dict comprehension"},
    {"dict(**x for x in [{1:2}])\n", 1, 9, "invalid syntax"},
    {"(*x),y = 1, 2 # doctest:+ELLIPSIS\n", 1, 1, "cannot use starred expression here"},
    {"(((*x))),y = 1, 2 # doctest:+ELLIPSIS\n", 1, 3, "cannot use starred expression here"},
    {"z,(*x),y = 1, 2, 4 # doctest:+ELLIPSIS\n", 1, 3, "cannot use starred expression here"},
    {"z,(*x) = 1, 2 # doctest:+ELLIPSIS\n", 1, 3, "cannot use starred expression here"},
    {"((*x),y) = 1, 2 # doctest:+ELLIPSIS\n", 1, 2, "cannot use starred expression here"},
    {"def f(n):\n    return i*i for i in range(n)\n", 2, 15, "invalid syntax"},
    {"dict(a = i for i in range(10))\n", 1, 5, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
    {"(y for y in (1,2)) = 10\n", 1, 0, "cannot assign to generator expression"},
    {"(y for y in (1,2)) += 10\n", 1, 0, "'generator expression' is an illegal expression for augmented assignment"},
};

static void test_errors_match_cpython(void **state) {
    (void)state;
    for (size_t i = 0; i < KCV_ARRAY_LEN(error_cases); i++) {
        Parsed r;
        parse_text(&r, error_cases[i].src);
        assert_null(r.mod);
        assert_int_equal(r.diags.errors, 1);
        const Diag *d = &r.diags.diags.v[0];
        if (strcmp(d->message, error_cases[i].msg) != 0 || d->loc.line != error_cases[i].line ||
            d->loc.col != error_cases[i].col)
            fprintf(stderr, "source: %s\nwant %d:%d %s\ngot  %d:%d %s\n", error_cases[i].src, error_cases[i].line,
                    error_cases[i].col, error_cases[i].msg, d->loc.line, d->loc.col, d->message);
        assert_string_equal(d->message, error_cases[i].msg);
        assert_int_equal(d->loc.line, error_cases[i].line);
        assert_int_equal(d->loc.col, error_cases[i].col);
        assert_string_equal(d->code, "syntax");
        parse_done(&r);
    }
}

/* What ast.parse accepts: compile-time errors are not syntax errors. */
static void test_accepts_what_cpython_accepts(void **state) {
    (void)state;
    static const char *const ok[] = {
        "return 1\n", "break\n", "continue\n", "nonlocal x\n", "yield\n", "await x\n",
        "def f(a, a): pass\n", "*a = b\n", "() = []\n", "del ()\n", "f(**a, b=1)\n",
        "x = lambda: (yield)\n", "match x:\n    case {**rest}: pass\n", "print(end='')\n",
        "class C: x: int = 1\n", "async def f(): return [x async for x in y]\n",
    };
    for (size_t i = 0; i < KCV_ARRAY_LEN(ok); i++) {
        Parsed r;
        parse_text(&r, ok[i]);
        if (!r.mod) fprintf(stderr, "rejected: %s\n", ok[i]);
        assert_non_null(r.mod);
        assert_int_equal(r.diags.errors, 0);
        parse_done(&r);
    }
}

/* ---- limits -------------------------------------------------------------------- */

static char *repeat(const char *head, const char *unit, int n, const char *tail) {
    StrBuf b = {0};
    sb_puts(&b, head);
    for (int i = 0; i < n; i++) sb_puts(&b, unit);
    sb_puts(&b, tail);
    return b.s;
}

/* Chains that recurse without brackets end in a located error, not a
 * stack overflow; realistic depths still parse. */
static void test_nesting_limits(void **state) {
    (void)state;
    static const struct {
        const char *head, *unit, *tail;
    } chains[] = {
        {"", "-", "x\n"},          {"", "not ", "x\n"},  {"", "a if b else ", "c\n"},
        {"", "lambda: ", "x\n"},   {"", "x ** ", "x\n"}, {"x", ".y", "\n"},
        {"x", "()", "\n"},         {"x", "[0]", "\n"},   {"x", " + x", "\n"},
        {"", "~", "x\n"},          {"", "-x ** ", "x\n"}, {"if x:\n    pass\n", "elif x:\n    pass\n", ""},
    };
    for (size_t i = 0; i < KCV_ARRAY_LEN(chains); i++) {
        char *text = repeat(chains[i].head, chains[i].unit, 100000, chains[i].tail);
        Parsed r;
        parse_text(&r, text);
        assert_null(r.mod);
        assert_int_equal(r.diags.errors, 1);
        assert_non_null(strstr(r.diags.diags.v[0].message, "too many nested expressions"));
        assert_true(r.diags.diags.v[0].loc.line >= 1);
        parse_done(&r);
        kcv_free(text);

        text = repeat(chains[i].head, chains[i].unit, 500, chains[i].tail);
        parse_text(&r, text);
        assert_non_null(r.mod);
        parse_done(&r);
        kcv_free(text);
    }
    /* Brackets are limited by the lexer at 200, which the parser takes. */
    char *text = repeat("", "(", 199, "x");
    char *text2 = repeat(text, ")", 199, "\n");
    Parsed r;
    parse_text(&r, text2);
    assert_non_null(r.mod);
    parse_done(&r);
    kcv_free(text);
    kcv_free(text2);
    /* Long flat sequences are not nesting. */
    text = repeat("f(", "a, ", 100000, "b)\n");
    parse_text(&r, text);
    assert_non_null(r.mod);
    parse_done(&r);
    kcv_free(text);
    text = repeat("x = ", "a and ", 100000, "b\n");
    parse_text(&r, text);
    assert_non_null(r.mod);
    parse_done(&r);
    kcv_free(text);
}

/* Inputs that fail deep inside nested brackets are rejected in linear time:
 * a failed inner parse is never repeated by the enclosing rules (in pass 1
 * by construction, in pass 2 by the memo). */
static void test_nested_failures_are_linear(void **state) {
    (void)state;
    static const struct {
        const char *open, *middle, *close;
    } cases[] = {
        {"f(", ">=", ")"},       {"x[", ">=", "]"},   {"{", ">=", "}"},    {"{1:", ">=", "}"},
        {"[", "a b", "]"},       {"(", ">=", ")"},    {"f(a=", ">=", ")"}, {"x[1:", ">=", "]"},
        {"(x for x in ", ">=", ")"}, {"f(*", ">=", ")"}, {"{1: ", "*", "}"}, {"f(", "a b", ")"},
        {"f((", ">=", "))"},     {"x[(", ">=", ")]"}, {"{(", ">=", ")}"},  {"{1: (", ">=", ")}"},
    };
    clock_t t0 = clock();
    for (size_t i = 0; i < KCV_ARRAY_LEN(cases); i++) {
        char *a = repeat("", cases[i].open, 95, cases[i].middle);
        char *text = repeat(a, cases[i].close, 95, "\n");
        Parsed r;
        parse_text(&r, text);
        assert_null(r.mod);
        assert_int_equal(r.diags.errors, 1);
        parse_done(&r);
        kcv_free(a);
        kcv_free(text);
    }
    /* Exponential work would take ages; linear work takes milliseconds. */
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trees_match_cpython),
        cmocka_unit_test(test_spans_parentheses),
        cmocka_unit_test(test_spans_genexp_argument),
        cmocka_unit_test(test_spans_elif_and_decorators),
        cmocka_unit_test(test_spans_slices_keywords_args),
        cmocka_unit_test(test_contexts),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_errors_match_cpython),
        cmocka_unit_test(test_accepts_what_cpython_accepts),
        cmocka_unit_test(test_nesting_limits),
        cmocka_unit_test(test_nested_failures_are_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
