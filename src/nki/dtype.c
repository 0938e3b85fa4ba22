/* dtype.c - NKI data types: names, sizes, type promotion, rounding to the
 * stored format, and the Dtype object (nl.float32, np.float32, ...).
 *
 * Facts from shared/docs/nki-api.md section 2 ([D:SH] "Supported Data
 * Types", "NKI Type Promotion"; [D:N] for the Beta-2 additions).
 */
#include "nki_int.h"

#include <math.h>

typedef struct DtypeInfo {
    const char *name;
    int size;          /* bytes per element as stored */
    bool is_float;
    int mant;          /* mantissa bits (floats) / value bits (ints) */
    int emin;          /* IEEE minimum normal exponent (floats) */
    double max;        /* largest finite value (floats) / max (ints) */
    double min;        /* ints: minimum */
} DtypeInfo;

static const DtypeInfo info[DT_COUNT] = {
    [DT_FLOAT32] = {"float32", 4, true, 23, -126, 3.4028234663852886e38, 0},
    [DT_BFLOAT16] = {"bfloat16", 2, true, 7, -126, 3.3895313892515355e38, 0},
    [DT_FLOAT16] = {"float16", 2, true, 10, -14, 65504.0, 0},
    [DT_TFLOAT32] = {"tfloat32", 4, true, 10, -126, 3.4011621342146535e38, 0},
    [DT_FLOAT8_E4M3] = {"float8_e4m3", 1, true, 3, -6, 240.0, 0},
    [DT_FLOAT8_E5M2] = {"float8_e5m2", 1, true, 2, -14, 57344.0, 0},
    [DT_INT8] = {"int8", 1, false, 7, 0, 127, -128},
    [DT_INT16] = {"int16", 2, false, 15, 0, 32767, -32768},
    [DT_INT32] = {"int32", 4, false, 31, 0, 2147483647.0, -2147483648.0},
    [DT_UINT8] = {"uint8", 1, false, 8, 0, 255, 0},
    [DT_UINT16] = {"uint16", 2, false, 16, 0, 65535, 0},
    [DT_UINT32] = {"uint32", 4, false, 32, 0, 4294967295.0, 0},
    [DT_BOOL] = {"bool_", 1, false, 1, 0, 1, 0},
    [DT_FLOAT8_E4M3FN] = {"float8_e4m3fn", 1, true, 3, -6, 448.0, 0},
    [DT_FLOAT8_E8M0FNU] = {"float8_e8m0fnu", 1, true, 0, -127, 1.7014118346046923e38, 0},
    [DT_FLOAT8_E5M2_X4] = {"float8_e5m2_x4", 4, true, 2, -14, 57344.0, 0},
    [DT_FLOAT8_E4M3FN_X4] = {"float8_e4m3fn_x4", 4, true, 3, -6, 448.0, 0},
    [DT_FLOAT4_E2M1FN_X4] = {"float4_e2m1fn_x4", 2, true, 1, 0, 6.0, 0},
};

bool nki_dtype_parse(const char *name, NkiDtype *out)
{
    if (!name)
        return false;
    if (strcmp(name, "bool") == 0) {
        *out = DT_BOOL;
        return true;
    }
    for (int i = 0; i < DT_COUNT; i++)
        if (strcmp(info[i].name, name) == 0) {
            *out = (NkiDtype)i;
            return true;
        }
    return false;
}

const char *nki_dtype_name(NkiDtype dt)
{
    return dt >= 0 && dt < DT_COUNT ? info[dt].name : "?";
}

int nki_dtype_size(NkiDtype dt)
{
    return info[dt].size;
}

bool nki_dtype_is_float(NkiDtype dt)
{
    return info[dt].is_float;
}

bool nki_dtype_is_int(NkiDtype dt)
{
    return !info[dt].is_float;
}

/* Float ranks for promotion; fp16 and bf16 share a rank but neither holds
 * the other. */
static int float_rank(NkiDtype dt)
{
    switch (dt) {
    case DT_FLOAT8_E4M3: case DT_FLOAT8_E5M2: case DT_FLOAT8_E4M3FN: case DT_FLOAT8_E8M0FNU:
    case DT_FLOAT4_E2M1FN_X4: case DT_FLOAT8_E5M2_X4: case DT_FLOAT8_E4M3FN_X4:
        return 1;
    case DT_FLOAT16: case DT_BFLOAT16:
        return 2;
    case DT_TFLOAT32:
        return 3;
    case DT_FLOAT32:
        return 4;
    case DT_INT8: case DT_INT16: case DT_INT32: case DT_UINT8: case DT_UINT16:
    case DT_UINT32: case DT_BOOL: case DT_COUNT:
        break;
    }
    return 0;
}

static bool is_signed(NkiDtype dt)
{
    return dt == DT_INT8 || dt == DT_INT16 || dt == DT_INT32;
}

