/* test_symbolic.c - unit tests of the symbolic domain (src/domain): Python
 * floor division and modulo in Z3, shifts and masks, printing, decisions
 * and backtracking over a tree of choices, obligations with
 * counterexamples, deduplication, and solver timeouts reported as unknown.
 *
 * The tests drive the DomainOps table directly with hand-made values, as
 * the evaluator would. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/symbolic.h"

static const DomainOps *ops = &sym_domain_ops;

static Value bool_value(SymTerm *t) {
    Value v = {.kind = V_BOOL};
    v.u.i.sym = t;
    return v;
}

static SymTerm *lit(SymDomain *d, int64_t c) { return ops->int_lit(d, c); }

static SymTerm *bin(SymDomain *d, BinOpKind op, SymTerm *a, SymTerm *b) {
    return ops->int_binop(d, op, a, b);
}

static SymTerm *cmp(SymDomain *d, CmpOpKind op, SymTerm *a, SymTerm *b) {
    return ops->int_cmp(d, op, a, b);
}

static Obligation ob_at(const char *rule, const char *msg, int line) {
    Obligation ob = {rule, msg, {NULL, line, 0, line, 1}, NULL, {0}};
    return ob;
}

/* Python's a // b and a % b, from the definition (floor of the quotient). */
static int64_t ref_floordiv(int64_t a, int64_t b) { return (int64_t)floor((double)a / (double)b); }
static int64_t ref_mod(int64_t a, int64_t b) { return a - b * ref_floordiv(a, b); }

/* Proves `t == expected` and refutes `t == expected + 1` under the path
 * condition already set up. */
static void assert_value(SymDomain *d, SymTerm *t, int64_t expected, int line) {
    Value ok = bool_value(cmp(d, CMP_EQ, t, lit(d, expected)));
    Obligation ob = ob_at("test", "value", line);
    assert_int_equal(ops->require(d, &ok, &ob), TRI_TRUE);
    Value bad = bool_value(cmp(d, CMP_EQ, t, lit(d, expected + 1)));
    Obligation ob2 = ob_at("test", "off by one", line);
    assert_int_equal(ops->require(d, &bad, &ob2), TRI_FALSE);
}

static void test_floordiv_mod_python_signs(void **state) {
    (void)state;
    SymDomain d;
    sym_init(&d, NULL);
    int line = 0;
    for (int64_t a = -7; a <= 7; a++) {
        for (int64_t b = -3; b <= 3; b++) {
            if (b == 0) continue;
            sym_kernel_begin(&d);
            sym_path_begin(&d);
            SymTerm *x = ops->fresh(&d, "x", false);
            SymTerm *y = ops->fresh(&d, "y", false);
            SymTerm *q = bin(&d, OP_FLOORDIV, x, y);   /* symbolic divisor: both signs */
            SymTerm *r = bin(&d, OP_MOD, x, y);
            SymTerm *qc = bin(&d, OP_FLOORDIV, x, lit(&d, b));   /* concrete divisor */
            SymTerm *rc = bin(&d, OP_MOD, x, lit(&d, b));
            sym_assume_term(&d, cmp(&d, CMP_EQ, x, lit(&d, a)), (Loc){0});
            sym_assume_term(&d, cmp(&d, CMP_EQ, y, lit(&d, b)), (Loc){0});
            assert_false(d.infeasible);
            assert_value(&d, q, ref_floordiv(a, b), ++line);
            assert_value(&d, r, ref_mod(a, b), ++line);
            assert_value(&d, qc, ref_floordiv(a, b), ++line);
            assert_value(&d, rc, ref_mod(a, b), ++line);
            /* constant folding agrees */
            SymTerm *f = bin(&d, OP_FLOORDIV, lit(&d, a), lit(&d, b));
            SymTerm *m = bin(&d, OP_MOD, lit(&d, a), lit(&d, b));
            assert_int_equal(f->op, SYM_CONST);
            assert_int_equal(f->c, ref_floordiv(a, b));
            assert_int_equal(m->c, ref_mod(a, b));
        }
    }
    sym_free(&d);
}

