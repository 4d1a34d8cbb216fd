/*
 * page_clinic.c — the governance clinic on the web (domain/clinic.h).
 *
 * Public side, with the protections of /report (web.c public_limit, the
 * pre-session CSRF cookie, no staff session read): the request form
 * (GET/POST /clinic, ?to=CODE chooses the clinic), the requester's way
 * back to the answer with the reference (/clinic/answer and
 * POST /api/v1/clinic/answer), and each clinic's published questions
 * (/clinic/{code}/faq). Staff side, for clinic officers: the list and one
 * request with who asked (audited), its workflow, mobile clinic days and
 * publishing a question; the same handlers answer the JSON API.
 */
#include "web/tip_web.h"

#include <string.h>

#include <sodium.h>

#include "domain/clinic.h"
#include "domain/geo.h"
#include "domain/unit.h"
#include "util/str.h"
#include "web/field.h"
#include "web/i18n.h"
#include "web/picker.h"
#include "web/web_input.h"

static const char *
unit_name(struct wreq *w, const struct unit_rec *u)
{
	return w->lang == LANG_TH || u->name_en == NULL || u->name_en[0] == '\0' ? u->name_th
	                                                                          : u->name_en;
}

static void
choices(struct wreq *w, json_t *f, const char *prefix, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++)
		field_option(f, NULL, list[i], web_label(w, prefix, list[i]));
}

/* ---- the public form ------------------------------------------------------------ */

static json_t *
form_field(struct wreq *w, json_t *fields, enum field_kind kind, const char *name,
           const char *label_key, const char *value)
{
	json_t *f = field_new(w, kind, name, label_key);

	field_value(f, value ? value : "");
	json_object_set_new(fields, name, f);
	return f;
}

/* The clinics, grouped under their parent unit's name: a choice without JS. */
static void
clinic_choices(struct wreq *w, json_t *f)
{
	struct unit_rec *u;
	size_t n;

	if (clinic_units(w->sys, w->r->arena, &u, &n) != SOD_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		struct unit_rec p;
		json_t *g = NULL;

		if (u[i].parent_code != NULL &&
		    unit_get(w->sys, w->r->arena, u[i].parent_code, &p, NULL) == SOD_OK)
			g = field_group(f, unit_name(w, &p));
		field_option(f, g, u[i].code, unit_name(w, &u[i]));
	}
}

static json_t *
request_fields(struct wreq *w, const struct verr *ve, size_t nve, json_t **summary_out)
{
	json_t *fields = json_object(), *f;
	const char *to = w->r->method == HTTP_POST ? form_str(w, "to") : req_query(w->r, "to");

	f = form_field(w, fields, FIELD_SELECT, "to", "clinic.field.to", to);
	field_set(f, true, 0, NULL, NULL, NULL);
	clinic_choices(w, f);
	f = form_field(w, fields, FIELD_TEXT, "agency", "clinic.field.agency", form_str(w, "agency"));
	field_set(f, true, CLINIC_AGENCY_MAX, NULL, NULL, "organization");
	field_hint(w, f, "clinic.agency_hint");
	f = form_field(w, fields, FIELD_TEXT, "contact", "clinic.field.contact",
	               form_str(w, "contact"));
	field_set(f, true, CLINIC_CONTACT_MAX, NULL, NULL, "off");
	field_hint(w, f, "clinic.contact_hint");
	f = form_field(w, fields, FIELD_SELECT, "topic", "clinic.field.topic", form_str(w, "topic"));
	field_set(f, true, 0, NULL, NULL, NULL);
	field_blank(w, f, "form.choose");
	choices(w, f, "clinic.topic", clinic_topics);
	f = form_field(w, fields, FIELD_TEXTAREA, "question", "clinic.field.question",
	               form_str(w, "question"));
	field_set(f, true, CLINIC_QUESTION_MAX, NULL, NULL, NULL);
	f = form_field(w, fields, FIELD_SELECT, "way", "clinic.field.way", form_str(w, "way"));
	field_set(f, true, 0, NULL, NULL, NULL);
	field_blank(w, f, "form.choose");
	choices(w, f, "clinic.way", clinic_ways);
	f = form_field(w, fields, FIELD_SELECT, "district", "clinic.field.district",
	               form_str(w, "district"));
	field_blank(w, f, "form.none");
	field_hint(w, f, "clinic.district_hint");
	picker_districts(w, f);
	for (size_t i = 0; i < nve; i++) {
		json_t *on = json_object_get(fields, ve[i].field);

		if (on != NULL && !json_is_string(json_object_get(on, "error")))
			field_error(w, on, ve[i].key);
	}
	*summary_out = field_errors(fields);
	return fields;
}

static void
render_request(struct wreq *w, int status, const struct verr *ve, size_t nve)
{
	json_t *ctx = page_ctx(w, "clinic.title"), *summary;

	json_object_set_new(ctx, "csrf", json_string(web_pre_token(w)));
	json_object_set_new(ctx, "f", request_fields(w, ve, nve, &summary));
	json_object_set_new(ctx, "errors", summary);
	page_render(w, status, "clinic", ctx);
}

