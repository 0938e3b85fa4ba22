/* prims.c - the native module `__kcv_nki__`: the primitives the model files
 * (src/nki/model/) are written with.
 *
 * The model files hold the contracts (asserts) and the API signatures; the
 * primitives do what Python cannot do well or cheaply here: build tensors
 * and views, compute shapes with symbolic dimensions without branching on
 * them, build the bounds booleans of an access, and (concrete domain)
 * compute data.  Every primitive validates its arguments: a model bug or a
 * user error is a TypeError, never a crash.
 */
#include "nki_int.h"

#include <math.h>
#include <stdarg.h>

const char *nki_strf(Interp *I, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *r = arena_vprintf(I->arena, fmt, ap);
    va_end(ap);
    return r;
}

CallArgs nki_args(Value **pos, int n)
{
    CallArgs a = {pos, n, NULL, NULL, 0};
    return a;
}

NkiCtx *nki_ctx(Interp *I)
{
    return I->native_module == nki_native_module ? I->native_ctx : NULL;
}

const NkiTarget *nki_cur_target(Interp *I)
{
    NkiCtx *c = nki_ctx(I);
    return c && c->target ? c->target : nki_target_default();
}

bool nki_data_on(Interp *I)
{
    NkiCtx *c = nki_ctx(I);
    return c && c->with_data;
}

static Value *none(void)
{
    return v_none();
}

static const char *str_arg(Interp *I, Value *v, const char *fn, Loc loc)
{
    if (!v || v->kind != V_STR) {
        interp_raise(I, loc, "TypeError", "%s: expected a string", fn);
        return NULL;
    }
    return v->u.str.s;
}

#define BIND(fname, req, ...)                                                   \
    static const char *const params_[] = {__VA_ARGS__};                         \
    Value *a[KCV_ARRAY_LEN(params_)];                                           \
    if (!interp_bind(I, args, loc, fname, params_, req, a))                     \
        return NULL;

/* sequence items of a tuple or list, else NULL */
static Seq *seq_of(Value *v)
{
    return v && (v->kind == V_TUPLE || v->kind == V_LIST) ? &v->u.seq : NULL;
}

/* ---- predicates ---------------------------------------------------------- */

static Value *p_is_tensor(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("is_tensor", 1, "x");
    return v_bool(I, nki_tensor_of(a[0]) != NULL);
}

static Value *p_is_index(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("is_index", 1, "x");
    return v_bool(I, nki_index_of(a[0]) != NULL);
}

static Value *p_is_mask(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("is_mask", 1, "x");
    return v_bool(I, nki_mask_of(a[0]) != NULL);
}

static Value *p_is_dtype(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    NkiDtype dt;
    BIND("is_dtype", 1, "x");
    return v_bool(I, nki_as_dtype(a[0], &dt));
}

static Value *p_is_int(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("is_int", 1, "x");
    return v_bool(I, nv_is_int(a[0]));
}

/* A number, or a float kcv cannot compute (float arithmetic on symbolic
 * values, a true quotient of symbolic ints): a scalar either way, whose
 * value the shapes do not depend on. */
static bool is_number(const Value *v)
{
    if (nv_is_int(v) || v->kind == V_FLOAT)
        return true;
    return v->kind == V_UNKNOWN &&
           (v->u.unknown.num || (v->u.unknown.reason && strstr(v->u.unknown.reason, "float")));
}

static Value *p_is_number(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("is_number", 1, "x");
    return v_bool(I, is_number(a[0]));
}

static Value *p_is_unknown(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("is_unknown", 1, "x");
    return v_bool(I, a[0]->kind == V_UNKNOWN);
}

static Value *p_unknown_reason(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("unknown_reason", 1, "x");
    return v_cstr(I, a[0]->kind == V_UNKNOWN && a[0]->u.unknown.reason ? a[0]->u.unknown.reason : "");
}

static Value *p_is_seq(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("is_seq", 1, "x");
    return v_bool(I, seq_of(a[0]) != NULL);
}

static Value *p_type_name(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("type_name", 1, "x");
    return v_cstr(I, value_type_name(a[0]));
}

/* ---- errors ---------------------------------------------------------------- */

static Value *p_type_error(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("type_error", 1, "message");
    const char *m = str_arg(I, a[0], "type_error", loc);
    if (m)
        interp_raise(I, interp_user_loc(I), "TypeError", "%s", m);
    return NULL;
}

static Value *p_value_error(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("value_error", 1, "message");
    const char *m = str_arg(I, a[0], "value_error", loc);
    if (m)
        interp_raise(I, interp_user_loc(I), "ValueError", "%s", m);
    return NULL;
}

static Value *p_unknown(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("unknown", 1, "reason");
    const char *m = str_arg(I, a[0], "unknown", loc);
    return m ? v_unknown(I, interp_user_loc(I), "%s", m) : NULL;
}

static Value *p_abort(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("abort", 1, "reason");
    const char *m = str_arg(I, a[0], "abort", loc);
    if (m)
        interp_abort(I, interp_user_loc(I), "%s", m);
    return NULL;
}

static Value *unmodelled_fn(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)args;
    (void)loc;
    const char *what = self && self->kind == V_STR ? self->u.str.s : "this API";
    interp_abort(I, interp_user_loc(I), "%s is not modelled by kcv", what);
    return NULL;
}

Value *nki_unmodelled(Interp *I, const char *what)
{
    return v_builtin(I, what, unmodelled_fn, v_cstr(I, what), NULL);
}

static Value *p_unmodelled(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("unmodelled", 1, "name");
    const char *m = str_arg(I, a[0], "unmodelled", loc);
    return m ? nki_unmodelled(I, m) : NULL;
}

/* ---- target and grid ----------------------------------------------------- */

static Value *p_limit(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("limit", 1, "name");
    const char *n = str_arg(I, a[0], "limit", loc);
    if (!n)
        return NULL;
    const NkiTarget *t = nki_cur_target(I);
    static const struct { const char *name; size_t off; } fields[] = {
        {"pmax", offsetof(NkiTarget, pmax)},
        {"psum_fmax", offsetof(NkiTarget, psum_fmax)},
        {"gemm_stationary_fmax", offsetof(NkiTarget, gemm_stationary_fmax)},
        {"gemm_moving_fmax", offsetof(NkiTarget, gemm_moving_fmax)},
        {"bn_stats_fmax", offsetof(NkiTarget, bn_stats_fmax)},
        {"sbuf_partition_bytes", offsetof(NkiTarget, sbuf_partition_bytes)},
        {"psum_partition_bytes", offsetof(NkiTarget, psum_partition_bytes)},
        {"psum_num_banks", offsetof(NkiTarget, psum_num_banks)},
        {"matmul_moving_max_fp32", offsetof(NkiTarget, matmul_moving_max_fp32)},
        {"matmul_moving_max_bf16", offsetof(NkiTarget, matmul_moving_max_bf16)},
    };
    if (strcmp(n, "nc_version") == 0)
        return v_int(I, t->nc_version);
    for (size_t i = 0; i < KCV_ARRAY_LEN(fields); i++)
        if (strcmp(fields[i].name, n) == 0)
            return v_int(I, *(const int64_t *)((const char *)t + fields[i].off));
    interp_raise(I, loc, "AttributeError", "no target limit '%s'", n);
    return NULL;
}

