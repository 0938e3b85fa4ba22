"""Matrix transpose out[C, R] = x[R, C].T, 128 x 128 blocks at a time
(new `import nki` API).

Block (i, j) of x is DMA'd to SBUF, transposed by the Tensor Engine into
PSUM (nisa.nc_transpose), copied back to SBUF and written to block (j, i)
of the output.  R and C must be multiples of 128.
"""
import nki
import nki.isa as nisa
import nki.language as nl

B = 128  # block edge: the Tensor Engine transposes at most 128 x 128


@nki.jit
def transpose_kernel(x):
    R, C = x.shape
    assert R % B == 0, f"rows ({R}) must be a multiple of {B}"
    assert C % B == 0, f"columns ({C}) must be a multiple of {B}"

    out = nl.ndarray((C, R), dtype=x.dtype, buffer=nl.shared_hbm)

    for i in range(R // B):
        for j in range(C // B):
            block = nl.ndarray((B, B), dtype=x.dtype, buffer=nl.sbuf)
            nisa.dma_copy(dst=block, src=x[i * B:(i + 1) * B, j * B:(j + 1) * B])

            flipped = nl.ndarray((B, B), dtype=x.dtype, buffer=nl.psum)
            nisa.nc_transpose(dst=flipped, data=block, engine=nisa.engine.tensor)

            staged = nl.ndarray((B, B), dtype=x.dtype, buffer=nl.sbuf)
            nisa.tensor_copy(dst=staged, src=flipped)
            nisa.dma_copy(dst=out[j * B:(j + 1) * B, i * B:(i + 1) * B], src=staged)

    return out
