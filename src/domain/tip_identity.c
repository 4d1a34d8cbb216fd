/*
 * tip_identity.c — the reporter's identity behind a custodian's approval,
 * officers' internal notes and triage tags (see tip.h).
 */
#include "domain/tip_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "text/utf8.h"

/* ---- the reporter's identity ----------------------------------------------------- */

/*
 * The identity is under a key of its own (the identity key), sealed to
 * the custodians of the receiving unit's line, to the recovery key
 * (account 0, so that `keys grant` can give it to custodians who come
 * later) and, when a custodian approves a request, to the asker. Unit
 * keys do not open it (identity-sealed-to-custodians).
 */

/* Seal ikey to account pk (text) and store it for tip. */
static enum sod_err
idkey_seal(struct sys *sys, struct arena *a, int64_t tip, int64_t account, const char *pk_text,
           const unsigned char ikey[ENV_KEY_LEN])
{
	unsigned char pk[ENV_KEY_LEN];
	char *sealed;
	enum sod_err err;

	if (env_key_parse(pk_text, pk) != SOD_OK)
		return SOD_ECRYPTO;
	if ((err = env_seal(a, pk, ikey, &sealed)))
		return err;
	return store_tip_idkey_insert(sys->store, tip, account, sealed);
}

enum sod_err
tip_identity_key_put(struct sys *sys, struct arena *a, int64_t tip, int64_t unit,
                     const unsigned char ikey[ENV_KEY_LEN])
{
	unsigned char rpk[ENV_KEY_LEN];
	struct missing_holder *c;
	size_t n;
	char *sealed;
	enum sod_err err;

	if ((err = keys_recovery_public(sys, a, rpk)) || (err = env_seal(a, rpk, ikey, &sealed)) ||
	    (err = store_tip_idkey_insert(sys->store, tip, 0, sealed)) ||
	    (err = store_line_custodians(sys->store, a, unit, &c, &n)))
		return err;
	for (size_t i = 0; i < n; i++)
		if ((err = idkey_seal(sys, a, tip, c[i].account_id, c[i].account_pk, ikey)))
			return err;
	return SOD_OK;
}

/* The identity key sealed to account, opened with sk; SOD_ENOTFOUND if
 * none is sealed to it, SOD_ECRYPTO if it does not open. */
static enum sod_err
idkey_open(struct sys *sys, struct arena *a, int64_t tip, int64_t account,
           const unsigned char pk[ENV_KEY_LEN], const unsigned char sk[ENV_KEY_LEN],
           unsigned char ikey_out[ENV_KEY_LEN], size_t *nrows_out)
{
	struct tip_key_rec *k;
	size_t n;
	enum sod_err err;

	if ((err = store_tip_idkeys(sys->store, a, tip, &k, &n)))
		return err;
	if (nrows_out)
		*nrows_out = n;
	for (size_t i = 0; i < n; i++)
		if (k[i].unit_id == account)
			return env_open(pk, sk, k[i].sealed_key, ikey_out) ? SOD_ECRYPTO : SOD_OK;
	return SOD_ENOTFOUND;
}

/* The account key pair of the reader's session. */
static enum sod_err
reader_account_keys(struct sys *sys, struct arena *a, const struct tip_reader *r,
                    unsigned char pk_out[ENV_KEY_LEN])
{
	char *pk_text, *wrapped;
	enum sod_err err;

	if (r->account_sk == NULL)
		return SOD_ECRYPTO;
	if ((err = store_account_keys_get(sys->store, a, r->ses->account_id, &pk_text, &wrapped)))
		return err;
	return pk_text && env_key_parse(pk_text, pk_out) == SOD_OK ? SOD_OK : SOD_ECRYPTO;
}

