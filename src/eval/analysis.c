/* analysis.c - syntactic passes the evaluator needs, computed once per node
 * and kept in the SourceCache (which outlives interpreters: kcv check
 * re-runs a module once per path):
 *
 *  - the scope of a function: which names are local (assigned anywhere in
 *    the body, or parameters), declared global, declared nonlocal, and
 *    whether it is a generator;
 *  - the body of a for loop: which names it assigns, which may be read
 *    before being assigned in one iteration (values carried from the
 *    previous iteration), and which assignments are affine induction steps
 *    (`x += e` with e loop-invariant), for eval_loop.c's symbolic loops.
 *
 * The passes are conservative: when unsure, a name is "carried" (exposed)
 * and its assignment "other".
 */
#include <string.h>

#include "interp_int.h"

/* ---- node -> info map ------------------------------------------------------- */

struct NodeInfoMap {
    const Node **keys;
    void **vals;
    size_t cap, count;
};

static uint32_t node_hash(const Node *n) {
    uint64_t x = (uint64_t)(uintptr_t)n;
    x ^= x >> 31;
    x *= 0x9e3779b97f4a7c15ULL;
    x ^= x >> 29;
    return (uint32_t)x;
}

static void *info_get(SourceCache *c, const Node *n) {
    NodeInfoMap *m = c->info;
    if (!m || !m->cap) return NULL;
    size_t j = node_hash(n) & (m->cap - 1);
    while (m->keys[j]) {
        if (m->keys[j] == n) return m->vals[j];
        j = (j + 1) & (m->cap - 1);
    }
    return NULL;
}

static void info_put(SourceCache *c, const Node *n, void *v) {
    if (!c->info) c->info = kcv_calloc(1, sizeof *c->info);
    NodeInfoMap *m = c->info;
    if (2 * (m->count + 1) > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        const Node **keys = kcv_calloc(cap, sizeof *keys);
        void **vals = kcv_calloc(cap, sizeof *vals);
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->keys[i]) continue;
            size_t j = node_hash(m->keys[i]) & (cap - 1);
            while (keys[j]) j = (j + 1) & (cap - 1);
            keys[j] = m->keys[i];
            vals[j] = m->vals[i];
        }
        kcv_free(m->keys);
        kcv_free(m->vals);
        m->keys = keys;
        m->vals = vals;
        m->cap = cap;
    }
    size_t j = node_hash(n) & (m->cap - 1);
    while (m->keys[j]) j = (j + 1) & (m->cap - 1);
    m->keys[j] = n;
    m->vals[j] = v;
    m->count++;
}

void node_info_free(NodeInfoMap *m) {
    if (!m) return;
    kcv_free(m->keys);
    kcv_free(m->vals);
    kcv_free(m);
}

/* ---- name sets ---------------------------------------------------------------- */

typedef Vec(const char *) NameVec;

static bool nv_has(const NameVec *v, const char *n) {
    for (int i = 0; i < v->n; i++)
        if (v->v[i] == n) return true;
    return false;
}

static void nv_add(NameVec *v, const char *n) {
    if (n && !nv_has(v, n)) vec_push(v, n);
}

static const char **nv_to_arena(Arena *a, const NameVec *v) {
    if (!v->n) return NULL;
    const char **out = arena_alloc(a, (size_t)v->n * sizeof(char *));
    memcpy(out, v->v, (size_t)v->n * sizeof(char *));
    return out;
}

/* ---- scopes --------------------------------------------------------------------- */

typedef struct ScopeScan {
    NameVec bound, globals, nonlocals;
    bool generator;
    bool nested;          /* a def, lambda, class or comprehension inside */
} ScopeScan;

static void scan_expr_scope(ScopeScan *s, const Node *e);

static void scan_exprs_scope(ScopeScan *s, const NodeList *l) {
    for (int i = 0; i < l->n; i++) scan_expr_scope(s, l->v[i]);
}

static void bind_target(NameVec *out, const Node *t) {
    if (!t) return;
    switch (t->kind) {
    case N_NAME: nv_add(out, t->u.name.id); break;
    case N_TUPLE:
    case N_LIST:
        for (int i = 0; i < t->u.seq.elts.n; i++) bind_target(out, t->u.seq.elts.v[i]);
        break;
    case N_STARRED: bind_target(out, t->u.starred.value); break;
    case N_MODULE: case N_FUNCTION_DEF: case N_ASYNC_FUNCTION_DEF: case N_CLASS_DEF: case N_RETURN:
    case N_DELETE: case N_ASSIGN: case N_AUG_ASSIGN: case N_ANN_ASSIGN: case N_FOR: case N_ASYNC_FOR:
    case N_WHILE: case N_IF: case N_WITH: case N_ASYNC_WITH: case N_MATCH: case N_RAISE: case N_TRY:
    case N_TRY_STAR: case N_ASSERT: case N_IMPORT: case N_IMPORT_FROM: case N_GLOBAL: case N_NONLOCAL:
    case N_EXPR: case N_PASS: case N_BREAK: case N_CONTINUE: case N_BOOL_OP: case N_NAMED_EXPR:
    case N_BIN_OP: case N_UNARY_OP: case N_LAMBDA: case N_IF_EXP: case N_DICT: case N_SET: case N_LIST_COMP:
    case N_SET_COMP: case N_DICT_COMP: case N_GENERATOR_EXP: case N_AWAIT: case N_YIELD: case N_YIELD_FROM:
    case N_COMPARE: case N_CALL: case N_FORMATTED_VALUE: case N_JOINED_STR: case N_CONSTANT:
    case N_ATTRIBUTE: case N_SUBSCRIPT: case N_SLICE: case N_COMPREHENSION: case N_EXCEPT_HANDLER:
    case N_ARGUMENTS: case N_ARG: case N_KEYWORD: case N_ALIAS: case N_WITHITEM: case N_MATCH_CASE:
    case N_MATCH_VALUE: case N_MATCH_SINGLETON: case N_MATCH_SEQUENCE: case N_MATCH_MAPPING:
    case N_MATCH_CLASS: case N_MATCH_STAR: case N_MATCH_AS: case N_MATCH_OR: case N_KIND_COUNT:
    default: break;
    }
}

/* Expressions: walrus targets bind in the function; yields make a generator;
 * lambdas and comprehension bodies are other scopes (but walrus inside a
 * comprehension binds here). */
