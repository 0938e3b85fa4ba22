/* interp_int.h - state and helpers shared by the evaluator's files; private
 * to src/eval.
 *
 * Layout of the evaluator:
 *   value.c        values, Seq/Dict, equality, repr/str
 *   env.c          local scopes (Env) and name resolution
 *   analysis.c     syntactic passes, cached per node in the SourceCache:
 *                  function scopes, loop bodies (assigned/exposed names)
 *   interp.c       setup, unwinding, truth, obligations, module execution
 *   eval_expr.c    expressions, operators
 *   eval_stmt.c    statements (except loops)
 *   eval_loop.c    for/while: unrolled or symbolic (one pass for all iterations)
 *   eval_call.c    calls, argument binding, classes and instances
 *   builtins.c     the builtins module, list/dict/set methods
 *   builtins_str.c str methods, format mini-language, f-strings
 *   lib_math.c     native modules: math, functools, itertools, operator,
 *                  dataclasses, typing, enum, os, logging, argparse, sys ...
 *   import.c       import statements, module search
 *   source_cache.c parsed files kept across runs
 *
 * Control flow inside a body is a Flow returned by every statement; Python
 * exceptions and aborted paths are I->unwind (Flow FLOW_UNWIND).
 */
#ifndef KCV_INTERP_INT_H
#define KCV_INTERP_INT_H

#include "eval.h"

/* How a statement ended. */
typedef enum Flow {
    FLOW_NORMAL,    /* next statement */
    FLOW_RETURN,    /* `return` (value in I->frame->retval) */
    FLOW_BREAK,
    FLOW_CONTINUE,
    FLOW_UNWIND,    /* I->unwind is RAISE or ABORT */
} Flow;

/* ---- interned names ---------------------------------------------------- */

#define EVAL_ATOM_LIST(X)                                                        \
    X(a_init, "__init__") X(a_name, "__name__") X(a_file, "__file__")             \
    X(a_package, "__package__") X(a_path, "__path__") X(a_all, "__all__")         \
    X(a_enter, "__enter__") X(a_exit, "__exit__") X(a_call, "__call__")           \
    X(a_len, "__len__") X(a_bool, "__bool__") X(a_getitem, "__getitem__")         \
    X(a_setitem, "__setitem__") X(a_contains, "__contains__") X(a_iter, "__iter__") \
    X(a_next, "__next__") X(a_str, "__str__") X(a_repr, "__repr__")               \
    X(a_eq, "__eq__") X(a_ne, "__ne__") X(a_lt, "__lt__") X(a_le, "__le__")       \
    X(a_gt, "__gt__") X(a_ge, "__ge__") X(a_hash, "__hash__")                     \
    X(a_neg, "__neg__") X(a_pos, "__pos__") X(a_invert, "__invert__")             \
    X(a_class, "__class__") X(a_dict, "__dict__") X(a_doc, "__doc__")             \
    X(a_module, "__module__") X(a_qualname, "__qualname__")                       \
    X(a_annotations, "__annotations__") X(a_dc_fields, "__dataclass_fields__")    \
    X(a_post_init, "__post_init__") X(a_args, "args") X(a_self, "self")           \
    X(a_value, "value") X(a_name_attr, "name") X(a_shape, "shape")                \
    X(a_main, "__main__") X(a_builtins, "builtins") X(a_getattr, "__getattr__")   \
    X(a_default, "default") X(a_default_factory, "default_factory")              \
    X(a_init_kw, "init") X(a_start, "start") X(a_stop, "stop") X(a_step, "step")  \
    X(a_real, "real") X(a_imag, "imag") X(a_members, "__members__")               \
    X(a_fget, "fget") X(a_mro, "__mro__") X(a_bases, "__bases__")                 \
    X(a_key, "key") X(a_reverse, "reverse") X(a_sep, "sep") X(a_end, "end")       \
    X(a_func, "func") X(a_keywords, "keywords") X(a_environ, "environ")          \
    X(a_version_info, "version_info")

