# RUN: kcv parse %s
x = 0b102
