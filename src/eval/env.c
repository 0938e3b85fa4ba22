/* env.c - local scopes and Python's name resolution.
 *
 * An Env holds the locals of one function activation, class body or
 * comprehension: interned names (compared by pointer) and values, scanned
 * linearly while small and through a hash index past 12 names.  Closures
 * keep a pointer to the Env they were defined in, so they see later
 * assignments there (Python's cells, late binding).
 *
 * Resolution (LEGB): the frame's own scope (with the function's ScopeInfo
 * saying which names are local, global or nonlocal), the enclosing
 * function scopes (class bodies are skipped, as in Python), the module's
 * globals, then builtins.
 */
#include <string.h>

#include "interp_int.h"

enum { ENV_INDEX_MIN = 12 };

/* Size classes of recycled Envs: own_cap ENV_MIN_CAP << k. */
enum { ENV_MIN_CAP = 8 };

static int env_class(int nslots, int *cap) {
    int k = 0;
    *cap = ENV_MIN_CAP;
    while (*cap < nslots) *cap *= 2, k++;
    return k;
}

Env *env_new(Interp *I, Env *parent, int nslots) {
    int cap;
    int k = env_class(nslots, &cap);
    Env *e = k < ENV_FREE_CLASSES ? I->free_envs[k] : NULL;
    if (e) {
        I->free_envs[k] = e->next_free;
        const char **names = (const char **)(e + 1);
        memset(names, 0, (size_t)cap * (sizeof(char *) + sizeof(Value *)));
        memset(e, 0, sizeof *e);
        e->names = names;
        e->vals = (Value **)(names + cap);
    } else {
        e = arena_alloc(I->arena, sizeof *e + (size_t)cap * (sizeof(char *) + sizeof(Value *)));
        e->names = (const char **)(e + 1);
        e->vals = (Value **)(e->names + cap);
    }
    e->cap = e->own_cap = cap;
    e->parent = parent;
    e->born = I->epoch;
    return e;
}

void env_release(Interp *I, Env *e) {
    int cap;
    int k = env_class(e->own_cap, &cap);
    if (k >= ENV_FREE_CLASSES || cap != e->own_cap) return;
    e->next_free = I->free_envs[k];
    I->free_envs[k] = e;
}

static uint32_t ptr_hash(const char *p) {
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 29;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 32;
    return (uint32_t)x;
}

static void env_reindex(Interp *I, Env *e) {
    int icap = 32;
    while (icap < e->n * 2 + 2) icap *= 2;
    e->index = arena_alloc(I->arena, (size_t)icap * sizeof(int32_t));
    e->icap = icap;
    uint32_t mask = (uint32_t)(icap - 1);
    for (int i = 0; i < e->n; i++) {
        uint32_t j = ptr_hash(e->names[i]) & mask;
        while (e->index[j]) j = (j + 1) & mask;
        e->index[j] = i + 1;
    }
}

Value **env_slot(Env *e, const char *name) {
    if (e->icap) {
        uint32_t mask = (uint32_t)(e->icap - 1);
        uint32_t j = ptr_hash(name) & mask;
        while (e->index[j]) {
            int i = e->index[j] - 1;
            if (e->names[i] == name) return &e->vals[i];
            j = (j + 1) & mask;
        }
        return NULL;
    }
    for (int i = 0; i < e->n; i++)
        if (e->names[i] == name) return &e->vals[i];
    return NULL;
}

Value *env_get(Env *e, const char *name) {
    Value **s = env_slot(e, name);
    return s ? *s : NULL;
}

void env_set(Interp *I, Env *e, const char *name, Value *v) {
    Value **s = env_slot(e, name);
    if (s) {
        *s = v;
        return;
    }
    if (e->n == e->cap) {
        int cap = e->cap ? e->cap * 2 : 8;
        const char **nn = arena_alloc(I->arena, (size_t)cap * sizeof(char *));
        Value **nv = arena_alloc(I->arena, (size_t)cap * sizeof(Value *));
        if (e->n) {
            memcpy(nn, e->names, (size_t)e->n * sizeof(char *));
            memcpy(nv, e->vals, (size_t)e->n * sizeof(Value *));
        }
        e->names = nn;
        e->vals = nv;
        e->cap = cap;
    }
    e->names[e->n] = name;
    e->vals[e->n] = v;
    e->n++;
    if (e->n >= ENV_INDEX_MIN) {
        if (!e->icap || e->n * 2 + 2 > e->icap) {
            env_reindex(I, e);
        } else {
            uint32_t mask = (uint32_t)(e->icap - 1);
            uint32_t j = ptr_hash(name) & mask;
            while (e->index[j]) j = (j + 1) & mask;
            e->index[j] = e->n;
        }
    }
}

bool scope_has(const char *const *names, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (names[i] == name) return true;
    return false;
}

/* ---- resolution ------------------------------------------------------------ */

static Dict *globals_of(Interp *I) { return &I->frame->module->u.module.globals; }

