# RUN: kcv parse %s
else:
    pass
