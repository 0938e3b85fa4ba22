/* test_runtime_checks.c - runtime verification (kcv run): the concrete
 * domain's check modes (all, none, a skip callback, stop at the first
 * violation, report and go on), the messages of violated contracts with
 * the run's values, and what a faulty operation does in report mode.
 *
 * Kernels run through the evaluator over the real ConcreteDomain with the
 * NKI model; a test reads the diagnostics as kcv prints them.  Locations in
 * expected messages are found in the kernel text (a marker comment on the
 * line, the column of a piece of code), not written by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/concrete.h"
#include "nki/nki_int.h"

/* ---- the kernels ----------------------------------------------------------------- */

static const char *kern_src =
    "import neuronxcc.nki as nki\n"
    "import neuronxcc.nki.language as nl\n"
    "import neuronxcc.nki.isa as nisa\n"
    "\n"
    "\n"
    "@nki.jit\n"
    "def k_load(lhsT):\n"
    "    K, M = lhsT.shape\n"
    "    out = nl.ndarray((384, M), dtype=lhsT.dtype, buffer=nl.shared_hbm)\n"
    "    for m in nl.affine_range(3):\n"
    "        t = nl.load(lhsT[m * 128:(m + 1) * 128, :])  # LOAD\n"
    "        nl.store(out[m * 128:(m + 1) * 128, :], value=t)\n"
    "    return out\n"
    "\n"
    "\n"
    "@nki.jit\n"
    "def k_store(x, n):\n"
    "    out = nl.ndarray((128, 512), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    t = nl.load(x)\n"
    "    nl.store(out[:, n:n + 256], value=t)  # STORE\n"
    "    return out\n"
    "\n"
    "\n"
    "@nki.jit\n"
    "def k_mask(x, lim):\n"
    "    out = nl.ndarray((128, 64), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    i_p = nl.arange(128)[:, None]\n"
    "    i_f = nl.arange(64)[None, :]\n"
    "    t = nl.load(x[i_p, i_f + 8], mask=(i_f < lim))  # MASK\n"
    "    nl.store(out[i_p, i_f], value=t, mask=(i_f < lim))\n"
    "    return out\n"
    "\n"
    "\n"
    "@nki.jit\n"
    "def k_shape(x, w):\n"
    "    out = nl.ndarray((128, 512), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    t = nl.load(x[:, 0:w])\n"
    "    nl.store(out, value=t)  # SHAPE\n"
    "    return out\n"
    "\n"
    "\n"
    "@nki.jit\n"
    "def k_matmul(a, b, n):\n"
    "    s = nl.load(a)\n"
    "    mv = nl.load(b[:, 0:n])\n"
    "    r = nisa.nc_matmul(s, mv)  # MATMUL\n"
    "    return r\n"
    "\n"
    "\n"
    "@nki.jit\n"
    "def k_part(x, p):\n"
    "    t = nl.load(x[0:p, :])  # PART\n"
    "    return t\n"
    "\n"
    "\n"
    "@nki.jit\n"
    "def k_div(x, chunk_size, parts):\n"
    "    n = x.shape[1] // chunk_size  # DIV\n"
    "    m = x.shape[1] % (parts - 2)  # DIV2\n"
    "    return n\n"
    "\n"
    "\n"
    "@nki.jit\n"
    "def k_two(x, w, p):\n"
    "    out = nl.ndarray((128, 512), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    z = nl.load(x)\n"
    "    nl.store(out, value=z)\n"
    "    t = nl.load(x[:, 0:w])\n"
    "    nl.store(out, value=t)  # TWO1\n"
    "    u = nl.load(x.reshape((p, 65536 // p)))  # TWO2\n"
    "    return out\n"
    "\n"
    "\n"
    "@nki.jit\n"
    "def k_mixed(x, w, r0):\n"
    "    out = nl.ndarray((128, 512), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    t = nl.load(x[r0:r0 + 128, 0:w])  # MIXED1\n"
    "    nl.store(out, value=t)  # MIXED2\n"
    "    return out\n"
    "\n"
    "\n"
    "@nki.jit\n"
    "def k_repeat(x, start):\n"
    "    out = nl.ndarray((128, 64), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    for i in nl.affine_range(4):\n"
    "        t = nl.load(x[:, start + i * 16:start + i * 16 + 16])  # REPEAT\n"
    "        nl.store(out[:, i * 16:i * 16 + 16], value=t)\n"
    "    return out\n"
    "\n"
    "\n"
    "@nki.jit\n"
    "def k_oob_report(x, r0):\n"
    "    out = nl.ndarray((128, 64), dtype=x.dtype, buffer=nl.shared_hbm)\n"
    "    t = nl.load(x[r0:r0 + 128, :])  # OOB\n"
    "    nl.store(out, value=t)\n"
    "    return out\n";

