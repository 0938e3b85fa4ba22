# RUN: kcv parse %s
if x:
y = 2
