/*
 * page_results.c — activities, KPIs and publishing for signed-in staff:
 * the unit's results page (/units/{code}/results: KPIs with their progress
 * and traffic lights, the year's activities, forms to record them), its
 * form targets, and the JSON endpoints of CONTRACT.md
 * (POST /api/v1/units/{code}/activities, GET /api/v1/units/{code}/kpis).
 * The rules are the domain's (domain/results.h).
 */
#include "web/web.h"

#include <string.h>

#include "domain/network.h"
#include "domain/report.h"
#include "domain/results.h"
#include "domain/unit.h"
#include "util/clock.h"
#include "util/str.h"
#include "web/i18n.h"

static bool
unit_of_path(struct wreq *w, struct unit_rec *u)
{
	enum sod_err err = unit_get(w->sys, w->r->arena, w->r->captures[0], u, NULL);
	bool ok = false;

	if (!err)
		err = network_can_view(w->sys, &w->ses, u->id, &ok);
	if (err || !ok) {
		web_error(w, err ? err : SOD_EPERM, NULL, NULL, NULL);
		return false;
	}
	return true;
}

/* The fiscal year of ?year=, or the current one. */
static bool
year_arg(struct wreq *w, int *year)
{
	const char *y = req_query(w->r, "year");
	int64_t v;

	if (y == NULL || y[0] == '\0') {
		*year = fiscal_year_be(date_of_unix(sod_now()));
		return true;
	}
	if (!str_to_i64(slice_from(y), 2400, 2700, &v)) {
		web_error(w, SOD_EINVAL, NULL, "year", "error.field.year");
		return false;
	}
	*year = (int)v;
	return true;
}

static void
results_error(struct wreq *w, enum sod_err err, const struct verr *ve)
{
	if (err == SOD_EINVAL && ve->field)
		web_error(w, err, NULL, ve->field, ve->key);
	else
		web_error(w, err, NULL, NULL, NULL);
}

/* ---- recording an activity -------------------------------------------------- */

static bool
json_int_field(json_t *in, const char *name, int64_t *out, bool *bad)
{
	json_t *v = json_object_get(in, name);

	if (v == NULL || json_is_null(v))
		return false;
	if (!json_is_integer(v)) {
		*bad = true;
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

static const char *
json_str_field(json_t *in, const char *name, bool *bad)
{
	json_t *v = json_object_get(in, name);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*bad = true;
		return NULL;
	}
	return json_string_value(v);
}

/* The API body as an activity_input (strings stay owned by in). */
static const char *
activity_from_json(struct wreq *w, json_t *in, struct activity_input *x)
{
	static const char *const strs[] = {"kind", "title", "held_on", "province",
	                                   "district", "outputs", "note", "names"};
	const char **dst[] = {&x->kind, &x->title, &x->held_on, &x->province,
	                      &x->district, &x->outputs, &x->note, &x->names};
	json_t *people = json_object_get(in, "people"), *heads = json_object_get(in, "heads");
	bool bad = false;

	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		*dst[i] = json_str_field(in, strs[i], &bad);
		if (bad)
			return strs[i];
	}
	x->audience = -1;
	json_int_field(in, "audience", &x->audience, &bad);
	if (bad || (json_object_get(in, "audience") && x->audience < 0))
		return "audience";
	json_int_field(in, "leader", &x->leader_id, &bad);
	if (bad)
		return "leader";
	json_int_field(in, "training", &x->training_id, &bad);
	if (bad)
		return "training";
	if (people != NULL && !json_is_null(people)) {
		int64_t *ids;

		if (!json_is_array(people) || json_array_size(people) > 2000)
			return "people";
		ids = arena_alloc(w->r->arena, sizeof(*ids) * (json_array_size(people) + 1));
		if (ids == NULL)
			return "people";
		for (size_t i = 0; i < json_array_size(people); i++) {
			json_t *v = json_array_get(people, i);

			if (!json_is_integer(v) || json_integer_value(v) < 1)
				return "people";
			ids[i] = json_integer_value(v);
		}
		x->people = ids;
		x->npeople = json_array_size(people);
	}
	if (heads != NULL && !json_is_null(heads)) {
		const char *k;
		json_t *v;

		if (!json_is_object(heads))
			return "heads";
		json_object_foreach(heads, k, v) {
			int i = 0;

			while (activity_sectors[i] && strcmp(activity_sectors[i], k) != 0)
				i++;
			if (activity_sectors[i] == NULL || !json_is_integer(v) ||
			    json_integer_value(v) < 0)
				return "heads";
			x->heads[i] = json_integer_value(v);
		}
	}
	return NULL;
}

