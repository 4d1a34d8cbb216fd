/*
 * page_monitor.c — the pages of monitoring in the field: a unit's points
 * (filters, a new point, a new round spread automatically), a point (its
 * details, edit, visits, tips), "my points today" for a monitor, the visit
 * form (plain multipart, works with JavaScript off; assets/static/visit.js
 * only adds downscaling, GPS and the offline queue) and a visit with the
 * button that makes a finding a tip. Rules: domain/monitor.h.
 */
#include "web/monitor_web.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "domain/geo.h"
#include "domain/network.h"
#include "domain/unit.h"
#include "util/clock.h"
#include "util/str.h"
#include "web/field.h"
#include "web/i18n.h"

static const char *
today_iso(struct wreq *w)
{
	struct cdate d = date_of_unix(sod_now());

	return arena_printf(w->r->arena, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static const char *
label(struct wreq *w, const char *prefix, const char *value)
{
	char key[64];

	snprintf(key, sizeof(key), "%s.%s", prefix, value);
	return i18n_get(w->lang, key);
}

static void
kind_options(struct wreq *w, json_t *f, const char *sel)
{
	for (size_t i = 0; point_kinds[i]; i++)
		field_option(f, NULL, point_kinds[i], label(w, "point_kind", point_kinds[i]));
	field_value(f, sel ? sel : "");
}

/* The districts of province (all of them when it has none given). */
static void
district_options(struct wreq *w, json_t *f, const char *province, const char *sel)
{
	const char *code, *prov;

	for (size_t i = 0; (code = geo_district_at(i, &prov)) != NULL; i++)
		if (province && strcmp(prov, province) == 0)
			field_option(f, NULL, code, geo_district(code, w->lang));
	field_value(f, sel ? sel : "");
}

static json_t *
point_row(struct wreq *w, const struct point_rec *p)
{
	json_t *o = monw_point_json(p);

	json_object_set_new(o, "kind_label", json_string(label(w, "point_kind", p->kind)));
	json_object_set_new(o, "district_name",
	                    json_string(p->district[0] ? geo_district(p->district, w->lang) ?: ""
	                                               : ""));
	json_object_set_new(o, "status_label", json_string(label(w, "point_status", p->status)));
	return o;
}

/* ---- a unit's points ------------------------------------------------------------------ */

static json_t *
point_fields(struct wreq *w, const struct unit_rec *u, const struct point_rec *p)
{
	json_t *fields = json_object(), *f;
	const char *prov = p && p->province[0] ? p->province : u->province_code;

	if (p == NULL) {
		f = field_new(w, FIELD_TEXT, "code", "point.code");
		field_set(f, true, 40, NULL, NULL, "off");
		field_no_caps(f);
		field_hint(w, f, "point.code_hint");
		json_object_set_new(fields, "code", f);
	}
	f = field_new(w, FIELD_TEXT, "name", "point.name");
	field_set(f, true, 200, NULL, NULL, "off");
	field_value(f, p ? p->name_th : "");
	json_object_set_new(fields, "name", f);
	f = field_new(w, FIELD_SELECT, "kind", "point.kind");
	kind_options(w, f, p ? p->kind : "construction");
	json_object_set_new(fields, "kind", f);
	f = field_new(w, FIELD_SELECT, "district", "point.district");
	field_blank(w, f, "form.none");
	district_options(w, f, prov, p ? p->district : "");
	json_object_set_new(fields, "district", f);
	f = field_new(w, FIELD_TEXT, "lat", "point.lat");
	field_set(f, false, 20, NULL, "decimal", "off");
	field_value(f, p && p->has_loc ? arena_printf(w->r->arena, "%.6f", p->lat_e6 / 1e6) : "");
	json_object_set_new(fields, "lat", f);
	f = field_new(w, FIELD_TEXT, "lon", "point.lon");
	field_set(f, false, 20, NULL, "decimal", "off");
	field_value(f, p && p->has_loc ? arena_printf(w->r->arena, "%.6f", p->lon_e6 / 1e6) : "");
	json_object_set_new(fields, "lon", f);
	f = field_new(w, FIELD_TEXT, "agency", "point.agency");
	field_set(f, false, 200, NULL, NULL, "off");
	field_value(f, p ? p->agency : "");
	json_object_set_new(fields, "agency", f);
	f = field_new(w, FIELD_TEXT, "budget_baht", "point.budget");
	field_set(f, false, 15, NULL, "numeric", "off");
	field_value(f, p && p->budget_baht ? arena_printf(w->r->arena, "%lld",
	                                                  (long long)p->budget_baht) : "");
	json_object_set_new(fields, "budget_baht", f);
	f = field_new(w, FIELD_TEXT, "project_ref", "point.project_ref");
	field_set(f, false, 100, NULL, NULL, "off");
	field_value(f, p ? p->project_ref : "");
	json_object_set_new(fields, "project_ref", f);
	f = field_new(w, FIELD_TEXT, "ocid", "point.ocid");
	field_set(f, false, 200, NULL, NULL, "off");
	field_hint(w, f, "point.ocid_hint");
	field_value(f, p ? p->ocid : "");
	json_object_set_new(fields, "ocid", f);
	if (p != NULL) {
		f = field_new(w, FIELD_SELECT, "status", "point.status");
		for (size_t i = 0; point_statuses[i]; i++)
			field_option(f, NULL, point_statuses[i], label(w, "point_status", point_statuses[i]));
		field_value(f, p->status);
		json_object_set_new(fields, "status", f);
	}
	return fields;
}

static json_t *
round_fields(struct wreq *w, const struct unit_rec *u)
{
	json_t *fields = json_object(), *f;
	struct unit_rec *zones;
	size_t nz;
	int64_t total;

	f = field_new(w, FIELD_TEXT, "name", "round.name");
	field_set(f, true, 200, NULL, NULL, "off");
	json_object_set_new(fields, "name", f);
	json_object_set_new(fields, "starts_on", field_new(w, FIELD_DATE, "starts_on", "round.starts_on"));
	json_object_set_new(fields, "ends_on", field_new(w, FIELD_DATE, "ends_on", "round.ends_on"));
	f = field_new(w, FIELD_SELECT, "pick_unit", "round.pick_unit");
	field_blank(w, f, "round.all_network");
	if (unit_list(w->sys, w->r->arena, u->code, "zone", 200, 0, &zones, &nz, &total) == SOD_OK)
		for (size_t i = 0; i < nz; i++)
			field_option(f, NULL, zones[i].code,
			             w->lang == LANG_EN ? zones[i].name_en : zones[i].name_th);
	json_object_set_new(fields, "pick_unit", f);
	f = field_new(w, FIELD_SELECT, "pick_kind", "point.kind");
	field_blank(w, f, "form.any");
	kind_options(w, f, "");
	json_object_set_new(fields, "pick_kind", f);
	f = field_new(w, FIELD_SELECT, "pick_district", "point.district");
	field_blank(w, f, "form.any");
	district_options(w, f, u->province_code, "");
	json_object_set_new(fields, "pick_district", f);
	return fields;
}

static bool
view_unit(struct wreq *w, struct unit_rec *u, bool *manage)
{
	bool ok = false;
	enum sod_err err;

	if (!monw_unit(w, u))
		return false;
	if ((err = network_can_view(w->sys, &w->ses, u->id, &ok)) ||
	    (err = network_can_manage(w->sys, &w->ses, u->id, manage)) || !ok) {
		web_error(w, err ? err : SOD_EPERM, NULL, NULL, NULL);
		return false;
	}
	return true;
}

static void
render_points(struct wreq *w, int status, const struct unit_rec *u, json_t *pfields,
              json_t *rfields, const char *error)
{
	struct point_filter flt;
	struct point_rec *items;
	struct round_rec *rounds;
	size_t n, nr = 0;
	int64_t limit, offset, total;
	bool manage = false;
	json_t *ctx, *list, *rl, *filters, *f;
	enum sod_err err;

	if (!paging(w, &limit, &offset) || !monw_filter(w, &flt))
		goto refused;
	network_can_manage(w->sys, &w->ses, u->id, &manage);
	err = monitor_points(w->sys, w->r->arena, &w->ses, u->id, &flt, limit, offset, &items, &n,
	                     &total);
	if (err) {
		web_error(w, err, NULL, err == SOD_EINVAL ? "kind" : NULL, NULL);
		goto refused;
	}
	list = json_array();
	rl = json_array();
	filters = json_object();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, point_row(w, &items[i]));
	monitor_rounds(w->sys, w->r->arena, &w->ses, u->id, &rounds, &nr);
	for (size_t i = 0; i < nr; i++)
		json_array_append_new(rl, json_pack("{s:I, s:s, s:s, s:s}", "id",
		    (json_int_t)rounds[i].id, "name", rounds[i].name, "starts_on",
		    rounds[i].starts_on, "ends_on", rounds[i].ends_on));
	f = field_new(w, FIELD_SELECT, "kind", "point.kind");
	field_blank(w, f, "form.any");
	kind_options(w, f, flt.kind);
	json_object_set_new(filters, "kind", f);
	f = field_new(w, FIELD_SELECT, "district", "point.district");
	field_blank(w, f, "form.any");
	district_options(w, f, u->province_code, flt.district);
	json_object_set_new(filters, "district", f);
	f = field_new(w, FIELD_SELECT, "status", "point.status");
	field_blank(w, f, "form.any");
	for (size_t i = 0; point_statuses[i]; i++)
		field_option(f, NULL, point_statuses[i], label(w, "point_status", point_statuses[i]));
	field_value(f, flt.status ? flt.status : "");
	json_object_set_new(filters, "status", f);
	f = field_new(w, FIELD_DATE, "not_visited_since", "point.not_visited_since");
	field_value(f, req_query(w->r, "not_visited_since") ?: "");
	json_object_set_new(filters, "not_visited_since", f);
	ctx = page_ctx(w, "points.title");
	json_object_set_new(ctx, "unit", json_pack("{s:s, s:s}", "code", u->code, "name",
	                    w->lang == LANG_EN ? u->name_en : u->name_th));
	json_object_set_new(ctx, "points", list);
	json_object_set_new(ctx, "total", json_integer(total));
	json_object_set_new(ctx, "rounds", rl);
	json_object_set_new(ctx, "filters", filters);
	if (offset + limit < total)
		json_object_set_new(ctx, "next", json_integer(offset + limit));
	json_object_set_new(ctx, "manage", json_boolean(manage));
	if (manage) {
		json_object_set_new(ctx, "pf", pfields ? pfields : point_fields(w, u, NULL));
		json_object_set_new(ctx, "rf", rfields ? rfields : round_fields(w, u));
	} else {
		json_decref(pfields);
		json_decref(rfields);
	}
	if (error)
		json_object_set_new(ctx, "error", json_string(error));
	page_render(w, status, "points", ctx);
	return;
refused:
	json_decref(pfields);  /* the caller's forms, given to this page */
	json_decref(rfields);
}

void
h_unit_points(struct wreq *w)
{
	struct unit_rec u;
	bool manage = false;

	if (view_unit(w, &u, &manage))
		render_points(w, 200, &u, NULL, NULL, NULL);
}

/* The point form's fields as an input; false (field named) on a bad number. */
static const char *
point_from_form(struct wreq *w, struct point_input *p)
{
	const char *lat = form_str(w, "lat"), *lon = form_str(w, "lon");
	const char *budget = form_str(w, "budget_baht");
	char *end;

	p->code = form_str(w, "code");
	p->name = form_str(w, "name");
	p->kind = form_str(w, "kind");
	p->district = form_str(w, "district");
	p->province = p->district[0] ? arena_printf(w->r->arena, "%.2s", p->district) : NULL;
	p->agency = form_str(w, "agency");
	p->project_ref = form_str(w, "project_ref");
	p->ocid = form_str(w, "ocid");
	p->status = form_str(w, "status");
	if (budget[0] && !str_to_i64(slice_from(budget), 0, 1000000000000LL, &p->budget_baht))
		return "budget_baht";
	if (lat[0] || lon[0]) {
		p->lat = strtod(lat, &end);
		if (!lat[0] || *end)
			return "lat";
		p->lon = strtod(lon, &end);
		if (!lon[0] || *end)
			return "lon";
		p->has_loc = true;
	}
	return NULL;
}

static void
point_form_error(struct wreq *w, const struct unit_rec *u, const struct point_rec *old,
                 const char *field, const char *key)
{
	json_t *fields = point_fields(w, u, old), *f;
	const char *names[] = {"code", "name", "kind", "district", "lat", "lon", "agency",
	                       "budget_baht", "project_ref", "ocid", "status"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((f = json_object_get(fields, names[i])) != NULL)
			field_value(f, form_str(w, names[i]));
	if ((f = json_object_get(fields, field)) == NULL)
		f = json_object_get(fields, "name");
	field_error(w, f, key);
	if (old == NULL) {
		render_points(w, 400, u, fields, NULL, i18n_get(w->lang, key));
		return;
	}
	web_error(w, SOD_EINVAL, NULL, field, key);
	json_decref(fields);
}

void
h_unit_point_create(struct wreq *w)
{
	struct unit_rec u;
	struct point_input p = {0};
	struct verr ve = {0};
	const char *bad;
	bool manage = false;
	int64_t id;
	enum sod_err err;

	if (!view_unit(w, &u, &manage))
		return;
	if ((bad = point_from_form(w, &p)) != NULL) {
		point_form_error(w, &u, NULL, bad, "error.field.wrong_type");
		return;
	}
	err = monitor_point_create(w->sys, w->r->arena, &w->ses, u.id, &p, &ve, &id);
	if (err == SOD_EINVAL || (err == SOD_ECONFLICT && ve.field)) {
		point_form_error(w, &u, NULL, ve.field, ve.key);
		return;
	}
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	web_done(w, arena_printf(w->r->arena, "/points/%s", p.code), "point_saved");
}

void
h_unit_round_create(struct wreq *w)
{
	struct unit_rec u;
	struct round_input r = {0};
	struct verr ve = {0};
	bool manage = false;
	int64_t id;
	enum sod_err err;

	if (!view_unit(w, &u, &manage))
		return;
	r.name = form_str(w, "name");
	r.starts_on = form_date(w, "starts_on");
	r.ends_on = form_date(w, "ends_on");
	r.automatic = true;
	r.pick_unit = form_str(w, "pick_unit");
	r.pick_kind = form_str(w, "pick_kind");
	r.pick_district = form_str(w, "pick_district");
	err = monitor_round_create(w->sys, w->r->arena, &w->ses, u.id, &r, &ve, &id);
	if (err == SOD_EINVAL || err == SOD_ETOOBIG) {
		json_t *fields = round_fields(w, &u), *f;
		const char *key = ve.key ? ve.key : "error.round.no_room";

		f = json_object_get(fields, ve.field ? ve.field : "name");
		field_value(json_object_get(fields, "name"), r.name);
		field_value(json_object_get(fields, "starts_on"), form_str(w, "starts_on"));
		field_value(json_object_get(fields, "ends_on"), form_str(w, "ends_on"));
		field_error(w, f ? f : json_object_get(fields, "name"), key);
		render_points(w, 400, &u, NULL, fields, i18n_get(w->lang, key));
		return;
	}
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	web_done(w, arena_printf(w->r->arena, "/rounds/%lld", (long long)id), "round_saved");
}

/* ---- a point ------------------------------------------------------------------------ */

static json_t *
visit_row(struct wreq *w, const struct visit_rec *v)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:I, s:s}", "id", (json_int_t)v->id,
	                 "visited_on", v->visited_on, "status", v->status, "status_label",
	                 label(w, "visit_status", v->status), "team", v->team_code, "far", v->far,
	                 "tip_id", (json_int_t)v->tip_id, "by", v->author);
}

