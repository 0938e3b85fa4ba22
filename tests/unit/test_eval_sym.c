/* test_eval_sym.c - the evaluator over a fake symbolic domain (one path,
 * inputs with fixed values, every decide/assume/require/fresh logged):
 * asserts as preconditions and as model obligations, arithmetic
 * obligations, symbolic conditions, and loops over symbolic ranges. */
#include "test_eval_util.h"

static const char *log_of(TEval *t) { return sb_str(&t->fd.log); }

static const char *repr_value(TEval *t, Value *v) {
    static char buf[2048];
    StrBuf b = {0};
    if (v)
        value_repr(&t->I, &b, v);
    else
        sb_puts(&b, "<NULL>");
    snprintf(buf, sizeof buf, "%s", sb_str(&b));
    sb_free(&b);
    return buf;
}

static void test_preconditions(void **state) {
    (void)state;
    TEval t;
    te_start(&t, true);
    assert_non_null(te_run(&t,
        "def k(K, N):\n"
        "    assert K % 128 == 0, f'K={K}'\n"
        "    assert   N >  0\n"
        "    assert 1 == 1\n"
        "    return K // 128\n"));
    Value *r = te_call(&t, "k", 2, te_sym(&t, "K", 256), te_sym(&t, "N", 3));
    assert_string_equal(repr_value(&t, r), "(K // 128)");
    assert_int_equal(t.I.assumptions.n, 2);
    assert_string_equal(t.I.assumptions.v[0].text, "K % 128 == 0");
    assert_int_equal(t.I.assumptions.v[0].loc.line, 2);
    assert_string_equal(t.I.assumptions.v[1].text, "N >  0");
    assert_int_equal(t.fd.nassume, 2);
    assert_int_equal(t.fd.nrequire, 0);   /* K // 128: the divisor is a nonzero constant */
    EXPECT_CONTAINS(log_of(&t), "assume (K % 128) == 0; assume N > 0;");

    /* a concretely false precondition rejects the input */
    r = te_call(&t, "k", 2, v_int(&t.I, 100), v_int(&t.I, 1));
    assert_null(r);
    assert_true(interp_exc_is(&t.I, "AssertionError"));
    assert_string_equal(interp_exc_message(&t.I), "K=100");
    assert_int_equal(t.diags.errors, 0);
    te_end(&t);
}

static const char *model_src =
    "def load(t, n):\n"
    "    assert n <= 128, f'[partition-limit] load: {n} partitions, more than 128'\n"
    "    assert n >= 0\n"
    "    return n\n";

static void test_model_obligations(void **state) {
    (void)state;
    TEval t;
    te_start(&t, true);
    assert_non_null(te_module(&t, "mdl", model_src, true));
    assert_non_null(te_run(&t,
        "import mdl\n"
        "def k(P):\n"
        "    x = mdl.load(None, P)\n"
        "    y = mdl.load(None,\n"
        "                 200)\n"
        "    return x\n"));
    Value *r = te_call(&t, "k", 1, te_sym(&t, "P", 100));
    assert_non_null(r);
    const char *log = log_of(&t);
    /* the obligation is located at the user's call, quotes the model's assert */
    EXPECT_CONTAINS(log, "require [partition-limit] load: P partitions, more than 128 (line 3): P <= 128 -> ok "
                         "{assert n <= 128 @2}; "
                         "assume P <= 128;");
    EXPECT_CONTAINS(log, "require [contract] n >= 0 (line 3): P >= 0 -> ok {assert n >= 0 @3};");
    EXPECT_CONTAINS(log, "require [partition-limit] load: 200 partitions, more than 128 (line 4): False -> VIOLATED");
    assert_int_equal(t.fd.nviolated, 1);
    assert_int_equal(t.I.assumptions.n, 0);   /* model asserts are not preconditions */
    te_end(&t);

    /* the concrete domain reports the violation at the call site */
    te_start(&t, false);
    assert_non_null(te_module(&t, "mdl", model_src, true));
    assert_non_null(te_run(&t, "import mdl\nx = mdl.load(None, 300)\n"));
    const char *d = te_diags(&t);
    EXPECT_CONTAINS(d, "<test>/m.py:2:5: error: load: 300 partitions, more than 128 [partition-limit]");
    EXPECT_CONTAINS(d, "<test>/mdl.py:2:5: note: contract: assert n <= 128");
    assert_int_equal(t.cd.violations, 1);
    EXPECT_REPR(&t, "x", "300");   /* evaluation goes on */
    te_end(&t);
}

