# RUN: kcv parse %s
x = 1
    y = 2
