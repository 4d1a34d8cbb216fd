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
			err = tip_view_fill(sys, a, key, &v, false, false);
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
		if (tip_reader_key(sys, a, r, all[i], key) == SOD_OK) {
			err = tip_view_fill(sys, a, key, &out[n], false, false);
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
