/* symbolic.c - terms of the symbolic domain and its DomainOps table.
 *
 * A SymTerm is built bottom-up with light simplification (constant folding,
 * neutral elements, double negation) so that conditions which turn out to
 * be concrete never reach the solver, and so that messages read like the
 * kernel ("m*128 + 128").  Each node carries its Z3 term (z3smt.h), built
 * at once; Python's floor division and modulo are encoded exactly there.
 *
 * Decisions live in explore.c; this file records the results (violations
 * with counterexamples, unknowns), deduplicated for the whole kernel.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "symbolic.h"

/* ---- term construction ---------------------------------------------------- */

static SymTerm *new_term(SymDomain *d, SymOp op, bool is_bool) {
    SymTerm *t = arena_alloc(&d->arena, sizeof *t);
    t->op = op;
    t->is_bool = is_bool;
    return t;
}

static SymTerm *mk_const(SymDomain *d, int64_t c, bool is_bool) {
    SymTerm *t = new_term(d, SYM_CONST, is_bool);
    t->c = is_bool ? (c != 0) : c;
    t->z = is_bool ? smt_bool(d->smt, c != 0) : smt_int(d->smt, c);
    return t->z ? t : NULL;
}

static bool is_const(const SymTerm *t, int64_t c) { return t->op == SYM_CONST && t->c == c; }

/* Python's floor division and modulo on machine integers (b != 0); false on
 * overflow. */
static bool py_floordiv(int64_t a, int64_t b, int64_t *q) {
    if (b == 0 || (a == INT64_MIN && b == -1)) return false;
    int64_t r = a % b;
    *q = a / b - ((r != 0) && ((r < 0) != (b < 0)));
    return true;
}

static bool py_mod(int64_t a, int64_t b, int64_t *m) {
    if (b == 0) return false;
    if (b == -1) {
        *m = 0;
        return true;
    }
    int64_t r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) r += b;
    *m = r;
    return true;
}

static SmtAst *smt_of_binop(Smt *s, SymOp op, SmtAst *a, SmtAst *b) {
    switch (op) {
    case SYM_ADD: return smt_add(s, a, b);
    case SYM_SUB: return smt_sub(s, a, b);
    case SYM_MUL: return smt_mul(s, a, b);
    case SYM_FLOORDIV: return smt_floordiv(s, a, b);
    case SYM_MOD: return smt_pymod(s, a, b);
    case SYM_EQ: return smt_cmp(s, SMT_EQ, a, b);
    case SYM_NE: return smt_cmp(s, SMT_NE, a, b);
    case SYM_LT: return smt_cmp(s, SMT_LT, a, b);
    case SYM_LE: return smt_cmp(s, SMT_LE, a, b);
    case SYM_GT: return smt_cmp(s, SMT_GT, a, b);
    case SYM_GE: return smt_cmp(s, SMT_GE, a, b);
    case SYM_AND: return smt_and(s, a, b);
    case SYM_OR: return smt_or(s, a, b);
    case SYM_CONST: case SYM_VAR: case SYM_NEG: case SYM_NOT: case SYM_ITE: break;
    }
    return NULL;
}

static SymTerm *mk_binop(SymDomain *d, SymOp op, SymTerm *a, SymTerm *b, bool is_bool) {
    if (!a || !b) return NULL;
    SymTerm *t = new_term(d, op, is_bool);
    t->a = a;
    t->b = b;
    t->z = smt_of_binop(d->smt, op, a->z, b->z);
    return t->z ? t : NULL;
}

/* ---- linear normal form ------------------------------------------------------
 * Sums and products by constants are kept as c1*x1 + ... + cn*xn + c0, with
 * the atoms x (variables, and any non-linear subterm, equal when their Z3
 * terms are: Z3 shares equal terms) in order of first appearance.  So
 * (m + 1)*256 - m*256 is 256, and messages and the solver see the same
 * short term for equal quantities. */

enum { LIN_MAX = 16 };

typedef struct Linear {
    SymTerm *atom[LIN_MAX];
    int64_t coef[LIN_MAX];
    int n;
    int64_t c0;
} Linear;

static SymTerm *mk_neg(SymDomain *d, SymTerm *a);

