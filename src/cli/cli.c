/*
 * cli.c — the command table, and what subcommands share.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crypto/sec.h"
#include "crypto/totp.h"
#include "util/mail.h"
#include "util/log.h"
#include "util/str.h"

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *usage;
} commands[] = {
	{"init", cmd_init, "init DIR [--database URL]  make a new data folder (URL: PostgreSQL)"},
	{"migrate-db", cmd_migrate_db, "migrate-db DIR --to URL   move a folder's SQLite database "
	 "into PostgreSQL"},
	{"serve", cmd_serve, "serve DIR [--listen ADDR:PORT] [--behind-tls] [--trust-proxy]"},
	{"user", cmd_user, "user add|list|passwd|disable DIR …"},
	{"unit", cmd_unit, "unit add|list DIR …"},
	{"demo", cmd_demo, "demo DIR                  fill a new folder with the demo networks"},
	{"import", cmd_import, "import members|points DIR FILE --unit CODE [--yes]"},
	{"purge", cmd_purge, "purge DIR                 destroy what has outlived its retention"},
	{"keys", cmd_keys, "keys grant|rotate|revoke DIR [--username NAME] [--unit CODE]"},
	{"audit", cmd_audit, "audit verify DIR"},
	{"backup", cmd_backup, "backup DIR FILE [--with-secret]   a consistent copy while serving"},
	{"restore", cmd_restore, "restore FILE DIR [--secret-key FILE]"},
	{"procurement", cmd_procurement,
	 "procurement import DIR FILE [--format ocds|csv|blacklist]"},
	{"flags", cmd_flags, "flags DIR [--json]        every flagged procurement"},
	{"remind", cmd_remind, "remind DIR [--day YYYY-MM-DD]   send the day's reminder digests"},
	{"report", cmd_report, "report DIR --unit CODE --period 2569-q1 --format pdf|xlsx --out FILE"},
};

void
cli_err(const char *fmt, ...)
{
	va_list ap;

	fputs("sodsong: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
usage(void)
{
	fputs("usage: sodsong COMMAND …\n", stderr);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(stderr, "  sodsong %s\n", commands[i].usage);
}

int
cli_main(int argc, char **argv)
{
	if (sec_init() != SOD_OK || totp_init() != SOD_OK || mail_init() != SOD_OK) {
		cli_err("cannot initialise the crypto and mail libraries");
		return EXIT_FAIL;
	}
	if (argc < 2) {
		usage();
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage();
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) == 0) {
			int rc = commands[i].fn(argc - 1, argv + 1);

			mail_shutdown();
			return rc;
		}
	}
	cli_err("unknown command '%s'", argv[1]);
	usage();
	return EXIT_USAGE;
}

bool
cli_read_line(char *buf, size_t size)
{
	size_t n;

	if (fgets(buf, (int)size, stdin) == NULL)
		return false;
	n = strcspn(buf, "\r\n");
	if (buf[n] == '\0' && n == size - 1)
		return false;  /* longer than the buffer */
	buf[n] = '\0';
	return true;
}

/* ---- configuration --------------------------------------------------------- */

static bool
parse_bool(struct slice v, bool *out)
{
	if (slice_eq_str(v, "true") || slice_eq_str(v, "yes") || slice_eq_str(v, "1"))
		*out = true;
	else if (slice_eq_str(v, "false") || slice_eq_str(v, "no") || slice_eq_str(v, "0"))
		*out = false;
	else
		return false;
	return true;
}

static bool
parse_int(struct slice v, int64_t min, int64_t max, int64_t *out)
{
	return str_to_i64(v, min, max, out);
}

/*
 * public_url: http:// or https://, then visible ASCII without quotes,
 * angle brackets or backslashes (it is printed on posters and in links);
 * a trailing "/" is dropped.
 */
static bool
public_url_set(struct config *c, struct slice v)
{
	while (v.len > 0 && v.p[v.len - 1] == '/')
		v.len--;
	if (v.len >= sizeof(c->public_url) ||
	    !((v.len > 7 && strncmp(v.p, "http://", 7) == 0) ||
	      (v.len > 8 && strncmp(v.p, "https://", 8) == 0)))
		return false;
	for (size_t i = 0; i < v.len; i++)
		if (v.p[i] <= ' ' || v.p[i] > '~' || strchr("\"'<>\\", v.p[i]) != NULL)
			return false;
	memcpy(c->public_url, v.p, v.len);
	c->public_url[v.len] = '\0';
	return true;
}

