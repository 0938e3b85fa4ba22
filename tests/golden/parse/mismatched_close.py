# RUN: kcv parse %s
x = (1, 2]
