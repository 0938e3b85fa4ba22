# isa.py - nki.isa (Beta 2, SDK 2.27+): destination-first ISA calls (kcv's NKI
# model).  Every instruction writes an explicit `dst` (its first parameter)
# and returns None.  Contracts: isa_common.py; rule ids: core.py.
import __kcv_nki__ as _k
import _kcv_core as _c
import _kcv_isa_common as _i

engine = _k.namespace("nki.isa.engine", tensor="tensor", vector="vector", scalar="scalar",
                      gpsimd="gpsimd", dma="dma", sync="sync", unknown="unknown")
unknown_engine = "unknown"
tensor_engine = "tensor"
vector_engine = "vector"
scalar_engine = "scalar"
gpsimd_engine = "gpsimd"
reduce_cmd = _k.namespace("nki.isa.reduce_cmd", idle=0, reset=1, reduce=2, reset_reduce=3,
                          load_reduce=4)
oob_mode = _k.namespace("nki.isa.oob_mode", error="error", skip="skip")
dge_mode = _k.namespace("nki.isa.dge_mode", unknown="unknown", none="none", swdge="swdge",
                        hwdge="hwdge")
matmul_perf_mode = _k.namespace("nki.isa.matmul_perf_mode", none="none", double_row="double_row")


def _engine(e):
    if e is None:
        return "unknown"
    return e


def dma_copy(dst, src, priority=None, oob_mode=None, dge_mode=None, engine=None, name=None, **kwargs):
    return _i.dma_copy("nisa.dma_copy", dst, src)


def nc_matmul(dst, stationary, moving, is_stationary_onezero=False, is_moving_onezero=False,
              is_transpose=False, accumulate=None, tile_position=None, tile_size=None, perf_mode=None,
              name=None, **kwargs):
    if perf_mode is not None and perf_mode != "none":
        _k.abort("nisa.nc_matmul with perf_mode=double_row is not modelled")
    return _i.nc_matmul("nisa.nc_matmul", dst, stationary, moving, accumulate, None, tile_position,
                        tile_size)


def nc_transpose(dst, data, engine=None, name=None, **kwargs):
    _i.nc_transpose("nisa.nc_transpose", dst, data, _engine(engine))
    return None


def nc_matmul_mx(dst, stationary, moving, stationary_scale, moving_scale, tile_position=None,
                 tile_size=None, accumulate=None, name=None, **kwargs):
    return _i.nc_matmul_mx("nisa.nc_matmul_mx", dst, stationary, moving, stationary_scale,
                           moving_scale, accumulate)


def quantize_mx(dst, src, dst_scale, name=None, **kwargs):
    return _i.quantize_mx("nisa.quantize_mx", dst, src, dst_scale)


def tensor_copy(dst, src, engine=None, name=None, dtype=None, **kwargs):
    # dtype= is not in the Beta-2 signature but the corpus passes it; the
    # output dtype is dst's
    _i.tensor_copy("nisa.tensor_copy", dst, src, None, _engine(engine))
    return None


def memset(dst, value, engine=None, name=None, **kwargs):
    _i.memset("nisa.memset", dst, value)
    return None


def activation(dst, op, data, bias=None, scale=1.0, reduce_op=None, reduce_res=None,
               reduce_cmd=None, name=None, **kwargs):
    _i.activation("nisa.activation", dst, op, data, bias, scale, reduce_op, reduce_res, reduce_cmd)
    return None


def tensor_tensor(dst, data1, data2, op, engine=None, name=None, **kwargs):
    _i.tensor_tensor("nisa.tensor_tensor", dst, data1, data2, op, None, None, _engine(engine))
    return None


def tensor_scalar(dst, data, op0, operand0, reverse0=False, op1=None, operand1=None, reverse1=False,
                  engine=None, name=None, **kwargs):
    _i.tensor_scalar("nisa.tensor_scalar", dst, data, op0, operand0, reverse0, op1, operand1,
                     reverse1, None, None, _engine(engine))
    return None


def tensor_reduce(dst, op, data, axis, negate=False, keepdims=False, name=None, **kwargs):
    _i.tensor_reduce("nisa.tensor_reduce", dst, op, data, axis, negate, keepdims)
    return None


def tensor_scalar_reduce(dst, data, op0, operand0, reduce_op, reduce_res=None, reverse0=False,
                         name=None, **kwargs):
    _i.tensor_scalar_reduce("nisa.tensor_scalar_reduce", dst, data, op0, operand0, reduce_op,
                            reduce_res, reverse0)
    return None


def tensor_tensor_scan(dst, data0, data1, initial, op0, op1, reverse0=False, reverse1=False,
                       name=None, **kwargs):
    _i.tensor_tensor_scan("nisa.tensor_tensor_scan", dst, data0, data1, initial, op0, op1,
                          reverse0, reverse1)
    return None


def reciprocal(dst, data, name=None, **kwargs):
    _i.reciprocal("nisa.reciprocal", dst, data)
    return None


def bn_stats(dst, data, name=None, **kwargs):
    _i.bn_stats("nisa.bn_stats", dst, data)
    return None


def bn_aggr(dst, data, name=None, **kwargs):
    _i.bn_aggr("nisa.bn_aggr", dst, data)
    return None


def affine_select(dst, pattern, channel_multiplier, on_true_tile, on_false_value, cmp_op=None,
                  offset=0, name=None, **kwargs):
    api = "nisa.affine_select"
    _c.need_tensor(api, "on_true_tile", on_true_tile)
    _c.check_tile(api, "on_true_tile", on_true_tile)
    _c.check_sbuf(api, "on_true_tile", on_true_tile)
    _c.read(api, "on_true_tile", on_true_tile)
    _c.need_tensor(api, "dst", dst)
    _c.check_tile(api, "dst", dst)
    _c.check_sbuf(api, "dst", dst)
    _c.check_dst_shape(api, dst, on_true_tile.shape)
    _c.write(api, "dst", dst)
    _k.opaque(dst, api)
    return None


# ---- names kcv does not model: calling one gives up the path ----------------------

iota = _k.unmodelled("nki.isa.iota")
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
register_alloc = _k.unmodelled("nki.isa.register_alloc")
register_move = _k.unmodelled("nki.isa.register_move")
register_load = _k.unmodelled("nki.isa.register_load")
register_store = _k.unmodelled("nki.isa.register_store")
get_nc_version = _k.unmodelled("nki.isa.get_nc_version")
