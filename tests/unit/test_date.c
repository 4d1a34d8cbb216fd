/*
 * test_date.c — Bangkok dates, the Buddhist Era, the fiscal year, Thai
 * digits.
 *
 * timegm() appears here only as an independent oracle for the calendar
 * arithmetic; the module itself never touches the C library's time zone
 * machinery.
 */
#include "harness.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "text/date.h"

#define T_20180226_1730Z INT64_C(1519666200)  /* 27 Feb 2018 00:30 Bangkok */

static bool
same_day(struct cdate a, int y, int m, int d)
{
	return a.year == y && a.month == m && a.day == d;
}

static void
test_date_unix_epoch_is_seven_in_bangkok(void)
{
	char out[64];

	CHECK(same_day(date_of_unix(0), 1970, 1, 1));
	date_format(out, sizeof(out), 0, DATE_TIME, LANG_EN, false);
	CHECK_STR(out, "1 Jan 1970 07:00");
	date_format(out, sizeof(out), 0, DATE_TIME, LANG_TH, false);
	CHECK_STR(out, "1 ม.ค. 2513 07:00");
	CHECK(date_to_unix((struct cdate){1970, 1, 1}) == -7 * 3600);
}

static void
test_date_bangkok_day_differs_from_utc(void)
{
	char out[64];

	/* 17:30 UTC on the 26th is already the 27th in Bangkok. */
	CHECK(same_day(date_of_unix(T_20180226_1730Z), 2018, 2, 27));
	date_format(out, sizeof(out), T_20180226_1730Z, DATE_SHORT, LANG_TH, false);
	CHECK_STR(out, "27 ก.พ. 2561");
	date_format(out, sizeof(out), T_20180226_1730Z, DATE_TIME, LANG_TH, false);
	CHECK_STR(out, "27 ก.พ. 2561 00:30");
	/* One second before Bangkok midnight is still the 26th. */
	CHECK(same_day(date_of_unix(INT64_C(1519664399)), 2018, 2, 26));
	date_format(out, sizeof(out), INT64_C(1519664399), DATE_TIME, LANG_EN, false);
	CHECK_STR(out, "26 Feb 2018 23:59");
	/* Before 1970 too: 31 Dec 1969 23:59:59 Bangkok. */
	CHECK(same_day(date_of_unix(-7 * 3600 - 1), 1969, 12, 31));
	CHECK(same_day(date_of_unix(-7 * 3600), 1970, 1, 1));
}

static void
test_date_styles(void)
{
	static const struct {
		enum date_style style;
		enum lang lang;
		bool thai_digits;
		const char *want;
	} t[] = {
		{DATE_SHORT, LANG_TH, false, "27 ก.พ. 2561"},
		{DATE_LONG, LANG_TH, false, "27 กุมภาพันธ์ 2561"},
		{DATE_TIME, LANG_TH, false, "27 ก.พ. 2561 00:30"},
		{DATE_SHORT, LANG_EN, false, "27 Feb 2018"},
		{DATE_LONG, LANG_EN, false, "27 February 2018"},
		{DATE_TIME, LANG_EN, false, "27 Feb 2018 00:30"},
		{DATE_SHORT, LANG_TH, true, "๒๗ ก.พ. ๒๕๖๑"},
		{DATE_LONG, LANG_TH, true, "๒๗ กุมภาพันธ์ ๒๕๖๑"},
		{DATE_TIME, LANG_TH, true, "๒๗ ก.พ. ๒๕๖๑ ๐๐:๓๐"},
		{DATE_SHORT, LANG_EN, true, "27 Feb 2018"},  /* Thai only */
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char out[64];
		size_t n = date_format(out, sizeof(out), T_20180226_1730Z, t[i].style,
		                       t[i].lang, t[i].thai_digits);

		CHECK_STR(out, t[i].want);
		CHECK(n == strlen(t[i].want));
	}
}

