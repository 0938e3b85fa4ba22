# f-strings: fields, conversions, format specs, '=', nesting, concatenation.
name, width, precision, value, items = 'x', 10, 3, 3.14159, [1, 2]
plain = f'no fields'
empty = f''
simple = f'{name}'
text_around = f'a{name}b{width}c'
braces = f'{{literal}} {{{name}}} }}{{'
conversions = [f'{name!r}', f'{name!s}', f'{name!a}', f'{name!r:>10}']
specs = [f'{value:.2f}', f'{value:{width}.{precision}}', f'{value:>{width}}', f'{width:#x}', f'{width:,}']
nested_spec = f'{value:{"<" if width else ">"}{width}}'
self_documenting = [f'{name=}', f'{name = }', f'{name=!r}', f'{name=:>10}', f'{width + 1=}', f'{ name =  }']
expressions = f'{width + 1} {items[0]} {items[-1]:03d} {name.upper()} {len(items)} {value * 2:.1f}'
quotes_inside = [f"{'single'}", f'{"double"}', f'''{'a' + "b"}''', f"""{'''x'''}"""]
dict_in_field = f'{ {"a": 1}["a"] }'
set_in_field = f'{ {1, 2} }'
lambda_in_field = f'{(lambda x: x * 2)(3)}'
conditional_in_field = f'{name if width else "none"}'
walrus_in_field = f'{(n := 10)}'
comprehension_in_field = f'{[i for i in range(3)]}'
nested_fstring = f'{f"{name}"}' f"""{f'{f"{width}"}'}"""
concat_mixed = 'plain ' f'{name}' " more " f"{width}" 'end'
concat_u = u'u' f'{name}'
raw_f = [rf'\n{name}', fr'\d{width}', Rf'{name}\t', fR'x', RF'y', FR'z']
multiline = f'''first {name}
second {width
}
third {
    value
}'''
multiline_spec = f"""{value:
>10}"""
format_spec_with_text = f'{value:>{width}.{precision}f} and {name!r:^{width}}'
spec_only_literal = f'{value:10}'
spec_empty = f'{value:}'
escapes = f'tab\t{name}\nnew \x41 \u00e9 {{ \N{EURO SIGN}'
call_kwargs = f'{dict(a=1, b=2)}'
starred = f'{[*items, *items]}'
attribute_chain = f'{name.upper().lower()!r:10}'
unicode_text = f'é{name}€{width}😀'
many_lines_expr = f'''{
1
+
2
}'''
after_newline = (
    f'{name}'
    f'{width}'
)
