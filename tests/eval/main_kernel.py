# Runs as module "main_kernel" with tests/eval on the search path.
import pkg
import pkg.sub.helpers
from pkg.sub import helpers as h
from pkg import *
import torch
import math

n_tiles = h.tiles(1024)
twice = double(TILE)
loaded = list(pkg.loaded)
same = pkg.sub.helpers.same
unknown_attr = torch.nn.functional.relu
name = __name__
c = math.ceil(7 / 2)

if __name__ == "__main__":
    ran_main = True
