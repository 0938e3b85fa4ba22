/* test_nki.c - unit tests of the NKI model (src/nki) over a recording
 * concrete domain: shapes, buffers and dtypes of results, and that each
 * contract fires (or not) with its rule id, for both API generations. */
#include "test_nki_util.h"

/* ---- legacy API --------------------------------------------------------------- */

static const char *legacy_add =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def add(a, b):\n"
    "    c = nl.ndarray(a.shape, dtype=a.dtype, buffer=nl.shared_hbm)\n"
    "    ix = nl.program_id(0) * 128 + nl.arange(128)[:, None]\n"
    "    iy = nl.program_id(1) * 512 + nl.arange(512)[None, :]\n"
    "    t = nl.load(a[ix, iy]) + nl.load(b[ix, iy])\n"
    "    nl.store(c[ix, iy], value=t)\n"
    "    return c\n";

static void set_grid(TRun *r, int g0, int p0, int g1, int p1)
{
    r->ctx.grid_ndim = 2;
    r->ctx.grid[0] = v_int(&r->I, g0);
    r->ctx.grid[1] = v_int(&r->I, g1);
    r->ctx.program_ids[0] = v_int(&r->I, p0);
    r->ctx.program_ids[1] = v_int(&r->I, p1);
}

static void test_legacy_add_in_bounds(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, legacy_add, NULL, false);
    set_grid(&r, 2, 1, 2, 1);
    Value *out = tcall(&r, "add", 2, tin(&r, "a", DT_FLOAT16, 256, 1024, -1), tin(&r, "b", DT_FLOAT16, 256, 1024, -1));
    expect_clean(&r);
    expect_shape(&r, out, 2, 256, 1024);
    Value *w = nki_tensor_written(&r.I, out);
    assert_true(w && w->kind == V_BOOL && w->u.i.c);
    trun_end(&r);
}

static void test_legacy_add_out_of_bounds(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, legacy_add, NULL, false);
    set_grid(&r, 3, 2, 2, 1);      /* program 2 of 3 reads rows 256..383 of 256 */
    tcall(&r, "add", 2, tin(&r, "a", DT_FLOAT16, 256, 1024, -1), tin(&r, "b", DT_FLOAT16, 256, 1024, -1));
    expect_violation(&r, "bounds", "nl.load reads rows 256..383 of a, which has 256 rows");
    expect_violation(&r, "bounds", "nl.store writes rows 256..383 of c, which has 256 rows");
    trun_end(&r);
}

static const char *legacy_masked =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "import math\n"
    "\n"
    "@nki.jit\n"
    "def norm(x, masked):\n"
    "    out = nl.ndarray(x.shape, dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    ip = nl.arange(128)[:, None]\n"
    "    jf = nl.arange(x.shape[1])[None, :]\n"
    "    n = x.shape[0]\n"
    "    for i in nl.affine_range(math.ceil(n / 128)):\n"
    "        if masked:\n"
    "            t = nl.load(x[i * 128 + ip, jf], mask=(i * 128 + ip < n))\n"
    "            s = nl.sum(nl.square(t), axis=[1])\n"
    "            nl.store(out[i * 128 + ip, jf], value=t * s, mask=(i * 128 + ip < n))\n"
    "        else:\n"
    "            t = nl.load(x[i * 128 + ip, jf])\n"
    "            nl.store(out[i * 128 + ip, jf], value=t)\n"
    "    return out\n";

static void test_mask_filters_lanes(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, legacy_masked, NULL, false);
    tcall(&r, "norm", 2, tin(&r, "x", DT_FLOAT32, 200, 64, -1), v_true());
    expect_clean(&r);
    trun_end(&r);

    trun_start(&r, legacy_masked, NULL, false);
    tcall(&r, "norm", 2, tin(&r, "x", DT_FLOAT32, 200, 64, -1), v_false());
    expect_violation(&r, "bounds", "nl.load reads rows 128..255 of x, which has 200 rows (i=1)");
    trun_end(&r);
}

/* The ESBMC finding: the mask constrains the base lane i_h, while the
 * address is i_h + i_kh; a mask on the address would wrongly pass. */
static const char *mask_on_lane =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def k(x):\n"
    "    out = nl.ndarray((128, 8, 4), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    i_p, i_h, i_kh = nl.mgrid[0:128, 0:8, 0:4]\n"
    "    t = nl.load(x[i_p, i_h + i_kh], mask=(i_h < 8))\n"
    "    nl.store(out[i_p, i_h, i_kh], value=t)\n"
    "    return out\n";

static void test_mask_is_not_on_address(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, mask_on_lane, NULL, false);
    tcall(&r, "k", 1, tin(&r, "x", DT_FLOAT32, 128, 8, -1));
    /* i_h < 8 holds for every lane; i_h + i_kh reaches 10 */
    expect_violation(&r, "bounds", "nl.load reads columns 0..10 of x, which has 8 columns");
    trun_end(&r);
}

