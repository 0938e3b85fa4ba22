/* lib_math.c - the standard-library modules kcv provides natively: math,
 * functools, itertools, operator, dataclasses, typing, enum, copy, abc,
 * and harmless stubs of os, os.path, sys, logging, warnings, collections
 * (what module-level code of kernels touches).  A stub module answers
 * names it does not know with V_UNKNOWN ("'os.rename' is not modelled").
 * Any other module that is neither native (I->native_module) nor a file
 * imports as an unmodelled module: every attribute unknown.
 */
#include <math.h>
#include <string.h>

#include "interp_int.h"

#define PI_ 3.14159265358979323846
#define E_ 2.71828182845904523536

static bool is_int(const Value *v) { return v->kind == V_INT || v->kind == V_BOOL; }

static Value *fn(Interp *I, Value *m, const char *name, BuiltinFn f) {
    const char *n = intern_cstr(I->names, name);
    Value *b = v_builtin(I, n, f, NULL, NULL);
    dict_set_str(I, &m->u.module.globals, n, b);
    return b;
}

static void set(Interp *I, Value *m, const char *name, Value *v) { module_set(I, m, name, v); }

static bool want_args(Interp *I, CallArgs *a, const char *name, int lo, int hi, Loc loc) {
    if (a->nkw) {
        interp_raise(I, loc, "TypeError", "%s() takes no keyword arguments", name);
        return false;
    }
    if (a->npos < lo || a->npos > hi) {
        interp_raise(I, loc, "TypeError", "%s() takes %d to %d arguments (%d given)", name, lo, hi, a->npos);
        return false;
    }
    return true;
}

static Value *identity(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    (void)loc;
    (void)I;
    return args->npos ? args->pos[0] : v_none();
}

static Value *noop(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)I;
    (void)self;
    (void)args;
    (void)loc;
    return v_none();
}

static Value *not_modelled(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    (void)args;
    return v_unknown(I, loc, "this library function is not modelled");
}

Value *unmodelled_module(Interp *I, const char *name) {
    Value *m = v_module(I, name);
    m->u.module.unmodelled = true;
    return m;
}

/* ---- math ----------------------------------------------------------------------------- */

static bool real(Interp *I, Value *v, double *out, Loc loc, bool *unknown) {
    *unknown = false;
    if (v->kind == V_FLOAT) {
        *out = v->u.f;
        return true;
    }
    if (is_int(v) && !v->u.i.sym) {
        *out = (double)v->u.i.c;
        return true;
    }
    if (is_int(v) || v->kind == V_UNKNOWN || v->kind == V_OBJECT || v->kind == V_INSTANCE) {
        *unknown = true;
        return false;
    }
    interp_raise(I, loc, "TypeError", "must be real number, not %s", value_type_name(v));
    return false;
}

static Value *float_int(Interp *I, double f, Loc loc) {
    if (isnan(f)) {
        interp_raise(I, loc, "ValueError", "cannot convert float NaN to integer");
        return NULL;
    }
    if (isinf(f)) {
        interp_raise(I, loc, "OverflowError", "cannot convert float infinity to integer");
        return NULL;
    }
    if (f >= 9.2233720368547758e18 || f < -9.2233720368547758e18)
        return v_unknown(I, loc, "integer does not fit in 64 bits");
    return v_int(I, (int64_t)f);
}

Value *math_floor_ceil(Interp *I, Value *x, int mode, Loc loc) {
    if (is_int(x)) {
        if (x->kind == V_BOOL) return x->u.i.sym ? int_binop(I, OP_ADD, v_int(I, 0), x, loc) : v_int(I, x->u.i.c);
        return x;
    }
    if (x->kind == V_FLOAT) {
        double f = mode == 0 ? floor(x->u.f) : mode == 1 ? ceil(x->u.f) : trunc(x->u.f);
        return float_int(I, f, loc);
    }
    if (x->kind == V_UNKNOWN && x->u.unknown.num) {
        Value *a = x->u.unknown.num, *b = x->u.unknown.den;
        Value *fl = int_floordiv_unchecked(I, a, b, loc);
        if (!fl || mode == 0) return fl;
        Value *na = interp_unary(I, UOP_USUB, a, loc);
        if (!na) return NULL;
        Value *q = int_floordiv_unchecked(I, na, b, loc);
        if (!q) return NULL;
        Value *ce = q->kind == V_INT ? interp_unary(I, UOP_USUB, q, loc) : q;
        if (!ce || mode == 1) return ce;
        /* trunc: floor when a/b >= 0, else ceil */
        if (fl->kind != V_INT || ce->kind != V_INT) return v_unknown(I, loc, "int() of a symbolic quotient");
        Value *z = v_int(I, 0);
        Value *c1 = bool_and_v(I, int_cmp(I, CMP_GTE, a, z, loc), int_cmp(I, CMP_GT, b, z, loc), loc);
        Value *c2 = bool_and_v(I, int_cmp(I, CMP_LTE, a, z, loc), int_cmp(I, CMP_LT, b, z, loc), loc);
        if (c1->kind != V_BOOL || c2->kind != V_BOOL) return v_unknown(I, loc, "int() of a symbolic quotient");
        Value *c = bool_or_v(I, c1, c2, loc);
        if (c->kind != V_BOOL) return c;
        if (!c->u.i.sym) return c->u.i.c ? fl : ce;
        SymTerm *tf = int_term(I, fl), *tc = int_term(I, ce);
        SymTerm *t = tf && tc && I->dom->ite ? I->dom->ite(I->dom_state, c->u.i.sym, tf, tc) : NULL;
        return v_int_term(I, t, loc);
    }
    if (x->kind == V_UNKNOWN) return unknown_from(I, x, loc);
    if (x->kind == V_OBJECT || x->kind == V_INSTANCE)
        return v_unknown(I, loc, "rounding a '%s' is not modelled", value_type_name(x));
    interp_raise(I, loc, "TypeError", "must be real number, not %s", value_type_name(x));
    return NULL;
}

static Value *m_floor(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "floor", 1, 1, loc)) return NULL;
    return math_floor_ceil(I, a->pos[0], 0, loc);
}

static Value *m_ceil(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "ceil", 1, 1, loc)) return NULL;
    return math_floor_ceil(I, a->pos[0], 1, loc);
}

static Value *m_trunc(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "trunc", 1, 1, loc)) return NULL;
    return math_floor_ceil(I, a->pos[0], 2, loc);
}

/* one-argument float functions */
static Value *float1(Interp *I, CallArgs *a, Loc loc, const char *name, double (*f)(double), bool pos_domain,
                     bool nonneg_domain) {
    if (!want_args(I, a, name, 1, 1, loc)) return NULL;
    double x;
    bool unk;
    if (!real(I, a->pos[0], &x, loc, &unk))
        return unk ? v_unknown(I, loc, "math.%s of a symbolic or unknown value is not modelled", name) : NULL;
    if ((pos_domain && x <= 0) || (nonneg_domain && x < 0)) {
        interp_raise(I, loc, "ValueError", "math domain error");
        return NULL;
    }
    double r = f(x);
    if (isinf(r) && !isinf(x)) {
        interp_raise(I, loc, "OverflowError", "math range error");
        return NULL;
    }
    return v_float(I, r);
}

static Value *m_sqrt(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return float1(I, a, loc, "sqrt", sqrt, false, true); }
static Value *m_exp(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return float1(I, a, loc, "exp", exp, false, false); }
static Value *m_log2(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return float1(I, a, loc, "log2", log2, true, false); }
static Value *m_log10(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return float1(I, a, loc, "log10", log10, true, false); }
static Value *m_sin(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return float1(I, a, loc, "sin", sin, false, false); }
static Value *m_cos(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return float1(I, a, loc, "cos", cos, false, false); }
static Value *m_tan(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return float1(I, a, loc, "tan", tan, false, false); }
static Value *m_tanh(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return float1(I, a, loc, "tanh", tanh, false, false); }
static Value *m_erf(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return float1(I, a, loc, "erf", erf, false, false); }
static Value *m_fabs(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return float1(I, a, loc, "fabs", fabs, false, false); }

