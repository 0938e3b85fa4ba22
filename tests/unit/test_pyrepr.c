/* test_pyrepr.c - unit tests of src/front/pyrepr.c: Python's repr() of
 * constants.  Every expected string was printed by CPython 3.11.2
 * (/usr/bin/python3), e.g. `print(repr(1e16))`. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "front/pyrepr.h"

static void check_float(double d, const char *want) {
    StrBuf b = {0};
    pyrepr_float(&b, d);
    if (strcmp(sb_str(&b), want) != 0) fail_msg("repr(%.17g): got '%s', want '%s'", d, sb_str(&b), want);
    sb_free(&b);
}

static void check_imag(double d, const char *want) {
    StrBuf b = {0};
    pyrepr_imag(&b, d);
    if (strcmp(sb_str(&b), want) != 0) fail_msg("repr(%.17gj): got '%s', want '%s'", d, sb_str(&b), want);
    sb_free(&b);
}

static void check_str(const char *s, size_t len, const char *want) {
    StrBuf b = {0};
    pyrepr_str(&b, s, len);
    assert_string_equal(sb_str(&b), want);
    sb_free(&b);
}
#define CHECK_STR(lit, want) check_str(lit, sizeof(lit) - 1, want)

static void check_bytes(const char *s, size_t len, const char *want) {
    StrBuf b = {0};
    pyrepr_bytes(&b, s, len);
    assert_string_equal(sb_str(&b), want);
    sb_free(&b);
}
#define CHECK_BYTES(lit, want) check_bytes(lit, sizeof(lit) - 1, want)

static void check_big(const char *text, const char *want) {
    StrBuf b = {0};
    pyrepr_bigint(&b, text);
    assert_string_equal(sb_str(&b), want);
    sb_free(&b);
}

static void check_const(ConstValue v, const char *want) {
    StrBuf b = {0};
    pyrepr_const(&b, &v);
    assert_string_equal(sb_str(&b), want);
    sb_free(&b);
}

static void test_floats(void **state) {
    (void)state;
    check_float(0.1, "0.1");
    check_float(1e16, "1e+16");
    check_float(1e-5, "1e-05");
    check_float(123456789012345678.0, "1.2345678901234568e+17");
    check_float(5e-324, "5e-324");
    check_float(1.7976931348623157e308, "1.7976931348623157e+308");
    check_float(1e22, "1e+22");
    check_float(0.0, "0.0");
    check_float(-0.0, "-0.0");
    check_float(0.0001, "0.0001");
    check_float(1e15, "1000000000000000.0");
    check_float(9999999999999998.0, "9999999999999998.0");
    check_float(1e23, "1e+23");
    check_float(2.5, "2.5");
    check_float(100.0, "100.0");
    check_float(1.5e-7, "1.5e-07");
    check_float(INFINITY, "inf");
    check_float(-INFINITY, "-inf");
    check_float(NAN, "nan");
    check_float(0.3, "0.3");
    check_float(2.2250738585072014e-308, "2.2250738585072014e-308");
    check_float(1.0 / 3.0, "0.3333333333333333");
    check_float(12345.678, "12345.678");
    check_float(9.999999999999999e-05, "9.999999999999999e-05");
    check_float(4.35, "4.35");
    check_float(1152921504606846976.0 /* 2**60 */, "1.152921504606847e+18");
    check_float(123e4, "1230000.0");
    check_float(1e300 * 1e300 /* 1e999 overflows */, "inf");
}

static void test_imaginary(void **state) {
    (void)state;
    check_imag(1.0, "1j");
    check_imag(2.5, "2.5j");
    check_imag(1e100, "1e+100j");
    check_imag(INFINITY, "infj");
    check_imag(0.0, "0j");
    check_imag(1e16, "1e+16j");
    check_imag(100.0, "100j");
    check_imag(1e-5, "1e-05j");
    check_imag(0.5, "0.5j");
}

