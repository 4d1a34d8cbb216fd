/*
 * amount.c — amounts in baht as people type them (amount.h): one pass
 * over the UTF-8 text, Thai digits folded to ASCII, commas checked as
 * thousands separators, the value built in satang with an overflow bound.
 */
#include "text/amount.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "text/utf8.h"

/* One code point of s[i..n): *cp_out, and its length; 0 when invalid. */
static size_t
next_cp(const char *s, size_t n, size_t i, uint32_t *cp_out)
{
	return utf8_decode(s + i, n - i, cp_out);
}

static bool
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xA0;
}

/* s[0..n) without the unit word at its end ("บาท", "baht", any case). */
static size_t
strip_unit(const char *s, size_t n)
{
	static const char thai[] = "\xe0\xb8\x9a\xe0\xb8\xb2\xe0\xb8\x97";  /* บาท */

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= sizeof(thai) - 1 && memcmp(s + n - (sizeof(thai) - 1), thai, sizeof(thai) - 1) == 0)
		return n - (sizeof(thai) - 1);
	if (n >= 4 && strncasecmp(s + n - 4, "baht", 4) == 0)
		return n - 4;
	return n;
}

enum amount_err
amount_parse(const char *s, size_t n, int64_t max_satang, int64_t *satang_out)
{
	int64_t v = 0;
	size_t i = 0, group = 0, decimals = 0, digits = 0;
	bool commas = false, point = false, seen_space_after = false;

	if (max_satang > AMOUNT_MAX_SATANG || max_satang < 0)
		max_satang = AMOUNT_MAX_SATANG;
	if (s == NULL || !utf8_valid(s, n))
		return s == NULL || n == 0 ? AMOUNT_EMPTY : AMOUNT_MALFORMED;
	n = strip_unit(s, n);
	while (i < n) {
		uint32_t cp;
		size_t l = next_cp(s, n, i, &cp);

		if (l == 0)
			return AMOUNT_MALFORMED;
		i += l;
		if (is_space(cp)) {
			if (digits > 0)
				seen_space_after = true;
			continue;
		}
		if (seen_space_after && !(cp >= '0' && cp <= '9') && !(cp >= 0x0E50 && cp <= 0x0E59))
			return AMOUNT_MALFORMED;
		/* A space between groups ("12 500") is a separator like a comma. */
		if (seen_space_after && !point) {
			if (group == 0 || (commas ? group != 3 : group > 3))
				return AMOUNT_MALFORMED;
			commas = true;
			group = 0;
		} else if (seen_space_after) {
			return AMOUNT_MALFORMED;
		}
		seen_space_after = false;
		if (cp >= 0x0E50 && cp <= 0x0E59)
			cp = '0' + (cp - 0x0E50);
		if (cp == '-')
			return digits == 0 && !point ? AMOUNT_RANGE : AMOUNT_MALFORMED;
		if (cp == ',') {
			if (point || group == 0 || (commas ? group != 3 : group > 3))
				return AMOUNT_MALFORMED;
			commas = true;
			group = 0;
			continue;
		}
		if (cp == '.') {
			if (point || digits == 0 || (commas && group != 3))
				return AMOUNT_MALFORMED;
			point = true;
			continue;
		}
		if (cp < '0' || cp > '9')
			return AMOUNT_MALFORMED;
		digits++;
		if (point) {
			if (++decimals > 2) {
				if (cp != '0')
					return AMOUNT_DECIMALS;
				continue;  /* 1.500: trailing zeros say nothing */
			}
		} else {
			group++;
		}
		if (v > max_satang)  /* keep going only to check the form */
			continue;
		v = v * 10 + (cp - '0');
	}
	if (digits == 0)
		return !commas && !point ? AMOUNT_EMPTY : AMOUNT_MALFORMED;
	if (point && decimals == 0)
		return AMOUNT_MALFORMED;
	if (commas && !point && group != 3)
		return AMOUNT_MALFORMED;
	if (decimals > 2)
		decimals = 2;
	for (size_t k = decimals; k < 2 && v <= max_satang; k++)
		v *= 10;
	if (v > max_satang)
		return AMOUNT_RANGE;
	*satang_out = v;
	return AMOUNT_OK;
}

const char *
amount_err_key(enum amount_err e)
{
	switch (e) {
	case AMOUNT_OK: return NULL;
	case AMOUNT_EMPTY: return "error.field.required";
	case AMOUNT_DECIMALS: return "error.field.amount_decimals";
	case AMOUNT_RANGE: return "error.field.amount_range";
	default: return "error.field.amount";
	}
}

char *
amount_format(int64_t satang, char *out, size_t size)
{
	char digits[24], grouped[40];
	int64_t baht = (satang < 0 ? -satang : satang) / 100;
	int len = snprintf(digits, sizeof(digits), "%lld", (long long)baht);
	size_t k = 0;

	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			grouped[k++] = ',';
		grouped[k++] = digits[i];
	}
	grouped[k] = '\0';
	snprintf(out, size, "%s%s.%02lld", satang < 0 ? "-" : "", grouped,
	         (long long)((satang < 0 ? -satang : satang) % 100));
	return out;
}
