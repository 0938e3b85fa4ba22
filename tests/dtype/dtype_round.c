/* dtype_round.c - a test tool: rounds raw little-endian numbers from a file
 * to an NKI dtype with kcv's rounding (src/nki/dtype.c) and writes the
 * results, for check_torch.py to compare with PyTorch.
 *
 *   dtype_round DTYPE MODE IN OUT
 *
 * DTYPE is an NKI dtype name (bfloat16, float16, int8, ...).  MODE:
 *   f32   IN holds float32s; OUT gets float32s from nki_dtype_round_f32
 *         (the bulk path, in one call over the whole array);
 *   f32d  IN holds float32s; OUT gets (float)nki_dtype_round(DTYPE, x);
 *   f64   IN holds float64s; OUT gets float64s from nki_dtype_round.
 * Exit status 0, or 2 with a message on bad usage or I/O errors.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nki/nki_int.h"

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "dtype_round: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 20, n = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        cap *= 2;
        unsigned char *nb = realloc(buf, cap);
        if (!nb)
            free(buf);
        buf = nb;
    }
    bool bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        fprintf(stderr, "dtype_round: %s: read failed\n", path);
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static uint64_t get_le(const unsigned char *p, int size)
{
    uint64_t u = 0;
    for (int i = size - 1; i >= 0; i--)
        u = u << 8 | p[i];
    return u;
}

static void put_le(unsigned char *p, uint64_t u, int size)
{
    for (int i = 0; i < size; i++, u >>= 8)
        p[i] = (unsigned char)(u & 0xFF);
}

int main(int argc, char **argv)
{
    NkiDtype dt;
    if (argc != 5 || !nki_dtype_parse(argv[1], &dt)
        || (strcmp(argv[2], "f32") != 0 && strcmp(argv[2], "f32d") != 0 && strcmp(argv[2], "f64") != 0)) {
        fprintf(stderr, "usage: dtype_round DTYPE f32|f32d|f64 IN OUT\n");
        return 2;
    }
    const char *mode = argv[2];
    int size = strcmp(mode, "f64") == 0 ? 8 : 4;
    size_t len;
    unsigned char *buf = read_all(argv[3], &len);
    if (!buf)
        return 2;
    if (len % (size_t)size != 0) {
        fprintf(stderr, "dtype_round: %s: %zu bytes is not a whole number of %d-byte values\n", argv[3], len, size);
        free(buf);
        return 2;
    }
    size_t n = len / (size_t)size;
    if (size == 8) {
        for (size_t i = 0; i < n; i++) {
            uint64_t u = get_le(buf + 8 * i, 8);
            double x;
            memcpy(&x, &u, sizeof x);
            x = nki_dtype_round(dt, x);
            memcpy(&u, &x, sizeof u);
            put_le(buf + 8 * i, u, 8);
        }
    } else {
        float *x = malloc((n ? n : 1) * sizeof *x);
        if (!x) {
            free(buf);
            return 2;
        }
        for (size_t i = 0; i < n; i++) {
            uint32_t u = (uint32_t)get_le(buf + 4 * i, 4);
            memcpy(&x[i], &u, sizeof u);
        }
        if (strcmp(mode, "f32") == 0)
            nki_dtype_round_f32(dt, x, (int64_t)n);
        else
            for (size_t i = 0; i < n; i++)
                x[i] = (float)nki_dtype_round(dt, (double)x[i]);
        for (size_t i = 0; i < n; i++) {
            uint32_t u;
            memcpy(&u, &x[i], sizeof u);
            put_le(buf + 4 * i, u, 4);
        }
        free(x);
    }
    FILE *out = fopen(argv[4], "wb");
    if (!out || fwrite(buf, 1, len, out) != len || fclose(out) != 0) {
        fprintf(stderr, "dtype_round: %s: %s\n", argv[4], strerror(errno));
        free(buf);
        return 2;
    }
    free(buf);
    return 0;
}
