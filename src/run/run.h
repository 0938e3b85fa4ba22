/* run.h - `kcv run`: executes one NKI kernel on the CPU with concrete
 * inputs, checking at run time every contract of the model that the static
 * checker did not prove for these very inputs.
 *
 * The driver (driver.c) loads the kernel's module once with the concrete
 * domain (src/domain/concrete.h) and NKI data on (NkiCtx.with_data), makes
 * the inputs from --input specs (inputs.c: .npy files through npy.c, or
 * generators through rng.c), launches the kernel as `kernel[grid](...)`
 * (every SPMD instance), and writes the returned tensors as .npy files
 * (outputs.c).  With --checks=residual a static pre-pass (check_prove in
 * src/check) first proves what it can with every input fixed; those
 * obligations are skipped at run time (residual.c).  Same input, same
 * output, byte for byte.
 *
 * Depends on base, front, eval, domain, nki, check.
 */
#ifndef KCV_RUN_H
#define KCV_RUN_H

#include <stdio.h>

#include "../check/check.h"

typedef enum RunChecks {
    RUN_CHECKS_RESIDUAL,   /* what the static pre-pass did not prove (default) */
    RUN_CHECKS_ALL,        /* every obligation */
    RUN_CHECKS_NONE,       /* nothing */
} RunChecks;

typedef struct RunOptions {
    const char *file;           /* FILE.py */
    const char *kernel;         /* NAME, or NULL: the file's only kernel */
    CheckKVVec inputs;          /* --input ARG=SPEC (SPEC: path.npy or GEN:D0xD1...[:DTYPE]) */
    CheckKVVec dtypes;          /* --dtype ARG=DTYPE: convert on load */
    CheckShapeVec shapes;       /* --shape ARG=D0,D1: the shape an input must have */
    CheckKVVec scalars;         /* --scalar NAME=EXPR (Python, in the kernel's module) */
    uint64_t seed;              /* --seed, for the generators */
    int64_t grid[3];            /* --grid; grid_ndim 0: no grid */
    int grid_ndim;
    const char *target;         /* NULL: the kernel's or trn2 */
    CheckStrVec paths;          /* --path: extra import roots */
    const char *profile;        /* --profile FILE (YAML), or NULL */
    const char *output_dir;     /* --output DIR, or NULL */
    RunChecks checks;
    bool report;                /* --on-violation=report (else abort) */
    bool stats;                 /* timings on `err` */
    uint64_t max_memory;        /* bytes of input tensors allowed; 0: half of physical memory */
    long max_steps;             /* evaluator step budget; 0: RUN_DEFAULT_MAX_STEPS */
    bool color;                 /* ANSI colours in diagnostics */
} RunOptions;

/* Statements and calls (the model's included) a run may execute: a kernel
 * runs every iteration here, where kcv check runs a loop body once. */
enum { RUN_DEFAULT_MAX_STEPS = 100000000 };

void run_options_init(RunOptions *o);
void run_options_free(RunOptions *o);

/* Runs the kernel; diagnostics and problems with the inputs go to `err`,
 * the summary to `out`.  Returns the exit status (include/kcv.h): 0 ran
 * without violation, 1 a contract violated (or an uncaught exception),
 * 2 bad input or usage, 3 could not run (the evaluator gave up, the step
 * budget ran out), 4 internal error or out of memory. */
int run_kernel(const RunOptions *o, FILE *out, FILE *err);

#endif