/* "<test>/kern.py:LINE:COL" where LINE holds `marker` and COL is where `code` starts on it (1-based). */
static const char *where(const char *marker, const char *code)
{
    static char buf[8][64];
    static int next;
    int line = 1;
    const char *p = kern_src, *m = strstr(kern_src, marker);
    assert_non_null(m);
    const char *bol = kern_src;
    for (; p < m; p++)
        if (*p == '\n') {
            line++;
            bol = p + 1;
        }
    const char *c = strstr(bol, code);
    assert_non_null(c);
    assert_true(c < m);
    char *b = buf[next++ % 8];
    snprintf(b, sizeof buf[0], "<test>/kern.py:%d:%d", line, (int)(c - bol) + 1);
    return b;
}

/* ---- a run over the real concrete domain --------------------------------------------- */

typedef struct RRun {
    Arena arena;
    Interner names;
    SourceCache cache;
    DiagSink diags;
    Interp I;
    NkiCtx ctx;
    ConcreteDomain cd;
    Value *mod;
    StrBuf out;
} RRun;

typedef enum Mode {
    M_REPORT,   /* --on-violation=report (the default of the domain) */
    M_STOP,     /* --on-violation=abort */
    M_NONE,     /* --checks=none */
} Mode;

static void rr_start(RRun *r, Mode mode, bool with_data)
{
    memset(r, 0, sizeof *r);
    arena_init(&r->arena);
    interner_init(&r->names);
    source_cache_init(&r->cache, &r->names);
    diag_init(&r->diags);
    concrete_domain_init(&r->cd, &r->diags);
    r->cd.stop_on_violation = mode == M_STOP;
    r->cd.check = mode != M_NONE;
    interp_init(&r->I, &r->arena, &r->cache, &r->diags, &concrete_domain_ops, &r->cd);
    nki_ctx_init(&r->ctx, NULL);
    r->ctx.with_data = with_data;
    r->ctx.report_mode = mode == M_REPORT;
    r->I.native_module = nki_native_module;
    r->I.native_ctx = &r->ctx;
    source_cache_add_text(&r->cache, "<test>/kern.py", kern_src);
    r->mod = interp_run_file(&r->I, "<test>/kern.py", "kern", false);
    assert_non_null(r->mod);
}

static void rr_end(RRun *r)
{
    sb_free(&r->out);
    interp_free(&r->I);
    nki_ctx_free(&r->ctx);
    source_cache_free(&r->cache);
    diag_free(&r->diags);
    interner_free(&r->names);
    arena_free(&r->arena);
}

/* The diagnostics as kcv prints them (sorted, no colours). */
static const char *rr_diags(RRun *r)
{
    concrete_domain_finish(&r->cd);
    r->out.len = 0;
    if (r->out.s)
        r->out.s[0] = '\0';
    diag_print_all(&r->diags, &r->out, false);
    return sb_str(&r->out);
}