void
h_clinic_form(struct wreq *w)
{
	render_request(w, 200, NULL, 0);
}

void
h_clinic_submit(struct wreq *w)
{
	struct clinic_request in = {
		.unit_code = form_str(w, "to"), .agency = form_str(w, "agency"),
		.contact = form_str(w, "contact"), .topic = form_str(w, "topic"),
		.question = form_str(w, "question"), .way = form_str(w, "way"),
		.district = form_str(w, "district"),
	};
	struct verr ve[CLINIC_MAX_ERRORS];
	size_t nve = 0;
	char ref[CLINIC_REF_SHOWN];
	json_t *ctx;
	enum sod_err err = clinic_submit(w->sys, w->r->arena, &in, ve, &nve, ref);

	if (err == SOD_EINVAL) {
		render_request(w, 400, ve, nve);
		return;
	}
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	ctx = page_ctx(w, "clinic.done_title");
	json_object_set_new(ctx, "reference", json_string(ref));
	page_render(w, 201, "clinic_done", ctx);
	sodium_memzero(ref, sizeof(ref));
}

/* ---- the requester's answer ----------------------------------------------------- */

static json_t *
answer_json(struct wreq *w, const struct consultation_rec *c, bool labels)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s, s:s, s:s?}",
	    "status", c->status, "topic", c->topic, "question", c->question, "way", c->way,
	    "received_on", c->received_on, "scheduled_on", c->scheduled_on, "venue", c->venue,
	    "advice", c->advice, "documents", c->documents, "answered_on", c->answered_on);

	if (labels && o != NULL) {
		json_object_set_new(o, "status_label", json_string(web_label(w, "clinic.status", c->status)));
		json_object_set_new(o, "topic_label", json_string(web_label(w, "clinic.topic", c->topic)));
		json_object_set_new(o, "received_label", json_string(web_day_label(w, c->received_on)));
		json_object_set_new(o, "scheduled_label", json_string(web_day_label(w, c->scheduled_on)));
		json_object_set_new(o, "venue_label", json_string(c->venue ? web_label(w, "clinic.venue",
		                                                                 c->venue) : ""));
		json_object_set_new(o, "answered_label", json_string(web_day_label(w, c->answered_on)));
		json_object_set_new(o, "has_advice", json_boolean(c->advice[0] != '\0'));
		json_object_set_new(o, "has_documents", json_boolean(c->documents[0] != '\0'));
	}
	return o;
}

static void
render_answer(struct wreq *w, int status, const char *error_key, json_t *answer)
{
	json_t *ctx = page_ctx(w, "clinic.answer_title");

	json_object_set_new(ctx, "csrf", json_string(web_pre_token(w)));
	if (error_key)
		json_object_set_new(ctx, "error", json_string(i18n_get(w->lang, error_key)));
	if (answer)
		json_object_set_new(ctx, "answer", answer);
	page_render(w, status, "clinic_answer", ctx);
}

void
h_clinic_answer_form(struct wreq *w)
{
	render_answer(w, 200, NULL, NULL);
}

void
h_clinic_answer(struct wreq *w)
{
	struct consultation_rec c;
	enum sod_err err = clinic_answer(w->sys, w->r->arena, form_str(w, "reference"), &c);

	if (err == SOD_EAUTH) {
		render_answer(w, 401, "clinic.wrong_reference", NULL);
		return;
	}
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	render_answer(w, 200, NULL, answer_json(w, &c, true));
}

void
h_api_clinic_answer(struct wreq *w)
{
	struct web_input in;
	struct consultation_rec c;
	const char *ref;
	enum sod_err err;

	if (!web_input_begin(w, &in, NULL))
		return;
	ref = web_in_str(&in, "reference");
	web_input_end(&in);
	if (web_in_refuse_bad(&in))
		return;
	err = clinic_answer(w->sys, w->r->arena, ref ? ref : "", &c);
	if (err) {
		web_error(w, err, err == SOD_EAUTH ? "wrong_reference" : NULL, NULL,
		          err == SOD_EAUTH ? "clinic.wrong_reference" : NULL);
		return;
	}
	json_reply(w, 200, answer_json(w, &c, false));
}

/* ---- published questions ---------------------------------------------------------- */

void
h_clinic_faq(struct wreq *w)
{
	struct unit_rec u;
	struct faq_rec *items;
	size_t n;
	json_t *ctx, *list;
	enum sod_err err = clinic_faq(w->sys, w->r->arena, w->r->captures[0], &u, &items, &n);

	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s}", "id",
		    (json_int_t)items[i].id, "topic_label", web_label(w, "clinic.topic", items[i].topic),
		    "question", items[i].question, "answer", items[i].answer, "published_label",
		    web_day_label(w, items[i].published_on)));
	ctx = page_ctx(w, "clinic.faq_title");
	json_object_set_new(ctx, "unit", json_pack("{s:s, s:s}", "code", u.code, "name",
	                                           unit_name(w, &u)));
	json_object_set_new(ctx, "items", list);
	json_object_set_new(ctx, "has_items", json_boolean(n > 0));
	page_render(w, 200, "clinic_faq", ctx);
}
