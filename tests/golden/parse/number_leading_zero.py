# RUN: kcv parse %s
x = 012
