/* parse_stmt.c - statements: the file, blocks, simple and compound
 * statements, imports, function and class definitions (Grammar/python.gram,
 * STARTING RULES to COMPOUND STATEMENTS; match is in parse_pattern.c).
 *
 * Statements are pushed onto the scratch stack as they are parsed, since
 * simple_stmts yields several; a block takes them into the arena.
 *
 * Assignments: pass 1 parses star_expressions once and decides by the token
 * after it (`=`, `:`, an augmented operator or the end), converting the
 * expression into targets; pass 2 tries the grammar's alternatives in order,
 * so that its invalid_* rules fire where CPython's do.
 */
#include "parse_int.h"

#include <string.h>

#define ERR (p->st->error)

static bool simple_stmts(Parser *p);
static Node *compound_stmt(Parser *p);
static bool statement(Parser *p);

static const NodeList no_nodes = {NULL, 0};

/* file: [statements] ENDMARKER */
Node *parse_file(Parser *p) {
    int m = lmark(p);
    for (;;) {
        int save = p->pos;
        if (!statement(p)) {
            if (ERR) return NULL;
            p->pos = save;
            break;
        }
        if (p->st->second_pass) memo_clear(p->st);
    }
    if (!at_kind(p, TK_ENDMARKER)) {
        ldrop(p, m);
        return NULL;
    }
    Node *mod = node_new(p, N_MODULE, (Span){0, 0, 0, 0});
    mod->u.module.body = ltake(p, m);
    mod->u.module.arena = p->arena;
    return mod;
}

/* statement: compound_stmt | simple_stmts */
static bool statement(Parser *p) {
    Node *c = compound_stmt(p);
    if (c) {
        lpush(p, c);
        return true;
    }
    if (ERR) return false;
    return simple_stmts(p);
}

/* statements: statement+ */
bool parse_statements(Parser *p) {
    int m = lmark(p);
    for (;;) {
        int save = p->pos;
        if (!statement(p)) {
            if (ERR) return false;
            p->pos = save;
            break;
        }
    }
    return lmark(p) > m;
}

/* block (memo):
 *     | NEWLINE INDENT statements DEDENT
 *     | simple_stmts
 *     | invalid_block */
static NodeList block_raw(Parser *p, bool *ok) {
    int start = p->pos;
    int m = lmark(p);
    *ok = false;
    if (at_kind(p, TK_NEWLINE)) {
        p->pos++;
        if (accept_kind(p, TK_INDENT)) {
            if (!enter(p)) return no_nodes;
            bool any = parse_statements(p);
            leave(p);
            if (any && accept_kind(p, TK_DEDENT)) {
                *ok = true;
                return ltake(p, m);
            }
        }
    } else if (simple_stmts(p)) {
        *ok = true;
        return ltake(p, m);
    }
    if (ERR) return no_nodes;
    ldrop(p, m);
    p->pos = start;
    if (invalid_on(p)) invalid_block(p);
    return no_nodes;
}

NodeList parse_block(Parser *p, bool *ok) {
    if (!p->st->second_pass) return block_raw(p, ok);
    int start = p->pos;
    Node *r;
    if (memo_get(p, MEMO_BLOCK, start, &r)) {
        *ok = r != NULL;
        return r ? r->u.module.body : no_nodes;
    }
    NodeList l = block_raw(p, ok);
    if (*ok) {
        r = node_new(p, N_MODULE, (Span){0, 0, 0, 0});
        r->u.module.body = l;
    } else {
        r = NULL;
    }
    memo_put(p, MEMO_BLOCK, start, r);
    return l;
}

/* ---- simple statements ------------------------------------------------------ */

/* simple_stmts:
 *     | simple_stmt !';' NEWLINE
 *     | ';'.simple_stmt+ [';'] NEWLINE */
static Node *simple_stmt(Parser *p);

static bool simple_stmts(Parser *p) {
    int start = p->pos, m = lmark(p);
    for (;;) {
        Node *s = simple_stmt(p);
        if (!s) goto fail;
        lpush(p, s);
        if (!accept_op(p, OPK_SEMI)) break;
        if (at_kind(p, TK_NEWLINE)) break;
    }
    if (accept_kind(p, TK_NEWLINE)) return true;
fail:
    if (ERR) return false;
    ldrop(p, m);
    p->pos = start;
    return false;
}

static int augassign_op(const Token *t) {
    if (t->kind != TK_OP) return -1;
    switch (t->op) {
    case OPK_PLUSEQUAL: return OP_ADD;
    case OPK_MINEQUAL: return OP_SUB;
    case OPK_STAREQUAL: return OP_MULT;
    case OPK_ATEQUAL: return OP_MATMULT;
    case OPK_SLASHEQUAL: return OP_DIV;
    case OPK_PERCENTEQUAL: return OP_MOD;
    case OPK_AMPEREQUAL: return OP_BITAND;
    case OPK_VBAREQUAL: return OP_BITOR;
    case OPK_CIRCUMFLEXEQUAL: return OP_BITXOR;
    case OPK_LEFTSHIFTEQUAL: return OP_LSHIFT;
    case OPK_RIGHTSHIFTEQUAL: return OP_RSHIFT;
    case OPK_DOUBLESTAREQUAL: return OP_POW;
    case OPK_DOUBLESLASHEQUAL: return OP_FLOORDIV;
    default: return -1;
    }
}

