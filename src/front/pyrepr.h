/* pyrepr.h - Python's repr() of the constants the syntax tree holds, byte for
 * byte as CPython 3.11 prints them.  Used by ast_dump.c; private to
 * src/front (tests include it directly).
 *
 * Every function appends to `out` and allocates nothing that outlives the
 * call (except growth of `out`).
 */
#ifndef KCV_PYREPR_H
#define KCV_PYREPR_H

#include "../base/base.h"
#include "ast.h"

/* repr() of any constant value: None, True, False, Ellipsis, int, float,
 * complex (0 + f*j), str, bytes. */
void pyrepr_const(StrBuf *out, const ConstValue *v);

/* repr(int) of a big integer given as text: an optional sign then decimal
 * digits, or (as written in source) 0x/0o/0b digits; underscores are
 * ignored.  Non-decimal text is converted to decimal. */
void pyrepr_bigint(StrBuf *out, const char *text);

/* repr(float): shortest digits that round-trip, exponent form when the
 * decimal exponent is < -4 or >= 16, 'inf', 'nan', '-0.0'. */
void pyrepr_float(StrBuf *out, double d);

/* repr(complex(0.0, imag)): '1j', '2.5j', '1e+100j', 'infj'. */
void pyrepr_imag(StrBuf *out, double imag);

/* repr(str) of UTF-8 text s[0..len) (lone surrogates as 3-byte sequences;
 * any invalid byte is shown as U+FFFD would be, which CPython never needs):
 * CPython's quote choice and escapes, printability as str.isprintable. */
void pyrepr_str(StrBuf *out, const char *s, size_t len);

/* repr(bytes) of s[0..len): b'...' with CPython's quote choice and escapes. */
void pyrepr_bytes(StrBuf *out, const char *s, size_t len);

/* str.isprintable() of one code point (Unicode general categories: not
 * Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs except U+0020). */
bool pyrepr_isprintable(uint32_t cp);

#endif
