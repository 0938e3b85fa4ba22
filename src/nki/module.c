/* module.c - how kernels import the NKI model.
 *
 * nki_native_module is the interpreter's native-module hook.  It answers:
 *   __kcv_nki__                    the C primitives (prims.c);
 *   _kcv_<file>                    a model file, src/nki/model/<file>.py,
 *                                  embedded in the binary, run as a module
 *                                  flagged is_model (its asserts are contracts);
 *   nki, nki.language, nki.isa ... the Beta-2 API  -> nki.py, language.py, isa.py
 *   neuronxcc, neuronxcc.nki, ...  the legacy API   -> legacy_nki.py, language.py,
 *                                                     legacy_isa.py
 *   numpy                          the subset kernels use -> numpy.py
 * (math, os, ... are the evaluator's; any other module imports as an
 * unmodelled one, every attribute V_UNKNOWN.)
 * Model files are parsed once per SourceCache (they are kept there, as the
 * user's files are) and executed once per interpreter.
 */
#include "nki_int.h"

#include "../front/front.h"

void nki_ctx_init(NkiCtx *ctx, const NkiTarget *target)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->target = target ? target : nki_target_default();
}

void nki_ctx_free(NkiCtx *ctx)
{
    vec_free(&ctx->hbm_outputs);
    vec_free(&ctx->shared_allocs);
    nki_data_free(ctx);
}

Value *nki_make_module(Interp *I, const char *name)
{
    return v_module(I, name);
}

Value *nki_range_value(Interp *I, Value *start, Value *stop, Value *step, RangeKind kind)
{
    return v_range(I, start, stop, step, kind);
}

Value *nki_slice_value(Interp *I, Value *lower, Value *upper, Value *step)
{
    Value *r = arena_alloc(I->arena, sizeof *r);
    r->kind = V_SLICE;
    r->u.slice.lower = lower;
    r->u.slice.upper = upper;
    r->u.slice.step = step;
    return r;
}

/* ---- model files ------------------------------------------------------------- */

static const NkiModelFile *model_file(const char *base)
{
    size_t n = strlen(base);
    for (int i = 0; i < nki_model_nfiles; i++) {
        const char *f = nki_model_files[i].name;
        if (strncmp(f, base, n) == 0 && strcmp(f + n, ".py") == 0)
            return &nki_model_files[i];
    }
    return NULL;
}

/* The model file's path in the source cache; its text is registered there
 * once (the cache outlives runs and parses it once). */
static const char *model_path(Interp *I, const NkiModelFile *mf)
{
    SourceCache *c = I->cache;
    const char *path = nki_strf(I, "<kcv>/nki/model/%s", mf->name);
    for (int i = 0; i < c->texts.n; i++)
        if (strcmp(c->texts.v[i]->path, path) == 0)
            return path;
    source_cache_add_text(c, path, mf->text);
    return path;
}

Value *nki_model_module(Interp *I, const char *base)
{
    const char *name = intern_cstr(I->names, nki_strf(I, "_kcv_%s", base));
    Value *mod = dict_get_str(&I->modules, name);
    if (mod)
        return mod;
    const NkiModelFile *mf = model_file(base);
    if (!mf) {
        interp_abort(I, interp_user_loc(I), "kcv's NKI model has no file %s.py", base);
        return NULL;
    }
    mod = interp_run_file(I, model_path(I, mf), name, true);
    /* the API modules: a name the model lacks is V_UNKNOWN ("not
     * modelled"), not an AttributeError; internal ones stay strict */
    if (mod && base[0] != '_' && strcmp(base, "core") != 0 && strcmp(base, "isa_common") != 0)
        mod->u.module.unmodelled = true;
    if (!mod) {
        if (I->unwind == UNWIND_NONE)
            interp_abort(I, interp_user_loc(I), "kcv's NKI model file %s.py did not load", base);
        return NULL;
    }
    return mod;
}

Value *nki_model_call(Interp *I, const char *base, const char *fn, Value **args, int n, Loc loc)
{
    Value *mod = nki_model_module(I, base);
    if (!mod)
        return NULL;
    Value *f = dict_get_str(&mod->u.module.globals, intern_cstr(I->names, fn));
    if (!f) {
        interp_abort(I, loc, "kcv's NKI model has no function %s.%s", base, fn);
        return NULL;
    }
    CallArgs a = nki_args(args, n);
    return interp_call(I, f, &a, loc);
}

/* ---- the hook ----------------------------------------------------------------------- */

static const struct { const char *name, *model; } api_modules[] = {
    {"nki", "nki"},
    {"nki.language", "language"},
    {"nki.isa", "isa"},
    {"nki.typing", "typing"},
    {"nki.compiler", "compiler"},
    {"neuronxcc.nki", "legacy_nki"},
    {"neuronxcc.nki.language", "language"},
    {"neuronxcc.nki.isa", "legacy_isa"},
    {"neuronxcc.nki.typing", "typing"},
    {"neuronxcc.nki.compiler", "compiler"},
    {"numpy", "numpy"},
};

Value *nki_native_module(Interp *I, const char *name, void *ctx)
{
    (void)ctx;
    if (strcmp(name, "__kcv_nki__") == 0)
        return nki_prims_module(I);
    if (strncmp(name, "_kcv_", 5) == 0)
        return model_file(name + 5) ? nki_model_module(I, name + 5) : NULL;
    for (size_t i = 0; i < KCV_ARRAY_LEN(api_modules); i++)
        if (strcmp(api_modules[i].name, name) == 0) {
            return nki_model_module(I, api_modules[i].model);
        }
    if (strcmp(name, "neuronxcc") == 0) {
        Value *m = v_module(I, name);
        Value *nki = nki_native_module(I, "neuronxcc.nki", ctx);
        if (!nki)
            return NULL;
        module_set(I, m, "nki", nki);
        m->u.module.unmodelled = true;
        return m;
    }
    return NULL;   /* math, os, ...: the evaluator's; others import as unmodelled */
}
