/*
 * results.c — the store's side of activities, KPIs and published quarters
 * (store.h "results"); the counts that KPIs and reports are made of, each
 * over a unit's subtree and an inclusive range of YYYY-MM-DD days.
 */
#include "store/internal.h"

#include <string.h>

static enum sod_err
activity_read(struct sq *q, struct arena *a, struct activity_rec *r)
{
	r->id = sq_int(q, 0);
	r->unit_id = sq_int(q, 1);
	r->unit_code = sq_text(q, a, 2);
	r->kind = sq_text(q, a, 3);
	r->title = sq_text(q, a, 4);
	r->held_on = sq_text(q, a, 5);
	r->province_code = sq_text(q, a, 6);
	r->district_code = sq_text(q, a, 7);
	r->leader_id = sq_int(q, 8);
	r->training_id = sq_int(q, 9);
	r->audience = sq_int(q, 10);
	r->outputs = sq_text(q, a, 11);
	r->note = sq_text(q, a, 12);
	r->people = sq_int(q, 13);
	if (!r->unit_code || !r->kind || !r->title || !r->held_on || !r->outputs || !r->note)
		return SOD_ENOMEM;
	return SOD_OK;
}

static enum sod_err
activity_rows(struct sq *q, struct arena *a, struct activity_rec **items_out,
              size_t *n_out)
{
	struct activity_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err = SOD_OK;
	int rc;

	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		if ((err = activity_read(q, a, &items[n++])) != SOD_OK)
			break;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_activity_insert(struct store *s, const struct activity_rec *r, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ACTIVITY_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, r->unit_id);
	sq_bind_text(q, 2, r->kind);
	sq_bind_text(q, 3, r->title);
	sq_bind_text(q, 4, r->held_on);
	sq_bind_text(q, 5, r->province_code);
	sq_bind_text(q, 6, r->district_code);
	if (r->leader_id > 0)
		sq_bind_int(q, 7, r->leader_id);
	else
		sq_bind_text(q, 7, NULL);
	if (r->training_id > 0)
		sq_bind_int(q, 8, r->training_id);
	else
		sq_bind_text(q, 8, NULL);
	sq_bind_int(q, 9, r->audience);
	sq_bind_text(q, 10, r->outputs ? r->outputs : "");
	sq_bind_text(q, 11, r->note ? r->note : "");
	sq_bind_int(q, 12, sod_now());
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_activity_person_add(struct store *s, int64_t activity, int64_t person)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ACTIVITY_PERSON_ADD, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, activity);
	sq_bind_int(q, 2, person);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_activity_sector_add(struct store *s, int64_t activity, const char *sector,
                          int64_t heads)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ACTIVITY_SECTOR_ADD, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, activity);
	sq_bind_text(q, 2, sector);
	sq_bind_int(q, 3, heads);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_activity_list(struct store *s, struct arena *a, int64_t unit, const char *from,
                    const char *to, int64_t limit, struct activity_rec **items_out,
                    size_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ACTIVITY_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, from);
	sq_bind_text(q, 3, to);
	sq_bind_int(q, 4, limit);
	return activity_rows(q, a, items_out, n_out);
}

enum sod_err
store_activity_get(struct store *s, struct arena *a, int64_t id, struct activity_rec *out)
{
	struct activity_rec *items;
	size_t n;
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ACTIVITY_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	if ((err = activity_rows(q, a, &items, &n)) != SOD_OK)
		return err;
	if (n == 0)
		return SOD_ENOTFOUND;
	*out = items[0];
	return SOD_OK;
}

enum sod_err
store_activity_cascade(struct store *s, struct arena *a, int64_t training,
                       struct activity_rec **items_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ACTIVITY_CASCADE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, training);
	return activity_rows(q, a, items_out, n_out);
}

/* Rows of (text, integer): sectors with heads, agencies with counts. */
static enum sod_err
text_int_rows(struct sq *q, struct arena *a, char ***texts_out, int64_t **ints_out,
              size_t *n_out)
{
	char **t = NULL;
	int64_t *v = NULL;
	size_t n = 0, cap_t = 0, cap_v = 0;
	enum sod_err err = SOD_OK;
	int rc;

	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&t, n, &cap_t, sizeof(*t)) ||
		    !sq_grow(a, (void **)&v, n, &cap_v, sizeof(*v)) ||
		    (t[n] = sq_text(q, a, 0)) == NULL) {
			err = SOD_ENOMEM;
			break;
		}
		v[n++] = sq_int(q, 1);
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*texts_out = t;
	*ints_out = v;
	*n_out = n;
	return err;
}

enum sod_err
store_activity_sectors(struct store *s, struct arena *a, int64_t id, char ***sectors_out,
                       int64_t **heads_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ACTIVITY_SECTORS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	return text_int_rows(q, a, sectors_out, heads_out, n_out);
}

enum sod_err
store_res_count(struct store *s, enum res_count what, int64_t unit, const char *from,
                const char *to, const char *kind, int64_t *out)
{
	static const enum stmt stmts[] = {
		[RES_COUNT_ACTIVITIES] = STMT_RES_ACTIVITIES,
		[RES_COUNT_ACTIVITIES_KIND] = STMT_RES_ACTIVITIES_KIND,
		[RES_COUNT_AUDIENCE] = STMT_RES_AUDIENCE,
		[RES_COUNT_MULTIPLIER_SESSIONS] = STMT_RES_MULTIPLIER_SESSIONS,
		[RES_COUNT_MULTIPLIERS_TRAINED] = STMT_RES_MULTIPLIERS_TRAINED,
		[RES_COUNT_TIPS_RECEIVED] = STMT_RES_TIPS_RECEIVED,
		[RES_COUNT_TIPS_REFERRED] = STMT_RES_TIPS_REFERRED,
		[RES_COUNT_CASES_CLOSED] = STMT_RES_CASES_CLOSED,
		[RES_COUNT_REFERRALS] = STMT_RES_REFERRALS,
	};
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, stmts[what], &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, from);
	sq_bind_text(q, 3, to);
	if (what == RES_COUNT_ACTIVITIES_KIND)
		sq_bind_text(q, 4, kind ? kind : "");
	err = sq_one_int(q, out);
	sq_close(q);
	return err;
}

