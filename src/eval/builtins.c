/* builtins.c - the builtins module (functions, type constructors, the
 * exception classes) and the methods of list, dict, set and tuple.
 *
 * Builtin types (int, str, list, ...) are V_BUILTIN functions; isinstance
 * and type() recognise them by their C function.  Iterators (enumerate,
 * zip, map, ...) are materialised eagerly as lists: kernels iterate finite
 * data, and a range of symbolic length is refused with a reason.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp_int.h"

#define ARGS0(name)                                                                   \
    do {                                                                              \
        if (args->npos || args->nkw) {                                                \
            interp_raise(I, loc, "TypeError", "%s() takes no arguments", name);       \
            return NULL;                                                              \
        }                                                                             \
    } while (0)

static bool no_kw(Interp *I, CallArgs *args, const char *name, Loc loc) {
    if (!args->nkw) return true;
    interp_raise(I, loc, "TypeError", "%s() takes no keyword arguments", name);
    return false;
}

static bool nargs(Interp *I, CallArgs *args, const char *name, int lo, int hi, Loc loc) {
    if (!no_kw(I, args, name, loc)) return false;
    if (args->npos < lo || args->npos > hi) {
        if (lo == hi)
            interp_raise(I, loc, "TypeError", "%s() takes exactly %d argument%s (%d given)", name, lo,
                         lo == 1 ? "" : "s", args->npos);
        else if (args->npos < lo)
            interp_raise(I, loc, "TypeError", "%s expected at least %d argument%s, got %d", name, lo,
                         lo == 1 ? "" : "s", args->npos);
        else
            interp_raise(I, loc, "TypeError", "%s expected at most %d argument%s, got %d", name, hi,
                         hi == 1 ? "" : "s", args->npos);
        return false;
    }
    return true;
}

static Value *kwarg(CallArgs *args, const char *name) {
    for (int i = 0; i < args->nkw; i++)
        if (strcmp(args->kwnames[i], name) == 0) return args->kw[i];
    return NULL;
}

static bool only_kw(Interp *I, CallArgs *args, const char *fname, const char *const *allowed, Loc loc) {
    for (int i = 0; i < args->nkw; i++) {
        bool ok = false;
        for (int k = 0; allowed[k] && !ok; k++) ok = strcmp(args->kwnames[i], allowed[k]) == 0;
        if (!ok) {
            interp_raise(I, loc, "TypeError", "%s() got an unexpected keyword argument '%s'", fname, args->kwnames[i]);
            return false;
        }
    }
    return true;
}

static bool is_int(const Value *v) { return v->kind == V_INT || v->kind == V_BOOL; }

/* Materialised items of an iterable as a Seq-bearing value; NULL: unwinding. */
static Value *items_of(Interp *I, Value *v, Loc loc) {
    Value *items = interp_items(I, v, loc);
    if (!items && !I->unwind) interp_abort(I, loc, "cannot iterate a range of symbolic length");
    return items;
}

Value *list_from_items(Interp *I, Value *iterable, Loc loc, bool tuple) {
    Value *items = items_of(I, iterable, loc);
    if (!items) return NULL;
    int n = items->u.seq.n;
    Value *r = tuple ? v_tuple(I, n) : v_list(I, n);
    for (int i = 0; i < n; i++) r->u.seq.v[i] = items->u.seq.v[i];
    return r;
}

/* ---- types -------------------------------------------------------------------------- */

static Value *bi_int(Interp *I, Value *self, CallArgs *args, Loc loc);
static Value *bi_float(Interp *I, Value *self, CallArgs *args, Loc loc);
static Value *bi_bool(Interp *I, Value *self, CallArgs *args, Loc loc);
static Value *bi_str(Interp *I, Value *self, CallArgs *args, Loc loc);
static Value *bi_tuple(Interp *I, Value *self, CallArgs *args, Loc loc);
static Value *bi_list(Interp *I, Value *self, CallArgs *args, Loc loc);
static Value *bi_dict(Interp *I, Value *self, CallArgs *args, Loc loc);
static Value *bi_set(Interp *I, Value *self, CallArgs *args, Loc loc);
static Value *bi_range(Interp *I, Value *self, CallArgs *args, Loc loc);
static Value *bi_slice(Interp *I, Value *self, CallArgs *args, Loc loc);
static Value *bi_object(Interp *I, Value *self, CallArgs *args, Loc loc);
static Value *bi_type(Interp *I, Value *self, CallArgs *args, Loc loc);

/* type(v) for kinds that have no constructor here (NoneType, function, ...)
 * and for native objects (data: the ObjType). */
static Value *bi_placeholder_type(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    (void)args;
    interp_raise(I, loc, "TypeError", "cannot create instances of this type");
    return NULL;
}

static Value *builtin_named(Interp *I, const char *name) {
    return dict_get_str(&I->builtins->u.module.globals, intern_cstr(I->names, name));
}

Value *builtin_type_of(Interp *I, const Value *v) {
    const char *name = NULL;
    switch (v->kind) {
    case V_BOOL: name = "bool"; break;
    case V_INT: name = "int"; break;
    case V_FLOAT: name = "float"; break;
    case V_STR: name = "str"; break;
    case V_TUPLE: name = "tuple"; break;
    case V_LIST: name = "list"; break;
    case V_DICT: name = "dict"; break;
    case V_SET: name = "set"; break;
    case V_SLICE: name = "slice"; break;
    case V_RANGE: name = "range"; break;
    case V_CLASS: name = "type"; break;
    case V_INSTANCE: return v->u.inst.cls;
    case V_OBJECT:
        return v_builtin(I, v->u.obj.type->name, bi_placeholder_type, NULL, (void *)v->u.obj.type);
    case V_UNKNOWN: return v_unknown(I, v->u.unknown.loc, "%s", v->u.unknown.reason);
    case V_NONE:
    case V_FUNCTION:
    case V_BUILTIN:
    case V_BOUND:
    case V_MODULE:
        return v_builtin(I, value_type_name(v), bi_placeholder_type, NULL, (void *)(uintptr_t)(v->kind + 1));
    }
    Value *t = name ? builtin_named(I, name) : NULL;
    return t ? t : v_none();
}

bool builtin_is_type(const Value *t) {
    if (t->kind == V_CLASS) return true;
    if (t->kind != V_BUILTIN || t->u.builtin.self) return false;
    BuiltinFn f = t->u.builtin.fn;
    return f == bi_int || f == bi_float || f == bi_bool || f == bi_str || f == bi_tuple || f == bi_list ||
           f == bi_dict || f == bi_set || f == bi_range || f == bi_slice || f == bi_object || f == bi_type ||
           f == bi_placeholder_type;
}

/* isinstance(v, t) for one type t; *ok false: unwinding or t is no type. */
static int isinstance_one(Interp *I, Value *v, Value *t, Loc loc) {
    if (t->kind == V_TUPLE) {
        for (int i = 0; i < t->u.seq.n; i++) {
            int r = isinstance_one(I, v, t->u.seq.v[i], loc);
            if (r) return r;
        }
        return 0;
    }
    if (t->kind == V_UNKNOWN) return -2;
    if (t->kind == V_CLASS) {
        if (t == builtin_named(I, "object")) return 1;
        return v->kind == V_INSTANCE && class_is_subclass(v->u.inst.cls, t);
    }
    if (t->kind == V_BUILTIN && !t->u.builtin.self) {
        BuiltinFn f = t->u.builtin.fn;
        if (f == bi_object) return 1;
        if (f == bi_int) return v->kind == V_INT || v->kind == V_BOOL;
        if (f == bi_bool) return v->kind == V_BOOL;
        if (f == bi_float) return v->kind == V_FLOAT;
        if (f == bi_str) return v->kind == V_STR;
        if (f == bi_tuple) return v->kind == V_TUPLE;
        if (f == bi_list) return v->kind == V_LIST;
        if (f == bi_dict) return v->kind == V_DICT;
        if (f == bi_set) return v->kind == V_SET;
        if (f == bi_range) return v->kind == V_RANGE;
        if (f == bi_slice) return v->kind == V_SLICE;
        if (f == bi_type) return v->kind == V_CLASS || builtin_is_type(v);
        if (f == bi_placeholder_type) {
            uintptr_t d = (uintptr_t)t->u.builtin.data;
            if (d > 0 && d <= (uintptr_t)V_UNKNOWN + 1) return v->kind == (ValueKind)(d - 1);
            return v->kind == V_OBJECT && v->u.obj.type == (const ObjType *)t->u.builtin.data;
        }
    }
    if (t->kind == V_OBJECT || t->kind == V_BUILTIN) return -2;   /* a native "type": not modelled */
    interp_raise(I, loc, "TypeError", "isinstance() arg 2 must be a type, a tuple of types, or a union");
    return -1;
}

bool isinstance_of(Interp *I, Value *v, Value *cls, Loc loc, bool *ok) {
    *ok = true;
    if (v->kind == V_UNKNOWN) {
        *ok = false;
        return false;
    }
    int r = isinstance_one(I, v, cls, loc);
    if (r < 0) *ok = false;
    return r > 0;
}

static Value *bi_isinstance(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "isinstance", 2, 2, loc)) return NULL;
    Value *v = args->pos[0], *t = args->pos[1];
    if (v->kind == V_UNKNOWN) return unknown_from(I, v, loc);
    int r = isinstance_one(I, v, t, loc);
    if (r == -1) return NULL;
    if (r == -2) return v_unknown(I, loc, "isinstance() with a type that is not modelled");
    return v_bool(I, r);
}

static Value *bi_issubclass(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "issubclass", 2, 2, loc)) return NULL;
    Value *c = args->pos[0], *t = args->pos[1];
    if (c->kind == V_UNKNOWN || t->kind == V_UNKNOWN) return v_unknown(I, loc, "issubclass() of an unknown class");
    if (!builtin_is_type(c)) {
        interp_raise(I, loc, "TypeError", "issubclass() arg 1 must be a class");
        return NULL;
    }
    if (t->kind == V_TUPLE) {
        for (int i = 0; i < t->u.seq.n; i++) {
            CallArgs a = {0};
            Value *p[2] = {c, t->u.seq.v[i]};
            a.pos = p;
            a.npos = 2;
            Value *r = bi_issubclass(I, NULL, &a, loc);
            if (!r || r->kind != V_BOOL || r->u.i.c) return r;
        }
        return v_false();
    }
    if (c->kind == V_CLASS && t->kind == V_CLASS) return v_bool(I, class_is_subclass(c, t));
    if (t->kind == V_BUILTIN && t->u.builtin.fn == bi_object) return v_true();
    if (c->kind == V_BUILTIN && t->kind == V_BUILTIN)
        return v_bool(I, c->u.builtin.fn == t->u.builtin.fn ||
                             (c->u.builtin.fn == bi_bool && t->u.builtin.fn == bi_int));
    return v_false();
}

