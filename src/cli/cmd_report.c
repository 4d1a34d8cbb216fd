/*
 * cmd_report.c — `sodsong report DIR --unit CODE --period 2569-q1|2569
 * --format pdf|xlsx --out FILE`: write a unit's quarterly report, or with
 * a year alone its annual report (domain/report.h), to a file, as the page
 * /units/{code}/reports/… does.
 */
#include "cli/cli.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "domain/report.h"
#include "domain/results.h"
#include "domain/unit.h"

static int
usage(void)
{
	cli_err("usage: sodsong report DIR --unit CODE --period BE-qN|BE --format pdf|xlsx "
	        "--out FILE");
	return EXIT_USAGE;
}

static int
write_file(const char *path, const struct buf *b)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	size_t off = 0;

	if (fd < 0) {
		cli_err("cannot write %s", path);
		return EXIT_FAIL;
	}
	while (off < b->len) {
		ssize_t w = write(fd, b->data + off, b->len - off);

		if (w <= 0) {
			close(fd);
			cli_err("cannot write %s", path);
			return EXIT_FAIL;
		}
		off += (size_t)w;
	}
	return close(fd) == 0 ? EXIT_OK : EXIT_FAIL;
}

int
cmd_report(int argc, char **argv)
{
	const char *unit = NULL, *period = NULL, *format = NULL, *out = NULL;
	struct config cfg;
	struct sys sys;
	struct arena *a;
	struct unit_rec u;
	struct buf b;
	int year, q, rc;
	enum sod_err err;

	if (argc != 10)
		return usage();
	for (int i = 2; i + 1 < argc; i += 2) {
		const char **dst = strcmp(argv[i], "--unit") == 0     ? &unit
		                   : strcmp(argv[i], "--period") == 0 ? &period
		                   : strcmp(argv[i], "--format") == 0 ? &format
		                   : strcmp(argv[i], "--out") == 0    ? &out
		                                                       : NULL;
		if (dst == NULL)
			return usage();
		*dst = argv[i + 1];
	}
	if (!unit || !period || !format || !out || !period_parse_report(period, &year, &q) ||
	    (strcmp(format, "pdf") != 0 && strcmp(format, "xlsx") != 0))
		return usage();
	if ((rc = config_load(argv[1], &cfg)) != EXIT_OK || (rc = cli_open(argv[1], &sys, &cfg)))
		return rc;
	if ((a = arena_new(256u << 20)) == NULL) {
		cli_close(&sys);
		cli_err("out of memory");
		return EXIT_FAIL;
	}
	buf_init(&b, 256u << 20);
	if ((err = unit_get(&sys, a, unit, &u, NULL)) != SOD_OK) {
		cli_err("no unit %s", unit);
		rc = EXIT_FAIL;
	} else if ((err = report_render(&sys, a, u.id, year, q,
	                                format[0] == 'p' ? REPORT_PDF : REPORT_XLSX, &b))) {
		cli_err("cannot make the report: %s", sod_strerror(err));
		rc = EXIT_FAIL;
	} else {
		rc = write_file(out, &b);
	}
	buf_free(&b);
	arena_free(&a);
	cli_close(&sys);
	report_shutdown();
	return rc;
}
