/* test_nki_corpus.c - smoke tests: every kernel of the NKI samples corpus
 * (../shared/corpus/nki-samples, read by path) runs through the model with
 * concrete shapes of the kind its tutorial uses, and keeps every contract;
 * a few run with data and are compared against a reference.  Skipped when
 * the corpus is not there. */
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "test_nki_util.h"

static char corpus_root[1024];

static bool find_corpus(void)
{
    /* tests/unit/test_nki_corpus.c -> <repo>/../shared/corpus/nki-samples */
    const char *f = __FILE__;
    const char *end = strstr(f, "/tests/unit/");
    struct stat st;
    if (!end)
        return false;
    snprintf(corpus_root, sizeof corpus_root, "%.*s/../shared/corpus/nki-samples", (int)(end - f), f);
    return stat(corpus_root, &st) == 0;
}

typedef struct Arg {
    const char *name;        /* tensor name; NULL: a scalar (value) */
    NkiDtype dt;
    int dims[6];             /* 0-terminated */
    double value;            /* scalars: an int when integral */
    int kind;                /* 0 tensor, 1 int, 2 float, 3 bool, 4 dtype, 5 tuple of dims */
} Arg;

typedef struct Case {
    const char *file;        /* below the corpus root */
    const char *kernel;
    const char *target;
    int grid[2];             /* 0: no grid */
    Arg args[6];
} Case;

#define T(n, d, ...) {n, d, {__VA_ARGS__, 0}, 0, 0}
#define I_(v) {NULL, DT_INT32, {0}, v, 1}
#define F_(v) {NULL, DT_FLOAT32, {0}, v, 2}
#define B_(v) {NULL, DT_INT32, {0}, v, 3}
#define D_(d) {NULL, d, {0}, 0, 4}
#define TUP(...) {NULL, DT_INT32, {__VA_ARGS__, 0}, 0, 5}

