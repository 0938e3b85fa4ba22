/* driver.c - `kcv check`: files, kernels, paths.
 *
 * For each file: one run of the module finds its kernels (module-level
 * values for which nki_kernel_function() is non-NULL and that the file
 * itself defines, in source order).  For each kernel, the symbolic domain
 * explores paths by re-execution: every path is a fresh arena and
 * interpreter that runs the module (files parsed once, in the shared
 * SourceCache), builds the symbolic inputs (inputs.c), calls the kernel,
 * and at its return requires that every output tensor was written.
 *
 * A path ends in one of four ways:
 *   - it returns: obligations were proven or violated along the way;
 *   - the kernel's own assertions reject its inputs (a symbolic `assert`
 *     made the path condition unsatisfiable, or an AssertionError): fine;
 *   - another exception escapes: an "exception" error, with a model of the
 *     path condition as counterexample: violated;
 *   - the evaluator gives up (UNWIND_ABORT): unknown, with the reason.
 * The verdict: violated if any violation; else unknown if anything was
 * undecided, the path bound was hit or no path got through the kernel's
 * assertions; else verified, with the assumptions it rests on.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "check_int.h"
#include "kcv.h"

void check_options_init(CheckOptions *o) {
    memset(o, 0, sizeof *o);
    o->format = CHECK_FORMAT_TEXT;
    o->timeout_ms = SYM_DEFAULT_TIMEOUT_MS;
    o->max_paths = SYM_DEFAULT_MAX_PATHS;
}

void check_options_free(CheckOptions *o) {
    for (int i = 0; i < o->shapes.n; i++) kcv_free(o->shapes.v[i].dims);
    vec_free(&o->shapes);
    vec_free(&o->dtypes);
    vec_free(&o->scalars);
    vec_free(&o->assumes);
    vec_free(&o->paths);
}

static char *dup(const char *s) { return kcv_strndup(s, strlen(s)); }

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- module name and import root --------------------------------------------- */

static bool is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Python's view of a script: its import root is the first ancestor folder
 * without __init__.py; its module name the dotted path below that root
 * (the file stem when it is not in a package).  Both malloc'd. */
static void module_name_for(const char *path, char **name, char **root) {
    const char *slash = strrchr(path, '/');
    char *dir = slash ? kcv_strndup(path, (size_t)(slash - path)) : dup(".");
    if (!*dir) {
        kcv_free(dir);
        dir = dup("/");
    }
    const char *base = slash ? slash + 1 : path;
    size_t blen = strlen(base);
    if (blen > 3 && strcmp(base + blen - 3, ".py") == 0) blen -= 3;
    StrBuf mod = {0};
    sb_put(&mod, base, blen);
    for (;;) {
        StrBuf init = {0};
        sb_printf(&init, "%s/__init__.py", dir);
        bool pkg = is_file(sb_str(&init));
        sb_free(&init);
        if (!pkg) break;
        char *s = strrchr(dir, '/');
        if (!s || s == dir) break;
        StrBuf m2 = {0};
        sb_printf(&m2, "%s.%s", s + 1, sb_str(&mod));
        sb_free(&mod);
        mod = m2;
        *s = '\0';
    }
    *name = dup(sb_str(&mod));
    *root = dir;
    sb_free(&mod);
}

/* ---- diagnostics -------------------------------------------------------------- */

static bool same_loc(Loc a, Loc b) { return a.file == b.file && a.line == b.line && a.col == b.col; }

static CheckDiag *find_diag(CheckDiagVec *v, const char *rule, Loc loc, const char *msg) {
    for (int i = 0; i < v->n; i++)
        if (strcmp(v->v[i].rule, rule) == 0 && same_loc(v->v[i].loc, loc) && strcmp(v->v[i].message, msg) == 0)
            return &v->v[i];
    return NULL;
}

