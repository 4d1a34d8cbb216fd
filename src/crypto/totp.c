/*
 * totp.c — RFC 6238 one-time codes through liboath; see totp.h.
 */
#include "crypto/totp.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <sodium.h>

#define TOTP_STEP   30
#define TOTP_DIGITS 6
#define SECRET_LEN  20

enum sod_err
totp_init(void)
{
	return oath_init() == OATH_OK ? SOD_OK : SOD_ECRYPTO;
}

enum sod_err
totp_secret_new(char out[TOTP_SECRET_B32_LEN + 1])
{
	char raw[SECRET_LEN];
	char *b32 = NULL;
	size_t len = 0;
	int rc;

	randombytes_buf(raw, sizeof(raw));
	rc = oath_base32_encode(raw, sizeof(raw), &b32, &len);
	sodium_memzero(raw, sizeof(raw));
	if (rc != OATH_OK || b32 == NULL)
		return SOD_ENOMEM;
	/* 20 bytes are exactly 32 base32 characters: no padding. */
	memcpy(out, b32, TOTP_SECRET_B32_LEN);
	out[TOTP_SECRET_B32_LEN] = '\0';
	sodium_memzero(b32, len);
	free(b32);
	return SOD_OK;
}

/* Decode the base32 secret; SOD_EINVAL if malformed. *raw_out is malloc'd. */
static enum sod_err
secret_decode(const char *b32, char **raw_out, size_t *len_out)
{
	size_t n = strlen(b32);

	if (n == 0 || n > 128)
		return SOD_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!((b32[i] >= 'A' && b32[i] <= 'Z') || (b32[i] >= '2' && b32[i] <= '7')))
			return SOD_EINVAL;
	if (oath_base32_decode(b32, n, raw_out, len_out) != OATH_OK || *len_out == 0)
		return SOD_EINVAL;
	return SOD_OK;
}

static bool
is_code(const char *code)
{
	if (strlen(code) != TOTP_DIGITS)
		return false;
	for (int i = 0; i < TOTP_DIGITS; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	return true;
}

enum sod_err
totp_code(const char *secret_b32, int64_t now, char out[7])
{
	char *raw = NULL;
	size_t len;
	enum sod_err err;
	int rc;

	if ((err = secret_decode(secret_b32, &raw, &len)) != SOD_OK)
		return err;
	rc = oath_totp_generate(raw, len, (time_t)now, TOTP_STEP, 0, TOTP_DIGITS, out);
	sodium_memzero(raw, len);
	free(raw);
	return rc == OATH_OK ? SOD_OK : SOD_ECRYPTO;
}

enum sod_err
totp_verify(const char *secret_b32, const char *code, int64_t now, int64_t *step_out)
{
	enum sod_err err = SOD_EAUTH;
	bool matched = false;

	if (!is_code(code))
		return SOD_EINVAL;
	/* Compare every candidate in constant time, and all of them, so the
	 * time taken does not tell which step matched. */
	for (int d = -1; d <= 1; d++) {
		char want[7];
		int64_t t = now + (int64_t)d * TOTP_STEP;
		enum sod_err e = totp_code(secret_b32, t, want);

		if (e != SOD_OK)
			return e;
		if (sodium_memcmp(want, code, TOTP_DIGITS) == 0 && !matched) {
			matched = true;
			*step_out = t / TOTP_STEP;
			err = SOD_OK;
		}
	}
	return err;
}