static Value *bi_type(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (args->npos == 1 && !args->nkw) return builtin_type_of(I, args->pos[0]);
    if (args->npos == 3) {
        Value *name = args->pos[0], *bases = args->pos[1], *ns = args->pos[2];
        if (name->kind != V_STR || bases->kind != V_TUPLE || ns->kind != V_DICT) {
            interp_raise(I, loc, "TypeError", "type() argument types are (str, tuple, dict)");
            return NULL;
        }
        Value *cls = make_class(I, intern(I->names, name->u.str.s, name->u.str.len), bases->u.seq.v, bases->u.seq.n, loc);
        if (!cls) return NULL;
        cls->u.cls.module = I->frame ? I->frame->module : NULL;
        dict_copy(I, &cls->u.cls.attrs, &ns->u.dict);
        return cls;
    }
    interp_raise(I, loc, "TypeError", "type() takes 1 or 3 arguments");
    return NULL;
}

static Value *bi_object(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    ARGS0("object");
    Value *cls = builtin_class(I, "__object_instance__");
    return v_instance(I, cls);
}

/* ---- numbers -------------------------------------------------------------------------- */

static Value *parse_int_text(Interp *I, const char *s, size_t len, int base, Loc loc) {
    const char *orig = s;
    size_t olen = len;
    while (len && (*s == ' ' || *s == '\t' || *s == '\n')) s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n')) len--;
    bool neg = false;
    if (len && (*s == '+' || *s == '-')) {
        neg = *s == '-';
        s++, len--;
    }
    if (len >= 2 && s[0] == '0') {
        char p = (char)(s[1] | 0x20);
        int pb = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
        if (pb && (base == 0 || base == pb)) {
            base = pb;
            s += 2, len -= 2;
        }
    }
    if (base == 0) base = 10;
    __int128 v = 0;
    bool any = false, last_us = true;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '_') {
            if (last_us) goto bad;
            last_us = true;
            continue;
        }
        int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? (c | 0x20) - 'a' + 10 : 99;
        if (d >= base) goto bad;
        v = v * base + d;
        if (v > ((__int128)1 << 64)) return v_unknown(I, loc, "integer does not fit in 64 bits");
        any = true;
        last_us = false;
    }
    if (!any || last_us) goto bad;
    if (neg) v = -v;
    if (v > INT64_MAX || v < INT64_MIN) return v_unknown(I, loc, "integer does not fit in 64 bits");
    return v_int(I, (int64_t)v);
bad:
    {
        StrBuf b = {0};
        Value tmp = {.kind = V_STR, .u.str = {orig, olen}};
        value_repr(I, &b, &tmp);
        interp_raise(I, loc, "ValueError", "invalid literal for int() with base %d: %s", base, sb_str(&b));
        sb_free(&b);
        return NULL;
    }
}

static Value *float_to_int(Interp *I, double f, Loc loc) {
    if (isnan(f)) {
        interp_raise(I, loc, "ValueError", "cannot convert float NaN to integer");
        return NULL;
    }
    if (isinf(f)) {
        interp_raise(I, loc, "OverflowError", "cannot convert float infinity to integer");
        return NULL;
    }
    double t = trunc(f);
    if (t >= 9.2233720368547758e18 || t < -9.2233720368547758e18)
        return v_unknown(I, loc, "integer does not fit in 64 bits");
    return v_int(I, (int64_t)t);
}

static Value *bi_int(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    static const char *const params[] = {"x", "base", NULL};
    Value *a[2];
    if (!interp_bind(I, args, loc, "int", params, 0, a)) return NULL;
    if (!a[0]) return v_int(I, 0);
    Value *x = a[0];
    if (a[1]) {
        if (x->kind != V_STR) {
            interp_raise(I, loc, "TypeError", "int() can't convert non-string with explicit base");
            return NULL;
        }
        if (!is_int(a[1]) || a[1]->u.i.sym) return v_unknown(I, loc, "int() with a symbolic base");
        int64_t b = a[1]->u.i.c;
        if (b != 0 && (b < 2 || b > 36)) {
            interp_raise(I, loc, "ValueError", "int() base must be >= 2 and <= 36, or 0");
            return NULL;
        }
        return parse_int_text(I, x->u.str.s, x->u.str.len, (int)b, loc);
    }
    switch (x->kind) {
    case V_INT: return x;
    case V_BOOL:
        if (!x->u.i.sym) return v_int(I, x->u.i.c);
        return int_binop(I, OP_ADD, v_int(I, 0), x, loc);
    case V_FLOAT: return float_to_int(I, x->u.f, loc);
    case V_STR: return parse_int_text(I, x->u.str.s, x->u.str.len, 10, loc);
    case V_UNKNOWN:
        if (x->u.unknown.num) return math_floor_ceil(I, x, 2, loc);
        return unknown_from(I, x, loc);
    case V_INSTANCE: {
        Value *m = instance_method(I, x, intern_cstr(I->names, "__int__"));
        if (!m) m = instance_method(I, x, intern_cstr(I->names, "__index__"));
        if (m) return interp_call0(I, m, loc);
        break;
    }
    case V_OBJECT: return v_unknown(I, loc, "int() of a '%s' is not modelled", x->u.obj.type->name);
    case V_NONE: case V_TUPLE: case V_LIST: case V_DICT: case V_SET: case V_SLICE: case V_RANGE:
    case V_FUNCTION: case V_BUILTIN: case V_BOUND: case V_MODULE: case V_CLASS:
    default: break;
    }
    interp_raise(I, loc, "TypeError", "int() argument must be a string, a bytes-like object or a real number, not '%s'",
                 value_type_name(x));
    return NULL;
}

static Value *bi_float(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "float", 0, 1, loc)) return NULL;
    if (!args->npos) return v_float(I, 0);
    Value *x = args->pos[0];
    switch (x->kind) {
    case V_FLOAT: return x;
    case V_INT:
    case V_BOOL:
        if (x->u.i.sym) return v_unknown(I, loc, "float of a symbolic integer is not modelled");
        return v_float(I, (double)x->u.i.c);
    case V_STR: {
        char buf[128];
        size_t n = x->u.str.len < sizeof buf - 1 ? x->u.str.len : sizeof buf - 1;
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (x->u.str.s[i] != '_') buf[k++] = x->u.str.s[i];
        buf[k] = 0;
        char *end;
        double d = strtod(buf, &end);
        while (*end == ' ' || *end == '\n' || *end == '\t') end++;
        if (end == buf || *end) {
            StrBuf b = {0};
            value_repr(I, &b, x);
            interp_raise(I, loc, "ValueError", "could not convert string to float: %s", sb_str(&b));
            sb_free(&b);
            return NULL;
        }
        return v_float(I, d);
    }
    case V_UNKNOWN: return unknown_from(I, x, loc);
    case V_OBJECT: return v_unknown(I, loc, "float() of a '%s' is not modelled", x->u.obj.type->name);
    case V_NONE: case V_TUPLE: case V_LIST: case V_DICT: case V_SET: case V_SLICE: case V_RANGE:
    case V_FUNCTION: case V_BUILTIN: case V_BOUND: case V_MODULE: case V_CLASS: case V_INSTANCE:
    default: break;
    }
    interp_raise(I, loc, "TypeError", "float() argument must be a string or a real number, not '%s'", value_type_name(x));
    return NULL;
}

static Value *bi_bool(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "bool", 0, 1, loc)) return NULL;
    if (!args->npos) return v_false();
    Value *x = args->pos[0];
    if (x->kind == V_BOOL) return x;
    if (x->kind == V_INT && x->u.i.sym) return int_cmp(I, CMP_NOTEQ, x, v_int(I, 0), loc);
    if (x->kind == V_UNKNOWN) return unknown_from(I, x, loc);
    Tri t = truth_of(I, x, loc);
    if (t == TRI_UNKNOWN) return NULL;
    return v_bool(I, t == TRI_TRUE);
}

static Value *bi_abs(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "abs", 1, 1, loc)) return NULL;
    Value *x = args->pos[0];
    if (is_int(x)) {
        if (!x->u.i.sym) {
            if (x->u.i.c == INT64_MIN) return v_unknown(I, loc, "integer result does not fit in 64 bits");
            return v_int(I, x->u.i.c < 0 ? -x->u.i.c : x->u.i.c);
        }
        Value *neg = interp_unary(I, UOP_USUB, x, loc);
        if (!neg) return NULL;
        return int_minmax(I, x, neg, true, loc);
    }
    if (x->kind == V_FLOAT) return v_float(I, fabs(x->u.f));
    if (x->kind == V_UNKNOWN) return unknown_from(I, x, loc);
    if (x->kind == V_INSTANCE) {
        Value *m = instance_method(I, x, intern_cstr(I->names, "__abs__"));
        if (m) return interp_call0(I, m, loc);
    }
    if (x->kind == V_OBJECT) return v_unknown(I, loc, "abs() of a '%s' is not modelled", x->u.obj.type->name);
    interp_raise(I, loc, "TypeError", "bad operand type for abs(): '%s'", value_type_name(x));
    return NULL;
}

static Value *round_half_even_int(Interp *I, int64_t x, int64_t nd, Loc loc) {
    if (nd >= 0) return v_int(I, x);
    if (nd < -18) return v_int(I, 0);
    int64_t p = 1;
    for (int64_t i = 0; i < -nd; i++) p *= 10;
    int64_t q = x / p, r = x % p;
    if (r < 0) r += p, q--;
    if (2 * r > p || (2 * r == p && (q & 1))) q++;
    int64_t out;
    if (__builtin_mul_overflow(q, p, &out)) return v_unknown(I, loc, "integer result does not fit in 64 bits");
    return v_int(I, out);
}

static Value *bi_round(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    static const char *const params[] = {"number", "ndigits", NULL};
    Value *a[2];
    if (!interp_bind(I, args, loc, "round", params, 1, a)) return NULL;
    Value *x = a[0], *nd = a[1] && a[1]->kind != V_NONE ? a[1] : NULL;
    if (nd && (!is_int(nd) || nd->u.i.sym)) {
        if (nd->kind == V_UNKNOWN) return unknown_from(I, nd, loc);
        interp_raise(I, loc, "TypeError", "'%s' object cannot be interpreted as an integer", value_type_name(nd));
        return NULL;
    }
    if (is_int(x)) {
        if (x->u.i.sym) return nd && nd->u.i.c < 0 ? v_unknown(I, loc, "round() of a symbolic int") : x;
        return round_half_even_int(I, x->u.i.c, nd ? nd->u.i.c : 0, loc);
    }
    if (x->kind == V_FLOAT) {
        if (!nd) return float_to_int(I, nearbyint(x->u.f), loc);
        if (!isfinite(x->u.f)) return x;
        int64_t n = nd->u.i.c;
        if (n > 300) return x;
        if (n < -308) return v_float(I, 0.0 * x->u.f);
        if (n >= 0) {
            char buf[512];
            snprintf(buf, sizeof buf, "%.*f", (int)n, x->u.f);
            return v_float(I, strtod(buf, NULL));
        }
        double p = pow(10.0, (double)-n);
        double y = nearbyint(x->u.f / p) * p;
        return v_float(I, y);
    }
    if (x->kind == V_UNKNOWN) return unknown_from(I, x, loc);
    interp_raise(I, loc, "TypeError", "type %s doesn't define __round__ method", value_type_name(x));
    return NULL;
}

