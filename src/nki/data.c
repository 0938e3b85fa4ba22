/* data.c - the numerics of the NKI model, for the concrete domain (kcv run).
 *
 * Storage.  Each allocation (NkiStorage) holds its elements rounded to its
 * dtype: as float for every dtype float holds exactly (all float dtypes,
 * bool, (u)int8, (u)int16), as double for int32/uint32.  One init byte per
 * element is the uninitialised-read shadow: 1 written with a defined value,
 * 0 never written, 2 computed from undefined values; a storage remembers
 * where undefined values first came into it (uninit_origin, the user's
 * call that read them).  A destination element is defined iff every source
 * element it derives from is: for matmuls and reductions, every element of
 * its contraction or reduction.
 *
 * Elements are made lazily (NkiLazy): allocated on first use (zeroed; big
 * arrays in mapped chunks the kernel may back with huge pages, unmapped by
 * nki_ctx_free), given the profile's uninit_fill value when first read (so
 * memory written before it is read is written once), with no init bytes
 * while every element is defined.  A copy that overwrites a whole storage
 * from a fully defined source without changing a value (a load into a fresh
 * tile, same dtype) is not made at all: the storage reads the source's
 * elements through a composed address map until either is written.  Tiles
 * loaded from HBM thus cost no memory and no copying.
 *
 * Arithmetic.  Vector/Scalar engine arithmetic is fp32: operands are read as
 * float, each result is rounded to fp32 (then to the profile's
 * vector_precision when that is narrower), then to the destination dtype.
 * For + - * / and sqrt, float arithmetic gives exactly the fp32 rounding of
 * the exact result; other functions are computed in double and rounded.
 * Copies do not take the fp32 detour.  Bitwise operators work on the
 * integer values.  With flush_subnormals, fp32-subnormal operands of
 * arithmetic become 0 and so do results subnormal in the destination's
 * format.  The Tensor Engine: see d_matmul.
 *
 * Operand alignment: an operand with as many elements as the destination
 * is read in row-major order (this covers the (P,) <-> (P, 1) padding of
 * tiles and copies between views of different shapes); otherwise it is
 * broadcast numpy-style, right-aligned.
 *
 * Execution.  Every elementwise primitive is a row function run by one
 * engine over the destination's elements (under a mask).  Fast path: when
 * the mask is a box (bounds on single axes) and every bound of every view
 * holds over it, the iteration space is the destination's box, refined where
 * a row-major operand splits the destination's axes differently, with one
 * stride per view and axis; axes contiguous in every view are merged, and
 * the row function runs on stretches of the innermost axis (CHUNK elements
 * at a time), reading contiguous float runs in place.  Otherwise (a mask
 * that is not a box, an access partly out of bounds) the general path calls
 * the same row function once per element, checking each view's bounds
 * there: an out-of-bounds element stops the run, or, with the profile's
 * oob: zero or kcv run --on-violation=report, reads as 0 (defined) and is
 * not written.
 *
 * Matmul, transposes, reductions and scans gather their operands into
 * contiguous buffers with the same engine (kept by the NkiCtx and reused),
 * compute there, and write back with it.  Matmuls straight on fp32
 * operands into an fp32 PSUM tile are deferred (MatGroup): consecutive ones
 * into the same tile wait until something reads that tile or writes one of
 * their operands (mat_before_read, mat_before_write, the accessors), and a
 * run of them whose operand rows follow each other in memory (the K tiles
 * of a band) is then one sgemm.
 *
 * Memory of SBUF/PSUM tiles that nothing refers to any more is reused
 * (reclaim.c marks, nki_data_sweep gives it to a pool).
 *
 * With data off (kcv check) every primitive here returns at once: tensors
 * have shapes, not data.
 */
#define _DEFAULT_SOURCE   /* MAP_ANONYMOUS, MADV_HUGEPAGE (sys/mman.h) */
#include "data_int.h"

#include <stdlib.h>
#include <sys/mman.h>

#include <cblas.h>
#include <float.h>
#include <math.h>

#undef I   /* OpenBLAS's cblas.h includes complex.h; kcv names the interpreter I */

enum {
    MAXD = 16,     /* dimensions of a view the numerics handle */
    MAXS = 32,     /* dimensions of an iteration space (a refinement of views') */
    MAXV = 5,      /* views of one engine run: the destination and 4 operands */
    CHUNK = 1024,  /* elements per call of a row function */
};

bool nki_data_general_only;

/* ---- storage ------------------------------------------------------------------ */

/* How data.c keeps the elements of a storage (NkiStorage.lazy). */
struct NkiLazy {
    Arena *arena;          /* the run's: where small element arrays go */
    NkiCtx *ctx;           /* big ones are its (freed by nki_ctx_free) */
    double fill;           /* what never-written elements read as (rounded) */
    bool made;             /* f32/f64 and init allocated (zeros) */
    bool fill_due;         /* never-written elements (init 0) do not hold `fill` yet */
    /* A copy not made: element f of the storage is element
     * base + sum_j digit_j(f) * str[j] of `root`, digit_j(f) the digits of f
     * in the mixed radix ext[0..nd), outermost first.  Every element is
     * defined.  A root is never itself such a copy. */
    NkiStorage *root;
    int64_t base;
    int nd;
    int64_t ext[MAXS], str[MAXS];
    NkiStorage *next_dep;  /* the next copy of the same root */
    NkiStorage *deps;      /* (a root) its copies not made */
    /* Reclaiming (on-chip storages only): the element and init arrays
     * taken from the pool, whether it is in Scratch.live, and whether its
     * memory was given back (any later use is an internal error). */
    void *blk[2];
    size_t blk_len[2];
    bool live;
    bool reclaimed;
};

static bool in_f32(NkiDtype dt)
{
    return !nki_dtype_stored_f64(dt);
}

static void *elem_alloc(struct NkiLazy *z, size_t bytes);
static void mat_flush_ctx(NkiCtx *c);
static void mat_before_read(const NkiStorage *st);
static void mat_before_write(const NkiStorage *st);
static void *st_alloc(NkiStorage *st, int which, size_t bytes, bool zero);

/* A tile whose memory was reclaimed is used: reclaim.c missed a reference. */
static KCV_NORETURN void reclaimed_use(const NkiStorage *st)
{
    kcv_fatal("internal error: the memory of %s was reclaimed while it was still in use",
              st->desc ? st->desc : st->name ? st->name : "a tile");
}

static void fill_values(NkiStorage *st, double v)
{
    if (st->f32) {
        float f = (float)v;
        for (int64_t i = 0; i < st->ndata; i++)
            st->f32[i] = f;
    } else {
        for (int64_t i = 0; i < st->ndata; i++)
            st->f64[i] = v;
    }
}

void nki_storage_alloc_data(Interp *I, NkiStorage *st, int64_t n)
{
    if (st->dtype < 0 || st->dtype >= DT_COUNT)
        return;
    struct NkiLazy *z = arena_alloc(I->arena, sizeof *z);
    const NkiProfile *p = nki_cur_profile(I);
    double v = p->uninit_fill == NKI_FILL_NAN ? NAN : p->uninit_fill == NKI_FILL_VALUE ? p->fill_value : 0;
    z->arena = I->arena;
    z->ctx = nki_ctx(I);
    z->fill = nki_dtype_round(st->dtype, v);
    st->lazy = z;
    st->ndata = n;
    st->all_init = n == 0;
}

bool nki_storage_has_data(const NkiStorage *st)
{
    return st->lazy != NULL;
}

/* Allocates the elements, never written (init bytes 0; none with `track`
 * false: the caller writes every element).  They hold zeros: the fill value
 * is put in when they are first read (st_fill), so that memory written
 * before it is read (most of it) is written once.  A made storage without
 * init bytes (init NULL) has every element defined (all_init). */
static void st_make_zeroed(NkiStorage *st, bool track, bool zeroed)
{
    struct NkiLazy *z = st->lazy;
    if (z->made)
        return;
    if (z->reclaimed)
        reclaimed_use(st);
    size_t m = (size_t)(st->ndata ? st->ndata : 1);
    if (in_f32(st->dtype))
        st->f32 = st_alloc(st, 0, m * sizeof(float), zeroed);
    else
        st->f64 = st_alloc(st, 0, m * sizeof(double), zeroed);
    st->init = track ? st_alloc(st, 1, m, true) : NULL;
    z->made = true;
    z->fill_due = track && (z->fill != 0 || signbit(z->fill));
}

/* Without `track` the caller writes every element: the elements need not
 * be zeros (memory of a reclaimed tile is not cleared for it). */
static void st_make(NkiStorage *st, bool track)
{
    st_make_zeroed(st, track, track);
}

/* Init bytes for a storage every element of which is defined. */
static uint8_t *st_init_ones(NkiStorage *st)
{
    size_t m = (size_t)(st->ndata ? st->ndata : 1);
    st->init = st_alloc(st, 1, m, false);
    memset(st->init, 1, m);
    return st->init;
}

/* Every element written with a defined value: the init bytes go. */
static void st_all_defined(NkiStorage *st)
{
    st->all_init = true;
    st->init = NULL;
    st->lazy->fill_due = false;
}

/* Before elements are read: the never-written ones get the fill value. */
static void st_fill(NkiStorage *st)
{
    struct NkiLazy *z = st->lazy;
    if (!z->fill_due)
        return;
    mat_before_write(st);
    z->fill_due = false;
    if (st->all_init)
        return;
    for (int64_t i = 0; i < st->ndata; i++)
        if (st->init[i] == 0) {
            if (st->f32)
                st->f32[i] = (float)z->fill;
            else
                st->f64[i] = z->fill;
        }
}

/* Stops `st` being a copy of its root, without making it. */
static void st_detach(NkiStorage *st)
{
    struct NkiLazy *z = st->lazy;
    if (!z->root)
        return;
    NkiStorage **pp = &z->root->lazy->deps;
    while (*pp != st)
        pp = &(*pp)->lazy->next_dep;
    *pp = z->next_dep;
    z->root = NULL;
    z->next_dep = NULL;
}

/* Makes the copy `st` is (if it is one). */
static void st_unalias(NkiStorage *st)
{
    struct NkiLazy *z = st->lazy;
    NkiStorage *r = z->root;
    if (!r)
        return;
    mat_before_read(r);
    mat_before_write(st);
    st_detach(st);
    st_make(st, false);
    int64_t idx[MAXS] = {0}, n = st->ndata, f = 0;
    int in = z->nd - 1;
    int64_t run = in >= 0 ? z->ext[in] : 1, rs = in >= 0 ? z->str[in] : 0;
    while (f < n) {
        int64_t off = z->base;
        for (int j = 0; j < in; j++)
            off += idx[j] * z->str[j];
        if (st->f32)
            for (int64_t i = 0; i < run; i++)
                st->f32[f + i] = r->f32[off + i * rs];
        else
            for (int64_t i = 0; i < run; i++)
                st->f64[f + i] = r->f64[off + i * rs];
        f += run;
        for (int j = in - 1; j >= 0 && ++idx[j] == z->ext[j]; j--)
            idx[j] = 0;
    }
    st_all_defined(st);
}

/* Before `st` changes: the copies of it not made are made. */
static void st_deps_out(NkiStorage *st)
{
    while (st->lazy->deps)
        st_unalias(st->lazy->deps);
}

/* Ready for writes of some elements: own elements, present. */
static void st_for_write(NkiStorage *st)
{
    st_deps_out(st);
    st_unalias(st);
    st_make(st, true);
}

void nki_storage_materialize(NkiStorage *st)
{
    if (!st->lazy)
        return;
    mat_flush_ctx(st->lazy->ctx);
    if (st->lazy->reclaimed)
        reclaimed_use(st);
    st_unalias(st);
    st_make(st, true);
    st_fill(st);
}

void nki_storage_set_defined(NkiStorage *st)
{
    if (!st->lazy)
        return;
    mat_flush_ctx(st->lazy->ctx);
    st_deps_out(st);
    st_unalias(st);
    st_make_zeroed(st, false, true);   /* values as they are (zeros when new) */
    st_all_defined(st);
}

void nki_storage_fill(NkiStorage *st, double v)
{
    if (!st->lazy)
        return;
    mat_flush_ctx(st->lazy->ctx);
    st_deps_out(st);
    st_detach(st);
    st_make(st, false);
    fill_values(st, nki_dtype_round(st->dtype, v));
    st_all_defined(st);
}

/* The offset in its root of element f of a copy not made. */
static int64_t alias_offset(const struct NkiLazy *z, int64_t f)
{
    int64_t off = z->base;
    for (int j = z->nd - 1; j >= 0; j--) {
        off += (f % z->ext[j]) * z->str[j];
        f /= z->ext[j];
    }
    return off;
}

double nki_storage_get(NkiStorage *st, int64_t i)
{
    struct NkiLazy *z = st->lazy;
    mat_flush_ctx(z->ctx);
    if (z->reclaimed)
        reclaimed_use(st);
    if (z->root) {
        st = z->root;
        i = alias_offset(z, i);
    } else if (!z->made) {
        return z->fill;
    }
    st_fill(st);
    return st->f32 ? st->f32[i] : st->f64[i];
}

void nki_storage_set(NkiStorage *st, int64_t i, double v)
{
    mat_flush_ctx(st->lazy->ctx);
    st_for_write(st);
    v = nki_dtype_round(st->dtype, v);
    if (st->f32)
        st->f32[i] = (float)v;
    else
        st->f64[i] = v;
    if (st->init)
        st->init[i] = 1;
}

bool nki_tensor_data(const Value *v, NkiData *out)
{
    NkiTensor *t = nki_tensor_of(v);
    if (!t || !t->st->lazy)
        return false;
    NkiStorage *st = t->st;
    nki_storage_materialize(st);   /* computes pending matmuls too */
    memset(out, 0, sizeof *out);
    out->dtype = (int)st->dtype;
    out->n = st->ndata;
    out->f32 = st->f32;
    out->f64 = st->f64;
    out->init = st->init;
    return true;
}

int64_t nki_tensor_uninit(const Value *v, Loc *origin)
{
    NkiTensor *t = nki_tensor_of(v);
    memset(origin, 0, sizeof *origin);
    if (!t || !t->st->lazy)
        return 0;
    mat_flush_ctx(t->st->lazy->ctx);
    NkiStorage *st = t->st;
    if (st->has_origin)
        *origin = st->uninit_origin;
    if (st->all_init || st->lazy->root)
        return 0;
    if (!st->lazy->made)
        return st->ndata;
    int64_t n = 0;
    for (int64_t i = 0; i < st->ndata; i++)
        n += st->init[i] != 1;
    return n;
}

/* ---- reusable buffers (NkiCtx.data_scratch) ------------------------------------------ */

enum {
    S_X, S_Y, S_C, S_XI, S_YI, S_CI, S_A, S_B, S_AI, S_BI, S_R, S_RI,
    S_ENG0, S_ENG1,   /* the engine of a primitive; the one of its gathers and scatters */
    S_SNAP, S_SNAP_END = S_SNAP + 2 * MAXV, S_COUNT = S_SNAP_END
};

/* A buffer's values need rounding to whatever they are written to. */
#define DT_INEXACT DT_COUNT

/* Memory mapped for element arrays (ElemPool). */
typedef struct Mapping {
    void *p;
    size_t len;
} Mapping;

/* Reclaimed blocks of one size, for reuse. */
typedef struct PoolBin {
    size_t len;
    Vec(void *) blocks;
} PoolBin;

/* Matmuls into one PSUM tile, not computed yet (matmul_direct): their
 * operands, rows k0.. of float matrices in place.  A run of them whose
 * operand rows follow each other in memory (the K tiles of one band) is one
 * sgemm over their whole K; any other use of the data computes them first
 * (mat_flush). */
