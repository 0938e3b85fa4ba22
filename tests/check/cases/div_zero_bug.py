# Host arithmetic divides by `chunk`, which nothing keeps away from 0.
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def copy_chunks(a, chunk):  # expect: violated
    P, F = a.shape
    assert P <= 128
    assert chunk <= 512
    n = F // chunk  # expect-violation: div-by-zero
    out = nl.ndarray((P, F), dtype=a.dtype, buffer=nl.shared_hbm)
    for c in nl.affine_range(n):
        t = nl.load(a[0:P, c * chunk:(c + 1) * chunk])
        nl.store(out[0:P, c * chunk:(c + 1) * chunk], value=t)
    return out
