/* nki.h - the NKI API model, written once, used by every domain.
 *
 * The model is two things:
 *  - native objects (tensors, dtypes, buffers, index tiles, masks, kernels,
 *    op tags) implemented in C as ObjType tables (value.h), with numerics in
 *    C primitives that the concrete domain (kcv run) uses and the symbolic
 *    domain (kcv check) skips (tensors there have shapes, no data);
 *  - model files in Python (src/nki/model/, embedded in the binary),
 *    whose `assert`s are the contracts: `kcv check` proves them, `kcv run`
 *    checks them at run time, and messages quote them.
 *
 * Both API generations are modelled: legacy `neuronxcc.nki` (value-returning
 * ISA calls, nl.load/nl.store, index tiles from nl.arange/nl.mgrid, masks)
 * and the new `import nki` (destination-first ISA calls).
 *
 * Depends on base, front, eval.  Knows nothing of Z3.
 */
#ifndef KCV_NKI_H
#define KCV_NKI_H

#include "../eval/eval.h"

/* Per-target constants, one table (target.c). */
typedef struct NkiTarget {
    const char *name;          /* "trn1", "trn2", "trn3" */
    int nc_version;            /* NeuronCore-v2, v3, v4 */
    int64_t pmax;              /* partitions of SBUF/PSUM: 128 */
    int64_t psum_fmax;         /* free size of one PSUM bank in fp32 words: 512 */
    int64_t gemm_stationary_fmax;  /* 128 */
    int64_t gemm_moving_fmax;  /* 512 (v2/v3) */
    int64_t bn_stats_fmax;     /* 512 */
    int64_t sbuf_partition_bytes;  /* 192 KiB, 224 KiB, 256 KiB */
    int64_t psum_partition_bytes;  /* 16 KiB */
    int64_t psum_num_banks;    /* 8 */
    /* Largest moving free size nc_matmul accepts (hardware, not tile_size):
     * one PSUM bank on v2/v3 (512); the whole PSUM on v4 (4096 with an fp32
     * dst, 8192 with bf16). */
    int64_t matmul_moving_max_fp32;
    int64_t matmul_moving_max_bf16;
} NkiTarget;

const NkiTarget *nki_target_find(const char *name);   /* NULL if unknown */
const NkiTarget *nki_target_default(void);            /* trn2 */

/* A hardware profile: a target's constants and its numerical behaviour, as
 * data (profile.c reads YAML files; profiles/ holds the shipped ones).  The
 * concrete domain (kcv run) computes as the profile says; `kcv check` uses
 * only the constants.  nki_profile_default() follows the documented
 * Trainium behaviour of each target. */
typedef enum NkiOobMode {
    NKI_OOB_TRAP,          /* an out-of-bounds access is an error */
    NKI_OOB_ZERO,          /* reads give 0, writes are dropped */
} NkiOobMode;

typedef enum NkiReduceOrder {
    NKI_REDUCE_SEQUENTIAL, /* left to right along the axis, rounding each step to the accumulator */
    NKI_REDUCE_PAIRWISE,   /* pairwise (tree) summation */
} NkiReduceOrder;

/* The block scale quantize_mx computes (from the largest exponent E of a
 * group, the element format's emax): */
typedef enum NkiMxScale {
    NKI_MX_SCALE_DOUBLE,   /* 2^(E - emax + 1): twice the OCP sample (NKI's quantize_mx) */
    NKI_MX_SCALE_OCP,      /* 2^(E - emax): the OCP MX sample conversion */
} NkiMxScale;

typedef enum NkiFillMode {
    NKI_FILL_ZERO,         /* uninitialised memory reads as 0 */
    NKI_FILL_NAN,          /* ... as a quiet NaN */
    NKI_FILL_VALUE,        /* ... as fill_value */
} NkiFillMode;

typedef struct NkiProfile {
    char name[64];                 /* "trn2" or the file's `name:` */
    NkiTarget target;              /* constants (a copy; target.name points to static text) */
    int matmul_input;              /* NkiDtype the Tensor Engine rounds matmul operands to before
                                      multiplying (DT_FLOAT32: as stored; DT_TFLOAT32; DT_BFLOAT16) */
    int accumulator;               /* NkiDtype of PSUM accumulation (DT_FLOAT32) */
    int vector_precision;          /* NkiDtype of Vector/Scalar engine arithmetic (DT_FLOAT32) */
    NkiReduceOrder reduce_order;
    bool fma;                      /* multiply-add fused (one rounding) in matmul accumulation */
    bool flush_subnormals;         /* subnormal results and operands become 0 */
    NkiMxScale mx_scale;           /* quantize_mx's block scale */
    NkiOobMode oob;
    NkiFillMode uninit_fill;
    double fill_value;             /* NKI_FILL_VALUE */
} NkiProfile;

