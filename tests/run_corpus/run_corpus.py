#!/usr/bin/python3
"""tests/run_corpus/run_corpus.py - the corpus kernels that come with a
NumPy, PyTorch or JAX reference run under `kcv run`, and their outputs match
that reference within a tolerance derived from the dtypes.

    run_corpus.py --kcv KCV --corpus DIR --case ID     run one case (CTest: one test per case)
    run_corpus.py --kcv KCV --corpus DIR --all         run every case, one line each
    run_corpus.py --corpus DIR --coverage [--readme F] [--kcv KCV]
                                                       every kernel of the reference folders is a case
                                                       or listed in EXCLUDED; README table current;
                                                       with --kcv, whether each exclusion still holds
    run_corpus.py --list | --table                     case ids / the markdown table of README.md

For each case the test writes the inputs as .npy files (seeded by the case
id), runs `kcv run FILE.py:KERNEL --input ARG=FILE.npy [--dtype ARG=DT]
[--scalar ...] [--grid ...] --output DIR`, reads DIR/out0.npy, computes the
reference in float64 from exactly the values kcv holds (inputs rounded to
their --dtype the way kcv must round them: to nearest, ties to even) and
requires |out - ref| <= tol elementwise.  A case fails when kcv exits
non-zero, prints no output, or an element is out of tolerance.

References.  No corpus reference module can be imported as is: every one
imports neuronxcc, torch_xla, torch_neuronx, jax or ml_dtypes at top level
(none is installed; mx_cpu_utils.py needs ml_dtypes).  Where the reference is
a named function (np_average_pool_2D, numpy_attention, mamba_layer,
layernorm_layer, torch_rmsnorm_kernel, cpu_golden_attn) the test reads the
corpus file by path, takes that function's definition out of it with `ast`
and runs it unchanged on float64 arrays (`corpus_function`); nothing is
copied into the repository.  Where the reference is an inline expression of
a driver (a + b, torch.matmul(lhs, rhs), the transpose formula) the test
writes the same expression and cites the line.

Tolerances.  u(dt) is the unit roundoff of round-to-nearest: float32 2^-24,
float16 2^-11, bfloat16 2^-8; gamma(n) = n*u32 / (1 - n*u32) bounds the
relative error of a float32 sum or dot product of n terms (Higham,
"Accuracy and Stability of Numerical Algorithms", 3.1).  Each reference
returns the tolerance array with its derivation next to it (and in
README.md); the bounds are worst-case (no probabilistic argument), so a
correct kernel can never fail them, and the margins the test prints show how
far inside them kcv is.  Where a kernel rounds an intermediate to bfloat16
(attention v7-v11, SD attention in mixed precision), the reference rounds at
the same point, and the tolerance uses monotonicity of rounding: a value
known to lie in [w(1-r), w(1+r)] rounds to a value in
[rnd(w(1-r)), rnd(w(1+r))], so the difference from rnd(w) is exact, not a
full ulp when the interval holds no rounding boundary.
"""
import argparse
import ast
import os
import subprocess
import sys
import tempfile
import time
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
from mx_formats import MXF, mx_fmt, mx_decode, mx_round, mx_encode, mx_pack, mx_unpack, mx_quantize, mx_dequant  # noqa: E402
U32, U16, UBF = 2.0 ** -24, 2.0 ** -11, 2.0 ** -8
UNIT = {"float32": U32, "float16": U16, "bfloat16": UBF}
PREC = {"float32": (24, -125), "float16": (11, -13), "bfloat16": (8, -125)}


def gamma(n):
    return n * U32 / (1 - n * U32)


def rnd(x, dt):
    """x (float64) rounded to dtype dt: to nearest, ties to even, subnormals
    kept (exponent floor), no overflow handling (the values here are small)."""
    x = np.asarray(x, dtype=np.float64)
    if dt in ("int8", "int16", "int32", "uint8"):
        return x
    p, emin = PREC[dt]
    _, e = np.frexp(x)
    e = np.maximum(e, emin)
    return np.ldexp(np.round(np.ldexp(x, p - e)), e - p)


def rnd_interval(w, r, dt):
    """A kernel value known to lie in [w(1-r), w(1+r)] (w >= 0) and then
    rounded to dt differs from rnd(w, dt) by at most this (rounding is
    monotone)."""
    ref = rnd(w, dt)
    return np.maximum(np.abs(rnd(w * (1 + r), dt) - ref), np.abs(ref - rnd(w * (1 - r), dt)))


# ---- corpus reference functions, loaded by path -----------------------------------

_torch = None


def torch():
    global _torch
    if _torch is None:
        import torch as t
        t.set_num_threads(1)
        _torch = t
    return _torch


def corpus_function(corpus, rel, name, extra=(), env=None):
    """The function `name` (and the helpers named in `extra`) defined in
    corpus file `rel`, compiled from its own source text (found anywhere in
    the file, also nested in `if __name__ == ...`); the file's imports are
    not run.  `env` gives the globals the function uses (np, torch...)."""
    path = os.path.join(corpus, rel)
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    want = (name,) + tuple(extra)
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in want and node.name not in found:
            found[node.name] = node
    missing = [n for n in want if n not in found]
    if missing:
        raise RuntimeError("%s: no function %s" % (rel, ", ".join(missing)))
    mod = ast.Module(body=[found[n] for n in want], type_ignores=[])
    g = dict(env or {})
    exec(compile(mod, path, "exec"), g)
    return g[name]


def t64(x):
    return torch().from_numpy(np.ascontiguousarray(x, dtype=np.float64))


# ---- input generators: (rng, shape) -> array in the .npy file's dtype --------------

def gen(desc, fdt, fn):
    fn.desc, fn.fdt = desc, fdt
    return fn


# torch.rand / np.random.rand: uniform [0, 1)
rand32 = gen("U[0,1)", "float32", lambda rng, shape: rng.random(shape, dtype=np.float32))
# test_attention.py: (np.random.random_sample(...) - 0.5) * 2
sym32 = gen("U[-1,1)", "float32",
            lambda rng, shape: (rng.random(shape, dtype=np.float32) - np.float32(0.5)) * np.float32(2))
# np.random.rand(...).astype(np.float16)
rand16 = gen("U[0,1)", "float16", lambda rng, shape: rng.random(shape).astype(np.float16))


def scaled(lo, hi):
    return gen("U[%g,%g)" % (lo, hi), "float32",
               lambda rng, shape: (lo + (hi - lo) * rng.random(shape)).astype(np.float32))


def arange(dt):
    return gen("arange", np.dtype(dt).name,
               lambda rng, shape: np.arange(int(np.prod(shape)), dtype=dt).reshape(shape))


