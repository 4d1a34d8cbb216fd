/*
 * tip.c — tips (see tip.h): filing a tip (content, identity and
 * evidence sealed under a new tip key, the key sealed to the unit path and
 * wrapped under the receipt), the helpers every part of tips shares, the
 * audit hook and the list filters. The content is a small JSON object
 * ({"subject","description","accused","district","incident_date",
 * "amount_satang"}) encrypted under the tip key's "content" subkey; the
 * identity ({"name","phone","email"}) under its "identity" subkey;
 * messages under its "message" subkey. Reading is in tip_read.c and
 * tip_list.c, messages and the reporter in tip_message.c, identity
 * requests, notes and tags in tip_identity.c.
 */
#include "domain/tip_internal.h"
#include "domain/webhook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "crypto/receipt.h"
#include "domain/geo.h"
#include "domain/unit.h"
#include "text/date.h"
#include "util/clock.h"
#include "util/log.h"

void
tip_today(char out[11])
{
	struct cdate d = date_of_unix(sod_now());

	snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

void
tip_subkey(const unsigned char tip_key[ENV_KEY_LEN], const char *what,
       unsigned char out[ENV_KEY_LEN])
{
	env_derive(tip_key, what, out);
}

/* Encrypt a JSON object under a subkey of the tip key; takes obj. */
enum sod_err
tip_seal_json(struct arena *a, const unsigned char tip_key[ENV_KEY_LEN], const char *what,
          json_t *obj, char **out)
{
	unsigned char k[ENV_KEY_LEN];
	char *text = json_dumps(obj, JSON_COMPACT);
	enum sod_err err;

	json_decref(obj);
	if (text == NULL)
		return SOD_ENOMEM;
	tip_subkey(tip_key, what, k);
	err = env_encrypt(a, k, what, text, strlen(text), out);
	sodium_memzero(text, strlen(text));
	free(text);
	sodium_memzero(k, sizeof(k));
	return err;
}

enum sod_err
tip_open_text(struct arena *a, const unsigned char tip_key[ENV_KEY_LEN], const char *what,
          const char *in, char **out)
{
	unsigned char k[ENV_KEY_LEN];
	enum sod_err err;

	tip_subkey(tip_key, what, k);
	err = env_decrypt(a, k, what, in, out, NULL);
	sodium_memzero(k, sizeof(k));
	return err;
}

/* ---- the audit trail ------------------------------------------------------------- */

/*
 * Record who did what to a tip (never its content). Changes record inside
 * their own transaction; reads record on their own. A failure to record
 * fails the action: an unrecorded read or change must not happen.
 */
enum sod_err
tip_audit(struct sys *sys, const struct session *ses, const char *action, const char *kind,
          int64_t id, const char *detail)
{
	char object[64];

	snprintf(object, sizeof(object), "%s:%lld", kind, (long long)id);
	return audit_append(sys, ses ? ses->account_id : 0, ses ? ses->username : "", action,
	                    object, detail ? detail : "");
}

/* ---- filing ------------------------------------------------------------------ */

static enum sod_err
put_tip_key(struct sys *sys, int64_t tip, int64_t unit, const char *sealed)
{
	return store_tip_key_insert(sys->store, tip, unit, sealed);
}


static json_t *
content_json(const struct tip_input *in)
{
	char date[11] = "";

	if (in->has_incident_date)
		snprintf(date, sizeof(date), "%04d-%02d-%02d", in->incident_date.year,
		         in->incident_date.month, in->incident_date.day);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:I}", "subject", in->subject,
	                 "description", in->description, "accused",
	                 in->accused ? in->accused : "", "district",
	                 in->district ? in->district : "", "incident_date", date,
	                 "has_amount", in->has_amount, "amount_satang",
	                 (json_int_t)(in->has_amount ? in->amount_satang : 0));
}