static Value *bi_divmod(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "divmod", 2, 2, loc)) return NULL;
    Value *q = interp_binop(I, OP_FLOORDIV, args->pos[0], args->pos[1], loc);
    if (!q) return NULL;
    Value *r = interp_binop(I, OP_MOD, args->pos[0], args->pos[1], loc);
    if (!r) return NULL;
    Value *t = v_tuple(I, 2);
    t->u.seq.v[0] = q;
    t->u.seq.v[1] = r;
    return t;
}

static Value *bi_pow(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    static const char *const params[] = {"base", "exp", "mod", NULL};
    Value *a[3];
    if (!interp_bind(I, args, loc, "pow", params, 2, a)) return NULL;
    if (!a[2] || a[2]->kind == V_NONE) return interp_binop(I, OP_POW, a[0], a[1], loc);
    if (!is_int(a[0]) || !is_int(a[1]) || !is_int(a[2]))
        return v_unknown(I, loc, "pow() with a modulus of these types is not modelled");
    if (a[0]->u.i.sym || a[1]->u.i.sym || a[2]->u.i.sym) return v_unknown(I, loc, "pow() of symbolic integers");
    int64_t b = a[0]->u.i.c, e = a[1]->u.i.c, m = a[2]->u.i.c;
    if (m == 0) {
        interp_raise(I, loc, "ValueError", "pow() 3rd argument cannot be 0");
        return NULL;
    }
    if (e < 0) return v_unknown(I, loc, "pow() with a negative exponent and a modulus is not modelled");
    __int128 r = 1, x = ((b % m) + m) % m;
    while (e) {
        if (e & 1) r = (r * x) % m;
        x = (x * x) % m;
        e >>= 1;
    }
    int64_t out = (int64_t)r;
    if (out != 0 && ((out < 0) != (m < 0))) out += m;
    return v_int(I, out);
}

/* ---- sequences ---------------------------------------------------------------------------- */

static Value *bi_len(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "len", 1, 1, loc)) return NULL;
    return interp_len(I, args->pos[0], loc);
}

static bool range_arg(Interp *I, Value *v, Loc loc, Value **out) {
    if (is_int(v)) {
        *out = v->kind == V_BOOL && !v->u.i.sym ? v_int(I, v->u.i.c) : v;
        return true;
    }
    if (v->kind == V_UNKNOWN) {
        *out = v;
        return true;
    }
    if (v->kind == V_OBJECT) {
        *out = v_unknown(I, loc, "range() of a '%s' is not modelled", v->u.obj.type->name);
        return true;
    }
    interp_raise(I, loc, "TypeError", "'%s' object cannot be interpreted as an integer", value_type_name(v));
    return false;
}

static Value *bi_range(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "range", 1, 3, loc)) return NULL;
    Value *a[3] = {NULL, NULL, NULL};
    for (int i = 0; i < args->npos; i++)
        if (!range_arg(I, args->pos[i], loc, &a[i])) return NULL;
    for (int i = 0; i < args->npos; i++)
        if (a[i]->kind == V_UNKNOWN) return unknown_from(I, a[i], loc);
    Value *start = args->npos == 1 ? v_int(I, 0) : a[0];
    Value *stop = args->npos == 1 ? a[0] : a[1];
    Value *st = args->npos == 3 ? a[2] : v_int(I, 1);
    if (!st->u.i.sym && st->u.i.c == 0) {
        interp_raise(I, loc, "ValueError", "range() arg 3 must not be zero");
        return NULL;
    }
    return v_range(I, start, stop, st, RANGE_PY);
}

static Value *bi_slice(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "slice", 1, 3, loc)) return NULL;
    if (args->npos == 1) return make_slice(I, NULL, args->pos[0], NULL);
    return make_slice(I, args->pos[0], args->pos[1], args->npos == 3 ? args->pos[2] : NULL);
}

static Value *bi_tuple(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "tuple", 0, 1, loc)) return NULL;
    if (!args->npos) return v_tuple(I, 0);
    if (args->pos[0]->kind == V_TUPLE) return args->pos[0];
    return list_from_items(I, args->pos[0], loc, true);
}

static Value *bi_list(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "list", 0, 1, loc)) return NULL;
    if (!args->npos) return v_list(I, 0);
    return list_from_items(I, args->pos[0], loc, false);
}

static bool dict_update_from(Interp *I, Dict *d, Value *src, Loc loc) {
    if (src->kind == V_DICT) {
        if (src->u.dict.poisoned) {
            interp_abort(I, loc, "a dict modified in a loop over a symbolic range");
            return false;
        }
        dict_copy(I, d, &src->u.dict);
        return true;
    }
    Value *items = items_of(I, src, loc);
    if (!items) return false;
    for (int i = 0; i < items->u.seq.n; i++) {
        Value *kv = unpack_items(I, items->u.seq.v[i], loc);
        if (!kv) return false;
        if (kv->u.seq.n != 2) {
            interp_raise(I, loc, "ValueError", "dictionary update sequence element #%d has length %d; 2 is required", i,
                         kv->u.seq.n);
            return false;
        }
        bool hashable;
        if (!value_key_ok(kv->u.seq.v[0], &hashable)) {
            if (!hashable) {
                interp_raise(I, loc, "TypeError", "unhashable type: '%s'", value_type_name(kv->u.seq.v[0]));
                return false;
            }
            interp_abort(I, loc, "dict with a symbolic or unknown key is not modelled");
            return false;
        }
        dict_set(I, d, kv->u.seq.v[0], kv->u.seq.v[1]);
    }
    return true;
}

static Value *bi_dict(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (args->npos > 1) {
        interp_raise(I, loc, "TypeError", "dict expected at most 1 argument, got %d", args->npos);
        return NULL;
    }
    Value *d = v_dict(I);
    if (args->npos && !dict_update_from(I, &d->u.dict, args->pos[0], loc)) return NULL;
    for (int i = 0; i < args->nkw; i++) dict_set_str(I, &d->u.dict, args->kwnames[i], args->kw[i]);
    return d;
}

static bool set_add(Interp *I, Value *set, Value *x, Loc loc) {
    bool hashable;
    if (!value_key_ok(x, &hashable)) {
        if (!hashable) {
            interp_raise(I, loc, "TypeError", "unhashable type: '%s'", value_type_name(x));
            return false;
        }
        interp_abort(I, loc, "set of symbolic or unknown values is not modelled");
        return false;
    }
    for (int j = 0; j < set->u.seq.n; j++)
        if (value_equal(set->u.seq.v[j], x)) return true;
    seq_append(I, &set->u.seq, x);
    return true;
}

static Value *bi_set(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "set", 0, 1, loc)) return NULL;
    Value *s = v_set(I);
    if (!args->npos) return s;
    Value *items = items_of(I, args->pos[0], loc);
    if (!items) return NULL;
    for (int i = 0; i < items->u.seq.n; i++)
        if (!set_add(I, s, items->u.seq.v[i], loc)) return NULL;
    return s;
}

static Value *bi_enumerate(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    static const char *const params[] = {"iterable", "start", NULL};
    Value *a[2];
    if (!interp_bind(I, args, loc, "enumerate", params, 1, a)) return NULL;
    Value *items = items_of(I, a[0], loc);
    if (!items) return NULL;
    Value *k = a[1] ? a[1] : v_int(I, 0);
    if (!is_int(k)) {
        interp_raise(I, loc, "TypeError", "'%s' object cannot be interpreted as an integer", value_type_name(k));
        return NULL;
    }
    Value *r = v_list(I, items->u.seq.n);
    for (int i = 0; i < items->u.seq.n; i++) {
        Value *t = v_tuple(I, 2);
        t->u.seq.v[0] = k;
        t->u.seq.v[1] = items->u.seq.v[i];
        r->u.seq.v[i] = t;
        k = int_binop(I, OP_ADD, k, v_int(I, 1), loc);
        if (!k) return NULL;
    }
    return r;
}

static Value *bi_zip(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    static const char *const allowed[] = {"strict", NULL};
    if (!only_kw(I, args, "zip", allowed, loc)) return NULL;
    Value *strict = kwarg(args, "strict");
    int n = args->npos;
    Value **lists = arena_alloc(I->arena, (size_t)(n ? n : 1) * sizeof(Value *));
    int len = n ? INT32_MAX : 0;
    for (int i = 0; i < n; i++) {
        lists[i] = items_of(I, args->pos[i], loc);
        if (!lists[i]) return NULL;
        if (lists[i]->u.seq.n < len) len = lists[i]->u.seq.n;
    }
    if (strict && strict->kind == V_BOOL && strict->u.i.c)
        for (int i = 0; i < n; i++)
            if (lists[i]->u.seq.n != len) {
                interp_raise(I, loc, "ValueError", "zip() argument %d is %s than argument%s", i + 1,
                             lists[i]->u.seq.n > len ? "longer" : "shorter", i == 1 ? " 1" : "s 1-");
                return NULL;
            }
    Value *r = v_list(I, len);
    for (int k = 0; k < len; k++) {
        Value *t = v_tuple(I, n);
        for (int i = 0; i < n; i++) t->u.seq.v[i] = lists[i]->u.seq.v[k];
        r->u.seq.v[k] = t;
    }
    return r;
}

static Value *bi_reversed(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "reversed", 1, 1, loc)) return NULL;
    Value *v = args->pos[0];
    if (v->kind == V_DICT || v->kind == V_SET) {
        interp_raise(I, loc, "TypeError", "'%s' object is not reversible", value_type_name(v));
        return NULL;
    }
    Value *items = items_of(I, v, loc);
    if (!items) return NULL;
    int n = items->u.seq.n;
    Value *r = v_list(I, n);
    for (int i = 0; i < n; i++) r->u.seq.v[i] = items->u.seq.v[n - 1 - i];
    return r;
}

/* a < b as a decided boolean; -1 unwinding */
static int less_than(Interp *I, Value *a, Value *b, Loc loc) {
    Value *c = interp_compare(I, CMP_LT, a, b, loc);
    if (!c) return -1;
    Tri t = truth_of(I, c, loc);
    if (t == TRI_UNKNOWN) return -1;
    return t == TRI_TRUE;
}