/* The default profile of a target (static storage). */
const NkiProfile *nki_profile_default(const NkiTarget *t);
/* Reads a profile file (YAML); on error writes "FILE:LINE:COL: message" to
 * err (errlen bytes) and returns false.  Keys left out keep the values of
 * the default profile of the file's `target:` (trn2 if none). */
bool nki_profile_load(const char *path, NkiProfile *out, char *err, size_t errlen);

/* The model's state for one run (one interpreter). */
typedef struct NkiCtx {
    const NkiTarget *target;
    /* SPMD grid: program_id(axis) for axis < grid_ndim is a value in
     * [0, grid[axis]); the driver fills grid with ints (concrete or symbolic). */
    Value *grid[3];
    int grid_ndim;
    Value *program_ids[3];     /* made on first use; one value per axis per run */
    bool with_data;            /* tensors carry data (kcv run) */
    /* Tensors returned by the kernel and the HBM tensors it allocated, for the
     * output-never-written check. */
    Vec(Value *) hbm_outputs;
    /* private to src/nki: recognises `t[k] op= x` (the last subscript read
     * and the last in-place operator) */
    Value *last_base, *last_key, *last_view, *last_inplace;
    /* private: a concrete grid launch runs the instances one after the
     * other; the k-th shared_hbm allocation of every instance is the same
     * tensor (the one the first instance made), as on the device */
    int launch_instance;       /* 0: none or the first instance */
    int shared_next;
    Vec(Value *) shared_allocs;
    /* kcv run (with_data): numerics and out-of-bounds behaviour; NULL means
     * nki_profile_default(target) */
    const NkiProfile *profile;
    /* --on-violation=report: after a reported violation the run goes on;
     * the out-of-bounds elements of a faulty access are skipped (reads give
     * 0, writes are dropped) instead of stopping the run */
    bool report_mode;
    /* kcv check: the open dtypes of this run (nki_dtype_choice), in the
     * run's arena */
    Value **dtype_choices;
    int ndtype_choices;
    /* private: the dtype singletons of the native module, by NkiDtype, of
     * the interpreter whose Interp.id is dtype_values_of (kcv check runs
     * one interpreter per path with the same context) */
    Value *dtype_values[32];
    uint64_t dtype_values_of;
    /* private to src/nki/data.c: reusable buffers of the numerics (matmul
     * operands, ...), freed by nki_ctx_free */
    void *data_scratch;
} NkiCtx;

/* Initialises `ctx` for one run; call nki_ctx_free when the run's
 * interpreter is done (hbm_outputs is heap memory).  The interpreter must
 * have I->native_module = nki_native_module and I->native_ctx = ctx. */
void nki_ctx_init(NkiCtx *ctx, const NkiTarget *target);
void nki_ctx_free(NkiCtx *ctx);

/* kcv run: reclaims the memory of tiles nothing refers to any more
 * (reclaim.c); install as I->safepoint with I->safepoint_cx = ctx. */
void nki_reclaim_safepoint(Interp *I, void *ctx);
/* Bytes of tile memory made (fresh or from reclaimed tiles: reused) and
 * reclaimed so far, and how many times it was reclaimed. */
void nki_data_reclaim_stats(NkiCtx *ctx, size_t *made, size_t *reused, size_t *reclaimed, int *sweeps);

/* The native-module hook for interp (I->native_module, ctx = NkiCtx*):
 * nki, nki.language, nki.isa, neuronxcc.nki(.language/.isa/.typing/.compiler
 * ...), numpy (the subset kernels use: dtypes, op tags, constants). */
Value *nki_native_module(Interp *I, const char *name, void *ctx);

/* Kernels: the value bound by @nki.jit / @nki.baremetal / @nki.benchmark /
 * @nki.profile ... on a function.  Returns the underlying V_FUNCTION, or
 * NULL when `v` is not a kernel. */
Value *nki_kernel_function(const Value *v);
/* The target a kernel names (@nki.jit(platform_target="trn3")), or NULL. */
const NkiTarget *nki_kernel_target(const Value *v);

/* Runs kernel `kernel` (a kernel object or its function) on an SPMD grid of
 * `ndim` sizes (0: no grid), as `kernel[g0, g1](*args)` does.  With a
 * concrete grid in a domain without fresh values (kcv run) it runs every
 * instance in row-major order with concrete program ids, the shared_hbm
 * tensors shared between instances, and returns the last instance's
 * result; otherwise (kcv check) it runs one instance whose program ids are
 * fresh values in [0, g).  NULL when unwinding. */
Value *nki_launch(Interp *I, NkiCtx *ctx, Value *kernel, Value **grid, int ndim, CallArgs *args, Loc loc);

