/*
 * keys.c — see keys.h.
 */
#include "domain/keys.h"

#include <string.h>

#include <sodium.h>

#include "crypto/sec.h"
#include "util/log.h"

#define META_RECOVERY "recovery_public_key"
#define SESSION_CTX   "sodsong/session-key/v1"

enum sod_err
keys_init_recovery(struct sys *sys, struct arena *a, char **recovery_sk_out)
{
	unsigned char pk[ENV_KEY_LEN], sk[ENV_KEY_LEN];
	char *pk_text;
	enum sod_err err;

	env_keypair(pk, sk);
	if ((err = env_key_text(a, pk, &pk_text)) ||
	    (err = env_key_text(a, sk, recovery_sk_out)) ||
	    (err = store_meta_set(sys->store, META_RECOVERY, pk_text)))
		goto out;
out:
	sodium_memzero(sk, sizeof(sk));
	return err;
}

enum sod_err
keys_ensure_unit(struct sys *sys, struct arena *a, int64_t unit)
{
	unsigned char rpk[ENV_KEY_LEN], pk[ENV_KEY_LEN], sk[ENV_KEY_LEN];
	char *have, *sealed, *rpk_text, *pk_text;
	enum sod_err err = store_unit_key_get(sys->store, a, unit, &have, &sealed);

	if (err != SOD_ENOTFOUND)
		return err;
	if ((err = store_meta_get(sys->store, a, META_RECOVERY, &rpk_text)) != SOD_OK) {
		LOG_ERR("no recovery key: this data folder predates it");
		return err;
	}
	if ((err = env_key_parse(rpk_text, rpk)) != SOD_OK)
		return SOD_ECRYPTO;
	env_keypair(pk, sk);
	if (!(err = env_seal(a, rpk, sk, &sealed)) && !(err = env_key_text(a, pk, &pk_text)))
		err = store_unit_key_insert(sys->store, unit, pk_text, sealed);
	sodium_memzero(sk, sizeof(sk));
	return err;
}

enum sod_err
keys_account_unlock(struct sys *sys, struct arena *a, int64_t account, const char *password,
                    unsigned char sk_out[ENV_KEY_LEN])
{
	unsigned char pk[ENV_KEY_LEN];
	char *pk_text, *wrapped;
	enum sod_err err;

	if ((err = store_account_keys_get(sys->store, a, account, &pk_text, &wrapped)))
		return err;
	if (wrapped != NULL) {
		err = env_unwrap_password(wrapped, password, strlen(password), sk_out);
		if (err != SOD_EAUTH)
			return err;
		/* The password was reset by an operator: the old key is lost. */
		LOG_WARN("account %lld: key wrapped under an old password; making a new one",
		         (long long)account);
	}
	env_keypair(pk, sk_out);
	if ((err = env_key_text(a, pk, &pk_text)) ||
	    (err = env_wrap_password(a, sk_out, password, strlen(password), &wrapped)))
		return err;
	return store_account_keys_set(sys->store, account, pk_text, wrapped);
}

enum sod_err
keys_account_rewrap(struct sys *sys, struct arena *a, int64_t account,
                    const unsigned char sk[ENV_KEY_LEN], const char *password)
{
	char *pk_text, *wrapped;
	enum sod_err err;

	if ((err = store_account_keys_get(sys->store, a, account, &pk_text, &wrapped)))
		return err;
	if (pk_text == NULL)
		return SOD_OK;
	if ((err = env_wrap_password(a, sk, password, strlen(password), &wrapped)))
		return err;
	return store_account_keys_set(sys->store, account, pk_text, wrapped);
}

static void
session_key(const char *token, unsigned char key[ENV_KEY_LEN])
{
	crypto_generichash(key, ENV_KEY_LEN, (const unsigned char *)token, strlen(token),
	                   (const unsigned char *)SESSION_CTX, sizeof(SESSION_CTX) - 1);
}

enum sod_err
keys_session_store(struct sys *sys, struct arena *a, const char *token,
                   const unsigned char sk[ENV_KEY_LEN])
{
	unsigned char key[ENV_KEY_LEN];
	char hash[SEC_TOKEN_HASH_LEN + 1], *wrapped;
	enum sod_err err;

	session_key(token, key);
	err = env_wrap(a, key, SESSION_CTX, sk, &wrapped);
	sodium_memzero(key, sizeof(key));
	if (err)
		return err;
	sec_token_hash(token, hash);
	return store_session_set_sk(sys->store, hash, wrapped);
}

enum sod_err
keys_session_open(struct sys *sys, struct arena *a, const char *token,
                  unsigned char sk_out[ENV_KEY_LEN])
{
	unsigned char key[ENV_KEY_LEN];
	char hash[SEC_TOKEN_HASH_LEN + 1], *wrapped;
	enum sod_err err;

	sec_token_hash(token, hash);
	if ((err = store_session_get_sk(sys->store, a, hash, &wrapped)))
		return err;
	if (wrapped == NULL)
		return SOD_ENOTFOUND;
	session_key(token, key);
	err = env_unwrap(key, SESSION_CTX, wrapped, sk_out);
	sodium_memzero(key, sizeof(key));
	return err;
}

