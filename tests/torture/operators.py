# Operators and precedence: every binary, unary and boolean operator.
a = b = c = d = 1
arith = [a + b, a - b, a * b, a / b, a // b, a % b, a ** b, a @ b]
bitwise = [a << b, a >> b, a & b, a | b, a ^ b, ~a]
unary = [-a, +a, ~a, not a, - - a, -+~a, not not a]
precedence = [
    a + b * c,
    (a + b) * c,
    a * b + c * d,
    a - b - c,
    a - (b - c),
    a ** b ** c,
    (a ** b) ** c,
    -a ** b,
    (-a) ** b,
    a ** -b,
    ~a ** b,
    a * -b,
    a + b << c,
    a << b + c,
    a & b | c ^ d,
    a | b & c,
    a ^ b & c | d,
    a | b ^ c,
    a // b % c * d / a @ b,
    a if b else c + d,
    not a == b,
    not a and b or c,
    a or b and c,
    a and b and c and d,
    a or b or c,
    (a or b) and c,
    a and not b or not c,
    lambda: a or b,
    a + b if c else d - a,
]
comparisons = [
    a < b, a > b, a == b, a >= b, a <= b, a != b,
    a is b, a is not b, a in b, a not in b,
    a < b < c, a < b <= c == d != a > b >= c,
    a is not b is c, a not in b in c,
    (a < b) < c, a < (b < c),
    not a < b, a < b and b < c,
    a + b < c * d,
    a | b == c & d,
]
boolean_values = [a and b, a or b, a and b or c and d]
power_of_await_like = [2 ** -1, 2 ** ~1, -2 ** 2, (-2) ** 2]
matmul_update = a
matmul_update @= b
parenthesized = (((a)))
tuple_no_parens = a, b
tuple_single = a,
