# RUN: kcv parse %s
x = '\N{NOT A NAME}'
