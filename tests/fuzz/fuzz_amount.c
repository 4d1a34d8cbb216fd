/*
 * fuzz_amount.c — libFuzzer harness for amount_parse (text/amount.h), the
 * parser of amounts typed into public and staff forms. Whatever it
 * accepts is within the bound, and formatting it reads back the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/amount.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t v = -1, again = -1;
	char out[48];

	if (size > 4096)
		return 0;
	if (amount_parse((const char *)data, size, AMOUNT_MAX_SATANG, &v) != AMOUNT_OK)
		return 0;
	if (v < 0 || v > AMOUNT_MAX_SATANG)
		abort();
	amount_format(v, out, sizeof(out));
	if (amount_parse(out, strlen(out), AMOUNT_MAX_SATANG, &again) != AMOUNT_OK || again != v)
		abort();
	return 0;
}
