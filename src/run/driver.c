/* driver.c - `kcv run`: one kernel, concrete inputs, runtime checks.
 *
 * The steps, each ending the run with its exit status when it fails:
 *   1. options: the --input specs parse, --profile loads, the target exists;
 *   2. the module runs once (concrete domain, NKI data on) and its kernels
 *      are found as kcv check finds them (check_module_kernels); NAME picks
 *      one, or the file must have exactly one;
 *   3. every option names a parameter of the kernel; every parameter
 *      without a default has a value (a tensor: --input; else --scalar);
 *      the inputs' files are read (headers first), --dtype and --shape
 *      applied, and their memory checked against --max-memory before
 *      anything is allocated;
 *   4. --checks=residual: the static pre-pass (residual.c);
 *   5. the arguments are made (tensors filled, --scalar evaluated in the
 *      module's namespace, parameters with defaults left to them) and the
 *      kernel is launched as kernel[grid](...): every SPMD instance runs;
 *   6. the returned tensors are checked for memory never written, written
 *      to --output, and the summary printed.
 * Diagnostics (violations, exceptions, limits) go to `err` sorted, GCC
 * style, after the run; the summary goes to `out`.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kcv.h"
#include "run_int.h"

void run_options_init(RunOptions *o) {
    memset(o, 0, sizeof *o);
    o->checks = RUN_CHECKS_RESIDUAL;
}

void run_options_free(RunOptions *o) {
    for (int i = 0; i < o->shapes.n; i++) kcv_free(o->shapes.v[i].dims);
    vec_free(&o->shapes);
    vec_free(&o->inputs);
    vec_free(&o->dtypes);
    vec_free(&o->scalars);
    vec_free(&o->paths);
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Half of physical memory: the default --max-memory. */
static uint64_t default_max_memory(void) {
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || size <= 0) return (uint64_t)4 << 30;
    return (uint64_t)pages * (uint64_t)size / 2;
}

/* ---- the state of a run --------------------------------------------------------- */

typedef struct RunState {
    const RunOptions *o;
    FILE *out, *err;
    Interner names;
    SourceCache cache;
    Arena arena;              /* values and tensor data */
    DiagSink diags;
    ConcreteDomain dom;
    Interp I;
    NkiCtx nki;
    NkiProfile profile;
    CheckExprs exprs;
    bool started;             /* I, nki initialised */
    Vec(InputSpec) inputs;
    ProvenSet proven;
    /* timings, ms */
    double t_load, t_check, t_run, t_write;
} RunState;

static void state_start(RunState *s, const NkiTarget *target) {
    arena_init(&s->arena);
    diag_init(&s->diags);
    concrete_domain_init(&s->dom, &s->diags);
    interp_init(&s->I, &s->arena, &s->cache, &s->diags, &concrete_domain_ops, &s->dom);
    s->I.max_steps = s->o->max_steps > 0 ? s->o->max_steps : RUN_DEFAULT_MAX_STEPS;
    nki_ctx_init(&s->nki, target);
    s->nki.with_data = true;
    s->nki.report_mode = s->o->report;
    if (s->o->profile) s->nki.profile = &s->profile;
    s->I.native_module = nki_native_module;
    s->I.native_ctx = &s->nki;
    s->I.safepoint = nki_reclaim_safepoint;
    s->I.safepoint_cx = &s->nki;
    check_exprs_init(&s->exprs, &s->names, "kcv run", s->err);
    s->started = true;
}

static void state_stop(RunState *s) {
    if (!s->started) return;
    interp_free(&s->I);
    nki_ctx_free(&s->nki);
    check_exprs_free(&s->exprs);
    diag_free(&s->diags);
    arena_free(&s->arena);
    s->started = false;
}

static void print_diags(RunState *s) {
    if (!s->diags.diags.n) return;
    StrBuf b = {0};
    diag_print_all(&s->diags, &b, s->o->color);
    fwrite(sb_str(&b), 1, b.len, s->err);
    sb_free(&b);
}