enum sod_err
store_res_pairs(struct store *s, struct arena *a, bool acks, int64_t unit,
                const char *from, const char *to, struct date_pair **items_out,
                size_t *n_out)
{
	struct date_pair *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc, c = acks ? 0 : 1;

	if ((err = sq_open(s, acks ? STMT_RES_TIP_ACK_DAYS : STMT_RES_REFERRAL_ANSWERS,
	                   &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, from);
	sq_bind_text(q, 3, to);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items)) ||
		    (items[n].first = sq_text(q, a, c)) == NULL) {
			err = SOD_ENOMEM;
			break;
		}
		items[n].second = sq_text(q, a, c + 1);
		items[n].object = acks ? 0 : sq_int(q, 0);
		n++;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_res_referrals_by_agency(struct store *s, struct arena *a, int64_t unit,
                              const char *from, const char *to, char ***agencies_out,
                              int64_t **counts_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_RES_REFERRALS_BY_AGENCY, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, from);
	sq_bind_text(q, 3, to);
	return text_int_rows(q, a, agencies_out, counts_out, n_out);
}

static enum sod_err
kpi_read(struct sq *q, struct arena *a, struct kpi_rec *k)
{
	k->id = sq_int(q, 0);
	k->unit_id = sq_int(q, 1);
	k->year = sq_int(q, 2);
	k->code = sq_text(q, a, 3);
	k->name_th = sq_text(q, a, 4);
	k->name_en = sq_text(q, a, 5);
	k->metric = sq_text(q, a, 6);
	k->target = sq_int(q, 7);
	for (int i = 0; i < 4; i++)
		k->target_q[i] = sq_int(q, 8 + i);
	return k->code && k->name_th && k->name_en && k->metric ? SOD_OK : SOD_ENOMEM;
}

enum sod_err
store_kpi_upsert(struct store *s, const struct kpi_rec *k, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_KPI_UPSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, k->unit_id);
	sq_bind_int(q, 2, k->year);
	sq_bind_text(q, 3, k->code);
	sq_bind_text(q, 4, k->name_th);
	sq_bind_text(q, 5, k->name_en ? k->name_en : "");
	sq_bind_text(q, 6, k->metric);
	sq_bind_int(q, 7, k->target);
	for (int i = 0; i < 4; i++)
		sq_bind_int(q, 8 + i, k->target_q[i]);
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_kpi_list(struct store *s, struct arena *a, int64_t unit, int64_t year,
               struct kpi_rec **items_out, size_t *n_out)
{
	struct kpi_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_KPI_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, year);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		if ((err = kpi_read(q, a, &items[n++])) != SOD_OK)
			break;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_kpi_get(struct store *s, struct arena *a, int64_t id, struct kpi_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_KPI_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	rc = sq_step(q);
	err = rc == STEP_ROW ? kpi_read(q, a, out) : rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

enum sod_err
store_kpi_entry_set(struct store *s, int64_t kpi, int quarter, int64_t value,
                    const char *evidence)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_KPI_ENTRY_SET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, kpi);
	sq_bind_int(q, 2, quarter);
	sq_bind_int(q, 3, value);
	sq_bind_text(q, 4, evidence ? evidence : "");
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_kpi_entries_sum(struct store *s, int64_t unit, int64_t year, const char *code,
                      int quarter, int64_t *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_KPI_ENTRIES_SUM, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, year);
	sq_bind_text(q, 3, code);
	sq_bind_int(q, 4, quarter);
	err = sq_one_int(q, out);
	sq_close(q);
	return err;
}

enum sod_err
store_publish(struct store *s, int64_t unit, int64_t year, int quarter, int64_t at,
              int64_t by)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_PUBLISH_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, year);
	sq_bind_int(q, 3, quarter);
	sq_bind_int(q, 4, at);
	if (by > 0)
		sq_bind_int(q, 5, by);
	else
		sq_bind_text(q, 5, NULL);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_published_list(struct store *s, struct arena *a, int64_t unit,
                     struct published_rec **items_out, size_t *n_out)
{
	struct published_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_PUBLISHED_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		items[n].year = sq_int(q, 0);
		items[n].quarter = (int)sq_int(q, 1);
		items[n].at = sq_int(q, 2);
		n++;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_person_in_subtree(struct store *s, int64_t unit, int64_t person, bool *out)
{
	struct sq *q;
	int64_t n = 0;
	enum sod_err err;

	if ((err = sq_open(s, STMT_PERSON_IN_SUBTREE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, person);
	err = sq_one_int(q, &n);
	sq_close(q);
	*out = n > 0;
	return err;
}

enum sod_err
store_person_match(struct store *s, int64_t unit, const char *given, const char *family,
                   int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;
	int rc, n = 0;

	if ((err = sq_open(s, STMT_PERSON_MATCH_IN_SUBTREE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, given);
	sq_bind_text(q, 3, family);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (n++ == 0)
			*id_out = sq_int(q, 0);
	}
	sq_close(q);
	if (rc < 0)
		return (enum sod_err)-rc;
	return n == 0 ? SOD_ENOTFOUND : n > 1 ? SOD_ECONFLICT : SOD_OK;
}
