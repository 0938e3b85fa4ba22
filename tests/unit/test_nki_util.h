/* test_nki_util.h - a harness for the NKI model's unit tests: runs small
 * kernels (Python text) through the evaluator with a recording concrete
 * domain, builds HBM inputs, and looks at the obligations the model
 * raised.  Included by tests/unit/test_nki*.c (each one executable). */
#ifndef TEST_NKI_UTIL_H
#define TEST_NKI_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "nki/nki_int.h"

/* ---- a concrete domain that records every obligation --------------------- */

typedef struct TRec {
    char rule[64];
    char msg[768];
    char contract[512];
    Tri verdict;
    int line;
} TRec;

typedef struct TDom {
    TRec recs[512];
    int n;
} TDom;

static inline Tri td_decide(void *d, const Value *c, Loc loc)
{
    (void)d;
    (void)loc;
    if ((c->kind == V_BOOL || c->kind == V_INT) && !c->u.i.sym)
        return c->u.i.c ? TRI_TRUE : TRI_FALSE;
    return TRI_UNKNOWN;
}

static inline void td_assume(void *d, const Value *c, Loc loc)
{
    (void)d;
    (void)c;
    (void)loc;
}

static inline Tri td_require(void *dv, const Value *c, const Obligation *ob)
{
    TDom *d = dv;
    Tri t = TRI_UNKNOWN;
    if ((c->kind == V_BOOL || c->kind == V_INT) && !c->u.i.sym)
        t = c->u.i.c ? TRI_TRUE : TRI_FALSE;
    if (d->n < (int)(sizeof d->recs / sizeof d->recs[0])) {
        TRec *r = &d->recs[d->n++];
        snprintf(r->rule, sizeof r->rule, "%s", ob->rule ? ob->rule : "");
        snprintf(r->msg, sizeof r->msg, "%s", ob->message ? ob->message : "");
        snprintf(r->contract, sizeof r->contract, "%s", ob->contract ? ob->contract : "");
        r->verdict = t;
        r->line = ob->loc.line;
    }
    return t;
}

static const DomainOps td_ops = {
    .name = "test",
    .decide = td_decide,
    .assume = td_assume,
    .require = td_require,
};

/* ---- a run ------------------------------------------------------------------ */

typedef struct TRun {
    Arena arena;
    Interner names;
    SourceCache cache;
    DiagSink diags;
    Interp I;
    NkiCtx ctx;
    TDom dom;
    Value *mod;
} TRun;

static inline void trun_start(TRun *r, const char *src, const char *target, bool with_data)
{
    memset(r, 0, sizeof *r);
    arena_init(&r->arena);
    interner_init(&r->names);
    source_cache_init(&r->cache, &r->names);
    diag_init(&r->diags);
    interp_init(&r->I, &r->arena, &r->cache, &r->diags, &td_ops, &r->dom);
    nki_ctx_init(&r->ctx, target ? nki_target_find(target) : NULL);
    r->ctx.with_data = with_data;
    r->I.native_module = nki_native_module;
    r->I.native_ctx = &r->ctx;
    source_cache_add_text(&r->cache, "<test>/kern.py", src);
    r->mod = interp_run_file(&r->I, "<test>/kern.py", "kern", false);
}

static inline void trun_end(TRun *r)
{
    interp_free(&r->I);
    nki_ctx_free(&r->ctx);
    source_cache_free(&r->cache);
    diag_free(&r->diags);
    interner_free(&r->names);
    arena_free(&r->arena);
}

static inline void trun_dump(TRun *r)
{
    for (int i = 0; i < r->dom.n; i++)
        if (r->dom.recs[i].verdict != TRI_TRUE)
            fprintf(stderr, "  [%s] %s (line %d, verdict %d)\n", r->dom.recs[i].rule, r->dom.recs[i].msg,
                    r->dom.recs[i].line, r->dom.recs[i].verdict);
    StrBuf b = {0};
    diag_print_all(&r->diags, &b, false);
    if (b.len)
        fprintf(stderr, "%s", sb_str(&b));
    sb_free(&b);
    if (r->I.unwind == UNWIND_ABORT)
        fprintf(stderr, "  aborted: %s\n", r->I.abort_reason ? r->I.abort_reason : "?");
}

