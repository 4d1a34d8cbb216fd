/*
 * page_remind.c — one's reminder settings (a section of the account page,
 * and /api/v1/me/reminders), and a unit's webhook: its URL, the secret
 * shown once, the delivery log and a "send a test event" button (page
 * /units/{code}/webhook and /api/v1/units/{code}/webhook…). The rules are
 * in domain/remind.h and domain/webhook.h.
 */
#include "web/web.h"

#include <string.h>

#include <sodium.h>

#include "domain/remind.h"
#include "domain/unit.h"
#include "domain/webhook.h"
#include "web/i18n.h"

#define EMAIL_MAX 254

/* ---- reminder settings --------------------------------------------------------- */

static json_t *
settings_json(struct wreq *w, const struct remind_settings_rec *r)
{
	json_t *kinds = json_array();

	for (size_t i = 0; i < remind_nsources; i++)
		if (remind_kinds_has(r->kinds, remind_sources[i].name))
			json_array_append_new(kinds, json_string(remind_sources[i].name));
	return json_pack("{s:b, s:o, s:s?, s:s?, s:s, s:b}", "enabled", r->enabled, "kinds", kinds,
	                 "email", r->email, "person_email", r->person_email, "lang", r->lang,
	                 "smtp", mail_enabled(&w->sys->mail));
}

/* The settings as the account page shows them (ctx "reminders"). */
void
remind_settings_ctx(struct wreq *w, json_t *ctx)
{
	struct remind_settings_rec r;
	json_t *o, *kinds = json_array();

	if (store_remind_settings_get(w->sys->store, w->r->arena, w->ses.account_id, &r)) {
		json_decref(kinds);
		return;
	}
	for (size_t i = 0; i < remind_nsources; i++) {
		char key[64];

		snprintf(key, sizeof(key), "remind.kind.%s", remind_sources[i].name);
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:b}", "name",
		    remind_sources[i].name, "label", i18n_get(w->lang, key), "on",
		    r.enabled && remind_kinds_has(r.kinds, remind_sources[i].name)));
	}
	o = settings_json(w, &r);
	json_object_set_new(o, "kind_list", kinds);
	json_object_set_new(o, "lang_th", json_boolean(strcmp(r.lang, "en") != 0));
	json_object_set_new(ctx, "reminders", o);
}

/* Save what came in (enabled, kinds joined by commas, email, lang). */
static enum sod_err
save(struct wreq *w, bool enabled, const char *kinds, const char *email, const char *lang,
     struct verr *ve)
{
	if (strlen(email) > EMAIL_MAX) {
		*ve = (struct verr){"email", "error.field.email"};
		return SOD_EINVAL;
	}
	return remind_settings_save(w->sys, w->ses.account_id, enabled, kinds, email, lang, ve);
}

void
h_account_reminders(struct wreq *w)
{
	char kinds[256] = "";
	size_t used = 0, ticked = 0;
	struct verr ve = {0};
	enum sod_err err;

	for (size_t i = 0; i < remind_nsources; i++) {
		char field[64];
		const char *name = remind_sources[i].name;

		snprintf(field, sizeof(field), "kind_%s", name);
		if (form_get(&w->r->form, field) == NULL)
			continue;
		used += (size_t)snprintf(kinds + used, sizeof(kinds) - used, "%s%s",
		                         used ? "," : "", name);
		ticked++;
	}
	/* Every kind ticked is kept as "" (all, and any added later); none
	 * ticked turns the digest off. */
	if (ticked == remind_nsources)
		kinds[0] = '\0';
	err = save(w, form_get(&w->r->form, "enabled") != NULL && ticked > 0, kinds,
	           form_str(w, "email"), form_str(w, "lang"), &ve);
	if (err == SOD_EINVAL) {
		account_page_error(w, 400, ve.key, ve.field);
		return;
	}
	if (err) {
		web_error(w, err, NULL, ve.field, ve.key);
		return;
	}
	web_done(w, "/account", "reminders_saved");
}

