/* parse_pattern.c - the match statement and its patterns (Grammar/
 * python.gram, "Match statement").
 *
 * `match`, `case` and `_` are soft keywords: the lexer marks them, but they
 * stay names everywhere except where these rules look for them.  A statement
 * starting with `match` that is not a match statement (`match = 1`,
 * `match(x)`) fails here before its block and is parsed again as a simple
 * statement.
 */
#include "parse_int.h"

#include <string.h>

#define ERR (p->st->error)

static Node *pattern(Parser *p);
static Node *maybe_star_pattern(Parser *p);
static Node *or_pattern(Parser *p);
static Node *patterns(Parser *p);
static Node *subject_expr(Parser *p);
static bool invalid_class_pattern(Parser *p);
static bool invalid_as_pattern(Parser *p);
static bool invalid_case_block(Parser *p);
static bool invalid_match_stmt(Parser *p);

static Node *fail_at(Parser *p, int start) {
    if (!ERR) p->pos = start;
    return NULL;
}

/* pattern_capture_target: !"_" NAME !('.' | '(' | '=')
 * (at token offset k; the name, or NULL) */
static const char *capture_target_at(Parser *p, int k) {
    const Token *t = tk_ahead(p, k);
    if (!tok_is_name(t) || t->kw == KW_UNDERSCORE) return NULL;
    const Token *n = tk_ahead(p, k + 1);
    if (tok_is_op(n, OPK_DOT) || tok_is_op(n, OPK_LPAR) || tok_is_op(n, OPK_EQUAL)) return NULL;
    return t->name;
}

static Node *number_constant(Parser *p) {
    const Token *t = tk(p);
    ConstValue v;
    if (!number_value(p, p->pos, &v)) return NULL;
    Node *c = node_new(p, N_CONSTANT, span_from_tokens(t, t));
    c->u.constant.value = v;
    p->pos++;
    return c;
}

/* signed_number: NUMBER | '-' NUMBER */
static Node *signed_number(Parser *p) {
    int start = p->pos;
    bool neg = accept_op(p, OPK_MINUS);
    if (!at_kind(p, TK_NUMBER)) return fail_at(p, start);
    Node *num = number_constant(p);
    if (!num || !neg) return num;
    Node *n = mk(p, N_UNARY_OP, start);
    n->u.unary.op = UOP_USUB;
    n->u.unary.operand = num;
    return n;
}

/* literal_expr:
 *     | signed_number !('+' | '-')
 *     | complex_number
 *     | strings
 *     | 'None' | 'True' | 'False'
 * complex_number:
 *     | signed_real_number '+' imaginary_number
 *     | signed_real_number '-' imaginary_number
 * (numbers and strings only; the keywords are handled by the callers) */
static Node *literal_expr_value(Parser *p) {
    int start = p->pos;
    if (at_kind(p, TK_STRING)) return parse_strings(p);
    Node *v = signed_number(p);
    if (!v) return NULL;
    const Token *t = tk(p);
    if (!tok_is_op(t, OPK_PLUS) && !tok_is_op(t, OPK_MINUS)) return v;
    /* complex_number: signed_real_number is the number just read */
    Node *real = v->kind == N_UNARY_OP ? v->u.unary.operand : v;
    if (real->u.constant.value.kind == CONST_COMPLEX)
        return perr_node(p, real, "real number required in complex literal");
    BinOpKind op = tok_is_op(t, OPK_PLUS) ? OP_ADD : OP_SUB;
    p->pos++;
    if (!at_kind(p, TK_NUMBER)) return fail_at(p, start);
    Node *imag = number_constant(p);
    if (!imag) return NULL;
    if (imag->u.constant.value.kind != CONST_COMPLEX)
        return perr_node(p, imag, "imaginary number required in complex literal");
    Node *n = mk(p, N_BIN_OP, start);
    n->u.binop.left = v;
    n->u.binop.op = op;
    n->u.binop.right = imag;
    return n;
}

/* name_or_attr: attr | NAME
 * attr: name_or_attr '.' NAME */
