/*
 * test_sec.c — passwords, the slow-hash gate, tokens and random helpers
 * (crypto/sec.c).
 *
 * The password tests run real argon2id at the INTERACTIVE limits, so each
 * costs tens of milliseconds; the gate tests hold places with
 * sec_slow_enter() to make busy and waiting states certain rather than
 * likely.
 */
#include "harness.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "crypto/sec.h"

#define GATE_DEFAULT_MAX  2
#define GATE_DEFAULT_WAIT 2000

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void
setup(void)
{
	CHECK(sec_init() == SOD_OK);
	sec_slow_configure(GATE_DEFAULT_MAX, GATE_DEFAULT_WAIT);
}

/* ---- passwords ------------------------------------------------------- */

static void
test_pw_right_and_wrong(void)
{
	static char longest[SEC_PW_MAX];
	static const struct {
		const char *pw;
		size_t len;          /* 0: strlen(pw) */
		const char *wrong;
		size_t wrong_len;    /* 0: strlen(wrong) */
	} cases[] = {
		{ "correct horse battery", 0, "Correct horse battery", 0 },
		{ "correct horse battery", 0, "correct horse batter", 0 },
		{ "correct horse battery", 0, "correct horse battery ", 0 },
		/* Bytes after a NUL count: the length is the password. */
		{ "abc\0def", 7, "abc\0deg", 7 },
		{ "abc\0def", 7, "abc", 0 },
		{ "รหัสผ่านลับ๑๒๓", 0, "รหัสผ่านลับ123", 0 },
		{ "x", 0, "y", 0 },
		{ longest, SEC_PW_MAX, longest, SEC_PW_MAX - 1 },
	};
	char hash[SEC_PW_HASH_LEN];

	setup();
	memset(longest, 'p', sizeof(longest));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].pw);
		size_t wlen = cases[i].wrong_len ? cases[i].wrong_len :
		    strlen(cases[i].wrong);

		CHECK(sec_pw_hash(cases[i].pw, len, hash) == SOD_OK);
		CHECK(sec_pw_verify(hash, cases[i].pw, len) == SOD_OK);
		CHECK(sec_pw_verify(hash, cases[i].wrong, wlen) == SOD_EAUTH);
	}
}

static void
test_pw_hash_is_salted_argon2id(void)
{
	char h1[SEC_PW_HASH_LEN], h2[SEC_PW_HASH_LEN];
	static const char pw[] = "same password twice";
	/* argon2id, INTERACTIVE: 64 MiB, two passes. */
	static const char prefix[] = "$argon2id$v=19$m=65536,t=2,p=1$";

	setup();
	CHECK(sec_pw_hash(pw, strlen(pw), h1) == SOD_OK);
	CHECK(sec_pw_hash(pw, strlen(pw), h2) == SOD_OK);
	CHECK(strncmp(h1, prefix, strlen(prefix)) == 0);
	CHECK(strnlen(h1, sizeof(h1)) < sizeof(h1));
	CHECK(strcmp(h1, h2) != 0);
	CHECK(sec_pw_verify(h1, pw, strlen(pw)) == SOD_OK);
	CHECK(sec_pw_verify(h2, pw, strlen(pw)) == SOD_OK);
}

static void
test_pw_refuses_empty_and_oversized(void)
{
	static char big[SEC_PW_MAX + 1];
	char hash[SEC_PW_HASH_LEN], good[SEC_PW_HASH_LEN];

	setup();
	memset(big, 'p', sizeof(big));
	CHECK(sec_pw_hash("x", 0, hash) == SOD_EINVAL);
	CHECK(sec_pw_hash("", 0, hash) == SOD_EINVAL);
	CHECK(sec_pw_hash(NULL, 5, hash) == SOD_EINVAL);
	CHECK(sec_pw_hash(big, sizeof(big), hash) == SOD_EINVAL);
	CHECK(sec_pw_hash(big, SIZE_MAX, hash) == SOD_EINVAL);

	/* Verification refuses the same inputs, even against their hash. */
	CHECK(sec_pw_hash(big, SEC_PW_MAX, good) == SOD_OK);
	CHECK(sec_pw_verify(good, big, SEC_PW_MAX) == SOD_OK);
	CHECK(sec_pw_verify(good, big, sizeof(big)) == SOD_EINVAL);
	CHECK(sec_pw_verify(good, "", 0) == SOD_EINVAL);
	CHECK(sec_pw_verify(good, NULL, 1) == SOD_EINVAL);
	CHECK(sec_pw_dummy_verify("", 0) == SOD_EINVAL);
	CHECK(sec_pw_dummy_verify(big, sizeof(big)) == SOD_EINVAL);
}

