/* eval_expr.c - expressions: constants, names, operators with Python's
 * semantics, comparisons, subscripts and slices, containers,
 * comprehensions, assignment targets.
 *
 * Integers are 64-bit; a result that does not fit becomes V_UNKNOWN (never
 * a wrapped value).  An operand with a symbolic term sends the operation
 * to the domain; `//`, `%` and `/` first discharge a "div-by-zero"
 * obligation on the divisor, shifts a "negative-shift" one.
 */
#include <math.h>
#include <string.h>

#include "interp_int.h"


/* ---- constants ------------------------------------------------------------------ */

static const ObjType ellipsis_type = {.name = "ellipsis", .children = obj_no_children};
static Value ellipsis_value = {.kind = V_OBJECT, .u.obj = {&ellipsis_type, NULL}};

Value *v_ellipsis(void) { return &ellipsis_value; }
bool value_is_ellipsis(const Value *v) { return v == &ellipsis_value; }

/* The value of a str or float literal, made on its first evaluation. */
static Value *const_cached(Interp *I, const ConstValue *c) {
    Value *v = node_memo_get(I->consts, c);
    if (v) return v;
    v = c->kind == CONST_STR ? v_str(I, c->s, c->len) : v_float(I, c->f);
    node_memo_put(I->consts, c, v);
    return v;
}

Value *eval_const(Interp *I, const ConstValue *c, Loc loc) {
    switch (c->kind) {
    case CONST_NONE: return v_none();
    case CONST_TRUE: return v_true();
    case CONST_FALSE: return v_false();
    case CONST_ELLIPSIS: return v_ellipsis();
    case CONST_INT:
        if (c->big) return v_unknown(I, loc, "integer literal %s does not fit in 64 bits", c->big);
        return v_int(I, c->i);
    case CONST_FLOAT: return const_cached(I, c);
    case CONST_COMPLEX: return v_unknown(I, loc, "complex numbers are not modelled");
    case CONST_STR: return const_cached(I, c);
    case CONST_BYTES: return v_unknown(I, loc, "bytes are not modelled");
    }
    return v_none();
}

/* ---- obligations of arithmetic -------------------------------------------------- */

static const char *operand_text(Interp *I, const Node *n, Value *v) {
    if (n) return source_slice(I, frame_file(I->frame), n->span);
    StrBuf b = {0};
    value_repr(I, &b, v);
    const char *s = arena_strndup(I->arena, sb_str(&b), b.len);
    sb_free(&b);
    return s;
}

/* Requires `cond` (about the operand `rhs`) before an operation; returns
 * false when the path is unwinding or the obligation is violated
 * (the caller then yields an unknown value).  In the user's code a
 * violation lists the integer variables of `rhs` with their values (none
 * when `rhs` is a bare name: the message says its value); in the model's,
 * those of the user's call. */
static bool arith_require(Interp *I, Value *cond, const char *rule, const char *msg, Loc loc, const Node *rhs) {
    Obligation ob = {0};
    ob.rule = rule;
    ob.message = msg;
    Tri t;
    if (I->frame && I->frame->is_model) {
        ob.loc = interp_user_loc(I);
        ob.contract_loc = loc;
        ob.contract = source_slice(I, loc.file, (Span){loc.line, loc.col, loc.end_line, loc.end_col});
        t = interp_require(I, cond, &ob);
    } else {
        ob.loc = loc;
        t = require_with_values(I, cond, &ob, I->frame, rhs && rhs->kind != N_NAME ? rhs : NULL);
    }
    return t != TRI_FALSE && I->unwind == UNWIND_NONE;
}

static bool check_divisor(Interp *I, Value *b, Loc loc, const Node *rhs) {
    if (!b->u.i.sym && b->u.i.c != 0) return true;
    const char *text = operand_text(I, rhs, b);
    char *msg;
    Value *cond;
    if (!b->u.i.sym) {
        msg = arena_alloc(I->arena, strlen(text) + 40);
        sprintf(msg, "division by zero: %s is 0", text);
        cond = v_false();
    } else {
        msg = arena_alloc(I->arena, strlen(text) + 40);
        sprintf(msg, "division by zero: '%s' may be 0", text);
        cond = int_cmp(I, CMP_NOTEQ, b, v_int(I, 0), loc);
        if (!cond) return false;
    }
    return arith_require(I, cond, "div-by-zero", msg, loc, rhs);
}

static bool check_shift(Interp *I, Value *b, Loc loc, const Node *rhs) {
    if (!b->u.i.sym && b->u.i.c >= 0) return true;
    const char *text = operand_text(I, rhs, b);
    char *msg = arena_alloc(I->arena, strlen(text) + 64);
    Value *cond;
    if (!b->u.i.sym) {
        sprintf(msg, "negative shift count: %s is %lld", text, (long long)b->u.i.c);
        cond = v_false();
    } else {
        sprintf(msg, "negative shift count: '%s' may be negative", text);
        cond = int_cmp(I, CMP_GTE, b, v_int(I, 0), loc);
        if (!cond) return false;
    }
    return arith_require(I, cond, "negative-shift", msg, loc, rhs);
}

/* ---- integers ------------------------------------------------------------------ */

static Value *overflow(Interp *I, Loc loc) {
    return v_unknown(I, loc, "integer result does not fit in 64 bits");
}

static int64_t floordiv64(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}

static int64_t mod64(int64_t a, int64_t b) {
    int64_t r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) r += b;
    return r;
}

static Value *int_div_float(Interp *I, int64_t a, int64_t b, Loc loc) {
    const int64_t lim = (int64_t)1 << 53;
    if (a > lim || a < -lim || b > lim || b < -lim)
        return v_unknown(I, loc, "true division of integers beyond 2**53 is not modelled");
    return v_float(I, (double)a / (double)b);
}

static Value *int_pow(Interp *I, int64_t a, int64_t b, Loc loc) {
    if (b < 0) {
        if (a == 0) {
            interp_raise(I, loc, "ZeroDivisionError", "0.0 cannot be raised to a negative power");
            return NULL;
        }
        return v_float(I, pow((double)a, (double)b));
    }
    int64_t r = 1, base = a;
    while (b) {
        if (b & 1) {
            if (__builtin_mul_overflow(r, base, &r)) return overflow(I, loc);
        }
        b >>= 1;
        if (b && __builtin_mul_overflow(base, base, &base)) return overflow(I, loc);
    }
    return v_int(I, r);
}

static Value *int_binop_concrete(Interp *I, BinOpKind op, Value *av, Value *bv, Loc loc, const Node *rhs) {
    int64_t a = av->u.i.c, b = bv->u.i.c, r;
    bool both_bool = av->kind == V_BOOL && bv->kind == V_BOOL;
    switch (op) {
    case OP_ADD:
        if (__builtin_add_overflow(a, b, &r)) return overflow(I, loc);
        return v_int(I, r);
    case OP_SUB:
        if (__builtin_sub_overflow(a, b, &r)) return overflow(I, loc);
        return v_int(I, r);
    case OP_MULT:
        if (__builtin_mul_overflow(a, b, &r)) return overflow(I, loc);
        return v_int(I, r);
    case OP_DIV:
        if (!check_divisor(I, bv, loc, rhs)) return I->unwind ? NULL : v_unknown(I, loc, "the result of the division by zero at line %d is undefined", loc.line);
        return int_div_float(I, a, b, loc);
    case OP_FLOORDIV:
        if (!check_divisor(I, bv, loc, rhs)) return I->unwind ? NULL : v_unknown(I, loc, "the result of the division by zero at line %d is undefined", loc.line);
        if (a == INT64_MIN && b == -1) return overflow(I, loc);
        return v_int(I, floordiv64(a, b));
    case OP_MOD:
        if (!check_divisor(I, bv, loc, rhs)) return I->unwind ? NULL : v_unknown(I, loc, "the result of the division by zero at line %d is undefined", loc.line);
        if (b == -1) return v_int(I, 0);
        return v_int(I, mod64(a, b));
    case OP_POW: return int_pow(I, a, b, loc);
    case OP_LSHIFT:
        if (!check_shift(I, bv, loc, rhs)) return I->unwind ? NULL : v_unknown(I, loc, "the result of the negative shift at line %d is undefined", loc.line);
        if (a == 0) return v_int(I, 0);
        if (b >= 63) return overflow(I, loc);
        r = (int64_t)((uint64_t)a << b);
        if ((r >> b) != a) return overflow(I, loc);
        return v_int(I, r);
    case OP_RSHIFT:
        if (!check_shift(I, bv, loc, rhs)) return I->unwind ? NULL : v_unknown(I, loc, "the result of the negative shift at line %d is undefined", loc.line);
        if (b >= 63) return v_int(I, a < 0 ? -1 : 0);
        return v_int(I, a >> b);
    case OP_BITAND: return both_bool ? v_bool(I, a & b) : v_int(I, a & b);
    case OP_BITOR: return both_bool ? v_bool(I, a | b) : v_int(I, a | b);
    case OP_BITXOR: return both_bool ? v_bool(I, a ^ b) : v_int(I, a ^ b);
    case OP_MATMULT:
        interp_raise(I, loc, "TypeError", "unsupported operand type(s) for @: '%s' and '%s'", value_type_name(av),
                     value_type_name(bv));
        return NULL;
    }
    return NULL;
}

static Value *int_binop_at(Interp *I, BinOpKind op, Value *a, Value *b, Loc loc, const Node *rhs) {
    if (!a->u.i.sym && !b->u.i.sym) return int_binop_concrete(I, op, a, b, loc, rhs);
    void *d = I->dom_state;
    /* boolean algebra on symbolic bools stays boolean */
    if (a->kind == V_BOOL && b->kind == V_BOOL && (op == OP_BITAND || op == OP_BITOR || op == OP_BITXOR)) {
        if (op == OP_BITAND) return bool_and_v(I, a, b, loc);
        if (op == OP_BITOR) return bool_or_v(I, a, b, loc);
        SymTerm *ta = bool_term(I, a), *tb = bool_term(I, b);
        SymTerm *nb = tb && I->dom->bool_not ? I->dom->bool_not(d, tb) : NULL;
        SymTerm *t = ta && tb && nb && I->dom->ite ? I->dom->ite(d, ta, nb, tb) : NULL;
        return v_bool_term(I, t, loc);
    }
    switch (op) {
    case OP_DIV:
        if (!check_divisor(I, b, loc, rhs)) return I->unwind ? NULL : v_unknown(I, loc, "the result of the division by zero at line %d is undefined", loc.line);
        return v_unknown_quotient(I, loc, a, b);
    case OP_FLOORDIV:
    case OP_MOD:
        if (!check_divisor(I, b, loc, rhs)) return I->unwind ? NULL : v_unknown(I, loc, "the result of the division by zero at line %d is undefined", loc.line);
        break;
    case OP_LSHIFT:
    case OP_RSHIFT:
        if (!check_shift(I, b, loc, rhs)) return I->unwind ? NULL : v_unknown(I, loc, "the result of the negative shift at line %d is undefined", loc.line);
        break;
    case OP_POW:
        if (b->u.i.sym || b->u.i.c < 0)
            return v_unknown(I, loc, "power with a symbolic or negative exponent is not modelled");
        if (b->u.i.c == 0) return v_int(I, 1);
        if (b->u.i.c == 1) return a;
        break;
    case OP_MATMULT:
        interp_raise(I, loc, "TypeError", "unsupported operand type(s) for @: 'int' and 'int'");
        return NULL;
    case OP_ADD:
    case OP_SUB:
    case OP_MULT:
    case OP_BITAND:
    case OP_BITOR:
    case OP_BITXOR:
        break;
    }
    /* cheap identities keep terms small */
    if (op == OP_MULT && ((!a->u.i.sym && a->u.i.c == 0) || (!b->u.i.sym && b->u.i.c == 0))) return v_int(I, 0);
    if (!b->u.i.sym && b->kind == V_INT) {
        if ((op == OP_ADD || op == OP_SUB) && b->u.i.c == 0 && a->kind == V_INT) return a;
        if ((op == OP_MULT || op == OP_FLOORDIV) && b->u.i.c == 1 && a->kind == V_INT) return a;
    }
    if (!a->u.i.sym && a->kind == V_INT && b->kind == V_INT) {
        if (op == OP_ADD && a->u.i.c == 0) return b;
        if (op == OP_MULT && a->u.i.c == 1) return b;
    }
    SymTerm *ta = int_term(I, a), *tb = int_term(I, b);
    SymTerm *t = ta && tb && I->dom->int_binop ? I->dom->int_binop(d, op, ta, tb) : NULL;
    if (!t) return v_unknown(I, loc, "integer operation not representable in the %s domain", I->dom->name);
    return v_sym_int(I, t);
}

