/*
 * page_network.c — a unit's page (its sub-units with member counts, its
 * members, announcements, trainings, meetings) and the forms that manage
 * them; the unit and member endpoints of the JSON API.
 *
 * Who sees what is the domain's decision (domain/network.h): any role on
 * the unit's line to see it, a coordinator, supervisor or admin to manage
 * its people and see their contact details.
 */
#include "web/web.h"

#include <string.h>

#include "domain/geo.h"
#include "domain/guides.h"
#include "domain/network.h"
#include "domain/results.h"
#include "domain/scope.h"
#include "domain/unit.h"
#include "text/phone.h"
#include "text/utf8.h"
#include "util/str.h"
#include "domain/webhook.h"
#include "web/field.h"
#include "web/i18n.h"
#include "web/picker.h"

/* Kinds a coordinator may create under their unit (admins: any kind, on
 * the administration pages). */
static const char *const network_kinds[] = {"network", "club", "zone", "team", NULL};

/* ---- shared with page_people.c ---------------------------------------------- */

json_t *
person_json(struct wreq *w, const struct person_rec *p, bool contacts)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "id", (json_int_t)p->id, "title_th", p->title_th, "given_th", p->given_th,
	    "family_th", p->family_th, "title_en", p->title_en, "given_en", p->given_en,
	    "family_en", p->family_en, "kind", p->kind);
	char key[64];

	snprintf(key, sizeof(key), "person_kind.%s", p->kind);
	json_object_set_new(o, "kind_label", json_string(i18n_get(w->lang, key)));
	json_object_set_new(o, "name", json_string(w->lang == LANG_EN && p->given_en[0]
	    ? arena_printf(w->r->arena, "%s %s", p->given_en, p->family_en)
	    : arena_printf(w->r->arena, "%s%s %s", p->title_th, p->given_th, p->family_th)));
	json_object_set_new(o, "organisation", json_string(p->organisation));
	if (p->province_code) {
		json_object_set_new(o, "province_code", json_string(p->province_code));
		json_object_set_new(o, "province", json_string(geo_province(p->province_code,
		                    w->lang) ?: ""));
	}
	if (contacts) {
		char shown[20];

		if (p->phone) {
			phone_format(p->phone, shown);
			json_object_set_new(o, "phone", json_string(shown));
		}
		if (p->email)
			json_object_set_new(o, "email", json_string(p->email));
		if (p->line_id)
			json_object_set_new(o, "line_id", json_string(p->line_id));
		if (p->district_code)
			json_object_set_new(o, "district_code", json_string(p->district_code));
		json_object_set_new(o, "has_citizen_id", json_boolean(p->cid_sealed != NULL));
		json_object_set_new(o, "consent_version", json_string(p->consent_version));
		if (p->consent_at) {
			char d[64];

			date_format(d, sizeof(d), p->consent_at, DATE_SHORT, w->lang, false);
			json_object_set_new(o, "consent_on", json_string(d));
		}
	}
	return o;
}

/* Load the unit of the first capture; answers 404 itself. */
static bool
unit_of_path(struct wreq *w, struct unit_rec *u)
{
	enum sod_err err = unit_get(w->sys, w->r->arena, w->r->captures[0], u, NULL);

	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return false;
	}
	return true;
}

/* Answer 403 unless the session may see (manage: manage) the unit. */
static bool
allowed(struct wreq *w, const struct unit_rec *u, bool manage)
{
	bool ok = false;
	enum sod_err err = manage ? network_can_manage(w->sys, &w->ses, u->id, &ok)
	                          : network_can_view(w->sys, &w->ses, u->id, &ok);

	if (err || !ok) {
		web_error(w, err ? err : SOD_EPERM, NULL, NULL, NULL);
		return false;
	}
	return true;
}

#define ATTENDEE_CHOICES_MAX 1000  /* a unit's members offered for a meeting */

static json_t *
options(struct wreq *w, const char *const *values, const char *prefix, const char *sel)
{
	json_t *a = json_array();

	for (; *values != NULL; values++) {
		char key[64];

		snprintf(key, sizeof(key), "%s.%s", prefix, *values);
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", *values, "label",
		                      i18n_get(w->lang, key), "selected",
		                      sel != NULL && strcmp(sel, *values) == 0));
	}
	return a;
}