static void
test_pw_damaged_hash_refused(void)
{
	static const char pw[] = "hunter2-ยาวพอ";
	char good[SEC_PW_HASH_LEN], argon2i[SEC_PW_HASH_LEN];
	char tampered[SEC_PW_HASH_LEN], unterminated[SEC_PW_HASH_LEN * 2];
	size_t n;

	setup();
	CHECK(sec_pw_hash(pw, strlen(pw), good) == SOD_OK);

	/* The last character is part of the digest. */
	memcpy(tampered, good, sizeof(tampered));
	n = strlen(tampered);
	tampered[n - 1] = tampered[n - 1] == 'A' ? 'B' : 'A';
	CHECK(sec_pw_verify(tampered, pw, strlen(pw)) == SOD_EAUTH);

	/* A correct argon2i hash of the right password: not our algorithm. */
	CHECK(crypto_pwhash_str_alg(argon2i, pw, strlen(pw),
	    crypto_pwhash_argon2i_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_argon2i_MEMLIMIT_INTERACTIVE,
	    crypto_pwhash_ALG_ARGON2I13) == 0);
	CHECK(strncmp(argon2i, "$argon2i$", 9) == 0);
	CHECK(sec_pw_verify(argon2i, pw, strlen(pw)) == SOD_EAUTH);

	/* A stored value longer than any hash, with no NUL in reach. */
	memset(unterminated, 'x', sizeof(unterminated) - 1);
	memcpy(unterminated, good, strlen(good));
	unterminated[sizeof(unterminated) - 1] = '\0';
	CHECK(sec_pw_verify(unterminated, pw, strlen(pw)) == SOD_EAUTH);

	CHECK(sec_pw_verify(NULL, pw, strlen(pw)) == SOD_EAUTH);
	CHECK(sec_pw_verify("", pw, strlen(pw)) == SOD_EAUTH);
	CHECK(sec_pw_verify("$argon2id$", pw, strlen(pw)) == SOD_EAUTH);
	CHECK(sec_pw_verify("$2b$12$abcdefghijklmnopqrstuv", pw, strlen(pw)) ==
	    SOD_EAUTH);
	CHECK(sec_pw_verify(pw, pw, strlen(pw)) == SOD_EAUTH);
}

/* Timing: a wrong user name costs about what a wrong password costs. */
static void
test_pw_dummy_costs_a_verification(void)
{
	static const char pw[] = "guess";
	char hash[SEC_PW_HASH_LEN];
	int64_t t0, real = INT64_MAX, dummy = INT64_MAX;

	setup();
	CHECK(sec_pw_hash(pw, strlen(pw), hash) == SOD_OK);
	/* The first dummy call also makes its hash; time the later ones. */
	CHECK(sec_pw_dummy_verify(pw, strlen(pw)) == SOD_EAUTH);
	for (int i = 0; i < 2; i++) {
		t0 = now_ms();
		CHECK(sec_pw_verify(hash, "wrong", 5) == SOD_EAUTH);
		if (now_ms() - t0 < real)
			real = now_ms() - t0;
		t0 = now_ms();
		CHECK(sec_pw_dummy_verify(pw, strlen(pw)) == SOD_EAUTH);
		if (now_ms() - t0 < dummy)
			dummy = now_ms() - t0;
	}
	/* Lower bounds only: both really ran argon2id. Comparing the two (or
	 * any upper bound) fails on a loaded machine: timing is not asserted. */
	CHECK(real >= 5);
	CHECK(dummy >= 5);
}

/* ---- the slow-hash gate --------------------------------------------- */

