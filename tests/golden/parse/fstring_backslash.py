# RUN: kcv parse %s
s = f'{"\n".join(x)}'