/*
 * The admin's edit form of a unit (field.h): the names, the new parent
 * chosen by name among the units the admin holds (blank: stays where it
 * is — the current parent is chosen, so saving a rename moves nothing),
 * retention and state.
 */
static json_t *
unit_edit_fields(struct wreq *w, const struct unit_rec *u, const char *bad, const char *key)
{
	json_t *fields = json_object(), *f;

	f = field_new(w, FIELD_TEXT, "name_th", "units.name_th");
	field_set_id(f, "e-th");
	field_set(f, false, 200, NULL, NULL, "off");
	field_value(f, u->name_th);
	json_object_set_new(fields, "name_th", f);
	f = field_new(w, FIELD_TEXT, "name_en", "units.name_en");
	field_set_id(f, "e-en");
	field_set(f, false, 200, NULL, NULL, "off");
	field_value(f, u->name_en);
	json_object_set_new(fields, "name_en", f);
	f = field_new(w, FIELD_SELECT, "parent", "network.move_under");
	field_set_id(f, "e-parent");
	field_blank(w, f, "network.stays");
	field_value(f, u->parent_code ? u->parent_code : "");
	if (u->parent_code != NULL)
		picker_units(w, f, ROLE_ADMIN, NULL);
	json_object_set_new(fields, "parent", f);
	f = field_new(w, FIELD_TEXT, "retention_days", "network.retention");
	field_set_id(f, "e-retention");
	field_set(f, false, 5, NULL, "numeric", "off");
	json_object_set_new(fields, "retention_days", f);
	f = field_new(w, FIELD_SELECT, "closed", "network.state");
	field_set_id(f, "e-closed");
	field_option(f, NULL, "", "—");
	field_option(f, NULL, "0", i18n_get(w->lang, "network.open"));
	field_option(f, NULL, "1", i18n_get(w->lang, "network.close"));
	json_object_set_new(fields, "closed", f);
	if (bad != NULL && key != NULL && (f = json_object_get(fields, bad)) != NULL)
		field_error(w, f, key);
	return fields;
}

/* The member list's keyset cursor (cursor=, a person's id; *after 0 when
 * absent); false with a 400 answered when it is not one. */
static bool
member_cursor(struct wreq *w, int64_t *after)
{
	const char *c = req_query(w->r, "cursor");

	*after = 0;
	if (c == NULL || c[0] == '\0')
		return true;
	if (str_to_i64(slice_from(c), 1, INT64_MAX, after))
		return true;
	web_error(w, SOD_EINVAL, NULL, "cursor", "error.field.cursor");
	return false;
}

