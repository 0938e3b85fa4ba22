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
struct LoopCtx;                    /* an active loop (eval.h) */

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

/* Mutable containers (Seq, Dict) carry the bookkeeping that keeps loops
 * over symbolic ranges sound (eval_loop.c): the symbolic-loop epoch at
 * creation, the epoch of the last read inside a symbolic loop, and whether
 * the contents are unknown because a symbolic loop mutated them.  Zero
 * (created before every loop, never read) is a safe default. */
typedef struct Seq {
    Value **v;
    int n, cap;
    uint32_t born;       /* I->epoch when created */
    uint32_t rd;         /* I->epoch of the last read inside a symbolic loop */
    bool poisoned;       /* mutated in a symbolic loop: contents unknown */
    uint32_t writes;     /* writes inside symbolic loops, counting 2 for one that
                            stands for many (in a nested symbolic pass) or for
                            anything (by an unmodelled callable) */
    struct SeqSym *sym;  /* poisoned lists only: what is known of them anyway
                            (NULL: nothing); dropped by any write */
    bool shared;         /* made in a pass of a symbolic loop, it stands for the
                            list every iteration made (an item of a list the
                            loop filled): any write makes it unknown */
} Seq;

/* A list that a loop over a symbolic range filled with one append per
 * iteration (eval_loop.c): its first n0 items are v[0..n0) as before the
 * loop, then one item per iteration.  The Seq stays poisoned (code that
 * does not know this model sees an unknown list) and keeps v[n0], the
 * item of the pass, so that dropping the model leaves it as it was. */
typedef struct SeqSym {
    int n0;              /* items before the loop */
    Value *len;          /* n0 + trip count (an int value, symbolic) */
    Value *item;         /* every appended item (the same in each iteration),
                            or NULL: they differ, see `why` */
    const char *why;     /* item == NULL: why (run arena) */
    int line;            /* the loop's `for` line */
} SeqSym;

typedef struct DictEntry {
    Value *key, *value;
} DictEntry;

typedef struct Dict {
    DictEntry *v;
    int n, cap;
    int32_t *index;      /* hash index (entry + 1, 0 empty), built past 8 entries */
    int icap;            /* slots in index (power of two), 0: none */
    uint32_t born, rd;   /* as in Seq */
    bool poisoned;
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
    /* `with obj:` does nothing (e.g. nki.compiler.no_reorder()); without it
     * (and without __enter__ from getattr) a `with` on the object is unknown. */
    bool context_noop;
    /* len(obj); NULL: no len().  Returns an int value or NULL to unwind. */
    Value *(*len)(Interp *I, Value *self, Loc loc);
    /* `self` was made (or reached) in one pass of the loop over a symbolic
     * range `loop`: whether it can stand for the object every iteration
     * makes, as the item of a list the loop fills (eval_loop.c).  It must
     * not depend on the index (loop_invariant_value decides that of the
     * ints inside it) nor otherwise on the iteration, and sharing it must
     * not hide what one iteration's own object would show.  NULL: never
     * (the list's items are unknown). */
    bool (*loop_invariant)(Interp *I, Value *self, const struct LoopCtx *loop);
    /* An object that stands for one of several (an open dtype of kcv
     * check): the one it is on this path, the domain splitting the path if
     * it must; NULL while unwinding.  `is` resolves its operands first, so
     * identity is never decided on the stand-in.  NULL: an ordinary object. */
    Value *(*resolve)(Interp *I, Value *self, Loc loc);
    /* The values `self` refers to, each passed to add(w, v) (interp_reach,
     * reach.c).  NULL: an object kcv cannot see into, so nothing can be
     * known unreachable while it is reachable; obj_no_children for an
     * object that refers to no values. */
    void (*children)(Value *self, void (*add)(void *w, Value *v), void *w);
} ObjType;

