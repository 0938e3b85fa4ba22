# RUN: kcv parse %s
a < b = 1
