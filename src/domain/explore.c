/* explore.c - path exploration of the symbolic domain, by re-execution.
 *
 * The driver runs the kernel once per path.  A path is the sequence of
 * sides taken at its symbolic decisions (d->trail).  The first trail.n
 * decisions of a run replay the trail; beyond it, each decision asks the
 * solver which sides are feasible under the path condition, takes `true`
 * first and marks the other side pending when it may be feasible.  After a
 * run, sym_path_next flips the deepest pending choice and drops what came
 * after it: a depth-first walk of the tree of decisions.
 *
 * Solver results of assumptions and obligations are cached by their order
 * in the path (d->events): a run is deterministic, so until it reaches the
 * decision that was flipped, its k-th event is the k-th event of the run it
 * was derived from, under the same path condition.
 *
 * An "unknown" solver answer never makes a violation: violations need a
 * model.  A decision whose sides are unknown is explored both ways, which
 * may run an infeasible path; that path proves nothing false (its
 * obligations have no model) and costs only time.
 */
#include <stdint.h>
#include <string.h>

#include "symbolic.h"

/* ---- conditions known on the path ----------------------------------------------
 * Z3 shares equal terms, so a condition asked twice on a path is the same
 * pointer: once asserted or proven, it is answered without the solver. */

static size_t hash_ptr(const void *p) {
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0xed5ad4bbu;
    x ^= x >> 11;
    return (size_t)x;
}

static bool known(const SymDomain *d, const SmtAst *a) {
    if (!a || !d->known_cap) return false;
    size_t mask = (size_t)d->known_cap - 1;
    for (size_t i = hash_ptr(a) & mask;; i = (i + 1) & mask) {
        if (!d->known[i]) return false;
        if (d->known[i] == a) return true;
    }
}

static void add_known(SymDomain *d, SmtAst *a) {
    if (!a || known(d, a)) return;
    if (2 * (d->known_n + 1) > d->known_cap) {
        int old_cap = d->known_cap;
        SmtAst **old = d->known;
        d->known_cap = old_cap ? 2 * old_cap : 64;
        d->known = kcv_calloc((size_t)d->known_cap, sizeof *d->known);
        d->known_n = 0;
        for (int i = 0; i < old_cap; i++)
            if (old[i]) add_known(d, old[i]);
        kcv_free(old);
    }
    size_t mask = (size_t)d->known_cap - 1;
    size_t i = hash_ptr(a) & mask;
    while (d->known[i]) i = (i + 1) & mask;
    d->known[i] = a;
    d->known_n++;
}

/* Asserts `t` on the path and remembers it. */
static void assert_known(SymDomain *d, SmtAst *a) {
    smt_assert(d->smt, a);
    add_known(d, a);
}

void sym_kernel_begin(SymDomain *d) {
    sym_free_results(d);
    d->trail.n = 0;
    d->events.n = 0;
    d->paths = 0;
    d->bound_hit = false;
}

void sym_path_begin(SymDomain *d) {
    smt_reset(d->smt);
    smt_release(d->smt, d->kernel_mark);
    smt_clear_error(d->smt);
    arena_free(&d->arena);
    arena_init(&d->arena);
    d->vars.n = 0;
    d->ndecided = 0;
    d->nevents = 0;
    if (d->known_n) memset(d->known, 0, sizeof *d->known * (size_t)d->known_cap);
    d->known_n = 0;
    d->infeasible = false;
    d->infeasible_loc = (Loc){0};
    d->declined = NULL;
}

bool sym_path_next(SymDomain *d) {
    d->paths++;
    int i = d->trail.n - 1;
    while (i >= 0 && !d->trail.v[i].pending) i--;
    if (i < 0) return false;
    if (d->paths >= d->opt.max_paths) {
        d->bound_hit = true;
        return false;
    }
    d->trail.v[i].taken = !d->trail.v[i].taken;
    d->trail.v[i].pending = false;
    d->trail.n = i + 1;
    /* Events made before decision i are shared with the next run. */
    int keep = 0;
    while (keep < d->events.n && d->events.v[keep].ndecided <= i) keep++;
    d->events.n = keep;
    return true;
}

/* The cached result of the next event, if this run is still in the shared
 * prefix and the event is the one expected there. */
static SymEvent *cached_event(SymDomain *d, char kind, Loc loc) {
    if (d->nevents >= d->events.n) return NULL;
    SymEvent *e = &d->events.v[d->nevents];
    if (e->kind == kind && e->line == loc.line && e->col == loc.col && e->ndecided == d->ndecided) {
        d->nevents++;
        return e;
    }
    d->events.n = d->nevents;   /* the run went elsewhere: forget the rest */
    return NULL;
}

static void push_event(SymDomain *d, char kind, Loc loc, Tri result, bool assumed) {
    SymEvent e = {d->ndecided, kind, loc.line, loc.col, result, assumed};
    d->events.n = d->nevents;
    vec_push(&d->events, e);
    d->nevents++;
}

