/* parse_int.h - private to the parser files (parse.c, parse_*.c).
 *
 * The parser reads the token array of a whole file by recursive descent, one
 * function per rule of CPython 3.11's Grammar/python.gram (the rule is quoted
 * above each function).  It runs in the two passes CPython runs:
 *
 *   pass 1  the grammar without its invalid_* rules.  It is written to be
 *           deterministic: where the PEG grammar would try alternatives that
 *           share a prefix (assignment targets versus expressions, tuple
 *           versus group versus generator, dict versus set, ...), the common
 *           prefix is parsed once and the alternatives are told apart by what
 *           follows; targets are parsed as expressions and converted.  So
 *           there is no backtracking beyond a token or two, no memo, and no
 *           failed sub-parse is ever repeated (nesting would make that
 *           exponential).  One invalid_* rule runs in pass 1 too, because
 *           CPython's generator does not guard it: dict's alternative
 *           '{' invalid_double_starred_kvpairs '}'.
 *   pass 2  only when pass 1 failed: the same functions with the invalid_*
 *           rules switched on (parse_invalid.c), which raise CPython's
 *           specialised messages.  This pass backtracks as the PEG grammar
 *           does, so the rules CPython memoises are memoised by position.
 *
 * When no invalid_* rule fires, the error is CPython's generic one: "invalid
 * syntax" at the furthest token pass 1 looked at (`fill`), as CPython's lazy
 * tokenizer would have fetched it.  Every look at a token goes through tk() /
 * tk_ahead() so that `fill` stays exact.
 *
 * Ownership: nodes and lists live in Parser.arena; the scratch stacks and
 * the memo table are malloc'd per parse and freed by pstate_free.
 */
#ifndef KCV_PARSE_INT_H
#define KCV_PARSE_INT_H

#include "parser.h"

/* Limit on p->depth: nested rule calls that recurse without brackets
 * (unary operators, `not`, `**`, lambda, conditional expressions, nested
 * targets and patterns) and the length of left-nested chains (a.b.c, a+b+c,
 * f()()()), so the AST handed on is never deeper than about this either.
 * CPython 3.11's ast.parse gives up at about 3000. */
enum { PARSE_MAX_DEPTH = 2000 };

/* Rules memoised in pass 2: those CPython memoises (marked (memo) in the
 * grammar, and the left-recursive ones), no others, since which rules are
 * memoised decides which invalid_* rules run when a result is reused in
 * or out of an *_without_invalid rule. */
typedef enum MemoRule {
    MEMO_STRINGS,
    MEMO_EXPRESSION,
    MEMO_STAR_EXPRESSION,
    MEMO_DISJUNCTION,
    MEMO_CONJUNCTION,
    MEMO_INVERSION,
    MEMO_BITWISE_OR,
    MEMO_BITWISE_XOR,
    MEMO_BITWISE_AND,
    MEMO_SHIFT_EXPR,
    MEMO_SUM,
    MEMO_TERM,
    MEMO_FACTOR,
    MEMO_AWAIT_PRIMARY,
    MEMO_PRIMARY,
    MEMO_STAR_TARGET,
    MEMO_TARGET_WITH_STAR_ATOM,
    MEMO_ARGUMENTS,
    MEMO_INVALID_NAMED,
    MEMO_BLOCK,
    MEMO_CLOSED_PATTERN,
} MemoRule;

typedef struct MemoSlot {
    uint64_t key;   /* (rule + 1) << 32 | position; 0: empty */
    Node *node;     /* NULL: the rule failed there */
    int end;        /* position after the rule */
} MemoSlot;

