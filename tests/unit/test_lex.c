/* test_lex.c - unit tests of the Python 3.11 lexer (src/front/lex.c).
 *
 * The expected token streams and error positions below were produced from
 * CPython 3.11.2 (/usr/bin/python3): tokens from its C tokenizer
 * (tokenize._generate_tokens_from_c_tokenizer), errors from compile(bytes).
 * Token format: KIND(text)@line:col-end_line:end_col; NEWLINE without its
 * text; INDENT, DEDENT and ENDMARKER as KIND@line:col, at the column where
 * CPython reports an error located at them (see lex.c).  Error columns are
 * 0-based bytes: CPython's 1-based offset minus one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "front/front.h"
#include "front/token.h"

#define S(x) x, sizeof(x) - 1

typedef struct Lexed {
    SourceFile *file;
    Interner names;
    Arena arena;
    DiagSink diags;
    TokenArray toks;
    bool ok;
} Lexed;

static void lex_with(Lexed *L, const char *src, size_t len, const LexOptions *opt) {
    memset(L, 0, sizeof *L);
    L->file = source_from_string("t.py", src, len);
    interner_init(&L->names);
    arena_init(&L->arena);
    diag_init(&L->diags);
    L->ok = lex_tokens(L->file, L->file->text, L->file->len, opt, &L->names, &L->arena, &L->diags,
                       &L->toks);
}

static void lex(Lexed *L, const char *src, size_t len) {
    LexOptions opt = {1, 0, false};
    lex_with(L, src, len, &opt);
}

static void lexed_free(Lexed *L) {
    diag_free(&L->diags);
    arena_free(&L->arena);
    interner_free(&L->names);
    source_free(L->file);
}

static const char *kind_name(TokKind k) {
    switch (k) {
    case TK_ENDMARKER: return "ENDMARKER";
    case TK_NEWLINE: return "NEWLINE";
    case TK_INDENT: return "INDENT";
    case TK_DEDENT: return "DEDENT";
    case TK_NAME: return "NAME";
    case TK_NUMBER: return "NUMBER";
    case TK_STRING: return "STRING";
    case TK_OP: return "OP";
    case TK_ERROR: return "ERROR";
    }
    return "?";
}

static void render(StrBuf *b, const TokenArray *t) {
    for (int i = 0; i < t->n; i++) {
        const Token *k = &t->v[i];
        if (i) sb_putc(b, ' ');
        sb_puts(b, kind_name(k->kind));
        switch (k->kind) {
        case TK_INDENT:
        case TK_DEDENT:
        case TK_ENDMARKER:
        case TK_ERROR:
            sb_printf(b, "@%d:%d", k->line, k->col);
            break;
        case TK_NEWLINE:
            sb_printf(b, "@%d:%d-%d:%d", k->line, k->col, k->end_line, k->end_col);
            break;
        case TK_NAME:
        case TK_NUMBER:
        case TK_STRING:
        case TK_OP:
            sb_putc(b, '(');
            sb_put(b, k->start, (size_t)k->len);
            sb_printf(b, ")@%d:%d-%d:%d", k->line, k->col, k->end_line, k->end_col);
            break;
        }
    }
}

/* ---- token streams ----------------------------------------------------------- */

typedef struct TokCase {
    const char *src;
    size_t len;
    const char *want;
} TokCase;

