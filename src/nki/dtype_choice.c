/* dtype_choice.c - open dtypes: the dtype of a kernel input that `kcv check`
 * leaves to range over a set (nki_dtype_choice in nki.h).
 *
 * A choice is an int `var` (a symbolic input the driver made, assumed to be
 * the NkiDtype number of one of the candidates in `mask`) and travels
 * through tensors as a choice code (NKI_DT_CHOICE0 + its index in the
 * run's NkiCtx), so tiles loaded from an input, buffers allocated with
 * `dtype=a.dtype` and results that keep their operand's dtype all share it
 * without knowing which dtype it is.
 *
 * What the model asks of a dtype is answered without a decision when it
 * can be: the element size is an int ("a.itemsize", tied to `var` by an
 * assumption), a size in bytes a choice of linear terms ("F*4 if
 * a.itemsize == 4 else F*2": the solver stays in linear arithmetic where
 * F*a.itemsize would not), `==` a condition on `var`, float-ness and
 * promotion constants when every candidate agrees.  The contracts then
 * quantify over the candidates in the solver, on one path, and a
 * violation's model names the dtype.  The rest (the name, a promotion that
 * differs, a cast of a scalar, an attribute) resolves the choice: one
 * decision `var == d` per candidate but the last, which the path
 * exploration turns into one path per dtype that reaches there.
 * Everything that depends on `var` sets *observed.
 *
 * Ownership: choices live in the run's arena, like every other value.
 */
#include "nki_int.h"

typedef struct DtChoice {
    NkiDtype code;        /* NKI_DT_CHOICE0 + index in the NkiCtx */
    const char *name;     /* "a.dtype" */
    Value *var;           /* its NkiDtype number */
    unsigned mask;        /* candidates: bit d for NkiDtype d */
    bool *observed;
    Value *size_var;      /* its element size, once asked for (an int tied to var) */
} DtChoice;

bool nki_dtype_is_choice(NkiDtype dt)
{
    return (int)dt >= NKI_DT_CHOICE0;
}

static DtChoice *choice_of_code(Interp *I, NkiDtype dt)
{
    NkiCtx *ctx = nki_ctx(I);
    int i = (int)dt - NKI_DT_CHOICE0;
    if (!ctx || i < 0 || i >= ctx->ndtype_choices)
        return NULL;
    return ctx->dtype_choices[i]->u.obj.data;
}

static DtChoice *choice_of_value(const Value *v)
{
    return v && v->kind == V_OBJECT && v->u.obj.type == &nki_dtype_choice_type ? v->u.obj.data : NULL;
}

Value *nki_dtype_choice(Interp *I, NkiCtx *ctx, const char *name, Value *var, unsigned mask, bool *observed)
{
    mask &= (1u << DT_COUNT) - 1;
    if (!ctx || !var || !nv_is_int(var) || !mask)
        return v_unknown(I, interp_user_loc(I), "an open dtype needs an int and at least one candidate");
    DtChoice *c = arena_alloc(I->arena, sizeof *c);
    c->code = (NkiDtype)(NKI_DT_CHOICE0 + ctx->ndtype_choices);
    c->name = arena_strndup(I->arena, name, strlen(name));
    c->var = var;
    c->mask = mask;
    c->observed = observed;
    Value *v = v_object(I, &nki_dtype_choice_type, c);
    Value **grown = arena_alloc(I->arena, sizeof(Value *) * (size_t)(ctx->ndtype_choices + 1));
    if (ctx->ndtype_choices)
        memcpy(grown, ctx->dtype_choices, sizeof(Value *) * (size_t)ctx->ndtype_choices);
    grown[ctx->ndtype_choices++] = v;
    ctx->dtype_choices = grown;
    return v;
}

Value *nki_dtype_choice_value(Interp *I, NkiDtype dt)
{
    NkiCtx *ctx = nki_ctx(I);
    int i = (int)dt - NKI_DT_CHOICE0;
    if (!ctx || i < 0 || i >= ctx->ndtype_choices)
        return v_unknown(I, interp_user_loc(I), "an open dtype of another run");
    return ctx->dtype_choices[i];
}

