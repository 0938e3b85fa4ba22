/* data.c - the numerics of the NKI model, for the concrete domain (kcv run).
 *
 * Storage holds doubles rounded to the storage dtype at every write
 * (nki_dtype_round), so values are those the hardware format can hold;
 * Vector/Scalar engine arithmetic is done in fp32 (each result rounded to
 * fp32, then to the destination dtype), the Tensor Engine accumulates in
 * fp32.  With data off (kcv check) every primitive here returns at once:
 * tensors have shapes, not data.
 *
 * Operand alignment: an operand with as many elements as the destination
 * is read in row-major order (this covers the (P,) <-> (P, 1) padding of
 * tiles and copies between views of different shapes); otherwise it is
 * broadcast numpy-style, right-aligned.
 */
#include "nki_int.h"

#include <math.h>

/* ---- element access ---------------------------------------------------------- */

bool nki_data_get(Interp *I, const NkiTensor *t, const int64_t *y, double *out)
{
    int64_t off;
    if (!t->st->data || !nki_flat_offset(I, t, y, &off) || off < 0 || off >= t->st->ndata)
        return false;
    *out = t->st->data[off];
    return true;
}

bool nki_data_put(Interp *I, const NkiTensor *t, const int64_t *y, double v)
{
    int64_t off;
    if (!t->st->data || !nki_flat_offset(I, t, y, &off) || off < 0 || off >= t->st->ndata)
        return false;
    t->st->data[off] = nki_dtype_round(t->st->dtype, v);
    return true;
}

void nki_storage_fill(NkiStorage *st, double v)
{
    double r = nki_dtype_round(st->dtype, v);
    for (int64_t i = 0; i < st->ndata; i++)
        st->data[i] = r;
}

static bool shape_c(const NkiTensor *t, int64_t *ext, int64_t *n)
{
    *n = 1;
    for (int k = 0; k < t->ndim; k++) {
        if (!nv_const(t->shape[k], &ext[k]))
            return false;
        *n *= ext[k];
    }
    return true;
}

/* coordinate of row-major index i in shape ext */
static void unflatten(int64_t i, const int64_t *ext, int n, int64_t *y)
{
    for (int k = n - 1; k >= 0; k--) {
        int64_t e = ext[k] > 0 ? ext[k] : 1;
        y[k] = i % e;
        i /= e;
    }
}

static int64_t flatten(const int64_t *y, const int64_t *ext, int n)
{
    int64_t r = 0;
    for (int k = 0; k < n; k++)
        r = r * ext[k] + y[k];
    return r;
}

/* An operand of an elementwise computation: a tensor or a scalar. */
typedef struct Opnd {
    const NkiTensor *t;
    double scalar;
    int64_t ext[16];
    int64_t n;
    bool flat;         /* read in row-major order of the destination */
} Opnd;

static bool opnd_init(Interp *I, Opnd *o, Value *v, const int64_t *dext, int dn, int64_t dnumel)
{
    (void)I;
    memset(o, 0, sizeof *o);
    if (v->kind == V_FLOAT) {
        o->scalar = v->u.f;
        return true;
    }
    if (nv_is_int(v) && !v->u.i.sym) {
        o->scalar = (double)v->u.i.c;
        return true;
    }
    o->t = nki_tensor_of(v);
    if (!o->t || o->t->ndim > 16 || !shape_c(o->t, o->ext, &o->n))
        return false;
    o->flat = o->n == dnumel;
    (void)dext;
    (void)dn;
    return true;
}

/* value of operand o at destination coordinate y (row-major index i) */
static bool opnd_get(Interp *I, const Opnd *o, const int64_t *y, const int64_t *dext, int dn, int64_t i,
                     double *out)
{
    if (!o->t) {
        *out = o->scalar;
        return true;
    }
    int64_t z[16];
    int n = o->t->ndim;
    if (o->flat) {
        unflatten(i, o->ext, n, z);
    } else {
        for (int k = 0; k < n; k++) {
            int dk = k + (dn - n);
            z[k] = (o->ext[k] == 1 || dk < 0) ? 0 : y[dk];
        }
    }
    (void)dext;
    return nki_data_get(I, o->t, z, out);
}

/* ---- operators ---------------------------------------------------------------- */

static double f32(double x)
{
    return (double)(float)x;
}

