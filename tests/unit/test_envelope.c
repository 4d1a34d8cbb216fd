/*
 * test_envelope.c — the crypto envelope and receipts: what seals opens,
 * with the right key only, and nothing altered opens at all.
 */
#include "harness.h"

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/receipt.h"
#include "crypto/sec.h"

static void
test_encrypt_decrypt_and_tamper(void)
{
	struct arena *a = arena_new(1 << 20);
	unsigned char k1[32], k2[32];
	const char *text = "เงินใต้โต๊ะ 50,000 บาท ที่ อบต. แห่งหนึ่ง";
	char *ct, *pt, *bad;
	size_t n;

	env_random_key(k1);
	env_random_key(k2);
	CHECK(env_encrypt(a, k1, "tip/content", text, strlen(text), &ct) == SOD_OK);
	CHECK(strstr(ct, "โต๊ะ") == NULL);
	CHECK(env_decrypt(a, k1, "tip/content", ct, &pt, &n) == SOD_OK);
	CHECK_STR(pt, text);
	CHECK(n == strlen(text));
	CHECK(env_decrypt(a, k2, "tip/content", ct, &pt, &n) == SOD_ECRYPTO);
	CHECK(env_decrypt(a, k1, "tip/message", ct, &pt, &n) == SOD_ECRYPTO);
	for (size_t i = 0; i < strlen(ct); i += 7) {
		bad = arena_strdup(a, ct);
		bad[i] = bad[i] == 'A' ? 'B' : 'A';
		CHECK(env_decrypt(a, k1, "tip/content", bad, &pt, &n) != SOD_OK);
	}
	bad = arena_strndup(a, ct, strlen(ct) - 8);
	CHECK(env_decrypt(a, k1, "tip/content", bad, &pt, &n) != SOD_OK);
	CHECK(env_decrypt(a, k1, "tip/content", "", &pt, &n) == SOD_ECRYPTO);
	CHECK(env_decrypt(a, k1, "tip/content", "%%%", &pt, &n) == SOD_ECRYPTO);
	arena_free(&a);
}

static void
test_seal_to_unit_key(void)
{
	struct arena *a = arena_new(1 << 20);
	unsigned char pk[32], sk[32], pk2[32], sk2[32], tip[32], got[32];
	char *sealed;

	env_keypair(pk, sk);
	env_keypair(pk2, sk2);
	env_random_key(tip);
	CHECK(env_seal(a, pk, tip, &sealed) == SOD_OK);
	CHECK(env_open(pk, sk, sealed, got) == SOD_OK && memcmp(got, tip, 32) == 0);
	CHECK(env_open(pk2, sk2, sealed, got) == SOD_ECRYPTO);
	CHECK(env_open(pk, sk2, sealed, got) == SOD_ECRYPTO);
	CHECK(env_open(pk, sk, "AAAA", got) == SOD_ECRYPTO);
	arena_free(&a);
}

static void
test_wrap_and_derive(void)
{
	struct arena *a = arena_new(1 << 20);
	unsigned char k[32], s[32], got[32], d1[32], d2[32], d3[32];
	char *w, *text;

	env_random_key(k);
	env_random_key(s);
	CHECK(env_wrap(a, k, "session", s, &w) == SOD_OK);
	CHECK(env_unwrap(k, "session", w, got) == SOD_OK && memcmp(got, s, 32) == 0);
	CHECK(env_unwrap(k, "other", w, got) == SOD_ECRYPTO);
	env_derive(k, "content", d1);
	env_derive(k, "content", d2);
	env_derive(k, "file:1", d3);
	CHECK(memcmp(d1, d2, 32) == 0 && memcmp(d1, d3, 32) != 0 && memcmp(d1, k, 32) != 0);
	CHECK(env_key_text(a, k, &text) == SOD_OK);
	CHECK(env_key_parse(text, got) == SOD_OK && memcmp(got, k, 32) == 0);
	CHECK(env_key_parse("short", got) == SOD_EINVAL);
	arena_free(&a);
}

