/*
 * backup.c — the backup archive's manifest and its check (backup.h):
 * parse manifest.json, then read every member back through libzip (which
 * also checks each entry's CRC) while hashing it with SHA-256, and
 * compare with the manifest. Restore uses the same walk to extract.
 */
#include "cli/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "crypto/box.h"

#define CHUNK 65536

static bool
is_hex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

bool
backup_name_ok(const char *name)
{
	if (strcmp(name, "sodsong.db") == 0 || strcmp(name, "sodsong.conf") == 0 ||
	    strcmp(name, "secret.key") == 0)
		return true;
	return strncmp(name, "files/", 6) == 0 && is_hex(name + 6, 32);
}

bool
backup_key_check(const char *key_path, char out[BACKUP_SHA_HEX + 1])
{
	struct box *b = NULL;
	unsigned char sub[32];

	if (box_open(key_path, &b) != SOD_OK)
		return false;
	box_subkey(b, "sodsong/backup-key-check/v1", sub);
	box_free(&b);
	sodium_bin2hex(out, BACKUP_SHA_HEX + 1, sub, sizeof(sub));
	sodium_memzero(sub, sizeof(sub));
	return true;
}

void
backup_manifest_free(struct backup_manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->members[i].name);
	free(m->members);
	memset(m, 0, sizeof(*m));
}

/* The manifest member, whole, NUL-terminated (malloc). */
static char *
read_manifest(zip_t *z, const char **why_out)
{
	zip_stat_t st;
	zip_file_t *f;
	char *buf;
	zip_int64_t got;

	if (zip_stat(z, BACKUP_MANIFEST, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
		*why_out = "it has no manifest.json: not a Sodsong backup, or cut short";
		return NULL;
	}
	if (st.size > BACKUP_MANIFEST_MAX || (buf = malloc(st.size + 1)) == NULL) {
		*why_out = "its manifest.json is too large to be one";
		return NULL;
	}
	if ((f = zip_fopen(z, BACKUP_MANIFEST, 0)) == NULL ||
	    (got = zip_fread(f, buf, st.size)) < 0 || (zip_uint64_t)got != st.size) {
		*why_out = "its manifest.json cannot be read (damaged)";
		if (f != NULL)
			zip_fclose(f);
		free(buf);
		return NULL;
	}
	if (zip_fclose(f) != 0) {
		*why_out = "its manifest.json is damaged (checksum)";
		free(buf);
		return NULL;
	}
	buf[st.size] = '\0';
	return buf;
}

static bool
parse_member(json_t *j, struct backup_member *out)
{
	const char *name = json_string_value(json_object_get(j, "name"));
	const char *sha = json_string_value(json_object_get(j, "sha256"));
	json_t *size = json_object_get(j, "size");

	if (name == NULL || sha == NULL || !json_is_integer(size) ||
	    json_integer_value(size) < 0 || !backup_name_ok(name) || !is_hex(sha, BACKUP_SHA_HEX))
		return false;
	if ((out->name = strdup(name)) == NULL)
		return false;
	out->size = (uint64_t)json_integer_value(size);
	memcpy(out->sha256, sha, BACKUP_SHA_HEX + 1);
	return true;
}

/* Fill m from the manifest's text; false with *why_out if it is not one. */
static bool
parse_manifest(const char *text, struct backup_manifest *m, const char **why_out)
{
	json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, NULL), *list, *audit;
	const char *hash;
	bool ok = false;

	*why_out = "its manifest.json is not a valid manifest";
	if (root == NULL)
		goto out;
	if (!json_is_string(json_object_get(root, "format")) ||
	    strcmp(json_string_value(json_object_get(root, "format")), BACKUP_FORMAT) != 0)
		goto out;
	if (json_integer_value(json_object_get(root, "version")) != BACKUP_VERSION) {
		*why_out = "its manifest.json has a format version this program does not know";
		goto out;
	}
	list = json_object_get(root, "members");
	audit = json_object_get(root, "audit");
	if (!json_is_array(list) || !json_is_object(audit) ||
	    !json_is_boolean(json_object_get(root, "with_secret")))
		goto out;
	m->with_secret = json_is_true(json_object_get(root, "with_secret"));
	m->audit_last_id = json_integer_value(json_object_get(audit, "last_id"));
	hash = json_string_value(json_object_get(audit, "last_hash"));
	if (m->audit_last_id < 0 || hash == NULL ||
	    (m->audit_last_id > 0 && !is_hex(hash, BACKUP_SHA_HEX)) ||
	    (m->audit_last_id == 0 && hash[0] != '\0'))
		goto out;
	memcpy(m->audit_last_hash, hash, strlen(hash) + 1);
	hash = json_string_value(json_object_get(root, "key_check"));
	if (hash != NULL && !is_hex(hash, BACKUP_SHA_HEX))
		goto out;
	if (hash != NULL)
		memcpy(m->key_check, hash, BACKUP_SHA_HEX + 1);
	if ((m->members = calloc(json_array_size(list) + 1, sizeof(*m->members))) == NULL)
		goto out;
	for (size_t i = 0; i < json_array_size(list); i++) {
		if (!parse_member(json_array_get(list, i), &m->members[m->n]))
			goto out;
		m->n++;
		for (size_t k = 0; k + 1 < m->n; k++)
			if (strcmp(m->members[k].name, m->members[m->n - 1].name) == 0)
				goto out;
	}
	ok = true;
out:
	json_decref(root);
	return ok;
}