static bool unary_fn(const char *op, double x, double *r)
{
    static const struct { const char *n; int id; } names[] = {
        {"exp", 1}, {"log", 2}, {"sqrt", 3}, {"rsqrt", 4}, {"square", 5}, {"reciprocal", 6},
        {"negative", 7}, {"abs", 8}, {"sign", 9}, {"sin", 10}, {"cos", 11}, {"tan", 12},
        {"tanh", 13}, {"arctan", 14}, {"sigmoid", 15}, {"relu", 16}, {"gelu", 17},
        {"gelu_apprx_tanh", 18}, {"silu", 19}, {"softplus", 20}, {"mish", 21}, {"erf", 22},
        {"ceil", 23}, {"floor", 24}, {"trunc", 25}, {"logical_not", 26}, {"copy", 27},
        {"identity", 27}, {"gelu_dx", 28}, {"silu_dx", 29}, {"erf_dx", 30}, {"invert", 31},
    };
    int id = 0;
    for (size_t i = 0; i < KCV_ARRAY_LEN(names); i++)
        if (strcmp(names[i].n, op) == 0)
            id = names[i].id;
    double s;
    switch (id) {
    case 1: *r = exp(x); break;
    case 2: *r = log(x); break;
    case 3: *r = sqrt(x); break;
    case 4: *r = 1 / sqrt(x); break;
    case 5: *r = x * x; break;
    case 6: *r = 1 / x; break;
    case 7: *r = -x; break;
    case 8: *r = fabs(x); break;
    case 9: *r = x > 0 ? 1 : x < 0 ? -1 : 0; break;
    case 10: *r = sin(x); break;
    case 11: *r = cos(x); break;
    case 12: *r = tan(x); break;
    case 13: *r = tanh(x); break;
    case 14: *r = atan(x); break;
    case 15: *r = 1 / (1 + exp(-x)); break;
    case 16: *r = x > 0 ? x : 0; break;
    case 17: *r = 0.5 * x * (1 + erf(x / sqrt(2.0))); break;
    case 18: *r = 0.5 * x * (1 + tanh(0.7978845608028654 * (x + 0.044715 * x * x * x))); break;
    case 19: *r = x / (1 + exp(-x)); break;
    case 20: *r = log1p(exp(x)); break;
    case 21: *r = x * tanh(log1p(exp(x))); break;
    case 22: *r = erf(x); break;
    case 23: *r = ceil(x); break;
    case 24: *r = floor(x); break;
    case 25: *r = trunc(x); break;
    case 26: *r = x == 0; break;
    case 27: *r = x; break;
    case 28:
        *r = 0.5 * (1 + erf(x / sqrt(2.0))) + x * exp(-x * x / 2) / sqrt(2 * 3.141592653589793);
        break;
    case 29:
        s = 1 / (1 + exp(-x));
        *r = s * (1 + x * (1 - s));
        break;
    case 30: *r = 2 / sqrt(3.141592653589793) * exp(-x * x); break;
    case 31: *r = (double)~(int64_t)x; break;
    default: return false;
    }
    return true;
}

static bool binary_fn(const char *op, double a, double b, double *r)
{
    int64_t x = (int64_t)a, y = (int64_t)b;
    if (strcmp(op, "add") == 0) *r = a + b;
    else if (strcmp(op, "subtract") == 0) *r = a - b;
    else if (strcmp(op, "multiply") == 0) *r = a * b;
    else if (strcmp(op, "divide") == 0) *r = a / b;
    else if (strcmp(op, "maximum") == 0 || strcmp(op, "max") == 0) *r = a > b ? a : b;
    else if (strcmp(op, "minimum") == 0 || strcmp(op, "min") == 0) *r = a < b ? a : b;
    else if (strcmp(op, "power") == 0) *r = pow(a, b);
    else if (strcmp(op, "equal") == 0) *r = a == b;
    else if (strcmp(op, "not_equal") == 0) *r = a != b;
    else if (strcmp(op, "greater") == 0) *r = a > b;
    else if (strcmp(op, "greater_equal") == 0) *r = a >= b;
    else if (strcmp(op, "less") == 0) *r = a < b;
    else if (strcmp(op, "less_equal") == 0) *r = a <= b;
    else if (strcmp(op, "logical_and") == 0) *r = (a != 0) && (b != 0);
    else if (strcmp(op, "logical_or") == 0) *r = (a != 0) || (b != 0);
    else if (strcmp(op, "logical_xor") == 0) *r = (a != 0) != (b != 0);
    else if (strcmp(op, "bitwise_and") == 0) *r = (double)(x & y);
    else if (strcmp(op, "bitwise_or") == 0) *r = (double)(x | y);
    else if (strcmp(op, "bitwise_xor") == 0) *r = (double)(x ^ y);
    else if (strcmp(op, "left_shift") == 0) *r = y >= 0 && y < 63 ? (double)(int64_t)((uint64_t)x << y) : 0;
    else if (strcmp(op, "right_shift") == 0) *r = y >= 0 && y < 63 ? (double)(int64_t)((uint64_t)x >> y) : 0;
    else if (strcmp(op, "mod") == 0) *r = b != 0 ? a - b * floor(a / b) : NAN;
    else if (strcmp(op, "floor_divide") == 0) *r = floor(a / b);
    else return false;
    return true;
}

static bool is_bitvec(const char *op)
{
    return strncmp(op, "bitwise_", 8) == 0 || strcmp(op, "left_shift") == 0 ||
           strcmp(op, "right_shift") == 0 || strcmp(op, "invert") == 0;
}

/* ---- the primitives --------------------------------------------------------------- */

#define DATA_OFF()                                                              \
    do {                                                                        \
        if (!nki_data_on(I))                                                    \
            return v_none();                                                    \
    } while (0)

#define BIND(fname, req, ...)                                                   \
    static const char *const params_[] = {__VA_ARGS__};                         \
    Value *a[KCV_ARRAY_LEN(params_)];                                           \
    if (!interp_bind(I, args, loc, fname, params_, req, a))                     \
        return NULL;

