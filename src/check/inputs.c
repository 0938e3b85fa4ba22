/* inputs.c - the symbolic inputs of a kernel.
 *
 * A syntactic pre-pass over the kernel body decides what each parameter
 * without a default is: a tensor when the body uses it as one (P.shape,
 * P.dtype, P[...], passed to an NKI data-movement or compute call), a
 * tuple of ints when the body unpacks it (`a, b = P`), else an int.  The
 * rank of a tensor comes from `K, M = P.shape` (exactly 2), `P.shape[i]`
 * (more than i) or `P[i, j]` (at least 2); its dims are named after the
 * names the kernel unpacks them into ("K", "M"), else "P.d0", "P.d1"; names
 * are never shared by accident (only --shape shares dims, on purpose).
 *
 * build_args makes the values of one run: dims are fresh symbolic inputs
 * in [1, 2**31), the grid (when the kernel reads program ids) symbolic
 * sizes >= 1 unless --grid fixes it; --scalar and --assume expressions are
 * Python, evaluated by the evaluator in the kernel module's namespace.
 *
 * Dtypes: a tensor without --dtype has the plan's open dtype (nki.h,
 * nki_dtype_choice), one symbolic input shared by all such tensors that
 * ranges over float32, bfloat16 and float16 (--dtype-set changes the set):
 * the float formats frameworks hand to kernels from HBM.  float8 inputs
 * come with scales and kernels written for them, tfloat32 is a Tensor
 * Engine mode rather than a storage format, and integer inputs are index
 * or data-movement tensors: a kernel meant for those is checked with
 * --dtype.  The tensors share one dtype (all float32, all bfloat16 or all
 * float16), as the kernels' callers pass them: independent dtypes would
 * make every kernel that matmuls two inputs violate the rule that float32
 * operands pair only with float32, without its ever being called so.
 * Each verdict states this assumption; the dtype is open only until the
 * model needs one, so a kernel whose checks do not depend on it runs one
 * path for all three.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../front/front.h"
#include "check_int.h"

/* ---- a generic walk over the tree ------------------------------------------- */

typedef bool (*VisitFn)(const Node *n, void *ctx);   /* false: skip the children */

static void walk(const Node *n, VisitFn fn, void *ctx);

static void walk_list(const NodeList *l, VisitFn fn, void *ctx) {
    for (int i = 0; i < l->n; i++) walk(l->v[i], fn, ctx);
}

static void walk(const Node *n, VisitFn fn, void *ctx) {
    if (!n || !fn(n, ctx)) return;
    switch (n->kind) {
    case N_MODULE: walk_list(&n->u.module.body, fn, ctx); break;
    case N_FUNCTION_DEF:
    case N_ASYNC_FUNCTION_DEF:
        walk_list(&n->u.func.decorators, fn, ctx);
        walk(n->u.func.args, fn, ctx);
        walk(n->u.func.returns, fn, ctx);
        walk_list(&n->u.func.body, fn, ctx);
        break;
    case N_CLASS_DEF:
        walk_list(&n->u.cls.decorators, fn, ctx);
        walk_list(&n->u.cls.bases, fn, ctx);
        walk_list(&n->u.cls.keywords, fn, ctx);
        walk_list(&n->u.cls.body, fn, ctx);
        break;
    case N_RETURN: walk(n->u.ret.value, fn, ctx); break;
    case N_DELETE: walk_list(&n->u.del.targets, fn, ctx); break;
    case N_ASSIGN:
        walk_list(&n->u.assign.targets, fn, ctx);
        walk(n->u.assign.value, fn, ctx);
        break;
    case N_AUG_ASSIGN:
        walk(n->u.aug.target, fn, ctx);
        walk(n->u.aug.value, fn, ctx);
        break;
    case N_ANN_ASSIGN:
        walk(n->u.ann.target, fn, ctx);
        walk(n->u.ann.annotation, fn, ctx);
        walk(n->u.ann.value, fn, ctx);
        break;
    case N_FOR:
    case N_ASYNC_FOR:
        walk(n->u.for_.target, fn, ctx);
        walk(n->u.for_.iter, fn, ctx);
        walk_list(&n->u.for_.body, fn, ctx);
        walk_list(&n->u.for_.orelse, fn, ctx);
        break;
    case N_WHILE:
    case N_IF:
        walk(n->u.cond.test, fn, ctx);
        walk_list(&n->u.cond.body, fn, ctx);
        walk_list(&n->u.cond.orelse, fn, ctx);
        break;
    case N_WITH:
    case N_ASYNC_WITH:
        walk_list(&n->u.with.items, fn, ctx);
        walk_list(&n->u.with.body, fn, ctx);
        break;
    case N_MATCH:
        walk(n->u.match.subject, fn, ctx);
        walk_list(&n->u.match.cases, fn, ctx);
        break;
    case N_RAISE:
        walk(n->u.raise.exc, fn, ctx);
        walk(n->u.raise.cause, fn, ctx);
        break;
    case N_TRY:
    case N_TRY_STAR:
        walk_list(&n->u.try_.body, fn, ctx);
        walk_list(&n->u.try_.handlers, fn, ctx);
        walk_list(&n->u.try_.orelse, fn, ctx);
        walk_list(&n->u.try_.finalbody, fn, ctx);
        break;
    case N_ASSERT:
        walk(n->u.assert_.test, fn, ctx);
        walk(n->u.assert_.msg, fn, ctx);
        break;
    case N_EXPR:
    case N_AWAIT:
    case N_YIELD:
    case N_YIELD_FROM: walk(n->u.expr.value, fn, ctx); break;
    case N_BOOL_OP: walk_list(&n->u.boolop.values, fn, ctx); break;
    case N_NAMED_EXPR:
        walk(n->u.named.target, fn, ctx);
        walk(n->u.named.value, fn, ctx);
        break;
    case N_BIN_OP:
        walk(n->u.binop.left, fn, ctx);
        walk(n->u.binop.right, fn, ctx);
        break;
    case N_UNARY_OP: walk(n->u.unary.operand, fn, ctx); break;
    case N_LAMBDA:
        walk(n->u.lambda.args, fn, ctx);
        walk(n->u.lambda.body, fn, ctx);
        break;
    case N_IF_EXP:
        walk(n->u.ifexp.test, fn, ctx);
        walk(n->u.ifexp.body, fn, ctx);
        walk(n->u.ifexp.orelse, fn, ctx);
        break;
    case N_DICT:
        walk_list(&n->u.dict.keys, fn, ctx);
        walk_list(&n->u.dict.values, fn, ctx);
        break;
    case N_SET:
    case N_LIST:
    case N_TUPLE: walk_list(&n->u.seq.elts, fn, ctx); break;
    case N_LIST_COMP:
    case N_SET_COMP:
    case N_DICT_COMP:
    case N_GENERATOR_EXP:
        walk(n->u.comp.key, fn, ctx);
        walk(n->u.comp.elt, fn, ctx);
        walk_list(&n->u.comp.generators, fn, ctx);
        break;
    case N_COMPARE:
        walk(n->u.compare.left, fn, ctx);
        walk_list(&n->u.compare.comparators, fn, ctx);
        break;
    case N_CALL:
        walk(n->u.call.func, fn, ctx);
        walk_list(&n->u.call.args, fn, ctx);
        walk_list(&n->u.call.keywords, fn, ctx);
        break;
    case N_FORMATTED_VALUE:
        walk(n->u.fvalue.value, fn, ctx);
        walk(n->u.fvalue.format_spec, fn, ctx);
        break;
    case N_JOINED_STR: walk_list(&n->u.joined.values, fn, ctx); break;
    case N_ATTRIBUTE: walk(n->u.attribute.value, fn, ctx); break;
    case N_SUBSCRIPT:
        walk(n->u.subscript.value, fn, ctx);
        walk(n->u.subscript.slice, fn, ctx);
        break;
    case N_STARRED: walk(n->u.starred.value, fn, ctx); break;
    case N_SLICE:
        walk(n->u.slice.lower, fn, ctx);
        walk(n->u.slice.upper, fn, ctx);
        walk(n->u.slice.step, fn, ctx);
        break;
    case N_COMPREHENSION:
        walk(n->u.comprehension.target, fn, ctx);
        walk(n->u.comprehension.iter, fn, ctx);
        walk_list(&n->u.comprehension.ifs, fn, ctx);
        break;
    case N_EXCEPT_HANDLER:
        walk(n->u.handler.type, fn, ctx);
        walk_list(&n->u.handler.body, fn, ctx);
        break;
    case N_ARGUMENTS:
        walk_list(&n->u.arguments.posonlyargs, fn, ctx);
        walk_list(&n->u.arguments.args, fn, ctx);
        walk(n->u.arguments.vararg, fn, ctx);
        walk_list(&n->u.arguments.kwonlyargs, fn, ctx);
        walk_list(&n->u.arguments.kw_defaults, fn, ctx);
        walk(n->u.arguments.kwarg, fn, ctx);
        walk_list(&n->u.arguments.defaults, fn, ctx);
        break;
    case N_ARG: walk(n->u.arg.annotation, fn, ctx); break;
    case N_KEYWORD: walk(n->u.keyword.value, fn, ctx); break;
    case N_WITHITEM:
        walk(n->u.withitem.context_expr, fn, ctx);
        walk(n->u.withitem.optional_vars, fn, ctx);
        break;
    case N_MATCH_CASE:
        walk(n->u.match_case.guard, fn, ctx);
        walk_list(&n->u.match_case.body, fn, ctx);
        break;
    case N_MATCH_VALUE: walk(n->u.match_value.value, fn, ctx); break;
    case N_IMPORT: case N_IMPORT_FROM: case N_GLOBAL: case N_NONLOCAL: case N_PASS:
    case N_BREAK: case N_CONTINUE: case N_CONSTANT: case N_NAME: case N_ALIAS:
    case N_MATCH_SINGLETON: case N_MATCH_SEQUENCE: case N_MATCH_MAPPING: case N_MATCH_CLASS:
    case N_MATCH_STAR: case N_MATCH_AS: case N_MATCH_OR: case N_KIND_COUNT:
        break;
    }
}

