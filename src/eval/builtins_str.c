/* builtins_str.c - text: the methods of str, Python's format mini-language
 * (format(), f-string specs, str.format) and printf-style `%` formatting.
 *
 * Strings are UTF-8; widths and indices count code points.  Case mapping
 * and character classes are ASCII only (kernels format numbers and names).
 * A symbolic int formats as its term's text ("K", "m*128"), padded like a
 * string.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "interp_int.h"

/* ---- format mini-language --------------------------------------------------------- */

typedef struct Spec {
    uint32_t fill;   /* code point */
    char align;      /* 0, '<', '>', '^', '=' */
    char sign;       /* 0, '+', '-', ' ' */
    bool alt, zero;
    bool fill_explicit;
    int width;       /* -1 none */
    char grouping;   /* 0, ',', '_' */
    int precision;   /* -1 none */
    char type;       /* 0 or the type letter */
} Spec;

static bool parse_spec(Interp *I, const char *s, size_t n, Spec *sp, Loc loc) {
    memset(sp, 0, sizeof *sp);
    sp->fill = ' ';
    sp->width = -1;
    sp->precision = -1;
    size_t i = 0;
    /* [[fill]align] */
    uint32_t cp;
    int cl = n ? utf8_decode((const unsigned char *)s, n, &cp) : 0;
    if (cl > 0 && (size_t)cl < n && strchr("<>^=", s[cl])) {
        sp->fill = cp;
        sp->fill_explicit = true;
        sp->align = s[cl];
        i = (size_t)cl + 1;
    } else if (n && strchr("<>^=", s[0])) {
        sp->align = s[0];
        i = 1;
    }
    if (i < n && strchr("+- ", s[i])) sp->sign = s[i++];
    if (i < n && s[i] == 'z') i++;
    if (i < n && s[i] == '#') sp->alt = true, i++;
    if (i < n && s[i] == '0') {
        sp->zero = true;
        i++;
    }
    if (i < n && s[i] >= '0' && s[i] <= '9') {
        int w = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            w = w * 10 + (s[i++] - '0');
            if (w > 100000) goto bad;
        }
        sp->width = w;
    }
    if (i < n && (s[i] == ',' || s[i] == '_')) sp->grouping = s[i++];
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || s[i] < '0' || s[i] > '9') {
            interp_raise(I, loc, "ValueError", "Format specifier missing precision");
            return false;
        }
        int p = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            p = p * 10 + (s[i++] - '0');
            if (p > 100000) goto bad;
        }
        sp->precision = p;
    }
    if (i < n) sp->type = s[i++];
    if (i < n) goto bad;
    return true;
bad:
    interp_raise(I, loc, "ValueError", "Invalid format specifier '%.*s'", (int)n, s);
    return false;
}

/* Pads `body` (sign/prefix `pre` kept before '=' padding) to the width. */
static void pad(StrBuf *out, const Spec *sp, const char *pre, const char *body, size_t blen, char default_align) {
    size_t plen = strlen(pre);
    size_t chars = utf8_count(pre, plen) + utf8_count(body, blen);
    char align = sp->align ? sp->align : default_align;
    size_t padn = sp->width > 0 && (size_t)sp->width > chars ? (size_t)sp->width - chars : 0;
    size_t left = 0, right = 0, mid = 0;
    switch (align) {
    case '<': right = padn; break;
    case '^': left = padn / 2; right = padn - left; break;
    case '=': mid = padn; break;
    default: left = padn; break;
    }
    StrBuf f = {0};
    utf8_encode(&f, sp->fill);
    for (size_t k = 0; k < left; k++) sb_put(out, f.s, f.len);
    sb_put(out, pre, plen);
    for (size_t k = 0; k < mid; k++) sb_put(out, f.s, f.len);
    sb_put(out, body, blen);
    for (size_t k = 0; k < right; k++) sb_put(out, f.s, f.len);
    sb_free(&f);
}

static void group_digits(StrBuf *out, const char *digits, size_t n, char sep, int every) {
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % (size_t)every == 0) sb_putc(out, sep);
        sb_putc(out, digits[i]);
    }
}

static bool format_float(Interp *I, StrBuf *out, double d, const Spec *sp, Loc loc);

/* The '0' flag: sign-aware zero padding for numbers without an alignment,
 * else a '0' fill unless one was given. */
static Spec numeric_spec(const Spec *in) {
    Spec s = *in;
    if (s.zero && !s.align) {
        s.align = '=';
        s.fill = '0';
    } else if (s.zero && !s.fill_explicit) {
        s.fill = '0';
    }
    return s;
}

static bool format_int(Interp *I, StrBuf *out, int64_t x, const Spec *spec_in, Loc loc) {
    Spec spec = numeric_spec(spec_in);
    const Spec *sp = &spec;
    char t = sp->type ? sp->type : 'd';
    if (strchr("eEfFgG%", t)) return format_float(I, out, (double)x, sp, loc);
    if (sp->precision >= 0) {
        interp_raise(I, loc, "ValueError", "Precision not allowed in integer format specifier");
        return false;
    }
    if (t == 'c') {
        StrBuf b = {0};
        utf8_encode(&b, (uint32_t)x);
        pad(out, sp, "", sb_str(&b), b.len, '>');
        sb_free(&b);
        return true;
    }
    int base = t == 'd' || t == 'n' ? 10 : t == 'x' || t == 'X' ? 16 : t == 'o' ? 8 : t == 'b' ? 2 : 0;
    if (!base) {
        interp_raise(I, loc, "ValueError", "Unknown format code '%c' for object of type 'int'", t);
        return false;
    }
    uint64_t u = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
    char digits[80];
    int nd = 0;
    do {
        int dg = (int)(u % (uint64_t)base);
        digits[nd++] = (char)(dg < 10 ? '0' + dg : (t == 'X' ? 'A' : 'a') + dg - 10);
        u /= (uint64_t)base;
    } while (u);
    char rev[80];
    for (int i = 0; i < nd; i++) rev[i] = digits[nd - 1 - i];
    char pre[8] = {0};
    int pl = 0;
    if (x < 0)
        pre[pl++] = '-';
    else if (sp->sign == '+' || sp->sign == ' ')
        pre[pl++] = sp->sign;
    if (sp->alt && base != 10) {
        pre[pl++] = '0';
        pre[pl++] = t == 'X' ? 'X' : t == 'x' ? 'x' : t == 'o' ? 'o' : 'b';
    }
    StrBuf body = {0};
    if (sp->grouping)
        group_digits(&body, rev, (size_t)nd, sp->grouping, base == 10 ? 3 : 4);
    else
        sb_put(&body, rev, (size_t)nd);
    if (sp->align == '=' && sp->fill == '0' && sp->grouping && sp->width > 0) {
        /* zero padding also groups: 0,001 */
        size_t want = (size_t)sp->width > (size_t)pl ? (size_t)sp->width - (size_t)pl : 0;
        while (body.len < want) {
            StrBuf nb = {0};
            char z[81];
            int k = 0;
            for (size_t i = 0; i < body.len && k < 80; i++)
                if (body.s[i] != sp->grouping) z[k++] = body.s[i];
            z[k] = 0;
            memmove(z + 1, z, (size_t)k + 1);
            z[0] = '0';
            group_digits(&nb, z, (size_t)k + 1, sp->grouping, base == 10 ? 3 : 4);
            sb_free(&body);
            body = nb;
        }
        Spec s2 = *sp;
        s2.width = -1;
        pad(out, &s2, pre, sb_str(&body), body.len, '>');
    } else {
        pad(out, sp, pre, sb_str(&body), body.len, '>');
    }
    sb_free(&body);
    return true;
}

