#!/usr/bin/python3
"""dtype_torch: kcv's dtype rounding (src/nki/dtype.c) bit for bit against PyTorch.

Run by CTest as `check_torch.py --tool PATH/dtype_round`.  Needs numpy and
PyTorch (Debian: python3-numpy, python3-torch); without them it fails, it
never skips.

Float32 inputs (both of kcv's paths: nki_dtype_round_f32, the vectorised
bulk one, and nki_dtype_round on the float's value), compared with
torch.Tensor.to(dtype):
  - bfloat16: all 65536 bf16 bit patterns as fp32, their fp32 neighbours,
    the midpoints between consecutive bf16 values and the fp32 values next
    to them;
  - float16: all 65536 fp16 patterns, their fp32 neighbours, the midpoints
    between consecutive fp16 values and the fp32 values next to them;
  - 2 million random fp32 bit patterns (NaNs, infs, subnormals included),
    plus random subnormals and values around the fp16 range;
  - also int8/uint8/int16/uint16/bool/float32 on the same values, against
    torch.round (ties to even) + clamp, NaN -> 0 (kcv's documented choice)
    and `x != 0`.
Float64 inputs near bf16/fp16 ties (a midpoint, and the midpoint moved by
less than half an fp32 ulp, so that double -> float -> bf16 lands on the
tie): torch's own float64 -> bfloat16/float16 conversion goes through
float32 and rounds twice, so the reference there is an exact rational
rounding written below; it is first checked equal to torch on every input
that float32 holds, and torch is shown to round twice on these inputs
(else the set would not test what it claims).  Results are compared bit for
bit; a NaN only needs to be a NaN.
"""
import argparse
import math
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import torch
except ImportError as e:  # CI installs both: a missing one is a failure, not a skip
    sys.exit(f"dtype_torch: FAIL: cannot import {e.name}: {e} "
             "(this test needs numpy and PyTorch: apt-get install python3-torch)")


def run_tool(tool, dtype, mode, x):
    with tempfile.TemporaryDirectory(prefix="kcv-dtype-") as d:
        src, dst = os.path.join(d, "in"), os.path.join(d, "out")
        x.astype(x.dtype.newbyteorder("<")).tofile(src)
        subprocess.run([tool, dtype, mode, src, dst], check=True)
        return np.fromfile(dst, dtype=x.dtype.newbyteorder("<")).astype(x.dtype)


failures = 0


def compare(what, x, got, want):
    """got, want: arrays of the same float dtype.  Bits equal, or both NaN."""
    global failures
    ubits = np.uint32 if got.dtype == np.float32 else np.uint64
    same = (got.view(ubits) == want.view(ubits)) | (np.isnan(got) & np.isnan(want))
    bad = np.flatnonzero(~same)
    if bad.size:
        failures += 1
        print(f"FAIL {what}: {bad.size} of {x.size} differ", file=sys.stderr)
        for i in bad[:8]:
            print(f"  x={x[i]!r} ({x.view(ubits)[i]:#x})  kcv={got[i]!r} ({got.view(ubits)[i]:#x})"
                  f"  want={want[i]!r} ({want.view(ubits)[i]:#x})", file=sys.stderr)
    else:
        print(f"ok   {what}: {x.size} values")


def f32(bits):
    return np.asarray(bits, dtype=np.uint32).view(np.float32)


def neighbours_f32(v):
    """v and the float32 values just below and above it."""
    return np.concatenate([v, np.nextafter(v, np.float32(np.inf)), np.nextafter(v, np.float32(-np.inf))])


def bf16_inputs():
    pats = np.arange(1 << 16, dtype=np.uint32) << 16
    mids = pats | 0x8000                                    # halfway to the next bf16 pattern
    rnd = pats | np.random.default_rng(1).integers(0, 1 << 16, pats.size, dtype=np.uint32)
    return np.concatenate([neighbours_f32(f32(pats)), neighbours_f32(f32(mids)), f32(rnd)])


def fp16_values():
    """All finite fp16 values, ascending, as float64 (both zeros once)."""
    v = np.arange(1 << 16, dtype=np.uint16).view(np.float16).astype(np.float64)
    return np.unique(v[np.isfinite(v)])


def fp16_inputs():
    allp = np.arange(1 << 16, dtype=np.uint16).view(np.float16).astype(np.float32)
    v = fp16_values()
    mids = ((v[:-1] + v[1:]) / 2).astype(np.float32)          # exact: 12 significant bits
    top = np.float32(65504 + 16)                              # halfway to 65536: the overflow tie
    return np.concatenate([neighbours_f32(allp), neighbours_f32(mids), neighbours_f32(np.array([top, -top]))])


def random_inputs():
    rng = np.random.default_rng(20260101)
    bits = rng.integers(0, 1 << 32, 2_000_000, dtype=np.uint64).astype(np.uint32)
    sub = rng.integers(0, 1 << 23, 100_000, dtype=np.uint32) | (rng.integers(0, 2, 100_000, dtype=np.uint32) << 31)
    near16 = rng.uniform(-70000, 70000, 100_000).astype(np.float32)
    special = np.array([0.0, -0.0, np.inf, -np.inf, np.nan], dtype=np.float32)
    nans = f32(np.array([0x7F800001, 0x7FC00000, 0xFFFFFFFF, 0x7FBFFFFF, 0xFF800001], dtype=np.uint32))
    return np.concatenate([f32(bits), f32(sub), near16, special, nans])


def torch_round(x, tdtype):
    back = torch.float64 if x.dtype == np.float64 else torch.float32
    return torch.from_numpy(x).to(tdtype).to(back).numpy()