/* ---- evidence about each parameter -------------------------------------------- */

enum { MAX_RANK = 8 };

typedef struct Evidence {
    const char *name;
    bool tensor;                       /* used as a tensor */
    bool dtype;                        /* used as a dtype (dtype=P, P == nl.float32) */
    int rank_exact;                    /* from unpacking P.shape; 0: none */
    int rank_min;
    const char *dim_name[MAX_RANK];    /* names the kernel gives its dims */
    int tuple_n;                       /* from `a, b = P` */
    const char *tuple_name[MAX_RANK];
    int const_index_max;               /* P[c] with constant c: max c + 1 */
} Evidence;

enum { MAX_CALL_DEPTH = 3 };

typedef struct Prepass {
    const Node *root;
    Evidence *ev;
    int n;
    bool uses_grid;
    int grid_axes;                     /* max constant axis + 1 of program_id(k) */
    PlanResolver resolve;              /* callee name -> its def, or NULL */
    void *rctx;
    int depth;                         /* of calls followed */
    Arena *arena;
} Prepass;

static Evidence *evidence_for(Prepass *p, const Node *e) {
    if (!e || e->kind != N_NAME) return NULL;
    for (int i = 0; i < p->n; i++)
        if (strcmp(p->ev[i].name, e->u.name.id) == 0) return &p->ev[i];
    return NULL;
}

static bool const_int(const Node *e, int64_t *out) {
    if (e && e->kind == N_CONSTANT && e->u.constant.value.kind == CONST_INT && !e->u.constant.value.big) {
        *out = e->u.constant.value.i;
        return true;
    }
    if (e && e->kind == N_UNARY_OP && e->u.unary.op == UOP_USUB && const_int(e->u.unary.operand, out)) {
        *out = -*out;
        return true;
    }
    return false;
}

/* `P.shape` */
static Evidence *shape_of(Prepass *p, const Node *e) {
    if (!e || e->kind != N_ATTRIBUTE || strcmp(e->u.attribute.attr, "shape") != 0) return NULL;
    return evidence_for(p, e->u.attribute.value);
}

static void note_rank(Evidence *ev, int r) {
    if (r > ev->rank_min) ev->rank_min = r > MAX_RANK ? MAX_RANK : r;
}

/* Attributes that only tensors have, among those kernels use. */
static const char *const tensor_attrs[] = {"shape", "dtype", "reshape", "ndim", "ap", "buffer",
                                           "view", "bitcast", "tensor", "offset"};

/* NKI calls whose arguments are tensors (never sizes). */
static const char *const tensor_calls[] = {
    "load", "store", "load_transpose2d", "dma_copy", "dma_transpose", "nc_matmul", "matmul",
    "nc_transpose", "transpose", "tensor_copy", "activation", "activation_reduce", "tensor_tensor",
    "tensor_scalar", "tensor_reduce", "exp", "sum", "max", "min", "mean", "add", "multiply",
    "subtract", "copy", "iota", "memset", "select", "where", "softmax", "rms_norm", "dropout",
    "bn_stats", "bn_aggr", "shared_constant", "nc_match_replace8", "max8",
};

static bool in_list(const char *s, const char *const *list, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0) return true;
    return false;
}

