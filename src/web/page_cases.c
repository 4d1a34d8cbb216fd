/*
 * page_cases.c — cases: opened from tips, moved through the workflow,
 * referred to the agencies that act (pages and the JSON API of
 * CONTRACT.md).
 */
#include "web/web.h"

#include <string.h>

#include "domain/case.h"
#include "util/clock.h"
#include "util/str.h"
#include "web/field.h"
#include "web/i18n.h"

static bool
case_reader(struct wreq *w, struct tip_reader *r)
{
	enum sod_err err = tip_reader_open(w->sys, w->r->arena, &w->ses, w->token, r);

	if (err)
		web_error(w, err, NULL, NULL, NULL);
	return err == SOD_OK;
}

static json_t *
case_json(struct wreq *w, const struct case_view *v, bool full)
{
	char key[64];
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b}", "id", (json_int_t)v->rec.id,
	                      "unit", v->rec.unit_code, "status", v->rec.status, "opened_on",
	                      v->rec.opened_on, "due_on", v->rec.due_on, "overdue", v->overdue,
	                      "readable", v->readable);

	snprintf(key, sizeof(key), "case_status.%s", v->rec.status);
	json_object_set_new(o, "status_label", json_string(i18n_get(w->lang, key)));
	if (v->rec.keep_until[0]) {
		struct cdate soon = date_of_unix(sod_now() + 30 * 86400);
		char limit[11];

		snprintf(limit, sizeof(limit), "%04d-%02d-%02d", soon.year, soon.month, soon.day);
		json_object_set_new(o, "keep_until", json_string(v->rec.keep_until));
		json_object_set_new(o, "expiring", json_boolean(strcmp(v->rec.keep_until, limit) <= 0));
	}
	json_object_set_new(o, "destroyed", json_boolean(v->rec.purged_on[0] != '\0'));
	json_object_set_new(o, "assignee", v->rec.assignee[0] ? json_string(v->rec.assignee)
	                                                      : json_null());
	json_object_set_new(o, "assignee_name", json_string(v->rec.assignee_name));
	if (v->readable)
		json_object_set_new(o, "title", json_string(v->title));
	if (!full || !v->readable)
		return o;
	{
		json_t *tips = json_array(), *events = json_array(), *refs = json_array(), *next;

		for (size_t i = 0; i < v->ntips; i++)
			json_array_append_new(tips, json_integer(v->tips[i]));
		for (size_t i = 0; i < v->nevents; i++) {
			const struct case_event *e = &v->events[i];
			/* A transition's ends are statuses, shown by their names;
			 * an assignment's are usernames, shown as they are. */
			bool st = strcmp(e->kind, "transition") == 0;
			char fk[64], tk[64];

			snprintf(key, sizeof(key), "case_event.%s", e->kind);
			snprintf(fk, sizeof(fk), "case_status.%s", e->from);
			snprintf(tk, sizeof(tk), "case_status.%s", e->to);
			json_array_append_new(events, json_pack(
			    "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "kind", e->kind,
			    "kind_label", i18n_get(w->lang, key), "from", e->from, "to", e->to,
			    "from_label", st && e->from[0] ? i18n_get(w->lang, fk) : e->from,
			    "to_label", st && e->to[0] ? i18n_get(w->lang, tk) : e->to, "note",
			    e->note, "on", e->on, "author", e->author));
		}
		for (size_t i = 0; i < v->nreferrals; i++) {
			snprintf(key, sizeof(key), "agency.%s", v->referrals[i].agency);
			json_array_append_new(refs, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			    "id", (json_int_t)v->referrals[i].id, "agency", v->referrals[i].agency,
			    "agency_name", i18n_get(w->lang, key), "letter_no",
			    v->referrals[i].letter_no, "sent_on", v->referrals[i].sent_on, "note",
			    v->referrals[i].note, "answered_on", v->referrals[i].answered_on,
			    "outcome", v->referrals[i].outcome));
			json_object_set_new(json_array_get(refs, json_array_size(refs) - 1), "case_id",
			                    json_integer(v->rec.id));
		}
		next = json_array();
		for (const char *const *s = case_statuses; *s; s++) {
			if (!case_transition_allowed(v->rec.status, *s))
				continue;
			snprintf(key, sizeof(key), "case_status.%s", *s);
			json_array_append_new(next, json_pack("{s:s, s:s}", "value", *s, "label",
			                                      i18n_get(w->lang, key)));
		}
		json_object_set_new(o, "tips", tips);
		json_object_set_new(o, "events", events);
		json_object_set_new(o, "referrals", refs);
		json_object_set_new(o, "next", next);
	}
	return o;
}

