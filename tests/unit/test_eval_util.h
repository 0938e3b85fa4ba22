/* test_eval_util.h - helpers for the evaluator's unit tests: run Python
 * text through the interpreter over the concrete domain, or over a small
 * fake symbolic domain that evaluates its terms under a fixed assignment of
 * the inputs (one path) and logs every decide/assume/require/fresh. */
#ifndef TEST_EVAL_UTIL_H
#define TEST_EVAL_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/concrete.h"
#include "eval/eval.h"

#define TE_UNUSED __attribute__((unused))

/* ---- the fake symbolic domain ----------------------------------------------- */

enum { F_CONST, F_VAR, F_BIN, F_NEG, F_CMP, F_NOT, F_AND, F_OR, F_ITE };

struct SymTerm {
    int op;
    bool is_bool;
    int64_t c;
    const char *name;
    int sub;              /* BinOpKind or CmpOpKind */
    SymTerm *a, *b, *x;
};

typedef struct FakeDom {
    Arena arena;
    const char *names[64];
    int64_t vals[64];
    int nvals;
    StrBuf log;
    int ndecide, nassume, nrequire, nfresh, nviolated;
} FakeDom;

TE_UNUSED static SymTerm *ft_new(FakeDom *d, int op) {
    SymTerm *t = arena_alloc(&d->arena, sizeof *t);
    t->op = op;
    return t;
}

TE_UNUSED static int64_t fd_value_of(FakeDom *d, const char *name) {
    for (int i = 0; i < d->nvals; i++)
        if (strcmp(d->names[i], name) == 0) return d->vals[i];
    return 0;
}

TE_UNUSED static void fd_set(FakeDom *d, const char *name, int64_t v) {
    for (int i = 0; i < d->nvals; i++)
        if (strcmp(d->names[i], name) == 0) {
            d->vals[i] = v;
            return;
        }
    d->names[d->nvals] = name;
    d->vals[d->nvals++] = v;
}

TE_UNUSED static int64_t fd_floordiv(int64_t a, int64_t b) {
    if (b == 0) return 0;
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}

TE_UNUSED static int64_t fd_eval(FakeDom *d, const SymTerm *t) {
    int64_t a, b;
    switch (t->op) {
    case F_CONST: return t->c;
    case F_VAR: return fd_value_of(d, t->name);
    case F_NEG: return -fd_eval(d, t->a);
    case F_NOT: return !fd_eval(d, t->a);
    case F_AND: return fd_eval(d, t->a) && fd_eval(d, t->b);
    case F_OR: return fd_eval(d, t->a) || fd_eval(d, t->b);
    case F_ITE: return fd_eval(d, t->x) ? fd_eval(d, t->a) : fd_eval(d, t->b);
    case F_BIN:
        a = fd_eval(d, t->a);
        b = fd_eval(d, t->b);
        switch ((BinOpKind)t->sub) {
        case OP_ADD: return a + b;
        case OP_SUB: return a - b;
        case OP_MULT: return a * b;
        case OP_FLOORDIV: return fd_floordiv(a, b);
        case OP_MOD: return b ? a - b * fd_floordiv(a, b) : 0;
        case OP_LSHIFT: return a << b;
        case OP_RSHIFT: return a >> b;
        case OP_BITAND: return a & b;
        case OP_BITOR: return a | b;
        case OP_BITXOR: return a ^ b;
        case OP_POW: {
            int64_t r = 1;
            for (int64_t i = 0; i < b; i++) r *= a;
            return r;
        }
        case OP_MATMULT:
        case OP_DIV: return 0;
        }
        return 0;
    case F_CMP:
        a = fd_eval(d, t->a);
        b = fd_eval(d, t->b);
        switch ((CmpOpKind)t->sub) {
        case CMP_EQ: return a == b;
        case CMP_NOTEQ: return a != b;
        case CMP_LT: return a < b;
        case CMP_LTE: return a <= b;
        case CMP_GT: return a > b;
        case CMP_GTE: return a >= b;
        case CMP_IS:
        case CMP_ISNOT:
        case CMP_IN:
        case CMP_NOTIN: return 0;
        }
        return 0;
    default: return 0;
    }
}