NkiDtype nki_dtype_promote(NkiDtype a, NkiDtype b)
{
    if (a == b)
        return a;
    if (a == DT_BOOL)
        a = DT_UINT8;
    if (b == DT_BOOL)
        b = DT_UINT8;
    if (a == b)
        return a;
    bool fa = info[a].is_float, fb = info[b].is_float;
    if (fa && !fb)
        return a;
    if (fb && !fa)
        return b;
    if (fa && fb) {
        int ra = float_rank(a), rb = float_rank(b);
        if (ra != rb)
            return ra > rb ? a : b;
        if (ra == 2)
            return DT_FLOAT32;     /* (fp16, bf16) -> fp32 */
        if (ra == 1)
            return DT_BFLOAT16;    /* (fp8_e4m3, fp8_e5m2) -> bf16 */
        return DT_FLOAT32;
    }
    /* both integers */
    if (is_signed(a) == is_signed(b))
        return info[a].size >= info[b].size ? a : b;
    NkiDtype s = is_signed(a) ? a : b, u = is_signed(a) ? b : a;
    if (info[s].size > info[u].size)
        return s;
    if (info[u].size == 1)
        return DT_INT16;
    if (info[u].size == 2)
        return DT_INT32;
    return DT_FLOAT32;             /* (int32, uint32): no 64-bit types */
}

double nki_dtype_round(NkiDtype dt, double x)
{
    const DtypeInfo *d = &info[dt];
    if (!d->is_float) {
        if (isnan(x))
            return 0;
        double r = nearbyint(x);
        if (dt == DT_BOOL)
            return r != 0;
        return r > d->max ? d->max : r < d->min ? d->min : r;
    }
    if (dt == DT_FLOAT32)
        return (double)(float)x;
    if (x == 0 || isnan(x) || isinf(x))
        return x;
    int e;
    frexp(x, &e);                  /* x = m * 2^e, 0.5 <= |m| < 1 */
    int exp = e - 1;               /* IEEE exponent of x */
    if (exp < d->emin)
        exp = d->emin;             /* subnormal: fixed quantum */
    double q = ldexp(1.0, exp - d->mant);
    double r = nearbyint(x / q) * q;
    if (fabs(r) > d->max)
        return r > 0 ? INFINITY : -INFINITY;
    return r;
}

/* ---- the Dtype object ------------------------------------------------------ */

static NkiDtype dt_of(const Value *v)
{
    return (NkiDtype)(intptr_t)v->u.obj.data;
}

bool nki_as_dtype(const Value *v, NkiDtype *out)
{
    if (!v)
        return false;
    if (v->kind == V_OBJECT && v->u.obj.type == &nki_dtype_type) {
        *out = dt_of(v);
        return true;
    }
    if (v->kind == V_STR)
        return nki_dtype_parse(v->u.str.s, out);
    return false;
}

static Value *dtype_getattr(Interp *I, Value *self, const char *name, Loc loc)
{
    (void)loc;
    NkiDtype dt = dt_of(self);
    if (strcmp(name, "name") == 0)
        return v_cstr(I, info[dt].name);
    if (strcmp(name, "itemsize") == 0)
        return v_int(I, info[dt].size);
    interp_raise(I, loc, "AttributeError", "dtype '%s' has no attribute '%s'", info[dt].name, name);
    return NULL;
}

/* np.float32(x), nl.int32(x): casts a Python scalar. */
static Value *dtype_call(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    NkiDtype dt = dt_of(self);
    if (args->npos != 1 || args->nkw != 0) {
        interp_raise(I, loc, "TypeError", "%s() takes one scalar argument", info[dt].name);
        return NULL;
    }
    Value *x = args->pos[0];
    double d;
    if (x->kind == V_FLOAT)
        d = x->u.f;
    else if (nv_is_int(x) && !x->u.i.sym)
        d = (double)x->u.i.c;
    else if (nv_is_int(x) && !info[dt].is_float)
        return x;               /* symbolic int to an int type: value kept */
    else
        return v_unknown(I, loc, "%s() of a %s is not modelled", info[dt].name, value_type_name(x));
    double r = nki_dtype_round(dt, d);
    if (info[dt].is_float)
        return v_float(I, r);
    return v_int(I, (int64_t)r);
}

static Value *dtype_compare(Interp *I, CmpOpKind op, Value *self, Value *other, bool right, Loc loc)
{
    (void)right;
    (void)loc;
    NkiDtype a = dt_of(self), b;
    if (op != CMP_EQ && op != CMP_NOTEQ)
        return v_unknown(I, loc, "ordering comparison of dtypes");
    bool eq = nki_as_dtype(other, &b) && a == b;
    return v_bool(I, op == CMP_EQ ? eq : !eq);
}

static bool dtype_equal(const Value *a, const Value *b)
{
    NkiDtype x, y;
    return nki_as_dtype(a, &x) && nki_as_dtype(b, &y) && x == y;
}

static void dtype_repr(StrBuf *out, const Value *self)
{
    sb_puts(out, info[dt_of(self)].name);
}

const ObjType nki_dtype_type = {
    .name = "dtype",
    .getattr = dtype_getattr,
    .call = dtype_call,
    .compare = dtype_compare,
    .equal = dtype_equal,
    .repr = dtype_repr,
};

Value *nki_dtype_value(Interp *I, NkiDtype dt)
{
    Value *mod = nki_prims_module(I);
    if (mod) {
        Value *v = dict_get_str(&mod->u.module.globals, intern_cstr(I->names, info[dt].name));
        if (v)
            return v;
    }
    return v_object(I, &nki_dtype_type, (void *)(intptr_t)dt);
}

/* The singletons, made once per interpreter with the native module. */
void nki_dtype_register(Interp *I, Value *mod)
{
    for (int i = 0; i < DT_COUNT; i++)
        dict_set_str(I, &mod->u.module.globals, intern_cstr(I->names, info[i].name),
                     v_object(I, &nki_dtype_type, (void *)(intptr_t)i));
}

void nki_dtype_round_f32(NkiDtype dt, float *x, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        x[i] = (float)nki_dtype_round(dt, (double)x[i]);
}
