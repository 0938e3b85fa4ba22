"""A legacy-API kernel (neuronxcc.nki) that passes dst= to nisa.tensor_copy,
as the `import nki` API would: the legacy call takes no dst= and returns
the copy, so the destination would stay unwritten.  kcv stops with a
TypeError at the call instead of dropping dst= silently."""
import neuronxcc.nki as nki
import neuronxcc.nki.isa as nisa
import neuronxcc.nki.language as nl


@nki.jit
def copy_kernel(a):
    out = nl.ndarray((128, 64), dtype=a.dtype, buffer=nl.shared_hbm)
    t = nl.load(a[0:128, 0:64])
    u = nl.ndarray((128, 64), dtype=a.dtype, buffer=nl.sbuf)
    nisa.tensor_copy(src=t, dst=u)
    nl.store(out[0:128, 0:64], value=u)
    return out
