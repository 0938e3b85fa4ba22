/* z3smt.c - Z3 behind the small API of z3smt.h.  The only file of kcv that
 * includes <z3.h>.
 *
 * The context is reference counted (Z3_mk_context_rc): every AST handed out
 * is inc_ref'ed once and remembered in a pool; smt_release drops the
 * references taken after a mark, smt_free the rest.  Z3's error handler is
 * replaced by one that does nothing, so a Z3 error never exits kcv: each
 * wrapper reads Z3_get_error_code after the call and records the message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <z3.h>

#include "z3smt.h"

struct Smt {
    Z3_context ctx;
    Z3_solver solver;          /* the incremental solver (Z3's default arithmetic) */
    Z3_solver alt;             /* the same assertions, the older arithmetic solver */
    unsigned timeout_ms;       /* the budget of one check (0: none) */
    Z3_sort int_sort, bool_sort;
    Z3_model model;            /* of the last SAT check, or NULL */
    Vec(Z3_ast) pool;          /* references held */
    char reason[300];          /* of the last SMT_UNKNOWN */
    char error[256];           /* last Z3 error ("" if none) */
    long checks;
    bool check_failed;         /* a Z3 error during the current check */
    double slow_ms;            /* KCV_SMT_SLOW=MS: checks slower than this go to stderr */
};

static double clock_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Z3 calls this on an error instead of exiting; the error code stays in the
 * context and check_error() reads it. */
static void on_z3_error(Z3_context c, Z3_error_code e) {
    (void)c;
    (void)e;
}

/* Records a pending Z3 error; true if there was one. */
static bool check_error(Smt *s) {
    Z3_error_code e = Z3_get_error_code(s->ctx);
    if (e == Z3_OK) return false;
    const char *msg = Z3_get_error_msg(s->ctx, e);
    snprintf(s->error, sizeof s->error, "%s", msg ? msg : "Z3 error");
    return true;
}

static SmtAst *keep(Smt *s, Z3_ast a) {
    if (check_error(s) || !a) return NULL;
    Z3_inc_ref(s->ctx, a);
    vec_push(&s->pool, a);
    return (SmtAst *)a;
}

#define AST(x) ((Z3_ast)(x))

/* The first try of every check on the main solver; a check that needs more
 * goes on as a small portfolio (smt_check). */
enum { FIRST_TRY_MS = 25, ALT_TRY_MS = 60 };

static void solver_timeout(Smt *s, Z3_solver solver, unsigned ms) {
    Z3_params p = Z3_mk_params(s->ctx);
    Z3_params_inc_ref(s->ctx, p);
    Z3_params_set_uint(s->ctx, p, Z3_mk_string_symbol(s->ctx, "timeout"), ms ? ms : 4294967295u);
    if (solver == s->alt) Z3_params_set_uint(s->ctx, p, Z3_mk_string_symbol(s->ctx, "arith.solver"), 2);
    Z3_solver_set_params(s->ctx, solver, p);
    Z3_params_dec_ref(s->ctx, p);
}

static void set_timeout(Smt *s, unsigned timeout_ms) {
    s->timeout_ms = timeout_ms;
    solver_timeout(s, s->solver, timeout_ms && timeout_ms < FIRST_TRY_MS ? timeout_ms : FIRST_TRY_MS);
}