class In:
    """A tensor argument: written as a .npy of gen's dtype; `dtype` given:
    passed as --dtype NAME=DTYPE (kcv rounds the file's values to it)."""
    def __init__(self, name, shape, gen, dtype=None):
        self.name, self.shape, self.gen, self.dtype = name, tuple(shape), gen, dtype

    def text(self):
        dt = self.gen.fdt if not self.dtype else "%s (file %s, --dtype)" % (self.dtype, self.gen.fdt)
        return "%s %s %s %s" % (self.name, "x".join(map(str, self.shape)), dt, self.gen.desc)


class Case:
    def __init__(self, cid, file, kernel, inputs, ref, ref_src, tol_text, scalars=None, grid=None,
                 target=None, note="", profile=None):
        self.id, self.file, self.kernel, self.inputs = cid, file, kernel, inputs
        self.ref, self.ref_src, self.tol_text = ref, ref_src, tol_text
        self.scalars, self.grid, self.target, self.note = scalars or {}, grid, target, note
        self.profile = profile


# ---- references and tolerances ------------------------------------------------------

def matmul_ref(bk_blocks=None):
    """lhsT[K,M], rhs[K,N] -> lhsT.T @ rhs.  matrix_multiplication_torch.py:
    output_torch = torch.matmul(lhs, rhs) with lhs = lhsT.T (the kernels
    take lhs transposed); here the same product in float64 NumPy on the
    bfloat16 values (the legacy folder keeps only the kernel file; its
    driver at b2be1a5 is this same script).
    Tolerance: bf16 x bf16 products are exact in float32, so the PSUM sum of
    K products errs by at most gamma(K) * S, S = |lhs| @ |rhs|; the result
    tensor has lhsT's dtype (bfloat16), one more rounding: u_bf16 * |ref|.
    The fully optimised kernels add each K block's float32 partial sum into
    a bfloat16 SBUF tile (result_tiles / result_tmps, dtype lhsT.dtype): a
    rounding to bfloat16 per block, NBK = K / (128 * TILES_IN_BLOCK_K)
    blocks, each at most (u_bf16 + u32)(1 + u_bf16)^NBK * S."""
    def ref(x, s, corpus):
        lhsT, rhs = x["lhsT"], x["rhs"]
        out = lhsT.T @ rhs
        S = np.abs(lhsT).T @ np.abs(rhs)
        K = lhsT.shape[0]
        if bk_blocks is None:
            tol = UBF * np.abs(out) + (1 + UBF) * gamma(K) * S
        else:
            nbk = K // (128 * int(s.get("TILES_IN_BLOCK_K", 8)))
            tol = (nbk * (UBF + U32) * (1 + UBF) ** nbk + gamma(K)) * S
        return [(out, tol)]
    return ref


MM_TOL = "u_bf16·\\|ref\\| + (1+u_bf16)·γ(K)·S, S = \\|lhs\\|@\\|rhs\\| (exact bf16 products, fp32 PSUM sum of K terms, bf16 result)"
MM_TOL_FO = ("(NBK·(u_bf16+u32)(1+u_bf16)^NBK + γ(K))·S: as above, plus one bf16 rounding per K block "
             "(the SBUF result tiles are bf16), NBK = K/(128·TILES_IN_BLOCK_K)")


def add_ref(out_dt):
    """a + b (tensor_addition_torch.py / *_nki_kernels.py __main__: output = a + b).
    The kernel adds in float32 and stores in the inputs' dtype: the float32
    sum of two values errs by at most u32 |a+b|, then one rounding to
    out_dt: tol = (u(out_dt) + 2 u32) |a + b|."""
    def ref(x, s, corpus):
        out = x["a_input"] + x["b_input"]
        return [(out, (UNIT[out_dt] + 2 * U32) * np.abs(out))]
    return ref


def transpose_ref(x, s, corpus):
    """transpose2d_nki_kernels.py __main__ / transpose2d_jax.py:
    np.transpose(a.reshape(P, X, Y), (0, 2, 1)).reshape(P, X*Y).  A copy with
    an access pattern: exact, tol 0."""
    a = x["in_tensor"]
    X, Y = s["shape2D"]
    P = a.shape[0]
    out = np.transpose(a.reshape(P, X, Y), (0, 2, 1)).reshape(P, X * Y)
    return [(out, np.zeros_like(out))]


def avgpool_ref(out_dt):
    """np_average_pool_2D (average_pool2d_nki_kernels.py), unchanged, on the
    float64 values.  The kernel sums k*k values in float32 (nl.sum) and
    divides by k*k (a power of two here: exact), then stores in the input's
    dtype: tol = gamma(k*k) * mean|x| + u(out_dt) * |ref|.  When the inputs
    are integers (the drivers' arange) every partial sum is an integer below
    2^24, exact in float32, and when every mean is representable in out_dt
    (checked: rnd(ref) == ref) the kernel's result is exact; the drivers
    require equality (`(out_nki == out_np).all()`), and so does this test
    then (tol 0)."""
    def ref(x, s, corpus):
        f = corpus_function(corpus, "head/average_pool2d/average_pool2d_nki_kernels.py", "np_average_pool_2D",
                            env={"np": np})
        k = int(s["pool_size"])
        a = x["in_tensor"]
        out = f(a, k)
        if np.all(a == np.round(a)) and np.max(np.abs(a)) * k * k < 2 ** 24 and np.all(rnd(out, out_dt) == out):
            return [(out, np.zeros_like(out))]    # integer sums exact in float32, means representable
        mag = f(np.abs(a), k)
        return [(out, gamma(k * k) * mag + UNIT[out_dt] * np.abs(out))]
    return ref


def mamba_ref(x, s, corpus):
    """mamba_layer (with associative_scan) from mamba_torch.py, unchanged, in
    float64 (its argument order is delta, A, B, u, C).  Error: deltaA =
    exp(delta*A) (a product and an exp: <= 3 u32 relative), deltaBu = delta*u*B
    (2 roundings), the scan h_t = deltaA_t h_{t-1} + deltaBu_t (2 roundings a
    step), so each term prod(deltaA) deltaBu_k of h_t carries at most
    5(t-k)+3 roundings; then * C (1) and the sum over the S states (S-1).
    tol = gamma(6T + S + 8) * M, M = mamba_layer on |delta|, A, |B|, |u|,
    |C| (A < 0, so deltaA is positive and M bounds every term's magnitude)."""
    t = torch()
    f = corpus_function(corpus, "head/fused_mamba/mamba_torch.py", "mamba_layer", ("associative_scan",),
                        env={"torch": t})
    d, u, A, B, C = (t64(x[n]) for n in ("delta", "u", "A", "B", "C"))
    out = f(d, A, B, u, C).numpy()
    mag = f(d.abs(), A, B.abs(), u.abs(), C.abs()).numpy()
    T, S = x["delta"].shape[2], x["A"].shape[1]
    return [(out, gamma(6 * T + S + 8) * mag)]


