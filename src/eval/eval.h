/* eval.h - the one evaluator of kcv: walks the AST of a Python module over a
 * value domain (domain.h).  kcv check runs it over the symbolic domain,
 * kcv run over the concrete one; the NKI model (src/nki) plugs in as native
 * modules and model files written in Python whose `assert`s are contracts.
 *
 * Depends on base and front.  Knows nothing of Z3 or NKI.
 *
 * Failure, three ways (see style.md):
 *  - the user's program is wrong (TypeError, NameError, ...): a diagnostic,
 *    and the evaluation unwinds as a Python exception would (UNWIND_RAISE);
 *  - a limit is hit or a construct is unsupported: UNWIND_ABORT with a reason;
 *    the caller reports `unknown`, never `verified`;
 *  - kcv itself is wrong: assert().
 * A violated contract is none of these: the domain reports it and the
 * evaluation goes on, unless the domain stops the run there (kcv run
 * --on-violation=abort): then UNWIND_ABORT with I->stopped set, which the
 * caller reports as the violation it is, not as unknown.
 */
#ifndef KCV_EVAL_H
#define KCV_EVAL_H

#include <stdio.h>

#include "domain.h"
#include "value.h"

/* How evaluation is leaving the current code, if it is. */
typedef enum Unwind {
    UNWIND_NONE,    /* running normally */
    UNWIND_RAISE,   /* a Python exception (I->exc) propagates */
    UNWIND_ABORT,   /* give up this path: I->abort_reason (reported as unknown) */
} Unwind;

/* A contract found violated during a call of the model (see Frame.violated). */
typedef struct Violated {
    const char *rule;     /* the obligation's rule id */
    struct Violated *next;
} Violated;

/* One activation of a function or module body. */
typedef struct Frame {
    struct Frame *parent;
    Value *module;        /* whose globals are visible */
    Env *env;             /* locals (NULL for module level: globals) */
    const Node *node;     /* statement or expression being evaluated, for locations */
    const char *name;     /* function name for messages */
    bool is_model;        /* code of kcv's NKI model (contracts), not the user's */
    /* added by the evaluator */
    const struct ScopeInfo *scope;  /* a function body: its scope; NULL: module/class body */
    Value *retval;        /* value of the `return` being executed */
    Value *func;          /* the V_FUNCTION running, NULL for module/class bodies */
    Violated *violated;   /* model code the user's code called (the API call's
                             outermost model frame): the contracts found violated
                             during the call, newest first (run arena) */
} Frame;

/* A precondition the user's kernel states with `assert` on a symbolic
 * condition: the domain assumes it; the report lists it. */
typedef struct Assumption {
    const char *text;     /* the test expression exactly as written (run arena) */
    Loc loc;              /* the test expression */
} Assumption;

/* An active `for` loop, innermost first (Interp.loop): lets native code (the
 * NKI model) see the loops around a call, e.g. to check affine_range
 * independence.  Lives on the C stack of the loop's evaluation. */
typedef struct LoopCtx {
    struct LoopCtx *parent;
    const Node *node;     /* the For node */
    Loc loc;              /* its `for` line */
    RangeKind kind;       /* RANGE_PY for loops over anything but ranges */
    Value *index;         /* the current index (symbolic when `symbolic`); NULL
                             for loops over non-ranges */
    Value *trip;          /* trip count (int value), NULL for non-ranges */
    Value *items;         /* the sequence a loop over a non-range walks */
    bool symbolic;        /* one pass of the body stands for every iteration */
    uint32_t epoch;       /* symbolic: I->epoch at its start */
    int index_decisions;  /* symbolic: decisions of the pass whose condition may
                             depend on the index (iterations may differ) */
} LoopCtx;

/* Provides modules kcv models natively (nki, numpy, math, ...).  Returns
 * NULL when `name` is not one of them. */
typedef Value *(*NativeModuleFn)(Interp *I, const char *name, void *ctx);

