/* parse_expr.c - expressions, call arguments, comprehensions, lambdas,
 * parameters and assignment targets (Grammar/python.gram, EXPRESSIONS to
 * ASSIGNMENT TARGETS).
 *
 * Every rule returns its node, or NULL with p->pos back where it started
 * (a PEG failure), or NULL with p->st->error set (an error was raised: the
 * whole parse unwinds).  Spans are CPython's EXTRA: from the first token of
 * the rule to the last token it consumed (span_here), so `(a) + b` starts at
 * the parenthesis while the Name `a` does not include it.
 *
 * Where the grammar tries alternatives with a common prefix, the prefix is
 * parsed once (see parse_int.h); targets are parsed as primaries or
 * expressions and then checked and given their Store/Del context by the
 * to_* converters at the end of this file, which accept exactly what the
 * target rules of the grammar accept.
 */
#include "parse_int.h"

#include <string.h>

#define ERR (p->st->error)

static Node *expression_raw(Parser *p);
static Node *lambdef(Parser *p);
static Node *conjunction(Parser *p);
static Node *inversion(Parser *p);
static Node *comparison(Parser *p);
static Node *bitwise_xor(Parser *p);
static Node *bitwise_and(Parser *p);
static Node *shift_expr(Parser *p);
static Node *sum(Parser *p);
static Node *term(Parser *p);
static Node *factor(Parser *p);
static Node *power(Parser *p);
static Node *await_primary(Parser *p);
static Node *slice(Parser *p);
static Node *parameters(Parser *p, bool lambda);

static bool at_for(Parser *p) {
    const Token *t = tk(p);
    if (t->kind != TK_NAME) return false;
    if (t->kw == KW_FOR) return true;
    return t->kw == KW_ASYNC && tok_is_kw(tk_ahead(p, 1), KW_FOR);
}

static Node *mk_tuple(Parser *p, int start, int mark, ExprCtx ctx) {
    Node *t = mk(p, N_TUPLE, start);
    t->u.seq.elts = ltake(p, mark);
    t->u.seq.ctx = ctx;
    return t;
}

/* ---- expression lists ------------------------------------------------------- */

/* star_expressions:
 *     | star_expression (',' star_expression)+ [',']
 *     | star_expression ','
 *     | star_expression */
static Node *star_expressions_raw(Parser *p) {
    int start = p->pos;
    Node *a = parse_star_expression(p);
    if (!a) return NULL;
    if (!at_op(p, OPK_COMMA)) return a;
    int m = lmark(p);
    lpush(p, a);
    while (accept_op(p, OPK_COMMA)) {
        int save = p->pos;
        Node *b = parse_star_expression(p);
        if (!b) {
            if (ERR) return NULL;
            p->pos = save;
            break;
        }
        lpush(p, b);
    }
    return mk_tuple(p, start, m, CTX_LOAD);
}

Node *parse_expressions_star(Parser *p) { return star_expressions_raw(p); }

/* star_expression (memo):
 *     | '*' bitwise_or
 *     | expression */
static Node *star_expression_raw(Parser *p) {
    if (at_op(p, OPK_STAR)) {
        int start = p->pos++;
        Node *a = parse_bitwise_or(p);
        if (!a) {
            p->pos = start;
            return NULL;
        }
        Node *n = mk(p, N_STARRED, start);
        n->u.starred.value = a;
        n->u.starred.ctx = CTX_LOAD;
        return n;
    }
    return parse_expression(p);
}

Node *parse_star_expression(Parser *p) { MEMO_RULE(p, MEMO_STAR_EXPRESSION, star_expression_raw(p)); }

/* star_named_expression:
 *     | '*' bitwise_or
 *     | named_expression */
Node *parse_star_named_expression(Parser *p) {
    if (at_op(p, OPK_STAR)) return parse_star_expression(p);
    return parse_named_expression(p);
}

/* assignment_expression:
 *     | NAME ':=' ~ expression
 * (called with NAME ':=' ahead) */
static Node *assignment_expression(Parser *p) {
    int start = p->pos;
    const Token *t = tk(p);
    p->pos += 2;
    Node *b = parse_expression(p);
    if (!b) {
        p->pos = start;
        return NULL;
    }
    Node *n = mk(p, N_NAMED_EXPR, start);
    n->u.named.target = mk_name(p, t, CTX_STORE);
    n->u.named.value = b;
    return n;
}

/* named_expression:
 *     | assignment_expression
 *     | invalid_named_expression
 *     | expression !':=' */
static Node *named_expression_raw(Parser *p) {
    int start = p->pos;
    if (at_name_op(p, OPK_COLONEQUAL)) return assignment_expression(p);
    if (invalid_on(p) && invalid_named_expression(p)) return NULL;
    Node *e = parse_expression(p);
    if (!e) return NULL;
    if (at_op(p, OPK_COLONEQUAL)) {
        p->pos = start;
        return NULL;
    }
    return e;
}

Node *parse_named_expression(Parser *p) { return named_expression_raw(p); }

/* The element of a generator expression or a positional argument:
 *     (assignment_expression | expression !':=') */
static Node *genexp_element(Parser *p) {
    int start = p->pos;
    if (at_name_op(p, OPK_COLONEQUAL)) return assignment_expression(p);
    Node *e = parse_expression(p);
    if (!e) return NULL;
    if (at_op(p, OPK_COLONEQUAL)) {
        p->pos = start;
        return NULL;
    }
    return e;
}

/* ---- expression ------------------------------------------------------------- */

/* expression (memo):
 *     | invalid_expression
 *     | invalid_legacy_expression
 *     | disjunction 'if' disjunction 'else' expression
 *     | disjunction
 *     | lambdef */
static Node *expression_raw(Parser *p) {
    if (invalid_on(p) && (invalid_expression(p) || invalid_legacy_expression(p))) return NULL;
    if (at_kw(p, KW_LAMBDA)) return lambdef(p);
    int start = p->pos;
    Node *a = parse_disjunction(p);
    if (!a || !at_kw(p, KW_IF)) return a;
    int save = p->pos++;
    Node *b = parse_disjunction(p);
    if (b && accept_kw(p, KW_ELSE)) {
        Node *c = parse_expression(p);
        if (c) {
            Node *n = mk(p, N_IF_EXP, start);
            n->u.ifexp.test = b;
            n->u.ifexp.body = a;
            n->u.ifexp.orelse = c;
            return n;
        }
    }
    if (ERR) return NULL;
    p->pos = save;
    return a;
}

Node *parse_expression(Parser *p) {
    if (!enter(p)) return NULL;
    Node *r;
    if (!p->st->second_pass) {
        r = expression_raw(p);
    } else {
        int start = p->pos;
        if (!memo_get(p, MEMO_EXPRESSION, start, &r)) {
            r = expression_raw(p);
            memo_put(p, MEMO_EXPRESSION, start, r);
        }
    }
    leave(p);
    return r;
}

/* expression_without_invalid:
 *     | disjunction 'if' disjunction 'else' expression
 *     | disjunction
 *     | lambdef
 * (expression with the invalid_* rules switched off below it) */
Node *parse_expression_without_invalid(Parser *p) {
    bool saved = p->st->call_invalid;
    p->st->call_invalid = false;
    if (!enter(p)) {
        p->st->call_invalid = saved;
        return NULL;
    }
    Node *r = expression_raw(p);
    leave(p);
    p->st->call_invalid = saved;
    return r;
}

/* yield_expr:
 *     | 'yield' 'from' expression
 *     | 'yield' [star_expressions] */
Node *parse_yield_expr(Parser *p) {
    int start = p->pos;
    if (!accept_kw(p, KW_YIELD)) return NULL;
    if (at_kw(p, KW_FROM)) {
        int save = p->pos++;
        Node *e = parse_expression(p);
        if (e) {
            Node *n = mk(p, N_YIELD_FROM, start);
            n->u.expr.value = e;
            return n;
        }
        if (ERR) return NULL;
        p->pos = save;
    }
    Node *v = parse_expressions_star(p);
    if (ERR) return NULL;
    Node *n = mk(p, N_YIELD, start);
    n->u.expr.value = v;
    return n;
}

