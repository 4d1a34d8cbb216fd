/*
 * tip_read.c — opening one tip for an officer: the reader's unit keys,
 * the tip key through them, the decrypted view, evidence files and the
 * audit trail of a tip or case (see tip.h).
 */
#include "domain/tip_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "domain/unit.h"
#include "util/log.h"
#include "util/str.h"

/* ---- opening ------------------------------------------------------------------ */

/* The file metadata (name, type, size, key) of stored file f. */
enum sod_err
tip_file_meta(struct arena *a, const unsigned char tip_key[ENV_KEY_LEN],
          const struct tip_file_rec *f, json_t **out)
{
	char *text;
	enum sod_err err = tip_open_text(a, tip_key, CTX_FILE, f->meta, &text);

	if (err)
		return err;
	*out = json_loads(text, 0, NULL);
	return *out ? SOD_OK : SOD_ECRYPTO;
}

static enum sod_err
view_files(struct sys *sys, struct arena *a, const unsigned char tip_key[ENV_KEY_LEN],
           struct tip_view *v)
{
	struct tip_file_rec *f;
	size_t n;
	enum sod_err err;

	if ((err = store_tip_files(sys->store, a, v->rec.id, &f, &n)) != SOD_OK)
		return err;
	if ((v->files = arena_zalloc(a, (n ? n : 1) * sizeof(*v->files))) == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		json_t *m;

		if ((err = tip_file_meta(a, tip_key, &f[i], &m)) != SOD_OK)
			return err;
		v->files[i] = (struct tip_file){f[i].id,
		    arena_strdup(a, json_string_value(json_object_get(m, "name")) ?: "file"),
		    arena_strdup(a, json_string_value(json_object_get(m, "type")) ?: ""),
		    f[i].size};
		json_decref(m);
	}
	v->nfiles = n;
	return SOD_OK;
}

enum sod_err
tip_view_fill(struct sys *sys, struct arena *a, const unsigned char tip_key[ENV_KEY_LEN],
              const unsigned char *officer_key, struct tip_view *v, bool with_messages,
              bool officer)
{
	struct tip_message_rec *m;
	json_t *o;
	char *text;
	size_t n;
	enum sod_err err;

	if ((err = tip_open_text(a, tip_key, CTX_CONTENT, v->rec.content, &text)) != SOD_OK)
		return err;
	if ((o = json_loads(text, 0, NULL)) == NULL)
		return SOD_ECRYPTO;
	v->subject = arena_strdup(a, json_string_value(json_object_get(o, "subject")) ?: "");
	v->description = arena_strdup(a, json_string_value(json_object_get(o, "description")) ?: "");
	v->accused = arena_strdup(a, json_string_value(json_object_get(o, "accused")) ?: "");
	v->district = arena_strdup(a, json_string_value(json_object_get(o, "district")) ?: "");
	v->incident_date = arena_strdup(a, json_string_value(json_object_get(o, "incident_date")) ?: "");
	v->has_amount = json_is_true(json_object_get(o, "has_amount"));
	v->amount_satang = json_integer_value(json_object_get(o, "amount_satang"));
	json_decref(o);
	v->readable = true;
	if (!with_messages)
		return SOD_OK;
	if ((err = store_tip_messages(sys->store, a, v->rec.id, officer, &m, &n)) != SOD_OK)
		return err;
	if ((v->messages = arena_zalloc(a, (n ? n : 1) * sizeof(*v->messages))) == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		char *body;

		/* A note is under the officer key; notes from before officer
		 * keys existed are under the tip key like messages. */
		bool is_note = m[i].internal && officer_key != NULL &&
		               tip_open_text(a, officer_key, CTX_NOTE, m[i].body, &body) == SOD_OK;

		if (!is_note &&
		    (err = tip_open_text(a, tip_key, CTX_MESSAGE, m[i].body, &body)) != SOD_OK)
			return err;
		v->messages[i] = (struct tip_message){m[i].from_reporter, m[i].author, body,
		                                      m[i].created_on, m[i].internal};
	}
	v->nmessages = n;
	if (officer && (err = store_tip_tags(sys->store, a, v->rec.id, &v->tags, &v->ntags)))
		return err;
	return view_files(sys, a, tip_key, v);
}

