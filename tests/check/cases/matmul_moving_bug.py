# The N tile is twice the moving free-size limit (512 on trn2).
import neuronxcc.nki as nki
import neuronxcc.nki.isa as nisa
import neuronxcc.nki.language as nl


@nki.jit
def matmul_tiled(lhsT, rhs, TILE_N=1024):  # expect: violated
    K, M = lhsT.shape
    K_, N = rhs.shape
    assert K == K_
    assert K == 128
    assert M == 128
    assert N % TILE_N == 0
    result = nl.ndarray((M, N), dtype=lhsT.dtype, buffer=nl.shared_hbm)
    lt = nl.load(lhsT)
    for n in nl.affine_range(N // TILE_N):
        rt = nl.load(rhs[0:K, n * TILE_N:(n + 1) * TILE_N])
        acc = nl.zeros((M, TILE_N), nl.float32, buffer=nl.psum)  # expect-violation: psum-fmax
        acc += nisa.nc_matmul(lt, rt)  # expect-violation: matmul-moving-fmax  # expect-violation: psum-fmax
        res = nl.copy(acc, dtype=result.dtype)
        nl.store(result[0:M, n * TILE_N:(n + 1) * TILE_N], value=res)
    return result