void obj_no_children(Value *self, void (*add)(void *w, Value *v), void *w);

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
            const struct ScopeInfo *scope;  /* names local/global/nonlocal to the body
                                               (eval-private, cached per def) */
        } fn;
        struct {
            const char *name;
            BuiltinFn fn;
            Value *self;
            void *data;
            bool data_is_value;     /* data is a Value* (reach.c follows it) */
        } builtin;
        struct { Value *self, *func; } bound;
        struct {
            const char *name;       /* dotted module name */
            Dict globals;           /* str -> value */
            const SourceFile *file; /* NULL for native modules */
            const Node *ast;        /* N_MODULE or NULL */
            bool is_model;          /* part of kcv's NKI model: contracts live here */
            bool unmodelled;        /* every attribute is V_UNKNOWN ("'torch.x' is not modelled") */
            const char *pkg_dir;    /* a package: the folder its submodules are in */
        } module;
        struct {
            const char *name;
            Seq bases;
            Dict attrs;
            unsigned flags;         /* CLS_* below */
            Value *module;          /* defining module (V_MODULE) or NULL */
        } cls;
        struct { Value *cls; Dict attrs; } inst;
        struct { const ObjType *type; void *data; } obj;
        struct {
            const char *reason;
            Loc loc;
            /* A symbolic true quotient num / den of two ints (both set, or
             * both NULL): math.floor/ceil/int() of it are exact ints. */
            Value *num, *den;
        } unknown;
    } u;
};

/* Class flags (Value.u.cls.flags). */
enum {
    CLS_EXCEPTION = 1,   /* BaseException or a subclass */
    CLS_BUILTIN = 2,     /* a builtin class (exceptions, object, Enum) */
    CLS_DATACLASS = 4,   /* made by @dataclass */
    CLS_ENUM = 8,        /* Enum or a subclass: members are instances */
};

/* ---- constructors (value.c) ------------------------------------------------ */

Value *v_none(void);                      /* shared singletons */
Value *v_empty_str(void);   /* "" (shared: strings are immutable) */
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
/* range(start, stop, step) of any RangeKind; ints, concrete or symbolic
 * (the step must be a nonzero int; a concrete one for symbolic loops). */
Value *v_range(Interp *I, Value *start, Value *stop, Value *step, RangeKind kind);
Value *v_tuple_of(Interp *I, int n, Value *const *items);   /* copies items */
Value *v_set(Interp *I);
/* An empty native module named `name` (dotted), for NativeModuleFn hooks;
 * fill it with module_set. */
Value *v_module(Interp *I, const char *name);
void module_set(Interp *I, Value *module, const char *name, Value *v);  /* interns name */
Value *v_unknown_quotient(Interp *I, Loc loc, Value *num, Value *den);
/* The singleton Ellipsis (`...`, as in t[...]): a V_OBJECT of type "ellipsis". */
Value *v_ellipsis(void);
bool value_is_ellipsis(const Value *v);

void seq_append(Interp *I, Seq *s, Value *v);
/* Dict with Python key equality on None/bool/int/str/tuple/objects.  dict_get
 * returns NULL when absent. */
Value *dict_get(const Dict *d, const Value *key);
Value *dict_get_str(const Dict *d, const char *interned_name);
void dict_set(Interp *I, Dict *d, Value *key, Value *v);
void dict_set_str(Interp *I, Dict *d, const char *interned_name, Value *v);

bool value_is_concrete_int(const Value *v);  /* V_INT or V_BOOL without sym */
bool value_is_symbolic(const Value *v);      /* V_INT or V_BOOL with sym */
/* Python equality of two concrete values (dict keys, `in`): ints, bools and
 * floats compare by value, str by contents, tuples element-wise, objects by
 * ObjType.equal or identity.  Symbolic ints are equal only to their own term. */
bool value_equal(const Value *a, const Value *b);
const char *value_type_name(const Value *v); /* "int", "tuple", "Tensor", ... */
/* Appends Python's repr(v); symbolic ints print their term's name or "?". */
void value_repr(Interp *I, StrBuf *out, const Value *v);
/* Appends str(v) (as print() and f-strings do). */
void value_str(Interp *I, StrBuf *out, const Value *v);

#endif