enum sod_err
tip_submit(struct sys *sys, struct arena *a, const struct tip_input *in,
           struct evidence *const *files, size_t nfiles, char receipt_out[17],
           int64_t *id_out)
{
	unsigned char tip_key[ENV_KEY_LEN], rkey[ENV_KEY_LEN], bkey[32], salt[RECEIPT_SALT];
	unsigned char ikey[ENV_KEY_LEN], okey[ENV_KEY_LEN];
	struct tip_rec t = {0};
	struct unit_rec unit;
	char receipt[RECEIPT_DIGITS + 1], check[65], today[11];
	enum sod_err err;

	if ((err = unit_get(sys, a, in->unit, &unit, NULL)) != SOD_OK)
		return err;
	env_random_key(tip_key);
	receipt_new(receipt);
	randombytes_buf(salt, sizeof(salt));
	/* The slow part (argon2id) before the transaction: a writer holds the
	 * lock only for the inserts. */
	if ((err = receipt_derive(receipt, salt, check, rkey)) != SOD_OK)
		goto out;
	box_subkey(sys->box, "sodsong/receipt-bucket/v1", bkey);
	tip_today(today);
	t.unit_id = unit.id;
	t.category = (char *)tip_category_name(in->category);
	t.channel = (char *)(in->channel ? in->channel : "web");
	t.received_on = today;
	t.province_code = (char *)in->province;
	t.has_identity = in->has_identity;
	t.receipt_bucket = receipt_bucket(bkey, receipt);
	t.receipt_check = check;
	if ((err = tip_seal_json(a, tip_key, CTX_CONTENT, content_json(in), &t.content)))
		goto out;
	/* The identity under a key of its own, sealed below to the line's
	 * custodians and the recovery key, never to units (finding 4). */
	env_random_key(ikey);
	if (in->has_identity &&
	    (err = tip_seal_json(a, ikey, CTX_IDENTITY_SEALED,
	                     json_pack("{s:s, s:s, s:s}", "name",
	                               in->identity_name ? in->identity_name : "", "phone",
	                               in->identity_phone ? in->identity_phone : "", "email",
	                               in->identity_email ? in->identity_email : ""),
	                     &t.identity)))
		goto out;
	if ((err = env_wrap(a, rkey, CTX_RECEIPT, tip_key, &t.receipt_wrapped)))
		goto out;
	{
		size_t len = sodium_base64_encoded_len(sizeof(salt), sodium_base64_VARIANT_ORIGINAL);

		if ((t.receipt_salt = arena_alloc(a, len)) == NULL) {
			err = SOD_ENOMEM;
			goto out;
		}
		sodium_bin2base64(t.receipt_salt, len, salt, sizeof(salt),
		                  sodium_base64_VARIANT_ORIGINAL);
	}
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		goto out;
	if ((err = store_tip_insert(sys->store, &t, id_out)) != SOD_OK)
		goto fail;
	/* Sealed to the receiving unit and every unit above it; the officer
	 * key too, but never wrapped under the receipt (finding 5). */
	if ((err = tip_seal_to_path(sys, a, unit.id, tip_key, put_tip_key, *id_out)) ||
	    (err = tip_officer_key_new(sys, a, *id_out, unit.id, okey)) ||
	    (in->has_identity && (err = tip_identity_key_put(sys, a, *id_out, unit.id, ikey))) ||
	    (in->entered_by != NULL &&
	     (err = tip_audit(sys, in->entered_by, "tip.create", "tip", *id_out, t.channel))))
		goto fail;
	for (size_t i = 0; i < nfiles; i++) {
		unsigned char fk[ENV_KEY_LEN];
		char *meta = evidence_meta_json(a, files[i]), *sealed;

		if (meta == NULL) {
			err = SOD_ENOMEM;
			goto fail;
		}
		tip_subkey(tip_key, CTX_FILE, fk);
		err = env_encrypt(a, fk, CTX_FILE, meta, strlen(meta), &sealed);
		sodium_memzero(fk, sizeof(fk));
		sodium_memzero(meta, strlen(meta));
		if (err || (err = store_tip_file_insert(sys->store, *id_out,
		                                        evidence_stored_name(files[i]),
		                                        (int64_t)evidence_size(files[i]), sealed,
		                                        today)))
			goto fail;
	}
	if ((err = store_tx_commit(sys->store)) != SOD_OK)
		goto out;
	memcpy(receipt_out, receipt, sizeof(receipt));
	/* Ids and a link only: never content (docs/reminders.md). */
	(void)webhook_emit(sys, unit.id, "tip.received",
	                   json_pack("{s:I, s:s?}", "tip_id", (json_int_t)*id_out, "link",
	                             arena_printf(a, "/tips/%lld", (long long)*id_out)));
	goto out;
fail:
	store_tx_rollback(sys->store);
out:
	sodium_memzero(tip_key, sizeof(tip_key));
	sodium_memzero(ikey, sizeof(ikey));
	sodium_memzero(okey, sizeof(okey));
	sodium_memzero(rkey, sizeof(rkey));
	sodium_memzero(receipt, sizeof(receipt));
	return err;
}

enum sod_err
tip_seal_to_path(struct sys *sys, struct arena *a, int64_t unit,
                 const unsigned char key[ENV_KEY_LEN], seal_put_fn put, int64_t owner)
{
	struct unit_rec u;
	enum sod_err err;

	if ((err = store_unit_get(sys->store, a, unit, &u)) != SOD_OK)
		return err;
	for (;;) {
		unsigned char pk[ENV_KEY_LEN];
		char *pk_text, *rs, *sealed;

		if ((err = keys_ensure_unit(sys, a, u.id)) ||
		    (err = store_unit_key_get(sys->store, a, u.id, &pk_text, &rs)) ||
		    (err = env_key_parse(pk_text, pk)) || (err = env_seal(a, pk, key, &sealed)) ||
		    (err = put(sys, owner, u.id, sealed)))
			return err;
		if (u.parent_code == NULL)
			return SOD_OK;
		if ((err = unit_get(sys, a, u.parent_code, &u, NULL)) != SOD_OK)
			return err;
	}
}

bool
tip_ack_overdue(const struct tip_rec *t)
{
	struct cdate d;

	if (strcmp(t->status, "new") != 0 ||
	    !date_parse_iso(t->received_on, strlen(t->received_on), &d))
		return false;
	return sod_now() - date_to_unix(d) > (int64_t)TIP_ACK_DAYS * 86400;
}

void
tip_filter_overdue(struct tip_filter *f, char before[11])
{
	struct cdate d = date_of_unix(sod_now() - (int64_t)TIP_ACK_DAYS * 86400);

	snprintf(before, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
	f->status = "new";
	f->to = before;
}

const char *const tip_statuses[] = {"new", "acknowledged", "in_case", "rejected", NULL};

const char *
tip_filter_check(const struct tip_filter *f)
{
	enum tip_category c;
	struct cdate d;
	bool known = f->status == NULL;

	for (size_t i = 0; !known && tip_statuses[i]; i++)
		known = strcmp(tip_statuses[i], f->status) == 0;
	if (!known)
		return "status";
	if (f->category != NULL && !tip_category_parse(f->category, &c))
		return "category";
	if (f->province != NULL && geo_province(f->province, LANG_TH) == NULL)
		return "province";
	if (f->from != NULL && !date_parse_iso(f->from, strlen(f->from), &d))
		return "from";
	if (f->to != NULL && !date_parse_iso(f->to, strlen(f->to), &d))
		return "to";
	return NULL;
}
