# The partition dim of the SBUF tile is the input's first dim, unchecked.
import nki
import nki.isa as nisa
import nki.language as nl


@nki.jit
def copy_tile(a):  # expect: violated
    P, F = a.shape
    assert F <= 2048
    out = nl.ndarray((P, F), dtype=a.dtype, buffer=nl.shared_hbm)
    t = nl.ndarray((P, F), dtype=a.dtype, buffer=nl.sbuf)  # expect-violation: partition-limit
    nisa.dma_copy(dst=t, src=a)
    nisa.dma_copy(dst=out, src=t)
    return out
