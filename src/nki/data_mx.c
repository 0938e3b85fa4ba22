/* data_mx.c - the numerics of the MX instructions (kcv run):
 * nisa.quantize_mx and nisa.nc_matmul_mx on packed MX data (dtype_bits.c).
 *
 * Layout (nki-api.md section 8; the NKI samples' mx_cpu_utils.py and
 * mx_kernel_utils.py): a scale group is 8 partitions x 4 consecutive
 * elements of the free axis, i.e. 8 partitions of one packed word.  The
 * scale of group g (partitions 8g..8g+7) and word column j sits at row g
 * of a scale tile when the data has at most 32 partitions, and otherwise
 * at row (g / 4) * 32 + g % 4: the first 4 partitions of the data's SBUF
 * quadrant.  A scale byte s stands for 2^(s - 127) (float8_e8m0fnu; a
 * uint8 tile holds the byte itself).
 *
 * quantize_mx(dst, src, dst_scale): for each group, E is the largest
 * biased float32 exponent of its 32 values (255 for inf or NaN, 0 for 0
 * and subnormals); the scale byte is E - emax (+ 1 with the profile's
 * mx_scale: double, the default; emax 15 for float8_e5m2, 8 for
 * float8_e4m3fn), and 0 (2^-127) when that is below 0, as NKI documents
 * for an all-zero group; each value is divided by 2^(s - 127) (exactly),
 * clipped to the format's largest finite value (OCP saturation), and
 * rounded to nearest even into the format.  Scale rows and columns no
 * group uses keep what they held.
 *
 * nc_matmul_mx(dst, stationary, moving, stationary_scale, moving_scale):
 * dst[i, j] = sum over partitions k and elements q of
 * S(k, i, q) * M(k, j, q), where S and M are the unpacked elements times
 * their scales (einsum "kiq,kjq->ij" of nc_matmul_mx_golden): the
 * products are formed in float32 (exact unless a scale takes them out of
 * its range: overflow gives inf) and accumulated like nc_matmul's, into
 * PSUM with the same accumulate rule, over the 4K contraction terms in
 * (k, q) order.
 *
 * Definedness: a quantized word, and its scale, are defined when all 32
 * values of its group are; a product element when its data words and
 * their scales are.
 */
#include "data_int.h"

#include <math.h>
#include <stdlib.h>

/* The shape of a 2-D use of view t: partitions and the free size. */
static bool pf_of(const NkiTensor *t, int64_t *P, int64_t *F)
{
    int64_t n = 1, e;
    if (!t || t->ndim < 1)
        return false;
    for (int k = 0; k < t->ndim; k++) {
        if (!nv_const(t->shape[k], &e))
            return false;
        if (k == 0)
            *P = e;
        else
            n *= e;
    }
    *F = n;
    return *P > 0;
}

/* The scale tile row of group g of data with P partitions. */
static int64_t scale_row(int64_t g, int64_t P)
{
    return P <= 32 ? g : (g / 4) * 32 + g % 4;
}

/* A view gathered as doubles, with init bytes; freed by buf_free. */
static bool buf_gather(Interp *I, const NkiTensor *t, int64_t n, Buf *b, const char *what)
{
    memset(b, 0, sizeof *b);
    b->d = malloc((size_t)(n ? n : 1) * sizeof(double));
    b->init = malloc((size_t)(n ? n : 1));
    if (!b->d || !b->init)
        kcv_fatal("out of memory");
    return nki_data_gather(I, t, b, what);
}

static void buf_free(Buf *b)
{
    free(b->d);
    free(b->f);
    free(b->init);
}

static bool defined_at(const Buf *b, int64_t i)
{
    return !b->undef || b->init[i] == 1;
}

/* The first source of undefined values among a and b, for the result's note. */
static void undef_from(Buf *r, const Buf *a, const Buf *b)
{
    const Buf *s = a->undef ? a : b->undef ? b : NULL;
    if (s) {
        r->has_origin = s->has_origin;
        r->origin = s->origin;
    }
}

/* The scale tile `t` ([rows, cols]) must hold the scales of data with P
 * partitions and `words` word columns. */