static void test_shifts_masks_pow(void **state) {
    (void)state;
    SymDomain d;
    sym_init(&d, NULL);
    int line = 100;
    for (int64_t a = -9; a <= 9; a += 3) {
        sym_kernel_begin(&d);
        sym_path_begin(&d);
        SymTerm *x = ops->fresh(&d, "x", false);
        sym_assume_term(&d, cmp(&d, CMP_EQ, x, lit(&d, a)), (Loc){0});
        assert_value(&d, bin(&d, OP_RSHIFT, x, lit(&d, 2)), a >> 2, ++line);   /* arithmetic >> floors */
        assert_value(&d, bin(&d, OP_LSHIFT, x, lit(&d, 3)), a * 8, ++line);
        assert_value(&d, bin(&d, OP_BITAND, x, lit(&d, 7)), a & 7, ++line);
        assert_value(&d, bin(&d, OP_POW, x, lit(&d, 3)), a * a * a, ++line);
        assert_value(&d, bin(&d, OP_POW, x, lit(&d, 0)), 1, ++line);
    }
    /* outside what is exact: NULL (the evaluator makes it unknown) */
    SymTerm *x = ops->fresh(&d, "x", false);
    SymTerm *y = ops->fresh(&d, "y", false);
    assert_null(bin(&d, OP_POW, x, y));
    assert_null(bin(&d, OP_LSHIFT, x, y));
    assert_null(bin(&d, OP_BITAND, x, lit(&d, 6)));
    assert_null(bin(&d, OP_BITXOR, x, lit(&d, 5)));
    assert_null(bin(&d, OP_DIV, x, lit(&d, 2)));
    assert_null(bin(&d, OP_LSHIFT, x, lit(&d, -1)));
    sym_free(&d);
}

static void assert_str(SymDomain *d, SymTerm *t, const char *want) {
    StrBuf b = {0};
    ops->term_str(d, &b, t);
    assert_string_equal(sb_str(&b), want);
    sb_free(&b);
}

static void test_term_str(void **state) {
    (void)state;
    SymDomain d;
    sym_init(&d, NULL);
    sym_kernel_begin(&d);
    sym_path_begin(&d);
    SymTerm *m = ops->fresh(&d, "m", false);
    SymTerm *K = sym_input(&d, "K", false);
    SymTerm *a = ops->fresh(&d, "a", false);
    SymTerm *b = ops->fresh(&d, "b", false);
    assert_str(&d, bin(&d, OP_ADD, bin(&d, OP_MULT, m, lit(&d, 128)), lit(&d, 128)), "m*128 + 128");
    /* sums and products by constants are in linear normal form */
    assert_str(&d, bin(&d, OP_MULT, bin(&d, OP_ADD, m, lit(&d, 1)), lit(&d, 128)), "m*128 + 128");
    assert_str(&d, bin(&d, OP_SUB, bin(&d, OP_MULT, bin(&d, OP_ADD, m, lit(&d, 1)), lit(&d, 256)),
                   bin(&d, OP_MULT, m, lit(&d, 256))), "256");
    assert_str(&d, bin(&d, OP_SUB, a, bin(&d, OP_SUB, b, m)), "a - b + m");
    assert_str(&d, bin(&d, OP_MULT, bin(&d, OP_MULT, a, b), lit(&d, 2)), "a*b*2");
    assert_str(&d, bin(&d, OP_SUB, bin(&d, OP_SUB, a, b), m), "a - b - m");
    assert_str(&d, bin(&d, OP_ADD, K, lit(&d, -3)), "K - 3");
    assert_str(&d, bin(&d, OP_FLOORDIV, K, lit(&d, 128)), "K//128");
    assert_str(&d, bin(&d, OP_MOD, bin(&d, OP_ADD, K, a), lit(&d, 128)), "(K + a)%128");
    assert_str(&d, cmp(&d, CMP_LTE, K, lit(&d, 128)), "K <= 128");
    assert_str(&d, ops->bool_not(&d, cmp(&d, CMP_LTE, K, lit(&d, 128))), "K > 128");
    assert_str(&d, ops->bool_and(&d, cmp(&d, CMP_GT, a, lit(&d, 0)), cmp(&d, CMP_LT, a, K)),
               "a > 0 and a < K");
    assert_str(&d, ops->int_neg(&d, bin(&d, OP_ADD, a, b)), "-(a + b)");
    assert_str(&d, bin(&d, OP_SUB, lit(&d, 0), bin(&d, OP_ADD, a, b)), "-a - b");
    /* folding */
    assert_str(&d, bin(&d, OP_ADD, bin(&d, OP_MULT, a, lit(&d, 1)), lit(&d, 0)), "a");
    assert_str(&d, bin(&d, OP_MULT, lit(&d, 6), lit(&d, 7)), "42");
    assert_str(&d, cmp(&d, CMP_EQ, a, a), "True");
    /* a second fresh `m` is a different constant */
    SymTerm *m2 = ops->fresh(&d, "m", false);
    assert_str(&d, bin(&d, OP_ADD, m, m2), "m + m#2");
    sym_free(&d);
}