static const char *legacy_matmul =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.isa as nisa\n"
    "import neuronxcc.nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def mm(lhsT, rhs):\n"
    "    K, M = lhsT.shape\n"
    "    K2, N = rhs.shape\n"
    "    out = nl.ndarray((M, N), dtype=lhsT.dtype, buffer=nl.shared_hbm)\n"
    "    acc = nl.zeros((M, N), nl.float32, buffer=nl.psum)\n"
    "    for k in nl.affine_range(K // 128):\n"
    "        a = nl.load(lhsT[k * 128:(k + 1) * 128, :])\n"
    "        b = nl.load(rhs[k * 128:(k + 1) * 128, :])\n"
    "        acc += nisa.nc_matmul(a, b)\n"
    "    nl.store(out, value=nl.copy(acc, dtype=out.dtype))\n"
    "    return out\n"
    "\n"
    "@nki.jit\n"
    "def mm2(lhsT, rhs):\n"
    "    out = nl.ndarray((lhsT.shape[1], rhs.shape[1]), dtype=nl.float32, buffer=nl.shared_hbm)\n"
    "    a = nl.load(lhsT)\n"
    "    b = nl.load(rhs)\n"
    "    r = nl.matmul(a, b, transpose_x=True)\n"
    "    nl.store(out, value=nl.copy(r))\n"
    "    return out\n";

static void test_legacy_matmul(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, legacy_matmul, NULL, false);
    Value *out = tcall(&r, "mm", 2, tin(&r, "lhsT", DT_BFLOAT16, 256, 128, -1), tin(&r, "rhs", DT_BFLOAT16, 256, 512, -1));
    expect_clean(&r);
    expect_shape(&r, out, 2, 128, 512);
    trun_end(&r);

    trun_start(&r, legacy_matmul, NULL, false);
    tcall(&r, "mm", 2, tin(&r, "lhsT", DT_BFLOAT16, 128, 128, -1), tin(&r, "rhs", DT_BFLOAT16, 128, 1024, -1));
    expect_violation(&r, "matmul-moving-fmax",
                     "nisa.nc_matmul: moving tile has 1024 columns, more than 512 (gemm_moving_fmax on trn2)");
    expect_violation(&r, "psum-fmax", NULL);    /* the (128, 1024) fp32 PSUM accumulator */
    trun_end(&r);

    trun_start(&r, legacy_matmul, NULL, false);
    tcall(&r, "mm2", 2, tin(&r, "lhsT", DT_FLOAT32, 128, 256, -1), tin(&r, "rhs", DT_FLOAT32, 64, 512, -1));
    expect_violation(&r, "matmul-contraction", "x has contraction size 128 but y has 64 partitions");
    expect_violation(&r, "matmul-stationary-fmax", "256");
    expect_violation(&r, "partition-limit", "spans 256 partitions");
    trun_end(&r);
}

static const char *buffers =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.isa as nisa\n"
    "import neuronxcc.nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def k(x):\n"
    "    s = nl.load(x)\n"
    "    bad = nl.load(s)\n"
    "    p = nisa.nc_matmul(s, s)\n"
    "    q = nisa.nc_matmul(p, s)\n"
    "    e = nl.exp(x)\n"
    "    return x\n";

static void test_buffer_rules(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, buffers, NULL, false);
    tcall(&r, "k", 1, tin(&r, "x", DT_FLOAT32, 128, 128, -1));
    expect_violation(&r, "buffer", "nl.load: src must be in HBM, but the result of nl.load is in sbuf");
    expect_violation(&r, "buffer", "nisa.nc_matmul: stationary must be in SBUF, but the result of nisa.nc_matmul is in psum");
    expect_violation(&r, "buffer", "nl.exp: x must be in SBUF or PSUM, but 'x' is in hbm");
    trun_end(&r);
}

static const char *allocs =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def k(n):\n"
    "    a = nl.ndarray((256, 4), dtype=nl.float32, buffer=nl.sbuf)\n"
    "    b = nl.ndarray((n, 4), dtype=nl.float32)\n"
    "    c = nl.ndarray((4, nl.par_dim(128), 64), dtype=nl.float32, buffer=nl.sbuf)\n"
    "    d = nl.ndarray((4, nl.par_dim(129), 64), dtype=nl.float32, buffer=nl.sbuf)\n"
    "    e = nl.zeros((65536, 65536), dtype=nl.bfloat16, buffer=nl.shared_hbm)\n"
    "    return c\n";

static void test_allocation_rules(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, allocs, NULL, false);
    Value *c = tcall(&r, "k", 1, v_int(&r.I, 0));
    expect_violation(&r, "partition-limit", "the partition dimension of shape (256, 4) is 256");
    expect_violation(&r, "alloc-size", "dimension 0 of shape (0, 4) is 0");
    expect_violation(&r, "partition-limit", "the partition dimension of shape (4, 129, 64) is 129");
    expect_violation(&r, "int-range", "4294967296 elements");
    assert_int_equal(count_violations(&r, "partition-limit"), 2);
    expect_shape(&r, c, 3, 4, 128, 64);
    trun_end(&r);
}