Value *int_binop(Interp *I, BinOpKind op, Value *a, Value *b, Loc loc) {
    return int_binop_at(I, op, a, b, loc, NULL);
}

Value *int_floordiv_unchecked(Interp *I, Value *a, Value *b, Loc loc) {
    if (!a->u.i.sym && !b->u.i.sym) {
        if (b->u.i.c == 0) return v_unknown(I, loc, "the result of the division by zero at line %d is undefined", loc.line);
        if (a->u.i.c == INT64_MIN && b->u.i.c == -1) return overflow(I, loc);
        return v_int(I, floordiv64(a->u.i.c, b->u.i.c));
    }
    SymTerm *ta = int_term(I, a), *tb = int_term(I, b);
    SymTerm *t = ta && tb && I->dom->int_binop ? I->dom->int_binop(I->dom_state, OP_FLOORDIV, ta, tb) : NULL;
    return v_int_term(I, t, loc);
}

Value *int_cmp(Interp *I, CmpOpKind op, Value *a, Value *b, Loc loc) {
    if (!a->u.i.sym && !b->u.i.sym) {
        int64_t x = a->u.i.c, y = b->u.i.c;
        bool r = false;
        switch (op) {
        case CMP_EQ: r = x == y; break;
        case CMP_NOTEQ: r = x != y; break;
        case CMP_LT: r = x < y; break;
        case CMP_LTE: r = x <= y; break;
        case CMP_GT: r = x > y; break;
        case CMP_GTE: r = x >= y; break;
        case CMP_IS:
        case CMP_ISNOT:
        case CMP_IN:
        case CMP_NOTIN:
            return NULL;
        }
        return v_bool(I, r);
    }
    if (a->u.i.sym && a->u.i.sym == b->u.i.sym && a->kind == b->kind) {
        switch (op) {
        case CMP_EQ:
        case CMP_LTE:
        case CMP_GTE: return v_true();
        case CMP_NOTEQ:
        case CMP_LT:
        case CMP_GT: return v_false();
        case CMP_IS:
        case CMP_ISNOT:
        case CMP_IN:
        case CMP_NOTIN: return NULL;
        }
    }
    SymTerm *ta = int_term(I, a), *tb = int_term(I, b);
    SymTerm *t = ta && tb && I->dom->int_cmp ? I->dom->int_cmp(I->dom_state, op, ta, tb) : NULL;
    return v_bool_term(I, t, loc);
}

Value *int_minmax(Interp *I, Value *a, Value *b, bool is_max, Loc loc) {
    if (!a->u.i.sym && !b->u.i.sym) {
        bool pick_b = is_max ? b->u.i.c > a->u.i.c : b->u.i.c < a->u.i.c;
        return pick_b ? b : a;
    }
    if (a->u.i.sym && a->u.i.sym == b->u.i.sym) return a;
    /* Python returns the first of equal items: max(a, b) = b if b > a else a */
    Value *c = int_cmp(I, is_max ? CMP_GT : CMP_LT, b, a, loc);
    if (!c || c->kind != V_BOOL) return c;
    if (!c->u.i.sym) return c->u.i.c ? b : a;
    SymTerm *ta = int_term(I, a), *tb = int_term(I, b);
    SymTerm *t = ta && tb && I->dom->ite ? I->dom->ite(I->dom_state, c->u.i.sym, tb, ta) : NULL;
    return v_int_term(I, t, loc);
}

/* ---- floats ------------------------------------------------------------------------- */

static bool as_double(const Value *v, double *out) {
    if (v->kind == V_FLOAT) {
        *out = v->u.f;
        return true;
    }
    if ((v->kind == V_INT || v->kind == V_BOOL) && !v->u.i.sym) {
        *out = (double)v->u.i.c;
        return true;
    }
    return false;
}

static Value *float_binop(Interp *I, BinOpKind op, double a, double b, Loc loc, const Node *rhs) {
    switch (op) {
    case OP_ADD: return v_float(I, a + b);
    case OP_SUB: return v_float(I, a - b);
    case OP_MULT: return v_float(I, a * b);
    case OP_DIV:
    case OP_FLOORDIV:
    case OP_MOD:
        if (b == 0) {
            const char *text = operand_text(I, rhs, v_float(I, b));
            char *msg = arena_alloc(I->arena, strlen(text) + 40);
            sprintf(msg, "division by zero: %s is 0", text);
            arith_require(I, v_false(), "div-by-zero", msg, loc, rhs);
            return I->unwind ? NULL : v_unknown(I, loc, "the result of the division by zero at line %d is undefined", loc.line);
        }
        if (op == OP_DIV) return v_float(I, a / b);
        {
            double m = fmod(a, b);
            if (m != 0 && ((b < 0) != (m < 0))) m += b;
            if (op == OP_MOD) return v_float(I, m == 0 ? copysign(0.0, b) : m);
            double q = (a - m) / b;
            double fq = floor(q);
            if (q - fq > 0.5) fq += 1.0;
            return v_float(I, fq);
        }
    case OP_POW:
        if (a == 0 && b < 0) {
            interp_raise(I, loc, "ZeroDivisionError", "0.0 cannot be raised to a negative power");
            return NULL;
        }
        if (a < 0 && b != floor(b)) return v_unknown(I, loc, "complex numbers are not modelled");
        return v_float(I, pow(a, b));
    case OP_MATMULT:
    case OP_LSHIFT:
    case OP_RSHIFT:
    case OP_BITOR:
    case OP_BITXOR:
    case OP_BITAND:
        return NULL;
    }
    return NULL;
}

/* ---- sequences and strings ------------------------------------------------------------- */

static const char *binop_symbol(BinOpKind op) {
    static const char *const s[] = {"+", "-", "*", "@", "/", "%", "**", "<<", ">>", "|", "^", "&", "//"};
    return s[op];
}

static Value *repeat_seq(Interp *I, Value *s, Value *n, Loc loc) {
    if (n->u.i.sym) return v_unknown(I, loc, "sequence repeated a symbolic number of times");
    int64_t k = n->u.i.c < 0 ? 0 : n->u.i.c;
    if (s->kind == V_STR) {
        if (k && s->u.str.len && (uint64_t)k > (1u << 26) / s->u.str.len)
            return v_unknown(I, loc, "string too long");
        StrBuf b = {0};
        for (int64_t i = 0; i < k; i++) sb_put(&b, s->u.str.s, s->u.str.len);
        Value *r = v_str(I, sb_str(&b), b.len);
        sb_free(&b);
        return r;
    }
    SEQ_READ(I, &s->u.seq);
    if (s->u.seq.poisoned) return poisoned_value(I, loc);
    if (k && s->u.seq.n && k > (1 << 22) / s->u.seq.n) return v_unknown(I, loc, "sequence too long");
    int n1 = s->u.seq.n;
    Value *r = s->kind == V_TUPLE ? v_tuple(I, (int)(n1 * k)) : v_list(I, (int)(n1 * k));
    for (int64_t i = 0; i < k; i++)
        for (int j = 0; j < n1; j++) r->u.seq.v[i * n1 + j] = s->u.seq.v[j];
    return r;
}

static Value *concat_seq(Interp *I, Value *a, Value *b, Loc loc) {
    SEQ_READ(I, &a->u.seq);
    SEQ_READ(I, &b->u.seq);
    if (a->u.seq.poisoned || b->u.seq.poisoned) return poisoned_value(I, loc);
    int n = a->u.seq.n + b->u.seq.n;
    Value *r = a->kind == V_TUPLE ? v_tuple(I, n) : v_list(I, n);
    for (int i = 0; i < a->u.seq.n; i++) r->u.seq.v[i] = a->u.seq.v[i];
    for (int i = 0; i < b->u.seq.n; i++) r->u.seq.v[a->u.seq.n + i] = b->u.seq.v[i];
    return r;
}

static Value *set_op(Interp *I, BinOpKind op, Value *a, Value *b, Loc loc) {
    SEQ_READ(I, &a->u.seq);
    SEQ_READ(I, &b->u.seq);
    if (a->u.seq.poisoned || b->u.seq.poisoned) return poisoned_value(I, loc);
    Value *r = v_set(I);
    for (int pass = 0; pass < 2; pass++) {
        Value *src = pass ? b : a, *other = pass ? a : b;
        for (int i = 0; i < src->u.seq.n; i++) {
            Value *x = src->u.seq.v[i];
            bool in_other = false;
            for (int j = 0; j < other->u.seq.n && !in_other; j++) in_other = value_equal(x, other->u.seq.v[j]);
            bool keep;
            switch (op) {
            case OP_BITOR: keep = pass == 0 || !in_other; break;
            case OP_BITAND: keep = pass == 0 && in_other; break;
            case OP_SUB: keep = pass == 0 && !in_other; break;
            case OP_BITXOR: keep = !in_other; break;
            case OP_ADD: case OP_MULT: case OP_MATMULT: case OP_DIV: case OP_MOD: case OP_POW:
            case OP_LSHIFT: case OP_RSHIFT: case OP_FLOORDIV:
            default: keep = false; break;
            }
            if (keep) seq_append(I, &r->u.seq, x);
        }
    }
    return r;
}

static Value *instance_binop(Interp *I, BinOpKind op, Value *a, Value *b, Loc loc, bool *handled) {
    *handled = false;
    if (a->kind == V_INSTANCE) {
        Value *m = instance_method(I, a, I->atoms->binop_dunder[op]);
        if (m) {
            *handled = true;
            return interp_calln(I, m, 1, &b, loc);
        }
    }
    if (b->kind == V_INSTANCE) {
        Value *m = instance_method(I, b, I->atoms->rbinop_dunder[op]);
        if (m) {
            *handled = true;
            return interp_calln(I, m, 1, &a, loc);
        }
    }
    return NULL;
}

static bool is_int(const Value *v) { return v->kind == V_INT || v->kind == V_BOOL; }

Value *binop_at(Interp *I, BinOpKind op, Value *a, Value *b, Loc loc, const Node *rhs) {
    if (a->kind == V_OBJECT && a->u.obj.type->binop) {
        if (b->kind == V_UNKNOWN) return unknown_from(I, b, loc);
        return a->u.obj.type->binop(I, op, a, b, false, loc);
    }
    if (b->kind == V_OBJECT && b->u.obj.type->binop) {
        if (a->kind == V_UNKNOWN) return unknown_from(I, a, loc);
        return b->u.obj.type->binop(I, op, b, a, true, loc);
    }
    if (a->kind == V_UNKNOWN) return unknown_from(I, a, loc);
    if (b->kind == V_UNKNOWN) return unknown_from(I, b, loc);
    if (is_int(a) && is_int(b)) return int_binop_at(I, op, a, b, loc, rhs);
    double x, y;
    if ((a->kind == V_FLOAT || b->kind == V_FLOAT) && as_double(a, &x) && as_double(b, &y)) {
        Value *r = float_binop(I, op, x, y, loc, rhs);
        if (r || I->unwind) return r;
    }
    if ((a->kind == V_FLOAT && is_int(b) && b->u.i.sym) || (b->kind == V_FLOAT && is_int(a) && a->u.i.sym))
        return v_unknown(I, loc, "floating-point arithmetic on symbolic values is not modelled");
    bool handled;
    Value *r = instance_binop(I, op, a, b, loc, &handled);
    if (handled) return r;
    switch (op) {
    case OP_ADD:
        if (a->kind == V_STR && b->kind == V_STR) {
            StrBuf sb = {0};
            sb_put(&sb, a->u.str.s, a->u.str.len);
            sb_put(&sb, b->u.str.s, b->u.str.len);
            Value *s = v_str(I, sb_str(&sb), sb.len);
            sb_free(&sb);
            return s;
        }
        if ((a->kind == V_TUPLE && b->kind == V_TUPLE) || (a->kind == V_LIST && b->kind == V_LIST))
            return concat_seq(I, a, b, loc);
        if (a->kind == V_STR) {
            interp_raise(I, loc, "TypeError", "can only concatenate str (not \"%s\") to str", value_type_name(b));
            return NULL;
        }
        if (a->kind == V_LIST || a->kind == V_TUPLE) {
            interp_raise(I, loc, "TypeError", "can only concatenate %s (not \"%s\") to %s", value_type_name(a),
                         value_type_name(b), value_type_name(a));
            return NULL;
        }
        break;
    case OP_MULT:
        if ((a->kind == V_STR || a->kind == V_TUPLE || a->kind == V_LIST) && is_int(b))
            return repeat_seq(I, a, b, loc);
        if ((b->kind == V_STR || b->kind == V_TUPLE || b->kind == V_LIST) && is_int(a))
            return repeat_seq(I, b, a, loc);
        break;
    case OP_MOD:
        if (a->kind == V_STR) return str_percent_format(I, a, b, loc);
        break;
    case OP_BITOR:
        if (a->kind == V_DICT && b->kind == V_DICT) {
            Value *d = v_dict(I);
            dict_copy(I, &d->u.dict, &a->u.dict);
            dict_copy(I, &d->u.dict, &b->u.dict);
            return d;
        }
        /* fallthrough */
    case OP_BITAND:
    case OP_BITXOR:
    case OP_SUB:
        if (a->kind == V_SET && b->kind == V_SET) return set_op(I, op, a, b, loc);
        break;
    case OP_MATMULT:
    case OP_DIV:
    case OP_POW:
    case OP_LSHIFT:
    case OP_RSHIFT:
    case OP_FLOORDIV:
        break;
    }
    interp_raise(I, loc, "TypeError", "unsupported operand type(s) for %s: '%s' and '%s'", binop_symbol(op),
                 value_type_name(a), value_type_name(b));
    return NULL;
}