/* The rest of an annotated assignment after its target:
 *     ':' expression ['=' annotated_rhs] */
static Node *annassign_rest(Parser *p, int start, Node *target, int simple) {
    int save = p->pos;
    if (!accept_op(p, OPK_COLON)) return NULL;
    Node *ann = parse_expression(p);
    if (!ann) {
        p->pos = save;
        return NULL;
    }
    Node *value = NULL;
    if (at_op(p, OPK_EQUAL)) {
        int s = p->pos++;
        value = parse_annotated_rhs(p);
        if (ERR) return NULL;
        if (!value) p->pos = s;
    }
    Node *n = mk(p, N_ANN_ASSIGN, start);
    n->u.ann.target = target;
    n->u.ann.annotation = ann;
    n->u.ann.value = value;
    n->u.ann.simple = simple;
    return n;
}

/* The rest of an assignment after its first target, at '=':
 *     (star_targets '=')+ (yield_expr | star_expressions) !'=' */
static Node *assign_rest(Parser *p, int start, Node *first) {
    int m = lmark(p);
    lpush(p, first);
    Node *value;
    for (;;) {
        p->pos++;
        Node *v = parse_annotated_rhs(p);
        if (!v) goto fail;
        if (!at_op(p, OPK_EQUAL)) {
            value = v;
            break;
        }
        if (!to_star_targets(v)) goto fail;
        lpush(p, v);
    }
    Node *n = mk(p, N_ASSIGN, start);
    n->u.assign.targets = ltake(p, m);
    n->u.assign.value = value;
    return n;
fail:
    ldrop(p, m);
    p->pos = start;
    return NULL;
}

/* The rest of an augmented assignment at its operator:
 *     single_target augassign ~ (yield_expr | star_expressions) */
static Node *augassign_rest(Parser *p, int start, Node *target, int op) {
    p->pos++;
    Node *v = parse_annotated_rhs(p);
    if (!v) return NULL;
    Node *n = mk(p, N_AUG_ASSIGN, start);
    n->u.aug.target = target;
    n->u.aug.op = (BinOpKind)op;
    n->u.aug.value = v;
    return n;
}

static Node *mk_expr_stmt(Parser *p, int start, Node *e) {
    Node *n = mk(p, N_EXPR, start);
    n->u.expr.value = e;
    return n;
}

/* assignment (pass 1), then star_expressions:
 *     | NAME ':' expression ['=' annotated_rhs]
 *     | ('(' single_target ')' | single_subscript_attribute_target) ':' expression ['=' annotated_rhs]
 *     | (star_targets '=')+ (yield_expr | star_expressions) !'=' [TYPE_COMMENT]
 *     | single_target augassign ~ (yield_expr | star_expressions)
 * The target is parsed once as star_expressions and converted. */
static Node *assignment_fast(Parser *p) {
    int start = p->pos;
    if (at_name_op(p, OPK_COLON)) {
        Node *t = mk_name(p, tk(p), CTX_STORE);
        p->pos++;
        Node *n = annassign_rest(p, start, t, 1);
        if (n || ERR) return n;
        p->pos = start;
    }
    Node *e = parse_expressions_star(p);
    if (!e) return NULL;
    const Token *t = tk(p);
    if (tok_is_op(t, OPK_EQUAL)) {
        if (!to_star_targets(e)) goto fail;
        return assign_rest(p, start, e);
    }
    if (tok_is_op(t, OPK_COLON)) {
        /* A Name here had parentheses: a bare NAME was handled above. */
        if (e->kind != N_NAME && e->kind != N_ATTRIBUTE && e->kind != N_SUBSCRIPT) goto fail;
        if (e->kind == N_NAME && !tok_is_op(tok_at(p, start), OPK_LPAR)) goto fail;
        set_ctx(e, CTX_STORE);
        Node *n = annassign_rest(p, start, e, 0);
        if (!n) goto fail;
        return n;
    }
    int op = augassign_op(t);
    if (op >= 0) {
        if (!to_single_target(e)) goto fail;
        return augassign_rest(p, start, e, op);
    }
    return mk_expr_stmt(p, start, e);
fail:
    if (ERR) return NULL;
    p->pos = start;
    return NULL;
}

/* The same in pass 2, alternative by alternative as the grammar has it:
 * assignment (with invalid_assignment last), then star_expressions. */