typedef struct ParseState {
    Vec(Node *) nodes;        /* scratch stack for lists being built */
    Vec(const char *) ids;    /* scratch stack for identifier lists */
    Vec(int) ints;            /* scratch stack for comparison operators */
    int fill;                 /* 1 + the furthest token index looked at */
    int fill_pass1;           /* fill when pass 1 failed */
    bool second_pass;         /* pass 2: invalid_* rules may be called */
    bool call_invalid;        /* invalid_* rules active now (off inside
                                 *_without_invalid rules) */
    bool error;               /* an error was raised: unwind */
    bool lex_hit;             /* the lexer's TK_ERROR token was reached */
    bool err_in_sink;         /* the error went to p->diags (strings.c) */
    bool err_pass1;           /* the error was raised in pass 1 */
    bool fstring;             /* parsing an f-string replacement field */
    bool depth_error;         /* the error is the nesting limit */
    bool generic_indent;      /* the error is a generic "unexpected indent" */
    Loc err_loc;              /* the parser's own error, when !err_in_sink */
    char *err_msg;            /* malloc'd */
    MemoSlot *memo;           /* open addressing, power-of-two size */
    size_t memo_cap, memo_count;
    Vec(int) memo_used;       /* slots filled since the last memo_clear */
    unsigned char *levels;    /* bracket level after each token (pass 2) */
    char *pool_cur, *pool_end; /* nodes and lists, 8-byte aligned, carved from
                                  chunks of the arena (see palloc) */
} ParseState;

void pstate_init(ParseState *st);
void pstate_free(ParseState *st);
/* Forget the memo and the scratch stacks for a new pass. */
void pstate_reset_pass(ParseState *st);

/* ---- tokens ---------------------------------------------------------------- */

const Token *tk_slow(Parser *p, int i);

/* The token `k` ahead of the current one (k >= 0), recorded in `fill`. */
static inline const Token *tk_ahead(Parser *p, int k) {
    int i = p->pos + k;
    if (i >= p->st->fill) return tk_slow(p, i);
    return &p->toks.v[i];
}
static inline const Token *tk(Parser *p) { return tk_ahead(p, 0); }

static inline bool tok_is_op(const Token *t, int op) { return t->kind == TK_OP && t->op == op; }
static inline bool tok_is_kw(const Token *t, int kw) { return t->kind == TK_NAME && t->kw == kw; }
/* NAME in the grammar: an identifier or a soft keyword. */
static inline bool tok_is_name(const Token *t) {
    return t->kind == TK_NAME && (t->kw == KW_NONE_ || t->kw >= KW_MATCH);
}
static inline bool at_op(Parser *p, int op) { return tok_is_op(tk(p), op); }
static inline bool at_kw(Parser *p, int kw) { return tok_is_kw(tk(p), kw); }
static inline bool at_name(Parser *p) { return tok_is_name(tk(p)); }
static inline bool at_kind(Parser *p, TokKind k) { return tk(p)->kind == k; }
static inline bool accept_op(Parser *p, int op) {
    if (!at_op(p, op)) return false;
    p->pos++;
    return true;
}
static inline bool accept_kw(Parser *p, int kw) {
    if (!at_kw(p, kw)) return false;
    p->pos++;
    return true;
}
static inline bool accept_kind(Parser *p, TokKind k) {
    if (!at_kind(p, k)) return false;
    p->pos++;
    return true;
}
/* NAME followed by the operator `op` (two tokens of lookahead). */
static inline bool at_name_op(Parser *p, int op) {
    return at_name(p) && tok_is_op(tk_ahead(p, 1), op);
}
/* The token at index i, without recording a look (for spans of tokens
 * already consumed). */
static inline const Token *tok_at(const Parser *p, int i) { return &p->toks.v[i]; }

/* ---- nodes, spans, lists ------------------------------------------------- */

/* Span from the start of token `start` to the end of the last token before
 * p->pos that is not NEWLINE/INDENT/DEDENT/ENDMARKER (CPython's EXTRA). */
Span span_here(Parser *p, int start);
Node *mk(Parser *p, NodeKind kind, int start);
/* `size` zeroed bytes, 8-byte aligned, in the parse's arena: small blocks
 * are carved from chunks so they are not rounded up to 16. */
void *palloc(Parser *p, size_t size);
Node *mk_name(Parser *p, const Token *t, ExprCtx ctx);
Node *mk_constant_kw(Parser *p, int tok_index);  /* True/False/None/... */
Loc loc_of_span(const Parser *p, Span s);
Loc loc_of_node(const Parser *p, const Node *n);
Loc loc_of_token(const Parser *p, const Token *t);
/* Where RAISE_SYNTAX_ERROR_KNOWN_LOCATION puts an error at token ti. */
Loc loc_known_token(const Parser *p, int ti);

