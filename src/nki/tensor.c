/* tensor.c - the Tensor object: HBM tensors, on-chip tiles and views.
 *
 * Every tensor is a view of one NkiStorage (an allocation): a shape, a
 * dtype, and an address map from view coordinates y to storage elements,
 * either per storage dimension (idx[s](y), affine) or as one flat affine
 * offset (.ap views, reshapes).  Subscripts compose address maps and add
 * the parent's dimensions as bounds "checks"; the API that uses a view
 * discharges them with its mask (access.c), so `t[i_p, i_f]` with
 * `mask=` is checked only where the mask holds.
 *
 * Operators and methods with contracts (a + b, acc += x, t[k] = v,
 * .reshape, .broadcast_to, .ap) call the model (model/core.py), whose
 * asserts are the contracts; this file does only the structure.
 */
#include "nki_int.h"

#include <stdarg.h>

NkiTensor *nki_tensor_of(const Value *v)
{
    return v && v->kind == V_OBJECT && v->u.obj.type == &nki_tensor_type ? v->u.obj.data : NULL;
}

bool nki_is_tensor(const Value *v)
{
    return nki_tensor_of(v) != NULL;
}

int nki_tensor_shape(const Value *v, Value ***dims)
{
    NkiTensor *t = nki_tensor_of(v);
    if (!t)
        return -1;
    *dims = t->shape;
    return t->ndim;
}

bool nki_is_ellipsis(const Value *v)
{
    return v && value_is_ellipsis(v);
}

static Value **vals_new(Interp *I, int n)
{
    return arena_alloc(I->arena, (size_t)(n ? n : 1) * sizeof(Value *));
}

NkiStorage *nki_storage_new(Interp *I, const char *name, NkiBufKind buf, NkiDtype dt,
                            Value **dims, int ndim, int par_axis)
{
    static int next_id;
    NkiStorage *st = arena_alloc(I->arena, sizeof *st);
    st->id = ++next_id;
    st->name = name;
    st->desc = nki_strf(I, "'%s'", name);
    st->buf = buf;
    st->dtype = dt;
    st->ndim = ndim;
    st->dims = dims;
    st->par_axis = nki_buf_on_chip(buf) ? par_axis : -1;
    st->strides = vals_new(I, ndim);
    Value *s = v_int(I, 1);
    for (int d = ndim - 1; d >= 0; d--) {
        st->strides[d] = s;
        s = nv_mul(I, s, dims[d]);
        if (!s)
            return NULL;
    }
    st->numel = s;
    int64_t n;
    if (nki_data_on(I) && nv_const(s, &n) && n >= 0 && n <= ((int64_t)1 << 28))
        nki_storage_alloc_data(I, st, n);
    return st;
}

Value *nki_tensor_value(Interp *I, NkiTensor *t)
{
    return v_object(I, &nki_tensor_type, t);
}

Value *nki_tensor_root(Interp *I, NkiStorage *st)
{
    NkiTensor *t = arena_alloc(I->arena, sizeof *t);
    t->st = st;
    t->dtype = st->dtype;
    t->ndim = st->ndim;
    t->shape = st->dims;
    t->par_axis = st->par_axis;
    t->is_root = true;
    t->idx = arena_alloc(I->arena, (size_t)(st->ndim ? st->ndim : 1) * sizeof(AForm));
    for (int d = 0; d < st->ndim; d++)
        t->idx[d] = aform_axis(I, v_int(I, 0), v_int(I, 1), d, st->ndim);
    t->desc = st->desc;
    return nki_tensor_value(I, t);
}

NkiTensor *nki_tensor_alloc_view(Interp *I, const NkiTensor *parent, int ndim, Value **shape)
{
    NkiTensor *t = arena_alloc(I->arena, sizeof *t);
    t->st = parent->st;
    t->dtype = parent->dtype;
    t->ndim = ndim;
    t->shape = shape;
    t->par_axis = -1;
    return t;
}

/* The identity x_d on axis d with extent equal to the parent's dimension:
 * nothing to check. */
