"""Two kernels in one file: kcv run needs FILE:NAME."""
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def first(a):
    out = nl.ndarray(a.shape, dtype=a.dtype, buffer=nl.shared_hbm)
    nl.store(out, value=nl.load(a))
    return out


@nki.jit
def second(a):
    out = nl.ndarray(a.shape, dtype=a.dtype, buffer=nl.shared_hbm)
    nl.store(out, value=nl.multiply(nl.load(a), 2.0))
    return out
