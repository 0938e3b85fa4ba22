/* pyrepr.c - Python's repr() of constants, as CPython 3.11 prints them.
 *
 * Part of the front end's output side: ast_dump.c prints every Constant,
 * MatchSingleton and identifier through here.  The rules follow CPython:
 *
 *   float    Objects/floatobject.c float_repr -> PyOS_double_to_string(x,
 *            'r', 0, Py_DTSF_ADD_DOT_0): the shortest digit string that
 *            reads back as x (David Gay's mode 0), exponent form when the
 *            decimal point position is <= -4 or > 16.
 *   complex  complex_repr: a zero real part (+0.0) prints as imag + 'j',
 *            without the '.0'.
 *   str      unicode_repr: quote with ' unless the text has ' and no ";
 *            escape \\ \t \n \r, the quote, controls and U+007F as \xhh,
 *            non-printable non-ASCII as \xhh, \uhhhh or \Uhhhhhhhh.
 *   bytes    bytes_repr: same quote choice, \xhh for < 0x20 and >= 0x7f.
 *
 * Shortest digits are found with the C library (glibc's printf and strtod
 * are correctly rounded); see shortest_digits for the one subtle case, the
 * powers of two, whose rounding interval is lopsided.
 */
#include "pyrepr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>

/* ---- integers ------------------------------------------------------------ */

static void put_i64(StrBuf *out, int64_t v) {
    char buf[24];
    int n = sizeof buf;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        buf[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) buf[--n] = '-';
    sb_put(out, buf + n, sizeof buf - (size_t)n);
}

static int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

void pyrepr_bigint(StrBuf *out, const char *text) {
    const char *p = text;
    bool neg = false;
    if (*p == '-' || *p == '+') neg = *p++ == '-';
    int base = 10;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) base = 16;
    else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O')) base = 8;
    else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B')) base = 2;
    if (base != 10) p += 2;
    /* Little-endian limbs of 10^9. */
    enum { LIMB = 1000000000 };
    Vec(uint32_t) limbs = {0};
    vec_push(&limbs, 0);
    for (; *p; p++) {
        int d = digit_value(*p);
        if (d >= base) continue;  /* underscores */
        uint64_t carry = (uint64_t)d;
        for (int i = 0; i < limbs.n; i++) {
            uint64_t x = (uint64_t)limbs.v[i] * (uint64_t)base + carry;
            limbs.v[i] = (uint32_t)(x % LIMB);
            carry = x / LIMB;
        }
        if (carry) vec_push(&limbs, (uint32_t)carry);
    }
    int top = limbs.n - 1;
    if (neg && (top > 0 || limbs.v[0] != 0)) sb_putc(out, '-');
    sb_printf(out, "%u", (unsigned)limbs.v[top]);
    for (int i = top - 1; i >= 0; i--) sb_printf(out, "%09u", (unsigned)limbs.v[i]);
    vec_free(&limbs);
}

/* ---- floats -------------------------------------------------------------- */

/* Writes mantissa `m` (exactly `ndig` digits) and exponent `e` as
 * "d.ddde<e>" into buf; the form strtod reads. */
static void sci_text(char *buf, size_t size, uint64_t m, int ndig, int e) {
    char digs[24];
    int n = snprintf(digs, sizeof digs, "%0*llu", ndig, (unsigned long long)m);
    (void)n;
    if (ndig == 1) snprintf(buf, size, "%se%d", digs, e);
    else snprintf(buf, size, "%c.%se%d", digs[0], digs + 1, e);
}

/* The correctly rounded (prec+1)-digit form of d: mantissa digits as an
 * integer, their count and the decimal exponent.  Returns whether it reads
 * back as d. */
static bool rounded_digits(double d, int prec, uint64_t *m, int *nd, int *e) {
    char buf[48];
    snprintf(buf, sizeof buf, "%.*e", prec, d);
    uint64_t v = 0;
    int n = 0;
    const char *q = buf;
    for (; *q && *q != 'e'; q++) {
        if (*q >= '0' && *q <= '9') {
            v = v * 10 + (uint64_t)(*q - '0');
            n++;
        }
    }
    *m = v;
    *nd = n;
    *e = atoi(q + 1);
    return strtod(buf, NULL) == d;
}

