# String and bytes literals: prefixes, quotes, escapes, concatenation.
empty = ['', "", '''''', """""", b'', rb'', u'']
quotes = ['single', "double", 'it\'s', "say \"hi\"", "it's", 'say "hi"', '\'"', "'\""]
triple = '''one
two ' and " and '' inside
three''', """tab\there
"quoted" line"""
escapes = '\\ \' \" \a \b \f \n \r \t \v \0 \00 \000 \1 \12 \123 \x00 \x7f \xff \u00e9 \u20ac \U0001F600'
named = '\N{LATIN SMALL LETTER E WITH ACUTE} \N{EURO SIGN} \N{SNAKE}'
control = '\x01\x02\x1b\x1f\x7f\x80\x9f\xa0\xad'
surrogates = '\ud800 \udfff \udc80x'
unprintable = '\u2028\u2029\u200b\u200e\ufeff\ue000\U000e0001\U0010ffff\u0378\u3000'
printable = 'é€😀 漢字 ñ Ω א ا'
line_continuation_in_string = 'abc\
def'
raw = [r'\n', R'\n', r'\'', r"\"", r'C:\path\to', r'''raw
triple\t''', r'\N{EURO SIGN}', r'\u1234']
unicode_prefix = [u'x', U'y', u"\u00e9"]
bytes_ = [b'abc', B'abc', b"\x00\xff", b'\n\t\r', b'\'', b"\"", b'\'"', b'\\', b'\x7f\x80', b'''tri
ple''']
raw_bytes = [br'\n', Rb'\x00', bR'\\', RB'a', rb'\'']
concat = 'a' 'b' "c" '''d''' r'\e'
concat_bytes = b'a' b'b' rb'\c'
concat_u = u'x' 'y' u'z'
concat_first_plain_then_u = 'x' u'y'
concat_lines = ('first line '
                'second line '
                "third line")
nonascii_escape_mix = 'é\té' "\u00e9" r'é\t'
invalid_escapes_kept = '\d \w \[ \% \q'
docstring_like = """
    Indented text.
        More indented.
"""
