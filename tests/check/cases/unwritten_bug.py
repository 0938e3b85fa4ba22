# With N < 128 the loop runs zero times and the output is never written.
import nki
import nki.isa as nisa
import nki.language as nl


@nki.jit
def copy_rows(a):  # expect: violated
    N, F = a.shape
    assert N <= 128
    assert F <= 512
    out = nl.ndarray((N, F), dtype=a.dtype, buffer=nl.shared_hbm)
    for i in nl.affine_range(N // 128):
        t = nl.ndarray((128, F), dtype=a.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=t, src=a[i * 128:(i + 1) * 128, 0:F])
        nisa.dma_copy(dst=out[i * 128:(i + 1) * 128, 0:F], src=t)
    return out  # expect-violation: output-not-written
