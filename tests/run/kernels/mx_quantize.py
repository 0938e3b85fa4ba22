# quantize_mx of a bfloat16 tile, both outputs returned: the packed words
# and the scales (spread over partition quadrants when P > 32).
import nki
import nki.isa as nisa
import nki.language as nl


@nki.jit(platform_target="trn3")
def quantize(src, mx_dtype):
    P, F = src.shape
    s = nl.ndarray((P, F), dtype=nl.bfloat16, buffer=nl.sbuf)
    nisa.dma_copy(dst=s, src=src)
    d = nl.ndarray((P, F // 4), dtype=mx_dtype, buffer=nl.sbuf)
    rows = P // 8
    if P > 32:
        rows = P
    sc = nl.ndarray((rows, F // 4), dtype=nl.uint8, buffer=nl.sbuf)
    nisa.memset(dst=sc, value=7)
    nisa.quantize_mx(dst=d, src=s, dst_scale=sc)
    words = nl.ndarray(d.shape, dtype=mx_dtype, buffer=nl.shared_hbm)
    scales = nl.ndarray(sc.shape, dtype=nl.uint8, buffer=nl.shared_hbm)
    nisa.dma_copy(dst=words, src=d)
    nisa.dma_copy(dst=scales, src=sc)
    return words, scales


# nc_matmul_mx on data a float32 tensor holds as packed words (bit cast by
# .ap(dtype=...)), with contiguous scales loaded into the first quadrant.
@nki.jit(platform_target="trn3")
def matmul_bitcast(st_words, st_scale, mv_words, mv_scale, mx_dtype, skip=0):
    K = st_words.shape[0] - skip   # skip: rows of st_words before the data
    M = st_scale.shape[1]          # the words' columns hold 4 (fp8) or 2 (fp4) elements per float32
    N = mv_scale.shape[1]
    st = nl.ndarray((K, M), dtype=mx_dtype, buffer=nl.sbuf)
    mv = nl.ndarray((K, N), dtype=mx_dtype, buffer=nl.sbuf)
    nisa.dma_copy(dst=st, src=st_words.ap(dtype=mx_dtype, pattern=[[M, K], [1, M]], offset=skip * M))
    nisa.dma_copy(dst=mv, src=mv_words.ap(dtype=mx_dtype, pattern=[[N, K], [1, N]], offset=0))
    ss = nl.ndarray((K // 8, M), dtype=nl.uint8, buffer=nl.sbuf)
    ms = nl.ndarray((K // 8, N), dtype=nl.uint8, buffer=nl.sbuf)
    nisa.dma_copy(dst=ss, src=st_scale)
    nisa.dma_copy(dst=ms, src=mv_scale)
    acc = nl.ndarray((M, N), dtype=nl.float32, buffer=nl.psum)
    nisa.nc_matmul_mx(dst=acc, stationary=st, moving=mv, stationary_scale=ss, moving_scale=ms)
    nisa.nc_matmul_mx(dst=acc, stationary=st, moving=mv, stationary_scale=ss, moving_scale=ms)
    out = nl.ndarray((M, N), dtype=nl.float32, buffer=nl.shared_hbm)
    r = nl.ndarray((M, N), dtype=nl.float32, buffer=nl.sbuf)
    nisa.tensor_copy(dst=r, src=acc)
    nisa.dma_copy(dst=out, src=r)
    return out


# Arithmetic on packed words is not a value: kcv refuses to compute it.
@nki.jit(platform_target="trn3")
def add_words(words, mx_dtype):
    K, M = words.shape
    t = nl.ndarray((K, M), dtype=mx_dtype, buffer=nl.sbuf)
    nisa.dma_copy(dst=t, src=words.ap(dtype=mx_dtype, pattern=[[M, K], [1, M]], offset=0))
    u = nl.ndarray((K, M), dtype=nl.float32, buffer=nl.sbuf)
    nisa.tensor_copy(dst=u, src=t)
    out = nl.ndarray((K, M), dtype=nl.float32, buffer=nl.shared_hbm)
    nisa.dma_copy(dst=out, src=u)
    return out


# A write through a view that reads its memory as another dtype.
@nki.jit(platform_target="trn3")
def store_bitcast(words, mx_dtype):
    K, M = words.shape
    t = nl.ndarray((K, M), dtype=mx_dtype, buffer=nl.sbuf)
    nisa.dma_copy(dst=t, src=words.ap(dtype=mx_dtype, pattern=[[M, K], [1, M]], offset=0))
    out = nl.ndarray((K, M), dtype=nl.float32, buffer=nl.shared_hbm)
    nisa.dma_copy(dst=out.ap(dtype=mx_dtype, pattern=[[M, K], [1, M]], offset=0), src=t)
    return out
