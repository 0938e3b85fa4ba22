# Legacy API: exp(x * s) with a per-row scale vector loaded from the input
# `s` and cast to float32 on the way in, as nisa.activation requires.
import neuronxcc.nki as nki
import neuronxcc.nki.isa as nisa
import neuronxcc.nki.language as nl


@nki.jit
def scaled_exp(x, s):  # expect: verified
    P, F = x.shape
    assert P == 128
    assert F <= 512
    assert tuple(s.shape) == (P, 1)
    out = nl.ndarray((P, F), dtype=x.dtype, buffer=nl.shared_hbm)
    xt = nl.load(x)
    st = nl.load(s, dtype=nl.float32)
    yt = nisa.activation(op=nl.exp, data=xt, scale=st)
    nl.store(out, value=yt)
    return out