enum { MAT_GROUP = 64 };
typedef struct MatGroup {
    int n;
    NkiStorage *ds;                 /* the destination */
    float *c;                       /* its elements: M x N at row stride ldc */
    int64_t M, N, ldc, ldx, ldy;
    bool kxm;
    float beta;                     /* of the first: 0 overwrites, 1 accumulates */
    const float *x[MAT_GROUP], *y[MAT_GROUP];
    int64_t k[MAT_GROUP];
    NkiStorage *mem[8];             /* the storages whose elements x and y point into */
    int nmem;
} MatGroup;

typedef struct Scratch {
    void *p[S_COUNT];
    size_t cap[S_COUNT];
    MatGroup mat;
    /* Reclaiming (reclaim.c): the on-chip storages holding pool blocks,
     * reclaimed blocks by size, the marking number, and bytes counted. */
    Vec(NkiStorage *) live;
    Vec(PoolBin) bins;
    uint32_t mark;
    size_t made_since;    /* tile memory made since the last marking */
    size_t made, reused, reclaimed;
    int sweeps;
    /* The elements of big storages: mapped memory (zero pages, no clearing
     * pass), in chunks the kernel may back with huge pages (a tile is then
     * not 64 page faults), handed out in order and unmapped by
     * nki_ctx_free. */
    Vec(Mapping) maps;
    char *cur, *end;      /* what is left of the newest chunk */
} Scratch;

static Scratch *scratch_of(NkiCtx *c)
{
    if (!c->data_scratch)
        c->data_scratch = kcv_calloc(1, sizeof(Scratch));
    return c->data_scratch;
}

/* Computes the pending matmuls: consecutive ones whose operand rows follow
 * each other as one sgemm. */
static void mat_flush(Scratch *s)
{
    MatGroup *g = s ? &s->mat : NULL;
    if (!g || !g->n)
        return;
    int i = 0;
    while (i < g->n) {
        int j = i + 1;
        int64_t k = g->k[i];
        /* kxm: x is [K, M] at row stride ldx, so its next rows start k*ldx on;
         * y is always [K, N] */
        while (j < g->n && g->kxm && g->x[j] == g->x[j - 1] + g->k[j - 1] * g->ldx &&
               g->y[j] == g->y[j - 1] + g->k[j - 1] * g->ldy && k + g->k[j] <= INT32_MAX) {
            k += g->k[j];
            j++;
        }
        cblas_sgemm(CblasRowMajor, g->kxm ? CblasTrans : CblasNoTrans, CblasNoTrans, (int)g->M, (int)g->N, (int)k,
                    1.0f, g->x[i], (int)g->ldx, g->y[i], (int)g->ldy, i == 0 ? g->beta : 1.0f, g->c, (int)g->ldc);
        i = j;
    }
    g->n = 0;
    g->nmem = 0;
    g->ds = NULL;
}

static void mat_flush_ctx(NkiCtx *c)
{
    if (c && c->data_scratch)
        mat_flush(c->data_scratch);
}

/* Before st's elements are read: the pending matmuls that write them run. */
static void mat_before_read(const NkiStorage *st)
{
    Scratch *s = st->lazy && st->lazy->ctx ? st->lazy->ctx->data_scratch : NULL;
    if (s && s->mat.n && s->mat.ds == st)
        mat_flush(s);
}

/* Before st's elements change: the pending matmuls that write or read them run. */
static void mat_before_write(const NkiStorage *st)
{
    Scratch *s = st->lazy && st->lazy->ctx ? st->lazy->ctx->data_scratch : NULL;
    if (!s || !s->mat.n)
        return;
    bool uses = s->mat.ds == st;
    for (int i = 0; i < s->mat.nmem && !uses; i++)
        uses = s->mat.mem[i] == st;
    if (uses)
        mat_flush(s);
}

/* A buffer of at least `bytes` for `slot`, kept for the run (its contents
 * are not kept across calls). */
static void *scratch(Interp *I, int slot, size_t bytes)
{
    Scratch *s = scratch_of(nki_ctx(I));
    if (bytes == 0)
        bytes = 1;
    if (s->cap[slot] < bytes) {
        size_t cap = s->cap[slot] * 2 > bytes ? s->cap[slot] * 2 : bytes;
        kcv_free(s->p[slot]);
        s->p[slot] = kcv_malloc(cap);
        s->cap[slot] = cap;
    }
    return s->p[slot];
}

enum { POOL_CHUNK = 32 << 20, POOL_MIN = 16 << 10 };

static void *map_zeroed(Scratch *s, size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        kcv_fatal("out of memory (mapping %zu bytes for tensor data)", len);
#ifdef MADV_HUGEPAGE
    madvise(p, len, MADV_HUGEPAGE);   /* a hint: fails harmlessly where unsupported */
#endif
    Mapping m = {p, len};
    vec_push(&s->maps, m);
    return p;
}

/* Zeroed memory for elements, kept until nki_ctx_free: small arrays in the
 * arena, big ones from the pool of mapped chunks. */
static void *elem_alloc(struct NkiLazy *z, size_t bytes)
{
    if (bytes < POOL_MIN || !z->ctx)
        return arena_alloc(z->arena, bytes);
    Scratch *s = scratch_of(z->ctx);
    bytes = (bytes + 63) & ~(size_t)63;
    if (bytes > POOL_CHUNK / 4)
        return map_zeroed(s, bytes);
    if ((size_t)(s->end - s->cur) < bytes) {
        s->cur = map_zeroed(s, POOL_CHUNK);
        s->end = s->cur + POOL_CHUNK;
    }
    void *p = s->cur;
    s->cur += bytes;
    return p;
}

/* ---- reclaiming tile memory ------------------------------------------------------------ */

enum { RECLAIM_EVERY = 2 << 20 };   /* tile memory made between two markings */

static PoolBin *pool_bin(Scratch *s, size_t len)
{
    for (int i = 0; i < s->bins.n; i++)
        if (s->bins.v[i].len == len)
            return &s->bins.v[i];
    PoolBin b = {len, {0}};
    vec_push(&s->bins, b);
    return &s->bins.v[s->bins.n - 1];
}

/* Memory for element (which 0) or init (1) array of `st`, zeroed if
 * `zero` (else it may hold anything): on-chip storages take big arrays
 * from the pool, and their blocks are recorded. */
static void *st_alloc(NkiStorage *st, int which, size_t bytes, bool zero)
{
    struct NkiLazy *z = st->lazy;
    if (bytes < POOL_MIN || !z->ctx || !nki_buf_on_chip(st->buf))
        return elem_alloc(z, bytes);
    Scratch *s = scratch_of(z->ctx);
    bytes = (bytes + 63) & ~(size_t)63;
    PoolBin *b = pool_bin(s, bytes);
    void *p;
    if (b->blocks.n) {
        p = b->blocks.v[--b->blocks.n];
        if (zero)
            memset(p, 0, bytes);
        s->reused += bytes;
    } else {
        p = elem_alloc(z, bytes);
    }
    s->made += bytes;
    s->made_since += bytes;
    if (z->blk[which]) {
        /* an init array dropped when every element became defined */
        PoolBin *old = pool_bin(s, z->blk_len[which]);
        vec_push(&old->blocks, z->blk[which]);
    }
    z->blk[which] = p;
    z->blk_len[which] = bytes;
    if (!z->live) {
        z->live = true;
        vec_push(&s->live, st);
    }
    return p;
}

/* KCV_RECLAIM_EVERY=BYTES (tests: 0 marks at every safepoint) */
static size_t reclaim_every(void)
{
    static long every = -2;
    if (every == -2) {
        const char *e = getenv("KCV_RECLAIM_EVERY");
        char *end;
        every = e && *e ? strtol(e, &end, 10) : -1;
        if (every < 0 || (e && *end))
            every = RECLAIM_EVERY;
    }
    return (size_t)every;
}

bool nki_data_reclaim_due(NkiCtx *c)
{
    Scratch *s = c->data_scratch;
    return c->with_data && s && s->live.n && s->made_since >= reclaim_every();
}

uint32_t nki_data_mark_begin(NkiCtx *c)
{
    mat_flush_ctx(c);   /* their operands may be reclaimed */
    return ++scratch_of(c)->mark;
}

void nki_data_mark(NkiStorage *st, uint32_t mark)
{
    st->mark = mark;
    if (st->lazy && st->lazy->root)
        st->lazy->root->mark = mark;   /* it reads its root's elements */
}

void nki_data_mark_abandon(NkiCtx *c)
{
    scratch_of(c)->made_since = 0;   /* try again after as much new memory */
}

static void st_reclaim(Scratch *s, NkiStorage *st)
{
    struct NkiLazy *z = st->lazy;
    /* copies not made of it are unreachable too (they would have marked it) */
    while (z->deps) {
        struct NkiLazy *d = z->deps->lazy;
        z->deps = d->next_dep;
        d->root = NULL;
        d->next_dep = NULL;
        d->made = true;
        d->reclaimed = true;
    }
    st_detach(st);
    for (int w = 0; w < 2; w++) {
        if (!z->blk[w])
            continue;
        vec_push(&pool_bin(s, z->blk_len[w])->blocks, z->blk[w]);
        s->reclaimed += z->blk_len[w];
        z->blk[w] = NULL;
    }
    st->f32 = NULL;
    st->f64 = NULL;
    st->init = NULL;
    z->made = true;
    z->fill_due = false;
    z->live = false;
    z->reclaimed = true;
}

void nki_data_sweep(NkiCtx *c, uint32_t mark)
{
    Scratch *s = scratch_of(c);
    int k = 0;
    for (int i = 0; i < s->live.n; i++) {
        NkiStorage *st = s->live.v[i];
        if (st->mark == mark)
            s->live.v[k++] = st;
        else
            st_reclaim(s, st);
    }
    s->live.n = k;
    s->made_since = 0;
    s->sweeps++;
}

void nki_data_reclaim_stats(NkiCtx *c, size_t *made, size_t *reused, size_t *reclaimed, int *sweeps)
{
    Scratch *s = c->data_scratch;
    *made = s ? s->made : 0;
    *reused = s ? s->reused : 0;
    *reclaimed = s ? s->reclaimed : 0;
    *sweeps = s ? s->sweeps : 0;
}

void nki_data_free(NkiCtx *ctx)
{
    Scratch *s = ctx->data_scratch;
    if (!s)
        return;
    vec_free(&s->live);
    for (int i = 0; i < s->bins.n; i++)
        vec_free(&s->bins.v[i].blocks);
    vec_free(&s->bins);
    for (int i = 0; i < S_COUNT; i++)
        kcv_free(s->p[i]);
    for (int i = 0; i < s->maps.n; i++)
        munmap(s->maps.v[i].p, s->maps.v[i].len);
    vec_free(&s->maps);
    kcv_free(s);
    ctx->data_scratch = NULL;
}

/* ---- element access (the general path) ---------------------------------------------- */

/* Every bound of t holds at y: 1; one fails: 0; not concrete: -1. */
static int bounds_at(const NkiTensor *t, const int64_t *y)
{
    for (int i = 0; i < t->nchecks; i++) {
        int64_t v, size;
        if (!aform_eval(&t->checks[i].f, y, t->ndim, &v) || !nv_const(t->checks[i].size, &size))
            return -1;
        if (v < 0 || v >= size)
            return 0;
    }
    return 1;
}

static bool shape_c(const NkiTensor *t, int64_t *ext, int64_t *n)
{
    *n = 1;
    for (int k = 0; k < t->ndim; k++) {
        if (!nv_const(t->shape[k], &ext[k]))
            return false;
        *n *= ext[k];
    }
    return true;
}

/* coordinate of row-major index i in shape ext */
static void unflatten(int64_t i, const int64_t *ext, int n, int64_t *y)
{
    for (int k = n - 1; k >= 0; k--) {
        int64_t e = ext[k] > 0 ? ext[k] : 1;
        y[k] = i % e;
        i /= e;
    }
}

/* The box lo <= y <= hi that aligned mask m leaves, when each of its
 * conditions bounds one axis (a*y_k + c >= 0); false otherwise. */
static bool mask_box(const NkiMask *m, int n, int64_t *lo, int64_t *hi, bool *empty)
{
    *empty = false;
    for (int i = 0; i < m->n; i++) {
        const MaskCon *c = &m->c[i];
        int64_t c0, a = 0, v;
        int axis = -1, naxes = 0;
        if (!nv_const(c->f.c0, &c0))
            return false;
        for (int k = 0; k < c->f.n; k++) {
            if (!c->f.coef[k])
                continue;
            if (!nv_const(c->f.coef[k], &v))
                return false;
            if (v != 0) {
                if (k >= n)
                    return false;
                axis = k;
                a = v;
                naxes++;
            }
        }
        if (naxes == 0) {
            if (!(c->rel == MASK_GE0 ? c0 >= 0 : c->rel == MASK_EQ0 ? c0 == 0 : c0 != 0))
                *empty = true;
            continue;
        }
        if (naxes > 1 || c->rel != MASK_GE0)
            return false;
        if (a > 0) {   /* y >= ceil(-c0 / a) */
            int64_t b = -c0 >= 0 ? (-c0 + a - 1) / a : -(c0 / a);
            if (b > lo[axis])
                lo[axis] = b;
        } else {       /* y <= floor(c0 / -a) */
            int64_t na = -a;
            int64_t b = c0 >= 0 ? c0 / na : -((-c0 + na - 1) / na);
            if (b < hi[axis])
                hi[axis] = b;
        }
    }
    for (int k = 0; k < n; k++)
        if (lo[k] > hi[k])
            *empty = true;
    return true;
}

/* ---- operators ---------------------------------------------------------------- */

enum {
    /* binary */
    B_ADD = 1, B_SUB, B_MUL, B_DIV, B_MAX, B_MIN, B_POW, B_EQ, B_NE, B_GT, B_GE, B_LT, B_LE,
    B_LAND, B_LOR, B_LXOR, B_BAND, B_BOR, B_BXOR, B_SHL, B_SHR, B_MOD, B_FLOORDIV,
    /* unary */
    U_EXP, U_LOG, U_SQRT, U_RSQRT, U_SQUARE, U_RECIP, U_NEG, U_ABS, U_SIGN, U_SIN, U_COS, U_TAN,
    U_TANH, U_ATAN, U_SIGMOID, U_RELU, U_GELU, U_GELU_TANH, U_SILU, U_SOFTPLUS, U_MISH, U_ERF,
    U_CEIL, U_FLOOR, U_TRUNC, U_NOT, U_COPY, U_GELU_DX, U_SILU_DX, U_ERF_DX, U_INVERT,
};

typedef struct OpName {
    const char *name;
    int op;
} OpName;

static const OpName binary_ops[] = {
    {"add", B_ADD}, {"subtract", B_SUB}, {"multiply", B_MUL}, {"divide", B_DIV}, {"maximum", B_MAX},
    {"max", B_MAX}, {"minimum", B_MIN}, {"min", B_MIN}, {"power", B_POW}, {"equal", B_EQ},
    {"not_equal", B_NE}, {"greater", B_GT}, {"greater_equal", B_GE}, {"less", B_LT}, {"less_equal", B_LE},
    {"logical_and", B_LAND}, {"logical_or", B_LOR}, {"logical_xor", B_LXOR}, {"bitwise_and", B_BAND},
    {"bitwise_or", B_BOR}, {"bitwise_xor", B_BXOR}, {"left_shift", B_SHL}, {"right_shift", B_SHR},
    {"mod", B_MOD}, {"floor_divide", B_FLOORDIV},
};

static const OpName unary_ops[] = {
    {"exp", U_EXP}, {"log", U_LOG}, {"sqrt", U_SQRT}, {"rsqrt", U_RSQRT}, {"square", U_SQUARE},
    {"reciprocal", U_RECIP}, {"negative", U_NEG}, {"abs", U_ABS}, {"sign", U_SIGN}, {"sin", U_SIN},
    {"cos", U_COS}, {"tan", U_TAN}, {"tanh", U_TANH}, {"arctan", U_ATAN}, {"sigmoid", U_SIGMOID},
    {"relu", U_RELU}, {"gelu", U_GELU}, {"gelu_apprx_tanh", U_GELU_TANH}, {"silu", U_SILU},
    {"softplus", U_SOFTPLUS}, {"mish", U_MISH}, {"erf", U_ERF}, {"ceil", U_CEIL}, {"floor", U_FLOOR},
    {"trunc", U_TRUNC}, {"logical_not", U_NOT}, {"copy", U_COPY}, {"identity", U_COPY},
    {"gelu_dx", U_GELU_DX}, {"silu_dx", U_SILU_DX}, {"erf_dx", U_ERF_DX}, {"invert", U_INVERT},
};