static void test_arith_obligations(void **state) {
    (void)state;
    TEval t;
    te_start(&t, true);
    assert_non_null(te_run(&t,
        "def k(a, b):\n"
        "    q = a // (b - 1)\n"
        "    r = a % 4\n"
        "    s = a << b\n"
        "    return q, r, s\n"));
    Value *r = te_call(&t, "k", 2, te_sym(&t, "a", 9), te_sym(&t, "b", 2));
    assert_string_equal(repr_value(&t, r), "((a // (b - 1)), (a % 4), (a << b))");
    EXPECT_CONTAINS(log_of(&t), "require [div-by-zero] division by zero: 'b - 1' may be 0 (line 2): (b - 1) != 0 -> ok;");
    EXPECT_CONTAINS(log_of(&t), "require [negative-shift] negative shift count: 'b' may be negative (line 4): b >= 0 -> ok;");
    assert_int_equal(t.fd.nrequire, 2);
    te_end(&t);
}

static void test_symbolic_conditions(void **state) {
    (void)state;
    TEval t;
    te_start(&t, true);
    assert_non_null(te_run(&t,
        "def k(M, N):\n"
        "    t = (M, N) == (N, 128)\n"
        "    lo = min(M, N)\n"
        "    hi = max(M, 64)\n"
        "    both = M > 0 and N > 0\n"
        "    if M > 0 and N > 0:\n"
        "        branch = 'pos'\n"
        "    else:\n"
        "        branch = 'neg'\n"
        "    pick = 'a' if M < N else 'b'\n"
        "    inside = M in (1, 2, N)\n"
        "    return t, lo, hi, both, branch, pick, inside, bool(N), -M, abs(M)\n"));
    Value *r = te_call(&t, "k", 2, te_sym(&t, "M", 3), te_sym(&t, "N", 5));
    assert_string_equal(repr_value(&t, r),
                        "((M == N and N == 128), (N if N < M else M), (64 if 64 > M else M), (M > 0 and N > 0), 'pos', 'a', "
                        "((M == 1 or M == 2) or M == N), N != 0, -M, (-M if -M > M else M))");
    /* `and` of two pure conditions is one decision */
    EXPECT_CONTAINS(log_of(&t), "decide (M > 0 and N > 0) -> T; decide M < N -> T;");
    assert_int_equal(t.fd.ndecide, 2);
    te_end(&t);
}

static void test_symbolic_loop_induction(void **state) {
    (void)state;
    TEval t;
    te_start(&t, true);
    assert_non_null(te_run(&t,
        "def k(N):\n"
        "    total = 0\n"
        "    off = 10\n"
        "    C = 1\n"
        "    for i in range(N):\n"
        "        total += 2\n"
        "        off = off - 3\n"
        "        tmp = i * 3\n"
        "        C = 7\n"
        "        seen = (total, off)\n"
        "    return total, off, tmp, i, C, seen\n"));
    Value *r = te_call(&t, "k", 1, te_sym(&t, "N", 10));
    /* affine induction variables are exact after the loop; the loop index is
     * its last value; other assigned names are unknown; invariant ones stay */
    assert_string_equal(repr_value(&t, r), "((N * 2), (10 + (N * -3)), ?, (N - 1), 7, ?)");
    EXPECT_CONTAINS(log_of(&t), "decide N > 0 -> T; fresh i; assume i >= 0; assume i < N;");
    assert_int_equal(t.fd.nfresh, 1);
    Value *tmp = r->u.seq.v[2];
    EXPECT_CONTAINS(tmp->u.unknown.reason, "'tmp' assigned in the loop at line 5");
    te_end(&t);

    /* inside the body the induction variable is x0 + j*e */
    te_start(&t, true);
    assert_non_null(te_run(&t,
        "out = []\n"
        "def k(N):\n"
        "    x = 5\n"
        "    for i in range(2, N, 2):\n"
        "        out.append(x)\n"
        "        x += 4\n"
        "    return x\n"));
    Value *r2 = te_call(&t, "k", 1, te_sym(&t, "N", 10));
    EXPECT_CONTAINS(log_of(&t), "assume i >= 2; assume i < N; assume ((i - 2) % 2) == 0;");
    assert_string_equal(repr_value(&t, r2), "(5 + ((((N - 2) + 1) // 2) * 4))");
    /* `out` predates the loop and is appended to in it: unknown afterwards */
    Value *out = te_get(&t, "out");
    assert_true(out->u.seq.poisoned);
    assert_string_equal(repr_value(&t, out), "[?]");
    te_end(&t);
}

