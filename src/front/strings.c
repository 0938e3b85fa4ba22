/* strings.c - string literals: the adjacent STRING tokens of one atom to a
 * Constant (str or bytes) or a JoinedStr, exactly as CPython 3.11.2 does in
 * Parser/string_parser.c and _PyPegen_concatenate_strings.
 *
 * Role in the pipeline: the parser (parse_expr.c) calls strings_parse for
 * each `strings` atom; for each f-string replacement field this file calls
 * back into the parser through parser_fstring_expr, which lexes the field in
 * fragment mode and runs parse_fstring_rule on a sub-Parser.
 *
 * What CPython does, and so what this file does:
 *   - each token's body is decoded on its own: raw strings and strings with
 *     no backslash are checked as UTF-8; others go through CPython's two
 *     steps (non-ASCII runs rewritten as \UXXXXXXXX escapes, then the
 *     'unicodeescape' decoder), so that error positions in messages are the
 *     positions CPython reports; invalid escapes such as \d are kept;
 *   - bytes must be ASCII, escapes as _PyBytes_DecodeEscape;
 *   - f-strings are split into literals and fields by the 3.11 scanner
 *     (fstring_find_literal / fstring_find_expr), with its error messages;
 *   - locations: the Constant and FormattedValue parts of a JoinedStr carry
 *     the span of the whole group; a format spec's JoinedStr and its trailing
 *     Constant carry the span of the token holding it; the expression of a
 *     field is parsed from "(" expr ")" placed at line t.line + lines and
 *     column (lines ? cols : t.col + cols), as fstring_find_expr_location
 *     computes them (see field_location);
 *   - errors are raised as RAISE_SYNTAX_ERROR does: at the last token the
 *     parser fetched, which is the token after the group; inside an f-string
 *     field's sub-parser the message gets CPython's "f-string: " prefix and
 *     the columns are made relative to the field's "(" (as pegen does).
 *
 * Ownership: decoded strings, nodes and lists are allocated in p->arena.
 * Recursion is bounded: format specs nest at most twice, and f-strings
 * inside fields at most as deep as the four quote styles allow.
 */
#include <string.h>

#include "lex_unicode.h"
#include "parser.h"

/* ---- f-string sub-parsers ------------------------------------------------------- */

/* The sub-parsers parser_fstring_expr has running (innermost last), with the
 * column of their "(" (CPython's starting_col_offset). */
enum { MAX_SUBPARSERS = 64 };
static _Thread_local struct {
    const Parser *p;
    int col;
} subparsers[MAX_SUBPARSERS];
static _Thread_local int nsubparsers;

static bool subparser_col(const Parser *p, int *col) {
    for (int i = nsubparsers - 1; i >= 0; i--) {
        if (subparsers[i].p == p) {
            *col = subparsers[i].col;
            return true;
        }
    }
    return false;
}

/* ---- the state of one strings_parse ------------------------------------------------ */

typedef struct Strs {
    Parser *p;
    int first, count;      /* token indices of the group */
    const Token *ftok;     /* first token of the group */
    const Token *ltok;     /* last token of the group */
    bool error;
    StrBuf tmp;            /* scratch for decode_escapes */
} Strs;

static void raise_error(Strs *S, const char *fmt, ...) KCV_PRINTF(2, 3);

/* RAISE_SYNTAX_ERROR: at the token after the group (pegen's last token). */
static void raise_error(Strs *S, const char *fmt, ...) {
    if (S->error) return;
    S->error = true;
    Parser *p = S->p;
    int i = S->first + S->count;
    if (i >= p->toks.n) i = p->toks.n - 1;
    const Token *t = &p->toks.v[i];
    Loc loc = {p->file, t->line, t->col, t->end_line, t->end_col};
    int sub;
    bool in_sub = subparser_col(p, &sub);
    if (in_sub) {
        loc.col -= sub;
        loc.end_col -= sub;
        if (loc.col < 0) loc.col = 0;
        if (loc.end_col < 0) loc.end_col = 0;
    }
    StrBuf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&msg, fmt, ap);
    va_end(ap);
    diag_report(p->diags, SEV_ERROR, loc, "syntax", "%s%s", in_sub ? "f-string: " : "", sb_str(&msg));
    sb_free(&msg);
}

