/*
 * page_clinic_staff.c — the governance clinic for its officers (role
 * `clinic`, domain/clinic.h): the requests of a clinic with filters
 * (/clinic/requests, GET /api/v1/units/{code}/consultations), one request
 * with who asked (every read audited), scheduling, advice, follow-up,
 * closing, mobile clinic days and publishing a question. Each handler
 * answers both its page form and its JSON route (route->api).
 */
#include "web/tip_web.h"

#include <string.h>

#include "domain/clinic.h"
#include "domain/geo.h"
#include "domain/unit.h"
#include "util/str.h"
#include "web/field.h"
#include "web/i18n.h"
#include "web/picker.h"
#include "web/web_input.h"

static void
clinic_error(struct wreq *w, enum sod_err err, const struct verr *ve)
{
	if (err == SOD_EINVAL && ve != NULL && ve->field != NULL)
		web_error(w, err, NULL, ve->field, ve->key);
	else if (err == SOD_ECONFLICT)
		web_error(w, err, "closed", NULL, "error.clinic.closed");
	else
		web_error(w, err, NULL, NULL, NULL);
}

/* A consultation as JSON (no requester: clinic_get adds it). */
static json_t *
consult_json(struct wreq *w, const struct consultation_rec *c)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s, s:s, s:s?, s:s?, s:o?, s:s, "
	                      "s:s, s:s?, s:s, s:s?}",
	    "id", (json_int_t)c->id, "unit", c->unit_code, "topic", c->topic,
	    "question", c->question, "way", c->way, "district", c->district_code,
	    "status", c->status, "received_on", c->received_on, "scheduled_on", c->scheduled_on,
	    "venue", c->venue, "day", c->day_id > 0 ? json_integer(c->day_id) : NULL,
	    "advice", c->advice, "documents", c->documents, "answered_on", c->answered_on,
	    "follow_up", c->follow_up, "closed_on", c->closed_on);

	if (o == NULL || w->route->api)
		return o;
	json_object_set_new(o, "topic_label", json_string(web_label(w, "clinic.topic", c->topic)));
	json_object_set_new(o, "way_label", json_string(web_label(w, "clinic.way", c->way)));
	json_object_set_new(o, "status_label", json_string(web_label(w, "clinic.status", c->status)));
	json_object_set_new(o, "received_label", json_string(web_day_label(w, c->received_on)));
	json_object_set_new(o, "scheduled_label", json_string(web_day_label(w, c->scheduled_on)));
	json_object_set_new(o, "venue_label",
	                    json_string(c->venue ? web_label(w, "clinic.venue", c->venue) : ""));
	json_object_set_new(o, "district_label", json_string(c->district_code ?
	                    geo_district(c->district_code, w->lang) ?: "" : ""));
	json_object_set_new(o, "is_new", json_boolean(strcmp(c->status, "new") == 0));
	json_object_set_new(o, "is_closed", json_boolean(strcmp(c->status, "closed") == 0));
	return o;
}

/* ---- the list --------------------------------------------------------------------- */

static json_t *
filter_field(struct wreq *w, json_t *fields, const char *name, const char *prefix,
             const char *const *list)
{
	json_t *f = field_new(w, FIELD_SELECT, name, arena_printf(w->r->arena, "clinic.field.%s",
	                                                          name));
	const char *v = req_query(w->r, name);

	field_value(f, v ? v : "");
	field_blank(w, f, "form.any");
	for (size_t i = 0; list[i] != NULL; i++)
		field_option(f, NULL, list[i], web_label(w, prefix, list[i]));
	json_object_set_new(fields, name, f);
	return f;
}

