/* objects.c - the small native objects of the NKI model: buffers, par_dim,
 * namespaces (enums, nki.compiler.sbuf), nl.tile_size, kernels and grid
 * launches, numpy host arrays, and nt.tensor[...] annotations.
 */
#include "nki_int.h"

/* ---- buffers ----------------------------------------------------------------- */

const char *nki_buf_name(NkiBufKind k)
{
    switch (k) {
    case BUF_HBM: return "hbm";
    case BUF_SHARED_HBM: return "shared_hbm";
    case BUF_PRIVATE_HBM: return "private_hbm";
    case BUF_SBUF: return "sbuf";
    case BUF_PSUM: return "psum";
    }
    return "?";
}

bool nki_buf_on_chip(NkiBufKind k)
{
    return k == BUF_SBUF || k == BUF_PSUM;
}

Value *nki_buffer_value(Interp *I, NkiBufKind k, bool direct)
{
    NkiBuffer *b = arena_alloc(I->arena, sizeof *b);
    b->kind = k;
    b->direct = direct;
    return v_object(I, &nki_buffer_type, b);
}

Value *nki_buf_name_value(NkiBufKind k)
{
    /* str values are immutable: one per buffer kind serves every interpreter */
    static Value names[NKI_BUF_COUNT];
    unsigned i = (unsigned)k < NKI_BUF_COUNT ? (unsigned)k : 0;
    if (names[i].kind != V_STR) {
        names[i].u.str.s = nki_buf_name((NkiBufKind)i);
        names[i].u.str.len = strlen(names[i].u.str.s);
        names[i].kind = V_STR;
    }
    return &names[i];
}

static Value *buffer_getattr(Interp *I, Value *self, const char *name, Loc loc)
{
    NkiBuffer *b = self->u.obj.data;
    if (strcmp(name, "name") == 0)
        return nki_buf_name_value(b->kind);
    interp_raise(I, loc, "AttributeError", "buffer '%s' has no attribute '%s'", nki_buf_name(b->kind), name);
    return NULL;
}

static Value *buffer_compare(Interp *I, CmpOpKind op, Value *self, Value *other, bool right, Loc loc)
{
    (void)right;
    NkiBuffer *a = self->u.obj.data;
    bool eq = false;
    if (op != CMP_EQ && op != CMP_NOTEQ)
        return v_unknown(I, loc, "ordering comparison of buffers");
    if (other->kind == V_OBJECT && other->u.obj.type == &nki_buffer_type)
        eq = ((NkiBuffer *)other->u.obj.data)->kind == a->kind;
    return v_bool(I, op == CMP_EQ ? eq : !eq);
}

static void buffer_repr(StrBuf *out, const Value *self)
{
    NkiBuffer *b = self->u.obj.data;
    sb_printf(out, "nl.%s", nki_buf_name(b->kind));
}

const ObjType nki_buffer_type = {
    .name = "buffer",
    .getattr = buffer_getattr,
    .compare = buffer_compare,
    .repr = buffer_repr,
    .children = obj_no_children,
};

/* ---- par_dim ----------------------------------------------------------------- */

static void pardim_repr(StrBuf *out, const Value *self)
{
    const Value *n = self->u.obj.data;
    if (n->kind == V_INT && !n->u.i.sym)
        sb_printf(out, "par_dim(%lld)", (long long)n->u.i.c);
    else
        sb_puts(out, "par_dim(?)");
}

/* objects whose data is one value */
static void value_child(Value *self, void (*add)(void *w, Value *v), void *w)
{
    add(w, self->u.obj.data);
}

const ObjType nki_pardim_type = {
    .name = "par_dim",
    .children = value_child,
    .repr = pardim_repr,
};

/* ---- nl.ds ----------------------------------------------------------------- */

static Value *dynslice_getattr(Interp *I, Value *self, const char *name, Loc loc)
{
    NkiDynSlice *d = self->u.obj.data;
    if (strcmp(name, "start") == 0)
        return d->start;
    if (strcmp(name, "size") == 0)
        return d->size;
    if (strcmp(name, "stop") == 0)
        return nv_add(I, d->start, d->size);
    if (strcmp(name, "step") == 0)
        return v_none();
    interp_raise(I, loc, "AttributeError", "nl.ds has no attribute '%s'", name);
    return NULL;
}

static void dynslice_repr(StrBuf *out, const Value *self)
{
    (void)self;
    sb_puts(out, "nl.ds(...)");
}

static void dynslice_children(Value *self, void (*add)(void *w, Value *v), void *w)
{
    NkiDynSlice *d = self->u.obj.data;
    add(w, d->start);
    add(w, d->size);
}