static void test_symbolic_loop_zero_trip(void **state) {
    (void)state;
    TEval t;
    te_start(&t, true);
    assert_non_null(te_run(&t,
        "def k(N):\n"
        "    x = 1\n"
        "    for i in range(N):\n"
        "        x = 2\n"
        "    else:\n"
        "        x = x + 10\n"
        "    return x\n"));
    Value *r = te_call(&t, "k", 1, te_sym(&t, "N", 0));
    assert_string_equal(repr_value(&t, r), "11");   /* the body is skipped, else runs */
    EXPECT_CONTAINS(log_of(&t), "decide N > 0 -> F;");
    assert_int_equal(t.fd.nfresh, 0);
    te_end(&t);
}

static void test_symbolic_loop_carried(void **state) {
    (void)state;
    TEval t;
    te_start(&t, true);
    t.I.max_unroll = 16;
    assert_non_null(te_run(&t,
        "def concrete_trip():\n"
        "    prev = 0\n"
        "    s = 0\n"
        "    for i in range(100):\n"
        "        s = s + prev * 2\n"
        "        prev = i\n"
        "    return s\n"
        "def symbolic_trip(N):\n"
        "    prev = 0\n"
        "    for i in range(N):\n"
        "        if prev > 3:\n"
        "            pass\n"
        "        prev = i\n"
        "    return prev\n"
        "def read_then_write(N):\n"
        "    lst = [0]\n"
        "    for i in range(N):\n"
        "        v = lst[-1]\n"
        "        lst.append(v + 1)\n"
        "    return lst\n"
        "def list_len(N):\n"
        "    lst = []\n"
        "    for i in range(N):\n"
        "        lst.append(i)\n"
        "    return len(lst)\n"
        "def small(N):\n"
        "    acc = []\n"
        "    for i in range(3):\n"
        "        acc.append(i * N)\n"
        "    return acc\n"
        "class Alloc:\n"
        "    total = 0\n"
        "    def __init__(self):\n"
        "        self.offset = 0\n"
        "    def take(self, n):\n"
        "        a = self.offset\n"
        "        self.offset += n\n"
        "        return a\n"
        "    def count(self):\n"
        "        Alloc.total += 1\n"
        "def alloc_inst(N):\n"
        "    al = Alloc()\n"
        "    for i in range(N):\n"
        "        x = al.take(4)\n"
        "    return al.offset\n"
        "def alloc_cls(N):\n"
        "    al = Alloc()\n"
        "    for i in range(N):\n"
        "        al.count()\n"
        "    return Alloc.total\n"));
    /* a carried value with a concrete trip count: the loop is unrolled, exactly */
    Value *r = te_call(&t, "concrete_trip", 0);
    assert_string_equal(repr_value(&t, r), "9702");
    assert_int_equal(t.fd.nfresh, 0);

    /* with a symbolic trip count the carried value is unknown: the path is given up */
    r = te_call(&t, "symbolic_trip", 1, te_sym(&t, "N", 50));
    assert_null(r);
    assert_int_equal(t.I.unwind, UNWIND_ABORT);
    assert_string_equal(t.I.abort_reason, "value carried across iterations of the loop at line 10 is not modelled");
    interp_clear_unwind(&t.I);

    /* a container read, then modified in a symbolic pass: given up */
    r = te_call(&t, "read_then_write", 1, te_sym(&t, "N", 50));
    assert_null(r);
    EXPECT_CONTAINS(t.I.abort_reason, "value carried across iterations of the loop at line 17 is not modelled");
    interp_clear_unwind(&t.I);

    /* filled with one append per iteration: its length is known (eval_loop.c) */
    r = te_call(&t, "list_len", 1, te_sym(&t, "N", 50));
    assert_string_equal(repr_value(&t, r), "N");

    /* state carried through objects mutated by methods (an allocator) */
    r = te_call(&t, "alloc_inst", 1, te_sym(&t, "N", 50));
    assert_null(r);
    EXPECT_CONTAINS(t.I.abort_reason, "value carried across iterations of the loop at line 43 is not modelled");
    interp_clear_unwind(&t.I);
    r = te_call(&t, "alloc_cls", 1, te_sym(&t, "N", 50));
    assert_null(r);
    EXPECT_CONTAINS(t.I.abort_reason, "value carried across iterations of the loop at line 48 is not modelled");
    interp_clear_unwind(&t.I);

    /* a short concrete loop is unrolled even in the symbolic domain */
    r = te_call(&t, "small", 1, te_sym(&t, "N", 7));
    assert_string_equal(repr_value(&t, r), "[0, N, (2 * N)]");
    te_end(&t);
}