/* With every place taken, a caller waits wait_ms and then gets SOD_EBUSY. */
static void
test_gate_busy_after_wait(void)
{
	static const char pw[] = "pw";
	char hash[SEC_PW_HASH_LEN];
	int64_t t0, waited;

	setup();
	CHECK(sec_pw_hash(pw, 2, hash) == SOD_OK);
	sec_slow_configure(1, 50);
	CHECK(sec_slow_enter() == SOD_OK);

	t0 = now_ms();
	CHECK(sec_pw_verify(hash, pw, 2) == SOD_EBUSY);
	waited = now_ms() - t0;
	CHECK(waited >= 45);  /* it did wait; how much longer depends on the load */
	CHECK(sec_pw_hash(pw, 2, hash) == SOD_EBUSY);
	CHECK(sec_pw_dummy_verify(pw, 2) == SOD_EBUSY);

	sec_slow_leave();
	CHECK(sec_pw_verify(hash, pw, 2) == SOD_OK);
	sec_slow_configure(GATE_DEFAULT_MAX, GATE_DEFAULT_WAIT);
}

static void
test_gate_zero_wait_refuses_at_once(void)
{
	setup();
	sec_slow_configure(1, 0);
	CHECK(sec_slow_enter() == SOD_OK);
	/* No wait: refused without a place coming back (this thread holds the
	 * only one, so a wait for it would never end and ctest would time out). */
	CHECK(sec_slow_enter() == SOD_EBUSY);
	sec_slow_leave();
	CHECK(sec_slow_enter() == SOD_OK);
	sec_slow_leave();
	sec_slow_configure(GATE_DEFAULT_MAX, GATE_DEFAULT_WAIT);
}

/* Public work (receipts) never takes the last place: it is staff's
 * [slow-gate-staff-reserve]. */
static void
test_gate_keeps_a_place_for_staff(void)
{
	setup();
	sec_slow_configure(2, 0);
	CHECK(sec_slow_enter_public() == SOD_OK);
	CHECK(sec_slow_enter_public() == SOD_EBUSY);   /* the last place is kept */
	CHECK(sec_slow_enter() == SOD_OK);             /* staff take it */
	CHECK(sec_slow_enter() == SOD_EBUSY);
	sec_slow_leave();                              /* staff's back */
	CHECK(sec_slow_enter_public() == SOD_EBUSY);   /* still one public running */
	sec_slow_leave_public();                       /* the public one back */
	CHECK(sec_slow_enter_public() == SOD_OK);
	sec_slow_leave_public();
	/* With one place in all, public work may still run (alone). */
	sec_slow_configure(1, 0);
	CHECK(sec_slow_enter_public() == SOD_OK);
	CHECK(sec_slow_enter() == SOD_EBUSY);
	sec_slow_leave_public();
	CHECK(sec_slow_enter() == SOD_OK);
	sec_slow_leave();
	sec_slow_configure(GATE_DEFAULT_MAX, GATE_DEFAULT_WAIT);
}

/* The gate counts: max_running places, no more, and each comes back. */
static void
test_gate_counts_places(void)
{
	setup();
	sec_slow_configure(3, 10);
	CHECK(sec_slow_enter() == SOD_OK);
	CHECK(sec_slow_enter() == SOD_OK);
	CHECK(sec_slow_enter() == SOD_OK);
	CHECK(sec_slow_enter() == SOD_EBUSY);
	sec_slow_leave();
	CHECK(sec_slow_enter() == SOD_OK);
	CHECK(sec_slow_enter() == SOD_EBUSY);
	sec_slow_leave();
	sec_slow_leave();
	sec_slow_leave();
	/* All given back: three again. */
	for (int i = 0; i < 3; i++)
		CHECK(sec_slow_enter() == SOD_OK);
	CHECK(sec_slow_enter() == SOD_EBUSY);
	for (int i = 0; i < 3; i++)
		sec_slow_leave();
	sec_slow_configure(GATE_DEFAULT_MAX, GATE_DEFAULT_WAIT);
}

struct waiter {
	const char *hash;
	enum sod_err result;
	int done;               /* read and written with __atomic */
	bool use_enter;         /* sec_slow_enter instead of sec_pw_verify */
};