/* The form's fields as an activity_input. */
static const char *
activity_from_form(struct wreq *w, struct activity_input *x)
{
	int64_t *ids = arena_alloc(w->r->arena, sizeof(*ids) * (w->r->form.n + 1));
	const char *v;

	if (ids == NULL)
		return "people";
	x->kind = form_str(w, "kind");
	x->title = form_str(w, "title");
	x->held_on = form_str(w, "held_on");
	x->province = form_str(w, "province");
	x->district = form_str(w, "district");
	x->outputs = form_str(w, "outputs");
	x->note = form_str(w, "note");
	x->names = form_str(w, "names");
	x->audience = -1;
	if ((v = form_str(w, "audience"))[0] &&
	    !str_to_i64(slice_from(v), 0, INT64_MAX, &x->audience))
		return "audience";
	if ((v = form_str(w, "leader"))[0] &&
	    !str_to_i64(slice_from(v), 1, INT64_MAX, &x->leader_id))
		return "leader";
	if ((v = form_str(w, "training"))[0] &&
	    !str_to_i64(slice_from(v), 1, INT64_MAX, &x->training_id))
		return "training";
	for (int i = 0; i < SECTOR__MAX; i++) {
		char name[40];

		snprintf(name, sizeof(name), "heads_%s", activity_sectors[i]);
		if ((v = form_str(w, name))[0] &&
		    !str_to_i64(slice_from(v), 0, INT64_MAX, &x->heads[i]))
			return activity_sectors[i];
	}
	for (size_t i = 0; i < w->r->form.n; i++)
		if (strcmp(w->r->form.fields[i].name, "person") == 0) {
			if (!str_to_i64(slice_from(w->r->form.fields[i].value), 1, INT64_MAX,
			                &ids[x->npeople]))
				return "people";
			x->npeople++;
		}
	x->people = ids;
	return NULL;
}

void
h_unit_activity(struct wreq *w)
{
	struct unit_rec u;
	struct activity_input x = {0};
	struct verr ve = {0};
	const char *bad;
	char **unmatched;
	size_t nunmatched;
	json_t *in = NULL;
	int64_t id;
	enum sod_err err;

	if (!unit_of_path(w, &u))
		return;
	if (w->route->api) {
		in = json_loadb(w->r->body, w->r->body_len, JSON_REJECT_DUPLICATES, NULL);
		if (!json_is_object(in)) {
			json_decref(in);
			web_error(w, SOD_EINVAL, "invalid_json", NULL, "error.invalid_json");
			return;
		}
		bad = activity_from_json(w, in, &x);
	} else {
		bad = activity_from_form(w, &x);
	}
	if (bad != NULL) {
		json_decref(in);
		web_error(w, SOD_EINVAL, "wrong_type", bad, "error.field.wrong_type");
		return;
	}
	err = activity_record(w->sys, w->r->arena, &w->ses, u.id, &x, &ve, &id, &unmatched,
	                      &nunmatched);
	json_decref(in);
	if (err == SOD_EINVAL && nunmatched > 0 && w->route->api) {
		json_t *list = json_array();

		for (size_t i = 0; i < nunmatched; i++)
			json_array_append_new(list, json_string(unmatched[i]));
		json_reply(w, 400, json_pack("{s:{s:s, s:s, s:s, s:o}}", "error", "code",
		           "names_unmatched", "message", i18n_get(w->lang, ve.key), "field",
		           "names", "unmatched", list));
		return;
	}
	if (err) {
		results_error(w, err, &ve);
		return;
	}
	public_cache_bump();
	if (w->route->api)
		json_reply(w, 201, json_pack("{s:I}", "id", (json_int_t)id));
	else
		req_redirect(w->r, arena_printf(w->r->arena, "/units/%s/results?saved=1",
		                                u.code) ?: "/");
}