static Value *m_log(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "log", 1, 2, loc)) return NULL;
    double x, b = 0;
    bool unk;
    if (!real(I, a->pos[0], &x, loc, &unk)) return unk ? v_unknown(I, loc, "math.log of a symbolic value") : NULL;
    if (a->npos == 2 && !real(I, a->pos[1], &b, loc, &unk)) return unk ? v_unknown(I, loc, "math.log base") : NULL;
    if (x <= 0 || (a->npos == 2 && (b <= 0 || b == 1))) {
        interp_raise(I, loc, a->npos == 2 && b == 1 ? "ZeroDivisionError" : "ValueError",
                     a->npos == 2 && b == 1 ? "float division by zero" : "math domain error");
        return NULL;
    }
    return v_float(I, a->npos == 2 ? log(x) / log(b) : log(x));
}

static Value *m_pow(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "pow", 2, 2, loc)) return NULL;
    double x, y;
    bool unk;
    if (!real(I, a->pos[0], &x, loc, &unk) || !real(I, a->pos[1], &y, loc, &unk))
        return I->unwind ? NULL : v_unknown(I, loc, "math.pow of a symbolic value");
    if ((x == 0 && y < 0) || (x < 0 && y != floor(y))) {
        interp_raise(I, loc, "ValueError", "math domain error");
        return NULL;
    }
    return v_float(I, pow(x, y));
}

static Value *m_isqrt(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "isqrt", 1, 1, loc)) return NULL;
    Value *x = a->pos[0];
    if (!is_int(x)) {
        interp_raise(I, loc, "TypeError", "'%s' object cannot be interpreted as an integer", value_type_name(x));
        return NULL;
    }
    if (x->u.i.sym) return v_unknown(I, loc, "math.isqrt of a symbolic integer is not modelled");
    if (x->u.i.c < 0) {
        interp_raise(I, loc, "ValueError", "isqrt() argument must be nonnegative");
        return NULL;
    }
    uint64_t n = (uint64_t)x->u.i.c, r = (uint64_t)sqrtl((long double)n);
    while (r * r > n) r--;
    while ((r + 1) * (r + 1) <= n) r++;
    return v_int(I, (int64_t)r);
}

static int64_t gcd64(int64_t a, int64_t b) {
    if (a < 0) a = -a;
    if (b < 0) b = -b;
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static Value *gcd_lcm(Interp *I, CallArgs *a, Loc loc, bool lcm) {
    if (a->nkw) {
        interp_raise(I, loc, "TypeError", "%s() takes no keyword arguments", lcm ? "lcm" : "gcd");
        return NULL;
    }
    int64_t acc = lcm ? 1 : 0;
    for (int i = 0; i < a->npos; i++) {
        Value *x = a->pos[i];
        if (!is_int(x)) {
            interp_raise(I, loc, "TypeError", "'%s' object cannot be interpreted as an integer", value_type_name(x));
            return NULL;
        }
        if (x->u.i.sym) return v_unknown(I, loc, "math.%s of symbolic integers is not modelled", lcm ? "lcm" : "gcd");
        if (lcm) {
            int64_t y = x->u.i.c < 0 ? -x->u.i.c : x->u.i.c;
            if (!acc || !y) {
                acc = 0;
                continue;
            }
            int64_t g = gcd64(acc, y), r;
            if (__builtin_mul_overflow(acc / g, y, &r)) return v_unknown(I, loc, "integer does not fit in 64 bits");
            acc = r;
        } else {
            acc = gcd64(acc, x->u.i.c);
        }
    }
    return v_int(I, acc);
}

static Value *m_gcd(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return gcd_lcm(I, a, loc, false); }
static Value *m_lcm(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return gcd_lcm(I, a, loc, true); }

static Value *m_prod(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    static const char *const params[] = {"iterable", "*start", NULL};
    Value *p[2];
    if (!interp_bind(I, a, loc, "prod", params, 1, p)) return NULL;
    Value *items = interp_items(I, p[0], loc);
    if (!items) {
        if (!I->unwind) interp_abort(I, loc, "math.prod over a range of symbolic length");
        return NULL;
    }
    Value *acc = p[1] ? p[1] : v_int(I, 1);
    for (int i = 0; i < items->u.seq.n; i++) {
        acc = interp_binop(I, OP_MULT, acc, items->u.seq.v[i], loc);
        if (!acc) return NULL;
    }
    return acc;
}

static Value *m_factorial(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "factorial", 1, 1, loc)) return NULL;
    Value *x = a->pos[0];
    if (!is_int(x) || x->u.i.sym) return v_unknown(I, loc, "math.factorial of a symbolic or non-int value");
    if (x->u.i.c < 0) {
        interp_raise(I, loc, "ValueError", "factorial() not defined for negative values");
        return NULL;
    }
    int64_t r = 1;
    for (int64_t k = 2; k <= x->u.i.c; k++)
        if (__builtin_mul_overflow(r, k, &r)) return v_unknown(I, loc, "integer does not fit in 64 bits");
    return v_int(I, r);
}

static Value *m_isclose(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    static const char *const params[] = {"a", "b", "*rel_tol", "abs_tol", NULL};
    Value *p[4];
    if (!interp_bind(I, a, loc, "isclose", params, 2, p)) return NULL;
    double x, y, rt = 1e-9, at = 0;
    bool unk;
    if (!real(I, p[0], &x, loc, &unk) || !real(I, p[1], &y, loc, &unk))
        return I->unwind ? NULL : v_unknown(I, loc, "math.isclose of symbolic values");
    if (p[2] && !real(I, p[2], &rt, loc, &unk)) return I->unwind ? NULL : v_unknown(I, loc, "rel_tol");
    if (p[3] && !real(I, p[3], &at, loc, &unk)) return I->unwind ? NULL : v_unknown(I, loc, "abs_tol");
    if (x == y) return v_true();
    if (isinf(x) || isinf(y)) return v_false();
    double d = fabs(x - y);
    return v_bool(I, d <= fabs(rt * y) || d <= fabs(rt * x) || d <= at);
}

static Value *float_pred(Interp *I, CallArgs *a, Loc loc, int which) {
    if (!want_args(I, a, "isfinite", 1, 1, loc)) return NULL;
    double x;
    bool unk;
    if (!real(I, a->pos[0], &x, loc, &unk)) {
        if (I->unwind) return NULL;
        if (is_int(a->pos[0])) return v_bool(I, which == 0);   /* ints are finite */
        return v_unknown(I, loc, "math predicate of an unknown value");
    }
    return v_bool(I, which == 0 ? isfinite(x) : which == 1 ? isinf(x) : isnan(x));
}

static Value *m_isfinite(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return float_pred(I, a, loc, 0); }
static Value *m_isinf(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return float_pred(I, a, loc, 1); }
static Value *m_isnan(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return float_pred(I, a, loc, 2); }

static Value *m_copysign(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "copysign", 2, 2, loc)) return NULL;
    double x, y;
    bool unk;
    if (!real(I, a->pos[0], &x, loc, &unk) || !real(I, a->pos[1], &y, loc, &unk))
        return I->unwind ? NULL : v_unknown(I, loc, "math.copysign of symbolic values");
    return v_float(I, copysign(x, y));
}

static Value *math_module(Interp *I) {
    Value *m = v_module(I, "math");
    fn(I, m, "floor", m_floor);
    fn(I, m, "ceil", m_ceil);
    fn(I, m, "trunc", m_trunc);
    fn(I, m, "sqrt", m_sqrt);
    fn(I, m, "exp", m_exp);
    fn(I, m, "log", m_log);
    fn(I, m, "log2", m_log2);
    fn(I, m, "log10", m_log10);
    fn(I, m, "pow", m_pow);
    fn(I, m, "fabs", m_fabs);
    fn(I, m, "sin", m_sin);
    fn(I, m, "cos", m_cos);
    fn(I, m, "tan", m_tan);
    fn(I, m, "tanh", m_tanh);
    fn(I, m, "erf", m_erf);
    fn(I, m, "isqrt", m_isqrt);
    fn(I, m, "gcd", m_gcd);
    fn(I, m, "lcm", m_lcm);
    fn(I, m, "prod", m_prod);
    fn(I, m, "factorial", m_factorial);
    fn(I, m, "isclose", m_isclose);
    fn(I, m, "isfinite", m_isfinite);
    fn(I, m, "isinf", m_isinf);
    fn(I, m, "isnan", m_isnan);
    fn(I, m, "copysign", m_copysign);
    set(I, m, "pi", v_float(I, PI_));
    set(I, m, "e", v_float(I, E_));
    set(I, m, "tau", v_float(I, 2 * PI_));
    set(I, m, "inf", v_float(I, INFINITY));
    set(I, m, "nan", v_float(I, NAN));
    return m;
}

