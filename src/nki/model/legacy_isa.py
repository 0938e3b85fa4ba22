# legacy_isa.py - neuronxcc.nki.isa (SDK 2.21-2.26): value-returning ISA calls
# (kcv's NKI model).  Instructions return a new tile; results land in SBUF,
# except Tensor Engine results (nc_matmul, nc_transpose), which land in
# PSUM.  dma_copy is (src, dst) positional in 2.21 and keyword-only
# (dst=, src=) from 2.22.  Contracts: isa_common.py; rule ids: core.py.
import __kcv_nki__ as _k
import _kcv_core as _c
import _kcv_isa_common as _i

# ---- engines and enums ---------------------------------------------------------

unknown_engine = "unknown"
tensor_engine = "tensor"
vector_engine = "vector"
scalar_engine = "scalar"
gpsimd_engine = "gpsimd"
engine = _k.namespace("nki.isa.engine", tensor="tensor", vector="vector", scalar="scalar",
                      gpsimd="gpsimd", dma="dma", sync="sync", unknown="unknown")
reduce_cmd = _k.namespace("nki.isa.reduce_cmd", idle=0, reset=1, reduce=2, reset_reduce=3,
                          load_reduce=4)
oob_mode = _k.namespace("nki.isa.oob_mode", error="error", skip="skip")
dge_mode = _k.namespace("nki.isa.dge_mode", unknown="unknown", none="none", swdge="swdge",
                        hwdge="hwdge")


def _engine(e):
    if e is None or e == 0:
        return "unknown"
    return e


# ---- instructions ---------------------------------------------------------------

def nc_matmul(stationary, moving, is_stationary_onezero=False, is_moving_onezero=False,
              is_transpose=False, mask=None, tile_position=None, tile_size=None, **kwargs):
    return _i.nc_matmul("nisa.nc_matmul", None, stationary, moving, None, mask, tile_position, tile_size)


def nc_transpose(data, mask=None, dtype=None, engine=None, **kwargs):
    return _i.nc_transpose("nisa.nc_transpose", None, data, _engine(engine), dtype, mask)


def tensor_copy(src, mask=None, dtype=None, engine=None, dst=None, **kwargs):
    if dst is not None:
        # the legacy call returns the copy; a dst= would be dropped unwritten
        _k.type_error("nisa.tensor_copy: the legacy API (neuronxcc.nki) takes no dst=; it returns the copy "
                      "(`t = nisa.tensor_copy(src)`); dst= belongs to the `import nki` API")
    return _i.tensor_copy("nisa.tensor_copy", None, src, dtype, _engine(engine), mask)


def memset(shape, value, dtype, mask=None, engine=None, **kwargs):
    return _i.memset("nisa.memset", None, value, dtype, shape, mask)


def activation(op, data, bias=None, scale=1.0, mask=None, dtype=None, reduce_op=None,
               reduce_res=None, reduce_cmd=None, **kwargs):
    return _i.activation("nisa.activation", None, op, data, bias, scale, reduce_op, reduce_res,
                         reduce_cmd, dtype, mask)


def tensor_tensor(data1, data2, op, dtype=None, mask=None, engine=None, **kwargs):
    return _i.tensor_tensor("nisa.tensor_tensor", None, data1, data2, op, dtype, mask, _engine(engine))


def tensor_scalar(data, op0, operand0, reverse0=False, op1=None, operand1=None, reverse1=False,
                  dtype=None, mask=None, engine=None, **kwargs):
    return _i.tensor_scalar("nisa.tensor_scalar", None, data, op0, operand0, reverse0, op1, operand1,
                            reverse1, dtype, mask, _engine(engine))


def tensor_reduce(op, data, axis, mask=None, dtype=None, negate=False, keepdims=False, **kwargs):
    return _i.tensor_reduce("nisa.tensor_reduce", None, op, data, axis, negate, keepdims, dtype, mask)