Smt *smt_new(unsigned timeout_ms) {
    Smt *s = kcv_calloc(1, sizeof *s);
    Z3_config cfg = Z3_mk_config();
    Z3_set_param_value(cfg, "model", "true");
    s->ctx = Z3_mk_context_rc(cfg);
    Z3_del_config(cfg);
    if (!s->ctx) kcv_fatal("cannot create a Z3 context");
    Z3_set_error_handler(s->ctx, on_z3_error);
    s->int_sort = Z3_mk_int_sort(s->ctx);
    s->bool_sort = Z3_mk_bool_sort(s->ctx);
    /* A plain SMT solver: the combined solver's preprocessing would be
     * redone on every check of an incremental session. */
    s->solver = Z3_mk_simple_solver(s->ctx);
    Z3_solver_inc_ref(s->ctx, s->solver);
    s->alt = Z3_mk_simple_solver(s->ctx);
    Z3_solver_inc_ref(s->ctx, s->alt);
    solver_timeout(s, s->alt, ALT_TRY_MS);
    set_timeout(s, timeout_ms);
    const char *slow = getenv("KCV_SMT_SLOW");
    s->slow_ms = slow ? atof(slow) : 0;
    return s;
}

void smt_set_timeout(Smt *s, unsigned timeout_ms) { set_timeout(s, timeout_ms); }

static void drop_model(Smt *s) {
    if (s->model) {
        Z3_model_dec_ref(s->ctx, s->model);
        s->model = NULL;
    }
}

void smt_free(Smt *s) {
    if (!s) return;
    drop_model(s);
    smt_release(s, 0);
    vec_free(&s->pool);
    Z3_solver_dec_ref(s->ctx, s->solver);
    Z3_solver_dec_ref(s->ctx, s->alt);
    Z3_del_context(s->ctx);
    kcv_free(s);
}

size_t smt_mark(const Smt *s) { return (size_t)s->pool.n; }

void smt_release(Smt *s, size_t mark) {
    while ((size_t)s->pool.n > mark) Z3_dec_ref(s->ctx, s->pool.v[--s->pool.n]);
}

SmtAst *smt_int(Smt *s, int64_t v) { return keep(s, Z3_mk_int64(s->ctx, v, s->int_sort)); }

SmtAst *smt_bool(Smt *s, bool b) { return keep(s, b ? Z3_mk_true(s->ctx) : Z3_mk_false(s->ctx)); }

SmtAst *smt_int_var(Smt *s, const char *name) {
    return keep(s, Z3_mk_const(s->ctx, Z3_mk_string_symbol(s->ctx, name), s->int_sort));
}

SmtAst *smt_bool_var(Smt *s, const char *name) {
    return keep(s, Z3_mk_const(s->ctx, Z3_mk_string_symbol(s->ctx, name), s->bool_sort));
}

SmtAst *smt_add(Smt *s, SmtAst *a, SmtAst *b) {
    if (!a || !b) return NULL;
    Z3_ast args[2] = {AST(a), AST(b)};
    return keep(s, Z3_mk_add(s->ctx, 2, args));
}

SmtAst *smt_sub(Smt *s, SmtAst *a, SmtAst *b) {
    if (!a || !b) return NULL;
    Z3_ast args[2] = {AST(a), AST(b)};
    return keep(s, Z3_mk_sub(s->ctx, 2, args));
}

SmtAst *smt_mul(Smt *s, SmtAst *a, SmtAst *b) {
    if (!a || !b) return NULL;
    Z3_ast args[2] = {AST(a), AST(b)};
    return keep(s, Z3_mk_mul(s->ctx, 2, args));
}

SmtAst *smt_neg(Smt *s, SmtAst *a) {
    if (!a) return NULL;
    return keep(s, Z3_mk_unary_minus(s->ctx, AST(a)));
}

/* The sign of a numeral term: 1, -1, 0; 2 when not a numeral. */
static int numeral_sign(Smt *s, SmtAst *b) {
    int64_t v;
    if (!Z3_is_numeral_ast(s->ctx, AST(b)) || !Z3_get_numeral_int64(s->ctx, AST(b), &v)) return 2;
    return v > 0 ? 1 : v < 0 ? -1 : 0;
}

