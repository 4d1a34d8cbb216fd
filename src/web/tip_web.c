/*
 * tip_web.c — what the tip pages share: a tip as JSON for pages and the
 * API, the category and province choices, the field errors of a tip
 * form, filing a tip with its evidence, and opening a tip for an officer
 * from the path.
 *
 * Used by page_report.c (the public form and the reporter), page_tips.c
 * (officers) and page_identity.c (the custodian). Nothing here keeps
 * state between requests.
 */
#include "web/tip_web.h"

#include <string.h>

#include "domain/geo.h"
#include "domain/tip_route.h"
#include "web/field.h"
#include "web/picker.h"
#include "util/str.h"
#include "web/i18n.h"

json_t *
tipw_categories(struct wreq *w, const char *sel)
{
	json_t *list = json_array();

	for (int c = 0; c < TIP_CATEGORY__MAX; c++) {
		const char *name = tip_category_name((enum tip_category)c);
		char key[64];

		snprintf(key, sizeof(key), "tip_category.%s", name);
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", name, "label",
		                      i18n_get(w->lang, key), "selected",
		                      sel != NULL && strcmp(sel, name) == 0));
	}
	return list;
}

json_t *
tipw_provinces(struct wreq *w, const char *sel)
{
	json_t *list = json_array();
	char code[12];

	for (int p = 10; p < 100; p++) {
		const char *name;

		snprintf(code, sizeof(code), "%02d", p);
		if ((name = geo_province(code, w->lang)) != NULL)
			json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", code,
			                      "label", name, "selected",
			                      sel != NULL && strcmp(sel, code) == 0));
	}
	return list;
}

static json_t *
messages_json(struct wreq *w, const struct tip_view *v)
{
	json_t *list = json_array();

	for (size_t i = 0; i < v->nmessages; i++)
		json_array_append_new(list, json_pack("{s:b, s:b, s:s, s:s, s:s}", "from_reporter",
		    v->messages[i].from_reporter, "internal", v->messages[i].internal, "author",
		    v->messages[i].author[0] ? v->messages[i].author : i18n_get(w->lang, "tip.officer"),
		    "body", v->messages[i].body, "on", v->messages[i].on));
	return list;
}

/* An ISO date as a page shows it (8 พ.ย. 2569); as given if not a date. */
static const char *
page_date(struct wreq *w, const char *iso)
{
	struct cdate d;
	char out[64];

	if (iso == NULL || !date_parse_iso(iso, strlen(iso), &d))
		return iso ? iso : "";
	date_format_cdate(out, sizeof(out), d, DATE_SHORT, w->lang, false);
	return arena_strdup(w->r->arena, out) ?: iso;
}

json_t *
tipw_json(struct wreq *w, const struct tip_view *v, bool full)
{
	char key[64];
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "id",
	    (json_int_t)v->rec.id, "unit", v->rec.unit_code, "category", v->rec.category,
	    "status", v->rec.status, "received_on", v->rec.received_on, "channel",
	    v->rec.channel, "identity_given", v->rec.has_identity, "readable", v->readable);

	snprintf(key, sizeof(key), "tip_category.%s", v->rec.category);
	json_object_set_new(o, "category_label", json_string(i18n_get(w->lang, key)));
	snprintf(key, sizeof(key), "tip_status.%s", v->rec.status);
	json_object_set_new(o, "status_label", json_string(i18n_get(w->lang, key)));
	json_object_set_new(o, "unit_name", json_string(w->lang == LANG_TH ? v->rec.unit_name_th
	                                                                  : v->rec.unit_name_en));
	json_object_set_new(o, "overdue", json_boolean(tip_ack_overdue(&v->rec)));
	if (!w->route->api)
		json_object_set_new(o, "received_label", json_string(page_date(w, v->rec.received_on)));
	if (v->rec.province_code) {
		json_object_set_new(o, "province", json_string(v->rec.province_code));
		json_object_set_new(o, "province_name",
		                    json_string(geo_province(v->rec.province_code, w->lang) ?: ""));
	}
	if (!v->readable)
		return o;
	json_object_set_new(o, "subject", json_string(v->subject));
	if (!full)
		return o;
	json_object_set_new(o, "description", json_string(v->description));
	json_object_set_new(o, "accused", json_string(v->accused));
	json_object_set_new(o, "district", json_string(v->district));
	json_object_set_new(o, "incident_date", json_string(v->incident_date));
	if (!w->route->api)
		json_object_set_new(o, "incident_label", json_string(page_date(w, v->incident_date)));
	if (v->has_amount)
		json_object_set_new(o, "amount_baht", json_string(arena_printf(w->r->arena,
		    "%lld.%02lld", (long long)(v->amount_satang / 100),
		    (long long)(v->amount_satang % 100)) ?: ""));
	json_object_set_new(o, "messages", messages_json(w, v));
	{
		json_t *tags = json_array();

		for (size_t i = 0; i < v->ntags; i++)
			json_array_append_new(tags, json_string(v->tags[i]));
		json_object_set_new(o, "tags", tags);
	}
	{
		json_t *files = json_array();

		for (size_t i = 0; i < v->nfiles; i++)
			json_array_append_new(files, json_pack("{s:I, s:s, s:s, s:I}", "id",
			    (json_int_t)v->files[i].id, "name", v->files[i].name, "type",
			    v->files[i].type, "size", (json_int_t)v->files[i].size));
		json_object_set_new(o, "files", files);
	}
	return o;
}