typedef struct EvalAtoms {
#define X(field, text) const char *field;
    EVAL_ATOM_LIST(X)
#undef X
    /* method names of builtin types: interned names parallel to the tables */
    const char **list_m, **dict_m, **str_m, **set_m, **tuple_m;
    const char *binop_dunder[13], *rbinop_dunder[13], *ibinop_dunder[13];
} EvalAtoms;

EvalAtoms *atoms_new(Interner *in);
void atoms_free(EvalAtoms *a);

/* ---- per-node analyses (analysis.c) ------------------------------------ */

/* Names of a function body (computed once per def, kept in the cache). */
typedef struct ScopeInfo {
    const char **locals;      /* assigned in the body or parameters, not global/nonlocal */
    int nlocals;
    const char **globals;     /* declared `global` */
    int nglobals;
    const char **nonlocals;   /* declared `nonlocal` */
    int nnonlocals;
    bool is_generator;        /* contains yield */
    bool has_nested;          /* contains a def, lambda, class or comprehension:
                                 a closure may keep the activation's Env */
} ScopeInfo;

/* A name assigned in a loop body, and what one symbolic pass may do with it. */
typedef enum CarryKind {
    CARRY_OTHER,       /* anything else: unknown, or unroll the loop */
    CARRY_AFFINE,      /* x += e / x -= e / x = x + e, once, unconditionally, e invariant */
    CARRY_AUG_ONLY,    /* every assignment is an augmented one (objects kept in place) */
    CARRY_INVARIANT,   /* x = e, once, unconditionally, e invariant */
} CarryKind;

typedef struct LoopVar {
    const char *name;
    CarryKind kind;
    bool exposed;          /* may be read in the body before it is assigned there */
    bool all_aug;          /* every assignment is an augmented one (x op= e) */
    const Node *step;      /* CARRY_AFFINE: e */
    bool negate;           /* CARRY_AFFINE: x -= e */
} LoopVar;

/* The body of a for loop (names in the scope the loop runs in). */
typedef struct LoopInfo {
    LoopVar *vars;         /* names assigned in the body (not the loop target) */
    int nvars;
    const char **targets;  /* names bound by the loop target */
    int ntargets;
    const char **appends;  /* NAME of every `NAME.append(...)` in the body, NAME
                              not assigned there: lists the loop may fill */
    int nappends;
    bool has_break, has_continue, has_return, has_yield;
} LoopInfo;

typedef struct NodeInfoMap NodeInfoMap;
void node_info_free(NodeInfoMap *m);
const ScopeInfo *analysis_scope(SourceCache *c, const Node *def);
const LoopInfo *analysis_loop(SourceCache *c, const Node *for_node);
/* The names expression `n` loads, in source order, each once (for a simple
 * statement: those of its expressions; a for/if/while: its header).
 * Returns how many; *out in arena `a`, NULL when none. */
int analysis_reads(Arena *a, const Node *n, const char ***out);
bool scope_has(const char *const *names, int n, const char *name);

/* ---- environments (env.c) ---------------------------------------------- */

struct Env {
    Env *parent;            /* lexically enclosing scope (closures) */
    const char **names;     /* interned */
    Value **vals;           /* NULL: unbound (deleted) */
    int n, cap;
    int32_t *index;         /* hash index past 12 names (slot + 1) */
    int icap;
    uint32_t born;          /* I->epoch when created */
    bool is_class;          /* a class body: invisible to nested functions */
    bool is_comp;           /* a comprehension */
    int own_cap;            /* slots of the arrays allocated with the Env (0: none) */
    Env *next_free;         /* in I->free_envs */
};

/* A new scope with room for `nslots` names before it grows. */
Env *env_new(Interp *I, Env *parent, int nslots);
/* Gives back the Env of a finished activation that nothing refers to
 * (no closure was made in it): the next env_new of its size reuses it. */
void env_release(Interp *I, Env *e);
Value **env_slot(Env *e, const char *name);        /* NULL: never bound here */
Value *env_get(Env *e, const char *name);          /* NULL: not bound */
void env_set(Interp *I, Env *e, const char *name, Value *v);