/* Adds k*t to `l`; false when it does not fit (overflow, too many atoms). */
static bool lin_add(Linear *l, const SymTerm *t, int64_t k) {
    switch (t->op) {
    case SYM_CONST: {
        int64_t v;
        return !__builtin_mul_overflow(t->c, k, &v) && !__builtin_add_overflow(l->c0, v, &l->c0);
    }
    case SYM_ADD: return lin_add(l, t->a, k) && lin_add(l, t->b, k);
    case SYM_SUB: {
        int64_t nk;
        return !__builtin_sub_overflow((int64_t)0, k, &nk) && lin_add(l, t->a, k) && lin_add(l, t->b, nk);
    }
    case SYM_NEG: {
        int64_t nk;
        return !__builtin_sub_overflow((int64_t)0, k, &nk) && lin_add(l, t->a, nk);
    }
    case SYM_MUL: {
        int64_t nk;
        if (t->b->op == SYM_CONST) return !__builtin_mul_overflow(k, t->b->c, &nk) && lin_add(l, t->a, nk);
        if (t->a->op == SYM_CONST) return !__builtin_mul_overflow(k, t->a->c, &nk) && lin_add(l, t->b, nk);
        break;
    }
    case SYM_VAR: case SYM_FLOORDIV: case SYM_MOD: case SYM_EQ: case SYM_NE: case SYM_LT: case SYM_LE:
    case SYM_GT: case SYM_GE: case SYM_NOT: case SYM_AND: case SYM_OR: case SYM_ITE:
        break;
    }
    for (int i = 0; i < l->n; i++)
        if (l->atom[i]->z == t->z) return !__builtin_add_overflow(l->coef[i], k, &l->coef[i]);
    if (l->n == LIN_MAX) return false;
    l->atom[l->n] = (SymTerm *)t;
    l->coef[l->n++] = k;
    return true;
}

/* k*x, printed x*k (x alone for 1). */
static SymTerm *lin_term(SymDomain *d, SymTerm *x, int64_t k) {
    if (k == 1) return x;
    return mk_binop(d, SYM_MUL, x, mk_const(d, k, false), false);
}

/* The term of `l`: positive terms added, negative ones subtracted. */
static SymTerm *lin_build(SymDomain *d, const Linear *l) {
    SymTerm *acc = NULL;
    for (int i = 0; i < l->n; i++) {
        int64_t k = l->coef[i];
        if (k == 0) continue;
        if (!acc) {
            acc = k == -1 ? mk_neg(d, l->atom[i]) : lin_term(d, l->atom[i], k);
        } else if (k > 0 || k == INT64_MIN) {
            acc = mk_binop(d, SYM_ADD, acc, lin_term(d, l->atom[i], k), false);
        } else {
            acc = mk_binop(d, SYM_SUB, acc, lin_term(d, l->atom[i], -k), false);
        }
        if (!acc) return NULL;
    }
    if (!acc) return mk_const(d, l->c0, false);
    if (l->c0 > 0 || l->c0 == INT64_MIN) return mk_binop(d, SYM_ADD, acc, mk_const(d, l->c0, false), false);
    if (l->c0 < 0) return mk_binop(d, SYM_SUB, acc, mk_const(d, -l->c0, false), false);
    return acc;
}

