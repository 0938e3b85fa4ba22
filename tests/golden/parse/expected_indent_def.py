# RUN: kcv parse %s
def f():
return 1