static bool format_float(Interp *I, StrBuf *out, double d, const Spec *spec_in, Loc loc) {
    Spec spec = numeric_spec(spec_in);
    const Spec *sp = &spec;
    char t = sp->type;
    if (t && !strchr("eEfFgGn%", t)) {
        interp_raise(I, loc, "ValueError", "Unknown format code '%c' for object of type 'float'", t);
        return false;
    }
    if (sp->grouping && t == 'n') {
        interp_raise(I, loc, "ValueError", "Cannot specify ',' with 'n'.");
        return false;
    }
    bool neg = signbit(d) && !isnan(d);
    double a = fabs(d);
    StrBuf num = {0};
    int p = sp->precision;
    if (t == '%') {
        a *= 100;
    }
    if (!t) {
        if (p < 0) {
            float_repr(&num, a);
        } else {
            sb_printf(&num, "%.*g", p ? p : 1, a);
            if (isfinite(a) && !strchr(num.s, '.') && !strchr(num.s, 'e')) sb_puts(&num, ".0");
        }
    } else {
        char ct = t == 'n' ? 'g' : t == '%' ? 'f' : t;
        int prec = p < 0 ? 6 : p;
        switch (ct) {
        case 'e': if (sp->alt) sb_printf(&num, "%#.*e", prec, a); else sb_printf(&num, "%.*e", prec, a); break;
        case 'E': if (sp->alt) sb_printf(&num, "%#.*E", prec, a); else sb_printf(&num, "%.*E", prec, a); break;
        case 'f': if (sp->alt) sb_printf(&num, "%#.*f", prec, a); else sb_printf(&num, "%.*f", prec, a); break;
        case 'F': if (sp->alt) sb_printf(&num, "%#.*F", prec, a); else sb_printf(&num, "%.*F", prec, a); break;
        case 'g': if (sp->alt) sb_printf(&num, "%#.*g", prec ? prec : 1, a); else sb_printf(&num, "%.*g", prec ? prec : 1, a); break;
        default: if (sp->alt) sb_printf(&num, "%#.*G", prec ? prec : 1, a); else sb_printf(&num, "%.*G", prec ? prec : 1, a); break;
        }
        if (t == '%') sb_putc(&num, '%');
    }
    /* grouping of the integer part */
    StrBuf body = {0};
    if (sp->grouping && isfinite(a)) {
        const char *s = sb_str(&num);
        size_t ip = 0;
        while (s[ip] >= '0' && s[ip] <= '9') ip++;
        group_digits(&body, s, ip, sp->grouping, 3);
        sb_puts(&body, s + ip);
    } else {
        sb_put(&body, sb_str(&num), num.len);
    }
    char pre[2] = {0};
    if (neg)
        pre[0] = '-';
    else if (sp->sign == '+' || sp->sign == ' ')
        pre[0] = sp->sign;
    pad(out, sp, pre, sb_str(&body), body.len, '>');
    sb_free(&num);
    sb_free(&body);
    return true;
}

static bool format_text(Interp *I, StrBuf *out, const char *s, size_t len, const Spec *spec_in, Loc loc,
                        const char *tname) {
    Spec spec = *spec_in;
    if (spec.zero && !spec.fill_explicit) spec.fill = '0';
    const Spec *sp = &spec;
    if (sp->type && sp->type != 's') {
        interp_raise(I, loc, "ValueError", "Unknown format code '%c' for object of type '%s'", sp->type, tname);
        return false;
    }
    if (sp->sign) {
        interp_raise(I, loc, "ValueError", "Sign not allowed in string format specifier");
        return false;
    }
    if (sp->align == '=') {
        interp_raise(I, loc, "ValueError", "'=' alignment not allowed in string format specifier");
        return false;
    }
    size_t n = len;
    if (sp->precision >= 0) n = utf8_offset(s, len, (size_t)sp->precision);
    char *tmp = kcv_strndup(s, n);
    pad(out, sp, "", tmp, n, '<');
    kcv_free(tmp);
    return true;
}

