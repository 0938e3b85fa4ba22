/* test_ast_dump.c - unit tests of src/front/ast_dump.c on trees built by
 * hand.  Every expected string was printed by CPython 3.11.2:
 *   /usr/bin/python3 -c 'import ast; print(ast.dump(ast.parse(SRC)[, include_attributes=True]))'
 * The golden tests (tests/golden) check the dumper on parsed files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "front/front.h"

static Arena arena;

static int setup(void **state) {
    (void)state;
    arena_init(&arena);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    arena_free(&arena);
    return 0;
}

/* ---- tree builders -------------------------------------------------------- */

static Node *mk(NodeKind kind, int line, int col, int end_line, int end_col) {
    Node *n = arena_alloc(&arena, sizeof *n);
    n->kind = kind;
    n->span = (Span){line, col, end_line, end_col};
    return n;
}

/* A list of `n` nodes given as arguments. */
static NodeList list(int n, ...) {
    NodeList l = {NULL, n};
    if (n) l.v = arena_alloc(&arena, (size_t)n * sizeof *l.v);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) l.v[i] = va_arg(ap, Node *);
    va_end(ap);
    return l;
}

static Node *name(const char *id, ExprCtx ctx, int line, int col, int end_col) {
    Node *n = mk(N_NAME, line, col, line, end_col);
    n->u.name.id = id;
    n->u.name.ctx = ctx;
    return n;
}

static Node *int_const(int64_t v, int line, int col, int end_col) {
    Node *n = mk(N_CONSTANT, line, col, line, end_col);
    n->u.constant.value.kind = CONST_INT;
    n->u.constant.value.i = v;
    return n;
}

static Node *str_const(const char *s, int line, int col, int end_col) {
    Node *n = mk(N_CONSTANT, line, col, line, end_col);
    n->u.constant.value.kind = CONST_STR;
    n->u.constant.value.s = s;
    n->u.constant.value.len = strlen(s);
    return n;
}

static Node *module(NodeList body) {
    Node *m = mk(N_MODULE, 0, 0, 0, 0);
    m->u.module.body = body;
    return m;
}

static Node *expr_stmt(Node *value) {
    Node *e = mk(N_EXPR, value->span.line, value->span.col, value->span.end_line, value->span.end_col);
    e->u.expr.value = value;
    return e;
}

static Node *arg(const char *a, int line, int col, int end_col) {
    Node *n = mk(N_ARG, line, col, line, end_col);
    n->u.arg.arg = a;
    return n;
}

static Node *empty_arguments(void) { return mk(N_ARGUMENTS, 0, 0, 0, 0); }

static void check(const Node *tree, bool locations, const char *want) {
    StrBuf b = {0};
    ast_dump(&b, tree, locations);
    assert_string_equal(sb_str(&b), want);
    sb_free(&b);
}

/* ---- tests ----------------------------------------------------------------------- */

/* x = 1 + 2 */
static void test_assign_binop(void **state) {
    (void)state;
    Node *bin = mk(N_BIN_OP, 1, 4, 1, 9);
    bin->u.binop.left = int_const(1, 1, 4, 5);
    bin->u.binop.op = OP_ADD;
    bin->u.binop.right = int_const(2, 1, 8, 9);
    Node *as = mk(N_ASSIGN, 1, 0, 1, 9);
    as->u.assign.targets = list(1, name("x", CTX_STORE, 1, 0, 1));
    as->u.assign.value = bin;
    Node *m = module(list(1, as));
    check(m, false,
          "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=Constant(value=1), op=Add(), "
          "right=Constant(value=2)))], type_ignores=[])");
    check(m, true,
          "Module(body=[Assign(targets=[Name(id='x', ctx=Store(), lineno=1, col_offset=0, end_lineno=1, "
          "end_col_offset=1)], value=BinOp(left=Constant(value=1, lineno=1, col_offset=4, end_lineno=1, "
          "end_col_offset=5), op=Add(), right=Constant(value=2, lineno=1, col_offset=8, end_lineno=1, "
          "end_col_offset=9), lineno=1, col_offset=4, end_lineno=1, end_col_offset=9), lineno=1, col_offset=0, "
          "end_lineno=1, end_col_offset=9)], type_ignores=[])");
}

