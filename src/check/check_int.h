/* check_int.h - state shared by the files of src/check; private to it.
 *
 *   driver.c  files, kernels, paths: runs the evaluator, collects results
 *   inputs.c  the syntactic pre-pass over a kernel and its symbolic inputs
 *   report.c  verdicts as text (through the DiagSink printer), JSON, SARIF
 *
 * Ownership: a CheckRun owns everything it collects (heap strings), the
 * SourceCache whose files the locations point into, and the pseudo-files
 * of command-line expressions; check_run frees it after printing.
 */
#ifndef KCV_CHECK_INT_H
#define KCV_CHECK_INT_H

#include "check.h"   /* first: <stdio.h> */

#include "../domain/symbolic.h"
#include "../eval/eval.h"
#include "../nki/nki.h"

typedef enum Verdict { VERDICT_VERIFIED, VERDICT_VIOLATED, VERDICT_UNKNOWN } Verdict;

/* A follow-up note of a diagnostic. */
typedef struct CheckNote {
    Loc loc;
    char *text;
} CheckNote;

/* One diagnostic of a kernel (or of a file, before any kernel ran). */
typedef struct CheckDiag {
    char *rule;               /* "bounds", "exception", "unknown", "syntax", ... */
    Severity sev;
    Loc loc;
    char *message;
    Vec(CheckNote) notes;     /* contract quote, call sites */
    SymCexEntry *cex;         /* owned; inputs first */
    int ncex;
} CheckDiag;

typedef Vec(CheckDiag) CheckDiagVec;
typedef Vec(char *) StrVec;

typedef struct KernelResult {
    char *file;               /* as named on the command line */
    char *name;
    Verdict verdict;
    StrVec reasons;           /* why unknown */
    StrVec assumptions;       /* what "verified" rests on */
    CheckDiagVec diags;
    int line;                 /* of the def, for ordering */
    /* statistics (never in the report itself) */
    int paths, completed, rejected;
    long checks;
    double ms;
} KernelResult;

/* An obligation of check_prove, by what identifies it across runs. */
typedef struct ProvenKey {
    char *rule;
    char *file;               /* loc's path, or NULL */
    int line, col;
    char *cfile;              /* contract_loc's path, or NULL */
    int cline, ccol;
    bool failed;              /* violated or undecided at least once */
    Loc loc, contract_loc;    /* as first seen (into the run's files) */
} ProvenKey;

typedef struct CheckRun {
    const CheckOptions *opt;
    Interner names;
    SourceCache cache;
    Arena arena;              /* strings of the plans */
    CheckExprs exprs;         /* command-line expressions */
    SymDomain dom;
    Vec(KernelResult) kernels;
    CheckDiagVec file_diags;  /* inputs that could not be checked */
    bool bad_input;
    FILE *err;
    /* check_prove: obligations seen, and whether each was proven every time */
    bool prove;               /* record obligations (SymDomain.on_require) */
    Vec(ProvenKey) proven;
    bool incomplete;          /* a path given up, the bound hit, inputs not built */
    char *why_incomplete;
    bool dtype_observed;      /* the current kernel's open dtype mattered on some run */
} CheckRun;

/* ---- inputs.c ----------------------------------------------------------- */

typedef enum ParamKind {
    PARAM_TENSOR,     /* an HBM tensor of symbolic (or given) shape */
    PARAM_TUPLE,      /* a tuple of ints, unpacked by the kernel */
    PARAM_INT,        /* a symbolic int */
    PARAM_EXPR,       /* --scalar: a Python expression */
    PARAM_DTYPE,      /* used as a dtype, no default: needs --scalar */
    PARAM_DEFAULT,    /* keeps its default */
} ParamKind;

typedef struct ParamPlan {
    const char *name;
    ParamKind kind;
    bool kwonly;
    /* PARAM_TENSOR: dims, each a name (symbolic) or a value (concrete) */
    int rank;
    const char **dim_names;   /* NULL entry: concrete dim_values[i] */
    int64_t *dim_values;
    int dtype;                /* NkiDtype (when not dtype_open) */
    bool dtype_given;
    bool dtype_open;          /* no --dtype: the plan's open dtype */
    bool rank_guessed;        /* no syntactic evidence of the rank */
    /* PARAM_TUPLE */
    int ntuple;
    const char **tuple_names;
    /* PARAM_EXPR */
    const char *expr;
} ParamPlan;

typedef struct KernelPlan {
    ParamPlan *params;
    int nparams;
    bool uses_grid;           /* mentions program_id / num_programs / ... */
    int grid_axes;            /* symbolic grid sizes to make (0: none or --grid) */
    Loc def_loc;              /* the `def` name */
    Loc return_loc;           /* the last `return` (else def_loc) */
    const char *return_text;  /* "result" when it returns a name, else NULL */
    StrVec assumptions;       /* from the plan: inputs, dtypes, ranges */
    /* The one open dtype all tensors without --dtype share: a symbolic
     * input named dtype_name ("a.dtype", or "inputs.dtype" for several),
     * one of dtype_mask (bit d: NkiDtype d).  NULL: none. */
    const char *dtype_name;
    unsigned dtype_mask;
} KernelPlan;

/* The def of a function the kernel's module binds to `name` (helpers the
 * pre-pass follows), or NULL. */
typedef const Node *(*PlanResolver)(void *ctx, const char *name);

/* Plans the inputs of kernel `def` (an N_FUNCTION_DEF of `file`) under the
 * options; `resolve` finds the helpers it passes its parameters to.
 * Reports bad options (an unknown parameter, a bad dtype) to run->err and
 * returns false.  Strings live in run->arena. */
bool plan_kernel(CheckRun *run, const Node *def, const SourceFile *file, PlanResolver resolve, void *rctx,
                 KernelPlan *plan);
void plan_free(KernelPlan *plan);
/* Names the dtype in counterexample `d`: the open dtype's value (an
 * NkiDtype number) becomes its name, or, when no run of the kernel ever
 * depended on it (`observed` false), the entry goes. */
void plan_name_dtypes(const KernelPlan *plan, bool observed, CheckDiag *d);

/* The def of a helper bound to `name` in module `ctx` (a PlanResolver over
 * a module's globals; driver.c). */
const Node *resolve_global(void *ctx, const char *name);

/* Builds the arguments of one run of the kernel (symbolic inputs through
 * the domain, tensors through the NKI model) and states the input
 * assumptions (dims in [1, 2**31), grid sizes >= 1, --assume).  False when
 * the evaluation of an option's expression unwound (I->unwind set). */
bool build_args(CheckRun *run, Interp *I, NkiCtx *ctx, Value *module, const KernelPlan *plan,
                CallArgs *args);

/* ---- report.c ------------------------------------------------------------ */

void check_diag_free(CheckDiag *d);
void kernel_result_free(KernelResult *k);
/* Prints every kernel of the run in the chosen format; returns nothing:
 * the exit status comes from the verdicts. */
void report_print(CheckRun *run, FILE *out);
const char *verdict_name(Verdict v);

#endif
