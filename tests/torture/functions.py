# Function definitions: every parameter form, annotations, defaults, decorators.
import functools


def no_params():
    pass


def positional(a, b, c):
    return a


def defaults(a, b=1, c=None):
    return b


def star_args(*args):
    return args


def star_kwargs(**kwargs):
    return kwargs


def keyword_only(a, *, b, c=3):
    return c


def keyword_only_no_default_first(*, a=1, b):
    return b


def positional_only(a, b, /):
    return a


def positional_only_defaults(a, b=2, /, c=3):
    return c


def everything(a, b=1, /, c=2, *args, d, e=3, **kwargs):
    return kwargs


def everything_annotated(a: int, b: "str" = "x", /, c: list[int] = [], *args: tuple, d: dict, e: float = 1.0, **kwargs: object) -> None:
    pass


def trailing_comma(
    a,
    b,
):
    return a


def trailing_comma_star(*args, **kwargs,):
    return args


def only_slash_and_star(a, /, *, b):
    return b


def annotated_return() -> list[dict[str, int]]:
    return []


def complex_annotations(x: "forward", y: int | None = None, z: callable = lambda: 1) -> (int, str):
    return x


def generator():
    yield
    yield 1
    yield 1, 2
    x = yield
    y = yield from generator()
    z = yield (yield)
    await_not_keyword_here = 1
    return x, y, z


def nested():
    counter = 0

    def inner():
        nonlocal counter
        counter += 1

        def innermost():
            global GLOBAL_NAME
            GLOBAL_NAME = 1
        return innermost
    return inner


def return_forms():
    return
    return 1
    return 1, 2
    return (1, 2)
    return *[1], 2
    return not 1


@functools.cache
def decorated():
    pass


@functools.lru_cache(maxsize=None)
@staticmethod
def stacked_decorators():
    pass


@decorators[0]
@(lambda f: f)
@a.b.c
@x if y else z
@(yield_ := 1)
def arbitrary_decorator_expressions():
    pass


async def coroutine(a, *, b=1):
    await a
    x = await a
    return await a.b(c)


@functools.wraps(coroutine)
async def decorated_coroutine():
    pass


def one_liner(): return 1
def one_liner_semicolons(): x = 1; y = 2; return x + y


def docstring():
    """The docstring."""


def star_param_annotation(*args: int, **kwargs: str) -> None: ...
