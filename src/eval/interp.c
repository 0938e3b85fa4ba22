/* interp.c - the interpreter's lifecycle and its three ways out: Python
 * exceptions (interp_raise, UNWIND_RAISE), given-up paths (interp_abort,
 * UNWIND_ABORT), and contract obligations handed to the domain
 * (interp_require).  Also truth of values (the domain decides symbolic
 * conditions), the step budget, and running a module body.
 */
#include <stdio.h>
#include <string.h>

#include "interp_int.h"

void interp_init(Interp *I, Arena *arena, SourceCache *cache, DiagSink *diags,
                 const DomainOps *dom, void *dom_state) {
    static uint64_t next_id;
    memset(I, 0, sizeof *I);
    I->id = ++next_id;
    I->arena = arena;
    I->cache = cache;
    I->names = cache->names;
    I->diags = diags;
    I->dom = dom;
    I->dom_state = dom_state;
    I->max_steps = 2000000;
    I->max_depth = 100;
    I->max_unroll = 64;
    if (!cache->atoms) cache->atoms = atoms_new(cache->names);
    I->atoms = cache->atoms;
    I->small_ints = arena_alloc(arena, 262 * sizeof(Value *));
    I->consts = arena_alloc(arena, sizeof *I->consts);
    I->assert_rules = arena_alloc(arena, sizeof *I->assert_rules);
    I->builtins = builtins_module(I);
    dict_set_str(I, &I->modules, I->atoms->a_builtins, I->builtins);
}

void interp_free(Interp *I) {
    node_memo_free(I->consts);
    node_memo_free(I->assert_rules);
    vec_free(&I->assumptions);
    vec_free(&I->model_dirs);
    vec_free(&I->search_paths);
    I->frame = NULL;
}

/* ---- per-node memos ------------------------------------------------------- */

static uint32_t node_memo_hash(const void *p) {
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 29;
    x *= 0xbf58476d1ce4e5b9ULL;
    return (uint32_t)(x >> 32);
}

static int node_memo_find(const NodeMemo *m, const void *key) {
    uint32_t mask = (uint32_t)m->cap - 1;
    uint32_t j = node_memo_hash(key) & mask;
    while (m->keys[j] && m->keys[j] != key) j = (j + 1) & mask;
    return (int)j;
}

void *node_memo_get(const NodeMemo *m, const void *key) {
    if (!m->cap) return NULL;
    int j = node_memo_find(m, key);
    return m->keys[j] ? m->vals[j] : NULL;
}

void node_memo_put(NodeMemo *m, const void *key, void *val) {
    if ((m->n + 1) * 2 > m->cap) {
        NodeMemo old = *m;
        m->cap = old.cap ? old.cap * 2 : 256;
        m->keys = kcv_calloc((size_t)m->cap, sizeof *m->keys);
        m->vals = kcv_calloc((size_t)m->cap, sizeof *m->vals);
        for (int i = 0; i < old.cap; i++) {
            if (!old.keys[i]) continue;
            int j = node_memo_find(m, old.keys[i]);
            m->keys[j] = old.keys[i];
            m->vals[j] = old.vals[i];
        }
        kcv_free(old.keys);
        kcv_free(old.vals);
    }
    int j = node_memo_find(m, key);
    if (!m->keys[j]) m->n++;
    m->keys[j] = key;
    m->vals[j] = val;
}

void node_memo_free(NodeMemo *m) {
    kcv_free(m->keys);
    kcv_free(m->vals);
    memset(m, 0, sizeof *m);
}

void interp_add_search_path(Interp *I, const char *dir) {
    vec_push(&I->search_paths, arena_strndup(I->arena, dir, strlen(dir)));
}

void interp_add_model_dir(Interp *I, const char *dir) {
    vec_push(&I->model_dirs, arena_strndup(I->arena, dir, strlen(dir)));
}

/* ---- locations ------------------------------------------------------------ */

const SourceFile *frame_file(const Frame *f) {
    if (!f || !f->module || f->module->kind != V_MODULE) return NULL;
    return f->module->u.module.file;
}

Loc node_loc(const Frame *f, const Node *n) {
    Loc l = {0};
    if (!n) return l;
    l.file = frame_file(f);
    l.line = n->span.line;
    l.col = n->span.col;
    l.end_line = n->span.end_line;
    l.end_col = n->span.end_col;
    return l;
}

Loc loc_of(Interp *I, const Node *n) { return node_loc(I->frame, n); }

