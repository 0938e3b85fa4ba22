# RUN: kcv parse %s
x = 1abc