/* This process's peak resident memory in KiB (VmHWM: since its exec, unlike
 * getrusage, which counts the parent's size at fork), -1 if unknown. */
static long peak_rss_kib(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long kib = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0) kib = strtol(line + 6, NULL, 10);
    fclose(f);
    return kib;
}

static bool is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* ---- options against the kernel's parameters ------------------------------------ */

static const CheckParam *param_named(const CheckKernelInfo *k, const char *name) {
    for (int i = 0; i < k->nparams; i++)
        if (strcmp(k->params[i].name, name) == 0) return &k->params[i];
    return NULL;
}

static void param_list(StrBuf *b, const CheckKernelInfo *k) {
    if (!k->nparams) sb_puts(b, "none");
    for (int i = 0; i < k->nparams; i++) sb_printf(b, "%s%s", i ? ", " : "", k->params[i].name);
}

static const InputSpec *input_for(RunState *s, const char *name) {
    for (int i = 0; i < s->inputs.n; i++)
        if (strcmp(s->inputs.v[i].arg, name) == 0) return &s->inputs.v[i];
    return NULL;
}

static const char *scalar_for(const RunOptions *o, const char *name) {
    for (int i = 0; i < o->scalars.n; i++)
        if (strcmp(o->scalars.v[i].name, name) == 0) return o->scalars.v[i].value;
    return NULL;
}

/* Every option names a parameter; every parameter without a default has a
 * value.  Reports each problem; false if any. */
static bool match_params(RunState *s, const char *kname, const CheckKernelInfo *k) {
    const RunOptions *o = s->o;
    bool ok = true;
    for (int kind = 0; kind < 4; kind++) {
        int n = kind == 0 ? o->inputs.n : kind == 1 ? o->dtypes.n : kind == 2 ? o->shapes.n : o->scalars.n;
        const char *opt = kind == 0 ? "--input" : kind == 1 ? "--dtype" : kind == 2 ? "--shape" : "--scalar";
        for (int i = 0; i < n; i++) {
            const char *name = kind == 0 ? o->inputs.v[i].name : kind == 1 ? o->dtypes.v[i].name
                               : kind == 2 ? o->shapes.v[i].arg : o->scalars.v[i].name;
            if (!param_named(k, name)) {
                StrBuf b = {0};
                param_list(&b, k);
                fprintf(s->err, "kcv run: %s %s: kernel %s has no parameter '%s' (its parameters: %s)\n", opt, name,
                        kname, name, sb_str(&b));
                sb_free(&b);
                ok = false;
            } else if ((kind == 1 || kind == 2) && !input_for(s, name)) {
                fprintf(s->err, "kcv run: %s %s: no --input %s: give the tensor with --input %s=FILE.npy or "
                                "--input %s=randn:D0xD1 (%s applies to it)\n",
                        opt, name, name, name, name, opt);
                ok = false;
            } else if (kind == 3 && input_for(s, name)) {
                fprintf(s->err, "kcv run: --scalar %s: parameter '%s' has an --input too: give one\n", name, name);
                ok = false;
            }
            /* the same parameter twice */
            for (int j = 0; j < i && kind != 2; j++) {
                const char *other = kind == 0 ? o->inputs.v[j].name : kind == 1 ? o->dtypes.v[j].name
                                                                                : o->scalars.v[j].name;
                if (strcmp(other, name) == 0) {
                    fprintf(s->err, "kcv run: %s %s: given twice\n", opt, name);
                    ok = false;
                    break;
                }
            }
        }
    }
    if (!ok) return false;
    DiagSink missing;
    diag_init(&missing);
    for (int i = 0; i < k->nparams; i++) {
        const CheckParam *p = &k->params[i];
        if (p->has_default || input_for(s, p->name) || scalar_for(o, p->name)) continue;
        if (p->tensor)
            diag_report(&missing, SEV_ERROR, p->loc, "no-input",
                        "parameter '%s' of %s has no value: it is used as a tensor: give it with --input %s=FILE.npy "
                        "or --input %s=randn:D0xD1[:DTYPE], or --scalar %s=VALUE",
                        p->name, kname, p->name, p->name, p->name);
        else
            diag_report(&missing, SEV_ERROR, p->loc, "no-input",
                        "parameter '%s' of %s has no value: give it with --scalar %s=VALUE (a Python expression), "
                        "or --input %s=FILE.npy if it is a tensor",
                        p->name, kname, p->name, p->name);
    }
    if (missing.diags.n) {
        StrBuf b = {0};
        diag_print_all(&missing, &b, o->color);
        fwrite(sb_str(&b), 1, b.len, s->err);
        sb_free(&b);
        ok = false;
    }
    diag_free(&missing);
    return ok;
}

