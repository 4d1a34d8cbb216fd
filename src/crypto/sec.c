/*
 * sec.c — passwords (argon2id), random tokens, and the gate that bounds
 * slow hashes; see sec.h.
 */
#include "crypto/sec.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "util/log.h"

#define PW_MAX 1024

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond;
static pthread_once_t gate_once = PTHREAD_ONCE_INIT;
static int gate_max = 2, gate_wait_ms = 2000, gate_running;

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[SEC_PW_HASH_LEN];

static void
gate_init(void)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&gate_cond, &attr);
	pthread_condattr_destroy(&attr);
}

enum sod_err
sec_init(void)
{
	if (sodium_init() < 0)
		return SOD_ECRYPTO;
	pthread_once(&gate_once, gate_init);
	return SOD_OK;
}

void
sec_slow_configure(int max_running, int wait_ms)
{
	pthread_mutex_lock(&gate_lock);
	gate_max = max_running > 0 ? max_running : 1;
	gate_wait_ms = wait_ms >= 0 ? wait_ms : 0;
	pthread_mutex_unlock(&gate_lock);
}

enum sod_err
sec_slow_enter(void)
{
	struct timespec until;
	int rc = 0;

	pthread_once(&gate_once, gate_init);
	clock_gettime(CLOCK_MONOTONIC, &until);
	pthread_mutex_lock(&gate_lock);
	until.tv_sec += gate_wait_ms / 1000;
	until.tv_nsec += (long)(gate_wait_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (gate_running >= gate_max && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&gate_cond, &gate_lock, &until);
	if (gate_running >= gate_max) {
		pthread_mutex_unlock(&gate_lock);
		return SOD_EBUSY;
	}
	gate_running++;
	pthread_mutex_unlock(&gate_lock);
	return SOD_OK;
}

void
sec_slow_leave(void)
{
	pthread_mutex_lock(&gate_lock);
	gate_running--;
	pthread_cond_signal(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
}

static bool
pw_ok(const char *pw, size_t len)
{
	return pw != NULL && len > 0 && len <= PW_MAX;
}

enum sod_err
sec_pw_hash(const char *pw, size_t len, char out[SEC_PW_HASH_LEN])
{
	enum sod_err err;
	int rc;

	if (!pw_ok(pw, len))
		return SOD_EINVAL;
	if ((err = sec_slow_enter()) != SOD_OK)
		return err;
	rc = crypto_pwhash_str_alg(out, pw, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                           crypto_pwhash_MEMLIMIT_INTERACTIVE,
	                           crypto_pwhash_ALG_ARGON2ID13);
	sec_slow_leave();
	if (rc != 0) {
		LOG_ERR("argon2id failed (out of memory?)");
		return SOD_ENOMEM;
	}
	return SOD_OK;
}

enum sod_err
sec_pw_verify(const char *hash, const char *pw, size_t len)
{
	enum sod_err err;
	int rc;

	if (!pw_ok(pw, len))
		return SOD_EINVAL;
	if ((err = sec_slow_enter()) != SOD_OK)
		return err;
	rc = crypto_pwhash_str_verify(hash, pw, len);
	sec_slow_leave();
	return rc == 0 ? SOD_OK : SOD_EAUTH;
}

static void
dummy_init(void)
{
	static const char pw[] = "sodsong dummy password for timing";

	if (crypto_pwhash_str_alg(dummy_hash, pw, sizeof(pw) - 1,
	                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                          crypto_pwhash_MEMLIMIT_INTERACTIVE,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0)
		dummy_hash[0] = '\0';
}

enum sod_err
sec_pw_dummy_verify(const char *pw, size_t len)
{
	enum sod_err err;

	pthread_once(&dummy_once, dummy_init);
	if (dummy_hash[0] == '\0')
		return SOD_ENOMEM;
	err = sec_pw_verify(dummy_hash, pw, len);
	return err == SOD_OK ? SOD_EAUTH : err;
}

void
sec_token_new(char out[SEC_TOKEN_LEN + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, SEC_TOKEN_LEN + 1, raw, sizeof(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
sec_token_hash(const char *token, char out[SEC_TOKEN_HASH_LEN + 1])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token),
	                   NULL, 0);
	sodium_bin2hex(out, SEC_TOKEN_HASH_LEN + 1, h, sizeof(h));
}

void
sec_random_password(char *out, size_t n)
{
	/* No 0/O, 1/l/I: the password is read aloud or copied by hand. */
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[n] = '\0';
}

unsigned
sec_random_below(unsigned upper)
{
	return randombytes_uniform(upper);
}
