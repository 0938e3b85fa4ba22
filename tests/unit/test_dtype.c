/* test_dtype.c - unit tests of dtype rounding (src/nki/dtype.c:
 * nki_dtype_round for doubles, nki_dtype_round_f32 for floats in bulk)
 * against the format definitions.
 *
 * Every small float format is checked code by code: the test decodes each
 * code from its bit layout itself (decode(), independent of dtype.c) and
 * checks that the code's value rounds to itself, that the midpoint of two
 * neighbours goes to the one with the even code, that the doubles and
 * floats just above and below a midpoint go to the nearer neighbour, and
 * what lies beyond the largest finite value (inf, NaN or saturation, as the
 * format's kind says).  fp8 (e4m3, e5m2, e4m3fn) and fp4 have all their
 * codes checked, and so do fp16, bf16 and tf32 (2^16, 2^16 and 2^19
 * codes).  Every float input is also run through nki_dtype_round_f32, in
 * one array, so that its vector loop and tail meet the same cases.
 * Bit-exact agreement with PyTorch is tests/dtype/ (dtype_torch). */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nki/nki_int.h"

/* ---- expectations, checked on both paths ------------------------------------ */

/* Inputs that floats hold exactly, with their expected results, for one
 * nki_dtype_round_f32 call at the end of a test. */
typedef struct Cases {
    NkiDtype dt;
    bool elem;         /* a packed MX type: its element format (nki_dtype_x4_round_elem), no float path */
    float *in, *want;
    size_t n, cap;
    int fails;
} Cases;

static void cases_init(Cases *c, NkiDtype dt)
{
    memset(c, 0, sizeof *c);
    c->dt = dt;
    c->elem = nki_dtype_is_x4(dt);
}

/* The rounding under test: to dt, or to the element format of a packed MX type. */
static double round_to(NkiDtype dt, double x)
{
    return nki_dtype_is_x4(dt) ? nki_dtype_x4_round_elem(dt, x) : nki_dtype_round(dt, x);
}

/* Same value, same sign of zero; any NaN matches any NaN. */
static bool same(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return a == b && signbit(a) == signbit(b);
}

static void mismatch(Cases *c, const char *path, double x, double got, double want)
{
    if (c->fails++ < 10)
        fprintf(stderr, "%s %s: %a (%.17g) -> %a, expected %a\n", nki_dtype_name(c->dt), path, x, x,
                got, want);
}

/* nki_dtype_round(dt, x) must be `want`; when x is a float, so must the
 * float path (queued). */
static void expect(Cases *c, double x, double want)
{
    double got = round_to(c->dt, x);
    if (!same(got, want))
        mismatch(c, "double", x, got, want);
    if (c->elem)
        return;          /* packed words have no float path for elements */
    if (!isnan(x) && !isinf(x) && (fabs(x) > FLT_MAX || (double)(float)x != x))
        return;          /* not a float: the double path only */
    float xf = (float)x;
    if (isnan(want) || fabs(want) <= FLT_MAX || isinf(want)) {
        if (c->n == c->cap) {
            c->cap = c->cap ? 2 * c->cap : 1024;
            c->in = realloc(c->in, c->cap * sizeof *c->in);
            c->want = realloc(c->want, c->cap * sizeof *c->want);
            assert_non_null(c->in);
            assert_non_null(c->want);
        }
        c->in[c->n] = xf;
        c->want[c->n] = (float)want;
        c->n++;
    }
}

/* Runs the queued float cases through nki_dtype_round_f32 in one array and
 * asserts that nothing failed. */
static void cases_finish(Cases *c)
{
    float *got = malloc((c->n ? c->n : 1) * sizeof *got);
    assert_non_null(got);
    if (c->n)
        memcpy(got, c->in, c->n * sizeof *got);
    nki_dtype_round_f32(c->dt, got, (int64_t)c->n);
    for (size_t i = 0; i < c->n; i++)
        if (!same(got[i], c->want[i]))
            mismatch(c, "float", c->in[i], got[i], c->want[i]);
    /* and one by one (the tail loop) for the first few hundred */
    for (size_t i = 0; i < c->n && i < 300; i++) {
        float one = c->in[i];
        nki_dtype_round_f32(c->dt, &one, 1);
        if (!same(one, c->want[i]))
            mismatch(c, "float[1]", c->in[i], one, c->want[i]);
    }
    free(got);
    free(c->in);
    free(c->want);
    assert_int_equal(c->fails, 0);
}

