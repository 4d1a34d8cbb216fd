/*
 * sec.h — the libsodium wrappers Sodsong uses: passwords, random tokens,
 * and the gate that bounds slow hashes.
 *
 * Passwords (and, later, tip receipts) are hashed with argon2id at
 * libsodium's INTERACTIVE limits (~50 ms, 64 MiB each). Two at once fill a
 * 2-core machine, so every slow hash passes sec_slow_enter(): at most
 * SEC_SLOW_MAX run at once, a caller waits at most a short time for a
 * place and otherwise gets SOD_EBUSY, which the web layer answers with 503
 * and Retry-After. A flood of wrong passwords thus cannot starve the rest.
 */
#ifndef SOD_CRYPTO_SEC_H
#define SOD_CRYPTO_SEC_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define SEC_PW_HASH_LEN   128  /* crypto_pwhash_STRBYTES */
#define SEC_TOKEN_LEN     43   /* 32 random bytes, base64url, no padding */
#define SEC_TOKEN_HASH_LEN 64  /* hex of a 32-byte BLAKE2b */
#define SEC_PW_MAX        1024 /* longest password accepted, in bytes */

/* sodium_init(); call once before anything else. */
enum sod_err sec_init(void);

/*
 * Bound on concurrent slow hashes, and how long a caller may wait for a
 * place (milliseconds). Set before serving; defaults 2 and 2000.
 */
void sec_slow_configure(int max_running, int wait_ms);

/*
 * Take a place among the slow hashes: SOD_OK once one is free, SOD_EBUSY if
 * none came free within the configured wait. Every SOD_OK must be matched
 * by exactly one sec_slow_leave(). The password functions below do this
 * themselves; callers use it for other argon2id work (tip receipts).
 */
enum sod_err sec_slow_enter(void);

/*
 * The same for work that anyone may cause without an account (tip
 * receipts, on filing and on entry): such work may hold at most
 * max_running - 1 places (at least 1), so that one place is always kept
 * for staff sign-in and a flood of tips or receipts never locks staff out
 * [slow-gate-staff-reserve]. Leave with sec_slow_leave_public().
 */
enum sod_err sec_slow_enter_public(void);

/* Give back a place taken by sec_slow_enter(). */
void sec_slow_leave(void);

/* Give back a place taken by sec_slow_enter_public(). */
void sec_slow_leave_public(void);

/*
 * Hash a password into out (NUL-terminated argon2id string). pw is len
 * bytes, not necessarily NUL-terminated. SOD_EINVAL if pw is NULL, empty or
 * longer than SEC_PW_MAX; SOD_EBUSY as for sec_slow_enter(); SOD_ENOMEM if
 * argon2id could not get its memory.
 */
enum sod_err sec_pw_hash(const char *pw, size_t len, char out[SEC_PW_HASH_LEN]);

/*
 * Check a password: SOD_OK if it matches, SOD_EAUTH if not (also if hash
 * is NULL or not an argon2id string), SOD_EBUSY if no slow-hash place came
 * free in time, SOD_EINVAL for a password sec_pw_hash would refuse.
 */
enum sod_err sec_pw_verify(const char *hash, const char *pw, size_t len);

/*
 * Spend the time of one verification without a stored hash, so that a
 * wrong user name costs as long as a wrong password. Returns SOD_EAUTH
 * (never SOD_OK), or SOD_EINVAL / SOD_EBUSY exactly as sec_pw_verify.
 */
enum sod_err sec_pw_dummy_verify(const char *pw, size_t len);

/* 32 random bytes as base64url text (SEC_TOKEN_LEN chars + NUL). */
void sec_token_new(char out[SEC_TOKEN_LEN + 1]);

/* Hex of BLAKE2b-256 of a token: what the database stores. */
void sec_token_hash(const char *token, char out[SEC_TOKEN_HASH_LEN + 1]);

/*
 * A random password of n characters from an unambiguous alphabet (no
 * 0/O/o, 1/l/I), NUL-terminated: out holds n + 1 bytes.
 */
void sec_random_password(char *out, size_t n);

/* Uniform random integer in [0, upper); upper must be at least 1. */
unsigned sec_random_below(unsigned upper);

#endif
