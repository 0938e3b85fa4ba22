# RUN: kcv parse %s
name = "kernel
