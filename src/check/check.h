/* check.h - `kcv check`: static verification of NKI kernels over symbolic
 * shapes, with a concrete counterexample for every violation.
 *
 * The driver (driver.c) runs each kernel of a file through the one
 * evaluator over the symbolic domain (src/domain/symbolic.h), once per
 * path, with symbolic inputs made from the kernel's parameters (inputs.c);
 * report.c turns the results into verdicts and prints them as text, JSON
 * or SARIF.  Same input, same output, byte for byte.
 *
 * Depends on base, front, eval, domain, nki.
 */
#ifndef KCV_CHECK_H
#define KCV_CHECK_H

#include <stdio.h>

#include "../base/base.h"
#include "../eval/eval.h"

typedef enum CheckFormat { CHECK_FORMAT_TEXT, CHECK_FORMAT_JSON, CHECK_FORMAT_SARIF } CheckFormat;

/* NAME=VALUE from the command line (--dtype, --scalar). */
typedef struct CheckKV {
    const char *name;
    const char *value;
} CheckKV;

/* --shape ARG=D0,D1,...: each dim an integer or a name. */
typedef struct CheckShape {
    const char *arg;
    const char **dims;
    int ndims;
} CheckShape;

/* Named vectors of the options kcv check and kcv run share (src/cli reads
 * them with one function). */
typedef Vec(CheckShape) CheckShapeVec;
typedef Vec(CheckKV) CheckKVVec;
typedef Vec(const char *) CheckStrVec;

typedef struct CheckOptions {
    CheckShapeVec shapes;
    CheckKVVec dtypes;
    const char *dtype_set;      /* --dtype-set: the dtypes of the inputs without
                                   --dtype, comma-separated (NULL: the default) */
    CheckKVVec scalars;         /* VALUE is a Python expression */
    Vec(const char *) assumes;  /* Python expressions over dims and scalars */
    int64_t grid[3];            /* --grid; grid_ndim 0: symbolic sizes >= 1 */
    int grid_ndim;
    const char *target;         /* NULL: the kernel's or the default (trn2) */
    CheckStrVec paths;          /* extra import roots */
    CheckFormat format;
    unsigned timeout_ms;        /* per solver query */
    int max_paths;              /* per kernel */
    bool color;                 /* ANSI colours in text output */
    bool stats;                 /* paths, solver checks, time per kernel on `err` */
    bool no_grid;               /* grid_ndim 0 means no grid at all (one instance), not
                                   symbolic sizes: kcv run's static pre-pass */
} CheckOptions;

/* A target to check: a file, and a kernel name or NULL for all. */
typedef struct CheckTarget {
    const char *file;
    const char *kernel;
} CheckTarget;

void check_options_init(CheckOptions *o);
void check_options_free(CheckOptions *o);

/* Checks the targets; writes the report to `out` (all formats) and
 * problems with the inputs themselves to `err`.  Returns the exit status
 * (include/kcv.h): 1 if any violation, else 2 if some input could not be
 * checked, else 3 if any kernel is unknown, else 0. */
int check_run(const CheckOptions *o, const CheckTarget *targets, int ntargets, FILE *out, FILE *err);

/* ---- shared with kcv run (src/run) ----------------------------------------------
 *
 * kcv run finds kernels, reads their parameters and evaluates --scalar
 * expressions exactly as kcv check does, and runs the static checker once
 * on the kernel with every input fixed to the run's values (check_prove):
 * the obligations proven there for every execution are not checked again
 * at run time. */

/* A kernel of a module: a value the NKI model wraps (@nki.jit and the like)
 * around a function of that very module. */
typedef struct CheckKernel {
    const char *name;         /* the module-level name (the module's string) */
    Value *kernel;            /* the bound value (kernel object) */
    Value *fn;                /* its V_FUNCTION */
    int line;                 /* of the def */
} CheckKernel;

/* The kernels `module` defines, in source order, each once; only the one
 * named `only` when it is not NULL.  Returns how many; *out is malloc'd
 * (kcv_free), NULL when none. */
int check_module_kernels(Value *module, const char *only, CheckKernel **out);

/* A parameter of a kernel, as the syntactic pre-pass sees it. */
typedef struct CheckParam {
    const char *name;         /* the AST's (interned) */
    bool kwonly;
    bool has_default;
    bool tensor;              /* the body uses it as a tensor */
    Loc loc;                  /* the parameter in the def */
} CheckParam;

typedef struct CheckKernelInfo {
    CheckParam *params;       /* posonly, regular, keyword-only; malloc'd */
    int nparams;
    Loc def_loc;              /* the name after `def` */
    Loc return_loc;           /* the last `return` (else def_loc) */
    const char *return_text;  /* "out" when it returns a name, else NULL */
} CheckKernelInfo;

/* The parameters of kernel function `fn` (a V_FUNCTION of `module`, whose
 * helpers the pre-pass follows); `file` is the module's source. */
void check_kernel_info(Value *fn, Value *module, const SourceFile *file, CheckKernelInfo *out);
void check_kernel_info_free(CheckKernelInfo *k);

/* Command-line expressions (--scalar, --assume): each the body of a
 * function `__kcv_expr__(params)` in a pseudo-file named by its label
 * ("<--scalar tile>"), parsed once, whose globals are the kernel module's.
 * Owns the pseudo-files and their ASTs. */
typedef struct CheckExprEntry {
    char *text;               /* the source of its pseudo-module */
    const Node *mod;
    const SourceFile *file;
} CheckExprEntry;

typedef struct CheckExprs {
    Interner *names;
    Arena arena;              /* ASTs */
    Vec(SourceFile *) texts;  /* pseudo-files */
    Vec(CheckExprEntry) v;
    const char *cmd;          /* "kcv check", for messages */
    FILE *err;
    bool bad_input;           /* an expression did not parse (reported) */
} CheckExprs;

void check_exprs_init(CheckExprs *x, Interner *names, const char *cmd, FILE *err);
void check_exprs_free(CheckExprs *x);
/* Evaluates `expr` with `params` bound to `vals` in `module`'s namespace.
 * NULL when it does not parse (reported on x->err as "CMD: LABEL: not a
 * Python expression: EXPR", x->bad_input set) or when the evaluation
 * unwound (I->unwind set). */
Value *check_expr_eval(CheckExprs *x, Interp *I, Value *module, const char *label, const char *expr,
                       const char *const *params, Value **vals, int n);

/* An obligation proven for every execution of the kernel on the inputs of
 * the options (concrete shapes, dtypes, scalars and grid): the values that
 * identify it at run time (loc, contract_loc, rule). */
typedef void (*CheckProvenFn)(void *ctx, const Obligation *ob);

/* Runs the static checker on kernel `t->kernel` of `t->file` and calls
 * `proven` once per obligation proven on every path that reached it.  An
 * obligation violated or undecided on some path is not proven, and is not
 * reported either (nothing is printed; problems with the inputs go to
 * `err`).  Returns true when the exploration was complete (no path given
 * up, the path bound not hit): only then do the calls mean anything, and
 * only for runs that have not yet violated a contract (a violation was
 * assumed not to happen, statically).  *why (malloc'd, may be NULL) says
 * why it was not. */
bool check_prove(const CheckOptions *o, const CheckTarget *t, CheckProvenFn proven, void *ctx, FILE *err,
                 char **why);

#endif