enum sod_err
tip_identity_migrate(struct sys *sys, struct arena *a, int64_t tip, int64_t unit,
                     const unsigned char tip_key[ENV_KEY_LEN],
                     unsigned char ikey_out[ENV_KEY_LEN])
{
	char *sealed, *text;
	json_t *o;
	enum sod_err err;

	if ((err = store_tip_identity(sys->store, a, tip, &sealed)))
		return err;
	if (sealed == NULL || sealed[0] == '\0')
		return SOD_ENOTFOUND;
	if ((err = tip_open_text(a, tip_key, CTX_IDENTITY, sealed, &text)))
		return err;
	if ((o = json_loads(text, 0, NULL)) == NULL)
		return SOD_ECRYPTO;
	sodium_memzero(text, strlen(text));
	env_random_key(ikey_out);
	if ((err = tip_seal_json(a, ikey_out, CTX_IDENTITY_SEALED, o, &sealed)) ||
	    (err = store_tip_set_identity(sys->store, tip, sealed)))
		return err;
	return tip_identity_key_put(sys, a, tip, unit, ikey_out);
}

enum sod_err
tip_identity_ask(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t tip,
                 const char *reason, int64_t *id_out)
{
	unsigned char okey[ENV_KEY_LEN], k[ENV_KEY_LEN];
	struct tip_rec t;
	char today[11], *sealed;
	enum sod_err err;

	if (reason == NULL || utf8_count(reason, strlen(reason)) < 10 ||
	    text_check(reason, strlen(reason), 4000, 1000, true) != SOD_OK)
		return SOD_EINVAL;
	if ((err = store_tip_get(sys->store, a, tip, &t)) || (err = tip_may_read(sys, r, t.unit_id)))
		return err;
	if (!t.has_identity)
		return SOD_ENOTFOUND;
	tip_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	/* The reason is the officers' business: under the officer key,
	 * which the receipt does not open (finding 5). */
	if (tip_officer_key(sys, a, r, tip, t.unit_id, true, okey) != SOD_OK) {
		err = SOD_EPERM;
		goto fail;
	}
	tip_subkey(okey, CTX_REASON_OFFICER, k);
	err = env_encrypt(a, k, CTX_REASON_OFFICER, reason, strlen(reason), &sealed);
	sodium_memzero(k, sizeof(k));
	sodium_memzero(okey, sizeof(okey));
	if (err ||
	    (err = store_idreq_insert(sys->store, tip, r->ses->account_id, sealed, today, id_out)) ||
	    (err = tip_audit(sys, r->ses, "identity.request", "tip", tip, NULL)))
		goto fail;
	return store_tx_commit(sys->store);
fail:
	store_tx_rollback(sys->store);
	return err;
}

/* Requests as the domain shows them; reasons opened with the officer key
 * (or, asked before officer keys existed, the tip key), else hidden. */
static enum sod_err
requests_view(struct arena *a, const struct idreq_rec *q, size_t n, const unsigned char *okey,
              const unsigned char *tkey, struct identity_request **out)
{
	struct identity_request *v = arena_zalloc(a, (n ? n : 1) * sizeof(*v));

	if (v == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		char *reason = NULL;

		if (okey != NULL &&
		    tip_open_text(a, okey, CTX_REASON_OFFICER, q[i].reason, &reason) != SOD_OK)
			reason = NULL;
		if (reason == NULL && tkey != NULL &&
		    tip_open_text(a, tkey, CTX_REASON, q[i].reason, &reason) != SOD_OK)
			reason = NULL;
		v[i] = (struct identity_request){q[i].id, q[i].tip_id, q[i].requester,
		                                 reason ? reason : "", q[i].status,
		                                 q[i].requested_on, q[i].decided_on};
	}
	*out = v;
	return SOD_OK;
}

/* Requests of one tip (q, n) with reasons opened where the reader can. */
static enum sod_err
requests_open(struct sys *sys, struct arena *a, const struct tip_reader *r, int64_t tip,
              int64_t unit, const struct idreq_rec *q, size_t n, struct identity_request **out)
{
	unsigned char okey[ENV_KEY_LEN], tkey[ENV_KEY_LEN];
	bool have_o = tip_officer_key(sys, a, r, tip, unit, false, okey) == SOD_OK;
	bool have_t = tip_reader_key(sys, a, r, tip, tkey) == SOD_OK;
	enum sod_err err = requests_view(a, q, n, have_o ? okey : NULL, have_t ? tkey : NULL, out);

	sodium_memzero(okey, sizeof(okey));
	sodium_memzero(tkey, sizeof(tkey));
	return err;
}

enum sod_err
tip_identity_requests(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t tip,
                      struct identity_request **out, size_t *n_out)
{
	struct idreq_rec *q;
	struct tip_rec t;
	enum sod_err err;

