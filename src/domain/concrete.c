/* concrete.c - the concrete domain (kcv run).  The evaluator computes with
 * machine values and never builds a term, so the term hooks are absent
 * (an operation reaching them yields V_UNKNOWN); decide and assume read
 * the boolean; require checks an obligation as concrete.h describes and
 * records a violated one as an error at the obligation's location, with a
 * note quoting the contract; `stops` tells the evaluator to stop the run at
 * a violation (--on-violation=abort).
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

/* The site of `ob` when it was reported before (NULL: report it). */
static ConcreteSite *seen_site(ConcreteDomain *cd, const Obligation *ob) {
    const char *rule = ob->rule ? ob->rule : "contract";
    for (int i = 0; i < cd->nsites; i++) {
        ConcreteSite *s = &cd->sites[i];
        if (s->file == ob->loc.file && s->line == ob->loc.line && s->col == ob->loc.col && strcmp(s->rule, rule) == 0)
            return s;
    }
    return NULL;
}

static Tri concrete_require(void *d, const Value *cond, const Obligation *ob) {
    ConcreteDomain *cd = d;
    if (!cd->check) return TRI_TRUE;   /* --checks=none: nothing is checked */
    if (cd->skip && cd->skip(cd->skip_ctx, ob)) {
        cd->skipped++;
        return TRI_TRUE;
    }
    if (cond->kind != V_BOOL || cond->u.i.sym) return TRI_UNKNOWN;
    cd->checked++;
    if (cond->u.i.c) return TRI_TRUE;
    cd->violations++;
    ConcreteSite *site = seen_site(cd, ob);
    if (site) {
        site->again++;
        return TRI_FALSE;
    }
    const char *rule = ob->rule ? ob->rule : "contract";
    Diag *g = diag_report(cd->diags, SEV_ERROR, ob->loc, rule, "%s", ob->message ? ob->message : "contract violated");
    if (ob->contract && ob->contract[0]) diag_note(g, ob->contract_loc, "contract: %s", ob->contract);
    if (cd->nsites < CONCRETE_MAX_SITES) {
        ConcreteSite *s = &cd->sites[cd->nsites++];
        s->file = ob->loc.file;
        s->line = ob->loc.line;
        s->col = ob->loc.col;
        s->rule = rule;
        s->diag = cd->diags->diags.n - 1;
        s->again = 0;
    }
    return TRI_FALSE;
}

static bool concrete_stops(void *d) {
    ConcreteDomain *cd = d;
    return cd->stop_on_violation;
}

const DomainOps concrete_domain_ops = {
    .name = "concrete",
    .decide = concrete_decide,
    .assume = concrete_assume,
    .require = concrete_require,
    .stops = concrete_stops,
    .require_true = true,
};

void concrete_domain_init(ConcreteDomain *d, DiagSink *diags) {
    memset(d, 0, sizeof *d);
    d->diags = diags;
    d->check = true;
}

void concrete_domain_finish(ConcreteDomain *d) {
    for (int i = 0; i < d->nsites; i++) {
        ConcreteSite *s = &d->sites[i];
        if (!s->again || s->diag < 0 || s->diag >= d->diags->diags.n) continue;
        Diag *g = &d->diags->diags.v[s->diag];
        /* the sink may have been sorted since: make sure it is still ours */
        if (g->loc.file != s->file || g->loc.line != s->line || g->loc.col != s->col || !g->code ||
            strcmp(g->code, s->rule) != 0)
            continue;
        Loc none = {0};
        diag_note(g, none, "violated %ld more time%s at this site", s->again, s->again == 1 ? "" : "s");
        s->again = 0;
    }
}
