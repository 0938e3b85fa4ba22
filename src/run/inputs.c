/* inputs.c - the tensors of a run, from `--input ARG=SPEC`.
 *
 * SPEC is a .npy file, or GEN:D0xD1x...[:DTYPE] with GEN one of randn,
 * rand, zeros, ones, arange (DTYPE float32 unless given).  A file's tensor
 * has the file's dtype, unless --dtype ARG=DTYPE converts its values on
 * load (rounding to nearest even: .npy has no bfloat16 or fp8); NumPy
 * dtypes NKI lacks (float64, int64, uint64) need --dtype.  --shape ARG=...
 * states the shape an input must have.  Every value is rounded to the
 * tensor's dtype by nki_dtype_round and marked written.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "run_int.h"

static const struct {
    const char *name;
    InputGen gen;
} gens[] = {
    {"randn", GEN_RANDN}, {"rand", GEN_RAND}, {"zeros", GEN_ZEROS}, {"ones", GEN_ONES}, {"arange", GEN_ARANGE},
};

void dims_text(StrBuf *b, const int64_t *dims, int n, bool brackets) {
    if (brackets) sb_putc(b, '[');
    for (int i = 0; i < n; i++) sb_printf(b, "%s%lld", i ? (brackets ? ", " : "x") : "", (long long)dims[i]);
    if (brackets) sb_putc(b, ']');
}


/* "128x512": positive ints below 2**31. */
static bool parse_dims(const char *s, size_t len, InputSpec *in, char *why, size_t whylen) {
    in->ndim = 0;
    const char *p = s, *end = s + len;
    if (p == end) return run_fail(why, whylen, "no shape after the generator (e.g. randn:128x512)");
    while (p < end) {
        const char *x = memchr(p, 'x', (size_t)(end - p));
        const char *stop = x ? x : end;
        int64_t v = 0;
        bool ok = stop > p;
        for (const char *c = p; c < stop && ok; c++) {
            ok = isdigit((unsigned char)*c) && v < ((int64_t)1 << 31);
            v = v * 10 + (*c - '0');
        }
        if (!ok || v < 1 || v >= ((int64_t)1 << 31))
            return run_fail(why, whylen, "bad shape '%.*s': dims are positive integers below 2**31 joined by 'x' (128x512)",
                        (int)len, s);
        if (in->ndim == NPY_MAX_DIMS) return run_fail(why, whylen, "more than %d dims", NPY_MAX_DIMS);
        in->dims[in->ndim++] = v;
        p = x ? x + 1 : end;
        if (x && p == end)
            return run_fail(why, whylen, "bad shape '%.*s': dims are positive integers below 2**31 joined by 'x' (128x512)",
                        (int)len, s);
    }
    return true;
}

bool input_parse(const char *arg, const char *spec, InputSpec *in, char *why, size_t whylen) {
    memset(in, 0, sizeof *in);
    in->arg = arg;
    in->text = spec;
    const char *colon = strchr(spec, ':');
    for (size_t g = 0; colon && g < KCV_ARRAY_LEN(gens); g++) {
        if ((size_t)(colon - spec) != strlen(gens[g].name) || strncmp(spec, gens[g].name, (size_t)(colon - spec)) != 0)
            continue;
        in->gen = gens[g].gen;
        const char *shape = colon + 1;
        const char *c2 = strchr(shape, ':');
        if (!parse_dims(shape, c2 ? (size_t)(c2 - shape) : strlen(shape), in, why, whylen)) return false;
        in->dtype = DT_FLOAT32;
        if (c2) {
            NkiDtype dt;
            if (!nki_dtype_parse(c2 + 1, &dt))
                return run_fail(why, whylen, "unknown dtype '%s' (float32, bfloat16, float16, int32, ...)", c2 + 1);
            in->dtype = dt;
            in->dtype_given = true;
        }
        return true;   /* in->n: input_resolve */
    }
    in->gen = GEN_FILE;
    in->path = spec;
    return true;
}

static const char *kv_find(const CheckKV *kv, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(kv[i].name, name) == 0) return kv[i].value;
    return NULL;
}