enum sod_err
tip_reader_unseal(const struct tip_reader *r, const struct tip_key_rec *k, size_t n,
                  unsigned char key_out[ENV_KEY_LEN])
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < r->nkeys; j++)
			if (k[i].unit_id == r->keys[j].unit_id &&
			    env_open(r->keys[j].pk, r->keys[j].sk, k[i].sealed_key, key_out) == SOD_OK)
				return SOD_OK;
	return SOD_ECRYPTO;
}

/* ---- re-wrapped tip keys (docs/crypto.md) ------------------------------------- */

struct tip_rewrap {
	struct arena *a;
	struct rewrap_item {
		int64_t tip, unit;
		char *wrapped;
	} *items;
	size_t n, cap;
};

static void
wrap_ctx(char out[80], int64_t tip, int64_t unit)
{
	snprintf(out, 80, CTX_TIP_WRAP " tip=%lld unit=%lld", (long long)tip, (long long)unit);
}

/* Wrap key (opened from the sealed copy with the reader's key j) for
 * tip and unit, to be kept by tip_reader_save. */
static void
rewrap_note(const struct tip_reader *r, int64_t tip, int64_t unit, size_t j,
            const unsigned char key[ENV_KEY_LEN])
{
	struct tip_rewrap *w = r->rewrap;
	char ctx[80], *text;

	if (w == NULL)
		return;
	wrap_ctx(ctx, tip, unit);
	if (env_wrap(w->a, r->wrap_keys + j * ENV_KEY_LEN, ctx, key, &text) != SOD_OK)
		return;
	if (w->n == w->cap) {
		struct rewrap_item *bigger;

		w->cap = w->cap ? w->cap * 2 : 32;
		if ((bigger = arena_alloc(w->a, w->cap * sizeof(*bigger))) == NULL)
			return;
		if (w->n)
			memcpy(bigger, w->items, w->n * sizeof(*bigger));
		w->items = bigger;
	}
	w->items[w->n++] = (struct rewrap_item){tip, unit, text};
}

void
tip_reader_save(struct sys *sys, struct tip_reader *r)
{
	struct tip_rewrap *w = r->rewrap;
	enum sod_err err;

	if (w == NULL || w->n == 0)
		return;
	if ((err = store_tx_begin(sys->store, true)) == SOD_OK) {
		for (size_t i = 0; i < w->n && !err; i++)
			err = store_tip_key_wrap(sys->store, w->items[i].tip, w->items[i].unit,
			                         w->items[i].wrapped);
		if (err)
			store_tx_rollback(sys->store);
		else
			err = store_tx_commit(sys->store);
	}
	if (err)
		LOG_WARN("tips: re-wrapped keys not kept: %s", sod_strerror(err));
	w->n = 0;
}

/*
 * The tip key through one of the reader's unit keys; SOD_ECRYPTO if none.
 * The re-wrapped copy first (a symmetric decryption under the subkey
 * derived once per request); else the sealed copy (a public-key
 * operation), whose key is then re-wrapped for the next read.
 */
enum sod_err
tip_reader_key(struct sys *sys, struct arena *a, const struct tip_reader *r, int64_t tip,
               unsigned char key_out[ENV_KEY_LEN])
{
	struct tip_key_rec *k;
	char ctx[80];
	size_t n;
	enum sod_err err;

	if ((err = store_tip_keys(sys->store, a, tip, &k, &n)) != SOD_OK)
		return err;
	for (size_t i = 0; i < n && r->wrap_keys; i++) {
		if (k[i].wrapped_key == NULL)
			continue;
		wrap_ctx(ctx, tip, k[i].unit_id);
		for (size_t j = 0; j < r->nkeys; j++)
			if (k[i].unit_id == r->keys[j].unit_id &&
			    env_unwrap(r->wrap_keys + j * ENV_KEY_LEN, ctx, k[i].wrapped_key,
			               key_out) == SOD_OK)
				return SOD_OK;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < r->nkeys; j++)
			if (k[i].unit_id == r->keys[j].unit_id &&
			    env_open(r->keys[j].pk, r->keys[j].sk, k[i].sealed_key, key_out) == SOD_OK) {
				if (k[i].wrapped_key == NULL && r->wrap_keys)
					rewrap_note(r, tip, k[i].unit_id, j, key_out);
				return SOD_OK;
			}
	return SOD_ECRYPTO;
}


