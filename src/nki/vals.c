/* vals.c - integer and boolean arithmetic on values of any domain, and
 * affine forms over the axes of index tiles and views.
 *
 * Concrete operands are computed here (overflow gives V_UNKNOWN, as the
 * evaluator does); symbolic ones go straight to the domain's term
 * constructors, so that the model's own bookkeeping never creates
 * obligations of the user's arithmetic.
 */
#include "nki_int.h"

#include <string.h>

static Value *unknown_of(Interp *I, const Value *a, const Value *b)
{
    if (a && a->kind == V_UNKNOWN)
        return (Value *)a;
    if (b && b->kind == V_UNKNOWN)
        return (Value *)b;
    return v_unknown(I, interp_user_loc(I), "arithmetic on a value that is not an integer");
}

bool nv_is_int(const Value *v)
{
    return v && (v->kind == V_INT || v->kind == V_BOOL);
}

bool nv_const(const Value *v, int64_t *out)
{
    if (!nv_is_int(v) || v->u.i.sym)
        return false;
    *out = v->u.i.c;
    return true;
}

bool nv_is(const Value *v, int64_t c)
{
    int64_t x;
    return nv_const(v, &x) && x == c;
}

bool nv_same(const Value *a, const Value *b)
{
    int64_t x, y;
    if (a == b)
        return true;
    if (nv_const(a, &x) && nv_const(b, &y))
        return x == y;
    return nv_is_int(a) && nv_is_int(b) && a->u.i.sym && a->u.i.sym == b->u.i.sym;
}

Value *nv_int(Interp *I, int64_t c)
{
    return v_int(I, c);
}

static SymTerm *term_of(Interp *I, const Value *v)
{
    if (v->u.i.sym)
        return v->u.i.sym;
    if (v->kind == V_BOOL)
        return I->dom->bool_lit ? I->dom->bool_lit(I->dom_state, v->u.i.c != 0) : NULL;
    return I->dom->int_lit ? I->dom->int_lit(I->dom_state, v->u.i.c) : NULL;
}

static Value *sym_int(Interp *I, SymTerm *t, const char *what)
{
    if (!t)
        return v_unknown(I, interp_user_loc(I), "the %s domain cannot represent %s",
                         I->dom->name, what);
    return v_sym_int(I, t);
}

static Value *sym_bool(Interp *I, SymTerm *t, const char *what)
{
    if (!t)
        return v_unknown(I, interp_user_loc(I), "the %s domain cannot represent %s",
                         I->dom->name, what);
    return v_sym_bool(I, t);
}

static Value *int_binop(Interp *I, BinOpKind op, Value *a, Value *b)
{
    int64_t x, y, r = 0;
    if (!a || !b)
        return NULL;
    if (!nv_is_int(a) || !nv_is_int(b))
        return unknown_of(I, a, b);
    if (nv_const(a, &x) && nv_const(b, &y)) {
        bool ovf = false;
        switch (op) {
        case OP_ADD: ovf = __builtin_add_overflow(x, y, &r); break;
        case OP_SUB: ovf = __builtin_sub_overflow(x, y, &r); break;
        case OP_MULT: ovf = __builtin_mul_overflow(x, y, &r); break;
        case OP_FLOORDIV:
            if (y == 0)
                return v_unknown(I, interp_user_loc(I), "integer division by zero in an index computation");
            if (x == INT64_MIN && y == -1) {
                ovf = true;
                break;
            }
            r = x / y;
            if ((x % y != 0) && ((x < 0) != (y < 0)))
                r--;
            break;
        case OP_MATMULT: case OP_DIV: case OP_MOD: case OP_POW: case OP_LSHIFT:
        case OP_RSHIFT: case OP_BITOR: case OP_BITXOR: case OP_BITAND:
            return v_unknown(I, interp_user_loc(I), "unsupported index arithmetic");
        }
        if (ovf)
            return v_unknown(I, interp_user_loc(I), "integer overflow in an index computation");
        return v_int(I, r);
    }
    /* simplifications that keep terms small */
    if (op == OP_ADD && nv_is(a, 0)) return b;
    if ((op == OP_ADD || op == OP_SUB) && nv_is(b, 0)) return a;
    if (op == OP_MULT && (nv_is(a, 0) || nv_is(b, 0))) return v_int(I, 0);
    if (op == OP_MULT && nv_is(a, 1)) return b;
    if ((op == OP_MULT || op == OP_FLOORDIV) && nv_is(b, 1)) return a;
    if (!I->dom->int_binop)
        return v_unknown(I, interp_user_loc(I), "the %s domain has no integer terms", I->dom->name);
    SymTerm *ta = term_of(I, a), *tb = term_of(I, b);
    if (!ta || !tb)
        return sym_int(I, NULL, "this integer");
    return sym_int(I, I->dom->int_binop(I->dom_state, op, ta, tb), "this index arithmetic");
}

