/* nki_int.h - private to src/nki: the native objects of the NKI model and
 * the helpers the files of this folder share.
 *
 * Objects (all V_OBJECT values, data in the run arena I->arena):
 *   Tensor     - an HBM tensor, an on-chip tile, or a view of one (NkiTensor
 *                over an NkiStorage);
 *   Index      - an affine index tile (nl.arange, nl.mgrid, expressions);
 *   Mask       - a conjunction of affine constraints on index tiles;
 *   MGrid      - the result of nl.mgrid[...] (unpackable, .p/.x);
 *   Dtype, Buffer, ParDim, OpTag, Namespace, Kernel, Launch, HostArray,
 *   TensorType (nt.tensor[...]), Unmodelled.
 *
 * Addresses are affine forms (AForm): c0 + sum coef[k] * x_k over the axes
 * x_k of a tensor view or an index tile, with Value coefficients, so that
 * the same representation serves the concrete and the symbolic domain.
 * A view records, besides its address, the bounds it must respect when it
 * is used ("checks"): every dimension of every tensor it was cut from; the
 * using API discharges them with the mask it was given (access.c).
 */
#ifndef KCV_NKI_INT_H
#define KCV_NKI_INT_H

#include <stdio.h>   /* eval.h names FILE */

#include "nki.h"

#include <assert.h>
#include <string.h>

/* ---- affine forms and value arithmetic (vals.c) --------------------------- */

typedef struct AForm {
    Value *c0;        /* constant term: an int (concrete or symbolic) */
    int n;            /* number of axes */
    Value **coef;     /* coef[k] multiplies axis k; NULL means 0 */
} AForm;

/* Integer and boolean arithmetic on values of any domain.  Each returns
 * NULL when the interpreter is unwinding; V_UNKNOWN operands give
 * V_UNKNOWN results. */
Value *nv_int(Interp *I, int64_t c);
Value *nv_add(Interp *I, Value *a, Value *b);
Value *nv_sub(Interp *I, Value *a, Value *b);
Value *nv_mul(Interp *I, Value *a, Value *b);
Value *nv_floordiv(Interp *I, Value *a, Value *b);
Value *nv_neg(Interp *I, Value *a);
Value *nv_cmp(Interp *I, CmpOpKind op, Value *a, Value *b);
Value *nv_and(Interp *I, Value *a, Value *b);
Value *nv_or(Interp *I, Value *a, Value *b);
Value *nv_not(Interp *I, Value *a);
Value *nv_implies(Interp *I, Value *a, Value *b);
Value *nv_ite(Interp *I, Value *c, Value *a, Value *b);   /* ints */
Value *nv_min(Interp *I, Value *a, Value *b);
/* A fresh integer of the domain (NULL and path aborted if it has none). */
Value *nv_fresh(Interp *I, const char *name);
/* Concrete integer value of `v` (V_INT/V_BOOL without term). */
bool nv_const(const Value *v, int64_t *out);
bool nv_is(const Value *v, int64_t c);          /* concretely equal to c */
bool nv_same(const Value *a, const Value *b);   /* provably equal (same term or constant) */
bool nv_is_int(const Value *v);                 /* V_INT or V_BOOL (any domain) */
/* v == 1, concretely or as the domain decides: numpy broadcasting depends
 * on it, so the symbolic domain may split the path there.  False (with
 * I->unwind set) when the decision aborted the path. */
bool nv_is_one(Interp *I, Value *v);
void nv_str(Interp *I, StrBuf *b, const Value *v);

AForm aform_const(Interp *I, Value *c0, int n);
AForm aform_axis(Interp *I, Value *c0, Value *coef, int axis, int n);
AForm aform_add(Interp *I, const AForm *a, const AForm *b, int sign);   /* a + sign*b; same n */
AForm aform_scale(Interp *I, const AForm *a, Value *k);
AForm aform_shift_axes(Interp *I, const AForm *a, int n, int offset);  /* axis k -> k+offset of n */
/* f(x) with x_d := g[d](y): g has f->n forms over `m` axes. */
AForm aform_subst(Interp *I, const AForm *f, const AForm *g, int m);
bool aform_ok(const AForm *f);          /* built completely (no unwind) */
bool aform_concrete(const AForm *f);
/* The value of f at lane y[0..n) (false: a term is not concrete, an axis
 * beyond n has a nonzero coefficient, or the sum overflows). */
