/* eval_stmt.c - statements (loops are in eval_loop.c, imports in
 * import.c): assignments, function and class definitions, if, try, raise,
 * with, assert.
 *
 * `assert` has two meanings.  In the user's code it states a precondition
 * of the kernel: a symbolic condition is assumed (and recorded in
 * I->assumptions for the report), a false one raises AssertionError (the
 * input is rejected).  In kcv's model files it is a contract: an
 * Obligation located at the user's call site, whose message "[rule] text"
 * names the rule, discharged by the domain.
 */
#include <string.h>

#include "interp_int.h"

/* ---- functions -------------------------------------------------------------------- */

static const char *qualname_for(Interp *I, const char *name) {
    Frame *f = I->frame;
    if (!f->env || !f->name || f->name[0] == '<') return name;
    Env *own = f->env;
    while (own && own->is_comp) own = own->parent;
    if (own && own->is_class && !f->scope) return arena_printf(I->arena, "%s.%s", f->name, name);
    return arena_printf(I->arena, "%s.<locals>.%s", f->name, name);
}

Value *make_function(Interp *I, const Node *def, const char *name) {
    const Node *args = def->kind == N_LAMBDA ? def->u.lambda.args : def->u.func.args;
    Value *fn = v_function(I);
    fn->u.fn.def = def;
    Env *cl = I->frame->env;
    while (cl && cl->is_class) cl = cl->parent;
    fn->u.fn.closure = cl;
    fn->u.fn.module = I->frame->module;
    fn->u.fn.qualname = name ? qualname_for(I, name) : qualname_for(I, "<lambda>");
    fn->u.fn.scope = analysis_scope(I->cache, def);
    const NodeList *defs = &args->u.arguments.defaults;
    if (defs->n) {
        fn->u.fn.defaults = arena_alloc(I->arena, (size_t)defs->n * sizeof(Value *));
        for (int i = 0; i < defs->n; i++) {
            Value *v = eval_expr(I, defs->v[i]);
            if (!v) return NULL;
            fn->u.fn.defaults[i] = v;
        }
    }
    const NodeList *kwd = &args->u.arguments.kw_defaults;
    if (kwd->n) {
        fn->u.fn.kw_defaults = arena_alloc(I->arena, (size_t)kwd->n * sizeof(Value *));
        for (int i = 0; i < kwd->n; i++) {
            if (!kwd->v[i]) continue;
            Value *v = eval_expr(I, kwd->v[i]);
            if (!v) return NULL;
            fn->u.fn.kw_defaults[i] = v;
        }
    }
    return fn;
}

/* Evaluates decorator expressions (top to bottom, before the definition). */
static Value **eval_decorators(Interp *I, const NodeList *decos) {
    if (!decos->n) return NULL;
    Value **d = arena_alloc(I->arena, (size_t)decos->n * sizeof(Value *));
    for (int i = 0; i < decos->n; i++) {
        d[i] = eval_expr(I, decos->v[i]);
        if (!d[i]) return NULL;
    }
    return d;
}

/* Applies decorators bottom-up; the result of each is passed to the next. */
static Value *apply_decorators(Interp *I, Value *v, Value **d, const NodeList *decos) {
    for (int i = decos->n - 1; i >= 0; i--) {
        I->frame->node = decos->v[i];
        v = interp_calln(I, d[i], 1, &v, loc_of(I, decos->v[i]));
        if (!v) return NULL;
    }
    return v;
}

static Flow exec_def(Interp *I, const Node *s) {
    const NodeList *decos = &s->u.func.decorators;
    Value **d = eval_decorators(I, decos);
    if (decos->n && !d) return FLOW_UNWIND;
    Value *fn = make_function(I, s, s->u.func.name);
    if (!fn) return FLOW_UNWIND;
    for (int i = 0; i < decos->n; i++) seq_append(I, &fn->u.fn.decorators, d[i]);
    Value *v = apply_decorators(I, fn, d, decos);
    if (!v) return FLOW_UNWIND;
    return name_store(I, s->u.func.name, v, loc_of(I, s)) ? FLOW_NORMAL : FLOW_UNWIND;
}

