/* lex_unicode.c - Unicode helpers of the lexer and the string decoder (see
 * lex_unicode.h): CPython 3.11's UTF-8 error reports, printability,
 * identifier classes, NFKC and \N{...} name lookup, on libunistring
 * (Unicode 14.0, the version CPython 3.11 uses). */
#include "lex_unicode.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unictype.h>
#include <uniname.h>
#include <uninorm.h>

#define IS_CONT(b) (((b) & 0xC0) == 0x80)

/* Mirrors the state machine of CPython's stringlib utf8_decode and the
 * error bookkeeping of PyUnicode_DecodeUTF8Stateful (strict, not stateful). */
bool lexu_utf8_error(const unsigned char *s, size_t n, size_t *start, size_t *end,
                     const char **reason) {
    size_t i = 0;
    while (i < n) {
        /* ASCII eight bytes at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned ch = s[i];
        if (ch < 0x80) {
            i++;
            continue;
        }
        size_t left = n - i;
        int bad = 0;  /* 1: invalid start; 2..4: invalid continuation at +1..+3; -1: end of data */
        if (ch < 0xE0) {
            if (ch < 0xC2) bad = 1;
            else if (left < 2) bad = -1;
            else if (!IS_CONT(s[i + 1])) bad = 2;
            else { i += 2; continue; }
        } else if (ch < 0xF0) {
            if (left < 3) {
                if (left < 2) bad = -1;
                else {
                    unsigned c2 = s[i + 1];
                    if (!IS_CONT(c2) || (c2 < 0xA0 ? ch == 0xE0 : ch == 0xED)) bad = 2;
                    else bad = -1;
                }
            } else {
                unsigned c2 = s[i + 1], c3 = s[i + 2];
                if (!IS_CONT(c2) || (ch == 0xE0 && c2 < 0xA0) || (ch == 0xED && c2 >= 0xA0)) bad = 2;
                else if (!IS_CONT(c3)) bad = 3;
                else { i += 3; continue; }
            }
        } else if (ch < 0xF5) {
            if (left < 4) {
                if (left < 2) bad = -1;
                else {
                    unsigned c2 = s[i + 1];
                    if (!IS_CONT(c2) || (c2 < 0x90 ? ch == 0xF0 : ch == 0xF4)) bad = 2;
                    else if (left < 3) bad = -1;
                    else if (!IS_CONT(s[i + 2])) bad = 3;
                    else bad = -1;
                }
            } else {
                unsigned c2 = s[i + 1];
                if (!IS_CONT(c2) || (ch == 0xF0 && c2 < 0x90) || (ch == 0xF4 && c2 >= 0x90)) bad = 2;
                else if (!IS_CONT(s[i + 2])) bad = 3;
                else if (!IS_CONT(s[i + 3])) bad = 4;
                else { i += 4; continue; }
            }
        } else {
            bad = 1;
        }
        *start = i;
        if (bad == 1) {
            *end = i + 1;
            *reason = "invalid start byte";
        } else if (bad < 0) {
            *end = n;
            *reason = "unexpected end of data";
        } else {
            *end = i + (size_t)bad - 1;
            *reason = "invalid continuation byte";
        }
        return true;
    }
    return false;
}

bool lexu_utf8_error_message(StrBuf *out, const char *codec, const unsigned char *s, size_t n,
                             size_t base) {
    size_t a, b;
    const char *why;
    if (!lexu_utf8_error(s, n, &a, &b, &why)) return false;
    if (b == a + 1)
        sb_printf(out, "'%s' codec can't decode byte 0x%02x in position %zu: %s", codec, s[a],
                  base + a, why);
    else
        sb_printf(out, "'%s' codec can't decode bytes in position %zu-%zu: %s", codec, base + a,
                  base + b - 1, why);
    return true;
}

bool lexu_is_printable(uint32_t cp) {
    if (cp == ' ') return true;
    if (cp < 0x7F) return cp > 0x20;
    uc_general_category_t bad = uc_general_category_or(
        uc_general_category_or(uc_general_category_or(UC_CATEGORY_Cc, UC_CATEGORY_Cf),
                               uc_general_category_or(UC_CATEGORY_Cs, UC_CATEGORY_Co)),
        uc_general_category_or(uc_general_category_or(UC_CATEGORY_Cn, UC_CATEGORY_Zl),
                               uc_general_category_or(UC_CATEGORY_Zp, UC_CATEGORY_Zs)));
    return !uc_is_general_category(cp, bad);
}