/* Moves the diagnostics of a path's sink into `v` (once each). */
static void merge_diags(CheckDiagVec *v, DiagSink *s) {
    for (int i = 0; i < s->diags.n; i++) {
        const Diag *d = &s->diags.v[i];
        const char *rule = d->code ? d->code : d->sev == SEV_ERROR ? "error" : "warning";
        if (find_diag(v, rule, d->loc, d->message)) continue;
        CheckDiag cd = {0};
        cd.rule = dup(rule);
        cd.sev = d->sev;
        cd.loc = d->loc;
        cd.message = dup(d->message);
        for (int j = 0; j < d->nnotes; j++) {
            CheckNote n = {d->notes[j].loc, dup(d->notes[j].message)};
            vec_push(&cd.notes, n);
        }
        vec_push(v, cd);
    }
}

/* ---- one kernel ------------------------------------------------------------------ */

typedef struct FileCtx {
    const char *path;       /* as named */
    char *modname, *root;
    const SourceFile *file;
} FileCtx;

typedef struct PathRun {
    Arena arena;
    DiagSink diags;
    Interp I;
    NkiCtx nki;
    Value *module;
} PathRun;

static void on_infeasible(void *ctx, Loc loc) {
    Interp *I = ctx;
    if (I->unwind == UNWIND_NONE) interp_abort(I, loc, "the kernel's assertions exclude the inputs of this path");
}

/* The symbolic loop indices around the current point of the run. */
static int loop_terms(void *ctx, SymTerm **out, int max) {
    Interp *I = ctx;
    int n = 0;
    for (LoopCtx *l = I->loop; l && n < max; l = l->parent) {
        Value *x = l->index;
        if (x && (x->kind == V_INT || x->kind == V_BOOL) && x->u.i.sym) out[n++] = x->u.i.sym;
    }
    return n;
}

static const NkiTarget *target_of(CheckRun *run, const Value *kernel) {
    if (run->opt->target) return nki_target_find(run->opt->target);
    const NkiTarget *t = kernel ? nki_kernel_target(kernel) : NULL;
    return t ? t : nki_target_default();
}

/* Starts a run: a fresh interpreter that has run the module. */
static bool path_start(CheckRun *run, FileCtx *fc, PathRun *pr, const NkiTarget *target) {
    arena_init(&pr->arena);
    diag_init(&pr->diags);
    /* check_prove: the model's contracts that hold outright reach the domain
     * too, as they do in kcv run, so that they count as proven */
    static DomainOps prove_ops;
    prove_ops = sym_domain_ops;
    prove_ops.require_true = true;
    interp_init(&pr->I, &pr->arena, &run->cache, &pr->diags, run->prove ? &prove_ops : &sym_domain_ops, &run->dom);
    nki_ctx_init(&pr->nki, target);
    pr->I.native_module = nki_native_module;
    pr->I.native_ctx = &pr->nki;
    interp_add_search_path(&pr->I, fc->root);
    for (int i = 0; i < run->opt->paths.n; i++) interp_add_search_path(&pr->I, run->opt->paths.v[i]);
    run->dom.on_infeasible = on_infeasible;
    run->dom.scope_terms = loop_terms;
    run->dom.hook_ctx = &pr->I;
    pr->module = interp_run_file(&pr->I, fc->path, fc->modname, false);
    return pr->module != NULL;
}

static void path_end(CheckRun *run, PathRun *pr) {
    run->dom.on_infeasible = NULL;
    run->dom.scope_terms = NULL;
    run->dom.hook_ctx = NULL;
    interp_free(&pr->I);
    nki_ctx_free(&pr->nki);
    diag_free(&pr->diags);
    arena_free(&pr->arena);
}

static void add_unique(StrVec *v, const char *s) {
    for (int i = 0; i < v->n; i++)
        if (strcmp(v->v[i], s) == 0) return;
    vec_push(v, dup(s));
}

/* The kernel's own symbolic asserts of this path, as assumptions. */
typedef Vec(Loc) LocVec;