static SymTerm *mk_arith(SymDomain *d, SymOp op, SymTerm *a, SymTerm *b) {
    if (!a || !b) return NULL;
    if ((op == SYM_ADD || op == SYM_SUB || (op == SYM_MUL && (a->op == SYM_CONST || b->op == SYM_CONST))) &&
        !(a->op == SYM_CONST && b->op == SYM_CONST)) {
        Linear l = {{0}, {0}, 0, 0};
        int64_t kb = op == SYM_SUB ? -1 : 1;
        bool ok;
        if (op == SYM_MUL) {
            ok = a->op == SYM_CONST ? lin_add(&l, b, a->c) : lin_add(&l, a, b->c);
        } else {
            ok = lin_add(&l, a, 1) && lin_add(&l, b, kb);
        }
        if (ok) return lin_build(d, &l);
    }
    if (a->op == SYM_CONST && b->op == SYM_CONST) {
        int64_t r;
        bool ok = false;
        switch (op) {
        case SYM_ADD: ok = !__builtin_add_overflow(a->c, b->c, &r); break;
        case SYM_SUB: ok = !__builtin_sub_overflow(a->c, b->c, &r); break;
        case SYM_MUL: ok = !__builtin_mul_overflow(a->c, b->c, &r); break;
        case SYM_FLOORDIV: ok = py_floordiv(a->c, b->c, &r); break;
        case SYM_MOD: ok = py_mod(a->c, b->c, &r); break;
        case SYM_CONST: case SYM_VAR: case SYM_NEG: case SYM_EQ: case SYM_NE:
        case SYM_LT: case SYM_LE: case SYM_GT: case SYM_GE: case SYM_NOT:
        case SYM_AND: case SYM_OR: case SYM_ITE: break;
        }
        if (ok) return mk_const(d, r, false);
    }
    switch (op) {
    case SYM_ADD:
        if (is_const(b, 0)) return a;
        if (is_const(a, 0)) return b;
        break;
    case SYM_SUB:
        if (is_const(b, 0)) return a;
        if (a == b) return mk_const(d, 0, false);
        break;
    case SYM_MUL:
        if (is_const(a, 0) || is_const(b, 0)) return mk_const(d, 0, false);
        if (is_const(b, 1)) return a;
        if (is_const(a, 1)) return b;
        break;
    case SYM_FLOORDIV:
        if (is_const(b, 1)) return a;
        break;
    case SYM_MOD:
        if (is_const(b, 1) || is_const(b, -1)) return mk_const(d, 0, false);
        break;
    case SYM_CONST: case SYM_VAR: case SYM_NEG: case SYM_EQ: case SYM_NE: case SYM_LT:
    case SYM_LE: case SYM_GT: case SYM_GE: case SYM_NOT: case SYM_AND: case SYM_OR:
    case SYM_ITE: break;
    }
    return mk_binop(d, op, a, b, false);
}

static SymTerm *mk_neg(SymDomain *d, SymTerm *a) {
    if (!a) return NULL;
    if (a->op == SYM_CONST && a->c != INT64_MIN) return mk_const(d, -a->c, false);
    if (a->op == SYM_NEG) return a->a;
    SymTerm *t = new_term(d, SYM_NEG, false);
    t->a = a;
    t->z = smt_neg(d->smt, a->z);
    return t->z ? t : NULL;
}

static SymTerm *mk_not(SymDomain *d, SymTerm *a);

static SymTerm *mk_cmp(SymDomain *d, SymOp op, SymTerm *a, SymTerm *b) {
    if (!a || !b) return NULL;
    if (a->op == SYM_CONST && b->op == SYM_CONST) {
        int64_t x = a->c, y = b->c;
        bool r = false;
        switch (op) {
        case SYM_EQ: r = x == y; break;
        case SYM_NE: r = x != y; break;
        case SYM_LT: r = x < y; break;
        case SYM_LE: r = x <= y; break;
        case SYM_GT: r = x > y; break;
        case SYM_GE: r = x >= y; break;
        case SYM_CONST: case SYM_VAR: case SYM_ADD: case SYM_SUB: case SYM_MUL:
        case SYM_FLOORDIV: case SYM_MOD: case SYM_NEG: case SYM_NOT: case SYM_AND:
        case SYM_OR: case SYM_ITE: break;
        }
        return mk_const(d, r, true);
    }
    if (a == b) return mk_const(d, op == SYM_EQ || op == SYM_LE || op == SYM_GE, true);
    return mk_binop(d, op, a, b, true);
}

static SymOp negate_cmp(SymOp op) {
    switch (op) {
    case SYM_EQ: return SYM_NE;
    case SYM_NE: return SYM_EQ;
    case SYM_LT: return SYM_GE;
    case SYM_LE: return SYM_GT;
    case SYM_GT: return SYM_LE;
    case SYM_GE: return SYM_LT;
    case SYM_CONST: case SYM_VAR: case SYM_ADD: case SYM_SUB: case SYM_MUL:
    case SYM_FLOORDIV: case SYM_MOD: case SYM_NEG: case SYM_NOT: case SYM_AND:
    case SYM_OR: case SYM_ITE: break;
    }
    return op;
}

static SymTerm *mk_not(SymDomain *d, SymTerm *a) {
    if (!a) return NULL;
    if (a->op == SYM_CONST) return mk_const(d, !a->c, true);
    if (a->op == SYM_NOT) return a->a;
    if (a->op >= SYM_EQ && a->op <= SYM_GE) return mk_cmp(d, negate_cmp(a->op), a->a, a->b);
    SymTerm *t = new_term(d, SYM_NOT, true);
    t->a = a;
    t->z = smt_not(d->smt, a->z);
    return t->z ? t : NULL;
}

