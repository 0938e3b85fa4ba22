/* dtype_bits.c - the bit patterns of NKI dtypes: a stored value as its
 * bytes and back (views that reinterpret memory, .ap(dtype=...)), and the
 * elements packed in the MX data types.
 *
 * Layouts (shared/docs/nki-api.md section 2):
 *   float32 IEEE binary32; tfloat32 is held in 4 bytes as a float32 whose
 *   low 13 mantissa bits are 0; bfloat16 the top half of a float32; float16
 *   IEEE binary16; float8_e4m3 and float8_e5m2 IEEE-like (inf and NaN at
 *   the top exponent); float8_e4m3fn OCP E4M3 (only S.1111.111 is NaN, no
 *   inf); float8_e8m0fnu an exponent byte (2^(b-127), 0xFF NaN); integers
 *   two's complement; bool_ one byte 0 or 1.  All little-endian.
 *   The packed MX types hold four elements in one word, element q in bits
 *   [q*w, (q+1)*w) (w = 8 for fp8, 4 for fp4), i.e. in memory order:
 *   float8_e5m2_x4 / float8_e4m3fn_x4 are 32-bit words of four fp8 codes,
 *   float4_e2m1fn_x4 a 16-bit word of four OCP FP4 E2M1 codes (1 sign, 2
 *   exponent bits with bias 1, 1 mantissa bit: +-{0, 0.5, 1, 1.5, 2, 3, 4,
 *   6}; no inf or NaN).  This is how mx_cpu_utils.py (corpus) packs them
 *   into uint32 / uint8 arrays.
 * A packed MX value is kept as its word (an unsigned integer): see
 * nki_dtype_round in dtype.c.
 */
#include "nki_int.h"

#include <math.h>

typedef enum BitKind {
    B_IEEE,     /* top exponent: inf (mantissa 0) or NaN */
    B_FN,       /* only all ones is NaN; no inf */
    B_SAT,      /* neither inf nor NaN */
    B_E8M0,     /* exponent only */
    B_SINT,
    B_UINT,
    B_BOOL,
    B_WORD,     /* packed MX: the word itself */
} BitKind;

typedef struct Layout {
    int bits;           /* width */
    int ebits, mbits;   /* floats: exponent and mantissa fields */
    BitKind kind;
} Layout;

static const Layout layouts[DT_COUNT] = {
    [DT_FLOAT32] = {32, 8, 23, B_IEEE},
    [DT_BFLOAT16] = {16, 8, 7, B_IEEE},
    [DT_FLOAT16] = {16, 5, 10, B_IEEE},
    [DT_TFLOAT32] = {32, 8, 23, B_IEEE},
    [DT_FLOAT8_E4M3] = {8, 4, 3, B_IEEE},
    [DT_FLOAT8_E5M2] = {8, 5, 2, B_IEEE},
    [DT_INT8] = {8, 0, 0, B_SINT},
    [DT_INT16] = {16, 0, 0, B_SINT},
    [DT_INT32] = {32, 0, 0, B_SINT},
    [DT_UINT8] = {8, 0, 0, B_UINT},
    [DT_UINT16] = {16, 0, 0, B_UINT},
    [DT_UINT32] = {32, 0, 0, B_UINT},
    [DT_BOOL] = {8, 0, 0, B_BOOL},
    [DT_FLOAT8_E4M3FN] = {8, 4, 3, B_FN},
    [DT_FLOAT8_E8M0FNU] = {8, 8, 0, B_E8M0},
    [DT_FLOAT8_E5M2_X4] = {32, 0, 0, B_WORD},
    [DT_FLOAT8_E4M3FN_X4] = {32, 0, 0, B_WORD},
    [DT_FLOAT4_E2M1FN_X4] = {16, 0, 0, B_WORD},
};

/* The element formats of the packed types. */
static const Layout elem_e5m2 = {8, 5, 2, B_IEEE};
static const Layout elem_e4m3fn = {8, 4, 3, B_FN};
static const Layout elem_e2m1 = {4, 2, 1, B_SAT};

static const Layout *elem_layout(NkiDtype dt)
{
    if (dt == DT_FLOAT8_E5M2_X4)
        return &elem_e5m2;
    if (dt == DT_FLOAT8_E4M3FN_X4)
        return &elem_e4m3fn;
    return dt == DT_FLOAT4_E2M1FN_X4 ? &elem_e2m1 : NULL;
}