static Node *assignment_pass2(Parser *p) {
    int start = p->pos;
    Node *n;
    /* NAME ':' expression ['=' annotated_rhs] */
    if (at_name_op(p, OPK_COLON)) {
        Node *t = mk_name(p, tk(p), CTX_STORE);
        p->pos++;
        if ((n = annassign_rest(p, start, t, 1)) || ERR) return n;
        p->pos = start;
    }
    /* ('(' single_target ')' | single_subscript_attribute_target) ':' ... */
    Node *e = parse_primary(p);
    if (e && at_op(p, OPK_COLON) &&
        (e->kind == N_ATTRIBUTE || e->kind == N_SUBSCRIPT ||
         (e->kind == N_NAME && tok_is_op(tok_at(p, start), OPK_LPAR)))) {
        set_ctx(e, CTX_STORE);
        if ((n = annassign_rest(p, start, e, 0)) || ERR) return n;
    }
    if (ERR) return NULL;
    p->pos = start;
    /* (star_targets '=')+ (yield_expr | star_expressions) !'=' */
    int m = lmark(p);
    for (;;) {
        int s = p->pos;
        Node *t = parse_star_targets(p);
        if (t && accept_op(p, OPK_EQUAL)) {
            lpush(p, t);
            continue;
        }
        if (ERR) return NULL;
        p->pos = s;
        break;
    }
    if (lmark(p) > m) {
        Node *v = parse_annotated_rhs(p);
        if (v && !at_op(p, OPK_EQUAL)) {
            n = mk(p, N_ASSIGN, start);
            n->u.assign.targets = ltake(p, m);
            n->u.assign.value = v;
            return n;
        }
        if (ERR) return NULL;
        ldrop(p, m);
    }
    p->pos = start;
    /* single_target augassign ~ (yield_expr | star_expressions) */
    Node *t = parse_single_target(p);
    if (t && augassign_op(tk(p)) >= 0) {
        n = augassign_rest(p, start, t, augassign_op(tk(p)));
        if (n || ERR) return n;
        /* The cut: no further alternative of assignment. */
        p->pos = start;
        goto expression;
    }
    if (ERR) return NULL;
    p->pos = start;
    if (invalid_assignment(p)) return NULL;
expression:
    e = parse_expressions_star(p);
    if (!e) return NULL;
    return mk_expr_stmt(p, start, e);
}

/* return_stmt: 'return' [star_expressions] */
static Node *return_stmt(Parser *p) {
    int start = p->pos++;
    Node *v = parse_expressions_star(p);
    if (ERR) return NULL;
    Node *n = mk(p, N_RETURN, start);
    n->u.ret.value = v;
    return n;
}

/* raise_stmt:
 *     | 'raise' expression ['from' expression]
 *     | 'raise' */
static Node *raise_stmt(Parser *p) {
    int start = p->pos++;
    Node *exc = parse_expression(p), *cause = NULL;
    if (ERR) return NULL;
    if (exc && at_kw(p, KW_FROM)) {
        int s = p->pos++;
        cause = parse_expression(p);
        if (ERR) return NULL;
        if (!cause) p->pos = s;
    }
    Node *n = mk(p, N_RAISE, start);
    n->u.raise.exc = exc;
    n->u.raise.cause = cause;
    return n;
}

/* global_stmt: 'global' ','.NAME+
 * nonlocal_stmt: 'nonlocal' ','.NAME+ */
static Node *global_stmt(Parser *p, NodeKind kind) {
    int start = p->pos++;
    ParseState *st = p->st;
    int m = st->ids.n;
    for (;;) {
        if (!at_name(p)) {
            st->ids.n = m;
            p->pos = start;
            return NULL;
        }
        vec_push(&st->ids, tk(p)->name);
        p->pos++;
        if (!(at_op(p, OPK_COMMA) && tok_is_name(tk_ahead(p, 1)))) break;
        p->pos++;
    }
    Node *n = mk(p, kind, start);
    n->u.global.names = ids_take(p, m);
    return n;
}

/* del_stmt:
 *     | 'del' del_targets &(';' | NEWLINE)
 *     | invalid_del_stmt */
static Node *del_stmt(Parser *p) {
    int start = p->pos++;
    NodeList targets;
    if (parse_del_targets_list(p, &targets) && (at_op(p, OPK_SEMI) || at_kind(p, TK_NEWLINE))) {
        Node *n = mk(p, N_DELETE, start);
        n->u.del.targets = targets;
        return n;
    }
    if (ERR) return NULL;
    p->pos = start;
    if (invalid_on(p)) invalid_del_stmt(p);
    return NULL;
}