/* An integer term as a condition (`!= 0`), a boolean one as it is. */
static SymTerm *as_bool(SymDomain *d, SymTerm *t) {
    if (!t || t->is_bool) return t;
    return mk_cmp(d, SYM_NE, t, mk_const(d, 0, false));
}

/* A boolean term as an integer (Python: True + 1 == 2). */
static SymTerm *as_int(SymDomain *d, SymTerm *t) {
    if (!t || !t->is_bool) return t;
    if (t->op == SYM_CONST) return mk_const(d, t->c, false);
    SymTerm *r = new_term(d, SYM_ITE, false);
    r->x = t;
    r->a = mk_const(d, 1, false);
    r->b = mk_const(d, 0, false);
    if (!r->a || !r->b) return NULL;
    r->z = smt_ite(d->smt, t->z, r->a->z, r->b->z);
    return r->z ? r : NULL;
}

static SymTerm *mk_and_or(SymDomain *d, SymOp op, SymTerm *a, SymTerm *b) {
    a = as_bool(d, a);
    b = as_bool(d, b);
    if (!a || !b) return NULL;
    bool is_and = op == SYM_AND;
    if (a->op == SYM_CONST) return (a->c != 0) == is_and ? b : a;
    if (b->op == SYM_CONST) return (b->c != 0) == is_and ? a : b;
    if (a == b) return a;
    return mk_binop(d, op, a, b, true);
}

static SymTerm *mk_ite(SymDomain *d, SymTerm *x, SymTerm *a, SymTerm *b) {
    x = as_bool(d, x);
    if (!x || !a || !b) return NULL;
    if (a->is_bool != b->is_bool) {
        a = as_int(d, a);
        b = as_int(d, b);
        if (!a || !b) return NULL;
    }
    if (x->op == SYM_CONST) return x->c ? a : b;
    if (a == b) return a;
    SymTerm *t = new_term(d, SYM_ITE, a->is_bool);
    t->x = x;
    t->a = a;
    t->b = b;
    t->z = smt_ite(d->smt, x->z, a->z, b->z);
    return t->z ? t : NULL;
}

static SymTerm *mk_var(SymDomain *d, const char *name, bool is_bool, bool input) {
    /* Display names are unique in a path: a second `m` is `m#2`.  The same
     * run of the kernel makes the same names, so a name means the same Z3
     * constant on every path. */
    int same = 0;
    size_t n = strlen(name);
    for (int i = 0; i < d->vars.n; i++) {
        const char *v = d->vars.v[i].t->name;
        if (strncmp(v, name, n) == 0 && (v[n] == '\0' || v[n] == '#')) same++;
    }
    char *uname;
    if (same == 0) {
        uname = arena_strndup(&d->arena, name, n);
    } else {
        char buf[32];
        snprintf(buf, sizeof buf, "#%d", same + 1);
        size_t m = strlen(buf);
        uname = arena_alloc(&d->arena, n + m + 1);
        memcpy(uname, name, n);
        memcpy(uname + n, buf, m + 1);
    }
    SymTerm *t = new_term(d, SYM_VAR, is_bool);
    t->name = uname;
    t->z = is_bool ? smt_bool_var(d->smt, uname) : smt_int_var(d->smt, uname);
    if (!t->z) return NULL;
    SymVar v = {t, input};
    vec_push(&d->vars, v);
    return t;
}

SymTerm *sym_input(SymDomain *d, const char *name, bool is_bool) {
    return mk_var(d, name, is_bool, true);
}

/* ---- DomainOps: terms ----------------------------------------------------- */

static SymTerm *op_int_lit(void *dv, int64_t c) { return mk_const(dv, c, false); }

static SymTerm *op_bool_lit(void *dv, bool b) { return mk_const(dv, b, true); }

/* 2**k for 0 <= k <= 62, else -1. */
static int64_t pow2(const SymTerm *k) {
    if (k->op != SYM_CONST || k->c < 0 || k->c > 62) return -1;
    return (int64_t)1 << k->c;
}