/* ---- a native object updated in place (like an NKI tensor accumulator) ---- */

typedef struct AccData {
    int adds;
    bool saw_affine_symbolic_loop;
} AccData;

static Value *acc_inplace(Interp *I, BinOpKind op, Value *self, Value *other, Loc loc) {
    (void)other;
    (void)loc;
    if (op == OP_SUB) return v_object(I, self->u.obj.type, arena_alloc(I->arena, sizeof(AccData)));
    AccData *d = self->u.obj.data;
    d->adds++;
    if (I->loop && I->loop->symbolic && I->loop->kind == RANGE_AFFINE) d->saw_affine_symbolic_loop = true;
    return self;
}

static Value *acc_binop(Interp *I, BinOpKind op, Value *self, Value *other, bool right, Loc loc);

static const ObjType acc_type = {.name = "Acc", .inplace = acc_inplace, .binop = acc_binop};

static Value *acc_binop(Interp *I, BinOpKind op, Value *self, Value *other, bool right, Loc loc) {
    (void)op;
    (void)other;
    (void)right;
    (void)loc;
    (void)self;
    return v_object(I, &acc_type, arena_alloc(I->arena, sizeof(AccData)));
}

static Value *fn_acc(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    (void)args;
    (void)loc;
    return v_object(I, &acc_type, arena_alloc(I->arena, sizeof(AccData)));
}

static Value *fn_affine_range(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    (void)loc;
    return v_range(I, v_int(I, 0), args->pos[0], v_int(I, 1), RANGE_AFFINE);
}

/* A tile-like object: made anew by each call, it stands for the one of
 * every iteration of a symbolic loop when its size does not depend on the
 * index (as NKI tensors on chip do). */
typedef struct TileData {
    Value *n;
} TileData;

static bool tile_loop_invariant(Interp *I, Value *self, const LoopCtx *loop) {
    TileData *d = self->u.obj.data;
    return loop_invariant_value(I, d->n, loop);
}

static Value *tile_getattr(Interp *I, Value *self, const char *name, Loc loc) {
    TileData *d = self->u.obj.data;
    if (strcmp(name, "n") == 0) return d->n;
    interp_raise(I, loc, "AttributeError", "'Tile' object has no attribute '%s'", name);
    return NULL;
}

static const ObjType tile_type = {.name = "Tile", .getattr = tile_getattr, .loop_invariant = tile_loop_invariant};