static int op_code(const OpName *t, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].name, name) == 0)
            return t[i].op;
    return 0;
}

static bool is_bitvec(int op)
{
    return op == B_BAND || op == B_BOR || op == B_BXOR || op == B_SHL || op == B_SHR || op == U_INVERT;
}

/* One unary operator on a double (the result is rounded by the caller). */
static double un_d(int op, double x)
{
    double s;
    switch (op) {
    case U_EXP: return exp(x);
    case U_LOG: return log(x);
    case U_SQRT: return sqrt(x);
    case U_RSQRT: return 1 / sqrt(x);
    case U_SQUARE: return x * x;
    case U_RECIP: return 1 / x;
    case U_NEG: return -x;
    case U_ABS: return fabs(x);
    case U_SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
    case U_SIN: return sin(x);
    case U_COS: return cos(x);
    case U_TAN: return tan(x);
    case U_TANH: return tanh(x);
    case U_ATAN: return atan(x);
    case U_SIGMOID: return 1 / (1 + exp(-x));
    case U_RELU: return x > 0 ? x : 0;
    case U_GELU: return 0.5 * x * (1 + erf(x / sqrt(2.0)));
    case U_GELU_TANH: return 0.5 * x * (1 + tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)));
    case U_SILU: return x / (1 + exp(-x));
    case U_SOFTPLUS: return log1p(exp(x));
    case U_MISH: return x * tanh(log1p(exp(x)));
    case U_ERF: return erf(x);
    case U_CEIL: return ceil(x);
    case U_FLOOR: return floor(x);
    case U_TRUNC: return trunc(x);
    case U_NOT: return x == 0;
    case U_COPY: return x;
    case U_GELU_DX:
        return 0.5 * (1 + erf(x / sqrt(2.0))) + x * exp(-x * x / 2) / sqrt(2 * 3.141592653589793);
    case U_SILU_DX:
        s = 1 / (1 + exp(-x));
        return s * (1 + x * (1 - s));
    case U_ERF_DX: return 2 / sqrt(3.141592653589793) * exp(-x * x);
    case U_INVERT: return (double)~(int64_t)x;
    default: return NAN;
    }
}

/* One binary operator on doubles. */
static double bin_d(int op, double a, double b)
{
    int64_t x = (int64_t)a, y = (int64_t)b;
    switch (op) {
    case B_ADD: return a + b;
    case B_SUB: return a - b;
    case B_MUL: return a * b;
    case B_DIV: return a / b;
    case B_MAX: return a > b ? a : b;
    case B_MIN: return a < b ? a : b;
    case B_POW: return pow(a, b);
    case B_EQ: return a == b;
    case B_NE: return a != b;
    case B_GT: return a > b;
    case B_GE: return a >= b;
    case B_LT: return a < b;
    case B_LE: return a <= b;
    case B_LAND: return (a != 0) && (b != 0);
    case B_LOR: return (a != 0) || (b != 0);
    case B_LXOR: return (a != 0) != (b != 0);
    case B_BAND: return (double)(x & y);
    case B_BOR: return (double)(x | y);
    case B_BXOR: return (double)(x ^ y);
    case B_SHL: return y >= 0 && y < 63 ? (double)(int64_t)((uint64_t)x << y) : 0;
    case B_SHR: return y >= 0 && y < 63 ? (double)(int64_t)((uint64_t)x >> y) : 0;
    case B_MOD: return b != 0 ? a - b * floor(a / b) : NAN;
    case B_FLOORDIV: return floor(a / b);
    default: return NAN;
    }
}

/* A run of a unary operator in fp32: r[i] = fp32(op(a[i])); r may be a. */
static void un_row_f(int op, const float *a, float *r, int64_t n)
{
    switch (op) {
    case U_NEG: for (int64_t i = 0; i < n; i++) r[i] = -a[i]; break;
    case U_ABS: for (int64_t i = 0; i < n; i++) r[i] = fabsf(a[i]); break;
    case U_SQUARE: for (int64_t i = 0; i < n; i++) r[i] = a[i] * a[i]; break;
    case U_RECIP: for (int64_t i = 0; i < n; i++) r[i] = 1.0f / a[i]; break;
    case U_SQRT: for (int64_t i = 0; i < n; i++) r[i] = sqrtf(a[i]); break;
    case U_RELU: for (int64_t i = 0; i < n; i++) r[i] = a[i] > 0 ? a[i] : 0.0f; break;
    case U_COPY: if (r != a) memcpy(r, a, (size_t)n * sizeof(float)); break;
    default: for (int64_t i = 0; i < n; i++) r[i] = (float)un_d(op, a[i]); break;
    }
}

/* A run of a binary operator in fp32: r[i] = fp32(a[i] op b[i]). */
static void bin_row_f(int op, const float *a, const float *b, float *r, int64_t n)
{
    switch (op) {
    case B_ADD: for (int64_t i = 0; i < n; i++) r[i] = a[i] + b[i]; break;
    case B_SUB: for (int64_t i = 0; i < n; i++) r[i] = a[i] - b[i]; break;
    case B_MUL: for (int64_t i = 0; i < n; i++) r[i] = a[i] * b[i]; break;
    case B_DIV: for (int64_t i = 0; i < n; i++) r[i] = a[i] / b[i]; break;
    case B_MAX: for (int64_t i = 0; i < n; i++) r[i] = a[i] > b[i] ? a[i] : b[i]; break;
    case B_MIN: for (int64_t i = 0; i < n; i++) r[i] = a[i] < b[i] ? a[i] : b[i]; break;
    case B_EQ: for (int64_t i = 0; i < n; i++) r[i] = a[i] == b[i]; break;
    case B_NE: for (int64_t i = 0; i < n; i++) r[i] = a[i] != b[i]; break;
    case B_GT: for (int64_t i = 0; i < n; i++) r[i] = a[i] > b[i]; break;
    case B_GE: for (int64_t i = 0; i < n; i++) r[i] = a[i] >= b[i]; break;
    case B_LT: for (int64_t i = 0; i < n; i++) r[i] = a[i] < b[i]; break;
    case B_LE: for (int64_t i = 0; i < n; i++) r[i] = a[i] <= b[i]; break;
    default: for (int64_t i = 0; i < n; i++) r[i] = (float)bin_d(op, a[i], b[i]); break;
    }
}

/* The smallest normal magnitude of a float dtype (0: none below it is kept). */
static float min_normal(NkiDtype dt)
{
    switch (dt) {
    case DT_FLOAT32: case DT_BFLOAT16: case DT_TFLOAT32: return FLT_MIN;
    case DT_FLOAT16: case DT_FLOAT8_E5M2: return 0x1p-14f;
    case DT_FLOAT8_E4M3: case DT_FLOAT8_E4M3FN: return 0x1p-6f;
    case DT_FLOAT8_E5M2_X4: case DT_FLOAT8_E4M3FN_X4: case DT_FLOAT4_E2M1FN_X4:   /* words, not values */
    case DT_FLOAT8_E8M0FNU: case DT_INT8: case DT_INT16: case DT_INT32: case DT_UINT8: case DT_UINT16:
    case DT_UINT32: case DT_BOOL: case DT_COUNT:
        break;
    }
    return 0;
}

static void flush_f(float *x, int64_t n, float mn)
{
    for (int64_t i = 0; i < n; i++)
        if (fabsf(x[i]) < mn)
            x[i] = copysignf(0.0f, x[i]);
}

/* ---- the engine ------------------------------------------------------------------ */

/* One view of an engine run: view 0 is the destination. */
typedef struct EOp {
    const NkiTensor *t;   /* a tensor view (its bounds), or NULL: a buffer or a scalar */
    NkiStorage *st;       /* the view's storage */
    NkiStorage *mem;      /* the storage whose elements are bound (st, or what st is a copy of) */
    float *f;             /* the elements bound: f or d; neither: a scalar */
    double *d;
    uint8_t *init;        /* NULL: every element defined */
    bool all_init;
    bool has_origin;      /* origin: where undefined elements here came from */
    Loc origin;
    NkiDtype dtype;       /* a destination rounds to it; a source's values are exact in it */
    bool raw;             /* a buffer of kcv's: written as is */
    bool reinterpreted;   /* st is a copy of the view's storage read as another dtype */
    double scalar;
    bool flat;            /* aligned by the destination's row-major index; else broadcast */
    int nd;
    int64_t ext[MAXD];
    int64_t cbase, cstr[MAXD];  /* address map into the elements bound */
    int64_t obase, ostr[MAXD];  /* the view's own map into st (bounds) */
    int64_t ondata;             /* elements of st (of the buffer) */
    int64_t numel;
} EOp;

typedef struct ERow {
    int64_t n;
    int64_t off[MAXV], str[MAXV];
    bool skip[MAXV];      /* reads give 0 / the write is dropped */
} ERow;

typedef struct Eng Eng;
typedef void (*RowFn)(Eng *e, const ERow *r);

typedef struct Plan {
    int nd;
    int64_t ext[MAXS];
    int64_t base[MAXV];
    int64_t str[MAXV][MAXS];
} Plan;

struct Eng {
    Interp *I;
    const NkiProfile *prof;
    Loc loc;              /* the user's call */
    bool skip_oob;        /* oob: zero, or --on-violation=report */
    int nv;
    RowFn fn;
    const NkiMask *mask;  /* on the destination's axes */
    bool may_alias;       /* a copy: may leave the destination a copy not made */
    /* what the row functions do */
    int op;
    bool unary, bitvec;
    bool in_double;       /* select: values as doubles */
    NkiDtype vp;          /* vector precision */
    bool flush;           /* flush subnormals (arithmetic) */
    bool prep;            /* operands need rounding to vp or flushing */
    double fillv;
    /* results */
    bool wrote_undef, origin_set, oob_stop;
    Loc origin;
    EOp v[MAXV];
    /* row buffers (not cleared) */
    float tf[MAXV + 1][CHUNK];
    double td[MAXV + 1][CHUNK];
    uint8_t ti[MAXV + 1][CHUNK];
};

static void eng_init(Eng *e, Interp *I)
{
    memset(e, 0, offsetof(Eng, tf));
    e->I = I;
    e->prof = nki_cur_profile(I);
    e->loc = interp_user_loc(I);
    NkiCtx *c = nki_ctx(I);
    e->skip_oob = e->prof->oob == NKI_OOB_ZERO || (c && c->report_mode);
    e->vp = (NkiDtype)e->prof->vector_precision;
    e->flush = e->prof->flush_subnormals;
    e->prep = e->flush || e->vp != DT_FLOAT32;
}

Value *nki_data_fail(Interp *I, const char *what)
{
    if (I->unwind == UNWIND_NONE)
        interp_abort(I, interp_user_loc(I), "kcv cannot compute %s on these tensors (no data or a symbolic "
                     "shape)", what);
    return NULL;
}

/* ---- views that reinterpret memory (.ap(dtype=...)) ---- */

/* Whether a and b hold the same values for the same bytes: the packed MX
 * words are unsigned integers of their width. */
static bool same_repr(NkiDtype a, NkiDtype b)
{
    if (a == b)
        return true;
    if (nki_dtype_is_x4(b)) {
        NkiDtype t = a;
        a = b;
        b = t;
    }
    return nki_dtype_is_x4(a) && nki_dtype_size(a) == nki_dtype_size(b) &&
           (b == DT_UINT32 || b == DT_UINT16 || b == a);
}

/* Elements first .. first+n-1 of t's storage read as t's dtype (in its
 * units): a new storage of the same bytes (little-endian), made now, so
 * that an operation reading through t sees the storage as it is then.  An
 * element is defined when every element its bytes come from is. */
static NkiStorage *bitcast_of(Interp *I, const NkiTensor *t, int64_t first, int64_t n)
{
    NkiStorage *s = t->st;
    int64_t ss = nki_dtype_size(s->dtype), ds = nki_dtype_size(t->dtype);
    Value *dim = v_int(I, n);
    NkiStorage *b = nki_storage_new(I, s->name, s->buf, t->dtype, &dim, 1, 0);
    if (!b || !b->lazy)
        return NULL;
    b->desc = s->desc;
    nki_storage_materialize(s);
    st_make(b, true);
    bool all = true;
    int64_t last = -1;
    uint64_t ebits = 0;
    uint8_t eini = 1;
    for (int64_t j = 0; j < n; j++) {
        uint64_t w = 0;
        uint8_t ini = 1;
        for (int64_t k = 0; k < ds; k++) {
            int64_t g = (first + j) * ds + k, i = g / ss;
            if (i != last) {
                last = i;
                ebits = s->f32 ? nki_dtype_bits_f32(s->dtype, s->f32[i]) : nki_dtype_bits(s->dtype, s->f64[i]);
                eini = s->all_init || !s->init ? 1 : s->init[i];
            }
            w |= ((ebits >> (8 * (g % ss))) & 0xFF) << (8 * k);
            if (eini != 1)
                ini = ini == 2 || eini == 2 ? 2 : 0;
        }
        double v = nki_dtype_from_bits(t->dtype, w);
        if (b->f32)
            b->f32[j] = (float)v;
        else
            b->f64[j] = v;
        b->init[j] = ini;
        all &= ini == 1;
    }
    if (all)
        st_all_defined(b);
    else
        b->lazy->fill_due = false;
    b->has_origin = s->has_origin;
    b->uninit_origin = s->uninit_origin;
    return b;
}

/* A tensor view (its map; its elements are bound when the run starts).  A
 * view that reads its storage as another dtype reads a reinterpreted copy
 * (bitcast_of; `reinterpreted`): it cannot be written. */
static bool eop_tensor(EOp *o, Interp *I, const NkiTensor *t, bool flat)
{
    memset(o, 0, sizeof *o);
    if (!t || !t->st->lazy || t->ndim > MAXD || !shape_c(t, o->ext, &o->numel))
        return false;
    int64_t zero[MAXD] = {0}, off;
    if (!nki_flat_offset(I, t, zero, &off) || t->cmap != 1)
        return false;
    o->t = t;
    o->st = o->mem = t->st;
    o->dtype = o->st->dtype;
    o->flat = flat;
    o->nd = t->ndim;
    o->obase = o->cbase = t->cbase;
    for (int k = 0; k < o->nd; k++)
        o->ostr[k] = o->cstr[k] = t->cstride[k];
    o->ondata = o->st->ndata;
    if (!same_repr(t->dtype, t->st->dtype)) {
        /* reinterpret only the span the view reaches (within the storage) */
        int64_t n = t->st->ndata * nki_dtype_size(t->st->dtype) / nki_dtype_size(t->dtype);
        int64_t mn = o->obase, mx = o->obase;
        for (int k = 0; k < o->nd; k++) {
            int64_t c = o->ostr[k] * (o->ext[k] > 0 ? o->ext[k] - 1 : 0);
            mn += c < 0 ? c : 0;
            mx += c > 0 ? c : 0;
        }
        mn = mn < 0 ? 0 : mn;
        mx = mx >= n ? n - 1 : mx;
        if (mx < mn)
            mn = mx = 0;
        if (!(o->st = o->mem = bitcast_of(I, t, mn, n ? mx - mn + 1 : 0)))
            return false;
        o->reinterpreted = true;
        o->dtype = t->dtype;
        o->cbase = o->obase - mn;
        o->ondata = n;
    }
    return true;
}

static void eop_scalar(EOp *o, double v)
{
    memset(o, 0, sizeof *o);
    o->scalar = v;
    o->dtype = DT_FLOAT32;
    o->numel = 1;
}