static void scan_expr_scope(ScopeScan *s, const Node *e) {
    if (!e) return;
    switch (e->kind) {
    case N_NAMED_EXPR:
        bind_target(&s->bound, e->u.named.target);
        scan_expr_scope(s, e->u.named.value);
        return;
    case N_YIELD:
    case N_YIELD_FROM:
    case N_AWAIT:
        if (e->kind != N_AWAIT) s->generator = true;
        scan_expr_scope(s, e->u.expr.value);
        return;
    case N_LAMBDA: {
        s->nested = true;
        const Node *a = e->u.lambda.args;
        scan_exprs_scope(s, &a->u.arguments.defaults);
        scan_exprs_scope(s, &a->u.arguments.kw_defaults);
        return;
    }
    case N_BOOL_OP: scan_exprs_scope(s, &e->u.boolop.values); return;
    case N_BIN_OP:
        scan_expr_scope(s, e->u.binop.left);
        scan_expr_scope(s, e->u.binop.right);
        return;
    case N_UNARY_OP: scan_expr_scope(s, e->u.unary.operand); return;
    case N_IF_EXP:
        scan_expr_scope(s, e->u.ifexp.test);
        scan_expr_scope(s, e->u.ifexp.body);
        scan_expr_scope(s, e->u.ifexp.orelse);
        return;
    case N_DICT:
        scan_exprs_scope(s, &e->u.dict.keys);
        scan_exprs_scope(s, &e->u.dict.values);
        return;
    case N_SET:
    case N_LIST:
    case N_TUPLE: scan_exprs_scope(s, &e->u.seq.elts); return;
    case N_LIST_COMP:
    case N_SET_COMP:
    case N_DICT_COMP:
    case N_GENERATOR_EXP:
        s->nested = true;
        scan_expr_scope(s, e->u.comp.key);
        scan_expr_scope(s, e->u.comp.elt);
        for (int i = 0; i < e->u.comp.generators.n; i++) {
            const Node *g = e->u.comp.generators.v[i];
            scan_expr_scope(s, g->u.comprehension.iter);
            scan_exprs_scope(s, &g->u.comprehension.ifs);
        }
        return;
    case N_COMPARE:
        scan_expr_scope(s, e->u.compare.left);
        scan_exprs_scope(s, &e->u.compare.comparators);
        return;
    case N_CALL:
        scan_expr_scope(s, e->u.call.func);
        scan_exprs_scope(s, &e->u.call.args);
        for (int i = 0; i < e->u.call.keywords.n; i++) scan_expr_scope(s, e->u.call.keywords.v[i]->u.keyword.value);
        return;
    case N_FORMATTED_VALUE:
        scan_expr_scope(s, e->u.fvalue.value);
        scan_expr_scope(s, e->u.fvalue.format_spec);
        return;
    case N_JOINED_STR: scan_exprs_scope(s, &e->u.joined.values); return;
    case N_ATTRIBUTE: scan_expr_scope(s, e->u.attribute.value); return;
    case N_SUBSCRIPT:
        scan_expr_scope(s, e->u.subscript.value);
        scan_expr_scope(s, e->u.subscript.slice);
        return;
    case N_STARRED: scan_expr_scope(s, e->u.starred.value); return;
    case N_SLICE:
        scan_expr_scope(s, e->u.slice.lower);
        scan_expr_scope(s, e->u.slice.upper);
        scan_expr_scope(s, e->u.slice.step);
        return;
    case N_MODULE: case N_FUNCTION_DEF: case N_ASYNC_FUNCTION_DEF: case N_CLASS_DEF: case N_RETURN:
    case N_DELETE: case N_ASSIGN: case N_AUG_ASSIGN: case N_ANN_ASSIGN: case N_FOR: case N_ASYNC_FOR:
    case N_WHILE: case N_IF: case N_WITH: case N_ASYNC_WITH: case N_MATCH: case N_RAISE: case N_TRY:
    case N_TRY_STAR: case N_ASSERT: case N_IMPORT: case N_IMPORT_FROM: case N_GLOBAL: case N_NONLOCAL:
    case N_EXPR: case N_PASS: case N_BREAK: case N_CONTINUE: case N_CONSTANT: case N_NAME:
    case N_COMPREHENSION: case N_EXCEPT_HANDLER: case N_ARGUMENTS: case N_ARG: case N_KEYWORD: case N_ALIAS:
    case N_WITHITEM: case N_MATCH_CASE: case N_MATCH_VALUE: case N_MATCH_SINGLETON: case N_MATCH_SEQUENCE:
    case N_MATCH_MAPPING: case N_MATCH_CLASS: case N_MATCH_STAR: case N_MATCH_AS: case N_MATCH_OR:
    case N_KIND_COUNT:
    default: return;
    }
}

static void scan_pattern_scope(ScopeScan *s, const Node *p) {
    if (!p) return;
    switch (p->kind) {
    case N_MATCH_AS:
        nv_add(&s->bound, p->u.match_as.name);
        scan_pattern_scope(s, p->u.match_as.pattern);
        break;
    case N_MATCH_STAR: nv_add(&s->bound, p->u.match_star.name); break;
    case N_MATCH_SEQUENCE:
    case N_MATCH_OR:
        for (int i = 0; i < p->u.match_seq.patterns.n; i++) scan_pattern_scope(s, p->u.match_seq.patterns.v[i]);
        break;
    case N_MATCH_MAPPING:
        for (int i = 0; i < p->u.match_mapping.patterns.n; i++)
            scan_pattern_scope(s, p->u.match_mapping.patterns.v[i]);
        nv_add(&s->bound, p->u.match_mapping.rest);
        break;
    case N_MATCH_CLASS:
        for (int i = 0; i < p->u.match_class.patterns.n; i++) scan_pattern_scope(s, p->u.match_class.patterns.v[i]);
        for (int i = 0; i < p->u.match_class.kwd_patterns.n; i++)
            scan_pattern_scope(s, p->u.match_class.kwd_patterns.v[i]);
        break;
    case N_MODULE: case N_FUNCTION_DEF: case N_ASYNC_FUNCTION_DEF: case N_CLASS_DEF: case N_RETURN:
    case N_DELETE: case N_ASSIGN: case N_AUG_ASSIGN: case N_ANN_ASSIGN: case N_FOR: case N_ASYNC_FOR:
    case N_WHILE: case N_IF: case N_WITH: case N_ASYNC_WITH: case N_MATCH: case N_RAISE: case N_TRY:
    case N_TRY_STAR: case N_ASSERT: case N_IMPORT: case N_IMPORT_FROM: case N_GLOBAL: case N_NONLOCAL:
    case N_EXPR: case N_PASS: case N_BREAK: case N_CONTINUE: case N_BOOL_OP: case N_NAMED_EXPR:
    case N_BIN_OP: case N_UNARY_OP: case N_LAMBDA: case N_IF_EXP: case N_DICT: case N_SET: case N_LIST_COMP:
    case N_SET_COMP: case N_DICT_COMP: case N_GENERATOR_EXP: case N_AWAIT: case N_YIELD: case N_YIELD_FROM:
    case N_COMPARE: case N_CALL: case N_FORMATTED_VALUE: case N_JOINED_STR: case N_CONSTANT:
    case N_ATTRIBUTE: case N_SUBSCRIPT: case N_STARRED: case N_NAME: case N_LIST: case N_TUPLE: case N_SLICE:
    case N_COMPREHENSION: case N_EXCEPT_HANDLER: case N_ARGUMENTS: case N_ARG: case N_KEYWORD: case N_ALIAS:
    case N_WITHITEM: case N_MATCH_CASE: case N_MATCH_VALUE: case N_MATCH_SINGLETON: case N_KIND_COUNT:
    default: break;
    }
}

static void scan_block_scope(ScopeScan *s, const NodeList *body);

