/* run_int.h - state shared by the files of src/run; private to it.
 *
 *   driver.c    the run: module, kernel, arguments, launch, exit status
 *   inputs.c    --input specs: parsing, shapes and dtypes, memory, values
 *   npy.c       NumPy's .npy format, read and written
 *   rng.c       the deterministic generator behind randn and rand
 *   residual.c  --checks=residual: the static pre-pass and the skip set
 *   outputs.c   returned tensors: uninitialised elements, .npy files, summary
 *
 * Ownership: a RunState owns the interpreter's arena (values, tensor data),
 * the SourceCache, the diagnostics and the specs; run_kernel frees it all
 * before returning.
 */
#ifndef KCV_RUN_INT_H
#define KCV_RUN_INT_H

#include "run.h"   /* first: <stdio.h> */

#include "../domain/concrete.h"
#include "../nki/nki.h"

/* ---- npy.c ----------------------------------------------------------------- */

enum { NPY_MAX_DIMS = 32 };

typedef enum NpyKind {
    NPY_FLOAT,   /* 'f': IEEE binary16/32/64 */
    NPY_INT,     /* 'i' */
    NPY_UINT,    /* 'u' */
    NPY_BOOL,    /* 'b' */
} NpyKind;

/* Writes the reason for a failure to why[0..len) and returns false. */
bool run_fail(char *why, size_t len, const char *fmt, ...) KCV_PRINTF(3, 4);

/* An array of a .npy file: the header, then (npy_read_data) the raw bytes. */
typedef struct NpyArray {
    char descr[16];         /* as in the header: "<f4" */
    NpyKind kind;
    int itemsize;           /* bytes per element */
    bool big_endian;
    bool fortran;           /* column-major data */
    int ndim;
    int64_t shape[NPY_MAX_DIMS];
    int64_t n;              /* elements */
    long offset;            /* of the data in the file */
    unsigned char *data;    /* n * itemsize bytes (malloc'd), NULL until read */
} NpyArray;

/* Reads and checks the header of `path` (magic, version, dict, dtype,
 * shape, and that the file holds the data it announces).  On failure
 * writes the reason to `why` ("truncated: ...") and returns false. */
bool npy_read_header(const char *path, NpyArray *a, char *why, size_t whylen);
/* Reads the data announced by the header; false (why set) on I/O error. */
bool npy_read_data(const char *path, NpyArray *a, char *why, size_t whylen);
/* Reads the raw data bytes (n * itemsize) into dst instead. */
bool npy_read_raw(const char *path, const NpyArray *a, void *dst, char *why, size_t whylen);
/* float32, little-endian, row-major: the bytes are the floats, in order. */
bool npy_is_plain_f32(const NpyArray *a);
/* Element i of the array in row-major (C) order, as a double. */
double npy_value(const NpyArray *a, int64_t i);
void npy_free(NpyArray *a);
/* NumPy's name of the element type ("float32", "int64", "bool"). */
const char *npy_type_name(const NpyArray *a);

/* Writes an array in format 1.0 (as numpy.save does): `descr` one of
 * "<f4" "<f2" "|i1" "<i2" "<i4" "|u1" "<u2" "<u4" "|b1"; values[i] are
 * representable in it.  False (why set) on I/O error. */
bool npy_write(const char *path, const char *descr, const int64_t *shape, int ndim, const double *values,
               const float *fvalues, int64_t n, char *why, size_t whylen);

/* ---- rng.c ---------------------------------------------------------------------- */

/* xoshiro256** seeded through splitmix64: the same numbers on every machine. */
typedef struct RunRng {
    uint64_t s[4];
    bool have_spare;         /* rng_normal made two values: spare is next */
    double spare;
} RunRng;

/* A stream for one input: from the seed and the parameter's name. */
void rng_seed(RunRng *r, uint64_t seed, const char *stream);
uint64_t rng_next(RunRng *r);
double rng_uniform(RunRng *r);   /* [0, 1), 53 random bits */
double rng_normal(RunRng *r);    /* standard normal (Marsaglia's polar method) */
double rng_log(double x);        /* natural log of x > 0 in plain IEEE arithmetic */

/* ---- inputs.c ------------------------------------------------------------------- */

