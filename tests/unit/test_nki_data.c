/* test_nki_data.c - the numerics of the concrete domain (src/nki/data.c):
 * the fast path (strided runs) against references and against the general
 * path (masks that are not boxes, accesses partly out of bounds), operand
 * alignment and broadcasting, matmul through BLAS, accumulation, the
 * uninitialised-read shadow, the copies data.c leaves unmade, and the
 * numerics a hardware profile selects. */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "test_nki_util.h"

/* The 1-based line of `src` holding `needle`. */
static int line_of(const char *src, const char *needle)
{
    const char *p = strstr(src, needle);
    assert_non_null(p);
    int line = 1;
    for (const char *q = src; q < p; q++)
        line += *q == '\n';
    return line;
}

static double ramp(int64_t i)
{
    return (double)(i % 97) / 8.0 - 5.0;
}

static double ramp2(int64_t i)
{
    return (double)(i % 13) - 6.0;
}

static uint64_t rng = 1;

static double rnd(int64_t i)   /* in [-1, 1), not a short binary fraction */
{
    (void)i;
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng >> 11) / (double)(1ULL << 53) * 2.0 - 1.0;
}

static Value *input(TRun *r, const char *name, NkiDtype dt, int d0, int d1, double (*f)(int64_t))
{
    Value *t = tin(r, name, dt, d0, d1, -1);
    tfill(t, f);
    return t;
}

static Value *call1(TRun *r, const char *k, Value *a)
{
    return tcall(r, k, 1, a);
}

/* ---- masks: boxes (fast path) and other shapes (general path) ------------------- */

static const char *masks_src =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def box(x, n):\n"
    "    out = nl.ndarray((128, 64), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    ip = nl.arange(128)[:, None]\n"
    "    jf = nl.arange(64)[None, :]\n"
    "    t = nl.load(x[ip, jf], mask=(ip < n))\n"
    "    nl.store(out[ip, jf], value=nl.add(t, 1.0, mask=(ip < n)), mask=(ip < n))\n"
    "    return out\n"
    "\n"
    "@nki.jit\n"
    "def tri(x):\n"
    "    out = nl.ndarray((128, 64), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    ip = nl.arange(128)[:, None]\n"
    "    jf = nl.arange(64)[None, :]\n"
    "    t = nl.load(x[ip, jf], mask=(ip >= jf))\n"
    "    nl.store(out[ip, jf], value=nl.add(t, 1.0, mask=(ip >= jf)), mask=(ip >= jf))\n"
    "    return out\n";

static void test_masks(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, masks_src, NULL, true);
    Value *x = input(&r, "x", DT_FLOAT32, 128, 64, ramp);
    Value *out = tcall(&r, "box", 2, x, v_int(&r.I, 100));
    expect_clean(&r);
    Loc origin;
    for (int64_t i = 0; i < 128 * 64; i++) {
        if (i / 64 < 100)
            assert_true(tget(out, i) == ramp(i) + 1.0);
        else
            assert_true(isnan(tget(out, i)));   /* never written: the default profile's NaN */
    }
    assert_int_equal(nki_tensor_uninit(out, &origin), 28 * 64);
    assert_null(origin.file);   /* nothing undefined was read */
    trun_end(&r);

    trun_start(&r, masks_src, NULL, true);
    x = input(&r, "x", DT_FLOAT32, 128, 64, ramp);
    out = call1(&r, "tri", x);
    expect_clean(&r);
    int64_t unwritten = 0;
    for (int64_t p = 0; p < 128; p++)
        for (int64_t f = 0; f < 64; f++) {
            double v = tget(out, p * 64 + f);
            if (p >= f)
                assert_true(v == ramp(p * 64 + f) + 1.0);
            else
                assert_true(isnan(v)), unwritten++;
        }
    assert_int_equal(nki_tensor_uninit(out, &origin), unwritten);
    trun_end(&r);
}

/* ---- alignment: broadcasting, strides, transposes, reshapes ----------------------- */

static const char *align_src =
    "import numpy as np\n"
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "import neuronxcc.nki.isa as nisa\n"
    "\n"
    "@nki.jit\n"
    "def bcast(x, row, col):\n"
    "    out = nl.ndarray((128, 64), dtype=nl.float32, buffer=nl.shared_hbm)\n"
    "    t = nl.load(x)\n"
    "    u = nl.multiply(nl.add(t, nl.load(row)), nl.load(col))\n"
    "    nl.store(out, value=u * 2.0 - 1.0)\n"
    "    return out\n"
    "\n"
    "@nki.jit\n"
    "def strided(x):\n"
    "    out = nl.ndarray((128, 32), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    nl.store(out, value=nl.load(x[:, 1:64:2]))\n"
    "    return out\n"
    "\n"
    "@nki.jit\n"
    "def transposes(x):\n"
    "    a = nl.ndarray((64, 128), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    b = nl.ndarray((64, 128), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    c = nl.ndarray((64, 128), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    nl.store(a, value=nl.load_transpose2d(x))\n"
    "    nl.store(b, value=nl.copy(nl.transpose(nl.load(x))))\n"
    "    nl.store(c, value=nl.load(x.ap(pattern=[[1, 64], [64, 128]], offset=0)))\n"
    "    return a, b, c\n";

