# RUN: kcv parse %s
s = f'{x!z}'
