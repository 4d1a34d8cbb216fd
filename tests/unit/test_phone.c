/*
 * test_phone.c — Thai telephone numbers: what people type, what is refused,
 * and the display form.
 */
#include "harness.h"

#include <stdio.h>

#include "text/phone.h"

struct phone_case {
	const char *in;
	const char *want;  /* national form, or NULL: refused */
};

static const struct phone_case phone_cases[] = {
	/* mobiles */
	{"0812345678", "0812345678"},
	{"081-234-5678", "0812345678"},
	{"081 234 5678", "0812345678"},
	{"081.234.5678", "0812345678"},
	{"(081) 234-5678", "0812345678"},
	{"0612345678", "0612345678"},
	{"09-1234-5678", "0912345678"},
	{"+66812345678", "0812345678"},
	{"+66 81 234 5678", "0812345678"},
	{"+66-81-234-5678", "0812345678"},
	{"+66 (0)81 234 5678", "0812345678"},
	{"66812345678", "0812345678"},
	{"๐๘๑-๒๓๔-๕๖๗๘", "0812345678"},
	{"+๖๖ ๘๑ ๒๓๔ ๕๖๗๘", "0812345678"},
	{"  0812345678  ", "0812345678"},
	/* landlines */
	{"021234567", "021234567"},
	{"02-123-4567", "021234567"},
	{"(02) 123 4567", "021234567"},
	{"053-123-456", "053123456"},
	{"043 123456", "043123456"},
	{"+6621234567", "021234567"},
	{"6653123456", "053123456"},
	{"074-123-456", "074123456"},
	/* refused */
	{"", NULL},
	{"   ", NULL},
	{"1205", NULL},                 /* hotline */
	{"1669", NULL},
	{"191", NULL},
	{"081234567", NULL},            /* mobile one short */
	{"08123456789", NULL},          /* one long */
	{"02123456", NULL},             /* landline one short */
	{"0212345678", NULL},           /* 02 with 10 digits */
	{"0112345678", NULL},           /* no 01 prefix */
	{"011234567", NULL},
	{"081234567", NULL},
	{"091234567", NULL},            /* 09 with 9 digits */
	{"812345678", NULL},            /* leading 0 missing */
	{"0812345678901234567", NULL},  /* too many digits */
	{"08l2345678", NULL},           /* a letter l */
	{"081-234-567O", NULL},         /* a letter O */
	{"081 234 5678 ext 12", NULL},
	{"+1 555 123 4567", NULL},      /* another country */
	{"+44 20 7946 0958", NULL},
	{"081+2345678", NULL},          /* '+' not in front */
	{"++66812345678", NULL},
	{"081/234/5678", NULL},
	{"081\t234\t5678", NULL},
	{"08\xff" "12345678", NULL},    /* invalid UTF-8 */
	{"0812345678\n", NULL},
	{"66", NULL},
	{"+66", NULL},
};

static void
test_phone_normalise_table(void)
{
	for (size_t i = 0; i < sizeof(phone_cases) / sizeof(phone_cases[0]); i++) {
		const struct phone_case *t = &phone_cases[i];
		char out[16];
		bool ok = phone_normalise(t->in, strlen(t->in), out);

		if (ok != (t->want != NULL))
			fprintf(stderr, "  \"%s\": got %s\n", t->in,
			        ok ? out : "false");
		CHECK(ok == (t->want != NULL));
		CHECK_STR(out, t->want ? t->want : "");
	}
}

/* Only n bytes are read: the rest of the buffer does not count. */
static void
test_phone_length_respected(void)
{
	char out[16];

	CHECK(phone_normalise("0812345678999", 10, out));
	CHECK_STR(out, "0812345678");
	CHECK(!phone_normalise("0812345678", 9, out));
	/* A Thai digit cut in half by n is invalid UTF-8. */
	CHECK(!phone_normalise("081234567๘", 10, out));
}

static void
test_phone_format(void)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		{"0812345678", "081-234-5678"},
		{"0912345678", "091-234-5678"},
		{"021234567", "02-123-4567"},
		{"053123456", "053-123-456"},
		{"1205", "1205"},              /* not national: as is */
		{"", ""},
		{"08123456789012", "08123456789012"},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char nat[16] = {0}, out[20];

		memcpy(nat, t[i].in, strlen(t[i].in));
		phone_format(nat, out);
		CHECK_STR(out, t[i].want);
	}
}

/* What phone_normalise() produces, phone_format() shows and reads back. */
static void
test_phone_roundtrip(void)
{
	for (size_t i = 0; i < sizeof(phone_cases) / sizeof(phone_cases[0]); i++) {
		char nat[16], shown[20], again[16];

		if (!phone_normalise(phone_cases[i].in, strlen(phone_cases[i].in),
		    nat))
			continue;
		phone_format(nat, shown);
		CHECK(strchr(shown, '-') != NULL);
		CHECK(phone_normalise(shown, strlen(shown), again));
		CHECK_STR(again, nat);
	}
}

const struct test tests[] = {
	TEST(test_phone_normalise_table),
	TEST(test_phone_length_respected),
	TEST(test_phone_format),
	TEST(test_phone_roundtrip),
	{0},
};