static const TokCase tok_cases[] = {
    {S("x = 1\n"),
     "NAME(x)@1:0-1:1 OP(=)@1:2-1:3 NUMBER(1)@1:4-1:5 NEWLINE@1:5-1:5 ENDMARKER@1:5"},
    {S("if x:\n    y = 1 # c\n\n  # c\n    z\nw\n"),
     "NAME(if)@1:0-1:2 NAME(x)@1:3-1:4 OP(:)@1:4-1:5 NEWLINE@1:5-1:5 INDENT@2:3 NAME(y)@2:4-2:5 OP(=)@2:6-2:7 NUMBER(1)@2:8-2:9 NEWLINE@2:10-2:13 NAME(z)@5:4-5:5 NEWLINE@5:5-5:5 DEDENT@6:0 NAME(w)@6:0-6:1 NEWLINE@6:1-6:1 ENDMARKER@6:1"},
    {S("if a:\n\tif b:\n\t\tc\n\td\ne\n"),
     "NAME(if)@1:0-1:2 NAME(a)@1:3-1:4 OP(:)@1:4-1:5 NEWLINE@1:5-1:5 INDENT@2:0 NAME(if)@2:1-2:3 NAME(b)@2:4-2:5 OP(:)@2:5-2:6 NEWLINE@2:6-2:6 INDENT@3:1 NAME(c)@3:2-3:3 NEWLINE@3:3-3:3 DEDENT@4:0 NAME(d)@4:1-4:2 NEWLINE@4:2-4:2 DEDENT@5:0 NAME(e)@5:0-5:1 NEWLINE@5:1-5:1 ENDMARKER@5:1"},
    {S("x = 1 + \\\n    2\n"),
     "NAME(x)@1:0-1:1 OP(=)@1:2-1:3 NUMBER(1)@1:4-1:5 OP(+)@1:6-1:7 NUMBER(2)@2:4-2:5 NEWLINE@2:5-2:5 ENDMARKER@2:5"},
    {S("if a:\n  \\\n  b\n"),
     "NAME(if)@1:0-1:2 NAME(a)@1:3-1:4 OP(:)@1:4-1:5 NEWLINE@1:5-1:5 INDENT@3:1 NAME(b)@3:2-3:3 NEWLINE@3:3-3:3 DEDENT@3:3 ENDMARKER@3:3"},
    {S("x = (1,\n     2)\ny = [\n]\n"),
     "NAME(x)@1:0-1:1 OP(=)@1:2-1:3 OP(()@1:4-1:5 NUMBER(1)@1:5-1:6 OP(,)@1:6-1:7 NUMBER(2)@2:5-2:6 OP())@2:6-2:7 NEWLINE@2:7-2:7 NAME(y)@3:0-3:1 OP(=)@3:2-3:3 OP([)@3:4-3:5 OP(])@4:0-4:1 NEWLINE@4:1-4:1 ENDMARKER@4:1"},
    {S("x = 1\r\ny = 2\r\n"),
     "NAME(x)@1:0-1:1 OP(=)@1:2-1:3 NUMBER(1)@1:4-1:5 NEWLINE@1:5-1:5 NAME(y)@2:0-2:1 OP(=)@2:2-2:3 NUMBER(2)@2:4-2:5 NEWLINE@2:5-2:5 ENDMARKER@3:0"},
    {S("x = 1\ry = 2"),
     "NAME(x)@1:0-1:1 OP(=)@1:2-1:3 NUMBER(1)@1:4-1:5 NEWLINE@1:5-1:5 NAME(y)@2:0-2:1 OP(=)@2:2-2:3 NUMBER(2)@2:4-2:5 NEWLINE@2:5-2:5 ENDMARKER@2:5"},
    {S("x = 1"),
     "NAME(x)@1:0-1:1 OP(=)@1:2-1:3 NUMBER(1)@1:4-1:5 NEWLINE@1:5-1:5 ENDMARKER@1:5"},
    {S("\357\273\277x = 1\n"),
     "NAME(x)@1:0-1:1 OP(=)@1:2-1:3 NUMBER(1)@1:4-1:5 NEWLINE@1:5-1:5 ENDMARKER@1:5"},
    {S("\014x = 1\n"),
     "NAME(x)@1:1-1:2 OP(=)@1:3-1:4 NUMBER(1)@1:5-1:6 NEWLINE@1:6-1:6 ENDMARKER@1:6"},
    {S("if a:\n  b\n\014\n  c\n"),
     "NAME(if)@1:0-1:2 NAME(a)@1:3-1:4 OP(:)@1:4-1:5 NEWLINE@1:5-1:5 INDENT@2:1 NAME(b)@2:2-2:3 NEWLINE@2:3-2:3 NAME(c)@4:2-4:3 NEWLINE@4:3-4:3 DEDENT@4:3 ENDMARKER@4:3"},
    {S(""),
     "ENDMARKER@1:0"},
    {S("\n\n"),
     "ENDMARKER@2:0"},
    {S("# only a comment"),
     "ENDMARKER@1:16"},
    {S("1 0 00 0_0 1_000 0x_fF 0XAB 0o17 0O7_7 0b1_0 0B1\n"),
     "NUMBER(1)@1:0-1:1 NUMBER(0)@1:2-1:3 NUMBER(00)@1:4-1:6 NUMBER(0_0)@1:7-1:10 NUMBER(1_000)@1:11-1:16 NUMBER(0x_fF)@1:17-1:22 NUMBER(0XAB)@1:23-1:27 NUMBER(0o17)@1:28-1:32 NUMBER(0O7_7)@1:33-1:38 NUMBER(0b1_0)@1:39-1:44 NUMBER(0B1)@1:45-1:48 NEWLINE@1:48-1:48 ENDMARKER@1:48"},
    {S("1.5 .5 5. 1e10 1E-5 1.5e+3 1_0.0_1e1_0 0e0 00.5 09.5 0j 1J 1.5j .5j 1e5j 0_0j\n"),
     "NUMBER(1.5)@1:0-1:3 NUMBER(.5)@1:4-1:6 NUMBER(5.)@1:7-1:9 NUMBER(1e10)@1:10-1:14 NUMBER(1E-5)@1:15-1:19 NUMBER(1.5e+3)@1:20-1:26 NUMBER(1_0.0_1e1_0)@1:27-1:38 NUMBER(0e0)@1:39-1:42 NUMBER(00.5)@1:43-1:47 NUMBER(09.5)@1:48-1:52 NUMBER(0j)@1:53-1:55 NUMBER(1J)@1:56-1:58 NUMBER(1.5j)@1:59-1:63 NUMBER(.5j)@1:64-1:67 NUMBER(1e5j)@1:68-1:72 NUMBER(0_0j)@1:73-1:77 NEWLINE@1:77-1:77 ENDMARKER@1:77"},
    {S("1if x else 2\n"),
     "NUMBER(1)@1:0-1:1 NAME(if)@1:1-1:3 NAME(x)@1:4-1:5 NAME(else)@1:6-1:10 NUMBER(2)@1:11-1:12 NEWLINE@1:12-1:12 ENDMARKER@1:12"},
    {S("0x1for\n"),
     "NUMBER(0x1f)@1:0-1:4 NAME(or)@1:4-1:6 NEWLINE@1:6-1:6 ENDMARKER@1:6"},
    {S("'a' \"b\" '''c''' \"\"\"d\"\"\" r'e' R'f' u'g' U'h' b'i' B'j' f'k' F'l'\n"),
     "STRING('a')@1:0-1:3 STRING(\"b\")@1:4-1:7 STRING('''c''')@1:8-1:15 STRING(\"\"\"d\"\"\")@1:16-1:23 STRING(r'e')@1:24-1:28 STRING(R'f')@1:29-1:33 STRING(u'g')@1:34-1:38 STRING(U'h')@1:39-1:43 STRING(b'i')@1:44-1:48 STRING(B'j')@1:49-1:53 STRING(f'k')@1:54-1:58 STRING(F'l')@1:59-1:63 NEWLINE@1:63-1:63 ENDMARKER@1:63"},
    {S("br'a' Br'b' bR'c' BR'd' rb'e' rB'f' Rb'g' RB'h' fr'i' Fr'j' fR'k' FR'l' rf'm' rF'n' Rf'o' RF'p'\n"),
     "STRING(br'a')@1:0-1:5 STRING(Br'b')@1:6-1:11 STRING(bR'c')@1:12-1:17 STRING(BR'd')@1:18-1:23 STRING(rb'e')@1:24-1:29 STRING(rB'f')@1:30-1:35 STRING(Rb'g')@1:36-1:41 STRING(RB'h')@1:42-1:47 STRING(fr'i')@1:48-1:53 STRING(Fr'j')@1:54-1:59 STRING(fR'k')@1:60-1:65 STRING(FR'l')@1:66-1:71 STRING(rf'm')@1:72-1:77 STRING(rF'n')@1:78-1:83 STRING(Rf'o')@1:84-1:89 STRING(RF'p')@1:90-1:95 NEWLINE@1:95-1:95 ENDMARKER@1:95"},
    {S("'''a\nb''' 'c\\\nd'\n"),
     "STRING('''a\nb''')@1:0-2:4 STRING('c\\\nd')@2:5-3:2 NEWLINE@3:2-3:2 ENDMARKER@3:2"},
    {S("ur'x' bu'y' fb'z' ub'w'\n"),
     "NAME(ur)@1:0-1:2 STRING('x')@1:2-1:5 NAME(bu)@1:6-1:8 STRING('y')@1:8-1:11 NAME(fb)@1:12-1:14 STRING('z')@1:14-1:17 NAME(ub)@1:18-1:20 STRING('w')@1:20-1:23 NEWLINE@1:23-1:23 ENDMARKER@1:23"},
    {S("'a\\'b' 'c\\\\' \"d\\\"e\"\n"),
     "STRING('a\\'b')@1:0-1:6 STRING('c\\\\')@1:7-1:12 STRING(\"d\\\"e\")@1:13-1:19 NEWLINE@1:19-1:19 ENDMARKER@1:19"},
    {S("( ) [ ] { } : , ; . ... -> @ = := + - * / | & < > % ~ ^ == != <= >= << >> ** // += -= *= /= %= &= |= ^= <<= >>= **= //= @=\n"),
     "OP(()@1:0-1:1 OP())@1:2-1:3 OP([)@1:4-1:5 OP(])@1:6-1:7 OP({)@1:8-1:9 OP(})@1:10-1:11 OP(:)@1:12-1:13 OP(,)@1:14-1:15 OP(;)@1:16-1:17 OP(.)@1:18-1:19 OP(...)@1:20-1:23 OP(->)@1:24-1:26 OP(@)@1:27-1:28 OP(=)@1:29-1:30 OP(:=)@1:31-1:33 OP(+)@1:34-1:35 OP(-)@1:36-1:37 OP(*)@1:38-1:39 OP(/)@1:40-1:41 OP(|)@1:42-1:43 OP(&)@1:44-1:45 OP(<)@1:46-1:47 OP(>)@1:48-1:49 OP(%)@1:50-1:51 OP(~)@1:52-1:53 OP(^)@1:54-1:55 OP(==)@1:56-1:58 OP(!=)@1:59-1:61 OP(<=)@1:62-1:64 OP(>=)@1:65-1:67 OP(<<)@1:68-1:70 OP(>>)@1:71-1:73 OP(**)@1:74-1:76 OP(//)@1:77-1:79 OP(+=)@1:80-1:82 OP(-=)@1:83-1:85 OP(*=)@1:86-1:88 OP(/=)@1:89-1:91 OP(%=)@1:92-1:94 OP(&=)@1:95-1:97 OP(|=)@1:98-1:100 OP(^=)@1:101-1:103 OP(<<=)@1:104-1:107 OP(>>=)@1:108-1:111 OP(**=)@1:112-1:115 OP(//=)@1:116-1:119 OP(@=)@1:120-1:122 NEWLINE@1:122-1:122 ENDMARKER@1:122"},
    {S("a<>b\n"),
     "NAME(a)@1:0-1:1 OP(<>)@1:1-1:3 NAME(b)@1:3-1:4 NEWLINE@1:4-1:4 ENDMARKER@1:4"},
    {S("a!b $ ? `\n"),
     "NAME(a)@1:0-1:1 OP(!)@1:1-1:2 NAME(b)@1:2-1:3 OP($)@1:4-1:5 OP(?)@1:6-1:7 OP(`)@1:8-1:9 NEWLINE@1:9-1:9 ENDMARKER@1:9"},
    {S("..\n"),
     "OP(.)@1:0-1:1 OP(.)@1:1-1:2 NEWLINE@1:2-1:2 ENDMARKER@1:2"},
    {S(". . .\n"),
     "OP(.)@1:0-1:1 OP(.)@1:2-1:3 OP(.)@1:4-1:5 NEWLINE@1:5-1:5 ENDMARKER@1:5"},
    {S("\345\220\215\345\211\215 = 1\n\317\200 = 2\n\342\204\214 = 3\n\357\275\211\357\275\206 = 4\n"),
     "NAME(\345\220\215\345\211\215)@1:0-1:6 OP(=)@1:7-1:8 NUMBER(1)@1:9-1:10 NEWLINE@1:10-1:10 NAME(\317\200)@2:0-2:2 OP(=)@2:3-2:4 NUMBER(2)@2:5-2:6 NEWLINE@2:6-2:6 NAME(\342\204\214)@3:0-3:3 OP(=)@3:4-3:5 NUMBER(3)@3:6-3:7 NEWLINE@3:7-3:7 NAME(\357\275\211\357\275\206)@4:0-4:6 OP(=)@4:7-4:8 NUMBER(4)@4:9-4:10 NEWLINE@4:10-4:10 ENDMARKER@4:10"},
    {S("async def f(): await x\n"),
     "NAME(async)@1:0-1:5 NAME(def)@1:6-1:9 NAME(f)@1:10-1:11 OP(()@1:11-1:12 OP())@1:12-1:13 OP(:)@1:13-1:14 NAME(await)@1:15-1:20 NAME(x)@1:21-1:22 NEWLINE@1:22-1:22 ENDMARKER@1:22"},
    {S("match x:\n case _: pass\n"),
     "NAME(match)@1:0-1:5 NAME(x)@1:6-1:7 OP(:)@1:7-1:8 NEWLINE@1:8-1:8 INDENT@2:0 NAME(case)@2:1-2:5 NAME(_)@2:6-2:7 OP(:)@2:7-2:8 NAME(pass)@2:9-2:13 NEWLINE@2:13-2:13 DEDENT@2:13 ENDMARKER@2:13"},
    {S("@dec\ndef f(a, *, b=1, **k) -> int: return a\n"),
     "OP(@)@1:0-1:1 NAME(dec)@1:1-1:4 NEWLINE@1:4-1:4 NAME(def)@2:0-2:3 NAME(f)@2:4-2:5 OP(()@2:5-2:6 NAME(a)@2:6-2:7 OP(,)@2:7-2:8 OP(*)@2:9-2:10 OP(,)@2:10-2:11 NAME(b)@2:12-2:13 OP(=)@2:13-2:14 NUMBER(1)@2:14-2:15 OP(,)@2:15-2:16 OP(**)@2:17-2:19 NAME(k)@2:19-2:20 OP())@2:20-2:21 OP(->)@2:22-2:24 NAME(int)@2:25-2:28 OP(:)@2:28-2:29 NAME(return)@2:30-2:36 NAME(a)@2:37-2:38 NEWLINE@2:38-2:38 ENDMARKER@2:38"},
    {S("x = 1;y = 2\n"),
     "NAME(x)@1:0-1:1 OP(=)@1:2-1:3 NUMBER(1)@1:4-1:5 OP(;)@1:5-1:6 NAME(y)@1:6-1:7 OP(=)@1:8-1:9 NUMBER(2)@1:10-1:11 NEWLINE@1:11-1:11 ENDMARKER@1:11"},
    {S("if x:\n  pass\n# trailing\n"),
     "NAME(if)@1:0-1:2 NAME(x)@1:3-1:4 OP(:)@1:4-1:5 NEWLINE@1:5-1:5 INDENT@2:1 NAME(pass)@2:2-2:6 NEWLINE@2:6-2:6 DEDENT@3:10 ENDMARKER@3:10"},
    {S("class A:\n  def f(self):\n    return 1\n\n\n"),
     "NAME(class)@1:0-1:5 NAME(A)@1:6-1:7 OP(:)@1:7-1:8 NEWLINE@1:8-1:8 INDENT@2:1 NAME(def)@2:2-2:5 NAME(f)@2:6-2:7 OP(()@2:7-2:8 NAME(self)@2:8-2:12 OP())@2:12-2:13 OP(:)@2:13-2:14 NEWLINE@2:14-2:14 INDENT@3:3 NAME(return)@3:4-3:10 NUMBER(1)@3:11-3:12 NEWLINE@3:12-3:12 DEDENT@5:0 DEDENT@5:0 ENDMARKER@5:0"},
};