/* Names in the current frame (Python's LEGB rules). */
Value *name_load(Interp *I, const char *name, Loc loc);      /* NULL: raised */
bool name_store(Interp *I, const char *name, Value *v, Loc loc);
bool name_delete(Interp *I, const char *name, Loc loc);
/* The binding of `name` in the current frame's own scope (no fallback to
 * enclosing scopes or builtins); NULL if unbound.  Used by loops. */
Value *name_peek_local(Interp *I, const char *name);
void name_set_local(Interp *I, const char *name, Value *v);

/* ---- mutation tracking in symbolic loops (eval_loop.c) ---------------- */

/* Reading / writing a mutable container (the bookkeeping of Seq/Dict).
 * container_write returns false after aborting the path. */
static inline void container_read(Interp *I, uint32_t *rd) {
    if (I->symloops) *rd = I->epoch;
}
bool container_write_slow(Interp *I, uint32_t born, uint32_t rd, bool *poisoned, Loc loc);
static inline bool container_write(Interp *I, uint32_t born, uint32_t rd, bool *poisoned, Loc loc) {
    return I->symloops == 0 || container_write_slow(I, born, rd, poisoned, loc);
}
#define SEQ_READ(I, s) container_read((I), &(s)->rd)
/* Any write also drops what is known of a list a symbolic loop filled
 * (Seq.sym) and poisons a shared one (Seq.shared); inside symbolic loops,
 * it is counted (Seq.writes). */
bool seq_write_slow(Interp *I, Seq *s, Loc loc);
#define SEQ_WRITE(I, s, loc) \
    ((s)->sym = NULL, ((I)->symloops == 0 && !(s)->shared) || seq_write_slow((I), (s), (loc)))
Value *poisoned_value(Interp *I, Loc loc);
/* The line of the innermost symbolic loop (for messages), and its epoch:
 * containers and scopes born before it predate it. */
int symloop_line(Interp *I);
uint32_t symloop_epoch(Interp *I);
/* A symbolic decision on `cond` is being made: counted by every symbolic
 * loop whose index it may depend on (LoopCtx.index_decisions). */
void symloop_note_decision(Interp *I, const Value *cond);
/* Lists filled by a symbolic loop (Seq.sym): t[key] (bounds decided as
 * Python's IndexError), and len(t) is sym->len. */
Value *seq_sym_getitem(Interp *I, Value *list, Value *key, Loc loc);

/* ---- values (value.c) ---------------------------------------------------- */

Value *v_function(Interp *I);
Value *v_class(Interp *I, const char *name);
Value *v_instance(Interp *I, Value *cls);
Value *v_bound(Interp *I, Value *self, Value *func);
Value *v_str_interned(Interp *I, const char *interned);   /* no copy */
bool seq_init_cap(Interp *I, Seq *s, int cap);
void seq_insert(Interp *I, Seq *s, int at, Value *v);
void seq_remove(Seq *s, int at);
bool dict_del(Dict *d, const Value *key);
int dict_find(const Dict *d, const Value *key);          /* index or -1 */
void dict_copy(Interp *I, Dict *dst, const Dict *src);
/* Whether `key` can be a dict key without symbolic comparison (concrete,
 * hashable); sets *hashable false for lists/dicts/sets. */
bool value_key_ok(const Value *key, bool *hashable);
bool value_is_str(const Value *v, const char *cstr);
size_t utf8_count(const char *s, size_t len);
/* Byte offset of code point index `cp` in s[0..len). */
size_t utf8_offset(const char *s, size_t len, size_t cp);
void float_repr(StrBuf *out, double d);

/* ---- interp.c ------------------------------------------------------------- */