#define ASSIGNEES_MAX 300  /* people a case may be given to, in one select */

/*
 * The fields of the case page's forms (field.h): the assignee chosen by
 * name among those who may take the case (never a typed user name), the
 * next status, the referral's agency, letter, date and note.
 */
static json_t *
case_fields(struct wreq *w, struct tip_reader *r, const struct case_view *v)
{
	json_t *fields = json_object(), *f;
	struct account_rec *acc;
	size_t n = 0;
	char key[64];

	f = field_new(w, FIELD_SELECT, "assignee", "case.assign_to");
	field_value(f, v->rec.assignee);
	field_blank(w, f, "case.nobody_choice");
	if (case_assignable(w->sys, w->r->arena, r, v->rec.id, ASSIGNEES_MAX, &acc, &n) != SOD_OK)
		n = 0;
	for (size_t i = 0; i < n; i++)
		field_option(f, NULL, acc[i].username, arena_printf(w->r->arena, "%s (%s)",
		             acc[i].display_name, acc[i].username) ?: acc[i].username);
	json_object_set_new(fields, "assignee", f);
	f = field_new(w, FIELD_SELECT, "to", "case.to");
	for (const char *const *st = case_statuses; *st; st++) {
		if (!case_transition_allowed(v->rec.status, *st))
			continue;
		snprintf(key, sizeof(key), "case_status.%s", *st);
		field_option(f, NULL, *st, i18n_get(w->lang, key));
	}
	json_object_set_new(fields, "to", f);
	f = field_new(w, FIELD_TEXTAREA, "note", "case.note");
	field_set(f, false, 10000, NULL, NULL, NULL);
	json_object_set_new(fields, "note", f);
	f = field_new(w, FIELD_SELECT, "agency", "case.agency");
	for (const char *const *ag = referral_agencies; *ag; ag++) {
		snprintf(key, sizeof(key), "agency.%s", *ag);
		field_option(f, NULL, *ag, i18n_get(w->lang, key));
	}
	json_object_set_new(fields, "agency", f);
	f = field_new(w, FIELD_TEXT, "letter_no", "case.letter");
	field_set(f, true, 100, NULL, NULL, "off");
	json_object_set_new(fields, "letter_no", f);
	f = field_new(w, FIELD_DATE, "sent_on", "case.sent_on");
	field_set(f, true, 40, NULL, NULL, "off");
	json_object_set_new(fields, "sent_on", f);
	f = field_new(w, FIELD_TEXTAREA, "note", "case.note");
	field_set_id(f, "r-note");
	field_set(f, false, 10000, NULL, NULL, NULL);
	json_object_set_new(fields, "r_note", f);
	return fields;
}

static void
case_error(struct wreq *w, enum sod_err err, const char *field, const char *key)
{
	if (err == SOD_EPERM)
		err = SOD_ENOTFOUND;  /* another unit's case is not this reader's to know */
	web_error(w, err, err == SOD_ECONFLICT ? "transition_not_allowed" : NULL,
	          err == SOD_EINVAL ? field : NULL, err == SOD_EINVAL ? key : NULL);
}

/* ---- lists and pages -------------------------------------------------------------- */

