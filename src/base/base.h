/* base.h - the bottom of kcv's pipeline: memory, strings, sources, diagnostics.
 *
 * Everything above (front, eval, domains, check, run, cli) may include this
 * header; this folder includes nothing of kcv's beyond it.
 *
 * Memory: every allocation goes through kcv_malloc/kcv_realloc/kcv_free, so a
 * test can make the N-th allocation fail (kcv_alloc_fail_after).  Long-lived
 * data of one source file or one run lives in an Arena and is freed at once.
 * Out of memory is fatal: kcv prints one line and exits with status 4.
 *
 * Positions: lines are 1-based; columns count UTF-8 *bytes*.  The AST stores
 * 0-based columns (as CPython's ast does); diagnostics print 1-based columns
 * (as GCC does).
 */
#ifndef KCV_BASE_H
#define KCV_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define KCV_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define KCV_NORETURN __attribute__((noreturn))
#else
#define KCV_PRINTF(f, a)
#define KCV_NORETURN
#endif

#define KCV_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- allocation (alloc.c) ---------------------------------------------- */

void *kcv_malloc(size_t n);            /* never returns NULL */
void *kcv_calloc(size_t n, size_t size);
void *kcv_realloc(void *p, size_t n);  /* never returns NULL */
void kcv_free(void *p);
char *kcv_strndup(const char *s, size_t n);
/* Test hook: the allocation after `n` more succeed fails (n < 0: never). */
void kcv_alloc_fail_after(long n);
KCV_NORETURN void kcv_fatal(const char *fmt, ...) KCV_PRINTF(1, 2);

/* Growable array of T: `Vec(int) v = {0}; vec_push(&v, 3);` */
#define Vec(T) struct { T *v; int n, cap; }
#define vec_push(vec, x)                                                    \
    do {                                                                    \
        if ((vec)->n == (vec)->cap) {                                       \
            (vec)->cap = (vec)->cap ? 2 * (vec)->cap : 8;                   \
            (vec)->v = kcv_realloc((vec)->v, (size_t)(vec)->cap * sizeof(*(vec)->v)); \
        }                                                                   \
        (vec)->v[(vec)->n++] = (x);                                         \
    } while (0)
#define vec_free(vec) (kcv_free((vec)->v), (vec)->v = NULL, (vec)->n = (vec)->cap = 0)

/* ---- arenas (arena.c) ---------------------------------------------------- */

typedef struct ArenaChunk ArenaChunk;
/* A bump allocator; everything in it is freed by arena_free. */
typedef struct Arena {
    ArenaChunk *head;   /* newest chunk */
    char *cur, *end;    /* free space in head */
    size_t total;       /* bytes handed out, for statistics */
} Arena;

void arena_init(Arena *a);
void *arena_alloc(Arena *a, size_t n);  /* zeroed, 16-byte aligned */
char *arena_strndup(Arena *a, const char *s, size_t n);
/* printf into the arena */
char *arena_printf(Arena *a, const char *fmt, ...) KCV_PRINTF(2, 3);
char *arena_vprintf(Arena *a, const char *fmt, va_list ap) KCV_PRINTF(2, 0);
void arena_free(Arena *a);

/* ---- string buffers (strbuf.c) -------------------------------------------- */

typedef struct StrBuf {
    char *s;      /* NUL-terminated contents (NULL until first write) */
    size_t len;
    size_t cap;
} StrBuf;

void sb_putc(StrBuf *b, char c);
void sb_put(StrBuf *b, const char *s, size_t n);
void sb_puts(StrBuf *b, const char *s);
void sb_printf(StrBuf *b, const char *fmt, ...) KCV_PRINTF(2, 3);
void sb_vprintf(StrBuf *b, const char *fmt, va_list ap) KCV_PRINTF(2, 0);
const char *sb_str(StrBuf *b);          /* "" when empty */
void sb_clear(StrBuf *b);
void sb_free(StrBuf *b);

/* ---- interned strings (intern.c) ---------------------------------------- */

/* Identifiers are interned: equal names are equal pointers. */
typedef struct Interner {
    const char **slots;
    uint32_t *hashes;
    size_t cap, count;
    Arena arena;
} Interner;

void interner_init(Interner *in);
const char *intern(Interner *in, const char *s, size_t n);
const char *intern_cstr(Interner *in, const char *s);
void interner_free(Interner *in);

/* ---- source files (source.c) ------------------------------------------------ */

typedef struct SourceFile {
    const char *path;     /* as the user named it */
    const char *text;     /* contents, NUL-terminated (may hold NULs) */
    size_t len;
    int *line_starts;     /* byte offset of each line; [0] = 0 */
    int nlines;
} SourceFile;

/* Reads `path`; on failure returns NULL and sets *err to a static message. */
SourceFile *source_read(const char *path, const char **err);
SourceFile *source_from_string(const char *path, const char *text, size_t len);
void source_free(SourceFile *f);
/* The text of 1-based `line`, without its newline; *len gets its length. */
const char *source_line(const SourceFile *f, int line, int *len);

/* ---- diagnostics (diag.c) ----------------------------------------------- */

typedef enum Severity {
    SEV_NOTE,     /* follow-up to the diagnostic before it */
    SEV_WARNING,  /* suspicious, does not change the exit status */
    SEV_ERROR,    /* the input is wrong */
} Severity;

/* A location in a source: 1-based line, 0-based byte column, and an end. */
typedef struct Loc {
    const SourceFile *file;  /* NULL: no location */
    int line, col;
    int end_line, end_col;
} Loc;

typedef struct Diag {
    Severity sev;
    Loc loc;
    const char *code;     /* stable machine-readable code, e.g. "syntax" */
    char *message;
    struct Diag *notes;   /* follow-up notes, in order */
    int nnotes;
    long seq;             /* order of reporting, for a stable sort */
} Diag;

/* Collects diagnostics during a run; printed sorted at the end. */
typedef struct DiagSink {
    Vec(Diag) diags;
    int errors, warnings;
    long next_seq;
} DiagSink;

void diag_init(DiagSink *s);
/* Records a diagnostic; returns it so notes can be attached. */
Diag *diag_report(DiagSink *s, Severity sev, Loc loc, const char *code,
                  const char *fmt, ...) KCV_PRINTF(5, 6);
void diag_note(Diag *d, Loc loc, const char *fmt, ...) KCV_PRINTF(3, 4);
/* Sorts by file, line, column, then report order. */
void diag_sort(DiagSink *s);
/* Prints `file:line:col: error: message`, the source line and a caret,
 * then the notes.  `color` adds ANSI colours. */
void diag_print_one(StrBuf *out, const Diag *d, bool color);
void diag_print_all(DiagSink *s, StrBuf *out, bool color);
void diag_free(DiagSink *s);

/* ---- text helpers (utf8.c) ---------------------------------------------- */

/* Decodes one UTF-8 sequence at s[0..n); returns its length (1..4) and the
 * code point in *cp, or 0 when the bytes are not valid UTF-8. */
int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Appends code point cp (surrogates allowed, as CPython's "surrogatepass"). */
void utf8_encode(StrBuf *b, uint32_t cp);

#endif
