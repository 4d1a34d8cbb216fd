/*
 * page_people.c — people: search, one person's page (memberships,
 * trainings, consent), their data exported on request and erased (PDPA),
 * linking a person to an account, and a member's own page (/me).
 */
#include "web/web.h"

#include <ctype.h>
#include <string.h>

#include "domain/network.h"
#include "domain/scope.h"
#include "util/str.h"
#include "web/i18n.h"

json_t *person_json(struct wreq *w, const struct person_rec *p, bool contacts);

/* The person of the first capture and what the session may do with them;
 * answers 404/403 itself. */
static bool
person_of_path(struct wreq *w, struct person_rec *p, bool *contacts, bool need_contacts)
{
	int64_t id;
	bool view = false;
	enum sod_err err;

	if (!str_to_i64(slice_from(w->r->captures[0]), 1, INT64_MAX, &id)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return false;
	}
	if ((err = person_access(w->sys, w->r->arena, &w->ses, id, &view, contacts)) ||
	    (err = network_person_get(w->sys, w->r->arena, id, p))) {
		web_error(w, err, NULL, NULL, NULL);
		return false;
	}
	if (!view || (need_contacts && !*contacts)) {
		web_error(w, SOD_EPERM, NULL, NULL, NULL);
		return false;
	}
	return true;
}

/* Memberships and trainings of a person, as JSON arrays. */
static enum sod_err
person_details(struct wreq *w, const struct person_rec *p, json_t *o)
{
	struct membership_rec *m;
	struct training_rec *t;
	size_t nm, nt;
	json_t *list;
	enum sod_err err;

	if ((err = network_memberships(w->sys, w->r->arena, p->id, &m, &nm)) ||
	    (err = network_training_history(w->sys, w->r->arena, p->id, &t, &nt)))
		return err;
	list = json_array();
	for (size_t i = 0; i < nm; i++) {
		char key[64];

		snprintf(key, sizeof(key), "member_role.%s", m[i].role);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s}", "unit",
		    m[i].unit_code, "unit_name", w->lang == LANG_TH ? m[i].unit_name_th
		                                                    : m[i].unit_name_en,
		    "role", m[i].role, "role_label", i18n_get(w->lang, key), "joined_on",
		    m[i].joined_on));
	}
	json_object_set_new(o, "memberships", list);
	list = json_array();
	for (size_t i = 0; i < nt; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:I, s:b}", "id",
		    (json_int_t)t[i].id, "title", t[i].title, "held_on", t[i].held_on, "hours",
		    (json_int_t)t[i].hours, "multiplier", t[i].multiplier));
	json_object_set_new(o, "trainings", list);
	return SOD_OK;
}

void
h_people(struct wreq *w)
{
	const char *q = req_query(w->r, "q");
	struct person_rec *items;
	size_t n = 0;
	int64_t total = 0, limit, offset;
	json_t *ctx, *list = json_array();
	char *needle;
	enum sod_err err;

	if (!paging(w, &limit, &offset)) {
		json_decref(list);
		return;
	}
	if (q != NULL && q[0] != '\0') {
		needle = arena_strdup(w->r->arena, q);
		for (char *c = needle; c && *c; c++)
			*c = (char)tolower((unsigned char)*c);
		err = scope_person_search(w->sys, w->r->arena, &w->ses, needle ? needle : "",
		                          limit, offset, &items, &n, &total);
		if (err) {
			json_decref(list);
			web_error(w, err, NULL, NULL, NULL);
			return;
		}
		/* Only the people this session may see. */
		for (size_t i = 0; i < n; i++) {
			bool view = false, contacts = false;

			if (person_access(w->sys, w->r->arena, &w->ses, items[i].id, &view,
			                  &contacts) == SOD_OK && view)
				json_array_append_new(list, person_json(w, &items[i], contacts));
		}
	}
	ctx = page_ctx(w, "people.title");
	json_object_set_new(ctx, "q", json_string(q ? q : ""));
	json_object_set_new(ctx, "searched", json_boolean(q && q[0]));
	json_object_set_new(ctx, "has_people", json_boolean(json_array_size(list) > 0));
	json_object_set_new(ctx, "people", list);
	page_render(w, 200, "people", ctx);
}