Value *interp_binop(Interp *I, BinOpKind op, Value *a, Value *b, Loc loc) {
    return binop_at(I, op, a, b, loc, NULL);
}

Value *interp_unary(Interp *I, UnaryOpKind op, Value *a, Loc loc) {
    if (op == UOP_NOT) {
        if (a->kind == V_BOOL) return bool_not_v(I, a, loc);
        if (a->kind == V_INT && a->u.i.sym) return int_cmp(I, CMP_EQ, a, v_int(I, 0), loc);
        if (a->kind == V_UNKNOWN) return unknown_from(I, a, loc);
        Tri t = truth_of(I, a, loc);
        if (t == TRI_UNKNOWN) return NULL;
        return v_bool(I, t == TRI_FALSE);
    }
    if (a->kind == V_OBJECT) {
        if (a->u.obj.type->unary) return a->u.obj.type->unary(I, op, a, loc);
    } else if (a->kind == V_UNKNOWN) {
        return unknown_from(I, a, loc);
    } else if (is_int(a)) {
        if (op == UOP_UADD) return a->kind == V_BOOL ? (a->u.i.sym ? int_binop(I, OP_ADD, v_int(I, 0), a, loc) : v_int(I, a->u.i.c)) : a;
        if (op == UOP_USUB) {
            if (!a->u.i.sym) {
                if (a->u.i.c == INT64_MIN) return overflow(I, loc);
                return v_int(I, -a->u.i.c);
            }
            SymTerm *t = int_term(I, a);
            SymTerm *r = t && I->dom->int_neg ? I->dom->int_neg(I->dom_state, t) : NULL;
            return v_int_term(I, r, loc);
        }
        if (op == UOP_INVERT) {
            if (!a->u.i.sym) return v_int(I, ~a->u.i.c);
            /* ~x == -x - 1 */
            Value *n = interp_unary(I, UOP_USUB, a, loc);
            return n ? int_binop(I, OP_SUB, n, v_int(I, 1), loc) : NULL;
        }
    } else if (a->kind == V_FLOAT) {
        if (op == UOP_UADD) return a;
        if (op == UOP_USUB) return v_float(I, -a->u.f);
    } else if (a->kind == V_INSTANCE) {
        const char *dn = op == UOP_USUB ? I->atoms->a_neg : op == UOP_UADD ? I->atoms->a_pos : I->atoms->a_invert;
        Value *m = instance_method(I, a, dn);
        if (m) return interp_call0(I, m, loc);
    }
    static const char *const names[] = {"~", "not", "+", "-"};
    interp_raise(I, loc, "TypeError", "bad operand type for unary %s: '%s'", names[op], value_type_name(a));
    return NULL;
}

/* ---- comparisons ---------------------------------------------------------------------- */

/* Nested comparisons count as calls (depth), so that containers that
 * contain themselves give up instead of recursing in C without end. */
static bool enter_nested(Interp *I, Loc loc) {
    if (I->depth >= I->max_depth) {
        interp_abort(I, loc, "recursion too deep (nested containers compared)");
        return false;
    }
    I->depth++;
    return true;
}

static Value *seq_eq_body(Interp *I, Value *a, Value *b, Loc loc);

static Value *seq_eq(Interp *I, Value *a, Value *b, Loc loc) {
    if (!enter_nested(I, loc)) return NULL;
    Value *r = seq_eq_body(I, a, b, loc);
    I->depth--;
    return r;
}

static Value *seq_eq_body(Interp *I, Value *a, Value *b, Loc loc) {
    SEQ_READ(I, &a->u.seq);
    SEQ_READ(I, &b->u.seq);
    if (a->u.seq.poisoned || b->u.seq.poisoned) return poisoned_value(I, loc);
    if (a->u.seq.n != b->u.seq.n) return v_false();
    Value *acc = v_true();
    for (int i = 0; i < a->u.seq.n; i++) {
        Value *e = values_eq(I, a->u.seq.v[i], b->u.seq.v[i], loc);
        if (!e) return NULL;
        if (e->kind == V_UNKNOWN) return e;
        if (e->kind != V_BOOL) {
            Tri t = truth_of(I, e, loc);
            if (t == TRI_UNKNOWN) return NULL;
            e = v_bool(I, t == TRI_TRUE);
        }
        if (!e->u.i.sym && !e->u.i.c) return v_false();
        acc = bool_and_v(I, acc, e, loc);
        if (acc->kind != V_BOOL) return acc;
    }
    return acc;
}

Value *values_eq(Interp *I, Value *a, Value *b, Loc loc) {
    if (a->kind == V_OBJECT || b->kind == V_OBJECT) {
        Value *o = a->kind == V_OBJECT ? a : b, *p = o == a ? b : a;
        if (o->u.obj.type->compare) {
            if (p->kind == V_UNKNOWN) return unknown_from(I, p, loc);
            return o->u.obj.type->compare(I, CMP_EQ, o, p, o == b, loc);
        }
        if (a->kind == V_OBJECT && b->kind == V_OBJECT && a->u.obj.type == b->u.obj.type && a->u.obj.type->equal)
            return v_bool(I, a->u.obj.type->equal(a, b));
        if (p->kind == V_UNKNOWN) return unknown_from(I, p, loc);
        return v_bool(I, a == b);
    }
    if (a->kind == V_UNKNOWN) return unknown_from(I, a, loc);
    if (b->kind == V_UNKNOWN) return unknown_from(I, b, loc);
    if (is_int(a) && is_int(b)) {
        if (a->kind == V_BOOL && b->kind == V_BOOL && (a->u.i.sym || b->u.i.sym)) {
            /* a == b on booleans: ite(a, b, not b) */
            SymTerm *ta = bool_term(I, a), *tb = bool_term(I, b);
            SymTerm *nb = tb && I->dom->bool_not ? I->dom->bool_not(I->dom_state, tb) : NULL;
            SymTerm *t = ta && nb && I->dom->ite ? I->dom->ite(I->dom_state, ta, tb, nb) : NULL;
            return v_bool_term(I, t, loc);
        }
        return int_cmp(I, CMP_EQ, a, b, loc);
    }
    if ((is_int(a) && a->u.i.sym && b->kind == V_FLOAT) || (is_int(b) && b->u.i.sym && a->kind == V_FLOAT)) {
        Value *iv = is_int(a) ? a : b, *fv = is_int(a) ? b : a;
        if (fv->u.f != floor(fv->u.f) || fabs(fv->u.f) > 9e18) return v_false();
        return int_cmp(I, CMP_EQ, iv, v_int(I, (int64_t)fv->u.f), loc);
    }
    if ((a->kind == V_TUPLE && b->kind == V_TUPLE) || (a->kind == V_LIST && b->kind == V_LIST))
        return seq_eq(I, a, b, loc);
    if (a->kind == V_INSTANCE || b->kind == V_INSTANCE) {
        Value *inst = a->kind == V_INSTANCE ? a : b, *other = inst == a ? b : a;
        Value *m = instance_method(I, inst, I->atoms->a_eq);
        if (m) return interp_calln(I, m, 1, &other, loc);
        if (a->kind == V_INSTANCE && b->kind == V_INSTANCE && a->u.inst.cls == b->u.inst.cls &&
            (a->u.inst.cls->u.cls.flags & CLS_DATACLASS)) {
            Value *fields = dict_get_str(&a->u.inst.cls->u.cls.attrs, I->atoms->a_dc_fields);
            if (fields && fields->kind == V_TUPLE) {
                Value *ta = v_tuple(I, fields->u.seq.n), *tb = v_tuple(I, fields->u.seq.n);
                for (int i = 0; i < fields->u.seq.n; i++) {
                    const char *fname = fields->u.seq.v[i]->u.str.s;
                    Value *x = dict_get_str(&a->u.inst.attrs, fname), *y = dict_get_str(&b->u.inst.attrs, fname);
                    ta->u.seq.v[i] = x ? x : v_none();
                    tb->u.seq.v[i] = y ? y : v_none();
                }
                return seq_eq(I, ta, tb, loc);
            }
        }
        return v_bool(I, a == b);
    }
    if (a->kind == V_DICT) container_read(I, &a->u.dict.rd);
    if (b->kind == V_DICT) container_read(I, &b->u.dict.rd);
    if ((a->kind == V_DICT && a->u.dict.poisoned) || (b->kind == V_DICT && b->u.dict.poisoned))
        return poisoned_value(I, loc);
    return v_bool(I, value_equal(a, b));
}

static bool is_seq(const Value *v) { return v->kind == V_TUPLE || v->kind == V_LIST; }

static Value *ordering(Interp *I, CmpOpKind op, Value *a, Value *b, Loc loc) {
    if (a->kind == V_OBJECT && a->u.obj.type->compare) return a->u.obj.type->compare(I, op, a, b, false, loc);
    if (b->kind == V_OBJECT && b->u.obj.type->compare) return b->u.obj.type->compare(I, op, b, a, true, loc);
    if (a->kind == V_UNKNOWN) return unknown_from(I, a, loc);
    if (b->kind == V_UNKNOWN) return unknown_from(I, b, loc);
    if (is_int(a) && is_int(b)) return int_cmp(I, op, a, b, loc);
    double x, y;
    if ((is_int(a) || a->kind == V_FLOAT) && (is_int(b) || b->kind == V_FLOAT)) {
        if (!as_double(a, &x) || !as_double(b, &y))
            return v_unknown(I, loc, "comparison of a symbolic int with a float is not modelled");
        bool r = op == CMP_LT ? x < y : op == CMP_LTE ? x <= y : op == CMP_GT ? x > y : x >= y;
        return v_bool(I, r);
    }
    if (a->kind == V_STR && b->kind == V_STR) {
        size_t n = a->u.str.len < b->u.str.len ? a->u.str.len : b->u.str.len;
        int c = memcmp(a->u.str.s, b->u.str.s, n);
        if (c == 0) c = a->u.str.len < b->u.str.len ? -1 : a->u.str.len > b->u.str.len;
        bool r = op == CMP_LT ? c < 0 : op == CMP_LTE ? c <= 0 : op == CMP_GT ? c > 0 : c >= 0;
        return v_bool(I, r);
    }
    if (is_seq(a) && a->kind == b->kind) {
        SEQ_READ(I, &a->u.seq);
        SEQ_READ(I, &b->u.seq);
        if (a->u.seq.poisoned || b->u.seq.poisoned) return poisoned_value(I, loc);
        int n = a->u.seq.n < b->u.seq.n ? a->u.seq.n : b->u.seq.n;
        for (int i = 0; i < n; i++) {
            if (!enter_nested(I, loc)) return NULL;
            Value *e = values_eq(I, a->u.seq.v[i], b->u.seq.v[i], loc);
            Tri t = e ? truth_of(I, e, loc) : TRI_UNKNOWN;
            Value *r = t == TRI_FALSE ? ordering(I, op, a->u.seq.v[i], b->u.seq.v[i], loc) : NULL;
            I->depth--;
            if (t == TRI_UNKNOWN) return NULL;
            if (t == TRI_FALSE) return r;
        }
        int c = a->u.seq.n < b->u.seq.n ? -1 : a->u.seq.n > b->u.seq.n;
        bool r = op == CMP_LT ? c < 0 : op == CMP_LTE ? c <= 0 : op == CMP_GT ? c > 0 : c >= 0;
        return v_bool(I, r);
    }
    if (a->kind == V_INSTANCE || b->kind == V_INSTANCE) {
        const EvalAtoms *at = I->atoms;
        const char *fwd = op == CMP_LT ? at->a_lt : op == CMP_LTE ? at->a_le : op == CMP_GT ? at->a_gt : at->a_ge;
        const char *rev = op == CMP_LT ? at->a_gt : op == CMP_LTE ? at->a_ge : op == CMP_GT ? at->a_lt : at->a_le;
        if (a->kind == V_INSTANCE) {
            Value *m = instance_method(I, a, fwd);
            if (m) return interp_calln(I, m, 1, &b, loc);
        }
        if (b->kind == V_INSTANCE) {
            Value *m = instance_method(I, b, rev);
            if (m) return interp_calln(I, m, 1, &a, loc);
        }
    }
    static const char *const sym[] = {"==", "!=", "<", "<=", ">", ">="};
    interp_raise(I, loc, "TypeError", "'%s' not supported between instances of '%s' and '%s'", sym[op],
                 value_type_name(a), value_type_name(b));
    return NULL;
}