void
h_point(struct wreq *w)
{
	struct point_rec p;
	struct visit_rec *vs;
	struct unit_rec u;
	size_t nv = 0;
	bool manage = false;
	json_t *ctx, *visits, *tips;
	enum sod_err err;

	if ((err = monitor_point_open(w->sys, w->r->arena, &w->ses, w->r->captures[0], &p,
	                              &manage)) ||
	    (err = monitor_point_visits(w->sys, w->r->arena, p.id, &vs, &nv)) ||
	    (err = store_unit_get(w->sys->store, w->r->arena, p.unit_id, &u))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	visits = json_array();
	tips = json_array();
	for (size_t i = 0; i < nv; i++) {
		json_array_append_new(visits, visit_row(w, &vs[i]));
		if (vs[i].tip_id)
			json_array_append_new(tips, json_pack("{s:I, s:I}", "tip_id",
			                      (json_int_t)vs[i].tip_id, "visit", (json_int_t)vs[i].id));
	}
	ctx = page_ctx(w, "point.title");
	json_object_set_new(ctx, "point", point_row(w, &p));
	json_object_set_new(ctx, "visits", visits);
	json_object_set_new(ctx, "tips", tips);
	json_object_set_new(ctx, "manage", json_boolean(manage));
	if (manage)
		json_object_set_new(ctx, "pf", point_fields(w, &u, &p));
	page_render(w, 200, "point", ctx);
}

void
h_point_edit(struct wreq *w)
{
	struct point_rec p;
	struct point_input in = {0};
	struct unit_rec u;
	struct verr ve = {0};
	const char *bad;
	bool manage = false;
	enum sod_err err;

	if ((err = monitor_point_open(w->sys, w->r->arena, &w->ses, w->r->captures[0], &p,
	                              &manage)) ||
	    (err = store_unit_get(w->sys->store, w->r->arena, p.unit_id, &u))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	if ((bad = point_from_form(w, &in)) != NULL) {
		point_form_error(w, &u, &p, bad, "error.field.wrong_type");
		return;
	}
	err = monitor_point_update(w->sys, w->r->arena, &w->ses, p.code, &in, &ve);
	if (err == SOD_EINVAL) {
		point_form_error(w, &u, &p, ve.field, ve.key);
		return;
	}
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	web_done(w, arena_printf(w->r->arena, "/points/%s", p.code), "point_saved");
}

/* ---- my points today ---------------------------------------------------------------- */

void
h_my_points(struct wreq *w)
{
	struct today_item *items;
	size_t n;
	json_t *ctx, *list;
	enum sod_err err;

	if ((err = monitor_today(w->sys, w->r->arena, &w->ses, today_iso(w), &items, &n))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:b}",
		    "round", (json_int_t)items[i].round_id, "round_name", items[i].round_name,
		    "day", (json_int_t)items[i].day, "team", items[i].team_code, "point",
		    items[i].point_code, "name", items[i].point_name, "kind_label",
		    label(w, "point_kind", items[i].kind), "visited", items[i].visited));
	ctx = page_ctx(w, "mypoints.title");
	json_object_set_new(ctx, "items", list);
	page_render(w, 200, "my_points", ctx);
}

