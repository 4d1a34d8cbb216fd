/*
 * page_admin.c — administration of units and accounts (role admin), and
 * the unit endpoints of the JSON API.
 *
 * An administrator acts within the subtree where they hold the role
 * (domain/scope.h decides: creating a unit needs admin on its parent, an
 * account admin on the unit of its role, disabling one that every role of
 * the account is in the subtree); the account list shows only accounts
 * with a role in the subtree. Changes of the tree that need a supervisor's
 * confirmation are listed and decided here too (/admin/changes).
 */
#include "web/web.h"

#include <string.h>

#include <sodium.h>

#include "domain/network.h"
#include "domain/scope.h"
#include "domain/tip_route.h"
#include "domain/unit.h"
#include "util/str.h"
#include "web/field.h"
#include "web/i18n.h"
#include "web/picker.h"
#include "web/picker.h"

static json_t *
unit_json(struct wreq *w, const struct unit_rec *u)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I}", "code", u->code, "kind",
	                      u->kind, "name_th", u->name_th, "name_en", u->name_en,
	                      "children", (json_int_t)u->children);
	char key[64];

	snprintf(key, sizeof(key), "kind.%s", u->kind);
	json_object_set_new(o, "kind_label", json_string(i18n_get(w->lang, key)));
	json_object_set_new(o, "name", json_string(w->lang == LANG_TH ? u->name_th
	                                                            : u->name_en));
	json_object_set_new(o, "parent", u->parent_code ? json_string(u->parent_code)
	                                                : json_null());
	json_object_set_new(o, "province_code", u->province_code
	                    ? json_string(u->province_code) : json_null());
	json_object_set_new(o, "district_code", u->district_code
	                    ? json_string(u->district_code) : json_null());
	json_object_set_new(o, "closed", json_boolean(u->closed_at != 0));
	return o;
}

/* Previous/next links for a paged list. */
static void
pager(json_t *ctx, const char *base, int64_t limit, int64_t offset, int64_t total,
      struct arena *a)
{
	const char *sep = strchr(base, '?') ? "&" : "?";

	json_object_set_new(ctx, "total", json_integer(total));
	if (offset > 0)
		json_object_set_new(ctx, "prev_url", json_string(arena_printf(a,
		    "%s%soffset=%lld", base, sep,
		    (long long)(offset > limit ? offset - limit : 0)) ?: ""));
	if (offset + limit < total)
		json_object_set_new(ctx, "next_url", json_string(arena_printf(a,
		    "%s%soffset=%lld", base, sep, (long long)(offset + limit)) ?: ""));
}

/* The new unit form (field.h): what was typed back, the error on its
 * field, the province and district chosen by name, not typed as codes. */
static json_t *
unit_form_fields(struct wreq *w, json_t *values, const char *error_key, const char *bad)
{
	static const struct { const char *name, *label; enum field_kind kind; int max; } defs[] = {
		{"code", "units.code", FIELD_TEXT, 40},
		{"kind", "units.kind", FIELD_SELECT, 0},
		{"name_th", "units.name_th", FIELD_TEXT, 200},
		{"name_en", "units.name_en", FIELD_TEXT, 200},
		{"province", "units.province", FIELD_SELECT, 0},
		{"district", "units.district", FIELD_SELECT, 0},
	};
	json_t *fields = json_object();

	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		json_t *f = field_new(w, defs[i].kind, defs[i].name, defs[i].label);
		const char *v = json_string_value(json_object_get(values, defs[i].name));

		field_value(f, v ? v : "");
		if (defs[i].kind == FIELD_TEXT)
			field_set(f, true, defs[i].max, NULL, NULL, "off");
		if (strcmp(defs[i].name, "code") == 0) {
			field_hint(w, f, "units.code_hint");
			field_no_caps(f);
		} else if (strcmp(defs[i].name, "kind") == 0) {
			for (const char *const *k = unit_kinds; *k; k++)
				field_option(f, NULL, *k, i18n_get(w->lang,
				             arena_printf(w->r->arena, "kind.%s", *k) ?: ""));
		} else if (strcmp(defs[i].name, "province") == 0) {
			field_blank(w, f, "form.none");
			picker_provinces(w, f);
		} else if (strcmp(defs[i].name, "district") == 0) {
			field_blank(w, f, "form.none");
			picker_districts(w, f);
		}
		if (error_key != NULL && bad != NULL && strcmp(bad, defs[i].name) == 0)
			field_error(w, f, error_key);
		json_object_set_new(fields, defs[i].name, f);
	}
	return fields;
}

