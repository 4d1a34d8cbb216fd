/*
 * harness.c — runs the table of tests of one unit-test program.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sodium.h>

static int failures_in_test;
static char tmpdir[256];

void
harness_fail(const char *file, int line, const char *expr)
{
	fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", file, line, expr);
	failures_in_test++;
}

void
harness_fail_str(const char *file, int line, const char *expr,
                 const char *got, const char *want)
{
	fprintf(stderr, "  %s:%d: %s\n    got:  %s\n    want: %s\n", file, line,
	        expr, got ? got : "(null)", want ? want : "(null)");
	failures_in_test++;
}

const char *
harness_source_dir(void)
{
	const char *d = getenv("SOD_SOURCE_DIR");

	return d ? d : ".";
}

const char *
harness_tmpdir(void)
{
	if (tmpdir[0] == '\0') {
		const char *t = getenv("TMPDIR");

		snprintf(tmpdir, sizeof(tmpdir), "%s/sodtest.XXXXXX", t ? t : "/tmp");
		if (mkdtemp(tmpdir) == NULL) {
			perror("mkdtemp");
			exit(1);
		}
	}
	return tmpdir;
}

int
main(void)
{
	int passed = 0, failed = 0;

	if (sodium_init() < 0) {
		fprintf(stderr, "sodium_init failed\n");
		return 1;
	}
	for (const struct test *t = tests; t->name != NULL; t++) {
		failures_in_test = 0;
		t->fn();
		if (failures_in_test == 0) {
			passed++;
		} else {
			fprintf(stderr, "FAIL %s\n", t->name);
			failed++;
		}
	}
	if (tmpdir[0] != '\0') {
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