static Value *fail(Interp *I, const char *what)
{
    interp_abort(I, interp_user_loc(I), "kcv cannot compute %s on these tensors (no data or a symbolic "
                 "shape)", what);
    return NULL;
}

static const char *op_str(Value *v)
{
    return v && v->kind == V_STR ? v->u.str.s : "";
}

/* Iterates the destination, optionally under a mask, calling fn(i, y). */
typedef struct Walk {
    Interp *I;
    const NkiTensor *dst;
    int64_t ext[16];
    int n;
    int64_t numel;
    bool (*fn)(struct Walk *w, const int64_t *y, int64_t i);
    void *ctx;
    bool ok;
} Walk;

static bool walk_cb(void *ctx, const int64_t *y)
{
    Walk *w = ctx;
    int64_t i = flatten(y, w->ext, w->n);
    if (!w->fn(w, y, i)) {
        w->ok = false;
        return false;
    }
    return true;
}

static bool walk(Interp *I, const NkiTensor *dst, Value *maskv, Walk *w)
{
    w->I = I;
    w->dst = dst;
    w->n = dst->ndim;
    w->ok = true;
    if (dst->ndim > 16 || !shape_c(dst, w->ext, &w->numel))
        return false;
    NkiMask *m = maskv ? nki_mask_of(maskv) : NULL;
    if (!nki_for_each(I, dst, m, walk_cb, w))
        return false;
    return w->ok;
}

/* fill(t, value, mask) */
typedef struct { double v; } FillCtx;

static bool fill_cb(Walk *w, const int64_t *y, int64_t i)
{
    (void)i;
    return nki_data_put(w->I, w->dst, y, ((FillCtx *)w->ctx)->v);
}

static bool scalar_of(Value *v, double *out)
{
    if (v->kind == V_FLOAT) {
        *out = v->u.f;
        return true;
    }
    if (nv_is_int(v) && !v->u.i.sym) {
        *out = (double)v->u.i.c;
        return true;
    }
    return false;
}

static Value *d_fill(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("fill", 2, "t", "value", "mask");
    DATA_OFF();
    NkiTensor *t = nki_tensor_of(a[0]);
    FillCtx c;
    if (!t || !scalar_of(a[1], &c.v))
        return fail(I, "a fill");
    t->st->matmul_acc = false;
    Walk w = {.fn = fill_cb, .ctx = &c};
    return walk(I, t, a[2] && a[2]->kind != V_NONE ? a[2] : NULL, &w) ? v_none() : fail(I, "a fill");
}

/* ewise(op, out, x, y, mask): out = x op y, in fp32 */
typedef struct { const char *op; Opnd x, y; bool unary; bool bitvec; } EwCtx;

static bool ew_cb(Walk *w, const int64_t *y, int64_t i)
{
    EwCtx *c = w->ctx;
    double a, b = 0, r;
    if (!opnd_get(w->I, &c->x, y, w->ext, w->n, i, &a))
        return false;
    if (!c->unary && !opnd_get(w->I, &c->y, y, w->ext, w->n, i, &b))
        return false;
    if (c->unary ? !unary_fn(c->op, c->bitvec ? a : f32(a), &r) : !binary_fn(c->op, c->bitvec ? a : f32(a),
                                                                               c->bitvec ? b : f32(b), &r))
        return false;
    return nki_data_put(w->I, w->dst, y, c->bitvec ? r : f32(r));
}

static Value *ewise_common(Interp *I, Value *opv, Value *outv, Value *x, Value *y, Value *mask, bool unary)
{
    NkiTensor *out = nki_tensor_of(outv);
    EwCtx c = {.op = op_str(opv), .unary = unary};
    c.bitvec = is_bitvec(c.op);
    int64_t ext[16], n;
    if (!out || out->ndim > 16 || !shape_c(out, ext, &n))
        return fail(I, "an elementwise operation");
    if (!opnd_init(I, &c.x, x, ext, out->ndim, n) || (!unary && !opnd_init(I, &c.y, y, ext, out->ndim, n)))
        return fail(I, "an elementwise operation");
    /* reading and writing the same storage (acc += x): snapshot the inputs */
    out->st->matmul_acc = false;
    Walk w = {.fn = ew_cb, .ctx = &c};
    if (!walk(I, out, mask && mask->kind != V_NONE ? mask : NULL, &w))
        return fail(I, nki_strf(I, "the operation '%s'", c.op));
    return v_none();
}

static Value *d_ewise(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("ewise", 4, "op", "out", "x", "y", "mask");
    DATA_OFF();
    return ewise_common(I, a[0], a[1], a[2], a[3], a[4], false);
}

static Value *d_ewise_flat(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("ewise_flat", 4, "op", "out", "x", "y");
    DATA_OFF();
    return ewise_common(I, a[0], a[1], a[2], a[3], NULL, false);
}

static Value *d_unary(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("unary", 3, "op", "out", "x", "mask");
    DATA_OFF();
    return ewise_common(I, a[0], a[1], a[2], NULL, a[3], true);
}

/* copy(dst, src, mask): src a tensor or a scalar; no fp32 detour */
typedef struct { Opnd s; } CopyCtx;

static bool copy_cb(Walk *w, const int64_t *y, int64_t i)
{
    CopyCtx *c = w->ctx;
    double v;
    return opnd_get(w->I, &c->s, y, w->ext, w->n, i, &v) && nki_data_put(w->I, w->dst, y, v);
}

