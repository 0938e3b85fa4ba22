/* lex.c - the Python 3.11 tokenizer: source bytes to the token array of
 * token.h, in one pass, exactly as CPython 3.11.2's Parser/tokenizer.c
 * (string input, as compile(bytes) / ast.parse(bytes) reads a file).
 *
 * Role in the pipeline: parse_module calls lex_tokens on the whole file and
 * parses the array; strings.c calls it again in fragment mode on the text of
 * each f-string replacement field.
 *
 * Reading the input (prepare_input):
 *   - a NUL byte anywhere is an error ("source code cannot contain null
 *     bytes"); CPython 3.11.2 refuses such input before tokenizing;
 *   - \r\n and lone \r become \n and a missing final newline is added, as
 *     CPython's translate_newlines does (so a \r inside a string literal is a
 *     line end too); a copy is made in the arena only when needed;
 *   - a UTF-8 BOM is skipped; a PEP 263 cookie on line 1 or 2 selects the
 *     encoding: "utf-8" (after CPython's get_normal_name) changes nothing,
 *     another spelling of UTF-8 validates the whole text up front, any other
 *     name is looked up as CPython does (lex_codecs.c) and the text converted
 *     to UTF-8 with iconv (a few codecs iconv does not decode exactly as
 *     CPython are refused with a clear error);
 *   - without a cookie, invalid UTF-8 is reported only where CPython finds it:
 *     in identifiers here, in string literals by strings.c; comments are not
 *     checked.
 *
 * Token positions are CPython's (the C tokenizer as pegen sees it): 1-based
 * lines, 0-based byte columns.  A STRING starts where its prefix starts and
 * may span lines.  NEWLINE spans from the start of a trailing comment (or the
 * '\n') to the '\n', zero width when there is no comment.  INDENT, DEDENT
 * and ENDMARKER have no position in CPython (col -1); an error reported at
 * one of them is placed by CPython at the tokenizer's current byte, so these
 * tokens get col = end_col = (that byte's offset in its line) - 1, clamped at
 * 0: the column where CPython reports an error located at the token.  For
 * ENDMARKER and DEDENTs at end of input that is the last line's length.
 *
 * Errors are reported with CPython's message text and position: the column
 * is the byte offset of the character CPython's 1-based `offset` points at.
 * TK_ERROR.op tells when CPython surfaces the error (LexErrorWhen).
 *
 * Fragment mode (f-string expressions): no INDENT/DEDENT/NEWLINE, newlines
 * are whitespace, lines count from base_line, and, reproducing CPython 3.11's
 * fstring_compile_expr quirk, base_col is added to the start and end columns
 * of the tokens that END on the first line (a token that starts on the first
 * line and ends on a later one gets nothing added).  Error positions are not
 * shifted (CPython reports them relative to the fragment text).
 *
 * Ownership: the token array, any normalised copy of the text (tokens point
 * into it) and interned names live in `arena` / `names`.  No recursion, and
 * no allocation per character or per token beyond the array's growth.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include "front.h"
#include "lex_unicode.h"
#include "token.h"

enum {
    CH_EOF = -1,      /* nextc at end of input */
    TABSIZE = 8,
    ALTTABSIZE = 1,
    MAXINDENT = FRONT_MAX_INDENT,
    MAXLEVEL = FRONT_MAX_NESTING,
};

typedef struct Lexer {
    const SourceFile *file;
    DiagSink *diags;
    Interner *names;
    Arena *arena;
    bool fragment;
    int base_line, base_col;

    /* Input: [buf, end); in file mode it ends with '\n'. */
    const char *buf, *end;
    const char *cur;          /* next byte */
    const char *inp;          /* end of the current line (after its '\n') */
    const char *line_start;   /* start of the current physical line */
    const char *group_start;  /* CPython's tok->buf: the first line of a run of
                                 lines read inside one token or continuation */
    bool reading_indent;      /* in the indentation loop (tok->start == NULL) */
    int lineno;

    /* Indentation. */
    bool atbol;
    int indent, pendin;
    int indstack[MAXINDENT], altindstack[MAXINDENT];

    /* Brackets. */
    int level;
    char parenstack[MAXLEVEL];
    int parenline[MAXLEVEL], parencol[MAXLEVEL];

    /* The token being read. */
    const char *tok_start;
    int first_lineno;             /* STRING: line of its start */
    const char *multi_line_start; /* STRING: start of that line */
    bool name_nonascii;           /* NAME: has non-ASCII characters */

    /* Error. */
    Loc err_loc;
    int err_when;

    /* Output. */
    Token *toks;
    int ntoks, cap;
    StrBuf scratch;
} Lexer;

/* ---- errors ----------------------------------------------------------------- */

static Loc make_loc(const Lexer *L, int line, int col, int end_line, int end_col) {
    Loc l = {L->file, line, col < 0 ? 0 : col, end_line, end_col < 0 ? 0 : end_col};
    return l;
}

static int report(Lexer *L, Loc loc, int when, const char *fmt, ...) KCV_PRINTF(4, 5);

/* Records the diagnostic and the error position; returns TK_ERROR. */
static int report(Lexer *L, Loc loc, int when, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    StrBuf msg = {0};
    sb_vprintf(&msg, fmt, ap);
    va_end(ap);
    diag_report(L->diags, SEV_ERROR, loc, "syntax", "%s", sb_str(&msg));
    sb_free(&msg);
    L->err_loc = loc;
    L->err_when = when;
    return TK_ERROR;
}

/* The byte column of the character just before `p` on the current line:
 * where CPython's offset (the number of characters up to p) points. */