/* Whether a candidate is the only one, or `var` is concrete: the dtype. */
static bool choice_fixed(const DtChoice *c, NkiDtype *out)
{
    int64_t k;
    if (nv_const(c->var, &k)) {
        *out = (NkiDtype)k;
        return k >= 0 && k < DT_COUNT && (c->mask >> k & 1u);
    }
    if (c->mask & (c->mask - 1))
        return false;
    for (int d = 0; d < DT_COUNT; d++)
        if (c->mask >> d & 1u) {
            *out = (NkiDtype)d;
            return true;
        }
    return false;
}

static void observe(DtChoice *c)
{
    if (c->observed)
        *c->observed = true;
}

bool nki_dtype_resolve(Interp *I, NkiDtype *dt)
{
    if (!nki_dtype_is_choice(*dt))
        return true;
    DtChoice *c = choice_of_code(I, *dt);
    if (!c) {
        interp_abort(I, interp_user_loc(I), "an open dtype of another run");
        return false;
    }
    if (choice_fixed(c, dt))
        return true;
    observe(c);
    int last = -1;
    for (int d = 0; d < DT_COUNT; d++)
        if (c->mask >> d & 1u)
            last = d;
    for (int d = 0; d < last; d++) {
        if (!(c->mask >> d & 1u))
            continue;
        Value *eq = nv_cmp(I, CMP_EQ, c->var, v_int(I, d));
        if (!eq)
            return false;
        Tri t = interp_truth(I, eq, interp_user_loc(I));
        if (t == TRI_UNKNOWN)
            return false;
        if (t == TRI_TRUE) {
            *dt = (NkiDtype)d;
            return true;
        }
    }
    *dt = (NkiDtype)last;   /* the path assumes var is one of the candidates */
    return true;
}

/* `var` is one of the candidates of `sub` (a subset of c's): a condition;
 * a range when no candidate of c outside sub lies between sub's first and
 * last (the path assumes var is a candidate). */
static Value *var_in(Interp *I, DtChoice *c, unsigned sub)
{
    int lo = -1, hi = -1;
    for (int d = 0; d < DT_COUNT; d++)
        if (sub >> d & 1u) {
            if (lo < 0)
                lo = d;
            hi = d;
        }
    if (lo < 0)
        return v_bool(I, false);
    unsigned span = c->mask & ((2u << hi) - 1) & ~((1u << lo) - 1);
    if (span == sub) {
        if (lo == hi)
            return nv_cmp(I, CMP_EQ, c->var, v_int(I, lo));
        return nv_and(I, nv_cmp(I, CMP_GTE, c->var, v_int(I, lo)), nv_cmp(I, CMP_LTE, c->var, v_int(I, hi)));
    }
    Value *r = NULL;
    for (int d = lo; d <= hi; d++) {
        if (!(sub >> d & 1u))
            continue;
        Value *eq = nv_cmp(I, CMP_EQ, c->var, v_int(I, d));
        r = r ? nv_or(I, r, eq) : eq;
        if (!r)
            return NULL;
    }
    return r;
}

/* The candidates of `c` grouped by element size; the number of groups
 * (0 and an unknown value in *err when there are too many). */
enum { MAX_SIZES = 8 };

static int size_groups(const DtChoice *c, int *sizes, unsigned *groups)
{
    int n = 0;
    for (int d = 0; d < DT_COUNT; d++) {
        if (!(c->mask >> d & 1u))
            continue;
        int s = nki_dtype_size((NkiDtype)d), j = 0;
        while (j < n && sizes[j] != s)
            j++;
        if (j == n) {
            if (n == MAX_SIZES)
                return 0;
            sizes[n] = s;
            groups[n++] = 0;
        }
        groups[j] |= 1u << d;
    }
    return n;
}

/* The element size of an open dtype whose candidates differ in size: a
 * fresh int named after the dtype ("a.itemsize", so that messages read
 * "F*a.itemsize bytes"), tied to `var` once per run by the assumption
 * size == (s1 if var in group1 else (s2 if ... else sn)). */
