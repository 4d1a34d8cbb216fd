/*
 * cid.c — the Thai citizen identification number; see cid.h.
 *
 * Input is what a person types: 13 digits, ASCII or Thai (๐–๙), grouped by
 * spaces or dashes in any way. Everything else (letters, other
 * punctuation, malformed UTF-8) is refused, and so is a wrong count of
 * digits or a wrong check digit. The official check digit catches most
 * typing mistakes but not all: the third digit has weight 11 ≡ 0 (mod 11)
 * and is not covered at all, and sums ≡ 0 and ≡ 10 (mod 11) share the
 * check digit 1. A number that passes may still be wrong. It is personal
 * data: cid_mask() is the form that may appear in logs and exports.
 */
#include "text/cid.h"

#include <string.h>

#include "text/utf8.h"

#define CID_DIGITS 13

/* The check digit the first twelve digits call for. */
static int
check_digit(const char *d)
{
	int sum = 0;

	for (int i = 0; i < CID_DIGITS - 1; i++)
		sum += (d[i] - '0') * (CID_DIGITS - i);
	return (11 - sum % 11) % 10;
}

bool
cid_normalise(const char *s, size_t n, char out[14])
{
	char d[CID_DIGITS + 1];
	size_t i = 0, k = 0;

	out[0] = '\0';
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (len == 0)
			return false;
		i += len;
		if (cp == ' ' || cp == '-')
			continue;
		if (cp >= 0x0E50 && cp <= 0x0E59)  /* Thai digits ๐–๙ */
			cp = '0' + (cp - 0x0E50);
		if (cp < '0' || cp > '9' || k == CID_DIGITS)
			return false;
		d[k++] = (char)cp;
	}
	if (k != CID_DIGITS || check_digit(d) != d[CID_DIGITS - 1] - '0')
		return false;
	d[CID_DIGITS] = '\0';
	memcpy(out, d, sizeof(d));
	return true;
}

void
cid_mask(const char digits[14], char out[18])
{
	/* 1-1120-xxxxx-xx-2: the first five digits (the registering office)
	 * and the check digit stay; the serial number does not. */
	out[0] = digits[0];
	out[1] = '-';
	memcpy(out + 2, digits + 1, 4);
	memcpy(out + 6, "-xxxxx-xx-", 10);
	out[16] = digits[12];
	out[17] = '\0';
}