/* ---- KPIs ---------------------------------------------------------------------- */

static json_t *
kpi_json(struct wreq *w, const struct kpi_progress *p, bool detail)
{
	json_t *q = json_array(), *o;

	for (int i = 0; i < 4; i++)
		json_array_append_new(q, json_integer(p->by_quarter[i]));
	o = json_pack("{s:s, s:s, s:I, s:I, s:o}", "id", p->k.code, "name",
	              w->lang == LANG_EN && p->k.name_en[0] ? p->k.name_en : p->k.name_th,
	              "target", (json_int_t)p->k.target, "actual", (json_int_t)p->actual,
	              "by_quarter", q);
	if (detail) {
		json_t *t = json_array(), *l = json_array();

		for (int i = 0; i < 4; i++) {
			char key[40];

			json_array_append_new(t, json_integer(p->k.target_q[i]));
			snprintf(key, sizeof(key), "kpi.light.%s", light_name(p->light[i]));
			json_array_append_new(l, json_pack("{s:s, s:s, s:I, s:I}", "status",
			    light_name(p->light[i]), "label", i18n_get(w->lang, key), "value",
			    (json_int_t)p->by_quarter[i], "q", (json_int_t)(i + 1)));
		}
		json_object_set_new(o, "metric", json_string(p->k.metric));
		json_object_set_new(o, "kpi_id", json_integer(p->k.id));
		json_object_set_new(o, "target_q", t);
		json_object_set_new(o, "quarters", l);
		json_object_set_new(o, "entered", json_boolean(strcmp(p->k.metric, "entered") == 0));
	}
	return o;
}

void
h_api_unit_kpis(struct wreq *w)
{
	struct unit_rec u;
	struct kpi_progress *p;
	size_t n;
	int year;
	json_t *items;
	enum sod_err err;

	if (!unit_of_path(w, &u) || !year_arg(w, &year))
		return;
	if ((err = kpi_progress(w->sys, w->r->arena, u.id, year, NULL, sod_now(), &p, &n))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, kpi_json(w, &p[i], false));
	json_reply(w, 200, json_pack("{s:o}", "items", items));
}

static json_t *
activities_json(struct wreq *w, int64_t unit, int year)
{
	struct activity_rec *acts;
	size_t n;
	json_t *list = json_array();

	if (results_activities(w->sys, w->r->arena, unit, year, 0, 200, &acts, &n))
		return list;
	for (size_t i = 0; i < n; i++) {
		char key[48], d[64];
		struct cdate c;

		snprintf(key, sizeof(key), "activity_kind.%s", acts[i].kind);
		date_parse_iso(acts[i].held_on, strlen(acts[i].held_on), &c);
		date_format_cdate(d, sizeof(d), c, DATE_SHORT, w->lang, false);
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:s}",
		    "id", (json_int_t)acts[i].id, "kind", i18n_get(w->lang, key), "title",
		    acts[i].title, "date", d, "audience", (json_int_t)acts[i].audience,
		    "people", (json_int_t)acts[i].people, "unit", acts[i].unit_code));
	}
	return list;
}

/* The unit's own members, to tick on the activity form (the first 200;
 * larger lists are pasted). */
static json_t *
members_json(struct wreq *w, int64_t unit)
{
	struct member_row *m;
	size_t n;
	int64_t total;
	json_t *list = json_array();

	if (network_members(w->sys, w->r->arena, unit, 0, 200, 0, &m, &n, &total) != SOD_OK)
		return list;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s}", "id", (json_int_t)m[i].p.id,
		    "name", arena_printf(w->r->arena, "%s%s %s", m[i].p.title_th ? m[i].p.title_th
		                         : "", m[i].p.given_th, m[i].p.family_th)));
	return list;
}