/* ---- small float formats, from their bit layout ----------------------------- */

typedef enum Kind {
    KIND_IEEE,      /* exponent all ones: inf (mantissa 0) or NaN */
    KIND_FN,        /* only S.1..1.1..1 is NaN; no inf */
    KIND_SAT,       /* no inf, no NaN */
} Kind;

typedef struct Fmt {
    NkiDtype dt;
    int ebits, mbits;
    Kind kind;
} Fmt;

/* The value of the positive code c, its exponent field read as a plain
 * number even past the field's width or where it encodes inf/NaN: so the
 * code after the largest finite one decodes to max + ulp. */
static double decode_raw(const Fmt *f, uint32_t c)
{
    int bias = (1 << (f->ebits - 1)) - 1;
    uint32_t e = c >> f->mbits, m = c & ((1u << f->mbits) - 1);
    if (e == 0)
        return ldexp((double)m, 1 - bias - f->mbits);
    return ldexp((double)((1u << f->mbits) | m), (int)e - bias - f->mbits);
}

/* The value of code c (sign bit included) as the format defines it. */
static double decode(const Fmt *f, uint32_t c)
{
    int nb = f->ebits + f->mbits;
    uint32_t s = (c >> nb) & 1, mag = c & ((1u << nb) - 1);
    uint32_t emask = (1u << f->ebits) - 1, e = mag >> f->mbits, m = mag & ((1u << f->mbits) - 1);
    double v;
    if (f->kind == KIND_IEEE && e == emask)
        v = m ? NAN : INFINITY;
    else if (f->kind == KIND_FN && e == emask && m == (1u << f->mbits) - 1)
        v = NAN;
    else
        v = decode_raw(f, mag);
    return s ? -v : v;
}

/* The largest positive code with a finite value. */
static uint32_t max_code(const Fmt *f)
{
    uint32_t top = (1u << (f->ebits + f->mbits)) - 1;
    while (!isfinite(decode(f, top)))
        top--;
    return top;
}

/* What the format stores for a magnitude beyond its largest finite one. */
static double overflow(const Fmt *f, double sign_of)
{
    double v = f->kind == KIND_IEEE ? INFINITY : f->kind == KIND_FN ? NAN : decode(f, max_code(f));
    return copysign(v, sign_of);
}

/* The value of positive code c, or the overflow value past max_code. */
static double stored(const Fmt *f, uint32_t c, uint32_t cmax)
{
    return c > cmax ? overflow(f, 1.0) : decode(f, c);
}