static void
test_date_month_names(void)
{
	static const char *const want[12][4] = {
		{"ม.ค.", "มกราคม", "Jan", "January"},
		{"ก.พ.", "กุมภาพันธ์", "Feb", "February"},
		{"มี.ค.", "มีนาคม", "Mar", "March"},
		{"เม.ย.", "เมษายน", "Apr", "April"},
		{"พ.ค.", "พฤษภาคม", "May", "May"},
		{"มิ.ย.", "มิถุนายน", "Jun", "June"},
		{"ก.ค.", "กรกฎาคม", "Jul", "July"},
		{"ส.ค.", "สิงหาคม", "Aug", "August"},
		{"ก.ย.", "กันยายน", "Sep", "September"},
		{"ต.ค.", "ตุลาคม", "Oct", "October"},
		{"พ.ย.", "พฤศจิกายน", "Nov", "November"},
		{"ธ.ค.", "ธันวาคม", "Dec", "December"},
	};

	for (int m = 1; m <= 12; m++) {
		struct cdate d = {2024, m, 1};
		char out[64], exp[64];

		date_format_cdate(out, sizeof(out), d, DATE_SHORT, LANG_TH, false);
		snprintf(exp, sizeof(exp), "1 %s 2567", want[m - 1][0]);
		CHECK_STR(out, exp);
		date_format_cdate(out, sizeof(out), d, DATE_LONG, LANG_TH, false);
		snprintf(exp, sizeof(exp), "1 %s 2567", want[m - 1][1]);
		CHECK_STR(out, exp);
		date_format_cdate(out, sizeof(out), d, DATE_SHORT, LANG_EN, false);
		snprintf(exp, sizeof(exp), "1 %s 2024", want[m - 1][2]);
		CHECK_STR(out, exp);
		date_format_cdate(out, sizeof(out), d, DATE_LONG, LANG_EN, false);
		snprintf(exp, sizeof(exp), "1 %s 2024", want[m - 1][3]);
		CHECK_STR(out, exp);
		/* A calendar date has no time: DATE_TIME acts as DATE_SHORT. */
		date_format_cdate(out, sizeof(out), d, DATE_TIME, LANG_EN, false);
		snprintf(exp, sizeof(exp), "1 %s 2024", want[m - 1][2]);
		CHECK_STR(out, exp);
		/* And a date's midnight is that date in every month. */
		CHECK(same_day(date_of_unix(date_to_unix(d)), 2024, m, 1));
	}
}

static void
test_date_format_truncates_on_character(void)
{
	struct cdate d = {2018, 2, 27};
	char out[16];

	/* "27 ก.พ. 2561": "27 " then a 3-byte ก. */
	memset(out, 'Z', sizeof(out));
	CHECK(date_format_cdate(out, 7, d, DATE_SHORT, LANG_TH, false) == 6);
	CHECK_STR(out, "27 ก");
	CHECK(date_format_cdate(out, 6, d, DATE_SHORT, LANG_TH, false) == 3);
	CHECK_STR(out, "27 ");
	CHECK(date_format_cdate(out, 4, d, DATE_SHORT, LANG_TH, false) == 3);
	CHECK_STR(out, "27 ");
	CHECK(date_format_cdate(out, 1, d, DATE_SHORT, LANG_TH, false) == 0);
	CHECK_STR(out, "");
	/* Thai digits are 3 bytes each: "๒๗" needs 7. */
	CHECK(date_format_cdate(out, 7, d, DATE_SHORT, LANG_TH, true) == 6);
	CHECK_STR(out, "๒๗");
	CHECK(date_format_cdate(out, 6, d, DATE_SHORT, LANG_TH, true) == 3);
	CHECK_STR(out, "๒");
	/* Size 0 writes nothing. */
	out[0] = 'Z';
	CHECK(date_format_cdate(out, 0, d, DATE_SHORT, LANG_TH, false) == 0);
	CHECK(out[0] == 'Z');
	CHECK(date_format(out, 0, 0, DATE_TIME, LANG_TH, false) == 0);
	CHECK(out[0] == 'Z');
	CHECK(date_format(out, 5, 0, DATE_TIME, LANG_EN, false) == 4);
	CHECK_STR(out, "1 Ja");
}

