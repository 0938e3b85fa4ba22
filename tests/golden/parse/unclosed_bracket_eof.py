# RUN: kcv parse %s
items = [1, 2,
         3

y = 4