/* An HBM input tensor: dims given as a -1 terminated list. */
static inline Value *tin(TRun *r, const char *name, NkiDtype dt, ...)
{
    Value *dims[8];
    int n = 0;
    va_list ap;
    va_start(ap, dt);
    for (;;) {
        int d = va_arg(ap, int);
        if (d < 0)
            break;
        dims[n++] = v_int(&r->I, d);
    }
    va_end(ap);
    return nki_input_tensor(&r->I, &r->ctx, name, dims, n, nki_dtype_value(&r->I, dt));
}

/* Calls kernel `name` of the module with positional arguments. */
static inline Value *tcall(TRun *r, const char *name, int n, ...)
{
    assert_non_null(r->mod);
    Value *k = dict_get_str(&r->mod->u.module.globals, intern_cstr(&r->names, name));
    assert_non_null(k);
    Value *fn = nki_kernel_function(k);
    Value *args[16];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        args[i] = va_arg(ap, Value *);
    va_end(ap);
    CallArgs ca = {args, n, NULL, NULL, 0};
    Loc loc = {0};
    return interp_call(&r->I, fn ? fn : k, &ca, loc);
}

static inline int count_violations(TRun *r, const char *rule)
{
    int n = 0;
    for (int i = 0; i < r->dom.n; i++)
        if (r->dom.recs[i].verdict == TRI_FALSE && (!rule || strcmp(r->dom.recs[i].rule, rule) == 0))
            n++;
    return n;
}

/* A violation of `rule` whose message contains `needle`. */
static inline const TRec *find_violation(TRun *r, const char *rule, const char *needle)
{
    for (int i = 0; i < r->dom.n; i++) {
        const TRec *t = &r->dom.recs[i];
        if (t->verdict == TRI_FALSE && strcmp(t->rule, rule) == 0 && (!needle || strstr(t->msg, needle)))
            return t;
    }
    return NULL;
}

static inline void expect_violation(TRun *r, const char *rule, const char *needle)
{
    if (!find_violation(r, rule, needle)) {
        fprintf(stderr, "expected a [%s] violation mentioning \"%s\"; got:\n", rule, needle ? needle : "");
        trun_dump(r);
        fail();
    }
}

/* No violation, no unknown obligation, no error, no abort. */
static inline void expect_clean(TRun *r)
{
    bool bad = r->I.unwind != UNWIND_NONE || r->diags.errors > 0 || !r->mod;
    for (int i = 0; i < r->dom.n; i++)
        if (r->dom.recs[i].verdict != TRI_TRUE)
            bad = true;
    if (bad) {
        fprintf(stderr, "expected a clean run; got:\n");
        trun_dump(r);
        fail();
    }
}

/* ---- data (runs with_data) -------------------------------------------------- */

/* The elements of tensor t's allocation (row-major). */
static inline NkiData tdata(Value *t)
{
    NkiData d;
    assert_true(nki_tensor_data(t, &d));
    return d;
}

/* Element i of t's allocation. */
static inline double tget(Value *t, int64_t i)
{
    NkiData d = tdata(t);
    assert_true(i >= 0 && i < d.n);
    return d.f32 ? (double)d.f32[i] : d.f64[i];
}

/* Fills input t with f(i), rounded to its dtype, as the driver does. */
static inline void tfill(Value *t, double (*f)(int64_t))
{
    NkiData d = tdata(t);
    for (int64_t i = 0; i < d.n; i++) {
        double v = nki_dtype_round((NkiDtype)d.dtype, f(i));
        if (d.f32)
            d.f32[i] = (float)v;
        else
            d.f64[i] = v;
    }
}

static inline void expect_shape(TRun *r, Value *t, int ndim, ...)
{
    Value **dims;
    assert_non_null(t);
    assert_true(nki_is_tensor(t));
    int n = nki_tensor_shape(t, &dims);
    (void)r;
    assert_int_equal(n, ndim);
    va_list ap;
    va_start(ap, ndim);
    for (int i = 0; i < ndim; i++) {
        int d = va_arg(ap, int);
        assert_true(dims[i]->kind == V_INT && !dims[i]->u.i.sym);
        assert_int_equal(dims[i]->u.i.c, d);
    }
    va_end(ap);
}

#endif
