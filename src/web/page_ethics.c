/*
 * page_ethics.c — the ethics mission of a unit (domain/ethics.h): the page
 * /units/{code}/ethics (the code of conduct that holds, its versions, who
 * has and has not acknowledged the current one, the forms to publish a
 * version and to record acknowledgements one by one, ticked or for every
 * member at once, and the pledge ceremonies with their signatories), the
 * forms' targets, the XLSX/CSV exports, and the same in JSON under
 * /api/v1 (docs/api.md).
 */
#include "web/web.h"

#include <string.h>

#include "domain/ethics.h"
#include "domain/network.h"
#include "domain/unit.h"
#include "util/str.h"
#include "web/i18n.h"
#include "web/field.h"
#include "web/input.h"

#define STATUS_PAGE 200

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

static void
verr_reply(struct wreq *w, enum sod_err err, const struct verr *ve)
{
	if (err == SOD_EINVAL && ve->field)
		web_error(w, err, NULL, ve->field, ve->key);
	else if (err == SOD_ECONFLICT)
		web_error(w, err, "conduct_changed", "version", "conduct.changed");
	else
		web_error(w, err, NULL, NULL, NULL);
}

static const char *
path_of(struct wreq *w, const struct unit_rec *u)
{
	return arena_printf(w->r->arena, "/units/%s/ethics", u->code) ?: "/";
}

static json_t *
conduct_json(const struct conduct_rec *c)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)c->id,
	                 "version", (json_int_t)c->version, "unit", c->unit_code, "title",
	                 c->title, "body_th", c->body_th, "body_en", c->body_en,
	                 "published_on", c->published_on, "acknowledged", (json_int_t)c->acks);
}

/* show=all|acknowledged|waiting as the store's filter. */
static bool
show_arg(struct wreq *w, int *filter)
{
	const char *s = req_query(w->r, "show");

	*filter = 0;
	if (s == NULL || s[0] == '\0' || strcmp(s, "all") == 0)
		return true;
	if (strcmp(s, "acknowledged") == 0)
		*filter = 1;
	else if (strcmp(s, "waiting") == 0)
		*filter = 2;
	else
		return false;
	return true;
}

static json_t *
who_json(const struct conduct_who *x)
{
	return json_pack("{s:s, s:I, s:s, s:s, s:o}", "kind", x->kind, "id", (json_int_t)x->id,
	                 "name", x->name, "unit", x->unit_code, "acknowledged_on",
	                 x->acked_on[0] ? json_string(x->acked_on) : json_null());
}

/* The current code, the counts and one page of who has / has not. */
static enum sod_err
status_json(struct wreq *w, const struct unit_rec *u, int filter, int64_t limit,
            int64_t offset, json_t *out)
{
	struct conduct_rec c;
	struct conduct_counts k;
	struct conduct_who *who;
	size_t n;
	json_t *items;
	enum sod_err err = conduct_current(w->sys, w->r->arena, u->id, &c);

	if (err == SOD_ENOTFOUND) {
		json_object_set_new(out, "current", json_null());
		return SOD_OK;
	}
	if (err || (err = conduct_counts(w->sys, u->id, c.id, &k)) ||
	    (err = conduct_status(w->sys, w->r->arena, u->id, c.id, filter, limit,
	                                offset, &who, &n)))
		return err;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, who_json(&who[i]));
	json_object_set_new(out, "current", conduct_json(&c));
	json_object_set_new(out, "counts", json_pack("{s:I, s:I, s:I, s:I}", "members",
	    (json_int_t)k.people, "members_acknowledged", (json_int_t)k.people_acked, "staff",
	    (json_int_t)k.accounts, "staff_acknowledged", (json_int_t)k.accounts_acked));
	json_object_set_new(out, "waiting_members", json_integer(k.people - k.people_acked));
	json_object_set_new(out, "items", items);
	json_object_set_new(out, "total", json_integer(filter == 1 ? k.people_acked +
	    k.accounts_acked : filter == 2 ? k.people - k.people_acked + k.accounts -
	    k.accounts_acked : k.people + k.accounts));
	return SOD_OK;
}

static json_t *
versions_json(struct wreq *w, int64_t unit)
{
	struct conduct_rec *v;
	size_t n;
	json_t *list = json_array();

	if (conduct_versions(w->sys, w->r->arena, unit, &v, &n) == SOD_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, conduct_json(&v[i]));
	return list;
}