static void
render_units(struct wreq *w, int status, const char *parent_code, const char *error_key,
             const char *field, json_t *values)
{
	struct unit_rec parent, *items;
	size_t n;
	int64_t total, subtree, limit, offset;
	json_t *ctx, *list = json_array(), *trail = json_array();
	enum sod_err err;
	struct arena *a = w->r->arena;

	if (!paging(w, &limit, &offset)) {
		json_decref(list);
		json_decref(trail);
		json_decref(values);
		return;
	}
	err = unit_get(w->sys, a, parent_code, &parent, &subtree);
	if (!err)
		err = unit_list(w->sys, a, parent.code, NULL, limit, offset, &items, &n, &total);
	if (err) {
		json_decref(list);
		json_decref(trail);
		json_decref(values);
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, unit_json(w, &items[i]));
	/* The path from the root down to this unit. */
	for (struct unit_rec u = parent;;) {
		json_array_insert_new(trail, 0, unit_json(w, &u));
		if (u.parent_code == NULL || unit_get(w->sys, a, u.parent_code, &u, NULL))
			break;
	}
	ctx = page_ctx(w, "units.title");
	json_object_set_new(ctx, "parent", unit_json(w, &parent));
	json_object_set_new(ctx, "trail", trail);
	json_object_set_new(ctx, "has_units", json_boolean(n > 0));
	json_object_set_new(ctx, "units", list);
	pager(ctx, arena_printf(a, "/admin/units?parent=%s", parent.code) ?: "/admin/units",
	      limit, offset, total, a);
	if (error_key != NULL)
		json_object_set_new(ctx, "error", json_string(i18n_get(w->lang, error_key)));
	if (field != NULL)
		json_object_set_new(ctx, "error_field", json_string(field));
	json_object_set_new(ctx, "f", unit_form_fields(w, values, error_key, field));
	json_object_set_new(ctx, "form", values ? values : json_object());
	page_render(w, status, "admin_units", ctx);
}

void
h_admin_units(struct wreq *w)
{
	const char *parent = req_query(w->r, "parent");

	render_units(w, 200, parent ? parent : "", NULL, NULL, NULL);
}

void
h_admin_unit_create(struct wreq *w)
{
	struct unit_input in = {
		.code = form_str(w, "code"),
		.kind = form_str(w, "kind"),
		.name_th = form_str(w, "name_th"),
		.name_en = form_str(w, "name_en"),
		.parent_code = form_str(w, "parent"),
		.province_code = form_str(w, "province"),
		.district_code = form_str(w, "district"),
	};
	struct verr ve = {0};
	int64_t id;
	enum sod_err err;
	json_t *values;

	err = scope_unit_create(w->sys, w->r->arena, &w->ses, &in, &ve, &id);
	if (err == SOD_OK) {
		char *to = arena_printf(w->r->arena, "/admin/units?parent=%s", in.parent_code);

		web_done(w, to ? to : "/admin/units", "unit_created");
		return;
	}
	if (err == SOD_EPERM || (err == SOD_ENOTFOUND && ve.field != NULL &&
	                         strcmp(ve.field, "parent") == 0) ||
	    (err == SOD_EINVAL && ve.field != NULL && strcmp(ve.field, "parent") == 0)) {
		web_error(w, err, NULL, ve.field, ve.key);
		return;
	}
	values = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "code", in.code, "kind",
	                   in.kind, "name_th", in.name_th, "name_en", in.name_en,
	                   "province", in.province_code, "district", in.district_code);
	render_units(w, http_status_of(err), in.parent_code, ve.key ? ve.key : "error.internal",
	             ve.field, values);
}