/* ---- functools ---------------------------------------------------------------------------- */

typedef struct PartialData {
    Value *func;
    Value *args;     /* tuple */
    Value *kw;       /* dict */
} PartialData;

static Value *partial_call(Interp *I, Value *self, CallArgs *args, Loc loc) {
    PartialData *d = self->u.obj.data;
    CallArgs a = {0};
    int np = d->args->u.seq.n + args->npos;
    a.pos = arena_alloc(I->arena, (size_t)(np ? np : 1) * sizeof(Value *));
    for (int i = 0; i < d->args->u.seq.n; i++) a.pos[a.npos++] = d->args->u.seq.v[i];
    for (int i = 0; i < args->npos; i++) a.pos[a.npos++] = args->pos[i];
    int nk = d->kw->u.dict.n + args->nkw;
    a.kwnames = arena_alloc(I->arena, (size_t)(nk ? nk : 1) * sizeof(char *));
    a.kw = arena_alloc(I->arena, (size_t)(nk ? nk : 1) * sizeof(Value *));
    for (int i = 0; i < d->kw->u.dict.n; i++) {
        const char *name = d->kw->u.dict.v[i].key->u.str.s;
        bool overridden = false;
        for (int k = 0; k < args->nkw; k++) overridden |= strcmp(args->kwnames[k], name) == 0;
        if (overridden) continue;
        a.kwnames[a.nkw] = intern_cstr(I->names, name);
        a.kw[a.nkw++] = d->kw->u.dict.v[i].value;
    }
    for (int i = 0; i < args->nkw; i++) {
        a.kwnames[a.nkw] = args->kwnames[i];
        a.kw[a.nkw++] = args->kw[i];
    }
    return interp_call(I, d->func, &a, loc);
}

static Value *partial_getattr(Interp *I, Value *self, const char *name, Loc loc) {
    PartialData *d = self->u.obj.data;
    if (strcmp(name, "func") == 0) return d->func;
    if (strcmp(name, "args") == 0) return d->args;
    if (strcmp(name, "keywords") == 0) return d->kw;
    interp_raise(I, loc, "AttributeError", "'functools.partial' object has no attribute '%s'", name);
    return NULL;
}

static void partial_children(Value *self, void (*add)(void *w, Value *v), void *w) {
    PartialData *d = self->u.obj.data;
    add(w, d->func);
    add(w, d->args);
    add(w, d->kw);
}

const ObjType objtype_partial = {
    .name = "functools.partial", .call = partial_call, .getattr = partial_getattr, .children = partial_children};

static Value *ft_partial(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (a->npos < 1) {
        interp_raise(I, loc, "TypeError", "type 'partial' takes at least one argument");
        return NULL;
    }
    PartialData *d = arena_alloc(I->arena, sizeof *d);
    d->func = a->pos[0];
    d->args = v_tuple_of(I, a->npos - 1, a->pos + 1);
    d->kw = v_dict(I);
    for (int i = 0; i < a->nkw; i++) dict_set_str(I, &d->kw->u.dict, a->kwnames[i], a->kw[i]);
    return v_object(I, &objtype_partial, d);
}

static Value *ft_reduce(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "reduce", 2, 3, loc)) return NULL;
    Value *items = interp_items(I, a->pos[1], loc);
    if (!items) {
        if (!I->unwind) interp_abort(I, loc, "reduce over a range of symbolic length");
        return NULL;
    }
    int i = 0;
    Value *acc;
    if (a->npos == 3) {
        acc = a->pos[2];
    } else {
        if (!items->u.seq.n) {
            interp_raise(I, loc, "TypeError", "reduce() of empty iterable with no initial value");
            return NULL;
        }
        acc = items->u.seq.v[i++];
    }
    for (; i < items->u.seq.n; i++) {
        Value *p[2] = {acc, items->u.seq.v[i]};
        acc = interp_calln(I, a->pos[0], 2, p, loc);
        if (!acc) return NULL;
    }
    return acc;
}

/* @lru_cache / @lru_cache(maxsize=...) / @cache / @wraps(f): identity */
static Value *ft_decorator_factory(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    (void)loc;
    if (a->npos == 1 && !a->nkw &&
        (a->pos[0]->kind == V_FUNCTION || a->pos[0]->kind == V_BOUND || a->pos[0]->kind == V_BUILTIN))
        return a->pos[0];
    return v_builtin(I, "decorator", identity, NULL, NULL);
}

static Value *ft_wraps(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    (void)a;
    (void)loc;
    return v_builtin(I, "wraps", identity, NULL, NULL);
}

static Value *functools_module(Interp *I) {
    Value *m = v_module(I, "functools");
    fn(I, m, "partial", ft_partial);
    fn(I, m, "reduce", ft_reduce);
    fn(I, m, "lru_cache", ft_decorator_factory);
    fn(I, m, "cache", ft_decorator_factory);
    fn(I, m, "wraps", ft_wraps);
    fn(I, m, "total_ordering", identity);
    set(I, m, "cached_property", dict_get_str(&I->builtins->u.module.globals, intern_cstr(I->names, "property")));
    m->u.module.unmodelled = true;
    return m;
}

/* ---- itertools ---------------------------------------------------------------------------- */

static Value *need_items(Interp *I, Value *v, Loc loc) {
    Value *items = interp_items(I, v, loc);
    if (!items && !I->unwind) interp_abort(I, loc, "itertools over a range of symbolic length");
    return items;
}

enum { ITER_MAX = 1 << 20 };

static Value *it_product(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    int64_t repeat = 1;
    for (int i = 0; i < a->nkw; i++) {
        if (strcmp(a->kwnames[i], "repeat") != 0 || a->kw[i]->kind != V_INT || a->kw[i]->u.i.sym) {
            interp_raise(I, loc, "TypeError", "product() got an unexpected keyword argument '%s'", a->kwnames[i]);
            return NULL;
        }
        repeat = a->kw[i]->u.i.c;
    }
    if (repeat < 0) {
        interp_raise(I, loc, "ValueError", "repeat argument cannot be negative");
        return NULL;
    }
    int64_t npools64 = (int64_t)a->npos * repeat;
    if (npools64 > 64) return v_unknown(I, loc, "itertools.product of too many iterables");
    int npools = (int)npools64;
    Value **pools = arena_alloc(I->arena, (size_t)(npools ? npools : 1) * sizeof(Value *));
    int64_t total = 1;
    for (int i = 0; i < a->npos; i++) {
        Value *items = need_items(I, a->pos[i], loc);
        if (!items) return NULL;
        for (int64_t r = 0; r < repeat; r++) pools[r * a->npos + i] = items;
    }
    for (int i = 0; i < npools; i++) {
        total *= pools[i]->u.seq.n;
        if (total > ITER_MAX) {
            interp_abort(I, loc, "itertools.product with more than %d items", ITER_MAX);
            return NULL;
        }
    }
    Value *out = v_list(I, (int)total);
    int *idx = arena_alloc(I->arena, (size_t)(npools ? npools : 1) * sizeof(int));
    for (int64_t k = 0; k < total; k++) {
        Value *t = v_tuple(I, npools);
        for (int i = 0; i < npools; i++) t->u.seq.v[i] = pools[i]->u.seq.v[idx[i]];
        out->u.seq.v[k] = t;
        for (int i = npools - 1; i >= 0; i--) {
            if (++idx[i] < pools[i]->u.seq.n) break;
            idx[i] = 0;
        }
    }
    return out;
}