static bool merge_sort(Interp *I, Value **v, Value **keys, int n, bool reverse, Loc loc) {
    if (n < 2) return true;
    int h = n / 2;
    if (!merge_sort(I, v, keys, h, reverse, loc) || !merge_sort(I, v + h, keys + h, n - h, reverse, loc)) return false;
    Value **tv = arena_alloc(I->arena, (size_t)n * sizeof(Value *));
    Value **tk = arena_alloc(I->arena, (size_t)n * sizeof(Value *));
    int i = 0, j = h, k = 0;
    while (i < h && j < n) {
        /* stable: take from the right only if strictly before */
        int lt = reverse ? less_than(I, keys[i], keys[j], loc) : less_than(I, keys[j], keys[i], loc);
        if (lt < 0) return false;
        if (lt) {
            tv[k] = v[j];
            tk[k++] = keys[j++];
        } else {
            tv[k] = v[i];
            tk[k++] = keys[i++];
        }
    }
    while (i < h) tv[k] = v[i], tk[k++] = keys[i++];
    while (j < n) tv[k] = v[j], tk[k++] = keys[j++];
    memcpy(v, tv, (size_t)n * sizeof(Value *));
    memcpy(keys, tk, (size_t)n * sizeof(Value *));
    return true;
}

static bool sort_values(Interp *I, Value **v, int n, Value *key, bool reverse, Loc loc) {
    Value **keys = arena_alloc(I->arena, (size_t)(n ? n : 1) * sizeof(Value *));
    for (int i = 0; i < n; i++) {
        if (key && key->kind != V_NONE) {
            keys[i] = interp_calln(I, key, 1, &v[i], loc);
            if (!keys[i]) return false;
        } else {
            keys[i] = v[i];
        }
    }
    return merge_sort(I, v, keys, n, reverse, loc);
}

static bool truthy_kw(Interp *I, Value *v, Loc loc, bool *out) {
    *out = false;
    if (!v) return true;
    Tri t = truth_of(I, v, loc);
    if (t == TRI_UNKNOWN) return false;
    *out = t == TRI_TRUE;
    return true;
}

static Value *bi_sorted(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    static const char *const params[] = {"iterable", "*key", "reverse", NULL};
    Value *a[3];
    if (!interp_bind(I, args, loc, "sorted", params, 1, a)) return NULL;
    Value *r = list_from_items(I, a[0], loc, false);
    if (!r) return NULL;
    bool rev;
    if (!truthy_kw(I, a[2], loc, &rev)) return NULL;
    if (!sort_values(I, r->u.seq.v, r->u.seq.n, a[1], rev, loc)) return NULL;
    return r;
}

static Value *minmax(Interp *I, CallArgs *args, Loc loc, bool is_max) {
    const char *fname = is_max ? "max" : "min";
    static const char *const allowed[] = {"key", "default", NULL};
    if (!only_kw(I, args, fname, allowed, loc)) return NULL;
    Value *key = kwarg(args, "key"), *dflt = kwarg(args, "default");
    if (key && key->kind == V_NONE) key = NULL;
    Value **v;
    int n;
    if (args->npos == 1) {
        Value *items = items_of(I, args->pos[0], loc);
        if (!items) return NULL;
        v = items->u.seq.v;
        n = items->u.seq.n;
        if (!n) {
            if (dflt) return dflt;
            interp_raise(I, loc, "ValueError", "%s() arg is an empty sequence", fname);
            return NULL;
        }
    } else if (args->npos > 1) {
        if (dflt) {
            interp_raise(I, loc, "TypeError", "Cannot specify a default for %s() with multiple positional arguments",
                         fname);
            return NULL;
        }
        v = args->pos;
        n = args->npos;
    } else {
        interp_raise(I, loc, "TypeError", "%s expected at least 1 argument, got 0", fname);
        return NULL;
    }
    Value *best = v[0], *bestk = key ? interp_calln(I, key, 1, &v[0], loc) : v[0];
    if (!bestk) return NULL;
    for (int i = 1; i < n; i++) {
        Value *k = key ? interp_calln(I, key, 1, &v[i], loc) : v[i];
        if (!k) return NULL;
        if (!key && is_int(best) && is_int(k) && (best->u.i.sym || k->u.i.sym)) {
            best = bestk = int_minmax(I, best, k, is_max, loc);
            if (!best) return NULL;
            continue;
        }
        if (k->kind == V_UNKNOWN || bestk->kind == V_UNKNOWN) return unknown_from(I, k->kind == V_UNKNOWN ? k : bestk, loc);
        int better = is_max ? less_than(I, bestk, k, loc) : less_than(I, k, bestk, loc);
        if (better < 0) return NULL;
        if (better) {
            best = v[i];
            bestk = k;
        }
    }
    return best;
}

static Value *bi_max(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    return minmax(I, args, loc, true);
}

static Value *bi_min(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    return minmax(I, args, loc, false);
}

static Value *bi_sum(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    static const char *const params[] = {"iterable", "start", NULL};
    Value *a[2];
    if (!interp_bind(I, args, loc, "sum", params, 1, a)) return NULL;
    Value *items = items_of(I, a[0], loc);
    if (!items) return NULL;
    Value *acc = a[1] ? a[1] : v_int(I, 0);
    if (acc->kind == V_STR) {
        interp_raise(I, loc, "TypeError", "sum() can't sum strings [use ''.join(seq) instead]");
        return NULL;
    }
    for (int i = 0; i < items->u.seq.n; i++) {
        acc = interp_binop(I, OP_ADD, acc, items->u.seq.v[i], loc);
        if (!acc) return NULL;
    }
    return acc;
}

static Value *any_all(Interp *I, CallArgs *args, Loc loc, bool is_all) {
    if (!nargs(I, args, is_all ? "all" : "any", 1, 1, loc)) return NULL;
    Value *items = items_of(I, args->pos[0], loc);
    if (!items) return NULL;
    Value *acc = v_bool(I, is_all);
    for (int i = 0; i < items->u.seq.n; i++) {
        Value *x = items->u.seq.v[i];
        if (x->kind == V_INT && x->u.i.sym) x = int_cmp(I, CMP_NOTEQ, x, v_int(I, 0), loc);
        if (x->kind == V_BOOL) {
            if (!x->u.i.sym && x->u.i.c != is_all) return v_bool(I, !is_all);
            acc = is_all ? bool_and_v(I, acc, x, loc) : bool_or_v(I, acc, x, loc);
            continue;
        }
        Tri t = truth_of(I, x, loc);
        if (t == TRI_UNKNOWN) return NULL;
        if ((t == TRI_TRUE) != is_all) {
            /* short-circuit: decided by this element (the symbolic rest is not needed) */
            if (acc->kind == V_BOOL && !acc->u.i.sym) return v_bool(I, !is_all);
            return is_all ? v_false() : v_true();
        }
    }
    return acc;
}

static Value *bi_all(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    return any_all(I, args, loc, true);
}

static Value *bi_any(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    return any_all(I, args, loc, false);
}

static Value *bi_map(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!no_kw(I, args, "map", loc)) return NULL;
    if (args->npos < 2) {
        interp_raise(I, loc, "TypeError", "map() must have at least two arguments.");
        return NULL;
    }
    int n = args->npos - 1, len = INT32_MAX;
    Value **lists = arena_alloc(I->arena, (size_t)n * sizeof(Value *));
    for (int i = 0; i < n; i++) {
        lists[i] = items_of(I, args->pos[i + 1], loc);
        if (!lists[i]) return NULL;
        if (lists[i]->u.seq.n < len) len = lists[i]->u.seq.n;
    }
    Value *r = v_list(I, len);
    Value **call = arena_alloc(I->arena, (size_t)n * sizeof(Value *));
    for (int k = 0; k < len; k++) {
        for (int i = 0; i < n; i++) call[i] = lists[i]->u.seq.v[k];
        Value *x = interp_calln(I, args->pos[0], n, call, loc);
        if (!x) return NULL;
        r->u.seq.v[k] = x;
    }
    return r;
}

static Value *bi_filter(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "filter", 2, 2, loc)) return NULL;
    Value *items = items_of(I, args->pos[1], loc);
    if (!items) return NULL;
    Value *r = v_list(I, 0);
    for (int i = 0; i < items->u.seq.n; i++) {
        Value *x = items->u.seq.v[i];
        Value *c = args->pos[0]->kind == V_NONE ? x : interp_calln(I, args->pos[0], 1, &x, loc);
        if (!c) return NULL;
        Tri t = truth_of(I, c, loc);
        if (t == TRI_UNKNOWN) return NULL;
        if (t == TRI_TRUE) seq_append(I, &r->u.seq, x);
    }
    return r;
}

/* iter()/next(): an iterator over materialised items */
typedef struct IterData {
    Value *items;
    int pos;
} IterData;

static Value *iter_iterate(Interp *I, Value *self, Loc loc) {
    (void)loc;
    IterData *d = self->u.obj.data;
    int n = d->items->u.seq.n - d->pos;
    Value *t = v_list(I, n < 0 ? 0 : n);
    for (int i = 0; i < n; i++) t->u.seq.v[i] = d->items->u.seq.v[d->pos + i];
    d->pos = d->items->u.seq.n;
    return t;
}

static void iter_children(Value *self, void (*add)(void *w, Value *v), void *w) {
    add(w, ((IterData *)self->u.obj.data)->items);
}

static const ObjType objtype_iterator = {.name = "iterator", .iterate = iter_iterate, .children = iter_children};

static Value *bi_iter(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "iter", 1, 1, loc)) return NULL;
    Value *v = args->pos[0];
    if (v->kind == V_OBJECT && v->u.obj.type == &objtype_iterator) return v;
    Value *items = items_of(I, v, loc);
    if (!items) return NULL;
    IterData *d = arena_alloc(I->arena, sizeof *d);
    d->items = items;
    return v_object(I, &objtype_iterator, d);
}

static Value *bi_next(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "next", 1, 2, loc)) return NULL;
    Value *it = args->pos[0];
    if (it->kind == V_INSTANCE) {
        Value *m = instance_method(I, it, I->atoms->a_next);
        if (m) return interp_call0(I, m, loc);
    }
    if (it->kind != V_OBJECT || it->u.obj.type != &objtype_iterator) {
        if (it->kind == V_UNKNOWN) return unknown_from(I, it, loc);
        interp_raise(I, loc, "TypeError", "'%s' object is not an iterator", value_type_name(it));
        return NULL;
    }
    IterData *d = it->u.obj.data;
    if (d->pos < d->items->u.seq.n) return d->items->u.seq.v[d->pos++];
    if (args->npos == 2) return args->pos[1];
    interp_raise(I, loc, "StopIteration", "%s", "");
    return NULL;
}

/* ---- objects and attributes ------------------------------------------------------------ */

static bool attr_name(Interp *I, Value *v, Loc loc, const char **out) {
    if (v->kind != V_STR) {
        if (v->kind == V_UNKNOWN) {
            interp_abort(I, loc, "%s", v->u.unknown.reason);
            return false;
        }
        interp_raise(I, loc, "TypeError", "attribute name must be string, not '%s'", value_type_name(v));
        return false;
    }
    *out = intern(I->names, v->u.str.s, v->u.str.len);
    return true;
}