def rmsnorm_ref(x, s, corpus):
    """torch_rmsnorm_kernel from rmsnorm_torch.py, unchanged, in float64.
    The kernel squares (1 rounding), sums C terms (C-1), divides by C (1):
    mean within gamma(C+1); rsqrt halves that relative error and adds <= 2
    u32; two multiplies add 2 u32: tol = (gamma(C+1)/2 + 5 u32)(1 + 1e-6) |ref|."""
    t = torch()
    f = corpus_function(corpus, "sdk-2.21/rmsnorm/rmsnorm_torch.py", "torch_rmsnorm_kernel", env={"torch": t})
    a, g = x["a_tensor"], x["g_tensor"]
    out = f(t64(a), t64(g)).numpy()
    C = a.shape[1]
    return [(out, (gamma(C + 1) / 2 + 5 * U32) * (1 + 1e-6) * np.abs(out))]


def layernorm_ref(x, s, corpus):
    """layernorm_layer from layernorm_torch.py, unchanged, in float64.
    Per row (C values, mean m, variance v, r = (v+eps)^-1/2):
      mean:      em = gamma(C+1) mean|x|
      variance:  ev = 2 (gamma(C+2) mean(x^2) + 2|m| em + em^2 + 3 u32 (m^2 + mean(x^2)))
                 (v1 computes mean(x^2) - m^2; v2 bn_stats/bn_aggr; the 2
                 covers the chunked combination of bn_aggr)
      rsqrt:     er = (ev + u32 (v+eps)) / (2 (v+eps)) + 2 u32   (relative)
      output y = (x - m) r g + b:
      tol = |g| r (em + |x-m| (er + 4 u32)) (1 + er) + 2 u32 (|x-m| r |g| + |b|)"""
    t = torch()
    f = corpus_function(corpus, "sdk-2.21/layernorm/layernorm_torch.py", "layernorm_layer", env={"torch": t})
    a, g, b = x["input_tensor"], x["gamma_vector"], x["beta_vector"]
    eps = float(s["epsilon"])
    out = f(t64(a), eps, t64(g), t64(b)).numpy()
    C = a.shape[1]
    m = a.mean(axis=1, keepdims=True)
    v = a.var(axis=1, keepdims=True)
    msq = (a * a).mean(axis=1, keepdims=True)
    em = gamma(C + 1) * np.abs(a).mean(axis=1, keepdims=True)
    ev = 2 * (gamma(C + 2) * msq + 2 * np.abs(m) * em + em * em + 3 * U32 * (m * m + msq))
    er = (ev + U32 * (v + eps)) / (2 * (v + eps)) + 2 * U32
    r = 1 / np.sqrt(v + eps)
    xm = np.abs(a - m)
    tol = np.abs(g) * r * (em + xm * (er + 4 * U32)) * (1 + er) + 2 * U32 * (xm * r * np.abs(g) + np.abs(b))
    return [(out, tol)]


def softmax_pv_bound(S, E, V, p_round=None, out_round=None, sum_rounded=False):
    """The shared bound of the attention kernels: out = softmax(S) @ V where
    the kernel's scores differ from the exact S by at most E (elementwise).
      weights w = exp(S - rowmax): the kernel's w is within a relative
        r = exp(E + max_row E) - 1 + u32 (|S - rowmax| + 2) of w (scores, the
        max, the bias add, the exp);
      p_round (bfloat16): the kernel rounds w before P@V; the reference
        rounds the exact w (p = rnd(w)) and the kernel's value is within
        D = rnd_interval(w, r) of p; otherwise p = w, D = r w;
      numerator N = p @ V: float32 sum of n exact-or-rounded products,
        |dN| <= D @ |V| + gamma(n+1) (p + D) @ |V|;
      denominator: the kernel sums its w in float32, within
        s = (sum r w + gamma(n) sum(w + D)) / sum w; with sum_rounded (the
        kernel's activation reduce_res may sum the values before or after
        their rounding to the output dtype: NKI does not say) |p - w| + D
        replaces r w where larger;
      out = N * (1/sum): a reciprocal and a multiply, 2 u32;
      tol = (|dN| / sum w + |ref| (s + 2 u32)) (1 + 2 u32) / (1 - s)
            (+ u_bf16 (|ref| + tol) when the output is bfloat16).
    Returns (ref, tol); ref = (p @ V) / sum(w)."""
    n = S.shape[1]
    m = S.max(axis=1, keepdims=True)
    w = np.exp(S - m)
    Emax = E.max(axis=1, keepdims=True)
    r = np.expm1(E + Emax) + U32 * (np.abs(S - m) + 2)
    if p_round:
        p = rnd(w, p_round)
        D = rnd_interval(w, r, p_round)
    else:
        p, D = w, r * w
    sw = w.sum(axis=1, keepdims=True)
    out = (p @ V) / sw
    dN = D @ np.abs(V) + gamma(n + 1) * ((p + D) @ np.abs(V))
    dw = np.maximum(r * w, np.abs(p - w) + D) if sum_rounded else r * w
    sig = (dw.sum(axis=1, keepdims=True) + gamma(n) * (w + D).sum(axis=1, keepdims=True)) / sw
    tol = (dN / sw + np.abs(out) * (sig + 2 * U32)) * (1 + 2 * U32) / (1 - sig)
    if out_round:
        tol = tol + UNIT[out_round] * (np.abs(out) + tol)
    return out, tol


def attn_fwd_ref(mode):
    """numpy_attention (test_attention.py) for q, k, v [d_head, seqlen]:
    softmax(q.T @ k) @ v.T.  Scores: a float32 dot product of d terms,
    E = gamma(d) |q|.T @ |k|; then softmax_pv_bound.  v1-v6 compute in
    float32: the reference is numpy_attention itself, unchanged, in float64.
    v7-v11 (bf16=True) round exp_row and v to bfloat16 before P@V
    (attention_kernels.py: exp_row dtype=nl.bfloat16, v_sbuf_t
    dtype=nl.bfloat16), and v8a-v11 store a bfloat16 output: the reference
    is numpy_attention's formula with those roundings at the same points
    (v rounded, p = rnd(exp(s - max))), and numpy_attention itself is also
    checked, within test_attention.py's own np.allclose(atol=1e-2)."""
    def ref(x, s, corpus):
        q, k, v = x["q"], x["k"], x["v"]
        f = corpus_function(corpus, "head/attention_fwd_performance/test_attention.py", "numpy_attention",
                            env={"np": np})
        corpus_out = f(q, k, v)
        S = q.T @ k
        E = gamma(q.shape[0]) * (np.abs(q).T @ np.abs(k))
        if not mode:
            out, tol = softmax_pv_bound(S, E, v.T)
            assert np.allclose(out, corpus_out, rtol=1e-12, atol=1e-15)
            return [(corpus_out, tol)]
        out, tol = softmax_pv_bound(S, E, rnd(v, "bfloat16").T, p_round="bfloat16", sum_rounded=True,
                                    out_round="bfloat16" if mode == "bf16_out" else None)
        return [(out, tol), (corpus_out, np.full_like(corpus_out, 1e-2))]
    return ref


