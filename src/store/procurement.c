/*
 * procurement.c — typed wrappers for procurement data: releases as they
 * came, the compiled procurement and its flat rows (bids, awards,
 * contracts, parties, tenderers' contacts), the abandonment list, the
 * red-flag passes and flags, and the lists and pages that read them.
 * The rules (merge, indicators) live in domain/procurement.c and
 * domain/flags.c; this file only keeps and reads.
 */
#include <string.h>

#include "store/internal.h"

static void
bind_amount(struct sq *q, int idx, int64_t v)
{
	if (v < 0)
		sq_bind_text(q, idx, NULL);
	else
		sq_bind_int(q, idx, v);
}

static void
bind_nonzero(struct sq *q, int idx, int64_t v)
{
	if (v == 0)
		sq_bind_text(q, idx, NULL);
	else
		sq_bind_int(q, idx, v);
}

static enum sod_err
step_err(int rc)
{
	return rc < 0 ? (enum sod_err)-rc : SOD_OK;
}

enum sod_err
store_proc_release_insert(struct store *s, const char *ocid, const char *id, const char *date,
                          const char *json, bool *inserted_out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_PROC_RELEASE_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, ocid);
	sq_bind_text(q, 2, id);
	sq_bind_text(q, 3, date);
	sq_bind_text(q, 4, json);
	rc = sq_step(q);
	*inserted_out = rc == STEP_ROW;
	while (rc == STEP_ROW)
		rc = sq_step(q);
	sq_close(q);
	return step_err(rc);
}

enum sod_err
store_proc_compiled(struct store *s, struct arena *a, const char *ocid, char **compiled_out,
                    char **last_date_out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_PROC_COMPILED_GET, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, ocid);
	rc = sq_step(q);
	if (rc == STEP_ROW) {
		*compiled_out = sq_text(q, a, 0);
		*last_date_out = sq_text(q, a, 1);
		err = *compiled_out && *last_date_out ? SOD_OK : SOD_ENOMEM;
	} else {
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	}
	sq_close(q);
	return err;
}

enum sod_err
store_proc_releases(struct store *s, struct arena *a, const char *ocid, char ***jsons_out,
                    size_t *n_out)
{
	struct sq *q;
	enum sod_err err;
	char **items = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if ((err = sq_open(s, STMT_PROC_RELEASES_OF, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, ocid);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items)) ||
		    (items[n] = sq_text(q, a, 0)) == NULL) {
			err = SOD_ENOMEM;
			goto out;
		}
		n++;
	}
	err = step_err(rc);
out:
	sq_close(q);
	*jsons_out = items;
	*n_out = n;
	return err;
}

static enum sod_err
exec_id(struct store *s, enum stmt id, int64_t proc_id)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, id, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, proc_id);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

