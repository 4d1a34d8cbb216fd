/*
 * test_util.c — arena, buf, slices, integers, throttle.
 */
#include "harness.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/str.h"
#include "util/throttle.h"

static void
test_arena_cap_holds(void)
{
	struct arena *a = arena_new(64 * 1024);
	size_t got = 0;

	CHECK(a != NULL);
	while (arena_alloc(a, 1000) != NULL)
		got += 1000;
	CHECK(got > 32 * 1024 && got <= 64 * 1024);
	CHECK(arena_alloc(a, SIZE_MAX) == NULL);
	CHECK(arena_alloc(a, SIZE_MAX - 8) == NULL);
	arena_free(&a);
	CHECK(a == NULL);
	arena_free(&a);  /* accepts NULL */
}

static void
test_arena_strings(void)
{
	struct arena *a = arena_new(1 << 20);
	char *s = arena_strdup(a, "สอดส่อง");
	char *p = arena_printf(a, "%s-%d", "unit", 42);
	char *z = arena_zalloc(a, 100);

	CHECK_STR(s, "สอดส่อง");
	CHECK_STR(p, "unit-42");
	CHECK(z[0] == 0 && z[99] == 0);
	CHECK(((uintptr_t)arena_alloc(a, 3) % 16) == 0);
	CHECK(arena_used(a) > 0);
	arena_free(&a);
}

static void
test_buf_limit_sticks(void)
{
	struct buf b;

	buf_init(&b, 10);
	buf_puts(&b, "12345");
	CHECK(!buf_failed(&b));
	buf_printf(&b, "%d", 123456);
	CHECK(buf_failed(&b));
	buf_puts(&b, "x");  /* ignored once failed */
	CHECK(b.len == 5);
	CHECK_STR(b.data, "12345");
	buf_free(&b);
	CHECK(b.data == NULL && b.len == 0);
}

static void
test_buf_grows_and_steals(void)
{
	struct buf b;
	size_t n;
	char *s;

	buf_init(&b, 1 << 20);
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%03d", i % 1000);
	CHECK(b.len == 3000 && !buf_failed(&b));
	s = buf_steal(&b, &n);
	CHECK(n == 3000 && s[2999] == '9' && s[3000] == '\0');
	CHECK(b.data == NULL);
	free(s);
}

static void
test_str_to_i64_table(void)
{
	static const struct {
		const char *in;
		int64_t min, max;
		bool ok;
		int64_t want;
	} t[] = {
		{"0", 0, 10, true, 0},
		{"10", 0, 10, true, 10},
		{"11", 0, 10, false, 0},
		{"-1", 0, 10, false, 0},
		{"-5", -10, 10, true, -5},
		{"", 0, 10, false, 0},
		{"+1", 0, 10, false, 0},
		{" 1", 0, 10, false, 0},
		{"1x", 0, 10, false, 0},
		{"9223372036854775807", 0, INT64_MAX, true, INT64_MAX},
		{"9223372036854775808", 0, INT64_MAX, false, 0},
		{"-9223372036854775808", INT64_MIN, 0, true, INT64_MIN},
		{"99999999999999999999999", 0, INT64_MAX, false, 0},
		{"-", -10, 10, false, 0},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int64_t v = -77;
		bool ok = str_to_i64(slice_from(t[i].in), t[i].min, t[i].max, &v);

		CHECK(ok == t[i].ok);
		if (ok)
			CHECK(v == t[i].want);
	}
}

static void
test_slices(void)
{
	struct slice s = slice_from("  a=b=c \r\n"), k;

	s = slice_trim(s);
	CHECK(slice_eq_str(s, "a=b=c"));
	CHECK(slice_cut(&s, '=', &k));
	CHECK(slice_eq_str(k, "a") && slice_eq_str(s, "b=c"));
	CHECK(!slice_cut(&s, '#', &k));
	CHECK(slice_eq_str(k, "b=c"));
	CHECK(slice_case_eq_str(slice_from("Bearer"), "bearer"));
	CHECK(str_ct_eq("abc", "abc") && !str_ct_eq("abc", "abd") && !str_ct_eq("ab", "abc"));
}

static void
test_throttle_window(void)
{
	struct throttle *t = throttle_new(3, 60);
	int64_t retry = 0;

	CHECK(throttle_check(t, "k1", 1000, &retry));
	CHECK(throttle_hit(t, "k1", 1000, &retry));
	CHECK(throttle_hit(t, "k1", 1001, &retry));
	CHECK(throttle_hit(t, "k1", 1002, &retry));
	CHECK(!throttle_check(t, "k1", 1003, &retry));
	CHECK(!throttle_hit(t, "k1", 1003, &retry));
	CHECK(retry == 57);
	CHECK(throttle_hit(t, "k2", 1003, &retry));  /* other keys unaffected */
	CHECK(throttle_hit(t, "k1", 1060, &retry));  /* window passed */
	throttle_reset(t, "k1");
	CHECK(throttle_check(t, "k1", 1061, &retry));
	throttle_free(&t);
	CHECK(t == NULL);
}

static void
test_throttle_table_full(void)
{
	struct throttle *t = throttle_new(1, 600);
	char key[32];

	/* Far more keys than slots: memory stays fixed, nothing crashes, and a
	 * fresh key is still counted. */
	for (int i = 0; i < 20000; i++) {
		snprintf(key, sizeof(key), "addr-%d", i);
		throttle_hit(t, key, 5000, NULL);
	}
	CHECK(throttle_hit(t, "newcomer", 5000, NULL));
	CHECK(!throttle_hit(t, "newcomer", 5001, NULL));
	throttle_free(&t);
}

static void
test_err_codes(void)
{
	for (int e = 0; e < SOD_ERR__MAX; e++) {
		CHECK(sod_err_code((enum sod_err)e)[0] != '\0');
		CHECK(sod_strerror((enum sod_err)e)[0] != '\0');
	}
	CHECK_STR(sod_err_code(SOD_ETOOBIG), "too_large");
	CHECK_STR(sod_err_code((enum sod_err)999), "internal");
}

const struct test tests[] = {
	TEST(test_arena_cap_holds),
	TEST(test_arena_strings),
	TEST(test_buf_limit_sticks),
	TEST(test_buf_grows_and_steals),
	TEST(test_str_to_i64_table),
	TEST(test_slices),
	TEST(test_throttle_window),
	TEST(test_throttle_table_full),
	TEST(test_err_codes),
	{0},
};