/* def f(a, /, b=1, *c, d, e=2, **g) -> int:\n    pass */
static void test_function_arguments(void **state) {
    (void)state;
    Node *args = mk(N_ARGUMENTS, 0, 0, 0, 0);
    args->u.arguments.posonlyargs = list(1, arg("a", 1, 6, 7));
    args->u.arguments.args = list(1, arg("b", 1, 12, 13));
    args->u.arguments.vararg = arg("c", 1, 18, 19);
    args->u.arguments.kwonlyargs = list(2, arg("d", 1, 21, 22), arg("e", 1, 24, 25));
    args->u.arguments.kw_defaults = list(2, NULL, int_const(2, 1, 26, 27));
    args->u.arguments.kwarg = arg("g", 1, 31, 32);
    args->u.arguments.defaults = list(1, int_const(1, 1, 14, 15));
    Node *fn = mk(N_FUNCTION_DEF, 1, 0, 2, 8);
    fn->u.func.name = "f";
    fn->u.func.args = args;
    fn->u.func.body = list(1, mk(N_PASS, 2, 4, 2, 8));
    fn->u.func.returns = name("int", CTX_LOAD, 1, 37, 40);
    Node *m = module(list(1, fn));
    check(m, false,
          "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[arg(arg='a')], args=[arg(arg='b')], "
          "vararg=arg(arg='c'), kwonlyargs=[arg(arg='d'), arg(arg='e')], kw_defaults=[None, Constant(value=2)], "
          "kwarg=arg(arg='g'), defaults=[Constant(value=1)]), body=[Pass()], decorator_list=[], "
          "returns=Name(id='int', ctx=Load()))], type_ignores=[])");
    check(m, true,
          "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[arg(arg='a', lineno=1, col_offset=6, "
          "end_lineno=1, end_col_offset=7)], args=[arg(arg='b', lineno=1, col_offset=12, end_lineno=1, "
          "end_col_offset=13)], vararg=arg(arg='c', lineno=1, col_offset=18, end_lineno=1, end_col_offset=19), "
          "kwonlyargs=[arg(arg='d', lineno=1, col_offset=21, end_lineno=1, end_col_offset=22), arg(arg='e', "
          "lineno=1, col_offset=24, end_lineno=1, end_col_offset=25)], kw_defaults=[None, Constant(value=2, "
          "lineno=1, col_offset=26, end_lineno=1, end_col_offset=27)], kwarg=arg(arg='g', lineno=1, "
          "col_offset=31, end_lineno=1, end_col_offset=32), defaults=[Constant(value=1, lineno=1, col_offset=14, "
          "end_lineno=1, end_col_offset=15)]), body=[Pass(lineno=2, col_offset=4, end_lineno=2, "
          "end_col_offset=8)], decorator_list=[], returns=Name(id='int', ctx=Load(), lineno=1, col_offset=37, "
          "end_lineno=1, end_col_offset=40), lineno=1, col_offset=0, end_lineno=2, end_col_offset=8)], "
          "type_ignores=[])");
}

/* {**a, 'k': v} */
static void test_dict_none_key(void **state) {
    (void)state;
    Node *d = mk(N_DICT, 1, 0, 1, 13);
    d->u.dict.keys = list(2, NULL, str_const("k", 1, 6, 9));
    d->u.dict.values = list(2, name("a", CTX_LOAD, 1, 3, 4), name("v", CTX_LOAD, 1, 11, 12));
    Node *m = module(list(1, expr_stmt(d)));
    check(m, false,
          "Module(body=[Expr(value=Dict(keys=[None, Constant(value='k')], values=[Name(id='a', ctx=Load()), "
          "Name(id='v', ctx=Load())]))], type_ignores=[])");
    check(m, true,
          "Module(body=[Expr(value=Dict(keys=[None, Constant(value='k', lineno=1, col_offset=6, end_lineno=1, "
          "end_col_offset=9)], values=[Name(id='a', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, "
          "end_col_offset=4), Name(id='v', ctx=Load(), lineno=1, col_offset=11, end_lineno=1, "
          "end_col_offset=12)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=13), lineno=1, "
          "col_offset=0, end_lineno=1, end_col_offset=13)], type_ignores=[])");
}