static enum sod_err
put_children(struct store *s, const struct proc_rec *p, int64_t id)
{
	struct sq *q;
	enum sod_err err = SOD_OK;

	for (size_t i = 0; i < p->n_bids && !err; i++) {
		const struct proc_bid_rec *b = &p->bids[i];

		if ((err = sq_open(s, STMT_PROC_BID_INSERT, &q)) != SOD_OK)
			return err;
		sq_bind_int(q, 1, id);
		sq_bind_text(q, 2, b->bid_id);
		sq_bind_text(q, 3, b->tenderer_key);
		sq_bind_text(q, 4, b->tenderer_name);
		bind_amount(q, 5, b->amount);
		bind_nonzero(q, 6, b->at);
		sq_bind_text(q, 7, b->status);
		err = sq_exec(q);
		sq_close(q);
	}
	for (size_t i = 0; i < p->n_awards && !err; i++) {
		const struct proc_award_rec *w = &p->awards[i];

		if ((err = sq_open(s, STMT_PROC_AWARD_INSERT, &q)) != SOD_OK)
			return err;
		sq_bind_int(q, 1, id);
		sq_bind_text(q, 2, w->award_id);
		sq_bind_text(q, 3, w->supplier_key);
		sq_bind_text(q, 4, w->supplier_name);
		sq_bind_text(q, 5, w->supplier_tax);
		bind_amount(q, 6, w->amount);
		bind_nonzero(q, 7, w->at);
		sq_bind_int(q, 8, w->active);
		err = sq_exec(q);
		sq_close(q);
	}
	for (size_t i = 0; i < p->n_contracts && !err; i++) {
		const struct proc_contract_rec *c = &p->contracts[i];

		if ((err = sq_open(s, STMT_PROC_CONTRACT_INSERT, &q)) != SOD_OK)
			return err;
		sq_bind_int(q, 1, id);
		sq_bind_text(q, 2, c->contract_id);
		sq_bind_text(q, 3, c->award_id);
		sq_bind_text(q, 4, c->supplier_key);
		sq_bind_text(q, 5, c->supplier_name);
		bind_amount(q, 6, c->amount);
		bind_nonzero(q, 7, c->signed_day);
		bind_nonzero(q, 8, c->signed_month);
		err = sq_exec(q);
		sq_close(q);
	}
	for (size_t i = 0; i < p->n_parties && !err; i++) {
		const struct proc_party_rec *r = &p->parties[i];

		if ((err = sq_open(s, STMT_PROC_PARTY_INSERT, &q)) != SOD_OK)
			return err;
		sq_bind_int(q, 1, id);
		sq_bind_text(q, 2, r->party_key);
		sq_bind_text(q, 3, r->name);
		sq_bind_text(q, 4, r->tax_id);
		sq_bind_text(q, 5, r->roles);
		err = sq_exec(q);
		sq_close(q);
	}
	for (size_t i = 0; i < p->n_contacts && !err; i++) {
		const struct proc_contact_rec *c = &p->contacts[i];

		if ((err = sq_open(s, STMT_PROC_CONTACT_INSERT, &q)) != SOD_OK)
			return err;
		sq_bind_int(q, 1, id);
		sq_bind_text(q, 2, c->party_key);
		sq_bind_text(q, 3, c->name);
		sq_bind_text(q, 4, c->kind);
		sq_bind_text(q, 5, c->value);
		err = sq_exec(q);
		sq_close(q);
	}
	return err;
}

