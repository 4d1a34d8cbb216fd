/*
 * audit.c — the audit log's rules: field checks, the canonical encoding,
 * the hash chain, appending in the caller's transaction or its own, and
 * walking the chain to find the first entry that was tampered with.
 *
 * The encoding is length-prefixed and fixed-width (docs/audit.md), so no
 * two different entries encode to the same bytes: moving bytes from one
 * field into the next changes a length and so the hash. The hash is
 * BLAKE2b-256 (libsodium's crypto_generichash), unkeyed: anyone holding the
 * database can check the chain, and anyone who can write the database can
 * also rewrite the chain from some entry to its end — which only a copy of
 * a recent head hash kept elsewhere reveals (audit_verify_head).
 */
#include "domain/audit.h"

#include <string.h>

#include <sodium.h>

#include "text/utf8.h"
#include "util/clock.h"
#include "util/log.h"

#define HASH_LEN 32
#define WALK_PAGE 512
#define WALK_ARENA (8u << 20)   /* one page of the longest valid entries fits */

const char audit_genesis_hex[AUDIT_HASH_HEX_LEN + 1] =
	"eaf23c5fc48a127153d66484dd7363926a40f5a09f89fb4d53c6c20314771e9e";

/* ---- encoding and hashing -------------------------------------------------- */

static bool
hex_decode(const char *hex, unsigned char out[HASH_LEN])
{
	if (hex == NULL || strlen(hex) != AUDIT_HASH_HEX_LEN)
		return false;
	for (size_t i = 0; i < AUDIT_HASH_HEX_LEN; i++) {
		char c = hex[i];
		int v;

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else
			return false;  /* upper case is not canonical either */
		if (i % 2 == 0)
			out[i / 2] = (unsigned char)(v << 4);
		else
			out[i / 2] |= (unsigned char)v;
	}
	return true;
}

static void
put_i64(crypto_generichash_state *st, int64_t v)
{
	uint64_t u = (uint64_t)v;
	unsigned char b[8];

	for (int i = 7; i >= 0; i--, u >>= 8)
		b[i] = (unsigned char)(u & 0xff);
	crypto_generichash_update(st, b, sizeof(b));
}

static bool
put_str(crypto_generichash_state *st, const char *s)
{
	size_t n = strlen(s);
	unsigned char b[4];

	if (n > UINT32_MAX)
		return false;
	b[0] = (unsigned char)(n >> 24);
	b[1] = (unsigned char)(n >> 16);
	b[2] = (unsigned char)(n >> 8);
	b[3] = (unsigned char)n;
	crypto_generichash_update(st, b, sizeof(b));
	crypto_generichash_update(st, (const unsigned char *)s, n);
	return true;
}

enum sod_err
audit_hash(const char *prev_hex, const struct audit_entry *e,
           char out[AUDIT_HASH_HEX_LEN + 1])
{
	crypto_generichash_state st;
	unsigned char prev[HASH_LEN], h[HASH_LEN];
	bool ok;

	if (!hex_decode(prev_hex, prev) || e->username == NULL || e->action == NULL ||
	    e->object == NULL || e->detail == NULL)
		return SOD_EINVAL;
	crypto_generichash_init(&st, NULL, 0, HASH_LEN);
	crypto_generichash_update(&st, prev, sizeof(prev));
	put_i64(&st, e->id);
	put_i64(&st, e->at);
	put_i64(&st, e->account_id);
	ok = put_str(&st, e->username) && put_str(&st, e->action) &&
	     put_str(&st, e->object) && put_str(&st, e->detail);
	crypto_generichash_final(&st, h, sizeof(h));
	if (!ok)
		return SOD_EINVAL;
	sodium_bin2hex(out, AUDIT_HASH_HEX_LEN + 1, h, sizeof(h));
	return SOD_OK;
}

/* ---- appending ---------------------------------------------------------------- */