bool format_value(Interp *I, StrBuf *out, Value *v, const char *spec, size_t speclen, Loc loc) {
    if (v->kind == V_INSTANCE) {
        Value *m = instance_method(I, v, intern_cstr(I->names, "__format__"));
        if (m) {
            Value *sv = v_str(I, spec, speclen);
            Value *r = interp_calln(I, m, 1, &sv, loc);
            if (!r) return false;
            value_str(I, out, r);
            return true;
        }
    }
    if (speclen == 0) {
        const char *s = interp_str(I, v);
        if (!s) return false;
        sb_puts(out, s);
        return true;
    }
    Spec sp;
    if (!parse_spec(I, spec, speclen, &sp, loc)) return false;
    switch (v->kind) {
    case V_BOOL:
    case V_INT:
        if (v->u.i.sym) {
            StrBuf b = {0};
            value_str(I, &b, v);
            Spec s2 = sp;
            s2.type = 0;
            s2.sign = 0;
            s2.precision = -1;
            if (s2.align == '=') s2.align = '>';
            bool ok = format_text(I, out, sb_str(&b), b.len, &s2, loc, "int");
            sb_free(&b);
            return ok;
        }
        if (v->kind == V_BOOL && !sp.type) {
            const char *s = v->u.i.c ? "True" : "False";
            return format_text(I, out, s, strlen(s), &sp, loc, "bool");
        }
        return format_int(I, out, v->u.i.c, &sp, loc);
    case V_FLOAT: return format_float(I, out, v->u.f, &sp, loc);
    case V_STR: return format_text(I, out, v->u.str.s, v->u.str.len, &sp, loc, "str");
    case V_UNKNOWN: {
        Spec s2 = sp;
        s2.type = 0;
        s2.sign = 0;
        s2.precision = -1;
        if (s2.align == '=') s2.align = '>';
        return format_text(I, out, "?", 1, &s2, loc, "unknown");
    }
    case V_NONE: case V_TUPLE: case V_LIST: case V_DICT: case V_SET: case V_SLICE: case V_RANGE:
    case V_FUNCTION: case V_BUILTIN: case V_BOUND: case V_MODULE: case V_CLASS: case V_INSTANCE:
    case V_OBJECT:
    default: {
        if (sp.type && sp.type != 's') {
            interp_raise(I, loc, "TypeError", "unsupported format string passed to %s.__format__", value_type_name(v));
            return false;
        }
        const char *s = interp_str(I, v);
        if (!s) return false;
        return format_text(I, out, s, strlen(s), &sp, loc, value_type_name(v));
    }
    }
}

/* ---- str.format ------------------------------------------------------------------------- */

/* Resolves a replacement field's name ("0", "name", "x.attr", "a[0]"). */
static Value *field_value(Interp *I, const char *f, size_t n, CallArgs *args, int *auto_idx, Loc loc) {
    size_t i = 0;
    while (i < n && f[i] != '.' && f[i] != '[') i++;
    Value *v;
    if (i == 0) {
        if (*auto_idx < 0) {
            interp_raise(I, loc, "ValueError", "cannot switch from manual field specification to automatic field numbering");
            return NULL;
        }
        int k = (*auto_idx)++;
        if (k >= args->npos) {
            interp_raise(I, loc, "IndexError", "Replacement index %d out of range for positional args tuple", k);
            return NULL;
        }
        v = args->pos[k];
    } else if (f[0] >= '0' && f[0] <= '9') {
        int k = 0;
        for (size_t j = 0; j < i; j++) k = k * 10 + (f[j] - '0');
        if (*auto_idx > 0) {
            interp_raise(I, loc, "ValueError", "cannot switch from automatic field numbering to manual field specification");
            return NULL;
        }
        *auto_idx = -1;
        if (k >= args->npos) {
            interp_raise(I, loc, "IndexError", "Replacement index %d out of range for positional args tuple", k);
            return NULL;
        }
        v = args->pos[k];
    } else {
        v = NULL;
        for (int k = 0; k < args->nkw; k++)
            if (strlen(args->kwnames[k]) == i && memcmp(args->kwnames[k], f, i) == 0) v = args->kw[k];
        if (!v) {
            interp_raise(I, loc, "KeyError", "'%.*s'", (int)i, f);
            return NULL;
        }
    }
    while (i < n) {
        if (f[i] == '.') {
            size_t j = ++i;
            while (i < n && f[i] != '.' && f[i] != '[') i++;
            v = interp_getattr(I, v, intern(I->names, f + j, i - j), loc);
        } else {
            size_t j = ++i;
            while (i < n && f[i] != ']') i++;
            Value *key;
            bool digits = i > j;
            for (size_t k = j; k < i; k++) digits &= f[k] >= '0' && f[k] <= '9';
            if (digits) {
                int64_t x = 0;
                for (size_t k = j; k < i; k++) x = x * 10 + (f[k] - '0');
                key = v_int(I, x);
            } else {
                key = v_str(I, f + j, i - j);
            }
            i++;
            v = interp_getitem(I, v, key, loc);
        }
        if (!v) return NULL;
    }
    return v;
}

static bool format_into(Interp *I, StrBuf *out, const char *s, size_t n, CallArgs *args, int *auto_idx, Loc loc,
                        int depth) {
    if (depth > 2) {
        interp_raise(I, loc, "ValueError", "Max string recursion exceeded");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '}') {
            if (i + 1 < n && s[i + 1] == '}') {
                sb_putc(out, '}');
                i++;
                continue;
            }
            interp_raise(I, loc, "ValueError", "Single '}' encountered in format string");
            return false;
        }
        if (c != '{') {
            sb_putc(out, c);
            continue;
        }
        if (i + 1 < n && s[i + 1] == '{') {
            sb_putc(out, '{');
            i++;
            continue;
        }
        /* the field, with nested {} in the spec */
        size_t j = i + 1, lvl = 1;
        while (j < n && lvl) {
            if (s[j] == '{') lvl++;
            if (s[j] == '}') lvl--;
            if (lvl) j++;
        }
        if (j >= n) {
            interp_raise(I, loc, "ValueError", "expected '}' before end of string");
            return false;
        }
        const char *f = s + i + 1;
        size_t fl = j - i - 1;
        size_t name_end = 0;
        while (name_end < fl && f[name_end] != '!' && f[name_end] != ':') name_end++;
        char conv = 0;
        size_t spec_start = name_end;
        if (name_end < fl && f[name_end] == '!') {
            if (name_end + 1 >= fl) {
                interp_raise(I, loc, "ValueError", "end of string while looking for conversion specifier");
                return false;
            }
            conv = f[name_end + 1];
            spec_start = name_end + 2;
            if (conv != 'r' && conv != 's' && conv != 'a') {
                interp_raise(I, loc, "ValueError", "Unknown conversion specifier %c", conv);
                return false;
            }
        }
        Value *v = field_value(I, f, name_end, args, auto_idx, loc);
        if (!v) return false;
        if (conv == 'r' || conv == 'a') {
            StrBuf b = {0};
            value_repr(I, &b, v);
            v = v_str(I, sb_str(&b), b.len);
            sb_free(&b);
        } else if (conv == 's') {
            const char *t = interp_str(I, v);
            if (!t) return false;
            v = v_cstr(I, t);
        }
        StrBuf spec = {0};
        if (spec_start < fl && f[spec_start] == ':') {
            if (!format_into(I, &spec, f + spec_start + 1, fl - spec_start - 1, args, auto_idx, loc, depth + 1)) {
                sb_free(&spec);
                return false;
            }
        }
        bool ok = format_value(I, out, v, sb_str(&spec), spec.len, loc);
        sb_free(&spec);
        if (!ok) return false;
        i = j;
    }
    return true;
}

