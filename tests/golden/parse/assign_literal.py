# RUN: kcv parse %s
1 = x
