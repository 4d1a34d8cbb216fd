/*
 * thai.c — words of Thai and English text through libthai; see thai.h.
 *
 * Text is cut into runs of one class: Thai letters (U+0E01–U+0E4F, with
 * '.' kept inside so that libthai sees dotted acronyms whole), Latin
 * letters, digits (ASCII or Thai). Anything else — spaces, punctuation,
 * emoji, accented Latin, CJK — separates runs, so it can never glue two
 * Thai words together (libthai's TIS-620 cannot represent it).
 *
 * Thai runs are converted per code point to TIS-620 (one byte each, so
 * break positions are code-point indices) and broken by the dictionary.
 * Dots are dropped from tokens (ป.ป.ช. → ปปช), Latin is lower-cased,
 * Thai digits become ASCII.
 *
 * Inner words (thai_terms): libthai returns a compound in its dictionary
 * as one token, so the word inside it would not be found. For a Thai token
 * of 4 or more code points, every proper suffix is broken again and its
 * pieces of 2 or more code points are emitted too. A query token that
 * occurs inside a document token is a suffix of some suffix of it, so every
 * term the query yields the document yields as well; the cost is some
 * fragments in the index, which only ever match queries that contain them.
 */
#include "text/thai.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <thai/thbrk.h>
#include <thai/thwchar.h>

#include "text/utf8.h"

#define RUN_MAX   512    /* code points broken at once */
#define WORD_MAX  (RUN_MAX * 4 + 1)
#define INNER_MIN 4

static pthread_mutex_t brk_lock = PTHREAD_MUTEX_INITIALIZER;
static ThBrk *brk;

enum sod_err
thai_init(void)
{
	enum sod_err err = SOD_OK;

	pthread_mutex_lock(&brk_lock);
	if (brk == NULL && (brk = th_brk_new(NULL)) == NULL)
		err = SOD_EIO;
	pthread_mutex_unlock(&brk_lock);
	return err;
}

void
thai_shutdown(void)
{
	pthread_mutex_lock(&brk_lock);
	if (brk != NULL)
		th_brk_delete(brk);
	brk = NULL;
	pthread_mutex_unlock(&brk_lock);
}

enum cls { C_SEP, C_THAI, C_LATIN, C_DIGIT };

static enum cls
classify(uint32_t cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
		return C_LATIN;
	if ((cp >= '0' && cp <= '9') || (cp >= 0x0E50 && cp <= 0x0E59))
		return C_DIGIT;
	if (cp >= 0x0E01 && cp <= 0x0E4F)
		return C_THAI;
	return C_SEP;
}

/* Emit cps[from..to) as one word: dots dropped, Latin lower-cased, Thai
 * digits as ASCII. Empty words are not emitted. */
static enum sod_err
emit(const uint32_t *cps, size_t from, size_t to, thai_word_fn fn, void *ctx)
{
	char word[WORD_MAX];
	size_t w = 0;

	for (size_t i = from; i < to; i++) {
		uint32_t cp = cps[i];

		if (cp == '.' || cp == ' ')
			continue;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (cp >= 0x0E50 && cp <= 0x0E59)
			cp = '0' + (cp - 0x0E50);
		w += utf8_encode(cp, word + w);
	}
	word[w] = '\0';
	return w > 0 ? fn(word, w, ctx) : SOD_OK;
}

static size_t
thai_letters(const uint32_t *cps, size_t from, size_t to)
{
	size_t n = 0;

	for (size_t i = from; i < to; i++)
		n += cps[i] != '.';
	return n;
}

/* Break a Thai run cps[0..n) and call fn per word (and per inner piece
 * when inner is set). */
static enum sod_err
break_thai(const uint32_t *cps, size_t n, bool inner, int min_len, thai_word_fn fn,
           void *ctx)
{
	thchar_t tis[RUN_MAX + 1];
	int pos[RUN_MAX + 1];
	int npos;
	size_t start = 0;
	enum sod_err err;

	for (size_t i = 0; i < n; i++) {
		thchar_t c = th_uni2tis((thwchar_t)cps[i]);

		tis[i] = c == THCHAR_ERR ? '.' : c;
	}
	tis[n] = 0;
	npos = th_brk_find_breaks(brk, tis, pos, RUN_MAX);
	for (int k = 0; k <= npos; k++) {
		size_t end = k < npos ? (size_t)pos[k] : n;

		if (end <= start || end > n)
			continue;
		if ((int)thai_letters(cps, start, end) >= min_len &&
		    (err = emit(cps, start, end, fn, ctx)) != SOD_OK)
			return err;
		if (inner && thai_letters(cps, start, end) >= INNER_MIN) {
			for (size_t s = start + 1; s + 1 < end; s++) {
				err = break_thai(cps + s, end - s, false, 2, fn, ctx);
				if (err)
					return err;
			}
		}
		start = end;
	}
	return SOD_OK;
}

static enum sod_err
words(const char *s, size_t n, bool inner, thai_word_fn fn, void *ctx)
{
	uint32_t run[RUN_MAX];
	size_t i = 0, len = 0;
	enum cls cur = C_SEP;
	enum sod_err err;

	if (brk == NULL && (err = thai_init()) != SOD_OK)
		return err;
	for (;;) {
		uint32_t cp = 0;
		size_t l = i < n ? utf8_decode(s + i, n - i, &cp) : 0;
		enum cls c;

		if (i < n && l == 0)
			return SOD_EUTF8;
		c = i < n ? classify(cp) : C_SEP;
		/* A dot stays inside a Thai run (acronyms); it ends other runs. */
		if (cp == '.' && cur == C_THAI && i < n)
			c = C_THAI;
		if (len > 0 && (c != cur || len == RUN_MAX)) {
			err = cur == C_THAI ? break_thai(run, len, inner, 1, fn, ctx)
			                    : emit(run, 0, len, fn, ctx);
			if (err)
				return err;
			len = 0;
		}
		if (i >= n)
			return SOD_OK;
		cur = c;
		if (c != C_SEP)
			run[len++] = cp;
		i += l;
	}
}

enum sod_err
thai_words(const char *s, size_t n, thai_word_fn fn, void *ctx)
{
	return words(s, n, false, fn, ctx);
}

enum sod_err
thai_terms(const char *s, size_t n, thai_word_fn fn, void *ctx)
{
	return words(s, n, true, fn, ctx);
}
