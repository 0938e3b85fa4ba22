# RUN clean: kcv run --checks=all --input x=arange:128x512 --scalar width=256 %s
# RUN abort: kcv run --checks=all --input x=arange:128x512 --scalar width=384 --on-violation=abort %s
# RUN report: kcv run --checks=all --input x=arange:128x512 --scalar width=384 --on-violation=report %s
# A store whose value is as wide as the caller says, into an output of a
# fixed width.  In report mode the faulty store does nothing: out is never
# written.
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def copy_prefix(x, width):
    P, F = x.shape
    out = nl.ndarray((P, 256), dtype=x.dtype, buffer=nl.shared_hbm)
    t = nl.load(x[:, 0:width])
    nl.store(out, value=t)
    return out
