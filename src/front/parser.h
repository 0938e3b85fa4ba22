/* parser.h - state shared by the parser files (parse_*.c) and the string
 * literal decoder (strings.c).  Private to src/front.
 *
 * The parser is recursive descent over the token array of a whole file, one
 * function per grammar rule of CPython 3.11's Grammar/python.gram, the rule
 * quoted in a comment above it.  Backtracking resets `pos`.
 */
#ifndef KCV_PARSER_H
#define KCV_PARSER_H

#include "front.h"
#include "token.h"

typedef struct Parser {
    const SourceFile *file;
    Interner *names;
    Arena *arena;        /* nodes, lists and decoded strings */
    DiagSink *diags;
    TokenArray toks;
    int pos;             /* index of the next token */
    int depth;           /* recursion depth, limited by FRONT_MAX_NESTING */
    bool failed;         /* a syntax error was reported; stop reporting more */
    struct ParseState *st; /* the parser's private state (parse_int.h); NULL
                              until parse_module / parse_fstring_rule set it */
    /* More fields may be added by the parser files as they need them. */
} Parser;

/* strings.c: builds the node for the adjacent STRING tokens
 * toks.v[first .. first+count): a Constant (str or bytes, with kind "u" when
 * the first token has a u prefix) or a JoinedStr when any is an f-string,
 * with CPython 3.11's locations for every part.  Reports errors (mixing
 * bytes and str, bad escapes that CPython rejects, f-string errors) and
 * returns NULL on error. */
Node *strings_parse(Parser *p, int first, int count);

/* strings.c: parses the expression of an f-string replacement field,
 * `text[0..len)` located at `line`/`col` of the file, exactly as CPython
 * 3.11's fstring_compile_expr does: lexes the text with lex_tokens in
 * fragment mode into a sub-Parser (same file, names, arena, diags) and calls
 * parse_fstring_rule on it.  Returns NULL after reporting an error. */
Node *parser_fstring_expr(Parser *p, const char *text, size_t len, int line, int col);

/* parse_expr.c: the rule `fstring: star_expressions` followed by the end of
 * the tokens; used by parser_fstring_expr on a sub-parser.  Returns NULL
 * after reporting an error. */
Node *parse_fstring_rule(Parser *p);

/* Node constructors (parse_util.c).  node_new returns a zeroed node in
 * p->arena holding only the part of the union that `kind` uses (a Name is
 * 40 bytes, not sizeof(Node)), so a Node must never be copied by value or
 * given another kind. */
Node *node_new(Parser *p, NodeKind kind, Span span);
Span span_from_tokens(const Token *first, const Token *last);
Span span_join(Span a, Span b);

#endif
