/*
 * thai.h — words of Thai and English text, for search.
 *
 * Thai is written without spaces; libthai's dictionary breaker finds the
 * words. Text is split first into runs (Thai letters, Latin letters and
 * digits, other); Thai runs go through libthai (converted per code point
 * to TIS-620, characters libthai cannot represent are separators), Latin
 * runs are lower-cased words, digits (ASCII or Thai) are separate
 * tokens normalised to ASCII. Dotted acronyms (ป.ป.ช.) are kept without
 * dots ("ปปช") so both spellings meet.
 *
 * For search, thai_terms() also yields the smaller dictionary words inside
 * each long Thai token (a token of 4+ characters is broken again without
 * its own entry), so that ใต้โต๊ะ is found in เงินใต้โต๊ะ. Queries and
 * documents go through the same function.
 */
#ifndef SOD_TEXT_THAI_H
#define SOD_TEXT_THAI_H

#include <stddef.h>

#include "util/err.h"

/* Load the dictionary once per process; thread-safe; idempotent. */
enum sod_err thai_init(void);
void thai_shutdown(void);

/*
 * Call fn once per word of s[0..n) (valid UTF-8), in order, each a
 * NUL-terminated UTF-8 string valid only during the call. Stops and
 * returns fn's error if it returns one.
 */
typedef enum sod_err (*thai_word_fn)(const char *word, size_t len, void *ctx);
enum sod_err thai_words(const char *s, size_t n, thai_word_fn fn, void *ctx);

/* As thai_words, plus the inner words of long Thai tokens (may repeat). */
enum sod_err thai_terms(const char *s, size_t n, thai_word_fn fn, void *ctx);

#endif
