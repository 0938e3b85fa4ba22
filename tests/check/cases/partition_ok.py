# A whole-tensor copy through SBUF (new API): the partition dim is checked.
import nki
import nki.isa as nisa
import nki.language as nl


@nki.jit
def copy_tile(a):  # expect: verified
    P, F = a.shape
    assert P <= nl.tile_size.pmax
    assert F <= 2048
    out = nl.ndarray((P, F), dtype=a.dtype, buffer=nl.shared_hbm)
    t = nl.ndarray((P, F), dtype=a.dtype, buffer=nl.sbuf)
    nisa.dma_copy(dst=t, src=a)
    nisa.dma_copy(dst=out, src=t)
    return out