/* Parsed files, kept across runs: kcv check re-runs a module once per path,
 * and parses each file once.  Owns its sources and ASTs (own arena). */
typedef struct SourceCache {
    Arena arena;              /* ASTs */
    Interner *names;
    Vec(SourceFile *) files;
    Vec(Node *) modules;      /* parallel to files; NULL: syntax error */
    Vec(bool) reported;       /* syntax errors already reported */
    /* added by the evaluator */
    struct EvalAtoms *atoms;  /* interned names the evaluator uses */
    struct NodeInfoMap *info; /* per-node analyses (scopes, loops), kept across runs */
    Vec(SourceFile *) texts;  /* registered texts (source_cache_add_text) */
} SourceCache;

void source_cache_init(SourceCache *c, Interner *names);
/* Returns the parsed module of `path` (reading and parsing it once), or NULL
 * when it cannot be read or does not parse (errors go to `diags` once). */
Node *source_cache_get(SourceCache *c, const char *path, DiagSink *diags, const SourceFile **file);
void source_cache_free(SourceCache *c);
/* Registers source text under `path` (tests, embedded model files): later
 * source_cache_get(path) parses it instead of reading the file. */
void source_cache_add_text(SourceCache *c, const char *path, const char *text);

typedef struct NodeMemo NodeMemo;
enum { ENV_FREE_CLASSES = 4 };

struct Interp {
    uint64_t id;              /* unique per interp_init: caches outside the
                                 interpreter tell its values from an earlier one's */
    Arena *arena;             /* values of this run */
    Interner *names;
    DiagSink *diags;
    const DomainOps *dom;
    void *dom_state;

    /* modules */
    Dict modules;             /* dotted name -> V_MODULE (loaded or being loaded) */
    Vec(const char *) search_paths;  /* import roots, in order */
    NativeModuleFn native_module;
    void *native_ctx;
    Value *builtins;          /* V_MODULE of builtins */
    SourceCache *cache;       /* parsed files (outlives the interpreter) */

    /* limits */
    long steps, max_steps;    /* statements and calls executed; budget */
    int depth, max_depth;     /* call depth */
    int max_unroll;           /* iterations a loop is unrolled before going symbolic */

    /* state */
    Frame *frame;             /* innermost frame */
    Unwind unwind;
    Value *exc;               /* the exception being raised (UNWIND_RAISE) */
    Loc exc_loc;
    const char *abort_reason; /* why the path was given up (UNWIND_ABORT) */
    Loc abort_loc;
    bool stopped;             /* the UNWIND_ABORT is the domain stopping the run at a
                                 violated obligation (DomainOps.stops), not a limit:
                                 abort_reason is "stopped at the first violation" */

    /* ---- added by the evaluator (all set up by interp_init) ---- */
    struct EvalAtoms *atoms;  /* names the evaluator looks up (from the cache) */
    FILE *print_out;          /* print() writes here; NULL (default): print does nothing */
    Vec(Assumption) assumptions;  /* the user's symbolic asserts, in order */
    LoopCtx *loop;            /* innermost active for-loop, or NULL */
    uint32_t epoch;           /* symbolic-loop epoch (see Seq.born) */
    int symloops;             /* symbolic loops active */
    Value *handling;          /* the exception an `except` block handles (bare raise) */
    Loc exc_trace[8];         /* call sites active when I->exc was raised, innermost first */
    int exc_ntrace;
    Vec(const char *) model_dirs;  /* files found under these folders are model files */
    Value **small_ints;       /* cache of ints -5..256 */
    Value **int_cache;        /* recently made other ints, direct-mapped (value.c) */
    NodeMemo *consts;         /* the value of each str/float literal, made once */
    NodeMemo *assert_rules;   /* the rule id of each model assert */
    Env *free_envs[ENV_FREE_CLASSES];  /* finished activations' scopes, by size (env.c) */
    /* Called after each iteration of a loop in the outermost frame (the
     * kernel's own body), where no value is held by the evaluator's C code
     * except what interp_reach knows of; NULL: none.  kcv run reclaims
     * the memory of tiles nothing refers to any more there. */
    void (*safepoint)(Interp *I, void *cx);
    void *safepoint_cx;
    int gc_unsafe;            /* > 0: inside a `with`, an except or a finally
                                 block: values are held where interp_reach
                                 cannot see them, no safepoint */
};

