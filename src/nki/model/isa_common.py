# isa_common.py - the contracts of nki.isa instructions, shared by the legacy
# (value-returning) and the Beta-2 (destination-first) signatures.
#
# Each function takes `dst`: None for a legacy call (the result is a new
# tile, returned), or the destination view of a Beta-2 call (checked and
# written).  Rule ids: see core.py.  Sources: shared/docs/nki-api.md
# sections 7-9.
import __kcv_nki__ as _k
import _kcv_core as _c

ACTIVATIONS = ("copy", "identity", "square", "sigmoid", "relu", "gelu", "gelu_dx", "gelu_apprx_tanh",
               "silu", "silu_dx", "tanh", "sqrt", "rsqrt", "exp", "softplus", "mish", "log", "erf",
               "erf_dx", "sin", "arctan", "sign", "reciprocal", "abs", "negative")

REDUCE_OPS = ("add", "subtract", "multiply", "max", "min", "maximum", "minimum", "logical_and",
              "logical_or", "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor")

ALU_OPS = ("add", "subtract", "multiply", "divide", "max", "min", "maximum", "minimum", "power",
           "equal", "not_equal", "greater", "greater_equal", "less", "less_equal", "logical_and",
           "logical_or", "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor", "left_shift",
           "right_shift", "mod")


def tile_in(api, role, t, mask=None):
    _c.need_tensor(api, role, t)
    _c.check_tile(api, role, t)
    _c.read(api, role, t, mask)


def output(api, dst, shape, dtype, buf="sbuf", mask=None):
    """The result of an instruction: a new tile (legacy) or `dst` (Beta 2)."""
    if dst is None:
        return _c.result(api, shape, dtype, buf)
    _c.need_tensor(api, "dst", dst)
    _c.check_tile(api, "dst", dst)
    _c.check_dst_shape(api, dst, shape)
    _c.write(api, "dst", dst, mask)
    return dst


def check_op(api, role, op, allowed):
    name = _c.op_arg(api, role, op)
    assert name in allowed, f"[op] {api}: {role}={name} is not an operator this instruction accepts"
    return name


def scalar_operand(api, role, x, data, mask=None):
    """A compile-time scalar or a (P, 1) column, broadcast along the free axis."""
    _c.need_tensor_or_scalar(api, role, x)
    if _k.is_tensor(x):
        _c.check_on_chip(api, role, x)
        _c.read(api, role, x, mask)
        _c.check_column(api, role, x, data)


# ---- data movement -------------------------------------------------------------

def dma_copy(api, dst, src, mask=None):
    _c.need_tensor(api, "dst", dst)
    _c.need_tensor(api, "src", src)
    _c.check_sbuf_or_hbm(api, "src", src)
    _c.check_sbuf_or_hbm(api, "dst", dst)
    _c.check_same_numel(api, "dst", dst.shape, "src", src.shape, dst, src)
    _c.read(api, "src", src, mask)
    _c.write(api, "dst", dst, mask)
    _k.copy_flat(dst, src)
    return None


def tensor_copy(api, dst, src, dtype=None, engine=None, mask=None):
    tile_in(api, "src", src, mask)
    if engine == "gpsimd":
        _c.check_not_psum(api, "src (GpSimd cannot access PSUM)", src)
    if dst is None:
        dt = _c.dtype_arg(api, dtype, src.dtype)
    else:
        dt = dst.dtype
    out = output(api, dst, _c.as_tile_shape(src.shape), dt, "sbuf", mask)
    _k.copy_flat(out, src)
    return out


def memset(api, dst, value, dtype=None, shape=None, mask=None):
    _c.need_tensor_or_scalar(api, "value", value)
    if _k.is_tensor(value):
        _k.type_error(f"{api}: value must be a compile-time scalar")
    if dst is None:
        dims, par = _k.parse_shape(api, shape)
        out = _c.result(api, _c.as_tile_shape(dims), _k.as_dtype(api, dtype))
    else:
        _c.need_tensor(api, "dst", dst)
        _c.check_tile(api, "dst", dst)
        _c.write(api, "dst", dst, mask)
        out = dst
    _k.fill(out, value, mask)
    return out


# ---- Tensor Engine -------------------------------------------------------------