/* A "(unicode error) 'utf-8' codec ..." for s[0..n) if it is not UTF-8. */
static bool check_utf8(Strs *S, const char *s, size_t n) {
    StrBuf msg = {0};
    bool bad = lexu_utf8_error_message(&msg, "utf-8", (const unsigned char *)s, n, 0);
    if (bad) raise_error(S, "(unicode error) %s", sb_str(&msg));
    sb_free(&msg);
    return !bad;
}

/* ---- str escapes ----------------------------------------------------------------------- */

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* _PyUnicode_DecodeUnicodeEscapeInternal on the ASCII buffer b[0..n),
 * appending UTF-8 to out. */
static bool unicode_escape(Strs *S, const char *b, size_t n, StrBuf *out) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)b[i++];
        if (c != '\\') {
            utf8_encode(out, c);
            continue;
        }
        size_t start = i - 1;
        const char *message;
        if (i >= n) {
            message = "\\ at end of string";
            goto error;
        }
        c = (unsigned char)b[i++];
        switch (c) {
        case '\n': continue;
        case '\\': sb_putc(out, '\\'); continue;
        case '\'': sb_putc(out, '\''); continue;
        case '"': sb_putc(out, '"'); continue;
        case 'b': sb_putc(out, '\b'); continue;
        case 'f': sb_putc(out, '\f'); continue;
        case 't': sb_putc(out, '\t'); continue;
        case 'n': sb_putc(out, '\n'); continue;
        case 'r': sb_putc(out, '\r'); continue;
        case 'v': sb_putc(out, '\v'); continue;
        case 'a': sb_putc(out, '\a'); continue;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            uint32_t ch = c - '0';
            if (i < n && b[i] >= '0' && b[i] <= '7') {
                ch = (ch << 3) + (uint32_t)(b[i++] - '0');
                if (i < n && b[i] >= '0' && b[i] <= '7') ch = (ch << 3) + (uint32_t)(b[i++] - '0');
            }
            utf8_encode(out, ch);  /* above 0o377: a DeprecationWarning in 3.11 */
            continue;
        }
        case 'x':
        case 'u':
        case 'U': {
            int count = c == 'x' ? 2 : c == 'u' ? 4 : 8;
            message = c == 'x' ? "truncated \\xXX escape"
                    : c == 'u' ? "truncated \\uXXXX escape"
                               : "truncated \\UXXXXXXXX escape";
            uint32_t ch = 0;
            for (; count; i++, count--) {
                if (i >= n) goto error;
                int v = hexval((unsigned char)b[i]);
                if (v < 0) goto error;
                ch = (ch << 4) + (uint32_t)v;
            }
            if (ch > 0x10FFFF) {
                message = "illegal Unicode character";
                goto error;
            }
            utf8_encode(out, ch);
            continue;
        }
        case 'N': {
            message = "malformed \\N character escape";
            if (i >= n) goto error;
            if (b[i] == '{') {
                size_t name = ++i;
                while (i < n && b[i] != '}') i++;
                if (i >= n) goto error;
                size_t namelen = i - name;
                if (namelen) {
                    i++;
                    uint32_t ch;
                    if (lexu_lookup_name(b + name, namelen, &ch)) {
                        utf8_encode(out, ch);
                        continue;
                    }
                    message = "unknown Unicode character name";
                }
            }
            goto error;
        }
        default:
            /* An invalid escape: kept as written (a DeprecationWarning). */
            sb_putc(out, '\\');
            utf8_encode(out, c);
            continue;
        }
    error:
        if (i - start == 1)
            raise_error(S,
                        "(unicode error) 'unicodeescape' codec can't decode byte 0x%02x in "
                        "position %zu: %s",
                        (unsigned char)b[start], start, message);
        else
            raise_error(S,
                        "(unicode error) 'unicodeescape' codec can't decode bytes in position "
                        "%zu-%zu: %s",
                        start, i - 1, message);
        return false;
    }
    return true;
}