static Value *copy_common(Interp *I, Value *dstv, Value *srcv, Value *mask)
{
    NkiTensor *dst = nki_tensor_of(dstv);
    CopyCtx c;
    int64_t ext[16], n;
    if (!dst || dst->ndim > 16 || !shape_c(dst, ext, &n) || !opnd_init(I, &c.s, srcv, ext, dst->ndim, n))
        return fail(I, "a copy");
    /* a copy from a view of the same storage: read everything first */
    if (c.s.t && c.s.t->st == dst->st && dst->st->data) {
        NkiStorage *snap = arena_alloc(I->arena, sizeof *snap);
        *snap = *dst->st;
        snap->data = arena_alloc(I->arena, (size_t)(dst->st->ndata ? dst->st->ndata : 1) * sizeof(double));
        memcpy(snap->data, dst->st->data, (size_t)dst->st->ndata * sizeof(double));
        NkiTensor *t = arena_alloc(I->arena, sizeof *t);
        *t = *c.s.t;
        t->st = snap;
        c.s.t = t;
    }
    dst->st->matmul_acc = false;
    Walk w = {.fn = copy_cb, .ctx = &c};
    return walk(I, dst, mask && mask->kind != V_NONE ? mask : NULL, &w) ? v_none() : fail(I, "a copy");
}

static Value *d_copy(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("copy", 2, "dst", "src", "mask");
    DATA_OFF();
    return copy_common(I, a[0], a[1], a[2]);
}

static Value *d_copy_flat(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("copy_flat", 2, "dst", "src");
    DATA_OFF();
    return copy_common(I, a[0], a[1], NULL);
}

/* scalar_apply(out, data, op, operand, reverse): out = data op operand, the
 * operand a scalar or a (P, 1) column */
static Value *d_scalar_apply(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("scalar_apply", 5, "out", "data", "op", "operand", "reverse");
    DATA_OFF();
    NkiTensor *out = nki_tensor_of(a[0]), *data = nki_tensor_of(a[1]), *col = nki_tensor_of(a[3]);
    const char *op = op_str(a[2]);
    bool rev = a[4]->kind == V_BOOL && a[4]->u.i.c;
    int64_t ext[16], n, dext[16], dn;
    double sc = 0;
    if (!out || !data || out->ndim > 16 || data->ndim > 16 || !shape_c(out, ext, &n) ||
        !shape_c(data, dext, &dn) || dn != n || (!col && !scalar_of(a[3], &sc)))
        return fail(I, "tensor_scalar");
    int64_t P = ext[0] > 0 ? ext[0] : 1, F = n / P;
    int64_t y[16], z[16], c[16] = {0};
    double *vals = arena_alloc(I->arena, (size_t)(n ? n : 1) * sizeof(double));
    for (int64_t i = 0; i < n; i++) {
        unflatten(i, dext, data->ndim, z);
        double x, o = sc, r;
        if (!nki_data_get(I, data, z, &x))
            return fail(I, "tensor_scalar");
        if (col) {
            c[0] = i / F;
            if (!nki_data_get(I, col, c, &o))
                return fail(I, "tensor_scalar");
        }
        if (!binary_fn(op, rev ? f32(o) : f32(x), rev ? f32(x) : f32(o), &r))
            return fail(I, nki_strf(I, "the operator '%s'", op));
        vals[i] = f32(r);
    }
    for (int64_t i = 0; i < n; i++) {
        unflatten(i, ext, out->ndim, y);
        if (!nki_data_put(I, out, y, vals[i]))
            return fail(I, "tensor_scalar");
    }
    out->st->matmul_acc = false;
    return v_none();
}

/* activation(out, op, data, scale, bias): out = op(data * scale + bias) */
static Value *d_activation(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("activation", 5, "out", "op", "data", "scale", "bias");
    DATA_OFF();
    NkiTensor *out = nki_tensor_of(a[0]), *data = nki_tensor_of(a[2]);
    NkiTensor *scol = nki_tensor_of(a[3]), *bcol = nki_tensor_of(a[4]);
    double sc = 1, bc = 0;
    int64_t ext[16], n, dext[16], dn;
    if (!out || !data || out->ndim > 16 || data->ndim > 16 || !shape_c(out, ext, &n) ||
        !shape_c(data, dext, &dn) || dn != n || (!scol && !scalar_of(a[3], &sc)) ||
        (!bcol && a[4]->kind != V_NONE && !scalar_of(a[4], &bc)))
        return fail(I, "activation");
    int64_t P = ext[0] > 0 ? ext[0] : 1, F = n / P, y[16], z[16], c[16] = {0};
    for (int64_t i = 0; i < n; i++) {
        double x, s = sc, b = bc, r;
        unflatten(i, dext, data->ndim, z);
        c[0] = i / F;
        if (!nki_data_get(I, data, z, &x) || (scol && !nki_data_get(I, scol, c, &s)) ||
            (bcol && !nki_data_get(I, bcol, c, &b)))
            return fail(I, "activation");
        if (!unary_fn(op_str(a[1]), f32(f32(f32(x) * f32(s)) + f32(b)), &r))
            return fail(I, nki_strf(I, "the activation '%s'", op_str(a[1])));
        unflatten(i, ext, out->ndim, y);
        if (!nki_data_put(I, out, y, f32(r)))
            return fail(I, "activation");
    }
    out->st->matmul_acc = false;
    return v_none();
}

