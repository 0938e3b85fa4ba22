# RUN: kcv parse %s
def f(a=1, b):
    pass
