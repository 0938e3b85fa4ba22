# RUN: kcv parse %s
f() = 1