/* ---- the visit form ------------------------------------------------------------------ */

static json_t *
questions_json(struct wreq *w, const struct point_rec *p)
{
	struct checklist_rec c;
	json_t *qs, *out = json_array();

	if (monitor_checklist_for(w->sys, w->r->arena, p, &c) != SOD_OK ||
	    (qs = json_loads(c.questions, 0, NULL)) == NULL)
		return out;
	for (size_t i = 0; i < json_array_size(qs); i++) {
		json_t *q = json_array_get(qs, i);
		const char *type = json_string_value(json_object_get(q, "type")) ?: "";
		const char *id = json_string_value(json_object_get(q, "id")) ?: "";
		const struct form_field *typed = form_get(&w->r->form,
		                                          arena_printf(w->r->arena, "a_%s", id) ?: "");
		json_t *o = json_pack("{s:s, s:s, s:b, s:s}", "id", id, "label",
		                      json_string_value(json_object_get(q, "label")) ?: "",
		                      "required", json_is_true(json_object_get(q, "required")),
		                      "value", typed ? typed->value : "");

		json_object_set_new(o, arena_printf(w->r->arena, "is_%s", type) ?: "is_text",
		                    json_true());
		json_object_set(o, "choices", json_object_get(q, "choices") ?: json_null());
		json_array_append_new(out, o);
	}
	json_decref(qs);
	return out;
}

