/* parse.c - PLACEHOLDER until the parser lands. */
#include "front.h"
Node *parse_module(const SourceFile *file, Interner *names, Arena *arena, DiagSink *diags) {
    (void)names;
    Loc l = {file, 1, 0, 1, 0};
    diag_report(diags, SEV_ERROR, l, "syntax", "parser not written yet");
    (void)arena;
    return NULL;
}