def nc_matmul(api, dst, stationary, moving, accumulate=None, mask=None, tile_position=None, tile_size=None):
    if tile_position is not None and tile_size is not None and len(tile_position) > 0:
        assert len(tile_size) == 2, f"[op] {api}: tile_position needs tile_size=(rows, cols)"
    if dst is None:
        m, n = _c.matmul_operands(api, stationary, moving, mask, _k.limit("matmul_moving_max_fp32"))
        out = _c.result(api, (m, n), _k.float32, "psum")
        _k.matmul(out, stationary, moving, True, False)
        return out
    _c.need_tensor(api, "dst", dst)
    moving_max = _k.limit("matmul_moving_max_fp32")
    if dst.dtype == "bfloat16":
        moving_max = _k.limit("matmul_moving_max_bf16")
    m, n = _c.matmul_operands(api, stationary, moving, mask, moving_max)
    s32 = stationary.dtype in ("float32", "tfloat32")
    m32 = moving.dtype in ("float32", "tfloat32")
    assert s32 == m32, f"[dtype] {api}: stationary is {stationary.dtype} and moving is {moving.dtype}; float32/tfloat32 operands pair only with float32/tfloat32"
    _c.matmul_dst(api, dst, m, n)
    _c.write(api, "dst", dst, mask)
    _k.matmul(dst, stationary, moving, True, accumulate)
    return None


def nc_transpose(api, dst, data, engine=None, dtype=None, mask=None):
    tile_in(api, "data", data, mask)
    p = data.shape[0]
    f = _k.free_size(data.shape)
    if engine == "vector":
        assert p <= 32, f"[transpose-size] {api}: the Vector Engine transposes at most 32x32, but data has {p} partitions"
        assert f <= 32, f"[transpose-size] {api}: the Vector Engine transposes at most 32x32, but data has {f} elements per partition"
        buf = "sbuf"
    else:
        _c.check_sbuf(api, "data (Tensor Engine transpose)", data)
        assert f <= _c.pmax(), f"[transpose-size] {api}: the Tensor Engine transposes at most 128x128, but data has {f} elements per partition"
        buf = "psum"
    if dst is None:
        dt = _c.dtype_arg(api, dtype, data.dtype)
    else:
        dt = dst.dtype
        assert dst.dtype == data.dtype, f"[dtype] {api}: dst has dtype {dst.dtype} but data has {data.dtype}; a transpose does not cast"
        if engine != "vector":
            _c.check_psum(api, "dst (Tensor Engine transpose)", dst)
    out = output(api, dst, (f, p), dt, buf, mask)
    _k.transpose(out, data)
    return out


def nc_matmul_mx(api, dst, stationary, moving, stationary_scale, moving_scale, accumulate=None):
    assert _k.limit("nc_version") >= 4, f"[target] {api}: MX matmul needs NeuronCore-v4 (trn3), not {_k.target_name()}"
    for role, t in (("stationary", stationary), ("moving", moving)):
        tile_in(api, role, t)
        _c.check_sbuf(api, role, t)
        ok = t.dtype in ("float8_e5m2_x4", "float8_e4m3fn_x4", "float4_e2m1fn_x4")
        assert ok, f"[dtype] {api}: {role} has dtype {t.dtype}; MX matmul takes float8_e5m2_x4, float8_e4m3fn_x4 or float4_e2m1fn_x4"
    for role, t in (("stationary_scale", stationary_scale), ("moving_scale", moving_scale)):
        tile_in(api, role, t)
        _c.check_sbuf(api, role, t)
        ok = t.dtype in ("uint8", "float8_e8m0fnu")
        assert ok, f"[dtype] {api}: {role} has dtype {t.dtype}; MX scales are uint8 or float8_e8m0fnu"
    k = stationary.shape[0]
    assert k == moving.shape[0], f"[matmul-contraction] {api}: stationary has {k} partitions but moving has {moving.shape[0]}"
    assert k % 32 == 0, f"[matmul-contraction] {api}: the contraction (partition) size {k} must be a multiple of 32"
    m = _k.free_size(stationary.shape)
    n = _k.free_size(moving.shape)
    fmax = _k.limit("gemm_stationary_fmax")
    assert m <= fmax, f"[matmul-stationary-fmax] {api}: stationary tile has {m} columns, more than {fmax} (gemm_stationary_fmax on {_k.target_name()})"
    assert m % 2 == 0, f"[matmul-stationary-fmax] {api}: stationary tile has {m} columns; MX matmul needs an even number"
    _c.need_tensor(api, "dst", dst)
    nmax = _k.limit("matmul_moving_max_fp32")
    if dst.dtype == "bfloat16":
        nmax = _k.limit("matmul_moving_max_bf16")
    assert n <= nmax, f"[matmul-moving-fmax] {api}: moving tile has {n} columns, more than {nmax} ({_c.moving_limit_name()} on {_k.target_name()})"
    _c.matmul_dst(api, dst, m, n)
    mx_scale_fits(api, "stationary_scale", stationary_scale, k, m)
    mx_scale_fits(api, "moving_scale", moving_scale, k, n)
    _c.write(api, "dst", dst)
    _k.matmul_mx(dst, stationary, moving, stationary_scale, moving_scale, accumulate)
    return None