/* ---- classes ---------------------------------------------------------------------- */

static Flow exec_class(Interp *I, const Node *s) {
    Loc loc = loc_of(I, s);
    const NodeList *decos = &s->u.cls.decorators;
    Value **d = eval_decorators(I, decos);
    if (decos->n && !d) return FLOW_UNWIND;
    int nb = s->u.cls.bases.n;
    Value **bases = arena_alloc(I->arena, (size_t)(nb ? nb : 1) * sizeof(Value *));
    for (int i = 0; i < nb; i++) {
        bases[i] = eval_expr(I, s->u.cls.bases.v[i]);
        if (!bases[i]) return FLOW_UNWIND;
    }
    for (int i = 0; i < s->u.cls.keywords.n; i++) {
        const Node *kw = s->u.cls.keywords.v[i];
        Value *kv = eval_expr(I, kw->u.keyword.value);
        if (!kv) return FLOW_UNWIND;
    }
    const char *qual = qualname_for(I, s->u.cls.name);
    Value *cls = make_class(I, s->u.cls.name, bases, nb, loc);
    if (!cls) return FLOW_UNWIND;
    cls->u.cls.module = I->frame->module;

    Env *ce = env_new(I, I->frame->env, 0);
    ce->is_class = true;
    env_set(I, ce, I->atoms->a_module, v_str_interned(I, I->frame->module->u.module.name));
    env_set(I, ce, I->atoms->a_qualname, v_cstr(I, qual));
    Frame fr = {0};
    fr.parent = I->frame;
    fr.module = I->frame->module;
    fr.env = ce;
    fr.node = s;
    fr.name = qual;
    fr.is_model = I->frame->is_model;
    Frame *saved = I->frame;
    I->frame = &fr;
    Flow f = exec_block(I, &s->u.cls.body);
    I->frame = saved;
    if (f == FLOW_UNWIND) return f;

    for (int i = 0; i < ce->n; i++) {
        if (!ce->vals[i]) continue;
        dict_set_str(I, &cls->u.cls.attrs, ce->names[i], ce->vals[i]);
    }
    if ((cls->u.cls.flags & CLS_ENUM) && !(cls->u.cls.flags & CLS_BUILTIN)) {
        /* members: plain class attributes become instances with name and value */
        int64_t auto_next = 1;
        for (int i = 0; i < cls->u.cls.attrs.n; i++) {
            DictEntry *de = &cls->u.cls.attrs.v[i];
            const char *k = de->key->u.str.s;
            Value *val = de->value;
            if (k[0] == '_' || val->kind == V_FUNCTION || val->kind == V_BUILTIN ||
                (val->kind == V_OBJECT && (val->u.obj.type == &objtype_staticmethod ||
                                           val->u.obj.type == &objtype_classmethod ||
                                           val->u.obj.type == &objtype_property)))
                continue;
            if (val->kind == V_OBJECT && strcmp(val->u.obj.type->name, "enum.auto") == 0) val = v_int(I, auto_next);
            if (value_is_concrete_int(val)) auto_next = val->u.i.c + 1;
            Value *m = v_instance(I, cls);
            dict_set_str(I, &m->u.inst.attrs, I->atoms->a_name_attr, v_str_interned(I, k));
            dict_set_str(I, &m->u.inst.attrs, I->atoms->a_value, val);
            de->value = m;
        }
    }
    Value *v = apply_decorators(I, cls, d, decos);
    if (!v) return FLOW_UNWIND;
    return name_store(I, s->u.cls.name, v, loc) ? FLOW_NORMAL : FLOW_UNWIND;
}

/* ---- assignments ------------------------------------------------------------------- */