static bool scale_fits(Interp *I, const NkiTensor *t, int64_t P, int64_t words, int64_t *cols, const char *what)
{
    int64_t rows;
    if (!pf_of(t, &rows, cols))
        return nki_data_fail(I, what) != NULL;
    if (rows <= scale_row(P / 8 - 1, P) || *cols < words) {
        interp_abort(I, interp_user_loc(I), "%s: the scale tile is %lldx%lld, but %lld partitions of %lld words "
                     "need %lldx%lld", what, (long long)rows, (long long)*cols, (long long)P, (long long)words,
                     (long long)(scale_row(P / 8 - 1, P) + 1), (long long)words);
        return false;
    }
    return true;
}

/* quantize_mx(dst, src, dst_scale) */
Value *nki_data_quantize_mx(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    static const char *const params[] = {"dst", "src", "dst_scale"};
    Value *a[3];
    if (!interp_bind(I, args, loc, "quantize_mx", params, 3, a))
        return NULL;
    if (!nki_data_on(I))
        return v_none();
    const char *what = "nisa.quantize_mx";
    NkiTensor *dst = nki_tensor_of(a[0]), *src = nki_tensor_of(a[1]), *sc = nki_tensor_of(a[2]);
    int64_t P, F, dp, dw, sw;
    if (!pf_of(src, &P, &F) || !pf_of(dst, &dp, &dw) || !sc || dp != P || P % 32 || F % 4 || dw * 4 != F ||
        !nki_dtype_is_x4(dst->dtype) || nki_dtype_x4_elem_bits(dst->dtype) != 8)
        return nki_data_fail(I, what);
    if (!scale_fits(I, sc, P, dw, &sw, what))
        return NULL;
    Buf bs = {0}, bsc = {0};
    int64_t rows = 0, cols = sw;
    pf_of(sc, &rows, &cols);
    if (!buf_gather(I, src, P * F, &bs, what) || !buf_gather(I, sc, rows * cols, &bsc, what)) {
        buf_free(&bs);
        buf_free(&bsc);
        return NULL;
    }
    bool e5m2 = dst->dtype == DT_FLOAT8_E5M2_X4;
    int emax = e5m2 ? 15 : 8;
    double vmax = e5m2 ? 57344.0 : 448.0;
    int extra = nki_cur_profile(I)->mx_scale == NKI_MX_SCALE_DOUBLE ? 1 : 0;
    Buf bd = {.d = malloc((size_t)(P * dw) * sizeof(double)), .init = malloc((size_t)(P * dw)),
              .dtype = dst->dtype};
    if (!bd.d || !bd.init)
        kcv_fatal("out of memory");
    undef_from(&bd, &bs, &bs);
    undef_from(&bsc, &bs, &bs);
    for (int64_t g = 0; g < P / 8; g++)
        for (int64_t j = 0; j < dw; j++) {
            int E = 0;
            bool def = true;
            for (int64_t p = 8 * g; p < 8 * g + 8; p++)
                for (int64_t f = 4 * j; f < 4 * j + 4; f++) {
                    float v = (float)bs.d[p * F + f];
                    uint32_t u;
                    memcpy(&u, &v, sizeof u);
                    int e = (int)((u >> 23) & 0xFF);
                    E = e > E ? e : E;
                    def &= defined_at(&bs, p * F + f);
                }
            int s = E - emax + extra;
            s = s < 0 ? 0 : s;
            double inv = ldexp(1.0, 127 - s);
            for (int64_t p = 8 * g; p < 8 * g + 8; p++) {
                uint64_t w = 0;
                for (int q = 0; q < 4; q++) {
                    double x = bs.d[p * F + 4 * j + q] * inv;
                    x = x > vmax ? vmax : x < -vmax ? -vmax : x;   /* NaN stays */
                    w |= nki_dtype_x4_code(dst->dtype, x) << (8 * q);
                }
                bd.d[p * dw + j] = (double)w;
                bd.init[p * dw + j] = def ? 1 : 2;
            }
            int64_t r = scale_row(g, P) * cols + j;
            bsc.d[r] = nki_dtype_from_bits(sc->dtype, (uint64_t)s);
            bsc.init[r] = def ? 1 : 2;
            bsc.undef |= !def;
        }
    bd.undef = bs.undef;
    int64_t dext[2] = {P, dw}, sext[2] = {rows, cols};
    bool ok = nki_data_scatter(I, dst, &bd, 2, dext, what) && nki_data_scatter(I, sc, &bsc, 2, sext, what);
    buf_free(&bs);
    buf_free(&bsc);
    buf_free(&bd);
    return ok ? v_none() : NULL;
}

