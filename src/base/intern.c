/* intern.c - interned strings: equal identifiers become equal pointers, so
 * the evaluator compares names with ==.  Open addressing, FNV-1a hashes. */
#include "base.h"

#include <string.h>

static uint32_t hash_bytes(const char *s, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

void interner_init(Interner *in) {
    memset(in, 0, sizeof *in);
    arena_init(&in->arena);
}

static void grow(Interner *in) {
    size_t cap = in->cap ? in->cap * 2 : 256;
    const char **slots = kcv_calloc(cap, sizeof *slots);
    uint32_t *hashes = kcv_calloc(cap, sizeof *hashes);
    for (size_t i = 0; i < in->cap; i++) {
        if (!in->slots[i]) continue;
        size_t j = in->hashes[i] & (cap - 1);
        while (slots[j]) j = (j + 1) & (cap - 1);
        slots[j] = in->slots[i];
        hashes[j] = in->hashes[i];
    }
    kcv_free(in->slots);
    kcv_free(in->hashes);
    in->slots = slots;
    in->hashes = hashes;
    in->cap = cap;
}

const char *intern(Interner *in, const char *s, size_t n) {
    if (2 * (in->count + 1) > in->cap) grow(in);
    uint32_t h = hash_bytes(s, n);
    size_t j = h & (in->cap - 1);
    while (in->slots[j]) {
        if (in->hashes[j] == h && strncmp(in->slots[j], s, n) == 0 && in->slots[j][n] == '\0')
            return in->slots[j];
        j = (j + 1) & (in->cap - 1);
    }
    const char *d = arena_strndup(&in->arena, s, n);
    in->slots[j] = d;
    in->hashes[j] = h;
    in->count++;
    return d;
}

const char *intern_cstr(Interner *in, const char *s) { return intern(in, s, strlen(s)); }

void interner_free(Interner *in) {
    kcv_free(in->slots);
    kcv_free(in->hashes);
    arena_free(&in->arena);
    memset(in, 0, sizeof *in);
}