enum sod_err
tip_reader_open(struct sys *sys, struct arena *a, const struct session *ses,
                const char *token, struct tip_reader *out)
{
	unsigned char sk[ENV_KEY_LEN];
	enum sod_err err;

	memset(out, 0, sizeof(*out));
	out->ses = ses;
	err = token ? keys_session_open(sys, a, token, sk) : SOD_ENOTFOUND;
	if (err == SOD_ENOTFOUND)
		return SOD_OK;  /* no key in this session: lists, but opens nothing */
	if (err)
		return err;
	err = keys_held(sys, a, ses->account_id, sk, &out->keys, &out->nkeys);
	if (!err && (out->account_sk = arena_alloc(a, ENV_KEY_LEN)) == NULL)
		err = SOD_ENOMEM;
	/* Each unit key's re-wrap subkey, once per request (arena: wiped). */
	if (!err && out->nkeys > 0 &&
	    ((out->wrap_keys = arena_alloc(a, out->nkeys * ENV_KEY_LEN)) == NULL ||
	     (out->rewrap = arena_zalloc(a, sizeof(*out->rewrap))) == NULL))
		err = SOD_ENOMEM;
	for (size_t j = 0; !err && j < out->nkeys; j++)
		env_derive(out->keys[j].sk, CTX_TIP_WRAP, out->wrap_keys + j * ENV_KEY_LEN);
	if (!err && out->rewrap)
		out->rewrap->a = a;
	if (!err)
		memcpy(out->account_sk, sk, ENV_KEY_LEN);
	sodium_memzero(sk, sizeof(sk));
	return err;
}

enum sod_err
tip_may_read(struct sys *sys, const struct tip_reader *r, int64_t unit)
{
	bool ok = false;
	enum sod_err err = auth_can(sys, r->ses, ROLE_OFFICER, unit, &ok);

	return err ? err : ok ? SOD_OK : SOD_EPERM;
}

enum sod_err
tip_open(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
         struct tip_view *out)
{
	unsigned char key[ENV_KEY_LEN], okey[ENV_KEY_LEN];
	bool have_okey;
	enum sod_err err;

	memset(out, 0, sizeof(*out));
	if ((err = store_tip_get(sys->store, a, id, &out->rec)) ||
	    (err = tip_may_read(sys, r, out->rec.unit_id)))
		return err;
	if (tip_reader_key(sys, a, r, id, key) != SOD_OK)
		return SOD_OK;  /* readable stays false: no key yet */
	have_okey = tip_officer_key(sys, a, r, id, out->rec.unit_id, false, okey) == SOD_OK;
	err = tip_view_fill(sys, a, key, have_okey ? okey : NULL, out, true, true);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(okey, sizeof(okey));
	if (!err)
		err = tip_audit(sys, r->ses, "tip.read", "tip", id, NULL);
	if (!err)
		tip_reader_save(sys, r);
	return err;
}

enum sod_err
tip_file_read(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t tip,
              int64_t file, const char **name_out, const char **type_out,
              struct stream_reader **out)
{
	unsigned char key[ENV_KEY_LEN], fkey[ENV_KEY_LEN];
	struct tip_file_rec *f;
	struct tip_rec t;
	size_t n;
	enum sod_err err;