void
h_api_me_reminders(struct wreq *w)
{
	struct remind_settings_rec r;
	enum sod_err err;

	if ((err = store_remind_settings_get(w->sys->store, w->r->arena, w->ses.account_id, &r))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	json_reply(w, 200, settings_json(w, &r));
}

/* {"enabled": bool, "kinds": [names], "email": "…" | null, "lang": "th"|"en"} */
void
h_api_me_reminders_set(struct wreq *w)
{
	json_t *in = json_loadb(w->r->body, w->r->body_len, JSON_REJECT_DUPLICATES, NULL);
	json_t *en, *ks, *em, *lg, *k;
	char kinds[256] = "";
	size_t used = 0, i;
	struct verr ve = {0};
	enum sod_err err;

	if (!json_is_object(in)) {
		json_decref(in);
		web_error(w, SOD_EINVAL, "invalid_json", NULL, "error.invalid_json");
		return;
	}
	en = json_object_get(in, "enabled");
	ks = json_object_get(in, "kinds");
	em = json_object_get(in, "email");
	lg = json_object_get(in, "lang");
	ve = (struct verr){NULL, NULL};
	if (!json_is_boolean(en))
		ve = (struct verr){"enabled", "error.field.required"};
	else if (ks != NULL && !json_is_array(ks))
		ve = (struct verr){"kinds", "remind.bad_kind"};
	else if (em != NULL && !json_is_null(em) && !json_is_string(em))
		ve = (struct verr){"email", "error.field.string"};
	else if (lg != NULL && !json_is_string(lg))
		ve = (struct verr){"lang", "error.field.string"};
	json_array_foreach(ks, i, k) {
		if (ve.field != NULL)
			break;
		if (!json_is_string(k) || json_string_length(k) > 32 ||
		    remind_source_find(json_string_value(k)) == NULL ||
		    used + json_string_length(k) + 2 > sizeof(kinds))
			ve = (struct verr){"kinds", "remind.bad_kind"};
		else
			used += (size_t)snprintf(kinds + used, sizeof(kinds) - used, "%s%s",
			                         used ? "," : "", json_string_value(k));
	}
	if (ve.field != NULL) {
		json_decref(in);
		web_error(w, SOD_EINVAL, NULL, ve.field, ve.key);
		return;
	}
	err = save(w, json_is_true(en) && (ks == NULL || json_array_size(ks) > 0),
	           ks == NULL || json_array_size(ks) == remind_nsources ? "" : kinds,
	           json_is_string(em) ? json_string_value(em) : "",
	           json_is_string(lg) ? json_string_value(lg) : "th", &ve);
	json_decref(in);
	if (err) {
		web_error(w, err, NULL, ve.field, ve.key);
		return;
	}
	h_api_me_reminders(w);
}

/* ---- webhooks ---------------------------------------------------------------------- */

/* The unit of the path, which the session must manage (else 404/403). */
static bool
hook_unit(struct wreq *w, struct unit_rec *u)
{
	enum sod_err err = unit_get(w->sys, w->r->arena, w->r->captures[0], u, NULL);
	bool ok = false;

	if (!err)
		err = webhook_can_manage(w->sys, &w->ses, u->id, &ok);
	if (err || !ok) {
		web_error(w, err ? err : SOD_EPERM, NULL, NULL, NULL);
		return false;
	}
	return true;
}

static json_t *
deliveries_json(struct wreq *w, int64_t unit)
{
	struct delivery_rec *d;
	size_t n;
	json_t *list = json_array();

	if (store_delivery_list(w->sys->store, w->r->arena, unit, 50, &d, &n) != SOD_OK)
		return list;
	for (size_t i = 0; i < n; i++) {
		char at[64], key[64];

		date_format(at, sizeof(at), d[i].updated_at, DATE_TIME, w->lang, false);
		snprintf(key, sizeof(key), "webhook.st.%s", d[i].status ? d[i].status : "");
		json_array_append_new(list, json_pack(
		    "{s:I, s:s, s:s, s:s, s:I, s:I, s:s, s:I, s:I, s:s}", "id", (json_int_t)d[i].id,
		    "status_label", i18n_get(w->lang, key),
		    "event", d[i].event ? d[i].event : "", "status", d[i].status ? d[i].status : "",
		    "attempts", (json_int_t)d[i].attempts, "last_status",
		    (json_int_t)d[i].last_status, "last_error", d[i].last_error ? d[i].last_error : "",
		    "created_at", (json_int_t)d[i].created_at, "updated_at",
		    (json_int_t)d[i].updated_at, "when", at));
	}
	return list;
}

static void
render_hook(struct wreq *w, int status, const struct unit_rec *u, const char *secret,
            const char *error_key)
{
	json_t *ctx = page_ctx(w, "webhook.title");
	struct webhook_rec h;

	json_object_set_new(ctx, "unit_code", json_string(u->code));
	json_object_set_new(ctx, "unit_name",
	                    json_string(w->lang == LANG_TH ? u->name_th : u->name_en));
	if (store_webhook_get(w->sys->store, w->r->arena, u->id, &h) == SOD_OK)
		json_object_set_new(ctx, "hook", json_pack("{s:s}", "url", h.url));
	if (secret != NULL)
		json_object_set_new(ctx, "secret", json_string(secret));
	if (error_key != NULL)
		json_object_set_new(ctx, "error", json_string(i18n_get(w->lang, error_key)));
	json_object_set_new(ctx, "deliveries", deliveries_json(w, u->id));
	page_render(w, status, "webhook", ctx);
}

void
h_unit_webhook(struct wreq *w)
{
	struct unit_rec u;
	struct webhook_rec h;
	json_t *o;

	if (!hook_unit(w, &u))
		return;
	if (!w->route->api) {
		render_hook(w, 200, &u, NULL, NULL);
		return;
	}
	o = json_pack("{s:s, s:o}", "unit", u.code, "deliveries", deliveries_json(w, u.id));
	if (store_webhook_get(w->sys->store, w->r->arena, u.id, &h) == SOD_OK) {
		json_object_set_new(o, "url", json_string(h.url));
		json_object_set_new(o, "created_at", json_integer(h.created_at));
	} else {
		json_object_set_new(o, "url", json_null());
	}
	json_reply(w, 200, o);
}

void
h_unit_webhook_set(struct wreq *w)
{
	struct unit_rec u;
	char secret[WEBHOOK_SECRET_LEN + 1];
	const char *url;
	json_t *in = NULL;
	struct verr ve = {0};
	enum sod_err err;

	if (!hook_unit(w, &u))
		return;
	if (w->route->api) {
		in = json_loadb(w->r->body, w->r->body_len, JSON_REJECT_DUPLICATES, NULL);
		if (!json_is_object(in)) {
			json_decref(in);
			web_error(w, SOD_EINVAL, "invalid_json", NULL, "error.invalid_json");
			return;
		}
		if (!json_is_string(json_object_get(in, "url"))) {
			json_decref(in);
			web_error(w, SOD_EINVAL, NULL, "url", "webhook.url_syntax");
			return;
		}
		url = json_string_value(json_object_get(in, "url"));
	} else {
		url = form_str(w, "url");
	}
	err = webhook_set(w->sys, w->r->arena, &w->ses, u.id, url, secret, &ve);
	if (err) {
		json_decref(in);
		if (!w->route->api && err == SOD_EINVAL)
			render_hook(w, 400, &u, NULL, ve.key);
		else
			web_error(w, err, NULL, ve.field, ve.key);
		return;
	}
	if (w->route->api)
		json_reply(w, 201, json_pack("{s:s, s:s}", "url", url, "secret", secret));
	else
		render_hook(w, 200, &u, secret, NULL);
	json_decref(in);
	sodium_memzero(secret, sizeof(secret));
}

void
h_unit_webhook_delete(struct wreq *w)
{
	struct unit_rec u;
	enum sod_err err;

	if (!hook_unit(w, &u))
		return;
	if ((err = webhook_remove(w->sys, &w->ses, u.id))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	if (w->route->api)
		json_reply(w, 200, json_pack("{s:b}", "removed", true));
	else
		web_done(w, arena_printf(w->r->arena, "/units/%s/webhook", u.code), "webhook_removed");
}

void
h_unit_webhook_test(struct wreq *w)
{
	struct unit_rec u;
	enum sod_err err;

	if (!hook_unit(w, &u))
		return;
	if ((err = webhook_test(w->sys, &w->ses, u.id))) {
		web_error(w, err, NULL, NULL, err == SOD_ENOTFOUND ? "webhook.none" : NULL);
		return;
	}
	if (w->route->api)
		json_reply(w, 202, json_pack("{s:b}", "queued", true));
	else
		web_done(w, arena_printf(w->r->arena, "/units/%s/webhook", u.code), "webhook_test");
}