static void check_format(const Fmt *f)
{
    Cases c;
    cases_init(&c, f->dt);
    uint32_t cmax = max_code(f), ncodes = 1u << (f->ebits + f->mbits + 1);

    /* every code: a finite value rounds to itself, inf to inf, NaN to NaN */
    for (uint32_t code = 0; code < ncodes; code++) {
        double v = decode(f, code);
        expect(&c, v, v);
    }
    /* between neighbours, on both signs */
    for (uint32_t lo = 0; lo <= cmax; lo++) {
        double a = decode(f, lo), b = decode_raw(f, lo + 1);
        double mid = (a + b) / 2;   /* exact: one more bit than the format */
        uint32_t even = (lo & 1) ? lo + 1 : lo;
        double at_mid = stored(f, even, cmax), above = stored(f, lo + 1, cmax), below = a;
        for (int sg = 0; sg < 2; sg++) {
            double k = sg ? -1.0 : 1.0;
            expect(&c, k * mid, k * at_mid);
            /* the nearest doubles: not floats, so a double -> float -> format
             * implementation would land on the tie and fail here */
            expect(&c, k * nextafter(mid, INFINITY), k * above);
            expect(&c, k * nextafter(mid, 0), k * below);
            /* the nearest floats */
            expect(&c, k * (double)nextafterf((float)mid, INFINITY), k * above);
            expect(&c, k * (double)nextafterf((float)mid, 0), k * below);
            /* a quarter of the way from each end */
            expect(&c, k * (a + (b - a) / 4), k * below);
            expect(&c, k * (b - (b - a) / 4), k * above);
        }
    }
    /* far beyond the range */
    double big[] = {2 * decode_raw(f, cmax + 1), 1e300, DBL_MAX, INFINITY};
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        expect(&c, big[i], overflow(f, 1.0));
        expect(&c, -big[i], overflow(f, -1.0));
    }
    /* far below the smallest subnormal: zero of the same sign */
    double tiny[] = {decode(f, 1) / 4, 1e-300, 4.9e-324};
    for (size_t i = 0; i < sizeof tiny / sizeof tiny[0]; i++) {
        expect(&c, tiny[i], 0.0);
        expect(&c, -tiny[i], -0.0);
    }
    expect(&c, NAN, NAN);
    expect(&c, -NAN, NAN);
    cases_finish(&c);
}

/* The formats' defining facts, stated once more as numbers, so that a
 * decoder and a dtype.c that agree on a wrong layout still fail. */
static void test_format_facts(void **state)
{
    (void)state;
    const struct { Fmt f; double max, min_sub, min_normal; } facts[] = {
        {{DT_FLOAT8_E4M3, 4, 3, KIND_IEEE}, 240.0, 0x1p-9, 0x1p-6},
        {{DT_FLOAT8_E5M2, 5, 2, KIND_IEEE}, 57344.0, 0x1p-16, 0x1p-14},
        {{DT_FLOAT8_E4M3FN, 4, 3, KIND_FN}, 448.0, 0x1p-9, 0x1p-6},
        {{DT_FLOAT16, 5, 10, KIND_IEEE}, 65504.0, 0x1p-24, 0x1p-14},
        {{DT_BFLOAT16, 8, 7, KIND_IEEE}, 0x1.fep127, 0x1p-133, 0x1p-126},
        {{DT_TFLOAT32, 8, 10, KIND_IEEE}, 0x1.ffcp127, 0x1p-136, 0x1p-126},
        {{DT_FLOAT4_E2M1FN_X4, 2, 1, KIND_SAT}, 6.0, 0.5, 1.0},
    };
    for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
        const Fmt *f = &facts[i].f;
        assert_true(decode(f, max_code(f)) == facts[i].max);
        assert_true(decode(f, 1) == facts[i].min_sub);
        assert_true(decode(f, 1u << f->mbits) == facts[i].min_normal);
        assert_true(round_to(f->dt, facts[i].max) == facts[i].max);
        assert_true(round_to(f->dt, facts[i].min_sub) == facts[i].min_sub);
    }
    /* the values the documentation names */
    assert_true(nki_dtype_round(DT_FLOAT8_E4M3, 247.99) == 240.0);
    assert_true(isinf(nki_dtype_round(DT_FLOAT8_E4M3, 248.0)));
    assert_true(nki_dtype_round(DT_FLOAT8_E4M3FN, 464.0) == 448.0);
    assert_true(isnan(nki_dtype_round(DT_FLOAT8_E4M3FN, 464.01)));
    assert_true(isnan(nki_dtype_round(DT_FLOAT8_E4M3FN, INFINITY)));
    assert_true(nki_dtype_round(DT_FLOAT8_E5M2, 61439.0) == 57344.0);
    assert_true(isinf(nki_dtype_round(DT_FLOAT8_E5M2, 61440.0)));
    assert_true(nki_dtype_round(DT_FLOAT16, 65519.99) == 65504.0);
    assert_true(isinf(nki_dtype_round(DT_FLOAT16, 65520.0)));
    assert_true(nki_dtype_x4_round_elem(DT_FLOAT4_E2M1FN_X4, 100.0) == 6.0);
    assert_true(nki_dtype_x4_round_elem(DT_FLOAT4_E2M1FN_X4, -INFINITY) == -6.0);
    assert_true(nki_dtype_x4_round_elem(DT_FLOAT4_E2M1FN_X4, 5.0) == 4.0);     /* tie: 4 = 1.0 x 2^2 is even */
    assert_true(nki_dtype_x4_round_elem(DT_FLOAT4_E2M1FN_X4, 0.25) == 0.0);    /* tie: 0 is even */
    /* double rounding: just above a bf16 / fp16 tie, below float resolution */
    assert_true(nki_dtype_round(DT_BFLOAT16, 1 + 0x1p-8 + 0x1p-30) == 1 + 0x1p-7);
    assert_true(nki_dtype_round(DT_BFLOAT16, 1 + 0x1p-8) == 1.0);
    assert_true(nki_dtype_round(DT_FLOAT16, 1 + 0x1p-11 + 0x1p-40) == 1 + 0x1p-10);
    assert_true(nki_dtype_round(DT_FLOAT16, 1 + 0x1p-11) == 1.0);
    assert_true(nki_dtype_round(DT_TFLOAT32, 1 + 0x1p-11 + 0x1p-50) == 1 + 0x1p-10);
    /* packed MX values are words: unsigned integers of 32 / 16 bits */
    assert_true(nki_dtype_round(DT_FLOAT8_E5M2_X4, 4294967295.0) == 4294967295.0);
    assert_true(nki_dtype_round(DT_FLOAT8_E5M2_X4, 4294967296.0) == 4294967295.0);
    assert_true(nki_dtype_round(DT_FLOAT8_E4M3FN_X4, -1.0) == 0.0);
    assert_true(nki_dtype_round(DT_FLOAT8_E4M3FN_X4, 2.5) == 2.0);
    assert_true(nki_dtype_round(DT_FLOAT4_E2M1FN_X4, 65535.0) == 65535.0);
    assert_true(nki_dtype_round(DT_FLOAT4_E2M1FN_X4, 70000.0) == 65535.0);
    assert_true(nki_dtype_stored_f64(DT_FLOAT8_E5M2_X4) && !nki_dtype_stored_f64(DT_FLOAT4_E2M1FN_X4));
    float w = 65535.0f;
    nki_dtype_round_f32(DT_FLOAT4_E2M1FN_X4, &w, 1);
    assert_true(w == 65535.0f);
}