/* annotated_rhs: yield_expr | star_expressions */
Node *parse_annotated_rhs(Parser *p) {
    if (at_kw(p, KW_YIELD)) return parse_yield_expr(p);
    return parse_expressions_star(p);
}

/* ---- boolean operators ------------------------------------------------------ */

static Node *boolop(Parser *p, int start, BoolOpKind op, Node *(*operand)(Parser *), int kw) {
    Node *a = operand(p);
    if (!a || !at_kw(p, kw)) return a;
    int m = lmark(p);
    lpush(p, a);
    while (at_kw(p, kw)) {
        int save = p->pos++;
        Node *b = operand(p);
        if (!b) {
            if (ERR) return NULL;
            p->pos = save;
            break;
        }
        lpush(p, b);
    }
    if (lmark(p) - m == 1) {
        ldrop(p, m);
        return a;
    }
    Node *n = mk(p, N_BOOL_OP, start);
    n->u.boolop.op = op;
    n->u.boolop.values = ltake(p, m);
    return n;
}

/* disjunction (memo):
 *     | conjunction ('or' conjunction)+
 *     | conjunction */
static Node *disjunction_raw(Parser *p) { return boolop(p, p->pos, BOOL_OR, conjunction, KW_OR); }

Node *parse_disjunction(Parser *p) { MEMO_RULE(p, MEMO_DISJUNCTION, disjunction_raw(p)); }

/* conjunction (memo):
 *     | inversion ('and' inversion)+
 *     | inversion */
static Node *conjunction(Parser *p) { MEMO_RULE(p, MEMO_CONJUNCTION, boolop(p, p->pos, BOOL_AND, inversion, KW_AND)); }

/* inversion (memo):
 *     | 'not' inversion
 *     | comparison */
static Node *inversion_raw(Parser *p) {
    if (!at_kw(p, KW_NOT)) return comparison(p);
    int start = p->pos++;
    if (!enter(p)) return NULL;
    Node *a = inversion(p);
    leave(p);
    if (!a) {
        p->pos = start;
        return NULL;
    }
    Node *n = mk(p, N_UNARY_OP, start);
    n->u.unary.op = UOP_NOT;
    n->u.unary.operand = a;
    return n;
}

static Node *inversion(Parser *p) { MEMO_RULE(p, MEMO_INVERSION, inversion_raw(p)); }

/* ---- comparisons ------------------------------------------------------------ */

/* compare_op_bitwise_or_pair's operators; consumes them, or returns -1.
 *     '==' | '!=' | '<=' | '<' | '>=' | '>' | 'not' 'in' | 'in' | 'is' 'not' | 'is' */
static int compare_op(Parser *p) {
    const Token *t = tk(p);
    if (t->kind == TK_OP) {
        int op;
        switch (t->op) {
        case OPK_EQEQUAL: op = CMP_EQ; break;
        case OPK_NOTEQUAL:
            /* `<>` is tokenized as NOTEQUAL; without barry_as_FLUFL the
             * grammar rejects it (_PyPegen_check_barry_as_flufl). */
            if (t->len != 2 || t->start[0] != '!') return -1;
            op = CMP_NOTEQ;
            break;
        case OPK_LESSEQUAL: op = CMP_LTE; break;
        case OPK_LESS: op = CMP_LT; break;
        case OPK_GREATEREQUAL: op = CMP_GTE; break;
        case OPK_GREATER: op = CMP_GT; break;
        default: return -1;
        }
        p->pos++;
        return op;
    }
    if (t->kind != TK_NAME) return -1;
    if (t->kw == KW_IN) {
        p->pos++;
        return CMP_IN;
    }
    if (t->kw == KW_NOT) {
        if (!tok_is_kw(tk_ahead(p, 1), KW_IN)) return -1;
        p->pos += 2;
        return CMP_NOTIN;
    }
    if (t->kw == KW_IS) {
        if (tok_is_kw(tk_ahead(p, 1), KW_NOT)) {
            p->pos += 2;
            return CMP_ISNOT;
        }
        p->pos++;
        return CMP_IS;
    }
    return -1;
}

/* comparison:
 *     | bitwise_or compare_op_bitwise_or_pair+
 *     | bitwise_or */
static Node *comparison(Parser *p) {
    int start = p->pos;
    Node *a = parse_bitwise_or(p);
    if (!a) return NULL;
    ParseState *st = p->st;
    int m = lmark(p), mi = st->ints.n;
    for (;;) {
        int save = p->pos;
        int op = compare_op(p);
        if (op < 0) break;
        Node *b = parse_bitwise_or(p);
        if (!b && op == CMP_ISNOT && !ERR) {
            /* is_bitwise_or after isnot_bitwise_or failed: 'is' bitwise_or
             * can only fail at 'not' as well, but look as CPython does. */
            p->pos = save + 1;
            b = parse_bitwise_or(p);
            op = CMP_IS;
        }
        if (!b) {
            if (ERR) return NULL;
            p->pos = save;
            break;
        }
        lpush(p, b);
        vec_push(&st->ints, op);
    }
    if (lmark(p) == m) return a;
    Node *n = mk(p, N_COMPARE, start);
    int k = st->ints.n - mi;
    n->u.compare.left = a;
    n->u.compare.ops = palloc(p, (size_t)k * sizeof(CmpOpKind));
    for (int i = 0; i < k; i++) n->u.compare.ops[i] = (CmpOpKind)st->ints.v[mi + i];
    st->ints.n = mi;
    n->u.compare.comparators = ltake(p, m);
    return n;
}

/* ---- binary operators ------------------------------------------------------- */

static Node *mk_binop(Parser *p, int start, Node *a, BinOpKind op, Node *b) {
    Node *n = mk(p, N_BIN_OP, start);
    n->u.binop.left = a;
    n->u.binop.op = op;
    n->u.binop.right = b;
    return n;
}

/* Maps the operator token at the current position through `ops` (pairs of
 * OpKind and BinOpKind, ending with -1), or returns -1. */
static int binop_at(Parser *p, const int *ops) {
    const Token *t = tk(p);
    if (t->kind != TK_OP) return -1;
    for (int i = 0; ops[i] >= 0; i += 2)
        if (t->op == ops[i]) return ops[i + 1];
    return -1;
}

/* A left-recursive level `a=level op b=next` as a loop. */
static Node *binop_level(Parser *p, Node *(*next)(Parser *), const int *ops) {
    int start = p->pos;
    Node *a = next(p);
    if (!a) return NULL;
    int links = 0;
    for (;;) {
        int op = binop_at(p, ops);
        if (op < 0) break;
        int save = p->pos++;
        Node *b = next(p);
        if (!b) {
            if (ERR) return NULL;
            p->pos = save;
            break;
        }
        if (!chain_ok(p, ++links)) return NULL;
        a = mk_binop(p, start, a, (BinOpKind)op, b);
    }
    return a;
}

/* bitwise_or:
 *     | bitwise_or '|' bitwise_xor
 *     | bitwise_xor */
static Node *bitwise_or_raw(Parser *p) {
    static const int ops[] = {OPK_VBAR, OP_BITOR, -1};
    return binop_level(p, bitwise_xor, ops);
}

Node *parse_bitwise_or(Parser *p) { MEMO_RULE(p, MEMO_BITWISE_OR, bitwise_or_raw(p)); }

/* bitwise_xor:
 *     | bitwise_xor '^' bitwise_and
 *     | bitwise_and */
static Node *bitwise_xor(Parser *p) {
    static const int ops[] = {OPK_CIRCUMFLEX, OP_BITXOR, -1};
    MEMO_RULE(p, MEMO_BITWISE_XOR, binop_level(p, bitwise_and, ops));
}

/* bitwise_and:
 *     | bitwise_and '&' shift_expr
 *     | shift_expr */
