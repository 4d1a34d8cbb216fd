/*
 * cmd_init.c — `sodsong init DIR`: a new data folder holding the database
 * (sodsong.db), the server key (secret.key, mode 0600, never in the
 * database) and a commented sodsong.conf. Refuses a folder that already
 * holds a database.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "domain/unit.h"
#include "util/arena.h"

static const char conf_text[] =
	"# Sodsong settings. Lines of `key = value`; # starts a comment.\n"
	"# Command-line options of `sodsong serve` override these.\n"
	"#\n"
	"# listen = 127.0.0.1:8080\n"
	"# behind_tls = false          # true behind an HTTPS reverse proxy: HSTS, Secure cookies\n"
	"# trust_proxy = false         # true behind a proxy that sets X-Real-IP\n"
	"# threads = 0                 # 0: twice the number of cores\n"
	"# session_idle_minutes = 60\n"
	"# session_max_hours = 12\n"
	"# json_limit_kib = 1024\n"
	"# form_limit_mib = 25\n"
	"# font_dir = /usr/share/fonts/woff/tlwg\n"
	"# smtp_url = smtp://127.0.0.1:25  # announcements by e-mail; smtps:// for TLS\n"
	"# smtp_from = acoc@example.go.th\n"
	"# smtp_user =\n"
	"# smtp_password =\n";

int
cmd_init(int argc, char **argv)
{
	char path[4096];
	struct stat st;
	struct config cfg;
	struct sys sys;
	struct arena *a;
	FILE *f;
	int rc;
	enum sod_err err;

	if (argc != 2) {
		cli_err("usage: sodsong init DIR");
		return EXIT_USAGE;
	}
	if (mkdir(argv[1], 0700) != 0 && errno != EEXIST) {
		cli_err("cannot make %s: %s", argv[1], strerror(errno));
		return EXIT_FAIL;
	}
	snprintf(path, sizeof(path), "%s/sodsong.db", argv[1]);
	if (stat(path, &st) == 0) {
		cli_err("%s already holds a data folder; refusing to touch it", argv[1]);
		return EXIT_FAIL;
	}
	snprintf(path, sizeof(path), "%s/secret.key", argv[1]);
	if ((err = box_keyfile_create(path)) != SOD_OK) {
		cli_err("cannot write %s: %s", path,
		        err == SOD_ECONFLICT ? "it exists already" : sod_strerror(err));
		return EXIT_FAIL;
	}
	snprintf(path, sizeof(path), "%s/sodsong.db", argv[1]);
	if ((err = store_open(path, &sys.store)) != SOD_OK) {
		cli_err("cannot create %s: %s", path, sod_strerror(err));
		return EXIT_FAIL;
	}
	store_close(&sys.store);
	snprintf(path, sizeof(path), "%s/sodsong.conf", argv[1]);
	if (stat(path, &st) != 0 && (f = fopen(path, "w")) != NULL) {
		fputs(conf_text, f);
		fclose(f);
	}
	if ((rc = config_load(argv[1], &cfg)) != EXIT_OK)
		return rc;
	if ((rc = cli_open(argv[1], &sys, &cfg)) != EXIT_OK)
		return rc;
	a = arena_new(1 << 20);
	err = a ? unit_ensure_root(&sys, a) : SOD_ENOMEM;
	arena_free(&a);
	cli_close(&sys);
	if (err) {
		cli_err("cannot create the root unit: %s", sod_strerror(err));
		return EXIT_FAIL;
	}
	fprintf(stderr, "sodsong: initialised %s\n", argv[1]);
	return EXIT_OK;
}