static Value *it_chain(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    Value *out = v_list(I, 0);
    for (int i = 0; i < a->npos; i++) {
        Value *items = need_items(I, a->pos[i], loc);
        if (!items) return NULL;
        for (int k = 0; k < items->u.seq.n; k++) seq_append(I, &out->u.seq, items->u.seq.v[k]);
    }
    return out;
}

static Value *it_accumulate(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    static const char *const params[] = {"iterable", "func", "*initial", NULL};
    Value *p[3];
    if (!interp_bind(I, a, loc, "accumulate", params, 1, p)) return NULL;
    Value *items = need_items(I, p[0], loc);
    if (!items) return NULL;
    Value *out = v_list(I, 0);
    Value *acc = p[2] && p[2]->kind != V_NONE ? p[2] : NULL;
    if (acc) seq_append(I, &out->u.seq, acc);
    for (int i = 0; i < items->u.seq.n; i++) {
        Value *x = items->u.seq.v[i];
        if (!acc) {
            acc = x;
        } else if (p[1] && p[1]->kind != V_NONE) {
            Value *pp[2] = {acc, x};
            acc = interp_calln(I, p[1], 2, pp, loc);
        } else {
            acc = interp_binop(I, OP_ADD, acc, x, loc);
        }
        if (!acc) return NULL;
        seq_append(I, &out->u.seq, acc);
    }
    return out;
}

static bool combos(Interp *I, Value *out, Value *pool, int r, bool perm, int *idx, bool *used, int depth, int start) {
    if (out->u.seq.n > ITER_MAX) return false;
    if (depth == r) {
        Value *t = v_tuple(I, r);
        for (int i = 0; i < r; i++) t->u.seq.v[i] = pool->u.seq.v[idx[i]];
        seq_append(I, &out->u.seq, t);
        return true;
    }
    for (int i = perm ? 0 : start; i < pool->u.seq.n; i++) {
        if (perm && used[i]) continue;
        idx[depth] = i;
        if (perm) used[i] = true;
        bool ok = combos(I, out, pool, r, perm, idx, used, depth + 1, i + 1);
        if (perm) used[i] = false;
        if (!ok) return false;
    }
    return true;
}

static Value *comb_perm(Interp *I, CallArgs *a, Loc loc, bool perm) {
    if (!want_args(I, a, perm ? "permutations" : "combinations", perm ? 1 : 2, 2, loc)) return NULL;
    Value *pool = need_items(I, a->pos[0], loc);
    if (!pool) return NULL;
    int64_t r = pool->u.seq.n;
    if (a->npos == 2 && a->pos[1]->kind != V_NONE) {
        if (a->pos[1]->kind != V_INT || a->pos[1]->u.i.sym) return v_unknown(I, loc, "symbolic r");
        r = a->pos[1]->u.i.c;
    }
    if (r < 0) {
        interp_raise(I, loc, "ValueError", "r must be non-negative");
        return NULL;
    }
    Value *out = v_list(I, 0);
    if (r > pool->u.seq.n || r > 32) return out;
    int *idx = arena_alloc(I->arena, (size_t)(r + 1) * sizeof(int));
    bool *used = arena_alloc(I->arena, (size_t)pool->u.seq.n + 1);
    if (!combos(I, out, pool, (int)r, perm, idx, used, 0, 0)) {
        interp_abort(I, loc, "too many combinations");
        return NULL;
    }
    return out;
}

static Value *it_combinations(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return comb_perm(I, a, loc, false); }
static Value *it_permutations(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return comb_perm(I, a, loc, true); }

static Value *it_repeat(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "repeat", 1, 2, loc)) return NULL;
    if (a->npos == 1) return v_unknown(I, loc, "an endless itertools.repeat is not modelled");
    if (a->pos[1]->kind != V_INT || a->pos[1]->u.i.sym) return v_unknown(I, loc, "itertools.repeat count");
    int64_t n = a->pos[1]->u.i.c < 0 ? 0 : a->pos[1]->u.i.c;
    if (n > ITER_MAX) return v_unknown(I, loc, "itertools.repeat count too large");
    Value *out = v_list(I, (int)n);
    for (int64_t i = 0; i < n; i++) out->u.seq.v[i] = a->pos[0];
    return out;
}

static Value *it_islice(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "islice", 2, 4, loc)) return NULL;
    Value *items = need_items(I, a->pos[0], loc);
    if (!items) return NULL;
    Value *sl = a->npos == 2 ? make_slice(I, NULL, a->pos[1], NULL)
                             : make_slice(I, a->pos[1], a->pos[2], a->npos == 4 ? a->pos[3] : NULL);
    return interp_getitem(I, items->kind == V_LIST ? items : list_from_items(I, items, loc, false), sl, loc);
}

static Value *it_zip_longest(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    Value *fill = v_none();
    for (int i = 0; i < a->nkw; i++) {
        if (strcmp(a->kwnames[i], "fillvalue") != 0) {
            interp_raise(I, loc, "TypeError", "zip_longest() got an unexpected keyword argument '%s'", a->kwnames[i]);
            return NULL;
        }
        fill = a->kw[i];
    }
    int n = a->npos, len = 0;
    Value **lists = arena_alloc(I->arena, (size_t)(n ? n : 1) * sizeof(Value *));
    for (int i = 0; i < n; i++) {
        lists[i] = need_items(I, a->pos[i], loc);
        if (!lists[i]) return NULL;
        if (lists[i]->u.seq.n > len) len = lists[i]->u.seq.n;
    }
    Value *out = v_list(I, len);
    for (int k = 0; k < len; k++) {
        Value *t = v_tuple(I, n);
        for (int i = 0; i < n; i++) t->u.seq.v[i] = k < lists[i]->u.seq.n ? lists[i]->u.seq.v[k] : fill;
        out->u.seq.v[k] = t;
    }
    return out;
}

static Value *itertools_module(Interp *I) {
    Value *m = v_module(I, "itertools");
    fn(I, m, "product", it_product);
    fn(I, m, "chain", it_chain);
    fn(I, m, "accumulate", it_accumulate);
    fn(I, m, "combinations", it_combinations);
    fn(I, m, "permutations", it_permutations);
    fn(I, m, "repeat", it_repeat);
    fn(I, m, "islice", it_islice);
    fn(I, m, "zip_longest", it_zip_longest);
    m->u.module.unmodelled = true;
    return m;
}

/* ---- operator ------------------------------------------------------------------------------ */

typedef struct OpDef {
    const char *name;
    int kind;   /* 0 binop, 1 compare, 2 unary */
    int op;
} OpDef;

static const OpDef operator_defs[] = {
    {"add", 0, OP_ADD},      {"sub", 0, OP_SUB},       {"mul", 0, OP_MULT},     {"truediv", 0, OP_DIV},
    {"floordiv", 0, OP_FLOORDIV}, {"mod", 0, OP_MOD},  {"pow", 0, OP_POW},      {"lshift", 0, OP_LSHIFT},
    {"rshift", 0, OP_RSHIFT}, {"and_", 0, OP_BITAND},  {"or_", 0, OP_BITOR},    {"xor", 0, OP_BITXOR},
    {"matmul", 0, OP_MATMULT}, {"iadd", 0, OP_ADD},    {"imul", 0, OP_MULT},
    {"eq", 1, CMP_EQ},       {"ne", 1, CMP_NOTEQ},     {"lt", 1, CMP_LT},       {"le", 1, CMP_LTE},
    {"gt", 1, CMP_GT},       {"ge", 1, CMP_GTE},       {"is_", 1, CMP_IS},      {"is_not", 1, CMP_ISNOT},
    {"neg", 2, UOP_USUB},    {"pos", 2, UOP_UADD},     {"not_", 2, UOP_NOT},    {"invert", 2, UOP_INVERT},
    {"inv", 2, UOP_INVERT},
};