/* legacy indexing: block dims, integer indices, par_dim, rank padding */
static const char *indexing =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "import neuronxcc.nki.isa as nisa\n"
    "\n"
    "@nki.jit\n"
    "def k(A, q):\n"
    "    blk = nl.ndarray((4, nl.par_dim(128), 512), dtype=nl.float32, buffer=nl.psum)\n"
    "    t1 = blk[2]\n"
    "    col = nl.ndarray((nl.par_dim(128), 8), dtype=nl.float32)\n"
    "    t2 = col[:, 3]\n"
    "    a_i = nl.load(A[0:128, 5])\n"
    "    s = nl.load(q)\n"
    "    t3 = s[0:128, 511]\n"
    "    r = nl.ndarray((nl.par_dim(128), 4, 1), dtype=nl.float32)\n"
    "    t4 = r[:, 2, :]\n"
    "    t5 = nl.exp(blk)\n"
    "    ds = s[:, nl.ds(256, 128)]\n"
    "    bad = s[:, nl.ds(448, 128)]\n"
    "    u = nl.exp(bad)\n"
    "    return (t1, t2, a_i, t3, t4, ds)\n";

static void test_indexing_shapes(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, indexing, NULL, false);
    Value *t = tcall(&r, "k", 2, tin(&r, "A", DT_FLOAT32, 256, 16, -1), tin(&r, "q", DT_FLOAT32, 128, 512, -1));
    assert_non_null(t);
    assert_int_equal(t->kind, V_TUPLE);
    expect_shape(&r, t->u.seq.v[0], 2, 128, 512);
    expect_shape(&r, t->u.seq.v[1], 2, 128, 1);
    expect_shape(&r, t->u.seq.v[2], 2, 128, 1);
    expect_shape(&r, t->u.seq.v[3], 2, 128, 1);
    expect_shape(&r, t->u.seq.v[4], 2, 128, 1);
    expect_shape(&r, t->u.seq.v[5], 2, 128, 128);
    expect_violation(&r, "tile", "is not a tile");
    expect_violation(&r, "bounds", "nl.exp reads columns 448..575 of the result of nl.load, which has 512 columns");
    trun_end(&r);
}

static const char *advanced =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "from neuronxcc.nki.typing import tensor\n"
    "\n"
    "@nki.jit\n"
    "def transpose2d(x, shape2D):\n"
    "    out = nl.ndarray(x.shape, dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    sz_p, _ = x.shape\n"
    "    t = nl.load(x)\n"
    "    f1, f2 = shape2D\n"
    "    i_p0 = nl.arange(sz_p)[:, None, None]\n"
    "    i_f1 = nl.arange(f1)[None, :, None]\n"
    "    i_f2 = nl.arange(f2)[None, None, :]\n"
    "    o = nl.ndarray(shape=(sz_p, f2 * f1), dtype=out.dtype)\n"
    "    o[i_p0, i_f2 * f1 + i_f1] = nl.copy(t[i_p0, i_f1 * f2 + i_f2])\n"
    "    nl.store(out, value=o)\n"
    "    return out\n"
    "\n"
    "@nki.jit\n"
    "def avgpool(x, pool):\n"
    "    c, h, w = x.shape\n"
    "    out = nl.ndarray((c, h // pool, w // pool), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    i0, i1, i2, i3, i4 = nl.mgrid[0:c, 0:h // pool, 0:pool, 0:w // pool, 0:pool]\n"
    "    t: tensor[c, h, w] = nl.load(x)\n"
    "    o = nl.sum(t[i0, pool * i1 + i2, pool * i3 + i4], axis=[2, 4]) / (pool * pool)\n"
    "    nl.store(out, value=o)\n"
    "    return o\n";

static void test_advanced_indexing(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, advanced, NULL, false);
    Value *shape2d = v_tuple(&r.I, 2);
    shape2d->u.seq.v[0] = v_int(&r.I, 3);
    shape2d->u.seq.v[1] = v_int(&r.I, 4);
    Value *out = tcall(&r, "transpose2d", 2, tin(&r, "x", DT_INT8, 5, 12, -1), shape2d);
    expect_clean(&r);
    expect_shape(&r, out, 2, 5, 12);
    trun_end(&r);

    trun_start(&r, advanced, NULL, false);
    Value *o = tcall(&r, "avgpool", 2, tin(&r, "x", DT_FLOAT16, 2, 6, 6, -1), v_int(&r.I, 2));
    expect_clean(&r);
    expect_shape(&r, o, 3, 2, 3, 3);
    trun_end(&r);
}

/* ---- Beta-2 API ----------------------------------------------------------------- */

