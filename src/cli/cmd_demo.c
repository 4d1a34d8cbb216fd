/*
 * cmd_demo.c — `sodsong demo DIR`: fill an initialised folder with the
 * demo networks of CONTRACT.md (domain/demo.c).
 */
#include "cli/cli.h"

#include <stdio.h>

#include "domain/demo.h"
#include "domain/report.h"

int
cmd_demo(int argc, char **argv)
{
	struct config cfg;
	struct sys sys;
	struct arena *a;
	int rc;
	enum sod_err err;

	if (argc != 2) {
		cli_err("usage: sodsong demo DIR");
		return EXIT_USAGE;
	}
	if ((rc = config_load(argv[1], &cfg)) != EXIT_OK ||
	    (rc = cli_open(argv[1], &sys, &cfg)) != EXIT_OK)
		return rc;
	a = arena_new(64u << 20);
	err = a ? demo_load(&sys, a) : SOD_ENOMEM;
	if (!err)
		err = demo_clinic(&sys, a);
	if (!err)
		err = demo_procurement(sys.store, &cfg.flags);
	arena_free(&a);
	report_shutdown();   /* the guides' PDFs loaded the fonts */
	cli_close(&sys);
	if (err == SOD_ECONFLICT) {
		cli_err("%s already holds the demo data", argv[1]);
		return EXIT_FAIL;
	}
	if (err) {
		cli_err("cannot load the demo data: %s", sod_strerror(err));
		return EXIT_FAIL;
	}
	fprintf(stderr, "sodsong: demo data loaded into %s\n", argv[1]);
	return EXIT_OK;
}
