# RUN: kcv parse %s
x = bu'a'