static Node *bitwise_and(Parser *p) {
    static const int ops[] = {OPK_AMPER, OP_BITAND, -1};
    MEMO_RULE(p, MEMO_BITWISE_AND, binop_level(p, shift_expr, ops));
}

/* shift_expr:
 *     | shift_expr '<<' sum
 *     | shift_expr '>>' sum
 *     | sum */
static Node *shift_expr(Parser *p) {
    static const int ops[] = {OPK_LEFTSHIFT, OP_LSHIFT, OPK_RIGHTSHIFT, OP_RSHIFT, -1};
    MEMO_RULE(p, MEMO_SHIFT_EXPR, binop_level(p, sum, ops));
}

/* sum:
 *     | sum '+' term
 *     | sum '-' term
 *     | term */
static Node *sum(Parser *p) {
    static const int ops[] = {OPK_PLUS, OP_ADD, OPK_MINUS, OP_SUB, -1};
    MEMO_RULE(p, MEMO_SUM, binop_level(p, term, ops));
}

/* term:
 *     | term '*' factor
 *     | term '/' factor
 *     | term '//' factor
 *     | term '%' factor
 *     | term '@' factor
 *     | factor */
static Node *term(Parser *p) {
    static const int ops[] = {OPK_STAR, OP_MULT, OPK_SLASH, OP_DIV, OPK_DOUBLESLASH, OP_FLOORDIV,
                              OPK_PERCENT, OP_MOD, OPK_AT, OP_MATMULT, -1};
    MEMO_RULE(p, MEMO_TERM, binop_level(p, factor, ops));
}

/* factor (memo):
 *     | '+' factor
 *     | '-' factor
 *     | '~' factor
 *     | power */
static Node *factor_raw(Parser *p) {
    const Token *t = tk(p);
    UnaryOpKind op;
    if (tok_is_op(t, OPK_PLUS)) op = UOP_UADD;
    else if (tok_is_op(t, OPK_MINUS)) op = UOP_USUB;
    else if (tok_is_op(t, OPK_TILDE)) op = UOP_INVERT;
    else return power(p);
    int start = p->pos++;
    if (!enter(p)) return NULL;
    Node *a = factor(p);
    leave(p);
    if (!a) {
        p->pos = start;
        return NULL;
    }
    Node *n = mk(p, N_UNARY_OP, start);
    n->u.unary.op = op;
    n->u.unary.operand = a;
    return n;
}

static Node *factor(Parser *p) { MEMO_RULE(p, MEMO_FACTOR, factor_raw(p)); }

/* power:
 *     | await_primary '**' factor
 *     | await_primary */
static Node *power(Parser *p) {
    int start = p->pos;
    Node *a = await_primary(p);
    if (!a || !at_op(p, OPK_DOUBLESTAR)) return a;
    int save = p->pos++;
    if (!enter(p)) return NULL;
    Node *b = factor(p);
    leave(p);
    if (!b) {
        if (ERR) return NULL;
        p->pos = save;
        return a;
    }
    return mk_binop(p, start, a, OP_POW, b);
}

/* await_primary (memo):
 *     | AWAIT primary
 *     | primary */
static Node *await_primary_raw(Parser *p) {
    if (!at_kw(p, KW_AWAIT)) return parse_primary(p);
    int start = p->pos++;
    Node *a = parse_primary(p);
    if (!a) {
        p->pos = start;
        return NULL;
    }
    Node *n = mk(p, N_AWAIT, start);
    n->u.expr.value = a;
    return n;
}

static Node *await_primary(Parser *p) { MEMO_RULE(p, MEMO_AWAIT_PRIMARY, await_primary_raw(p)); }

/* ---- primaries ---------------------------------------------------------------- */

static Node *mk_call(Parser *p, int start, Node *func, NodeList args, NodeList keywords) {
    Node *n = mk(p, N_CALL, start);
    n->u.call.func = func;
    n->u.call.args = args;
    n->u.call.keywords = keywords;
    return n;
}

static Node *arguments_first(Parser *p, int start, Node *first);

/* The call forms of primary, at '(':
 *     | primary genexp
 *     | primary '(' [arguments] ')'
 * genexp: '(' (assignment_expression | expression !':=') for_if_clauses ')' */
static Node *call_trailer(Parser *p, int start, Node *func) {
    static const NodeList none = {NULL, 0};
    int lpar = p->pos++;
    if (accept_op(p, OPK_RPAR)) return mk_call(p, start, func, none, none);
    Node *first = NULL;
    bool plain = !at_op(p, OPK_STAR) && !at_op(p, OPK_DOUBLESTAR) && !at_name_op(p, OPK_EQUAL);
    if (plain || p->st->second_pass) {
        first = genexp_element(p);
        if (first && at_for(p)) {
            NodeList gens;
            if (parse_for_if_clauses(p, &gens) && at_op(p, OPK_RPAR)) {
                p->pos++;
                Node *g = mk(p, N_GENERATOR_EXP, lpar);
                g->u.comp.elt = first;
                g->u.comp.generators = gens;
                return mk_call(p, start, func, list_of1(p, g), none);
            }
            first = NULL;
        }
        if (ERR) return NULL;
        if (p->st->second_pass) {
            /* Pass 2 follows the grammar: genexp's invalid_comprehension,
             * then arguments from the parenthesis (memoised). */
            first = NULL;
            p->pos = lpar;
            if (invalid_on(p) && invalid_comprehension(p)) return NULL;
        }
        if (!first || at_op(p, OPK_EQUAL)) {
            /* In pass 1 arguments would fail on this item just the same:
             * do not parse it again (nested calls would make that
             * exponential). */
            if (!p->st->second_pass) {
                p->pos = lpar;
                return NULL;
            }
            first = NULL;
            p->pos = lpar + 1;
        }
    }
    Node *a = first ? arguments_first(p, lpar + 1, first) : parse_arguments(p);
    if (!a || !accept_op(p, OPK_RPAR)) {
        if (ERR) return NULL;
        p->pos = lpar;
        return NULL;
    }
    return mk_call(p, start, func, a->u.call.args, a->u.call.keywords);
}

/* primary:
 *     | primary '.' NAME
 *     | primary genexp
 *     | primary '(' [arguments] ')'
 *     | primary '[' slices ']'
 *     | atom */
static Node *primary_raw(Parser *p) {
    int start = p->pos;
    Node *a = parse_atom(p);
    if (!a) return NULL;
    int links = 0;
    for (;;) {
        const Token *t = tk(p);
        if (t->kind != TK_OP) break;
        /* primary genexp, whose invalid_comprehension also takes '[' and
         * '{': in pass 2 `x {a b}` is an error inside the braces. */
        if ((t->op == OPK_LSQB || t->op == OPK_LBRACE) && invalid_on(p) && invalid_comprehension(p))
            return NULL;
        if (t->op == OPK_DOT) {
            const Token *nt = tk_ahead(p, 1);
            if (!tok_is_name(nt)) break;
            p->pos += 2;
            Node *n = mk(p, N_ATTRIBUTE, start);
            n->u.attribute.value = a;
            n->u.attribute.attr = nt->name;
            n->u.attribute.ctx = CTX_LOAD;
            a = n;
        } else if (t->op == OPK_LPAR) {
            Node *c = call_trailer(p, start, a);
            if (!c) {
                if (ERR) return NULL;
                break;
            }
            a = c;
        } else if (t->op == OPK_LSQB) {
            int save = p->pos++;
            Node *s = parse_slices(p);
            if (!s || !accept_op(p, OPK_RSQB)) {
                if (ERR) return NULL;
                p->pos = save;
                break;
            }
            Node *n = mk(p, N_SUBSCRIPT, start);
            n->u.subscript.value = a;
            n->u.subscript.slice = s;
            n->u.subscript.ctx = CTX_LOAD;
            a = n;
        } else {
            break;
        }
        if (!chain_ok(p, ++links)) return NULL;
    }
    return a;
}

Node *parse_primary(Parser *p) { MEMO_RULE(p, MEMO_PRIMARY, primary_raw(p)); }