TE_UNUSED static void fd_str(void *dv, StrBuf *out, SymTerm *t) {
    static const char *const bops[] = {"+", "-", "*", "@", "/", "%", "**", "<<", ">>", "|", "^", "&", "//"};
    static const char *const cops[] = {"==", "!=", "<", "<=", ">", ">="};
    switch (t->op) {
    case F_CONST:
        if (t->is_bool)
            sb_puts(out, t->c ? "True" : "False");
        else
            sb_printf(out, "%lld", (long long)t->c);
        return;
    case F_VAR: sb_puts(out, t->name); return;
    case F_NEG: sb_puts(out, "-"); fd_str(dv, out, t->a); return;
    case F_NOT: sb_puts(out, "not "); fd_str(dv, out, t->a); return;
    case F_AND:
    case F_OR:
        sb_putc(out, '(');
        fd_str(dv, out, t->a);
        sb_puts(out, t->op == F_AND ? " and " : " or ");
        fd_str(dv, out, t->b);
        sb_putc(out, ')');
        return;
    case F_ITE:
        sb_putc(out, '(');
        fd_str(dv, out, t->a);
        sb_puts(out, " if ");
        fd_str(dv, out, t->x);
        sb_puts(out, " else ");
        fd_str(dv, out, t->b);
        sb_putc(out, ')');
        return;
    case F_BIN:
        sb_putc(out, '(');
        fd_str(dv, out, t->a);
        sb_printf(out, " %s ", bops[t->sub]);
        fd_str(dv, out, t->b);
        sb_putc(out, ')');
        return;
    case F_CMP:
        fd_str(dv, out, t->a);
        sb_printf(out, " %s ", cops[t->sub]);
        fd_str(dv, out, t->b);
        return;
    default: return;
    }
}

TE_UNUSED static SymTerm *fd_int_lit(void *dv, int64_t c) {
    SymTerm *t = ft_new(dv, F_CONST);
    t->c = c;
    return t;
}

TE_UNUSED static SymTerm *fd_bool_lit(void *dv, bool b) {
    SymTerm *t = ft_new(dv, F_CONST);
    t->c = b;
    t->is_bool = true;
    return t;
}

TE_UNUSED static SymTerm *fd_int_binop(void *dv, BinOpKind op, SymTerm *a, SymTerm *b) {
    if (op == OP_DIV || op == OP_MATMULT) return NULL;
    SymTerm *t = ft_new(dv, F_BIN);
    t->sub = op;
    t->a = a;
    t->b = b;
    return t;
}

TE_UNUSED static SymTerm *fd_int_neg(void *dv, SymTerm *a) {
    SymTerm *t = ft_new(dv, F_NEG);
    t->a = a;
    return t;
}

TE_UNUSED static SymTerm *fd_int_cmp(void *dv, CmpOpKind op, SymTerm *a, SymTerm *b) {
    SymTerm *t = ft_new(dv, F_CMP);
    t->sub = op;
    t->a = a;
    t->b = b;
    t->is_bool = true;
    return t;
}

TE_UNUSED static SymTerm *fd_bool_not(void *dv, SymTerm *a) {
    SymTerm *t = ft_new(dv, F_NOT);
    t->a = a;
    t->is_bool = true;
    return t;
}

TE_UNUSED static SymTerm *fd_bool_and(void *dv, SymTerm *a, SymTerm *b) {
    SymTerm *t = ft_new(dv, F_AND);
    t->a = a;
    t->b = b;
    t->is_bool = true;
    return t;
}