/* ---- printf-style % ---------------------------------------------------------------------- */

Value *str_percent_format(Interp *I, Value *fmt, Value *args, Loc loc) {
    const char *s = fmt->u.str.s;
    size_t n = fmt->u.str.len;
    Value **items;
    int nitems, used = 0;
    Value *mapping = NULL;
    if (args->kind == V_TUPLE) {
        items = args->u.seq.v;
        nitems = args->u.seq.n;
    } else {
        items = &args;
        nitems = 1;
        if (args->kind == V_DICT) mapping = args;
    }
    StrBuf out = {0};
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            sb_putc(&out, s[i]);
            continue;
        }
        if (++i >= n) {
            interp_raise(I, loc, "ValueError", "incomplete format");
            goto fail;
        }
        Value *v = NULL;
        if (s[i] == '(') {
            size_t j = ++i;
            while (i < n && s[i] != ')') i++;
            if (!mapping) {
                interp_raise(I, loc, "TypeError", "format requires a mapping");
                goto fail;
            }
            Value *key = v_str(I, s + j, i - j);
            v = dict_get(&mapping->u.dict, key);
            if (!v) {
                interp_raise(I, loc, "KeyError", "'%.*s'", (int)(i - j), s + j);
                goto fail;
            }
            i++;
        }
        Spec sp;
        memset(&sp, 0, sizeof sp);
        sp.fill = ' ';
        sp.width = -1;
        sp.precision = -1;
        bool left = false;
        for (; i < n && strchr("-+ 0#", s[i]); i++) {
            if (s[i] == '-') left = true;
            if (s[i] == '+') sp.sign = '+';
            if (s[i] == ' ' && !sp.sign) sp.sign = ' ';
            if (s[i] == '0') sp.zero = true;
            if (s[i] == '#') sp.alt = true;
        }
        if (i < n && s[i] == '*') {
            if (used >= nitems || items[used]->kind != V_INT) {
                interp_raise(I, loc, "TypeError", "* wants int");
                goto fail;
            }
            sp.width = (int)items[used++]->u.i.c;
            i++;
        } else {
            while (i < n && s[i] >= '0' && s[i] <= '9') sp.width = (sp.width < 0 ? 0 : sp.width * 10) + (s[i++] - '0');
        }
        if (i < n && s[i] == '.') {
            i++;
            sp.precision = 0;
            while (i < n && s[i] >= '0' && s[i] <= '9') sp.precision = sp.precision * 10 + (s[i++] - '0');
        }
        while (i < n && (s[i] == 'l' || s[i] == 'h' || s[i] == 'L')) i++;
        if (i >= n) {
            interp_raise(I, loc, "ValueError", "incomplete format");
            goto fail;
        }
        char t = s[i];
        if (t == '%') {
            sb_putc(&out, '%');
            continue;
        }
        if (!v) {
            if (used >= nitems) {
                interp_raise(I, loc, "TypeError", "not enough arguments for format string");
                goto fail;
            }
            v = items[used++];
        }
        if (left) sp.zero = false;
        sp.align = left ? '<' : sp.zero ? '=' : '>';
        if (sp.zero && !left) sp.fill = '0';
        bool ok;
        switch (t) {
        case 's':
        case 'r':
        case 'a': {
            StrBuf b = {0};
            if (t == 's') {
                const char *str = interp_str(I, v);
                if (!str) goto fail;
                sb_puts(&b, str);
            } else {
                value_repr(I, &b, v);
            }
            Spec s2 = sp;
            s2.fill = ' ';
            s2.align = left ? '<' : '>';
            s2.sign = 0;
            ok = format_text(I, &out, sb_str(&b), b.len, &s2, loc, "str");
            sb_free(&b);
            break;
        }
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X':
        case 'o':
        case 'c':
            if (v->kind == V_FLOAT && t != 'c') {
                double tr = trunc(v->u.f);
                if (fabs(tr) > 9e18) {
                    interp_raise(I, loc, "OverflowError", "float too large");
                    goto fail;
                }
                v = v_int(I, (int64_t)tr);
            }
            if ((v->kind != V_INT && v->kind != V_BOOL) || v->u.i.sym) {
                if (v->kind == V_INT || v->kind == V_BOOL || v->kind == V_UNKNOWN) {
                    StrBuf b = {0};
                    value_str(I, &b, v);
                    Spec s2 = sp;
                    s2.fill = ' ';
                    s2.sign = 0;
                    s2.precision = -1;
                    s2.align = left ? '<' : '>';
                    ok = format_text(I, &out, sb_str(&b), b.len, &s2, loc, "int");
                    sb_free(&b);
                    break;
                }
                interp_raise(I, loc, "TypeError", "%%%c format: a real number is required, not %s", t, value_type_name(v));
                goto fail;
            }
            sp.type = t == 'i' || t == 'u' ? 'd' : t;
            if (sp.precision >= 0) {
                /* %.3d: minimum digits, after the sign */
                StrBuf digits = {0};
                unsigned long long mag = v->u.i.c < 0 ? 0ull - (unsigned long long)v->u.i.c : (unsigned long long)v->u.i.c;
                if (v->u.i.c < 0)
                    sb_putc(&digits, '-');
                else if (sp.sign)
                    sb_putc(&digits, sp.sign);
                sb_printf(&digits, "%0*llu", sp.precision, mag);
                Spec s2 = sp;
                s2.precision = -1;
                s2.type = 0;
                s2.sign = 0;
                s2.zero = false;
                s2.fill = ' ';
                ok = format_text(I, &out, sb_str(&digits), digits.len, &s2, loc, "int");
                sb_free(&digits);
                break;
            }
            ok = format_int(I, &out, v->u.i.c, &sp, loc);
            break;
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G': {
            double d;
            if (v->kind == V_FLOAT)
                d = v->u.f;
            else if ((v->kind == V_INT || v->kind == V_BOOL) && !v->u.i.sym)
                d = (double)v->u.i.c;
            else {
                interp_raise(I, loc, "TypeError", "must be real number, not %s", value_type_name(v));
                goto fail;
            }
            sp.type = t;
            ok = format_float(I, &out, d, &sp, loc);
            break;
        }
        default:
            interp_raise(I, loc, "ValueError", "unsupported format character '%c' (0x%x) at index %zu", t, (unsigned)t, i);
            goto fail;
        }
        if (!ok) goto fail;
    }
    if (!mapping && used < nitems && args->kind == V_TUPLE) {
        interp_raise(I, loc, "TypeError", "not all arguments converted during string formatting");
        goto fail;
    }
    if (!mapping && args->kind != V_TUPLE && used == 0) {
        interp_raise(I, loc, "TypeError", "not all arguments converted during string formatting");
        goto fail;
    }
    {
        Value *r = v_str(I, sb_str(&out), out.len);
        sb_free(&out);
        return r;
    }
