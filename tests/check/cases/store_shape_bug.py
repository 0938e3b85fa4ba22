# The output is allocated transposed: (F, P) instead of (P, F).
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def add_tile(a, b):  # expect: violated
    P, F = a.shape
    Q, G = b.shape
    assert P <= 128
    assert F <= 4096
    assert Q == P
    assert G == F
    out = nl.ndarray((F, P), dtype=a.dtype, buffer=nl.shared_hbm)
    x = nl.load(a)
    y = nl.load(b)
    nl.store(out, value=nl.add(x, y))  # expect-violation: shape-mismatch
    return out
