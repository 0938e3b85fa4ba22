# RUN: kcv parse %s
match x:
    case 1 + f():
        pass
