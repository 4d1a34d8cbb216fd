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

/* sodium_init(); call once before anything else. */
enum sod_err sec_init(void);

/*
 * Bound on concurrent slow hashes, and how long a caller may wait for a
 * place (milliseconds). Set before serving; defaults 2 and 2000.
 */
void sec_slow_configure(int max_running, int wait_ms);

/* Hash a password into out (NUL-terminated argon2id string). */
enum sod_err sec_pw_hash(const char *pw, size_t len, char out[SEC_PW_HASH_LEN]);

/*
 * Check a password: SOD_OK if it matches, SOD_EAUTH if not, SOD_EBUSY if
 * no slow-hash place came free in time.
 */
enum sod_err sec_pw_verify(const char *hash, const char *pw, size_t len);

/*
 * Spend the time of one verification without a stored hash, so that a
 * wrong user name costs as long as a wrong password.
 */
enum sod_err sec_pw_dummy_verify(const char *pw, size_t len);

/* 32 random bytes as base64url text (SEC_TOKEN_LEN chars + NUL). */
void sec_token_new(char out[SEC_TOKEN_LEN + 1]);

/* Hex of BLAKE2b-256 of a token: what the database stores. */
void sec_token_hash(const char *token, char out[SEC_TOKEN_HASH_LEN + 1]);

/* A random password of n characters from an unambiguous alphabet. */
void sec_random_password(char *out, size_t n);

/* Random integer in [0, upper). */
unsigned sec_random_below(unsigned upper);

#endif