static Node *name_or_attr(Parser *p) {
    int start = p->pos;
    if (!at_name(p)) return NULL;
    Node *a = mk_name(p, tk(p), CTX_LOAD);
    p->pos++;
    int links = 0;
    while (at_op(p, OPK_DOT) && tok_is_name(tk_ahead(p, 1))) {
        const Token *nt = tk_ahead(p, 1);
        p->pos += 2;
        if (!chain_ok(p, ++links)) return NULL;
        Node *n = mk(p, N_ATTRIBUTE, start);
        n->u.attribute.value = a;
        n->u.attribute.attr = nt->name;
        n->u.attribute.ctx = CTX_LOAD;
        a = n;
    }
    return a;
}

static Node *mk_match_value(Parser *p, int start, Node *value) {
    Node *n = mk(p, N_MATCH_VALUE, start);
    n->u.match_value.value = value;
    return n;
}

static Node *mk_match_as(Parser *p, int start, Node *pat, const char *name) {
    Node *n = mk(p, N_MATCH_AS, start);
    n->u.match_as.pattern = pat;
    n->u.match_as.name = name;
    return n;
}

/* class_pattern:
 *     | name_or_attr '(' ')'
 *     | name_or_attr '(' positional_patterns ','? ')'
 *     | name_or_attr '(' keyword_patterns ','? ')'
 *     | name_or_attr '(' positional_patterns ',' keyword_patterns ','? ')'
 *     | invalid_class_pattern
 * positional_patterns: ','.pattern+
 * keyword_patterns: ','.keyword_pattern+
 * keyword_pattern: NAME '=' pattern
 * (called at '(' with the class already read) */
static Node *class_pattern_rest(Parser *p, int start, Node *cls) {
    ParseState *st = p->st;
    int m = lmark(p), mi = st->ids.n;
    int npos = 0;
    bool keywords = false;
    p->pos++; /* '(' */
    while (!at_op(p, OPK_RPAR)) {
        int s = p->pos;
        Node *pat;
        if (at_name_op(p, OPK_EQUAL)) {
            const char *name = tk(p)->name;
            p->pos += 2;
            pat = pattern(p);
            if (!pat) goto fail;
            vec_push(&st->ids, name);
            keywords = true;
        } else {
            if (keywords) goto fail;
            pat = pattern(p);
            if (!pat) goto fail;
            npos++;
        }
        lpush(p, pat);
        if (!accept_op(p, OPK_COMMA)) break;
        (void)s;
    }
    if (!accept_op(p, OPK_RPAR)) goto fail;
    Node *n = mk(p, N_MATCH_CLASS, start);
    n->u.match_class.cls = cls;
    n->u.match_class.kwd_attrs = ids_take(p, mi);
    n->u.match_class.kwd_patterns = ltake(p, m + npos);
    n->u.match_class.patterns = ltake(p, m);
    return n;
fail:
    if (ERR) return NULL;
    ldrop(p, m);
    st->ids.n = mi;
    p->pos = start;
    if (invalid_on(p)) invalid_class_pattern(p);
    return NULL;
}

/* mapping_pattern:
 *     | '{' '}'
 *     | '{' double_star_pattern ','? '}'
 *     | '{' items_pattern ',' double_star_pattern ','? '}'
 *     | '{' items_pattern ','? '}'
 * items_pattern: ','.key_value_pattern+
 * key_value_pattern: (literal_expr | attr) ':' pattern
 * double_star_pattern: '**' pattern_capture_target */