static void test_fp8_e4m3(void **state)
{
    (void)state;
    Fmt f = {DT_FLOAT8_E4M3, 4, 3, KIND_IEEE};
    check_format(&f);
}

static void test_fp8_e5m2(void **state)
{
    (void)state;
    Fmt f = {DT_FLOAT8_E5M2, 5, 2, KIND_IEEE};
    check_format(&f);
}

static void test_fp8_e4m3fn(void **state)
{
    (void)state;
    Fmt f = {DT_FLOAT8_E4M3FN, 4, 3, KIND_FN};
    check_format(&f);
}

static void test_fp8_x4_elements(void **state)
{
    (void)state;
    Fmt f = {DT_FLOAT8_E5M2_X4, 5, 2, KIND_IEEE};
    check_format(&f);
    Fmt g = {DT_FLOAT8_E4M3FN_X4, 4, 3, KIND_FN};
    check_format(&g);
}

static void test_fp4_e2m1fn(void **state)
{
    (void)state;
    Fmt f = {DT_FLOAT4_E2M1FN_X4, 2, 1, KIND_SAT};
    check_format(&f);
}

static void test_fp16(void **state)
{
    (void)state;
    Fmt f = {DT_FLOAT16, 5, 10, KIND_IEEE};
    check_format(&f);
}

static void test_bf16(void **state)
{
    (void)state;
    Fmt f = {DT_BFLOAT16, 8, 7, KIND_IEEE};
    check_format(&f);
}

static void test_tf32(void **state)
{
    (void)state;
    Fmt f = {DT_TFLOAT32, 8, 10, KIND_IEEE};
    check_format(&f);
}