SmtAst *smt_floordiv(Smt *s, SmtAst *a, SmtAst *b) {
    if (!a || !b) return NULL;
    int sign = numeral_sign(s, b);
    SmtAst *pos = sign == -1 ? NULL : keep(s, Z3_mk_div(s->ctx, AST(a), AST(b)));
    if (sign == 1 || sign == 0) return pos;
    SmtAst *neg = keep(s, Z3_mk_div(s->ctx, AST(smt_neg(s, a)), AST(smt_neg(s, b))));
    if (sign == -1) return neg;
    return smt_ite(s, smt_cmp(s, SMT_GE, b, smt_int(s, 0)), pos, neg);
}

SmtAst *smt_pymod(Smt *s, SmtAst *a, SmtAst *b) {
    if (!a || !b) return NULL;
    int sign = numeral_sign(s, b);
    SmtAst *pos = sign == -1 ? NULL : keep(s, Z3_mk_mod(s->ctx, AST(a), AST(b)));
    if (sign == 1 || sign == 0) return pos;
    SmtAst *neg = smt_neg(s, keep(s, Z3_mk_mod(s->ctx, AST(smt_neg(s, a)), AST(smt_neg(s, b)))));
    if (sign == -1) return neg;
    return smt_ite(s, smt_cmp(s, SMT_GE, b, smt_int(s, 0)), pos, neg);
}

SmtAst *smt_cmp(Smt *s, SmtCmp op, SmtAst *a, SmtAst *b) {
    if (!a || !b) return NULL;
    Z3_context c = s->ctx;
    switch (op) {
    case SMT_EQ: return keep(s, Z3_mk_eq(c, AST(a), AST(b)));
    case SMT_NE: return keep(s, Z3_mk_not(c, Z3_mk_eq(c, AST(a), AST(b))));
    case SMT_LT: return keep(s, Z3_mk_lt(c, AST(a), AST(b)));
    case SMT_LE: return keep(s, Z3_mk_le(c, AST(a), AST(b)));
    case SMT_GT: return keep(s, Z3_mk_gt(c, AST(a), AST(b)));
    case SMT_GE: return keep(s, Z3_mk_ge(c, AST(a), AST(b)));
    }
    return NULL;
}

SmtAst *smt_not(Smt *s, SmtAst *a) {
    if (!a) return NULL;
    return keep(s, Z3_mk_not(s->ctx, AST(a)));
}

SmtAst *smt_and(Smt *s, SmtAst *a, SmtAst *b) {
    if (!a || !b) return NULL;
    Z3_ast args[2] = {AST(a), AST(b)};
    return keep(s, Z3_mk_and(s->ctx, 2, args));
}

SmtAst *smt_or(Smt *s, SmtAst *a, SmtAst *b) {
    if (!a || !b) return NULL;
    Z3_ast args[2] = {AST(a), AST(b)};
    return keep(s, Z3_mk_or(s->ctx, 2, args));
}

SmtAst *smt_ite(Smt *s, SmtAst *c, SmtAst *a, SmtAst *b) {
    if (!c || !a || !b) return NULL;
    return keep(s, Z3_mk_ite(s->ctx, AST(c), AST(a), AST(b)));
}

void smt_sexpr(Smt *s, SmtAst *a, StrBuf *out) {
    if (!a) {
        sb_puts(out, "<null>");
        return;
    }
    sb_puts(out, Z3_ast_to_string(s->ctx, AST(a)));
}

void smt_reset(Smt *s) {
    drop_model(s);
    Z3_solver_reset(s->ctx, s->solver);
    Z3_solver_reset(s->ctx, s->alt);
}

void smt_assert(Smt *s, SmtAst *a) {
    if (!a) return;
    Z3_solver_assert(s->ctx, s->solver, AST(a));
    Z3_solver_assert(s->ctx, s->alt, AST(a));
    check_error(s);
}