static json_t *
days_json(struct wreq *w, const char *unit)
{
	struct clinic_day_rec *d;
	size_t n;
	json_t *list = json_array();

	if (clinic_days(w->sys, w->r->arena, &w->ses, unit, &d, &n) != SOD_OK)
		return list;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}",
		    "id", (json_int_t)d[i].id, "day", d[i].day, "day_label", web_day_label(w, d[i].day),
		    "district_label", geo_district(d[i].district_code, w->lang) ?: "",
		    "place", d[i].place, "requests", (json_int_t)d[i].requests));
	return list;
}

/* The forms of the list page: a mobile clinic day and a published question. */
static json_t *
staff_forms(struct wreq *w, const char *unit)
{
	json_t *fields = json_object(), *f;

	f = field_new(w, FIELD_DATE, "day", "clinic.field.day");
	field_set(f, true, 20, NULL, NULL, "off");
	json_object_set_new(fields, "day", f);
	f = field_new(w, FIELD_SELECT, "district", "clinic.field.district");
	field_set(f, true, 0, NULL, NULL, NULL);
	picker_districts(w, f);
	json_object_set_new(fields, "district", f);
	f = field_new(w, FIELD_TEXT, "place", "clinic.field.place");
	field_set(f, false, CLINIC_PLACE_MAX, NULL, NULL, "off");
	json_object_set_new(fields, "place", f);
	f = field_new(w, FIELD_SELECT, "faq_topic", "clinic.field.topic");
	field_set(f, true, 0, NULL, NULL, NULL);
	for (size_t i = 0; clinic_topics[i] != NULL; i++)
		field_option(f, NULL, clinic_topics[i], web_label(w, "clinic.topic", clinic_topics[i]));
	json_object_set_new(fields, "faq_topic", f);
	f = field_new(w, FIELD_TEXTAREA, "faq_question", "clinic.field.question");
	field_set(f, true, CLINIC_QUESTION_MAX, NULL, NULL, NULL);
	field_hint(w, f, "clinic.faq_hint");
	json_object_set_new(fields, "faq_question", f);
	f = field_new(w, FIELD_TEXTAREA, "faq_answer", "clinic.field.answer");
	field_set(f, true, CLINIC_ADVICE_MAX, NULL, NULL, NULL);
	json_object_set_new(fields, "faq_answer", f);
	(void)unit;
	return fields;
}

static void
list_page(struct wreq *w, const char *unit, struct consultation_rec *items, size_t n,
          int64_t total, bool filtered)
{
	json_t *ctx = page_ctx(w, "clinic.requests_title"), *fields = json_object(), *list, *f;

	f = field_new(w, FIELD_SELECT, "unit", "clinic.field.unit");
	field_value(f, unit);
	picker_units(w, f, ROLE_CLINIC, NULL);
	json_object_set_new(fields, "unit", f);
	filter_field(w, fields, "status", "clinic.status", clinic_statuses);
	filter_field(w, fields, "topic", "clinic.topic", clinic_topics);
	filter_field(w, fields, "way", "clinic.way", clinic_ways);
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, consult_json(w, &items[i]));
	json_object_set_new(ctx, "f", fields);
	json_object_set_new(ctx, "g", staff_forms(w, unit));
	json_object_set_new(ctx, "unit", json_string(unit));
	json_object_set_new(ctx, "items", list);
	json_object_set_new(ctx, "has_items", json_boolean(n > 0));
	json_object_set_new(ctx, "total", json_integer(total));
	json_object_set_new(ctx, "filtered", json_boolean(filtered));
	{
		json_t *days = days_json(w, unit);

		json_object_set_new(ctx, "has_days", json_boolean(json_array_size(days) > 0));
		json_object_set_new(ctx, "days", days);
	}
	page_render(w, 200, "clinic_requests", ctx);
}

/* The clinic unit a page is about: ?unit=, else the session's own. */
static const char *
page_unit(struct wreq *w)
{
	const char *u = req_query(w->r, "unit");

	if (u != NULL && u[0] != '\0')
		return u;
	for (size_t i = 0; i < w->ses.ngrants; i++)
		if (strcmp(w->ses.grants[i].role, role_name(ROLE_CLINIC)) == 0)
			return w->ses.grants[i].unit_code;
	return "";
}

