# RUN: kcv parse %s
from a import b,
