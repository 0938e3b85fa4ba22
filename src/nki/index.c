/* index.c - legacy (G1) index tiles and masks.
 *
 * nl.arange(n) is a 1-D index tile; `[:, None]` / `[None, :]` place it on
 * an axis; nl.mgrid[0:a, 0:b] makes one tile per axis.  Tiles combine by
 * + and - with each other and with ints (program ids, loop indices), and
 * are scaled by ints: the result stays affine, c0 + sum coef_k * x_k over
 * the axes x_k of the tile's shape, with numpy broadcasting between tiles.
 * Comparing tiles gives a Mask: a conjunction of affine constraints over
 * the axes (f >= 0, f == 0, f != 0), combined with `&`.
 *
 * Anything non-affine (tile * tile, tile // n, tile % n) is V_UNKNOWN with
 * its reason: kcv does not pretend to know an index it cannot represent.
 */
#include "nki_int.h"

NkiIndex *nki_index_of(const Value *v)
{
    return v && v->kind == V_OBJECT && v->u.obj.type == &nki_index_type ? v->u.obj.data : NULL;
}

NkiMask *nki_mask_of(const Value *v)
{
    return v && v->kind == V_OBJECT && v->u.obj.type == &nki_mask_type ? v->u.obj.data : NULL;
}

static Value *index_value(Interp *I, int ndim, Value **shape, AForm f)
{
    if (!f.c0)
        return NULL;
    NkiIndex *x = arena_alloc(I->arena, sizeof *x);
    x->ndim = ndim;
    x->shape = shape;
    x->f = f;
    return v_object(I, &nki_index_type, x);
}

static Value **shape_new(Interp *I, int n)
{
    return n ? arena_alloc(I->arena, (size_t)n * sizeof(Value *)) : NULL;
}

/* Number of elements of start:stop:step (step > 0), as a value. */
static Value *range_len(Interp *I, Value *start, Value *stop, Value *step)
{
    Value *span = nv_sub(I, stop, start);
    if (nv_is(step, 1))
        return span;
    return nv_floordiv(I, nv_add(I, span, nv_sub(I, step, v_int(I, 1))), step);
}

Value *nki_arange(Interp *I, Value *start, Value *stop, Value *step, Loc loc)
{
    int64_t s;
    if (!nv_is_int(start) || !nv_is_int(stop) || !nv_is_int(step)) {
        interp_raise(I, loc, "TypeError", "nl.arange takes integer bounds");
        return NULL;
    }
    if (!nv_const(step, &s) || s <= 0)
        return v_unknown(I, loc, "nl.arange with a step that is not a positive constant is not modelled");
    Value **shape = shape_new(I, 1);
    shape[0] = range_len(I, start, stop, step);
    if (!shape[0])
        return NULL;
    return index_value(I, 1, shape, aform_axis(I, start, step, 0, 1));
}

/* ---- broadcasting ---------------------------------------------------------- */

bool nki_broadcast(Interp *I, Value **a, int na, Value **b, int nb, Value ***out, int *nout, Value **ok)
{
    int n = na > nb ? na : nb;
    Value **r = shape_new(I, n);
    Value *cond = v_bool(I, true);
    for (int k = 0; k < n; k++) {
        int ia = k - (n - na), ib = k - (n - nb);
        Value *x = ia >= 0 ? a[ia] : NULL, *y = ib >= 0 ? b[ib] : NULL;
        if (!x || !y || nv_same(x, y)) {
            r[k] = x ? x : y;
            continue;
        }
        /* symbolic dims: whether one is 1 decides the result (the
         * symbolic domain may split the path) */
        if (nv_is_one(I, x))
            r[k] = y;
        else if (I->unwind == UNWIND_NONE && nv_is_one(I, y))
            r[k] = x;
        else {
            if (I->unwind != UNWIND_NONE)
                return false;
            cond = nv_and(I, cond, nv_cmp(I, CMP_EQ, x, y));
            r[k] = x;
            if (!cond)
                return false;
        }
    }
    *out = r;
    *nout = n;
    *ok = cond;
    return true;
}

