# RUN: kcv parse %s
x = b'café'