static void
render_unit(struct wreq *w, int status, const char *error_key, const char *field,
            const char *notice_key)
{
	struct arena *a = w->r->arena;
	struct unit_rec u, *kids;
	struct member_row *members;
	struct announcement_rec *news;
	struct training_rec *tr;
	struct meeting_rec *mt;
	size_t nkids, nmembers, nnews, ntr, nmt;
	int64_t total_kids, total_members, direct, subtree, limit, offset, after;
	bool manage = false, admin = false, more;
	json_t *ctx, *list, *trail;
	enum sod_err err;

	if (!paging(w, &limit, &offset) || !member_cursor(w, &after) || !unit_of_path(w, &u) ||
	    !allowed(w, &u, false))
		return;
	if ((err = network_can_manage(w->sys, &w->ses, u.id, &manage)) ||
	    (err = auth_can(w->sys, &w->ses, ROLE_ADMIN, u.id, &admin)) ||
	    (err = unit_member_counts(w->sys, u.id, &direct, &subtree)) ||
	    (err = unit_list(w->sys, a, u.code, NULL, 200, 0, &kids, &nkids, &total_kids)) ||
	    (err = network_members(w->sys, a, u.id, after, limit + 1, offset, &members,
	                              &nmembers, &total_members)) ||
	    (err = network_unit_news(w->sys, a, u.id, 10, &news, &nnews)) ||
	    (err = network_trainings(w->sys, a, u.id, &tr, &ntr)) ||
	    (err = network_meetings(w->sys, a, u.id, &mt, &nmt))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	if ((more = (int64_t)nmembers > limit))
		nmembers = (size_t)limit;
	ctx = page_ctx(w, "network.title");
	json_object_set_new(ctx, "unit", json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:b}",
	    "code", u.code, "name", w->lang == LANG_TH ? u.name_th : u.name_en,
	    "name_th", u.name_th, "name_en", u.name_en, "kind_label",
	    i18n_get(w->lang, arena_printf(a, "kind.%s", u.kind) ?: ""),
	    "members", (json_int_t)direct, "members_subtree", (json_int_t)subtree,
	    "closed", u.closed_at != 0));
	trail = json_array();
	for (struct unit_rec p = u; p.parent_code != NULL;) {
		if (unit_get(w->sys, a, p.parent_code, &p, NULL) != SOD_OK)
			break;
		json_array_insert_new(trail, 0, json_pack("{s:s, s:s}", "code", p.code, "name",
		                      w->lang == LANG_TH ? p.name_th : p.name_en));
	}
	json_object_set_new(ctx, "trail", trail);
	list = json_array();
	for (size_t i = 0; i < nkids; i++) {
		int64_t d = 0, s = 0;

		unit_member_counts(w->sys, kids[i].id, &d, &s);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:I, s:I}", "code",
		    kids[i].code, "name", w->lang == LANG_TH ? kids[i].name_th : kids[i].name_en,
		    "kind_label", i18n_get(w->lang, arena_printf(a, "kind.%s", kids[i].kind) ?: ""),
		    "members", (json_int_t)s, "children", (json_int_t)kids[i].children));
	}
	json_object_set_new(ctx, "has_children", json_boolean(nkids > 0));
	json_object_set_new(ctx, "children", list);
	list = json_array();
	for (size_t i = 0; i < nmembers; i++) {
		json_t *m = person_json(w, &members[i].p, manage);
		char key[64];

		snprintf(key, sizeof(key), "member_role.%s", members[i].role);
		json_object_set_new(m, "role", json_string(i18n_get(w->lang, key)));
		json_array_append_new(list, m);
	}
	json_object_set_new(ctx, "has_members", json_boolean(nmembers > 0));
	json_object_set_new(ctx, "members", list);
	if (manage && nmt > 0) {
		/* Who attended a meeting: a choice of the unit's own members by
		 * name, not a person number to look up. */
		struct member_row *all;
		size_t nall = 0;
		int64_t tall;
		json_t *choices = json_array();

		if (network_members(w->sys, a, u.id, 0, ATTENDEE_CHOICES_MAX, 0, &all, &nall, &tall))
			nall = 0;
		for (size_t i = 0; i < nall; i++)
			json_array_append_new(choices, json_pack("{s:I, s:s}", "value",
			    (json_int_t)all[i].p.id, "label", arena_printf(a, "%s%s %s",
			    all[i].p.title_th ? all[i].p.title_th : "", all[i].p.given_th ?
			    all[i].p.given_th : "", all[i].p.family_th ? all[i].p.family_th : "") ?: ""));
		json_object_set_new(ctx, "attendee_choices", choices);
	}
	json_object_set_new(ctx, "total", json_integer(total_members));
	/* Back by offset from the first page, or to the first page after a
	 * cursor; next by the keyset cursor (the last member shown). */
	if (offset > 0 || after > 0)
		json_object_set_new(ctx, "prev_url", json_string(arena_printf(a,
		    "/units/%s?offset=%lld", u.code,
		    (long long)(after > 0 || offset <= limit ? 0 : offset - limit))));
	if (more)
		json_object_set_new(ctx, "next_url", json_string(arena_printf(a,
		    "/units/%s?cursor=%lld", u.code, (long long)members[nmembers - 1].p.id)));
	list = json_array();
	for (size_t i = 0; i < nnews; i++) {
		char d[64];

		date_format(d, sizeof(d), news[i].created_at, DATE_SHORT, w->lang, false);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "title",
		    news[i].title, "body", news[i].body, "date", d, "unit",
		    w->lang == LANG_TH ? news[i].unit_name_th : news[i].unit_name_en));
	}
	json_object_set_new(ctx, "announcements", list);
	list = json_array();
	for (size_t i = 0; i < ntr; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "id",
		    (json_int_t)tr[i].id, "title", tr[i].title, "held_on", tr[i].held_on,
		    "place", tr[i].place, "hours", (json_int_t)tr[i].hours, "attendees",
		    (json_int_t)tr[i].attendees));
	json_object_set_new(ctx, "trainings", list);
	list = json_array();
	for (size_t i = 0; i < nmt; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "id",
		    (json_int_t)mt[i].id, "title", mt[i].title, "held_on", mt[i].held_on,
		    "agenda", mt[i].agenda, "minutes", mt[i].minutes, "attendees",
		    (json_int_t)mt[i].attendees));
	json_object_set_new(ctx, "meetings", list);
	json_object_set_new(ctx, "manage", json_boolean(manage));
	json_object_set_new(ctx, "admin", json_boolean(admin));
	json_object_set_new(ctx, "tips", unit_tips_json(w, &u, admin));
	if (admin)
		json_object_set_new(ctx, "fe", unit_edit_fields(w, &u, field, error_key));
	json_object_set_new(ctx, "mail", json_boolean(mail_enabled(&w->sys->mail)));
	{
		bool hooks = false;

		if (webhook_can_manage(w->sys, &w->ses, u.id, &hooks) == SOD_OK)
			json_object_set_new(ctx, "hooks", json_boolean(hooks));
	}
	if (req_query(w->r, "mailed") != NULL)
		json_object_set_new(ctx, "mailed", json_string(req_query(w->r, "mailed")));
	json_object_set_new(ctx, "kinds", options(w, person_kinds, "person_kind", NULL));
	json_object_set_new(ctx, "unit_kinds", options(w, network_kinds, "kind", "team"));
	json_object_set_new(ctx, "roles", options(w, member_roles, "member_role", NULL));
	if (error_key)
		json_object_set_new(ctx, "error", json_string(i18n_get(w->lang, error_key)));
	if (field)
		json_object_set_new(ctx, "error_field", json_string(field));
	if (notice_key)
		json_object_set_new(ctx, "notice", json_string(i18n_get(w->lang, notice_key)));
	page_render(w, status, "unit", ctx);
}

