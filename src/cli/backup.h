/*
 * backup.h — what `sodsong backup` and `sodsong restore` share: the
 * archive's member names, the manifest, and the check of an archive
 * against its manifest (docs/backup.md describes the format).
 *
 * A backup is one zip file: sodsong.db (an online-backup snapshot),
 * sodsong.conf, files/<stored name> for every evidence file the snapshot
 * refers to, secret.key only when asked for, and manifest.json, which
 * lists every other member with its size and SHA-256 and the audit log's
 * newest entry as of the snapshot.
 */
#ifndef SOD_CLI_BACKUP_H
#define SOD_CLI_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>
#include <zip.h>

#define BACKUP_FORMAT    "sodsong-backup"
#define BACKUP_VERSION   1
#define BACKUP_MANIFEST  "manifest.json"
#define BACKUP_SHA_HEX   (crypto_hash_sha256_BYTES * 2)
#define BACKUP_MANIFEST_MAX (64u << 20)

struct backup_member {
	char *name;                     /* "sodsong.db", "files/…", … (malloc) */
	uint64_t size;
	char sha256[BACKUP_SHA_HEX + 1];  /* lower-case hex */
};

struct backup_manifest {
	struct backup_member *members;  /* malloc */
	size_t n;
	bool with_secret;
	int64_t audit_last_id;           /* 0: the log was empty */
	char audit_last_hash[BACKUP_SHA_HEX + 1];  /* "" when empty */
	char key_check[BACKUP_SHA_HEX + 1];  /* "" when the backup did not say */
};

/*
 * The key check of a data folder's secret.key: hex of a subkey derived for
 * this purpose alone (one-way; it reveals nothing of the key), so that
 * restore can tell whether the key it is given is the backed-up folder's.
 * False if the file is not a key.
 */
bool backup_key_check(const char *key_path, char out[BACKUP_SHA_HEX + 1]);

/*
 * True for the names a backup may hold besides the manifest: sodsong.db,
 * sodsong.conf, secret.key, files/ and 32 lower-case hex digits. Nothing
 * else is ever written or restored (no paths, no "..").
 */
bool backup_name_ok(const char *name);

/* Release the members; the struct may be reused. */
void backup_manifest_free(struct backup_manifest *m);

/*
 * Read and check the manifest of an open archive, then read every member
 * back and compare its size and SHA-256 with the manifest. A member
 * missing, unlisted, damaged or different, or a manifest that is not one,
 * is an error, and *why_out (a static or why_buf string) says which and
 * what. With extract_dir, each member is also written below it (files
 * created with mode 0600, "files/" made with 0700) as it is read.
 * Returns true when all is well; m is filled either way (free it).
 */
bool backup_check(zip_t *z, const char *extract_dir, struct backup_manifest *m,
                  char *why_buf, size_t why_size, const char **why_out);

#endif
