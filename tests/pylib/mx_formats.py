"""tests/pylib/mx_formats.py - the MX formats in NumPy, for the tests'
references: OCP FP8 (E5M2, E4M3FN) and FP4 (E2M1) codes <-> values from
their bit layouts (OCP OFP8 v1.0, OCP MX v1.0), rounding to nearest even,
the packing of mx_cpu_utils.pack_mx_data_into_x4 (NKI samples: fp8 codes 4
to a little-endian uint32, fp4 codes 2 to a uint8, low nibble first), and
quantize_mx.  The samples' own mx_cpu_utils.py needs ml_dtypes, which
Debian does not package; everything here is written independently of kcv.
"""
import numpy as np

# name: (exponent bits, mantissa bits, kind, emax, largest finite value)
MXF = {"float8_e5m2": (5, 2, "ieee", 15, 57344.0), "float8_e4m3fn": (4, 3, "fn", 8, 448.0),
       "float4_e2m1fn": (2, 1, "sat", 2, 6.0)}


def mx_fmt(x4name):
    """'nl.float8_e5m2_x4' -> 'float8_e5m2'."""
    return x4name.split(".")[-1][:-len("_x4")]


def mx_decode(codes, fmt):
    """Code -> value, from the bit layout."""
    eb, mb, kind, _, _ = MXF[fmt]
    c = np.asarray(codes, dtype=np.int64)
    bias = (1 << (eb - 1)) - 1
    s, e, m = (c >> (eb + mb)) & 1, (c >> mb) & ((1 << eb) - 1), c & ((1 << mb) - 1)
    v = np.where(e == 0, np.ldexp(m.astype(np.float64), 1 - bias - mb),
                 np.ldexp((m | (1 << mb)).astype(np.float64), (e - bias - mb).astype(np.int32)))
    if kind == "ieee":
        v = np.where(e == (1 << eb) - 1, np.where(m == 0, np.inf, np.nan), v)
    elif kind == "fn":
        v = np.where((e == (1 << eb) - 1) & (m == (1 << mb) - 1), np.nan, v)
    return np.where(s == 1, -v, v)


def mx_round(x, fmt):
    """x rounded to nearest even in fmt (|x| within its range)."""
    eb, mb, _, _, _ = MXF[fmt]
    bias = (1 << (eb - 1)) - 1
    _, e = np.frexp(x)
    e = np.maximum(e, 2 - bias)            # frexp exponent of the smallest normal
    return np.ldexp(np.round(np.ldexp(x, mb + 1 - e)), e - mb - 1)


def mx_encode(v, fmt):
    """Value (exactly representable, finite) -> code."""
    eb, mb, _, _, _ = MXF[fmt]
    bias = (1 << (eb - 1)) - 1
    a = np.abs(v)
    _, e = np.frexp(a)
    E = e - 1
    sub = (a == 0) | (E < 1 - bias)
    m_sub = np.ldexp(a, bias - 1 + mb)
    m_nrm = np.ldexp(a, mb - E) - (1 << mb)
    code = np.where(sub, m_sub, ((E + bias) << mb) + m_nrm).astype(np.int64)
    return code | (np.signbit(v).astype(np.int64) << (eb + mb))


def mx_pack(codes, fmt):
    """[P, F] codes -> the words mx_cpu_utils.pack_mx_data_into_x4 makes."""
    c = np.asarray(codes, dtype=np.uint32)
    if fmt == "float4_e2m1fn":
        return (c[:, 0::2] | (c[:, 1::2] << 4)).astype(np.uint8)
    return (c[:, 0::4] | (c[:, 1::4] << 8) | (c[:, 2::4] << 16) | (c[:, 3::4] << 24)).astype(np.uint32)


def mx_unpack(words, fmt):
    """Words (uint32 / uint8 array, as the .npy holds them) -> [P, F] codes."""
    w = np.asarray(words, dtype=np.int64)
    if fmt == "float4_e2m1fn":
        return np.stack([w & 0xF, (w >> 4) & 0xF], axis=-1).reshape(w.shape[0], -1)
    return np.stack([(w >> (8 * q)) & 0xFF for q in range(4)], axis=-1).reshape(w.shape[0], -1)


def mx_quantize(x, fmt, rule):
    """quantize_mx on values x [P, F] (mx_cpu_utils.quantize_mx_golden, with
    the block scale of `rule`: "double" E - emax + 1, NKI's instruction;
    "ocp" E - emax, quantize_mx_golden's; below 0 the scale is 0, where the
    golden's uint8 arithmetic wraps).  Returns the dequantized values
    [P, F/4, 4], the scale bytes [P/8, F/4] and the element codes [P, F]."""
    _, _, _, emax, vmax = MXF[fmt]
    P, F = x.shape
    exp = (np.asarray(x, dtype=np.float32).view(np.uint32) >> 23) & 0xFF
    E = exp.reshape(P // 8, 8, F // 4, 4).max(axis=(1, 3)).astype(np.int64)
    s = np.maximum(E - emax + (1 if rule == "double" else 0), 0)
    scale = np.repeat(np.repeat(2.0 ** (s - 127), 8, axis=0), 4, axis=1)
    q = mx_round(np.clip(x / scale, -vmax, vmax), fmt)
    return (q * scale).reshape(P, F // 4, 4), s, mx_encode(q, fmt)


def mx_dequant(words, scales, fmt):
    """Words [K, W] and contiguous scales [K/8, W] -> values [K, W, 4]
    (nc_matmul_mx_golden's unpack, reshape and scaling)."""
    v = mx_decode(mx_unpack(words, fmt), fmt)
    K = v.shape[0]
    v = v.reshape(K, -1, 4)
    return v * np.repeat(2.0 ** (np.asarray(scales, dtype=np.float64) - 127), 8, axis=0)[:, :v.shape[1], None]