/* Beta 2: row-major operands of other shapes */
static const char *reshape_src =
    "import nki\n"
    "import nki.isa as nisa\n"
    "import nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def reshaped(x):\n"
    "    out = nl.ndarray((128, 64), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    t = nl.ndarray((128, 64), dtype=x.dtype, buffer=nl.sbuf)\n"
    "    nisa.dma_copy(dst=t, src=x)\n"
    "    t3 = nl.ndarray((128, 4, 16), dtype=x.dtype, buffer=nl.sbuf)\n"
    "    nisa.tensor_copy(dst=t3, src=t)\n"
    "    u = nl.ndarray((128, 4, 16), dtype=x.dtype, buffer=nl.sbuf)\n"
    "    nisa.tensor_tensor(dst=u, data1=t3, data2=t, op=nl.add)\n"
    "    nisa.dma_copy(dst=out, src=u)\n"
    "    return out\n";

static void test_alignment(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, align_src, NULL, true);
    Value *x = input(&r, "x", DT_FLOAT32, 128, 64, ramp);
    Value *row = input(&r, "row", DT_FLOAT32, 1, 64, ramp2);
    Value *col = input(&r, "col", DT_FLOAT32, 128, 1, ramp2);
    Value *out = tcall(&r, "bcast", 3, x, row, col);
    expect_clean(&r);
    for (int64_t p = 0; p < 128; p++)
        for (int64_t f = 0; f < 64; f++) {
            float u = ((float)ramp(p * 64 + f) + (float)ramp2(f)) * (float)ramp2(p);
            assert_true(tget(out, p * 64 + f) == (double)(u * 2.0f - 1.0f));
        }
    trun_end(&r);

    trun_start(&r, align_src, NULL, true);
    x = input(&r, "x", DT_BFLOAT16, 128, 64, ramp);
    out = call1(&r, "strided", x);
    expect_clean(&r);
    for (int64_t p = 0; p < 128; p++)
        for (int64_t f = 0; f < 32; f++)
            assert_true(tget(out, p * 32 + f) == tget(x, p * 64 + 2 * f + 1));
    trun_end(&r);

    trun_start(&r, align_src, NULL, true);
    x = input(&r, "x", DT_FLOAT32, 128, 64, ramp);
    Value *ret = call1(&r, "transposes", x);
    expect_clean(&r);
    assert_true(ret && ret->kind == V_TUPLE && ret->u.seq.n == 3);
    for (int k = 0; k < 3; k++)
        for (int64_t f = 0; f < 64; f++)
            for (int64_t p = 0; p < 128; p++)
                assert_true(tget(ret->u.seq.v[k], f * 128 + p) == ramp(p * 64 + f));
    trun_end(&r);

    trun_start(&r, reshape_src, NULL, true);
    x = input(&r, "x", DT_FLOAT32, 128, 64, ramp);
    out = call1(&r, "reshaped", x);
    expect_clean(&r);
    for (int64_t i = 0; i < 128 * 64; i++)
        assert_true(tget(out, i) == 2 * ramp(i));   /* t3 holds t's elements in row-major order */
    trun_end(&r);
}

/* ---- matmul ---------------------------------------------------------------------- */

static const char *mm_src =
    "import nki\n"
    "import nki.isa as nisa\n"
    "import nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def mm(lhsT, rhs):\n"
    "    K, M = lhsT.shape\n"
    "    _, N = rhs.shape\n"
    "    result = nl.ndarray((M, N), dtype=nl.float32, buffer=nl.shared_hbm)\n"
    "    ps = nl.ndarray((M, N), nl.float32, buffer=nl.psum)\n"
    "    for k in nl.affine_range(K // 128):\n"
    "        a = nl.ndarray((128, M), dtype=lhsT.dtype, buffer=nl.sbuf)\n"
    "        b = nl.ndarray((128, N), dtype=rhs.dtype, buffer=nl.sbuf)\n"
    "        nisa.dma_copy(dst=a, src=lhsT[k * 128:(k + 1) * 128, :])\n"
    "        nisa.dma_copy(dst=b, src=rhs[k * 128:(k + 1) * 128, :])\n"
    "        nisa.nc_matmul(dst=ps, stationary=a, moving=b)\n"
    "    sb = nl.ndarray((M, N), dtype=nl.float32, buffer=nl.sbuf)\n"
    "    nisa.tensor_copy(dst=sb, src=ps)\n"
    "    nisa.dma_copy(dst=result, src=sb)\n"
    "    return result\n"
    "\n"
    "@nki.jit\n"
    "def twice(lhsT, rhs, mode):\n"
    "    result = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.shared_hbm)\n"
    "    a = nl.ndarray((128, 128), dtype=lhsT.dtype, buffer=nl.sbuf)\n"
    "    b = nl.ndarray((128, 512), dtype=rhs.dtype, buffer=nl.sbuf)\n"
    "    nisa.dma_copy(dst=a, src=lhsT)\n"
    "    nisa.dma_copy(dst=b, src=rhs)\n"
    "    ps = nl.ndarray((128, 512), nl.float32, buffer=nl.psum)\n"
    "    nisa.nc_matmul(dst=ps, stationary=a, moving=b)\n"
    "    if mode == 1:\n"
    "        nisa.nc_matmul(dst=ps, stationary=a, moving=b, accumulate=False)\n"
    "    elif mode == 2:\n"
    "        nisa.nc_matmul(dst=ps, stationary=a, moving=b, accumulate=True)\n"
    "    elif mode == 3:\n"
    "        nisa.memset(dst=ps, value=1.0)\n"
    "        nisa.nc_matmul(dst=ps, stationary=a, moving=b)\n"
    "    else:\n"
    "        nisa.nc_matmul(dst=ps, stationary=a, moving=b)\n"
    "    sb = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.sbuf)\n"
    "    nisa.tensor_copy(dst=sb, src=ps)\n"
    "    nisa.dma_copy(dst=result, src=sb)\n"
    "    return result\n";

