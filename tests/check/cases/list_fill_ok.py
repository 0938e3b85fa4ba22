# Tiles kept in a list filled by a loop over a symbolic range, one append
# per iteration, then read back by index in another loop: each read is the
# tile of that iteration (same shape, dtype and buffer), within the list.
import nki
import nki.isa as nisa
import nki.language as nl


@nki.jit
def matmul_band(lhsT, rhs):  # expect: verified
    K, M = lhsT.shape
    K_, N = rhs.shape
    assert K == K_
    assert K % 128 == 0 and M % 128 == 0 and N % 512 == 0
    assert M * N < 2**31
    KT = K // 128
    out = nl.ndarray((M, N), dtype=lhsT.dtype, buffer=nl.shared_hbm)
    for m in range(M // 128):
        band = []
        for k in range(KT):
            t = nl.ndarray((128, 128), dtype=lhsT.dtype, buffer=nl.sbuf)
            nisa.dma_copy(dst=t, src=lhsT[k * 128:(k + 1) * 128, m * 128:(m + 1) * 128])
            band.append(t)
        assert len(band) == KT
        for n in range(N // 512):
            acc = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.psum)
            for k in range(KT):
                moving = nl.ndarray((128, 512), dtype=rhs.dtype, buffer=nl.sbuf)
                nisa.dma_copy(dst=moving, src=rhs[k * 128:(k + 1) * 128, n * 512:(n + 1) * 512])
                nisa.nc_matmul(acc, band[k], moving)
            res = nl.ndarray((128, 512), dtype=out.dtype, buffer=nl.sbuf)
            nisa.tensor_copy(dst=res, src=acc)
            nisa.dma_copy(dst=out[m * 128:(m + 1) * 128, n * 512:(n + 1) * 512], src=res)
    return out


@nki.jit
def copy_rows(a):  # expect: verified
    N, F = a.shape
    assert N % 128 == 0 and F <= 512
    out = nl.ndarray((N, F), dtype=a.dtype, buffer=nl.shared_hbm)
    tiles = []
    for i in range(N // 128):
        t = nl.ndarray((128, F), dtype=a.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=t, src=a[i * 128:(i + 1) * 128, 0:F])
        tiles.append(t)
    for i in range(N // 128):
        nisa.dma_copy(dst=out[i * 128:(i + 1) * 128, 0:F], src=tiles[-(N // 128) + i])
    return out