bool lexu_is_xid_start(uint32_t cp) { return uc_is_property_xid_start(cp); }

bool lexu_is_xid_continue(uint32_t cp) { return uc_is_property_xid_continue(cp); }

void lexu_nfkc(StrBuf *out, const char *s, size_t n) {
    sb_clear(out);
    size_t len = 0;
    uint8_t *r = u8_normalize(UNINORM_NFKC, (const uint8_t *)s, n, NULL, &len);
    if (!r) {  /* out of memory (or invalid input, which callers exclude) */
        sb_put(out, s, n);
        return;
    }
    sb_put(out, (const char *)r, len);
    free(r);
}

/* ---- \N{...} --------------------------------------------------------------- */

/* Name aliases (NameAliases.txt) that CPython accepts in \N{...} and that
 * libunistring does not know; sorted for bsearch. */
static const struct Alias { const char *name; uint32_t cp; } aliases[] = {
    {"ACK", 0x06},
    {"ACKNOWLEDGE", 0x06},
    {"ALERT", 0x07},
    {"APC", 0x9F},
    {"APPLICATION PROGRAM COMMAND", 0x9F},
    {"BACKSPACE", 0x08},
    {"BEL", 0x07},
    {"BPH", 0x82},
    {"BREAK PERMITTED HERE", 0x82},
    {"BS", 0x08},
    {"CAN", 0x18},
    {"CANCEL", 0x18},
    {"CANCEL CHARACTER", 0x94},
    {"CARRIAGE RETURN", 0x0D},
    {"CCH", 0x94},
    {"CHARACTER TABULATION", 0x09},
    {"CHARACTER TABULATION SET", 0x88},
    {"CHARACTER TABULATION WITH JUSTIFICATION", 0x89},
    {"CONTROL SEQUENCE INTRODUCER", 0x9B},
    {"CR", 0x0D},
    {"CSI", 0x9B},
    {"DATA LINK ESCAPE", 0x10},
    {"DC1", 0x11},
    {"DC2", 0x12},
    {"DC3", 0x13},
    {"DC4", 0x14},
    {"DCS", 0x90},
    {"DEL", 0x7F},
    {"DELETE", 0x7F},
    {"DEVICE CONTROL FOUR", 0x14},
    {"DEVICE CONTROL ONE", 0x11},
    {"DEVICE CONTROL STRING", 0x90},
    {"DEVICE CONTROL THREE", 0x13},
    {"DEVICE CONTROL TWO", 0x12},
    {"DLE", 0x10},
    {"END OF GUARDED AREA", 0x97},
    {"END OF LINE", 0x0A},
    {"END OF MEDIUM", 0x19},
    {"END OF PROTECTED AREA", 0x97},
    {"END OF SELECTED AREA", 0x87},
    {"END OF TEXT", 0x03},
    {"END OF TRANSMISSION", 0x04},
    {"END OF TRANSMISSION BLOCK", 0x17},
    {"ENQ", 0x05},
    {"ENQUIRY", 0x05},
    {"EOL", 0x0A},
    {"EOM", 0x19},
    {"EOT", 0x04},
    {"EPA", 0x97},
    {"ESA", 0x87},
    {"ESC", 0x1B},
    {"ESCAPE", 0x1B},
    {"ETB", 0x17},
    {"ETX", 0x03},
    {"FF", 0x0C},
    {"FILE SEPARATOR", 0x1C},
    {"FORM FEED", 0x0C},
    {"FS", 0x1C},
    {"GROUP SEPARATOR", 0x1D},
    {"GS", 0x1D},
    {"HIGH OCTET PRESET", 0x81},
    {"HOP", 0x81},
    {"HORIZONTAL TABULATION", 0x09},
    {"HORIZONTAL TABULATION SET", 0x88},
    {"HORIZONTAL TABULATION WITH JUSTIFICATION", 0x89},
    {"HT", 0x09},
    {"HTJ", 0x89},
    {"HTS", 0x88},
    {"IND", 0x84},
    {"INDEX", 0x84},
    {"INFORMATION SEPARATOR FOUR", 0x1C},
    {"INFORMATION SEPARATOR ONE", 0x1F},
    {"INFORMATION SEPARATOR THREE", 0x1D},
    {"INFORMATION SEPARATOR TWO", 0x1E},
    {"LF", 0x0A},
    {"LINE FEED", 0x0A},
    {"LINE TABULATION", 0x0B},
    {"LINE TABULATION SET", 0x8A},
    {"LOCKING-SHIFT ONE", 0x0E},
    {"LOCKING-SHIFT ZERO", 0x0F},
    {"MESSAGE WAITING", 0x95},
    {"MW", 0x95},
    {"NAK", 0x15},
    {"NBH", 0x83},
    {"NEGATIVE ACKNOWLEDGE", 0x15},
    {"NEL", 0x85},
    {"NEW LINE", 0x0A},
    {"NEXT LINE", 0x85},
    {"NL", 0x0A},
    {"NO BREAK HERE", 0x83},
    {"NUL", 0x00},
    {"NULL", 0x00},
    {"OPERATING SYSTEM COMMAND", 0x9D},
    {"OSC", 0x9D},
    {"PAD", 0x80},
    {"PADDING CHARACTER", 0x80},
    {"PARTIAL LINE BACKWARD", 0x8C},
    {"PARTIAL LINE DOWN", 0x8B},
    {"PARTIAL LINE FORWARD", 0x8B},
    {"PARTIAL LINE UP", 0x8C},
    {"PLD", 0x8B},
    {"PLU", 0x8C},
    {"PM", 0x9E},
    {"PRIVACY MESSAGE", 0x9E},
    {"PRIVATE USE ONE", 0x91},
    {"PRIVATE USE TWO", 0x92},
    {"PRIVATE USE-1", 0x91},
    {"PRIVATE USE-2", 0x92},
    {"PU1", 0x91},
    {"PU2", 0x92},
    {"RECORD SEPARATOR", 0x1E},
    {"REVERSE INDEX", 0x8D},
    {"REVERSE LINE FEED", 0x8D},
    {"RI", 0x8D},
    {"RS", 0x1E},
    {"SCI", 0x9A},
    {"SET TRANSMIT STATE", 0x93},
    {"SGC", 0x99},
    {"SHIFT IN", 0x0F},
    {"SHIFT OUT", 0x0E},
    {"SI", 0x0F},
    {"SINGLE CHARACTER INTRODUCER", 0x9A},
    {"SINGLE GRAPHIC CHARACTER INTRODUCER", 0x99},
    {"SINGLE SHIFT THREE", 0x8F},
    {"SINGLE SHIFT TWO", 0x8E},
    {"SINGLE-SHIFT-2", 0x8E},
    {"SINGLE-SHIFT-3", 0x8F},
    {"SO", 0x0E},
    {"SOH", 0x01},
    {"SOS", 0x98},
    {"SPA", 0x96},
    {"SS2", 0x8E},
    {"SS3", 0x8F},
    {"SSA", 0x86},
    {"ST", 0x9C},
    {"START OF GUARDED AREA", 0x96},
    {"START OF HEADING", 0x01},
    {"START OF PROTECTED AREA", 0x96},
    {"START OF SELECTED AREA", 0x86},
    {"START OF STRING", 0x98},
    {"START OF TEXT", 0x02},
    {"STRING TERMINATOR", 0x9C},
    {"STS", 0x93},
    {"STX", 0x02},
    {"SUB", 0x1A},
    {"SUBSTITUTE", 0x1A},
    {"SYN", 0x16},
    {"SYNCHRONOUS IDLE", 0x16},
    {"TAB", 0x09},
    {"UNIT SEPARATOR", 0x1F},
    {"US", 0x1F},
    {"VERTICAL TABULATION", 0x0B},
    {"VERTICAL TABULATION SET", 0x8A},
    {"VT", 0x0B},
    {"VTS", 0x8A},
};

