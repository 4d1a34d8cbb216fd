/*
 * utf8.h — UTF-8 validation and the field check every text input passes.
 *
 * Follows RFC 3629: no overlong forms, no surrogates (U+D800–U+DFFF), nothing
 * above U+10FFFF. Characters are counted as code points.
 */
#ifndef SOD_TEXT_UTF8_H
#define SOD_TEXT_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* True if s[0..n) is well-formed UTF-8 (NUL bytes allowed here). */
bool utf8_valid(const char *s, size_t n);

/* Number of code points in well-formed s[0..n). */
size_t utf8_count(const char *s, size_t n);

/*
 * Decode one code point at s[0..n); returns its length in bytes (1–4), or 0
 * if the bytes there are not well-formed (then *cp_out is untouched).
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp_out);

/* Encode cp into out (4 bytes room); returns the length, 0 if cp invalid. */
size_t utf8_encode(uint32_t cp, char out[4]);

/*
 * The check a text field passes before any handler sees it:
 * well-formed UTF-8 (else SOD_EUTF8), no NUL and no C0/C1 control character
 * other than TAB, LF, CR when multiline, LF/CR not allowed on a single line
 * (SOD_EINVAL), at most max_bytes bytes and max_chars code points
 * (SOD_ETOOBIG). max_* of 0 means no limit of that kind.
 */
enum sod_err text_check(const char *s, size_t n, size_t max_bytes,
                        size_t max_chars, bool multiline);

#endif