/* A buffer of kcv's viewed with shape ext and strides str (NULL: row-major);
 * f or d holds ndata elements, init (NULL: all defined) one byte each. */
static void eop_buf(EOp *o, float *f, double *d, uint8_t *init, NkiDtype dt, int nd, const int64_t *ext,
                    const int64_t *str, int64_t ndata)
{
    memset(o, 0, sizeof *o);
    o->f = f;
    o->d = d;
    o->init = init;
    o->all_init = !init;
    o->dtype = dt;
    o->raw = true;
    o->flat = true;
    o->nd = nd;
    o->numel = 1;
    for (int k = nd - 1; k >= 0; k--) {
        o->ext[k] = ext[k];
        o->cstr[k] = o->ostr[k] = str ? str[k] : o->numel;
        o->numel *= ext[k];
    }
    o->ondata = ndata;
}

/* Composes view o's map with the map of the copy not made that its storage
 * is, over the whole view: false when that is not affine. */
static bool compose(EOp *o, const struct NkiLazy *z)
{
    int64_t D[MAXS], lo[MAXS], hi[MAXS], cs[MAXD], total = 1, rest = o->obase;
    for (int j = z->nd - 1; j >= 0; j--) {
        D[j] = total;
        total *= z->ext[j];
    }
    if (rest < 0 || rest >= total)
        return false;
    for (int j = 0; j < z->nd; j++) {
        lo[j] = hi[j] = rest / D[j];
        rest %= D[j];
    }
    for (int k = 0; k < o->nd; k++) {
        int64_t c = o->ostr[k], ac = c < 0 ? -c : c;
        cs[k] = 0;
        if (c == 0 || o->ext[k] <= 1)
            continue;
        int j = 0;
        while (j < z->nd && D[j] > ac)
            j++;
        if (j == z->nd || ac % D[j] != 0)
            return false;
        int64_t q = c / D[j], span = q * (o->ext[k] - 1);
        if (span > 0)
            hi[j] += span;
        else
            lo[j] += span;
        cs[k] = q * z->str[j];
    }
    int64_t base = z->base;
    for (int j = 0; j < z->nd; j++) {
        if (lo[j] < 0 || hi[j] >= z->ext[j])
            return false;
    }
    rest = o->obase;
    for (int j = 0; j < z->nd; j++) {
        base += (rest / D[j]) * z->str[j];
        rest %= D[j];
    }
    o->cbase = base;
    for (int k = 0; k < o->nd; k++)
        o->cstr[k] = cs[k];
    return true;
}

static void eop_bind_mem(EOp *o, NkiStorage *m)
{
    if (m->lazy->reclaimed)
        reclaimed_use(m);
    o->mem = m;
    o->f = m->f32;
    o->d = m->f64;
    o->init = m->init;
    o->all_init = m->all_init;
}

/* Binds a source view to the elements it reads. */
static void eop_bind_read(EOp *o)
{
    NkiStorage *st = o->st;
    struct NkiLazy *z = st->lazy;
    o->has_origin = st->has_origin;
    o->origin = st->uninit_origin;
    if (z->root) {
        if (compose(o, z)) {
            mat_before_read(z->root);
            eop_bind_mem(o, z->root);
            o->all_init = true;
            return;
        }
        st_unalias(st);
    }
    st_make(st, true);
    st_fill(st);
    mat_before_read(st);
    eop_bind_mem(o, st);
}

/* ---- rows ---- */

static const float *rd_f(Eng *e, int u, const ERow *r)
{
    const EOp *o = &e->v[u];
    float *t = e->tf[u];
    int64_t n = r->n, s = r->str[u];
    if (!o->f && !o->d) {
        float c = (float)o->scalar;
        for (int64_t i = 0; i < n; i++)
            t[i] = c;
        return t;
    }
    if (r->skip[u]) {
        memset(t, 0, (size_t)n * sizeof(float));
        return t;
    }
    if (o->f) {
        const float *p = o->f + r->off[u];
        if (s == 1)
            return p;
        for (int64_t i = 0; i < n; i++)
            t[i] = p[i * s];
        return t;
    }
    const double *p = o->d + r->off[u];
    for (int64_t i = 0; i < n; i++)
        t[i] = (float)p[i * s];
    return t;
}

static const double *rd_d(Eng *e, int u, const ERow *r)
{
    const EOp *o = &e->v[u];
    double *t = e->td[u];
    int64_t n = r->n, s = r->str[u];
    if ((!o->f && !o->d) || r->skip[u]) {
        double c = r->skip[u] ? 0 : o->scalar;
        for (int64_t i = 0; i < n; i++)
            t[i] = c;
        return t;
    }
    if (o->d) {
        const double *p = o->d + r->off[u];
        if (s == 1)
            return p;
        for (int64_t i = 0; i < n; i++)
            t[i] = p[i * s];
        return t;
    }
    const float *p = o->f + r->off[u];
    for (int64_t i = 0; i < n; i++)
        t[i] = p[i * s];
    return t;
}

/* An operand run that may be changed: a copy in the view's row buffer. */
static float *mut_f(Eng *e, int u, const float *p, int64_t n)
{
    float *t = e->tf[u];
    if (p != t)
        memcpy(t, p, (size_t)n * sizeof(float));
    return t;
}

/* Operand preparation for arithmetic: vector precision, flushed subnormals. */
static const float *prep_f(Eng *e, int u, const float *p, int64_t n)
{
    if (!e->prep)
        return p;
    float *t = mut_f(e, u, p, n);
    if (e->vp != DT_FLOAT32)
        nki_dtype_round_f32(e->vp, t, n);
    if (e->flush)
        flush_f(t, n, FLT_MIN);
    return t;
}

/* Where a row function may put its results: the destination itself when it
 * is a contiguous float run, else a row buffer. */
static float *out_f(Eng *e, const ERow *r)
{
    EOp *o = &e->v[0];
    if (o->f && r->str[0] == 1 && !r->skip[0])
        return o->f + r->off[0];
    return e->tf[MAXV];
}

/* Writes a run of results to the destination, rounded to its dtype unless
 * `exact` (the values are in it already); vals may be changed. */
static void wr_f(Eng *e, const ERow *r, const float *vals, bool exact)
{
    EOp *o = &e->v[0];
    if (r->skip[0])
        return;
    int64_t n = r->n, s = r->str[0];
    bool round = !o->raw && !exact && o->dtype != DT_FLOAT32;
    float mn = !o->raw && e->flush ? min_normal(o->dtype) : 0;
    if (o->f) {
        float *p = o->f + r->off[0];
        if (s == 1) {
            if (p != vals)
                memcpy(p, vals, (size_t)n * sizeof(float));
            if (round)
                nki_dtype_round_f32(o->dtype, p, n);
            if (mn > 0)
                flush_f(p, n, mn);
            return;
        }
        if (round || mn > 0) {
            float *t = e->tf[MAXV];
            if (vals != t)
                memcpy(t, vals, (size_t)n * sizeof(float));
            if (round)
                nki_dtype_round_f32(o->dtype, t, n);
            if (mn > 0)
                flush_f(t, n, mn);
            vals = t;
        }
        for (int64_t i = 0; i < n; i++)
            p[i * s] = vals[i];
        return;
    }
    double *p = o->d + r->off[0];
    for (int64_t i = 0; i < n; i++)
        p[i * s] = o->raw ? (double)vals[i] : nki_dtype_round(o->dtype, (double)vals[i]);
}

static void wr_d(Eng *e, const ERow *r, const double *vals, bool exact)
{
    EOp *o = &e->v[0];
    if (r->skip[0])
        return;
    int64_t n = r->n, s = r->str[0];
    bool round = !o->raw && !exact;
    if (o->d) {
        double *p = o->d + r->off[0];
        if (!round && s == 1) {
            if (p != vals)
                memcpy(p, vals, (size_t)n * sizeof(double));
            return;
        }
        for (int64_t i = 0; i < n; i++)
            p[i * s] = round ? nki_dtype_round(o->dtype, vals[i]) : vals[i];
        return;
    }
    float *p = o->f + r->off[0];
    float mn = !o->raw && e->flush ? min_normal(o->dtype) : 0;
    for (int64_t i = 0; i < n; i++) {
        float v = (float)(round ? nki_dtype_round(o->dtype, vals[i]) : vals[i]);
        p[i * s] = mn > 0 && fabsf(v) < mn ? copysignf(0.0f, v) : v;
    }
}

/* The init bytes of an operand run; NULL: all defined. */
static const uint8_t *rd_i(Eng *e, int u, const ERow *r)
{
    const EOp *o = &e->v[u];
    if (!o->init || o->all_init || r->skip[u])
        return NULL;
    const uint8_t *p = o->init + r->off[u];
    int64_t s = r->str[u];
    if (s == 1)
        return p;
    uint8_t *t = e->ti[u];
    for (int64_t i = 0; i < r->n; i++)
        t[i] = p[i * s];
    return t;
}

/* Records where the undefined values of this run come from: the source's
 * origin for values computed from undefined ones, this call for memory
 * never written. */
static void note_origin(Eng *e, const uint8_t *const *in, const int *who, int k, int64_t n)
{
    for (int j = 0; j < k; j++)
        for (int64_t i = 0; i < n; i++)
            if (in[j][i] != 1) {
                const EOp *o = &e->v[who[j]];
                e->origin = in[j][i] == 2 && o->has_origin ? o->origin : e->loc;
                e->origin_set = true;
                return;
            }
}

/* The destination's init run from sources src[0..ns): 1 where all are
 * defined, 2 elsewhere; NULL: all defined. */
static const uint8_t *mix_i(Eng *e, const ERow *r, int ns, const int *src)
{
    const uint8_t *in[MAXV];
    int who[MAXV], k = 0;
    for (int j = 0; j < ns; j++) {
        const uint8_t *p = rd_i(e, src[j], r);
        if (p) {
            in[k] = p;
            who[k++] = src[j];
        }
    }
    if (k == 0)
        return NULL;
    uint8_t *out = e->ti[MAXV];
    int64_t n = r->n;
    unsigned bad = 0;
    for (int64_t i = 0; i < n; i++) {
        unsigned ok = 1;
        for (int j = 0; j < k; j++)
            ok &= in[j][i] == 1;
        out[i] = (uint8_t)(2 - ok);
        bad |= !ok;
    }
    if (!bad)
        return NULL;
    if (!e->origin_set)
        note_origin(e, in, who, k, n);
    return out;
}

static void wr_i(Eng *e, const ERow *r, const uint8_t *def)
{
    EOp *o = &e->v[0];
    if (r->skip[0] || (!def && (o->all_init || !o->init)))
        return;
    if (def) {
        e->wrote_undef = true;
        if (!o->init) {
            if (!o->st)
                return;   /* a buffer of kcv's that keeps no init bytes */
            o->init = st_init_ones(o->st);   /* all were defined */
        }
        o->all_init = false;
    }
    uint8_t *p = o->init + r->off[0];
    int64_t n = r->n, s = r->str[0];
    if (s == 1) {
        if (def)
            memcpy(p, def, (size_t)n);
        else
            memset(p, 1, (size_t)n);
        return;
    }
    for (int64_t i = 0; i < n; i++)
        p[i * s] = def ? def[i] : 1;
}

/* ---- planning ---- */

/* Every element of o's box lo..hi (its own axes) is within its bounds. */
static bool op_range_ok(const EOp *o, const int64_t *lo, const int64_t *hi)
{
    int64_t mn = o->obase, mx = o->obase;
    for (int k = 0; k < o->nd; k++) {
        int64_t c = o->ostr[k];
        mn += c * (c > 0 ? lo[k] : hi[k]);
        mx += c * (c > 0 ? hi[k] : lo[k]);
    }
    if (mn < 0 || mx >= o->ondata)
        return false;
    if (!o->t)
        return true;
    for (int i = 0; i < o->t->nchecks; i++) {
        const NkiCheck *c = &o->t->checks[i];
        int64_t size, a, b, co;
        if (!nv_const(c->size, &size) || !nv_const(c->f.c0, &a))
            return false;
        b = a;
        for (int k = 0; k < c->f.n; k++) {
            if (!c->f.coef[k])
                continue;
            if (!nv_const(c->f.coef[k], &co))
                return false;
            if (co == 0)
                continue;
            if (k >= o->nd)
                return false;
            a += co * (co > 0 ? lo[k] : hi[k]);
            b += co * (co > 0 ? hi[k] : lo[k]);
        }
        if (a < 0 || b >= size)
            return false;
    }
    return true;
}

/* Maps the axes of operand o to the destination's when both have the same
 * extents apart from 1s: map[k] = destination axis, or -1 for an extent 1. */
static bool same_squeezed(const EOp *d, const EOp *o, int *map)
{
    int j = 0;
    for (int k = 0; k < o->nd; k++) {
        map[k] = -1;
        if (o->ext[k] == 1)
            continue;
        while (j < d->nd && d->ext[j] == 1)
            j++;
        if (j == d->nd || d->ext[j] != o->ext[k])
            return false;
        map[k] = j++;
    }
    while (j < d->nd && d->ext[j] == 1)
        j++;
    return j == d->nd;
}

/* Splits the axes of the space so that row-major operand v (shape o->ext)
 * is affine over them too. */
static bool plan_refine(Plan *p, int nv, int v, const EOp *o)
{
    Plan q = *p;
    int i = -1, j = -1, m = 0;
    int64_t ra = 1, rb = 1;
    for (;;) {
        while (ra == 1 && ++i < p->nd)
            ra = p->ext[i];
        while (rb == 1 && ++j < o->nd)
            rb = o->ext[j];
        if (ra == 1 || rb == 1)
            break;
        int64_t g = ra < rb ? ra : rb;
        if (ra % g || rb % g || m == MAXS)
            return false;
        q.ext[m] = g;
        for (int u = 0; u < nv; u++)
            q.str[u][m] = p->str[u][i] * (ra / g);
        q.str[v][m] = o->cstr[j] * (rb / g);
        m++;
        ra /= g;
        rb /= g;
    }
    if (ra != 1 || rb != 1)
        return false;
    q.nd = m;
    *p = q;
    return true;
}

/* Drops extents of 1 and merges axes contiguous in every view. */
static void plan_collapse(Plan *p, int nv)
{
    int m = 0;
    for (int d = 0; d < p->nd; d++) {
        if (p->ext[d] == 1)
            continue;
        if (m > 0) {
            bool ok = true;
            for (int u = 0; u < nv && ok; u++)
                ok = p->str[u][m - 1] == p->str[u][d] * p->ext[d];
            if (ok) {
                p->ext[m - 1] *= p->ext[d];
                for (int u = 0; u < nv; u++)
                    p->str[u][m - 1] = p->str[u][d];
                continue;
            }
        }
        p->ext[m] = p->ext[d];
        for (int u = 0; u < nv; u++)
            p->str[u][m] = p->str[u][d];
        m++;
    }
    p->nd = m;
}