void
h_cases(struct wreq *w)
{
	struct tip_reader r;
	struct case_view *items;
	size_t n;
	int64_t limit, offset, after = 0, total, next;
	json_t *ctx, *list;
	enum sod_err err;
	const char *status = req_query(w->r, "status"), *cursor = req_query(w->r, "cursor");

	/* offset is accepted like every list's, but the cases page by cursor. */
	if (!paging(w, &limit, &offset))
		return;
	if (cursor != NULL && cursor[0] != '\0' &&
	    !str_to_i64(slice_from(cursor), 1, INT64_MAX, &after)) {
		web_error(w, SOD_EINVAL, NULL, "cursor", "error.field.cursor");
		return;
	}
	if (!case_reader(w, &r))
		return;
	if ((err = case_list(w->sys, w->r->arena, &r, status && status[0] ? status : NULL, after,
	                     offset + limit, &items, &n, &total, &next))) {
		web_error(w, err, NULL, err == SOD_EINVAL ? "status" : NULL,
		          err == SOD_EINVAL ? "error.field.filter" : NULL);
		return;
	}
	list = json_array();
	for (size_t i = (size_t)offset; i < n; i++)
		json_array_append_new(list, case_json(w, &items[i], false));
	if (w->route->api) {
		json_reply(w, 200, json_pack("{s:o, s:I, s:o}", "items", list, "total",
		                             (json_int_t)total, "next_cursor",
		                             next > 0 ? json_sprintf("%lld", (long long)next)
		                                      : json_null()));
		return;
	}
	ctx = page_ctx(w, "cases.title");
	json_object_set_new(ctx, "cases", list);
	json_object_set_new(ctx, "has_cases", json_boolean(n > (size_t)offset));
	json_object_set_new(ctx, "total", json_integer(total));
	if (next > 0)
		json_object_set_new(ctx, "next_url", json_string(arena_printf(w->r->arena,
		    "/cases?cursor=%lld%s%s", (long long)next, status && status[0] ? "&status=" : "",
		    status && status[0] ? status : "")));
	if (after > 0)
		json_object_set_new(ctx, "first_url", json_string("/cases"));
	page_render(w, 200, "cases", ctx);
}

static bool
case_of_path(struct wreq *w, struct tip_reader *r, struct case_view *v)
{
	int64_t id;
	enum sod_err err;

	if (!str_to_i64(slice_from(w->r->captures[0]), 1, INT64_MAX, &id)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return false;
	}
	if (!case_reader(w, r))
		return false;
	if ((err = case_open(w->sys, w->r->arena, r, id, v)) != SOD_OK) {
		case_error(w, err, NULL, NULL);
		return false;
	}
	return true;
}

void
h_case(struct wreq *w)
{
	struct tip_reader r;
	struct case_view v;
	json_t *ctx;

	if (!case_of_path(w, &r, &v))
		return;
	if (w->route->api) {
		json_reply(w, 200, case_json(w, &v, true));
		return;
	}
	ctx = page_ctx(w, "case.title");
	json_object_set_new(ctx, "case", case_json(w, &v, true));
	json_object_set_new(ctx, "f", case_fields(w, &r, &v));
	page_render(w, 200, "case", ctx);
}

/* ---- changes ------------------------------------------------------------------------ */

static void
after_change(struct wreq *w, int64_t id, int status, json_t *body, const char *what)
{
	if (w->route->api) {
		json_reply(w, status, body);
		return;
	}
	json_decref(body);
	web_done(w, arena_printf(w->r->arena, "/cases/%lld", (long long)id) ?: "/cases", what);
}