static bool
config_set(struct config *c, struct slice k, struct slice v)
{
	int64_t n;

	if (slice_eq_str(k, "listen") && v.len < sizeof(c->listen)) {
		memcpy(c->listen, v.p, v.len);
		c->listen[v.len] = '\0';
		return true;
	}
	if (slice_eq_str(k, "public_url"))
		return public_url_set(c, v);
	if (slice_eq_str(k, "font_dir") && v.len < sizeof(c->font_dir)) {
		memcpy(c->font_dir, v.p, v.len);
		c->font_dir[v.len] = '\0';
		return true;
	}
	{
		static const struct { const char *key; size_t off, size; } strs[] = {
			{"smtp_url", offsetof(struct config, smtp_url), sizeof(c->smtp_url)},
			{"smtp_from", offsetof(struct config, smtp_from), sizeof(c->smtp_from)},
			{"smtp_user", offsetof(struct config, smtp_user), sizeof(c->smtp_user)},
			{"smtp_password", offsetof(struct config, smtp_password),
			 sizeof(c->smtp_password)},
			{"base_url", offsetof(struct config, base_url), sizeof(c->base_url)},
			{"database_url", offsetof(struct config, database_url),
			 sizeof(c->database_url)},
		};

		for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
			if (slice_eq_str(k, strs[i].key)) {
				if (v.len >= strs[i].size)
					return false;
				memcpy((char *)c + strs[i].off, v.p, v.len);
				((char *)c + strs[i].off)[v.len] = '\0';
				return true;
			}
		}
	}
	if (slice_eq_str(k, "behind_tls"))
		return parse_bool(v, &c->behind_tls);
	if (slice_eq_str(k, "trust_proxy"))
		return parse_bool(v, &c->trust_proxy);
	if (slice_eq_str(k, "sandbox"))
		return parse_bool(v, &c->sandbox);
	if (slice_eq_str(k, "webhook_allow_private"))
		return parse_bool(v, &c->webhook_allow_private);
	if (slice_eq_str(k, "remind_hour") && parse_int(v, 0, 23, &n))
		return (c->remind_hour = (int)n), true;
	if (slice_eq_str(k, "webhook_max_attempts") && parse_int(v, 1, 50, &n))
		return (c->webhook_max_attempts = (int)n), true;
	if (slice_eq_str(k, "webhook_retry_seconds") && parse_int(v, 1, 86400, &n))
		return (c->webhook_retry_seconds = (int)n), true;
	if (slice_eq_str(k, "webhook_timeout_seconds") && parse_int(v, 1, 120, &n))
		return (c->webhook_timeout = (int)n), true;
	if (slice_eq_str(k, "threads") && parse_int(v, 0, 256, &n))
		return (c->threads = (int)n), true;
	if (slice_eq_str(k, "session_idle_minutes") && parse_int(v, 1, 24 * 60, &n))
		return (c->session_idle = (int)n * 60), true;
	if (slice_eq_str(k, "session_max_hours") && parse_int(v, 1, 24 * 30, &n))
		return (c->session_max = (int)n * 3600), true;
	if (slice_eq_str(k, "json_limit_kib") && parse_int(v, 1, 64 * 1024, &n))
		return (c->json_limit = (size_t)n * 1024), true;
	if (slice_eq_str(k, "form_limit_mib") && parse_int(v, 1, 1024, &n))
		return (c->form_limit = (size_t)n << 20), true;
	if (slice_eq_str(k, "slow_hash_wait_ms") && parse_int(v, 0, 30000, &n))
		return (c->slow_hash_wait_ms = (int)n), true;
	if (slice_eq_str(k, "tips_per_hour") && parse_int(v, 0, 100000, &n))
		return (c->tips_per_hour = (int)n), true;
	if (slice_eq_str(k, "evidence_quota_mib") && parse_int(v, 0, 1 << 30, &n))
		return (c->evidence_quota = (uint64_t)n << 20), true;
	return flag_params_set(&c->flags, k, v);
}

