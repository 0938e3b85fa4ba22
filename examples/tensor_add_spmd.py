"""Element-wise sum c = a + b of two [rows, cols] tensors (legacy neuronxcc.nki API).

Each program instance of a 2-D SPMD launch grid adds one [128, 512] tile:
axis 0 of the grid walks the row tiles, axis 1 the column tiles.  `rows`
need not be a multiple of 128: the last row tile is masked.
"""
import math

import neuronxcc.nki as nki
import neuronxcc.nki.language as nl

TILE_P = 128  # rows per tile: the partition dimension (nl.tile_size.pmax)
TILE_F = 512  # columns per tile


@nki.jit
def add_tile_kernel(a, b):
    rows, cols = a.shape
    assert a.shape == b.shape, f"shapes differ: {a.shape} vs {b.shape}"
    assert a.dtype == b.dtype, "a and b must have the same dtype"
    assert cols % TILE_F == 0, f"cols ({cols}) must be a multiple of {TILE_F}"
    # The launch grid must cover the tensor with [128, 512] tiles, no more:
    # an instance past the last column tile would read out of bounds.
    assert nl.num_programs(0) == (rows + TILE_P - 1) // TILE_P
    assert nl.num_programs(1) == cols // TILE_F

    c = nl.ndarray(a.shape, dtype=a.dtype, buffer=nl.shared_hbm)

    # This instance's tile: rows p0 .. p0+127, columns f0 .. f0+511.
    i_p = nl.program_id(0) * TILE_P + nl.arange(TILE_P)[:, None]
    i_f = nl.program_id(1) * TILE_F + nl.arange(TILE_F)[None, :]
    in_bounds = i_p < rows

    a_tile = nl.load(a[i_p, i_f], mask=in_bounds)
    b_tile = nl.load(b[i_p, i_f], mask=in_bounds)
    c_tile = nl.add(a_tile, b_tile, mask=in_bounds)
    nl.store(c[i_p, i_f], value=c_tile, mask=in_bounds)
    return c


def tensor_add(a, b):
    """Host side: launch one instance per [128, 512] tile."""
    grid_p = math.ceil(a.shape[0] / TILE_P)
    grid_f = a.shape[1] // TILE_F
    return add_tile_kernel[grid_p, grid_f](a, b)
