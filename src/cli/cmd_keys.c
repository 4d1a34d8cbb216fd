/*
 * cmd_keys.c — the key custody commands (docs/crypto.md):
 *
 *   sodsong keys grant DIR [--username NAME]
 *       with the recovery key (first line of standard input, as `init`
 *       gave it): give readers who have signed in at least once the keys of
 *       the units they read, and custodians the identity keys of their
 *       line's tips (moving tips filed before identity keys existed);
 *       --username: that account only.
 *   sodsong keys rotate DIR --unit CODE
 *       with the recovery key: a new key pair for the unit; new tips are
 *       sealed under it, old ones stay readable, current holders get it.
 *   sodsong keys revoke DIR --unit CODE --username NAME
 *       remove that reader's copy of the unit's key (no recovery key needed).
 *
 * Every grant, rotation and revocation is written to the audit log.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "domain/auth.h"
#include "domain/keys.h"
#include "domain/readers.h"
#include "domain/tip.h"
#include "domain/unit.h"

enum { OPT_USERNAME = 1, OPT_UNIT };

static const struct option opts[] = {
	{"username", required_argument, NULL, OPT_USERNAME},
	{"unit", required_argument, NULL, OPT_UNIT},
	{NULL, 0, NULL, 0},
};

static int
usage(void)
{
	cli_err("usage: sodsong keys grant DIR [--username NAME]   (recovery key on standard input)\n"
	        "       sodsong keys rotate DIR --unit CODE        (recovery key on standard input)\n"
	        "       sodsong keys revoke DIR --unit CODE --username NAME");
	return EXIT_USAGE;
}

static int
fail(enum sod_err err, const char *what)
{
	if (err == SOD_ECRYPTO)
		cli_err("that is not this data folder's recovery key");
	else if (err == SOD_ENOTFOUND)
		cli_err("cannot %s: no such unit or account", what);
	else if (err == SOD_ECONFLICT)
		cli_err("cannot %s: that account holds no copy of the unit's key", what);
	else
		cli_err("cannot %s: %s", what, sod_strerror(err));
	return EXIT_FAIL;
}

/* The verb's work, once the folder is open. */
static int
run(struct sys *sys, struct arena *a, const char *verb, const char *username,
    const char *unit_code, const char *line)
{
	int64_t account = 0;
	int granted = 0, idkeys = 0;
	enum sod_err err;

	if (strcmp(verb, "revoke") == 0) {
		if ((err = readers_revoke(sys, a, NULL, unit_code, username)))
			return fail(err, "revoke");
		fprintf(stderr, "sodsong: %s no longer holds the key of %s\n", username, unit_code);
		return EXIT_OK;
	}
	if (strcmp(verb, "rotate") == 0) {
		struct unit_rec u;

		if ((err = unit_get(sys, a, unit_code, &u, NULL)) ||
		    (err = keys_rotate(sys, a, line, u.id, &granted)))
			return fail(err, "rotate the key");
		fprintf(stderr, "sodsong: %s has a new key; %d holders got it\n", unit_code, granted);
		return EXIT_OK;
	}
	if (username != NULL) {
		struct account_rec acc;

		if ((err = auth_account_find(sys, a, username, &acc)))
			return fail(err, "grant keys");
		account = acc.id;
	}
	if ((err = keys_grant_all(sys, a, line, account, &granted)) ||
	    (err = tip_identity_grant(sys, a, line, account, &idkeys)))
		return fail(err, "grant keys");
	fprintf(stderr, "sodsong: %d unit keys granted, %d identity keys sealed to custodians\n",
	        granted, idkeys);
	return EXIT_OK;
}

int
cmd_keys(int argc, char **argv)
{
	const char *username = NULL, *unit_code = NULL, *verb;
	struct config cfg;
	struct sys sys;
	struct arena *a;
	char line[256] = "";
	int c, rc;

	if (argc < 3 || argv[2][0] == '-')
		return usage();
	verb = argv[1];
	optind = 3;
	opterr = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_USERNAME)
			username = optarg;
		else if (c == OPT_UNIT)
			unit_code = optarg;
		else
			return usage();
	}
	if (optind != argc ||
	    (strcmp(verb, "grant") == 0 ? unit_code != NULL
	     : strcmp(verb, "rotate") == 0 ? unit_code == NULL || username != NULL
	     : strcmp(verb, "revoke") == 0 ? unit_code == NULL || username == NULL : true))
		return usage();
	if (strcmp(verb, "revoke") != 0 && (!cli_read_line(line, sizeof(line)) || line[0] == '\0')) {
		cli_err("give the recovery key on the first line of standard input");
		return EXIT_USAGE;
	}
	if ((rc = config_load(argv[2], &cfg)) != EXIT_OK ||
	    (rc = cli_open(argv[2], &sys, &cfg)) != EXIT_OK)
		goto out;
	if ((a = arena_new(64u << 20)) == NULL) {
		cli_err("out of memory");
		rc = EXIT_FAIL;
	} else {
		rc = run(&sys, a, verb, username, unit_code, line);
	}
	arena_free(&a);
	cli_close(&sys);
out:
	sodium_memzero(line, sizeof(line));
	return rc;
}
