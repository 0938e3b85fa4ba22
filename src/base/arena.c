/* arena.c - bump allocation for data that dies together (one source file's
 * tokens and AST, one run's values).  Memory is zeroed and 16-byte aligned. */
#include "base.h"

#include <string.h>

struct ArenaChunk {
    ArenaChunk *next;
    size_t size;
    _Alignas(16) char data[];
};

enum { ARENA_CHUNK = 64 * 1024 };

void arena_init(Arena *a) { memset(a, 0, sizeof *a); }

void *arena_alloc(Arena *a, size_t n) {
    n = (n + 15) & ~(size_t)15;
    if ((size_t)(a->end - a->cur) < n) {
        size_t size = n > ARENA_CHUNK / 4 ? n : ARENA_CHUNK;
        ArenaChunk *c = kcv_malloc(sizeof(ArenaChunk) + size);
        c->size = size;
        if (n > ARENA_CHUNK / 4 && a->head) {
            /* A big block gets a chunk of its own behind the current one,
             * so the free space of the current chunk is not wasted. */
            c->next = a->head->next;
            a->head->next = c;
            a->total += n;
            memset(c->data, 0, n);
            return c->data;
        }
        c->next = a->head;
        a->head = c;
        a->cur = c->data;
        a->end = c->data + size;
    }
    void *p = a->cur;
    a->cur += n;
    a->total += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
    char *d = arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void arena_free(Arena *a) {
    ArenaChunk *c = a->head;
    while (c) {
        ArenaChunk *next = c->next;
        kcv_free(c);
        c = next;
    }
    memset(a, 0, sizeof *a);
}