/* out[m, n] against the double sum: within fp32's error bound for K terms */
static void check_matmul(Value *out, Value *x, Value *y, int64_t K, int64_t M, int64_t N, double scale)
{
    double u = 1.0 / (1 << 24), worst = 0;
    for (int64_t m = 0; m < M; m++)
        for (int64_t n = 0; n < N; n++) {
            double s = 0, mag = 0;
            for (int64_t k = 0; k < K; k++) {
                double p = tget(x, k * M + m) * tget(y, k * N + n);
                s += p;
                mag += fabs(p);
            }
            double err = fabs(tget(out, m * N + n) - scale * s);
            double bound = scale * ((double)K * u / (1 - (double)K * u) * mag + u * fabs(s)) + 1e-30;
            assert_true(err <= bound);
            worst = err > worst ? err : worst;
        }
    (void)worst;
}

static void test_matmul_blas(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, mm_src, NULL, true);
    Value *a = input(&r, "lhsT", DT_FLOAT32, 256, 128, rnd);
    Value *b = input(&r, "rhs", DT_FLOAT32, 256, 512, rnd);
    Value *out = tcall(&r, "mm", 2, a, b);
    expect_clean(&r);
    check_matmul(out, a, b, 256, 128, 512, 1.0);
    Loc origin;
    assert_int_equal(nki_tensor_uninit(out, &origin), 0);
    trun_end(&r);

    /* bfloat16 operands: exact products */
    trun_start(&r, mm_src, NULL, true);
    a = input(&r, "lhsT", DT_BFLOAT16, 384, 64, rnd);
    b = input(&r, "rhs", DT_BFLOAT16, 384, 256, rnd);
    out = tcall(&r, "mm", 2, a, b);
    expect_clean(&r);
    check_matmul(out, a, b, 384, 64, 256, 1.0);
    trun_end(&r);
}

static void test_matmul_accumulate(void **state)
{
    (void)state;
    /* mode: 0 accumulate=None after a matmul (adds), 1 False (overwrites),
     * 2 True (adds), 3 None after a memset (overwrites) */
    static const double scale[4] = {2.0, 1.0, 2.0, 1.0};
    for (int mode = 0; mode < 4; mode++) {
        TRun r;
        trun_start(&r, mm_src, NULL, true);
        Value *a = input(&r, "lhsT", DT_FLOAT32, 128, 128, ramp2);
        Value *b = input(&r, "rhs", DT_FLOAT32, 128, 512, ramp);
        Value *out = tcall(&r, "twice", 3, a, b, v_int(&r.I, mode));
        expect_clean(&r);
        for (int64_t m = 0; m < 128; m += 7)
            for (int64_t n = 0; n < 512; n += 13) {
                double s = 0;
                for (int64_t k = 0; k < 128; k++)
                    s += ramp2(k * 128 + m) * ramp(k * 512 + n);
                assert_true(tget(out, m * 512 + n) == scale[mode] * s);   /* exact: multiples of 1/8 */
            }
        trun_end(&r);
    }
}

/* ---- the uninitialised-read shadow ------------------------------------------------- */