static void
render_visit_form(struct wreq *w, int status, const struct point_rec *p, const char *error)
{
	unsigned char raw[16];
	char idem[33];
	const char *round = req_query(w->r, "round");
	json_t *ctx = page_ctx(w, "visit.title");

	if (form_get(&w->r->form, "round"))
		round = form_str(w, "round");
	if (form_get(&w->r->form, "idempotency_key")) {
		snprintf(idem, sizeof(idem), "%s", form_str(w, "idempotency_key"));
	} else {
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(idem, sizeof(idem), raw, sizeof(raw));
	}
	json_object_set_new(ctx, "point", point_row(w, p));
	json_object_set_new(ctx, "round", json_string(round ? round : ""));
	json_object_set_new(ctx, "idem", json_string(idem));
	json_object_set_new(ctx, "today", json_string(today_iso(w)));
	json_object_set_new(ctx, "questions", questions_json(w, p));
	json_object_set_new(ctx, "note", json_string(form_str(w, "note")));
	json_object_set_new(ctx, "lat", json_string(form_str(w, "lat")));
	json_object_set_new(ctx, "lon", json_string(form_str(w, "lon")));
	if (error)
		json_object_set_new(ctx, "error", json_string(error));
	page_render(w, status, "visit_form", ctx);
}

void
h_visit_form(struct wreq *w)
{
	struct point_rec p;
	enum sod_err err = monitor_point_open(w->sys, w->r->arena, &w->ses, w->r->captures[0], &p,
	                                      NULL);

	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	render_visit_form(w, 200, &p, NULL);
}