static Value *size_var(Interp *I, DtChoice *c, const int *sizes, const unsigned *groups, int n)
{
    if (c->size_var)
        return c->size_var;
    observe(c);
    const char *dot = strrchr(c->name, '.');
    size_t stem = dot && strcmp(dot, ".dtype") == 0 ? (size_t)(dot - c->name) : strlen(c->name);
    Value *sv = nv_fresh(I, nki_strf(I, "%.*s.itemsize", (int)stem, c->name));
    if (!sv)
        return NULL;
    /* size == (s1 if var in group1 else (s2 if ... else sn)) */
    Value *which = v_int(I, sizes[n - 1]);
    for (int j = n - 2; j >= 0 && which; j--) {
        Value *in = var_in(I, c, groups[j]);
        which = in ? nv_ite(I, in, v_int(I, sizes[j]), which) : NULL;
    }
    Value *tie = which ? nv_cmp(I, CMP_EQ, sv, which) : NULL;
    if (!tie)
        return NULL;
    if (tie->kind == V_BOOL && tie->u.i.sym && I->dom->assume)
        I->dom->assume(I->dom_state, tie, interp_user_loc(I));
    c->size_var = sv;
    return sv;
}

/* The element sizes dt may have: sizes[0..*ng) with the candidates of
 * each in groups (one size for a concrete or fixed dtype).  Returns NULL,
 * or the unknown value to give when they cannot be told. */
static Value *open_sizes(Interp *I, NkiDtype dt, int *sizes, unsigned *groups, int *ng, DtChoice **cp)
{
    NkiDtype k = dt;
    *cp = NULL;
    if (nki_dtype_is_choice(dt)) {
        DtChoice *c = *cp = choice_of_code(I, dt);
        if (!c)
            return v_unknown(I, interp_user_loc(I), "an open dtype of another run");
        if (!choice_fixed(c, &k)) {
            *ng = size_groups(c, sizes, groups);
            return *ng ? NULL : v_unknown(I, interp_user_loc(I), "too many element sizes in an open dtype");
        }
    }
    sizes[0] = nki_dtype_size(k);
    *ng = 1;
    return NULL;
}

Value *nki_dtype_bytes_value(Interp *I, NkiDtype dt, Value *n)
{
    int sizes[MAX_SIZES], ng;
    unsigned groups[MAX_SIZES];
    DtChoice *c;
    Value *unknown = open_sizes(I, dt, sizes, groups, &ng, &c);
    if (unknown)
        return unknown;
    if (ng == 1)
        return nv_mul(I, n, v_int(I, sizes[0]));
    /* n*s1 if size == s1 else (n*s2 if ...): linear in n, where n*size
     * would not be */
    Value *sv = size_var(I, c, sizes, groups, ng);
    Value *r = sv ? nv_mul(I, n, v_int(I, sizes[ng - 1])) : NULL;
    for (int j = ng - 2; j >= 0 && r; j--)
        r = nv_ite(I, nv_cmp(I, CMP_EQ, sv, v_int(I, sizes[j])), nv_mul(I, n, v_int(I, sizes[j])), r);
    return r;
}

Value *nki_dtype_size_value(Interp *I, NkiDtype dt)
{
    int sizes[MAX_SIZES], ng;
    unsigned groups[MAX_SIZES];
    DtChoice *c;
    Value *unknown = open_sizes(I, dt, sizes, groups, &ng, &c);
    if (unknown)
        return unknown;
    return ng == 1 ? v_int(I, sizes[0]) : size_var(I, c, sizes, groups, ng);
}

Value *nki_dtype_is_float_value(Interp *I, NkiDtype dt)
{
    if (nki_dtype_is_choice(dt)) {
        DtChoice *c = choice_of_code(I, dt);
        if (!c)
            return v_unknown(I, interp_user_loc(I), "an open dtype of another run");
        bool any_float = false, any_other = false;
        for (int d = 0; d < DT_COUNT; d++)
            if (c->mask >> d & 1u) {
                any_float |= nki_dtype_is_float((NkiDtype)d);
                any_other |= !nki_dtype_is_float((NkiDtype)d);
            }
        if (any_float != any_other)
            return v_bool(I, any_float);
        if (!nki_dtype_resolve(I, &dt))
            return NULL;
    }
    return v_bool(I, nki_dtype_is_float(dt));
}