static Value *inplace_op(Interp *I, BinOpKind op, Value *cur, Value *val, Loc loc, const Node *rhs) {
    if (cur->kind == V_OBJECT && cur->u.obj.type->inplace) {
        if (val->kind == V_UNKNOWN) return unknown_from(I, val, loc);
        return cur->u.obj.type->inplace(I, op, cur, val, loc);
    }
    if (cur->kind == V_LIST && op == OP_ADD) {
        Value *items = unpack_items(I, val, loc);
        if (!items) return NULL;
        if (!SEQ_WRITE(I, &cur->u.seq, loc)) return NULL;
        int n = items->u.seq.n;
        for (int i = 0; i < n; i++) seq_append(I, &cur->u.seq, items->u.seq.v[i]);
        return cur;
    }
    if (cur->kind == V_DICT && op == OP_BITOR && val->kind == V_DICT) {
        if (!container_write(I, cur->u.dict.born, cur->u.dict.rd, &cur->u.dict.poisoned, loc)) return NULL;
        dict_copy(I, &cur->u.dict, &val->u.dict);
        return cur;
    }
    if (cur->kind == V_INSTANCE) {
        Value *m = instance_method(I, cur, I->atoms->ibinop_dunder[op]);
        if (m) return interp_calln(I, m, 1, &val, loc);
    }
    return binop_at(I, op, cur, val, loc, rhs);
}

static Flow exec_augassign(Interp *I, const Node *s) {
    const Node *t = s->u.aug.target;
    Loc loc = loc_of(I, s);
    switch (t->kind) {
    case N_NAME: {
        Value *cur = name_load(I, t->u.name.id, loc_of(I, t));
        if (!cur) return FLOW_UNWIND;
        Value *val = eval_expr(I, s->u.aug.value);
        if (!val) return FLOW_UNWIND;
        Value *r = inplace_op(I, s->u.aug.op, cur, val, loc, s->u.aug.value);
        if (!r) return FLOW_UNWIND;
        return name_store(I, t->u.name.id, r, loc) ? FLOW_NORMAL : FLOW_UNWIND;
    }
    case N_ATTRIBUTE: {
        Value *obj = eval_expr(I, t->u.attribute.value);
        if (!obj) return FLOW_UNWIND;
        Value *cur = interp_getattr(I, obj, t->u.attribute.attr, loc_of(I, t));
        if (!cur) return FLOW_UNWIND;
        Value *val = eval_expr(I, s->u.aug.value);
        if (!val) return FLOW_UNWIND;
        Value *r = inplace_op(I, s->u.aug.op, cur, val, loc, s->u.aug.value);
        if (!r) return FLOW_UNWIND;
        return interp_setattr(I, obj, t->u.attribute.attr, r, loc) ? FLOW_NORMAL : FLOW_UNWIND;
    }
    case N_SUBSCRIPT: {
        Value *obj = eval_expr(I, t->u.subscript.value);
        if (!obj) return FLOW_UNWIND;
        Value *key = eval_expr(I, t->u.subscript.slice);
        if (!key) return FLOW_UNWIND;
        Value *cur = interp_getitem(I, obj, key, loc_of(I, t));
        if (!cur) return FLOW_UNWIND;
        Value *val = eval_expr(I, s->u.aug.value);
        if (!val) return FLOW_UNWIND;
        Value *r = inplace_op(I, s->u.aug.op, cur, val, loc, s->u.aug.value);
        if (!r) return FLOW_UNWIND;
        return interp_setitem(I, obj, key, r, loc) ? FLOW_NORMAL : FLOW_UNWIND;
    }
    case N_MODULE: case N_FUNCTION_DEF: case N_ASYNC_FUNCTION_DEF: case N_CLASS_DEF: case N_RETURN:
    case N_DELETE: case N_ASSIGN: case N_AUG_ASSIGN: case N_ANN_ASSIGN: case N_FOR: case N_ASYNC_FOR:
    case N_WHILE: case N_IF: case N_WITH: case N_ASYNC_WITH: case N_MATCH: case N_RAISE: case N_TRY:
    case N_TRY_STAR: case N_ASSERT: case N_IMPORT: case N_IMPORT_FROM: case N_GLOBAL: case N_NONLOCAL:
    case N_EXPR: case N_PASS: case N_BREAK: case N_CONTINUE: case N_BOOL_OP: case N_NAMED_EXPR:
    case N_BIN_OP: case N_UNARY_OP: case N_LAMBDA: case N_IF_EXP: case N_DICT: case N_SET: case N_LIST_COMP:
    case N_SET_COMP: case N_DICT_COMP: case N_GENERATOR_EXP: case N_AWAIT: case N_YIELD: case N_YIELD_FROM:
    case N_COMPARE: case N_CALL: case N_FORMATTED_VALUE: case N_JOINED_STR: case N_CONSTANT: case N_STARRED:
    case N_LIST: case N_TUPLE: case N_SLICE: case N_COMPREHENSION: case N_EXCEPT_HANDLER: case N_ARGUMENTS:
    case N_ARG: case N_KEYWORD: case N_ALIAS: case N_WITHITEM: case N_MATCH_CASE: case N_MATCH_VALUE:
    case N_MATCH_SINGLETON: case N_MATCH_SEQUENCE: case N_MATCH_MAPPING: case N_MATCH_CLASS:
    case N_MATCH_STAR: case N_MATCH_AS: case N_MATCH_OR: case N_KIND_COUNT:
    default:
        interp_raise(I, loc, "SyntaxError", "illegal expression for augmented assignment");
        return FLOW_UNWIND;
    }
}