static const char *
unit_label(struct wreq *w, const struct unit_rec *u)
{
	return w->lang == LANG_EN && u->name_en && u->name_en[0] ? u->name_en : u->name_th;
}

/*
 * The reporter's choice of receiving unit: every unit that receives
 * public tips, under its parent's name (the ministries and offices under
 * "ministries and agencies", a ministry's province ACOCs under the
 * ministry), the blank choice being the root. Plain Thai names, no codes.
 */
static void
receiver_choices(struct wreq *w, json_t *f)
{
	struct unit_rec *u;
	size_t n;
	json_t *groups = json_object();

	field_blank(w, f, "report.unit_any");
	if (tip_route_receivers(w->sys, w->r->arena, &u, &n) != SOD_OK)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		const char *parent = u[i].parent_code;
		json_t *g;

		if (parent == NULL)
			continue;  /* the root is the blank choice */
		if ((g = json_object_get(groups, parent)) == NULL) {
			const char *label = i18n_get(w->lang, "report.unit_group_top");

			for (size_t k = 0; k < n; k++)
				if (u[k].parent_code != NULL && strcmp(u[k].code, parent) == 0)
					label = unit_label(w, &u[k]);
			g = field_group(f, label);
			json_object_set(groups, parent, g);
		}
		field_option(f, g, u[i].code, unit_label(w, &u[i]));
	}
	json_decref(groups);
}

static json_t *
tip_field(struct wreq *w, json_t *fields, enum field_kind kind, const char *name,
          const char *label_key)
{
	const struct form_field *typed = form_get(&w->r->form, name);
	json_t *f = field_new(w, kind, name, label_key);

	field_value(f, typed ? typed->value : "");
	json_object_set_new(fields, name, f);
	return f;
}

