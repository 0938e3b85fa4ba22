# RUN: kcv parse %s
x = '\x1'