static void
test_date_invalid_cdate_formats_empty(void)
{
	static const struct cdate bad[] = {
		{2023, 2, 29}, {2024, 13, 1}, {2024, 0, 1}, {2024, 1, 0}, {0, 1, 1},
		{2024, -1, 5},
	};
	char out[64];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(out, 'Z', sizeof(out));
		CHECK(date_format_cdate(out, sizeof(out), bad[i], DATE_LONG, LANG_TH,
		                        false) == 0);
		CHECK_STR(out, "");
	}
}

static void
test_date_validity(void)
{
	static const struct {
		struct cdate d;
		bool valid;
	} t[] = {
		{{2024, 2, 29}, true},   /* divisible by 4 */
		{{2023, 2, 29}, false},
		{{2100, 2, 29}, false},  /* by 100, not by 400 */
		{{1900, 2, 29}, false},
		{{2000, 2, 29}, true},   /* by 400 */
		{{2023, 2, 28}, true},
		{{2024, 2, 30}, false},
		{{2024, 4, 30}, true},
		{{2024, 4, 31}, false},
		{{2024, 6, 31}, false},
		{{2024, 9, 31}, false},
		{{2024, 11, 31}, false},
		{{2024, 1, 31}, true},
		{{2024, 12, 31}, true},
		{{2024, 12, 32}, false},
		{{2024, 13, 1}, false},
		{{2024, 0, 1}, false},
		{{2024, 1, 0}, false},
		{{2024, 1, -1}, false},
		{{1, 1, 1}, true},
		{{0, 12, 31}, false},
		{{9999, 12, 31}, true},
		{{10000, 1, 1}, false},
		{{-2024, 1, 1}, false},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (date_is_valid(t[i].d) != t[i].valid) {
			char s[48];

			snprintf(s, sizeof(s), "%d-%d-%d", t[i].d.year, t[i].d.month,
			         t[i].d.day);
			harness_fail_str(__FILE__, __LINE__, "date_is_valid", s,
			                 t[i].valid ? "valid" : "invalid");
		}
	}
}

static void
test_date_parse_iso(void)
{
	static const struct {
		const char *s;
		size_t n;  /* 0: strlen */
		int y, m, d;  /* 0: refused */
	} t[] = {
		{"2024-02-29", 0, 2024, 2, 29},
		{"2018-02-27", 0, 2018, 2, 27},
		{"0001-01-01", 0, 1, 1, 1},
		{"9999-12-31", 0, 9999, 12, 31},
		{"2024-02-01junk", 10, 2024, 2, 1},  /* exactly n bytes are read */
		{"2023-02-29", 0, 0, 0, 0},
		{"2024-02-30", 0, 0, 0, 0},
		{"2024-2-01", 0, 0, 0, 0},
		{"2024-02-1", 0, 0, 0, 0},
		{"24-02-01", 0, 0, 0, 0},
		{"2024-02-01x", 0, 0, 0, 0},
		{"2024-02-01 ", 0, 0, 0, 0},
		{"2024-02-01T00:00", 0, 0, 0, 0},
		{" 2024-02-01", 0, 0, 0, 0},
		{"2024/02/01", 0, 0, 0, 0},
		{"20240201", 0, 0, 0, 0},
		{"2024-13-01", 0, 0, 0, 0},
		{"2024-00-01", 0, 0, 0, 0},
		{"2024-01-00", 0, 0, 0, 0},
		{"0000-01-01", 0, 0, 0, 0},
		{"+024-01-01", 0, 0, 0, 0},
		{"-024-01-01", 0, 0, 0, 0},
		{"2024-0a-01", 0, 0, 0, 0},
		{"2024-01--1", 0, 0, 0, 0},
		{"2024-01-01\0", 11, 0, 0, 0},
		{"2024\0-01-01", 11, 0, 0, 0},
		{"๒๕๖๗-๐๑-๐๑", 0, 0, 0, 0},
		{"", 0, 0, 0, 0},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct cdate d = {-1, -1, -1};
		size_t n = t[i].n ? t[i].n : strlen(t[i].s);
		bool ok = date_parse_iso(t[i].s, n, &d);

		if (t[i].y == 0) {
			if (ok)
				harness_fail_str(__FILE__, __LINE__, "date_parse_iso",
				                 "accepted", t[i].s);
			CHECK(d.year == -1 && d.month == -1 && d.day == -1);
		} else {
			if (!ok)
				harness_fail_str(__FILE__, __LINE__, "date_parse_iso",
				                 "refused", t[i].s);
			CHECK(same_day(d, t[i].y, t[i].m, t[i].d));
		}
	}
}