enum sod_err
store_proc_put(struct store *s, const struct proc_rec *p, int64_t *id_out)
{
	static const enum stmt dels[] = {
		STMT_PROC_DEL_BIDS, STMT_PROC_DEL_AWARDS, STMT_PROC_DEL_CONTRACTS,
		STMT_PROC_DEL_PARTIES, STMT_PROC_DEL_CONTACTS,
	};
	struct sq *q;
	enum sod_err err;
	int64_t id = 0;

	if ((err = sq_open(s, STMT_PROC_COMPILED_PUT, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, p->ocid);
	sq_bind_text(q, 2, p->compiled);
	sq_bind_text(q, 3, p->last_date);
	err = sq_exec(q);
	sq_close(q);
	if (err)
		return err;
	if ((err = sq_open(s, STMT_PROC_UPSERT, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, p->ocid);
	sq_bind_text(q, 4, p->title ? p->title : "");
	sq_bind_text(q, 5, p->buyer_key);
	sq_bind_text(q, 6, p->buyer_name);
	sq_bind_text(q, 7, p->province);
	sq_bind_text(q, 8, p->method);
	sq_bind_text(q, 9, p->method_details);
	bind_amount(q, 10, p->tender_amount);
	bind_nonzero(q, 11, p->tender_start);
	bind_nonzero(q, 12, p->tender_end);
	bind_amount(q, 13, p->awarded);
	bind_amount(q, 14, p->contracted);
	bind_nonzero(q, 15, p->fiscal_year);
	sq_bind_text(q, 16, p->month);
	err = sq_one_int(q, &id);
	sq_close(q);
	if (err)
		return err;
	for (size_t i = 0; i < sizeof(dels) / sizeof(dels[0]); i++)
		if ((err = exec_id(s, dels[i], id)) != SOD_OK)
			return err;
	if ((err = put_children(s, p, id)) == SOD_OK && id_out)
		*id_out = id;
	return err;
}

enum sod_err
store_proc_blacklist_put(struct store *s, const char *tax_id, const char *name,
                         const char *listed_on)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_PROC_BLACKLIST_PUT, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, tax_id);
	sq_bind_text(q, 2, name);
	sq_bind_text(q, 3, listed_on);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

/* ---- red-flag passes ------------------------------------------------------ */

static const struct {
	enum stmt stmt;
	int ints, texts;
	bool param;
} passes[PROC_PASS__MAX] = {
	[PROC_PASS_BIDS] = {STMT_PROC_PASS_BIDS, 2, 1, true},
	[PROC_PASS_PERIOD] = {STMT_PROC_PASS_PERIOD, 3, 0, true},
	[PROC_PASS_PRICE] = {STMT_PROC_PASS_PRICE, 4, 0, false},
	[PROC_PASS_CONTRACT_AWARD] = {STMT_PROC_PASS_CONTRACT_AWARD, 3, 2, false},
	[PROC_PASS_IDENTICAL] = {STMT_PROC_PASS_IDENTICAL, 2, 2, false},
	[PROC_PASS_LATE] = {STMT_PROC_PASS_LATE, 3, 1, false},
	[PROC_PASS_SHARED] = {STMT_PROC_PASS_SHARED, 1, 4, false},
	[PROC_PASS_YEAR_END] = {STMT_PROC_PASS_YEAR_END, 3, 0, true},
	[PROC_PASS_SPLIT] = {STMT_PROC_PASS_SPLIT, 3, 4, true},
	[PROC_PASS_BLACKLIST] = {STMT_PROC_PASS_BLACKLIST, 1, 4, false},
	[PROC_PASS_SHARES] = {STMT_PROC_PASS_SHARES, 1, 4, false},
};

enum sod_err
store_proc_pass(struct store *s, enum proc_pass pass, int64_t param, proc_pass_cb cb,
                void *ctx)
{
	struct sq *q;
	enum sod_err err;
	int64_t ints[8];
	const char *texts[8];
	int rc, ni = passes[pass].ints, nt = passes[pass].texts;

	if ((err = sq_open(s, passes[pass].stmt, &q)) != SOD_OK)
		return err;
	if (passes[pass].param)
		sq_bind_int(q, 1, param);
	while ((rc = sq_step(q)) == STEP_ROW) {
		for (int i = 0; i < ni; i++)
			ints[i] = sq_int(q, i);
		for (int i = 0; i < nt; i++)
			texts[i] = sq_peek(q, ni + i);
		if ((err = cb(ctx, ints, texts)) != SOD_OK)
			goto out;
	}
	err = step_err(rc);
out:
	sq_close(q);
	return err;
}

enum sod_err
store_proc_flags_clear(struct store *s)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_PROC_FLAGS_CLEAR, &q)) != SOD_OK)
		return err;
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_proc_flag_add(struct store *s, int64_t proc_id, const char *indicator, const char *facts)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_PROC_FLAG_ADD, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, proc_id);
	sq_bind_text(q, 2, indicator);
	sq_bind_text(q, 3, facts);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_proc_flag_pair(struct store *s, const char *buyer_key, const char *supplier_key,
                     const char *indicator, const char *facts)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_PROC_FLAG_PAIR, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, buyer_key);
	sq_bind_text(q, 2, supplier_key);
	sq_bind_text(q, 3, indicator);
	sq_bind_text(q, 4, facts);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_proc_scores_update(struct store *s)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_PROC_SCORES_UPDATE, &q)) != SOD_OK)
		return err;
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_proc_flagged_each(struct store *s,
                        enum sod_err (*cb)(void *ctx, const char *ocid, int64_t score,
                                           const char *indicator),
                        void *ctx)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_PROC_FLAGGED_ALL, &q)) != SOD_OK)
		return err;
	while ((rc = sq_step(q)) == STEP_ROW)
		if ((err = cb(ctx, sq_peek(q, 1), sq_int(q, 0), sq_peek(q, 2))) != SOD_OK)
			goto out;
	err = step_err(rc);