static bool trivially_within(const AForm *g, Value *size, Value **shape, int m)
{
    if (!nv_is(g->c0, 0))
        return false;
    int axis = -1;
    for (int k = 0; k < m; k++)
        if (g->coef[k] && !nv_is(g->coef[k], 0)) {
            if (axis >= 0 || !nv_is(g->coef[k], 1))
                return false;
            axis = k;
        }
    if (axis < 0) {
        int64_t s;
        return nv_const(size, &s) && s >= 1;
    }
    return nv_same(shape[axis], size);
}

NkiTensor *nki_tensor_compose(Interp *I, const NkiTensor *t, const AForm *g, int m,
                              Value **shape, const char *desc)
{
    NkiTensor *r = nki_tensor_alloc_view(I, t, m, shape);
    r->desc = desc;
    if (t->flat) {
        r->flat = true;
        r->flat_off = aform_subst(I, &t->flat_off, g, m);
        if (!r->flat_off.c0)
            return NULL;
    } else {
        r->idx = arena_alloc(I->arena, (size_t)(t->st->ndim ? t->st->ndim : 1) * sizeof(AForm));
        for (int s = 0; s < t->st->ndim; s++) {
            r->idx[s] = aform_subst(I, &t->idx[s], g, m);
            if (!r->idx[s].c0)
                return NULL;
        }
    }
    r->checks = arena_alloc(I->arena, (size_t)(t->nchecks + t->ndim + 1) * sizeof(NkiCheck));
    for (int i = 0; i < t->nchecks; i++) {
        r->checks[r->nchecks] = t->checks[i];
        r->checks[r->nchecks].f = aform_subst(I, &t->checks[i].f, g, m);
        if (!r->checks[r->nchecks].f.c0)
            return NULL;
        r->nchecks++;
    }
    for (int d = 0; d < t->ndim; d++) {
        if (trivially_within(&g[d], t->shape[d], shape, m))
            continue;
        r->checks[r->nchecks].f = g[d];
        r->checks[r->nchecks].size = t->shape[d];
        nki_check_describe(I, &r->checks[r->nchecks], t, d);
        r->nchecks++;
    }
    /* partition axis: the axis the parent's partition dimension maps to */
    r->par_axis = -1;
    if (t->par_axis >= 0) {
        const AForm *p = &g[t->par_axis];
        int axis = -1, count = 0;
        for (int k = 0; k < m; k++)
            if (p->coef[k] && !nv_is(p->coef[k], 0)) {
                axis = k;
                count++;
            }
        if (count == 1)
            r->par_axis = axis;
        else if (count == 0 && m > 0)
            r->par_axis = 0;   /* integer-indexed partition: kept as a size-1 leading axis */
    }
    return r;
}

Value *nki_shape_tuple(Interp *I, Value **dims, int ndim)
{
    Value *t = v_tuple(I, ndim);
    for (int i = 0; i < ndim; i++)
        t->u.seq.v[i] = dims[i];
    return t;
}

/* ---- subscripts ------------------------------------------------------------------ */

typedef enum ItemKind { IT_INT, IT_SLICE, IT_NONE, IT_ELLIPSIS, IT_TILE } ItemKind;

static void key_str(Interp *I, StrBuf *b, Value **items, const ItemKind *kinds, int nk)
{
    sb_putc(b, '[');
    for (int i = 0; i < nk; i++) {
        if (i)
            sb_puts(b, ", ");
        Value *it = items[i];
        switch (kinds[i]) {
        case IT_INT: nv_str(I, b, it); break;
        case IT_NONE: sb_puts(b, "None"); break;
        case IT_ELLIPSIS: sb_puts(b, "..."); break;
        case IT_TILE: {
            NkiIndex *x = nki_index_of(it);
            aform_str(I, b, &x->f, NULL);
            break;
        }
        case IT_SLICE:
            if (it->kind == V_OBJECT) {
                NkiDynSlice *ds = it->u.obj.data;
                sb_puts(b, "nl.ds(");
                nv_str(I, b, ds->start);
                sb_puts(b, ", ");
                nv_str(I, b, ds->size);
                sb_putc(b, ')');
                break;
            }
            if (it->u.slice.lower && it->u.slice.lower->kind != V_NONE)
                nv_str(I, b, it->u.slice.lower);
            sb_putc(b, ':');
            if (it->u.slice.upper && it->u.slice.upper->kind != V_NONE)
                nv_str(I, b, it->u.slice.upper);
            if (it->u.slice.step && it->u.slice.step->kind != V_NONE) {
                sb_putc(b, ':');
                nv_str(I, b, it->u.slice.step);
            }
            break;
        }
    }
    sb_putc(b, ']');
}

