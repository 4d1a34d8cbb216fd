/*
 * cmd_import.c — `sodsong import members|points DIR FILE --unit CODE [--yes]`:
 * read and check every row of a CSV or XLSX file, print the bad rows and
 * why, and — only if there are none — ask before writing all of them in
 * one transaction. --yes answers the question for scripts. A progress
 * line is drawn on standard error while a long file is read, when that is
 * a terminal.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "domain/import.h"
#include "domain/monitor_import.h"

#define CLI_IMPORT_ROWS 5000000

static void
progress(size_t rows, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "\r  reading… %zu rows", rows);
	fflush(stderr);
}

static bool
confirm(size_t n, const char *unit)
{
	char answer[16];

	fprintf(stderr, "Import %zu rows into %s? [y/N] ", n, unit);
	if (!isatty(STDIN_FILENO) || fgets(answer, sizeof(answer), stdin) == NULL)
		return false;
	return answer[0] == 'y' || answer[0] == 'Y';
}

/* The points half: the same steps as members, over domain/monitor_import.h. */
static int
import_points(struct sys *sys, struct arena *a, const char *path, const char *unit, bool yes)
{
	struct point_batch b;
	size_t line = 0, created = 0, shown = 0;
	enum sod_err err = point_import_read(sys, a, path, CLI_IMPORT_ROWS, &b, &line);

	if (err) {
		if (b.missing_column)
			cli_err("%s: the column %s is missing (see docs/monitoring.md)", path,
			        b.missing_column);
		else if (line)
			cli_err("%s: line %zu: %s", path, line, sod_strerror(err));
		else
			cli_err("%s: %s", path, sod_strerror(err));
		return EXIT_FAIL;
	}
	fprintf(stderr, "%zu rows: %zu good, %zu bad\n", b.n, b.n - b.bad, b.bad);
	for (size_t i = 0; i < b.n && shown < 1000; i++) {
		const struct point_row *pr = &b.rows[i];

		if (pr->key == NULL)
			continue;
		shown++;
		if (pr->dup_line)
			fprintf(stderr, "  line %zu (%s): %s: same as line %zu\n", pr->line, pr->in.code,
			        pr->field, pr->dup_line);
		else
			fprintf(stderr, "  line %zu (%s): %s: %s\n", pr->line, pr->in.code, pr->field,
			        strchr(pr->key, '.') ? strchr(pr->key, '.') + 1 : pr->key);
	}
	if (b.bad > 0) {
		cli_err("nothing imported: correct the rows above and run again");
		return EXIT_FAIL;
	}
	if (!yes && !confirm(b.n, unit)) {
		cli_err("nothing imported");
		return EXIT_FAIL;
	}
	if ((err = point_import_commit(sys, a, &b, unit, &created))) {
		cli_err("nothing imported: %s", err == SOD_ENOTFOUND ? "no such unit"
		                                                      : sod_strerror(err));
		return EXIT_FAIL;
	}
	fprintf(stderr, "sodsong: imported %zu monitoring points into %s\n", created, unit);
	return EXIT_OK;
}

int
cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"unit", required_argument, NULL, 'u'},
		{"yes", no_argument, NULL, 'y'},
		{NULL, 0, NULL, 0},
	};
	struct import_batch b;
	struct config cfg;
	struct sys sys;
	struct arena *a;
	const char *unit = NULL;
	bool yes = false;
	size_t line = 0, created = 0, linked = 0, shown = 0;
	int c, rc;
	enum sod_err err;

	if (argc < 4 || (strcmp(argv[1], "members") != 0 && strcmp(argv[1], "points") != 0)) {
		cli_err("usage: sodsong import members|points DIR FILE --unit CODE [--yes]");
		return EXIT_USAGE;
	}
	optind = 4;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'u')
			unit = optarg;
		else if (c == 'y')
			yes = true;
		else
			return EXIT_USAGE;
	}
	if (unit == NULL || optind != argc) {
		cli_err("usage: sodsong import members|points DIR FILE --unit CODE [--yes]");
		return EXIT_USAGE;
	}
	if (access(argv[3], R_OK) != 0) {
		cli_err("cannot read %s", argv[3]);
		return EXIT_FAIL;
	}
	if ((rc = config_load(argv[2], &cfg)) != EXIT_OK ||
	    (rc = cli_open(argv[2], &sys, &cfg)) != EXIT_OK)
		return rc;
	if ((a = arena_new((size_t)4 << 30)) == NULL) {
		cli_close(&sys);
		return EXIT_FAIL;
	}
	if (strcmp(argv[1], "points") == 0) {
		rc = import_points(&sys, a, argv[3], unit, yes);
		goto out;
	}
	err = import_read(&sys, a, NULL, argv[3], CLI_IMPORT_ROWS, &b, &line,
	                  isatty(STDERR_FILENO) ? progress : NULL, NULL);
	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	rc = EXIT_FAIL;
	if (err) {
		if (b.missing_column)
			cli_err("%s: the column %s is missing (see docs/import.md)", argv[3],
			        b.missing_column);
		else if (line)
			cli_err("%s: line %zu: %s", argv[3], line, sod_strerror(err));
		else
			cli_err("%s: %s", argv[3], sod_strerror(err));
		goto out;
	}
	fprintf(stderr, "%zu rows: %zu good, %zu bad, %zu already known (will be linked)\n",
	        b.n, b.n - b.bad, b.bad, b.existing);
	for (size_t i = 0; i < b.n && shown < 1000; i++) {
		const struct import_row *ir = &b.rows[i];

		if (ir->key == NULL)
			continue;
		shown++;
		if (ir->dup_line)
			fprintf(stderr, "  line %zu (%s): %s: same as line %zu\n", ir->line, ir->name,
			        ir->field, ir->dup_line);
		else
			fprintf(stderr, "  line %zu (%s): %s: %s\n", ir->line, ir->name, ir->field,
			        ir->key + sizeof("error.field.") - 1);
	}
	if (b.bad > 0) {
		cli_err("nothing imported: correct the rows above and run again");
		goto out;
	}
	if (!yes && !confirm(b.n, unit)) {
		cli_err("nothing imported");
		goto out;
	}
	err = import_commit(&sys, a, &b, unit, &created, &linked);
	if (err) {
		cli_err("nothing imported: %s", err == SOD_ENOTFOUND ? "no such unit"
		                                                      : sod_strerror(err));
		goto out;
	}
	fprintf(stderr, "sodsong: imported into %s: %zu new people, %zu linked\n", unit,
	        created, linked);
	rc = EXIT_OK;
out:
	arena_free(&a);
	cli_close(&sys);
	return rc;
}