static void
test_date_fiscal_year(void)
{
	static const struct {
		struct cdate d;
		int fy, q;
	} t[] = {
		{{2024, 9, 30}, 2567, 4},
		{{2024, 10, 1}, 2568, 1},
		{{2024, 1, 1}, 2567, 2},
		{{2023, 10, 1}, 2567, 1},
		{{2023, 9, 30}, 2566, 4},
		{{2023, 12, 31}, 2567, 1},
		{{2024, 3, 31}, 2567, 2},
		{{2024, 4, 1}, 2567, 3},
		{{2024, 6, 30}, 2567, 3},
		{{2024, 7, 1}, 2567, 4},
		{{2024, 11, 15}, 2568, 1},
		{{2025, 2, 28}, 2568, 2},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CHECK(fiscal_year_be(t[i].d) == t[i].fy);
		CHECK(fiscal_quarter(t[i].d) == t[i].q);
	}
}

static void
test_date_fiscal_bounds(void)
{
	struct cdate first, last;

	fiscal_year_bounds(2567, &first, &last);
	CHECK(same_day(first, 2023, 10, 1));
	CHECK(same_day(last, 2024, 9, 30));
	/* The bounds belong to the year; the days beside them do not. */
	for (int fy = 2500; fy <= 2600; fy++) {
		int64_t t0, t1;

		fiscal_year_bounds(fy, &first, &last);
		t0 = date_to_unix(first);
		t1 = date_to_unix(last);
		CHECK(fiscal_year_be(first) == fy && fiscal_quarter(first) == 1);
		CHECK(fiscal_year_be(last) == fy && fiscal_quarter(last) == 4);
		CHECK(fiscal_year_be(date_of_unix(t0 - 1)) == fy - 1);
		CHECK(fiscal_year_be(date_of_unix(t1 + 86400)) == fy + 1);
		/* 365 or 366 days. */
		CHECK((t1 - t0) / 86400 + 1 == 365 || (t1 - t0) / 86400 + 1 == 366);
	}
}

/* Every day from 1800 to 2200 against timegm(), which knows nothing of
 * Bangkok: midnight there is 17:00 UTC the day before. */
static void
test_date_arithmetic_matches_timegm(void)
{
	struct cdate d = {1800, 1, 1};
	int64_t prev = date_to_unix(d) - 86400;
	size_t bad = 0, days = 0;

	while (d.year < 2200) {
		struct tm tm = {0};
		int64_t t = date_to_unix(d);
		struct cdate back = date_of_unix(t);
		struct cdate late = date_of_unix(t + 86399);

		tm.tm_year = d.year - 1900;
		tm.tm_mon = d.month - 1;
		tm.tm_mday = d.day;
		if ((int64_t)timegm(&tm) - 7 * 3600 != t || t - prev != 86400 ||
		    !same_day(back, d.year, d.month, d.day) ||
		    !same_day(late, d.year, d.month, d.day))
			bad++;
		prev = t;
		days++;
		d = date_of_unix(t + 86400);
	}
	CHECK(bad == 0);
	CHECK(days == 146097);  /* 400 Gregorian years */
}

static void
test_date_extreme_times_clamp(void)
{
	char out[64];

	CHECK(same_day(date_of_unix(INT64_MAX), 9999, 12, 31));
	CHECK(same_day(date_of_unix(INT64_MIN), 1, 1, 1));
	date_format(out, sizeof(out), INT64_MAX, DATE_TIME, LANG_EN, false);
	CHECK_STR(out, "31 Dec 9999 23:59");
	date_format(out, sizeof(out), INT64_MIN, DATE_TIME, LANG_EN, false);
	CHECK_STR(out, "1 Jan 1 00:00");
	CHECK(date_to_unix((struct cdate){1, 1, 1}) < 0);
}

