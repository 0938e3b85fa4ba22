/* concrete.h - the concrete value domain (kcv run): every value is known,
 * so there are no terms; decisions read the boolean; a violated obligation
 * is reported as a run-time error at the user's call site.
 *
 * Runtime verification: every obligation the model raises reaches
 * `require`.  With `skip` set, an obligation for which skip() says true was
 * proven statically for this run's inputs and is not checked (counted in
 * `skipped`); with checks off (`check` false) nothing is checked.  After a
 * violation the domain either stops the run (stop_on_violation: the
 * evaluator unwinds at once) or records it and lets the run go on. */
#ifndef KCV_CONCRETE_H
#define KCV_CONCRETE_H

#include "../eval/domain.h"

typedef struct ConcreteDomain {
    DiagSink *diags;      /* where violations are recorded */
    int violations;       /* obligations found false */
    bool check;           /* false: --checks=none */
    bool stop_on_violation;   /* --on-violation=abort */
    /* --checks=residual: true for an obligation proven statically */
    bool (*skip)(void *skip_ctx, const Obligation *ob);
    void *skip_ctx;
    long checked;         /* obligations evaluated at run time */
    long skipped;         /* obligations proven statically, not checked */
} ConcreteDomain;

extern const DomainOps concrete_domain_ops;

/* Checks everything, reports every violation and goes on. */
void concrete_domain_init(ConcreteDomain *d, DiagSink *diags);

#endif
