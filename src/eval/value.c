/* value.c - the evaluator's values: constructors, sequences and dicts,
 * Python equality and hashing of dict keys, repr() and str().
 *
 * All values live in the run arena (I->arena), except the singletons None,
 * True and False, which are static and shared by every interpreter.
 * Containers grow by reallocating in the arena (the old array is left
 * behind; a run is short).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../front/pyrepr.h"
#include "interp_int.h"

static Value none_value = {.kind = V_NONE};
static Value true_value = {.kind = V_BOOL, .u.i = {1, NULL}};
static Value false_value = {.kind = V_BOOL, .u.i = {0, NULL}};

static Value empty_str_value = {.kind = V_STR, .u.str = {"", 0}};

Value *v_none(void) { return &none_value; }
Value *v_empty_str(void) { return &empty_str_value; }
Value *v_true(void) { return &true_value; }
Value *v_false(void) { return &false_value; }
Value *v_bool(Interp *I, bool b) {
    (void)I;
    return b ? &true_value : &false_value;
}

static Value *v_new(Interp *I, ValueKind k) {
    Value *v = arena_alloc(I->arena, sizeof *v);
    v->kind = k;
    return v;
}

enum { SMALL_MIN = -5, SMALL_MAX = 256 };

enum { INT_CACHE = 4096 };   /* slots of the cache of other ints (a power of two) */

Value *v_int(Interp *I, int64_t c) {
    if (c >= SMALL_MIN && c <= SMALL_MAX && I->small_ints) {
        Value **slot = &I->small_ints[c - SMALL_MIN];
        if (!*slot) {
            *slot = v_new(I, V_INT);
            (*slot)->u.i.c = c;
        }
        return *slot;
    }
    /* Ints are immutable: an index computation that makes the same offsets
     * in every iteration of a loop finds them in a direct-mapped cache. */
    Value **slot = NULL;
    if (I->small_ints) {
        if (!I->int_cache) I->int_cache = arena_alloc(I->arena, INT_CACHE * sizeof(Value *));
        uint64_t h = (uint64_t)c * 0x9e3779b97f4a7c15ULL;
        slot = &I->int_cache[h >> 52];   /* the top 12 bits */
        if (*slot && (*slot)->u.i.c == c) return *slot;
    }
    Value *v = v_new(I, V_INT);
    v->u.i.c = c;
    if (slot) *slot = v;
    return v;
}

Value *v_sym_int(Interp *I, SymTerm *t) {
    Value *v = v_new(I, V_INT);
    v->u.i.sym = t;
    return v;
}

Value *v_sym_bool(Interp *I, SymTerm *t) {
    Value *v = v_new(I, V_BOOL);
    v->u.i.sym = t;
    return v;
}

Value *v_float(Interp *I, double f) {
    Value *v = v_new(I, V_FLOAT);
    v->u.f = f;
    return v;
}

Value *v_str(Interp *I, const char *s, size_t len) {
    Value *v = v_new(I, V_STR);
    v->u.str.s = arena_strndup(I->arena, s, len);
    v->u.str.len = len;
    return v;
}

Value *v_cstr(Interp *I, const char *s) { return v_str(I, s, strlen(s)); }

Value *v_str_interned(Interp *I, const char *interned) {
    Value *v = v_new(I, V_STR);
    v->u.str.s = interned;
    v->u.str.len = strlen(interned);
    return v;
}

bool seq_init_cap(Interp *I, Seq *s, int cap) {
    s->v = cap ? arena_alloc(I->arena, (size_t)cap * sizeof(Value *)) : NULL;
    s->cap = cap;
    s->born = I->epoch;
    return true;
}

static Value *v_seq(Interp *I, ValueKind k, int n) {
    Value *v = v_new(I, k);
    seq_init_cap(I, &v->u.seq, n);
    v->u.seq.n = n;
    return v;
}