/* assert_stmt: 'assert' expression [',' expression] */
static Node *assert_stmt(Parser *p) {
    int start = p->pos++;
    Node *test = parse_expression(p);
    if (!test) {
        p->pos = start;
        return NULL;
    }
    Node *msg = NULL;
    if (at_op(p, OPK_COMMA)) {
        int s = p->pos++;
        msg = parse_expression(p);
        if (ERR) return NULL;
        if (!msg) p->pos = s;
    }
    Node *n = mk(p, N_ASSERT, start);
    n->u.assert_.test = test;
    n->u.assert_.msg = msg;
    return n;
}

/* dotted_name:
 *     | dotted_name '.' NAME
 *     | NAME
 * Returns the interned dotted name, or NULL. */
static const char *dotted_name(Parser *p) {
    if (!at_name(p)) return NULL;
    const Token *first = tk(p);
    p->pos++;
    if (!(at_op(p, OPK_DOT) && tok_is_name(tk_ahead(p, 1)))) return first->name;
    StrBuf b = {0};
    sb_puts(&b, first->name);
    while (at_op(p, OPK_DOT) && tok_is_name(tk_ahead(p, 1))) {
        sb_putc(&b, '.');
        sb_puts(&b, tk_ahead(p, 1)->name);
        p->pos += 2;
    }
    const char *s = intern(p->names, b.s, b.len);
    sb_free(&b);
    return s;
}

static Node *mk_alias(Parser *p, int start, const char *name, const char *asname) {
    Node *a = mk(p, N_ALIAS, start);
    a->u.alias.name = name;
    a->u.alias.asname = asname;
    return a;
}

/* ['as' NAME] */
static const char *opt_asname(Parser *p) {
    if (at_kw(p, KW_AS) && tok_is_name(tk_ahead(p, 1))) {
        const char *s = tk_ahead(p, 1)->name;
        p->pos += 2;
        return s;
    }
    return NULL;
}

/* import_name: 'import' dotted_as_names
 * dotted_as_names: ','.dotted_as_name+
 * dotted_as_name: dotted_name ['as' NAME] */
static Node *import_name(Parser *p) {
    int start = p->pos++;
    int m = lmark(p);
    for (;;) {
        int s = p->pos;
        const char *name = dotted_name(p);
        if (!name) {
            ldrop(p, m);
            p->pos = start;
            return NULL;
        }
        lpush(p, mk_alias(p, s, name, opt_asname(p)));
        if (!(at_op(p, OPK_COMMA) && tok_is_name(tk_ahead(p, 1)))) break;
        p->pos++;
    }
    Node *n = mk(p, N_IMPORT, start);
    n->u.import.names = ltake(p, m);
    return n;
}

/* import_from_as_names: ','.import_from_as_name+
 * import_from_as_name: NAME ['as' NAME]
 * Pushes the aliases; false when there is none. */
static bool import_from_as_names(Parser *p) {
    int m = lmark(p);
    for (;;) {
        if (!at_name(p)) break;
        int s = p->pos;
        const char *name = tk(p)->name;
        p->pos++;
        lpush(p, mk_alias(p, s, name, opt_asname(p)));
        if (!(at_op(p, OPK_COMMA) && tok_is_name(tk_ahead(p, 1)))) break;
        p->pos++;
    }
    return lmark(p) > m;
}

/* import_from:
 *     | 'from' ('.' | '...')* dotted_name 'import' import_from_targets
 *     | 'from' ('.' | '...')+ 'import' import_from_targets
 * import_from_targets:
 *     | '(' import_from_as_names [','] ')'
 *     | import_from_as_names !','
 *     | '*'
 *     | invalid_import_from_targets */
static Node *import_from(Parser *p) {
    int start = p->pos++;
    int level = 0;
    for (;;) {
        if (accept_op(p, OPK_DOT)) level += 1;
        else if (accept_op(p, OPK_ELLIPSIS)) level += 3;
        else break;
    }
    const char *module = dotted_name(p);
    if ((!module && level == 0) || !accept_kw(p, KW_IMPORT)) goto fail;
    int m = lmark(p);
    if (at_op(p, OPK_LPAR)) {
        p->pos++;
        if (!import_from_as_names(p)) goto fail;
        accept_op(p, OPK_COMMA);
        if (!accept_op(p, OPK_RPAR)) {
            ldrop(p, m);
            goto fail;
        }
    } else if (at_op(p, OPK_STAR)) {
        int s = p->pos++;
        lpush(p, mk_alias(p, s, intern_cstr(p->names, "*"), NULL));
    } else {
        int s = p->pos;
        if (!import_from_as_names(p) || at_op(p, OPK_COMMA)) {
            ldrop(p, m);
            if (ERR) return NULL;
            p->pos = s;
            if (invalid_on(p)) invalid_import_from_targets(p);
            goto fail;
        }
    }
    Node *n = mk(p, N_IMPORT_FROM, start);
    n->u.import_from.module = module;
    n->u.import_from.names = ltake(p, m);
    n->u.import_from.level = level;
    return n;
fail:
    if (ERR) return NULL;
    p->pos = start;
    return NULL;
}