const ObjType nki_dynslice_type = {
    .children = dynslice_children,
    .name = "nl.ds",
    .getattr = dynslice_getattr,
    .repr = dynslice_repr,
};

/* ---- namespaces ---------------------------------------------------------------- */

Value *nki_namespace_new(Interp *I, const char *name)
{
    NkiNamespace *ns = arena_alloc(I->arena, sizeof *ns);
    ns->name = arena_strndup(I->arena, name, strlen(name));
    return v_object(I, &nki_namespace_type, ns);
}

void nki_namespace_set(Interp *I, Value *v, const char *name, Value *x)
{
    NkiNamespace *ns = v->u.obj.data;
    dict_set_str(I, &ns->attrs, intern_cstr(I->names, name), x);
}

static Value *namespace_getattr(Interp *I, Value *self, const char *name, Loc loc)
{
    NkiNamespace *ns = self->u.obj.data;
    Value *v = dict_get_str(&ns->attrs, intern_cstr(I->names, name));
    if (v)
        return v;
    /* part of an NKI namespace kcv does not know: not a silent pass */
    return nki_unmodelled(I, nki_strf(I, "%s.%s", ns->name, name));
    (void)loc;
}

static void namespace_repr(StrBuf *out, const Value *self)
{
    NkiNamespace *ns = self->u.obj.data;
    sb_printf(out, "<%s>", ns->name);
}

static void namespace_children(Value *self, void (*add)(void *w, Value *v), void *w)
{
    NkiNamespace *ns = self->u.obj.data;
    for (int i = 0; i < ns->attrs.n; i++) {
        add(w, ns->attrs.v[i].key);
        add(w, ns->attrs.v[i].value);
    }
}

const ObjType nki_namespace_type = {
    .children = namespace_children,
    .name = "namespace",
    .getattr = namespace_getattr,
    .repr = namespace_repr,
};

/* ---- nl.tile_size ----------------------------------------------------------------- */

static Value *tilesize_getattr(Interp *I, Value *self, const char *name, Loc loc)
{
    (void)self;
    const NkiTarget *t = nki_cur_target(I);
    if (strcmp(name, "pmax") == 0)
        return v_int(I, t->pmax);
    if (strcmp(name, "psum_fmax") == 0 || strcmp(name, "psum_bank_fmax") == 0)
        return v_int(I, t->psum_fmax);
    if (strcmp(name, "psum_bank_fmax_bytes") == 0)
        return v_int(I, t->psum_fmax * 4);
    if (strcmp(name, "gemm_stationary_fmax") == 0)
        return v_int(I, t->gemm_stationary_fmax);
    if (strcmp(name, "gemm_moving_fmax") == 0)
        return v_int(I, t->gemm_moving_fmax);
    if (strcmp(name, "bn_stats_fmax") == 0)
        return v_int(I, t->bn_stats_fmax);
    if (strcmp(name, "psum_num_banks") == 0)
        return v_int(I, t->psum_num_banks);
    if (strcmp(name, "sbuf_fmax_bytes") == 0)
        return v_int(I, t->sbuf_partition_bytes);
    if (strcmp(name, "sbuf_size_bytes") == 0)
        return v_int(I, t->sbuf_partition_bytes * t->pmax);
    return v_unknown(I, loc, "nl.tile_size.%s is not modelled (its value is not documented)", name);
}

const ObjType nki_tilesize_type = {
    .name = "tile_size",
    .getattr = tilesize_getattr,
    .children = obj_no_children,
};

/* ---- kernels ------------------------------------------------------------------------ */

Value *nki_kernel_function(const Value *v)
{
    if (!v || v->kind != V_OBJECT || v->u.obj.type != &nki_kernel_type)
        return NULL;   /* not a kernel: a plain (host) function is not one */
    while (v && v->kind == V_OBJECT && v->u.obj.type == &nki_kernel_type)
        v = ((NkiKernel *)v->u.obj.data)->fn;
    return v && v->kind == V_FUNCTION ? (Value *)v : NULL;
}

const NkiTarget *nki_kernel_target(const Value *v)
{
    while (v && v->kind == V_OBJECT && v->u.obj.type == &nki_kernel_type) {
        NkiKernel *k = v->u.obj.data;
        if (k->platform_target)
            return nki_target_find(k->platform_target);
        v = k->fn;
    }
    return NULL;
}