/* The last `return` of a body, not looking into nested definitions. */
static const Node *last_return(const NodeList *body) {
    const Node *r = NULL;
    for (int i = 0; i < body->n; i++) {
        const Node *s = body->v[i], *x = NULL;
        NodeKind k = s->kind;
        if (k == N_RETURN) {
            x = s;
        } else if (k == N_IF || k == N_WHILE) {
            if (!(x = last_return(&s->u.cond.orelse))) x = last_return(&s->u.cond.body);
        } else if (k == N_FOR || k == N_ASYNC_FOR) {
            if (!(x = last_return(&s->u.for_.orelse))) x = last_return(&s->u.for_.body);
        } else if (k == N_WITH || k == N_ASYNC_WITH) {
            x = last_return(&s->u.with.body);
        } else if (k == N_TRY || k == N_TRY_STAR) {
            if (!(x = last_return(&s->u.try_.finalbody)) && !(x = last_return(&s->u.try_.orelse)))
                x = last_return(&s->u.try_.body);
        }
        if (x) r = x;
    }
    return r;
}

static const char *name_of(const Node *e) {
    return e && e->kind == N_NAME && strcmp(e->u.name.id, "_") != 0 ? e->u.name.id : NULL;
}

static bool prepass_visit(const Node *n, void *ctx);

/* The parameter names of a def, positional first. */
static int def_params(const Node *def, const char **out, int max, int *npos) {
    const Node *args = def->u.func.args;
    const NodeList *lists[3] = {&args->u.arguments.posonlyargs, &args->u.arguments.args,
                                &args->u.arguments.kwonlyargs};
    int n = 0;
    for (int l = 0; l < 3; l++) {
        if (l == 2) *npos = n;
        for (int i = 0; i < lists[l]->n && n < max; i++) out[n++] = lists[l]->v[i]->u.arg.arg;
    }
    return n;
}

static void merge_evidence(Evidence *into, const Evidence *e) {
    into->tensor |= e->tensor;
    into->dtype |= e->dtype;
    if (!into->rank_exact) into->rank_exact = e->rank_exact;
    if (e->rank_min > into->rank_min) into->rank_min = e->rank_min;
    for (int i = 0; i < MAX_RANK; i++)
        if (!into->dim_name[i]) into->dim_name[i] = e->dim_name[i];
    if (!into->tuple_n) {
        into->tuple_n = e->tuple_n;
        for (int i = 0; i < e->tuple_n; i++) into->tuple_name[i] = e->tuple_name[i];
    }
    if (e->const_index_max > into->const_index_max) into->const_index_max = e->const_index_max;
}

/* A parameter passed to a function of the kernel's module (a helper): what
 * the helper does with it counts too, a few calls deep. */
static void follow_call(Prepass *p, const Node *call) {
    const Node *f = call->u.call.func;
    if (!p->resolve || p->depth >= MAX_CALL_DEPTH || f->kind != N_NAME) return;
    const Node *def = p->resolve(p->rctx, f->u.name.id);
    if (!def || def == p->root || (def->kind != N_FUNCTION_DEF && def->kind != N_ASYNC_FUNCTION_DEF)) return;
    enum { MAXP = 32 };
    const char *names[MAXP];
    int npos = 0;
    int n = def_params(def, names, MAXP, &npos);
    Evidence sub_ev[MAXP];
    memset(sub_ev, 0, sizeof sub_ev);
    for (int i = 0; i < n; i++) sub_ev[i].name = names[i];
    Prepass sub = {def, sub_ev, n, false, 0, p->resolve, p->rctx, p->depth + 1, p->arena};
    bool any = false;
    for (int i = 0; i < call->u.call.args.n && i < npos; i++) any |= evidence_for(p, call->u.call.args.v[i]) != NULL;
    for (int i = 0; i < call->u.call.keywords.n; i++)
        any |= evidence_for(p, call->u.call.keywords.v[i]->u.keyword.value) != NULL;
    if (!any) return;
    walk_list(&def->u.func.body, prepass_visit, &sub);
    p->uses_grid |= sub.uses_grid;
    if (sub.grid_axes > p->grid_axes) p->grid_axes = sub.grid_axes;
    for (int i = 0; i < call->u.call.args.n && i < npos; i++) {
        Evidence *ev = evidence_for(p, call->u.call.args.v[i]);
        if (ev) merge_evidence(ev, &sub_ev[i]);
    }
    for (int i = 0; i < call->u.call.keywords.n; i++) {
        const Node *kw = call->u.call.keywords.v[i];
        Evidence *ev = evidence_for(p, kw->u.keyword.value);
        if (!ev || !kw->u.keyword.arg) continue;
        for (int j = 0; j < n; j++)
            if (strcmp(names[j], kw->u.keyword.arg) == 0) merge_evidence(ev, &sub_ev[j]);
    }
}

/* `nl.float32`, `np.int8`, `x.dtype`: an expression that reads as a dtype. */
static bool dtype_like(const Node *e) {
    if (!e || e->kind != N_ATTRIBUTE) return false;
    const char *a = e->u.attribute.attr;
    return strcmp(a, "dtype") == 0 || strncmp(a, "float", 5) == 0 || strncmp(a, "bfloat", 6) == 0 ||
           strncmp(a, "int", 3) == 0 || strncmp(a, "uint", 4) == 0 || strncmp(a, "tfloat", 6) == 0 ||
           strcmp(a, "bool_") == 0;
}

