/* cli.h - the command-line interface: one file per command. */
#ifndef KCV_CLI_H
#define KCV_CLI_H

#include <stdio.h>

#include "../base/base.h"
#include "../check/check.h"

int cmd_parse(int argc, char **argv, FILE *out, FILE *err);
int cmd_check(int argc, char **argv, FILE *out, FILE *err);
int cmd_run(int argc, char **argv, FILE *out, FILE *err);

/* ---- option syntax shared by the commands (options.c) ---------------------- */

typedef struct CliArgs {
    const char *cmd;     /* "kcv check", for messages */
    int argc;
    char **argv;
    int i;               /* the option being read */
    FILE *err;
} CliArgs;

/* The value of option `name` at argv[i] ("--name=V" or "--name V", which
 * advances i); NULL when argv[i] is another option (*matched false) or the
 * value is missing (*matched true, reported on err). */
const char *cli_opt_value(CliArgs *a, const char *name, bool *matched);
/* A decimal integer in [lo, hi], the whole string. */
bool cli_parse_int(const char *s, long long lo, long long hi, long long *out);
/* NAME=VALUE with both non-empty: *name malloc'd, *value points into s. */
bool cli_split_kv(const char *s, const char **name, const char **value);
/* ARG=D0,D1,... with no empty dim: *arg, *dims and each dim malloc'd. */
bool cli_parse_shape(const char *s, const char **arg, const char ***dims, int *ndims);
/* X[,Y[,Z]]: 1 to 3 integers in [1, 2**31). */
bool cli_parse_grid(const char *s, int64_t grid[3], int *ndim);

/* Strings a command made while reading its options (freed at its end). */
typedef Vec(char *) CliOwned;

/* Where the options kcv check and kcv run share go: --shape, --dtype,
 * --scalar, --grid, --target, --path (same names, same meanings), and
 * the flags: "--" (what follows is operands), --stats, --help/-h (prints
 * `usage` on `out`). */
typedef struct CliShared {
    CheckShapeVec *shapes;
    CheckKVVec *dtypes;
    CheckKVVec *scalars;
    int64_t *grid;
    int *grid_ndim;
    const char **target;
    CheckStrVec *paths;
    CliOwned *owned;
    bool *options_done;
    bool *stats;
    const char *usage;
    FILE *out;
} CliShared;

/* Reads argv[a->i] if it is one of the shared options: 1 read, 0 not one
 * of them, -1 a bad value (reported on a->err), 2 --help (usage printed:
 * the command ends with status 0). */
int cli_shared_option(CliArgs *a, const CliShared *sh);

#endif
