/*
 * date.c — Bangkok calendar dates, the Buddhist Era, the fiscal year and
 * Thai digits; see date.h.
 *
 * Day arithmetic uses Howard Hinnant's days-from-civil algorithm and its
 * inverse (proleptic Gregorian calendar, exact for any year), and Bangkok
 * is a fixed UTC+7: nothing here reads the TZ environment, calls
 * localtime() or depends on a generated locale. Month names are the
 * official Thai abbreviations and names and the English ones. Times
 * outside the years 1–9999 are clamped to that range (so no arithmetic
 * can overflow); a calendar date that is not valid is formatted as the
 * empty string rather than as a plausible wrong day.
 */
#include "text/date.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "text/utf8.h"

#define BKK_OFFSET (7 * 3600)
#define BE_OFFSET  543

static const char *const th_short[12] = {
	"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
	"ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
};
static const char *const th_long[12] = {
	"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
	"กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
};
static const char *const en_short[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};
static const char *const en_long[12] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December",
};

static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static struct cdate
civil_from_days(int64_t z)
{
	int64_t era, y;
	unsigned doe, yoe, doy, mp;
	struct cdate d;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(y + (d.month <= 2));
	return d;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* t limited to 0001-01-01 00:00 – 9999-12-31 23:59:59 Bangkok time. */
static int64_t
clamp_time(int64_t t)
{
	int64_t lo = days_from_civil(1, 1, 1) * 86400 - BKK_OFFSET;
	int64_t hi = days_from_civil(9999, 12, 31) * 86400 + 86399 - BKK_OFFSET;

	return t < lo ? lo : t > hi ? hi : t;
}

struct cdate
date_of_unix(int64_t t)
{
	return civil_from_days(floor_div(clamp_time(t) + BKK_OFFSET, 86400));
}

int64_t
date_to_unix(struct cdate d)
{
	/* A caller's mistake; without assertions, no overflow either. */
	assert(date_is_valid(d));
	if (!date_is_valid(d))
		return 0;
	return days_from_civil(d.year, d.month, d.day) * 86400 - BKK_OFFSET;
}

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool
date_is_valid(struct cdate d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1)
		return false;
	return d.day <= mdays[d.month - 1] + (d.month == 2 && is_leap(d.year));
}

static bool
digits(const char *s, size_t n, int *out)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool
date_parse_iso(const char *s, size_t n, struct cdate *out)
{
	struct cdate d;

	if (n != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &d.year) ||
	    !digits(s + 5, 2, &d.month) || !digits(s + 8, 2, &d.day) || !date_is_valid(d))
		return false;
	*out = d;
	return true;
}

/*
 * s[0..n) with Thai digits made ASCII and spaces dropped, into out (size
 * bytes); false if any other non-ASCII byte is there or it does not fit.
 */
static bool
date_input_normalize(const char *s, size_t n, char *out, size_t size, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t w = 0;

	for (size_t i = 0; i < n;) {
		char c;

		if (u[i] == ' ' || u[i] == '\t') {
			i++;
			continue;
		}
		if (u[i] == 0xC2 && i + 1 < n && u[i + 1] == 0xA0) {  /* U+00A0 */
			i += 2;
			continue;
		}
		if (u[i] == 0xE0 && i + 2 < n && u[i + 1] == 0xB9 && u[i + 2] >= 0x90 &&
		    u[i + 2] <= 0x99) {  /* U+0E50–U+0E59 */
			c = (char)('0' + (u[i + 2] - 0x90));
			i += 3;
		} else if (u[i] >= 0x80 || u[i] < 0x20) {
			return false;
		} else {
			c = (char)u[i++];
		}
		if (w + 1 >= size)
			return false;
		out[w++] = c;
	}
	out[w] = '\0';
	*len = w;
	return true;
}

/* A run of 1..max ASCII digits at *p, its value in *v; advances *p. */
static bool
digit_run(const char **p, const char *end, size_t min, size_t max, int *v)
{
	const char *q = *p;

	while (q < end && *q >= '0' && *q <= '9' && (size_t)(q - *p) < max)
		q++;
	if ((size_t)(q - *p) < min || (q < end && *q >= '0' && *q <= '9'))
		return false;
	if (!digits(*p, (size_t)(q - *p), v))
		return false;
	*p = q;
	return true;
}