Value *nki_dtype_eq_value(Interp *I, NkiDtype a, NkiDtype b)
{
    if (a == b)
        return v_bool(I, true);
    if (!nki_dtype_is_choice(a) && !nki_dtype_is_choice(b))
        return v_bool(I, false);
    if (!nki_dtype_is_choice(a)) {
        NkiDtype t = a;
        a = b;
        b = t;
    }
    DtChoice *ca = choice_of_code(I, a);
    if (!ca)
        return v_unknown(I, interp_user_loc(I), "an open dtype of another run");
    if (!nki_dtype_is_choice(b)) {
        unsigned bit = b < DT_COUNT ? 1u << b : 0;
        if (!(ca->mask & bit))
            return v_bool(I, false);
        if (ca->mask == bit)
            return v_bool(I, true);
        observe(ca);
        return nv_cmp(I, CMP_EQ, ca->var, v_int(I, (int64_t)b));
    }
    DtChoice *cb = choice_of_code(I, b);
    if (!cb)
        return v_unknown(I, interp_user_loc(I), "an open dtype of another run");
    if (!(ca->mask & cb->mask))
        return v_bool(I, false);
    observe(ca);
    observe(cb);
    return nv_cmp(I, CMP_EQ, ca->var, cb->var);
}

bool nki_dtype_promote_open(Interp *I, NkiDtype a, NkiDtype b, NkiDtype *out)
{
    if (a == b) {
        *out = a;
        return true;
    }
    bool ca = nki_dtype_is_choice(a), cb = nki_dtype_is_choice(b);
    if (ca != cb) {
        NkiDtype open = ca ? a : b, other = ca ? b : a;
        DtChoice *c = choice_of_code(I, open);
        if (!c) {
            interp_abort(I, interp_user_loc(I), "an open dtype of another run");
            return false;
        }
        /* every candidate gives the same dtype, or every one itself */
        bool same = true, itself = true;
        int first = -1;
        for (int d = 0; d < DT_COUNT; d++) {
            if (!(c->mask >> d & 1u))
                continue;
            NkiDtype r = ca ? nki_dtype_promote((NkiDtype)d, other) : nki_dtype_promote(other, (NkiDtype)d);
            if (first < 0)
                first = (int)r;
            same &= (int)r == first;
            itself &= r == (NkiDtype)d;
        }
        if (same && first >= 0) {
            *out = (NkiDtype)first;
            return true;
        }
        if (itself) {
            *out = open;
            return true;
        }
    }
    if (!nki_dtype_resolve(I, &a) || !nki_dtype_resolve(I, &b))
        return false;
    *out = nki_dtype_promote(a, b);
    return true;
}

/* ---- the object ---------------------------------------------------------------- */

bool nki_dtype_choice_of(const Value *v, NkiDtype *out)
{
    DtChoice *c = choice_of_value(v);
    if (c)
        *out = c->code;
    return c != NULL;
}

/* The concrete dtype object `self` resolves to, or NULL (unwinding). */
static Value *resolved(Interp *I, Value *self)
{
    NkiDtype dt = choice_of_value(self)->code;
    if (!nki_dtype_resolve(I, &dt))
        return NULL;
    return nki_dtype_value(I, dt);
}

static Value *choice_resolve(Interp *I, Value *self, Loc loc)
{
    (void)loc;
    return resolved(I, self);
}

static Value *choice_getattr(Interp *I, Value *self, const char *name, Loc loc)
{
    DtChoice *c = choice_of_value(self);
    if (strcmp(name, "itemsize") == 0)
        return nki_dtype_size_value(I, c->code);
    Value *d = resolved(I, self);
    return d ? nki_dtype_type.getattr(I, d, name, loc) : NULL;
}

static Value *choice_call(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    Value *d = resolved(I, self);
    return d ? nki_dtype_type.call(I, d, args, loc) : NULL;
}

static Value *choice_compare(Interp *I, CmpOpKind op, Value *self, Value *other, bool right, Loc loc)
{
    (void)right;
    if (op != CMP_EQ && op != CMP_NOTEQ)
        return v_unknown(I, loc, "ordering comparison of dtypes");
    NkiDtype a = choice_of_value(self)->code, b;
    Value *eq = nki_as_dtype(other, &b) ? nki_dtype_eq_value(I, a, b) : v_bool(I, false);
    if (!eq || op == CMP_EQ)
        return eq;
    return nv_not(I, eq);
}

static bool choice_equal(const Value *a, const Value *b)
{
    return choice_of_value(a) == choice_of_value(b);
}

static void choice_repr(StrBuf *out, const Value *self)
{
    sb_puts(out, choice_of_value(self)->name);
}

const ObjType nki_dtype_choice_type = {
    .name = "dtype",
    .getattr = choice_getattr,
    .call = choice_call,
    .compare = choice_compare,
    .equal = choice_equal,
    .repr = choice_repr,
    .resolve = choice_resolve,
    .children = obj_no_children,
};
