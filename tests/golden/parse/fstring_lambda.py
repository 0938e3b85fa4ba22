# RUN: kcv parse %s
s = f'{lambda x: 1}'
