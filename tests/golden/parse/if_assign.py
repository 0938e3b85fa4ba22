# RUN: kcv parse %s
if x = 1:
    pass