static Value *bi_getattr(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "getattr", 2, 3, loc)) return NULL;
    const char *name;
    if (!attr_name(I, args->pos[1], loc, &name)) return NULL;
    Value *r = interp_getattr(I, args->pos[0], name, loc);
    if (!r && args->npos == 3 && interp_exc_is(I, "AttributeError")) {
        interp_clear_unwind(I);
        return args->pos[2];
    }
    return r;
}

static Value *bi_hasattr(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "hasattr", 2, 2, loc)) return NULL;
    const char *name;
    if (!attr_name(I, args->pos[1], loc, &name)) return NULL;
    Value *obj = args->pos[0];
    if (obj->kind == V_UNKNOWN) return unknown_from(I, obj, loc);
    if (obj->kind == V_MODULE && obj->u.module.unmodelled && !dict_get_str(&obj->u.module.globals, name))
        return v_unknown(I, loc, "hasattr() on a module that is not modelled");
    Value *r = interp_getattr(I, obj, name, loc);
    if (r) return r->kind == V_UNKNOWN && obj->kind == V_OBJECT ? r : v_true();
    if (interp_exc_is(I, "AttributeError")) {
        interp_clear_unwind(I);
        return v_false();
    }
    return NULL;
}

static Value *bi_setattr(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "setattr", 3, 3, loc)) return NULL;
    const char *name;
    if (!attr_name(I, args->pos[1], loc, &name)) return NULL;
    return interp_setattr(I, args->pos[0], name, args->pos[2], loc) ? v_none() : NULL;
}

static Value *bi_delattr(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "delattr", 2, 2, loc)) return NULL;
    const char *name;
    if (!attr_name(I, args->pos[1], loc, &name)) return NULL;
    Value *obj = args->pos[0];
    if (obj->kind != V_INSTANCE) {
        interp_raise(I, loc, "AttributeError", "'%s' object attribute '%s' cannot be deleted", value_type_name(obj), name);
        return NULL;
    }
    Dict *d = &obj->u.inst.attrs;
    if (!container_write(I, d->born, d->rd, &d->poisoned, loc)) return NULL;
    Value key = {.kind = V_STR, .u.str = {name, strlen(name)}};
    if (!dict_del(d, &key)) {
        interp_raise(I, loc, "AttributeError", "'%s' object has no attribute '%s'", value_type_name(obj), name);
        return NULL;
    }
    return v_none();
}

static Value *bi_callable(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "callable", 1, 1, loc)) return NULL;
    Value *v = args->pos[0];
    switch (v->kind) {
    case V_FUNCTION:
    case V_BUILTIN:
    case V_BOUND:
    case V_CLASS: return v_true();
    case V_OBJECT: return v_bool(I, v->u.obj.type->call != NULL);
    case V_INSTANCE: return v_bool(I, class_lookup(v->u.inst.cls, I->atoms->a_call) != NULL);
    case V_UNKNOWN: return unknown_from(I, v, loc);
    case V_NONE: case V_BOOL: case V_INT: case V_FLOAT: case V_STR: case V_TUPLE: case V_LIST: case V_DICT:
    case V_SET: case V_SLICE: case V_RANGE: case V_MODULE:
    default: return v_false();
    }
}

static Value *bi_id(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "id", 1, 1, loc)) return NULL;
    return v_int(I, (int64_t)((uintptr_t)args->pos[0] >> 4));
}

static Value *bi_hash(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "hash", 1, 1, loc)) return NULL;
    Value *v = args->pos[0];
    bool hashable;
    if (!value_key_ok(v, &hashable)) {
        if (!hashable) {
            interp_raise(I, loc, "TypeError", "unhashable type: '%s'", value_type_name(v));
            return NULL;
        }
        return v_unknown(I, loc, "hash of a symbolic value");
    }
    if (is_int(v)) return v_int(I, v->u.i.c == -1 ? -2 : v->u.i.c);
    return v_unknown(I, loc, "hash() values are not modelled");
}

static Value *bi_repr(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "repr", 1, 1, loc)) return NULL;
    Value *v = args->pos[0];
    if (v->kind == V_INSTANCE && instance_method(I, v, I->atoms->a_repr))
        return call_method(I, v, I->atoms->a_repr, 0, NULL, loc);
    StrBuf b = {0};
    value_repr(I, &b, v);
    Value *r = v_str(I, sb_str(&b), b.len);
    sb_free(&b);
    return r;
}

static Value *bi_str(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "str", 0, 1, loc)) return NULL;
    if (!args->npos) return v_str(I, "", 0);
    if (args->pos[0]->kind == V_STR) return args->pos[0];
    const char *s = interp_str(I, args->pos[0]);
    return s ? v_cstr(I, s) : NULL;
}

static Value *bi_format(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "format", 1, 2, loc)) return NULL;
    Value *spec = args->npos == 2 ? args->pos[1] : NULL;
    if (spec && spec->kind != V_STR) {
        interp_raise(I, loc, "TypeError", "format() argument 2 must be str, not %s", value_type_name(spec));
        return NULL;
    }
    StrBuf b = {0};
    bool ok = format_value(I, &b, args->pos[0], spec ? spec->u.str.s : "", spec ? spec->u.str.len : 0, loc);
    Value *r = ok ? v_str(I, sb_str(&b), b.len) : NULL;
    sb_free(&b);
    return r;
}

static Value *bi_chr(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "chr", 1, 1, loc)) return NULL;
    Value *v = args->pos[0];
    if (!is_int(v) || v->u.i.sym) return v_unknown(I, loc, "chr() of a symbolic or non-int value");
    if (v->u.i.c < 0 || v->u.i.c > 0x10FFFF) {
        interp_raise(I, loc, "ValueError", "chr() arg not in range(0x110000)");
        return NULL;
    }
    StrBuf b = {0};
    utf8_encode(&b, (uint32_t)v->u.i.c);
    Value *r = v_str(I, sb_str(&b), b.len);
    sb_free(&b);
    return r;
}

static Value *bi_ord(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "ord", 1, 1, loc)) return NULL;
    Value *v = args->pos[0];
    if (v->kind != V_STR || utf8_count(v->u.str.s, v->u.str.len) != 1) {
        interp_raise(I, loc, "TypeError", "ord() expected a character");
        return NULL;
    }
    uint32_t cp = 0;
    if (!utf8_decode((const unsigned char *)v->u.str.s, v->u.str.len, &cp)) cp = (unsigned char)v->u.str.s[0];
    return v_int(I, cp);
}

static Value *int_radix(Interp *I, CallArgs *args, Loc loc, const char *name, int base, const char *prefix) {
    if (!nargs(I, args, name, 1, 1, loc)) return NULL;
    Value *v = args->pos[0];
    if (!is_int(v)) {
        interp_raise(I, loc, "TypeError", "'%s' object cannot be interpreted as an integer", value_type_name(v));
        return NULL;
    }
    if (v->u.i.sym) return v_unknown(I, loc, "%s() of a symbolic integer", name);
    uint64_t x = v->u.i.c < 0 ? (uint64_t)0 - (uint64_t)v->u.i.c : (uint64_t)v->u.i.c;
    char buf[80];
    int n = 0;
    do {
        int d = (int)(x % (uint64_t)base);
        buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        x /= (uint64_t)base;
    } while (x);
    StrBuf b = {0};
    if (v->u.i.c < 0) sb_putc(&b, '-');
    sb_puts(&b, prefix);
    while (n) sb_putc(&b, buf[--n]);
    Value *r = v_str(I, sb_str(&b), b.len);
    sb_free(&b);
    return r;
}

static Value *bi_hex(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    return int_radix(I, args, loc, "hex", 16, "0x");
}

static Value *bi_oct(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    return int_radix(I, args, loc, "oct", 8, "0o");
}

static Value *bi_bin(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    return int_radix(I, args, loc, "bin", 2, "0b");
}

static Value *bi_print(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    (void)loc;
    if (!I->print_out) return v_none();
    Value *sep = kwarg(args, "sep"), *end = kwarg(args, "end");
    StrBuf b = {0};
    for (int i = 0; i < args->npos; i++) {
        if (i) {
            if (sep && sep->kind == V_STR)
                sb_put(&b, sep->u.str.s, sep->u.str.len);
            else
                sb_putc(&b, ' ');
        }
        const char *s = interp_str(I, args->pos[i]);
        if (!s) {
            sb_free(&b);
            return NULL;
        }
        sb_puts(&b, s);
    }
    if (end && end->kind == V_STR)
        sb_put(&b, end->u.str.s, end->u.str.len);
    else
        sb_putc(&b, '\n');
    fwrite(sb_str(&b), 1, b.len, I->print_out);
    sb_free(&b);
    return v_none();
}

static Value *bi_vars(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "vars", 1, 1, loc)) return NULL;
    Value *v = args->pos[0];
    Value *d = v_dict(I);
    if (v->kind == V_INSTANCE) {
        dict_copy(I, &d->u.dict, &v->u.inst.attrs);
        return d;
    }
    if (v->kind == V_MODULE) {
        dict_copy(I, &d->u.dict, &v->u.module.globals);
        return d;
    }
    interp_raise(I, loc, "TypeError", "vars() argument must have __dict__ attribute");
    return NULL;
}

static Value *bi_not_modelled(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    (void)args;
    return v_unknown(I, loc, "this builtin is not modelled");
}

static Value *bi_exit(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    Value *cls = builtin_class(I, "SystemExit");
    Value *e = exc_new(I, cls, NULL);
    dict_set_str(I, &e->u.inst.attrs, I->atoms->a_args, v_tuple_of(I, args->npos, args->pos));
    raise_value(I, e, loc);
    return NULL;
}

/* ---- super() --------------------------------------------------------------------------- */

typedef struct SuperData {
    Value *self;      /* instance (or class for classmethods) */
    Value *after;     /* the class whose successors are searched */
} SuperData;

static void mro_collect(Value *cls, Value **out, int *n, int cap) {
    for (int i = 0; i < *n; i++)
        if (out[i] == cls) return;
    if (*n < cap) out[(*n)++] = cls;
    for (int i = 0; i < cls->u.cls.bases.n; i++)
        if (cls->u.cls.bases.v[i]->kind == V_CLASS) mro_collect(cls->u.cls.bases.v[i], out, n, cap);
}