static void alias_binding(NameVec *out, Interner *names, const Node *a, bool from) {
    if (a->u.alias.asname) {
        nv_add(out, a->u.alias.asname);
        return;
    }
    const char *n = a->u.alias.name;
    if (from) {
        if (strcmp(n, "*") != 0) nv_add(out, n);
        return;
    }
    const char *dot = strchr(n, '.');
    nv_add(out, dot ? intern(names, n, (size_t)(dot - n)) : n);
}

static Interner *scan_names;

static void scan_stmt_scope(ScopeScan *s, const Node *st) {
    switch (st->kind) {
    case N_FUNCTION_DEF:
    case N_ASYNC_FUNCTION_DEF:
        s->nested = true;
        nv_add(&s->bound, st->u.func.name);
        scan_exprs_scope(s, &st->u.func.decorators);
        scan_exprs_scope(s, &st->u.func.args->u.arguments.defaults);
        scan_exprs_scope(s, &st->u.func.args->u.arguments.kw_defaults);
        break;
    case N_CLASS_DEF:
        s->nested = true;
        nv_add(&s->bound, st->u.cls.name);
        scan_exprs_scope(s, &st->u.cls.decorators);
        scan_exprs_scope(s, &st->u.cls.bases);
        break;
    case N_RETURN:
    case N_EXPR: scan_expr_scope(s, st->u.ret.value); break;
    case N_DELETE:
        for (int i = 0; i < st->u.del.targets.n; i++) bind_target(&s->bound, st->u.del.targets.v[i]);
        break;
    case N_ASSIGN:
        for (int i = 0; i < st->u.assign.targets.n; i++) {
            bind_target(&s->bound, st->u.assign.targets.v[i]);
            scan_expr_scope(s, st->u.assign.targets.v[i]);
        }
        scan_expr_scope(s, st->u.assign.value);
        break;
    case N_AUG_ASSIGN:
        bind_target(&s->bound, st->u.aug.target);
        scan_expr_scope(s, st->u.aug.value);
        break;
    case N_ANN_ASSIGN:
        if (st->u.ann.simple) bind_target(&s->bound, st->u.ann.target);
        scan_expr_scope(s, st->u.ann.value);
        break;
    case N_FOR:
    case N_ASYNC_FOR:
        bind_target(&s->bound, st->u.for_.target);
        scan_expr_scope(s, st->u.for_.iter);
        scan_block_scope(s, &st->u.for_.body);
        scan_block_scope(s, &st->u.for_.orelse);
        break;
    case N_WHILE:
    case N_IF:
        scan_expr_scope(s, st->u.cond.test);
        scan_block_scope(s, &st->u.cond.body);
        scan_block_scope(s, &st->u.cond.orelse);
        break;
    case N_WITH:
    case N_ASYNC_WITH:
        for (int i = 0; i < st->u.with.items.n; i++) {
            const Node *it = st->u.with.items.v[i];
            scan_expr_scope(s, it->u.withitem.context_expr);
            bind_target(&s->bound, it->u.withitem.optional_vars);
        }
        scan_block_scope(s, &st->u.with.body);
        break;
    case N_MATCH:
        scan_expr_scope(s, st->u.match.subject);
        for (int i = 0; i < st->u.match.cases.n; i++) {
            const Node *c = st->u.match.cases.v[i];
            scan_pattern_scope(s, c->u.match_case.pattern);
            scan_expr_scope(s, c->u.match_case.guard);
            scan_block_scope(s, &c->u.match_case.body);
        }
        break;
    case N_RAISE:
        scan_expr_scope(s, st->u.raise.exc);
        scan_expr_scope(s, st->u.raise.cause);
        break;
    case N_TRY:
    case N_TRY_STAR:
        scan_block_scope(s, &st->u.try_.body);
        for (int i = 0; i < st->u.try_.handlers.n; i++) {
            const Node *h = st->u.try_.handlers.v[i];
            nv_add(&s->bound, h->u.handler.name);
            scan_expr_scope(s, h->u.handler.type);
            scan_block_scope(s, &h->u.handler.body);
        }
        scan_block_scope(s, &st->u.try_.orelse);
        scan_block_scope(s, &st->u.try_.finalbody);
        break;
    case N_ASSERT:
        scan_expr_scope(s, st->u.assert_.test);
        scan_expr_scope(s, st->u.assert_.msg);
        break;
    case N_IMPORT:
        for (int i = 0; i < st->u.import.names.n; i++) alias_binding(&s->bound, scan_names, st->u.import.names.v[i], false);
        break;
    case N_IMPORT_FROM:
        for (int i = 0; i < st->u.import_from.names.n; i++)
            alias_binding(&s->bound, scan_names, st->u.import_from.names.v[i], true);
        break;
    case N_GLOBAL:
        for (int i = 0; i < st->u.global.names.n; i++) nv_add(&s->globals, st->u.global.names.v[i]);
        break;
    case N_NONLOCAL:
        for (int i = 0; i < st->u.global.names.n; i++) nv_add(&s->nonlocals, st->u.global.names.v[i]);
        break;
    case N_PASS: case N_BREAK: case N_CONTINUE:
    AST_CASE_NOT_STMT:
    default: break;
    }
}

static void scan_block_scope(ScopeScan *s, const NodeList *body) {
    for (int i = 0; i < body->n; i++) scan_stmt_scope(s, body->v[i]);
}

static void add_params(NameVec *out, const Node *args) {
    const NodeList *lists[] = {&args->u.arguments.posonlyargs, &args->u.arguments.args,
                               &args->u.arguments.kwonlyargs};
    for (size_t k = 0; k < 3; k++)
        for (int i = 0; i < lists[k]->n; i++) nv_add(out, lists[k]->v[i]->u.arg.arg);
    if (args->u.arguments.vararg) nv_add(out, args->u.arguments.vararg->u.arg.arg);
    if (args->u.arguments.kwarg) nv_add(out, args->u.arguments.kwarg->u.arg.arg);
}

const ScopeInfo *analysis_scope(SourceCache *c, const Node *def) {
    ScopeInfo *si = info_get(c, def);
    if (si) return si;
    ScopeScan s = {0};
    scan_names = c->names;
    if (def->kind == N_LAMBDA) {
        add_params(&s.bound, def->u.lambda.args);
        scan_expr_scope(&s, def->u.lambda.body);
    } else {
        add_params(&s.bound, def->u.func.args);
        scan_block_scope(&s, &def->u.func.body);
    }
    NameVec locals = {0};
    for (int i = 0; i < s.bound.n; i++)
        if (!nv_has(&s.globals, s.bound.v[i]) && !nv_has(&s.nonlocals, s.bound.v[i]))
            vec_push(&locals, s.bound.v[i]);
    si = arena_alloc(&c->arena, sizeof *si);
    si->locals = nv_to_arena(&c->arena, &locals);
    si->nlocals = locals.n;
    si->globals = nv_to_arena(&c->arena, &s.globals);
    si->nglobals = s.globals.n;
    si->nonlocals = nv_to_arena(&c->arena, &s.nonlocals);
    si->nnonlocals = s.nonlocals.n;
    si->is_generator = s.generator;
    si->has_nested = s.nested;
    vec_free(&locals);
    vec_free(&s.bound);
    vec_free(&s.globals);
    vec_free(&s.nonlocals);
    info_put(c, def, si);
    return si;
}