static Value *p_target_name(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("target_name", 0, "");
    (void)a;
    return v_cstr(I, nki_cur_target(I)->name);
}

static bool axis_arg(Interp *I, Value *v, Loc loc, int64_t *axis)
{
    if (!v || v->kind == V_NONE) {
        *axis = 0;
        return true;
    }
    if (!nv_const(v, axis) || *axis < 0 || *axis > 2) {
        interp_raise(I, loc, "ValueError", "a grid axis must be 0, 1 or 2");
        return false;
    }
    return true;
}

static Value *p_program_id(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("program_id", 0, "axis");
    int64_t axis;
    if (!axis_arg(I, a[0], interp_user_loc(I), &axis))
        return NULL;
    NkiCtx *c = nki_ctx(I);
    if (!c || axis >= c->grid_ndim || !c->grid[axis])
        return v_int(I, 0);     /* no grid on that axis: one instance */
    if (c->program_ids[axis])
        return c->program_ids[axis];
    int64_t g;
    if (nv_const(c->grid[axis], &g) && g == 1)
        return c->program_ids[axis] = v_int(I, 0);
    Value *pid = nv_fresh(I, nki_strf(I, "program_id%d", (int)axis));
    if (!pid)
        return NULL;
    Value *range = nv_and(I, nv_cmp(I, CMP_GTE, pid, v_int(I, 0)), nv_cmp(I, CMP_LT, pid, c->grid[axis]));
    if (range && I->dom->assume)
        I->dom->assume(I->dom_state, range, interp_user_loc(I));
    return c->program_ids[axis] = pid;
}

static Value *p_num_programs(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("num_programs", 0, "axis");
    NkiCtx *c = nki_ctx(I);
    int64_t axis;
    if (!axis_arg(I, a[0], interp_user_loc(I), &axis))
        return NULL;
    if (!c || axis >= c->grid_ndim || !c->grid[axis])
        return v_int(I, 1);
    return c->grid[axis];
}

static Value *p_program_ndim(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    (void)args;
    (void)loc;
    NkiCtx *c = nki_ctx(I);
    return v_int(I, c ? c->grid_ndim : 0);
}

/* ---- shapes ----------------------------------------------------------------- */

static Value **shape_items(Interp *I, Value *shape, int *n, const char *fn, Loc loc)
{
    Seq *s = seq_of(shape);
    if (!s) {
        if (nv_is_int(shape)) {
            Value **d = arena_alloc(I->arena, sizeof(Value *));
            d[0] = shape;
            *n = 1;
            return d;
        }
        interp_raise(I, loc, "TypeError", "%s: a shape is a tuple of ints, not %s", fn, value_type_name(shape));
        return NULL;
    }
    for (int i = 0; i < s->n; i++)
        if (!nv_is_int(s->v[i]) && s->v[i]->kind != V_UNKNOWN) {
            interp_raise(I, loc, "TypeError", "%s: shape dimension %d is %s, not an int", fn, i,
                         value_type_name(s->v[i]));
            return NULL;
        }
    *n = s->n;
    if (!s->v)   /* the empty shape () */
        return arena_alloc(I->arena, sizeof(Value *));
    return s->v;
}

static Value *p_parse_shape(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("parse_shape", 2, "api", "shape");
    Seq *s = seq_of(a[1]);
    Loc ul = interp_user_loc(I);
    const char *api = str_arg(I, a[0], "parse_shape", loc);
    if (!api)
        return NULL;
    int n = 1;
    Value **items = s ? s->v : &a[1];
    if (s)
        n = s->n;
    Value *dims = v_tuple(I, n);
    int par = -1;
    for (int i = 0; i < n; i++) {
        Value *it = items[i];
        if (it->kind == V_OBJECT && it->u.obj.type == &nki_pardim_type) {
            if (par >= 0) {
                interp_raise(I, ul, "ValueError", "%s: the shape marks two partition dimensions", api);
                return NULL;
            }
            par = i;
            it = it->u.obj.data;
        }
        if (!nv_is_int(it) && it->kind != V_UNKNOWN) {
            interp_raise(I, ul, "TypeError", "%s: shape dimension %d is %s, not an int", api, i,
                         value_type_name(it));
            return NULL;
        }
        dims->u.seq.v[i] = it;
    }
    Value *r = v_tuple(I, 2);
    r->u.seq.v[0] = dims;
    r->u.seq.v[1] = v_int(I, par < 0 ? 0 : par);
    return r;
}

static Value *p_numel(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("numel", 1, "shape");
    int n;
    Value **d = shape_items(I, a[0], &n, "numel", loc);
    if (!d)
        return NULL;
    Value *r = v_int(I, 1);
    for (int i = 0; i < n && r; i++)
        r = nv_mul(I, r, d[i]);
    return r;
}

static Value *p_free_size(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("free_size", 1, "shape");
    int n;
    Value **d = shape_items(I, a[0], &n, "free_size", loc);
    if (!d)
        return NULL;
    Value *r = v_int(I, 1);
    for (int i = 1; i < n && r; i++)
        r = nv_mul(I, r, d[i]);
    return r;
}

static void shape_str(Interp *I, StrBuf *b, Value **d, int n)
{
    sb_putc(b, '(');
    for (int i = 0; i < n; i++) {
        if (i)
            sb_puts(b, ", ");
        nv_str(I, b, d[i]);
    }
    if (n == 1)
        sb_putc(b, ',');
    sb_putc(b, ')');
}

static Value *p_shape_str(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("shape_str", 1, "shape");
    int n;
    Value **d = shape_items(I, a[0], &n, "shape_str", loc);
    if (!d)
        return NULL;
    StrBuf b = {0};
    shape_str(I, &b, d, n);
    Value *r = v_str(I, sb_str(&b), b.len);
    sb_free(&b);
    return r;
}

