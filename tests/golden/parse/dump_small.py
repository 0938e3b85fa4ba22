# RUN: kcv parse --dump-ast %s
x = a[1:2, ...] + f"{b!r:>4}"
