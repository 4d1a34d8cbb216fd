/*
 * page_report.c — the public side of tips: the report form and
 * POST /api/v1/tips (filing, with evidence files), and the reporter's way
 * back in with the receipt (/follow, /api/v1/receipt…).
 *
 * Public routes keep nothing of the connection: no cookie but the CSRF
 * pre-session and the reporter's own session, no address, and the access
 * log keeps only the day (http/server.c).
 */
#include "web/tip_web.h"

#include <string.h>

#include <sodium.h>

#include "crypto/receipt.h"
#include "domain/tip_route.h"
#include "util/clock.h"
#include "util/str.h"
#include "web/i18n.h"

#define REPORTER_COOKIE "sod_reporter"

/*
 * The CSRF token of the public pages: the pre-session cookie (double
 * submit, web.c). Never a staff session's token, never the reporter's
 * session token [reporter-csrf-separate].
 */
static const char *
pre_token(struct wreq *w)
{
	return web_pre_token(w);
}

/* ---- filing ---------------------------------------------------------------------- */

static const char *
unit_label(struct wreq *w, const struct unit_rec *u)
{
	return w->lang == LANG_EN && u->name_en && u->name_en[0] ? u->name_en : u->name_th;
}

static void
render_report_to(struct wreq *w, int status, const struct tip_errors *errs,
                 const struct unit_rec *to)
{
	json_t *ctx = page_ctx(w, "report.title"), *summary;

	json_object_set_new(ctx, "csrf", json_string(pre_token(w)));
	/* What was typed comes back, so nothing is lost to one wrong field. */
	json_object_set_new(ctx, "f", tipw_form_fields(w, errs, false, NULL, &summary));
	json_object_set_new(ctx, "errors", summary);
	if (to != NULL)
		json_object_set_new(ctx, "to_name", json_string(unit_label(w, to)));
	page_render(w, status, "report", ctx);
}

static void
render_report(struct wreq *w, int status, const struct tip_errors *errs)
{
	render_report_to(w, status, errs, NULL);
}

/*
 * Where the tip goes (domain/tip_route.h); on an unknown or non-receiving
 * unit answers itself — the form again with the error on the unit field,
 * or a JSON error — and returns false. Never another unit instead.
 */
static bool
route_tip(struct wreq *w, struct tip_input *in, struct unit_rec *dest)
{
	enum sod_err err = tip_route(w->sys, w->r->arena, in->unit, in->province, dest);
	const char *key = err == SOD_EPERM ? "error.field.unit_not_receiving"
	                                   : "error.field.unit_unknown";
	struct tip_errors e = {1, {{"unit", key}}};

	if (err == SOD_OK) {
		in->unit = dest->code;
		return true;
	}
	discard_uploads(w);
	if (err != SOD_ENOTFOUND && err != SOD_EPERM)
		web_error(w, err, NULL, NULL, NULL);
	else if (w->route->api)
		web_error(w, SOD_EINVAL, err == SOD_EPERM ? "unit_not_receiving" : "unit_unknown",
		          "unit", key);
	else
		render_report(w, 400, &e);
	return false;
}

void
h_report_form(struct wreq *w)
{
	const char *to = req_query(w->r, "to");
	struct unit_rec dest;
	enum sod_err err;

	if (to == NULL || to[0] == '\0') {
		render_report(w, 200, NULL);
		return;
	}
	/* A link or a poster's QR code names the unit: say which, in words;
	 * a wrong one is said plainly, and nothing else is chosen. */
	err = tip_route(w->sys, w->r->arena, to, NULL, &dest);
	if (err == SOD_OK) {
		render_report_to(w, 200, NULL, &dest);
	} else if (err == SOD_ENOTFOUND || err == SOD_EPERM) {
		struct tip_errors e = {1, {{"unit", err == SOD_EPERM ? "error.field.unit_not_receiving"
		                                                      : "error.field.unit_unknown"}}};

		render_report(w, err == SOD_EPERM ? 400 : 404, &e);
	} else {
		web_error(w, err, NULL, NULL, NULL);
	}
}

/* An image that could not be cleaned of its metadata: keep its name and
 * why, so that the refusal names the file (web.c fail()). */
static enum sod_err
note_refused(struct wreq *w, enum sod_err err)
{
	const char *name = NULL, *key = evidence_refused(w->upload_cur, &name);

	if (key != NULL) {
		w->refused_key = key;
		w->refused_file = arena_strdup(w->r->arena, name);
	}
	return err;
}