static int cmp_alias(const void *key, const void *elem) {
    return strcmp(key, ((const struct Alias *)elem)->name);
}

/* Jamo short names of CPython's unicodedata.c, for HANGUL SYLLABLE names. */
static const char *const hangul[][3] = {
    {"G", "A", ""},     {"GG", "AE", "G"},   {"N", "YA", "GG"},  {"D", "YAE", "GS"},
    {"DD", "EO", "N"},  {"R", "E", "NJ"},    {"M", "YEO", "NH"}, {"B", "YE", "D"},
    {"BB", "O", "L"},   {"S", "WA", "LG"},   {"SS", "WAE", "LM"}, {"", "OE", "LB"},
    {"J", "YO", "LS"},  {"JJ", "U", "LT"},   {"C", "WEO", "LP"}, {"K", "WE", "LH"},
    {"T", "WI", "M"},   {"P", "YU", "B"},    {"H", "EU", "BS"},  {NULL, "YI", "S"},
    {NULL, "I", "SS"},  {NULL, NULL, "NG"},  {NULL, NULL, "J"},  {NULL, NULL, "C"},
    {NULL, NULL, "K"},  {NULL, NULL, "T"},   {NULL, NULL, "P"},  {NULL, NULL, "H"},
};

static int find_jamo(const char *s, size_t n, int count, int column, int *pos) {
    int best = -1;
    for (int i = 0; i < count; i++) {
        const char *j = hangul[i][column];
        int len = (int)strlen(j);
        if (len <= best || (size_t)len > n) continue;
        if (strncmp(s, j, (size_t)len) == 0) {
            best = len;
            *pos = i;
        }
    }
    return best < 0 ? 0 : best;
}