/* from . import x as y ; raise ; global g, h */
static void test_optional_fields(void **state) {
    (void)state;
    Node *al = mk(N_ALIAS, 1, 14, 1, 20);
    al->u.alias.name = "x";
    al->u.alias.asname = "y";
    Node *imp = mk(N_IMPORT_FROM, 1, 0, 1, 20);
    imp->u.import_from.names = list(1, al);
    imp->u.import_from.level = 1;
    check(module(list(1, imp)), false, "Module(body=[ImportFrom(names=[alias(name='x', asname='y')], level=1)], type_ignores=[])");
    check(module(list(1, imp)), true,
          "Module(body=[ImportFrom(names=[alias(name='x', asname='y', lineno=1, col_offset=14, end_lineno=1, "
          "end_col_offset=20)], level=1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=20)], "
          "type_ignores=[])");

    Node *r = mk(N_RAISE, 1, 0, 1, 5);
    check(module(list(1, r)), false, "Module(body=[Raise()], type_ignores=[])");
    check(module(list(1, r)), true,
          "Module(body=[Raise(lineno=1, col_offset=0, end_lineno=1, end_col_offset=5)], type_ignores=[])");

    Node *g = mk(N_GLOBAL, 1, 0, 1, 11);
    static const char *names[] = {"g", "h"};
    g->u.global.names = (NameList){names, 2};
    check(module(list(1, g)), false, "Module(body=[Global(names=['g', 'h'])], type_ignores=[])");
    check(module(list(1, g)), true,
          "Module(body=[Global(names=['g', 'h'], lineno=1, col_offset=0, end_lineno=1, end_col_offset=11)], "
          "type_ignores=[])");
    check(module(list(0)), false, "Module(body=[], type_ignores=[])");
}

/* a < b == c */
static void test_compare(void **state) {
    (void)state;
    Node *c = mk(N_COMPARE, 1, 0, 1, 10);
    c->u.compare.left = name("a", CTX_LOAD, 1, 0, 1);
    static CmpOpKind ops[] = {CMP_LT, CMP_EQ};
    c->u.compare.ops = ops;
    c->u.compare.comparators = list(2, name("b", CTX_LOAD, 1, 4, 5), name("c", CTX_LOAD, 1, 9, 10));
    check(module(list(1, expr_stmt(c))), false,
          "Module(body=[Expr(value=Compare(left=Name(id='a', ctx=Load()), ops=[Lt(), Eq()], "
          "comparators=[Name(id='b', ctx=Load()), Name(id='c', ctx=Load())]))], type_ignores=[])");
}

