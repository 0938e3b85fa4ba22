/* parse_invalid.c - the invalid_* rules of Grammar/python.gram, which run in
 * the second pass only (parse_int.h) and raise CPython 3.11's specialised
 * syntax errors.  The match-statement ones are in parse_pattern.c.
 *
 * Each function tries its rule at the current position.  When an
 * alternative matches, it raises the error (and returns true); otherwise it
 * puts the position back and returns false.  Sub-rules are the ordinary
 * ones, memoised in this pass.
 */
#include "parse_int.h"

#include <string.h>

#define ERR (p->st->error)

/* Restores the position; true when an error was raised. */
static bool done(Parser *p, int start) {
    if (ERR) return true;
    p->pos = start;
    return false;
}

static void *perr_span(Parser *p, Span s, const char *msg) {
    return perr_loc(p, loc_of_span(p, s), "%s", msg);
}

static Span tok_span(const Parser *p, int i) {
    return span_from_tokens(tok_at(p, i), tok_at(p, i));
}

/* The last item of a comprehension: its last `if`, or its iterable
 * (_PyPegen_get_last_comprehension_item). */
static Node *last_comprehension_item(Node *c) {
    if (c->u.comprehension.ifs.n == 0) return c->u.comprehension.iter;
    return c->u.comprehension.ifs.v[c->u.comprehension.ifs.n - 1];
}

/* _PyPegen_check_legacy_stmt: a Name `print` or `exec`. */
static bool is_legacy_name(const Node *e) {
    return e->kind == N_NAME && (strcmp(e->u.name.id, "print") == 0 || strcmp(e->u.name.id, "exec") == 0);
}

typedef enum TargetsType { STAR_TARGETS, DEL_TARGETS, FOR_TARGETS } TargetsType;

/* _PyPegen_get_invalid_target */
static Node *invalid_target(Node *e, TargetsType type) {
    if (!e) return NULL;
    NodeKind k = e->kind;
    if (k == N_LIST || k == N_TUPLE) {
        for (int i = 0; i < e->u.seq.elts.n; i++) {
            Node *c = invalid_target(e->u.seq.elts.v[i], type);
            if (c) return c;
        }
        return NULL;
    }
    if (k == N_STARRED) {
        if (type == DEL_TARGETS) return e;
        return invalid_target(e->u.starred.value, type);
    }
    if (k == N_COMPARE) {
        /* `a in b` of `for a in b` is parsed as a comparison. */
        if (type == FOR_TARGETS) {
            if (e->u.compare.ops[0] == CMP_IN) return invalid_target(e->u.compare.left, type);
            return NULL;
        }
        return e;
    }
    if (k == N_NAME || k == N_SUBSCRIPT || k == N_ATTRIBUTE) return NULL;
    return e;
}

/* RAISE_SYNTAX_ERROR_INVALID_TARGET: raises at the invalid part of `e`;
 * when there is none the alternative just fails (returns false). */
static bool raise_invalid_target(Parser *p, TargetsType type, Node *e) {
    Node *t = invalid_target(e, type);
    if (!t) return false;
    if (type == DEL_TARGETS) perr_node(p, t, "cannot delete %s", expr_name(t));
    else perr_node(p, t, "cannot assign to %s", expr_name(t));
    return true;
}

static bool at_end_op(Parser *p, int a, int b) { return at_op(p, a) || at_op(p, b); }

/* ---- expressions -------------------------------------------------------------- */

/* SOFT_KEYWORD as CPython 3.11 matches it (_PyPegen_soft_keyword_token):
 * strncmp(keyword, token, token_length), so any NAME that is a prefix of
 * "match", "case" or "_" counts ("c", "ma", ...). */
static bool is_soft_keyword_token(const Token *t) {
    static const char *const kws[] = {"match", "case", "_"};
    for (size_t i = 0; i < KCV_ARRAY_LEN(kws); i++)
        if ((size_t)t->len <= strlen(kws[i]) && memcmp(kws[i], t->start, (size_t)t->len) == 0) return true;
    return false;
}

/* invalid_expression:
 *     | !(NAME STRING | SOFT_KEYWORD) a=disjunction b=expression_without_invalid
 *     | a=disjunction 'if' b=disjunction !('else'|':') */
bool invalid_expression(Parser *p) {
    int start = p->pos;
    const Token *t = tk(p);
    bool excluded = tok_is_name(t) && (is_soft_keyword_token(t) || tk_ahead(p, 1)->kind == TK_STRING);
    if (!excluded) {
        Node *a = parse_disjunction(p);
        if (a) {
            Node *b = parse_expression_without_invalid(p);
            if (b && !is_legacy_name(a) && tok_level(p, p->pos - 1) != 0) {
                perr_range(p, a, b, "invalid syntax. Perhaps you forgot a comma?");
                return true;
            }
        }
        if (ERR) return true;
        p->pos = start;
    }
    Node *a = parse_disjunction(p);
    if (a && accept_kw(p, KW_IF)) {
        Node *b = parse_disjunction(p);
        if (b && !at_kw(p, KW_ELSE) && !at_op(p, OPK_COLON)) {
            perr_range(p, a, b, "expected 'else' after 'if' expression");
            return true;
        }
    }
    return done(p, start);
}

/* invalid_legacy_expression:
 *     | a=NAME !'(' b=star_expressions */
bool invalid_legacy_expression(Parser *p) {
    int start = p->pos;
    if (!at_name(p)) return false;
    const Token *t = tk(p);
    if (tok_is_op(tk_ahead(p, 1), OPK_LPAR)) return false;
    Node *a = mk_name(p, t, CTX_LOAD);
    p->pos++;
    Node *b = parse_expressions_star(p);
    if (b && is_legacy_name(a)) {
        perr_range(p, a, b, "Missing parentheses in call to '%s'. Did you mean %s(...)?", a->u.name.id,
                   a->u.name.id);
        return true;
    }
    return done(p, start);
}