static Node *mapping_pattern(Parser *p) {
    int start = p->pos++;
    int m = lmark(p);
    const char *rest = NULL;
    while (!at_op(p, OPK_RBRACE)) {
        if (at_op(p, OPK_DOUBLESTAR)) {
            rest = capture_target_at(p, 1);
            if (!rest) goto fail;
            p->pos += 2;
            accept_op(p, OPK_COMMA);
            break;
        }
        int ks = p->pos;
        Node *key;
        const Token *t = tk(p);
        if (tok_is_kw(t, KW_NONE) || tok_is_kw(t, KW_TRUE) || tok_is_kw(t, KW_FALSE)) {
            key = mk_constant_kw(p, p->pos);
            p->pos++;
        } else if (tok_is_name(t)) {
            key = name_or_attr(p);
            if (key && key->kind != N_ATTRIBUTE) key = NULL;
        } else {
            key = literal_expr_value(p);
        }
        if (!key || !accept_op(p, OPK_COLON)) goto fail;
        Node *pat = pattern(p);
        if (!pat) goto fail;
        lpush(p, key);
        lpush(p, pat);
        (void)ks;
        if (!accept_op(p, OPK_COMMA)) break;
    }
    if (!accept_op(p, OPK_RBRACE)) goto fail;
    Node *n = mk(p, N_MATCH_MAPPING, start);
    ParseState *st = p->st;
    int k = (st->nodes.n - m) / 2;
    n->u.match_mapping.keys.n = n->u.match_mapping.patterns.n = k;
    if (k) {
        n->u.match_mapping.keys.v = palloc(p, (size_t)k * sizeof(Node *));
        n->u.match_mapping.patterns.v = palloc(p, (size_t)k * sizeof(Node *));
    }
    for (int i = 0; i < k; i++) {
        n->u.match_mapping.keys.v[i] = st->nodes.v[m + 2 * i];
        n->u.match_mapping.patterns.v[i] = st->nodes.v[m + 2 * i + 1];
    }
    ldrop(p, m);
    n->u.match_mapping.rest = rest;
    return n;
fail:
    if (ERR) return NULL;
    ldrop(p, m);
    p->pos = start;
    return NULL;
}

/* maybe_sequence_pattern: ','.maybe_star_pattern+ ','?
 * (pushes the patterns up to `close`, which it consumes) */
static bool sequence_items(Parser *p, int close) {
    while (!at_op(p, close)) {
        Node *a = maybe_star_pattern(p);
        if (!a) return false;
        lpush(p, a);
        if (!accept_op(p, OPK_COMMA)) break;
    }
    return accept_op(p, close);
}

/* group_pattern: '(' pattern ')'
 * sequence_pattern:
 *     | '[' maybe_sequence_pattern? ']'
 *     | '(' open_sequence_pattern? ')'
 * open_sequence_pattern: maybe_star_pattern ',' maybe_sequence_pattern? */
static Node *sequence_or_group(Parser *p, int close) {
    int start = p->pos++;
    int m = lmark(p);
    if (close == OPK_RPAR && !at_op(p, OPK_RPAR)) {
        Node *a = maybe_star_pattern(p);
        if (!a) goto fail;
        if (!at_op(p, OPK_COMMA)) {
            if (a->kind == N_MATCH_STAR || !accept_op(p, OPK_RPAR)) goto fail;
            return a;
        }
        p->pos++;
        lpush(p, a);
    }
    if (!sequence_items(p, close)) goto fail;
    Node *n = mk(p, N_MATCH_SEQUENCE, start);
    n->u.match_seq.patterns = ltake(p, m);
    return n;
fail:
    if (ERR) return NULL;
    ldrop(p, m);
    p->pos = start;
    return NULL;
}

/* closed_pattern (memo):
 *     | literal_pattern
 *     | capture_pattern
 *     | wildcard_pattern
 *     | value_pattern
 *     | group_pattern
 *     | sequence_pattern
 *     | mapping_pattern
 *     | class_pattern
 * literal_pattern:
 *     | signed_number !('+' | '-')
 *     | complex_number
 *     | strings
 *     | 'None'
 *     | 'True'
 *     | 'False'
 * capture_pattern: pattern_capture_target
 * wildcard_pattern: "_"
 * value_pattern: attr !('.' | '(' | '=') */
