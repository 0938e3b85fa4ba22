/* cmd_run.c - `kcv run FILE.py[:NAME] [options]`: the command line of
 * src/run. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../run/run.h"
#include "cli.h"
#include "kcv.h"

static const char usage[] =
    "usage: kcv run [options] FILE.py[:NAME]\n"
    "\n"
    "Runs NKI kernel NAME of FILE.py (NAME may be left out when the file has one\n"
    "kernel) on the CPU with concrete inputs, with the numerics of the target, and\n"
    "checks at run time each contract of the NKI model that the static checker\n"
    "did not prove for these inputs.  Every SPMD instance of the grid runs.\n"
    "\n"
    "inputs (every tensor parameter needs an --input; other parameters without a\n"
    "default need a --scalar):\n"
    "  --input ARG=FILE.npy   tensor ARG from a NumPy .npy file (its dtype, unless\n"
    "                         --dtype; float64, int64, uint64 files need --dtype)\n"
    "  --input ARG=GEN:D0xD1x...[:DTYPE]\n"
    "                         a generated tensor: GEN is randn (standard normal),\n"
    "                         rand (uniform in [0, 1)), zeros, ones or arange\n"
    "                         (0, 1, 2, ... in row-major order); DTYPE float32\n"
    "                         unless given (e.g. randn:256x1024:bfloat16)\n"
    "  --dtype ARG=DTYPE      convert input ARG's values to DTYPE on load, rounding\n"
    "                         to nearest even (bfloat16, float16, float8_e4m3, ...);\n"
    "                         a packed MX DTYPE (float8_e5m2_x4, ...) takes a uint32\n"
    "                         (fp4: uint16) file of words, 4 codes each\n"
    "  --shape ARG=D0,D1,...  the shape input ARG must have: each dim an integer, or\n"
    "                         a name that must have one value across inputs\n"
    "  --scalar NAME=VALUE    parameter NAME is the Python expression VALUE,\n"
    "                         evaluated in the kernel's module (1, 1e-6, True,\n"
    "                         (3, 4), nl.float32)\n"
    "  --seed N               seed of randn and rand (default 0): the same seed gives\n"
    "                         the same values on every machine\n"
    "\n"
    "the run:\n"
    "  --grid X[,Y[,Z]]       SPMD launch grid (default: none, one instance)\n"
    "  --target trn1|trn2|trn3  hardware generation (default: the --profile's, else\n"
    "                         the kernel's, else trn2)\n"
    "  --profile FILE         hardware profile (YAML): numerics and constants\n"
    "  --path DIR             extra import root (repeatable)\n"
    "  --checks=residual|all|none\n"
    "                         residual (default): check at run time what the static\n"
    "                         checker did not prove for these inputs; all: check\n"
    "                         every contract; none: check nothing\n"
    "  --on-violation=abort|report\n"
    "                         abort (default): stop at the first violation; report:\n"
    "                         list every violation, skipping the faulty operation\n"
    "  --max-memory BYTES     memory the input tensors may take (K, M, G suffixes;\n"
    "                         default: half of physical memory)\n"
    "  --max-steps N          statements and calls the evaluator may run (default\n"
    "                         100000000): a kernel that never stops ends there\n"
    "\n"
    "outputs:\n"
    "  --output DIR           write the returned tensors as DIR/out0.npy,\n"
    "                         DIR/out1.npy, ... in return order (DIR is created);\n"
    "                         bfloat16, tfloat32 and fp8 are written as float32,\n"
    "                         packed MX (*_x4) as their uint32/uint16 words\n"
    "  --stats                on stderr: time to load the inputs, run the static\n"
    "                         pre-pass, run the kernel and write the outputs, in ms;\n"
    "                         then the SBUF/PSUM tile memory made, how much of it\n"
    "                         reused memory of tiles nothing referred to any more,\n"
    "                         and the peak resident memory of the process\n"
    "  --help                 show this help\n"
    "\n"
    "Violations and errors go to stderr as FILE:LINE:COL: error: message, with the\n"
    "source line; a summary line goes to stdout.\n"
    "\n"
    "exit status: 0 ran without violation, 1 a contract violated (or an uncaught\n"
    "exception, or memory never written reaching an output), 2 bad input or usage,\n"
    "3 could not run (an unsupported construct, the step budget), 4 internal error.\n";

/* BYTES with an optional K, M, G or T suffix (powers of 1024). */
static bool parse_bytes(const char *s, uint64_t *out) {
    char *end;
    errno = 0;
    if (!*s || *s == '-' || *s == '+') return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || errno) return false;
    int shift = 0;
    switch (*end) {
    case '\0': break;
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    case 't': case 'T': shift = 40; end++; break;
    default: return false;
    }
    if (*end == 'B' || *end == 'b') end++;
    if (*end || v == 0 || v > (~0ULL >> shift)) return false;
    *out = (uint64_t)v << shift;
    return true;
}