static void test_strings(void **state) {
    (void)state;
    CHECK_STR("", "''");
    CHECK_STR("a", "'a'");
    CHECK_STR("'", "\"'\"");
    CHECK_STR("\"", "'\"'");
    CHECK_STR("'\"", "'\\'\"'");
    CHECK_STR("it's", "\"it's\"");
    CHECK_STR("say \"hi\"", "'say \"hi\"'");
    CHECK_STR("\\", "'\\\\'");
    /* "\t\n\r\x00\x1f\x7f\x80\x9f\xa0\xad" */
    CHECK_STR("\t\n\r\0\x1f\x7f\xc2\x80\xc2\x9f\xc2\xa0\xc2\xad",
              "'\\t\\n\\r\\x00\\x1f\\x7f\\x80\\x9f\\xa0\\xad'");
    CHECK_STR("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "'\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80'");  /* é€😀 */
    /* "\u2028\u200b\ue000\U000e0001\U0010ffff\ud800\udfff" (lone surrogates) */
    CHECK_STR("\xe2\x80\xa8\xe2\x80\x8b\xee\x80\x80\xf3\xa0\x80\x81\xf4\x8f\xbf\xbf\xed\xa0\x80\xed\xbf\xbf",
              "'\\u2028\\u200b\\ue000\\U000e0001\\U0010ffff\\ud800\\udfff'");
    CHECK_STR(" \xe3\x80\x80x", "' \\u3000x'");  /* ideographic space is Zs */
    CHECK_STR("\xcd\xb8", "'\\u0378'");          /* unassigned (Cn) */
}

static void test_printable(void **state) {
    (void)state;
    assert_true(pyrepr_isprintable(' '));
    assert_true(pyrepr_isprintable('~'));
    assert_false(pyrepr_isprintable(0x7f));
    assert_false(pyrepr_isprintable(0xa0));
    assert_true(pyrepr_isprintable(0xa1));
    assert_false(pyrepr_isprintable(0xad));   /* soft hyphen: Cf */
    assert_false(pyrepr_isprintable(0xd800)); /* Cs */
    assert_true(pyrepr_isprintable(0x1f600));
}

static void test_bytes(void **state) {
    (void)state;
    CHECK_BYTES("", "b''");
    CHECK_BYTES("'", "b\"'\"");
    CHECK_BYTES("'\"", "b'\\'\"'");
    CHECK_BYTES("\"", "b'\"'");
    CHECK_BYTES("\0\t\n\r\\\x7f\x80\xff abc", "b'\\x00\\t\\n\\r\\\\\\x7f\\x80\\xff abc'");
}

static void test_bigints(void **state) {
    (void)state;
    check_big("99999999999999999999999", "99999999999999999999999");
    check_big("-99999999999999999999999", "-99999999999999999999999");
    check_big("0x123456789abcdef0123456789", "90144042682896311822508713865");
    check_big("0o7777777777777777777777777", "37778931862957161709567");
    check_big("0b1_0000000000000000000000000000000000000000000000000000000000000000", "18446744073709551616");
    check_big("9_223_372_036_854_775_808", "9223372036854775808");
    check_big("0X_FFFF_FFFF_FFFF_FFFF_FFFF", "1208925819614629174706175");
}

static void test_consts(void **state) {
    (void)state;
    check_const((ConstValue){.kind = CONST_NONE}, "None");
    check_const((ConstValue){.kind = CONST_TRUE}, "True");
    check_const((ConstValue){.kind = CONST_FALSE}, "False");
    check_const((ConstValue){.kind = CONST_ELLIPSIS}, "Ellipsis");
    check_const((ConstValue){.kind = CONST_INT, .i = 0}, "0");
    check_const((ConstValue){.kind = CONST_INT, .i = INT64_MAX}, "9223372036854775807");
    check_const((ConstValue){.kind = CONST_INT, .i = INT64_MIN}, "-9223372036854775808");
    check_const((ConstValue){.kind = CONST_INT, .big = "123456789012345678901234567890"},
                "123456789012345678901234567890");
    check_const((ConstValue){.kind = CONST_FLOAT, .f = 0.5}, "0.5");
    check_const((ConstValue){.kind = CONST_COMPLEX, .f = 3.0}, "3j");
    check_const((ConstValue){.kind = CONST_STR, .s = "x'y", .len = 3}, "\"x'y\"");
    check_const((ConstValue){.kind = CONST_STR, .s = NULL, .len = 0}, "''");
    check_const((ConstValue){.kind = CONST_BYTES, .s = "a\0b", .len = 3}, "b'a\\x00b'");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_floats),   cmocka_unit_test(test_imaginary), cmocka_unit_test(test_strings),
        cmocka_unit_test(test_printable), cmocka_unit_test(test_bytes),    cmocka_unit_test(test_bigints),
        cmocka_unit_test(test_consts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