static Value *super_getattr(Interp *I, Value *self, const char *name, Loc loc) {
    SuperData *d = self->u.obj.data;
    Value *cls = d->self->kind == V_INSTANCE ? d->self->u.inst.cls : d->self;
    Value *mro[64];
    int n = 0;
    mro_collect(cls, mro, &n, 64);
    bool past = false;
    for (int i = 0; i < n; i++) {
        if (!past) {
            past = mro[i] == d->after;
            continue;
        }
        Value *v = dict_get_str(&mro[i]->u.cls.attrs, name);
        if (!v) continue;
        if (v->kind == V_FUNCTION) return d->self->kind == V_INSTANCE ? v_bound(I, d->self, v) : v;
        if (v->kind == V_BUILTIN && !v->u.builtin.self)
            return v_builtin(I, v->u.builtin.name, v->u.builtin.fn, d->self, v->u.builtin.data);
        if (v->kind == V_OBJECT && v->u.obj.type == &objtype_staticmethod) return v->u.obj.data;
        if (v->kind == V_OBJECT && v->u.obj.type == &objtype_classmethod) return v_bound(I, cls, v->u.obj.data);
        return v;
    }
    if (name == I->atoms->a_init) return builtin_named(I, "__noop_init__");   /* object.__init__ */
    interp_raise(I, loc, "AttributeError", "'super' object has no attribute '%s'", name);
    return NULL;
}

static void super_children(Value *self, void (*add)(void *w, Value *v), void *w) {
    SuperData *d = self->u.obj.data;
    add(w, d->self);
    add(w, d->after);
}

static const ObjType objtype_super = {.name = "super", .getattr = super_getattr, .children = super_children};

static Value *bi_super(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    SuperData *d = arena_alloc(I->arena, sizeof *d);
    if (args->npos == 2) {
        d->after = args->pos[0];
        d->self = args->pos[1];
    } else if (args->npos == 0) {
        Frame *f = I->frame;
        Value *fn = f ? f->func : NULL;
        if (!fn || !f->env) {
            interp_raise(I, loc, "RuntimeError", "super(): no arguments");
            return NULL;
        }
        const Node *def = fn->u.fn.def;
        const Node *a = def->kind == N_LAMBDA ? def->u.lambda.args : def->u.func.args;
        const NodeList *ps = a->u.arguments.posonlyargs.n ? &a->u.arguments.posonlyargs : &a->u.arguments.args;
        if (!ps->n) {
            interp_raise(I, loc, "RuntimeError", "super(): no arguments");
            return NULL;
        }
        d->self = env_get(f->env, ps->v[0]->u.arg.arg);
        if (!d->self || (d->self->kind != V_INSTANCE && d->self->kind != V_CLASS)) {
            interp_raise(I, loc, "RuntimeError", "super(): no arguments");
            return NULL;
        }
        /* the class defining this function: first in the MRO holding it */
        Value *cls = d->self->kind == V_INSTANCE ? d->self->u.inst.cls : d->self;
        Value *mro[64];
        int n = 0;
        mro_collect(cls, mro, &n, 64);
        for (int i = 0; i < n && !d->after; i++) {
            Dict *attrs = &mro[i]->u.cls.attrs;
            for (int k = 0; k < attrs->n; k++) {
                Value *v = attrs->v[k].value;
                if (v == fn || (v->kind == V_OBJECT && v->u.obj.data == fn &&
                                (v->u.obj.type == &objtype_classmethod || v->u.obj.type == &objtype_staticmethod ||
                                 v->u.obj.type == &objtype_property))) {
                    d->after = mro[i];
                    break;
                }
            }
        }
        if (!d->after) {
            interp_raise(I, loc, "RuntimeError", "super(): __class__ cell not found");
            return NULL;
        }
    } else {
        interp_raise(I, loc, "TypeError", "super() takes 0 or 2 arguments");
        return NULL;
    }
    return v_object(I, &objtype_super, d);
}

/* ---- descriptors ------------------------------------------------------------------------- */

static Value *wrapper_call(Interp *I, Value *self, CallArgs *args, Loc loc) {
    return interp_call(I, self->u.obj.data, args, loc);
}

/* A property's .setter(f) keeps the property (assignments stay plain). */
static Value *property_setter(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)args;
    (void)loc;
    (void)I;
    return self;
}

static Value *property_getattr(Interp *I, Value *self, const char *name, Loc loc) {
    if (name == I->atoms->a_fget) return self->u.obj.data;
    /* @x.setter: accepted, the setter is not modelled (plain attributes) */
    if (strcmp(name, "setter") == 0 || strcmp(name, "deleter") == 0 || strcmp(name, "getter") == 0)
        return v_builtin(I, "setter", property_setter, self, NULL);
    interp_raise(I, loc, "AttributeError", "'property' object has no attribute '%s'", name);
    return NULL;
}

/* staticmethod, classmethod and property objects hold the function (data) */
static void wrapper_children(Value *self, void (*add)(void *w, Value *v), void *w) { add(w, self->u.obj.data); }

const ObjType objtype_staticmethod = {.name = "staticmethod", .call = wrapper_call, .children = wrapper_children};
const ObjType objtype_classmethod = {.name = "classmethod", .children = wrapper_children};
const ObjType objtype_property = {.name = "property", .getattr = property_getattr, .children = wrapper_children};

static Value *bi_staticmethod(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "staticmethod", 1, 1, loc)) return NULL;
    return v_object(I, &objtype_staticmethod, args->pos[0]);
}

static Value *bi_classmethod(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (!nargs(I, args, "classmethod", 1, 1, loc)) return NULL;
    return v_object(I, &objtype_classmethod, args->pos[0]);
}

static Value *bi_property(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    if (args->npos < 1) {
        interp_raise(I, loc, "TypeError", "property() without a getter is not supported");
        return NULL;
    }
    return v_object(I, &objtype_property, args->pos[0]);
}

/* an object that accepts any method call and returns None (logging) */
static Value *anycall_noop(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)I;
    (void)self;
    (void)args;
    (void)loc;
    return v_none();
}

static Value *anycall_getattr(Interp *I, Value *self, const char *name, Loc loc) {
    (void)loc;
    return v_builtin(I, name, anycall_noop, self, NULL);
}

static Value *anycall_call(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)args;
    (void)loc;
    (void)I;
    return self;
}

const ObjType objtype_anycall = {
    .name = "object", .getattr = anycall_getattr, .call = anycall_call, .context_noop = true,
    .children = obj_no_children};

/* ---- exceptions -------------------------------------------------------------------------- */

static Value *exc_init(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)loc;
    if (self && self->kind == V_INSTANCE)
        dict_set_str(I, &self->u.inst.attrs, I->atoms->a_args, v_tuple_of(I, args->npos, args->pos));
    return v_none();
}

static Value *noop_init(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)I;
    (void)self;
    (void)args;
    (void)loc;
    return v_none();
}

static const char *const exception_tree[][2] = {
    /* name, base */
    {"BaseException", NULL},
    {"Exception", "BaseException"},
    {"SystemExit", "BaseException"},
    {"KeyboardInterrupt", "BaseException"},
    {"GeneratorExit", "BaseException"},
    {"ArithmeticError", "Exception"},
    {"ZeroDivisionError", "ArithmeticError"},
    {"OverflowError", "ArithmeticError"},
    {"FloatingPointError", "ArithmeticError"},
    {"AssertionError", "Exception"},
    {"AttributeError", "Exception"},
    {"LookupError", "Exception"},
    {"IndexError", "LookupError"},
    {"KeyError", "LookupError"},
    {"NameError", "Exception"},
    {"UnboundLocalError", "NameError"},
    {"RuntimeError", "Exception"},
    {"NotImplementedError", "RuntimeError"},
    {"RecursionError", "RuntimeError"},
    {"TypeError", "Exception"},
    {"ValueError", "Exception"},
    {"UnicodeError", "ValueError"},
    {"ImportError", "Exception"},
    {"ModuleNotFoundError", "ImportError"},
    {"StopIteration", "Exception"},
    {"OSError", "Exception"},
    {"FileNotFoundError", "OSError"},
    {"PermissionError", "OSError"},
    {"EnvironmentError", "OSError"},
    {"IOError", "OSError"},
    {"SyntaxError", "Exception"},
    {"MemoryError", "Exception"},
    {"BufferError", "Exception"},
    {"EOFError", "Exception"},
    {"FrozenInstanceError", "AttributeError"},
    {"Warning", "Exception"},
    {"UserWarning", "Warning"},
    {"DeprecationWarning", "Warning"},
    {"RuntimeWarning", "Warning"},
    {"FutureWarning", "Warning"},
};

/* ---- method tables ---------------------------------------------------------------------------- */

#define SELF_SEQ(s) (&(s)->u.seq)

static Value *m_list_append(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "append", 1, 1, loc)) return NULL;
    if (!SEQ_WRITE(I, SELF_SEQ(self), loc)) return NULL;
    seq_append(I, SELF_SEQ(self), args->pos[0]);
    return v_none();
}

static Value *m_list_extend(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "extend", 1, 1, loc)) return NULL;
    Value *items = items_of(I, args->pos[0], loc);
    if (!items) return NULL;
    if (!SEQ_WRITE(I, SELF_SEQ(self), loc)) return NULL;
    int n = items->u.seq.n;
    for (int i = 0; i < n; i++) seq_append(I, SELF_SEQ(self), items->u.seq.v[i]);
    return v_none();
}

static bool concrete_index(Interp *I, Value *v, Loc loc, int64_t *out) {
    if (!is_int(v)) {
        if (v->kind == V_UNKNOWN) {
            interp_abort(I, loc, "%s", v->u.unknown.reason);
            return false;
        }
        interp_raise(I, loc, "TypeError", "'%s' object cannot be interpreted as an integer", value_type_name(v));
        return false;
    }
    if (v->u.i.sym) {
        interp_abort(I, loc, "a list operation with a symbolic index is not modelled");
        return false;
    }
    *out = v->u.i.c;
    return true;
}

static Value *m_list_insert(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "insert", 2, 2, loc)) return NULL;
    int64_t i;
    if (!concrete_index(I, args->pos[0], loc, &i)) return NULL;
    Seq *s = SELF_SEQ(self);
    if (!SEQ_WRITE(I, s, loc)) return NULL;
    if (i < 0) i += s->n;
    if (i < 0) i = 0;
    if (i > s->n) i = s->n;
    seq_insert(I, s, (int)i, args->pos[1]);
    return v_none();
}

static Value *m_list_pop(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "pop", 0, 1, loc)) return NULL;
    Seq *s = SELF_SEQ(self);
    SEQ_READ(I, s);
    if (!SEQ_WRITE(I, s, loc)) return NULL;
    if (s->poisoned) return poisoned_value(I, loc);
    int64_t i = -1;
    if (args->npos && !concrete_index(I, args->pos[0], loc, &i)) return NULL;
    if (!s->n) {
        interp_raise(I, loc, "IndexError", "pop from empty list");
        return NULL;
    }
    if (i < 0) i += s->n;
    if (i < 0 || i >= s->n) {
        interp_raise(I, loc, "IndexError", "pop index out of range");
        return NULL;
    }
    Value *v = s->v[i];
    seq_remove(s, (int)i);
    return v;
}

