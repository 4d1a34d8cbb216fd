/*
 * cmd_purge.c — `sodsong purge DIR`: destroy rejected tips and closed
 * cases whose retention has run out (domain/case.h). Run it daily from
 * cron or a systemd timer; `serve` also runs it once when it starts.
 */
#include "cli/cli.h"

#include <stdio.h>

#include "domain/case.h"

int
cmd_purge(int argc, char **argv)
{
	struct config cfg;
	struct sys sys;
	struct arena *a;
	char today[11];
	size_t tips = 0, cases = 0;
	int rc;
	enum sod_err err;

	if (argc != 2) {
		cli_err("usage: sodsong purge DIR");
		return EXIT_USAGE;
	}
	if ((rc = config_load(argv[1], &cfg)) != EXIT_OK ||
	    (rc = cli_open(argv[1], &sys, &cfg)) != EXIT_OK)
		return rc;
	a = arena_new(256u << 20);
	tip_today(today);
	err = a ? retention_purge(&sys, a, today, &tips, &cases) : SOD_ENOMEM;
	arena_free(&a);
	cli_close(&sys);
	if (err) {
		cli_err("purge stopped: %s", sod_strerror(err));
		return EXIT_FAIL;
	}
	fprintf(stderr, "sodsong: destroyed %zu tips and %zu cases past their retention\n",
	        tips, cases);
	return EXIT_OK;
}