void
h_clinic_requests(struct wreq *w)
{
	const char *unit = w->route->api ? w->r->captures[0] : page_unit(w);
	const char *status = req_query(w->r, "status"), *topic = req_query(w->r, "topic");
	const char *way = req_query(w->r, "way");
	struct consultation_rec *items;
	size_t n;
	int64_t limit, offset, total;
	struct verr ve = {0};
	json_t *list;
	enum sod_err err;

	if (!paging(w, &limit, &offset))
		return;
	err = clinic_list(w->sys, w->r->arena, &w->ses, unit, status, topic, way, limit, offset,
	                  &ve, &items, &n, &total);
	if (err) {
		clinic_error(w, err, &ve);
		return;
	}
	if (!w->route->api) {
		list_page(w, unit, items, n, total, (status && status[0]) || (topic && topic[0]) ||
		          (way && way[0]));
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, consult_json(w, &items[i]));
	json_reply(w, 200, json_pack("{s:o, s:I}", "items", list, "total", (json_int_t)total));
}

/* ---- one request ---------------------------------------------------------------- */

static json_t *
schedule_fields(struct wreq *w, const struct consultation_rec *c)
{
	json_t *fields = json_object(), *f, *days;

	f = field_new(w, FIELD_DATE, "on", "clinic.field.on");
	if (c->scheduled_on != NULL) {
		struct cdate d;

		if (date_parse_iso(c->scheduled_on, strlen(c->scheduled_on), &d))
			field_date(w, f, d);
	}
	json_object_set_new(fields, "on", f);
	f = field_new(w, FIELD_SELECT, "venue", "clinic.field.venue");
	field_value(f, c->venue && strcmp(c->venue, "mobile") != 0 ? c->venue : "office");
	for (size_t i = 0; clinic_venues[i] != NULL; i++)
		if (strcmp(clinic_venues[i], "mobile") != 0)
			field_option(f, NULL, clinic_venues[i], web_label(w, "clinic.venue", clinic_venues[i]));
	json_object_set_new(fields, "venue", f);
	f = field_new(w, FIELD_SELECT, "day", "clinic.field.mobile_day");
	field_blank(w, f, "clinic.no_mobile_day");
	field_hint(w, f, "clinic.mobile_day_hint");
	days = days_json(w, c->unit_code);
	for (size_t i = 0; i < json_array_size(days); i++) {
		json_t *d = json_array_get(days, i);
		char *v = arena_printf(w->r->arena, "%lld",
		                       (long long)json_integer_value(json_object_get(d, "id")));
		char *l = arena_printf(w->r->arena, "%s · %s", json_string_value(json_object_get(d,
		                       "day_label")), json_string_value(json_object_get(d,
		                       "district_label")));

		field_option(f, NULL, v ? v : "", l ? l : "");
	}
	json_decref(days);
	json_object_set_new(fields, "day", f);
	f = field_new(w, FIELD_TEXTAREA, "advice", "clinic.field.advice");
	field_value(f, c->advice);
	field_set(f, true, CLINIC_ADVICE_MAX, NULL, NULL, NULL);
	json_object_set_new(fields, "advice", f);
	f = field_new(w, FIELD_TEXTAREA, "documents", "clinic.field.documents");
	field_value(f, c->documents);
	field_hint(w, f, "clinic.documents_hint");
	json_object_set_new(fields, "documents", f);
	f = field_new(w, FIELD_TEXTAREA, "note", "clinic.field.follow_up");
	field_value(f, c->follow_up);
	field_set(f, true, CLINIC_DOCS_MAX, NULL, NULL, NULL);
	json_object_set_new(fields, "note", f);
	return fields;
}

