/* npy.c - NumPy's .npy format (numpy/lib/format.py), read and written.
 *
 * A file is the magic "\x93NUMPY", a version (1.0, 2.0 or 3.0), the length
 * of the header (2 bytes little-endian in 1.0, 4 bytes after), the header:
 * a Python dict literal {'descr': '<f4', 'fortran_order': False,
 * 'shape': (3, 4), } padded with spaces and ended by '\n', then the
 * elements.  kcv reads the numeric dtypes (float16/32/64, int8..64,
 * uint8..64, bool) in either byte order and either memory order, and
 * writes format 1.0 in C order, little-endian, as numpy.save does (the
 * header padded so the data starts on a multiple of 64 bytes).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "run_int.h"

bool run_fail(char *why, size_t len, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
    return false;
}

/* ---- the header dict ---------------------------------------------------------- */

typedef struct Lex {
    const char *p, *end;
} Lex;

static void skip_ws(Lex *l) {
    while (l->p < l->end && (*l->p == ' ' || *l->p == '\t' || *l->p == '\n' || *l->p == '\r')) l->p++;
}

static bool eat(Lex *l, char c) {
    skip_ws(l);
    if (l->p < l->end && *l->p == c) {
        l->p++;
        return true;
    }
    return false;
}

/* A quoted string without escapes (what numpy writes): copied to buf. */
static bool lex_string(Lex *l, char *buf, size_t len) {
    skip_ws(l);
    if (l->p >= l->end || (*l->p != '\'' && *l->p != '"')) return false;
    char q = *l->p++;
    size_t n = 0;
    while (l->p < l->end && *l->p != q) {
        if (*l->p == '\\' || n + 1 >= len) return false;
        buf[n++] = *l->p++;
    }
    if (l->p >= l->end) return false;
    l->p++;
    buf[n] = '\0';
    return true;
}

static bool lex_word(Lex *l, const char *w) {
    skip_ws(l);
    size_t n = strlen(w);
    if ((size_t)(l->end - l->p) >= n && strncmp(l->p, w, n) == 0) {
        l->p += n;
        return true;
    }
    return false;
}

/* (d0, d1, ...) of non-negative ints; `()` and `(n,)` included. */
static bool lex_shape(Lex *l, NpyArray *a, char *why, size_t whylen) {
    if (!eat(l, '(')) return run_fail(why, whylen, "bad header: 'shape' is not a tuple");
    a->ndim = 0;
    for (;;) {
        skip_ws(l);
        if (eat(l, ')')) return true;
        if (a->ndim == NPY_MAX_DIMS) return run_fail(why, whylen, "bad header: more than %d dims", NPY_MAX_DIMS);
        int64_t v = 0;
        const char *start = l->p;
        while (l->p < l->end && *l->p >= '0' && *l->p <= '9') {
            if (v > (INT64_MAX - 9) / 10) return run_fail(why, whylen, "bad header: a dim is too large");
            v = v * 10 + (*l->p++ - '0');
        }
        if (l->p < l->end && *l->p == 'L') l->p++;   /* Python 2's long */
        if (l->p == start) return run_fail(why, whylen, "bad header: 'shape' holds something other than ints");
        a->shape[a->ndim++] = v;
        if (!eat(l, ',')) {
            if (eat(l, ')')) return true;
            return run_fail(why, whylen, "bad header: 'shape' is not a tuple of ints");
        }
    }
}

/* descr "<f4": byte order, kind, size. */
static bool parse_descr(NpyArray *a, char *why, size_t whylen) {
    const char *d = a->descr;
    char order = d[0];
    if (order == '<' || order == '>' || order == '|' || order == '=') d++;
    else order = '=';
    char kind = d[0];
    char *end;
    long size = d[0] ? strtol(d + 1, &end, 10) : 0;
    bool ok = d[0] && d[1] && !*end;
    if (ok && kind == 'f' && (size == 2 || size == 4 || size == 8)) a->kind = NPY_FLOAT;
    else if (ok && kind == 'i' && (size == 1 || size == 2 || size == 4 || size == 8)) a->kind = NPY_INT;
    else if (ok && kind == 'u' && (size == 1 || size == 2 || size == 4 || size == 8)) a->kind = NPY_UINT;
    else if (ok && kind == 'b' && size == 1) a->kind = NPY_BOOL;
    else
        return run_fail(why, whylen,
                    "unsupported dtype '%s' (kcv reads float16/32/64, int8..64, uint8..64 and bool)", a->descr);
    a->itemsize = (int)size;
    a->big_endian = order == '>';
    return true;
}

