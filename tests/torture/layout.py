#!/usr/bin/env python3
# -*- coding: utf-8 -*-
# Layout: comments everywhere, line continuations, semicolons, blank lines.

   # an indented comment at module level

x = 1  # trailing comment
y = \
    2
z = 1 + \
    2 + \
    3
if x and \
        y:
    pass
total = (1 +  # comment inside parentheses
         2    # another
         # a comment line inside parentheses

         + 3)
items = [
    1,  # one
    # a comment between elements
    2,

    3,
]
mapping = {  # comment after brace
    'a': 1,  # comment
    'b':  # comment between key and value
        2,
}
call = print(  # comment
    x,
    # comment
    y,
)
a = 1; b = 2; c = 3
a = 1; b = 2;
if a: b = 1; c = 2
for i in range(2): a += i; b -= i
while False: pass;
def f(): return 1;
class C: x = 1; y = 2


def commented(a,  # param comment
              b):  # after colon
    # body comment

    return a  # return comment
    # trailing comment at body indent
# dedented comment


if x:
    # comment before first statement
    pass
        # over-indented comment
# under-indented comment
    # back
else:
    pass
string_continuation = 'abc' \
    'def'
with_continuation = [x for x \
    in range(3)]
lambda_continuation = lambda: \
    1
assert x, \
    "message"
from os import \
    path
import os, \
    sys
def continued_def(a,
        b): \
    return a
	
  
	 
last = 1  # the line above holds only whitespace
# final comment without code
