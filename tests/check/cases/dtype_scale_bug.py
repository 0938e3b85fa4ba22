# Legacy API: exp(x * s) with a per-row scale vector loaded from the input
# `s`.  nisa.activation takes only a float32 scale vector, and the load
# keeps the input's dtype: wrong for bfloat16 and float16 inputs.
import neuronxcc.nki as nki
import neuronxcc.nki.isa as nisa
import neuronxcc.nki.language as nl


@nki.jit
def scaled_exp(x, s):  # expect: violated
    P, F = x.shape
    assert P == 128
    assert F <= 512
    assert tuple(s.shape) == (P, 1)
    out = nl.ndarray((P, F), dtype=x.dtype, buffer=nl.shared_hbm)
    xt = nl.load(x)
    st = nl.load(s)
    yt = nisa.activation(op=nl.exp, data=xt, scale=st)  # expect-violation: dtype
    nl.store(out, value=yt)
    return out