static void
test_digits_convert(void)
{
	static const struct {
		const char *in;
		bool to_thai;
		const char *want;
	} t[] = {
		{"เลขที่ 123/2567", true, "เลขที่ ๑๒๓/๒๕๖๗"},
		{"เลขที่ ๑๒๓/๒๕๖๗", false, "เลขที่ 123/2567"},
		{"0123456789", true, "๐๑๒๓๔๕๖๗๘๙"},
		{"๐๑๒๓๔๕๖๗๘๙", false, "0123456789"},
		{"๑2๓4", true, "๑๒๓๔"},
		{"๑2๓4", false, "1234"},
		{"abc ก.พ.", true, "abc ก.พ."},
		{"", true, ""},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char out[64];
		size_t n = digits_convert(out, sizeof(out), t[i].in, t[i].to_thai);

		CHECK_STR(out, t[i].want);
		CHECK(n == strlen(t[i].want));
	}
}

static void
test_digits_convert_truncates_on_character(void)
{
	char out[16];

	CHECK(digits_convert(out, 7, "123", true) == 6);
	CHECK_STR(out, "๑๒");
	CHECK(digits_convert(out, 6, "123", true) == 3);
	CHECK_STR(out, "๑");
	CHECK(digits_convert(out, 3, "123", true) == 0);
	CHECK_STR(out, "");
	CHECK(digits_convert(out, 3, "๑๒๓", false) == 2);
	CHECK_STR(out, "12");
	CHECK(digits_convert(out, 5, "1ก2", false) == 4);
	CHECK_STR(out, "1ก");
	CHECK(digits_convert(out, 4, "1ก2", false) == 1);
	CHECK_STR(out, "1");
	out[0] = 'Z';
	CHECK(digits_convert(out, 0, "123", true) == 0);
	CHECK(out[0] == 'Z');
}

/* What a person types: BE or CE by the year, d/m/YYYY or ISO. */
static bool
parses(const char *s, int y, int m, int d)
{
	struct cdate out = {0, 0, 0};

	return date_parse_input(s, strlen(s), &out) && same_day(out, y, m, d);
}

static bool
refused(const char *s)
{
	struct cdate out = {7, 7, 7};

	return !date_parse_input(s, strlen(s), &out) && same_day(out, 7, 7, 7);
}

static void
test_date_input_be_and_ce(void)
{
	CHECK(parses("8/12/2569", 2026, 12, 8));
	CHECK(parses("08/12/2569", 2026, 12, 8));
	CHECK(parses("8/12/2026", 2026, 12, 8));
	CHECK(parses("2026-12-08", 2026, 12, 8));
	CHECK(parses("2569-12-08", 2026, 12, 8));   /* ISO with a BE year */
	CHECK(parses("8.12.2569", 2026, 12, 8));
	CHECK(parses("8-12-2569", 2026, 12, 8));
	CHECK(parses("1/1/2400", 1857, 1, 1));      /* the first BE year read */
	CHECK(parses("31/12/2399", 2399, 12, 31));  /* the last CE year read */
	CHECK(parses("2399-12-31", 2399, 12, 31));
	CHECK(parses("2400-01-01", 1857, 1, 1));
}

static void
test_date_input_leap_days(void)
{
	/* 2567 BE = 2024 (leap), 2566 = 2023 (not), 2443 = 1900 (not: a
	 * century), 2543 = 2000 (leap: four centuries). */
	CHECK(parses("29/2/2567", 2024, 2, 29));
	CHECK(refused("29/2/2566"));
	CHECK(refused("29/2/2443"));
	CHECK(parses("29/2/2543", 2000, 2, 29));
	CHECK(parses("29/2/2024", 2024, 2, 29));
	CHECK(refused("29/2/2023"));
	CHECK(refused("30/2/2567"));
}