def sd_attn_ref(mixed, causal):
    """cpu_golden_attn (sd_attention_torch.py, nested in __main__):
    softmax((q * 0.125) @ k.T) @ v for q, k, v [seqlen, d_head].  Unchanged,
    in float64, when no mask and no mixed precision.  With use_causal_mask the
    kernel's affine_select sets scores above the diagonal (j > i) to -9984.0:
    the reference applies the same mask to raw_score (written here, the
    corpus function has no mask).  With mixed_precision (the default) the
    kernel loads q, k, v as bfloat16 (nl.load(..., dtype=pe_in_dt)), scales
    q by 0.125 (exact) and rounds the exp values to bfloat16 (softmax_res)
    before P@V, summing the float32 exp values: the reference rounds at the
    same points.  Scores: E = gamma(d) (|q| 0.125) @ |k|.T; then
    softmax_pv_bound."""
    def ref(x, s, corpus):
        q, k, v = x["q_ref"], x["k_ref"], x["v_ref"]
        if mixed:
            q, k, v = (rnd(a, "bfloat16") for a in (q, k, v))
        qs = q * 0.125
        S = qs @ k.T
        E = gamma(q.shape[1]) * (np.abs(qs) @ np.abs(k).T)
        if causal:
            S = np.where(np.tri(S.shape[0], dtype=bool), S, -9984.0)
        out, tol = softmax_pv_bound(S, E, v, p_round="bfloat16" if mixed else None)
        if not mixed and not causal:
            t = torch()
            f = corpus_function(corpus, "sdk-2.21/sd_attention/sd_attention_torch.py", "cpu_golden_attn",
                                env={"torch": t})
            golden = f(t64(q), t64(k), t64(v)).numpy()
            assert np.allclose(out, golden, rtol=1e-12, atol=1e-15)
            out = golden
        return [(out, tol)]
    return ref


# ---- MX: packed fp8/fp4 data and block scales (head/mxfp-matmul) ----------------------
#
# mx_cpu_utils.py needs ml_dtypes (not in Debian) for its fp8/fp4 casts;
# tests/pylib/mx_formats.py writes the formats out from their definitions.