/* GET /api/v1/units/{code}/conduct?show=&limit=&offset= */
void
h_api_unit_conduct(struct wreq *w)
{
	struct unit_rec u;
	int64_t limit, offset;
	int filter;
	json_t *out;
	enum sod_err err;

	if (!unit_of_path(w, &u) || !paging(w, &limit, &offset))
		return;
	if (!show_arg(w, &filter)) {
		web_error(w, SOD_EINVAL, NULL, "show", "error.field.wrong_type");
		return;
	}
	out = json_object();
	if ((err = status_json(w, &u, filter, limit, offset, out))) {
		json_decref(out);
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	json_object_set_new(out, "versions", versions_json(w, u.id));
	json_reply(w, 200, out);
}

/* ---- pledges ------------------------------------------------------------------------ */

static json_t *
signer_json(const struct signer_rec *s)
{
	return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)s->id, "organisation",
	                 s->organisation, "signer", s->signer, "position", s->position);
}

static json_t *
pledges_json(struct wreq *w, int64_t unit)
{
	struct pledge_rec *p;
	size_t n;
	json_t *list = json_array();

	if (pledge_list(w->sys, w->r->arena, unit, &p, &n) != SOD_OK)
		return list;
	for (size_t i = 0; i < n; i++) {
		struct signer_rec *s;
		size_t ns;
		json_t *signers = json_array();

		if (pledge_signers(w->sys, w->r->arena, p[i].id, &s, &ns) == SOD_OK)
			for (size_t j = 0; j < ns; j++)
				json_array_append_new(signers, signer_json(&s[j]));
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:I, s:o}", "id",
		    (json_int_t)p[i].id, "title", p[i].title, "held_on", p[i].held_on, "unit",
		    p[i].unit_code, "count", (json_int_t)p[i].signers, "signatories", signers));
	}
	return list;
}

/* GET /api/v1/units/{code}/pledges */
void
h_api_unit_pledges(struct wreq *w)
{
	struct unit_rec u;

	if (!unit_of_path(w, &u))
		return;
	json_reply(w, 200, json_pack("{s:o}", "items", pledges_json(w, u.id)));
}

/* POST /activities/{id}/signatories, /api/v1/activities/{id}/signatories */
void
h_pledge_signer(struct wreq *w)
{
	struct input in;
	struct verr ve = {0};
	char *code;
	const char *org, *signer, *pos;
	int64_t activity, id;
	enum sod_err err;

	if (!str_to_i64(slice_from(w->r->captures[0]), 1, INT64_MAX, &activity)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return;
	}
	if (!input_open(w, &in))
		return;
	org = input_str(&in, "organisation");
	signer = input_str(&in, "signer");
	pos = input_str(&in, "position");
	if (org == NULL || signer == NULL || pos == NULL) {
		input_wrong(w, org == NULL ? "organisation" : signer == NULL ? "signer" : "position");
		input_close(&in);
		return;
	}
	err = pledge_signer_add(w->sys, w->r->arena, &w->ses, activity, org, signer, pos, &ve, &id);
	input_close(&in);
	if (err) {
		verr_reply(w, err, &ve);
		return;
	}
	if (w->route->api) {
		json_reply(w, 201, json_pack("{s:I}", "id", (json_int_t)id));
		return;
	}
	if (pledge_unit_code(w->sys, w->r->arena, activity, &code) != SOD_OK) {
		web_done(w, "/", "signer_added");
		return;
	}
	web_done(w, arena_printf(w->r->arena, "/units/%s/ethics#pledges", code) ?: "/",
	         "signer_added");
}

/* ---- the page ------------------------------------------------------------------------ */

/* The publish form's fields; after a refused POST (ve), what was typed
 * comes back with the message at its field. */
static json_t *
publish_fields(struct wreq *w, const struct verr *ve)
{
	static const struct { const char *name, *label; enum field_kind kind; bool req; int max; }
	defs[] = {
		{"title", "ethics.code_title", FIELD_TEXT, true, CONDUCT_TITLE_MAX},
		{"body_th", "ethics.body_th", FIELD_TEXTAREA, true, CONDUCT_BODY_MAX},
		{"body_en", "ethics.body_en", FIELD_TEXTAREA, false, CONDUCT_BODY_MAX},
	};
	json_t *f = json_object();

	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		json_t *x = field_new(w, defs[i].kind, defs[i].name, defs[i].label);

		field_set(x, defs[i].req, defs[i].max, NULL, NULL, "off");
		if (ve != NULL) {
			field_value(x, form_str(w, defs[i].name));
			if (ve->field && strcmp(ve->field, defs[i].name) == 0)
				field_error(w, x, ve->key);
		}
		json_object_set_new(f, defs[i].name, x);
	}
	return f;
}