static const char *g2_matmul =
    "import nki\n"
    "import nki.isa as nisa\n"
    "import nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def mm(lhsT, rhs):\n"
    "    K, M = lhsT.shape\n"
    "    _, N = rhs.shape\n"
    "    result = nl.ndarray((M, N), dtype=lhsT.dtype, buffer=nl.shared_hbm)\n"
    "    for m in nl.affine_range(M // 128):\n"
    "        for n in nl.affine_range(N // 512):\n"
    "            ps = nl.ndarray((128, 512), nl.float32, buffer=nl.psum)\n"
    "            for k in nl.affine_range(K // 128):\n"
    "                a = nl.ndarray((128, 128), dtype=lhsT.dtype, buffer=nl.sbuf)\n"
    "                b = nl.ndarray((128, 512), dtype=rhs.dtype, buffer=nl.sbuf)\n"
    "                nisa.dma_copy(dst=a, src=lhsT[k * 128:(k + 1) * 128, m * 128:(m + 1) * 128])\n"
    "                nisa.dma_copy(dst=b, src=rhs[k * 128:(k + 1) * 128, n * 512:(n + 1) * 512])\n"
    "                nisa.nc_matmul(dst=ps, stationary=a, moving=b)\n"
    "            sb = nl.ndarray(ps.shape, dtype=result.dtype, buffer=nl.sbuf)\n"
    "            nisa.tensor_copy(dst=sb, src=ps, dtype=result.dtype)\n"
    "            nisa.dma_copy(dst=result[m * 128:(m + 1) * 128, n * 512:(n + 1) * 512], src=sb)\n"
    "    return result\n"
    "\n"
    "@nki.jit\n"
    "def bad(lhsT, rhs):\n"
    "    a = nl.ndarray(lhsT.shape, dtype=lhsT.dtype, buffer=nl.sbuf)\n"
    "    b = nl.ndarray(rhs.shape, dtype=rhs.dtype, buffer=nl.sbuf)\n"
    "    nisa.dma_copy(dst=a, src=lhsT)\n"
    "    nisa.dma_copy(dst=b, src=rhs[0:64, :])\n"
    "    ps = nl.ndarray((64, 256), nl.bfloat16, buffer=nl.sbuf)\n"
    "    nisa.nc_matmul(ps, a, b)\n"
    "    out = nl.ndarray((64, 512), dtype=nl.float32, buffer=nl.shared_hbm)\n"
    "    return out\n";

static void test_g2_matmul(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, g2_matmul, NULL, false);
    Value *out = tcall(&r, "mm", 2, tin(&r, "lhsT", DT_BFLOAT16, 256, 256, -1), tin(&r, "rhs", DT_BFLOAT16, 256, 1024, -1));
    expect_clean(&r);
    expect_shape(&r, out, 2, 256, 1024);
    trun_end(&r);

    trun_start(&r, g2_matmul, NULL, false);
    out = tcall(&r, "bad", 2, tin(&r, "lhsT", DT_BFLOAT16, 128, 64, -1), tin(&r, "rhs", DT_BFLOAT16, 128, 512, -1));
    expect_violation(&r, "shape-mismatch", "has 65536 elements but src");
    expect_violation(&r, "buffer", "dst must be in PSUM, but 'ps' is in sbuf");
    expect_violation(&r, "matmul-dst", "has 256 elements per partition but the result has 512");
    expect_violation(&r, "matmul-dst", "dtype bfloat16");
    Value *w = nki_tensor_written(&r.I, out);
    assert_true(w && w->kind == V_BOOL && !w->u.i.c);   /* never written */
    trun_end(&r);
}

static const char *g2_ops =
    "import nki\n"
    "import nki.isa as nisa\n"
    "import nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def k(x, w):\n"
    "    rows, hidden = x.shape\n"
    "    out = nl.ndarray(x.shape, dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    wt = nl.ndarray((128, hidden), dtype=nl.float32, buffer=nl.sbuf)\n"
    "    nisa.dma_copy(dst=wt, src=w.ap(pattern=[[0, 128], [1, hidden]], offset=0))\n"
    "    for r in range(rows // 128):\n"
    "        xt = nl.ndarray((128, hidden), dtype=nl.float32, buffer=nl.sbuf)\n"
    "        nisa.dma_copy(dst=xt, src=x[r * 128:(r + 1) * 128, :])\n"
    "        sq = nl.ndarray((128, hidden), dtype=nl.float32, buffer=nl.sbuf)\n"
    "        ss = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)\n"
    "        nisa.activation(dst=sq, op=nl.square, data=xt, reduce_op=nl.add, reduce_res=ss,\n"
    "                        reduce_cmd=nisa.reduce_cmd.reset_reduce)\n"
    "        me = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)\n"
    "        nisa.tensor_scalar(dst=me, data=ss, op0=nl.multiply, operand0=1.0 / hidden, op1=nl.add, operand1=1e-6)\n"
    "        inv = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)\n"
    "        nisa.activation(dst=inv, op=nl.rsqrt, data=me)\n"
    "        nr = nl.ndarray((128, hidden), dtype=nl.float32, buffer=nl.sbuf)\n"
    "        nisa.tensor_scalar(dst=nr, data=xt, op0=nl.multiply, operand0=inv)\n"
    "        y = nl.ndarray((128, hidden), dtype=x.dtype, buffer=nl.sbuf)\n"
    "        nisa.tensor_tensor(dst=y, data1=nr, data2=wt, op=nl.multiply)\n"
    "        nisa.dma_copy(dst=out[r * 128:(r + 1) * 128, :], src=y)\n"
    "        tp = nl.ndarray((hidden, 128), dtype=x.dtype, buffer=nl.psum)\n"
    "        nisa.nc_transpose(dst=tp, data=y)\n"
    "        rd = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)\n"
    "        nisa.tensor_reduce(dst=rd, op=nl.max, data=xt, axis=1)\n"
    "        nisa.tensor_scalar(dst=nr, data=xt, op0=nl.multiply, operand0=xt)\n"
    "        nisa.memset(dst=rd, value=0.0)\n"
    "        x[0:128, :] = y\n"
    "    return out\n";

