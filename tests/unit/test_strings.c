/* test_strings.c - unit tests of the string literal decoder (src/front/
 * strings.c): values of str and bytes literals with every escape, implicit
 * concatenation, the `u` kind, CPython's errors and their positions, and
 * f-strings end to end (through parse_module) with CPython's locations.
 *
 * All expectations were produced from CPython 3.11.2 (/usr/bin/python3) with
 * ast.parse(bytes): values from the Constant, errors from the SyntaxError
 * (column = 1-based offset - 1: bytes for these errors, which pegen raises
 * without converting to characters, as ast.parse(bytes) sets no encoding),
 * dumps from ast.dump(..., include_attributes=True). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "front/front.h"
#include "front/parser.h"
#include "front/token.h"

#define S(x) x, sizeof(x) - 1

typedef struct Ctx {
    SourceFile *file;
    Interner names;
    Arena arena;
    DiagSink diags;
    Parser p;
} Ctx;

/* Lexes src and runs strings_parse on its first run of STRING tokens. */
static Node *parse_strings(Ctx *c, const char *src, size_t len) {
    memset(c, 0, sizeof *c);
    c->file = source_from_string("t.py", src, len);
    interner_init(&c->names);
    arena_init(&c->arena);
    diag_init(&c->diags);
    c->p.file = c->file;
    c->p.names = &c->names;
    c->p.arena = &c->arena;
    c->p.diags = &c->diags;
    LexOptions opt = {1, 0, false};
    assert_true(lex_tokens(c->file, c->file->text, c->file->len, &opt, &c->names, &c->arena, &c->diags,
                           &c->p.toks));
    int first = 0;
    while (c->p.toks.v[first].kind != TK_STRING) first++;
    int n = 0;
    while (c->p.toks.v[first + n].kind == TK_STRING) n++;
    return strings_parse(&c->p, first, n);
}

static void ctx_free(Ctx *c) {
    diag_free(&c->diags);
    arena_free(&c->arena);
    interner_free(&c->names);
    source_free(c->file);
}

/* ---- values ------------------------------------------------------------------ */

typedef struct ValCase {
    const char *src;
    size_t len;
    ConstKind kind;
    const char *value;
    size_t value_len;
    const char *u;  /* Constant.kind */
} ValCase;

static const ValCase val_cases[] = {
    {S("'abc'\n"), CONST_STR, S("abc"), NULL},
    {S("''\n"), CONST_STR, S(""), NULL},
    {S("b''\n"), CONST_BYTES, S(""), NULL},
    {S("'' ''\n"), CONST_STR, S(""), NULL},
    {S("u'a'\n"), CONST_STR, S("a"), "u"},
    {S("U'a'\n"), CONST_STR, S("a"), NULL},
    {S("u'a' 'b'\n"), CONST_STR, S("ab"), "u"},
    {S("'a' u'b'\n"), CONST_STR, S("ab"), NULL},
    {S("b'a' B'b'\n"), CONST_BYTES, S("ab"), NULL},
    {S("rb'\\d' Rb'x' bR'y'\n"), CONST_BYTES, S("\\dxy"), NULL},
    {S("'\\d' '\\8' '\\9' '\\q'\n"), CONST_STR, S("\\d\\8\\9\\q"), NULL},
    {S("'\\\\ \\' \\\" \\a \\b \\f \\n \\r \\t \\v'\n"), CONST_STR, S("\\ ' \" \007 \010 \014 \n \r \t \013"), NULL},
    {S("b'\\\\ \\' \\\" \\a \\b \\f \\n \\r \\t \\v \\q \\u1234 \\N{DASH}'\n"), CONST_BYTES, S("\\ ' \" \007 \010 \014 \n \r \t \013 \\q \\u1234 \\N{DASH}"), NULL},
    {S("'\\0 \\7 \\77 \\101 \\777 \\1000'\n"), CONST_STR, S("\000 \007 ? A \307\277 @0"), NULL},
    {S("b'\\0 \\7 \\77 \\101 \\777 \\1000'\n"), CONST_BYTES, S("\000 \007 ? A \377 @0"), NULL},
    {S("'\\x41\\u0041\\U00000041\\x7f\\xff'\n"), CONST_STR, S("AAA\177\303\277"), NULL},
    {S("b'\\x41\\x7f\\xff\\x00'\n"), CONST_BYTES, S("A\177\377\000"), NULL},
    {S("'\\ud800\\udfff'\n"), CONST_STR, S("\355\240\200\355\277\277"), NULL},
    {S("'\\U0010FFFF\\U0001F600'\n"), CONST_STR, S("\364\217\277\277\360\237\230\200"), NULL},
    {S("'\\N{EM DASH}\\N{em dash}\\N{LINE FEED}\\N{CJK UNIFIED IDEOGRAPH-4E00}\\N{HANGUL SYLLABLE GANJ}\\N{BYTE ORDER MARK}'\n"), CONST_STR, S("\342\200\224\342\200\224\n\344\270\200\352\260\205\357\273\277"), NULL},
    {S("'caf\303\251 \342\202\254 \360\237\230\200'\n"), CONST_STR, S("caf\303\251 \342\202\254 \360\237\230\200"), NULL},
    {S("'\\\303\251'\n"), CONST_STR, S("\\\303\251"), NULL},
    {S("'a\\\nb'\n"), CONST_STR, S("ab"), NULL},
    {S("b'a\\\nb'\n"), CONST_BYTES, S("ab"), NULL},
    {S("'''a\nb\r\nc'''\n"), CONST_STR, S("a\nb\nc"), NULL},
    {S("'''a\rb'''\n"), CONST_STR, S("a\nb"), NULL},
    {S("r'a\\\nb'\n"), CONST_STR, S("a\\\nb"), NULL},
    {S("r'\\''\n"), CONST_STR, S("\\'"), NULL},
    {S("r'\\\\'\n"), CONST_STR, S("\\\\"), NULL},
    {S("rb'\\\\\\''\n"), CONST_BYTES, S("\\\\\\'"), NULL},
    {S("('a'\n 'b'\n 'c')\n"), CONST_STR, S("abc"), NULL},
};