def mx_elements(rng, fmt, shape):
    """mx_cpu_utils.generate_stabilized_mx_data's quantized values: uniform in
    +-max, one element of each 8x4 block set to +-(1 + U[0,0.5)) 2^emax, all
    rounded to fmt."""
    _, _, _, emax, vmax = MXF[fmt]
    x = (rng.random(shape) * 2 - 1) * vmax
    P, F = shape
    bi = rng.integers(0, 7, size=(P // 8, F // 4))      # np.random.randint(0, 8 - 1): 0..6
    bj = rng.integers(0, 3, size=(P // 8, F // 4))      # 0..2
    sign = rng.choice([-1.0, 1.0], size=(P // 8, F // 4))
    mant = 1.0 + rng.random((P // 8, F // 4)) * 0.5
    rows = np.arange(P // 8)[:, None] * 8 + bi
    cols = np.arange(F // 4)[None, :] * 4 + bj
    x[rows, cols] = sign * mant * 2.0 ** emax
    return mx_round(x, fmt)


def mx_scale_bounds(fmt, val_range=1.0):
    """generate_stabilized_mx_data's scale range for val_range 1.0."""
    ub = min(255, int(np.log2(val_range / MXF[fmt][4]) + 127))
    return max(0, ub - 10), ub


def mx_words_gen(fmt):
    """Packed stabilized MX data: the file holds the words (uint32 for fp8,
    uint8 for fp4); shape is the file's."""
    def g(rng, shape):
        P, W = shape
        per = 2 if fmt == "float4_e2m1fn" else 4
        return mx_pack(mx_encode(mx_elements(rng, fmt, (P, W * per)), fmt), fmt)
    return gen("stabilized MX %s words" % fmt, "uint8" if fmt == "float4_e2m1fn" else "uint32", g)


def mx_scales_gen(fmt):
    lo, hi = mx_scale_bounds(fmt)
    return gen("scales U{%d..%d}" % (lo, hi), "uint8",
               lambda rng, shape: rng.integers(lo, hi + 1, size=shape).astype(np.uint8))


def mx_fp_gen(fmt):
    """generate_stabilized_mx_data's fp_data: the quantized values times
    random scales 2^(s-127), float32 (exact; and exact in bfloat16)."""
    def g(rng, shape):
        v = mx_elements(rng, fmt, shape)
        lo, hi = mx_scale_bounds(fmt)
        s = rng.integers(lo, hi + 1, size=(shape[0] // 8, shape[1] // 4))
        return (v * np.repeat(np.repeat(2.0 ** (s - 127), 8, axis=0), 4, axis=1)).astype(np.float32)
    return gen("stabilized MX %s values" % fmt, "float32", g)


def mx_matmul(st, mv):
    """einsum("kiq,kjq->ij") of nc_matmul_mx_golden in float64, and its
    tolerance: the products are exact in float32 (fp8/fp4 significands
    times powers of two), their float32 sum over 4K terms errs by at most
    gamma(4K) S (S = the same sum of |products|), and the bf16 PSUM tile
    and output round once: u_bf16 |ref| + (1 + u_bf16) gamma(4K) S."""
    out = np.einsum("kiq,kjq->ij", st, mv)
    S = np.einsum("kiq,kjq->ij", np.abs(st), np.abs(mv))
    n = st.shape[0] * 4
    return out, UBF * np.abs(out) + (1 + UBF) * gamma(n) * S


MX_RULE = {None: "double", "mx-ocp.yaml": "ocp"}


def mx_offline_ref(x, s, corpus):
    """run_offline_quantized_matmul_mx_test: nc_matmul_mx_golden(st, mv, st_scale, mv_scale)."""
    fmt = mx_fmt(s["mx_dtype"])
    st = mx_dequant(x["stationary_mx_data"], x["stationary_mx_scale"], fmt)
    mv = mx_dequant(x["moving_mx_data"], x["moving_mx_scale"], fmt)
    return [mx_matmul(st, mv)]


def mx_on_device_ref(profile):
    """run_on_device_quantize_matmul_mx_test: quantize_mx_golden(moving), then
    nc_matmul_mx_golden."""
    def ref(x, s, corpus):
        sf, mf = mx_fmt(s["stationary_mx_dtype"]), mx_fmt(s["moving_mx_dtype"])
        st = mx_dequant(x["stationary_mx_data"], x["stationary_mx_scale"], sf)
        mv, _, _ = mx_quantize(x["moving_data_bf16"], mf, MX_RULE[profile])
        return [mx_matmul(st, mv)]
    return ref


def mx_strided_ref(x, s, corpus):
    """run_copy_strided_test: the kernel lays each [4P, F] input out as
    [P, F*4], element (p, 4f + t) = row t*P + p (copy_data_strided), then
    quantizes both and multiplies; the reference does the same on the
    values.  The driver's own golden, st_data.T @ mv_data with
    np.allclose(rtol=5e-2, atol=5e-2), is checked too."""
    fmt = mx_fmt(s["mx_dtype"])

    def strided(a):
        P = a.shape[0] // 4
        return a.reshape(4, P, -1).transpose(1, 2, 0).reshape(P, -1)

    st, _, _ = mx_quantize(strided(x["stationary_hbm"]), fmt, "double")
    mv, _, _ = mx_quantize(strided(x["moving_hbm"]), fmt, "double")
    golden = x["stationary_hbm"].T @ x["moving_hbm"]
    return [mx_matmul(st, mv), (golden, 5e-2 + 5e-2 * np.abs(golden))]


MX = "head/mxfp-matmul/mx_kernels.py"
MX_SRC = "head/mxfp-matmul/mx_toplevel.py: %s (mx_cpu_utils.py %s, re-implemented: it needs ml_dtypes)"
MX_TOL = "u_bf16·\\|ref\\| + (1+u_bf16)·γ(4K)·S, S = Σ\\|products\\| (exact scaled products, fp32 sum of 4K terms, bf16 PSUM)"


def mx_cases():
    out = []
    for fmt in ("float8_e5m2", "float4_e2m1fn", "float8_e4m3fn"):
        per = 2 if fmt == "float4_e2m1fn" else 1
        out.append(Case(
            "head/mx/offline/%s" % fmt, MX, "kernel_offline_quantized_mx_matmul",
            [In("stationary_mx_data", (128, 128 * per), mx_words_gen(fmt)),
             In("stationary_mx_scale", (16, 128), mx_scales_gen(fmt)),
             In("moving_mx_data", (128, 512 * per), mx_words_gen(fmt)),
             In("moving_mx_scale", (16, 512), mx_scales_gen(fmt))],
            mx_offline_ref, MX_SRC % ("run_offline_quantized_matmul_mx_test", "nc_matmul_mx_golden"), MX_TOL,
            scalars={"mx_dtype": "nl.%s_x4" % fmt}, target="trn3",
            note="driver shapes (M, K, N = 128, 128, 512)" + ("; the driver runs fp8 e5m2 and fp4, not e4m3fn"
                                                              if fmt == "float8_e4m3fn" else "")))
    for sf, mf, prof in (("float4_e2m1fn", "float8_e5m2", None), ("float8_e5m2", "float8_e5m2", None),
                         ("float8_e5m2", "float8_e5m2", "mx-ocp.yaml")):
        per = 2 if sf == "float4_e2m1fn" else 1
        out.append(Case(
            "head/mx/on_device/%s_%s%s" % (sf, mf, "_ocp" if prof else ""), MX, "kernel_on_device_quantize_matmul_mx",
            [In("stationary_mx_data", (128, 128 * per), mx_words_gen(sf)),
             In("stationary_mx_scale", (16, 128), mx_scales_gen(sf)),
             In("moving_data_bf16", (128, 2048), mx_fp_gen(mf), "bfloat16")],
            mx_on_device_ref(prof),
            MX_SRC % ("run_on_device_quantize_matmul_mx_test", "quantize_mx_golden + nc_matmul_mx_golden"),
            MX_TOL + ("; quantize_mx with the OCP block scale (quantize_mx_golden's)" if prof else
                      "; quantize_mx with NKI's block scale (2x the OCP one)"),
            scalars={"stationary_mx_dtype": "nl.%s_x4" % sf, "moving_mx_dtype": "nl.%s_x4" % mf},
            target="trn3", profile=prof, note="driver shapes"))
    for tc in (True, False):
        out.append(Case(
            "head/mx/copy_strided/%s" % ("tensor_copy" if tc else "dma"), MX, "kernel_copy_strided_quantize_matmul_mx",
            [In("stationary_hbm", (512, 128), mx_fp_gen("float8_e5m2"), "bfloat16"),
             In("moving_hbm", (512, 512), mx_fp_gen("float8_e5m2"), "bfloat16")],
            mx_strided_ref, MX_SRC % ("run_copy_strided_test", "golden = st_data.T @ mv_data"),
            MX_TOL + "; and the driver's np.allclose(rtol=atol=5e-2) of st.T @ mv",
            scalars={"mx_dtype": "nl.float8_e5m2_x4", "use_tensor_copy": str(tc)}, target="trn3",
            note="driver shapes (K, M, N = 512, 128, 512)"))
    return out


# ---- the cases ----------------------------------------------------------------------------

G2MM = "head/matrix_multiplication/matrix_multiplication_nki_kernels.py"
G1MM = "legacy-b2be1a5/matrix_multiplication/matrix_multiplication_nki_kernels.py"
MM_SRC = "head/matrix_multiplication/matrix_multiplication_torch.py: torch.matmul(lhs, rhs), as lhsT.T @ rhs in float64"
ATT = "head/attention_fwd_performance/attention_kernels.py"
ATT_SRC = "head/attention_fwd_performance/test_attention.py: numpy_attention"
SD = "sdk-2.21/sd_attention/sd_attention_nki_kernels.py"
SD_SRC = "sdk-2.21/sd_attention/sd_attention_torch.py: cpu_golden_attn"


def mm_cases(tag, file):
    note_big = "driver: lhs 4096x1024, rhs 1024x2048; smaller here (run time)"
    out = [Case("%s/nki_matmul_basic_" % tag, file, "nki_matmul_basic_",
                [In("lhsT", (128, 64), rand32, "bfloat16"), In("rhs", (128, 512), rand32, "bfloat16")],
                matmul_ref(), MM_SRC, MM_TOL, note="driver shapes (lhs_small 64x128, rhs_small 128x512)")]
    for k in ("nki_matmul_tiled_", "nki_matmul_hoist_load_", "nki_matmul_block_free_dimension_"):
        out.append(Case("%s/%s" % (tag, k), file, k,
                        [In("lhsT", (512, 256), rand32, "bfloat16"), In("rhs", (512, 1024), rand32, "bfloat16")],
                        matmul_ref(), MM_SRC, MM_TOL, note=note_big))
    out.append(Case("%s/nki_matmul_fully_optimized_" % tag, file, "nki_matmul_fully_optimized_",
                    [In("lhsT", (512, 256), rand32, "bfloat16"), In("rhs", (512, 1024), rand32, "bfloat16")],
                    matmul_ref(bk_blocks=True), MM_SRC, MM_TOL_FO,
                    scalars={"TILES_IN_BLOCK_M": "2", "TILES_IN_BLOCK_N": "1", "TILES_IN_BLOCK_K": "2"},
                    note=note_big + "; blocks 2x1x2 tiles (defaults 16x2x8 need M%2048, K%1024), so NBK = 2"))
    return out


ATT_TOL32 = "softmax_pv_bound with E = γ(d)·\\|q\\|ᵀ\\|k\\| (fp32 scores, fp32 softmax and P@V)"
ATT_TOLBF = ("softmax_pv_bound with E = γ(d)·\\|q\\|ᵀ\\|k\\|, p and v rounded to bf16 as the kernel does"
             " (rounding intervals){}; and ≤ 1e-2 from numpy_attention itself (test_attention.py's atol)")

CASES = mm_cases("head/matmul", G2MM) + mm_cases("legacy/matmul", G1MM) + [
    Case("head/tensor_add", "head/tensor_addition/tensor_addition_nki_kernels.py", "nki_tensor_add_kernel_",
         [In("a_input", (256, 1024), rand32, "bfloat16"), In("b_input", (256, 1024), rand32, "bfloat16")],
         add_ref("bfloat16"), "head/tensor_addition/tensor_addition_torch.py: output_torch = a + b",
         "(u_bf16 + 2u32)·\\|a+b\\| (fp32 add, one bf16 rounding)", grid=(2, 2),
         note="driver shapes and dtype; grid 2x2 as nki_tensor_add computes it"),
    Case("head/spmd_tensor_add", "head/tensor_addition/spmd_tensor_addition_nki_kernels.py",
         "nki_tensor_add_kernel_", [In("a_input", (256, 1024), rand16), In("b_input", (256, 1024), rand16)],
         add_ref("float16"), "head/tensor_addition/spmd_tensor_addition_nki_kernels.py __main__: output_np = a + b",
         "(u_f16 + 2u32)·\\|a+b\\| (fp32 add, one fp16 rounding)", grid=(2, 2),
         note="the file's NumPy driver: float16 .npy inputs, grid 2x2"),
    Case("head/spmd_multiple_nc_tensor_add", "head/tensor_addition/spmd_tensor_addition_nki_kernels.py",
         "nki_tensor_add_kernel_", [In("a_input", (512, 2048), rand32, "bfloat16"), In("b_input", (512, 2048), rand32, "bfloat16")],
         add_ref("bfloat16"),
         "head/tensor_addition/spmd_multiple_nc_tensor_addition_torch.py: output_torch = a + b",
         "(u_bf16 + 2u32)·\\|a+b\\|", grid=(4, 4),
         note="nki_tensor_add_nc2 launches [nl.spmd_dim(2, nl.nc(2)), 4]: 4x4 programs of 128x512; "
              "kcv run has no NeuronCore split, so the same 16 programs run as --grid 4,4"),
    Case("head/transpose2d/int8", "head/transpose2d/transpose2d_nki_kernels.py", "tensor_transpose2D_kernel_",
         [In("in_tensor", (5, 12), arange(np.int8))], transpose_ref,
         "head/transpose2d/transpose2d_nki_kernels.py __main__ (np.transpose(a.reshape(P,X,Y),(0,2,1)))",
         "0 (a copy)", scalars={"shape2D": "(3, 4)"}, note="the NumPy/torch drivers: int8 arange, P,X,Y = 5,3,4"),
    Case("head/transpose2d/float32", "head/transpose2d/transpose2d_nki_kernels.py", "tensor_transpose2D_kernel_",
         [In("in_tensor", (5, 37 * 44), rand32)], transpose_ref,
         "head/transpose2d/transpose2d_jax.py (jnp.transpose(a.reshape(P,X,Y),(0,2,1)))",
         "0 (a copy)", scalars={"shape2D": "(37, 44)"}, note="the JAX driver: uniform float32, P,X,Y = 5,37,44"),
    Case("head/avgpool2d/float16", "head/average_pool2d/average_pool2d_nki_kernels.py", "tensor_avgpool_kernel",
         [In("in_tensor", (2, 6, 6), arange(np.float16))], avgpool_ref("float16"),
         "head/average_pool2d/average_pool2d_nki_kernels.py: np_average_pool_2D",
         "0: integer inputs, every sum and mean exact (the driver asserts equality)", scalars={"pool_size": "2"},
         note="the NumPy driver: float16 arange, C,H,W = 2,6,6, pool 2"),
    Case("head/avgpool2d/bfloat16", "head/average_pool2d/average_pool2d_nki_kernels.py", "tensor_avgpool_kernel",
         [In("in_tensor", (2, 6, 6), arange(np.float32), "bfloat16")], avgpool_ref("bfloat16"),
         "head/average_pool2d/average_pool2d_nki_kernels.py: np_average_pool_2D "
         "(average_pool2d_torch.py uses avg_pool2d: the same means)",
         "0: integer inputs, every sum and mean exact", scalars={"pool_size": "2"},
         note="the torch driver: bfloat16 arange, 2x6x6, pool 2"),
    Case("head/avgpool2d/random", "head/average_pool2d/average_pool2d_nki_kernels.py", "tensor_avgpool_kernel",
         [In("in_tensor", (128, 32, 32), rand32)], avgpool_ref("float32"),
         "head/average_pool2d/average_pool2d_nki_kernels.py: np_average_pool_2D",
         "γ(k²)·mean\\|x\\| + u32·\\|ref\\| (fp32 sum of k² terms, exact /k²)", scalars={"pool_size": "4"},
         note="not a driver shape: 128 partitions of random data, pool 4"),
] + [
    Case("head/mamba/%s" % vn, "head/fused_mamba/mamba_nki_kernels.py", vn,
         [In("delta", (1, 256, 512), scaled(0.0, 0.5)), In("u", (1, 256, 512), sym32),
          In("A", (256, 16), scaled(-1.5, -0.5)), In("B", (1, 16, 512), sym32), In("C", (1, 16, 512), sym32)],
         mamba_ref, "head/fused_mamba/mamba_torch.py: mamba_layer (+ associative_scan)",
         "γ(6T+S+8)·M, M = mamba_layer(\\|δ\\|, A, \\|B\\|, \\|u\\|, \\|C\\|) (≤ 5 roundings per scan step)",
         note="driver shapes (batch 1, channels 256, seq_len 512, state 16); random inputs, A < 0 as the "
              "driver asks (its all-ones inputs make every channel equal)")
    for vn in ("mamba_v1", "mamba_v2", "mamba_v3")
] + [
    Case("sdk/rmsnorm", "sdk-2.21/rmsnorm/rmsnorm_nki_kernels.py", "nki_rmsnorm_kernel",
         [In("a_tensor", (250, 512), rand32), In("g_tensor", (512,), rand32)], rmsnorm_ref,
         "sdk-2.21/rmsnorm/rmsnorm_torch.py: torch_rmsnorm_kernel", "(γ(C+1)/2 + 5u32)·\\|ref\\|",
         note="driver shapes (250 rows: a masked last tile)"),
] + [
    Case("sdk/layernorm/%s" % vn, "sdk-2.21/layernorm/layernorm_nki_kernel.py", vn,
         [In("input_tensor", (300, 1000), rand32), In("gamma_vector", (1000,), rand32),
          In("beta_vector", (1000,), rand32)], layernorm_ref,
         "sdk-2.21/layernorm/layernorm_torch.py: layernorm_layer",
         "per row: mean γ(C+1)·mean\\|x\\|, variance and rsqrt bounds, see layernorm_ref",
         scalars={"epsilon": "1e-05"},
         note="driver: 4096x8192; 300x1000 here (masked last row tile, a partial bn_stats chunk)")
    for vn in ("nki_layernorm_kernel_v1", "nki_layernorm_kernel_v2")
] + [
    Case("sdk/sd_attention/%s" % tag, SD, "fused_self_attn_for_SD_small_head_size",
         [In("q_ref", (512, 64), rand32), In("k_ref", (512, 64), rand32), In("v_ref", (512, 64), rand32)],
         sd_attn_ref(mixed, causal), SD_SRC + (" + the kernel's causal mask (-9984.0 above the diagonal)"
                                               if causal else ""),
         "softmax_pv_bound, E = γ(d)·(0.125\\|q\\|)\\|k\\|ᵀ" + (", q k v and p rounded to bf16 as the kernel does"
                                                              if mixed else " (all fp32)"),
         scalars=dict({"use_causal_mask": str(causal)}, **({} if mixed else {"mixed_precision": "False"})),
         note="driver: 4096x64 (torch.rand); 512x64 here" + ("; mixed_precision=True is the default" if mixed else ""))
    for tag, mixed, causal in (("fp32", False, False), ("fp32_causal", False, True), ("mixed", True, False))
] + [
    Case("head/attention/%s" % vn, ATT, vn,
         [In(n, (128, 128 if vn in ("attn_fwd_v1", "attn_fwd_v2") else 512), sym32) for n in ("q", "k", "v")],
         attn_fwd_ref(bf), ATT_SRC, ATT_TOL32 if not bf else ATT_TOLBF.format(
             ", bf16 output" if bf == "bf16_out" else ""),
         note="test_attention.py shapes for v1/v2 (d_head 128, seqlen 128)" if vn in ("attn_fwd_v1", "attn_fwd_v2")
         else "test_attention.py: seqlen 4096; 512 here (run time)")
    for vn, bf in (("attn_fwd_v1", None), ("attn_fwd_v2", None), ("attn_fwd_v3", None), ("attn_fwd_v4", None),
                   ("attn_fwd_v5", None), ("attn_fwd_v6", None), ("attn_fwd_v7", "bf16"),
                   ("attn_fwd_v8", "bf16"), ("attn_fwd_v8a", "bf16_out"), ("attn_fwd_v9", "bf16_out"),
                   ("attn_fwd_v10", "bf16_out"), ("attn_fwd_v11", "bf16_out"))
] + mx_cases()

# Kernels of the reference folders that do not run here: the reason, and the
# `kcv run` arguments with which --coverage --kcv shows the reason still holds.
EXCLUDED = {}

# The folders whose kernels have a reference beside them (corpus README).
REF_FOLDERS = ["head/matrix_multiplication", "head/tensor_addition", "head/transpose2d", "head/average_pool2d",
               "head/fused_mamba", "head/attention_fwd_performance", "head/mxfp-matmul", "sdk-2.21/layernorm",
               "sdk-2.21/rmsnorm", "sdk-2.21/sd_attention", "legacy-b2be1a5/matrix_multiplication"]


# ---- running ----------------------------------------------------------------------------

def run_case(case, kcv, corpus, tmp, verbose=False):
    """Returns (ok, message)."""
    rng = np.random.default_rng(zlib.crc32(case.id.encode()))
    cmd = [kcv, "run", "%s:%s" % (os.path.join(corpus, case.file), case.kernel)]
    held = {}
    for inp in case.inputs:
        arr = inp.gen(rng, inp.shape)
        path = os.path.join(tmp, inp.name + ".npy")
        np.save(path, arr)
        cmd += ["--input", "%s=%s" % (inp.name, path)]
        v = arr.astype(np.float64)
        if inp.dtype:
            cmd += ["--dtype", "%s=%s" % (inp.name, inp.dtype)]
            v = rnd(v, inp.dtype)
        held[inp.name] = v
    scal = {}
    for k, e in case.scalars.items():
        cmd += ["--scalar", "%s=%s" % (k, e)]
        try:
            scal[k] = ast.literal_eval(e)
        except ValueError:
            scal[k] = e          # a name such as nl.float8_e5m2_x4
    if case.grid:
        cmd += ["--grid", ",".join(map(str, case.grid))]
    if case.target:
        cmd += ["--target", case.target]
    if case.profile:
        cmd += ["--profile", os.path.join(HERE, "..", "..", "profiles", case.profile)]
    outdir = os.path.join(tmp, "out")
    cmd += ["--output", outdir]
    t0 = time.perf_counter()
    # reclaim the memory of unreferenced tiles at every chance (not only
    # after 8 MiB): a tile reclaimed too early stops the run (exit 4) or
    # shows in the numbers, in every corpus kernel
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=900,
                       env=dict(os.environ, KCV_RECLAIM_EVERY="0"))
    wall = time.perf_counter() - t0
    err = p.stderr.decode("utf-8", "replace")
    if verbose:
        print("$ " + " ".join(cmd))
    if p.returncode != 0:
        return False, "kcv run exited %d after %.1f s:\n%s" % (p.returncode, wall, err.strip())
    refs = case.ref(held, scal, corpus)
    out_path = os.path.join(outdir, "out0.npy")
    if not os.path.exists(out_path):
        return False, "kcv run wrote no %s" % out_path
    out = np.load(out_path).astype(np.float64)
    msgs, ok = [], True
    for i, (ref, tol) in enumerate(refs):
        what = "reference" if i == 0 else "corpus reference %d" % i
        if out.shape != ref.shape:
            return False, "output shape %s, reference %s" % (out.shape, ref.shape)
        diff = np.abs(out - ref)
        bad = ~(diff <= tol)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(tol > 0, diff / tol, np.where(diff > 0, np.inf, 0.0))
        worst = np.unravel_index(int(np.nanargmax(np.where(np.isnan(ratio), np.inf, ratio))), ratio.shape)
        line = "%s: max |err| %.3g (max |ref| %.3g), worst err/tol %.3g at %s (out %.9g, ref %.9g, tol %.3g)" % (
            what, np.max(diff), np.max(np.abs(ref)), ratio[worst], tuple(int(j) for j in worst), out[worst],
            ref[worst], tol[worst])
        if bad.any():
            ok = False
            line = "%d of %d elements out of tolerance; " % (int(bad.sum()), bad.size) + line
        msgs.append(line)
    return ok, "%.1f s; " % wall + "; ".join(msgs)


def corpus_kernels(corpus):
    """FILE:NAME of every kernel (a function decorated @nki.jit,
    @nki.baremetal, ... or the neuronxcc.nki ones) of REF_FOLDERS."""
    def dotted(d):
        d = d.func if isinstance(d, ast.Call) else d
        parts = []
        while isinstance(d, ast.Attribute):
            parts.append(d.attr)
            d = d.value
        if isinstance(d, ast.Name):
            parts.append(d.id)
        return ".".join(reversed(parts))

    kinds = {p + "." + k for p in ("nki", "neuronxcc.nki") for k in ("jit", "baremetal", "benchmark", "profile")}
    out = []
    for folder in REF_FOLDERS:
        d = os.path.join(corpus, folder)
        for f in sorted(os.listdir(d)):
            if f.endswith(".py"):
                with open(os.path.join(d, f), encoding="utf-8") as fh:
                    tree = ast.parse(fh.read())
                for node in tree.body:
                    if isinstance(node, ast.FunctionDef) and any(dotted(x) in kinds for x in node.decorator_list):
                        out.append("%s/%s:%s" % (folder, f, node.name))
    return out


def table():
    rows = ["| case | kernel | inputs (shape, dtype, values) | reference | tolerance | shapes |",
            "|---|---|---|---|---|---|"]
    for c in CASES:
        extra = []
        if c.scalars:
            extra.append(", ".join("%s=%s" % kv for kv in c.scalars.items()))
        if c.grid:
            extra.append("grid %s" % ",".join(map(str, c.grid)))
        if c.profile:
            extra.append("--profile profiles/%s" % c.profile)
        ins = "; ".join(i.text() for i in c.inputs) + ("; " + "; ".join(extra) if extra else "")
        rows.append("| %s | `%s:%s` | %s | %s | %s | %s |" % (c.id, c.file, c.kernel, ins, c.ref_src, c.tol_text,
                                                          c.note))
    if EXCLUDED:
        rows += ["", "| kernel | why it does not run |", "|---|---|"]
    for k, (why, _) in EXCLUDED.items():
        rows.append("| `%s` | %s |" % (k, why))
    return "\n".join(rows) + "\n"


def excluded_status(kcv, corpus, key, args, tmp):
    """Runs an excluded kernel; returns a line saying whether the reason holds."""
    f, name = key.split(":")
    outdir = os.path.join(tmp, "x")
    cmd = [kcv, "run", "%s:%s" % (os.path.join(corpus, f), name)] + args.split() + ["--output", outdir]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    if p.returncode == 3 and b"its numerics are not modelled" in p.stderr:
        return "still not computed (exit 3: %s)" % p.stdout.decode("utf-8", "replace").strip()[:200]
    if p.returncode != 0:
        return "NOTE: kcv run exits %d: %s" % (p.returncode, p.stderr.decode("utf-8", "replace").strip().splitlines()[-1:])
    out = np.load(os.path.join(outdir, "out0.npy"))
    nan = int(np.isnan(out).sum())
    if nan == out.size:
        return "still no values (exit 0, all %d output elements NaN)" % out.size
    return "NOTE: now computes values (%d of %d NaN): make it a case" % (nan, out.size)


def coverage(corpus, readme, kcv=None):
    problems = []
    listed = {"%s:%s" % (c.file, c.kernel) for c in CASES}
    for k in corpus_kernels(corpus):
        if k not in listed and k not in EXCLUDED:
            problems.append("kernel %s has a reference but is neither a case nor in EXCLUDED" % k)
    for k in sorted(listed | set(EXCLUDED)):
        f, name = k.split(":")
        if not os.path.exists(os.path.join(corpus, f)):
            problems.append("%s: no such corpus file" % f)
    if kcv:
        with tempfile.TemporaryDirectory(prefix="kcv-run-corpus-") as tmp:
            for key, (_, args) in EXCLUDED.items():
                print("excluded %s: %s" % (key, excluded_status(kcv, corpus, key, args, tmp)))
    if readme:
        with open(readme, encoding="utf-8") as f:
            text = f.read()
        if table() not in text:
            problems.append("%s: the table is not current; regenerate it with `run_corpus.py --table`" % readme)
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kcv")
    ap.add_argument("--corpus", default=os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpus",
                                                                      "nki-samples")))
    ap.add_argument("--case", action="append", default=[])
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--table", action="store_true")
    ap.add_argument("--coverage", action="store_true")
    ap.add_argument("--readme")
    ap.add_argument("-v", "--verbose", action="store_true")
    opts = ap.parse_args()
    if opts.list:
        print("\n".join(c.id for c in CASES))
        return 0
    if opts.table:
        sys.stdout.write(table())
        return 0
    if opts.coverage:
        problems = coverage(opts.corpus, opts.readme, opts.kcv)
        for p in problems:
            print("FAIL " + p)
        n = len(corpus_kernels(opts.corpus))
        print("%d kernels in the reference folders: %d run as %d cases, %d excluded with a reason" % (
            n, len({(c.file, c.kernel) for c in CASES}), len(CASES), len(EXCLUDED)))
        return 1 if problems else 0
    ids = [c.id for c in CASES] if opts.all else opts.case
    byid = {c.id: c for c in CASES}
    unknown = [i for i in ids if i not in byid]
    if unknown or not ids or not opts.kcv:
        ap.error("need --kcv and --case ID (known: see --list) or --all; unknown: %s" % " ".join(unknown))
    failed = 0
    for cid in ids:
        with tempfile.TemporaryDirectory(prefix="kcv-run-corpus-") as tmp:
            try:
                ok, msg = run_case(byid[cid], opts.kcv, opts.corpus, tmp, opts.verbose)
            except subprocess.TimeoutExpired:
                ok, msg = False, "kcv run timed out"
        print("%s %s: %s" % ("PASS" if ok else "FAIL", cid, msg), flush=True)
        failed += not ok
    if len(ids) > 1:
        print("%d passed, %d failed" % (len(ids) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