/* match p:\n    case None | [*_, 1] | {1: _, **r} | C(a, k=b) as z if q: pass */
static void test_match_patterns(void **state) {
    (void)state;
    Node *single = mk(N_MATCH_SINGLETON, 2, 9, 2, 13);
    single->u.match_singleton.value.kind = CONST_NONE;
    Node *star = mk(N_MATCH_STAR, 2, 17, 2, 19);
    Node *val = mk(N_MATCH_VALUE, 2, 21, 2, 22);
    val->u.match_value.value = int_const(1, 2, 21, 22);
    Node *seq = mk(N_MATCH_SEQUENCE, 2, 16, 2, 23);
    seq->u.match_seq.patterns = list(2, star, val);
    Node *map = mk(N_MATCH_MAPPING, 2, 26, 2, 37);
    map->u.match_mapping.keys = list(1, int_const(1, 2, 27, 28));
    map->u.match_mapping.patterns = list(1, mk(N_MATCH_AS, 2, 30, 2, 31));
    map->u.match_mapping.rest = "r";
    Node *as_a = mk(N_MATCH_AS, 2, 42, 2, 43);
    as_a->u.match_as.name = "a";
    Node *as_b = mk(N_MATCH_AS, 2, 47, 2, 48);
    as_b->u.match_as.name = "b";
    Node *cls = mk(N_MATCH_CLASS, 2, 40, 2, 49);
    cls->u.match_class.cls = name("C", CTX_LOAD, 2, 40, 41);
    cls->u.match_class.patterns = list(1, as_a);
    static const char *kwd[] = {"k"};
    cls->u.match_class.kwd_attrs = (NameList){kwd, 1};
    cls->u.match_class.kwd_patterns = list(1, as_b);
    Node *or = mk(N_MATCH_OR, 2, 9, 2, 49);
    or->u.match_seq.patterns = list(4, single, seq, map, cls);
    Node *as_z = mk(N_MATCH_AS, 2, 9, 2, 54);
    as_z->u.match_as.pattern = or;
    as_z->u.match_as.name = "z";
    Node *mc = mk(N_MATCH_CASE, 0, 0, 0, 0);
    mc->u.match_case.pattern = as_z;
    mc->u.match_case.guard = name("q", CTX_LOAD, 2, 58, 59);
    mc->u.match_case.body = list(1, mk(N_PASS, 2, 61, 2, 65));
    Node *match = mk(N_MATCH, 1, 0, 2, 65);
    match->u.match.subject = name("p", CTX_LOAD, 1, 6, 7);
    match->u.match.cases = list(1, mc);
    Node *m = module(list(1, match));
    check(m, false,
          "Module(body=[Match(subject=Name(id='p', ctx=Load()), cases=[match_case(pattern=MatchAs("
          "pattern=MatchOr(patterns=[MatchSingleton(value=None), MatchSequence(patterns=[MatchStar(), "
          "MatchValue(value=Constant(value=1))]), MatchMapping(keys=[Constant(value=1)], patterns=[MatchAs()], "
          "rest='r'), MatchClass(cls=Name(id='C', ctx=Load()), patterns=[MatchAs(name='a')], kwd_attrs=['k'], "
          "kwd_patterns=[MatchAs(name='b')])]), name='z'), guard=Name(id='q', ctx=Load()), body=[Pass()])])], "
          "type_ignores=[])");
    check(m, true,
          "Module(body=[Match(subject=Name(id='p', ctx=Load(), lineno=1, col_offset=6, end_lineno=1, "
          "end_col_offset=7), cases=[match_case(pattern=MatchAs(pattern=MatchOr(patterns=[MatchSingleton("
          "value=None, lineno=2, col_offset=9, end_lineno=2, end_col_offset=13), MatchSequence(patterns=["
          "MatchStar(lineno=2, col_offset=17, end_lineno=2, end_col_offset=19), MatchValue(value=Constant("
          "value=1, lineno=2, col_offset=21, end_lineno=2, end_col_offset=22), lineno=2, col_offset=21, "
          "end_lineno=2, end_col_offset=22)], lineno=2, col_offset=16, end_lineno=2, end_col_offset=23), "
          "MatchMapping(keys=[Constant(value=1, lineno=2, col_offset=27, end_lineno=2, end_col_offset=28)], "
          "patterns=[MatchAs(lineno=2, col_offset=30, end_lineno=2, end_col_offset=31)], rest='r', lineno=2, "
          "col_offset=26, end_lineno=2, end_col_offset=37), MatchClass(cls=Name(id='C', ctx=Load(), lineno=2, "
          "col_offset=40, end_lineno=2, end_col_offset=41), patterns=[MatchAs(name='a', lineno=2, "
          "col_offset=42, end_lineno=2, end_col_offset=43)], kwd_attrs=['k'], kwd_patterns=[MatchAs("
          "name='b', lineno=2, col_offset=47, end_lineno=2, end_col_offset=48)], lineno=2, col_offset=40, "
          "end_lineno=2, end_col_offset=49)], lineno=2, col_offset=9, end_lineno=2, end_col_offset=49), "
          "name='z', lineno=2, col_offset=9, end_lineno=2, end_col_offset=54), guard=Name(id='q', ctx=Load(), "
          "lineno=2, col_offset=58, end_lineno=2, end_col_offset=59), body=[Pass(lineno=2, col_offset=61, "
          "end_lineno=2, end_col_offset=65)])], lineno=1, col_offset=0, end_lineno=2, end_col_offset=65)], "
          "type_ignores=[])");
}

/* f'{x!r:>{w}}' */
static void test_fstring(void **state) {
    (void)state;
    Node *inner = mk(N_FORMATTED_VALUE, 1, 0, 1, 13);
    inner->u.fvalue.value = name("w", CTX_LOAD, 1, 9, 10);
    inner->u.fvalue.conversion = -1;
    Node *spec = mk(N_JOINED_STR, 1, 0, 1, 13);
    spec->u.joined.values = list(2, str_const(">", 1, 0, 13), inner);
    Node *fv = mk(N_FORMATTED_VALUE, 1, 0, 1, 13);
    fv->u.fvalue.value = name("x", CTX_LOAD, 1, 3, 4);
    fv->u.fvalue.conversion = 'r';
    fv->u.fvalue.format_spec = spec;
    Node *js = mk(N_JOINED_STR, 1, 0, 1, 13);
    js->u.joined.values = list(1, fv);
    check(module(list(1, expr_stmt(js))), false,
          "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), "
          "conversion=114, format_spec=JoinedStr(values=[Constant(value='>'), FormattedValue(value=Name(id='w', "
          "ctx=Load()), conversion=-1)]))]))], type_ignores=[])");
}