Value *nv_add(Interp *I, Value *a, Value *b) { return int_binop(I, OP_ADD, a, b); }
Value *nv_sub(Interp *I, Value *a, Value *b) { return int_binop(I, OP_SUB, a, b); }
Value *nv_mul(Interp *I, Value *a, Value *b) { return int_binop(I, OP_MULT, a, b); }
Value *nv_floordiv(Interp *I, Value *a, Value *b) { return int_binop(I, OP_FLOORDIV, a, b); }

Value *nv_neg(Interp *I, Value *a)
{
    return int_binop(I, OP_SUB, v_int(I, 0), a);
}

Value *nv_cmp(Interp *I, CmpOpKind op, Value *a, Value *b)
{
    int64_t x, y;
    if (!a || !b)
        return NULL;
    if (!nv_is_int(a) || !nv_is_int(b))
        return unknown_of(I, a, b);
    if (nv_const(a, &x) && nv_const(b, &y)) {
        bool r = false;
        switch (op) {
        case CMP_EQ: r = x == y; break;
        case CMP_NOTEQ: r = x != y; break;
        case CMP_LT: r = x < y; break;
        case CMP_LTE: r = x <= y; break;
        case CMP_GT: r = x > y; break;
        case CMP_GTE: r = x >= y; break;
        case CMP_IS: case CMP_ISNOT: case CMP_IN: case CMP_NOTIN:
            return v_unknown(I, interp_user_loc(I), "unsupported comparison");
        }
        return v_bool(I, r);
    }
    if (nv_same(a, b) && (op == CMP_EQ || op == CMP_LTE || op == CMP_GTE))
        return v_bool(I, true);
    if (!I->dom->int_cmp)
        return v_unknown(I, interp_user_loc(I), "the %s domain has no integer terms", I->dom->name);
    SymTerm *ta = term_of(I, a), *tb = term_of(I, b);
    if (!ta || !tb)
        return sym_bool(I, NULL, "this comparison");
    return sym_bool(I, I->dom->int_cmp(I->dom_state, op, ta, tb), "this comparison");
}

static bool is_bool(const Value *v)
{
    return v && (v->kind == V_BOOL || v->kind == V_INT);
}

Value *nv_and(Interp *I, Value *a, Value *b)
{
    int64_t x;
    if (!a || !b)
        return NULL;
    if (!is_bool(a) || !is_bool(b))
        return unknown_of(I, a, b);
    if (nv_const(a, &x))
        return x ? b : v_bool(I, false);
    if (nv_const(b, &x))
        return x ? a : v_bool(I, false);
    if (!I->dom->bool_and)
        return sym_bool(I, NULL, "a conjunction");
    return sym_bool(I, I->dom->bool_and(I->dom_state, term_of(I, a), term_of(I, b)), "a conjunction");
}

Value *nv_or(Interp *I, Value *a, Value *b)
{
    int64_t x;
    if (!a || !b)
        return NULL;
    if (!is_bool(a) || !is_bool(b))
        return unknown_of(I, a, b);
    if (nv_const(a, &x))
        return x ? v_bool(I, true) : b;
    if (nv_const(b, &x))
        return x ? v_bool(I, true) : a;
    if (!I->dom->bool_or)
        return sym_bool(I, NULL, "a disjunction");
    return sym_bool(I, I->dom->bool_or(I->dom_state, term_of(I, a), term_of(I, b)), "a disjunction");
}

Value *nv_not(Interp *I, Value *a)
{
    int64_t x;
    if (!a)
        return NULL;
    if (!is_bool(a))
        return unknown_of(I, a, NULL);
    if (nv_const(a, &x))
        return v_bool(I, !x);
    if (!I->dom->bool_not)
        return sym_bool(I, NULL, "a negation");
    return sym_bool(I, I->dom->bool_not(I->dom_state, term_of(I, a)), "a negation");
}

Value *nv_implies(Interp *I, Value *a, Value *b)
{
    return nv_or(I, nv_not(I, a), b);
}

Value *nv_ite(Interp *I, Value *c, Value *a, Value *b)
{
    int64_t x;
    if (!c || !a || !b)
        return NULL;
    if (nv_const(c, &x))
        return x ? a : b;
    if (nv_same(a, b))
        return a;
    if (!nv_is_int(a) || !nv_is_int(b) || !is_bool(c))
        return unknown_of(I, a, b);
    if (!I->dom->ite)
        return sym_int(I, NULL, "a conditional value");
    return sym_int(I, I->dom->ite(I->dom_state, term_of(I, c), term_of(I, a), term_of(I, b)),
                   "a conditional value");
}

Value *nv_min(Interp *I, Value *a, Value *b)
{
    return nv_ite(I, nv_cmp(I, CMP_LTE, a, b), a, b);
}

bool nv_is_one(Interp *I, Value *v)
{
    int64_t c;
    if (nv_const(v, &c))
        return c == 1;
    if (!nv_is_int(v) || I->unwind != UNWIND_NONE)
        return false;
    Value *eq = nv_cmp(I, CMP_EQ, v, v_int(I, 1));
    if (!eq || eq->kind != V_BOOL)
        return false;
    return interp_truth(I, eq, interp_user_loc(I)) == TRI_TRUE;
}

