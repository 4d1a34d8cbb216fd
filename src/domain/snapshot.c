/*
 * snapshot.c — a quarter's figures kept as they were: the snapshot taken
 * when a supervisor publishes a quarter (what the public page and open
 * data then serve, unchanged by later corrections until the quarter is
 * published again, which keeps a new version and says so), and the
 * summary a quarterly meeting keeps of a quarter's figures
 * (domain/results.h, docs/results.md "Snapshots").
 *
 * A snapshot is a JSON document (jansson) stored whole: the quarter's
 * figures, each KPI's figure, targets and status, the quarter's
 * activities (no person's name) and its referrals per agency. Figures are
 * stored unsuppressed; the public page and data suppress small counts
 * when they show them.
 */
#include "domain/results.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "domain/webhook.h"

#include "text/date.h"

#define SNAP_ACTIVITIES 50   /* the quarter's latest activities kept */

static const char *const light_names[] = {"none", "on_track", "at_risk", "behind"};

static enum light
light_parse(const char *s)
{
	for (int i = 0; s != NULL && i < 4; i++)
		if (strcmp(s, light_names[i]) == 0)
			return (enum light)i;
	return LIGHT_NONE;
}

enum sod_err
results_quarter_view(struct sys *sys, struct arena *a, int64_t unit, int year, int quarter,
                     const bool only[4], int64_t now, struct quarter_view *out)
{
	struct kpi_progress *k;
	size_t nk;
	enum sod_err err;

	memset(out, 0, sizeof(*out));
	out->year = year;
	out->quarter = quarter;
	if ((err = results_quarter(sys, a, unit, year, quarter, &out->f)) ||
	    (err = kpi_progress(sys, a, unit, year, only, now, &k, &nk)) ||
	    (err = results_activities(sys, a, unit, year, quarter, SNAP_ACTIVITIES, &out->acts,
	                              &out->nacts)) ||
	    (err = results_by_agency(sys, a, unit, year, quarter, &out->agencies,
	                             &out->agency_counts, &out->nagencies)))
		return err;
	if (nk > 0 && (out->kpis = arena_zalloc(a, sizeof(*out->kpis) * nk)) == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < nk; i++) {
		struct quarter_kpi *o = &out->kpis[i];

		o->code = k[i].k.code;
		o->name_th = k[i].k.name_th;
		o->name_en = k[i].k.name_en ? k[i].k.name_en : "";
		o->target = k[i].k.target;
		o->quarter_target = k[i].k.target_q[quarter - 1] ? k[i].k.target_q[quarter - 1]
		                                                  : k[i].k.target / 4;
		o->value = k[i].by_quarter[quarter - 1];
		o->light = k[i].light[quarter - 1];
	}
	out->nkpis = nk;
	return SOD_OK;
}

char *
results_view_json(struct arena *a, const struct quarter_view *v)
{
	const struct quarter_figures *f = &v->f;
	json_t *o, *kpis = json_array(), *acts = json_array(), *ag = json_array();
	char *s, *copy = NULL;

	for (size_t i = 0; i < v->nkpis; i++) {
		const struct quarter_kpi *k = &v->kpis[i];

		json_array_append_new(kpis, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:s}",
		    "id", k->code, "name_th", k->name_th, "name_en", k->name_en,
		    "target", (json_int_t)k->target, "quarter_target", (json_int_t)k->quarter_target,
		    "value", (json_int_t)k->value, "status", light_names[k->light]));
	}
	for (size_t i = 0; i < v->nacts; i++) {
		const struct activity_rec *r = &v->acts[i];

		json_array_append_new(acts, json_pack("{s:s, s:s, s:s, s:s, s:I}", "title", r->title,
		    "kind", r->kind, "held_on", r->held_on, "province",
		    r->province_code ? r->province_code : "", "audience", (json_int_t)r->audience));
	}
	for (size_t i = 0; i < v->nagencies; i++)
		json_array_append_new(ag, json_pack("{s:s, s:I}", "agency", v->agencies[i],
		                                    "count", (json_int_t)v->agency_counts[i]));
	o = json_pack("{s:i, s:i, s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:o, s:o, s:o}",
	    "year", v->year, "quarter", v->quarter, "figures",
	    "tips_received", (json_int_t)f->tips_received,
	    "tips_acknowledged_in_time", (json_int_t)f->tips_acknowledged_in_time,
	    "tips_referred", (json_int_t)f->tips_referred,
	    "cases_closed", (json_int_t)f->cases_closed,
	    "activities", (json_int_t)f->activities,
	    "people_reached", (json_int_t)f->people_reached,
	    "kpis", kpis, "activities", acts, "agencies", ag);
	if (o == NULL)
		return NULL;
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (s != NULL)
		copy = arena_strdup(a, s);
	free(s);
	return copy;
}

static int64_t
int_of(json_t *o, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(o, key));
}

static char *
str_of(struct arena *a, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return arena_strdup(a, s ? s : "");
}

