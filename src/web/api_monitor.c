/*
 * api_monitor.c — the JSON API of monitoring in the field (CONTRACT.md
 * "Monitoring in the field", docs/api.md): points of a unit, rounds and
 * their progress, visits (JSON, or multipart with a `visit` part and
 * `photo` parts), a visit's photos, and a finding made a tip. The visit
 * and tip endpoints also serve the pages' forms (page_monitor.c). Rules
 * are the domain's (domain/monitor.h).
 */
#include "web/web.h"

#include <math.h>
#include <string.h>

#include "domain/monitor.h"
#include "domain/unit.h"
#include "util/str.h"
#include "web/monitor_web.h"

bool
monw_unit(struct wreq *w, struct unit_rec *u)
{
	enum sod_err err = unit_get(w->sys, w->r->arena, w->r->captures[0], u, NULL);

	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return false;
	}
	return true;
}

void
monw_error(struct wreq *w, enum sod_err err, const struct verr *ve)
{
	if (err == SOD_EINVAL && ve->field)
		web_error(w, err, NULL, ve->field, ve->key);
	else
		web_error(w, err, NULL, NULL, NULL);
}

bool
monw_id(struct wreq *w, int capture, int64_t *id)
{
	if (!str_to_i64(slice_from(w->r->captures[capture]), 1, INT64_MAX, id)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return false;
	}
	return true;
}

static json_t *
loc_json(bool has, int64_t e6)
{
	return has ? json_real((double)e6 / 1e6) : json_null();
}

json_t *
monw_point_json(const struct point_rec *p)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s?, s:s?, s:s, s:o, s:s, s:s, s:I, "
	                 "s:s, s:s}",
	    "code", p->code, "name", p->name_th, "name_en", p->name_en, "kind", p->kind,
	    "lat", loc_json(p->has_loc, p->lat_e6), "lon", loc_json(p->has_loc, p->lon_e6),
	    "province", p->province[0] ? p->province : NULL,
	    "district", p->district[0] ? p->district : NULL, "unit", p->unit_code,
	    "last_visit_on", p->last_visit_on[0] ? json_string(p->last_visit_on) : json_null(),
	    "status", p->status, "agency", p->agency, "budget_baht", (json_int_t)p->budget_baht,
	    "project_ref", p->project_ref, "ocid", p->ocid);
}

bool
monw_filter(struct wreq *w, struct point_filter *f)
{
	const char *since = req_query(w->r, "not_visited_since");
	struct cdate d;

	f->status = req_query(w->r, "status");
	f->kind = req_query(w->r, "kind");
	f->district = req_query(w->r, "district");
	f->not_since = NULL;
	if (since && since[0]) {
		if (!date_parse_input(since, strlen(since), &d)) {
			web_error(w, SOD_EINVAL, NULL, "not_visited_since", "error.field.date");
			return false;
		}
		f->not_since = arena_printf(w->r->arena, "%04d-%02d-%02d", d.year, d.month, d.day);
	}
	return true;
}

void
h_api_unit_points(struct wreq *w)
{
	struct unit_rec u;
	struct point_filter f;
	struct point_rec *items;
	size_t n;
	int64_t limit, offset, total;
	json_t *list;
	enum sod_err err;

	if (!monw_unit(w, &u) || !paging(w, &limit, &offset) || !monw_filter(w, &f))
		return;
	err = monitor_points(w->sys, w->r->arena, &w->ses, u.id, &f, limit, offset, &items, &n,
	                     &total);
	if (err == SOD_EINVAL) {
		web_error(w, err, NULL, f.kind && f.kind[0] ? "kind" : "status", NULL);
		return;
	}
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, monw_point_json(&items[i]));
	json_reply(w, 200, json_pack("{s:o, s:I}", "items", list, "total", (json_int_t)total));
}

/* A string member, or NULL when absent or null; *bad on another type. */
static const char *
jstr(json_t *o, const char *k, const char **bad)
{
	json_t *v = json_object_get(o, k);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*bad = k;
		return NULL;
	}
	return json_string_value(v);
}

/* A number member into *out; false when absent or null. */
static bool
jnum(json_t *o, const char *k, double *out, const char **bad)
{
	json_t *v = json_object_get(o, k);

	if (v == NULL || json_is_null(v))
		return false;
	if (!json_is_number(v)) {
		*bad = k;
		return false;
	}
	*out = json_number_value(v);
	return true;
}