/* index of x in seq[lo, hi): -1 absent, -2 unwinding */
static int seq_find(Interp *I, Seq *s, Value *x, int lo, int hi, Loc loc) {
    for (int i = lo; i < hi && i < s->n; i++) {
        Value *e = values_eq(I, s->v[i], x, loc);
        if (!e) return -2;
        Tri t = truth_of(I, e, loc);
        if (t == TRI_UNKNOWN) return -2;
        if (t == TRI_TRUE) return i;
    }
    return -1;
}

static Value *m_seq_index(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "index", 1, 3, loc)) return NULL;
    Seq *s = SELF_SEQ(self);
    SEQ_READ(I, s);
    if (s->poisoned) return poisoned_value(I, loc);
    int64_t lo = 0, hi = s->n;
    if (args->npos > 1 && !concrete_index(I, args->pos[1], loc, &lo)) return NULL;
    if (args->npos > 2 && !concrete_index(I, args->pos[2], loc, &hi)) return NULL;
    if (lo < 0) lo += s->n;
    if (hi < 0) hi += s->n;
    if (lo < 0) lo = 0;
    int i = seq_find(I, s, args->pos[0], (int)lo, (int)(hi > s->n ? s->n : hi), loc);
    if (i == -2) return NULL;
    if (i < 0) {
        StrBuf b = {0};
        value_repr(I, &b, args->pos[0]);
        if (self->kind == V_TUPLE)
            interp_raise(I, loc, "ValueError", "tuple.index(x): x not in tuple");
        else
            interp_raise(I, loc, "ValueError", "%s is not in list", sb_str(&b));
        sb_free(&b);
        return NULL;
    }
    return v_int(I, i);
}

static Value *m_seq_count(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "count", 1, 1, loc)) return NULL;
    Seq *s = SELF_SEQ(self);
    SEQ_READ(I, s);
    if (s->poisoned) return poisoned_value(I, loc);
    int64_t n = 0;
    for (int i = 0; i < s->n; i++) {
        Value *e = values_eq(I, s->v[i], args->pos[0], loc);
        if (!e) return NULL;
        Tri t = truth_of(I, e, loc);
        if (t == TRI_UNKNOWN) return NULL;
        n += t == TRI_TRUE;
    }
    return v_int(I, n);
}

static Value *m_list_remove(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "remove", 1, 1, loc)) return NULL;
    Seq *s = SELF_SEQ(self);
    SEQ_READ(I, s);
    if (!SEQ_WRITE(I, s, loc)) return NULL;
    if (s->poisoned) return poisoned_value(I, loc);
    int i = seq_find(I, s, args->pos[0], 0, s->n, loc);
    if (i == -2) return NULL;
    if (i < 0) {
        interp_raise(I, loc, "ValueError", "list.remove(x): x not in list");
        return NULL;
    }
    seq_remove(s, i);
    return v_none();
}

static Value *m_list_copy(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "copy", 0, 0, loc)) return NULL;
    Seq *s = SELF_SEQ(self);
    SEQ_READ(I, s);
    if (s->poisoned) return poisoned_value(I, loc);
    Value *r = self->kind == V_SET ? v_set(I) : v_list(I, s->n);
    if (self->kind == V_SET)
        for (int i = 0; i < s->n; i++) seq_append(I, &r->u.seq, s->v[i]);
    else
        for (int i = 0; i < s->n; i++) r->u.seq.v[i] = s->v[i];
    return r;
}

static Value *m_list_clear(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "clear", 0, 0, loc)) return NULL;
    if (!SEQ_WRITE(I, SELF_SEQ(self), loc)) return NULL;
    SELF_SEQ(self)->n = 0;
    return v_none();
}

static Value *m_list_reverse(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "reverse", 0, 0, loc)) return NULL;
    Seq *s = SELF_SEQ(self);
    if (!SEQ_WRITE(I, s, loc)) return NULL;
    for (int i = 0, j = s->n - 1; i < j; i++, j--) {
        Value *t = s->v[i];
        s->v[i] = s->v[j];
        s->v[j] = t;
    }
    return v_none();
}

static Value *m_list_sort(Interp *I, Value *self, CallArgs *args, Loc loc) {
    static const char *const params[] = {"*key", "reverse", NULL};
    Value *a[2];
    if (!interp_bind(I, args, loc, "sort", params, 0, a)) return NULL;
    Seq *s = SELF_SEQ(self);
    SEQ_READ(I, s);
    if (!SEQ_WRITE(I, s, loc)) return NULL;
    if (s->poisoned) return poisoned_value(I, loc);
    bool rev;
    if (!truthy_kw(I, a[1], loc, &rev)) return NULL;
    return sort_values(I, s->v, s->n, a[0], rev, loc) ? v_none() : NULL;
}

#define SELF_DICT(s) (&(s)->u.dict)

static bool dict_key(Interp *I, Value *key, Loc loc) {
    bool hashable;
    if (value_key_ok(key, &hashable)) return true;
    if (!hashable)
        interp_raise(I, loc, "TypeError", "unhashable type: '%s'", value_type_name(key));
    else
        interp_abort(I, loc, "dict access with a symbolic or unknown key is not modelled");
    return false;
}

static Value *m_dict_get(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "get", 1, 2, loc)) return NULL;
    Dict *d = SELF_DICT(self);
    container_read(I, &d->rd);
    if (d->poisoned) return poisoned_value(I, loc);
    if (!dict_key(I, args->pos[0], loc)) return NULL;
    Value *v = dict_get(d, args->pos[0]);
    return v ? v : args->npos == 2 ? args->pos[1] : v_none();
}

static Value *dict_view(Interp *I, Value *self, CallArgs *args, Loc loc, int what) {
    if (!nargs(I, args, what == 0 ? "keys" : what == 1 ? "values" : "items", 0, 0, loc)) return NULL;
    Dict *d = SELF_DICT(self);
    container_read(I, &d->rd);
    if (d->poisoned) {
        interp_abort(I, loc, "a dict modified in a loop over a symbolic range is not modelled");
        return NULL;
    }
    Value *r = v_list(I, d->n);
    for (int i = 0; i < d->n; i++) {
        if (what == 0) {
            r->u.seq.v[i] = d->v[i].key;
        } else if (what == 1) {
            r->u.seq.v[i] = d->v[i].value;
        } else {
            Value *t = v_tuple(I, 2);
            t->u.seq.v[0] = d->v[i].key;
            t->u.seq.v[1] = d->v[i].value;
            r->u.seq.v[i] = t;
        }
    }
    return r;
}

static Value *m_dict_keys(Interp *I, Value *self, CallArgs *args, Loc loc) { return dict_view(I, self, args, loc, 0); }
static Value *m_dict_values(Interp *I, Value *self, CallArgs *args, Loc loc) { return dict_view(I, self, args, loc, 1); }
static Value *m_dict_items(Interp *I, Value *self, CallArgs *args, Loc loc) { return dict_view(I, self, args, loc, 2); }

static Value *m_dict_setdefault(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "setdefault", 1, 2, loc)) return NULL;
    Dict *d = SELF_DICT(self);
    container_read(I, &d->rd);
    if (d->poisoned) return poisoned_value(I, loc);
    if (!dict_key(I, args->pos[0], loc)) return NULL;
    Value *v = dict_get(d, args->pos[0]);
    if (v) return v;
    if (!container_write(I, d->born, d->rd, &d->poisoned, loc)) return NULL;
    v = args->npos == 2 ? args->pos[1] : v_none();
    dict_set(I, d, args->pos[0], v);
    return v;
}

static Value *m_dict_update(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (args->npos > 1) {
        interp_raise(I, loc, "TypeError", "update expected at most 1 argument, got %d", args->npos);
        return NULL;
    }
    Dict *d = SELF_DICT(self);
    if (!container_write(I, d->born, d->rd, &d->poisoned, loc)) return NULL;
    if (args->npos && !dict_update_from(I, d, args->pos[0], loc)) return NULL;
    for (int i = 0; i < args->nkw; i++) dict_set_str(I, d, args->kwnames[i], args->kw[i]);
    return v_none();
}

static Value *m_dict_pop(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "pop", 1, 2, loc)) return NULL;
    Dict *d = SELF_DICT(self);
    container_read(I, &d->rd);
    if (d->poisoned) return poisoned_value(I, loc);
    if (!dict_key(I, args->pos[0], loc)) return NULL;
    Value *v = dict_get(d, args->pos[0]);
    if (!v) {
        if (args->npos == 2) return args->pos[1];
        StrBuf b = {0};
        value_repr(I, &b, args->pos[0]);
        interp_raise(I, loc, "KeyError", "%s", sb_str(&b));
        sb_free(&b);
        return NULL;
    }
    if (!container_write(I, d->born, d->rd, &d->poisoned, loc)) return NULL;
    dict_del(d, args->pos[0]);
    return v;
}

static Value *m_dict_copy(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "copy", 0, 0, loc)) return NULL;
    Dict *d = SELF_DICT(self);
    container_read(I, &d->rd);
    if (d->poisoned) return poisoned_value(I, loc);
    Value *r = v_dict(I);
    dict_copy(I, &r->u.dict, d);
    return r;
}

static Value *m_dict_clear(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "clear", 0, 0, loc)) return NULL;
    Dict *d = SELF_DICT(self);
    if (!container_write(I, d->born, d->rd, &d->poisoned, loc)) return NULL;
    d->n = 0;
    if (d->icap) memset(d->index, 0, (size_t)d->icap * sizeof(int32_t));
    return v_none();
}

static Value *m_set_add(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "add", 1, 1, loc)) return NULL;
    if (!SEQ_WRITE(I, SELF_SEQ(self), loc)) return NULL;
    return set_add(I, self, args->pos[0], loc) ? v_none() : NULL;
}

static Value *m_set_update(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!no_kw(I, args, "update", loc)) return NULL;
    if (!SEQ_WRITE(I, SELF_SEQ(self), loc)) return NULL;
    for (int k = 0; k < args->npos; k++) {
        Value *items = items_of(I, args->pos[k], loc);
        if (!items) return NULL;
        for (int i = 0; i < items->u.seq.n; i++)
            if (!set_add(I, self, items->u.seq.v[i], loc)) return NULL;
    }
    return v_none();
}

static Value *set_remove_impl(Interp *I, Value *self, CallArgs *args, Loc loc, bool must) {
    if (!nargs(I, args, must ? "remove" : "discard", 1, 1, loc)) return NULL;
    Seq *s = SELF_SEQ(self);
    SEQ_READ(I, s);
    if (!SEQ_WRITE(I, s, loc)) return NULL;
    for (int i = 0; i < s->n; i++)
        if (value_equal(s->v[i], args->pos[0])) {
            seq_remove(s, i);
            return v_none();
        }
    if (must) {
        StrBuf b = {0};
        value_repr(I, &b, args->pos[0]);
        interp_raise(I, loc, "KeyError", "%s", sb_str(&b));
        sb_free(&b);
        return NULL;
    }
    return v_none();
}