/* reduce(op, out, x, axes, negate) */
static Value *d_reduce(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("reduce", 5, "op", "out", "x", "axes", "negate");
    DATA_OFF();
    const char *op = op_str(a[0]);
    NkiTensor *out = nki_tensor_of(a[1]), *x = nki_tensor_of(a[2]);
    int64_t xe[16], xn, oe[16], on, re[16];
    bool red[16] = {0};
    if (!out || !x || x->ndim > 16 || out->ndim > 16 || !shape_c(x, xe, &xn) || !shape_c(out, oe, &on) ||
        !(a[3]->kind == V_TUPLE || a[3]->kind == V_LIST))
        return fail(I, "a reduction");
    for (int i = 0; i < a[3]->u.seq.n; i++) {
        int64_t ax;
        if (!nv_const(a[3]->u.seq.v[i], &ax) || ax < 0 || ax >= x->ndim)
            return fail(I, "a reduction");
        red[ax] = true;
    }
    int rn = 0;
    int64_t count = 1;
    for (int k = 0; k < x->ndim; k++) {
        if (!red[k])
            re[rn++] = xe[k];
        else
            count *= xe[k];
    }
    int64_t rnum = 1;
    for (int k = 0; k < rn; k++)
        rnum *= re[k];
    if (rnum != on)
        return fail(I, "a reduction");
    double *acc = arena_alloc(I->arena, (size_t)(on ? on : 1) * sizeof(double));
    bool is_mean = strcmp(op, "mean") == 0;
    const char *bop = is_mean ? "add" : op;
    double init = strcmp(bop, "multiply") == 0 || strcmp(bop, "logical_and") == 0 ? 1
                : strcmp(bop, "max") == 0 || strcmp(bop, "maximum") == 0 ? -INFINITY
                : strcmp(bop, "min") == 0 || strcmp(bop, "minimum") == 0 ? INFINITY : 0;
    for (int64_t i = 0; i < on; i++)
        acc[i] = init;
    int64_t z[16], r[16];
    for (int64_t i = 0; i < xn; i++) {
        double v, t;
        unflatten(i, xe, x->ndim, z);
        if (!nki_data_get(I, x, z, &v))
            return fail(I, "a reduction");
        int j = 0;
        for (int k = 0; k < x->ndim; k++)
            if (!red[k])
                r[j++] = z[k];
        int64_t o = flatten(r, re, rn);
        if (!binary_fn(bop, acc[o], f32(v), &t))
            return fail(I, nki_strf(I, "the reduction '%s'", op));
        acc[o] = f32(t);
    }
    bool neg = a[4]->kind == V_BOOL && a[4]->u.i.c;
    int64_t y[16];
    for (int64_t i = 0; i < on; i++) {
        double v = is_mean ? acc[i] / (double)count : acc[i];
        unflatten(i, oe, out->ndim, y);
        if (!nki_data_put(I, out, y, neg ? -v : v))
            return fail(I, "a reduction");
    }
    out->st->matmul_acc = false;
    return v_none();
}

/* matmul(out, x, y, x_is_kxm, accumulate): out[M, N] (+)= x^T[K, M] @ y[K, N] */
static Value *d_matmul(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("matmul", 5, "out", "x", "y", "x_is_kxm", "accumulate");
    DATA_OFF();
    NkiTensor *out = nki_tensor_of(a[0]), *x = nki_tensor_of(a[1]), *y = nki_tensor_of(a[2]);
    int64_t oe[16], on, xe[16], xn, ye[16], yn;
    if (!out || !x || !y || out->ndim > 16 || x->ndim > 16 || y->ndim > 16 || !shape_c(out, oe, &on) ||
        !shape_c(x, xe, &xn) || !shape_c(y, ye, &yn) || xe[0] <= 0 || ye[0] <= 0)
        return fail(I, "a matmul");
    bool kxm = a[3]->kind == V_BOOL && a[3]->u.i.c;
    int64_t K, M;
    if (kxm) {
        K = xe[0];
        M = xn / K;
    } else {
        if (x->ndim != 2)
            return fail(I, "a matmul");
        M = xe[0];
        K = xe[1];
    }
    int64_t N = yn / ye[0];
    if (ye[0] != K || on != M * N)
        return fail(I, "a matmul");
    bool acc = a[4]->kind == V_BOOL ? a[4]->u.i.c != 0 : out->st->matmul_acc;
    double *xv = arena_alloc(I->arena, (size_t)(xn ? xn : 1) * sizeof(double));
    double *yv = arena_alloc(I->arena, (size_t)(yn ? yn : 1) * sizeof(double));
    int64_t z[16];
    for (int64_t i = 0; i < xn; i++) {
        unflatten(i, xe, x->ndim, z);
        if (!nki_data_get(I, x, z, &xv[i]))
            return fail(I, "a matmul");
    }
    for (int64_t i = 0; i < yn; i++) {
        unflatten(i, ye, y->ndim, z);
        if (!nki_data_get(I, y, z, &yv[i]))
            return fail(I, "a matmul");
    }
    for (int64_t m = 0; m < M; m++)
        for (int64_t n = 0; n < N; n++) {
            double s = 0, old = 0;
            for (int64_t k = 0; k < K; k++) {
                double xx = kxm ? xv[k * M + m] : xv[m * K + k];
                s = f32(s + xx * yv[k * N + n]);
            }
            unflatten(m * N + n, oe, out->ndim, z);
            if (acc && !nki_data_get(I, out, z, &old))
                return fail(I, "a matmul");
            if (!nki_data_put(I, out, z, f32(old + s)))
                return fail(I, "a matmul");
        }
    out->st->matmul_acc = true;
    return v_none();
}

