/* diag.c - the one diagnostics module every stage reports through.
 *
 * Diagnostics are recorded, never printed on the spot; at the end of a run
 * they are sorted (file, line, column, report order) and printed GCC-style:
 *
 *     file:line:col: error: message [code]
 *      12 |     x = foo(
 *         |            ^
 *     file:line:col: note: ...
 *
 * The stored column is a 0-based byte offset; the printed one is 1-based.
 */
#include "base.h"

#include <stdlib.h>
#include <string.h>

void diag_init(DiagSink *s) { memset(s, 0, sizeof *s); }

static KCV_PRINTF(1, 0) char *vformat(const char *fmt, va_list ap) {
    StrBuf b = {0};
    sb_vprintf(&b, fmt, ap);
    return b.s ? b.s : kcv_strndup("", 0);
}

Diag *diag_report(DiagSink *s, Severity sev, Loc loc, const char *code, const char *fmt, ...) {
    Diag d = {0};
    d.sev = sev;
    d.loc = loc;
    d.code = code;
    d.seq = s->next_seq++;
    va_list ap;
    va_start(ap, fmt);
    d.message = vformat(fmt, ap);
    va_end(ap);
    if (sev == SEV_ERROR) s->errors++;
    if (sev == SEV_WARNING) s->warnings++;
    vec_push(&s->diags, d);
    return &s->diags.v[s->diags.n - 1];
}

void diag_note(Diag *d, Loc loc, const char *fmt, ...) {
    d->notes = kcv_realloc(d->notes, (size_t)(d->nnotes + 1) * sizeof *d->notes);
    Diag *n = &d->notes[d->nnotes++];
    memset(n, 0, sizeof *n);
    n->sev = SEV_NOTE;
    n->loc = loc;
    va_list ap;
    va_start(ap, fmt);
    n->message = vformat(fmt, ap);
    va_end(ap);
}

static int cmp_diag(const void *pa, const void *pb) {
    const Diag *a = pa, *b = pb;
    const char *fa = a->loc.file ? a->loc.file->path : "";
    const char *fb = b->loc.file ? b->loc.file->path : "";
    int c = strcmp(fa, fb);
    if (c) return c;
    if (a->loc.line != b->loc.line) return a->loc.line < b->loc.line ? -1 : 1;
    if (a->loc.col != b->loc.col) return a->loc.col < b->loc.col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void diag_sort(DiagSink *s) {
    if (s->diags.n > 1) qsort(s->diags.v, (size_t)s->diags.n, sizeof(Diag), cmp_diag);
}

static const char *sev_name(Severity s) {
    switch (s) {
    case SEV_NOTE: return "note";
    case SEV_WARNING: return "warning";
    case SEV_ERROR: return "error";
    }
    return "error";
}

static const char *sev_color(Severity s) {
    switch (s) {
    case SEV_NOTE: return "\033[1;36m";
    case SEV_WARNING: return "\033[1;35m";
    case SEV_ERROR: return "\033[1;31m";
    }
    return "";
}

enum { QUOTE_WINDOW = 160 };

/* Quotes the line of `loc` with a caret under its column.  Bytes that would
 * upset a terminal (controls, invalid UTF-8) are shown as '?'; a long line
 * is shown as a window around the column. */
static void quote_line(StrBuf *out, const Loc *loc, bool color) {
    int len;
    const char *line = source_line(loc->file, loc->line, &len);
    int col = loc->col < 0 ? 0 : loc->col > len ? len : loc->col;
    int from = 0, to = len;
    if (len > QUOTE_WINDOW) {
        from = col > QUOTE_WINDOW / 2 ? col - QUOTE_WINDOW / 2 : 0;
        to = from + QUOTE_WINDOW < len ? from + QUOTE_WINDOW : len;
    }
    /* Line text. */
    StrBuf text = {0}, caret = {0};
    for (int i = from; i < to;) {
        uint32_t cp;
        int n = utf8_decode((const unsigned char *)line + i, (size_t)(to - i), &cp);
        bool at_col = i <= col && col < i + (n ? n : 1);
        if (n == 0 || (n == 1 && ((unsigned char)line[i] < 0x20 || line[i] == 0x7f) && line[i] != '\t')) {
            sb_putc(&text, '?');
            sb_putc(&caret, at_col ? '^' : ' ');
            i++;
            continue;
        }
        sb_put(&text, line + i, (size_t)n);
        sb_putc(&caret, at_col ? '^' : line[i] == '\t' ? '\t' : ' ');
        i += n;
    }
    if (col >= to) sb_putc(&caret, '^');
    /* Trim trailing blanks of the caret line. */
    while (caret.len && (caret.s[caret.len - 1] == ' ' || caret.s[caret.len - 1] == '\t')) caret.s[--caret.len] = '\0';
    sb_printf(out, " %5d | %s%s\n", loc->line, from > 0 ? "..." : "", sb_str(&text));
    sb_printf(out, "       | %s%s%s%s\n", from > 0 ? "   " : "", color ? "\033[1;32m" : "", sb_str(&caret),
              color ? "\033[0m" : "");
    sb_free(&text);
    sb_free(&caret);
}

static void print_head(StrBuf *out, const Diag *d, bool color) {
    if (color) sb_puts(out, "\033[1m");
    if (d->loc.file) sb_printf(out, "%s:%d:%d: ", d->loc.file->path, d->loc.line, d->loc.col + 1);
    else sb_puts(out, "kcv: ");
    if (color) sb_printf(out, "%s", sev_color(d->sev));
    sb_printf(out, "%s:", sev_name(d->sev));
    if (color) sb_puts(out, "\033[0m\033[1m");
    sb_printf(out, " %s", d->message);
    if (d->code) sb_printf(out, " [%s]", d->code);
    if (color) sb_puts(out, "\033[0m");
    sb_putc(out, '\n');
    if (d->loc.file && d->loc.line >= 1 && d->loc.line <= d->loc.file->nlines) quote_line(out, &d->loc, color);
}

void diag_print_one(StrBuf *out, const Diag *d, bool color) {
    print_head(out, d, color);
    for (int i = 0; i < d->nnotes; i++) print_head(out, &d->notes[i], color);
}

void diag_print_all(DiagSink *s, StrBuf *out, bool color) {
    diag_sort(s);
    for (int i = 0; i < s->diags.n; i++) diag_print_one(out, &s->diags.v[i], color);
}

void diag_free(DiagSink *s) {
    for (int i = 0; i < s->diags.n; i++) {
        Diag *d = &s->diags.v[i];
        for (int j = 0; j < d->nnotes; j++) kcv_free(d->notes[j].message);
        kcv_free(d->notes);
        kcv_free(d->message);
    }
    vec_free(&s->diags);
    s->errors = s->warnings = 0;
}