static Value *kernel_call_with(Interp *I, NkiKernel *k, CallArgs *args, Loc loc)
{
    NkiCtx *c = nki_ctx(I);
    const NkiTarget *saved = c ? c->target : NULL;
    const NkiTarget *t = k->platform_target ? nki_target_find(k->platform_target) : NULL;
    if (c && t)
        c->target = t;
    Value *r = interp_call(I, k->fn, args, loc);
    if (c && t)
        c->target = saved;
    return r;
}

static Value *kernel_call(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    return kernel_call_with(I, self->u.obj.data, args, loc);
}

typedef struct NkiLaunch {
    NkiKernel *k;
    int n;
    Value *grid[3];
} NkiLaunch;

static Value *kernel_getitem(Interp *I, Value *self, Value *key, Loc loc)
{
    NkiKernel *k = self->u.obj.data;
    NkiLaunch *l = arena_alloc(I->arena, sizeof *l);
    l->k = k;
    if (k->g2)   /* kernel[lnc]: the logical NeuronCore degree, not a grid */
        return v_object(I, &nki_launch_type, l);
    int n = key->kind == V_TUPLE ? key->u.seq.n : 1;
    Value **items = key->kind == V_TUPLE ? key->u.seq.v : &key;
    if (n > 3)
        return v_unknown(I, loc, "SPMD grids of more than 3 dimensions are not modelled");
    for (int i = 0; i < n; i++) {
        if (!nv_is_int(items[i])) {
            if (items[i]->kind == V_UNKNOWN)
                return items[i];
            interp_raise(I, loc, "TypeError", "a launch grid dimension must be an int, not %s",
                         value_type_name(items[i]));
            return NULL;
        }
        l->grid[i] = items[i];
    }
    l->n = n;
    return v_object(I, &nki_launch_type, l);
}

static Value *kernel_getattr(Interp *I, Value *self, const char *name, Loc loc)
{
    NkiKernel *k = self->u.obj.data;
    if (strcmp(name, "func") == 0 || strcmp(name, "__wrapped__") == 0)
        return k->fn;
    if (strcmp(name, "__name__") == 0 && k->fn->kind == V_FUNCTION && k->fn->u.fn.def &&
        k->fn->u.fn.def->kind != N_LAMBDA)
        return v_cstr(I, k->fn->u.fn.def->u.func.name);
    return v_unknown(I, loc, "attribute '%s' of an @nki.%s kernel is not modelled (host-side)", name,
                     k->decorator);
}

static void kernel_repr(StrBuf *out, const Value *self)
{
    NkiKernel *k = self->u.obj.data;
    sb_printf(out, "<nki.%s kernel>", k->decorator);
}

static void kernel_children(Value *self, void (*add)(void *w, Value *v), void *w)
{
    add(w, ((NkiKernel *)self->u.obj.data)->fn);
}

const ObjType nki_kernel_type = {
    .children = kernel_children,
    .name = "kernel",
    .getattr = kernel_getattr,
    .call = kernel_call,
    .getitem = kernel_getitem,
    .repr = kernel_repr,
};

Value *nki_launch(Interp *I, NkiCtx *c, Value *kernel, Value **grid, int ndim, CallArgs *args, Loc loc)
{
    NkiKernel plain = {kernel, "jit", NULL, false};
    NkiKernel *k = kernel->kind == V_OBJECT && kernel->u.obj.type == &nki_kernel_type ? kernel->u.obj.data : &plain;
    if (!c || ndim == 0)
        return kernel_call_with(I, k, args, loc);
    if (ndim > 3) {
        interp_abort(I, loc, "SPMD grids of more than 3 dimensions are not modelled");
        return NULL;
    }
    int saved_n = c->grid_ndim, saved_inst = c->launch_instance, saved_next = c->shared_next;
    Value *saved[3], *saved_pid[3];
    int64_t g[3] = {1, 1, 1};
    bool concrete = !I->dom->fresh;
    for (int i = 0; i < 3; i++) {
        saved[i] = c->grid[i];
        saved_pid[i] = c->program_ids[i];
        c->grid[i] = i < ndim ? grid[i] : NULL;
        c->program_ids[i] = NULL;
        if (i < ndim && !nv_const(grid[i], &g[i]))
            concrete = false;
    }
    c->grid_ndim = ndim;
    Value *r = NULL;
    if (!concrete) {
        r = kernel_call_with(I, k, args, loc);
    } else {
        /* every instance, one after the other (as SDK 2.21 runs them) */
        int64_t total = g[0] * g[1] * g[2];
        int saved_shared = c->shared_allocs.n;
        for (int64_t n = 0; n < total; n++) {
            int64_t rest = n;
            for (int i = ndim - 1; i >= 0; i--) {
                c->program_ids[i] = v_int(I, rest % g[i]);
                rest /= g[i];
            }
            c->launch_instance = n == 0 ? 0 : 1;
            c->shared_next = saved_shared;
            r = kernel_call_with(I, k, args, loc);
            if (!r)
                break;
        }
        c->shared_allocs.n = saved_shared;
    }
    c->grid_ndim = saved_n;
    c->launch_instance = saved_inst;
    c->shared_next = saved_next;
    for (int i = 0; i < 3; i++) {
        c->grid[i] = saved[i];
        c->program_ids[i] = saved_pid[i];
    }
    return r;
}

