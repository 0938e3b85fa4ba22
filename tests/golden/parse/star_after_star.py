# RUN: kcv parse %s
def f(*a, *b):
    pass