static bool prepass_visit(const Node *n, void *ctx) {
    Prepass *p = ctx;
    if (n->kind == N_ASSIGN) {
        const Node *value = n->u.assign.value;
        for (int t = 0; t < n->u.assign.targets.n; t++) {
            const Node *tg = n->u.assign.targets.v[t];
            Evidence *ev;
            if ((tg->kind == N_TUPLE || tg->kind == N_LIST) && (ev = shape_of(p, value))) {
                /* K, M = P.shape */
                int k = tg->u.seq.elts.n;
                if (!ev->rank_exact) {
                    ev->rank_exact = k > MAX_RANK ? MAX_RANK : k;
                    for (int i = 0; i < ev->rank_exact; i++)
                        if (!ev->dim_name[i]) ev->dim_name[i] = name_of(tg->u.seq.elts.v[i]);
                }
            } else if ((tg->kind == N_TUPLE || tg->kind == N_LIST) && (ev = evidence_for(p, value))) {
                /* a, b = P */
                int k = tg->u.seq.elts.n > MAX_RANK ? MAX_RANK : tg->u.seq.elts.n;
                if (!ev->tuple_n) {
                    ev->tuple_n = k;
                    for (int i = 0; i < k; i++) ev->tuple_name[i] = name_of(tg->u.seq.elts.v[i]);
                }
            } else if (tg->kind == N_NAME && value->kind == N_SUBSCRIPT &&
                       (ev = shape_of(p, value->u.subscript.value))) {
                /* x = P.shape[i] */
                int64_t i;
                if (const_int(value->u.subscript.slice, &i) && i >= 0 && i < MAX_RANK && !ev->dim_name[i])
                    ev->dim_name[i] = name_of(tg);
            }
        }
        return true;
    }
    if (n->kind == N_ATTRIBUTE) {
        Evidence *ev = evidence_for(p, n->u.attribute.value);
        if (ev && in_list(n->u.attribute.attr, tensor_attrs, KCV_ARRAY_LEN(tensor_attrs))) ev->tensor = true;
        const char *a = n->u.attribute.attr;
        if (strcmp(a, "program_id") == 0 || strcmp(a, "num_programs") == 0 ||
            strcmp(a, "program_ndim") == 0 || strcmp(a, "spmd_dim") == 0)
            p->uses_grid = true;
        return true;
    }
    if (n->kind == N_NAME) {
        const char *a = n->u.name.id;
        if (strcmp(a, "program_id") == 0 || strcmp(a, "num_programs") == 0 || strcmp(a, "program_ndim") == 0)
            p->uses_grid = true;
        return true;
    }
    if (n->kind == N_COMPARE) {
        /* P == nl.float32, P != nl.float4_e2m1fn_x4, P in (nl.bfloat16, ...) */
        const Node *l = n->u.compare.left;
        for (int i = 0; i < n->u.compare.comparators.n; i++) {
            const Node *r = n->u.compare.comparators.v[i];
            Evidence *ev = evidence_for(p, l);
            if (ev && dtype_like(r)) ev->dtype = true;
            ev = evidence_for(p, r);
            if (ev && dtype_like(l)) ev->dtype = true;
            if (r->kind == N_TUPLE && (ev = evidence_for(p, l)))
                for (int k = 0; k < r->u.seq.elts.n; k++)
                    if (dtype_like(r->u.seq.elts.v[k])) ev->dtype = true;
            l = r;
        }
        return true;
    }
    if (n->kind == N_SUBSCRIPT) {
        const Node *base = n->u.subscript.value, *idx = n->u.subscript.slice;
        Evidence *ev = shape_of(p, base);
        int64_t i;
        if (ev) {
            ev->tensor = true;
            if (const_int(idx, &i) && i >= 0) note_rank(ev, (int)i + 1);
            return true;
        }
        ev = evidence_for(p, base);
        if (ev) {
            if (const_int(idx, &i)) {
                if (i >= 0 && i + 1 > ev->const_index_max) ev->const_index_max = (int)(i + 1);
            } else {
                ev->tensor = true;
                note_rank(ev, idx->kind == N_TUPLE ? idx->u.seq.elts.n : 1);
            }
        }
        return true;
    }
    if (n->kind == N_CALL) {
        const Node *f = n->u.call.func;
        const char *callee = f->kind == N_ATTRIBUTE ? f->u.attribute.attr : f->kind == N_NAME ? f->u.name.id : "";
        if (strcmp(callee, "program_id") == 0 || strcmp(callee, "num_programs") == 0) {
            int64_t axis = 0;
            if (n->u.call.args.n > 0 && const_int(n->u.call.args.v[0], &axis) && axis >= 0 && axis < 3) {
                if (axis + 1 > p->grid_axes) p->grid_axes = (int)axis + 1;
            } else if (p->grid_axes < 1) {
                p->grid_axes = 1;
            }
        }
        for (int i = 0; i < n->u.call.keywords.n; i++) {
            const Node *kw = n->u.call.keywords.v[i];
            Evidence *ev = evidence_for(p, kw->u.keyword.value);
            if (ev && kw->u.keyword.arg && strcmp(kw->u.keyword.arg, "dtype") == 0) ev->dtype = true;
        }
        follow_call(p, n);
        if (f->kind == N_ATTRIBUTE && in_list(callee, tensor_calls, KCV_ARRAY_LEN(tensor_calls))) {
            for (int i = 0; i < n->u.call.args.n; i++) {
                Evidence *ev = evidence_for(p, n->u.call.args.v[i]);
                if (ev) ev->tensor = true;
            }
            for (int i = 0; i < n->u.call.keywords.n; i++) {
                Evidence *ev = evidence_for(p, n->u.call.keywords.v[i]->u.keyword.value);
                if (ev) ev->tensor = true;
            }
        }
        return true;
    }
    return true;
}

/* ---- the plan ------------------------------------------------------------------- */

static void add_assumption(KernelPlan *plan, const char *fmt, ...) KCV_PRINTF(2, 3);

static void add_assumption(KernelPlan *plan, const char *fmt, ...) {
    StrBuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&b, fmt, ap);
    va_end(ap);
    vec_push(&plan->assumptions, kcv_strndup(sb_str(&b), b.len));
    sb_free(&b);
}

/* The source text of a node (one line at most, for messages). */
static char *node_text(Arena *a, const SourceFile *f, const Node *n) {
    if (!f || !n || n->span.line < 1 || n->span.line > f->nlines) return arena_strndup(a, "?", 1);
    int len;
    const char *line = source_line(f, n->span.line, &len);
    int from = n->span.col < len ? n->span.col : len;
    int to = n->span.end_line == n->span.line && n->span.end_col <= len ? n->span.end_col : len;
    if (to < from) to = from;
    return arena_strndup(a, line + from, (size_t)(to - from));
}

static bool is_int_text(const char *s) {
    if (*s == '-' || *s == '+') s++;
    if (!*s) return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return false;
    return true;
}

typedef Vec(const char *) NameSet;

static bool name_used(const NameSet *s, const char *n) {
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->v[i], n) == 0) return true;
    return false;
}

static const CheckShape *shape_opt(const CheckOptions *o, const char *arg) {
    for (int i = 0; i < o->shapes.n; i++)
        if (strcmp(o->shapes.v[i].arg, arg) == 0) return &o->shapes.v[i];
    return NULL;
}

static const char *kv_opt(const CheckKV *kv, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(kv[i].name, name) == 0) return kv[i].value;
    return NULL;
}

/* The dtypes of --dtype-set (a comma-separated list; NULL: float32,
 * bfloat16, float16) as a mask; false (reported) on a bad list. */
static bool parse_dtype_set(CheckRun *run, const char *list, unsigned *mask) {
    *mask = 0;
    if (!list) {
        *mask = 1u << DT_FLOAT32 | 1u << DT_BFLOAT16 | 1u << DT_FLOAT16;
        return true;
    }
    for (const char *p = list;;) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        char name[32];
        NkiDtype d;
        if (len >= sizeof name) len = sizeof name - 1;
        memcpy(name, p, len);
        name[len] = '\0';
        if (!nki_dtype_parse(name, &d)) {
            fprintf(run->err, "kcv check: --dtype-set %s: unknown dtype '%s'\n", list, name);
            return false;
        }
        *mask |= 1u << d;
        if (!c) break;
        p = c + 1;
    }
    return true;
}

