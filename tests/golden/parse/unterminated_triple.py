# RUN: kcv parse %s
s = '''abc

more
