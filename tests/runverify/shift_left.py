# RUN clean: kcv run --checks=all --input x=arange:128x64 --scalar shift=8 --scalar limit=64 %s
# RUN abort: kcv run --checks=all --input x=arange:128x64 --scalar shift=8 --scalar limit=72 --on-violation=abort %s
# RUN report: kcv run --checks=all --input x=arange:128x64 --scalar shift=8 --scalar limit=72 --on-violation=report %s
# A masked access: only the lanes the mask keeps count.  With limit=64 the
# mask keeps the shifted columns inside x; limit=72 lets 8 lanes past its
# end (the store, through the same mask, stays inside out).
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def shift_left(x, shift, limit):
    P, F = x.shape
    out = nl.zeros((P, F), dtype=x.dtype, buffer=nl.shared_hbm)
    i_p = nl.arange(P)[:, None]
    i_f = nl.arange(F)[None, :]
    t = nl.load(x[i_p, i_f + shift], mask=(i_f + shift < limit))
    nl.store(out[i_p, i_f], value=t, mask=(i_f + shift < limit))
    return out