static const Case cases[] = {
    {"head/tensor_addition/tensor_addition_nki_kernels.py", "nki_tensor_add_kernel_", NULL, {2, 2},
     {T("a", DT_FLOAT16, 256, 1024), T("b", DT_FLOAT16, 256, 1024)}},
    {"head/tensor_addition/spmd_tensor_addition_nki_kernels.py", "nki_tensor_add_kernel_", NULL, {2, 2},
     {T("a", DT_FLOAT16, 256, 1024), T("b", DT_FLOAT16, 256, 1024)}},
    {"head/transpose2d/transpose2d_nki_kernels.py", "tensor_transpose2D_kernel_", NULL, {0},
     {T("in_tensor", DT_INT8, 5, 12), TUP(3, 4)}},
    {"head/average_pool2d/average_pool2d_nki_kernels.py", "tensor_avgpool_kernel", NULL, {0},
     {T("in_tensor", DT_FLOAT16, 2, 6, 6), I_(2)}},
    {"head/matrix_multiplication/matrix_multiplication_nki_kernels.py", "nki_matmul_basic_", NULL, {0},
     {T("lhsT", DT_BFLOAT16, 128, 64), T("rhs", DT_BFLOAT16, 128, 512)}},
    {"head/matrix_multiplication/matrix_multiplication_nki_kernels.py", "nki_matmul_tiled_", NULL, {0},
     {T("lhsT", DT_BFLOAT16, 256, 256), T("rhs", DT_BFLOAT16, 256, 1024)}},
    {"head/matrix_multiplication/matrix_multiplication_nki_kernels.py", "nki_matmul_hoist_load_", NULL, {0},
     {T("lhsT", DT_BFLOAT16, 256, 256), T("rhs", DT_BFLOAT16, 256, 1024)}},
    {"head/matrix_multiplication/matrix_multiplication_nki_kernels.py", "nki_matmul_block_free_dimension_", NULL,
     {0}, {T("lhsT", DT_BFLOAT16, 256, 512), T("rhs", DT_BFLOAT16, 256, 2048)}},
    {"head/matrix_multiplication/matrix_multiplication_nki_kernels.py", "nki_matmul_fully_optimized_", NULL, {0},
     {T("lhsT", DT_BFLOAT16, 1024, 2048), T("rhs", DT_BFLOAT16, 1024, 1024)}},
    {"legacy-b2be1a5/matrix_multiplication/matrix_multiplication_nki_kernels.py", "nki_matmul_basic_", NULL, {0},
     {T("lhsT", DT_BFLOAT16, 128, 64), T("rhs", DT_BFLOAT16, 128, 512)}},
    {"legacy-b2be1a5/matrix_multiplication/matrix_multiplication_nki_kernels.py", "nki_matmul_tiled_", NULL, {0},
     {T("lhsT", DT_BFLOAT16, 256, 256), T("rhs", DT_BFLOAT16, 256, 1024)}},
    {"legacy-b2be1a5/matrix_multiplication/matrix_multiplication_nki_kernels.py", "nki_matmul_hoist_load_", NULL,
     {0}, {T("lhsT", DT_BFLOAT16, 256, 256), T("rhs", DT_BFLOAT16, 256, 1024)}},
    {"legacy-b2be1a5/matrix_multiplication/matrix_multiplication_nki_kernels.py",
     "nki_matmul_block_free_dimension_", NULL, {0},
     {T("lhsT", DT_BFLOAT16, 256, 512), T("rhs", DT_BFLOAT16, 256, 2048)}},
    {"legacy-b2be1a5/matrix_multiplication/matrix_multiplication_nki_kernels.py", "nki_matmul_fully_optimized_",
     NULL, {0}, {T("lhsT", DT_BFLOAT16, 1024, 2048), T("rhs", DT_BFLOAT16, 1024, 1024)}},
    {"head/fused_mamba/mamba_nki_kernels.py", "mamba_v1", NULL, {0},
     {T("delta", DT_FLOAT32, 1, 256, 1024), T("u", DT_FLOAT32, 1, 256, 1024), T("A", DT_FLOAT32, 256, 4),
      T("B", DT_FLOAT32, 1, 4, 1024), T("C", DT_FLOAT32, 1, 4, 1024)}},
    {"head/fused_mamba/mamba_nki_kernels.py", "mamba_v2", NULL, {0},
     {T("delta", DT_FLOAT32, 1, 256, 1024), T("u", DT_FLOAT32, 1, 256, 1024), T("A", DT_FLOAT32, 256, 4),
      T("B", DT_FLOAT32, 1, 4, 1024), T("C", DT_FLOAT32, 1, 4, 1024)}},
    {"head/fused_mamba/mamba_nki_kernels.py", "mamba_v3", NULL, {0},
     {T("delta", DT_FLOAT32, 1, 256, 1024), T("u", DT_FLOAT32, 1, 256, 1024), T("A", DT_FLOAT32, 256, 4),
      T("B", DT_FLOAT32, 1, 4, 1024), T("C", DT_FLOAT32, 1, 4, 1024)}},
    {"sdk-2.21/layernorm/layernorm_nki_kernel.py", "nki_layernorm_kernel_v1", NULL, {0},
     {T("input_tensor", DT_FLOAT32, 300, 1000), F_(1e-5), T("gamma_vector", DT_FLOAT32, 1000),
      T("beta_vector", DT_FLOAT32, 1000)}},
    {"sdk-2.21/layernorm/layernorm_nki_kernel.py", "nki_layernorm_kernel_v2", NULL, {0},
     {T("input_tensor", DT_FLOAT32, 300, 1000), F_(1e-5), T("gamma_vector", DT_FLOAT32, 1000),
      T("beta_vector", DT_FLOAT32, 1000)}},
    {"sdk-2.21/rmsnorm/rmsnorm_nki_kernels.py", "nki_rmsnorm_kernel", NULL, {0},
     {T("a_tensor", DT_FLOAT32, 300, 512), T("g_tensor", DT_FLOAT32, 512)}},
    {"sdk-2.21/sd_attention/sd_attention_nki_kernels.py", "fused_self_attn_for_SD_small_head_size", NULL, {0},
     {T("q_ref", DT_FLOAT32, 512, 64), T("k_ref", DT_FLOAT32, 512, 64), T("v_ref", DT_FLOAT32, 512, 64), B_(1)}},
    {"sdk-2.21/sd_attention/sd_attention_nki_kernels.py", "fused_self_attn_for_SD_small_head_size", NULL, {0},
     {T("q_ref", DT_FLOAT32, 512, 64), T("k_ref", DT_FLOAT32, 512, 64), T("v_ref", DT_FLOAT32, 512, 64), B_(0)}},
#define ATTN(v, s)                                                                                     \
    {"head/attention_fwd_performance/attention_kernels.py", v, NULL, {0},                               \
     {T("q", DT_FLOAT32, 128, s), T("k", DT_FLOAT32, 128, s), T("v", DT_FLOAT32, 128, s)}}
    ATTN("attn_fwd_v1", 128), ATTN("attn_fwd_v2", 128), ATTN("attn_fwd_v3", 1024), ATTN("attn_fwd_v4", 1024),
    ATTN("attn_fwd_v5", 1024), ATTN("attn_fwd_v6", 1024), ATTN("attn_fwd_v7", 1024), ATTN("attn_fwd_v8", 1024),
    ATTN("attn_fwd_v8a", 1024), ATTN("attn_fwd_v9", 1024), ATTN("attn_fwd_v10", 1024),
    ATTN("attn_fwd_v11", 1024),
    {"head/mxfp-matmul/mx_kernels.py", "kernel_offline_quantized_mx_matmul", "trn3", {0},
     {T("stationary_mx_data", DT_UINT32, 128, 128), T("stationary_mx_scale", DT_UINT8, 16, 128),
      T("moving_mx_data", DT_UINT32, 128, 512), T("moving_mx_scale", DT_UINT8, 16, 512),
      D_(DT_FLOAT8_E5M2_X4)}},
    {"head/mxfp-matmul/mx_kernels.py", "kernel_on_device_quantize_matmul_mx", "trn3", {0},
     {T("stationary_mx_data", DT_UINT32, 128, 128), T("stationary_mx_scale", DT_UINT8, 16, 128),
      T("moving_data_bf16", DT_BFLOAT16, 128, 2048), D_(DT_FLOAT8_E5M2_X4), D_(DT_FLOAT8_E5M2_X4)}},
    {"head/mxfp-matmul/mx_kernels.py", "kernel_copy_strided_quantize_matmul_mx", "trn3", {0},
     {T("stationary_hbm", DT_BFLOAT16, 512, 128), T("moving_hbm", DT_BFLOAT16, 512, 512),
      D_(DT_FLOAT8_E5M2_X4), B_(1)}},
    {"head/mxfp-matmul/mx_kernels.py", "kernel_copy_strided_quantize_matmul_mx", "trn3", {0},
     {T("stationary_hbm", DT_BFLOAT16, 512, 128), T("moving_hbm", DT_BFLOAT16, 512, 512),
      D_(DT_FLOAT8_E5M2_X4), B_(0)}},
};

