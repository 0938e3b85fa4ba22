# A (128, F) block of the input in one SBUF tile.  The assert admits
# F = 114688 columns: 224 KiB per partition (trn2) in bfloat16 or float16,
# twice that in float32.  Only float32 inputs overflow the partition.
import nki
import nki.isa as nisa
import nki.language as nl


@nki.jit
def copy_rows(a):  # expect: violated
    P, F = a.shape
    assert P == 128
    assert F <= 114688
    out = nl.ndarray((P, F), dtype=a.dtype, buffer=nl.shared_hbm)
    t = nl.ndarray((P, F), dtype=a.dtype, buffer=nl.sbuf)  # expect-violation: sbuf-capacity
    nisa.dma_copy(dst=t, src=a)
    nisa.dma_copy(dst=out, src=t)
    return out