static void collect_asserts(KernelResult *kr, Interp *I, LocVec *seen) {
    for (int i = 0; i < I->assumptions.n; i++) {
        const Assumption *a = &I->assumptions.v[i];
        bool dup_loc = false;
        for (int j = 0; j < seen->n; j++) dup_loc |= same_loc(seen->v[j], a->loc);
        if (dup_loc) continue;
        vec_push(seen, a->loc);
        StrBuf b = {0};
        sb_printf(&b, "assert %s (line %d)", a->text, a->loc.line);
        add_unique((void *)&kr->assumptions, sb_str(&b));
        sb_free(&b);
    }
}

/* At the kernel's return: every returned tensor and every HBM tensor the
 * kernel allocated for output must have been written. */
static void require_outputs_written(CheckRun *run, PathRun *pr, const KernelPlan *plan, Value *ret) {
    (void)run;
    Interp *I = &pr->I;
    Vec(Value *) outs = {0};
    if (ret && nki_is_tensor(ret)) vec_push(&outs, ret);
    if (ret && ret->kind == V_TUPLE)
        for (int i = 0; i < ret->u.seq.n; i++)
            if (nki_is_tensor(ret->u.seq.v[i])) vec_push(&outs, ret->u.seq.v[i]);
    for (int i = 0; i < pr->nki.hbm_outputs.n; i++) {
        bool seen = false;
        for (int j = 0; j < outs.n; j++) seen |= outs.v[j] == pr->nki.hbm_outputs.v[i];
        if (!seen) vec_push(&outs, pr->nki.hbm_outputs.v[i]);
    }
    for (int i = 0; i < outs.n && I->unwind == UNWIND_NONE; i++) {
        Value *w = nki_tensor_written(I, outs.v[i]);
        if (!w) continue;
        StrBuf name = {0};
        if (plan->return_text && outs.v[i] == ret) sb_printf(&name, "'%s'", plan->return_text);
        else value_repr(I, &name, outs.v[i]);
        StrBuf msg = {0};
        sb_printf(&msg, "output tensor %s may be left unwritten (not every element is written on every input)",
                  sb_str(&name));
        Obligation ob = {"output-not-written", arena_strndup(I->arena, sb_str(&msg), msg.len),
                         plan->return_loc, "every element of an output tensor is written before the kernel returns",
                         (Loc){0}};
        interp_require(I, w, &ob);
        sb_free(&name);
        sb_free(&msg);
    }
    vec_free(&outs);
}

/* ---- check_prove: what was proven on every path ----------------------------------- */

static bool same_str(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* SymDomain.on_require: an obligation is proven when every time it was met
 * it was proven. */
static void record_require(void *ctx, const Obligation *ob, Tri r) {
    CheckRun *run = ctx;
    const char *rule = ob->rule ? ob->rule : "contract";
    const char *file = ob->loc.file ? ob->loc.file->path : NULL;
    const char *cfile = ob->contract_loc.file ? ob->contract_loc.file->path : NULL;
    for (int i = run->proven.n - 1; i >= 0; i--) {
        ProvenKey *k = &run->proven.v[i];
        if (k->line == ob->loc.line && k->col == ob->loc.col && k->cline == ob->contract_loc.line &&
            k->ccol == ob->contract_loc.col && strcmp(k->rule, rule) == 0 && same_str(k->file, file) &&
            same_str(k->cfile, cfile)) {
            k->failed |= r != TRI_TRUE;
            return;
        }
    }
    ProvenKey k = {dup(rule), file ? dup(file) : NULL, ob->loc.line, ob->loc.col, cfile ? dup(cfile) : NULL,
                   ob->contract_loc.line, ob->contract_loc.col, r != TRI_TRUE, ob->loc, ob->contract_loc};
    vec_push(&run->proven, k);
}

static void mark_incomplete(CheckRun *run, const char *fmt, ...) KCV_PRINTF(2, 3);

static void mark_incomplete(CheckRun *run, const char *fmt, ...) {
    run->incomplete = true;
    if (run->why_incomplete) return;
    StrBuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&b, fmt, ap);
    va_end(ap);
    run->why_incomplete = dup(sb_str(&b));
    sb_free(&b);
}