static int col_before(const Lexer *L, const char *p) {
    if (p <= L->line_start) return 0;
    const char *q = p - 1;
    while (q > L->line_start && ((unsigned char)*q & 0xC0) == 0x80) q--;
    return (int)(q - L->line_start);
}

/* CPython's tokenizer syntaxerror(): located at the character before cur. */
#define SYNTAX_ERROR(L, ...)                                                          \
    report((L), make_loc((L), (L)->lineno, col_before((L), (L)->cur), (L)->lineno,    \
                         col_before((L), (L)->cur)),                                  \
           LEXERR_IMMEDIATE, __VA_ARGS__)

/* ---- reading characters ------------------------------------------------------ */

/* CPython's tok_underflow_string: moves to the next line. */
static int underflow(Lexer *L) {
    if (L->cur >= L->end) return CH_EOF;
    L->lineno++;
    if (L->reading_indent) L->group_start = L->cur;
    L->line_start = L->cur;
    const char *nl = memchr(L->cur, '\n', (size_t)(L->end - L->cur));
    L->inp = nl ? nl + 1 : L->end;
    return (unsigned char)*L->cur++;
}

static inline int nextc(Lexer *L) {
    if (L->cur < L->inp) return (unsigned char)*L->cur++;
    return underflow(L);
}

static inline void backup(Lexer *L, int c) {
    if (c != CH_EOF) L->cur--;
}

static inline bool is_ident_start(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 128;
}

static inline bool is_ident_char(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c >= 128;
}

/* is_ident_char for ASCII bytes, as a table for the scanning loop. */
static const bool ident_ascii[128] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['_'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
};

static inline bool is_digit(int c) { return c >= '0' && c <= '9'; }