static SymTerm *op_int_binop(void *dv, BinOpKind op, SymTerm *a, SymTerm *b) {
    SymDomain *d = dv;
    a = as_int(d, a);
    b = as_int(d, b);
    if (!a || !b) return NULL;
    switch (op) {
    case OP_ADD: return mk_arith(d, SYM_ADD, a, b);
    case OP_SUB: return mk_arith(d, SYM_SUB, a, b);
    case OP_MULT: return mk_arith(d, SYM_MUL, a, b);
    case OP_FLOORDIV: return mk_arith(d, SYM_FLOORDIV, a, b);
    case OP_MOD: return mk_arith(d, SYM_MOD, a, b);
    case OP_POW: {
        /* Small concrete exponents only: a**k as a product. */
        if (b->op != SYM_CONST || b->c < 0 || b->c > 64) return NULL;
        SymTerm *r = mk_const(d, 1, false);
        for (int64_t i = 0; i < b->c && r; i++) r = mk_arith(d, SYM_MUL, r, a);
        return r;
    }
    case OP_LSHIFT: {
        int64_t p = pow2(b);
        return p < 0 ? NULL : mk_arith(d, SYM_MUL, a, mk_const(d, p, false));
    }
    case OP_RSHIFT: {
        /* Python's >> floors: a >> k == a // 2**k, for negative a too. */
        int64_t p = pow2(b);
        return p < 0 ? NULL : mk_arith(d, SYM_FLOORDIV, a, mk_const(d, p, false));
    }
    case OP_BITAND: {
        /* a & (2**k - 1) == a % 2**k (two's complement, any sign of a). */
        SymTerm *x = a, *m = b;
        if (x->op == SYM_CONST) {
            x = b;
            m = a;
        }
        if (m->op != SYM_CONST || m->c < 0) return NULL;
        if (m->c == 0) return mk_const(d, 0, false);
        if ((m->c & (m->c + 1)) != 0 || m->c == INT64_MAX) return NULL;
        return mk_arith(d, SYM_MOD, x, mk_const(d, m->c + 1, false));
    }
    case OP_BITOR:
    case OP_BITXOR:
        /* x | 0 and x ^ 0 are x; other masks are outside linear arithmetic. */
        if (is_const(b, 0)) return a;
        if (is_const(a, 0)) return b;
        return NULL;
    case OP_MATMULT:
    case OP_DIV:
        return NULL;
    }
    return NULL;
}

static SymTerm *op_int_neg(void *dv, SymTerm *a) { return mk_neg(dv, as_int(dv, a)); }

static SymTerm *op_int_cmp(void *dv, CmpOpKind op, SymTerm *a, SymTerm *b) {
    SymDomain *d = dv;
    if (a && b && a->is_bool && b->is_bool && (op == CMP_EQ || op == CMP_NOTEQ)) {
        /* bool == bool: (a and b) or (not a and not b) */
        SymTerm *eq = mk_and_or(d, SYM_OR, mk_and_or(d, SYM_AND, a, b),
                                mk_and_or(d, SYM_AND, mk_not(d, a), mk_not(d, b)));
        return op == CMP_EQ ? eq : mk_not(d, eq);
    }
    a = as_int(d, a);
    b = as_int(d, b);
    switch (op) {
    case CMP_EQ: return mk_cmp(d, SYM_EQ, a, b);
    case CMP_NOTEQ: return mk_cmp(d, SYM_NE, a, b);
    case CMP_LT: return mk_cmp(d, SYM_LT, a, b);
    case CMP_LTE: return mk_cmp(d, SYM_LE, a, b);
    case CMP_GT: return mk_cmp(d, SYM_GT, a, b);
    case CMP_GTE: return mk_cmp(d, SYM_GE, a, b);
    case CMP_IS: case CMP_ISNOT: case CMP_IN: case CMP_NOTIN: return NULL;
    }
    return NULL;
}

static SymTerm *op_bool_not(void *dv, SymTerm *a) { return mk_not(dv, as_bool(dv, a)); }

static SymTerm *op_bool_and(void *dv, SymTerm *a, SymTerm *b) { return mk_and_or(dv, SYM_AND, a, b); }

static SymTerm *op_bool_or(void *dv, SymTerm *a, SymTerm *b) { return mk_and_or(dv, SYM_OR, a, b); }

static SymTerm *op_ite(void *dv, SymTerm *c, SymTerm *a, SymTerm *b) { return mk_ite(dv, c, a, b); }

static SymTerm *op_fresh(void *dv, const char *name, bool is_bool) {
    return mk_var(dv, name && *name ? name : "v", is_bool, false);
}