void
h_unit(struct wreq *w)
{
	const char *done = req_query(w->r, "done"), *mail = req_query(w->r, "mail");

	if (mail != NULL && strcmp(mail, "failed") == 0)
		render_unit(w, 200, "network.mail_failed", NULL, "network.saved");
	else if (req_query(w->r, "pending") != NULL)
		render_unit(w, 200, NULL, NULL, "unit.change_pending");
	else
		render_unit(w, 200, NULL, NULL, done && strcmp(done, "1") == 0 ? "network.saved" : NULL);
}

/* After a change: back to the unit page, which says it was saved. */
static void
back_to_unit(struct wreq *w, const char *code)
{
	char *to = arena_printf(w->r->arena, "/units/%s?done=1", code);

	req_redirect(w->r, to ? to : "/");
}

static void
refuse_form(struct wreq *w, enum sod_err err, const struct verr *ve)
{
	render_unit(w, http_status_of(err), ve->key ? ve->key : "error.internal", ve->field, NULL);
}

void
h_unit_edit(struct wreq *w)
{
	struct unit_rec u;
	struct verr ve = {0};
	const char *closed = form_str(w, "closed");
	const char *days_s = form_str(w, "retention_days");
	struct unit_edit e = {
		.name_th = form_str(w, "name_th"), .name_en = form_str(w, "name_en"),
		.parent_code = form_str(w, "parent"),
		.closed = closed[0] == '\0' ? -1 : strcmp(closed, "1") == 0,
	};
	int pending = 0;
	enum sod_err err;
	char *to;

	if (!unit_of_path(w, &u))
		return;
	e.code = u.code;
	/* Anything that is not a number in range is refused by the domain. */
	if (days_s[0] != '\0' && !str_to_i64(slice_from(days_s), 1, 100000, &e.retention_days))
		e.retention_days = 1;
	err = scope_unit_edit(w->sys, w->r->arena, &w->ses, &e, &ve, &pending);
	if (err == SOD_EPERM) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	if (err) {
		refuse_form(w, err, &ve);
		return;
	}
	if (pending == 0) {
		back_to_unit(w, u.code);
		return;
	}
	/* A move or a shorter retention waits for a supervisor. */
	to = arena_printf(w->r->arena, "/units/%s?pending=%d", u.code, pending);
	req_redirect(w->r, to ? to : "/");
}

