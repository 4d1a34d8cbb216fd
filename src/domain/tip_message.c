/*
 * tip_message.c — messages between officers and the reporter, the
 * acknowledge/reject step, and the reporter's way back in with the
 * receipt (see tip.h).
 */
#include "domain/tip_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "crypto/receipt.h"
#include "text/date.h"
#include "text/utf8.h"
#include "util/clock.h"

#define REPORTER_TTL 3600

static enum sod_err
add_message(struct sys *sys, struct arena *a, int64_t tip,
            const unsigned char key[ENV_KEY_LEN], bool from_reporter, int64_t author,
            const char *body)
{
	unsigned char k[ENV_KEY_LEN];
	char today[11], *sealed;
	int64_t id;
	enum sod_err err;

	if (body == NULL || body[0] == '\0')
		return SOD_EINVAL;
	if ((err = text_check(body, strlen(body), TIP_MESSAGE_MAX * 4, TIP_MESSAGE_MAX, true)))
		return err == SOD_ETOOBIG ? SOD_EINVAL : err;
	tip_subkey(key, CTX_MESSAGE, k);
	err = env_encrypt(a, k, CTX_MESSAGE, body, strlen(body), &sealed);
	sodium_memzero(k, sizeof(k));
	if (err)
		return err;
	tip_today(today);
	return store_tip_message_insert(sys->store, tip, from_reporter, author, sealed, today, &id);
}

