# legacy_nki.py - the package `neuronxcc.nki` (SDK 2.21-2.26) (kcv's NKI
# model): kernel decorators and the submodules.  A decorated function
# becomes a kernel object: calling it calls the function; kernel[g0, g1]
# launches it on an SPMD grid (nl.program_id(axis) ranges over it).
import __kcv_nki__ as _k
import _kcv_language as language
import _kcv_legacy_isa as isa
import _kcv_typing as typing
import _kcv_compiler as compiler


def _wrap(decorator, fn, platform_target):
    if fn is None:
        def wrap(f):
            return _k.kernel(f, decorator, 1, platform_target)
        return wrap
    return _k.kernel(fn, decorator, 1, platform_target)


def jit(func=None, mode="auto", platform_target=None, **kwargs):
    return _wrap("jit", func, platform_target)


def baremetal(kernel=None, platform_target=None, **kwargs):
    return _wrap("baremetal", kernel, platform_target)


def benchmark(kernel=None, platform_target=None, **kwargs):
    return _wrap("benchmark", kernel, platform_target)


def profile(func=None, platform_target=None, **kwargs):
    return _wrap("profile", func, platform_target)


def simulate_kernel(kernel, *args, **kwargs):
    return kernel(*args, **kwargs)