json_t *
tipw_form_fields(struct wreq *w, const struct tip_errors *errs, bool intake,
                 const char *const *channels, json_t **summary_out)
{
	json_t *fields = json_object(), *f, *summary;

	if (intake) {
		f = tip_field(w, fields, FIELD_SELECT, "channel", "intake.channel");
		for (const char *const *c = channels; c && *c; c++) {
			char key[64];

			snprintf(key, sizeof(key), "channel.%s", *c);
			field_option(f, NULL, *c, i18n_get(w->lang, key));
		}
		f = tip_field(w, fields, FIELD_SELECT, "unit", "intake.unit");
		field_hint(w, f, "intake.unit_hint");
		picker_units(w, f, ROLE_OFFICER, picker_tip_unit_kinds);
	} else {
		/* GET /report?to=CODE opens the form with that unit chosen. */
		f = tip_field(w, fields, FIELD_SELECT, "unit", "report.field.unit");
		if (form_get(&w->r->form, "unit") == NULL && req_query(w->r, "to") != NULL)
			field_value(f, req_query(w->r, "to"));
		field_hint(w, f, "report.unit_hint");
		receiver_choices(w, f);
	}
	f = tip_field(w, fields, FIELD_SELECT, "category", "report.field.category");
	field_set(f, true, 0, NULL, NULL, NULL);
	for (int c = 0; c < TIP_CATEGORY__MAX; c++) {
		const char *name = tip_category_name((enum tip_category)c);
		char key[64];

		snprintf(key, sizeof(key), "tip_category.%s", name);
		field_option(f, NULL, name, i18n_get(w->lang, key));
	}
	f = tip_field(w, fields, FIELD_TEXT, "subject", "report.field.subject");
	field_set(f, true, TIP_SUBJECT_MAX, NULL, NULL, "off");
	f = tip_field(w, fields, FIELD_TEXTAREA, "description", "report.field.description");
	field_set(f, true, TIP_DESCRIPTION_MAX, NULL, NULL, NULL);
	field_hint(w, f, "report.description_hint");
	f = tip_field(w, fields, FIELD_SELECT, "province", "report.field.province");
	field_blank(w, f, "form.none");
	picker_provinces(w, f);
	f = tip_field(w, fields, FIELD_SELECT, "district", "report.field.district");
	field_blank(w, f, "form.none");
	field_hint(w, f, "report.district_hint");
	picker_districts(w, f);
	f = tip_field(w, fields, FIELD_DATE, "incident_date", "report.field.incident_date");
	f = tip_field(w, fields, FIELD_TEXT, "amount_baht", "report.field.amount_baht");
	field_set(f, false, 20, NULL, "decimal", "off");
	f = tip_field(w, fields, FIELD_TEXT, "accused", "report.field.accused");
	field_set(f, false, TIP_ACCUSED_MAX, NULL, NULL, "off");
	f = tip_field(w, fields, FIELD_TEXT, "identity_name", "report.field.identity_name");
	field_set(f, false, TIP_NAME_MAX, NULL, NULL, "off");
	f = tip_field(w, fields, FIELD_TEXT, "identity_phone", "report.field.identity_phone");
	field_set(f, false, 20, "tel", "tel", "off");
	f = tip_field(w, fields, FIELD_TEXT, "identity_email", "report.field.identity_email");
	field_set(f, false, 254, "email", "email", "off");
	field_no_caps(f);

	/* Each error on its field; those of no field on the form (say, a
	 * unit named in a link) in the summary only. */
	summary = json_array();
	for (size_t i = 0; errs != NULL && i < errs->n; i++) {
		const char *name = errs->e[i].field ? errs->e[i].field : "form";
		json_t *on = json_object_get(fields, name);

		if (on != NULL && !json_is_string(json_object_get(on, "error"))) {
			field_error(w, on, errs->e[i].key);
			continue;
		}
		if (on == NULL) {
			char key[64];

			snprintf(key, sizeof(key), "report.field.%s", name);
			json_array_append_new(summary, json_pack("{s:n, s:s, s:s}", "id", "label",
			    i18n_get(w->lang, key), "message", i18n_get(w->lang, errs->e[i].key)));
		}
	}
	{
		json_t *linked = field_errors(fields);

		json_array_extend(linked, summary);
		json_decref(summary);
		*summary_out = linked;
	}
	return fields;
}

bool
tipw_file(struct wreq *w, struct tip_input *in, char receipt[17], tipw_render_fn render)
{
	int64_t id;
	enum sod_err err = tip_submit(w->sys, w->r->arena, in, w->uploads, w->nuploads,
	                              receipt, &id);

	if (err == SOD_OK)
		w->uploads_kept = true;
	else
		discard_uploads(w);
	if (err == SOD_ENOTFOUND) {
		struct tip_errors e = {1, {{"unit", "error.field.unit_unknown"}}};

		if (w->route->api)
			web_error(w, SOD_EINVAL, NULL, "unit", "error.field.unit_unknown");
		else
			render(w, 400, &e);
		return false;
	}
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return false;
	}
	return true;
}

bool
tipw_reader(struct wreq *w, struct tip_reader *r)
{
	enum sod_err err = tip_reader_open(w->sys, w->r->arena, &w->ses, w->token, r);

	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return false;
	}
	return true;
}

bool
tipw_open(struct wreq *w, struct tip_reader *r, struct tip_view *v)
{
	int64_t id;
	enum sod_err err;

	if (!str_to_i64(slice_from(w->r->captures[0]), 1, INT64_MAX, &id)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return false;
	}
	if (!tipw_reader(w, r))
		return false;
	if ((err = tip_open(w->sys, w->r->arena, r, id, v)) != SOD_OK) {
		/* Another unit's tip is not found, not forbidden: its existence
		 * is not for this reader to know. */
		web_error(w, err == SOD_EPERM ? SOD_ENOTFOUND : err, NULL, NULL, NULL);
		return false;
	}
	return true;
}
