/*
 * envelope.c — see envelope.h. libsodium does the cryptography: X25519
 * and crypto_box_seal for sealing, XChaCha20-Poly1305 for encryption,
 * BLAKE2b for derivation, argon2id for passwords.
 */
#include "crypto/envelope.h"

#include <string.h>

#include <sodium.h>

#include "crypto/sec.h"

#define NONCE  crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG    crypto_aead_xchacha20poly1305_ietf_ABYTES
#define SALT   crypto_pwhash_SALTBYTES
#define SEAL   crypto_box_SEALBYTES
#define ENV_MAX (64u << 20)
#define B64    sodium_base64_VARIANT_ORIGINAL

void
env_keypair(unsigned char pk[ENV_KEY_LEN], unsigned char sk[ENV_KEY_LEN])
{
	crypto_box_keypair(pk, sk);
}

void
env_random_key(unsigned char key[ENV_KEY_LEN])
{
	randombytes_buf(key, ENV_KEY_LEN);
}

void
env_derive(const unsigned char key[ENV_KEY_LEN], const char *purpose,
           unsigned char out[ENV_KEY_LEN])
{
	crypto_generichash(out, ENV_KEY_LEN, (const unsigned char *)purpose, strlen(purpose),
	                   key, ENV_KEY_LEN);
}

static char *
to_base64(struct arena *a, const unsigned char *p, size_t n)
{
	size_t len = sodium_base64_encoded_len(n, B64);
	char *out = arena_alloc(a, len);

	if (out != NULL)
		sodium_bin2base64(out, len, p, n, B64);
	return out;
}

/* Decode base64 text into the arena; NULL if malformed. */
static unsigned char *
from_base64(struct arena *a, const char *in, size_t *n_out)
{
	size_t len = strlen(in);
	unsigned char *out;

	if (len > ENV_MAX * 2 || (out = arena_alloc(a, len + 1)) == NULL)
		return NULL;
	if (sodium_base642bin(out, len, in, len, NULL, n_out, NULL, B64) != 0)
		return NULL;
	return out;
}

enum sod_err
env_encrypt(struct arena *a, const unsigned char key[ENV_KEY_LEN], const char *ctx,
            const void *plain, size_t n, char **out)
{
	unsigned char *raw;

	if (n > ENV_MAX)
		return SOD_ETOOBIG;
	if ((raw = arena_alloc(a, NONCE + n + TAG)) == NULL)
		return SOD_ENOMEM;
	randombytes_buf(raw, NONCE);
	crypto_aead_xchacha20poly1305_ietf_encrypt(raw + NONCE, NULL, plain, n,
	                                           (const unsigned char *)ctx, strlen(ctx),
	                                           NULL, raw, key);
	*out = to_base64(a, raw, NONCE + n + TAG);
	return *out ? SOD_OK : SOD_ENOMEM;
}

enum sod_err
env_decrypt(struct arena *a, const unsigned char key[ENV_KEY_LEN], const char *ctx,
            const char *in, char **plain_out, size_t *n_out)
{
	unsigned char *raw, *plain;
	unsigned long long plen;
	size_t n;

	if ((raw = from_base64(a, in, &n)) == NULL || n < NONCE + TAG)
		return SOD_ECRYPTO;
	if ((plain = arena_alloc(a, n - NONCE - TAG + 1)) == NULL)
		return SOD_ENOMEM;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, &plen, NULL, raw + NONCE,
	                                               n - NONCE, (const unsigned char *)ctx,
	                                               strlen(ctx), raw, key) != 0)
		return SOD_ECRYPTO;
	plain[plen] = '\0';
	*plain_out = (char *)plain;
	if (n_out != NULL)
		*n_out = (size_t)plen;
	return SOD_OK;
}

enum sod_err
env_wrap(struct arena *a, const unsigned char key[ENV_KEY_LEN], const char *ctx,
         const unsigned char secret[ENV_KEY_LEN], char **out)
{
	return env_encrypt(a, key, ctx, secret, ENV_KEY_LEN, out);
}

enum sod_err
env_unwrap(const unsigned char key[ENV_KEY_LEN], const char *ctx, const char *in,
           unsigned char secret_out[ENV_KEY_LEN])
{
	struct arena *a = arena_new(4096);
	char *plain;
	size_t n;
	enum sod_err err;

	if (a == NULL)
		return SOD_ENOMEM;
	err = strlen(in) > 512 ? SOD_ECRYPTO : env_decrypt(a, key, ctx, in, &plain, &n);
	if (!err && n != ENV_KEY_LEN)
		err = SOD_ECRYPTO;
	if (!err)
		memcpy(secret_out, plain, ENV_KEY_LEN);
	arena_free(&a);
	return err;
}

