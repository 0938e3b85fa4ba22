# RUN: kcv parse %s
x = 0o78
