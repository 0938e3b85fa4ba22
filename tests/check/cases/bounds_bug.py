# One tile too many: the last iteration reads past the end of `a` and
# writes past the end of `out`.
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def copy_tiles(a):  # expect: violated
    N, F = a.shape
    assert N % 128 == 0
    assert F <= 512
    out = nl.ndarray((N, F), dtype=a.dtype, buffer=nl.shared_hbm)
    for i in nl.affine_range(N // 128 + 1):
        t = nl.load(a[i * 128:(i + 1) * 128, 0:F])  # expect-violation: bounds
        nl.store(out[i * 128:(i + 1) * 128, 0:F], value=t)  # expect-violation: bounds
    return out
