/* eval_call.c - calls: building arguments, binding them to a Python
 * function's parameters with CPython's error messages, running the body in
 * a new frame; classes (creation, instantiation, attribute lookup through
 * the bases, bound methods, static/class methods, properties, super()).
 *
 * Method resolution is depth-first, left to right through the bases (the
 * same as C3 for single inheritance, the case kernels use).
 */
#include <string.h>

#include "interp_int.h"

/* ---- arguments ------------------------------------------------------------------ */

static bool build_args(Interp *I, const Node *e, CallArgs *a) {
    const NodeList *pa = &e->u.call.args, *kw = &e->u.call.keywords;
    Seq pos = {0};
    seq_init_cap(I, &pos, pa->n);
    for (int i = 0; i < pa->n; i++) {
        const Node *x = pa->v[i];
        if (x->kind == N_STARRED) {
            Value *v = eval_expr(I, x->u.starred.value);
            if (!v) return false;
            Value *items = unpack_items(I, v, loc_of(I, x));
            if (!items) return false;
            for (int k = 0; k < items->u.seq.n; k++) seq_append(I, &pos, items->u.seq.v[k]);
        } else {
            Value *v = eval_expr(I, x);
            if (!v) return false;
            seq_append(I, &pos, v);
        }
    }
    a->pos = pos.v;
    a->npos = pos.n;
    int cap = kw->n;
    a->kwnames = cap ? arena_alloc(I->arena, (size_t)cap * sizeof(char *)) : NULL;
    a->kw = cap ? arena_alloc(I->arena, (size_t)cap * sizeof(Value *)) : NULL;
    a->nkw = 0;
    for (int i = 0; i < kw->n; i++) {
        const Node *k = kw->v[i];
        Value *v = eval_expr(I, k->u.keyword.value);
        if (!v) return false;
        if (k->u.keyword.arg) {
            a->kwnames[a->nkw] = k->u.keyword.arg;
            a->kw[a->nkw++] = v;
            continue;
        }
        /* **mapping */
        Loc loc = loc_of(I, k);
        if (v->kind == V_UNKNOWN) {
            interp_abort(I, loc, "%s", v->u.unknown.reason);
            return false;
        }
        if (v->kind != V_DICT) {
            interp_raise(I, loc, "TypeError", "argument after ** must be a mapping, not %s", value_type_name(v));
            return false;
        }
        if (v->u.dict.poisoned) {
            interp_abort(I, loc, "** of a dict modified in a loop over a symbolic range");
            return false;
        }
        int need = a->nkw + v->u.dict.n + (kw->n - i);
        if (need > cap) {
            const char **nn = arena_alloc(I->arena, (size_t)need * sizeof(char *));
            Value **nv = arena_alloc(I->arena, (size_t)need * sizeof(Value *));
            if (a->nkw) {
                memcpy(nn, a->kwnames, (size_t)a->nkw * sizeof(char *));
                memcpy(nv, a->kw, (size_t)a->nkw * sizeof(Value *));
            }
            a->kwnames = nn;
            a->kw = nv;
            cap = need;
        }
        for (int d = 0; d < v->u.dict.n; d++) {
            Value *key = v->u.dict.v[d].key;
            if (key->kind != V_STR) {
                interp_raise(I, loc, "TypeError", "keywords must be strings");
                return false;
            }
            const char *name = intern(I->names, key->u.str.s, key->u.str.len);
            for (int j = 0; j < a->nkw; j++)
                if (a->kwnames[j] == name) {
                    interp_raise(I, loc, "TypeError", "got multiple values for keyword argument '%s'", name);
                    return false;
                }
            a->kwnames[a->nkw] = name;
            a->kw[a->nkw++] = v->u.dict.v[d].value;
        }
    }
    return true;
}

Value *eval_call(Interp *I, const Node *e) {
    Value *fn = eval_expr(I, e->u.call.func);
    if (!fn) return NULL;
    CallArgs a = {0};
    if (!build_args(I, e, &a)) return NULL;
    I->frame->node = e;
    if (!step(I, e)) return NULL;
    return interp_call(I, fn, &a, loc_of(I, e));
}

/* ---- binding a Python function's parameters --------------------------------------- */

static void name_list(StrBuf *b, const char **names, int n) {
    for (int i = 0; i < n; i++) {
        if (i) sb_puts(b, n == 2 ? " and " : (i == n - 1 ? ", and " : ", "));
        sb_printf(b, "'%s'", names[i]);
    }
}

