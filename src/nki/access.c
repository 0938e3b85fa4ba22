/* access.c - the bounds of an access, as booleans the model asserts.
 *
 * An API that reads or writes a view `t` under a mask must keep every
 * element it touches within every dimension the view was cut from
 * (t->checks).  The mask filters the iteration space (the view's axes,
 * "lanes"), not the combined address (the ESBMC finding): the obligation is
 *     for all lanes x with 0 <= x_k < n_k and mask(x):  0 <= f(x) < size
 * built three ways, cheapest first:
 *   A. everything concrete: min/max of f over the box the single-axis mask
 *      conditions leave (enumerating the box when a condition couples axes);
 *   B. coefficients and extents concrete, no mask: c0 + min <= .. < size with
 *      a symbolic c0 (loop indices, program ids) - no quantified lanes;
 *   C. otherwise: fresh lane variables of the domain, with their ranges and
 *      the mask as premises: (ranges and mask) -> in bounds; a
 *      counterexample then names the lanes too.
 * Each comes with the words the model's message uses after the API and its
 * verb: what the access touches in the tensor's own terms and how far the
 * tensor goes ("[nl.load reads] rows 256..383 of lhsT, which has 256 rows");
 * a tensor's dimensions are named by nki_check_describe.
 */
#include "nki_int.h"

enum { ENUM_LIMIT = 1 << 22 };

/* The concrete box the mask leaves: lo[k] <= x_k <= hi[k].  `coupled` is
 * set when some condition involves several axes (or is not >= 0). */
static bool concrete_box(const NkiTensor *t, const NkiMask *m, int64_t *lo, int64_t *hi, bool *coupled,
                         bool *empty)
{
    *coupled = false;
    *empty = false;
    for (int k = 0; k < t->ndim; k++) {
        int64_t n;
        if (!nv_const(t->shape[k], &n))
            return false;
        lo[k] = 0;
        hi[k] = n - 1;
        if (n <= 0)
            *empty = true;
    }
    if (!m)
        return true;
    for (int i = 0; i < m->n; i++) {
        const MaskCon *c = &m->c[i];
        if (!aform_concrete(&c->f))
            return false;
        int axis = -1, naxes = 0;
        int64_t a = 0, c0;
        nv_const(c->f.c0, &c0);
        for (int k = 0; k < c->f.n; k++) {
            int64_t v;
            if (c->f.coef[k] && nv_const(c->f.coef[k], &v) && v != 0) {
                axis = k;
                a = v;
                naxes++;
            }
        }
        if (naxes == 0) {
            bool h = c->rel == MASK_GE0 ? c0 >= 0 : c->rel == MASK_EQ0 ? c0 == 0 : c0 != 0;
            if (!h)
                *empty = true;
            continue;
        }
        if (naxes > 1 || c->rel != MASK_GE0) {
            *coupled = true;
            continue;
        }
        /* a*x + c0 >= 0 */
        if (a > 0) {   /* x >= ceil(-c0 / a) */
            int64_t b = -c0 >= 0 ? (-c0 + a - 1) / a : -((c0) / a);
            if (b > lo[axis])
                lo[axis] = b;
        } else {       /* x <= floor(c0 / -a) */
            int64_t na = -a;
            int64_t b = c0 >= 0 ? c0 / na : -((-c0 + na - 1) / na);
            if (b < hi[axis])
                hi[axis] = b;
        }
    }
    for (int k = 0; k < t->ndim; k++)
        if (lo[k] > hi[k])
            *empty = true;
    return true;
}

/* min and max of concrete form f over the box */
static bool form_range(const AForm *f, const int64_t *lo, const int64_t *hi, int64_t *mn, int64_t *mx)
{
    int64_t a, b;
    if (!nv_const(f->c0, &a))
        return false;
    b = a;
    for (int k = 0; k < f->n; k++) {
        int64_t c;
        if (!f->coef[k] || !nv_const(f->coef[k], &c) || c == 0)
            continue;
        int64_t p = c * (c > 0 ? lo[k] : hi[k]), q = c * (c > 0 ? hi[k] : lo[k]);
        a += p;
        b += q;
    }
    *mn = a;
    *mx = b;
    return true;
}

static bool enumerate_box(const int64_t *lo, const int64_t *hi, int n, int64_t limit)
{
    int64_t vol = 1;
    for (int k = 0; k < n; k++) {
        int64_t e = hi[k] - lo[k] + 1;
        if (e <= 0)
            return true;
        if (__builtin_mul_overflow(vol, e, &vol) || vol > limit)
            return false;
    }
    return true;
}

static const char *axis_name(Interp *I, int k)
{
    return nki_strf(I, "i%d", k);
}

/* ---- messages ------------------------------------------------------------------------ */

/* How the kernel names tensor t: "lhsT" for 'lhsT', "x[0:128, :]" for
 * 'x'[0:128, :], else its description ("the result of nl.load"). */
