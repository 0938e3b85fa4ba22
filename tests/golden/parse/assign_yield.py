# RUN: kcv parse %s
yield = 1
