/*
 * test_thdate_short.c — Thai short dates ("20 พ.ย. 68") and amounts with
 * separators, as the Comptroller General's open data writes them.
 */
#include "harness.h"

#include "text/thdate_short.h"

static bool
date_is(const char *s, int y, int m, int d)
{
	struct cdate c;

	return thdate_short_parse(s, strlen(s), &c) && c.year == y && c.month == m && c.day == d;
}

static bool
date_bad(const char *s)
{
	struct cdate c;

	return !thdate_short_parse(s, strlen(s), &c);
}

static void
test_short_dates(void)
{
	CHECK(date_is("20 พ.ย. 68", 2025, 11, 20));
	CHECK(date_is("1 ม.ค. 68", 2025, 1, 1));
	CHECK(date_is("30 ก.ย. 68", 2025, 9, 30));
	CHECK(date_is("1 ต.ค. 67", 2024, 10, 1));
	CHECK(date_is(" 5  มี.ค.  2568 ", 2025, 3, 5));
	CHECK(date_is("5 มีค 68", 2025, 3, 5));
	CHECK(date_is("5 มีนาคม 2568", 2025, 3, 5));
	CHECK(date_is("๒๐ พ.ย. ๖๘", 2025, 11, 20));
	CHECK(date_is("29 ก.พ. 67", 2024, 2, 29));   /* 2024 is a leap year */
	CHECK(date_is("2025-11-20", 2025, 11, 20));
	CHECK(date_bad("29 ก.พ. 68"));
	CHECK(date_bad("31 เม.ย. 68"));
	CHECK(date_bad("20 Nov 68"));
	CHECK(date_bad("20 พ.ย."));
	CHECK(date_bad("พ.ย. 68"));
	CHECK(date_bad("20 พ.ย. 168"));
	CHECK(date_bad("20 พ.ย. 1968"));
	CHECK(date_bad("0 พ.ย. 68"));
	CHECK(date_bad(""));
	CHECK(date_bad("20/11/2568"));
	CHECK(date_bad("2025-13-01"));
}

static bool
amount_is(const char *s, int64_t want)
{
	int64_t v = -1;

	return thamount_parse(s, strlen(s), &v) && v == want;
}

static bool
amount_bad(const char *s)
{
	int64_t v;

	return !thamount_parse(s, strlen(s), &v);
}

static void
test_amounts(void)
{
	CHECK(amount_is("4,990,000", 499000000));
	CHECK(amount_is("4,990,000.00", 499000000));
	CHECK(amount_is("1234.5", 123450));
	CHECK(amount_is("999", 99900));
	CHECK(amount_is("0.01", 1));
	CHECK(amount_is(" 12,345.67 ", 1234567));
	CHECK(amount_is("๑,๐๐๐", 100000));
	CHECK(amount_is("1,000,000,000,000", 100000000000000LL));
	CHECK(amount_bad("1,000,000,000,001"));
	CHECK(amount_bad("12,34"));
	CHECK(amount_bad("1,2345"));
	CHECK(amount_bad("1234,567"));
	CHECK(amount_bad(",123"));
	CHECK(amount_bad("1.234"));
	CHECK(amount_bad("1."));
	CHECK(amount_bad("-5"));
	CHECK(amount_bad("5 บาท"));
	CHECK(amount_bad(""));
	CHECK(amount_bad("1.2.3"));
}

const struct test tests[] = {
	TEST(test_short_dates),
	TEST(test_amounts),
	{0},
};
