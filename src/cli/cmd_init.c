/*
 * cmd_init.c — `sodsong init DIR [--database URL]`: a new data folder
 * holding the database (sodsong.db; with --database, a PostgreSQL
 * database named by a libpq URL instead, written to sodsong.conf as
 * database_url), the server key (secret.key, mode 0600, never in the
 * database) and a commented sodsong.conf. Refuses a folder that already
 * holds a database, and a PostgreSQL database that already holds a schema.
 */
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "domain/keys.h"
#include "domain/unit.h"
#include "util/arena.h"

static const char conf_text[] =
	"# Sodsong settings. Lines of `key = value`; # starts a comment.\n"
	"# Command-line options of `sodsong serve` override these.\n"
	"#\n"
	"# listen = 127.0.0.1:8080\n"
	"# behind_tls = false          # true behind an HTTPS reverse proxy: HSTS, Secure cookies\n"
	"# trust_proxy = false         # true behind a proxy that sets X-Real-IP: the\n"
	"#                             # address every per-address limit counts (README)\n"
	"# threads = 0                 # 0: twice the number of cores\n"
	"# session_idle_minutes = 60\n"
	"# session_max_hours = 12\n"
	"# json_limit_kib = 1024\n"
	"# form_limit_mib = 25\n"
	"# tips_per_hour = 20          # tips filed per client address and hour (0: no limit)\n"
	"# evidence_quota_mib = 10240  # all evidence files together (0: no quota)\n"
	"# slow_hash_wait_ms = 2000    # wait for a password-hashing place, then 503\n"
	"# font_dir = /usr/share/fonts/woff/tlwg\n"
	"# public_url = https://acoc.example.go.th  # how the public reaches this server:\n"
	"#                             # the report link on unit posters (README)\n"
	"# smtp_url = smtp://127.0.0.1:25  # announcements by e-mail; smtps:// for TLS\n"
	"# smtp_from = acoc@example.go.th\n"
	"# smtp_user =\n"
	"# smtp_password =\n"
	"# base_url = https://acoc.example.go.th  # links in reminder e-mails and webhooks\n"
	"# remind_hour = 7             # serve sends the day's reminder digests from 07:00 Bangkok\n"
	"# webhook_allow_private = false  # true lets webhooks reach private/loopback addresses\n"
	"# webhook_max_attempts = 8\n"
	"# webhook_retry_seconds = 60  # first retry delay, doubling\n"
	"# webhook_timeout_seconds = 10\n";

/*
 * The recovery key is shown once and never stored in the folder: written
 * to key_file (mode 0600, a place outside the data folder) if given, else
 * printed for the operator to keep offline.
 */
