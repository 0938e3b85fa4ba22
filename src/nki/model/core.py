# core.py - contracts shared by both NKI API generations (kcv's NKI model).
#
# This file is run by kcv's own evaluator as a model module: every `assert`
# below is a contract.  `kcv check` proves it for all inputs the kernel
# admits, `kcv run` checks it as the kernel runs, and both report a
# violation at the user's call site, quoting the assert.  The message of
# each assert starts with its rule id in brackets.
#
# Rule ids (stable; documented in shared/docs/nki-api.md, sections cited):
#   bounds                  an access reaches outside a tensor: index tiles,
#                           integer indices, slices (NKI does not clamp), .ap
#                           patterns (5, 13)
#   partition-limit         an SBUF/PSUM tile spans more than pmax (128)
#                           partitions (1 TC#1, 13)
#   psum-fmax               a PSUM tile is larger than one bank per partition
#                           (2 KiB: 512 fp32) on trn1/trn2 (1 TC#2)
#   sbuf-capacity           one SBUF tile is larger than a partition of SBUF
#                           (192/224/256 KiB on trn1/2/3) (1)
#   matmul-contraction      matmul operands with different contraction sizes (8)
#   matmul-stationary-fmax  stationary free size above gemm_stationary_fmax (8)
#   matmul-moving-fmax      moving free size above the target's limit (8)
#   matmul-dst              matmul destination not PSUM, wrong shape or dtype (8)
#   buffer                  an operand in the wrong memory: load from non-HBM,
#                           compute on HBM, matmul inputs not SBUF (7-10, 13)
#   tile                    an on-chip operand whose partitions are not its
#                           first dimension (block dims not indexed) (4, 13)
#   shape-mismatch          shapes that must agree (copies, stores, elementwise
#                           broadcasting, assignment, reshape) do not (5, 7, 9)
#   alloc-size              a tensor dimension below 1 (4)
#   int-range               an element count at or above 2^31 (32-bit offsets)
#   rank                    a tensor of the wrong number of dimensions (1, 8)
#   dtype                   a dtype an API does not accept (2, 8, 9)
#   op                      an operator an API does not accept (9)
#   reduce-axis             a reduction over the partition axis (9, 10)
#   bn-stats-fmax           bn_stats input free size above bn_stats_fmax (9)
#   transpose-size          a transpose larger than its engine allows (8)
#   access-pattern          an .ap() pattern an on-chip tensor cannot take (5)
#   indexing                slices and index tiles mixed in one subscript (5)
#   immutable-input         a kernel argument is written (3)
#   target                  an API the selected target lacks (8)
#   output-not-written      a kernel output never written (3); the check driver
#                           asks nki_tensor_written for each output
import __kcv_nki__ as _k


def pmax():
    return _k.limit("pmax")


def shape_str(shape):
    return _k.shape_str(shape)


# ---- argument kinds (wrong kinds are the user's TypeErrors) -----------------

def need_tensor(api, role, x):
    if not _k.is_tensor(x):
        if _k.is_unknown(x):
            _k.abort(f"{api}: {role} is unknown ({_k.unknown_reason(x)})")
        _k.type_error(f"{api}: {role} must be a tensor, not {_k.type_name(x)}")


def need_tensor_or_scalar(api, role, x):
    if not _k.is_tensor(x) and not _k.is_number(x):
        if _k.is_unknown(x):
            _k.abort(f"{api}: {role} is unknown ({_k.unknown_reason(x)})")
        _k.type_error(f"{api}: {role} must be a tile or a scalar, not {_k.type_name(x)}")


def dtype_arg(api, dtype, default):
    if dtype is None:
        return default
    return _k.as_dtype(api, dtype)


def op_arg(api, role, op):
    name = _k.op_name(op)
    if name is None:
        _k.type_error(f"{api}: {role} must be an NKI or numpy operator, not {_k.type_name(op)}")
    return name


# ---- memories ---------------------------------------------------------------

def check_on_chip(api, role, t):
    assert t._on_chip, f"[buffer] {api}: {role} must be in SBUF or PSUM, but {t._desc} is in {t._buf}"


def check_in_hbm(api, role, t):
    assert t._in_hbm, f"[buffer] {api}: {role} must be in HBM, but {t._desc} is in {t._buf}"


def check_sbuf(api, role, t):
    assert t._buf == "sbuf", f"[buffer] {api}: {role} must be in SBUF, but {t._desc} is in {t._buf}"