/*
 * The evidence callback of the tip routes: each "file" part streams into
 * an encrypted file (domain/evidence.h); an empty part (a file input left
 * empty) is no file.
 */
enum sod_err
tip_upload(struct req *r, const struct multipart_file *f, const char *data, size_t len,
           bool last)
{
	struct wreq *w = r->user;
	enum sod_err err;

	if (w == NULL || strcmp(f->field, "file") != 0)
		return SOD_EINVAL;
	if (w->upload_cur == NULL && len > 0) {
		if (w->nuploads == EVIDENCE_MAX_FILES)
			return SOD_ETOOBIG;
		if ((err = evidence_begin(w->sys, r->arena, f->filename, &w->upload_cur)))
			return err;
		w->uploads[w->nuploads++] = w->upload_cur;
	}
	if (len > 0 && (err = evidence_write(w->upload_cur, data, len)) != SOD_OK)
		return note_refused(w, err);
	if (last && w->upload_cur != NULL) {
		err = evidence_finish(w->upload_cur);
		if (err != SOD_OK)
			note_refused(w, err);
		w->upload_cur = NULL;
		return err;
	}
	return SOD_OK;
}


void
h_report(struct wreq *w)
{
	struct tip_input in;
	struct tip_errors errs = {0};
	struct unit_rec dest;
	char receipt[17], shown[20];
	json_t *ctx;

	if (tip_input_from_form(w->r->arena, &w->r->form, &in, &errs) != SOD_OK) {
		discard_uploads(w);
		render_report(w, 400, &errs);
		return;
	}
	in.channel = "web";
	if (!route_tip(w, &in, &dest) || !tipw_file(w, &in, receipt, render_report))
		return;
	receipt_format(receipt, shown);
	ctx = page_ctx(w, "receipt.title");
	json_object_set_new(ctx, "receipt", json_string(shown));
	json_object_set_new(ctx, "unit_name", json_string(unit_label(w, &dest)));
	for (size_t i = 0; i < w->nuploads; i++)
		if (evidence_as_sent(w->uploads[i]))
			json_object_set_new(ctx, "files_as_sent", json_true());
	page_render(w, 201, "receipt", ctx);
	sodium_memzero(receipt, sizeof(receipt));
}

void
h_api_tip_create(struct wreq *w)
{
	struct tip_input in;
	struct tip_errors errs = {0};
	struct unit_rec dest;
	char receipt[17];

	const char *json = w->r->body;
	size_t json_len = w->r->body_len;

	if (json == NULL) {  /* multipart: the tip is the "tip" part */
		const struct form_field *part = form_get(&w->r->form, "tip");

		json = part ? part->value : "";
		json_len = part ? part->len : 0;
	}
	if (tip_input_from_json(w->r->arena, json, json_len, &in, &errs) != SOD_OK) {
		discard_uploads(w);
		const struct verr *e = errs.n ? &errs.e[0] : &(struct verr){NULL, "error.invalid"};

		web_error(w, SOD_EINVAL, e->field ? "invalid" : "invalid_json", e->field, e->key);
		return;
	}
	in.channel = "api";
	if (!route_tip(w, &in, &dest) || !tipw_file(w, &in, receipt, render_report))
		return;
	json_reply(w, 201, json_pack("{s:s, s:s}", "receipt", receipt, "unit", dest.code));
	sodium_memzero(receipt, sizeof(receipt));
}

/* ---- the reporter ----------------------------------------------------------------- */

/* A wrong receipt counts against the address (in memory only). */
static bool
receipt_throttled(struct wreq *w)
{
	int64_t retry;

	if (throttle_check(w->w->receipts_by_addr, w->r->client_key, sod_now(), &retry))
		return false;
	req_add_header(w->r, "Retry-After", "600");
	return true;
}

static enum sod_err
receipt_login(struct wreq *w, const char *typed, char **token)
{
	enum sod_err err = tip_receipt_login(w->sys, w->r->arena, typed, token);

	if (err == SOD_EAUTH)
		throttle_hit(w->w->receipts_by_addr, w->r->client_key, sod_now(), NULL);
	return err;
}

static void
render_follow(struct wreq *w, int status, const char *error_key)
{
	json_t *ctx = page_ctx(w, "follow.title");
	json_object_set_new(ctx, "csrf", json_string(pre_token(w)));
	if (error_key)
		json_object_set_new(ctx, "error", json_string(i18n_get(w->lang, error_key)));
	page_render(w, status, "follow", ctx);
}