int cmd_run(int argc, char **argv, FILE *out, FILE *err) {
    RunOptions o;
    run_options_init(&o);
    CliOwned owned = {0};
    int status = -1;
    bool options_done = false;
    const char *target_arg = NULL;
    CliArgs a = {"kcv run", argc, argv, 1, err};
    CliShared shared = {&o.shapes, &o.dtypes, &o.scalars, o.grid, &o.grid_ndim, &o.target, &o.paths, &owned,
                         &options_done, &o.stats, usage, out};
    for (; a.i < argc && status < 0; a.i++) {
        const char *s = argv[a.i];
        if (options_done || s[0] != '-' || s[1] == '\0') {
            if (target_arg) {
                fprintf(err, "kcv run: one kernel at a time: '%s' and '%s'\n", target_arg, s);
                status = KCV_EXIT_USAGE;
                break;
            }
            target_arg = s;
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
        if ((v = cli_opt_value(&a, "--input", &m)) || m) {
            CheckKV kv;
            if (!v || !cli_split_kv(v, &kv.name, &kv.value)) {
                if (v)
                    fprintf(err, "kcv run: --input %s: expected ARG=FILE.npy or ARG=GEN:D0xD1...[:DTYPE] "
                                 "(GEN: randn, rand, zeros, ones, arange)\n", v);
                status = KCV_EXIT_USAGE;
                break;
            }
            vec_push(&owned, (char *)kv.name);
            vec_push(&o.inputs, kv);
        } else if ((v = cli_opt_value(&a, "--seed", &m)) || m) {
            char *end;
            errno = 0;
            unsigned long long seed = v && *v && *v != '-' ? strtoull(v, &end, 10) : 0;
            if (!v || !*v || *v == '-' || *end || errno) {
                if (v) fprintf(err, "kcv run: --seed %s: expected a non-negative integer below 2**64\n", v);
                status = KCV_EXIT_USAGE;
                break;
            }
            o.seed = seed;
        } else if ((v = cli_opt_value(&a, "--profile", &m)) || m) {
            if (!v || !*v) {
                status = KCV_EXIT_USAGE;
                break;
            }
            o.profile = v;
        } else if ((v = cli_opt_value(&a, "--output", &m)) || m) {
            if (!v || !*v) {
                if (v) fprintf(err, "kcv run: --output needs a folder\n");
                status = KCV_EXIT_USAGE;
                break;
            }
            /* "out/" and "out" name the same folder */
            size_t n = strlen(v);
            while (n > 1 && v[n - 1] == '/') n--;
            char *dir = kcv_strndup(v, n);
            vec_push(&owned, dir);
            o.output_dir = dir;
        } else if ((v = cli_opt_value(&a, "--checks", &m)) || m) {
            if (v && strcmp(v, "residual") == 0) o.checks = RUN_CHECKS_RESIDUAL;
            else if (v && strcmp(v, "all") == 0) o.checks = RUN_CHECKS_ALL;
            else if (v && strcmp(v, "none") == 0) o.checks = RUN_CHECKS_NONE;
            else {
                if (v) fprintf(err, "kcv run: --checks %s: expected residual, all or none\n", v);
                status = KCV_EXIT_USAGE;
                break;
            }
        } else if ((v = cli_opt_value(&a, "--on-violation", &m)) || m) {
            if (v && strcmp(v, "abort") == 0) o.report = false;
            else if (v && strcmp(v, "report") == 0) o.report = true;
            else {
                if (v) fprintf(err, "kcv run: --on-violation %s: expected abort or report\n", v);
                status = KCV_EXIT_USAGE;
                break;
            }
        } else if ((v = cli_opt_value(&a, "--max-memory", &m)) || m) {
            if (!v || !parse_bytes(v, &o.max_memory)) {
                if (v) fprintf(err, "kcv run: --max-memory %s: expected a positive number of bytes (K, M, G suffixes)\n", v);
                status = KCV_EXIT_USAGE;
                break;
            }
        } else if ((v = cli_opt_value(&a, "--max-steps", &m)) || m) {
            long long t;
            if (!v || !cli_parse_int(v, 1, 1LL << 50, &t)) {
                if (v) fprintf(err, "kcv run: --max-steps %s: expected a positive integer\n", v);
                status = KCV_EXIT_USAGE;
                break;
            }
            o.max_steps = (long)t;
        } else {
            fprintf(err, "kcv run: unknown option '%s'\n", s);
            status = KCV_EXIT_USAGE;
            break;
        }
    }
    if (status < 0 && !target_arg) {
        fprintf(err, "kcv run: no kernel file\n%s", usage);
        status = KCV_EXIT_USAGE;
    } else if (status == KCV_EXIT_USAGE) {
        fputs("Run `kcv run --help` for the options.\n", err);
    }
    if (status < 0) {
        /* FILE.py:NAME */
        o.file = target_arg;
        const char *colon = strrchr(target_arg, ':');
        if (colon && colon > target_arg && colon[1] && !strchr(colon, '/')) {
            char *f = kcv_strndup(target_arg, (size_t)(colon - target_arg));
            vec_push(&owned, f);
            o.file = f;
            o.kernel = colon + 1;
        }
        o.color = isatty(fileno(err)) && getenv("NO_COLOR") == NULL;
        status = run_kernel(&o, out, err);
    }
    for (int i = 0; i < owned.n; i++) kcv_free(owned.v[i]);
    vec_free(&owned);
    run_options_free(&o);
    return status;
}