Value *v_tuple(Interp *I, int n) { return v_seq(I, V_TUPLE, n); }
Value *v_list(Interp *I, int n) { return v_seq(I, V_LIST, n); }
Value *v_set(Interp *I) { return v_seq(I, V_SET, 0); }

Value *v_tuple_of(Interp *I, int n, Value *const *items) {
    Value *t = v_tuple(I, n);
    for (int i = 0; i < n; i++) t->u.seq.v[i] = items[i];
    return t;
}

Value *v_dict(Interp *I) {
    Value *v = v_new(I, V_DICT);
    v->u.dict.born = I->epoch;
    return v;
}

Value *v_unknown(Interp *I, Loc loc, const char *fmt, ...) {
    Value *v = v_new(I, V_UNKNOWN);
    va_list ap;
    va_start(ap, fmt);
    v->u.unknown.reason = arena_vprintf(I->arena, fmt, ap);
    va_end(ap);
    v->u.unknown.loc = loc;
    return v;
}

Value *v_unknown_quotient(Interp *I, Loc loc, Value *num, Value *den) {
    Value *v = v_unknown(I, loc, "true division of symbolic integers gives a float");
    v->u.unknown.num = num;
    v->u.unknown.den = den;
    return v;
}

Value *v_builtin(Interp *I, const char *name, BuiltinFn fn, Value *self, void *data) {
    Value *v = v_new(I, V_BUILTIN);
    v->u.builtin.name = name;
    v->u.builtin.fn = fn;
    v->u.builtin.self = self;
    v->u.builtin.data = data;
    return v;
}

Value *v_object(Interp *I, const ObjType *type, void *data) {
    Value *v = v_new(I, V_OBJECT);
    v->u.obj.type = type;
    v->u.obj.data = data;
    return v;
}

Value *v_range(Interp *I, Value *start, Value *stop, Value *stepv, RangeKind kind) {
    Value *v = v_new(I, V_RANGE);
    v->u.range.start = start;
    v->u.range.stop = stop;
    v->u.range.step = stepv;
    v->u.range.kind = kind;
    return v;
}

Value *v_module(Interp *I, const char *name) {
    Value *m = v_new(I, V_MODULE);
    m->u.module.name = intern_cstr(I->names, name);
    m->u.module.globals.born = I->epoch;
    dict_set_str(I, &m->u.module.globals, I->atoms->a_name, v_str_interned(I, m->u.module.name));
    return m;
}

void module_set(Interp *I, Value *module, const char *name, Value *v) {
    dict_set_str(I, &module->u.module.globals, intern_cstr(I->names, name), v);
}

Value *v_function(Interp *I) { return v_new(I, V_FUNCTION); }

Value *v_class(Interp *I, const char *name) {
    Value *c = v_new(I, V_CLASS);
    c->u.cls.name = name;
    c->u.cls.attrs.born = I->epoch;
    c->u.cls.bases.born = I->epoch;
    return c;
}

Value *v_instance(Interp *I, Value *cls) {
    Value *v = v_new(I, V_INSTANCE);
    v->u.inst.cls = cls;
    v->u.inst.attrs.born = I->epoch;
    return v;
}

Value *v_bound(Interp *I, Value *self, Value *func) {
    Value *v = v_new(I, V_BOUND);
    v->u.bound.self = self;
    v->u.bound.func = func;
    return v;
}

/* ---- sequences ------------------------------------------------------------ */

static void seq_grow(Interp *I, Seq *s, int need) {
    if (need <= s->cap) return;
    int cap = s->cap ? s->cap * 2 : 4;
    while (cap < need) cap *= 2;
    Value **nv = arena_alloc(I->arena, (size_t)cap * sizeof(Value *));
    if (s->n) memcpy(nv, s->v, (size_t)s->n * sizeof(Value *));
    s->v = nv;
    s->cap = cap;
}

void seq_append(Interp *I, Seq *s, Value *v) {
    seq_grow(I, s, s->n + 1);
    s->v[s->n++] = v;
}