static Value *op_dispatch_data(Interp *I, const OpDef *d, CallArgs *a, Loc loc) {
    if (!want_args(I, a, d->name, d->kind == 2 ? 1 : 2, d->kind == 2 ? 1 : 2, loc)) return NULL;
    switch (d->kind) {
    case 0: return interp_binop(I, (BinOpKind)d->op, a->pos[0], a->pos[1], loc);
    case 1: return interp_compare(I, (CmpOpKind)d->op, a->pos[0], a->pos[1], loc);
    default: return interp_unary(I, (UnaryOpKind)d->op, a->pos[0], loc);
    }
}

static Value *op_getitem(Interp *I, Value *self, CallArgs *a, Loc loc) {
    (void)self;
    if (!want_args(I, a, "getitem", 2, 2, loc)) return NULL;
    return interp_getitem(I, a->pos[0], a->pos[1], loc);
}

static Value *op_contains(Interp *I, Value *self, CallArgs *a, Loc loc) {
    (void)self;
    if (!want_args(I, a, "contains", 2, 2, loc)) return NULL;
    return interp_compare(I, CMP_IN, a->pos[1], a->pos[0], loc);
}

typedef struct GetterData {
    Value *keys;   /* tuple */
    bool attr;
} GetterData;

static Value *getter_call(Interp *I, Value *self, CallArgs *a, Loc loc) {
    GetterData *d = self->u.obj.data;
    if (!want_args(I, a, d->attr ? "attrgetter" : "itemgetter", 1, 1, loc)) return NULL;
    int n = d->keys->u.seq.n;
    Value *out = n == 1 ? NULL : v_tuple(I, n);
    for (int i = 0; i < n; i++) {
        Value *k = d->keys->u.seq.v[i], *v;
        if (d->attr) {
            Value *cur = a->pos[0];
            const char *s = k->u.str.s;
            while (cur) {
                const char *dot = strchr(s, '.');
                size_t len = dot ? (size_t)(dot - s) : strlen(s);
                cur = interp_getattr(I, cur, intern(I->names, s, len), loc);
                if (!dot) break;
                s = dot + 1;
            }
            v = cur;
        } else {
            v = interp_getitem(I, a->pos[0], k, loc);
        }
        if (!v) return NULL;
        if (n == 1) return v;
        out->u.seq.v[i] = v;
    }
    return out;
}

static void getter_children(Value *self, void (*add)(void *w, Value *v), void *w) {
    add(w, ((GetterData *)self->u.obj.data)->keys);
}

static const ObjType objtype_getter = {.name = "operator.itemgetter", .call = getter_call, .children = getter_children};

static Value *make_getter(Interp *I, CallArgs *a, Loc loc, bool attr) {
    if (!a->npos || a->nkw) {
        interp_raise(I, loc, "TypeError", "%s expected 1 argument, got 0", attr ? "attrgetter" : "itemgetter");
        return NULL;
    }
    GetterData *d = arena_alloc(I->arena, sizeof *d);
    d->keys = v_tuple_of(I, a->npos, a->pos);
    d->attr = attr;
    if (attr)
        for (int i = 0; i < a->npos; i++)
            if (a->pos[i]->kind != V_STR) {
                interp_raise(I, loc, "TypeError", "attribute name must be a string");
                return NULL;
            }
    return v_object(I, &objtype_getter, d);
}

static Value *op_itemgetter(Interp *I, Value *self, CallArgs *a, Loc loc) { (void)self; return make_getter(I, a, loc, false); }
static Value *op_attrgetter(Interp *I, Value *self, CallArgs *a, Loc loc) { (void)self; return make_getter(I, a, loc, true); }

/* operator functions carry their OpDef in builtin.data; the builtin's fn
 * reads it through the bound value (see op_entry) */
static Value *op_entry(Interp *I, Value *self, CallArgs *a, Loc loc) {
    /* self is the OpDef wrapper object */
    return op_dispatch_data(I, (const OpDef *)self->u.obj.data, a, loc);
}

static const ObjType objtype_opdef = {.name = "builtin_function_or_method", .children = obj_no_children};

static Value *operator_module(Interp *I) {
    Value *m = v_module(I, "operator");
    for (size_t i = 0; i < KCV_ARRAY_LEN(operator_defs); i++) {
        /* a builtin bound to a carrier object holding the OpDef */
        Value *carrier = v_object(I, &objtype_opdef, (void *)&operator_defs[i]);
        const char *n = intern_cstr(I->names, operator_defs[i].name);
        dict_set_str(I, &m->u.module.globals, n, v_builtin(I, n, op_entry, carrier, NULL));
    }
    fn(I, m, "getitem", op_getitem);
    fn(I, m, "contains", op_contains);
    fn(I, m, "itemgetter", op_itemgetter);
    fn(I, m, "attrgetter", op_attrgetter);
    return m;
}

/* ---- dataclasses ------------------------------------------------------------------------------ */

typedef struct FieldSpec {
    Value *dflt;       /* NULL: none */
    Value *factory;    /* NULL: none */
    bool init;
    const char *name;  /* set by dataclass */
} FieldSpec;

static Value *field_getattr(Interp *I, Value *self, const char *name, Loc loc) {
    FieldSpec *f = self->u.obj.data;
    if (strcmp(name, "name") == 0) return f->name ? v_cstr(I, f->name) : v_none();
    if (strcmp(name, "default") == 0) return f->dflt ? f->dflt : v_unknown(I, loc, "dataclasses.MISSING");
    interp_raise(I, loc, "AttributeError", "'Field' object has no attribute '%s'", name);
    return NULL;
}

static void field_children(Value *self, void (*add)(void *w, Value *v), void *w) {
    FieldSpec *f = self->u.obj.data;
    add(w, f->dflt);
    add(w, f->factory);
}

const ObjType objtype_field = {.name = "Field", .getattr = field_getattr, .children = field_children};

static Value *dc_field(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (a->npos) {
        interp_raise(I, loc, "TypeError", "field() takes 0 positional arguments but %d were given", a->npos);
        return NULL;
    }
    FieldSpec *f = arena_alloc(I->arena, sizeof *f);
    f->init = true;
    for (int i = 0; i < a->nkw; i++) {
        const char *k = a->kwnames[i];
        if (strcmp(k, "default") == 0)
            f->dflt = a->kw[i];
        else if (strcmp(k, "default_factory") == 0)
            f->factory = a->kw[i];
        else if (strcmp(k, "init") == 0)
            f->init = !(a->kw[i]->kind == V_BOOL && !a->kw[i]->u.i.c);
    }
    if (f->dflt && f->factory) {
        interp_raise(I, loc, "ValueError", "cannot specify both default and default_factory");
        return NULL;
    }
    return v_object(I, &objtype_field, f);
}

/* The generated __init__: builtin.data is the class. */
static Value *dc_init(Interp *I, Value *self, CallArgs *args, Loc loc) {
    Value *cls = self && self->kind == V_INSTANCE ? self->u.inst.cls : NULL;
    if (!cls) {
        interp_raise(I, loc, "TypeError", "__init__ needs an instance");
        return NULL;
    }
    Value *fields = class_lookup(cls, intern_cstr(I->names, "__dataclass_field_objects__"));
    if (!fields || fields->kind != V_TUPLE) return v_none();
    int n = fields->u.seq.n;
    const char *qual = cls->u.cls.name;
    int pos = 0;
    for (int i = 0; i < n; i++) {
        Value *fo = fields->u.seq.v[i];
        FieldSpec *f = fo->u.obj.data;
        Value *v = NULL;
        if (f->init) {
            if (pos < args->npos) {
                v = args->pos[pos++];
            }
            for (int k = 0; k < args->nkw; k++)
                if (strcmp(args->kwnames[k], f->name) == 0) {
                    if (v) {
                        interp_raise(I, loc, "TypeError", "%s.__init__() got multiple values for argument '%s'", qual,
                                     f->name);
                        return NULL;
                    }
                    v = args->kw[k];
                }
        }
        if (!v) {
            if (f->dflt) {
                v = f->dflt;
            } else if (f->factory) {
                v = interp_call0(I, f->factory, loc);
                if (!v) return NULL;
            } else if (f->init) {
                interp_raise(I, loc, "TypeError", "%s.__init__() missing 1 required positional argument: '%s'", qual,
                             f->name);
                return NULL;
            } else {
                continue;
            }
        }
        dict_set_str(I, &self->u.inst.attrs, f->name, v);
    }
    if (pos < args->npos) {
        interp_raise(I, loc, "TypeError", "%s.__init__() takes %d positional arguments but %d were given", qual, pos + 1,
                     args->npos + 1);
        return NULL;
    }
    for (int k = 0; k < args->nkw; k++) {
        bool known = false;
        for (int i = 0; i < n && !known; i++) {
            FieldSpec *f = fields->u.seq.v[i]->u.obj.data;
            known = f->init && strcmp(args->kwnames[k], f->name) == 0;
        }
        if (!known) {
            interp_raise(I, loc, "TypeError", "%s.__init__() got an unexpected keyword argument '%s'", qual,
                         args->kwnames[k]);
            return NULL;
        }
    }
    Value *post = class_lookup(cls, I->atoms->a_post_init);
    if (post) {
        Value *r = call_method(I, self, I->atoms->a_post_init, 0, NULL, loc);
        if (!r) return NULL;
    }
    return v_none();
}