static void
person_input_from_form(struct wreq *w, struct person_input *in)
{
	*in = (struct person_input){
		.title_th = form_str(w, "title_th"), .given_th = form_str(w, "given_th"),
		.family_th = form_str(w, "family_th"), .title_en = form_str(w, "title_en"),
		.given_en = form_str(w, "given_en"), .family_en = form_str(w, "family_en"),
		.kind = form_str(w, "kind"), .organisation = form_str(w, "organisation"),
		.phone = form_str(w, "phone"), .email = form_str(w, "email"),
		.line_id = form_str(w, "line_id"), .province = form_str(w, "province"),
		.district = form_str(w, "district"), .citizen_id = form_str(w, "citizen_id"),
		.consent = strcmp(form_str(w, "consent"), "1") == 0,
	};
}

void
h_unit_subunit(struct wreq *w)
{
	struct unit_rec u;
	struct verr ve = {0};
	struct unit_input in;
	int64_t id;
	bool ok = false;
	enum sod_err err;

	if (!unit_of_path(w, &u) || !allowed(w, &u, true))
		return;
	in = (struct unit_input){
		.code = form_str(w, "code"), .kind = form_str(w, "kind"),
		.name_th = form_str(w, "name_th"), .name_en = form_str(w, "name_en"),
		.parent_code = u.code, .province_code = form_str(w, "province"),
		.district_code = form_str(w, "district"),
	};
	for (const char *const *k = network_kinds; *k != NULL; k++)
		ok = ok || strcmp(*k, in.kind) == 0;
	if (!ok) {
		ve = (struct verr){"kind", "error.field.unit_kind"};
		refuse_form(w, SOD_EINVAL, &ve);
		return;
	}
	if ((err = unit_create(w->sys, w->r->arena, &in, &ve, &id)) != SOD_OK) {
		refuse_form(w, err, &ve);
		return;
	}
	back_to_unit(w, in.code);
}

void
h_unit_member_add(struct wreq *w)
{
	struct unit_rec u;
	struct person_input in;
	struct verr ve = {0};
	int64_t id;
	enum sod_err err;

	if (!unit_of_path(w, &u) || !allowed(w, &u, true))
		return;
	person_input_from_form(w, &in);
	err = person_create_by(w->sys, w->r->arena, &w->ses, &in, u.code, form_str(w, "role"),
	                    form_date(w, "joined_on"), &ve, &id);
	if (err) {
		refuse_form(w, err, &ve);
		return;
	}
	back_to_unit(w, u.code);
}

void
h_unit_announce(struct wreq *w)
{
	struct unit_rec u;
	const char *title = form_str(w, "title"), *body = form_str(w, "body"), *key;
	bool email = strcmp(form_str(w, "email"), "1") == 0;
	size_t mailed;
	enum sod_err err, mail_err;
	char *to;

	if (!unit_of_path(w, &u) || !allowed(w, &u, true))
		return;
	if (!field_ok(title, true, 200, &key) || !field_ok(body, true, 5000, &key)) {
		render_unit(w, 400, key, title[0] && body[0] ? "title" : "body", NULL);
		return;
	}
	err = network_announce(w->sys, w->r->arena, u.id, w->ses.account_id, title, body,
	                       email, &mailed, &mail_err);
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	to = arena_printf(w->r->arena, "/units/%s?done=1&mailed=%zu%s", u.code, mailed,
	                  mail_err ? "&mail=failed" : "");
	req_redirect(w->r, to ? to : "/");
}

/* A YYYY-MM-DD field; false (and a message key) if malformed. */
static bool
date_ok(const char *s, const char **key)
{
	struct cdate d;

	if (!date_parse_iso(s, strlen(s), &d)) {
		*key = "error.field.date";
		return false;
	}
	return true;
}