void seq_insert(Interp *I, Seq *s, int at, Value *v) {
    seq_grow(I, s, s->n + 1);
    if (at < 0) at = 0;
    if (at > s->n) at = s->n;
    memmove(&s->v[at + 1], &s->v[at], (size_t)(s->n - at) * sizeof(Value *));
    s->v[at] = v;
    s->n++;
}

void seq_remove(Seq *s, int at) {
    memmove(&s->v[at], &s->v[at + 1], (size_t)(s->n - at - 1) * sizeof(Value *));
    s->n--;
}

/* ---- equality and hashing ------------------------------------------------- */

bool value_is_concrete_int(const Value *v) {
    return (v->kind == V_INT || v->kind == V_BOOL) && !v->u.i.sym;
}

bool value_is_symbolic(const Value *v) {
    return (v->kind == V_INT || v->kind == V_BOOL) && v->u.i.sym;
}

bool value_is_str(const Value *v, const char *cstr) {
    size_t n = strlen(cstr);
    return v->kind == V_STR && v->u.str.len == n && memcmp(v->u.str.s, cstr, n) == 0;
}

static bool is_number(const Value *v) {
    return v->kind == V_INT || v->kind == V_BOOL || v->kind == V_FLOAT;
}

static bool value_equal_d(const Value *a, const Value *b, int depth);

bool value_equal(const Value *a, const Value *b) { return value_equal_d(a, b, 0); }

/* Equality with a depth bound: containers that contain themselves (or
 * nest absurdly deep) compare unequal beyond it, instead of recursing
 * without end. */
static bool value_equal_d(const Value *a, const Value *b, int depth) {
    if (a == b) return true;
    if (depth > 200) return false;
    if (is_number(a) && is_number(b)) {
        if (a->kind != V_FLOAT && b->kind != V_FLOAT) {
            if (a->u.i.sym || b->u.i.sym) return a->u.i.sym == b->u.i.sym && a->u.i.sym;
            return a->u.i.c == b->u.i.c;
        }
        if ((a->kind != V_FLOAT && a->u.i.sym) || (b->kind != V_FLOAT && b->u.i.sym)) return false;
        double x = a->kind == V_FLOAT ? a->u.f : (double)a->u.i.c;
        double y = b->kind == V_FLOAT ? b->u.f : (double)b->u.i.c;
        return x == y;
    }
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case V_NONE: return true;
    case V_STR:
        return a->u.str.len == b->u.str.len && memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0;
    case V_TUPLE:
    case V_LIST:
        if (a->u.seq.n != b->u.seq.n) return false;
        for (int i = 0; i < a->u.seq.n; i++)
            if (!value_equal_d(a->u.seq.v[i], b->u.seq.v[i], depth + 1)) return false;
        return true;
    case V_SET:
        if (a->u.seq.n != b->u.seq.n) return false;
        for (int i = 0; i < a->u.seq.n; i++) {
            bool found = false;
            for (int j = 0; j < b->u.seq.n && !found; j++) found = value_equal_d(a->u.seq.v[i], b->u.seq.v[j], depth + 1);
            if (!found) return false;
        }
        return true;
    case V_DICT:
        if (a->u.dict.n != b->u.dict.n) return false;
        for (int i = 0; i < a->u.dict.n; i++) {
            Value *o = dict_get(&b->u.dict, a->u.dict.v[i].key);
            if (!o || !value_equal_d(a->u.dict.v[i].value, o, depth + 1)) return false;
        }
        return true;
    case V_SLICE:
        return value_equal_d(a->u.slice.lower, b->u.slice.lower, depth + 1) &&
               value_equal_d(a->u.slice.upper, b->u.slice.upper, depth + 1) &&
               value_equal_d(a->u.slice.step, b->u.slice.step, depth + 1);
    case V_RANGE:
        return a->u.range.kind == b->u.range.kind && value_equal(a->u.range.start, b->u.range.start) &&
               value_equal(a->u.range.stop, b->u.range.stop) &&
               value_equal(a->u.range.step, b->u.range.step);
    case V_BOUND:
        return a->u.bound.self == b->u.bound.self && a->u.bound.func == b->u.bound.func;
    case V_BUILTIN:
        return a->u.builtin.fn == b->u.builtin.fn && a->u.builtin.self == b->u.builtin.self &&
               a->u.builtin.data == b->u.builtin.data;
    case V_OBJECT:
        if (a->u.obj.type == b->u.obj.type && a->u.obj.type->equal) return a->u.obj.type->equal(a, b);
        return false;
    case V_INSTANCE:
        /* enum members and plain instances: identity */
        return false;
    case V_BOOL:
    case V_INT:
    case V_FLOAT:
    case V_FUNCTION:
    case V_MODULE:
    case V_CLASS:
    case V_UNKNOWN:
        return false;
    }
    return false;
}