/* ---- printing ------------------------------------------------------------------ */

/* Python's precedence levels, loosest first. */
enum { PREC_ITE = 1, PREC_OR, PREC_AND, PREC_NOT, PREC_CMP, PREC_ADD, PREC_MUL, PREC_NEG, PREC_ATOM };

static int prec_of(const SymTerm *t) {
    switch (t->op) {
    case SYM_CONST: return t->c < 0 ? PREC_NEG : PREC_ATOM;
    case SYM_VAR: return PREC_ATOM;
    case SYM_ADD: case SYM_SUB: return PREC_ADD;
    case SYM_MUL: case SYM_FLOORDIV: case SYM_MOD: return PREC_MUL;
    case SYM_NEG: return PREC_NEG;
    case SYM_EQ: case SYM_NE: case SYM_LT: case SYM_LE: case SYM_GT: case SYM_GE: return PREC_CMP;
    case SYM_NOT: return PREC_NOT;
    case SYM_AND: return PREC_AND;
    case SYM_OR: return PREC_OR;
    case SYM_ITE: return PREC_ITE;
    }
    return PREC_ATOM;
}

static void print_term(StrBuf *out, const SymTerm *t, int min_prec);

/* Prints `t` in a context that binds at least `min_prec`; parenthesised if
 * it binds more loosely. */
static void print_sub(StrBuf *out, const SymTerm *t, int min_prec) {
    if (prec_of(t) < min_prec) {
        sb_putc(out, '(');
        print_term(out, t, 0);
        sb_putc(out, ')');
    } else {
        print_term(out, t, min_prec);
    }
}

static const char *op_text(SymOp op) {
    switch (op) {
    case SYM_ADD: return " + ";
    case SYM_SUB: return " - ";
    case SYM_MUL: return "*";
    case SYM_FLOORDIV: return "//";
    case SYM_MOD: return "%";
    case SYM_EQ: return " == ";
    case SYM_NE: return " != ";
    case SYM_LT: return " < ";
    case SYM_LE: return " <= ";
    case SYM_GT: return " > ";
    case SYM_GE: return " >= ";
    case SYM_AND: return " and ";
    case SYM_OR: return " or ";
    case SYM_CONST: case SYM_VAR: case SYM_NEG: case SYM_NOT: case SYM_ITE: break;
    }
    return "?";
}

static void print_term(StrBuf *out, const SymTerm *t, int min_prec) {
    (void)min_prec;
    int p = prec_of(t);
    switch (t->op) {
    case SYM_CONST:
        if (t->is_bool) sb_puts(out, t->c ? "True" : "False");
        else sb_printf(out, "%lld", (long long)t->c);
        return;
    case SYM_VAR:
        sb_puts(out, t->name);
        return;
    case SYM_ADD:
        /* a + -3 reads a - 3 */
        if (t->b->op == SYM_CONST && t->b->c < 0 && t->b->c != INT64_MIN) {
            print_sub(out, t->a, PREC_ADD);
            sb_printf(out, " - %lld", -(long long)t->b->c);
            return;
        }
        print_sub(out, t->a, PREC_ADD);
        sb_puts(out, op_text(t->op));
        print_sub(out, t->b, PREC_ADD + 1);
        return;
    case SYM_SUB: case SYM_MUL: case SYM_FLOORDIV: case SYM_MOD:
        print_sub(out, t->a, p);
        sb_puts(out, op_text(t->op));
        print_sub(out, t->b, p + 1);
        return;
    case SYM_EQ: case SYM_NE: case SYM_LT: case SYM_LE: case SYM_GT: case SYM_GE:
        print_sub(out, t->a, PREC_CMP + 1);
        sb_puts(out, op_text(t->op));
        print_sub(out, t->b, PREC_CMP + 1);
        return;
    case SYM_AND: case SYM_OR:
        print_sub(out, t->a, p);
        sb_puts(out, op_text(t->op));
        print_sub(out, t->b, p + 1);
        return;
    case SYM_NEG:
        sb_putc(out, '-');
        print_sub(out, t->a, PREC_NEG);
        return;
    case SYM_NOT:
        sb_puts(out, "not ");
        print_sub(out, t->a, PREC_NOT);
        return;
    case SYM_ITE:
        if (!t->is_bool && t->a->op == SYM_CONST && t->b->op == SYM_CONST && t->a->c == 1 &&
            t->b->c == 0) {
            /* a boolean used as an integer */
            sb_puts(out, "int(");
            print_term(out, t->x, 0);
            sb_putc(out, ')');
            return;
        }
        print_sub(out, t->a, PREC_ITE + 1);
        sb_puts(out, " if ");
        print_sub(out, t->x, PREC_ITE + 1);
        sb_puts(out, " else ");
        print_sub(out, t->b, PREC_ITE);
        return;
    }
}