static uint64_t width_mask(int bits)
{
    return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

/* ---- floats of a layout --------------------------------------------------------- */

static double float_decode(const Layout *l, uint64_t c)
{
    int bias = (1 << (l->ebits - 1)) - 1;
    uint64_t s = (c >> (l->bits - 1)) & 1;
    uint64_t emask = (1ull << l->ebits) - 1, mmask = (1ull << l->mbits) - 1;
    uint64_t e = (c >> l->mbits) & emask, m = c & mmask;
    double v;
    if (l->kind == B_IEEE && e == emask)
        v = m ? NAN : INFINITY;
    else if (l->kind == B_FN && e == emask && m == mmask)
        v = NAN;
    else if (e == 0)
        v = ldexp((double)m, 1 - bias - l->mbits);
    else
        v = ldexp((double)(m | (1ull << l->mbits)), (int)e - bias - l->mbits);
    return s ? -v : v;
}

/* The code of v, a value of the format (or NaN, or inf where the format
 * has it; elsewhere inf gives the largest finite code and NaN, in a format
 * without one, the code of +0). */
static uint64_t float_encode(const Layout *l, double v)
{
    int bias = (1 << (l->ebits - 1)) - 1;
    uint64_t emask = (1ull << l->ebits) - 1, mmask = (1ull << l->mbits) - 1;
    uint64_t sign = signbit(v) ? 1ull << (l->bits - 1) : 0;
    if (isnan(v)) {
        if (l->kind == B_IEEE)
            return (emask << l->mbits) | (1ull << (l->mbits - 1));   /* a quiet NaN */
        return l->kind == B_FN ? (emask << l->mbits) | mmask : 0;
    }
    double a = fabs(v);
    if (isinf(a)) {
        if (l->kind == B_IEEE)
            return sign | (emask << l->mbits);
        if (l->kind == B_FN)
            return sign | (emask << l->mbits) | (mmask - 1);
        return sign | (emask << l->mbits) | mmask;
    }
    if (a == 0)
        return sign;
    int e;
    (void)frexp(a, &e);
    int E = e - 1;                              /* a = 1.f x 2^E */
    if (E < 1 - bias)                           /* subnormal: m x 2^(1-bias-mbits) */
        return sign | (uint64_t)ldexp(a, bias - 1 + l->mbits);
    uint64_t m = (uint64_t)ldexp(a, l->mbits - E) & mmask;
    return sign | ((uint64_t)(E + bias) << l->mbits) | m;
}

/* ---- every dtype ----------------------------------------------------------------- */

uint64_t nki_dtype_bits(NkiDtype dt, double v)
{
    const Layout *l = &layouts[dt];
    switch (l->kind) {
    case B_IEEE: case B_FN: case B_SAT:
        if (l->bits == 32) {
            float f = (float)v;
            uint32_t u;
            memcpy(&u, &f, sizeof u);
            return u;
        }
        return float_encode(l, v);
    case B_E8M0: {
        if (isnan(v) || !(v > 0))
            return 0xFF;
        int e;
        (void)frexp(v, &e);
        return (uint64_t)(e - 1 + 127) & 0xFF;
    }
    case B_SINT:
        return (uint64_t)(int64_t)v & width_mask(l->bits);
    case B_UINT: case B_WORD:
        return (uint64_t)v & width_mask(l->bits);
    case B_BOOL:
        return v != 0;
    }
    return 0;
}

uint64_t nki_dtype_bits_f32(NkiDtype dt, float v)
{
    uint32_t u;
    memcpy(&u, &v, sizeof u);
    if (dt == DT_FLOAT32 || dt == DT_TFLOAT32)
        return u;              /* as held: a NaN's payload too */
    if (dt == DT_BFLOAT16)
        return u >> 16;
    return nki_dtype_bits(dt, v);
}

double nki_dtype_from_bits(NkiDtype dt, uint64_t b)
{
    const Layout *l = &layouts[dt];
    b &= width_mask(l->bits);
    switch (l->kind) {
    case B_IEEE: case B_FN: case B_SAT:
        if (l->bits == 32) {
            uint32_t u = (uint32_t)b;
            if (dt == DT_TFLOAT32 && (u & 0x7F800000u) != 0x7F800000u)
                u &= ~0x1FFFu;   /* tf32 reads 10 mantissa bits */
            float f;
            memcpy(&f, &u, sizeof f);
            return f;
        }
        return float_decode(l, b);
    case B_E8M0:
        return b == 0xFF ? NAN : ldexp(1.0, (int)b - 127);
    case B_SINT: {
        uint64_t sign = 1ull << (l->bits - 1);
        return (double)(int64_t)((b ^ sign) - sign);
    }
    case B_UINT: case B_WORD:
        return (double)b;
    case B_BOOL:
        return b != 0;
    }
    return 0;
}

/* ---- packed MX data ---------------------------------------------------------------- */

bool nki_dtype_is_x4(NkiDtype dt)
{
    return elem_layout(dt) != NULL;
}

int nki_dtype_x4_elem_bits(NkiDtype dt)
{
    const Layout *l = elem_layout(dt);
    return l ? l->bits : 0;
}

double nki_dtype_x4_elem(NkiDtype dt, uint64_t word, int q)
{
    const Layout *l = elem_layout(dt);
    return float_decode(l, (word >> (q * l->bits)) & width_mask(l->bits));
}

uint64_t nki_dtype_x4_code(NkiDtype dt, double x)
{
    const Layout *l = elem_layout(dt);
    return float_encode(l, nki_dtype_x4_round_elem(dt, x));
}