void
h_clinic_request(struct wreq *w)
{
	struct consultation_rec c;
	char *agency, *contact;
	int64_t id;
	json_t *o, *ctx;
	enum sod_err err;

	if (!web_path_id(w, &id))
		return;
	err = clinic_get(w->sys, w->r->arena, &w->ses, id, &c, &agency, &contact);
	if (err) {
		clinic_error(w, err, NULL);
		return;
	}
	o = consult_json(w, &c);
	json_object_set_new(o, "requester", json_pack("{s:s, s:s}", "agency", agency,
	                                               "contact", contact));
	if (w->route->api) {
		json_reply(w, 200, o);
		return;
	}
	ctx = page_ctx(w, "clinic.request_title");
	json_object_set_new(ctx, "c", o);
	json_object_set_new(ctx, "f", schedule_fields(w, &c));
	page_render(w, 200, "clinic_request", ctx);
}

/* After a change: the API's 200 {"id"}, or back to the request's page. */
static void
after(struct wreq *w, int64_t id, const char *what)
{
	char *path;

	if (w->route->api) {
		json_reply(w, 200, json_pack("{s:I}", "id", (json_int_t)id));
		return;
	}
	path = arena_printf(w->r->arena, "/clinic/requests/%lld", (long long)id);
	web_done(w, path ? path : "/clinic/requests", what);
}

void
h_clinic_schedule(struct wreq *w)
{
	struct web_input in;
	const char *on, *venue;
	int64_t id, day = 0;
	struct verr ve = {0};
	enum sod_err err;

	if (!web_path_id(w, &id) || !web_input_begin(w, &in, NULL))
		return;
	on = w->route->api ? web_in_str(&in, "on") : form_date(w, "on");
	venue = web_in_str(&in, "venue");
	web_in_int(&in, "day", 1, INT64_MAX, &day);
	web_input_end(&in);
	if (web_in_refuse_bad(&in))
		return;
	err = clinic_schedule(w->sys, w->r->arena, &w->ses, id, on, venue ? venue : "", day, &ve);
	if (err) {
		clinic_error(w, err, &ve);
		return;
	}
	after(w, id, "clinic_scheduled");
}

void
h_clinic_advise(struct wreq *w)
{
	struct web_input in;
	const char *advice, *docs;
	int64_t id;
	struct verr ve = {0};
	enum sod_err err;

	if (!web_path_id(w, &id) || !web_input_begin(w, &in, NULL))
		return;
	advice = web_in_str(&in, "advice");
	docs = web_in_str(&in, "documents");
	web_input_end(&in);
	if (web_in_refuse_bad(&in))
		return;
	err = clinic_advise(w->sys, w->r->arena, &w->ses, id, advice, docs, &ve);
	if (err) {
		clinic_error(w, err, &ve);
		return;
	}
	after(w, id, "clinic_advised");
}

void
h_clinic_follow_up(struct wreq *w)
{
	struct web_input in;
	const char *note;
	int64_t id;
	struct verr ve = {0};
	enum sod_err err;

	if (!web_path_id(w, &id) || !web_input_begin(w, &in, NULL))
		return;
	note = web_in_str(&in, "note");
	web_input_end(&in);
	if (web_in_refuse_bad(&in))
		return;
	err = clinic_follow_up(w->sys, w->r->arena, &w->ses, id, note, &ve);
	if (err) {
		clinic_error(w, err, &ve);
		return;
	}
	after(w, id, "clinic_followed_up");
}

void
h_clinic_close(struct wreq *w)
{
	int64_t id;
	char *back;
	enum sod_err err;

	if (!web_path_id(w, &id))
		return;
	back = arena_printf(w->r->arena, "/clinic/requests/%lld", (long long)id);
	if (!web_confirmed(w, "confirm.clinic_close", NULL, back ? back : "/clinic/requests"))
		return;
	err = clinic_close(w->sys, w->r->arena, &w->ses, id);
	if (err) {
		clinic_error(w, err, NULL);
		return;
	}
	after(w, id, "clinic_closed");
}