static bool parse_header(const char *h, size_t len, NpyArray *a, char *why, size_t whylen) {
    Lex l = {h, h + len};
    bool have_descr = false, have_order = false, have_shape = false;
    if (!eat(&l, '{')) return run_fail(why, whylen, "bad header: not a Python dict");
    for (;;) {
        if (eat(&l, '}')) break;
        char key[32];
        if (!lex_string(&l, key, sizeof key)) return run_fail(why, whylen, "bad header: expected a quoted key");
        if (!eat(&l, ':')) return run_fail(why, whylen, "bad header: expected ':' after '%s'", key);
        if (strcmp(key, "descr") == 0) {
            skip_ws(&l);
            if (l.p < l.end && *l.p == '[')
                return run_fail(why, whylen, "unsupported dtype: a structured array (kcv reads plain numeric arrays)");
            if (!lex_string(&l, a->descr, sizeof a->descr))
                return run_fail(why, whylen, "bad header: 'descr' is not a dtype string");
            have_descr = true;
        } else if (strcmp(key, "fortran_order") == 0) {
            if (lex_word(&l, "True")) a->fortran = true;
            else if (lex_word(&l, "False")) a->fortran = false;
            else return run_fail(why, whylen, "bad header: 'fortran_order' is not True or False");
            have_order = true;
        } else if (strcmp(key, "shape") == 0) {
            if (!lex_shape(&l, a, why, whylen)) return false;
            have_shape = true;
        } else {
            return run_fail(why, whylen, "bad header: unexpected key '%s'", key);
        }
        if (!eat(&l, ',')) {
            if (eat(&l, '}')) break;
            return run_fail(why, whylen, "bad header: expected ',' or '}'");
        }
    }
    skip_ws(&l);
    if (l.p != l.end) return run_fail(why, whylen, "bad header: text after the dict");
    if (!have_descr || !have_order || !have_shape)
        return run_fail(why, whylen, "bad header: missing '%s'",
                    !have_descr ? "descr" : !have_order ? "fortran_order" : "shape");
    return parse_descr(a, why, whylen);
}

bool npy_read_header(const char *path, NpyArray *a, char *why, size_t whylen) {
    memset(a, 0, sizeof *a);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return run_fail(why, whylen, "cannot read: a folder, not a file");
    FILE *f = fopen(path, "rb");
    if (!f) return run_fail(why, whylen, "cannot read: %s", strerror(errno));
    unsigned char pre[12];
    size_t got = fread(pre, 1, sizeof pre, f);
    bool ok = false;
    if (got < 8 || memcmp(pre, "\x93NUMPY", 6) != 0) {
        run_fail(why, whylen, "not a .npy file (no \\x93NUMPY magic string at its start)");
    } else if (pre[6] < 1 || pre[6] > 3) {
        run_fail(why, whylen, "unsupported .npy format version %d.%d (kcv reads 1.0, 2.0 and 3.0)", pre[6], pre[7]);
    } else {
        size_t lensize = pre[6] == 1 ? 2 : 4;
        if (got < 8 + lensize) {
            run_fail(why, whylen, "truncated: the file ends inside its header");
        } else {
            uint32_t hlen = (uint32_t)pre[8] | (uint32_t)pre[9] << 8;
            if (lensize == 4) hlen |= (uint32_t)pre[10] << 16 | (uint32_t)pre[11] << 24;
            a->offset = (long)(8 + lensize + hlen);
            char *h = hlen <= (1u << 24) ? kcv_malloc(hlen + 1) : NULL;
            if (!h) {
                run_fail(why, whylen, "bad header: its length (%u bytes) is not plausible", hlen);
            } else if (fseek(f, (long)(8 + lensize), SEEK_SET) != 0 || fread(h, 1, hlen, f) != hlen) {
                run_fail(why, whylen, "truncated: the file ends inside its header (%u bytes announced)", hlen);
            } else {
                h[hlen] = '\0';
                ok = parse_header(h, hlen, a, why, whylen);
            }
            kcv_free(h);
        }
    }
    if (ok) {
        a->n = 1;
        for (int i = 0; i < a->ndim && ok; i++)
            if (a->shape[i] && a->n > INT64_MAX / 16 / a->shape[i]) ok = run_fail(why, whylen, "bad header: too many elements");
            else a->n *= a->shape[i];
    }
    if (ok) {
        long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
        int64_t need = a->n * a->itemsize;
        if (size < 0) {
            ok = run_fail(why, whylen, "cannot read: %s", strerror(errno));
        } else if (size - a->offset < need) {
            StrBuf b = {0};
            dims_text(&b, a->shape, a->ndim, true);
            ok = run_fail(why, whylen, "truncated: the header announces %lld bytes of data (%s %s), the file holds %ld",
                      (long long)need, sb_str(&b), a->descr, size - a->offset < 0 ? 0 : size - a->offset);
            sb_free(&b);
        }
    }
    fclose(f);
    return ok;
}