static uint32_t mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (uint32_t)x;
}

static uint32_t value_hash(const Value *v) {
    switch (v->kind) {
    case V_NONE: return 0x9e3779b9u;
    case V_BOOL:
    case V_INT:
        return v->u.i.sym ? mix((uint64_t)(uintptr_t)v->u.i.sym) : mix((uint64_t)v->u.i.c);
    case V_FLOAT:
        if (v->u.f == floor(v->u.f) && fabs(v->u.f) < 9.2e18) return mix((uint64_t)(int64_t)v->u.f);
        {
            uint64_t bits;
            memcpy(&bits, &v->u.f, sizeof bits);
            return mix(bits);
        }
    case V_STR: {
        uint32_t h = 2166136261u;
        for (size_t i = 0; i < v->u.str.len; i++) h = (h ^ (unsigned char)v->u.str.s[i]) * 16777619u;
        return h;
    }
    case V_TUPLE: {
        uint32_t h = 0x345678u;
        for (int i = 0; i < v->u.seq.n; i++) h = (h ^ value_hash(v->u.seq.v[i])) * 1000003u;
        return h;
    }
    case V_OBJECT:
        return mix((uint64_t)(uintptr_t)v->u.obj.type);
    case V_LIST:
    case V_DICT:
    case V_SET:
    case V_SLICE:
    case V_RANGE:
    case V_BOUND:
    case V_BUILTIN:
        return 0x51ed27u;   /* equal by value: one bucket */
    case V_FUNCTION:
    case V_MODULE:
    case V_CLASS:
    case V_INSTANCE:
    case V_UNKNOWN:
        return mix((uint64_t)(uintptr_t)v);
    }
    return 0;
}

bool value_key_ok(const Value *key, bool *hashable) {
    *hashable = true;
    switch (key->kind) {
    case V_LIST:
    case V_DICT:
    case V_SET:
        *hashable = false;
        return false;
    case V_BOOL:
    case V_INT:
        return !key->u.i.sym;
    case V_UNKNOWN:
        return false;
    case V_TUPLE:
        for (int i = 0; i < key->u.seq.n; i++)
            if (!value_key_ok(key->u.seq.v[i], hashable)) return false;
        return true;
    case V_NONE:
    case V_FLOAT:
    case V_STR:
    case V_SLICE:
    case V_RANGE:
    case V_FUNCTION:
    case V_BUILTIN:
    case V_BOUND:
    case V_MODULE:
    case V_CLASS:
    case V_INSTANCE:
    case V_OBJECT:
        return true;
    }
    return true;
}

/* ---- dicts ------------------------------------------------------------------ */

enum { DICT_INDEX_MIN = 8 };

/* The hash index lives in the run arena like the entries (Dict has no
 * allocator of its own, so only Interp-aware calls build it). */