Loc interp_user_loc(Interp *I) {
    for (Frame *f = I->frame; f; f = f->parent)
        if (!f->is_model) return node_loc(f, f->node);
    Loc none = {0};
    return none;
}

const char *source_slice(Interp *I, const SourceFile *f, Span sp) {
    if (!f || sp.line < 1 || sp.line > f->nlines || sp.end_line < sp.line || sp.end_line > f->nlines)
        return "";
    size_t a = (size_t)f->line_starts[sp.line - 1] + (size_t)sp.col;
    size_t b = (size_t)f->line_starts[sp.end_line - 1] + (size_t)sp.end_col;
    if (a > f->len || b > f->len || b < a) return "";
    return arena_strndup(I->arena, f->text + a, b - a);
}

/* ---- limits ----------------------------------------------------------------- */

bool step(Interp *I, const Node *n) {
    if (++I->steps <= I->max_steps) return true;
    interp_abort(I, loc_of(I, n), "step budget exhausted (%ld steps)", I->max_steps);
    return false;
}

/* ---- exceptions -------------------------------------------------------------- */

Value *builtin_class(Interp *I, const char *name) {
    Value *c = dict_get_str(&I->builtins->u.module.globals, intern_cstr(I->names, name));
    return c && c->kind == V_CLASS ? c : NULL;
}

Value *exc_new(Interp *I, Value *cls, const char *msg) {
    Value *e = v_instance(I, cls);
    Value *args;
    if (msg) {
        args = v_tuple(I, 1);
        args->u.seq.v[0] = v_cstr(I, msg);
    } else {
        args = v_tuple(I, 0);
    }
    dict_set_str(I, &e->u.inst.attrs, I->atoms->a_args, args);
    return e;
}

static void capture_trace(Interp *I) {
    I->exc_ntrace = 0;
    for (Frame *f = I->frame; f && I->exc_ntrace < (int)KCV_ARRAY_LEN(I->exc_trace); f = f->parent) {
        if (!f->parent) break;   /* the outermost frame is the raise site's root */
        I->exc_trace[I->exc_ntrace++] = node_loc(f->parent, f->parent->node);
    }
}

void raise_value(Interp *I, Value *exc, Loc loc) {
    I->unwind = UNWIND_RAISE;
    I->exc = exc;
    I->exc_loc = loc;
    capture_trace(I);
}

void interp_raise(Interp *I, Loc loc, const char *exc_class, const char *fmt, ...) {
    StrBuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&b, fmt, ap);
    va_end(ap);
    Value *cls = builtin_class(I, exc_class);
    if (!cls) cls = builtin_class(I, "Exception");
    Value *e = exc_new(I, cls, sb_str(&b));
    sb_free(&b);
    raise_value(I, e, loc);
}

void interp_abort(Interp *I, Loc loc, const char *fmt, ...) {
    if (I->unwind == UNWIND_ABORT) return;   /* keep the first reason */
    va_list ap;
    va_start(ap, fmt);
    I->abort_reason = arena_vprintf(I->arena, fmt, ap);
    va_end(ap);
    I->unwind = UNWIND_ABORT;
    I->abort_loc = loc;
}

void interp_clear_unwind(Interp *I) {
    I->unwind = UNWIND_NONE;
    I->stopped = false;
    I->exc = NULL;
    I->abort_reason = NULL;
    I->exc_ntrace = 0;
}

bool interp_exc_is(Interp *I, const char *class_name) {
    if (I->unwind != UNWIND_RAISE || !I->exc || I->exc->kind != V_INSTANCE) return false;
    Value *cls = builtin_class(I, class_name);
    return cls && class_is_subclass(I->exc->u.inst.cls, cls);
}

const char *interp_exc_message(Interp *I) {
    if (!I->exc) return "";
    StrBuf b = {0};
    value_str(I, &b, I->exc);
    const char *s = arena_strndup(I->arena, sb_str(&b), b.len);
    sb_free(&b);
    return s;
}

void interp_report_uncaught(Interp *I) {
    if (I->unwind != UNWIND_RAISE || !I->exc) return;
    const char *cls = I->exc->kind == V_INSTANCE ? I->exc->u.inst.cls->u.cls.name : value_type_name(I->exc);
    const char *msg = interp_exc_message(I);
    Diag *d = msg[0] ? diag_report(I->diags, SEV_ERROR, I->exc_loc, "exception", "%s: %s", cls, msg)
                     : diag_report(I->diags, SEV_ERROR, I->exc_loc, "exception", "%s", cls);
    for (int i = 0; i < I->exc_ntrace; i++) {
        Loc t = I->exc_trace[i];
        /* a call site that is where the error is reported says nothing new */
        bool same = t.file == I->exc_loc.file && t.line == I->exc_loc.line && t.col == I->exc_loc.col;
        if (t.file && !same) diag_note(d, t, "called from here");
    }
}

