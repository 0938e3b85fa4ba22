/* z3smt.h - a small wrapper around Z3's C API, for the symbolic domain.
 *
 * z3smt.c is the only file of kcv that includes <z3.h> (style.md): the rest
 * of kcv sees integers and booleans as opaque SmtAst handles and one
 * incremental solver with a per-query timeout.
 *
 * Ownership: every SmtAst returned is owned by the Smt's pool (its Z3
 * reference is held there).  smt_mark/smt_release drop the references taken
 * since a mark, so a caller frees a path's terms at once; handles created
 * before the mark stay valid.  Nothing here exits the process: Z3 errors are
 * recorded (smt_error) and turn into NULL terms or SMT_UNKNOWN.
 */
#ifndef KCV_Z3SMT_H
#define KCV_Z3SMT_H

#include "../base/base.h"

typedef struct Smt Smt;
typedef struct SmtAst SmtAst;   /* a Z3 term (opaque) */

typedef enum SmtResult {
    SMT_UNSAT,    /* no model */
    SMT_SAT,      /* a model exists (smt_model_value reads it) */
    SMT_UNKNOWN,  /* timeout, incompleteness or a Z3 error (smt_reason) */
} SmtResult;

/* Comparison operators of smt_cmp (the integer comparisons of Python). */
typedef enum SmtCmp { SMT_EQ, SMT_NE, SMT_LT, SMT_LE, SMT_GT, SMT_GE } SmtCmp;

/* A context and one solver whose checks time out after `timeout_ms`
 * (0: no timeout).  Free with smt_free. */
Smt *smt_new(unsigned timeout_ms);
void smt_free(Smt *s);
void smt_set_timeout(Smt *s, unsigned timeout_ms);

/* The pool of references: a mark, and the release of everything after it. */
size_t smt_mark(const Smt *s);
void smt_release(Smt *s, size_t mark);

/* Terms.  NULL on a Z3 error (recorded, see smt_error) or a NULL operand. */
SmtAst *smt_int(Smt *s, int64_t v);
SmtAst *smt_bool(Smt *s, bool b);
SmtAst *smt_int_var(Smt *s, const char *name);    /* same name: same constant */
SmtAst *smt_bool_var(Smt *s, const char *name);
SmtAst *smt_add(Smt *s, SmtAst *a, SmtAst *b);
SmtAst *smt_sub(Smt *s, SmtAst *a, SmtAst *b);
SmtAst *smt_mul(Smt *s, SmtAst *a, SmtAst *b);
SmtAst *smt_neg(Smt *s, SmtAst *a);
/* Python's a // b and a % b (floor division; the remainder has the sign of
 * b).  Z3's div/mod are Euclidean (0 <= a mod b < |b|); they agree with
 * Python for b > 0, and for b < 0: a // b = (-a) div (-b), a % b = -((-a) mod (-b)).
 * b = 0 is left to Z3 (an unspecified value); callers check it first. */
SmtAst *smt_floordiv(Smt *s, SmtAst *a, SmtAst *b);
SmtAst *smt_pymod(Smt *s, SmtAst *a, SmtAst *b);
SmtAst *smt_cmp(Smt *s, SmtCmp op, SmtAst *a, SmtAst *b);
SmtAst *smt_not(Smt *s, SmtAst *a);
SmtAst *smt_and(Smt *s, SmtAst *a, SmtAst *b);
SmtAst *smt_or(Smt *s, SmtAst *a, SmtAst *b);
SmtAst *smt_ite(Smt *s, SmtAst *c, SmtAst *a, SmtAst *b);
/* Z3's s-expression of a term (for debugging), appended to `out`. */
void smt_sexpr(Smt *s, SmtAst *a, StrBuf *out);

/* The solver: assertions are kept until smt_reset. */
void smt_reset(Smt *s);
void smt_assert(Smt *s, SmtAst *a);
/* Checks the assertions together with `extra` (NULL: none) in a scope that
 * is popped afterwards.  On SMT_SAT the model is kept until the next check. */
SmtResult smt_check(Smt *s, SmtAst *extra);
/* The value of `t` in the last model (model completion on), appended as
 * Python prints it: "256", "-3", "True".  False when there is no model. */
bool smt_model_value(Smt *s, SmtAst *t, StrBuf *out);
/* Why the last check was SMT_UNKNOWN ("timeout", "canceled", ...). */
const char *smt_reason(const Smt *s);
/* The last Z3 error, or NULL; smt_clear_error forgets it. */
const char *smt_error(const Smt *s);
void smt_clear_error(Smt *s);
/* Number of checks made so far (statistics for tests and benchmarks). */
long smt_checks(const Smt *s);

#endif
