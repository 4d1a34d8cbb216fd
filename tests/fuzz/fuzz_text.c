/*
 * fuzz_text.c — libFuzzer harness for the small parsers of typed-in text
 * that arrives from outside: receipts (receipt_normalise, what a reporter
 * types back), dates (date_parse_iso), phone numbers (phone_normalise),
 * citizen IDs (cid_normalise), UTF-8 (utf8_valid, utf8_decode,
 * text_check) and digit conversion (digits_convert).
 *
 * The first byte chooses the parser; the rest is its input. Each result is
 * checked against what the parser promises: a receipt is 16 ASCII digits
 * and survives formatting and normalising again; a date is a real day and
 * reads back the same; a phone or citizen ID is digits only; utf8_valid
 * agrees with walking utf8_decode; text_check accepts only valid UTF-8;
 * digits converted to Thai and back give the ASCII original.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/receipt.h"
#include "text/cid.h"
#include "text/date.h"
#include "text/phone.h"
#include "text/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
all_digits(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789") == n;
}

static void
fuzz_receipt(const char *s, size_t n)
{
	char r[RECEIPT_DIGITS + 1], again[RECEIPT_DIGITS + 1], shown[RECEIPT_DIGITS + 4];

	if (!receipt_normalise(s, n, r))
		return;
	if (!all_digits(r, RECEIPT_DIGITS))
		abort();
	receipt_format(r, shown);
	if (!receipt_normalise(shown, strlen(shown), again) || strcmp(r, again) != 0)
		abort();
}

static void
fuzz_date(const char *s, size_t n)
{
	struct cdate d;
	char iso[16];

	if (!date_parse_iso(s, n, &d))
		return;
	if (!date_is_valid(d) || n != 10)
		abort();
	snprintf(iso, sizeof(iso), "%04d-%02d-%02d", d.year, d.month, d.day);
	if (memcmp(iso, s, 10) != 0)
		abort();
}

static void
fuzz_ids(const char *s, size_t n)
{
	char phone[16], cid[14], shown[20];

	if (phone_normalise(s, n, phone)) {
		if (!all_digits(phone, strlen(phone)) || strlen(phone) < 9 || phone[0] != '0')
			abort();
		phone_format(phone, shown);
	} else if (phone[0] != '\0') {
		abort();
	}
	if (cid_normalise(s, n, cid) && !all_digits(cid, 13))
		abort();
}

static void
fuzz_utf8(const char *s, size_t n, uint8_t flags)
{
	size_t i = 0;
	bool walk_ok = true;
	enum sod_err err;

	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);

		if (k == 0) {
			walk_ok = false;
			break;
		}
		i += k;
	}
	if (walk_ok != utf8_valid(s, n))
		abort();
	err = text_check(s, n, flags & 1 ? 64 : 0, flags & 2 ? 16 : 0, flags & 4);
	if (err == SOD_OK && !walk_ok)
		abort();
	if (walk_ok && utf8_count(s, n) > n)
		abort();
}

static void
fuzz_digits(const char *s, size_t n)
{
	char *z = malloc(n + 1), thai[512], back[512];

	if (z == NULL)
		return;
	memcpy(z, s, n);
	z[n] = '\0';
	digits_convert(thai, sizeof(thai), z, true);
	digits_convert(back, sizeof(back), thai, false);
	if (strlen(z) < 120 && strchr(z, '\x01') == NULL && utf8_valid(z, strlen(z)) &&
	    strcmp(back, z) != 0) {
		/* every ASCII digit became 3 bytes and back: short input round-trips */
		bool has_thai_digit = strstr(z, "\xe0\xb9") != NULL;

		if (!has_thai_digit)
			abort();
	}
	free(z);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data + 1;
	size_t n;

	if (size < 1 || size > 4096)
		return 0;
	n = size - 1;
	switch (data[0] % 5) {
	case 0: fuzz_receipt(s, n); break;
	case 1: fuzz_date(s, n); break;
	case 2: fuzz_ids(s, n); break;
	case 3: fuzz_utf8(s, n, data[0] >> 3); break;
	default: fuzz_digits(s, n); break;
	}
	return 0;
}