/* Views an int (program id, loop index) as a 0-d index tile. */
static bool as_index(Interp *I, Value *v, NkiIndex *out)
{
    NkiIndex *x = nki_index_of(v);
    if (x) {
        *out = *x;
        return true;
    }
    if (nv_is_int(v)) {
        out->ndim = 0;
        out->shape = NULL;
        out->f = aform_const(I, v, 0);
        return true;
    }
    return false;
}

/* Brings a and b to their common shape; their forms to its axes.  The
 * broadcast condition must be proven; reported as shape-mismatch. */
static bool align2(Interp *I, const NkiIndex *a, const NkiIndex *b, int *n, Value ***shape,
                   AForm *fa, AForm *fb, Loc loc)
{
    Value *ok;
    if (!nki_broadcast(I, a->shape, a->ndim, b->shape, b->ndim, shape, n, &ok))
        return false;
    if (!nv_is(ok, 1)) {
        (void)loc;
        Obligation ob = {"shape-mismatch", "index tiles whose shapes do not broadcast are combined",
                         interp_user_loc(I), "index tiles broadcast by numpy rules", {0}};
        interp_require(I, ok, &ob);
    }
    *fa = aform_shift_axes(I, &a->f, *n, *n - a->ndim);
    *fb = aform_shift_axes(I, &b->f, *n, *n - b->ndim);
    return true;
}

static Value *index_binop(Interp *I, BinOpKind op, Value *self, Value *other, bool right, Loc loc)
{
    NkiIndex a, b;
    if (!as_index(I, self, &a))
        return NULL;
    if (other->kind == V_UNKNOWN)
        return other;
    if (op == OP_BITAND || op == OP_BITOR)
        return v_unknown(I, loc, "'%s' on an index tile (not a mask) is not modelled",
                         op == OP_BITAND ? "&" : "|");
    if (!as_index(I, other, &b))
        return v_unknown(I, loc, "index tile combined with a %s: not an affine index", value_type_name(other));
    if (right) {
        NkiIndex t = a;
        a = b;
        b = t;
    }
    int n;
    Value **shape;
    AForm fa, fb;
    switch (op) {
    case OP_ADD:
    case OP_SUB:
        if (!align2(I, &a, &b, &n, &shape, &fa, &fb, loc))
            return NULL;
        return index_value(I, n, shape, aform_add(I, &fa, &fb, op == OP_ADD ? 1 : -1));
    case OP_MULT:
        if (a.ndim == 0 && aform_is_const(&a.f))
            return index_value(I, b.ndim, b.shape, aform_scale(I, &b.f, a.f.c0));
        if (b.ndim == 0 && aform_is_const(&b.f))
            return index_value(I, a.ndim, a.shape, aform_scale(I, &a.f, b.f.c0));
        return v_unknown(I, loc, "product of two index tiles: not an affine index");
    case OP_MATMULT: case OP_DIV: case OP_MOD: case OP_POW: case OP_LSHIFT: case OP_RSHIFT:
    case OP_BITOR: case OP_BITXOR: case OP_BITAND: case OP_FLOORDIV:
        break;
    }
    return v_unknown(I, loc, "this operation on an index tile is not affine; kcv does not model it");
}

static Value *index_unary(Interp *I, UnaryOpKind op, Value *self, Loc loc)
{
    NkiIndex *a = nki_index_of(self);
    if (op == UOP_UADD)
        return self;
    if (op == UOP_USUB)
        return index_value(I, a->ndim, a->shape, aform_scale(I, &a->f, v_int(I, -1)));
    return v_unknown(I, loc, "this unary operation on an index tile is not modelled");
}

static Value *mask_value(Interp *I, int ndim, Value **shape, int n, MaskCon *c)
{
    NkiMask *m = arena_alloc(I->arena, sizeof *m);
    m->ndim = ndim;
    m->shape = shape;
    m->n = n;
    m->c = c;
    return v_object(I, &nki_mask_type, m);
}