void plan_name_dtypes(const KernelPlan *plan, bool observed, CheckDiag *d) {
    if (!plan->dtype_name) return;
    for (int i = 0; i < d->ncex; i++) {
        SymCexEntry *e = &d->cex[i];
        if (strcmp(e->name, plan->dtype_name) != 0) continue;
        if (!observed) {
            kcv_free(e->name);
            kcv_free(e->value);
            memmove(e, e + 1, sizeof *e * (size_t)(d->ncex - i - 1));
            d->ncex--;
            return;
        }
        char *end;
        long v = strtol(e->value, &end, 10);
        if (*e->value && !*end && v >= 0 && v < DT_COUNT) {
            kcv_free(e->value);
            const char *nm = nki_dtype_name((NkiDtype)v);
            e->value = kcv_strndup(nm, strlen(nm));
        }
        return;
    }
}

bool plan_kernel(CheckRun *run, const Node *def, const SourceFile *file, PlanResolver resolve, void *rctx,
                 KernelPlan *plan) {
    const CheckOptions *o = run->opt;
    Arena *A = &run->arena;
    memset(plan, 0, sizeof *plan);
    const Node *args = def->u.func.args;
    const NodeList *pos = &args->u.arguments.posonlyargs, *reg = &args->u.arguments.args;
    const NodeList *kwo = &args->u.arguments.kwonlyargs;
    int npos = pos->n + reg->n, n = npos + kwo->n;
    int ndefaults = args->u.arguments.defaults.n;
    plan->def_loc = (Loc){file, def->span.line, def->span.col, def->span.line, def->span.col + 3};
    /* the name after `def`, for the caret */
    int len;
    const char *line = source_line(file, def->span.line, &len);
    const char *at = line ? strstr(line, def->u.func.name) : NULL;
    if (at && at - line < len) {
        plan->def_loc.col = (int)(at - line);
        plan->def_loc.end_col = plan->def_loc.col + (int)strlen(def->u.func.name);
    }

    Prepass p = {def, arena_alloc(A, sizeof(Evidence) * (size_t)(n ? n : 1)), n, false, 0, resolve, rctx, 0, A};
    for (int i = 0; i < n; i++) {
        const Node *a = i < pos->n ? pos->v[i] : i < npos ? reg->v[i - pos->n] : kwo->v[i - npos];
        p.ev[i].name = a->u.arg.arg;
    }
    walk_list(&def->u.func.body, prepass_visit, &p);
    plan->uses_grid = p.uses_grid;
    const Node *r = last_return(&def->u.func.body);
    if (r) {
        plan->return_loc = (Loc){file, r->span.line, r->span.col, r->span.end_line, r->span.end_col};
        if (r->u.ret.value && r->u.ret.value->kind == N_NAME) plan->return_text = r->u.ret.value->u.name.id;
    } else {
        plan->return_loc = plan->def_loc;
    }

    /* Names: parameters and --shape names are taken; the kernel's own names
     * for dims are used when free, so no two dims share a symbol unless
     * --shape says so. */
    NameSet used = {0};
    for (int i = 0; i < n; i++) vec_push(&used, p.ev[i].name);
    for (int i = 0; i < o->shapes.n; i++)
        for (int j = 0; j < o->shapes.v[i].ndims; j++)
            if (!is_int_text(o->shapes.v[i].dims[j])) vec_push(&used, o->shapes.v[i].dims[j]);

    /* the dtypes inputs without --dtype range over */
    unsigned dtype_mask = 0;
    if (!parse_dtype_set(run, o->dtype_set, &dtype_mask)) {
        vec_free(&used);
        return false;
    }
    enum { MAX_OPEN = 64 };
    int open_assumption[MAX_OPEN];   /* assumptions to finish with the open dtype's name */
    const char *open_tensor[MAX_OPEN];
    int nopen = 0;

    plan->params = arena_alloc(A, sizeof(ParamPlan) * (size_t)(n ? n : 1));
    plan->nparams = n;
    bool any_dim = false;
    for (int i = 0; i < n; i++) {
        ParamPlan *pp = &plan->params[i];
        Evidence *ev = &p.ev[i];
        pp->name = ev->name;
        pp->kwonly = i >= npos;
        bool has_default = i < npos ? i >= npos - ndefaults : args->u.arguments.kw_defaults.v[i - npos] != NULL;
        const CheckShape *sh = shape_opt(o, ev->name);
        const char *dt = kv_opt(o->dtypes.v, o->dtypes.n, ev->name);
        const char *expr = kv_opt(o->scalars.v, o->scalars.n, ev->name);
        if (expr) {
            pp->kind = PARAM_EXPR;
            pp->expr = expr;
            add_assumption(plan, "%s = %s (--scalar)", ev->name, expr);
            continue;
        }
        if (has_default && !sh && !dt) {
            pp->kind = PARAM_DEFAULT;
            const Node *d = i < npos ? args->u.arguments.defaults.v[i - (npos - ndefaults)]
                                     : args->u.arguments.kw_defaults.v[i - npos];
            add_assumption(plan, "%s = %s (default)", ev->name, node_text(A, file, d));
            continue;
        }
        bool tensor = sh || dt || ev->tensor || ev->rank_exact;
        if (!tensor && ev->dtype) {
            pp->kind = PARAM_DTYPE;
            add_assumption(plan, "%s: a dtype (no default; --scalar %s=nl.DTYPE to choose one)", ev->name,
                           ev->name);
            continue;
        }
        if (!tensor && (ev->tuple_n || ev->const_index_max)) {
            pp->kind = PARAM_TUPLE;
            pp->ntuple = ev->tuple_n > ev->const_index_max ? ev->tuple_n : ev->const_index_max;
            pp->tuple_names = arena_alloc(A, sizeof(char *) * (size_t)pp->ntuple);
            StrBuf b = {0};
            for (int k = 0; k < pp->ntuple; k++) {
                const char *nm = k < ev->tuple_n ? ev->tuple_name[k] : NULL;
                if (!nm || name_used(&used, nm)) nm = arena_printf(A, "%s[%d]", ev->name, k);
                vec_push(&used, nm);
                pp->tuple_names[k] = nm;
                sb_printf(&b, "%s%s", k ? ", " : "", nm);
            }
            add_assumption(plan, "%s = (%s%s): ints, unconstrained", ev->name, sb_str(&b),
                           pp->ntuple == 1 ? "," : "");
            sb_free(&b);
            continue;
        }
        if (!tensor) {
            pp->kind = PARAM_INT;
            add_assumption(plan, "%s: an int, unconstrained", ev->name);
            continue;
        }
        pp->kind = PARAM_TENSOR;
        if (sh) {
            pp->rank = sh->ndims;
        } else if (ev->rank_exact) {
            pp->rank = ev->rank_exact;
        } else if (ev->rank_min) {
            pp->rank = ev->rank_min;
        } else {
            pp->rank = 2;
            pp->rank_guessed = true;
        }
        pp->dim_names = arena_alloc(A, sizeof(char *) * (size_t)pp->rank);
        pp->dim_values = arena_alloc(A, sizeof(int64_t) * (size_t)pp->rank);
        StrBuf b = {0};
        for (int k = 0; k < pp->rank; k++) {
            if (sh) {
                const char *d = sh->dims[k];
                if (is_int_text(d)) {
                    pp->dim_values[k] = strtoll(d, NULL, 10);
                    pp->dim_names[k] = NULL;
                    sb_printf(&b, "%s%lld", k ? ", " : "", (long long)pp->dim_values[k]);
                    continue;
                }
                pp->dim_names[k] = d;
            } else {
                const char *nm = k < MAX_RANK ? ev->dim_name[k] : NULL;
                if (!nm || name_used(&used, nm)) nm = arena_printf(A, "%s.d%d", ev->name, k);
                vec_push(&used, nm);
                pp->dim_names[k] = nm;
            }
            any_dim = true;
            sb_printf(&b, "%s%s", k ? ", " : "", pp->dim_names[k]);
        }
        if (dt) {
            NkiDtype d;
            if (!nki_dtype_parse(dt, &d)) {
                fprintf(run->err, "kcv check: --dtype %s=%s: unknown dtype '%s'\n", ev->name, dt, dt);
                sb_free(&b);
                vec_free(&used);
                return false;
            }
            pp->dtype = (int)d;
            pp->dtype_given = true;
        } else if (nopen < MAX_OPEN) {
            pp->dtype_open = true;
            open_assumption[nopen] = plan->assumptions.n;
            open_tensor[nopen++] = ev->name;
        } else {
            fprintf(run->err, "kcv check: more than %d tensors without --dtype\n", MAX_OPEN);
            sb_free(&b);
            vec_free(&used);
            return false;
        }
        /* an open dtype's name is known at the end: "%s" is left for it */
        add_assumption(plan, "%s: HBM tensor [%s] of %s%s", ev->name, sb_str(&b),
                       pp->dtype_open ? "%s" : nki_dtype_name(pp->dtype),
                       pp->rank_guessed ? " (rank not evident in the kernel: assumed 2)" : "");
        sb_free(&b);
    }
    vec_free(&used);
    if (nopen) {
        plan->dtype_mask = dtype_mask;
        plan->dtype_name = nopen == 1 ? arena_printf(A, "%s.dtype", open_tensor[0]) : "inputs.dtype";
        for (int k = 0; k < nopen; k++) {
            char **s = &plan->assumptions.v[open_assumption[k]];
            StrBuf b = {0};
            const char *hole = strstr(*s, "%s");
            sb_put(&b, *s, (size_t)(hole - *s));
            sb_printf(&b, "%s%s", plan->dtype_name, hole + 2);
            kcv_free(*s);
            *s = kcv_strndup(sb_str(&b), b.len);
            sb_free(&b);
        }
        StrBuf set = {0}, who = {0};
        int nset = 0, k = 0;
        for (int d = 0; d < DT_COUNT; d++) nset += dtype_mask >> d & 1u;
        for (int d = 0; d < DT_COUNT; d++) {
            if (!(dtype_mask >> d & 1u)) continue;
            k++;
            sb_printf(&set, "%s%s", k == 1 ? "" : k == nset ? " or " : ", ", nki_dtype_name((NkiDtype)d));
        }
        for (k = 0; k < nopen; k++) sb_printf(&who, "%s%s", k ? ", " : "", open_tensor[k]);
        if (nopen == 1)
            add_assumption(plan, "%s: %s (--dtype %s=DTYPE fixes it, --dtype-set changes the set)",
                           plan->dtype_name, sb_str(&set), open_tensor[0]);
        else
            add_assumption(plan, "%s: %s, one dtype for all of %s (--dtype ARG=DTYPE fixes one, "
                           "--dtype-set changes the set)", plan->dtype_name, sb_str(&set), sb_str(&who));
        sb_free(&set);
        sb_free(&who);
    }
    if (any_dim) add_assumption(plan, "every symbolic dim is in [1, 2**31); every input tensor has fewer than 2**31 elements");
    if (o->grid_ndim > 0) {
        StrBuf b = {0};
        for (int k = 0; k < o->grid_ndim; k++) sb_printf(&b, "%s%lld", k ? ", " : "", (long long)o->grid[k]);
        add_assumption(plan, "launch grid [%s] (--grid)", sb_str(&b));
        sb_free(&b);
    } else if (plan->uses_grid && !o->no_grid) {
        add_assumption(plan, "launch grid of %d symbolic size%s, each >= 1", p.grid_axes ? p.grid_axes : 1,
                       p.grid_axes > 1 ? "s" : "");
    }
    plan->grid_axes = plan->uses_grid && o->grid_ndim == 0 && !o->no_grid ? (p.grid_axes ? p.grid_axes : 1) : 0;
    for (int i = 0; i < o->assumes.n; i++) add_assumption(plan, "%s (--assume)", o->assumes.v[i]);
    return true;
}

