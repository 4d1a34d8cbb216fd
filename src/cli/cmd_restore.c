/*
 * cmd_restore.c — `sodsong restore FILE DIR [--secret-key FILE]`: make a
 * data folder from a backup (docs/backup.md).
 *
 * Nothing is half-restored: DIR must not exist or be empty; everything is
 * extracted into a new folder beside it, every member checked against the
 * manifest's size and SHA-256 while it is written, the secret key put in
 * place, the audit chain verified and compared with the manifest's newest
 * entry; only then is the folder renamed to DIR. On any failure the
 * beside-folder is removed and DIR is as it was.
 */
#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/backup.h"
#include "crypto/box.h"
#include "domain/audit.h"
#include "util/str.h"

/* DIR may be made: it does not exist, or is an empty folder. */
static bool
dir_is_free(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool empty = true;

	if (d == NULL)
		return errno == ENOENT;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = false;
	closedir(d);
	return empty;
}

/* Remove the beside-folder: the members restore writes, nothing else. */
static void
remove_staging(const char *staging)
{
	char path[4096];
	DIR *d;
	struct dirent *e;

	snprintf(path, sizeof(path), "%s/files", staging);
	if ((d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/files/%s", staging, e->d_name);
			unlink(path);
		}
		closedir(d);
		snprintf(path, sizeof(path), "%s/files", staging);
		rmdir(path);
	}
	static const char *const names[] = {"sodsong.db", "sodsong.db-wal", "sodsong.db-shm",
	                                    "sodsong.db-journal", "sodsong.conf", "secret.key"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", staging, names[i]);
		unlink(path);
	}
	rmdir(staging);
}

