# RUN: kcv parse %s
del f()
