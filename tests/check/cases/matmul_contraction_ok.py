# One matmul tile (new API) with every operand limit asserted.
import nki
import nki.isa as nisa
import nki.language as nl


@nki.jit
def matmul_tile(lhsT, rhs):  # expect: verified
    K, M = lhsT.shape
    K_, N = rhs.shape
    assert K == K_
    assert K <= 128
    assert M <= 128
    assert N <= 512
    result = nl.ndarray((M, N), dtype=lhsT.dtype, buffer=nl.shared_hbm)
    lt = nl.ndarray((K, M), dtype=lhsT.dtype, buffer=nl.sbuf)
    rt = nl.ndarray((K_, N), dtype=rhs.dtype, buffer=nl.sbuf)
    nisa.dma_copy(dst=lt, src=lhsT)
    nisa.dma_copy(dst=rt, src=rhs)
    acc = nl.ndarray((M, N), dtype=nl.float32, buffer=nl.psum)
    nisa.nc_matmul(acc, lt, rt)
    res = nl.ndarray((M, N), dtype=lhsT.dtype, buffer=nl.sbuf)
    nisa.tensor_copy(dst=res, src=acc)
    nisa.dma_copy(dst=result, src=res)
    return result