/* Every value reachable from the interpreter's state (the frames' scopes
 * and values, the modules, the active loops, the exception being handled)
 * and from roots[0..nroots), each passed once to visit(cx, v).  Returns
 * false when an object was reached that kcv cannot see into (ObjType
 * without `children`): then some values may be reachable unseen. */
bool interp_reach(Interp *I, Value *const *roots, int nroots, void (*visit)(void *cx, Value *v), void *cx);

/* Sets up an interpreter over `dom`.  `arena` holds all values; `cache` the
 * parsed files (its interner is I->names). */
void interp_init(Interp *I, Arena *arena, SourceCache *cache, DiagSink *diags,
                 const DomainOps *dom, void *dom_state);
void interp_free(Interp *I);
void interp_add_search_path(Interp *I, const char *dir);

/* Parses and executes a file as module `name` (registered in I->modules
 * before its body runs, as Python does), parsing it through I->cache;
 * a dotted name imports its parent packages first.  __name__ is `name`
 * (so `if __name__ == "__main__":` blocks do not run).  Returns the
 * V_MODULE (the cached one if `name` is loaded already), or NULL on a
 * syntax error, an exception in the module body (reported, as by
 * interp_report_uncaught), or an aborted path (I->unwind == UNWIND_ABORT,
 * not reported: the caller reports I->abort_reason as unknown). */
Value *interp_run_file(Interp *I, const char *path, const char *name, bool is_model);
/* Executes an already parsed module. */
Value *interp_run_module(Interp *I, const Node *mod, const SourceFile *file,
                         const char *name, bool is_model);
/* `import name` semantics: cached module, native module, or a file found on
 * the search paths (packages, relative imports resolved by the caller). */
Value *interp_import(Interp *I, const char *name, Loc loc);

/* Calls any callable value.  NULL when unwinding. */
Value *interp_call(Interp *I, Value *fn, CallArgs *args, Loc loc);
Value *interp_call0(Interp *I, Value *fn, Loc loc);
Value *interp_calln(Interp *I, Value *fn, int n, Value *const *pos, Loc loc);

/* Python operations, usable by native code (src/nki). */
Value *interp_getattr(Interp *I, Value *obj, const char *name, Loc loc);
Value *interp_binop(Interp *I, BinOpKind op, Value *a, Value *b, Loc loc);
Value *interp_compare(Interp *I, CmpOpKind op, Value *a, Value *b, Loc loc);
Value *interp_getitem(Interp *I, Value *obj, Value *key, Loc loc);
bool interp_setattr(Interp *I, Value *obj, const char *name, Value *v, Loc loc);
bool interp_setitem(Interp *I, Value *obj, Value *key, Value *v, Loc loc);
Value *interp_unary(Interp *I, UnaryOpKind op, Value *a, Loc loc);
/* len(v) as Python's len (an int value, maybe symbolic for ranges); NULL: unwinding. */
Value *interp_len(Interp *I, Value *v, Loc loc);
/* Whether v, made in a pass of the symbolic loop `loop`, is the same in
 * every iteration: ints and bools whose terms do not mention the index,
 * strings, floats, None, tuples of such, lists older than the loop,
 * objects their ObjType.loop_invariant accepts.  False when unsure. */
bool loop_invariant_value(Interp *I, Value *v, const LoopCtx *loop);
/* str(v) in the run arena. */
const char *interp_str(Interp *I, Value *v);
/* Truth of a value; on a symbolic condition asks the domain to decide.
 * TRI_UNKNOWN: the path was aborted (I->unwind set). */
Tri interp_truth(Interp *I, Value *v, Loc loc);
/* Iterates: materialises the items of a finite iterable (tuple, list, dict
 * keys, str, concrete range, object); NULL for a symbolic range. */
