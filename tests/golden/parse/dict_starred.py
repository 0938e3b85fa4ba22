# RUN: kcv parse %s
d = {*a: 1}