static Value *launch_call(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    NkiLaunch *l = self->u.obj.data;
    Value kv = {.kind = V_OBJECT};
    kv.u.obj.type = &nki_kernel_type;
    kv.u.obj.data = l->k;
    return nki_launch(I, nki_ctx(I), &kv, l->grid, l->n, args, loc);
}

static void launch_repr(StrBuf *out, const Value *self)
{
    NkiLaunch *l = self->u.obj.data;
    sb_printf(out, "<nki kernel launch on a %d-D grid>", l->n);
}

static void launch_children(Value *self, void (*add)(void *w, Value *v), void *w)
{
    NkiLaunch *l = self->u.obj.data;
    add(w, l->k->fn);
    for (int i = 0; i < l->n; i++)
        add(w, l->grid[i]);
}

const ObjType nki_launch_type = {
    .children = launch_children,
    .name = "kernel launch",
    .call = launch_call,
    .repr = launch_repr,
};

/* ---- numpy host arrays ------------------------------------------------------------ */

static Value *hostarray_astype(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    NkiHostArray *h = self->u.obj.data, *r;
    NkiDtype dt;
    if (args->npos != 1 || !nki_as_dtype(args->pos[0], &dt))
        return v_unknown(I, loc, "numpy astype to this dtype is not modelled");
    if (!nki_dtype_resolve(I, &dt))
        return NULL;
    r = arena_alloc(I->arena, sizeof *r);
    *r = *h;
    r->dtype = dt;
    r->data = arena_alloc(I->arena, (size_t)(h->n ? h->n : 1) * sizeof(double));
    for (int64_t i = 0; i < h->n; i++)
        r->data[i] = nki_dtype_round(dt, h->data[i]);
    return v_object(I, &nki_hostarray_type, r);
}

static Value *hostarray_getattr(Interp *I, Value *self, const char *name, Loc loc)
{
    NkiHostArray *h = self->u.obj.data;
    if (strcmp(name, "shape") == 0) {
        Value *t = v_tuple(I, h->ndim);
        for (int i = 0; i < h->ndim; i++)
            t->u.seq.v[i] = v_int(I, h->shape[i]);
        return t;
    }
    if (strcmp(name, "dtype") == 0)
        return nki_dtype_value(I, h->dtype);
    if (strcmp(name, "ndim") == 0)
        return v_int(I, h->ndim);
    if (strcmp(name, "size") == 0)
        return v_int(I, h->n);
    if (strcmp(name, "astype") == 0)
        return v_builtin(I, "astype", hostarray_astype, self, NULL);
    return nki_unmodelled(I, nki_strf(I, "numpy.ndarray.%s", name));
    (void)loc;
}

static void hostarray_repr(StrBuf *out, const Value *self)
{
    NkiHostArray *h = self->u.obj.data;
    sb_printf(out, "<numpy array of %d dimension(s), %s>", h->ndim, nki_dtype_name(h->dtype));
}

const ObjType nki_hostarray_type = {
    .name = "numpy.ndarray",
    .getattr = hostarray_getattr,
    .repr = hostarray_repr,
    .children = obj_no_children,
};

/* ---- nt.tensor[...] ------------------------------------------------------------------ */

static Value *tensortype_getitem(Interp *I, Value *self, Value *key, Loc loc)
{
    (void)self;
    (void)loc;
    Value *k = arena_alloc(I->arena, sizeof *k);
    *k = *key;
    return v_object(I, &nki_tensortype_type, k);
}

static void tensortype_repr(StrBuf *out, const Value *self)
{
    sb_puts(out, self->u.obj.data ? "<nt.tensor[...]>" : "<nt.tensor>");
}

const ObjType nki_tensortype_type = {
    .children = value_child,   /* NULL data: children of nothing */
    .name = "nki.typing.tensor",
    .getitem = tensortype_getitem,
    .repr = tensortype_repr,
};