static void
render_users(struct wreq *w, int status, const char *error_key, const char *field,
             json_t *values, const char *new_password)
{
	struct account_rec *items;
	size_t n;
	int64_t total, limit, offset;
	json_t *ctx, *list = json_array(), *roles = json_array();
	struct arena *a = w->r->arena;
	enum sod_err err = SOD_OK;

	if (!paging(w, &limit, &offset) ||
	    (err = scope_account_list(w->sys, a, &w->ses, limit, offset, &items, &n, &total))) {
		json_decref(list);
		json_decref(roles);
		json_decref(values);
		if (!w->r->answered)
			web_error(w, err, NULL, NULL, NULL);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct grant_rec *g;
		size_t ng;
		json_t *gl = json_array();

		if (auth_grants(w->sys, a, items[i].id, &g, &ng) == SOD_OK) {
			for (size_t k = 0; k < ng; k++) {
				char key[48];

				snprintf(key, sizeof(key), "role.%s", g[k].role);
				json_array_append_new(gl, json_pack("{s:s, s:s}", "role",
				    i18n_get(w->lang, key), "unit", g[k].unit_code));
			}
		}
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:b, s:b, s:o}",
		    "id", (json_int_t)items[i].id, "username", items[i].username,
		    "display_name", items[i].display_name, "disabled", items[i].disabled,
		    "totp", items[i].totp_enabled, "grants", gl));
	}
	for (int r = 0; r < ROLE__MAX; r++) {
		char key[48];
		const char *sel = values ? json_string_value(json_object_get(values, "role")) : NULL;

		snprintf(key, sizeof(key), "role.%s", role_name((enum role)r));
		json_array_append_new(roles, json_pack("{s:s, s:s, s:b}", "value",
		    role_name((enum role)r), "label", i18n_get(w->lang, key), "selected",
		    sel != NULL && strcmp(sel, role_name((enum role)r)) == 0));
	}
	ctx = page_ctx(w, "users.title");
	json_object_set_new(ctx, "accounts", list);
	json_object_set_new(ctx, "roles", roles);
	pager(ctx, "/admin/users", limit, offset, total, a);
	if (error_key != NULL)
		json_object_set_new(ctx, "error", json_string(i18n_get(w->lang, error_key)));
	if (field != NULL)
		json_object_set_new(ctx, "error_field", json_string(field));
	if (new_password != NULL)
		json_object_set_new(ctx, "new_password", json_string(new_password));
	json_object_set_new(ctx, "form", values ? values : json_object());
	page_render(w, status, "admin_users", ctx);
}

void
h_admin_users(struct wreq *w)
{
	render_users(w, 200, NULL, NULL, NULL, NULL);
}

void
h_admin_user_create(struct wreq *w)
{
	const char *username = form_str(w, "username");
	const char *name = form_str(w, "display_name");
	const char *role_s = form_str(w, "role");
	const char *unit_code = form_str(w, "unit");
	struct verr ve = {0};
	char password[17];
	enum role role;
	int64_t id;
	enum sod_err err;
	json_t *values = json_pack("{s:s, s:s, s:s, s:s}", "username", username,
	                           "display_name", name, "role", role_s, "unit", unit_code);

	if (!role_parse(role_s, &role)) {
		render_users(w, 400, "error.field.role", "role", values, NULL);
		return;
	}
	/* The first password is made here and shown once; the person changes
	 * it on their account page. */
	sec_random_password(password, 16);
	err = scope_account_create(w->sys, w->r->arena, &w->ses, username, name, password,
	                           role, unit_code, &ve, &id);
	if (err == SOD_EPERM) {
		sodium_memzero(password, sizeof(password));
		render_users(w, 403, "error.forbidden_unit", "unit", values, NULL);
		return;
	}
	if (err == SOD_ENOTFOUND && ve.field != NULL && strcmp(ve.field, "unit") == 0)
		err = SOD_EINVAL;
	if (err) {
		sodium_memzero(password, sizeof(password));
		render_users(w, http_status_of(err), ve.key ? ve.key : "error.internal",
		             ve.field, values, NULL);
		return;
	}
	json_decref(values);
	render_users(w, 201, "users.created", NULL, NULL, password);
	sodium_memzero(password, sizeof(password));
}

void
h_admin_user_disable(struct wreq *w)
{
	int64_t id;
	const char *v = form_str(w, "disabled");
	enum sod_err err;

	if (!str_to_i64(slice_from(w->r->captures[0]), 1, INT64_MAX, &id)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return;
	}
	err = scope_account_set_disabled(w->sys, w->r->arena, &w->ses, id, strcmp(v, "0") != 0);
	if (err == SOD_ECONFLICT) {
		web_error(w, SOD_ECONFLICT, "self", NULL, "users.not_self");
		return;
	}
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	web_done(w, "/admin/users", strcmp(v, "0") != 0 ? "user_disabled" : "user_enabled");
}

/* ---- API ------------------------------------------------------------------- */

void
h_api_units(struct wreq *w)
{
	const char *parent = req_query(w->r, "parent");
	const char *kind = req_query(w->r, "kind");
	struct unit_rec *items;
	size_t n;
	int64_t total, limit, offset;
	json_t *list;
	enum sod_err err;

	if (!paging(w, &limit, &offset))
		return;
	if (kind != NULL && kind[0] != '\0' && !unit_kind_valid(kind)) {
		web_error(w, SOD_EINVAL, NULL, "kind", "error.field.unit_kind");
		return;
	}
	err = unit_list(w->sys, w->r->arena, parent, kind, limit, offset, &items, &n, &total);
	if (err) {
		web_error(w, err, NULL, err == SOD_ENOTFOUND ? "parent" : NULL,
		          err == SOD_ENOTFOUND ? "error.field.parent_unknown" : NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, unit_json(w, &items[i]));
	json_reply(w, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", list, "total",
	                             (json_int_t)total, "limit", (json_int_t)limit,
	                             "offset", (json_int_t)offset));
}

