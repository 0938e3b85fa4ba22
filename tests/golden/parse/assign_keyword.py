# RUN: kcv parse %s
True = 1
