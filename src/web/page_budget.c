/*
 * page_budget.c — budget requests on the web (domain/budget.h): the JSON
 * API of CONTRACT.md (POST /api/v1/units/{code}/budget-requests,
 * POST /api/v1/budget-requests/{id}/decision) and around it the list,
 * one request, the spending report with receipt files (multipart: a
 * "report" part with the JSON and "file" parts, stored like tip evidence),
 * the unit's budget page with its forms, and the XLSX/CSV export of the
 * year's totals per unit and activity kind.
 */
#include "web/web.h"

#include <string.h>

#include "domain/auth.h"
#include "domain/budget.h"
#include "domain/results.h"
#include "domain/unit.h"
#include "text/amount.h"
#include "util/clock.h"
#include "util/str.h"
#include "web/field.h"
#include "web/i18n.h"
#include "web/web_input.h"

static const char *
baht(struct wreq *w, int64_t satang)
{
	char buf[40];

	amount_format(satang, buf, sizeof(buf));
	return arena_strdup(w->r->arena, buf) ?: "";
}

static void
budget_error(struct wreq *w, enum sod_err err, const struct verr *ve)
{
	if ((err == SOD_EINVAL || err == SOD_ECONFLICT) && ve != NULL && ve->field != NULL)
		web_error(w, err, NULL, ve->field, ve->key);
	else if (err == SOD_ECONFLICT)
		web_error(w, err, "already_decided", NULL, "error.budget.state");
	else
		web_error(w, err, NULL, NULL, NULL);
}

static json_t *
budget_json(struct wreq *w, const struct budget_rec *b)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s?, s:s, s:s, s:s, s:s, "
	                      "s:s?, s:s, s:s, s:s?, s:o?}",
	    "id", (json_int_t)b->id, "unit", b->unit_code, "parent", b->parent_code,
	    "title", b->title, "purpose", b->purpose, "activity_kind", b->activity_kind,
	    "fiscal_year", (json_int_t)b->fiscal_year, "planned_on", b->planned_on,
	    "status", b->status, "amount_baht", baht(w, b->amount_satang),
	    "approved_baht", baht(w, b->approved_satang), "decision_note", b->decision_note,
	    "decided_on", b->decided_on, "spent_baht", baht(w, b->spent_satang),
	    "report_note", b->report_note, "reported_on", b->reported_on,
	    "activity", b->activity_id > 0 ? json_integer(b->activity_id) : NULL);

	if (o != NULL)
		json_object_set_new(o, "amount_satang", json_integer(b->amount_satang));
	return o;
}

/* ---- asking ----------------------------------------------------------------------- */

/* "lines":[{"item","quantity","unit_price_baht"}] of the API; NULL field when fine. */
static const char *
lines_of(struct wreq *w, json_t *list, struct budget_line_rec **out, size_t *n, const char **key)
{
	struct budget_line_rec *l;

	*out = NULL;
	*n = 0;
	*key = "error.field.wrong_type";
	if (list == NULL || json_is_null(list))
		return NULL;
	if (!json_is_array(list))
		return "lines";
	if (json_array_size(list) > BUDGET_LINES_MAX) {
		*key = "error.budget.lines_many";
		return "lines";
	}
	if ((l = arena_zalloc(w->r->arena, (json_array_size(list) + 1) * sizeof(*l))) == NULL)
		return "lines";
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *x = json_array_get(list, i);
		struct web_input in = {.w = w, .json = x};
		const char *k = NULL;

		if (!json_is_object(x))
			return "lines";
		l[i].item = (char *)web_in_str(&in, "item");
		if (!web_in_int(&in, "quantity", 1, BUDGET_QTY_MAX, &l[i].quantity) ||
		    !web_in_amount(&in, "unit_price_baht", BUDGET_MAX_SATANG, &l[i].unit_price_satang,
		                   &k) || in.bad != NULL || l[i].item == NULL) {
			*key = k ? k : in.bad ? "error.field.wrong_type" : "error.budget.line";
			return "lines";
		}
	}
	*out = l;
	*n = json_array_size(list);
	return NULL;
}