static bool bind_args(Interp *I, Value *fn, CallArgs *args, Env *env, Loc loc) {
    const Node *def = fn->u.fn.def;
    const Node *a = def->kind == N_LAMBDA ? def->u.lambda.args : def->u.func.args;
    const NodeList *po = &a->u.arguments.posonlyargs, *pa = &a->u.arguments.args, *ko = &a->u.arguments.kwonlyargs;
    const char *fname = fn->u.fn.qualname ? fn->u.fn.qualname : "<lambda>";
    int npo = po->n, np = po->n + pa->n, nk = ko->n;
    int ndef = a->u.arguments.defaults.n;
    Value *slots_local[32];
    Value **slots = np + nk <= 32 ? slots_local : arena_alloc(I->arena, (size_t)(np + nk) * sizeof(Value *));
    for (int i = 0; i < np + nk; i++) slots[i] = NULL;
#define PNAME(i) ((i) < npo ? po->v[(i)]->u.arg.arg : pa->v[(i)-npo]->u.arg.arg)

    int take = args->npos < np ? args->npos : np;
    for (int i = 0; i < take; i++) slots[i] = args->pos[i];
    if (args->npos > np && !a->u.arguments.vararg) {
        int given_kw = 0;
        for (int k = 0; k < args->nkw; k++)
            for (int j = 0; j < nk; j++)
                if (ko->v[j]->u.arg.arg == args->kwnames[k]) given_kw++;
        if (ndef)
            interp_raise(I, loc, "TypeError", "%s() takes from %d to %d positional arguments but %d %s given", fname,
                         np - ndef, np, args->npos, args->npos == 1 ? "was" : "were");
        else
            interp_raise(I, loc, "TypeError", "%s() takes %d positional argument%s but %d %s given", fname, np,
                         np == 1 ? "" : "s", args->npos, args->npos == 1 ? "was" : "were");
        (void)given_kw;
        return false;
    }
    Value *kwdict = a->u.arguments.kwarg ? v_dict(I) : NULL;
    for (int k = 0; k < args->nkw; k++) {
        const char *kn = args->kwnames[k];
        int found = -1;
        for (int i = npo; i < np && found < 0; i++)
            if (PNAME(i) == kn) found = i;
        for (int j = 0; j < nk && found < 0; j++)
            if (ko->v[j]->u.arg.arg == kn) found = np + j;
        if (found >= 0) {
            if (slots[found]) {
                interp_raise(I, loc, "TypeError", "%s() got multiple values for argument '%s'", fname, kn);
                return false;
            }
            slots[found] = args->kw[k];
            continue;
        }
        if (kwdict) {
            dict_set_str(I, &kwdict->u.dict, kn, args->kw[k]);
            continue;
        }
        bool posonly = false;
        for (int i = 0; i < npo; i++) posonly |= PNAME(i) == kn;
        if (posonly)
            interp_raise(I, loc, "TypeError",
                         "%s() got some positional-only arguments passed as keyword arguments: '%s'", fname, kn);
        else
            interp_raise(I, loc, "TypeError", "%s() got an unexpected keyword argument '%s'", fname, kn);
        return false;
    }
    const char *missing[64];
    int nmiss = 0;
    for (int i = 0; i < np; i++) {
        if (slots[i]) continue;
        int di = i - (np - ndef);
        if (di >= 0) {
            slots[i] = fn->u.fn.defaults[di];
        } else if (nmiss < 64) {
            missing[nmiss++] = PNAME(i);
        }
    }
    if (nmiss) {
        StrBuf b = {0};
        name_list(&b, missing, nmiss);
        interp_raise(I, loc, "TypeError", "%s() missing %d required positional argument%s: %s", fname, nmiss,
                     nmiss == 1 ? "" : "s", sb_str(&b));
        sb_free(&b);
        return false;
    }
    for (int j = 0; j < nk; j++) {
        if (slots[np + j]) continue;
        Value *d = fn->u.fn.kw_defaults ? fn->u.fn.kw_defaults[j] : NULL;
        if (d) {
            slots[np + j] = d;
        } else if (nmiss < 64) {
            missing[nmiss++] = ko->v[j]->u.arg.arg;
        }
    }
    if (nmiss) {
        StrBuf b = {0};
        name_list(&b, missing, nmiss);
        interp_raise(I, loc, "TypeError", "%s() missing %d required keyword-only argument%s: %s", fname, nmiss,
                     nmiss == 1 ? "" : "s", sb_str(&b));
        sb_free(&b);
        return false;
    }
    for (int i = 0; i < np; i++) env_set(I, env, PNAME(i), slots[i]);
    if (a->u.arguments.vararg) {
        int extra = args->npos > np ? args->npos - np : 0;
        Value *t = v_tuple(I, extra);
        for (int i = 0; i < extra; i++) t->u.seq.v[i] = args->pos[np + i];
        env_set(I, env, a->u.arguments.vararg->u.arg.arg, t);
    }
    for (int j = 0; j < nk; j++) env_set(I, env, ko->v[j]->u.arg.arg, slots[np + j]);
    if (kwdict) env_set(I, env, a->u.arguments.kwarg->u.arg.arg, kwdict);
#undef PNAME
    return true;
}