static void dict_reindex_arena(Interp *I, Dict *d) {
    int icap = 16;
    while (icap < d->n * 2 + 2) icap *= 2;
    d->index = arena_alloc(I->arena, (size_t)icap * sizeof(int32_t));
    d->icap = icap;
    for (int i = 0; i < d->n; i++) {
        uint32_t j = value_hash(d->v[i].key) & (uint32_t)(icap - 1);
        while (d->index[j]) j = (j + 1) & (uint32_t)(icap - 1);
        d->index[j] = i + 1;
    }
}

int dict_find(const Dict *d, const Value *key) {
    if (d->icap) {
        uint32_t mask = (uint32_t)(d->icap - 1);
        uint32_t j = value_hash(key) & mask;
        while (d->index[j]) {
            int i = d->index[j] - 1;
            if (value_equal(d->v[i].key, key)) return i;
            j = (j + 1) & mask;
        }
        return -1;
    }
    for (int i = 0; i < d->n; i++)
        if (value_equal(d->v[i].key, key)) return i;
    return -1;
}

Value *dict_get(const Dict *d, const Value *key) {
    int i = dict_find(d, key);
    return i < 0 ? NULL : d->v[i].value;
}

static uint32_t str_hash(const char *s, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int dict_find_str(const Dict *d, const char *name, size_t n) {
    if (d->icap) {
        uint32_t mask = (uint32_t)(d->icap - 1);
        uint32_t j = str_hash(name, n) & mask;
        while (d->index[j]) {
            int i = d->index[j] - 1;
            const Value *k = d->v[i].key;
            if (k->kind == V_STR && (k->u.str.s == name ||
                                     (k->u.str.len == n && memcmp(k->u.str.s, name, n) == 0)))
                return i;
            j = (j + 1) & mask;
        }
        return -1;
    }
    for (int i = 0; i < d->n; i++) {
        const Value *k = d->v[i].key;
        if (k->kind == V_STR && k->u.str.s == name) return i;
    }
    for (int i = 0; i < d->n; i++) {
        const Value *k = d->v[i].key;
        if (k->kind == V_STR && k->u.str.len == n && memcmp(k->u.str.s, name, n) == 0) return i;
    }
    return -1;
}

/* Where a name was last found in a dict (module globals, attributes): a
 * direct-mapped cache of positions, checked before use (the entry there
 * must have that very name as its key, so a stale position is a miss). */
enum { FIND_CACHE = 1024 };
static struct {
    const Dict *d;
    const char *name;
    int i;
} find_cache[FIND_CACHE];

Value *dict_get_str(const Dict *d, const char *interned_name) {
    uint64_t h = ((uint64_t)(uintptr_t)d ^ ((uint64_t)(uintptr_t)interned_name * 0x9e3779b97f4a7c15ULL));
    unsigned slot = (unsigned)(h >> 54) & (FIND_CACHE - 1);
    if (find_cache[slot].d == d && find_cache[slot].name == interned_name) {
        int i = find_cache[slot].i;
        if (i < d->n && d->v[i].key->kind == V_STR && d->v[i].key->u.str.s == interned_name) return d->v[i].value;
    }
    int i = dict_find_str(d, interned_name, strlen(interned_name));
    if (i < 0) return NULL;
    find_cache[slot].d = d;
    find_cache[slot].name = interned_name;
    find_cache[slot].i = i;
    return d->v[i].value;
}

static void dict_push(Interp *I, Dict *d, Value *key, Value *v) {
    if (d->n == d->cap) {
        int cap = d->cap ? d->cap * 2 : 4;
        DictEntry *nv = arena_alloc(I->arena, (size_t)cap * sizeof(DictEntry));
        if (d->n) memcpy(nv, d->v, (size_t)d->n * sizeof(DictEntry));
        d->v = nv;
        d->cap = cap;
    }
    d->v[d->n].key = key;
    d->v[d->n].value = v;
    d->n++;
    if (d->n >= DICT_INDEX_MIN) {
        if (!d->icap || d->n * 2 + 2 > d->icap) {
            dict_reindex_arena(I, d);
        } else {
            uint32_t mask = (uint32_t)(d->icap - 1);
            uint32_t j = value_hash(key) & mask;
            while (d->index[j]) j = (j + 1) & mask;
            d->index[j] = d->n;
        }
    }
}

void dict_set(Interp *I, Dict *d, Value *key, Value *v) {
    int i = dict_find(d, key);
    if (i >= 0) {
        d->v[i].value = v;
        return;
    }
    dict_push(I, d, key, v);
}

void dict_set_str(Interp *I, Dict *d, const char *interned_name, Value *v) {
    int i = dict_find_str(d, interned_name, strlen(interned_name));
    if (i >= 0) {
        d->v[i].value = v;
        return;
    }
    dict_push(I, d, v_str_interned(I, interned_name), v);
}

bool dict_del(Dict *d, const Value *key) {
    int i = dict_find(d, key);
    if (i < 0) return false;
    memmove(&d->v[i], &d->v[i + 1], (size_t)(d->n - i - 1) * sizeof(DictEntry));
    d->n--;
    if (d->icap) {
        /* rebuild in place (same capacity) */
        memset(d->index, 0, (size_t)d->icap * sizeof(int32_t));
        uint32_t mask = (uint32_t)(d->icap - 1);
        for (int k = 0; k < d->n; k++) {
            uint32_t j = value_hash(d->v[k].key) & mask;
            while (d->index[j]) j = (j + 1) & mask;
            d->index[j] = k + 1;
        }
    }
    return true;
}

void dict_copy(Interp *I, Dict *dst, const Dict *src) {
    for (int i = 0; i < src->n; i++) dict_set(I, dst, src->v[i].key, src->v[i].value);
}

/* ---- text helpers -------------------------------------------------------- */

size_t utf8_count(const char *s, size_t len) {
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
    return n;
}

size_t utf8_offset(const char *s, size_t len, size_t cp) {
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (n == cp) return i;
            n++;
        }
    }
    return len;
}