void
h_budget_create(struct wreq *w)
{
	struct web_input in;
	struct budget_input b = {0};
	const char *unit = w->r->captures[0], *key = NULL, *bad_field;
	struct verr ve = {0};
	int64_t id;
	enum sod_err err;

	if (!web_input_begin(w, &in, NULL))
		return;
	b.title = web_in_str(&in, "title");
	b.purpose = web_in_str(&in, "purpose");
	b.activity_kind = web_in_str(&in, "activity_kind");
	b.planned_on = w->route->api ? web_in_str(&in, "planned_on") : form_date(w, "planned_on");
	web_in_int(&in, "fiscal_year", 2400, 2800, &b.fiscal_year);
	if (!web_in_amount(&in, "amount_baht", BUDGET_MAX_SATANG, &b.amount_satang, &key) &&
	    in.bad == NULL) {
		web_input_end(&in);
		web_error(w, SOD_EINVAL, NULL, "amount_baht", key ? key : "error.field.required");
		return;
	}
	bad_field = in.json ? lines_of(w, json_object_get(in.json, "lines"),
	                               (struct budget_line_rec **)&b.lines, &b.nlines, &key) : NULL;
	web_input_end(&in);
	if (web_in_refuse_bad(&in))
		return;
	if (bad_field != NULL) {
		web_error(w, SOD_EINVAL, NULL, bad_field, key);
		return;
	}
	err = budget_request_create(w->sys, w->r->arena, &w->ses, unit, &b, &ve, &id);
	if (err) {
		budget_error(w, err, &ve);
		return;
	}
	if (w->route->api)
		json_reply(w, 201, json_pack("{s:I}", "id", (json_int_t)id));
	else
		web_done(w, arena_printf(w->r->arena, "/units/%s/budget", unit) ?: "/", "budget_requested");
}

/* ---- deciding and reporting ----------------------------------------------------- */

/* Where a page form goes back to: the budget page of the request's parent. */
static void
back_to_page(struct wreq *w, int64_t id, const char *what)
{
	struct budget_rec b;
	struct budget_line_rec *l;
	struct budget_receipt_view *r;
	size_t nl, nr;
	const char *unit = "";

	if (budget_get(w->sys, w->r->arena, &w->ses, id, &b, &l, &nl, &r, &nr) == SOD_OK)
		unit = b.unit_code;
	web_done(w, arena_printf(w->r->arena, "/units/%s/budget", unit) ?: "/", what);
}