/* ---- unknowns ---------------------------------------------------------------- */

bool is_unknown(const Value *v) { return v->kind == V_UNKNOWN; }

Value *unknown_from(Interp *I, Value *u, Loc loc) {
    (void)loc;
    if (u->kind == V_UNKNOWN && !u->u.unknown.num) return u;
    Value *v = v_unknown(I, u->u.unknown.loc, "%s", u->u.unknown.reason);
    return v;
}

/* ---- terms ---------------------------------------------------------------------- */

SymTerm *int_term(Interp *I, const Value *v) {
    void *d = I->dom_state;
    if (v->kind == V_BOOL && v->u.i.sym) {
        if (!I->dom->ite || !I->dom->int_lit) return NULL;
        SymTerm *one = I->dom->int_lit(d, 1), *zero = I->dom->int_lit(d, 0);
        return one && zero ? I->dom->ite(d, v->u.i.sym, one, zero) : NULL;
    }
    if (v->u.i.sym) return v->u.i.sym;
    return I->dom->int_lit ? I->dom->int_lit(d, v->u.i.c) : NULL;
}

SymTerm *bool_term(Interp *I, const Value *v) {
    void *d = I->dom_state;
    if (v->kind == V_BOOL) {
        if (v->u.i.sym) return v->u.i.sym;
        return I->dom->bool_lit ? I->dom->bool_lit(d, v->u.i.c != 0) : NULL;
    }
    if (v->kind == V_INT) {
        if (!v->u.i.sym) return I->dom->bool_lit ? I->dom->bool_lit(d, v->u.i.c != 0) : NULL;
        if (!I->dom->int_cmp || !I->dom->int_lit) return NULL;
        SymTerm *zero = I->dom->int_lit(d, 0);
        return zero ? I->dom->int_cmp(d, CMP_NOTEQ, v->u.i.sym, zero) : NULL;
    }
    return NULL;
}

Value *v_bool_term(Interp *I, SymTerm *t, Loc loc) {
    if (!t) return v_unknown(I, loc, "condition not representable in the %s domain", I->dom->name);
    return v_sym_bool(I, t);
}

Value *v_int_term(Interp *I, SymTerm *t, Loc loc) {
    if (!t) return v_unknown(I, loc, "integer not representable in the %s domain", I->dom->name);
    return v_sym_int(I, t);
}

Value *bool_and_v(Interp *I, Value *a, Value *b, Loc loc) {
    if (!a->u.i.sym && !b->u.i.sym) return v_bool(I, a->u.i.c && b->u.i.c);
    if (!a->u.i.sym) return a->u.i.c ? b : a;
    if (!b->u.i.sym) return b->u.i.c ? a : b;
    SymTerm *t = I->dom->bool_and ? I->dom->bool_and(I->dom_state, a->u.i.sym, b->u.i.sym) : NULL;
    return v_bool_term(I, t, loc);
}

Value *bool_or_v(Interp *I, Value *a, Value *b, Loc loc) {
    if (!a->u.i.sym && !b->u.i.sym) return v_bool(I, a->u.i.c || b->u.i.c);
    if (!a->u.i.sym) return a->u.i.c ? a : b;
    if (!b->u.i.sym) return b->u.i.c ? b : a;
    SymTerm *t = I->dom->bool_or ? I->dom->bool_or(I->dom_state, a->u.i.sym, b->u.i.sym) : NULL;
    return v_bool_term(I, t, loc);
}

Value *bool_not_v(Interp *I, Value *a, Loc loc) {
    if (!a->u.i.sym) return v_bool(I, !a->u.i.c);
    SymTerm *t = I->dom->bool_not ? I->dom->bool_not(I->dom_state, a->u.i.sym) : NULL;
    return v_bool_term(I, t, loc);
}

/* ---- truth, decisions, obligations ------------------------------------------- */

