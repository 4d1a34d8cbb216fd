/*
 * str.c — slices and bounded strings; see str.h.
 */
#include "util/str.h"

#include <string.h>

#include <sodium.h>

struct slice
slice_from(const char *s)
{
	return (struct slice){s, s ? strlen(s) : 0};
}

bool
slice_eq(struct slice a, struct slice b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

bool
slice_eq_str(struct slice a, const char *s)
{
	return slice_eq(a, slice_from(s));
}

static char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool
slice_case_eq_str(struct slice a, const char *s)
{
	size_t n = strlen(s);

	if (a.len != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(a.p[i]) != lower(s[i]))
			return false;
	return true;
}

struct slice
slice_trim(struct slice s)
{
	while (s.len > 0 && (s.p[0] == ' ' || s.p[0] == '\t' || s.p[0] == '\r' ||
	                     s.p[0] == '\n')) {
		s.p++;
		s.len--;
	}
	while (s.len > 0 && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\t' ||
	                     s.p[s.len - 1] == '\r' || s.p[s.len - 1] == '\n'))
		s.len--;
	return s;
}

bool
slice_cut(struct slice *s, char c, struct slice *head_out)
{
	const char *q = s->len ? memchr(s->p, c, s->len) : NULL;

	if (q == NULL) {
		*head_out = *s;
		return false;
	}
	head_out->p = s->p;
	head_out->len = (size_t)(q - s->p);
	s->len -= head_out->len + 1;
	s->p = q + 1;
	return true;
}

bool
str_to_i64(struct slice s, int64_t min, int64_t max, int64_t *out)
{
	bool neg = false;
	uint64_t v = 0, limit;
	size_t i = 0;

	if (s.len == 0 || s.len > 20)
		return false;
	if (s.p[0] == '-') {
		if (min >= 0)
			return false;
		neg = true;
		i = 1;
		if (s.len == 1)
			return false;
	}
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < s.len; i++) {
		unsigned d;

		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
		d = (unsigned)(s.p[i] - '0');
		if (v > (limit - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if (neg) {
		int64_t r = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
		if (r < min || r > max)
			return false;
		*out = r;
	} else {
		if ((int64_t)v < min || (int64_t)v > max)
			return false;
		*out = (int64_t)v;
	}
	return true;
}

size_t
str_lcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size > 0) {
		size_t m = n < size - 1 ? n : size - 1;
		memcpy(dst, src, m);
		dst[m] = '\0';
	}
	return n;
}

bool
str_ct_eq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}
