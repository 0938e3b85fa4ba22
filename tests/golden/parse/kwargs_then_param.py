# RUN: kcv parse %s
def f(**k, a):
    pass