def check_psum(api, role, t):
    assert t._buf == "psum", f"[buffer] {api}: {role} must be in PSUM, but {t._desc} is in {t._buf}"


def check_not_psum(api, role, t):
    assert t._buf != "psum", f"[buffer] {api}: {role} must not be in PSUM, but {t._desc} is"


def check_sbuf_or_hbm(api, role, t):
    assert t._buf != "psum", f"[buffer] {api}: {role} must be in HBM or SBUF, but {t._desc} is in PSUM"


# ---- shapes -----------------------------------------------------------------

def check_partition(api, role, shape):
    if len(shape) >= 1:
        assert shape[0] <= pmax(), f"[partition-limit] {api}: {role} spans {shape[0]} partitions, more than pmax={pmax()}"


def check_psum_tile(api, role, t):
    # one PSUM bank per partition: 2 KiB (512 fp32); trn3 matmuls may use all of PSUM
    if t._buf == "psum" and _k.limit("nc_version") < 4:
        free_bytes = _k.dtype_bytes(_k.free_size(t.shape), t.dtype)
        assert free_bytes <= _k.limit("psum_fmax") * 4, f"[psum-fmax] {api}: {role} {t._desc} holds {free_bytes} bytes per partition, more than one PSUM bank (2048)"


def check_tile(api, role, t):
    """An on-chip operand of a compute API: a tile, partitions first."""
    check_on_chip(api, role, t)
    assert t._is_tile, f"[tile] {api}: {role} {t._desc} is not a tile: its partition dimension is not the first (index its block dimensions first)"
    check_partition(api, role, t.shape)


def check_rank(api, role, t, rank):
    assert t.ndim == rank, f"[rank] {api}: {role} {t._desc} has {t.ndim} dimensions, {rank} expected"


def check_same_shape(api, role_a, sa, role_b, sb):
    assert len(sa) == len(sb), f"[shape-mismatch] {api}: {role_a} has shape {shape_str(sa)} but {role_b} has shape {shape_str(sb)}"
    if len(sa) == len(sb):
        for d in range(len(sa)):
            assert sa[d] == sb[d], f"[shape-mismatch] {api}: {role_a} has shape {shape_str(sa)} but {role_b} has shape {shape_str(sb)} (dimension {d})"


def check_same_partitions(api, role_a, a, role_b, b):
    assert a.shape[0] == b.shape[0], f"[shape-mismatch] {api}: {role_a} has {a.shape[0]} partitions but {role_b} has {b.shape[0]}"


def check_same_free_size(api, role_a, a, role_b, b):
    fa = _k.free_size(a.shape)
    fb = _k.free_size(b.shape)
    assert fa == fb, f"[shape-mismatch] {api}: {role_a} has {fa} elements per partition but {role_b} has {fb}"


def check_dst_shape(api, dst, shape):
    """A destination holds the result: same partitions, same elements per partition."""
    assert dst.shape[0] == shape[0], f"[shape-mismatch] {api}: dst {dst._desc} has {dst.shape[0]} partitions but the result has {shape[0]}"
    fd = _k.free_size(dst.shape)
    fr = _k.free_size(shape)
    assert fd == fr, f"[shape-mismatch] {api}: dst {dst._desc} has {fd} elements per partition but the result has {fr}"


def check_column(api, role, t, data):
    """A (P, 1) per-partition vector operand (scale, bias, scalar operands)."""
    check_same_partitions(api, role, t, "data", data)
    f = _k.free_size(t.shape)
    assert f == 1, f"[shape-mismatch] {api}: {role} {t._desc} must be a (P, 1) column, but has {f} elements per partition"


def broadcast(api, sa, sb):
    shape, ok = _k.broadcast(sa, sb)
    assert ok, f"[shape-mismatch] {api}: operands of shapes {shape_str(sa)} and {shape_str(sb)} do not broadcast"
    return shape


def role_of(role, t):
    """A role for messages, naming tensor t after it when given ("dst a[0:128]");
    made only when a message needs it."""
    if t is None:
        return role
    return t._desc if role == "" else role + " " + t._desc


def check_fits(api, role_v, vshape, role_d, dshape, t_d=None):
    ok = _k.fits(vshape, dshape)
    assert ok, f"[shape-mismatch] {api}: {role_v} of shape {shape_str(vshape)} does not match {role_of(role_d, t_d)} of shape {shape_str(dshape)}"