void
h_person(struct wreq *w)
{
	struct person_rec p;
	bool contacts = false;
	json_t *ctx, *o;
	enum sod_err err;

	if (!person_of_path(w, &p, &contacts, false))
		return;
	o = person_json(w, &p, contacts);
	if ((err = person_details(w, &p, o)) != SOD_OK) {
		json_decref(o);
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	ctx = page_ctx(w, "person.title");
	json_object_set_new(ctx, "person", o);
	json_object_set_new(ctx, "manage", json_boolean(contacts));
	json_object_set_new(ctx, "linked", json_boolean(p.account_id != 0));
	page_render(w, 200, "person", ctx);
}

void
h_person_export(struct wreq *w)
{
	struct person_rec p;
	bool contacts = false;
	char *cid = NULL;
	json_t *o;
	enum sod_err err;

	if (!person_of_path(w, &p, &contacts, true))
		return;
	/* The whole record needs rights on every unit of the person (scope-pdpa). */
	if ((err = scope_person_export(w->sys, w->r->arena, &w->ses, p.id)) != SOD_OK) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	o = person_json(w, &p, true);
	if ((err = person_details(w, &p, o)) ||
	    (err = person_citizen_id(w->sys, w->r->arena, &p, &cid))) {
		json_decref(o);
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	/* The export is the person's own data, whole: the citizen ID too. */
	if (cid != NULL)
		json_object_set_new(o, "citizen_id", json_string(cid));
	json_object_del(o, "has_citizen_id");
	req_add_header(w->r, "Content-Disposition",
	               arena_printf(w->r->arena, "attachment; filename=\"person-%lld.json\"",
	                            (long long)p.id) ?: "attachment");
	json_reply(w, 200, o);
}

void
h_person_erase(struct wreq *w)
{
	struct person_rec p;
	bool contacts = false;
	enum sod_err err;

	if (!person_of_path(w, &p, &contacts, true))
		return;
	if (strcmp(form_str(w, "confirm"), "1") != 0) {
		web_error(w, SOD_EINVAL, NULL, "confirm", "person.erase_confirm_needed");
		return;
	}
	if ((err = scope_person_erase(w->sys, w->r->arena, &w->ses, p.id)) != SOD_OK) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	web_done(w, "/people", "erased");
}

void
h_person_link(struct wreq *w)
{
	struct person_rec p;
	struct account_rec acc;
	bool contacts = false;
	enum sod_err err;

	if (!person_of_path(w, &p, &contacts, true))
		return;
	err = auth_account_find(w->sys, w->r->arena, form_str(w, "username"), &acc);
	if (err == SOD_ENOTFOUND) {
		web_error(w, SOD_EINVAL, NULL, "username", "error.field.user_unknown");
		return;
	}
	if (err || (err = person_link_account(w->sys, p.id, acc.id))) {
		web_error(w, err, NULL, err == SOD_ECONFLICT ? "username" : NULL,
		          err == SOD_ECONFLICT ? "person.account_taken" : NULL);
		return;
	}
	web_done(w, arena_printf(w->r->arena, "/people/%lld", (long long)p.id) ?: "/", "linked");
}

/* ---- a member's own page --------------------------------------------------------- */

static void
render_me(struct wreq *w, int status, const char *error_key, const char *field)
{
	struct person_rec p;
	struct announcement_rec *news;
	size_t nnews;
	json_t *ctx, *o, *list;
	enum sod_err err;

	ctx = page_ctx(w, "me.title");
	err = network_person_of_account(w->sys, w->r->arena, w->ses.account_id, &p);
	if (err == SOD_OK) {
		o = person_json(w, &p, true);
		if ((err = person_details(w, &p, o)) ||
		    (err = network_person_news(w->sys, w->r->arena, p.id, 20,
		                                          &news, &nnews))) {
			json_decref(o);
			json_decref(ctx);
			web_error(w, err, NULL, NULL, NULL);
			return;
		}
		list = json_array();
		for (size_t i = 0; i < nnews; i++) {
			char d[64];

			date_format(d, sizeof(d), news[i].created_at, DATE_SHORT, w->lang, false);
			json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "title",
			    news[i].title, "body", news[i].body, "date", d, "unit",
			    w->lang == LANG_TH ? news[i].unit_name_th : news[i].unit_name_en));
		}
		json_object_set_new(o, "announcements", list);
		json_object_set_new(o, "phone_raw", json_string(p.phone ? p.phone : ""));
		json_object_set_new(ctx, "person", o);
	} else if (err != SOD_ENOTFOUND) {
		json_decref(ctx);
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	if (error_key)
		json_object_set_new(ctx, "error", json_string(i18n_get(w->lang, error_key)));
	if (field)
		json_object_set_new(ctx, "error_field", json_string(field));
	if (req_query(w->r, "done"))
		json_object_set_new(ctx, "notice", json_string(i18n_get(w->lang, "network.saved")));
	page_render(w, status, "me", ctx);
}

void
h_me(struct wreq *w)
{
	render_me(w, 200, NULL, NULL);
}

void
h_me_contact(struct wreq *w)
{
	struct person_rec p;
	struct person_input in = {
		.phone = form_str(w, "phone"), .email = form_str(w, "email"),
		.line_id = form_str(w, "line_id"), .province = form_str(w, "province"),
		.district = form_str(w, "district"),
	};
	struct verr ve = {0};
	enum sod_err err;

	err = network_person_of_account(w->sys, w->r->arena, w->ses.account_id, &p);
	if (!err)
		err = person_set_contact(w->sys, w->r->arena, p.id, &in, &ve);
	if (err) {
		render_me(w, http_status_of(err), ve.key ? ve.key : "error.internal", ve.field);
		return;
	}
	req_redirect(w->r, "/me?done=1");
}

/* ---- API -------------------------------------------------------------------------- */

void
h_api_person(struct wreq *w)
{
	struct person_rec p;
	bool contacts = false;
	json_t *o;
	enum sod_err err;

	if (!person_of_path(w, &p, &contacts, false))
		return;
	o = person_json(w, &p, contacts);
	if ((err = person_details(w, &p, o)) != SOD_OK) {
		json_decref(o);
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	json_reply(w, 200, o);
}

void
h_api_people(struct wreq *w)
{
	const char *q = req_query(w->r, "q");
	struct person_rec *items;
	size_t n;
	int64_t total, limit, offset;
	json_t *list;
	char *needle;
	enum sod_err err;

	if (!paging(w, &limit, &offset))
		return;
	if (q == NULL || q[0] == '\0') {
		web_error(w, SOD_EINVAL, NULL, "q", "error.field.required");
		return;
	}
	needle = arena_strdup(w->r->arena, q);
	for (char *c = needle; c && *c; c++)
		*c = (char)tolower((unsigned char)*c);
	err = scope_person_search(w->sys, w->r->arena, &w->ses, needle ? needle : "", limit,
	                          offset, &items, &n, &total);
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++) {
		bool view = false, contacts = false;

		if (person_access(w->sys, w->r->arena, &w->ses, items[i].id, &view,
		                  &contacts) == SOD_OK && view)
			json_array_append_new(list, person_json(w, &items[i], contacts));
	}
	/* items and total: only the people this session may see (scope-search). */
	json_reply(w, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", list, "total",
	                             (json_int_t)total, "limit", (json_int_t)limit, "offset",
	                             (json_int_t)offset));
}
