/* source_cache.c - parsed files kept across interpreter runs.
 *
 * kcv check runs a module once per explored path, each time with a fresh
 * run arena and interpreter; the syntax trees (and the evaluator's per-node
 * analyses, analysis.c) stay here, so each file is read and parsed once.
 * Texts registered with source_cache_add_text (tests, embedded model
 * files) stand for files of that path.
 */
#include <string.h>

#include "../front/front.h"
#include "interp_int.h"

void source_cache_init(SourceCache *c, Interner *names) {
    memset(c, 0, sizeof *c);
    arena_init(&c->arena);
    c->names = names;
    c->atoms = atoms_new(names);
}

void source_cache_add_text(SourceCache *c, const char *path, const char *text) {
    for (int i = 0; i < c->texts.n; i++)
        if (strcmp(c->texts.v[i]->path, path) == 0) return;
    SourceFile *f = source_from_string(path, text, strlen(text));
    vec_push(&c->texts, f);
}

Node *source_cache_get(SourceCache *c, const char *path, DiagSink *diags, const SourceFile **file) {
    for (int i = 0; i < c->files.n; i++) {
        if (strcmp(c->files.v[i]->path, path) != 0) continue;
        if (file) *file = c->files.v[i];
        if (!c->modules.v[i] && !c->reported.v[i]) c->reported.v[i] = true;
        return c->modules.v[i];
    }
    SourceFile *f = NULL;
    for (int i = 0; i < c->texts.n; i++)
        if (strcmp(c->texts.v[i]->path, path) == 0)
            f = source_from_string(path, c->texts.v[i]->text, c->texts.v[i]->len);
    if (!f) {
        const char *err = NULL;
        f = source_read(path, &err);
        if (!f) {
            Loc none = {0};
            diag_report(diags, SEV_ERROR, none, "io", "cannot read '%s': %s", path, err ? err : "error");
            return NULL;
        }
    }
    Node *ast = parse_module(f, c->names, &c->arena, diags);
    vec_push(&c->files, f);
    vec_push(&c->modules, ast);
    vec_push(&c->reported, ast == NULL);
    if (file) *file = f;
    return ast;
}

void source_cache_free(SourceCache *c) {
    for (int i = 0; i < c->files.n; i++) source_free(c->files.v[i]);
    for (int i = 0; i < c->texts.n; i++) source_free(c->texts.v[i]);
    vec_free(&c->files);
    vec_free(&c->modules);
    vec_free(&c->reported);
    vec_free(&c->texts);
    node_info_free(c->info);
    atoms_free(c->atoms);
    arena_free(&c->arena);
    memset(c, 0, sizeof *c);
}