static Value *rr_tensor(RRun *r, const char *name, int rows, int cols)
{
    Value *dims[2] = {v_int(&r->I, rows), v_int(&r->I, cols)};
    return nki_input_tensor(&r->I, &r->ctx, name, dims, 2, nki_dtype_value(&r->I, DT_FLOAT32));
}

static double data_at(const NkiData *d, int64_t i)
{
    return d->f32 ? (double)d->f32[i] : d->f64[i];
}

/* Fills input `t` with 1000*row + col (exact in float32 for these sizes). */
static void fill_input(Value *t, int cols)
{
    NkiData d;
    assert_true(nki_tensor_data(t, &d));
    for (int64_t i = 0; i < d.n; i++) {
        double v = (double)(1000 * (i / cols) + i % cols);
        if (d.f32)
            d.f32[i] = (float)v;
        else
            d.f64[i] = v;
        if (d.init)
            d.init[i] = 1;
    }
}

static Value *rr_call(RRun *r, const char *kernel, int n, ...)
{
    Value *k = dict_get_str(&r->mod->u.module.globals, intern_cstr(&r->names, kernel));
    assert_non_null(k);
    Value *fn = nki_kernel_function(k);
    Value *args[8];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        args[i] = va_arg(ap, Value *);
    va_end(ap);
    CallArgs ca = {args, n, NULL, NULL, 0};
    Loc none = {0};
    return interp_call(&r->I, fn ? fn : k, &ca, none);
}

#define EXPECT_CONTAINS(hay, needle)                                                              \
    do {                                                                                          \
        const char *h_ = (hay), *n_ = (needle);                                                   \
        if (!strstr(h_, n_)) {                                                                    \
            fprintf(stderr, "expected to find\n  %s\nin:\n%s\n", n_, h_);                         \
            fail();                                                                               \
        }                                                                                         \
    } while (0)

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* The one error line `msg [rule]` at `at`. */
static void expect_error(RRun *r, const char *at, const char *msg, const char *rule)
{
    char line[1024];
    snprintf(line, sizeof line, "%s: error: %s [%s]\n", at, msg, rule);
    EXPECT_CONTAINS(rr_diags(r), line);
}

/* ---- messages with the run's values --------------------------------------------------- */

static void test_load_rows(void **state)
{
    (void)state;
    RRun r;
    rr_start(&r, M_REPORT, false);
    Value *out = rr_call(&r, "k_load", 1, rr_tensor(&r, "lhsT", 256, 64));
    assert_non_null(out);
    expect_error(&r, where("# LOAD", "nl.load("), "nl.load reads rows 256..383 of lhsT, which has 256 rows (m=2)",
                 "bounds");
    assert_int_equal(r.cd.violations, 1);
    assert_int_equal(r.diags.errors, 1);
    assert_true(r.cd.checked > 0);
    assert_int_equal(r.cd.skipped, 0);
    rr_end(&r);
}

static void test_store_columns(void **state)
{
    (void)state;
    RRun r;
    rr_start(&r, M_REPORT, false);
    assert_non_null(rr_call(&r, "k_store", 2, rr_tensor(&r, "x", 128, 256), v_int(&r.I, 384)));
    expect_error(&r, where("# STORE", "nl.store("),
                 "nl.store writes columns 384..639 of out, which has 512 columns (n=384)", "bounds");
    assert_int_equal(r.cd.violations, 1);
    rr_end(&r);

    /* a good value: no violation */
    rr_start(&r, M_REPORT, false);
    assert_non_null(rr_call(&r, "k_store", 2, rr_tensor(&r, "x", 128, 256), v_int(&r.I, 256)));
    assert_int_equal(r.cd.violations, 0);
    assert_string_equal(rr_diags(&r), "");
    rr_end(&r);
}