static void test_g2_ops(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, g2_ops, NULL, false);
    Value *out = tcall(&r, "k", 2, tin(&r, "x", DT_BFLOAT16, 256, 128, -1), tin(&r, "w", DT_FLOAT32, 1, 128, -1));
    expect_shape(&r, out, 2, 256, 128);
    expect_violation(&r, "shape-mismatch", "operand0 'xt' must be a (P, 1) column");
    expect_violation(&r, "immutable-input", "'x'[0:128, :] is a kernel argument");
    assert_int_equal(count_violations(&r, NULL), 2 * 2);   /* both, once per iteration */
    trun_end(&r);
}

/* ---- data (the concrete domain computes) ------------------------------------------- */

static void fill_input(Value *t, double (*f)(int64_t))
{
    tfill(t, f);
}

static double ramp(int64_t i)
{
    return (double)(i % 97) / 8.0;
}

static double ramp2(int64_t i)
{
    return (double)(i % 13) - 6.0;
}

static void test_data_add(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, legacy_add, NULL, true);
    set_grid(&r, 1, 0, 1, 0);
    Value *a = tin(&r, "a", DT_FLOAT32, 128, 512, -1), *b = tin(&r, "b", DT_FLOAT32, 128, 512, -1);
    fill_input(a, ramp);
    fill_input(b, ramp2);
    Value *out = tcall(&r, "add", 2, a, b);
    expect_clean(&r);
    for (int64_t i = 0; i < 128 * 512; i += 331)
        assert_true(tget(out, i) == ramp(i) + ramp2(i));
    trun_end(&r);
}

static void test_data_matmul(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, g2_matmul, NULL, true);
    Value *a = tin(&r, "lhsT", DT_FLOAT32, 256, 128, -1), *b = tin(&r, "rhs", DT_FLOAT32, 256, 512, -1);
    fill_input(a, ramp);
    fill_input(b, ramp2);
    Value *out = tcall(&r, "mm", 2, a, b);
    expect_clean(&r);
    for (int m = 0; m < 128; m += 17)
        for (int n = 0; n < 512; n += 61) {
            double s = 0;
            for (int k = 0; k < 256; k++)
                s += tget(a, k * 128 + m) * tget(b, k * 512 + n);
            assert_true(tget(out, m * 512 + n) == s);   /* small integers: exact */
        }
    trun_end(&r);
}

static void test_data_masked_norm(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, legacy_masked, NULL, true);
    Value *x = tin(&r, "x", DT_FLOAT32, 200, 64, -1);
    fill_input(x, ramp2);
    Value *out = tcall(&r, "norm", 2, x, v_true());
    expect_clean(&r);
    for (int row = 0; row < 200; row += 7) {
        double s = 0;
        for (int j = 0; j < 64; j++)
            s += ramp2(row * 64 + j) * ramp2(row * 64 + j);
        for (int j = 0; j < 64; j += 9)
            assert_true(tget(out, row * 64 + j) == (double)(float)(ramp2(row * 64 + j) * s));
    }
    trun_end(&r);
}

/* ---- modules, dtypes, unmodelled names ------------------------------------------- */

static const char *misc =
    "import numpy as np\n"
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "import neuronxcc.nki.isa as nisa\n"
    "\n"
    "@nki.jit\n"
    "def k(x):\n"
    "    assert nl.float32 == np.float32\n"
    "    assert x.dtype == nl.bfloat16\n"
    "    t = nl.load(x)\n"
    "    e = nisa.activation(np.exp, data=t, bias=None, scale=1.0)\n"
    "    m = nisa.tensor_reduce(np.max, data=e, axis=(1,), negate=True)\n"
    "    assert m.shape == (128, 1)\n"
    "    assert nl.tile_size.pmax == 128 and nl.tile_size.gemm_moving_fmax == 512\n"
    "    ident = nl.shared_constant(np.identity(128, dtype=np.int8), dtype=x.dtype)\n"
    "    i2 = nl.load(ident)\n"
    "    assert i2.dtype == nl.bfloat16\n"
    "    return m\n"
    "\n"
    "@nki.jit\n"
    "def u(x):\n"
    "    t = nl.load(x)\n"
    "    return nisa.max8(t)\n";

