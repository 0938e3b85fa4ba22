# RUN: kcv parse %s
f(a=1, b)