/* The fast path's plan: 1; 0: take the general path; -1: nothing to do. */
static int plan_build(Eng *e, Plan *p)
{
    const EOp *d = &e->v[0];
    int64_t lo[MAXD], hi[MAXD];
    bool full = true;
    for (int k = 0; k < d->nd; k++) {
        if (d->ext[k] <= 0)
            return -1;
        lo[k] = 0;
        hi[k] = d->ext[k] - 1;
    }
    if (e->mask) {
        bool empty;
        if (!mask_box(e->mask, d->nd, lo, hi, &empty))
            return 0;
        if (empty)
            return -1;
        for (int k = 0; k < d->nd; k++)
            full = full && lo[k] == 0 && hi[k] == d->ext[k] - 1;
    }
    memset(p, 0, sizeof *p);
    p->nd = d->nd;
    for (int k = 0; k < d->nd; k++)
        p->ext[k] = hi[k] - lo[k] + 1;
    if (!op_range_ok(d, lo, hi))
        return 0;
    p->base[0] = d->cbase;
    for (int k = 0; k < d->nd; k++) {
        p->str[0][k] = d->cstr[k];
        p->base[0] += d->cstr[k] * lo[k];
    }
    bool refine[MAXV] = {false};
    for (int u = 1; u < e->nv; u++) {
        const EOp *o = &e->v[u];
        int64_t olo[MAXD], ohi[MAXD];
        int map[MAXD];
        if (!o->f && !o->d)
            continue;
        if (o->flat && !same_squeezed(d, o, map)) {
            refine[u] = true;
            continue;
        }
        p->base[u] = o->cbase;
        for (int k = 0; k < o->nd; k++) {
            int dk = o->flat ? map[k] : k + (d->nd - o->nd);
            olo[k] = ohi[k] = 0;
            if (o->ext[k] == 1 || dk < 0)
                continue;
            if (!o->flat && o->ext[k] != d->ext[dk])
                return 0;
            olo[k] = lo[dk];
            ohi[k] = hi[dk];
            p->str[u][dk] = o->cstr[k];
            p->base[u] += o->cstr[k] * lo[dk];
        }
        if (!op_range_ok(o, olo, ohi))
            return 0;
    }
    for (int u = 1; u < e->nv; u++) {
        const EOp *o = &e->v[u];
        int64_t olo[MAXD] = {0}, ohi[MAXD];
        if (!refine[u])
            continue;
        if (!full)
            return 0;
        for (int k = 0; k < o->nd; k++)
            ohi[k] = o->ext[k] - 1;
        if (!op_range_ok(o, olo, ohi) || !plan_refine(p, e->nv, u, o))
            return 0;
        p->base[u] = o->cbase;
    }
    plan_collapse(p, e->nv);
    return 1;
}

/* Whether the plan writes every element of the destination's storage. */
static bool plan_covers(const Eng *e, const Plan *p)
{
    const EOp *d = &e->v[0];
    bool used[MAXS] = {false};
    int64_t expect = 1;
    if (!d->st || p->base[0] != 0)
        return false;
    for (int c = 0; c < p->nd; c++) {
        int k = 0;
        while (k < p->nd && (used[k] || p->str[0][k] != expect))
            k++;
        if (k == p->nd)
            return false;
        used[k] = true;
        expect *= p->ext[k];
    }
    return expect == d->st->ndata;
}

static void plan_run(Eng *e, const Plan *p)
{
    ERow r;
    memset(&r, 0, sizeof r);
    if (p->nd == 0) {
        r.n = 1;
        for (int u = 0; u < e->nv; u++) {
            r.off[u] = p->base[u];
            r.str[u] = 1;
        }
        e->fn(e, &r);
        return;
    }
    int in = p->nd - 1;
    int64_t idx[MAXS] = {0};
    for (;;) {
        int64_t off[MAXV];
        for (int u = 0; u < e->nv; u++) {
            off[u] = p->base[u];
            for (int d = 0; d < in; d++)
                off[u] += idx[d] * p->str[u][d];
            r.str[u] = p->str[u][in];
        }
        for (int64_t j = 0; j < p->ext[in]; j += CHUNK) {
            r.n = p->ext[in] - j < CHUNK ? p->ext[in] - j : CHUNK;
            for (int u = 0; u < e->nv; u++)
                r.off[u] = off[u] + j * r.str[u];
            e->fn(e, &r);
        }
        int d = in - 1;
        while (d >= 0 && ++idx[d] == p->ext[d])
            idx[d--] = 0;
        if (d < 0)
            break;
    }
}

/* Element y of view o: its offset in the elements bound; 1 in bounds, 0 out, -1 not computable. */
static int eop_elem(const EOp *o, const int64_t *y, int64_t *off)
{
    int64_t own = o->obase, a = o->cbase;
    for (int k = 0; k < o->nd; k++) {
        own += o->ostr[k] * y[k];
        a += o->cstr[k] * y[k];
    }
    *off = a;
    if (o->t) {
        int b = bounds_at(o->t, y);
        if (b <= 0)
            return b;
    }
    return own >= 0 && own < o->ondata;
}

/* The general path: one element at a time. */
static bool gen_run(Eng *e)
{
    const EOp *d = &e->v[0];
    int64_t y[MAXD] = {0}, z[MAXD];
    ERow r;
    memset(&r, 0, sizeof r);
    r.n = 1;
    for (int u = 0; u < e->nv; u++)
        r.str[u] = 1;
    for (int64_t i = 0; i < d->numel; i++) {
        if (i > 0)
            for (int k = d->nd - 1; k >= 0 && ++y[k] == d->ext[k]; k--)
                y[k] = 0;
        if (e->mask) {
            bool h;
            if (!nki_mask_eval(e->mask, y, d->nd, &h))
                return false;
            if (!h)
                continue;
        }
        for (int u = 0; u < e->nv; u++) {
            const EOp *o = &e->v[u];
            const int64_t *c = y;
            r.skip[u] = false;
            r.off[u] = 0;
            if (!o->f && !o->d)
                continue;
            if (u > 0) {
                if (o->flat) {
                    unflatten(i, o->ext, o->nd, z);
                } else {
                    for (int k = 0; k < o->nd; k++) {
                        int dk = k + (d->nd - o->nd);
                        z[k] = o->ext[k] == 1 || dk < 0 ? 0 : y[dk];
                    }
                }
                c = z;
            }
            int ok = eop_elem(o, c, &r.off[u]);
            if (ok < 0)
                return false;
            if (!ok) {
                if (!e->skip_oob) {
                    e->oob_stop = true;
                    return false;
                }
                r.skip[u] = true;
            }
        }
        if (!r.skip[0])
            e->fn(e, &r);
    }
    return true;
}

/* Makes the destination (a whole-storage copy of a fully defined source,
 * no value changed) a copy not made.  False when it cannot be. */
static bool try_alias(Eng *e, const Plan *p)
{
    EOp *d = &e->v[0], *s = &e->v[1];
    NkiStorage *dst = d->st, *m = s->mem;
    if (e->nv != 2 || !s->t || !s->all_init || !m || m == dst || !m->lazy || m->lazy->root)
        return false;
    if (in_f32(dst->dtype) != in_f32(m->dtype) ||
        !(dst->dtype == m->dtype || (dst->dtype == DT_FLOAT32 && in_f32(m->dtype))))
        return false;
    struct NkiLazy *z = dst->lazy;
    bool used[MAXS] = {false};
    st_detach(dst);
    z->nd = 0;
    for (int c = 0; c < p->nd; c++) {   /* axes by decreasing destination stride */
        int best = -1;
        for (int k = 0; k < p->nd; k++)
            if (!used[k] && (best < 0 || p->str[0][k] > p->str[0][best]))
                best = k;
        used[best] = true;
        z->ext[z->nd] = p->ext[best];
        z->str[z->nd++] = p->str[1][best];
    }
    z->base = p->base[1];
    z->root = m;
    z->next_dep = m->lazy->deps;
    m->lazy->deps = dst;
    st_all_defined(dst);
    return true;
}

/* Snapshots operands that read the destination's storage through another map. */
static void eng_unalias(Eng *e)
{
    EOp *d = &e->v[0];
    for (int u = 1; u < e->nv; u++) {
        EOp *o = &e->v[u];
        if (!o->st || o->mem != d->mem || o->t == d->t)
            continue;
        bool same = o->nd == d->nd && o->cbase == d->cbase;
        for (int k = 0; k < o->nd && same; k++)
            same = o->ext[k] == d->ext[k] && o->cstr[k] == d->cstr[k];
        if (same)
            continue;
        NkiStorage *m = o->mem;
        size_t n = (size_t)(m->ndata ? m->ndata : 1);
        if (o->f) {
            o->f = memcpy(scratch(e->I, S_SNAP + 2 * u, n * sizeof(float)), m->f32, n * sizeof(float));
        } else {
            o->d = memcpy(scratch(e->I, S_SNAP + 2 * u, n * sizeof(double)), m->f64, n * sizeof(double));
        }
        if (o->init)
            o->init = memcpy(scratch(e->I, S_SNAP + 2 * u + 1, n), m->init, n);
    }
}

static void copy_row(Eng *e, const ERow *r);

/* What the numerics refuse (the run stops: kcv cannot compute it): a write
 * through a view that reads its memory as another dtype, and any use of
 * packed MX words but moving them (a copy to the same dtype, or to or from
 * unsigned integers of their width: the same bytes) or the MX primitives
 * (data_mx.c), which unpack them. */
static bool bits_ok(Eng *e, RowFn fn, const char *what)
{
    const EOp *d = &e->v[0];
    if (d->reinterpreted) {
        interp_abort(e->I, e->loc, "kcv cannot compute %s: it writes through a view that reads its memory as "
                     "another dtype (.ap(dtype=...))", what);
        return false;
    }
    for (int u = 0; u < e->nv; u++) {
        const EOp *o = &e->v[u];
        if ((!o->st && !o->raw) || !nki_dtype_is_x4(o->dtype))
            continue;
        if (fn == copy_row && e->nv == 2 && same_repr(e->v[0].dtype, e->v[1].dtype))
            continue;
        interp_abort(e->I, e->loc, "kcv cannot compute %s on packed MX data (%s): its words hold 4 codes each; "
                     "only copies to %s (or unsigned integers of its width) and the MX instructions take it",
                     what, nki_dtype_name(o->dtype), nki_dtype_name(o->dtype));
        return false;
    }
    return true;
}

/* Runs fn over the destination: binds the views, plans, runs the fast or
 * the general path, and updates the destination's init state. */
static bool eng_run(Eng *e, RowFn fn, const char *what)
{
    EOp *d = &e->v[0];
    NkiStorage *dst = d->st;
    e->fn = fn;
    if (!bits_ok(e, fn, what))
        return false;
    if (dst) {
        mat_before_write(dst);
        st_deps_out(dst);   /* its copies not made keep its old elements */
    }
    for (int u = 1; u < e->nv; u++)
        if (e->v[u].st)
            eop_bind_read(&e->v[u]);
    Plan p;
    int k = nki_data_general_only ? 0 : plan_build(e, &p);
    bool covers = k > 0 && plan_covers(e, &p), ok = true;
    if (dst) {
        dst->matmul_acc = false;
        if (covers && e->may_alias && try_alias(e, &p))
            return true;
        if (covers)
            st_detach(dst);   /* its old elements do not matter */
        else
            st_unalias(dst);
        st_make(dst, !covers);
        d->has_origin = dst->has_origin;
        eop_bind_mem(d, dst);
        if (covers) {
            /* new init bytes only if an undefined value is written (wr_i) */
            d->init = NULL;
            d->all_init = false;
        }
    }
    eng_unalias(e);
    if (k > 0)
        plan_run(e, &p);
    else if (k == 0)
        ok = gen_run(e);
    if (dst) {
        if (e->wrote_undef) {
            dst->all_init = false;
            if (!dst->has_origin) {
                dst->has_origin = true;
                dst->uninit_origin = e->origin_set ? e->origin : e->loc;
            }
        } else if (covers) {
            st_all_defined(dst);
        }
    }
    if (!ok) {
        if (e->oob_stop)
            interp_abort(e->I, e->loc, "%s reaches outside a tensor; the run stops here", what);
        else
            nki_data_fail(e->I, what);
    }
    return ok;
}

/* ---- row functions ---- */

static bool exact_in(const EOp *s, const EOp *d)
{
    return d->raw || s->dtype == d->dtype || (d->dtype == DT_FLOAT32 && !s->d && (s->f || s->d));
}

static void copy_row(Eng *e, const ERow *r)
{
    static const int src[1] = {1};
    const EOp *s = &e->v[1], *d = &e->v[0];
    bool flush = e->flush;
    e->flush = false;   /* copies do not compute */
    if (d->d || s->d)
        wr_d(e, r, rd_d(e, 1, r), exact_in(s, d) && !!d->d == !!s->d);
    else
        wr_f(e, r, rd_f(e, 1, r), exact_in(s, d));
    e->flush = flush;
    wr_i(e, r, mix_i(e, r, 1, src));
}

static void fill_row(Eng *e, const ERow *r)
{
    EOp *d = &e->v[0];
    int64_t n = r->n, s = r->str[0];
    if (r->skip[0])
        return;
    if (d->f) {
        float c = (float)e->fillv, *p = d->f + r->off[0];
        for (int64_t i = 0; i < n; i++)
            p[i * s] = c;
    } else {
        double *p = d->d + r->off[0];
        for (int64_t i = 0; i < n; i++)
            p[i * s] = e->fillv;
    }
    wr_i(e, r, NULL);
}

/* op(x) or x op y (views 1, 2) */
static void ew_row(Eng *e, const ERow *r)
{
    static const int src[2] = {1, 2};
    int64_t n = r->n;
    if (e->bitvec) {
        const double *a = rd_d(e, 1, r), *b = e->unary ? NULL : rd_d(e, 2, r);
        double *t = e->td[MAXV];
        for (int64_t i = 0; i < n; i++)
            t[i] = e->unary ? un_d(e->op, a[i]) : bin_d(e->op, a[i], b[i]);
        wr_d(e, r, t, false);
    } else {
        const float *a = prep_f(e, 1, rd_f(e, 1, r), n);
        const float *b = e->unary ? NULL : prep_f(e, 2, rd_f(e, 2, r), n);
        float *t = out_f(e, r);
        if (e->unary)
            un_row_f(e->op, a, t, n);
        else
            bin_row_f(e->op, a, b, t, n);
        if (e->vp != DT_FLOAT32)
            nki_dtype_round_f32(e->vp, t, n);
        wr_f(e, r, t, false);
    }
    wr_i(e, r, mix_i(e, r, e->unary ? 1 : 2, src));
}

/* op(x * scale + bias) (views 1, 2, 3) */
static void act_row(Eng *e, const ERow *r)
{
    static const int src[3] = {1, 2, 3};
    int64_t n = r->n;
    const float *x = prep_f(e, 1, rd_f(e, 1, r), n), *s = prep_f(e, 2, rd_f(e, 2, r), n);
    const float *b = prep_f(e, 3, rd_f(e, 3, r), n);
    float *t = out_f(e, r);
    for (int64_t i = 0; i < n; i++)
        t[i] = x[i] * s[i];
    if (e->vp != DT_FLOAT32)
        nki_dtype_round_f32(e->vp, t, n);
    for (int64_t i = 0; i < n; i++)
        t[i] = t[i] + b[i];
    if (e->vp != DT_FLOAT32)
        nki_dtype_round_f32(e->vp, t, n);
    un_row_f(e->op, t, t, n);
    if (e->vp != DT_FLOAT32)
        nki_dtype_round_f32(e->vp, t, n);
    wr_f(e, r, t, false);
    wr_i(e, r, mix_i(e, r, 3, src));
}

/* matmul accumulation: old + product (views 1, 2), in the accumulator's precision */
static void acc_row(Eng *e, const ERow *r)
{
    static const int src[2] = {1, 2};
    int64_t n = r->n;
    const float *a = rd_f(e, 1, r), *b = rd_f(e, 2, r);
    float *t = out_f(e, r);
    for (int64_t i = 0; i < n; i++)
        t[i] = a[i] + b[i];
    if (e->prof->accumulator != DT_FLOAT32)
        nki_dtype_round_f32((NkiDtype)e->prof->accumulator, t, n);
    wr_f(e, r, t, false);
    wr_i(e, r, mix_i(e, r, 2, src));
}