/* decode_unicode_with_escapes: appends the value of s[0..n) to out. */
static bool decode_escapes(Strs *S, const char *s, size_t n, StrBuf *out) {
    StrBuf *b = &S->tmp;
    sb_clear(b);
    const char *end = s + n;
    while (s < end) {
        if (*s == '\\') {
            sb_putc(b, *s++);
            if (s >= end || (*s & 0x80)) {
                sb_puts(b, "u005c");
                if (s >= end) break;
            }
        }
        if (*s & 0x80) {
            const char *t = s;
            while (s < end && (*s & 0x80)) s++;
            if (!check_utf8(S, t, (size_t)(s - t))) return false;
            for (const char *q = t; q < s;) {
                uint32_t cp;
                int k = utf8_decode((const unsigned char *)q, (size_t)(s - q), &cp);
                sb_printf(b, "\\U%08x", (unsigned)cp);
                q += k;
            }
        } else {
            sb_putc(b, *s++);
        }
    }
    return unicode_escape(S, b->s ? b->s : "", b->len, out);
}

/* _PyBytes_DecodeEscape on s[0..n). */
static bool decode_bytes_escapes(Strs *S, const char *s, size_t n, StrBuf *out) {
    size_t i = 0;
    while (i < n) {
        if (s[i] != '\\') {
            sb_putc(out, s[i++]);
            continue;
        }
        i++;
        if (i == n) {
            raise_error(S, "(value error) Trailing \\ in string");
            return false;
        }
        char c = s[i++];
        switch (c) {
        case '\n': break;
        case '\\': sb_putc(out, '\\'); break;
        case '\'': sb_putc(out, '\''); break;
        case '"': sb_putc(out, '"'); break;
        case 'b': sb_putc(out, '\b'); break;
        case 'f': sb_putc(out, '\f'); break;
        case 't': sb_putc(out, '\t'); break;
        case 'n': sb_putc(out, '\n'); break;
        case 'r': sb_putc(out, '\r'); break;
        case 'v': sb_putc(out, '\v'); break;
        case 'a': sb_putc(out, '\a'); break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            int v = c - '0';
            if (i < n && s[i] >= '0' && s[i] <= '7') {
                v = (v << 3) + (s[i++] - '0');
                if (i < n && s[i] >= '0' && s[i] <= '7') v = (v << 3) + (s[i++] - '0');
            }
            sb_putc(out, (char)(unsigned char)v);
            break;
        }
        case 'x':
            if (i + 1 < n) {
                int d1 = hexval((unsigned char)s[i]), d2 = hexval((unsigned char)s[i + 1]);
                if (d1 >= 0 && d2 >= 0) {
                    sb_putc(out, (char)(unsigned char)((d1 << 4) + d2));
                    i += 2;
                    break;
                }
            }
            raise_error(S, "(value error) invalid \\x escape at position %zu", i - 2);
            return false;
        default:
            sb_putc(out, '\\');
            i--;
            break;
        }
    }
    return true;
}

/* ---- one token ----------------------------------------------------------------------------- */

typedef struct Lit {
    bool bytes, raw, fmode;
    const char *body;      /* between the quotes */
    size_t len;
} Lit;

/* The prefix and body of a STRING token (_PyPegen_parsestr's first half). */
static void split_token(const Token *t, Lit *L) {
    const char *s = t->start;
    memset(L, 0, sizeof *L);
    for (;; s++) {
        char c = *s;
        if (c == 'b' || c == 'B') L->bytes = true;
        else if (c == 'r' || c == 'R') L->raw = true;
        else if (c == 'f' || c == 'F') L->fmode = true;
        else if (c == 'u' || c == 'U') continue;
        else break;
    }
    char quote = *s++;
    size_t len = (size_t)(t->start + t->len - s) - 1;  /* without the closing quote */
    if (len >= 4 && s[0] == quote && s[1] == quote) {
        s += 2;
        len -= 4;
    }
    L->body = s;
    L->len = len;
}