Value *call_function(Interp *I, Value *fn, CallArgs *args, Loc loc) {
    const Node *def = fn->u.fn.def;
    if (I->depth >= I->max_depth) {
        interp_abort(I, loc, "recursion too deep (%d nested calls)", I->depth);
        return NULL;
    }
    if (def->kind == N_ASYNC_FUNCTION_DEF) {
        interp_abort(I, loc, "async functions are not supported");
        return NULL;
    }
    const ScopeInfo *sc = fn->u.fn.scope ? fn->u.fn.scope : analysis_scope(I->cache, def);
    if (sc->is_generator) {
        interp_abort(I, loc, "generator functions are not supported");
        return NULL;
    }
    Env *env = env_new(I, fn->u.fn.closure, sc->nlocals);
    if (!bind_args(I, fn, args, env, loc)) return NULL;
    Frame fr = {0};
    fr.parent = I->frame;
    fr.module = fn->u.fn.module;
    fr.env = env;
    fr.node = def;
    fr.name = fn->u.fn.qualname;
    fr.is_model = fn->u.fn.module->u.module.is_model;
    fr.scope = sc;
    fr.func = fn;
    Frame *saved = I->frame;
    I->frame = &fr;
    I->depth++;
    Value *result;
    if (def->kind == N_LAMBDA) {
        result = eval_expr(I, def->u.lambda.body);
    } else {
        Flow f = exec_block(I, &def->u.func.body);
        switch (f) {
        case FLOW_RETURN: result = fr.retval; break;
        case FLOW_NORMAL: result = v_none(); break;
        case FLOW_UNWIND: result = NULL; break;
        case FLOW_BREAK:
        case FLOW_CONTINUE:
        default:
            interp_raise(I, loc, "SyntaxError", "'break' or 'continue' outside loop");
            result = NULL;
            break;
        }
    }
    I->depth--;
    I->frame = saved;
    if (!sc->has_nested) env_release(I, env);
    return result;
}

/* ---- classes -------------------------------------------------------------------------- */

Value *class_lookup(Value *cls, const char *name) {
    Value *v = dict_get_str(&cls->u.cls.attrs, name);
    if (v) return v;
    for (int i = 0; i < cls->u.cls.bases.n; i++) {
        Value *b = cls->u.cls.bases.v[i];
        if (b->kind != V_CLASS) continue;
        v = class_lookup(b, name);
        if (v) return v;
    }
    return NULL;
}

Value *class_lookup_tracked(Interp *I, Value *cls, const char *name, bool *poisoned) {
    Dict *d = &cls->u.cls.attrs;
    container_read(I, &d->rd);
    if (d->poisoned) *poisoned = true;
    Value *v = dict_get_str(d, name);
    if (v) return v;
    for (int i = 0; i < cls->u.cls.bases.n; i++) {
        Value *b = cls->u.cls.bases.v[i];
        if (b->kind != V_CLASS) continue;
        v = class_lookup_tracked(I, b, name, poisoned);
        if (v) return v;
    }
    return NULL;
}

bool class_is_subclass(Value *cls, Value *base) {
    if (cls == base) return true;
    if (cls->kind != V_CLASS) return false;
    for (int i = 0; i < cls->u.cls.bases.n; i++)
        if (class_is_subclass(cls->u.cls.bases.v[i], base)) return true;
    return false;
}