	if ((err = store_tip_get(sys->store, a, tip, &t)) || (err = tip_may_read(sys, r, t.unit_id)) ||
	    (err = store_idreq_list(sys->store, a, tip, &q, n_out)))
		return err;
	return requests_open(sys, a, r, tip, t.unit_id, q, *n_out, out);
}

enum sod_err
tip_identity_pending(struct sys *sys, struct arena *a, struct tip_reader *r,
                     struct identity_request **out, size_t *n_out)
{
	struct idreq_rec *q;
	size_t n, k = 0;
	enum sod_err err;

	if ((err = store_idreq_list(sys->store, a, 0, &q, &n)) != SOD_OK)
		return err;
	if ((*out = arena_zalloc(a, (n ? n : 1) * sizeof(**out))) == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct identity_request *one;
		bool ok = false;

		if ((err = auth_can(sys, r->ses, ROLE_CUSTODIAN, q[i].unit_id, &ok)) != SOD_OK)
			return err;
		if (!ok)
			continue;
		/* A custodian who also reads the unit's tips sees the reasons. */
		if ((err = requests_open(sys, a, r, q[i].tip_id, q[i].unit_id, &q[i], 1, &one)))
			return err;
		(*out)[k++] = *one;
	}
	*n_out = k;
	return SOD_OK;
}

/* Nobody approves their own request, nor one of an account they created
 * (keys-creator-never-approves). */
static enum sod_err
may_decide(struct sys *sys, const struct session *ses, const struct idreq_rec *q)
{
	int64_t creator = 0;
	enum sod_err err;

	if (q->requester_id == ses->account_id)
		return SOD_EPERM;
	if ((err = store_account_creator(sys->store, q->requester_id, &creator)))
		return err;
	return creator == ses->account_id ? SOD_EPERM : SOD_OK;
}

/* Re-seal the identity key of q's tip from the custodian to the asker
 * (in the caller's write transaction). A tip filed before identity keys
 * existed is moved to one first, if the custodian also reads the tip. */
static enum sod_err
reseal_to_asker(struct sys *sys, struct arena *a, const struct tip_reader *r,
                const struct idreq_rec *q)
{
	unsigned char pk[ENV_KEY_LEN], ikey[ENV_KEY_LEN], tkey[ENV_KEY_LEN];
	char *asker_pk, *wrapped;
	size_t nrows = 0;
	enum sod_err err;

	if ((err = reader_account_keys(sys, a, r, pk)))
		return SOD_ECONFLICT;  /* no key in this session: sign in again */
	if ((err = store_account_keys_get(sys->store, a, q->requester_id, &asker_pk, &wrapped)))
		return err;
	if (asker_pk == NULL)
		return SOD_ECONFLICT;  /* the asker has never signed in */
	err = idkey_open(sys, a, q->tip_id, r->ses->account_id, pk, r->account_sk, ikey, &nrows);
	if (err == SOD_ENOTFOUND && nrows == 0 &&
	    tip_reader_key(sys, a, r, q->tip_id, tkey) == SOD_OK) {
		err = tip_identity_migrate(sys, a, q->tip_id, q->unit_id, tkey, ikey);
		sodium_memzero(tkey, sizeof(tkey));
	}
	if (err == SOD_ENOTFOUND || err == SOD_ECRYPTO)
		return SOD_ECONFLICT;  /* not sealed to this custodian: `keys grant` */
	if (!err)
		err = idkey_seal(sys, a, q->tip_id, q->requester_id, asker_pk, ikey);
	sodium_memzero(ikey, sizeof(ikey));
	return err;
}

