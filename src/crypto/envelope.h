/*
 * envelope.h — the keys that keep tips unreadable at rest.
 *
 * The design (docs/crypto.md says it in full):
 *
 *   account key pair   X25519; the secret key is wrapped under a key
 *                      derived from the account's password (argon2id), and
 *                      for the life of a session, re-wrapped under a key
 *                      derived from the session token, which only the
 *                      client holds.
 *   unit key pair      X25519, one per unit that receives tips; the secret
 *                      key is sealed (crypto_box_seal) to each account that
 *                      may read the unit's tips.
 *   tip key            32 random bytes per tip; the tip's content, messages
 *                      and files are encrypted with keys derived from it; it
 *                      is sealed to every unit on the path from the receiving
 *                      unit to the root, and wrapped under a key derived
 *                      from the reporter's receipt.
 *
 * A copy of the data folder (database, files, secret.key) holds none of
 * the keys in the clear. All outputs are base64 text for the database.
 */
#ifndef SOD_CRYPTO_ENVELOPE_H
#define SOD_CRYPTO_ENVELOPE_H

#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

#define ENV_KEY_LEN 32

/* A new X25519 key pair. */
void env_keypair(unsigned char pk[ENV_KEY_LEN], unsigned char sk[ENV_KEY_LEN]);

/* 32 random bytes (a tip key). */
void env_random_key(unsigned char key[ENV_KEY_LEN]);

/* A subkey of key for a purpose (BLAKE2b keyed), e.g. "content", "file:3". */
void env_derive(const unsigned char key[ENV_KEY_LEN], const char *purpose,
                unsigned char out[ENV_KEY_LEN]);

/*
 * Encrypt n bytes under key with ctx as associated data (XChaCha20-Poly1305,
 * random nonce); *out is base64 text in the arena. env_decrypt gives the
 * plaintext NUL-terminated in the arena (wiped when the arena is freed);
 * SOD_ECRYPTO if altered, or another key or context.
 */
enum sod_err env_encrypt(struct arena *a, const unsigned char key[ENV_KEY_LEN],
                         const char *ctx, const void *plain, size_t n, char **out);
enum sod_err env_decrypt(struct arena *a, const unsigned char key[ENV_KEY_LEN],
                         const char *ctx, const char *in, char **plain_out,
                         size_t *n_out);

/* Wrap a 32-byte secret under key (env_encrypt of exactly 32 bytes). */
enum sod_err env_wrap(struct arena *a, const unsigned char key[ENV_KEY_LEN],
                      const char *ctx, const unsigned char secret[ENV_KEY_LEN],
                      char **out);
enum sod_err env_unwrap(const unsigned char key[ENV_KEY_LEN], const char *ctx,
                        const char *in, unsigned char secret_out[ENV_KEY_LEN]);

/* Seal a 32-byte secret to a public key (anonymous sender), and open it. */
enum sod_err env_seal(struct arena *a, const unsigned char pk[ENV_KEY_LEN],
                      const unsigned char secret[ENV_KEY_LEN], char **out);
enum sod_err env_open(const unsigned char pk[ENV_KEY_LEN],
                      const unsigned char sk[ENV_KEY_LEN], const char *in,
                      unsigned char secret_out[ENV_KEY_LEN]);

/*
 * Wrap a secret key under a password: a fresh salt, argon2id at the
 * INTERACTIVE limits (through the slow-hash gate: SOD_EBUSY when full),
 * then env_wrap. The text holds the salt. env_unwrap_password gives
 * SOD_EAUTH for a wrong password.
 */
enum sod_err env_wrap_password(struct arena *a, const unsigned char secret[ENV_KEY_LEN],
                               const char *pw, size_t len, char **out);
enum sod_err env_unwrap_password(const char *in, const char *pw, size_t len,
                                 unsigned char secret_out[ENV_KEY_LEN]);

/* Keys as base64 text and back (public keys are stored this way). */
enum sod_err env_key_text(struct arena *a, const unsigned char key[ENV_KEY_LEN], char **out);
enum sod_err env_key_parse(const char *text, unsigned char key_out[ENV_KEY_LEN]);

#endif