static inline bool is_xdigit(int c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* ---- pieces of tok_get ----------------------------------------------------------- */

/* "'(' was never closed", at the innermost open bracket. */
static int unclosed_error(Lexer *L) {
    int i = L->level - 1;
    Loc l = make_loc(L, L->parenline[i], L->parencol[i], L->parenline[i], L->parencol[i]);
    return report(L, l, LEXERR_UNCLOSED, "'%c' was never closed", L->parenstack[i]);
}

/* "unexpected EOF while parsing" (or an unclosed bracket) at end of input. */
static int eof_error(Lexer *L) {
    if (L->level) return unclosed_error(L);
    int col = (int)(L->cur - L->line_start) - 1;
    return report(L, make_loc(L, L->lineno, col, L->lineno, col), LEXERR_ON_REACH,
                  "unexpected EOF while parsing");
}

/* tok_continuation_line: after a backslash; returns the next character or
 * CH_EOF - 1 after reporting an error. */
static int continuation_line(Lexer *L) {
    int c = nextc(L);
    if (c != '\n') {
        int col = (int)(L->cur - L->group_start) - 1;
        report(L, make_loc(L, L->lineno, col, L->lineno, col), LEXERR_ON_REACH,
               "unexpected character after line continuation character");
        return CH_EOF - 1;
    }
    c = nextc(L);
    if (c == CH_EOF) {
        L->cur = L->inp;
        eof_error(L);
        return CH_EOF - 1;
    }
    backup(L, c);
    return c;
}

static int indent_error(Lexer *L) {
    return report(L, make_loc(L, L->lineno, 0, L->lineno, 0), LEXERR_ON_REACH,
                  "inconsistent use of tabs and spaces in indentation");
}

/* lookahead(): does `test` follow, and then no identifier character? */
static bool lookahead(Lexer *L, const char *test) {
    const char *s = test;
    bool res = false;
    for (;;) {
        int c = nextc(L);
        if (*s == 0) {
            res = !is_ident_char(c);
        } else if (c == (unsigned char)*s) {
            s++;
            continue;
        }
        backup(L, c);
        while (s != test) backup(L, (unsigned char)*--s);
        return res;
    }
}

/* verify_end_of_number(): a number directly followed by a keyword that can
 * follow it in valid code ("1if x else y") is accepted (CPython warns); by
 * another identifier character it is an error. */
static bool verify_end_of_number(Lexer *L, int c, const char *kind) {
    bool r = false;
    if (c == 'a') r = lookahead(L, "nd");
    else if (c == 'e') r = lookahead(L, "lse");
    else if (c == 'f') r = lookahead(L, "or");
    else if (c == 'i') {
        int c2 = nextc(L);
        if (c2 == 'f' || c2 == 'n' || c2 == 's') r = true;
        backup(L, c2);
    } else if (c == 'o') r = lookahead(L, "r");
    else if (c == 'n') r = lookahead(L, "ot");
    if (r) {
        backup(L, c);
        nextc(L);
    } else if (is_ident_char(c)) {
        backup(L, c);
        SYNTAX_ERROR(L, "invalid %s literal", kind);
        return false;
    }
    return true;
}

enum { TAIL_ERROR = CH_EOF - 1 };

/* tok_decimal_tail(): digits with single underscores between them. */
static int decimal_tail(Lexer *L) {
    int c;
    for (;;) {
        do {
            c = nextc(L);
        } while (is_digit(c));
        if (c != '_') break;
        c = nextc(L);
        if (!is_digit(c)) {
            backup(L, c);
            SYNTAX_ERROR(L, "invalid decimal literal");
            return TAIL_ERROR;
        }
    }
    return c;
}

/* Reads the rest of a number whose first character `c` has been read; with
 * `fraction` set, `c` is the first digit after a leading '.'.  Returns
 * TK_NUMBER or TK_ERROR. */
static int lex_number(Lexer *L, int c, bool fraction) {
    int e;
    if (fraction) goto fraction_part;
    if (c == '0') {
        c = nextc(L);
        if (c == 'x' || c == 'X') {
            c = nextc(L);
            do {
                if (c == '_') c = nextc(L);
                if (!is_xdigit(c)) {
                    backup(L, c);
                    return SYNTAX_ERROR(L, "invalid hexadecimal literal");
                }
                do {
                    c = nextc(L);
                } while (is_xdigit(c));
            } while (c == '_');
            if (!verify_end_of_number(L, c, "hexadecimal")) return TK_ERROR;
        } else if (c == 'o' || c == 'O') {
            c = nextc(L);
            do {
                if (c == '_') c = nextc(L);
                if (c < '0' || c >= '8') {
                    if (is_digit(c)) return SYNTAX_ERROR(L, "invalid digit '%c' in octal literal", c);
                    backup(L, c);
                    return SYNTAX_ERROR(L, "invalid octal literal");
                }
                do {
                    c = nextc(L);
                } while ('0' <= c && c < '8');
            } while (c == '_');
            if (is_digit(c)) return SYNTAX_ERROR(L, "invalid digit '%c' in octal literal", c);
            if (!verify_end_of_number(L, c, "octal")) return TK_ERROR;
        } else if (c == 'b' || c == 'B') {
            c = nextc(L);
            do {
                if (c == '_') c = nextc(L);
                if (c != '0' && c != '1') {
                    if (is_digit(c)) return SYNTAX_ERROR(L, "invalid digit '%c' in binary literal", c);
                    backup(L, c);
                    return SYNTAX_ERROR(L, "invalid binary literal");
                }
                do {
                    c = nextc(L);
                } while (c == '0' || c == '1');
            } while (c == '_');
            if (is_digit(c)) return SYNTAX_ERROR(L, "invalid digit '%c' in binary literal", c);
            if (!verify_end_of_number(L, c, "binary")) return TK_ERROR;
        } else {
            bool nonzero = false;
            /* Maybe an old-style octal; in any case '0' alone is fine. */
            for (;;) {
                if (c == '_') {
                    c = nextc(L);
                    if (!is_digit(c)) {
                        backup(L, c);
                        return SYNTAX_ERROR(L, "invalid decimal literal");
                    }
                }
                if (c != '0') break;
                c = nextc(L);
            }
            const char *zeros_end = L->cur;
            if (is_digit(c)) {
                nonzero = true;
                c = decimal_tail(L);
                if (c == TAIL_ERROR) return TK_ERROR;
            }
            if (c == '.') {
                c = nextc(L);
                goto fraction_part;
            } else if (c == 'e' || c == 'E') {
                goto exponent;
            } else if (c == 'j' || c == 'J') {
                goto imaginary;
            } else if (nonzero) {
                backup(L, c);
                int a = (int)(L->tok_start - L->line_start);
                int b = (int)(zeros_end - L->line_start) - 1;
                return report(L, make_loc(L, L->lineno, a, L->lineno, b), LEXERR_IMMEDIATE,
                              "leading zeros in decimal integer literals are not permitted; "
                              "use an 0o prefix for octal integers");
            }
            if (!verify_end_of_number(L, c, "decimal")) return TK_ERROR;
        }
        backup(L, c);
        return TK_NUMBER;
    }
    /* Decimal. */
    c = decimal_tail(L);
    if (c == TAIL_ERROR) return TK_ERROR;
    if (c == '.') {
        c = nextc(L);
    fraction_part:
        if (is_digit(c)) {
            c = decimal_tail(L);
            if (c == TAIL_ERROR) return TK_ERROR;
        }
    }
    if (c == 'e' || c == 'E') {
    exponent:
        e = c;
        c = nextc(L);
        if (c == '+' || c == '-') {
            c = nextc(L);
            if (!is_digit(c)) {
                backup(L, c);
                return SYNTAX_ERROR(L, "invalid decimal literal");
            }
        } else if (!is_digit(c)) {
            backup(L, c);
            if (!verify_end_of_number(L, e, "decimal")) return TK_ERROR;
            backup(L, e);
            return TK_NUMBER;
        }
        c = decimal_tail(L);
        if (c == TAIL_ERROR) return TK_ERROR;
    }
    if (c == 'j' || c == 'J') {
    imaginary:
        c = nextc(L);
        if (!verify_end_of_number(L, c, "imaginary")) return TK_ERROR;
    } else if (!verify_end_of_number(L, c, "decimal")) {
        return TK_ERROR;
    }
    backup(L, c);
    return TK_NUMBER;
}

/* verify_identifier(): a name with non-ASCII characters must be valid UTF-8,
 * start with XID_Start or '_' and continue with XID_Continue. */
static bool verify_identifier(Lexer *L) {
    const unsigned char *s = (const unsigned char *)L->tok_start;
    size_t n = (size_t)(L->cur - L->tok_start);
    StrBuf msg = {0};
    if (lexu_utf8_error_message(&msg, "utf-8", s, n, 0)) {
        /* CPython raises this through the parser, at its error token, which
         * has no position: at the current byte, the end of the name.  In an
         * f-string field the parser adds its "f-string: " and makes the
         * column relative to the field's "(" (where the token, shifted by
         * the field's column on the first line, lands on 0). */
        int col = (int)(L->cur - L->line_start) - 1;
        if (L->fragment) col = L->lineno == L->base_line ? 0 : col - L->base_col;
        report(L, make_loc(L, L->lineno, col, L->lineno, col), LEXERR_IMMEDIATE,
               "%s(unicode error) %s", L->fragment ? "f-string: " : "", sb_str(&msg));
        sb_free(&msg);
        return false;
    }
    size_t i = 0;
    bool first = true;
    while (i < n) {
        uint32_t cp;
        int k = utf8_decode(s + i, n - i, &cp);
        if (k <= 0) break;  /* cannot happen: validated above */
        bool ok = first ? (lexu_is_xid_start(cp) || cp == '_') : lexu_is_xid_continue(cp);
        if (!ok) {
            L->cur = (const char *)s + i + k;
            if (lexu_is_printable(cp)) {
                char ch[5];
                memcpy(ch, s + i, (size_t)k);
                ch[k] = '\0';
                SYNTAX_ERROR(L, "invalid character '%s' (U+%04X)", ch, (unsigned)cp);
            } else {
                SYNTAX_ERROR(L, "invalid non-printable character U+%04X", (unsigned)cp);
            }
            return false;
        }
        first = false;
        i += (size_t)k;
    }
    return true;
}

/* PyToken_TwoChars / PyToken_ThreeChars; -1 when not an operator. */
static int two_chars(int c1, int c2) {
    switch (c1) {
    case '!': return c2 == '=' ? OPK_NOTEQUAL : -1;
    case '%': return c2 == '=' ? OPK_PERCENTEQUAL : -1;
    case '&': return c2 == '=' ? OPK_AMPEREQUAL : -1;
    case '*': return c2 == '*' ? OPK_DOUBLESTAR : c2 == '=' ? OPK_STAREQUAL : -1;
    case '+': return c2 == '=' ? OPK_PLUSEQUAL : -1;
    case '-': return c2 == '=' ? OPK_MINEQUAL : c2 == '>' ? OPK_ARROW : -1;
    case '/': return c2 == '/' ? OPK_DOUBLESLASH : c2 == '=' ? OPK_SLASHEQUAL : -1;
    case ':': return c2 == '=' ? OPK_COLONEQUAL : -1;
    case '<':
        return c2 == '<' ? OPK_LEFTSHIFT : c2 == '=' ? OPK_LESSEQUAL : c2 == '>' ? OPK_NOTEQUAL : -1;
    case '=': return c2 == '=' ? OPK_EQEQUAL : -1;
    case '>': return c2 == '=' ? OPK_GREATEREQUAL : c2 == '>' ? OPK_RIGHTSHIFT : -1;
    case '@': return c2 == '=' ? OPK_ATEQUAL : -1;
    case '^': return c2 == '=' ? OPK_CIRCUMFLEXEQUAL : -1;
    case '|': return c2 == '=' ? OPK_VBAREQUAL : -1;
    default: return -1;
    }
}

static int three_chars(int c1, int c2, int c3) {
    if (c3 != '=') return -1;
    if (c1 == '*' && c2 == '*') return OPK_DOUBLESTAREQUAL;
    if (c1 == '/' && c2 == '/') return OPK_DOUBLESLASHEQUAL;
    if (c1 == '<' && c2 == '<') return OPK_LEFTSHIFTEQUAL;
    if (c1 == '>' && c2 == '>') return OPK_RIGHTSHIFTEQUAL;
    return -1;
}

/* PyToken_OneChar; -1 for a character CPython passes on as a bare OP. */
static int one_char(int c) {
    switch (c) {
    case '%': return OPK_PERCENT;
    case '&': return OPK_AMPER;
    case '(': return OPK_LPAR;
    case ')': return OPK_RPAR;
    case '*': return OPK_STAR;
    case '+': return OPK_PLUS;
    case ',': return OPK_COMMA;
    case '-': return OPK_MINUS;
    case '.': return OPK_DOT;
    case '/': return OPK_SLASH;
    case ':': return OPK_COLON;
    case ';': return OPK_SEMI;
    case '<': return OPK_LESS;
    case '=': return OPK_EQUAL;
    case '>': return OPK_GREATER;
    case '@': return OPK_AT;
    case '[': return OPK_LSQB;
    case ']': return OPK_RSQB;
    case '^': return OPK_CIRCUMFLEX;
    case '{': return OPK_LBRACE;
    case '|': return OPK_VBAR;
    case '}': return OPK_RBRACE;
    case '~': return OPK_TILDE;
    default: return -1;
    }
}

/* ---- tok_get ------------------------------------------------------------------------ */

/* Reads one token, as CPython's tok_get.  Sets *p_start and *p_end (NULL for
 * INDENT, DEDENT, ENDMARKER) and *op for TK_OP. */
static int tok_get(Lexer *L, const char **p_start, const char **p_end, int *op) {
    int c;
    bool blankline;
    *p_start = *p_end = NULL;
    *op = -1;
nextline:
    blankline = false;
    if (L->atbol) {
        int col = 0, altcol = 0, cont_line_col = 0;
        L->atbol = false;
        L->reading_indent = true;
        for (;;) {
            c = nextc(L);
            if (c == ' ') {
                col++, altcol++;
            } else if (c == '\t') {
                col = (col / TABSIZE + 1) * TABSIZE;
                altcol = (altcol / ALTTABSIZE + 1) * ALTTABSIZE;
            } else if (c == '\014') {
                col = altcol = 0;
            } else if (c == '\\') {
                cont_line_col = cont_line_col ? cont_line_col : col;
                c = continuation_line(L);
                if (c < CH_EOF) return TK_ERROR;
            } else {
                break;
            }
        }
        L->reading_indent = false;
        backup(L, c);
        if (c == '#' || c == '\n') blankline = true;
        if (!blankline && L->level == 0 && !L->fragment) {
            col = cont_line_col ? cont_line_col : col;
            altcol = cont_line_col ? cont_line_col : altcol;
            if (col == L->indstack[L->indent]) {
                if (altcol != L->altindstack[L->indent]) return indent_error(L);
            } else if (col > L->indstack[L->indent]) {
                if (L->indent + 1 >= MAXINDENT) {
                    L->cur = L->inp;
                    return report(L, make_loc(L, L->lineno, 0, L->lineno, 0), LEXERR_ON_REACH,
                                  "too many levels of indentation");
                }
                if (altcol <= L->altindstack[L->indent]) return indent_error(L);
                L->pendin++;
                L->indstack[++L->indent] = col;
                L->altindstack[L->indent] = altcol;
            } else {
                while (L->indent > 0 && col < L->indstack[L->indent]) {
                    L->pendin--;
                    L->indent--;
                }
                if (col != L->indstack[L->indent]) {
                    L->cur = L->inp;
                    int ecol = (int)(L->cur - L->line_start) - 1;
                    return report(L, make_loc(L, L->lineno, ecol, L->lineno, ecol), LEXERR_ON_REACH,
                                  "unindent does not match any outer indentation level");
                }
                if (altcol != L->altindstack[L->indent]) return indent_error(L);
            }
        }
    }
    if (L->pendin != 0) {
        if (L->pendin < 0) {
            L->pendin++;
            return TK_DEDENT;
        }
        L->pendin--;
        return TK_INDENT;
    }

again:
    do {
        c = nextc(L);
    } while (c == ' ' || c == '\t' || c == '\014');
    L->tok_start = c == CH_EOF ? L->cur : L->cur - 1;

    if (c == '#') {
        /* To the end of the line (which the line buffer knows). */
        L->cur = L->inp > L->cur && L->inp[-1] == '\n' ? L->inp - 1 : L->inp;
        c = nextc(L);
    }

    if (c == CH_EOF) {
        if (L->level) return unclosed_error(L);
        return TK_ENDMARKER;
    }

    /* Identifier, or a string with a prefix. */
    if (is_ident_start(c)) {
        bool saw_b = false, saw_r = false, saw_u = false, saw_f = false, nonascii = false;
        for (;;) {
            if (!(saw_b || saw_u || saw_f) && (c == 'b' || c == 'B')) saw_b = true;
            else if (!(saw_b || saw_u || saw_r || saw_f) && (c == 'u' || c == 'U')) saw_u = true;
            else if (!(saw_r || saw_u) && (c == 'r' || c == 'R')) saw_r = true;
            else if (!(saw_f || saw_b || saw_u) && (c == 'f' || c == 'F')) saw_f = true;
            else break;
            c = nextc(L);
            if (c == '"' || c == '\'') goto letter_quote;
        }
        while (is_ident_char(c)) {
            if (c >= 128) nonascii = true;
            /* The rest of the run, within the current line. */
            const char *p = L->cur;
            for (; p < L->inp; p++) {
                unsigned char ch = (unsigned char)*p;
                if (ch >= 128) nonascii = true;
                else if (!ident_ascii[ch]) break;
            }
            L->cur = p;
            c = nextc(L);
        }
        backup(L, c);
        L->name_nonascii = nonascii;
        if (nonascii && !verify_identifier(L)) return TK_ERROR;
        *p_start = L->tok_start;
        *p_end = L->cur;
        return TK_NAME;
    }

    if (c == '\n') {
        L->atbol = true;
        if (blankline || L->level > 0 || L->fragment) goto nextline;
        *p_start = L->tok_start;
        *p_end = L->cur - 1;
        return TK_NEWLINE;
    }

    if (c == '.') {
        c = nextc(L);
        if (is_digit(c)) {
            int k = lex_number(L, c, true);
            *p_start = L->tok_start;
            *p_end = L->cur;
            return k;
        } else if (c == '.') {
            c = nextc(L);
            if (c == '.') {
                *p_start = L->tok_start;
                *p_end = L->cur;
                *op = OPK_ELLIPSIS;
                return TK_OP;
            }
            backup(L, c);
            backup(L, '.');
        } else {
            backup(L, c);
        }
        *p_start = L->tok_start;
        *p_end = L->cur;
        *op = OPK_DOT;
        return TK_OP;
    }

    if (is_digit(c)) {
        int k = lex_number(L, c, false);
        *p_start = L->tok_start;
        *p_end = L->cur;
        return k;
    }

letter_quote:
    if (c == '\'' || c == '"') {
        int quote = c, quote_size = 1, end_quote_size = 0;
        L->first_lineno = L->lineno;
        L->multi_line_start = L->line_start;
        c = nextc(L);
        if (c == quote) {
            c = nextc(L);
            if (c == quote) quote_size = 3;
            else end_quote_size = 1;  /* empty string */
        }
        if (c != quote) backup(L, c);
        while (end_quote_size != quote_size) {
            if (end_quote_size == 0) {
                /* Skip ordinary characters, within the current line. */
                const char *p = L->cur;
                while (p < L->inp && *p != quote && *p != '\\' && *p != '\n') p++;
                L->cur = p;
            }
            c = nextc(L);
            if (c == CH_EOF || (quote_size == 1 && c == '\n')) {
                int detected = L->lineno;
                int col = (int)(L->tok_start - L->multi_line_start);
                Loc l = make_loc(L, L->first_lineno, col, L->first_lineno, col);
                if (quote_size == 3)
                    return report(L, l, LEXERR_IMMEDIATE,
                                  "unterminated triple-quoted string literal (detected at line %d)",
                                  detected);
                return report(L, l, LEXERR_IMMEDIATE,
                              "unterminated string literal (detected at line %d)", detected);
            }
            if (c == quote) {
                end_quote_size++;
            } else {
                end_quote_size = 0;
                if (c == '\\') nextc(L);
            }
        }
        *p_start = L->tok_start;
        *p_end = L->cur;
        return TK_STRING;
    }

    if (c == '\\') {
        c = continuation_line(L);
        if (c < CH_EOF) return TK_ERROR;
        goto again;
    }

    {
        int c2 = nextc(L);
        int k = two_chars(c, c2);
        if (k >= 0) {
            int c3 = nextc(L);
            int k3 = three_chars(c, c2, c3);
            if (k3 >= 0) k = k3;
            else backup(L, c3);
            *p_start = L->tok_start;
            *p_end = L->cur;
            *op = k;
            return TK_OP;
        }
        backup(L, c2);
    }

    switch (c) {
    case '(':
    case '[':
    case '{':
        if (L->level >= MAXLEVEL) return SYNTAX_ERROR(L, "too many nested parentheses");
        L->parenstack[L->level] = (char)c;
        L->parenline[L->level] = L->lineno;
        L->parencol[L->level] = (int)(L->tok_start - L->line_start);
        L->level++;
        break;
    case ')':
    case ']':
    case '}': {
        if (!L->level) return SYNTAX_ERROR(L, "unmatched '%c'", c);
        L->level--;
        int opening = L->parenstack[L->level];
        if (!((opening == '(' && c == ')') || (opening == '[' && c == ']') ||
              (opening == '{' && c == '}'))) {
            if (L->parenline[L->level] != L->lineno)
                return SYNTAX_ERROR(L,
                                    "closing parenthesis '%c' does not match opening "
                                    "parenthesis '%c' on line %d",
                                    c, opening, L->parenline[L->level]);
            return SYNTAX_ERROR(L, "closing parenthesis '%c' does not match opening parenthesis '%c'",
                                c, opening);
        }
        break;
    }
    default:
        break;
    }

    if (!lexu_is_printable((uint32_t)c))
        return SYNTAX_ERROR(L, "invalid non-printable character U+%04X", (unsigned)c);

    *p_start = L->tok_start;
    *p_end = L->cur;
    *op = one_char(c);
    return TK_OP;
}

/* ---- keywords ------------------------------------------------------------------------ */

static int keyword_of(const char *s, int n) {
#define KW(text, kw) \
    if (memcmp(s, text, sizeof text - 1) == 0) return kw
    switch (n) {
    case 1:
        if (s[0] == '_') return KW_UNDERSCORE;
        break;
    case 2:
        KW("as", KW_AS); KW("if", KW_IF); KW("in", KW_IN); KW("is", KW_IS); KW("or", KW_OR);
        break;
    case 3:
        KW("and", KW_AND); KW("def", KW_DEF); KW("del", KW_DEL); KW("for", KW_FOR);
        KW("not", KW_NOT); KW("try", KW_TRY);
        break;
    case 4:
        KW("None", KW_NONE); KW("True", KW_TRUE); KW("elif", KW_ELIF); KW("else", KW_ELSE);
        KW("from", KW_FROM); KW("pass", KW_PASS); KW("with", KW_WITH); KW("case", KW_CASE);
        break;
    case 5:
        KW("False", KW_FALSE); KW("async", KW_ASYNC); KW("await", KW_AWAIT); KW("break", KW_BREAK);
        KW("class", KW_CLASS); KW("raise", KW_RAISE); KW("while", KW_WHILE); KW("yield", KW_YIELD);
        KW("match", KW_MATCH);
        break;
    case 6:
        KW("assert", KW_ASSERT); KW("except", KW_EXCEPT); KW("global", KW_GLOBAL);
        KW("import", KW_IMPORT); KW("lambda", KW_LAMBDA); KW("return", KW_RETURN);
        break;
    case 7:
        KW("finally", KW_FINALLY);
        break;
    case 8:
        KW("continue", KW_CONTINUE); KW("nonlocal", KW_NONLOCAL);
        break;
    default:
        break;
    }
    return KW_NONE_;
#undef KW
}

/* ---- input preparation ------------------------------------------------------------------ */

/* The 1-based line and 0-based column of text[pos], counting \n, \r\n and a
 * lone \r as line ends. */
static void line_col_of(const char *text, size_t pos, int base_line, int *line, int *col) {
    int ln = base_line;
    size_t ls = 0;
    for (size_t i = 0; i < pos; i++) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= pos || text[i + 1] != '\n'))) {
            if (text[i] == '\r' && i + 1 < pos && text[i + 1] == '\n') continue;
            ln++;
            ls = i + 1;
        }
    }
    *line = ln;
    *col = (int)(pos - ls);
}

