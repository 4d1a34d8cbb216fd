/*
 * test_utf8.c — strict UTF-8 (RFC 3629) and the text field check.
 *
 * The malformed table is the point: every way a byte string can look
 * almost like UTF-8 (overlong forms, surrogates, values above U+10FFFF,
 * sequences cut short, stray continuation bytes) must be refused by the
 * validator, the decoder and the field check alike.
 */
#include "harness.h"

#include <stdint.h>
#include <string.h>

#include "text/utf8.h"

struct bytes {
	const char *s;
	size_t n;
	const char *why;
};

#define B(lit, why) {lit, sizeof(lit) - 1, why}

static const struct bytes malformed[] = {
	B("\x80", "lone continuation byte"),
	B("\xBF", "lone continuation byte"),
	B("a\x80z", "continuation byte between ASCII"),
	B("\xE0\xB8\x81\x80", "continuation byte after ก"),
	B("\xC0\x80", "overlong NUL"),
	B("\xC0\xAF", "overlong '/'"),
	B("\xC1\xBF", "overlong 2-byte"),
	B("\xE0\x80\x80", "overlong 3-byte NUL"),
	B("\xE0\x80\xAF", "overlong 3-byte '/'"),
	B("\xE0\x9F\xBF", "overlong U+07FF"),
	B("\xF0\x80\x80\x80", "overlong 4-byte NUL"),
	B("\xF0\x80\x80\xAF", "overlong 4-byte '/'"),
	B("\xF0\x8F\xBF\xBF", "overlong U+FFFF"),
	B("\xED\xA0\x80", "surrogate U+D800"),
	B("\xED\xAD\xBF", "surrogate U+DB7F"),
	B("\xED\xB0\x80", "surrogate U+DC00"),
	B("\xED\xBF\xBF", "surrogate U+DFFF"),
	B("\xED\xA0\xBD\xED\xB8\x80", "CESU-8 surrogate pair"),
	B("\xF4\x90\x80\x80", "U+110000"),
	B("\xF4\xBF\xBF\xBF", "U+13FFFF"),
	B("\xF5\x80\x80\x80", "lead F5"),
	B("\xF7\xBF\xBF\xBF", "U+1FFFFF"),
	B("\xF8\x88\x80\x80\x80", "5-byte form"),
	B("\xFC\x84\x80\x80\x80\x80", "6-byte form"),
	B("\xFE", "byte FE"),
	B("\xFF", "byte FF"),
	B("\xFF\xFE", "UTF-16 BOM"),
	B("\xC3", "truncated 2-byte"),
	B("\xE0\xB8", "truncated ก"),
	B("\xE0", "truncated 3-byte, lead only"),
	B("\xF0\x9F\x98", "truncated emoji"),
	B("\xF0\x9F", "truncated emoji, 2 of 4"),
	B("abc\xE0\xB8", "truncated at the end of text"),
	B("\xC3\x28", "2-byte with ASCII continuation"),
	B("\xE0\xB8\x28", "3-byte with ASCII continuation"),
	B("\xE0\x28\x81", "3-byte with ASCII second byte"),
	B("\xF0\x9F\x28\x80", "4-byte with ASCII third byte"),
	B("\xF0\x9F\x98\xC0", "4-byte with lead as fourth byte"),
	B("\xE0\xB8\xE0\xB8\x81", "3-byte cut by a new lead"),
	B("\xC2\xC2\xA0", "2-byte cut by a new lead"),
};

static const struct bytes wellformed[] = {
	B("", "empty"),
	B("abc", "ASCII"),
	B("a\0b", "NUL is UTF-8 (text_check refuses it)"),
	B("สอดส่อง", "Thai"),
	B("\xC2\x80", "U+0080, smallest 2-byte"),
	B("\xDF\xBF", "U+07FF, largest 2-byte"),
	B("\xE0\xA0\x80", "U+0800, smallest 3-byte"),
	B("\xED\x9F\xBF", "U+D7FF, below the surrogates"),
	B("\xEE\x80\x80", "U+E000, above the surrogates"),
	B("\xEF\xBF\xBD", "U+FFFD"),
	B("\xEF\xBF\xBF", "U+FFFF, largest 3-byte"),
	B("\xF0\x90\x80\x80", "U+10000, smallest 4-byte"),
	B("\xF0\x9F\x98\x80", "emoji"),
	B("\xF4\x8F\xBF\xBF", "U+10FFFF, the largest"),
	B("ทุจริต 😀 café", "mixed"),
};