/* simple_stmt (memo):
 *     | assignment
 *     | star_expressions
 *     | &'return' return_stmt
 *     | &('import' | 'from') import_stmt
 *     | &'raise' raise_stmt
 *     | 'pass'
 *     | &'del' del_stmt
 *     | &'yield' yield_stmt
 *     | &'assert' assert_stmt
 *     | 'break'
 *     | 'continue'
 *     | &'global' global_stmt
 *     | &'nonlocal' nonlocal_stmt
 * Statements led by a keyword go straight to their rule: assignment and
 * star_expressions cannot start with one (but `yield` meets
 * invalid_assignment first in pass 2). */
static Node *simple_stmt(Parser *p) {
    const Token *t = tk(p);
    int start = p->pos;
    if (t->kind == TK_NAME) {
        switch (t->kw) {
        case KW_RETURN: return return_stmt(p);
        case KW_IMPORT: return import_name(p);
        case KW_FROM: return import_from(p);
        case KW_RAISE: return raise_stmt(p);
        case KW_PASS:
        case KW_BREAK:
        case KW_CONTINUE: {
            p->pos++;
            return mk(p, t->kw == KW_PASS ? N_PASS : t->kw == KW_BREAK ? N_BREAK : N_CONTINUE, start);
        }
        case KW_DEL: return del_stmt(p);
        case KW_YIELD: {
            if (invalid_on(p) && invalid_assignment(p)) return NULL;
            Node *y = parse_yield_expr(p);
            if (!y) return NULL;
            return mk_expr_stmt(p, start, y);
        }
        case KW_ASSERT: return assert_stmt(p);
        case KW_GLOBAL: return global_stmt(p, N_GLOBAL);
        case KW_NONLOCAL: return global_stmt(p, N_NONLOCAL);
        default: break;
        }
    }
    if (p->st->second_pass) return assignment_pass2(p);
    return assignment_fast(p);
}

/* ---- compound statements ------------------------------------------------------ */

/* else_block:
 *     | invalid_else_stmt
 *     | 'else' &&':' block
 * Returns true with the block in *out when there is one. */
static bool else_block(Parser *p, NodeList *out) {
    if (invalid_on(p) && invalid_else_stmt(p)) return false;
    if (!at_kw(p, KW_ELSE)) return false;
    int start = p->pos++;
    if (!at_op(p, OPK_COLON)) {
        perr_tok(p, p->pos, "expected ':'");
        return false;
    }
    p->pos++;
    bool ok;
    *out = parse_block(p, &ok);
    if (!ok) p->pos = start;
    return ok;
}

/* if_stmt:
 *     | invalid_if_stmt
 *     | 'if' named_expression ':' block elif_stmt
 *     | 'if' named_expression ':' block [else_block]
 * elif_stmt:
 *     | invalid_elif_stmt
 *     | 'elif' named_expression ':' block elif_stmt
 *     | 'elif' named_expression ':' block [else_block] */
static Node *if_stmt(Parser *p, bool elif) {
    if (invalid_on(p) && (elif ? invalid_elif_stmt(p) : invalid_if_stmt(p))) return NULL;
    int start = p->pos++;
    Node *test = parse_named_expression(p);
    if (!test || !accept_op(p, OPK_COLON)) goto fail;
    bool ok;
    NodeList body = parse_block(p, &ok);
    if (!ok) goto fail;
    NodeList orelse = no_nodes;
    if (at_kw(p, KW_ELIF)) {
        if (!enter(p)) return NULL;
        Node *e = if_stmt(p, true);
        leave(p);
        if (e) orelse = list_of1(p, e);
        else if (ERR) return NULL;
    } else {
        else_block(p, &orelse);
        if (ERR) return NULL;
    }
    Node *n = mk(p, N_IF, start);
    n->u.cond.test = test;
    n->u.cond.body = body;
    n->u.cond.orelse = orelse;
    return n;
fail:
    if (ERR) return NULL;
    p->pos = start;
    return NULL;
}

/* while_stmt:
 *     | invalid_while_stmt
 *     | 'while' named_expression ':' block [else_block] */
static Node *while_stmt(Parser *p) {
    if (invalid_on(p) && invalid_while_stmt(p)) return NULL;
    int start = p->pos++;
    Node *test = parse_named_expression(p);
    if (!test || !accept_op(p, OPK_COLON)) goto fail;
    bool ok;
    NodeList body = parse_block(p, &ok);
    if (!ok) goto fail;
    NodeList orelse = no_nodes;
    else_block(p, &orelse);
    if (ERR) return NULL;
    Node *n = mk(p, N_WHILE, start);
    n->u.cond.test = test;
    n->u.cond.body = body;
    n->u.cond.orelse = orelse;
    return n;
fail:
    if (ERR) return NULL;
    p->pos = start;
    return NULL;
}