/* get_coding_spec + get_normal_name of CPython's tokenizer, on one line
 * [s, s+size) (`limit` bounds reads past it).  Writes the name to out. */
static bool coding_spec(const char *s, long size, const char *limit, char *out, size_t outsz) {
    long i;
    for (i = 0; i < size - 6; i++) {
        if (s[i] == '#') break;
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\014') return false;
    }
    for (; i < size - 6; i++) {
        const char *t = s + i;
        if (memcmp(t, "coding", 6) != 0) continue;
        t += 6;
        if (t >= limit || (t[0] != ':' && t[0] != '=')) continue;
        do {
            t++;
        } while (t < limit && (t[0] == ' ' || t[0] == '\t'));
        const char *begin = t;
        while (t < limit && (isalnum((unsigned char)t[0]) || t[0] == '-' || t[0] == '_' || t[0] == '.')) t++;
        if (begin == t) continue;
        size_t n = (size_t)(t - begin);
        if (n >= outsz) n = outsz - 1;
        memcpy(out, begin, n);
        out[n] = '\0';
        /* get_normal_name */
        char buf[13];
        int k;
        for (k = 0; k < 12 && out[k]; k++) buf[k] = out[k] == '_' ? '-' : (char)tolower((unsigned char)out[k]);
        buf[k] = '\0';
        if (strcmp(buf, "utf-8") == 0 || strncmp(buf, "utf-8-", 6) == 0) {
            strcpy(out, "utf-8");
        } else if (strcmp(buf, "latin-1") == 0 || strcmp(buf, "iso-8859-1") == 0 ||
                   strcmp(buf, "iso-latin-1") == 0 || strncmp(buf, "latin-1-", 8) == 0 ||
                   strncmp(buf, "iso-8859-1-", 11) == 0 || strncmp(buf, "iso-latin-1-", 12) == 0) {
            strcpy(out, "iso-8859-1");
        }
        return true;
    }
    return false;
}