/* A constant negative index counts from the end, as in Python. */
static Value *py_index(Interp *I, Value *v, Value *dim)
{
    int64_t c;
    if (nv_const(v, &c) && c < 0)
        return nv_add(I, v, dim);
    return v;
}

Value *nki_tensor_subscript(Interp *I, Value *self, Value *key, Loc loc)
{
    NkiTensor *t = nki_tensor_of(self);
    int nk = key->kind == V_TUPLE ? key->u.seq.n : 1;
    Value **items = key->kind == V_TUPLE ? key->u.seq.v : &key;
    ItemKind *kinds = arena_alloc(I->arena, (size_t)(nk ? nk : 1) * sizeof(ItemKind));
    int consumed = 0, ntiles = 0, nslices = 0, nell = 0;
    for (int i = 0; i < nk; i++) {
        Value *it = items[i];
        if (it->kind == V_NONE)
            kinds[i] = IT_NONE;
        else if (nki_is_ellipsis(it))
            kinds[i] = IT_ELLIPSIS, nell++;
        else if (it->kind == V_SLICE || (it->kind == V_OBJECT && it->u.obj.type == &nki_dynslice_type))
            kinds[i] = IT_SLICE, consumed++, nslices++;
        else if (nki_index_of(it))
            kinds[i] = IT_TILE, consumed++, ntiles++;
        else if (nv_is_int(it))
            kinds[i] = IT_INT, consumed++;
        else if (it->kind == V_UNKNOWN)
            return it;
        else if (nki_tensor_of(it))
            return v_unknown(I, loc, "indirect indexing by a tensor is not modelled");
        else {
            interp_raise(I, loc, "TypeError", "a tensor index must be an int, a slice, an index tile or "
                         "None, not %s", value_type_name(it));
            return NULL;
        }
    }
    if (consumed > t->ndim || nell > 1) {
        interp_raise(I, loc, "IndexError", "too many indices for %s of %d dimension(s)", t->desc, t->ndim);
        return NULL;
    }
    StrBuf kb = {0};
    sb_puts(&kb, t->desc);
    key_str(I, &kb, items, kinds, nk);
    const char *desc = arena_strndup(I->arena, sb_str(&kb), kb.len);
    sb_free(&kb);
    AForm *g = arena_alloc(I->arena, (size_t)(t->ndim ? t->ndim : 1) * sizeof(AForm));
    int cap = t->ndim + nk + 8;
    Value **shape = vals_new(I, cap);
    int m = 0;

    if (ntiles > 0) {
        /* advanced indexing: the iteration space is the broadcast of the index
         * tiles (ints are 0-d); unindexed trailing dims follow */
        if (nslices > 0 || nell > 0) {
            Value *f = v_bool(I, false);
            Obligation ob = {"indexing", nki_strf(I, "%s mixes slices and index tiles in one subscript", desc),
                             interp_user_loc(I), "basic (slices) and advanced (arange) indices are not mixed",
                             {0}};
            interp_require(I, f, &ob);
            return v_unknown(I, loc, "subscript mixing slices and index tiles");
        }
        Value **bs = NULL, *ok = v_bool(I, true);
        int bn = 0;
        for (int i = 0; i < nk; i++)
            if (kinds[i] == IT_TILE) {
                NkiIndex *x = nki_index_of(items[i]);
                Value **ns, *c;
                int nn;
                if (!nki_broadcast(I, bs, bn, x->shape, x->ndim, &ns, &nn, &c))
                    return NULL;
                bs = ns;
                bn = nn;
                ok = nv_and(I, ok, c);
            }
        if (!nv_is(ok, 1)) {
            Obligation ob = {"shape-mismatch", nki_strf(I, "the index tiles of %s do not broadcast", desc),
                             interp_user_loc(I), "index tiles of one subscript broadcast together", {0}};
            interp_require(I, ok, &ob);
        }
        int rest = t->ndim - consumed;
        m = bn + rest;
        for (int k = 0; k < bn; k++)
            shape[k] = bs[k];
        int d = 0;
        for (int i = 0; i < nk; i++) {
            if (kinds[i] == IT_NONE)
                continue;
            if (kinds[i] == IT_INT) {
                g[d] = aform_const(I, py_index(I, items[i], t->shape[d]), m);
            } else {
                NkiIndex *x = nki_index_of(items[i]);
                g[d] = aform_shift_axes(I, &x->f, m, bn - x->ndim);
            }
            d++;
        }
        for (int k = 0; k < rest; k++, d++) {
            shape[bn + k] = t->shape[d];
            g[d] = aform_axis(I, v_int(I, 0), v_int(I, 1), bn + k, m);
        }
    } else {
        /* basic indexing */
        bool on_chip = nki_buf_on_chip(t->st->buf) && t->par_axis >= 0;
        int ellipsis_span = t->ndim - consumed;
        int d = 0;
        /* axis created for each parent dim; -1 when dropped */
        int *kept = arena_alloc(I->arena, (size_t)(t->ndim ? t->ndim : 1) * sizeof(int));
        int *int_dims = arena_alloc(I->arena, (size_t)(t->ndim ? t->ndim : 1) * sizeof(int));
        int nint = 0;
        typedef struct { int parent; Value *lo, *step; } AxisSrc;   /* parent -1: None axis */
        AxisSrc *src = arena_alloc(I->arena, (size_t)cap * sizeof(AxisSrc));
        for (int i = 0; i <= nk; i++) {
            ItemKind k = i < nk ? kinds[i] : IT_ELLIPSIS;
            if (i == nk && nell > 0)
                break;
            if (i == nk)
                ellipsis_span = t->ndim - d;
            switch (k) {
            case IT_NONE:
                src[m].parent = -1;
                shape[m++] = v_int(I, 1);
                break;
            case IT_ELLIPSIS:
                for (int j = 0; j < ellipsis_span; j++, d++) {
                    src[m].parent = d;
                    src[m].lo = v_int(I, 0);
                    src[m].step = v_int(I, 1);
                    kept[d] = m;
                    shape[m++] = t->shape[d];
                }
                break;
            case IT_INT:
                g[d] = aform_const(I, py_index(I, items[i], t->shape[d]), 0);
                kept[d] = -1;
                int_dims[nint++] = d;
                d++;
                break;
            case IT_SLICE: {
                Value *it = items[i];
                Value *lo, *hi, *st, *len = NULL;
                int64_t sc;
                if (it->kind == V_OBJECT) {   /* nl.ds(start, size): the length is size */
                    NkiDynSlice *ds = it->u.obj.data;
                    lo = ds->start;
                    len = ds->size;
                    hi = nv_add(I, lo, len);
                    st = v_int(I, 1);
                    if (!hi)
                        return NULL;
                } else {
                    lo = it->u.slice.lower;
                    hi = it->u.slice.upper;
                    st = it->u.slice.step;
                    lo = lo && lo->kind != V_NONE ? py_index(I, lo, t->shape[d]) : v_int(I, 0);
                    hi = hi && hi->kind != V_NONE ? py_index(I, hi, t->shape[d]) : t->shape[d];
                    st = st && st->kind != V_NONE ? st : v_int(I, 1);
                }
                if (lo->kind == V_UNKNOWN)
                    return lo;
                if (hi->kind == V_UNKNOWN)
                    return hi;
                if (!nv_is_int(lo) || !nv_is_int(hi) || !nv_is_int(st)) {
                    interp_raise(I, loc, "TypeError", "slice bounds of a tensor subscript must be integers");
                    return NULL;
                }
                if (!nv_const(st, &sc) || sc <= 0)
                    return v_unknown(I, loc, "a slice step that is not a positive constant is not modelled");
                if (!len) {
                    len = nv_sub(I, hi, lo);
                    if (sc != 1)
                        len = nv_floordiv(I, nv_add(I, len, v_int(I, sc - 1)), st);
                }
                /* NKI does not clamp: the slice's elements must lie within the
                 * dimension - a bound of the view (g[d] below), checked where an
                 * API accesses it, under the API's mask (access.c) - and the
                 * slice must not be empty, which this view's shape cannot show. */
                Value *cond = nv_cmp(I, CMP_LT, lo, hi);
                if (!cond)
                    return NULL;
                if (!nv_is(cond, 1)) {
                    StrBuf mb = {0};
                    sb_printf(&mb, "slice ");
                    nv_str(I, &mb, lo);
                    sb_putc(&mb, ':');
                    nv_str(I, &mb, hi);
                    sb_printf(&mb, " of dimension %d of %s (size ", d, t->desc);
                    nv_str(I, &mb, t->shape[d]);
                    sb_puts(&mb, ") is empty");
                    Obligation ob = {"bounds", arena_strndup(I->arena, sb_str(&mb), mb.len), interp_user_loc(I),
                                     "start < stop for every slice (NKI does not clamp)", {0}};
                    sb_free(&mb);
                    interp_require(I, cond, &ob);
                }
                src[m].parent = d;
                src[m].lo = lo;
                src[m].step = st;
                kept[d] = m;
                shape[m++] = len;
                d++;
                break;
            }
            case IT_TILE:
                break;
            }
        }
        /* on-chip results keep the partition and stay at least 2-D */
        if (on_chip && nint > 0) {
            bool keep[64] = {0};
            int newm = m;
            for (int j = 0; j < nint; j++)
                if (int_dims[j] == t->par_axis && t->ndim <= 64) {
                    keep[int_dims[j]] = true;
                    newm++;
                }
            for (int j = 0; j < nint && newm < 2; j++)
                if (int_dims[j] > t->par_axis && !keep[int_dims[j]] && t->ndim <= 64) {
                    keep[int_dims[j]] = true;
                    newm++;
                }
            if (newm > m) {
                /* rebuild the axis order by parent dimension */
                AxisSrc *ns = arena_alloc(I->arena, (size_t)(newm + 1) * sizeof(AxisSrc));
                Value **nshape = vals_new(I, newm + 1);
                int a = 0, oldk = 0;
                for (int pd = 0; pd < t->ndim; pd++) {
                    while (oldk < m && src[oldk].parent == -1) {
                        ns[a] = src[oldk];
                        nshape[a++] = shape[oldk++];
                    }
                    if (kept[pd] >= 0) {
                        ns[a] = src[oldk];
                        kept[pd] = a;
                        nshape[a++] = shape[oldk++];
                    } else if (keep[pd]) {
                        ns[a].parent = pd;
                        ns[a].lo = g[pd].c0;
                        ns[a].step = v_int(I, 1);
                        kept[pd] = a;
                        nshape[a++] = v_int(I, 1);
                    }
                }
                while (oldk < m) {
                    ns[a] = src[oldk];
                    nshape[a++] = shape[oldk++];
                }
                src = ns;
                shape = nshape;
                m = a;
            }
        }
        for (int pd = 0; pd < t->ndim; pd++) {
            if (kept[pd] >= 0) {
                int a = kept[pd];
                g[pd] = aform_axis(I, src[a].lo, src[a].step, a, m);
            } else {
                g[pd] = aform_const(I, g[pd].c0, m);
            }
        }
    }
    NkiTensor *r = nki_tensor_compose(I, t, g, m, shape, desc);
    if (!r)
        return NULL;
    return nki_tensor_value(I, r);
}