static void test_values(void **state) {
    (void)state;
    for (size_t i = 0; i < KCV_ARRAY_LEN(val_cases); i++) {
        const ValCase *v = &val_cases[i];
        Ctx c;
        Node *n = parse_strings(&c, v->src, v->len);
        if (!n) print_error("case %zu (%s): %s\n", i, v->src, c.diags.diags.n ? c.diags.diags.v[0].message : "?");
        assert_non_null(n);
        assert_int_equal(c.diags.diags.n, 0);
        assert_int_equal(n->kind, N_CONSTANT);
        assert_int_equal(n->u.constant.value.kind, v->kind);
        assert_int_equal(n->u.constant.value.len, v->value_len);
        assert_memory_equal(n->u.constant.value.s, v->value, v->value_len);
        if (v->u) assert_string_equal(n->u.constant.kind, v->u);
        else assert_null(n->u.constant.kind);
        ctx_free(&c);
    }
}

/* The Constant of a concatenation spans the whole group. */
static void test_group_span(void **state) {
    (void)state;
    Ctx c;
    Node *n = parse_strings(&c, S("x = ('a'\n     'b' \"c\")\n"));
    assert_non_null(n);
    assert_int_equal(n->span.line, 1);
    assert_int_equal(n->span.col, 5);
    assert_int_equal(n->span.end_line, 2);
    assert_int_equal(n->span.end_col, 12);
    ctx_free(&c);
}

/* ---- errors ------------------------------------------------------------------- */

typedef struct ErrCase {
    const char *src;
    size_t len;
    const char *msg;
    int line, col;
} ErrCase;