static void test_masked_access(void **state)
{
    (void)state;
    RRun r;
    /* lanes the mask removes do not count: i_f < 56 reads columns 8..63 */
    rr_start(&r, M_REPORT, false);
    assert_non_null(rr_call(&r, "k_mask", 2, rr_tensor(&r, "x", 128, 64), v_int(&r.I, 56)));
    assert_int_equal(r.cd.violations, 0);
    rr_end(&r);

    rr_start(&r, M_REPORT, false);
    assert_non_null(rr_call(&r, "k_mask", 2, rr_tensor(&r, "x", 128, 64), v_int(&r.I, 60)));
    expect_error(&r, where("# MASK", "nl.load("), "nl.load reads columns 8..67 of x, which has 64 columns (lim=60)",
                 "bounds");
    assert_int_equal(r.cd.violations, 1);
    rr_end(&r);
}

static void test_shape_mismatch(void **state)
{
    (void)state;
    RRun r;
    rr_start(&r, M_REPORT, false);
    assert_non_null(rr_call(&r, "k_shape", 2, rr_tensor(&r, "x", 128, 512), v_int(&r.I, 256)));
    expect_error(&r, where("# SHAPE", "nl.store("),
                 "nl.store: value of shape (128, 256) does not match destination 'out' of shape (128, 512)",
                 "shape-mismatch");
    assert_int_equal(r.cd.violations, 1);
    rr_end(&r);
}

static void test_matmul_moving_limit(void **state)
{
    (void)state;
    RRun r;
    rr_start(&r, M_REPORT, false);
    assert_non_null(
        rr_call(&r, "k_matmul", 3, rr_tensor(&r, "a", 128, 128), rr_tensor(&r, "b", 128, 1024), v_int(&r.I, 1024)));
    const char *at = where("# MATMUL", "nisa.nc_matmul(");
    expect_error(&r, at, "nisa.nc_matmul: moving tile has 1024 columns, more than 512 (gemm_moving_fmax on trn2)",
                 "matmul-moving-fmax");
    /* the (128, 1024) float32 result is larger than a PSUM bank too */
    expect_error(&r, at,
                 "nisa.nc_matmul: the result of shape (128, 1024) holds 4096 bytes per partition, more than one PSUM "
                 "bank (2048)",
                 "psum-fmax");
    assert_int_equal(r.cd.violations, 2);
    rr_end(&r);
}

static void test_partition_limit(void **state)
{
    (void)state;
    RRun r;
    rr_start(&r, M_REPORT, false);
    assert_non_null(rr_call(&r, "k_part", 2, rr_tensor(&r, "x", 256, 64), v_int(&r.I, 256)));
    expect_error(&r, where("# PART", "nl.load("), "nl.load: the result spans 256 partitions, more than pmax=128 (p=256)",
                 "partition-limit");
    assert_int_equal(r.cd.violations, 1);
    rr_end(&r);
}

static void test_div_by_zero(void **state)
{
    (void)state;
    RRun r;
    rr_start(&r, M_REPORT, false);
    /* a bare name says its value; an expression lists its variables */
    Value *v = rr_call(&r, "k_div", 3, rr_tensor(&r, "x", 128, 64), v_int(&r.I, 0), v_int(&r.I, 2));
    assert_non_null(v);
    assert_int_equal(v->kind, V_UNKNOWN);   /* the quotient is poison */
    expect_error(&r, where("# DIV\n", "x.shape[1] //"), "division by zero: chunk_size is 0", "div-by-zero");
    expect_error(&r, where("# DIV2", "x.shape[1] %"), "division by zero: parts - 2 is 0 (parts=2)", "div-by-zero");
    assert_int_equal(r.cd.violations, 2);
    rr_end(&r);
}

/* ---- modes ------------------------------------------------------------------------- */

static void test_checks_none(void **state)
{
    (void)state;
    RRun r;
    rr_start(&r, M_NONE, false);
    assert_non_null(rr_call(&r, "k_load", 1, rr_tensor(&r, "lhsT", 256, 64)));
    assert_int_equal(r.cd.violations, 0);
    assert_int_equal(r.cd.checked, 0);
    assert_int_equal(r.cd.skipped, 0);
    assert_string_equal(rr_diags(&r), "");
    rr_end(&r);
}

