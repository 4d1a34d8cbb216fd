/*
 * fuzz_backup.c — libFuzzer harness for what `sodsong restore` reads from
 * a backup file before trusting it: libzip's opening of the archive and
 * backup_check (cli/backup.h): the manifest's JSON, the member names (no
 * path may leave the restore folder), sizes and SHA-256 of each member.
 *
 * The first byte chooses: even, the rest is a zip file as it is; odd, the
 * rest is split at NUL bytes into the manifest's text and up to five
 * members that the harness zips itself, under names that a backup may
 * hold (so that the manifest checks, not the zip parser, are reached).
 * Nothing is extracted (extract_dir NULL). A check that passes must have
 * a manifest listing sodsong.db with only names backup_name_ok accepts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/backup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {
	"sodsong.db", "sodsong.conf", "files/0123456789abcdef0123456789abcdef", "secret.key",
	"files/../../etc/passwd",
};

/* Zip the NUL-separated parts: manifest first, then members. */
static zip_source_t *
make_zip(const uint8_t *d, size_t n)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	size_t part = 0;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
		goto fail;
	zip_source_keep(src);
	if ((z = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL)
		goto fail_src;
	while (n > 0 || part == 0) {
		const uint8_t *end = memchr(d, 0, n);
		size_t len = end ? (size_t)(end - d) : n;
		const char *name = part == 0 ? BACKUP_MANIFEST : names[(part - 1) % 5];
		zip_source_t *m = zip_source_buffer(z, d, len, 0);

		if (m == NULL || zip_file_add(z, name, m, ZIP_FL_OVERWRITE) < 0) {
			zip_source_free(m);
			zip_discard(z);
			goto fail_src;
		}
		part++;
		if (end == NULL || part > 5)
			break;
		d += len + 1;
		n -= len + 1;
	}
	if (zip_close(z) != 0) {
		zip_discard(z);
		goto fail_src;
	}
	zip_error_fini(&ze);
	return src;
fail_src:
	zip_source_free(src);
fail:
	zip_error_fini(&ze);
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct backup_manifest m;
	char why_buf[512];
	const char *why = NULL;
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;

	if (size < 1 || size > 256 * 1024)
		return 0;
	zip_error_init(&ze);
	if (data[0] % 2 == 0)
		src = zip_source_buffer_create(data + 1, size - 1, 0, &ze);
	else
		src = make_zip(data + 1, size - 1);
	zip_error_fini(&ze);
	if (src == NULL)
		return 0;
	zip_error_init(&ze);
	z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	zip_error_fini(&ze);
	if (z == NULL) {
		zip_source_free(src);
		return 0;
	}
	if (backup_check(z, NULL, &m, why_buf, sizeof(why_buf), &why)) {
		bool has_db = false;

		for (size_t i = 0; i < m.n; i++) {
			if (!backup_name_ok(m.members[i].name))
				abort();
			has_db = has_db || strcmp(m.members[i].name, "sodsong.db") == 0;
		}
		if (!has_db)
			abort();
	} else if (why == NULL || why[0] == '\0') {
		abort();
	}
	backup_manifest_free(&m);
	zip_discard(z);
	return 0;
}