/* pred ? on_true : on_false (views 1, 2, 3) */
static void sel_row(Eng *e, const ERow *r)
{
    int64_t n = r->n;
    const float *p = rd_f(e, 1, r);
    if (e->in_double) {
        const double *a = rd_d(e, 2, r), *b = rd_d(e, 3, r);
        double *t = e->td[MAXV];
        for (int64_t i = 0; i < n; i++)
            t[i] = p[i] != 0 ? a[i] : b[i];
        wr_d(e, r, t, false);
    } else {
        const float *a = rd_f(e, 2, r), *b = rd_f(e, 3, r);
        float *t = e->tf[MAXV];
        for (int64_t i = 0; i < n; i++)
            t[i] = p[i] != 0 ? a[i] : b[i];
        wr_f(e, r, t, false);
    }
    const uint8_t *ip = rd_i(e, 1, r), *ia = rd_i(e, 2, r), *ib = rd_i(e, 3, r);
    if (!ip && !ia && !ib) {
        wr_i(e, r, NULL);
        return;
    }
    uint8_t *out = e->ti[MAXV];
    unsigned bad = 0;
    for (int64_t i = 0; i < n; i++) {
        const uint8_t *c = p[i] != 0 ? ia : ib;
        unsigned ok = (!ip || ip[i] == 1) && (!c || c[i] == 1);
        out[i] = (uint8_t)(2 - ok);
        bad |= !ok;
    }
    if (bad && !e->origin_set) {
        const uint8_t *in[3];
        int who[3], k = 0;
        if (ip) in[k] = ip, who[k++] = 1;
        if (ia) in[k] = ia, who[k++] = 2;
        if (ib) in[k] = ib, who[k++] = 3;
        note_origin(e, in, who, k, n);
    }
    wr_i(e, r, bad ? out : NULL);
}

/* ---- buffers: gathering views, writing results back ---- */

/* Reads view t into b (b->f or b->d set by the caller), row-major over t's
 * shape, or at element strides bstr (NULL: row-major).  b->init must have
 * room for the init bytes.  With a mask: only the elements it keeps; the
 * init bytes of the others stay as they were. */
static bool gather_any(Interp *I, const NkiTensor *t, Buf *b, const int64_t *bstr, const NkiMask *mask,
                       const char *what, bool words)
{
    if (!words && nki_dtype_is_x4(t->dtype)) {
        interp_abort(I, interp_user_loc(I), "kcv cannot compute %s on packed MX data (%s): its words hold 4 codes "
                     "each; only copies and the MX instructions take it", what, nki_dtype_name(t->dtype));
        return false;
    }
    Eng *e = scratch(I, S_ENG1, sizeof *e);
    eng_init(e, I);
    if (!eop_tensor(&e->v[1], I, t, true)) {
        nki_data_fail(I, what);
        return false;
    }
    EOp *s = &e->v[1];
    eop_buf(&e->v[0], b->f, b->d, b->init, s->dtype, s->nd, s->ext, bstr, s->numel);
    e->nv = 2;
    e->mask = mask;
    bool ok = eng_run(e, copy_row, what);
    b->dtype = s->dtype;
    b->undef = e->wrote_undef;
    b->has_origin = e->origin_set;
    b->origin = e->origin;
    return ok;
}

/* gather_any of what is not packed MX data (its words are not values). */
static bool gather(Interp *I, const NkiTensor *t, Buf *b, const int64_t *bstr, const NkiMask *mask,
                   const char *what)
{
    return gather_any(I, t, b, bstr, mask, what, false);
}

bool nki_data_gather(Interp *I, const NkiTensor *t, Buf *b, const char *what)
{
    return gather_any(I, t, b, NULL, NULL, what, true);
}

/* Writes buffer b, viewed with shape ext and strides str (NULL:
 * row-major), to view t (same number of elements), rounded to t's dtype. */
static bool scatter(Interp *I, const NkiTensor *t, const Buf *b, int nd, const int64_t *ext, const int64_t *str,
                    const char *what)
{
    Eng *e = scratch(I, S_ENG1, sizeof *e);
    eng_init(e, I);
    int64_t n = 1;
    for (int k = 0; k < nd; k++)
        n *= ext[k];
    if (!eop_tensor(&e->v[0], I, t, true) || e->v[0].numel != n) {
        nki_data_fail(I, what);
        return false;
    }
    EOp *s = &e->v[1];
    eop_buf(s, b->f, b->d, b->undef ? b->init : NULL, b->dtype, nd, ext, str, n);
    s->has_origin = b->has_origin;
    s->origin = b->origin;
    e->nv = 2;
    return eng_run(e, copy_row, what);
}

bool nki_data_scatter(Interp *I, const NkiTensor *t, const Buf *b, int nd, const int64_t *ext, const char *what)
{
    return scatter(I, t, b, nd, ext, NULL, what);
}

/* ---- the primitives --------------------------------------------------------------- */

#define DATA_OFF()                                                              \
    do {                                                                        \
        if (!nki_data_on(I))                                                    \
            return v_none();                                                    \
    } while (0)

#define BIND(fname, req, ...)                                                   \
    static const char *const params_[] = {__VA_ARGS__};                         \
    Value *a[KCV_ARRAY_LEN(params_)];                                           \
    if (!interp_bind(I, args, loc, fname, params_, req, a))                     \
        return NULL;

static const char *op_str(Value *v)
{
    return v && v->kind == V_STR ? v->u.str.s : "";
}

static bool scalar_of(Value *v, double *out)
{
    if (v->kind == V_FLOAT) {
        *out = v->u.f;
        return true;
    }
    if (nv_is_int(v) && !v->u.i.sym) {
        *out = (double)v->u.i.c;
        return true;
    }
    return false;
}

static Value *mask_arg(Value *v)
{
    return v && v->kind != V_NONE ? v : NULL;
}

/* An operand: a tensor (read row-major when it has as many elements as the
 * destination, else broadcast) or a scalar. */
static bool eop_operand(Eng *e, EOp *o, Value *v, int64_t dnumel)
{
    double s;
    if (scalar_of(v, &s)) {
        eop_scalar(o, s);
        return true;
    }
    NkiTensor *t = nki_tensor_of(v);
    if (!t || !eop_tensor(o, e->I, t, false))
        return false;
    o->flat = o->numel == dnumel;
    return true;
}

/* The destination and its mask. */
static bool eng_dst(Eng *e, Value *outv, Value *maskv)
{
    NkiTensor *out = nki_tensor_of(outv);
    if (!out || !eop_tensor(&e->v[0], e->I, out, false))
        return false;
    e->nv = 1;
    if (maskv) {
        NkiMask *m = nki_mask_of(maskv);
        if (!m || !(e->mask = nki_mask_align(e->I, m, out->ndim)))
            return false;
    }
    return true;
}

/* Runs a prepared engine. */
static Value *eng_finish(Eng *e, RowFn fn, const char *what)
{
    return eng_run(e, fn, what) ? v_none() : NULL;
}

static Value *eng_fail(Eng *e, const char *what)
{
    return nki_data_fail(e->I, what);
}

/* The engine of a primitive (one at a time; its row buffers are large). */
static Eng *eng_new(Interp *I)
{
    Eng *e = scratch(I, S_ENG0, sizeof(Eng));
    eng_init(e, I);
    return e;
}

/* fill(t, value, mask) */
static Value *d_fill(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("fill", 2, "t", "value", "mask");
    DATA_OFF();
    double v;
    Eng *e = eng_new(I);
    if (!scalar_of(a[1], &v) || !eng_dst(e, a[0], mask_arg(a[2])))
        return eng_fail(e, "a fill");
    e->fillv = nki_dtype_round(e->v[0].dtype, v);
    return eng_finish(e, fill_row, "a fill");
}

/* The never-written elements of the destination (init byte 0) become
 * `value`, defined; the others keep theirs. */
static void fill_unwritten_row(Eng *e, const ERow *r)
{
    EOp *d = &e->v[0];
    if (r->skip[0] || !d->init || d->all_init)
        return;
    uint8_t *ip = d->init + r->off[0];
    int64_t n = r->n, s = r->str[0];
    for (int64_t i = 0; i < n; i++) {
        if (ip[i * s] != 0)
            continue;
        if (d->f)
            d->f[r->off[0] + i * s] = (float)e->fillv;
        else
            d->d[r->off[0] + i * s] = e->fillv;
        ip[i * s] = 1;
    }
}

/* fill_unwritten(t, value): see fill_unwritten_row */
static Value *d_fill_unwritten(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("fill_unwritten", 2, "t", "value");
    DATA_OFF();
    double v;
    Eng *e = eng_new(I);
    if (!scalar_of(a[1], &v) || !eng_dst(e, a[0], NULL))
        return eng_fail(e, "a fill");
    e->fillv = nki_dtype_round(e->v[0].dtype, v);
    return eng_finish(e, fill_unwritten_row, "a fill");
}

/* ewise(op, out, x, y, mask): out = x op y, in fp32 */
static Value *ewise_common(Interp *I, Value *opv, Value *outv, Value *x, Value *y, Value *mask, bool unary)
{
    const char *name = op_str(opv);
    Eng *e = eng_new(I);
    e->unary = unary;
    e->op = unary ? op_code(unary_ops, KCV_ARRAY_LEN(unary_ops), name)
                  : op_code(binary_ops, KCV_ARRAY_LEN(binary_ops), name);
    e->bitvec = is_bitvec(e->op);
    if (!eng_dst(e, outv, mask))
        return eng_fail(e, "an elementwise operation");
    int64_t n = e->v[0].numel;
    if (!eop_operand(e, &e->v[1], x, n) || (!unary && !eop_operand(e, &e->v[2], y, n)))
        return eng_fail(e, "an elementwise operation");
    if (!e->op)
        return eng_fail(e, nki_strf(I, "the operation '%s'", name));
    e->nv = unary ? 2 : 3;
    return eng_finish(e, ew_row, nki_strf(I, "the operation '%s'", name));
}

static Value *d_ewise(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("ewise", 4, "op", "out", "x", "y", "mask");
    DATA_OFF();
    return ewise_common(I, a[0], a[1], a[2], a[3], mask_arg(a[4]), false);
}

static Value *d_ewise_flat(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("ewise_flat", 4, "op", "out", "x", "y");
    DATA_OFF();
    return ewise_common(I, a[0], a[1], a[2], a[3], NULL, false);
}

static Value *d_unary(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("unary", 3, "op", "out", "x", "mask");
    DATA_OFF();
    return ewise_common(I, a[0], a[1], a[2], NULL, mask_arg(a[3]), true);
}

/* copy(dst, src, mask): src a tensor or a scalar; no fp32 detour */
static Value *copy_common(Interp *I, Value *dstv, Value *srcv, Value *mask)
{
    Eng *e = eng_new(I);
    double v;
    if (!eng_dst(e, dstv, mask))
        return eng_fail(e, "a copy");
    if (scalar_of(srcv, &v)) {
        e->fillv = nki_dtype_round(e->v[0].dtype, v);
        return eng_finish(e, fill_row, "a copy");
    }
    if (!eop_operand(e, &e->v[1], srcv, e->v[0].numel))
        return eng_fail(e, "a copy");
    e->nv = 2;
    e->may_alias = true;
    return eng_finish(e, copy_row, "a copy");
}

static Value *d_copy(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("copy", 2, "dst", "src", "mask");
    DATA_OFF();
    return copy_common(I, a[0], a[1], mask_arg(a[2]));
}

static Value *d_copy_flat(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("copy_flat", 2, "dst", "src");
    DATA_OFF();
    return copy_common(I, a[0], a[1], NULL);
}

/* A per-partition operand of out (P partitions, F elements each): a scalar,
 * or a (P, 1) column, read at [p, 0] and broadcast along the free axes. */
static bool eop_column(Eng *e, EOp *o, Value *v, int64_t P, int64_t F, bool none_is_0, int vslot, int islot,
                       const char *what)
{
    double s;
    if (!v || v->kind == V_NONE) {
        eop_scalar(o, 0);
        return none_is_0;
    }
    if (scalar_of(v, &s)) {
        eop_scalar(o, s);
        return true;
    }
    NkiTensor *t = nki_tensor_of(v);
    int64_t ext[MAXD], n;
    if (!t || t->ndim > MAXD || !shape_c(t, ext, &n) || P <= 0 || n < P)
        return false;
    Buf b = {.f = scratch(e->I, vslot, (size_t)n * sizeof(float)), .init = scratch(e->I, islot, (size_t)n)};
    if (!gather(e->I, t, &b, NULL, NULL, what))
        return false;
    int64_t vext[2] = {P, F}, vstr[2] = {n / P, 0};
    eop_buf(o, b.f, NULL, b.undef ? b.init : NULL, DT_FLOAT32, 2, vext, vstr, n);
    o->has_origin = b.has_origin;
    o->origin = b.origin;
    return true;
}

/* scalar_apply(out, data, op, operand, reverse): out = data op operand, the
 * operand a scalar or a (P, 1) column */
static Value *d_scalar_apply(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("scalar_apply", 5, "out", "data", "op", "operand", "reverse");
    DATA_OFF();
    const char *name = op_str(a[2]);
    bool rev = a[4]->kind == V_BOOL && a[4]->u.i.c;
    Eng *e = eng_new(I);
    e->op = op_code(binary_ops, KCV_ARRAY_LEN(binary_ops), name);
    e->bitvec = is_bitvec(e->op);
    if (!eng_dst(e, a[0], NULL))
        return eng_fail(e, "tensor_scalar");
    EOp *d = &e->v[0];
    int64_t P = d->nd > 0 && d->ext[0] > 0 ? d->ext[0] : 1, F = d->numel / P;
    int xi = rev ? 2 : 1;
    if (!eop_operand(e, &e->v[xi], a[1], d->numel) || !e->v[xi].t || e->v[xi].numel != d->numel ||
        !eop_column(e, &e->v[3 - xi], a[3], P, F, false, S_A, S_AI, "tensor_scalar"))
        return eng_fail(e, "tensor_scalar");
    if (!e->op)
        return eng_fail(e, nki_strf(I, "the operator '%s'", name));
    e->nv = 3;
    return eng_finish(e, ew_row, "tensor_scalar");
}

/* activation(out, op, data, scale, bias): out = op(data * scale + bias) */
static Value *d_activation(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("activation", 5, "out", "op", "data", "scale", "bias");
    DATA_OFF();
    const char *name = op_str(a[1]);
    Eng *e = eng_new(I);
    e->op = op_code(unary_ops, KCV_ARRAY_LEN(unary_ops), name);
    if (!eng_dst(e, a[0], NULL))
        return eng_fail(e, "activation");
    EOp *d = &e->v[0];
    int64_t P = d->nd > 0 && d->ext[0] > 0 ? d->ext[0] : 1, F = d->numel / P;
    if (!eop_operand(e, &e->v[1], a[2], d->numel) || !e->v[1].t || e->v[1].numel != d->numel ||
        !eop_column(e, &e->v[2], a[3], P, F, false, S_A, S_AI, "activation") ||
        !eop_column(e, &e->v[3], a[4], P, F, true, S_B, S_BI, "activation"))
        return eng_fail(e, "activation");
    if (!e->op || is_bitvec(e->op))
        return eng_fail(e, nki_strf(I, "the activation '%s'", name));
    e->nv = 4;
    return eng_finish(e, act_row, "activation");
}

/* One reduction step in fp32 (and the vector precision). */
static float red_step(int op, float acc, float v, NkiDtype vp)
{
    float r;
    switch (op) {
    case B_ADD: r = acc + v; break;
    case B_MUL: r = acc * v; break;
    case B_MAX: r = acc > v ? acc : v; break;
    case B_MIN: r = acc < v ? acc : v; break;
    default: r = (float)bin_d(op, acc, v); break;
    }
    if (vp != DT_FLOAT32)
        r = (float)nki_dtype_round(vp, r);
    return r;
}

static float red_pairwise(int op, const float *x, int64_t n, NkiDtype vp)
{
    if (n <= 8) {
        float acc = x[0];
        for (int64_t i = 1; i < n; i++)
            acc = red_step(op, acc, x[i], vp);
        return acc;
    }
    int64_t h = n / 2;
    return red_step(op, red_pairwise(op, x, h, vp), red_pairwise(op, x + h, n - h, vp), vp);
}

