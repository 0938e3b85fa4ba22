# A file whose last line has no newline.
x = 1
if x:
    y = [1,
         2]