static enum sod_err
view_lists(struct arena *a, json_t *root, struct quarter_view *v)
{
	json_t *kpis = json_object_get(root, "kpis"), *acts = json_object_get(root, "activities");
	json_t *ag = json_object_get(root, "agencies");

	v->nkpis = json_array_size(kpis);
	v->nacts = json_array_size(acts);
	v->nagencies = json_array_size(ag);
	if ((v->nkpis && !(v->kpis = arena_zalloc(a, sizeof(*v->kpis) * v->nkpis))) ||
	    (v->nacts && !(v->acts = arena_zalloc(a, sizeof(*v->acts) * v->nacts))) ||
	    (v->nagencies && (!(v->agencies = arena_zalloc(a, sizeof(char *) * v->nagencies)) ||
	                      !(v->agency_counts = arena_zalloc(a, 8 * v->nagencies)))))
		return SOD_ENOMEM;
	for (size_t i = 0; i < v->nkpis; i++) {
		json_t *k = json_array_get(kpis, i);
		struct quarter_kpi *o = &v->kpis[i];

		o->code = str_of(a, k, "id");
		o->name_th = str_of(a, k, "name_th");
		o->name_en = str_of(a, k, "name_en");
		o->target = int_of(k, "target");
		o->quarter_target = int_of(k, "quarter_target");
		o->value = int_of(k, "value");
		o->light = light_parse(json_string_value(json_object_get(k, "status")));
	}
	for (size_t i = 0; i < v->nacts; i++) {
		json_t *r = json_array_get(acts, i);
		struct activity_rec *o = &v->acts[i];

		o->title = str_of(a, r, "title");
		o->kind = str_of(a, r, "kind");
		o->held_on = str_of(a, r, "held_on");
		o->province_code = str_of(a, r, "province");
		if (o->province_code && o->province_code[0] == '\0')
			o->province_code = NULL;
		o->audience = int_of(r, "audience");
	}
	for (size_t i = 0; i < v->nagencies; i++) {
		v->agencies[i] = str_of(a, json_array_get(ag, i), "agency");
		v->agency_counts[i] = int_of(json_array_get(ag, i), "count");
	}
	return SOD_OK;
}

enum sod_err
results_view_parse(struct arena *a, const char *body, struct quarter_view *out)
{
	json_error_t je;
	json_t *root = json_loads(body, 0, &je), *f;
	enum sod_err err;

	memset(out, 0, sizeof(*out));
	if (root == NULL || !json_is_object(root))
		return json_decref(root), SOD_EIO;
	out->year = (int)int_of(root, "year");
	out->quarter = (int)int_of(root, "quarter");
	f = json_object_get(root, "figures");
	out->f.year = out->year;
	out->f.quarter = out->quarter;
	out->f.tips_received = int_of(f, "tips_received");
	out->f.tips_acknowledged_in_time = int_of(f, "tips_acknowledged_in_time");
	out->f.tips_referred = int_of(f, "tips_referred");
	out->f.cases_closed = int_of(f, "cases_closed");
	out->f.activities = int_of(f, "activities");
	out->f.people_reached = int_of(f, "people_reached");
	err = view_lists(a, root, out);
	json_decref(root);
	return err;
}

/* The quarters of year that count for a snapshot of (year, quarter): the
 * published ones and this one. */
static enum sod_err
published_mask(struct sys *sys, struct arena *a, int64_t unit, int year, int quarter,
               bool only[4])
{
	struct published_rec *p;
	size_t n;
	enum sod_err err = results_published(sys, a, unit, &p, &n);

	memset(only, 0, 4 * sizeof(bool));
	only[quarter - 1] = true;
	for (size_t i = 0; !err && i < n; i++)
		if (p[i].year == year)
			only[p[i].quarter - 1] = true;
	return err;
}

/* Take the snapshot of (unit, year, quarter) at now; first: version 1 only
 * if none exists (a quarter published before snapshots were kept). */
static enum sod_err
snapshot_take(struct sys *sys, struct arena *a, int64_t unit, int year, int quarter,
              int64_t now, int64_t by, bool first, int64_t *version_out)
{
	struct quarter_view v;
	bool only[4];
	char *body;
	enum sod_err err;

	if ((err = published_mask(sys, a, unit, year, quarter, only)) ||
	    (err = results_quarter_view(sys, a, unit, year, quarter, only, now, &v)))
		return err;
	if ((body = results_view_json(a, &v)) == NULL)
		return SOD_ENOMEM;
	if (first)
		return store_snapshot_insert_first(sys->store, unit, year, quarter, now, body);
	return store_snapshot_insert(sys->store, unit, year, quarter, now, by, body, version_out);
}

/* Tell the unit's webhook (domain/webhook.h); a failure to queue is not
 * the publisher's failure. */
static void
publish_hook(struct sys *sys, int64_t unit, int year, int quarter)
{
	struct unit_rec u;
	struct arena *a = arena_new(1u << 14);

	if (a != NULL && store_unit_get(sys->store, a, unit, &u) == SOD_OK)
		(void)webhook_emit(sys, unit, "quarter.published",
		                   json_pack("{s:s?, s:s?}", "period",
		                             arena_printf(a, "%d-q%d", year, quarter), "link",
		                             arena_printf(a, "/public/%s", u.code)));
	arena_free(&a);
}

