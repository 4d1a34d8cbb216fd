/*
 * test_box.c — the server key and sealed values.
 */
#include "harness.h"

#include <stdio.h>
#include <sys/stat.h>

#include "crypto/box.h"

static struct box *
new_box(const char *name)
{
	char path[512];
	struct box *b = NULL;

	snprintf(path, sizeof(path), "%s/%s.key", harness_tmpdir(), name);
	CHECK(box_keyfile_create(path) == SOD_OK);
	CHECK(box_keyfile_create(path) == SOD_ECONFLICT);  /* never overwritten */
	CHECK(box_open(path, &b) == SOD_OK);
	return b;
}

static void
test_key_file_is_private(void)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/private.key", harness_tmpdir());
	CHECK(box_keyfile_create(path) == SOD_OK);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600 && st.st_size == 32);
}

static void
test_seal_and_open(void)
{
	struct box *b = new_box("a");
	struct arena *a = arena_new(1 << 20);
	char *sealed, *plain;
	size_t n;

	CHECK(box_seal(b, a, "ctx/1", "ความลับ", strlen("ความลับ"), &sealed) == SOD_OK);
	CHECK(strstr(sealed, "ความลับ") == NULL);
	CHECK(box_open_sealed(b, a, "ctx/1", sealed, &plain, &n) == SOD_OK);
	CHECK_STR(plain, "ความลับ");
	CHECK(n == strlen("ความลับ"));
	arena_free(&a);
	box_free(&b);
	CHECK(b == NULL);
}

static void
test_wrong_key_context_or_tamper_fails(void)
{
	struct box *b1 = new_box("k1"), *b2 = new_box("k2");
	struct arena *a = arena_new(1 << 20);
	char *sealed, *plain, *copy;

	CHECK(box_seal(b1, a, "totp", "JBSWY3DPEHPK3PXP", 16, &sealed) == SOD_OK);
	CHECK(box_open_sealed(b2, a, "totp", sealed, &plain, NULL) == SOD_ECRYPTO);
	CHECK(box_open_sealed(b1, a, "other", sealed, &plain, NULL) == SOD_ECRYPTO);
	copy = arena_strdup(a, sealed);
	copy[10] = copy[10] == 'A' ? 'B' : 'A';
	CHECK(box_open_sealed(b1, a, "totp", copy, &plain, NULL) == SOD_ECRYPTO);
	CHECK(box_open_sealed(b1, a, "totp", "not base64 !!", &plain, NULL) == SOD_ECRYPTO);
	CHECK(box_open_sealed(b1, a, "totp", "", &plain, NULL) == SOD_ECRYPTO);
	arena_free(&a);
	box_free(&b1);
	box_free(&b2);
}

static void
test_two_seals_differ(void)
{
	struct box *b = new_box("nonce");
	struct arena *a = arena_new(1 << 20);
	char *s1, *s2;

	CHECK(box_seal(b, a, "c", "same", 4, &s1) == SOD_OK);
	CHECK(box_seal(b, a, "c", "same", 4, &s2) == SOD_OK);
	CHECK(strcmp(s1, s2) != 0);
	arena_free(&a);
	box_free(&b);
}

static void
test_bad_key_files(void)
{
	char path[512];
	struct box *b = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/short.key", harness_tmpdir());
	f = fopen(path, "w");
	fputs("too short", f);
	fclose(f);
	CHECK(box_open(path, &b) == SOD_ECRYPTO && b == NULL);
	snprintf(path, sizeof(path), "%s/missing.key", harness_tmpdir());
	CHECK(box_open(path, &b) == SOD_EIO && b == NULL);
}

const struct test tests[] = {
	TEST(test_key_file_is_private),
	TEST(test_seal_and_open),
	TEST(test_wrong_key_context_or_tamper_fails),
	TEST(test_two_seals_differ),
	TEST(test_bad_key_files),
	{0},
};
