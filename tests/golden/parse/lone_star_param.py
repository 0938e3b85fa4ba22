# RUN: kcv parse %s
def f(*):
    pass