static Value *make_arg(TRun *r, const Arg *a)
{
    Interp *I = &r->I;
    switch (a->kind) {
    case 1: return v_int(I, (int64_t)a->value);
    case 2: return v_float(I, a->value);
    case 3: return a->value != 0 ? v_true() : v_false();
    case 4: return nki_dtype_value(I, a->dt);
    case 5: {
        int n = 0;
        while (a->dims[n])
            n++;
        Value *t = v_tuple(I, n);
        for (int i = 0; i < n; i++)
            t->u.seq.v[i] = v_int(I, a->dims[i]);
        return t;
    }
    default: {
        Value *dims[6];
        int n = 0;
        while (a->dims[n]) {
            dims[n] = v_int(I, a->dims[n]);
            n++;
        }
        return nki_input_tensor(I, &r->ctx, a->name, dims, n, nki_dtype_value(I, a->dt));
    }
    }
}

static void run_case(const Case *c, int p0, int p1)
{
    char path[1400], dir[1400], modname[256];
    snprintf(path, sizeof path, "%s/%s", corpus_root, c->file);
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = 0;
    const char *base = strrchr(path, '/') + 1;
    snprintf(modname, sizeof modname, "%.*s", (int)(strlen(base) - 3), base);

    TRun r;
    memset(&r, 0, sizeof r);
    arena_init(&r.arena);
    interner_init(&r.names);
    source_cache_init(&r.cache, &r.names);
    diag_init(&r.diags);
    interp_init(&r.I, &r.arena, &r.cache, &r.diags, &td_ops, &r.dom);
    nki_ctx_init(&r.ctx, c->target ? nki_target_find(c->target) : NULL);
    r.I.native_module = nki_native_module;
    r.I.native_ctx = &r.ctx;
    interp_add_search_path(&r.I, dir);
    r.mod = interp_run_file(&r.I, path, modname, false);
    if (!r.mod) {
        fprintf(stderr, "%s: the module did not load\n", c->file);
        trun_dump(&r);
        fail();
    }
    if (c->grid[0]) {
        r.ctx.grid_ndim = 2;
        r.ctx.grid[0] = v_int(&r.I, c->grid[0]);
        r.ctx.grid[1] = v_int(&r.I, c->grid[1]);
        r.ctx.program_ids[0] = v_int(&r.I, p0);
        r.ctx.program_ids[1] = v_int(&r.I, p1);
    }
    Value *k = dict_get_str(&r.mod->u.module.globals, intern_cstr(&r.names, c->kernel));
    assert_non_null(k);
    Value *fn = nki_kernel_function(k);
    assert_non_null(fn);
    Value *args[6];
    int n = 0;
    for (; n < 6 && (c->args[n].name || c->args[n].kind); n++)
        args[n] = make_arg(&r, &c->args[n]);
    CallArgs ca = {args, n, NULL, NULL, 0};
    Loc loc = {0};
    Value *ret = interp_call(&r.I, fn, &ca, loc);
    bool bad = !ret || r.I.unwind != UNWIND_NONE;
    for (int i = 0; i < r.dom.n; i++)
        if (r.dom.recs[i].verdict != TRI_TRUE)
            bad = true;
    if (ret && nki_is_tensor(ret)) {
        Value *w = nki_tensor_written(&r.I, ret);
        if (!w || w->kind != V_BOOL || !w->u.i.c) {
            fprintf(stderr, "%s: the output is not written\n", c->kernel);
            bad = true;
        }
    }
    if (bad) {
        fprintf(stderr, "%s %s (program %d, %d):\n", c->file, c->kernel, p0, p1);
        trun_dump(&r);
    } else if (getenv("KCV_TEST_VERBOSE")) {
        fprintf(stderr, "%-40s %s: %d obligations kept\n", c->kernel, c->file, r.dom.n);
    }
    trun_end(&r);
    if (bad)
        fail();
}