static void test_misc_and_unmodelled(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, misc, NULL, false);
    Value *m = tcall(&r, "k", 1, tin(&r, "x", DT_BFLOAT16, 128, 64, -1));
    expect_clean(&r);
    expect_shape(&r, m, 2, 128, 1);
    trun_end(&r);

    trun_start(&r, misc, NULL, false);
    Value *v = tcall(&r, "u", 1, tin(&r, "x", DT_BFLOAT16, 128, 64, -1));
    assert_null(v);
    assert_int_equal(r.I.unwind, UNWIND_ABORT);
    assert_non_null(strstr(r.I.abort_reason, "nki.isa.max8 is not modelled"));
    trun_end(&r);
}

/* a host function launching the kernel on a grid: with a concrete grid every
 * instance runs, all writing the one shared_hbm output */
static const char *launch_src =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def add(a, b):\n"
    "    c = nl.ndarray(a.shape, dtype=a.dtype, buffer=nl.shared_hbm)\n"
    "    ix = nl.program_id(0) * 128 + nl.arange(128)[:, None]\n"
    "    iy = nl.program_id(1) * 512 + nl.arange(512)[None, :]\n"
    "    nl.store(c[ix, iy], value=nl.load(a[ix, iy]) + nl.load(b[ix, iy]))\n"
    "    return c\n"
    "\n"
    "def host(a, b):\n"
    "    return add[a.shape[0] // 128, a.shape[1] // 512](a, b)\n";

static void test_grid_launch(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, launch_src, NULL, true);
    Value *a = tin(&r, "a", DT_FLOAT32, 256, 1024, -1), *b = tin(&r, "b", DT_FLOAT32, 256, 1024, -1);
    fill_input(a, ramp);
    fill_input(b, ramp2);
    Value *h = dict_get_str(&r.mod->u.module.globals, intern_cstr(&r.names, "host"));
    Value *args[2] = {a, b};
    CallArgs ca = {args, 2, NULL, NULL, 0};
    Loc loc = {0};
    Value *out = interp_call(&r.I, h, &ca, loc);
    expect_clean(&r);
    for (int64_t i = 0; i < 256 * 1024; i += 97)
        assert_true(tget(out, i) == ramp(i) + ramp2(i));
    assert_int_equal(r.ctx.hbm_outputs.n, 1);
    trun_end(&r);
}

static const char *rules_src =
    "import numpy as np\n"
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "import neuronxcc.nki.isa as nisa\n"
    "\n"
    "@nki.jit\n"
    "def k(x, w, case):\n"
    "    t = nl.load(x)\n"
    "    if case == 0:\n"
    "        s = nl.ndarray((128, 64), dtype=nl.float32)\n"
    "        nisa.dma_copy(s, x[:, 0:64])\n"
    "        nisa.dma_copy(dst=s, src=x[:, 0:32])\n"
    "    elif case == 1:\n"
    "        nisa.nc_transpose(t, engine=nisa.vector_engine)\n"
    "        nl.transpose(nl.load(w))\n"
    "    elif case == 2:\n"
    "        nisa.bn_stats(nl.load(w))\n"
    "        nl.sum(t, axis=0)\n"
    "    elif case == 3:\n"
    "        i_p = nl.arange(128)[:, None]\n"
    "        t[i_p, 0:4]\n"
    "        nisa.activation(op=nl.add, data=t)\n"
    "        nisa.tensor_scalar(t, np.subtract, 1.0, engine=nisa.scalar_engine)\n"
    "    elif case == 4:\n"
    "        i8 = nl.load(w, dtype=nl.int8)\n"
    "        nisa.nc_matmul(i8[:, 0:128], t[:, 0:128])\n"
    "        nisa.activation(op=nl.exp, data=t, scale=nl.load(x[:, 0:1], dtype=nl.bfloat16))\n"
    "        nisa.activation(op=nl.exp, data=t, bias=nl.load(x[:, 0:1], dtype=nl.int32))\n"
    "    elif case == 5:\n"
    "        t + nl.load(w)\n"
    "        t.reshape((128, 32))\n"
    "        nl.load(w).broadcast_to((128, 300))\n"
    "        out = nl.ndarray((64, 64), dtype=nl.float32, buffer=nl.shared_hbm)\n"
    "        nl.store(out, value=t)\n"
    "    elif case == 6:\n"
    "        ww = nl.load(w)\n"
    "        t2 = nl.ndarray((4, nl.par_dim(128), 64), dtype=nl.float32)\n"
    "        nisa.tensor_copy(t2)\n"
    "        p = nisa.nc_matmul(ww[:, 0:128], ww[:, 128:256])\n"
    "        nisa.tensor_tensor(p, p, op=nl.add)\n"
    "    return None\n";

