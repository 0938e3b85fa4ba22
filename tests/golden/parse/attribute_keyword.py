# RUN: kcv parse %s
x.None = 1
