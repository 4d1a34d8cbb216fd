/*
 * sec.c — passwords, random tokens and the slow-hash gate, over libsodium;
 * see sec.h.
 *
 * Passwords are argon2id (libsodium's crypto_pwhash_str_alg at the
 * INTERACTIVE limits, the PHC string format). Every argon2id run, hashing
 * or checking, first takes a place at the gate: a counting semaphore made
 * of a mutex and a condition variable that waits on CLOCK_MONOTONIC, so a
 * change of wall-clock time neither lengthens nor cuts the wait. Tokens are
 * 32 bytes of randombytes_buf in base64url; the database keeps only their
 * BLAKE2b-256 hash, so a stolen table holds no usable session. This file
 * holds no keys and knows nothing of accounts or sessions (domain/auth.c).
 */
#include "crypto/sec.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "util/log.h"

#define TOKEN_RAW   32
#define ARGON2ID_PREFIX "$argon2id$"

/*
 * The gate. gate_running places are taken out of gate_max; waiters sleep
 * on gate_cond until one is given back or their deadline passes.
 */
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond;
static pthread_once_t gate_once = PTHREAD_ONCE_INIT;
static int gate_max = 2;
static int gate_wait_ms = 2000;
static int gate_running;
static int gate_public;      /* of gate_running, public work */

/* The stand-in hash for sec_pw_dummy_verify, made on first use. */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[SEC_PW_HASH_LEN];

static void
gate_init(void)
{
	pthread_condattr_t attr;

	if (pthread_condattr_init(&attr) != 0 ||
	    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&gate_cond, &attr) != 0) {
		/* Cannot happen on Linux; without the gate there is no safe
		 * service, so stop rather than run unbounded. */
		LOG_ERR("cannot set up the slow-hash gate");
		abort();
	}
	pthread_condattr_destroy(&attr);
}

enum sod_err
sec_init(void)
{
	if (sodium_init() < 0) {
		LOG_ERR("sodium_init failed");
		return SOD_ECRYPTO;
	}
	pthread_once(&gate_once, gate_init);
	return SOD_OK;
}

void
sec_slow_configure(int max_running, int wait_ms)
{
	pthread_once(&gate_once, gate_init);
	pthread_mutex_lock(&gate_lock);
	gate_max = max_running > 0 ? max_running : 1;
	gate_wait_ms = wait_ms >= 0 ? wait_ms : 0;
	/* A larger bound may let waiters in at once. */
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
}