/* for_stmt:
 *     | invalid_for_stmt
 *     | 'for' star_targets 'in' ~ star_expressions ':' [TYPE_COMMENT] block [else_block]
 *     | ASYNC 'for' star_targets 'in' ~ star_expressions ':' [TYPE_COMMENT] block [else_block]
 *     | invalid_for_target */
static Node *for_stmt(Parser *p) {
    if (invalid_on(p) && invalid_for_stmt(p)) return NULL;
    int start = p->pos;
    bool is_async = accept_kw(p, KW_ASYNC);
    p->pos++; /* 'for' */
    Node *target = parse_star_targets(p);
    if (!target || !accept_kw(p, KW_IN)) {
        if (ERR) return NULL;
        p->pos = start;
        if (invalid_on(p)) invalid_for_target(p);
        return NULL;
    }
    Node *iter = parse_expressions_star(p);
    bool ok = false;
    NodeList body = no_nodes, orelse = no_nodes;
    if (iter && accept_op(p, OPK_COLON)) body = parse_block(p, &ok);
    if (!ok) {
        /* After the cut nothing else is tried. */
        if (!ERR) p->pos = start;
        return NULL;
    }
    else_block(p, &orelse);
    if (ERR) return NULL;
    Node *n = mk(p, is_async ? N_ASYNC_FOR : N_FOR, start);
    n->u.for_.target = target;
    n->u.for_.iter = iter;
    n->u.for_.body = body;
    n->u.for_.orelse = orelse;
    return n;
}

/* with_item:
 *     | expression 'as' star_target &(',' | ')' | ':')
 *     | invalid_with_item
 *     | expression */
static Node *with_item(Parser *p) {
    int start = p->pos;
    Node *e = parse_expression(p);
    if (!e) return NULL;
    Node *target = NULL;
    if (at_kw(p, KW_AS)) {
        int save = p->pos++;
        Node *t = parse_star_target(p);
        if (t && (at_op(p, OPK_COMMA) || at_op(p, OPK_RPAR) || at_op(p, OPK_COLON))) {
            target = t;
        } else {
            if (ERR) return NULL;
            if (invalid_on(p)) {
                p->pos = start;
                if (invalid_with_item(p)) return NULL;
            }
            p->pos = save;
        }
    }
    Node *w = node_new(p, N_WITHITEM, (Span){0, 0, 0, 0});
    w->u.withitem.context_expr = e;
    w->u.withitem.optional_vars = target;
    return w;
}

/* ','.with_item+ : pushes the items; false when there is none. */
static bool with_items(Parser *p) {
    int m = lmark(p);
    for (;;) {
        int s = p->pos;
        Node *w = with_item(p);
        if (!w) {
            if (ERR) return false;
            p->pos = s;
            if (lmark(p) > m) p->pos = s - 1; /* un-consume the ',' */
            break;
        }
        lpush(p, w);
        if (!accept_op(p, OPK_COMMA)) break;
    }
    return lmark(p) > m;
}

/* with_stmt:
 *     | invalid_with_stmt_indent
 *     | 'with' '(' ','.with_item+ ','? ')' ':' block
 *     | 'with' ','.with_item+ ':' [TYPE_COMMENT] block
 *     | ASYNC 'with' '(' ','.with_item+ ','? ')' ':' block
 *     | ASYNC 'with' ','.with_item+ ':' [TYPE_COMMENT] block
 *     | invalid_with_stmt */
static Node *with_stmt(Parser *p) {
    if (invalid_on(p) && invalid_with_stmt_indent(p)) return NULL;
    int start = p->pos;
    bool is_async = accept_kw(p, KW_ASYNC);
    p->pos++; /* 'with' */
    int after = p->pos;
    int m = lmark(p);
    bool have = false;
    if (at_op(p, OPK_LPAR)) {
        p->pos++;
        if (with_items(p)) {
            accept_op(p, OPK_COMMA);
            if (accept_op(p, OPK_RPAR) && at_op(p, OPK_COLON)) have = true;
        }
        if (ERR) return NULL;
        if (!have) {
            ldrop(p, m);
            p->pos = after;
        }
    }
    if (!have) {
        if (!with_items(p)) goto fail;
        if (!at_op(p, OPK_COLON)) {
            ldrop(p, m);
            goto fail;
        }
    }
    NodeList items = ltake(p, m);
    p->pos++; /* ':' */
    bool ok;
    NodeList body = parse_block(p, &ok);
    if (!ok) goto fail;
    Node *n = mk(p, is_async ? N_ASYNC_WITH : N_WITH, start);
    n->u.with.items = items;
    n->u.with.body = body;
    return n;
fail:
    if (ERR) return NULL;
    p->pos = start;
    if (invalid_on(p)) invalid_with_stmt(p);
    return NULL;
}