static void test_corpus(void **state)
{
    (void)state;
    if (!find_corpus()) {
        fprintf(stderr, "corpus not found; skipped\n");
        skip();
    }
    for (size_t i = 0; i < KCV_ARRAY_LEN(cases); i++) {
        const Case *c = &cases[i];
        if (c->grid[0]) {
            for (int p0 = 0; p0 < c->grid[0]; p0++)
                for (int p1 = 0; p1 < c->grid[1]; p1++)
                    run_case(c, p0, p1);
        } else {
            run_case(c, 0, 0);
        }
    }
}

/* ---- data: kernels computed by the model against references in C ---------------- */

static uint64_t rng_state;

static double rnd(void)   /* deterministic, in [-1, 1) */
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) / (double)(1ULL << 53) * 2.0 - 1.0;
}

/* the inputs of the data case running, as doubles, for the references */
static struct {
    Value *t;
    double *d;
} dats[8];
static int ndats;

static double *dat(Value *t)
{
    for (int i = 0; i < ndats; i++)
        if (dats[i].t == t)
            return dats[i].d;
    fail();
    return NULL;
}

static void fill_rand(Value *t, double scale, double offset)
{
    NkiData d = tdata(t);
    double *c = malloc((size_t)(d.n ? d.n : 1) * sizeof(double));
    for (int64_t i = 0; i < d.n; i++) {
        c[i] = nki_dtype_round((NkiDtype)d.dtype, rnd() * scale + offset);
        if (d.f32)
            d.f32[i] = (float)c[i];
        else
            d.f64[i] = c[i];
    }
    assert_true(ndats < 8);
    dats[ndats].t = t;
    dats[ndats++].d = c;
}

typedef void (*RefFn)(Value **args, double *out);

typedef struct DataCase {
    const char *file, *kernel, *target;
    Arg args[6];
    double lo, scale;        /* inputs: uniform in [lo - scale, lo + scale) */
    RefFn ref;
    double tol;              /* max |out - ref| allowed, relative to max |ref| */
} DataCase;