bool aform_eval(const AForm *f, const int64_t *y, int n, int64_t *out);
bool aform_is_const(const AForm *f);    /* no axis has a (possibly) nonzero coefficient */
void aform_str(Interp *I, StrBuf *b, const AForm *f, const char *const *axis_names);

/* ---- dtypes (dtype.c) ---------------------------------------------------- */

bool nki_dtype_is_float(NkiDtype dt);
/* The profile of the run: ctx->profile or the target's default. */
const NkiProfile *nki_cur_profile(Interp *I);
bool nki_dtype_is_int(NkiDtype dt);
/* Bit patterns (dtype_bits.c): the low size*8 bits of stored value v of dt,
 * little-endian as in memory, and the value such bits hold as dt. */
uint64_t nki_dtype_bits(NkiDtype dt, double v);
uint64_t nki_dtype_bits_f32(NkiDtype dt, float v);   /* v as held in float storage (NaN payloads kept) */
double nki_dtype_from_bits(NkiDtype dt, uint64_t bits);
/* The packed MX types (nki_dtype_is_x4): a value is a word of 4 element
 * codes, element q in bits [q*w, (q+1)*w), w = nki_dtype_x4_elem_bits (8
 * or 4). */
int nki_dtype_x4_elem_bits(NkiDtype dt);
double nki_dtype_x4_elem(NkiDtype dt, uint64_t word, int q);   /* element q's value */
double nki_dtype_x4_round_elem(NkiDtype dt, double x);         /* x in the element format */
uint64_t nki_dtype_x4_code(NkiDtype dt, double x);             /* ... as its code */
NkiDtype nki_dtype_promote(NkiDtype a, NkiDtype b);
extern const ObjType nki_dtype_type;
/* A Dtype object, a dtype name string or an open choice (nki_dtype_choice:
 * *out is then a choice code, see below). */
bool nki_as_dtype(const Value *v, NkiDtype *out);

/* ---- open dtypes (dtype_choice.c) ----------------------------------------
 *
 * An open dtype travels through tensors as a choice code: an NkiDtype
 * number >= NKI_DT_CHOICE0 (never a valid index of the dtype tables), the
 * index of the choice in the run's NkiCtx.  Code that needs the properties
 * of a dtype asks for them here (an int term, a condition) or resolves the
 * choice to one concrete dtype (a path split); only nki_dtype_name accepts
 * a choice code directly. */
enum { NKI_DT_CHOICE0 = 256 };
extern const ObjType nki_dtype_choice_type;
bool nki_dtype_is_choice(NkiDtype dt);
/* The choice code of an open dtype value (false for anything else). */
bool nki_dtype_choice_of(const Value *v, NkiDtype *out);
/* The dtype value of choice code `dt` (V_UNKNOWN if the run has no such choice). */
Value *nki_dtype_choice_value(Interp *I, NkiDtype dt);
/* Makes *dt concrete: a choice is decided (the path may split).  False
 * when the run is unwinding. */
bool nki_dtype_resolve(Interp *I, NkiDtype *dt);
/* Bytes per element, an int (one tied to the choice when the candidates
 * differ). */
Value *nki_dtype_size_value(Interp *I, NkiDtype dt);
/* n elements of dt in bytes: n * size, as a choice between linear terms
 * when the size is open. */
Value *nki_dtype_bytes_value(Interp *I, NkiDtype dt, Value *n);
/* Whether dt is a float dtype: a boolean (decided when the candidates differ). */
Value *nki_dtype_is_float_value(Interp *I, NkiDtype dt);
/* a == b for dtypes that may be open: a boolean (a condition over the choices). */
Value *nki_dtype_eq_value(Interp *I, NkiDtype a, NkiDtype b);
/* The promoted dtype of a and b (NKI's rules), open when every candidate
 * promotes to itself; false when the run is unwinding. */
bool nki_dtype_promote_open(Interp *I, NkiDtype a, NkiDtype b, NkiDtype *out);

/* ---- buffers ------------------------------------------------------------- */

typedef enum NkiBufKind {
    BUF_HBM,          /* kernel inputs: device memory */
    BUF_SHARED_HBM,   /* nl.shared_hbm: visible to all SPMD instances (outputs) */
    BUF_PRIVATE_HBM,  /* nl.hbm / nl.private_hbm */
    BUF_SBUF,         /* nl.sbuf: state buffer, 128 partitions */
    BUF_PSUM,         /* nl.psum: partial-sum buffer, 128 partitions */
} NkiBufKind;
enum { NKI_BUF_COUNT = BUF_PSUM + 1 };