/* One check of `solver` with `extra` in a scope popped afterwards. */
static Z3_lbool check_on(Smt *s, Z3_solver solver, SmtAst *extra) {
    if (extra) {
        Z3_solver_push(s->ctx, solver);
        Z3_solver_assert(s->ctx, solver, AST(extra));
    }
    double t0 = s->slow_ms > 0 ? clock_ms() : 0;
    Z3_lbool r = Z3_solver_check(s->ctx, solver);
    if (check_error(s)) {
        s->check_failed = true;
        r = Z3_L_UNDEF;
    }
    if (s->slow_ms > 0 && clock_ms() - t0 >= s->slow_ms)
        fprintf(stderr, "kcv: slow solver check (%.1f ms, %s, %s):\n%s\n", clock_ms() - t0,
                solver == s->alt ? "arith.solver=2" : "default",
                r == Z3_L_TRUE ? "sat" : r == Z3_L_FALSE ? "unsat" : "unknown",
                Z3_solver_to_string(s->ctx, solver));
    if (r == Z3_L_TRUE) {
        s->model = Z3_solver_get_model(s->ctx, solver);
        if (check_error(s)) s->model = NULL;
        if (s->model) Z3_model_inc_ref(s->ctx, s->model);
    } else if (r == Z3_L_UNDEF && !s->check_failed) {
        const char *why = Z3_solver_get_reason_unknown(s->ctx, solver);
        snprintf(s->reason, sizeof s->reason, "%s", why && *why ? why : "unknown");
    }
    if (extra) Z3_solver_pop(s->ctx, solver, 1);
    return r;
}

/* Most checks take well under FIRST_TRY_MS on the main solver.  The few
 * nonlinear ones that do not (products of dims) are often easy for Z3's
 * older arithmetic solver, and otherwise need the main one's full budget:
 * main (short), then alt (short), then main with what is left. */
SmtResult smt_check(Smt *s, SmtAst *extra) {
    drop_model(s);
    s->reason[0] = '\0';
    s->checks++;
    s->check_failed = false;
    double t0 = clock_ms();
    Z3_lbool r = check_on(s, s->solver, extra);
    if (r == Z3_L_UNDEF && !s->check_failed && (!s->timeout_ms || s->timeout_ms > FIRST_TRY_MS)) {
        r = check_on(s, s->alt, extra);
        double left = s->timeout_ms ? (double)s->timeout_ms - (clock_ms() - t0) : 0;
        if (r == Z3_L_UNDEF && !s->check_failed && (!s->timeout_ms || left >= 1)) {
            solver_timeout(s, s->solver, s->timeout_ms ? (unsigned)left : 0);
            r = check_on(s, s->solver, extra);
            set_timeout(s, s->timeout_ms);
        }
    }
    if (s->check_failed) {
        snprintf(s->reason, sizeof s->reason, "Z3 error: %s", s->error);
        return SMT_UNKNOWN;
    }
    return r == Z3_L_TRUE ? SMT_SAT : r == Z3_L_FALSE ? SMT_UNSAT : SMT_UNKNOWN;
}

bool smt_model_value(Smt *s, SmtAst *t, StrBuf *out) {
    if (!s->model || !t) return false;
    Z3_ast v = NULL;
    if (!Z3_model_eval(s->ctx, s->model, AST(t), true, &v) || !v || check_error(s)) return false;
    Z3_inc_ref(s->ctx, v);
    bool ok = true;
    if (Z3_is_numeral_ast(s->ctx, v)) {
        sb_puts(out, Z3_get_numeral_string(s->ctx, v));
    } else {
        Z3_lbool b = Z3_get_bool_value(s->ctx, v);
        if (b == Z3_L_TRUE) sb_puts(out, "True");
        else if (b == Z3_L_FALSE) sb_puts(out, "False");
        else ok = false;
    }
    Z3_dec_ref(s->ctx, v);
    return ok;
}

const char *smt_reason(const Smt *s) { return s->reason[0] ? s->reason : "unknown"; }

const char *smt_error(const Smt *s) { return s->error[0] ? s->error : NULL; }

void smt_clear_error(Smt *s) { s->error[0] = '\0'; }

long smt_checks(const Smt *s) { return s->checks; }