static inline int lmark(Parser *p) { return p->st->nodes.n; }
static inline void lpush(Parser *p, Node *n) { vec_push(&p->st->nodes, n); }
static inline void ldrop(Parser *p, int mark) { p->st->nodes.n = mark; }
/* Copies the scratch entries above `mark` into the arena and pops them. */
NodeList ltake(Parser *p, int mark);
NodeList list_of1(Parser *p, Node *n);
NameList ids_take(Parser *p, int mark);

/* Nesting limit: enter() fails (raising the error) past PARSE_MAX_DEPTH;
 * every enter() is paired with a leave(). */
bool enter_slow(Parser *p);
static inline bool enter(Parser *p) {
    if (++p->depth > PARSE_MAX_DEPTH) return enter_slow(p);
    return true;
}
static inline void leave(Parser *p) { p->depth--; }
/* Checks a left-nested chain of `n` links on top of p->depth. */
bool chain_ok(Parser *p, int n);

/* ---- errors ------------------------------------------------------------- */

/* All return NULL so a rule can `return perr...(...)`.  Only the first error
 * of a parse is kept; after it every rule unwinds (p->st->error). */
void *perr_loc(Parser *p, Loc loc, const char *fmt, ...) KCV_PRINTF(3, 4);
/* At token index ti (RAISE_SYNTAX_ERROR_KNOWN_LOCATION on a token). */
void *perr_tok(Parser *p, int ti, const char *fmt, ...) KCV_PRINTF(3, 4);
/* From the start of token ta to the end of token tb. */
void *perr_toks(Parser *p, int ta, int tb, const char *fmt, ...) KCV_PRINTF(4, 5);
void *perr_node(Parser *p, const Node *a, const char *fmt, ...) KCV_PRINTF(3, 4);
/* From the start of a to the end of b (RAISE_SYNTAX_ERROR_KNOWN_RANGE). */
void *perr_range(Parser *p, const Node *a, const Node *b, const char *fmt, ...) KCV_PRINTF(4, 5);
/* From the start of a to the current position (..._STARTING_FROM). */
void *perr_from(Parser *p, const Node *a, const char *fmt, ...) KCV_PRINTF(3, 4);
/* At the furthest token looked at (RAISE_SYNTAX_ERROR). */
void *perr_last(Parser *p, const char *fmt, ...) KCV_PRINTF(2, 3);
/* CPython's name of an expression kind in messages ("function call"). */
const char *expr_name(const Node *e);

/* Bracket nesting level after token i (pass 2 only). */
int tok_level(Parser *p, int i);

/* ---- memo ------------------------------------------------------------------ */

bool memo_get(Parser *p, MemoRule rule, int pos, Node **out);
void memo_put(Parser *p, MemoRule rule, int pos, Node *n);
/* Forgets the memo.  Pass 2 does so after each top-level statement, which
 * the parse never goes back into, so the memo holds one statement at most. */
void memo_clear(ParseState *st);

/* The body of a rule memoised in pass 2; `raw` calls it without memo. */
#define MEMO_RULE(p, rule, raw)                                              \
    do {                                                                     \
        if (!(p)->st->second_pass) return (raw);                             \
        int memo_start_ = (p)->pos;                                          \
        Node *memo_r_;                                                       \
        if (memo_get((p), (rule), memo_start_, &memo_r_)) return memo_r_;    \
        memo_r_ = (raw);                                                     \
        memo_put((p), (rule), memo_start_, memo_r_);                         \
        return memo_r_;                                                      \
    } while (0)

/* ---- numbers (parse_util.c) --------------------------------------------------- */

/* Converts a NUMBER token to a constant; reports CPython's errors. */
bool number_value(Parser *p, int ti, ConstValue *out);

/* ---- rules (parse_expr.c) ------------------------------------------------ */

