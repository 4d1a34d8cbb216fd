/*
 * utf8.c — strict UTF-8 (RFC 3629) and the text field check; see utf8.h.
 *
 * The decoder is the one place that decides what well-formed means: the
 * lead byte fixes the length (C0, C1 and F5–FF never lead), every
 * following byte must be a continuation byte, and the decoded value must
 * not be an overlong form, a UTF-16 surrogate (U+D800–U+DFFF) or above
 * U+10FFFF. A sequence cut short by the end of the input is malformed.
 * Everything else here (validation, counting, the field check) is built
 * on it. Nothing is repaired or replaced: malformed input is refused.
 */
#include "text/utf8.h"

size_t
utf8_decode(const char *s, size_t n, uint32_t *cp_out)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp, min;
	size_t len;

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp_out = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2, cp = p[0] & 0x1F, min = 0x80;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3, cp = p[0] & 0x0F, min = 0x800;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4, cp = p[0] & 0x07, min = 0x10000;
	} else {
		return 0;  /* a continuation byte, overlong lead C0/C1, or F5–FF */
	}
	if (n < len)
		return 0;  /* truncated */
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	/* utf8-overlong, utf8-surrogate, utf8-above-max */
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	*cp_out = cp;
	return len;
}

size_t
utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

bool
utf8_valid(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if ((len = utf8_decode(s + i, n - i, &cp)) == 0)
			return false;
		i += len;
	}
	return true;
}

size_t
utf8_count(const char *s, size_t n)
{
	size_t count = 0;

	/* In well-formed input every byte but a continuation byte starts one. */
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

/* C0 and C1 controls and DEL, less what the field may hold. */
static bool
is_forbidden_control(uint32_t cp, bool multiline)
{
	if (cp == '\t')
		return false;
	if (cp == '\n' || cp == '\r')
		return !multiline;
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

enum sod_err
text_check(const char *s, size_t n, size_t max_bytes, size_t max_chars,
           bool multiline)
{
	size_t i = 0, chars = 0;

	if (max_bytes != 0 && n > max_bytes)
		return SOD_ETOOBIG;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (len == 0)
			return SOD_EUTF8;
		if (is_forbidden_control(cp, multiline))
			return SOD_EINVAL;  /* text-nul-control */
		i += len;
		chars++;
	}
	if (max_chars != 0 && chars > max_chars)
		return SOD_ETOOBIG;
	return SOD_OK;
}