static Value *global_load(Interp *I, const char *name) {
    Dict *g = globals_of(I);
    container_read(I, &g->rd);
    Value *v = dict_get_str(g, name);
    if (v) return g->poisoned ? poisoned_value(I, loc_of(I, I->frame->node)) : v;
    if (I->builtins) return dict_get_str(&I->builtins->u.module.globals, name);
    return NULL;
}

/* The function's own Env: frame->env below any comprehension scopes. */
static Env *own_env(Interp *I) {
    Env *e = I->frame->env;
    while (e && e->is_comp) e = e->parent;
    return e;
}

Value *name_load(Interp *I, const char *name, Loc loc) {
    Frame *f = I->frame;
    const ScopeInfo *sc = f->scope;
    if (sc && sc->nglobals && scope_has(sc->globals, sc->nglobals, name)) {
        Value *v = global_load(I, name);
        if (v) return v;
        interp_raise(I, loc, "NameError", "name '%s' is not defined", name);
        return NULL;
    }
    Env *own = own_env(I);
    for (Env *e = f->env; e; e = e->parent) {
        if (e->is_class && e != own) continue;   /* class scopes are not enclosing */
        Value **s = env_slot(e, name);
        if (s && *s) return *s;
        if (e == own && sc && scope_has(sc->locals, sc->nlocals, name)) {
            interp_raise(I, loc, "UnboundLocalError",
                         "cannot access local variable '%s' where it is not associated with a value", name);
            return NULL;
        }
    }
    Value *v = global_load(I, name);
    if (v) return v;
    interp_raise(I, loc, "NameError", "name '%s' is not defined", name);
    return NULL;
}

bool name_store(Interp *I, const char *name, Value *v, Loc loc) {
    Frame *f = I->frame;
    if (!f->env) {
        dict_set_str(I, globals_of(I), name, v);
        return true;
    }
    const ScopeInfo *sc = f->scope;
    if (sc && !f->env->is_comp) {
        if (sc->nglobals && scope_has(sc->globals, sc->nglobals, name)) {
            Dict *g = globals_of(I);
            if (!container_write(I, g->born, g->rd, &g->poisoned, loc)) return false;
            dict_set_str(I, g, name, v);
            return true;
        }
        if (sc->nnonlocals && scope_has(sc->nonlocals, sc->nnonlocals, name)) {
            for (Env *e = f->env->parent; e; e = e->parent) {
                if (e->is_class) continue;
                Value **s = env_slot(e, name);
                if (!s) continue;
                if (I->symloops && e->born < symloop_epoch(I)) {
                    interp_abort(I, loc, "nonlocal variable '%s' assigned in the loop at line %d is not modelled",
                                 name, symloop_line(I));
                    return false;
                }
                *s = v;
                return true;
            }
            interp_raise(I, loc, "SyntaxError", "no binding for nonlocal '%s' found", name);
            return false;
        }
    }
    env_set(I, f->env, name, v);
    return true;
}

bool name_delete(Interp *I, const char *name, Loc loc) {
    Frame *f = I->frame;
    const ScopeInfo *sc = f->scope;
    bool global = !f->env || (sc && sc->nglobals && scope_has(sc->globals, sc->nglobals, name));
    if (global) {
        Dict *g = globals_of(I);
        Value *key = v_str_interned(I, name);
        if (!dict_del(g, key)) {
            interp_raise(I, loc, "NameError", "name '%s' is not defined", name);
            return false;
        }
        return true;
    }
    Value **s = env_slot(f->env, name);
    if (!s || !*s) {
        interp_raise(I, loc, "NameError", "name '%s' is not defined", name);
        return false;
    }
    *s = NULL;
    return true;
}

Value *name_peek_local(Interp *I, const char *name) {
    Frame *f = I->frame;
    if (!f->env) return dict_get_str(globals_of(I), name);
    const ScopeInfo *sc = f->scope;
    if (sc && sc->nglobals && scope_has(sc->globals, sc->nglobals, name))
        return dict_get_str(globals_of(I), name);
    if (sc && sc->nnonlocals && scope_has(sc->nonlocals, sc->nnonlocals, name)) {
        for (Env *e = f->env->parent; e; e = e->parent) {
            if (e->is_class) continue;
            Value **s = env_slot(e, name);
            if (s) return *s;
        }
        return NULL;
    }
    return env_get(f->env, name);
}

void name_set_local(Interp *I, const char *name, Value *v) {
    Frame *f = I->frame;
    const ScopeInfo *sc = f->scope;
    bool global = !f->env || (sc && sc->nglobals && scope_has(sc->globals, sc->nglobals, name));
    if (global) {
        if (v) {
            dict_set_str(I, globals_of(I), name, v);
        } else {
            Value key = {.kind = V_STR, .u.str = {name, strlen(name)}};
            dict_del(globals_of(I), &key);
        }
        return;
    }
    if (sc && sc->nnonlocals && scope_has(sc->nonlocals, sc->nnonlocals, name)) {
        for (Env *e = f->env->parent; e; e = e->parent) {
            if (e->is_class) continue;
            Value **s = env_slot(e, name);
            if (s) {
                *s = v;
                return;
            }
        }
    }
    env_set(I, f->env, name, v);
}