/* float32 from doubles: one IEEE conversion, with overflow at the half ulp
 * above FLT_MAX and subnormals down to 2^-149. */
static void test_fp32(void **state)
{
    (void)state;
    Cases c;
    cases_init(&c, DT_FLOAT32);
    double max = FLT_MAX, half_ulp = 0x1p103;
    expect(&c, max, max);
    expect(&c, max + half_ulp, INFINITY);                       /* tie, odd max: up */
    expect(&c, nextafter(max + half_ulp, 0), max);
    expect(&c, -(max + half_ulp), -INFINITY);
    expect(&c, 1e300, INFINITY);
    expect(&c, 0x1p-149, 0x1p-149);
    expect(&c, 0x1p-150, 0.0);                                  /* tie: 0 is even */
    expect(&c, -0x1p-150, -0.0);
    expect(&c, 0x1p-150 + 0x1p-180, 0x1p-149);
    expect(&c, 0x1.8p-149, 0x1p-148);                           /* tie: 2 x 2^-149 is even */
    expect(&c, 1 + 0x1p-24, 1.0);
    expect(&c, 1 + 0x1p-24 + 0x1p-50, 1 + 0x1p-23);
    expect(&c, 1 + 0x1.8p-23, 1 + 0x1p-22);
    expect(&c, INFINITY, INFINITY);
    expect(&c, NAN, NAN);
    /* every float is its own float32 */
    for (uint32_t u = 0; u < 0xFFFFFFFFu - 9973u * 4099u; u += 9973u * 4099u) {
        float f;
        memcpy(&f, &u, sizeof f);
        expect(&c, f, f);
    }
    cases_finish(&c);
}

/* ---- float8_e8m0fnu ---------------------------------------------------------------- */

static void test_e8m0fnu(void **state)
{
    (void)state;
    Cases c;
    cases_init(&c, DT_FLOAT8_E8M0FNU);
    for (int k = -127; k <= 127; k++) {
        double p = ldexp(1.0, k);
        expect(&c, p, p);
        expect(&c, 1.5 * p, k == 127 ? NAN : 2 * p);            /* tie: to the even significand 2 */
        expect(&c, nextafter(1.5 * p, 0), p);
        expect(&c, 1.25 * p, p);
        expect(&c, 1.75 * p, k == 127 ? NAN : 2 * p);
    }
    expect(&c, 0x1p-200, 0x1p-127);                             /* no zero */
    expect(&c, 0.0, 0x1p-127);
    expect(&c, -0.0, 0x1p-127);
    expect(&c, 0x1p128, NAN);
    expect(&c, -1.0, NAN);                                      /* unsigned */
    expect(&c, INFINITY, NAN);
    expect(&c, NAN, NAN);
    cases_finish(&c);
}

/* ---- integers and bool ----------------------------------------------------------- */

/* Round to nearest, ties to even, saturate, NaN -> 0: written out
 * independently of dtype.c. */
static double int_expect(double x, double lo, double hi)
{
    if (isnan(x))
        return 0;
    if (x <= lo)
        return lo;
    if (x >= hi)
        return hi;
    double f = floor(x), d = x - f;
    double r = d < 0.5 ? f : d > 0.5 ? f + 1 : (fmod(f, 2) == 0 ? f : f + 1);
    r = r < lo ? lo : r > hi ? hi : r;
    return r == 0 ? 0.0 : r;                                    /* +0 */
}

static void check_int(NkiDtype dt, double lo, double hi)
{
    Cases c;
    cases_init(&c, dt);
    /* every quarter from below the range to above it (sampled for 32 bits) */
    double span = hi - lo;
    double step = span > 70000 ? floor(span / 65536) + 0.25 : 0.25;
    for (double x = lo - 10.25; x <= hi + 10.25; x += step)
        expect(&c, x, int_expect(x, lo, hi));
    double edge[] = {lo - 0.5, lo - 0.25, lo + 0.5, lo + 1.5, hi - 0.5, hi - 1.5, hi + 0.5, hi + 0.25,
                     0.5, -0.5, 1.5, -1.5, 2.5, -2.5, -0.25, 0.49999999999999994, -0.0,
                     1e300, -1e300, INFINITY, -INFINITY, NAN};
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
        expect(&c, edge[i], int_expect(edge[i], lo, hi));
    cases_finish(&c);
}

