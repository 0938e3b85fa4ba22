/* value.h - the values the evaluator computes with, in every domain.
 *
 * One evaluator walks the AST; what an integer *is* depends on the domain:
 * concrete (kcv run: always a machine integer) or symbolic (kcv check: a
 * machine integer when known, else a term of the domain, e.g. a Z3 term).
 * Everything else (strings, tuples, functions, ...) is the same in all
 * domains.  NKI objects (tensors, index tiles, dtypes, buffers) are
 * V_OBJECT values whose behaviour comes from an ObjType table supplied by
 * src/nki, so the evaluator knows nothing of NKI.
 *
 * Ownership: values live in the interpreter's run arena (Interp.arena) and
 * die with it; nothing is freed one by one.  Values are immutable except
 * lists, dicts, instances, classes, modules and objects whose type says so.
 */
#ifndef KCV_VALUE_H
#define KCV_VALUE_H

#include "../front/ast.h"

typedef struct Value Value;
typedef struct Interp Interp;
typedef struct Env Env;
typedef struct SymTerm SymTerm;   /* a domain's term (opaque here) */

typedef enum ValueKind {
    V_NONE,        /* None */
    V_BOOL,        /* b.c, or symbolic b.sym */
    V_INT,         /* i.c, or symbolic i.sym (unbounded in Python; 64-bit here,
                      overflow turns into V_UNKNOWN) */
    V_FLOAT,       /* f (concrete only; symbolic floats are V_UNKNOWN) */
    V_STR,         /* str.s[0..len) UTF-8 */
    V_TUPLE,       /* seq: immutable */
    V_LIST,        /* seq: mutable */
    V_DICT,        /* dict: insertion-ordered */
    V_SET,         /* seq used as a set (small sets only) */
    V_SLICE,       /* slice(lower, upper, step): each a Value (None allowed) */
    V_RANGE,       /* range: start, stop, step ints and a RangeKind */
    V_FUNCTION,    /* a `def` or `lambda` with its closure */
    V_BUILTIN,     /* a function implemented in C, optionally bound to self */
    V_BOUND,       /* a method bound to an instance */
    V_MODULE,      /* a module: its globals */
    V_CLASS,       /* a class defined in Python */
    V_INSTANCE,    /* an instance of a V_CLASS */
    V_OBJECT,      /* a native object (NKI tensors, dtypes, ...): see ObjType */
    V_UNKNOWN,     /* poison: a value kcv cannot know; carries why and where */
} ValueKind;

/* How a range was made: the NKI iterators differ only in what they promise. */
typedef enum RangeKind {
    RANGE_PY,          /* range() */
    RANGE_AFFINE,      /* nl.affine_range: iterations independent */
    RANGE_SEQUENTIAL,  /* nl.sequential_range */
    RANGE_STATIC,      /* nl.static_range: unrolled */
} RangeKind;

typedef struct Seq {
    Value **v;
    int n, cap;
} Seq;

typedef struct DictEntry {
    Value *key, *value;
} DictEntry;

typedef struct Dict {
    DictEntry *v;
    int n, cap;
} Dict;

/* Arguments of a call, positional then keyword (names interned). */
typedef struct CallArgs {
    Value **pos;
    int npos;
    const char **kwnames;
    Value **kw;
    int nkw;
} CallArgs;

typedef Value *(*BuiltinFn)(Interp *I, Value *self, CallArgs *args, Loc loc);

/* Behaviour of a native object type; any hook may be NULL (meaning: not
 * supported, a TypeError-like diagnostic).  Hooks report their own errors
 * through the interpreter and return NULL to unwind. */
typedef struct ObjType {
    const char *name;                                    /* for messages */
    Value *(*getattr)(Interp *I, Value *self, const char *name, Loc loc);
    Value *(*call)(Interp *I, Value *self, CallArgs *args, Loc loc);
    Value *(*getitem)(Interp *I, Value *self, Value *key, Loc loc);
    bool (*setitem)(Interp *I, Value *self, Value *key, Value *v, Loc loc);
    /* Binary operator with `self` on the left (right=false) or the right. */
    Value *(*binop)(Interp *I, BinOpKind op, Value *self, Value *other, bool right, Loc loc);
    /* In-place operator (`+=`); NULL: falls back to binop. */
    Value *(*inplace)(Interp *I, BinOpKind op, Value *self, Value *other, Loc loc);
    Value *(*unary)(Interp *I, UnaryOpKind op, Value *self, Loc loc);
    Value *(*compare)(Interp *I, CmpOpKind op, Value *self, Value *other, bool right, Loc loc);
    /* Equality for dict keys / `==` when compare is NULL: pointer identity. */
    bool (*equal)(const Value *a, const Value *b);
    void (*repr)(StrBuf *out, const Value *self);
    /* Iteration (for x in obj): returns a V_TUPLE/V_LIST of items or a V_RANGE. */
    Value *(*iterate)(Interp *I, Value *self, Loc loc);
} ObjType;