void sym_term_str(SymDomain *d, StrBuf *out, const SymTerm *t) {
    (void)d;
    if (!t) {
        sb_puts(out, "?");
        return;
    }
    print_term(out, t, 0);
}

static void op_term_str(void *dv, StrBuf *out, SymTerm *t) { sym_term_str(dv, out, t); }

/* Whether `var` occurs in t, visiting at most *budget nodes (terms share
 * subterms: a DAG may be exponentially larger as a tree); true when the
 * budget runs out. */
static bool mentions_within(const SymTerm *t, const SymTerm *var, int *budget) {
    if (!t) return false;
    if (--*budget < 0) return true;
    if (t == var) return true;
    if (t->op == SYM_VAR) return strcmp(t->name, var->name) == 0;
    if (t->op == SYM_CONST) return false;
    return mentions_within(t->a, var, budget) || mentions_within(t->b, var, budget) ||
           mentions_within(t->x, var, budget);
}

static bool op_mentions(void *dv, SymTerm *t, SymTerm *var) {
    (void)dv;
    if (!t || !var || var->op != SYM_VAR) return true;
    int budget = 4096;
    return mentions_within(t, var, &budget);
}

/* ---- conditions ------------------------------------------------------------- */

SymTerm *sym_cond_term(SymDomain *d, const Value *v) {
    if (!v) return NULL;
    if (v->kind == V_BOOL) return v->u.i.sym ? as_bool(d, v->u.i.sym) : mk_const(d, v->u.i.c, true);
    if (v->kind == V_INT) {
        return v->u.i.sym ? as_bool(d, v->u.i.sym) : mk_const(d, v->u.i.c != 0, true);
    }
    return NULL;
}

void sym_assume_term(SymDomain *d, SymTerm *t, Loc loc) {
    Value v = {.kind = V_BOOL};
    v.u.i.sym = as_bool(d, t);
    if (!v.u.i.sym) return;
    sym_assume(d, &v, loc);
}

/* ---- results -------------------------------------------------------------------- */

static char *dup_str(const char *s) { return s ? kcv_strndup(s, strlen(s)) : NULL; }

static bool occurs(const SymTerm *t, const SymTerm *var) {
    if (!t) return false;
    if (t == var) return true;
    if (t->op == SYM_VAR) return strcmp(t->name, var->name) == 0;
    return occurs(t->a, var) || occurs(t->b, var) || occurs(t->x, var);
}

static bool same_loc(Loc a, Loc b) {
    return a.file == b.file && a.line == b.line && a.col == b.col;
}

/* The values in the last model of every input, then of the other
 * constants that occur in `cond` (NULL: inputs only). */
static int model_cex(SymDomain *d, const SymTerm *cond, SymCexEntry **out) {
    Vec(SymCexEntry) cex = {0};
    StrBuf val = {0};
    enum { MAX_SCOPE = 32 };
    SymTerm *scope[MAX_SCOPE];
    int nscope = d->scope_terms ? d->scope_terms(d->hook_ctx, scope, MAX_SCOPE) : 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < d->vars.n; i++) {
            SymVar *sv = &d->vars.v[i];
            bool in_scope = false;
            for (int k = 0; k < nscope && !in_scope; k++) in_scope = occurs(scope[k], sv->t);
            if (pass == 0 ? !sv->input : (sv->input || !(in_scope || occurs(cond, sv->t)))) continue;
            sb_clear(&val);
            if (!smt_model_value(d->smt, sv->t->z, &val)) continue;
            SymCexEntry e = {dup_str(sv->t->name), dup_str(sb_str(&val))};
            vec_push(&cex, e);
        }
    }
    sb_free(&val);
    *out = cex.v;
    return cex.n;
}

