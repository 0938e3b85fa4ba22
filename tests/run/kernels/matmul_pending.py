"""Matmuls into one PSUM tile are computed together (kcv run defers them so
that a band of K tiles is one sgemm).  Here the deferred values are used in
every way that must see them computed, in order (new `import nki` API):

  part  = A0^T B0, read from PSUM between the two accumulations (part_bf:
          the same read as a cast to bfloat16)
  full  = A0^T B0 + A1^T B1
  reuse = the same sum, with the stationary tile t overwritten (A0, then
          A1) between the two matmuls that read it
  chain = A0^T (A0^T B0): a matmul whose moving tile is the SBUF copy of a
          PSUM tile that had a matmul pending

with A_k = lhsT[128k:128k+128, :] and B_k = rhs[128k:128k+128, :].
"""
import nki
import nki.isa as nisa
import nki.language as nl


@nki.jit
def matmul_pending(lhsT, rhs):
    assert lhsT.shape == (256, 128) and rhs.shape == (256, 512)
    part = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.shared_hbm)
    full = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.shared_hbm)
    reuse = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.shared_hbm)
    chain = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.shared_hbm)
    part_bf = nl.ndarray((128, 512), dtype=nl.bfloat16, buffer=nl.shared_hbm)
    a = []
    b = []
    for k in range(2):
        ak = nl.ndarray((128, 128), dtype=lhsT.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=ak, src=lhsT[k * 128:(k + 1) * 128, :])
        bk = nl.ndarray((128, 512), dtype=rhs.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=bk, src=rhs[k * 128:(k + 1) * 128, :])
        a.append(ak)
        b.append(bk)

    acc = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.psum)
    nisa.nc_matmul(dst=acc, stationary=a[0], moving=b[0])
    p_bf = nl.ndarray((128, 512), dtype=nl.bfloat16, buffer=nl.sbuf)
    nisa.tensor_copy(dst=p_bf, src=acc)                 # reads the first product (a cast)
    nisa.dma_copy(dst=part_bf, src=p_bf)
    p_sb = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.sbuf)
    nisa.tensor_copy(dst=p_sb, src=acc)                 # the same, as a copy not made
    nisa.dma_copy(dst=part, src=p_sb)
    nisa.nc_matmul(dst=acc, stationary=a[1], moving=b[1])
    f_sb = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.sbuf)
    nisa.tensor_copy(dst=f_sb, src=acc)
    nisa.dma_copy(dst=full, src=f_sb)

    acc2 = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.psum)
    t = nl.ndarray((128, 128), dtype=nl.float32, buffer=nl.sbuf)
    nisa.tensor_scalar(dst=t, data=a[0], op0=nl.multiply, operand0=1.0)
    nisa.nc_matmul(dst=acc2, stationary=t, moving=b[0])
    nisa.tensor_scalar(dst=t, data=a[1], op0=nl.multiply, operand0=1.0)   # t changes
    nisa.nc_matmul(dst=acc2, stationary=t, moving=b[1])
    r_sb = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.sbuf)
    nisa.tensor_copy(dst=r_sb, src=acc2)
    nisa.dma_copy(dst=reuse, src=r_sb)

    acc3 = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.psum)
    nisa.nc_matmul(dst=acc3, stationary=a[0], moving=b[0])
    s = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.sbuf)
    nisa.tensor_copy(dst=s, src=acc3)                            # acc3 has a matmul pending
    acc4 = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.psum)
    nisa.nc_matmul(dst=acc4, stationary=a[0], moving=s)
    c_sb = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.sbuf)
    nisa.tensor_copy(dst=c_sb, src=acc4)
    nisa.dma_copy(dst=chain, src=c_sb)
    return part, full, reuse, chain, part_bf