void
h_case_create(struct wreq *w)
{
	struct tip_reader r;
	int64_t ids[100], id;
	size_t n = 0;
	const char *title;
	json_t *in = NULL;
	enum sod_err err;

	if (w->route->api) {
		json_t *list;

		in = json_loadb(w->r->body, w->r->body_len, JSON_REJECT_DUPLICATES, NULL);
		list = json_object_get(in, "tip_ids");
		title = json_string_value(json_object_get(in, "title"));
		if (!json_is_array(list) || json_array_size(list) == 0 ||
		    json_array_size(list) > 100 || title == NULL) {
			const char *field = json_is_array(list) && json_array_size(list) > 0 &&
			                    json_array_size(list) <= 100 ? "title" : "tip_ids";
			const char *code = in ? "wrong_type" : "invalid_json";

			json_decref(in);
			web_error(w, SOD_EINVAL, code, field, "error.field.required");
			return;
		}
		for (size_t i = 0; i < json_array_size(list); i++) {
			json_t *x = json_array_get(list, i);

			if (!json_is_integer(x)) {
				json_decref(in);
				web_error(w, SOD_EINVAL, "wrong_type", "tip_ids", "error.field.wrong_type");
				return;
			}
			ids[n++] = json_integer_value(x);
		}
		title = arena_strdup(w->r->arena, title);
		json_decref(in);
	} else {
		for (size_t i = 0; i < w->r->form.n && n < 100; i++)
			if (strcmp(w->r->form.fields[i].name, "tip_id") == 0 &&
			    str_to_i64(slice_from(w->r->form.fields[i].value), 1, INT64_MAX, &id))
				ids[n++] = id;
		title = form_str(w, "title");
	}
	if (!case_reader(w, &r))
		return;
	err = case_create(w->sys, w->r->arena, &r, ids, n, title, &id);
	if (err) {
		case_error(w, err, "title", "error.field.required");
		return;
	}
	after_change(w, id, 201, json_pack("{s:I}", "id", (json_int_t)id), "case_created");
}

void
h_case_transition(struct wreq *w)
{
	struct tip_reader r;
	struct case_view v;
	const char *to, *note;
	json_t *in = NULL;
	enum sod_err err;

	if (!case_of_path(w, &r, &v))
		return;
	if (w->route->api) {
		in = json_loadb(w->r->body, w->r->body_len, JSON_REJECT_DUPLICATES, NULL);
		to = json_string_value(json_object_get(in, "to"));
		note = json_string_value(json_object_get(in, "note"));
		to = to ? arena_strdup(w->r->arena, to) : NULL;
		note = note ? arena_strdup(w->r->arena, note) : NULL;
		json_decref(in);
		if (to == NULL) {
			web_error(w, SOD_EINVAL, "wrong_type", "to", "error.field.required");
			return;
		}
	} else {
		to = form_str(w, "to");
		note = form_str(w, "note");
	}
	/* Without an outcome the domain refuses anyway: no question first. */
	if (strcmp(to, "closed") == 0 && note != NULL && note[0] != '\0' &&
	    !web_confirmed(w, "confirm.close_case", note,
	                   arena_printf(w->r->arena, "/cases/%lld", (long long)v.rec.id) ?: "/cases"))
		return;
	err = case_transition(w->sys, w->r->arena, &r, v.rec.id, to, note);
	if (err) {
		case_error(w, err, strcmp(to, "closed") == 0 ? "note" : "to",
		           strcmp(to, "closed") == 0 ? "case.outcome_needed" : "error.field.case_status");
		return;
	}
	after_change(w, v.rec.id, 200, json_pack("{s:s}", "status", to), "case_status");
}

void
h_case_referral(struct wreq *w)
{
	struct tip_reader r;
	struct case_view v;
	struct verr ve = {0};
	const char *agency, *letter, *sent, *note;
	int64_t id;
	json_t *in;
	enum sod_err err;

	if (!case_of_path(w, &r, &v))
		return;
	if (w->route->api) {
		in = json_loadb(w->r->body, w->r->body_len, JSON_REJECT_DUPLICATES, NULL);
		agency = json_string_value(json_object_get(in, "agency"));
		letter = json_string_value(json_object_get(in, "letter_no"));
		sent = json_string_value(json_object_get(in, "sent_on"));
		note = json_string_value(json_object_get(in, "note"));
		agency = agency ? arena_strdup(w->r->arena, agency) : NULL;
		letter = letter ? arena_strdup(w->r->arena, letter) : NULL;
		sent = sent ? arena_strdup(w->r->arena, sent) : NULL;
		note = note ? arena_strdup(w->r->arena, note) : NULL;
		json_decref(in);
	} else {
		agency = form_str(w, "agency");
		letter = form_str(w, "letter_no");
		sent = form_date(w, "sent_on");
		note = form_str(w, "note");
	}
	err = case_refer(w->sys, w->r->arena, &r, v.rec.id, agency, letter, sent, note, &ve, &id);
	if (err) {
		case_error(w, err, ve.field, ve.key);
		return;
	}
	after_change(w, v.rec.id, 201, json_pack("{s:I}", "id", (json_int_t)id), "referred");
}

