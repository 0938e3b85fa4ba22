# RUN clean: kcv run --checks=all --input x=arange:512x64 --scalar ntiles=4 %s
# RUN abort: kcv run --checks=all --input x=arange:512x64 --scalar ntiles=5 --on-violation=abort %s
# RUN report: kcv run --checks=all --input x=arange:512x64 --scalar ntiles=5 --on-violation=report %s
# The loop bound comes from the caller: one tile too many reads past the
# end of x and writes past the end of out (two sites, both reported).
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def copy_tiles(x, ntiles):
    rows, cols = x.shape
    out = nl.ndarray((rows, cols), dtype=x.dtype, buffer=nl.shared_hbm)
    for i in nl.affine_range(ntiles):
        t = nl.load(x[i * 128:(i + 1) * 128, :])
        nl.store(out[i * 128:(i + 1) * 128, :], value=t)
    return out