void float_repr(StrBuf *out, double d) { pyrepr_float(out, d); }

/* ---- names and repr ------------------------------------------------------- */

const char *value_type_name(const Value *v) {
    switch (v->kind) {
    case V_NONE: return "NoneType";
    case V_BOOL: return "bool";
    case V_INT: return "int";
    case V_FLOAT: return "float";
    case V_STR: return "str";
    case V_TUPLE: return "tuple";
    case V_LIST: return "list";
    case V_DICT: return "dict";
    case V_SET: return "set";
    case V_SLICE: return "slice";
    case V_RANGE: return "range";
    case V_FUNCTION: return "function";
    case V_BUILTIN: return "builtin_function_or_method";
    case V_BOUND: return "method";
    case V_MODULE: return "module";
    case V_CLASS: return "type";
    case V_INSTANCE: return v->u.inst.cls->u.cls.name;
    case V_OBJECT: return v->u.obj.type->name;
    case V_UNKNOWN: return "unknown";
    }
    return "?";
}

static void repr_depth(Interp *I, StrBuf *out, const Value *v, int depth, bool as_str);

static void repr_items(Interp *I, StrBuf *out, const Seq *s, int depth) {
    for (int i = 0; i < s->n; i++) {
        if (i) sb_puts(out, ", ");
        repr_depth(I, out, s->v[i], depth + 1, false);
    }
}

static void int_str(Interp *I, StrBuf *out, const Value *v) {
    if (!v->u.i.sym) {
        if (v->kind == V_BOOL)
            sb_puts(out, v->u.i.c ? "True" : "False");
        else
            sb_printf(out, "%lld", (long long)v->u.i.c);
        return;
    }
    if (I && I->dom && I->dom->term_str)
        I->dom->term_str(I->dom_state, out, v->u.i.sym);
    else
        sb_putc(out, '?');
}