out:
	sq_close(q);
	return err;
}

/* ---- lists and pages ---------------------------------------------------------- */

/* The PROC_COLS of the current row. */
static enum sod_err
proc_read(struct sq *q, struct arena *a, struct proc_rec *p)
{
	memset(p, 0, sizeof(*p));
	p->id = sq_int(q, 0);
	p->score = sq_int(q, 1);
	p->amount = sq_int(q, 2);
	p->tender_amount = sq_int(q, 3);
	p->tender_start = sq_int(q, 4);
	p->tender_end = sq_int(q, 5);
	p->fiscal_year = (int)sq_int(q, 6);
	p->ocid = sq_text(q, a, 7);
	p->title = sq_text(q, a, 8);
	p->buyer_key = sq_text(q, a, 9);
	p->buyer_name = sq_text(q, a, 10);
	p->method = sq_text(q, a, 11);
	p->province = sq_text(q, a, 12);
	p->month = sq_text(q, a, 13);
	p->flags = sq_text(q, a, 14);
	return p->ocid && p->title ? SOD_OK : SOD_ENOMEM;
}

static void
bind_filter(struct sq *q, const struct proc_filter *f)
{
	sq_bind_text(q, 1, f->flag);
	sq_bind_text(q, 2, f->buyer);
	sq_bind_text(q, 3, f->supplier);
	sq_bind_text(q, 4, f->province);
	sq_bind_int(q, 5, f->min_score);
	sq_bind_int(q, 6, f->fiscal_year);
	sq_bind_int(q, 7, f->min_amount);
}

enum sod_err
store_proc_list(struct store *s, struct arena *a, const struct proc_filter *f,
                struct proc_rec **items_out, size_t *n_out, int64_t *total_out)
{
	struct sq *q;
	enum sod_err err;
	struct proc_rec *items = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*items_out = NULL;
	*n_out = 0;
	if ((err = sq_open(s, STMT_PROC_COUNT, &q)) != SOD_OK)
		return err;
	bind_filter(q, f);
	err = sq_one_int(q, total_out);
	sq_close(q);
	if (err)
		return err;
	if ((err = sq_open(s, STMT_PROC_LIST, &q)) != SOD_OK)
		return err;
	bind_filter(q, f);
	sq_bind_int(q, 8, f->limit);
	sq_bind_int(q, 9, f->offset);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items)) ||
		    (err = proc_read(q, a, &items[n])) != SOD_OK) {
			err = SOD_ENOMEM;
			goto out;
		}
		n++;
	}
	err = step_err(rc);
out:
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

/* Rows of one of the *_OF statements into an arena array. */
static enum sod_err
children(struct store *s, struct arena *a, enum stmt id, int64_t proc_id, size_t size,
         void (*read)(struct sq *, struct arena *, void *), void **items_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;
	char *items = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if ((err = sq_open(s, id, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, proc_id);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, size)) {
			err = SOD_ENOMEM;
			goto out;
		}
		read(q, a, items + n * size);
		n++;
	}
	err = step_err(rc);
out:
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

static void
read_flag(struct sq *q, struct arena *a, void *p)
{
	struct proc_flag_rec *f = p;

	f->indicator = sq_text(q, a, 0);
	f->facts = sq_text(q, a, 1);
}

static void
read_bid(struct sq *q, struct arena *a, void *p)
{
	struct proc_bid_rec *b = p;

	b->amount = sq_int(q, 0);
	b->at = sq_int(q, 1);
	b->bid_id = sq_text(q, a, 2);
	b->tenderer_key = sq_text(q, a, 3);
	b->tenderer_name = sq_text(q, a, 4);
	b->status = sq_text(q, a, 5);
}

