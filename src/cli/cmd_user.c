/*
 * cmd_user.c — accounts and units from the command line:
 *
 *   sodsong user add DIR --username NAME --role ROLE [--unit CODE] [--name TEXT]
 *   sodsong user list DIR
 *   sodsong user passwd DIR --username NAME
 *   sodsong user disable DIR --username NAME [--enable]
 *   sodsong unit add DIR --code CODE --kind KIND --name-th TEXT --name-en TEXT
 *                        [--parent CODE] [--province NN] [--district NNNN]
 *   sodsong unit list DIR [--parent CODE] [--kind KIND]
 *
 * Passwords are read from the first line of standard input, never from
 * the command line (where other users of the machine could see them).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "domain/auth.h"
#include "domain/unit.h"

enum { OPT_USERNAME = 1, OPT_ROLE, OPT_UNIT, OPT_NAME, OPT_ENABLE, OPT_CODE,
       OPT_KIND, OPT_NAME_TH, OPT_NAME_EN, OPT_PARENT, OPT_PROVINCE, OPT_DISTRICT,
       OPT__MAX };

static const struct option opts[] = {
	{"username", required_argument, NULL, OPT_USERNAME},
	{"role", required_argument, NULL, OPT_ROLE},
	{"unit", required_argument, NULL, OPT_UNIT},
	{"name", required_argument, NULL, OPT_NAME},
	{"enable", no_argument, NULL, OPT_ENABLE},
	{"code", required_argument, NULL, OPT_CODE},
	{"kind", required_argument, NULL, OPT_KIND},
	{"name-th", required_argument, NULL, OPT_NAME_TH},
	{"name-en", required_argument, NULL, OPT_NAME_EN},
	{"parent", required_argument, NULL, OPT_PARENT},
	{"province", required_argument, NULL, OPT_PROVINCE},
	{"district", required_argument, NULL, OPT_DISTRICT},
	{NULL, 0, NULL, 0},
};

struct args {
	const char *v[OPT__MAX];
	const char *dir;
};

/* argv: VERB DIR --options… ; the options allowed are in mask. */
static int
parse(int argc, char **argv, unsigned mask, struct args *a)
{
	int c;

	memset(a, 0, sizeof(*a));
	if (argc < 2 || argv[1][0] == '-') {
		cli_err("missing data folder");
		return EXIT_USAGE;
	}
	a->dir = argv[1];
	optind = 2;
	opterr = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c <= 0 || c >= OPT__MAX || !(mask & (1u << c)))
			return EXIT_USAGE;
		a->v[c] = c == OPT_ENABLE ? "1" : optarg;
	}
	if (optind != argc) {
		cli_err("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int
need(const struct args *a, int opt, const char *name)
{
	if (a->v[opt] == NULL || a->v[opt][0] == '\0') {
		cli_err("--%s is required", name);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int
open_dir(const struct args *a, struct sys *sys, struct arena **ar)
{
	struct config cfg;
	int rc;

	if ((rc = config_load(a->dir, &cfg)) != EXIT_OK ||
	    (rc = cli_open(a->dir, sys, &cfg)) != EXIT_OK)
		return rc;
	*ar = arena_new(64u << 20);
	if (*ar == NULL) {
		cli_close(sys);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int
report(enum sod_err err, const struct verr *ve, const char *what)
{
	if (err == SOD_OK)
		return EXIT_OK;
	if (ve->field != NULL) {
		cli_err("%s: %s: %s", what, ve->field,
		        ve->key ? ve->key + sizeof("error.field.") - 1 : sod_strerror(err));
		return err == SOD_EINVAL ? EXIT_USAGE : EXIT_FAIL;
	}
	cli_err("%s: %s", what, sod_strerror(err));
	return EXIT_FAIL;
}

static int
read_password(char *pw, size_t size)
{
	if (!cli_read_line(pw, size) || pw[0] == '\0') {
		cli_err("give the password on the first line of standard input");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int
user_add(int argc, char **argv)
{
	struct args a;
	struct sys sys;
	struct arena *ar = NULL;
	struct verr ve = {0};
	char pw[AUTH_PASSWORD_MAX + 2];
	enum role role;
	int64_t id;
	int rc;
	enum sod_err err;

	if ((rc = parse(argc, argv, 1u << OPT_USERNAME | 1u << OPT_ROLE | 1u << OPT_UNIT |
	                1u << OPT_NAME, &a)) ||
	    (rc = need(&a, OPT_USERNAME, "username")) || (rc = need(&a, OPT_ROLE, "role")))
		return rc;
	if (!role_parse(a.v[OPT_ROLE], &role)) {
		cli_err("unknown role '%s' (admin, supervisor, officer, custodian, "
		        "coordinator, monitor)", a.v[OPT_ROLE]);
		return EXIT_USAGE;
	}
	if ((rc = read_password(pw, sizeof(pw))) != EXIT_OK)
		return rc;
	if ((rc = open_dir(&a, &sys, &ar)) != EXIT_OK)
		goto out;
	err = auth_account_create(&sys, ar, a.v[OPT_USERNAME], a.v[OPT_NAME], pw, role,
	                          a.v[OPT_UNIT], 0, &ve, &id);
	rc = report(err, &ve, "user add");
	if (rc == EXIT_OK)
		fprintf(stderr, "sodsong: added %s as %s\n", a.v[OPT_USERNAME], role_name(role));
	arena_free(&ar);
	cli_close(&sys);
out:
	sodium_memzero(pw, sizeof(pw));
	return rc;
}

static int
user_list(int argc, char **argv)
{
	struct args a;
	struct sys sys;
	struct arena *ar = NULL;
	struct account_rec *items;
	size_t n;
	int64_t total;
	int rc;
	enum sod_err err;

	if ((rc = parse(argc, argv, 0, &a)) || (rc = open_dir(&a, &sys, &ar)))
		return rc;
	err = auth_account_list(&sys, ar, 100000, 0, &items, &n, &total);
	for (size_t i = 0; !err && i < n; i++) {
		struct grant_rec *g;
		size_t ng;

		printf("%s\t%s\t%s", items[i].username, items[i].display_name,
		       items[i].disabled ? "disabled" : "active");
		if ((err = auth_grants(&sys, ar, items[i].id, &g, &ng)) != SOD_OK)
			break;
		for (size_t k = 0; k < ng; k++)
			printf("%s%s@%s", k ? "," : "\t", g[k].role, g[k].unit_code);
		putchar('\n');
	}
	rc = report(err, &(struct verr){0}, "user list");
	arena_free(&ar);
	cli_close(&sys);
	return rc;
}

static int
user_passwd_or_disable(int argc, char **argv, bool passwd)
{
	struct args a;
	struct sys sys;
	struct arena *ar = NULL;
	struct account_rec acc;
	struct verr ve = {0};
	char pw[AUTH_PASSWORD_MAX + 2] = "";
	int rc;
	enum sod_err err;

	if ((rc = parse(argc, argv, 1u << OPT_USERNAME | (passwd ? 0 : 1u << OPT_ENABLE), &a)) ||
	    (rc = need(&a, OPT_USERNAME, "username")))
		return rc;
	if (passwd && (rc = read_password(pw, sizeof(pw))) != EXIT_OK)
		return rc;
	if ((rc = open_dir(&a, &sys, &ar)) != EXIT_OK)
		goto out;
	err = auth_account_find(&sys, ar, a.v[OPT_USERNAME], &acc);
	if (err == SOD_ENOTFOUND) {
		cli_err("no user '%s'", a.v[OPT_USERNAME]);
		rc = EXIT_FAIL;
	} else {
		if (!err)
			err = passwd ? auth_set_password(&sys, acc.id, pw, &ve)
			             : auth_set_disabled(&sys, acc.id, a.v[OPT_ENABLE] == NULL);
		rc = report(err, &ve, passwd ? "user passwd" : "user disable");
	}
	arena_free(&ar);
	cli_close(&sys);
out:
	sodium_memzero(pw, sizeof(pw));
	return rc;
}

int
cmd_user(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return user_add(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return user_list(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "passwd") == 0)
		return user_passwd_or_disable(argc - 1, argv + 1, true);
	if (argc >= 2 && strcmp(argv[1], "disable") == 0)
		return user_passwd_or_disable(argc - 1, argv + 1, false);
	cli_err("usage: sodsong user add|list|passwd|disable DIR …");
	return EXIT_USAGE;
}

static int
unit_add(int argc, char **argv)
{
	struct args a;
	struct sys sys;
	struct arena *ar = NULL;
	struct verr ve = {0};
	struct unit_input in;
	int64_t id;
	int rc;

	if ((rc = parse(argc, argv, 1u << OPT_CODE | 1u << OPT_KIND | 1u << OPT_NAME_TH |
	                1u << OPT_NAME_EN | 1u << OPT_PARENT | 1u << OPT_PROVINCE |
	                1u << OPT_DISTRICT, &a)) ||
	    (rc = need(&a, OPT_CODE, "code")) || (rc = need(&a, OPT_KIND, "kind")) ||
	    (rc = need(&a, OPT_NAME_TH, "name-th")) || (rc = need(&a, OPT_NAME_EN, "name-en")))
		return rc;
	if ((rc = open_dir(&a, &sys, &ar)) != EXIT_OK)
		return rc;
	in = (struct unit_input){
		.code = a.v[OPT_CODE], .kind = a.v[OPT_KIND],
		.name_th = a.v[OPT_NAME_TH], .name_en = a.v[OPT_NAME_EN],
		.parent_code = a.v[OPT_PARENT] ? a.v[OPT_PARENT] : "root",
		.province_code = a.v[OPT_PROVINCE], .district_code = a.v[OPT_DISTRICT],
	};
	rc = report(unit_create(&sys, ar, &in, &ve, &id), &ve, "unit add");
	arena_free(&ar);
	cli_close(&sys);
	return rc;
}

static int
unit_list_cmd(int argc, char **argv)
{
	struct args a;
	struct sys sys;
	struct arena *ar = NULL;
	struct unit_rec *items;
	size_t n;
	int64_t total;
	int rc;
	enum sod_err err;

	if ((rc = parse(argc, argv, 1u << OPT_PARENT | 1u << OPT_KIND, &a)) ||
	    (rc = open_dir(&a, &sys, &ar)))
		return rc;
	err = unit_list(&sys, ar, a.v[OPT_PARENT], a.v[OPT_KIND], 100000, 0, &items, &n,
	                &total);
	for (size_t i = 0; !err && i < n; i++)
		printf("%s\t%s\t%s\t%s\t%s\n", items[i].code, items[i].kind,
		       items[i].parent_code ? items[i].parent_code : "-", items[i].name_th,
		       items[i].name_en);
	rc = report(err, &(struct verr){err == SOD_ENOTFOUND ? "parent" : NULL,
	                                "error.field.unknown"}, "unit list");
	arena_free(&ar);
	cli_close(&sys);
	return rc;
}

int
cmd_unit(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return unit_add(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return unit_list_cmd(argc - 1, argv + 1);
	cli_err("usage: sodsong unit add|list DIR …");
	return EXIT_USAGE;
}
