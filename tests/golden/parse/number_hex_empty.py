# RUN: kcv parse %s
x = 0x
