# RUN: kcv parse %s
x = 1_000_