/* ---- slices ------------------------------------------------------------------- */

/* slices:
 *     | slice !','
 *     | ','.(slice | starred_expression)+ [','] */
static Node *slices_raw(Parser *p) {
    int start = p->pos;
    bool starred = at_op(p, OPK_STAR);
    Node *a = starred ? parse_starred_expression(p) : slice(p);
    if (!a) return NULL;
    if (!starred && !at_op(p, OPK_COMMA)) return a;
    int m = lmark(p);
    lpush(p, a);
    while (accept_op(p, OPK_COMMA)) {
        int save = p->pos;
        Node *b = at_op(p, OPK_STAR) ? parse_starred_expression(p) : slice(p);
        if (!b) {
            if (ERR) return NULL;
            p->pos = save;
            break;
        }
        lpush(p, b);
    }
    return mk_tuple(p, start, m, CTX_LOAD);
}

Node *parse_slices(Parser *p) { return slices_raw(p); }

/* slice:
 *     | [expression] ':' [expression] [':' [expression]]
 *     | named_expression */
static Node *slice(Parser *p) {
    int start = p->pos;
    Node *lower = NULL;
    if (!at_op(p, OPK_COLON)) {
        lower = parse_expression(p);
        if (ERR) return NULL;
        if (!lower || !at_op(p, OPK_COLON)) {
            /* named_expression: in pass 1 the expression just read is its
             * result, or its failure (a NAME ':=' aside). */
            if (!p->st->second_pass && !at_op(p, OPK_COLONEQUAL)) return lower;
            if (!p->st->second_pass && !lower && !at_name_op(p, OPK_COLONEQUAL)) return NULL;
            p->pos = start;
            return parse_named_expression(p);
        }
    }
    p->pos++;
    Node *upper = parse_expression(p);
    if (ERR) return NULL;
    Node *step = NULL;
    if (accept_op(p, OPK_COLON)) {
        step = parse_expression(p);
        if (ERR) return NULL;
    }
    Node *n = mk(p, N_SLICE, start);
    n->u.slice.lower = lower;
    n->u.slice.upper = upper;
    n->u.slice.step = step;
    return n;
}

/* starred_expression:
 *     | '*' expression */
Node *parse_starred_expression(Parser *p) {
    int start = p->pos;
    if (!accept_op(p, OPK_STAR)) return NULL;
    Node *a = parse_expression(p);
    if (!a) {
        p->pos = start;
        return NULL;
    }
    Node *n = mk(p, N_STARRED, start);
    n->u.starred.value = a;
    n->u.starred.ctx = CTX_LOAD;
    return n;
}

/* ---- atoms -------------------------------------------------------------------- */

/* strings (memo): STRING+ */
Node *parse_strings(Parser *p) {
    int start = p->pos;
    Node *r;
    bool memo = p->st->second_pass;
    if (memo && memo_get(p, MEMO_STRINGS, start, &r)) return r;
    int n = 0;
    while (tk_ahead(p, n)->kind == TK_STRING) n++;
    if (n == 0 || ERR) return NULL;
    r = strings_parse(p, start, n);
    if (!r) {
        ParseState *st = p->st;
        if (!st->error) {
            st->error = true;
            st->err_in_sink = true;
            st->err_pass1 = !st->second_pass;
        }
        return NULL;
    }
    p->pos = start + n;
    if (memo) memo_put(p, MEMO_STRINGS, start, r);
    return r;
}

static Node *comprehension_node(Parser *p, NodeKind kind, int start, Node *key, Node *elt) {
    NodeList gens;
    if (!parse_for_if_clauses(p, &gens)) return NULL;
    int close = kind == N_LIST_COMP ? OPK_RSQB : kind == N_GENERATOR_EXP ? OPK_RPAR : OPK_RBRACE;
    if (!accept_op(p, close)) return NULL;
    Node *n = mk(p, kind, start);
    n->u.comp.key = key;
    n->u.comp.elt = elt;
    n->u.comp.generators = gens;
    return n;
}

/* Items after the first of a list, tuple or set display, up to `close`:
 * (',' star_named_expression)* [','] */
static bool display_rest(Parser *p, int close) {
    while (accept_op(p, OPK_COMMA)) {
        if (at_op(p, close)) break;
        Node *b = parse_star_named_expression(p);
        if (!b) return false;
        lpush(p, b);
    }
    return accept_op(p, close);
}

/* tuple: '(' [star_named_expression ',' [star_named_expressions]] ')'
 * group: '(' (yield_expr | named_expression) ')' | invalid_group
 * genexp: '(' (assignment_expression | expression !':=') for_if_clauses ')'
 *     | invalid_comprehension */
static Node *paren_atom(Parser *p) {
    int start = p->pos++;
    if (accept_op(p, OPK_RPAR)) {
        Node *t = mk(p, N_TUPLE, start);
        t->u.seq.ctx = CTX_LOAD;
        return t;
    }
    if (at_kw(p, KW_YIELD)) {
        Node *y = parse_yield_expr(p);
        if (y && accept_op(p, OPK_RPAR)) return y;
        goto fail;
    }
    Node *a = parse_star_named_expression(p);
    if (!a) goto fail;
    if (at_op(p, OPK_COMMA)) {
        int m = lmark(p);
        lpush(p, a);
        if (!display_rest(p, OPK_RPAR)) {
            ldrop(p, m);
            goto fail;
        }
        return mk_tuple(p, start, m, CTX_LOAD);
    }
    if (a->kind != N_STARRED) {
        if (accept_op(p, OPK_RPAR)) return a;
        if (at_for(p)) {
            Node *g = comprehension_node(p, N_GENERATOR_EXP, start, NULL, a);
            if (g) return g;
        }
    }
fail:
    if (ERR) return NULL;
    p->pos = start;
    if (invalid_on(p) && (invalid_group(p) || invalid_comprehension(p))) return NULL;
    return NULL;
}

/* list: '[' [star_named_expressions] ']'
 * listcomp: '[' named_expression for_if_clauses ']' | invalid_comprehension */
static Node *list_atom(Parser *p) {
    int start = p->pos++;
    int m = lmark(p);
    if (!at_op(p, OPK_RSQB)) {
        Node *a = parse_star_named_expression(p);
        if (!a) goto fail;
        if (a->kind != N_STARRED && at_for(p)) {
            Node *c = comprehension_node(p, N_LIST_COMP, start, NULL, a);
            if (c) return c;
            goto fail;
        }
        lpush(p, a);
        if (!display_rest(p, OPK_RSQB)) goto fail;
    } else {
        p->pos++;
    }
    Node *l = mk(p, N_LIST, start);
    l->u.seq.elts = ltake(p, m);
    l->u.seq.ctx = CTX_LOAD;
    return l;
fail:
    if (ERR) return NULL;
    ldrop(p, m);
    p->pos = start;
    if (invalid_on(p)) invalid_comprehension(p);
    return NULL;
}

/* How a dict item failed, for dict's '{' invalid_double_starred_kvpairs '}'
 * alternative (which CPython runs in both passes): the key that parsed, and
 * the position of the ':' after it, if any. */
typedef struct ItemFailure {
    Node *key;
    int colon;  /* -1: no ':' after the key */
} ItemFailure;

/* double_starred_kvpair:
 *     | '**' bitwise_or
 *     | kvpair
 * kvpair: expression ':' expression
 * Returns the key (NULL for '**') and sets *value; false on failure, with
 * what failed in *why. */
static bool dict_item(Parser *p, Node **key, Node **value, ItemFailure *why) {
    int start = p->pos;
    why->key = NULL;
    why->colon = -1;
    if (accept_op(p, OPK_DOUBLESTAR)) {
        *key = NULL;
        *value = parse_bitwise_or(p);
        if (!*value) p->pos = start;
        return *value != NULL;
    }
    Node *k = parse_expression(p);
    if (!k) return false;
    if (!at_op(p, OPK_COLON)) {
        why->key = k;
        p->pos = start;
        return false;
    }
    why->key = k;
    why->colon = p->pos++;
    *value = parse_expression(p);
    if (!*value) {
        p->pos = start;
        return false;
    }
    *key = k;
    return true;
}