/* ---- loops ------------------------------------------------------------------------ */

/* One assignment to a name in a loop body. */
typedef struct Site {
    const char *name;
    const Node *stmt;     /* the statement */
    bool top;             /* directly in the loop body */
    int form;             /* 0 other, 1 augassign, 2 plain `x = e` */
} Site;

typedef struct LoopScan {
    Vec(Site) sites;
    NameVec reads_exposed;  /* names read while not definitely assigned */
    bool has_break, has_continue, has_return, has_yield;
} LoopScan;

/* All Name loads of an expression (comprehension targets included:
 * conservative). */
static void expr_reads(const Node *e, NameVec *out);

static void exprs_reads(const NodeList *l, NameVec *out) {
    for (int i = 0; i < l->n; i++) expr_reads(l->v[i], out);
}

static void args_reads(const Node *a, NameVec *out) {
    exprs_reads(&a->u.arguments.defaults, out);
    exprs_reads(&a->u.arguments.kw_defaults, out);
}

/* Free names of a nested function body: every name it loads (conservative). */
static void block_reads_all(const NodeList *body, NameVec *out);

static void stmt_reads_all(const Node *st, NameVec *out) {
    switch (st->kind) {
    case N_FUNCTION_DEF:
    case N_ASYNC_FUNCTION_DEF:
        exprs_reads(&st->u.func.decorators, out);
        args_reads(st->u.func.args, out);
        block_reads_all(&st->u.func.body, out);
        break;
    case N_CLASS_DEF:
        exprs_reads(&st->u.cls.decorators, out);
        exprs_reads(&st->u.cls.bases, out);
        block_reads_all(&st->u.cls.body, out);
        break;
    case N_RETURN:
    case N_EXPR: expr_reads(st->u.ret.value, out); break;
    case N_DELETE: exprs_reads(&st->u.del.targets, out); break;
    case N_ASSIGN:
        exprs_reads(&st->u.assign.targets, out);
        expr_reads(st->u.assign.value, out);
        break;
    case N_AUG_ASSIGN:
        expr_reads(st->u.aug.target, out);
        if (st->u.aug.target->kind == N_NAME) nv_add(out, st->u.aug.target->u.name.id);
        expr_reads(st->u.aug.value, out);
        break;
    case N_ANN_ASSIGN:
        expr_reads(st->u.ann.target, out);
        expr_reads(st->u.ann.value, out);
        break;
    case N_FOR:
    case N_ASYNC_FOR:
        expr_reads(st->u.for_.iter, out);
        block_reads_all(&st->u.for_.body, out);
        block_reads_all(&st->u.for_.orelse, out);
        break;
    case N_WHILE:
    case N_IF:
        expr_reads(st->u.cond.test, out);
        block_reads_all(&st->u.cond.body, out);
        block_reads_all(&st->u.cond.orelse, out);
        break;
    case N_WITH:
    case N_ASYNC_WITH:
        for (int i = 0; i < st->u.with.items.n; i++) {
            expr_reads(st->u.with.items.v[i]->u.withitem.context_expr, out);
            expr_reads(st->u.with.items.v[i]->u.withitem.optional_vars, out);
        }
        block_reads_all(&st->u.with.body, out);
        break;
    case N_MATCH:
        expr_reads(st->u.match.subject, out);
        for (int i = 0; i < st->u.match.cases.n; i++) {
            const Node *c = st->u.match.cases.v[i];
            expr_reads(c->u.match_case.guard, out);
            block_reads_all(&c->u.match_case.body, out);
        }
        break;
    case N_RAISE:
        expr_reads(st->u.raise.exc, out);
        expr_reads(st->u.raise.cause, out);
        break;
    case N_TRY:
    case N_TRY_STAR:
        block_reads_all(&st->u.try_.body, out);
        for (int i = 0; i < st->u.try_.handlers.n; i++) {
            const Node *h = st->u.try_.handlers.v[i];
            expr_reads(h->u.handler.type, out);
            block_reads_all(&h->u.handler.body, out);
        }
        block_reads_all(&st->u.try_.orelse, out);
        block_reads_all(&st->u.try_.finalbody, out);
        break;
    case N_ASSERT:
        expr_reads(st->u.assert_.test, out);
        expr_reads(st->u.assert_.msg, out);
        break;
    case N_GLOBAL:
    case N_NONLOCAL:
        /* a nested function declaring `nonlocal x` may write x: count as read */
        for (int i = 0; i < st->u.global.names.n; i++) nv_add(out, st->u.global.names.v[i]);
        break;
    case N_IMPORT: case N_IMPORT_FROM: case N_PASS: case N_BREAK: case N_CONTINUE:
    AST_CASE_NOT_STMT:
    default: break;
    }
}

static void block_reads_all(const NodeList *body, NameVec *out) {
    for (int i = 0; i < body->n; i++) stmt_reads_all(body->v[i], out);
}