def quantize_mx(api, dst, src, dst_scale):
    assert _k.limit("nc_version") >= 4, f"[target] {api}: quantize_mx needs NeuronCore-v4 (trn3), not {_k.target_name()}"
    tile_in(api, "src", src)
    _c.check_sbuf(api, "src", src)
    ok = src.dtype in ("bfloat16", "float16")
    assert ok, f"[dtype] {api}: src has dtype {src.dtype}; quantize_mx takes bfloat16 or float16"
    p = src.shape[0]
    f = _k.free_size(src.shape)
    assert p % 32 == 0, f"[shape-mismatch] {api}: src has {p} partitions; a multiple of 32 is required"
    assert f % 4 == 0, f"[shape-mismatch] {api}: src has {f} elements per partition; a multiple of 4 is required"
    _c.need_tensor(api, "dst", dst)
    _c.check_tile(api, "dst", dst)
    _c.check_sbuf(api, "dst", dst)
    ok = dst.dtype in ("float8_e5m2_x4", "float8_e4m3fn_x4")
    assert ok, f"[dtype] {api}: dst has dtype {dst.dtype}; quantize_mx writes float8_e5m2_x4 or float8_e4m3fn_x4"
    assert dst.shape[0] == p, f"[shape-mismatch] {api}: dst has {dst.shape[0]} partitions but src has {p}"
    fd = _k.free_size(dst.shape)
    assert fd * 4 == f, f"[shape-mismatch] {api}: dst has {fd} elements per partition; src's {f} values pack into {f // 4}"
    _c.need_tensor(api, "dst_scale", dst_scale)
    _c.check_tile(api, "dst_scale", dst_scale)
    _c.check_sbuf(api, "dst_scale", dst_scale)
    ok = dst_scale.dtype in ("uint8", "float8_e8m0fnu")
    assert ok, f"[dtype] {api}: dst_scale has dtype {dst_scale.dtype}; MX scales are uint8 or float8_e8m0fnu"
    mx_scale_fits(api, "dst_scale", dst_scale, p, fd)
    _c.write(api, "dst", dst)
    _c.write(api, "dst_scale", dst_scale)
    _k.quantize_mx(dst, src, dst_scale)
    return None