/* --shape names: one value per name across inputs. */
static bool match_shape_names(RunState *s) {
    const RunOptions *o = s->o;
    for (int i = 0; i < o->shapes.n; i++) {
        const CheckShape *a = &o->shapes.v[i];
        const InputSpec *ia = input_for(s, a->arg);
        for (int k = 0; k < a->ndims; k++) {
            char *end;
            strtoll(a->dims[k], &end, 10);
            if (!*end) continue;
            for (int j = 0; j <= i; j++) {
                const CheckShape *b = &o->shapes.v[j];
                const InputSpec *ib = input_for(s, b->arg);
                for (int q = 0; q < b->ndims && (j < i || q < k); q++) {
                    if (strcmp(b->dims[q], a->dims[k]) != 0 || ib->dims[q] == ia->dims[k]) continue;
                    fprintf(s->err, "kcv run: --shape %s: %s is %lld in %s (dim %d) but %lld in %s (dim %d)\n",
                            a->arg, a->dims[k], (long long)ib->dims[q], b->arg, q, (long long)ia->dims[k], a->arg,
                            k);
                    return false;
                }
            }
        }
    }
    return true;
}

static void bytes_text(StrBuf *b, uint64_t n) {
    if (n >= (uint64_t)1 << 30) sb_printf(b, "%.1f GiB", (double)n / (double)((uint64_t)1 << 30));
    else if (n >= (uint64_t)1 << 20) sb_printf(b, "%.1f MiB", (double)n / (double)((uint64_t)1 << 20));
    else if (n >= 1024) sb_printf(b, "%.1f KiB", (double)n / 1024.0);
    else sb_printf(b, "%llu bytes", (unsigned long long)n);
}

static bool check_memory(RunState *s) {
    uint64_t limit = s->o->max_memory ? s->o->max_memory : default_max_memory();
    uint64_t total = 0, raw = 0;   /* raw: the largest file's data, read while filling its tensor */
    for (int i = 0; i < s->inputs.n; i++) {
        const InputSpec *in = &s->inputs.v[i];
        uint64_t need = input_bytes(in);
        if (in->gen == GEN_FILE && (uint64_t)in->n * (uint64_t)in->npy.itemsize > raw)
            raw = (uint64_t)in->n * (uint64_t)in->npy.itemsize;
        if (need > limit) {
            StrBuf b = {0}, nb = {0}, lb = {0};
            dims_text(&b, in->dims, in->ndim, true);
            bytes_text(&nb, need);
            bytes_text(&lb, limit);
            fprintf(s->err,
                    "kcv run: --input %s=%s: the tensor %s %s needs %s (%llu bytes: %lld elements and their "
                    "init shadow), more than the memory limit of %s (--max-memory%s)\n",
                    in->arg, in->text, sb_str(&b), nki_dtype_name(in->dtype), sb_str(&nb), (unsigned long long)need,
                    (long long)in->n, sb_str(&lb), s->o->max_memory ? "" : "; default: half of physical memory");
            sb_free(&b);
            sb_free(&nb);
            sb_free(&lb);
            return false;
        }
        total += need;
    }
    total += raw;
    if (total > limit) {
        StrBuf nb = {0}, lb = {0};
        bytes_text(&nb, total);
        bytes_text(&lb, limit);
        fprintf(s->err, "kcv run: the inputs need %s together, more than the memory limit of %s (--max-memory%s)\n",
                sb_str(&nb), sb_str(&lb), s->o->max_memory ? "" : "; default: half of physical memory");
        sb_free(&nb);
        sb_free(&lb);
        return false;
    }
    return true;
}

