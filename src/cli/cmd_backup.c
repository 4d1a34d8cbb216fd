/*
 * cmd_backup.c — `sodsong backup DIR FILE [--with-secret]`: one zip file
 * holding a consistent copy of a data folder, taken while the server runs
 * (docs/backup.md).
 *
 * Order matters: first the database, through the engine's online backup
 * inside one read transaction that also lists the evidence files and the
 * audit log's newest entry of that same snapshot (store_snapshot); then
 * those files. Evidence files are write-once (written to NAME.part, renamed
 * when complete, never opened for writing again), so every file the
 * snapshot names is complete; one can only vanish if `sodsong purge` ran
 * meanwhile, and then the whole backup is taken again. secret.key is left
 * out unless --with-secret. The archive is written as FILE.part, read back
 * and checked against its manifest like restore does, then renamed to FILE.
 */
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/backup.h"
#include "store/store.h"
#include "util/str.h"

#define ATTEMPTS 5

struct job {
	const char *dir, *file;
	bool with_secret;
	char part[4096];     /* FILE.part */
	char staging[2048];  /* the snapshot's folder, next to FILE */
	char db[4096];       /* staging/sodsong.db */
	json_t *members;
	char *manifest;      /* the manifest's text, kept until zip_close */
	uint64_t bytes;
	size_t files;
	time_t day;          /* midnight UTC of the backup's day */
	int64_t audit_id;
	char audit_hash[BACKUP_SHA_HEX + 1];
	char key_check[BACKUP_SHA_HEX + 1];  /* "" if secret.key cannot be read */
};

/* SHA-256 and size of the file at path; SOD_ENOTFOUND if it is gone. */
static enum sod_err
hash_file(const char *path, char hex[BACKUP_SHA_HEX + 1], uint64_t *size_out)
{
	unsigned char buf[16384], digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got;

	*size_out = 0;
	if (fd < 0)
		return errno == ENOENT ? SOD_ENOTFOUND : SOD_EIO;
	crypto_hash_sha256_init(&st);
	while ((got = read(fd, buf, sizeof(buf))) > 0 || (got < 0 && errno == EINTR)) {
		if (got < 0)
			continue;
		crypto_hash_sha256_update(&st, buf, (unsigned long long)got);
		*size_out += (uint64_t)got;
	}
	close(fd);
	if (got < 0)
		return SOD_EIO;
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(hex, BACKUP_SHA_HEX + 1, digest, sizeof(digest));
	return SOD_OK;
}