static const char *plain_name(Interp *I, const NkiTensor *t)
{
    const char *d = t->desc ? t->desc : t->st->desc;
    const char *sd = t->st->desc;
    size_t n = sd ? strlen(sd) : 0;
    if (d && n >= 2 && sd[0] == '\'' && strncmp(d, sd, n) == 0)
        return nki_strf(I, "%s%s", t->st->name, d + n);
    return d ? d : "a tensor";
}

void nki_check_describe(Interp *I, NkiCheck *c, const NkiTensor *t, int dim)
{
    const char *name = plain_name(I, t);
    c->dim = dim;
    if (dim < 0) {
        c->what = nki_strf(I, "the storage of %s", t->st->desc);
        c->of = nki_strf(I, "the storage of %s", name);
        c->unit = "elements";
        return;
    }
    c->what = nki_strf(I, "dimension %d of %s", dim, t->desc);
    c->of = name;
    if (t->par_axis >= 0 && dim == t->par_axis)
        c->unit = "partitions";
    else if (t->ndim == 1)
        c->unit = "elements";
    else if (t->par_axis >= 0 && dim < t->par_axis)
        c->unit = "blocks";
    else if (dim == t->ndim - 1)
        c->unit = "columns";
    else if (dim == 0)
        c->unit = "rows";
    else
        c->unit = NULL;
}

/* "rows" -> "row" */
static void put_unit(StrBuf *b, const char *unit, bool one)
{
    size_t n = strlen(unit);
    if (one && n > 1 && unit[n - 1] == 's')
        n--;
    sb_put(b, unit, n);
}

/* What an access touches along the bound `c`, and how far the bound goes:
 * "rows 256..383 of lhsT, which has 256 rows"; `range` is the part
 * touched, `single` when it is one index.  The API's name and verb come
 * before it in the model's message ("nl.load reads ..."). */
static const char *span_text(Interp *I, const NkiCheck *c, const char *range, bool single)
{
    StrBuf b = {0};
    if (!c->of) {   /* a bound made without nki_check_describe */
        sb_printf(&b, "%s %s of %s (size ", single ? "index" : "indices", range, c->what);
        nv_str(I, &b, c->size);
        sb_putc(&b, ')');
    } else if (c->unit) {
        int64_t size;
        put_unit(&b, c->unit, single);
        sb_printf(&b, " %s of %s, which has ", range, c->of);
        nv_str(I, &b, c->size);
        sb_putc(&b, ' ');
        put_unit(&b, c->unit, nv_const(c->size, &size) && size == 1);
    } else {
        sb_printf(&b, "%s %s of dimension %d of %s, whose size is ", single ? "index" : "indices", range, c->dim,
                  c->of);
        nv_str(I, &b, c->size);
    }
    const char *r = arena_strndup(I->arena, sb_str(&b), b.len);
    sb_free(&b);
    return r;
}

/* A concrete span: "256..383" */
static const char *describe_range(Interp *I, const NkiCheck *c, int64_t mn, int64_t mx)
{
    const char *range = mn == mx ? nki_strf(I, "%lld", (long long)mn) : nki_strf(I, "%lld..%lld", (long long)mn, (long long)mx);
    return span_text(I, c, range, mn == mx);
}

/* A span with symbolic ends: "m*128..m*128 + 127" */
static const char *describe_ends(Interp *I, const NkiCheck *c, Value *lo, Value *hi)
{
    StrBuf b = {0};
    nv_str(I, &b, lo);
    bool single = nv_same(lo, hi);
    if (!single) {
        sb_puts(&b, "..");
        nv_str(I, &b, hi);
    }
    const char *range = arena_strndup(I->arena, sb_str(&b), b.len);
    sb_free(&b);
    return span_text(I, c, range, single);
}

/* The index as a form of the view's lanes: "128*i0 + i1 (0 <= i0 < 4, 0 <= i1 < 128)" */
static const char *describe(Interp *I, const NkiTensor *t, const NkiCheck *c)
{
    StrBuf b = {0};
    const char **names = arena_alloc(I->arena, (size_t)(c->f.n ? c->f.n : 1) * sizeof(char *));
    for (int k = 0; k < c->f.n; k++)
        names[k] = axis_name(I, k);
    aform_str(I, &b, &c->f, names);
    bool any = false;
    for (int k = 0; k < c->f.n; k++)
        if (c->f.coef[k] && !nv_is(c->f.coef[k], 0)) {
            sb_puts(&b, any ? ", " : " (");
            sb_printf(&b, "0 <= %s < ", names[k]);
            nv_str(I, &b, t->shape[k]);
            any = true;
        }
    if (any)
        sb_putc(&b, ')');
    const char *range = arena_strndup(I->arena, sb_str(&b), b.len);
    sb_free(&b);
    return span_text(I, c, range, !any);
}