/* ---- loading --------------------------------------------------------------------- */

/* Runs the module; NULL (reported, *status set) when it cannot be. */
static Value *load_module(RunState *s, const char *modname, const char *root, int *status) {
    for (int i = 0; i < s->o->paths.n; i++) interp_add_search_path(&s->I, s->o->paths.v[i]);
    interp_add_search_path(&s->I, root);
    Value *m = interp_run_file(&s->I, s->o->file, modname, false);
    if (m) return m;
    if (s->I.unwind == UNWIND_ABORT && s->I.abort_loc.file)
        diag_report(&s->diags, SEV_ERROR, s->I.abort_loc, "cannot-run", "kcv cannot run this: %s",
                    s->I.abort_reason ? s->I.abort_reason : "the evaluator gave up");
    print_diags(s);
    if (s->I.unwind == UNWIND_ABORT) {
        fprintf(s->err, "kcv run: %s: the module could not be run: %s\n", s->o->file,
                s->I.abort_reason ? s->I.abort_reason : "the evaluator gave up");
        *status = KCV_EXIT_UNKNOWN;
    } else {
        fprintf(s->err, "kcv run: %s: the module could not be run\n", s->o->file);
        *status = KCV_EXIT_USAGE;
    }
    return NULL;
}

/* ---- the summary ------------------------------------------------------------------- */

static void print_summary(RunState *s, const char *kname, const char *outcome, RunOutput *outs, int nouts,
                          bool written, bool residual, const char *why_all) {
    const RunOptions *o = s->o;
    StrBuf b = {0};
    sb_printf(&b, "kernel %s: %s", kname, outcome);
    if (nouts >= 0) {
        sb_printf(&b, "; %d output%s", nouts, nouts == 1 ? "" : "s");
        if (written) sb_printf(&b, " written to %s/", o->output_dir);
        if (nouts) sb_puts(&b, " (");
        for (int i = 0; i < nouts; i++) {
            if (i) sb_puts(&b, ", ");
            if (written) sb_printf(&b, "out%d.npy: ", i);
            sb_printf(&b, "%s ", nki_dtype_name(outs[i].dtype));
            dims_text(&b, outs[i].dims, outs[i].ndim, true);
            if (written && outs[i].as_float32) sb_puts(&b, " as float32");
            if (written && nki_dtype_is_x4(outs[i].dtype))
                sb_printf(&b, " as uint%d words", 8 * nki_dtype_size(outs[i].dtype));
        }
        if (nouts) sb_putc(&b, ')');
    }
    bool any_f32 = false, any_x4 = false;
    for (int i = 0; written && i < nouts; i++) {
        any_f32 |= outs[i].as_float32;
        any_x4 |= nki_dtype_is_x4(outs[i].dtype);
    }
    if (o->checks == RUN_CHECKS_NONE) {
        sb_puts(&b, "; runtime checks: off (--checks=none)");
    } else {
        sb_printf(&b, "; runtime checks: %ld run", s->dom.checked);
        if (o->checks == RUN_CHECKS_ALL) sb_puts(&b, " (--checks=all)");
        else if (residual) sb_printf(&b, ", %ld proven statically and skipped", s->dom.skipped);
        else sb_printf(&b, ", none skipped (static pre-pass incomplete: %s)", why_all ? why_all : "?");
    }
    sb_putc(&b, '\n');
    if (any_f32) sb_puts(&b, "  NumPy has no bfloat16, tfloat32 or fp8 dtype: those outputs are written as float32 "
                             "(every value exact)\n");
    if (any_x4) sb_puts(&b, "  packed MX outputs (*_x4) are written as their words: 4 codes each, element q in bits "
                            "[8q, 8q+8) (fp8) or [4q, 4q+4) (fp4)\n");
    fwrite(sb_str(&b), 1, b.len, s->out);
    sb_free(&b);
}