/* transpose(out, x): out[f, p] = x[p, f] (free axes of x flattened) */
static Value *d_transpose(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("transpose", 2, "out", "x");
    DATA_OFF();
    NkiTensor *out = nki_tensor_of(a[0]), *x = nki_tensor_of(a[1]);
    int64_t oe[16], on, xe[16], xn, z[16];
    if (!out || !x || out->ndim > 16 || x->ndim > 16 || !shape_c(out, oe, &on) || !shape_c(x, xe, &xn) ||
        on != xn || xe[0] <= 0)
        return fail(I, "a transpose");
    int64_t P = xe[0], F = xn / P;
    double *v = arena_alloc(I->arena, (size_t)(xn ? xn : 1) * sizeof(double));
    for (int64_t i = 0; i < xn; i++) {
        unflatten(i, xe, x->ndim, z);
        if (!nki_data_get(I, x, z, &v[i]))
            return fail(I, "a transpose");
    }
    for (int64_t f = 0; f < F; f++)
        for (int64_t p = 0; p < P; p++) {
            unflatten(f * P + p, oe, out->ndim, z);
            if (!nki_data_put(I, out, z, v[p * F + f]))
                return fail(I, "a transpose");
        }
    out->st->matmul_acc = false;
    return v_none();
}

/* scan(out, d0, d1, initial, op0, op1): r[:, i] = op1(op0(d0[:, i], r[:, i-1]), d1[:, i]) */
static Value *d_scan(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("scan", 6, "out", "d0", "d1", "initial", "op0", "op1");
    DATA_OFF();
    NkiTensor *out = nki_tensor_of(a[0]), *d0 = nki_tensor_of(a[1]), *d1 = nki_tensor_of(a[2]);
    NkiTensor *icol = nki_tensor_of(a[3]);
    double ic = 0;
    int64_t oe[16], on, e0[16], n0, e1[16], n1, z[16], c[16] = {0};
    if (!out || !d0 || !d1 || out->ndim > 16 || d0->ndim > 16 || d1->ndim > 16 || !shape_c(out, oe, &on) ||
        !shape_c(d0, e0, &n0) || !shape_c(d1, e1, &n1) || n0 != on || n1 != on || e0[0] <= 0 ||
        (!icol && !scalar_of(a[3], &ic)))
        return fail(I, "tensor_tensor_scan");
    int64_t P = e0[0], F = n0 / P;
    double *res = arena_alloc(I->arena, (size_t)(on ? on : 1) * sizeof(double));
    for (int64_t p = 0; p < P; p++) {
        double prev = ic;
        c[0] = p;
        if (icol && !nki_data_get(I, icol, c, &prev))
            return fail(I, "tensor_tensor_scan");
        for (int64_t f = 0; f < F; f++) {
            double x0, x1, t, r;
            unflatten(p * F + f, e0, d0->ndim, z);
            if (!nki_data_get(I, d0, z, &x0))
                return fail(I, "tensor_tensor_scan");
            unflatten(p * F + f, e1, d1->ndim, z);
            if (!nki_data_get(I, d1, z, &x1))
                return fail(I, "tensor_tensor_scan");
            if (!binary_fn(op_str(a[4]), f32(x0), f32(prev), &t) || !binary_fn(op_str(a[5]), f32(t), f32(x1), &r))
                return fail(I, "tensor_tensor_scan");
            prev = res[p * F + f] = f32(r);
        }
    }
    for (int64_t i = 0; i < on; i++) {
        unflatten(i, oe, out->ndim, z);
        if (!nki_data_put(I, out, z, res[i]))
            return fail(I, "tensor_tensor_scan");
    }
    out->st->matmul_acc = false;
    return v_none();
}

/* select(out, pred, on_true, on_false): pred a mask (affine_select) or a tile */
typedef struct { NkiMask *m; Opnd pred, t, f; } SelCtx;

static bool mask_at(Interp *I, const NkiMask *m, int n, const int64_t *y, bool *h);

static bool sel_cb(Walk *w, const int64_t *y, int64_t i)
{
    SelCtx *c = w->ctx;
    double p = 0, v;
    bool h;
    if (c->m) {
        if (!mask_at(w->I, c->m, w->n, y, &h))
            return false;
    } else {
        if (!opnd_get(w->I, &c->pred, y, w->ext, w->n, i, &p))
            return false;
        h = p != 0;
    }
    if (!opnd_get(w->I, h ? &c->t : &c->f, y, w->ext, w->n, i, &v))
        return false;
    return nki_data_put(w->I, w->dst, y, v);
}