/* ---- the object ----------------------------------------------------------------- */

void nki_tensor_describe(Interp *I, StrBuf *b, const NkiTensor *t)
{
    sb_printf(b, "%s (shape (", t->desc);
    for (int i = 0; i < t->ndim; i++) {
        if (i)
            sb_puts(b, ", ");
        nv_str(I, b, t->shape[i]);
    }
    sb_printf(b, "%s), %s, %s)", t->ndim == 1 ? "," : "", nki_dtype_name(t->dtype), nki_buf_name(t->st->buf));
}

static Value *bound_method(Interp *I, Value *self, Value *fn)
{
    Value *b = arena_alloc(I->arena, sizeof *b);
    b->kind = V_BOUND;
    b->u.bound.self = self;
    b->u.bound.func = fn;
    return b;
}

static bool is_tile(const NkiTensor *t)
{
    if (!nki_buf_on_chip(t->st->buf))
        return false;
    return t->par_axis == 0;
}

static Value *tensor_getattr(Interp *I, Value *self, const char *name, Loc loc)
{
    NkiTensor *t = nki_tensor_of(self);
    if (strcmp(name, "shape") == 0) {
        if (!t->shape_tuple)
            t->shape_tuple = nki_shape_tuple(I, t->shape, t->ndim);
        return t->shape_tuple;
    }
    if (strcmp(name, "dtype") == 0)
        return nki_dtype_value(I, t->dtype);
    if (strcmp(name, "ndim") == 0)
        return v_int(I, t->ndim);
    if (strcmp(name, "buffer") == 0)
        return nki_buffer_value(I, t->st->buf, t->st->direct);
    if (strcmp(name, "name") == 0)
        return v_cstr(I, t->st->name);
    if (strcmp(name, "itemsize") == 0)
        return nki_dtype_size_value(I, t->dtype);
    if (strcmp(name, "size") == 0) {
        Value *n = v_int(I, 1);
        for (int i = 0; i < t->ndim && n; i++)
            n = nv_mul(I, n, t->shape[i]);
        return n;
    }
    /* for the model: facts about the tensor */
    if (strcmp(name, "_buf") == 0)
        return nki_buf_name_value(t->st->buf);
    if (strcmp(name, "_on_chip") == 0)
        return v_bool(I, nki_buf_on_chip(t->st->buf));
    if (strcmp(name, "_in_hbm") == 0)
        return v_bool(I, !nki_buf_on_chip(t->st->buf));
    if (strcmp(name, "_is_tile") == 0)
        return v_bool(I, is_tile(t));
    if (strcmp(name, "_par") == 0)
        return v_int(I, t->par_axis);
    if (strcmp(name, "_desc") == 0) {
        if (!t->desc_value)
            t->desc_value = v_cstr(I, t->desc);
        return t->desc_value;
    }
    if (strcmp(name, "_input") == 0)
        return v_bool(I, t->st->is_input);
    if (strcmp(name, "_root") == 0)
        return v_bool(I, t->is_root);
    if (strcmp(name, "_flat") == 0)
        return v_bool(I, t->flat);
    if (strcmp(name, "_storage_numel") == 0)
        return t->st->numel;
    if (strcmp(name, "_storage_dtype") == 0)
        return nki_dtype_value(I, t->st->dtype);
    /* methods: model functions core.tensor_<name>(self, ...) */
    Value *core = nki_model_module(I, "core");
    if (!core)
        return NULL;
    Value *fn = dict_get_str(&core->u.module.globals, intern_cstr(I->names, nki_strf(I, "tensor_%s", name)));
    if (fn)
        return bound_method(I, self, fn);
    static const char *const unmodelled[] = {
        "permute", "rearrange", "reshape_dim", "flatten_dims", "select", "vector_select", "indirect",
        "get_pattern", "is_contiguous", "is_indirect", "slice", "broadcast", "expand_dim",
        "squeeze_dim", "strides", "offset",
    };
    for (size_t i = 0; i < KCV_ARRAY_LEN(unmodelled); i++)
        if (strcmp(name, unmodelled[i]) == 0)
            return nki_unmodelled(I, nki_strf(I, "tensor.%s", name));
    interp_raise(I, loc, "AttributeError", "a tensor has no attribute '%s'", name);
    return NULL;
}

