/*
 * page_account.c — the home page and one's own account: password and the
 * TOTP second factor.
 */
#include "web/web.h"

#include <string.h>

#include "crypto/totp.h"
#include "domain/case.h"
#include "domain/network.h"
#include "util/log.h"
#include "web/i18n.h"

/* What is late in the officer's line: the first thing they should see. */
static void
home_overdue(struct wreq *w, json_t *ctx)
{
	struct tip_reader r;
	int64_t tips, cases;
	enum sod_err err;

	if ((err = tip_reader_open(w->sys, w->r->arena, &w->ses, w->token, &r)) ||
	    (err = case_overdue_counts(w->sys, w->r->arena, &r, &tips, &cases))) {
		LOG_WARN("home: overdue counts: %s", sod_strerror(err));
		return;
	}
	json_object_set_new(ctx, "officer", json_pack("{s:I, s:I, s:b}", "late_tips",
	    (json_int_t)tips, "late_cases", (json_int_t)cases, "late", tips + cases > 0));
}

void
h_home(struct wreq *w)
{
	json_t *ctx = page_ctx(w, "home.title");

	if (w->has_session && w->ses.full) {
		json_t *grants = json_array();

		for (size_t i = 0; i < w->ses.ngrants; i++) {
			const struct grant_rec *g = &w->ses.grants[i];
			enum role r;
			char key[48];

			snprintf(key, sizeof(key), "role.%s", g->role);
			json_array_append_new(grants, json_pack(
			    "{s:s, s:s, s:s}", "unit_code", g->unit_code, "unit_name",
			    w->lang == LANG_TH ? g->unit_name_th : g->unit_name_en, "role",
			    role_parse(g->role, &r) ? i18n_get(w->lang, key) : g->role));
		}
		struct announcement_rec *news;
		size_t nnews;

		json_object_set_new(ctx, "has_grants", json_boolean(json_array_size(grants) > 0));
		json_object_set_new(ctx, "grants", grants);
		if (network_news_for_account(w->sys, w->r->arena, w->ses.account_id, 5, &news,
		                             &nnews) == SOD_OK) {
			json_t *list = json_array();

			for (size_t i = 0; i < nnews; i++) {
				char d[64];

				date_format(d, sizeof(d), news[i].created_at, DATE_SHORT, w->lang, false);
				json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "title",
				    news[i].title, "body", news[i].body, "date", d, "unit",
				    w->lang == LANG_TH ? news[i].unit_name_th : news[i].unit_name_en));
			}
			json_object_set_new(ctx, "news", list);
		}
		if (auth_has_role_anywhere(&w->ses, ROLE_OFFICER))
			home_overdue(w, ctx);
	}
	json_object_set_new(ctx, "publishers", public_units_json(w));
	page_render(w, 200, "home", ctx);
}

/* The account page, with an optional message and, during TOTP set-up, the
 * new secret to enter in an authenticator app. */
static void
render_account(struct wreq *w, int status, const char *notice_key,
               const char *error_key, const char *field, const char *secret)
{
	json_t *ctx = page_ctx(w, "account.title");

	json_object_set_new(ctx, "totp_enabled", json_boolean(w->ses.totp_enabled));
	remind_settings_ctx(w, ctx);
	if (notice_key != NULL)
		json_object_set_new(ctx, "notice", json_string(i18n_get(w->lang, notice_key)));
	if (error_key != NULL)
		json_object_set_new(ctx, "error", json_string(i18n_get(w->lang, error_key)));
	if (field != NULL)
		json_object_set_new(ctx, "error_field", json_string(field));
	if (secret != NULL) {
		char *uri = arena_printf(w->r->arena,
		    "otpauth://totp/Sodsong:%s?secret=%s&issuer=Sodsong&digits=6&period=30",
		    w->ses.username, secret);

		json_object_set_new(ctx, "totp_secret", json_string(secret));
		json_object_set_new(ctx, "totp_uri", json_string(uri ? uri : ""));
	}
	page_render(w, status, "account", ctx);
}

void
account_page_error(struct wreq *w, int status, const char *error_key, const char *field)
{
	render_account(w, status, NULL, error_key, field, NULL);
}

void
h_account(struct wreq *w)
{
	const char *done = req_query(w->r, "done");
	const char *notice = NULL;

	if (done != NULL && strcmp(done, "totp_on") == 0)
		notice = "account.totp_on";
	else if (done != NULL && strcmp(done, "totp_off") == 0)
		notice = "account.totp_off";
	render_account(w, 200, notice, NULL, NULL, NULL);
}

void
h_account_password(struct wreq *w)
{
	const struct form_field *old_pw = form_get(&w->r->form, "old_password");
	const struct form_field *new_pw = form_get(&w->r->form, "new_password");
	const struct form_field *again = form_get(&w->r->form, "new_password2");
	struct verr ve = {0};
	enum sod_err err;

	if (old_pw == NULL || new_pw == NULL || again == NULL) {
		render_account(w, 400, NULL, "error.field.required", "new_password", NULL);
		return;
	}
	if (strcmp(new_pw->value, again->value) != 0) {
		render_account(w, 400, NULL, "account.password_mismatch", "new_password2", NULL);
		return;
	}
	err = auth_change_password(w->sys, w->r->arena, w->ses.account_id, old_pw->value,
	                           new_pw->value, &ve);
	if (err) {
		render_account(w, http_status_of(err), NULL,
		               ve.key ? ve.key : "error.internal", ve.field, NULL);
		return;
	}
	/* Changing the password ended every session, this one too. */
	req_set_cookie(w->r, SESSION_COOKIE, "", 0);
	req_redirect(w->r, "/login");
}

void
h_account_totp_begin(struct wreq *w)
{
	char *secret;
	enum sod_err err;

	if (w->ses.totp_enabled) {
		render_account(w, 409, NULL, "account.totp_already", NULL, NULL);
		return;
	}
	err = auth_totp_begin(w->sys, w->r->arena, w->ses.account_id, &secret);
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	render_account(w, 200, NULL, NULL, NULL, secret);
}

void
h_account_totp_enable(struct wreq *w)
{
	enum sod_err err = auth_totp_enable(w->sys, w->r->arena, w->ses.account_id,
	                                    form_str(w, "code"));

	if (err) {
		render_account(w, err == SOD_EAUTH ? 400 : http_status_of(err), NULL,
		               err == SOD_EAUTH ? "totp.failed" : "error.internal", "code", NULL);
		return;
	}
	req_redirect(w->r, "/account?done=totp_on");
}

void
h_account_totp_disable(struct wreq *w)
{
	const struct form_field *pw = form_get(&w->r->form, "password");
	enum sod_err err;

	err = auth_totp_disable(w->sys, w->r->arena, w->ses.account_id,
	                        pw ? pw->value : "");
	if (err) {
		render_account(w, err == SOD_EAUTH ? 400 : http_status_of(err), NULL,
		               err == SOD_EAUTH ? "error.field.password_wrong" : "error.internal",
		               "password", NULL);
		return;
	}
	req_redirect(w->r, "/account?done=totp_off");
}
