/* cmd_check.c - `kcv check FILE.py[:KERNEL]... [options]`: the command line
 * of src/check. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../check/check.h"
#include "cli.h"
#include "kcv.h"

static const char usage[] =
    "usage: kcv check [options] FILE.py[:KERNEL]...\n"
    "\n"
    "Proves that each NKI kernel of FILE.py (or only KERNEL) keeps the contracts of\n"
    "the NKI API for every input shape, or shows a violation with a concrete\n"
    "counterexample.  Parameters without a default are symbolic inputs: tensors\n"
    "(HBM; every dim in [1, 2**31)), tuples or ints.  The tensors without --dtype\n"
    "share one dtype, float32, bfloat16 or float16 (--dtype-set), and a violation\n"
    "that depends on it names it.  The kernel's own `assert`s are preconditions.\n"
    "\n"
    "options:\n"
    "  --shape ARG=D0,D1,...  shape of tensor ARG; each dim an integer or a name\n"
    "                         (equal names are one symbol, shared across tensors)\n"
    "  --dtype ARG=DTYPE      dtype of tensor ARG (bfloat16, float32, float16, ...)\n"
    "  --dtype-set D1,D2,...  the dtypes the tensors without --dtype range over\n"
    "                         (default float32,bfloat16,float16)\n"
    "  --scalar NAME=VALUE    parameter NAME is the Python expression VALUE, evaluated\n"
    "                         in the kernel's module (1, 1e-6, True, (3, 4),\n"
    "                         nl.float32, Config(tile=2048))\n"
    "  --assume EXPR          assume the Python condition EXPR over dim and parameter\n"
    "                         names (e.g. 'K % 128 == 0')\n"
    "  --grid X[,Y[,Z]]       SPMD launch grid (default: symbolic sizes >= 1 when the\n"
    "                         kernel reads program ids)\n"
    "  --target trn1|trn2|trn3  hardware generation (default: the kernel's, else trn2)\n"
    "  --path DIR             extra import root (repeatable)\n"
    "  --format text|json|sarif  output format (default text)\n"
    "  --timeout MS           solver time per query in milliseconds (default 2000)\n"
    "  --max-paths N          paths explored per kernel before giving up (default 256)\n"
    "  --stats                per kernel: paths, solver checks and time, on stderr\n"
    "  --help                 show this help\n"
    "\n"
    "exit status: 0 all verified, 1 a violation, 2 bad input or usage,\n"
    "3 undecided (unknown) without a violation.\n";

int cmd_check(int argc, char **argv, FILE *out, FILE *err) {
    CheckOptions o;
    check_options_init(&o);
    Vec(CheckTarget) targets = {0};
    CliOwned owned = {0};   /* strings made here */
    int status = -1;
    bool options_done = false;
    CliArgs a = {"kcv check", argc, argv, 1, err};
    CliShared shared = {&o.shapes, &o.dtypes, &o.scalars, o.grid, &o.grid_ndim, &o.target, &o.paths, &owned,
                         &options_done, &o.stats, usage, out};
    for (; a.i < argc && status < 0; a.i++) {
        const char *s = argv[a.i];
        if (options_done || s[0] != '-' || s[1] == '\0') {
            CheckTarget t = {s, NULL};
            /* FILE.py:NAME */
            const char *colon = strrchr(s, ':');
            if (colon && colon > s && colon[1] && !strchr(colon, '/')) {
                char *f = kcv_strndup(s, (size_t)(colon - s));
                vec_push(&owned, f);
                t.file = f;
                t.kernel = colon + 1;
            }
            vec_push(&targets, t);
            continue;
        }
        int r = cli_shared_option(&a, &shared);
        if (r != 0) {
            if (r != 1) {
                status = r == 2 ? KCV_EXIT_OK : KCV_EXIT_USAGE;
                break;
            }
            continue;
        }
        bool m;
        const char *v;
        if ((v = cli_opt_value(&a, "--dtype-set", &m)) || m) {
            if (!v || !*v) {
                if (v) fprintf(err, "kcv check: --dtype-set needs a list of dtypes\n");
                status = KCV_EXIT_USAGE;
                break;
            }
            o.dtype_set = v;
        } else if ((v = cli_opt_value(&a, "--assume", &m)) || m) {
            if (!v || !*v) {
                if (v) fprintf(err, "kcv check: --assume needs a condition\n");
                status = KCV_EXIT_USAGE;
                break;
            }
            vec_push(&o.assumes, v);
        } else if ((v = cli_opt_value(&a, "--format", &m)) || m) {
            if (v && strcmp(v, "text") == 0) o.format = CHECK_FORMAT_TEXT;
            else if (v && strcmp(v, "json") == 0) o.format = CHECK_FORMAT_JSON;
            else if (v && strcmp(v, "sarif") == 0) o.format = CHECK_FORMAT_SARIF;
            else {
                if (v) fprintf(err, "kcv check: --format %s: expected text, json or sarif\n", v);
                status = KCV_EXIT_USAGE;
                break;
            }
        } else if ((v = cli_opt_value(&a, "--timeout", &m)) || m) {
            long long t;
            if (!v || !cli_parse_int(v, 1, 3600000, &t)) {
                if (v) fprintf(err, "kcv check: --timeout %s: expected milliseconds (1 to 3600000)\n", v);
                status = KCV_EXIT_USAGE;
                break;
            }
            o.timeout_ms = (unsigned)t;
        } else if ((v = cli_opt_value(&a, "--max-paths", &m)) || m) {
            long long t;
            if (!v || !cli_parse_int(v, 1, 1000000, &t)) {
                if (v) fprintf(err, "kcv check: --max-paths %s: expected a positive integer\n", v);
                status = KCV_EXIT_USAGE;
                break;
            }
            o.max_paths = (int)t;
        } else {
            fprintf(err, "kcv check: unknown option '%s'\n", s);
            status = KCV_EXIT_USAGE;
            break;
        }
    }
    if (status < 0 && targets.n == 0) {
        fprintf(err, "kcv check: no input files\n%s", usage);
        status = KCV_EXIT_USAGE;
    } else if (status == KCV_EXIT_USAGE) {
        fputs("Run `kcv check --help` for the options.\n", err);
    }
    if (status < 0) {
        o.color = o.format == CHECK_FORMAT_TEXT && isatty(fileno(out)) && getenv("NO_COLOR") == NULL;
        status = check_run(&o, targets.v, targets.n, out, err);
    }
    for (int i = 0; i < owned.n; i++) kcv_free(owned.v[i]);
    vec_free(&owned);
    vec_free(&targets);
    check_options_free(&o);
    return status;
}
