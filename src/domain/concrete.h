/* concrete.h - the concrete value domain (kcv run): every value is known,
 * so there are no terms; decisions read the boolean; a violated obligation
 * is reported as a run-time error at the user's call site.
 *
 * Runtime verification: every obligation the model raises reaches
 * `require`.  With `skip` set, an obligation for which skip() says true was
 * proven statically for this run's inputs and is not checked (counted in
 * `skipped`); with checks off (`check` false) nothing is checked (nor
 * counted).  Every other obligation is checked (counted in `checked`); a
 * false one is a violation: an error at the obligation's location whose
 * message carries the run's values, with a note quoting the contract.
 * After a violation the domain either stops the run (stop_on_violation: the
 * evaluator unwinds at once, I->stopped set) or lets the run go on (report
 * mode; the model then skips the faulty operation: see NkiCtx.report_mode).
 *
 * A site (location and rule) is reported once: a loop that breaks the same
 * contract at every iteration gives one error; concrete_domain_finish adds
 * a note saying how many more times it was broken there.
 */
#ifndef KCV_CONCRETE_H
#define KCV_CONCRETE_H

#include "../eval/domain.h"

/* A site already reported (see concrete_require). */
typedef struct ConcreteSite {
    const SourceFile *file;
    int line, col;
    const char *rule;
    int diag;             /* index of its error in diags->diags */
    long again;           /* violations there after the reported one */
} ConcreteSite;

enum { CONCRETE_MAX_SITES = 256 };   /* past this many sites, every violation is reported */

typedef struct ConcreteDomain {
    DiagSink *diags;      /* where violations are recorded */
    int violations;       /* obligations found false (each, reported or not) */
    bool check;           /* false: --checks=none */
    bool stop_on_violation;   /* --on-violation=abort */
    /* --checks=residual: true for an obligation proven statically */
    bool (*skip)(void *skip_ctx, const Obligation *ob);
    void *skip_ctx;
    long checked;         /* obligations evaluated at run time */
    long skipped;         /* obligations proven statically, not checked */
    /* private: the sites reported so far */
    ConcreteSite sites[CONCRETE_MAX_SITES];
    int nsites;
} ConcreteDomain;

extern const DomainOps concrete_domain_ops;

/* Checks everything, reports every violation and goes on. */
void concrete_domain_init(ConcreteDomain *d, DiagSink *diags);

/* After the run, before the diagnostics are printed (sorted): notes on each
 * reported violation that was repeated at its site ("violated 3 more times
 * here").  Owns nothing; no need to call it when nothing is printed. */
void concrete_domain_finish(ConcreteDomain *d);

#endif
