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

enum sod_err
tip_identity_ask(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t tip,
                 const char *reason, int64_t *id_out)
{
	unsigned char key[ENV_KEY_LEN], k[ENV_KEY_LEN];
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
	if ((err = tip_reader_key(sys, a, r, tip, key)) != SOD_OK)
		return SOD_EPERM;
	tip_subkey(key, CTX_REASON, k);
	err = env_encrypt(a, k, CTX_REASON, reason, strlen(reason), &sealed);
	sodium_memzero(k, sizeof(k));
	sodium_memzero(key, sizeof(key));
	if (err)
		return err;
	tip_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_idreq_insert(sys->store, tip, r->ses->account_id, sealed, today,
	                              id_out)) ||
	    (err = tip_audit(sys, r->ses, "identity.request", "tip", tip, NULL))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

/* Requests as the domain shows them; reasons opened with key (or hidden). */
static enum sod_err
requests_view(struct arena *a, const struct idreq_rec *q, size_t n,
              const unsigned char *key, struct identity_request **out)
{
	struct identity_request *v = arena_zalloc(a, (n ? n : 1) * sizeof(*v));

	if (v == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		char *reason = NULL;

		if (key != NULL) {
			unsigned char k[ENV_KEY_LEN];

			tip_subkey(key, CTX_REASON, k);
			if (env_decrypt(a, k, CTX_REASON, q[i].reason, &reason, NULL) != SOD_OK)
				reason = NULL;
			sodium_memzero(k, sizeof(k));
		}
		v[i] = (struct identity_request){q[i].id, q[i].tip_id, q[i].requester,
		                                 reason ? reason : "", q[i].status,
		                                 q[i].requested_on, q[i].decided_on};
	}
	*out = v;
	return SOD_OK;
}

enum sod_err
tip_identity_requests(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t tip,
                      struct identity_request **out, size_t *n_out)
{
	unsigned char key[ENV_KEY_LEN];
	struct idreq_rec *q;
	struct tip_rec t;
	bool have;
	enum sod_err err;

	if ((err = store_tip_get(sys->store, a, tip, &t)) || (err = tip_may_read(sys, r, t.unit_id)) ||
	    (err = store_idreq_list(sys->store, a, tip, &q, n_out)))
		return err;
	have = tip_reader_key(sys, a, r, tip, key) == SOD_OK;
	err = requests_view(a, q, *n_out, have ? key : NULL, out);
	sodium_memzero(key, sizeof(key));
	return err;
}

enum sod_err
tip_identity_pending(struct sys *sys, struct arena *a, struct tip_reader *r,
                     struct identity_request **out, size_t *n_out)
{
	struct idreq_rec *q, *mine;
	size_t n, k = 0;
	enum sod_err err;

	if ((err = store_idreq_list(sys->store, a, 0, &q, &n)) != SOD_OK)
		return err;
	if ((mine = arena_zalloc(a, (n ? n : 1) * sizeof(*mine))) == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		bool ok = false;

		if ((err = auth_can(sys, r->ses, ROLE_CUSTODIAN, q[i].unit_id, &ok)) != SOD_OK)
			return err;
		if (ok)
			mine[k++] = q[i];
	}
	*n_out = k;
	if ((err = requests_view(a, mine, k, NULL, out)) != SOD_OK)
		return err;
	/* A custodian who also reads the unit's tips sees the reasons. */
	for (size_t i = 0; i < k; i++) {
		unsigned char key[ENV_KEY_LEN];

		if (tip_reader_key(sys, a, r, mine[i].tip_id, key) == SOD_OK) {
			struct identity_request *one;

			if (requests_view(a, &mine[i], 1, key, &one) == SOD_OK)
				(*out)[i].reason = one->reason;
			sodium_memzero(key, sizeof(key));
		}
	}
	return SOD_OK;
}

enum sod_err
tip_identity_decide(struct sys *sys, struct arena *a, const struct session *ses,
                    int64_t request, bool approve)
{
	struct idreq_rec q;
	char today[11];
	bool ok = false;
	enum sod_err err;

	if ((err = store_idreq_get(sys->store, a, request, &q)) ||
	    (err = auth_can(sys, ses, ROLE_CUSTODIAN, q.unit_id, &ok)))
		return err;
	if (!ok)
		return SOD_EPERM;
	if (q.requester_id == ses->account_id)
		return SOD_EPERM;  /* nobody approves their own request */
	if (strcmp(q.status, "pending") != 0)
		return SOD_ECONFLICT;
	tip_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_idreq_decide(sys->store, request, approve ? "approved" : "refused",
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
	unsigned char key[ENV_KEY_LEN];
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
	if ((err = tip_reader_key(sys, a, r, tip, key)) != SOD_OK)
		return SOD_EPERM;
	err = tip_open_text(a, key, CTX_IDENTITY, sealed, &text);
	sodium_memzero(key, sizeof(key));
	if (err)
		return err;
	if ((o = json_loads(text, 0, NULL)) == NULL)
		return SOD_ECRYPTO;
	out->name = arena_strdup(a, json_string_value(json_object_get(o, "name")) ?: "");
	out->phone = arena_strdup(a, json_string_value(json_object_get(o, "phone")) ?: "");
	out->email = arena_strdup(a, json_string_value(json_object_get(o, "email")) ?: "");
	json_decref(o);
	return tip_audit(sys, r->ses, "identity.read", "tip", tip, NULL);
}

enum sod_err
tip_note(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id, const char *body)
{
	unsigned char key[ENV_KEY_LEN], k[ENV_KEY_LEN];
	struct tip_rec t;
	char today[11], *sealed;
	enum sod_err err;

	if (body == NULL || body[0] == '\0' ||
	    text_check(body, strlen(body), TIP_MESSAGE_MAX * 4, TIP_MESSAGE_MAX, true) != SOD_OK)
		return SOD_EINVAL;
	if ((err = store_tip_get(sys->store, a, id, &t)) || (err = tip_may_read(sys, r, t.unit_id)))
		return err;
	if ((err = tip_reader_key(sys, a, r, id, key)) != SOD_OK)
		return SOD_EPERM;
	tip_subkey(key, CTX_MESSAGE, k);
	err = env_encrypt(a, k, CTX_MESSAGE, body, strlen(body), &sealed);
	sodium_memzero(k, sizeof(k));
	sodium_memzero(key, sizeof(key));
	if (err)
		return err;
	tip_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_tip_note_insert(sys->store, id, r->ses->account_id, sealed, today)) ||
	    (err = tip_audit(sys, r->ses, "tip.note", "tip", id, NULL))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
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
