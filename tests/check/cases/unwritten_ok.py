# Copies row blocks; N is a positive multiple of 128, so the loop runs.
import nki
import nki.isa as nisa
import nki.language as nl


@nki.jit
def copy_rows(a):  # expect: verified
    N, F = a.shape
    assert N % 128 == 0
    assert F <= 512
    out = nl.ndarray((N, F), dtype=a.dtype, buffer=nl.shared_hbm)
    for i in nl.affine_range(N // 128):
        t = nl.ndarray((128, F), dtype=a.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=t, src=a[i * 128:(i + 1) * 128, 0:F])
        nisa.dma_copy(dst=out[i * 128:(i + 1) * 128, 0:F], src=t)
    return out
