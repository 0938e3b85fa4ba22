# RUN: kcv parse %s
del *a