/* ---- mobile clinic days, published questions, opening a clinic ------------------- */

/* The consultations a day takes: "consultations":[ids] or form fields c=ID. */
static bool
day_ids(struct wreq *w, struct web_input *in, int64_t *ids, size_t max, size_t *n)
{
	*n = 0;
	if (in->json != NULL) {
		json_t *list = json_object_get(in->json, "consultations");

		if (list == NULL || json_is_null(list))
			return true;
		if (!json_is_array(list) || json_array_size(list) > max)
			return false;
		for (size_t i = 0; i < json_array_size(list); i++) {
			json_t *x = json_array_get(list, i);

			if (!json_is_integer(x))
				return false;
			ids[(*n)++] = json_integer_value(x);
		}
		return true;
	}
	for (size_t i = 0; i < w->r->form.n; i++) {
		int64_t v;

		if (strcmp(w->r->form.fields[i].name, "c") != 0)
			continue;
		if (*n == max || !str_to_i64(slice_from(w->r->form.fields[i].value), 1, INT64_MAX, &v))
			return false;
		ids[(*n)++] = v;
	}
	return true;
}

void
h_clinic_day_create(struct wreq *w)
{
	struct web_input in;
	const char *unit, *day, *district, *place;
	int64_t ids[200], id;
	size_t n;
	struct verr ve = {0};
	enum sod_err err;

	if (!web_input_begin(w, &in, NULL))
		return;
	unit = w->route->api ? w->r->captures[0] : form_str(w, "unit");
	day = w->route->api ? web_in_str(&in, "day") : form_date(w, "day");
	district = web_in_str(&in, "district");
	place = web_in_str(&in, "place");
	if (!day_ids(w, &in, ids, 200, &n) && in.bad == NULL)
		in.bad = "consultations";
	web_input_end(&in);
	if (web_in_refuse_bad(&in))
		return;
	err = clinic_day_create(w->sys, w->r->arena, &w->ses, unit, day, district, place, ids, n,
	                        &ve, &id);
	if (err) {
		clinic_error(w, err, &ve);
		return;
	}
	if (w->route->api)
		json_reply(w, 201, json_pack("{s:I}", "id", (json_int_t)id));
	else
		web_done(w, arena_printf(w->r->arena, "/clinic/requests?unit=%s", unit) ?: "/clinic/requests",
		         "clinic_day_created");
}

void
h_clinic_faq_add(struct wreq *w)
{
	struct web_input in;
	const char *unit, *topic, *question, *answer;
	bool api = w->route->api;
	int64_t id;
	struct verr ve = {0};
	enum sod_err err;

	if (!web_input_begin(w, &in, NULL))
		return;
	unit = api ? w->r->captures[0] : form_str(w, "unit");
	topic = web_in_str(&in, api ? "topic" : "faq_topic");
	question = web_in_str(&in, api ? "question" : "faq_question");
	answer = web_in_str(&in, api ? "answer" : "faq_answer");
	web_input_end(&in);
	if (web_in_refuse_bad(&in))
		return;
	err = clinic_faq_add(w->sys, w->r->arena, &w->ses, unit, topic, question, answer, &ve, &id);
	if (err) {
		clinic_error(w, err, &ve);
		return;
	}
	if (api)
		json_reply(w, 201, json_pack("{s:I}", "id", (json_int_t)id));
	else
		web_done(w, arena_printf(w->r->arena, "/clinic/%s/faq", unit) ?: "/clinic",
		         "clinic_faq_published");
}

void
h_clinic_open(struct wreq *w)
{
	enum sod_err err = clinic_open(w->sys, &w->ses, w->r->captures[0]);

	if (err) {
		clinic_error(w, err, NULL);
		return;
	}
	json_reply(w, 200, json_pack("{s:s}", "unit", w->r->captures[0]));
}
