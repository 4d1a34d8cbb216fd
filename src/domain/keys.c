/*
 * keys.c — see keys.h.
 */
#include "domain/keys.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "crypto/sec.h"
#include "domain/audit.h"
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
		/* The password was reset by an operator: the old key is lost,
		 * and with it every seal made to it. Drop those seals so that
		 * nothing (rotation, a holder list) mistakes the account for a
		 * holder: it must be approved again (keys-reset-reapprove). */
		LOG_WARN("account %lld: key wrapped under an old password; making a new one",
		         (long long)account);
		if ((err = store_account_seals_drop(sys->store, account)))
			return err;
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

/* The retired key pairs of unit us (opened with its current key), added
 * to us[*k..] (room for them checked by the caller's count). */
static enum sod_err
add_old_keys(struct sys *sys, struct arena *a, const struct unit_secret *cur,
             struct unit_secret *us, size_t *k)
{
	struct unit_old_key *o;
	size_t n;
	enum sod_err err;

	if ((err = store_unit_old_keys(sys->store, a, cur->unit_id, &o, &n)))
		return err;
	for (size_t i = 0; i < n; i++)
		if (env_open(cur->pk, cur->sk, o[i].sealed_sk, us[*k].sk) == SOD_OK &&
		    env_key_parse(o[i].public_key, us[*k].pk) == SOD_OK)
			us[(*k)++].unit_id = cur->unit_id;
	return SOD_OK;
}

enum sod_err
keys_held(struct sys *sys, struct arena *a, int64_t account,
          const unsigned char sk[ENV_KEY_LEN], struct unit_secret **out, size_t *n_out)
{
	unsigned char pk[ENV_KEY_LEN];
	struct holder_rec *h;
	struct unit_secret *us;
	char *pk_text, *wrapped;
	size_t n, k = 0, cap = 0;
	enum sod_err err;

	*n_out = 0;
	if ((err = store_account_keys_get(sys->store, a, account, &pk_text, &wrapped)))
		return err;
	if (pk_text == NULL || env_key_parse(pk_text, pk) != SOD_OK)
		return SOD_OK;
	if ((err = store_holder_units(sys->store, a, account, &h, &n)))
		return err;
	/* Room for the current key of each unit and its retired ones. */
	for (size_t i = 0; i < n; i++) {
		struct unit_old_key *o;
		size_t no;

		if ((err = store_unit_old_keys(sys->store, a, h[i].unit_id, &o, &no)))
			return err;
		cap += 1 + no;
	}
	if ((us = arena_zalloc(a, (cap ? cap : 1) * sizeof(*us))) == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		size_t cur = k;

		/* A seal made for an older key pair of this account no longer
		 * opens: skip it (it must be granted again). */
		if (env_open(pk, sk, h[i].sealed_sk, us[k].sk) != SOD_OK ||
		    env_key_parse(h[i].unit_pk, us[k].pk) != SOD_OK)
			continue;
		us[k++].unit_id = h[i].unit_id;
		if ((err = add_old_keys(sys, a, &us[cur], us, &k)))
			return err;
	}
	*out = us;
	*n_out = k;
	return SOD_OK;
}

/* Seal us's key to each reader of its unit who lacks it (account 0: all;
 * else that one), auditing each as actor (0: the command line). */
static enum sod_err
seal_missing(struct sys *sys, struct arena *a, const struct unit_secret *us, int64_t account,
             int *granted)
{
	struct missing_holder *m;
	size_t nm;
	enum sod_err err;

	if ((err = store_missing_holders(sys->store, a, us->unit_id, account, &m, &nm)))
		return err;
	for (size_t k = 0; k < nm; k++) {
		unsigned char apk[ENV_KEY_LEN];
		char *sealed, object[64], detail[64];

		if (env_key_parse(m[k].account_pk, apk) != SOD_OK)
			continue;
		snprintf(object, sizeof(object), "unit:%lld", (long long)m[k].unit_id);
		snprintf(detail, sizeof(detail), "account:%lld", (long long)m[k].account_id);
		if ((err = env_seal(a, apk, us->sk, &sealed)) ||
		    (err = store_tx_begin(sys->store, true)))
			return err;
		if ((err = store_holder_insert(sys->store, m[k].unit_id, m[k].account_id, sealed)) ||
		    (err = audit_append(sys, 0, "recovery-key", "unit_key.grant", object, detail))) {
			store_tx_rollback(sys->store);
			return err;
		}
		if ((err = store_tx_commit(sys->store)))
			return err;
		(*granted)++;
	}
	return SOD_OK;
}