static long skip_calls;

static bool skip_bounds(void *ctx, const Obligation *ob)
{
    assert_ptr_equal(ctx, &skip_calls);
    skip_calls++;
    return strcmp(ob->rule, "bounds") == 0;
}

static void test_skip_callback(void **state)
{
    (void)state;
    RRun r;
    /* every obligation of a full run ... */
    rr_start(&r, M_REPORT, false);
    assert_non_null(rr_call(&r, "k_mixed", 3, rr_tensor(&r, "x", 128, 512), v_int(&r.I, 256), v_int(&r.I, 64)));
    long all = r.cd.checked;
    assert_int_equal(r.cd.violations, 2);
    expect_error(&r, where("# MIXED1", "nl.load("), "nl.load reads rows 64..191 of x, which has 128 rows (r0=64, w=256)",
                 "bounds");
    rr_end(&r);

    /* ... is either checked or skipped; skipped ones are not reported */
    rr_start(&r, M_REPORT, false);
    skip_calls = 0;
    r.cd.skip = skip_bounds;
    r.cd.skip_ctx = &skip_calls;
    assert_non_null(rr_call(&r, "k_mixed", 3, rr_tensor(&r, "x", 128, 512), v_int(&r.I, 256), v_int(&r.I, 64)));
    assert_true(r.cd.skipped > 0);
    assert_int_equal(r.cd.checked + r.cd.skipped, all);
    assert_int_equal(skip_calls, all);
    const char *d = rr_diags(&r);
    assert_int_equal(count_of(d, "[bounds]"), 0);
    expect_error(&r, where("# MIXED2", "nl.store("),
                 "nl.store: value of shape (128, 256) does not match destination 'out' of shape (128, 512)",
                 "shape-mismatch");
    assert_int_equal(r.cd.violations, 1);
    rr_end(&r);
}

static void test_stop_at_first_violation(void **state)
{
    (void)state;
    RRun r;
    rr_start(&r, M_STOP, false);
    Value *out = rr_call(&r, "k_two", 3, rr_tensor(&r, "x", 128, 512), v_int(&r.I, 256), v_int(&r.I, 256));
    assert_null(out);
    assert_int_equal(r.I.unwind, UNWIND_ABORT);
    assert_true(r.I.stopped);
    assert_string_equal(r.I.abort_reason, "stopped at the first violation");
    const char *two1 = where("# TWO1", "nl.store(");
    assert_int_equal(r.I.abort_loc.line, atoi(strchr(two1, ':') + 1));
    /* the second fault is never reached */
    assert_int_equal(r.cd.violations, 1);
    const char *d = rr_diags(&r);
    assert_int_equal(count_of(d, ": error: "), 1);
    expect_error(&r, two1, "nl.store: value of shape (128, 256) does not match destination 'out' of shape (128, 512)",
                 "shape-mismatch");
    interp_clear_unwind(&r.I);
    assert_false(r.I.stopped);
    rr_end(&r);

    /* a clean run does not stop */
    rr_start(&r, M_STOP, false);
    assert_non_null(rr_call(&r, "k_load", 1, rr_tensor(&r, "lhsT", 384, 64)));
    assert_int_equal(r.I.unwind, UNWIND_NONE);
    assert_false(r.I.stopped);
    assert_int_equal(r.cd.violations, 0);
    rr_end(&r);
}

/* Report mode: both faults are reported, the run goes on, and the faulty
 * operations do nothing: `out` keeps what the good store put there. */