static Value *index_compare(Interp *I, CmpOpKind op, Value *self, Value *other, bool right, Loc loc)
{
    NkiIndex a, b;
    if (!as_index(I, self, &a))
        return NULL;
    if (!as_index(I, other, &b))
        return v_unknown(I, loc, "index tile compared with a %s", value_type_name(other));
    if (right) {
        NkiIndex t = a;
        a = b;
        b = t;
    }
    int n;
    Value **shape;
    AForm fa, fb;
    if (!align2(I, &a, &b, &n, &shape, &fa, &fb, loc))
        return NULL;
    AForm d = aform_add(I, &fa, &fb, -1);    /* a - b */
    AForm one = aform_const(I, v_int(I, 1), n);
    MaskCon *c = arena_alloc(I->arena, sizeof *c);
    switch (op) {
    case CMP_LT:  /* b - a - 1 >= 0 */
        d = aform_scale(I, &d, v_int(I, -1));
        c->f = aform_add(I, &d, &one, -1);
        c->rel = MASK_GE0;
        break;
    case CMP_LTE:
        c->f = aform_scale(I, &d, v_int(I, -1));
        c->rel = MASK_GE0;
        break;
    case CMP_GT:
        c->f = aform_add(I, &d, &one, -1);
        c->rel = MASK_GE0;
        break;
    case CMP_GTE:
        c->f = d;
        c->rel = MASK_GE0;
        break;
    case CMP_EQ:
        c->f = d;
        c->rel = MASK_EQ0;
        break;
    case CMP_NOTEQ:
        c->f = d;
        c->rel = MASK_NE0;
        break;
    case CMP_IS: case CMP_ISNOT: case CMP_IN: case CMP_NOTIN:
        return v_unknown(I, loc, "this comparison of index tiles is not modelled");
    }
    if (!c->f.c0)
        return NULL;
    return mask_value(I, n, shape, 1, c);
}

/* t[:, None], t[None, :], t[:, None, None], t[a:b] ... */
static Value *index_getitem(Interp *I, Value *self, Value *key, Loc loc)
{
    NkiIndex *a = nki_index_of(self);
    int nk = key->kind == V_TUPLE ? key->u.seq.n : 1;
    Value **items = key->kind == V_TUPLE ? key->u.seq.v : &key;
    int cap = nk + a->ndim;
    Value **shape = shape_new(I, cap);
    AForm *g = arena_alloc(I->arena, (size_t)(a->ndim ? a->ndim : 1) * sizeof(AForm));
    int src = 0, n = 0;
    int used = 0;
    for (int i = 0; i < nk; i++)
        if (!(items[i]->kind == V_NONE || nki_is_ellipsis(items[i])))
            used++;
    if (used > a->ndim) {
        interp_raise(I, loc, "IndexError", "too many indices for an index tile of %d dimension(s)", a->ndim);
        return NULL;
    }
    n = 0;
    AForm *gy = g;
    for (int i = 0; i < nk; i++) {
        Value *it = items[i];
        if (it->kind == V_NONE) {
            shape[n++] = v_int(I, 1);
        } else if (nki_is_ellipsis(it)) {
            int remaining_used = 0;
            for (int j = i + 1; j < nk; j++)
                if (!(items[j]->kind == V_NONE || nki_is_ellipsis(items[j])))
                    remaining_used++;
            while (src < a->ndim - remaining_used) {
                gy[src] = aform_axis(I, v_int(I, 0), v_int(I, 1), n, cap);
                shape[n++] = a->shape[src++];
            }
        } else if (it->kind == V_SLICE) {
            Value *lo = it->u.slice.lower, *hi = it->u.slice.upper, *st = it->u.slice.step;
            lo = lo && lo->kind != V_NONE ? lo : v_int(I, 0);
            hi = hi && hi->kind != V_NONE ? hi : a->shape[src];
            st = st && st->kind != V_NONE ? st : v_int(I, 1);
            if (!nv_is_int(lo) || !nv_is_int(hi) || !nv_is_int(st) || !nv_const(st, &(int64_t){0})) {
                interp_raise(I, loc, "TypeError", "slices of index tiles take integer bounds and a constant step");
                return NULL;
            }
            gy[src] = aform_axis(I, lo, st, n, cap);
            shape[n++] = range_len(I, lo, hi, st);
            src++;
        } else if (nv_is_int(it)) {
            gy[src++] = aform_const(I, it, cap);
        } else {
            return v_unknown(I, loc, "indexing an index tile with a %s is not modelled", value_type_name(it));
        }
    }
    while (src < a->ndim) {
        gy[src] = aform_axis(I, v_int(I, 0), v_int(I, 1), n, cap);
        shape[n++] = a->shape[src++];
    }
    for (int d = 0; d < a->ndim; d++)
        gy[d].n = n;
    AForm f = aform_subst(I, &a->f, gy, n);
    return index_value(I, n, shape, f);
}