static Tri decide(Interp *I, Value *cond, Loc loc) {
    if (I->symloops) symloop_note_decision(I, cond);
    Tri t = I->dom->decide(I->dom_state, cond, loc);
    if (t == TRI_UNKNOWN && I->unwind == UNWIND_NONE)
        interp_abort(I, loc, "the condition could not be decided");
    if (I->unwind != UNWIND_NONE) return TRI_UNKNOWN;
    return t;
}

Tri truth_of(Interp *I, Value *v, Loc loc) {
    switch (v->kind) {
    case V_NONE: return TRI_FALSE;
    case V_BOOL:
    case V_INT:
        if (!v->u.i.sym) return v->u.i.c ? TRI_TRUE : TRI_FALSE;
        if (v->kind == V_BOOL) return decide(I, v, loc);
        {
            SymTerm *t = bool_term(I, v);
            if (!t) {
                interp_abort(I, loc, "condition not representable in the %s domain", I->dom->name);
                return TRI_UNKNOWN;
            }
            return decide(I, v_sym_bool(I, t), loc);
        }
    case V_FLOAT: return v->u.f != 0 ? TRI_TRUE : TRI_FALSE;
    case V_STR: return v->u.str.len ? TRI_TRUE : TRI_FALSE;
    case V_TUPLE:
    case V_LIST:
    case V_SET:
        SEQ_READ(I, &v->u.seq);
        if (v->u.seq.poisoned) {
            interp_abort(I, loc, "the condition depends on a %s modified in a loop over a symbolic range",
                         value_type_name(v));
            return TRI_UNKNOWN;
        }
        return v->u.seq.n ? TRI_TRUE : TRI_FALSE;
    case V_DICT:
        container_read(I, &v->u.dict.rd);
        if (v->u.dict.poisoned) {
            interp_abort(I, loc, "the condition depends on a dict modified in a loop over a symbolic range");
            return TRI_UNKNOWN;
        }
        return v->u.dict.n ? TRI_TRUE : TRI_FALSE;
    case V_RANGE: {
        Value *n = range_len(I, v, loc);
        if (!n) return TRI_UNKNOWN;
        return truth_of(I, n, loc);
    }
    case V_INSTANCE: {
        Value *m = instance_method(I, v, I->atoms->a_bool);
        if (!m) m = instance_method(I, v, I->atoms->a_len);
        if (!m) return TRI_TRUE;
        Value *r = interp_call0(I, m, loc);
        if (!r) return TRI_UNKNOWN;
        return truth_of(I, r, loc);
    }
    case V_OBJECT:
        if (v->u.obj.type->len) {
            Value *n = v->u.obj.type->len(I, v, loc);
            if (!n) return TRI_UNKNOWN;
            return truth_of(I, n, loc);
        }
        return TRI_TRUE;
    case V_UNKNOWN:
        interp_abort(I, loc, "%s", v->u.unknown.reason);
        return TRI_UNKNOWN;
    case V_SLICE:
    case V_FUNCTION:
    case V_BUILTIN:
    case V_BOUND:
    case V_MODULE:
    case V_CLASS:
        return TRI_TRUE;
    }
    return TRI_TRUE;
}

Tri interp_truth(Interp *I, Value *v, Loc loc) { return truth_of(I, v, loc); }

void interp_assume(Interp *I, Value *cond, Loc loc) {
    if (cond->kind == V_BOOL && cond->u.i.sym && I->dom->assume) I->dom->assume(I->dom_state, cond, loc);
}

/* The innermost frame of the user's code (not the model's), or NULL. */
static Frame *user_frame(Interp *I) {
    for (Frame *f = I->frame; f; f = f->parent)
        if (!f->is_model) return f;
    return NULL;
}

/* The frame of the API call running now: the outermost of the model frames
 * the innermost user frame called; NULL outside model code. */
static Frame *api_frame(Interp *I) {
    Frame *api = NULL;
    for (Frame *f = I->frame; f && f->is_model; f = f->parent) api = f;
    return api;
}

bool interp_call_violated(Interp *I, const char *except_rule) {
    Frame *api = api_frame(I);
    for (Violated *v = api ? api->violated : NULL; v; v = v->next)
        if (!except_rule || !v->rule || strcmp(v->rule, except_rule) != 0) return true;
    return false;
}

/* The value `name` has in frame f (locals, enclosing scopes, globals), or
 * NULL; no side effect, no error. */
static Value *frame_peek(const Frame *f, const char *name) {
    for (Env *e = f->env; e; e = e->parent) {
        Value **s = env_slot(e, name);
        if (s && *s) return *s;
    }
    if (f->module && f->module->kind == V_MODULE) return dict_get_str(&f->module->u.module.globals, name);
    return NULL;
}