/* The errors of invalid_kvpair for an item that failed as *why says, found
 * without parsing it again (`missing_colon`: its first alternative, which
 * only items after a ',' get):
 *     | a=expression !(':')
 *     | expression ':' a='*' bitwise_or
 *     | expression a=':' &('}'|',') */
static void dict_item_errors(Parser *p, const ItemFailure *why, bool missing_colon) {
    if (ERR || !why->key) return;
    if (why->colon < 0) {
        if (missing_colon) {
            /* CPython: the key's start line with its end column - 1 */
            const Node *k = why->key;
            Loc l = {p->file, k->span.line, k->span.end_col - 1, k->span.end_line, k->span.end_col - 1};
            perr_loc(p, l, "':' expected after dictionary key");
        }
        return;
    }
    int save = p->pos;
    p->pos = why->colon + 1;
    if (at_op(p, OPK_STAR)) {
        int star = p->pos++;
        if (parse_bitwise_or(p)) {
            const Token *t = tok_at(p, star);
            Node tmp = {.kind = N_STARRED, .span = span_from_tokens(t, t)};
            perr_from(p, &tmp, "cannot use a starred expression in a dictionary value");
            return;
        }
        if (ERR) return;
        p->pos = why->colon + 1;
    }
    if (at_op(p, OPK_RBRACE) || at_op(p, OPK_COMMA)) {
        perr_tok(p, why->colon, "expression expected after dictionary key and ':'");
        return;
    }
    p->pos = save;
}

Node *parse_double_starred_kvpair(Parser *p, Node **value) {
    Node *k;
    ItemFailure why;
    if (!dict_item(p, &k, value, &why)) return NULL;
    return k ? k : *value;
}

/* kvpair: expression ':' expression  (returns the key) */
Node *parse_kvpair(Parser *p, Node **value) {
    int start = p->pos;
    Node *k = parse_expression(p);
    if (!k) return NULL;
    if (!accept_op(p, OPK_COLON)) {
        p->pos = start;
        return NULL;
    }
    *value = parse_expression(p);
    if (!*value) {
        p->pos = start;
        return NULL;
    }
    return k;
}

/* The rest of a dict display after its first item (k, v):
 *     (',' double_starred_kvpair)* [','] '}' */
static Node *dict_rest(Parser *p, int start, Node *k, Node *v) {
    int m = lmark(p);
    lpush(p, k);
    lpush(p, v);
    while (accept_op(p, OPK_COMMA)) {
        if (at_op(p, OPK_RBRACE)) break;
        ItemFailure why;
        if (!dict_item(p, &k, &v, &why)) {
            ldrop(p, m);
            /* dict: '{' invalid_double_starred_kvpairs '}', whose first
             * alternative ends at this item (active in both passes). */
            dict_item_errors(p, &why, true);
            return NULL;
        }
        lpush(p, k);
        lpush(p, v);
    }
    if (!accept_op(p, OPK_RBRACE)) {
        ldrop(p, m);
        return NULL;
    }
    Node *d = mk(p, N_DICT, start);
    ParseState *st = p->st;
    int n = (st->nodes.n - m) / 2;
    d->u.dict.keys.n = d->u.dict.values.n = n;
    d->u.dict.keys.v = palloc(p, (size_t)n * sizeof(Node *));
    d->u.dict.values.v = palloc(p, (size_t)n * sizeof(Node *));
    for (int i = 0; i < n; i++) {
        d->u.dict.keys.v[i] = st->nodes.v[m + 2 * i];
        d->u.dict.values.v[i] = st->nodes.v[m + 2 * i + 1];
    }
    ldrop(p, m);
    return d;
}

/* The rest of a set display after its first element. */
static Node *set_rest(Parser *p, int start, Node *first) {
    int m = lmark(p);
    lpush(p, first);
    if (!display_rest(p, OPK_RBRACE)) {
        ldrop(p, m);
        return NULL;
    }
    Node *s = mk(p, N_SET, start);
    s->u.seq.elts = ltake(p, m);
    s->u.seq.ctx = CTX_LOAD;
    return s;
}

/* The four brace displays in the grammar's order, each tried from '{' (the
 * memo makes the repetition cheap); used in pass 2 for its messages. */
static Node *brace_atom_pass2(Parser *p) {
    int start = p->pos;
    Node *r = NULL, *k, *v;
    /* dict: '{' [double_starred_kvpairs] '}' */
    p->pos = start + 1;
    ItemFailure why;
    if (at_op(p, OPK_RBRACE) || dict_item(p, &k, &v, &why)) {
        if (at_op(p, OPK_RBRACE)) {
            p->pos++;
            r = mk(p, N_DICT, start);
        } else {
            r = dict_rest(p, start, k, v);
        }
        if (r) return r;
    }
    if (ERR) return NULL;
    /* '{' invalid_double_starred_kvpairs '}' */
    p->pos = start + 1;
    if (invalid_double_starred_kvpairs(p)) return NULL;
    /* set: '{' star_named_expressions '}' */
    p->pos = start + 1;
    Node *a = parse_star_named_expression(p);
    if (a && (r = set_rest(p, start, a))) return r;
    if (ERR) return NULL;
    /* dictcomp: '{' kvpair for_if_clauses '}' | invalid_dict_comprehension */
    p->pos = start + 1;
    k = parse_kvpair(p, &v);
    if (k && (r = comprehension_node(p, N_DICT_COMP, start, k, v))) return r;
    if (ERR) return NULL;
    p->pos = start;
    if (invalid_dict_comprehension(p)) return NULL;
    /* setcomp: '{' named_expression for_if_clauses '}' | invalid_comprehension */
    p->pos = start + 1;
    a = parse_named_expression(p);
    if (a && (r = comprehension_node(p, N_SET_COMP, start, NULL, a))) return r;
    if (ERR) return NULL;
    p->pos = start;
    invalid_comprehension(p);
    return NULL;
}

/* dict: '{' [double_starred_kvpairs] '}' | '{' invalid_double_starred_kvpairs '}'
 * set: '{' star_named_expressions '}'
 * dictcomp: '{' kvpair for_if_clauses '}' | invalid_dict_comprehension
 * setcomp: '{' named_expression for_if_clauses '}' | invalid_comprehension */
static Node *brace_atom(Parser *p) {
    if (invalid_on(p)) return brace_atom_pass2(p);
    int start = p->pos++;
    Node *r = NULL;
    if (accept_op(p, OPK_RBRACE)) return mk(p, N_DICT, start);
    if (at_op(p, OPK_DOUBLESTAR)) {
        Node *k, *v;
        ItemFailure why;
        if (dict_item(p, &k, &v, &why)) r = dict_rest(p, start, k, v);
    } else if (at_op(p, OPK_STAR) || at_name_op(p, OPK_COLONEQUAL)) {
        Node *a = parse_star_named_expression(p);
        if (a) {
            if (a->kind != N_STARRED && at_for(p)) r = comprehension_node(p, N_SET_COMP, start, NULL, a);
            else r = set_rest(p, start, a);
        }
    } else {
        Node *k = parse_expression(p);
        if (k && accept_op(p, OPK_COLON)) {
            Node *v = parse_expression(p);
            if (v) {
                if (at_for(p)) r = comprehension_node(p, N_DICT_COMP, start, k, v);
                else r = dict_rest(p, start, k, v);
            } else {
                /* invalid_double_starred_kvpairs' last two alternatives */
                ItemFailure why = {k, p->pos - 1};
                dict_item_errors(p, &why, false);
            }
        } else if (k && !at_op(p, OPK_COLONEQUAL)) {
            if (at_for(p)) r = comprehension_node(p, N_SET_COMP, start, NULL, k);
            else r = set_rest(p, start, k);
        }
    }
    if (!r && !ERR) p->pos = start;
    return r;
}

