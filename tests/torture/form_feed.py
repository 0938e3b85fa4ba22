# A file with form feeds, which reset the indentation count.
x = 1

def f():
    y = 2
    return y
z = 3
