/* residual.c - --checks=residual: what the static checker proves for this
 * run is not checked again while the kernel runs.
 *
 * The pre-pass is `kcv check` on the one kernel with every input fixed to
 * the run's values: each tensor's shape and dtype (--shape, --dtype), the
 * same --scalar expressions, the same grid (no grid: one instance), target
 * and import paths.  What stays symbolic there is only what a concrete run
 * enumerates: program ids and the indices of long loops.  check_prove
 * returns each obligation proven on every path that met it; an obligation
 * is known at run time by its location in the kernel, its contract's
 * location in the model and its rule.  The skip set is used only when the
 * exploration was complete (no path given up, no bound hit), and only until
 * the run's first violation: statically, later obligations were proven
 * assuming no earlier one failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_int.h"

/* An obligation is known by its rule, the file, line and column of the
 * kernel's call and those of the contract in the model.  Files are compared
 * by path (the pre-pass parsed its own copies): each distinct path gets an
 * index, and each of the run's SourceFiles is matched to one once. */

static uint64_t mix_int(uint64_t h, int v) {
    for (int k = 0; k < 4; k++) {
        h ^= (unsigned)v >> (8 * k) & 0xff;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static uint64_t key_hash(const char *rule, int file, int line, int col, int cfile, int cline, int ccol) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const char *s = rule; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    h = mix_int(mix_int(mix_int(h, file), line), col);
    return mix_int(mix_int(mix_int(h, cfile), cline), ccol);
}

static const char *rule_of(const Obligation *ob) { return ob->rule ? ob->rule : "contract"; }

static int path_find(const ProvenSet *s, const char *path) {
    for (int i = 0; i < s->paths.n; i++)
        if (strcmp(s->paths.v[i], path) == 0) return i;
    return -1;
}

/* The index of f's path (-1: not among the proven obligations' paths). */
static int path_of(ProvenSet *s, const SourceFile *f) {
    for (int i = 0; i < s->nmemo; i++)
        if (s->memo_file[i] == f) return s->memo_path[i];
    int p = path_find(s, f ? f->path : "");
    if (s->nmemo < PROVEN_MEMO) {
        s->memo_file[s->nmemo] = f;
        s->memo_path[s->nmemo++] = p;
    }
    return p;
}

static ProvenEntry *find(const ProvenSet *s, const char *rule, int file, int line, int col, int cfile, int cline,
                         int ccol, uint64_t h) {
    if (!s->cap) return NULL;
    for (int i = (int)(h & (uint64_t)(s->cap - 1));; i = (i + 1) & (s->cap - 1)) {
        ProvenEntry *e = &s->slots[i];
        if (!e->rule) return e;
        if (e->hash == h && e->file == file && e->line == line && e->col == col && e->cfile == cfile &&
            e->cline == cline && e->ccol == ccol && strcmp(e->rule, rule) == 0)
            return e;
    }
}

static int path_add(ProvenSet *s, const SourceFile *f) {
    const char *path = f ? f->path : "";
    int p = path_find(s, path);
    if (p >= 0) return p;
    vec_push(&s->paths, kcv_strndup(path, strlen(path)));
    return s->paths.n - 1;
}

static void insert(ProvenSet *s, const Obligation *ob) {
    if (2 * (s->n + 1) > s->cap) {
        ProvenSet bigger = *s;
        bigger.cap = s->cap ? 2 * s->cap : 64;
        bigger.slots = kcv_calloc((size_t)bigger.cap, sizeof(ProvenEntry));
        for (int i = 0; i < s->cap; i++) {
            ProvenEntry *e = &s->slots[i];
            if (!e->rule) continue;
            int j = (int)(e->hash & (uint64_t)(bigger.cap - 1));
            while (bigger.slots[j].rule) j = (j + 1) & (bigger.cap - 1);
            bigger.slots[j] = *e;
        }
        kcv_free(s->slots);
        *s = bigger;
    }
    const char *rule = rule_of(ob);
    int file = path_add(s, ob->loc.file), cfile = path_add(s, ob->contract_loc.file);
    uint64_t h = key_hash(rule, file, ob->loc.line, ob->loc.col, cfile, ob->contract_loc.line, ob->contract_loc.col);
    ProvenEntry *e = find(s, rule, file, ob->loc.line, ob->loc.col, cfile, ob->contract_loc.line,
                          ob->contract_loc.col, h);
    if (e->rule) return;
    e->rule = kcv_strndup(rule, strlen(rule));
    e->file = file;
    e->cfile = cfile;
    e->line = ob->loc.line;
    e->col = ob->loc.col;
    e->cline = ob->contract_loc.line;
    e->ccol = ob->contract_loc.col;
    e->hash = h;
    s->n++;
}

static void on_proven(void *ctx, const Obligation *ob) { insert(ctx, ob); }

bool residual_skip(void *ctx, const Obligation *ob) {
    ProvenSet *s = ctx;
    if (!s->cap || (s->dom && s->dom->violations > 0)) return false;
    int file = path_of(s, ob->loc.file), cfile = path_of(s, ob->contract_loc.file);
    if (file < 0 || cfile < 0) return false;
    const char *rule = rule_of(ob);
    uint64_t h = key_hash(rule, file, ob->loc.line, ob->loc.col, cfile, ob->contract_loc.line, ob->contract_loc.col);
    ProvenEntry *e = find(s, rule, file, ob->loc.line, ob->loc.col, cfile, ob->contract_loc.line,
                          ob->contract_loc.col, h);
    return e && e->rule;
}

void residual_free(ProvenSet *s) {
    for (int i = 0; i < s->cap; i++) kcv_free(s->slots[i].rule);
    kcv_free(s->slots);
    for (int i = 0; i < s->paths.n; i++) kcv_free(s->paths.v[i]);
    vec_free(&s->paths);
    ConcreteDomain *dom = s->dom;
    memset(s, 0, sizeof *s);
    s->dom = dom;
}

bool residual_prove(const RunOptions *o, const char *target, const char *kernel, const InputSpec *inputs,
                    int ninputs, ProvenSet *set, char **why) {
    CheckOptions co;
    check_options_init(&co);
    co.no_grid = true;
    co.grid_ndim = o->grid_ndim;
    for (int k = 0; k < o->grid_ndim; k++) co.grid[k] = o->grid[k];
    co.target = target;
    for (int i = 0; i < o->paths.n; i++) vec_push(&co.paths, o->paths.v[i]);
    for (int i = 0; i < o->scalars.n; i++) vec_push(&co.scalars, o->scalars.v[i]);
    Vec(char *) owned = {0};
    for (int i = 0; i < ninputs; i++) {
        const InputSpec *in = &inputs[i];
        CheckShape sh = {in->arg, kcv_malloc(sizeof(char *) * (size_t)in->ndim), in->ndim};
        for (int k = 0; k < in->ndim; k++) {
            char buf[32];
            snprintf(buf, sizeof buf, "%lld", (long long)in->dims[k]);
            char *d = kcv_strndup(buf, strlen(buf));
            vec_push(&owned, d);
            sh.dims[k] = d;
        }
        vec_push(&co.shapes, sh);
        CheckKV kv = {in->arg, nki_dtype_name(in->dtype)};
        vec_push(&co.dtypes, kv);
    }
    /* the checker's own messages (about these derived options) are not the
     * user's business: the run reports problems itself */
    char *sink_buf = NULL;
    size_t sink_len = 0;
    FILE *sink = open_memstream(&sink_buf, &sink_len);
    CheckTarget t = {o->file, kernel};
    bool complete = check_prove(&co, &t, on_proven, set, sink ? sink : stderr, why);
    set->nmemo = 0;   /* the pre-pass's files are gone; the run's are matched afresh */
    if (sink) fclose(sink);
    free(sink_buf);   /* open_memstream's buffer comes from malloc */
    for (int i = 0; i < owned.n; i++) kcv_free(owned.v[i]);
    vec_free(&owned);
    check_options_free(&co);
    if (!complete) residual_free(set);
    return complete;
}