/* atom:
 *     | NAME
 *     | 'True'
 *     | 'False'
 *     | 'None'
 *     | &STRING strings
 *     | NUMBER
 *     | &'(' (tuple | group | genexp)
 *     | &'[' (list | listcomp)
 *     | &'{' (dict | set | dictcomp | setcomp)
 *     | '...' */
Node *parse_atom(Parser *p) {
    const Token *t = tk(p);
    switch (t->kind) {
    case TK_NAME:
        if (tok_is_name(t)) {
            p->pos++;
            return mk_name(p, t, CTX_LOAD);
        }
        if (t->kw == KW_TRUE || t->kw == KW_FALSE || t->kw == KW_NONE) {
            Node *c = mk_constant_kw(p, p->pos);
            p->pos++;
            return c;
        }
        return NULL;
    case TK_STRING:
        return parse_strings(p);
    case TK_NUMBER: {
        ConstValue v;
        if (!number_value(p, p->pos, &v)) return NULL;
        Node *c = node_new(p, N_CONSTANT, span_from_tokens(t, t));
        c->u.constant.value = v;
        p->pos++;
        return c;
    }
    case TK_OP:
        switch (t->op) {
        case OPK_LPAR: return paren_atom(p);
        case OPK_LSQB: return list_atom(p);
        case OPK_LBRACE: return brace_atom(p);
        case OPK_ELLIPSIS: {
            Node *c = mk_constant_kw(p, p->pos);
            p->pos++;
            return c;
        }
        default:
            return NULL;
        }
    case TK_ENDMARKER:
    case TK_NEWLINE:
    case TK_INDENT:
    case TK_DEDENT:
    case TK_ERROR:
        return NULL;
    }
    return NULL;
}

/* ---- comprehensions ------------------------------------------------------------- */

/* for_if_clauses: for_if_clause+
 * for_if_clause:
 *     | ASYNC 'for' star_targets 'in' ~ disjunction ('if' disjunction)*
 *     | 'for' star_targets 'in' ~ disjunction ('if' disjunction)*
 *     | invalid_for_target
 * Returns the last comprehension (NULL on failure) and the list in *out. */
Node *parse_for_if_clauses(Parser *p, NodeList *out) {
    int m = lmark(p);
    Node *last = NULL;
    for (;;) {
        int cstart = p->pos;
        bool is_async = false;
        if (at_kw(p, KW_ASYNC) && tok_is_kw(tk_ahead(p, 1), KW_FOR)) {
            is_async = true;
            p->pos += 2;
        } else if (at_kw(p, KW_FOR)) {
            p->pos++;
        } else {
            break;
        }
        Node *t = parse_star_targets(p);
        if (!t || !accept_kw(p, KW_IN)) {
            if (ERR) return NULL;
            p->pos = cstart;
            if (invalid_on(p) && invalid_for_target(p)) return NULL;
            break;
        }
        Node *it = parse_disjunction(p);
        if (!it) {
            if (ERR) return NULL;
            p->pos = cstart;
            break;
        }
        int mi = lmark(p);
        while (at_kw(p, KW_IF)) {
            int save = p->pos++;
            Node *c = parse_disjunction(p);
            if (!c) {
                if (ERR) return NULL;
                p->pos = save;
                break;
            }
            lpush(p, c);
        }
        Node *comp = node_new(p, N_COMPREHENSION, (Span){0, 0, 0, 0});
        comp->u.comprehension.target = t;
        comp->u.comprehension.iter = it;
        comp->u.comprehension.ifs = ltake(p, mi);
        comp->u.comprehension.is_async = is_async;
        lpush(p, comp);
        last = comp;
    }
    if (lmark(p) == m) return NULL;
    *out = ltake(p, m);
    return last;
}

/* ---- call arguments -------------------------------------------------------------- */

static Node *mk_keyword(Parser *p, int start, const char *arg, Node *value) {
    Node *k = mk(p, N_KEYWORD, start);
    k->u.keyword.arg = arg;
    k->u.keyword.value = value;
    return k;
}

/* args:
 *     | ','.(starred_expression | (assignment_expression | expression !':=') !'=')+ [',' kwargs]
 *     | kwargs
 * kwargs:
 *     | ','.kwarg_or_starred+ ',' ','.kwarg_or_double_starred+
 *     | ','.kwarg_or_starred+
 *     | ','.kwarg_or_double_starred+
 * kwarg_or_starred: invalid_kwarg | NAME '=' expression | starred_expression
 * kwarg_or_double_starred: invalid_kwarg | NAME '=' expression | '**' expression
 *
 * Returns a Call without func spanning the arguments; `first`, when given,
 * is the first positional argument, already parsed from `start`. */
static Node *args_raw(Parser *p, int start, Node *first) {
    int m = lmark(p);
    int phase = 0; /* 0: positional; 1: keywords and *; 2: after ** */
    int count = 0;
    if (first) {
        lpush(p, first);
        count = 1;
    }
    for (;;) {
        int before = p->pos;
        if (count > 0 && !accept_op(p, OPK_COMMA)) break;
        int istart = p->pos;
        Node *item = NULL;
        if (phase == 0 && !at_op(p, OPK_DOUBLESTAR) && !at_name_op(p, OPK_EQUAL)) {
            if (at_op(p, OPK_STAR)) {
                item = parse_starred_expression(p);
            } else {
                item = genexp_element(p);
                if (item && at_op(p, OPK_EQUAL)) item = NULL;
            }
            if (!item) {
                if (ERR) return NULL;
                p->pos = istart;
            }
        }
        if (!item) {
            /* kwargs */
            if (invalid_on(p) && invalid_kwarg(p)) return NULL;
            if (at_op(p, OPK_STAR)) {
                if (phase < 2) item = parse_starred_expression(p);
                if (item) phase = phase ? phase : 1;
            } else if (at_op(p, OPK_DOUBLESTAR)) {
                p->pos++;
                Node *v = parse_expression(p);
                if (v) {
                    item = mk_keyword(p, istart, NULL, v);
                    phase = 2;
                }
            } else if (at_name_op(p, OPK_EQUAL)) {
                const Token *nt = tk(p);
                p->pos += 2;
                Node *v = parse_expression(p);
                if (v) {
                    item = mk_keyword(p, istart, nt->name, v);
                    if (phase == 0) phase = 1;
                }
            }
            if (!item) {
                if (ERR) return NULL;
                p->pos = before;
                break;
            }
        }
        lpush(p, item);
        count++;
    }
    if (count == 0) return NULL;
    /* Split: positional and starred arguments, then keywords. */
    ParseState *st = p->st;
    int nargs = 0, nkw = 0;
    for (int i = m; i < st->nodes.n; i++) {
        if (st->nodes.v[i]->kind == N_KEYWORD) nkw++;
        else nargs++;
    }
    Node *c = mk(p, N_CALL, start);
    c->u.call.args.n = nargs;
    c->u.call.keywords.n = nkw;
    if (nargs) c->u.call.args.v = palloc(p, (size_t)nargs * sizeof(Node *));
    if (nkw) c->u.call.keywords.v = palloc(p, (size_t)nkw * sizeof(Node *));
    nargs = nkw = 0;
    for (int i = m; i < st->nodes.n; i++) {
        Node *it = st->nodes.v[i];
        if (it->kind == N_KEYWORD) c->u.call.keywords.v[nkw++] = it;
        else c->u.call.args.v[nargs++] = it;
    }
    ldrop(p, m);
    return c;
}

Node *parse_args(Parser *p, Node *first) { return args_raw(p, p->pos, first); }

/* arguments (memo):
 *     | args [','] &')'
 *     | invalid_arguments */
static Node *arguments_first(Parser *p, int start, Node *first) {
    Node *a = first ? args_raw(p, start, first) : parse_args(p, NULL);
    if (a) {
        int save = p->pos;
        accept_op(p, OPK_COMMA);
        if (at_op(p, OPK_RPAR)) return a;
        p->pos = save;
    }
    if (ERR) return NULL;
    p->pos = start;
    if (invalid_on(p)) invalid_arguments(p);
    return NULL;
}

