/* cmd_parse.c - `kcv parse FILE... [--dump-ast [--locations]]`. */
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "../front/front.h"
#include "cli.h"
#include "kcv.h"

static const char usage[] =
    "usage: kcv parse [--dump-ast [--locations]] FILE...\n"
    "\n"
    "Parses each FILE as Python 3.11 and reports syntax errors (exit 2 if any).\n"
    "\n"
    "options:\n"
    "  --dump-ast     print each tree as CPython 3.11's ast.dump(ast.parse(src))\n"
    "  --locations    with --dump-ast: as ast.dump(..., include_attributes=True)\n"
    "  --help         show this help\n";

int cmd_parse(int argc, char **argv, FILE *out, FILE *err) {
    bool dump = false, locations = false;
    Vec(const char *) files = {0};
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && a[0] == '-' && a[1] != '\0') {
            if (strcmp(a, "--") == 0) options_done = true;
            else if (strcmp(a, "--dump-ast") == 0) dump = true;
            else if (strcmp(a, "--locations") == 0) locations = true;
            else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
                fputs(usage, out);
                vec_free(&files);
                return KCV_EXIT_OK;
            } else {
                fprintf(err, "kcv parse: unknown option '%s'\n%s", a, usage);
                vec_free(&files);
                return KCV_EXIT_USAGE;
            }
        } else {
            vec_push(&files, a);
        }
    }
    if (files.n == 0) {
        fprintf(err, "kcv parse: no input files\n%s", usage);
        return KCV_EXIT_USAGE;
    }
    if (locations && !dump) {
        fprintf(err, "kcv parse: --locations needs --dump-ast\n");
        vec_free(&files);
        return KCV_EXIT_USAGE;
    }
    bool color = isatty(fileno(err)) && getenv("NO_COLOR") == NULL;
    int status = KCV_EXIT_OK;
    Interner names;
    interner_init(&names);
    StrBuf text = {0};
    for (int i = 0; i < files.n; i++) {
        const char *why = NULL;
        SourceFile *f = source_read(files.v[i], &why);
        if (!f) {
            fprintf(err, "kcv: error: cannot read '%s': %s\n", files.v[i], why);
            status = KCV_EXIT_USAGE;
            continue;
        }
        DiagSink diags;
        diag_init(&diags);
        Arena arena;
        arena_init(&arena);
        Node *mod = parse_module(f, &names, &arena, &diags);
        if (diags.diags.n) {
            sb_clear(&text);
            diag_print_all(&diags, &text, color);
            fwrite(text.s, 1, text.len, err);
        }
        if (!mod || diags.errors) {
            status = KCV_EXIT_USAGE;
        } else if (dump) {
            sb_clear(&text);
            ast_dump(&text, mod, locations);
            sb_putc(&text, '\n');
            fwrite(text.s, 1, text.len, out);
        }
        arena_free(&arena);
        diag_free(&diags);
        source_free(f);
    }
    sb_free(&text);
    interner_free(&names);
    vec_free(&files);
    return status;
}