/* `x in container`: a (maybe symbolic) bool. */
static Value *contains(Interp *I, Value *container, Value *x, Loc loc) {
    switch (container->kind) {
    case V_TUPLE:
    case V_LIST:
    case V_SET: {
        SEQ_READ(I, &container->u.seq);
        if (container->u.seq.poisoned) return poisoned_value(I, loc);
        Value *acc = v_false();
        for (int i = 0; i < container->u.seq.n; i++) {
            Value *e = values_eq(I, x, container->u.seq.v[i], loc);
            if (!e) return NULL;
            if (e->kind == V_UNKNOWN) return e;
            if (e->kind != V_BOOL) {
                Tri t = truth_of(I, e, loc);
                if (t == TRI_UNKNOWN) return NULL;
                e = v_bool(I, t == TRI_TRUE);
            }
            if (!e->u.i.sym && e->u.i.c) return v_true();
            acc = bool_or_v(I, acc, e, loc);
        }
        return acc;
    }
    case V_DICT: {
        container_read(I, &container->u.dict.rd);
        if (container->u.dict.poisoned) return poisoned_value(I, loc);
        bool hashable;
        if (!value_key_ok(x, &hashable)) {
            if (!hashable) {
                interp_raise(I, loc, "TypeError", "unhashable type: '%s'", value_type_name(x));
                return NULL;
            }
            if (x->kind == V_UNKNOWN) return unknown_from(I, x, loc);
            /* symbolic key: compare with every key */
            Value *keys = v_tuple(I, container->u.dict.n);
            for (int i = 0; i < container->u.dict.n; i++) keys->u.seq.v[i] = container->u.dict.v[i].key;
            return contains(I, keys, x, loc);
        }
        return v_bool(I, dict_get(&container->u.dict, x) != NULL);
    }
    case V_STR:
        if (x->kind != V_STR) {
            interp_raise(I, loc, "TypeError", "'in <string>' requires string as left operand, not %s",
                         value_type_name(x));
            return NULL;
        }
        if (x->u.str.len == 0) return v_true();
        for (size_t i = 0; i + x->u.str.len <= container->u.str.len; i++)
            if (memcmp(container->u.str.s + i, x->u.str.s, x->u.str.len) == 0) return v_true();
        return v_false();
    case V_RANGE: {
        Value *r = container;
        if (!is_int(x)) return v_false();
        Value *st = r->u.range.step;
        if (st->u.i.sym) return v_unknown(I, loc, "membership in a range with a symbolic step");
        bool up = st->u.i.c > 0;
        Value *lo = up ? int_cmp(I, CMP_GTE, x, r->u.range.start, loc) : int_cmp(I, CMP_LTE, x, r->u.range.start, loc);
        Value *hi = up ? int_cmp(I, CMP_LT, x, r->u.range.stop, loc) : int_cmp(I, CMP_GT, x, r->u.range.stop, loc);
        if (!lo || !hi) return NULL;
        if (lo->kind != V_BOOL) return lo;
        if (hi->kind != V_BOOL) return hi;
        Value *in = bool_and_v(I, lo, hi, loc);
        int64_t s = st->u.i.c;
        if (s != 1 && s != -1 && in->kind == V_BOOL) {
            Value *d = int_binop(I, OP_SUB, x, r->u.range.start, loc);
            if (!d || d->kind != V_INT) return d;
            Value *m = int_binop(I, OP_MOD, d, v_int(I, s < 0 ? -s : s), loc);
            if (!m || m->kind != V_INT) return m;
            Value *z = int_cmp(I, CMP_EQ, m, v_int(I, 0), loc);
            if (!z || z->kind != V_BOOL) return z;
            in = bool_and_v(I, in, z, loc);
        }
        return in;
    }
    case V_INSTANCE: {
        Value *m = instance_method(I, container, I->atoms->a_contains);
        if (m) return interp_calln(I, m, 1, &x, loc);
        break;
    }
    case V_OBJECT:
        if (container->u.obj.type->iterate) {
            Value *items = container->u.obj.type->iterate(I, container, loc);
            if (!items) return NULL;
            return contains(I, items, x, loc);
        }
        break;
    case V_UNKNOWN: return unknown_from(I, container, loc);
    case V_NONE:
    case V_BOOL:
    case V_INT:
    case V_FLOAT:
    case V_SLICE:
    case V_FUNCTION:
    case V_BUILTIN:
    case V_BOUND:
    case V_MODULE:
    case V_CLASS:
        break;
    }
    interp_raise(I, loc, "TypeError", "argument of type '%s' is not iterable", value_type_name(container));
    return NULL;
}

static bool same_object(const Value *a, const Value *b) {
    if (a == b) return true;
    if (a->kind == V_NONE && b->kind == V_NONE) return true;
    if (a->kind == V_BOOL && b->kind == V_BOOL && !a->u.i.sym && !b->u.i.sym) return a->u.i.c == b->u.i.c;
    if (a->kind == V_INT && b->kind == V_INT && !a->u.i.sym && !b->u.i.sym)
        return a->u.i.c == b->u.i.c && a->u.i.c >= -5 && a->u.i.c <= 256;
    return false;
}

Value *interp_compare(Interp *I, CmpOpKind op, Value *a, Value *b, Loc loc) {
    switch (op) {
    case CMP_IS:
    case CMP_ISNOT: {
        if ((a->kind == V_UNKNOWN && b->kind != V_NONE) || (b->kind == V_UNKNOWN && a->kind != V_NONE))
            return unknown_from(I, a->kind == V_UNKNOWN ? a : b, loc);
        if (a->kind == V_UNKNOWN || b->kind == V_UNKNOWN)
            return unknown_from(I, a->kind == V_UNKNOWN ? a : b, loc);
        if (a->kind == V_OBJECT && a->u.obj.type->resolve && !(a = a->u.obj.type->resolve(I, a, loc)))
            return NULL;
        if (b->kind == V_OBJECT && b->u.obj.type->resolve && !(b = b->u.obj.type->resolve(I, b, loc)))
            return NULL;
        bool r = same_object(a, b);
        return v_bool(I, op == CMP_IS ? r : !r);
    }
    case CMP_IN:
    case CMP_NOTIN: {
        Value *r = contains(I, b, a, loc);
        if (!r || op == CMP_IN) return r;
        return interp_unary(I, UOP_NOT, r, loc);
    }
    case CMP_EQ: return values_eq(I, a, b, loc);
    case CMP_NOTEQ: {
        if (a->kind == V_INSTANCE) {
            Value *m = instance_method(I, a, I->atoms->a_ne);
            if (m) return interp_calln(I, m, 1, &b, loc);
        }
        if (a->kind == V_OBJECT && a->u.obj.type->compare) return a->u.obj.type->compare(I, op, a, b, false, loc);
        if (b->kind == V_OBJECT && b->u.obj.type->compare) return b->u.obj.type->compare(I, op, b, a, true, loc);
        Value *r = values_eq(I, a, b, loc);
        if (!r) return NULL;
        return interp_unary(I, UOP_NOT, r, loc);
    }
    case CMP_LT:
    case CMP_LTE:
    case CMP_GT:
    case CMP_GTE:
        return ordering(I, op, a, b, loc);
    }
    return NULL;
}

/* ---- attributes ------------------------------------------------------------------------ */

static Value *module_getattr(Interp *I, Value *m, const char *name, Loc loc) {
    Dict *g = &m->u.module.globals;
    container_read(I, &g->rd);
    Value *v = dict_get_str(g, name);
    if (v) return g->poisoned ? poisoned_value(I, loc) : v;
    /* a submodule imported since (import a.b binds b in a) */
    StrBuf b = {0};
    sb_printf(&b, "%s.%s", m->u.module.name, name);
    Value *sub = dict_get_str(&I->modules, intern(I->names, b.s, b.len));
    if (sub) {
        sb_free(&b);
        return sub;
    }
    if (m->u.module.unmodelled) {
        Value *u = v_unknown(I, loc, "'%s' is not modelled", sb_str(&b));
        sb_free(&b);
        return u;
    }
    sb_free(&b);
    if (m == I->builtins) {
        interp_raise(I, loc, "NameError", "name '%s' is not defined", name);
        return NULL;
    }
    interp_raise(I, loc, "AttributeError", "module '%s' has no attribute '%s'", m->u.module.name, name);
    return NULL;
}

Value *interp_getattr(Interp *I, Value *obj, const char *name, Loc loc) {
    const EvalAtoms *at = I->atoms;
    switch (obj->kind) {
    case V_MODULE: return module_getattr(I, obj, name, loc);
    case V_INSTANCE: return instance_getattr(I, obj, name, loc, true);
    case V_CLASS: {
        bool poisoned = false;
        Value *v = class_lookup_tracked(I, obj, name, &poisoned);
        if (poisoned) return poisoned_value(I, loc);
        if (v) {
            if (v->kind == V_OBJECT && v->u.obj.type == &objtype_staticmethod) return v->u.obj.data;
            if (v->kind == V_OBJECT && v->u.obj.type == &objtype_classmethod) return v_bound(I, obj, v->u.obj.data);
            return v;
        }
        if (name == at->a_name || name == at->a_qualname) return v_cstr(I, obj->u.cls.name);
        if (name == at->a_module)
            return obj->u.cls.module ? v_str_interned(I, obj->u.cls.module->u.module.name) : v_cstr(I, "builtins");
        if (name == at->a_doc) return v_none();
        if (name == at->a_bases) return v_tuple_of(I, obj->u.cls.bases.n, obj->u.cls.bases.v);
        if (name == at->a_members && (obj->u.cls.flags & CLS_ENUM)) {
            Value *d = v_dict(I);
            for (int i = 0; i < obj->u.cls.attrs.n; i++) {
                Value *mv = obj->u.cls.attrs.v[i].value;
                if (mv->kind == V_INSTANCE && mv->u.inst.cls == obj) dict_set(I, &d->u.dict, obj->u.cls.attrs.v[i].key, mv);
            }
            return d;
        }
        interp_raise(I, loc, "AttributeError", "type object '%s' has no attribute '%s'", obj->u.cls.name, name);
        return NULL;
    }
    case V_OBJECT:
        if (obj->u.obj.type->getattr) return obj->u.obj.type->getattr(I, obj, name, loc);
        break;
    case V_UNKNOWN: return unknown_from(I, obj, loc);
    case V_FUNCTION:
        if (name == at->a_name) {
            const char *q = obj->u.fn.qualname ? obj->u.fn.qualname : "<lambda>";
            const char *dot = strrchr(q, '.');
            return v_cstr(I, dot ? dot + 1 : q);
        }
        if (name == at->a_qualname) return v_cstr(I, obj->u.fn.qualname ? obj->u.fn.qualname : "<lambda>");
        if (name == at->a_module) return v_str_interned(I, obj->u.fn.module->u.module.name);
        if (name == at->a_doc) return v_none();
        break;
    case V_BUILTIN:
        if (name == at->a_name) return v_cstr(I, obj->u.builtin.name);
        if (name == at->a_qualname) return v_cstr(I, obj->u.builtin.name);
        break;
    case V_BOUND:
        if (strcmp(name, "__self__") == 0) return obj->u.bound.self;
        if (strcmp(name, "__func__") == 0) return obj->u.bound.func;
        return interp_getattr(I, obj->u.bound.func, name, loc);
    case V_SLICE:
        if (name == at->a_start) return obj->u.slice.lower;
        if (name == at->a_stop) return obj->u.slice.upper;
        if (name == at->a_step) return obj->u.slice.step;
        break;
    case V_RANGE:
        if (name == at->a_start) return obj->u.range.start;
        if (name == at->a_stop) return obj->u.range.stop;
        if (name == at->a_step) return obj->u.range.step;
        break;
    case V_INT:
    case V_BOOL:
        if (name == at->a_real) return obj->kind == V_BOOL && !obj->u.i.sym ? v_int(I, obj->u.i.c) : obj;
        if (name == at->a_imag) return v_int(I, 0);
        if (strcmp(name, "numerator") == 0) return obj;
        if (strcmp(name, "denominator") == 0) return v_int(I, 1);
        break;
    case V_FLOAT:
        if (name == at->a_real) return obj;
        if (name == at->a_imag) return v_float(I, 0);
        break;
    case V_NONE:
    case V_STR:
    case V_TUPLE:
    case V_LIST:
    case V_DICT:
    case V_SET:
        break;
    }
    Value *m = builtin_type_method(I, obj, name);
    if (m || I->unwind) return m;
    if (name == at->a_class) return builtin_type_of(I, obj);
    interp_raise(I, loc, "AttributeError", "'%s' object has no attribute '%s'", value_type_name(obj), name);
    return NULL;
}