static void expr_reads(const Node *e, NameVec *out) {
    if (!e) return;
    switch (e->kind) {
    case N_NAME:
        if (e->u.name.ctx == CTX_LOAD) nv_add(out, e->u.name.id);
        return;
    case N_NAMED_EXPR:
        expr_reads(e->u.named.value, out);
        return;
    case N_YIELD:
    case N_YIELD_FROM:
    case N_AWAIT: expr_reads(e->u.expr.value, out); return;
    case N_LAMBDA:
        args_reads(e->u.lambda.args, out);
        expr_reads(e->u.lambda.body, out);
        return;
    case N_BOOL_OP: exprs_reads(&e->u.boolop.values, out); return;
    case N_BIN_OP:
        expr_reads(e->u.binop.left, out);
        expr_reads(e->u.binop.right, out);
        return;
    case N_UNARY_OP: expr_reads(e->u.unary.operand, out); return;
    case N_IF_EXP:
        expr_reads(e->u.ifexp.test, out);
        expr_reads(e->u.ifexp.body, out);
        expr_reads(e->u.ifexp.orelse, out);
        return;
    case N_DICT:
        exprs_reads(&e->u.dict.keys, out);
        exprs_reads(&e->u.dict.values, out);
        return;
    case N_SET:
    case N_LIST:
    case N_TUPLE: exprs_reads(&e->u.seq.elts, out); return;
    case N_LIST_COMP:
    case N_SET_COMP:
    case N_DICT_COMP:
    case N_GENERATOR_EXP:
        expr_reads(e->u.comp.key, out);
        expr_reads(e->u.comp.elt, out);
        for (int i = 0; i < e->u.comp.generators.n; i++) {
            const Node *g = e->u.comp.generators.v[i];
            expr_reads(g->u.comprehension.iter, out);
            exprs_reads(&g->u.comprehension.ifs, out);
        }
        return;
    case N_COMPARE:
        expr_reads(e->u.compare.left, out);
        exprs_reads(&e->u.compare.comparators, out);
        return;
    case N_CALL:
        expr_reads(e->u.call.func, out);
        exprs_reads(&e->u.call.args, out);
        for (int i = 0; i < e->u.call.keywords.n; i++) expr_reads(e->u.call.keywords.v[i]->u.keyword.value, out);
        return;
    case N_FORMATTED_VALUE:
        expr_reads(e->u.fvalue.value, out);
        expr_reads(e->u.fvalue.format_spec, out);
        return;
    case N_JOINED_STR: exprs_reads(&e->u.joined.values, out); return;
    case N_ATTRIBUTE: expr_reads(e->u.attribute.value, out); return;
    case N_SUBSCRIPT:
        expr_reads(e->u.subscript.value, out);
        expr_reads(e->u.subscript.slice, out);
        return;
    case N_STARRED: expr_reads(e->u.starred.value, out); return;
    case N_SLICE:
        expr_reads(e->u.slice.lower, out);
        expr_reads(e->u.slice.upper, out);
        expr_reads(e->u.slice.step, out);
        return;
    case N_MODULE: case N_FUNCTION_DEF: case N_ASYNC_FUNCTION_DEF: case N_CLASS_DEF: case N_RETURN:
    case N_DELETE: case N_ASSIGN: case N_AUG_ASSIGN: case N_ANN_ASSIGN: case N_FOR: case N_ASYNC_FOR:
    case N_WHILE: case N_IF: case N_WITH: case N_ASYNC_WITH: case N_MATCH: case N_RAISE: case N_TRY:
    case N_TRY_STAR: case N_ASSERT: case N_IMPORT: case N_IMPORT_FROM: case N_GLOBAL: case N_NONLOCAL:
    case N_EXPR: case N_PASS: case N_BREAK: case N_CONTINUE: case N_CONSTANT: case N_COMPREHENSION:
    case N_EXCEPT_HANDLER: case N_ARGUMENTS: case N_ARG: case N_KEYWORD: case N_ALIAS: case N_WITHITEM:
    case N_MATCH_CASE: case N_MATCH_VALUE: case N_MATCH_SINGLETON: case N_MATCH_SEQUENCE:
    case N_MATCH_MAPPING: case N_MATCH_CLASS: case N_MATCH_STAR: case N_MATCH_AS: case N_MATCH_OR:
    case N_KIND_COUNT:
    default: return;
    }
}

static void add_site(LoopScan *ls, const char *name, const Node *st, bool top, int form) {
    Site s = {name, st, top, form};
    vec_push(&ls->sites, s);
}

static void target_sites(LoopScan *ls, const Node *t, const Node *st, bool top, int form) {
    if (!t) return;
    switch (t->kind) {
    case N_NAME: add_site(ls, t->u.name.id, st, top, form); break;
    case N_TUPLE:
    case N_LIST:
        for (int i = 0; i < t->u.seq.elts.n; i++) target_sites(ls, t->u.seq.elts.v[i], st, top, 0);
        break;
    case N_STARRED: target_sites(ls, t->u.starred.value, st, top, 0); break;
    case N_MODULE: case N_FUNCTION_DEF: case N_ASYNC_FUNCTION_DEF: case N_CLASS_DEF: case N_RETURN:
    case N_DELETE: case N_ASSIGN: case N_AUG_ASSIGN: case N_ANN_ASSIGN: case N_FOR: case N_ASYNC_FOR:
    case N_WHILE: case N_IF: case N_WITH: case N_ASYNC_WITH: case N_MATCH: case N_RAISE: case N_TRY:
    case N_TRY_STAR: case N_ASSERT: case N_IMPORT: case N_IMPORT_FROM: case N_GLOBAL: case N_NONLOCAL:
    case N_EXPR: case N_PASS: case N_BREAK: case N_CONTINUE: case N_BOOL_OP: case N_NAMED_EXPR:
    case N_BIN_OP: case N_UNARY_OP: case N_LAMBDA: case N_IF_EXP: case N_DICT: case N_SET: case N_LIST_COMP:
    case N_SET_COMP: case N_DICT_COMP: case N_GENERATOR_EXP: case N_AWAIT: case N_YIELD: case N_YIELD_FROM:
    case N_COMPARE: case N_CALL: case N_FORMATTED_VALUE: case N_JOINED_STR: case N_CONSTANT:
    case N_ATTRIBUTE: case N_SUBSCRIPT: case N_SLICE: case N_COMPREHENSION: case N_EXCEPT_HANDLER:
    case N_ARGUMENTS: case N_ARG: case N_KEYWORD: case N_ALIAS: case N_WITHITEM: case N_MATCH_CASE:
    case N_MATCH_VALUE: case N_MATCH_SINGLETON: case N_MATCH_SEQUENCE: case N_MATCH_MAPPING:
    case N_MATCH_CLASS: case N_MATCH_STAR: case N_MATCH_AS: case N_MATCH_OR: case N_KIND_COUNT:
    default: break;
    }
}

/* Walrus targets inside an expression. */
static void walrus_sites(LoopScan *ls, const Node *e, const Node *st) {
    if (!e) return;
    switch (e->kind) {
    case N_NAMED_EXPR:
        target_sites(ls, e->u.named.target, st, false, 0);
        walrus_sites(ls, e->u.named.value, st);
        return;
    case N_BIN_OP:
        walrus_sites(ls, e->u.binop.left, st);
        walrus_sites(ls, e->u.binop.right, st);
        return;
    case N_CALL:
        walrus_sites(ls, e->u.call.func, st);
        for (int i = 0; i < e->u.call.args.n; i++) walrus_sites(ls, e->u.call.args.v[i], st);
        for (int i = 0; i < e->u.call.keywords.n; i++) walrus_sites(ls, e->u.call.keywords.v[i]->u.keyword.value, st);
        return;
    case N_COMPARE:
        walrus_sites(ls, e->u.compare.left, st);
        for (int i = 0; i < e->u.compare.comparators.n; i++) walrus_sites(ls, e->u.compare.comparators.v[i], st);
        return;
    case N_BOOL_OP:
        for (int i = 0; i < e->u.boolop.values.n; i++) walrus_sites(ls, e->u.boolop.values.v[i], st);
        return;
    case N_IF_EXP:
        walrus_sites(ls, e->u.ifexp.test, st);
        walrus_sites(ls, e->u.ifexp.body, st);
        walrus_sites(ls, e->u.ifexp.orelse, st);
        return;
    case N_UNARY_OP: walrus_sites(ls, e->u.unary.operand, st); return;
    case N_LIST_COMP:
    case N_SET_COMP:
    case N_DICT_COMP:
    case N_GENERATOR_EXP:
        walrus_sites(ls, e->u.comp.elt, st);
        walrus_sites(ls, e->u.comp.key, st);
        for (int i = 0; i < e->u.comp.generators.n; i++) {
            const Node *g = e->u.comp.generators.v[i];
            walrus_sites(ls, g->u.comprehension.iter, st);
            for (int k = 0; k < g->u.comprehension.ifs.n; k++) walrus_sites(ls, g->u.comprehension.ifs.v[k], st);
        }
        return;
    case N_SUBSCRIPT:
        walrus_sites(ls, e->u.subscript.value, st);
        walrus_sites(ls, e->u.subscript.slice, st);
        return;
    case N_ATTRIBUTE: walrus_sites(ls, e->u.attribute.value, st); return;
    case N_TUPLE:
    case N_LIST:
    case N_SET:
        for (int i = 0; i < e->u.seq.elts.n; i++) walrus_sites(ls, e->u.seq.elts.v[i], st);
        return;
    case N_MODULE: case N_FUNCTION_DEF: case N_ASYNC_FUNCTION_DEF: case N_CLASS_DEF: case N_RETURN:
    case N_DELETE: case N_ASSIGN: case N_AUG_ASSIGN: case N_ANN_ASSIGN: case N_FOR: case N_ASYNC_FOR:
    case N_WHILE: case N_IF: case N_WITH: case N_ASYNC_WITH: case N_MATCH: case N_RAISE: case N_TRY:
    case N_TRY_STAR: case N_ASSERT: case N_IMPORT: case N_IMPORT_FROM: case N_GLOBAL: case N_NONLOCAL:
    case N_EXPR: case N_PASS: case N_BREAK: case N_CONTINUE: case N_LAMBDA: case N_DICT: case N_AWAIT:
    case N_YIELD: case N_YIELD_FROM: case N_FORMATTED_VALUE: case N_JOINED_STR: case N_CONSTANT:
    case N_STARRED: case N_NAME: case N_SLICE: case N_COMPREHENSION: case N_EXCEPT_HANDLER: case N_ARGUMENTS:
    case N_ARG: case N_KEYWORD: case N_ALIAS: case N_WITHITEM: case N_MATCH_CASE: case N_MATCH_VALUE:
    case N_MATCH_SINGLETON: case N_MATCH_SEQUENCE: case N_MATCH_MAPPING: case N_MATCH_CLASS:
    case N_MATCH_STAR: case N_MATCH_AS: case N_MATCH_OR: case N_KIND_COUNT:
    default: return;
    }
}

