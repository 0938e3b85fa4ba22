# RUN: kcv parse %s
s = f'a}b'