void check_kernel_info(Value *fn, Value *module, const SourceFile *file, CheckKernelInfo *out) {
    memset(out, 0, sizeof *out);
    const Node *def = fn->u.fn.def;
    const Node *args = def->u.func.args;
    const NodeList *pos = &args->u.arguments.posonlyargs, *reg = &args->u.arguments.args;
    const NodeList *kwo = &args->u.arguments.kwonlyargs;
    int npos = pos->n + reg->n, n = npos + kwo->n;
    int ndefaults = args->u.arguments.defaults.n;
    Prepass p = {def, kcv_calloc((size_t)(n ? n : 1), sizeof(Evidence)), n, false, 0, resolve_global, module, 0, NULL};
    out->params = kcv_calloc((size_t)(n ? n : 1), sizeof(CheckParam));
    out->nparams = n;
    for (int i = 0; i < n; i++) {
        const Node *a = i < pos->n ? pos->v[i] : i < npos ? reg->v[i - pos->n] : kwo->v[i - npos];
        p.ev[i].name = a->u.arg.arg;
        CheckParam *cp = &out->params[i];
        cp->name = a->u.arg.arg;
        cp->kwonly = i >= npos;
        cp->has_default = i < npos ? i >= npos - ndefaults : args->u.arguments.kw_defaults.v[i - npos] != NULL;
        cp->loc = (Loc){file, a->span.line, a->span.col, a->span.end_line, a->span.end_col};
    }
    walk_list(&def->u.func.body, prepass_visit, &p);
    for (int i = 0; i < n; i++) out->params[i].tensor = p.ev[i].tensor || p.ev[i].rank_exact;
    out->def_loc = (Loc){file, def->span.line, def->span.col, def->span.line, def->span.col + 3};
    int len;
    const char *line = source_line(file, def->span.line, &len);
    const char *at = line ? strstr(line, def->u.func.name) : NULL;
    if (at && at - line < len) {
        out->def_loc.col = (int)(at - line);
        out->def_loc.end_col = out->def_loc.col + (int)strlen(def->u.func.name);
    }
    const Node *r = last_return(&def->u.func.body);
    if (r) {
        out->return_loc = (Loc){file, r->span.line, r->span.col, r->span.end_line, r->span.end_col};
        if (r->u.ret.value && r->u.ret.value->kind == N_NAME) out->return_text = r->u.ret.value->u.name.id;
    } else {
        out->return_loc = out->def_loc;
    }
    kcv_free(p.ev);
}