static Value *fn_tile(Interp *I, Value *self, CallArgs *args, Loc loc) {
    (void)self;
    (void)loc;
    TileData *d = arena_alloc(I->arena, sizeof *d);
    d->n = args->npos ? args->pos[0] : v_int(I, 1);
    return v_object(I, &tile_type, d);
}

static Value *native_hook(Interp *I, const char *name, void *ctx) {
    (void)ctx;
    if (strcmp(name, "tnki") != 0) return NULL;
    Value *m = v_module(I, name);
    module_set(I, m, "acc", v_builtin(I, "acc", fn_acc, NULL, NULL));
    module_set(I, m, "tile", v_builtin(I, "tile", fn_tile, NULL, NULL));
    module_set(I, m, "affine_range", v_builtin(I, "affine_range", fn_affine_range, NULL, NULL));
    return m;
}

static void test_symbolic_loop_objects(void **state) {
    (void)state;
    TEval t;
    te_start(&t, true);
    t.I.native_module = native_hook;
    assert_non_null(te_run(&t,
        "import tnki\n"
        "def k(N):\n"
        "    a = tnki.acc()\n"
        "    for i in tnki.affine_range(N):\n"
        "        a += 1\n"
        "    return a\n"
        "def rebind(N):\n"
        "    a = tnki.acc()\n"
        "    for i in tnki.affine_range(N):\n"
        "        a = a * 2\n"
        "    return a\n"
        "def new_object(N):\n"
        "    a = tnki.acc()\n"
        "    for i in tnki.affine_range(N):\n"
        "        a -= 1\n"
        "    return a\n"));
    Value *r = te_call(&t, "k", 1, te_sym(&t, "N", 9));
    assert_non_null(r);
    assert_int_equal(r->kind, V_OBJECT);
    AccData *d = r->u.obj.data;
    assert_int_equal(d->adds, 1);   /* one pass stands for every iteration */
    assert_true(d->saw_affine_symbolic_loop);
    /* rebinding the object in the loop: its value is unknown after the loop */
    r = te_call(&t, "rebind", 1, te_sym(&t, "N", 9));
    assert_non_null(r);
    assert_int_equal(r->kind, V_UNKNOWN);
    EXPECT_CONTAINS(r->u.unknown.reason, "'a' assigned in the loop at line 9 is not modelled after it");
    /* an in-place operator that returns another object: given up */
    r = te_call(&t, "new_object", 1, te_sym(&t, "N", 9));
    assert_null(r);
    EXPECT_CONTAINS(t.I.abort_reason, "value carried across iterations of the loop at line 14 is not modelled "
                                      "('a' is rebound, not updated in place)");
    te_end(&t);
}

static void test_nested_symbolic_loops(void **state) {
    (void)state;
    TEval t;
    te_start(&t, true);
    assert_non_null(te_run(&t,
        "seen = []\n"
        "def k(M, N):\n"
        "    for m in range(M // 128):\n"
        "        base = m * 128\n"
        "        for n in range(N):\n"
        "            idx = base + n\n"
        "            assert idx >= 0\n"
        "    return base\n"));
    Value *r = te_call(&t, "k", 2, te_sym(&t, "M", 512), te_sym(&t, "N", 4));
    assert_non_null(r);
    assert_int_equal(r->kind, V_UNKNOWN);
    EXPECT_CONTAINS(log_of(&t), "decide (M // 128) > 0 -> T; fresh m; assume m >= 0; assume m < (M // 128); "
                                "decide N > 0 -> T; fresh n; assume n >= 0; assume n < N; assume ((m * 128) + n) >= 0;");
    te_end(&t);
}

/* ---- lists filled by one append per iteration of a symbolic loop ---- */