/* The lookahead !(list|tuple|genexp|'True'|'None'|'False') */
static bool at_list_tuple_genexp_const(Parser *p) {
    const Token *t = tk(p);
    if (tok_is_kw(t, KW_TRUE) || tok_is_kw(t, KW_NONE) || tok_is_kw(t, KW_FALSE)) return true;
    if (!tok_is_op(t, OPK_LSQB) && !tok_is_op(t, OPK_LPAR)) return false;
    int start = p->pos;
    Node *a = parse_atom(p);
    p->pos = start;
    if (!a) return false;
    if (a->span.line != t->line || a->span.col != t->col) return false;
    return a->kind == N_LIST || a->kind == N_TUPLE || a->kind == N_GENERATOR_EXP;
}

/* invalid_named_expression (memo):
 *     | a=expression ':=' expression
 *     | a=NAME '=' b=bitwise_or !('='|':=')
 *     | !(list|tuple|genexp|'True'|'None'|'False') a=bitwise_or b='=' bitwise_or !('='|':=') */
static bool invalid_named_expression_raw(Parser *p) {
    int start = p->pos;
    Node *a = parse_expression(p);
    if (a && accept_op(p, OPK_COLONEQUAL) && parse_expression(p)) {
        perr_node(p, a, "cannot use assignment expressions with %s", expr_name(a));
        return true;
    }
    if (done(p, start)) return true;
    if (at_name_op(p, OPK_EQUAL)) {
        a = mk_name(p, tk(p), CTX_LOAD);
        p->pos += 2;
        Node *b = parse_bitwise_or(p);
        if (b && !at_end_op(p, OPK_EQUAL, OPK_COLONEQUAL)) {
            perr_range(p, a, b, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
            return true;
        }
        if (done(p, start)) return true;
    }
    if (at_list_tuple_genexp_const(p)) return done(p, start);
    if (ERR) return true;
    a = parse_bitwise_or(p);
    if (a && accept_op(p, OPK_EQUAL) && parse_bitwise_or(p) && !at_end_op(p, OPK_EQUAL, OPK_COLONEQUAL)) {
        perr_node(p, a, "cannot assign to %s here. Maybe you meant '==' instead of '='?", expr_name(a));
        return true;
    }
    return done(p, start);
}

bool invalid_named_expression(Parser *p) {
    int start = p->pos;
    Node *r;
    if (memo_get(p, MEMO_INVALID_NAMED, start, &r)) {
        p->pos = start;
        return false;
    }
    bool raised = invalid_named_expression_raw(p);
    if (!raised) {
        p->pos = start;
        memo_put(p, MEMO_INVALID_NAMED, start, NULL);
    }
    return raised;
}

/* invalid_ann_assign_target:
 *     | list
 *     | tuple
 *     | '(' invalid_ann_assign_target ')' */
static Node *invalid_ann_assign_target(Parser *p) {
    if (!at_op(p, OPK_LSQB) && !at_op(p, OPK_LPAR)) return NULL;
    int start = p->pos;
    Node *a = parse_atom(p);
    if (a && (a->kind == N_LIST || a->kind == N_TUPLE)) return a;
    if (!ERR) p->pos = start;
    return NULL;
}

/* (star_targets '=')* */
static void star_targets_eq(Parser *p) {
    for (;;) {
        int s = p->pos;
        Node *t = parse_star_targets(p);
        if (t && accept_op(p, OPK_EQUAL)) continue;
        if (!ERR) p->pos = s;
        return;
    }
}

static int augassign_at(Parser *p) {
    const Token *t = tk(p);
    if (t->kind != TK_OP) return 0;
    switch (t->op) {
    case OPK_PLUSEQUAL: case OPK_MINEQUAL: case OPK_STAREQUAL: case OPK_ATEQUAL:
    case OPK_SLASHEQUAL: case OPK_PERCENTEQUAL: case OPK_AMPEREQUAL: case OPK_VBAREQUAL:
    case OPK_CIRCUMFLEXEQUAL: case OPK_LEFTSHIFTEQUAL: case OPK_RIGHTSHIFTEQUAL:
    case OPK_DOUBLESTAREQUAL: case OPK_DOUBLESLASHEQUAL:
        return 1;
    default:
        return 0;
    }
}

/* invalid_assignment:
 *     | a=invalid_ann_assign_target ':' expression
 *     | a=star_named_expression ',' star_named_expressions* ':' expression
 *     | a=expression ':' expression
 *     | (star_targets '=')* a=star_expressions '='
 *     | (star_targets '=')* a=yield_expr '='
 *     | a=star_expressions augassign (yield_expr | star_expressions) */
bool invalid_assignment(Parser *p) {
    int start = p->pos;
    Node *a = invalid_ann_assign_target(p);
    if (a && accept_op(p, OPK_COLON) && parse_expression(p)) {
        perr_node(p, a, "only single target (not %s) can be annotated", expr_name(a));
        return true;
    }
    if (done(p, start)) return true;

    a = parse_star_named_expression(p);
    if (a && accept_op(p, OPK_COMMA)) {
        /* star_named_expressions*: ','.star_named_expression+ [','] repeated */
        for (;;) {
            int s = p->pos;
            Node *e = parse_star_named_expression(p);
            if (!e) {
                if (ERR) return true;
                p->pos = s;
                break;
            }
            while (accept_op(p, OPK_COMMA)) {
                int s2 = p->pos;
                if (!parse_star_named_expression(p)) {
                    if (ERR) return true;
                    p->pos = s2;
                    break;
                }
            }
        }
        if (accept_op(p, OPK_COLON) && parse_expression(p)) {
            perr_node(p, a, "only single target (not tuple) can be annotated");
            return true;
        }
    }
    if (done(p, start)) return true;

    a = parse_expression(p);
    if (a && accept_op(p, OPK_COLON) && parse_expression(p)) {
        perr_node(p, a, "illegal target for annotation");
        return true;
    }
    if (done(p, start)) return true;

    star_targets_eq(p);
    if (ERR) return true;
    a = parse_expressions_star(p);
    if (a && at_op(p, OPK_EQUAL) && raise_invalid_target(p, STAR_TARGETS, a)) return true;
    if (done(p, start)) return true;

    star_targets_eq(p);
    if (ERR) return true;
    if (at_kw(p, KW_YIELD)) {
        a = parse_yield_expr(p);
        if (a && at_op(p, OPK_EQUAL)) {
            perr_node(p, a, "assignment to yield expression not possible");
            return true;
        }
    }
    if (done(p, start)) return true;

    a = parse_expressions_star(p);
    if (a && augassign_at(p)) {
        p->pos++;
        if (parse_annotated_rhs(p)) {
            perr_node(p, a, "'%s' is an illegal expression for augmented assignment", expr_name(a));
            return true;
        }
    }
    return done(p, start);
}

/* invalid_del_stmt:
 *     | 'del' a=star_expressions */
bool invalid_del_stmt(Parser *p) {
    int start = p->pos;
    if (!accept_kw(p, KW_DEL)) return false;
    Node *a = parse_expressions_star(p);
    if (a && raise_invalid_target(p, DEL_TARGETS, a)) return true;
    return done(p, start);
}

/* invalid_block:
 *     | NEWLINE !INDENT */
bool invalid_block(Parser *p) {
    int start = p->pos;
    if (accept_kind(p, TK_NEWLINE) && !at_kind(p, TK_INDENT)) {
        perr_last(p, "expected an indented block");
        return true;
    }
    return done(p, start);
}

/* invalid_comprehension:
 *     | ('[' | '(' | '{') a=starred_expression for_if_clauses
 *     | ('[' | '{') a=star_named_expression ',' b=star_named_expressions for_if_clauses
 *     | ('[' | '{') a=star_named_expression b=',' for_if_clauses */
bool invalid_comprehension(Parser *p) {
    int start = p->pos;
    bool brace = at_op(p, OPK_LSQB) || at_op(p, OPK_LBRACE);
    if (!brace && !at_op(p, OPK_LPAR)) return false;
    p->pos++;
    NodeList gens;
    Node *a = parse_starred_expression(p);
    if (a && parse_for_if_clauses(p, &gens)) {
        perr_node(p, a, "iterable unpacking cannot be used in comprehension");
        return true;
    }
    if (done(p, start) || !brace) return ERR;
    p->pos = start + 1;
    a = parse_star_named_expression(p);
    if (a && at_op(p, OPK_COMMA)) {
        int comma = p->pos++;
        /* star_named_expressions: ','.star_named_expression+ [','] */
        Node *last = NULL;
        for (;;) {
            int s = p->pos;
            Node *e = parse_star_named_expression(p);
            if (!e) {
                if (ERR) return true;
                p->pos = s;
                break;
            }
            last = e;
            if (!accept_op(p, OPK_COMMA)) break;
        }
        if (last && parse_for_if_clauses(p, &gens)) {
            perr_range(p, a, last, "did you forget parentheses around the comprehension target?");
            return true;
        }
        if (ERR) return true;
        p->pos = comma + 1;
        if (parse_for_if_clauses(p, &gens)) {
            perr_span(p, span_join(a->span, tok_span(p, comma)),
                      "did you forget parentheses around the comprehension target?");
            return true;
        }
    }
    return done(p, start);
}

/* invalid_dict_comprehension:
 *     | '{' a='**' bitwise_or for_if_clauses '}' */
bool invalid_dict_comprehension(Parser *p) {
    int start = p->pos;
    NodeList gens;
    if (accept_op(p, OPK_LBRACE) && at_op(p, OPK_DOUBLESTAR)) {
        int a = p->pos++;
        if (parse_bitwise_or(p) && parse_for_if_clauses(p, &gens) && at_op(p, OPK_RBRACE)) {
            perr_tok(p, a, "dict unpacking cannot be used in dict comprehension");
            return true;
        }
    }
    return done(p, start);
}

/* invalid_double_starred_kvpairs:
 *     | ','.double_starred_kvpair+ ',' invalid_kvpair
 *     | expression ':' a='*' bitwise_or
 *     | expression a=':' &('}'|',')
 * invalid_kvpair:
 *     | a=expression !(':')
 *     | expression ':' a='*' bitwise_or
 *     | expression a=':' &('}'|',')
 * (invalid_kvpair, or without its first alternative the last two of
 * invalid_double_starred_kvpairs) */
static bool invalid_kvpair(Parser *p, bool with_missing_colon) {
    int start = p->pos;
    Node *k = parse_expression(p);
    if (!k) return done(p, start);
    if (!at_op(p, OPK_COLON)) {
        if (with_missing_colon) {
            /* CPython: the start line with the end column (as given). */
            Loc l = {p->file, k->span.line, k->span.end_col - 1, k->span.end_line, k->span.end_col - 1};
            perr_loc(p, l, "':' expected after dictionary key");
            return true;
        }
        return done(p, start);
    }
    int colon = p->pos++;
    if (at_op(p, OPK_STAR)) {
        int star = p->pos++;
        if (parse_bitwise_or(p)) {
            Node tmp = {.kind = N_STARRED, .span = tok_span(p, star)};
            perr_from(p, &tmp, "cannot use a starred expression in a dictionary value");
            return true;
        }
        if (ERR) return true;
        p->pos = colon + 1;
    }
    if (at_op(p, OPK_RBRACE) || at_op(p, OPK_COMMA)) {
        perr_tok(p, colon, "expression expected after dictionary key and ':'");
        return true;
    }
    return done(p, start);
}

bool invalid_double_starred_kvpairs(Parser *p) {
    int start = p->pos;
    /* ','.double_starred_kvpair+ ',' invalid_kvpair */
    int n = 0;
    for (;;) {
        int s = p->pos;
        Node *v;
        if (!parse_double_starred_kvpair(p, &v)) {
            if (ERR) return true;
            p->pos = s;
            if (n > 0) p->pos = s - 1;
            break;
        }
        n++;
        if (!accept_op(p, OPK_COMMA)) break;
    }
    if (n > 0 && accept_op(p, OPK_COMMA) && invalid_kvpair(p, true)) return true;
    if (done(p, start)) return true;
    return invalid_kvpair(p, false);
}

/* ---- calls ----------------------------------------------------------------- */

/* invalid_arguments:
 *     | a=args ',' '*'
 *     | a=expression b=for_if_clauses ',' [args | expression for_if_clauses]
 *     | a=NAME b='=' expression for_if_clauses
 *     | a=args b=for_if_clauses
 *     | args ',' a=expression b=for_if_clauses
 *     | a=args ',' args */
bool invalid_arguments(Parser *p) {
    int start = p->pos;
    NodeList gens;
    Node *a = parse_args(p, NULL);
    if (a && accept_op(p, OPK_COMMA) && at_op(p, OPK_STAR)) {
        perr_node(p, a, "iterable argument unpacking follows keyword argument unpacking");
        return true;
    }
    if (done(p, start)) return true;

    a = parse_expression(p);
    if (a) {
        Node *last = parse_for_if_clauses(p, &gens);
        if (last && accept_op(p, OPK_COMMA)) {
            /* [args | expression for_if_clauses]: optional, but what it
             * reads can reach the tokenizer's error */
            NodeList more;
            if (!parse_args(p, NULL) && !ERR && parse_expression(p)) parse_for_if_clauses(p, &more);
            if (ERR) return true;
            perr_range(p, a, last_comprehension_item(last), "Generator expression must be parenthesized");
            return true;
        }
    }
    if (done(p, start)) return true;

    if (at_name_op(p, OPK_EQUAL)) {
        int name = p->pos;
        p->pos += 2;
        if (parse_expression(p) && parse_for_if_clauses(p, &gens)) {
            perr_toks(p, name, name + 1, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
            return true;
        }
        if (done(p, start)) return true;
    }

    a = parse_args(p, NULL);
    if (a) {
        Node *last = parse_for_if_clauses(p, &gens);
        if (last && a->u.call.args.n > 1) {
            perr_range(p, a->u.call.args.v[a->u.call.args.n - 1], last_comprehension_item(last),
                       "Generator expression must be parenthesized");
            return true;
        }
    }
    if (done(p, start)) return true;

    a = parse_args(p, NULL);
    if (a && accept_op(p, OPK_COMMA)) {
        int after = p->pos;
        Node *e = parse_expression(p);
        Node *last = e ? parse_for_if_clauses(p, &gens) : NULL;
        if (last) {
            perr_range(p, e, last_comprehension_item(last), "Generator expression must be parenthesized");
            return true;
        }
        if (ERR) return true;
        p->pos = after;
        if (parse_args(p, NULL)) {
            bool unpacking = false;
            for (int i = 0; i < a->u.call.keywords.n; i++)
                if (!a->u.call.keywords.v[i]->u.keyword.arg) unpacking = true;
            perr_last(p, unpacking ? "positional argument follows keyword argument unpacking"
                                   : "positional argument follows keyword argument");
            return true;
        }
    }
    return done(p, start);
}

/* invalid_kwarg:
 *     | a=('True'|'False'|'None') b='='
 *     | a=NAME b='=' expression for_if_clauses
 *     | !(NAME '=') a=expression b='=' */
bool invalid_kwarg(Parser *p) {
    int start = p->pos;
    const Token *t = tk(p);
    if ((tok_is_kw(t, KW_TRUE) || tok_is_kw(t, KW_FALSE) || tok_is_kw(t, KW_NONE)) &&
        tok_is_op(tk_ahead(p, 1), OPK_EQUAL)) {
        perr_toks(p, start, start + 1, "cannot assign to %.*s", t->len, t->start);
        return true;
    }
    if (at_name_op(p, OPK_EQUAL)) {
        p->pos += 2;
        NodeList gens;
        if (parse_expression(p) && parse_for_if_clauses(p, &gens)) {
            perr_toks(p, start, start + 1, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
            return true;
        }
        return done(p, start);
    }
    Node *a = parse_expression(p);
    if (a && at_op(p, OPK_EQUAL)) {
        perr_span(p, span_join(a->span, tok_span(p, p->pos)),
                  "expression cannot contain assignment, perhaps you meant \"==\"?");
        return true;
    }
    return done(p, start);
}

/* invalid_group:
 *     | '(' a=starred_expression ')'
 *     | '(' a='**' expression ')' */
bool invalid_group(Parser *p) {
    int start = p->pos;
    if (!accept_op(p, OPK_LPAR)) return false;
    if (at_op(p, OPK_STAR)) {
        Node *a = parse_starred_expression(p);
        if (a && at_op(p, OPK_RPAR)) {
            perr_node(p, a, "cannot use starred expression here");
            return true;
        }
    } else if (at_op(p, OPK_DOUBLESTAR)) {
        int a = p->pos++;
        if (parse_expression(p) && at_op(p, OPK_RPAR)) {
            perr_tok(p, a, "cannot use double starred expression here");
            return true;
        }
    }
    return done(p, start);
}

/* invalid_for_target:
 *     | ASYNC? 'for' a=star_expressions */
bool invalid_for_target(Parser *p) {
    int start = p->pos;
    accept_kw(p, KW_ASYNC);
    if (accept_kw(p, KW_FOR)) {
        Node *a = parse_expressions_star(p);
        if (a && raise_invalid_target(p, FOR_TARGETS, a)) return true;
    }
    return done(p, start);
}

/* invalid_with_item:
 *     | expression 'as' a=expression &(',' | ')' | ':') */
bool invalid_with_item(Parser *p) {
    int start = p->pos;
    if (parse_expression(p) && accept_kw(p, KW_AS)) {
        Node *a = parse_expression(p);
        if (a && (at_op(p, OPK_COMMA) || at_op(p, OPK_RPAR) || at_op(p, OPK_COLON)) &&
            raise_invalid_target(p, STAR_TARGETS, a))
            return true;
    }
    return done(p, start);
}

/* ---- parameters ------------------------------------------------------------- */

typedef enum ParamKind { P_NO_DEFAULT, P_WITH_DEFAULT, P_MAYBE_DEFAULT } ParamKind;

/* param_no_default / param_with_default / param_maybe_default and their
 * lambda forms: the arg, or NULL. */
static Node *param_of(Parser *p, bool lambda, ParamKind k) {
    int start = p->pos;
    Node *a = parse_param(p, lambda, false);
    if (!a) return NULL;
    if (k != P_NO_DEFAULT) {
        Node *d = parse_default(p);
        if (ERR) return NULL;
        if (!d && k == P_WITH_DEFAULT) {
            p->pos = start;
            return NULL;
        }
    }
    if (!parse_param_end(p, lambda)) {
        p->pos = start;
        return NULL;
    }
    return a;
}

/* param_xxx* : the number read */
static int params_of(Parser *p, bool lambda, ParamKind k) {
    int n = 0;
    while (param_of(p, lambda, k)) n++;
    return n;
}

/* slash_no_default: param_no_default+ '/' (',' | &')')
 * slash_with_default: param_no_default* param_with_default+ '/' (',' | &')') */
static bool slash_default(Parser *p, bool lambda, bool with) {
    int start = p->pos;
    int n = params_of(p, lambda, P_NO_DEFAULT);
    if (ERR) return false;
    if (with) n = params_of(p, lambda, P_WITH_DEFAULT);
    if (ERR) return false;
    if (n > 0 && accept_op(p, OPK_SLASH) && parse_param_end(p, lambda)) return true;
    p->pos = start;
    return false;
}

static bool slash_either(Parser *p, bool lambda) {
    return slash_default(p, lambda, false) || (!ERR && slash_default(p, lambda, true));
}

/* invalid_parameters:
 *     | param_no_default* invalid_parameters_helper a=param_no_default
 *     | param_no_default* a='(' param_no_default+ ','? b=')'
 *     | a="/" ','
 *     | (slash_no_default | slash_with_default) param_maybe_default* a='/'
 *     | (slash_no_default | slash_with_default)? param_maybe_default* '*' (',' | param_no_default) param_maybe_default* a='/'
 *     | param_maybe_default+ '/' a='*'
 * invalid_parameters_helper:
 *     | a=slash_with_default
 *     | param_with_default+
 * (and invalid_lambda_parameters, with lambda parameters and
 *  lambda_param_no_default* a='(' ','.lambda_param+ ','? b=')') */
bool invalid_parameters(Parser *p, bool lambda) {
    int start = p->pos;
    /* alt 1 */
    params_of(p, lambda, P_NO_DEFAULT);
    if (ERR) return true;
    int mid = p->pos;
    bool helper = slash_default(p, lambda, true);
    if (!helper && !ERR) {
        p->pos = mid;
        helper = params_of(p, lambda, P_WITH_DEFAULT) > 0;
    }
    if (ERR) return true;
    if (helper) {
        Node *a = param_of(p, lambda, P_NO_DEFAULT);
        if (a) {
            perr_node(p, a, "non-default argument follows default argument");
            return true;
        }
    }
    if (done(p, start)) return true;
    /* alt 2 */
    params_of(p, lambda, P_NO_DEFAULT);
    if (ERR) return true;
    if (at_op(p, OPK_LPAR)) {
        int a = p->pos++;
        int n = 0;
        if (lambda) {
            while (parse_param(p, true, false)) {
                n++;
                if (!accept_op(p, OPK_COMMA)) break;
                if (at_op(p, OPK_RPAR)) break;
            }
        } else {
            n = params_of(p, false, P_NO_DEFAULT);
            accept_op(p, OPK_COMMA);
        }
        if (ERR) return true;
        if (n > 0 && at_op(p, OPK_RPAR)) {
            perr_toks(p, a, p->pos,
                      lambda ? "Lambda expression parameters cannot be parenthesized"
                             : "Function parameters cannot be parenthesized");
            return true;
        }
    }
    if (done(p, start)) return true;
    /* alt 3 */
    if (at_op(p, OPK_SLASH) && tok_is_op(tk_ahead(p, 1), OPK_COMMA)) {
        perr_tok(p, p->pos, "at least one argument must precede /");
        return true;
    }
    /* alt 4 */
    if (slash_either(p, lambda)) {
        params_of(p, lambda, P_MAYBE_DEFAULT);
        if (ERR) return true;
        if (at_op(p, OPK_SLASH)) {
            perr_tok(p, p->pos, "/ may appear only once");
            return true;
        }
    }
    if (done(p, start)) return true;
    /* alt 5 */
    slash_either(p, lambda);
    if (ERR) return true;
    params_of(p, lambda, P_MAYBE_DEFAULT);
    if (ERR) return true;
    if (accept_op(p, OPK_STAR)) {
        if (accept_op(p, OPK_COMMA) || param_of(p, lambda, P_NO_DEFAULT)) {
            params_of(p, lambda, P_MAYBE_DEFAULT);
            if (ERR) return true;
            if (at_op(p, OPK_SLASH)) {
                perr_tok(p, p->pos, "/ must be ahead of *");
                return true;
            }
        }
    }
    if (done(p, start)) return true;
    /* alt 6 */
    if (params_of(p, lambda, P_MAYBE_DEFAULT) > 0 && accept_op(p, OPK_SLASH) && at_op(p, OPK_STAR)) {
        perr_tok(p, p->pos, "expected comma between / and *");
        return true;
    }
    return done(p, start);
}

/* invalid_default:
 *     | a='=' &(')'|',') */
bool invalid_default(Parser *p) {
    if (at_op(p, OPK_EQUAL)) {
        const Token *n = tk_ahead(p, 1);
        if (tok_is_op(n, OPK_RPAR) || tok_is_op(n, OPK_COMMA)) {
            perr_tok(p, p->pos, "expected default value expression");
            return true;
        }
    }
    return false;
}

/* invalid_star_etc:
 *     | a='*' (')' | ',' (')' | '**'))
 *     | '*' ',' TYPE_COMMENT
 *     | '*' param a='='
 *     | '*' (param_no_default | ',') param_maybe_default* a='*' (param_no_default | ',')
 * invalid_lambda_star_etc:
 *     | '*' (':' | ',' (':' | '**'))
 *     | '*' lambda_param a='='
 *     | '*' (lambda_param_no_default | ',') lambda_param_maybe_default* a='*' (lambda_param_no_default | ',') */
bool invalid_star_etc(Parser *p, bool lambda) {
    int start = p->pos;
    if (!at_op(p, OPK_STAR)) return false;
    int close = lambda ? OPK_COLON : OPK_RPAR;
    const Token *n1 = tk_ahead(p, 1);
    if (tok_is_op(n1, close) ||
        (tok_is_op(n1, OPK_COMMA) && (tok_is_op(tk_ahead(p, 2), close) || tok_is_op(tk_ahead(p, 2), OPK_DOUBLESTAR)))) {
        if (lambda) perr_last(p, "named arguments must follow bare *");
        else perr_tok(p, start, "named arguments must follow bare *");
        return true;
    }
    p->pos++;
    if (parse_param(p, lambda, false) && at_op(p, OPK_EQUAL)) {
        perr_tok(p, p->pos, "var-positional argument cannot have default value");
        return true;
    }
    if (done(p, start)) return true;
    p->pos++;
    if (accept_op(p, OPK_COMMA) || param_of(p, lambda, P_NO_DEFAULT)) {
        params_of(p, lambda, P_MAYBE_DEFAULT);
        if (ERR) return true;
        if (at_op(p, OPK_STAR)) {
            int a = p->pos++;
            if (accept_op(p, OPK_COMMA) || param_of(p, lambda, P_NO_DEFAULT)) {
                perr_tok(p, a, "* argument may appear only once");
                return true;
            }
        }
    }
    return done(p, start);
}

/* invalid_kwds:
 *     | '**' param a='='
 *     | '**' param ',' a=param
 *     | '**' param ',' a[Token*]=('*'|'**'|'/')
 * (and invalid_lambda_kwds with lambda_param) */
bool invalid_kwds(Parser *p, bool lambda) {
    int start = p->pos;
    if (!accept_op(p, OPK_DOUBLESTAR)) return false;
    if (parse_param(p, lambda, false)) {
        if (at_op(p, OPK_EQUAL)) {
            perr_tok(p, p->pos, "var-keyword argument cannot have default value");
            return true;
        }
        if (accept_op(p, OPK_COMMA)) {
            Node *a = parse_param(p, lambda, false);
            if (a) {
                perr_node(p, a, "arguments cannot follow var-keyword argument");
                return true;
            }
            if (ERR) return true;
            if (at_op(p, OPK_STAR) || at_op(p, OPK_DOUBLESTAR) || at_op(p, OPK_SLASH)) {
                perr_tok(p, p->pos, "arguments cannot follow var-keyword argument");
                return true;
            }
        }
    }
    return done(p, start);
}

/* ---- statements ------------------------------------------------------------- */

/* invalid_import_from_targets:
 *     | import_from_as_names ',' NEWLINE */
bool invalid_import_from_targets(Parser *p) {
    int start = p->pos;
    bool any = false;
    for (;;) {
        if (!at_name(p)) break;
        any = true;
        p->pos++;
        if (at_kw(p, KW_AS) && tok_is_name(tk_ahead(p, 1))) p->pos += 2;
        if (!(at_op(p, OPK_COMMA) && tok_is_name(tk_ahead(p, 1)))) break;
        p->pos++;
    }
    if (any && accept_op(p, OPK_COMMA) && at_kind(p, TK_NEWLINE)) {
        perr_last(p, "trailing comma not allowed without surrounding parentheses");
        return true;
    }
    return done(p, start);
}

/* NEWLINE !INDENT, raising "expected an indented block after ..." */
static bool newline_no_indent(Parser *p, int start, const char *what, int line) {
    if (accept_kind(p, TK_NEWLINE) && !at_kind(p, TK_INDENT)) {
        perr_last(p, "expected an indented block after %s on line %d", what, line);
        return true;
    }
    return done(p, start);
}

/* expressions:
 *     | expression (',' expression)+ [',']
 *     | expression ','
 *     | expression */
static Node *expressions(Parser *p) {
    Node *a = parse_expression(p);
    if (!a) return NULL;
    while (accept_op(p, OPK_COMMA)) {
        int s = p->pos;
        if (!parse_expression(p)) {
            if (ERR) return NULL;
            p->pos = s;
            break;
        }
    }
    return a;
}

/* ','.(expression ['as' star_target])+  (or with `expressions`) */
static bool with_items_loose(Parser *p, bool multi) {
    int n = 0;
    for (;;) {
        int s = p->pos;
        Node *e = multi ? expressions(p) : parse_expression(p);
        if (!e) {
            if (ERR) return false;
            p->pos = n ? s - 1 : s;
            break;
        }
        n++;
        if (at_kw(p, KW_AS)) {
            int a = p->pos++;
            if (!parse_star_target(p)) {
                if (ERR) return false;
                p->pos = a;
            }
        }
        if (!accept_op(p, OPK_COMMA)) break;
    }
    return n > 0;
}

/* invalid_with_stmt:
 *     | [ASYNC] 'with' ','.(expression ['as' star_target])+ NEWLINE
 *     | [ASYNC] 'with' '(' ','.(expressions ['as' star_target])+ ','? ')' NEWLINE */
bool invalid_with_stmt(Parser *p) {
    int start = p->pos;
    accept_kw(p, KW_ASYNC);
    if (!accept_kw(p, KW_WITH)) return done(p, start);
    int after = p->pos;
    if (with_items_loose(p, false) && at_kind(p, TK_NEWLINE)) {
        perr_last(p, "expected ':'");
        return true;
    }
    if (ERR) return true;
    p->pos = after;
    if (accept_op(p, OPK_LPAR) && with_items_loose(p, true)) {
        accept_op(p, OPK_COMMA);
        if (accept_op(p, OPK_RPAR) && at_kind(p, TK_NEWLINE)) {
            perr_last(p, "expected ':'");
            return true;
        }
    }
    return done(p, start);
}

/* invalid_with_stmt_indent:
 *     | [ASYNC] a='with' ','.(expression ['as' star_target])+ ':' NEWLINE !INDENT
 *     | [ASYNC] a='with' '(' ','.(expressions ['as' star_target])+ ','? ')' ':' NEWLINE !INDENT */
bool invalid_with_stmt_indent(Parser *p) {
    int start = p->pos;
    accept_kw(p, KW_ASYNC);
    int w = p->pos;
    if (!accept_kw(p, KW_WITH)) return done(p, start);
    int line = tok_at(p, w)->line;
    if (with_items_loose(p, false) && accept_op(p, OPK_COLON) &&
        newline_no_indent(p, start, "'with' statement", line))
        return true;
    if (ERR) return true;
    p->pos = w + 1;
    if (accept_op(p, OPK_LPAR) && with_items_loose(p, true)) {
        accept_op(p, OPK_COMMA);
        if (accept_op(p, OPK_RPAR) && accept_op(p, OPK_COLON) &&
            newline_no_indent(p, start, "'with' statement", line))
            return true;
    }
    return done(p, start);
}

/* invalid_for_stmt:
 *     | [ASYNC] 'for' star_targets 'in' star_expressions NEWLINE
 *     | [ASYNC] a='for' star_targets 'in' star_expressions ':' NEWLINE !INDENT */
bool invalid_for_stmt(Parser *p) {
    int start = p->pos;
    accept_kw(p, KW_ASYNC);
    int f = p->pos;
    if (accept_kw(p, KW_FOR) && parse_star_targets(p) && accept_kw(p, KW_IN) && parse_expressions_star(p)) {
        if (at_kind(p, TK_NEWLINE)) {
            perr_last(p, "expected ':'");
            return true;
        }
        if (accept_op(p, OPK_COLON) && newline_no_indent(p, start, "'for' statement", tok_at(p, f)->line))
            return true;
    }
    return done(p, start);
}

/* invalid_while_stmt / invalid_if_stmt / invalid_elif_stmt:
 *     | KW named_expression NEWLINE
 *     | a=KW named_expression ':' NEWLINE !INDENT */
static bool invalid_cond_stmt(Parser *p, int kw, const char *what) {
    int start = p->pos;
    if (!accept_kw(p, kw)) return false;
    Node *e = parse_named_expression(p);
    if (e) {
        if (at_kind(p, TK_NEWLINE)) {
            perr_last(p, "expected ':'");
            return true;
        }
        /* invalid_if_stmt names the expression's line (a='if' a=...). */
        int line = kw == KW_IF ? e->span.line : tok_at(p, start)->line;
        if (accept_op(p, OPK_COLON) && newline_no_indent(p, start, what, line)) return true;
    }
    return done(p, start);
}

bool invalid_while_stmt(Parser *p) { return invalid_cond_stmt(p, KW_WHILE, "'while' statement"); }
bool invalid_if_stmt(Parser *p) { return invalid_cond_stmt(p, KW_IF, "'if' statement"); }
bool invalid_elif_stmt(Parser *p) { return invalid_cond_stmt(p, KW_ELIF, "'elif' statement"); }

/* invalid_else_stmt:
 *     | a='else' ':' NEWLINE !INDENT */
bool invalid_else_stmt(Parser *p) {
    int start = p->pos;
    if (accept_kw(p, KW_ELSE) && accept_op(p, OPK_COLON))
        return newline_no_indent(p, start, "'else' statement", tok_at(p, start)->line);
    return done(p, start);
}

/* invalid_finally_stmt:
 *     | a='finally' ':' NEWLINE !INDENT */
bool invalid_finally_stmt(Parser *p) {
    int start = p->pos;
    if (accept_kw(p, KW_FINALLY) && accept_op(p, OPK_COLON))
        return newline_no_indent(p, start, "'finally' statement", tok_at(p, start)->line);
    return done(p, start);
}

/* ['as' NAME] */
static void opt_as_name(Parser *p) {
    if (at_kw(p, KW_AS) && tok_is_name(tk_ahead(p, 1))) p->pos += 2;
}

/* invalid_try_stmt:
 *     | a='try' ':' NEWLINE !INDENT
 *     | 'try' ':' block !('except' | 'finally')
 *     | 'try' ':' block* except_block+ a='except' b='*' expression ['as' NAME] ':'
 *     | 'try' ':' block* except_star_block+ a='except' [expression ['as' NAME]] ':' */
bool invalid_try_stmt(Parser *p) {
    int start = p->pos;
    if (!accept_kw(p, KW_TRY) || !accept_op(p, OPK_COLON)) return done(p, start);
    int body = p->pos;
    if (newline_no_indent(p, start, "'try' statement", tok_at(p, start)->line)) return true;
    p->pos = body;
    bool ok;
    parse_block(p, &ok);
    if (ok && !at_kw(p, KW_EXCEPT) && !at_kw(p, KW_FINALLY)) {
        perr_last(p, "expected 'except' or 'finally' block");
        return true;
    }
    if (ERR) return true;
    for (int star = 0; star < 2; star++) {
        p->pos = body;
        for (;;) {
            parse_block(p, &ok);
            if (!ok) break;
        }
        if (ERR) return true;
        int n = 0;
        while (parse_except_block(p, star)) n++;
        if (ERR) return true;
        if (n == 0 || !at_kw(p, KW_EXCEPT)) continue;
        int a = p->pos++;
        if (!star) {
            if (!at_op(p, OPK_STAR)) continue;
            int b = p->pos++;
            if (!parse_expression(p)) {
                if (ERR) return true;
                continue;
            }
            opt_as_name(p);
            if (at_op(p, OPK_COLON)) {
                perr_toks(p, a, b, "cannot have both 'except' and 'except*' on the same 'try'");
                return true;
            }
        } else {
            int s = p->pos;
            if (parse_expression(p)) opt_as_name(p);
            else if (ERR) return true;
            else p->pos = s;
            if (at_op(p, OPK_COLON)) {
                perr_tok(p, a, "cannot have both 'except' and 'except*' on the same 'try'");
                return true;
            }
        }
    }
    return done(p, start);
}

/* invalid_except_stmt:
 *     | 'except' '*'? a=expression ',' expressions ['as' NAME ] ':'
 *     | a='except' '*'? expression ['as' NAME ] NEWLINE
 *     | a='except' NEWLINE
 *     | a='except' '*' (NEWLINE | ':') */
bool invalid_except_stmt(Parser *p) {
    int start = p->pos;
    if (!accept_kw(p, KW_EXCEPT)) return false;
    int after = p->pos;
    accept_op(p, OPK_STAR);
    Node *a = parse_expression(p);
    if (a && accept_op(p, OPK_COMMA) && expressions(p)) {
        opt_as_name(p);
        if (at_op(p, OPK_COLON)) {
            perr_from(p, a, "multiple exception types must be parenthesized");
            return true;
        }
    }
    if (ERR) return true;
    p->pos = after;
    accept_op(p, OPK_STAR);
    if (parse_expression(p)) {
        opt_as_name(p);
        if (at_kind(p, TK_NEWLINE)) {
            perr_last(p, "expected ':'");
            return true;
        }
    }
    if (ERR) return true;
    p->pos = after;
    if (at_kind(p, TK_NEWLINE)) {
        perr_last(p, "expected ':'");
        return true;
    }
    if (accept_op(p, OPK_STAR) && (at_kind(p, TK_NEWLINE) || at_op(p, OPK_COLON))) {
        perr_last(p, "expected one or more exception types");
        return true;
    }
    return done(p, start);
}

/* invalid_except_stmt_indent:
 *     | a='except' expression ['as' NAME ] ':' NEWLINE !INDENT
 *     | a='except' ':' NEWLINE !INDENT */
bool invalid_except_stmt_indent(Parser *p) {
    int start = p->pos;
    if (!accept_kw(p, KW_EXCEPT)) return false;
    int line = tok_at(p, start)->line;
    if (parse_expression(p)) {
        opt_as_name(p);
        if (accept_op(p, OPK_COLON) && newline_no_indent(p, start, "'except' statement", line)) return true;
    }
    if (ERR) return true;
    p->pos = start + 1;
    if (accept_op(p, OPK_COLON)) return newline_no_indent(p, start, "'except' statement", line);
    return done(p, start);
}

/* invalid_except_star_stmt_indent:
 *     | a='except' '*' expression ['as' NAME ] ':' NEWLINE !INDENT */
bool invalid_except_star_stmt_indent(Parser *p) {
    int start = p->pos;
    if (accept_kw(p, KW_EXCEPT) && accept_op(p, OPK_STAR) && parse_expression(p)) {
        opt_as_name(p);
        if (accept_op(p, OPK_COLON))
            return newline_no_indent(p, start, "'except*' statement", tok_at(p, start)->line);
    }
    return done(p, start);
}

/* invalid_def_raw:
 *     | [ASYNC] a='def' NAME '(' [params] ')' ['->' expression] ':' NEWLINE !INDENT */
bool invalid_def_raw(Parser *p) {
    int start = p->pos;
    accept_kw(p, KW_ASYNC);
    int d = p->pos;
    if (accept_kw(p, KW_DEF) && at_name(p) && (p->pos++, accept_op(p, OPK_LPAR))) {
        if (!at_op(p, OPK_RPAR)) parse_params(p);
        if (ERR) return true;
        if (accept_op(p, OPK_RPAR)) {
            if (accept_op(p, OPK_ARROW) && !parse_expression(p)) {
                if (ERR) return true;
                p->pos--;
            }
            if (accept_op(p, OPK_COLON))
                return newline_no_indent(p, start, "function definition", tok_at(p, d)->line);
        }
    }
    return done(p, start);
}

/* invalid_class_def_raw:
 *     | 'class' NAME ['(' [arguments] ')'] NEWLINE
 *     | a='class' NAME ['(' [arguments] ')'] ':' NEWLINE !INDENT */
bool invalid_class_def_raw(Parser *p) {
    int start = p->pos;
    if (accept_kw(p, KW_CLASS) && at_name(p)) {
        p->pos++;
        if (at_op(p, OPK_LPAR)) {
            int s = p->pos++;
            if (!at_op(p, OPK_RPAR)) parse_arguments(p);
            if (ERR) return true;
            if (!accept_op(p, OPK_RPAR)) p->pos = s;
        }
        if (at_kind(p, TK_NEWLINE)) {
            perr_last(p, "expected ':'");
            return true;
        }
        if (accept_op(p, OPK_COLON))
            return newline_no_indent(p, start, "class definition", tok_at(p, start)->line);
    }
    return done(p, start);
}