Value *dataclass_apply(Interp *I, Value *cls, bool frozen, Loc loc) {
    if (cls->kind != V_CLASS) {
        interp_raise(I, loc, "TypeError", "dataclass() should be called on a class");
        return NULL;
    }
    /* fields: the bases' first (in reverse MRO), then this class's annotations */
    Seq fields = {0};
    for (int b = cls->u.cls.bases.n - 1; b >= 0; b--) {
        Value *bf = class_lookup(cls->u.cls.bases.v[b], I->atoms->a_dc_fields);
        if (bf && bf->kind == V_TUPLE)
            for (int i = 0; i < bf->u.seq.n; i++) seq_append(I, &fields, bf->u.seq.v[i]);
    }
    Value *ann = dict_get_str(&cls->u.cls.attrs, I->atoms->a_annotations);
    if (ann && ann->kind == V_DICT) {
        for (int i = 0; i < ann->u.dict.n; i++) {
            const char *name = ann->u.dict.v[i].key->u.str.s;
            Value *tv = ann->u.dict.v[i].value;
            if (tv->kind == V_STR && (strncmp(tv->u.str.s, "ClassVar", 8) == 0 ||
                                      strncmp(tv->u.str.s, "typing.ClassVar", 15) == 0))
                continue;
            FieldSpec *f = arena_alloc(I->arena, sizeof *f);
            f->init = true;
            f->name = name;
            Value *dv = dict_get_str(&cls->u.cls.attrs, name);
            if (dv && dv->kind == V_OBJECT && dv->u.obj.type == &objtype_field) {
                FieldSpec *given = dv->u.obj.data;
                f->dflt = given->dflt;
                f->factory = given->factory;
                f->init = given->init;
                if (f->dflt)
                    dict_set_str(I, &cls->u.cls.attrs, name, f->dflt);
                else {
                    Value key = {.kind = V_STR, .u.str = {name, strlen(name)}};
                    dict_del(&cls->u.cls.attrs, &key);
                }
            } else if (dv) {
                if (dv->kind == V_LIST || dv->kind == V_DICT || dv->kind == V_SET) {
                    interp_raise(I, loc, "ValueError",
                                 "mutable default <class '%s'> for field %s is not allowed: use default_factory",
                                 value_type_name(dv), name);
                    return NULL;
                }
                f->dflt = dv;
            }
            /* a redefinition replaces the base's field in place */
            bool replaced = false;
            for (int k = 0; k < fields.n; k++) {
                FieldSpec *o = fields.v[k]->u.obj.data;
                if (strcmp(o->name, name) == 0) {
                    fields.v[k] = v_object(I, &objtype_field, f);
                    replaced = true;
                }
            }
            if (!replaced) seq_append(I, &fields, v_object(I, &objtype_field, f));
        }
    }
    /* fields without defaults may not follow fields with defaults */
    bool seen_default = false;
    for (int k = 0; k < fields.n; k++) {
        FieldSpec *f = fields.v[k]->u.obj.data;
        if (!f->init) continue;
        if (f->dflt || f->factory)
            seen_default = true;
        else if (seen_default) {
            interp_raise(I, loc, "TypeError", "non-default argument '%s' follows default argument", f->name);
            return NULL;
        }
    }
    Value *ft = v_tuple_of(I, fields.n, fields.v);
    /* repr and __eq__ read the names: keep a parallel tuple of names */
    Value *names = v_tuple(I, fields.n);
    for (int k = 0; k < fields.n; k++) names->u.seq.v[k] = v_cstr(I, ((FieldSpec *)fields.v[k]->u.obj.data)->name);
    dict_set_str(I, &cls->u.cls.attrs, intern_cstr(I->names, "__dataclass_field_objects__"), ft);
    dict_set_str(I, &cls->u.cls.attrs, I->atoms->a_dc_fields, names);
    cls->u.cls.flags |= CLS_DATACLASS;
    if (frozen) dict_set_str(I, &cls->u.cls.attrs, intern_cstr(I->names, "__frozen__"), v_true());
    if (!dict_get_str(&cls->u.cls.attrs, I->atoms->a_init)) {
        Value *init = v_builtin(I, "__init__", dc_init, NULL, cls);
        init->u.builtin.data_is_value = true;
        dict_set_str(I, &cls->u.cls.attrs, I->atoms->a_init, init);
    }
    return cls;
}

/* the decorator made by dataclass(...): self is True for frozen=True */
static Value *dc_apply(Interp *I, Value *self, CallArgs *a, Loc loc) {
    if (a->npos != 1 || a->nkw) {
        interp_raise(I, loc, "TypeError", "dataclass() takes one class");
        return NULL;
    }
    return dataclass_apply(I, a->pos[0], self && self->kind == V_BOOL && self->u.i.c, loc);
}

static Value *dc_dataclass(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    bool frozen = false;
    for (int i = 0; i < a->nkw; i++)
        if (strcmp(a->kwnames[i], "frozen") == 0) frozen = a->kw[i]->kind == V_BOOL && a->kw[i]->u.i.c;
    if (a->npos == 1 && a->pos[0]->kind == V_CLASS) return dataclass_apply(I, a->pos[0], frozen, loc);
    if (a->npos) {
        interp_raise(I, loc, "TypeError", "dataclass() should be called on a class");
        return NULL;
    }
    return v_builtin(I, "dataclass", dc_apply, v_bool(I, frozen), NULL);
}

static Value *dc_fields(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "fields", 1, 1, loc)) return NULL;
    Value *c = a->pos[0]->kind == V_INSTANCE ? a->pos[0]->u.inst.cls : a->pos[0];
    Value *ft = c->kind == V_CLASS ? class_lookup(c, intern_cstr(I->names, "__dataclass_field_objects__")) : NULL;
    if (!ft) {
        interp_raise(I, loc, "TypeError", "must be called with a dataclass type or instance");
        return NULL;
    }
    return ft;
}

static Value *dc_asdict(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "asdict", 1, 1, loc)) return NULL;
    Value *o = a->pos[0];
    Value *names = o->kind == V_INSTANCE ? class_lookup(o->u.inst.cls, I->atoms->a_dc_fields) : NULL;
    if (!names) {
        interp_raise(I, loc, "TypeError", "asdict() should be called on dataclass instances");
        return NULL;
    }
    Value *d = v_dict(I);
    for (int i = 0; i < names->u.seq.n; i++) {
        const char *n = intern_cstr(I->names, names->u.seq.v[i]->u.str.s);
        Value *v = dict_get_str(&o->u.inst.attrs, n);
        if (v && v->kind == V_INSTANCE && class_lookup(v->u.inst.cls, I->atoms->a_dc_fields)) {
            CallArgs sub = {0};
            sub.pos = &v;
            sub.npos = 1;
            v = dc_asdict(I, NULL, &sub, loc);
            if (!v) return NULL;
        }
        dict_set_str(I, &d->u.dict, n, v ? v : v_none());
    }
    return d;
}