/* The form's a_<id> fields as a JSON answers object (types by question). */
static json_t *
answers_from_form(struct wreq *w, const struct point_rec *p)
{
	struct checklist_rec c;
	json_t *qs, *out = json_object();

	if (monitor_checklist_for(w->sys, w->r->arena, p, &c) != SOD_OK ||
	    (qs = json_loads(c.questions, 0, NULL)) == NULL)
		return out;
	for (size_t i = 0; i < json_array_size(qs); i++) {
		json_t *q = json_array_get(qs, i);
		const char *type = json_string_value(json_object_get(q, "type")) ?: "";
		const char *id = json_string_value(json_object_get(q, "id")) ?: "";
		const char *v = form_str(w, arena_printf(w->r->arena, "a_%s", id) ?: "");
		char *end;
		double d;

		if (v[0] == '\0' || strcmp(type, "photo") == 0)
			continue;
		if (strcmp(type, "yes_no") == 0)
			json_object_set_new(out, id, strcmp(v, "yes") == 0 ? json_true()
			                    : strcmp(v, "no") == 0 ? json_false() : json_string(v));
		else if (strcmp(type, "number") == 0 && (d = strtod(v, &end), *end == '\0'))
			json_object_set_new(out, id, json_real(d));
		else
			json_object_set_new(out, id, json_string(v));
	}
	json_decref(qs);
	return out;
}