Value *interp_items(Interp *I, Value *iterable, Loc loc);
/* Integer value for an index/size: returns false (and unwinds) if not int. */
bool interp_as_int(Interp *I, Value *v, Loc loc, const char *what, Value **out);

/* Discharges an obligation on a boolean value (concrete or symbolic).
 * `ob->loc` should be interp_user_loc(I).  TRI_FALSE: violated (reported by
 * the domain); the evaluation goes on assuming the contract held, unless
 * the domain stops the run (DomainOps.stops): then I->unwind is
 * UNWIND_ABORT with I->stopped set.  When the condition is concretely
 * false, the message the domain gets ends with the integer variables of the
 * user's expression being evaluated and their values: "... (m=2, K=256)".
 * A violation inside model code is also recorded on the API call's frame
 * (interp_call_violated). */
Tri interp_require(Interp *I, Value *cond, const Obligation *ob);
/* Whether a contract of the API call running now (the outermost model
 * function the user's code called) was found violated, not counting
 * violations of rule `except_rule` (NULL: count all).  False outside model
 * code.  kcv run --on-violation=report skips the effects of such a call. */
bool interp_call_violated(Interp *I, const char *except_rule);

/* Errors in the user's program: records a diagnostic at `loc` and starts
 * unwinding with a Python exception of class `exc_class` ("TypeError", ...). */
void interp_raise(Interp *I, Loc loc, const char *exc_class, const char *fmt, ...) KCV_PRINTF(4, 5);
/* Gives up the current path as unknown: `reason` at `loc`. */
void interp_abort(Interp *I, Loc loc, const char *fmt, ...) KCV_PRINTF(3, 4);
/* After UNWIND_RAISE reached the top: records the uncaught exception as an
 * error diagnostic (code "exception", "TypeError: message") at the raise,
 * with a note per active call site.  Clears nothing. */
void interp_report_uncaught(Interp *I);
/* Whether the exception being raised is an instance of the builtin class
 * `class_name` or of a subclass ("AssertionError": the user's precondition
 * rejected the input). */
bool interp_exc_is(Interp *I, const char *class_name);
/* The message of the exception being raised ("" if none). */
const char *interp_exc_message(Interp *I);
/* Clears a raise or abort, and I->stopped (the driver, between kernels of one module). */
void interp_clear_unwind(Interp *I);
/* Files found under `dir` are NKI model files (asserts are contracts). */
void interp_add_model_dir(Interp *I, const char *dir);
/* Module name and import root of a kernel file, as Python would run it:
 * the root is the first ancestor folder without __init__.py; the name is the
 * dotted path below it ("pkg.sub.kern").  Both malloc'd (kcv_free). */
char *interp_module_name_for_path(const char *path, char **root);

/* The location of the innermost frame that is the user's code (not the
 * model's): where contract violations are reported. */
Loc interp_user_loc(Interp *I);
Loc node_loc(const Frame *f, const Node *n);

/* Argument binding helper for native functions: matches `args` against
 * parameter names (positional-or-keyword, in order); a name starting with
 * '*' ends the positional ones (keyword-only follow): "*" alone is only a
 * marker (its slot stays NULL), "*dtype" is the keyword-only parameter
 * "dtype".  out[i] receives the value of params[i]; missing optional
 * parameters get NULL.  Reports TypeError and returns false on mismatch.
 * `params` must be an ARRAY (the macro counts it; a NULL entry also ends
 * it), and `out` must have a slot per parameter before that end. */
bool interp_bind_n(Interp *I, CallArgs *args, Loc loc, const char *fname,
                   const char *const *params, int nparams, int nrequired, Value **out);
#define interp_bind(I, args, loc, fname, params, nrequired, out)                              \
    interp_bind_n((I), (args), (loc), (fname), (params), (int)(sizeof(params) / sizeof((params)[0])), \
                  (nrequired), (out))

#endif