static const char *const fill_src =
    "import tnki\n"
    "def ints(N, K):\n"                    /* 2 */
    "    lst = []\n"
    "    for i in range(N):\n"
    "        lst.append(K * 2)\n"
    "    return len(lst), lst[N - 1], lst[-N], 100 // lst[N - 1]\n"
    "def at(N, J):\n"                      /* 7 */
    "    lst = []\n"
    "    for i in range(N):\n"
    "        lst.append(1)\n"
    "    return lst[J]\n"
    "def by_index(N):\n"                   /* 12 */
    "    lst = []\n"
    "    for i in range(N):\n"
    "        lst.append(i * 2)\n"
    "    return len(lst), lst[0]\n"
    "def index_branch(N):\n"               /* 17 */
    "    lst = []\n"
    "    for i in range(N):\n"
    "        if i == 0:\n"
    "            lst.append(1)\n"
    "        else:\n"
    "            lst.append(2)\n"
    "    return len(lst)\n"
    "def input_branch(N, K):\n"            /* 25 */
    "    lst = []\n"
    "    for i in range(N):\n"
    "        if K > 3:\n"
    "            lst.append(1)\n"
    "        else:\n"
    "            lst.append(2)\n"
    "    return len(lst), lst[0]\n"
    "def twice(N):\n"                      /* 33 */
    "    lst = []\n"
    "    for i in range(N):\n"
    "        lst.append(1)\n"
    "        lst.append(2)\n"
    "    return len(lst)\n"
    "def replaced(N):\n"                   /* 39 */
    "    lst = []\n"
    "    for i in range(N):\n"
    "        lst.append(1)\n"
    "        lst[0] = 2\n"
    "    return lst[0]\n"
    "def nested_fill(M, N):\n"             /* 45 */
    "    lst = []\n"
    "    for m in range(M):\n"
    "        for n in range(N):\n"
    "            lst.append(1)\n"
    "    return len(lst)\n"
    "def later_write(N):\n"                /* 51 */
    "    lst = []\n"
    "    for i in range(N):\n"
    "        lst.append(1)\n"
    "    lst.append(2)\n"
    "    return len(lst)\n"
    "def prefix(N, K):\n"                  /* 57 */
    "    lst = [7]\n"
    "    for i in range(N):\n"
    "        lst.append(K)\n"
    "    return lst[0], lst[1], lst[N], lst[-1], len(lst)\n"
    "def tiles(N, K):\n"                   /* 62 */
    "    lst = []\n"
    "    for i in range(N):\n"
    "        lst.append(tnki.tile(K))\n"
    "    for t in lst:\n"
    "        q = 100 // t.n\n"
    "    return lst[N - 1].n\n"
    "def tiles_by_index(N):\n"             /* 69 */
    "    lst = []\n"
    "    for i in range(N):\n"
    "        lst.append(tnki.tile(i + 1))\n"
    "    return lst[0]\n"
    "def nested_lists(M, N):\n"            /* 74 */
    "    outer = []\n"
    "    for m in range(M):\n"
    "        inner = []\n"
    "        for n in range(N):\n"
    "            inner.append(m)\n"
    "        assert len(inner) == N\n"
    "        outer.append(inner)\n"
    "    return len(outer), outer[0]\n"
    "def nested_same(M, N, K):\n"          /* 83 */
    "    outer = []\n"
    "    for m in range(M):\n"
    "        inner = []\n"
    "        for n in range(N):\n"
    "            inner.append(K)\n"
    "        outer.append(inner)\n"
    "    return len(outer), len(outer[M - 1]), outer[M - 1][N - 1]\n"
    "def grid(M, K):\n"                    /* 91 */
    "    rows = []\n"
    "    for m in range(M):\n"
    "        row = []\n"
    "        for b in range(2):\n"
    "            row.append(tnki.tile(K))\n"
    "        rows.append(row)\n"
    "    a = rows[M - 1][1].n\n"
    "    rows[0].append(tnki.tile(K))\n"
    "    return a, len(rows[1])\n";

