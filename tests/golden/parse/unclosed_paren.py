# RUN: kcv parse %s
x = foo(1,
    2