/* ---- the run ----------------------------------------------------------------------- */

/* Whether two targets have the same constants (a profile may change them). */
static bool same_constants(const NkiTarget *a, const NkiTarget *b) {
    return a && b && a->nc_version == b->nc_version && a->pmax == b->pmax && a->psum_fmax == b->psum_fmax &&
           a->gemm_stationary_fmax == b->gemm_stationary_fmax && a->gemm_moving_fmax == b->gemm_moving_fmax &&
           a->bn_stats_fmax == b->bn_stats_fmax && a->sbuf_partition_bytes == b->sbuf_partition_bytes &&
           a->psum_partition_bytes == b->psum_partition_bytes && a->psum_num_banks == b->psum_num_banks &&
           a->matmul_moving_max_fp32 == b->matmul_moving_max_fp32 &&
           a->matmul_moving_max_bf16 == b->matmul_moving_max_bf16;
}

/* Steps 1 and 2: options, the module, the kernel.  KCV_EXIT_OK with
 * *module and *kernel set, else the status (reported). */
static int load_kernel(RunState *s, Value **module, CheckKernel *kernel) {
    const RunOptions *o = s->o;
    if (o->target && !nki_target_find(o->target)) {
        fprintf(s->err, "kcv run: --target %s: expected trn1, trn2 or trn3\n", o->target);
        return KCV_EXIT_USAGE;
    }
    if (o->profile) {
        char why[512] = "";
        if (!nki_profile_load(o->profile, &s->profile, why, sizeof why)) {
            fprintf(s->err, "%s\n", why[0] ? why : o->profile);
            return KCV_EXIT_USAGE;
        }
        if (o->target && strcmp(o->target, s->profile.target.name) != 0) {
            fprintf(s->err, "kcv run: --profile %s is a %s profile, but --target says %s\n", o->profile,
                    s->profile.target.name, o->target);
            return KCV_EXIT_USAGE;
        }
    }
    for (int i = 0; i < o->inputs.n; i++) {
        InputSpec in;
        char why[512];
        if (!input_parse(o->inputs.v[i].name, o->inputs.v[i].value, &in, why, sizeof why)) {
            fprintf(s->err, "kcv run: --input %s=%s: %s\n", o->inputs.v[i].name, o->inputs.v[i].value, why);
            return KCV_EXIT_USAGE;
        }
        vec_push(&s->inputs, in);
    }
    if (!is_file(o->file)) {
        fprintf(s->err, "kcv run: cannot read '%s'\n", o->file);
        return KCV_EXIT_USAGE;
    }

    int status = KCV_EXIT_OK;
    char *root = NULL;
    char *modname = interp_module_name_for_path(o->file, &root);
    /* a profile brings its own constants */
    const NkiTarget *target = o->profile  ? &s->profile.target
                              : o->target ? nki_target_find(o->target)
                                          : nki_target_default();
    state_start(s, target);
    Value *m = load_module(s, modname, root, &status);
    CheckKernel *ks = NULL;
    int nk = m ? check_module_kernels(m, o->kernel, &ks) : 0;
    if (m && nk == 0) {
        if (o->kernel) fprintf(s->err, "kcv run: %s: no NKI kernel named '%s'\n", o->file, o->kernel);
        else fprintf(s->err, "kcv run: %s: no NKI kernels (functions decorated with @nki.jit and the like)\n", o->file);
        status = KCV_EXIT_USAGE;
    } else if (m && nk > 1) {
        StrBuf b = {0};
        for (int i = 0; i < nk; i++) sb_printf(&b, "%s%s", i ? ", " : "", ks[i].name);
        fprintf(s->err, "kcv run: %s has %d kernels (%s): name one as %s:NAME\n", o->file, nk, sb_str(&b), o->file);
        sb_free(&b);
        status = KCV_EXIT_USAGE;
    }
    /* the kernel's own target (@nki.jit(platform_target=...)) when no
     * option chose one: the module runs again under it */
    const NkiTarget *kt = status == KCV_EXIT_OK && m && !o->target && !o->profile ? nki_kernel_target(ks[0].kernel)
                                                                                  : NULL;
    if (kt && kt != target) {
        char *kname = kcv_strndup(ks[0].name, strlen(ks[0].name));
        kcv_free(ks);
        ks = NULL;
        state_stop(s);
        state_start(s, kt);
        m = load_module(s, modname, root, &status);
        nk = m ? check_module_kernels(m, kname, &ks) : 0;
        kcv_free(kname);
        if (m && nk != 1) {
            fprintf(s->err, "kcv run: internal error: the kernel is gone on the second load\n");
            status = KCV_EXIT_FATAL;
        }
    }
    kcv_free(modname);
    kcv_free(root);
    if (status == KCV_EXIT_OK && m) {
        *module = m;
        *kernel = ks[0];
    }
    kcv_free(ks);
    return status;   /* not OK whenever m is NULL: load_module says why */
}