static Value *tensor_getitem(Interp *I, Value *self, Value *key, Loc loc)
{
    NkiCtx *ctx = nki_ctx(I);
    Value *r = nki_tensor_subscript(I, self, key, loc);
    if (ctx) {
        ctx->last_base = self;
        ctx->last_key = key;
        ctx->last_view = r;
        ctx->last_inplace = NULL;
    }
    return r;
}

static bool tensor_setitem(Interp *I, Value *self, Value *key, Value *v, Loc loc)
{
    NkiCtx *ctx = nki_ctx(I);
    /* `t[k] op= x` is getitem, in-place operator, setitem with the same key:
     * the in-place operator already wrote through the view */
    if (ctx && v == ctx->last_inplace && v == ctx->last_view && key == ctx->last_key &&
        self == ctx->last_base) {
        ctx->last_inplace = ctx->last_view = NULL;
        return true;
    }
    Value *view = nki_tensor_subscript(I, self, key, loc);
    if (!view)
        return false;
    if (view->kind == V_UNKNOWN) {
        interp_abort(I, loc, "%s", view->u.unknown.reason);
        return false;
    }
    Value *args[2] = {view, v};
    Value *r = nki_model_call(I, "core", "assign", args, 2, loc);
    return r != NULL;
}

static const char *binop_name(BinOpKind op)
{
    switch (op) {
    case OP_ADD: return "add";
    case OP_SUB: return "subtract";
    case OP_MULT: return "multiply";
    case OP_DIV: return "divide";
    case OP_FLOORDIV: return "floor_divide";
    case OP_MOD: return "mod";
    case OP_POW: return "power";
    case OP_LSHIFT: return "left_shift";
    case OP_RSHIFT: return "right_shift";
    case OP_BITOR: return "bitwise_or";
    case OP_BITXOR: return "bitwise_xor";
    case OP_BITAND: return "bitwise_and";
    case OP_MATMULT: return NULL;
    }
    return NULL;
}

