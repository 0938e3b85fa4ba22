# RUN: kcv parse %s
x = a $ b