/* Step 4: what is checked at run time.  *why_all (malloc'd) says why the
 * static pre-pass could not be used; returns whether it is. */
static bool setup_checks(RunState *s, const char *kname, char **why_all) {
    const RunOptions *o = s->o;
    bool residual = false;
    const NkiTarget *named = nki_target_find(s->nki.target->name);
    if (o->checks == RUN_CHECKS_RESIDUAL && !same_constants(s->nki.target, named)) {
        StrBuf b = {0};
        sb_printf(&b, "the profile's constants differ from %s's, which the static checker uses", named->name);
        *why_all = kcv_strndup(sb_str(&b), b.len);
        sb_free(&b);
    } else if (o->checks == RUN_CHECKS_RESIDUAL) {
        residual = residual_prove(o, named->name, kname, s->inputs.v, s->inputs.n, &s->proven, why_all);
        if (residual) {
            s->proven.dom = &s->dom;
            s->dom.skip = residual_skip;
            s->dom.skip_ctx = &s->proven;
        }
    }
    s->dom.check = o->checks != RUN_CHECKS_NONE;
    s->dom.stop_on_violation = !o->report;
    return residual;
}

typedef struct Args {
    Vec(Value *) pos;
    Vec(Value *) kw;
    Vec(const char *) kwnames;
} Args;

static void args_free(Args *a) {
    vec_free(&a->pos);
    vec_free(&a->kw);
    vec_free(&a->kwnames);
}

/* Step 5a: the kernel's arguments, in the def's order: tensors filled from
 * their inputs, --scalar evaluated in the module's namespace; a parameter
 * left to its default makes the ones after it keywords.  KCV_EXIT_OK, or
 * the status (reported). */