TE_UNUSED static SymTerm *fd_bool_or(void *dv, SymTerm *a, SymTerm *b) {
    SymTerm *t = ft_new(dv, F_OR);
    t->a = a;
    t->b = b;
    t->is_bool = true;
    return t;
}

TE_UNUSED static SymTerm *fd_ite(void *dv, SymTerm *c, SymTerm *a, SymTerm *b) {
    SymTerm *t = ft_new(dv, F_ITE);
    t->x = c;
    t->a = a;
    t->b = b;
    t->is_bool = a->is_bool;
    return t;
}

TE_UNUSED static SymTerm *fd_fresh(void *dv, const char *name, bool is_bool) {
    FakeDom *d = dv;
    SymTerm *t = ft_new(d, F_VAR);
    t->name = arena_strndup(&d->arena, name, strlen(name));
    t->is_bool = is_bool;
    d->nfresh++;
    sb_printf(&d->log, "fresh %s; ", name);
    return t;
}

TE_UNUSED static bool fd_mentions(void *dv, SymTerm *t, SymTerm *var) {
    if (!t) return false;
    if (t == var) return true;
    return fd_mentions(dv, t->a, var) || fd_mentions(dv, t->b, var) || fd_mentions(dv, t->x, var);
}

TE_UNUSED static Tri fd_decide(void *dv, const Value *cond, Loc loc) {
    FakeDom *d = dv;
    (void)loc;
    d->ndecide++;
    int64_t v = fd_eval(d, cond->u.i.sym);
    sb_puts(&d->log, "decide ");
    fd_str(d, &d->log, cond->u.i.sym);
    sb_printf(&d->log, " -> %s; ", v ? "T" : "F");
    return v ? TRI_TRUE : TRI_FALSE;
}

TE_UNUSED static void fd_assume(void *dv, const Value *cond, Loc loc) {
    FakeDom *d = dv;
    (void)loc;
    d->nassume++;
    sb_puts(&d->log, "assume ");
    fd_str(d, &d->log, cond->u.i.sym);
    sb_puts(&d->log, "; ");
}

TE_UNUSED static Tri fd_require(void *dv, const Value *cond, const Obligation *ob) {
    FakeDom *d = dv;
    d->nrequire++;
    bool v = cond->u.i.sym ? fd_eval(d, cond->u.i.sym) != 0 : cond->u.i.c != 0;
    sb_printf(&d->log, "require [%s] %s (line %d): ", ob->rule, ob->message, ob->loc.line);
    if (cond->u.i.sym)
        fd_str(d, &d->log, cond->u.i.sym);
    else
        sb_puts(&d->log, cond->u.i.c ? "True" : "False");
    sb_printf(&d->log, " -> %s", v ? "ok" : "VIOLATED");
    if (ob->contract) sb_printf(&d->log, " {%s @%d}", ob->contract, ob->contract_loc.line);
    sb_puts(&d->log, "; ");
    if (!v) d->nviolated++;
    return v ? TRI_TRUE : TRI_FALSE;
}

TE_UNUSED static const DomainOps fake_ops = {
    .name = "fake",
    .int_lit = fd_int_lit,
    .bool_lit = fd_bool_lit,
    .int_binop = fd_int_binop,
    .int_neg = fd_int_neg,
    .int_cmp = fd_int_cmp,
    .bool_not = fd_bool_not,
    .bool_and = fd_bool_and,
    .bool_or = fd_bool_or,
    .ite = fd_ite,
    .fresh = fd_fresh,
    .term_str = fd_str,
    .mentions = fd_mentions,
    .decide = fd_decide,
    .assume = fd_assume,
    .require = fd_require,
};

/* ---- running Python ----------------------------------------------------------- */

typedef struct TEval {
    Interner names;
    SourceCache cache;
    DiagSink diags;
    Arena arena;
    ConcreteDomain cd;
    FakeDom fd;
    Interp I;
    Value *mod;
    bool symbolic;
} TEval;

