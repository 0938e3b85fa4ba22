# RUN clean: kcv run --checks=all --input x=arange:256x64 --scalar start=64 %s
# RUN abort: kcv run --checks=all --input x=arange:256x64 --scalar start=200 --on-violation=abort %s
# RUN report: kcv run --checks=all --input x=arange:256x64 --scalar start=200 --on-violation=report %s
# RUN residual: kcv run --input x=arange:256x64 --scalar start=200 --on-violation=report %s
# A 128-row window of x starting at row `start`: in bounds only when
# start + 128 <= 256, which the kernel never asserts.
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def window(x, start):
    out = nl.ndarray((128, 64), dtype=x.dtype, buffer=nl.shared_hbm)
    t = nl.load(x[start:start + 128, :])
    nl.store(out, value=t)
    return out