static void mark_reads(LoopScan *ls, const NameVec *reads, const NameVec *defined) {
    for (int i = 0; i < reads->n; i++)
        if (!nv_has(defined, reads->v[i])) nv_add(&ls->reads_exposed, reads->v[i]);
}

static void scan_loop_block(LoopScan *ls, const NodeList *body, NameVec *defined, bool top, int loop_depth);

/* Scans one statement: its reads (against the names definitely assigned
 * before it in this block), its assignment sites, then adds its definite
 * assignments to `defined`. */
static void scan_loop_stmt(LoopScan *ls, const Node *st, NameVec *defined, bool top, int loop_depth) {
    NameVec reads = {0};
    NameVec copy = {0};
    switch (st->kind) {
    case N_FUNCTION_DEF:
    case N_ASYNC_FUNCTION_DEF:
    case N_CLASS_DEF:
        stmt_reads_all(st, &reads);
        mark_reads(ls, &reads, defined);
        add_site(ls, st->kind == N_CLASS_DEF ? st->u.cls.name : st->u.func.name, st, top, 0);
        nv_add(defined, st->kind == N_CLASS_DEF ? st->u.cls.name : st->u.func.name);
        break;
    case N_RETURN:
        ls->has_return = true;
        expr_reads(st->u.ret.value, &reads);
        mark_reads(ls, &reads, defined);
        break;
    case N_EXPR:
        expr_reads(st->u.ret.value, &reads);
        mark_reads(ls, &reads, defined);
        walrus_sites(ls, st->u.ret.value, st);
        if (st->u.ret.value && (st->u.ret.value->kind == N_YIELD || st->u.ret.value->kind == N_YIELD_FROM))
            ls->has_yield = true;
        break;
    case N_DELETE:
        exprs_reads(&st->u.del.targets, &reads);
        for (int i = 0; i < st->u.del.targets.n; i++) {
            const Node *t = st->u.del.targets.v[i];
            if (t->kind == N_NAME) nv_add(&reads, t->u.name.id);
        }
        mark_reads(ls, &reads, defined);
        for (int i = 0; i < st->u.del.targets.n; i++) target_sites(ls, st->u.del.targets.v[i], st, top, 0);
        break;
    case N_ASSIGN: {
        expr_reads(st->u.assign.value, &reads);
        exprs_reads(&st->u.assign.targets, &reads);
        mark_reads(ls, &reads, defined);
        walrus_sites(ls, st->u.assign.value, st);
        bool simple = st->u.assign.targets.n == 1 && st->u.assign.targets.v[0]->kind == N_NAME;
        for (int i = 0; i < st->u.assign.targets.n; i++) {
            target_sites(ls, st->u.assign.targets.v[i], st, top, simple ? 2 : 0);
            bind_target(defined, st->u.assign.targets.v[i]);
        }
        break;
    }
    case N_AUG_ASSIGN:
        stmt_reads_all(st, &reads);
        mark_reads(ls, &reads, defined);
        target_sites(ls, st->u.aug.target, st, top, 1);
        break;
    case N_ANN_ASSIGN:
        if (st->u.ann.value) {
            expr_reads(st->u.ann.value, &reads);
            if (st->u.ann.target->kind != N_NAME) expr_reads(st->u.ann.target, &reads);
            mark_reads(ls, &reads, defined);
            target_sites(ls, st->u.ann.target, st, top, 0);
            bind_target(defined, st->u.ann.target);
        }
        break;
    case N_FOR:
    case N_ASYNC_FOR:
        expr_reads(st->u.for_.iter, &reads);
        mark_reads(ls, &reads, defined);
        target_sites(ls, st->u.for_.target, st, false, 0);
        for (int i = 0; i < defined->n; i++) vec_push(&copy, defined->v[i]);
        bind_target(&copy, st->u.for_.target);
        scan_loop_block(ls, &st->u.for_.body, &copy, false, loop_depth + 1);
        copy.n = 0;
        for (int i = 0; i < defined->n; i++) vec_push(&copy, defined->v[i]);
        scan_loop_block(ls, &st->u.for_.orelse, &copy, false, loop_depth);
        break;
    case N_WHILE:
    case N_IF:
        expr_reads(st->u.cond.test, &reads);
        mark_reads(ls, &reads, defined);
        walrus_sites(ls, st->u.cond.test, st);
        for (int i = 0; i < defined->n; i++) vec_push(&copy, defined->v[i]);
        scan_loop_block(ls, &st->u.cond.body, &copy, false, loop_depth + (st->kind == N_WHILE));
        copy.n = 0;
        for (int i = 0; i < defined->n; i++) vec_push(&copy, defined->v[i]);
        scan_loop_block(ls, &st->u.cond.orelse, &copy, false, loop_depth);
        break;
    case N_WITH:
    case N_ASYNC_WITH:
        for (int i = 0; i < st->u.with.items.n; i++)
            expr_reads(st->u.with.items.v[i]->u.withitem.context_expr, &reads);
        mark_reads(ls, &reads, defined);
        for (int i = 0; i < defined->n; i++) vec_push(&copy, defined->v[i]);
        for (int i = 0; i < st->u.with.items.n; i++) {
            const Node *ov = st->u.with.items.v[i]->u.withitem.optional_vars;
            target_sites(ls, ov, st, false, 0);
            bind_target(&copy, ov);
        }
        scan_loop_block(ls, &st->u.with.body, &copy, false, loop_depth);
        break;
    case N_TRY:
    case N_TRY_STAR:
        for (int i = 0; i < defined->n; i++) vec_push(&copy, defined->v[i]);
        scan_loop_block(ls, &st->u.try_.body, &copy, false, loop_depth);
        for (int k = 0; k < st->u.try_.handlers.n; k++) {
            const Node *h = st->u.try_.handlers.v[k];
            NameVec hreads = {0};
            expr_reads(h->u.handler.type, &hreads);
            mark_reads(ls, &hreads, defined);
            vec_free(&hreads);
            copy.n = 0;
            for (int i = 0; i < defined->n; i++) vec_push(&copy, defined->v[i]);
            if (h->u.handler.name) {
                add_site(ls, h->u.handler.name, st, false, 0);
                nv_add(&copy, h->u.handler.name);
            }
            scan_loop_block(ls, &h->u.handler.body, &copy, false, loop_depth);
        }
        copy.n = 0;
        for (int i = 0; i < defined->n; i++) vec_push(&copy, defined->v[i]);
        scan_loop_block(ls, &st->u.try_.orelse, &copy, false, loop_depth);
        copy.n = 0;
        for (int i = 0; i < defined->n; i++) vec_push(&copy, defined->v[i]);
        scan_loop_block(ls, &st->u.try_.finalbody, &copy, false, loop_depth);
        break;
    case N_MATCH:
        /* conservative: everything read, every capture an assignment */
        stmt_reads_all(st, &reads);
        mark_reads(ls, &reads, defined);
        {
            ScopeScan ss = {0};
            scan_stmt_scope(&ss, st);
            for (int i = 0; i < ss.bound.n; i++) add_site(ls, ss.bound.v[i], st, false, 0);
            vec_free(&ss.bound);
            vec_free(&ss.globals);
            vec_free(&ss.nonlocals);
        }
        break;
    case N_RAISE:
    case N_ASSERT:
        stmt_reads_all(st, &reads);
        mark_reads(ls, &reads, defined);
        break;
    case N_IMPORT:
    case N_IMPORT_FROM: {
        NameVec b = {0};
        for (int i = 0; i < (st->kind == N_IMPORT ? st->u.import.names.n : st->u.import_from.names.n); i++) {
            const Node *a = st->kind == N_IMPORT ? st->u.import.names.v[i] : st->u.import_from.names.v[i];
            alias_binding(&b, scan_names, a, st->kind == N_IMPORT_FROM);
        }
        for (int i = 0; i < b.n; i++) {
            add_site(ls, b.v[i], st, top, 0);
            nv_add(defined, b.v[i]);
        }
        vec_free(&b);
        break;
    }
    case N_BREAK:
        if (loop_depth == 0) ls->has_break = true;
        break;
    case N_CONTINUE:
        if (loop_depth == 0) ls->has_continue = true;
        break;
    case N_GLOBAL: case N_NONLOCAL: case N_PASS:
    AST_CASE_NOT_STMT:
    default:
        break;
    }
    vec_free(&reads);
    vec_free(&copy);
}