/* reduce(op, out, x, axes, negate) */
static Value *d_reduce(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("reduce", 5, "op", "out", "x", "axes", "negate");
    DATA_OFF();
    const char *name = op_str(a[0]);
    NkiTensor *out = nki_tensor_of(a[1]), *x = nki_tensor_of(a[2]);
    int64_t xe[MAXD], xn, oe[MAXD], on, bstr[MAXD];
    bool red[MAXD] = {false};
    if (!out || !x || x->ndim > MAXD || out->ndim > MAXD || !shape_c(x, xe, &xn) || !shape_c(out, oe, &on) ||
        !(a[3]->kind == V_TUPLE || a[3]->kind == V_LIST))
        return nki_data_fail(I, "a reduction");
    for (int i = 0; i < a[3]->u.seq.n; i++) {
        int64_t ax;
        if (!nv_const(a[3]->u.seq.v[i], &ax) || ax < 0 || ax >= x->ndim)
            return nki_data_fail(I, "a reduction");
        red[ax] = true;
    }
    /* the buffer holds x with the kept axes outermost: each output's
     * elements are one contiguous run of `count` */
    int64_t count = 1, rnum = 1, s = 1;
    for (int k = x->ndim - 1; k >= 0; k--)
        if (red[k]) {
            bstr[k] = s;
            s *= xe[k];
            count *= xe[k];
        }
    for (int k = x->ndim - 1; k >= 0; k--)
        if (!red[k]) {
            bstr[k] = s;
            s *= xe[k];
            rnum *= xe[k];
        }
    if (rnum != on)
        return nki_data_fail(I, "a reduction");
    bool is_mean = strcmp(name, "mean") == 0;
    int op = op_code(binary_ops, KCV_ARRAY_LEN(binary_ops), is_mean ? "add" : name);
    if (!op)
        return nki_data_fail(I, nki_strf(I, "the reduction '%s'", name));
    const NkiProfile *prof = nki_cur_profile(I);
    NkiDtype vp = (NkiDtype)prof->vector_precision;
    Buf b = {.f = scratch(I, S_A, (size_t)xn * sizeof(float)), .init = scratch(I, S_AI, (size_t)xn)};
    if (!gather(I, x, &b, bstr, NULL, "a reduction"))
        return NULL;
    if (prof->flush_subnormals)
        flush_f(b.f, xn, FLT_MIN);
    float init = op == B_MUL || op == B_LAND ? 1.0f : op == B_MAX ? -INFINITY : op == B_MIN ? INFINITY : 0.0f;
    Buf rb = {.d = scratch(I, S_R, (size_t)on * sizeof(double)), .init = scratch(I, S_RI, (size_t)on),
              .undef = b.undef, .has_origin = b.has_origin, .origin = b.origin, .dtype = DT_INEXACT};
    bool neg = a[4]->kind == V_BOOL && a[4]->u.i.c;
    for (int64_t o = 0; o < on; o++) {
        const float *row = b.f + o * count;
        float acc = init;
        if (prof->reduce_order == NKI_REDUCE_PAIRWISE && count > 0)
            acc = red_step(op, acc, red_pairwise(op, row, count, vp), vp);
        else if (op == B_ADD && vp == DT_FLOAT32)
            for (int64_t i = 0; i < count; i++)
                acc += row[i];
        else
            for (int64_t i = 0; i < count; i++)
                acc = red_step(op, acc, row[i], vp);
        double v = is_mean ? (double)acc / (double)count : acc;
        rb.d[o] = neg ? -v : v;
        if (b.undef) {
            unsigned ok = 1;
            for (int64_t i = 0; i < count; i++)
                ok &= b.init[o * count + i] == 1;
            rb.init[o] = (uint8_t)(2 - ok);
        }
    }
    int64_t one[1] = {on};
    return scatter(I, out, &rb, 1, one, NULL, "a reduction") ? v_none() : NULL;
}

/* Whether view o (its full box in bounds) is a rows x cols row-major matrix
 * (axis 0 the rows, the others flattened the columns) at row stride *ld,
 * starting at *off in the elements bound. */
static bool mat_layout(const EOp *o, int64_t rows, int64_t cols, int64_t *off, int64_t *ld)
{
    int64_t lo[MAXD] = {0}, hi[MAXD], expect = 1;
    if (o->nd < 1 || o->ext[0] != rows)
        return false;
    for (int k = 0; k < o->nd; k++) {
        if (o->ext[k] <= 0)
            return false;
        hi[k] = o->ext[k] - 1;
    }
    for (int k = o->nd - 1; k >= 1; k--) {
        if (o->ext[k] == 1)
            continue;
        if (o->cstr[k] != expect)
            return false;
        expect *= o->ext[k];
    }
    *ld = rows > 1 ? o->cstr[0] : cols;
    *off = o->cbase;
    return expect == cols && *ld >= cols && *ld >= 1 && op_range_ok(o, lo, hi);
}

/* The matmul straight from the operands' elements into PSUM, when they are
 * defined fp32-storage matrices needing no rounding and the destination an
 * fp32 matrix: sgemm with beta 1 (accumulate) or 0.  1: done; 0: take the
 * gathering path. */
static int matmul_direct(Interp *I, NkiTensor *out, NkiTensor *x, NkiTensor *y, bool kxm, bool acc, int64_t K,
                         int64_t M, int64_t N)
{
    const NkiProfile *p = nki_cur_profile(I);
    EOp ox, oy, oo;
    int64_t xo, yo, oof, ldx, ldy, ldo;
    NkiStorage *ds = out->st;
    if (nki_data_general_only || p->fma || p->accumulator != DT_FLOAT32 || p->flush_subnormals || K <= 0 ||
        M <= 0 || N <= 0 ||
        K > INT32_MAX || M > INT32_MAX || N > INT32_MAX || ds->dtype != DT_FLOAT32 || ds == x->st ||
        ds == y->st || !eop_tensor(&ox, I, x, true) || !eop_tensor(&oy, I, y, true) ||
        !eop_tensor(&oo, I, out, true) || !mat_layout(&oo, M, N, &oof, &ldo))
        return 0;
    Scratch *s = scratch_of(nki_ctx(I));
    MatGroup *g = &s->mat;
    if (g->n && g->ds != ds)
        mat_flush(s);   /* before anything reads elements it has pending */
    st_deps_out(ds);
    eop_bind_read(&ox);
    eop_bind_read(&oy);
    if (!ox.f || !oy.f || !ox.all_init || !oy.all_init || ox.mem == ds || oy.mem == ds ||
        (p->matmul_input != DT_FLOAT32 && ((int)ox.mem->dtype != p->matmul_input || (int)oy.mem->dtype != p->matmul_input)) ||
        !mat_layout(&ox, kxm ? K : M, kxm ? M : K, &xo, &ldx) || !mat_layout(&oy, K, N, &yo, &ldy) ||
        ldx > INT32_MAX || ldy > INT32_MAX || ldo > INT32_MAX)
        return 0;
    if (g->n && (!acc || g->n == MAT_GROUP || g->nmem > 6 || g->c != ds->f32 + oof || g->M != M || g->N != N ||
                 g->ldc != ldo || g->ldx != ldx || g->ldy != ldy || g->kxm != kxm))
        mat_flush(s);
    bool covers = oof == 0 && ldo == N && M * N == ds->ndata;
    if (acc) {
        st_unalias(ds);
        st_make(ds, true);
        st_fill(ds);
        if (!ds->all_init)
            return 0;
    } else {
        if (covers)
            st_detach(ds);
        else
            st_unalias(ds);
        st_make(ds, !covers);
    }
    if (!g->n) {
        g->ds = ds;
        g->c = ds->f32 + oof;
        g->M = M;
        g->N = N;
        g->ldc = ldo;
        g->ldx = ldx;
        g->ldy = ldy;
        g->kxm = kxm;
        g->beta = acc ? 1.0f : 0.0f;
    }
    for (int i = 0; i < 2; i++) {
        NkiStorage *m = i ? oy.mem : ox.mem;
        bool known = false;
        for (int j = 0; j < g->nmem; j++)
            known |= g->mem[j] == m;
        if (!known)
            g->mem[g->nmem++] = m;
    }
    g->x[g->n] = ox.f + xo;
    g->y[g->n] = oy.f + yo;
    g->k[g->n++] = K;
    if (covers)
        st_all_defined(ds);
    else if (!ds->all_init)
        for (int64_t m = 0; m < M; m++)
            memset(ds->init + oof + m * ldo, 1, (size_t)N);
    ds->matmul_acc = true;
    return 1;
}

/* matmul(out, x, y, x_is_kxm, accumulate): out[M, N] (+)= x^T[K, M] @ y[K, N]
 *
 * The Tensor Engine multiplies operands rounded to the profile's
 * matmul_input (as stored when that is float32) and accumulates in fp32.
 * kcv gathers both operands into contiguous float buffers, rounds them, and
 * calls OpenBLAS's sgemm (straight on the operands' elements and into PSUM
 * when nothing needs rounding or tracking): bfloat16 x bfloat16 products (and fp8, fp16,
 * tf32 ones) are exact in fp32, so the result is faithful up to the order
 * of the fp32 summation (sgemm blocks and vectorises it; the hardware's
 * order is not documented).  A profile that asks for fused multiply-adds
 * or another accumulator gets a plain loop in k order instead.  The sum is
 * then added to PSUM (accumulate, or a Beta-2 call with accumulate=None on
 * a tile the last matmul wrote) or overwrites it; a result is defined iff
 * its whole row of x and column of y (and the old value, accumulating) are. */
static Value *d_matmul(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("matmul", 5, "out", "x", "y", "x_is_kxm", "accumulate");
    if (!nki_data_on(I))   /* not DATA_OFF: matmuls join the pending ones */
        return v_none();
    NkiTensor *out = nki_tensor_of(a[0]), *x = nki_tensor_of(a[1]), *y = nki_tensor_of(a[2]);
    int64_t oe[MAXD], on, xe[MAXD], xn, ye[MAXD], yn;
    if (!out || !x || !y || out->ndim > MAXD || x->ndim > MAXD || y->ndim > MAXD || !shape_c(out, oe, &on) ||
        !shape_c(x, xe, &xn) || !shape_c(y, ye, &yn) || x->ndim < 1 || y->ndim < 1 || xe[0] <= 0 || ye[0] <= 0)
        return nki_data_fail(I, "a matmul");
    bool kxm = a[3]->kind == V_BOOL && a[3]->u.i.c;
    int64_t K, M;
    if (kxm) {
        K = xe[0];
        M = xn / K;
    } else {
        if (x->ndim != 2)
            return nki_data_fail(I, "a matmul");
        M = xe[0];
        K = xe[1];
    }
    int64_t N = yn / ye[0];
    if (ye[0] != K || on != M * N)
        return nki_data_fail(I, "a matmul");
    bool acc = a[4]->kind == V_BOOL ? a[4]->u.i.c != 0 : out->st->matmul_acc;
    if (matmul_direct(I, out, x, y, kxm, acc, K, M, N))
        return v_none();
    mat_flush_ctx(nki_ctx(I));
    Buf bx = {.f = scratch(I, S_X, (size_t)xn * sizeof(float)), .init = scratch(I, S_XI, (size_t)xn)};
    Buf by = {.f = scratch(I, S_Y, (size_t)yn * sizeof(float)), .init = scratch(I, S_YI, (size_t)yn)};
    if (!gather(I, x, &bx, NULL, NULL, "a matmul") || !gather(I, y, &by, NULL, NULL, "a matmul"))
        return NULL;
    return nki_data_matmul_bufs(I, out, &bx, &by, kxm, acc, K, M, N, true) ? v_none() : NULL;
}

bool nki_data_matmul_bufs(Interp *I, NkiTensor *out, Buf *pbx, Buf *pby, bool kxm, bool acc, int64_t K,
                          int64_t M, int64_t N, bool round_in)
{
    const NkiProfile *p = nki_cur_profile(I);
    Buf bx = *pbx, by = *pby;
    int64_t xn = K * M, yn = K * N, on = M * N;
    if (round_in && p->matmul_input != DT_FLOAT32) {
        nki_dtype_round_f32((NkiDtype)p->matmul_input, bx.f, xn);
        nki_dtype_round_f32((NkiDtype)p->matmul_input, by.f, yn);
    }
    if (p->flush_subnormals) {
        flush_f(bx.f, xn, FLT_MIN);
        flush_f(by.f, yn, FLT_MIN);
    }
    Buf bc = {.f = scratch(I, S_C, (size_t)on * sizeof(float)), .dtype = DT_FLOAT32};
    if (on == 0)
        return true;
    if (!p->fma && p->accumulator == DT_FLOAT32) {
        cblas_sgemm(CblasRowMajor, kxm ? CblasTrans : CblasNoTrans, CblasNoTrans, (int)M, (int)N, (int)K, 1.0f,
                    bx.f, kxm ? (int)M : (int)K, by.f, (int)N, 0.0f, bc.f, (int)N);
    } else {
        NkiDtype ad = (NkiDtype)p->accumulator;
        for (int64_t m = 0; m < M; m++) {
            float *c = bc.f + m * N;
            for (int64_t n = 0; n < N; n++)
                c[n] = 0;
            for (int64_t k = 0; k < K; k++) {
                float xv = kxm ? bx.f[k * M + m] : bx.f[m * K + k];
                const float *yr = by.f + k * N;
                if (p->fma)
                    for (int64_t n = 0; n < N; n++)
                        c[n] = fmaf(xv, yr[n], c[n]);
                else
                    for (int64_t n = 0; n < N; n++)
                        c[n] = c[n] + xv * yr[n];
                if (ad != DT_FLOAT32)
                    nki_dtype_round_f32(ad, c, N);
            }
        }
    }
    if (bx.undef || by.undef) {
        uint8_t *xd = scratch(I, S_A, (size_t)(M + N)), *yd = xd + M;
        bc.init = scratch(I, S_CI, (size_t)on);
        bc.undef = true;
        const Buf *src = bx.undef ? &bx : &by;
        bc.has_origin = src->has_origin;
        bc.origin = src->origin;
        for (int64_t m = 0; m < M; m++) {
            unsigned ok = 1;
            for (int64_t k = 0; k < K && bx.undef; k++)
                ok &= bx.init[kxm ? k * M + m : m * K + k] == 1;
            xd[m] = (uint8_t)ok;
        }
        for (int64_t n = 0; n < N; n++) {
            unsigned ok = 1;
            for (int64_t k = 0; k < K && by.undef; k++)
                ok &= by.init[k * N + n] == 1;
            yd[n] = (uint8_t)ok;
        }
        for (int64_t m = 0; m < M; m++)
            for (int64_t n = 0; n < N; n++)
                bc.init[m * N + n] = (uint8_t)(2 - (xd[m] & yd[n]));
    }
    Eng *e = eng_new(I);
    int64_t cext[2] = {M, N};
    if (!eop_tensor(&e->v[0], I, out, true)) {
        nki_data_fail(I, "a matmul");
        return false;
    }
    int c = 1;
    if (acc) {
        e->v[1] = e->v[0];
        e->v[1].flat = true;
        c = 2;
    }
    eop_buf(&e->v[c], bc.f, NULL, bc.undef ? bc.init : NULL, DT_FLOAT32, 2, cext, NULL, on);
    e->v[c].has_origin = bc.has_origin;
    e->v[c].origin = bc.origin;
    e->nv = c + 1;
    if (!eng_run(e, acc ? acc_row : copy_row, "a matmul"))
        return false;
    out->st->matmul_acc = true;
    return true;
}

/* A buffer for all of view t's elements: floats, or doubles when t's storage holds int32s. */
static Buf buf_for(Interp *I, const NkiTensor *t, int64_t n, int vslot, int islot)
{
    Buf b = {.init = scratch(I, islot, (size_t)n)};
    if (in_f32(t->dtype))
        b.f = scratch(I, vslot, (size_t)n * sizeof(float));
    else
        b.d = scratch(I, vslot, (size_t)n * sizeof(double));
    return b;
}