static bool mask_at(Interp *I, const NkiMask *m0, int n, const int64_t *y, bool *h)
{
    NkiMask *m = nki_mask_align(I, m0, n);
    if (!m)
        return false;
    *h = true;
    for (int i = 0; i < m->n; i++) {
        int64_t r, c;
        if (!nv_const(m->c[i].f.c0, &r))
            return false;
        for (int k = 0; k < m->c[i].f.n; k++)
            if (m->c[i].f.coef[k]) {
                if (!nv_const(m->c[i].f.coef[k], &c))
                    return false;
                r += c * y[k];
            }
        bool ok = m->c[i].rel == MASK_GE0 ? r >= 0 : m->c[i].rel == MASK_EQ0 ? r == 0 : r != 0;
        if (!ok)
            *h = false;
    }
    return true;
}

static Value *d_select(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("select", 4, "out", "pred", "on_true", "on_false");
    DATA_OFF();
    NkiTensor *out = nki_tensor_of(a[0]);
    SelCtx c;
    memset(&c, 0, sizeof c);
    int64_t ext[16], n;
    if (!out || out->ndim > 16 || !shape_c(out, ext, &n))
        return fail(I, "a select");
    c.m = nki_mask_of(a[1]);
    if ((!c.m && !opnd_init(I, &c.pred, a[1], ext, out->ndim, n)) || !opnd_init(I, &c.t, a[2], ext, out->ndim, n) ||
        !opnd_init(I, &c.f, a[3], ext, out->ndim, n))
        return fail(I, "a select");
    Walk w = {.fn = sel_cb, .ctx = &c};
    out->st->matmul_acc = false;
    return walk(I, out, NULL, &w) ? v_none() : fail(I, "a select");
}

/* iota(out, expr): the values of an index expression */
static Value *d_iota(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("iota", 2, "out", "expr");
    DATA_OFF();
    NkiTensor *out = nki_tensor_of(a[0]);
    NkiIndex *x = nki_index_of(a[1]);
    int64_t ext[16], n, z[16], xe[16];
    if (!out || !x || out->ndim > 16 || x->ndim > 16 || !shape_c(out, ext, &n))
        return fail(I, "iota");
    int64_t xn = 1;
    for (int k = 0; k < x->ndim; k++) {
        if (!nv_const(x->shape[k], &xe[k]))
            return fail(I, "iota");
        xn *= xe[k];
    }
    if (xn != n)
        return fail(I, "iota");
    for (int64_t i = 0; i < n; i++) {
        int64_t r, c;
        unflatten(i, xe, x->ndim, z);
        if (!nv_const(x->f.c0, &r))
            return fail(I, "iota");
        for (int k = 0; k < x->ndim; k++)
            if (x->f.coef[k]) {
                if (!nv_const(x->f.coef[k], &c))
                    return fail(I, "iota");
                r += c * z[k];
            }
        unflatten(i, ext, out->ndim, z);
        if (!nki_data_put(I, out, z, (double)r))
            return fail(I, "iota");
    }
    out->st->matmul_acc = false;
    return v_none();
}

/* bn_stats(out, data, mask): per partition, (count, mean, M2) of the even-
 * and of the odd-indexed elements (M2: sum of squared deviations); the
 * elements a mask excludes do not count. */
typedef struct { double n[2], mean[2], m2[2]; } BnAcc;
typedef struct { BnAcc *acc; int64_t F; } BnCtx;

static bool bn_cb(Walk *w, const int64_t *y, int64_t i)
{
    BnCtx *c = w->ctx;
    double x;
    if (!nki_data_get(w->I, w->dst, y, &x))
        return false;
    int64_t p = i / c->F, f = i % c->F;
    BnAcc *a = &c->acc[p];
    int k = (int)(f & 1);
    /* Welford */
    a->n[k] += 1;
    double d = x - a->mean[k];
    a->mean[k] += d / a->n[k];
    a->m2[k] += d * (x - a->mean[k]);
    return true;
}

static Value *d_bn_stats(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("bn_stats", 2, "out", "data", "mask");
    DATA_OFF();
    NkiTensor *out = nki_tensor_of(a[0]), *data = nki_tensor_of(a[1]);
    int64_t de[16], dn, oe[16], on, z[16];
    if (!out || !data || data->ndim > 16 || out->ndim > 16 || !shape_c(data, de, &dn) || !shape_c(out, oe, &on) ||
        de[0] <= 0)
        return fail(I, "bn_stats");
    int64_t P = de[0];
    BnCtx c = {arena_alloc(I->arena, (size_t)P * sizeof(BnAcc)), dn / P};
    Walk w = {.fn = bn_cb, .ctx = &c};
    /* walk the data (not the output) under the mask */
    if (!walk(I, data, a[2] && a[2]->kind != V_NONE ? a[2] : NULL, &w))
        return fail(I, "bn_stats");
    for (int64_t p = 0; p < P; p++) {
        double v[6] = {c.acc[p].n[0], c.acc[p].mean[0], c.acc[p].m2[0],
                       c.acc[p].n[1], c.acc[p].mean[1], c.acc[p].m2[1]};
        for (int j = 0; j < 6; j++) {
            unflatten(p * 6 + j, oe, out->ndim, z);
            if (on != P * 6 || !nki_data_put(I, out, z, f32(v[j])))
                return fail(I, "bn_stats");
        }
    }
    out->st->matmul_acc = false;
    return v_none();
}

