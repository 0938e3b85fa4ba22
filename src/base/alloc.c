/* alloc.c - the one allocation hook of kcv.
 *
 * All heap memory goes through these functions so that tests can make an
 * allocation fail (kcv_alloc_fail_after).  Out of memory is not a user error
 * and not a limit kcv can report as `unknown`: it ends the process with
 * status 4 and one line on stderr.
 */
#include "base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long fail_countdown = -1;

void kcv_alloc_fail_after(long n) { fail_countdown = n; }

static bool should_fail(void) {
    if (fail_countdown < 0) return false;
    if (fail_countdown == 0) return true;
    fail_countdown--;
    return false;
}

void kcv_fatal(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("kcv: fatal: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(4);
}

void *kcv_malloc(size_t n) {
    void *p = should_fail() ? NULL : malloc(n ? n : 1);
    if (!p) kcv_fatal("out of memory (asked for %zu bytes)", n);
    return p;
}

void *kcv_calloc(size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) kcv_fatal("out of memory (size overflow)");
    void *p = should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
    if (!p) kcv_fatal("out of memory (asked for %zu bytes)", n * size);
    return p;
}

void *kcv_realloc(void *p, size_t n) {
    void *q = should_fail() ? NULL : realloc(p, n ? n : 1);
    if (!q) kcv_fatal("out of memory (asked for %zu bytes)", n);
    return q;
}

void kcv_free(void *p) { free(p); }

char *kcv_strndup(const char *s, size_t n) {
    char *d = kcv_malloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}
