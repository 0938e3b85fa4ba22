"""Row-wise softmax: out[r, :] = exp(x[r, :] - max(x[r, :])) / sum(exp(...))
(legacy neuronxcc.nki API).

Rows are processed 128 at a time (one row per partition), the whole row on
the free axis; the last, partial row tile is masked.  Arithmetic is done in
fp32 and the result cast back to x's dtype.
"""
import math

import neuronxcc.nki as nki
import neuronxcc.nki.language as nl

MAX_COLS = 4096  # four fp32 row buffers of this size fit in one SBUF partition


@nki.jit
def softmax_kernel(x):
    rows, cols = x.shape
    assert 0 < cols <= MAX_COLS, f"row length {cols} not in 1..{MAX_COLS}"

    out = nl.ndarray(x.shape, dtype=x.dtype, buffer=nl.shared_hbm)
    i_f = nl.arange(cols)[None, :]

    for t in nl.affine_range(math.ceil(rows / 128)):
        i_p = t * 128 + nl.arange(128)[:, None]
        live = i_p < rows

        row = nl.load(x[i_p, i_f], mask=live, dtype=nl.float32)
        row_max = nl.max(row, axis=[1], keepdims=True, mask=live)   # [128, 1]
        shifted = nl.subtract(row, row_max, mask=live)
        num = nl.exp(shifted, mask=live)
        denom = nl.sum(num, axis=[1], keepdims=True, mask=live)     # [128, 1]
        probs = nl.divide(num, denom, dtype=x.dtype, mask=live)
        nl.store(out[i_p, i_f], value=probs, mask=live)

    return out
