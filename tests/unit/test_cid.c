/*
 * test_cid.c — Thai citizen ID: normalising what people type, the check
 * digit, masking.
 */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#include "text/cid.h"

static void
test_cid_accepts_typed_forms(void)
{
	static const struct {
		const char *in;
		const char *want;
	} t[] = {
		{"1112034563562", "1112034563562"},
		{"1-1120-34563-56-2", "1112034563562"},
		{"1 1120 34563 56 2", "1112034563562"},
		{" 1112034563562 ", "1112034563562"},
		{"1-1120 34563-56 2", "1112034563562"},
		{"--1112034563562--", "1112034563562"},
		{"๑๑๑๒๐๓๔๕๖๓๕๖๒", "1112034563562"},
		{"๑-๑๑๒๐-๓๔๕๖๓-๕๖-๒", "1112034563562"},
		{"1-1120-๓๔๕๖๓-56-๒", "1112034563562"},
		{"3100600123450", "3100600123450"},
		{"5700100000007", "5700100000007"},  /* check 11 - 4 = 7 */
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char out[14] = "";

		if (!cid_normalise(t[i].in, strlen(t[i].in), out))
			harness_fail_str(__FILE__, __LINE__, "cid_normalise", "refused",
			                 t[i].in);
		CHECK_STR(out, t[i].want);
	}
}

static void
test_cid_refuses(void)
{
	static const struct {
		const char *in;
		size_t n;  /* 0: strlen */
	} t[] = {
		{"1112034563561", 0},       /* wrong check digit */
		{"1112034563563", 0},
		{"2112034563562", 0},       /* first digit changed */
		{"1121034563562", 0},       /* neighbours swapped */
		{"111203456356", 0},        /* 12 digits */
		{"11120345635620", 0},      /* 14 digits */
		{"1-1120-34563-56-2-0", 0}, /* 14 with dashes */
		{"111203456356a", 0},       /* a letter for the check digit */
		{"A112034563562", 0},
		{"1112O34563562", 0},       /* letter O for zero */
		{"1.1120.34563.56.2", 0},   /* dots are not accepted */
		{"1/1120/34563/56/2", 0},
		{"1_1120_34563_56_2", 0},
		{"1\t1120\t34563\t56\t2", 0},
		{"+1112034563562", 0},
		{"\xEF\xBC\x91" "112034563562", 0},   /* fullwidth １ */
		{"\xD9\xA1" "112034563562", 0},       /* Arabic-Indic ١ */
		{"\xC2\xA0" "1112034563562", 0},      /* NBSP */
		{"1112034563562\0", 14},    /* a NUL inside */
		{"\xE0\xB9" "112034563562", 0},       /* truncated Thai digit */
		{"\xFF" "1112034563562", 0},          /* not UTF-8 */
		{"", 0},
		{"-- --", 0},
		{"0000000000000", 0},       /* sum 0: check must be 1 */
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char out[14];
		size_t n = t[i].n ? t[i].n : strlen(t[i].in);

		memset(out, 'Z', sizeof(out));
		if (cid_normalise(t[i].in, n, out))
			harness_fail_str(__FILE__, __LINE__, "cid_normalise", "accepted",
			                 t[i].in);
		CHECK(out[0] == '\0');
	}
	CHECK(cid_normalise("0000000000001", 13, (char[14]){0}));
}

/*
 * The check digit catches a mistyped digit, with one blind spot of the
 * official algorithm: the third digit has weight 11 ≡ 0 (mod 11), so a
 * change there never shows (and a sum moving between 0 and 10 mod 11 gives
 * the same check digit 1, not the case for this number).
 */
static void
test_cid_catches_single_digit_errors(void)
{
	const char *good = "1112034563562";
	size_t accepted = 0, third = 0;

	for (int pos = 0; pos < 13; pos++) {
		for (char c = '0'; c <= '9'; c++) {
			char in[14], out[14];

			if (good[pos] == c)
				continue;
			memcpy(in, good, sizeof(in));
			in[pos] = c;
			if (pos == 2)
				third += cid_normalise(in, 13, out);
			else
				accepted += cid_normalise(in, 13, out);
		}
	}
	CHECK(accepted == 0);
	CHECK(third == 9);
}

static void
test_cid_mask(void)
{
	char out[18];

	memset(out, 'Z', sizeof(out));
	cid_mask("1112034563562", out);
	CHECK_STR(out, "1-1120-xxxxx-xx-2");
	CHECK(strlen(out) == 17);
	/* The serial part never shows. */
	CHECK(strstr(out, "34563") == NULL && strstr(out, "56") == NULL);
	cid_mask("3100600123450", out);
	CHECK_STR(out, "3-1006-xxxxx-xx-0");
}

const struct test tests[] = {
	TEST(test_cid_accepts_typed_forms),
	TEST(test_cid_refuses),
	TEST(test_cid_catches_single_digit_errors),
	TEST(test_cid_mask),
	{0},
};