typedef struct NkiBuffer {
    NkiBufKind kind;
    bool direct;      /* placed by nki.compiler.{sbuf,psum}.mod_alloc */
} NkiBuffer;

extern const ObjType nki_buffer_type;
const char *nki_buf_name(NkiBufKind k);          /* "hbm", "shared_hbm", "sbuf", ... */
Value *nki_buf_name_value(NkiBufKind k);         /* the same as a str (immutable, shared) */
bool nki_buf_on_chip(NkiBufKind k);
Value *nki_buffer_value(Interp *I, NkiBufKind k, bool direct);

/* ---- tensors (tensor.c) ------------------------------------------------- */

/* One allocation: a kernel input, an nl.ndarray, or an API result. */
typedef struct NkiStorage {
    int id;
    const char *name;     /* parameter name, name=, "nl.ndarray@<line>" or the API of a
                             result: tensor.name, and lane names in counterexamples */
    const char *desc;     /* for messages: "'lhsT'", "the result of nl.load" */
    NkiBufKind buf;
    bool direct;
    NkiDtype dtype;
    int ndim;
    Value **dims;         /* allocation shape */
    int par_axis;         /* partition dimension (nl.par_dim), on-chip only; else -1 */
    bool is_input;        /* kernel argument: must not be written */
    bool is_output;       /* shared_hbm allocation (candidate kernel output) */
    bool written;         /* written on this path */
    Value *written_if;    /* ... under this condition: the symbolic loops around
                             the writes ran at least once (NULL: no write) */
    bool matmul_acc;      /* last written by a matmul: the next one accumulates (Beta-2 default) */
    Value **strides;      /* row-major element strides of dims */
    Value *numel;
    /* with_data: the ndata = numel elements, row-major, rounded to dtype; f32
     * for every dtype float holds exactly, f64 for int32/uint32 (nki.h,
     * NkiData).  data.c makes them on first use and may leave a copy unmade
     * (`lazy`): call nki_storage_materialize before reading these fields. */
    float *f32;
    double *f64;
    int64_t ndata;
    uint8_t *init;        /* uninitialised-read shadow, per element: 1 written with a
                             defined value, 0 never written, 2 computed from undefined */
    bool all_init;        /* every init byte is 1 (readers skip the scan) */
    bool has_origin;      /* uninit_origin is set */
    Loc uninit_origin;    /* the first operation that read undefined memory into this storage */
    struct NkiLazy *lazy; /* private to data.c; NULL: no data (kcv check, or too big) */
    uint32_t mark;        /* reclaim.c: the last marking that reached it */
} NkiStorage;

/* Reclaiming the memory of tiles nothing refers to (kcv run; data.c,
 * reclaim.c).  Only SBUF/PSUM storages with big element arrays take
 * part; their memory goes to a pool the next tiles are made from. */
bool nki_data_reclaim_due(NkiCtx *c);            /* enough new tile memory since the last */
uint32_t nki_data_mark_begin(NkiCtx *c);         /* a new marking: its number */
void nki_data_mark(NkiStorage *st, uint32_t mark);  /* st is reachable */
void nki_data_mark_abandon(NkiCtx *c);           /* nothing can be reclaimed now */
void nki_data_sweep(NkiCtx *c, uint32_t mark);   /* reclaims what the marking missed */


/* A bound to discharge when a view is used: 0 <= f < size. */
typedef struct NkiCheck {
    AForm f;              /* over the view's axes */
    Value *size;
    const char *what;     /* "dimension 1 of 'lhsT'" */
    /* for messages (nki_check_describe): */
    const char *of;       /* the tensor cut from, as the kernel names it: "lhsT",
                             "x[0:128, :]", "the result of nl.load" */
    const char *unit;     /* what its indices count here, plural: "rows", "columns",
                             "partitions", "blocks", "elements"; NULL: a middle
                             dimension ("indices of dimension 2") */
    int dim;              /* the dimension of `of` bounded; -1: its flat storage */
} NkiCheck;