Value *make_class(Interp *I, const char *name, Value **bases, int nbases, Loc loc) {
    Value *cls = v_class(I, name);
    for (int i = 0; i < nbases; i++) {
        Value *b = bases[i];
        if (b->kind == V_UNKNOWN) {
            interp_abort(I, loc, "class '%s' derives from an unknown class: %s", name, b->u.unknown.reason);
            return NULL;
        }
        if (b->kind == V_BUILTIN && !b->u.builtin.self) {
            /* class X(object), class X(dict): builtin types as bases */
            if (strcmp(b->u.builtin.name, "object") == 0) continue;
            interp_abort(I, loc, "subclassing the builtin type '%s' is not supported", b->u.builtin.name);
            return NULL;
        }
        if (b->kind != V_CLASS) {
            interp_raise(I, loc, "TypeError", "class '%s' cannot derive from a value of type '%s'", name,
                         value_type_name(b));
            return NULL;
        }
        seq_append(I, &cls->u.cls.bases, b);
        cls->u.cls.flags |= b->u.cls.flags & (CLS_EXCEPTION | CLS_ENUM);
    }
    return cls;
}

static Value *bind_attr(Interp *I, Value *inst, Value *v, Loc loc) {
    switch (v->kind) {
    case V_FUNCTION: return v_bound(I, inst, v);
    case V_BUILTIN:
        if (!v->u.builtin.self) return v_builtin(I, v->u.builtin.name, v->u.builtin.fn, inst, v->u.builtin.data);
        return v;
    case V_OBJECT:
        if (v->u.obj.type == &objtype_staticmethod) return v->u.obj.data;
        if (v->u.obj.type == &objtype_classmethod) return v_bound(I, inst->u.inst.cls, v->u.obj.data);
        if (v->u.obj.type == &objtype_property) return interp_calln(I, v->u.obj.data, 1, &inst, loc);
        return v;
    case V_NONE: case V_BOOL: case V_INT: case V_FLOAT: case V_STR: case V_TUPLE: case V_LIST: case V_DICT:
    case V_SET: case V_SLICE: case V_RANGE: case V_BOUND: case V_MODULE: case V_CLASS: case V_INSTANCE:
    case V_UNKNOWN:
    default: return v;
    }
}

Value *instance_getattr(Interp *I, Value *inst, const char *name, Loc loc, bool raise_missing) {
    Dict *d = &inst->u.inst.attrs;
    container_read(I, &d->rd);
    Value *v = dict_get_str(d, name);
    if (v) return d->poisoned ? poisoned_value(I, loc) : v;
    Value *cls = inst->u.inst.cls;
    bool cls_poisoned = false;
    Value *cv = class_lookup_tracked(I, cls, name, &cls_poisoned);
    if (cls_poisoned) return poisoned_value(I, loc);
    if (cv) return bind_attr(I, inst, cv, loc);
    if (name == I->atoms->a_class) return cls;
    if (d->poisoned) return poisoned_value(I, loc);
    Value *ga = class_lookup(cls, I->atoms->a_getattr);
    if (ga) {
        Value *m = bind_attr(I, inst, ga, loc);
        if (!m) return NULL;
        Value *nv = v_str_interned(I, name);
        return interp_calln(I, m, 1, &nv, loc);
    }
    if (!raise_missing) return NULL;
    interp_raise(I, loc, "AttributeError", "'%s' object has no attribute '%s'", cls->u.cls.name, name);
    return NULL;
}

Value *instance_method(Interp *I, Value *inst, const char *name) {
    bool poisoned = false;
    Value *cv = class_lookup_tracked(I, inst->u.inst.cls, name, &poisoned);
    if (!cv) return NULL;
    if (poisoned) return poisoned_value(I, loc_of(I, I->frame ? I->frame->node : NULL));
    if (cv->kind == V_FUNCTION) return v_bound(I, inst, cv);
    if (cv->kind == V_BUILTIN && !cv->u.builtin.self)
        return v_builtin(I, cv->u.builtin.name, cv->u.builtin.fn, inst, cv->u.builtin.data);
    return cv;
}

Value *call_method(Interp *I, Value *obj, const char *name, int n, Value *const *args, Loc loc) {
    Value *m = interp_getattr(I, obj, name, loc);
    if (!m) return NULL;
    return interp_calln(I, m, n, args, loc);
}