int sym_path_counterexample(SymDomain *d, SymCexEntry **out) {
    *out = NULL;
    if (d->infeasible || smt_check(d->smt, NULL) != SMT_SAT) return 0;
    return model_cex(d, NULL, out);
}

void sym_cex_free(SymCexEntry *cex, int n) {
    for (int j = 0; j < n; j++) {
        kcv_free(cex[j].name);
        kcv_free(cex[j].value);
    }
    kcv_free(cex);
}

void sym_record_violation(SymDomain *d, const Obligation *ob, const SymTerm *cond, bool with_model) {
    const char *rule = ob->rule ? ob->rule : "contract";
    const char *msg = ob->message ? ob->message : "contract violated";
    for (int i = 0; i < d->violations.n; i++) {
        SymViolation *v = &d->violations.v[i];
        if (strcmp(v->rule, rule) == 0 && strcmp(v->message, msg) == 0 && same_loc(v->loc, ob->loc)) return;
    }
    SymViolation v = {0};
    v.rule = dup_str(rule);
    v.message = dup_str(msg);
    v.contract = dup_str(ob->contract);
    v.loc = ob->loc;
    v.contract_loc = ob->contract_loc;
    if (with_model) v.ncex = model_cex(d, cond, &v.cex);
    vec_push(&d->violations, v);
}

void sym_record_unknown(SymDomain *d, Loc loc, const char *fmt, ...) {
    StrBuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&b, fmt, ap);
    va_end(ap);
    for (int i = 0; i < d->unknowns.n; i++) {
        if (same_loc(d->unknowns.v[i].loc, loc) && strcmp(d->unknowns.v[i].reason, sb_str(&b)) == 0) {
            sb_free(&b);
            return;
        }
    }
    SymUnknown u = {dup_str(sb_str(&b)), loc};
    vec_push(&d->unknowns, u);
    sb_free(&b);
}

/* ---- lifetime ------------------------------------------------------------------ */

void sym_init(SymDomain *d, const SymOptions *opt) {
    memset(d, 0, sizeof *d);
    d->opt.timeout_ms = opt ? opt->timeout_ms : SYM_DEFAULT_TIMEOUT_MS;
    d->opt.max_paths = opt && opt->max_paths > 0 ? opt->max_paths : SYM_DEFAULT_MAX_PATHS;
    d->smt = smt_new(d->opt.timeout_ms);
    d->kernel_mark = smt_mark(d->smt);
    arena_init(&d->arena);
}

void sym_free_results(SymDomain *d) {
    for (int i = 0; i < d->violations.n; i++) {
        SymViolation *v = &d->violations.v[i];
        kcv_free(v->rule);
        kcv_free(v->message);
        kcv_free(v->contract);
        sym_cex_free(v->cex, v->ncex);
    }
    d->violations.n = 0;
    for (int i = 0; i < d->unknowns.n; i++) kcv_free(d->unknowns.v[i].reason);
    d->unknowns.n = 0;
}

void sym_free(SymDomain *d) {
    sym_free_results(d);
    vec_free(&d->violations);
    vec_free(&d->unknowns);
    vec_free(&d->vars);
    vec_free(&d->trail);
    vec_free(&d->events);
    kcv_free(d->known);
    arena_free(&d->arena);
    smt_free(d->smt);
    d->smt = NULL;
}

/* ---- the table -------------------------------------------------------------------- */

static Tri op_decide(void *dv, const Value *cond, Loc loc) { return sym_decide(dv, cond, loc); }

static void op_assume(void *dv, const Value *cond, Loc loc) { sym_assume(dv, cond, loc); }

static Tri op_require(void *dv, const Value *cond, const Obligation *ob) {
    SymDomain *d = dv;
    Tri r = sym_require(d, cond, ob);
    if (d->on_require) d->on_require(d->require_ctx, ob, r);
    return r;
}

const DomainOps sym_domain_ops = {
    .name = "symbolic",
    .int_lit = op_int_lit,
    .bool_lit = op_bool_lit,
    .int_binop = op_int_binop,
    .int_neg = op_int_neg,
    .int_cmp = op_int_cmp,
    .bool_not = op_bool_not,
    .bool_and = op_bool_and,
    .bool_or = op_bool_or,
    .ite = op_ite,
    .fresh = op_fresh,
    .term_str = op_term_str,
    .mentions = op_mentions,
    .decide = op_decide,
    .assume = op_assume,
    .require = op_require,
};
