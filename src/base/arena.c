/* arena.c - bump allocation for data that dies together (one source file's
 * tokens and AST, one run's values).  Memory is zeroed and 16-byte aligned.
 *
 * Chunks grow geometrically: a small arena (one short source file) stays
 * small, while one that keeps growing (a run's values) gets big chunks
 * mapped straight from the kernel, populated in one call (a run that
 * allocates 40 MB of values takes ten mappings, not ten thousand page
 * faults).  Mapped memory is zero already, so it is not cleared again.
 * (Huge pages were tried: faster when the kernel has them at hand, but
 * a fault that has to compact memory for one stalls for milliseconds.) */
#define _DEFAULT_SOURCE   /* MAP_ANONYMOUS, MAP_POPULATE (sys/mman.h) */
#include "base.h"

#include <string.h>
#include <sys/mman.h>

struct ArenaChunk {
    ArenaChunk *next;
    size_t size;
    bool mapped;          /* from mmap: zero until handed out, munmap'ed */
    _Alignas(16) char data[];
};

enum {
    ARENA_CHUNK = 64 * 1024,          /* the first chunk */
    ARENA_MAP_MIN = 1024 * 1024,      /* chunks this big are mapped */
    ARENA_CHUNK_MAX = 4 * 1024 * 1024 /* growth stops here */
};

void arena_init(Arena *a) { memset(a, 0, sizeof *a); }

static ArenaChunk *chunk_new(size_t size) {
    size_t bytes = sizeof(ArenaChunk) + size;
    if (bytes >= ARENA_MAP_MIN) {
        void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (p == MAP_FAILED) kcv_fatal("out of memory (mapping %zu bytes)", bytes);
        ArenaChunk *c = p;
        c->size = size;
        c->mapped = true;
        return c;
    }
    ArenaChunk *c = kcv_malloc(bytes);
    c->next = NULL;
    c->size = size;
    c->mapped = false;
    return c;
}

void *arena_alloc(Arena *a, size_t n) {
    n = (n + 15) & ~(size_t)15;
    if ((size_t)(a->end - a->cur) < n) {
        size_t grow = a->head ? a->head->size * 2 : ARENA_CHUNK;
        if (grow > ARENA_CHUNK_MAX - sizeof(ArenaChunk)) grow = ARENA_CHUNK_MAX - sizeof(ArenaChunk);
        if (n > grow / 4 && a->head) {
            /* A big block gets a chunk of its own behind the current one,
             * so the free space of the current chunk is not wasted. */
            ArenaChunk *c = chunk_new(n);
            c->next = a->head->next;
            a->head->next = c;
            a->total += n;
            if (!c->mapped) memset(c->data, 0, n);
            return c->data;
        }
        ArenaChunk *c = chunk_new(n > grow ? n : grow);
        c->next = a->head;
        a->head = c;
        a->cur = c->data;
        a->end = c->data + c->size;
    }
    void *p = a->cur;
    a->cur += n;
    a->total += n;
    if (!a->head->mapped) memset(p, 0, n);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
    char *d = arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *arena_vprintf(Arena *a, const char *fmt, va_list ap) {
    StrBuf b = {0};
    sb_vprintf(&b, fmt, ap);
    char *r = arena_strndup(a, sb_str(&b), b.len);
    sb_free(&b);
    return r;
}

char *arena_printf(Arena *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *r = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return r;
}

void arena_free(Arena *a) {
    ArenaChunk *c = a->head;
    while (c) {
        ArenaChunk *next = c->next;
        if (c->mapped)
            munmap(c, sizeof(ArenaChunk) + c->size);
        else
            kcv_free(c);
        c = next;
    }
    memset(a, 0, sizeof *a);
}
