"""Tiles that outlive the loop iteration that made them (new `import nki` API).

kcv run gives back the memory of tiles nothing refers to any more, between
iterations of the kernel's own loops.  Here computed tiles are kept in
every way a Python kernel can keep a value: in a list, in a dict, in an
attribute of an object, in a closure, as a default argument, and in a list
that only the `for` walking it holds, while later iterations make and drop
more tiles.  Each kept tile must keep its values:
  out[block i]  = 4 a_i + 6 a_0 + 4 a_1 + 4   (a_i: rows 128 i .. 128 i + 127 of a)
  pairs[0:128]  = 4 a_0 + 1,  pairs[128:256] = 4 a_last + 1
"""
import nki
import nki.language as nl


def doubler(t):
    def f():
        return nl.multiply(t, 2.0)                                      # 4 a_0 (closure)
    return f


class Holder:
    def __init__(self):
        self.tile = None


@nki.jit
def tiles_kept(a):
    R, C = a.shape
    n = R // 128
    assert n >= 2 and R % 128 == 0
    out = nl.ndarray((R, C), dtype=nl.float32, buffer=nl.shared_hbm)
    pairs = nl.ndarray((256, C), dtype=nl.float32, buffer=nl.shared_hbm)
    kept = []
    by_block = {}
    holder = Holder()
    for i in range(n):
        t = nl.multiply(nl.load(a[i * 128:(i + 1) * 128, :]), 2.0)      # 2 a_i
        kept.append(t)
        by_block[i] = nl.add(t, 1.0)                                    # 2 a_i + 1
        if i == 0:
            holder.tile = nl.add(t, 3.0)                                # 2 a_0 + 3
        for j in range(3):
            dropped = nl.add(t, float(j))                               # garbage
    twice_first = doubler(nl.multiply(kept[0], 1.0))   # 2 a_0, only its closure refers to it

    def plus_second(x, second=nl.add(kept[1], 0.0)):   # 2 a_1, only the default refers to it
        return nl.add(x, second)                                        # x + 2 a_1 (default)

    for k, pair in enumerate([(kept[0], by_block[0]), (kept[n - 1], by_block[n - 1])]):
        for j in range(3):
            dropped = nl.add(pair[0], float(j))                         # garbage
        nl.store(pairs[k * 128:(k + 1) * 128, :], value=nl.add(pair[0], pair[1]))
    for i in range(n):
        s = nl.add(nl.add(kept[i], by_block[i]), holder.tile)           # 4 a_i + 2 a_0 + 4
        s = plus_second(nl.add(s, twice_first()))                       # + 4 a_0 + 2 a_1
        s = plus_second(s)                                              # + 2 a_1
        nl.store(out[i * 128:(i + 1) * 128, :], value=s)
    return out, pairs
