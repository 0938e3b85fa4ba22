# RUN: kcv parse %s
# A valid file: no output, exit status 0.
import nki.language as nl


def kernel(a, b):
    return nl.add(a, b)