static int make_args(RunState *s, Value *module, const CheckKernelInfo *info, Args *a) {
    const RunOptions *o = s->o;
    Interp *I = &s->I;
    bool by_keyword = false;
    for (int i = 0; i < info->nparams; i++) {
        const CheckParam *p = &info->params[i];
        InputSpec *in = (InputSpec *)input_for(s, p->name);
        const char *expr = scalar_for(o, p->name);
        Value *v = NULL;
        if (in) {
            Value **dims = arena_alloc(I->arena, sizeof(Value *) * (size_t)in->ndim);
            for (int k = 0; k < in->ndim; k++) dims[k] = v_int(I, in->dims[k]);
            v = nki_input_tensor(I, &s->nki, p->name, dims, in->ndim, nki_dtype_value(I, in->dtype));
            if (!v || !nki_is_tensor(v)) {
                fprintf(s->err, "kcv run: --input %s=%s: the model could not make the tensor\n", in->arg, in->text);
                return KCV_EXIT_FATAL;
            }
            if (!input_fill(o, in, v, s->err)) return KCV_EXIT_USAGE;
        } else if (expr) {
            char label[300];
            snprintf(label, sizeof label, "<--scalar %s>", p->name);
            v = check_expr_eval(&s->exprs, I, module, arena_strndup(I->arena, label, strlen(label)), expr, NULL,
                                NULL, 0);
            if (!v) {
                if (I->unwind == UNWIND_RAISE) interp_report_uncaught(I);
                print_diags(s);
                if (I->unwind != UNWIND_NONE)
                    fprintf(s->err, "kcv run: --scalar %s=%s: %s\n", p->name, expr,
                            I->unwind == UNWIND_ABORT && I->abort_reason ? I->abort_reason
                                                                         : "the expression raised an exception");
                return I->unwind == UNWIND_ABORT ? KCV_EXIT_UNKNOWN : KCV_EXIT_USAGE;
            }
        } else {
            by_keyword = true;   /* left to its default */
            continue;
        }
        if (p->kwonly || by_keyword) {
            vec_push(&a->kwnames, intern_cstr(I->names, p->name));
            vec_push(&a->kw, v);
        } else {
            vec_push(&a->pos, v);
        }
    }
    return KCV_EXIT_OK;
}

/* Steps 5b and 6: the launch, its outcome, the outputs; the summary. */
static int launch(RunState *s, const CheckKernel *kernel, const CheckKernelInfo *info, Args *a, bool residual,
                  const char *why_all) {
    const RunOptions *o = s->o;
    Interp *I = &s->I;
    int status = KCV_EXIT_OK;
    StrBuf outcome = {0};
    RunOutput *outs = NULL;
    int nouts = -1;
    bool written = false;

    CallArgs args = {a->pos.v, a->pos.n, a->kwnames.v, a->kw.v, a->kw.n};
    Value *grid[3];
    for (int k = 0; k < o->grid_ndim; k++) grid[k] = v_int(I, o->grid[k]);
    double t0 = now_ms();
    Value *ret = nki_launch(I, &s->nki, kernel->kernel, grid, o->grid_ndim, &args, info->def_loc);
    s->t_run = now_ms() - t0;

    if (s->dom.violations > 0) status = KCV_EXIT_VIOLATION;
    if (I->unwind == UNWIND_ABORT && I->stopped) {
        /* --on-violation=abort: the domain stopped the run at the first
         * violation */
        sb_puts(&outcome, "stopped at the first violation (--on-violation=abort; --on-violation=report lists them all)");
    } else if (I->unwind == UNWIND_ABORT) {
        const char *reason = I->abort_reason ? I->abort_reason : "the evaluator gave up";
        if (I->abort_loc.file)
            diag_report(&s->diags, SEV_ERROR, I->abort_loc, "cannot-run", "kcv cannot run this: %s", reason);
        sb_printf(&outcome, "could not run (%s", reason);
        if (I->abort_loc.file) sb_printf(&outcome, " at %s:%d", I->abort_loc.file->path, I->abort_loc.line);
        sb_putc(&outcome, ')');
        if (status == KCV_EXIT_OK) status = KCV_EXIT_UNKNOWN;
    } else if (I->unwind == UNWIND_RAISE) {
        interp_report_uncaught(I);
        const char *cls = I->exc && I->exc->kind == V_INSTANCE ? I->exc->u.inst.cls->u.cls.name : "an exception";
        sb_printf(&outcome, "raised %s", cls);
        if (s->dom.violations)
            sb_printf(&outcome, " after %d violation%s", s->dom.violations, s->dom.violations == 1 ? "" : "s");
        status = KCV_EXIT_VIOLATION;
    } else {
        nouts = outputs_collect(ret, &outs);
        int uninit = outputs_check_uninit(&s->diags, outs, nouts, info);
        if (uninit) status = KCV_EXIT_VIOLATION;
        /* each site is reported once (concrete.h): count the errors, and
         * the times they happened when more */
        int sites = s->diags.errors;
        long times = s->dom.violations + uninit;
        sb_printf(&outcome, "ran, %d violation%s", sites, sites == 1 ? "" : "s");
        if (times > sites) sb_printf(&outcome, " (%ld times)", times);
        double t1 = now_ms();
        if (o->output_dir) {
            written = outputs_write(o->output_dir, outs, nouts, s->err);
            if (!written && status == KCV_EXIT_OK) status = KCV_EXIT_USAGE;   /* a violation comes first */
        }
        s->t_write = now_ms() - t1;
    }
    concrete_domain_finish(&s->dom);   /* "violated N more times at this site" */
    print_diags(s);
    print_summary(s, kernel->name, sb_str(&outcome), outs, nouts, written, residual, why_all);
    kcv_free(outs);
    sb_free(&outcome);
    return status;
}

