# RUN: kcv parse %s
try:
    pass
except*:
    pass