int
config_load(const char *dir, struct config *c)
{
	char path[4096], line[1024];
	FILE *f;
	int lineno = 0;

	memset(c, 0, sizeof(*c));
	str_lcpy(c->listen, "127.0.0.1:8080", sizeof(c->listen));
	str_lcpy(c->font_dir, "/usr/share/fonts/woff/tlwg", sizeof(c->font_dir));
	c->session_idle = 60 * 60;
	c->session_max = 12 * 3600;
	c->json_limit = 1u << 20;
	c->form_limit = 25u << 20;
	c->sandbox = true;
	c->tips_per_hour = 20;
	c->slow_hash_wait_ms = 2000;
	c->evidence_quota = (uint64_t)10240 << 20;
	flag_params_default(&c->flags);
	c->remind_hour = 7;
	c->webhook_max_attempts = 8;
	c->webhook_retry_seconds = 60;
	c->webhook_timeout = 10;
	snprintf(path, sizeof(path), "%s/sodsong.conf", dir);
	f = fopen(path, "r");
	if (f == NULL)
		return errno == ENOENT ? EXIT_OK : (cli_err("%s: %s", path, strerror(errno)), EXIT_FAIL);
	while (fgets(line, sizeof(line), f) != NULL) {
		struct slice s = slice_trim(slice_from(line)), k;

		lineno++;
		if (s.len == 0 || s.p[0] == '#')
			continue;
		if (!slice_cut(&s, '=', &k) ||
		    !config_set(c, slice_trim(k), slice_trim(s))) {
			cli_err("%s:%d: not a known setting or not a valid value", path, lineno);
			fclose(f);
			return EXIT_USAGE;
		}
	}
	fclose(f);
	return EXIT_OK;
}

/* ---- data folder ------------------------------------------------------------- */

int
cli_open(const char *dir, struct sys *sys, const struct config *cfg)
{
	char path[4096];
	struct stat st;
	int version;
	enum sod_err err;

	memset(sys, 0, sizeof(*sys));
	snprintf(path, sizeof(path), cfg->database_url[0] ? "%s/secret.key" : "%s/sodsong.db", dir);
	if (stat(path, &st) != 0) {
		cli_err("%s is not a data folder (run: sodsong init %s)", dir, dir);
		return EXIT_FAIL;
	}
	if (cfg->database_url[0]) {
		if (!store_dsn_is_pg(cfg->database_url)) {
			cli_err("database_url in %s/sodsong.conf is not a postgresql:// URL", dir);
			return EXIT_FAIL;
		}
		/* The URL may hold a password: never printed. */
		str_lcpy(path, "of database_url (PostgreSQL)", sizeof(path));
	}
	if ((err = store_open(cfg->database_url[0] ? cfg->database_url : path, &sys->store)) !=
	    SOD_OK) {
		cli_err("cannot open the database %s: %s", path, sod_strerror(err));
		return EXIT_FAIL;
	}
	if ((err = store_migrate(sys->store, &version)) != SOD_OK) {
		cli_err("cannot bring the database up to date: %s", sod_strerror(err));
		cli_close(sys);
		return EXIT_FAIL;
	}
	snprintf(path, sizeof(path), "%s/secret.key", dir);
	if ((err = box_open(path, &sys->box)) != SOD_OK) {
		cli_err("cannot read the key %s: %s", path, sod_strerror(err));
		cli_close(sys);
		return EXIT_FAIL;
	}
	sys->dir = strdup(dir);
	sys->flags = &cfg->flags;
	sys->session_idle = cfg->session_idle;
	sys->session_max = cfg->session_max;
	/* cfg outlives sys in every command (both live in the command's frame). */
	sys->mail = (struct mail_config){
		.url = cfg->smtp_url, .from = cfg->smtp_from[0] ? cfg->smtp_from : "sodsong@localhost",
		.user = cfg->smtp_user, .password = cfg->smtp_password, .timeout = 30,
	};
	sys->hooks_allow_private = cfg->webhook_allow_private;
	sys->hooks_max_attempts = cfg->webhook_max_attempts;
	sys->hooks_retry_seconds = cfg->webhook_retry_seconds;
	sys->hooks_timeout = cfg->webhook_timeout;
	if (cfg->base_url[0] != '\0') {
		size_t n = strlen(cfg->base_url);

		while (n > 0 && cfg->base_url[n - 1] == '/')
			n--;
		sys->base_url = strndup(cfg->base_url, n);
	} else {
		/* Without base_url, links name the listening address. */
		size_t need = strlen(cfg->listen) + 8;

		if ((sys->base_url = malloc(need)) != NULL)
			snprintf((char *)sys->base_url, need, "http://%s", cfg->listen);
	}
	return sys->dir && sys->base_url ? EXIT_OK : EXIT_FAIL;
}

void
cli_close(struct sys *sys)
{
	store_close(&sys->store);
	box_free(&sys->box);
	free(sys->dir);
	sys->dir = NULL;
	free((char *)sys->base_url);
	sys->base_url = NULL;
}