void
h_follow_form(struct wreq *w)
{
	render_follow(w, 200, NULL);
}

void
h_follow(struct wreq *w)
{
	char *token = NULL;
	enum sod_err err;

	if (receipt_throttled(w)) {
		render_follow(w, 429, "follow.throttled");
		return;
	}
	err = receipt_login(w, form_str(w, "receipt"), &token);
	if (err == SOD_EAUTH) {
		render_follow(w, 401, "follow.wrong");
		return;
	}
	if (err) {
		if (err == SOD_EBUSY)
			req_add_header(w->r, "Retry-After", "2");
		render_follow(w, http_status_of(err), err == SOD_EBUSY ? "error.busy" : "error.internal");
		return;
	}
	req_set_cookie(w->r, REPORTER_COOKIE, token, 3600);
	req_redirect(w->r, "/follow/tip");
}

void
h_follow_tip(struct wreq *w)
{
	struct tip_view v;
	json_t *ctx;
	enum sod_err err = tip_reporter_open(w->sys, w->r->arena,
	                                     req_cookie(w->r, REPORTER_COOKIE), &v);

	if (err == SOD_EAUTH) {
		req_redirect(w->r, "/follow");
		return;
	}
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	ctx = page_ctx(w, "follow.title");
	json_object_set_new(ctx, "tip", tipw_json(w, &v, true));
	json_object_set_new(ctx, "csrf", json_string(pre_token(w)));
	page_render(w, 200, "follow_tip", ctx);
}

void
h_follow_message(struct wreq *w)
{
	const char *token = req_cookie(w->r, REPORTER_COOKIE);
	enum sod_err err;

	/* The route checked the CSRF token (the pre-session cookie). */
	err = tip_reporter_message(w->sys, w->r->arena, token, form_str(w, "body"));
	if (err == SOD_EAUTH) {
		req_redirect(w->r, "/follow");
		return;
	}
	if (err) {
		web_error(w, err, NULL, "body", err == SOD_EINVAL ? "error.field.required" : NULL);
		return;
	}
	req_redirect(w->r, "/follow/tip");
}

static const char *
bearer(struct wreq *w)
{
	const char *auth = req_header(w->r, "Authorization");

	return auth && strncasecmp(auth, "Bearer ", 7) == 0 ? auth + 7 : NULL;
}

void
h_api_receipt(struct wreq *w)
{
	json_t *in = json_loadb(w->r->body, w->r->body_len, JSON_REJECT_DUPLICATES, NULL);
	const char *typed = json_string_value(json_object_get(in, "receipt"));
	char *token = NULL;
	enum sod_err err;

	if (typed == NULL) {
		json_decref(in);
		web_error(w, SOD_EINVAL, in ? "wrong_type" : "invalid_json", "receipt",
		          "error.field.string");
		return;
	}
	if (receipt_throttled(w)) {
		json_decref(in);
		web_error(w, SOD_ETHROTTLE, NULL, NULL, "follow.throttled");
		return;
	}
	err = receipt_login(w, typed, &token);
	json_decref(in);
	if (err) {
		web_error(w, err, NULL, NULL, err == SOD_EAUTH ? "follow.wrong" : NULL);
		return;
	}
	json_reply(w, 200, json_pack("{s:s}", "token", token));
}

void
h_api_receipt_tip(struct wreq *w)
{
	struct tip_view v;
	json_t *o;
	enum sod_err err = tip_reporter_open(w->sys, w->r->arena, bearer(w), &v);

	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	o = tipw_json(w, &v, true);
	json_reply(w, 200, o);
}

void
h_api_receipt_message(struct wreq *w)
{
	json_t *in = json_loadb(w->r->body, w->r->body_len, JSON_REJECT_DUPLICATES, NULL);
	const char *body = json_string_value(json_object_get(in, "body"));
	enum sod_err err;

	if (body == NULL) {
		json_decref(in);
		web_error(w, SOD_EINVAL, in ? "wrong_type" : "invalid_json", "body",
		          "error.field.string");
		return;
	}
	err = tip_reporter_message(w->sys, w->r->arena, bearer(w), body);
	json_decref(in);
	if (err) {
		web_error(w, err, NULL, err == SOD_EINVAL ? "body" : NULL,
		          err == SOD_EINVAL ? "error.field.text" : NULL);
		return;
	}
	json_reply(w, 201, json_pack("{s:b}", "ok", 1));
}