static Value *tensor_binop(Interp *I, BinOpKind op, Value *self, Value *other, bool right, Loc loc)
{
    const char *name = binop_name(op);
    if (!name)
        return v_unknown(I, loc, "the '@' operator on tiles is not modelled (use nl.matmul)");
    Value *args[3] = {v_cstr(I, name), right ? other : self, right ? self : other};
    return nki_model_call(I, "core", "binop", args, 3, loc);
}

static Value *tensor_inplace(Interp *I, BinOpKind op, Value *self, Value *other, Loc loc)
{
    const char *name = binop_name(op);
    if (!name)
        return v_unknown(I, loc, "the '@=' operator on tiles is not modelled");
    Value *args[3] = {v_cstr(I, name), self, other};
    Value *r = nki_model_call(I, "core", "inplace", args, 3, loc);
    if (!r)
        return NULL;
    NkiCtx *ctx = nki_ctx(I);
    if (ctx)
        ctx->last_inplace = self;
    return self;
}

static Value *tensor_unary(Interp *I, UnaryOpKind op, Value *self, Loc loc)
{
    if (op == UOP_UADD)
        return self;
    if (op == UOP_NOT)
        return v_unknown(I, loc, "'not' of a tile is not modelled");
    Value *args[2] = {v_cstr(I, op == UOP_USUB ? "negative" : "invert"), self};
    return nki_model_call(I, "core", "unary", args, 2, loc);
}