/* Unpacks the words of data view t ([K, n] words) with their scales into
 * the float buffer out ([4K, n]: row 4k + q holds element q of row k),
 * init bytes included. */
static bool unpack(Interp *I, const NkiTensor *t, const NkiTensor *sc, int64_t K, int64_t n, Buf *out,
                   const char *what)
{
    int64_t cols;
    if (!scale_fits(I, sc, K, n, &cols, what))
        return false;
    int64_t rows, c2;
    pf_of(sc, &rows, &c2);
    Buf bw = {0}, bs = {0};
    bool ok = buf_gather(I, t, K * n, &bw, what) && buf_gather(I, sc, rows * cols, &bs, what);
    if (ok) {
        out->f = malloc((size_t)(4 * K * n) * sizeof(float));
        out->init = malloc((size_t)(4 * K * n));
        if (!out->f || !out->init)
            kcv_fatal("out of memory");
        out->dtype = DT_FLOAT32;
        out->undef = bw.undef || bs.undef;
        undef_from(out, &bw, &bs);
        for (int64_t k = 0; k < K; k++)
            for (int64_t i = 0; i < n; i++) {
                int64_t r = scale_row(k / 8, K) * cols + i;
                uint64_t sbyte = nki_dtype_bits(sc->dtype, bs.d[r]);
                double scale = sbyte == 0xFF && sc->dtype != DT_UINT8 ? NAN : ldexp(1.0, (int)sbyte - 127);
                uint8_t def = defined_at(&bw, k * n + i) && defined_at(&bs, r) ? 1 : 2;
                uint64_t w = (uint64_t)bw.d[k * n + i];
                for (int q = 0; q < 4; q++) {
                    int64_t o = (4 * k + q) * n + i;
                    out->f[o] = (float)(nki_dtype_x4_elem(t->dtype, w, q) * scale);
                    out->init[o] = def;
                }
            }
    }
    buf_free(&bw);
    buf_free(&bs);
    return ok;
}

/* matmul_mx(out, stationary, moving, stationary_scale, moving_scale, accumulate) */
Value *nki_data_matmul_mx(Interp *I, Value *self, CallArgs *args, Loc loc)
{
    (void)self;
    static const char *const params[] = {"out", "stationary", "moving", "stationary_scale", "moving_scale",
                                         "accumulate"};
    Value *a[6];
    if (!interp_bind(I, args, loc, "matmul_mx", params, 6, a))
        return NULL;
    if (!nki_data_on(I))
        return v_none();
    const char *what = "nisa.nc_matmul_mx";
    NkiTensor *out = nki_tensor_of(a[0]), *st = nki_tensor_of(a[1]), *mv = nki_tensor_of(a[2]);
    NkiTensor *ss = nki_tensor_of(a[3]), *ms = nki_tensor_of(a[4]);
    int64_t K, M, K2, N, om, on;
    if (!pf_of(st, &K, &M) || !pf_of(mv, &K2, &N) || !pf_of(out, &om, &on) || K != K2 || K % 8 || om * on != M * N ||
        !ss || !ms || !nki_dtype_is_x4(st->dtype) || !nki_dtype_is_x4(mv->dtype))
        return nki_data_fail(I, what);
    bool acc = a[5]->kind == V_BOOL ? a[5]->u.i.c != 0 : out->st->matmul_acc;
    Buf bx = {0}, by = {0};
    bool ok = unpack(I, st, ss, K, M, &bx, what) && unpack(I, mv, ms, K, N, &by, what) &&
              nki_data_matmul_bufs(I, out, &bx, &by, true, acc, 4 * K, M, N, false);
    buf_free(&bx);
    buf_free(&by);
    return ok ? v_none() : NULL;
}
