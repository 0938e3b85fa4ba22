/* lex_unicode.h - Unicode helpers shared by the lexer (lex.c) and the string
 * literal decoder (strings.c): CPython's exact UTF-8 decode error messages,
 * its notion of a printable character, identifier characters and NFKC.
 * Private to src/front; implemented in lex_unicode.c on libunistring. */
#ifndef KCV_LEX_UNICODE_H
#define KCV_LEX_UNICODE_H

#include "../base/base.h"

/* Finds the first UTF-8 error in s[0..n) as CPython's strict decoder does.
 * Returns false when s is valid UTF-8.  Otherwise sets *start and *end to the
 * byte range CPython's UnicodeDecodeError reports and *reason to its text
 * ("invalid start byte", "invalid continuation byte", "unexpected end of
 * data"). */
bool lexu_utf8_error(const unsigned char *s, size_t n, size_t *start, size_t *end,
                     const char **reason);

/* Appends CPython's str(UnicodeDecodeError) for the first error of s[0..n)
 * decoded with codec `codec` ("utf-8"), positions counted from s plus
 * `base`:  'utf-8' codec can't decode byte 0xff in position 3: invalid
 * start byte.  Returns false (and appends nothing) when s is valid. */
bool lexu_utf8_error_message(StrBuf *out, const char *codec, const unsigned char *s, size_t n,
                             size_t base);

/* Py_UNICODE_ISPRINTABLE: false for categories Cc Cf Cs Co Cn Zl Zp Zs,
 * except that the space is printable. */
bool lexu_is_printable(uint32_t cp);

/* CPython's identifier rules: XID_Start or '_' first, XID_Continue after. */
bool lexu_is_xid_start(uint32_t cp);
bool lexu_is_xid_continue(uint32_t cp);

/* NFKC-normalises the UTF-8 text s[0..n) into `out` (cleared first). */
void lexu_nfkc(StrBuf *out, const char *s, size_t n);

/* Looks up a character by its Unicode name (case-insensitive, as
 * unicodedata.lookup in \N{...} escapes).  Returns false if unknown. */
bool lexu_lookup_name(const char *name, size_t n, uint32_t *cp);

/* ---- source encodings (lex_codecs.c) ---------------------------------- */

typedef enum LexCodecKind {
    CODEC_UTF8,         /* a spelling of UTF-8: checked, not converted */
    CODEC_ICONV,        /* converted with iconv from `iconv` */
    CODEC_NOTTEXT,      /* a bytes-to-bytes codec: CPython refuses it */
    CODEC_UNDEFINED,    /* the 'undefined' codec: decoding always fails */
    CODEC_UNSUPPORTED,  /* CPython decodes it; kcv cannot */
} LexCodecKind;

typedef struct LexCodec {
    const char *name;       /* normalised codec name or alias */
    bool alias;             /* a key of encodings.aliases */
    LexCodecKind kind;
    const char *canonical;  /* CPython's codec name */
    const char *iconv;      /* CODEC_ICONV: the name iconv knows it by */
    const char *errname;    /* the codec named in CPython's decode errors */
    const char *reason;     /* and the reason it gives (NULL: unknown) */
} LexCodec;

/* The codec CPython 3.11 finds for a cookie's encoding name (after the
 * tokenizer's get_normal_name), or NULL: "unknown encoding". */
const LexCodec *lexu_find_codec(const char *name);

#endif