static Value *p_broadcast(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("broadcast", 2, "a", "b");
    int na, nb, n;
    Value **da = shape_items(I, a[0], &na, "broadcast", loc), **db, **r, *ok;
    if (!da || !(db = shape_items(I, a[1], &nb, "broadcast", loc)))
        return NULL;
    if (!nki_broadcast(I, da, na, db, nb, &r, &n, &ok))
        return NULL;
    Value *t = v_tuple(I, 2);
    t->u.seq.v[0] = nki_shape_tuple(I, r, n);
    t->u.seq.v[1] = ok;
    return t;
}

/* Whether a value of shape v can be written into a destination of shape d:
 * numpy broadcasting of v to d (extra leading 1s of v dropped, trailing 1s
 * of v beyond d's rank too). */
static Value *p_fits(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("fits", 2, "value_shape", "dst_shape");
    int nv, nd;
    Value **v = shape_items(I, a[0], &nv, "fits", loc), **d;
    if (!v || !(d = shape_items(I, a[1], &nd, "fits", loc)))
        return NULL;
    /* drop size-1 dims of v until ranks match: leading first, then trailing */
    int lo = 0, hi = nv;
    while (hi - lo > nd && nv_is(v[lo], 1))
        lo++;
    while (hi - lo > nd && nv_is(v[hi - 1], 1))
        hi--;
    if (hi - lo > nd)
        return v_bool(I, false);
    Value *ok = v_bool(I, true);
    int off = nd - (hi - lo);
    for (int k = 0; k < hi - lo && ok; k++) {
        Value *x = v[lo + k], *y = d[off + k];
        if (nv_is(x, 1) || nv_same(x, y))
            continue;
        ok = nv_and(I, ok, nv_or(I, nv_cmp(I, CMP_EQ, x, y), nv_cmp(I, CMP_EQ, x, v_int(I, 1))));
    }
    return ok;
}

static bool const_int(Interp *I, Value *v, int64_t *out, const char *what, Loc loc)
{
    if (!nv_const(v, out)) {
        interp_raise(I, loc, "TypeError", "%s must be a constant int", what);
        return false;
    }
    return true;
}

/* axis=1, axis=[1, 2], axis=(1,) -> sorted tuple of non-negative ints */
static Value *p_norm_axes(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("norm_axes", 2, "axis", "rank");
    int64_t rank, ax[16];
    int n = 0;
    Loc ul = interp_user_loc(I);
    if (!const_int(I, a[1], &rank, "rank", loc))
        return NULL;
    Seq *s = seq_of(a[0]);
    Value **items = s ? s->v : &a[0];
    int ni = s ? s->n : 1;
    if (ni > 16) {
        interp_raise(I, ul, "ValueError", "too many reduction axes");
        return NULL;
    }
    for (int i = 0; i < ni; i++) {
        int64_t x;
        if (!const_int(I, items[i], &x, "a reduction axis", ul))
            return NULL;
        if (x < 0)
            x += rank;
        if (x < 0 || x >= rank) {
            interp_raise(I, ul, "ValueError", "reduction axis %lld is out of range for rank %lld",
                         (long long)x, (long long)rank);
            return NULL;
        }
        for (int j = 0; j < n; j++)
            if (ax[j] == x) {
                interp_raise(I, ul, "ValueError", "repeated reduction axis %lld", (long long)x);
                return NULL;
            }
        ax[n++] = x;
    }
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && ax[j - 1] > ax[j]; j--) {
            int64_t t = ax[j];
            ax[j] = ax[j - 1];
            ax[j - 1] = t;
        }
    Value *r = v_tuple(I, n);
    for (int i = 0; i < n; i++)
        r->u.seq.v[i] = v_int(I, ax[i]);
    return r;
}

/* ---- dtypes and ops ----------------------------------------------------------------- */

static bool dtype_of(Interp *I, Value *x, NkiDtype *out)
{
    NkiTensor *t = nki_tensor_of(x);
    (void)I;
    if (t) {
        *out = t->dtype;
        return true;
    }
    if (x->kind == V_BOOL) {
        *out = DT_UINT8;
        return true;
    }
    if (x->kind == V_INT) {
        *out = DT_INT32;
        return true;
    }
    if (x->kind == V_FLOAT || is_number(x)) {
        *out = DT_FLOAT32;
        return true;
    }
    return false;
}

static Value *p_dtype_of(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("dtype_of", 1, "x");
    NkiDtype dt;
    if (!dtype_of(I, a[0], &dt)) {
        interp_raise(I, interp_user_loc(I), "TypeError", "%s has no dtype", value_type_name(a[0]));
        return NULL;
    }
    return nki_dtype_value(I, dt);
}

static Value *p_as_dtype(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("as_dtype", 2, "api", "x");
    NkiDtype dt;
    if (!nki_as_dtype(a[1], &dt)) {
        const char *api = a[0]->kind == V_STR ? a[0]->u.str.s : "dtype";
        if (a[1]->kind == V_UNKNOWN)
            return a[1];
        interp_raise(I, interp_user_loc(I), "TypeError", "%s: %s is not an NKI dtype", api,
                     value_type_name(a[1]));
        return NULL;
    }
    return nki_dtype_value(I, dt);
}

static Value *p_promote(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("promote", 2, "a", "b");
    NkiDtype x, y;
    if (!dtype_of(I, a[0], &x) || !dtype_of(I, a[1], &y)) {
        interp_raise(I, interp_user_loc(I), "TypeError", "operands of %s and %s have no common dtype",
                     value_type_name(a[0]), value_type_name(a[1]));
        return NULL;
    }
    NkiDtype r;
    if (!nki_dtype_promote_open(I, x, y, &r))
        return NULL;
    return nki_dtype_value(I, r);
}

static Value *p_dtype_is_float(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("dtype_is_float", 1, "dtype");
    NkiDtype dt;
    if (!nki_as_dtype(a[0], &dt)) {
        interp_raise(I, loc, "TypeError", "not a dtype");
        return NULL;
    }
    return nki_dtype_is_float_value(I, dt);
}

static Value *p_dtype_size(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("dtype_size", 1, "dtype");
    NkiDtype dt;
    if (!nki_as_dtype(a[0], &dt)) {
        interp_raise(I, loc, "TypeError", "not a dtype");
        return NULL;
    }
    return nki_dtype_size_value(I, dt);
}