void
h_unit_training(struct wreq *w)
{
	struct unit_rec u;
	struct training_rec t = {0};
	const char *title = form_str(w, "title"), *held = form_date(w, "held_on"), *key = NULL;
	int64_t hours = 0, id;
	enum sod_err err;

	if (!unit_of_path(w, &u) || !allowed(w, &u, true))
		return;
	if (!field_ok(title, true, 200, &key) || !date_ok(held, &key) ||
	    !field_ok(form_str(w, "place"), false, 200, &key) ||
	    !field_ok(form_str(w, "organiser"), false, 200, &key) ||
	    (form_str(w, "hours")[0] &&
	     !str_to_i64(slice_from(form_str(w, "hours")), 0, 1000, &hours))) {
		render_unit(w, 400, key ? key : "error.field.hours", "training", NULL);
		return;
	}
	t.unit_id = u.id;
	t.title = (char *)title;
	t.held_on = (char *)held;
	t.place = (char *)form_str(w, "place");
	t.organiser = (char *)form_str(w, "organiser");
	t.hours = hours;
	if ((err = network_training_add(w->sys, &t, &id))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	web_done(w, arena_printf(w->r->arena, "/trainings/%lld", (long long)id) ?: "/", "training_created");
}

void
h_unit_meeting(struct wreq *w)
{
	struct unit_rec u;
	struct meeting_rec m = {0};
	const char *title = form_str(w, "title"), *held = form_date(w, "held_on"), *key = NULL;
	int64_t id;
	enum sod_err err;

	if (!unit_of_path(w, &u) || !allowed(w, &u, true))
		return;
	if (!field_ok(title, true, 200, &key) || !date_ok(held, &key) ||
	    !field_ok(form_str(w, "agenda"), false, 5000, &key) ||
	    !field_ok(form_str(w, "minutes"), false, 20000, &key)) {
		render_unit(w, 400, key, "meeting", NULL);
		return;
	}
	m.unit_id = u.id;
	m.title = (char *)title;
	m.held_on = (char *)held;
	m.agenda = (char *)form_str(w, "agenda");
	m.minutes = (char *)form_str(w, "minutes");
	if ((err = network_meeting_add(w->sys, &m, &id))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	back_to_unit(w, u.code);
}

void
h_meeting_attend(struct wreq *w)
{
	struct unit_rec u;
	int64_t meeting, person;
	bool view, contacts;
	enum sod_err err;

	if (!unit_of_path(w, &u) || !allowed(w, &u, true))
		return;
	if (!str_to_i64(slice_from(w->r->captures[1]), 1, INT64_MAX, &meeting)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return;
	}
	if (!str_to_i64(slice_from(form_str(w, "person")), 1, INT64_MAX, &person) ||
	    person_access(w->sys, w->r->arena, &w->ses, person, &view, &contacts) || !view) {
		web_error(w, SOD_EINVAL, NULL, "person", "error.field.person_unknown");
		return;
	}
	if ((err = meeting_attend(w->sys, u.id, meeting, person)) != SOD_OK) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	back_to_unit(w, u.code);
}

#define PICK_MAX 20   /* people listed by the picker: a screenful */

/* ---- trainings ----------------------------------------------------------------- */

/* The sessions that multipliers certified here went on to give. */
static json_t *
training_cascade_json(struct wreq *w, int64_t training)
{
	struct activity_rec *a;
	size_t n;
	json_t *list = json_array();

	if (results_cascade(w->sys, w->r->arena, training, &a, &n) != SOD_OK)
		return list;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:I, s:I}", "title",
		    a[i].title, "held_on", a[i].held_on, "unit", a[i].unit_code, "audience",
		    (json_int_t)a[i].audience, "leader", (json_int_t)a[i].leader_id));
	return list;
}

static bool
training_of_path(struct wreq *w, struct training_rec *t, struct unit_rec *u, bool manage)
{
	int64_t id;
	enum sod_err err;

	if (!str_to_i64(slice_from(w->r->captures[0]), 1, INT64_MAX, &id)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return false;
	}
	if ((err = network_training_get(w->sys, w->r->arena, id, t)) ||
	    (err = unit_get(w->sys, w->r->arena, t->unit_code, u, NULL))) {
		web_error(w, err, NULL, NULL, NULL);
		return false;
	}
	return allowed(w, u, manage);
}

/* The training's reading list (domain/guides.h) and, for those who manage
 * it, a choice of the documents of its unit and above to add. */