INT_RANGES = {"int8": (-128, 127), "uint8": (0, 255), "int16": (-32768, 32767), "uint16": (0, 65535)}


def int_reference(x, lo, hi):
    t = torch.from_numpy(x)
    r = torch.round(t).clamp(lo, hi)                  # torch.round: half to even
    r = torch.where(torch.isnan(t), torch.zeros_like(r), r) + 0.0   # NaN -> 0; -0 -> +0
    return r.numpy()


def check_f32(tool, name, x):
    refs = {"bfloat16": torch_round(x, torch.bfloat16),
            "float16": torch_round(x, torch.float16),
            "float32": x.copy(),
            "bool_": (torch.from_numpy(x) != 0).to(torch.float32).numpy()}
    for dt, (lo, hi) in INT_RANGES.items():
        refs[dt] = int_reference(x, lo, hi)
    for dt, want in refs.items():
        for mode in ("f32", "f32d"):
            compare(f"{name} -> {dt} [{mode}]", x, run_tool(tool, dt, mode, x), want)


# ---- float64 inputs: an exact reference -------------------------------------

FORMATS = {  # name: (mantissa bits, exponent of the smallest normal, max, what overflow gives)
    "bfloat16": (7, -126, float.fromhex("0x1.fep127"), math.inf),
    "float16": (10, -14, 65504.0, math.inf),
    "tfloat32": (10, -126, float.fromhex("0x1.ffcp127"), math.inf),
    "float8_e4m3": (3, -6, 240.0, math.inf),
    "float8_e5m2": (2, -14, 57344.0, math.inf),
    "float8_e4m3fn": (3, -6, 448.0, math.nan),
}


def exact_round(x, fmt):
    """x (a Python float) rounded once, to nearest with ties to even, to a
    format of `mant` stored bits with smallest normal 2^emin, in rationals."""
    mant, emin, vmax, over = FORMATS[fmt]
    if math.isnan(x):
        return math.nan
    if math.isinf(x):
        return math.copysign(over, x)
    if x == 0:
        return x
    _, e = math.frexp(abs(x))
    q = max(e - 1, emin) - mant                    # the quantum is 2^q
    n, d = abs(x).as_integer_ratio()               # d is a power of two
    if q >= 0:
        d <<= q
    else:
        n <<= -q
    k, r = divmod(n, d)                            # |x| / 2^q = k + r/d
    if 2 * r > d or (2 * r == d and k & 1):
        k += 1
    v = math.ldexp(k, q)
    return math.copysign(over if v > vmax else v, x)


def tie_inputs_f64(values, rng):
    """Midpoints of consecutive values and midpoints moved by 1, 2^20 and
    2^28 float64 ulps (under half a float32 ulp, 2^28), up and down."""
    mids = (values[:-1] + values[1:]) / 2
    mids = mids[np.isfinite(mids)]
    out = [mids]
    for k in (1, 1 << 20, 1 << 28):
        step = np.spacing(np.abs(mids)) * k
        out += [mids + step, mids - step]
    out.append(rng.standard_normal(50_000) * np.exp2(rng.integers(-30, 30, 50_000)))
    return np.concatenate(out)


def bf16_values():
    v = (np.arange(1 << 16, dtype=np.uint32) << 16).view(np.float32).astype(np.float64)
    return np.unique(v[np.isfinite(v)])


def check_f64(tool):
    global failures
    rng = np.random.default_rng(7)
    sets = {"bfloat16": (tie_inputs_f64(bf16_values(), rng), torch.bfloat16),
            "float16": (tie_inputs_f64(fp16_values(), rng), torch.float16)}
    for dt, (x, tdt) in sets.items():
        want = np.array([exact_round(float(v), dt) for v in x])
        # the reference against torch where torch rounds once (x a float32)
        is32 = x.astype(np.float32).astype(np.float64) == x
        compare(f"float64 {dt}: exact reference vs torch on float32 inputs", x[is32],
                want[is32], torch_round(x[is32], tdt))
        twice = np.count_nonzero(torch_round(x, tdt) != want)
        if twice == 0:
            failures += 1
            print(f"FAIL float64 {dt}: torch never rounds twice here: the inputs miss the ties", file=sys.stderr)
        else:
            print(f"ok   float64 {dt}: torch rounds twice on {twice} inputs (kcv must not)")
        compare(f"float64 -> {dt} [f64]", x, run_tool(tool, dt, "f64", x), want)
    # the other formats against the same exact reference (no torch dtype for them)
    x = np.concatenate([tie_inputs_f64(bf16_values()[::64], rng), rng.standard_normal(20_000) * 300,
                        np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e300, -1e-300])])
    for dt in ("tfloat32", "float8_e4m3", "float8_e5m2", "float8_e4m3fn"):
        want = np.array([exact_round(float(v), dt) for v in x])
        compare(f"float64 -> {dt} [f64] (exact reference)", x, run_tool(tool, dt, "f64", x), want)


def main():
    np.seterr(invalid="ignore")     # NaN inputs are on purpose
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tool", required=True, help="the dtype_round test tool")
    args = ap.parse_args()
    print(f"torch {torch.__version__}, numpy {np.__version__}")
    check_f32(args.tool, "bf16 patterns", bf16_inputs())
    check_f32(args.tool, "fp16 patterns", fp16_inputs())
    check_f32(args.tool, "random fp32", random_inputs())
    check_f64(args.tool)
    if failures:
        sys.exit(f"dtype_torch: {failures} comparison(s) failed")
    print("dtype_torch: all comparisons bit-exact")


if __name__ == "__main__":
    main()
