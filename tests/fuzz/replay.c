/*
 * replay.c — runs a libFuzzer harness without libFuzzer (gcc builds).
 *
 * Linked with any tests/fuzz/fuzz_*.c, it calls LLVMFuzzerTestOneInput
 * once for every file named on the command line and every regular file
 * in the directories named there (not recursively, in name order, dot
 * files skipped), so each corpus runs under the sanitizers in every build.
 * Arguments that begin with '-' are libFuzzer flags and are ignored.
 * Each input is copied into a buffer of exactly its size, so AddressSanitizer
 * catches a harness that reads one byte too far. Prints "N passed, 0 failed"
 * and exits 0; a crash is a crash, and an unreadable input exits 1.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Run the harness on one file; -1 if it cannot be read. */
static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	struct stat st;
	size_t n;
	int rc = -1;

	if (f == NULL || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		goto out;
	}
	n = (size_t)st.st_size;
	/* malloc(0) may return NULL: keep one byte then, but pass size 0. */
	if ((data = malloc(n ? n : 1)) == NULL || fread(data, 1, n, f) != n) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		goto out;
	}
	LLVMFuzzerTestOneInput(data, n);
	rc = 0;
out:
	free(data);
	if (f != NULL)
		fclose(f);
	return rc;
}

static int
skip_dots(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/* Run every regular file of dir; the count, or -1. */
static int
run_dir(const char *dir)
{
	struct dirent **names;
	int n, count = 0;

	if ((n = scandir(dir, &names, skip_dots, alphasort)) < 0) {
		perror(dir);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];
		struct stat st;

		if (count >= 0 &&
		    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name) <
		        sizeof(path) &&
		    stat(path, &st) == 0 && S_ISREG(st.st_mode))
			count = run_file(path) == 0 ? count + 1 : -1;
		free(names[i]);
	}
	free(names);
	return count;
}

int
main(int argc, char **argv)
{
	long total = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		int n;

		if (argv[i][0] == '-')
			continue;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 1;
		}
		n = S_ISDIR(st.st_mode) ? run_dir(argv[i])
		                        : (run_file(argv[i]) == 0 ? 1 : -1);
		if (n < 0)
			return 1;
		total += n;
	}
	printf("%ld passed, 0 failed\n", total);
	return 0;
}