static const struct backup_member *
find_member(const struct backup_manifest *m, const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->members[i].name, name) == 0)
			return &m->members[i];
	return NULL;
}

/* Open extract_dir/name for writing (new file, 0600). */
static int
open_out(const char *extract_dir, const char *name)
{
	char path[4096];

	if (strncmp(name, "files/", 6) == 0) {
		snprintf(path, sizeof(path), "%s/files", extract_dir);
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", extract_dir, name);
	return open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
}

static bool
write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/*
 * Read one member, hash it, compare; with fd >= 0 also write it there.
 * why_buf gets the reason on failure.
 */
static bool
check_member(zip_t *z, const struct backup_member *mb, int fd, char *why_buf, size_t why_size)
{
	static unsigned char buf[CHUNK];
	crypto_hash_sha256_state st;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[BACKUP_SHA_HEX + 1];
	zip_file_t *f = zip_fopen(z, mb->name, 0);
	zip_int64_t got;
	uint64_t size = 0;
	bool ok = false;

	if (f == NULL) {
		snprintf(why_buf, why_size, "member %s is listed in the manifest but missing "
		         "from the archive (cut short?)", mb->name);
		return false;
	}
	crypto_hash_sha256_init(&st);
	while ((got = zip_fread(f, buf, sizeof(buf))) > 0) {
		crypto_hash_sha256_update(&st, buf, (unsigned long long)got);
		size += (uint64_t)got;
		if (fd >= 0 && !write_all(fd, buf, (size_t)got)) {
			snprintf(why_buf, why_size, "cannot write %s: %s", mb->name, strerror(errno));
			goto out;
		}
	}
	/* Close in either case: a read error (a bad CRC shows at the last
	 * read) must not leak the handle. */
	if ((zip_fclose(f) != 0) | (got < 0)) {
		f = NULL;
		snprintf(why_buf, why_size, "member %s is damaged: it cannot be read back "
		         "(checksum or truncation)", mb->name);
		goto out;
	}
	f = NULL;
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	if (size != mb->size) {
		snprintf(why_buf, why_size, "member %s has %llu bytes, the manifest says %llu: "
		         "it was altered or cut short", mb->name, (unsigned long long)size,
		         (unsigned long long)mb->size);
		goto out;
	}
	if (strcmp(hex, mb->sha256) != 0) {
		snprintf(why_buf, why_size, "member %s does not match its SHA-256 in the "
		         "manifest: it was altered", mb->name);
		goto out;
	}
	ok = true;
out:
	if (f != NULL)
		zip_fclose(f);
	return ok;
}

/* Every entry of the archive is the manifest or listed in it. */
static bool
no_unlisted(zip_t *z, const struct backup_manifest *m, char *why_buf, size_t why_size)
{
	zip_int64_t n = zip_get_num_entries(z, 0);

	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(z, (zip_uint64_t)i, 0);

		if (name == NULL || (strcmp(name, BACKUP_MANIFEST) != 0 && find_member(m, name) == NULL)) {
			snprintf(why_buf, why_size, "member %s is not listed in the manifest",
			         name ? name : "(unnamed)");
			return false;
		}
	}
	return true;
}

bool
backup_check(zip_t *z, const char *extract_dir, struct backup_manifest *m, char *why_buf,
             size_t why_size, const char **why_out)
{
	char *text;

	memset(m, 0, sizeof(*m));
	if ((text = read_manifest(z, why_out)) == NULL)
		return false;
	if (!parse_manifest(text, m, why_out)) {
		free(text);
		return false;
	}
	free(text);
	*why_out = why_buf;
	if (find_member(m, "sodsong.db") == NULL) {
		snprintf(why_buf, why_size, "its manifest lists no sodsong.db");
		return false;
	}
	if (m->with_secret != (find_member(m, "secret.key") != NULL)) {
		snprintf(why_buf, why_size, "its manifest contradicts itself about secret.key");
		return false;
	}
	if (!no_unlisted(z, m, why_buf, why_size))
		return false;
	for (size_t i = 0; i < m->n; i++) {
		int fd = -1;
		bool ok;

		if (extract_dir != NULL && (fd = open_out(extract_dir, m->members[i].name)) < 0) {
			snprintf(why_buf, why_size, "cannot create %s: %s", m->members[i].name,
			         strerror(errno));
			return false;
		}
		ok = check_member(z, &m->members[i], fd, why_buf, why_size);
		if (fd >= 0 && ok && fsync(fd) != 0) {
			snprintf(why_buf, why_size, "cannot write %s: %s", m->members[i].name,
			         strerror(errno));
			ok = false;
		}
		if (fd >= 0)
			close(fd);
		if (!ok)
			return false;
	}
	return true;
}
