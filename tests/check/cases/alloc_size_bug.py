# Without F > 8, the cropped output may have no columns (or a negative count).
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def crop(a):  # expect: violated
    P, F = a.shape
    assert P <= 128
    assert F <= 1024
    out = nl.ndarray((P, F - 8), dtype=a.dtype, buffer=nl.shared_hbm)  # expect-violation: alloc-size
    t = nl.load(a[0:P, 4:F - 4])
    nl.store(out, value=t)
    return out