void
h_visit_create(struct wreq *w)
{
	struct point_rec p;
	struct visit_input v = {0};
	struct verr ve = {0};
	const char *lat = form_str(w, "lat"), *lon = form_str(w, "lon");
	char *end1 = NULL, *end2 = NULL;
	int64_t id;
	bool again;
	enum sod_err err;

	if ((err = monitor_point_open(w->sys, w->r->arena, &w->ses, w->r->captures[0], &p,
	                              NULL))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	if (form_str(w, "round")[0] &&
	    !str_to_i64(slice_from(form_str(w, "round")), 1, INT64_MAX, &v.round)) {
		discard_uploads(w);
		render_visit_form(w, 400, &p, i18n_get(w->lang, "error.visit.not_in_round"));
		return;
	}
	v.status = form_str(w, "status");
	v.note = form_str(w, "note");
	v.visited_on = form_str(w, "visited_on")[0] ? form_date(w, "visited_on") : NULL;
	v.idem_key = form_str(w, "idempotency_key");
	if (lat[0] && lon[0]) {
		v.lat = strtod(lat, &end1);
		v.lon = strtod(lon, &end2);
		v.has_loc = *end1 == '\0' && *end2 == '\0';
	}
	v.answers = answers_from_form(w, &p);
	err = monitor_visit_record(w->sys, w->r->arena, &w->ses, p.code, &v, w->uploads,
	                           w->nuploads, &ve, &id, &again);
	json_decref(v.answers);
	if (err == SOD_OK && !again)
		w->uploads_kept = true;
	else
		discard_uploads(w);
	if (err == SOD_EINVAL) {
		render_visit_form(w, 400, &p, i18n_get(w->lang, ve.key ? ve.key : "error.invalid"));
		return;
	}
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	web_done(w, arena_printf(w->r->arena, "/visits/%lld", (long long)id), "visit_saved");
}

void
h_visit(struct wreq *w)
{
	struct visit_rec v;
	struct visit_photo_rec *ph;
	size_t nph;
	int64_t id;
	json_t *ctx, *o;
	enum sod_err err;

	if (!monw_id(w, 0, &id))
		return;
	if ((err = monitor_visit_open(w->sys, w->r->arena, &w->ses, id, &v, &ph, &nph))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	o = monw_visit_json(w, &v, ph, nph);
	json_object_set_new(o, "status_label", json_string(label(w, "visit_status", v.status)));
	json_object_set_new(o, "can_tip", json_boolean(strcmp(v.status, "suspect") == 0 &&
	                                               v.tip_id == 0));
	json_object_set_new(o, "answers_text", json_string(v.answers));
	ctx = page_ctx(w, "visit.view_title");
	json_object_set_new(ctx, "visit", o);
	page_render(w, 200, "visit", ctx);
}