static int64_t dim(Value *t, int k)
{
    Value **d;
    nki_tensor_shape(t, &d);
    return d[k]->u.i.c;
}

/* lhsT[K, M], rhs[K, N] -> out[M, N] */
static void ref_matmul(Value **a, double *out)
{
    int64_t K = dim(a[0], 0), M = dim(a[0], 1), N = dim(a[1], 1);
    const double *x = dat(a[0]), *y = dat(a[1]);
    for (int64_t m = 0; m < M; m++)
        for (int64_t n = 0; n < N; n++) {
            double s = 0;
            for (int64_t k = 0; k < K; k++)
                s += x[k * M + m] * y[k * N + n];
            out[m * N + n] = s;
        }
}

static void ref_add(Value **a, double *out)
{
    int64_t n = nki_tensor_of(a[0])->st->ndata;
    for (int64_t i = 0; i < n; i++)
        out[i] = dat(a[0])[i] + dat(a[1])[i];
}

/* (P, X*Y) rows of XxY matrices, transposed to YxX (shape2D (3, 4)) */
static void ref_transpose2d(Value **a, double *out)
{
    int64_t P = dim(a[0], 0), X = 3, Y = 4;
    for (int64_t p = 0; p < P; p++)
        for (int64_t x = 0; x < X; x++)
            for (int64_t y = 0; y < Y; y++)
                out[p * X * Y + y * X + x] = dat(a[0])[p * X * Y + x * Y + y];
}

static void ref_avgpool(Value **a, double *out)
{
    int64_t C = dim(a[0], 0), H = dim(a[0], 1), W = dim(a[0], 2), k = 2;
    for (int64_t c = 0; c < C; c++)
        for (int64_t i = 0; i < H / k; i++)
            for (int64_t j = 0; j < W / k; j++) {
                double s = 0;
                for (int64_t u = 0; u < k; u++)
                    for (int64_t v = 0; v < k; v++)
                        s += dat(a[0])[(c * H + i * k + u) * W + j * k + v];
                out[(c * (H / k) + i) * (W / k) + j] = s / (double)(k * k);
            }
}

static void ref_rmsnorm(Value **a, double *out)
{
    int64_t R = dim(a[0], 0), C = dim(a[0], 1);
    for (int64_t r = 0; r < R; r++) {
        double s = 0;
        for (int64_t c = 0; c < C; c++)
            s += dat(a[0])[r * C + c] * dat(a[0])[r * C + c];
        double inv = 1.0 / sqrt(s / (double)C);
        for (int64_t c = 0; c < C; c++)
            out[r * C + c] = dat(a[0])[r * C + c] * inv * dat(a[1])[c];
    }
}

static void ref_layernorm(Value **a, double *out)
{
    int64_t R = dim(a[0], 0), C = dim(a[0], 1);
    double eps = 1e-5;
    for (int64_t r = 0; r < R; r++) {
        double m = 0, v = 0;
        for (int64_t c = 0; c < C; c++)
            m += dat(a[0])[r * C + c];
        m /= (double)C;
        for (int64_t c = 0; c < C; c++)
            v += (dat(a[0])[r * C + c] - m) * (dat(a[0])[r * C + c] - m);
        v /= (double)C;
        for (int64_t c = 0; c < C; c++)
            out[r * C + c] = (dat(a[0])[r * C + c] - m) / sqrt(v + eps) * dat(a[2])[c] + dat(a[3])[c];
    }
}

/* mamba: out[b, c, t] = sum_s C[b, s, t] * h_s[t],
 * h_s[t] = exp(delta[b,c,t] * A[c,s]) * h_s[t-1] + delta[b,c,t] * u[b,c,t] * B[b,s,t] */
static void ref_mamba(Value **a, double *out)
{
    int64_t Bt = dim(a[0], 0), Ch = dim(a[0], 1), T = dim(a[0], 2), S = dim(a[2], 1);
    const double *delta = dat(a[0]), *u = dat(a[1]), *A = dat(a[2]), *B = dat(a[3]), *Cm = dat(a[4]);
    for (int64_t b = 0; b < Bt; b++)
        for (int64_t c = 0; c < Ch; c++) {
            for (int64_t t = 0; t < T; t++)
                out[(b * Ch + c) * T + t] = 0;
            for (int64_t s = 0; s < S; s++) {
                double h = 0;
                for (int64_t t = 0; t < T; t++) {
                    double d = delta[(b * Ch + c) * T + t];
                    h = exp(d * A[c * S + s]) * h + d * u[(b * Ch + c) * T + t] * B[(b * S + s) * T + t];
                    out[(b * Ch + c) * T + t] += Cm[(b * S + s) * T + t] * h;
                }
            }
        }
}

