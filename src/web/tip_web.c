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

json_t *
tipw_errors(struct wreq *w, const struct tip_errors *errs)
{
	json_t *list = json_array();

	for (size_t i = 0; i < errs->n; i++) {
		char key[64];

		snprintf(key, sizeof(key), "report.field.%s",
		         errs->e[i].field ? errs->e[i].field : "form");
		json_array_append_new(list, json_pack("{s:s, s:s}", "field",
		    i18n_get(w->lang, key), "message", i18n_get(w->lang, errs->e[i].key)));
	}
	return list;
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
