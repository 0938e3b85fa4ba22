/* symbolic.h - the symbolic value domain of `kcv check` (DomainOps over Z3).
 *
 * Integers are Z3 Ints (unbounded, as Python's), conditions Z3 Bools; the
 * evaluator calls the domain only for symbolic operands (domain.h).  Terms
 * are kept as a small tree of our own (SymTerm: for readable messages and
 * cheap folding) with the Z3 term beside each node (z3smt.h).
 *
 * Paths are explored by RE-EXECUTION (explore.c): the driver runs the module
 * and the kernel from scratch once per path.  Each symbolic decision is
 * either replayed from the choice prefix of the path, or, beyond it, decided
 * by asking the solver which sides are feasible under the path condition;
 * `true` is taken first and the other side, when feasible, is left pending.
 * After a run, sym_path_next backtracks to the deepest pending alternative.
 * Solver results of the shared prefix are cached across paths (the i-th
 * event of a path before its flipped decision is the i-th event of the path
 * it was derived from), so a prefix costs no solver call the second time.
 *
 * require(cond) checks path ∧ ¬cond: sat is a violation, recorded with the
 * model's value of every input and of every other constant in the
 * condition (loop indices, program ids); the condition is then assumed, so
 * later violations are independent.  Violations are deduplicated across
 * paths on (rule, location, message); the first counterexample is kept.
 *
 * Ownership: a SymDomain owns its Z3 context, its terms (freed at the start
 * of the next path) and its results (until the next sym_kernel_begin).
 */
#ifndef KCV_SYMBOLIC_H
#define KCV_SYMBOLIC_H

#include "../eval/domain.h"
#include "z3smt.h"

typedef struct SymOptions {
    unsigned timeout_ms;  /* per solver query; 0: none */
    int max_paths;        /* paths per kernel before giving up (unknown) */
} SymOptions;

enum { SYM_DEFAULT_TIMEOUT_MS = 2000, SYM_DEFAULT_MAX_PATHS = 256 };

/* One value of a counterexample: "K" = "256". */
typedef struct SymCexEntry {
    char *name;
    char *value;
} SymCexEntry;

/* A violated obligation, with the first counterexample found. */
typedef struct SymViolation {
    char *rule, *message;     /* owned copies of the obligation's strings */
    char *contract;           /* NULL when the obligation quoted none */
    Loc loc, contract_loc;
    SymCexEntry *cex;         /* inputs first (in creation order), then the
                                 loop indices in scope and the other
                                 constants of the condition */
    int ncex;
} SymViolation;

/* Something that could not be decided, and where. */
typedef struct SymUnknown {
    char *reason;
    Loc loc;
} SymUnknown;

/* ---- terms (private to src/domain) ----------------------------------------- */

typedef enum SymOp {
    SYM_CONST,     /* integer c, or boolean c (0/1) when is_bool */
    SYM_VAR,       /* a fresh constant `name` */
    SYM_ADD, SYM_SUB, SYM_MUL, SYM_FLOORDIV, SYM_MOD, SYM_NEG,
    SYM_EQ, SYM_NE, SYM_LT, SYM_LE, SYM_GT, SYM_GE,
    SYM_NOT, SYM_AND, SYM_OR,
    SYM_ITE,       /* a if x else b: x is the condition */
} SymOp;

struct SymTerm {
    SymOp op;
    bool is_bool;
    int64_t c;               /* SYM_CONST */
    const char *name;        /* SYM_VAR: display name, unique in the path */
    SymTerm *a, *b, *x;      /* operands (x: condition of SYM_ITE) */
    SmtAst *z;               /* the Z3 term */
};

/* A fresh constant of the current path. */
typedef struct SymVar {
    SymTerm *t;
    bool input;              /* a kernel input (always in counterexamples) */
} SymVar;

/* One symbolic decision of a path. */
typedef struct SymChoice {
    bool taken;              /* the side taken */
    bool pending;            /* the other side is feasible and unexplored */
} SymChoice;

/* A solver-backed event of a path (assume, require), cached for replay. */
typedef struct SymEvent {
    int ndecided;            /* decisions made before it on its path */
    char kind;               /* 'a' assume, 'r' require */
    int line, col;           /* where (a sanity check of the replay) */
    Tri result;              /* assume: TRI_FALSE = infeasible */
    bool assumed;            /* require: the condition was added to the path */
} SymEvent;