/* now + ms on CLOCK_MONOTONIC, normalised. */
static void
deadline_after(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Public work may hold all places but one (and at least one). */
static bool
gate_full(bool public)
{
	int public_max = gate_max > 1 ? gate_max - 1 : 1;

	return gate_running >= gate_max || (public && gate_public >= public_max);
}

static enum sod_err
gate_enter(bool public)
{
	struct timespec until;
	enum sod_err err = SOD_OK;
	int rc = 0;

	pthread_once(&gate_once, gate_init);
	pthread_mutex_lock(&gate_lock);
	deadline_after(&until, gate_wait_ms);
	/* Loop: wake-ups may be spurious, or another waiter took the place. */
	while (gate_full(public) && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&gate_cond, &gate_lock, &until);
	if (gate_full(public)) {
		err = SOD_EBUSY;
	} else {
		gate_running++;
		if (public)
			gate_public++;
	}
	pthread_mutex_unlock(&gate_lock);
	return err;
}

enum sod_err
sec_slow_enter(void)
{
	return gate_enter(false);
}

enum sod_err
sec_slow_enter_public(void)
{
	return gate_enter(true);
}

static void
gate_leave(bool public)
{
	pthread_mutex_lock(&gate_lock);
	assert(gate_running > 0 && (!public || gate_public > 0));
	gate_running--;
	if (public)
		gate_public--;
	/* Waiters of both kinds: the one a signal would wake may be a public
	 * one that cannot take the place a staff waiter could. */
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
}

void
sec_slow_leave(void)
{
	gate_leave(false);
}

void
sec_slow_leave_public(void)
{
	gate_leave(true);
}

static bool
is_pw_ok(const char *pw, size_t len)
{
	return pw != NULL && len > 0 && len <= SEC_PW_MAX;
}

static bool
is_argon2id(const char *hash)
{
	size_t n;

	if (hash == NULL)
		return false;
	n = strnlen(hash, SEC_PW_HASH_LEN);
	return n < SEC_PW_HASH_LEN &&
	    strncmp(hash, ARGON2ID_PREFIX, sizeof(ARGON2ID_PREFIX) - 1) == 0;
}

/* argon2id of pw into out; the caller holds a place at the gate. */
static int
pw_hash_raw(char out[SEC_PW_HASH_LEN], const char *pw, size_t len)
{
	return crypto_pwhash_str_alg(out, pw, len,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
}

enum sod_err
sec_pw_hash(const char *pw, size_t len, char out[SEC_PW_HASH_LEN])
{
	enum sod_err err;
	int rc;

	if (!is_pw_ok(pw, len))
		return SOD_EINVAL;
	if ((err = sec_slow_enter()) != SOD_OK)
		return err;
	rc = pw_hash_raw(out, pw, len);
	sec_slow_leave();
	if (rc != 0) {
		LOG_ERR("argon2id failed (out of memory?)");
		out[0] = '\0';
		return SOD_ENOMEM;
	}
	return SOD_OK;
}

static void
dummy_init(void)
{
	static const char pw[] = "sodsong: no such account";

	if (pw_hash_raw(dummy_hash, pw, sizeof(pw) - 1) != 0) {
		LOG_ERR("argon2id failed for the dummy hash");
		dummy_hash[0] = '\0';
	}
}

/*
 * One verification against the dummy hash, in a place already taken. The
 * first call also makes the hash; both count against the same place, so
 * the gate still bounds the memory in use.
 */
static void
dummy_verify_raw(const char *pw, size_t len)
{
	int rc = -1;

	pthread_once(&dummy_once, dummy_init);
	if (dummy_hash[0] != '\0')
		rc = crypto_pwhash_str_verify(dummy_hash, pw, len);
	/* Whatever it says, the answer is no: there is no account. */
	(void)rc;
}

enum sod_err
sec_pw_verify(const char *hash, const char *pw, size_t len)
{
	enum sod_err err;
	int rc = -1;

	if (!is_pw_ok(pw, len))
		return SOD_EINVAL;
	if ((err = sec_slow_enter()) != SOD_OK)
		return err;
	if (is_argon2id(hash))
		rc = crypto_pwhash_str_verify(hash, pw, len);
	else {
		/* A damaged stored hash: refuse, but in the usual time. */
		LOG_WARN("stored password hash is not argon2id");
		dummy_verify_raw(pw, len);
	}
	sec_slow_leave();
	return rc == 0 ? SOD_OK : SOD_EAUTH;
}

enum sod_err
sec_pw_dummy_verify(const char *pw, size_t len)
{
	enum sod_err err;

	if (!is_pw_ok(pw, len))
		return SOD_EINVAL;
	if ((err = sec_slow_enter()) != SOD_OK)
		return err;
	dummy_verify_raw(pw, len);
	sec_slow_leave();
	return SOD_EAUTH;
}

void
sec_token_new(char out[SEC_TOKEN_LEN + 1])
{
	unsigned char raw[TOKEN_RAW];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, SEC_TOKEN_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
sec_token_hash(const char *token, char out[SEC_TOKEN_HASH_LEN + 1])
{
	unsigned char h[SEC_TOKEN_HASH_LEN / 2];

	assert(token != NULL);
	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
	    strlen(token), NULL, 0);
	sodium_bin2hex(out, SEC_TOKEN_HASH_LEN + 1, h, sizeof(h));
}

void
sec_random_password(char *out, size_t n)
{
	/* No 0/O/o, 1/l/I: the first password is read aloud or copied by hand. */
	static const char alphabet[] =
	    "abcdefghijkmnpqrstuvwxyz"
	    "ABCDEFGHJKLMNPQRSTUVWXYZ"
	    "23456789";

	assert(out != NULL);
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[n] = '\0';
}

unsigned
sec_random_below(unsigned upper)
{
	assert(upper > 0);
	return randombytes_uniform(upper);
}