bool
date_parse_input(const char *s, size_t n, struct cdate *out)
{
	char buf[65];
	size_t len;
	const char *p = buf, *end;
	struct cdate d;
	char sep;

	if (s == NULL || n > 64 || !date_input_normalize(s, n, buf, sizeof(buf), &len))
		return false;
	end = buf + len;
	if (len >= 5 && buf[4] == '-' && digits(buf, 4, &d.year)) {
		/* ISO: YYYY-M-D */
		if (!digit_run(&p, end, 4, 4, &d.year) || p >= end || *p++ != '-' ||
		    !digit_run(&p, end, 1, 2, &d.month) || p >= end || *p++ != '-' ||
		    !digit_run(&p, end, 1, 2, &d.day) || p != end)
			return false;
	} else {
		/* d/m/YYYY, the same separator twice */
		if (!digit_run(&p, end, 1, 2, &d.day) || p >= end)
			return false;
		sep = *p++;
		if ((sep != '/' && sep != '.' && sep != '-') ||
		    !digit_run(&p, end, 1, 2, &d.month) || p >= end || *p++ != sep ||
		    !digit_run(&p, end, 4, 4, &d.year) || p != end)
			return false;
	}
	if (d.year >= 2400)
		d.year -= BE_OFFSET;
	if (!date_is_valid(d))
		return false;
	*out = d;
	return true;
}

size_t
date_format_input(char *out, size_t size, struct cdate d, enum lang lang)
{
	int n;

	if (size == 0)
		return 0;
	if (!date_is_valid(d)) {
		out[0] = '\0';
		return 0;
	}
	n = snprintf(out, size, "%d/%d/%d", d.day, d.month,
	             lang == LANG_TH ? d.year + BE_OFFSET : d.year);
	return n < 0 ? 0 : (size_t)n >= size ? size - 1 : (size_t)n;
}

size_t
date_format_cdate(char *out, size_t size, struct cdate d, enum date_style style,
                  enum lang lang, bool thai_digits)
{
	char tmp[96];
	int m = d.month - 1;

	if (!date_is_valid(d)) {
		if (size > 0)
			out[0] = '\0';
		return 0;
	}
	if (lang == LANG_TH)
		snprintf(tmp, sizeof(tmp), "%d %s %d", d.day,
		         style == DATE_LONG ? th_long[m] : th_short[m], d.year + BE_OFFSET);
	else
		snprintf(tmp, sizeof(tmp), "%d %s %d", d.day,
		         style == DATE_LONG ? en_long[m] : en_short[m], d.year);
	return digits_convert(out, size, tmp, lang == LANG_TH && thai_digits);
}

size_t
date_format(char *out, size_t size, int64_t t, enum date_style style, enum lang lang,
            bool thai_digits)
{
	struct cdate d;
	char tmp[128];
	int64_t secs;
	size_t n;

	t = clamp_time(t);
	d = date_of_unix(t);
	secs = (t + BKK_OFFSET) - floor_div(t + BKK_OFFSET, 86400) * 86400;

	n = date_format_cdate(tmp, sizeof(tmp), d, style == DATE_TIME ? DATE_SHORT : style,
	                      lang, false);
	if (style == DATE_TIME && n + 7 < sizeof(tmp))
		snprintf(tmp + n, sizeof(tmp) - n, " %02d:%02d", (int)(secs / 3600),
		         (int)(secs % 3600 / 60));
	return digits_convert(out, size, tmp, lang == LANG_TH && thai_digits);
}

int
fiscal_year_be(struct cdate d)
{
	return (d.month >= 10 ? d.year + 1 : d.year) + BE_OFFSET;
}

int
fiscal_quarter(struct cdate d)
{
	return d.month >= 10 ? 1 : (d.month + 2) / 3 + 1;
}

void
fiscal_year_bounds(int fy_be, struct cdate *first_out, struct cdate *last_out)
{
	int ce = fy_be - BE_OFFSET;

	*first_out = (struct cdate){ce - 1, 10, 1};
	*last_out = (struct cdate){ce, 9, 30};
}

size_t
digits_convert(char *out, size_t size, const char *s, bool to_thai)
{
	size_t n = strlen(s), i = 0, w = 0;

	if (size == 0)
		return 0;
	while (i < n) {
		uint32_t cp;
		char enc[4];
		size_t len = utf8_decode(s + i, n - i, &cp), elen;

		if (len == 0) {  /* not UTF-8: copy the byte as it is */
			cp = (unsigned char)s[i];
			len = 1;
			enc[0] = s[i];
			elen = 1;
		} else {
			if (to_thai && cp >= '0' && cp <= '9')
				cp = 0x0E50 + (cp - '0');
			else if (!to_thai && cp >= 0x0E50 && cp <= 0x0E59)
				cp = '0' + (cp - 0x0E50);
			elen = utf8_encode(cp, enc);
		}
		if (w + elen >= size)
			break;  /* truncate on a character boundary */
		memcpy(out + w, enc, elen);
		w += elen;
		i += len;
	}
	out[w] = '\0';
	return w;
}
