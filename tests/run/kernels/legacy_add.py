"""c = a + b, one [128, F] row tile at a time (legacy neuronxcc.nki API)."""
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def add_kernel(a, b):
    N, F = a.shape
    assert a.shape == b.shape
    assert N % 128 == 0 and F <= 512
    c = nl.ndarray((N, F), dtype=a.dtype, buffer=nl.shared_hbm)
    for i in nl.affine_range(N // 128):
        ta = nl.load(a[i * 128:(i + 1) * 128, 0:F])
        tb = nl.load(b[i * 128:(i + 1) * 128, 0:F])
        nl.store(c[i * 128:(i + 1) * 128, 0:F], value=nl.add(ta, tb))
    return c
