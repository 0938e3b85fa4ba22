/* test_base.c - unit tests of src/base: arenas, string buffers, interning,
 * UTF-8, source line index and diagnostics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/base.h"

static void test_arena_zeroed_aligned(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    for (int i = 1; i < 5000; i += 37) {
        unsigned char *p = arena_alloc(&a, (size_t)i);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (int j = 0; j < i; j++) assert_int_equal(p[j], 0);
        memset(p, 0xAB, (size_t)i);
    }
    char *big = arena_alloc(&a, 1 << 20);  /* larger than a chunk */
    big[(1 << 20) - 1] = 'x';
    assert_string_equal(arena_strndup(&a, "hello world", 5), "hello");
    arena_free(&a);
    assert_null(a.head);
}

static void test_strbuf(void **state) {
    (void)state;
    StrBuf b = {0};
    assert_string_equal(sb_str(&b), "");
    sb_puts(&b, "ab");
    sb_putc(&b, 'c');
    sb_printf(&b, "%d-%s", 42, "x");
    assert_string_equal(sb_str(&b), "abc42-x");
    char long_text[1000];
    memset(long_text, 'z', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    sb_printf(&b, "%s", long_text);
    assert_int_equal(b.len, 7 + 999);
    sb_clear(&b);
    assert_string_equal(sb_str(&b), "");
    sb_free(&b);
}

static void test_intern(void **state) {
    (void)state;
    Interner in;
    interner_init(&in);
    const char *a = intern_cstr(&in, "alpha");
    const char *b = intern(&in, "alphabet", 5);
    assert_ptr_equal(a, b);
    char name[32];
    const char *first = NULL;
    for (int i = 0; i < 2000; i++) {  /* forces several rehashes */
        snprintf(name, sizeof name, "n%d", i);
        const char *p = intern_cstr(&in, name);
        if (i == 0) first = p;
    }
    assert_ptr_equal(intern_cstr(&in, "n0"), first);
    assert_ptr_not_equal(intern_cstr(&in, "n1"), first);
    assert_ptr_equal(intern_cstr(&in, "alpha"), a);
    interner_free(&in);
}

static void test_utf8(void **state) {
    (void)state;
    uint32_t cp;
    assert_int_equal(utf8_decode((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(utf8_decode((const unsigned char *)"\xf0\x9f\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(utf8_decode((const unsigned char *)"\xc0\x80", 2, &cp), 0);      /* overlong */
    assert_int_equal(utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);  /* surrogate */
    assert_int_equal(utf8_decode((const unsigned char *)"\xe2\x82", 2, &cp), 0);      /* truncated */
    StrBuf b = {0};
    utf8_encode(&b, 0x1F600);
    utf8_encode(&b, 0xD800);
    assert_int_equal(b.len, 7);
    assert_memory_equal(b.s, "\xf0\x9f\x98\x80\xed\xa0\x80", 7);
    sb_free(&b);
}

static void test_source_lines(void **state) {
    (void)state;
    SourceFile *f = source_from_string("t.py", "a\r\nbb\rccc\n", 10);
    assert_int_equal(f->nlines, 4);
    int len;
    const char *l = source_line(f, 2, &len);
    assert_int_equal(len, 2);
    assert_memory_equal(l, "bb", 2);
    l = source_line(f, 3, &len);
    assert_int_equal(len, 3);
    source_line(f, 99, &len);
    assert_int_equal(len, 0);
    source_free(f);
}

static void test_diag_sorted_with_caret(void **state) {
    (void)state;
    SourceFile *f = source_from_string("k.py", "x = 1\ny = (2 +\n", 15);
    DiagSink s;
    diag_init(&s);
    Loc l2 = {f, 2, 4, 2, 5};
    Loc l1 = {f, 1, 0, 1, 1};
    Diag *d = diag_report(&s, SEV_ERROR, l2, "syntax", "'(' was never closed");
    diag_note(d, l1, "see here");
    diag_report(&s, SEV_WARNING, l1, "w", "first");
    assert_int_equal(s.errors, 1);
    assert_int_equal(s.warnings, 1);
    StrBuf out = {0};
    diag_print_all(&s, &out, false);
    const char *want =
        "k.py:1:1: warning: first [w]\n"
        "     1 | x = 1\n"
        "       | ^\n"
        "k.py:2:5: error: '(' was never closed [syntax]\n"
        "     2 | y = (2 +\n"
        "       |     ^\n"
        "k.py:1:1: note: see here\n"
        "     1 | x = 1\n"
        "       | ^\n";
    assert_string_equal(sb_str(&out), want);
    sb_free(&out);
    diag_free(&s);
    source_free(f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_zeroed_aligned),
        cmocka_unit_test(test_strbuf),
        cmocka_unit_test(test_intern),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_source_lines),
        cmocka_unit_test(test_diag_sorted_with_caret),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