/* except_block:
 *     | invalid_except_stmt_indent
 *     | 'except' expression ['as' NAME] ':' block
 *     | 'except' ':' block
 *     | invalid_except_stmt
 * except_star_block:
 *     | invalid_except_star_stmt_indent
 *     | 'except' '*' expression ['as' NAME] ':' block
 *     | invalid_except_stmt */
Node *parse_except_block(Parser *p, bool star) {
    if (invalid_on(p) &&
        (star ? invalid_except_star_stmt_indent(p) : invalid_except_stmt_indent(p)))
        return NULL;
    int start = p->pos;
    if (!accept_kw(p, KW_EXCEPT)) return NULL;
    Node *type = NULL;
    const char *name = NULL;
    if (star && !accept_op(p, OPK_STAR)) goto fail;
    if (star || !at_op(p, OPK_COLON)) {
        type = parse_expression(p);
        if (!type) goto fail;
        name = opt_asname(p);
    }
    if (!accept_op(p, OPK_COLON)) goto fail;
    bool ok;
    NodeList body = parse_block(p, &ok);
    if (!ok) goto fail;
    Node *h = mk(p, N_EXCEPT_HANDLER, start);
    h->u.handler.type = type;
    h->u.handler.name = name;
    h->u.handler.body = body;
    return h;
fail:
    if (ERR) return NULL;
    p->pos = start;
    if (invalid_on(p)) invalid_except_stmt(p);
    return NULL;
}

/* finally_block:
 *     | invalid_finally_stmt
 *     | 'finally' &&':' block */
static bool finally_block(Parser *p, NodeList *out) {
    if (invalid_on(p) && invalid_finally_stmt(p)) return false;
    if (!at_kw(p, KW_FINALLY)) return false;
    int start = p->pos++;
    if (!at_op(p, OPK_COLON)) {
        perr_tok(p, p->pos, "expected ':'");
        return false;
    }
    p->pos++;
    bool ok;
    *out = parse_block(p, &ok);
    if (!ok) p->pos = start;
    return ok;
}

/* try_stmt:
 *     | invalid_try_stmt
 *     | 'try' &&':' block finally_block
 *     | 'try' &&':' block except_block+ [else_block] [finally_block]
 *     | 'try' &&':' block except_star_block+ [else_block] [finally_block] */
static Node *try_stmt(Parser *p) {
    if (invalid_on(p) && invalid_try_stmt(p)) return NULL;
    int start = p->pos++;
    if (!at_op(p, OPK_COLON)) return perr_tok(p, p->pos, "expected ':'");
    p->pos++;
    bool ok;
    NodeList body = parse_block(p, &ok);
    if (!ok) goto fail;
    NodeList orelse = no_nodes, final = no_nodes;
    if (finally_block(p, &final)) {
        Node *n = mk(p, N_TRY, start);
        n->u.try_.body = body;
        n->u.try_.finalbody = final;
        return n;
    }
    if (ERR) return NULL;
    /* except_block+, and when there is none, except_star_block+ */
    bool star = false;
    int m = lmark(p);
    for (;;) {
        Node *h = parse_except_block(p, star);
        if (!h) {
            if (ERR) return NULL;
            if (lmark(p) > m || star) break;
            star = true;
            continue;
        }
        lpush(p, h);
    }
    if (lmark(p) == m) goto fail;
    NodeList handlers = ltake(p, m);
    else_block(p, &orelse);
    if (ERR) return NULL;
    finally_block(p, &final);
    if (ERR) return NULL;
    Node *n = mk(p, star ? N_TRY_STAR : N_TRY, start);
    n->u.try_.body = body;
    n->u.try_.handlers = handlers;
    n->u.try_.orelse = orelse;
    n->u.try_.finalbody = final;
    return n;
fail:
    if (ERR) return NULL;
    p->pos = start;
    return NULL;
}

/* function_def_raw:
 *     | invalid_def_raw
 *     | 'def' NAME &&'(' [params] ')' ['->' expression] &&':' [func_type_comment] block
 *     | ASYNC 'def' NAME &&'(' [params] ')' ['->' expression] &&':' [func_type_comment] block */