def check_same_numel(api, role_a, sa, role_b, sb, t_a=None, t_b=None):
    na = _k.numel(sa)
    nb = _k.numel(sb)
    assert na == nb, f"[shape-mismatch] {api}: {role_of(role_a, t_a)} has {na} elements but {role_of(role_b, t_b)} has {nb}"


def shape_of(x):
    if _k.is_tensor(x):
        return x.shape
    return ()


# ---- accesses ---------------------------------------------------------------

def check_access(api, verb, t, mask=None):
    """Every element the access touches (where the mask holds) is in bounds:
    "nl.load reads rows 256..383 of lhsT, which has 256 rows"."""
    for every_element_in_bounds, what in _k.accesses(t, mask):
        assert every_element_in_bounds, f"[bounds] {api} {verb} {what}"


def read(api, role, t, mask=None):
    check_access(api, "reads", t, mask)


def write(api, role, t, mask=None):
    check_access(api, "writes", t, mask)
    assert not t._input, f"[immutable-input] {api}: {role} {t._desc} is a kernel argument; kernels must not write their inputs"
    _k.mark_written(t)


# ---- allocation -------------------------------------------------------------

def check_alloc(api, dims, par, buf):
    for d in range(len(dims)):
        assert dims[d] >= 1, f"[alloc-size] {api}: dimension {d} of shape {shape_str(dims)} is {dims[d]}; every dimension must be at least 1"
    if buf == "sbuf" or buf == "psum":
        assert dims[par] <= pmax(), f"[partition-limit] {api}: the partition dimension of shape {shape_str(dims)} is {dims[par]}, more than pmax={pmax()}"
    n = _k.numel(dims)
    assert n < 2147483648, f"[int-range] {api}: shape {shape_str(dims)} has {n} elements; element offsets must stay below 2^31"


def check_tile_bytes(api, role, tile_shape, dtype, buf):
    """One tile (partition dim first, block dims excluded) fits a partition."""
    free_bytes = _k.dtype_bytes(_k.free_size(tile_shape), dtype)
    if buf == "psum":
        if _k.limit("nc_version") < 4:
            assert free_bytes <= _k.limit("psum_fmax") * 4, f"[psum-fmax] {api}: {role} of shape {shape_str(tile_shape)} holds {free_bytes} bytes per partition, more than one PSUM bank (2048)"
    elif buf == "sbuf":
        cap = _k.limit("sbuf_partition_bytes")
        assert free_bytes <= cap, f"[sbuf-capacity] {api}: {role} of shape {shape_str(tile_shape)} holds {free_bytes} bytes per partition, more than an SBUF partition of {_k.target_name()} ({cap})"


def alloc(api, shape, dtype, buffer, name):
    dims, par = _k.parse_shape(api, shape)
    buf = _k.buffer_kind(api, buffer)
    dt = _k.as_dtype(api, dtype)
    check_alloc(api, dims, par, buf)
    t = _k.alloc(api, dims, par, dt, buffer, name)
    check_tile_bytes(api, "a tile", dims[par:], dt, buf)
    return t


def result(api, shape, dtype, buf="sbuf"):
    """A tile an API returns (legacy value-returning calls)."""
    check_partition(api, "the result", shape)
    check_tile_bytes(api, "the result", shape, dtype, buf)
    return _k.tile(api, shape, dtype, buf)


def as_tile_shape(shape):
    """On-chip results are at least 2-D: (P,) -> (P, 1), () -> (1, 1)."""
    if len(shape) == 0:
        return (1, 1)
    if len(shape) == 1:
        return (shape[0], 1)
    return shape


# ---- elementwise operations -------------------------------------------------

def operand(api, role, x, mask=None):
    need_tensor_or_scalar(api, role, x)
    if _k.is_tensor(x):
        check_tile(api, role, x)
        read(api, role, x, mask)


def elementwise(api, op, x, y, dtype=None, mask=None):
    operand(api, "x", x, mask)
    operand(api, "y", y, mask)
    if not _k.is_tensor(x) and not _k.is_tensor(y):
        return _k.scalar_op(op, x, y)
    shape = broadcast(api, shape_of(x), shape_of(y))
    dt = dtype_arg(api, dtype, _k.promote(x, y))
    out = result(api, as_tile_shape(shape), dt)
    _k.ewise(op, out, x, y, mask)
    return out


