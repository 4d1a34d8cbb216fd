/*
 * fuzz_thai.c — libFuzzer harness for Thai word breaking (thai.h), which
 * every search query and every tip's text goes through for the blind
 * index: thai_words and thai_terms on valid UTF-8 input (invalid input
 * never reaches them: text_check refuses it first).
 *
 * Each word must be non-empty, valid UTF-8, NUL-terminated at its length,
 * and no longer than the input; the dictionary is loaded once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/thai.h"
#include "text/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	size_t input_len;
	size_t words;
};

static enum sod_err
on_word(const char *word, size_t len, void *ctx)
{
	struct seen *s = ctx;

	if (len == 0 || word[len] != '\0' || strlen(word) != len || !utf8_valid(word, len))
		abort();
	if (len > s->input_len * 4 + 8)
		abort();
	if (++s->words > 100000)
		abort();
	return SOD_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct seen s = {size, 0};

	if (!ready) {
		if (thai_init() != SOD_OK)
			abort();
		ready = true;
	}
	if (size > 4096 || !utf8_valid((const char *)data, size))
		return 0;
	if (thai_words((const char *)data, size, on_word, &s) == SOD_EINVAL)
		return 0;
	s.words = 0;
	thai_terms((const char *)data, size, on_word, &s);
	return 0;
}
