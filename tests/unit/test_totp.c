/*
 * test_totp.c — one-time codes (crypto/totp.c): the RFC 6238 SHA-1 test
 * vectors, the one-step window, the step reported for replay checks, and
 * the malformed codes and secrets that must be refused as such.
 */
#include "harness.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "crypto/totp.h"

/* RFC 6238 appendix B: the ASCII key "12345678901234567890", in base32. */
#define RFC_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

/* RFC 6238 appendix B, SHA-1 column, last six of the eight digits. */
static const struct {
	int64_t t;
	const char *code;
} rfc[] = {
	{ 59, "287082" },
	{ 1111111109, "081804" },
	{ 1111111111, "050471" },
	{ 1234567890, "005924" },
	{ 2000000000, "279037" },
	{ 20000000000, "353130" },
};
#define NRFC (sizeof(rfc) / sizeof(rfc[0]))

static void
test_totp_rfc6238_vectors(void)
{
	char out[7];

	CHECK(totp_init() == SOD_OK);
	CHECK(totp_init() == SOD_OK);   /* idempotent */
	for (size_t i = 0; i < NRFC; i++) {
		CHECK(totp_code(RFC_SECRET, rfc[i].t, out) == SOD_OK);
		CHECK_STR(out, rfc[i].code);
	}
}

/* One step either side is accepted; two are not. */
static void
test_totp_window_one_step(void)
{
	for (size_t i = 0; i < NRFC; i++) {
		int64_t s = rfc[i].t / 30, step;
		/* Seconds at the edges of the window, and just outside. */
		const struct {
			int64_t now;
			enum sod_err want;
		} at[] = {
			{ rfc[i].t, SOD_OK },
			{ 30 * s, SOD_OK },
			{ 30 * (s - 1), SOD_OK },          /* first second of s-1 */
			{ 30 * (s + 2) - 1, SOD_OK },      /* last second of s+1 */
			{ rfc[i].t - 30, SOD_OK },
			{ rfc[i].t + 30, SOD_OK },
			{ 30 * (s - 1) - 1, SOD_EAUTH },   /* last second of s-2 */
			{ 30 * (s + 2), SOD_EAUTH },       /* first second of s+2 */
			{ rfc[i].t - 60, SOD_EAUTH },
			{ rfc[i].t + 60, SOD_EAUTH },
			{ rfc[i].t + 3600, SOD_EAUTH },
		};

		for (size_t j = 0; j < sizeof(at) / sizeof(at[0]); j++) {
			enum sod_err want = at[j].want;
			enum sod_err got;

			/* Before the epoch there is no time to check at. */
			if (at[j].now < 0)
				want = SOD_EINVAL;
			step = -7;
			got = totp_verify(RFC_SECRET, rfc[i].code, at[j].now, &step);
			if (got != want)
				fprintf(stderr, "  t=%lld now=%lld: got %d want %d\n",
				    (long long)rfc[i].t, (long long)at[j].now,
				    (int)got, (int)want);
			CHECK(got == want);
			/* Replay checks rest on this: the code's own step. */
			CHECK(step == (want == SOD_OK ? s : -7));
		}
	}
}

static void
test_totp_step_near_epoch(void)
{
	char code0[7];
	int64_t step = -7;

	/* T=59 is step 1; at now=0 (step 0) it is the next step's code. */
	CHECK(totp_verify(RFC_SECRET, "287082", 0, &step) == SOD_OK);
	CHECK(step == 1);
	/* At step 0 the window has no step -1: nothing breaks. */
	CHECK(totp_code(RFC_SECRET, 0, code0) == SOD_OK);
	CHECK(totp_verify(RFC_SECRET, code0, 0, &step) == SOD_OK);
	CHECK(step == 0);
	CHECK(totp_verify(RFC_SECRET, code0, 29, &step) == SOD_OK);
	CHECK(step == 0);
}