/* The ethics page of u with status; ve: a refused publish form to show back. */
static void
ethics_page(struct wreq *w, const struct unit_rec *u0, int status, const struct verr *ve)
{
	struct unit_rec u = *u0;
	int64_t limit, offset;
	int filter;
	bool manage = false, in_subtree = false;
	json_t *ctx, *st, *f;
	enum sod_err err;

	if (!paging(w, &limit, &offset))
		return;
	if (!show_arg(w, &filter))
		filter = 0;
	st = json_object();
	if ((err = status_json(w, &u, filter, limit, offset, st)) ||
	    (err = ethics_can_manage(w->sys, &w->ses, u.id, &manage)) ||
	    (err = ethics_is_staff(w->sys, u.id, w->ses.account_id,
	                                    &in_subtree))) {
		json_decref(st);
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	{
		json_t *items = json_object_get(st, "items"), *x;
		size_t i;

		json_array_foreach(items, i, x) {
			bool person = strcmp(json_string_value(json_object_get(x, "kind")),
			                     "person") == 0;

			json_object_set_new(x, "kind_label", json_string(i18n_get(w->lang,
			    person ? "ethics.kind_member" : "ethics.kind_staff")));
			json_object_set_new(x, "tick", json_boolean(manage && person &&
			    json_is_null(json_object_get(x, "acknowledged_on"))));
		}
	}
	ctx = page_ctx(w, "ethics.title");
	json_object_set_new(ctx, "unit", json_pack("{s:s, s:s}", "code", u.code, "name",
	                    w->lang == LANG_EN && u.name_en[0] ? u.name_en : u.name_th));
	json_object_set_new(ctx, "status", st);
	json_object_set_new(ctx, "versions", versions_json(w, u.id));
	json_object_set_new(ctx, "pledges", pledges_json(w, u.id));
	json_object_set_new(ctx, "manage", json_boolean(manage));
	json_object_set_new(ctx, "show", json_string(filter == 1 ? "acknowledged"
	                    : filter == 2 ? "waiting" : "all"));
	json_object_set_new(ctx, "next", offset + limit < json_integer_value(
	    json_object_get(st, "total")) ? json_integer(offset + limit) : json_null());
	json_object_set_new(ctx, "prev", offset > 0 ? json_integer(offset > limit ?
	                    offset - limit : 0) : json_null());
	json_object_set_new(ctx, "limit", json_integer(limit));
	/* The signed-in account acknowledges for itself when it is staff of
	 * this subtree and has not yet done so. */
	json_object_set_new(ctx, "can_self", json_boolean(in_subtree));
	f = publish_fields(w, ve);
	json_object_set_new(ctx, "errors", field_errors(f));
	json_object_set_new(ctx, "f", f);
	page_render(w, status, "ethics", ctx);
}

void
h_unit_ethics(struct wreq *w)
{
	struct unit_rec u;

	if (unit_of_path(w, &u))
		ethics_page(w, &u, 200, NULL);
}

/* POST /units/{code}/conduct, /api/v1/units/{code}/conduct */
void
h_conduct_publish(struct wreq *w)
{
	struct unit_rec u;
	struct input in;
	struct verr ve = {0};
	const char *title, *th, *en;
	int64_t id;
	enum sod_err err;

	if (!unit_of_path(w, &u) || !input_open(w, &in))
		return;
	title = input_str(&in, "title");
	th = input_str(&in, "body_th");
	en = input_str(&in, "body_en");
	if (title == NULL || th == NULL || en == NULL) {
		input_wrong(w, title == NULL ? "title" : th == NULL ? "body_th" : "body_en");
		input_close(&in);
		return;
	}
	err = conduct_publish(w->sys, &w->ses, u.id, title, th, en, &ve, &id);
	input_close(&in);
	if (err == SOD_EINVAL && ve.field && !w->route->api) {
		ethics_page(w, &u, 400, &ve);   /* what was typed comes back */
		return;
	}
	if (err) {
		verr_reply(w, err, &ve);
		return;
	}
	if (w->route->api) {
		struct conduct_rec c;

		if (conduct_get(w->sys, w->r->arena, id, &c) == SOD_OK)
			json_reply(w, 201, conduct_json(&c));
		else
			json_reply(w, 201, json_pack("{s:I}", "id", (json_int_t)id));
		return;
	}
	web_done(w, path_of(w, &u), "conduct_published");
}

/* The person ids of a form (person=ID repeated) or of JSON "people". */
static bool
people_of(struct wreq *w, struct input *in, int64_t **ids_out, size_t *n_out)
{
	size_t cap = in->json ? json_array_size(json_object_get(in->json, "people"))
	                      : w->r->form.n;
	int64_t *ids = arena_alloc(w->r->arena, sizeof(*ids) * (cap + 1));
	size_t n = 0;

	if (ids == NULL || cap > CONDUCT_TICK_MAX)
		return false;
	if (in->json != NULL) {
		json_t *p = json_object_get(in->json, "people"), *v;
		size_t i;

		if (p != NULL && !json_is_array(p))
			return false;
		json_array_foreach(p, i, v) {
			if (!json_is_integer(v) || json_integer_value(v) < 1)
				return false;
			ids[n++] = json_integer_value(v);
		}
	} else {
		for (size_t i = 0; i < w->r->form.n; i++)
			if (strcmp(w->r->form.fields[i].name, "person") == 0 &&
			    !str_to_i64(slice_from(w->r->form.fields[i].value), 1, INT64_MAX,
			                &ids[n++]))
				return false;
	}
	*ids_out = ids;
	*n_out = n;
	return true;
}

/* The version asked for must be the current one: its id, else answered. */
static bool
current_code(struct wreq *w, const struct unit_rec *u, int64_t version, int64_t *id_out)
{
	struct conduct_rec c;
	enum sod_err err = conduct_current(w->sys, w->r->arena, u->id, &c);

	if (err) {
		web_error(w, err, NULL, NULL, err == SOD_ENOTFOUND ? "conduct.none" : NULL);
		return false;
	}
	if (c.version != version) {
		web_error(w, SOD_ECONFLICT, "conduct_changed", "version", "conduct.changed");
		return false;
	}
	*id_out = c.id;
	return true;
}

/* POST /units/{code}/conduct/acks, /api/v1/units/{code}/conduct/acks:
 * {"version", "people":[ids]} or {"version", "all":true, "count":N}. */
void
h_conduct_ack(struct wreq *w)
{
	struct unit_rec u;
	struct input in;
	struct verr ve = {0};
	int64_t version, code, count, waiting, added, *ids = NULL;
	size_t n = 0;
	bool all;
	enum sod_err err;

	if (!unit_of_path(w, &u) || !input_open(w, &in))
		return;
	if (in.json)
		all = json_is_true(json_object_get(in.json, "all"));
	else
		all = strcmp(form_str(w, "all"), "1") == 0;
	if (!input_int(&in, "version", 1, INT64_MAX, 0, &version) || version == 0 ||
	    !input_int(&in, "count", 0, INT64_MAX, -1, &count) || (all && count < 0) ||
	    (!all && !people_of(w, &in, &ids, &n))) {
		input_close(&in);
		input_wrong(w, version == 0 ? "version" : all ? "count" : "people");
		return;
	}
	input_close(&in);
	if (!current_code(w, &u, version, &code))
		return;
	if (all) {
		err = conduct_ack_all(w->sys, &w->ses, u.id, code, count, &waiting, &added);
		if (err == SOD_ECONFLICT) {
			char *msg = arena_printf(w->r->arena, "%s %lld",
			                         i18n_get(w->lang, "conduct.count_changed"),
			                         (long long)waiting);

			if (w->route->api)
				json_reply(w, 409, json_pack("{s:{s:s, s:s, s:s, s:I}}", "error", "code",
				           "count_changed", "message", msg ? msg : "", "field", "count",
				           "waiting", (json_int_t)waiting));
			else
				web_error(w, err, "count_changed", "count", "conduct.count_changed");
			return;
		}
	} else {
		err = conduct_ack_people(w->sys, &w->ses, u.id, code, ids, n, &ve);
		added = (int64_t)n;
	}
	if (err) {
		verr_reply(w, err, &ve);
		return;
	}
	if (w->route->api)
		json_reply(w, 200, json_pack("{s:I}", "recorded", (json_int_t)added));
	else
		web_done(w, path_of(w, &u), "conduct_acknowledged");
}

/* POST /units/{code}/conduct/ack-self, /api/v1/units/{code}/conduct/ack-self */
void
h_conduct_ack_self(struct wreq *w)
{
	struct unit_rec u;
	struct input in;
	int64_t version = 0, code;
	enum sod_err err;

	if (!unit_of_path(w, &u) || !input_open(w, &in))
		return;
	if (!input_int(&in, "version", 1, INT64_MAX, 0, &version) || version == 0) {
		input_close(&in);
		input_wrong(w, "version");
		return;
	}
	input_close(&in);
	if (!current_code(w, &u, version, &code))
		return;
	if ((err = conduct_ack_self(w->sys, &w->ses, u.id, code))) {
		web_error(w, err, NULL, NULL, err == SOD_EPERM ? "conduct.not_staff" : NULL);
		return;
	}
	if (w->route->api)
		json_reply(w, 200, json_pack("{s:I}", "recorded", (json_int_t)1));
	else
		web_done(w, path_of(w, &u), "conduct_acknowledged");
}

/* ---- exports ---------------------------------------------------------------------------- */

static bool
export_kind(struct wreq *w, const char *stem, bool *xlsx)
{
	const char *file = w->r->captures[1];
	size_t n = strlen(stem);

	if (strncmp(file, stem, n) != 0)
		return false;
	if (strcmp(file + n, ".xlsx") == 0)
		*xlsx = true;
	else if (strcmp(file + n, ".csv") == 0)
		*xlsx = false;
	else
		return false;
	return true;
}

static void
export_acks(struct wreq *w, const struct unit_rec *u, bool xlsx)
{
	static const char *const heads[] = {"kind", "name", "unit", "version", "acknowledged_on"};
	struct conduct_rec c;
	struct conduct_who *who;
	size_t n;
	const char **cells;
	enum sod_err err;

	if ((err = conduct_current(w->sys, w->r->arena, u->id, &c)) ||
	    (err = conduct_status(w->sys, w->r->arena, u->id, c.id, 0, 100000, 0,
	                                &who, &n))) {
		web_error(w, err, NULL, NULL, err == SOD_ENOTFOUND ? "conduct.none" : NULL);
		return;
	}
	if ((cells = arena_alloc(w->r->arena, sizeof(*cells) * 5 * (n + 1))) == NULL) {
		web_error(w, SOD_ENOMEM, NULL, NULL, NULL);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		cells[i * 5] = i18n_get(w->lang, strcmp(who[i].kind, "person") == 0
		                        ? "ethics.kind_member" : "ethics.kind_staff");
		cells[i * 5 + 1] = who[i].name;
		cells[i * 5 + 2] = who[i].unit_code;
		cells[i * 5 + 3] = arena_printf(w->r->arena, "%lld", (long long)c.version);
		cells[i * 5 + 4] = who[i].acked_on;
	}
	export_table(w, xlsx, xlsx ? "conduct-acknowledgements.xlsx"
	             : "conduct-acknowledgements.csv", 5, heads, cells, n);
}

static void
export_pledges(struct wreq *w, const struct unit_rec *u, bool xlsx)
{
	static const char *const heads[] = {"held_on", "ceremony", "organisation", "signer",
	                                    "position"};
	struct signer_rec *s;
	size_t n;
	const char **cells;
	enum sod_err err;

	if ((err = pledge_signers_of_unit(w->sys, w->r->arena, u->id, &s, &n))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	if ((cells = arena_alloc(w->r->arena, sizeof(*cells) * 5 * (n + 1))) == NULL) {
		web_error(w, SOD_ENOMEM, NULL, NULL, NULL);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		cells[i * 5] = s[i].held_on;
		cells[i * 5 + 1] = s[i].title;
		cells[i * 5 + 2] = s[i].organisation;
		cells[i * 5 + 3] = s[i].signer;
		cells[i * 5 + 4] = s[i].position;
	}
	export_table(w, xlsx, xlsx ? "pledge-signatories.xlsx" : "pledge-signatories.csv", 5,
	             heads, cells, n);
}

/* GET /units/{code}/ethics/{file}: acknowledgements.xlsx|csv, signatories.xlsx|csv */
void
h_ethics_export(struct wreq *w)
{
	struct unit_rec u;
	bool xlsx = false;

	if (!unit_of_path(w, &u))
		return;
	if (export_kind(w, "acknowledgements", &xlsx))
		export_acks(w, &u, xlsx);
	else if (export_kind(w, "signatories", &xlsx))
		export_pledges(w, &u, xlsx);
	else
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
}