static const char *module_name_of_class(const Value *cls) {
    if (cls->u.cls.flags & CLS_BUILTIN) return NULL;
    if (cls->u.cls.module && cls->u.cls.module->kind == V_MODULE) return cls->u.cls.module->u.module.name;
    return NULL;
}

static void exc_str(Interp *I, StrBuf *out, const Value *v, int depth) {
    Value *args = dict_get_str(&v->u.inst.attrs, I->atoms->a_args);
    if (!args || args->kind != V_TUPLE || args->u.seq.n == 0) return;
    if (args->u.seq.n == 1)
        repr_depth(I, out, args->u.seq.v[0], depth + 1, true);
    else
        repr_depth(I, out, args, depth + 1, false);
}

static void repr_depth(Interp *I, StrBuf *out, const Value *v, int depth, bool as_str) {
    if (depth > 40) {
        sb_puts(out, "...");
        return;
    }
    switch (v->kind) {
    case V_NONE: sb_puts(out, "None"); return;
    case V_BOOL:
    case V_INT: int_str(I, out, v); return;
    case V_FLOAT: pyrepr_float(out, v->u.f); return;
    case V_STR:
        if (as_str)
            sb_put(out, v->u.str.s, v->u.str.len);
        else
            pyrepr_str(out, v->u.str.s, v->u.str.len);
        return;
    case V_TUPLE:
        sb_putc(out, '(');
        repr_items(I, out, &v->u.seq, depth);
        if (v->u.seq.n == 1) sb_putc(out, ',');
        sb_putc(out, ')');
        return;
    case V_LIST:
        if (v->u.seq.poisoned) {
            sb_puts(out, "[?]");
            return;
        }
        sb_putc(out, '[');
        repr_items(I, out, &v->u.seq, depth);
        sb_putc(out, ']');
        return;
    case V_SET:
        if (v->u.seq.n == 0) {
            sb_puts(out, "set()");
            return;
        }
        sb_putc(out, '{');
        repr_items(I, out, &v->u.seq, depth);
        sb_putc(out, '}');
        return;
    case V_DICT:
        if (v->u.dict.poisoned) {
            sb_puts(out, "{?}");
            return;
        }
        sb_putc(out, '{');
        for (int i = 0; i < v->u.dict.n; i++) {
            if (i) sb_puts(out, ", ");
            repr_depth(I, out, v->u.dict.v[i].key, depth + 1, false);
            sb_puts(out, ": ");
            repr_depth(I, out, v->u.dict.v[i].value, depth + 1, false);
        }
        sb_putc(out, '}');
        return;
    case V_SLICE:
        sb_puts(out, "slice(");
        repr_depth(I, out, v->u.slice.lower, depth + 1, false);
        sb_puts(out, ", ");
        repr_depth(I, out, v->u.slice.upper, depth + 1, false);
        sb_puts(out, ", ");
        repr_depth(I, out, v->u.slice.step, depth + 1, false);
        sb_putc(out, ')');
        return;
    case V_RANGE: {
        static const char *const kinds[] = {"range", "affine_range", "sequential_range", "static_range"};
        sb_puts(out, kinds[v->u.range.kind]);
        sb_putc(out, '(');
        repr_depth(I, out, v->u.range.start, depth + 1, false);
        sb_puts(out, ", ");
        repr_depth(I, out, v->u.range.stop, depth + 1, false);
        const Value *st = v->u.range.step;
        if (!(value_is_concrete_int(st) && st->u.i.c == 1)) {
            sb_puts(out, ", ");
            repr_depth(I, out, st, depth + 1, false);
        }
        sb_putc(out, ')');
        return;
    }
    case V_FUNCTION:
        sb_printf(out, "<function %s>", v->u.fn.qualname ? v->u.fn.qualname : "<lambda>");
        return;
    case V_BUILTIN:
        if (v->u.builtin.self && v->u.builtin.self->kind != V_MODULE)
            sb_printf(out, "<built-in method %s of %s object>", v->u.builtin.name,
                      value_type_name(v->u.builtin.self));
        else
            sb_printf(out, "<built-in function %s>", v->u.builtin.name);
        return;
    case V_BOUND: {
        const Value *f = v->u.bound.func;
        const char *fname = f->kind == V_FUNCTION && f->u.fn.qualname ? f->u.fn.qualname : "?";
        sb_printf(out, "<bound method %s of ", fname);
        repr_depth(I, out, v->u.bound.self, depth + 1, false);
        sb_putc(out, '>');
        return;
    }
    case V_MODULE: sb_printf(out, "<module '%s'>", v->u.module.name); return;
    case V_CLASS: {
        const char *m = module_name_of_class(v);
        if (m)
            sb_printf(out, "<class '%s.%s'>", m, v->u.cls.name);
        else
            sb_printf(out, "<class '%s'>", v->u.cls.name);
        return;
    }
    case V_INSTANCE: {
        const Value *cls = v->u.inst.cls;
        if (cls->u.cls.flags & CLS_EXCEPTION) {
            if (as_str) {
                exc_str(I, out, v, depth);
                return;
            }
            Value *args = dict_get_str(&v->u.inst.attrs, I->atoms->a_args);
            sb_puts(out, cls->u.cls.name);
            if (args && args->kind == V_TUPLE) {
                sb_putc(out, '(');
                repr_items(I, out, &args->u.seq, depth);
                sb_putc(out, ')');
            } else {
                sb_puts(out, "()");
            }
            return;
        }
        if (cls->u.cls.flags & CLS_ENUM) {
            Value *name = dict_get_str(&v->u.inst.attrs, I->atoms->a_name_attr);
            if (name && name->kind == V_STR) {
                if (as_str) {
                    sb_printf(out, "%s.%.*s", cls->u.cls.name, (int)name->u.str.len, name->u.str.s);
                } else {
                    sb_printf(out, "<%s.%.*s: ", cls->u.cls.name, (int)name->u.str.len, name->u.str.s);
                    Value *val = dict_get_str(&v->u.inst.attrs, I->atoms->a_value);
                    if (val) repr_depth(I, out, val, depth + 1, false);
                    sb_putc(out, '>');
                }
                return;
            }
        }
        if (cls->u.cls.flags & CLS_DATACLASS) {
            Value *fields = dict_get_str(&cls->u.cls.attrs, I->atoms->a_dc_fields);
            if (fields && fields->kind == V_TUPLE) {
                sb_printf(out, "%s(", cls->u.cls.name);
                for (int i = 0; i < fields->u.seq.n; i++) {
                    Value *f = fields->u.seq.v[i];
                    if (f->kind != V_STR) continue;
                    if (i) sb_puts(out, ", ");
                    sb_printf(out, "%s=", f->u.str.s);
                    Value *fv = dict_get_str(&v->u.inst.attrs, f->u.str.s);
                    if (fv)
                        repr_depth(I, out, fv, depth + 1, false);
                    else
                        sb_putc(out, '?');
                }
                sb_putc(out, ')');
                return;
            }
        }
        const char *m = module_name_of_class(cls);
        if (m)
            sb_printf(out, "<%s.%s object>", m, cls->u.cls.name);
        else
            sb_printf(out, "<%s object>", cls->u.cls.name);
        return;
    }
    case V_OBJECT:
        if (v->u.obj.type->repr)
            v->u.obj.type->repr(out, v);
        else
            sb_printf(out, "<%s object>", v->u.obj.type->name);
        return;
    case V_UNKNOWN: sb_puts(out, "?"); return;
    }
}

void value_repr(Interp *I, StrBuf *out, const Value *v) { repr_depth(I, out, v, 0, false); }

void value_str(Interp *I, StrBuf *out, const Value *v) { repr_depth(I, out, v, 0, true); }