/* Shortest round-trip digits of finite d > 0: digits[0..*ndig) with no
 * trailing zeros, value = d1.d2d3... * 10^(*exp10).
 *
 * When the values that read back as d lie symmetrically around it (d is not
 * a power of two), the correctly rounded form is the nearest at each length,
 * so it reads back from some length on: a binary search finds that length.
 * At a power of two the interval below d is half as wide, and a neighbour of
 * the rounded form can read back where the rounded form does not, so every
 * length is tried with both neighbours. */
static void shortest_digits(double d, char digits[24], int *ndig, int *exp10) {
    uint64_t m = 0;
    int nd = 0, e = 0;
    int fexp;
    bool symmetric = frexp(d, &fexp) != 0.5;
    if (symmetric) {
        int lo = 0, hi = 16;  /* 17 significant digits always read back */
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (rounded_digits(d, mid, &m, &nd, &e)) hi = mid;
            else lo = mid + 1;
        }
        rounded_digits(d, lo, &m, &nd, &e);
    } else {
        for (int prec = 0; prec <= 16; prec++) {
            if (rounded_digits(d, prec, &m, &nd, &e)) break;
            /* Neighbours in the last digit, renormalised to nd digits. */
            uint64_t low = 1;  /* 10^(nd-1): smallest nd-digit mantissa */
            for (int i = 1; i < nd; i++) low *= 10;
            uint64_t cand[2] = {m + 1, m - 1};
            int cexp[2] = {e, e};
            if (cand[0] == low * 10) cand[0] = low, cexp[0] = e + 1;
            if (m == low) cand[1] = low * 10 - 1, cexp[1] = e - 1;
            bool found = false;
            for (int k = 0; k < 2 && !found; k++) {
                char alt[48];
                sci_text(alt, sizeof alt, cand[k], nd, cexp[k]);
                if (strtod(alt, NULL) == d) {
                    found = true;
                    m = cand[k];
                    e = cexp[k];
                }
            }
            if (found) break;
        }
    }
    char tmp[24];
    snprintf(tmp, sizeof tmp, "%0*llu", nd, (unsigned long long)m);
    while (nd > 1 && tmp[nd - 1] == '0') nd--;
    memcpy(digits, tmp, (size_t)nd);
    *ndig = nd;
    *exp10 = e;
}

/* PyOS_double_to_string(d, 'r', 0, add_dot_0 ? Py_DTSF_ADD_DOT_0 : 0). */
static void put_double(StrBuf *out, double d, bool add_dot_0) {
    if (isnan(d)) {
        sb_puts(out, "nan");
        return;
    }
    if (signbit(d)) {
        sb_putc(out, '-');
        d = -d;
    }
    if (isinf(d)) {
        sb_puts(out, "inf");
        return;
    }
    char digits[24];
    int nd, e;
    if (d == 0) {
        digits[0] = '0';
        nd = 1;
        e = 0;
    } else {
        shortest_digits(d, digits, &nd, &e);
    }
    int decpt = e + 1;  /* digits[0..decpt) come before the decimal point */
    if (decpt <= -4 || decpt > 16) {
        sb_putc(out, digits[0]);
        if (nd > 1) {
            sb_putc(out, '.');
            sb_put(out, digits + 1, (size_t)nd - 1);
        }
        sb_printf(out, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    } else if (decpt <= 0) {
        sb_puts(out, "0.");
        for (int i = 0; i < -decpt; i++) sb_putc(out, '0');
        sb_put(out, digits, (size_t)nd);
    } else if (decpt >= nd) {
        sb_put(out, digits, (size_t)nd);
        for (int i = nd; i < decpt; i++) sb_putc(out, '0');
        if (add_dot_0) sb_puts(out, ".0");
    } else {
        sb_put(out, digits, (size_t)decpt);
        sb_putc(out, '.');
        sb_put(out, digits + decpt, (size_t)(nd - decpt));
    }
}

void pyrepr_float(StrBuf *out, double d) { put_double(out, d, true); }

void pyrepr_imag(StrBuf *out, double imag) {
    put_double(out, imag, false);
    sb_putc(out, 'j');
}

/* ---- str and bytes --------------------------------------------------------- */

static const char hexdig[] = "0123456789abcdef";

bool pyrepr_isprintable(uint32_t cp) {
    if (cp == ' ') return true;
    if (cp > 0x10FFFF) return false;
    uint32_t mask = uc_general_category((ucs4_t)cp).bitmask;
    return (mask & (UC_CATEGORY_MASK_C | UC_CATEGORY_MASK_Z)) == 0;
}

/* Like utf8_decode, but lets surrogates through (the tree stores lone
 * surrogates as 3-byte sequences).  Returns 0 for invalid bytes. */
static int decode_lenient(const unsigned char *s, size_t n, uint32_t *cp) {
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) len = 2, v = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0) len = 3, v = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0) len = 4, v = c & 0x07, min = 0x10000;
    else return 0;
    if ((size_t)len > n) return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF) return 0;
    *cp = v;
    return len;
}

