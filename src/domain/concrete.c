/* concrete.c - the concrete domain (kcv run).  The evaluator computes with
 * machine values and never builds a term, so the term hooks are absent
 * (an operation reaching them yields V_UNKNOWN); decide and assume read
 * the boolean; require records a violated contract as an error at the
 * obligation's location, with a note quoting the contract.
 */
#include "concrete.h"

#include <string.h>

static Tri concrete_decide(void *d, const Value *cond, Loc loc) {
    (void)d;
    (void)loc;
    if (cond->kind != V_BOOL || cond->u.i.sym) return TRI_UNKNOWN;
    return cond->u.i.c ? TRI_TRUE : TRI_FALSE;
}

static void concrete_assume(void *d, const Value *cond, Loc loc) {
    (void)d;
    (void)cond;
    (void)loc;
}

static Tri concrete_require(void *d, const Value *cond, const Obligation *ob) {
    ConcreteDomain *cd = d;
    if (cond->kind != V_BOOL || cond->u.i.sym) return TRI_UNKNOWN;
    if (cond->u.i.c) return TRI_TRUE;
    cd->violations++;
    Diag *g = diag_report(cd->diags, SEV_ERROR, ob->loc, ob->rule ? ob->rule : "contract", "%s",
                          ob->message ? ob->message : "contract violated");
    if (ob->contract && ob->contract[0]) diag_note(g, ob->contract_loc, "contract: %s", ob->contract);
    return TRI_FALSE;
}

const DomainOps concrete_domain_ops = {
    .name = "concrete",
    .decide = concrete_decide,
    .assume = concrete_assume,
    .require = concrete_require,
};

void concrete_domain_init(ConcreteDomain *d, DiagSink *diags) {
    memset(d, 0, sizeof *d);
    d->diags = diags;
    d->check = true;
}
