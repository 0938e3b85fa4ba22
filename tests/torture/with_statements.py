# with statements: single, multiple, targets, parenthesised forms, async.
import contextlib

cm = contextlib.nullcontext
with cm():
    pass
with cm() as a:
    pass
with cm() as a, cm() as b:
    pass
with cm(), cm():
    pass
with cm() as (a, b):
    pass
with cm() as [a, b]:
    pass
with cm() as a.attr:
    pass
with cm() as a[0]:
    pass
with (cm()):
    pass
with (cm() as a):
    pass
with (cm() as a, cm() as b):
    pass
with (cm() as a, cm() as b,):
    pass
with (
    cm() as a,
    cm(),
    cm() as (b, c),
):
    pass
with (cm(), cm()):
    pass
with (a, b) as c:
    pass
with (yield_ := cm()) as d:
    pass
with cm() as a, (cm()) as b:
    pass
with cm(): pass
with cm() as a: x = 1; y = 2


async def async_with():
    async with cm():
        pass
    async with cm() as a, cm() as b:
        pass
    async with (cm() as a, cm() as b):
        pass
    async with (
        cm() as a,
        cm() as b,
    ):
        pass
