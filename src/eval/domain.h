/* domain.h - what a value domain must provide to the evaluator.
 *
 * The evaluator computes concretely whenever all operands are concrete; it
 * calls the domain only for symbolic operands and for the three decisions
 * that depend on the domain:
 *   decide  - which way a branch on a condition goes (the symbolic domain
 *             may explore both ways, by re-running the kernel);
 *   assume  - the kernel's own `assert`: narrows the inputs considered;
 *   require - a contract obligation (NKI model asserts, host-arithmetic
 *             checks): proven, violated (with a counterexample), or unknown.
 * The concrete domain (kcv run) never sees a symbolic term: its decide and
 * assume just read the boolean, and require reports a runtime violation;
 * it may ask the evaluator to stop the run there (`stops`).
 *
 * Terms (SymTerm) are owned by the domain; they live until the domain's
 * state is freed.
 */
#ifndef KCV_DOMAIN_H
#define KCV_DOMAIN_H

#include "value.h"

/* A contract to be discharged.  The strings live at least as long as the run. */
typedef struct Obligation {
    const char *rule;      /* stable rule id: "bounds", "partition-limit",
                              "div-by-zero", "int-range", ... */
    const char *message;   /* the violation, in words (symbolic values named) */
    Loc loc;               /* where, in the user's kernel (the call site) */
    const char *contract;  /* the contract's text, quoted in a note
                              (e.g. "assert k <= pmax" from the model) */
    Loc contract_loc;      /* where the contract is written (model file), or none */
} Obligation;

/* Result of an obligation or decision. */
typedef enum Tri { TRI_FALSE = 0, TRI_TRUE = 1, TRI_UNKNOWN = -1 } Tri;

typedef struct DomainOps {
    const char *name;                        /* "concrete", "symbolic" */

    /* Terms.  Any of these may return NULL: the operation is outside what the
     * domain represents, and the evaluator makes the result V_UNKNOWN. */
    SymTerm *(*int_lit)(void *d, int64_t c);
    SymTerm *(*bool_lit)(void *d, bool b);
    /* ADD SUB MULT FLOORDIV MOD (Python signs), POW, LSHIFT, RSHIFT,
     * BITAND, BITOR, BITXOR on integers. */
    SymTerm *(*int_binop)(void *d, BinOpKind op, SymTerm *a, SymTerm *b);
    SymTerm *(*int_neg)(void *d, SymTerm *a);
    /* EQ NOTEQ LT LTE GT GTE on integers; a boolean term. */
    SymTerm *(*int_cmp)(void *d, CmpOpKind op, SymTerm *a, SymTerm *b);
    SymTerm *(*bool_not)(void *d, SymTerm *a);
    SymTerm *(*bool_and)(void *d, SymTerm *a, SymTerm *b);
    SymTerm *(*bool_or)(void *d, SymTerm *a, SymTerm *b);
    /* if c then a else b (both ints or both bools). */
    SymTerm *(*ite)(void *d, SymTerm *c, SymTerm *a, SymTerm *b);
    /* A fresh unconstrained input: an integer (dims, scalars, loop indices)
     * or a boolean.  `name` is shown in counterexamples. */
    SymTerm *(*fresh)(void *d, const char *name, bool is_bool);
    /* Appends a readable form of the term ("K", "m*128 + 128"). */
    void (*term_str)(void *d, StrBuf *out, SymTerm *t);
    /* Whether term t may depend on `var`, a term `fresh` made: false only
     * when var does not occur in t (true when unsure).  NULL: the evaluator
     * assumes every term may depend on every fresh constant. */
    bool (*mentions)(void *d, SymTerm *t, SymTerm *var);

    /* Decisions; `cond` is a V_BOOL (concrete or symbolic). */
    Tri (*decide)(void *d, const Value *cond, Loc loc);
    void (*assume)(void *d, const Value *cond, Loc loc);
    Tri (*require)(void *d, const Value *cond, const Obligation *ob);
    /* Optional (NULL: never).  Asked after `require` returned TRI_FALSE:
     * true stops the run at this violation (kcv run --on-violation=abort);
     * the evaluator then unwinds (UNWIND_ABORT with I->stopped set). */
    bool (*stops)(void *d);
    /* true: `require` also gets the model's asserts whose condition is
     * concretely true (the concrete domain counts every contract it checks);
     * false: those are passed over (kcv check) */
    bool require_true;
} DomainOps;

#endif