static void test_report_two_faults(void **state)
{
    (void)state;
    RRun r;
    rr_start(&r, M_REPORT, true);
    Value *x = rr_tensor(&r, "x", 128, 512);
    fill_input(x, 512);
    Value *out = rr_call(&r, "k_two", 3, x, v_int(&r.I, 256), v_int(&r.I, 256));
    assert_non_null(out);
    assert_int_equal(r.I.unwind, UNWIND_NONE);
    assert_int_equal(r.cd.violations, 2);
    expect_error(&r, where("# TWO1", "nl.store("),
                 "nl.store: value of shape (128, 256) does not match destination 'out' of shape (128, 512)",
                 "shape-mismatch");
    expect_error(&r, where("# TWO2", "nl.load("), "nl.load: the result spans 256 partitions, more than pmax=128 (p=256)",
                 "partition-limit");
    NkiData d;
    assert_true(nki_tensor_data(out, &d));
    assert_int_equal(d.n, 128 * 512);
    for (int64_t i = 0; i < d.n; i++)
        if (data_at(&d, i) != (double)(1000 * (i / 512) + i % 512)) {
            fprintf(stderr, "out[%lld] = %g\n", (long long)i, data_at(&d, i));
            fail();
        }
    rr_end(&r);
}

/* A site that breaks its contract at every iteration is reported once;
 * the count says how often. */
static void test_repeated_site(void **state)
{
    (void)state;
    RRun r;
    rr_start(&r, M_REPORT, false);
    assert_non_null(rr_call(&r, "k_repeat", 2, rr_tensor(&r, "x", 128, 64), v_int(&r.I, 24)));
    /* i = 0, 1 fit (columns 24..55); i = 2, 3 do not */
    assert_int_equal(r.cd.violations, 2);
    const char *d = rr_diags(&r);
    assert_int_equal(count_of(d, ": error: "), 1);
    expect_error(&r, where("# REPEAT", "nl.load("), "nl.load reads columns 56..71 of x, which has 64 columns (start=24, i=2)",
                 "bounds");
    EXPECT_CONTAINS(d, "kcv: note: violated 1 more time at this site\n");
    rr_end(&r);
}

/* Report mode, bounds: the access goes on without its out-of-bounds
 * elements (reads give 0); the in-bounds part is read. */
static void test_report_bounds_skips_elements(void **state)
{
    (void)state;
    RRun r;
    rr_start(&r, M_REPORT, true);
    Value *x = rr_tensor(&r, "x", 192, 64);
    fill_input(x, 64);
    Value *out = rr_call(&r, "k_oob_report", 2, x, v_int(&r.I, 128));
    assert_non_null(out);
    assert_int_equal(r.I.unwind, UNWIND_NONE);
    expect_error(&r, where("# OOB", "nl.load("), "nl.load reads rows 128..255 of x, which has 192 rows (r0=128)",
                 "bounds");
    assert_int_equal(r.cd.violations, 1);
    NkiData d;
    assert_true(nki_tensor_data(out, &d));
    for (int64_t i = 0; i < d.n; i++) {
        int64_t row = 128 + i / 64;
        double want = row < 192 ? (double)(1000 * row + i % 64) : 0.0;
        if (data_at(&d, i) != want) {
            fprintf(stderr, "out[%lld] = %g, expected %g\n", (long long)i, data_at(&d, i), want);
            fail();
        }
    }
    rr_end(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_rows),
        cmocka_unit_test(test_store_columns),
        cmocka_unit_test(test_masked_access),
        cmocka_unit_test(test_shape_mismatch),
        cmocka_unit_test(test_matmul_moving_limit),
        cmocka_unit_test(test_partition_limit),
        cmocka_unit_test(test_div_by_zero),
        cmocka_unit_test(test_checks_none),
        cmocka_unit_test(test_skip_callback),
        cmocka_unit_test(test_stop_at_first_violation),
        cmocka_unit_test(test_report_two_faults),
        cmocka_unit_test(test_repeated_site),
        cmocka_unit_test(test_report_bounds_skips_elements),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