void
h_api_unit(struct wreq *w)
{
	struct unit_rec u;
	int64_t subtree, direct, members, points;
	int said;
	bool receives;
	json_t *o;
	enum sod_err err = unit_get(w->sys, w->r->arena, w->r->captures[0], &u, &subtree);

	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	if ((err = unit_member_counts(w->sys, u.id, &direct, &members)) ||
	    (err = unit_point_count(w->sys, u.id, &points))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	if ((err = tip_route_unit(w->sys, w->r->arena, &u, &said, &receives))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	o = unit_json(w, &u);
	json_object_set_new(o, "receives_public_tips", json_boolean(receives));
	json_object_set_new(o, "counts", json_pack("{s:I, s:I, s:I, s:I, s:I}", "children",
	                    (json_int_t)u.children, "units_in_subtree", (json_int_t)subtree,
	                    "members", (json_int_t)direct, "members_in_subtree",
	                    (json_int_t)members, "monitoring_points", (json_int_t)points));
	json_reply(w, 200, o);
}

/* ---- changes of the tree waiting for a supervisor (domain/scope.h) -------- */

static json_t *
change_json(struct wreq *w, const struct unit_change_rec *c)
{
	char on[64];

	date_format(on, sizeof(on), c->requested_at, DATE_SHORT, w->lang, false);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s}",
	    "id", (json_int_t)c->id, "unit", c->unit_code, "unit_name",
	    w->lang == LANG_TH ? c->unit_name_th : c->unit_name_en, "kind", c->kind,
	    "parent", c->parent_code, "new_parent", c->new_parent_code,
	    "retention_days", (json_int_t)c->retention_days, "current_retention_days",
	    (json_int_t)c->current_retention, "requested_by", c->requested_by_name,
	    "requested_on", on, "status", c->status);
}

/* The pending changes this session may decide; answers errors itself. */
static json_t *
changes_json(struct wreq *w)
{
	struct unit_change_rec *items;
	size_t n;
	json_t *list;
	enum sod_err err = scope_unit_changes(w->sys, w->r->arena, &w->ses, &items, &n);

	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return NULL;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = change_json(w, &items[i]);

		json_object_set_new(o, "is_move", json_boolean(strcmp(items[i].kind, "move") == 0));
		json_array_append_new(list, o);
	}
	return list;
}

void
h_admin_changes(struct wreq *w)
{
	json_t *list = changes_json(w), *ctx;

	if (list == NULL)
		return;
	ctx = page_ctx(w, "changes.title");
	json_object_set_new(ctx, "has_changes", json_boolean(json_array_size(list) > 0));
	json_object_set_new(ctx, "changes", list);
	page_render(w, 200, "admin_changes", ctx);
}

void
h_api_unit_changes(struct wreq *w)
{
	json_t *list = changes_json(w);

	if (list != NULL)
		json_reply(w, 200, json_pack("{s:o}", "items", list));
}

void
h_admin_change_decide(struct wreq *w)
{
	int64_t id;
	const char *decision = NULL;
	enum sod_err err;

	if (w->route->api) {
		json_t *in = json_loadb(w->r->body, w->r->body_len, JSON_REJECT_DUPLICATES, NULL);

		decision = json_string_value(json_object_get(in, "decision"));
		decision = decision ? arena_strdup(w->r->arena, decision) : NULL;
		json_decref(in);
	} else {
		decision = form_str(w, "decision");
	}
	if (!str_to_i64(slice_from(w->r->captures[0]), 1, INT64_MAX, &id)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return;
	}
	if (decision == NULL ||
	    (strcmp(decision, "confirm") != 0 && strcmp(decision, "refuse") != 0)) {
		web_error(w, SOD_EINVAL, NULL, "decision", "error.field.decision");
		return;
	}
	err = scope_unit_change_decide(w->sys, w->r->arena, &w->ses, id,
	                               strcmp(decision, "confirm") == 0);
	if (err) {
		web_error(w, err, NULL, NULL, err == SOD_ECONFLICT ? "changes.decided" : NULL);
		return;
	}
	if (w->route->api)
		json_reply(w, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status",
		                             strcmp(decision, "confirm") == 0 ? "confirmed"
		                                                              : "refused"));
	else
		req_redirect(w->r, "/admin/changes");
}
