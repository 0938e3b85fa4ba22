# RUN: kcv parse %s
x = 5 € 3
