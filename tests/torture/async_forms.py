# async and await: coroutines, async for/with, await in every position.
import asyncio


async def simple():
    pass


async def awaits(x):
    await x
    y = await x
    z = await x + await x
    w = -await x
    v = await x ** 2
    u = (await x) ** 2
    t = [await x, await x]
    s = await x.attr
    r = await x[0]
    q = await x()
    p = await (await x)
    o = f"{await x}"
    n = {await x: await x}
    return await x


async def async_for(aiter):
    async for item in aiter:
        pass
    async for a, b in aiter:
        break
    else:
        pass
    async for (a, *b) in aiter:
        continue


async def async_with(cm):
    async with cm:
        pass
    async with cm as c, cm as d:
        pass


async def async_generator():
    yield 1
    yield
    x = yield 2
    async for y in async_generator():
        yield y


async def nested_async():
    async def inner():
        return await asyncio.sleep(0)

    def sync_inner():
        async def deep():
            await inner()
        return deep
    return await inner()


class AsyncMethods:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False

    def __aiter__(self):
        return self

    async def __anext__(self):
        raise StopAsyncIteration


async def comprehension_forms(aiter):
    return [x async for x in aiter], [await y for y in ()]