static void index_repr(StrBuf *out, const Value *self)
{
    NkiIndex *a = self->u.obj.data;
    sb_printf(out, "<index tile of %d dimension(s)>", a->ndim);
}

const ObjType nki_index_type = {
    .name = "IndexTile",
    .getitem = index_getitem,
    .binop = index_binop,
    .unary = index_unary,
    .compare = index_compare,
    .repr = index_repr,
    .children = obj_no_children,
};

/* ---- masks ---------------------------------------------------------------------- */

static Value *mask_binop(Interp *I, BinOpKind op, Value *self, Value *other, bool right, Loc loc)
{
    (void)right;
    NkiMask *a = nki_mask_of(self), *b = nki_mask_of(other);
    if (op != OP_BITAND)
        return v_unknown(I, loc, "masks combined with other than '&' (a disjunction) are not modelled");
    if (!b)
        return v_unknown(I, loc, "mask combined with a %s", value_type_name(other));
    int n;
    Value **shape, *ok;
    if (!nki_broadcast(I, a->shape, a->ndim, b->shape, b->ndim, &shape, &n, &ok))
        return NULL;
    MaskCon *c = arena_alloc(I->arena, (size_t)(a->n + b->n) * sizeof *c);
    for (int i = 0; i < a->n; i++) {
        c[i].f = aform_shift_axes(I, &a->c[i].f, n, n - a->ndim);
        c[i].rel = a->c[i].rel;
    }
    for (int i = 0; i < b->n; i++) {
        c[a->n + i].f = aform_shift_axes(I, &b->c[i].f, n, n - b->ndim);
        c[a->n + i].rel = b->c[i].rel;
    }
    return mask_value(I, n, shape, a->n + b->n, c);
}

static Value *mask_unary(Interp *I, UnaryOpKind op, Value *self, Loc loc)
{
    NkiMask *a = nki_mask_of(self);
    if ((op != UOP_INVERT && op != UOP_NOT) || a->n != 1)
        return v_unknown(I, loc, "negation of a conjunction of mask conditions is not modelled");
    MaskCon *c = arena_alloc(I->arena, sizeof *c);
    if (a->c[0].rel == MASK_GE0) {   /* !(f >= 0)  <=>  -f - 1 >= 0 */
        AForm neg = aform_scale(I, &a->c[0].f, v_int(I, -1));
        AForm one = aform_const(I, v_int(I, 1), neg.n);
        c->f = aform_add(I, &neg, &one, -1);
        c->rel = MASK_GE0;
    } else {
        c->f = a->c[0].f;
        c->rel = a->c[0].rel == MASK_EQ0 ? MASK_NE0 : MASK_EQ0;
    }
    return mask_value(I, a->ndim, a->shape, 1, c);
}

static void mask_repr(StrBuf *out, const Value *self)
{
    NkiMask *m = self->u.obj.data;
    sb_printf(out, "<mask of %d condition(s)>", m->n);
}

const ObjType nki_mask_type = {
    .name = "Mask",
    .binop = mask_binop,
    .unary = mask_unary,
    .repr = mask_repr,
    .children = obj_no_children,
};

bool nki_mask_eval(const NkiMask *m, const int64_t *y, int n, bool *holds)
{
    *holds = true;
    for (int i = 0; m && i < m->n; i++) {
        int64_t v;
        if (!aform_eval(&m->c[i].f, y, n, &v))
            return false;
        bool h = m->c[i].rel == MASK_GE0 ? v >= 0 : m->c[i].rel == MASK_EQ0 ? v == 0 : v != 0;
        if (!h) {
            *holds = false;
            return true;
        }
    }
    return true;
}

NkiMask *nki_mask_align(Interp *I, const NkiMask *m, int ndim)
{
    if (m->ndim > ndim) {
        /* extra leading axes must be of extent 1 */
        for (int k = 0; k < m->ndim - ndim; k++)
            if (!nv_is(m->shape[k], 1))
                return NULL;
    }
    NkiMask *r = arena_alloc(I->arena, sizeof *r);
    r->ndim = ndim;
    r->shape = NULL;
    r->n = m->n;
    r->c = arena_alloc(I->arena, (size_t)(m->n ? m->n : 1) * sizeof(MaskCon));
    for (int i = 0; i < m->n; i++) {
        r->c[i].f = aform_shift_axes(I, &m->c[i].f, ndim, ndim - m->ndim);
        r->c[i].rel = m->c[i].rel;
    }
    return r;
}