static const char *uninit_src =
    "import nki\n"
    "import nki.isa as nisa\n"
    "import nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def early(lhsT, rhs):\n"
    "    result = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.shared_hbm)\n"
    "    ps = nl.ndarray((128, 512), nl.float32, buffer=nl.psum)\n"
    "    sb = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.sbuf)\n"
    "    nisa.tensor_copy(dst=sb, src=ps)  # reads PSUM before any matmul\n"
    "    t = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.sbuf)\n"
    "    nisa.tensor_tensor(dst=t, data1=sb, data2=sb, op=nl.add)\n"
    "    nisa.dma_copy(dst=result, src=t)\n"
    "    return result\n"
    "\n"
    "@nki.jit\n"
    "def partial(x):\n"
    "    result = nl.ndarray((256, 64), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    t = nl.ndarray((128, 64), dtype=x.dtype, buffer=nl.sbuf)\n"
    "    nisa.dma_copy(dst=t, src=x[0:128, :])\n"
    "    nisa.dma_copy(dst=result[0:128, :], src=t)\n"
    "    return result\n"
    "\n"
    "@nki.jit\n"
    "def columns(lhsT, rhs):\n"
    "    result = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.shared_hbm)\n"
    "    a = nl.ndarray((128, 128), dtype=lhsT.dtype, buffer=nl.sbuf)\n"
    "    b = nl.ndarray((128, 512), dtype=rhs.dtype, buffer=nl.sbuf)\n"
    "    nisa.dma_copy(dst=a, src=lhsT)\n"
    "    nisa.dma_copy(dst=b[:, 0:384], src=rhs[:, 0:384])\n"
    "    ps = nl.ndarray((128, 512), nl.float32, buffer=nl.psum)\n"
    "    nisa.nc_matmul(dst=ps, stationary=a, moving=b)  # moving's last 128 columns unset\n"
    "    sb = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.sbuf)\n"
    "    nisa.tensor_copy(dst=sb, src=ps)\n"
    "    nisa.dma_copy(dst=result, src=sb)\n"
    "    return result\n"
    "\n"
    "@nki.jit\n"
    "def rowsum(x):\n"
    "    result = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.shared_hbm)\n"
    "    t = nl.ndarray((128, 64), dtype=x.dtype, buffer=nl.sbuf)\n"
    "    nisa.dma_copy(dst=t[0:100, :], src=x[0:100, :])\n"
    "    s = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)\n"
    "    nisa.tensor_reduce(dst=s, op=nl.add, data=t, axis=1)  # rows 100.. unset\n"
    "    nisa.dma_copy(dst=result, src=s)\n"
    "    return result\n";

static void test_uninit(void **state)
{
    (void)state;
    TRun r;
    Loc origin;
    trun_start(&r, uninit_src, NULL, true);
    Value *out = tcall(&r, "early", 2, tin(&r, "lhsT", DT_FLOAT32, 128, 128, -1), tin(&r, "rhs", DT_FLOAT32, 128, 512, -1));
    expect_clean(&r);
    assert_int_equal(nki_tensor_uninit(out, &origin), 128 * 512);
    assert_non_null(origin.file);
    assert_int_equal(origin.line, line_of(uninit_src, "reads PSUM before any matmul"));
    trun_end(&r);

    trun_start(&r, uninit_src, NULL, true);
    out = call1(&r, "partial", input(&r, "x", DT_FLOAT32, 128, 64, ramp));
    expect_clean(&r);
    assert_int_equal(nki_tensor_uninit(out, &origin), 128 * 64);
    assert_null(origin.file);
    assert_true(tget(out, 5) == ramp(5));
    assert_true(isnan(tget(out, 128 * 64 + 5)));
    trun_end(&r);

    /* a result is undefined iff its row of stationary or column of moving has an undefined element */
    trun_start(&r, uninit_src, NULL, true);
    out = tcall(&r, "columns", 2, input(&r, "lhsT", DT_FLOAT32, 128, 128, ramp2),
                input(&r, "rhs", DT_FLOAT32, 128, 512, ramp));
    expect_clean(&r);
    assert_int_equal(nki_tensor_uninit(out, &origin), 128 * 128);
    assert_int_equal(origin.line, line_of(uninit_src, "moving's last 128 columns unset"));
    NkiData d = tdata(out);
    assert_non_null(d.init);
    for (int64_t i = 0; i < 128 * 512; i += 37)
        assert_int_equal(d.init[i] == 1, i % 512 < 384);
    trun_end(&r);

    /* a reduction: defined iff its whole row is */
    trun_start(&r, uninit_src, NULL, true);
    out = call1(&r, "rowsum", input(&r, "x", DT_FLOAT32, 128, 64, ramp2));
    expect_clean(&r);
    assert_int_equal(nki_tensor_uninit(out, &origin), 28);
    assert_int_equal(origin.line, line_of(uninit_src, "rows 100.. unset"));
    double s = 0;
    for (int64_t f = 0; f < 64; f++)
        s += ramp2(3 * 64 + f);
    assert_true(tget(out, 3) == s);
    trun_end(&r);
}

/* ---- out of bounds: oob: zero, --on-violation=report, trap ------------------------- */