enum sod_err
env_seal(struct arena *a, const unsigned char pk[ENV_KEY_LEN],
         const unsigned char secret[ENV_KEY_LEN], char **out)
{
	unsigned char raw[SEAL + ENV_KEY_LEN];

	if (crypto_box_seal(raw, secret, ENV_KEY_LEN, pk) != 0)
		return SOD_ECRYPTO;
	*out = to_base64(a, raw, sizeof(raw));
	return *out ? SOD_OK : SOD_ENOMEM;
}

enum sod_err
env_open(const unsigned char pk[ENV_KEY_LEN], const unsigned char sk[ENV_KEY_LEN],
         const char *in, unsigned char secret_out[ENV_KEY_LEN])
{
	unsigned char raw[SEAL + ENV_KEY_LEN + 1];
	size_t n;

	if (strlen(in) > 2 * sizeof(raw) ||
	    sodium_base642bin(raw, sizeof(raw), in, strlen(in), NULL, &n, NULL, B64) != 0 ||
	    n != SEAL + ENV_KEY_LEN ||
	    crypto_box_seal_open(secret_out, raw, n, pk, sk) != 0)
		return SOD_ECRYPTO;
	return SOD_OK;
}

/* The password's key: argon2id of pw with salt, through the gate. */
static enum sod_err
password_key(const char *pw, size_t len, const unsigned char salt[SALT],
             unsigned char key[ENV_KEY_LEN])
{
	enum sod_err err;
	int rc;

	if (pw == NULL || len == 0 || len > SEC_PW_MAX)
		return SOD_EINVAL;
	if ((err = sec_slow_enter()) != SOD_OK)
		return err;
	rc = crypto_pwhash(key, ENV_KEY_LEN, pw, len, salt, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                   crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
	sec_slow_leave();
	return rc == 0 ? SOD_OK : SOD_ENOMEM;
}

enum sod_err
env_wrap_password(struct arena *a, const unsigned char secret[ENV_KEY_LEN],
                  const char *pw, size_t len, char **out)
{
	unsigned char salt[SALT], key[ENV_KEY_LEN];
	char *wrapped, *salt_text;
	enum sod_err err;

	randombytes_buf(salt, sizeof(salt));
	if ((err = password_key(pw, len, salt, key)) != SOD_OK)
		return err;
	err = env_wrap(a, key, "sodsong/account-key/v1", secret, &wrapped);
	sodium_memzero(key, sizeof(key));
	if (err)
		return err;
	if ((salt_text = to_base64(a, salt, sizeof(salt))) == NULL ||
	    (*out = arena_printf(a, "%s$%s", salt_text, wrapped)) == NULL)
		return SOD_ENOMEM;
	return SOD_OK;
}

enum sod_err
env_unwrap_password(const char *in, const char *pw, size_t len,
                    unsigned char secret_out[ENV_KEY_LEN])
{
	unsigned char salt[SALT + 1], key[ENV_KEY_LEN];
	const char *dollar = strchr(in, '$');
	size_t n;
	enum sod_err err;

	if (dollar == NULL ||
	    sodium_base642bin(salt, sizeof(salt), in, (size_t)(dollar - in), NULL, &n, NULL,
	                      B64) != 0 || n != SALT)
		return SOD_ECRYPTO;
	if ((err = password_key(pw, len, salt, key)) != SOD_OK)
		return err;
	err = env_unwrap(key, "sodsong/account-key/v1", dollar + 1, secret_out);
	sodium_memzero(key, sizeof(key));
	return err == SOD_ECRYPTO ? SOD_EAUTH : err;
}

enum sod_err
env_key_text(struct arena *a, const unsigned char key[ENV_KEY_LEN], char **out)
{
	*out = to_base64(a, key, ENV_KEY_LEN);
	return *out ? SOD_OK : SOD_ENOMEM;
}

enum sod_err
env_key_parse(const char *text, unsigned char key_out[ENV_KEY_LEN])
{
	unsigned char raw[ENV_KEY_LEN + 1];
	size_t n;

	if (strlen(text) > 64 ||
	    sodium_base642bin(raw, sizeof(raw), text, strlen(text), NULL, &n, NULL, B64) != 0 ||
	    n != ENV_KEY_LEN)
		return SOD_EINVAL;
	memcpy(key_out, raw, ENV_KEY_LEN);
	return SOD_OK;
}