fail:
    sb_free(&out);
    return NULL;
}

/* ---- str methods ------------------------------------------------------------------------- */

static bool want_str(Interp *I, Value *v, const char *what, Loc loc) {
    if (v->kind == V_STR) return true;
    if (v->kind == V_UNKNOWN)
        interp_abort(I, loc, "%s", v->u.unknown.reason);
    else
        interp_raise(I, loc, "TypeError", "%s must be str, not %s", what, value_type_name(v));
    return false;
}

static bool str_nargs(Interp *I, CallArgs *args, const char *name, int lo, int hi, Loc loc) {
    if (args->nkw) {
        interp_raise(I, loc, "TypeError", "%s() takes no keyword arguments", name);
        return false;
    }
    if (args->npos < lo || args->npos > hi) {
        interp_raise(I, loc, "TypeError", "%s() takes %s %d argument%s (%d given)", name, lo == hi ? "exactly" : "at most",
                     hi, hi == 1 ? "" : "s", args->npos);
        return false;
    }
    return true;
}

static Value *sv(Interp *I, StrBuf *b) {
    Value *r = v_str(I, sb_str(b), b->len);
    sb_free(b);
    return r;
}

static Value *m_format(Interp *I, Value *self, CallArgs *args, Loc loc) {
    StrBuf out = {0};
    int auto_idx = 0;
    if (!format_into(I, &out, self->u.str.s, self->u.str.len, args, &auto_idx, loc, 0)) {
        sb_free(&out);
        return NULL;
    }
    return sv(I, &out);
}

static Value *m_join(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!str_nargs(I, args, "join", 1, 1, loc)) return NULL;
    Value *items = interp_items(I, args->pos[0], loc);
    if (!items) {
        if (!I->unwind) interp_abort(I, loc, "join over a range of symbolic length");
        return NULL;
    }
    StrBuf b = {0};
    for (int i = 0; i < items->u.seq.n; i++) {
        Value *x = items->u.seq.v[i];
        if (x->kind != V_STR) {
            sb_free(&b);
            if (x->kind == V_UNKNOWN) return unknown_from(I, x, loc);
            interp_raise(I, loc, "TypeError", "sequence item %d: expected str instance, %s found", i, value_type_name(x));
            return NULL;
        }
        if (i) sb_put(&b, self->u.str.s, self->u.str.len);
        sb_put(&b, x->u.str.s, x->u.str.len);
    }
    return sv(I, &b);
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

static Value *split_impl(Interp *I, Value *self, CallArgs *args, Loc loc, bool right) {
    static const char *const params[] = {"sep", "maxsplit", NULL};
    Value *a[2];
    if (!interp_bind(I, args, loc, right ? "rsplit" : "split", params, 0, a)) return NULL;
    Value *sep = a[0] && a[0]->kind != V_NONE ? a[0] : NULL;
    int64_t maxsplit = -1;
    if (a[1]) {
        if (a[1]->kind != V_INT || a[1]->u.i.sym) return v_unknown(I, loc, "split() with a symbolic maxsplit");
        maxsplit = a[1]->u.i.c;
    }
    if (sep && !want_str(I, sep, "separator", loc)) return NULL;
    if (sep && sep->u.str.len == 0) {
        interp_raise(I, loc, "ValueError", "empty separator");
        return NULL;
    }
    const char *s = self->u.str.s;
    size_t n = self->u.str.len;
    Value *out = v_list(I, 0);
    /* collect pieces as [start, end) pairs */
    Vec(size_t) cuts = {0};
    if (!sep) {
        if (!right) {
            size_t i = 0;
            int64_t splits = 0;
            while (i < n) {
                while (i < n && is_space(s[i])) i++;
                if (i >= n) break;
                if (maxsplit >= 0 && splits >= maxsplit) {
                    size_t e = n;
                    while (e > i && is_space(s[e - 1])) e--;
                    vec_push(&cuts, i);
                    vec_push(&cuts, e);
                    break;
                }
                size_t j = i;
                while (j < n && !is_space(s[j])) j++;
                vec_push(&cuts, i);
                vec_push(&cuts, j);
                splits++;
                i = j;
            }
        } else {
            size_t i = n;
            int64_t splits = 0;
            while (i > 0) {
                while (i > 0 && is_space(s[i - 1])) i--;
                if (!i) break;
                if (maxsplit >= 0 && splits >= maxsplit) {
                    size_t b = 0;
                    while (b < i && is_space(s[b])) b++;
                    vec_push(&cuts, b);
                    vec_push(&cuts, i);
                    break;
                }
                size_t j = i;
                while (j > 0 && !is_space(s[j - 1])) j--;
                vec_push(&cuts, j);
                vec_push(&cuts, i);
                splits++;
                i = j;
            }
        }
    } else {
        const char *p = sep->u.str.s;
        size_t pl = sep->u.str.len;
        if (!right) {
            size_t start = 0;
            int64_t splits = 0;
            for (size_t i = 0; i + pl <= n;) {
                if ((maxsplit < 0 || splits < maxsplit) && memcmp(s + i, p, pl) == 0) {
                    vec_push(&cuts, start);
                    vec_push(&cuts, i);
                    splits++;
                    i += pl;
                    start = i;
                } else {
                    i++;
                }
            }
            vec_push(&cuts, start);
            vec_push(&cuts, n);
        } else {
            size_t end = n;
            int64_t splits = 0;
            for (size_t i = n; i >= pl && i > 0;) {
                if ((maxsplit < 0 || splits < maxsplit) && memcmp(s + i - pl, p, pl) == 0) {
                    vec_push(&cuts, i);
                    vec_push(&cuts, end);
                    splits++;
                    i -= pl;
                    end = i;
                } else {
                    i--;
                }
            }
            vec_push(&cuts, 0);
            vec_push(&cuts, end);
        }
    }
    int pieces = cuts.n / 2;
    for (int k = 0; k < pieces; k++) {
        int idx = right ? pieces - 1 - k : k;
        size_t b = cuts.v[2 * idx], e = cuts.v[2 * idx + 1];
        seq_append(I, &out->u.seq, v_str(I, s + b, e - b));
    }
    vec_free(&cuts);
    return out;
}

