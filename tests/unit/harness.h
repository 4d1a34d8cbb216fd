/*
 * harness.h — a small unit-test harness.
 *
 * A test file defines its test functions and one table:
 *
 *     static void test_thing(void) { CHECK(1 + 1 == 2); }
 *     const struct test tests[] = { TEST(test_thing), {0} };
 *
 * main() lives in harness.c: it runs every test, prints one line per
 * failed check and, last, "N passed, N failed" (the line CI reads), and
 * exits non-zero if anything failed. A test counts as failed if any of its
 * checks failed.
 */
#ifndef SOD_TEST_HARNESS_H
#define SOD_TEST_HARNESS_H

#include <stdbool.h>
#include <string.h>

struct test {
	const char *name;
	void (*fn)(void);
};

#define TEST(f) {#f, f}

extern const struct test tests[];

void harness_fail(const char *file, int line, const char *expr);
void harness_fail_str(const char *file, int line, const char *expr,
                      const char *got, const char *want);

#define CHECK(e) \
	do { if (!(e)) harness_fail(__FILE__, __LINE__, #e); } while (0)

#define CHECK_STR(got, want) \
	do { \
		const char *g_ = (got), *w_ = (want); \
		if (g_ == NULL || w_ == NULL || strcmp(g_, w_) != 0) \
			harness_fail_str(__FILE__, __LINE__, #got, g_, w_); \
	} while (0)

/* The source tree (for fixtures), from $SOD_SOURCE_DIR or ".". */
const char *harness_source_dir(void);

/* A fresh empty directory under $TMPDIR, removed by the harness at exit. */
const char *harness_tmpdir(void);

#endif