static Value *dc_replace(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (a->npos != 1 || a->pos[0]->kind != V_INSTANCE) {
        interp_raise(I, loc, "TypeError", "replace() should be called on dataclass instances");
        return NULL;
    }
    Value *o = a->pos[0];
    Value *r = v_instance(I, o->u.inst.cls);
    dict_copy(I, &r->u.inst.attrs, &o->u.inst.attrs);
    for (int i = 0; i < a->nkw; i++) dict_set_str(I, &r->u.inst.attrs, a->kwnames[i], a->kw[i]);
    return r;
}

static Value *dc_is_dataclass(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "is_dataclass", 1, 1, loc)) return NULL;
    Value *c = a->pos[0]->kind == V_INSTANCE ? a->pos[0]->u.inst.cls : a->pos[0];
    return v_bool(I, c->kind == V_CLASS && (c->u.cls.flags & CLS_DATACLASS));
}

static Value *dataclasses_module(Interp *I) {
    Value *m = v_module(I, "dataclasses");
    fn(I, m, "dataclass", dc_dataclass);
    fn(I, m, "field", dc_field);
    fn(I, m, "fields", dc_fields);
    fn(I, m, "asdict", dc_asdict);
    fn(I, m, "replace", dc_replace);
    fn(I, m, "is_dataclass", dc_is_dataclass);
    set(I, m, "FrozenInstanceError", builtin_class(I, "FrozenInstanceError"));
    return m;
}

/* ---- typing, enum, abc ------------------------------------------------------------------------ */

static Value *typing_getitem(Interp *I, Value *self, Value *key, Loc loc) {
    (void)I;
    (void)key;
    (void)loc;
    return self;
}

static Value *typing_call(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)I;
    (void)args;
    (void)loc;
    return self;
}

static Value *typing_getattr(Interp *I, Value *self, const char *name, Loc loc) {
    (void)name;
    (void)loc;
    (void)I;
    return self;
}

static const ObjType objtype_typing = {
    .name = "typing special form", .getitem = typing_getitem, .call = typing_call, .getattr = typing_getattr,
    .children = obj_no_children};

static Value *ty_cast(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "cast", 2, 2, loc)) return NULL;
    return a->pos[1];
}

static Value *ty_newtype(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    (void)a;
    (void)loc;
    return v_builtin(I, "NewType", identity, NULL, NULL);
}

static Value *builtin_base_class(Interp *I, const char *name, unsigned flags) {
    Value *c = v_class(I, intern_cstr(I->names, name));
    c->u.cls.flags = CLS_BUILTIN | flags;
    return c;
}

static Value *typing_module(Interp *I, const char *name) {
    Value *m = v_module(I, name);
    static const char *const forms[] = {
        "Any", "Optional", "Union", "List", "Dict", "Tuple", "Set", "FrozenSet", "Callable", "Sequence",
        "Iterable", "Iterator", "Mapping", "MutableMapping", "Type", "TypeVar", "Literal", "Annotated", "ClassVar",
        "Final", "NoReturn", "Never", "Self", "Hashable", "Sized", "Collection", "Generator", "ParamSpec",
        "Concatenate", "TypeAlias", "DefaultDict", "OrderedDict", "Deque", "SupportsInt", "SupportsFloat",
        "TypeGuard", "Required", "NotRequired", "LiteralString", "Unpack", "TypeVarTuple"};
    Value *special = v_object(I, &objtype_typing, NULL);
    for (size_t i = 0; i < KCV_ARRAY_LEN(forms); i++) set(I, m, forms[i], special);
    set(I, m, "TYPE_CHECKING", v_false());
    fn(I, m, "cast", ty_cast);
    fn(I, m, "NewType", ty_newtype);
    fn(I, m, "overload", identity);
    fn(I, m, "final", identity);
    fn(I, m, "no_type_check", identity);
    fn(I, m, "runtime_checkable", identity);
    fn(I, m, "get_type_hints", not_modelled);
    set(I, m, "Protocol", builtin_base_class(I, "Protocol", 0));
    set(I, m, "Generic", builtin_base_class(I, "Generic", 0));
    set(I, m, "NamedTuple", builtin_base_class(I, "NamedTuple", 0));
    set(I, m, "TypedDict", builtin_base_class(I, "TypedDict", 0));
    m->u.module.unmodelled = true;
    return m;
}

static Value *enum_auto(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    (void)a;
    (void)loc;
    static const ObjType auto_type = {.name = "enum.auto"};
    return v_object(I, &auto_type, NULL);
}

static Value *enum_module(Interp *I) {
    Value *m = v_module(I, "enum");
    Value *e = builtin_base_class(I, "Enum", CLS_ENUM);
    set(I, m, "Enum", e);
    Value *ie = builtin_base_class(I, "IntEnum", CLS_ENUM);
    seq_append(I, &ie->u.cls.bases, e);
    set(I, m, "IntEnum", ie);
    Value *fl = builtin_base_class(I, "Flag", CLS_ENUM);
    seq_append(I, &fl->u.cls.bases, e);
    set(I, m, "Flag", fl);
    set(I, m, "IntFlag", fl);
    set(I, m, "StrEnum", e);
    fn(I, m, "auto", enum_auto);
    fn(I, m, "unique", identity);
    m->u.module.unmodelled = true;
    return m;
}

static Value *abc_module(Interp *I) {
    Value *m = v_module(I, "abc");
    set(I, m, "ABC", builtin_base_class(I, "ABC", 0));
    fn(I, m, "abstractmethod", identity);
    m->u.module.unmodelled = true;
    return m;
}

/* ---- copy ----------------------------------------------------------------------------------------- */

static Value *copy_value(Interp *I, Value *v, bool deep, int depth, Loc loc) {
    if (depth > 100) return v_unknown(I, loc, "copy nested too deep");
    switch (v->kind) {
    case V_LIST:
    case V_SET:
    case V_TUPLE: {
        if (v->u.seq.poisoned) return poisoned_value(I, loc);
        if (v->kind == V_TUPLE && !deep) return v;
        Value *r = v->kind == V_LIST ? v_list(I, v->u.seq.n) : v->kind == V_TUPLE ? v_tuple(I, v->u.seq.n) : v_set(I);
        for (int i = 0; i < v->u.seq.n; i++) {
            Value *x = deep ? copy_value(I, v->u.seq.v[i], true, depth + 1, loc) : v->u.seq.v[i];
            if (v->kind == V_SET)
                seq_append(I, &r->u.seq, x);
            else
                r->u.seq.v[i] = x;
        }
        return r;
    }
    case V_DICT: {
        if (v->u.dict.poisoned) return poisoned_value(I, loc);
        Value *r = v_dict(I);
        for (int i = 0; i < v->u.dict.n; i++)
            dict_set(I, &r->u.dict, v->u.dict.v[i].key,
                     deep ? copy_value(I, v->u.dict.v[i].value, true, depth + 1, loc) : v->u.dict.v[i].value);
        return r;
    }
    case V_INSTANCE: {
        if (v->u.inst.cls->u.cls.flags & CLS_ENUM) return v;
        Value *r = v_instance(I, v->u.inst.cls);
        for (int i = 0; i < v->u.inst.attrs.n; i++)
            dict_set(I, &r->u.inst.attrs, v->u.inst.attrs.v[i].key,
                     deep ? copy_value(I, v->u.inst.attrs.v[i].value, true, depth + 1, loc) : v->u.inst.attrs.v[i].value);
        return r;
    }
    case V_OBJECT:
        return deep ? v_unknown(I, loc, "deepcopy of a '%s' is not modelled", v->u.obj.type->name) : v;
    case V_NONE: case V_BOOL: case V_INT: case V_FLOAT: case V_STR: case V_SLICE: case V_RANGE:
    case V_FUNCTION: case V_BUILTIN: case V_BOUND: case V_MODULE: case V_CLASS: case V_UNKNOWN:
    default: return v;
    }
}

static Value *cp_copy(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "copy", 1, 1, loc)) return NULL;
    return copy_value(I, a->pos[0], false, 0, loc);
}