/* The NKI dtype of a NumPy element type, or false. */
static bool npy_nki_dtype(const NpyArray *a, NkiDtype *dt) {
    switch (a->kind) {
    case NPY_FLOAT:
        if (a->itemsize == 8) return false;
        *dt = a->itemsize == 2 ? DT_FLOAT16 : DT_FLOAT32;
        return true;
    case NPY_INT:
        if (a->itemsize == 8) return false;
        *dt = a->itemsize == 1 ? DT_INT8 : a->itemsize == 2 ? DT_INT16 : DT_INT32;
        return true;
    case NPY_UINT:
        if (a->itemsize == 8) return false;
        *dt = a->itemsize == 1 ? DT_UINT8 : a->itemsize == 2 ? DT_UINT16 : DT_UINT32;
        return true;
    case NPY_BOOL: *dt = DT_BOOL; return true;
    }
    return false;
}

static bool dtype_is_float(NkiDtype dt) {
    return !nki_dtype_is_x4(dt) && !(dt == DT_INT8 || dt == DT_INT16 || dt == DT_INT32 || dt == DT_UINT8 || dt == DT_UINT16 ||
             dt == DT_UINT32 || dt == DT_BOOL);
}

bool input_resolve(const RunOptions *o, InputSpec *in, FILE *err) {
    const char *dt_text = kv_find(o->dtypes.v, o->dtypes.n, in->arg);
    NkiDtype want = DT_FLOAT32;
    if (dt_text && !nki_dtype_parse(dt_text, &want)) {
        fprintf(err, "kcv run: --dtype %s=%s: unknown dtype '%s' (float32, bfloat16, float16, int32, ...)\n", in->arg,
                dt_text, dt_text);
        return false;
    }
    if (in->gen == GEN_FILE) {
        char why[512];
        if (!npy_read_header(in->path, &in->npy, why, sizeof why)) {
            fprintf(err, "%s: %s (--input %s)\n", in->path, why, in->arg);
            return false;
        }
        const NpyArray *a = &in->npy;
        if (a->ndim == 0) {
            fprintf(err, "%s: a 0-d array: a kernel's tensor has at least one dim (give numbers with --scalar) "
                         "(--input %s)\n", in->path, in->arg);
            return false;
        }
        for (int i = 0; i < a->ndim; i++)
            if (a->shape[i] < 1 || a->shape[i] >= ((int64_t)1 << 31)) {
                StrBuf b = {0};
                dims_text(&b, a->shape, a->ndim, true);
                fprintf(err, "%s: shape %s: dim %d is %s (--input %s)\n", in->path, sb_str(&b), i,
                        a->shape[i] < 1 ? "0: an empty array" : "2**31 or more", in->arg);
                sb_free(&b);
                return false;
            }
        in->ndim = a->ndim;
        memcpy(in->dims, a->shape, sizeof(int64_t) * (size_t)a->ndim);
        in->n = a->n;
        NkiDtype file_dt;
        bool known = npy_nki_dtype(a, &file_dt);
        if (dt_text) {
            int wsize = nki_dtype_size(want);
            if (nki_dtype_is_x4(want) && !(a->kind == NPY_UINT && a->itemsize == wsize)) {
                fprintf(err, "kcv run: --dtype %s=%s: %s holds %s values; a %s value is a word of 4 packed codes: "
                             "give a uint%d file of such words\n",
                        in->arg, dt_text, in->path, npy_type_name(a), dt_text, 8 * wsize);
                return false;
            }
            if (a->kind == NPY_FLOAT && !dtype_is_float(want)) {
                fprintf(err, "kcv run: --dtype %s=%s: %s holds %s values: --dtype converts them to a float dtype "
                             "only (give integers in an integer file)\n",
                        in->arg, dt_text, in->path, npy_type_name(a));
                return false;
            }
            in->dtype = want;
        } else if (!known) {
            fprintf(err, "%s: %s is not an NKI dtype: give --dtype %s=float32 (or bfloat16, int32, ...) to convert "
                         "the values on load\n", in->path, npy_type_name(a), in->arg);
            return false;
        } else {
            in->dtype = file_dt;
        }
    } else {
        int64_t n = 1;
        for (int i = 0; i < in->ndim; i++) {
            if (n > INT64_MAX / 16 / in->dims[i]) {
                fprintf(err, "kcv run: --input %s=%s: too many elements\n", in->arg, in->text);
                return false;
            }
            n *= in->dims[i];
        }
        in->n = n;
        if (dt_text) {
            if (in->dtype_given && want != in->dtype) {
                fprintf(err, "kcv run: --input %s=%s: the spec says %s, --dtype %s=%s says %s: give one\n", in->arg,
                        in->text, nki_dtype_name(in->dtype), in->arg, dt_text, nki_dtype_name(want));
                return false;
            }
            in->dtype = want;
        }
    }
    /* --shape ARG=...: integers must match (names are matched across
     * inputs by the driver) */
    for (int i = 0; i < o->shapes.n; i++) {
        const CheckShape *sh = &o->shapes.v[i];
        if (strcmp(sh->arg, in->arg) != 0) continue;
        bool ok = sh->ndims == in->ndim;
        for (int k = 0; k < sh->ndims && ok; k++) {
            char *end;
            errno = 0;
            long long v = strtoll(sh->dims[k], &end, 10);
            if (!*end && !errno && v != in->dims[k]) ok = false;
        }
        if (!ok) {
            StrBuf b = {0}, s = {0};
            dims_text(&b, in->dims, in->ndim, true);
            for (int k = 0; k < sh->ndims; k++) sb_printf(&s, "%s%s", k ? "," : "", sh->dims[k]);
            fprintf(err, "kcv run: --input %s=%s: shape %s differs from --shape %s=%s\n", in->arg, in->text,
                    sb_str(&b), in->arg, sb_str(&s));
            sb_free(&b);
            sb_free(&s);
            return false;
        }
    }
    return true;
}

