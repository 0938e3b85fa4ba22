# language.py - nki.language / neuronxcc.nki.language (kcv's NKI model).
#
# One module for both generations: the legacy signatures take mask= and
# dtype= keywords the Beta-2 ones lack; accepting both is harmless.  Rule
# ids: see core.py.  Sources: shared/docs/nki-api.md sections 4-7 and 10.
import __kcv_nki__ as _k
import _kcv_core as _c

# ---- dtypes and buffers (section 2, 4) --------------------------------------

float32 = _k.float32
bfloat16 = _k.bfloat16
float16 = _k.float16
tfloat32 = _k.tfloat32
float8_e4m3 = _k.float8_e4m3
float8_e5m2 = _k.float8_e5m2
float8_e4m3fn = _k.float8_e4m3fn
float8_e8m0fnu = _k.float8_e8m0fnu
float8_e5m2_x4 = _k.float8_e5m2_x4
float8_e4m3fn_x4 = _k.float8_e4m3fn_x4
float4_e2m1fn_x4 = _k.float4_e2m1fn_x4
int8 = _k.int8
int16 = _k.int16
int32 = _k.int32
uint8 = _k.uint8
uint16 = _k.uint16
uint32 = _k.uint32
bool_ = _k.bool_

sbuf = _k.buffer("sbuf")
psum = _k.buffer("psum")
hbm = _k.buffer("private_hbm")
private_hbm = hbm
shared_hbm = _k.buffer("shared_hbm")

tile_size = _k.tile_size
mgrid = _k.mgrid


# ---- creation (section 4) ---------------------------------------------------

def par_dim(n):
    return _k.par_dim(n)


def ndarray(shape, dtype, buffer=None, name="", **kwargs):
    return _c.alloc("nl.ndarray", shape, dtype, buffer, name)


def zeros(shape, dtype, buffer=None, name="", **kwargs):
    t = _c.alloc("nl.zeros", shape, dtype, buffer, name)
    _k.fill(t, 0, None)
    _k.mark_written(t)
    return t


def ones(shape, dtype, buffer=None, name="", **kwargs):
    t = _c.alloc("nl.ones", shape, dtype, buffer, name)
    _k.fill(t, 1, None)
    _k.mark_written(t)
    return t


def full(shape, fill_value, dtype, buffer=None, name="", **kwargs):
    t = _c.alloc("nl.full", shape, dtype, buffer, name)
    _k.fill(t, fill_value, None)
    _k.mark_written(t)
    return t


def empty_like(a, dtype=None, buffer=None, name="", **kwargs):
    _c.need_tensor("nl.empty_like", "a", a)
    return _c.alloc("nl.empty_like", a.shape, _c.dtype_arg("nl.empty_like", dtype, a.dtype), buffer, name)


def zeros_like(a, dtype=None, buffer=None, name="", **kwargs):
    _c.need_tensor("nl.zeros_like", "a", a)
    return zeros(a.shape, _c.dtype_arg("nl.zeros_like", dtype, a.dtype), buffer, name)


def ones_like(a, dtype=None, buffer=None, name="", **kwargs):
    _c.need_tensor("nl.ones_like", "a", a)
    return ones(a.shape, _c.dtype_arg("nl.ones_like", dtype, a.dtype), buffer, name)


def shared_constant(constant, dtype=None, **kwargs):
    return _k.shared_constant(constant, dtype)


def shared_identity_matrix(n, dtype=None, **kwargs):
    if dtype is None:
        dtype = uint8
    return _k.shared_constant(_k.host_identity(n, dtype), dtype)


# ---- index tiles (section 5) -------------------------------------------------

def arange(start, stop=None, step=1, **kwargs):
    return _k.arange(start, stop, step)


def ds(start, size):
    return _k.ds(start, size)


# ---- loops and SPMD (sections 3, 6) ------------------------------------------

def affine_range(start, stop=None, step=None, **kwargs):
    return _k.range("affine", start, stop, step)


def sequential_range(start, stop=None, step=None, **kwargs):
    return _k.range("sequential", start, stop, step)


def static_range(start, stop=None, step=None, **kwargs):
    return _k.range("static", start, stop, step)


def dynamic_range(start, stop=None, step=None, **kwargs):
    return _k.range("sequential", start, stop, step)