void
h_unit_results(struct wreq *w)
{
	struct unit_rec u;
	struct kpi_progress *p;
	struct published_rec *pub;
	size_t n, npub;
	int year;
	bool record = false, publish = false;
	json_t *ctx, *kpis, *kinds, *sectors, *quarters;
	enum sod_err err;

	if (!unit_of_path(w, &u) || !year_arg(w, &year))
		return;
	if ((err = kpi_progress(w->sys, w->r->arena, u.id, year, NULL, sod_now(), &p, &n)) ||
	    (err = results_published(w->sys, w->r->arena, u.id, &pub, &npub)) ||
	    (err = results_can_record(w->sys, &w->ses, u.id, &record)) ||
	    (err = results_can_publish(w->sys, &w->ses, u.id, &publish))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	ctx = page_ctx(w, "results.title");
	kpis = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(kpis, kpi_json(w, &p[i], true));
	kinds = json_array();
	for (size_t i = 0; activity_kinds[i]; i++) {
		char key[48];

		snprintf(key, sizeof(key), "activity_kind.%s", activity_kinds[i]);
		json_array_append_new(kinds, json_pack("{s:s, s:s}", "value", activity_kinds[i],
		                                       "label", i18n_get(w->lang, key)));
	}
	sectors = json_array();
	for (size_t i = 0; activity_sectors[i]; i++) {
		char key[48];

		snprintf(key, sizeof(key), "sector.%s", activity_sectors[i]);
		json_array_append_new(sectors, json_pack("{s:s, s:s}", "value",
		    activity_sectors[i], "label", i18n_get(w->lang, key)));
	}
	quarters = json_array();
	for (int q = 1; q <= 4; q++) {
		bool done = results_is_published(pub, npub, year, q);

		json_array_append_new(quarters, json_pack("{s:s, s:I, s:b, s:b}", "period",
		    arena_printf(w->r->arena, "%d-q%d", year, q), "q", (json_int_t)q,
		    "published", done, "can", !done && period_ended(year, q, sod_now())));
	}
	json_object_set_new(ctx, "unit", json_pack("{s:s, s:s}", "code", u.code, "name",
	                    w->lang == LANG_EN ? u.name_en : u.name_th));
	json_object_set_new(ctx, "year", json_integer(year));
	json_object_set_new(ctx, "kpis", kpis);
	json_object_set_new(ctx, "activities", activities_json(w, u.id, year));
	json_object_set_new(ctx, "kinds", kinds);
	json_object_set_new(ctx, "sectors", sectors);
	json_object_set_new(ctx, "quarters", quarters);
	json_object_set_new(ctx, "record", json_boolean(record));
	if (record)
		json_object_set_new(ctx, "members", members_json(w, u.id));
	json_object_set_new(ctx, "publish", json_boolean(publish));
	json_object_set_new(ctx, "saved", json_boolean(req_query(w->r, "saved") != NULL));
	{
		const char *v = req_query(w->r, "version"), *per = req_query(w->r, "period");
		int64_t version;
		int py, pq;

		if (v && per && str_to_i64(slice_from(v), 2, 1000000, &version) &&
		    period_parse(per, &py, &pq))
			json_object_set_new(ctx, "republished", json_pack("{s:s, s:I}", "period",
			    arena_printf(w->r->arena, "%d-q%d", py, pq), "version",
			    (json_int_t)version));
	}
	page_render(w, 200, "results", ctx);
}

static bool
num_field(struct wreq *w, const char *name, int64_t *out)
{
	const char *v = form_str(w, name);

	*out = 0;
	return v[0] == '\0' || str_to_i64(slice_from(v), 0, 100000000, out);
}

void
h_unit_kpi_define(struct wreq *w)
{
	struct unit_rec u;
	struct kpi_rec k = {0};
	struct verr ve = {0};
	int64_t year, id;
	enum sod_err err;

	if (!unit_of_path(w, &u))
		return;
	if (!str_to_i64(slice_from(form_str(w, "year")), 2400, 2700, &year)) {
		web_error(w, SOD_EINVAL, NULL, "year", "error.field.year");
		return;
	}
	if (!num_field(w, "target", &k.target) || !num_field(w, "target_q1", &k.target_q[0]) ||
	    !num_field(w, "target_q2", &k.target_q[1]) ||
	    !num_field(w, "target_q3", &k.target_q[2]) ||
	    !num_field(w, "target_q4", &k.target_q[3])) {
		web_error(w, SOD_EINVAL, NULL, "target", "error.field.count");
		return;
	}
	k.unit_id = u.id;
	k.year = year;
	k.code = (char *)form_str(w, "code");
	k.name_th = (char *)form_str(w, "name_th");
	k.name_en = (char *)form_str(w, "name_en");
	k.metric = (char *)form_str(w, "metric");
	if ((err = kpi_define(w->sys, &w->ses, &k, &ve, &id))) {
		results_error(w, err, &ve);
		return;
	}
	public_cache_bump();
	req_redirect(w->r, arena_printf(w->r->arena, "/units/%s/results?year=%lld&saved=1",
	                                u.code, (long long)year) ?: "/");
}

void
h_unit_kpi_entry(struct wreq *w)
{
	struct unit_rec u;
	struct verr ve = {0};
	int64_t kpi, q, value;
	enum sod_err err;

	if (!unit_of_path(w, &u))
		return;
	if (!str_to_i64(slice_from(w->r->captures[1]), 1, INT64_MAX, &kpi)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return;
	}
	if (!str_to_i64(slice_from(form_str(w, "quarter")), 1, 4, &q) ||
	    !str_to_i64(slice_from(form_str(w, "value")), 0, 100000000, &value)) {
		web_error(w, SOD_EINVAL, NULL, "value", "error.field.count");
		return;
	}
	if ((err = kpi_enter(w->sys, w->r->arena, &w->ses, u.id, kpi, (int)q, value,
	                     form_str(w, "evidence"), &ve))) {
		results_error(w, err, &ve);
		return;
	}
	public_cache_bump();
	req_redirect(w->r, arena_printf(w->r->arena, "/units/%s/results?saved=1", u.code) ?: "/");
}

void
h_unit_publish(struct wreq *w)
{
	struct unit_rec u;
	struct verr ve = {0};
	int64_t version = 0;
	int year, q;
	enum sod_err err;

	if (!unit_of_path(w, &u))
		return;
	if (!period_parse(form_str(w, "period"), &year, &q)) {
		web_error(w, SOD_EINVAL, NULL, "period", "error.field.period");
		return;
	}
	if ((err = results_publish(w->sys, &w->ses, u.id, year, q, sod_now(), &ve, &version))) {
		results_error(w, err, &ve);
		return;
	}
	public_cache_bump();
	/* The page says which version the public now sees (2 and up: a
	 * republish that replaced what was shown). */
	req_redirect(w->r, arena_printf(w->r->arena,
	                                "/units/%s/results?year=%d&saved=1&version=%lld&period=%d-q%d",
	                                u.code, year, (long long)version, year, q) ?: "/");
}

/* GET /units/{code}/reports/{BE}-q{N}.pdf|.xlsx, and {BE}.pdf|.xlsx for
 * the annual report. */
void
h_unit_report(struct wreq *w)
{
	struct unit_rec u;
	const char *file = w->r->captures[1];
	const char *dot = strrchr(file, '.');
	char period[8];
	enum report_format fmt = REPORT_PDF;
	bool known = dot != NULL && dot - file <= 7;
	int year, q;
	enum sod_err err;

	if (!unit_of_path(w, &u))
		return;
	if (known && strcmp(dot, ".pdf") == 0)
		fmt = REPORT_PDF;
	else if (known && strcmp(dot, ".xlsx") == 0)
		fmt = REPORT_XLSX;
	else
		known = false;
	if (known) {
		memcpy(period, file, (size_t)(dot - file));
		period[dot - file] = '\0';
	}
	if (!known || !period_parse_report(period, &year, &q)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return;
	}
	buf_free(&w->r->resp);
	buf_init(&w->r->resp, 64u << 20);
	if ((err = report_render(w->sys, w->r->arena, u.id, year, q, fmt, &w->r->resp))) {
		buf_free(&w->r->resp);
		buf_init(&w->r->resp, 1u << 20);
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	req_add_header(w->r, "Content-Disposition",
	               arena_printf(w->r->arena, "attachment; filename=\"%s-%s\"", u.code, file));
	req_reply(w->r, 200, fmt == REPORT_PDF ? "application/pdf"
	          : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}
