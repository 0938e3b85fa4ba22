"""Tiled matrix product out[M, N] = lhsT[K, M].T @ rhs[K, N] (legacy neuronxcc.nki API).

The left operand arrives transposed so that the contraction axis K lies on
the partition dimension of both inputs.  For each [128, 512] output block the
K/128 partial products are accumulated in one fp32 PSUM tile, then cast to
the output dtype and stored.
"""
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def matmul_kernel(lhsT, rhs):
    K, M = lhsT.shape
    K2, N = rhs.shape
    assert K == K2, f"contraction sizes differ: lhsT has {K}, rhs has {K2}"

    TK = nl.tile_size.pmax                  # 128: partition size of both operands
    TM = nl.tile_size.gemm_stationary_fmax  # 128: free size of the stationary operand
    TN = nl.tile_size.gemm_moving_fmax      # 512: free size of the moving operand
    assert K % TK == 0, f"K ({K}) must be a multiple of {TK}"
    assert M % TM == 0, f"M ({M}) must be a multiple of {TM}"
    assert N % TN == 0, f"N ({N}) must be a multiple of {TN}"

    # Access patterns carry 32-bit element offsets: the result must stay
    # addressable (M*N < 2**31 elements).
    assert M * N < 2**31, f"result of {M}x{N} elements is too large to address"

    out = nl.ndarray((M, N), dtype=lhsT.dtype, buffer=nl.shared_hbm)

    for m in nl.affine_range(M // TM):
        for n in nl.affine_range(N // TN):
            acc = nl.zeros((TM, TN), nl.float32, buffer=nl.psum)
            for k in nl.affine_range(K // TK):
                a_tile = nl.load(lhsT[nl.ds(k * TK, TK), nl.ds(m * TM, TM)])
                b_tile = nl.load(rhs[nl.ds(k * TK, TK), nl.ds(n * TN, TN)])
                # [TK, TM].T @ [TK, TN] -> [TM, TN], summed into PSUM in fp32
                acc += nl.matmul(a_tile, b_tile, transpose_x=True)
            block = nl.copy(acc, dtype=out.dtype)
            nl.store(out[nl.ds(m * TM, TM), nl.ds(n * TN, TN)], value=block)

    return out
