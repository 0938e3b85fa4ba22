/* concrete.h - the concrete value domain (kcv run): every value is known,
 * so there are no terms; decisions read the boolean; a violated obligation
 * is reported as a run-time error at the user's call site. */
#ifndef KCV_CONCRETE_H
#define KCV_CONCRETE_H

#include "../eval/domain.h"

typedef struct ConcreteDomain {
    DiagSink *diags;      /* where violations are recorded */
    int violations;       /* obligations found false */
} ConcreteDomain;

extern const DomainOps concrete_domain_ops;

void concrete_domain_init(ConcreteDomain *d, DiagSink *diags);

#endif
