# RUN: kcv parse %s
f(x for x in y, 1)