static Value *m_split(Interp *I, Value *self, CallArgs *args, Loc loc) { return split_impl(I, self, args, loc, false); }
static Value *m_rsplit(Interp *I, Value *self, CallArgs *args, Loc loc) { return split_impl(I, self, args, loc, true); }

static Value *m_splitlines(Interp *I, Value *self, CallArgs *args, Loc loc) {
    static const char *const params[] = {"keepends", NULL};
    Value *a[1];
    if (!interp_bind(I, args, loc, "splitlines", params, 0, a)) return NULL;
    bool keep = a[0] && a[0]->kind == V_BOOL && a[0]->u.i.c;
    const char *s = self->u.str.s;
    size_t n = self->u.str.len, start = 0;
    Value *out = v_list(I, 0);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n' || s[i] == '\r') {
            size_t e = i;
            if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') i++;
            seq_append(I, &out->u.seq, v_str(I, s + start, (keep ? i + 1 : e) - start));
            start = i + 1;
        }
    }
    if (start < n) seq_append(I, &out->u.seq, v_str(I, s + start, n - start));
    return out;
}

static bool opt_range(Interp *I, CallArgs *args, int first, size_t cplen, size_t *lo, size_t *hi, Loc loc) {
    int64_t a = 0, b = (int64_t)cplen;
    for (int k = 0; k < 2; k++) {
        if (args->npos <= first + k) break;
        Value *v = args->pos[first + k];
        if (v->kind == V_NONE) continue;
        if (v->kind != V_INT || v->u.i.sym) {
            interp_abort(I, loc, "string method with a symbolic or non-int position");
            return false;
        }
        int64_t x = v->u.i.c;
        if (x < 0) x += (int64_t)cplen;
        if (x < 0) x = 0;
        if (x > (int64_t)cplen) x = (int64_t)cplen;
        if (k == 0)
            a = x;
        else
            b = x;
    }
    *lo = (size_t)a;
    *hi = (size_t)(b < a ? a : b);
    return true;
}

static Value *affix_impl(Interp *I, Value *self, CallArgs *args, Loc loc, bool end) {
    if (!str_nargs(I, args, end ? "endswith" : "startswith", 1, 3, loc)) return NULL;
    size_t cps = utf8_count(self->u.str.s, self->u.str.len), lo, hi;
    if (!opt_range(I, args, 1, cps, &lo, &hi, loc)) return NULL;
    size_t bl = utf8_offset(self->u.str.s, self->u.str.len, lo), bh = utf8_offset(self->u.str.s, self->u.str.len, hi);
    const char *s = self->u.str.s + bl;
    size_t n = bh - bl;
    Value *p = args->pos[0];
    Value *single[1] = {p};
    Value **ps = single;
    int np = 1;
    if (p->kind == V_TUPLE) {
        ps = p->u.seq.v;
        np = p->u.seq.n;
    }
    for (int i = 0; i < np; i++) {
        if (!want_str(I, ps[i], end ? "endswith first arg" : "startswith first arg", loc)) return NULL;
        size_t pl = ps[i]->u.str.len;
        if (pl > n) continue;
        if (memcmp(end ? s + n - pl : s, ps[i]->u.str.s, pl) == 0) return v_true();
    }
    return v_false();
}

static Value *m_startswith(Interp *I, Value *self, CallArgs *args, Loc loc) { return affix_impl(I, self, args, loc, false); }
static Value *m_endswith(Interp *I, Value *self, CallArgs *args, Loc loc) { return affix_impl(I, self, args, loc, true); }

static Value *case_impl(Interp *I, Value *self, CallArgs *args, Loc loc, int mode) {
    if (!str_nargs(I, args, "upper", 0, 0, loc)) return NULL;
    StrBuf b = {0};
    bool word_start = true;
    for (size_t i = 0; i < self->u.str.len; i++) {
        char c = self->u.str.s[i];
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        switch (mode) {
        case 0: if (c >= 'a' && c <= 'z') c = (char)(c - 32); break;                 /* upper */
        case 1: if (c >= 'A' && c <= 'Z') c = (char)(c + 32); break;                 /* lower */
        case 2:                                                                     /* capitalize */
            if (i == 0 && c >= 'a' && c <= 'z') c = (char)(c - 32);
            else if (i > 0 && c >= 'A' && c <= 'Z') c = (char)(c + 32);
            break;
        case 3:                                                                     /* title */
            if (word_start && c >= 'a' && c <= 'z') c = (char)(c - 32);
            else if (!word_start && c >= 'A' && c <= 'Z') c = (char)(c + 32);
            break;
        case 4:                                                                     /* swapcase */
            if (c >= 'a' && c <= 'z') c = (char)(c - 32);
            else if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
            break;
        default: break;
        }
        word_start = !alpha;
        sb_putc(&b, c);
    }
    return sv(I, &b);
}

static Value *m_upper(Interp *I, Value *self, CallArgs *args, Loc loc) { return case_impl(I, self, args, loc, 0); }
static Value *m_lower(Interp *I, Value *self, CallArgs *args, Loc loc) { return case_impl(I, self, args, loc, 1); }
static Value *m_capitalize(Interp *I, Value *self, CallArgs *args, Loc loc) { return case_impl(I, self, args, loc, 2); }
static Value *m_title(Interp *I, Value *self, CallArgs *args, Loc loc) { return case_impl(I, self, args, loc, 3); }
static Value *m_swapcase(Interp *I, Value *self, CallArgs *args, Loc loc) { return case_impl(I, self, args, loc, 4); }

