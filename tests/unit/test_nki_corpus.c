/* test_nki_corpus.c - smoke tests: every kernel of the NKI samples corpus
 * (../shared/corpus/nki-samples, read by path) runs through the model with
 * concrete shapes of the kind its tutorial uses, and keeps every contract;
 * a few run with data and are compared against a reference.  Skipped when
 * the corpus is not there. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
