# RUN: kcv parse %s
class = 1