/* dtype_bytes(n, dtype): n elements in bytes (linear in n for an open dtype) */
static Value *p_dtype_bytes(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("dtype_bytes", 2, "n", "dtype");
    NkiDtype dt;
    if (!nki_as_dtype(a[1], &dt)) {
        interp_raise(I, loc, "TypeError", "not a dtype");
        return NULL;
    }
    if (a[0]->kind == V_UNKNOWN)
        return a[0];
    if (!nv_is_int(a[0])) {
        interp_raise(I, loc, "TypeError", "dtype_bytes: n must be an int");
        return NULL;
    }
    return nki_dtype_bytes_value(I, dt, a[0]);
}

/* The name of an operator given as op=: nl.add (a model function), np.add,
 * a string; None when it is not one. */
static Value *p_op_name(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("op_name", 1, "op");
    Value *op = a[0];
    switch (op->kind) {
    case V_STR:
        return op;
    case V_FUNCTION:
        if (op->u.fn.module && op->u.fn.module->u.module.is_model && op->u.fn.def &&
            op->u.fn.def->kind == N_FUNCTION_DEF)
            return v_cstr(I, op->u.fn.def->u.func.name);
        return none();
    case V_BUILTIN:
        return v_cstr(I, op->u.builtin.name);
    case V_NONE: case V_BOOL: case V_INT: case V_FLOAT: case V_TUPLE: case V_LIST: case V_DICT:
    case V_SET: case V_SLICE: case V_RANGE: case V_BOUND: case V_MODULE: case V_CLASS:
    case V_INSTANCE: case V_OBJECT: case V_UNKNOWN:
        break;
    }
    return none();
}

/* ---- objects ---------------------------------------------------------------------- */

static bool buf_kind_parse(const char *s, NkiBufKind *k)
{
    static const struct { const char *n; NkiBufKind k; } kinds[] = {
        {"hbm", BUF_HBM}, {"shared_hbm", BUF_SHARED_HBM}, {"private_hbm", BUF_PRIVATE_HBM},
        {"sbuf", BUF_SBUF}, {"psum", BUF_PSUM},
    };
    for (size_t i = 0; i < KCV_ARRAY_LEN(kinds); i++)
        if (strcmp(kinds[i].n, s) == 0) {
            *k = kinds[i].k;
            return true;
        }
    return false;
}

static Value *p_buffer(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("buffer", 1, "kind", "direct");
    const char *s = str_arg(I, a[0], "buffer", loc);
    NkiBufKind k;
    if (!s)
        return NULL;
    if (!buf_kind_parse(s, &k)) {
        interp_raise(I, loc, "ValueError", "unknown buffer kind '%s'", s);
        return NULL;
    }
    return nki_buffer_value(I, k, a[1] && a[1]->kind == V_BOOL && a[1]->u.i.c);
}

static bool buffer_arg(Interp *I, Value *v, NkiBufKind def, NkiBufKind *k, bool *direct, const char *api)
{
    *direct = false;
    if (!v || v->kind == V_NONE) {
        *k = def;
        return true;
    }
    if (v->kind == V_OBJECT && v->u.obj.type == &nki_buffer_type) {
        NkiBuffer *b = v->u.obj.data;
        *k = b->kind;
        *direct = b->direct;
        return true;
    }
    if (v->kind == V_STR && buf_kind_parse(v->u.str.s, k))
        return true;
    interp_raise(I, interp_user_loc(I), "TypeError", "%s: buffer= must be nl.sbuf, nl.psum, nl.hbm, "
                 "nl.shared_hbm or an allocator, not %s", api, value_type_name(v));
    return false;
}

static Value *p_buffer_kind(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("buffer_kind", 2, "api", "buffer");
    NkiBufKind k;
    bool direct;
    const char *api = str_arg(I, a[0], "buffer_kind", loc);
    if (!api || !buffer_arg(I, a[1], BUF_SBUF, &k, &direct, api))
        return NULL;
    return v_cstr(I, nki_buf_name(k));
}

