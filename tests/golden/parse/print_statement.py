# RUN: kcv parse %s
print 'hello'
