/*
 * cid.c — the Thai citizen ID check digit; see cid.h.
 */
#include "text/cid.h"

#include <string.h>

#include "text/utf8.h"

bool
cid_normalise(const char *s, size_t n, char out[14])
{
	size_t i = 0, k = 0;
	int sum = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (len == 0)
			return false;
		i += len;
		if (cp == ' ' || cp == '-')
			continue;
		if (cp >= 0x0E50 && cp <= 0x0E59)   /* Thai digits ๐–๙ */
			cp = '0' + (cp - 0x0E50);
		if (cp < '0' || cp > '9' || k == 13)
			return false;
		out[k++] = (char)cp;
	}
	if (k != 13)
		return false;
	out[13] = '\0';
	for (int j = 0; j < 12; j++)
		sum += (out[j] - '0') * (13 - j);
	return (11 - sum % 11) % 10 == out[12] - '0';
}

void
cid_mask(const char digits[14], char out[18])
{
	/* 1-1120-xxxxx-xx-2: the province/district part and the check digit stay. */
	out[0] = digits[0];
	out[1] = '-';
	memcpy(out + 2, digits + 1, 4);
	memcpy(out + 6, "-xxxxx-xx-", 10);
	out[16] = digits[12];
	out[17] = '\0';
}