static void scan_loop_block(LoopScan *ls, const NodeList *body, NameVec *defined, bool top, int loop_depth) {
    for (int i = 0; i < body->n; i++) scan_loop_stmt(ls, body->v[i], defined, top, loop_depth);
}

/* Side-effect-free expression mentioning none of `assigned`. */
static bool invariant_expr(const Node *e, const NameVec *assigned) {
    if (!e) return true;
    switch (e->kind) {
    case N_CONSTANT: return true;
    case N_NAME: return !nv_has(assigned, e->u.name.id);
    case N_ATTRIBUTE: return invariant_expr(e->u.attribute.value, assigned);
    case N_BIN_OP:
        return invariant_expr(e->u.binop.left, assigned) && invariant_expr(e->u.binop.right, assigned);
    case N_UNARY_OP: return invariant_expr(e->u.unary.operand, assigned);
    case N_TUPLE:
        for (int i = 0; i < e->u.seq.elts.n; i++)
            if (!invariant_expr(e->u.seq.elts.v[i], assigned)) return false;
        return true;
    case N_MODULE: case N_FUNCTION_DEF: case N_ASYNC_FUNCTION_DEF: case N_CLASS_DEF: case N_RETURN:
    case N_DELETE: case N_ASSIGN: case N_AUG_ASSIGN: case N_ANN_ASSIGN: case N_FOR: case N_ASYNC_FOR:
    case N_WHILE: case N_IF: case N_WITH: case N_ASYNC_WITH: case N_MATCH: case N_RAISE: case N_TRY:
    case N_TRY_STAR: case N_ASSERT: case N_IMPORT: case N_IMPORT_FROM: case N_GLOBAL: case N_NONLOCAL:
    case N_EXPR: case N_PASS: case N_BREAK: case N_CONTINUE: case N_BOOL_OP: case N_NAMED_EXPR:
    case N_LAMBDA: case N_IF_EXP: case N_DICT: case N_SET: case N_LIST_COMP: case N_SET_COMP:
    case N_DICT_COMP: case N_GENERATOR_EXP: case N_AWAIT: case N_YIELD: case N_YIELD_FROM: case N_COMPARE:
    case N_CALL: case N_FORMATTED_VALUE: case N_JOINED_STR: case N_SUBSCRIPT: case N_STARRED: case N_LIST:
    case N_SLICE: case N_COMPREHENSION: case N_EXCEPT_HANDLER: case N_ARGUMENTS: case N_ARG: case N_KEYWORD:
    case N_ALIAS: case N_WITHITEM: case N_MATCH_CASE: case N_MATCH_VALUE: case N_MATCH_SINGLETON:
    case N_MATCH_SEQUENCE: case N_MATCH_MAPPING: case N_MATCH_CLASS: case N_MATCH_STAR: case N_MATCH_AS:
    case N_MATCH_OR: case N_KIND_COUNT:
    default: return false;
    }
}

static bool is_name(const Node *e, const char *name) {
    return e && e->kind == N_NAME && e->u.name.id == name;
}

/* NAME of every statement `NAME.append(...)` in a body, nested blocks
 * included (not nested functions or classes). */
