# The scaled exp of dtype_scale_bug.py, checked for float32 inputs only
# (--dtype-set): the scale vector is then float32 as nisa.activation
# requires.
# kcv-args: --dtype-set float32
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
    st = nl.load(s)
    yt = nisa.activation(op=nl.exp, data=xt, scale=st)
    nl.store(out, value=yt)
    return out