enum sod_err
tip_reply(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id, const char *body)
{
	unsigned char key[ENV_KEY_LEN];
	struct tip_rec t;
	enum sod_err err;

	if ((err = store_tip_get(sys->store, a, id, &t)) || (err = tip_may_read(sys, r, t.unit_id)))
		return err;
	if ((err = tip_reader_key(sys, a, r, id, key)) != SOD_OK)
		return err;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK) {
		sodium_memzero(key, sizeof(key));
		return err;
	}
	err = add_message(sys, a, id, key, false, r->ses->account_id, body);
	sodium_memzero(key, sizeof(key));
	if (err || (err = tip_audit(sys, r->ses, "tip.message", "tip", id, NULL))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

/* A rejected tip is kept for its unit's retention period, then destroyed. */
static enum sod_err
keep_tip(struct sys *sys, int64_t id, int64_t unit)
{
	struct cdate d;
	int64_t days;
	char until[11];
	enum sod_err err = store_unit_retention(sys->store, unit, &days);

	if (err)
		return err;
	d = date_of_unix(sod_now() + days * 86400);
	snprintf(until, sizeof(until), "%04d-%02d-%02d", d.year, d.month, d.day);
	return store_tip_keep_until(sys->store, id, until);
}

enum sod_err
tip_set_status(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
               const char *status, const char *reason)
{
	unsigned char key[ENV_KEY_LEN];
	struct tip_rec t;
	char today[11];
	enum sod_err err;

	if (strcmp(status, "acknowledged") != 0 && strcmp(status, "rejected") != 0)
		return SOD_EINVAL;
	if ((err = store_tip_get(sys->store, a, id, &t)) || (err = tip_may_read(sys, r, t.unit_id)))
		return err;
	if (strcmp(t.status, "new") != 0 && strcmp(t.status, "acknowledged") != 0)
		return SOD_ECONFLICT;
	if (strcmp(status, "rejected") == 0 && (reason == NULL || reason[0] == '\0'))
		return SOD_EINVAL;
	if ((err = tip_reader_key(sys, a, r, id, key)) != SOD_OK)
		return err;
	tip_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		goto out;
	if ((err = store_tip_set_status(sys->store, id, status, today)) ||
	    (err = tip_audit(sys, r->ses, "tip.status", "tip", id, status)) ||
	    (strcmp(status, "rejected") == 0 && (err = keep_tip(sys, id, t.unit_id))) ||
	    (reason && reason[0] &&
	     (err = add_message(sys, a, id, key, false, r->ses->account_id, reason)))) {
		store_tx_rollback(sys->store);
		goto out;
	}
	err = store_tx_commit(sys->store);
out:
	sodium_memzero(key, sizeof(key));
	return err;
}

/* ---- the reporter -------------------------------------------------------------- */

static void
reporter_key(const char *token, unsigned char out[ENV_KEY_LEN])
{
	crypto_generichash(out, ENV_KEY_LEN, (const unsigned char *)token, strlen(token),
	                   (const unsigned char *)CTX_REPORTER, sizeof(CTX_REPORTER) - 1);
}

enum sod_err
tip_receipt_login(struct sys *sys, struct arena *a, const char *typed, char **token_out)
{
	unsigned char bkey[32], rkey[ENV_KEY_LEN], tip_key[ENV_KEY_LEN], salt[ENV_KEY_LEN + 1];
	unsigned char tkey[ENV_KEY_LEN];
	char receipt[RECEIPT_DIGITS + 1], check[65], token[SEC_TOKEN_LEN + 1];
	char hash[SEC_TOKEN_HASH_LEN + 1], *wrapped;
	struct tip_receipt_rec *c;
	size_t n;
	enum sod_err err = SOD_EAUTH;

	if (typed == NULL || !receipt_normalise(typed, strlen(typed), receipt))
		return SOD_EAUTH;
	box_subkey(sys->box, "sodsong/receipt-bucket/v1", bkey);
	if ((err = store_tip_bucket(sys->store, a, receipt_bucket(bkey, receipt), &c, &n)))
		goto out;
	err = SOD_EAUTH;
	for (size_t i = 0; i < n; i++) {
		size_t slen;

		if (sodium_base642bin(salt, sizeof(salt), c[i].salt, strlen(c[i].salt), NULL,
		                      &slen, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    slen != RECEIPT_SALT)
			continue;
		if ((err = receipt_derive(receipt, salt, check, rkey)) != SOD_OK)
			goto out;
		err = SOD_EAUTH;
		if (sodium_memcmp(check, c[i].check, 64) != 0 ||
		    env_unwrap(rkey, CTX_RECEIPT, c[i].wrapped, tip_key) != SOD_OK)
			continue;
		sec_token_new(token);
		sec_token_hash(token, hash);
		reporter_key(token, tkey);
		err = env_wrap(a, tkey, CTX_REPORTER, tip_key, &wrapped);
		if (!err)
			err = store_reporter_session_insert(sys->store, hash, c[i].id, wrapped,
			                                    sod_now() + REPORTER_TTL);
		if (!err && (*token_out = arena_strdup(a, token)) == NULL)
			err = SOD_ENOMEM;
		break;
	}
out:
	sodium_memzero(receipt, sizeof(receipt));
	sodium_memzero(rkey, sizeof(rkey));
	sodium_memzero(tip_key, sizeof(tip_key));
	sodium_memzero(tkey, sizeof(tkey));
	return err;
}

/* The tip and its key of a reporter token. */
static enum sod_err
reporter_tip(struct sys *sys, struct arena *a, const char *token, int64_t *tip_out,
             unsigned char key_out[ENV_KEY_LEN])
{
	unsigned char tkey[ENV_KEY_LEN];
	char hash[SEC_TOKEN_HASH_LEN + 1], *wrapped;
	int64_t expires;
	enum sod_err err;

	if (token == NULL || strlen(token) != SEC_TOKEN_LEN)
		return SOD_EAUTH;
	sec_token_hash(token, hash);
	err = store_reporter_session_get(sys->store, a, hash, tip_out, &wrapped, &expires);
	if (err == SOD_ENOTFOUND || (!err && expires < sod_now()))
		return SOD_EAUTH;
	if (err)
		return err;
	reporter_key(token, tkey);
	err = env_unwrap(tkey, CTX_REPORTER, wrapped, key_out);
	sodium_memzero(tkey, sizeof(tkey));
	return err ? SOD_EAUTH : SOD_OK;
}

enum sod_err
tip_reporter_open(struct sys *sys, struct arena *a, const char *token, struct tip_view *out)
{
	unsigned char key[ENV_KEY_LEN];
	int64_t tip;
	enum sod_err err;

	memset(out, 0, sizeof(*out));
	if ((err = reporter_tip(sys, a, token, &tip, key)) != SOD_OK)
		return err;
	if (!(err = store_tip_get(sys->store, a, tip, &out->rec)))
		err = tip_view_fill(sys, a, key, out, true, false);
	sodium_memzero(key, sizeof(key));
	return err;
}

enum sod_err
tip_reporter_message(struct sys *sys, struct arena *a, const char *token, const char *body)
{
	unsigned char key[ENV_KEY_LEN];
	int64_t tip;
	enum sod_err err;

	if ((err = reporter_tip(sys, a, token, &tip, key)) != SOD_OK)
		return err;
	/* Not audited: the log's time and order would date the reporter's
	 * visit; the message row keeps only the day (docs/audit.md). */
	err = add_message(sys, a, tip, key, true, 0, body);
	sodium_memzero(key, sizeof(key));
	return err;
}
