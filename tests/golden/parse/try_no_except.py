# RUN: kcv parse %s
try:
    pass
x = 1