bool interp_setattr(Interp *I, Value *obj, const char *name, Value *v, Loc loc) {
    switch (obj->kind) {
    case V_INSTANCE: {
        Dict *d = &obj->u.inst.attrs;
        /* a property with a setter is not modelled: plain attribute */
        if (!container_write(I, d->born, d->rd, &d->poisoned, loc)) return false;
        Value *frozen = (obj->u.inst.cls->u.cls.flags & CLS_DATACLASS)
                            ? class_lookup(obj->u.inst.cls, intern_cstr(I->names, "__frozen__"))
                            : NULL;
        if (frozen && frozen->kind == V_BOOL && frozen->u.i.c) {
            interp_raise(I, loc, "FrozenInstanceError", "cannot assign to field '%s'", name);
            return false;
        }
        dict_set_str(I, d, name, v);
        return true;
    }
    case V_CLASS: {
        Dict *d = &obj->u.cls.attrs;
        if (!container_write(I, d->born, d->rd, &d->poisoned, loc)) return false;
        dict_set_str(I, d, name, v);
        return true;
    }
    case V_MODULE: {
        Dict *d = &obj->u.module.globals;
        if (!container_write(I, d->born, d->rd, &d->poisoned, loc)) return false;
        dict_set_str(I, d, name, v);
        return true;
    }
    case V_FUNCTION:
        /* function attributes are not modelled: accept and forget */
        return true;
    case V_UNKNOWN:
        return true;
    case V_OBJECT:
        interp_raise(I, loc, "AttributeError", "'%s' object attribute '%s' is read-only", obj->u.obj.type->name, name);
        return false;
    case V_NONE:
    case V_BOOL:
    case V_INT:
    case V_FLOAT:
    case V_STR:
    case V_TUPLE:
    case V_LIST:
    case V_DICT:
    case V_SET:
    case V_SLICE:
    case V_RANGE:
    case V_BUILTIN:
    case V_BOUND:
        break;
    }
    interp_raise(I, loc, "AttributeError", "'%s' object has no attribute '%s'", value_type_name(obj), name);
    return false;
}

/* ---- subscripts ------------------------------------------------------------------------- */

Value *make_slice(Interp *I, Value *lo, Value *hi, Value *st) {
    Value *s = arena_alloc(I->arena, sizeof *s);
    s->kind = V_SLICE;
    s->u.slice.lower = lo ? lo : v_none();
    s->u.slice.upper = hi ? hi : v_none();
    s->u.slice.step = st ? st : v_none();
    return s;
}

static bool slice_part(Interp *I, Value *v, int64_t *out, bool *none, Loc loc) {
    *none = v->kind == V_NONE;
    if (*none) return true;
    if (is_int(v) && !v->u.i.sym) {
        *out = v->u.i.c;
        return true;
    }
    if (v->kind == V_INSTANCE || v->kind == V_OBJECT || (is_int(v) && v->u.i.sym) || v->kind == V_UNKNOWN) return false;
    interp_raise(I, loc, "TypeError", "slice indices must be integers or None or have an __index__ method");
    return false;
}

bool slice_indices(Interp *I, Value *slice, int64_t len, int64_t *start, int64_t *stop, int64_t *stepv,
                   int64_t *count, Loc loc) {
    int64_t a = 0, b = 0, s = 1;
    bool an, bn, sn;
    if (!slice_part(I, slice->u.slice.step, &s, &sn, loc)) return false;
    if (sn) s = 1;
    if (s == 0) {
        interp_raise(I, loc, "ValueError", "slice step cannot be zero");
        return false;
    }
    if (!slice_part(I, slice->u.slice.lower, &a, &an, loc)) return false;
    if (!slice_part(I, slice->u.slice.upper, &b, &bn, loc)) return false;
    if (an) {
        a = s < 0 ? len - 1 : 0;
    } else {
        if (a < 0) a += len;
        if (a < 0) a = s < 0 ? -1 : 0;
        if (a >= len) a = s < 0 ? len - 1 : len;
    }
    if (bn) {
        b = s < 0 ? -1 : len;
    } else {
        if (b < 0) b += len;
        if (b < 0) b = s < 0 ? -1 : 0;
        if (b >= len) b = s < 0 ? len - 1 : len;
    }
    int64_t n = 0;
    if (s > 0 && a < b) n = (b - a - 1) / s + 1;
    if (s < 0 && b < a) n = (a - b - 1) / (-s) + 1;
    *start = a;
    *stop = b;
    *stepv = s;
    *count = n;
    return true;
}

/* Index into a sequence of length n with a symbolic int: bounds by decision,
 * the element by an ite chain over int elements, else by decisions. */
static Value *symbolic_index(Interp *I, Value *obj, Value *key, Loc loc) {
    int n = obj->u.seq.n;
    Value *nv = v_int(I, n);
    Value *lo = int_cmp(I, CMP_GTE, key, interp_unary(I, UOP_USUB, nv, loc), loc);
    Value *hi = int_cmp(I, CMP_LT, key, nv, loc);
    if (!lo || !hi) return NULL;
    if (lo->kind != V_BOOL) return lo;
    if (hi->kind != V_BOOL) return hi;
    Value *in = bool_and_v(I, lo, hi, loc);
    Tri t = truth_of(I, in, loc);
    if (t == TRI_UNKNOWN) return NULL;
    if (t == TRI_FALSE) {
        interp_raise(I, loc, "IndexError", "%s index out of range", value_type_name(obj));
        return NULL;
    }
    bool all_int = true;
    for (int i = 0; i < n && all_int; i++) all_int = is_int(obj->u.seq.v[i]);
    if (all_int && I->dom->ite) {
        Value *acc = NULL;
        for (int i = n - 1; i >= 0; i--) {
            Value *e = obj->u.seq.v[i];
            if (!acc) {
                acc = e;
                continue;
            }
            Value *c1 = int_cmp(I, CMP_EQ, key, v_int(I, i), loc);
            Value *c2 = int_cmp(I, CMP_EQ, key, v_int(I, i - n), loc);
            if (!c1 || !c2 || c1->kind != V_BOOL || c2->kind != V_BOOL) return v_unknown(I, loc, "symbolic index");
            Value *c = bool_or_v(I, c1, c2, loc);
            if (c->kind != V_BOOL) return c;
            if (!c->u.i.sym) {
                if (c->u.i.c) acc = e;
                continue;
            }
            SymTerm *te = int_term(I, e), *ta = int_term(I, acc);
            SymTerm *r = te && ta ? I->dom->ite(I->dom_state, c->u.i.sym, te, ta) : NULL;
            if (!r) return v_unknown(I, loc, "symbolic index not representable");
            acc = v_sym_int(I, r);
        }
        return acc ? acc : v_unknown(I, loc, "empty sequence");
    }
    for (int i = 0; i < n; i++) {
        Value *c1 = int_cmp(I, CMP_EQ, key, v_int(I, i), loc);
        Value *c2 = int_cmp(I, CMP_EQ, key, v_int(I, i - n), loc);
        if (!c1 || !c2) return NULL;
        if (c1->kind != V_BOOL) return c1;
        if (c2->kind != V_BOOL) return c2;
        Tri ti = truth_of(I, bool_or_v(I, c1, c2, loc), loc);
        if (ti == TRI_UNKNOWN) return NULL;
        if (ti == TRI_TRUE) return obj->u.seq.v[i];
    }
    return v_unknown(I, loc, "symbolic index");
}

Value *seq_getitem(Interp *I, Value *obj, Value *key, Loc loc) {
    bool is_str = obj->kind == V_STR;
    int64_t len;
    if (is_str) {
        len = (int64_t)utf8_count(obj->u.str.s, obj->u.str.len);
    } else {
        if (obj->u.seq.sym) return seq_sym_getitem(I, obj, key, loc);
        SEQ_READ(I, &obj->u.seq);
        if (obj->u.seq.poisoned) return poisoned_value(I, loc);
        len = obj->u.seq.n;
    }
    if (is_int(key)) {
        if (key->u.i.sym) {
            if (is_str) return v_unknown(I, loc, "string indexed by a symbolic int");
            return symbolic_index(I, obj, key, loc);
        }
        int64_t i = key->u.i.c;
        if (i < 0) i += len;
        if (i < 0 || i >= len) {
            interp_raise(I, loc, "IndexError", "%s index out of range", is_str ? "string" : value_type_name(obj));
            return NULL;
        }
        if (is_str) {
            size_t a = utf8_offset(obj->u.str.s, obj->u.str.len, (size_t)i);
            size_t b = utf8_offset(obj->u.str.s, obj->u.str.len, (size_t)i + 1);
            return v_str(I, obj->u.str.s + a, b - a);
        }
        return obj->u.seq.v[i];
    }
    if (key->kind == V_SLICE) {
        int64_t a, b, s, n;
        if (!slice_indices(I, key, len, &a, &b, &s, &n, loc))
            return I->unwind ? NULL : v_unknown(I, loc, "slice with symbolic bounds of a %s", value_type_name(obj));
        if (is_str) {
            StrBuf sb = {0};
            bool ascii = utf8_count(obj->u.str.s, obj->u.str.len) == obj->u.str.len;
            for (int64_t k = 0, i = a; k < n; k++, i += s) {
                if (ascii) {
                    sb_putc(&sb, obj->u.str.s[i]);
                } else {
                    size_t x = utf8_offset(obj->u.str.s, obj->u.str.len, (size_t)i);
                    size_t y = utf8_offset(obj->u.str.s, obj->u.str.len, (size_t)i + 1);
                    sb_put(&sb, obj->u.str.s + x, y - x);
                }
            }
            Value *r = v_str(I, sb_str(&sb), sb.len);
            sb_free(&sb);
            return r;
        }
        Value *r = obj->kind == V_TUPLE ? v_tuple(I, (int)n) : v_list(I, (int)n);
        for (int64_t k = 0, i = a; k < n; k++, i += s) r->u.seq.v[k] = obj->u.seq.v[i];
        return r;
    }
    if (key->kind == V_UNKNOWN) return unknown_from(I, key, loc);
    if (key->kind == V_INSTANCE || key->kind == V_OBJECT)
        return v_unknown(I, loc, "index of type '%s' into a %s is not modelled", value_type_name(key),
                         value_type_name(obj));
    interp_raise(I, loc, "TypeError", "%s indices must be integers or slices, not %s",
                 is_str ? "string" : value_type_name(obj), value_type_name(key));
    return NULL;
}

static Value *range_getitem(Interp *I, Value *r, Value *key, Loc loc) {
    if (!is_int(key)) {
        if (key->kind == V_UNKNOWN) return unknown_from(I, key, loc);
        return v_unknown(I, loc, "range subscript of type '%s' is not modelled", value_type_name(key));
    }
    Value *n = range_len(I, r, loc);
    if (!n) return NULL;
    Value *idx = key;
    if (!key->u.i.sym && key->u.i.c < 0) {
        idx = int_binop(I, OP_ADD, key, n, loc);
        if (!idx || idx->kind != V_INT) return idx;
    }
    Value *lo = int_cmp(I, CMP_GTE, idx, v_int(I, 0), loc), *hi = int_cmp(I, CMP_LT, idx, n, loc);
    if (!lo || !hi) return NULL;
    if (lo->kind != V_BOOL || hi->kind != V_BOOL) return v_unknown(I, loc, "range index");
    Tri t = truth_of(I, bool_and_v(I, lo, hi, loc), loc);
    if (t == TRI_UNKNOWN) return NULL;
    if (t == TRI_FALSE) {
        interp_raise(I, loc, "IndexError", "range object index out of range");
        return NULL;
    }
    Value *off = int_binop(I, OP_MULT, idx, r->u.range.step, loc);
    if (!off || off->kind != V_INT) return off;
    return int_binop(I, OP_ADD, r->u.range.start, off, loc);
}

