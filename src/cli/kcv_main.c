/* kcv_main.c - dispatch of `kcv COMMAND ...` to the command's file. */
#include <string.h>

#include "cli.h"
#include "kcv.h"

static const char usage[] =
    "usage: kcv COMMAND [ARGS...]\n"
    "\n"
    "Checks that ML tile kernels (AWS Neuron NKI) keep their contracts.\n"
    "\n"
    "commands:\n"
    "  parse FILE...     parse Python files; report syntax errors (--dump-ast prints the tree)\n"
    "  check FILE.py     prove NKI kernels keep their contracts, or show a counterexample\n"
    "  run FILE.py:NAME  run a kernel on the CPU with concrete inputs, checking its contracts\n"
    "\n"
    "Run `kcv COMMAND --help` for a command's options.\n"
    "options:\n"
    "  --help            show this help\n"
    "  --version         print kcv's version\n";

int kcv_main(int argc, char **argv, FILE *out, FILE *err) {
    if (argc < 2) {
        fputs(usage, err);
        return KCV_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, out);
        return KCV_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        fprintf(out, "kcv %s\n", KCV_VERSION);
        return KCV_EXIT_OK;
    }
    if (strcmp(cmd, "parse") == 0) return cmd_parse(argc - 1, argv + 1, out, err);
    if (strcmp(cmd, "check") == 0) return cmd_check(argc - 1, argv + 1, out, err);
    if (strcmp(cmd, "run") == 0) return cmd_run(argc - 1, argv + 1, out, err);
    fprintf(err, "kcv: unknown command '%s'\n\n%s", cmd, usage);
    return KCV_EXIT_USAGE;
}