static const char *oob_src =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def rows(x):\n"
    "    out = nl.ndarray((256, 64), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    small = nl.ndarray((200, 64), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    ip = nl.arange(128)[:, None]\n"
    "    jf = nl.arange(64)[None, :]\n"
    "    for i in nl.affine_range(2):\n"
    "        t = nl.load(x[i * 128 + ip, jf])\n"
    "        nl.store(out[i * 128 + ip, jf], value=t)\n"
    "        nl.store(small[i * 128 + ip, jf], value=nl.add(t, 1.0))\n"
    "    return out, small\n";

static void check_oob_run(NkiOobMode mode, bool report)
{
    TRun r;
    trun_start(&r, oob_src, NULL, true);
    NkiProfile p = *nki_profile_default(r.ctx.target);
    p.oob = mode;
    r.ctx.profile = &p;
    r.ctx.report_mode = report;
    Value *ret = call1(&r, "rows", input(&r, "x", DT_FLOAT32, 200, 64, ramp));
    assert_true(count_violations(&r, "bounds") >= 1);
    assert_true(ret && ret->kind == V_TUPLE);
    Value *out = ret->u.seq.v[0], *small = ret->u.seq.v[1];
    Loc origin;
    for (int64_t i = 0; i < 256 * 64; i++)
        assert_true(tget(out, i) == (i < 200 * 64 ? ramp(i) : 0.0));   /* reads past the end give 0 */
    for (int64_t i = 0; i < 200 * 64; i++)
        assert_true(tget(small, i) == ramp(i) + 1.0);   /* writes past the end dropped */
    assert_int_equal(nki_tensor_uninit(out, &origin), 0);
    trun_end(&r);
}

/* Legacy `psum += nc_matmul(...)` on a PSUM tile that was never zeroed: an
 * accumulation group, whose first matmul overwrites (nki-api.md,
 * "Accumulation"); the corpus's attention v8a-v11 rely on it.  `+=` on an
 * SBUF tile never written stays an uninitialised read. */
static const char *group_src =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.isa as nisa\n"
    "import neuronxcc.nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def group(lhsT, rhs):\n"
    "    result = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.shared_hbm)\n"
    "    a = nl.load(lhsT)\n"
    "    b = nl.load(rhs)\n"
    "    ps = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.psum)\n"
    "    for k in nl.affine_range(2):\n"
    "        ps += nisa.nc_matmul(a, b)\n"
    "    nl.store(result, value=nl.copy(ps, dtype=nl.float32))\n"
    "    return result\n"
    "\n"
    "@nki.jit\n"
    "def sbuf_acc(x):\n"
    "    result = nl.ndarray((128, 64), dtype=nl.float32, buffer=nl.shared_hbm)\n"
    "    t = nl.ndarray((128, 64), dtype=nl.float32, buffer=nl.sbuf)\n"
    "    t += nl.load(x)  # SBUF never written\n"
    "    nl.store(result, value=t)\n"
    "    return result\n";

static void test_psum_accumulation_group(void **state)
{
    (void)state;
    TRun r;
    Loc origin;
    trun_start(&r, group_src, NULL, true);
    Value *out = tcall(&r, "group", 2, input(&r, "lhsT", DT_FLOAT32, 128, 128, ramp2),
                       input(&r, "rhs", DT_FLOAT32, 128, 512, ramp));
    expect_clean(&r);
    assert_int_equal(nki_tensor_uninit(out, &origin), 0);
    for (int64_t m = 0; m < 128; m += 31)
        for (int64_t n = 0; n < 512; n += 97) {
            double ref = 0;
            for (int64_t k = 0; k < 128; k++)
                ref += ramp2(k * 128 + m) * ramp(k * 512 + n);
            double got = tget(out, m * 512 + n);
            assert_true(fabs(got - 2 * ref) <= 1e-4 * (1 + fabs(2 * ref)));
        }
    trun_end(&r);

    trun_start(&r, group_src, NULL, true);
    out = call1(&r, "sbuf_acc", input(&r, "x", DT_FLOAT32, 128, 64, ramp));
    expect_clean(&r);
    assert_int_equal(nki_tensor_uninit(out, &origin), 128 * 64);
    assert_int_equal(origin.line, line_of(group_src, "SBUF never written"));
    trun_end(&r);
}

static void test_oob(void **state)
{
    (void)state;
    check_oob_run(NKI_OOB_ZERO, false);
    check_oob_run(NKI_OOB_TRAP, true);

    /* trap: the run stops at the faulty access */
    TRun r;
    trun_start(&r, oob_src, NULL, true);
    Value *ret = call1(&r, "rows", input(&r, "x", DT_FLOAT32, 200, 64, ramp));
    assert_null(ret);
    assert_int_equal(r.I.unwind, UNWIND_ABORT);
    assert_non_null(strstr(r.I.abort_reason, "outside a tensor"));
    trun_end(&r);
}

/* ---- profiles ------------------------------------------------------------------------ */

