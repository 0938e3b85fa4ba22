# The M tile is twice the stationary free-size limit (128).
import neuronxcc.nki as nki
import neuronxcc.nki.isa as nisa
import neuronxcc.nki.language as nl


@nki.jit
def matmul_tiled(lhsT, rhs, TILE_M=256):  # expect: violated
    K, M = lhsT.shape
    K_, N = rhs.shape
    assert K == K_
    assert K == 128
    assert N == 512
    assert M % TILE_M == 0
    assert M <= 4096
    result = nl.ndarray((M, N), dtype=lhsT.dtype, buffer=nl.shared_hbm)
    rt = nl.load(rhs)
    for m in nl.affine_range(M // TILE_M):
        lt = nl.load(lhsT[0:K, m * TILE_M:(m + 1) * TILE_M])
        res = nl.copy(nisa.nc_matmul(lt, rt), dtype=result.dtype)  # expect-violation: matmul-stationary-fmax  # expect-violation: partition-limit
        nl.store(result[m * TILE_M:(m + 1) * TILE_M, 0:N], value=res)  # expect-violation: partition-limit
    return result