static void test_symbolic_list_fill(void **state) {
    (void)state;
    TEval t;
    te_start(&t, true);
    t.I.native_module = native_hook;
    assert_non_null(te_run(&t, fill_src));

    /* the same int in every iteration: the length and every item are known;
     * an obligation on an item holds or fails as the item does */
    Value *r = te_call(&t, "ints", 2, te_sym(&t, "N", 6), te_sym(&t, "K", 3));
    assert_string_equal(repr_value(&t, r), "(N, (K * 2), (K * 2), (100 // (K * 2)))");
    EXPECT_CONTAINS(log_of(&t), "require [div-by-zero] division by zero: 'lst[N - 1]' may be 0 (line 6): "
                                "(K * 2) != 0 -> ok;");
    assert_int_equal(t.fd.nviolated, 0);
    r = te_call(&t, "ints", 2, te_sym(&t, "N", 6), te_sym(&t, "K", 0));
    assert_non_null(r);
    assert_int_equal(t.fd.nviolated, 1);

    /* an index past the end raises IndexError where Python would */
    r = te_call(&t, "at", 2, te_sym(&t, "N", 6), te_sym(&t, "J", 6));
    assert_null(r);
    assert_int_equal(t.I.unwind, UNWIND_RAISE);
    assert_true(interp_exc_is(&t.I, "IndexError"));
    assert_string_equal(interp_exc_message(&t.I), "list index out of range");
    EXPECT_CONTAINS(log_of(&t), "decide (J >= -N and J < N) -> F;");
    interp_clear_unwind(&t.I);
    r = te_call(&t, "at", 2, te_sym(&t, "N", 6), te_sym(&t, "J", -6));
    assert_string_equal(repr_value(&t, r), "1");
    EXPECT_CONTAINS(log_of(&t), "decide (J >= -N and J < N) -> T; decide J < 0 -> T;");

    /* items that depend on the index: the length is known, an item is not */
    r = te_call(&t, "by_index", 1, te_sym(&t, "N", 6));
    assert_non_null(r);
    assert_int_equal(r->kind, V_TUPLE);
    assert_string_equal(repr_value(&t, r->u.seq.v[0]), "N");
    assert_int_equal(r->u.seq.v[1]->kind, V_UNKNOWN);
    assert_string_equal(r->u.seq.v[1]->u.unknown.reason,
                        "the items appended to 'lst' in the loop at line 14 are not modelled: "
                        "it depends on the loop index");

    /* a decision on the index: iterations may append differently */
    r = te_call(&t, "index_branch", 1, te_sym(&t, "N", 6));
    assert_non_null(r);
    assert_int_equal(r->kind, V_UNKNOWN);
    EXPECT_CONTAINS(r->u.unknown.reason, "modified in a loop over a symbolic range");
    /* a decision on an input is the same in every iteration */
    r = te_call(&t, "input_branch", 2, te_sym(&t, "N", 6), te_sym(&t, "K", 5));
    assert_string_equal(repr_value(&t, r), "(N, 1)");

    /* two writes per iteration, a write in a nested symbolic loop, a write
     * after the loop: not modelled */
    r = te_call(&t, "twice", 1, te_sym(&t, "N", 6));
    assert_int_equal(r->kind, V_UNKNOWN);
    r = te_call(&t, "replaced", 1, te_sym(&t, "N", 6));
    assert_int_equal(r->kind, V_UNKNOWN);
    r = te_call(&t, "nested_fill", 2, te_sym(&t, "M", 3), te_sym(&t, "N", 4));
    assert_int_equal(r->kind, V_UNKNOWN);
    r = te_call(&t, "later_write", 1, te_sym(&t, "N", 6));
    assert_int_equal(r->kind, V_UNKNOWN);

    /* items from before the loop keep their places */
    r = te_call(&t, "prefix", 2, te_sym(&t, "N", 6), te_sym(&t, "K", 5));
    assert_string_equal(repr_value(&t, r), "(7, K, K, K, (1 + N))");

    /* objects made in the pass that stand for every iteration's, iterated */
    int before = t.fd.nrequire;
    r = te_call(&t, "tiles", 2, te_sym(&t, "N", 6), te_sym(&t, "K", 5));
    assert_string_equal(repr_value(&t, r), "K");
    assert_int_equal(t.fd.nrequire, before + 1);
    EXPECT_CONTAINS(log_of(&t), "require [div-by-zero] division by zero: 't.n' may be 0 (line 67): K != 0 -> ok;");
    r = te_call(&t, "tiles_by_index", 1, te_sym(&t, "N", 6));
    assert_int_equal(r->kind, V_UNKNOWN);
    assert_string_equal(r->u.unknown.reason, "the items appended to 'lst' in the loop at line 71 are not modelled: "
                                             "each iteration appends a Tile of its own");

    /* a list of lists: the inner ones are modelled (len(inner) == N holds
     * concretely), the outer one's items (a list made in each iteration)
     * are not */
    r = te_call(&t, "nested_lists", 2, te_sym(&t, "M", 3), te_sym(&t, "N", 4));
    assert_non_null(r);
    assert_string_equal(repr_value(&t, r->u.seq.v[0]), "M");
    assert_int_equal(r->u.seq.v[1]->kind, V_UNKNOWN);
    assert_string_equal(r->u.seq.v[1]->u.unknown.reason,
                        "the items appended to 'outer' in the loop at line 76 are not modelled: "
                        "each iteration appends a list of its own, whose items differ");
    /* ... unless they do not depend on the outer index: one inner list
     * stands for every iteration's */
    r = te_call(&t, "nested_same", 3, te_sym(&t, "M", 3), te_sym(&t, "N", 4), te_sym(&t, "K", 5));
    assert_string_equal(repr_value(&t, r), "(M, N, K)");
    /* a write to one of them is not a write to all: they become unknown */
    r = te_call(&t, "grid", 2, te_sym(&t, "M", 3), te_sym(&t, "K", 5));
    assert_non_null(r);
    assert_string_equal(repr_value(&t, r->u.seq.v[0]), "K");
    assert_int_equal(r->u.seq.v[1]->kind, V_UNKNOWN);
    EXPECT_CONTAINS(r->u.seq.v[1]->u.unknown.reason, "modified in a loop over a symbolic range");
    te_end(&t);
}