typedef struct SymDomain {
    SymOptions opt;
    Smt *smt;
    size_t kernel_mark;      /* Z3 references held before the kernel */
    Arena arena;             /* terms and names of the current path */
    Vec(SymVar) vars;        /* fresh constants of the current path, in order */
    /* exploration (explore.c) */
    Vec(SymChoice) trail;    /* choices of the current path; a prefix replays */
    int ndecided;            /* decisions made so far on the current path */
    Vec(SymEvent) events;    /* cached events; events[0..nevents) seen */
    int nevents;
    SmtAst **known;          /* open-addressing set of conditions true on
                                the path (asserted or proven): no solver */
    int known_cap, known_n;
    SmtAst *declined;        /* the condition of the last obligation that
                                fails on every input of the path: not
                                assumed (assume() of it is ignored too) */
    bool infeasible;         /* the path's assumptions exclude every input */
    Loc infeasible_loc;
    int paths;               /* paths finished for the current kernel */
    bool bound_hit;          /* stopped at opt.max_paths */
    /* results of the current kernel */
    Vec(SymViolation) violations;
    Vec(SymUnknown) unknowns;
    /* called once when an assumption makes the path infeasible (the driver
     * ends the path there) */
    void (*on_infeasible)(void *ctx, Loc loc);
    /* fills `out` with the terms of the loop indices in scope (at most
     * `max`), shown in counterexamples; NULL: none */
    int (*scope_terms)(void *ctx, SymTerm **out, int max);
    void *hook_ctx;
    /* called after each obligation reaching the domain with its result
     * (kcv run's static pre-pass records what was proven); NULL: none */
    void (*on_require)(void *ctx, const Obligation *ob, Tri result);
    void *require_ctx;
} SymDomain;

extern const DomainOps sym_domain_ops;

/* ---- lifetime ------------------------------------------------------------- */

void sym_init(SymDomain *d, const SymOptions *opt);
void sym_free(SymDomain *d);

/* A fresh integer or boolean input of the kernel (a dim, a scalar, a grid
 * size): always shown in counterexamples. */
SymTerm *sym_input(SymDomain *d, const char *name, bool is_bool);
/* Appends the term readably ("m*128 + 128", "K <= 128"). */
void sym_term_str(SymDomain *d, StrBuf *out, const SymTerm *t);

/* A model of the current path condition: the value of every input, for a
 * failure that is not an obligation (an uncaught exception).  Returns the
 * number of entries (*out: owned, free each name/value and the array);
 * 0 when the path condition has no model (or the solver gave up). */
int sym_path_counterexample(SymDomain *d, SymCexEntry **out);
void sym_cex_free(SymCexEntry *cex, int n);

/* ---- exploration (explore.c) ---------------------------------------------- */

/* Forgets the choices and results of the previous kernel. */
void sym_kernel_begin(SymDomain *d);
/* Starts a path: empty path condition, fresh terms, replay of the prefix. */
void sym_path_begin(SymDomain *d);
/* Ends the path and backtracks: true when another path is to be run;
 * false when all are done or the bound was hit (d->bound_hit). */
bool sym_path_next(SymDomain *d);

/* The domain's decisions (also reachable through sym_domain_ops). */
Tri sym_decide(SymDomain *d, const Value *cond, Loc loc);
void sym_assume(SymDomain *d, const Value *cond, Loc loc);
Tri sym_require(SymDomain *d, const Value *cond, const Obligation *ob);
/* Adds an assumption given as a term (dims >= 1, --assume). */
void sym_assume_term(SymDomain *d, SymTerm *t, Loc loc);

/* The term of a V_BOOL/V_INT (a constant term when it is concrete), or
 * NULL for other values.  Integers used as conditions mean `!= 0`. */
SymTerm *sym_cond_term(SymDomain *d, const Value *v);

/* ---- private to src/domain (symbolic.c, used by explore.c) ------------------ */

/* Records a violation (deduplicated), reading the counterexample from the
 * model of the last satisfiable check. */
void sym_record_violation(SymDomain *d, const Obligation *ob, const SymTerm *cond, bool with_model);
void sym_record_unknown(SymDomain *d, Loc loc, const char *fmt, ...) KCV_PRINTF(3, 4);
/* Frees the violations and unknowns of the current kernel. */
void sym_free_results(SymDomain *d);

#endif