static int run_in(RunState *s) {
    const RunOptions *o = s->o;
    double t0 = now_ms();
    Value *module = NULL;
    CheckKernel kernel;
    int status = load_kernel(s, &module, &kernel);
    if (status != KCV_EXIT_OK) return status;
    CheckKernelInfo info;
    check_kernel_info(kernel.fn, module, module->u.module.file, &info);

    /* 3. parameters and inputs */
    bool ok = match_params(s, kernel.name, &info);
    for (int i = 0; ok && i < s->inputs.n; i++) ok = input_resolve(o, &s->inputs.v[i], s->err);
    ok = ok && match_shape_names(s) && check_memory(s);
    if (!ok) {
        check_kernel_info_free(&info);
        return KCV_EXIT_USAGE;
    }
    double t1 = now_ms();
    char *why_all = NULL;
    bool residual = setup_checks(s, kernel.name, &why_all);
    double t2 = now_ms();
    s->t_check = t2 - t1;
    Args args = {0};
    status = make_args(s, module, &info, &args);
    s->t_load = (t1 - t0) + (now_ms() - t2);
    if (status == KCV_EXIT_OK) status = launch(s, &kernel, &info, &args, residual, why_all);
    if (o->stats)
        fprintf(s->err, "kcv run: %s: load inputs %.3f ms, static pre-pass %.3f ms, run kernel %.3f ms, "
                        "write outputs %.3f ms\n",
                kernel.name, s->t_load, s->t_check, s->t_run, s->t_write);
    if (o->stats && s->started) {
        size_t made, reused, reclaimed;
        int sweeps;
        nki_data_reclaim_stats(&s->nki, &made, &reused, &reclaimed, &sweeps);
        fprintf(s->err, "kcv run: %s: tile memory %.1f MiB made, %.1f MiB of it reused; %.1f MiB reclaimed "
                        "in %d sweep%s",
                kernel.name, made / 1048576.0, reused / 1048576.0, reclaimed / 1048576.0, sweeps,
                sweeps == 1 ? "" : "s");
        long hwm = peak_rss_kib();
        if (hwm >= 0) fprintf(s->err, "; peak resident memory %.1f MiB", hwm / 1024.0);
        fputc('\n', s->err);
    }
    args_free(&args);
    kcv_free(why_all);
    check_kernel_info_free(&info);
    return status;
}

int run_kernel(const RunOptions *o, FILE *out, FILE *err) {
    RunState s;
    memset(&s, 0, sizeof s);
    s.o = o;
    s.out = out;
    s.err = err;
    interner_init(&s.names);
    source_cache_init(&s.cache, &s.names);
    int status = run_in(&s);
    state_stop(&s);
    for (int i = 0; i < s.inputs.n; i++) input_free(&s.inputs.v[i]);
    vec_free(&s.inputs);
    residual_free(&s.proven);
    source_cache_free(&s.cache);
    interner_free(&s.names);
    return status;
}