/* A tiny "kernel": branches on x > 0, then on x > 10 (true side) or
 * x < -5 (false side), then on x > 5, which the path condition decides on
 * the x > 10 side.  Leaves: x>10; 0<x<=10 (x>5 and not); -5<=x<=0; x<-5. */
static int run_tree(SymDomain *d, char *leaf, size_t n) {
    SymTerm *x = sym_input(d, "x", false);
    Value c1 = bool_value(cmp(d, CMP_GT, x, lit(d, 0)));
    Loc loc = {0};
    int decisions = 0;
    snprintf(leaf, n, "?");
    if (ops->decide(d, &c1, loc) == TRI_TRUE) {
        decisions++;
        Value c2 = bool_value(cmp(d, CMP_GT, x, lit(d, 10)));
        bool big = ops->decide(d, &c2, loc) == TRI_TRUE;
        Value c3 = bool_value(cmp(d, CMP_GT, x, lit(d, 5)));
        bool mid = ops->decide(d, &c3, loc) == TRI_TRUE;
        snprintf(leaf, n, "%s%s", big ? "big" : "small", mid ? "+" : "-");
        if (big) assert_true(mid);
    } else {
        Value c2 = bool_value(cmp(d, CMP_LT, x, lit(d, -5)));
        snprintf(leaf, n, "%s", ops->decide(d, &c2, loc) == TRI_TRUE ? "neg" : "zeroish");
    }
    return decisions;
}

static void test_decide_backtracking(void **state) {
    (void)state;
    SymDomain d;
    sym_init(&d, NULL);
    sym_kernel_begin(&d);
    char leaves[8][16];
    int n = 0;
    do {
        sym_path_begin(&d);
        assert_true(n < 8);
        run_tree(&d, leaves[n], sizeof leaves[n]);
        n++;
    } while (sym_path_next(&d));
    assert_false(d.bound_hit);
    assert_int_equal(n, 5);
    assert_int_equal(d.paths, 5);
    /* depth first, true side first */
    assert_string_equal(leaves[0], "big+");
    assert_string_equal(leaves[1], "small+");
    assert_string_equal(leaves[2], "small-");
    assert_string_equal(leaves[3], "neg");
    assert_string_equal(leaves[4], "zeroish");

    /* the bound on paths stops the walk and says so */
    SymOptions opt = {SYM_DEFAULT_TIMEOUT_MS, 2};
    SymDomain e;
    sym_init(&e, &opt);
    sym_kernel_begin(&e);
    n = 0;
    do {
        sym_path_begin(&e);
        run_tree(&e, leaves[n], sizeof leaves[n]);
        n++;
    } while (sym_path_next(&e));
    assert_int_equal(n, 2);
    assert_true(e.bound_hit);
    sym_free(&e);
    sym_free(&d);
}

