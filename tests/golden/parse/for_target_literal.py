# RUN: kcv parse %s
for 1 in x:
    pass
