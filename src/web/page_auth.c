/*
 * page_auth.c — sign-in (password, then TOTP when the account has it),
 * sign-out, and the same for API clients (POST /api/v1/login).
 *
 * Failed attempts are counted per client address (in memory): twenty in
 * ten minutes and that address must wait. Successes are not counted, so
 * an office behind one address is not locked out by its own staff.
 * The sign-in form is protected against login CSRF by a pre-session
 * cookie whose value the form repeats (double submit). Attempts are
 * throttled per client address here (in memory) and per account in the
 * domain (in the database).
 */
#include "web/web.h"

#include <string.h>

#include "util/clock.h"
#include "web/field.h"
#include "web/i18n.h"

/* A "next" target is followed only if it is a plain local path. */
static const char *
safe_next(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strpbrk(next, "\r\n") != NULL)
		return "/";
	return next;
}

static void
render_login(struct wreq *w, int status, const char *error_key, const char *username)
{
	json_t *ctx = page_ctx(w, "login.title");
	const char *pre = req_cookie(w->r, PRE_COOKIE);
	char fresh[SEC_TOKEN_LEN + 1];
	json_t *f, *field;

	if (pre == NULL || strlen(pre) != SEC_TOKEN_LEN) {
		sec_token_new(fresh);
		pre = arena_strdup(w->r->arena, fresh);
		req_set_cookie(w->r, PRE_COOKIE, pre, 3600);
	}
	json_object_set_new(ctx, "csrf", json_string(pre));
	json_object_set_new(ctx, "next", json_string(safe_next(req_query(w->r, "next"))));
	f = json_object();
	field = field_new(w, FIELD_TEXT, "username", "login.username");
	field_set(field, true, 64, NULL, NULL, "username");
	field_no_caps(field);
	field_value(field, username);
	json_object_set_new(f, "username", field);
	field = field_new(w, FIELD_TEXT, "password", "login.password");
	field_set(field, true, 1024, "password", NULL, "current-password");
	json_object_set_new(f, "password", field);
	json_object_set_new(ctx, "f", f);
	if (error_key != NULL)
		json_object_set_new(ctx, "error", json_string(i18n_get(w->lang, error_key)));
	page_render(w, status, "login", ctx);
}

void
h_login_form(struct wreq *w)
{
	if (w->has_session && w->ses.full) {
		req_redirect(w->r, "/");
		return;
	}
	render_login(w, 200, NULL, NULL);
}

/* Map a sign-in error to a status and message; the answer is the same for
 * a wrong name and a wrong password. */
static const char *
login_error_key(enum sod_err err, int *status)
{
	switch (err) {
	case SOD_ETHROTTLE: *status = 429; return "login.locked";
	case SOD_EBUSY:     *status = 503; return "error.busy";
	case SOD_EAUTH:     *status = 401; return "login.failed";
	default:            *status = 500; return "error.internal";
	}
}

void
h_login(struct wreq *w)
{
	const char *user = form_str(w, "username");
	const struct form_field *pw = form_get(&w->r->form, "password");
	const char *next = safe_next(form_str(w, "next"));
	char *token = NULL;
	bool full = false;
	int64_t retry;
	int status;
	enum sod_err err;

	if (!throttle_check(w->w->login_by_addr, w->r->client_key, sod_now(), &retry)) {
		req_add_header(w->r, "Retry-After", "600");
		render_login(w, 429, "login.locked", user);
		return;
	}
	if (user[0] == '\0' || pw == NULL || pw->len == 0) {
		render_login(w, 400, "login.missing", user);
		return;
	}
	err = auth_login(w->sys, w->r->arena, user, pw->value, &token, &full, &retry);
	if (err == SOD_EAUTH)
		throttle_hit(w->w->login_by_addr, w->r->client_key, sod_now(), NULL);
	if (err) {
		const char *key = login_error_key(err, &status);

		if (err == SOD_EBUSY)
			req_add_header(w->r, "Retry-After", "2");
		render_login(w, status, key, user);
		return;
	}
	req_set_cookie(w->r, SESSION_COOKIE, token, w->sys->session_max);
	req_set_cookie(w->r, PRE_COOKIE, "", 0);
	req_redirect(w->r, full ? next : "/login/totp");
}