/* Does the line hold anything but blanks and a comment? */
static bool line_has_code(const char *s, long size) {
    for (long i = 0; i < size; i++) {
        if (s[i] == '#' || s[i] == '\n' || s[i] == '\r') return false;
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\014') return true;
    }
    return false;
}

/* Converts text[0..len) from codec `c` (CODEC_ICONV) to UTF-8.  On failure
 * reports the error in CPython's words and returns NULL. */
static char *transcode(Lexer *L, const LexCodec *c, const char *text, size_t len, size_t *outlen) {
    Loc nowhere = make_loc(L, 1, 0, 1, 0);
    iconv_t cd = iconv_open("UTF-8", c->iconv);
    if (cd == (iconv_t)-1) {
        report(L, nowhere, LEXERR_IMMEDIATE, "kcv cannot decode source encoding '%s'", c->canonical);
        return NULL;
    }
    size_t cap = len * 4 + 16;
    char *out = arena_alloc(L->arena, cap + 2);
    char *in = (char *)text, *o = out;
    size_t inleft = len, outleft = cap;
    size_t r = iconv(cd, &in, &inleft, &o, &outleft);
    int err = errno;
    if (r != (size_t)-1) r = iconv(cd, NULL, NULL, &o, &outleft);
    iconv_close(cd);
    if (r == (size_t)-1) {
        size_t pos = (size_t)(in - text);
        const char *why = c->reason ? c->reason : "illegal multibyte sequence";
        if (err == EINVAL && !c->reason) why = "incomplete multibyte sequence";
        report(L, nowhere, LEXERR_IMMEDIATE, "'%s' codec can't decode byte 0x%02x in position %zu: %s",
               c->errname ? c->errname : c->canonical, pos < len ? (unsigned char)text[pos] : 0, pos,
               why);
        return NULL;
    }
    *outlen = (size_t)(o - out);
    return out;
}