static const char *
point_from_json(json_t *in, struct point_input *p)
{
	const char *bad = NULL;
	double budget = 0;
	bool has_lat, has_lon;

	p->code = jstr(in, "code", &bad);
	p->name = jstr(in, "name", &bad);
	p->name_en = jstr(in, "name_en", &bad);
	p->kind = jstr(in, "kind", &bad);
	p->agency = jstr(in, "agency", &bad);
	p->project_ref = jstr(in, "project_ref", &bad);
	p->ocid = jstr(in, "ocid", &bad);
	p->province = jstr(in, "province", &bad);
	p->district = jstr(in, "district", &bad);
	p->subdistrict = jstr(in, "subdistrict", &bad);
	p->status = jstr(in, "status", &bad);
	has_lat = jnum(in, "lat", &p->lat, &bad);
	has_lon = jnum(in, "lon", &p->lon, &bad);
	if (has_lat != has_lon && bad == NULL)
		bad = has_lat ? "lon" : "lat";
	p->has_loc = has_lat && has_lon;
	if (jnum(in, "budget_baht", &budget, &bad)) {
		if (!(budget >= 0 && budget <= 1e12) || budget != floor(budget))
			return "budget_baht";
		p->budget_baht = (int64_t)budget;
	}
	return bad;
}

static json_t *
body_json(struct wreq *w)
{
	json_t *in = json_loadb(w->r->body ? w->r->body : "", w->r->body_len,
	                        JSON_REJECT_DUPLICATES, NULL);

	if (!json_is_object(in)) {
		json_decref(in);
		web_error(w, SOD_EINVAL, "invalid_json", NULL, "error.invalid_json");
		return NULL;
	}
	return in;
}

void
h_api_unit_point_create(struct wreq *w)
{
	struct unit_rec u;
	struct point_input p = {0};
	struct verr ve = {0};
	const char *bad;
	json_t *in;
	int64_t id;
	enum sod_err err;

	if (!monw_unit(w, &u) || (in = body_json(w)) == NULL)
		return;
	if ((bad = point_from_json(in, &p)) != NULL) {
		json_decref(in);
		web_error(w, SOD_EINVAL, "wrong_type", bad, "error.field.wrong_type");
		return;
	}
	err = monitor_point_create(w->sys, w->r->arena, &w->ses, u.id, &p, &ve, &id);
	if (err) {
		json_decref(in);
		monw_error(w, err, &ve);
		return;
	}
	json_reply(w, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "code", p.code));
	json_decref(in);
}

void
h_api_point(struct wreq *w)
{
	struct point_rec p;
	enum sod_err err = monitor_point_open(w->sys, w->r->arena, &w->ses, w->r->captures[0], &p,
	                                      NULL);

	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	json_reply(w, 200, monw_point_json(&p));
}

void
h_api_point_update(struct wreq *w)
{
	struct point_input p = {0};
	struct verr ve = {0};
	const char *bad;
	json_t *in;
	enum sod_err err;

	if ((in = body_json(w)) == NULL)
		return;
	if ((bad = point_from_json(in, &p)) != NULL) {
		json_decref(in);
		web_error(w, SOD_EINVAL, "wrong_type", bad, "error.field.wrong_type");
		return;
	}
	err = monitor_point_update(w->sys, w->r->arena, &w->ses, w->r->captures[0], &p, &ve);
	json_decref(in);
	if (err) {
		monw_error(w, err, &ve);
		return;
	}
	json_reply(w, 200, json_object());
}