static Node *function_def_raw(Parser *p, NodeList decorators) {
    if (invalid_on(p) && invalid_def_raw(p)) return NULL;
    int start = p->pos;
    bool is_async = accept_kw(p, KW_ASYNC);
    if (!accept_kw(p, KW_DEF) || !at_name(p)) goto fail;
    const Token *name = tk(p);
    p->pos++;
    if (!at_op(p, OPK_LPAR)) return perr_tok(p, p->pos, "expected '('");
    p->pos++;
    Node *params = NULL;
    if (!at_op(p, OPK_RPAR)) {
        params = parse_params(p);
        if (ERR) return NULL;
    }
    if (!accept_op(p, OPK_RPAR)) goto fail;
    Node *returns = NULL;
    if (at_op(p, OPK_ARROW)) {
        int s = p->pos++;
        returns = parse_expression(p);
        if (ERR) return NULL;
        if (!returns) p->pos = s;
    }
    if (!at_op(p, OPK_COLON)) return perr_tok(p, p->pos, "expected ':'");
    p->pos++;
    bool ok;
    NodeList body = parse_block(p, &ok);
    if (!ok) goto fail;
    Node *f = mk(p, is_async ? N_ASYNC_FUNCTION_DEF : N_FUNCTION_DEF, start);
    f->u.func.name = name->name;
    f->u.func.args = params ? params : node_new(p, N_ARGUMENTS, (Span){0, 0, 0, 0});
    f->u.func.body = body;
    f->u.func.decorators = decorators;
    f->u.func.returns = returns;
    return f;
fail:
    if (ERR) return NULL;
    p->pos = start;
    return NULL;
}

/* class_def_raw:
 *     | invalid_class_def_raw
 *     | 'class' NAME ['(' [arguments] ')'] ':' block */
static Node *class_def_raw(Parser *p, NodeList decorators) {
    if (invalid_on(p) && invalid_class_def_raw(p)) return NULL;
    int start = p->pos++;
    if (!at_name(p)) goto fail;
    const Token *name = tk(p);
    p->pos++;
    NodeList bases = no_nodes, keywords = no_nodes;
    if (at_op(p, OPK_LPAR)) {
        int s = p->pos++;
        Node *args = NULL;
        if (!at_op(p, OPK_RPAR)) {
            args = parse_arguments(p);
            if (ERR) return NULL;
        }
        if (accept_op(p, OPK_RPAR)) {
            if (args) {
                bases = args->u.call.args;
                keywords = args->u.call.keywords;
            }
        } else {
            p->pos = s;
        }
    }
    if (!accept_op(p, OPK_COLON)) goto fail;
    bool ok;
    NodeList body = parse_block(p, &ok);
    if (!ok) goto fail;
    Node *c = mk(p, N_CLASS_DEF, start);
    c->u.cls.name = name->name;
    c->u.cls.bases = bases;
    c->u.cls.keywords = keywords;
    c->u.cls.body = body;
    c->u.cls.decorators = decorators;
    return c;
fail:
    if (ERR) return NULL;
    p->pos = start;
    return NULL;
}

/* decorators: ('@' f=named_expression NEWLINE)+
 * function_def: decorators function_def_raw | function_def_raw
 * class_def: decorators class_def_raw | class_def_raw */
static Node *decorated(Parser *p) {
    int start = p->pos;
    int m = lmark(p);
    while (at_op(p, OPK_AT)) {
        int s = p->pos++;
        Node *e = parse_named_expression(p);
        if (!e || !accept_kind(p, TK_NEWLINE)) {
            if (ERR) return NULL;
            p->pos = s;
            break;
        }
        lpush(p, e);
    }
    if (lmark(p) == m) return NULL;
    NodeList decorators = ltake(p, m);
    Node *r = NULL;
    const Token *t = tk(p);
    if (tok_is_kw(t, KW_DEF) || (tok_is_kw(t, KW_ASYNC) && tok_is_kw(tk_ahead(p, 1), KW_DEF)))
        r = function_def_raw(p, decorators);
    else if (tok_is_kw(t, KW_CLASS))
        r = class_def_raw(p, decorators);
    if (!r && !ERR) p->pos = start;
    return r;
}

/* compound_stmt:
 *     | &('def' | '@' | ASYNC) function_def
 *     | &'if' if_stmt
 *     | &('class' | '@') class_def
 *     | &('with' | ASYNC) with_stmt
 *     | &('for' | ASYNC) for_stmt
 *     | &'try' try_stmt
 *     | &'while' while_stmt
 *     | match_stmt */
static Node *compound_stmt(Parser *p) {
    static const NodeList none = {NULL, 0};
    const Token *t = tk(p);
    if (t->kind == TK_OP) return t->op == OPK_AT ? decorated(p) : NULL;
    if (t->kind != TK_NAME) return NULL;
    switch (t->kw) {
    case KW_DEF: return function_def_raw(p, none);
    case KW_ASYNC: {
        const Token *n = tk_ahead(p, 1);
        if (tok_is_kw(n, KW_DEF)) return function_def_raw(p, none);
        if (tok_is_kw(n, KW_WITH)) return with_stmt(p);
        if (tok_is_kw(n, KW_FOR)) return for_stmt(p);
        return NULL;
    }
    case KW_IF: return if_stmt(p, false);
    case KW_CLASS: return class_def_raw(p, none);
    case KW_WITH: return with_stmt(p);
    case KW_FOR: return for_stmt(p);
    case KW_TRY: return try_stmt(p);
    case KW_WHILE: return while_stmt(p);
    case KW_MATCH: return parse_match_stmt(p);
    default: return NULL;
    }
}
