# The float32 branch, chosen with `is`, allocates four times the columns:
# it overflows an SBUF partition for F > 14336.  kcv must explore it: an
# input's dtype is open (float32, bfloat16 or float16), and `is` decides on
# the dtype the path has, not on the stand-in.
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


@nki.jit
def widen(a):  # expect: violated
    P, F = a.shape
    assert P <= 128 and F <= 30000
    if a.dtype is nl.float32:
        t = nl.ndarray((P, F * 4), dtype=a.dtype, buffer=nl.sbuf)  # expect-violation: sbuf-capacity
    else:
        t = nl.ndarray((P, F), dtype=a.dtype, buffer=nl.sbuf)
    out = nl.ndarray((P, F), dtype=a.dtype, buffer=nl.shared_hbm)
    nl.store(out, value=nl.load(a))
    return out