static void
test_date_input_thai_digits_and_spaces(void)
{
	CHECK(parses("๘/๑๒/๒๕๖๙", 2026, 12, 8));
	CHECK(parses("๒๙/๒/๒๕๖๗", 2024, 2, 29));
	CHECK(parses(" 8 / 12 / 2569 ", 2026, 12, 8));
	CHECK(parses("\t8/12/2569\t", 2026, 12, 8));
	CHECK(parses("8/12/\xc2\xa0" "2569", 2026, 12, 8));  /* no-break space */
	CHECK(parses("๐๘/1๒/2๕69", 2026, 12, 8));          /* mixed digits */
}

static void
test_date_input_refuses(void)
{
	CHECK(refused(""));
	CHECK(refused("   "));
	CHECK(refused("31/4/2569"));     /* April has 30 days */
	CHECK(refused("0/1/2569"));
	CHECK(refused("1/0/2569"));
	CHECK(refused("1/13/2569"));
	CHECK(refused("32/1/2569"));
	CHECK(refused("8/12/69"));       /* two-digit year: which century? */
	CHECK(refused("8/12/25690"));
	CHECK(refused("123/1/2569"));
	CHECK(refused("8/12-2569"));     /* two separators */
	CHECK(refused("8//12/2569"));
	CHECK(refused("8/12/2569/"));
	CHECK(refused("2026-12-8x"));
	CHECK(refused("2026-12"));
	CHECK(refused("20261208"));
	CHECK(refused("-8/12/2569"));
	CHECK(refused("8/12/๒๕๖"));
	CHECK(refused("๘ ธ.ค. ๒๕๖๙"));   /* month names are not read */
	CHECK(refused("8/12/2569\xff"));  /* malformed UTF-8 */
	CHECK(refused("8/12/\xe0\xb9"));  /* a cut Thai digit */
	CHECK(refused("8/12/2569<script>"));
	{
		char big[200];
		struct cdate out;

		memset(big, ' ', sizeof(big));
		memcpy(big + 150, "8/12/2569", 9);
		CHECK(!date_parse_input(big, sizeof(big), &out));
		CHECK(!date_parse_input(NULL, 0, &out));
	}
}

static void
test_date_input_round_trips(void)
{
	char out[32];
	struct cdate d = {0, 0, 0};

	CHECK(date_format_input(out, sizeof(out), (struct cdate){2026, 12, 8}, LANG_TH) == 9);
	CHECK_STR(out, "8/12/2569");
	CHECK(date_parse_input(out, strlen(out), &d) && same_day(d, 2026, 12, 8));
	date_format_input(out, sizeof(out), (struct cdate){2026, 12, 8}, LANG_EN);
	CHECK_STR(out, "8/12/2026");
	CHECK(date_parse_input(out, strlen(out), &d) && same_day(d, 2026, 12, 8));
	/* A CE year the Thai form would show as < 2400 BE cannot come back as
	 * the same day; such years (before 1857) are refused as tip dates. */
	date_format_input(out, sizeof(out), (struct cdate){1857, 1, 1}, LANG_TH);
	CHECK_STR(out, "1/1/2400");
	CHECK(date_format_input(out, sizeof(out), (struct cdate){2026, 2, 30}, LANG_TH) == 0);
	CHECK_STR(out, "");
	CHECK(date_format_input(out, 4, (struct cdate){2026, 12, 8}, LANG_TH) == 3);
	CHECK_STR(out, "8/1");
}

const struct test tests[] = {
	TEST(test_date_input_be_and_ce),
	TEST(test_date_input_leap_days),
	TEST(test_date_input_thai_digits_and_spaces),
	TEST(test_date_input_refuses),
	TEST(test_date_input_round_trips),
	TEST(test_date_unix_epoch_is_seven_in_bangkok),
	TEST(test_date_bangkok_day_differs_from_utc),
	TEST(test_date_styles),
	TEST(test_date_month_names),
	TEST(test_date_format_truncates_on_character),
	TEST(test_date_invalid_cdate_formats_empty),
	TEST(test_date_validity),
	TEST(test_date_parse_iso),
	TEST(test_date_fiscal_year),
	TEST(test_date_fiscal_bounds),
	TEST(test_date_arithmetic_matches_timegm),
	TEST(test_date_extreme_times_clamp),
	TEST(test_digits_convert),
	TEST(test_digits_convert_truncates_on_character),
	{0},
};