static void
read_award(struct sq *q, struct arena *a, void *p)
{
	struct proc_award_rec *w = p;

	w->amount = sq_int(q, 0);
	w->at = sq_int(q, 1);
	w->active = sq_int(q, 2) != 0;
	w->award_id = sq_text(q, a, 3);
	w->supplier_key = sq_text(q, a, 4);
	w->supplier_name = sq_text(q, a, 5);
	w->supplier_tax = sq_text(q, a, 6);
}

static void
read_contract(struct sq *q, struct arena *a, void *p)
{
	struct proc_contract_rec *c = p;

	c->amount = sq_int(q, 0);
	c->signed_day = sq_int(q, 1);
	c->contract_id = sq_text(q, a, 2);
	c->award_id = sq_text(q, a, 3);
	c->supplier_key = sq_text(q, a, 4);
	c->supplier_name = sq_text(q, a, 5);
}

enum sod_err
store_proc_get(struct store *s, struct arena *a, const char *ocid, struct proc_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_PROC_GET, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, ocid);
	rc = sq_step(q);
	if (rc == STEP_ROW)
		err = proc_read(q, a, out);
	else
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	if (err)
		return err;
	if ((err = children(s, a, STMT_PROC_FLAGS_OF, out->id, sizeof(struct proc_flag_rec),
	                    read_flag, (void **)&out->flag_recs, &out->n_flags)) ||
	    (err = children(s, a, STMT_PROC_BIDS_OF, out->id, sizeof(struct proc_bid_rec),
	                    read_bid, (void **)&out->bids, &out->n_bids)) ||
	    (err = children(s, a, STMT_PROC_AWARDS_OF, out->id, sizeof(struct proc_award_rec),
	                    read_award, (void **)&out->awards, &out->n_awards)))
		return err;
	return children(s, a, STMT_PROC_CONTRACTS_OF, out->id, sizeof(struct proc_contract_rec),
	                read_contract, (void **)&out->contracts, &out->n_contracts);
}

/* ---- counts for pages and charts ------------------------------------------------- */

static enum sod_err
counts(struct store *s, struct arena *a, enum stmt id, const char *key, int64_t limit,
       struct proc_count_rec **items_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;
	struct proc_count_rec *items = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if ((err = sq_open(s, id, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, key);
	sq_bind_int(q, 2, limit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			goto out;
		}
		items[n].n = sq_int(q, 0);
		items[n].m = id == STMT_PROC_FLAGS_BY_MONTH ? 0 : sq_int(q, 1);
		items[n].key = sq_text(q, a, id == STMT_PROC_FLAGS_BY_MONTH ? 1 : 2);
		items[n].name = id == STMT_PROC_FLAGS_BY_MONTH ? NULL : sq_text(q, a, 3);
		n++;
	}
	err = step_err(rc);
out:
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_proc_flags_by_month(struct store *s, struct arena *a, const char *buyer_key,
                          int64_t limit, struct proc_count_rec **items_out, size_t *n_out)
{
	return counts(s, a, STMT_PROC_FLAGS_BY_MONTH, buyer_key, limit, items_out, n_out);
}

enum sod_err
store_proc_buyer_suppliers(struct store *s, struct arena *a, const char *buyer_key,
                           int64_t limit, struct proc_count_rec **items_out, size_t *n_out)
{
	return counts(s, a, STMT_PROC_BUYER_SUPPLIERS, buyer_key, limit, items_out, n_out);
}

enum sod_err
store_proc_co_bidders(struct store *s, struct arena *a, const char *tenderer_key,
                      int64_t limit, struct proc_count_rec **items_out, size_t *n_out)
{
	return counts(s, a, STMT_PROC_CO_BIDDERS, tenderer_key, limit, items_out, n_out);
}