/* Hash path and add it to the archive as name (stored, or deflated). */
static enum sod_err
add_file(struct job *j, zip_t *z, const char *path, const char *name, bool deflate)
{
	char hex[BACKUP_SHA_HEX + 1];
	uint64_t size;
	zip_source_t *src;
	zip_int64_t idx;
	enum sod_err err;

	if ((err = hash_file(path, hex, &size)) != SOD_OK)
		return err;
	if ((src = zip_source_file(z, path, 0, -1)) == NULL)
		return SOD_EIO;
	if ((idx = zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		return SOD_EIO;
	}
	/* Every entry dated the backup's day at midnight: an evidence file's
	 * own time would tell when its tip was filed (only the day is kept). */
	if (zip_set_file_compression(z, (zip_uint64_t)idx,
	                             deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) != 0 ||
	    zip_file_set_mtime(z, (zip_uint64_t)idx, j->day, 0) != 0)
		return SOD_EIO;
	if (json_array_append_new(j->members,
	                          json_pack("{s:s, s:I, s:s}", "name", name, "size",
	                                    (json_int_t)size, "sha256", hex)) != 0)
		return SOD_ENOMEM;
	j->bytes += size;
	return SOD_OK;
}

/* The manifest, last member of the archive. */
static enum sod_err
add_manifest(struct job *j, zip_t *z)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	json_t *root;
	zip_source_t *src;
	zip_int64_t idx;

	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	root = json_pack("{s:s, s:i, s:s, s:b, s:{s:I, s:s}, s:O}", "format", BACKUP_FORMAT,
	                 "version", BACKUP_VERSION, "created_at", when, "with_secret",
	                 j->with_secret, "audit", "last_id", (json_int_t)j->audit_id,
	                 "last_hash", j->audit_hash, "members", j->members);
	if (root == NULL ||
	    (j->key_check[0] != '\0' &&
	     json_object_set_new(root, "key_check", json_string(j->key_check)) != 0)) {
		json_decref(root);
		return SOD_ENOMEM;
	}
	j->manifest = json_dumps(root, JSON_INDENT(1));
	json_decref(root);
	if (j->manifest == NULL)
		return SOD_ENOMEM;
	if ((src = zip_source_buffer(z, j->manifest, strlen(j->manifest), 0)) == NULL)
		return SOD_ENOMEM;
	if ((idx = zip_file_add(z, BACKUP_MANIFEST, src, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		return SOD_EIO;
	}
	return zip_file_set_mtime(z, (zip_uint64_t)idx, j->day, 0) == 0 ? SOD_OK : SOD_EIO;
}

/* The snapshot and the files it names into FILE.part; SOD_ENOTFOUND: retry. */
static enum sod_err
attempt(struct job *j)
{
	struct store *s = NULL;
	struct arena *a = NULL;
	char path[4096], **names, *hash;
	size_t n;
	zip_t *z = NULL;
	struct stat st;
	int zerr;
	enum sod_err err;

	j->bytes = 0;
	j->files = 0;
	json_decref(j->members);
	j->members = json_array();
	free(j->manifest);
	j->manifest = NULL;
	unlink(j->db);
	snprintf(path, sizeof(path), "%s/sodsong.db", j->dir);
	if ((a = arena_new(64u << 20)) == NULL || j->members == NULL) {
		err = SOD_ENOMEM;
		goto out;
	}
	if ((err = store_open(path, &s)) != SOD_OK ||
	    (err = store_snapshot(s, a, j->db, &names, &n, &j->audit_id, &hash)) != SOD_OK) {
		cli_err("cannot copy the database: %s", sod_strerror(err));
		goto out;
	}
	store_close(&s);
	str_lcpy(j->audit_hash, hash ? hash : "", sizeof(j->audit_hash));
	if ((z = zip_open(j->part, ZIP_CREATE | ZIP_TRUNCATE, &zerr)) == NULL) {
		cli_err("cannot write %s", j->part);
		err = SOD_EIO;
		goto out;
	}
	if ((err = add_file(j, z, j->db, "sodsong.db", true)) != SOD_OK)
		goto out;
	snprintf(path, sizeof(path), "%s/sodsong.conf", j->dir);
	if (stat(path, &st) == 0 && (err = add_file(j, z, path, "sodsong.conf", true)) != SOD_OK)
		goto out;
	for (size_t i = 0; i < n; i++) {
		char name[64];

		snprintf(name, sizeof(name), "files/%s", names[i]);
		if (!backup_name_ok(name)) {
			cli_err("the database names an evidence file '%s' that cannot be one", names[i]);
			err = SOD_EINVAL;
			goto out;
		}
		snprintf(path, sizeof(path), "%s/files/%s", j->dir, names[i]);
		if ((err = add_file(j, z, path, name, false)) != SOD_OK)
			goto out;  /* SOD_ENOTFOUND: purged since the snapshot */
		j->files++;
	}
	snprintf(path, sizeof(path), "%s/secret.key", j->dir);
	if (j->with_secret && (err = add_file(j, z, path, "secret.key", false)) != SOD_OK) {
		cli_err("cannot read %s", path);
		goto out;
	}
	if ((err = add_manifest(j, z)) != SOD_OK)
		goto out;
	if (zip_close(z) != 0) {
		cli_err("cannot write %s: %s", j->part, zip_strerror(z));
		/* a file named by the snapshot may have been purged meanwhile */
		err = SOD_ENOTFOUND;
		goto out;
	}
	z = NULL;
out:
	if (z != NULL)
		zip_discard(z);
	store_close(&s);
	arena_free(&a);
	unlink(j->db);
	return err;
}

/* Read FILE.part back as restore would; true if every member matches. */
static bool
verify_part(struct job *j)
{
	struct backup_manifest m;
	char why_buf[512];
	const char *why = NULL;
	int zerr;
	zip_t *z = zip_open(j->part, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	bool ok;

	if (z == NULL) {
		cli_err("the archive just written cannot be opened again");
		return false;
	}
	ok = backup_check(z, NULL, &m, why_buf, sizeof(why_buf), &why);
	if (!ok)
		cli_err("the archive just written does not check: %s", why);
	backup_manifest_free(&m);
	zip_discard(z);
	return ok;
}

static int
run(struct job *j)
{
	enum sod_err err = SOD_ENOTFOUND;

	for (int i = 0; i < ATTEMPTS && err == SOD_ENOTFOUND; i++)
		err = attempt(j);
	if (err == SOD_ENOTFOUND)
		cli_err("evidence files kept disappearing while copying (is purge running?); "
		        "try again");
	if (err != SOD_OK || !verify_part(j) || chmod(j->part, 0600) != 0 ||
	    rename(j->part, j->file) != 0) {
		if (err == SOD_OK)
			cli_err("cannot finish %s: %s", j->file, strerror(errno));
		unlink(j->part);
		return EXIT_FAIL;
	}
	printf("backup written: %s\n", j->file);
	printf("database, %zu evidence files, %llu bytes; checked against its manifest\n",
	       j->files, (unsigned long long)j->bytes);
	if (j->audit_id > 0)
		printf("audit log: last entry %lld, hash %s\n", (long long)j->audit_id, j->audit_hash);
	if (j->with_secret)
		printf("secret.key IS in this backup: keep it as safe as the key itself\n");
	else
		printf("secret.key is not in this backup: keep a copy of it apart; restore "
		       "needs it (--secret-key FILE)\n");
	return EXIT_OK;
}

int
cmd_backup(int argc, char **argv)
{
	struct job j = {0};
	struct stat st;
	char path[4096];
	int rc;

	if (argc == 4 && strcmp(argv[3], "--with-secret") == 0) {
		j.with_secret = true;
	} else if (argc != 3) {
		cli_err("usage: sodsong backup DIR FILE [--with-secret]");
		return EXIT_USAGE;
	}
	j.dir = argv[1];
	j.file = argv[2];
	j.day = time(NULL) / 86400 * 86400;
	{
		struct config cfg;
		int crc = config_load(j.dir, &cfg);

		if (crc != EXIT_OK)
			return crc;
		if (cfg.database_url[0]) {
			cli_err("%s keeps its database in PostgreSQL: back it up with pg_dump, and the "
			        "folder (files/, secret.key) apart; README, \"Backups\", and "
			        "docs/storage.md say how", j.dir);
			return EXIT_FAIL;
		}
	}
	snprintf(path, sizeof(path), "%s/sodsong.db", j.dir);
	if (stat(path, &st) != 0) {
		cli_err("%s is not a data folder (no sodsong.db)", j.dir);
		return EXIT_FAIL;
	}
	if (lstat(j.file, &st) == 0) {
		cli_err("%s exists already; refusing to overwrite a backup", j.file);
		return EXIT_FAIL;
	}
	umask(077);  /* the archive holds the database: nobody else reads it */
	snprintf(path, sizeof(path), "%s/secret.key", j.dir);
	if (!backup_key_check(path, j.key_check))
		j.key_check[0] = '\0';  /* restore then cannot check the key it gets */
	snprintf(j.part, sizeof(j.part), "%s.part", j.file);
	snprintf(j.staging, sizeof(j.staging), "%s.snapshot-XXXXXX", j.file);
	if (mkdtemp(j.staging) == NULL) {
		cli_err("cannot make a folder next to %s: %s", j.file, strerror(errno));
		return EXIT_FAIL;
	}
	snprintf(j.db, sizeof(j.db), "%s/sodsong.db", j.staging);
	rc = run(&j);
	unlink(j.db);
	rmdir(j.staging);
	json_decref(j.members);
	free(j.manifest);
	return rc;
}