static char choose_quote(const char *s, size_t len) {
    bool squote = memchr(s, '\'', len) != NULL;
    bool dquote = memchr(s, '"', len) != NULL;
    return squote && !dquote ? '"' : '\'';
}

static void put_hex(StrBuf *out, char kind, uint32_t v, int ndig) {
    char buf[12];
    buf[0] = '\\';
    buf[1] = kind;
    for (int i = 0; i < ndig; i++) buf[2 + i] = hexdig[(v >> (4 * (ndig - 1 - i))) & 0xF];
    sb_put(out, buf, (size_t)ndig + 2);
}

void pyrepr_str(StrBuf *out, const char *s, size_t len) {
    char quote = choose_quote(s, len);
    sb_putc(out, quote);
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* Runs of plain printable ASCII go out in one piece. */
        size_t j = i;
        while (j < len && u[j] >= 0x20 && u[j] < 0x7f && u[j] != '\\' && u[j] != (unsigned char)quote) j++;
        if (j > i) {
            sb_put(out, s + i, j - i);
            i = j;
            if (i == len) break;
        }
        unsigned c = u[i];
        if (c < 0x80) {
            i++;
            if (c == '\\' || c == (unsigned char)quote) {
                sb_putc(out, '\\');
                sb_putc(out, (char)c);
            } else if (c == '\t') sb_puts(out, "\\t");
            else if (c == '\n') sb_puts(out, "\\n");
            else if (c == '\r') sb_puts(out, "\\r");
            else put_hex(out, 'x', c, 2);
            continue;
        }
        uint32_t cp;
        int n = decode_lenient(u + i, len - i, &cp);
        if (n == 0) {  /* not reachable from the parser; show U+FFFD */
            sb_puts(out, "\xEF\xBF\xBD");
            i++;
            continue;
        }
        if (pyrepr_isprintable(cp)) sb_put(out, s + i, (size_t)n);
        else if (cp <= 0xff) put_hex(out, 'x', cp, 2);
        else if (cp <= 0xffff) put_hex(out, 'u', cp, 4);
        else put_hex(out, 'U', cp, 8);
        i += (size_t)n;
    }
    sb_putc(out, quote);
}

void pyrepr_bytes(StrBuf *out, const char *s, size_t len) {
    char quote = choose_quote(s, len);
    sb_putc(out, 'b');
    sb_putc(out, quote);
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        unsigned c = u[i];
        if (c == '\\' || c == (unsigned char)quote) {
            sb_putc(out, '\\');
            sb_putc(out, (char)c);
        } else if (c == '\t') sb_puts(out, "\\t");
        else if (c == '\n') sb_puts(out, "\\n");
        else if (c == '\r') sb_puts(out, "\\r");
        else if (c < 0x20 || c >= 0x7f) put_hex(out, 'x', c, 2);
        else sb_putc(out, (char)c);
    }
    sb_putc(out, quote);
}

/* ---- any constant ----------------------------------------------------------- */

void pyrepr_const(StrBuf *out, const ConstValue *v) {
    switch (v->kind) {
    case CONST_NONE: sb_puts(out, "None"); return;
    case CONST_TRUE: sb_puts(out, "True"); return;
    case CONST_FALSE: sb_puts(out, "False"); return;
    case CONST_ELLIPSIS: sb_puts(out, "Ellipsis"); return;
    case CONST_INT:
        if (v->big) pyrepr_bigint(out, v->big);
        else put_i64(out, v->i);
        return;
    case CONST_FLOAT: pyrepr_float(out, v->f); return;
    case CONST_COMPLEX: pyrepr_imag(out, v->f); return;
    case CONST_STR: pyrepr_str(out, v->s ? v->s : "", v->s ? v->len : 0); return;
    case CONST_BYTES: pyrepr_bytes(out, v->s ? v->s : "", v->s ? v->len : 0); return;
    }
    sb_puts(out, "None");
}
