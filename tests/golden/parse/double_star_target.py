# RUN: kcv parse %s
**a = 1
