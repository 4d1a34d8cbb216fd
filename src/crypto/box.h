/*
 * box.h — the data folder's server key, and values sealed with it.
 *
 * `sodsong init` writes 32 random bytes to DIR/secret.key (mode 0600);
 * the database never holds that key. Values that must not be readable from
 * a copy of the database alone (TOTP secrets now; the search-index key
 * later) are sealed with XChaCha20-Poly1305 under it: the stored text is
 * base64 of nonce ‖ ciphertext ‖ tag, with a context string as associated
 * data so that a value sealed for one purpose cannot be replayed as another.
 * The key lives in sodium_malloc memory, locked and guarded.
 */
#ifndef SOD_CRYPTO_BOX_H
#define SOD_CRYPTO_BOX_H

#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

struct box;

/* Write a new random key file at path; refuses to overwrite (SOD_ECONFLICT). */
enum sod_err box_keyfile_create(const char *path);

/* Load the key at path: SOD_EIO if unreadable, SOD_ECRYPTO if not 32 bytes. */
enum sod_err box_open(const char *path, struct box **out);

/* Wipe and free; sets *b to NULL. */
void box_free(struct box **b);

/* Seal plain[0..n) for context ctx; the result (base64 text) in the arena. */
enum sod_err box_seal(const struct box *b, struct arena *a, const char *ctx,
                      const void *plain, size_t n, char **sealed_out);

/*
 * Open what box_seal made for the same ctx; the plaintext, NUL-terminated,
 * in the arena (which wipes it when freed). SOD_ECRYPTO if it was altered,
 * sealed under another key or for another context.
 */
enum sod_err box_open_sealed(const struct box *b, struct arena *a, const char *ctx,
                             const char *sealed, char **plain_out, size_t *n_out);

/* Derive a 32-byte subkey for a named purpose (BLAKE2b keyed with the key). */
void box_subkey(const struct box *b, const char *purpose, unsigned char out[32]);

#endif