static void
training_readings_json(struct wreq *w, json_t *ctx, int64_t training, int64_t unit,
                       bool manage)
{
	struct guide_rec *g;
	size_t n;
	json_t *list = json_array(), *f;

	if (guide_readings(w->sys, w->r->arena, training, &g, &n) == SOD_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, json_pack("{s:I, s:s}", "id", (json_int_t)g[i].id,
			                                      "title", g[i].title));
	json_object_set_new(ctx, "readings", list);
	if (!manage || guide_list(w->sys, w->r->arena, unit, false, &g, &n) ||
	    n == 0)
		return;
	f = field_new(w, FIELD_SELECT, "guide", "training.reading_add");
	for (size_t i = 0; i < n; i++) {
		char id[24];

		snprintf(id, sizeof(id), "%lld", (long long)g[i].id);
		field_option(f, NULL, id, g[i].title);
	}
	json_object_set_new(ctx, "reading_field", f);
}

void
h_training(struct wreq *w)
{
	struct training_rec t;
	struct unit_rec u;
	bool manage = false;
	json_t *ctx;

	if (!training_of_path(w, &t, &u, false))
		return;
	network_can_manage(w->sys, &w->ses, u.id, &manage);
	ctx = page_ctx(w, "training.title");
	json_object_set_new(ctx, "training", json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I}",
	    "id", (json_int_t)t.id, "title", t.title, "held_on", t.held_on, "place", t.place,
	    "organiser", t.organiser, "hours", (json_int_t)t.hours, "attendees",
	    (json_int_t)t.attendees));
	json_object_set_new(ctx, "unit", json_pack("{s:s, s:s}", "code", u.code, "name",
	                    w->lang == LANG_TH ? u.name_th : u.name_en));
	json_object_set_new(ctx, "manage", json_boolean(manage));
	json_object_set_new(ctx, "cascade", training_cascade_json(w, t.id));
	training_readings_json(w, ctx, t.id, u.id, manage);
	if (manage) {
		/* The person picker: search by name, then pick (no ids to know). */
		const char *q = req_query(w->r, "q");
		json_t *found = picker_people(w, q, PICK_MAX);

		json_object_set_new(ctx, "pick", json_pack("{s:s, s:b, s:b, s:o}", "q", q ? q : "",
		    "searched", q != NULL && q[0] != '\0', "short", q != NULL && q[0] != '\0' &&
		    utf8_count(q, strlen(q)) < 2, "found", found));
	}
	page_render(w, 200, "training", ctx);
}

void
h_training_attend(struct wreq *w)
{
	struct training_rec t;
	struct unit_rec u;
	int64_t person;
	bool view, contacts;
	enum sod_err err;

	if (!training_of_path(w, &t, &u, true))
		return;
	if (!str_to_i64(slice_from(form_str(w, "person")), 1, INT64_MAX, &person) ||
	    person_access(w->sys, w->r->arena, &w->ses, person, &view, &contacts) || !view) {
		web_error(w, SOD_EINVAL, NULL, "person", "error.field.person_unknown");
		return;
	}
	err = network_attend_training(w->sys, t.id, person,
	                           strcmp(form_str(w, "multiplier"), "1") == 0);
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	web_done(w, arena_printf(w->r->arena, "/people/%lld", (long long)person) ?: "/", "attendance_saved");
}

/* ---- API ------------------------------------------------------------------------ */

void
h_api_unit_members(struct wreq *w)
{
	struct unit_rec u;
	struct member_row *m;
	size_t n;
	int64_t total, limit, offset, after;
	bool manage = false, more;
	json_t *items;
	enum sod_err err;

	if (!paging(w, &limit, &offset) || !member_cursor(w, &after) || !unit_of_path(w, &u) ||
	    !allowed(w, &u, false))
		return;
	/* One more than the page: whether a next page exists. */
	if ((err = network_can_manage(w->sys, &w->ses, u.id, &manage)) ||
	    (err = network_members(w->sys, w->r->arena, u.id, after, limit + 1, offset, &m, &n,
	                              &total))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	if ((more = (int64_t)n > limit))
		n = (size_t)limit;
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = person_json(w, &m[i].p, manage);

		json_object_set_new(o, "role", json_string(m[i].role));
		json_object_set_new(o, "joined_on", json_string(m[i].joined_on));
		json_array_append_new(items, o);
	}
	json_reply(w, 200, json_pack("{s:o, s:I, s:I, s:I, s:o}", "items", items, "total",
	                             (json_int_t)total, "limit", (json_int_t)limit, "offset",
	                             (json_int_t)offset, "next_cursor",
	                             more ? json_sprintf("%lld", (long long)m[n - 1].p.id)
	                                  : json_null()));
}