static enum sod_err
show_recovery(const char *recovery, const char *key_file)
{
	FILE *f;
	int fd;

	if (key_file == NULL) {
		fprintf(stderr,
		        "\nsodsong: RECOVERY KEY — shown once, not kept anywhere. Write it down and\n"
		        "keep it offline, apart from the data folder; `sodsong keys grant` needs it to\n"
		        "give tip readers their units' keys when no one holding them can sign in:\n\n"
		        "    %s\n\n", recovery);
		return SOD_OK;
	}
	if ((fd = open(key_file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0 ||
	    (f = fdopen(fd, "w")) == NULL) {
		cli_err("cannot write %s: %s", key_file, strerror(errno));
		return SOD_EIO;
	}
	fprintf(f, "%s\n", recovery);
	return fclose(f) == 0 ? SOD_OK : SOD_EIO;
}

/* Write sodsong.conf: with a database URL (which may hold a password) mode 0600. */
static enum sod_err
write_conf(const char *dir, const char *url)
{
	char path[4096];
	struct stat st;
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/sodsong.conf", dir);
	if (stat(path, &st) == 0)
		return SOD_OK;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0 ||
	    (f = fdopen(fd, "w")) == NULL)
		return SOD_EIO;
	fputs(conf_text, f);
	if (url != NULL)
		fprintf(f, "database_url = %s\n", url);
	return fclose(f) == 0 ? SOD_OK : SOD_EIO;
}

/* Refuse a PostgreSQL database that holds a schema already (another folder's). */
static enum sod_err
check_pg_empty(const char *url)
{
	struct store *s = NULL;
	int version = 0;
	enum sod_err err;

	if ((err = store_open(url, &s)) != SOD_OK) {
		cli_err("cannot connect to the database of --database: %s", sod_strerror(err));
		return err;
	}
	err = store_schema_current(s, &version);
	store_close(&s);
	if (!err && version > 0) {
		cli_err("the database of --database holds a Sodsong schema already; refusing to "
		        "touch it (sodsong migrate-db copies an SQLite folder into an empty one)");
		return SOD_ECONFLICT;
	}
	return err;
}

int
cmd_init(int argc, char **argv)
{
	char path[4096];
	struct stat st;
	struct config cfg;
	struct sys sys;
	struct arena *a;
	char *recovery = NULL;
	const char *key_file = NULL, *url = NULL;
	int rc;
	enum sod_err err;

	for (int i = 2; i < argc; i += 2) {
		if (i + 1 < argc && strcmp(argv[i], "--recovery-key-file") == 0 && !key_file)
			key_file = argv[i + 1];
		else if (i + 1 < argc && strcmp(argv[i], "--database") == 0 && !url)
			url = argv[i + 1];
		else
			argc = 0;
	}
	if (argc < 2 || (url != NULL && !store_dsn_is_pg(url))) {
		cli_err("usage: sodsong init DIR [--recovery-key-file FILE] "
		        "[--database postgresql://…]");
		return EXIT_USAGE;
	}
	if (mkdir(argv[1], 0700) != 0 && errno != EEXIST) {
		cli_err("cannot make %s: %s", argv[1], strerror(errno));
		return EXIT_FAIL;
	}
	snprintf(path, sizeof(path), "%s/sodsong.db", argv[1]);
	if (stat(path, &st) == 0 ||
	    (snprintf(path, sizeof(path), "%s/secret.key", argv[1]), stat(path, &st) == 0)) {
		cli_err("%s already holds a data folder; refusing to touch it", argv[1]);
		return EXIT_FAIL;
	}
	if (url != NULL && check_pg_empty(url) != SOD_OK)
		return EXIT_FAIL;
	snprintf(path, sizeof(path), "%s/secret.key", argv[1]);
	if ((err = box_keyfile_create(path)) != SOD_OK) {
		cli_err("cannot write %s: %s", path,
		        err == SOD_ECONFLICT ? "it exists already" : sod_strerror(err));
		return EXIT_FAIL;
	}
	snprintf(path, sizeof(path), "%s/sodsong.db", argv[1]);
	if (url == NULL && (err = store_open(path, &sys.store)) != SOD_OK) {
		cli_err("cannot create %s: %s", path, sod_strerror(err));
		return EXIT_FAIL;
	}
	store_close(&sys.store);
	if (write_conf(argv[1], url) != SOD_OK) {
		cli_err("cannot write %s/sodsong.conf: %s", argv[1], strerror(errno));
		return EXIT_FAIL;
	}
	if ((rc = config_load(argv[1], &cfg)) != EXIT_OK)
		return rc;
	if ((rc = cli_open(argv[1], &sys, &cfg)) != EXIT_OK)
		return rc;
	a = arena_new(1 << 20);
	err = a ? keys_init_recovery(&sys, a, &recovery) : SOD_ENOMEM;
	if (!err)
		err = unit_ensure_root(&sys, a);
	if (!err)
		err = show_recovery(recovery, key_file);
	arena_free(&a);
	cli_close(&sys);
	if (err) {
		cli_err("cannot finish the data folder: %s", sod_strerror(err));
		return EXIT_FAIL;
	}
	fprintf(stderr, "sodsong: initialised %s\n", argv[1]);
	return EXIT_OK;
}