static bool is_unified_ideograph(uint32_t c) {
    return (0x3400 <= c && c <= 0x4DBF) || (0x4E00 <= c && c <= 0x9FFF) ||
           (0x20000 <= c && c <= 0x2A6DF) || (0x2A700 <= c && c <= 0x2B738) ||
           (0x2B740 <= c && c <= 0x2B81D) || (0x2B820 <= c && c <= 0x2CEA1) ||
           (0x2CEB0 <= c && c <= 0x2EBE0) || (0x30000 <= c && c <= 0x3134A);
}

/* As CPython 3.11's unicodedata _getcode without named sequences. */
bool lexu_lookup_name(const char *name, size_t n, uint32_t *cp) {
    if (n == 0 || n > UNINAME_MAX) return false;
    if (n >= 16 && strncasecmp(name, "HANGUL SYLLABLE ", 16) == 0) {
        int L = -1, V = -1, T = -1;
        size_t p = 16;
        p += (size_t)find_jamo(name + p, n - p, 19, 0, &L);
        p += (size_t)find_jamo(name + p, n - p, 21, 1, &V);
        p += (size_t)find_jamo(name + p, n - p, 28, 2, &T);
        if (L < 0 || V < 0 || T < 0 || p != n) return false;
        *cp = 0xAC00 + (uint32_t)((L * 21 + V) * 28 + T);
        return true;
    }
    if (n >= 22 && strncmp(name, "CJK UNIFIED IDEOGRAPH-", 22) == 0) {
        if (n != 26 && n != 27) return false;
        uint32_t v = 0;
        for (size_t i = 22; i < n; i++) {
            char c = name[i];
            if (c >= '0' && c <= '9') v = v * 16 + (uint32_t)(c - '0');
            else if (c >= 'A' && c <= 'F') v = v * 16 + (uint32_t)(c - 'A' + 10);
            else return false;
        }
        if (!is_unified_ideograph(v)) return false;
        *cp = v;
        return true;
    }
    char up[UNINAME_MAX + 1];
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (c == '\0') return false;
        up[i] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
    }
    up[n] = '\0';
    /* The algorithmic names exist only in the exact forms handled above. */
    if (strncmp(up, "CJK UNIFIED IDEOGRAPH-", 22) == 0) return false;
    const struct Alias *a = bsearch(up, aliases, KCV_ARRAY_LEN(aliases), sizeof aliases[0], cmp_alias);
    if (a) {
        *cp = a->cp;
        return true;
    }
    ucs4_t c = unicode_name_character(up);
    if (c == UNINAME_INVALID) return false;
    *cp = c;
    return true;
}