def unary_elementwise(api, op, x, dtype=None, mask=None):
    operand(api, "x", x, mask)
    if not _k.is_tensor(x):
        return _k.scalar_op(op, x, None)
    dt = dtype_arg(api, dtype, x.dtype)
    if op in ("exp", "log", "sqrt", "rsqrt", "sigmoid", "tanh", "gelu", "silu", "erf", "reciprocal",
              "sin", "cos", "tan", "arctan", "softplus", "mish", "divide"):
        if not _k.dtype_is_float(dt):
            dt = _k.as_dtype(api, "float32")
    out = result(api, as_tile_shape(x.shape), dt)
    _k.unary(op, out, x, mask)
    return out


# The tile operators: a + b, a * 0.5, 1.0 / t, -t, a < b (tensor.c calls these).

def binop(op, a, b):
    api = f"'{op}'"
    return elementwise(api, op, a, b)


def unary(op, a):
    return unary_elementwise(f"'{op}'", op, a)


def inplace(op, dst, value):
    """acc += x, t[...] *= s: accumulate into the destination, in place."""
    api = f"'{op}='"
    need_tensor(api, "the destination", dst)
    need_tensor_or_scalar(api, "the value", value)
    if _k.is_tensor(value):
        check_fits(api, "the value", value.shape, "the destination", dst.shape)
        read(api, "the value", value)
    read(api, "the destination", dst)
    write(api, "the destination", dst)
    if op == "add" and dst._buf == "psum" and _k.is_tensor(value) and value._buf == "psum":
        # psum[...] += nc_matmul(...): an accumulation group in PSUM.  Its
        # first matmul into a location overwrites it (nki-api.md,
        # "Accumulation": the compiler starts the group), so memory never
        # written reads as 0 here, not as uninitialised.
        _k.fill_unwritten(dst, 0.0)
    _k.ewise(op, dst, dst, value, None)
    return dst


def assign(dst, value):
    """t[...] = value: write a tile (or a scalar) into a view."""
    api = "assignment"
    need_tensor_or_scalar(api, "the value", value)
    if _k.is_tensor(value):
        check_fits(api, "the value", value.shape, "the destination", dst.shape)
        read(api, "the value", value)
    write(api, "the destination", dst)
    _k.copy(dst, value, None)
    return None


# ---- reductions -------------------------------------------------------------

def reduce_shape(api, shape, axis, keepdims):
    axes = _k.norm_axes(axis, len(shape))
    for a in axes:
        assert a >= 1, f"[reduce-axis] {api}: axis {a} is the partition axis; reductions act along free axes"
    out = []
    for d in range(len(shape)):
        if d in axes:
            if keepdims:
                out.append(1)
        else:
            out.append(shape[d])
    return as_tile_shape(tuple(out)), axes


# ---- matmul -----------------------------------------------------------------

def moving_limit_name():
    """What bounds the moving free size: a PSUM bank (gemm_moving_fmax) up to
    NeuronCore-v3, one matmul's share of PSUM on v4."""
    if _k.limit("nc_version") < 4:
        return "gemm_moving_fmax"
    return "the PSUM of a partition"


def matmul_operands(api, stationary, moving, mask=None, moving_max=None):
    """The Tensor Engine's contract on stationary[K, M] and moving[K, N]."""
    need_tensor(api, "stationary", stationary)
    need_tensor(api, "moving", moving)
    check_tile(api, "stationary", stationary)
    check_tile(api, "moving", moving)
    check_sbuf(api, "stationary", stationary)
    check_sbuf(api, "moving", moving)
    read(api, "stationary", stationary, mask)
    read(api, "moving", moving, mask)
    assert _k.dtype_is_float(stationary.dtype), f"[dtype] {api}: stationary has dtype {stationary.dtype}; the Tensor Engine takes float inputs"
    assert _k.dtype_is_float(moving.dtype), f"[dtype] {api}: moving has dtype {moving.dtype}; the Tensor Engine takes float inputs"
    for role, t in (("stationary", stationary), ("moving", moving)):
        packed = t.dtype in ("float8_e5m2_x4", "float8_e4m3fn_x4", "float4_e2m1fn_x4")
        assert not packed, f"[dtype] {api}: {role} has dtype {t.dtype}; packed MX data is multiplied by nisa.nc_matmul_mx"
    k = stationary.shape[0]
    k2 = moving.shape[0]
    assert k == k2, f"[matmul-contraction] {api}: stationary has contraction (partition) size {k} but moving has {k2}"
    m = _k.free_size(stationary.shape)
    n = _k.free_size(moving.shape)
    fmax = _k.limit("gemm_stationary_fmax")
    assert m <= fmax, f"[matmul-stationary-fmax] {api}: stationary tile has {m} columns, more than {fmax} (gemm_stationary_fmax on {_k.target_name()})"
    if moving_max is None:
        moving_max = _k.limit("matmul_moving_max_fp32")
    assert n <= moving_max, f"[matmul-moving-fmax] {api}: moving tile has {n} columns, more than {moving_max} ({moving_limit_name()} on {_k.target_name()})"
    return m, n