Loc loc_of(Interp *I, const Node *n);      /* node_loc(I->frame, n) */
bool step(Interp *I, const Node *n);       /* counts a step; false: aborted */
Value *builtin_class(Interp *I, const char *name);
Value *exc_new(Interp *I, Value *cls, const char *msg);
void raise_value(Interp *I, Value *exc, Loc loc);
/* Propagates an unknown: a V_UNKNOWN result that keeps the first reason. */
Value *unknown_from(Interp *I, Value *u, Loc loc);
bool is_unknown(const Value *v);
Tri truth_of(Interp *I, Value *v, Loc loc);
const char *source_slice(Interp *I, const SourceFile *f, Span sp);
const SourceFile *frame_file(const Frame *f);
/* Symbolic term of an int/bool value (literal terms for concrete ones). */
SymTerm *int_term(Interp *I, const Value *v);
SymTerm *bool_term(Interp *I, const Value *v);
Value *v_bool_term(Interp *I, SymTerm *t, Loc loc);   /* NULL term -> unknown */
Value *v_int_term(Interp *I, SymTerm *t, Loc loc);
Value *bool_and_v(Interp *I, Value *a, Value *b, Loc loc);  /* both V_BOOL */
Value *bool_or_v(Interp *I, Value *a, Value *b, Loc loc);
Value *bool_not_v(Interp *I, Value *a, Loc loc);
void interp_assume(Interp *I, Value *cond, Loc loc);
/* interp_require, listing in the message of a concretely false condition
 * the integer variables expression `ve` reads in frame `vf` (NULL: none). */
Tri require_with_values(Interp *I, Value *cond, const Obligation *ob, const Frame *vf, const Node *ve);
/* "m=2, K=256": the variables `e` reads that hold concrete ints in frame f
 * (source order, each once); NULL when none. */
const char *frame_int_values(Interp *I, const Frame *f, const Node *e);

/* ---- eval_expr.c ---------------------------------------------------------- */

Value *eval_expr(Interp *I, const Node *e);
Value *eval_const(Interp *I, const ConstValue *c, Loc loc);

/* What the evaluator works out once per AST node and interpreter (a
 * literal's value: literals are immutable; a model assert's rule id): an
 * open-addressing map from the node to it. */
struct NodeMemo {
    const void **keys;
    void **vals;
    int n, cap;            /* cap: 0 or a power of two */
};
void *node_memo_get(const NodeMemo *m, const void *key);   /* NULL: none */
void node_memo_put(NodeMemo *m, const void *key, void *val);
void node_memo_free(NodeMemo *m);
bool assign_target(Interp *I, const Node *target, Value *v);
bool delete_target(Interp *I, const Node *target);
/* Python `==` as a value (maybe symbolic bool); NULL: unwinding. */
Value *values_eq(Interp *I, Value *a, Value *b, Loc loc);
Value *int_binop(Interp *I, BinOpKind op, Value *a, Value *b, Loc loc);
/* a // b without the div-by-zero obligation (already discharged). */
Value *int_floordiv_unchecked(Interp *I, Value *a, Value *b, Loc loc);
/* interp_binop with the right operand's node (named in div-by-zero messages). */
Value *binop_at(Interp *I, BinOpKind op, Value *a, Value *b, Loc loc, const Node *rhs);
Value *int_cmp(Interp *I, CmpOpKind op, Value *a, Value *b, Loc loc);
/* min/max of ints as an ite term when symbolic. */
Value *int_minmax(Interp *I, Value *a, Value *b, bool is_max, Loc loc);
Value *make_slice(Interp *I, Value *lo, Value *hi, Value *st);
/* Resolves a concrete slice against a length: start, stop, step, count. */
bool slice_indices(Interp *I, Value *slice, int64_t len, int64_t *start, int64_t *stop,
                   int64_t *stepv, int64_t *count, Loc loc);
Value *seq_getitem(Interp *I, Value *obj, Value *key, Loc loc);
Value *eval_comprehension(Interp *I, const Node *e);
Value *unpack_items(Interp *I, Value *v, Loc loc);  /* tuple/list of items, NULL: unwinding/aborted */

/* ---- eval_stmt.c ---------------------------------------------------------- */

Flow exec_block(Interp *I, const NodeList *body);
Flow exec_stmt(Interp *I, const Node *s);
Value *make_function(Interp *I, const Node *def, const char *name);