/* Copy the key file given on the command line to staging/secret.key. */
static bool
put_key(const char *from, const char *staging)
{
	char path[4096];
	unsigned char key[33];
	struct box *b = NULL;
	ssize_t n;
	int in, out;
	bool ok = false;

	if (box_open(from, &b) != SOD_OK) {
		cli_err("%s is not a Sodsong secret.key (it must be the data folder's 32-byte key)",
		        from);
		return false;
	}
	box_free(&b);
	if ((in = open(from, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	n = read(in, key, sizeof(key));
	close(in);
	snprintf(path, sizeof(path), "%s/secret.key", staging);
	if (n > 0 && (out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) >= 0) {
		ok = write(out, key, (size_t)n) == n && fsync(out) == 0;
		close(out);
	}
	sodium_memzero(key, sizeof(key));
	if (!ok)
		cli_err("cannot write the secret key: %s", strerror(errno));
	return ok;
}

/* The key in place is the backed-up folder's (when the manifest says). */
static bool
key_matches(const char *staging, const struct backup_manifest *m)
{
	char path[4096], check[BACKUP_SHA_HEX + 1];

	snprintf(path, sizeof(path), "%s/secret.key", staging);
	if (m->key_check[0] == '\0')
		return true;
	if (!backup_key_check(path, check) || strcmp(check, m->key_check) != 0) {
		cli_err("this secret.key is not the key of the data folder that was backed "
		        "up (its key check differs from the manifest's); nothing was restored");
		return false;
	}
	return true;
}

/* audit verify on the restored folder; it must end where the manifest says. */
static bool
verify_audit(const char *staging, const struct backup_manifest *m)
{
	struct config cfg;
	struct sys sys;
	struct arena *a;
	char head_hash[AUDIT_HASH_HEX_LEN + 1];
	const char *why = NULL;
	int64_t checked = 0, bad = 0, head = 0;
	enum sod_err err;
	bool ok = false;

	if (config_load(staging, &cfg) != EXIT_OK || cli_open(staging, &sys, &cfg) != EXIT_OK)
		return false;
	if ((a = arena_new(1u << 20)) == NULL) {
		cli_close(&sys);
		return false;
	}
	err = audit_verify_head(&sys, a, &checked, &bad, &why, &head, head_hash);
	if (err == SOD_ECONFLICT)
		cli_err("the restored audit log is NOT intact: entry %lld is %s", (long long)bad, why);
	else if (err)
		cli_err("cannot walk the restored audit log: %s", sod_strerror(err));
	else if (head != m->audit_last_id ||
	         (head > 0 && strcmp(head_hash, m->audit_last_hash) != 0))
		cli_err("the restored audit log ends at entry %lld, the manifest says %lld: "
		        "the database is not the one backed up", (long long)head,
		        (long long)m->audit_last_id);
	else
		ok = true;
	if (ok) {
		printf("audit verify: audit log intact: %lld entries checked\n", (long long)checked);
		if (head > 0)
			printf("last entry: %lld\nlast hash: %s (as in the backup's manifest)\n",
			       (long long)head, head_hash);
	}
	arena_free(&a);
	cli_close(&sys);
	return ok;
}

/* Extract, check, key, verify into staging; then rename it to dir. */
static int
restore(zip_t *z, const char *dir, const char *key_file, const char *staging)
{
	struct backup_manifest m;
	char why_buf[512], path[4096];
	const char *why = NULL;
	int rc = EXIT_FAIL;

	if (!backup_check(z, staging, &m, why_buf, sizeof(why_buf), &why)) {
		cli_err("refusing this backup: %s; nothing was restored", why);
		goto out;
	}
	if (key_file == NULL && !m.with_secret) {
		cli_err("this backup holds no secret.key (it was made without --with-secret). "
		        "The data folder's key was kept apart from backups: give it with "
		        "--secret-key FILE. Without it the restored folder cannot open the "
		        "sealed values (sign-in codes, receipts). Nothing was restored");
		goto out;
	}
	if (key_file != NULL) {
		snprintf(path, sizeof(path), "%s/secret.key", staging);
		unlink(path);  /* the key given wins over one in the backup */
		if (!put_key(key_file, staging))
			goto out;
	}
	if (!key_matches(staging, &m))
		goto out;
	snprintf(path, sizeof(path), "%s/files", staging);
	if (mkdir(path, 0700) != 0 && errno != EEXIST) {
		cli_err("cannot make %s: %s", path, strerror(errno));
		goto out;
	}
	if (!verify_audit(staging, &m))
		goto out;
	if (rename(staging, dir) != 0) {
		cli_err("cannot move the restored folder to %s: %s", dir, strerror(errno));
		goto out;
	}
	chmod(dir, 0700);
	printf("restored into %s: database, %zu members checked against the manifest\n", dir, m.n);
	rc = EXIT_OK;
out:
	backup_manifest_free(&m);
	return rc;
}

int
cmd_restore(int argc, char **argv)
{
	const char *file, *dir, *key_file = NULL;
	char staging[2048], parent[2048], base[512];
	zip_t *z;
	int zerr, rc;

	if (argc == 5 && strcmp(argv[3], "--secret-key") == 0) {
		key_file = argv[4];
	} else if (argc != 3) {
		cli_err("usage: sodsong restore FILE DIR [--secret-key FILE]");
		return EXIT_USAGE;
	}
	file = argv[1];
	dir = argv[2];
	if (!dir_is_free(dir)) {
		cli_err("%s exists and is not empty; restore makes a new data folder only", dir);
		return EXIT_FAIL;
	}
	if ((z = zip_open(file, ZIP_RDONLY | ZIP_CHECKCONS, &zerr)) == NULL) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		cli_err("refusing %s: not a readable backup (damaged or cut short: %s); "
		        "nothing was restored", file, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return EXIT_FAIL;
	}
	umask(077);
	str_lcpy(parent, dir, sizeof(parent));
	str_lcpy(base, dir, sizeof(base));
	snprintf(staging, sizeof(staging), "%s/.%s.restoring-XXXXXX", dirname(parent),
	         basename(base));
	if (mkdtemp(staging) == NULL) {
		cli_err("cannot make a folder beside %s: %s", dir, strerror(errno));
		zip_discard(z);
		return EXIT_FAIL;
	}
	rc = restore(z, dir, key_file, staging);
	zip_discard(z);
	if (rc != EXIT_OK)
		remove_staging(staging);
	return rc;
}