static bool in_class_body(Interp *I) {
    return I->frame->env && I->frame->env->is_class && !I->frame->scope;
}

static Flow exec_annassign(Interp *I, const Node *s) {
    if (in_class_body(I) && s->u.ann.simple && s->u.ann.target->kind == N_NAME) {
        Env *ce = I->frame->env;
        Value *ann = env_get(ce, I->atoms->a_annotations);
        if (!ann) {
            ann = v_dict(I);
            env_set(I, ce, I->atoms->a_annotations, ann);
        }
        const char *text = source_slice(I, frame_file(I->frame), s->u.ann.annotation->span);
        dict_set_str(I, &ann->u.dict, s->u.ann.target->u.name.id, v_cstr(I, text));
    }
    if (!s->u.ann.value) return FLOW_NORMAL;
    Value *v = eval_expr(I, s->u.ann.value);
    if (!v) return FLOW_UNWIND;
    return assign_target(I, s->u.ann.target, v) ? FLOW_NORMAL : FLOW_UNWIND;
}

/* ---- assert ---------------------------------------------------------------------------- */

/* The condition as a bool value (symbolic or concrete); NULL: unwinding. */
static Value *condition_value(Interp *I, Value *c, Loc loc) {
    if (c->kind == V_BOOL) return c;
    if (c->kind == V_INT) {
        if (!c->u.i.sym) return v_bool(I, c->u.i.c != 0);
        return int_cmp(I, CMP_NOTEQ, c, v_int(I, 0), loc);
    }
    if (c->kind == V_UNKNOWN) return c;
    Tri t = truth_of(I, c, loc);
    if (t == TRI_UNKNOWN) return NULL;
    return v_bool(I, t == TRI_TRUE);
}

/* The rule id a model assert's message starts with ("[bounds] ..."), read
 * from its text without formatting it (interned); "contract" if none. */
static const char *assert_rule_of(Interp *I, const Node *msg) {
    if (msg && msg->kind == N_JOINED_STR && msg->u.joined.values.n) msg = msg->u.joined.values.v[0];
    if (!msg || msg->kind != N_CONSTANT || msg->u.constant.value.kind != CONST_STR) return "contract";
    const char *t = msg->u.constant.value.s;
    size_t n = msg->u.constant.value.len;
    const char *close = n > 1 && t[0] == '[' ? memchr(t, ']', n) : NULL;
    if (!close || close == t + 1 || close - t > 64) return "contract";
    char buf[64];
    memcpy(buf, t + 1, (size_t)(close - t - 1));
    buf[close - t - 1] = '\0';
    return intern_cstr(I->names, buf);
}

static const char *assert_rule(Interp *I, const Node *assert_stmt) {
    const char *r = node_memo_get(I->assert_rules, assert_stmt);
    if (!r) {
        r = assert_rule_of(I, assert_stmt->u.assert_.msg);
        node_memo_put(I->assert_rules, assert_stmt, (void *)r);
    }
    return r;
}

