/*
 * test_amount.c — amounts in baht as people type them (text/amount.h):
 * Thai digits, thousands separators, decimals, the unit word, and what is
 * refused, with the reason.
 */
#include "harness.h"

#include <string.h>

#include "text/amount.h"

static void
test_amount_accepts_typed_forms(void)
{
	static const struct {
		const char *in;
		int64_t want;
	} t[] = {
		{"12500", 1250000},
		{"12,500.50", 1250050},
		{"๑๒,๕๐๐", 1250000},
		{"๑๒,๕๐๐.๕๐", 1250050},
		{"1,234,567", 123456700},
		{" 12,500 ", 1250000},
		{"12 500", 1250000},
		{"12500 บาท", 1250000},
		{"12,500บาท", 1250000},
		{"99 baht", 9900},
		{"0", 0},
		{"0.5", 50},
		{"1.500", 150},
		{"\xc2\xa0" "150", 15000},
		{"๓๕,๐๐๐", 3500000},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int64_t v = -1;
		enum amount_err e = amount_parse(t[i].in, strlen(t[i].in), AMOUNT_MAX_SATANG, &v);

		if (e != AMOUNT_OK)
			harness_fail_str(__FILE__, __LINE__, "amount_parse", "refused", t[i].in);
		CHECK(v == t[i].want);
	}
}

static void
test_amount_refuses_with_reason(void)
{
	static const struct {
		const char *in;
		size_t n;
		enum amount_err want;
	} t[] = {
		{"", 0, AMOUNT_EMPTY},
		{"   ", 0, AMOUNT_EMPTY},
		{"12,50", 0, AMOUNT_MALFORMED},
		{"1,2345", 0, AMOUNT_MALFORMED},
		{",500", 0, AMOUNT_MALFORMED},
		{"1234,567", 0, AMOUNT_MALFORMED},
		{"12.5.0", 0, AMOUNT_MALFORMED},
		{"12.", 0, AMOUNT_MALFORMED},
		{".5", 0, AMOUNT_MALFORMED},
		{"12a", 0, AMOUNT_MALFORMED},
		{"หนึ่งพัน", 0, AMOUNT_MALFORMED},
		{"1e5", 0, AMOUNT_MALFORMED},
		{"0x10", 0, AMOUNT_MALFORMED},
		{"12.505", 0, AMOUNT_DECIMALS},
		{"-5", 0, AMOUNT_RANGE},
		{"1000000000001", 0, AMOUNT_RANGE},
		{"99999999999999999999999999", 0, AMOUNT_RANGE},
		{"\xff\xfe", 2, AMOUNT_MALFORMED},
		{"12\0" "5", 4, AMOUNT_MALFORMED},
		{"1 2", 0, AMOUNT_MALFORMED},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int64_t v = 77;
		size_t n = t[i].n ? t[i].n : strlen(t[i].in);
		enum amount_err e = amount_parse(t[i].in, n, AMOUNT_MAX_SATANG, &v);

		if (e != t[i].want)
			harness_fail_str(__FILE__, __LINE__, "amount_parse", "wrong answer", t[i].in);
		CHECK(v == 77);  /* untouched on refusal */
	}
	CHECK_STR(amount_err_key(AMOUNT_DECIMALS), "error.field.amount_decimals");
	CHECK(amount_err_key(AMOUNT_OK) == NULL);
}

static void
test_amount_bound(void)
{
	int64_t v = 0;

	CHECK(amount_parse("1,000", 5, 100000, &v) == AMOUNT_OK && v == 100000);
	CHECK(amount_parse("1,000.01", 8, 100000, &v) == AMOUNT_RANGE);
}

static void
test_amount_format(void)
{
	char out[40];

	CHECK_STR(amount_format(1250050, out, sizeof(out)), "12,500.50");
	CHECK_STR(amount_format(0, out, sizeof(out)), "0.00");
	CHECK_STR(amount_format(123456700, out, sizeof(out)), "1,234,567.00");
	/* What is written reads back the same. */
	{
		int64_t v = 0;

		amount_format(98765432101, out, sizeof(out));
		CHECK(amount_parse(out, strlen(out), AMOUNT_MAX_SATANG, &v) == AMOUNT_OK);
		CHECK(v == 98765432101);
	}
}

const struct test tests[] = {
	TEST(test_amount_accepts_typed_forms),
	TEST(test_amount_refuses_with_reason),
	TEST(test_amount_bound),
	TEST(test_amount_format),
	{0},
};
