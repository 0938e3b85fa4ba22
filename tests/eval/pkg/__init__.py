# A test package for the evaluator's imports (tests/unit/test_eval_import.c).
from .consts import TILE
__all__ = ["TILE", "double"]
loaded = []


def double(x):
    return 2 * x