Tri sym_decide(SymDomain *d, const Value *cond, Loc loc) {
    (void)loc;
    SymTerm *t = sym_cond_term(d, cond);
    if (!t) return TRI_UNKNOWN;
    if (t->op == SYM_CONST) return t->c ? TRI_TRUE : TRI_FALSE;
    if (d->infeasible) return TRI_TRUE;   /* vacuous: the path is ending */
    if (known(d, t->z)) return TRI_TRUE;
    /* ¬t through the term layer: ¬(a <= b) is a > b, the term an earlier
     * `a > b` made */
    SymTerm *nt = sym_domain_ops.bool_not(d, t);
    SmtAst *neg = nt ? nt->z : smt_not(d->smt, t->z);
    if (known(d, neg)) return TRI_FALSE;
    bool taken;
    if (d->ndecided < d->trail.n) {
        taken = d->trail.v[d->ndecided].taken;
    } else {
        SmtResult pos_r = smt_check(d->smt, t->z);
        SymChoice c = {true, false};
        if (pos_r == SMT_UNSAT) {
            c.taken = false;       /* the path condition is satisfiable: ¬t is */
        } else {
            SmtResult neg_r = smt_check(d->smt, neg);
            c.pending = neg_r != SMT_UNSAT;
        }
        vec_push(&d->trail, c);
        taken = c.taken;
    }
    d->ndecided++;
    assert_known(d, taken ? t->z : neg);
    return taken ? TRI_TRUE : TRI_FALSE;
}

static void mark_infeasible(SymDomain *d, Loc loc) {
    d->infeasible = true;
    d->infeasible_loc = loc;
    if (d->on_infeasible) d->on_infeasible(d->hook_ctx, loc);
}

void sym_assume(SymDomain *d, const Value *cond, Loc loc) {
    if (d->infeasible) return;
    SymTerm *t = sym_cond_term(d, cond);
    if (!t) return;
    /* The evaluator assumes every obligation after requiring it; one that
     * fails on every input of the path stays unassumed (sym_require), or
     * the rest of the path would prove nothing. */
    if (t->z == d->declined) return;
    if (t->op == SYM_CONST) {
        if (!t->c) mark_infeasible(d, loc);
        return;
    }
    if (known(d, t->z)) return;
    SymEvent *e = cached_event(d, 'a', loc);
    Tri feasible;
    if (e) {
        feasible = e->result;
    } else {
        feasible = smt_check(d->smt, t->z) == SMT_UNSAT ? TRI_FALSE : TRI_TRUE;
        push_event(d, 'a', loc, feasible, true);
    }
    assert_known(d, t->z);
    if (feasible == TRI_FALSE) mark_infeasible(d, loc);
}

Tri sym_require(SymDomain *d, const Value *cond, const Obligation *ob) {
    if (d->infeasible) return TRI_TRUE;
    SymTerm *t = sym_cond_term(d, cond);
    if (!t) {
        sym_record_unknown(d, ob->loc, "cannot decide %s (%s): the condition is not a boolean",
                           ob->rule ? ob->rule : "contract", ob->message ? ob->message : "");
        return TRI_UNKNOWN;
    }
    if (t->op == SYM_CONST && t->c) return TRI_TRUE;
    if (known(d, t->z)) return TRI_TRUE;
    SymEvent *e = cached_event(d, 'r', ob->loc);
    Tri r;
    bool assume;
    if (e) {
        r = e->result;   /* already recorded on the path it came from */
        assume = e->assumed;
    } else {
        SmtResult s = smt_check(d->smt, t->op == SYM_CONST ? NULL : smt_not(d->smt, t->z));
        if (s == SMT_SAT) {
            r = TRI_FALSE;
            sym_record_violation(d, ob, t, true);
            /* Later obligations are checked assuming this one held, unless
             * it fails on every input of the path: assuming it would make
             * the rest of the path vacuous. */
            assume = t->op != SYM_CONST && smt_check(d->smt, t->z) != SMT_UNSAT;
        } else if (s == SMT_UNSAT) {
            r = TRI_TRUE;   /* also a constant false on an infeasible path: vacuous */
            assume = false;
        } else {
            r = TRI_UNKNOWN;
            sym_record_unknown(d, ob->loc, "could not decide %s (%s): solver %s",
                               ob->rule ? ob->rule : "contract", ob->message ? ob->message : "",
                               smt_reason(d->smt));
            assume = t->op != SYM_CONST;
        }
        push_event(d, 'r', ob->loc, r, assume);
    }
    if (assume) assert_known(d, t->z);
    else if (r == TRI_TRUE) add_known(d, t->z);
    d->declined = r != TRI_TRUE && !assume ? t->z : NULL;
    return r;
}