enum sod_err
keys_recovery_check(struct sys *sys, struct arena *a, const char *recovery_sk,
                    unsigned char rsk_out[ENV_KEY_LEN], unsigned char rpk_out[ENV_KEY_LEN])
{
	unsigned char derived[ENV_KEY_LEN];
	char *rpk_text;
	enum sod_err err;

	if (env_key_parse(recovery_sk, rsk_out) != SOD_OK)
		return SOD_ECRYPTO;
	if ((err = store_meta_get(sys->store, a, META_RECOVERY, &rpk_text)) ||
	    (err = env_key_parse(rpk_text, rpk_out)))
		goto fail;
	/* The key given must be the one whose public half init kept. */
	if (crypto_scalarmult_base(derived, rsk_out) != 0 ||
	    sodium_memcmp(derived, rpk_out, ENV_KEY_LEN) != 0) {
		err = SOD_ECRYPTO;
		goto fail;
	}
	return SOD_OK;
fail:
	sodium_memzero(rsk_out, ENV_KEY_LEN);
	return err;
}

enum sod_err
keys_recovery_public(struct sys *sys, struct arena *a, unsigned char pk_out[ENV_KEY_LEN])
{
	char *rpk_text;
	enum sod_err err = store_meta_get(sys->store, a, META_RECOVERY, &rpk_text);

	if (err)
		return err;
	return env_key_parse(rpk_text, pk_out) == SOD_OK ? SOD_OK : SOD_ECRYPTO;
}

/* A unit's current secret key opened with the recovery key. */
static enum sod_err
recovery_unit_key(struct sys *sys, struct arena *a, const unsigned char rpk[ENV_KEY_LEN],
                  const unsigned char rsk[ENV_KEY_LEN], int64_t unit, struct unit_secret *us)
{
	char *pk_text, *sealed;
	enum sod_err err;

	us->unit_id = unit;
	if ((err = store_unit_key_get(sys->store, a, unit, &pk_text, &sealed)))
		return err;
	if (env_open(rpk, rsk, sealed, us->sk) != SOD_OK || env_key_parse(pk_text, us->pk) != SOD_OK)
		return SOD_ECRYPTO;  /* not this folder's recovery key */
	return SOD_OK;
}