static Value *m_replace(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!str_nargs(I, args, "replace", 2, 3, loc)) return NULL;
    Value *old = args->pos[0], *new_ = args->pos[1];
    if (!want_str(I, old, "replace() argument 1", loc) || !want_str(I, new_, "replace() argument 2", loc)) return NULL;
    int64_t count = -1;
    if (args->npos == 3) {
        if (args->pos[2]->kind != V_INT || args->pos[2]->u.i.sym) return v_unknown(I, loc, "replace() count");
        count = args->pos[2]->u.i.c;
    }
    const char *s = self->u.str.s;
    size_t n = self->u.str.len, ol = old->u.str.len;
    StrBuf b = {0};
    int64_t done = 0;
    if (ol == 0) {
        /* insert between every character */
        size_t i = 0;
        while (i <= n) {
            if (count < 0 || done < count) {
                sb_put(&b, new_->u.str.s, new_->u.str.len);
                done++;
            }
            if (i == n) break;
            size_t l = 1;
            while (i + l < n && ((unsigned char)s[i + l] & 0xC0) == 0x80) l++;
            sb_put(&b, s + i, l);
            i += l;
        }
        return sv(I, &b);
    }
    for (size_t i = 0; i < n;) {
        if ((count < 0 || done < count) && i + ol <= n && memcmp(s + i, old->u.str.s, ol) == 0) {
            sb_put(&b, new_->u.str.s, new_->u.str.len);
            i += ol;
            done++;
        } else {
            sb_putc(&b, s[i++]);
        }
    }
    return sv(I, &b);
}

static Value *strip_impl(Interp *I, Value *self, CallArgs *args, Loc loc, int which) {
    if (!str_nargs(I, args, "strip", 0, 1, loc)) return NULL;
    const char *chars = NULL;
    size_t cl = 0;
    if (args->npos && args->pos[0]->kind != V_NONE) {
        if (!want_str(I, args->pos[0], "strip arg", loc)) return NULL;
        chars = args->pos[0]->u.str.s;
        cl = args->pos[0]->u.str.len;
    }
    const char *s = self->u.str.s;
    size_t a = 0, e = self->u.str.len;
#define STRIPPABLE(c) (chars ? memchr(chars, (c), cl) != NULL : is_space(c))
    if (which != 2)
        while (a < e && STRIPPABLE(s[a])) a++;
    if (which != 1)
        while (e > a && STRIPPABLE(s[e - 1])) e--;
#undef STRIPPABLE
    return v_str(I, s + a, e - a);
}

static Value *m_strip(Interp *I, Value *self, CallArgs *args, Loc loc) { return strip_impl(I, self, args, loc, 0); }
static Value *m_lstrip(Interp *I, Value *self, CallArgs *args, Loc loc) { return strip_impl(I, self, args, loc, 1); }
static Value *m_rstrip(Interp *I, Value *self, CallArgs *args, Loc loc) { return strip_impl(I, self, args, loc, 2); }

/* code point index of the first (or last) occurrence of the argument; -1 */
static bool find_impl(Interp *I, Value *self, CallArgs *args, Loc loc, bool last, int64_t *out) {
    if (!str_nargs(I, args, "find", 1, 3, loc)) return false;
    if (!want_str(I, args->pos[0], "must be str", loc)) return false;
    size_t cps = utf8_count(self->u.str.s, self->u.str.len), lo, hi;
    if (!opt_range(I, args, 1, cps, &lo, &hi, loc)) return false;
    const char *s = self->u.str.s;
    size_t bl = utf8_offset(s, self->u.str.len, lo), bh = utf8_offset(s, self->u.str.len, hi);
    const char *p = args->pos[0]->u.str.s;
    size_t pl = args->pos[0]->u.str.len;
    *out = -1;
    if (pl > bh - bl) return true;
    for (size_t k = 0; k + pl <= bh - bl; k++) {
        size_t i = last ? bh - pl - k : bl + k;
        if (memcmp(s + i, p, pl) == 0) {
            *out = (int64_t)utf8_count(s, i);
            return true;
        }
    }
    return true;
}

static Value *m_find(Interp *I, Value *self, CallArgs *args, Loc loc) {
    int64_t r;
    return find_impl(I, self, args, loc, false, &r) ? v_int(I, r) : NULL;
}

static Value *m_rfind(Interp *I, Value *self, CallArgs *args, Loc loc) {
    int64_t r;
    return find_impl(I, self, args, loc, true, &r) ? v_int(I, r) : NULL;
}

static Value *m_index(Interp *I, Value *self, CallArgs *args, Loc loc) {
    int64_t r;
    if (!find_impl(I, self, args, loc, false, &r)) return NULL;
    if (r < 0) {
        interp_raise(I, loc, "ValueError", "substring not found");
        return NULL;
    }
    return v_int(I, r);
}

static Value *m_count(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!str_nargs(I, args, "count", 1, 3, loc)) return NULL;
    if (!want_str(I, args->pos[0], "must be str", loc)) return NULL;
    size_t cps = utf8_count(self->u.str.s, self->u.str.len), lo, hi;
    if (!opt_range(I, args, 1, cps, &lo, &hi, loc)) return NULL;
    const char *s = self->u.str.s;
    size_t bl = utf8_offset(s, self->u.str.len, lo), bh = utf8_offset(s, self->u.str.len, hi);
    const char *p = args->pos[0]->u.str.s;
    size_t pl = args->pos[0]->u.str.len;
    if (pl == 0) return v_int(I, (int64_t)(hi - lo + 1));
    int64_t c = 0;
    for (size_t i = bl; i + pl <= bh;) {
        if (memcmp(s + i, p, pl) == 0) {
            c++;
            i += pl;
        } else {
            i++;
        }
    }
    return v_int(I, c);
}

static Value *class_impl(Interp *I, Value *self, CallArgs *args, Loc loc, int cls) {
    if (!str_nargs(I, args, "isdigit", 0, 0, loc)) return NULL;
    size_t n = self->u.str.len;
    if (!n) return v_false();
    bool any_cased = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)self->u.str.s[i];
        bool digit = c >= '0' && c <= '9', lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
        bool ok;
        switch (cls) {
        case 0: ok = digit; break;
        case 1: ok = lower || upper; break;
        case 2: ok = digit || lower || upper; break;
        case 3: ok = is_space((char)c); break;
        case 4: ok = !lower; any_cased |= upper; break;
        case 5: ok = !upper; any_cased |= lower; break;
        default: ok = false; break;
        }
        if (!ok) return v_false();
    }
    if (cls >= 4) return v_bool(I, any_cased);
    return v_true();
}

static Value *m_isdigit(Interp *I, Value *self, CallArgs *args, Loc loc) { return class_impl(I, self, args, loc, 0); }
static Value *m_isalpha(Interp *I, Value *self, CallArgs *args, Loc loc) { return class_impl(I, self, args, loc, 1); }
static Value *m_isalnum(Interp *I, Value *self, CallArgs *args, Loc loc) { return class_impl(I, self, args, loc, 2); }
static Value *m_isspace(Interp *I, Value *self, CallArgs *args, Loc loc) { return class_impl(I, self, args, loc, 3); }
static Value *m_isupper(Interp *I, Value *self, CallArgs *args, Loc loc) { return class_impl(I, self, args, loc, 4); }
static Value *m_islower(Interp *I, Value *self, CallArgs *args, Loc loc) { return class_impl(I, self, args, loc, 5); }

