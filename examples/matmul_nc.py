"""Blocked matrix product out[M, N] = lhsT[K, M].T @ rhs[K, N]
(new `import nki` API: nisa.nc_matmul(dst, stationary, moving)).

Each 128-row band of the stationary operand is loaded once and reused for
every 512-column block of the result.  The K/128 matmuls of one block write
the same PSUM tile: the first overwrites it, the rest accumulate (the
default `accumulate=None`).
"""
import nki
import nki.isa as nisa
import nki.language as nl


@nki.jit
def matmul_nc_kernel(lhsT, rhs):
    K, M = lhsT.shape
    K_rhs, N = rhs.shape
    assert K == K_rhs, f"contraction sizes differ: {K} vs {K_rhs}"

    TK, TM, TN = 128, 128, 512
    assert K % TK == 0 and M % TM == 0 and N % TN == 0, \
        f"shapes must tile by ({TK}, {TM}, {TN}): K={K} M={M} N={N}"
    KT = K // TK

    # Access patterns carry 32-bit element offsets: the result must stay
    # addressable (M*N < 2**31 elements).
    assert M * N < 2**31, f"result of {M}x{N} elements is too large to address"

    out = nl.ndarray((M, N), dtype=lhsT.dtype, buffer=nl.shared_hbm)

    for m in range(M // TM):
        # the stationary band lhsT[:, m*TM:(m+1)*TM] as KT tiles of [TK, TM]
        band = []
        for k in range(KT):
            t = nl.ndarray((TK, TM), dtype=lhsT.dtype, buffer=nl.sbuf)
            nisa.dma_copy(dst=t, src=lhsT[k * TK:(k + 1) * TK, m * TM:(m + 1) * TM])
            band.append(t)

        for n in range(N // TN):
            acc = nl.ndarray((TM, TN), dtype=nl.float32, buffer=nl.psum)
            for k in range(KT):
                moving = nl.ndarray((TK, TN), dtype=rhs.dtype, buffer=nl.sbuf)
                nisa.dma_copy(dst=moving, src=rhs[k * TK:(k + 1) * TK, n * TN:(n + 1) * TN])
                nisa.nc_matmul(acc, band[k], moving)

            res = nl.ndarray((TM, TN), dtype=out.dtype, buffer=nl.sbuf)
            nisa.tensor_copy(dst=res, src=acc)
            nisa.dma_copy(dst=out[m * TM:(m + 1) * TM, n * TN:(n + 1) * TN], src=res)

    return out