enum sod_err
tip_identity_decide(struct sys *sys, struct arena *a, const struct tip_reader *r,
                    int64_t request, bool approve)
{
	const struct session *ses = r->ses;
	struct idreq_rec q;
	char today[11];
	bool ok = false;
	enum sod_err err;

	if ((err = store_idreq_get(sys->store, a, request, &q)) ||
	    (err = auth_can(sys, ses, ROLE_CUSTODIAN, q.unit_id, &ok)))
		return err;
	if (!ok)
		return SOD_EPERM;
	if ((err = may_decide(sys, ses, &q)))
		return err;
	if (strcmp(q.status, "pending") != 0)
		return SOD_ECONFLICT;
	tip_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((approve && (err = reseal_to_asker(sys, a, r, &q))) ||
	    (err = store_idreq_decide(sys->store, request, approve ? "approved" : "refused",
	                              ses->account_id, today)) ||
	    (err = tip_audit(sys, ses, approve ? "identity.approve" : "identity.refuse", "tip",
	                     q.tip_id, NULL))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
tip_identity_read(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t tip,
                  struct identity *out)
{
	unsigned char pk[ENV_KEY_LEN], ikey[ENV_KEY_LEN];
	struct idreq_rec *q;
	size_t n;
	bool approved = false;
	char *sealed, *text;
	json_t *o;
	enum sod_err err;

	if ((err = store_idreq_list(sys->store, a, tip, &q, &n)) != SOD_OK)
		return err;
	for (size_t i = 0; i < n; i++)
		approved = approved || (q[i].requester_id == r->ses->account_id &&
		                        strcmp(q[i].status, "approved") == 0);
	if (!approved)
		return SOD_EPERM;
	if ((err = store_tip_identity(sys->store, a, tip, &sealed)) != SOD_OK)
		return err;
	if (sealed == NULL)
		return SOD_ENOTFOUND;
	/* Only the identity key sealed to this account opens it. */
	if (reader_account_keys(sys, a, r, pk) != SOD_OK ||
	    idkey_open(sys, a, tip, r->ses->account_id, pk, r->account_sk, ikey, NULL) != SOD_OK)
		return SOD_EPERM;
	err = tip_open_text(a, ikey, CTX_IDENTITY_SEALED, sealed, &text);
	sodium_memzero(ikey, sizeof(ikey));
	if (err)
		return err;
	o = json_loads(text, 0, NULL);
	sodium_memzero(text, strlen(text));
	if (o == NULL)
		return SOD_ECRYPTO;
	out->name = arena_strdup(a, json_string_value(json_object_get(o, "name")) ?: "");
	out->phone = arena_strdup(a, json_string_value(json_object_get(o, "phone")) ?: "");
	out->email = arena_strdup(a, json_string_value(json_object_get(o, "email")) ?: "");
	json_decref(o);
	return tip_audit(sys, r->ses, "identity.read", "tip", tip, NULL);
}

/* With the recovery key: the identity key of tip (migrated if it
 * predates identity keys), sealed to the custodians of its line who lack
 * it (account 0: all), each audited. One transaction per tip. */
static enum sod_err
identity_grant_one(struct sys *sys, struct arena *a, const unsigned char rpk[ENV_KEY_LEN],
                   const unsigned char rsk[ENV_KEY_LEN], int64_t tip, int64_t unit,
                   int64_t account, int *granted)
{
	unsigned char ikey[ENV_KEY_LEN];
	struct tip_reader rr = {0};
	struct missing_holder *c;
	struct tip_key_rec *k;
	size_t n, nk;
	enum sod_err err;

	if ((err = store_tx_begin(sys->store, true)))
		return err;
	if ((err = store_tip_idkeys(sys->store, a, tip, &k, &nk)))
		goto fail;
	err = SOD_ENOTFOUND;
	for (size_t i = 0; i < nk && err; i++)
		if (k[i].unit_id == 0)
			err = env_open(rpk, rsk, k[i].sealed_key, ikey) ? SOD_ECRYPTO : SOD_OK;
	if (err == SOD_ENOTFOUND && nk == 0) {
		unsigned char tkey[ENV_KEY_LEN];

		/* Filed before identity keys: move it now (docs/crypto.md). */
		if ((err = keys_recovery_unit(sys, a, rpk, rsk, unit, &rr.keys, &rr.nkeys)) ||
		    (err = tip_reader_key(sys, a, &rr, tip, tkey)))
			goto fail;
		err = tip_identity_migrate(sys, a, tip, unit, tkey, ikey);
		sodium_memzero(tkey, sizeof(tkey));
		if (!err) {
			char object[64];

			snprintf(object, sizeof(object), "tip:%lld", (long long)tip);
			if ((err = audit_append(sys, 0, "recovery-key", "identity_key.migrate", object,
			                        "")) == SOD_OK)
				err = store_tip_idkeys(sys->store, a, tip, &k, &nk);
		}
	}
	if (err || (err = store_line_custodians(sys->store, a, unit, &c, &n)))
		goto fail;
	for (size_t i = 0; i < n; i++) {
		bool has = false;
		char object[64], detail[64];

		for (size_t j = 0; j < nk; j++)
			has = has || k[j].unit_id == c[i].account_id;
		if (has || (account != 0 && c[i].account_id != account))
			continue;
		snprintf(object, sizeof(object), "tip:%lld", (long long)tip);
		snprintf(detail, sizeof(detail), "account:%lld", (long long)c[i].account_id);
		if ((err = idkey_seal(sys, a, tip, c[i].account_id, c[i].account_pk, ikey)) ||
		    (err = audit_append(sys, 0, "recovery-key", "identity_key.grant", object, detail)))
			goto fail;
		(*granted)++;
	}
	sodium_memzero(ikey, sizeof(ikey));
	return store_tx_commit(sys->store);
fail:
	sodium_memzero(ikey, sizeof(ikey));
	store_tx_rollback(sys->store);
	return err;
}

enum sod_err
tip_identity_grant(struct sys *sys, struct arena *a, const char *recovery_sk, int64_t account,
                   int *granted_out)
{
	unsigned char rsk[ENV_KEY_LEN], rpk[ENV_KEY_LEN];
	int64_t *ids, *units;
	size_t n;
	enum sod_err err;

	*granted_out = 0;
	if ((err = keys_recovery_check(sys, a, recovery_sk, rsk, rpk)))
		return err;
	if ((err = store_identity_tips(sys->store, a, &ids, &units, &n)))
		goto out;
	for (size_t i = 0; i < n && !err; i++)
		err = identity_grant_one(sys, a, rpk, rsk, ids[i], units[i], account, granted_out);
out:
	sodium_memzero(rsk, sizeof(rsk));
	return err;
}

/* ---- officers' notes and tags ------------------------------------------------------ */

enum sod_err
tip_note(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id, const char *body)
{
	unsigned char okey[ENV_KEY_LEN], k[ENV_KEY_LEN];
	struct tip_rec t;
	char today[11], *sealed;
	enum sod_err err;

	if (body == NULL || body[0] == '\0' ||
	    text_check(body, strlen(body), TIP_MESSAGE_MAX * 4, TIP_MESSAGE_MAX, true) != SOD_OK)
		return SOD_EINVAL;
	if ((err = store_tip_get(sys->store, a, id, &t)) || (err = tip_may_read(sys, r, t.unit_id)))
		return err;
	tip_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	/* Under the officer key: the receipt does not open it (finding 5). */
	if (tip_officer_key(sys, a, r, id, t.unit_id, true, okey) != SOD_OK) {
		err = SOD_EPERM;
		goto fail;
	}
	tip_subkey(okey, CTX_NOTE, k);
	err = env_encrypt(a, k, CTX_NOTE, body, strlen(body), &sealed);
	sodium_memzero(k, sizeof(k));
	sodium_memzero(okey, sizeof(okey));
	if (err || (err = store_tip_note_insert(sys->store, id, r->ses->account_id, sealed, today)) ||
	    (err = tip_audit(sys, r->ses, "tip.note", "tip", id, NULL)))
		goto fail;
	return store_tx_commit(sys->store);
fail:
	store_tx_rollback(sys->store);
	return err;
}

enum sod_err
tip_tag(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id, const char *tag,
        bool add)
{
	struct tip_rec t;
	enum sod_err err;

	if (tag == NULL || tag[0] == '\0' || text_check(tag, strlen(tag), 160, 40, false) != SOD_OK)
		return SOD_EINVAL;
	if ((err = store_tip_get(sys->store, a, id, &t)) || (err = tip_may_read(sys, r, t.unit_id)))
		return err;
	if (t.content == NULL || t.content[0] == '\0')
		return SOD_ECONFLICT;  /* destroyed: nothing left to label */
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_tip_tag(sys->store, id, tag, add)) ||
	    (err = tip_audit(sys, r->ses, add ? "tip.tag" : "tip.untag", "tip", id, NULL))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}