static void
test_utf8_malformed_refused(void)
{
	for (size_t i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		const struct bytes *b = &malformed[i];

		if (utf8_valid(b->s, b->n))
			harness_fail_str(__FILE__, __LINE__, "utf8_valid", "true", b->why);
		if (text_check(b->s, b->n, 0, 0, true) != SOD_EUTF8)
			harness_fail_str(__FILE__, __LINE__, "text_check", "not EUTF8",
			                 b->why);
	}
}

static void
test_utf8_wellformed_accepted(void)
{
	for (size_t i = 0; i < sizeof(wellformed) / sizeof(wellformed[0]); i++) {
		const struct bytes *b = &wellformed[i];

		if (!utf8_valid(b->s, b->n))
			harness_fail_str(__FILE__, __LINE__, "utf8_valid", "false", b->why);
	}
}

/* The first sequence of each malformed entry that is not plain ASCII
 * decodes to nothing and leaves the output alone. */
static void
test_utf8_decode_refuses(void)
{
	static const struct bytes first[] = {
		B("\x80", "continuation"), B("\xC0\x80", "overlong"),
		B("\xE0\x9F\xBF", "overlong"), B("\xF0\x8F\xBF\xBF", "overlong"),
		B("\xED\xA0\x80", "surrogate"), B("\xF4\x90\x80\x80", "too big"),
		B("\xF5\x80\x80\x80", "F5"), B("\xE0\xB8", "truncated"),
		B("\xC3\x28", "bad continuation"), B("", "empty"),
	};

	for (size_t i = 0; i < sizeof(first) / sizeof(first[0]); i++) {
		uint32_t cp = 0xABCD;

		CHECK(utf8_decode(first[i].s, first[i].n, &cp) == 0);
		CHECK(cp == 0xABCD);
	}
	/* Enough bytes in memory, but n says the sequence is cut. */
	{
		uint32_t cp = 0xABCD;

		CHECK(utf8_decode("\xE0\xB8\x81", 2, &cp) == 0 && cp == 0xABCD);
	}
}

static void
test_utf8_decode_values(void)
{
	static const struct {
		const char *s;
		uint32_t cp;
		size_t len;
	} t[] = {
		{"A", 'A', 1},
		{"\x7F", 0x7F, 1},
		{"\xC2\x80", 0x80, 2},
		{"\xDF\xBF", 0x7FF, 2},
		{"ก", 0x0E01, 3},
		{"๙", 0x0E59, 3},
		{"\xEF\xBF\xBF", 0xFFFF, 3},
		{"\xF0\x90\x80\x80", 0x10000, 4},
		{"😀", 0x1F600, 4},
		{"\xF4\x8F\xBF\xBF", 0x10FFFF, 4},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint32_t cp = 0;

		CHECK(utf8_decode(t[i].s, strlen(t[i].s), &cp) == t[i].len);
		CHECK(cp == t[i].cp);
	}
	{
		uint32_t cp = 1;

		CHECK(utf8_decode("\0x", 2, &cp) == 1 && cp == 0);
	}
}

static void
test_utf8_encode_round_trip(void)
{
	size_t bad = 0;

	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		char out[4];
		uint32_t back = 0;
		size_t len = utf8_encode(cp, out);

		if (cp >= 0xD800 && cp <= 0xDFFF) {
			bad += len != 0;
			continue;
		}
		if (len == 0 || !utf8_valid(out, len) ||
		    utf8_decode(out, len, &back) != len || back != cp ||
		    utf8_count(out, len) != 1)
			bad++;
	}
	CHECK(bad == 0);
}

static void
test_utf8_encode_refuses(void)
{
	static const uint32_t t[] = {0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0x110000,
	                             0x7FFFFFFF, 0xFFFFFFFF};
	char out[4];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CHECK(utf8_encode(t[i], out) == 0);
	CHECK(utf8_encode(0x0E01, out) == 3 && memcmp(out, "ก", 3) == 0);
}