struct Value {
    ValueKind kind;
    union {
        struct { int64_t c; SymTerm *sym; } i;        /* V_INT, V_BOOL (c is 0/1) */
        double f;                                     /* V_FLOAT */
        struct { const char *s; size_t len; } str;    /* V_STR */
        Seq seq;                                      /* V_TUPLE, V_LIST, V_SET */
        Dict dict;                                    /* V_DICT */
        struct { Value *lower, *upper, *step; } slice;
        struct { Value *start, *stop, *step; RangeKind kind; } range;
        struct {
            const Node *def;        /* N_FUNCTION_DEF, N_ASYNC_FUNCTION_DEF or N_LAMBDA */
            Env *closure;           /* enclosing function scopes (NULL at module level) */
            Value *module;          /* V_MODULE whose globals the body sees */
            Value **defaults;       /* one per arguments.defaults */
            Value **kw_defaults;    /* one per kwonlyargs (NULL: required) */
            const char *qualname;
            Seq decorators;         /* decorator values, outermost first (kept for
                                       kernel discovery: @nki.jit ...) */
        } fn;
        struct { const char *name; BuiltinFn fn; Value *self; void *data; } builtin;
        struct { Value *self, *func; } bound;
        struct {
            const char *name;       /* dotted module name */
            Dict globals;           /* str -> value */
            const SourceFile *file; /* NULL for native modules */
            const Node *ast;        /* N_MODULE or NULL */
            bool is_model;          /* part of kcv's NKI model: contracts live here */
        } module;
        struct { const char *name; Seq bases; Dict attrs; } cls;
        struct { Value *cls; Dict attrs; } inst;
        struct { const ObjType *type; void *data; } obj;
        struct { const char *reason; Loc loc; } unknown;
    } u;
};

/* ---- constructors (value.c) ------------------------------------------------ */

Value *v_none(void);                      /* shared singletons */
Value *v_true(void);
Value *v_false(void);
Value *v_bool(Interp *I, bool b);
Value *v_int(Interp *I, int64_t c);
Value *v_sym_int(Interp *I, SymTerm *t);  /* symbolic integer */
Value *v_sym_bool(Interp *I, SymTerm *t); /* symbolic boolean */
Value *v_float(Interp *I, double f);
Value *v_str(Interp *I, const char *s, size_t len);   /* copies */
Value *v_cstr(Interp *I, const char *s);
Value *v_tuple(Interp *I, int n);         /* n items, all NULL: fill them */
Value *v_list(Interp *I, int n);
Value *v_dict(Interp *I);
Value *v_unknown(Interp *I, Loc loc, const char *fmt, ...) KCV_PRINTF(3, 4);
Value *v_builtin(Interp *I, const char *name, BuiltinFn fn, Value *self, void *data);
Value *v_object(Interp *I, const ObjType *type, void *data);

void seq_append(Interp *I, Seq *s, Value *v);
/* Dict with Python key equality on None/bool/int/str/tuple/objects.  dict_get
 * returns NULL when absent. */
Value *dict_get(const Dict *d, const Value *key);
Value *dict_get_str(const Dict *d, const char *interned_name);
void dict_set(Interp *I, Dict *d, Value *key, Value *v);
void dict_set_str(Interp *I, Dict *d, const char *interned_name, Value *v);

bool value_is_concrete_int(const Value *v);  /* V_INT or V_BOOL without sym */
const char *value_type_name(const Value *v); /* "int", "tuple", "Tensor", ... */
/* Appends Python's repr(v); symbolic ints print their term's name or "?". */
void value_repr(Interp *I, StrBuf *out, const Value *v);
/* Appends str(v) (as print() and f-strings do). */
void value_str(Interp *I, StrBuf *out, const Value *v);

#endif