/* ---- nl.mgrid ------------------------------------------------------------------ */

typedef struct NkiGrid {
    int n;
    Value **tiles;
} NkiGrid;

static const ObjType grid_type;

Value *nki_mgrid_make(Interp *I, Value *key, Loc loc)
{
    int nk = key->kind == V_TUPLE ? key->u.seq.n : 1;
    Value **items = key->kind == V_TUPLE ? key->u.seq.v : &key;
    Value **shape = shape_new(I, nk);
    Value **lo = shape_new(I, nk), **st = shape_new(I, nk);
    for (int i = 0; i < nk; i++) {
        Value *it = items[i];
        if (it->kind != V_SLICE) {
            interp_raise(I, loc, "TypeError", "nl.mgrid takes slices: nl.mgrid[0:a, 0:b]");
            return NULL;
        }
        Value *l = it->u.slice.lower, *h = it->u.slice.upper, *s = it->u.slice.step;
        l = l && l->kind != V_NONE ? l : v_int(I, 0);
        s = s && s->kind != V_NONE ? s : v_int(I, 1);
        int64_t sc;
        if (!h || h->kind == V_NONE || !nv_is_int(l) || !nv_is_int(h) || !nv_is_int(s)) {
            interp_raise(I, loc, "TypeError", "nl.mgrid slices need integer bounds");
            return NULL;
        }
        if (!nv_const(s, &sc) || sc <= 0)
            return v_unknown(I, loc, "nl.mgrid with a step that is not a positive constant is not modelled");
        shape[i] = range_len(I, l, h, s);
        lo[i] = l;
        st[i] = s;
    }
    NkiGrid *g = arena_alloc(I->arena, sizeof *g);
    g->n = nk;
    g->tiles = shape_new(I, nk);
    for (int i = 0; i < nk; i++)
        g->tiles[i] = index_value(I, nk, shape, aform_axis(I, lo[i], st[i], i, nk));
    return v_object(I, &grid_type, g);
}

static Value *grid_getattr(Interp *I, Value *self, const char *name, Loc loc)
{
    NkiGrid *g = self->u.obj.data;
    static const char *const axes[] = {"p", "x", "y", "z"};
    for (int i = 0; i < 4; i++)
        if (strcmp(name, axes[i]) == 0) {
            if (i < g->n)
                return g->tiles[i];
            break;
        }
    interp_raise(I, loc, "AttributeError", "this nl.mgrid result has no attribute '%s'", name);
    return NULL;
}

static Value *grid_getitem(Interp *I, Value *self, Value *key, Loc loc)
{
    NkiGrid *g = self->u.obj.data;
    int64_t k;
    if (!nv_const(key, &k) || k < -g->n || k >= g->n) {
        interp_raise(I, loc, "IndexError", "nl.mgrid result index out of range");
        return NULL;
    }
    return g->tiles[k < 0 ? k + g->n : k];
}

static Value *grid_iterate(Interp *I, Value *self, Loc loc)
{
    (void)loc;
    NkiGrid *g = self->u.obj.data;
    Value *t = v_tuple(I, g->n);
    for (int i = 0; i < g->n; i++)
        t->u.seq.v[i] = g->tiles[i];
    return t;
}

static void grid_children(Value *self, void (*add)(void *w, Value *v), void *w)
{
    NkiGrid *g = self->u.obj.data;
    for (int i = 0; i < g->n; i++)
        add(w, g->tiles[i]);
}

static const ObjType grid_type = {
    .name = "mgrid",
    .children = grid_children,
    .getattr = grid_getattr,
    .getitem = grid_getitem,
    .iterate = grid_iterate,
};

static Value *mgrid_getitem(Interp *I, Value *self, Value *key, Loc loc)
{
    (void)self;
    return nki_mgrid_make(I, key, loc);
}

const ObjType nki_mgrid_type = {
    .name = "nl.mgrid",
    .getitem = mgrid_getitem,
    .children = obj_no_children,
};