/* ---- bit patterns (dtype_bits.c) ----------------------------------------------------- */

/* Every code of a small float format: the value dtype_bits.c reads from it
 * is the format's (decode above), and the code it writes for that value is
 * the code again (NaN: some NaN code, and it reads back as NaN). */
static void check_bits(NkiDtype dt, const Fmt *f)
{
    uint32_t ncodes = 1u << (f->ebits + f->mbits + 1);
    for (uint32_t c = 0; c < ncodes; c++) {
        double v = decode(f, c);
        assert_true(same(nki_dtype_from_bits(dt, c), v));
        uint64_t back = nki_dtype_bits(dt, v);
        if (isnan(v))
            assert_true(isnan(decode(f, (uint32_t)back)));
        else
            assert_int_equal(back, c);
    }
}

static void test_bits_floats(void **state)
{
    (void)state;
    Fmt e4m3 = {DT_FLOAT8_E4M3, 4, 3, KIND_IEEE}, e5m2 = {DT_FLOAT8_E5M2, 5, 2, KIND_IEEE};
    Fmt e4m3fn = {DT_FLOAT8_E4M3FN, 4, 3, KIND_FN}, f16 = {DT_FLOAT16, 5, 10, KIND_IEEE};
    Fmt bf16 = {DT_BFLOAT16, 8, 7, KIND_IEEE};
    check_bits(DT_FLOAT8_E4M3, &e4m3);
    check_bits(DT_FLOAT8_E5M2, &e5m2);
    check_bits(DT_FLOAT8_E4M3FN, &e4m3fn);
    check_bits(DT_FLOAT16, &f16);
    check_bits(DT_BFLOAT16, &bf16);
    /* float32: its own bits; bfloat16 is their top half */
    assert_int_equal(nki_dtype_bits(DT_FLOAT32, 1.0), 0x3F800000u);
    assert_int_equal(nki_dtype_bits(DT_FLOAT32, -0x1p-149), 0x80000001u);
    assert_true(nki_dtype_from_bits(DT_FLOAT32, 0xC0490FDBu) == (double)-3.14159274f);
    assert_int_equal(nki_dtype_bits(DT_BFLOAT16, -2.0), 0xC000u);
    /* tfloat32 reads 10 mantissa bits of a float32's 23 */
    assert_true(nki_dtype_from_bits(DT_TFLOAT32, 0x3F800FFFu) == 1.0);
    assert_true(nki_dtype_from_bits(DT_TFLOAT32, 0x3F802000u) == 1 + 0x1p-10);
    /* e8m0: 2^(b - 127), 0xFF NaN */
    for (uint32_t b = 0; b < 255; b++) {
        assert_true(nki_dtype_from_bits(DT_FLOAT8_E8M0FNU, b) == ldexp(1.0, (int)b - 127));
        assert_int_equal(nki_dtype_bits(DT_FLOAT8_E8M0FNU, ldexp(1.0, (int)b - 127)), b);
    }
    assert_true(isnan(nki_dtype_from_bits(DT_FLOAT8_E8M0FNU, 0xFF)));
    assert_int_equal(nki_dtype_bits(DT_FLOAT8_E8M0FNU, NAN), 0xFF);
}