const char *frame_int_values(Interp *I, const Frame *f, const Node *e) {
    if (!f || !e) return NULL;
    const char **names;
    int n = analysis_reads(I->arena, e, &names);
    StrBuf b = {0};
    for (int i = 0; i < n; i++) {
        Value *v = frame_peek(f, names[i]);
        if (!v || v->kind != V_INT || v->u.i.sym) continue;
        sb_printf(&b, "%s%s=%lld", b.len ? ", " : "", names[i], (long long)v->u.i.c);
    }
    const char *r = b.len ? arena_strndup(I->arena, sb_str(&b), b.len) : NULL;
    sb_free(&b);
    return r;
}

Tri interp_require(Interp *I, Value *cond, const Obligation *ob) {
    Frame *u = user_frame(I);
    return require_with_values(I, cond, ob, u, u ? u->node : NULL);
}

Tri require_with_values(Interp *I, Value *cond, const Obligation *ob, const Frame *vf, const Node *ve) {
    if (cond->kind == V_UNKNOWN) {
        interp_abort(I, ob->loc, "cannot check [%s]: %s", ob->rule ? ob->rule : "contract", cond->u.unknown.reason);
        return TRI_UNKNOWN;
    }
    if (cond->kind != V_BOOL) {
        SymTerm *t = (cond->kind == V_INT) ? bool_term(I, cond) : NULL;
        if (cond->kind == V_INT && !cond->u.i.sym) {
            cond = v_bool(I, cond->u.i.c != 0);
        } else if (t) {
            cond = v_sym_bool(I, t);
        } else {
            Tri tr = truth_of(I, cond, ob->loc);
            if (tr == TRI_UNKNOWN) return tr;
            cond = v_bool(I, tr == TRI_TRUE);
        }
    }
    Obligation o = *ob;
    if (!cond->u.i.sym && !cond->u.i.c) {
        const char *vals = frame_int_values(I, vf, ve);
        if (vals) {
            StrBuf b = {0};
            sb_printf(&b, "%s (%s)", ob->message ? ob->message : "contract violated", vals);
            o.message = arena_strndup(I->arena, sb_str(&b), b.len);
            sb_free(&b);
        }
    }
    Tri r = I->dom->require(I->dom_state, cond, &o);
    if (cond->u.i.sym) interp_assume(I, cond, ob->loc);
    if (r == TRI_FALSE) {
        Frame *api = api_frame(I);
        if (api) {
            Violated *v = arena_alloc(I->arena, sizeof *v);
            v->rule = ob->rule;
            v->next = api->violated;
            api->violated = v;
        }
        if (I->dom->stops && I->unwind == UNWIND_NONE && I->dom->stops(I->dom_state)) {
            interp_abort(I, ob->loc, "stopped at the first violation");
            I->stopped = true;
        }
    }
    return r;
}

/* ---- argument binding for native functions ------------------------------------ */

bool interp_bind_n(Interp *I, CallArgs *args, Loc loc, const char *fname,
                   const char *const *params, int nparams, int nrequired, Value **out) {
    int np = 0;
    while (np < nparams && params[np]) np++;   /* a NULL entry ends the list */
    int npositional = np;
    for (int i = 0; i < np; i++)
        if (params[i][0] == '*') {
            npositional = i;
            break;
        }
    for (int i = 0; i < np; i++) out[i] = NULL;
    if (args->npos > npositional) {
        interp_raise(I, loc, "TypeError", "%s() takes at most %d positional argument%s (%d given)", fname,
                     npositional, npositional == 1 ? "" : "s", args->npos);
        return false;
    }
    for (int i = 0; i < args->npos; i++) out[i] = args->pos[i];
    for (int k = 0; k < args->nkw; k++) {
        const char *kn = args->kwnames[k];
        int found = -1;
        for (int i = 0; i < np; i++) {
            const char *pn = params[i][0] == '*' ? params[i] + 1 : params[i];
            if (pn[0] && strcmp(pn, kn) == 0) {
                found = i;
                break;
            }
        }
        if (found < 0) {
            interp_raise(I, loc, "TypeError", "%s() got an unexpected keyword argument '%s'", fname, kn);
            return false;
        }
        if (out[found]) {
            interp_raise(I, loc, "TypeError", "%s() got multiple values for argument '%s'", fname, kn);
            return false;
        }
        out[found] = args->kw[k];
    }
    for (int i = 0; i < nrequired && i < np; i++) {
        if (out[i] || strcmp(params[i], "*") == 0) continue;
        const char *pn = params[i][0] == '*' ? params[i] + 1 : params[i];
        interp_raise(I, loc, "TypeError", "%s() missing required argument: '%s'", fname, pn);
        return false;
    }
    return true;
}

