/* fuzz_parse.c - libFuzzer harness for the front end.
 *
 * Feeds each input, as the text of a file, to parse_module; prints the
 * diagnostics (which quote source lines and place carets, so they see the
 * same bytes) and, when the input parsed, dumps the tree with and without
 * locations.  Every input gets fresh interner, arena and diagnostics, all
 * freed before returning, so LeakSanitizer sees any leak of the front end.
 * Built by fuzz/CMakeLists.txt (KCV_FUZZ=ON, clang); run by fuzz/run.
 */
#include <stddef.h>
#include <stdint.h>

#include "front/front.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    SourceFile *file = source_from_string("fuzz.py", (const char *)data, size);
    Interner names;
    interner_init(&names);
    Arena arena;
    arena_init(&arena);
    DiagSink diags;
    diag_init(&diags);

    Node *mod = parse_module(file, &names, &arena, &diags);

    StrBuf out = {0};
    diag_print_all(&diags, &out, false);
    if (mod && diags.errors == 0) {
        sb_clear(&out);
        ast_dump(&out, mod, false);
        sb_clear(&out);
        ast_dump(&out, mod, true);
    }

    sb_free(&out);
    diag_free(&diags);
    arena_free(&arena);
    interner_free(&names);
    source_free(file);
    return 0;
}
