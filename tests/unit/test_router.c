/*
 * test_router.c — route patterns against paths.
 */
#include "harness.h"

#include "http/router.h"

static void
test_router_table(void)
{
	static const struct {
		const char *pattern, *path;
		bool match;
		size_t ncap;
		const char *cap0, *cap1;
	} t[] = {
		{"/", "/", true, 0, NULL, NULL},
		{"/", "", false, 0, NULL, NULL},
		{"/healthz", "/healthz", true, 0, NULL, NULL},
		{"/healthz", "/healthz/", false, 0, NULL, NULL},
		{"/healthz", "/health", false, 0, NULL, NULL},
		{"/tips/{id}", "/tips/42", true, 1, "42", NULL},
		{"/tips/{id}", "/tips/", false, 0, NULL, NULL},
		{"/tips/{id}", "/tips/42/x", false, 0, NULL, NULL},
		{"/a/{x}/b/{y}", "/a/1/b/two", true, 2, "1", "two"},
		{"/a/{x}/b/{y}", "/a/1/c/two", false, 0, NULL, NULL},
		{"/units/{code}", "/units/ศปท", true, 1, "ศปท", NULL},
		{"/static/{*}", "/static/fonts/Loma.woff", true, 1, "fonts/Loma.woff", NULL},
		{"/static/{*}", "/static/", false, 0, NULL, NULL},
		{"/admin/users/{id}/disable", "/admin/users/7/disable", true, 1, "7", NULL},
		{"/admin/users/{id}/disable", "/admin/users//disable", false, 0, NULL, NULL},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct slice caps[ROUTER_MAX_CAPTURES];
		size_t n = 99;
		bool m = router_match(t[i].pattern, t[i].path, caps, &n);

		CHECK(m == t[i].match);
		if (!m)
			continue;
		CHECK(n == t[i].ncap);
		if (t[i].cap0)
			CHECK(slice_eq_str(caps[0], t[i].cap0));
		if (t[i].cap1)
			CHECK(slice_eq_str(caps[1], t[i].cap1));
	}
}

static void
test_router_capture_limit(void)
{
	struct slice caps[ROUTER_MAX_CAPTURES];
	size_t n;

	CHECK(router_match("/{a}/{b}/{c}/{d}", "/1/2/3/4", caps, &n) && n == 4);
	CHECK(!router_match("/{a}/{b}/{c}/{d}/{e}", "/1/2/3/4/5", caps, &n));
	CHECK(!router_match("/{broken", "/x", caps, &n));
}

const struct test tests[] = {
	TEST(test_router_table),
	TEST(test_router_capture_limit),
	{0},
};