def mx_scale_fits(api, role, scale, p, words):
    # the scale of partitions 8g..8g+7 sits at row g (p <= 32) or at row
    # (g // 4) * 32 + g % 4, in the first 4 partitions of the data's quadrant
    rows = p // 8
    if p > 32:
        rows = (p // 8 - 1) // 4 * 32 + (p // 8 - 1) % 4 + 1
    sp = scale.shape[0]
    sf = _k.free_size(scale.shape)
    assert sp >= rows, f"[shape-mismatch] {api}: {role} has {sp} partitions; the scales of {p} data partitions need {rows}"
    assert sf >= words, f"[shape-mismatch] {api}: {role} has {sf} elements per partition; {words} data columns need as many"



# ---- Vector / Scalar / GpSimd -------------------------------------------------------

def activation(api, dst, op, data, bias=None, scale=1.0, reduce_op=None, reduce_res=None,
               reduce_cmd=None, dtype=None, mask=None):
    name = check_op(api, "op", op, ACTIVATIONS)
    tile_in(api, "data", data, mask)
    _c.need_tensor_or_scalar(api, "scale", scale)
    if _k.is_tensor(scale):
        scalar_operand(api, "scale", scale, data, mask)
        assert scale.dtype == "float32", f"[dtype] {api}: scale has dtype {scale.dtype}; a scale vector must be float32"
    if bias is not None:
        _c.need_tensor_or_scalar(api, "bias", bias)
        if _k.is_tensor(bias):
            scalar_operand(api, "bias", bias, data, mask)
            ok = bias.dtype in ("float32", "float16", "bfloat16")
            assert ok, f"[dtype] {api}: bias has dtype {bias.dtype}; a bias vector must be float32, float16 or bfloat16"
        else:
            assert _k.limit("nc_version") >= 3, f"[target] {api}: a scalar bias needs NeuronCore-v3 or later; use a (P, 1) bias vector on {_k.target_name()}"
    if dst is None:
        dt = _c.dtype_arg(api, dtype, data.dtype)
    else:
        dt = dst.dtype
    out = output(api, dst, _c.as_tile_shape(data.shape), dt, "sbuf", mask)
    _k.activation(out, name, data, scale, bias)
    if reduce_op is not None or reduce_res is not None:
        rname = check_op(api, "reduce_op", reduce_op, ("add",))
        _c.need_tensor(api, "reduce_res", reduce_res)
        _c.check_on_chip(api, "reduce_res", reduce_res)
        _c.check_column(api, "reduce_res", reduce_res, data)
        _c.write(api, "reduce_res", reduce_res)
        _k.reduce("add", reduce_res, out, _free_axes(out), False)
    return out


def _free_axes(t):
    axes = []
    for d in range(1, t.ndim):
        axes.append(d)
    return tuple(axes)


def tensor_tensor(api, dst, data1, data2, op, dtype=None, mask=None, engine=None):
    name = check_op(api, "op", op, ALU_OPS)
    tile_in(api, "data1", data1, mask)
    tile_in(api, "data2", data2, mask)
    _c.check_same_partitions(api, "data1", data1, "data2", data2)
    _c.check_same_free_size(api, "data1", data1, "data2", data2)
    both_psum = data1._buf == "psum" and data2._buf == "psum"
    assert not both_psum, f"[buffer] {api}: data1 and data2 are both in PSUM; at most one may be"
    if name == "power" or engine == "gpsimd":
        _c.check_not_psum(api, "data1 (GpSimd cannot access PSUM)", data1)
        _c.check_not_psum(api, "data2 (GpSimd cannot access PSUM)", data2)
    if dst is None:
        dt = _c.dtype_arg(api, dtype, _k.promote(data1, data2))
    else:
        dt = dst.dtype
    out = output(api, dst, _c.as_tile_shape(data1.shape), dt, "sbuf", mask)
    _k.ewise_flat(name, out, data1, data2)
    return out


def tensor_scalar(api, dst, data, op0, operand0, reverse0=False, op1=None, operand1=None,
                  reverse1=False, dtype=None, mask=None, engine=None):
    name0 = check_op(api, "op0", op0, ALU_OPS)
    tile_in(api, "data", data, mask)
    scalar_operand(api, "operand0", operand0, data, mask)
    name1 = None
    if op1 is not None:
        name1 = check_op(api, "op1", op1, ALU_OPS)
        scalar_operand(api, "operand1", operand1, data, mask)
    if engine == "scalar":
        ok = name0 == "multiply" or name0 == "add"
        assert ok, f"[op] {api}: the Scalar Engine computes only multiply and add, not {name0}"
    if dst is None:
        dt = _c.dtype_arg(api, dtype, data.dtype)
    else:
        dt = dst.dtype
    out = output(api, dst, _c.as_tile_shape(data.shape), dt, "sbuf", mask)
    _k.scalar_apply(out, data, name0, operand0, reverse0)
    if name1 is not None:
        _k.scalar_apply(out, out, name1, operand1, reverse1)
    return out


def tensor_reduce(api, dst, op, data, axis, negate=False, keepdims=False, dtype=None, mask=None):
    name = check_op(api, "op", op, REDUCE_OPS)
    tile_in(api, "data", data, mask)
    shape, axes = _c.reduce_shape(api, data.shape, axis, keepdims)
    if dst is None:
        dt = _c.dtype_arg(api, dtype, data.dtype)
    else:
        dt = dst.dtype
    out = output(api, dst, shape, dt, "sbuf", mask)
    _k.reduce(name, out, data, axes, negate)
    return out


def tensor_scalar_reduce(api, dst, data, op0, operand0, reduce_op, reduce_res, reverse0=False,
                         dtype=None, mask=None):
    name0 = check_op(api, "op0", op0, ALU_OPS)
    rname = check_op(api, "reduce_op", reduce_op, ("add", "subtract", "multiply", "max", "min"))
    tile_in(api, "data", data, mask)
    scalar_operand(api, "operand0", operand0, data, mask)
    if dst is None:
        dt = _c.dtype_arg(api, dtype, data.dtype)
    else:
        dt = dst.dtype
    out = output(api, dst, _c.as_tile_shape(data.shape), dt, "sbuf", mask)
    _k.scalar_apply(out, data, name0, operand0, reverse0)
    if reduce_res is not None:
        _c.need_tensor(api, "reduce_res", reduce_res)
        _c.check_on_chip(api, "reduce_res", reduce_res)
        _c.check_column(api, "reduce_res", reduce_res, data)
        _c.write(api, "reduce_res", reduce_res)
        _k.reduce(rname, reduce_res, out, _free_axes(out), False)
    return out


def tensor_tensor_scan(api, dst, data0, data1, initial, op0, op1, reverse0=False, reverse1=False,
                       dtype=None, mask=None):
    name0 = check_op(api, "op0", op0, ALU_OPS)
    name1 = check_op(api, "op1", op1, ALU_OPS)
    tile_in(api, "data0", data0, mask)
    tile_in(api, "data1", data1, mask)
    _c.check_same_shape(api, "data0", data0.shape, "data1", data1.shape)
    both_psum = data0._buf == "psum" and data1._buf == "psum"
    assert not both_psum, f"[buffer] {api}: data0 and data1 are both in PSUM; at most one may be"
    scalar_operand(api, "initial", initial, data0, mask)
    if dst is None:
        dt = _c.dtype_arg(api, dtype, _k.promote(data0, data1))
    else:
        dt = dst.dtype
    out = output(api, dst, _c.as_tile_shape(data0.shape), dt, "sbuf", mask)
    _k.scan(out, data0, data1, initial, name0, name1)
    return out


def reciprocal(api, dst, data, dtype=None, mask=None):
    tile_in(api, "data", data, mask)
    if dst is None:
        dt = _c.dtype_arg(api, dtype, data.dtype)
    else:
        dt = dst.dtype
    out = output(api, dst, _c.as_tile_shape(data.shape), dt, "sbuf", mask)
    _k.unary("reciprocal", out, data, None)
    return out


def iota(api, expr, dtype, mask=None):
    if not _k.is_index(expr):
        _k.type_error(f"{api}: expr must be an affine index expression (nl.arange ...), not {_k.type_name(expr)}")
    shape = _k.index_shape(expr)
    out = _c.result(api, _c.as_tile_shape(shape), _k.as_dtype(api, dtype))
    _k.iota(out, expr)
    return out


def bn_stats(api, dst, data, dtype=None, mask=None):
    tile_in(api, "data", data, mask)
    f = _k.free_size(data.shape)
    fmax = _k.limit("bn_stats_fmax")
    assert f <= fmax, f"[bn-stats-fmax] {api}: data has {f} elements per partition, more than bn_stats_fmax={fmax}"
    if dst is None:
        dt = _c.dtype_arg(api, dtype, data.dtype)
    else:
        dt = dst.dtype
    out = output(api, dst, (data.shape[0], 6), dt, "sbuf")
    _k.bn_stats(out, data, mask)
    return out


def bn_aggr(api, dst, data, dtype=None, mask=None):
    tile_in(api, "data", data, mask)
    f = _k.free_size(data.shape)
    assert f % 3 == 0, f"[shape-mismatch] {api}: data has {f} elements per partition; bn_aggr takes whole (count, mean, variance) triples"
    if dst is None:
        dt = _c.dtype_arg(api, dtype, data.dtype)
    else:
        dt = dst.dtype
    out = output(api, dst, (data.shape[0], 2), dt, "sbuf")
    _k.bn_aggr(out, data)
    return out