static const char *prof_src =
    "import nki\n"
    "import nki.isa as nisa\n"
    "import nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def scale(x):\n"
    "    out = nl.ndarray((128, 64), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    t = nl.ndarray((128, 64), dtype=x.dtype, buffer=nl.sbuf)\n"
    "    nisa.dma_copy(dst=t, src=x)\n"
    "    u = nl.ndarray((128, 64), dtype=x.dtype, buffer=nl.sbuf)\n"
    "    nisa.tensor_tensor(dst=u, data1=t, data2=t, op=nl.multiply)\n"
    "    nisa.dma_copy(dst=out, src=u)\n"
    "    return out\n"
    "\n"
    "@nki.jit\n"
    "def rsum(x):\n"
    "    out = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.shared_hbm)\n"
    "    t = nl.ndarray((128, 16), dtype=x.dtype, buffer=nl.sbuf)\n"
    "    nisa.dma_copy(dst=t, src=x)\n"
    "    s = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)\n"
    "    nisa.tensor_reduce(dst=s, op=nl.add, data=t, axis=1)\n"
    "    nisa.dma_copy(dst=out, src=s)\n"
    "    return out\n"
    "\n"
    "@nki.jit\n"
    "def fill(x):\n"
    "    out = nl.ndarray((256, 64), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    nisa.dma_copy(dst=out[0:128, :], src=x)\n"
    "    return out\n";

static double subnormal(int64_t i)
{
    return i % 2 ? 1e-40 : 1e-20;   /* fp32-subnormal; its square is too */
}

static void test_flush_subnormals(void **state)
{
    (void)state;
    for (int flush = 0; flush < 2; flush++) {
        TRun r;
        trun_start(&r, prof_src, NULL, true);
        NkiProfile p = *nki_profile_default(r.ctx.target);
        p.flush_subnormals = flush;
        r.ctx.profile = &p;
        Value *x = input(&r, "x", DT_FLOAT32, 128, 64, subnormal);
        assert_true(tget(x, 1) != 0);   /* copies keep subnormals */
        Value *out = call1(&r, "scale", x);
        expect_clean(&r);
        float tiny = (float)1e-20;
        assert_true(tget(out, 0) == (flush ? 0.0 : (double)(tiny * tiny)));
        assert_true(tget(out, 1) == 0.0);   /* (1e-40)^2 underflows either way */
        trun_end(&r);
    }
}

static double big_then_ones(int64_t i)
{
    return i % 16 == 0 ? 16777216.0 : 1.0;
}

static void test_reduce_order(void **state)
{
    (void)state;
    /* 2^24 + 15 ones: left to right each 1 is lost; pairwise the second
     * half's 8 ones are summed first */
    for (int pairwise = 0; pairwise < 2; pairwise++) {
        TRun r;
        trun_start(&r, prof_src, NULL, true);
        NkiProfile p = *nki_profile_default(r.ctx.target);
        p.reduce_order = pairwise ? NKI_REDUCE_PAIRWISE : NKI_REDUCE_SEQUENTIAL;
        r.ctx.profile = &p;
        Value *out = call1(&r, "rsum", input(&r, "x", DT_FLOAT32, 128, 16, big_then_ones));
        expect_clean(&r);
        assert_true(tget(out, 7) == (pairwise ? 16777224.0 : 16777216.0));
        trun_end(&r);
    }
}

static double one_and_a_bit(int64_t i)
{
    (void)i;
    return 1.0 + 1.0 / 1024;   /* not a bfloat16 */
}

static double one(int64_t i)
{
    (void)i;
    return 1.0;
}

static void test_matmul_input_rounding(void **state)
{
    (void)state;
    for (int bf16 = 0; bf16 < 2; bf16++) {
        TRun r;
        trun_start(&r, mm_src, NULL, true);
        NkiProfile p = *nki_profile_default(r.ctx.target);
        p.matmul_input = bf16 ? DT_BFLOAT16 : DT_FLOAT32;
        r.ctx.profile = &p;
        Value *out = tcall(&r, "mm", 2, input(&r, "lhsT", DT_FLOAT32, 128, 128, one_and_a_bit),
                           input(&r, "rhs", DT_FLOAT32, 128, 512, one));
        expect_clean(&r);
        assert_true(tget(out, 77) == (bf16 ? 128.0 : 128.0 * (1.0 + 1.0 / 1024)));
        trun_end(&r);
    }
}

static void test_matmul_fma_and_accumulator(void **state)
{
    (void)state;
    /* fused multiply-adds in k order, or a bfloat16 accumulator: the plain loop */
    for (int mode = 0; mode < 2; mode++) {
        TRun r;
        trun_start(&r, mm_src, NULL, true);
        NkiProfile p = *nki_profile_default(r.ctx.target);
        if (mode == 0)
            p.fma = true;
        else
            p.accumulator = DT_BFLOAT16;
        r.ctx.profile = &p;
        rng = 7;
        Value *a = input(&r, "lhsT", DT_FLOAT32, 128, 128, rnd);
        Value *b = input(&r, "rhs", DT_FLOAT32, 128, 512, rnd);
        Value *out = tcall(&r, "mm", 2, a, b);
        expect_clean(&r);
        for (int64_t m = 0; m < 128; m += 31)
            for (int64_t n = 0; n < 512; n += 97) {
                float s = 0;
                for (int64_t k = 0; k < 128; k++) {
                    float x = (float)tget(a, k * 128 + m), y = (float)tget(b, k * 512 + n);
                    if (mode == 0)
                        s = fmaf(x, y, s);
                    else
                        s = (float)nki_dtype_round(DT_BFLOAT16, (double)(s + x * y));
                }
                assert_true(tget(out, m * 512 + n) == (double)s);
            }
        trun_end(&r);
    }
}