static void check_kernel(CheckRun *run, FileCtx *fc, const char *kname, int line, const NkiTarget *target,
                         KernelPlan *plan_in, bool planned) {
    SymDomain *d = &run->dom;
    KernelResult kr = {0};
    kr.file = dup(fc->path);
    kr.name = dup(kname);
    kr.line = line;
    double t0 = now_ms();
    long checks0 = smt_checks(d->smt);
    KernelPlan plan = *plan_in;
    if (!planned) {
        mark_incomplete(run, "bad options for this kernel");
        run->bad_input = true;
        kr.verdict = VERDICT_UNKNOWN;
        vec_push(&kr.reasons, dup("bad options for this kernel"));
        vec_push(&run->kernels, kr);
        return;
    }
    for (int i = 0; i < plan.assumptions.n; i++) vec_push(&kr.assumptions, dup(plan.assumptions.v[i]));
    for (int i = 0; i < plan.nparams; i++) {
        if (plan.params[i].kind != PARAM_DTYPE) continue;
        StrBuf b = {0};
        sb_printf(&b, "parameter '%s' is used as a dtype and has no default: give it with --scalar %s=nl.DTYPE",
                  plan.params[i].name, plan.params[i].name);
        vec_push(&kr.reasons, dup(sb_str(&b)));
        sb_free(&b);
    }
    if (kr.reasons.n) {
        mark_incomplete(run, "%s", kr.reasons.v[0]);
        kr.verdict = VERDICT_UNKNOWN;
        kr.ms = now_ms() - t0;
        vec_push(&run->kernels, kr);
        return;
    }

    LocVec seen_asserts = {0};
    bool inputs_failed = false;
    if (run->prove) {
        d->on_require = record_require;
        d->require_ctx = run;
    }
    run->dtype_observed = false;
    sym_kernel_begin(d);
    do {
        sym_path_begin(d);
        PathRun pr;
        bool loaded = path_start(run, fc, &pr, target);
        Value *kval = loaded ? dict_get_str(&pr.module->u.module.globals, intern_cstr(&run->names, kname)) : NULL;
        Value *kfn = kval ? nki_kernel_function(kval) : NULL;
        bool rejected = false, completed = false;
        if (!kfn) {
            mark_incomplete(run, "the module did not load on a path");
            sym_record_unknown(d, plan.def_loc, "the module did not load on a path");
            merge_diags(&kr.diags, &pr.diags);
        } else {
            CallArgs args = {0};
            bool built = build_args(run, &pr.I, &pr.nki, pr.module, &plan, &args);
            if (!built || pr.I.unwind != UNWIND_NONE) {
                if (d->infeasible) {
                    rejected = true;   /* --assume excludes these inputs */
                } else {
                    if (pr.I.unwind == UNWIND_RAISE) interp_report_uncaught(&pr.I);
                    if (pr.I.unwind == UNWIND_ABORT)
                        sym_record_unknown(d, pr.I.abort_loc, "%s", pr.I.abort_reason ? pr.I.abort_reason : "aborted");
                    merge_diags(&run->file_diags, &pr.diags);
                    mark_incomplete(run, "the inputs could not be built");
                    inputs_failed = true;
                    run->bad_input = true;
                }
            } else {
                Value *ret = interp_call(&pr.I, kfn, &args, plan.def_loc);
                if (pr.I.unwind == UNWIND_NONE && !d->infeasible) require_outputs_written(run, &pr, &plan, ret);
                if (d->infeasible) {
                    rejected = true;
                    if (getenv("KCV_CHECK_TRACE"))
                        fprintf(run->err, "kcv check: %s: path %d rejected by the assumption at %s:%d\n", kname,
                                d->paths + 1, d->infeasible_loc.file ? d->infeasible_loc.file->path : "?",
                                d->infeasible_loc.line);
                } else if (pr.I.unwind == UNWIND_RAISE) {
                    if (interp_exc_is(&pr.I, "AssertionError")) {
                        rejected = true;
                        if (getenv("KCV_CHECK_TRACE"))
                            fprintf(run->err, "kcv check: %s: path %d rejected: AssertionError: %s at %s:%d\n",
                                    kname, d->paths + 1, interp_exc_message(&pr.I),
                                    pr.I.exc_loc.file ? pr.I.exc_loc.file->path : "?", pr.I.exc_loc.line);
                    } else {
                        interp_report_uncaught(&pr.I);
                        SymCexEntry *cex = NULL;
                        int ncex = sym_path_counterexample(d, &cex);
                        int before = kr.diags.n;
                        merge_diags(&kr.diags, &pr.diags);
                        /* the first new exception diagnostic gets the model */
                        for (int i = before; i < kr.diags.n; i++) {
                            if (strcmp(kr.diags.v[i].rule, "exception") == 0 && !kr.diags.v[i].cex) {
                                kr.diags.v[i].cex = cex;
                                kr.diags.v[i].ncex = ncex;
                                cex = NULL;
                                break;
                            }
                        }
                        if (cex) sym_cex_free(cex, ncex);
                    }
                } else if (pr.I.unwind == UNWIND_ABORT) {
                    sym_record_unknown(d, pr.I.abort_loc, "%s", pr.I.abort_reason ? pr.I.abort_reason : "aborted");
                    mark_incomplete(run, "%s at line %d", pr.I.abort_reason ? pr.I.abort_reason : "aborted",
                                    pr.I.abort_loc.line);
                    merge_diags(&kr.diags, &pr.diags);
                } else {
                    completed = true;
                    merge_diags(&kr.diags, &pr.diags);
                }
                if (!rejected) collect_asserts(&kr, &pr.I, &seen_asserts);
            }
        }
        if (rejected) kr.rejected++;
        if (completed) kr.completed++;
        path_end(run, &pr);
        if (inputs_failed) break;
    } while (sym_path_next(d));
    kr.paths = d->paths + (inputs_failed ? 1 : 0);
    vec_free(&seen_asserts);
    d->on_require = NULL;
    d->require_ctx = NULL;
    if (d->bound_hit) mark_incomplete(run, "path bound reached (%d paths)", d->opt.max_paths);

    /* violations, with their counterexamples */
    for (int i = 0; i < d->violations.n; i++) {
        SymViolation *v = &d->violations.v[i];
        if (find_diag(&kr.diags, v->rule, v->loc, v->message)) continue;
        CheckDiag cd = {0};
        cd.rule = dup(v->rule);
        cd.sev = SEV_ERROR;
        cd.loc = v->loc;
        cd.message = dup(v->message);
        if (v->contract) {
            StrBuf b = {0};
            sb_printf(&b, "contract: %s", v->contract);
            CheckNote n = {v->contract_loc, dup(sb_str(&b))};
            vec_push(&cd.notes, n);
            sb_free(&b);
        }
        cd.cex = v->cex;   /* moved */
        cd.ncex = v->ncex;
        v->cex = NULL;
        v->ncex = 0;
        vec_push(&kr.diags, cd);
    }
    /* the open dtype by name, or not at all when nothing depended on it */
    for (int i = 0; i < kr.diags.n; i++) plan_name_dtypes(&plan, run->dtype_observed, &kr.diags.v[i]);
    /* what could not be decided */
    for (int i = 0; i < d->unknowns.n; i++) {
        SymUnknown *u = &d->unknowns.v[i];
        if (!find_diag(&kr.diags, "unknown", u->loc, u->reason)) {
            CheckDiag cd = {0};
            cd.rule = dup("unknown");
            cd.sev = SEV_WARNING;
            cd.loc = u->loc;
            cd.message = dup(u->reason);
            vec_push(&kr.diags, cd);
        }
        StrBuf b = {0};
        if (u->loc.file) sb_printf(&b, "%s at %s:%d", u->reason, u->loc.file->path, u->loc.line);
        else sb_puts(&b, u->reason);
        add_unique(&kr.reasons, sb_str(&b));
        sb_free(&b);
    }
    if (d->bound_hit) {
        StrBuf b = {0};
        sb_printf(&b, "path bound reached (%d paths; --max-paths to raise it)", d->opt.max_paths);
        add_unique(&kr.reasons, sb_str(&b));
        sb_free(&b);
    }
    if (inputs_failed) add_unique(&kr.reasons, "the inputs could not be built");

    bool violated = false;
    for (int i = 0; i < kr.diags.n; i++)
        if (kr.diags.v[i].sev == SEV_ERROR) violated = true;
    if (violated) {
        kr.verdict = VERDICT_VIOLATED;
    } else if (kr.reasons.n) {
        kr.verdict = VERDICT_UNKNOWN;
    } else if (kr.completed == 0) {
        kr.verdict = VERDICT_UNKNOWN;
        vec_push(&kr.reasons, dup("the kernel's assertions exclude every input"));
    } else {
        kr.verdict = VERDICT_VERIFIED;
    }
    kr.checks = smt_checks(d->smt) - checks0;
    kr.ms = now_ms() - t0;
    vec_push(&run->kernels, kr);
}