/* "assert n <= pmax": the contract a model assert states, without its message. */
static const char *contract_text(Interp *I, const Node *test) {
    const char *t = source_slice(I, frame_file(I->frame), test->span);
    size_t n = strlen(t);
    char *r = arena_alloc(I->arena, n + 8);
    memcpy(r, "assert ", 7);
    memcpy(r + 7, t, n + 1);
    return r;
}

static Flow exec_assert(Interp *I, const Node *s) {
    const Node *test = s->u.assert_.test;
    Loc tloc = loc_of(I, test);
    Value *c = eval_expr(I, test);
    if (!c) return FLOW_UNWIND;
    Value *b = condition_value(I, c, tloc);
    if (!b) return FLOW_UNWIND;
    if (b->kind == V_BOOL && !b->u.i.sym && b->u.i.c) {
        if (I->frame->is_model && I->dom->require_true) {
            /* a contract that holds: the domain counts it (or skips it as
             * proven); no message needed */
            Obligation ob = {0};
            ob.rule = assert_rule(I, s);
            ob.loc = interp_user_loc(I);
            ob.contract_loc = loc_of(I, s);
            interp_require(I, b, &ob);
            return I->unwind ? FLOW_UNWIND : FLOW_NORMAL;
        }
        return FLOW_NORMAL;
    }

    if (!I->frame->is_model) {
        if (b->kind == V_UNKNOWN) {
            interp_abort(I, tloc, "%s", b->u.unknown.reason);
            return FLOW_UNWIND;
        }
        if (b->kind != V_BOOL) {
            interp_abort(I, tloc, "assert on a value of type '%s' is not modelled", value_type_name(b));
            return FLOW_UNWIND;
        }
        if (b->u.i.sym) {
            if (I->dom->assume) I->dom->assume(I->dom_state, b, tloc);
            Assumption a = {source_slice(I, frame_file(I->frame), test->span), tloc};
            vec_push(&I->assumptions, a);
            return FLOW_NORMAL;
        }
        /* concretely false: the kernel rejects this input */
        const char *msg = NULL;
        if (s->u.assert_.msg) {
            Value *m = eval_expr(I, s->u.assert_.msg);
            if (!m) return FLOW_UNWIND;
            msg = interp_str(I, m);
            if (!msg) return FLOW_UNWIND;
        }
        Value *cls = builtin_class(I, "AssertionError");
        raise_value(I, exc_new(I, cls, msg), loc_of(I, s));
        return FLOW_UNWIND;
    }

    /* a contract of the model: an obligation at the user's call site */
    const char *message = NULL;
    if (s->u.assert_.msg) {
        Value *m = eval_expr(I, s->u.assert_.msg);
        if (!m) return FLOW_UNWIND;
        message = interp_str(I, m);
        if (!message) return FLOW_UNWIND;
    } else {
        message = source_slice(I, frame_file(I->frame), test->span);
    }
    const char *rule = "contract";
    if (message[0] == '[') {
        const char *close = strchr(message, ']');
        if (close && close > message + 1) {
            rule = arena_strndup(I->arena, message + 1, (size_t)(close - message - 1));
            message = close + 1;
            while (*message == ' ') message++;
        }
    }
    Obligation ob = {0};
    ob.rule = rule;
    ob.message = message;
    ob.loc = interp_user_loc(I);
    ob.contract = contract_text(I, test);
    ob.contract_loc = loc_of(I, s);
    interp_require(I, b, &ob);
    return I->unwind ? FLOW_UNWIND : FLOW_NORMAL;
}

/* ---- raise and try ------------------------------------------------------------------------ */