/* attention: q, k, v (d, s): out (s, d) = softmax(q^T k) v^T */
static void ref_attention(Value **a, double *out)
{
    int64_t D = dim(a[0], 0), S = dim(a[0], 1);
    const double *q = dat(a[0]), *k = dat(a[1]), *v = dat(a[2]);
    double *row = malloc((size_t)S * sizeof(double));
    for (int64_t i = 0; i < S; i++) {
        double mx = -1e300, sum = 0;
        for (int64_t j = 0; j < S; j++) {
            double t = 0;
            for (int64_t d = 0; d < D; d++)
                t += q[d * S + i] * k[d * S + j];
            row[j] = t;
            if (t > mx)
                mx = t;
        }
        for (int64_t j = 0; j < S; j++) {
            row[j] = exp(row[j] - mx);
            sum += row[j];
        }
        for (int64_t d = 0; d < D; d++) {
            double t = 0;
            for (int64_t j = 0; j < S; j++)
                t += row[j] / sum * v[d * S + j];
            out[i * D + d] = t;
        }
    }
    free(row);
}

/* SD attention: q, k, v (s, d): out = softmax(0.125 q k^T) v (causal when masked) */
static void ref_sd_attention(Value **a, double *out)
{
    int64_t S = dim(a[0], 0), D = dim(a[0], 1);
    bool causal = a[3] == v_true();
    const double *q = dat(a[0]), *k = dat(a[1]), *v = dat(a[2]);
    double *row = malloc((size_t)S * sizeof(double));
    for (int64_t i = 0; i < S; i++) {
        double mx = -1e300, sum = 0;
        for (int64_t j = 0; j < S; j++) {
            double t = 0;
            for (int64_t d = 0; d < D; d++)
                t += q[i * D + d] * 0.125 * k[j * D + d];
            if (causal && j > i)
                t = -9984.0;
            row[j] = t;
            if (t > mx)
                mx = t;
        }
        for (int64_t j = 0; j < S; j++) {
            row[j] = exp(row[j] - mx);
            sum += row[j];
        }
        for (int64_t d = 0; d < D; d++) {
            double t = 0;
            for (int64_t j = 0; j < S; j++)
                t += row[j] / sum * v[j * D + d];
            out[i * D + d] = t;
        }
    }
    free(row);
}

#define MM(f, kn, K, M, N) {f, kn, NULL, {T("lhsT", DT_FLOAT32, K, M), T("rhs", DT_FLOAT32, K, N)}, 0, 1, ref_matmul, 1e-5}
/* the fully optimised kernels with small blocks (TILES_IN_BLOCK_M/N/K) */
#define MMF(f) {f, "nki_matmul_fully_optimized_", NULL, {T("lhsT", DT_FLOAT32, 256, 256), T("rhs", DT_FLOAT32, 256, 512), \
                I_(2), I_(1), I_(2)}, 0, 1, ref_matmul, 1e-5}
#define G2MM "head/matrix_multiplication/matrix_multiplication_nki_kernels.py"
#define G1MM "legacy-b2be1a5/matrix_multiplication/matrix_multiplication_nki_kernels.py"
#define ATT(vn, s) {"head/attention_fwd_performance/attention_kernels.py", vn, NULL,                     \
                    {T("q", DT_FLOAT32, 128, s), T("k", DT_FLOAT32, 128, s), T("v", DT_FLOAT32, 128, s)}, \
                    0, 0.5, ref_attention, 2e-3}

