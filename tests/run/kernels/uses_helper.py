"""Imports a helper from a folder given with --path; allocates 200 KiB of
SBUF per partition, which trn2 and trn3 have and trn1 has not."""
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl

from run_helpers import ROWS, scaled


@nki.jit
def triple(a):
    P, F = a.shape
    assert P == ROWS
    big = nl.ndarray((ROWS, 51200), dtype=nl.float32, buffer=nl.sbuf)
    out = nl.ndarray((P, F), dtype=a.dtype, buffer=nl.shared_hbm)
    nl.store(out, value=scaled(nl.load(a), 3.0))
    return out