/* Decodes a plain (not f-) string token's body into out. */
static bool decode_plain(Strs *S, const Lit *L, StrBuf *out) {
    bool raw = L->raw || memchr(L->body, '\\', L->len) == NULL;
    if (L->bytes) {
        for (size_t i = 0; i < L->len; i++)
            if ((unsigned char)L->body[i] >= 0x80) {
                raise_error(S, "bytes can only contain ASCII literal characters");
                return false;
            }
        if (raw) {
            sb_put(out, L->body, L->len);
            return true;
        }
        return decode_bytes_escapes(S, L->body, L->len, out);
    }
    if (raw) {
        if (!check_utf8(S, L->body, L->len)) return false;
        sb_put(out, L->body, L->len);
        return true;
    }
    return decode_escapes(S, L->body, L->len, out);
}

/* ---- nodes ------------------------------------------------------------------------------------ */

static Span span_of(const Token *a, const Token *b) {
    Span s = {a->line, a->col, b->end_line, b->end_col};
    return s;
}

static Node *make_str(Strs *S, const char *s, size_t n, const Token *a, const Token *b) {
    Parser *p = S->p;
    Node *c = node_new(p, N_CONSTANT, span_of(a, b));
    c->u.constant.value.kind = CONST_STR;
    c->u.constant.value.s = arena_strndup(p->arena, s ? s : "", n);
    c->u.constant.value.len = n;
    c->u.constant.kind = a->start[0] == 'u' ? intern(p->names, "u", 1) : NULL;
    return c;
}

/* CPython's FstringParser: the pending literal and the parts so far. */
typedef struct FParser {
    StrBuf last;           /* pending literal text */
    bool has_last;
    bool fmode;
    Vec(Node *) parts;
} FParser;

static void fp_free(FParser *F) {
    sb_free(&F->last);
    vec_free(&F->parts);
}

static void fp_concat(FParser *F, const char *s, size_t n) {
    if (n == 0) return;
    sb_put(&F->last, s, n);
    F->has_last = true;
}

static void fp_flush(Strs *S, FParser *F, const Token *a, const Token *b) {
    if (!F->has_last) return;
    vec_push(&F->parts, make_str(S, F->last.s, F->last.len, a, b));
    sb_clear(&F->last);
    F->has_last = false;
}

/* _PyPegen_FstringParser_Finish. */
static Node *fp_finish(Strs *S, FParser *F, const Token *a, const Token *b) {
    Parser *p = S->p;
    if (!F->fmode) return make_str(S, F->last.s, F->last.len, a, b);
    fp_flush(S, F, a, b);
    Node *j = node_new(p, N_JOINED_STR, span_of(a, b));
    j->u.joined.values.n = F->parts.n;
    if (F->parts.n) {
        j->u.joined.values.v = arena_alloc(p->arena, (size_t)F->parts.n * sizeof(Node *));
        memcpy(j->u.joined.values.v, F->parts.v, (size_t)F->parts.n * sizeof(Node *));
    }
    return j;
}

/* ---- f-strings ---------------------------------------------------------------------------------- */

static bool fstring_concat(Strs *S, FParser *F, const char **str, const char *end, bool raw,
                           int recurse_lvl, const Token *t);

/* fstring_find_literal: returns -1 on error, 1 when the caller should come
 * back for more (a doubled brace), 0 otherwise. */
static int find_literal(Strs *S, const char **str, const char *end, bool raw, int recurse_lvl,
                        StrBuf *lit, bool *has_lit) {
    const char *s = *str;
    const char *literal_start = s;
    int result = 0;
    *has_lit = false;
    while (s < end) {
        char ch = *s++;
        if (!raw && ch == '\\' && s < end) {
            ch = *s++;
            if (ch == 'N') {
                if (s < end && *s++ == '{') {
                    while (s < end && *s++ != '}') {
                    }
                    continue;
                }
                continue;
            }
        }
        if (ch == '{' || ch == '}') {
            if (recurse_lvl == 0) {
                if (s < end && *s == ch) {
                    *str = s + 1;
                    result = 1;
                    goto done;
                }
                if (ch == '}') {
                    *str = s - 1;
                    raise_error(S, "f-string: single '}' is not allowed");
                    return -1;
                }
            }
            s--;
            break;
        }
    }
    *str = s;
done:
    if (literal_start != s) {
        sb_clear(lit);
        if (raw) {
            if (!check_utf8(S, literal_start, (size_t)(s - literal_start))) return -1;
            sb_put(lit, literal_start, (size_t)(s - literal_start));
        } else if (!decode_escapes(S, literal_start, (size_t)(s - literal_start), lit)) {
            return -1;
        }
        *has_lit = true;
    }
    return result;
}