static void test_uninit_fill_value(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, prof_src, NULL, true);
    NkiProfile p = *nki_profile_default(r.ctx.target);
    p.uninit_fill = NKI_FILL_VALUE;
    p.fill_value = 7.25;
    r.ctx.profile = &p;
    Value *out = call1(&r, "fill", input(&r, "x", DT_FLOAT32, 128, 64, ramp));
    expect_clean(&r);
    assert_true(tget(out, 3) == ramp(3));
    assert_true(tget(out, 128 * 64 + 3) == 7.25);
    Loc origin;
    assert_int_equal(nki_tensor_uninit(out, &origin), 128 * 64);
    trun_end(&r);
}

static void test_vector_precision(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, prof_src, NULL, true);
    NkiProfile p = *nki_profile_default(r.ctx.target);
    p.vector_precision = DT_BFLOAT16;
    r.ctx.profile = &p;
    Value *out = call1(&r, "scale", input(&r, "x", DT_FLOAT32, 128, 64, one_and_a_bit));
    expect_clean(&r);
    assert_true(tget(out, 0) == 1.0);   /* the operands are rounded to bfloat16 first */
    trun_end(&r);
}

/* ---- copies not made (a tile that reads its source) ------------------------------- */

static const char *lazy_src =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def k(x):\n"
    "    out = nl.ndarray((128, 64), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    out2 = nl.ndarray((128, 64), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    nl.store(out, value=nl.load(x))\n"
    "    t = nl.load(out)\n"
    "    nl.store(out, value=nl.multiply(t, 2.0))\n"
    "    nl.store(out2, value=t)\n"
    "    t[0:64, :] = 5.0\n"
    "    nl.store(out2[0:64, :], value=t[64:128, :])\n"
    "    return out, out2, t\n";

static void test_copies_not_made(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, lazy_src, NULL, true);
    Value *ret = call1(&r, "k", input(&r, "x", DT_FLOAT32, 128, 64, ramp));
    expect_clean(&r);
    assert_true(ret && ret->kind == V_TUPLE && ret->u.seq.n == 3);
    Value *out = ret->u.seq.v[0], *out2 = ret->u.seq.v[1], *t = ret->u.seq.v[2];
    for (int64_t i = 0; i < 128 * 64; i++) {
        assert_true(tget(out, i) == 2 * ramp(i));
        assert_true(tget(out2, i) == (i < 64 * 64 ? ramp(i + 64 * 64) : ramp(i)));
        assert_true(tget(t, i) == (i < 64 * 64 ? 5.0 : ramp(i)));
    }
    trun_end(&r);
}

/* ---- int32: exact, in doubles ---------------------------------------------------------- */

static const char *int_src =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "import neuronxcc.nki.isa as nisa\n"
    "\n"
    "@nki.jit\n"
    "def k(x):\n"
    "    out = nl.ndarray((128, 64), dtype=nl.int32, buffer=nl.shared_hbm)\n"
    "    out2 = nl.ndarray((128, 64), dtype=nl.int32, buffer=nl.shared_hbm)\n"
    "    ip = nl.arange(128)[:, None]\n"
    "    jf = nl.arange(64)[None, :]\n"
    "    nl.store(out, value=nl.load(x))\n"
    "    nl.store(out2, value=nisa.iota(ip * 10000000 + jf, dtype=nl.int32))\n"
    "    return out, out2\n";

static double big_int(int64_t i)
{
    return 1073741825.0 + (double)i;   /* 2^30 + 1 + i: not a float */
}

static void test_int32_exact(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, int_src, NULL, true);
    Value *x = input(&r, "x", DT_INT32, 128, 64, big_int);
    NkiData d = tdata(x);
    assert_non_null(d.f64);
    assert_null(d.f32);
    Value *ret = call1(&r, "k", x);
    expect_clean(&r);
    for (int64_t i = 0; i < 128 * 64; i += 11) {
        assert_true(tget(ret->u.seq.v[0], i) == big_int(i));
        assert_true(tget(ret->u.seq.v[1], i) == (double)(i / 64 * 10000000 + i % 64));
    }
    trun_end(&r);
}

/* ---- the fast path against the general one ------------------------------------------ */