static Value *make_exception(Interp *I, Value *v, Loc loc) {
    if (v->kind == V_CLASS) {
        if (!(v->u.cls.flags & CLS_EXCEPTION)) {
            interp_raise(I, loc, "TypeError", "exceptions must derive from BaseException");
            return NULL;
        }
        return interp_call0(I, v, loc);
    }
    if (v->kind == V_INSTANCE && (v->u.inst.cls->u.cls.flags & CLS_EXCEPTION)) return v;
    if (v->kind == V_UNKNOWN) {
        interp_abort(I, loc, "raise of an unknown value: %s", v->u.unknown.reason);
        return NULL;
    }
    interp_raise(I, loc, "TypeError", "exceptions must derive from BaseException");
    return NULL;
}

static Flow exec_raise(Interp *I, const Node *s) {
    Loc loc = loc_of(I, s);
    if (!s->u.raise.exc) {
        if (!I->handling) {
            interp_raise(I, loc, "RuntimeError", "No active exception to reraise");
            return FLOW_UNWIND;
        }
        raise_value(I, I->handling, loc);
        return FLOW_UNWIND;
    }
    Value *v = eval_expr(I, s->u.raise.exc);
    if (!v) return FLOW_UNWIND;
    if (s->u.raise.cause) {
        Value *c = eval_expr(I, s->u.raise.cause);
        if (!c) return FLOW_UNWIND;
    }
    Value *e = make_exception(I, v, loc);
    if (!e) return FLOW_UNWIND;
    raise_value(I, e, loc);
    return FLOW_UNWIND;
}

/* Whether exception `exc` matches the handler type value `t`: 1 yes, 0 no,
 * -1 unwinding. */
static int exc_matches(Interp *I, Value *exc, Value *t, Loc loc) {
    if (t->kind == V_TUPLE) {
        for (int i = 0; i < t->u.seq.n; i++) {
            int m = exc_matches(I, exc, t->u.seq.v[i], loc);
            if (m) return m;
        }
        return 0;
    }
    if (t->kind == V_CLASS) {
        if (!(t->u.cls.flags & CLS_EXCEPTION)) {
            interp_raise(I, loc, "TypeError", "catching classes that do not inherit from BaseException is not allowed");
            return -1;
        }
        return exc->kind == V_INSTANCE && class_is_subclass(exc->u.inst.cls, t);
    }
    if (t->kind == V_UNKNOWN) {
        interp_abort(I, loc, "except clause on an unknown class: %s", t->u.unknown.reason);
        return -1;
    }
    interp_raise(I, loc, "TypeError", "catching classes that do not inherit from BaseException is not allowed");
    return -1;
}

static Flow exec_try(Interp *I, const Node *s) {
    Flow f = exec_block(I, &s->u.try_.body);
    if (f == FLOW_UNWIND && I->unwind == UNWIND_RAISE && s->u.try_.handlers.n) {
        Value *exc = I->exc;
        Loc exc_loc = I->exc_loc;
        for (int i = 0; i < s->u.try_.handlers.n; i++) {
            const Node *h = s->u.try_.handlers.v[i];
            int m = 1;
            if (h->u.handler.type) {
                I->unwind = UNWIND_NONE;
                I->frame->node = h;
                Value *t = eval_expr(I, h->u.handler.type);
                if (!t) break;   /* a new exception replaces the old one */
                m = exc_matches(I, exc, t, loc_of(I, h));
                if (m < 0) break;
                if (!m) {
                    I->unwind = UNWIND_RAISE;
                    I->exc = exc;
                    I->exc_loc = exc_loc;
                    continue;
                }
            }
            I->unwind = UNWIND_NONE;
            I->exc = NULL;
            if (h->u.handler.name && !name_store(I, h->u.handler.name, exc, loc_of(I, h))) {
                f = FLOW_UNWIND;
                break;
            }
            Value *saved = I->handling;
            I->handling = exc;
            I->gc_unsafe++;   /* `saved` is held here */
            f = exec_block(I, &h->u.handler.body);
            I->gc_unsafe--;
            I->handling = saved;
            if (h->u.handler.name && f != FLOW_UNWIND) {
                Value **slot = I->frame->env ? env_slot(I->frame->env, h->u.handler.name) : NULL;
                if (slot) *slot = NULL;
            }
            break;
        }
    } else if (f == FLOW_NORMAL) {
        f = exec_block(I, &s->u.try_.orelse);
    }
    if (s->u.try_.finalbody.n && !(f == FLOW_UNWIND && I->unwind == UNWIND_ABORT)) {
        Unwind su = I->unwind;
        Value *sexc = I->exc;
        Loc sloc = I->exc_loc;
        Value *sret = I->frame->retval;
        I->unwind = UNWIND_NONE;
        I->gc_unsafe++;   /* the pending exception and return value are held here */
        Flow f2 = exec_block(I, &s->u.try_.finalbody);
        I->gc_unsafe--;
        if (f2 != FLOW_NORMAL) return f2;
        I->unwind = su;
        I->exc = sexc;
        I->exc_loc = sloc;
        I->frame->retval = sret;
    }
    return f;
}

