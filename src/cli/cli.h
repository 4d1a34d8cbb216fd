/*
 * cli.h — the sodsong command line: a table of subcommands, and what
 * they share (opening a data folder, reading the configuration).
 *
 * Exit status: 0 success, 1 runtime failure, 2 usage error. Messages go
 * to standard error in plain words.
 */
#ifndef SOD_CLI_CLI_H
#define SOD_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/flags.h"
#include "domain/sys.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

int cli_main(int argc, char **argv);

/* Subcommands: argv[0] is the subcommand's name. */
int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_unit(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_purge(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_procurement(int argc, char **argv);
int cmd_flags(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_remind(int argc, char **argv);
int cmd_migrate_db(int argc, char **argv);

/*
 * The data folder's settings: DIR/sodsong.conf, lines of `key = value`.
 * Unknown keys are an error (a typo should not pass silently).
 */
struct config {
	char listen[64];          /* ADDR:PORT */
	bool behind_tls;
	bool trust_proxy;
	int threads;
	int session_idle;         /* seconds */
	int session_max;
	size_t json_limit;
	size_t form_limit;
	char font_dir[256];
	char smtp_url[256];
	char smtp_from[256];
	char smtp_user[128];
	char smtp_password[128];
	char public_url[256];     /* how the public reaches serve (posters); "" unknown */
	char database_url[512];   /* postgresql://… (libpq); empty: DIR/sodsong.db */
	bool sandbox;             /* confine `serve` after start-up (docs/sandbox.md) */
	int tips_per_hour;        /* per client address (0: no limit) */
	int slow_hash_wait_ms;    /* wait for an argon2id place before 503 */
	uint64_t evidence_quota;  /* bytes of evidence files in all (0: no quota) */
	struct flag_params flags;  /* flag_… keys: procurement red flags */
	char base_url[256];       /* the site's address, for links in mail and webhooks */
	int remind_hour;          /* serve sends the day's digests from this hour (Bangkok) */
	bool webhook_allow_private;   /* webhooks may post to private/loopback addresses */
	int webhook_max_attempts;
	int webhook_retry_seconds;
	int webhook_timeout;      /* seconds */
};

/* Defaults, then DIR/sodsong.conf if present. */
int config_load(const char *dir, struct config *cfg);

/*
 * Open an initialised data folder (database migrated, key loaded) into
 * sys; prints the reason and returns EXIT_FAIL if it cannot. The database
 * is cfg->database_url if set (PostgreSQL), else DIR/sodsong.db.
 */
int cli_open(const char *dir, struct sys *sys, const struct config *cfg);
void cli_close(struct sys *sys);

/* Read the first line of standard input (without its line end) into buf. */
bool cli_read_line(char *buf, size_t size);

/* Print "sodsong: " and the message to stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