static void test_assume_infeasible(void **state) {
    (void)state;
    SymDomain d;
    sym_init(&d, NULL);
    sym_kernel_begin(&d);
    sym_path_begin(&d);
    SymTerm *K = sym_input(&d, "K", false);
    sym_assume_term(&d, cmp(&d, CMP_GTE, K, lit(&d, 1)), (Loc){NULL, 3, 0, 3, 1});
    assert_false(d.infeasible);
    sym_assume_term(&d, cmp(&d, CMP_LT, K, lit(&d, 1)), (Loc){NULL, 4, 0, 4, 1});
    assert_true(d.infeasible);
    assert_int_equal(d.infeasible_loc.line, 4);
    /* everything after is vacuous and records nothing */
    Value bad = bool_value(cmp(&d, CMP_GT, K, K));
    Obligation ob = ob_at("bounds", "never", 5);
    assert_int_equal(ops->require(&d, &bad, &ob), TRI_TRUE);
    assert_int_equal(d.violations.n, 0);
    sym_free(&d);
}

static int64_t cex_value(const SymViolation *v, const char *name) {
    for (int i = 0; i < v->ncex; i++)
        if (strcmp(v->cex[i].name, name) == 0) return strtoll(v->cex[i].value, NULL, 10);
    fail_msg("no %s in the counterexample", name);
    return 0;
}

static void test_require_counterexample(void **state) {
    (void)state;
    SymDomain d;
    sym_init(&d, NULL);
    sym_kernel_begin(&d);
    sym_path_begin(&d);
    SymTerm *K = sym_input(&d, "K", false);
    SymTerm *N = sym_input(&d, "N", false);
    sym_assume_term(&d, cmp(&d, CMP_GTE, K, lit(&d, 1)), (Loc){0});
    sym_assume_term(&d, cmp(&d, CMP_GTE, N, lit(&d, 1)), (Loc){0});
    /* for m in range(K // 128): the evaluator's loop index */
    SymTerm *m = ops->fresh(&d, "m", false);
    SymTerm *trips = bin(&d, OP_FLOORDIV, K, lit(&d, 128));
    sym_assume_term(&d, ops->bool_and(&d, cmp(&d, CMP_GTE, m, lit(&d, 0)), cmp(&d, CMP_LT, m, trips)),
                    (Loc){0});
    SymTerm *end = bin(&d, OP_ADD, bin(&d, OP_MULT, m, lit(&d, 128)), lit(&d, 128));
    Value ok = bool_value(cmp(&d, CMP_LTE, end, K));
    Obligation ob1 = ob_at("bounds", "slice end within K", 10);
    assert_int_equal(ops->require(&d, &ok, &ob1), TRI_TRUE);
    /* off by one tile: violated, with values that really violate it */
    SymTerm *end2 = bin(&d, OP_ADD, end, lit(&d, 128));
    Value bad = bool_value(cmp(&d, CMP_LTE, end2, K));
    Obligation ob2 = ob_at("bounds", "next tile within K", 11);
    ob2.contract = "assert stop <= size";
    assert_int_equal(ops->require(&d, &bad, &ob2), TRI_FALSE);
    assert_int_equal(d.violations.n, 1);
    const SymViolation *v = &d.violations.v[0];
    assert_string_equal(v->rule, "bounds");
    assert_string_equal(v->contract, "assert stop <= size");
    assert_int_equal(v->loc.line, 11);
    assert_int_equal(v->ncex, 3);   /* K, N (inputs), then m (in the condition) */
    assert_string_equal(v->cex[0].name, "K");
    assert_string_equal(v->cex[1].name, "N");
    assert_string_equal(v->cex[2].name, "m");
    int64_t k = cex_value(v, "K"), mm = cex_value(v, "m");
    assert_true(k >= 1 && mm >= 0 && mm < ref_floordiv(k, 128));
    assert_true(mm * 128 + 256 > k);
    /* the violated condition is now assumed: the same check again holds */
    assert_int_equal(ops->require(&d, &bad, &ob2), TRI_TRUE);
    /* a condition false on every input of the path */
    Value never = bool_value(cmp(&d, CMP_LT, K, lit(&d, 0)));
    Obligation ob3 = ob_at("alloc-size", "size must be positive", 12);
    assert_int_equal(ops->require(&d, &never, &ob3), TRI_FALSE);
    assert_int_equal(d.violations.n, 2);
    assert_int_equal(d.violations.v[1].loc.line, 12);
    /* the evaluator assumes what it required: not this one, which fails on
     * every input of the path (the rest of the path would prove nothing) */
    ops->assume(&d, &never, (Loc){0});
    assert_false(d.infeasible);
    Value bad2 = bool_value(cmp(&d, CMP_GT, K, lit(&d, 1000)));
    Obligation ob4 = ob_at("bounds", "K at most 1000", 13);
    assert_int_equal(ops->require(&d, &bad2, &ob4), TRI_FALSE);
    assert_int_equal(d.violations.n, 3);
    sym_free(&d);
}