int nki_access_conds(Interp *I, const NkiTensor *t, const NkiMask *mask0, Value ***conds,
                     const char ***whats, Loc loc)
{
    int n = t->nchecks;
    *conds = arena_alloc(I->arena, (size_t)(n ? n : 1) * sizeof(Value *));
    *whats = arena_alloc(I->arena, (size_t)(n ? n : 1) * sizeof(char *));
    if (n == 0)
        return 0;
    const NkiMask *mask = NULL;
    if (mask0) {
        mask = nki_mask_align(I, mask0, t->ndim);
        if (!mask) {
            interp_raise(I, loc, "ValueError", "the mask has more dimensions than the access %s", t->desc);
            return -1;
        }
    }
    int nd = t->ndim ? t->ndim : 1;
    int64_t *lo = arena_alloc(I->arena, (size_t)nd * sizeof(int64_t));
    int64_t *hi = arena_alloc(I->arena, (size_t)nd * sizeof(int64_t));
    bool coupled = false, empty = false;
    bool box = concrete_box(t, mask, lo, hi, &coupled, &empty);
    Value **lanes = NULL;   /* tier C, shared by the checks of this access */
    Value *premise = NULL;

    for (int i = 0; i < n; i++) {
        const NkiCheck *c = &t->checks[i];
        int64_t size, mn = 0, mx = 0;
        bool size_c = nv_const(c->size, &size);
        /* tier A */
        if (box && size_c && aform_concrete(&c->f)) {
            if (empty) {
                (*conds)[i] = v_bool(I, true);
                (*whats)[i] = NULL;   /* holds: no message needed */
                continue;
            }
            form_range(&c->f, lo, hi, &mn, &mx);
            bool ok = mn >= 0 && mx < size;
            if (!ok && coupled && enumerate_box(lo, hi, t->ndim, ENUM_LIMIT)) {
                /* the box over-approximates: look at the elements the mask keeps */
                int64_t *y = arena_alloc(I->arena, (size_t)nd * sizeof(int64_t));
                int64_t rmn = INT64_MAX, rmx = INT64_MIN;
                for (int k = 0; k < t->ndim; k++)
                    y[k] = lo[k];
                for (;;) {
                    bool h;
                    int64_t v;
                    if (nki_mask_eval(mask, y, t->ndim, &h) && h && aform_eval(&c->f, y, t->ndim, &v)) {
                        if (v < rmn) rmn = v;
                        if (v > rmx) rmx = v;
                    }
                    int k = t->ndim - 1;
                    while (k >= 0 && y[k] == hi[k]) {
                        y[k] = lo[k];
                        k--;
                    }
                    if (k < 0)
                        break;
                    y[k]++;
                }
                if (rmn > rmx) {
                    (*conds)[i] = v_bool(I, true);
                    (*whats)[i] = NULL;
                    continue;
                }
                mn = rmn;
                mx = rmx;
                ok = mn >= 0 && mx < size;
            } else if (!ok && coupled) {
                goto symbolic;   /* too many elements to enumerate */
            }
            (*conds)[i] = v_bool(I, ok);
            (*whats)[i] = ok ? NULL : describe_range(I, c, mn, mx);
            continue;
        }
        /* tier B */
        if (!mask) {
            bool lin = true;
            int64_t lmn = 0, lmx = 0;
            for (int k = 0; k < c->f.n && lin; k++) {
                int64_t co, ext;
                if (!c->f.coef[k] || nv_is(c->f.coef[k], 0))
                    continue;
                if (!nv_const(c->f.coef[k], &co) || !nv_const(t->shape[k], &ext)) {
                    lin = false;
                    break;
                }
                if (ext <= 0) {
                    lmn = 0;
                    lmx = -1;   /* empty */
                    break;
                }
                if (co > 0)
                    lmx += co * (ext - 1);
                else
                    lmn += co * (ext - 1);
            }
            if (lin) {
                Value *lo_v = nv_add(I, c->f.c0, v_int(I, lmn));
                Value *hi_v = nv_add(I, c->f.c0, v_int(I, lmx));
                (*conds)[i] = nv_and(I, nv_cmp(I, CMP_GTE, lo_v, v_int(I, 0)), nv_cmp(I, CMP_LT, hi_v, c->size));
                if (!(*conds)[i])
                    return -1;
                (*whats)[i] = lmn <= lmx ? describe_ends(I, c, lo_v, hi_v) : describe(I, t, c);
                continue;
            }
        }
    symbolic:
        /* tier C */
        if (!lanes) {
            lanes = arena_alloc(I->arena, (size_t)nd * sizeof(Value *));
            premise = v_bool(I, true);
            for (int k = 0; k < t->ndim; k++) {
                lanes[k] = nv_fresh(I, nki_strf(I, "%s.i%d", t->st->name, k));   /* "lhsT.i0" */
                if (!lanes[k])
                    return -1;
                premise = nv_and(I, premise,
                                 nv_and(I, nv_cmp(I, CMP_GTE, lanes[k], v_int(I, 0)),
                                        nv_cmp(I, CMP_LT, lanes[k], t->shape[k])));
            }
            for (int j = 0; mask && j < mask->n; j++) {
                const MaskCon *mc = &mask->c[j];
                Value *v = mc->f.c0;
                for (int k = 0; k < mc->f.n && v; k++)
                    if (mc->f.coef[k])
                        v = nv_add(I, v, nv_mul(I, mc->f.coef[k], lanes[k]));
                Value *h = mc->rel == MASK_GE0 ? nv_cmp(I, CMP_GTE, v, v_int(I, 0))
                         : mc->rel == MASK_EQ0 ? nv_cmp(I, CMP_EQ, v, v_int(I, 0))
                                               : nv_cmp(I, CMP_NOTEQ, v, v_int(I, 0));
                premise = nv_and(I, premise, h);
            }
            if (!premise)
                return -1;
        }
        Value *v = c->f.c0;
        for (int k = 0; k < c->f.n && v; k++)
            if (c->f.coef[k])
                v = nv_add(I, v, nv_mul(I, c->f.coef[k], lanes[k]));
        Value *in = nv_and(I, nv_cmp(I, CMP_GTE, v, v_int(I, 0)), nv_cmp(I, CMP_LT, v, c->size));
        (*conds)[i] = nv_implies(I, premise, in);
        (*whats)[i] = describe(I, t, c);
        if (!(*conds)[i])
            return -1;
    }
    return n;
}

