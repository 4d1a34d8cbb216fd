/*
 * harness.c — runs the table of tests of one unit-test program.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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

static void
remove_tmpdir(void)
{
	char cmd[300];

	if (tmpdir[0] == '\0')
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	tmpdir[0] = '\0';
}

/*
 * One test in a child process of its own: fresh globals, its own
 * harness_tmpdir(), nothing left by the tests before it. True if it passed.
 */
static bool
run_isolated(const struct test *t)
{
	int status;
	pid_t pid;

	fflush(NULL);
	if ((pid = fork()) < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		failures_in_test = 0;
		t->fn();
		remove_tmpdir();
		fflush(NULL);
		exit(failures_in_test == 0 ? 0 : 1);
	}
	if (waitpid(pid, &status, 0) != pid)
		return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/*
 * Usage: test_x [--isolated | --reverse] [NAME…]. NAMEs run only those
 * tests. --isolated runs each test in its own process (ctest runs every
 * program so, besides the plain run: a test that needs an earlier one's
 * state fails there); --reverse runs them last to first.
 */
int
main(int argc, char **argv)
{
	int passed = 0, failed = 0, first = 1;
	bool isolated = false, reverse = false;
	size_t n = 0;

	if (sodium_init() < 0) {
		fprintf(stderr, "sodium_init failed\n");
		return 1;
	}
	if (argc > 1 && strcmp(argv[1], "--isolated") == 0)
		isolated = true, first = 2;
	else if (argc > 1 && strcmp(argv[1], "--reverse") == 0)
		reverse = true, first = 2;
	while (tests[n].name != NULL)
		n++;
	for (size_t i = 0; i < n; i++) {
		const struct test *t = &tests[reverse ? n - 1 - i : i];
		bool chosen = argc <= first, ok;

		for (int k = first; k < argc; k++)
			if (strcmp(argv[k], t->name) == 0)
				chosen = true;
		if (!chosen)
			continue;
		if (isolated) {
			ok = run_isolated(t);
		} else {
			failures_in_test = 0;
			t->fn();
			ok = failures_in_test == 0;
		}
		if (ok) {
			passed++;
		} else {
			fprintf(stderr, "FAIL %s\n", t->name);
			failed++;
		}
	}
	remove_tmpdir();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