static void run_rules(int which, void (*check)(TRun *r))
{
    TRun r;
    trun_start(&r, rules_src, NULL, false);
    tcall(&r, "k", 3, tin(&r, "x", DT_FLOAT32, 128, 64, -1), tin(&r, "w", DT_FLOAT32, 128, 600, -1),
          v_int(&r.I, which));
    check(&r);
    trun_end(&r);
}

static void rules0(TRun *r)
{
    /* SDK 2.21 positional dma_copy(src, dst) */
    expect_violation(r, "immutable-input", "'x'[:, 0:64] is a kernel argument");
    expect_violation(r, "shape-mismatch", "dst 's' has 8192 elements but src 'x'[:, 0:32] has 4096");
}

static void rules1(TRun *r)
{
    expect_violation(r, "transpose-size", "the Vector Engine transposes at most 32x32, but data has 128 partitions");
    expect_violation(r, "partition-limit", "spans 600 partitions");
}

static void rules2(TRun *r)
{
    expect_violation(r, "bn-stats-fmax", "600 elements per partition, more than bn_stats_fmax=512");
    expect_violation(r, "reduce-axis", "axis 0 is the partition axis");
}

static void rules3(TRun *r)
{
    expect_violation(r, "indexing", "mixes slices and index tiles");
    expect_violation(r, "op", "op=add is not an operator this instruction accepts");
    expect_violation(r, "op", "the Scalar Engine computes only multiply and add, not subtract");
}

static void rules4(TRun *r)
{
    expect_violation(r, "dtype", "stationary has dtype int8");
    expect_violation(r, "dtype", "scale has dtype bfloat16");
    expect_violation(r, "dtype", "bias has dtype int32");
}

static void rules5(TRun *r)
{
    expect_violation(r, "shape-mismatch", "operands of shapes (128, 64) and (128, 600) do not broadcast");
    expect_violation(r, "shape-mismatch", "the new shape has 4096 elements but the result of nl.load has 8192");
    expect_violation(r, "shape-mismatch", "dimension 1 of the result of nl.load is 600");
    expect_violation(r, "shape-mismatch", "value of shape (128, 64) does not match destination 'out' of shape (64, 64)");
}

static void rules6(TRun *r)
{
    expect_violation(r, "tile", "'t2' is not a tile");
    expect_violation(r, "buffer", "data1 and data2 are both in PSUM");
}

static void test_more_rules(void **state)
{
    (void)state;
    run_rules(0, rules0);
    run_rules(1, rules1);
    run_rules(2, rules2);
    run_rules(3, rules3);
    run_rules(4, rules4);
    run_rules(5, rules5);
    run_rules(6, rules6);
}

static const char *g2_rules_src =
    "import nki\n"
    "import nki.isa as nisa\n"
    "import nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def k(x, case):\n"
    "    s = nl.ndarray((128, 64), dtype=nl.bfloat16, buffer=nl.sbuf)\n"
    "    nisa.dma_copy(dst=s, src=x)\n"
    "    if case == 0:\n"
    "        v = x.ap(pattern=[[64, 128], [1, 64]], offset=64)\n"
    "        nisa.dma_copy(dst=s, src=v)\n"
    "        s.ap(pattern=[[32, 128], [1, 64]], offset=0)\n"
    "    elif case == 1:\n"
    "        tp = nl.ndarray((64, 128), dtype=nl.float32, buffer=nl.psum)\n"
    "        nisa.nc_transpose(dst=tp, data=s)\n"
    "        f = nl.ndarray((128, 64), dtype=nl.float32, buffer=nl.sbuf)\n"
    "        ps = nl.ndarray((64, 64), dtype=nl.float32, buffer=nl.psum)\n"
    "        nisa.nc_matmul(ps, f, s)\n"
    "    elif case == 2:\n"
    "        d = nl.ndarray((128, 64), dtype=nl.uint8, buffer=nl.sbuf)\n"
    "        sc = nl.ndarray((128, 64), dtype=nl.uint8, buffer=nl.sbuf)\n"
    "        nisa.quantize_mx(dst=d, src=s, dst_scale=sc)\n"
    "    return None\n";