void
h_budget_decide(struct wreq *w)
{
	struct web_input in;
	const char *decision, *note, *key = NULL;
	int64_t id, amount = 0;
	bool has_amount;
	struct verr ve = {0};
	enum sod_err err;

	if (!web_path_id(w, &id) || !web_input_begin(w, &in, NULL))
		return;
	decision = web_in_str(&in, "decision");
	note = web_in_str(&in, "note");
	has_amount = web_in_amount(&in, "amount_baht", BUDGET_MAX_SATANG, &amount, &key);
	web_input_end(&in);
	if (web_in_refuse_bad(&in))
		return;
	if (!has_amount && key != NULL) {
		web_error(w, SOD_EINVAL, NULL, "amount_baht", key);
		return;
	}
	err = budget_decide(w->sys, w->r->arena, &w->ses, id, decision, has_amount, amount, note,
	                    &ve);
	if (err) {
		budget_error(w, err, &ve);
		return;
	}
	if (w->route->api)
		json_reply(w, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", decision));
	else
		back_to_page(w, id, "budget_decided");
}

void
h_budget_report(struct wreq *w)
{
	struct web_input in;
	const char *note, *key = NULL;
	int64_t id, spent = 0, activity = 0;
	struct verr ve = {0};
	enum sod_err err;

	if (!web_path_id(w, &id) || !web_input_begin(w, &in, "report")) {
		discard_uploads(w);
		return;
	}
	note = web_in_str(&in, "note");
	web_in_int(&in, "activity", 1, INT64_MAX, &activity);
	if (!web_in_amount(&in, "spent_baht", BUDGET_MAX_SATANG, &spent, &key) && in.bad == NULL) {
		web_input_end(&in);
		discard_uploads(w);
		web_error(w, SOD_EINVAL, NULL, "spent_baht", key ? key : "error.field.required");
		return;
	}
	web_input_end(&in);
	if (web_in_refuse_bad(&in)) {
		discard_uploads(w);
		return;
	}
	err = budget_report(w->sys, w->r->arena, &w->ses, id, spent, note, activity, w->uploads,
	                    w->nuploads, &ve);
	if (err) {
		discard_uploads(w);
		budget_error(w, err, &ve);
		return;
	}
	w->uploads_kept = true;
	if (w->route->api)
		json_reply(w, 200, json_pack("{s:I, s:I}", "id", (json_int_t)id, "receipts",
		                             (json_int_t)w->nuploads));
	else
		back_to_page(w, id, "budget_reported");
}

/* ---- reading ------------------------------------------------------------------------ */

void
h_budget_get(struct wreq *w)
{
	struct budget_rec b;
	struct budget_line_rec *l;
	struct budget_receipt_view *r;
	size_t nl, nr;
	int64_t id;
	json_t *o, *lines, *receipts;
	enum sod_err err;

	if (!web_path_id(w, &id))
		return;
	err = budget_get(w->sys, w->r->arena, &w->ses, id, &b, &l, &nl, &r, &nr);
	if (err) {
		budget_error(w, err, NULL);
		return;
	}
	o = budget_json(w, &b);
	lines = json_array();
	for (size_t i = 0; i < nl; i++)
		json_array_append_new(lines, json_pack("{s:s, s:I, s:s}", "item", l[i].item,
		    "quantity", (json_int_t)l[i].quantity, "unit_price_baht",
		    baht(w, l[i].unit_price_satang)));
	receipts = json_array();
	for (size_t i = 0; i < nr; i++)
		json_array_append_new(receipts, json_pack("{s:I, s:s, s:s, s:I}", "n", (json_int_t)r[i].n,
		    "name", r[i].name, "type", r[i].type, "size", (json_int_t)r[i].size));
	json_object_set_new(o, "lines", lines);
	json_object_set_new(o, "receipts", receipts);
	json_reply(w, 200, o);
}

static bool
year_arg(struct wreq *w, int64_t *year, bool zero_ok)
{
	const char *y = req_query(w->r, "year");

	*year = zero_ok ? 0 : fiscal_year_be(date_of_unix(sod_now()));
	if (y == NULL || y[0] == '\0')
		return true;
	if (!str_to_i64(slice_from(y), 2400, 2800, year)) {
		web_error(w, SOD_EINVAL, NULL, "year", "error.field.year");
		return false;
	}
	return true;
}

static json_t *
totals_json(struct wreq *w, const struct budget_total_rec *t, size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++) {
		char key[64];

		snprintf(key, sizeof(key), "activity_kind.%s", t[i].activity_kind);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s}",
		    "unit", t[i].unit_code, "activity_kind", t[i].activity_kind, "kind_label",
		    i18n_get(w->lang, key), "requests", (json_int_t)t[i].requests,
		    "requested_baht", baht(w, t[i].requested_satang), "approved_baht",
		    baht(w, t[i].approved_satang), "spent_baht", baht(w, t[i].spent_satang)));
	}
	return list;
}