typedef enum InputGen {
    GEN_FILE,      /* a .npy file */
    GEN_RANDN,     /* standard normal */
    GEN_RAND,      /* uniform [0, 1) */
    GEN_ZEROS,
    GEN_ONES,
    GEN_ARANGE,    /* 0, 1, 2, ... in row-major order */
} InputGen;

/* One --input, parsed and resolved against --shape/--dtype and its file. */
typedef struct InputSpec {
    const char *arg;         /* parameter name */
    const char *text;        /* the option's value, for messages */
    InputGen gen;
    const char *path;        /* GEN_FILE */
    int ndim;
    int64_t dims[NPY_MAX_DIMS];
    NkiDtype dtype;          /* of the tensor */
    bool dtype_given;        /* in the spec (generators) */
    NpyArray npy;            /* GEN_FILE: header, then data */
    int64_t n;               /* elements */
    bool used;               /* matched a parameter */
} InputSpec;

/* Parses "ARG=SPEC" of --input (arg, spec split by the caller).  False with
 * the message (after "kcv run: --input ARG=SPEC: ") in `why`. */
bool input_parse(const char *arg, const char *spec, InputSpec *in, char *why, size_t whylen);
/* Reads the file's header, applies --dtype and checks --shape (names in
 * --shape must agree across inputs: `bound` holds them).  Errors on err. */
bool input_resolve(const RunOptions *o, InputSpec *in, FILE *err);
/* Bytes the tensor of an input takes in a run (storage and its shadow). */
uint64_t input_bytes(const InputSpec *in);
/* Fills the storage of tensor `t` with the input's values (reading the file
 * or generating them), rounded to the tensor's dtype; marks them written. */
bool input_fill(const RunOptions *o, InputSpec *in, const Value *t, FILE *err);
void input_free(InputSpec *in);

/* "128x512" for messages; "[128, 512]" with brackets. */
void dims_text(StrBuf *b, const int64_t *dims, int n, bool brackets);

/* ---- residual.c ----------------------------------------------------------------- */

/* Obligations proven statically, by (loc, contract_loc, rule). */
typedef struct ProvenEntry {
    char *rule;                /* NULL: an empty slot */
    int file, cfile;           /* paths of loc and contract_loc: indices in ProvenSet.paths */
    int line, col, cline, ccol;
    uint64_t hash;
} ProvenEntry;

enum { PROVEN_MEMO = 16 };

typedef struct ProvenSet {
    ProvenEntry *slots;        /* open addressing, power-of-two capacity */
    int cap, n;
    ConcreteDomain *dom;       /* stop skipping after its first violation */
    Vec(char *) paths;         /* the files of proven obligations ("" for none) */
    /* the path index of the run's source files, looked up once each
     * (-1: no proven obligation is in that file) */
    const SourceFile *memo_file[PROVEN_MEMO];
    int memo_path[PROVEN_MEMO];
    int nmemo;
} ProvenSet;

/* Runs the static checker with every input fixed to this run's values, on
 * target `target` (the run's: the kernel's own, --target or the profile's).
 * Returns false when nothing can be skipped (*why says why, malloc'd). */
bool residual_prove(const RunOptions *o, const char *target, const char *kernel, const InputSpec *inputs,
                    int ninputs, ProvenSet *set, char **why);
/* ConcreteDomain.skip over a ProvenSet. */
bool residual_skip(void *set, const Obligation *ob);
void residual_free(ProvenSet *set);

/* ---- outputs.c ------------------------------------------------------------------ */

typedef struct RunOutput {
    Value *t;                /* the returned tensor */
    NkiDtype dtype;
    int ndim;
    int64_t dims[NPY_MAX_DIMS];
    bool as_float32;         /* written as float32: NumPy lacks the dtype */
} RunOutput;

/* The tensors a kernel returned, in return order: a tensor, or a tuple or
 * list of them (other items are skipped).  false (err) for a view kcv
 * cannot write. */
int outputs_collect(Value *ret, RunOutput **out);
/* Reports every output holding memory never written, at the kernel's
 * return; returns how many. */
int outputs_check_uninit(DiagSink *diags, const RunOutput *outs, int n, const CheckKernelInfo *info);
/* Writes DIR/out0.npy ...; false (reported on err) on failure. */
bool outputs_write(const char *dir, RunOutput *outs, int n, FILE *err);

#endif