/* Storage per element (nki.h: float for every dtype float32 holds
 * exactly, else double) and one byte of init shadow. */
uint64_t input_bytes(const InputSpec *in) {
    uint64_t per = (nki_dtype_stored_f64(in->dtype) ? 8 : 4) + 1;
    return (uint64_t)in->n * per;
}

bool input_fill(const RunOptions *o, InputSpec *in, const Value *t, FILE *err) {
    NkiData d;
    if (!nki_tensor_data(t, &d)) {
        StrBuf b = {0};
        dims_text(&b, in->dims, in->ndim, true);
        fprintf(err, "kcv run: --input %s=%s: kcv cannot hold a tensor of %s %s (%lld elements)\n", in->arg,
                in->text, sb_str(&b), nki_dtype_name(in->dtype), (long long)in->n);
        sb_free(&b);
        return false;
    }
    if (d.n != in->n) {
        fprintf(err, "kcv run: internal error: input %s has %lld elements, its storage %lld\n", in->arg,
                (long long)in->n, (long long)d.n);
        return false;
    }
    NkiDtype dt = (NkiDtype)d.dtype;
    if (in->gen == GEN_FILE && d.f32 && npy_is_plain_f32(&in->npy)) {
        /* the common case, in one pass: the file's floats straight into the
         * storage, then rounded there to the dtype (one rounding of the
         * same float32 value, as below) */
        char why[512];
        if (!npy_read_raw(in->path, &in->npy, d.f32, why, sizeof why)) {
            fprintf(err, "%s: %s (--input %s)\n", in->path, why, in->arg);
            return false;
        }
        if (dt != DT_FLOAT32) nki_dtype_round_f32(dt, d.f32, d.n);
        if (d.init) memset(d.init, 1, (size_t)d.n);
        return true;
    }
    if (in->gen == GEN_FILE) {
        char why[512];
        if (!npy_read_data(in->path, &in->npy, why, sizeof why)) {
            fprintf(err, "%s: %s (--input %s)\n", in->path, why, in->arg);
            return false;
        }
    }
    RunRng rng;
    rng_seed(&rng, o->seed, in->arg);
    for (int64_t i = 0; i < d.n; i++) {
        double x = 0;
        switch (in->gen) {
        case GEN_FILE: x = npy_value(&in->npy, i); break;
        case GEN_RANDN: x = rng_normal(&rng); break;
        case GEN_RAND: x = rng_uniform(&rng); break;
        case GEN_ZEROS: x = 0; break;
        case GEN_ONES: x = 1; break;
        case GEN_ARANGE: x = (double)i; break;
        }
        /* float32: C's conversion rounds to nearest even, as nki_dtype_round does */
        if (d.f32) d.f32[i] = dt == DT_FLOAT32 ? (float)x : (float)nki_dtype_round(dt, x);
        else d.f64[i] = nki_dtype_round(dt, x);
        if (d.init) d.init[i] = 1;
    }
    npy_free(&in->npy);
    return true;
}

void input_free(InputSpec *in) { npy_free(&in->npy); }