static void test_bits_ints(void **state)
{
    (void)state;
    assert_int_equal(nki_dtype_bits(DT_INT8, -1), 0xFF);
    assert_int_equal(nki_dtype_bits(DT_INT16, -32768), 0x8000);
    assert_int_equal(nki_dtype_bits(DT_INT32, -2), 0xFFFFFFFEu);
    assert_true(nki_dtype_from_bits(DT_INT8, 0x80) == -128);
    assert_true(nki_dtype_from_bits(DT_INT32, 0xFFFFFFFFu) == -1);
    assert_true(nki_dtype_from_bits(DT_UINT32, 0xFFFFFFFFu) == 4294967295.0);
    assert_true(nki_dtype_from_bits(DT_UINT8, 0x1FF) == 255);            /* the width's bits only */
    assert_true(nki_dtype_from_bits(DT_BOOL, 2) == 1);
    assert_int_equal(nki_dtype_bits(DT_BOOL, 1), 1);
    for (int v = -128; v < 128; v++)
        assert_true(nki_dtype_from_bits(DT_INT8, nki_dtype_bits(DT_INT8, v)) == v);
    /* packed MX words are their bits */
    assert_int_equal(nki_dtype_bits(DT_FLOAT8_E5M2_X4, 4294967295.0), 0xFFFFFFFFu);
    assert_true(nki_dtype_from_bits(DT_FLOAT4_E2M1FN_X4, 0x12345) == 0x2345);
}

/* The elements of the packed MX types: element q of a word is bits
 * [q*w, (q+1)*w); every code of every position decodes as the format
 * defines it, and encoding a value gives its code (rounding first). */
static void test_x4_elements(void **state)
{
    (void)state;
    const struct { NkiDtype dt; Fmt f; int w; } t[] = {
        {DT_FLOAT8_E5M2_X4, {DT_FLOAT8_E5M2_X4, 5, 2, KIND_IEEE}, 8},
        {DT_FLOAT8_E4M3FN_X4, {DT_FLOAT8_E4M3FN_X4, 4, 3, KIND_FN}, 8},
        {DT_FLOAT4_E2M1FN_X4, {DT_FLOAT4_E2M1FN_X4, 2, 1, KIND_SAT}, 4},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_true(nki_dtype_is_x4(t[i].dt));
        assert_int_equal(nki_dtype_x4_elem_bits(t[i].dt), t[i].w);
        for (uint32_t c = 0; c < (1u << t[i].w); c++) {
            double v = decode(&t[i].f, c);
            for (int q = 0; q < 4; q++) {
                /* other elements all ones: they must not leak in */
                uint64_t others = ((1ull << (4 * t[i].w)) - 1) & ~(((1ull << t[i].w) - 1) << (q * t[i].w));
                uint64_t word = ((uint64_t)c << (q * t[i].w)) | others;
                assert_true(same(nki_dtype_x4_elem(t[i].dt, word, q), v));
            }
            if (!isnan(v))
                assert_int_equal(nki_dtype_x4_code(t[i].dt, v), c);
        }
        /* a value between codes: rounded to nearest even, then encoded */
        double mid = (decode(&t[i].f, 1) + decode(&t[i].f, 2)) / 2;   /* tie between codes 1 and 2 */
        assert_int_equal(nki_dtype_x4_code(t[i].dt, mid), 2);
    }
    assert_false(nki_dtype_is_x4(DT_UINT32));
    assert_false(nki_dtype_is_x4(DT_FLOAT8_E5M2));
    /* OCP FP4 E2M1, as numbers */
    const double fp4[8] = {0, 0.5, 1, 1.5, 2, 3, 4, 6};
    for (uint32_t c = 0; c < 16; c++)
        assert_true(same(nki_dtype_x4_elem(DT_FLOAT4_E2M1FN_X4, c, 0), (c & 8 ? -1 : 1) * fp4[c & 7]));
    /* e5m2 0x3C is 1.0, e4m3fn 0x7E is 448, 0x7F NaN */
    assert_true(nki_dtype_x4_elem(DT_FLOAT8_E5M2_X4, 0x3C000000u, 3) == 1.0);
    assert_true(nki_dtype_x4_elem(DT_FLOAT8_E4M3FN_X4, 0x7E, 0) == 448.0);
    assert_true(isnan(nki_dtype_x4_elem(DT_FLOAT8_E4M3FN_X4, 0x7F00, 1)));
}