static void test_token_streams(void **state) {
    (void)state;
    for (size_t i = 0; i < KCV_ARRAY_LEN(tok_cases); i++) {
        Lexed L;
        lex(&L, tok_cases[i].src, tok_cases[i].len);
        StrBuf got = {0};
        render(&got, &L.toks);
        if (!L.ok || strcmp(sb_str(&got), tok_cases[i].want) != 0) {
            print_error("case %zu: %s\n  want: %s\n  got:  %s\n", i, tok_cases[i].src,
                        tok_cases[i].want, sb_str(&got));
            if (L.diags.diags.n) print_error("  diag: %s\n", L.diags.diags.v[0].message);
        }
        assert_true(L.ok);
        assert_int_equal(L.diags.diags.n, 0);
        assert_string_equal(sb_str(&got), tok_cases[i].want);
        sb_free(&got);
        lexed_free(&L);
    }
}

/* Keywords, soft keywords, interned and NFKC-normalised names. */
static void test_names(void **state) {
    (void)state;
    Lexed L;
    lex(&L, S("if x_1 match case _ async await None \xef\xbd\x89\xef\xbd\x86 \xe2\x84\x8c caf\xc3\xa9 x_1\n"));
    assert_true(L.ok);
    const Token *t = L.toks.v;
    assert_int_equal(t[0].kw, KW_IF);
    assert_int_equal(t[1].kw, KW_NONE_);
    assert_string_equal(t[1].name, "x_1");
    assert_int_equal(t[2].kw, KW_MATCH);
    assert_int_equal(t[3].kw, KW_CASE);
    assert_int_equal(t[4].kw, KW_UNDERSCORE);
    assert_int_equal(t[5].kw, KW_ASYNC);
    assert_int_equal(t[6].kw, KW_AWAIT);
    assert_int_equal(t[7].kw, KW_NONE);
    /* Fullwidth "if" is an identifier whose NFKC form is "if". */
    assert_int_equal(t[8].kind, TK_NAME);
    assert_int_equal(t[8].kw, KW_NONE_);
    assert_string_equal(t[8].name, "if");
    assert_string_equal(t[9].name, "H");
    assert_string_equal(t[10].name, "caf\xc3\xa9");
    assert_ptr_equal(t[11].name, t[1].name);  /* interned */
    lexed_free(&L);
}

