# The accumulator of the matmul is in SBUF, not PSUM.
import nki
import nki.isa as nisa
import nki.language as nl


@nki.jit
def matmul_k_tiles(lhsT, rhs):  # expect: violated
    K, M = lhsT.shape
    K_, N = rhs.shape
    assert K == K_
    assert K % 128 == 0
    assert M <= 128
    assert N <= 512
    result = nl.ndarray((M, N), dtype=lhsT.dtype, buffer=nl.shared_hbm)
    acc = nl.ndarray((M, N), dtype=nl.float32, buffer=nl.sbuf)
    for k in nl.affine_range(K // 128):
        lt = nl.ndarray((128, M), dtype=lhsT.dtype, buffer=nl.sbuf)
        rt = nl.ndarray((128, N), dtype=rhs.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=lt, src=lhsT[k * 128:(k + 1) * 128, 0:M])
        nisa.dma_copy(dst=rt, src=rhs[k * 128:(k + 1) * 128, 0:N])
        nisa.nc_matmul(dst=acc, stationary=lt, moving=rt)  # expect-violation: buffer
    res = nl.ndarray((M, N), dtype=lhsT.dtype, buffer=nl.sbuf)
    nisa.tensor_copy(dst=res, src=acc)
    nisa.dma_copy(dst=result, src=res)
    return result