static void test_ints(void **state)
{
    (void)state;
    check_int(DT_INT8, -128, 127);
    check_int(DT_UINT8, 0, 255);
    check_int(DT_INT16, -32768, 32767);
    check_int(DT_UINT16, 0, 65535);
    check_int(DT_INT32, -2147483648.0, 2147483647.0);
    check_int(DT_UINT32, 0, 4294967295.0);
    /* the documented choices, as plain numbers */
    assert_true(nki_dtype_round(DT_INT8, 300) == 127);
    assert_true(nki_dtype_round(DT_INT8, -128.5) == -128);
    assert_true(nki_dtype_round(DT_INT8, 2.5) == 2);
    assert_true(nki_dtype_round(DT_INT8, 3.5) == 4);
    assert_true(nki_dtype_round(DT_UINT8, -3) == 0);
    assert_true(nki_dtype_round(DT_INT32, NAN) == 0);
    assert_true(nki_dtype_round(DT_UINT32, 1e10) == 4294967295.0);
    assert_false(signbit(nki_dtype_round(DT_INT16, -0.25)));
}

static void test_bool(void **state)
{
    (void)state;
    Cases c;
    cases_init(&c, DT_BOOL);
    double x[] = {0.0, -0.0, 1.0, 0.25, -0.25, 2.0, -7.5, 0x1p-149, 1e300, INFINITY, -INFINITY, NAN};
    for (size_t i = 0; i < sizeof x / sizeof x[0]; i++)
        expect(&c, x[i], x[i] != 0 ? 1.0 : 0.0);
    cases_finish(&c);
}

/* ---- nki_dtype_round_f32 against nki_dtype_round on scattered floats ---- */

static void test_f32_path_matches_double_path(void **state)
{
    (void)state;
    const NkiDtype dts[] = {DT_FLOAT32, DT_BFLOAT16, DT_FLOAT16, DT_TFLOAT32, DT_FLOAT8_E4M3,
                            DT_FLOAT8_E5M2, DT_FLOAT8_E4M3FN, DT_FLOAT4_E2M1FN_X4, DT_INT8, DT_INT16,
                            DT_UINT8, DT_UINT16, DT_BOOL, DT_FLOAT8_E8M0FNU};
    enum { N = 1 << 16 };
    float *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
    assert_non_null(x);
    assert_non_null(y);
    uint32_t s = 12345;
    for (int i = 0; i < N; i++) {
        s = s * 1664525u + 1013904223u;    /* every bit pattern: NaNs, infs, subnormals too */
        uint32_t u = s ^ (s >> 13);
        memcpy(&x[i], &u, sizeof u);
    }
    for (size_t t = 0; t < sizeof dts / sizeof dts[0]; t++) {
        Cases c;
        cases_init(&c, dts[t]);
        memcpy(y, x, N * sizeof *y);
        nki_dtype_round_f32(dts[t], y, N - 3);   /* leaves a tail */
        for (int i = 0; i < N; i++) {
            double want = i < N - 3 ? nki_dtype_round(dts[t], x[i]) : x[i];
            if (!same(y[i], (float)want))
                mismatch(&c, "float", x[i], y[i], want);
        }
        assert_int_equal(c.fails, 0);
    }
    free(x);
    free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_facts),
        cmocka_unit_test(test_fp8_e4m3),
        cmocka_unit_test(test_fp8_e5m2),
        cmocka_unit_test(test_fp8_e4m3fn),
        cmocka_unit_test(test_fp8_x4_elements),
        cmocka_unit_test(test_fp4_e2m1fn),
        cmocka_unit_test(test_fp16),
        cmocka_unit_test(test_bf16),
        cmocka_unit_test(test_tf32),
        cmocka_unit_test(test_fp32),
        cmocka_unit_test(test_e8m0fnu),
        cmocka_unit_test(test_bits_floats),
        cmocka_unit_test(test_bits_ints),
        cmocka_unit_test(test_x4_elements),
        cmocka_unit_test(test_ints),
        cmocka_unit_test(test_bool),
        cmocka_unit_test(test_f32_path_matches_double_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