/* Sets L->buf/end to the text to tokenise (see the file comment).  Returns
 * false after reporting an error. */
static bool prepare_input(Lexer *L, const char *text, size_t len) {
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        int line, col;
        line_col_of(text, (size_t)(nul - text), L->base_line, &line, &col);
        report(L, make_loc(L, line, col, line, col), LEXERR_IMMEDIATE,
               "source code cannot contain null bytes");
        return false;
    }
    if (L->fragment) {
        L->buf = text;
        L->end = text + len;
        return true;
    }
    /* Newlines. */
    bool has_cr = memchr(text, '\r', len) != NULL;
    if (has_cr || len == 0 || text[len - 1] != '\n') {
        char *t = arena_alloc(L->arena, len + 2);
        size_t n = 0;
        for (size_t i = 0; i < len; i++) {
            char c = text[i];
            if (c == '\r') {
                c = '\n';
                if (i + 1 < len && text[i + 1] == '\n') i++;
            }
            t[n++] = c;
        }
        /* CPython's translate_newlines adds a newline after a final \r\n
         * too (it stops on the NUL it reads in place of the \n). */
        if (n == 0 || t[n - 1] != '\n' || (len >= 2 && text[len - 2] == '\r' && text[len - 1] == '\n'))
            t[n++] = '\n';
        t[n] = '\0';
        text = t;
        len = n;
    }
    /* BOM. */
    bool bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0;
    if (bom) {
        text += 3;
        len -= 3;
    }
    /* Coding cookie on line 1, or on line 2 after a blank or comment line. */
    char enc[128];
    bool have = false;
    const char *nl1 = memchr(text, '\n', len);
    if (nl1) {
        const char *limit = text + len;
        have = coding_spec(text, (long)(nl1 - text), limit, enc, sizeof enc);
        if (!have && !line_has_code(text, (long)(nl1 - text))) {
            const char *l2 = nl1 + 1;
            const char *nl2 = memchr(l2, '\n', (size_t)(limit - l2));
            if (nl2) have = coding_spec(l2, (long)(nl2 - nl1), limit, enc, sizeof enc);
        }
    }
    if (have) {
        if (bom && strcmp(enc, "utf-8") != 0) {
            report(L, make_loc(L, 1, 0, 1, 0), LEXERR_IMMEDIATE, "encoding problem: %s with BOM", enc);
            return false;
        }
        if (strcmp(enc, "utf-8") != 0) {
            Loc nowhere = make_loc(L, 1, 0, 1, 0);
            const LexCodec *c = lexu_find_codec(enc);
            if (!c) {
                report(L, nowhere, LEXERR_IMMEDIATE, "unknown encoding: %s", enc);
                return false;
            }
            switch (c->kind) {
            case CODEC_UTF8: {
                StrBuf msg = {0};
                if (lexu_utf8_error_message(&msg, "utf-8", (const unsigned char *)text, len, 0)) {
                    report(L, nowhere, LEXERR_IMMEDIATE, "%s", sb_str(&msg));
                    sb_free(&msg);
                    return false;
                }
                break;
            }
            case CODEC_ICONV: {
                size_t n;
                char *t = transcode(L, c, text, len, &n);
                if (!t) return false;
                if (n == 0 || t[n - 1] != '\n') t[n++] = '\n';
                t[n] = '\0';
                text = t;
                len = n;
                break;
            }
            case CODEC_NOTTEXT:
                report(L, nowhere, LEXERR_IMMEDIATE,
                       "'%s' is not a text encoding; use codecs.decode() to handle arbitrary codecs", enc);
                return false;
            case CODEC_UNDEFINED:
                report(L, nowhere, LEXERR_IMMEDIATE,
                       "decoding with '%s' codec failed (UnicodeError: undefined encoding)", enc);
                return false;
            case CODEC_UNSUPPORTED:
                report(L, nowhere, LEXERR_IMMEDIATE, "kcv cannot decode source encoding '%s'", c->canonical);
                return false;
            }
        }
    }
    L->buf = text;
    L->end = text + len;
    return true;
}