typedef struct NkiTensor {
    NkiStorage *st;
    NkiDtype dtype;       /* element type seen through this tensor (.ap(dtype=)) */
    int ndim;
    Value **shape;
    int par_axis;         /* axis of `shape` holding the partitions (on-chip), -1 */
    bool is_root;         /* the whole allocation, as allocated */
    /* Address of element y: flat ? flat(y) : sum_s idx[s](y) * st->strides[s]. */
    bool flat;
    AForm flat_off;
    AForm *idx;           /* st->ndim forms (when !flat) */
    int nchecks;
    NkiCheck *checks;
    const char *desc;     /* how it was written: "a[0:128, i]" */
    Value *shape_tuple;   /* cache */
    Value *desc_value;    /* cache: desc as a str */
    /* cache of the concrete address map: off(y) = cbase + sum cstride[k]*y[k] */
    int cmap;             /* 0 not computed, 1 valid, -1 not concrete */
    int64_t cbase;
    int64_t *cstride;
} NkiTensor;

extern const ObjType nki_tensor_type;
NkiTensor *nki_tensor_of(const Value *v);        /* NULL if not a tensor */
NkiStorage *nki_storage_new(Interp *I, const char *name, NkiBufKind buf, NkiDtype dt,
                            Value **dims, int ndim, int par_axis);
Value *nki_tensor_root(Interp *I, NkiStorage *st);
/* A new tensor sharing `st`, viewing it with `shape` through `flat_off`,
 * checks inherited from nothing (storage-level bounds added by caller). */
NkiTensor *nki_tensor_alloc_view(Interp *I, const NkiTensor *parent, int ndim, Value **shape);
Value *nki_tensor_value(Interp *I, NkiTensor *t);
/* Subscript: t[key] as a view (basic and advanced indexing). */
Value *nki_tensor_subscript(Interp *I, Value *self, Value *key, Loc loc);
/* Builds the view of `t` whose parent coordinates are g[d] (forms over m
 * axes of `shape`).  Adds the parent's bounds as checks. */
NkiTensor *nki_tensor_compose(Interp *I, const NkiTensor *t, const AForm *g, int m,
                              Value **shape, const char *desc);
Value *nki_shape_tuple(Interp *I, Value **dims, int ndim);
bool nki_is_ellipsis(const Value *v);
void nki_tensor_describe(Interp *I, StrBuf *b, const NkiTensor *t);

/* ---- index tiles and masks (index.c) ------------------------------------- */

typedef struct NkiIndex {
    int ndim;
    Value **shape;        /* extent per axis (1: broadcast) */
    AForm f;
} NkiIndex;

typedef enum MaskRel { MASK_GE0, MASK_EQ0, MASK_NE0 } MaskRel;
typedef struct MaskCon {
    AForm f;
    MaskRel rel;
} MaskCon;

typedef struct NkiMask {
    int ndim;
    Value **shape;
    int n;
    MaskCon *c;
} NkiMask;

extern const ObjType nki_index_type, nki_mask_type, nki_mgrid_type;
NkiIndex *nki_index_of(const Value *v);
NkiMask *nki_mask_of(const Value *v);
Value *nki_arange(Interp *I, Value *start, Value *stop, Value *step, Loc loc);
Value *nki_mgrid_make(Interp *I, Value *key, Loc loc);
/* Broadcast of two shapes (numpy rules, right-aligned); conditions under
 * which they broadcast go to *ok (a V_BOOL, true when nothing to prove). */
bool nki_broadcast(Interp *I, Value **a, int na, Value **b, int nb, Value ***out, int *nout, Value **ok);
/* Aligns mask `m` to a view of `ndim` axes (right-aligned); NULL if not possible. */
NkiMask *nki_mask_align(Interp *I, const NkiMask *m, int ndim);
/* Whether mask m (aligned to n axes) holds at lane y (false: not concrete). */
bool nki_mask_eval(const NkiMask *m, const int64_t *y, int n, bool *holds);

/* ---- bounds (access.c) ---------------------------------------------------- */

/* Names the bound `c` puts on dimension `dim` of tensor `t` (-1: on its
 * flat storage), for messages: sets what, of, unit, dim. */
void nki_check_describe(Interp *I, NkiCheck *c, const NkiTensor *t, int dim);

/* For each check of `t`: the boolean "every element the access touches
 * (lanes in the box, mask true) lies within bounds" and what it is about
 * for the message (NULL when the bound concretely holds: no message will
 * quote it).  Returns the number of checks; conds[i] and whats[i] are
 * arena-allocated. */
int nki_access_conds(Interp *I, const NkiTensor *t, const NkiMask *mask,
                     Value ***conds, const char ***whats, Loc loc);
/* Concrete enumeration of the coordinates of `t` where `mask` holds:
 * calls fn for each (row-major).  Returns false if not concrete. */