void
h_case_keep(struct wreq *w)
{
	struct tip_reader r;
	struct case_view v;
	enum sod_err err;

	if (!case_of_path(w, &r, &v))
		return;
	err = case_extend(w->sys, w->r->arena, &r, v.rec.id, form_str(w, "reason"));
	if (err) {
		case_error(w, err, "reason", "identity.reason_needed");
		return;
	}
	after_change(w, v.rec.id, 200, json_pack("{s:b}", "ok", 1), "kept");
}

void
h_case_assign(struct wreq *w)
{
	struct tip_reader r;
	struct case_view v;
	const char *who;
	enum sod_err err;

	if (!case_of_path(w, &r, &v))
		return;
	if (w->route->api) {
		json_t *in = json_loadb(w->r->body, w->r->body_len, JSON_REJECT_DUPLICATES, NULL);
		json_t *j = json_object_get(in, "assignee");

		if (j == NULL || !(json_is_string(j) || json_is_null(j))) {
			json_decref(in);
			web_error(w, SOD_EINVAL, "wrong_type", "assignee", "error.field.assignee");
			return;
		}
		who = json_is_string(j) ? arena_strdup(w->r->arena, json_string_value(j)) : "";
		json_decref(in);
		if (who == NULL) {
			web_error(w, SOD_ENOMEM, NULL, NULL, NULL);
			return;
		}
	} else {
		who = form_str(w, "assignee");
	}
	if ((err = case_assign(w->sys, w->r->arena, &r, v.rec.id, who))) {
		case_error(w, err, "assignee", "error.field.assignee");
		return;
	}
	after_change(w, v.rec.id, 200, json_pack("{s:s?}", "assignee", who[0] ? who : NULL), "assigned");
}

void
h_case_note(struct wreq *w)
{
	struct tip_reader r;
	struct case_view v;
	const char *note;
	enum sod_err err;

	if (!case_of_path(w, &r, &v))
		return;
	if (w->route->api) {
		json_t *in = json_loadb(w->r->body, w->r->body_len, JSON_REJECT_DUPLICATES, NULL);
		const char *s = json_string_value(json_object_get(in, "note"));

		note = s ? arena_strdup(w->r->arena, s) : NULL;
		json_decref(in);
	} else {
		note = form_str(w, "note");
	}
	if ((err = case_note(w->sys, w->r->arena, &r, v.rec.id, note))) {
		case_error(w, err, "note", "error.field.required");
		return;
	}
	after_change(w, v.rec.id, 201, json_pack("{s:b}", "ok", 1), "note_saved");
}

void
h_case_referral_answer(struct wreq *w)
{
	struct tip_reader r;
	struct case_view v;
	struct verr ve = {0};
	const char *on, *outcome;
	int64_t ref;
	enum sod_err err;

	if (!str_to_i64(slice_from(w->r->captures[1]), 1, INT64_MAX, &ref)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return;
	}
	if (!case_of_path(w, &r, &v))
		return;
	if (w->route->api) {
		json_t *in = json_loadb(w->r->body, w->r->body_len, JSON_REJECT_DUPLICATES, NULL);
		const char *a1 = json_string_value(json_object_get(in, "answered_on"));
		const char *a2 = json_string_value(json_object_get(in, "outcome"));

		on = a1 ? arena_strdup(w->r->arena, a1) : NULL;
		outcome = a2 ? arena_strdup(w->r->arena, a2) : NULL;
		json_decref(in);
	} else {
		on = form_date(w, "answered_on");
		outcome = form_str(w, "outcome");
	}
	err = case_referral_answer(w->sys, w->r->arena, &r, v.rec.id, ref, on, outcome, &ve);
	if (err) {
		case_error(w, err, ve.field, ve.key);
		return;
	}
	after_change(w, v.rec.id, 200, json_pack("{s:I}", "id", (json_int_t)ref), "answer_saved");
}
