#!/usr/bin/python3
"""Tests of `kcv run` through its command line, one CTest test per case.

    run_tests.py --list                  the case names, one a line
    run_tests.py KCV WORKDIR CASE        runs one case

Each case runs kcv on a small kernel of tests/run/kernels/ and checks the
exit status, the exact messages, and the outputs against a NumPy
computation of the same thing (inputs are .npy files the case writes into
its own folder under WORKDIR, or kcv's generators, whose numbers are
recomputed here from the algorithm rng.c documents).
"""
import math
import os
import re
import shutil
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
KERNELS = os.path.join(HERE, "kernels")
sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
from mx_formats import mx_dequant, mx_encode, mx_pack, mx_quantize, mx_round  # noqa: E402


class Fail(Exception):
    pass


def kernel(name):
    return os.path.join(KERNELS, name)


def environ_with(changes):
    """os.environ with `changes` (a value None removes the variable)."""
    e = dict(os.environ)
    for k, v in changes.items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    return e


class Ctx:
    def __init__(self, kcv, work):
        self.kcv = kcv
        self.work = work

    def path(self, name):
        return os.path.join(self.work, name)

    def run(self, *args, status=None, timeout=120, env=None):
        p = subprocess.run([self.kcv, "run"] + [str(a) for a in args], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout,
                           env=environ_with(env) if env else None)
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode < 0 or p.returncode > 4:
            raise Fail("kcv run %s: crashed (status %d)\n%s" % (" ".join(map(str, args)), p.returncode, err))
        if status is not None and p.returncode != status:
            raise Fail("kcv run %s: exit status %d, expected %d\nstdout:\n%s\nstderr:\n%s" %
                       (" ".join(map(str, args)), p.returncode, status, out, err))
        return p.returncode, out, err

    def fails(self, *args, status=2, first=None, match=None):
        """Runs kcv, expecting `status` and a first stderr line equal to
        `first` (or matching the regex `match`)."""
        _, out, err = self.run(*args, status=status)
        line = err.split("\n", 1)[0]
        if first is not None and line != first:
            raise Fail("kcv run %s:\n  first line: %s\n  expected:   %s\nstderr:\n%s" %
                       (" ".join(map(str, args)), line, first, err))
        if match is not None and not re.fullmatch(match, line):
            raise Fail("kcv run %s:\n  first line: %s\n  expected to match: %s" %
                       (" ".join(map(str, args)), line, match))
        return out, err


def expect(cond, what):
    if not cond:
        raise Fail(what)


def summary_of(out):
    lines = [l for l in out.split("\n") if l.startswith("kernel ")]
    expect(len(lines) == 1, "expected one summary line, got:\n" + out)
    return lines[0]


def col_of(path, line, text):
    """1-based column of `text` on 1-based `line` of the file."""
    with open(path, encoding="utf-8") as f:
        src = f.read().split("\n")[line - 1]
    return src.index(text) + 1


# ---- the generator, as rng.c documents it ------------------------------------------

M64 = (1 << 64) - 1


