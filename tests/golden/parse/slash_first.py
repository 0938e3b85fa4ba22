# RUN: kcv parse %s
def f(/, a):
    pass
