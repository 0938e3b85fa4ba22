# numpy.py - the subset of numpy kernels use inside kernels (kcv's NKI model):
# dtypes (np.float32, accepted wherever an NKI dtype is), ufuncs passed as
# op= (np.exp, np.add, np.max, ...), which also work on tiles, and small
# compile-time constants (np.identity for nl.shared_constant).  Host-side
# numpy (random data, allclose, ...) gives up the path when called.
import __kcv_nki__ as _k
import _kcv_core as _c

float32 = _k.float32
float16 = _k.float16
bfloat16 = _k.bfloat16
int8 = _k.int8
int16 = _k.int16
int32 = _k.int32
uint8 = _k.uint8
uint16 = _k.uint16
uint32 = _k.uint32
bool_ = _k.bool_
float64 = _k.unmodelled("numpy.float64 (no 64-bit types on NeuronCores)")
int64 = _k.unmodelled("numpy.int64 (no 64-bit types on NeuronCores)")
newaxis = None
pi = 3.141592653589793
e = 2.718281828459045
inf = 1e309
nan = inf - inf


def _unary(name, x):
    if _k.is_tensor(x):
        return _c.unary_elementwise("np." + name, name, x)
    return _k.math(name, x)


def _binary(name, x, y):
    return _c.elementwise("np." + name, name, x, y)


def exp(x, *args, **kwargs):
    return _unary("exp", x)


def log(x, *args, **kwargs):
    return _unary("log", x)


def sqrt(x, *args, **kwargs):
    return _unary("sqrt", x)


def tanh(x, *args, **kwargs):
    return _unary("tanh", x)


def sin(x, *args, **kwargs):
    return _unary("sin", x)


def cos(x, *args, **kwargs):
    return _unary("cos", x)


def arctan(x, *args, **kwargs):
    if _k.is_tensor(x):
        return _c.unary_elementwise("np.arctan", "arctan", x)
    return _k.unknown("np.arctan of a scalar is not modelled")


def sign(x, *args, **kwargs):
    if _k.is_tensor(x):
        return _c.unary_elementwise("np.sign", "sign", x)
    return _k.unknown("np.sign of a scalar is not modelled")


def abs(x, *args, **kwargs):
    return _unary("abs", x)


def square(x, *args, **kwargs):
    if _k.is_tensor(x):
        return _c.unary_elementwise("np.square", "square", x)
    return x * x


def reciprocal(x, *args, **kwargs):
    if _k.is_tensor(x):
        return _c.unary_elementwise("np.reciprocal", "reciprocal", x)
    return 1.0 / x


def negative(x, *args, **kwargs):
    if _k.is_tensor(x):
        return _c.unary_elementwise("np.negative", "negative", x)
    return -x


def copy(x, *args, **kwargs):
    if _k.is_tensor(x):
        return _c.unary_elementwise("np.copy", "copy", x)
    return x


def add(x, y, *args, **kwargs):
    return _binary("add", x, y)


def subtract(x, y, *args, **kwargs):
    return _binary("subtract", x, y)


def multiply(x, y, *args, **kwargs):
    return _binary("multiply", x, y)


def divide(x, y, *args, **kwargs):
    return _binary("divide", x, y)


def maximum(x, y, *args, **kwargs):
    return _binary("maximum", x, y)


def minimum(x, y, *args, **kwargs):
    return _binary("minimum", x, y)


def power(x, y, *args, **kwargs):
    return _binary("power", x, y)


def _reduce(name, op, x, axis):
    if not _k.is_tensor(x) or axis is None:
        return _k.unknown(f"np.{name} outside a tile reduction is not modelled")
    api = "np." + name
    _c.check_tile(api, "x", x)
    _c.read(api, "x", x)
    shape, axes = _c.reduce_shape(api, x.shape, axis, False)
    out = _c.result(api, shape, x.dtype)
    _k.reduce(op, out, x, axes, False)
    return out


def max(x, axis=None, *args, **kwargs):
    return _reduce("max", "max", x, axis)


def min(x, axis=None, *args, **kwargs):
    return _reduce("min", "min", x, axis)


def sum(x, axis=None, *args, **kwargs):
    return _reduce("sum", "add", x, axis)


def mean(x, axis=None, *args, **kwargs):
    return _reduce("mean", "mean", x, axis)


def identity(n, dtype=None):
    return _k.host_identity(n, dtype)


def zeros(shape, dtype=None, **kwargs):
    return _k.host_full(shape, 0, dtype)


def ones(shape, dtype=None, **kwargs):
    return _k.host_full(shape, 1, dtype)


def full(shape, fill_value, dtype=None, **kwargs):
    return _k.host_full(shape, fill_value, dtype)


def empty(shape, dtype=None, **kwargs):
    return _k.host_full(shape, 0, dtype)


random = _k.namespace("numpy.random")
ndarray = _k.unmodelled("numpy.ndarray")