/* The same violation on several paths is reported once, with the
 * counterexample of the first path. */
static void test_dedup_across_paths(void **state) {
    (void)state;
    SymDomain d;
    sym_init(&d, NULL);
    sym_kernel_begin(&d);
    int paths = 0;
    do {
        sym_path_begin(&d);
        SymTerm *n = sym_input(&d, "n", false);
        SymTerm *c = sym_input(&d, "c", false);
        Value br = bool_value(cmp(&d, CMP_GT, n, lit(&d, 100)));
        ops->decide(&d, &br, (Loc){0});
        Value nz = bool_value(cmp(&d, CMP_NOTEQ, c, lit(&d, 0)));
        Obligation ob = ob_at("div-by-zero", "division by zero: c may be 0", 7);
        assert_int_equal(ops->require(&d, &nz, &ob), TRI_FALSE);
        paths++;
    } while (sym_path_next(&d));
    assert_int_equal(paths, 2);
    assert_int_equal(d.violations.n, 1);
    assert_int_equal(cex_value(&d.violations.v[0], "c"), 0);
    assert_true(cex_value(&d.violations.v[0], "n") > 100);   /* the first path's model */
    sym_free(&d);
}

/* Replayed prefixes reuse the solver's earlier answers. */
static void test_prefix_cache(void **state) {
    (void)state;
    SymDomain d;
    sym_init(&d, NULL);
    sym_kernel_begin(&d);
    long before = 0;
    int paths = 0;
    long per_path[4] = {0};
    do {
        before = smt_checks(d.smt);
        sym_path_begin(&d);
        SymTerm *n = sym_input(&d, "n", false);
        for (int i = 0; i < 10; i++) {
            Value ok = bool_value(cmp(&d, CMP_GT, bin(&d, OP_MULT, n, n), lit(&d, -1 - i)));
            Obligation ob = ob_at("test", "square", 20 + i);
            assert_int_equal(ops->require(&d, &ok, &ob), TRI_TRUE);
        }
        Value br = bool_value(cmp(&d, CMP_GT, n, lit(&d, 3)));
        ops->decide(&d, &br, (Loc){0});
        per_path[paths++] = smt_checks(d.smt) - before;
    } while (sym_path_next(&d) && paths < 4);
    assert_int_equal(paths, 2);
    assert_int_equal(per_path[0], 12);   /* 10 obligations, 2 feasibility checks */
    assert_int_equal(per_path[1], 0);    /* all replayed */
    sym_free(&d);
}

