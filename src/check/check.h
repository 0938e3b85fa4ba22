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

typedef struct CheckOptions {
    Vec(CheckShape) shapes;
    Vec(CheckKV) dtypes;
    Vec(CheckKV) scalars;       /* VALUE is a Python expression */
    Vec(const char *) assumes;  /* Python expressions over dims and scalars */
    int64_t grid[3];            /* --grid; grid_ndim 0: symbolic sizes >= 1 */
    int grid_ndim;
    const char *target;         /* NULL: the kernel's or the default (trn2) */
    Vec(const char *) paths;    /* extra import roots */
    CheckFormat format;
    unsigned timeout_ms;        /* per solver query */
    int max_paths;              /* per kernel */
    bool color;                 /* ANSI colours in text output */
    bool stats;                 /* paths, solver checks, time per kernel on `err` */
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

#endif