static void
test_utf8_count(void)
{
	CHECK(utf8_count("", 0) == 0);
	CHECK(utf8_count("abc", 3) == 3);
	CHECK(utf8_count("สอดส่อง", strlen("สอดส่อง")) == 7);
	CHECK(utf8_count("a😀b", strlen("a😀b")) == 3);
	CHECK(utf8_count("a\0b", 3) == 3);
}

static void
test_text_check_controls(void)
{
	static const struct {
		const char *s;
		size_t n;
		bool multiline;
		enum sod_err want;
	} t[] = {
		{"ทุจริต", 0, false, SOD_OK},
		{"a\tb", 0, false, SOD_OK},
		{"a\nb", 0, false, SOD_EINVAL},
		{"a\nb", 0, true, SOD_OK},
		{"a\r\nb", 0, false, SOD_EINVAL},
		{"a\r\nb", 0, true, SOD_OK},
		{"a\0b", 3, true, SOD_EINVAL},
		{"\0", 1, false, SOD_EINVAL},
		{"\x1B[31mred", 0, true, SOD_EINVAL},
		{"\x07", 0, true, SOD_EINVAL},
		{"\x08", 0, true, SOD_EINVAL},
		{"\x0B", 0, true, SOD_EINVAL},
		{"\x0C", 0, true, SOD_EINVAL},
		{"\x1F", 0, true, SOD_EINVAL},
		{"\x7F", 0, true, SOD_EINVAL},
		{"\xC2\x80", 0, true, SOD_EINVAL},     /* C1 */
		{"a\xC2\x85z", 0, true, SOD_EINVAL},   /* NEL */
		{"\xC2\x9B" "31m", 0, true, SOD_EINVAL}, /* CSI */
		{"\xC2\x9F", 0, true, SOD_EINVAL},
		{"\xC2\xA0", 0, false, SOD_OK},         /* NBSP is text */
		{"\xC0\x80", 0, true, SOD_EUTF8},      /* overlong NUL is no way round */
		{"\xC0\x8A", 0, true, SOD_EUTF8},      /* nor overlong LF */
		{"", 0, false, SOD_OK},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t n = t[i].n ? t[i].n : strlen(t[i].s);
		enum sod_err got = text_check(t[i].s, n, 0, 0, t[i].multiline);

		if (got != t[i].want)
			harness_fail_str(__FILE__, __LINE__, "text_check",
			                 sod_strerror(got), sod_strerror(t[i].want));
	}
}

static void
test_text_check_limits(void)
{
	const char *th = "สอดส่อง";  /* 7 code points, 21 bytes */
	size_t n = strlen(th);
	static char big[100000];

	CHECK(n == 21);
	CHECK(text_check(th, n, 21, 7, false) == SOD_OK);
	CHECK(text_check(th, n, 20, 0, false) == SOD_ETOOBIG);
	CHECK(text_check(th, n, 0, 6, false) == SOD_ETOOBIG);
	CHECK(text_check(th, n, 0, 7, false) == SOD_OK);
	CHECK(text_check("abcd", 4, 4, 4, false) == SOD_OK);
	CHECK(text_check("abcd", 4, 3, 0, false) == SOD_ETOOBIG);
	CHECK(text_check("abcd", 4, 0, 3, false) == SOD_ETOOBIG);
	/* 0 means no limit. */
	memset(big, 'x', sizeof(big));
	CHECK(text_check(big, sizeof(big), 0, 0, false) == SOD_OK);
	CHECK(text_check(big, sizeof(big), sizeof(big) - 1, 0, false) == SOD_ETOOBIG);
	CHECK(text_check(big, sizeof(big), 0, sizeof(big) - 1, false) == SOD_ETOOBIG);
	/* A byte limit holds before anything is decoded. */
	CHECK(text_check("\xFF\xFF\xFF", 3, 2, 0, false) == SOD_ETOOBIG);
}

const struct test tests[] = {
	TEST(test_utf8_malformed_refused),
	TEST(test_utf8_wellformed_accepted),
	TEST(test_utf8_decode_refuses),
	TEST(test_utf8_decode_values),
	TEST(test_utf8_encode_round_trip),
	TEST(test_utf8_encode_refuses),
	TEST(test_utf8_count),
	TEST(test_text_check_controls),
	TEST(test_text_check_limits),
	{0},
};