bool npy_read_raw(const char *path, const NpyArray *a, void *dst, char *why, size_t whylen) {
    size_t bytes = (size_t)a->n * (size_t)a->itemsize;
    FILE *f = fopen(path, "rb");
    if (!f) return run_fail(why, whylen, "cannot read: %s", strerror(errno));
    bool ok = fseek(f, a->offset, SEEK_SET) == 0 && fread(dst, 1, bytes, f) == bytes;
    fclose(f);
    return ok || run_fail(why, whylen, "truncated: the data ends early");
}

bool npy_read_data(const char *path, NpyArray *a, char *why, size_t whylen) {
    size_t bytes = (size_t)a->n * (size_t)a->itemsize;
    a->data = kcv_malloc(bytes ? bytes : 1);
    if (!npy_read_raw(path, a, a->data, why, whylen)) {
        kcv_free(a->data);
        a->data = NULL;
        return false;
    }
    return true;
}

bool npy_is_plain_f32(const NpyArray *a) {
    return a->kind == NPY_FLOAT && a->itemsize == 4 && !a->fortran && !a->big_endian;
}

void npy_free(NpyArray *a) {
    kcv_free(a->data);
    a->data = NULL;
}

const char *npy_type_name(const NpyArray *a) {
    static const char *const f[] = {"?", "?", "float16", "?", "float32", "?", "?", "?", "float64"};
    static const char *const i[] = {"?", "int8", "int16", "?", "int32", "?", "?", "?", "int64"};
    static const char *const u[] = {"?", "uint8", "uint16", "?", "uint32", "?", "?", "?", "uint64"};
    switch (a->kind) {
    case NPY_FLOAT: return f[a->itemsize];
    case NPY_INT: return i[a->itemsize];
    case NPY_UINT: return u[a->itemsize];
    case NPY_BOOL: return "bool";
    }
    return "?";
}

/* ---- values ------------------------------------------------------------------------ */

static double half_to_double(uint16_t h) {
    int sign = h >> 15, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
    double v;
    if (exp == 0) v = ldexp(mant, -24);
    else if (exp == 31) v = mant ? NAN : INFINITY;
    else v = ldexp(mant + 1024, exp - 25);
    return sign ? -v : v;
}

static uint64_t load_uint(const unsigned char *p, int size, bool big) {
    uint64_t v = 0;
    for (int k = 0; k < size; k++) v |= (uint64_t)p[big ? size - 1 - k : k] << (8 * k);
    return v;
}

double npy_value(const NpyArray *a, int64_t i) {
    int64_t at = i;
    if (a->fortran && a->ndim > 1) {
        /* row-major index i -> column-major offset */
        int64_t rest = i, off = 0, stride = 1;
        int64_t coord[NPY_MAX_DIMS];
        for (int k = a->ndim - 1; k >= 0; k--) {
            coord[k] = rest % a->shape[k];
            rest /= a->shape[k];
        }
        for (int k = 0; k < a->ndim; k++) {
            off += coord[k] * stride;
            stride *= a->shape[k];
        }
        at = off;
    }
    const unsigned char *p = a->data + at * a->itemsize;
    uint64_t bits = load_uint(p, a->itemsize, a->big_endian);
    switch (a->kind) {
    case NPY_FLOAT:
        if (a->itemsize == 2) return half_to_double((uint16_t)bits);
        if (a->itemsize == 4) {
            uint32_t b32 = (uint32_t)bits;
            float x;
            memcpy(&x, &b32, 4);
            return x;
        } else {
            double x;
            memcpy(&x, &bits, 8);
            return x;
        }
    case NPY_INT: {
        int sh = 64 - 8 * a->itemsize;
        return (double)((int64_t)(bits << sh) >> sh);
    }
    case NPY_UINT: return (double)bits;
    case NPY_BOOL: return bits != 0;
    }
    return 0;
}