/* bn_aggr(out, data): combines (count, mean, M2) triples into (mean, variance) */
static Value *d_bn_aggr(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("bn_aggr", 2, "out", "data");
    DATA_OFF();
    NkiTensor *out = nki_tensor_of(a[0]), *data = nki_tensor_of(a[1]);
    int64_t de[16], dn, oe[16], on, z[16];
    if (!out || !data || data->ndim > 16 || out->ndim > 16 || !shape_c(data, de, &dn) || !shape_c(out, oe, &on) ||
        de[0] <= 0)
        return fail(I, "bn_aggr");
    int64_t P = de[0], F = dn / P;
    if (F % 3 != 0 || on != P * 2)
        return fail(I, "bn_aggr");
    for (int64_t p = 0; p < P; p++) {
        double n = 0, sum = 0, m2 = 0, t[3];
        for (int64_t g = 0; g < F / 3; g++) {
            for (int j = 0; j < 3; j++) {
                unflatten(p * F + g * 3 + j, de, data->ndim, z);
                if (!nki_data_get(I, data, z, &t[j]))
                    return fail(I, "bn_aggr");
            }
            n += t[0];
            sum += t[0] * t[1];
        }
        double mean = n > 0 ? sum / n : 0;
        for (int64_t g = 0; g < F / 3; g++) {
            for (int j = 0; j < 3; j++) {
                unflatten(p * F + g * 3 + j, de, data->ndim, z);
                if (!nki_data_get(I, data, z, &t[j]))
                    return fail(I, "bn_aggr");
            }
            m2 += t[2] + t[0] * (t[1] - mean) * (t[1] - mean);
        }
        double var = n > 0 ? m2 / n : 0;
        unflatten(p * 2, oe, out->ndim, z);
        if (!nki_data_put(I, out, z, f32(mean)))
            return fail(I, "bn_aggr");
        unflatten(p * 2 + 1, oe, out->ndim, z);
        if (!nki_data_put(I, out, z, f32(var)))
            return fail(I, "bn_aggr");
    }
    out->st->matmul_acc = false;
    return v_none();
}

/* opaque(t): kcv does not compute this instruction's values (MX, bn_stats) */
static Value *d_opaque(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("opaque", 1, "t");
    DATA_OFF();
    NkiTensor *t = nki_tensor_of(a[0]);
    if (t && t->st->data)
        nki_storage_fill(t->st, NAN);
    return v_none();
}

/* scalar_op(op, x, y): an elementwise API applied to Python scalars */
static Value *d_scalar_op(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("scalar_op", 2, "op", "x", "y");
    const char *op = op_str(a[0]);
    double x, y = 0, r;
    bool un = !a[2] || a[2]->kind == V_NONE;
    if (nv_is_int(a[1]) && (un || nv_is_int(a[2]))) {
        if (strcmp(op, "add") == 0) return nv_add(I, a[1], a[2]);
        if (strcmp(op, "subtract") == 0) return nv_sub(I, a[1], a[2]);
        if (strcmp(op, "multiply") == 0) return nv_mul(I, a[1], a[2]);
    }
    if (!scalar_of(a[1], &x) || (!un && !scalar_of(a[2], &y)))
        return v_unknown(I, interp_user_loc(I), "'%s' of non-constant scalars is not modelled", op);
    if (un ? !unary_fn(op, x, &r) : !binary_fn(op, x, y, &r))
        return v_unknown(I, interp_user_loc(I), "'%s' of scalars is not modelled", op);
    return v_float(I, r);
}

static Value *d_index_shape(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("index_shape", 1, "x");
    NkiIndex *x = nki_index_of(a[0]);
    if (!x) {
        interp_raise(I, interp_user_loc(I), "TypeError", "not an index tile");
        return NULL;
    }
    return nki_shape_tuple(I, x->shape, x->ndim);
}

Value *nki_data_prims(Interp *I, Value *mod)
{
    static const NkiPrim prims[] = {
        {"fill", d_fill}, {"ewise", d_ewise}, {"ewise_flat", d_ewise_flat}, {"unary", d_unary},
        {"copy", d_copy}, {"copy_flat", d_copy_flat}, {"scalar_apply", d_scalar_apply},
        {"activation", d_activation}, {"reduce", d_reduce}, {"matmul", d_matmul},
        {"transpose", d_transpose}, {"scan", d_scan}, {"select", d_select}, {"iota", d_iota},
        {"opaque", d_opaque}, {"bn_stats", d_bn_stats}, {"bn_aggr", d_bn_aggr}, {"scalar_op", d_scalar_op}, {"index_shape", d_index_shape},
    };
    nki_register_prims(I, mod, prims, (int)KCV_ARRAY_LEN(prims));
    dict_set_str(I, &mod->u.module.globals, intern_cstr(I->names, "tensor_type"),
                 v_object(I, &nki_tensortype_type, NULL));
    return mod;
}