/* ---- one file ---------------------------------------------------------------------- */

typedef struct Found {
    const char *name;   /* interned */
    const Node *def;
    int line;
    const NkiTarget *target;
    KernelPlan plan;
    bool planned;
} Found;

/* Helpers of the kernel's module, by name (PlanResolver over its globals). */
const Node *resolve_global(void *ctx, const char *name) {
    Value *module = ctx;
    for (int i = 0; i < module->u.module.globals.n; i++) {
        const DictEntry *e = &module->u.module.globals.v[i];
        if (e->key->kind != V_STR || strcmp(e->key->u.str.s, name) != 0) continue;
        Value *fn = e->value;
        Value *k = fn ? nki_kernel_function(fn) : NULL;
        if (k) fn = k;
        return fn && fn->kind == V_FUNCTION ? fn->u.fn.def : NULL;
    }
    return NULL;
}

static int cmp_kernel(const void *a, const void *b) {
    const CheckKernel *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    return strcmp(x->name, y->name);
}

int check_module_kernels(Value *module, const char *only, CheckKernel **out) {
    Vec(CheckKernel) found = {0};
    const Dict *g = &module->u.module.globals;
    for (int i = 0; i < g->n; i++) {
        Value *k = g->v[i].key, *v = g->v[i].value;
        /* A kernel is a value the NKI model wraps (@nki.jit and the
         * like) around a function of this very file. */
        Value *fn = v ? nki_kernel_function(v) : NULL;
        if (!fn || fn == v || fn->kind != V_FUNCTION || fn->u.fn.module != module || k->kind != V_STR) continue;
        if (only && strcmp(only, k->u.str.s) != 0) continue;
        bool dupl = false;
        for (int j = 0; j < found.n; j++) dupl |= found.v[j].fn->u.fn.def == fn->u.fn.def;
        if (dupl) continue;
        CheckKernel ck = {k->u.str.s, v, fn, fn->u.fn.def->span.line};
        vec_push(&found, ck);
    }
    if (found.n > 1) qsort(found.v, (size_t)found.n, sizeof(CheckKernel), cmp_kernel);
    *out = found.v;
    return found.n;
}