/* ---- writing ---------------------------------------------------------------------------- */

/* x (a value float16 holds exactly, or inf/NaN) as binary16 bits. */
static uint16_t double_to_half(double x) {
    uint16_t sign = signbit(x) ? 0x8000 : 0;
    double m = fabs(x);
    if (isnan(x)) return 0x7e00;
    if (isinf(x) || m > 65504.0) return sign | 0x7c00;
    if (m == 0) return sign;
    int e;
    frexp(m, &e);   /* m = f * 2^e, f in [0.5, 1) */
    int E = e - 1;  /* m = 1.xxx * 2^E */
    if (E < -14) return sign | (uint16_t)lrint(ldexp(m, 24));   /* subnormal: m / 2^-24 */
    long mant = lrint((ldexp(m, -E) - 1.0) * 1024.0);
    if (mant == 1024) {   /* only if x was not exact: carried into the exponent */
        mant = 0;
        E++;
    }
    if (E > 15) return sign | 0x7c00;
    return sign | (uint16_t)((E + 15) << 10) | (uint16_t)mant;
}

static void store_le(unsigned char *p, uint64_t v, int size) {
    for (int k = 0; k < size; k++) p[k] = (unsigned char)(v >> (8 * k));
}

bool npy_write(const char *path, const char *descr, const int64_t *shape, int ndim, const double *values,
               const float *fvalues, int64_t n, char *why, size_t whylen) {
    StrBuf h = {0};
    sb_printf(&h, "{'descr': '%s', 'fortran_order': False, 'shape': (", descr);
    for (int i = 0; i < ndim; i++) sb_printf(&h, "%s%lld", i ? ", " : "", (long long)shape[i]);
    sb_puts(&h, ndim == 1 ? ",), }" : "), }");
    /* pad with spaces so that magic + version + length + header + '\n' is a
     * multiple of 64 bytes */
    size_t total = 10 + h.len + 1;
    size_t pad = (64 - total % 64) % 64;
    for (size_t i = 0; i < pad; i++) sb_putc(&h, ' ');
    sb_putc(&h, '\n');
    FILE *f = fopen(path, "wb");
    if (!f) {
        sb_free(&h);
        return run_fail(why, whylen, "cannot write: %s", strerror(errno));
    }
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)(h.len & 0xff),
                             (unsigned char)(h.len >> 8)};
    bool ok = fwrite(pre, 1, 10, f) == 10 && fwrite(h.s, 1, h.len, f) == h.len;
    sb_free(&h);
    char kind = descr[1];
    int size = descr[2] - '0';
    unsigned char buf[4096];
    size_t used = 0;
    const uint32_t one = 1;
    if (ok && kind == 'f' && size == 4 && fvalues && *(const unsigned char *)&one == 1) {
        /* float32 values on a little-endian host: the bytes as they are */
        ok = fwrite(fvalues, sizeof(float), (size_t)n, f) == (size_t)n;
        n = 0;
    }
    for (int64_t i = 0; i < n && ok; i++) {
        double v = values ? values[i] : (double)fvalues[i];
        uint64_t bits;
        if (kind == 'f' && size == 4) {
            float x = (float)v;
            uint32_t b32;
            memcpy(&b32, &x, 4);
            bits = b32;
        } else if (kind == 'f') {
            bits = double_to_half(v);
        } else if (kind == 'b') {
            bits = v != 0;
        } else if (!(v >= -9.2e18 && v <= 1.8e19)) {
            bits = 0;   /* NaN in an integer tensor: not a value the dtype holds */
        } else if (kind == 'i' || v < 0) {
            bits = (uint64_t)(int64_t)v;
        } else {
            bits = (uint64_t)v;
        }
        store_le(buf + used, bits, size);
        used += (size_t)size;
        if (used + 8 > sizeof buf) {
            ok = fwrite(buf, 1, used, f) == used;
            used = 0;
        }
    }
    if (ok && used) ok = fwrite(buf, 1, used, f) == used;
    if (fclose(f) != 0) ok = false;
    if (!ok) return run_fail(why, whylen, "cannot write: %s", strerror(errno));
    return true;
}