static Value *justify(Interp *I, Value *self, CallArgs *args, Loc loc, char align) {
    if (!str_nargs(I, args, "ljust", 1, 2, loc)) return NULL;
    if (args->pos[0]->kind != V_INT || args->pos[0]->u.i.sym) return v_unknown(I, loc, "justify width");
    Spec sp;
    memset(&sp, 0, sizeof sp);
    sp.fill = ' ';
    if (args->npos == 2) {
        Value *f = args->pos[1];
        if (f->kind != V_STR || utf8_count(f->u.str.s, f->u.str.len) != 1) {
            interp_raise(I, loc, "TypeError", "The fill character must be exactly one character long");
            return NULL;
        }
        utf8_decode((const unsigned char *)f->u.str.s, f->u.str.len, &sp.fill);
    }
    sp.width = args->pos[0]->u.i.c > 100000 ? 100000 : (int)args->pos[0]->u.i.c;
    sp.align = align;
    StrBuf b = {0};
    pad(&b, &sp, "", self->u.str.s, self->u.str.len, align);
    return sv(I, &b);
}

static Value *m_ljust(Interp *I, Value *self, CallArgs *args, Loc loc) { return justify(I, self, args, loc, '<'); }
static Value *m_rjust(Interp *I, Value *self, CallArgs *args, Loc loc) { return justify(I, self, args, loc, '>'); }
static Value *m_center(Interp *I, Value *self, CallArgs *args, Loc loc) { return justify(I, self, args, loc, '^'); }

static Value *m_zfill(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!str_nargs(I, args, "zfill", 1, 1, loc)) return NULL;
    if (args->pos[0]->kind != V_INT || args->pos[0]->u.i.sym) return v_unknown(I, loc, "zfill width");
    int64_t w = args->pos[0]->u.i.c;
    const char *s = self->u.str.s;
    size_t n = self->u.str.len, cps = utf8_count(s, n);
    StrBuf b = {0};
    size_t start = 0;
    if (n && (s[0] == '-' || s[0] == '+')) {
        sb_putc(&b, s[0]);
        start = 1;
    }
    for (int64_t k = (int64_t)cps; k < w && k < 100000; k++) sb_putc(&b, '0');
    sb_put(&b, s + start, n - start);
    return sv(I, &b);
}

static Value *partition_impl(Interp *I, Value *self, CallArgs *args, Loc loc, bool right) {
    if (!str_nargs(I, args, "partition", 1, 1, loc)) return NULL;
    if (!want_str(I, args->pos[0], "separator", loc)) return NULL;
    const char *s = self->u.str.s, *p = args->pos[0]->u.str.s;
    size_t n = self->u.str.len, pl = args->pos[0]->u.str.len;
    if (!pl) {
        interp_raise(I, loc, "ValueError", "empty separator");
        return NULL;
    }
    Value *t = v_tuple(I, 3);
    for (size_t k = 0; k + pl <= n; k++) {
        size_t i = right ? n - pl - k : k;
        if (memcmp(s + i, p, pl) == 0) {
            t->u.seq.v[0] = v_str(I, s, i);
            t->u.seq.v[1] = args->pos[0];
            t->u.seq.v[2] = v_str(I, s + i + pl, n - i - pl);
            return t;
        }
    }
    t->u.seq.v[0] = right ? v_str(I, "", 0) : self;
    t->u.seq.v[1] = v_str(I, "", 0);
    t->u.seq.v[2] = right ? self : v_str(I, "", 0);
    return t;
}

static Value *m_partition(Interp *I, Value *self, CallArgs *args, Loc loc) { return partition_impl(I, self, args, loc, false); }
static Value *m_rpartition(Interp *I, Value *self, CallArgs *args, Loc loc) { return partition_impl(I, self, args, loc, true); }

static Value *m_removeprefix(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!str_nargs(I, args, "removeprefix", 1, 1, loc) || !want_str(I, args->pos[0], "prefix", loc)) return NULL;
    size_t pl = args->pos[0]->u.str.len;
    if (pl <= self->u.str.len && memcmp(self->u.str.s, args->pos[0]->u.str.s, pl) == 0)
        return v_str(I, self->u.str.s + pl, self->u.str.len - pl);
    return self;
}

static Value *m_removesuffix(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!str_nargs(I, args, "removesuffix", 1, 1, loc) || !want_str(I, args->pos[0], "suffix", loc)) return NULL;
    size_t pl = args->pos[0]->u.str.len, n = self->u.str.len;
    if (pl && pl <= n && memcmp(self->u.str.s + n - pl, args->pos[0]->u.str.s, pl) == 0)
        return v_str(I, self->u.str.s, n - pl);
    return self;
}

static Value *m_encode(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    (void)args;
    return v_unknown(I, loc, "bytes are not modelled");
}

const MethodDef str_methods[] = {
    {"format", m_format},         {"join", m_join},           {"split", m_split},
    {"rsplit", m_rsplit},         {"splitlines", m_splitlines}, {"startswith", m_startswith},
    {"endswith", m_endswith},     {"upper", m_upper},         {"lower", m_lower},
    {"casefold", m_lower},        {"capitalize", m_capitalize}, {"title", m_title},
    {"swapcase", m_swapcase},     {"replace", m_replace},     {"strip", m_strip},
    {"lstrip", m_lstrip},         {"rstrip", m_rstrip},       {"find", m_find},
    {"rfind", m_rfind},           {"index", m_index},         {"count", m_count},
    {"isdigit", m_isdigit},       {"isnumeric", m_isdigit},   {"isdecimal", m_isdigit},
    {"isalpha", m_isalpha},       {"isalnum", m_isalnum},     {"isspace", m_isspace},
    {"isupper", m_isupper},       {"islower", m_islower},     {"ljust", m_ljust},
    {"rjust", m_rjust},           {"center", m_center},       {"zfill", m_zfill},
    {"partition", m_partition},   {"rpartition", m_rpartition}, {"removeprefix", m_removeprefix},
    {"removesuffix", m_removesuffix}, {"encode", m_encode},
};
const int str_methods_n = (int)KCV_ARRAY_LEN(str_methods);