/* One field: UTF-8, no control character at all (TAB included), n bytes at most. */
static bool
field_ok(const char *s, size_t max, bool may_be_empty)
{
	size_t n;

	if (s == NULL)
		return false;
	n = strlen(s);
	if (n == 0)
		return may_be_empty;
	return text_check(s, n, max, 0, false) == SOD_OK && memchr(s, '\t', n) == NULL;
}

static void
entry_from_rec(struct audit_entry *e, const struct audit_rec *r)
{
	*e = (struct audit_entry){
		.id = r->id, .at = r->at, .account_id = r->account_id,
		.username = r->username, .action = r->action, .object = r->object,
		.detail = r->detail, .prev_hash = r->prev_hash, .hash = r->hash,
	};
}

/* Read the head, chain the entry to it, insert: inside a write transaction. */
static enum sod_err
append_locked(struct store *s, struct audit_entry *e)
{
	struct arena *a = arena_new(1024);
	struct audit_rec r;
	char *head = NULL, hash[AUDIT_HASH_HEX_LEN + 1];
	int64_t last = 0;
	enum sod_err err;

	if (a == NULL)
		return SOD_ENOMEM;
	err = store_audit_last(s, a, &last, &head);
	if (err == SOD_ENOTFOUND) {
		last = 0;
		head = (char *)audit_genesis_hex;
		err = SOD_OK;
	}
	if (err)
		goto out;
	e->id = last + 1;
	if (audit_hash(head, e, hash) != SOD_OK) {
		LOG_ERR("the newest audit entry (%lld) has no valid hash: the log was "
		        "tampered with (sodsong audit verify)", (long long)last);
		err = SOD_EDB;
		goto out;
	}
	r = (struct audit_rec){
		.id = e->id, .at = e->at, .account_id = e->account_id,
		.username = e->username, .action = e->action, .object = e->object,
		.detail = e->detail, .prev_hash = head, .hash = hash,
	};
	err = store_audit_insert(s, &r);
out:
	arena_free(&a);
	return err;
}

