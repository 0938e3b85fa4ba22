# RUN clean: kcv run --checks=all --grid 2 --input x=arange:256x64 --scalar factor=2.0 %s
# RUN abort: kcv run --checks=all --grid 3 --input x=arange:256x64 --scalar factor=2.0 --on-violation=abort %s
# RUN report: kcv run --checks=all --grid 3 --input x=arange:256x64 --scalar factor=2.0 --on-violation=report %s
# One 128-row tile per SPMD instance: a grid of more instances than x has
# tiles sends the last instance past its end.
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def scale_rows(x, factor):
    rows, cols = x.shape
    out = nl.ndarray((rows, cols), dtype=x.dtype, buffer=nl.shared_hbm)
    i = nl.program_id(0)
    t = nl.load(x[i * 128:(i + 1) * 128, :])
    nl.store(out[i * 128:(i + 1) * 128, :], value=nl.multiply(t, factor))
    return out