def matmul_dst(api, dst, m, n):
    need_tensor(api, "dst", dst)
    check_psum(api, "dst", dst)
    check_tile(api, "dst", dst)
    assert dst.shape[0] == m, f"[matmul-dst] {api}: dst {dst._desc} has {dst.shape[0]} partitions but the result has {m} (the stationary free size)"
    f = _k.free_size(dst.shape)
    assert f == n, f"[matmul-dst] {api}: dst {dst._desc} has {f} elements per partition but the result has {n} (the moving free size)"
    if _k.limit("nc_version") >= 4:
        ok = dst.dtype in ("float32", "bfloat16")
        assert ok, f"[matmul-dst] {api}: dst has dtype {dst.dtype}; the Tensor Engine writes float32 or bfloat16 on {_k.target_name()}"
    else:
        assert dst.dtype == "float32", f"[matmul-dst] {api}: dst has dtype {dst.dtype}; the Tensor Engine writes float32 on {_k.target_name()}"


# ---- tensor methods (t.reshape(...), t.broadcast_to(...), t.ap(...)) ---------

def tensor_reshape(t, *shape):
    api = "reshape"
    if len(shape) == 1 and _k.is_seq(shape[0]):
        shape = shape[0]
    dims, par = _k.parse_shape(api, shape)
    check_same_numel(api, "the new shape", dims, "", t.shape, None, t)
    if t._on_chip:
        assert dims[0] == t.shape[0], f"[shape-mismatch] {api}: reshaping on-chip {t._desc} must keep its {t.shape[0]} partitions, not {dims[0]}"
    return _k.view_reshape(t, dims)


def tensor_broadcast_to(t, shape):
    api = "broadcast_to"
    dims, par = _k.parse_shape(api, shape)
    assert len(dims) == t.ndim, f"[rank] {api}: {t._desc} has {t.ndim} dimensions; broadcast_to keeps the rank, not {len(dims)}"
    if len(dims) == t.ndim:
        for d in range(t.ndim):
            ok = _k.fits((t.shape[d],), (dims[d],))
            assert ok, f"[shape-mismatch] {api}: dimension {d} of {t._desc} is {t.shape[d]}; it broadcasts only to itself, not {dims[d]}"
    return _k.view_broadcast(t, dims)


def tensor_ap(t, pattern, offset=None, scalar_offset=None, vector_offset=None, indirect_dim=0, dtype=None):
    api = ".ap"
    if scalar_offset is not None or vector_offset is not None:
        _k.abort(".ap with scalar_offset/vector_offset (indirect access) is not modelled")
    v = _k.view_ap(t, pattern, offset, dtype)
    if t._on_chip:
        # all partitions do the same access: the first pair walks partitions
        assert pattern[0][0] == _k.free_size(t.shape), f"[access-pattern] {api}: the first pattern pair of on-chip {t._desc} must step by its free size {_k.free_size(t.shape)}, not {pattern[0][0]}"
        check_partition(api, "the access pattern", v.shape)
    return v


def tensor_astype(t, dtype):
    api = "astype"
    dt = _k.as_dtype(api, dtype)
    check_on_chip(api, "the tensor", t)
    read(api, "the tensor", t)
    out = result(api, as_tile_shape(t.shape), dt)
    _k.copy(out, t, None)
    return out


def tensor_assert_shape(t, shape):
    dims, par = _k.parse_shape("assert_shape", shape)
    check_same_shape("assert_shape", t._desc, t.shape, "the expected shape", dims)
    return t


def tensor_expand_dims(t, axis):
    a = axis
    if a < 0:
        a = a + t.ndim + 1
    shape = []
    for d in range(t.ndim + 1):
        if d == a:
            shape.append(1)
        if d < t.ndim:
            shape.append(t.shape[d])
    return _k.view_reshape(t, tuple(shape))