Value *interp_getitem(Interp *I, Value *obj, Value *key, Loc loc) {
    switch (obj->kind) {
    case V_TUPLE:
    case V_LIST:
    case V_STR:
        return seq_getitem(I, obj, key, loc);
    case V_DICT: {
        container_read(I, &obj->u.dict.rd);
        if (obj->u.dict.poisoned) return poisoned_value(I, loc);
        bool hashable;
        if (!value_key_ok(key, &hashable)) {
            if (!hashable) {
                interp_raise(I, loc, "TypeError", "unhashable type: '%s'", value_type_name(key));
                return NULL;
            }
            if (key->kind == V_UNKNOWN) return unknown_from(I, key, loc);
            return v_unknown(I, loc, "dict lookup with a symbolic key is not modelled");
        }
        Value *v = dict_get(&obj->u.dict, key);
        if (v) return v;
        StrBuf b = {0};
        value_repr(I, &b, key);
        interp_raise(I, loc, "KeyError", "%s", sb_str(&b));
        sb_free(&b);
        return NULL;
    }
    case V_RANGE: return range_getitem(I, obj, key, loc);
    case V_OBJECT:
        if (obj->u.obj.type->getitem) return obj->u.obj.type->getitem(I, obj, key, loc);
        break;
    case V_INSTANCE: {
        Value *m = instance_method(I, obj, I->atoms->a_getitem);
        if (m) return interp_calln(I, m, 1, &key, loc);
        break;
    }
    case V_CLASS:
        /* generic aliases (list[int], Generic[T], Tuple[...]) in annotations */
        return obj;
    case V_BUILTIN:
        if (builtin_is_type(obj)) return obj;   /* list[int], tuple[int, ...] in annotations */
        break;
    case V_UNKNOWN: return unknown_from(I, obj, loc);
    case V_NONE:
    case V_BOOL:
    case V_INT:
    case V_FLOAT:
    case V_SET:
    case V_SLICE:
    case V_FUNCTION:
    case V_BOUND:
    case V_MODULE:
        break;
    }
    interp_raise(I, loc, "TypeError", "'%s' object is not subscriptable", value_type_name(obj));
    return NULL;
}

bool interp_setitem(Interp *I, Value *obj, Value *key, Value *v, Loc loc) {
    switch (obj->kind) {
    case V_LIST: {
        Seq *s = &obj->u.seq;
        if (!SEQ_WRITE(I, s, loc)) return false;
        if (is_int(key)) {
            if (key->u.i.sym) {
                interp_abort(I, loc, "list assignment with a symbolic index is not modelled");
                return false;
            }
            int64_t i = key->u.i.c;
            if (i < 0) i += s->n;
            if (i < 0 || i >= s->n) {
                interp_raise(I, loc, "IndexError", "list assignment index out of range");
                return false;
            }
            s->v[i] = v;
            return true;
        }
        if (key->kind == V_SLICE) {
            int64_t a, b, st, n;
            if (!slice_indices(I, key, s->n, &a, &b, &st, &n, loc)) {
                if (!I->unwind) interp_abort(I, loc, "list slice assignment with symbolic bounds is not modelled");
                return false;
            }
            Value *items = unpack_items(I, v, loc);
            if (!items) return false;
            if (st != 1) {
                if (items->u.seq.n != n) {
                    interp_raise(I, loc, "ValueError",
                                 "attempt to assign sequence of size %d to extended slice of size %lld",
                                 items->u.seq.n, (long long)n);
                    return false;
                }
                for (int64_t k = 0, i = a; k < n; k++, i += st) s->v[i] = items->u.seq.v[k];
                return true;
            }
            if (b < a) b = a;
            Seq ns = {0};
            seq_init_cap(I, &ns, s->n - (int)(b - a) + items->u.seq.n);
            for (int64_t i = 0; i < a; i++) seq_append(I, &ns, s->v[i]);
            for (int i = 0; i < items->u.seq.n; i++) seq_append(I, &ns, items->u.seq.v[i]);
            for (int64_t i = b; i < s->n; i++) seq_append(I, &ns, s->v[i]);
            s->v = ns.v;
            s->n = ns.n;
            s->cap = ns.cap;
            return true;
        }
        if (key->kind == V_UNKNOWN) {
            interp_abort(I, loc, "%s", key->u.unknown.reason);
            return false;
        }
        interp_raise(I, loc, "TypeError", "list indices must be integers or slices, not %s", value_type_name(key));
        return false;
    }
    case V_DICT: {
        Dict *d = &obj->u.dict;
        if (!container_write(I, d->born, d->rd, &d->poisoned, loc)) return false;
        bool hashable;
        if (!value_key_ok(key, &hashable)) {
            if (!hashable) {
                interp_raise(I, loc, "TypeError", "unhashable type: '%s'", value_type_name(key));
                return false;
            }
            interp_abort(I, loc, "dict assignment with a symbolic or unknown key is not modelled");
            return false;
        }
        dict_set(I, d, key, v);
        return true;
    }
    case V_OBJECT:
        if (obj->u.obj.type->setitem) return obj->u.obj.type->setitem(I, obj, key, v, loc);
        break;
    case V_INSTANCE: {
        Value *m = instance_method(I, obj, I->atoms->a_setitem);
        if (m) {
            Value *args[2] = {key, v};
            return interp_calln(I, m, 2, args, loc) != NULL;
        }
        break;
    }
    case V_UNKNOWN:
        interp_abort(I, loc, "%s", obj->u.unknown.reason);
        return false;
    case V_NONE:
    case V_BOOL:
    case V_INT:
    case V_FLOAT:
    case V_STR:
    case V_TUPLE:
    case V_SET:
    case V_SLICE:
    case V_RANGE:
    case V_FUNCTION:
    case V_BUILTIN:
    case V_BOUND:
    case V_MODULE:
    case V_CLASS:
        break;
    }
    interp_raise(I, loc, "TypeError", "'%s' object does not support item assignment", value_type_name(obj));
    return false;
}

/* ---- containers and unpacking -------------------------------------------------------- */

Value *unpack_items(Interp *I, Value *v, Loc loc) {
    switch (v->kind) {
    case V_TUPLE:
    case V_LIST:
        SEQ_READ(I, &v->u.seq);
        if (v->u.seq.poisoned) {
            interp_abort(I, loc, "unpacking a %s modified in a loop over a symbolic range", value_type_name(v));
            return NULL;
        }
        return v;
    case V_UNKNOWN:
        interp_abort(I, loc, "%s", v->u.unknown.reason);
        return NULL;
    case V_NONE: case V_BOOL: case V_INT: case V_FLOAT: case V_STR: case V_DICT: case V_SET: case V_SLICE:
    case V_RANGE: case V_FUNCTION: case V_BUILTIN: case V_BOUND: case V_MODULE: case V_CLASS:
    case V_INSTANCE: case V_OBJECT:
    default: break;
    }
    Value *items = interp_items(I, v, loc);
    if (!items && !I->unwind) interp_abort(I, loc, "cannot iterate a range of symbolic length");
    return items;
}

static bool append_elts(Interp *I, Seq *out, const NodeList *elts) {
    for (int i = 0; i < elts->n; i++) {
        const Node *e = elts->v[i];
        if (e->kind == N_STARRED) {
            Value *v = eval_expr(I, e->u.starred.value);
            if (!v) return false;
            Value *items = unpack_items(I, v, loc_of(I, e));
            if (!items) return false;
            for (int k = 0; k < items->u.seq.n; k++) seq_append(I, out, items->u.seq.v[k]);
        } else {
            Value *v = eval_expr(I, e);
            if (!v) return false;
            seq_append(I, out, v);
        }
    }
    return true;
}

static Value *eval_seq_literal(Interp *I, const Node *e) {
    ValueKind k = e->kind == N_TUPLE ? V_TUPLE : e->kind == N_LIST ? V_LIST : V_SET;
    const NodeList *elts = &e->u.seq.elts;
    bool starred = false;
    for (int i = 0; i < elts->n; i++) starred |= elts->v[i]->kind == N_STARRED;
    Value *r;
    if (!starred && k != V_SET) {
        r = k == V_TUPLE ? v_tuple(I, elts->n) : v_list(I, elts->n);
        for (int i = 0; i < elts->n; i++) {
            Value *v = eval_expr(I, elts->v[i]);
            if (!v) return NULL;
            r->u.seq.v[i] = v;
        }
        return r;
    }
    Seq s = {0};
    seq_init_cap(I, &s, elts->n);
    if (!append_elts(I, &s, elts)) return NULL;
    if (k == V_SET) {
        r = v_set(I);
        for (int i = 0; i < s.n; i++) {
            bool hashable;
            if (!value_key_ok(s.v[i], &hashable) && !hashable) {
                interp_raise(I, loc_of(I, e), "TypeError", "unhashable type: '%s'", value_type_name(s.v[i]));
                return NULL;
            }
            bool dup = false;
            for (int j = 0; j < r->u.seq.n && !dup; j++) dup = value_equal(r->u.seq.v[j], s.v[i]);
            if (!dup) seq_append(I, &r->u.seq, s.v[i]);
        }
        return r;
    }
    r = k == V_TUPLE ? v_tuple(I, 0) : v_list(I, 0);
    uint32_t born = r->u.seq.born;
    r->u.seq = s;
    r->u.seq.born = born;
    return r;
}

static Value *eval_dict_literal(Interp *I, const Node *e) {
    Value *d = v_dict(I);
    Loc loc = loc_of(I, e);
    for (int i = 0; i < e->u.dict.values.n; i++) {
        const Node *kn = e->u.dict.keys.v[i];
        Value *val = eval_expr(I, e->u.dict.values.v[i]);
        if (!kn) {
            if (!val) return NULL;
            if (val->kind != V_DICT) {
                if (val->kind == V_UNKNOWN) {
                    interp_abort(I, loc, "%s", val->u.unknown.reason);
                    return NULL;
                }
                interp_raise(I, loc, "TypeError", "'%s' object is not a mapping", value_type_name(val));
                return NULL;
            }
            dict_copy(I, &d->u.dict, &val->u.dict);
            continue;
        }
        Value *key = eval_expr(I, kn);
        if (!key || !val) return NULL;
        bool hashable;
        if (!value_key_ok(key, &hashable)) {
            if (!hashable) {
                interp_raise(I, loc, "TypeError", "unhashable type: '%s'", value_type_name(key));
                return NULL;
            }
            interp_abort(I, loc, "dict with a symbolic or unknown key is not modelled");
            return NULL;
        }
        dict_set(I, &d->u.dict, key, val);
    }
    return d;
}

/* ---- assignment targets ------------------------------------------------------------------ */

static bool assign_unpack(Interp *I, const Node *t, Value *v) {
    Loc loc = loc_of(I, t);
    Value *items = unpack_items(I, v, loc);
    if (!items) return false;
    const NodeList *elts = &t->u.seq.elts;
    int star = -1;
    for (int i = 0; i < elts->n; i++)
        if (elts->v[i]->kind == N_STARRED) star = i;
    int n = items->u.seq.n;
    if (star < 0) {
        if (n != elts->n) {
            if (n > elts->n)
                interp_raise(I, loc, "ValueError", "too many values to unpack (expected %d)", elts->n);
            else
                interp_raise(I, loc, "ValueError", "not enough values to unpack (expected %d, got %d)", elts->n, n);
            return false;
        }
        Value *copy[16];
        Value **vals = n <= 16 ? copy : arena_alloc(I->arena, (size_t)n * sizeof(Value *));
        for (int i = 0; i < n; i++) vals[i] = items->u.seq.v[i];
        for (int i = 0; i < n; i++)
            if (!assign_target(I, elts->v[i], vals[i])) return false;
        return true;
    }
    int before = star, after = elts->n - star - 1;
    if (n < before + after) {
        interp_raise(I, loc, "ValueError", "not enough values to unpack (expected at least %d, got %d)",
                     before + after, n);
        return false;
    }
    Value **vals = arena_alloc(I->arena, (size_t)(n ? n : 1) * sizeof(Value *));
    for (int i = 0; i < n; i++) vals[i] = items->u.seq.v[i];
    for (int i = 0; i < before; i++)
        if (!assign_target(I, elts->v[i], vals[i])) return false;
    Value *mid = v_list(I, n - before - after);
    for (int i = 0; i < mid->u.seq.n; i++) mid->u.seq.v[i] = vals[before + i];
    if (!assign_target(I, elts->v[star]->u.starred.value, mid)) return false;
    for (int i = 0; i < after; i++)
        if (!assign_target(I, elts->v[star + 1 + i], vals[n - after + i])) return false;
    return true;
}