static int cmp_found(const void *a, const void *b) {
    const Found *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    return strcmp(x->name, y->name);
}

static void file_error(CheckRun *run, const char *fmt, ...) KCV_PRINTF(2, 3);

static void file_error(CheckRun *run, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("kcv check: ", run->err);
    vfprintf(run->err, fmt, ap);
    fputc('\n', run->err);
    va_end(ap);
    run->bad_input = true;
}

static void check_file(CheckRun *run, const CheckTarget *t) {
    FileCtx fc = {t->file, NULL, NULL, NULL};
    if (!is_file(t->file)) {
        file_error(run, "cannot read '%s'", t->file);
        return;
    }
    if (run->opt->target && !nki_target_find(run->opt->target)) {
        file_error(run, "unknown target '%s' (trn1, trn2 or trn3)", run->opt->target);
        return;
    }
    DiagSink parse_diags;
    diag_init(&parse_diags);
    Node *mod = source_cache_get(&run->cache, t->file, &parse_diags, &fc.file);
    if (!mod) {
        merge_diags(&run->file_diags, &parse_diags);
        diag_free(&parse_diags);
        if (!fc.file) file_error(run, "cannot read '%s'", t->file);
        run->bad_input = true;
        return;
    }
    diag_free(&parse_diags);
    module_name_for(t->file, &fc.modname, &fc.root);

    /* discovery: run the module once, without inputs */
    sym_kernel_begin(&run->dom);
    sym_path_begin(&run->dom);
    PathRun pr;
    bool loaded = path_start(run, &fc, &pr, target_of(run, NULL));
    Vec(Found) found = {0};
    if (!loaded) {
        if (pr.I.unwind == UNWIND_RAISE) interp_report_uncaught(&pr.I);
        merge_diags(&run->file_diags, &pr.diags);
        file_error(run, "%s: the module could not be run%s%s", t->file, pr.I.abort_reason ? ": " : "",
                   pr.I.abort_reason ? pr.I.abort_reason : "");
    } else {
        CheckKernel *ks = NULL;
        int nk = check_module_kernels(pr.module, t->kernel, &ks);
        for (int i = 0; i < nk; i++) {
            const Node *def = ks[i].fn->u.fn.def;
            Found f = {intern_cstr(&run->names, ks[i].name), def, ks[i].line, target_of(run, ks[i].kernel), {0},
                       false};
            f.planned = plan_kernel(run, f.def, fc.file, resolve_global, pr.module, &f.plan);
            vec_push(&found, f);
        }
        kcv_free(ks);
    }
    path_end(run, &pr);
    if (loaded && found.n) {
        /* an option must name a parameter of some kernel checked */
        const CheckOptions *o = run->opt;
        for (int kind = 0; kind < 3; kind++) {
            int n = kind == 0 ? o->shapes.n : kind == 1 ? o->dtypes.n : o->scalars.n;
            for (int i = 0; i < n; i++) {
                const char *name = kind == 0 ? o->shapes.v[i].arg : kind == 1 ? o->dtypes.v[i].name
                                                                               : o->scalars.v[i].name;
                bool has = false;
                for (int j = 0; j < found.n && !has; j++)
                    for (int q = 0; q < found.v[j].plan.nparams && !has; q++)
                        has = strcmp(found.v[j].plan.params[q].name, name) == 0;
                if (!has) loaded = false;
                if (!has)
                    file_error(run, "%s %s: no kernel checked in %s has a parameter '%s'",
                               kind == 0 ? "--shape" : kind == 1 ? "--dtype" : "--scalar", name, t->file, name);
            }
        }
    }
    if (loaded) {
        if (found.n > 1) qsort(found.v, (size_t)found.n, sizeof(Found), cmp_found);
        for (int i = 0; i < found.n; i++)
            check_kernel(run, &fc, found.v[i].name, found.v[i].line, found.v[i].target, &found.v[i].plan,
                         found.v[i].planned);
        if (found.n == 0) {
            if (t->kernel) file_error(run, "%s: no NKI kernel named '%s'", t->file, t->kernel);
            else file_error(run, "%s: no NKI kernels (functions decorated with @nki.jit and the like)", t->file);
        }
    }
    for (int i = 0; i < found.n; i++) plan_free(&found.v[i].plan);
    vec_free(&found);
    kcv_free(fc.modname);
    kcv_free(fc.root);
}