static void collect_appends(const NodeList *body, NameVec *out) {
    for (int i = 0; i < body->n; i++) {
        const Node *st = body->v[i];
        switch (st->kind) {
        case N_EXPR: {
            const Node *c = st->u.expr.value;
            if (c && c->kind == N_CALL && c->u.call.func->kind == N_ATTRIBUTE &&
                strcmp(c->u.call.func->u.attribute.attr, "append") == 0 &&
                c->u.call.func->u.attribute.value->kind == N_NAME)
                nv_add(out, c->u.call.func->u.attribute.value->u.name.id);
            break;
        }
        case N_FOR:
        case N_ASYNC_FOR:
            collect_appends(&st->u.for_.body, out);
            collect_appends(&st->u.for_.orelse, out);
            break;
        case N_WHILE:
        case N_IF:
            collect_appends(&st->u.cond.body, out);
            collect_appends(&st->u.cond.orelse, out);
            break;
        case N_WITH:
        case N_ASYNC_WITH: collect_appends(&st->u.with.body, out); break;
        case N_TRY:
        case N_TRY_STAR:
            collect_appends(&st->u.try_.body, out);
            for (int k = 0; k < st->u.try_.handlers.n; k++)
                collect_appends(&st->u.try_.handlers.v[k]->u.handler.body, out);
            collect_appends(&st->u.try_.orelse, out);
            collect_appends(&st->u.try_.finalbody, out);
            break;
        case N_MATCH:
            for (int k = 0; k < st->u.match.cases.n; k++)
                collect_appends(&st->u.match.cases.v[k]->u.match_case.body, out);
            break;
        case N_FUNCTION_DEF: case N_ASYNC_FUNCTION_DEF: case N_CLASS_DEF: case N_RETURN: case N_DELETE:
        case N_ASSIGN: case N_AUG_ASSIGN: case N_ANN_ASSIGN: case N_RAISE: case N_ASSERT: case N_IMPORT:
        case N_IMPORT_FROM: case N_GLOBAL: case N_NONLOCAL: case N_PASS: case N_BREAK: case N_CONTINUE:
        AST_CASE_NOT_STMT:
        default: break;
        }
    }
}

const LoopInfo *analysis_loop(SourceCache *c, const Node *fl) {
    LoopInfo *li = info_get(c, fl);
    if (li) return li;
    scan_names = c->names;
    LoopScan ls = {0};
    NameVec defined = {0}, targets = {0}, assigned = {0};
    bind_target(&targets, fl->u.for_.target);
    for (int i = 0; i < targets.n; i++) vec_push(&defined, targets.v[i]);
    scan_loop_block(&ls, &fl->u.for_.body, &defined, true, 0);

    for (int i = 0; i < ls.sites.n; i++) nv_add(&assigned, ls.sites.v[i].name);
    NameVec all_assigned = {0};   /* targets too: not invariant */
    for (int i = 0; i < assigned.n; i++) vec_push(&all_assigned, assigned.v[i]);
    for (int i = 0; i < targets.n; i++) nv_add(&all_assigned, targets.v[i]);

    li = arena_alloc(&c->arena, sizeof *li);
    li->targets = nv_to_arena(&c->arena, &targets);
    li->ntargets = targets.n;
    li->has_break = ls.has_break;
    li->has_continue = ls.has_continue;
    li->has_return = ls.has_return;
    li->has_yield = ls.has_yield;
    NameVec appends = {0}, fillable = {0};
    collect_appends(&fl->u.for_.body, &appends);
    for (int i = 0; i < appends.n; i++)
        if (!nv_has(&all_assigned, appends.v[i])) vec_push(&fillable, appends.v[i]);
    li->appends = nv_to_arena(&c->arena, &fillable);
    li->nappends = fillable.n;
    vec_free(&appends);
    vec_free(&fillable);
    int nvars = 0;
    for (int i = 0; i < assigned.n; i++)
        if (!nv_has(&targets, assigned.v[i])) nvars++;
    li->vars = nvars ? arena_alloc(&c->arena, (size_t)nvars * sizeof(LoopVar)) : NULL;
    li->nvars = 0;
    for (int i = 0; i < assigned.n; i++) {
        const char *name = assigned.v[i];
        if (nv_has(&targets, name)) continue;
        LoopVar *lv = &li->vars[li->nvars++];
        lv->name = name;
        lv->exposed = nv_has(&ls.reads_exposed, name);
        lv->kind = CARRY_OTHER;
        int count = 0;
        bool all_aug = true;
        const Site *one = NULL;
        for (int k = 0; k < ls.sites.n; k++) {
            const Site *s = &ls.sites.v[k];
            if (s->name != name) continue;
            count++;
            one = s;
            if (s->form != 1) all_aug = false;
        }
        if (count == 1 && one->top && !ls.has_continue && !ls.has_break) {
            const Node *st = one->stmt;
            if (one->form == 1 && (st->u.aug.op == OP_ADD || st->u.aug.op == OP_SUB) &&
                invariant_expr(st->u.aug.value, &all_assigned)) {
                lv->kind = CARRY_AFFINE;
                lv->step = st->u.aug.value;
                lv->negate = st->u.aug.op == OP_SUB;
            } else if (one->form == 2) {
                const Node *v = st->u.assign.value;
                if (v->kind == N_BIN_OP && (v->u.binop.op == OP_ADD || v->u.binop.op == OP_SUB) &&
                    is_name(v->u.binop.left, name) && invariant_expr(v->u.binop.right, &all_assigned)) {
                    lv->kind = CARRY_AFFINE;
                    lv->step = v->u.binop.right;
                    lv->negate = v->u.binop.op == OP_SUB;
                } else if (v->kind == N_BIN_OP && v->u.binop.op == OP_ADD && is_name(v->u.binop.right, name) &&
                           invariant_expr(v->u.binop.left, &all_assigned)) {
                    lv->kind = CARRY_AFFINE;
                    lv->step = v->u.binop.left;
                } else if (!lv->exposed && invariant_expr(v, &all_assigned)) {
                    lv->kind = CARRY_INVARIANT;
                }
            }
        }
        lv->all_aug = all_aug && count > 0;
        if (lv->kind == CARRY_OTHER && lv->all_aug) lv->kind = CARRY_AUG_ONLY;
    }
    vec_free(&ls.sites);
    vec_free(&ls.reads_exposed);
    vec_free(&defined);
    vec_free(&targets);
    vec_free(&assigned);
    vec_free(&all_assigned);
    info_put(c, fl, li);
    return li;
}

/* ---- names an expression reads ----------------------------------------------------- */

int analysis_reads(Arena *a, const Node *n, const char ***out) {
    NameVec v = {0};
    *out = NULL;
    if (!n) return 0;
    if (n->kind == N_EXPR || n->kind == N_RETURN) {
        expr_reads(n->u.expr.value, &v);
    } else if (n->kind == N_ASSIGN) {
        exprs_reads(&n->u.assign.targets, &v);
        expr_reads(n->u.assign.value, &v);
    } else if (n->kind == N_AUG_ASSIGN) {
        expr_reads(n->u.aug.target, &v);
        expr_reads(n->u.aug.value, &v);
    } else if (n->kind == N_ANN_ASSIGN) {
        expr_reads(n->u.ann.target, &v);
        expr_reads(n->u.ann.value, &v);
    } else if (n->kind == N_FOR || n->kind == N_ASYNC_FOR) {
        expr_reads(n->u.for_.iter, &v);
    } else if (n->kind == N_IF || n->kind == N_WHILE) {
        expr_reads(n->u.cond.test, &v);
    } else {
        expr_reads(n, &v);   /* an expression; other statements read nothing here */
    }
    int k = v.n;
    *out = nv_to_arena(a, &v);
    vec_free(&v);
    return k;
}