/* fstring_find_expr_location: where "(" expr ")" is placed.  `brace` is
 * the '{' in the text of token t. */
static void field_location(const Token *t, const char *brace, int *line, int *col) {
    const char *parent = t->start;
    int lines = 0, cols = 0;
    bool newline_after_brace = true;
    for (const char *s = brace + 1; *s != '}' && *s != '\n'; s++) {
        if (*s != ' ' && *s != '\t' && *s != '\f') {
            newline_after_brace = false;
            break;
        }
    }
    if (!newline_after_brace) {
        const char *s = brace;
        while (s > parent && *s != '\n') s--;
        cols += (int)(brace - s);
        if (*s == '\n') cols -= 1;
    }
    for (const char *s = parent; s < brace; s++)
        if (*s == '\n') lines++;
    *line = t->line + lines;
    *col = lines != 0 ? cols : t->col + cols;
}

/* fstring_compile_expr. */
static Node *compile_field(Strs *S, const char *expr_start, const char *expr_end, const Token *t) {
    const char *s;
    for (s = expr_start; s != expr_end; s++) {
        char c = *s;
        if (!(c == ' ' || c == '\t' || c == '\n' || c == '\f')) break;
    }
    if (s == expr_end) {
        if (*expr_end == '!' || *expr_end == ':' || *expr_end == '=')
            raise_error(S, "f-string: expression required before '%c'", *expr_end);
        else
            raise_error(S, "f-string: empty expression not allowed");
        return NULL;
    }
    int line, col;
    field_location(t, expr_start - 1, &line, &col);
    Node *e = parser_fstring_expr(S->p, expr_start, (size_t)(expr_end - expr_start), line, col);
    if (!e) S->error = true;
    return e;
}

static Node *fstring_parse(Strs *S, const char **str, const char *end, bool raw, int recurse_lvl,
                           const Token *t);

/* fstring_find_expr: *str is at a '{'.  On success sets *expression and,
 * for a "=" field, appends its text to the pending literal via F. */