static bool ident_start(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The name a tensor is known by in messages: the variable the user's
 * statement assigns it to (`acc = nl.zeros(...)` -> "acc"), else
 * "<api>@<line>". */
static const char *default_name(Interp *I, const char *api)
{
    Loc l = interp_user_loc(I);
    if (!l.file)
        return api;
    int len;
    const char *s = source_line(l.file, l.line, &len);
    int i = 0;
    while (s && i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (s && i < len && ident_start(s[i])) {
        int b = i;
        while (i < len && (ident_start(s[i]) || (s[i] >= '0' && s[i] <= '9')))
            i++;
        int e = i;
        while (i < len && s[i] == ' ')
            i++;
        if (i < len && s[i] == ':') {   /* an annotation: name: type = ... */
            while (i < len && s[i] != '=')
                i++;
        }
        if (i + 1 < len && s[i] == '=' && s[i + 1] != '=')
            return arena_strndup(I->arena, s + b, (size_t)(e - b));
    }
    return nki_strf(I, "%s@%d", api, l.line);
}

/* alloc(api, dims, par_axis, dtype, buffer, name): a new allocation. */
static Value *p_alloc(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("alloc", 6, "api", "dims", "par_axis", "dtype", "buffer", "name");
    const char *api = str_arg(I, a[0], "alloc", loc);
    if (!api)
        return NULL;
    int n;
    Value **d = shape_items(I, a[1], &n, api, interp_user_loc(I));
    int64_t par;
    NkiDtype dt;
    NkiBufKind k;
    bool direct;
    if (!d || !const_int(I, a[2], &par, "par_axis", loc))
        return NULL;
    for (int i = 0; i < n; i++)
        if (d[i]->kind == V_UNKNOWN) {
            interp_abort(I, interp_user_loc(I), "%s: dimension %d of the shape is unknown: %s", api, i,
                         d[i]->u.unknown.reason);
            return NULL;
        }
    if (!nki_as_dtype(a[3], &dt)) {
        if (a[3]->kind == V_UNKNOWN) {
            interp_abort(I, interp_user_loc(I), "%s: unknown dtype: %s", api, a[3]->u.unknown.reason);
            return NULL;
        }
        interp_raise(I, interp_user_loc(I), "TypeError", "%s: dtype must be an NKI dtype, not %s", api,
                     value_type_name(a[3]));
        return NULL;
    }
    if (!buffer_arg(I, a[4], BUF_SBUF, &k, &direct, api))
        return NULL;
    NkiCtx *ctx = nki_ctx(I);
    if (k == BUF_SHARED_HBM && ctx && ctx->launch_instance > 0 && ctx->shared_next < ctx->shared_allocs.n)
        return ctx->shared_allocs.v[ctx->shared_next++];   /* the first instance's tensor */
    const char *name = a[5]->kind == V_STR && a[5]->u.str.len ? a[5]->u.str.s : default_name(I, api);
    Value **dims = arena_alloc(I->arena, (size_t)(n ? n : 1) * sizeof(Value *));
    memcpy(dims, d, (size_t)n * sizeof(Value *));
    NkiStorage *st = nki_storage_new(I, name, k, dt, dims, n, (int)par);
    if (!st)
        return NULL;
    st->direct = direct;
    Value *t = nki_tensor_root(I, st);
    if (k == BUF_SHARED_HBM) {
        st->is_output = true;
        if (ctx) {
            vec_push(&ctx->hbm_outputs, t);
            if (ctx->grid_ndim > 0 && ctx->launch_instance == 0) {
                vec_push(&ctx->shared_allocs, t);
                ctx->shared_next = ctx->shared_allocs.n;
            }
        }
    }
    return t;
}

/* tile(api, shape, dtype, buffer): an API's result tile, partitions first. */
static Value *p_tile(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("tile", 4, "api", "shape", "dtype", "buffer");
    const char *api = str_arg(I, a[0], "tile", loc);
    if (!api)
        return NULL;
    int n;
    Value **d = shape_items(I, a[1], &n, api, interp_user_loc(I));
    NkiDtype dt;
    NkiBufKind k;
    bool direct;
    if (!d)
        return NULL;
    if (!nki_as_dtype(a[2], &dt)) {
        interp_raise(I, interp_user_loc(I), "TypeError", "%s: dtype must be an NKI dtype, not %s", api,
                     value_type_name(a[2]));
        return NULL;
    }
    if (!buffer_arg(I, a[3], BUF_SBUF, &k, &direct, api))
        return NULL;
    Value **dims = arena_alloc(I->arena, (size_t)(n ? n : 1) * sizeof(Value *));
    memcpy(dims, d, (size_t)n * sizeof(Value *));
    NkiStorage *st = nki_storage_new(I, api, k, dt, dims, n, 0);
    if (!st)
        return NULL;
    st->desc = nki_strf(I, "the result of %s", api);
    return nki_tensor_root(I, st);
}

static Value *p_mark_written(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("mark_written", 1, "t");
    NkiTensor *t = nki_tensor_of(a[0]);
    if (t) {
        /* a write inside loops of symbolic trip count happens only if they run */
        Value *cond = v_bool(I, true);
        for (LoopCtx *l = I->loop; l && cond; l = l->parent)
            if (l->symbolic && l->trip && nv_is_int(l->trip))
                cond = nv_and(I, cond, nv_cmp(I, CMP_GT, l->trip, v_int(I, 0)));
        if (!cond)
            return NULL;
        t->st->written = true;
        t->st->written_if = t->st->written_if ? nv_or(I, t->st->written_if, cond) : cond;
    }
    return none();
}

static Value *p_par_dim(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("par_dim", 1, "n");
    if (!nv_is_int(a[0]) && a[0]->kind != V_UNKNOWN) {
        interp_raise(I, interp_user_loc(I), "TypeError", "nl.par_dim takes an int");
        return NULL;
    }
    return v_object(I, &nki_pardim_type, a[0]);
}

static Value *p_accesses(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("accesses", 1, "t", "mask");
    NkiTensor *t = nki_tensor_of(a[0]);
    if (!t) {
        interp_raise(I, loc, "TypeError", "accesses: not a tensor");
        return NULL;
    }
    NkiMask *m = NULL;
    if (a[1] && a[1]->kind != V_NONE) {
        m = nki_mask_of(a[1]);
        if (!m) {
            if (a[1]->kind == V_UNKNOWN) {
                interp_abort(I, interp_user_loc(I), "unknown mask: %s", a[1]->u.unknown.reason);
                return NULL;
            }
            interp_raise(I, interp_user_loc(I), "TypeError",
                         "mask= must be a comparison of index tiles, not %s", value_type_name(a[1]));
            return NULL;
        }
    }
    Value **conds;
    const char **whats;
    int n = nki_access_conds(I, t, m, &conds, &whats, interp_user_loc(I));
    if (n < 0)
        return NULL;
    Value *r = v_list(I, n);
    for (int i = 0; i < n; i++) {
        Value *p = v_tuple(I, 2);
        p->u.seq.v[0] = conds[i];
        /* NULL: a concrete bound that holds, whose message is never shown */
        p->u.seq.v[1] = whats[i] ? v_cstr(I, whats[i]) : v_empty_str();
        r->u.seq.v[i] = p;
    }
    return r;
}

static Value *p_arange(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("arange", 1, "start", "stop", "step");
    Value *start = a[0], *stop = a[1], *step = a[2];
    if (!stop || stop->kind == V_NONE) {
        stop = start;
        start = v_int(I, 0);
    }
    if (!step || step->kind == V_NONE)
        step = v_int(I, 1);
    if (start->kind == V_UNKNOWN)
        return start;
    if (stop->kind == V_UNKNOWN)
        return stop;
    return nki_arange(I, start, stop, step, interp_user_loc(I));
}

static Value *p_ds(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("ds", 2, "start", "size");
    if (!nv_is_int(a[0]) || !nv_is_int(a[1])) {
        if (a[0]->kind == V_UNKNOWN)
            return a[0];
        if (a[1]->kind == V_UNKNOWN)
            return a[1];
        interp_raise(I, interp_user_loc(I), "TypeError", "nl.ds takes integer start and size");
        return NULL;
    }
    NkiDynSlice *d = arena_alloc(I->arena, sizeof *d);
    d->start = a[0];
    d->size = a[1];
    return v_object(I, &nki_dynslice_type, d);
}

/* range(kind, start, stop=None, step=None) */
static Value *p_range(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("range", 2, "kind", "start", "stop", "step");
    const char *k = str_arg(I, a[0], "range", loc);
    if (!k)
        return NULL;
    RangeKind kind = strcmp(k, "affine") == 0 ? RANGE_AFFINE
                   : strcmp(k, "sequential") == 0 ? RANGE_SEQUENTIAL
                   : strcmp(k, "static") == 0 ? RANGE_STATIC : RANGE_PY;
    Value *start = a[1], *stop = a[2], *step = a[3];
    if (!stop || stop->kind == V_NONE) {
        stop = start;
        start = v_int(I, 0);
    }
    if (!step || step->kind == V_NONE)
        step = v_int(I, 1);
    for (int i = 0; i < 3; i++) {
        Value *v = i == 0 ? start : i == 1 ? stop : step;
        if (v->kind == V_UNKNOWN)
            return v;
        if (!nv_is_int(v)) {
            interp_raise(I, interp_user_loc(I), "TypeError", "loop bounds must be integers, not %s",
                         value_type_name(v));
            return NULL;
        }
    }
    if (nv_is(step, 0)) {
        interp_raise(I, interp_user_loc(I), "ValueError", "range() step must not be zero");
        return NULL;
    }
    return nki_range_value(I, start, stop, step, kind);
}

static Value *p_namespace(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    if (args->npos != 1 || args->pos[0]->kind != V_STR) {
        interp_raise(I, loc, "TypeError", "namespace(name, **attrs)");
        return NULL;
    }
    Value *ns = nki_namespace_new(I, args->pos[0]->u.str.s);
    for (int i = 0; i < args->nkw; i++)
        nki_namespace_set(I, ns, args->kwnames[i], args->kw[i]);
    return ns;
}

static Value *p_kernel(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("kernel", 3, "fn", "decorator", "generation", "platform_target");
    NkiKernel *k = arena_alloc(I->arena, sizeof *k);
    k->fn = a[0];
    k->decorator = a[1]->kind == V_STR ? a[1]->u.str.s : "jit";
    k->platform_target = a[3] && a[3]->kind == V_STR ? a[3]->u.str.s : NULL;
    k->g2 = nv_is(a[2], 2);
    return v_object(I, &nki_kernel_type, k);
}

/* ---- views ------------------------------------------------------------------------ */

/* view_reshape(t, dims): a view of the same elements, row-major. */
static Value *p_view_reshape(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("view_reshape", 2, "t", "dims");
    NkiTensor *t = nki_tensor_of(a[0]);
    int n;
    if (!t) {
        interp_raise(I, interp_user_loc(I), "TypeError", "reshape: not a tensor");
        return NULL;
    }
    Value **d = shape_items(I, a[1], &n, "reshape", interp_user_loc(I));
    if (!d)
        return NULL;
    if (!t->is_root && !t->flat)
        return v_unknown(I, interp_user_loc(I), "reshape of a view (%s) is not modelled", t->desc);
    Value **shape = arena_alloc(I->arena, (size_t)(n ? n : 1) * sizeof(Value *));
    memcpy(shape, d, (size_t)n * sizeof(Value *));
    NkiTensor *r = nki_tensor_alloc_view(I, t, n, shape);
    r->desc = nki_strf(I, "%s.reshape(...)", t->desc);
    r->flat = true;
    /* flat offset of coordinate y in the new shape, then through t's own
     * flat map when t is itself flat (a reshape of a reshape) */
    AForm f = aform_const(I, v_int(I, 0), n);
    Value *s = v_int(I, 1);
    for (int k = n - 1; k >= 0; k--) {
        f.coef[k] = s;
        s = nv_mul(I, s, shape[k]);
        if (!s)
            return NULL;
    }
    if (t->flat) {
        /* t's flat map over its own row-major coordinates is affine only when
         * t is a reshape (identity on the flat index) */
        r->flat_off = f;
        AForm g = aform_const(I, t->flat_off.c0, n);
        g = aform_add(I, &g, &f, 1);
        r->flat_off = g;
    } else {
        r->flat_off = f;
    }
    if (nki_buf_on_chip(t->st->buf))
        r->par_axis = 0;
    return nki_tensor_value(I, r);
}

/* view_broadcast(t, shape): numpy broadcast_to as a view (stride 0). */
static Value *p_view_broadcast(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("view_broadcast", 2, "t", "shape");
    NkiTensor *t = nki_tensor_of(a[0]);
    int n;
    if (!t) {
        interp_raise(I, interp_user_loc(I), "TypeError", "broadcast_to: not a tensor");
        return NULL;
    }
    Value **d = shape_items(I, a[1], &n, "broadcast_to", interp_user_loc(I));
    if (!d)
        return NULL;
    if (n < t->ndim) {
        interp_raise(I, interp_user_loc(I), "ValueError", "broadcast_to: the target shape has fewer "
                     "dimensions than %s", t->desc);
        return NULL;
    }
    Value **shape = arena_alloc(I->arena, (size_t)(n ? n : 1) * sizeof(Value *));
    memcpy(shape, d, (size_t)n * sizeof(Value *));
    AForm *g = arena_alloc(I->arena, (size_t)(t->ndim ? t->ndim : 1) * sizeof(AForm));
    for (int k = 0; k < t->ndim; k++) {
        int axis = k + (n - t->ndim);
        if (nv_same(t->shape[k], shape[axis]) || !nv_is_one(I, t->shape[k]))
            g[k] = aform_axis(I, v_int(I, 0), v_int(I, 1), axis, n);
        else
            g[k] = aform_const(I, v_int(I, 0), n);   /* stride 0 */
        if (I->unwind != UNWIND_NONE)
            return NULL;
    }
    NkiTensor *r = nki_tensor_compose(I, t, g, n, shape, nki_strf(I, "%s.broadcast_to(...)", t->desc));
    if (!r)
        return NULL;
    if (nki_buf_on_chip(t->st->buf))
        r->par_axis = 0;
    return nki_tensor_value(I, r);
}

/* view_ap(t, pattern, offset, dtype): [[stride, count], ...] over t's storage */
static Value *p_view_ap(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("view_ap", 4, "t", "pattern", "offset", "dtype");
    NkiTensor *t = nki_tensor_of(a[0]);
    Seq *p = seq_of(a[1]);
    Loc ul = interp_user_loc(I);
    if (!t) {
        interp_raise(I, ul, "TypeError", ".ap: not a tensor");
        return NULL;
    }
    if (!p || p->n == 0) {
        interp_raise(I, ul, "TypeError", ".ap: pattern must be a list of [stride, count] pairs");
        return NULL;
    }
    NkiDtype dt = t->dtype;
    if (a[3]->kind != V_NONE && !nki_as_dtype(a[3], &dt)) {
        interp_raise(I, ul, "TypeError", ".ap: dtype= must be an NKI dtype");
        return NULL;
    }
    Value *off = a[2]->kind == V_NONE ? v_int(I, 0) : a[2];
    if (!nv_is_int(off)) {
        if (off->kind == V_UNKNOWN)
            return off;
        interp_raise(I, ul, "TypeError", ".ap: offset must be an int");
        return NULL;
    }
    int n = p->n;
    Value **shape = arena_alloc(I->arena, (size_t)n * sizeof(Value *));
    AForm f = aform_const(I, off, n);
    for (int k = 0; k < n; k++) {
        Seq *pair = seq_of(p->v[k]);
        if (!pair || pair->n != 2 || !nv_is_int(pair->v[0]) || !nv_is_int(pair->v[1])) {
            interp_raise(I, ul, "TypeError", ".ap: pattern entry %d must be [stride, count] ints", k);
            return NULL;
        }
        f.coef[k] = pair->v[0];
        shape[k] = pair->v[1];
    }
    NkiTensor *r = nki_tensor_alloc_view(I, t, n, shape);
    r->desc = nki_strf(I, "%s.ap(...)", t->st->desc);
    r->dtype = dt;
    r->flat = true;
    r->flat_off = f;
    r->par_axis = nki_buf_on_chip(t->st->buf) ? 0 : -1;
    /* bound: 0 <= offset < elements of the storage, in units of the view's dtype */
    Value *size = t->st->numel;
    Value *si = nki_dtype_size_value(I, t->st->dtype), *di = nki_dtype_size_value(I, dt);
    if (!si || !di)
        return NULL;
    if (!nv_same(si, di))
        size = nv_floordiv(I, nv_mul(I, size, si), di);
    r->checks = arena_alloc(I->arena, sizeof(NkiCheck));
    r->checks[0].f = f;
    r->checks[0].size = size;
    nki_check_describe(I, &r->checks[0], t, -1);
    r->nchecks = 1;
    return nki_tensor_value(I, r);
}

/* ---- host arrays (numpy subset) ---------------------------------------------------- */

static Value *hostarray_new(Interp *I, int ndim, const int64_t *shape, NkiDtype dt)
{
    NkiHostArray *h = arena_alloc(I->arena, sizeof *h);
    h->ndim = ndim;
    h->n = 1;
    for (int i = 0; i < ndim; i++) {
        h->shape[i] = shape[i];
        h->n *= shape[i];
    }
    h->dtype = dt;
    h->data = arena_alloc(I->arena, (size_t)(h->n ? h->n : 1) * sizeof(double));
    return v_object(I, &nki_hostarray_type, h);
}

/* host_full(shape, value, dtype) ; host_identity(n, dtype) */
static bool host_shape(Interp *I, Value *v, int *ndim, int64_t *shape, Loc loc)
{
    Seq *s = seq_of(v);
    Value **items = s ? s->v : &v;
    int n = s ? s->n : 1;
    int64_t total = 1;
    if (n > 8) {
        interp_raise(I, loc, "ValueError", "numpy arrays of more than 8 dimensions are not modelled");
        return false;
    }
    for (int i = 0; i < n; i++) {
        if (!nv_const(items[i], &shape[i]) || shape[i] < 0) {
            interp_abort(I, loc, "a numpy array of a non-constant shape is not modelled");
            return false;
        }
        if (__builtin_mul_overflow(total, shape[i], &total) || total > (1 << 24)) {
            interp_abort(I, loc, "a numpy array of more than 2^24 elements is not modelled");
            return false;
        }
    }
    *ndim = n;
    return true;
}

static Value *p_host_full(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("host_full", 3, "shape", "value", "dtype");
    int nd;
    int64_t shape[8];
    NkiDtype dt = DT_FLOAT32;
    double v;
    if (!host_shape(I, a[0], &nd, shape, interp_user_loc(I)))
        return NULL;
    if (a[2]->kind != V_NONE && !nki_as_dtype(a[2], &dt))
        return v_unknown(I, interp_user_loc(I), "a numpy array of this dtype is not modelled");
    if (!nki_dtype_resolve(I, &dt))
        return NULL;
    if (a[1]->kind == V_FLOAT)
        v = a[1]->u.f;
    else if (nv_is_int(a[1]) && !a[1]->u.i.sym)
        v = (double)a[1]->u.i.c;
    else
        return v_unknown(I, interp_user_loc(I), "a numpy array filled with a non-constant is not modelled");
    Value *r = hostarray_new(I, nd, shape, dt);
    NkiHostArray *h = r->u.obj.data;
    for (int64_t i = 0; i < h->n; i++)
        h->data[i] = nki_dtype_round(dt, v);
    return r;
}

static Value *p_host_identity(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("host_identity", 2, "n", "dtype");
    int64_t n, shape[2];
    NkiDtype dt = DT_FLOAT32;
    if (!nv_const(a[0], &n) || n < 0 || n > 4096)
        return v_unknown(I, interp_user_loc(I), "np.identity of a non-constant or huge size is not modelled");
    if (a[1]->kind != V_NONE && !nki_as_dtype(a[1], &dt))
        return v_unknown(I, interp_user_loc(I), "a numpy array of this dtype is not modelled");
    if (!nki_dtype_resolve(I, &dt))
        return NULL;
    shape[0] = shape[1] = n;
    Value *r = hostarray_new(I, 2, shape, dt);
    NkiHostArray *h = r->u.obj.data;
    for (int64_t i = 0; i < n; i++)
        h->data[i * n + i] = 1;
    return r;
}

static Value *p_shared_constant(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("shared_constant", 2, "constant", "dtype");
    if (!(a[0]->kind == V_OBJECT && a[0]->u.obj.type == &nki_hostarray_type)) {
        if (a[0]->kind == V_UNKNOWN)
            return a[0];
        return v_unknown(I, interp_user_loc(I), "nl.shared_constant of a %s is not modelled",
                         value_type_name(a[0]));
    }
    NkiHostArray *h = a[0]->u.obj.data;
    NkiDtype dt = h->dtype;
    if (a[1]->kind != V_NONE && !nki_as_dtype(a[1], &dt)) {
        interp_raise(I, interp_user_loc(I), "TypeError", "nl.shared_constant: dtype= must be an NKI dtype");
        return NULL;
    }
    /* the data, when the run has data, are rounded to one dtype */
    if (nki_data_on(I) && !nki_dtype_resolve(I, &dt))
        return NULL;
    Value **dims = arena_alloc(I->arena, (size_t)(h->ndim ? h->ndim : 1) * sizeof(Value *));
    for (int i = 0; i < h->ndim; i++)
        dims[i] = v_int(I, h->shape[i]);
    NkiStorage *st = nki_storage_new(I, default_name(I, "nl.shared_constant"),
                                     BUF_SHARED_HBM, dt, dims, h->ndim, -1);
    if (!st)
        return NULL;
    st->written = true;
    if (nki_storage_has_data(st)) {
        for (int64_t i = 0; i < h->n && i < st->ndata; i++)
            nki_storage_set(st, i, h->data[i]);
        nki_storage_set_defined(st);
    }
    return nki_tensor_root(I, st);
}

/* math(name, x): scalar math of the numpy/math subset */
static Value *p_math(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("math", 2, "name", "x");
    const char *n = str_arg(I, a[0], "math", loc);
    Value *x = a[1];
    double d;
    if (!n)
        return NULL;
    if (x->kind == V_UNKNOWN)
        return x;
    bool is_int = nv_is_int(x);
    if (is_int && (strcmp(n, "ceil") == 0 || strcmp(n, "floor") == 0 || strcmp(n, "trunc") == 0))
        return x;
    if (x->kind == V_FLOAT)
        d = x->u.f;
    else if (is_int && !x->u.i.sym)
        d = (double)x->u.i.c;
    else
        return v_unknown(I, interp_user_loc(I), "%s() of a symbolic value is not modelled", n);
    static const struct { const char *name; double (*fn)(double); bool to_int; } fns[] = {
        {"ceil", ceil, true}, {"floor", floor, true}, {"trunc", trunc, true},
        {"sqrt", sqrt, false}, {"exp", exp, false}, {"log", log, false}, {"log2", log2, false},
        {"log10", log10, false}, {"tanh", tanh, false}, {"sin", sin, false}, {"cos", cos, false},
        {"fabs", fabs, false}, {"abs", fabs, false},
    };
    for (size_t i = 0; i < KCV_ARRAY_LEN(fns); i++)
        if (strcmp(fns[i].name, n) == 0) {
            double r = fns[i].fn(d);
            if (fns[i].to_int) {
                if (!(r > -9.2e18 && r < 9.2e18))
                    return v_unknown(I, interp_user_loc(I), "%s() result out of integer range", n);
                return v_int(I, (int64_t)r);
            }
            if (strcmp(n, "abs") == 0 && is_int)
                return v_int(I, (int64_t)r);
            return v_float(I, r);
        }
    return v_unknown(I, interp_user_loc(I), "math function %s is not modelled", n);
}

/* ---- the module ---------------------------------------------------------------------- */

/* Every primitive is called through this trampoline: a primitive that
 * fails must have raised or aborted; if one returns NULL without saying
 * why (a bug of kcv), the path is given up as unknown rather than passing
 * silently. */
static const ObjType prim_type = {.name = "primitive", .children = obj_no_children};

/* The data primitives (data.c) that write a tensor.  kcv run
 * --on-violation=report: in an API call that broke a contract other than
 * bounds they do nothing, so a faulty call leaves its destination as it was
 * and computes no garbage; after a bounds violation alone they run, and
 * skip the out-of-bounds elements (data.c). */
static bool prim_writes(const char *name)
{
    static const char *const names[] = {
        "fill", "ewise", "ewise_flat", "unary", "copy", "copy_flat", "scalar_apply", "activation",
        "reduce", "matmul", "transpose", "scan", "select", "iota", "opaque", "bn_stats", "bn_aggr",
    };
    for (size_t i = 0; i < KCV_ARRAY_LEN(names); i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

static Value *prim_call(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    const NkiPrim *p = self->u.obj.data;
    NkiCtx *ctx = nki_ctx(I);
    if (ctx && ctx->report_mode && interp_call_violated(I, "bounds") && prim_writes(p->name))
        return v_none();
    Value *r = p->fn(I, NULL, args, loc);
    if (!r && I->unwind == UNWIND_NONE)
        interp_abort(I, interp_user_loc(I), "internal error of kcv's NKI model: primitive %s failed", p->name);
    return r;
}

void nki_register_prims(Interp *I, Value *mod, const NkiPrim *prims, int n)
{
    for (int i = 0; i < n; i++)
        dict_set_str(I, &mod->u.module.globals, intern_cstr(I->names, prims[i].name),
                     v_builtin(I, prims[i].name, prim_call, v_object(I, &prim_type, (void *)&prims[i]), NULL));
}

Value *nki_prims_module(Interp *I)
{
    const char *name = intern_cstr(I->names, "__kcv_nki__");
    Value *mod = dict_get_str(&I->modules, name);
    if (mod)
        return mod;
    mod = nki_make_module(I, name);
    dict_set_str(I, &I->modules, name, mod);
    static const NkiPrim prims[] = {
        {"is_tensor", p_is_tensor}, {"is_index", p_is_index}, {"is_mask", p_is_mask},
        {"is_dtype", p_is_dtype}, {"is_int", p_is_int}, {"is_number", p_is_number},
        {"is_unknown", p_is_unknown}, {"unknown_reason", p_unknown_reason}, {"is_seq", p_is_seq}, {"type_name", p_type_name},
        {"type_error", p_type_error}, {"value_error", p_value_error}, {"unknown", p_unknown},
        {"abort", p_abort}, {"unmodelled", p_unmodelled},
        {"limit", p_limit}, {"target_name", p_target_name}, {"program_id", p_program_id},
        {"num_programs", p_num_programs}, {"program_ndim", p_program_ndim},
        {"parse_shape", p_parse_shape}, {"numel", p_numel}, {"free_size", p_free_size},
        {"shape_str", p_shape_str}, {"broadcast", p_broadcast}, {"fits", p_fits},
        {"norm_axes", p_norm_axes},
        {"dtype_of", p_dtype_of}, {"as_dtype", p_as_dtype}, {"promote", p_promote},
        {"dtype_is_float", p_dtype_is_float}, {"dtype_size", p_dtype_size},
        {"dtype_bytes", p_dtype_bytes}, {"op_name", p_op_name},
        {"buffer", p_buffer}, {"buffer_kind", p_buffer_kind}, {"alloc", p_alloc}, {"tile", p_tile},
        {"mark_written", p_mark_written}, {"par_dim", p_par_dim}, {"accesses", p_accesses},
        {"arange", p_arange}, {"ds", p_ds}, {"range", p_range}, {"namespace", p_namespace},
        {"kernel", p_kernel},
        {"view_reshape", p_view_reshape}, {"view_broadcast", p_view_broadcast}, {"view_ap", p_view_ap},
        {"host_full", p_host_full}, {"host_identity", p_host_identity},
        {"shared_constant", p_shared_constant}, {"math", p_math},
    };
    nki_register_prims(I, mod, prims, (int)KCV_ARRAY_LEN(prims));
    dict_set_str(I, &mod->u.module.globals, intern_cstr(I->names, "mgrid"),
                 v_object(I, &nki_mgrid_type, NULL));
    dict_set_str(I, &mod->u.module.globals, intern_cstr(I->names, "tile_size"),
                 v_object(I, &nki_tilesize_type, NULL));
    nki_dtype_register(I, mod);
    nki_data_prims(I, mod);
    return mod;
}
