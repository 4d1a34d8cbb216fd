/*
 * receipt.c — see receipt.h.
 */
#include "crypto/receipt.h"

#include <string.h>

#include <sodium.h>

#include "crypto/sec.h"
#include "text/utf8.h"

void
receipt_new(char out[RECEIPT_DIGITS + 1])
{
	for (int i = 0; i < RECEIPT_DIGITS; i++)
		out[i] = (char)('0' + randombytes_uniform(10));
	out[RECEIPT_DIGITS] = '\0';
}

bool
receipt_normalise(const char *in, size_t n, char out[RECEIPT_DIGITS + 1])
{
	size_t i = 0, k = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(in + i, n - i, &cp);

		if (len == 0)
			return false;
		i += len;
		if (cp == ' ' || cp == '-' || cp == '\t' || cp == 0xA0)
			continue;
		if (cp >= 0x0E50 && cp <= 0x0E59)
			cp = '0' + (cp - 0x0E50);
		if (cp < '0' || cp > '9' || k == RECEIPT_DIGITS)
			return false;
		out[k++] = (char)cp;
	}
	out[k] = '\0';
	return k == RECEIPT_DIGITS;
}

void
receipt_format(const char r[RECEIPT_DIGITS + 1], char out[RECEIPT_DIGITS + 4])
{
	size_t w = 0;

	for (int i = 0; i < RECEIPT_DIGITS; i++) {
		if (i > 0 && i % 4 == 0)
			out[w++] = ' ';
		out[w++] = r[i];
	}
	out[w] = '\0';
}

uint32_t
receipt_bucket(const unsigned char key[32], const char r[RECEIPT_DIGITS + 1])
{
	unsigned char h[4];

	crypto_generichash(h, sizeof(h), (const unsigned char *)r, RECEIPT_DIGITS, key, 32);
	return ((uint32_t)h[0] << 16 | (uint32_t)h[1] << 8 | h[2]) &
	       ((1u << RECEIPT_BUCKET_BITS) - 1);
}

enum sod_err
receipt_derive(const char r[RECEIPT_DIGITS + 1], const unsigned char salt[RECEIPT_SALT],
               char check_hex_out[65], unsigned char key_out[32])
{
	unsigned char out[64], check[32];
	enum sod_err err;
	int rc;

	/* Anyone can cause this work: never the place kept for staff. */
	if ((err = sec_slow_enter_public()) != SOD_OK)
		return err;
	rc = crypto_pwhash(out, sizeof(out), r, RECEIPT_DIGITS, salt,
	                   crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
	                   crypto_pwhash_ALG_ARGON2ID13);
	sec_slow_leave_public();
	if (rc != 0)
		return SOD_ENOMEM;
	crypto_generichash(check, sizeof(check), out, 32, NULL, 0);
	sodium_bin2hex(check_hex_out, 65, check, sizeof(check));
	memcpy(key_out, out + 32, 32);
	sodium_memzero(out, sizeof(out));
	return SOD_OK;
}