/* ---- concrete iteration (data) ---------------------------------------------------- */

bool nki_for_each(Interp *I, const NkiTensor *t, const NkiMask *mask0, NkiCoordFn fn, void *ctx)
{
    const NkiMask *mask = mask0 ? nki_mask_align(I, mask0, t->ndim) : NULL;
    int nd = t->ndim ? t->ndim : 1;
    int64_t *y = arena_alloc(I->arena, (size_t)nd * sizeof(int64_t));
    int64_t *ext = arena_alloc(I->arena, (size_t)nd * sizeof(int64_t));
    for (int k = 0; k < t->ndim; k++) {
        if (!nv_const(t->shape[k], &ext[k]))
            return false;
        if (ext[k] <= 0)
            return true;
    }
    for (;;) {
        bool h = true;
        if (!nki_mask_eval(mask, y, t->ndim, &h))
            return false;
        if (h && !fn(ctx, y))
            return false;
        int k = t->ndim - 1;
        while (k >= 0 && y[k] == ext[k] - 1) {
            y[k] = 0;
            k--;
        }
        if (k < 0)
            break;
        y[k]++;
    }
    return true;
}

/* The concrete address map of t, computed once: the offset of element y is
 * cbase + sum cstride[k] * y[k]. */
static bool concrete_map(Interp *I, const NkiTensor *ct)
{
    NkiTensor *t = (NkiTensor *)ct;   /* the cache only */
    if (t->cmap)
        return t->cmap > 0;
    t->cmap = -1;
    int64_t *st = arena_alloc(I->arena, (size_t)(t->ndim ? t->ndim : 1) * sizeof(int64_t));
    int64_t base = 0;
    const AForm *forms = t->flat ? &t->flat_off : t->idx;
    int nforms = t->flat ? 1 : t->st->ndim;
    for (int s = 0; s < nforms; s++) {
        int64_t mul = 1, c;
        if (!t->flat && !nv_const(t->st->strides[s], &mul))
            return false;
        if (!nv_const(forms[s].c0, &c))
            return false;
        base += c * mul;
        for (int k = 0; k < forms[s].n && k < t->ndim; k++)
            if (forms[s].coef[k]) {
                if (!nv_const(forms[s].coef[k], &c))
                    return false;
                st[k] += c * mul;
            }
    }
    t->cbase = base;
    t->cstride = st;
    t->cmap = 1;
    return true;
}

bool nki_flat_offset(Interp *I, const NkiTensor *t, const int64_t *y, int64_t *off)
{
    if (concrete_map(I, t)) {
        int64_t r = t->cbase;
        for (int k = 0; k < t->ndim; k++)
            r += t->cstride[k] * y[k];
        *off = r;
        return true;
    }
    if (t->flat)
        return aform_eval(&t->flat_off, y, t->ndim, off);
    int64_t r = 0;
    for (int s = 0; s < t->st->ndim; s++) {
        int64_t v, st;
        if (!aform_eval(&t->idx[s], y, t->ndim, &v) || !nv_const(t->st->strides[s], &st))
            return false;
        r += v * st;
    }
    *off = r;
    return true;
}
