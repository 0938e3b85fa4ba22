/* dtype.c - NKI data types: names, sizes, type promotion, rounding to the
 * stored format, and the Dtype object (nl.float32, np.float32, ...).
 *
 * Facts from shared/docs/nki-api.md section 2 ([D:SH] "Supported Data
 * Types", "NKI Type Promotion"; [D:N] for the Beta-2 additions).
 */
#include "nki_int.h"

#include <float.h>
#include <math.h>

/* What a float format does with a value beyond its largest finite one. */
typedef enum DtOverflow {
    OVF_INF,           /* IEEE: becomes +-inf */
    OVF_NAN,           /* no inf: becomes NaN (OCP fn formats, ml_dtypes/torch conversion) */
    OVF_SAT,           /* neither inf nor NaN: saturates to +-max */
} DtOverflow;

typedef struct DtypeInfo {
    const char *name;
    int size;          /* bytes per element as stored */
    bool is_float;
    int mant;          /* stored mantissa bits (floats) / value bits (ints) */
    int emin;          /* exponent of the smallest normal (floats) */
    double max;        /* largest finite value (floats) / max (ints) */
    double min;        /* ints: minimum */
    DtOverflow ovf;    /* floats: beyond max */
} DtypeInfo;

static const DtypeInfo info[DT_COUNT] = {
    [DT_FLOAT32] = {"float32", 4, true, 23, -126, 3.4028234663852886e38, 0, OVF_INF},
    [DT_BFLOAT16] = {"bfloat16", 2, true, 7, -126, 3.3895313892515355e38, 0, OVF_INF},
    [DT_FLOAT16] = {"float16", 2, true, 10, -14, 65504.0, 0, OVF_INF},
    [DT_TFLOAT32] = {"tfloat32", 4, true, 10, -126, 3.4011621342146535e38, 0, OVF_INF},
    [DT_FLOAT8_E4M3] = {"float8_e4m3", 1, true, 3, -6, 240.0, 0, OVF_INF},
    [DT_FLOAT8_E5M2] = {"float8_e5m2", 1, true, 2, -14, 57344.0, 0, OVF_INF},
    [DT_INT8] = {"int8", 1, false, 7, 0, 127, -128, OVF_SAT},
    [DT_INT16] = {"int16", 2, false, 15, 0, 32767, -32768, OVF_SAT},
    [DT_INT32] = {"int32", 4, false, 31, 0, 2147483647.0, -2147483648.0, OVF_SAT},
    [DT_UINT8] = {"uint8", 1, false, 8, 0, 255, 0, OVF_SAT},
    [DT_UINT16] = {"uint16", 2, false, 16, 0, 65535, 0, OVF_SAT},
    [DT_UINT32] = {"uint32", 4, false, 32, 0, 4294967295.0, 0, OVF_SAT},
    [DT_BOOL] = {"bool_", 1, false, 1, 0, 1, 0, OVF_SAT},
    [DT_FLOAT8_E4M3FN] = {"float8_e4m3fn", 1, true, 3, -6, 448.0, 0, OVF_NAN},
    [DT_FLOAT8_E8M0FNU] = {"float8_e8m0fnu", 1, true, 0, -127, 1.7014118346046923e38, 0, OVF_NAN},
    [DT_FLOAT8_E5M2_X4] = {"float8_e5m2_x4", 4, true, 2, -14, 57344.0, 0, OVF_INF},
    [DT_FLOAT8_E4M3FN_X4] = {"float8_e4m3fn_x4", 4, true, 3, -6, 448.0, 0, OVF_NAN},
    [DT_FLOAT4_E2M1FN_X4] = {"float4_e2m1fn_x4", 2, true, 1, 0, 6.0, 0, OVF_SAT},
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

/* ---- rounding to the stored format ------------------------------------------
 *
 * nki_dtype_round(dt, x) gives the value dtype dt stores for the real number
 * x, rounded once, straight from the double: never through float, so a
 * double just off a bf16 or fp16 tie is not first rounded onto the tie.
 * nki_dtype_round_f32 does the same for float inputs with bit operations on
 * the float's encoding (a float is exact, so rounding it is single rounding).
 *
 * Rounding is to nearest, ties to even, for every format: the NeuronCore-v2
 * hardware rounds RNE by default (stochastic rounding only when the runtime
 * sets NEURON_RT_STOCHASTIC_ROUNDING_EN): Neuron docs, "Data Types",
 * section "NeuronCore v2 Rounding Modes" (aws-neuron-sdk
 * about-neuron/arch/neuron-features/data-types.rst).  The NKI API pages do
 * not state a cast's rounding (shared/docs/nki-api.md section 2).
 *
 * The formats (nki-api.md section 2, [D:SH][D:N]; bit layouts S-E-M):
 *   float32    1-8-23 IEEE binary32.
 *   bfloat16   1-8-7: fp32 range, subnormals down to 2^-133, max
 *              (2-2^-7)*2^127; a value that rounds above max is inf.
 *   float16    1-5-10 IEEE binary16: max 65504, subnormals down to 2^-24,
 *              |x| >= 65520 is inf.
 *   tfloat32   1-8-10 (stored in 32 bits): fp32 range, max (2-2^-10)*2^127,
 *              subnormals down to 2^-136, overflow to inf.
 *   float8_e4m3   1-4-3 IEEE-like: bias 7, exponent 1111 holds inf
 *              (S.1111.000) and NaN, max 240, subnormals down to 2^-9,
 *              |x| >= 248 is inf.  NKI documents float8_e4m3 ("8-bit
 *              floating-point number (1S,4E,3M)", legacy "cFP8" e4m3) apart
 *              from float8_e4m3fn, the "extended range" variant with no inf
 *              and NaN = S.1111.111 (nki.language.float8_e4m3 and
 *              .float8_e4m3fn pages, SDK 2.29; nki-api.md section 2), and
 *              the compiler names them as two formats (error NCC_EVRF052:
 *              F8E4M3 is not supported after Trn3, use F8E4M3FN).  The
 *              format without the "fn" is the IEEE-style one, as in
 *              ml_dtypes.float8_e4m3 and LLVM's f8E4M3.
 *   float8_e5m2   1-5-2 IEEE-like (OCP E5M2): max 57344, subnormals down
 *              to 2^-16, |x| >= 61440 is inf.
 *   float8_e4m3fn 1-4-3 OCP E4M3: no inf, NaN = S.1111.111, max 448.  The
 *              OCP 8-bit float spec (OFP8 v1.0) leaves overflow to the
 *              conversion, saturating or not, and a non-saturating E4M3
 *              conversion gives NaN.  We do the non-saturating one, as the
 *              NKI CPU simulator's ml_dtypes storage [D:SIM] and torch's
 *              Float8_e4m3fn (c10 fp8e4m3fn_from_fp32_value) do: the value
 *              is rounded as if the exponent were unbounded and a result
 *              above 448 is NaN, i.e. |x| > 464 and +-inf give NaN; 464
 *              itself is a tie and goes to 448 (even mantissa).
 *   float8_e8m0fnu  OCP E8M0 scale: powers of two 2^-127 .. 2^127 and NaN
 *              (0xFF); no sign, zero or inf.  x > 0 rounds to a power of
 *              two, the tie 1.5*2^k going up (to the even significand);
 *              below 2^-127, and +-0, give 2^-127 (torch's Float8_e8m0fnu
 *              also reads a 0 as 2^-127); above 2^127 after rounding,
 *              negative values, inf and NaN give NaN.  (Our choice; NKI
 *              documents only the encoding.)
 *   float8_e5m2_x4, float8_e4m3fn_x4, float4_e2m1fn_x4: a value of these
 *              packed MX types is its word of four codes (dtype_bits.c), an
 *              unsigned integer of 32 or 16 bits: nki_dtype_round rounds and
 *              saturates it as uint32 / uint16.  nki_dtype_x4_round_elem
 *              rounds to the element format: float8_e5m2 / e4m3fn as above,
 *              and OCP FP4 E2M1 +-{0, 0.5, 1, 1.5, 2, 3, 4, 6}, which has
 *              neither inf nor NaN, so overflow and +-inf saturate to +-6,
 *              and a NaN, having no code, stays NaN (our choice; its code
 *              is that of +0).
 * Every float format keeps the sign of zero and keeps NaN as a NaN (the
 * payload is not modelled).
 *
 * Integers (int8/16/32, uint8/16/32): to nearest, ties to even, then
 * saturated to the type's range (+-inf too); NaN gives 0; -0 gives +0.
 * NKI does not document float-to-int conversion (nki-api.md section 2):
 * this is our choice, RNE because it is the hardware's rounding mode
 * (above), saturation and NaN -> 0 as the saturating conversions of Arm
 * (FCVTNS) and of OCP do, so that a cast never changes sign.  Integer
 * arithmetic that wraps (GpSimd int32) is the arithmetic's business.
 * bool_: 1 when x != 0, NaN included, else 0, as numpy's astype(bool) and
 * torch's .to(torch.bool); NKI stores bool_ as uint8 [D:SH] and gives no
 * conversion rule.
 */

/* The element format of a packed MX dtype (dt itself otherwise). */
static NkiDtype element_dtype(NkiDtype dt)
{
    if (dt == DT_FLOAT8_E5M2_X4)
        return DT_FLOAT8_E5M2;
    if (dt == DT_FLOAT8_E4M3FN_X4)
        return DT_FLOAT8_E4M3FN;
    return dt;
}

/* What format d stores for a finite x (or inf) beyond its largest value. */
static double beyond_max(const DtypeInfo *d, double x)
{
    switch (d->ovf) {
    case OVF_INF:
        return copysign(INFINITY, x);
    case OVF_NAN:
        return copysign(NAN, x);
    case OVF_SAT:
        return copysign(d->max, x);
    }
    return x;
}

static double round_e8m0(double x)
{
    if (!(x >= 0) || isinf(x))
        return NAN;                /* NaN, negative, inf */
    if (x < 0x1p-127)
        return 0x1p-127;           /* no zero: the smallest power is nearest */
    int e;
    double m = frexp(x, &e);       /* x = m * 2^e, 0.5 <= m < 1 */
    int k = e - 1;                 /* x = (2m) * 2^k, 1 <= 2m < 2 */
    if (2 * m >= 1.5)
        k++;                       /* the tie 1.5 goes to 2: even significand */
    return k > 127 ? NAN : ldexp(1.0, k);
}

static double round_int(const DtypeInfo *d, NkiDtype dt, double x)
{
    if (dt == DT_BOOL)
        return x != 0;             /* NaN != 0 */
    if (isnan(x))
        return 0;
    if (x >= d->max)
        return d->max;
    if (x <= d->min)
        return d->min;
    return nearbyint(x) + 0.0;     /* max and min are integers: no overflow; + 0.0 turns -0 into +0 */
}

static uint64_t f64_bits(double f)
{
    uint64_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static double bits_f64(uint64_t u)
{
    double f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* The unsigned integer type of a packed MX word (dt itself otherwise). */
static NkiDtype word_dtype(NkiDtype dt)
{
    if (dt == DT_FLOAT8_E5M2_X4 || dt == DT_FLOAT8_E4M3FN_X4)
        return DT_UINT32;
    if (dt == DT_FLOAT4_E2M1FN_X4)
        return DT_UINT16;
    return dt;
}

bool nki_dtype_stored_f64(NkiDtype dt)
{
    dt = word_dtype(dt);
    return dt == DT_INT32 || dt == DT_UINT32;
}

static double round_format(NkiDtype dt, double x);

double nki_dtype_round(NkiDtype dt, double x)
{
    NkiDtype w = word_dtype(dt);
    if (w != dt)
        return round_int(&info[w], w, x);   /* a packed MX value is its word */
    return round_format(dt, x);
}

double nki_dtype_x4_round_elem(NkiDtype dt, double x)
{
    return round_format(dt, x);   /* info[dt] describes the element format */
}

static double round_format(NkiDtype dt, double x)
{
    dt = element_dtype(dt);
    const DtypeInfo *d = &info[dt];
    if (!d->is_float)
        return round_int(d, dt, x);
    if (dt == DT_FLOAT8_E8M0FNU)
        return round_e8m0(x);
    if (isnan(x))
        return x;
    if (dt == DT_FLOAT32 && fabs(x) <= FLT_MAX)
        return (double)(float)x;   /* one IEEE conversion, in range */
    if (isinf(x))
        return beyond_max(d, x);
    if (x == 0)
        return x;
    /* On the double's bits, as round_float1 below does on a float's: for a
     * normal result add half an ulp of the format less one, plus the lsb
     * kept (ties to even), and clear the dropped bits (a carry runs into
     * the exponent); below the format's smallest normal 2^emin, the FPU
     * rounds (|x| + 2^k) - 2^k, where 2^k is the power whose ulp is the
     * format's subnormal quantum 2^(emin-mant), and the subtraction is
     * exact.  Either way one rounding, from the double itself. */
    uint64_t u = f64_bits(x), sign = u & 0x8000000000000000u, a = u ^ sign;
    uint64_t drop = (uint64_t)(52 - d->mant), r;
    if (a < (uint64_t)(d->emin + 1023) << 52) {
        double magic = bits_f64((uint64_t)(d->emin - d->mant + 52 + 1023) << 52);
        r = f64_bits((bits_f64(a) + magic) - magic);
    } else {
        r = (a + ((1ull << (drop - 1)) - 1) + ((a >> drop) & 1)) & ~((1ull << drop) - 1);
    }
    double v = bits_f64(r | sign);
    return fabs(v) > d->max ? beyond_max(d, x) : v;
}

/* ---- float inputs, in bulk --------------------------------------------------- */

static uint32_t f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static float bits_f32(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* The constants of one format for rounding floats (round_float1). */
typedef struct F32Fmt {
    uint32_t drop;         /* mantissa bits of fp32 the format drops */
    uint32_t half, keep;   /* half an ulp less one; mask of the bits kept */
    uint32_t min_normal;   /* the format's smallest normal, as fp32 bits (0: fp32's) */
    float magic;           /* 2^k: the ulp of [2^k, 2^(k+1)) is the subnormal quantum */
    uint32_t max_bits;     /* largest finite value, as fp32 bits */
    uint32_t over;         /* what a larger one becomes: inf, NaN or max */
    float lo, hi;          /* integers: the range */
} F32Fmt;

static F32Fmt f32_fmt(const DtypeInfo *d)
{
    F32Fmt k = {0};
    if (d->is_float && d->mant < 23) {
        k.drop = (uint32_t)(23 - d->mant);
        k.half = (1u << (k.drop - 1)) - 1u;
        k.keep = ~((1u << k.drop) - 1u);
        k.min_normal = d->emin > -126 ? (uint32_t)(d->emin + 127) << 23 : 0;
        k.magic = ldexpf(1.0f, d->emin - d->mant + 23);
        k.max_bits = f32_bits((float)d->max);
        k.over = d->ovf == OVF_INF ? 0x7F800000u : d->ovf == OVF_NAN ? 0x7FC00000u : k.max_bits;
    } else {
        k.lo = (float)d->min;
        k.hi = (float)d->max;
    }
    return k;
}

/* One float to a float format.  On the magnitude bits a (sign apart):
 *  - normal results: add half an ulp of the format less one, plus the lsb
 *    kept (so that a tie goes to even), and clear the dropped bits; a carry
 *    runs into the exponent as it should, up to inf.  This also rounds fp32
 *    subnormals right when the format's exponent range is fp32's (bf16,
 *    tf32): their encoding is linear in the value;
 *  - results below the format's smallest normal 2^emin (when above fp32's):
 *    (a + 2^k) - 2^k, where the ulp of the sum is the format's subnormal
 *    quantum 2^(emin-mant): the FPU rounds (RNE) and the subtraction is
 *    exact;
 *  - above the largest finite value: inf, NaN or max, as the format says;
 *  - NaN: a quiet NaN of the same sign.
 * No branch: every step is a select.  The subnormal result is picked with
 * a bit mask, not ?:, because GCC would move the float add under the
 * branch and then, a float add being able to trap, not if-convert it. */
static inline float round_float1(const F32Fmt *k, float v)
{
    uint32_t u = f32_bits(v);
    uint32_t sign = u & 0x80000000u, a = u ^ sign;
    uint32_t r = (a + k->half + ((a >> k->drop) & 1u)) & k->keep;
    uint32_t s = f32_bits((bits_f32(a) + k->magic) - k->magic);
    uint32_t sub = 0u - (uint32_t)(a < k->min_normal);
    r = (s & sub) | (r & ~sub);
    r = r > k->max_bits ? k->over : r;
    r = a > 0x7F800000u ? 0x7FC00000u : r;
    return bits_f32(r | sign);
}

/* One float to an integer type held in float storage (range within
 * +-2^23): clamp, then (c + 2^23) - 2^23 (signed), whose sum has ulp 1;
 * + 0.0f makes -0 +0; NaN becomes +0 through a mask (as above). */
static inline float round_int1(const F32Fmt *k, float v)
{
    float c = v < k->lo ? k->lo : v;
    c = c > k->hi ? k->hi : c;
    float t = c < 0 ? -0x1p23f : 0x1p23f;
    uint32_t r = f32_bits(((c + t) - t) + 0.0f);
    uint32_t nan = 0u - (uint32_t)((f32_bits(v) & 0x7FFFFFFFu) > 0x7F800000u);
    return bits_f32(r & ~nan);
}

static inline float round_bool1(const F32Fmt *k, float v)
{
    (void)k;
    return v != 0 ? 1.0f : 0.0f;
}

/* Runs `one` over x in blocks of a fixed length, which GCC vectorises at
 * -O2 (its "very cheap" cost model takes only loops whose vector code
 * replaces the scalar code entirely), then over the tail. */
#define ROUND_BLOCK 16
#define ROUND_EACH(one, k, x, n)                                  \
    do {                                                          \
        int64_t i_ = 0;                                           \
        for (; i_ + ROUND_BLOCK <= (n); i_ += ROUND_BLOCK) {      \
            float *b_ = (x) + i_;                                 \
            for (int j_ = 0; j_ < ROUND_BLOCK; j_++)              \
                b_[j_] = one((k), b_[j_]);                        \
        }                                                         \
        for (; i_ < (n); i_++)                                    \
            (x)[i_] = one((k), (x)[i_]);                          \
    } while (0)

void nki_dtype_round_f32(NkiDtype dt, float *x, int64_t n)
{
    dt = word_dtype(dt);
    const F32Fmt k = f32_fmt(&info[dt]);
    switch (dt) {
    case DT_FLOAT32:
        return;
    case DT_BFLOAT16: case DT_FLOAT16: case DT_TFLOAT32: case DT_FLOAT8_E4M3:
    case DT_FLOAT8_E5M2: case DT_FLOAT8_E4M3FN:
        ROUND_EACH(round_float1, &k, x, n);
        return;
    case DT_INT8: case DT_INT16: case DT_UINT8: case DT_UINT16:
        ROUND_EACH(round_int1, &k, x, n);
        return;
    case DT_BOOL:
        ROUND_EACH(round_bool1, &k, x, n);
        return;
    case DT_INT32: case DT_UINT32: case DT_FLOAT8_E8M0FNU:
    case DT_FLOAT8_E5M2_X4: case DT_FLOAT8_E4M3FN_X4: case DT_FLOAT4_E2M1FN_X4: case DT_COUNT:
        break;
    }
    /* int32/uint32 (whose data is double storage, see NkiData) and e8m0:
     * one by one */
    for (int64_t i = 0; i < n; i++)
        x[i] = (float)nki_dtype_round(dt, (double)x[i]);
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
    if (nki_dtype_choice_of(v, out))
        return true;
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
    if (other && other->kind == V_OBJECT && other->u.obj.type == &nki_dtype_choice_type)
        return nki_dtype_choice_type.compare(I, op, other, self, !right, loc);   /* an open dtype */
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
    .children = obj_no_children,
};

_Static_assert(DT_COUNT <= (int)KCV_ARRAY_LEN(((NkiCtx *)0)->dtype_values), "NkiCtx.dtype_values is too small");

Value *nki_dtype_value(Interp *I, NkiDtype dt)
{
    if (nki_dtype_is_choice(dt))
        return nki_dtype_choice_value(I, dt);
    NkiCtx *c = nki_ctx(I);
    if (c && c->dtype_values_of != I->id) {
        memset(c->dtype_values, 0, sizeof c->dtype_values);
        c->dtype_values_of = I->id;
    }
    if (c && c->dtype_values[dt])
        return c->dtype_values[dt];
    Value *mod = nki_prims_module(I);
    Value *v = mod ? dict_get_str(&mod->u.module.globals, intern_cstr(I->names, info[dt].name)) : NULL;
    if (!v)
        return v_object(I, &nki_dtype_type, (void *)(intptr_t)dt);
    if (c)
        c->dtype_values[dt] = v;
    return v;
}

/* The singletons, made once per interpreter with the native module. */
void nki_dtype_register(Interp *I, Value *mod)
{
    for (int i = 0; i < DT_COUNT; i++)
        dict_set_str(I, &mod->u.module.globals, intern_cstr(I->names, info[i].name),
                     v_object(I, &nki_dtype_type, (void *)(intptr_t)i));
}