Node *parse_arguments(Parser *p) { MEMO_RULE(p, MEMO_ARGUMENTS, arguments_first(p, p->pos, NULL)); }

/* ---- lambdas and parameters --------------------------------------------------- */

static Node *empty_arguments(Parser *p) {
    return node_new(p, N_ARGUMENTS, (Span){0, 0, 0, 0});
}

/* lambdef:
 *     | 'lambda' [lambda_params] ':' expression */
static Node *lambdef(Parser *p) {
    int start = p->pos++;
    Node *args = NULL;
    if (!at_op(p, OPK_COLON)) {
        args = parse_lambda_params(p);
        if (ERR) return NULL;
    }
    if (!accept_op(p, OPK_COLON)) {
        p->pos = start;
        return NULL;
    }
    Node *body = parse_expression(p);
    if (!body) {
        p->pos = start;
        return NULL;
    }
    Node *n = mk(p, N_LAMBDA, start);
    n->u.lambda.args = args ? args : empty_arguments(p);
    n->u.lambda.body = body;
    return n;
}

/* lambda_params:
 *     | invalid_lambda_parameters
 *     | lambda_parameters */
Node *parse_lambda_params(Parser *p) {
    if (invalid_on(p) && invalid_parameters(p, true)) return NULL;
    return parameters(p, true);
}

/* params:
 *     | invalid_parameters
 *     | parameters */
Node *parse_params(Parser *p) {
    if (invalid_on(p) && invalid_parameters(p, false)) return NULL;
    return parameters(p, false);
}

/* param: NAME annotation?
 * param_star_annotation: NAME star_annotation
 * lambda_param: NAME
 * annotation: ':' expression
 * star_annotation: ':' star_expression */
Node *parse_param(Parser *p, bool lambda, bool star_annotation) {
    int start = p->pos;
    if (!at_name(p)) return NULL;
    const Token *t = tk(p);
    p->pos++;
    Node *ann = NULL;
    if (!lambda && at_op(p, OPK_COLON)) {
        int save = p->pos++;
        ann = star_annotation ? parse_star_expression(p) : parse_expression(p);
        if (ERR) return NULL;
        if (!ann) p->pos = save;
    }
    Node *a = mk(p, N_ARG, start);
    a->u.arg.arg = t->name;
    a->u.arg.annotation = ann;
    return a;
}

/* default: '=' expression | invalid_default */
Node *parse_default(Parser *p) {
    if (!at_op(p, OPK_EQUAL)) return NULL;
    int save = p->pos++;
    Node *d = parse_expression(p);
    if (d) return d;
    if (ERR) return NULL;
    p->pos = save;
    if (invalid_on(p)) invalid_default(p);
    return NULL;
}

/* The end of one parameter: ',' or, without consuming it, ')' (':' for
 * lambdas).  Part of param_no_default, param_with_default, ... */
bool parse_param_end(Parser *p, bool lambda) {
    if (accept_op(p, OPK_COMMA)) return true;
    return at_op(p, lambda ? OPK_COLON : OPK_RPAR);
}

/* One parameter with its optional default and its end; false (position
 * restored) when there is none. */
static bool param_item(Parser *p, bool lambda, bool star_annotation, Node **arg, Node **def) {
    int start = p->pos;
    *arg = parse_param(p, lambda, star_annotation);
    if (!*arg) return false;
    *def = parse_default(p);
    if (ERR) return false;
    if (!parse_param_end(p, lambda)) {
        p->pos = start;
        return false;
    }
    return true;
}

/* parameters:
 *     | slash_no_default param_no_default* param_with_default* [star_etc]
 *     | slash_with_default param_with_default* [star_etc]
 *     | param_no_default+ param_with_default* [star_etc]
 *     | param_with_default+ [star_etc]
 *     | star_etc
 * slash_no_default:
 *     | param_no_default+ '/' ','
 *     | param_no_default+ '/' &')'
 * slash_with_default:
 *     | param_no_default* param_with_default+ '/' ','
 *     | param_no_default* param_with_default+ '/' &')'
 * star_etc:
 *     | invalid_star_etc
 *     | '*' param_no_default param_maybe_default* [kwds]
 *     | '*' param_no_default_star_annotation param_maybe_default* [kwds]
 *     | '*' ',' param_maybe_default+ [kwds]
 *     | kwds
 * kwds:
 *     | invalid_kwds
 *     | '**' param_no_default
 * (and lambda_parameters, the same without annotations, ending at ':')
 *
 * The positional parameters are read in order; a parameter without default
 * after one with a default, or a second '/', ends them as the grammar's
 * alternatives would, leaving the caller to fail on what follows. */
static Node *parameters(Parser *p, bool lambda) {
    int start = p->pos;
    int m = lmark(p);
    int npos = 0, nposonly = 0;
    bool slash = false, seen_default = false;
    for (;;) {
        if (at_op(p, OPK_SLASH)) {
            if (slash || npos == 0) break;
            int s = p->pos++;
            if (!parse_param_end(p, lambda)) {
                p->pos = s;
                break;
            }
            slash = true;
            nposonly = npos;
            continue;
        }
        int s = p->pos;
        Node *arg, *def;
        if (!param_item(p, lambda, false, &arg, &def)) {
            if (ERR) return NULL;
            break;
        }
        if (!def && seen_default) {
            p->pos = s;
            break;
        }
        if (def) seen_default = true;
        lpush(p, arg);
        lpush(p, def);
        npos++;
    }
    /* star_etc */
    Node *vararg = NULL, *kwarg = NULL;
    int mk_ = lmark(p);
    int nkw = 0;
    int before_star = p->pos;
    if (invalid_on(p) && (at_op(p, OPK_STAR) || at_op(p, OPK_DOUBLESTAR)) &&
        invalid_star_etc(p, lambda))
        return NULL;
    bool star_ok = true;
    if (at_op(p, OPK_STAR)) {
        p->pos++;
        if (accept_op(p, OPK_COMMA)) {
            /* '*' ',' param_maybe_default+ */
        } else {
            Node *d;
            if (!param_item(p, lambda, !lambda, &vararg, &d) || d) {
                if (ERR) return NULL;
                vararg = NULL;
                star_ok = false;
            }
        }
        while (star_ok) {
            Node *arg, *def;
            if (!param_item(p, lambda, false, &arg, &def)) {
                if (ERR) return NULL;
                break;
            }
            lpush(p, arg);
            lpush(p, def);
            nkw++;
        }
        if (star_ok && !vararg && nkw == 0) star_ok = false;
        if (!star_ok) {
            ldrop(p, mk_);
            nkw = 0;
            p->pos = before_star;
        }
    }
    if (star_ok && at_op(p, OPK_DOUBLESTAR)) {
        int s = p->pos;
        if (invalid_on(p) && invalid_kwds(p, lambda)) return NULL;
        p->pos++;
        Node *d;
        if (!param_item(p, lambda, false, &kwarg, &d) || d) {
            if (ERR) return NULL;
            kwarg = NULL;
            p->pos = s;
        }
    }
    if (npos == 0 && !vararg && nkw == 0 && !kwarg) {
        ldrop(p, m);
        p->pos = start;
        return NULL;
    }
    Node *a = node_new(p, N_ARGUMENTS, (Span){0, 0, 0, 0});
    ParseState *st = p->st;
    Node **pairs = st->nodes.v ? st->nodes.v + m : NULL;
    int ndef = 0;
    for (int i = 0; i < npos; i++)
        if (pairs[2 * i + 1]) ndef++;
    a->u.arguments.posonlyargs.n = nposonly;
    a->u.arguments.args.n = npos - nposonly;
    a->u.arguments.defaults.n = ndef;
    a->u.arguments.kwonlyargs.n = nkw;
    a->u.arguments.kw_defaults.n = nkw;
    if (nposonly) a->u.arguments.posonlyargs.v = palloc(p, (size_t)nposonly * sizeof(Node *));
    if (npos - nposonly) a->u.arguments.args.v = palloc(p, (size_t)(npos - nposonly) * sizeof(Node *));
    if (ndef) a->u.arguments.defaults.v = palloc(p, (size_t)ndef * sizeof(Node *));
    if (nkw) {
        a->u.arguments.kwonlyargs.v = palloc(p, (size_t)nkw * sizeof(Node *));
        a->u.arguments.kw_defaults.v = palloc(p, (size_t)nkw * sizeof(Node *));
    }
    ndef = 0;
    for (int i = 0; i < npos; i++) {
        if (i < nposonly) a->u.arguments.posonlyargs.v[i] = pairs[2 * i];
        else a->u.arguments.args.v[i - nposonly] = pairs[2 * i];
        if (pairs[2 * i + 1]) a->u.arguments.defaults.v[ndef++] = pairs[2 * i + 1];
    }
    Node **kwpairs = st->nodes.v ? st->nodes.v + mk_ : NULL;
    for (int i = 0; i < nkw; i++) {
        a->u.arguments.kwonlyargs.v[i] = kwpairs[2 * i];
        a->u.arguments.kw_defaults.v[i] = kwpairs[2 * i + 1];
    }
    a->u.arguments.vararg = vararg;
    a->u.arguments.kwarg = kwarg;
    ldrop(p, m);
    return a;
}

