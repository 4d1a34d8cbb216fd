/*
 * cmd_migrate_db.c — `sodsong migrate-db DIR --to URL`: move a data folder
 * from SQLite (DIR/sodsong.db) to an empty PostgreSQL database.
 *
 * Both databases are brought to this program's schema, every table is
 * copied with its ids (store_copy_sqlite: one transaction, row counts
 * compared), and the audit chain is walked on both sides: the copy must
 * be intact and end at the same entry with the same hash. Only then is
 * `database_url = URL` written to DIR/sodsong.conf, so that from the next
 * start every command of the folder uses PostgreSQL. sodsong.db is left
 * where it is for the operator to check and then destroy (README). The
 * servers of the folder must be stopped while it runs.
 */
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/audit.h"
#include "store/store.h"
#include "util/arena.h"

struct head {
	int64_t checked, id;
	char hash[AUDIT_HASH_HEX_LEN + 1];
};

/* Walk the audit chain of one store; EXIT_OK if intact. */
static int
chain_head(struct store *s, const char *which, struct head *h)
{
	struct sys sys = {.store = s};
	struct arena *a = arena_new(1 << 20);
	int64_t bad = 0;
	const char *why = NULL;
	enum sod_err err = a ? audit_verify_head(&sys, a, &h->checked, &bad, &why, &h->id, h->hash)
	                     : SOD_ENOMEM;

	arena_free(&a);
	if (err == SOD_ECONFLICT) {
		cli_err("the audit chain of the %s database is broken at entry %lld (%s)", which,
		        (long long)bad, why ? why : "?");
		return EXIT_FAIL;
	}
	if (err) {
		cli_err("cannot walk the audit chain of the %s database: %s", which,
		        sod_strerror(err));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int
add_url(const char *dir, const char *url)
{
	char path[4096];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/sodsong.conf", dir);
	/* The URL may hold a password: the file is the owner's only. */
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) < 0 ||
	    fchmod(fd, 0600) != 0 || (f = fdopen(fd, "a")) == NULL) {
		cli_err("cannot write %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_FAIL;
	}
	fprintf(f, "\n# moved from sodsong.db by `sodsong migrate-db`\ndatabase_url = %s\n", url);
	if (fclose(f) != 0) {
		cli_err("cannot write %s: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* Open a database and bring it to this program's schema. */
static int
open_migrated(const char *dsn, const char *which, bool must_be_empty, struct store **out)
{
	int version = 0;
	enum sod_err err;

	if ((err = store_open(dsn, out)) != SOD_OK) {
		cli_err("cannot open the %s database: %s", which, sod_strerror(err));
		return EXIT_FAIL;
	}
	if (must_be_empty && (err = store_schema_current(*out, &version)) == SOD_OK && version) {
		cli_err("the %s database holds a Sodsong schema already; refusing to touch it "
		        "(give an empty database)", which);
		store_close(out);
		return EXIT_FAIL;
	}
	if (err || (err = store_migrate(*out, &version)) != SOD_OK) {
		cli_err("cannot bring the %s database up to date: %s", which, sod_strerror(err));
		store_close(out);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int
migrate(const char *dir, const char *url)
{
	char path[4096];
	struct config cfg;
	struct stat st;
	struct store *src = NULL, *dst = NULL;
	struct head hs = {0}, hd = {0};
	int64_t rows = 0;
	int rc;
	enum sod_err err;

	if ((rc = config_load(dir, &cfg)) != EXIT_OK)
		return rc;
	if (cfg.database_url[0]) {
		cli_err("%s uses PostgreSQL already (database_url in sodsong.conf)", dir);
		return EXIT_FAIL;
	}
	snprintf(path, sizeof(path), "%s/sodsong.db", dir);
	if (stat(path, &st) != 0) {
		cli_err("%s is not a data folder (no sodsong.db)", dir);
		return EXIT_FAIL;
	}
	if ((rc = open_migrated(path, "SQLite", false, &src)) != EXIT_OK)
		return rc;
	if ((rc = chain_head(src, "SQLite", &hs)) != EXIT_OK)
		goto out;
	store_close(&src);
	if ((rc = open_migrated(url, "PostgreSQL", true, &dst)) != EXIT_OK)
		return rc;
	if ((err = store_copy_sqlite(path, dst, &rows)) != SOD_OK) {
		cli_err("the copy failed and was rolled back: %s", sod_strerror(err));
		rc = EXIT_FAIL;
		goto out;
	}
	if ((rc = chain_head(dst, "PostgreSQL", &hd)) != EXIT_OK)
		goto out;
	if (hd.id != hs.id || strcmp(hd.hash, hs.hash) != 0 || hd.checked != hs.checked) {
		cli_err("the copied audit chain ends elsewhere than the original (%lld, %lld)",
		        (long long)hd.id, (long long)hs.id);
		rc = EXIT_FAIL;
		goto out;
	}
	if ((rc = add_url(dir, url)) != EXIT_OK)
		goto out;
	printf("copied %lld rows; audit chain intact: %lld entries, newest %lld:%s\n",
	       (long long)rows, (long long)hd.checked, (long long)hd.id, hd.hash);
	fprintf(stderr, "sodsong: %s now uses PostgreSQL (database_url in sodsong.conf). "
	        "Check it, then destroy %s (it still holds everything).\n", dir, path);
out:
	store_close(&src);
	store_close(&dst);
	return rc;
}

int
cmd_migrate_db(int argc, char **argv)
{
	if (argc != 4 || strcmp(argv[2], "--to") != 0 || !store_dsn_is_pg(argv[3])) {
		cli_err("usage: sodsong migrate-db DIR --to postgresql://…");
		return EXIT_USAGE;
	}
	return migrate(argv[1], argv[3]);
}