static Value *m_set_remove(Interp *I, Value *self, CallArgs *args, Loc loc) { return set_remove_impl(I, self, args, loc, true); }
static Value *m_set_discard(Interp *I, Value *self, CallArgs *args, Loc loc) { return set_remove_impl(I, self, args, loc, false); }

static Value *set_binary(Interp *I, Value *self, CallArgs *args, Loc loc, BinOpKind op) {
    Value *acc = self;
    for (int k = 0; k < args->npos; k++) {
        Value *other = args->pos[k];
        if (other->kind != V_SET) {
            CallArgs a = {0};
            a.pos = &other;
            a.npos = 1;
            other = bi_set(I, NULL, &a, loc);
            if (!other) return NULL;
        }
        acc = interp_binop(I, op, acc, other, loc);
        if (!acc) return NULL;
    }
    if (acc == self) {
        CallArgs a = {0};
        return m_list_copy(I, self, &a, loc);
    }
    return acc;
}

static Value *m_set_union(Interp *I, Value *self, CallArgs *args, Loc loc) { return set_binary(I, self, args, loc, OP_BITOR); }
static Value *m_set_intersection(Interp *I, Value *self, CallArgs *args, Loc loc) { return set_binary(I, self, args, loc, OP_BITAND); }
static Value *m_set_difference(Interp *I, Value *self, CallArgs *args, Loc loc) { return set_binary(I, self, args, loc, OP_SUB); }

static Value *m_set_issubset(Interp *I, Value *self, CallArgs *args, Loc loc) {
    if (!nargs(I, args, "issubset", 1, 1, loc)) return NULL;
    Value *items = items_of(I, args->pos[0], loc);
    if (!items) return NULL;
    for (int i = 0; i < self->u.seq.n; i++) {
        bool found = false;
        for (int j = 0; j < items->u.seq.n && !found; j++) found = value_equal(self->u.seq.v[i], items->u.seq.v[j]);
        if (!found) return v_false();
    }
    return v_true();
}

const MethodDef list_methods[] = {
    {"append", m_list_append}, {"extend", m_list_extend}, {"insert", m_list_insert}, {"pop", m_list_pop},
    {"index", m_seq_index},    {"count", m_seq_count},    {"remove", m_list_remove}, {"copy", m_list_copy},
    {"clear", m_list_clear},   {"reverse", m_list_reverse}, {"sort", m_list_sort},
};
const int list_methods_n = (int)KCV_ARRAY_LEN(list_methods);

const MethodDef dict_methods[] = {
    {"get", m_dict_get},     {"items", m_dict_items}, {"keys", m_dict_keys}, {"values", m_dict_values},
    {"setdefault", m_dict_setdefault}, {"update", m_dict_update}, {"pop", m_dict_pop}, {"copy", m_dict_copy},
    {"clear", m_dict_clear},
};
const int dict_methods_n = (int)KCV_ARRAY_LEN(dict_methods);

const MethodDef set_methods[] = {
    {"add", m_set_add},     {"update", m_set_update}, {"remove", m_set_remove}, {"discard", m_set_discard},
    {"union", m_set_union}, {"intersection", m_set_intersection}, {"difference", m_set_difference},
    {"copy", m_list_copy},  {"clear", m_list_clear},  {"issubset", m_set_issubset},
};
const int set_methods_n = (int)KCV_ARRAY_LEN(set_methods);

const MethodDef tuple_methods[] = {{"index", m_seq_index}, {"count", m_seq_count}};
const int tuple_methods_n = (int)KCV_ARRAY_LEN(tuple_methods);

static Value *find_method(Interp *I, Value *obj, const char *name, const MethodDef *defs, const char **interned, int n) {
    for (int i = 0; i < n; i++)
        if (interned[i] == name) return v_builtin(I, defs[i].name, defs[i].fn, obj, NULL);
    return NULL;
}

Value *builtin_type_method(Interp *I, Value *obj, const char *name) {
    const EvalAtoms *at = I->atoms;
    switch (obj->kind) {
    case V_LIST: return find_method(I, obj, name, list_methods, at->list_m, list_methods_n);
    case V_DICT: return find_method(I, obj, name, dict_methods, at->dict_m, dict_methods_n);
    case V_SET: return find_method(I, obj, name, set_methods, at->set_m, set_methods_n);
    case V_TUPLE: return find_method(I, obj, name, tuple_methods, at->tuple_m, tuple_methods_n);
    case V_STR: return find_method(I, obj, name, str_methods, at->str_m, str_methods_n);
    case V_NONE: case V_BOOL: case V_INT: case V_FLOAT: case V_SLICE: case V_RANGE: case V_FUNCTION:
    case V_BUILTIN: case V_BOUND: case V_MODULE: case V_CLASS: case V_INSTANCE: case V_OBJECT:
    case V_UNKNOWN:
    default: return NULL;
    }
}

/* ---- atoms ----------------------------------------------------------------------------------- */

static const char **intern_table(Interner *in, const MethodDef *defs, int n) {
    const char **t = kcv_calloc((size_t)n + 1, sizeof(char *));
    for (int i = 0; i < n; i++) t[i] = intern_cstr(in, defs[i].name);
    return t;
}

EvalAtoms *atoms_new(Interner *in) {
    EvalAtoms *a = kcv_calloc(1, sizeof *a);
#define X(field, text) a->field = intern_cstr(in, text);
    EVAL_ATOM_LIST(X)
#undef X
    a->list_m = intern_table(in, list_methods, list_methods_n);
    a->dict_m = intern_table(in, dict_methods, dict_methods_n);
    a->set_m = intern_table(in, set_methods, set_methods_n);
    a->tuple_m = intern_table(in, tuple_methods, tuple_methods_n);
    a->str_m = intern_table(in, str_methods, str_methods_n);
    static const char *const dunders[13] = {"add", "sub", "mul", "matmul", "truediv", "mod", "pow",
                                            "lshift", "rshift", "or", "xor", "and", "floordiv"};
    for (int i = 0; i < 13; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "__%s__", dunders[i]);
        a->binop_dunder[i] = intern_cstr(in, buf);
        snprintf(buf, sizeof buf, "__r%s__", dunders[i]);
        a->rbinop_dunder[i] = intern_cstr(in, buf);
        snprintf(buf, sizeof buf, "__i%s__", dunders[i]);
        a->ibinop_dunder[i] = intern_cstr(in, buf);
    }
    return a;
}

void atoms_free(EvalAtoms *a) {
    if (!a) return;
    kcv_free(a->list_m);
    kcv_free(a->dict_m);
    kcv_free(a->set_m);
    kcv_free(a->tuple_m);
    kcv_free(a->str_m);
    kcv_free(a);
}

/* ---- the module --------------------------------------------------------------------------------- */

static const MethodDef builtin_functions[] = {
    {"len", bi_len},           {"range", bi_range},       {"min", bi_min},           {"max", bi_max},
    {"abs", bi_abs},           {"sum", bi_sum},           {"any", bi_any},           {"all", bi_all},
    {"int", bi_int},           {"float", bi_float},       {"bool", bi_bool},         {"str", bi_str},
    {"repr", bi_repr},         {"tuple", bi_tuple},       {"list", bi_list},         {"dict", bi_dict},
    {"set", bi_set},           {"frozenset", bi_set},     {"enumerate", bi_enumerate}, {"zip", bi_zip},
    {"reversed", bi_reversed}, {"sorted", bi_sorted},     {"isinstance", bi_isinstance},
    {"issubclass", bi_issubclass}, {"type", bi_type},     {"getattr", bi_getattr},   {"setattr", bi_setattr},
    {"hasattr", bi_hasattr},   {"delattr", bi_delattr},   {"round", bi_round},       {"divmod", bi_divmod},
    {"pow", bi_pow},           {"print", bi_print},       {"iter", bi_iter},         {"next", bi_next},
    {"map", bi_map},           {"filter", bi_filter},     {"id", bi_id},             {"hash", bi_hash},
    {"callable", bi_callable}, {"chr", bi_chr},           {"ord", bi_ord},           {"hex", bi_hex},
    {"oct", bi_oct},           {"bin", bi_bin},           {"format", bi_format},     {"super", bi_super},
    {"slice", bi_slice},       {"object", bi_object},     {"staticmethod", bi_staticmethod},
    {"classmethod", bi_classmethod}, {"property", bi_property}, {"vars", bi_vars},
    {"open", bi_not_modelled}, {"input", bi_not_modelled}, {"eval", bi_not_modelled}, {"exec", bi_not_modelled},
    {"compile", bi_not_modelled}, {"__import__", bi_not_modelled}, {"globals", bi_not_modelled},
    {"locals", bi_not_modelled}, {"exit", bi_exit},       {"quit", bi_exit},
};

Value *builtins_module(Interp *I) {
    Value *m = v_module(I, "builtins");
    Dict *g = &m->u.module.globals;
    for (size_t i = 0; i < KCV_ARRAY_LEN(builtin_functions); i++) {
        const char *name = intern_cstr(I->names, builtin_functions[i].name);
        dict_set_str(I, g, name, v_builtin(I, name, builtin_functions[i].fn, NULL, NULL));
    }
    /* exception classes */
    Value *init = v_builtin(I, "__init__", exc_init, NULL, NULL);
    for (size_t i = 0; i < KCV_ARRAY_LEN(exception_tree); i++) {
        const char *name = intern_cstr(I->names, exception_tree[i][0]);
        Value *cls = v_class(I, name);
        cls->u.cls.flags = CLS_EXCEPTION | CLS_BUILTIN;
        if (exception_tree[i][1]) {
            Value *base = dict_get_str(g, intern_cstr(I->names, exception_tree[i][1]));
            seq_append(I, &cls->u.cls.bases, base);
        } else {
            dict_set_str(I, &cls->u.cls.attrs, I->atoms->a_init, init);
        }
        dict_set_str(I, g, name, cls);
    }
    /* the class of object() instances, and object.__init__ for super() chains */
    Value *oc = v_class(I, "object");
    oc->u.cls.flags = CLS_BUILTIN;
    dict_set_str(I, g, intern_cstr(I->names, "__object_instance__"), oc);
    dict_set_str(I, g, intern_cstr(I->names, "__noop_init__"), v_builtin(I, "__init__", noop_init, NULL, NULL));
    dict_set_str(I, g, intern_cstr(I->names, "None"), v_none());
    dict_set_str(I, g, intern_cstr(I->names, "True"), v_true());
    dict_set_str(I, g, intern_cstr(I->names, "False"), v_false());
    dict_set_str(I, g, intern_cstr(I->names, "Ellipsis"), v_ellipsis());
    dict_set_str(I, g, intern_cstr(I->names, "NotImplemented"), v_object(I, &objtype_anycall, NULL));
    dict_set_str(I, g, intern_cstr(I->names, "__debug__"), v_true());
    return m;
}