/* ---- targets ---------------------------------------------------------------- */

void set_ctx(Node *e, ExprCtx ctx) {
    NodeKind k = e->kind;
    if (k == N_NAME) e->u.name.ctx = ctx;
    else if (k == N_ATTRIBUTE) e->u.attribute.ctx = ctx;
    else if (k == N_SUBSCRIPT) e->u.subscript.ctx = ctx;
    else if (k == N_STARRED) {
        e->u.starred.ctx = ctx;
        set_ctx(e->u.starred.value, ctx);
    } else if (k == N_LIST || k == N_TUPLE) {
        e->u.seq.ctx = ctx;
        for (int i = 0; i < e->u.seq.elts.n; i++) set_ctx(e->u.seq.elts.v[i], ctx);
    }
}

/* star_target:
 *     | '*' (!'*' star_target)
 *     | target_with_star_atom
 * as a check of an expression. */
static bool is_star_target(const Node *e);

/* target_with_star_atom:
 *     | t_primary '.' NAME !t_lookahead
 *     | t_primary '[' slices ']' !t_lookahead
 *     | star_atom
 * star_atom:
 *     | NAME
 *     | '(' target_with_star_atom ')'
 *     | '(' [star_targets_tuple_seq] ')'
 *     | '[' [star_targets_list_seq] ']'
 * as a check of a primary. */
static bool is_star_atom(const Node *e) {
    NodeKind k = e->kind;
    if (k == N_NAME || k == N_ATTRIBUTE || k == N_SUBSCRIPT) return true;
    if (k != N_TUPLE && k != N_LIST) return false;
    for (int i = 0; i < e->u.seq.elts.n; i++)
        if (!is_star_target(e->u.seq.elts.v[i])) return false;
    return true;
}

static bool is_star_target(const Node *e) {
    if (e->kind == N_STARRED) return e->u.starred.value->kind != N_STARRED && is_star_atom(e->u.starred.value);
    return is_star_atom(e);
}

bool to_star_atom(Node *e) {
    if (!is_star_atom(e)) return false;
    set_ctx(e, CTX_STORE);
    return true;
}

bool to_star_targets(Node *e) {
    if (!is_star_target(e)) return false;
    set_ctx(e, CTX_STORE);
    return true;
}

/* single_target:
 *     | single_subscript_attribute_target
 *     | NAME
 *     | '(' single_target ')' */
bool to_single_target(Node *e) {
    if (e->kind != N_NAME && e->kind != N_ATTRIBUTE && e->kind != N_SUBSCRIPT) return false;
    set_ctx(e, CTX_STORE);
    return true;
}

/* del_target:
 *     | t_primary '.' NAME !t_lookahead
 *     | t_primary '[' slices ']' !t_lookahead
 *     | del_t_atom
 * del_t_atom:
 *     | NAME
 *     | '(' del_target ')'
 *     | '(' [del_targets] ')'
 *     | '[' [del_targets] ']' */
static bool is_del_target(const Node *e) {
    NodeKind k = e->kind;
    if (k == N_NAME || k == N_ATTRIBUTE || k == N_SUBSCRIPT) return true;
    if (k != N_TUPLE && k != N_LIST) return false;
    for (int i = 0; i < e->u.seq.elts.n; i++)
        if (!is_del_target(e->u.seq.elts.v[i])) return false;
    return true;
}

bool to_del_target(Node *e) {
    if (!is_del_target(e)) return false;
    set_ctx(e, CTX_DEL);
    return true;
}

/* target_with_star_atom, parsed as a primary and checked. */
static Node *target_with_star_atom_raw(Parser *p) {
    int start = p->pos;
    Node *e = parse_primary(p);
    if (!e) return NULL;
    if (!to_star_atom(e)) {
        p->pos = start;
        return NULL;
    }
    return e;
}

static Node *target_with_star_atom(Parser *p) {
    MEMO_RULE(p, MEMO_TARGET_WITH_STAR_ATOM, target_with_star_atom_raw(p));
}

/* star_target (memo):
 *     | '*' (!'*' star_target)
 *     | target_with_star_atom */
static Node *star_target_raw(Parser *p) {
    if (!at_op(p, OPK_STAR)) return target_with_star_atom(p);
    int start = p->pos++;
    if (at_op(p, OPK_STAR)) {
        p->pos = start;
        return NULL;
    }
    if (!enter(p)) return NULL;
    Node *a = parse_star_target(p);
    leave(p);
    if (!a) {
        p->pos = start;
        return NULL;
    }
    Node *n = mk(p, N_STARRED, start);
    n->u.starred.value = a;
    n->u.starred.ctx = CTX_STORE;
    return n;
}

Node *parse_star_target(Parser *p) { MEMO_RULE(p, MEMO_STAR_TARGET, star_target_raw(p)); }

/* star_targets:
 *     | star_target !','
 *     | star_target (',' star_target)* [','] */
Node *parse_star_targets(Parser *p) {
    int start = p->pos;
    Node *a = parse_star_target(p);
    if (!a) return NULL;
    if (!at_op(p, OPK_COMMA)) return a;
    int m = lmark(p);
    lpush(p, a);
    while (accept_op(p, OPK_COMMA)) {
        int save = p->pos;
        Node *b = parse_star_target(p);
        if (!b) {
            if (ERR) return NULL;
            p->pos = save;
            break;
        }
        lpush(p, b);
    }
    return mk_tuple(p, start, m, CTX_STORE);
}

/* single_target:
 *     | single_subscript_attribute_target
 *     | NAME
 *     | '(' single_target ')' */
Node *parse_single_target(Parser *p) {
    int start = p->pos;
    Node *e = parse_primary(p);
    if (!e) return NULL;
    if (!to_single_target(e)) {
        p->pos = start;
        return NULL;
    }
    return e;
}

/* del_targets: ','.del_target+ [',']  (the first target is returned) */
Node *parse_del_targets_list(Parser *p, NodeList *out) {
    int m = lmark(p);
    for (;;) {
        int s = p->pos;
        Node *e = parse_primary(p);
        if (e && !to_del_target(e)) e = NULL;
        if (!e) {
            if (ERR) return NULL;
            p->pos = s;
            break;
        }
        lpush(p, e);
        if (!accept_op(p, OPK_COMMA)) break;
    }
    if (lmark(p) == m) return NULL;
    *out = ltake(p, m);
    return out->v[0];
}

/* ---- f-string replacement fields ---------------------------------------------- */

/* fstring: star_expressions  (followed by the end of the tokens) */
Node *parse_fstring_body(Parser *p) {
    Node *e = parse_expressions_star(p);
    if (!e) return NULL;
    if (!at_kind(p, TK_ENDMARKER)) {
        p->pos = 0;
        return NULL;
    }
    return e;
}