static Value *cp_deepcopy(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "deepcopy", 1, 2, loc)) return NULL;
    return copy_value(I, a->pos[0], true, 0, loc);
}

/* ---- os, sys, logging, warnings, collections ------------------------------------------------------ */

static Value *os_getenv(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    if (!want_args(I, a, "getenv", 1, 2, loc)) return NULL;
    return a->npos == 2 ? a->pos[1] : v_none();
}

static Value *path_join(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    StrBuf b = {0};
    for (int i = 0; i < a->npos; i++) {
        Value *p = a->pos[i];
        if (p->kind != V_STR) {
            sb_free(&b);
            if (p->kind == V_UNKNOWN) return unknown_from(I, p, loc);
            interp_raise(I, loc, "TypeError", "join() argument must be str, not '%s'", value_type_name(p));
            return NULL;
        }
        if (p->u.str.len && p->u.str.s[0] == '/') sb_clear(&b);
        else if (b.len && b.s[b.len - 1] != '/') sb_putc(&b, '/');
        sb_put(&b, p->u.str.s, p->u.str.len);
    }
    Value *r = v_str(I, sb_str(&b), b.len);
    sb_free(&b);
    return r;
}

static Value *path_part(Interp *I, CallArgs *a, Loc loc, int which) {
    if (!want_args(I, a, "basename", 1, 1, loc)) return NULL;
    Value *p = a->pos[0];
    if (p->kind != V_STR) return unknown_from(I, p, loc);
    const char *s = p->u.str.s;
    size_t n = p->u.str.len;
    size_t slash = n;
    while (slash > 0 && s[slash - 1] != '/') slash--;
    if (which == 0) return v_str(I, s + slash, n - slash);                       /* basename */
    if (which == 1) return v_str(I, s, slash > 1 ? slash - 1 : slash);           /* dirname */
    /* splitext */
    size_t dot = n;
    while (dot > slash && s[dot - 1] != '.') dot--;
    Value *t = v_tuple(I, 2);
    if (dot > slash + 1) {
        t->u.seq.v[0] = v_str(I, s, dot - 1);
        t->u.seq.v[1] = v_str(I, s + dot - 1, n - dot + 1);
    } else {
        t->u.seq.v[0] = p;
        t->u.seq.v[1] = v_str(I, "", 0);
    }
    return t;
}

static Value *path_basename(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return path_part(I, a, loc, 0); }
static Value *path_dirname(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return path_part(I, a, loc, 1); }
static Value *path_splitext(Interp *I, Value *s, CallArgs *a, Loc loc) { (void)s; return path_part(I, a, loc, 2); }

static Value *os_path_module(Interp *I) {
    Value *m = v_module(I, "os.path");
    fn(I, m, "join", path_join);
    fn(I, m, "basename", path_basename);
    fn(I, m, "dirname", path_dirname);
    fn(I, m, "splitext", path_splitext);
    set(I, m, "sep", v_cstr(I, "/"));
    m->u.module.unmodelled = true;
    return m;
}

static Value *os_module(Interp *I) {
    Value *m = v_module(I, "os");
    set(I, m, "environ", v_dict(I));
    fn(I, m, "getenv", os_getenv);
    set(I, m, "sep", v_cstr(I, "/"));
    set(I, m, "linesep", v_cstr(I, "\n"));
    set(I, m, "name", v_cstr(I, "posix"));
    Value *p = os_path_module(I);
    dict_set_str(I, &I->modules, p->u.module.name, p);
    set(I, m, "path", p);
    m->u.module.unmodelled = true;
    return m;
}

static Value *sys_module(Interp *I) {
    Value *m = v_module(I, "sys");
    set(I, m, "argv", v_list(I, 0));
    Value *vi = v_tuple(I, 5);
    vi->u.seq.v[0] = v_int(I, 3);
    vi->u.seq.v[1] = v_int(I, 11);
    vi->u.seq.v[2] = v_int(I, 0);
    vi->u.seq.v[3] = v_cstr(I, "final");
    vi->u.seq.v[4] = v_int(I, 0);
    set(I, m, "version_info", vi);
    set(I, m, "version", v_cstr(I, "3.11.0"));
    set(I, m, "platform", v_cstr(I, "linux"));
    set(I, m, "maxsize", v_int(I, INT64_MAX));
    set(I, m, "path", v_list(I, 0));
    set(I, m, "stdout", v_object(I, &objtype_anycall, NULL));
    set(I, m, "stderr", v_object(I, &objtype_anycall, NULL));
    set(I, m, "exit", dict_get_str(&I->builtins->u.module.globals, intern_cstr(I->names, "exit")));
    m->u.module.unmodelled = true;
    return m;
}

static Value *lg_getlogger(Interp *I, Value *s, CallArgs *a, Loc loc) {
    (void)s;
    (void)a;
    (void)loc;
    return v_object(I, &objtype_anycall, NULL);
}

static Value *logging_module(Interp *I) {
    Value *m = v_module(I, "logging");
    fn(I, m, "getLogger", lg_getlogger);
    static const char *const noops[] = {"basicConfig", "debug", "info", "warning", "warn", "error",
                                        "critical", "exception", "log", "disable", "captureWarnings"};
    for (size_t i = 0; i < KCV_ARRAY_LEN(noops); i++) fn(I, m, noops[i], noop);
    static const char *const levels[] = {"NOTSET", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"};
    for (size_t i = 0; i < KCV_ARRAY_LEN(levels); i++) set(I, m, levels[i], v_int(I, (int64_t)i * 10));
    set(I, m, "WARN", v_int(I, 30));
    set(I, m, "FATAL", v_int(I, 50));
    m->u.module.unmodelled = true;
    return m;
}

static Value *warnings_module(Interp *I) {
    Value *m = v_module(I, "warnings");
    fn(I, m, "warn", noop);
    fn(I, m, "filterwarnings", noop);
    fn(I, m, "simplefilter", noop);
    fn(I, m, "resetwarnings", noop);
    set(I, m, "catch_warnings", v_object(I, &objtype_anycall, NULL));
    m->u.module.unmodelled = true;
    return m;
}

static Value *collections_module(Interp *I) {
    Value *m = v_module(I, "collections");
    set(I, m, "OrderedDict", dict_get_str(&I->builtins->u.module.globals, intern_cstr(I->names, "dict")));
    m->u.module.unmodelled = true;
    return m;
}

static Value *copy_module(Interp *I) {
    Value *m = v_module(I, "copy");
    fn(I, m, "copy", cp_copy);
    fn(I, m, "deepcopy", cp_deepcopy);
    return m;
}

Value *stdlib_module(Interp *I, const char *name) {
    if (strcmp(name, "math") == 0) return math_module(I);
    if (strcmp(name, "functools") == 0) return functools_module(I);
    if (strcmp(name, "itertools") == 0) return itertools_module(I);
    if (strcmp(name, "operator") == 0) return operator_module(I);
    if (strcmp(name, "dataclasses") == 0) return dataclasses_module(I);
    if (strcmp(name, "typing") == 0 || strcmp(name, "typing_extensions") == 0) return typing_module(I, name);
    if (strcmp(name, "enum") == 0) return enum_module(I);
    if (strcmp(name, "abc") == 0) return abc_module(I);
    if (strcmp(name, "copy") == 0) return copy_module(I);
    if (strcmp(name, "os") == 0) return os_module(I);
    if (strcmp(name, "os.path") == 0) {
        Value *os = dict_get_str(&I->modules, intern_cstr(I->names, "os"));
        if (!os) {
            os = os_module(I);
            dict_set_str(I, &I->modules, os->u.module.name, os);
        }
        return dict_get_str(&I->modules, intern_cstr(I->names, "os.path"));
    }
    if (strcmp(name, "sys") == 0) return sys_module(I);
    if (strcmp(name, "logging") == 0) return logging_module(I);
    if (strcmp(name, "warnings") == 0) return warnings_module(I);
    if (strcmp(name, "collections") == 0) return collections_module(I);
    return NULL;
}