enum sod_err
audit_append(struct sys *sys, int64_t account_id, const char *username,
             const char *action, const char *object, const char *detail)
{
	struct audit_entry e;
	bool own;
	enum sod_err err;

	if (account_id < 0 || !field_ok(username, AUDIT_USERNAME_MAX, true) ||
	    !field_ok(action, AUDIT_ACTION_MAX, false) ||
	    !field_ok(object, AUDIT_OBJECT_MAX, false) ||
	    !field_ok(detail, AUDIT_DETAIL_MAX, true))
		return SOD_EINVAL;
	e = (struct audit_entry){
		.at = sod_now(), .account_id = account_id, .username = (char *)username,
		.action = (char *)action, .object = (char *)object, .detail = (char *)detail,
	};
	/* audit-same-tx: in the caller's transaction the entry commits or
	 * rolls back with the change it records. */
	own = !store_in_tx(sys->store);
	if (own && (err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	err = append_locked(sys->store, &e);
	if (own) {
		if (err == SOD_OK)
			err = store_tx_commit(sys->store);
		else
			store_tx_rollback(sys->store);
	}
	return err;
}

/* ---- reading ---------------------------------------------------------------------- */

enum sod_err
audit_list(struct sys *sys, struct arena *a, const char *object, int64_t limit,
           int64_t offset, struct audit_entry **items_out, size_t *n_out,
           int64_t *total_out)
{
	struct audit_rec *recs;
	struct audit_entry *items;
	size_t n;
	enum sod_err err;

	if (!field_ok(object, AUDIT_OBJECT_MAX, false) || limit < 1 ||
	    limit > AUDIT_LIST_MAX || offset < 0)
		return SOD_EINVAL;
	err = store_audit_list(sys->store, a, object, limit, offset, &recs, &n, total_out);
	if (err)
		return err;
	items = arena_alloc(a, (n ? n : 1) * sizeof(*items));
	if (items == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < n; i++)
		entry_from_rec(&items[i], &recs[i]);
	*items_out = items;
	*n_out = n;
	return SOD_OK;
}

enum sod_err
audit_get(struct sys *sys, struct arena *a, int64_t id, struct audit_entry *out)
{
	struct audit_rec r;
	enum sod_err err;

	if ((err = store_audit_get(sys->store, a, id, &r)) != SOD_OK)
		return err;
	entry_from_rec(out, &r);
	return SOD_OK;
}

/* ---- verifying ---------------------------------------------------------------------- */

struct walk {
	int64_t expect;                         /* the id the next entry must have */
	char prev[AUDIT_HASH_HEX_LEN + 1];      /* the hash it must chain to */
	int64_t checked;
	int64_t bad_id;
	const char *why;
};

/* Check one entry against the walk so far; false (with bad_id, why) if bad. */
static bool
walk_one(struct walk *w, const struct audit_rec *r)
{
	struct audit_entry e;
	char hash[AUDIT_HASH_HEX_LEN + 1];

	w->checked++;
	/* audit-gap: ids run 1, 2, 3, … with nothing skipped. */
	if (r->id > w->expect) {
		w->bad_id = w->expect;
		w->why = "missing";
		return false;
	}
	/* audit-link: an id below the sequence (0, negative) or a prev_hash
	 * that is not the hash before. */
	if (r->id < w->expect || strcmp(r->prev_hash, w->prev) != 0) {
		w->bad_id = r->id;
		w->why = "broken_link";
		return false;
	}
	/* audit-altered: the fields and the stored hash must agree. */
	entry_from_rec(&e, r);
	if (audit_hash(w->prev, &e, hash) != SOD_OK || strcmp(r->hash, hash) != 0) {
		w->bad_id = r->id;
		w->why = "altered";
		return false;
	}
	memcpy(w->prev, hash, sizeof(w->prev));
	w->expect++;
	return true;
}

/* Walk every entry in pages, each read into a fresh bounded arena. */
static enum sod_err
walk_all(struct store *s, struct walk *w)
{
	int64_t after = INT64_MIN;
	enum sod_err err = SOD_OK;

	for (;;) {
		struct arena *page = arena_new(WALK_ARENA);
		struct audit_rec *items;
		size_t n = 0;
		bool bad = false;

		if (page == NULL)
			return SOD_ENOMEM;
		err = store_audit_walk(s, page, after, WALK_PAGE, &items, &n);
		for (size_t i = 0; err == SOD_OK && i < n && !bad; i++)
			bad = !walk_one(w, &items[i]);
		if (n > 0)
			after = items[n - 1].id;
		arena_free(&page);
		if (err || bad || n < WALK_PAGE)
			return err;
	}
}

enum sod_err
audit_verify_head(struct sys *sys, struct arena *a, int64_t *checked_out,
                  int64_t *bad_id_out, const char **why_out, int64_t *head_id_out,
                  char *head_hash_out)
{
	struct walk w = {.expect = 1};
	bool own;
	enum sod_err err;

	(void)a;
	memcpy(w.prev, audit_genesis_hex, sizeof(w.prev));
	/* One read snapshot: appends that commit meanwhile are not half-seen. */
	own = !store_in_tx(sys->store);
	if (own && (err = store_tx_begin(sys->store, false)) != SOD_OK)
		return err;
	err = walk_all(sys->store, &w);
	if (own)
		store_tx_rollback(sys->store);
	*checked_out = w.checked;
	if (err)
		return err;
	if (w.why != NULL) {
		*bad_id_out = w.bad_id;
		*why_out = w.why;
		return SOD_ECONFLICT;
	}
	if (head_id_out != NULL)
		*head_id_out = w.expect - 1;
	if (head_hash_out != NULL)
		memcpy(head_hash_out, w.prev, sizeof(w.prev));
	return SOD_OK;
}

enum sod_err
audit_verify(struct sys *sys, struct arena *a, int64_t *checked_out, int64_t *bad_id_out,
             const char **why_out)
{
	return audit_verify_head(sys, a, checked_out, bad_id_out, why_out, NULL, NULL);
}