/* ---- eval_loop.c ---------------------------------------------------------- */

Flow exec_for(Interp *I, const Node *s);
Flow exec_while(Interp *I, const Node *s);
/* Trip count of a range (int value); NULL when unwinding. */
Value *range_len(Interp *I, Value *r, Loc loc);

/* ---- eval_call.c ---------------------------------------------------------- */

Value *eval_call(Interp *I, const Node *e);
Value *call_function(Interp *I, Value *fn, CallArgs *args, Loc loc);
Value *class_lookup(Value *cls, const char *name);    /* through the bases */
/* class_lookup that counts as a read of every class dict it visits (for
 * symbolic loops); *poisoned when one of them was modified in one. */
Value *class_lookup_tracked(Interp *I, Value *cls, const char *name, bool *poisoned);
bool class_is_subclass(Value *cls, Value *base);
Value *instance_getattr(Interp *I, Value *inst, const char *name, Loc loc, bool raise_missing);
/* A dunder method of an instance's class, bound; NULL if the class has none. */
Value *instance_method(Interp *I, Value *inst, const char *name);
Value *make_class(Interp *I, const char *name, Value **bases, int nbases, Loc loc);
Value *call_method(Interp *I, Value *obj, const char *name, int n, Value *const *args, Loc loc);

/* ---- builtins.c ------------------------------------------------------------ */

Value *builtins_module(Interp *I);
Value *builtin_type_method(Interp *I, Value *obj, const char *name);  /* NULL: none */
Value *list_from_items(Interp *I, Value *iterable, Loc loc, bool tuple);  /* NULL: unwinding */
extern const ObjType objtype_staticmethod, objtype_classmethod, objtype_property,
    objtype_anycall, objtype_partial, objtype_field;
/* A callable type value: int, str, ... (isinstance, type()). */
Value *builtin_type_of(Interp *I, const Value *v);
bool builtin_is_type(const Value *v);   /* a class or a builtin type (int, list, ...) */
bool isinstance_of(Interp *I, Value *v, Value *cls, Loc loc, bool *ok);

/* ---- builtins_str.c -------------------------------------------------------- */

/* format(v, spec) into out; false: raised (ValueError on a bad spec). */
bool format_value(Interp *I, StrBuf *out, Value *v, const char *spec, size_t speclen, Loc loc);
/* fmt % args (printf-style formatting of str). */
Value *str_percent_format(Interp *I, Value *fmt, Value *args, Loc loc);

/* ---- lib_math.c ------------------------------------------------------------ */

Value *stdlib_module(Interp *I, const char *name);    /* NULL: not one of ours */
Value *unmodelled_module(Interp *I, const char *name);
Value *math_floor_ceil(Interp *I, Value *x, int mode, Loc loc);   /* 0 floor 1 ceil 2 trunc */
Value *dataclass_apply(Interp *I, Value *cls, bool frozen, Loc loc);

/* ---- import.c --------------------------------------------------------------- */

Flow exec_import(Interp *I, const Node *s);
Flow exec_import_from(Interp *I, const Node *s);
/* Makes module `iname` from a parsed file, registers it (before its body
 * runs, as Python does) and runs its body; on failure it is unregistered
 * and NULL returned (unwinding). */
Value *run_module_file(Interp *I, const char *iname, const Node *ast, const SourceFile *file, bool is_model);
/* A module value for a parsed file (globals __name__, __file__, __package__,
 * __path__ for packages), not yet registered or run. */
Value *module_from_file(Interp *I, const char *iname, const Node *ast, const SourceFile *file, bool is_model);

/* ---- method tables (builtins.c) ------------------------------------------- */

typedef struct MethodDef {
    const char *name;
    BuiltinFn fn;
} MethodDef;
extern const MethodDef list_methods[], dict_methods[], set_methods[], tuple_methods[], str_methods[];
extern const int list_methods_n, dict_methods_n, set_methods_n, tuple_methods_n, str_methods_n;

#endif
