/* test_nki_sym.c - the NKI model over the symbolic domain (Z3): contracts
 * proven for all shapes the kernel admits, violations found with
 * counterexamples; masks filter lanes; loops of symbolic trip count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/symbolic.h"
#include "nki/nki_int.h"

/* Kernel arguments: "x:f32[N,H]" tensors with named symbolic dims (or
 * numbers), "n" a symbolic int, "#5" a concrete int, "@1.5" a float. */
typedef struct SymCase {
    const char *src;
    const char *kernel;
    const char *args[6];
} SymCase;

typedef struct SymResult {
    int violations, unknowns, paths;
    char text[4096];    /* "[rule] message | cex" lines */
} SymResult;

static Value *sym_dim(Interp *I, SymDomain *d, const char *name, int len)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.*s", len, name);
    if (buf[0] >= '0' && buf[0] <= '9')
        return v_int(I, atoll(buf));
    /* one input per name and path */
    for (int i = 0; i < d->vars.n; i++)
        if (d->vars.v[i].input && strcmp(d->vars.v[i].t->name, buf) == 0)
            return v_sym_int(I, d->vars.v[i].t);
    SymTerm *t = sym_input(d, buf, false);
    return v_sym_int(I, t);
}

static Value *make_arg(Interp *I, NkiCtx *ctx, SymDomain *d, const char *spec)
{
    if (spec[0] == '#')
        return v_int(I, atoll(spec + 1));
    if (spec[0] == '@')
        return v_float(I, atof(spec + 1));
    const char *colon = strchr(spec, ':');
    if (!colon) {
        Value *v = sym_dim(I, d, spec, (int)strlen(spec));
        return v;
    }
    char name[32], dt[32];
    snprintf(name, sizeof name, "%.*s", (int)(colon - spec), spec);
    const char *br = strchr(colon, '[');
    snprintf(dt, sizeof dt, "%.*s", (int)(br - colon - 1), colon + 1);
    NkiDtype t;
    assert_true(nki_dtype_parse(dt, &t));
    Value *dims[8];
    int n = 0;
    const char *p = br + 1;
    while (*p && *p != ']') {
        const char *e = p;
        while (*e != ',' && *e != ']')
            e++;
        dims[n++] = sym_dim(I, d, p, (int)(e - p));
        p = *e == ',' ? e + 1 : e;
    }
    return nki_input_tensor(I, ctx, name, dims, n, nki_dtype_value(I, t));
}

static void sym_run(const SymCase *c, SymResult *res)
{
    memset(res, 0, sizeof *res);
    Interner names;
    interner_init(&names);
    SourceCache cache;
    source_cache_init(&cache, &names);
    source_cache_add_text(&cache, "<test>/symkern.py", c->src);
    SymDomain d;
    SymOptions opt = {5000, 64};
    sym_init(&d, &opt);
    sym_kernel_begin(&d);
    do {
        sym_path_begin(&d);
        Arena arena;
        arena_init(&arena);
        DiagSink diags;
        diag_init(&diags);
        Interp I;
        interp_init(&I, &arena, &cache, &diags, &sym_domain_ops, &d);
        NkiCtx ctx;
        nki_ctx_init(&ctx, NULL);
        I.native_module = nki_native_module;
        I.native_ctx = &ctx;
        Value *mod = interp_run_file(&I, "<test>/symkern.py", "symkern", false);
        assert_non_null(mod);
        Value *k = dict_get_str(&mod->u.module.globals, intern_cstr(&names, c->kernel));
        Value *fn = nki_kernel_function(k);
        assert_non_null(fn);
        Value *args[6];
        int n = 0;
        for (; n < 6 && c->args[n]; n++)
            args[n] = make_arg(&I, &ctx, &d, c->args[n]);
        CallArgs ca = {args, n, NULL, NULL, 0};
        Loc loc = {0};
        Value *ret = I.unwind == UNWIND_NONE && !d.infeasible ? interp_call(&I, fn, &ca, loc) : NULL;
        if (ret && I.unwind == UNWIND_NONE && !d.infeasible && nki_is_tensor(ret)) {
            Obligation ob = {"output-not-written", "the output may be left unwritten", loc, NULL, {0}};
            interp_require(&I, nki_tensor_written(&I, ret), &ob);
        }
        if (I.unwind == UNWIND_ABORT && !d.infeasible)
            sym_record_unknown(&d, I.abort_loc, "%s", I.abort_reason ? I.abort_reason : "aborted");
        if (I.unwind == UNWIND_RAISE && !d.infeasible && !interp_exc_is(&I, "AssertionError")) {
            snprintf(res->text + strlen(res->text), sizeof res->text - strlen(res->text), "exception: %s\n",
                     interp_exc_message(&I));
            res->unknowns++;
        }
        res->paths++;
        interp_free(&I);
        nki_ctx_free(&ctx);
        diag_free(&diags);
        arena_free(&arena);
    } while (sym_path_next(&d));
    for (int i = 0; i < d.violations.n; i++) {
        SymViolation *v = &d.violations.v[i];
        size_t l = strlen(res->text);
        snprintf(res->text + l, sizeof res->text - l, "[%s] %s |", v->rule, v->message);
        for (int j = 0; j < v->ncex; j++) {
            l = strlen(res->text);
            snprintf(res->text + l, sizeof res->text - l, " %s=%s", v->cex[j].name, v->cex[j].value);
        }
        l = strlen(res->text);
        snprintf(res->text + l, sizeof res->text - l, "\n");
    }
    for (int i = 0; i < d.unknowns.n; i++) {
        size_t l = strlen(res->text);
        snprintf(res->text + l, sizeof res->text - l, "unknown: %s\n", d.unknowns.v[i].reason);
    }
    res->violations = d.violations.n;
    res->unknowns += d.unknowns.n;
    sym_free(&d);
    source_cache_free(&cache);
    interner_free(&names);
}