void check_kernel_info_free(CheckKernelInfo *k) {
    kcv_free(k->params);
    memset(k, 0, sizeof *k);
}

void plan_free(KernelPlan *plan) {
    for (int i = 0; i < plan->assumptions.n; i++) kcv_free(plan->assumptions.v[i]);
    vec_free(&plan->assumptions);
}

/* ---- expressions from the command line ------------------------------------------- */

static const char *const py_keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
};

static bool is_identifier(const char *s) {
    if (!*s || !(isalpha((unsigned char)*s) || *s == '_')) return false;
    for (const char *c = s; *c; c++)
        if (!(isalnum((unsigned char)*c) || *c == '_')) return false;
    return !in_list(s, py_keywords, KCV_ARRAY_LEN(py_keywords));
}

void check_exprs_init(CheckExprs *x, Interner *names, const char *cmd, FILE *err) {
    memset(x, 0, sizeof *x);
    x->names = names;
    arena_init(&x->arena);
    x->cmd = cmd;
    x->err = err;
}

void check_exprs_free(CheckExprs *x) {
    for (int i = 0; i < x->v.n; i++) kcv_free(x->v.v[i].text);
    vec_free(&x->v);
    for (int i = 0; i < x->texts.n; i++) source_free(x->texts.v[i]);
    vec_free(&x->texts);
    arena_free(&x->arena);
}

/* A function `def __kcv_expr__(params): return (EXPR)` whose globals are
 * those of `module`: EXPR sees the kernel module's names (private ones
 * too) and the parameters.  NULL when it does not parse (reported). */
static Value *expr_function(CheckExprs *x, Interp *I, Value *module, const char *label, const char *expr,
                            const char *const *params, int n) {
    StrBuf b = {0};
    sb_puts(&b, "def __kcv_expr__(");
    for (int i = 0; i < n; i++) sb_printf(&b, "%s%s", i ? ", " : "", params[i]);
    sb_printf(&b, "):\n    return (\n%s\n)\n", expr);
    const CheckExprEntry *e = NULL;
    for (int i = 0; i < x->v.n && !e; i++)
        if (strcmp(x->v.v[i].text, sb_str(&b)) == 0) e = &x->v.v[i];
    if (!e) {
        SourceFile *f = source_from_string(label, sb_str(&b), b.len);
        vec_push(&x->texts, f);
        DiagSink diags;
        diag_init(&diags);
        Node *mod = parse_module(f, x->names, &x->arena, &diags);
        if (!mod || diags.errors) {
            fprintf(x->err, "%s: %s: not a Python expression: %s\n", x->cmd, label, expr);
            x->bad_input = true;
            diag_free(&diags);
            sb_free(&b);
            return NULL;
        }
        diag_free(&diags);
        CheckExprEntry ne = {kcv_strndup(sb_str(&b), b.len), mod, f};
        vec_push(&x->v, ne);
        e = &x->v.v[x->v.n - 1];
    }
    sb_free(&b);
    /* one module name per expression: a run may evaluate several */
    char modname[48];
    snprintf(modname, sizeof modname, "__kcv_expr_%d__", (int)(e - x->v.v));
    Value *m = interp_run_module(I, e->mod, e->file, intern_cstr(I->names, modname), false);
    if (!m) return NULL;
    Value *fn = dict_get_str(&m->u.module.globals, intern_cstr(I->names, "__kcv_expr__"));
    if (!fn || fn->kind != V_FUNCTION) return NULL;
    /* the kernel module's names, private ones too, as globals of the
     * expression (locations stay in the expression's pseudo-file) */
    const Dict *g = &module->u.module.globals;
    for (int i = 0; i < g->n; i++)
        if (!dict_get(&m->u.module.globals, g->v[i].key)) dict_set(I, &m->u.module.globals, g->v[i].key, g->v[i].value);
    return fn;
}

Value *check_expr_eval(CheckExprs *x, Interp *I, Value *module, const char *label, const char *expr,
                       const char *const *params, Value **vals, int n) {
    Value *fn = expr_function(x, I, module, label, expr, params, n);
    if (!fn) return NULL;
    CallArgs args = {vals, n, NULL, NULL, 0};
    return interp_call(I, fn, &args, (Loc){0});
}

/* ---- arguments of one run ----------------------------------------------------------- */

typedef struct Binding {
    const char *name;
    Value *v;
} Binding;

typedef Vec(Binding) Bindings;

static Value *lookup(Bindings *b, const char *name) {
    for (int i = 0; i < b->n; i++)
        if (strcmp(b->v[i].name, name) == 0) return b->v[i].v;
    return NULL;
}

/* A symbolic input, made once per name in a run. */
static Value *sym_int_input(CheckRun *run, Interp *I, Bindings *b, const char *name, bool is_dim) {
    Value *v = lookup(b, name);
    if (v) return v;
    SymDomain *d = &run->dom;
    SymTerm *t = sym_input(d, name, false);
    v = t ? v_sym_int(I, t) : v_unknown(I, (Loc){0}, "cannot make input %s", name);
    if (t && is_dim) {
        /* 1 <= dim < 2**31 */
        const DomainOps *ops = &sym_domain_ops;
        SymTerm *lo = ops->int_cmp(d, CMP_GTE, t, ops->int_lit(d, 1));
        SymTerm *hi = ops->int_cmp(d, CMP_LT, t, ops->int_lit(d, (int64_t)1 << 31));
        sym_assume_term(d, ops->bool_and(d, lo, hi), (Loc){0});
    }
    Binding bd = {name, v};
    vec_push(b, bd);
    return v;
}

