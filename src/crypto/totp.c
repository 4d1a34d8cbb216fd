/*
 * totp.c — RFC 6238 one-time codes (HMAC-SHA1, 30-second steps from the
 * epoch, 6 digits) through liboath; see totp.h.
 *
 * A secret is 20 bytes from randombytes_buf, given out as 32 characters of
 * RFC 4648 base32 (upper case, no padding: 20 bytes fill the last quantum
 * exactly). Only that form is accepted back: the secret always comes from
 * our own store, so anything else is damage and answers SOD_EINVAL. It is
 * decoded here rather than by oath_base32_decode, into a stack buffer that
 * is wiped after use, so no heap copy of the key is left behind. Codes are
 * compared in constant time against all three steps of the window. This
 * file does not remember used steps: the caller refuses replays.
 */
#include "crypto/totp.h"

#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "util/log.h"

#define TOTP_STEP    30
#define TOTP_DIGITS  6
#define SECRET_LEN   20

static_assert(sizeof(time_t) >= 8, "TOTP needs a 64-bit time_t");
static_assert(TOTP_SECRET_B32_LEN == SECRET_LEN * 8 / 5, "base32 length");

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_init_rc = OATH_OK;

static void
oath_setup(void)
{
	oath_init_rc = oath_init();
}

/* oath_init() exactly once, whoever comes first. */
static enum sod_err
oath_ready(void)
{
	pthread_once(&oath_once, oath_setup);
	if (oath_init_rc != OATH_OK) {
		LOG_ERR("oath_init: %s", oath_strerror(oath_init_rc));
		return SOD_ECRYPTO;
	}
	return SOD_OK;
}

enum sod_err
totp_init(void)
{
	return oath_ready();
}

enum sod_err
totp_secret_new(char out[TOTP_SECRET_B32_LEN + 1])
{
	char raw[SECRET_LEN];
	char *b32 = NULL;
	size_t len = 0;
	enum sod_err err;
	int rc;

	out[0] = '\0';
	if ((err = oath_ready()) != SOD_OK)
		return err;
	randombytes_buf(raw, sizeof(raw));
	rc = oath_base32_encode(raw, sizeof(raw), &b32, &len);
	sodium_memzero(raw, sizeof(raw));
	if (rc != OATH_OK || b32 == NULL) {
		LOG_ERR("oath_base32_encode: %s", oath_strerror(rc));
		err = SOD_ENOMEM;
		goto out;
	}
	/* Strip any '=' padding; 20 bytes must give exactly 32 characters. */
	while (len > 0 && b32[len - 1] == '=')
		len--;
	if (len != TOTP_SECRET_B32_LEN) {
		LOG_ERR("base32 of %d bytes is %zu characters", SECRET_LEN, len);
		err = SOD_ECRYPTO;
		goto out;
	}
	memcpy(out, b32, TOTP_SECRET_B32_LEN);
	out[TOTP_SECRET_B32_LEN] = '\0';
out:
	if (b32 != NULL) {
		sodium_memzero(b32, strlen(b32));
		free(b32);
	}
	return err;
}

/* The value of one RFC 4648 base32 character, or -1. */
static int
b32_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

/* Decode a secret as totp_secret_new makes them; SOD_EINVAL otherwise. */
static enum sod_err
secret_decode(const char *b32, unsigned char raw[SECRET_LEN])
{
	uint64_t acc = 0;
	size_t o = 0;

	if (b32 == NULL || strnlen(b32, TOTP_SECRET_B32_LEN + 1) !=
	    TOTP_SECRET_B32_LEN)
		return SOD_EINVAL;
	for (size_t i = 0; i < TOTP_SECRET_B32_LEN; i++) {
		int v = b32_value(b32[i]);

		if (v < 0) {
			sodium_memzero(raw, SECRET_LEN);
			return SOD_EINVAL;
		}
		acc = acc << 5 | (uint64_t)v;
		/* Eight characters are forty bits are five bytes. */
		if (i % 8 == 7) {
			for (int k = 4; k >= 0; k--)
				raw[o++] = (unsigned char)(acc >> (8 * k));
			acc = 0;
		}
	}
	assert(o == SECRET_LEN);
	return SOD_OK;
}

static bool
is_code(const char *code)
{
	if (code == NULL || strnlen(code, TOTP_DIGITS + 1) != TOTP_DIGITS)
		return false;
	for (int i = 0; i < TOTP_DIGITS; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	return true;
}

/* Times before the epoch, or so late that now + a step overflows, are not
 * times a clock will give us. */
static bool
is_time_ok(int64_t now)
{
	return now >= 0 && now <= INT64_MAX - TOTP_STEP;
}

/* The code for raw at time t (t >= 0) into out. */
static enum sod_err
code_at(const unsigned char raw[SECRET_LEN], int64_t t, char out[7])
{
	int rc;

	rc = oath_totp_generate((const char *)raw, SECRET_LEN, (time_t)t,
	    TOTP_STEP, 0, TOTP_DIGITS, out);
	if (rc != OATH_OK) {
		LOG_ERR("oath_totp_generate: %s", oath_strerror(rc));
		out[0] = '\0';
		return SOD_ECRYPTO;
	}
	return SOD_OK;
}

enum sod_err
totp_code(const char *secret_b32, int64_t now, char out[7])
{
	unsigned char raw[SECRET_LEN];
	enum sod_err err;

	out[0] = '\0';
	if (!is_time_ok(now))
		return SOD_EINVAL;
	if ((err = oath_ready()) != SOD_OK)
		return err;
	if ((err = secret_decode(secret_b32, raw)) != SOD_OK)
		return err;
	err = code_at(raw, now, out);
	sodium_memzero(raw, sizeof(raw));
	return err;
}

enum sod_err
totp_verify(const char *secret_b32, const char *code, int64_t now,
            int64_t *step_out)
{
	unsigned char raw[SECRET_LEN];
	int64_t step = -1;
	enum sod_err err;

	if (!is_code(code) || !is_time_ok(now))
		return SOD_EINVAL;
	if ((err = oath_ready()) != SOD_OK)
		return err;
	if ((err = secret_decode(secret_b32, raw)) != SOD_OK)
		return err;
	/*
	 * Try every step of the window, each in constant time, so the time
	 * taken does not tell which step matched. Should two match (one in a
	 * million), report the later: the caller then refuses more, not less.
	 */
	for (int d = -1; d <= 1; d++) {
		int64_t t = now + (int64_t)d * TOTP_STEP;
		char want[7];

		if (t < 0)
			continue;
		if ((err = code_at(raw, t, want)) != SOD_OK)
			goto out;
		if (sodium_memcmp(want, code, TOTP_DIGITS) == 0)
			step = t / TOTP_STEP;
		sodium_memzero(want, sizeof(want));
	}
	if (step < 0) {
		err = SOD_EAUTH;
		goto out;
	}
	*step_out = step;
	err = SOD_OK;
out:
	sodium_memzero(raw, sizeof(raw));
	return err;
}