static Value *tensor_compare(Interp *I, CmpOpKind op, Value *self, Value *other, bool right, Loc loc)
{
    static const char *const names[] = {
        [CMP_EQ] = "equal", [CMP_NOTEQ] = "not_equal", [CMP_LT] = "less", [CMP_LTE] = "less_equal",
        [CMP_GT] = "greater", [CMP_GTE] = "greater_equal",
    };
    if (op > CMP_GTE)
        return v_unknown(I, loc, "this comparison of tiles is not modelled");
    CmpOpKind o = op;
    if (right) {   /* other OP self  ==  self OP' other */
        switch (op) {
        case CMP_LT: o = CMP_GT; break;
        case CMP_LTE: o = CMP_GTE; break;
        case CMP_GT: o = CMP_LT; break;
        case CMP_GTE: o = CMP_LTE; break;
        case CMP_EQ: case CMP_NOTEQ: case CMP_IS: case CMP_ISNOT: case CMP_IN: case CMP_NOTIN:
            break;
        }
    }
    Value *args[3] = {v_cstr(I, names[o]), self, other};
    return nki_model_call(I, "core", "binop", args, 3, loc);
}

static void tensor_repr(StrBuf *out, const Value *self)
{
    NkiTensor *t = self->u.obj.data;
    sb_printf(out, "<tensor %s: %d-D %s in %s>", t->desc ? t->desc : t->st->name, t->ndim,
              nki_dtype_name(t->dtype), nki_buf_name(t->st->buf));
}