/* transpose(out, x): out[f, p] = x[p, f] (free axes of x flattened) */
static Value *d_transpose(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("transpose", 2, "out", "x");
    DATA_OFF();
    NkiTensor *out = nki_tensor_of(a[0]), *x = nki_tensor_of(a[1]);
    int64_t oe[MAXD], on, xe[MAXD], xn;
    if (!out || !x || out->ndim > MAXD || x->ndim > MAXD || !shape_c(out, oe, &on) || !shape_c(x, xe, &xn) ||
        on != xn || x->ndim < 1 || xe[0] <= 0)
        return nki_data_fail(I, "a transpose");
    int64_t P = xe[0], F = xn / P;
    Buf b = buf_for(I, x, xn, S_A, S_AI);
    if (!gather_any(I, x, &b, NULL, NULL, "a transpose", true))
        return NULL;
    int64_t ext[2] = {F, P}, str[2] = {1, F};
    return scatter(I, out, &b, 2, ext, str, "a transpose") ? v_none() : NULL;
}

/* scan(out, d0, d1, initial, op0, op1): r[:, i] = op1(op0(d0[:, i], r[:, i-1]), d1[:, i]) */
static Value *d_scan(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("scan", 6, "out", "d0", "d1", "initial", "op0", "op1");
    DATA_OFF();
    NkiTensor *out = nki_tensor_of(a[0]), *d0 = nki_tensor_of(a[1]), *d1 = nki_tensor_of(a[2]);
    NkiTensor *icol = nki_tensor_of(a[3]);
    double ic = 0;
    int64_t oe[MAXD], on, e0[MAXD], n0, e1[MAXD], n1, ie[MAXD], in = 0;
    int op0 = op_code(binary_ops, KCV_ARRAY_LEN(binary_ops), op_str(a[4]));
    int op1 = op_code(binary_ops, KCV_ARRAY_LEN(binary_ops), op_str(a[5]));
    if (!out || !d0 || !d1 || out->ndim > MAXD || d0->ndim > MAXD || d1->ndim > MAXD || !shape_c(out, oe, &on) ||
        !shape_c(d0, e0, &n0) || !shape_c(d1, e1, &n1) || n0 != on || n1 != on || d0->ndim < 1 || e0[0] <= 0 ||
        (!icol && !scalar_of(a[3], &ic)) || (icol && (icol->ndim > MAXD || !shape_c(icol, ie, &in))) ||
        !op0 || !op1)
        return nki_data_fail(I, "tensor_tensor_scan");
    int64_t P = e0[0], F = n0 / P;
    Buf b0 = {.f = scratch(I, S_A, (size_t)n0 * sizeof(float)), .init = scratch(I, S_AI, (size_t)n0)};
    Buf b1 = {.f = scratch(I, S_B, (size_t)n1 * sizeof(float)), .init = scratch(I, S_BI, (size_t)n1)};
    Buf bi = {.f = scratch(I, S_X, (size_t)(in ? in : 1) * sizeof(float)), .init = scratch(I, S_XI, (size_t)in)};
    if (!gather(I, d0, &b0, NULL, NULL, "tensor_tensor_scan") || !gather(I, d1, &b1, NULL, NULL, "tensor_tensor_scan"))
        return NULL;
    if (icol && (in < P || !gather(I, icol, &bi, NULL, NULL, "tensor_tensor_scan")))
        return nki_data_fail(I, "tensor_tensor_scan");
    Buf r = {.f = scratch(I, S_R, (size_t)on * sizeof(float)), .init = scratch(I, S_RI, (size_t)on),
             .dtype = DT_FLOAT32};
    r.undef = b0.undef || b1.undef || bi.undef;
    const Buf *src = b0.undef ? &b0 : b1.undef ? &b1 : &bi;
    r.has_origin = src->has_origin;
    r.origin = src->origin;
    for (int64_t p = 0; p < P; p++) {
        float prev = icol ? bi.f[p * (in / P)] : (float)ic;
        unsigned ok = !bi.undef || bi.init[p * (in / P)] == 1;
        for (int64_t f = 0; f < F; f++) {
            int64_t i = p * F + f;
            float t = (float)bin_d(op0, b0.f[i], prev);
            prev = r.f[i] = (float)bin_d(op1, t, b1.f[i]);
            if (r.undef) {
                ok &= (!b0.undef || b0.init[i] == 1) && (!b1.undef || b1.init[i] == 1);
                r.init[i] = (uint8_t)(2 - ok);
            }
        }
    }
    int64_t one[1] = {on};
    return scatter(I, out, &r, 1, one, NULL, "tensor_tensor_scan") ? v_none() : NULL;
}

/* select(out, pred, on_true, on_false): pred a mask (affine_select) or a tile */
static Value *d_select(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("select", 4, "out", "pred", "on_true", "on_false");
    DATA_OFF();
    Eng *e = eng_new(I);
    if (!eng_dst(e, a[0], NULL))
        return eng_fail(e, "a select");
    EOp *d = &e->v[0];
    NkiMask *m0 = nki_mask_of(a[1]);
    if (m0) {
        /* the predicate's values over the destination */
        NkiMask *m = nki_mask_align(I, m0, d->nd);
        float *pv = scratch(I, S_A, (size_t)d->numel * sizeof(float));
        int64_t y[MAXD] = {0};
        if (!m)
            return eng_fail(e, "a select");
        for (int64_t i = 0; i < d->numel; i++) {
            bool h;
            if (i > 0)
                for (int k = d->nd - 1; k >= 0 && ++y[k] == d->ext[k]; k--)
                    y[k] = 0;
            if (!nki_mask_eval(m, y, d->nd, &h))
                return eng_fail(e, "a select");
            pv[i] = h;
        }
        eop_buf(&e->v[1], pv, NULL, NULL, DT_FLOAT32, d->nd, d->ext, NULL, d->numel);
    } else if (!eop_operand(e, &e->v[1], a[1], d->numel)) {
        return eng_fail(e, "a select");
    }
    if (!eop_operand(e, &e->v[2], a[2], d->numel) || !eop_operand(e, &e->v[3], a[3], d->numel))
        return eng_fail(e, "a select");
    /* in doubles when an operand is an int32 or a scalar float does not hold */
    e->in_double = !in_f32(d->st->dtype);
    for (int u = 2; u <= 3; u++) {
        const EOp *o = &e->v[u];
        if ((o->st && !in_f32(o->st->dtype)) || (!o->st && (double)(float)o->scalar != o->scalar))
            e->in_double = true;
    }
    e->nv = 4;
    return eng_finish(e, sel_row, "a select");
}

/* iota(out, expr): the values of an index expression */
static Value *d_iota(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("iota", 2, "out", "expr");
    DATA_OFF();
    NkiTensor *out = nki_tensor_of(a[0]);
    NkiIndex *x = nki_index_of(a[1]);
    int64_t xe[MAXD], xn = 1, z[MAXD] = {0};
    if (!out || !x || x->ndim > MAXD)
        return nki_data_fail(I, "iota");
    for (int k = 0; k < x->ndim; k++) {
        if (!nv_const(x->shape[k], &xe[k]))
            return nki_data_fail(I, "iota");
        xn *= xe[k];
    }
    Buf b = {.d = scratch(I, S_R, (size_t)xn * sizeof(double)), .dtype = DT_INEXACT};
    for (int64_t i = 0; i < xn; i++) {
        int64_t r;
        if (i > 0)
            for (int k = x->ndim - 1; k >= 0 && ++z[k] == xe[k]; k--)
                z[k] = 0;
        if (!aform_eval(&x->f, z, x->ndim, &r))
            return nki_data_fail(I, "iota");
        b.d[i] = (double)r;
    }
    int64_t one[1] = {xn};
    return scatter(I, out, &b, 1, one, NULL, "iota") ? v_none() : NULL;
}

/* bn_stats(out, data, mask): per partition, (count, mean, M2) of the even-
 * and of the odd-indexed elements (M2: sum of squared deviations); the
 * elements a mask excludes do not count. */
static Value *d_bn_stats(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("bn_stats", 2, "out", "data", "mask");
    DATA_OFF();
    NkiTensor *out = nki_tensor_of(a[0]), *data = nki_tensor_of(a[1]);
    int64_t de[MAXD], dn, oe[MAXD], on;
    NkiMask *m = NULL;
    if (!out || !data || data->ndim > MAXD || out->ndim > MAXD || !shape_c(data, de, &dn) ||
        !shape_c(out, oe, &on) || data->ndim < 1 || de[0] <= 0)
        return nki_data_fail(I, "bn_stats");
    if (mask_arg(a[2]) && (!nki_mask_of(a[2]) || !(m = nki_mask_align(I, nki_mask_of(a[2]), data->ndim))))
        return nki_data_fail(I, "bn_stats");
    int64_t P = de[0], F = dn / P;
    if (on != P * 6)
        return nki_data_fail(I, "bn_stats");
    Buf b = {.f = scratch(I, S_A, (size_t)dn * sizeof(float)), .init = scratch(I, S_AI, (size_t)dn)};
    memset(b.init, 3, (size_t)dn);   /* 3: left out by the mask */
    if (!gather(I, data, &b, NULL, m, "bn_stats"))
        return NULL;
    bool all = !m && !b.undef;
    Buf r = {.d = scratch(I, S_R, (size_t)on * sizeof(double)), .init = scratch(I, S_RI, (size_t)on),
             .has_origin = b.has_origin, .origin = b.origin, .dtype = DT_FLOAT32};
    for (int64_t p = 0; p < P; p++) {
        double n[2] = {0, 0}, mean[2] = {0, 0}, m2[2] = {0, 0};
        unsigned ok = 1;
        for (int64_t f = 0; f < F; f++) {
            int64_t i = p * F + f;
            uint8_t s = all ? 1 : b.init[i];
            if (s == 3)
                continue;
            ok &= s == 1;
            double x = b.f[i], dv;
            int k = (int)(f & 1);
            n[k] += 1;   /* Welford */
            dv = x - mean[k];
            mean[k] += dv / n[k];
            m2[k] += dv * (x - mean[k]);
        }
        double v[6] = {n[0], mean[0], m2[0], n[1], mean[1], m2[1]};
        for (int j = 0; j < 6; j++) {
            r.d[p * 6 + j] = (float)v[j];
            r.init[p * 6 + j] = (uint8_t)(2 - ok);
            r.undef |= !ok;
        }
    }
    int64_t one[1] = {on};
    return scatter(I, out, &r, 1, one, NULL, "bn_stats") ? v_none() : NULL;
}

/* bn_aggr(out, data): combines (count, mean, M2) triples into (mean, variance) */
static Value *d_bn_aggr(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("bn_aggr", 2, "out", "data");
    DATA_OFF();
    NkiTensor *out = nki_tensor_of(a[0]), *data = nki_tensor_of(a[1]);
    int64_t de[MAXD], dn, oe[MAXD], on;
    if (!out || !data || data->ndim > MAXD || out->ndim > MAXD || !shape_c(data, de, &dn) ||
        !shape_c(out, oe, &on) || data->ndim < 1 || de[0] <= 0)
        return nki_data_fail(I, "bn_aggr");
    int64_t P = de[0], F = dn / P;
    if (F % 3 != 0 || on != P * 2)
        return nki_data_fail(I, "bn_aggr");
    Buf b = {.f = scratch(I, S_A, (size_t)dn * sizeof(float)), .init = scratch(I, S_AI, (size_t)dn)};
    if (!gather(I, data, &b, NULL, NULL, "bn_aggr"))
        return NULL;
    Buf r = {.d = scratch(I, S_R, (size_t)on * sizeof(double)), .init = scratch(I, S_RI, (size_t)on),
             .undef = b.undef, .has_origin = b.has_origin, .origin = b.origin, .dtype = DT_FLOAT32};
    for (int64_t p = 0; p < P; p++) {
        const float *t = b.f + p * F;
        double n = 0, sum = 0, m2 = 0;
        unsigned ok = 1;
        for (int64_t i = 0; i < F && b.undef; i++)
            ok &= b.init[p * F + i] == 1;
        for (int64_t g = 0; g < F / 3; g++) {
            n += t[3 * g];
            sum += (double)t[3 * g] * t[3 * g + 1];
        }
        double mean = n > 0 ? sum / n : 0;
        for (int64_t g = 0; g < F / 3; g++)
            m2 += t[3 * g + 2] + t[3 * g] * (t[3 * g + 1] - mean) * (t[3 * g + 1] - mean);
        r.d[p * 2] = (float)mean;
        r.d[p * 2 + 1] = (float)(n > 0 ? m2 / n : 0);
        r.init[p * 2] = r.init[p * 2 + 1] = (uint8_t)(2 - ok);
    }
    int64_t one[1] = {on};
    return scatter(I, out, &r, 1, one, NULL, "bn_aggr") ? v_none() : NULL;
}

/* opaque(t): kcv does not compute this instruction's values (MX, bn_stats) */
static Value *d_opaque(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("opaque", 2, "t", "api");
    DATA_OFF();
    /* a run must not go on with made-up values: it ends as "could not run" */
    interp_abort(I, interp_user_loc(I), "kcv does not compute the values of %s (its numerics are not modelled)",
                 op_str(a[1]));
    return NULL;
}

/* scalar_op(op, x, y): an elementwise API applied to Python scalars */
static Value *d_scalar_op(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("scalar_op", 2, "op", "x", "y");
    const char *op = op_str(a[0]);
    double x, y = 0, r;
    bool un = !a[2] || a[2]->kind == V_NONE;
    if (nv_is_int(a[1]) && (un || nv_is_int(a[2]))) {
        if (strcmp(op, "add") == 0) return nv_add(I, a[1], a[2]);
        if (strcmp(op, "subtract") == 0) return nv_sub(I, a[1], a[2]);
        if (strcmp(op, "multiply") == 0) return nv_mul(I, a[1], a[2]);
    }
    if (!scalar_of(a[1], &x) || (!un && !scalar_of(a[2], &y)))
        return v_unknown(I, interp_user_loc(I), "'%s' of non-constant scalars is not modelled", op);
    int code = un ? op_code(unary_ops, KCV_ARRAY_LEN(unary_ops), op)
                  : op_code(binary_ops, KCV_ARRAY_LEN(binary_ops), op);
    if (!code)
        return v_unknown(I, interp_user_loc(I), "'%s' of scalars is not modelled", op);
    r = un ? un_d(code, x) : bin_d(code, x, y);
    return v_float(I, r);
}

static Value *d_index_shape(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    BIND("index_shape", 1, "x");
    NkiIndex *x = nki_index_of(a[0]);
    if (!x) {
        interp_raise(I, interp_user_loc(I), "TypeError", "not an index tile");
        return NULL;
    }
    return nki_shape_tuple(I, x->shape, x->ndim);
}

Value *nki_data_prims(Interp *I, Value *mod)
{
    static const NkiPrim prims[] = {
        {"fill", d_fill}, {"fill_unwritten", d_fill_unwritten}, {"ewise", d_ewise}, {"ewise_flat", d_ewise_flat}, {"unary", d_unary},
        {"copy", d_copy}, {"copy_flat", d_copy_flat}, {"scalar_apply", d_scalar_apply},
        {"activation", d_activation}, {"reduce", d_reduce}, {"matmul", d_matmul},
        {"transpose", d_transpose}, {"scan", d_scan}, {"select", d_select}, {"iota", d_iota},
        {"opaque", d_opaque}, {"quantize_mx", nki_data_quantize_mx}, {"matmul_mx", nki_data_matmul_mx},
        {"bn_stats", d_bn_stats}, {"bn_aggr", d_bn_aggr}, {"scalar_op", d_scalar_op}, {"index_shape", d_index_shape},
    };
    nki_register_prims(I, mod, prims, (int)KCV_ARRAY_LEN(prims));
    dict_set_str(I, &mod->u.module.globals, intern_cstr(I->names, "tensor_type"),
                 v_object(I, &nki_tensortype_type, NULL));
    return mod;
}
