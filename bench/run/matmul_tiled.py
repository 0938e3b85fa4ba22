"""bench/run: tiled matrix product out[M, N] = lhsT[K, M].T @ rhs[K, N]
(new `import nki` API), the kernel run_bench times under `kcv run`.

Stationary tiles are [128, 128] slices of lhsT (K on the partitions), moving
tiles [128, 512] slices of rhs.  For each [128, 512] block of the result the
K/128 products accumulate in one float32 PSUM tile (the first nc_matmul
overwrites it, the rest add: `accumulate=None`), which is copied to SBUF and
stored.  The stationary band of one m is loaded once and reused for every n.
The inputs are meant to be bfloat16 (run_bench passes --dtype); the result
is float32, the PSUM precision.
"""
import nki
import nki.isa as nisa
import nki.language as nl


@nki.jit
def matmul_tiled(lhsT, rhs):
    K, M = lhsT.shape
    K_rhs, N = rhs.shape
    assert K == K_rhs, f"contraction sizes differ: {K} vs {K_rhs}"
    TK = nl.tile_size.pmax                   # 128: the contraction, on the partitions
    TM = nl.tile_size.gemm_stationary_fmax   # 128: stationary free size
    TN = nl.tile_size.gemm_moving_fmax       # 512: moving free size
    assert K % TK == 0 and M % TM == 0 and N % TN == 0, \
        f"shapes must tile by ({TK}, {TM}, {TN}): K={K} M={M} N={N}"
    assert M * N < 2**31, f"result of {M}x{N} elements is too large to address"

    out = nl.ndarray((M, N), dtype=nl.float32, buffer=nl.shared_hbm)
    for m in nl.affine_range(M // TM):
        band = []
        for k in nl.affine_range(K // TK):
            st = nl.ndarray((TK, TM), dtype=lhsT.dtype, buffer=nl.sbuf)
            nisa.dma_copy(dst=st, src=lhsT[k * TK:(k + 1) * TK, m * TM:(m + 1) * TM])
            band.append(st)
        for n in nl.affine_range(N // TN):
            acc = nl.ndarray((TM, TN), dtype=nl.float32, buffer=nl.psum)
            for k in nl.affine_range(K // TK):
                mv = nl.ndarray((TK, TN), dtype=rhs.dtype, buffer=nl.sbuf)
                nisa.dma_copy(dst=mv, src=rhs[k * TK:(k + 1) * TK, n * TN:(n + 1) * TN])
                nisa.nc_matmul(dst=acc, stationary=band[k], moving=mv)
            res = nl.ndarray((TM, TN), dtype=nl.float32, buffer=nl.sbuf)
            nisa.tensor_copy(dst=res, src=acc)
            nisa.dma_copy(dst=out[m * TM:(m + 1) * TM, n * TN:(n + 1) * TN], src=res)
    return out
