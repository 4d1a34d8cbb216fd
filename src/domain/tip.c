/*
 * tip.c — tips; see tip.h. The content is a small JSON object
 * ({"subject","description","accused","district","incident_date",
 * "amount_satang"}) encrypted under the tip key's "content" subkey; the
 * identity ({"name","phone","email"}) under its "identity" subkey;
 * messages under its "message" subkey.
 */
#include "domain/tip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "crypto/receipt.h"
#include "domain/audit.h"
#include "domain/geo.h"
#include "domain/unit.h"
#include "text/date.h"
#include "text/thai.h"
#include "text/utf8.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/str.h"

#define CTX_CONTENT  "sodsong/tip-content/v1"
#define CTX_IDENTITY "sodsong/tip-identity/v1"
#define CTX_MESSAGE  "sodsong/tip-message/v1"
#define CTX_RECEIPT  "sodsong/tip-receipt/v1"
#define CTX_REPORTER "sodsong/reporter-session/v2"
#define CTX_FILE     "sodsong/tip-file/v1"
#define CTX_REASON   "sodsong/identity-reason/v1"
#define INDEX_BATCH  500
#define REPORTER_TTL 3600

void
tip_today(char out[11])
{
	struct cdate d = date_of_unix(sod_now());

	snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static void
subkey(const unsigned char tip_key[ENV_KEY_LEN], const char *what,
       unsigned char out[ENV_KEY_LEN])
{
	env_derive(tip_key, what, out);
}

/* Encrypt a JSON object under a subkey of the tip key; takes obj. */
static enum sod_err
seal_json(struct arena *a, const unsigned char tip_key[ENV_KEY_LEN], const char *what,
          json_t *obj, char **out)
{
	unsigned char k[ENV_KEY_LEN];
	char *text = json_dumps(obj, JSON_COMPACT);
	enum sod_err err;

	json_decref(obj);
	if (text == NULL)
		return SOD_ENOMEM;
	subkey(tip_key, what, k);
	err = env_encrypt(a, k, what, text, strlen(text), out);
	sodium_memzero(text, strlen(text));
	free(text);
	sodium_memzero(k, sizeof(k));
	return err;
}

static enum sod_err
open_text(struct arena *a, const unsigned char tip_key[ENV_KEY_LEN], const char *what,
          const char *in, char **out)
{
	unsigned char k[ENV_KEY_LEN];
	enum sod_err err;

	subkey(tip_key, what, k);
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
	if ((err = seal_json(a, tip_key, CTX_CONTENT, content_json(in), &t.content)))
		goto out;
	if (in->has_identity &&
	    (err = seal_json(a, tip_key, CTX_IDENTITY,
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
	/* Sealed to the receiving unit and every unit above it. */
	if ((err = tip_seal_to_path(sys, a, unit.id, tip_key, put_tip_key, *id_out)) ||
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
		subkey(tip_key, CTX_FILE, fk);
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
	goto out;
fail:
	store_tx_rollback(sys->store);
out:
	sodium_memzero(tip_key, sizeof(tip_key));
	sodium_memzero(rkey, sizeof(rkey));
	sodium_memzero(receipt, sizeof(receipt));
	return err;
}

/* ---- opening ------------------------------------------------------------------ */

/* The file metadata (name, type, size, key) of stored file f. */
static enum sod_err
file_meta(struct arena *a, const unsigned char tip_key[ENV_KEY_LEN],
          const struct tip_file_rec *f, json_t **out)
{
	char *text;
	enum sod_err err = open_text(a, tip_key, CTX_FILE, f->meta, &text);

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

		if ((err = file_meta(a, tip_key, &f[i], &m)) != SOD_OK)
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

static enum sod_err
view_fill(struct sys *sys, struct arena *a, const unsigned char tip_key[ENV_KEY_LEN],
          struct tip_view *v, bool with_messages, bool officer)
{
	struct tip_message_rec *m;
	json_t *o;
	char *text;
	size_t n;
	enum sod_err err;

	if ((err = open_text(a, tip_key, CTX_CONTENT, v->rec.content, &text)) != SOD_OK)
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

		if ((err = open_text(a, tip_key, CTX_MESSAGE, m[i].body, &body)) != SOD_OK)
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

/* The tip key through one of the reader's unit keys; SOD_ECRYPTO if none. */
static enum sod_err
reader_tip_key(struct sys *sys, struct arena *a, const struct tip_reader *r, int64_t tip,
               unsigned char key_out[ENV_KEY_LEN])
{
	struct tip_key_rec *k;
	size_t n;
	enum sod_err err;

	if ((err = store_tip_keys(sys->store, a, tip, &k, &n)) != SOD_OK)
		return err;
	return tip_reader_unseal(r, k, n, key_out);
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
	sodium_memzero(sk, sizeof(sk));
	return err;
}

static enum sod_err
may_read(struct sys *sys, const struct tip_reader *r, int64_t unit)
{
	bool ok = false;
	enum sod_err err = auth_can(sys, r->ses, ROLE_OFFICER, unit, &ok);

	return err ? err : ok ? SOD_OK : SOD_EPERM;
}

enum sod_err
tip_open(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
         struct tip_view *out)
{
	unsigned char key[ENV_KEY_LEN];
	enum sod_err err;

	memset(out, 0, sizeof(*out));
	if ((err = store_tip_get(sys->store, a, id, &out->rec)) ||
	    (err = may_read(sys, r, out->rec.unit_id)))
		return err;
	if (reader_tip_key(sys, a, r, id, key) != SOD_OK)
		return SOD_OK;  /* readable stays false: no key yet */
	err = view_fill(sys, a, key, out, true, true);
	sodium_memzero(key, sizeof(key));
	if (!err)
		err = tip_audit(sys, r->ses, "tip.read", "tip", id, NULL);
	return err;
}

/* ---- the blind index ------------------------------------------------------------ */

struct terms {
	struct arena *a;
	const unsigned char *key;
	char **items;
	size_t n, cap;
};

static enum sod_err
add_term(const char *word, size_t len, void *ctx)
{
	struct terms *t = ctx;
	unsigned char h[16];
	char hex[33];

	crypto_generichash(h, sizeof(h), (const unsigned char *)word, len, t->key, ENV_KEY_LEN);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->items[i], hex) == 0)
			return SOD_OK;
	if (t->n == t->cap) {
		char **bigger;

		t->cap = t->cap ? t->cap * 2 : 64;
		if ((bigger = arena_alloc(t->a, t->cap * sizeof(*bigger))) == NULL)
			return SOD_ENOMEM;
		if (t->n)
			memcpy(bigger, t->items, t->n * sizeof(*bigger));
		t->items = bigger;
	}
	return (t->items[t->n++] = arena_strdup(t->a, hex)) ? SOD_OK : SOD_ENOMEM;
}

/* The hashed terms of text under a unit's index key. */
static enum sod_err
hashed_terms(struct arena *a, const struct unit_secret *us, const char *text,
             struct terms *t)
{
	unsigned char k[ENV_KEY_LEN];
	enum sod_err err;

	env_derive(us->sk, "sodsong/blind-index/v1", k);
	*t = (struct terms){.a = a, .key = k};
	err = thai_terms(text, strlen(text), add_term, t);
	sodium_memzero(k, sizeof(k));
	t->key = NULL;
	return err;
}

/* Index the tips of each held unit that are not indexed for it yet. */
static enum sod_err
index_pending(struct sys *sys, struct arena *a, struct tip_reader *r)
{
	enum sod_err err = SOD_OK;

	for (size_t u = 0; u < r->nkeys && !err; u++) {
		struct tip_unindexed_rec *p;
		size_t n;

		if ((err = store_tip_unindexed(sys->store, a, r->keys[u].unit_id, INDEX_BATCH, &p, &n)))
			return err;
		if (n == 0)
			continue;
		if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
			return err;
		for (size_t i = 0; i < n && !err; i++) {
			unsigned char key[ENV_KEY_LEN];
			struct tip_view v = {0};
			struct terms t;
			char *all;

			if (env_open(r->keys[u].pk, r->keys[u].sk, p[i].sealed_key, key) != SOD_OK)
				continue;
			v.rec.content = p[i].content;
			err = view_fill(sys, a, key, &v, false, false);
			sodium_memzero(key, sizeof(key));
			if (err)
				break;
			all = arena_printf(a, "%s\n%s\n%s", v.subject, v.description, v.accused);
			if (all == NULL) {
				err = SOD_ENOMEM;
				break;
			}
			if ((err = hashed_terms(a, &r->keys[u], all, &t)) != SOD_OK)
				break;
			for (size_t k = 0; k < t.n && !err; k++)
				err = store_tip_term_insert(sys->store, r->keys[u].unit_id, t.items[k],
				                            p[i].tip_id);
			if (!err)
				err = store_tip_indexed_mark(sys->store, p[i].tip_id, r->keys[u].unit_id);
		}
		if (err) {
			store_tx_rollback(sys->store);
			return err;
		}
		err = store_tx_commit(sys->store);
	}
	return err;
}

static int
id_cmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

/* Tips (sorted ids) holding every term of q in some held unit's index. */
static enum sod_err
search(struct sys *sys, struct arena *a, struct tip_reader *r, const char *q,
       int64_t **ids_out, size_t *n_out)
{
	int64_t *all = NULL;
	size_t nall = 0, cap = 0;
	enum sod_err err;

	for (size_t u = 0; u < r->nkeys; u++) {
		struct terms t;
		int64_t *hits = NULL;
		size_t nhits = 0;

		if ((err = hashed_terms(a, &r->keys[u], q, &t)) != SOD_OK)
			return err;
		if (t.n == 0)
			continue;
		for (size_t k = 0; k < t.n; k++) {
			int64_t *m;
			size_t nm, w = 0;

			if ((err = store_tip_term_match(sys->store, a, r->keys[u].unit_id, t.items[k],
			                                &m, &nm)))
				return err;
			if (k == 0) {
				hits = m;
				nhits = nm;
				continue;
			}
			/* Keep the ids in both (both sorted ascending). */
			for (size_t i = 0, j = 0; i < nhits && j < nm;) {
				if (hits[i] == m[j]) {
					hits[w++] = hits[i];
					i++, j++;
				} else if (hits[i] < m[j]) {
					i++;
				} else {
					j++;
				}
			}
			nhits = w;
		}
		for (size_t i = 0; i < nhits; i++) {
			if (nall == cap) {
				int64_t *bigger;

				cap = cap ? cap * 2 : 64;
				if ((bigger = arena_alloc(a, cap * sizeof(*bigger))) == NULL)
					return SOD_ENOMEM;
				if (nall)
					memcpy(bigger, all, nall * sizeof(*bigger));
				all = bigger;
			}
			all[nall++] = hits[i];
		}
	}
	if (nall)
		qsort(all, nall, sizeof(*all), id_cmp);
	*ids_out = all;
	*n_out = nall;
	return SOD_OK;
}

static bool
in_sorted(const int64_t *ids, size_t n, int64_t id)
{
	return n > 0 && bsearch(&id, ids, n, sizeof(*ids), id_cmp) != NULL;
}

static int
tip_desc(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a < b) - (a > b);
}

enum sod_err
tip_list(struct sys *sys, struct arena *a, struct tip_reader *r, const struct tip_filter *f,
         const char *q, int64_t limit, int64_t offset, struct tip_view **items_out,
         size_t *n_out, int64_t *total_out)
{
	const struct session *ses = r->ses;
	int64_t *all = NULL;
	struct tip_view *out;
	int64_t *hits = NULL;
	size_t nhits = 0, nall = 0, cap = 0, kept = 0, n = 0;
	bool searching = q != NULL && q[0] != '\0';
	enum sod_err err;

	*n_out = 0;
	*total_out = 0;
	if (tip_filter_check(f) != NULL)
		return SOD_EINVAL;
	if ((err = index_pending(sys, a, r)) != SOD_OK)
		return err;
	if (searching && (err = search(sys, a, r, q, &hits, &nhits)) != SOD_OK)
		return err;
	/* Each grant of a reading role lists its subtree; nested grants list a
	 * tip twice, so the lists are merged, sorted and made unique. */
	for (size_t g = 0; g < ses->ngrants; g++) {
		int64_t *t;
		size_t nt;

		if (strcmp(ses->grants[g].role, "officer") != 0 &&
		    strcmp(ses->grants[g].role, "supervisor") != 0)
			continue;
		if ((err = store_tip_list(sys->store, a, ses->grants[g].unit_id, f, &t, &nt)))
			return err;
		for (size_t i = 0; i < nt; i++) {
			if (searching && !in_sorted(hits, nhits, t[i]))
				continue;
			if (nall == cap) {
				int64_t *bigger;

				cap = cap ? cap * 2 : 64;
				if ((bigger = arena_alloc(a, cap * sizeof(*bigger))) == NULL)
					return SOD_ENOMEM;
				if (nall)
					memcpy(bigger, all, nall * sizeof(*bigger));
				all = bigger;
			}
			all[nall++] = t[i];
		}
	}
	if (nall)
		qsort(all, nall, sizeof(*all), tip_desc);
	for (size_t i = 0; i < nall; i++)
		if (kept == 0 || all[kept - 1] != all[i])
			all[kept++] = all[i];
	if ((out = arena_zalloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof(*out))) == NULL)
		return SOD_ENOMEM;
	for (size_t i = (size_t)offset; i < kept && (int64_t)n < limit; i++) {
		unsigned char key[ENV_KEY_LEN];

		if ((err = store_tip_get(sys->store, a, all[i], &out[n].rec)) != SOD_OK)
			return err;
		if (reader_tip_key(sys, a, r, all[i], key) == SOD_OK) {
			err = view_fill(sys, a, key, &out[n], false, false);
			sodium_memzero(key, sizeof(key));
			if (err)
				return err;
		}
		n++;
	}
	*items_out = out;
	*n_out = n;
	*total_out = (int64_t)kept;
	return SOD_OK;
}

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
	subkey(key, CTX_MESSAGE, k);
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

	if ((err = store_tip_get(sys->store, a, id, &t)) || (err = may_read(sys, r, t.unit_id)))
		return err;
	if ((err = reader_tip_key(sys, a, r, id, key)) != SOD_OK)
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
	if ((err = store_tip_get(sys->store, a, id, &t)) || (err = may_read(sys, r, t.unit_id)))
		return err;
	if (strcmp(t.status, "new") != 0 && strcmp(t.status, "acknowledged") != 0)
		return SOD_ECONFLICT;
	if (strcmp(status, "rejected") == 0 && (reason == NULL || reason[0] == '\0'))
		return SOD_EINVAL;
	if ((err = reader_tip_key(sys, a, r, id, key)) != SOD_OK)
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

/*
 * A reporter's session keeps no time finer than the day
 * [reporter-day-only]: the table's expires_at is the end of the day (UTC)
 * after the session ends, for clean-up; the session's exact end travels
 * with the tip key, encrypted under the token's key, which only the
 * reporter's browser holds. Sealed: 32 bytes of key, then the end as 8
 * bytes big-endian.
 */
#define REPORTER_SEALED (ENV_KEY_LEN + 8)

static int64_t
reporter_day_end(int64_t t)
{
	return (t / 86400 + 1) * 86400;
}

static enum sod_err
reporter_seal(struct arena *a, const unsigned char tkey[ENV_KEY_LEN],
              const unsigned char tip_key[ENV_KEY_LEN], int64_t ends, char **out)
{
	unsigned char *plain = sodium_malloc(REPORTER_SEALED);
	enum sod_err err;

	if (plain == NULL)
		return SOD_ENOMEM;
	memcpy(plain, tip_key, ENV_KEY_LEN);
	for (int i = 0; i < 8; i++)
		plain[ENV_KEY_LEN + i] = (unsigned char)((uint64_t)ends >> (56 - 8 * i));
	err = env_encrypt(a, tkey, CTX_REPORTER, plain, REPORTER_SEALED, out);
	sodium_free(plain);
	return err;
}

/* The tip key of a reporter session, SOD_EAUTH if altered or past its end. */
static enum sod_err
reporter_unseal(struct arena *a, const unsigned char tkey[ENV_KEY_LEN], const char *sealed,
                unsigned char key_out[ENV_KEY_LEN])
{
	char *plain;
	size_t n;
	uint64_t ends = 0;
	enum sod_err err = SOD_EAUTH;

	if (env_decrypt(a, tkey, CTX_REPORTER, sealed, &plain, &n) != SOD_OK)
		return SOD_EAUTH;
	if (n == REPORTER_SEALED) {
		for (int i = 0; i < 8; i++)
			ends = ends << 8 | (unsigned char)plain[ENV_KEY_LEN + i];
		if ((int64_t)ends >= sod_now()) {
			memcpy(key_out, plain, ENV_KEY_LEN);
			err = SOD_OK;
		}
	}
	sodium_memzero(plain, n);
	return err;
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
		err = reporter_seal(a, tkey, tip_key, sod_now() + REPORTER_TTL, &wrapped);
		if (!err)
			err = store_reporter_session_insert(sys->store, hash, c[i].id, wrapped,
			                                    reporter_day_end(sod_now() + REPORTER_TTL));
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
	err = reporter_unseal(a, tkey, wrapped, key_out);
	sodium_memzero(tkey, sizeof(tkey));
	return err;
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
		err = view_fill(sys, a, key, out, true, false);
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

	if ((err = store_tip_get(sys->store, a, tip, &t)) || (err = may_read(sys, r, t.unit_id)))
		return err;
	if ((err = reader_tip_key(sys, a, r, tip, key)) != SOD_OK)
		return err;
	if ((err = store_tip_files(sys->store, a, tip, &f, &n)) != SOD_OK)
		goto out;
	err = SOD_ENOTFOUND;
	for (size_t i = 0; i < n; i++) {
		json_t *m;

		if (f[i].id != file)
			continue;
		if ((err = file_meta(a, key, &f[i], &m)) != SOD_OK)
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
	if ((err = store_tip_get(sys->store, a, tip, &t)) || (err = may_read(sys, r, t.unit_id)))
		return err;
	if (!t.has_identity)
		return SOD_ENOTFOUND;
	if ((err = reader_tip_key(sys, a, r, tip, key)) != SOD_OK)
		return SOD_EPERM;
	subkey(key, CTX_REASON, k);
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

			subkey(key, CTX_REASON, k);
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

	if ((err = store_tip_get(sys->store, a, tip, &t)) || (err = may_read(sys, r, t.unit_id)) ||
	    (err = store_idreq_list(sys->store, a, tip, &q, n_out)))
		return err;
	have = reader_tip_key(sys, a, r, tip, key) == SOD_OK;
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

		if (reader_tip_key(sys, a, r, mine[i].tip_id, key) == SOD_OK) {
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
	if ((err = reader_tip_key(sys, a, r, tip, key)) != SOD_OK)
		return SOD_EPERM;
	err = open_text(a, key, CTX_IDENTITY, sealed, &text);
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
	} else {
		return SOD_EINVAL;
	}
	if ((err = auth_can(sys, ses, ROLE_SUPERVISOR, unit, &ok)) != SOD_OK)
		return err;
	if (!ok)
		return SOD_EPERM;
	return audit_list(sys, a, object, limit, offset, items_out, n_out, total_out);
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
	if ((err = store_tip_get(sys->store, a, id, &t)) || (err = may_read(sys, r, t.unit_id)))
		return err;
	if ((err = reader_tip_key(sys, a, r, id, key)) != SOD_OK)
		return SOD_EPERM;
	subkey(key, CTX_MESSAGE, k);
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
	if ((err = store_tip_get(sys->store, a, id, &t)) || (err = may_read(sys, r, t.unit_id)))
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