/* dtypes, by NKI name ("bfloat16", "float32", ...). */
typedef enum NkiDtype {
    DT_FLOAT32, DT_BFLOAT16, DT_FLOAT16, DT_TFLOAT32, DT_FLOAT8_E4M3,
    DT_FLOAT8_E5M2, DT_INT8, DT_INT16, DT_INT32, DT_UINT8, DT_UINT16,
    DT_UINT32, DT_BOOL,
    /* Beta-2 (G2) additions: OCP fp8, the MX scale type, packed MX data */
    DT_FLOAT8_E4M3FN, DT_FLOAT8_E8M0FNU, DT_FLOAT8_E5M2_X4, DT_FLOAT8_E4M3FN_X4,
    DT_FLOAT4_E2M1FN_X4,
    DT_COUNT
} NkiDtype;
bool nki_dtype_parse(const char *name, NkiDtype *out);
const char *nki_dtype_name(NkiDtype dt);
Value *nki_dtype_value(Interp *I, NkiDtype dt);

/* kcv check: a dtype left open, for the inputs of a kernel.  `var` is an
 * int (symbolic) whose value is the NkiDtype number of the dtype, one of
 * `mask` (bit d: NkiDtype d); the caller assumes that on the path.  The
 * model keeps the choice open as long as it can: a tile loaded from such an
 * input has the same open dtype, its size is an int term over `var` and
 * `==` on it a condition over `var`, so an execution whose checks hold for
 * every dtype of the set is one path.  What needs one dtype (its name, a
 * promotion whose result differs between the candidates, a cast) splits
 * the path, one decision `var == d` per candidate.  `*observed` (NULL:
 * none) is set when something on the run depended on `var`.  `name` is
 * how messages and counterexamples name it ("a.dtype").  Returns a dtype
 * value to pass to nki_input_tensor. */
Value *nki_dtype_choice(Interp *I, NkiCtx *ctx, const char *name, Value *var, unsigned mask, bool *observed);

/* A kernel argument: an HBM tensor of the given dims (ints, concrete or
 * symbolic) and dtype value (a dtype object, or an open choice from
 * nki_dtype_choice).  `name` appears in messages. */
Value *nki_input_tensor(Interp *I, NkiCtx *ctx, const char *name, Value **dims, int ndim, Value *dtype);

/* Whether `v` is a tensor, and its shape (ints). */
bool nki_is_tensor(const Value *v);
int nki_tensor_shape(const Value *v, Value ***dims);

/* With ctx->with_data: the elements of the allocation under tensor `v`,
 * row-major over the allocation's shape, values rounded to its dtype.
 * Exactly one of f32/f64 is set: float storage for every dtype whose values
 * float32 holds exactly (all float dtypes, bool, (u)int8, (u)int16), double
 * for int32/uint32 and the fp8 MX words (nki_dtype_stored_f64); a packed MX
 * element is held as its word (dtype_bits.c).  `init` (one byte per element, 1 = written or derived
 * only from written memory; NULL when not tracked) is the uninitialised-read
 * shadow.  The driver fills inputs there (rounding with nki_dtype_round and
 * setting init to 1) and reads outputs.  False without data (symbolic
 * shapes, or more elements than the run's limit). */
typedef struct NkiData {
    int dtype;        /* NkiDtype of the storage */
    int64_t n;        /* elements */
    float *f32;
    double *f64;
    uint8_t *init;
} NkiData;
bool nki_tensor_data(const Value *v, NkiData *out);

/* Elements of the allocation under `v` that hold memory never written, or
 * values computed from it; *origin gets where the first such value was
 * read (the operation's location in the kernel; no file when unknown). */
int64_t nki_tensor_uninit(const Value *v, Loc *origin);

/* The value a dtype stores for x: round to nearest, ties to even, with the
 * format's range (overflow to inf or to the largest finite value as the
 * format defines; NaN kept); integers round to nearest even and saturate
 * (NaN gives 0), see dtype.c. */
double nki_dtype_round(NkiDtype dt, double x);
/* Rounds n floats in place to dtype dt (as nki_dtype_round, for the float
 * storage of hot loops and of inputs). */
void nki_dtype_round_f32(NkiDtype dt, float *x, int64_t n);
int nki_dtype_size(NkiDtype dt);   /* bytes per element */
/* Whether kcv holds dt's values as doubles (int32, uint32 and the 32-bit
 * packed MX words), not floats (NkiData). */
bool nki_dtype_stored_f64(NkiDtype dt);
/* float8_e5m2_x4, float8_e4m3fn_x4, float4_e2m1fn_x4: 4 packed codes per
 * value, held as the word (a uint32 / uint16). */
bool nki_dtype_is_x4(NkiDtype dt);

/* Whether any element of HBM tensor `v` may be left unwritten on this path:
 * returns an obligation-ready boolean value (concrete or symbolic) meaning
 * "the tensor was written", or NULL when writes were not tracked. */
Value *nki_tensor_written(Interp *I, const Value *v);

#endif
