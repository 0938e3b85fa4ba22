"""Adds a tile that was never written (new `import nki` API): every output
element is computed from uninitialised SBUF."""
import nki
import nki.isa as nisa
import nki.language as nl


@nki.jit
def add_garbage(a):
    P, F = a.shape
    out = nl.ndarray((P, F), dtype=a.dtype, buffer=nl.shared_hbm)
    t = nl.ndarray((P, F), dtype=a.dtype, buffer=nl.sbuf)
    nisa.dma_copy(dst=t, src=a)
    junk = nl.ndarray((P, F), dtype=a.dtype, buffer=nl.sbuf)
    s = nl.ndarray((P, F), dtype=a.dtype, buffer=nl.sbuf)
    nisa.tensor_tensor(dst=s, data1=t, data2=junk, op=nl.add)
    nisa.dma_copy(dst=out, src=s)
    return out
