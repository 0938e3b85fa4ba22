"""Returns two tensors: a copy of `a` in its own dtype and one cast to `dtype`
(legacy API); `a` has at most 128 rows."""
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def copy_two(a, dtype=nl.bfloat16):
    P, F = a.shape
    assert P <= 128
    same = nl.ndarray((P, F), dtype=a.dtype, buffer=nl.shared_hbm)
    cast = nl.ndarray((P, F), dtype=dtype, buffer=nl.shared_hbm)
    t = nl.load(a)
    nl.store(same, value=t)
    nl.store(cast, value=nl.copy(t, dtype=dtype))
    return same, cast