static bool find_expr(Strs *S, FParser *F, const char **str, const char *end, bool raw,
                      int recurse_lvl, const Token *t, Node **expression) {
    char quote_char = 0;
    int string_type = 0;
    int nested_depth = 0;
    char parenstack[FRONT_MAX_NESTING];
    Node *format_spec = NULL;
    int conversion = -1;
    const char *expr_text = NULL;
    size_t expr_text_len = 0;

    if (recurse_lvl >= 2) {
        raise_error(S, "f-string: expressions nested too deeply");
        return false;
    }
    *str += 1;
    const char *expr_start = *str;
    for (; *str < end; (*str)++) {
        char ch = **str;
        if (ch == '\\') {
            raise_error(S, "f-string expression part cannot include a backslash");
            return false;
        }
        if (quote_char) {
            if (ch == quote_char) {
                if (string_type == 3) {
                    if (*str + 2 < end && (*str)[1] == ch && (*str)[2] == ch) {
                        *str += 2;
                        string_type = 0;
                        quote_char = 0;
                        continue;
                    }
                } else {
                    quote_char = 0;
                    string_type = 0;
                    continue;
                }
            }
            continue;
        }
        if (ch == '\'' || ch == '"') {
            if (*str + 2 < end && (*str)[1] == ch && (*str)[2] == ch) {
                string_type = 3;
                *str += 2;
            } else {
                string_type = 1;
            }
            quote_char = ch;
        } else if (ch == '[' || ch == '{' || ch == '(') {
            if (nested_depth >= FRONT_MAX_NESTING) {
                raise_error(S, "f-string: too many nested parenthesis");
                return false;
            }
            parenstack[nested_depth++] = ch;
        } else if (ch == '#') {
            raise_error(S, "f-string expression part cannot include '#'");
            return false;
        } else if (nested_depth == 0 &&
                   (ch == '!' || ch == ':' || ch == '}' || ch == '=' || ch == '>' || ch == '<')) {
            if (*str + 1 < end) {
                char next = (*str)[1];
                if ((ch == '!' && next == '=') || (ch == '=' && next == '=') ||
                    (ch == '<' && next == '=') || (ch == '>' && next == '=')) {
                    *str += 1;
                    continue;
                }
            }
            if (ch == '>' || ch == '<') continue;
            break;
        } else if (ch == ']' || ch == '}' || ch == ')') {
            if (!nested_depth) {
                raise_error(S, "f-string: unmatched '%c'", ch);
                return false;
            }
            nested_depth--;
            int opening = (unsigned char)parenstack[nested_depth];
            if (!((opening == '(' && ch == ')') || (opening == '[' && ch == ']') ||
                  (opening == '{' && ch == '}'))) {
                raise_error(S, "f-string: closing parenthesis '%c' does not match opening parenthesis '%c'",
                            ch, opening);
                return false;
            }
        }
    }
    const char *expr_end = *str;
    if (quote_char) {
        raise_error(S, "f-string: unterminated string");
        return false;
    }
    if (nested_depth) {
        raise_error(S, "f-string: unmatched '%c'", parenstack[nested_depth - 1]);
        return false;
    }
    if (*str >= end) goto unexpected_end;

    Node *simple = compile_field(S, expr_start, expr_end, t);
    if (!simple) return false;

    if (**str == '=') {
        *str += 1;
        while (*str < end && (**str == ' ' || **str == '\t' || **str == '\n' || **str == '\r' ||
                              **str == '\f' || **str == '\v'))
            *str += 1;
        if (*str >= end) goto unexpected_end;
        expr_text = expr_start;
        expr_text_len = (size_t)(*str - expr_start);
    }
    if (**str == '!') {
        *str += 1;
        if (*str >= end) goto unexpected_end;
        conversion = (unsigned char)**str;
        *str += 1;
        if (!(conversion == 's' || conversion == 'r' || conversion == 'a')) {
            raise_error(S, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
            return false;
        }
    }
    if (*str < end && **str == ':') {
        *str += 1;
        if (*str >= end) goto unexpected_end;
        format_spec = fstring_parse(S, str, end, raw, recurse_lvl + 1, t);
        if (!format_spec) return false;
    }
    if (*str >= end || **str != '}') goto unexpected_end;
    *str += 1;

    if (expr_text) {
        if (!check_utf8(S, expr_text, expr_text_len)) return false;
        fp_concat(F, expr_text, expr_text_len);
        if (!format_spec && conversion == -1) conversion = 'r';
    }
    Node *fv = node_new(S->p, N_FORMATTED_VALUE, span_of(S->ftok, S->ltok));
    fv->u.fvalue.value = simple;
    fv->u.fvalue.conversion = conversion;
    fv->u.fvalue.format_spec = format_spec;
    *expression = fv;
    return true;

unexpected_end:
    raise_error(S, "f-string: expecting '}'");
    return false;
}

/* _PyPegen_FstringParser_ConcatFstring. */
static bool fstring_concat(Strs *S, FParser *F, const char **str, const char *end, bool raw,
                           int recurse_lvl, const Token *t) {
    F->fmode = true;
    StrBuf lit = {0};
    bool ok = false;
    for (;;) {
        bool has_lit;
        Node *expression = NULL;
        int result = find_literal(S, str, end, raw, recurse_lvl, &lit, &has_lit);
        if (result < 0) goto out;
        if (has_lit) fp_concat(F, lit.s, lit.len);
        if (result == 1) continue;
        if (*str >= end || **str == '}') break;  /* no expression */
        if (!find_expr(S, F, str, end, raw, recurse_lvl, t, &expression)) goto out;
        fp_flush(S, F, S->ftok, S->ltok);
        vec_push(&F->parts, expression);
    }
    if (recurse_lvl == 0 && *str < end - 1) {
        raise_error(S, "f-string: unexpected end of string");
        goto out;
    }
    if (recurse_lvl != 0 && (*str >= end || **str != '}')) {
        raise_error(S, "f-string: expecting '}'");
        goto out;
    }
    ok = true;
out:
    sb_free(&lit);
    return ok;
}

/* fstring_parse: a nested format spec, up to its closing '}'. */
static Node *fstring_parse(Strs *S, const char **str, const char *end, bool raw, int recurse_lvl,
                           const Token *t) {
    FParser F = {0};
    Node *n = NULL;
    if (fstring_concat(S, &F, str, end, raw, recurse_lvl, t)) n = fp_finish(S, &F, t, t);
    fp_free(&F);
    return n;
}

/* ---- entry points ------------------------------------------------------------------------------ */

Node *strings_parse(Parser *p, int first, int count) {
    Strs S = {0};
    S.p = p;
    S.first = first;
    S.count = count;
    S.ftok = &p->toks.v[first];
    S.ltok = &p->toks.v[first + count - 1];
    FParser F = {0};
    StrBuf bytes = {0}, one = {0};
    bool bytesmode = false;
    Node *result = NULL;

    for (int i = 0; i < count; i++) {
        const Token *t = &p->toks.v[first + i];
        Lit L;
        split_token(t, &L);
        if (!L.fmode) {
            sb_clear(&one);
            if (!decode_plain(&S, &L, &one)) goto out;
        }
        if (i != 0 && bytesmode != L.bytes) {
            raise_error(&S, "cannot mix bytes and nonbytes literals");
            goto out;
        }
        bytesmode = L.bytes;
        if (L.fmode) {
            const char *s = L.body;
            if (!fstring_concat(&S, &F, &s, L.body + L.len, L.raw, 0, t)) goto out;
        } else if (bytesmode) {
            sb_put(&bytes, one.s ? one.s : "", one.len);
        } else {
            fp_concat(&F, one.s, one.len);
        }
    }
    if (bytesmode) {
        Node *c = node_new(p, N_CONSTANT, span_of(S.ftok, S.ltok));
        c->u.constant.value.kind = CONST_BYTES;
        c->u.constant.value.s = arena_strndup(p->arena, bytes.s ? bytes.s : "", bytes.len);
        c->u.constant.value.len = bytes.len;
        result = c;
    } else {
        result = fp_finish(&S, &F, S.ftok, S.ltok);
    }
out:
    fp_free(&F);
    sb_free(&bytes);
    sb_free(&one);
    sb_free(&S.tmp);
    return S.error ? NULL : result;
}

Node *parser_fstring_expr(Parser *p, const char *text, size_t len, int line, int col) {
    /* "(" expr ")", as fstring_compile_expr hands it to the tokenizer. */
    char *src = arena_alloc(p->arena, len + 3);
    src[0] = '(';
    memcpy(src + 1, text, len);
    src[len + 1] = ')';
    src[len + 2] = '\0';

    Parser sub;
    memset(&sub, 0, sizeof sub);
    sub.file = p->file;
    sub.names = p->names;
    sub.arena = p->arena;
    sub.diags = p->diags;
    sub.depth = p->depth;
    LexOptions opt = {line, col, true};
    if (!lex_tokens(p->file, src, len + 2, &opt, p->names, p->arena, p->diags, &sub.toks)) return NULL;
    if (nsubparsers >= MAX_SUBPARSERS) return NULL;  /* cannot happen: see the file comment */
    subparsers[nsubparsers].p = &sub;
    subparsers[nsubparsers].col = col;
    nsubparsers++;
    Node *e = parse_fstring_rule(&sub);
    nsubparsers--;
    return e;
}
