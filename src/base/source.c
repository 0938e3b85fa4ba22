/* source.c - source files held in memory with a line index, so that any
 * stage can quote a line in a diagnostic. */
#include "base.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static void index_lines(SourceFile *f) {
    int cap = 64, n = 0;
    int *starts = kcv_malloc((size_t)cap * sizeof *starts);
    starts[n++] = 0;
    for (size_t i = 0; i < f->len; i++) {
        char c = f->text[i];
        /* CPython counts \n, \r\n and a lone \r as line ends. */
        if (c == '\n' || (c == '\r' && (i + 1 >= f->len || f->text[i + 1] != '\n'))) {
            if (n == cap) {
                cap *= 2;
                starts = kcv_realloc(starts, (size_t)cap * sizeof *starts);
            }
            starts[n++] = (int)(i + 1);
        }
    }
    f->line_starts = starts;
    f->nlines = n;
}

SourceFile *source_from_string(const char *path, const char *text, size_t len) {
    SourceFile *f = kcv_calloc(1, sizeof *f);
    f->path = kcv_strndup(path, strlen(path));
    f->text = kcv_strndup(text, len);
    f->len = len;
    index_lines(f);
    return f;
}

SourceFile *source_read(const char *path, const char **err) {
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        *err = strerror(errno);
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(fp);
        *err = "is a directory";
        return NULL;
    }
    if (fstat(fileno(fp), &st) == 0 && st.st_size > (off_t)1 << 30) {
        fclose(fp);
        *err = "file larger than 1 GiB";
        return NULL;
    }
    StrBuf b = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        if (b.len + n > (size_t)1 << 30) {
            fclose(fp);
            sb_free(&b);
            *err = "file larger than 1 GiB";
            return NULL;
        }
        sb_put(&b, buf, n);
    }
    bool failed = ferror(fp);
    fclose(fp);
    if (failed) {
        sb_free(&b);
        *err = "read error";
        return NULL;
    }
    SourceFile *f = kcv_calloc(1, sizeof *f);
    f->path = kcv_strndup(path, strlen(path));
    f->len = b.len;
    f->text = b.s ? b.s : kcv_strndup("", 0);
    index_lines(f);
    return f;
}

void source_free(SourceFile *f) {
    if (!f) return;
    kcv_free((char *)f->path);
    kcv_free((char *)f->text);
    kcv_free(f->line_starts);
    kcv_free(f);
}

const char *source_line(const SourceFile *f, int line, int *len) {
    if (line < 1 || line > f->nlines) {
        *len = 0;
        return "";
    }
    int start = f->line_starts[line - 1];
    int end = line < f->nlines ? f->line_starts[line] : (int)f->len;
    while (end > start && (f->text[end - 1] == '\n' || f->text[end - 1] == '\r')) end--;
    *len = end - start;
    return f->text + start;
}