class Rng:
    def __init__(self, seed, stream):
        h = 0xcbf29ce484222325
        for c in stream.encode():
            h = ((h ^ c) * 0x100000001b3) & M64
        x = seed ^ h
        self.s = []
        for _ in range(4):
            x = (x + 0x9e3779b97f4a7c15) & M64
            z = x
            z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M64
            z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M64
            self.s.append(z ^ (z >> 31))
        self.spare = None

    @staticmethod
    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & M64

    def next(self):
        s = self.s
        result = (self.rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = self.rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    @staticmethod
    def log(x):
        m, e = math.frexp(x)
        if m < 0.70710678118654752440:
            m *= 2
            e -= 1
        s = (m - 1) / (m + 1)
        s2 = s * s
        acc = 0.0
        for k in range(27, 0, -2):
            acc = 1.0 / k + s2 * acc
        return e * 6.93147180369123816490e-01 + (e * 1.90821492927058770002e-10 + 2 * s * acc)

    def normal(self):
        if self.spare is not None:
            v, self.spare = self.spare, None
            return v
        while True:
            u = 2 * self.uniform() - 1
            v = 2 * self.uniform() - 1
            s = u * u + v * v
            if s >= 1 or s == 0:
                continue
            f = math.sqrt(-2 * self.log(s) / s)
            self.spare = v * f
            return u * f


# ---- outputs computed like NumPy -----------------------------------------------------------------


def case_legacy_add(c):
    """Legacy API (nl.load/nl.add/nl.store): float32 sums, bit for bit."""
    rs = np.random.RandomState(1)
    a = rs.standard_normal((256, 64)).astype(np.float32)
    b = rs.standard_normal((256, 64)).astype(np.float32)
    np.save(c.path("a.npy"), a)
    np.save(c.path("b.npy"), b)
    _, out, err = c.run(kernel("legacy_add.py"), "--input", "a=" + c.path("a.npy"), "--input",
                        "b=" + c.path("b.npy"), "--output", c.path("out"), status=0)
    expect(err == "", "stderr not empty:\n" + err)
    s = summary_of(out)
    expect(s.startswith("kernel add_kernel: ran, 0 violations; 1 output written to %s/ "
                        "(out0.npy: float32 [256, 64]); runtime checks: " % c.path("out")), s)
    got = np.load(c.path("out/out0.npy"))
    expect(got.dtype == np.float32 and got.shape == (256, 64), "out0.npy: %s %s" % (got.dtype, got.shape))
    expect(np.array_equal(got, a + b), "a + b differs: max error %g" % np.abs(got - (a + b)).max())


def case_new_matmul(c):
    """New API (nisa.dma_copy/nc_matmul): lhsT.T @ rhs accumulated in fp32."""
    rs = np.random.RandomState(2)
    lhsT = rs.standard_normal((256, 128)).astype(np.float32)
    rhs = rs.standard_normal((256, 512)).astype(np.float32)
    np.save(c.path("lhsT.npy"), lhsT)
    np.save(c.path("rhs.npy"), rhs)
    _, out, _ = c.run(kernel("new_matmul.py"), "--input", "lhsT=" + c.path("lhsT.npy"), "--input",
                      "rhs=" + c.path("rhs.npy"), "--output", c.path("out"), status=0)
    got = np.load(c.path("out/out0.npy"))
    want = lhsT.astype(np.float64).T @ rhs.astype(np.float64)
    expect(got.dtype == np.float32 and got.shape == (128, 512), "out0.npy: %s %s" % (got.dtype, got.shape))
    err = np.abs(got - want).max()
    expect(err <= 1e-5 * np.abs(want).max() * 16, "matmul: max error %g of %g" % (err, np.abs(want).max()))


def case_tiles_kept(c):
    """Reclaiming tile memory keeps every tile something still refers to: a
    list, a dict, an object attribute, a closure, a default argument, a list
    only a for loop holds.  KCV_RECLAIM_EVERY=0 reclaims at every chance."""
    rs = np.random.RandomState(7)
    a = rs.standard_normal((512, 64)).astype(np.float32)
    np.save(c.path("a.npy"), a)
    want_out = np.concatenate([4 * a[i:i + 128] + 6 * a[:128] + 4 * a[128:256] + 4 for i in range(0, 512, 128)])
    want_pairs = np.concatenate([4 * a[:128] + 1, 4 * a[384:] + 1])
    for every in ("0", "100000", None):
        env = {"KCV_RECLAIM_EVERY": every}
        out_dir = c.path("o%s" % every)
        _, out, err = c.run(kernel("tiles_kept.py"), "--input", "a=" + c.path("a.npy"), "--output", out_dir,
                            "--stats", status=0, env=env)
        got, pairs = np.load(out_dir + "/out0.npy"), np.load(out_dir + "/out1.npy")
        # float32 sums of the same terms in a fixed order: tolerance of a few ulps
        for name, g, w in (("out", got, want_out), ("pairs", pairs, want_pairs)):
            e = np.abs(g.astype(np.float64) - w).max()
            expect(e <= 1e-5 * (np.abs(w).max() + 1), "%s: max error %g (KCV_RECLAIM_EVERY=%s)" % (name, e, every))
        m = re.search(r"tile memory ([\d.]+) MiB made, ([\d.]+) MiB of it reused; ([\d.]+) MiB reclaimed in "
                      r"(\d+) sweeps?", err)
        expect(m is not None, "no tile memory line in --stats:\n" + err)
        if every == "0":
            expect(int(m.group(4)) > 0 and float(m.group(2)) > 0 and float(m.group(3)) > 0,
                   "nothing reclaimed with KCV_RECLAIM_EVERY=0: " + m.group(0))
            sweeps_every_chance = int(m.group(4))
        elif every == "100000":
            expect(0 < int(m.group(4)) < sweeps_every_chance, "KCV_RECLAIM_EVERY=100000: " + m.group(0))
        else:
            # by default at most once per 2 MiB of tiles made
            expect(int(m.group(4)) <= float(m.group(1)) / 2, "default: " + m.group(0))


def case_legacy_copy_dst(c):
    """The legacy nisa.tensor_copy takes no dst=: a TypeError at the call, not
    a destination silently left unwritten."""
    _, out, err = c.run(kernel("legacy_copy_dst.py"), "--input", "a=ones:128x64", status=1)
    expect("legacy_copy_dst.py:15:5: error: TypeError: nisa.tensor_copy: the legacy API (neuronxcc.nki) takes "
           "no dst=" in err, err)
    # the kernel's own call is where the error is: no "called from here" note repeating it
    expect("called from here" not in err, err)


def case_matmul_pending(c):
    """Matmuls into one PSUM tile are computed together when their values are
    first needed: reading PSUM between accumulations, overwriting an operand
    between two matmuls, a later matmul on a copy of a pending result."""
    rs = np.random.RandomState(5)
    lhsT = rs.standard_normal((256, 128)).astype(np.float32)
    rhs = rs.standard_normal((256, 512)).astype(np.float32)
    np.save(c.path("lhsT.npy"), lhsT)
    np.save(c.path("rhs.npy"), rhs)
    c.run(kernel("matmul_pending.py"), "--input", "lhsT=" + c.path("lhsT.npy"), "--input",
          "rhs=" + c.path("rhs.npy"), "--output", c.path("o"), status=0)
    L, R = lhsT.astype(np.float64), rhs.astype(np.float64)
    a0, a1, b0, b1 = L[:128], L[128:], R[:128], R[128:]
    want = [a0.T @ b0, a0.T @ b0 + a1.T @ b1, a0.T @ b0 + a1.T @ b1, a0.T @ (a0.T @ b0)]
    for i, (name, w) in enumerate(zip(("part", "full", "reuse", "chain"), want)):
        got = np.load(c.path("o/out%d.npy" % i))
        # float32 sums of 128-256 products of unit normals: a few ulps of the largest
        e = np.abs(got - w).max() / np.abs(w).max()
        expect(e <= 1e-5, "%s: relative error %g" % (name, e))
    # bfloat16 (written as float32): the float32 sum, then one rounding of at
    # most 2^-8 of the value (the unit roundoff of an 8-bit significand)
    got = np.load(c.path("o/out4.npy")).astype(np.float64)
    e = (np.abs(got - want[0]) - 2.0 ** -8 * np.abs(want[0])).max() / np.abs(want[0]).max()
    expect(e <= 1e-5, "part_bf: error beyond rounding %g" % e)


def case_spmd_grid_scalar(c):
    """--grid runs every instance; --scalar is Python in the kernel's module;
    a parameter with a default keeps it."""
    rs = np.random.RandomState(3)
    a = rs.standard_normal((384, 16)).astype(np.float32)
    np.save(c.path("a.npy"), a)
    _, out, _ = c.run(kernel("spmd_scale.py"), "--input", "a=" + c.path("a.npy"), "--scalar",
                      "scale=nl.tile_size.pmax / 64", "--grid", "3", "--output", c.path("out"), status=0)
    got = np.load(c.path("out/out0.npy"))
    want = (a * np.float32(2.0)) + np.float32(1.0)
    expect(np.allclose(got, want, rtol=1e-6, atol=0), "a * 2 + 1 differs: max error %g" % np.abs(got - want).max())
    # only two instances: the last 128 rows are never written
    c.run(kernel("spmd_scale.py"), "--input", "a=" + c.path("a.npy"), "--scalar", "scale=2", "--scalar",
          "shift=0.5", "--grid", "2", "--output", c.path("out2"))
    got = np.load(c.path("out2/out0.npy"))
    expect(np.allclose(got[:256], a[:256] * 2 + 0.5, rtol=1e-6), "grid 2: rows 0..255 differ")


def case_output_dtypes(c):
    """Outputs keep NumPy's dtypes; bfloat16 is written as float32, and the
    summary says so."""
    _, out, _ = c.run(kernel("copy_two.py"), "--input", "a=arange:4x8:int32", "--scalar", "dtype=nl.float16",
                      "--output", c.path("out"), status=0)
    s = summary_of(out)
    expect("(out0.npy: int32 [4, 8], out1.npy: float16 [4, 8])" in s, s)
    o0, o1 = np.load(c.path("out/out0.npy")), np.load(c.path("out/out1.npy"))
    expect(o0.dtype == np.int32 and o0.shape == (4, 8), "out0: %s %s" % (o0.dtype, o0.shape))
    expect(o1.dtype == np.float16 and o1.shape == (4, 8), "out1: %s %s" % (o1.dtype, o1.shape))
    expect(np.array_equal(o0, np.arange(32, dtype=np.int32).reshape(4, 8)), "int32 copy differs")
    expect(np.array_equal(o1, np.arange(32, dtype=np.float16).reshape(4, 8)), "float16 cast differs")

    _, out, _ = c.run(kernel("copy_two.py"), "--input", "a=arange:2x3:uint8", "--output", c.path("bf"), status=0)
    lines = out.split("\n")
    expect("(out0.npy: uint8 [2, 3], out1.npy: bfloat16 [2, 3] as float32)" in lines[0], lines[0])
    expect(lines[1] == "  NumPy has no bfloat16, tfloat32 or fp8 dtype: those outputs are written as float32 "
                       "(every value exact)", out)
    o1 = np.load(c.path("bf/out1.npy"))
    expect(o1.dtype == np.float32, "bfloat16 output written as %s" % o1.dtype)
    # numpy.load reads what numpy.save writes: the files are numpy.save's, byte for byte
    ref = c.path("ref.npy")
    np.save(ref, np.arange(6, dtype=np.uint8).reshape(2, 3))
    expect(open(ref, "rb").read() == open(c.path("bf/out0.npy"), "rb").read(), "out0.npy is not numpy.save's")


def case_dtype_bfloat16_rounding(c):
    """--dtype a=bfloat16 rounds a float32 file to nearest even on load."""
    import torch
    rs = np.random.RandomState(4)
    x = rs.standard_normal((16, 32)).astype(np.float32)
    # ties: 1 + 2**-8 rounds down to 1, 1 + 3 * 2**-8 up to 1 + 2**-6
    x[0, :4] = [1 + 2.0 ** -8, 1 + 3 * 2.0 ** -8, -(1 + 2.0 ** -8), 3.0e38]
    np.save(c.path("x.npy"), x)
    _, out, _ = c.run(kernel("copy_two.py"), "--input", "a=" + c.path("x.npy"), "--dtype", "a=bfloat16",
                      "--output", c.path("out"), status=0)
    expect("out0.npy: bfloat16 [16, 32] as float32" in summary_of(out), out)
    got = np.load(c.path("out/out0.npy"))
    want = torch.from_numpy(x).to(torch.bfloat16).to(torch.float32).numpy()
    expect(np.array_equal(got, want), "bfloat16 rounding differs from torch's at %s" %
           (np.argwhere(got != want)[:4].tolist(),))
    expect(not np.array_equal(got, x), "the rounding is not visible")
    expect(list(got[0, :3]) == [1.0, 1 + 2.0 ** -6, -1.0], "ties: %s" % got[0, :3])


def case_generators_and_seed(c):
    """randn/rand/arange/ones/zeros: the documented generator, bit for bit;
    the same seed gives the same bytes, another seed other values."""
    def gen(spec, seed, out):
        c.run(kernel("copy_two.py"), "--input", "a=" + spec, "--seed", str(seed), "--output", c.path(out),
              status=0)
        return np.load(c.path(out + "/out0.npy")), open(c.path(out + "/out0.npy"), "rb").read()

    a, abytes = gen("randn:64x32", 7, "s7")
    r = Rng(7, "a")
    want = np.array([r.normal() for _ in range(64 * 32)], dtype=np.float64).astype(np.float32).reshape(64, 32)
    expect(np.array_equal(a, want), "randn differs from the documented generator")
    expect(abs(float(a.mean())) < 0.1 and 0.9 < float(a.std()) < 1.1, "randn: mean %g std %g" % (a.mean(), a.std()))
    _, again = gen("randn:64x32", 7, "s7b")
    expect(again == abytes, "the same seed gave other bytes")
    b, _ = gen("randn:64x32", 8, "s8")
    expect(not np.array_equal(a, b), "seeds 7 and 8 gave the same values")
    d, _ = gen("randn:64x32", 0, "sdefault")
    e, _ = gen("randn:64x32", 0, "s0")
    expect(np.array_equal(d, e), "--seed 0 is not the default")

    u, _ = gen("rand:16x16", 3, "u")
    r = Rng(3, "a")
    want = np.array([r.uniform() for _ in range(256)]).astype(np.float32).reshape(16, 16)
    expect(np.array_equal(u, want), "rand differs from the documented generator")
    expect(u.min() >= 0 and u.max() < 1, "rand outside [0, 1)")
    z, _ = gen("arange:3x5", 0, "ar")
    expect(np.array_equal(z, np.arange(15, dtype=np.float32).reshape(3, 5)), "arange differs")
    o, _ = gen("ones:2x2:float16", 0, "on")
    expect(o.dtype == np.float16 and np.all(o == 1), "ones:float16")
    z, _ = gen("zeros:2x3", 0, "ze")
    expect(z.shape == (2, 3) and np.all(z == 0), "zeros")


def case_npy_formats(c):
    """Fortran order, big-endian data, float16 and integer files are read right;
    float64 and int64 need --dtype."""
    x = np.arange(24, dtype=np.float32).reshape(4, 6) * 0.5
    np.save(c.path("f.npy"), np.asfortranarray(x))
    np.save(c.path("be.npy"), x.astype(">f4"))
    np.save(c.path("h.npy"), x.astype(np.float16))
    np.save(c.path("i.npy"), (x * 2).astype(np.int16))
    np.save(c.path("d.npy"), x.astype(np.float64))
    np.save(c.path("l.npy"), (x * 2).astype(np.int64))
    for name, dt, extra in [("f", np.float32, []), ("be", np.float32, []), ("h", np.float16, []),
                            ("i", np.int16, []), ("d", np.float32, ["--dtype", "a=float32"]),
                            ("l", np.int32, ["--dtype", "a=int32"])]:
        c.run(kernel("copy_two.py"), "--input", "a=" + c.path(name + ".npy"), "--output", c.path("o" + name),
              *extra, status=0)
        got = np.load(c.path("o%s/out0.npy" % name))
        want = (x * 2).astype(dt) if dt in (np.int16, np.int32) else x.astype(dt)
        expect(got.dtype == dt and np.array_equal(got, want), "%s.npy: read %s %s" % (name, got.dtype, got))


def tf32(x):
    """float32 values rounded to tfloat32 (10 mantissa bits), ties to even."""
    b = x.astype(np.float32).view(np.uint32).astype(np.uint64)
    b = (b + 0xfff + ((b >> 13) & 1)) & ~np.uint64(0x1fff)
    return b.astype(np.uint32).view(np.float32)


def case_profile(c):
    """--profile: the run computes as the profile says (tf32 matmul operands);
    a bad profile is a located error."""
    prof = os.path.join(HERE, "..", "..", "profiles", "tf32-matmul.yaml")
    rs = np.random.RandomState(5)
    lhsT = rs.standard_normal((128, 128)).astype(np.float32)
    rhs = rs.standard_normal((128, 512)).astype(np.float32)
    np.save(c.path("lhsT.npy"), lhsT)
    np.save(c.path("rhs.npy"), rhs)
    args = [kernel("new_matmul.py"), "--input", "lhsT=" + c.path("lhsT.npy"), "--input", "rhs=" + c.path("rhs.npy")]
    c.run(*args, "--output", c.path("f32"), status=0)
    c.run(*args, "--profile", prof, "--output", c.path("tf32"), status=0)
    f32, t32 = np.load(c.path("f32/out0.npy")), np.load(c.path("tf32/out0.npy"))
    want = tf32(lhsT).astype(np.float64).T @ tf32(rhs).astype(np.float64)
    scale = np.abs(want).max()
    expect(np.abs(t32 - want).max() <= 1e-5 * scale, "tf32 profile: max error %g" % np.abs(t32 - want).max())
    expect(np.abs(f32 - want).max() > 1e-4 * scale, "the profile changed nothing")
    bad = c.path("bad.yaml")
    with open(bad, "w") as f:
        f.write("name: bad\nnumerics:\n  matmul_input: float64\n")
    c.fails(*args, "--profile", bad, match=re.escape(bad) + r":3:\d+: .*")
    c.fails(*args, "--profile", bad + ".none", match=re.escape(bad + ".none") + r"(:\d+:\d+)?: .*")
    c.fails(*args, "--profile", prof, "--target", "trn1",
            first="kcv run: --profile %s is a trn2 profile, but --target says trn1" % prof)


def case_path_and_target(c):
    """--path adds an import root; --target changes the constants checked."""
    k, lib = kernel("uses_helper.py"), os.path.join(KERNELS, "lib")
    _, out, _ = c.run(k, "--input", "a=arange:128x4", "--path", lib, "--output", c.path("o"), status=0)
    expect(np.array_equal(np.load(c.path("o/out0.npy")), np.arange(512, dtype=np.float32).reshape(128, 4) * 3), out)
    c.run(k, "--input", "a=arange:128x4", "--path", lib, "--target", "trn3", status=0)
    _, out, err = c.run(k, "--input", "a=arange:128x4", "--path", lib, "--target", "trn1", status=1)
    expect(re.match(re.escape(k) + r":13:\d+: error: .*trn1.*\[sbuf-capacity\]", err), err)
    # without the import root the helper is not there: kcv cannot run it
    c.run(k, "--input", "a=arange:128x4", status=3)


def case_determinism(c):
    """The same run twice: the same stdout, stderr, status and files."""
    args = [kernel("legacy_add.py"), "--input", "a=randn:128x32", "--input", "b=rand:128x32", "--seed", "5"]
    r1 = c.run(*args, "--output", c.path("o1"))
    r2 = c.run(*args, "--output", c.path("o1"))
    expect(r1 == r2, "two runs differ:\n%s\n%s" % (r1, r2))
    c.run(*args, "--output", c.path("o2"))
    expect(open(c.path("o1/out0.npy"), "rb").read() == open(c.path("o2/out0.npy"), "rb").read(),
           "two runs wrote different files")


# ---- runtime checks ----------------------------------------------------------------------------------


CHECKS_RE = re.compile(r"runtime checks: (\d+) run(?:, (\d+) proven statically and skipped)?( \(--checks=all\))?$")


def case_checks_modes(c):
    """--checks=all checks every obligation; residual skips those the static
    pre-pass proved (the two add up to all's); none checks nothing."""
    args = [kernel("new_matmul.py"), "--input", "lhsT=randn:256x128", "--input", "rhs=randn:256x512"]
    _, out, _ = c.run(*args, "--checks=all", status=0)
    m = CHECKS_RE.search(summary_of(out))
    expect(m and m.group(3), "--checks=all: " + out)
    total = int(m.group(1))
    expect(total > 0, "--checks=all ran no check")
    _, out, _ = c.run(*args, status=0)
    m = CHECKS_RE.search(summary_of(out))
    expect(m and m.group(2) is not None, "residual (default): " + out)
    ran, skipped = int(m.group(1)), int(m.group(2))
    expect(skipped > 0, "the static pre-pass proved nothing: " + out)
    expect(ran + skipped == total, "residual %d run + %d skipped != all's %d" % (ran, skipped, total))
    _, out2, _ = c.run(*args, "--checks=residual", status=0)
    expect(out2 == out, "--checks=residual is not the default")
    _, out, _ = c.run(*args, "--checks=none", status=0)
    expect(summary_of(out).endswith("; runtime checks: off (--checks=none)"), out)
    # a violated contract is still found with residual checks; unchecked, the
    # faulty access cannot be performed: the run cannot go on
    c.run(kernel("bounds_bug.py"), "--input", "a=ones:256x4", status=1)
    c.run(kernel("bounds_bug.py"), "--input", "a=ones:256x4", "--checks=none", status=3)
    # ... the same violations as --checks=all, and the counts add up
    rep = [kernel("bounds_bug.py"), "--input", "a=ones:256x4", "--on-violation=report"]
    _, out_all, err_all = c.run(*rep, "--checks=all", status=1)
    _, out_res, err_res = c.run(*rep, status=1)
    expect(err_all == err_res, "residual and all report different violations:\n%s\n%s" % (err_all, err_res))
    total = int(CHECKS_RE.search(summary_of(out_all)).group(1))
    m = CHECKS_RE.search(summary_of(out_res))
    expect(int(m.group(1)) + int(m.group(2)) == total and int(m.group(2)) > 0, out_all + out_res)


def case_violation_abort_and_report(c):
    """A located error at the kernel's line; abort stops at the first,
    report lists every faulty site."""
    k = kernel("bounds_bug.py")
    _, out, err = c.run(k, "--input", "a=ones:256x4", status=1)
    errors = [l for l in err.split("\n") if re.match(r"^\S+:\d+:\d+: error: ", l)]
    expect(len(errors) == 1, "abort: expected one error:\n" + err)
    expect(re.fullmatch(re.escape(k) + r":11:\d+: error: .*\[bounds\]", errors[0]), errors[0])
    expect(re.search(r"nl\.load .*\ba\b", errors[0]), "the message names the operation and tensor: " + errors[0])
    expect(summary_of(out).startswith("kernel copy_tiles: stopped at the first violation"), out)
    _, out, err = c.run(k, "--input", "a=ones:256x4", "--on-violation=report", status=1)
    lines = {int(m.group(1)) for m in re.finditer(re.escape(k) + r":(\d+):\d+: error: .*\[bounds\]", err)}
    expect(lines == {11, 12}, "report: errors on lines %s, expected 11 and 12:\n%s" % (sorted(lines), err))


def case_uninitialised_output(c):
    """An output element never written: an error at the return naming the
    output and the count."""
    k = kernel("half_written.py")
    _, out, err = c.run(k, "--input", "a=ones:256x4", status=1)
    first = err.split("\n", 1)[0]
    expect(first == "%s:12:5: error: output 'out' holds 512 elements of memory never written (of 1024), or values "
                    "computed from it [uninitialized]" % k, first)
    expect(summary_of(out).startswith("kernel half: ran, 1 violation;"), out)
    # computed from SBUF never written: the note shows where it was read
    k = kernel("uninit_sbuf.py")
    _, out, err = c.run(k, "--input", "a=ones:4x8", "--output", c.path("o"), status=1)
    lines = err.split("\n")
    expect(lines[0] == "%s:18:5: error: output 'out' holds 32 elements of memory never written (of 32), or values "
                       "computed from it [uninitialized]" % k, err)
    expect(lines[3] == "%s:16:5: note: the first read of memory never written" % k, err)
    expect(np.isnan(np.load(c.path("o/out0.npy"))).all(), "uninitialised memory reads as NaN (the default profile)")


def case_step_budget(c):
    """A kernel that never stops ends on the step budget: located, status 3."""
    k = kernel("loop_forever.py")
    _, out, err = c.run(k, "--input", "a=ones:4x4", "--max-steps", "100000", status=3)
    # located in the loop (`while` line 9, its body line 10)
    expect(re.fullmatch(re.escape(k) + r":(9|10):\d+: error: kcv cannot run this: step budget exhausted \(100000 "
                        r"steps\) \[cannot-run\]", err.split("\n", 1)[0]), err)
    expect(re.match(r"kernel spin: could not run \(step budget exhausted \(100000 steps\) at %s:(9|10)\)" %
                    re.escape(k), summary_of(out)), out)
    expect(re.search(r"; runtime checks: \d+ run, none skipped \(static pre-pass incomplete: step budget exhausted "
                     r"\(2000000 steps\) at line (9|10)\)$", summary_of(out)), out)
    c.run(k, "--input", "a=ones:4x4", "--checks=none", "--max-steps", "100000", status=3)
    # the default budget ends it too
    _, out, _ = c.run(k, "--input", "a=ones:4x4", "--checks=none", status=3)
    expect("(step budget exhausted (100000000 steps) at " in out, out)


def case_uncaught_exception(c):
    """The kernel's own assert failing on the inputs: status 1, located."""
    k = kernel("legacy_add.py")
    _, out, err = c.run(k, "--input", "a=ones:100x8", "--input", "b=ones:100x8", status=1)
    expect(re.match(re.escape(k) + r":10:\d+: error: AssertionError", err), err)
    expect(summary_of(out).startswith("kernel add_kernel: raised AssertionError"), out)


# ---- bad input ---------------------------------------------------------------------------------------------


def case_bad_specs(c):
    k = kernel("legacy_add.py")
    b = ["--input", "b=zeros:128x8"]
    c.fails(k, "--input", "a", *b, first="kcv run: --input a: expected ARG=FILE.npy or ARG=GEN:D0xD1...[:DTYPE] "
                                         "(GEN: randn, rand, zeros, ones, arange)")
    c.fails(k, "--input", "a=randn:128xq", *b,
            first="kcv run: --input a=randn:128xq: bad shape '128xq': dims are positive integers below 2**31 "
                  "joined by 'x' (128x512)")
    c.fails(k, "--input", "a=randn:", *b,
            first="kcv run: --input a=randn:: no shape after the generator (e.g. randn:128x512)")
    c.fails(k, "--input", "a=ones:0x8", *b,
            first="kcv run: --input a=ones:0x8: bad shape '0x8': dims are positive integers below 2**31 "
                  "joined by 'x' (128x512)")
    c.fails(k, "--input", "a=randn:128x8:float99", *b,
            first="kcv run: --input a=randn:128x8:float99: unknown dtype 'float99' (float32, bfloat16, float16, "
                  "int32, ...)")
    c.fails(k, "--input", "a=randn:128x8", *b, "--dtype", "a=float99",
            first="kcv run: --dtype a=float99: unknown dtype 'float99' (float32, bfloat16, float16, int32, ...)")
    c.fails(k, "--input", "a=randn:128x8:float16", *b, "--dtype", "a=bfloat16",
            first="kcv run: --input a=randn:128x8:float16: the spec says float16, --dtype a=bfloat16 says "
                  "bfloat16: give one")
    c.fails(k, "--input", "q=zeros:4x4", "--input", "a=zeros:128x8", *b,
            first="kcv run: --input q: kernel add_kernel has no parameter 'q' (its parameters: a, b)")
    c.fails(k, "--input", "a=zeros:128x8", *b, "--shape", "a=128,16",
            first="kcv run: --input a=zeros:128x8: shape [128, 8] differs from --shape a=128,16")
    c.fails(k, "--input", "a=zeros:128x8", "--input", "b=zeros:128x16", "--shape", "a=N,F", "--shape", "b=N,F",
            first="kcv run: --shape b: F is 8 in a (dim 1) but 16 in b (dim 1)")
    c.fails(k, "--input", "a=zeros:128x8", *b, "--dtype", "c=float32",
            first="kcv run: --dtype c: kernel add_kernel has no parameter 'c' (its parameters: a, b)")
    c.fails(k, "--input", "a=zeros:128x8", "--dtype", "b=float32",
            first="kcv run: --dtype b: no --input b: give the tensor with --input b=FILE.npy or "
                  "--input b=randn:D0xD1 (--dtype applies to it)")
    c.fails(k, "--input", "a=zeros:128x8", *b, "--input", "a=ones:128x8", first="kcv run: --input a: given twice")
    c.fails(k, "--input", "a=zeros:128x8", *b, "--scalar", "a=3",
            first="kcv run: --scalar a: parameter 'a' has an --input too: give one")
    c.fails(k, "--input", "a=zeros:128x8", *b, "--max-memory", "1K",
            first="kcv run: --input a=zeros:128x8: the tensor [128, 8] float32 needs 5.0 KiB (5120 bytes: 1024 "
                  "elements and their init shadow), more than the memory limit of 1.0 KiB (--max-memory)")
    c.fails(k, "--input", "a=zeros:128x8", *b, "--max-memory", "6K",
            first="kcv run: the inputs need 10.0 KiB together, more than the memory limit of 6.0 KiB (--max-memory)")
    c.fails(k, "--input", "a=zeros:128x8", *b, "--max-memory", "lots",
            first="kcv run: --max-memory lots: expected a positive number of bytes (K, M, G suffixes)")
    c.fails(k, "--input", "a=randn:100000x100000", *b, "--max-memory", "16G",
            first="kcv run: --input a=randn:100000x100000: the tensor [100000, 100000] float32 needs 46.6 GiB "
                  "(50000000000 bytes: 10000000000 elements and their init shadow), more than the memory limit of "
                  "16.0 GiB (--max-memory)")
    c.fails(k, "--input", "a=randn:1000000x1000000", *b,
            match=r"kcv run: --input a=randn:1000000x1000000: the tensor \[1000000, 1000000\] float32 needs "
                  r"4656\.6 GiB \(5000000000000 bytes: 1000000000000 elements and their init shadow\), more than "
                  r"the memory limit of [\d.]+ [KMG]iB \(--max-memory; default: half of physical memory\)")
    c.fails(k, "--input", "a=zeros:128x8", *b, "--checks=some", first="kcv run: --checks some: expected residual, "
                                                                      "all or none")
    c.fails(k, "--input", "a=zeros:128x8", *b, "--on-violation", "ignore",
            first="kcv run: --on-violation ignore: expected abort or report")
    c.fails(k, "--input", "a=zeros:128x8", *b, "--frobnicate", first="kcv run: unknown option '--frobnicate'")
    c.fails(k, "--input", "a=zeros:128x8", *b, "--target", "trn9", first="kcv run: --target trn9: expected trn1, "
                                                                         "trn2 or trn3")
    c.fails(k, "--input", "a=zeros:128x8", *b, "--grid", "0", first="kcv run: --grid 0: expected 1 to 3 positive "
                                                                    "integers X[,Y[,Z]]")
    c.fails(k, "--input", "a=zeros:128x8", *b, "--seed", "-1", first="kcv run: --seed -1: expected a non-negative "
                                                                     "integer below 2**64")
    c.fails(first="kcv run: no kernel file")
    c.fails(c.path("nothing.py"), first="kcv run: cannot read '%s'" % c.path("nothing.py"))


def case_missing_values(c):
    """Every tensor parameter needs an --input, every other parameter without
    a default a --scalar: located at the parameter."""
    k = kernel("legacy_add.py")
    _, err = c.fails(k, "--input", "a=zeros:128x8")
    expect(err.split("\n", 1)[0] ==
           "%s:7:%d: error: parameter 'b' of add_kernel has no value: it is used as a tensor: give it with "
           "--input b=FILE.npy or --input b=randn:D0xD1[:DTYPE], or --scalar b=VALUE [no-input]"
           % (k, col_of(k, 7, "b)")), err)
    k = kernel("spmd_scale.py")
    _, err = c.fails(k, "--input", "a=zeros:128x8")
    expect(re.match(r"%s:8:%d: error: parameter 'scale' of scale_kernel has no value: " % (re.escape(k),
                    col_of(k, 8, "scale,")), err), err)
    _, err = c.fails(k)
    expect(len(re.findall(r"error: parameter '(a|scale)' of scale_kernel has no value", err)) == 2, err)


def case_bad_scalars(c):
    """--scalar is Python evaluated as kcv check evaluates it: a syntax error
    or an exception there is bad input."""
    k = kernel("spmd_scale.py")
    c.fails(k, "--input", "a=ones:128x4", "--scalar", "scale=2 +",
            first="kcv run: <--scalar scale>: not a Python expression: 2 +")
    _, err = c.fails(k, "--input", "a=ones:128x4", "--scalar", "scale=nope",
                     first="<--scalar scale>:3:1: error: NameError: name 'nope' is not defined [exception]")
    expect(err.rstrip("\n").split("\n")[-1] == "kcv run: --scalar scale=nope: the expression raised an exception", err)
    c.fails(k, "--input", "a=ones:128x4", "--scalar", "scale", first="kcv run: --scalar scale: expected NAME=VALUE")
    c.fails(k, "--input", "a=ones:128x4", "--scalar", "scale=1", "--scalar", "scale=2",
            first="kcv run: --scalar scale: given twice")
    c.fails(k, "--input", "a=ones:128x4", "--scalar", "scale=1", "--scalar", "bias=2",
            first="kcv run: --scalar bias: kernel scale_kernel has no parameter 'bias' (its parameters: a, scale, "
                  "shift)")


def case_bad_npy(c):
    """Malformed .npy files: each a located error, status 2."""
    k = kernel("copy_two.py")
    good = c.path("good.npy")
    np.save(good, np.ones((4, 4), dtype=np.float32))
    data = open(good, "rb").read()

    def write(name, b):
        p = c.path(name)
        with open(p, "wb") as f:
            f.write(b)
        return p

    def header(h, version=1):
        h = h + " " * ((64 - (10 + len(h) + 1) % 64) % 64) + "\n"
        return b"\x93NUMPY" + bytes([version, 0]) + len(h).to_bytes(2, "little") + h.encode()

    p = write("magic.npy", b"PK\x03\x04" + data[4:])
    c.fails(k, "--input", "a=" + p, first="%s: not a .npy file (no \\x93NUMPY magic string at its start) "
                                          "(--input a)" % p)
    p = write("trunc.npy", data[:-4])
    c.fails(k, "--input", "a=" + p, first="%s: truncated: the header announces 64 bytes of data ([4, 4] <f4), "
                                          "the file holds 60 (--input a)" % p)
    p = write("trunc_header.npy", data[:40])
    c.fails(k, "--input", "a=" + p, first="%s: truncated: the file ends inside its header (118 bytes announced) "
                                          "(--input a)" % p)
    p = write("noshape.npy", header("{'descr': '<f4', 'fortran_order': False, }") + bytes(64))
    c.fails(k, "--input", "a=" + p, first="%s: bad header: missing 'shape' (--input a)" % p)
    p = write("badshape.npy", header("{'descr': '<f4', 'fortran_order': False, 'shape': (4, x), }") + bytes(64))
    c.fails(k, "--input", "a=" + p, first="%s: bad header: 'shape' holds something other than ints (--input a)" % p)
    p = write("notdict.npy", header("[1, 2, 3]") + bytes(64))
    c.fails(k, "--input", "a=" + p, first="%s: bad header: not a Python dict (--input a)" % p)
    p = write("version.npy", header("{'descr': '<f4', 'fortran_order': False, 'shape': (4, 4), }", 7) + bytes(64))
    c.fails(k, "--input", "a=" + p, first="%s: unsupported .npy format version 7.0 (kcv reads 1.0, 2.0 and 3.0) "
                                          "(--input a)" % p)
    p = c.path("complex.npy")
    np.save(p, np.ones((4, 4), dtype=np.complex64))
    c.fails(k, "--input", "a=" + p, first="%s: unsupported dtype '<c8' (kcv reads float16/32/64, int8..64, "
                                          "uint8..64 and bool) (--input a)" % p)
    p = c.path("strings.npy")
    np.save(p, np.array([["ab", "cd"]]))
    c.fails(k, "--input", "a=" + p, first="%s: unsupported dtype '<U2' (kcv reads float16/32/64, int8..64, "
                                          "uint8..64 and bool) (--input a)" % p)
    p = c.path("f64.npy")
    np.save(p, np.ones((4, 4)))
    c.fails(k, "--input", "a=" + p, first="%s: float64 is not an NKI dtype: give --dtype a=float32 (or bfloat16, "
                                          "int32, ...) to convert the values on load" % p)
    p = c.path("scalar.npy")
    np.save(p, np.float32(3))
    c.fails(k, "--input", "a=" + p, first="%s: a 0-d array: a kernel's tensor has at least one dim (give numbers "
                                          "with --scalar) (--input a)" % p)
    p = c.path("empty.npy")
    np.save(p, np.ones((0, 4), dtype=np.float32))
    c.fails(k, "--input", "a=" + p, first="%s: shape [0, 4]: dim 0 is 0: an empty array (--input a)" % p)
    c.fails(k, "--input", "a=" + good, "--dtype", "a=int32",
            first="kcv run: --dtype a=int32: %s holds float32 values: --dtype converts them to a float dtype only "
                  "(give integers in an integer file)" % good)
    c.fails(k, "--input", "a=" + good, "--shape", "a=4,8",
            first="kcv run: --input a=%s: shape [4, 4] differs from --shape a=4,8" % good)
    p = c.path("missing.npy")
    c.fails(k, "--input", "a=" + p, first="%s: cannot read: No such file or directory (--input a)" % p)
    c.fails(k, "--input", "a=" + c.work, first="%s: cannot read: a folder, not a file (--input a)" % c.work)


def case_kernel_choice(c):
    k = kernel("two_kernels.py")
    c.fails(k, "--input", "a=ones:4x4", first="kcv run: %s has 2 kernels (first, second): name one as %s:NAME"
                                              % (k, k))
    c.fails(k + ":third", "--input", "a=ones:4x4", first="kcv run: %s: no NKI kernel named 'third'" % k)
    _, out, _ = c.run(k + ":second", "--input", "a=arange:2x2", "--output", c.path("o"), status=0)
    expect(np.array_equal(np.load(c.path("o/out0.npy")), np.arange(4, dtype=np.float32).reshape(2, 2) * 2), out)


def bf16_values(rs, shape, exps):
    """Normal values times 2^exps (one exponent per 8x4 group), exact in bfloat16."""
    P, F = shape
    x = rs.standard_normal(shape) * np.repeat(np.repeat(2.0 ** exps, 8, axis=0), 4, axis=1)
    return (x.astype(np.float32).view(np.uint32) & 0xFFFF0000).view(np.float32)


def case_mx_quantize(c):
    """nisa.quantize_mx, bit for bit: the packed words and the scales, at
    their quadrant rows, with NKI's block scale (default) and the OCP one
    (profiles/mx-ocp.yaml); an all-zero group and a group of tiny values
    (largest exponent below emax) get scale 0; rows no group uses keep the
    memset's 7."""
    rs = np.random.RandomState(11)
    for fmt, P, F, prof in (("float8_e5m2", 128, 64, None), ("float8_e4m3fn", 32, 32, None),
                            ("float8_e5m2", 64, 32, "mx-ocp.yaml"), ("float8_e4m3fn", 128, 16, "mx-ocp.yaml")):
        exps = rs.randint(-30, 30, size=(P // 8, F // 4))
        x = bf16_values(rs, (P, F), exps)
        x[0:8, 0:4] = 0                                  # all zero: scale 0 (the golden's uint8 wraps to 241)
        x[8:16, 0:4] = np.float32(2.0 ** -120)           # E = 7 < emax: scale 0, values up to 2^7
        x[16:24, 4:8] *= np.float32(2.0 ** 40)           # a large group
        src = c.path("src.npy")
        np.save(src, x)
        args = [kernel("mx_quantize.py") + ":quantize", "--input", "src=" + src, "--dtype", "src=bfloat16",
                "--scalar", "mx_dtype=nl.%s_x4" % fmt, "--output", c.path("q")]
        if prof:
            args += ["--profile", os.path.join(HERE, "..", "..", "profiles", prof)]
        _, out, _ = c.run(*args, status=0)
        expect("out0.npy: float8_" in out and "[%d, %d] as uint32 words" % (P, F // 4) in out, out)
        words, scales = np.load(c.path("q/out0.npy")), np.load(c.path("q/out1.npy"))
        _, s, codes = mx_quantize(x.astype(np.float64), fmt, "ocp" if prof else "double")
        want_words = mx_pack(codes, fmt)
        expect(words.dtype == np.uint32 and np.array_equal(words, want_words),
               "%s P=%d %s: %d of %d words differ" % (fmt, P, prof, int((words != want_words).sum()), words.size))
        want_scales = np.full((P if P > 32 else P // 8, F // 4), 7, dtype=np.uint8)
        for g in range(P // 8):
            want_scales[g if P <= 32 else g // 4 * 32 + g % 4] = s[g]
        expect(scales.dtype == np.uint8 and np.array_equal(scales, want_scales),
               "%s P=%d %s: scales\n%s\nexpected\n%s" % (fmt, P, prof, scales[:8], want_scales[:8]))
        expect(s[0, 0] == 0 and s[1, 0] == 0, "the special groups' scales: %s" % s[:2, 0])


def case_mx_matmul_bitcast(c):
    """nisa.nc_matmul_mx on words a float32 tensor holds (.ap(dtype=...)
    reads its bytes as packed words), fp8 and fp4, with contiguous scales
    (K = 32); the second matmul accumulates (the Beta-2 default).  The
    reference is the einsum of the dequantised values, twice.  With `skip`
    the stationary words start 3 rows into their tensor, after rows of NaN
    codes the view must not reach."""
    rs = np.random.RandomState(5)
    K, M, N = 32, 64, 96
    for fmt, skip in (("float8_e5m2", 0), ("float8_e4m3fn", 0), ("float4_e2m1fn", 0), ("float8_e5m2", 3)):
        per = 2 if fmt == "float4_e2m1fn" else 4
        vmax = {"float8_e5m2": 57344.0, "float8_e4m3fn": 448.0, "float4_e2m1fn": 6.0}[fmt]
        files = {}
        vals = {}
        for name, cols in (("st", M), ("mv", N)):
            v = mx_round((rs.random_sample((K, cols * 4)) * 2 - 1) * vmax, fmt)
            words = mx_pack(mx_encode(v, fmt), fmt)          # uint32 (fp8) or uint8 pairs (fp4)
            raw = np.ascontiguousarray(words).view(np.uint8).view(np.float32).reshape(K, -1)
            if name == "st" and skip:
                nan_rows = np.full((skip, raw.shape[1]), 0x7F7F7F7F, dtype=np.uint32).view(np.float32)
                raw = np.concatenate([nan_rows, raw])
            scales = rs.randint(110, 130, size=(K // 8, cols)).astype(np.uint8)
            files[name + "_words"], files[name + "_scale"] = raw, scales
            vals[name] = (words, scales)
        args = [kernel("mx_quantize.py") + ":matmul_bitcast", "--scalar", "mx_dtype=nl.%s_x4" % fmt,
                "--scalar", "skip=%d" % skip, "--output", c.path("m")]
        for name, arr in files.items():
            np.save(c.path(name + ".npy"), arr)
            args += ["--input", "%s=%s" % (name, c.path(name + ".npy"))]
        c.run(*args, status=0)
        got = np.load(c.path("m/out0.npy")).astype(np.float64)
        st, mv = mx_dequant(*vals["st"], fmt), mx_dequant(*vals["mv"], fmt)
        want = 2 * np.einsum("kiq,kjq->ij", st, mv)
        S = np.einsum("kiq,kjq->ij", np.abs(st), np.abs(mv))
        n = 4 * K + 1
        tol = 2 * (n * 2.0 ** -24 / (1 - n * 2.0 ** -24)) * S + 2.0 ** -24 * np.abs(want)
        bad = np.abs(got - want) > tol
        expect(got.shape == (M, N) and not bad.any(),
               "%s: %d of %d elements out of tolerance (max err %g)" % (fmt, int(bad.sum()), bad.size,
                                                                       np.abs(got - want).max()))


def case_mx_words_refused(c):
    """Packed MX words are not values: converting them to float32, or
    writing through a view that reinterprets memory, stops the run (exit 3,
    kcv cannot compute it) instead of making up numbers."""
    np.save(c.path("w.npy"), np.arange(32 * 8, dtype=np.uint32).reshape(32, 8))
    _, out, err = c.run(kernel("mx_quantize.py") + ":add_words", "--input", "words=" + c.path("w.npy"),
                        "--scalar", "mx_dtype=nl.float8_e5m2_x4", status=3)
    expect("kcv cannot compute a copy on packed MX data (float8_e5m2_x4)" in err, err)
    _, out, err = c.run(kernel("mx_quantize.py") + ":store_bitcast", "--input", "words=" + c.path("w.npy"),
                        "--scalar", "mx_dtype=nl.float8_e5m2_x4", status=3)
    expect("it writes through a view that reads its memory as another dtype" in err, err)
    # a packed input is given as its words
    _, out, err = c.run(kernel("copy_two.py"), "--input", "a=" + c.path("w.npy"), "--dtype", "a=float8_e5m2_x4",
                        "--scalar", "dtype=nl.float8_e5m2_x4", "--output", c.path("o"), status=0)
    o0 = np.load(c.path("o/out0.npy"))
    expect(o0.dtype == np.uint32 and np.array_equal(o0, np.arange(256, dtype=np.uint32).reshape(32, 8)),
           "words copied: %s %s" % (o0.dtype, o0[:1]))
    np.save(c.path("f.npy"), np.ones((4, 4), dtype=np.float32))
    c.fails(kernel("copy_two.py"), "--input", "a=" + c.path("f.npy"), "--dtype", "a=float4_e2m1fn_x4", status=2,
            first="kcv run: --dtype a=float4_e2m1fn_x4: %s holds float32 values; a float4_e2m1fn_x4 value is a word "
                  "of 4 packed codes: give a uint16 file of such words" % c.path("f.npy"))


def case_help(c):
    """--help tells the truth: every option it lists is one kcv run accepts."""
    _, out, err = c.run("--help", status=0)
    expect(out.startswith("usage: kcv run [options] FILE.py[:NAME]\n") and err == "", out)
    opts = sorted(set(re.findall(r"^  (--[a-z-]+)", out, re.M)))
    want = ["--checks", "--dtype", "--grid", "--help", "--input", "--max-memory", "--max-steps", "--on-violation",
            "--output", "--path", "--profile", "--scalar", "--seed", "--shape", "--stats", "--target"]
    expect(opts == want, "options in --help: %s" % opts)
    for o in opts:
        if o in ("--help", "--stats"):
            continue
        _, _, err = c.run(o)
        expect("unknown option" not in err and err.startswith("kcv run: %s needs a value" % o), o + ": " + err)
    for word in ("randn", "rand", "zeros", "ones", "arange", "residual", "abort", "report", "exit status"):
        expect(word in out, "--help does not mention " + word)
    _, out, _ = c.run(kernel("legacy_add.py"), "--input", "a=ones:128x4", "--input", "b=ones:128x4", "--stats",
                      status=0)
    _, _, err = c.run(kernel("legacy_add.py"), "--input", "a=ones:128x4", "--input", "b=ones:128x4", "--stats")
    expect(re.fullmatch(r"kcv run: add_kernel: load inputs [\d.]+ ms, static pre-pass [\d.]+ ms, run kernel "
                        r"[\d.]+ ms, write outputs [\d.]+ ms\n"
                        r"kcv run: add_kernel: tile memory [\d.]+ MiB made, [\d.]+ MiB of it reused; "
                        r"[\d.]+ MiB reclaimed in \d+ sweeps?; peak resident memory [\d.]+ MiB\n", err), err)


CASES = {name[5:]: fn for name, fn in sorted(globals().items()) if name.startswith("case_")}


def main():
    if sys.argv[1:] == ["--list"]:
        print("\n".join(CASES))
        return 0
    kcv, work, name = sys.argv[1:4]
    work = os.path.join(work, name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    try:
        CASES[name](Ctx(kcv, work))
    except Fail as e:
        print("FAIL: %s: %s" % (name, e))
        return 1
    print("ok: %s" % name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