/* ---- with --------------------------------------------------------------------------------- */

static Flow exec_with_items(Interp *I, const Node *s, int k) {
    if (k == s->u.with.items.n) return exec_block(I, &s->u.with.body);
    const Node *item = s->u.with.items.v[k];
    Loc loc = loc_of(I, item->u.withitem.context_expr);
    Value *cm = eval_expr(I, item->u.withitem.context_expr);
    if (!cm) return FLOW_UNWIND;
    const Node *ov = item->u.withitem.optional_vars;
    if (cm->kind == V_UNKNOWN) {
        if (ov && !assign_target(I, ov, cm)) return FLOW_UNWIND;
        Flow f = exec_with_items(I, s, k + 1);
        if (f == FLOW_UNWIND && I->unwind == UNWIND_RAISE) {
            interp_clear_unwind(I);
            interp_abort(I, loc, "an exception inside `with` on an unknown context manager: %s", cm->u.unknown.reason);
        }
        return f;
    }
    if (cm->kind == V_OBJECT && cm->u.obj.type->context_noop) {
        if (ov && !assign_target(I, ov, cm)) return FLOW_UNWIND;
        return exec_with_items(I, s, k + 1);
    }
    Value *enter = NULL, *exit_ = NULL;
    if (cm->kind == V_INSTANCE) {
        enter = instance_method(I, cm, I->atoms->a_enter);
        exit_ = instance_method(I, cm, I->atoms->a_exit);
    } else if (cm->kind == V_OBJECT && cm->u.obj.type->getattr) {
        enter = cm->u.obj.type->getattr(I, cm, I->atoms->a_enter, loc);
        if (enter) exit_ = cm->u.obj.type->getattr(I, cm, I->atoms->a_exit, loc);
        if (!enter || !exit_) {
            if (I->unwind == UNWIND_ABORT) return FLOW_UNWIND;
            interp_clear_unwind(I);
            interp_abort(I, loc, "'%s' used as a context manager is not modelled", cm->u.obj.type->name);
            return FLOW_UNWIND;
        }
    }
    if (!enter || !exit_) {
        if (cm->kind == V_OBJECT) {
            interp_abort(I, loc, "'%s' used as a context manager is not modelled", cm->u.obj.type->name);
            return FLOW_UNWIND;
        }
        interp_raise(I, loc, "TypeError", "'%s' object does not support the context manager protocol",
                     value_type_name(cm));
        return FLOW_UNWIND;
    }
    Value *ev = interp_call0(I, enter, loc);
    if (!ev) return FLOW_UNWIND;
    if (ov && !assign_target(I, ov, ev)) return FLOW_UNWIND;
    I->gc_unsafe++;   /* the context manager is held here */
    Flow f = exec_with_items(I, s, k + 1);
    I->gc_unsafe--;
    if (f == FLOW_UNWIND && I->unwind == UNWIND_ABORT) return f;
    Value *args[3] = {v_none(), v_none(), v_none()};
    Value *exc = NULL;
    Loc exc_loc = I->exc_loc;
    if (f == FLOW_UNWIND) {
        exc = I->exc;
        args[0] = exc->kind == V_INSTANCE ? exc->u.inst.cls : v_none();
        args[1] = exc;
        I->unwind = UNWIND_NONE;
    }
    Value *sret = I->frame->retval;
    Value *r = interp_calln(I, exit_, 3, args, loc);
    if (!r) return FLOW_UNWIND;
    I->frame->retval = sret;
    if (exc) {
        Tri t = truth_of(I, r, loc);
        if (t == TRI_UNKNOWN) return FLOW_UNWIND;
        if (t == TRI_TRUE) return FLOW_NORMAL;   /* suppressed */
        I->unwind = UNWIND_RAISE;
        I->exc = exc;
        I->exc_loc = exc_loc;
        return FLOW_UNWIND;
    }
    return f;
}