/* ---- the run ---------------------------------------------------------------------- */

static void run_init(CheckRun *run, const CheckOptions *o, FILE *err) {
    memset(run, 0, sizeof *run);
    run->opt = o;
    run->err = err;
    interner_init(&run->names);
    source_cache_init(&run->cache, &run->names);
    arena_init(&run->arena);
    check_exprs_init(&run->exprs, &run->names, "kcv check", err);
    SymOptions so = {o->timeout_ms, o->max_paths};
    sym_init(&run->dom, &so);
}

static void run_free(CheckRun *run) {
    for (int i = 0; i < run->kernels.n; i++) kernel_result_free(&run->kernels.v[i]);
    vec_free(&run->kernels);
    for (int i = 0; i < run->file_diags.n; i++) check_diag_free(&run->file_diags.v[i]);
    vec_free(&run->file_diags);
    for (int i = 0; i < run->proven.n; i++) {
        kcv_free(run->proven.v[i].rule);
        kcv_free(run->proven.v[i].file);
        kcv_free(run->proven.v[i].cfile);
    }
    vec_free(&run->proven);
    kcv_free(run->why_incomplete);
    sym_free(&run->dom);
    source_cache_free(&run->cache);
    check_exprs_free(&run->exprs);
    arena_free(&run->arena);
    interner_free(&run->names);
}