void
h_budget_list(struct wreq *w)
{
	struct budget_rec *items;
	struct budget_total_rec *t;
	size_t n, nt;
	int64_t year;
	json_t *list;
	enum sod_err err;

	if (!year_arg(w, &year, true))
		return;
	err = budget_list(w->sys, w->r->arena, &w->ses, w->r->captures[0], year, &items, &n);
	if (!err && year != 0)
		err = budget_totals(w->sys, w->r->arena, &w->ses, w->r->captures[0], year, &t, &nt);
	if (err) {
		budget_error(w, err, NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, budget_json(w, &items[i]));
	json_reply(w, 200, json_pack("{s:o, s:o}", "items", list, "totals",
	                             year != 0 ? totals_json(w, t, nt) : json_array()));
}

enum { BX_UNIT, BX_KIND, BX_REQUESTS, BX_REQUESTED, BX_APPROVED, BX_SPENT, BX__MAX };

void
h_budget_xlsx(struct wreq *w)
{
	static const char *const keys[BX__MAX] = {"budget.col.unit", "budget.col.kind",
	    "budget.col.requests", "budget.col.requested", "budget.col.approved",
	    "budget.col.spent"};
	const char *head[BX__MAX], **cells;
	struct budget_total_rec *t;
	size_t n;
	int64_t year;
	char *name;
	enum sod_err err;

	if (!year_arg(w, &year, false))
		return;
	err = budget_totals(w->sys, w->r->arena, &w->ses, w->r->captures[0], year, &t, &n);
	if (err) {
		budget_error(w, err, NULL);
		return;
	}
	for (size_t c = 0; c < BX__MAX; c++)
		head[c] = i18n_get(w->lang, keys[c]);
	if ((cells = arena_zalloc(w->r->arena, (n + 1) * BX__MAX * sizeof(*cells))) == NULL) {
		web_error(w, SOD_ENOMEM, NULL, NULL, NULL);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char **row = cells + i * BX__MAX;
		char key[64];

		snprintf(key, sizeof(key), "activity_kind.%s", t[i].activity_kind);
		row[BX_UNIT] = t[i].unit_code;
		row[BX_KIND] = i18n_get(w->lang, key);
		row[BX_REQUESTS] = arena_printf(w->r->arena, "%lld", (long long)t[i].requests);
		row[BX_REQUESTED] = baht(w, t[i].requested_satang);
		row[BX_APPROVED] = baht(w, t[i].approved_satang);
		row[BX_SPENT] = baht(w, t[i].spent_satang);
	}
	name = arena_printf(w->r->arena, "budget-%s-%lld.xlsx", w->r->captures[0], (long long)year);
	export_table(w, true, name ? name : "budget.xlsx", BX__MAX, head, cells, n);
}

/* ---- the unit's budget page ------------------------------------------------------ */

static json_t *
request_form(struct wreq *w)
{
	json_t *fields = json_object(), *f;

	f = field_new(w, FIELD_TEXT, "title", "budget.field.title");
	field_set(f, true, BUDGET_TITLE_MAX, NULL, NULL, "off");
	json_object_set_new(fields, "title", f);
	f = field_new(w, FIELD_TEXTAREA, "purpose", "budget.field.purpose");
	field_set(f, true, BUDGET_PURPOSE_MAX, NULL, NULL, NULL);
	json_object_set_new(fields, "purpose", f);
	f = field_new(w, FIELD_SELECT, "activity_kind", "budget.field.activity_kind");
	field_set(f, true, 0, NULL, NULL, NULL);
	for (size_t i = 0; activity_kinds[i] != NULL; i++) {
		char key[64];

		snprintf(key, sizeof(key), "activity_kind.%s", activity_kinds[i]);
		field_option(f, NULL, activity_kinds[i], i18n_get(w->lang, key));
	}
	json_object_set_new(fields, "activity_kind", f);
	f = field_new(w, FIELD_TEXT, "amount_baht", "budget.field.amount");
	field_set(f, true, 30, NULL, "decimal", "off");
	field_hint(w, f, "budget.amount_hint");
	json_object_set_new(fields, "amount_baht", f);
	f = field_new(w, FIELD_TEXT, "fiscal_year", "budget.field.fiscal_year");
	field_set(f, false, 4, NULL, "numeric", "off");
	field_value(f, arena_printf(w->r->arena, "%d", fiscal_year_be(date_of_unix(sod_now()))));
	json_object_set_new(fields, "fiscal_year", f);
	f = field_new(w, FIELD_DATE, "planned_on", "budget.field.planned_on");
	json_object_set_new(fields, "planned_on", f);
	return fields;
}

/* The spending report's fields: the amount, a note, the activity it paid
 * for (the requesting unit's activities of the request's year), receipts. */
static json_t *
report_form(struct wreq *w, const struct budget_rec *b)
{
	json_t *fields = json_object(), *f;
	struct activity_rec *acts;
	size_t n = 0;

	f = field_new(w, FIELD_TEXT, "spent_baht", "budget.field.spent");
	field_set_id(f, arena_printf(w->r->arena, "spent-%lld", (long long)b->id));
	field_set(f, true, 30, NULL, "decimal", "off");
	json_object_set_new(fields, "spent", f);
	f = field_new(w, FIELD_TEXTAREA, "note", "budget.field.report_note");
	field_set_id(f, arena_printf(w->r->arena, "report-note-%lld", (long long)b->id));
	json_object_set_new(fields, "note", f);
	f = field_new(w, FIELD_SELECT, "activity", "budget.field.activity");
	field_set_id(f, arena_printf(w->r->arena, "activity-%lld", (long long)b->id));
	field_blank(w, f, "form.none");
	if (results_activities(w->sys, w->r->arena, b->unit_id, (int)b->fiscal_year, 0, 200, &acts,
	                       &n) == SOD_OK)
		for (size_t i = 0; i < n; i++)
			field_option(f, NULL, arena_printf(w->r->arena, "%lld", (long long)acts[i].id),
			             arena_printf(w->r->arena, "%s · %s", web_day_label(w, acts[i].held_on),
			                          acts[i].title));
	json_object_set_new(fields, "activity", f);
	json_object_set_new(fields, "files_id", json_string(arena_printf(w->r->arena, "file-%lld",
	                                                                 (long long)b->id)));
	return fields;
}

static json_t *
page_item(struct wreq *w, const struct budget_rec *b, bool may_report)
{
	json_t *o = budget_json(w, b);
	bool decide = false;
	char key[64];

	snprintf(key, sizeof(key), "activity_kind.%s", b->activity_kind);
	json_object_set_new(o, "kind_label", json_string(i18n_get(w->lang, key)));
	snprintf(key, sizeof(key), "budget.status.%s", b->status);
	json_object_set_new(o, "status_label", json_string(i18n_get(w->lang, key)));
	if (strcmp(b->status, "pending") == 0 &&
	    auth_can(w->sys, &w->ses, ROLE_SUPERVISOR, b->parent_id, &decide) == SOD_OK && decide) {
		json_t *f = field_new(w, FIELD_SELECT, "decision", "budget.field.decision");

		field_set_id(f, arena_printf(w->r->arena, "decision-%lld", (long long)b->id));
		for (size_t i = 0; budget_decisions[i] != NULL; i++) {
			snprintf(key, sizeof(key), "budget.status.%s", budget_decisions[i]);
			field_option(f, NULL, budget_decisions[i], i18n_get(w->lang, key));
		}
		json_object_set_new(o, "f_decision", f);
		f = field_new(w, FIELD_TEXT, "amount_baht", "budget.field.approved_amount");
		field_set_id(f, arena_printf(w->r->arena, "amount-%lld", (long long)b->id));
		field_set(f, false, 30, NULL, "decimal", "off");
		field_hint(w, f, "budget.approved_hint");
		json_object_set_new(o, "f_amount", f);
		f = field_new(w, FIELD_TEXTAREA, "note", "budget.field.note");
		field_set_id(f, arena_printf(w->r->arena, "note-%lld", (long long)b->id));
		field_hint(w, f, "budget.note_hint");
		json_object_set_new(o, "f_note", f);
		json_object_set_new(o, "can_decide", json_true());
	}
	if (may_report && b->reported_on == NULL &&
	    (strcmp(b->status, "approved") == 0 || strcmp(b->status, "partly") == 0))
		json_object_set_new(o, "report", report_form(w, b));
	return o;
}

void
h_budget_page(struct wreq *w)
{
	struct unit_rec u;
	struct budget_rec *items;
	struct budget_total_rec *t;
	size_t n, nt;
	int64_t year;
	bool may_ask = false, sup = false;
	json_t *ctx, *list;
	enum sod_err err;

	if (!year_arg(w, &year, false))
		return;
	err = budget_list(w->sys, w->r->arena, &w->ses, w->r->captures[0], year, &items, &n);
	if (!err)
		err = budget_totals(w->sys, w->r->arena, &w->ses, w->r->captures[0], year, &t, &nt);
	if (!err)
		err = unit_get(w->sys, w->r->arena, w->r->captures[0], &u, NULL);
	if (err) {
		budget_error(w, err, NULL);
		return;
	}
	if (u.parent_id != 0 &&
	    auth_can(w->sys, &w->ses, ROLE_COORDINATOR, u.id, &may_ask) == SOD_OK && !may_ask)
		auth_can(w->sys, &w->ses, ROLE_SUPERVISOR, u.id, &sup);
	list = json_array();
	for (size_t i = 0; i < n; i++)
	{
		bool may_report = false;
		static const enum role who[] = {ROLE_COORDINATOR, ROLE_SUPERVISOR};

		if (auth_can_any(w->sys, &w->ses, who, 2, items[i].unit_id, &may_report) != SOD_OK)
			may_report = false;
		json_array_append_new(list, page_item(w, &items[i], may_report));
	}
	ctx = page_ctx(w, "budget.title");
	json_object_set_new(ctx, "unit", json_pack("{s:s, s:s}", "code", u.code, "name",
	                    w->lang == LANG_TH ? u.name_th : u.name_en));
	json_object_set_new(ctx, "year", json_integer(year));
	json_object_set_new(ctx, "items", list);
	json_object_set_new(ctx, "has_items", json_boolean(n > 0));
	json_object_set_new(ctx, "totals", totals_json(w, t, nt));
	json_object_set_new(ctx, "has_totals", json_boolean(nt > 0));
	if (may_ask || sup)
		json_object_set_new(ctx, "f", request_form(w));
	page_render(w, 200, "budget", ctx);
}
