# import statements: every form.
import os
import os.path
import os.path as osp
import os, sys
import os as o, sys as s
import xml.etree.ElementTree as ET
from os import path
from os import path as p, sep
from os import (path, sep)
from os import (path as p, sep as s,)
from os import (
    path,
    sep,
)
from os.path import join
from . import sibling
from .. import parent
from ... import grandparent
from .... import great
from .module import name
from ..package.module import name as alias
from .  import spaced
from . module import spaced_name
from ...a.b import c
from __future__ import annotations
from os import *
from .relative import *
if False:
    import nki.language as nl
    import neuronxcc.nki.isa as nisa
    from neuronxcc import nki