static void expect_verified(const SymCase *c)
{
    SymResult r;
    sym_run(c, &r);
    if (r.violations || r.unknowns) {
        fprintf(stderr, "expected %s to verify; got:\n%s", c->kernel, r.text);
        fail();
    }
}

static void expect_sym_violation(const SymCase *c, const char *rule, const char *needle)
{
    SymResult r;
    sym_run(c, &r);
    char pat[128];
    snprintf(pat, sizeof pat, "[%s] ", rule);
    const char *p = strstr(r.text, pat);
    while (p && needle && !strstr(p, needle))
        p = strstr(p + 1, pat);
    if (!p || (needle && !strstr(p, needle))) {
        fprintf(stderr, "expected a [%s] violation mentioning \"%s\" in %s; got:\n%s", rule, needle ? needle : "",
                c->kernel, r.text);
        fail();
    }
}

static const char *masked_src =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def masked(x):\n"
    "    out = nl.ndarray(x.shape, dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    assert x.shape[1] <= 512\n"
    "    ip = nl.arange(128)[:, None]\n"
    "    jf = nl.arange(x.shape[1])[None, :]\n"
    "    n = x.shape[0]\n"
    "    for i in nl.affine_range((n + 127) // 128):\n"
    "        t = nl.load(x[i * 128 + ip, jf], mask=(i * 128 + ip < n))\n"
    "        nl.store(out[i * 128 + ip, jf], value=nl.exp(t), mask=(i * 128 + ip < n))\n"
    "    return out\n"
    "\n"
    "@nki.jit\n"
    "def unmasked(x):\n"
    "    out = nl.ndarray(x.shape, dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    assert x.shape[1] <= 512\n"
    "    ip = nl.arange(128)[:, None]\n"
    "    jf = nl.arange(x.shape[1])[None, :]\n"
    "    n = x.shape[0]\n"
    "    for i in nl.affine_range((n + 127) // 128):\n"
    "        t = nl.load(x[i * 128 + ip, jf])\n"
    "        nl.store(out[i * 128 + ip, jf], value=t)\n"
    "    return out\n";

static void test_sym_mask(void **state)
{
    (void)state;
    SymCase ok = {masked_src, "masked", {"x:float32[N,H]"}};
    expect_verified(&ok);
    SymCase bad = {masked_src, "unmasked", {"x:float32[N,H]"}};
    expect_sym_violation(&bad, "bounds", "nl.load reads rows i*128..i*128 + 127 of x, which has N rows");
}