/* A tensor met in a pass of a loop over a symbolic range stands for the
 * one every iteration makes (the item of a list the loop fills, eval.h)
 * when it is a whole allocation, on chip or a kernel input, whose dims do
 * not depend on the index: every iteration's allocation then has the same
 * shape, dtype and buffer, which is all kcv check asks of a tile.  Not
 * other HBM allocations: whether an output was written is tracked per
 * storage, and one storage for every iteration's would take a write to
 * one for a write to all.  Not with data (kcv run): values differ. */
static bool tensor_loop_invariant(Interp *I, Value *self, const LoopCtx *loop)
{
    NkiTensor *t = self->u.obj.data;
    NkiStorage *st = t->st;
    if (!t->is_root || st->ndata || (!st->is_input && !nki_buf_on_chip(st->buf)))
        return false;
    for (int d = 0; d < st->ndim; d++)
        if (!loop_invariant_value(I, st->dims[d], loop))
            return false;
    return true;
}

const ObjType nki_tensor_type = {
    .name = "Tensor",
    .getattr = tensor_getattr,
    .getitem = tensor_getitem,
    .setitem = tensor_setitem,
    .binop = tensor_binop,
    .inplace = tensor_inplace,
    .unary = tensor_unary,
    .compare = tensor_compare,
    .repr = tensor_repr,
    .loop_invariant = tensor_loop_invariant,
    .children = obj_no_children,
};

/* ---- inputs and outputs (nki.h) ------------------------------------------------ */

Value *nki_input_tensor(Interp *I, NkiCtx *ctx, const char *name, Value **dims, int ndim, Value *dtype)
{
    (void)ctx;
    NkiDtype dt = DT_FLOAT32;
    if (dtype && !nki_as_dtype(dtype, &dt))
        return v_unknown(I, interp_user_loc(I), "input %s has a dtype kcv does not know", name);
    Value **d = vals_new(I, ndim);
    for (int i = 0; i < ndim; i++)
        d[i] = dims[i];
    NkiStorage *st = nki_storage_new(I, arena_strndup(I->arena, name, strlen(name)), BUF_HBM, dt, d, ndim, -1);
    if (!st)
        return NULL;
    st->is_input = true;
    st->written = true;
    nki_storage_set_defined(st);   /* the driver fills it */
    /* an input exists: its dims are positive and it has fewer than 2^31 elements */
    Value *ok = v_bool(I, true);
    for (int i = 0; i < ndim; i++)
        ok = nv_and(I, ok, nv_cmp(I, CMP_GTE, d[i], v_int(I, 1)));
    if (ok && st->numel->kind != V_UNKNOWN)
        ok = nv_and(I, ok, nv_cmp(I, CMP_LT, st->numel, v_int(I, (int64_t)1 << 31)));
    if (ok && ok->kind == V_BOOL && ok->u.i.sym && I->dom->assume)
        I->dom->assume(I->dom_state, ok, interp_user_loc(I));
    return nki_tensor_root(I, st);
}

Value *nki_tensor_written(Interp *I, const Value *v)
{
    NkiTensor *t = nki_tensor_of(v);
    if (!t)
        return NULL;
    if (!t->st->written || !t->st->written_if)
        return v_bool(I, t->st->written);
    return t->st->written_if;
}
