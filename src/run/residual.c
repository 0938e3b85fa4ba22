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

static uint64_t mix(uint64_t h, const char *s) {
    for (; s && *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    h ^= 0x1f;
    return h * 0x100000001b3ULL;
}

static uint64_t mix_int(uint64_t h, int v) {
    for (int k = 0; k < 4; k++) {
        h ^= (unsigned)v >> (8 * k) & 0xff;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static uint64_t key_hash(const Obligation *ob) {
    uint64_t h = 0xcbf29ce484222325ULL;
    h = mix(h, ob->rule ? ob->rule : "contract");
    h = mix(h, ob->loc.file ? ob->loc.file->path : "");
    h = mix_int(mix_int(h, ob->loc.line), ob->loc.col);
    h = mix(h, ob->contract_loc.file ? ob->contract_loc.file->path : "");
    h = mix_int(mix_int(h, ob->contract_loc.line), ob->contract_loc.col);
    return h;
}

static bool same(const ProvenEntry *e, const Obligation *ob) {
    const char *f = ob->loc.file ? ob->loc.file->path : "";
    const char *cf = ob->contract_loc.file ? ob->contract_loc.file->path : "";
    return e->line == ob->loc.line && e->col == ob->loc.col && e->cline == ob->contract_loc.line &&
           e->ccol == ob->contract_loc.col && strcmp(e->rule, ob->rule ? ob->rule : "contract") == 0 &&
           strcmp(e->file, f) == 0 && strcmp(e->cfile, cf) == 0;
}

static ProvenEntry *find(const ProvenSet *s, const Obligation *ob, uint64_t h) {
    if (!s->cap) return NULL;
    for (int i = (int)(h & (uint64_t)(s->cap - 1));; i = (i + 1) & (s->cap - 1)) {
        ProvenEntry *e = &s->slots[i];
        if (!e->rule) return e;
        if (e->hash == h && same(e, ob)) return e;
    }
}

static void insert(ProvenSet *s, const Obligation *ob) {
    if (2 * (s->n + 1) > s->cap) {
        ProvenSet bigger = {kcv_calloc((size_t)(s->cap ? 2 * s->cap : 64), sizeof(ProvenEntry)),
                            s->cap ? 2 * s->cap : 64, 0, s->dom};
        for (int i = 0; i < s->cap; i++) {
            ProvenEntry *e = &s->slots[i];
            if (!e->rule) continue;
            int j = (int)(e->hash & (uint64_t)(bigger.cap - 1));
            while (bigger.slots[j].rule) j = (j + 1) & (bigger.cap - 1);
            bigger.slots[j] = *e;
            bigger.n++;
        }
        kcv_free(s->slots);
        *s = bigger;
    }
    uint64_t h = key_hash(ob);
    ProvenEntry *e = find(s, ob, h);
    if (e->rule) return;
    const char *rule = ob->rule ? ob->rule : "contract";
    const char *f = ob->loc.file ? ob->loc.file->path : "";
    const char *cf = ob->contract_loc.file ? ob->contract_loc.file->path : "";
    e->rule = kcv_strndup(rule, strlen(rule));
    e->file = kcv_strndup(f, strlen(f));
    e->cfile = kcv_strndup(cf, strlen(cf));
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
    if (s->dom && s->dom->violations > 0) return false;
    ProvenEntry *e = find(s, ob, key_hash(ob));
    return e && e->rule;
}

void residual_free(ProvenSet *s) {
    for (int i = 0; i < s->cap; i++) {
        kcv_free(s->slots[i].rule);
        kcv_free(s->slots[i].file);
        kcv_free(s->slots[i].cfile);
    }
    kcv_free(s->slots);
    memset(s, 0, sizeof *s);
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
    if (sink) fclose(sink);
    free(sink_buf);   /* open_memstream's buffer comes from malloc */
    for (int i = 0; i < owned.n; i++) kcv_free(owned.v[i]);
    vec_free(&owned);
    check_options_free(&co);
    if (!complete) residual_free(set);
    return complete;
}
