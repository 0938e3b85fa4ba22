"""bench/run: element-wise sum out = a + b of two [R, C] tensors (legacy
neuronxcc.nki API), the kernel run_bench times under `kcv run`.

One kernel instance walks the tensor in [128, 512] tiles: load both tiles
into SBUF, add on the Vector Engine, store.  R must be a multiple of 128 and
C of 512.  The result has a's dtype.
"""
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def tensor_add(a, b):
    R, C = a.shape
    assert tuple(b.shape) == (R, C), f"shapes differ: {a.shape} vs {b.shape}"
    TP, TF = 128, 512
    assert R % TP == 0 and C % TF == 0, f"shape {R}x{C} must tile by {TP}x{TF}"
    out = nl.ndarray((R, C), dtype=a.dtype, buffer=nl.shared_hbm)
    ip = nl.arange(TP)[:, None]
    jf = nl.arange(TF)[None, :]
    for i in nl.affine_range(R // TP):
        for j in nl.affine_range(C // TF):
            at = nl.load(a[i * TP + ip, j * TF + jf])
            bt = nl.load(b[i * TP + ip, j * TF + jf])
            nl.store(out[i * TP + ip, j * TF + jf], value=nl.add(at, bt))
    return out