/* ---- driver ------------------------------------------------------------------------------- */

/* The token array lives in the arena from the start, sized from the input
 * (ordinary code has a token every 7 bytes or more); when it fills up it
 * moves to a block twice as big, leaving the old one to the arena. */
static void grow(Lexer *L) {
    int cap = L->cap ? L->cap * 2 : 256;
    Token *v = arena_alloc(L->arena, (size_t)cap * sizeof *v);
    if (L->ntoks) memcpy(v, L->toks, (size_t)L->ntoks * sizeof *v);
    L->toks = v;
    L->cap = cap;
}

static inline void push(Lexer *L, const Token *t) {
    if (L->ntoks == L->cap) grow(L);
    L->toks[L->ntoks++] = *t;
}

/* Applies fragment mode's column shift (see the file comment). */
static void shift(const Lexer *L, Token *t) {
    if (t->end_line == L->base_line) {
        t->col += L->base_col;
        t->end_col += L->base_col;
    }
}

static void build_name(Lexer *L, Token *t) {
    if (!L->name_nonascii) {
        t->kw = keyword_of(t->start, t->len);
        t->name = intern(L->names, t->start, (size_t)t->len);
    } else {
        t->kw = KW_NONE_;
        lexu_nfkc(&L->scratch, t->start, (size_t)t->len);
        t->name = intern(L->names, sb_str(&L->scratch), L->scratch.len);
    }
}

