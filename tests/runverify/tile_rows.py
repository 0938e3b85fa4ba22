# RUN clean: kcv run --checks=all --input x=arange:256x64 --scalar rows=128 %s
# RUN abort: kcv run --checks=all --input x=arange:256x64 --scalar rows=192 --on-violation=abort %s
# RUN report: kcv run --checks=all --input x=arange:256x64 --scalar rows=192 --on-violation=report %s
# Tiles of `rows` partitions: an SBUF tile has at most 128.  Reporting goes
# on: the oversized load does nothing, the add on its tile breaks the same
# rule (reported too), and the well-formed load and store after them run.
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def double_rows(x, rows):
    R, F = x.shape
    out = nl.ndarray((128, F), dtype=x.dtype, buffer=nl.shared_hbm)
    t = nl.load(x[0:rows, :])
    u = nl.add(t, t)
    v = nl.load(x[0:128, :])
    nl.store(out, value=nl.add(v, v))
    return out
