/* token.h - tokens of Python 3.11 source, shared by the lexer (lex.c), the
 * string-literal decoder (strings.c) and the parser (parse_*.c).  Private to
 * src/front.
 *
 * The lexer turns a whole file into an array of tokens first; the parser
 * indexes into it, so backtracking is a matter of resetting an index.
 */
#ifndef KCV_TOKEN_H
#define KCV_TOKEN_H

#include "../base/base.h"

typedef enum TokKind {
    TK_ENDMARKER,  /* end of input */
    TK_NEWLINE,    /* end of a logical line */
    TK_INDENT,     /* indentation increased */
    TK_DEDENT,     /* indentation decreased (one per level) */
    TK_NAME,       /* identifier or keyword (soft keywords too); see `kw` */
    TK_NUMBER,     /* integer, float or imaginary literal, as written */
    TK_STRING,     /* one string literal with its prefix and quotes, as written */
    TK_OP,         /* operator or delimiter; see `op` */
    TK_ERROR,      /* lexing failed here; a diagnostic has been reported */
} TokKind;

/* Keywords (hard and soft), for TK_NAME tokens; KW_NONE for identifiers. */
typedef enum Keyword {
    KW_NONE_,   /* not a keyword */
    KW_FALSE, KW_NONE, KW_TRUE, KW_AND, KW_AS, KW_ASSERT, KW_ASYNC, KW_AWAIT,
    KW_BREAK, KW_CLASS, KW_CONTINUE, KW_DEF, KW_DEL, KW_ELIF, KW_ELSE,
    KW_EXCEPT, KW_FINALLY, KW_FOR, KW_FROM, KW_GLOBAL, KW_IF, KW_IMPORT,
    KW_IN, KW_IS, KW_LAMBDA, KW_NONLOCAL, KW_NOT, KW_OR, KW_PASS, KW_RAISE,
    KW_RETURN, KW_TRY, KW_WHILE, KW_WITH, KW_YIELD,
    /* soft keywords: still identifiers except where the grammar says */
    KW_MATCH, KW_CASE, KW_UNDERSCORE,
} Keyword;

/* Operators and delimiters, for TK_OP tokens. */
typedef enum OpKind {
    OPK_LPAR, OPK_RPAR, OPK_LSQB, OPK_RSQB, OPK_LBRACE, OPK_RBRACE,
    OPK_COLON, OPK_COMMA, OPK_SEMI, OPK_DOT, OPK_ELLIPSIS, OPK_ARROW,
    OPK_AT, OPK_EQUAL, OPK_COLONEQUAL,
    OPK_PLUS, OPK_MINUS, OPK_STAR, OPK_SLASH, OPK_VBAR, OPK_AMPER,
    OPK_LESS, OPK_GREATER, OPK_PERCENT, OPK_TILDE, OPK_CIRCUMFLEX,
    OPK_EQEQUAL, OPK_NOTEQUAL, OPK_LESSEQUAL, OPK_GREATEREQUAL,
    OPK_LEFTSHIFT, OPK_RIGHTSHIFT, OPK_DOUBLESTAR, OPK_DOUBLESLASH,
    /* augmented assignment */
    OPK_PLUSEQUAL, OPK_MINEQUAL, OPK_STAREQUAL, OPK_SLASHEQUAL,
    OPK_PERCENTEQUAL, OPK_AMPEREQUAL, OPK_VBAREQUAL, OPK_CIRCUMFLEXEQUAL,
    OPK_LEFTSHIFTEQUAL, OPK_RIGHTSHIFTEQUAL, OPK_DOUBLESTAREQUAL,
    OPK_DOUBLESLASHEQUAL, OPK_ATEQUAL,
} OpKind;

/* For a TK_ERROR token, `op` tells when CPython 3.11 surfaces the error, so
 * that the parser can order it against its own errors:
 *   LEXERR_IMMEDIATE - raised by CPython's tokenizer itself: it wins even
 *     over a parser error earlier in the file (CPython tokenizes the rest of
 *     the file looking for one), except "unexpected indent" / "unexpected
 *     unindent", which CPython raises without looking further;
 *   LEXERR_ON_REACH - reported only if the parser gets to this token
 *     (indentation and line-continuation errors, unexpected EOF);
 *   LEXERR_UNCLOSED - "'(' was never closed" at end of input: reported if the
 *     parser gets to this token, or if the parser's own error is on a later
 *     line than the bracket. */
typedef enum LexErrorWhen { LEXERR_IMMEDIATE, LEXERR_ON_REACH, LEXERR_UNCLOSED } LexErrorWhen;

typedef struct Token {
    TokKind kind;
    int kw;               /* Keyword, for TK_NAME */
    int op;               /* OpKind, for TK_OP (-1 for '$', '?', '!', '`',
                             which CPython passes on as a bare OP that no
                             rule matches); LexErrorWhen for TK_ERROR */
    const char *start;    /* points into the source text, or into the
                             lexer's copy of it when it had to change line
                             ends or the encoding (see lex.c) */
    int len;              /* bytes */
    int line, col;        /* start: 1-based line, 0-based byte column */
    int end_line, end_col;
    const char *name;     /* TK_NAME: interned identifier (NFKC-normalised as
                             CPython does, for ASCII simply the text) */
} Token;

typedef struct TokenArray {
    Token *v;
    int n;
} TokenArray;

typedef struct Interner Interner;

/* Options of one lexing run. */
typedef struct LexOptions {
    int base_line;   /* line number of the first byte of `text` (1 for files) */
    int base_col;    /* column added to tokens on the first line (0 for files) */
    bool fragment;   /* an f-string expression: no INDENT/DEDENT/NEWLINE logic,
                        newlines inside allowed as in brackets */
} LexOptions;

/* Tokenises `text[0..len)` into `out` (allocated in `arena`).  Errors are
 * reported to `diags` against `file`, and lexing stops at the first one with
 * a TK_ERROR token followed by TK_ENDMARKER.  Returns false on error.
 * Deeply nested brackets are limited (reported as an error). */
bool lex_tokens(const SourceFile *file, const char *text, size_t len,
                const LexOptions *opt, Interner *names, Arena *arena,
                DiagSink *diags, TokenArray *out);

#endif