bool lex_tokens(const SourceFile *file, const char *text, size_t len, const LexOptions *opt,
                Interner *names, Arena *arena, DiagSink *diags, TokenArray *out) {
    Lexer *L = kcv_calloc(1, sizeof *L);
    L->file = file;
    L->diags = diags;
    L->names = names;
    L->arena = arena;
    L->fragment = opt && opt->fragment;
    L->base_line = opt && opt->base_line > 0 ? opt->base_line : 1;
    L->base_col = opt ? opt->base_col : 0;
    L->atbol = true;
    L->lineno = L->base_line - 1;

    bool ok = prepare_input(L, text ? text : "", text ? len : 0);
    if (ok) {
        size_t est = (size_t)(L->end - L->buf) / 7 + 16;
        L->cap = est > (size_t)INT32_MAX / 2 ? INT32_MAX / 2 : (int)est;
        L->toks = arena_alloc(arena, (size_t)L->cap * sizeof *L->toks);
        L->cur = L->inp = L->line_start = L->group_start = L->buf;
        for (;;) {
            const char *a, *b;
            int op;
            int kind = tok_get(L, &a, &b, &op);
            if (kind == TK_ERROR) {
                ok = false;
                break;
            }
            Token t = {0};
            t.kind = (TokKind)kind;
            t.op = op;
            switch (t.kind) {
            case TK_INDENT:
            case TK_DEDENT:
            case TK_ENDMARKER: {
                t.start = L->cur;
                t.line = t.end_line = L->lineno < L->base_line ? L->base_line : L->lineno;
                t.col = t.end_col = L->cur > L->line_start ? (int)(L->cur - L->line_start) - 1 : 0;
                break;
            }
            case TK_STRING:
                t.start = a;
                t.len = (int)(b - a);
                t.line = L->first_lineno;
                t.col = (int)(a - L->multi_line_start);
                t.end_line = L->lineno;
                t.end_col = (int)(b - L->line_start);
                break;
            case TK_NAME:
            case TK_NUMBER:
            case TK_OP:
            case TK_NEWLINE:
            case TK_ERROR:
                t.start = a;
                t.len = (int)(b - a);
                t.line = t.end_line = L->lineno;
                t.col = (int)(a - L->line_start);
                t.end_col = (int)(b - L->line_start);
                break;
            }
            if (t.kind == TK_NAME) build_name(L, &t);
            if (L->fragment || L->base_col) shift(L, &t);
            push(L, &t);
            if (t.kind == TK_ENDMARKER) break;
        }
    }
    if (!ok) {
        Token e = {0};
        e.kind = TK_ERROR;
        e.op = L->err_when;
        e.start = L->cur ? L->cur : text;
        e.line = L->err_loc.line;
        e.col = L->err_loc.col;
        e.end_line = L->err_loc.end_line;
        e.end_col = L->err_loc.end_col;
        push(L, &e);
        Token end = e;
        end.kind = TK_ENDMARKER;
        end.op = -1;
        push(L, &end);
    }
    out->n = L->ntoks;
    out->v = L->toks;
    sb_free(&L->scratch);
    kcv_free(L);
    return ok;
}
