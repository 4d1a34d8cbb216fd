/*
 * phone.c — Thai telephone numbers; see phone.h.
 *
 * Input is what people type or what a spreadsheet holds: digits (ASCII or
 * Thai ๐–๙) with spaces, dashes, dots and parentheses anywhere, perhaps
 * +66 or 66 in front. The digits are collected, the country code is turned
 * back into the trunk 0, and the result must have the length and prefix of
 * a mobile or a landline number. Nothing is guessed: a missing leading 0
 * ("812345678") is refused rather than repaired, since it may as well be a
 * digit lost anywhere else.
 */
#include "text/phone.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "text/utf8.h"
#include "util/str.h"

#define PHONE_MAX_DIGITS 15  /* E.164 */

static bool
is_separator(uint32_t cp)
{
	return cp == ' ' || cp == '-' || cp == '.' || cp == '(' || cp == ')';
}

/* Collect the digits of s; false on anything else or a misplaced '+'. */
static bool
collect(const char *s, size_t n, char d[PHONE_MAX_DIGITS + 1], size_t *k_out,
        bool *plus_out)
{
	size_t i = 0, k = 0;

	*plus_out = false;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (len == 0)
			return false;
		i += len;
		if (is_separator(cp))
			continue;
		if (cp == '+') {
			/* Only in front, once. */
			if (k > 0 || *plus_out)
				return false;
			*plus_out = true;
			continue;
		}
		if (cp >= 0x0E50 && cp <= 0x0E59)  /* Thai digits ๐–๙ */
			cp = '0' + (cp - 0x0E50);
		if (cp < '0' || cp > '9' || k == PHONE_MAX_DIGITS)
			return false;
		d[k++] = (char)cp;
	}
	d[k] = '\0';
	*k_out = k;
	return true;
}

bool
phone_normalise(const char *s, size_t n, char out[16])
{
	char d[PHONE_MAX_DIGITS + 1], nat[PHONE_MAX_DIGITS + 2];
	const char *rest;
	size_t k, len;
	bool plus, mobile, landline;

	out[0] = '\0';
	if (!collect(s, n, d, &k, &plus))
		return false;
	if (k >= 2 && d[0] == '6' && d[1] == '6') {
		/* +66 or 66 stands for the trunk 0; "+66 (0)81…" keeps it. */
		rest = d + 2;
		if (rest[0] == '0')
			rest++;
		nat[0] = '0';
		str_lcpy(nat + 1, rest, sizeof(nat) - 1);
	} else if (plus) {
		return false;  /* another country */
	} else {
		str_lcpy(nat, d, sizeof(nat));
	}
	len = strlen(nat);
	mobile = len == 10 && nat[0] == '0' &&
	    (nat[1] == '6' || nat[1] == '8' || nat[1] == '9');
	/* 02 Bangkok, 03x–07x the provinces */
	landline = len == 9 && nat[0] == '0' && nat[1] >= '2' && nat[1] <= '7';
	if (!mobile && !landline)
		return false;
	memcpy(out, nat, len + 1);
	return true;
}

static bool
is_national(const char *s)
{
	size_t len = strnlen(s, 16);

	if (len != 9 && len != 10)
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return s[0] == '0';
}

void
phone_format(const char national[16], char out[20])
{
	const char *s = national;

	if (!is_national(s)) {
		size_t len = strnlen(s, 15);

		memcpy(out, s, len);
		out[len] = '\0';
		return;
	}
	if (strlen(s) == 10)       /* 081-234-5678 */
		snprintf(out, 20, "%.3s-%.3s-%.4s", s, s + 3, s + 6);
	else if (s[1] == '2')      /* 02-123-4567 */
		snprintf(out, 20, "%.2s-%.3s-%.4s", s, s + 2, s + 5);
	else                       /* 053-123-456 */
		snprintf(out, 20, "%.3s-%.3s-%.3s", s, s + 3, s + 6);
}