/* with a as (b, c), d: del e[1:2:3], f.g */
static void test_with_delete_slice(void **state) {
    (void)state;
    Node *tup = mk(N_TUPLE, 1, 10, 1, 16);
    tup->u.seq.elts = list(2, name("b", CTX_STORE, 1, 11, 12), name("c", CTX_STORE, 1, 14, 15));
    tup->u.seq.ctx = CTX_STORE;
    Node *w1 = mk(N_WITHITEM, 0, 0, 0, 0);
    w1->u.withitem.context_expr = name("a", CTX_LOAD, 1, 5, 6);
    w1->u.withitem.optional_vars = tup;
    Node *w2 = mk(N_WITHITEM, 0, 0, 0, 0);
    w2->u.withitem.context_expr = name("d", CTX_LOAD, 1, 18, 19);
    Node *sl = mk(N_SLICE, 1, 27, 1, 32);
    sl->u.slice.lower = int_const(1, 1, 27, 28);
    sl->u.slice.upper = int_const(2, 1, 29, 30);
    sl->u.slice.step = int_const(3, 1, 31, 32);
    Node *sub = mk(N_SUBSCRIPT, 1, 25, 1, 33);
    sub->u.subscript.value = name("e", CTX_LOAD, 1, 25, 26);
    sub->u.subscript.slice = sl;
    sub->u.subscript.ctx = CTX_DEL;
    Node *at = mk(N_ATTRIBUTE, 1, 35, 1, 38);
    at->u.attribute.value = name("f", CTX_LOAD, 1, 35, 36);
    at->u.attribute.attr = "g";
    at->u.attribute.ctx = CTX_DEL;
    Node *del = mk(N_DELETE, 1, 21, 1, 38);
    del->u.del.targets = list(2, sub, at);
    Node *with = mk(N_WITH, 1, 0, 1, 38);
    with->u.with.items = list(2, w1, w2);
    with->u.with.body = list(1, del);
    Node *m = module(list(1, with));
    check(m, false,
          "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Tuple("
          "elts=[Name(id='b', ctx=Store()), Name(id='c', ctx=Store())], ctx=Store())), withitem(context_expr="
          "Name(id='d', ctx=Load()))], body=[Delete(targets=[Subscript(value=Name(id='e', ctx=Load()), "
          "slice=Slice(lower=Constant(value=1), upper=Constant(value=2), step=Constant(value=3)), ctx=Del()), "
          "Attribute(value=Name(id='f', ctx=Load()), attr='g', ctx=Del())])])], type_ignores=[])");
    check(m, true,
          "Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load(), lineno=1, col_offset=5, "
          "end_lineno=1, end_col_offset=6), optional_vars=Tuple(elts=[Name(id='b', ctx=Store(), lineno=1, "
          "col_offset=11, end_lineno=1, end_col_offset=12), Name(id='c', ctx=Store(), lineno=1, col_offset=14, "
          "end_lineno=1, end_col_offset=15)], ctx=Store(), lineno=1, col_offset=10, end_lineno=1, "
          "end_col_offset=16)), withitem(context_expr=Name(id='d', ctx=Load(), lineno=1, col_offset=18, "
          "end_lineno=1, end_col_offset=19))], body=[Delete(targets=[Subscript(value=Name(id='e', ctx=Load(), "
          "lineno=1, col_offset=25, end_lineno=1, end_col_offset=26), slice=Slice(lower=Constant(value=1, "
          "lineno=1, col_offset=27, end_lineno=1, end_col_offset=28), upper=Constant(value=2, lineno=1, "
          "col_offset=29, end_lineno=1, end_col_offset=30), step=Constant(value=3, lineno=1, col_offset=31, "
          "end_lineno=1, end_col_offset=32), lineno=1, col_offset=27, end_lineno=1, end_col_offset=32), "
          "ctx=Del(), lineno=1, col_offset=25, end_lineno=1, end_col_offset=33), Attribute(value=Name(id='f', "
          "ctx=Load(), lineno=1, col_offset=35, end_lineno=1, end_col_offset=36), attr='g', ctx=Del(), "
          "lineno=1, col_offset=35, end_lineno=1, end_col_offset=38)], lineno=1, col_offset=21, end_lineno=1, "
          "end_col_offset=38)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=38)], type_ignores=[])");
}