bool assign_target(Interp *I, const Node *t, Value *v) {
    switch (t->kind) {
    case N_NAME: return name_store(I, t->u.name.id, v, loc_of(I, t));
    case N_TUPLE:
    case N_LIST: return assign_unpack(I, t, v);
    case N_ATTRIBUTE: {
        Value *obj = eval_expr(I, t->u.attribute.value);
        if (!obj) return false;
        return interp_setattr(I, obj, t->u.attribute.attr, v, loc_of(I, t));
    }
    case N_SUBSCRIPT: {
        Value *obj = eval_expr(I, t->u.subscript.value);
        if (!obj) return false;
        Value *key = eval_expr(I, t->u.subscript.slice);
        if (!key) return false;
        I->frame->node = t;
        return interp_setitem(I, obj, key, v, loc_of(I, t));
    }
    case N_STARRED:
        interp_raise(I, loc_of(I, t), "SyntaxError", "starred assignment target must be in a list or tuple");
        return false;
    case N_MODULE: case N_FUNCTION_DEF: case N_ASYNC_FUNCTION_DEF: case N_CLASS_DEF: case N_RETURN:
    case N_DELETE: case N_ASSIGN: case N_AUG_ASSIGN: case N_ANN_ASSIGN: case N_FOR: case N_ASYNC_FOR:
    case N_WHILE: case N_IF: case N_WITH: case N_ASYNC_WITH: case N_MATCH: case N_RAISE: case N_TRY:
    case N_TRY_STAR: case N_ASSERT: case N_IMPORT: case N_IMPORT_FROM: case N_GLOBAL: case N_NONLOCAL:
    case N_EXPR: case N_PASS: case N_BREAK: case N_CONTINUE: case N_BOOL_OP: case N_NAMED_EXPR:
    case N_BIN_OP: case N_UNARY_OP: case N_LAMBDA: case N_IF_EXP: case N_DICT: case N_SET: case N_LIST_COMP:
    case N_SET_COMP: case N_DICT_COMP: case N_GENERATOR_EXP: case N_AWAIT: case N_YIELD: case N_YIELD_FROM:
    case N_COMPARE: case N_CALL: case N_FORMATTED_VALUE: case N_JOINED_STR: case N_CONSTANT: case N_SLICE:
    case N_COMPREHENSION: case N_EXCEPT_HANDLER: case N_ARGUMENTS: case N_ARG: case N_KEYWORD: case N_ALIAS:
    case N_WITHITEM: case N_MATCH_CASE: case N_MATCH_VALUE: case N_MATCH_SINGLETON: case N_MATCH_SEQUENCE:
    case N_MATCH_MAPPING: case N_MATCH_CLASS: case N_MATCH_STAR: case N_MATCH_AS: case N_MATCH_OR:
    case N_KIND_COUNT:
    default:
        interp_abort(I, loc_of(I, t), "assignment to %s is not supported", ast_kind_name(t->kind));
        return false;
    }
}

bool delete_target(Interp *I, const Node *t) {
    Loc loc = loc_of(I, t);
    switch (t->kind) {
    case N_NAME: return name_delete(I, t->u.name.id, loc);
    case N_TUPLE:
    case N_LIST:
        for (int i = 0; i < t->u.seq.elts.n; i++)
            if (!delete_target(I, t->u.seq.elts.v[i])) return false;
        return true;
    case N_ATTRIBUTE: {
        Value *obj = eval_expr(I, t->u.attribute.value);
        if (!obj) return false;
        Dict *d = obj->kind == V_INSTANCE ? &obj->u.inst.attrs : obj->kind == V_CLASS ? &obj->u.cls.attrs : NULL;
        if (!d) {
            if (obj->kind == V_UNKNOWN) return true;
            interp_raise(I, loc, "AttributeError", "'%s' object attribute '%s' cannot be deleted",
                         value_type_name(obj), t->u.attribute.attr);
            return false;
        }
        if (!container_write(I, d->born, d->rd, &d->poisoned, loc)) return false;
        Value key = {.kind = V_STR, .u.str = {t->u.attribute.attr, strlen(t->u.attribute.attr)}};
        if (!dict_del(d, &key)) {
            interp_raise(I, loc, "AttributeError", "'%s' object has no attribute '%s'", value_type_name(obj),
                         t->u.attribute.attr);
            return false;
        }
        return true;
    }
    case N_SUBSCRIPT: {
        Value *obj = eval_expr(I, t->u.subscript.value);
        if (!obj) return false;
        Value *key = eval_expr(I, t->u.subscript.slice);
        if (!key) return false;
        if (obj->kind == V_DICT) {
            Dict *d = &obj->u.dict;
            if (!container_write(I, d->born, d->rd, &d->poisoned, loc)) return false;
            bool hashable;
            if (!value_key_ok(key, &hashable)) {
                interp_abort(I, loc, "dict deletion with a symbolic or unknown key is not modelled");
                return false;
            }
            if (!dict_del(d, key)) {
                StrBuf b = {0};
                value_repr(I, &b, key);
                interp_raise(I, loc, "KeyError", "%s", sb_str(&b));
                sb_free(&b);
                return false;
            }
            return true;
        }
        if (obj->kind == V_LIST) {
            Seq *s = &obj->u.seq;
            if (!SEQ_WRITE(I, s, loc)) return false;
            if (is_int(key) && !key->u.i.sym) {
                int64_t i = key->u.i.c;
                if (i < 0) i += s->n;
                if (i < 0 || i >= s->n) {
                    interp_raise(I, loc, "IndexError", "list assignment index out of range");
                    return false;
                }
                seq_remove(s, (int)i);
                return true;
            }
            if (key->kind == V_SLICE) {
                int64_t a, b, st, n;
                if (!slice_indices(I, key, s->n, &a, &b, &st, &n, loc)) {
                    if (!I->unwind) interp_abort(I, loc, "list slice deletion with symbolic bounds");
                    return false;
                }
                bool *del = arena_alloc(I->arena, (size_t)s->n + 1);
                for (int64_t k = 0, i = a; k < n; k++, i += st) del[i] = true;
                int w = 0;
                for (int i = 0; i < s->n; i++)
                    if (!del[i]) s->v[w++] = s->v[i];
                s->n = w;
                return true;
            }
            interp_abort(I, loc, "list deletion with index of type '%s' is not modelled", value_type_name(key));
            return false;
        }
        if (obj->kind == V_UNKNOWN) {
            interp_abort(I, loc, "%s", obj->u.unknown.reason);
            return false;
        }
        interp_raise(I, loc, "TypeError", "'%s' object does not support item deletion", value_type_name(obj));
        return false;
    }
    case N_MODULE: case N_FUNCTION_DEF: case N_ASYNC_FUNCTION_DEF: case N_CLASS_DEF: case N_RETURN:
    case N_DELETE: case N_ASSIGN: case N_AUG_ASSIGN: case N_ANN_ASSIGN: case N_FOR: case N_ASYNC_FOR:
    case N_WHILE: case N_IF: case N_WITH: case N_ASYNC_WITH: case N_MATCH: case N_RAISE: case N_TRY:
    case N_TRY_STAR: case N_ASSERT: case N_IMPORT: case N_IMPORT_FROM: case N_GLOBAL: case N_NONLOCAL:
    case N_EXPR: case N_PASS: case N_BREAK: case N_CONTINUE: case N_BOOL_OP: case N_NAMED_EXPR:
    case N_BIN_OP: case N_UNARY_OP: case N_LAMBDA: case N_IF_EXP: case N_DICT: case N_SET: case N_LIST_COMP:
    case N_SET_COMP: case N_DICT_COMP: case N_GENERATOR_EXP: case N_AWAIT: case N_YIELD: case N_YIELD_FROM:
    case N_COMPARE: case N_CALL: case N_FORMATTED_VALUE: case N_JOINED_STR: case N_CONSTANT: case N_STARRED:
    case N_SLICE: case N_COMPREHENSION: case N_EXCEPT_HANDLER: case N_ARGUMENTS: case N_ARG: case N_KEYWORD:
    case N_ALIAS: case N_WITHITEM: case N_MATCH_CASE: case N_MATCH_VALUE: case N_MATCH_SINGLETON:
    case N_MATCH_SEQUENCE: case N_MATCH_MAPPING: case N_MATCH_CLASS: case N_MATCH_STAR: case N_MATCH_AS:
    case N_MATCH_OR: case N_KIND_COUNT:
    default:
        interp_abort(I, loc, "deletion of %s is not supported", ast_kind_name(t->kind));
        return false;
    }
}

/* ---- comprehensions ------------------------------------------------------------------------ */

typedef struct CompState {
    const Node *e;
    Value *out;     /* list/set/dict being built */
} CompState;

static bool comp_add(Interp *I, CompState *cs) {
    const Node *e = cs->e;
    Loc loc = loc_of(I, e);
    if (e->kind == N_DICT_COMP) {
        Value *k = eval_expr(I, e->u.comp.key);
        if (!k) return false;
        Value *v = eval_expr(I, e->u.comp.elt);
        if (!v) return false;
        bool hashable;
        if (!value_key_ok(k, &hashable)) {
            if (!hashable) {
                interp_raise(I, loc, "TypeError", "unhashable type: '%s'", value_type_name(k));
                return false;
            }
            interp_abort(I, loc, "dict with a symbolic or unknown key is not modelled");
            return false;
        }
        dict_set(I, &cs->out->u.dict, k, v);
        return true;
    }
    Value *v = eval_expr(I, e->u.comp.elt);
    if (!v) return false;
    if (e->kind == N_SET_COMP) {
        for (int j = 0; j < cs->out->u.seq.n; j++)
            if (value_equal(cs->out->u.seq.v[j], v)) return true;
    }
    seq_append(I, &cs->out->u.seq, v);
    return true;
}

static bool comp_gen(Interp *I, CompState *cs, int gi) {
    const NodeList *gens = &cs->e->u.comp.generators;
    if (gi == gens->n) return comp_add(I, cs);
    const Node *g = gens->v[gi];
    Value *it = eval_expr(I, g->u.comprehension.iter);
    if (!it) return false;
    Loc loc = loc_of(I, g->u.comprehension.iter);
    Value *items = interp_items(I, it, loc);
    if (!items) {
        if (!I->unwind) interp_abort(I, loc, "comprehension over a range of symbolic length");
        return false;
    }
    for (int i = 0; i < items->u.seq.n; i++) {
        if (!step(I, g)) return false;
        if (!assign_target(I, g->u.comprehension.target, items->u.seq.v[i])) return false;
        bool ok = true;
        for (int k = 0; k < g->u.comprehension.ifs.n && ok; k++) {
            Value *c = eval_expr(I, g->u.comprehension.ifs.v[k]);
            if (!c) return false;
            Tri t = truth_of(I, c, loc_of(I, g->u.comprehension.ifs.v[k]));
            if (t == TRI_UNKNOWN) return false;
            ok = t == TRI_TRUE;
        }
        if (ok && !comp_gen(I, cs, gi + 1)) return false;
    }
    return true;
}

Value *eval_comprehension(Interp *I, const Node *e) {
    CompState cs = {e, NULL};
    if (e->kind == N_DICT_COMP)
        cs.out = v_dict(I);
    else if (e->kind == N_SET_COMP)
        cs.out = v_set(I);
    else
        cs.out = v_list(I, 0);
    Env *saved = I->frame->env;
    Env *ce = env_new(I, saved, 0);
    ce->is_comp = true;
    I->frame->env = ce;
    bool ok = comp_gen(I, &cs, 0);
    I->frame->env = saved;
    return ok ? cs.out : NULL;
}

/* ---- f-strings ---------------------------------------------------------------------------------- */

static bool fstring_part(Interp *I, StrBuf *out, const Node *p) {
    if (p->kind == N_CONSTANT) {
        if (p->u.constant.value.kind == CONST_STR) sb_put(out, p->u.constant.value.s, p->u.constant.value.len);
        return true;
    }
    if (p->kind != N_FORMATTED_VALUE) {
        Value *v = eval_expr(I, p);
        if (!v) return false;
        value_str(I, out, v);
        return true;
    }
    Value *v = eval_expr(I, p->u.fvalue.value);
    if (!v) return false;
    Loc loc = loc_of(I, p);
    int conv = p->u.fvalue.conversion;
    if (conv == 'r' || conv == 'a' || conv == 's') {
        if (conv == 's') {
            const char *s = interp_str(I, v);
            if (!s) return false;
            v = v_cstr(I, s);
        } else {
            StrBuf b = {0};
            if (v->kind == V_INSTANCE && instance_method(I, v, I->atoms->a_repr)) {
                Value *r = call_method(I, v, I->atoms->a_repr, 0, NULL, loc);
                if (!r) return false;
                value_str(I, &b, r);
            } else {
                value_repr(I, &b, v);
            }
            v = v_str(I, sb_str(&b), b.len);
            sb_free(&b);
        }
    }
    if (p->u.fvalue.format_spec) {
        StrBuf spec = {0};
        const Node *fs = p->u.fvalue.format_spec;
        bool ok = true;
        if (fs->kind == N_JOINED_STR) {
            for (int i = 0; i < fs->u.joined.values.n && ok; i++) ok = fstring_part(I, &spec, fs->u.joined.values.v[i]);
        } else {
            ok = fstring_part(I, &spec, fs);
        }
        if (ok) ok = format_value(I, out, v, sb_str(&spec), spec.len, loc);
        sb_free(&spec);
        return ok;
    }
    return format_value(I, out, v, "", 0, loc);
}

static Value *eval_joined(Interp *I, const Node *e) {
    StrBuf b = {0};
    for (int i = 0; i < e->u.joined.values.n; i++) {
        if (!fstring_part(I, &b, e->u.joined.values.v[i])) {
            sb_free(&b);
            return NULL;
        }
    }
    Value *r = v_str(I, sb_str(&b), b.len);
    sb_free(&b);
    return r;
}