static const DataCase data_cases[] = {
    {"head/tensor_addition/tensor_addition_nki_kernels.py", "nki_tensor_add_kernel_", NULL,
     {T("a", DT_FLOAT32, 128, 512), T("b", DT_FLOAT32, 128, 512)}, 0, 1, ref_add, 1e-6},
    {"head/transpose2d/transpose2d_nki_kernels.py", "tensor_transpose2D_kernel_", NULL,
     {T("in_tensor", DT_FLOAT32, 5, 12), TUP(3, 4)}, 0, 1, ref_transpose2d, 0},
    {"head/average_pool2d/average_pool2d_nki_kernels.py", "tensor_avgpool_kernel", NULL,
     {T("in_tensor", DT_FLOAT32, 2, 6, 6), I_(2)}, 0, 1, ref_avgpool, 1e-6},
    MM(G2MM, "nki_matmul_basic_", 128, 64, 512),
    MM(G2MM, "nki_matmul_tiled_", 256, 128, 512),
    MM(G2MM, "nki_matmul_hoist_load_", 256, 128, 1024),
    MM(G2MM, "nki_matmul_block_free_dimension_", 128, 256, 1024),
    MMF(G2MM),
    MM(G1MM, "nki_matmul_basic_", 128, 64, 512),
    MM(G1MM, "nki_matmul_tiled_", 256, 128, 512),
    MM(G1MM, "nki_matmul_hoist_load_", 256, 128, 1024),
    MM(G1MM, "nki_matmul_block_free_dimension_", 128, 256, 1024),
    MMF(G1MM),
    {"sdk-2.21/rmsnorm/rmsnorm_nki_kernels.py", "nki_rmsnorm_kernel", NULL,
     {T("a_tensor", DT_FLOAT32, 300, 512), T("g_tensor", DT_FLOAT32, 512)}, 0, 1, ref_rmsnorm, 1e-4},
    {"sdk-2.21/layernorm/layernorm_nki_kernel.py", "nki_layernorm_kernel_v1", NULL,
     {T("input_tensor", DT_FLOAT32, 300, 1000), F_(1e-5), T("gamma_vector", DT_FLOAT32, 1000),
      T("beta_vector", DT_FLOAT32, 1000)}, 0, 1, ref_layernorm, 1e-4},
    {"sdk-2.21/layernorm/layernorm_nki_kernel.py", "nki_layernorm_kernel_v2", NULL,
     {T("input_tensor", DT_FLOAT32, 300, 1000), F_(1e-5), T("gamma_vector", DT_FLOAT32, 1000),
      T("beta_vector", DT_FLOAT32, 1000)}, 0, 1, ref_layernorm, 1e-4},
#define MAMBA(vn) {"head/fused_mamba/mamba_nki_kernels.py", vn, NULL,                                   \
                   {T("delta", DT_FLOAT32, 1, 128, 1024), T("u", DT_FLOAT32, 1, 128, 1024),              \
                    T("A", DT_FLOAT32, 128, 2), T("B", DT_FLOAT32, 1, 2, 1024),                         \
                    T("C", DT_FLOAT32, 1, 2, 1024)}, 0, 0.5, ref_mamba, 1e-4}
    MAMBA("mamba_v1"), MAMBA("mamba_v2"), MAMBA("mamba_v3"),
    {"sdk-2.21/sd_attention/sd_attention_nki_kernels.py", "fused_self_attn_for_SD_small_head_size", NULL,
     {T("q_ref", DT_FLOAT32, 256, 64), T("k_ref", DT_FLOAT32, 256, 64), T("v_ref", DT_FLOAT32, 256, 64), B_(1),
      B_(0)}, 0, 1, ref_sd_attention, 2e-3},
    {"sdk-2.21/sd_attention/sd_attention_nki_kernels.py", "fused_self_attn_for_SD_small_head_size", NULL,
     {T("q_ref", DT_FLOAT32, 256, 64), T("k_ref", DT_FLOAT32, 256, 64), T("v_ref", DT_FLOAT32, 256, 64), B_(0),
      B_(0)}, 0, 1, ref_sd_attention, 2e-3},
    ATT("attn_fwd_v1", 128), ATT("attn_fwd_v2", 128), ATT("attn_fwd_v3", 512), ATT("attn_fwd_v4", 512),
    ATT("attn_fwd_v5", 512), ATT("attn_fwd_v6", 512), ATT("attn_fwd_v7", 512), ATT("attn_fwd_v8", 512),
    ATT("attn_fwd_v8a", 512), ATT("attn_fwd_v9", 512), ATT("attn_fwd_v10", 512), ATT("attn_fwd_v11", 512),
};