enum sod_err
keys_grant_all(struct sys *sys, struct arena *a, const char *recovery_sk, int64_t account,
               int *granted_out)
{
	unsigned char rsk[ENV_KEY_LEN], rpk[ENV_KEY_LEN];
	struct missing_holder *m;
	size_t n;
	enum sod_err err;

	*granted_out = 0;
	if ((err = keys_recovery_check(sys, a, recovery_sk, rsk, rpk)))
		return err;
	if ((err = store_missing_holders(sys->store, a, 0, account, &m, &n)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct unit_secret us;

		if (i > 0 && m[i].unit_id == m[i - 1].unit_id)
			continue;  /* seal_missing served every reader of this unit */
		err = recovery_unit_key(sys, a, rpk, rsk, m[i].unit_id, &us);
		if (!err)
			err = seal_missing(sys, a, &us, account, granted_out);
		sodium_memzero(us.sk, sizeof(us.sk));
		if (err)
			goto out;
	}
out:
	sodium_memzero(rsk, sizeof(rsk));
	return err;
}

enum sod_err
keys_rotate_unit(struct sys *sys, struct arena *a, const struct unit_secret *cur,
                 int64_t actor, const char *actor_name, int *resealed_out)
{
	unsigned char rpk[ENV_KEY_LEN], pk[ENV_KEY_LEN], npk[ENV_KEY_LEN], nsk[ENV_KEY_LEN];
	struct unit_old_key *o;
	struct missing_holder *h;
	size_t no, nh;
	char *cur_pk_text, *cur_rsealed, *sealed, *npk_text, *nrsealed, object[64];
	enum sod_err err;

	*resealed_out = 0;
	env_keypair(npk, nsk);
	if ((err = keys_recovery_public(sys, a, rpk)) ||
	    (err = store_unit_key_get(sys->store, a, cur->unit_id, &cur_pk_text, &cur_rsealed)) ||
	    (err = env_key_parse(cur_pk_text, pk)) ||
	    (err = store_unit_old_keys(sys->store, a, cur->unit_id, &o, &no)) ||
	    (err = store_unit_holders(sys->store, a, cur->unit_id, &h, &nh)) ||
	    (err = env_key_text(a, npk, &npk_text)) || (err = env_seal(a, rpk, nsk, &nrsealed)))
		goto out;
	/* The key given must be the unit's current one (not a retired one,
	 * nor one a rotation replaced meanwhile). */
	if (sodium_memcmp(pk, cur->pk, ENV_KEY_LEN) != 0) {
		err = SOD_ECONFLICT;
		goto out;
	}
	snprintf(object, sizeof(object), "unit:%lld", (long long)cur->unit_id);
	if ((err = store_tx_begin(sys->store, true)))
		goto out;
	/* The retiring key and every older one (sealed to the retiring key)
	 * are sealed to the new key, so that whoever holds the new key reads
	 * the old tips too; their seals to the recovery key stay. */
	if ((err = env_seal(a, npk, cur->sk, &sealed)) ||
	    (err = store_unit_old_key_insert(sys->store, cur->unit_id, cur_pk_text, sealed,
	                                     cur_rsealed)))
		goto fail;
	for (size_t i = 0; i < no; i++) {
		unsigned char osk[ENV_KEY_LEN];

		err = env_open(cur->pk, cur->sk, o[i].sealed_sk, osk);
		if (!err)
			err = env_seal(a, npk, osk, &sealed);
		sodium_memzero(osk, sizeof(osk));
		if (err || (err = store_unit_old_key_reseal(sys->store, o[i].id, sealed)))
			goto fail;
	}
	if ((err = store_unit_key_replace(sys->store, cur->unit_id, npk_text, nrsealed)))
		goto fail;
	/* Holders of the old key get the new one (revoked readers are no
	 * longer holders, so they do not). */
	for (size_t i = 0; i < nh; i++) {
		unsigned char apk[ENV_KEY_LEN];

		if (env_key_parse(h[i].account_pk, apk) != SOD_OK)
			continue;
		if ((err = env_seal(a, apk, nsk, &sealed)) ||
		    (err = store_holder_upsert(sys->store, cur->unit_id, h[i].account_id, sealed)))
			goto fail;
		(*resealed_out)++;
	}
	if ((err = audit_append(sys, actor, actor_name, "unit_key.rotate", object, "")))
		goto fail;
	err = store_tx_commit(sys->store);
	goto out;
fail:
	store_tx_rollback(sys->store);
out:
	sodium_memzero(nsk, sizeof(nsk));
	return err;
}

enum sod_err
keys_rotate(struct sys *sys, struct arena *a, const char *recovery_sk, int64_t unit,
            int *resealed_out)
{
	unsigned char rsk[ENV_KEY_LEN], rpk[ENV_KEY_LEN];
	struct unit_secret cur = {0};
	enum sod_err err;

	*resealed_out = 0;
	if ((err = keys_recovery_check(sys, a, recovery_sk, rsk, rpk)))
		return err;
	if (!(err = recovery_unit_key(sys, a, rpk, rsk, unit, &cur)))
		err = keys_rotate_unit(sys, a, &cur, 0, "recovery-key", resealed_out);
	sodium_memzero(rsk, sizeof(rsk));
	sodium_memzero(cur.sk, sizeof(cur.sk));
	return err;
}

enum sod_err
keys_recovery_unit(struct sys *sys, struct arena *a, const unsigned char rpk[ENV_KEY_LEN],
                   const unsigned char rsk[ENV_KEY_LEN], int64_t unit, struct unit_secret **out,
                   size_t *n_out)
{
	struct unit_old_key *o;
	struct unit_secret *us;
	size_t n, k = 1;
	enum sod_err err;

	if ((err = store_unit_old_keys(sys->store, a, unit, &o, &n)))
		return err;
	if ((us = arena_zalloc(a, (n + 1) * sizeof(*us))) == NULL)
		return SOD_ENOMEM;
	if ((err = recovery_unit_key(sys, a, rpk, rsk, unit, &us[0])))
		return err;
	for (size_t i = 0; i < n; i++)
		if (env_open(rpk, rsk, o[i].recovery_sealed, us[k].sk) == SOD_OK &&
		    env_key_parse(o[i].public_key, us[k].pk) == SOD_OK)
			us[k++].unit_id = unit;
	*out = us;
	*n_out = k;
	return SOD_OK;
}