static void test_operator_kinds(void **state) {
    (void)state;
    static const int want[] = {
        OPK_LPAR, OPK_RPAR, OPK_LSQB, OPK_RSQB, OPK_LBRACE, OPK_RBRACE, OPK_COLON, OPK_COMMA,
        OPK_SEMI, OPK_DOT, OPK_ELLIPSIS, OPK_ARROW, OPK_AT, OPK_EQUAL, OPK_COLONEQUAL, OPK_PLUS,
        OPK_MINUS, OPK_STAR, OPK_SLASH, OPK_VBAR, OPK_AMPER, OPK_LESS, OPK_GREATER, OPK_PERCENT,
        OPK_TILDE, OPK_CIRCUMFLEX, OPK_EQEQUAL, OPK_NOTEQUAL, OPK_LESSEQUAL, OPK_GREATEREQUAL,
        OPK_LEFTSHIFT, OPK_RIGHTSHIFT, OPK_DOUBLESTAR, OPK_DOUBLESLASH, OPK_PLUSEQUAL,
        OPK_MINEQUAL, OPK_STAREQUAL, OPK_SLASHEQUAL, OPK_PERCENTEQUAL, OPK_AMPEREQUAL,
        OPK_VBAREQUAL, OPK_CIRCUMFLEXEQUAL, OPK_LEFTSHIFTEQUAL, OPK_RIGHTSHIFTEQUAL,
        OPK_DOUBLESTAREQUAL, OPK_DOUBLESLASHEQUAL, OPK_ATEQUAL, OPK_NOTEQUAL, -1, -1, -1, -1,
    };
    Lexed L;
    lex(&L, S("( ) [ ] { } : , ; . ... -> @ = := + - * / | & < > % ~ ^ == != <= >= << >> ** // "
              "+= -= *= /= %= &= |= ^= <<= >>= **= //= @= <> ! $ ? `\n"));
    assert_true(L.ok);
    for (size_t i = 0; i < KCV_ARRAY_LEN(want); i++) {
        assert_int_equal(L.toks.v[i].kind, TK_OP);
        assert_int_equal(L.toks.v[i].op, want[i]);
    }
    assert_int_equal(L.toks.v[KCV_ARRAY_LEN(want)].kind, TK_NEWLINE);
    lexed_free(&L);
}