enum sod_err
results_publish(struct sys *sys, const struct session *ses, int64_t unit, int year,
                int quarter, int64_t now, struct verr *ve, int64_t *version_out)
{
	bool ok;
	int64_t version = 0;
	enum sod_err err;

	*ve = (struct verr){0};
	if ((err = results_can_publish(sys, ses, unit, &ok)) != SOD_OK)
		return err;
	if (!ok)
		return SOD_EPERM;
	if (year < 2400 || year > 2700 || quarter < 1 || quarter > 4) {
		*ve = (struct verr){"period", "error.field.period"};
		return SOD_EINVAL;
	}
	if (!period_ended(year, quarter, now)) {
		*ve = (struct verr){"period", "error.field.period_not_ended"};
		return SOD_EINVAL;
	}
	/* The snapshot and the publishing row commit together: the public never
	 * sees a published quarter without its figures. */
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	{
		struct arena *a = arena_new(16u << 20);

		if (a == NULL)
			err = SOD_ENOMEM;
		if (!err)
			err = store_publish(sys->store, unit, year, quarter, now, ses->account_id);
		if (!err)
			err = snapshot_take(sys, a, unit, year, quarter, now, ses->account_id, false,
			                    &version);
		arena_free(&a);
	}
	if (!err)
		err = store_tx_commit(sys->store);
	else
		store_tx_rollback(sys->store);
	if (err)
		return err;
	if (version_out != NULL)
		*version_out = version;
	publish_hook(sys, unit, year, quarter);
	return SOD_OK;
}

enum sod_err
results_public(struct sys *sys, struct arena *a, int64_t unit, int64_t now,
               struct quarter_view **items_out, size_t *n_out)
{
	struct snapshot_rec *s;
	struct quarter_view *v = NULL;
	size_t n;
	bool again = false;
	enum sod_err err;

	*items_out = NULL;
	*n_out = 0;
	if ((err = store_snapshot_latest(sys->store, a, unit, &s, &n)) != SOD_OK)
		return err;
	/* Quarters published before snapshots were kept (or by the demo) get
	 * theirs at the first read, once. */
	for (size_t i = 0; i < n; i++)
		if (s[i].version == 0) {
			if ((err = snapshot_take(sys, a, unit, (int)s[i].year, s[i].quarter, now, 0,
			                         true, NULL)) != SOD_OK)
				return err;
			again = true;
		}
	if (again && (err = store_snapshot_latest(sys->store, a, unit, &s, &n)) != SOD_OK)
		return err;
	if (n > 0 && (v = arena_zalloc(a, sizeof(*v) * n)) == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (s[i].body == NULL || (err = results_view_parse(a, s[i].body, &v[i])) != SOD_OK)
			return err ? err : SOD_EIO;
		v[i].version = s[i].version;
		v[i].taken_at = s[i].taken_at;
		v[i].published_at = s[i].published_at;
	}
	*items_out = v;
	*n_out = n;
	return SOD_OK;
}

/* ---- quarterly meetings ---------------------------------------------------- */

enum sod_err
meeting_summary_take(struct sys *sys, struct arena *a, int64_t meeting, int year,
                     int quarter, int64_t now)
{
	struct meeting_rec m;
	struct quarter_view v;
	char *body;
	enum sod_err err;

	if ((err = store_meeting_get(sys->store, a, meeting, &m)) != SOD_OK)
		return err;
	if (year == 0) {
		struct cdate d;

		if (!date_parse_iso(m.held_on, strlen(m.held_on), &d))
			return SOD_EINVAL;
		year = fiscal_year_be(d);
		quarter = fiscal_quarter(d);
	}
	if (year < 2400 || year > 2700 || quarter < 1 || quarter > 4)
		return SOD_EINVAL;
	if ((err = results_quarter_view(sys, a, m.unit_id, year, quarter, NULL, now, &v)))
		return err;
	if ((body = results_view_json(a, &v)) == NULL)
		return SOD_ENOMEM;
	return store_meeting_summary_set(sys->store, meeting, year, quarter, now, body);
}

enum sod_err
meeting_summary_get(struct sys *sys, struct arena *a, int64_t meeting,
                    struct quarter_view *out)
{
	struct snapshot_rec s;
	enum sod_err err = store_meeting_summary_get(sys->store, a, meeting, &s);

	if (err != SOD_OK)
		return err;
	if ((err = results_view_parse(a, s.body, out)) != SOD_OK)
		return err;
	out->taken_at = s.taken_at;
	out->version = 1;
	return SOD_OK;
}

enum sod_err
meeting_get(struct sys *sys, struct arena *a, int64_t meeting, struct meeting_rec *out)
{
	return store_meeting_get(sys->store, a, meeting, out);
}

enum sod_err
meeting_minutes_set(struct sys *sys, int64_t meeting, const char *minutes)
{
	return store_meeting_minutes_set(sys->store, meeting, minutes);
}
