# RUN clean: kcv run --checks=all --input x=arange:128x64 --scalar chunk=16 %s
# RUN abort: kcv run --checks=all --input x=arange:128x64 --scalar chunk=0 --on-violation=abort %s
# RUN report: kcv run --checks=all --input x=arange:128x64 --scalar chunk=0 --on-violation=report %s
# Host arithmetic on a scalar argument: chunk=0 divides by zero.  Reporting
# goes on, but the quotient is undefined and the next use of it ends the run.
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def chunk_sums(x, chunk):
    P, F = x.shape
    nchunks = F // chunk
    out = nl.ndarray((P, nchunks), dtype=x.dtype, buffer=nl.shared_hbm)
    for c in nl.affine_range(nchunks):
        t = nl.load(x[:, c * chunk:(c + 1) * chunk])
        s = nl.sum(t, axis=1, keepdims=True)
        nl.store(out[:, c:c + 1], value=s)
    return out