static void *
waiter_run(void *arg)
{
	struct waiter *w = arg;

	if (w->use_enter)
		w->result = sec_slow_enter();
	else
		w->result = sec_pw_verify(w->hash, "pw", 2);
	__atomic_store_n(&w->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* A caller that waits gets the place as soon as it is given back. */
static void
test_gate_waiter_gets_freed_place(void)
{
	char hash[SEC_PW_HASH_LEN];
	struct waiter w = { hash, SOD_ERR__MAX, 0, false };
	pthread_t th;

	setup();
	CHECK(sec_pw_hash("pw", 2, hash) == SOD_OK);
	sec_slow_configure(1, 10000);
	CHECK(sec_slow_enter() == SOD_OK);
	CHECK(pthread_create(&th, NULL, waiter_run, &w) == 0);
	sleep_ms(100);
	CHECK(__atomic_load_n(&w.done, __ATOMIC_SEQ_CST) == 0);   /* waiting */
	sec_slow_leave();
	pthread_join(th, NULL);
	CHECK(w.result == SOD_OK);
	sec_slow_configure(GATE_DEFAULT_MAX, GATE_DEFAULT_WAIT);
}

/* Raising the bound lets a waiter in without anyone leaving. */
static void
test_gate_configure_wakes_waiters(void)
{
	struct waiter w = { NULL, SOD_ERR__MAX, 0, true };
	pthread_t th;

	setup();
	sec_slow_configure(1, 10000);
	CHECK(sec_slow_enter() == SOD_OK);
	CHECK(pthread_create(&th, NULL, waiter_run, &w) == 0);
	sleep_ms(50);
	CHECK(__atomic_load_n(&w.done, __ATOMIC_SEQ_CST) == 0);
	sec_slow_configure(2, 10000);
	/* Let in now, not when its ten seconds run out. */
	for (int i = 0; i < 100 && !__atomic_load_n(&w.done, __ATOMIC_SEQ_CST); i++)
		sleep_ms(10);
	CHECK(__atomic_load_n(&w.done, __ATOMIC_SEQ_CST) == 1);
	pthread_join(th, NULL);
	CHECK(w.result == SOD_OK);
	sec_slow_leave();
	if (w.result == SOD_OK)
		sec_slow_leave();
	sec_slow_configure(GATE_DEFAULT_MAX, GATE_DEFAULT_WAIT);
}

#define FLOOD_THREADS 4

struct flood {
	pthread_barrier_t *start;
	const char *hash;
	enum sod_err result;
};

static void *
flood_run(void *arg)
{
	struct flood *f = arg;

	pthread_barrier_wait(f->start);
	f->result = sec_pw_verify(f->hash, "pw", 2);
	return NULL;
}

/* A flood of checks: one runs, the others are told to come back later. */
static void
test_gate_flood_gets_busy(void)
{
	char hash[SEC_PW_HASH_LEN];
	pthread_barrier_t start;
	pthread_t th[FLOOD_THREADS];
	struct flood f[FLOOD_THREADS];
	int ok = 0, busy = 0;

	setup();
	CHECK(sec_pw_hash("pw", 2, hash) == SOD_OK);
	sec_slow_configure(1, 1);
	pthread_barrier_init(&start, NULL, FLOOD_THREADS);
	for (int i = 0; i < FLOOD_THREADS; i++) {
		f[i] = (struct flood){ &start, hash, SOD_ERR__MAX };
		CHECK(pthread_create(&th[i], NULL, flood_run, &f[i]) == 0);
	}
	for (int i = 0; i < FLOOD_THREADS; i++) {
		pthread_join(th[i], NULL);
		ok += f[i].result == SOD_OK;
		busy += f[i].result == SOD_EBUSY;
	}
	pthread_barrier_destroy(&start);
	CHECK(ok >= 1);
	CHECK(busy >= 1);
	CHECK(ok + busy == FLOOD_THREADS);
	sec_slow_configure(GATE_DEFAULT_MAX, GATE_DEFAULT_WAIT);
}

/* ---- tokens ---------------------------------------------------------- */

static bool
is_base64url(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

#define NTOKENS 200

static void
test_token_format_and_uniqueness(void)
{
	static char tok[NTOKENS][SEC_TOKEN_LEN + 1];

	setup();
	for (int i = 0; i < NTOKENS; i++) {
		sec_token_new(tok[i]);
		CHECK(strlen(tok[i]) == SEC_TOKEN_LEN);
		CHECK(is_base64url(tok[i]));
	}
	for (int i = 0; i < NTOKENS; i++)
		for (int j = i + 1; j < NTOKENS; j++)
			CHECK(strcmp(tok[i], tok[j]) != 0);
}

static bool
is_lower_hex(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

static void
test_token_hash(void)
{
	/* BLAKE2b-256 reference values (Python hashlib.blake2b). */
	static const struct {
		const char *in, *want;
	} vec[] = {
		{ "abc",
		  "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319" },
		{ "",
		  "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8" },
		{ "โทเค็น",
		  "95b9fa039b129397d15756c773990846d14086bbcf9a784cf575d430ccb917ec" },
	};
	char tok[SEC_TOKEN_LEN + 1], other[SEC_TOKEN_LEN + 1];
	char h1[SEC_TOKEN_HASH_LEN + 1], h2[SEC_TOKEN_HASH_LEN + 1];

	setup();
	for (size_t i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		sec_token_hash(vec[i].in, h1);
		CHECK_STR(h1, vec[i].want);
	}

	sec_token_new(tok);
	sec_token_new(other);
	sec_token_hash(tok, h1);
	sec_token_hash(tok, h2);
	CHECK(strlen(h1) == SEC_TOKEN_HASH_LEN);
	CHECK(is_lower_hex(h1));
	CHECK_STR(h1, h2);                       /* stable */
	sec_token_hash(other, h2);
	CHECK(strcmp(h1, h2) != 0);
	/* The hash is not the token, nor does it contain it. */
	CHECK(strstr(h1, tok) == NULL);
}

/* ---- random helpers -------------------------------------------------- */

#define PW_ALPHABET \
	"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#define PW_DRAWS 28000   /* 500 per character of the alphabet */

static void
test_random_password_alphabet(void)
{
	static char out[PW_DRAWS + 2];
	size_t alpha = strlen(PW_ALPHABET);
	int count[256] = {0};
	int distinct = 0;

	setup();
	CHECK(alpha == 56);
	out[PW_DRAWS + 1] = '#';                 /* must survive */
	sec_random_password(out, PW_DRAWS);
	CHECK(strlen(out) == PW_DRAWS);
	CHECK(out[PW_DRAWS + 1] == '#');
	for (size_t i = 0; i < PW_DRAWS; i++)
		count[(unsigned char)out[i]]++;
	for (const char *c = "0Oo1lI"; *c != '\0'; c++)
		CHECK(count[(unsigned char)*c] == 0);
	for (int c = 0; c < 256; c++) {
		if (count[c] == 0)
			continue;
		distinct++;
		CHECK(strchr(PW_ALPHABET, c) != NULL);
		/* Uniform: 500 expected, sd about 22; 150 is near 7 sd. */
		CHECK(count[c] > 350 && count[c] < 650);
	}
	CHECK(distinct == (int)alpha);

	out[0] = 'z';
	sec_random_password(out, 0);
	CHECK(out[0] == '\0');
	sec_random_password(out, 16);
	CHECK(strlen(out) == 16);
}

static void
test_random_below(void)
{
	int count[6] = {0};

	setup();
	for (int i = 0; i < 100; i++)
		CHECK(sec_random_below(1) == 0);
	for (int i = 0; i < 6000; i++) {
		unsigned r = sec_random_below(6);

		CHECK(r < 6);
		if (r < 6)
			count[r]++;
	}
	for (int i = 0; i < 6; i++)
		CHECK(count[i] > 800 && count[i] < 1200);   /* sd about 29 */
	for (int i = 0; i < 100; i++)
		CHECK(sec_random_below(UINT_MAX) < UINT_MAX);
}

const struct test tests[] = {
	TEST(test_pw_right_and_wrong),
	TEST(test_pw_hash_is_salted_argon2id),
	TEST(test_pw_refuses_empty_and_oversized),
	TEST(test_pw_damaged_hash_refused),
	TEST(test_pw_dummy_costs_a_verification),
	TEST(test_gate_busy_after_wait),
	TEST(test_gate_zero_wait_refuses_at_once),
	TEST(test_gate_counts_places),
	TEST(test_gate_keeps_a_place_for_staff),
	TEST(test_gate_waiter_gets_freed_place),
	TEST(test_gate_configure_wakes_waiters),
	TEST(test_gate_flood_gets_busy),
	TEST(test_token_format_and_uniqueness),
	TEST(test_token_hash),
	TEST(test_random_password_alphabet),
	TEST(test_random_below),
	{0}
};
