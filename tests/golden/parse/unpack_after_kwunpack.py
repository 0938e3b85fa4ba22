# RUN: kcv parse %s
f(**k, *a)