enum sod_err
keys_held(struct sys *sys, struct arena *a, int64_t account,
          const unsigned char sk[ENV_KEY_LEN], struct unit_secret **out, size_t *n_out)
{
	unsigned char pk[ENV_KEY_LEN];
	struct holder_rec *h;
	struct unit_secret *us;
	char *pk_text, *wrapped;
	size_t n, k = 0;
	enum sod_err err;

	*n_out = 0;
	if ((err = store_account_keys_get(sys->store, a, account, &pk_text, &wrapped)))
		return err;
	if (pk_text == NULL || env_key_parse(pk_text, pk) != SOD_OK)
		return SOD_OK;
	if ((err = store_holder_units(sys->store, a, account, &h, &n)))
		return err;
	if ((us = arena_zalloc(a, (n ? n : 1) * sizeof(*us))) == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		/* A seal made for an older key pair of this account no longer
		 * opens: skip it (it will be granted again). */
		if (env_open(pk, sk, h[i].sealed_sk, us[k].sk) == SOD_OK &&
		    env_key_parse(h[i].unit_pk, us[k].pk) == SOD_OK)
			us[k++].unit_id = h[i].unit_id;
	}
	*out = us;
	*n_out = k;
	return SOD_OK;
}

/* Seal each missing holder of the units in have. */
static enum sod_err
seal_missing(struct sys *sys, struct arena *a, const struct unit_secret *have, size_t n,
             int *granted)
{
	enum sod_err err;

	for (size_t i = 0; i < n; i++) {
		struct missing_holder *m;
		size_t nm;

		if ((err = store_missing_holders(sys->store, a, have[i].unit_id, &m, &nm)))
			return err;
		for (size_t k = 0; k < nm; k++) {
			unsigned char apk[ENV_KEY_LEN];
			char *sealed;

			if (env_key_parse(m[k].account_pk, apk) != SOD_OK)
				continue;
			if ((err = env_seal(a, apk, have[i].sk, &sealed)) ||
			    (err = store_holder_insert(sys->store, m[k].unit_id, m[k].account_id,
			                               sealed)))
				return err;
			(*granted)++;
		}
	}
	return SOD_OK;
}

enum sod_err
keys_propagate(struct sys *sys, struct arena *a, int64_t account,
               const unsigned char sk[ENV_KEY_LEN], int *granted_out)
{
	struct unit_secret *have = NULL;
	size_t n = 0;
	enum sod_err err;

	*granted_out = 0;
	if ((err = keys_held(sys, a, account, sk, &have, &n)) != SOD_OK)
		return err;
	err = seal_missing(sys, a, have, n, granted_out);
	sodium_memzero(have, n * sizeof(*have));
	return err;
}

enum sod_err
keys_grant_all(struct sys *sys, struct arena *a, const char *recovery_sk, int *granted_out)
{
	unsigned char rsk[ENV_KEY_LEN], rpk[ENV_KEY_LEN];
	struct missing_holder *m;
	size_t n;
	char *rpk_text;
	enum sod_err err;

	*granted_out = 0;
	if (env_key_parse(recovery_sk, rsk) != SOD_OK)
		return SOD_ECRYPTO;
	if ((err = store_meta_get(sys->store, a, META_RECOVERY, &rpk_text)) ||
	    (err = env_key_parse(rpk_text, rpk)))
		goto out;
	{
		unsigned char derived[ENV_KEY_LEN];

		/* The key given must be the one whose public half init kept. */
		if (crypto_scalarmult_base(derived, rsk) != 0 ||
		    sodium_memcmp(derived, rpk, ENV_KEY_LEN) != 0) {
			err = SOD_ECRYPTO;
			goto out;
		}
	}
	if ((err = store_missing_holders(sys->store, a, 0, &m, &n)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		char *pk_text, *sealed;
		struct unit_secret us = {.unit_id = m[i].unit_id};

		if (i > 0 && m[i].unit_id == m[i - 1].unit_id)
			continue;  /* seal_missing served every reader of this unit */

		if ((err = store_unit_key_get(sys->store, a, m[i].unit_id, &pk_text, &sealed)))
			goto out;
		if ((err = env_open(rpk, rsk, sealed, us.sk)) != SOD_OK ||
		    (err = env_key_parse(pk_text, us.pk)) != SOD_OK) {
			err = SOD_ECRYPTO;  /* not this folder's recovery key */
			goto out;
		}
		err = seal_missing(sys, a, &us, 1, granted_out);
		sodium_memzero(us.sk, sizeof(us.sk));
		if (err)
			goto out;
	}
out:
	sodium_memzero(rsk, sizeof(rsk));
	return err;
}
