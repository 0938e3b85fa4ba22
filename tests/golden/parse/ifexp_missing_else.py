# RUN: kcv parse %s
x = 1 if 2