def tensor_scalar_reduce(data=None, op0=None, operand0=None, reduce_op=None, reduce_res=None,
                         reverse0=False, dtype=None, mask=None, **kwargs):
    return _i.tensor_scalar_reduce("nisa.tensor_scalar_reduce", None, data, op0, operand0, reduce_op,
                                   reduce_res, reverse0, dtype, mask)


def tensor_tensor_scan(data0, data1, initial, op0, op1, reverse0=False, reverse1=False, dtype=None,
                       mask=None, **kwargs):
    return _i.tensor_tensor_scan("nisa.tensor_tensor_scan", None, data0, data1, initial, op0, op1,
                                 reverse0, reverse1, dtype, mask)


def reciprocal(data, dtype=None, mask=None, engine=None, **kwargs):
    return _i.reciprocal("nisa.reciprocal", None, data, dtype, mask)


def affine_select(pred, on_true_tile, on_false_value, mask=None, dtype=None, **kwargs):
    api = "nisa.affine_select"
    if not _k.is_mask(pred):
        _k.type_error(f"{api}: pred must be an affine comparison of index tiles, not {_k.type_name(pred)}")
    _c.need_tensor(api, "on_true_tile", on_true_tile)
    _c.check_tile(api, "on_true_tile", on_true_tile)
    _c.read(api, "on_true_tile", on_true_tile, mask)
    _c.need_tensor_or_scalar(api, "on_false_value", on_false_value)
    out = _c.result(api, _c.as_tile_shape(on_true_tile.shape), _c.dtype_arg(api, dtype, on_true_tile.dtype))
    _k.select(out, pred, on_true_tile, on_false_value)
    return out


def iota(expr, dtype, mask=None, **kwargs):
    return _i.iota("nisa.iota", expr, dtype, mask)


def bn_stats(data, mask=None, dtype=None, **kwargs):
    return _i.bn_stats("nisa.bn_stats", None, data, dtype, mask)


def bn_aggr(data, mask=None, dtype=None, **kwargs):
    return _i.bn_aggr("nisa.bn_aggr", None, data, dtype, mask)


def dma_copy(src=None, dst=None, mask=None, dst_rmw_op=None, oob_mode=None, dge_mode=None, **kwargs):
    # SDK 2.21: dma_copy(src, dst) positional, source first; 2.22+: keywords
    if src is None or dst is None:
        _k.type_error("nisa.dma_copy: both src and dst are required")
    if dst_rmw_op is not None:
        _k.abort("nisa.dma_copy with dst_rmw_op is not modelled")
    return _i.dma_copy("nisa.dma_copy", dst, src, mask)


# ---- names kcv does not model: calling one gives up the path ----------------------

dropout = _k.unmodelled("nki.isa.dropout")
select_reduce = _k.unmodelled("nki.isa.select_reduce")
sequence_bounds = _k.unmodelled("nki.isa.sequence_bounds")
range_select = _k.unmodelled("nki.isa.range_select")
max8 = _k.unmodelled("nki.isa.max8")
nc_find_index8 = _k.unmodelled("nki.isa.nc_find_index8")
nc_match_replace8 = _k.unmodelled("nki.isa.nc_match_replace8")
nc_stream_shuffle = _k.unmodelled("nki.isa.nc_stream_shuffle")
local_gather = _k.unmodelled("nki.isa.local_gather")
dma_transpose = _k.unmodelled("nki.isa.dma_transpose")
tensor_partition_reduce = _k.unmodelled("nki.isa.tensor_partition_reduce")
scalar_tensor_tensor = _k.unmodelled("nki.isa.scalar_tensor_tensor")
activation_reduce = _k.unmodelled("nki.isa.activation_reduce")
tensor_copy_dynamic_src = _k.unmodelled("nki.isa.tensor_copy_dynamic_src")
tensor_copy_dynamic_dst = _k.unmodelled("nki.isa.tensor_copy_dynamic_dst")
tensor_copy_predicated = _k.unmodelled("nki.isa.tensor_copy_predicated")
get_nc_version = _k.unmodelled("nki.isa.get_nc_version")
