# RUN: kcv parse %s
x = b'a' 'b'
