# RUN: kcv parse --dump-ast --locations %s
if x:
    y = -1e-5j
