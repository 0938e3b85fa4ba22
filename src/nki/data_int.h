/* data_int.h - private to the numerics (data.c, data_mx.c): contiguous
 * buffers of elements, and moving a view's elements into and out of them.
 */
#ifndef KCV_DATA_INT_H
#define KCV_DATA_INT_H

#include "nki_int.h"

/* A contiguous buffer of kcv's and what is known of its init bytes. */
typedef struct Buf {
    float *f;             /* values: f or d */
    double *d;
    uint8_t *init;        /* when undef: init bytes (else all defined) */
    bool undef;           /* some element undefined */
    bool has_origin;
    Loc origin;
    NkiDtype dtype;       /* the values are exact in it */
} Buf;

/* Stops the run: kcv cannot compute `what` here (no data, a symbolic
 * shape).  Returns NULL. */
Value *nki_data_fail(Interp *I, const char *what);
/* Reads view t row-major into b (the caller sets b->f or b->d, and b->init
 * with room for an init byte per element), packed MX words included. */
bool nki_data_gather(Interp *I, const NkiTensor *t, Buf *b, const char *what);
/* Writes b, row-major with shape ext[0..nd), to view t (as many elements),
 * rounded to t's dtype. */
bool nki_data_scatter(Interp *I, const NkiTensor *t, const Buf *b, int nd, const int64_t *ext, const char *what);
/* The Tensor Engine's product of float buffers x ([K, M] when kxm, else
 * [M, K]) and y ([K, N]) into PSUM view `out` ([M, N]), accumulating into
 * it when acc, with the profile's accumulator, fma and subnormal flushing;
 * round_in: operands are first rounded to the profile's matmul_input.  The
 * buffers may be changed. */
bool nki_data_matmul_bufs(Interp *I, NkiTensor *out, Buf *x, Buf *y, bool kxm, bool acc, int64_t K, int64_t M,
                          int64_t N, bool round_in);
/* The MX instructions (data_mx.c). */
Value *nki_data_quantize_mx(Interp *I, Value *self, CallArgs *args, Loc loc);
Value *nki_data_matmul_mx(Interp *I, Value *self, CallArgs *args, Loc loc);

#endif