/* ---- boolean operators ---------------------------------------------------------------------- */

/* Expressions whose evaluation has no effects and cannot fail for
 * well-typed operands: evaluated eagerly to combine symbolic conditions
 * into one term instead of splitting the path. */
static bool pure_expr(const Node *e, int depth) {
    if (!e || depth > 8) return false;
    switch (e->kind) {
    case N_NAME:
    case N_CONSTANT: return true;
    case N_ATTRIBUTE: return pure_expr(e->u.attribute.value, depth + 1);
    case N_COMPARE:
        if (!pure_expr(e->u.compare.left, depth + 1)) return false;
        for (int i = 0; i < e->u.compare.comparators.n; i++) {
            if (e->u.compare.ops[i] == CMP_IN || e->u.compare.ops[i] == CMP_NOTIN) return false;
            if (!pure_expr(e->u.compare.comparators.v[i], depth + 1)) return false;
        }
        return true;
    case N_BOOL_OP:
        for (int i = 0; i < e->u.boolop.values.n; i++)
            if (!pure_expr(e->u.boolop.values.v[i], depth + 1)) return false;
        return true;
    case N_UNARY_OP: return e->u.unary.op == UOP_NOT || e->u.unary.op == UOP_USUB ? pure_expr(e->u.unary.operand, depth + 1) : false;
    case N_BIN_OP:
        if (e->u.binop.op != OP_ADD && e->u.binop.op != OP_SUB && e->u.binop.op != OP_MULT) return false;
        return pure_expr(e->u.binop.left, depth + 1) && pure_expr(e->u.binop.right, depth + 1);
    case N_TUPLE:
        for (int i = 0; i < e->u.seq.elts.n; i++)
            if (!pure_expr(e->u.seq.elts.v[i], depth + 1)) return false;
        return true;
    case N_MODULE: case N_FUNCTION_DEF: case N_ASYNC_FUNCTION_DEF: case N_CLASS_DEF: case N_RETURN:
    case N_DELETE: case N_ASSIGN: case N_AUG_ASSIGN: case N_ANN_ASSIGN: case N_FOR: case N_ASYNC_FOR:
    case N_WHILE: case N_IF: case N_WITH: case N_ASYNC_WITH: case N_MATCH: case N_RAISE: case N_TRY:
    case N_TRY_STAR: case N_ASSERT: case N_IMPORT: case N_IMPORT_FROM: case N_GLOBAL: case N_NONLOCAL:
    case N_EXPR: case N_PASS: case N_BREAK: case N_CONTINUE: case N_NAMED_EXPR: case N_LAMBDA: case N_IF_EXP:
    case N_DICT: case N_SET: case N_LIST_COMP: case N_SET_COMP: case N_DICT_COMP: case N_GENERATOR_EXP:
    case N_AWAIT: case N_YIELD: case N_YIELD_FROM: case N_CALL: case N_FORMATTED_VALUE: case N_JOINED_STR:
    case N_SUBSCRIPT: case N_STARRED: case N_LIST: case N_SLICE: case N_COMPREHENSION: case N_EXCEPT_HANDLER:
    case N_ARGUMENTS: case N_ARG: case N_KEYWORD: case N_ALIAS: case N_WITHITEM: case N_MATCH_CASE:
    case N_MATCH_VALUE: case N_MATCH_SINGLETON: case N_MATCH_SEQUENCE: case N_MATCH_MAPPING:
    case N_MATCH_CLASS: case N_MATCH_STAR: case N_MATCH_AS: case N_MATCH_OR: case N_KIND_COUNT:
    default: return false;
    }
}

/* Evaluates a pure expression speculatively: NULL (state restored) when it
 * raised or is not a bool. */
static Value *speculate_bool(Interp *I, const Node *e) {
    Value *saved_exc = I->exc;
    Loc saved_loc = I->exc_loc;
    long saved_steps = I->steps;
    Value *v = eval_expr(I, e);
    if (!v || v->kind != V_BOOL) {
        if (I->unwind == UNWIND_RAISE) {
            I->unwind = UNWIND_NONE;
            I->exc = saved_exc;
            I->exc_loc = saved_loc;
            I->steps = saved_steps;
        }
        return I->unwind ? NULL : (v && v->kind == V_BOOL ? v : NULL);
    }
    return v;
}

static Value *eval_boolop(Interp *I, const Node *e) {
    bool is_and = e->u.boolop.op == BOOL_AND;
    const NodeList *vals = &e->u.boolop.values;
    Value *v = NULL;
    for (int i = 0; i < vals->n; i++) {
        v = eval_expr(I, vals->v[i]);
        if (!v) return NULL;
        if (i == vals->n - 1) return v;
        if (v->kind == V_BOOL && v->u.i.sym && pure_expr(vals->v[i + 1], 0)) {
            Value *w = speculate_bool(I, vals->v[i + 1]);
            if (I->unwind) return NULL;
            if (w) {
                Value *c = is_and ? bool_and_v(I, v, w, loc_of(I, e)) : bool_or_v(I, v, w, loc_of(I, e));
                if (c->kind != V_BOOL) return c;
                /* fold the combined condition into the next operand */
                if (i + 1 == vals->n - 1) return c;
                v = c;
                i++;
            }
        }
        Tri t = truth_of(I, v, loc_of(I, vals->v[i]));
        if (t == TRI_UNKNOWN) return NULL;
        if (is_and && t == TRI_FALSE) return v->kind == V_BOOL && v->u.i.sym ? v_false() : v;
        if (!is_and && t == TRI_TRUE) return v->kind == V_BOOL && v->u.i.sym ? v_true() : v;
    }
    return v;
}

static Value *eval_compare(Interp *I, const Node *e) {
    Value *left = eval_expr(I, e->u.compare.left);
    if (!left) return NULL;
    int n = e->u.compare.comparators.n;
    Loc loc = loc_of(I, e);
    Value *acc = NULL;
    for (int i = 0; i < n; i++) {
        const Node *rn = e->u.compare.comparators.v[i];
        Value *right = eval_expr(I, rn);
        if (!right) return NULL;
        I->frame->node = e;
        Value *r = interp_compare(I, e->u.compare.ops[i], left, right, loc);
        if (!r) return NULL;
        if (i == n - 1) {
            if (!acc) return r;
            if (r->kind != V_BOOL) return r;
            return bool_and_v(I, acc, r, loc);
        }
        if (r->kind == V_BOOL && r->u.i.sym) {
            /* a == b == c on symbolic values: a conjunction when the rest is pure */
            bool rest_pure = true;
            for (int k = i + 1; k < n && rest_pure; k++) rest_pure = pure_expr(e->u.compare.comparators.v[k], 0);
            if (rest_pure) {
                acc = acc ? bool_and_v(I, acc, r, loc) : r;
                if (acc->kind != V_BOOL) return acc;
                left = right;
                continue;
            }
        }
        if (acc) {
            Tri ta = truth_of(I, acc, loc);
            if (ta == TRI_UNKNOWN) return NULL;
            if (ta == TRI_FALSE) return v_false();
            acc = NULL;
        }
        Tri t = truth_of(I, r, loc);
        if (t == TRI_UNKNOWN) return NULL;
        if (t == TRI_FALSE) return r->kind == V_BOOL && r->u.i.sym ? v_false() : r;
        left = right;
    }
    return acc ? acc : v_true();
}

/* ---- the expression switch ------------------------------------------------------------------- */

Value *eval_expr(Interp *I, const Node *e) {
    switch (e->kind) {
    case N_CONSTANT: return eval_const(I, &e->u.constant.value, loc_of(I, e));
    case N_NAME: return name_load(I, e->u.name.id, loc_of(I, e));
    case N_BIN_OP: {
        Value *a = eval_expr(I, e->u.binop.left);
        if (!a) return NULL;
        Value *b = eval_expr(I, e->u.binop.right);
        if (!b) return NULL;
        I->frame->node = e;
        return binop_at(I, e->u.binop.op, a, b, loc_of(I, e), e->u.binop.right);
    }
    case N_UNARY_OP: {
        Value *a = eval_expr(I, e->u.unary.operand);
        if (!a) return NULL;
        I->frame->node = e;
        return interp_unary(I, e->u.unary.op, a, loc_of(I, e));
    }
    case N_BOOL_OP: return eval_boolop(I, e);
    case N_COMPARE: return eval_compare(I, e);
    case N_IF_EXP: {
        Value *c = eval_expr(I, e->u.ifexp.test);
        if (!c) return NULL;
        Tri t = truth_of(I, c, loc_of(I, e->u.ifexp.test));
        if (t == TRI_UNKNOWN) return NULL;
        return eval_expr(I, t == TRI_TRUE ? e->u.ifexp.body : e->u.ifexp.orelse);
    }
    case N_CALL: return eval_call(I, e);
    case N_ATTRIBUTE: {
        Value *obj = eval_expr(I, e->u.attribute.value);
        if (!obj) return NULL;
        return interp_getattr(I, obj, e->u.attribute.attr, loc_of(I, e));
    }
    case N_SUBSCRIPT: {
        Value *obj = eval_expr(I, e->u.subscript.value);
        if (!obj) return NULL;
        Value *key = eval_expr(I, e->u.subscript.slice);
        if (!key) return NULL;
        I->frame->node = e;
        return interp_getitem(I, obj, key, loc_of(I, e));
    }
    case N_SLICE: {
        Value *lo = NULL, *hi = NULL, *st = NULL;
        if (e->u.slice.lower && !(lo = eval_expr(I, e->u.slice.lower))) return NULL;
        if (e->u.slice.upper && !(hi = eval_expr(I, e->u.slice.upper))) return NULL;
        if (e->u.slice.step && !(st = eval_expr(I, e->u.slice.step))) return NULL;
        return make_slice(I, lo, hi, st);
    }
    case N_TUPLE:
    case N_LIST:
    case N_SET: return eval_seq_literal(I, e);
    case N_DICT: return eval_dict_literal(I, e);
    case N_LIST_COMP:
    case N_SET_COMP:
    case N_DICT_COMP:
    case N_GENERATOR_EXP: return eval_comprehension(I, e);
    case N_LAMBDA: return make_function(I, e, NULL);
    case N_JOINED_STR: return eval_joined(I, e);
    case N_FORMATTED_VALUE: {
        StrBuf b = {0};
        bool ok = fstring_part(I, &b, e);
        Value *r = ok ? v_str(I, sb_str(&b), b.len) : NULL;
        sb_free(&b);
        return r;
    }
    case N_NAMED_EXPR: {
        Value *v = eval_expr(I, e->u.named.value);
        if (!v) return NULL;
        /* the target binds in the enclosing function, not a comprehension */
        Env *saved = I->frame->env;
        while (I->frame->env && I->frame->env->is_comp) I->frame->env = I->frame->env->parent;
        bool ok = assign_target(I, e->u.named.target, v);
        I->frame->env = saved;
        return ok ? v : NULL;
    }
    case N_STARRED:
        interp_raise(I, loc_of(I, e), "SyntaxError", "can't use starred expression here");
        return NULL;
    case N_YIELD:
    case N_YIELD_FROM:
        interp_abort(I, loc_of(I, e), "generators are not supported");
        return NULL;
    case N_AWAIT:
        interp_abort(I, loc_of(I, e), "await is not supported");
        return NULL;
    case N_MODULE: case N_FUNCTION_DEF: case N_ASYNC_FUNCTION_DEF: case N_CLASS_DEF: case N_RETURN:
    case N_DELETE: case N_ASSIGN: case N_AUG_ASSIGN: case N_ANN_ASSIGN: case N_FOR: case N_ASYNC_FOR:
    case N_WHILE: case N_IF: case N_WITH: case N_ASYNC_WITH: case N_MATCH: case N_RAISE: case N_TRY:
    case N_TRY_STAR: case N_ASSERT: case N_IMPORT: case N_IMPORT_FROM: case N_GLOBAL: case N_NONLOCAL:
    case N_EXPR: case N_PASS: case N_BREAK: case N_CONTINUE: case N_COMPREHENSION: case N_EXCEPT_HANDLER:
    case N_ARGUMENTS: case N_ARG: case N_KEYWORD: case N_ALIAS: case N_WITHITEM: case N_MATCH_CASE:
    case N_MATCH_VALUE: case N_MATCH_SINGLETON: case N_MATCH_SEQUENCE: case N_MATCH_MAPPING:
    case N_MATCH_CLASS: case N_MATCH_STAR: case N_MATCH_AS: case N_MATCH_OR: case N_KIND_COUNT:
    default:
        interp_abort(I, loc_of(I, e), "%s is not supported here", ast_kind_name(e->kind));
        return NULL;
    }
}