bool build_args(CheckRun *run, Interp *I, NkiCtx *ctx, Value *module, const KernelPlan *plan, CallArgs *out) {
    const CheckOptions *o = run->opt;
    Bindings names = {0};
    Vec(Value *) pos = {0};
    Vec(Value *) kw = {0};
    Vec(const char *) kwnames = {0};
    bool ok = true;

    /* the launch grid */
    if (o->grid_ndim > 0) {
        ctx->grid_ndim = o->grid_ndim;
        for (int k = 0; k < o->grid_ndim; k++) ctx->grid[k] = v_int(I, o->grid[k]);
    } else if (plan->grid_axes > 0) {
        ctx->grid_ndim = plan->grid_axes;
        for (int k = 0; k < plan->grid_axes; k++) {
            char nm[32];
            snprintf(nm, sizeof nm, "grid[%d]", k);
            ctx->grid[k] = sym_int_input(run, I, &names, arena_strndup(&run->arena, nm, strlen(nm)), true);
        }
    }

    /* the symbolic ints in the order of the parameters, then the open
     * dtype (counterexamples list them so) */
    for (int i = 0; i < plan->nparams; i++) {
        const ParamPlan *pp = &plan->params[i];
        if (pp->kind == PARAM_INT) sym_int_input(run, I, &names, pp->name, false);
        for (int k = 0; pp->kind == PARAM_TUPLE && k < pp->ntuple; k++)
            sym_int_input(run, I, &names, pp->tuple_names[k], false);
        for (int k = 0; pp->kind == PARAM_TENSOR && k < pp->rank; k++)
            if (pp->dim_names[k]) sym_int_input(run, I, &names, pp->dim_names[k], true);
    }
    Value *open_dtype = NULL;
    if (plan->dtype_name) {
        Value *var = sym_int_input(run, I, &names, plan->dtype_name, false);
        /* var is one of the set: lo <= var <= hi when the set has no gap */
        SymTerm *in = NULL;
        const DomainOps *ops = &sym_domain_ops;
        unsigned m = plan->dtype_mask;
        int lo = 0, hi = DT_COUNT - 1;
        while (lo < hi && !(m >> lo & 1u)) lo++;
        while (hi > lo && !(m >> hi & 1u)) hi--;
        bool range = m == (((2u << hi) - 1) & ~((1u << lo) - 1));
        for (int d = lo; d <= hi && var->kind == V_INT && var->u.i.sym; d++) {
            if (range) {
                SymTerm *x = var->u.i.sym;
                in = ops->bool_and(&run->dom, ops->int_cmp(&run->dom, CMP_GTE, x, ops->int_lit(&run->dom, lo)),
                                   ops->int_cmp(&run->dom, CMP_LTE, x, ops->int_lit(&run->dom, hi)));
                break;
            }
            if (!(m >> d & 1u)) continue;
            SymTerm *eq = ops->int_cmp(&run->dom, CMP_EQ, var->u.i.sym, ops->int_lit(&run->dom, d));
            in = in ? ops->bool_or(&run->dom, in, eq) : eq;
        }
        if (in) sym_assume_term(&run->dom, in, (Loc){0});
        open_dtype = nki_dtype_choice(I, ctx, plan->dtype_name, var, plan->dtype_mask, &run->dtype_observed);
    }

    bool by_keyword = false;   /* after a parameter left to its default */
    for (int i = 0; i < plan->nparams && ok; i++) {
        const ParamPlan *pp = &plan->params[i];
        Value *v = NULL;
        switch (pp->kind) {
        case PARAM_DEFAULT:
            by_keyword = true;
            continue;
        case PARAM_DTYPE:
            /* no value to give: the driver does not run such a kernel */
            ok = false;
            continue;
        case PARAM_INT:
            v = sym_int_input(run, I, &names, pp->name, false);
            break;
        case PARAM_TUPLE:
            v = v_tuple(I, pp->ntuple);
            for (int k = 0; k < pp->ntuple; k++)
                v->u.seq.v[k] = sym_int_input(run, I, &names, pp->tuple_names[k], false);
            break;
        case PARAM_TENSOR: {
            Value **dims = arena_alloc(I->arena, sizeof(Value *) * (size_t)pp->rank);
            for (int k = 0; k < pp->rank; k++)
                dims[k] = pp->dim_names[k] ? sym_int_input(run, I, &names, pp->dim_names[k], true)
                                           : v_int(I, pp->dim_values[k]);
            v = nki_input_tensor(I, ctx, pp->name, dims, pp->rank,
                                 pp->dtype_open ? open_dtype : nki_dtype_value(I, (NkiDtype)pp->dtype));
            break;
        }
        case PARAM_EXPR: {
            char label[300];
            snprintf(label, sizeof label, "<--scalar %s>", pp->name);
            v = check_expr_eval(&run->exprs, I, module, arena_strndup(&run->arena, label, strlen(label)),
                                pp->expr, NULL, NULL, 0);
            break;
        }
        }
        if (!v || I->unwind != UNWIND_NONE) {
            ok = false;
            break;
        }
        Binding bd = {pp->name, v};
        vec_push(&names, bd);
        if (pp->kwonly || by_keyword) {
            vec_push(&kwnames, intern_cstr(I->names, pp->name));
            vec_push(&kw, v);
        } else {
            vec_push(&pos, v);
        }
    }

    /* --assume: a function of every name in scope */
    for (int i = 0; i < o->assumes.n && ok; i++) {
        Vec(const char *) pn = {0};
        Vec(Value *) pv = {0};
        for (int k = 0; k < names.n; k++) {
            if (!is_identifier(names.v[k].name)) continue;
            bool dup = false;
            for (int j = 0; j < pn.n; j++) dup |= strcmp(pn.v[j], names.v[k].name) == 0;
            if (dup) continue;
            vec_push(&pn, names.v[k].name);
            vec_push(&pv, names.v[k].v);
        }
        char label[64];
        snprintf(label, sizeof label, "<--assume %d>", i + 1);
        Value *c = check_expr_eval(&run->exprs, I, module, arena_strndup(&run->arena, label, strlen(label)),
                                   o->assumes.v[i], pn.v, pv.v, pn.n);
        vec_free(&pn);
        vec_free(&pv);
        if (!c || I->unwind != UNWIND_NONE) {
            ok = false;
            break;
        }
        if (!(c->kind == V_BOOL || c->kind == V_INT)) {
            fprintf(run->err, "kcv check: --assume %s: not a condition (a %s)\n", o->assumes.v[i],
                    value_type_name(c));
            run->bad_input = true;
            ok = false;
            break;
        }
        sym_assume(&run->dom, c, (Loc){0});
    }

    out->npos = pos.n;
    out->pos = arena_alloc(I->arena, sizeof(Value *) * (size_t)(pos.n ? pos.n : 1));
    if (pos.n) memcpy(out->pos, pos.v, sizeof(Value *) * (size_t)pos.n);
    out->nkw = kw.n;
    out->kw = arena_alloc(I->arena, sizeof(Value *) * (size_t)(kw.n ? kw.n : 1));
    out->kwnames = arena_alloc(I->arena, sizeof(char *) * (size_t)(kw.n ? kw.n : 1));
    if (kw.n) {
        memcpy(out->kw, kw.v, sizeof(Value *) * (size_t)kw.n);
        memcpy(out->kwnames, kwnames.v, sizeof(char *) * (size_t)kw.n);
    }
    vec_free(&names);
    vec_free(&pos);
    vec_free(&kw);
    vec_free(&kwnames);
    return ok;
}