static void
test_password_wrap(void)
{
	struct arena *a = arena_new(1 << 20);
	unsigned char sk[32], got[32];
	char *w;

	sec_slow_configure(2, 5000);
	env_random_key(sk);
	CHECK(env_wrap_password(a, sk, "รหัสผ่านยาวพอ", strlen("รหัสผ่านยาวพอ"), &w) == SOD_OK);
	CHECK(env_unwrap_password(w, "รหัสผ่านยาวพอ", strlen("รหัสผ่านยาวพอ"), got) == SOD_OK);
	CHECK(memcmp(got, sk, 32) == 0);
	CHECK(env_unwrap_password(w, "wrong password", 14, got) == SOD_EAUTH);
	CHECK(env_unwrap_password("no-dollar", "x", 1, got) == SOD_ECRYPTO);
	CHECK(env_wrap_password(a, sk, "", 0, &w) == SOD_EINVAL);
	arena_free(&a);
}

static void
test_receipt_digits_and_typing(void)
{
	static const struct {
		const char *typed;
		bool ok;
		const char *want;
	} t[] = {
		{"1234567890123456", true, "1234567890123456"},
		{"1234 5678 9012 3456", true, "1234567890123456"},
		{" 1234-5678-9012-3456 ", true, "1234567890123456"},
		{"๑๒๓๔ ๕๖๗๘ ๙๐๑๒ ๓๔๕๖", true, "1234567890123456"},
		{"123456789012345", false, NULL},
		{"12345678901234567", false, NULL},
		{"1234 5678 9012 345a", false, NULL},
		{"", false, NULL},
		{"\xff\xfe", false, NULL},
	};
	char r[17], shown[20], mine[17];
	int same = 0;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		bool ok = receipt_normalise(t[i].typed, strlen(t[i].typed), r);

		CHECK(ok == t[i].ok);
		if (ok)
			CHECK_STR(r, t[i].want);
	}
	receipt_format("1234567890123456", shown);
	CHECK_STR(shown, "1234 5678 9012 3456");
	for (int i = 0; i < 20; i++) {
		receipt_new(r);
		receipt_new(mine);
		CHECK(strlen(r) == 16 && strspn(r, "0123456789") == 16);
		same += strcmp(r, mine) == 0;
	}
	CHECK(same == 0);
}

static void
test_receipt_derive(void)
{
	unsigned char salt[16], salt2[16], k1[32], k2[32], k3[32], bkey[32];
	char c1[65], c2[65], c3[65];

	randombytes_buf(salt, sizeof(salt));
	randombytes_buf(salt2, sizeof(salt2));
	randombytes_buf(bkey, sizeof(bkey));
	CHECK(receipt_derive("1111222233334444", salt, c1, k1) == SOD_OK);
	CHECK(receipt_derive("1111222233334444", salt, c2, k2) == SOD_OK);
	CHECK(strcmp(c1, c2) == 0 && memcmp(k1, k2, 32) == 0);
	CHECK(receipt_derive("1111222233334445", salt, c3, k3) == SOD_OK);
	CHECK(strcmp(c1, c3) != 0 && memcmp(k1, k3, 32) != 0);
	CHECK(receipt_derive("1111222233334444", salt2, c3, k3) == SOD_OK);
	CHECK(strcmp(c1, c3) != 0);
	CHECK(strstr(c1, "1111222233334444") == NULL);
	CHECK(receipt_bucket(bkey, "1111222233334444") == receipt_bucket(bkey, "1111222233334444"));
	CHECK(receipt_bucket(bkey, "1111222233334444") < (1u << RECEIPT_BUCKET_BITS));
}

const struct test tests[] = {
	TEST(test_encrypt_decrypt_and_tamper),
	TEST(test_seal_to_unit_key),
	TEST(test_wrap_and_derive),
	TEST(test_password_wrap),
	TEST(test_receipt_digits_and_typing),
	TEST(test_receipt_derive),
	{0},
};
