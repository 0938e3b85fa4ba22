# RUN: kcv parse %s
if x
    pass