static const char *matmul_src =
    "import nki\n"
    "import nki.isa as nisa\n"
    "import nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def mm(lhsT, rhs):\n"
    "    K, M = lhsT.shape\n"
    "    K_, N = rhs.shape\n"
    "    assert K == K_\n"
    "    assert M % 128 == 0 and N % 512 == 0 and K % 128 == 0\n"
    "    assert M * N < 2 ** 31\n"
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
    "            nisa.tensor_copy(dst=sb, src=ps)\n"
    "            nisa.dma_copy(dst=result[m * 128:(m + 1) * 128, n * 512:(n + 1) * 512], src=sb)\n"
    "    return result\n"
    "\n"
    "@nki.jit\n"
    "def mm_unchecked(lhsT, rhs):\n"
    "    K, M = lhsT.shape\n"
    "    _, N = rhs.shape\n"
    "    result = nl.ndarray((M, N), dtype=lhsT.dtype, buffer=nl.shared_hbm)\n"
    "    a = nl.ndarray((K, M), dtype=lhsT.dtype, buffer=nl.sbuf)\n"
    "    b = nl.ndarray((K, N), dtype=rhs.dtype, buffer=nl.sbuf)\n"
    "    nisa.dma_copy(dst=a, src=lhsT)\n"
    "    nisa.dma_copy(dst=b, src=rhs)\n"
    "    ps = nl.ndarray((M, N), nl.float32, buffer=nl.psum)\n"
    "    nisa.nc_matmul(ps, a, b)\n"
    "    sb = nl.ndarray((M, N), dtype=result.dtype, buffer=nl.sbuf)\n"
    "    nisa.tensor_copy(dst=sb, src=ps)\n"
    "    nisa.dma_copy(dst=result, src=sb)\n"
    "    return result\n";

static void test_sym_matmul(void **state)
{
    (void)state;
    SymCase ok = {matmul_src, "mm", {"lhsT:bfloat16[K,M]", "rhs:bfloat16[K2,N]"}};
    expect_verified(&ok);
    SymCase bad = {matmul_src, "mm_unchecked", {"lhsT:bfloat16[K,M]", "rhs:bfloat16[K2,N]"}};
    /* each violation is assumed away afterwards, so the later ones are
     * independent: K > 128 is reported once, at the first allocation */
    expect_sym_violation(&bad, "partition-limit", "the partition dimension of shape (K, M) is K");
    expect_sym_violation(&bad, "shape-mismatch", "dst 'b' has K*N elements but src 'rhs' has K2*N");
    expect_sym_violation(&bad, "psum-fmax", "(M, N) holds N*4 bytes");
    expect_sym_violation(&bad, "int-range", "(M, N) has M*N elements");
}

static const char *written_src =
    "import nki\n"
    "import nki.isa as nisa\n"
    "import nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def copy_rows(x):\n"
    "    R, C = x.shape\n"
    "    assert C <= 512\n"
    "    out = nl.ndarray((R, C), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    for r in nl.affine_range(R // 128):\n"
    "        t = nl.ndarray((128, C), dtype=x.dtype, buffer=nl.sbuf)\n"
    "        nisa.dma_copy(dst=t, src=x[r * 128:(r + 1) * 128, :])\n"
    "        nisa.dma_copy(dst=out[r * 128:(r + 1) * 128, :], src=t)\n"
    "    return out\n";

static void test_sym_output_written(void **state)
{
    (void)state;
    /* R < 128: the loop never runs and the output is never written */
    SymCase c = {written_src, "copy_rows", {"x:float32[R,C]"}};
    expect_sym_violation(&c, "output-not-written", NULL);
}

static const char *partition_src =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "\n"
    "@nki.jit\n"
    "def alloc(n, checked):\n"
    "    if checked:\n"
    "        assert n <= 128\n"
    "    t = nl.ndarray((n, 4), dtype=nl.float32, buffer=nl.sbuf)\n"
    "    return None\n";

static void test_sym_partition(void **state)
{
    (void)state;
    SymCase ok = {partition_src, "alloc", {"n", "#1"}};
    SymResult r;
    sym_run(&ok, &r);
    /* n >= 1 is not assumed for a plain int: alloc-size may fail, the
     * partition limit may not */
    assert_null(strstr(r.text, "[partition-limit]"));
    assert_non_null(strstr(r.text, "[alloc-size]"));
    SymCase bad = {partition_src, "alloc", {"n", "#0"}};
    expect_sym_violation(&bad, "partition-limit", "n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sym_mask),
        cmocka_unit_test(test_sym_matmul),
        cmocka_unit_test(test_sym_output_written),
        cmocka_unit_test(test_sym_partition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
