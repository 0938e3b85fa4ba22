# CRLF line endings everywhere (this file must keep them).
x = 1
if x:
    y = [1,
         2]
    z = """multi
line
string"""
w = 1 + \
    2
def f(a,
      b):
    return f"{a}\r\n"
class C:
    pass
# trailing comment
