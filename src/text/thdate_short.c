/*
 * thdate_short.c — Thai short dates and amounts with separators (see
 * thdate_short.h). Thai digits are folded to ASCII first; the month is
 * matched against the month names with their dots removed, so "พ.ย.",
 * "พย" and "พฤศจิกายน" all name November.
 */
#include "text/thdate_short.h"

#include <string.h>

static const char *const months[12][2] = {
	{"มค", "มกราคม"}, {"กพ", "กุมภาพันธ์"}, {"มีค", "มีนาคม"}, {"เมย", "เมษายน"},
	{"พค", "พฤษภาคม"}, {"มิย", "มิถุนายน"}, {"กค", "กรกฎาคม"}, {"สค", "สิงหาคม"},
	{"กย", "กันยายน"}, {"ตค", "ตุลาคม"}, {"พย", "พฤศจิกายน"}, {"ธค", "ธันวาคม"},
};

/* Copy s[0..n) to out (size ≥ n + 1) with Thai digits as ASCII, dots dropped
 * when drop_dots; false if it does not fit. */
static bool
fold(const char *s, size_t n, char *out, size_t size, bool drop_dots)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		const unsigned char *u = (const unsigned char *)s + i;

		/* Thai digits U+0E50–U+0E59: E0 B9 90–99 */
		if (i + 2 < n + 0 && u[0] == 0xE0 && u[1] == 0xB9 && u[2] >= 0x90 && u[2] <= 0x99) {
			if (k + 1 >= size)
				return false;
			out[k++] = (char)('0' + (u[2] - 0x90));
			i += 2;
			continue;
		}
		if (drop_dots && s[i] == '.')
			continue;
		if (k + 1 >= size)
			return false;
		out[k++] = s[i];
	}
	out[k] = '\0';
	return true;
}

static bool
number(const char *s, size_t n, int *out)
{
	int v = 0;

	if (n == 0 || n > 4)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool
thdate_short_parse(const char *s, size_t n, struct cdate *out)
{
	char buf[128], *p, *sp1, *sp2;
	struct cdate d = {0};
	int y;

	if (n == 0 || n >= sizeof(buf) / 2 || !fold(s, n, buf, sizeof(buf), false))
		return false;
	/* trim */
	p = buf;
	while (*p == ' ')
		p++;
	for (size_t k = strlen(p); k > 0 && p[k - 1] == ' '; k--)
		p[k - 1] = '\0';
	if (strlen(p) == 10 && p[4] == '-' && p[7] == '-')
		return date_parse_iso(p, 10, out);
	if ((sp1 = strchr(p, ' ')) == NULL)
		return false;
	sp2 = sp1;
	while (*sp2 == ' ')
		sp2++;
	if ((sp2 = strchr(sp2, ' ')) == NULL)
		return false;
	if (!number(p, (size_t)(sp1 - p), &d.day))
		return false;
	{
		char mon[64];
		const char *m = sp1;

		while (*m == ' ')
			m++;
		if ((size_t)(sp2 - m) >= sizeof(mon) || !fold(m, (size_t)(sp2 - m), mon, sizeof(mon), true))
			return false;
		for (int i = 0; i < 12 && d.month == 0; i++)
			if (strcmp(mon, months[i][0]) == 0 || strcmp(mon, months[i][1]) == 0)
				d.month = i + 1;
		if (d.month == 0)
			return false;
	}
	while (*sp2 == ' ')
		sp2++;
	if (!number(sp2, strlen(sp2), &y))
		return false;
	if (strlen(sp2) == 2)
		y += 2500;
	else if (strlen(sp2) != 4 || y < 2400 || y > 2800)
		return false;
	d.year = y - 543;
	if (!date_is_valid(d))
		return false;
	*out = d;
	return true;
}

bool
thamount_parse(const char *s, size_t n, int64_t *satang_out)
{
	char buf[96];
	int64_t baht = 0, sat = 0;
	size_t len, i = 0, group = 0, decimals = 0;
	bool seps = false, seen_dot = false, digit = false;

	if (n == 0 || n >= sizeof(buf) / 2 || !fold(s, n, buf, sizeof(buf), false))
		return false;
	len = strlen(buf);
	while (i < len && buf[i] == ' ')
		i++;
	while (len > i && buf[len - 1] == ' ')
		len--;
	for (; i < len; i++) {
		char c = buf[i];

		if (c == ',' && !seen_dot) {
			/* a separator comes after 1–3 digits, then every 3 */
			if (!digit || (seps && group != 3) || (!seps && group > 3))
				return false;
			seps = true;
			group = 0;
			continue;
		}
		if (c == '.' && !seen_dot) {
			if (!digit || (seps && group != 3))
				return false;
			seen_dot = true;
			continue;
		}
		if (c < '0' || c > '9')
			return false;
		digit = true;
		if (seen_dot) {
			if (++decimals > 2)
				return false;
			sat = sat * 10 + (c - '0');
		} else {
			group++;
			baht = baht * 10 + (c - '0');
			if (baht > 1000000000000LL)
				return false;
		}
	}
	if (!digit || (seps && !seen_dot && group != 3) || (seen_dot && decimals == 0))
		return false;
	if (decimals == 1)
		sat *= 10;
	*satang_out = baht * 100 + sat;
	return true;
}
