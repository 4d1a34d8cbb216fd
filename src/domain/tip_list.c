/*
 * tip_list.c — the tips list and its search over the blind index
 * (each word hashed with a key derived from the unit's secret key,
 * filled in by the first holder who lists); see tip.h and docs/crypto.md.
 */
#include "domain/tip_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "text/thai.h"

#define INDEX_BATCH  500

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
			err = tip_view_fill(sys, a, key, NULL, &v, false, false);
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
tip_desc(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a < b) - (a > b);
}

/* Append ids to *all (grown in the arena). */
static enum sod_err
ids_append(struct arena *a, int64_t **all, size_t *n, size_t *cap, const int64_t *ids,
           size_t k)
{
	if (*n + k > *cap) {
		int64_t *bigger;

		while (*n + k > *cap)
			*cap = *cap ? *cap * 2 : 64;
		if ((bigger = arena_alloc(a, *cap * sizeof(*bigger))) == NULL)
			return SOD_ENOMEM;
		if (*n)
			memcpy(bigger, *all, *n * sizeof(*bigger));
		*all = bigger;
	}
	if (k)
		memcpy(*all + *n, ids, k * sizeof(*ids));
	*n += k;
	return SOD_OK;
}

/* Sort newest first and drop repeats; the new length. */
static size_t
ids_unique(int64_t *ids, size_t n)
{
	size_t kept = 0;

	if (n)
		qsort(ids, n, sizeof(*ids), tip_desc);
	for (size_t i = 0; i < n; i++)
		if (kept == 0 || ids[kept - 1] != ids[i])
			ids[kept++] = ids[i];
	return kept;
}

/* One held key's query: its unit and hashed terms (all of t). */
struct key_query {
	struct tip_search s;
	char **more;         /* terms beyond STORE_SEARCH_TERMS, checked one by one */
	size_t nmore;
};

static void
key_query_make(const struct unit_secret *k, const struct terms *t, struct key_query *kq)
{
	memset(kq, 0, sizeof(*kq));
	kq->s.unit = k->unit_id;
	for (size_t i = 0; i < t->n && i < STORE_SEARCH_TERMS; i++)
		kq->s.terms[i] = t->items[i];
	if (t->n > STORE_SEARCH_TERMS) {
		kq->more = t->items + STORE_SEARCH_TERMS;
		kq->nmore = t->n - STORE_SEARCH_TERMS;
	}
}

/*
 * Up to want ids (below after, newest first) of the reader's tips that
 * match one key's query: pages in SQL; terms past the statement's five are
 * checked for each candidate, fetching further pages until want are found
 * or none is left.
 */
static enum sod_err
key_hits(struct sys *sys, struct arena *a, int64_t account, const struct tip_filter *f,
         const struct key_query *kq, int64_t after, int64_t want, int64_t **out, size_t *n_out)
{
	int64_t *ids, *all = NULL;
	size_t n, nall = 0, cap = 0;
	enum sod_err err;

	*out = NULL;
	*n_out = 0;
	do {
		if ((err = store_tip_page(sys->store, a, account, f, &kq->s, after, want, &ids, &n)))
			return err;
		if (kq->nmore == 0) {
			*out = ids;
			*n_out = n;
			return SOD_OK;
		}
		for (size_t i = 0; i < n && (int64_t)nall < want; i++) {
			bool has = true;

			for (size_t m = 0; m < kq->nmore && has && !err; m++)
				err = store_tip_term_has(sys->store, kq->s.unit, kq->more[m], ids[i], &has);
			if (err)
				return err;
			if (has && (err = ids_append(a, &all, &nall, &cap, &ids[i], 1)))
				return err;
		}
		if (n > 0)
			after = ids[n - 1];
	} while ((int64_t)n == want && (int64_t)nall < want);
	*out = all;
	*n_out = nall;
	return SOD_OK;
}

/*
 * The search: up to want ids below after, and the total. Each held key's
 * hits page in SQL; the pages are merged. The total is the sum of the
 * keys' counts when all the searched keys are of one unit (its tips are
 * indexed under exactly one of its keys); otherwise a tip may be under
 * two units' indexes, and the ids are gathered and counted once.
 */
