from .. import consts
from ..consts import TILE as T
from . import leaf
import pkg.sub.leaf as leaf2


def tiles(n):
    return n // T + leaf.ONE - 1 + (consts.TILE - T)


same = leaf is leaf2