Node *parse_expressions_star(Parser *p);     /* star_expressions */
Node *parse_star_expression(Parser *p);
Node *parse_star_named_expression(Parser *p);
Node *parse_named_expression(Parser *p);
Node *parse_expression(Parser *p);
Node *parse_expression_without_invalid(Parser *p);
Node *parse_disjunction(Parser *p);
Node *parse_bitwise_or(Parser *p);
Node *parse_primary(Parser *p);
Node *parse_atom(Parser *p);
Node *parse_yield_expr(Parser *p);
Node *parse_strings(Parser *p);
Node *parse_slices(Parser *p);
Node *parse_starred_expression(Parser *p);
Node *parse_for_if_clauses(Parser *p, NodeList *out);  /* returns last comprehension */
Node *parse_args(Parser *p, Node *first);             /* a Call with func NULL */
Node *parse_arguments(Parser *p);                      /* args [','] &')' */
Node *parse_lambda_params(Parser *p);
/* param (lambda_param with `lambda`; star_annotation: `*args: *Ts`) */
Node *parse_param(Parser *p, bool lambda, bool star_annotation);
/* default: '=' expression | invalid_default */
Node *parse_default(Parser *p);
/* ',' or, not consumed, ')' (':' for lambdas): the end of a parameter */
bool parse_param_end(Parser *p, bool lambda);
Node *parse_kvpair(Parser *p, Node **value);
Node *parse_double_starred_kvpair(Parser *p, Node **value);
Node *parse_annotated_rhs(Parser *p);
/* fstring: star_expressions, then the end of the tokens. */
Node *parse_fstring_body(Parser *p);

/* Targets (parse_expr.c).  The converters check that an expression parsed
 * as such is a valid target of the kind and set its contexts. */
Node *parse_star_targets(Parser *p);
Node *parse_star_target(Parser *p);
Node *parse_single_target(Parser *p);
Node *parse_del_targets_list(Parser *p, NodeList *out);
bool to_star_targets(Node *e);     /* star_targets: may be starred at top */
bool to_star_atom(Node *e);        /* what star_atom / t_primary accept */
bool to_single_target(Node *e);    /* Name, Attribute, Subscript */
bool to_del_target(Node *e);
void set_ctx(Node *e, ExprCtx ctx);

/* ---- statements (parse_stmt.c) ----------------------------------------- */

bool parse_statements(Parser *p);   /* pushes onto the scratch stack */
Node *parse_file(Parser *p);
NodeList parse_block(Parser *p, bool *ok);
Node *parse_params(Parser *p);
/* except_block / except_star_block */
Node *parse_except_block(Parser *p, bool star);

/* ---- patterns (parse_pattern.c) ---------------------------------------- */

Node *parse_match_stmt(Parser *p);

/* ---- invalid_* rules (parse_invalid.c), pass 2 ------------------------ */

/* Each tries its rule at the current position and restores it; true when
 * it raised an error (p->st->error is then set). */
bool invalid_expression(Parser *p);
bool invalid_legacy_expression(Parser *p);
bool invalid_named_expression(Parser *p);
bool invalid_assignment(Parser *p);
bool invalid_del_stmt(Parser *p);
bool invalid_block(Parser *p);
bool invalid_comprehension(Parser *p);
bool invalid_dict_comprehension(Parser *p);
bool invalid_arguments(Parser *p);
bool invalid_kwarg(Parser *p);
bool invalid_group(Parser *p);
bool invalid_for_target(Parser *p);
bool invalid_with_item(Parser *p);
bool invalid_double_starred_kvpairs(Parser *p);
bool invalid_parameters(Parser *p, bool lambda);
bool invalid_star_etc(Parser *p, bool lambda);
bool invalid_kwds(Parser *p, bool lambda);
bool invalid_default(Parser *p);
bool invalid_import_from_targets(Parser *p);
bool invalid_with_stmt(Parser *p);
bool invalid_with_stmt_indent(Parser *p);
bool invalid_for_stmt(Parser *p);
bool invalid_while_stmt(Parser *p);
bool invalid_if_stmt(Parser *p);
bool invalid_elif_stmt(Parser *p);
bool invalid_else_stmt(Parser *p);
bool invalid_try_stmt(Parser *p);
bool invalid_except_stmt(Parser *p);
bool invalid_except_stmt_indent(Parser *p);
bool invalid_except_star_stmt_indent(Parser *p);
bool invalid_finally_stmt(Parser *p);
bool invalid_def_raw(Parser *p);
bool invalid_class_def_raw(Parser *p);

/* Is the pass-2 machinery on right now?  (One invalid_* rule runs in pass 1
 * as well: dict's alternative '{' invalid_double_starred_kvpairs '}', which
 * CPython's generator does not guard because it has more than one item.) */
static inline bool invalid_on(const Parser *p) { return p->st->call_invalid; }

#endif