int check_run(const CheckOptions *o, const CheckTarget *targets, int ntargets, FILE *out, FILE *err) {
    CheckRun run;
    run_init(&run, o, err);

    for (int i = 0; i < ntargets; i++) check_file(&run, &targets[i]);
    report_print(&run, out);

    bool violated = false, unknown = false;
    for (int i = 0; i < run.kernels.n; i++) {
        KernelResult *k = &run.kernels.v[i];
        violated |= k->verdict == VERDICT_VIOLATED;
        unknown |= k->verdict == VERDICT_UNKNOWN;
        if (o->stats)
            fprintf(err, "kcv check: %s:%s: %s, %d paths (%d completed, %d rejected), %ld solver checks, %.1f ms\n",
                    k->file, k->name, verdict_name(k->verdict), k->paths, k->completed, k->rejected, k->checks,
                    k->ms);
    }
    int status = violated                           ? KCV_EXIT_VIOLATION
                 : run.bad_input || run.exprs.bad_input ? KCV_EXIT_USAGE
                 : unknown                          ? KCV_EXIT_UNKNOWN
                                                    : KCV_EXIT_OK;
    run_free(&run);
    return status;
}

bool check_prove(const CheckOptions *o, const CheckTarget *t, CheckProvenFn proven, void *ctx, FILE *err,
                 char **why) {
    CheckRun run;
    run_init(&run, o, err);
    run.prove = true;
    check_file(&run, t);
    if (run.bad_input || run.exprs.bad_input) mark_incomplete(&run, "the static checker could not use these inputs");
    if (run.kernels.n != 1) mark_incomplete(&run, "the kernel was not checked");
    if (!run.incomplete) {
        for (int i = 0; i < run.proven.n; i++) {
            const ProvenKey *k = &run.proven.v[i];
            if (k->failed) continue;
            Obligation ob = {.rule = k->rule, .loc = k->loc, .contract_loc = k->contract_loc};
            proven(ctx, &ob);
        }
    }
    bool complete = !run.incomplete;
    if (why) *why = run.why_incomplete ? dup(run.why_incomplete) : NULL;
    run_free(&run);
    return complete;
}
