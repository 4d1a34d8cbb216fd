/*
 * cmd_keys.c — `sodsong keys grant DIR`: with the recovery key (first line
 * of standard input, as `init` gave it), give every tip reader (officer,
 * supervisor, custodian) who has signed in at least once the keys of the
 * units they read. Needed once after the first readers are created, and
 * whenever all holders of a unit's key are gone (see domain/keys.h).
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "domain/keys.h"

int
cmd_keys(int argc, char **argv)
{
	struct config cfg;
	struct sys sys;
	struct arena *a;
	char line[256];
	int rc, granted = 0;
	enum sod_err err;

	if (argc != 3 || strcmp(argv[1], "grant") != 0) {
		cli_err("usage: sodsong keys grant DIR   (recovery key on standard input)");
		return EXIT_USAGE;
	}
	if (!cli_read_line(line, sizeof(line)) || line[0] == '\0') {
		cli_err("give the recovery key on the first line of standard input");
		return EXIT_USAGE;
	}
	if ((rc = config_load(argv[2], &cfg)) != EXIT_OK ||
	    (rc = cli_open(argv[2], &sys, &cfg)) != EXIT_OK)
		goto out;
	a = arena_new(64u << 20);
	err = a ? keys_grant_all(&sys, a, line, &granted) : SOD_ENOMEM;
	arena_free(&a);
	cli_close(&sys);
	if (err == SOD_ECRYPTO) {
		cli_err("that is not this data folder's recovery key");
		rc = EXIT_FAIL;
	} else if (err) {
		cli_err("cannot grant keys: %s", sod_strerror(err));
		rc = EXIT_FAIL;
	} else {
		fprintf(stderr, "sodsong: %d unit keys granted\n", granted);
		rc = EXIT_OK;
	}
out:
	sodium_memzero(line, sizeof(line));
	return rc;
}