void
h_totp_form(struct wreq *w)
{
	json_t *ctx;

	if (w->ses.full) {
		req_redirect(w->r, "/");
		return;
	}
	ctx = page_ctx(w, "totp.title");
	page_render(w, 200, "login_totp", ctx);
}

void
h_totp(struct wreq *w)
{
	const char *code = form_str(w, "code");
	enum sod_err err;
	json_t *ctx;
	int status;

	if (w->ses.full) {
		req_redirect(w->r, "/");
		return;
	}
	err = auth_login_totp(w->sys, w->r->arena, w->token, code);
	if (err == SOD_OK) {
		req_redirect(w->r, "/");
		return;
	}
	ctx = page_ctx(w, "totp.title");
	json_object_set_new(ctx, "error",
	                    json_string(i18n_get(w->lang, err == SOD_EAUTH
	                                                      ? "totp.failed"
	                                                      : login_error_key(err, &status))));
	page_render(w, err == SOD_EAUTH ? 401 : http_status_of(err), "login_totp", ctx);
}

void
h_logout(struct wreq *w)
{
	auth_logout(w->sys, w->token);
	req_set_cookie(w->r, SESSION_COOKIE, "", 0);
	req_redirect(w->r, "/login");
}

/* ---- API ----------------------------------------------------------------- */

void
h_api_login(struct wreq *w)
{
	json_error_t jerr;
	json_t *in = json_loadb(w->r->body, w->r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	const char *user = NULL, *pw = NULL, *code = NULL;
	char *token = NULL;
	bool full = false;
	int64_t retry;
	enum sod_err err;

	if (in == NULL || !json_is_object(in)) {
		json_decref(in);
		web_error(w, SOD_EINVAL, "invalid_json", NULL, "error.invalid_json");
		return;
	}
	if (json_unpack(in, "{s:s, s:s, s?s}", "username", &user, "password", &pw,
	                "totp", &code) != 0) {
		const char *field = !json_is_string(json_object_get(in, "username")) ? "username"
		                  : !json_is_string(json_object_get(in, "password")) ? "password"
		                  : "totp";

		json_decref(in);
		web_error(w, SOD_EINVAL, "wrong_type", field, "error.field.string");
		return;
	}
	if (!throttle_check(w->w->login_by_addr, w->r->client_key, sod_now(), &retry)) {
		json_decref(in);
		req_add_header(w->r, "Retry-After", "600");
		web_error(w, SOD_ETHROTTLE, NULL, NULL, "login.locked");
		return;
	}
	err = auth_login(w->sys, w->r->arena, user, pw, &token, &full, &retry);
	if (err == SOD_OK && !full) {
		if (code == NULL) {
			auth_logout(w->sys, token);
			json_decref(in);
			web_error(w, SOD_EAUTH, "totp_required", "totp", "totp.required");
			return;
		}
		err = auth_login_totp(w->sys, w->r->arena, token, code);
		if (err)
			auth_logout(w->sys, token);
	}
	json_decref(in);
	if (err == SOD_EAUTH)
		throttle_hit(w->w->login_by_addr, w->r->client_key, sod_now(), NULL);
	if (err) {
		web_error(w, err, NULL, NULL, err == SOD_EAUTH ? "login.failed"
		                              : err == SOD_ETHROTTLE ? "login.locked" : NULL);
		return;
	}
	json_reply(w, 200, json_pack("{s:s, s:I}", "token", token, "expires_in",
	                             (json_int_t)w->sys->session_max));
}

void
h_api_logout(struct wreq *w)
{
	auth_logout(w->sys, w->token);
	if (w->via_cookie)
		req_set_cookie(w->r, SESSION_COOKIE, "", 0);
	json_reply(w, 200, json_pack("{s:b}", "ok", 1));
}

void
h_api_me(struct wreq *w)
{
	json_t *grants = json_array();

	for (size_t i = 0; i < w->ses.ngrants; i++)
		json_array_append_new(grants, json_pack("{s:s, s:s}", "unit",
		                      w->ses.grants[i].unit_code, "role", w->ses.grants[i].role));
	json_reply(w, 200, json_pack("{s:s, s:s, s:b, s:o}", "username", w->ses.username,
	                             "display_name", w->ses.display_name, "totp",
	                             w->ses.totp_enabled, "roles", grants));
}