/* A condition asserted or proven on a path is not asked of the solver again,
 * and a decision it settles makes no choice point. */
static void test_known_conditions(void **state) {
    (void)state;
    SymDomain d;
    sym_init(&d, NULL);
    sym_kernel_begin(&d);
    sym_path_begin(&d);
    SymTerm *n = sym_input(&d, "n", false);
    sym_assume_term(&d, cmp(&d, CMP_GT, n, lit(&d, 3)), (Loc){0});
    long c0 = smt_checks(d.smt);
    Value pos = bool_value(cmp(&d, CMP_GT, n, lit(&d, 0)));
    Obligation ob = ob_at("test", "positive", 40);
    assert_int_equal(ops->require(&d, &pos, &ob), TRI_TRUE);
    assert_int_equal(smt_checks(d.smt) - c0, 1);
    Value again = bool_value(cmp(&d, CMP_GT, n, lit(&d, 0)));   /* built anew: same Z3 term */
    assert_int_equal(ops->require(&d, &again, &ob), TRI_TRUE);
    Value gt3 = bool_value(cmp(&d, CMP_GT, n, lit(&d, 3)));
    assert_int_equal(ops->decide(&d, &gt3, (Loc){0}), TRI_TRUE);
    Value le3 = bool_value(cmp(&d, CMP_LTE, n, lit(&d, 3)));
    assert_int_equal(ops->decide(&d, &le3, (Loc){0}), TRI_FALSE);
    assert_int_equal(smt_checks(d.smt) - c0, 1);
    assert_int_equal(d.trail.n, 0);
    assert_false(sym_path_next(&d));
    sym_free(&d);
}

static void test_timeout_is_unknown(void **state) {
    (void)state;
    SymOptions opt = {50, SYM_DEFAULT_MAX_PATHS};
    SymDomain d;
    sym_init(&d, &opt);
    sym_kernel_begin(&d);
    sym_path_begin(&d);
    /* x**3 + y**3 != z**3 for positive integers: true (Fermat, n = 3), and
     * out of reach of Z3's nonlinear integer arithmetic in 50 ms. */
    SymTerm *x = sym_input(&d, "x", false), *y = sym_input(&d, "y", false), *z = sym_input(&d, "z", false);
    SymTerm *three = lit(&d, 3);
    for (int i = 0; i < 3; i++) {
        SymTerm *v = i == 0 ? x : i == 1 ? y : z;
        sym_assume_term(&d, cmp(&d, CMP_GTE, v, lit(&d, 1)), (Loc){0});
    }
    SymTerm *lhs = bin(&d, OP_ADD, bin(&d, OP_POW, x, three), bin(&d, OP_POW, y, three));
    Value fermat = bool_value(cmp(&d, CMP_NOTEQ, lhs, bin(&d, OP_POW, z, three)));
    Obligation ob = ob_at("test", "Fermat for n = 3", 30);
    assert_int_equal(ops->require(&d, &fermat, &ob), TRI_UNKNOWN);
    assert_int_equal(d.violations.n, 0);
    assert_int_equal(d.unknowns.n, 1);
    assert_int_equal(d.unknowns.v[0].loc.line, 30);
    assert_non_null(strstr(d.unknowns.v[0].reason, "could not decide test"));
    sym_free(&d);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_floordiv_mod_python_signs),
        cmocka_unit_test(test_shifts_masks_pow),
        cmocka_unit_test(test_term_str),
        cmocka_unit_test(test_decide_backtracking),
        cmocka_unit_test(test_assume_infeasible),
        cmocka_unit_test(test_require_counterexample),
        cmocka_unit_test(test_dedup_across_paths),
        cmocka_unit_test(test_prefix_cache),
        cmocka_unit_test(test_known_conditions),
        cmocka_unit_test(test_timeout_is_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