def program_id(axis=0):
    return _k.program_id(axis)


def num_programs(axes=None):
    return _k.num_programs(axes)


def program_ndim():
    return _k.program_ndim()


def nc(n):
    # a grid dimension spread over n NeuronCores: the grid size is n
    return n


def spmd_dim(*dims):
    n = 1
    for d in dims:
        n = n * d
    return n


def device_print(*args, **kwargs):
    return None


# ---- data movement (section 7) -----------------------------------------------

def load(src, mask=None, dtype=None, **kwargs):
    api = "nl.load"
    _c.need_tensor(api, "src", src)
    _c.check_in_hbm(api, "src", src)
    _c.read(api, "src", src, mask)
    shape = _c.as_tile_shape(src.shape)
    out = _c.result(api, shape, _c.dtype_arg(api, dtype, src.dtype))
    _k.copy(out, src, mask)
    return out


def load_transpose2d(src, mask=None, dtype=None, **kwargs):
    api = "nl.load_transpose2d"
    _c.need_tensor(api, "src", src)
    _c.check_in_hbm(api, "src", src)
    _c.check_rank(api, "src", src, 2)
    _c.read(api, "src", src, mask)
    shape = (src.shape[1], src.shape[0])
    out = _c.result(api, shape, _c.dtype_arg(api, dtype, src.dtype))
    _k.transpose(out, src)
    return out


def store(dst, value, mask=None, **kwargs):
    api = "nl.store"
    _c.need_tensor(api, "dst", dst)
    _c.need_tensor_or_scalar(api, "value", value)
    _c.check_in_hbm(api, "dst", dst)
    if _k.is_tensor(value):
        _c.check_on_chip(api, "value", value)
        _c.check_partition(api, "value", value.shape)
        _c.check_fits(api, "value", value.shape, "destination", dst.shape, dst)
        _c.read(api, "value", value, mask)
    _c.write(api, "dst", dst, mask)
    _k.copy(dst, value, mask)
    return None


def copy(src=None, mask=None, dtype=None, x=None, **kwargs):
    api = "nl.copy"
    if src is None:
        src = x
    _c.need_tensor(api, "src", src)
    _c.check_on_chip(api, "src", src)
    _c.read(api, "src", src, mask)
    out = _c.result(api, _c.as_tile_shape(src.shape), _c.dtype_arg(api, dtype, src.dtype))
    _k.copy(out, src, mask)
    return out


def broadcast_to(x, shape, dtype=None, **kwargs):
    _c.need_tensor("nl.broadcast_to", "x", x)
    return _c.tensor_broadcast_to(x, shape)


def static_cast(arr, dtype, **kwargs):
    if _k.is_tensor(arr):
        return _c.tensor_astype(arr, dtype)
    _k.abort("nl.static_cast of a host array is host-side code; not modelled")


# ---- matmul and transpose (section 8) ----------------------------------------

def matmul(x, y, transpose_x=False, mask=None, **kwargs):
    api = "nl.matmul"
    _c.need_tensor(api, "x", x)
    _c.need_tensor(api, "y", y)
    _c.check_tile(api, "x", x)
    _c.check_tile(api, "y", y)
    _c.read(api, "x", x, mask)
    _c.read(api, "y", y, mask)
    _c.check_rank(api, "x", x, 2)
    _c.check_rank(api, "y", y, 2)
    if x.ndim != 2 or y.ndim != 2:
        return _k.unknown("nl.matmul of operands that are not 2-D")
    if transpose_x:
        k = x.shape[0]
        m = x.shape[1]
    else:
        m = x.shape[0]
        k = x.shape[1]
    k2 = y.shape[0]
    n = y.shape[1]
    assert k == k2, f"[matmul-contraction] {api}: x has contraction size {k} but y has {k2} partitions"
    fmax = _k.limit("gemm_stationary_fmax")
    assert m <= fmax, f"[matmul-stationary-fmax] {api}: x contributes {m} result rows, more than gemm_stationary_fmax={fmax}"
    assert k <= _c.pmax(), f"[partition-limit] {api}: the contraction size {k} exceeds pmax={_c.pmax()}"
    nmax = _k.limit("matmul_moving_max_fp32")
    assert n <= nmax, f"[matmul-moving-fmax] {api}: y has {n} columns, more than {nmax} ({_c.moving_limit_name()} on {_k.target_name()})"
    out = _c.result(api, (m, n), float32, "psum")
    _k.matmul(out, x, y, transpose_x, False)
    return out


