/* reach.c - the values the interpreter can still reach (interp_reach).
 *
 * kcv run reclaims the memory of tiles that nothing refers to any more
 * (src/nki/reclaim.c); this file finds what is still referred to.  It
 * walks from the interpreter's state: the frames (their scopes with the
 * enclosing scopes of closures, modules, functions, return values), every
 * loaded module, the active loops' sequences, the exception being raised
 * or handled; and from the caller's roots.  Values refer to others through
 * containers, functions (closure scopes, defaults, decorators), classes,
 * instances, bound methods and native objects (ObjType.children).
 *
 * It is only sound where no other value is held by C code: the
 * interpreter calls I->safepoint between iterations of a loop in the
 * outermost frame, outside `with`, except and finally blocks.
 */
#include <string.h>

#include "interp_int.h"

void obj_no_children(Value *self, void (*add)(void *w, Value *v), void *w) {
    (void)self;
    (void)add;
    (void)w;
}

/* A set of pointers (values and scopes), open addressing. */
typedef struct PtrSet {
    const void **slots;
    size_t cap, n;
} PtrSet;

static size_t ptr_slot(const PtrSet *s, const void *p) {
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 29;
    x *= 0xbf58476d1ce4e5b9ULL;
    size_t j = (size_t)(x >> 32) & (s->cap - 1);
    while (s->slots[j] && s->slots[j] != p) j = (j + 1) & (s->cap - 1);
    return j;
}

/* Adds p; false if it was there. */
static bool ptrset_add(PtrSet *s, const void *p) {
    if (2 * (s->n + 1) > s->cap) {
        PtrSet bigger = {kcv_calloc(s->cap ? 2 * s->cap : 1024, sizeof(void *)), s->cap ? 2 * s->cap : 1024, 0};
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i]) bigger.slots[ptr_slot(&bigger, s->slots[i])] = s->slots[i], bigger.n++;
        kcv_free(s->slots);
        *s = bigger;
    }
    size_t j = ptr_slot(s, p);
    if (s->slots[j]) return false;
    s->slots[j] = p;
    s->n++;
    return true;
}

typedef struct Reach {
    PtrSet seen;
    Vec(Value *) todo;
    bool opaque;
} Reach;

static void add(void *w, Value *v) {
    Reach *r = w;
    if (v && ptrset_add(&r->seen, v)) vec_push(&r->todo, v);
}

static void add_seq(Reach *r, const Seq *s) {
    for (int i = 0; i < s->n; i++) add(r, s->v[i]);
    if (s->sym) {
        add(r, s->sym->len);
        add(r, s->sym->item);
    }
}

static void add_dict(Reach *r, const Dict *d) {
    for (int i = 0; i < d->n; i++) {
        add(r, d->v[i].key);
        add(r, d->v[i].value);
    }
}

static void add_env(Reach *r, const Env *e) {
    for (; e && ptrset_add(&r->seen, e); e = e->parent)
        for (int i = 0; i < e->n; i++) add(r, e->vals[i]);
}

static void children(Reach *r, Value *v) {
    switch (v->kind) {
    case V_NONE: case V_BOOL: case V_INT: case V_FLOAT: case V_STR: case V_UNKNOWN:
        return;
    case V_TUPLE: case V_LIST: case V_SET: add_seq(r, &v->u.seq); return;
    case V_DICT: add_dict(r, &v->u.dict); return;
    case V_SLICE:
        add(r, v->u.slice.lower);
        add(r, v->u.slice.upper);
        add(r, v->u.slice.step);
        return;
    case V_RANGE:
        add(r, v->u.range.start);
        add(r, v->u.range.stop);
        add(r, v->u.range.step);
        return;
    case V_FUNCTION: {
        const Node *a = v->u.fn.def->kind == N_LAMBDA ? v->u.fn.def->u.lambda.args : v->u.fn.def->u.func.args;
        add_env(r, v->u.fn.closure);
        add(r, v->u.fn.module);
        if (v->u.fn.defaults)
            for (int i = 0; i < a->u.arguments.defaults.n; i++) add(r, v->u.fn.defaults[i]);
        if (v->u.fn.kw_defaults)
            for (int i = 0; i < a->u.arguments.kwonlyargs.n; i++) add(r, v->u.fn.kw_defaults[i]);
        add_seq(r, &v->u.fn.decorators);
        return;
    }
    case V_BUILTIN:
        add(r, v->u.builtin.self);
        if (v->u.builtin.data_is_value) add(r, v->u.builtin.data);
        return;
    case V_BOUND:
        add(r, v->u.bound.self);
        add(r, v->u.bound.func);
        return;
    case V_MODULE: add_dict(r, &v->u.module.globals); return;
    case V_CLASS:
        add_seq(r, &v->u.cls.bases);
        add_dict(r, &v->u.cls.attrs);
        add(r, v->u.cls.module);
        return;
    case V_INSTANCE:
        add(r, v->u.inst.cls);
        add_dict(r, &v->u.inst.attrs);
        return;
    case V_OBJECT:
        if (!v->u.obj.type->children) {
            r->opaque = true;
            return;
        }
        v->u.obj.type->children(v, add, r);
        return;
    }
}

bool interp_reach(Interp *I, Value *const *roots, int nroots, void (*visit)(void *cx, Value *v), void *cx) {
    Reach r = {0};
    for (int i = 0; i < nroots; i++) add(&r, roots[i]);
    for (const Frame *f = I->frame; f; f = f->parent) {
        add_env(&r, f->env);
        add(&r, f->module);
        add(&r, f->func);
        add(&r, f->retval);
    }
    for (const LoopCtx *l = I->loop; l; l = l->parent) {
        add(&r, l->index);
        add(&r, l->trip);
        add(&r, l->items);
    }
    add_dict(&r, &I->modules);
    add(&r, I->builtins);
    add(&r, I->exc);
    add(&r, I->handling);
    while (r.todo.n && !r.opaque) {
        Value *v = r.todo.v[--r.todo.n];
        visit(cx, v);
        children(&r, v);
    }
    bool ok = !r.opaque;
    kcv_free(r.seen.slots);
    vec_free(&r.todo);
    return ok;
}