void
h_api_unit_checklist(struct wreq *w)
{
	struct unit_rec u;
	struct verr ve = {0};
	const char *bad = NULL, *kind;
	json_t *in, *qs;
	char *text;
	int64_t id;
	enum sod_err err;

	if (!monw_unit(w, &u) || (in = body_json(w)) == NULL)
		return;
	kind = jstr(in, "kind", &bad);
	qs = json_object_get(in, "questions");
	if (bad || !json_is_array(qs)) {
		json_decref(in);
		web_error(w, SOD_EINVAL, "wrong_type", bad ? bad : "questions", "error.field.wrong_type");
		return;
	}
	text = json_dumps(qs, JSON_COMPACT);
	err = monitor_checklist_define(w->sys, w->r->arena, &w->ses, u.id, kind ? kind : "",
	                               text ? text : "", &ve, &id);
	free(text);
	json_decref(in);
	if (err) {
		monw_error(w, err, &ve);
		return;
	}
	json_reply(w, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

/* ---- rounds ------------------------------------------------------------------------ */

static const char *
round_from_json(struct wreq *w, json_t *in, struct round_input *r)
{
	json_t *as = json_object_get(in, "assignments"), *pick = json_object_get(in, "auto");
	const char *bad = NULL;
	struct round_assign_in *x;

	r->name = jstr(in, "name", &bad);
	r->starts_on = jstr(in, "starts_on", &bad);
	r->ends_on = jstr(in, "ends_on", &bad);
	if (bad)
		return bad;
	if (pick != NULL && !json_is_null(pick)) {
		if (json_is_true(pick)) {
			r->automatic = true;
		} else if (json_is_object(pick)) {
			r->automatic = true;
			r->pick_unit = jstr(pick, "unit", &bad);
			r->pick_kind = jstr(pick, "kind", &bad);
			r->pick_district = jstr(pick, "district", &bad);
			if (bad)
				return "auto";
		} else if (!json_is_false(pick)) {
			return "auto";
		}
	}
	if (r->automatic)
		return as == NULL || json_is_null(as) ? NULL : "assignments";
	if (!json_is_array(as) || json_array_size(as) > 100000)
		return "assignments";
	x = arena_alloc(w->r->arena, (json_array_size(as) + 1) * sizeof(*x));
	if (x == NULL)
		return "assignments";
	for (size_t i = 0; i < json_array_size(as); i++) {
		json_t *o = json_array_get(as, i), *day = json_object_get(o, "day");

		x[i].team = jstr(o, "team", &bad);
		x[i].point = jstr(o, "point", &bad);
		if (bad || !json_is_object(o) || !json_is_integer(day))
			return "assignments";
		x[i].day = json_integer_value(day);
	}
	r->assign = x;
	r->nassign = json_array_size(as);
	return NULL;
}

void
h_api_unit_round_create(struct wreq *w)
{
	struct unit_rec u;
	struct round_input r = {0};
	struct verr ve = {0};
	const char *bad;
	json_t *in;
	int64_t id;
	enum sod_err err;

	if (!monw_unit(w, &u) || (in = body_json(w)) == NULL)
		return;
	if ((bad = round_from_json(w, in, &r)) != NULL) {
		json_decref(in);
		web_error(w, SOD_EINVAL, "wrong_type", bad, "error.field.wrong_type");
		return;
	}
	err = monitor_round_create(w->sys, w->r->arena, &w->ses, u.id, &r, &ve, &id);
	json_decref(in);
	if (err == SOD_ETOOBIG) {
		web_error(w, SOD_EINVAL, "no_room", "pick", "error.round.no_room");
		return;
	}
	if (err) {
		monw_error(w, err, &ve);
		return;
	}
	json_reply(w, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

void
h_api_round(struct wreq *w)
{
	struct round_rec r;
	struct round_item *items;
	struct round_progress pr;
	size_t n;
	int64_t id;
	json_t *o, *as;
	enum sod_err err;

	if (!monw_id(w, 0, &id))
		return;
	if ((err = monitor_round_open(w->sys, w->r->arena, &w->ses, id, &r, &items, &n, NULL)) ||
	    (err = monw_progress(w, &r, items, n, &pr))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	as = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(as, json_pack("{s:s, s:s, s:I, s:b, s:s}",
		    "team", items[i].team_code, "point", items[i].point_code, "day",
		    (json_int_t)items[i].day, "visited", items[i].visit_status[0] != '\0',
		    "status", items[i].visit_status));
	o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I}", "id", (json_int_t)r.id, "name",
	              r.name, "starts_on", r.starts_on, "ends_on", r.ends_on, "unit", r.unit_code,
	              "points_total", (json_int_t)n, "points_visited", (json_int_t)pr.visited,
	              "points_late", (json_int_t)pr.late);
	json_object_set_new(o, "by_team", monw_groups_json(pr.by_team, pr.nteam, "team"));
	json_object_set_new(o, "by_day", monw_groups_json(pr.by_day, pr.nday, "day"));
	json_object_set_new(o, "by_zone", monw_groups_json(pr.by_zone, pr.nzone, "zone"));
	json_object_set_new(o, "assignments", as);
	json_reply(w, 200, o);
}

void
h_round_move(struct wreq *w)
{
	struct verr ve = {0};
	const char *point, *team, *bad = NULL;
	int64_t id, day = 0;
	json_t *in = NULL;
	enum sod_err err;

	if (!monw_id(w, 0, &id))
		return;
	if (w->route->api) {
		if ((in = body_json(w)) == NULL)
			return;
		point = jstr(in, "point", &bad);
		team = jstr(in, "team", &bad);
		if (!json_is_integer(json_object_get(in, "day")) || bad) {
			json_decref(in);
			web_error(w, SOD_EINVAL, "wrong_type", bad ? bad : "day", "error.field.wrong_type");
			return;
		}
		day = json_integer_value(json_object_get(in, "day"));
	} else {
		point = form_str(w, "point");
		team = form_str(w, "team");
		str_to_i64(slice_from(form_str(w, "day")), 1, ROUND_MAX_DAYS, &day);
	}
	err = monitor_round_move(w->sys, w->r->arena, &w->ses, id, point, team, day, &ve);
	json_decref(in);
	if (err) {
		monw_error(w, err, &ve);
		return;
	}
	if (w->route->api)
		json_reply(w, 200, json_object());
	else
		web_done(w, arena_printf(w->r->arena, "/rounds/%lld", (long long)id), "round_move");
}

/* ---- visits ------------------------------------------------------------------------ */

enum sod_err
visit_upload(struct req *r, const struct multipart_file *f, const char *data, size_t len,
             bool last)
{
	struct wreq *w = r->user;
	enum sod_err err;

	if (w == NULL || strcmp(f->field, "photo") != 0)
		return SOD_EINVAL;
	if (w->upload_cur == NULL && len > 0) {
		if (w->nuploads == VISIT_MAX_PHOTOS)
			return SOD_ETOOBIG;
		if ((err = evidence_begin(w->sys, r->arena, f->filename, &w->upload_cur)))
			return err;
		w->uploads[w->nuploads++] = w->upload_cur;
		w->upload_bytes = 0;
	}
	w->upload_bytes += len;
	if (w->upload_bytes > VISIT_PHOTO_MAX)
		return SOD_ETOOBIG;
	if (len > 0 && (err = evidence_write(w->upload_cur, data, len)) != SOD_OK) {
		if (err == SOD_EINVAL)
			w->refused_key = evidence_refused(w->upload_cur, &w->refused_file);
		return err;
	}
	if (last && w->upload_cur != NULL) {
		err = evidence_finish(w->upload_cur);
		if (err == SOD_EINVAL)
			w->refused_key = evidence_refused(w->upload_cur, &w->refused_file);
		w->upload_cur = NULL;
		return err;
	}
	return SOD_OK;
}

static const char *
visit_from_json(json_t *in, struct visit_input *v)
{
	const char *bad = NULL;
	json_t *round = json_object_get(in, "round"), *ans = json_object_get(in, "answers");
	bool has_lat, has_lon;

	if (round && !json_is_null(round)) {
		if (!json_is_integer(round) || json_integer_value(round) < 1)
			return "round";
		v->round = json_integer_value(round);
	}
	v->visited_on = jstr(in, "visited_on", &bad);
	v->status = jstr(in, "status", &bad);
	v->note = jstr(in, "note", &bad);
	v->idem_key = jstr(in, "idempotency_key", &bad);
	has_lat = jnum(in, "lat", &v->lat, &bad);
	has_lon = jnum(in, "lon", &v->lon, &bad);
	if (bad)
		return bad;
	if (has_lat != has_lon)
		return has_lat ? "lon" : "lat";
	v->has_loc = has_lat;
	if (ans && !json_is_null(ans)) {
		if (!json_is_object(ans))
			return "answers";
		v->answers = ans;
	}
	return NULL;
}

void
h_api_point_visit(struct wreq *w)
{
	struct visit_input v = {0};
	struct verr ve = {0};
	const char *json = w->r->body, *bad, *idem = req_header(w->r, "Idempotency-Key");
	size_t len = w->r->body_len;
	json_t *in;
	int64_t id;
	bool again;
	enum sod_err err;

	if (json == NULL) {   /* multipart: the visit is the "visit" part */
		const struct form_field *part = form_get(&w->r->form, "visit");

		json = part ? part->value : "";
		len = part ? part->len : 0;
	}
	in = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(in)) {
		json_decref(in);
		discard_uploads(w);
		web_error(w, SOD_EINVAL, "invalid_json", NULL, "error.invalid_json");
		return;
	}
	if ((bad = visit_from_json(in, &v)) != NULL) {
		json_decref(in);
		discard_uploads(w);
		web_error(w, SOD_EINVAL, "wrong_type", bad, "error.field.wrong_type");
		return;
	}
	if (v.idem_key == NULL && idem && idem[0])
		v.idem_key = idem;
	err = monitor_visit_record(w->sys, w->r->arena, &w->ses, w->r->captures[0], &v,
	                           w->uploads, w->nuploads, &ve, &id, &again);
	json_decref(in);
	if (err == SOD_OK && !again)
		w->uploads_kept = true;
	else
		discard_uploads(w);
	if (err) {
		monw_error(w, err, &ve);
		return;
	}
	json_reply(w, again ? 200 : 201, json_pack("{s:I}", "id", (json_int_t)id));
}

json_t *
monw_visit_json(struct wreq *w, const struct visit_rec *v, const struct visit_photo_rec *ph,
                size_t nph)
{
	json_t *photos = json_array(), *answers = json_loads(v->answers, 0, NULL), *o;

	for (size_t i = 0; i < nph; i++) {
		json_t *m = json_loads(ph[i].meta, 0, NULL);

		json_array_append_new(photos, json_pack("{s:I, s:s, s:I, s:s}", "id",
		    (json_int_t)ph[i].id, "type", json_string_value(json_object_get(m, "type")) ?: "",
		    "size", (json_int_t)ph[i].size, "url", arena_printf(w->r->arena,
		    "/visits/%lld/photos/%lld", (long long)v->id, (long long)ph[i].id) ?: ""));
		json_decref(m);
	}
	o = json_pack("{s:I, s:s, s:o, s:s?, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:o, s:o, "
	              "s:s}",
	    "id", (json_int_t)v->id, "point", v->point_code,
	    "round", v->round_id ? json_integer(v->round_id) : json_null(),
	    "team", v->team_code[0] ? v->team_code : NULL, "visited_on", v->visited_on,
	    "status", v->status, "note", v->note, "answers", answers ? answers : json_object(),
	    "lat", loc_json(v->has_loc, v->lat_e6), "lon", loc_json(v->has_loc, v->lon_e6),
	    "distance_m", v->distance_m >= 0 ? json_integer(v->distance_m) : json_null(),
	    "far", v->far, "tip_id", v->tip_id ? json_integer(v->tip_id) : json_null(),
	    "photos", photos, "by", v->author);
	return o;
}

void
h_api_visit(struct wreq *w)
{
	struct visit_rec v;
	struct visit_photo_rec *ph;
	size_t nph;
	int64_t id;
	enum sod_err err;

	if (!monw_id(w, 0, &id))
		return;
	if ((err = monitor_visit_open(w->sys, w->r->arena, &w->ses, id, &v, &ph, &nph))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	json_reply(w, 200, monw_visit_json(w, &v, ph, nph));
}

void
h_visit_photo(struct wreq *w)
{
	struct stream_reader *in = NULL;
	const char *type;
	int64_t visit, photo;
	enum sod_err err;

	if (!monw_id(w, 0, &visit) || !monw_id(w, 1, &photo))
		return;
	err = monitor_visit_photo(w->sys, w->r->arena, &w->ses, visit, photo, &type, &in);
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	req_add_header(w->r, "Content-Disposition", "inline");
	req_add_header(w->r, "Cache-Control", "private, no-store");
	req_reply_stream(w->r, 200, type[0] ? type : "application/octet-stream", evidence_chunk,
	                 evidence_close, in);
}

void
h_visit_tip(struct wreq *w)
{
	struct verr ve = {0};
	int64_t id, tip;
	enum sod_err err;

	if (!monw_id(w, 0, &id))
		return;
	if (w->route->api) {
		json_t *in = body_json(w);

		if (in == NULL)
			return;
		json_decref(in);
	}
	err = monitor_visit_to_tip(w->sys, w->r->arena, &w->ses, id, &ve, &tip);
	if (err == SOD_ECONFLICT) {
		web_error(w, err, "already_a_tip", NULL, "error.visit.already_tip");
		return;
	}
	if (err) {
		monw_error(w, err, &ve);
		return;
	}
	if (w->route->api)
		json_reply(w, 201, json_pack("{s:I}", "tip_id", (json_int_t)tip));
	else
		web_done(w, arena_printf(w->r->arena, "/visits/%lld", (long long)id), "visit_tip");
}
