# RUN: kcv parse %s
with a as f():
    pass