/* ---- errors -------------------------------------------------------------------- */

typedef struct ErrCase {
    const char *src;
    size_t len;
    const char *msg;
    int line, col;
} ErrCase;

static const ErrCase err_cases[] = {
    {S("x = 1 \\ y\n"), "unexpected character after line continuation character", 1, 7},
    {S("x = 1 + \\"), "unexpected EOF while parsing", 1, 9},
    {S("abc = 1\nx = (1 + \\\n"), "'(' was never closed", 2, 4},
    {S("x = \"abc\n"), "unterminated string literal (detected at line 1)", 1, 4},
    {S("x = f\"abc"), "unterminated string literal (detected at line 1)", 1, 4},
    {S("x = \"\"\"abc\n\ny"), "unterminated triple-quoted string literal (detected at line 3)", 1, 4},
    {S("x = '''\n"), "unterminated triple-quoted string literal (detected at line 1)", 1, 4},
    {S("x = (1,\n2,\n"), "'(' was never closed", 1, 4},
    {S("x = [1,\n(2,\n"), "'(' was never closed", 2, 0},
    {S("x = (1]\n"), "closing parenthesis ']' does not match opening parenthesis '('", 1, 6},
    {S("x = (1,\n 2]\n"), "closing parenthesis ']' does not match opening parenthesis '(' on line 1", 2, 2},
    {S("x = 1)\n"), "unmatched ')'", 1, 5},
    {S("}\n"), "unmatched '}'", 1, 0},
    {S("x = a\342\202\254b\n"), "invalid character '\342\202\254' (U+20AC)", 1, 5},
    {S("x = \342\202\254\n"), "invalid character '\342\202\254' (U+20AC)", 1, 4},
    {S("x = 5\303\261\n"), "invalid decimal literal", 1, 4},
    {S("x = a\001b\n"), "invalid non-printable character U+0001", 1, 5},
    {S("x = \001\n"), "invalid non-printable character U+0001", 1, 4},
    {S("x = 1\n\177\n"), "invalid non-printable character U+007F", 2, 0},
    {S("x = \t\013\n"), "invalid non-printable character U+000B", 1, 5},
    {S("x = \302\240\n"), "invalid non-printable character U+00A0", 1, 4},
    {S("x = a\342\200\213b\n"), "invalid non-printable character U+200B", 1, 5},
    {S("x = \360\237\230\200\n"), "invalid character '\360\237\230\200' (U+1F600)", 1, 4},
    {S("x = 1a\n"), "invalid decimal literal", 1, 4},
    {S("x = 1andy\n"), "invalid decimal literal", 1, 4},
    {S("x = 0x\n"), "invalid hexadecimal literal", 1, 5},
    {S("x = 0xg\n"), "invalid hexadecimal literal", 1, 5},
    {S("x = 012\n"), "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 4},
    {S("x = 00012_3\n"), "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 4},
    {S("x = 0_7\n"), "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 4},
    {S("x = 09\n"), "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 4},
    {S("x = 1_\n"), "invalid decimal literal", 1, 5},
    {S("x = 1__0\n"), "invalid decimal literal", 1, 5},
    {S("x = 1_000_\n"), "invalid decimal literal", 1, 9},
    {S("x = 0_\n"), "invalid decimal literal", 1, 5},
    {S("x = 1e\n"), "invalid decimal literal", 1, 4},
    {S("x = 1e+\n"), "invalid decimal literal", 1, 6},
    {S("x = 1.0e\n"), "invalid decimal literal", 1, 6},
    {S("x = 0o8\n"), "invalid digit '8' in octal literal", 1, 6},
    {S("x = 0o18\n"), "invalid digit '8' in octal literal", 1, 7},
    {S("x = 0o\n"), "invalid octal literal", 1, 5},
    {S("x = 0b2\n"), "invalid digit '2' in binary literal", 1, 6},
    {S("x = 0b12\n"), "invalid digit '2' in binary literal", 1, 7},
    {S("x = 0b\n"), "invalid binary literal", 1, 5},
    {S("x = 1.5j_\n"), "invalid imaginary literal", 1, 7},
    {S("x = 1.e5k\n"), "invalid decimal literal", 1, 7},
    {S("x = 1\ny = 2 \\ z\n"), "unexpected character after line continuation character", 2, 7},
    {S("x = \"\"\"\nab\ncd\"\"\" \\ z\n"), "unexpected character after line continuation character", 3, 18},
    {S("x = \"\"\"\nab\ncd\"\"\" + \\\n"), "unexpected EOF while parsing", 3, 9},
    {S("\\\n"), "unexpected EOF while parsing", 1, 1},
    {S("x = 1\nab\377cd = 3\n"), "(unicode error) 'utf-8' codec can't decode byte 0xff in position 2: invalid start byte", 2, 4},
    {S("x = 1\nab\342\202cd = 3\n"), "(unicode error) 'utf-8' codec can't decode bytes in position 2-3: invalid continuation byte", 2, 5},
    {S("x = \303\n"), "(unicode error) 'utf-8' codec can't decode byte 0xc3 in position 0: unexpected end of data", 1, 4},
    {S("if x:\n  y\n z\n"), "unindent does not match any outer indentation level", 3, 2},
    {S("if x:\n    a\n  \\\n    b\n"), "unindent does not match any outer indentation level", 4, 5},
    {S("if x:\n\ty\n        z\n"), "inconsistent use of tabs and spaces in indentation", 3, 0},
    {S("if x:\n        y\n\tz\n"), "inconsistent use of tabs and spaces in indentation", 3, 0},
    {S("((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("), "too many nested parentheses", 1, 200},
    {S("x = 1\000\n"), "source code cannot contain null bytes", 1, 5},
    {S("x = 1\ny = (\000)\n"), "source code cannot contain null bytes", 2, 5},
    {S("# coding: foobar\nx = 1\n"), "unknown encoding: foobar", 1, 0},
    {S("\357\273\277# coding: latin-1\nx = 1\n"), "encoding problem: iso-8859-1 with BOM", 1, 0},
    {S("# coding=utf8\nx = \"\351\"\n"), "'utf-8' codec can't decode byte 0xe9 in position 19: invalid continuation byte", 1, 0},
    {S("# coding: ascii\nx = \"\351\"\n"), "'ascii' codec can't decode byte 0xe9 in position 21: ordinal not in range(128)", 1, 0},
};

static void test_errors(void **state) {
    (void)state;
    for (size_t i = 0; i < KCV_ARRAY_LEN(err_cases); i++) {
        const ErrCase *c = &err_cases[i];
        Lexed L;
        lex(&L, c->src, c->len);
        if (L.ok || L.diags.diags.n != 1 || strcmp(L.diags.diags.v[0].message, c->msg) != 0 ||
            L.diags.diags.v[0].loc.line != c->line || L.diags.diags.v[0].loc.col != c->col) {
            print_error("case %zu: want %s at %d:%d\n", i, c->msg, c->line, c->col);
            for (int k = 0; k < L.diags.diags.n; k++)
                print_error("  got %s at %d:%d\n", L.diags.diags.v[k].message,
                            L.diags.diags.v[k].loc.line, L.diags.diags.v[k].loc.col);
        }
        assert_false(L.ok);
        assert_int_equal(L.diags.diags.n, 1);
        const Diag *d = &L.diags.diags.v[0];
        assert_string_equal(d->message, c->msg);
        assert_string_equal(d->code, "syntax");
        assert_int_equal(d->sev, SEV_ERROR);
        assert_int_equal(d->loc.line, c->line);
        assert_int_equal(d->loc.col, c->col);
        /* The array ends with the error token, at the error, and ENDMARKER. */
        assert_true(L.toks.n >= 2);
        const Token *e = &L.toks.v[L.toks.n - 2];
        assert_int_equal(e->kind, TK_ERROR);
        assert_int_equal(e->line, c->line);
        assert_int_equal(e->col, c->col);
        assert_int_equal(L.toks.v[L.toks.n - 1].kind, TK_ENDMARKER);
        lexed_free(&L);
    }
}

/* When CPython surfaces each kind of error (TK_ERROR.op). */
static void test_error_when(void **state) {
    (void)state;
    static const struct { const char *src; int when; } cases[] = {
        {"x = 'abc\n", LEXERR_IMMEDIATE},
        {"x = 1a\n", LEXERR_IMMEDIATE},
        {"x = (1]\n", LEXERR_IMMEDIATE},
        {"x = (1,\n", LEXERR_UNCLOSED},
        {"if x:\n  y\n z\n", LEXERR_ON_REACH},
        {"if x:\n\ty\n        z\n", LEXERR_ON_REACH},
        {"x = 1 \\ 2\n", LEXERR_ON_REACH},
        {"x = 1 \\\n", LEXERR_ON_REACH},
    };
    for (size_t i = 0; i < KCV_ARRAY_LEN(cases); i++) {
        Lexed L;
        lex(&L, cases[i].src, strlen(cases[i].src));
        assert_false(L.ok);
        assert_int_equal(L.toks.v[L.toks.n - 2].op, cases[i].when);
        lexed_free(&L);
    }
}

static void test_too_deep_indentation(void **state) {
    (void)state;
    StrBuf b = {0};
    for (int i = 0; i < 100; i++) {
        for (int k = 0; k < i; k++) sb_putc(&b, ' ');
        sb_puts(&b, "if x:\n");
    }
    for (int k = 0; k < 100; k++) sb_putc(&b, ' ');
    sb_puts(&b, "pass\n");
    Lexed L;
    lex(&L, b.s, b.len);
    assert_false(L.ok);
    assert_string_equal(L.diags.diags.v[0].message, "too many levels of indentation");
    assert_int_equal(L.diags.diags.v[0].loc.line, 101);
    assert_int_equal(L.diags.diags.v[0].loc.col, 0);
    lexed_free(&L);
    /* 99 levels are fine. */
    sb_clear(&b);
    for (int i = 0; i < 99; i++) {
        for (int k = 0; k < i; k++) sb_putc(&b, ' ');
        sb_puts(&b, "if x:\n");
    }
    for (int k = 0; k < 99; k++) sb_putc(&b, ' ');
    sb_puts(&b, "pass\n");
    lex(&L, b.s, b.len);
    assert_true(L.ok);
    int indents = 0, dedents = 0;
    for (int i = 0; i < L.toks.n; i++) {
        indents += L.toks.v[i].kind == TK_INDENT;
        dedents += L.toks.v[i].kind == TK_DEDENT;
    }
    assert_int_equal(indents, 99);
    assert_int_equal(dedents, 99);
    lexed_free(&L);
    sb_free(&b);
}

/* PEP 263 cookies: names are looked up as CPython does; other encodings are
 * converted to UTF-8 (token columns then count UTF-8 bytes, as CPython's). */
static void test_encodings(void **state) {
    (void)state;
    static const struct { const char *src; const char *msg; } bad[] = {
        {"# coding: -\nx = 1\n", "unknown encoding: -"},
        {"# coding: latin.1\nx = 1\n", "unknown encoding: latin.1"},
        {"# coding: hex\nx = 1\n",
         "'hex' is not a text encoding; use codecs.decode() to handle arbitrary codecs"},
        {"# coding: undefined\nx = 1\n",
         "decoding with 'undefined' codec failed (UnicodeError: undefined encoding)"},
        {"# coding: cp1252\nx = '\x81'\n",
         "'charmap' codec can't decode byte 0x81 in position 22: character maps to <undefined>"},
        {"# coding: gbk\nx = '\x81'\n", "'gbk' codec can't decode byte 0x81 in position 19: illegal multibyte sequence"},
        {"# coding: shift_jis\nx = 1\n", "kcv cannot decode source encoding 'shift_jis'"},
    };
    for (size_t i = 0; i < KCV_ARRAY_LEN(bad); i++) {
        Lexed L;
        lex(&L, bad[i].src, strlen(bad[i].src));
        assert_false(L.ok);
        assert_string_equal(L.diags.diags.v[0].message, bad[i].msg);
        assert_int_equal(L.diags.diags.v[0].loc.line, 1);
        lexed_free(&L);
    }
    static const struct { const char *src; const char *want; } good[] = {
        {"# -*- coding: latin-1 -*-\n\xe9 = '\xe9'\n",
         "NAME(\xc3\xa9)@2:0-2:2 OP(=)@2:3-2:4 STRING('\xc3\xa9')@2:5-2:9 NEWLINE@2:9-2:9 ENDMARKER@2:9"},
        {"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = '\x80'\n",
         "NAME(x)@3:0-3:1 OP(=)@3:2-3:3 STRING('\xe2\x82\xac')@3:4-3:9 NEWLINE@3:9-3:9 ENDMARKER@3:9"},
        {"# coding: euc-jp\nx = '\xa4\xa2'\n",
         "NAME(x)@2:0-2:1 OP(=)@2:2-2:3 STRING('\xe3\x81\x82')@2:4-2:9 NEWLINE@2:9-2:9 ENDMARKER@2:9"},
        {"# coding=UTF8\nx = '\xc3\xa9'\n",
         "NAME(x)@2:0-2:1 OP(=)@2:2-2:3 STRING('\xc3\xa9')@2:4-2:8 NEWLINE@2:8-2:8 ENDMARKER@2:8"},
        /* Not on line 2 after code on line 1: stays UTF-8. */
        {"x = 1\n# coding: latin-1\n",
         "NAME(x)@1:0-1:1 OP(=)@1:2-1:3 NUMBER(1)@1:4-1:5 NEWLINE@1:5-1:5 ENDMARKER@2:17"},
    };
    for (size_t i = 0; i < KCV_ARRAY_LEN(good); i++) {
        Lexed L;
        lex(&L, good[i].src, strlen(good[i].src));
        assert_true(L.ok);
        StrBuf got = {0};
        render(&got, &L.toks);
        assert_string_equal(sb_str(&got), good[i].want);
        sb_free(&got);
        lexed_free(&L);
    }
}

/* ---- fragment mode (f-string replacement fields) ---------------------------------- */

static void test_fragment(void **state) {
    (void)state;
    /* "(a +\n b)" as the field of an f-string: tokens ending on the first
     * line are shifted by base_col, later ones are not, and no NEWLINE,
     * INDENT or DEDENT is produced. */
    LexOptions opt = {3, 10, true};
    Lexed L;
    lex_with(&L, S("(a +\n  b)"), &opt);
    assert_true(L.ok);
    StrBuf got = {0};
    render(&got, &L.toks);
    assert_string_equal(sb_str(&got),
                        "OP(()@3:10-3:11 NAME(a)@3:11-3:12 OP(+)@3:13-3:14 NAME(b)@4:2-4:3 "
                        "OP())@4:3-4:4 ENDMARKER@4:3");
    lexed_free(&L);

    /* A string starting on the first line and ending on the next gets no
     * shift at all (CPython 3.11's quirk). */
    lex_with(&L, S("(x + '''a\nb''')"), &opt);
    assert_true(L.ok);
    sb_clear(&got);
    render(&got, &L.toks);
    assert_string_equal(sb_str(&got),
                        "OP(()@3:10-3:11 NAME(x)@3:11-3:12 OP(+)@3:13-3:14 STRING('''a\nb''')@3:5-4:4 "
                        "OP())@4:4-4:5 ENDMARKER@4:4");
    lexed_free(&L);

    /* Errors are reported relative to the fragment, as CPython does. */
    lex_with(&L, S("(1_)"), &opt);
    assert_false(L.ok);
    assert_string_equal(L.diags.diags.v[0].message, "invalid decimal literal");
    assert_int_equal(L.diags.diags.v[0].loc.line, 3);
    assert_int_equal(L.diags.diags.v[0].loc.col, 2);
    lexed_free(&L);
    sb_free(&got);
}

/* ---- robustness ------------------------------------------------------------------ */

static void check_sane(const Lexed *L) {
    assert_true(L->toks.n >= 1);
    assert_int_equal(L->toks.v[L->toks.n - 1].kind, TK_ENDMARKER);
    if (!L->ok) {
        assert_true(L->toks.n >= 2);
        assert_int_equal(L->toks.v[L->toks.n - 2].kind, TK_ERROR);
        assert_true(L->diags.errors >= 1);
    }
    for (int i = 0; i < L->toks.n; i++) {
        const Token *t = &L->toks.v[i];
        assert_true(t->len >= 0);
        assert_true(t->line >= 1);
        if (t->kind == TK_NAME) assert_non_null(t->name);
    }
}

static void test_garbage_never_crashes(void **state) {
    (void)state;
    /* Every single byte, and every pair of bytes. */
    for (int a = 0; a < 256; a++) {
        for (int b = -1; b < 256; b++) {
            char buf[2] = {(char)a, (char)b};
            Lexed L;
            lex(&L, buf, b < 0 ? 1 : 2);
            check_sane(&L);
            lexed_free(&L);
        }
    }
    /* Random bytes, biased towards Python's punctuation. */
    static const char alphabet[] = "()[]{}'\"\\\n\r\t #:=.0123456789_abcfrubxoejFRBU \x0c\xc3\xa9\xe2\x82\xac\xff";
    uint32_t seed = 12345;
    char buf[512];
    for (int iter = 0; iter < 20000; iter++) {
        size_t n = (size_t)(iter % 500);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            uint32_t r = seed >> 16;
            buf[i] = (r & 3) == 0 ? (char)(r >> 2) : alphabet[(r >> 2) % (sizeof alphabet - 1)];
        }
        Lexed L;
        lex(&L, buf, n);
        check_sane(&L);
        lexed_free(&L);
    }
}

static void test_empty_input(void **state) {
    (void)state;
    Lexed L;
    lex(&L, "", 0);
    assert_true(L.ok);
    assert_int_equal(L.toks.n, 1);
    assert_int_equal(L.toks.v[0].kind, TK_ENDMARKER);
    assert_int_equal(L.toks.v[0].line, 1);
    assert_int_equal(L.toks.v[0].col, 0);
    lexed_free(&L);
}

static void test_deep_brackets(void **state) {
    (void)state;
    size_t n = 100000;
    char *s = malloc(2 * n + 2);
    memset(s, '(', n);
    memset(s + n, ')', n);
    s[2 * n] = '\n';
    Lexed L;
    lex(&L, s, 2 * n + 1);
    assert_false(L.ok);
    assert_string_equal(L.diags.diags.v[0].message, "too many nested parentheses");
    assert_int_equal(L.diags.diags.v[0].loc.col, FRONT_MAX_NESTING);
    lexed_free(&L);
    /* 200 levels are allowed. */
    memset(s, '[', 200);
    memset(s + 200, ']', 200);
    s[400] = '\n';
    lex(&L, s, 401);
    assert_true(L.ok);
    assert_int_equal(L.toks.n, 402);
    lexed_free(&L);
    free(s);
}

static void test_long_line_and_big_input(void **state) {
    (void)state;
    /* A 1 MB line: one string literal. */
    size_t n = 1 << 20;
    char *s = malloc(n + 8);
    s[0] = 'x';
    s[1] = '=';
    s[2] = '"';
    memset(s + 3, 'a', n);
    s[n + 3] = '"';
    s[n + 4] = '\n';
    Lexed L;
    lex(&L, s, n + 5);
    assert_true(L.ok);
    assert_int_equal(L.toks.v[2].kind, TK_STRING);
    assert_int_equal(L.toks.v[2].len, (int)n + 2);
    assert_int_equal(L.toks.v[3].col, (int)n + 4);
    lexed_free(&L);
    /* The same unterminated. */
    s[n + 3] = '\n';
    lex(&L, s, n + 4);
    assert_false(L.ok);
    assert_string_equal(L.diags.diags.v[0].message, "unterminated string literal (detected at line 1)");
    lexed_free(&L);
    free(s);
    /* Many lines of code. */
    StrBuf b = {0};
    for (int i = 0; i < 200000; i++) sb_printf(&b, "def f%d(a, b=1):\n    return a + b * %d  # c\n", i, i);
    lex(&L, b.s, b.len);
    assert_true(L.ok);
    assert_int_equal(L.toks.n, 200000 * 20 + 1);
    assert_int_equal(L.toks.v[L.toks.n - 1].line, 400000);
    lexed_free(&L);
    sb_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_streams),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_operator_kinds),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_error_when),
        cmocka_unit_test(test_too_deep_indentation),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_fragment),
        cmocka_unit_test(test_garbage_never_crashes),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_deep_brackets),
        cmocka_unit_test(test_long_line_and_big_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
