# RUN: kcv parse %s
f = lambda a=1, b: a