typedef bool (*NkiCoordFn)(void *ctx, const int64_t *y);
bool nki_for_each(Interp *I, const NkiTensor *t, const NkiMask *mask, NkiCoordFn fn, void *ctx);
bool nki_flat_offset(Interp *I, const NkiTensor *t, const int64_t *y, int64_t *off);

/* ---- other native objects ---------------------------------------------- */

/* nl.ds(start, size): a slice whose length is known exactly */
typedef struct NkiDynSlice {
    Value *start, *size;
} NkiDynSlice;
extern const ObjType nki_dynslice_type;

extern const ObjType nki_pardim_type, nki_namespace_type, nki_kernel_type, nki_launch_type,
    nki_hostarray_type, nki_tensortype_type, nki_tilesize_type;

typedef struct NkiNamespace {
    const char *name;
    Dict attrs;
} NkiNamespace;
Value *nki_namespace_new(Interp *I, const char *name);
void nki_namespace_set(Interp *I, Value *ns, const char *name, Value *v);

typedef struct NkiKernel {
    Value *fn;                 /* the decorated function (V_FUNCTION or callable) */
    const char *decorator;     /* "jit", "baremetal", ... */
    const char *platform_target;  /* jit(platform_target=...) or NULL */
    bool g2;                   /* `import nki` (Beta 2): kernel[n] is the LNC degree */
} NkiKernel;

typedef struct NkiHostArray {
    int ndim;
    int64_t shape[8];
    NkiDtype dtype;
    double *data;
    int64_t n;
} NkiHostArray;

/* ---- the native module and model files (module.c, prims.c) --------------- */

typedef struct NkiModelFile {
    const char *name;     /* "language.py" */
    const char *text;
    size_t len;
} NkiModelFile;
extern const NkiModelFile nki_model_files[];
extern const int nki_model_nfiles;

NkiCtx *nki_ctx(Interp *I);                      /* I->native_ctx */
const NkiTarget *nki_cur_target(Interp *I);
/* The model module `_kcv_<base>` (loaded on first use), or NULL. */
Value *nki_model_module(Interp *I, const char *base);
/* Calls function `fn` of model module `base`. */
Value *nki_model_call(Interp *I, const char *base, const char *fn, Value **args, int n, Loc loc);
Value *nki_prims_module(Interp *I);              /* __kcv_nki__ */
Value *nki_make_module(Interp *I, const char *name);
Value *nki_range_value(Interp *I, Value *start, Value *stop, Value *step, RangeKind kind);
Value *nki_slice_value(Interp *I, Value *lower, Value *upper, Value *step);
/* A builtin that gives up the path when called: the API is not modelled. */
Value *nki_unmodelled(Interp *I, const char *what);
const char *nki_strf(Interp *I, const char *fmt, ...) KCV_PRINTF(2, 3);
CallArgs nki_args(Value **pos, int n);

typedef struct NkiPrim {
    const char *name;
    BuiltinFn fn;
} NkiPrim;
/* Adds primitives to the native module (called through a trampoline that
 * turns a silent failure into an abort). */
void nki_register_prims(Interp *I, Value *mod, const NkiPrim *prims, int n);
void nki_dtype_register(Interp *I, Value *mod);
Value *nki_data_prims(Interp *I, Value *mod);

/* Data (data.c): numerics of the concrete domain. */
bool nki_data_on(Interp *I);
/* Gives `st` (numel n) elements, as never-written memory: they read as the
 * profile's uninit_fill says, init bytes 0 (made on first use). */
void nki_storage_alloc_data(Interp *I, NkiStorage *st, int64_t n);
bool nki_storage_has_data(const NkiStorage *st);
/* Makes st's elements its own and present: f32/f64/init valid. */
void nki_storage_materialize(NkiStorage *st);
/* Every element of `st` written: init bytes 1 (inputs, constants). */
void nki_storage_set_defined(NkiStorage *st);
void nki_storage_fill(NkiStorage *st, double v);   /* every element v (rounded), defined */
double nki_storage_get(NkiStorage *st, int64_t i);
void nki_storage_set(NkiStorage *st, int64_t i, double v);   /* rounds to the dtype; defined */
/* Frees the reusable buffers of the numerics (nki_ctx_free). */
void nki_data_free(NkiCtx *ctx);
/* Tests: every data primitive takes the general path (one element at a
 * time, every copy made, matmul operands gathered). */
extern bool nki_data_general_only;

#endif