static void run_data_case(const DataCase *c)
{
    char path[1400], dir[1400], modname[256];
    snprintf(path, sizeof path, "%s/%s", corpus_root, c->file);
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = 0;
    const char *base = strrchr(path, '/') + 1;
    snprintf(modname, sizeof modname, "%.*s", (int)(strlen(base) - 3), base);
    TRun r;
    memset(&r, 0, sizeof r);
    arena_init(&r.arena);
    interner_init(&r.names);
    source_cache_init(&r.cache, &r.names);
    diag_init(&r.diags);
    interp_init(&r.I, &r.arena, &r.cache, &r.diags, &td_ops, &r.dom);
    nki_ctx_init(&r.ctx, c->target ? nki_target_find(c->target) : NULL);
    r.ctx.with_data = true;
    r.I.native_module = nki_native_module;
    r.I.native_ctx = &r.ctx;
    interp_add_search_path(&r.I, dir);
    r.mod = interp_run_file(&r.I, path, modname, false);
    assert_non_null(r.mod);
    Value *k = dict_get_str(&r.mod->u.module.globals, intern_cstr(&r.names, c->kernel));
    Value *fn = nki_kernel_function(k);
    assert_non_null(fn);
    Value *args[6];
    int n = 0;
    rng_state = 12345;
    for (; n < 6 && (c->args[n].name || c->args[n].kind); n++) {
        args[n] = make_arg(&r, &c->args[n]);
        if (nki_is_tensor(args[n])) {
            /* mamba: a decaying state (A < 0, delta >= 0), as the tutorial's */
            bool mamba = strncmp(c->kernel, "mamba", 5) == 0;
            if (mamba && n == 0)
                fill_rand(args[n], 0.25, 0.25);
            else if (mamba && n == 2)
                fill_rand(args[n], 0.5, -1.0);
            else
                fill_rand(args[n], c->scale, c->lo);
        }
    }
    CallArgs ca = {args, n, NULL, NULL, 0};
    Loc loc = {0};
    Value *ret = interp_call(&r.I, fn, &ca, loc);
    bool bad = !ret || r.I.unwind != UNWIND_NONE || !nki_is_tensor(ret);
    for (int i = 0; i < r.dom.n; i++)
        if (r.dom.recs[i].verdict != TRI_TRUE)
            bad = true;
    if (!bad) {
        NkiData o = tdata(ret);
        double *ref = calloc((size_t)o.n, sizeof(double));
        c->ref(args, ref);
        double mx = 0, err = 0;
        int64_t worst = 0;
        Loc origin;
        int64_t undef = nki_tensor_uninit(ret, &origin);
        if (undef != 0) {
            fprintf(stderr, "%s %s: %lld output elements undefined, from line %d\n", c->file, c->kernel,
                    (long long)undef, origin.line);
            bad = true;
        }
        for (int64_t i = 0; i < o.n; i++) {
            if (fabs(ref[i]) > mx)
                mx = fabs(ref[i]);
            double e = fabs((o.f32 ? o.f32[i] : o.f64[i]) - ref[i]);
            if (!(e <= err)) {
                err = e;
                worst = i;
            }
        }
        if (!(err <= c->tol * (mx > 1 ? mx : 1))) {
            fprintf(stderr, "%s %s: max error %g at %lld (got %g, expected %g)\n", c->file, c->kernel, err,
                    (long long)worst, o.f32 ? o.f32[worst] : o.f64[worst], ref[worst]);
            bad = true;
        } else if (getenv("KCV_TEST_VERBOSE")) {
            fprintf(stderr, "%-40s data ok (max error %g of %g)\n", c->kernel, err, mx);
        }
        free(ref);
    } else {
        fprintf(stderr, "%s %s (data):\n", c->file, c->kernel);
        trun_dump(&r);
    }
    trun_end(&r);
    for (int i = 0; i < ndats; i++)
        free(dats[i].d);
    ndats = 0;
    if (bad)
        fail();
}

static void test_corpus_data(void **state)
{
    (void)state;
    if (!find_corpus())
        skip();
    for (size_t i = 0; i < KCV_ARRAY_LEN(data_cases); i++)
        run_data_case(&data_cases[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_corpus_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