static const char *mix_src =
    "import numpy as np\n"
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "import neuronxcc.nki.isa as nisa\n"
    "\n"
    "@nki.jit\n"
    "def mix(x, w, col):\n"
    "    out = nl.ndarray((128, 256), dtype=nl.float32, buffer=nl.shared_hbm)\n"
    "    out2 = nl.ndarray((128, 128), dtype=nl.bfloat16, buffer=nl.shared_hbm)\n"
    "    ip = nl.arange(128)[:, None]\n"
    "    jf = nl.arange(256)[None, :]\n"
    "    t = nl.load(x)\n"
    "    c = nl.load(col)\n"
    "    e = nisa.activation(op=nl.exp, data=t, bias=c, scale=0.5)\n"
    "    m = nisa.tensor_reduce(nl.max, data=e, axis=(1,), negate=True)\n"
    "    s = nisa.tensor_scalar(data=e, op0=nl.add, operand0=m, op1=nl.multiply, operand1=3.0)\n"
    "    q = nl.add(s, nl.transpose(nl.load(w))[0:1, :].broadcast_to((128, 128))[:, 0:1])\n"
    "    u = nisa.affine_select(pred=(ip >= jf), on_true_tile=q, on_false_value=-2.5)\n"
    "    v = nl.add(u, nisa.iota(ip * 3 + jf, dtype=nl.int32), mask=(ip + jf < 300))\n"
    "    sq = nl.sum(nl.square(v, mask=(ip + jf < 300)), axis=[1], mask=(ip + jf < 300))\n"
    "    z = nisa.tensor_tensor_scan(data0=t, data1=s, initial=c, op0=nl.multiply, op1=nl.add)\n"
    "    nl.store(out, value=nl.multiply(z, sq), mask=(ip + jf < 300))\n"
    "    wt = nl.load(w)\n"
    "    mm = nisa.nc_matmul(nl.copy(wt, dtype=nl.bfloat16), nl.copy(wt[:, 0:128], dtype=nl.bfloat16))\n"
    "    nl.store(out2, value=nl.copy(mm, dtype=nl.bfloat16))\n"
    "    return out, out2\n";

static double small(int64_t i)
{
    return (double)(i % 29) / 64.0 - 0.2;
}

/* Runs mix once per path; the results agree bit for bit, init bytes too. */
static void test_fast_vs_general(void **state)
{
    (void)state;
    float *res[2][2] = {{NULL, NULL}, {NULL, NULL}};
    uint8_t *init[2][2] = {{NULL, NULL}, {NULL, NULL}};
    int64_t n[2] = {0, 0}, undef[2][2];
    for (int general = 0; general < 2; general++) {
        TRun r;
        trun_start(&r, mix_src, NULL, true);
        nki_data_general_only = general;
        Value *ret = tcall(&r, "mix", 3, input(&r, "x", DT_FLOAT32, 128, 256, small),
                           input(&r, "w", DT_FLOAT32, 128, 128, ramp2), input(&r, "col", DT_FLOAT32, 128, 1, small));
        nki_data_general_only = false;
        expect_clean(&r);
        for (int k = 0; k < 2; k++) {
            NkiData d = tdata(ret->u.seq.v[k]);
            Loc origin;
            n[k] = d.n;
            res[general][k] = malloc((size_t)d.n * sizeof(float));
            init[general][k] = malloc((size_t)d.n);
            memcpy(res[general][k], d.f32, (size_t)d.n * sizeof(float));
            for (int64_t i = 0; i < d.n; i++)
                init[general][k][i] = d.init ? d.init[i] : 1;
            undef[general][k] = nki_tensor_uninit(ret->u.seq.v[k], &origin);
        }
        trun_end(&r);
    }
    for (int k = 0; k < 2; k++) {
        assert_int_equal(undef[0][k], undef[1][k]);
        assert_memory_equal(init[0][k], init[1][k], (size_t)n[k]);
        for (int64_t i = 0; i < n[k]; i++)
            assert_true(memcmp(&res[0][k][i], &res[1][k][i], sizeof(float)) == 0 ||
                        (isnan(res[0][k][i]) && isnan(res[1][k][i])));
        free(res[0][k]);
        free(res[1][k]);
        free(init[0][k]);
        free(init[1][k]);
    }
    assert_true(undef[0][0] > 0);   /* the mask leaves part of out unwritten */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_masks),
        cmocka_unit_test(test_alignment),
        cmocka_unit_test(test_matmul_blas),
        cmocka_unit_test(test_matmul_accumulate),
        cmocka_unit_test(test_uninit),
        cmocka_unit_test(test_psum_accumulation_group),
        cmocka_unit_test(test_oob),
        cmocka_unit_test(test_flush_subnormals),
        cmocka_unit_test(test_reduce_order),
        cmocka_unit_test(test_matmul_input_rounding),
        cmocka_unit_test(test_matmul_fma_and_accumulator),
        cmocka_unit_test(test_uninit_fill_value),
        cmocka_unit_test(test_vector_precision),
        cmocka_unit_test(test_copies_not_made),
        cmocka_unit_test(test_int32_exact),
        cmocka_unit_test(test_fast_vs_general),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