/* ---- the statement switch ------------------------------------------------------------------ */

Flow exec_block(Interp *I, const NodeList *body) {
    for (int i = 0; i < body->n; i++) {
        Flow f = exec_stmt(I, body->v[i]);
        if (f != FLOW_NORMAL) return f;
    }
    return FLOW_NORMAL;
}

Flow exec_stmt(Interp *I, const Node *s) {
    I->frame->node = s;
    if (!step(I, s)) return FLOW_UNWIND;
    switch (s->kind) {
    case N_EXPR: return eval_expr(I, s->u.expr.value) ? FLOW_NORMAL : FLOW_UNWIND;
    case N_ASSIGN: {
        Value *v = eval_expr(I, s->u.assign.value);
        if (!v) return FLOW_UNWIND;
        for (int i = 0; i < s->u.assign.targets.n; i++)
            if (!assign_target(I, s->u.assign.targets.v[i], v)) return FLOW_UNWIND;
        return FLOW_NORMAL;
    }
    case N_AUG_ASSIGN: return exec_augassign(I, s);
    case N_ANN_ASSIGN: return exec_annassign(I, s);
    case N_RETURN: {
        Value *v = v_none();
        if (s->u.ret.value && !(v = eval_expr(I, s->u.ret.value))) return FLOW_UNWIND;
        I->frame->retval = v;
        return FLOW_RETURN;
    }
    case N_DELETE:
        for (int i = 0; i < s->u.del.targets.n; i++)
            if (!delete_target(I, s->u.del.targets.v[i])) return FLOW_UNWIND;
        return FLOW_NORMAL;
    case N_PASS: return FLOW_NORMAL;
    case N_BREAK: return FLOW_BREAK;
    case N_CONTINUE: return FLOW_CONTINUE;
    case N_IF: {
        Value *c = eval_expr(I, s->u.cond.test);
        if (!c) return FLOW_UNWIND;
        Tri t = truth_of(I, c, loc_of(I, s->u.cond.test));
        if (t == TRI_UNKNOWN) return FLOW_UNWIND;
        return exec_block(I, t == TRI_TRUE ? &s->u.cond.body : &s->u.cond.orelse);
    }
    case N_FOR: return exec_for(I, s);
    case N_WHILE: return exec_while(I, s);
    case N_FUNCTION_DEF:
    case N_ASYNC_FUNCTION_DEF: return exec_def(I, s);
    case N_CLASS_DEF: return exec_class(I, s);
    case N_RAISE: return exec_raise(I, s);
    case N_TRY: return exec_try(I, s);
    case N_ASSERT: return exec_assert(I, s);
    case N_WITH: return exec_with_items(I, s, 0);
    case N_IMPORT: return exec_import(I, s);
    case N_IMPORT_FROM: return exec_import_from(I, s);
    case N_GLOBAL:
    case N_NONLOCAL: return FLOW_NORMAL;
    case N_MATCH:
        interp_abort(I, loc_of(I, s), "the match statement is not supported");
        return FLOW_UNWIND;
    case N_ASYNC_FOR:
    case N_ASYNC_WITH:
        interp_abort(I, loc_of(I, s), "async code is not supported");
        return FLOW_UNWIND;
    case N_TRY_STAR:
        interp_abort(I, loc_of(I, s), "try/except* is not supported");
        return FLOW_UNWIND;
    AST_CASE_NOT_STMT:
    default:
        interp_abort(I, loc_of(I, s), "%s is not supported as a statement", ast_kind_name(s->kind));
        return FLOW_UNWIND;
    }
}