static Value *instantiate(Interp *I, Value *cls, CallArgs *args, Loc loc) {
    if (cls->u.cls.flags & CLS_ENUM) {
        /* Color(1): the member with that value */
        if (args->npos == 1 && !args->nkw) {
            for (int i = 0; i < cls->u.cls.attrs.n; i++) {
                Value *m = cls->u.cls.attrs.v[i].value;
                if (m->kind != V_INSTANCE || m->u.inst.cls != cls) continue;
                Value *mv = dict_get_str(&m->u.inst.attrs, I->atoms->a_value);
                if (mv && value_equal(mv, args->pos[0])) return m;
            }
            StrBuf b = {0};
            value_repr(I, &b, args->pos[0]);
            interp_raise(I, loc, "ValueError", "%s is not a valid %s", sb_str(&b), cls->u.cls.name);
            sb_free(&b);
            return NULL;
        }
    }
    Value *inst = v_instance(I, cls);
    if (cls->u.cls.flags & CLS_EXCEPTION) {
        Value *t = v_tuple_of(I, args->npos, args->pos);
        dict_set_str(I, &inst->u.inst.attrs, I->atoms->a_args, t);
    }
    Value *init = class_lookup(cls, I->atoms->a_init);
    if (init) {
        Value *m = bind_attr(I, inst, init, loc);
        if (!m) return NULL;
        Value *r = interp_call(I, m, args, loc);
        if (!r) return NULL;
        if (r->kind != V_NONE) {
            interp_raise(I, loc, "TypeError", "__init__() should return None, not '%s'", value_type_name(r));
            return NULL;
        }
    } else if ((args->npos || args->nkw) && !(cls->u.cls.flags & CLS_EXCEPTION)) {
        interp_raise(I, loc, "TypeError", "%s() takes no arguments", cls->u.cls.name);
        return NULL;
    }
    return inst;
}

/* ---- the call dispatcher ---------------------------------------------------------------- */

static void poison_args(CallArgs *args) {
    /* an unmodelled callable may mutate the containers it is given */
    for (int i = 0; i < args->npos + args->nkw; i++) {
        Value *v = i < args->npos ? args->pos[i] : args->kw[i - args->npos];
        switch (v->kind) {
        case V_LIST:
        case V_SET:
            v->u.seq.poisoned = true;
            v->u.seq.sym = NULL;
            v->u.seq.writes += 2;   /* any change: no symbolic loop models how it filled v */
            break;
        case V_DICT: v->u.dict.poisoned = true; break;
        case V_INSTANCE: v->u.inst.attrs.poisoned = true; break;
        case V_NONE: case V_BOOL: case V_INT: case V_FLOAT: case V_STR: case V_TUPLE: case V_SLICE:
        case V_RANGE: case V_FUNCTION: case V_BUILTIN: case V_BOUND: case V_MODULE: case V_CLASS:
        case V_OBJECT: case V_UNKNOWN:
        default: break;
        }
    }
}

Value *interp_call(Interp *I, Value *fn, CallArgs *args, Loc loc) {
    switch (fn->kind) {
    case V_FUNCTION: return call_function(I, fn, args, loc);
    case V_BUILTIN: return fn->u.builtin.fn(I, fn->u.builtin.self, args, loc);
    case V_BOUND: {
        CallArgs b = *args;
        Value *local[8];
        b.pos = args->npos + 1 <= 8 ? local : arena_alloc(I->arena, (size_t)(args->npos + 1) * sizeof(Value *));
        b.pos[0] = fn->u.bound.self;
        for (int i = 0; i < args->npos; i++) b.pos[i + 1] = args->pos[i];
        b.npos = args->npos + 1;
        Value *r = interp_call(I, fn->u.bound.func, &b, loc);
        return r;
    }
    case V_CLASS: return instantiate(I, fn, args, loc);
    case V_OBJECT:
        if (fn->u.obj.type->call) return fn->u.obj.type->call(I, fn, args, loc);
        break;
    case V_INSTANCE: {
        Value *m = instance_method(I, fn, I->atoms->a_call);
        if (m) return interp_call(I, m, args, loc);
        break;
    }
    case V_UNKNOWN:
        poison_args(args);
        return unknown_from(I, fn, loc);
    case V_NONE:
    case V_BOOL:
    case V_INT:
    case V_FLOAT:
    case V_STR:
    case V_TUPLE:
    case V_LIST:
    case V_DICT:
    case V_SET:
    case V_SLICE:
    case V_RANGE:
    case V_MODULE:
        break;
    }
    interp_raise(I, loc, "TypeError", "'%s' object is not callable", value_type_name(fn));
    return NULL;
}

Value *interp_call0(Interp *I, Value *fn, Loc loc) {
    CallArgs a = {0};
    return interp_call(I, fn, &a, loc);
}

Value *interp_calln(Interp *I, Value *fn, int n, Value *const *pos, Loc loc) {
    CallArgs a = {0};
    Value *local[8];
    a.pos = n <= 8 ? local : arena_alloc(I->arena, (size_t)n * sizeof(Value *));
    for (int i = 0; i < n; i++) a.pos[i] = pos[i];
    a.npos = n;
    return interp_call(I, fn, &a, loc);
}