Value *nv_fresh(Interp *I, const char *name)
{
    SymTerm *t = I->dom->fresh ? I->dom->fresh(I->dom_state, name, false) : NULL;
    if (!t) {
        interp_abort(I, interp_user_loc(I),
                     "the %s domain cannot quantify over the elements of an access", I->dom->name);
        return NULL;
    }
    return v_sym_int(I, t);
}

void nv_str(Interp *I, StrBuf *b, const Value *v)
{
    if (!v) {
        sb_puts(b, "?");
        return;
    }
    value_str(I, b, v);
}

/* ---- affine forms ------------------------------------------------------------- */

AForm aform_const(Interp *I, Value *c0, int n)
{
    AForm f = {c0, n, n ? arena_alloc(I->arena, (size_t)n * sizeof(Value *)) : NULL};
    return f;
}

AForm aform_axis(Interp *I, Value *c0, Value *coef, int axis, int n)
{
    AForm f = aform_const(I, c0, n);
    if (axis >= 0 && axis < n)
        f.coef[axis] = coef;
    return f;
}

bool aform_ok(const AForm *f)
{
    if (!f->c0)
        return false;
    return true;
}

AForm aform_add(Interp *I, const AForm *a, const AForm *b, int sign)
{
    assert(a->n == b->n);
    AForm f = aform_const(I, NULL, a->n);
    f.c0 = sign > 0 ? nv_add(I, a->c0, b->c0) : nv_sub(I, a->c0, b->c0);
    for (int k = 0; k < a->n && f.c0; k++) {
        Value *x = a->coef[k], *y = b->coef[k];
        if (!y)
            f.coef[k] = x;
        else if (!x)
            f.coef[k] = sign > 0 ? y : nv_neg(I, y);
        else
            f.coef[k] = sign > 0 ? nv_add(I, x, y) : nv_sub(I, x, y);
        if (y && !f.coef[k])
            f.c0 = NULL;
    }
    return f;
}

AForm aform_scale(Interp *I, const AForm *a, Value *k)
{
    AForm f = aform_const(I, nv_mul(I, a->c0, k), a->n);
    for (int j = 0; j < a->n && f.c0; j++)
        if (a->coef[j]) {
            f.coef[j] = nv_mul(I, a->coef[j], k);
            if (!f.coef[j])
                f.c0 = NULL;
        }
    return f;
}

AForm aform_shift_axes(Interp *I, const AForm *a, int n, int offset)
{
    AForm f = aform_const(I, a->c0, n);
    for (int k = 0; k < a->n; k++)
        if (a->coef[k] && k + offset >= 0 && k + offset < n)
            f.coef[k + offset] = a->coef[k];
    return f;
}

AForm aform_subst(Interp *I, const AForm *f, const AForm *g, int m)
{
    AForm r = aform_const(I, f->c0, m);
    for (int d = 0; d < f->n && r.c0; d++) {
        if (!f->coef[d] || nv_is(f->coef[d], 0))
            continue;
        AForm t = aform_scale(I, &g[d], f->coef[d]);
        if (!t.c0) {
            r.c0 = NULL;
            break;
        }
        r = aform_add(I, &r, &t, 1);
    }
    return r;
}

bool aform_eval(const AForm *f, const int64_t *y, int n, int64_t *out)
{
    int64_t r, c;
    if (!nv_const(f->c0, &r))
        return false;
    for (int k = 0; k < f->n; k++) {
        if (!f->coef[k])
            continue;
        if (!nv_const(f->coef[k], &c))
            return false;
        if (c == 0)
            continue;
        int64_t p;
        if (k >= n || __builtin_mul_overflow(c, y[k], &p) || __builtin_add_overflow(r, p, &r))
            return false;
    }
    *out = r;
    return true;
}

bool aform_concrete(const AForm *f)
{
    int64_t x;
    if (!nv_const(f->c0, &x))
        return false;
    for (int k = 0; k < f->n; k++)
        if (f->coef[k] && !nv_const(f->coef[k], &x))
            return false;
    return true;
}

bool aform_is_const(const AForm *f)
{
    for (int k = 0; k < f->n; k++)
        if (f->coef[k] && !nv_is(f->coef[k], 0))
            return false;
    return true;
}

void aform_str(Interp *I, StrBuf *b, const AForm *f, const char *const *axis_names)
{
    bool any = false;
    for (int k = 0; k < f->n; k++) {
        if (!f->coef[k] || nv_is(f->coef[k], 0))
            continue;
        if (any)
            sb_puts(b, " + ");
        if (!nv_is(f->coef[k], 1)) {
            nv_str(I, b, f->coef[k]);
            sb_putc(b, '*');
        }
        if (axis_names && axis_names[k])
            sb_puts(b, axis_names[k]);
        else
            sb_printf(b, "i%d", k);
        any = true;
    }
    if (!any || !nv_is(f->c0, 0)) {
        if (any)
            sb_puts(b, " + ");
        nv_str(I, b, f->c0);
    }
}