static enum sod_err
search_page(struct sys *sys, struct arena *a, struct tip_reader *r, const struct tip_filter *f,
            const char *q, int64_t after, int64_t want, int64_t **ids_out, size_t *n_out,
            int64_t *total_out)
{
	int64_t account = r->ses->account_id, *all = NULL, unit = 0, total = 0;
	struct key_query *kq;
	size_t nall = 0, cap = 0, nkq = 0;
	bool one_unit = true;
	enum sod_err err;

	*ids_out = NULL;
	*n_out = 0;
	*total_out = 0;
	if ((kq = arena_zalloc(a, (r->nkeys ? r->nkeys : 1) * sizeof(*kq))) == NULL)
		return SOD_ENOMEM;
	for (size_t u = 0; u < r->nkeys; u++) {
		struct terms t;
		int64_t *ids;
		size_t n;

		if ((err = hashed_terms(a, &r->keys[u], q, &t)) != SOD_OK)
			return err;
		if (t.n == 0)
			continue;
		key_query_make(&r->keys[u], &t, &kq[nkq]);
		if (nkq > 0 && unit != r->keys[u].unit_id)
			one_unit = false;
		unit = r->keys[u].unit_id;
		if ((err = key_hits(sys, a, account, f, &kq[nkq], after, want, &ids, &n)) ||
		    (err = ids_append(a, &all, &nall, &cap, ids, n)))
			return err;
		nkq++;
	}
	nall = ids_unique(all, nall);
	*ids_out = all;
	*n_out = nall < (size_t)want ? nall : (size_t)want;
	for (size_t k = 0; k < nkq && one_unit && kq[k].nmore == 0; k++) {
		int64_t c;

		if ((err = store_tip_page_count(sys->store, account, f, &kq[k].s, &c)) != SOD_OK)
			return err;
		total += c;
	}
	if (!one_unit || (nkq > 0 && kq[0].nmore > 0)) {
		int64_t *every = NULL;
		size_t nevery = 0, ecap = 0;

		total = 0;
		for (size_t k = 0; k < nkq; k++) {
			int64_t *ids;
			size_t n;

			if ((err = key_hits(sys, a, account, f, &kq[k], INT64_MAX, INT64_MAX / 2, &ids,
			                    &n)) ||
			    (err = ids_append(a, &every, &nevery, &ecap, ids, n)))
				return err;
		}
		total = (int64_t)ids_unique(every, nevery);
	}
	*total_out = total;
	return SOD_OK;
}

enum sod_err
tip_list(struct sys *sys, struct arena *a, struct tip_reader *r, const struct tip_filter *f,
         const char *q, int64_t limit, int64_t offset, int64_t after,
         struct tip_view **items_out, size_t *n_out, int64_t *total_out, int64_t *next_out)
{
	int64_t *ids = NULL, want;
	struct tip_view *out;
	size_t nids = 0, n = 0;
	bool searching = q != NULL && q[0] != '\0';
	enum sod_err err;

	*n_out = 0;
	*total_out = 0;
	*next_out = 0;
	if (tip_filter_check(f) != NULL || limit < 0 || offset < 0 || after < 0)
		return SOD_EINVAL;
	if ((err = index_pending(sys, a, r)) != SOD_OK)
		return err;
	if (after == 0)
		after = INT64_MAX;
	/* One more than the page, to know whether a next page exists. */
	want = offset > INT64_MAX / 2 - limit ? INT64_MAX / 2 : offset + limit + 1;
	if (searching)
		err = search_page(sys, a, r, f, q, after, want, &ids, &nids, total_out);
	else if ((err = store_tip_page(sys->store, a, r->ses->account_id, f, NULL, after, want,
	                               &ids, &nids)) == SOD_OK)
		err = store_tip_page_count(sys->store, r->ses->account_id, f, NULL, total_out);
	if (err)
		return err;
	if ((out = arena_zalloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof(*out))) == NULL)
		return SOD_ENOMEM;
	for (size_t i = (size_t)offset; i < nids && (int64_t)n < limit; i++) {
		unsigned char key[ENV_KEY_LEN];

		if ((err = store_tip_get(sys->store, a, ids[i], &out[n].rec)) != SOD_OK)
			return err;
		if (tip_reader_key(sys, a, r, ids[i], key) == SOD_OK) {
			err = tip_view_fill(sys, a, key, NULL, &out[n], false, false);
			sodium_memzero(key, sizeof(key));
			if (err)
				return err;
		}
		n++;
	}
	if (n > 0 && (size_t)offset + n < nids)
		*next_out = out[n - 1].rec.id;
	tip_reader_save(sys, r);
	*items_out = out;
	*n_out = n;
	return SOD_OK;
}
