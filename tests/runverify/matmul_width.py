# RUN clean: kcv run --checks=all --input w=arange:128x128 --input x=arange:128x1024 --scalar width=512 %s
# RUN abort: kcv run --checks=all --input w=arange:128x128 --input x=arange:128x1024 --scalar width=1024 --on-violation=abort %s
# RUN report: kcv run --checks=all --input w=arange:128x128 --input x=arange:128x1024 --scalar width=1024 --on-violation=report %s
# The moving tile's width comes from the caller: above 512 columns the
# Tensor Engine cannot take it (and the result overflows a PSUM bank).  In
# report mode the faulty matmul does nothing, so the stored result was never
# written.
import neuronxcc.nki as nki
import neuronxcc.nki.isa as nisa
import neuronxcc.nki.language as nl


@nki.jit
def project(w, x, width):
    K, M = w.shape
    out = nl.ndarray((M, width), dtype=nl.float32, buffer=nl.shared_hbm)
    stationary = nl.load(w)
    moving = nl.load(x[:, 0:width])
    res = nisa.nc_matmul(stationary, moving)
    nl.store(out, value=res)
    return out