static void test_g2_rules(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, g2_rules_src, NULL, false);
    tcall(&r, "k", 2, tin(&r, "x", DT_BFLOAT16, 128, 64, -1), v_int(&r.I, 0));
    expect_violation(&r, "bounds", "nisa.dma_copy reads elements 64..8255 of the storage of x, which has 8192 elements");
    expect_violation(&r, "access-pattern", "must step by its free size 64, not 32");
    trun_end(&r);

    trun_start(&r, g2_rules_src, NULL, false);
    tcall(&r, "k", 2, tin(&r, "x", DT_BFLOAT16, 128, 64, -1), v_int(&r.I, 1));
    expect_violation(&r, "dtype", "dst has dtype float32 but data has bfloat16");
    expect_violation(&r, "dtype", "float32/tfloat32 operands pair only with float32/tfloat32");
    trun_end(&r);

    trun_start(&r, g2_rules_src, "trn2", false);
    tcall(&r, "k", 2, tin(&r, "x", DT_BFLOAT16, 128, 64, -1), v_int(&r.I, 2));
    expect_violation(&r, "target", "quantize_mx needs NeuronCore-v4 (trn3), not trn2");
    trun_end(&r);

    trun_start(&r, g2_rules_src, "trn3", false);
    tcall(&r, "k", 2, tin(&r, "x", DT_BFLOAT16, 128, 64, -1), v_int(&r.I, 2));
    expect_violation(&r, "dtype", "dst has dtype uint8; quantize_mx writes");
    expect_violation(&r, "shape-mismatch", "dst has 64 elements per partition; src's 64 values pack into 16");
    assert_int_equal(count_violations(&r, "target"), 0);
    trun_end(&r);
}

static const char *select_src =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "import neuronxcc.nki.isa as nisa\n"
    "\n"
    "@nki.jit\n"
    "def k(x):\n"
    "    out = nl.ndarray((128, 128), dtype=nl.float32, buffer=nl.shared_hbm)\n"
    "    ip = nl.arange(128)[:, None]\n"
    "    jf = nl.arange(128)[None, :]\n"
    "    t = nl.load(x)\n"
    "    s = nisa.affine_select(pred=(ip >= jf), on_true_tile=t, on_false_value=-1.0)\n"
    "    io = nisa.iota(ip * 1000 + jf, dtype=nl.int32)\n"
    "    nl.store(out, value=s + io)\n"
    "    return out\n";

static void test_select_iota_data(void **state)
{
    (void)state;
    TRun r;
    trun_start(&r, select_src, NULL, true);
    Value *x = tin(&r, "x", DT_FLOAT32, 128, 128, -1);
    fill_input(x, ramp2);
    Value *out = tcall(&r, "k", 1, x);
    expect_clean(&r);
    for (int p = 0; p < 128; p += 5)
        for (int f = 0; f < 128; f += 7) {
            double want = (p >= f ? ramp2(p * 128 + f) : -1.0) + p * 1000 + f;
            assert_true(tget(out, p * 128 + f) == want);
        }
    trun_end(&r);
}

static void test_targets(void **state)
{
    (void)state;
    assert_string_equal(nki_target_default()->name, "trn2");
    assert_int_equal(nki_target_find("gen4")->nc_version, 4);
    assert_int_equal(nki_target_find("trn1")->sbuf_partition_bytes, 192 * 1024);
    assert_null(nki_target_find("trn9"));
    NkiDtype d;
    assert_true(nki_dtype_parse("bfloat16", &d) && d == DT_BFLOAT16);
    assert_int_equal(nki_dtype_promote(DT_FLOAT16, DT_BFLOAT16), DT_FLOAT32);
    assert_int_equal(nki_dtype_promote(DT_INT8, DT_UINT8), DT_INT16);
    assert_int_equal(nki_dtype_promote(DT_INT32, DT_UINT32), DT_FLOAT32);
    assert_int_equal(nki_dtype_promote(DT_FLOAT8_E4M3, DT_FLOAT8_E5M2), DT_BFLOAT16);
    assert_true(nki_dtype_round(DT_BFLOAT16, 1.0 + 1.0 / 512) == 1.0);
    assert_true(nki_dtype_round(DT_FLOAT16, 65520.0) > 1e300);
    assert_true(nki_dtype_round(DT_INT8, 300) == 127);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_legacy_add_in_bounds),
        cmocka_unit_test(test_legacy_add_out_of_bounds),
        cmocka_unit_test(test_mask_filters_lanes),
        cmocka_unit_test(test_mask_is_not_on_address),
        cmocka_unit_test(test_legacy_matmul),
        cmocka_unit_test(test_buffer_rules),
        cmocka_unit_test(test_allocation_rules),
        cmocka_unit_test(test_indexing_shapes),
        cmocka_unit_test(test_advanced_indexing),
        cmocka_unit_test(test_g2_matmul),
        cmocka_unit_test(test_g2_ops),
        cmocka_unit_test(test_data_add),
        cmocka_unit_test(test_data_matmul),
        cmocka_unit_test(test_data_masked_norm),
        cmocka_unit_test(test_misc_and_unmodelled),
        cmocka_unit_test(test_grid_launch),
        cmocka_unit_test(test_more_rules),
        cmocka_unit_test(test_g2_rules),
        cmocka_unit_test(test_select_iota_data),
        cmocka_unit_test(test_targets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
