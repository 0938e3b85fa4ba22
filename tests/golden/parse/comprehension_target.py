# RUN: kcv parse %s
[x for 1 in y]