static Node *closed_pattern_raw(Parser *p) {
    int start = p->pos;
    const Token *t = tk(p);
    switch (t->kind) {
    case TK_NUMBER:
    case TK_STRING: {
        Node *v = literal_expr_value(p);
        return v ? mk_match_value(p, start, v) : NULL;
    }
    case TK_NAME:
        if (t->kw == KW_NONE || t->kw == KW_TRUE || t->kw == KW_FALSE) {
            p->pos++;
            Node *n = mk(p, N_MATCH_SINGLETON, start);
            n->u.match_singleton.value.kind =
                t->kw == KW_NONE ? CONST_NONE : t->kw == KW_TRUE ? CONST_TRUE : CONST_FALSE;
            return n;
        }
        if (!tok_is_name(t)) return NULL;
        if (t->kw == KW_UNDERSCORE) {
            p->pos++;
            return mk_match_as(p, start, NULL, NULL);
        }
        {
            const char *name = capture_target_at(p, 0);
            if (name) {
                p->pos++;
                return mk_match_as(p, start, NULL, name);
            }
            Node *a = name_or_attr(p);
            if (!a) return NULL;
            if (at_op(p, OPK_LPAR)) return class_pattern_rest(p, start, a);
            if (a->kind == N_ATTRIBUTE && !at_op(p, OPK_DOT) && !at_op(p, OPK_EQUAL))
                return mk_match_value(p, start, a);
            return fail_at(p, start);
        }
    case TK_OP:
        switch (t->op) {
        case OPK_MINUS: {
            Node *v = literal_expr_value(p);
            return v ? mk_match_value(p, start, v) : NULL;
        }
        case OPK_LPAR: return sequence_or_group(p, OPK_RPAR);
        case OPK_LSQB: return sequence_or_group(p, OPK_RSQB);
        case OPK_LBRACE: return mapping_pattern(p);
        default: return NULL;
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

static Node *closed_pattern_memo(Parser *p) { MEMO_RULE(p, MEMO_CLOSED_PATTERN, closed_pattern_raw(p)); }

static Node *closed_pattern(Parser *p) {
    if (!enter(p)) return NULL;
    Node *r = closed_pattern_memo(p);
    leave(p);
    return r;
}

/* or_pattern: '|'.closed_pattern+ */
static Node *or_pattern(Parser *p) {
    int start = p->pos;
    Node *a = closed_pattern(p);
    if (!a || !at_op(p, OPK_VBAR)) return a;
    int m = lmark(p);
    lpush(p, a);
    while (at_op(p, OPK_VBAR)) {
        int s = p->pos++;
        Node *b = closed_pattern(p);
        if (!b) {
            if (ERR) return NULL;
            p->pos = s;
            break;
        }
        lpush(p, b);
    }
    if (lmark(p) - m == 1) {
        ldrop(p, m);
        return a;
    }
    Node *n = mk(p, N_MATCH_OR, start);
    n->u.match_seq.patterns = ltake(p, m);
    return n;
}

/* pattern: as_pattern | or_pattern
 * as_pattern:
 *     | or_pattern 'as' pattern_capture_target
 *     | invalid_as_pattern */
static Node *pattern_raw(Parser *p) {
    int start = p->pos;
    Node *a = or_pattern(p);
    if (!a || !at_kw(p, KW_AS)) return a;
    const char *name = capture_target_at(p, 1);
    if (name) {
        p->pos += 2;
        return mk_match_as(p, start, a, name);
    }
    if (invalid_on(p)) {
        int after = p->pos;
        p->pos = start;
        if (invalid_as_pattern(p)) return NULL;
        p->pos = after;
    }
    return a;
}

static Node *pattern(Parser *p) { return pattern_raw(p); }

/* maybe_star_pattern: star_pattern | pattern
 * star_pattern (memo):
 *     | '*' pattern_capture_target
 *     | '*' wildcard_pattern */
static Node *maybe_star_pattern(Parser *p) {
    if (!at_op(p, OPK_STAR)) return pattern(p);
    int start = p->pos;
    const Token *t = tk_ahead(p, 1);
    const char *name = capture_target_at(p, 1);
    if (!name && !tok_is_kw(t, KW_UNDERSCORE)) return NULL;
    p->pos += 2;
    Node *n = mk(p, N_MATCH_STAR, start);
    n->u.match_star.name = name;
    return n;
}

/* patterns:
 *     | open_sequence_pattern
 *     | pattern */
static Node *patterns(Parser *p) {
    int start = p->pos;
    Node *a = maybe_star_pattern(p);
    if (!a) return NULL;
    if (!at_op(p, OPK_COMMA)) {
        if (a->kind == N_MATCH_STAR) return fail_at(p, start);
        return a;
    }
    int m = lmark(p);
    lpush(p, a);
    p->pos++;
    for (;;) {
        int s = p->pos;
        Node *b = maybe_star_pattern(p);
        if (!b) {
            if (ERR) return NULL;
            p->pos = s;
            break;
        }
        lpush(p, b);
        if (!accept_op(p, OPK_COMMA)) break;
    }
    Node *n = mk(p, N_MATCH_SEQUENCE, start);
    n->u.match_seq.patterns = ltake(p, m);
    return n;
}

/* case_block:
 *     | invalid_case_block
 *     | "case" patterns guard? ':' block
 * guard: 'if' named_expression */
static Node *case_block(Parser *p) {
    if (invalid_on(p) && invalid_case_block(p)) return NULL;
    int start = p->pos;
    if (!accept_kw(p, KW_CASE)) return NULL;
    Node *pat = patterns(p);
    if (!pat) return fail_at(p, start);
    Node *guard = NULL;
    if (at_kw(p, KW_IF)) {
        int s = p->pos++;
        guard = parse_named_expression(p);
        if (ERR) return NULL;
        if (!guard) p->pos = s;
    }
    if (!accept_op(p, OPK_COLON)) return fail_at(p, start);
    bool ok;
    NodeList body = parse_block(p, &ok);
    if (!ok) return fail_at(p, start);
    Node *c = node_new(p, N_MATCH_CASE, (Span){0, 0, 0, 0});
    c->u.match_case.pattern = pat;
    c->u.match_case.guard = guard;
    c->u.match_case.body = body;
    return c;
}

/* subject_expr:
 *     | star_named_expression ',' star_named_expressions?
 *     | named_expression */
static Node *subject_expr(Parser *p) {
    int start = p->pos;
    Node *a = parse_star_named_expression(p);
    if (!a) return NULL;
    if (!at_op(p, OPK_COMMA)) {
        if (a->kind == N_STARRED) return fail_at(p, start);
        return a;
    }
    int m = lmark(p);
    lpush(p, a);
    p->pos++;
    for (;;) {
        int s = p->pos;
        Node *b = parse_star_named_expression(p);
        if (!b) {
            if (ERR) return NULL;
            p->pos = s;
            break;
        }
        lpush(p, b);
        if (!accept_op(p, OPK_COMMA)) break;
    }
    Node *t = mk(p, N_TUPLE, start);
    t->u.seq.elts = ltake(p, m);
    t->u.seq.ctx = CTX_LOAD;
    return t;
}

/* match_stmt:
 *     | "match" subject_expr ':' NEWLINE INDENT case_block+ DEDENT
 *     | invalid_match_stmt */
Node *parse_match_stmt(Parser *p) {
    int start = p->pos++;
    Node *subject = subject_expr(p);
    if (!subject || !accept_op(p, OPK_COLON) || !accept_kind(p, TK_NEWLINE) ||
        !accept_kind(p, TK_INDENT))
        goto fail;
    int m = lmark(p);
    for (;;) {
        Node *c = case_block(p);
        if (!c) break;
        lpush(p, c);
    }
    if (ERR) return NULL;
    if (lmark(p) == m || !accept_kind(p, TK_DEDENT)) {
        ldrop(p, m);
        goto fail;
    }
    Node *n = mk(p, N_MATCH, start);
    n->u.match.subject = subject;
    n->u.match.cases = ltake(p, m);
    return n;
fail:
    if (ERR) return NULL;
    p->pos = start;
    if (invalid_on(p)) invalid_match_stmt(p);
    return NULL;
}

/* ---- invalid_* rules of patterns (pass 2) ------------------------------------ */

static bool restore(Parser *p, int start) {
    if (ERR) return true;
    p->pos = start;
    return false;
}

/* NEWLINE !INDENT after a ':', raising the indentation error. */
static bool newline_no_indent(Parser *p, int start, const char *what, int line) {
    if (accept_kind(p, TK_NEWLINE) && !at_kind(p, TK_INDENT)) {
        perr_last(p, "expected an indented block after %s on line %d", what, line);
        return true;
    }
    return restore(p, start);
}

/* invalid_match_stmt:
 *     | "match" subject_expr NEWLINE
 *     | a="match" subject=subject_expr ':' NEWLINE !INDENT */
static bool invalid_match_stmt(Parser *p) {
    int start = p->pos;
    if (!accept_kw(p, KW_MATCH)) return false;
    if (subject_expr(p)) {
        if (at_kind(p, TK_NEWLINE)) {
            perr_last(p, "expected ':'");
            return true;
        }
        if (accept_op(p, OPK_COLON))
            return newline_no_indent(p, start, "'match' statement", tok_at(p, start)->line);
    }
    return restore(p, start);
}

/* invalid_case_block:
 *     | "case" patterns guard? NEWLINE
 *     | a="case" patterns guard? ':' NEWLINE !INDENT */
static bool invalid_case_block(Parser *p) {
    int start = p->pos;
    if (!accept_kw(p, KW_CASE)) return false;
    if (patterns(p)) {
        if (at_kw(p, KW_IF)) {
            int s = p->pos++;
            if (!parse_named_expression(p)) {
                if (ERR) return true;
                p->pos = s;
            }
        }
        if (at_kind(p, TK_NEWLINE)) {
            perr_last(p, "expected ':'");
            return true;
        }
        if (accept_op(p, OPK_COLON))
            return newline_no_indent(p, start, "'case' statement", tok_at(p, start)->line);
    }
    return restore(p, start);
}

/* invalid_as_pattern:
 *     | or_pattern 'as' a="_"
 *     | or_pattern 'as' !NAME a=expression */
static bool invalid_as_pattern(Parser *p) {
    int start = p->pos;
    if (or_pattern(p) && accept_kw(p, KW_AS)) {
        if (at_kw(p, KW_UNDERSCORE)) {
            perr_tok(p, p->pos, "cannot use '_' as a target");
            return true;
        }
        if (!at_name(p)) {
            Node *a = parse_expression(p);
            if (a) {
                perr_node(p, a, "invalid pattern target");
                return true;
            }
        }
    }
    return restore(p, start);
}

/* positional_patterns: ','.pattern+  (sets the first and the last) */
static bool positional_patterns(Parser *p, Node **first, Node **last) {
    int n = 0;
    for (;;) {
        int s = p->pos;
        Node *a = pattern(p);
        if (!a) {
            if (ERR) return false;
            p->pos = n ? s - 1 : s;
            break;
        }
        if (!n) *first = a;
        *last = a;
        n++;
        if (!accept_op(p, OPK_COMMA)) break;
    }
    return n > 0;
}

/* keyword_patterns: ','.keyword_pattern+ */
static bool keyword_patterns(Parser *p) {
    int n = 0;
    for (;;) {
        int s = p->pos;
        if (!at_name_op(p, OPK_EQUAL)) {
            p->pos = n ? s - 1 : s;
            break;
        }
        p->pos += 2;
        if (!pattern(p)) {
            if (ERR) return false;
            p->pos = n ? s - 1 : s;
            break;
        }
        n++;
        if (!accept_op(p, OPK_COMMA)) break;
    }
    return n > 0;
}

/* invalid_class_pattern:
 *     | name_or_attr '(' a=invalid_class_argument_pattern
 * invalid_class_argument_pattern:
 *     | [positional_patterns ','] keyword_patterns ',' a=positional_patterns */
static bool invalid_class_pattern(Parser *p) {
    int start = p->pos;
    if (name_or_attr(p) && accept_op(p, OPK_LPAR)) {
        int s = p->pos;
        Node *first, *last;
        if (!(positional_patterns(p, &first, &last) && accept_op(p, OPK_COMMA))) {
            if (ERR) return true;
            p->pos = s;
        }
        if (keyword_patterns(p) && accept_op(p, OPK_COMMA) && positional_patterns(p, &first, &last)) {
            perr_range(p, first, last, "positional patterns follow keyword patterns");
            return true;
        }
    }
    return restore(p, start);
}
