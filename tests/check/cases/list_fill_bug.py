# Tiles kept in a list filled by a loop over a symbolic range: reading past
# its end raises IndexError, and a tile whose contraction size differs from
# the moving operand's is seen through the list.
import nki
import nki.isa as nisa
import nki.language as nl


@nki.jit
def next_tile(a):  # expect: violated
    N, F = a.shape
    assert N % 128 == 0 and F <= 512
    out = nl.ndarray((N, F), dtype=a.dtype, buffer=nl.shared_hbm)
    tiles = []
    for i in range(N // 128):
        t = nl.ndarray((128, F), dtype=a.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=t, src=a[i * 128:(i + 1) * 128, 0:F])
        tiles.append(t)
    for i in range(N // 128):
        nisa.dma_copy(dst=out[i * 128:(i + 1) * 128, 0:F], src=tiles[i + 1])  # expect-violation: exception
    return out


@nki.jit
def half_band(lhsT, rhs):  # expect: violated
    K, M = lhsT.shape
    K_, N = rhs.shape
    assert K == K_
    assert K % 128 == 0 and M % 128 == 0 and N == 512
    assert M * N < 2**31
    out = nl.ndarray((M, N), dtype=lhsT.dtype, buffer=nl.shared_hbm)
    for m in range(M // 128):
        # the band is loaded in 64-row tiles ...
        band = []
        for k in range(K // 64):
            t = nl.ndarray((64, 128), dtype=lhsT.dtype, buffer=nl.sbuf)
            nisa.dma_copy(dst=t, src=lhsT[k * 64:(k + 1) * 64, m * 128:(m + 1) * 128])
            band.append(t)
        # ... but used as if its tiles had 128 rows
        acc = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.psum)
        for k in range(K // 128):
            moving = nl.ndarray((128, 512), dtype=rhs.dtype, buffer=nl.sbuf)
            nisa.dma_copy(dst=moving, src=rhs[k * 128:(k + 1) * 128, 0:512])
            nisa.nc_matmul(acc, band[k], moving)  # expect-violation: matmul-contraction
        res = nl.ndarray((128, 512), dtype=out.dtype, buffer=nl.sbuf)
        nisa.tensor_copy(dst=res, src=acc)
        nisa.dma_copy(dst=out[m * 128:(m + 1) * 128, 0:N], src=res)
    return out