/* ---- ints for natives -------------------------------------------------------------- */

bool interp_as_int(Interp *I, Value *v, Loc loc, const char *what, Value **out) {
    if (v->kind == V_INT || v->kind == V_BOOL) {
        *out = v;
        return true;
    }
    if (v->kind == V_UNKNOWN) {
        interp_abort(I, loc, "%s", v->u.unknown.reason);
        return false;
    }
    interp_raise(I, loc, "TypeError", "%s must be an integer, not '%s'", what, value_type_name(v));
    return false;
}

const char *interp_str(Interp *I, Value *v) {
    StrBuf b = {0};
    if (v->kind == V_INSTANCE) {
        Value *m = instance_method(I, v, I->atoms->a_str);
        if (!m) m = instance_method(I, v, I->atoms->a_repr);
        if (m) {
            Value *r = interp_call0(I, m, loc_of(I, I->frame ? I->frame->node : NULL));
            if (!r) return NULL;
            if (r->kind != V_STR) {
                interp_raise(I, loc_of(I, I->frame ? I->frame->node : NULL), "TypeError",
                             "__str__ returned non-string (type %s)", value_type_name(r));
                return NULL;
            }
            return r->u.str.s;
        }
    }
    value_str(I, &b, v);
    const char *s = arena_strndup(I->arena, sb_str(&b), b.len);
    sb_free(&b);
    return s;
}

/* ---- modules ------------------------------------------------------------------------- */

/* Runs the body of module `mod`; false: unwinding. */
static bool exec_module_body(Interp *I, Value *mod) {
    Frame fr = {0};
    fr.parent = I->frame;
    fr.module = mod;
    fr.env = NULL;
    fr.node = mod->u.module.ast;
    fr.name = "<module>";
    fr.is_model = mod->u.module.is_model;
    Frame *saved = I->frame;
    int saved_depth = I->depth;
    if (I->depth >= I->max_depth) {
        interp_abort(I, node_loc(&fr, mod->u.module.ast), "recursion too deep (imports nested %d deep)", I->depth);
        return false;
    }
    I->depth++;
    I->frame = &fr;
    Flow f = exec_block(I, &mod->u.module.ast->u.module.body);
    I->frame = saved;
    I->depth = saved_depth;
    return f != FLOW_UNWIND;
}

Value *run_module_file(Interp *I, const char *iname, const Node *ast, const SourceFile *file, bool is_model) {
    Value *m = module_from_file(I, iname, ast, file, is_model);
    dict_set_str(I, &I->modules, iname, m);
    if (exec_module_body(I, m)) return m;
    Value key = {.kind = V_STR, .u.str = {iname, strlen(iname)}};
    dict_del(&I->modules, &key);
    return NULL;
}

Value *interp_run_module(Interp *I, const Node *ast, const SourceFile *file, const char *name, bool is_model) {
    const char *iname = intern_cstr(I->names, name);
    Value *m = dict_get_str(&I->modules, iname);
    if (m && m->kind == V_MODULE && m->u.module.ast) return m;
    /* parent packages first, as Python imports them */
    const char *dot = strrchr(iname, '.');
    if (dot) {
        char *parent = kcv_strndup(iname, (size_t)(dot - iname));
        Loc none = {0};
        Value *p = interp_import(I, parent, none);
        kcv_free(parent);
        if (!p) {
            if (I->unwind == UNWIND_RAISE) interp_report_uncaught(I);
            return NULL;
        }
        m = dict_get_str(&I->modules, iname);
        if (m && m->kind == V_MODULE && m->u.module.ast) return m;
    }
    m = run_module_file(I, iname, ast, file, is_model);
    if (!m && I->unwind == UNWIND_RAISE) interp_report_uncaught(I);
    return m;
}

Value *interp_run_file(Interp *I, const char *path, const char *name, bool is_model) {
    const SourceFile *file = NULL;
    Node *ast = source_cache_get(I->cache, path, I->diags, &file);
    if (!ast) return NULL;
    return interp_run_module(I, ast, file, name, is_model);
}