static const ErrCase err_cases[] = {
    {S("'\\x4'\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape", 1, 5},
    {S("'\\x4' + 2\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape", 1, 6},
    {S("'\\xg0'\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \\xXX escape", 1, 6},
    {S("'\\u12'\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: truncated \\uXXXX escape", 1, 6},
    {S("'\\U12'\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: truncated \\UXXXXXXXX escape", 1, 6},
    {S("'\\U00110000'\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character", 1, 12},
    {S("'\\N'\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: malformed \\N character escape", 1, 4},
    {S("'\\N{'\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: malformed \\N character escape", 1, 5},
    {S("'\\N{}'\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: malformed \\N character escape", 1, 6},
    {S("'\\N{DASH}'\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-7: unknown Unicode character name", 1, 10},
    {S("'\\N{cjk unified ideograph-4E00}'\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-29: unknown Unicode character name", 1, 32},
    {S("'\303\251\\x4'\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 10-12: truncated \\xXX escape", 1, 7},
    {S("'ab\\\n\\x'\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 4-5: truncated \\xXX escape", 2, 3},
    {S("b'\\x'\n"), "(value error) invalid \\x escape at position 0", 1, 5},
    {S("b'\\x4g'\n"), "(value error) invalid \\x escape at position 0", 1, 7},
    {S("b'ab\\x4'\n"), "(value error) invalid \\x escape at position 2", 1, 8},
    {S("b'caf\303\251'\n"), "bytes can only contain ASCII literal characters", 1, 8},
    {S("'a' b'c'\n"), "cannot mix bytes and nonbytes literals", 1, 8},
    {S("b'a' 'c'\n"), "cannot mix bytes and nonbytes literals", 1, 8},
    {S("('a'\n b'c' \n)\n"), "cannot mix bytes and nonbytes literals", 3, 0},
    {S("'a' f'{x}' b'c'\n"), "cannot mix bytes and nonbytes literals", 1, 15},
    {S("'\377'\n"), "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte", 1, 3},
    {S("'a\377b'\n"), "(unicode error) 'utf-8' codec can't decode byte 0xff in position 1: invalid start byte", 1, 5},
    {S("r'a\342\202b'\n"), "(unicode error) 'utf-8' codec can't decode bytes in position 1-2: invalid continuation byte", 1, 7},
    {S("'\\\377'\n"), "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte", 1, 4},
    {S("'a\377b\\n'\n"), "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte", 1, 7},
    {S("'\342\202'\n"), "(unicode error) 'utf-8' codec can't decode bytes in position 0-1: unexpected end of data", 1, 4},
    {S("u'\355\240\200'\n"), "(unicode error) 'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte", 1, 6},
    {S("f'}'\n"), "f-string: single '}' is not allowed", 1, 4},
    {S("f'{}'\n"), "f-string: empty expression not allowed", 1, 5},
    {S("f'{ }'\n"), "f-string: empty expression not allowed", 1, 6},
    {S("f'{!r}'\n"), "f-string: expression required before '!'", 1, 7},
    {S("f'{=}'\n"), "f-string: expression required before '='", 1, 6},
    {S("f'{:x}'\n"), "f-string: expression required before ':'", 1, 7},
    {S("f'{a!}'\n"), "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 7},
    {S("f'{a!x}'\n"), "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 8},
    {S("f'{a'\n"), "f-string: expecting '}'", 1, 5},
    {S("f'{a!r'\n"), "f-string: expecting '}'", 1, 7},
    {S("f'{a!r:x'\n"), "f-string: expecting '}'", 1, 9},
    {S("f'{a:'\n"), "f-string: expecting '}'", 1, 6},
    {S("f'{a=='\n"), "f-string: expecting '}'", 1, 7},
    {S("f'{a:{b:{c}}}'\n"), "f-string: expressions nested too deeply", 1, 14},
    {S("f'{a:{b!r:{c}}}'\n"), "f-string: expressions nested too deeply", 1, 16},
    {S("f'{#}'\n"), "f-string expression part cannot include '#'", 1, 6},
    {S("f'{a#}'\n"), "f-string expression part cannot include '#'", 1, 7},
    {S("f'{\\n}'\n"), "f-string expression part cannot include a backslash", 1, 7},
    {S("f'{\"\\n\"}'\n"), "f-string expression part cannot include a backslash", 1, 9},
    {S("f'{(}'\n"), "f-string: closing parenthesis '}' does not match opening parenthesis '('", 1, 6},
    {S("f'{(]}'\n"), "f-string: closing parenthesis ']' does not match opening parenthesis '('", 1, 7},
    {S("f'{)}'\n"), "f-string: unmatched ')'", 1, 6},
    {S("f'{a:{b}x}y}'\n"), "f-string: single '}' is not allowed", 1, 13},
    {S("f'{a}}'\n"), "f-string: single '}' is not allowed", 1, 7},
    {S("f'{{a}'\n"), "f-string: single '}' is not allowed", 1, 7},
    {S("f'{a!r }'\n"), "f-string: expecting '}'", 1, 9},
    {S("f'{a!r=}'\n"), "f-string: expecting '}'", 1, 9},
    {S("f'{\"a'\n"), "f-string: unterminated string", 1, 6},
    {S("f'{\"\"\"a'\n"), "f-string: unterminated string", 1, 8},
    {S("f'{a}' b'x'\n"), "cannot mix bytes and nonbytes literals", 1, 11},
    {S("b'x' f'{a}'\n"), "cannot mix bytes and nonbytes literals", 1, 11},
    {S("f'\\x{a}'\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \\xXX escape", 1, 8},
    {S("f'{a}\\N{DASH}'\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-7: unknown Unicode character name", 1, 14},
    {S("f'a\\N{{'\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 1-4: malformed \\N character escape", 1, 8},
    {S("f'\377{a}'\n"), "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte", 1, 7},
    {S("rf'\377{a}'\n"), "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte", 1, 8},
    {S("f'{f\"{}\"}'\n"), "f-string: f-string: empty expression not allowed", 1, 6},
    {S("f'{b\"\303\251\"}'\n"), "f-string: bytes can only contain ASCII literal characters", 1, 6},
    {S("f'{\"a\" b\"c\"}'\n"), "f-string: cannot mix bytes and nonbytes literals", 1, 9},
    {S("x = f'{1_}'\n"), "invalid decimal literal", 1, 2},
    {S("x = (f'{a}'\n  '\\x')\n"), "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \\xXX escape", 2, 6},
};

static void test_errors(void **state) {
    (void)state;
    for (size_t i = 0; i < KCV_ARRAY_LEN(err_cases); i++) {
        const ErrCase *e = &err_cases[i];
        Interner names;
        interner_init(&names);
        Arena arena;
        arena_init(&arena);
        DiagSink diags;
        diag_init(&diags);
        SourceFile *f = source_from_string("t.py", e->src, e->len);
        Node *m = parse_module(f, &names, &arena, &diags);
        diag_sort(&diags);
        if (m || diags.diags.n != 1 || strcmp(diags.diags.v[0].message, e->msg) != 0 ||
            diags.diags.v[0].loc.line != e->line || diags.diags.v[0].loc.col != e->col) {
            print_error("case %zu: %s  want %s at %d:%d\n", i, e->src, e->msg, e->line, e->col);
            for (int k = 0; k < diags.diags.n; k++)
                print_error("  got %s at %d:%d\n", diags.diags.v[k].message, diags.diags.v[k].loc.line,
                            diags.diags.v[k].loc.col);
        }
        assert_null(m);
        assert_int_equal(diags.diags.n, 1);
        assert_string_equal(diags.diags.v[0].message, e->msg);
        assert_int_equal(diags.diags.v[0].loc.line, e->line);
        assert_int_equal(diags.diags.v[0].loc.col, e->col);
        diag_free(&diags);
        source_free(f);
        arena_free(&arena);
        interner_free(&names);
    }
}

/* strings_parse itself reports at the token after the group. */
static void test_error_direct(void **state) {
    (void)state;
    Ctx c;
    Node *n = parse_strings(&c, S("x = ('a' b'c'\n, 1)\n"));
    assert_null(n);
    assert_int_equal(c.diags.diags.n, 1);
    assert_string_equal(c.diags.diags.v[0].message, "cannot mix bytes and nonbytes literals");
    assert_int_equal(c.diags.diags.v[0].loc.line, 2);
    assert_int_equal(c.diags.diags.v[0].loc.col, 0);
    ctx_free(&c);
}

/* ---- f-strings end to end ------------------------------------------------------- */

typedef struct DumpCase {
    const char *src;
    size_t len;
    const char *dump;
} DumpCase;

static const DumpCase dump_cases[] = {
    {S("f''\n"),
     "JoinedStr(values=[], lineno=1, col_offset=0, end_lineno=1, end_col_offset=3)"},
    {S("f'abc'\n"),
     "JoinedStr(values=[Constant(value='abc', lineno=1, col_offset=0, end_lineno=1, end_col_offset=6)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=6)"},
    {S("'a' f'' 'b'\n"),
     "JoinedStr(values=[Constant(value='ab', lineno=1, col_offset=0, end_lineno=1, end_col_offset=11)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=11)"},
    {S("f'a{x}b'\n"),
     "JoinedStr(values=[Constant(value='a', lineno=1, col_offset=0, end_lineno=1, end_col_offset=8), FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=4, end_lineno=1, end_col_offset=5), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=8), Constant(value='b', lineno=1, col_offset=0, end_lineno=1, end_col_offset=8)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=8)"},
    {S("f'{x=}'\n"),
     "JoinedStr(values=[Constant(value='x=', lineno=1, col_offset=0, end_lineno=1, end_col_offset=7), FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), conversion=114, lineno=1, col_offset=0, end_lineno=1, end_col_offset=7)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=7)"},
    {S("f'{x = }'\n"),
     "JoinedStr(values=[Constant(value='x = ', lineno=1, col_offset=0, end_lineno=1, end_col_offset=9), FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), conversion=114, lineno=1, col_offset=0, end_lineno=1, end_col_offset=9)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=9)"},
    {S("f'{x = !r:>10}'\n"),
     "JoinedStr(values=[Constant(value='x = ', lineno=1, col_offset=0, end_lineno=1, end_col_offset=15), FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), conversion=114, format_spec=JoinedStr(values=[Constant(value='>10', lineno=1, col_offset=0, end_lineno=1, end_col_offset=15)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=15), lineno=1, col_offset=0, end_lineno=1, end_col_offset=15)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=15)"},
    {S("f'{x=!s}'\n"),
     "JoinedStr(values=[Constant(value='x=', lineno=1, col_offset=0, end_lineno=1, end_col_offset=9), FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), conversion=115, lineno=1, col_offset=0, end_lineno=1, end_col_offset=9)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=9)"},
    {S("f'{x=:>10}'\n"),
     "JoinedStr(values=[Constant(value='x=', lineno=1, col_offset=0, end_lineno=1, end_col_offset=11), FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), conversion=-1, format_spec=JoinedStr(values=[Constant(value='>10', lineno=1, col_offset=0, end_lineno=1, end_col_offset=11)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=11), lineno=1, col_offset=0, end_lineno=1, end_col_offset=11)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=11)"},
    {S("f'{x!r}' f'{y!s}' f'{z!a}'\n"),
     "JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), conversion=114, lineno=1, col_offset=0, end_lineno=1, end_col_offset=26), FormattedValue(value=Name(id='y', ctx=Load(), lineno=1, col_offset=12, end_lineno=1, end_col_offset=13), conversion=115, lineno=1, col_offset=0, end_lineno=1, end_col_offset=26), FormattedValue(value=Name(id='z', ctx=Load(), lineno=1, col_offset=21, end_lineno=1, end_col_offset=22), conversion=97, lineno=1, col_offset=0, end_lineno=1, end_col_offset=26)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=26)"},
    {S("f'{x:}'\n"),
     "JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), conversion=-1, format_spec=JoinedStr(values=[], lineno=1, col_offset=0, end_lineno=1, end_col_offset=7), lineno=1, col_offset=0, end_lineno=1, end_col_offset=7)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=7)"},
    {S("f'{x:{y}}'\n"),
     "JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Name(id='y', ctx=Load(), lineno=1, col_offset=6, end_lineno=1, end_col_offset=7), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=10)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=10), lineno=1, col_offset=0, end_lineno=1, end_col_offset=10)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=10)"},
    {S("f'{x:a{y}b}'\n"),
     "JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), conversion=-1, format_spec=JoinedStr(values=[Constant(value='a', lineno=1, col_offset=0, end_lineno=1, end_col_offset=12), FormattedValue(value=Name(id='y', ctx=Load(), lineno=1, col_offset=7, end_lineno=1, end_col_offset=8), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=12), Constant(value='b', lineno=1, col_offset=0, end_lineno=1, end_col_offset=12)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=12), lineno=1, col_offset=0, end_lineno=1, end_col_offset=12)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=12)"},
    {S("f'{x:{y}>10}'\n"),
     "JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Name(id='y', ctx=Load(), lineno=1, col_offset=6, end_lineno=1, end_col_offset=7), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=13), Constant(value='>10', lineno=1, col_offset=0, end_lineno=1, end_col_offset=13)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=13), lineno=1, col_offset=0, end_lineno=1, end_col_offset=13)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=13)"},
    {S("f'{x:{y=}}'\n"),
     "JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), conversion=-1, format_spec=JoinedStr(values=[Constant(value='y=', lineno=1, col_offset=0, end_lineno=1, end_col_offset=11), FormattedValue(value=Name(id='y', ctx=Load(), lineno=1, col_offset=6, end_lineno=1, end_col_offset=7), conversion=114, lineno=1, col_offset=0, end_lineno=1, end_col_offset=11)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=11), lineno=1, col_offset=0, end_lineno=1, end_col_offset=11)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=11)"},
    {S("f'{x:{{y}}}'\n"),
     "JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Set(elts=[Name(id='y', ctx=Load(), lineno=1, col_offset=7, end_lineno=1, end_col_offset=8)], lineno=1, col_offset=6, end_lineno=1, end_col_offset=9), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=12)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=12), lineno=1, col_offset=0, end_lineno=1, end_col_offset=12)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=12)"},
    {S("'abc' f'{x:>{y}}' 'def'\n"),
     "JoinedStr(values=[Constant(value='abc', lineno=1, col_offset=0, end_lineno=1, end_col_offset=23), FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=9, end_lineno=1, end_col_offset=10), conversion=-1, format_spec=JoinedStr(values=[Constant(value='>', lineno=1, col_offset=0, end_lineno=1, end_col_offset=23), FormattedValue(value=Name(id='y', ctx=Load(), lineno=1, col_offset=13, end_lineno=1, end_col_offset=14), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=23)], lineno=1, col_offset=6, end_lineno=1, end_col_offset=17), lineno=1, col_offset=0, end_lineno=1, end_col_offset=23), Constant(value='def', lineno=1, col_offset=0, end_lineno=1, end_col_offset=23)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=23)"},
    {S("('abc'\n f'{x:>{y}z}'\n 'def')\n"),
     "JoinedStr(values=[Constant(value='abc', lineno=1, col_offset=1, end_lineno=3, end_col_offset=6), FormattedValue(value=Name(id='x', ctx=Load(), lineno=2, col_offset=4, end_lineno=2, end_col_offset=5), conversion=-1, format_spec=JoinedStr(values=[Constant(value='>', lineno=1, col_offset=1, end_lineno=3, end_col_offset=6), FormattedValue(value=Name(id='y', ctx=Load(), lineno=2, col_offset=8, end_lineno=2, end_col_offset=9), conversion=-1, lineno=1, col_offset=1, end_lineno=3, end_col_offset=6), Constant(value='z', lineno=2, col_offset=1, end_lineno=2, end_col_offset=13)], lineno=2, col_offset=1, end_lineno=2, end_col_offset=13), lineno=1, col_offset=1, end_lineno=3, end_col_offset=6), Constant(value='def', lineno=1, col_offset=1, end_lineno=3, end_col_offset=6)], lineno=1, col_offset=1, end_lineno=3, end_col_offset=6)"},
    {S("f'''\n{x}\n  {y:{z}} {\nw}'''\n"),
     "JoinedStr(values=[Constant(value='\\n', lineno=1, col_offset=0, end_lineno=4, end_col_offset=5), FormattedValue(value=Name(id='x', ctx=Load(), lineno=2, col_offset=1, end_lineno=2, end_col_offset=2), conversion=-1, lineno=1, col_offset=0, end_lineno=4, end_col_offset=5), Constant(value='\\n  ', lineno=1, col_offset=0, end_lineno=4, end_col_offset=5), FormattedValue(value=Name(id='y', ctx=Load(), lineno=3, col_offset=3, end_lineno=3, end_col_offset=4), conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Name(id='z', ctx=Load(), lineno=3, col_offset=6, end_lineno=3, end_col_offset=7), conversion=-1, lineno=1, col_offset=0, end_lineno=4, end_col_offset=5)], lineno=1, col_offset=0, end_lineno=4, end_col_offset=5), lineno=1, col_offset=0, end_lineno=4, end_col_offset=5), Constant(value=' ', lineno=1, col_offset=0, end_lineno=4, end_col_offset=5), FormattedValue(value=Name(id='w', ctx=Load(), lineno=4, col_offset=0, end_lineno=4, end_col_offset=1), conversion=-1, lineno=1, col_offset=0, end_lineno=4, end_col_offset=5)], lineno=1, col_offset=0, end_lineno=4, end_col_offset=5)"},
    {S("(f'ab'\n  f'{a}' f'''c\n{d}''')\n"),
     "JoinedStr(values=[Constant(value='ab', lineno=1, col_offset=1, end_lineno=3, end_col_offset=6), FormattedValue(value=Name(id='a', ctx=Load(), lineno=2, col_offset=5, end_lineno=2, end_col_offset=6), conversion=-1, lineno=1, col_offset=1, end_lineno=3, end_col_offset=6), Constant(value='c\\n', lineno=1, col_offset=1, end_lineno=3, end_col_offset=6), FormattedValue(value=Name(id='d', ctx=Load(), lineno=3, col_offset=1, end_lineno=3, end_col_offset=2), conversion=-1, lineno=1, col_offset=1, end_lineno=3, end_col_offset=6)], lineno=1, col_offset=1, end_lineno=3, end_col_offset=6)"},
    {S("(f'{a}'\n)\n"),
     "JoinedStr(values=[FormattedValue(value=Name(id='a', ctx=Load(), lineno=1, col_offset=4, end_lineno=1, end_col_offset=5), conversion=-1, lineno=1, col_offset=1, end_lineno=1, end_col_offset=7)], lineno=1, col_offset=1, end_lineno=1, end_col_offset=7)"},
    {S("('''\n''' f'{a}')\n"),
     "JoinedStr(values=[Constant(value='\\n', lineno=1, col_offset=1, end_lineno=2, end_col_offset=10), FormattedValue(value=Name(id='a', ctx=Load(), lineno=2, col_offset=7, end_lineno=2, end_col_offset=8), conversion=-1, lineno=1, col_offset=1, end_lineno=2, end_col_offset=10)], lineno=1, col_offset=1, end_lineno=2, end_col_offset=10)"},
    {S("f'''{x\n}'''\n"),
     "JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=5, end_lineno=1, end_col_offset=6), conversion=-1, lineno=1, col_offset=0, end_lineno=2, end_col_offset=4)], lineno=1, col_offset=0, end_lineno=2, end_col_offset=4)"},
    {S("f'''{x+\ny+z}'''\n"),
     "JoinedStr(values=[FormattedValue(value=BinOp(left=BinOp(left=Name(id='x', ctx=Load(), lineno=1, col_offset=5, end_lineno=1, end_col_offset=6), op=Add(), right=Name(id='y', ctx=Load(), lineno=2, col_offset=0, end_lineno=2, end_col_offset=1), lineno=1, col_offset=5, end_lineno=2, end_col_offset=1), op=Add(), right=Name(id='z', ctx=Load(), lineno=2, col_offset=2, end_lineno=2, end_col_offset=3), lineno=1, col_offset=5, end_lineno=2, end_col_offset=3), conversion=-1, lineno=1, col_offset=0, end_lineno=2, end_col_offset=7)], lineno=1, col_offset=0, end_lineno=2, end_col_offset=7)"},
    {S("f'''ab{ \n x}'''\n"),
     "JoinedStr(values=[Constant(value='ab', lineno=1, col_offset=0, end_lineno=2, end_col_offset=6), FormattedValue(value=Name(id='x', ctx=Load(), lineno=2, col_offset=1, end_lineno=2, end_col_offset=2), conversion=-1, lineno=1, col_offset=0, end_lineno=2, end_col_offset=6)], lineno=1, col_offset=0, end_lineno=2, end_col_offset=6)"},
    {S("f'''{\"\"\"a\nb\"\"\" + c}'''\n"),
     "JoinedStr(values=[FormattedValue(value=BinOp(left=Constant(value='a\\nb', lineno=1, col_offset=1, end_lineno=2, end_col_offset=4), op=Add(), right=Name(id='c', ctx=Load(), lineno=2, col_offset=7, end_lineno=2, end_col_offset=8), lineno=1, col_offset=1, end_lineno=2, end_col_offset=8), conversion=-1, lineno=1, col_offset=0, end_lineno=2, end_col_offset=12)], lineno=1, col_offset=0, end_lineno=2, end_col_offset=12)"},
    {S("f'''{y + f\"\"\"a\n{z}\"\"\"}'''\n"),
     "JoinedStr(values=[FormattedValue(value=BinOp(left=Name(id='y', ctx=Load(), lineno=1, col_offset=5, end_lineno=1, end_col_offset=6), op=Add(), right=JoinedStr(values=[Constant(value='a\\n', lineno=1, col_offset=5, end_lineno=2, end_col_offset=6), FormattedValue(value=Name(id='z', ctx=Load(), lineno=2, col_offset=1, end_lineno=2, end_col_offset=2), conversion=-1, lineno=1, col_offset=5, end_lineno=2, end_col_offset=6)], lineno=1, col_offset=5, end_lineno=2, end_col_offset=6), lineno=1, col_offset=5, end_lineno=2, end_col_offset=6), conversion=-1, lineno=1, col_offset=0, end_lineno=2, end_col_offset=10)], lineno=1, col_offset=0, end_lineno=2, end_col_offset=10)"},
    {S("f'{f\"{z}\"}'\n"),
     "JoinedStr(values=[FormattedValue(value=JoinedStr(values=[FormattedValue(value=Name(id='z', ctx=Load(), lineno=1, col_offset=6, end_lineno=1, end_col_offset=7), conversion=-1, lineno=1, col_offset=3, end_lineno=1, end_col_offset=9)], lineno=1, col_offset=3, end_lineno=1, end_col_offset=9), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=11)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=11)"},
    {S("f'\303\251{x}'\n"),
     "JoinedStr(values=[Constant(value='\303\251', lineno=1, col_offset=0, end_lineno=1, end_col_offset=8), FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=5, end_lineno=1, end_col_offset=6), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=8)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=8)"},
    {S("f'{x}{\303\251}'\n"),
     "JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=10), FormattedValue(value=Name(id='\303\251', ctx=Load(), lineno=1, col_offset=6, end_lineno=1, end_col_offset=8), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=10)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=10)"},
    {S("u'a' f'{x}' 'b'\n"),
     "JoinedStr(values=[Constant(value='a', kind='u', lineno=1, col_offset=0, end_lineno=1, end_col_offset=15), FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=8, end_lineno=1, end_col_offset=9), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=15), Constant(value='b', kind='u', lineno=1, col_offset=0, end_lineno=1, end_col_offset=15)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=15)"},
    {S("f'{{a}}'\n"),
     "JoinedStr(values=[Constant(value='{a}', lineno=1, col_offset=0, end_lineno=1, end_col_offset=8)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=8)"},
    {S("f'{{{a}}}'\n"),
     "JoinedStr(values=[Constant(value='{', lineno=1, col_offset=0, end_lineno=1, end_col_offset=10), FormattedValue(value=Name(id='a', ctx=Load(), lineno=1, col_offset=5, end_lineno=1, end_col_offset=6), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=10), Constant(value='}', lineno=1, col_offset=0, end_lineno=1, end_col_offset=10)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=10)"},
    {S("f'\\{a}'\n"),
     "JoinedStr(values=[Constant(value='\\\\', lineno=1, col_offset=0, end_lineno=1, end_col_offset=7), FormattedValue(value=Name(id='a', ctx=Load(), lineno=1, col_offset=4, end_lineno=1, end_col_offset=5), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=7)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=7)"},
    {S("rf'\\{a}'\n"),
     "JoinedStr(values=[Constant(value='\\\\', lineno=1, col_offset=0, end_lineno=1, end_col_offset=8), FormattedValue(value=Name(id='a', ctx=Load(), lineno=1, col_offset=5, end_lineno=1, end_col_offset=6), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=8)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=8)"},
    {S("f'\\N{EM DASH}{a}'\n"),
     "JoinedStr(values=[Constant(value='\342\200\224', lineno=1, col_offset=0, end_lineno=1, end_col_offset=17), FormattedValue(value=Name(id='a', ctx=Load(), lineno=1, col_offset=14, end_lineno=1, end_col_offset=15), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=17)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=17)"},
    {S("f'\\{{'\n"),
     "JoinedStr(values=[Constant(value='\\\\{', lineno=1, col_offset=0, end_lineno=1, end_col_offset=6)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=6)"},
    {S("f'\\}}'\n"),
     "JoinedStr(values=[Constant(value='\\\\}', lineno=1, col_offset=0, end_lineno=1, end_col_offset=6)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=6)"},
    {S("f'{x!=y}'\n"),
     "JoinedStr(values=[FormattedValue(value=Compare(left=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), ops=[NotEq()], comparators=[Name(id='y', ctx=Load(), lineno=1, col_offset=6, end_lineno=1, end_col_offset=7)], lineno=1, col_offset=3, end_lineno=1, end_col_offset=7), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=9)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=9)"},
    {S("f'{x<y} {x>y} {x<=y} {x>=y} {x==y}'\n"),
     "JoinedStr(values=[FormattedValue(value=Compare(left=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), ops=[Lt()], comparators=[Name(id='y', ctx=Load(), lineno=1, col_offset=5, end_lineno=1, end_col_offset=6)], lineno=1, col_offset=3, end_lineno=1, end_col_offset=6), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=35), Constant(value=' ', lineno=1, col_offset=0, end_lineno=1, end_col_offset=35), FormattedValue(value=Compare(left=Name(id='x', ctx=Load(), lineno=1, col_offset=9, end_lineno=1, end_col_offset=10), ops=[Gt()], comparators=[Name(id='y', ctx=Load(), lineno=1, col_offset=11, end_lineno=1, end_col_offset=12)], lineno=1, col_offset=9, end_lineno=1, end_col_offset=12), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=35), Constant(value=' ', lineno=1, col_offset=0, end_lineno=1, end_col_offset=35), FormattedValue(value=Compare(left=Name(id='x', ctx=Load(), lineno=1, col_offset=15, end_lineno=1, end_col_offset=16), ops=[LtE()], comparators=[Name(id='y', ctx=Load(), lineno=1, col_offset=18, end_lineno=1, end_col_offset=19)], lineno=1, col_offset=15, end_lineno=1, end_col_offset=19), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=35), Constant(value=' ', lineno=1, col_offset=0, end_lineno=1, end_col_offset=35), FormattedValue(value=Compare(left=Name(id='x', ctx=Load(), lineno=1, col_offset=22, end_lineno=1, end_col_offset=23), ops=[GtE()], comparators=[Name(id='y', ctx=Load(), lineno=1, col_offset=25, end_lineno=1, end_col_offset=26)], lineno=1, col_offset=22, end_lineno=1, end_col_offset=26), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=35), Constant(value=' ', lineno=1, col_offset=0, end_lineno=1, end_col_offset=35), FormattedValue(value=Compare(left=Name(id='x', ctx=Load(), lineno=1, col_offset=29, end_lineno=1, end_col_offset=30), ops=[Eq()], comparators=[Name(id='y', ctx=Load(), lineno=1, col_offset=32, end_lineno=1, end_col_offset=33)], lineno=1, col_offset=29, end_lineno=1, end_col_offset=33), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=35)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=35)"},
    {S("f'{(lambda x: 1)}'\n"),
     "JoinedStr(values=[FormattedValue(value=Lambda(args=arguments(posonlyargs=[], args=[arg(arg='x', lineno=1, col_offset=11, end_lineno=1, end_col_offset=12)], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Constant(value=1, lineno=1, col_offset=14, end_lineno=1, end_col_offset=15), lineno=1, col_offset=4, end_lineno=1, end_col_offset=15), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=18)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=18)"},
    {S("f'{(y:=1)}'\n"),
     "JoinedStr(values=[FormattedValue(value=NamedExpr(target=Name(id='y', ctx=Store(), lineno=1, col_offset=4, end_lineno=1, end_col_offset=5), value=Constant(value=1, lineno=1, col_offset=7, end_lineno=1, end_col_offset=8), lineno=1, col_offset=4, end_lineno=1, end_col_offset=8), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=11)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=11)"},
    {S("f'{x,y}'\n"),
     "JoinedStr(values=[FormattedValue(value=Tuple(elts=[Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), Name(id='y', ctx=Load(), lineno=1, col_offset=5, end_lineno=1, end_col_offset=6)], ctx=Load(), lineno=1, col_offset=2, end_lineno=1, end_col_offset=7), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=8)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=8)"},
    {S("f'{  x  }'\n"),
     "JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=5, end_lineno=1, end_col_offset=6), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=10)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=10)"},
    {S("f'{ {1:2}[1] }'\n"),
     "JoinedStr(values=[FormattedValue(value=Subscript(value=Dict(keys=[Constant(value=1, lineno=1, col_offset=5, end_lineno=1, end_col_offset=6)], values=[Constant(value=2, lineno=1, col_offset=7, end_lineno=1, end_col_offset=8)], lineno=1, col_offset=4, end_lineno=1, end_col_offset=9), slice=Constant(value=1, lineno=1, col_offset=10, end_lineno=1, end_col_offset=11), ctx=Load(), lineno=1, col_offset=4, end_lineno=1, end_col_offset=12), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=15)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=15)"},
    {S("f'{\"a\"}' f\"{'b'}\"\n"),
     "JoinedStr(values=[FormattedValue(value=Constant(value='a', lineno=1, col_offset=3, end_lineno=1, end_col_offset=6), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=17), FormattedValue(value=Constant(value='b', lineno=1, col_offset=12, end_lineno=1, end_col_offset=15), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=17)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=17)"},
    {S("f'{x[\"k\"]!r:^{w}.{p}}'\n"),
     "JoinedStr(values=[FormattedValue(value=Subscript(value=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), slice=Constant(value='k', lineno=1, col_offset=5, end_lineno=1, end_col_offset=8), ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=9), conversion=114, format_spec=JoinedStr(values=[Constant(value='^', lineno=1, col_offset=0, end_lineno=1, end_col_offset=22), FormattedValue(value=Name(id='w', ctx=Load(), lineno=1, col_offset=14, end_lineno=1, end_col_offset=15), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=22), Constant(value='.', lineno=1, col_offset=0, end_lineno=1, end_col_offset=22), FormattedValue(value=Name(id='p', ctx=Load(), lineno=1, col_offset=18, end_lineno=1, end_col_offset=19), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=22)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=22), lineno=1, col_offset=0, end_lineno=1, end_col_offset=22)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=22)"},
    {S("F'{x}' Rf'{y}' fR'\\d{z}'\n"),
     "JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load(), lineno=1, col_offset=3, end_lineno=1, end_col_offset=4), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=24), FormattedValue(value=Name(id='y', ctx=Load(), lineno=1, col_offset=11, end_lineno=1, end_col_offset=12), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=24), Constant(value='\\\\d', lineno=1, col_offset=0, end_lineno=1, end_col_offset=24), FormattedValue(value=Name(id='z', ctx=Load(), lineno=1, col_offset=21, end_lineno=1, end_col_offset=22), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=24)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=24)"},
    {S("f'{yield}'\n"),
     "JoinedStr(values=[FormattedValue(value=Yield(lineno=1, col_offset=3, end_lineno=1, end_col_offset=8), conversion=-1, lineno=1, col_offset=0, end_lineno=1, end_col_offset=10)], lineno=1, col_offset=0, end_lineno=1, end_col_offset=10)"},
};

static void test_fstrings(void **state) {
    (void)state;
    for (size_t i = 0; i < KCV_ARRAY_LEN(dump_cases); i++) {
        const DumpCase *d = &dump_cases[i];
        Interner names;
        interner_init(&names);
        Arena arena;
        arena_init(&arena);
        DiagSink diags;
        diag_init(&diags);
        SourceFile *f = source_from_string("t.py", d->src, d->len);
        Node *m = parse_module(f, &names, &arena, &diags);
        if (!m) print_error("case %zu (%s): %s\n", i, d->src, diags.diags.n ? diags.diags.v[0].message : "?");
        assert_non_null(m);
        assert_int_equal(m->u.module.body.n, 1);
        StrBuf out = {0};
        ast_dump(&out, m->u.module.body.v[0]->u.expr.value, true);
        if (strcmp(sb_str(&out), d->dump) != 0)
            print_error("case %zu (%s)\n  want %s\n  got  %s\n", i, d->src, d->dump, sb_str(&out));
        assert_string_equal(sb_str(&out), d->dump);
        sb_free(&out);
        diag_free(&diags);
        source_free(f);
        arena_free(&arena);
        interner_free(&names);
    }
}

/* f-strings nest as deep as the four quote styles allow, and no deeper. */
static void test_fstring_nesting(void **state) {
    (void)state;
    const char *src = "f'''{f\"\"\"{f'{f\"{x}\"}'}\"\"\"}'''\n";
    Interner names;
    interner_init(&names);
    Arena arena;
    arena_init(&arena);
    DiagSink diags;
    diag_init(&diags);
    SourceFile *f = source_from_string("t.py", src, strlen(src));
    Node *m = parse_module(f, &names, &arena, &diags);
    assert_non_null(m);
    Node *e = m->u.module.body.v[0]->u.expr.value;
    for (int depth = 0; depth < 4; depth++) {
        assert_int_equal(e->kind, N_JOINED_STR);
        assert_int_equal(e->u.joined.values.n, 1);
        e = e->u.joined.values.v[0];
        assert_int_equal(e->kind, N_FORMATTED_VALUE);
        e = e->u.fvalue.value;
    }
    assert_int_equal(e->kind, N_NAME);
    assert_string_equal(e->u.name.id, "x");
    diag_free(&diags);
    source_free(f);
    arena_free(&arena);
    interner_free(&names);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_group_span),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_error_direct),
        cmocka_unit_test(test_fstrings),
        cmocka_unit_test(test_fstring_nesting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