/* try:\n  pass\nexcept* E as e:\n  pass ; lambda: (yield) ; u'x' */
static void test_trystar_lambda_kind(void **state) {
    (void)state;
    Node *h = mk(N_EXCEPT_HANDLER, 3, 0, 4, 6);
    h->u.handler.type = name("E", CTX_LOAD, 3, 8, 9);
    h->u.handler.name = "e";
    h->u.handler.body = list(1, mk(N_PASS, 4, 2, 4, 6));
    Node *t = mk(N_TRY_STAR, 1, 0, 4, 6);
    t->u.try_.body = list(1, mk(N_PASS, 2, 2, 2, 6));
    t->u.try_.handlers = list(1, h);
    check(module(list(1, t)), true,
          "Module(body=[TryStar(body=[Pass(lineno=2, col_offset=2, end_lineno=2, end_col_offset=6)], "
          "handlers=[ExceptHandler(type=Name(id='E', ctx=Load(), lineno=3, col_offset=8, end_lineno=3, "
          "end_col_offset=9), name='e', body=[Pass(lineno=4, col_offset=2, end_lineno=4, end_col_offset=6)], "
          "lineno=3, col_offset=0, end_lineno=4, end_col_offset=6)], orelse=[], finalbody=[], lineno=1, "
          "col_offset=0, end_lineno=4, end_col_offset=6)], type_ignores=[])");

    Node *lam = mk(N_LAMBDA, 1, 0, 1, 15);
    lam->u.lambda.args = empty_arguments();
    lam->u.lambda.body = mk(N_YIELD, 1, 9, 1, 14);
    Node *m = module(list(1, expr_stmt(lam)));
    check(m, false,
          "Module(body=[Expr(value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[], "
          "kw_defaults=[], defaults=[]), body=Yield()))], type_ignores=[])");
    check(m, true,
          "Module(body=[Expr(value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[], "
          "kw_defaults=[], defaults=[]), body=Yield(lineno=1, col_offset=9, end_lineno=1, end_col_offset=14), "
          "lineno=1, col_offset=0, end_lineno=1, end_col_offset=15), lineno=1, col_offset=0, end_lineno=1, "
          "end_col_offset=15)], type_ignores=[])");

    Node *u = str_const("x", 1, 0, 4);
    u->u.constant.kind = "u";
    check(module(list(1, expr_stmt(u))), true,
          "Module(body=[Expr(value=Constant(value='x', kind='u', lineno=1, col_offset=0, end_lineno=1, "
          "end_col_offset=4), lineno=1, col_offset=0, end_lineno=1, end_col_offset=4)], type_ignores=[])");
}

/* A tree far deeper than any recursion could afford: -(-(-...(x)...)). */
static void test_deep_tree(void **state) {
    (void)state;
    enum { DEPTH = 200000 };
    Node *e = name("x", CTX_LOAD, 1, DEPTH, DEPTH + 1);
    for (int i = DEPTH - 1; i >= 0; i--) {
        Node *u = mk(N_UNARY_OP, 1, i, 1, DEPTH + 1);
        u->u.unary.op = UOP_USUB;
        u->u.unary.operand = e;
        e = u;
    }
    StrBuf b = {0};
    ast_dump(&b, module(list(1, expr_stmt(e))), false);
    const char *prefix = "Module(body=[Expr(value=UnaryOp(op=USub(), operand=UnaryOp(op=USub(), operand=";
    assert_int_equal(strncmp(sb_str(&b), prefix, strlen(prefix)), 0);
    size_t want = strlen("Module(body=[Expr(value=") + (size_t)DEPTH * strlen("UnaryOp(op=USub(), operand=)") +
                  strlen("Name(id='x', ctx=Load())") + strlen(")], type_ignores=[])");
    assert_int_equal(b.len, want);
    sb_free(&b);
}

static void test_kind_names(void **state) {
    (void)state;
    for (int k = 0; k < N_KIND_COUNT; k++) assert_string_not_equal(ast_kind_name((NodeKind)k), "?");
    assert_string_equal(ast_kind_name(N_GENERATOR_EXP), "GeneratorExp");
    assert_string_equal(ast_kind_name(N_ARGUMENTS), "arguments");
    assert_string_equal(ast_kind_name(N_KIND_COUNT), "?");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assign_binop),      cmocka_unit_test(test_function_arguments),
        cmocka_unit_test(test_dict_none_key),     cmocka_unit_test(test_optional_fields),
        cmocka_unit_test(test_compare),           cmocka_unit_test(test_match_patterns),
        cmocka_unit_test(test_fstring),           cmocka_unit_test(test_with_delete_slice),
        cmocka_unit_test(test_trystar_lambda_kind), cmocka_unit_test(test_deep_tree),
        cmocka_unit_test(test_kind_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
