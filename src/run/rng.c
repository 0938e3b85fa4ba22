/* rng.c - the generator behind `--input ARG=randn:...` and `rand:...`.
 *
 * The same seed gives the same numbers on every machine: xoshiro256**
 * (Blackman and Vigna, 2018) for the bits, seeded by splitmix64 from the
 * seed XOR a 64-bit FNV-1a hash of the parameter's name (each input has its
 * own stream, so adding an input leaves the others' values alone).
 *
 *   rand:   (next >> 11) * 2**-53, uniform in [0, 1);
 *   randn:  Marsaglia's polar form of Box-Muller: u, v uniform in (-1, 1)
 *           until 0 < s = u*u + v*v < 1, then u*f and v*f with
 *           f = sqrt(-2 log(s) / s), in that order.
 *
 * Only +, -, *, /, sqrt, frexp and ldexp are used: IEEE 754 rounds each
 * exactly the same everywhere, and kcv builds in ISO C mode (no
 * contraction into fused multiply-adds).  The libm log differs between
 * libraries in the last bit, so rng_log computes its own, from the series
 * log(m) = 2 (s + s^3/3 + s^5/5 + ...), s = (m - 1) / (m + 1).  The values
 * are doubles, rounded to the input's dtype afterwards.
 */
#include <math.h>
#include <string.h>

#include "run_int.h"

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t fnv1a(const char *s) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

void rng_seed(RunRng *r, uint64_t seed, const char *stream) {
    uint64_t x = seed ^ fnv1a(stream);
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
    r->have_spare = false;
    r->spare = 0;
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t rng_next(RunRng *r) {
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double rng_uniform(RunRng *r) { return (double)(rng_next(r) >> 11) * 0x1.0p-53; }

double rng_log(double x) {
    static const double ln2_hi = 6.93147180369123816490e-01;   /* 0x3fe62e42fee00000 */
    static const double ln2_lo = 1.90821492927058770002e-10;   /* 0x3dea39ef35793c76 */
    int e;
    double m = frexp(x, &e);   /* x = m * 2^e, m in [0.5, 1) */
    if (m < 0.70710678118654752440) {
        m *= 2;
        e--;
    }
    /* 1/k for k = 27, 25, ..., 1: constants, correctly rounded by the compiler */
    static const double inv[14] = {1.0 / 27, 1.0 / 25, 1.0 / 23, 1.0 / 21, 1.0 / 19, 1.0 / 17, 1.0 / 15,
                                   1.0 / 13, 1.0 / 11, 1.0 / 9,  1.0 / 7,  1.0 / 5,  1.0 / 3,  1.0};
    double s = (m - 1) / (m + 1), s2 = s * s;   /* |s| <= 0.1716 */
    double sum = 0;
    for (int k = 0; k < 14; k++) sum = inv[k] + s2 * sum;
    return (double)e * ln2_hi + ((double)e * ln2_lo + 2 * s * sum);
}

double rng_normal(RunRng *r) {
    if (r->have_spare) {
        r->have_spare = false;
        return r->spare;
    }
    for (;;) {
        double u = 2 * rng_uniform(r) - 1, v = 2 * rng_uniform(r) - 1;
        double s = u * u + v * v;
        if (s >= 1 || s == 0) continue;
        double f = sqrt(-2 * rng_log(s) / s);
        r->spare = v * f;
        r->have_spare = true;
        return u * f;
    }
}