TE_UNUSED static void te_start(TEval *t, bool symbolic) {
    memset(t, 0, sizeof *t);
    interner_init(&t->names);
    source_cache_init(&t->cache, &t->names);
    diag_init(&t->diags);
    arena_init(&t->arena);
    arena_init(&t->fd.arena);
    concrete_domain_init(&t->cd, &t->diags);
    t->symbolic = symbolic;
    if (symbolic)
        interp_init(&t->I, &t->arena, &t->cache, &t->diags, &fake_ops, &t->fd);
    else
        interp_init(&t->I, &t->arena, &t->cache, &t->diags, &concrete_domain_ops, &t->cd);
}

TE_UNUSED static void te_end(TEval *t) {
    interp_free(&t->I);
    arena_free(&t->arena);
    arena_free(&t->fd.arena);
    sb_free(&t->fd.log);
    diag_free(&t->diags);
    source_cache_free(&t->cache);
    interner_free(&t->names);
}

/* Runs `src` as module `name` (path "<test>/<name>.py"); is_model marks it
 * as a model file. */
TE_UNUSED static Value *te_module(TEval *t, const char *name, const char *src, bool is_model) {
    char path[256];
    snprintf(path, sizeof path, "<test>/%s.py", name);
    source_cache_add_text(&t->cache, path, src);
    return interp_run_file(&t->I, path, name, is_model);
}

TE_UNUSED static Value *te_run(TEval *t, const char *src) {
    t->mod = te_module(t, "m", src, false);
    return t->mod;
}

TE_UNUSED static Value *te_get(TEval *t, const char *name) {
    if (!t->mod) return NULL;
    return dict_get_str(&t->mod->u.module.globals, intern_cstr(&t->names, name));
}

/* repr() of a global of the module, in a static buffer. */
TE_UNUSED static const char *te_repr(TEval *t, const char *name) {
    static char buf[4096];
    Value *v = te_get(t, name);
    if (!v) return "<unbound>";
    StrBuf b = {0};
    value_repr(&t->I, &b, v);
    snprintf(buf, sizeof buf, "%s", sb_str(&b));
    sb_free(&b);
    return buf;
}

#define EXPECT_REPR(t, name, want) assert_string_equal(te_repr((t), (name)), (want))

/* All diagnostics, printed without colour. */
TE_UNUSED static const char *te_diags(TEval *t) {
    static char buf[8192];
    StrBuf b = {0};
    diag_print_all(&t->diags, &b, false);
    snprintf(buf, sizeof buf, "%s", sb_str(&b));
    sb_free(&b);
    return buf;
}

/* A fresh symbolic int input named `name` with value `v` on this path. */
TE_UNUSED static Value *te_sym(TEval *t, const char *name, int64_t v) {
    const char *n = arena_strndup(&t->fd.arena, name, strlen(name));
    fd_set(&t->fd, n, v);
    SymTerm *term = ft_new(&t->fd, F_VAR);
    term->name = n;
    return v_sym_int(&t->I, term);
}

/* Calls a function of the module with positional arguments. */
TE_UNUSED static Value *te_call(TEval *t, const char *fname, int n, ...) {
    Value *fn = te_get(t, fname);
    assert_non_null(fn);
    Value *args[8];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) args[i] = va_arg(ap, Value *);
    va_end(ap);
    Loc none = {0};
    return interp_calln(&t->I, fn, n, args, none);
}

TE_UNUSED static bool contains(const char *hay, const char *needle) { return strstr(hay, needle) != NULL; }

#define EXPECT_CONTAINS(hay, needle)                                                  \
    do {                                                                              \
        const char *h_ = (hay);                                                       \
        if (!contains(h_, (needle))) {                                                \
            print_error("expected to find \"%s\" in:\n%s\n", (needle), h_);           \
            fail();                                                                   \
        }                                                                             \
    } while (0)

#endif