	if ((err = store_tip_get(sys->store, a, tip, &t)) || (err = tip_may_read(sys, r, t.unit_id)))
		return err;
	if ((err = tip_reader_key(sys, a, r, tip, key)) != SOD_OK)
		return err;
	if ((err = store_tip_files(sys->store, a, tip, &f, &n)) != SOD_OK)
		goto out;
	err = SOD_ENOTFOUND;
	for (size_t i = 0; i < n; i++) {
		json_t *m;

		if (f[i].id != file)
			continue;
		if ((err = tip_file_meta(a, key, &f[i], &m)) != SOD_OK)
			break;
		err = env_key_parse(json_string_value(json_object_get(m, "key")) ?: "", fkey);
		*name_out = arena_strdup(a, json_string_value(json_object_get(m, "name")) ?: "file");
		*type_out = arena_strdup(a, json_string_value(json_object_get(m, "type")) ?: "");
		json_decref(m);
		if (!err)
			err = evidence_open(sys, f[i].stored_name, fkey, out);
		if (!err && (err = tip_audit(sys, r->ses, "tip.file.read", "tip", tip, "file")))
			stream_reader_free(out);
		sodium_memzero(fkey, sizeof(fkey));
		break;
	}
out:
	sodium_memzero(key, sizeof(key));
	return err;
}

enum sod_err
tip_audit_trail(struct sys *sys, struct arena *a, const struct session *ses,
                const char *object, int64_t limit, int64_t offset,
                struct audit_entry **items_out, size_t *n_out, int64_t *total_out)
{
	const char *colon = object ? strchr(object, ':') : NULL;
	int64_t id = 0, unit = 0;
	bool ok = false;
	enum sod_err err;

	if (colon == NULL || !str_to_i64(slice_from(colon + 1), 1, INT64_MAX, &id))
		return SOD_EINVAL;
	if (strncmp(object, "tip:", 4) == 0) {
		struct tip_rec t;

		if ((err = store_tip_get(sys->store, a, id, &t)) != SOD_OK)
			return err;
		unit = t.unit_id;
	} else if (strncmp(object, "case:", 5) == 0) {
		struct case_rec c;

		if ((err = store_case_get(sys->store, a, id, &c)) != SOD_OK)
			return err;
		unit = c.unit_id;
	} else if (strncmp(object, "consultation:", 13) == 0) {
		/* A clinic request's trail (who read who asked, and when). */
		struct consultation_rec c;

		if ((err = store_consult_get(sys->store, a, id, &c)) != SOD_OK)
			return err;
		unit = c.unit_id;
	} else if (strncmp(object, "budget_request:", 15) == 0) {
		struct budget_rec b;

		if ((err = store_budget_get(sys->store, a, id, &b)) != SOD_OK)
			return err;
		unit = b.unit_id;
	} else {
		return SOD_EINVAL;
	}
	if ((err = auth_can(sys, ses, ROLE_SUPERVISOR, unit, &ok)) != SOD_OK)
		return err;
	if (!ok)
		return SOD_EPERM;
	return audit_list(sys, a, object, limit, offset, items_out, n_out, total_out);
}

/* ---- the officer key ---------------------------------------------------------- */

static enum sod_err
put_officer_key(struct sys *sys, int64_t tip, int64_t unit, const char *sealed)
{
	return store_tip_okey_insert(sys->store, tip, unit, sealed);
}

enum sod_err
tip_officer_key_new(struct sys *sys, struct arena *a, int64_t tip, int64_t unit,
                    unsigned char key_out[ENV_KEY_LEN])
{
	env_random_key(key_out);
	return tip_seal_to_path(sys, a, unit, key_out, put_officer_key, tip);
}

enum sod_err
tip_officer_key(struct sys *sys, struct arena *a, const struct tip_reader *r, int64_t tip,
                int64_t unit, bool create, unsigned char key_out[ENV_KEY_LEN])
{
	struct tip_key_rec *k;
	size_t n;
	enum sod_err err;

	if ((err = store_tip_okeys(sys->store, a, tip, &k, &n)) != SOD_OK)
		return err;
	if (n > 0)
		return tip_reader_unseal(r, k, n, key_out);
	if (!create)
		return SOD_ENOTFOUND;
	/* Only a reader of the tip may start its officer key. */
	if ((err = tip_reader_key(sys, a, r, tip, key_out)) != SOD_OK)
		return err;
	return tip_officer_key_new(sys, a, tip, unit, key_out);
}