def transpose(x, dtype=None, mask=None, **kwargs):
    api = "nl.transpose"
    _c.need_tensor(api, "x", x)
    _c.check_tile(api, "x", x)
    _c.check_rank(api, "x", x, 2)
    _c.read(api, "x", x, mask)
    if x.ndim != 2:
        return _k.unknown("nl.transpose of a tile that is not 2-D")
    _c.check_partition(api, "the transposed tile", (x.shape[1], x.shape[0]))
    out = _c.result(api, (x.shape[1], x.shape[0]), _c.dtype_arg(api, dtype, x.dtype), "psum")
    _k.transpose(out, x)
    return out


# ---- elementwise (section 10) -------------------------------------------------

def add(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.add", "add", x, y, dtype, mask)


def subtract(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.subtract", "subtract", x, y, dtype, mask)


def multiply(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.multiply", "multiply", x, y, dtype, mask)


def divide(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.divide", "divide", x, y, dtype, mask)


def maximum(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.maximum", "maximum", x, y, dtype, mask)


def minimum(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.minimum", "minimum", x, y, dtype, mask)


def power(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.power", "power", x, y, dtype, mask)


def equal(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.equal", "equal", x, y, dtype, mask)


def not_equal(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.not_equal", "not_equal", x, y, dtype, mask)


def greater(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.greater", "greater", x, y, dtype, mask)


def greater_equal(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.greater_equal", "greater_equal", x, y, dtype, mask)


def less(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.less", "less", x, y, dtype, mask)


def less_equal(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.less_equal", "less_equal", x, y, dtype, mask)


def logical_and(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.logical_and", "logical_and", x, y, dtype, mask)


def logical_or(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.logical_or", "logical_or", x, y, dtype, mask)


def logical_xor(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.logical_xor", "logical_xor", x, y, dtype, mask)


def bitwise_and(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.bitwise_and", "bitwise_and", x, y, dtype, mask)


def bitwise_or(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.bitwise_or", "bitwise_or", x, y, dtype, mask)


def bitwise_xor(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.bitwise_xor", "bitwise_xor", x, y, dtype, mask)


def left_shift(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.left_shift", "left_shift", x, y, dtype, mask)


def right_shift(x, y, dtype=None, mask=None, **kwargs):
    return _c.elementwise("nl.right_shift", "right_shift", x, y, dtype, mask)


def exp(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.exp", "exp", x, dtype, mask)


def log(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.log", "log", x, dtype, mask)


def sqrt(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.sqrt", "sqrt", x, dtype, mask)


def rsqrt(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.rsqrt", "rsqrt", x, dtype, mask)


def square(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.square", "square", x, dtype, mask)


def reciprocal(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.reciprocal", "reciprocal", x, dtype, mask)


def negative(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.negative", "negative", x, dtype, mask)


def abs(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.abs", "abs", x, dtype, mask)


def sign(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.sign", "sign", x, dtype, mask)


def sin(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.sin", "sin", x, dtype, mask)


def cos(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.cos", "cos", x, dtype, mask)


def tan(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.tan", "tan", x, dtype, mask)


def tanh(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.tanh", "tanh", x, dtype, mask)


def arctan(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.arctan", "arctan", x, dtype, mask)


def sigmoid(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.sigmoid", "sigmoid", x, dtype, mask)


def relu(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.relu", "relu", x, dtype, mask)


def gelu(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.gelu", "gelu", x, dtype, mask)


def gelu_dx(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.gelu_dx", "gelu_dx", x, dtype, mask)


def gelu_apprx_tanh(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.gelu_apprx_tanh", "gelu_apprx_tanh", x, dtype, mask)


def silu(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.silu", "silu", x, dtype, mask)


def silu_dx(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.silu_dx", "silu_dx", x, dtype, mask)


def softplus(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.softplus", "softplus", x, dtype, mask)


def mish(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.mish", "mish", x, dtype, mask)


def erf(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.erf", "erf", x, dtype, mask)


def erf_dx(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.erf_dx", "erf_dx", x, dtype, mask)


def ceil(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.ceil", "ceil", x, dtype, mask)


def floor(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.floor", "floor", x, dtype, mask)


def trunc(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.trunc", "trunc", x, dtype, mask)


def logical_not(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.logical_not", "logical_not", x, dtype, mask)


def invert(x, dtype=None, mask=None, **kwargs):
    return _c.unary_elementwise("nl.invert", "invert", x, dtype, mask)


# ---- reductions (section 10) ----------------------------------------------------

def _reduce(api, op, x, axis, dtype, keepdims, mask):
    _c.need_tensor(api, "x", x)
    _c.check_tile(api, "x", x)
    _c.read(api, "x", x, mask)
    shape, axes = _c.reduce_shape(api, x.shape, axis, keepdims)
    dt = _c.dtype_arg(api, dtype, x.dtype)
    if op == "mean" and not _k.dtype_is_float(dt):
        dt = float32
    out = _c.result(api, shape, dt)
    _k.reduce(op, out, x, axes, False)
    return out


def max(x, axis, dtype=None, keepdims=False, mask=None, **kwargs):
    return _reduce("nl.max", "max", x, axis, dtype, keepdims, mask)


def min(x, axis, dtype=None, keepdims=False, mask=None, **kwargs):
    return _reduce("nl.min", "min", x, axis, dtype, keepdims, mask)


def sum(x, axis, dtype=None, keepdims=False, mask=None, **kwargs):
    return _reduce("nl.sum", "add", x, axis, dtype, keepdims, mask)


def prod(x, axis, dtype=None, keepdims=False, mask=None, **kwargs):
    return _reduce("nl.prod", "multiply", x, axis, dtype, keepdims, mask)


def mean(x, axis, dtype=None, keepdims=False, mask=None, **kwargs):
    return _reduce("nl.mean", "mean", x, axis, dtype, keepdims, mask)


def all(x, axis, dtype=None, keepdims=False, mask=None, **kwargs):
    return _reduce("nl.all", "logical_and", x, axis, dtype, keepdims, mask)


def any(x, axis, dtype=None, keepdims=False, mask=None, **kwargs):
    return _reduce("nl.any", "logical_or", x, axis, dtype, keepdims, mask)


def loop_reduce(x, op, loop_indices, dtype=None, mask=None, **kwargs):
    api = "nl.loop_reduce"
    _c.need_tensor(api, "x", x)
    _c.check_tile(api, "x", x)
    _c.read(api, "x", x, mask)
    _c.op_arg(api, "op", op)
    out = _c.result(api, _c.as_tile_shape(x.shape), _c.dtype_arg(api, dtype, x.dtype))
    _k.copy(out, x, mask)
    return out


# ---- selection -------------------------------------------------------------------

def where(condition, x, y, dtype=None, mask=None, **kwargs):
    api = "nl.where"
    _c.operand(api, "condition", condition, mask)
    _c.operand(api, "x", x, mask)
    _c.operand(api, "y", y, mask)
    shape = _c.broadcast(api, _c.shape_of(condition), _c.broadcast(api, _c.shape_of(x), _c.shape_of(y)))
    out = _c.result(api, _c.as_tile_shape(shape), _c.dtype_arg(api, dtype, _k.promote(x, y)))
    _k.select(out, condition, x, y)
    return out


# ---- Beta-2 names kcv does not model: calling one gives up the path -------------

gather_flattened = _k.unmodelled("nki.language.gather_flattened")
no_reorder = _k.unmodelled("nki.language.no_reorder")
fori_loop = _k.unmodelled("nki.language.fori_loop")
while_loop = _k.unmodelled("nki.language.while_loop")
rand = _k.unmodelled("nki.language.rand")
random_seed = _k.unmodelled("nki.language.random_seed")
dropout = _k.unmodelled("nki.language.dropout")
softmax = _k.unmodelled("nki.language.softmax")
layer_norm = _k.unmodelled("nki.language.layer_norm")
atomic_rmw = _k.unmodelled("nki.language.atomic_rmw")
expand_dims = _k.unmodelled("nki.language.expand_dims")
invert_permutation = _k.unmodelled("nki.language.invert_permutation")