/* A code of the right shape but not in the window is refused. */
static void
test_totp_wrong_code_refused(void)
{
	int64_t now = 1234567890, step = -7;
	char window[3][7], wrong[7];

	for (int d = 0; d < 3; d++)
		CHECK(totp_code(RFC_SECRET, now + (d - 1) * 30, window[d]) == SOD_OK);
	/* Change the last digit until it matches none of the window. */
	memcpy(wrong, window[1], sizeof(wrong));
	do
		wrong[5] = (char)('0' + (wrong[5] - '0' + 1) % 10);
	while (strcmp(wrong, window[0]) == 0 || strcmp(wrong, window[1]) == 0 ||
	    strcmp(wrong, window[2]) == 0);
	CHECK(totp_verify(RFC_SECRET, wrong, now, &step) == SOD_EAUTH);
	CHECK(step == -7);
	/* The code of another secret's vector is not this secret's. */
	CHECK(totp_verify("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "005924", now,
	    &step) == SOD_EAUTH);
}

static void
test_totp_malformed_code(void)
{
	static const char *bad[] = {
		"", "12345", "1234567", "abcdef", "28708a", " 28708",
		"287082 ", "28 082", "+28708", "-28708", "2870.2", "0x2870",
		"๒๘๗๐๘๒",              /* Thai digits */
		"２８７０８２",          /* full-width digits */
		"287082\n", "\t287082",
		NULL,
	};
	int64_t step;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		step = -7;
		CHECK(totp_verify(RFC_SECRET, bad[i], 59, &step) == SOD_EINVAL);
		CHECK(step == -7);
	}
	/* Embedded NUL: what follows it is not part of the code. */
	CHECK(totp_verify(RFC_SECRET, "28708\0" "2", 59, &step) == SOD_EINVAL);
}

static void
test_totp_malformed_secret(void)
{
	static const char *bad[] = {
		"",
		"gezdgnbvgy3tqojqgezdgnbvgy3tqojq",       /* lower case */
		"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ====",   /* padded */
		"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ",        /* 31 */
		"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQA",      /* 33 */
		"GEZDGNBVGY3TQOJQ GEZDGNBVGY3TQOJ",       /* space */
		"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1",       /* 1 is not base32 */
		"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ0",
		"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ8",
		"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ=",
		"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n",
		"ความลับความลับ",                       /* Thai */
		"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ\xff",
		NULL,
	};
	char out[7];
	int64_t step;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		step = -7;
		CHECK(totp_code(bad[i], 59, out) == SOD_EINVAL);
		CHECK(out[0] == '\0');
		CHECK(totp_verify(bad[i], "287082", 59, &step) == SOD_EINVAL);
		CHECK(step == -7);
	}
}

static void
test_totp_time_limits(void)
{
	char out[7];
	int64_t step;

	CHECK(totp_code(RFC_SECRET, -1, out) == SOD_EINVAL);
	CHECK(totp_code(RFC_SECRET, INT64_MAX, out) == SOD_EINVAL);
	CHECK(totp_verify(RFC_SECRET, "287082", -30, &step) == SOD_EINVAL);
	CHECK(totp_verify(RFC_SECRET, "287082", INT64_MAX, &step) == SOD_EINVAL);
	CHECK(totp_verify(RFC_SECRET, "287082", INT64_MIN, &step) == SOD_EINVAL);
}

static bool
is_base32(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '2' && *s <= '7')))
			return false;
	return true;
}

#define NSECRETS 50

static void
test_totp_secret_new(void)
{
	static char sec[NSECRETS][TOTP_SECRET_B32_LEN + 1];
	char code[7];
	int64_t now = 1700000000, step = -7;

	for (int i = 0; i < NSECRETS; i++) {
		CHECK(totp_secret_new(sec[i]) == SOD_OK);
		CHECK(strlen(sec[i]) == TOTP_SECRET_B32_LEN);
		CHECK(is_base32(sec[i]));
	}
	for (int i = 0; i < NSECRETS; i++)
		for (int j = i + 1; j < NSECRETS; j++)
			CHECK(strcmp(sec[i], sec[j]) != 0);

	/* What the set-up screen shows, the app will compute and we accept. */
	CHECK(totp_code(sec[0], now, code) == SOD_OK);
	CHECK(strlen(code) == 6);
	CHECK(totp_verify(sec[0], code, now + 30, &step) == SOD_OK);
	CHECK(step == now / 30);
}

const struct test tests[] = {
	TEST(test_totp_rfc6238_vectors),
	TEST(test_totp_window_one_step),
	TEST(test_totp_step_near_epoch),
	TEST(test_totp_wrong_code_refused),
	TEST(test_totp_malformed_code),
	TEST(test_totp_malformed_secret),
	TEST(test_totp_time_limits),
	TEST(test_totp_secret_new),
	{0}
};