static void test_while_symbolic(void **state) {
    (void)state;
    TEval t;
    te_start(&t, true);
    t.I.max_unroll = 8;
    assert_non_null(te_run(&t,
        "def k(N):\n"
        "    i = 0\n"
        "    while i < N:\n"
        "        i += 1\n"
        "    return i\n"));
    Value *r = te_call(&t, "k", 1, te_sym(&t, "N", 3));
    assert_string_equal(repr_value(&t, r), "3");
    assert_int_equal(t.fd.ndecide, 4);
    r = te_call(&t, "k", 1, te_sym(&t, "N", 100));
    assert_null(r);
    assert_string_equal(t.I.abort_reason, "loop bound reached at line 3 (8 iterations on a symbolic condition)");
    te_end(&t);
}

static void test_quotients(void **state) {
    (void)state;
    TEval t;
    te_start(&t, true);
    assert_non_null(te_run(&t,
        "import math\n"
        "def k(N, D):\n"
        "    return math.ceil(N / 128), math.floor(N / 128), int(N / D)\n"));
    Value *r = te_call(&t, "k", 2, te_sym(&t, "N", 300), te_sym(&t, "D", 7));
    assert_string_equal(repr_value(&t, r),
                        "(-(-N // 128), (N // 128), ((N // D) if ((N >= 0 and D > 0) or (N <= 0 and D < 0)) else -(-N // D)))");
    /* N / D requires D != 0, once */
    assert_int_equal(t.fd.nrequire, 1);
    EXPECT_CONTAINS(log_of(&t), "require [div-by-zero] division by zero: 'D' may be 0 (line 3): D != 0 -> ok;");
    te_end(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_preconditions),
        cmocka_unit_test(test_model_obligations),
        cmocka_unit_test(test_arith_obligations),
        cmocka_unit_test(test_symbolic_conditions),
        cmocka_unit_test(test_symbolic_loop_induction),
        cmocka_unit_test(test_symbolic_loop_zero_trip),
        cmocka_unit_test(test_symbolic_loop_carried),
        cmocka_unit_test(test_symbolic_loop_objects),
        cmocka_unit_test(test_nested_symbolic_loops),
        cmocka_unit_test(test_symbolic_list_fill),
        cmocka_unit_test(test_while_symbolic),
        cmocka_unit_test(test_quotients),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
