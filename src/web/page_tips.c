/*
 * page_tips.c — filing a tip (the public form and the API), the
 * reporter's way back in with the receipt, and the officers' list and
 * view of tips.
 *
 * Public routes keep nothing of the connection: no cookie but the CSRF
 * pre-session and the reporter's own session, no address, and the access
 * log keeps only the day (http/server.c).
 */
#include "web/web.h"

#include <string.h>

#include <sodium.h>

#include "crypto/receipt.h"
#include "domain/geo.h"
#include "domain/tip.h"
#include "domain/unit.h"
#include "text/utf8.h"
#include "util/clock.h"
#include "util/str.h"
#include "web/i18n.h"

#define REPORTER_COOKIE "sod_reporter"

/* ---- shared -------------------------------------------------------------------- */

static json_t *
categories(struct wreq *w, const char *sel)
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

static json_t *
provinces(struct wreq *w, const char *sel)
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

static json_t *
tip_json(struct wreq *w, const struct tip_view *v, bool full)
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

/* ---- filing ---------------------------------------------------------------------- */

static void
render_report(struct wreq *w, int status, const struct tip_errors *errs)
{
	json_t *ctx = page_ctx(w, "report.title"), *form = json_object(), *list;
	const char *pre = req_cookie(w->r, PRE_COOKIE);
	char fresh[SEC_TOKEN_LEN + 1];

	if (pre == NULL || strlen(pre) != SEC_TOKEN_LEN) {
		sec_token_new(fresh);
		pre = arena_strdup(w->r->arena, fresh);
		req_set_cookie(w->r, PRE_COOKIE, pre, 3600);
	}
	json_object_set_new(ctx, "csrf", json_string(pre));
	/* What was typed comes back, so nothing is lost to one wrong field. */
	for (size_t i = 0; i < w->r->form.n; i++)
		if (strcmp(w->r->form.fields[i].name, "csrf") != 0)
			json_object_set_new(form, w->r->form.fields[i].name,
			                    json_string(w->r->form.fields[i].value));
	json_object_set_new(ctx, "categories", categories(w,
	                    json_string_value(json_object_get(form, "category"))));
	json_object_set_new(ctx, "provinces", provinces(w,
	                    json_string_value(json_object_get(form, "province"))));
	json_object_set_new(ctx, "form", form);
	if (errs != NULL && errs->n > 0) {
		list = json_array();
		for (size_t i = 0; i < errs->n; i++) {
			char key[64];

			snprintf(key, sizeof(key), "report.field.%s",
			         errs->e[i].field ? errs->e[i].field : "form");
			json_array_append_new(list, json_pack("{s:s, s:s}", "field",
			    i18n_get(w->lang, key), "message", i18n_get(w->lang, errs->e[i].key)));
		}
		json_object_set_new(ctx, "errors", list);
	}
	page_render(w, status, "report", ctx);
}

void
h_report_form(struct wreq *w)
{
	render_report(w, 200, NULL);
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
		return err;
	if (last && w->upload_cur != NULL) {
		err = evidence_finish(w->upload_cur);
		w->upload_cur = NULL;
		return err;
	}
	return SOD_OK;
}

/* File in; answers the errors itself. */
static bool
file_tip(struct wreq *w, struct tip_input *in, char receipt[17])
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
			render_report(w, 400, &e);
		return false;
	}
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return false;
	}
	return true;
}

void
h_report(struct wreq *w)
{
	struct tip_input in;
	struct tip_errors errs = {0};
	char receipt[17], shown[20];
	json_t *ctx;

	if (tip_input_from_form(w->r->arena, &w->r->form, &in, &errs) != SOD_OK) {
		discard_uploads(w);
		render_report(w, 400, &errs);
		return;
	}
	in.channel = "web";
	if (!file_tip(w, &in, receipt))
		return;
	receipt_format(receipt, shown);
	ctx = page_ctx(w, "receipt.title");
	json_object_set_new(ctx, "receipt", json_string(shown));
	page_render(w, 201, "receipt", ctx);
	sodium_memzero(receipt, sizeof(receipt));
}

void
h_api_tip_create(struct wreq *w)
{
	struct tip_input in;
	struct tip_errors errs = {0};
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
	if (!file_tip(w, &in, receipt))
		return;
	json_reply(w, 201, json_pack("{s:s}", "receipt", receipt));
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
	const char *pre = req_cookie(w->r, PRE_COOKIE);
	char fresh[SEC_TOKEN_LEN + 1];

	if (pre == NULL || strlen(pre) != SEC_TOKEN_LEN) {
		sec_token_new(fresh);
		pre = arena_strdup(w->r->arena, fresh);
		req_set_cookie(w->r, PRE_COOKIE, pre, 3600);
	}
	json_object_set_new(ctx, "csrf", json_string(pre));
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
	json_object_set_new(ctx, "tip", tip_json(w, &v, true));
	json_object_set_new(ctx, "csrf", json_string(req_cookie(w->r, REPORTER_COOKIE)));
	page_render(w, 200, "follow_tip", ctx);
}

void
h_follow_message(struct wreq *w)
{
	const char *token = req_cookie(w->r, REPORTER_COOKIE);
	const char *sent = form_str(w, "csrf");
	enum sod_err err;

	/* The reporter's session token doubles as its CSRF token. */
	if (token == NULL || !str_ct_eq(sent, token)) {
		web_error(w, SOD_ECSRF, NULL, NULL, NULL);
		return;
	}
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
	o = tip_json(w, &v, true);
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

/* ---- officers ------------------------------------------------------------------------ */

static bool
reader(struct wreq *w, struct tip_reader *r)
{
	enum sod_err err = tip_reader_open(w->sys, w->r->arena, &w->ses, w->token, r);

	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return false;
	}
	return true;
}

/* Filters from the query string; NULL for absent or empty. */
static const char *
q_opt(struct wreq *w, const char *name)
{
	const char *v = req_query(w->r, name);

	return v && v[0] ? v : NULL;
}

static bool
list_tips(struct wreq *w, struct tip_view **items, size_t *n, int64_t *total,
          int64_t *limit, int64_t *offset)
{
	struct tip_reader r;
	struct tip_filter f = {q_opt(w, "status"), q_opt(w, "category"), q_opt(w, "province"),
	                       q_opt(w, "from"), q_opt(w, "to")};
	const char *q = req_query(w->r, "q");
	char before[11];
	const char *bad;
	enum sod_err err;

	if (!paging(w, limit, offset) || !reader(w, &r))
		return false;
	if (q && text_check(q, strlen(q), 800, 200, false) != SOD_OK) {
		web_error(w, SOD_EINVAL, NULL, "q", "error.field.text");
		return false;
	}
	if ((bad = tip_filter_check(&f)) != NULL) {
		web_error(w, SOD_EINVAL, NULL, bad, "error.field.filter");
		return false;
	}
	if (q_opt(w, "overdue") != NULL)
		tip_filter_overdue(&f, before);
	err = tip_list(w->sys, w->r->arena, &r, &f, q, *limit, *offset, items, n, total);
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return false;
	}
	return true;
}

void
h_tips(struct wreq *w)
{
	struct tip_view *items;
	size_t n;
	int64_t total, limit, offset;
	json_t *ctx, *list;

	if (!list_tips(w, &items, &n, &total, &limit, &offset))
		return;
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, tip_json(w, &items[i], false));
	ctx = page_ctx(w, "tips.title");
	json_object_set_new(ctx, "tips", list);
	json_object_set_new(ctx, "has_tips", json_boolean(n > 0));
	json_object_set_new(ctx, "total", json_integer(total));
	json_object_set_new(ctx, "q", json_string(req_query(w->r, "q") ?: ""));
	json_object_set_new(ctx, "categories", categories(w, q_opt(w, "category")));
	json_object_set_new(ctx, "provinces", provinces(w, q_opt(w, "province")));
	json_object_set_new(ctx, "from", json_string(q_opt(w, "from") ?: ""));
	json_object_set_new(ctx, "to", json_string(q_opt(w, "to") ?: ""));
	{
		const char *sel = q_opt(w, "status");
		json_t *opts = json_array();
		char key[48];

		for (const char *const *st = tip_statuses; *st; st++) {
			snprintf(key, sizeof(key), "tip_status.%s", *st);
			json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", *st,
			    "label", i18n_get(w->lang, key), "selected", sel && !strcmp(sel, *st)));
		}
		json_object_set_new(ctx, "statuses", opts);
	}
	page_render(w, 200, "tips", ctx);
}

void
h_api_tips(struct wreq *w)
{
	struct tip_view *items;
	size_t n;
	int64_t total, limit, offset;
	json_t *list;

	if (!list_tips(w, &items, &n, &total, &limit, &offset))
		return;
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, tip_json(w, &items[i], false));
	json_reply(w, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", list, "total",
	                             (json_int_t)total, "limit", (json_int_t)limit,
	                             "offset", (json_int_t)offset));
}

static bool
open_tip(struct wreq *w, struct tip_reader *r, struct tip_view *v)
{
	int64_t id;
	enum sod_err err;

	if (!str_to_i64(slice_from(w->r->captures[0]), 1, INT64_MAX, &id)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return false;
	}
	if (!reader(w, r))
		return false;
	if ((err = tip_open(w->sys, w->r->arena, r, id, v)) != SOD_OK) {
		/* Another unit's tip is not found, not forbidden: its existence
		 * is not for this reader to know. */
		web_error(w, err == SOD_EPERM ? SOD_ENOTFOUND : err, NULL, NULL, NULL);
		return false;
	}
	return true;
}

void
h_tip(struct wreq *w)
{
	struct tip_reader r;
	struct tip_view v;
	json_t *ctx;

	if (!open_tip(w, &r, &v))
		return;
	ctx = page_ctx(w, "tip.title");
	json_object_set_new(ctx, "tip", tip_json(w, &v, true));
	if (v.rec.has_identity) {
		struct identity_request *q;
		struct identity id;
		size_t nq;
		json_t *list = json_array();

		if (tip_identity_requests(w->sys, w->r->arena, &r, v.rec.id, &q, &nq) == SOD_OK) {
			for (size_t i = 0; i < nq; i++) {
				char key[64];

				snprintf(key, sizeof(key), "idreq_status.%s", q[i].status);
				json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "requester",
				    q[i].requester, "reason", q[i].reason, "status",
				    i18n_get(w->lang, key), "on", q[i].requested_on));
			}
		}
		json_object_set_new(ctx, "id_requests", list);
		if (tip_identity_read(w->sys, w->r->arena, &r, v.rec.id, &id) == SOD_OK)
			json_object_set_new(ctx, "identity", json_pack("{s:s, s:s, s:s}", "name",
			                    id.name, "phone", id.phone, "email", id.email));
	}
	json_object_set_new(ctx, "can_triage", json_boolean(v.readable &&
	    (strcmp(v.rec.status, "new") == 0 || strcmp(v.rec.status, "acknowledged") == 0)));
	page_render(w, 200, "tip", ctx);
}

void
h_api_tip(struct wreq *w)
{
	struct tip_reader r;
	struct tip_view v;

	if (!open_tip(w, &r, &v))
		return;
	json_reply(w, 200, tip_json(w, &v, true));
}

static void
reply(struct wreq *w, const char *body)
{
	struct tip_reader r;
	struct tip_view v;
	enum sod_err err;

	if (!open_tip(w, &r, &v))
		return;
	if (!v.readable) {
		web_error(w, SOD_EPERM, "no_key", NULL, "tip.no_key");
		return;
	}
	err = tip_reply(w->sys, w->r->arena, &r, v.rec.id, body);
	if (err) {
		web_error(w, err, NULL, err == SOD_EINVAL ? "body" : NULL,
		          err == SOD_EINVAL ? "error.field.required" : NULL);
		return;
	}
	if (w->route->api)
		json_reply(w, 201, json_pack("{s:b}", "ok", 1));
	else
		req_redirect(w->r, arena_printf(w->r->arena, "/tips/%lld", (long long)v.rec.id) ?: "/tips");
}

void
h_tip_message(struct wreq *w)
{
	reply(w, form_str(w, "body"));
}

void
h_api_tip_message(struct wreq *w)
{
	json_t *in = json_loadb(w->r->body, w->r->body_len, JSON_REJECT_DUPLICATES, NULL);
	const char *body = json_string_value(json_object_get(in, "body"));

	if (body == NULL) {
		json_decref(in);
		web_error(w, SOD_EINVAL, in ? "wrong_type" : "invalid_json", "body",
		          "error.field.string");
		return;
	}
	reply(w, arena_strdup(w->r->arena, body));
	json_decref(in);
}

void
h_tip_status(struct wreq *w)
{
	struct tip_reader r;
	struct tip_view v;
	enum sod_err err;

	if (!open_tip(w, &r, &v))
		return;
	err = tip_set_status(w->sys, w->r->arena, &r, v.rec.id, form_str(w, "status"),
	                     form_str(w, "reason"));
	if (err) {
		web_error(w, err, NULL, err == SOD_EINVAL ? "reason" : NULL,
		          err == SOD_EINVAL ? "tip.reason_needed" : NULL);
		return;
	}
	req_redirect(w->r, arena_printf(w->r->arena, "/tips/%lld", (long long)v.rec.id) ?: "/tips");
}

void
h_tip_file(struct wreq *w)
{
	struct tip_reader r;
	const char *name, *type;
	int64_t tip, file;
	char *disposition;
	enum sod_err err;

	if (!str_to_i64(slice_from(w->r->captures[0]), 1, INT64_MAX, &tip) ||
	    !str_to_i64(slice_from(w->r->captures[1]), 1, INT64_MAX, &file)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return;
	}
	if (!reader(w, &r))
		return;
	buf_free(&w->r->resp);
	buf_init(&w->r->resp, 64u << 20);
	err = tip_file_read(w->sys, w->r->arena, &r, tip, file, &name, &type, &w->r->resp);
	if (err) {
		web_error(w, err == SOD_EPERM ? SOD_ENOTFOUND : err, NULL, NULL, NULL);
		return;
	}
	/* Always a download, never shown inline: evidence may be hostile. The
	 * name travels RFC 5987-encoded, so no byte of it reaches the header raw. */
	{
		struct buf enc;

		buf_init(&enc, 2048);
		for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
			if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			    (*c >= '0' && *c <= '9') || *c == '.' || *c == '-' || *c == '_')
				buf_putc(&enc, (char)*c);
			else
				buf_printf(&enc, "%%%02X", *c);
		}
		disposition = arena_printf(w->r->arena,
		                           "attachment; filename=\"evidence-%lld\"; filename*=UTF-8''%s",
		                           (long long)file, enc.data ? enc.data : "");
		buf_free(&enc);
	}
	req_add_header(w->r, "Content-Disposition", disposition ? disposition : "attachment");
	req_reply(w->r, 200, "application/octet-stream");
	(void)type;
}

/* ---- tips received by phone, letter or in person ------------------------------------ */

static const char *const channels[] = {"phone", "letter", "in_person", NULL};

static void
render_intake(struct wreq *w, int status, const struct tip_errors *errs)
{
	json_t *ctx = page_ctx(w, "intake.title"), *form = json_object(), *list = json_array();

	for (size_t i = 0; i < w->r->form.n; i++)
		if (strcmp(w->r->form.fields[i].name, "csrf") != 0)
			json_object_set_new(form, w->r->form.fields[i].name,
			                    json_string(w->r->form.fields[i].value));
	for (const char *const *c = channels; *c; c++) {
		char key[64];

		snprintf(key, sizeof(key), "channel.%s", *c);
		json_array_append_new(list, json_pack("{s:s, s:s}", "value", *c, "label",
		                                      i18n_get(w->lang, key)));
	}
	json_object_set_new(ctx, "channels", list);
	json_object_set_new(ctx, "categories", categories(w, NULL));
	json_object_set_new(ctx, "provinces", provinces(w, NULL));
	json_object_set_new(ctx, "form", form);
	if (errs != NULL && errs->n > 0) {
		list = json_array();
		for (size_t i = 0; i < errs->n; i++) {
			char key[64];

			snprintf(key, sizeof(key), "report.field.%s",
			         errs->e[i].field ? errs->e[i].field : "form");
			json_array_append_new(list, json_pack("{s:s, s:s}", "field",
			    i18n_get(w->lang, key), "message", i18n_get(w->lang, errs->e[i].key)));
		}
		json_object_set_new(ctx, "errors", list);
	}
	page_render(w, status, "intake", ctx);
}

void
h_intake_form(struct wreq *w)
{
	render_intake(w, 200, NULL);
}

void
h_intake(struct wreq *w)
{
	struct tip_input in;
	struct tip_errors errs = {0};
	const char *channel = form_str(w, "channel");
	char receipt[17], shown[20];
	bool ok = false, allowed = false;
	struct unit_rec u;
	json_t *ctx;

	for (const char *const *c = channels; *c; c++)
		ok = ok || strcmp(*c, channel) == 0;
	if (tip_input_from_form(w->r->arena, &w->r->form, &in, &errs) != SOD_OK || !ok) {
		if (!ok && errs.n < TIP_MAX_ERRORS)
			errs.e[errs.n++] = (struct verr){"channel", "error.field.required"};
		render_intake(w, 400, &errs);
		return;
	}
	/* An officer files on behalf of a reporter into a unit of their own line. */
	if (unit_get(w->sys, w->r->arena, in.unit, &u, NULL) != SOD_OK ||
	    auth_can(w->sys, &w->ses, ROLE_OFFICER, u.id, &allowed) != SOD_OK || !allowed) {
		struct tip_errors e = {1, {{"unit", "error.field.unit_unknown"}}};

		render_intake(w, 400, &e);
		return;
	}
	in.channel = channel;
	in.entered_by = &w->ses;
	if (!file_tip(w, &in, receipt))
		return;
	receipt_format(receipt, shown);
	ctx = page_ctx(w, "receipt.title");
	json_object_set_new(ctx, "receipt", json_string(shown));
	json_object_set_new(ctx, "for_reporter", json_true());
	page_render(w, 201, "receipt", ctx);
	sodium_memzero(receipt, sizeof(receipt));
}

/* ---- the identity custodian -------------------------------------------------------- */

void
h_identity_ask(struct wreq *w)
{
	struct tip_reader r;
	struct tip_view v;
	int64_t id;
	enum sod_err err;

	if (!open_tip(w, &r, &v))
		return;
	err = tip_identity_ask(w->sys, w->r->arena, &r, v.rec.id, form_str(w, "reason"), &id);
	if (err) {
		web_error(w, err, NULL, err == SOD_EINVAL ? "reason" : NULL,
		          err == SOD_EINVAL ? "identity.reason_needed" : NULL);
		return;
	}
	req_redirect(w->r, arena_printf(w->r->arena, "/tips/%lld", (long long)v.rec.id) ?: "/tips");
}

void
h_custodian(struct wreq *w)
{
	struct tip_reader r;
	struct identity_request *q;
	size_t n;
	json_t *ctx, *list;
	enum sod_err err;

	if (!reader(w, &r))
		return;
	if ((err = tip_identity_pending(w->sys, w->r->arena, &r, &q, &n)) != SOD_OK) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:I, s:s, s:s, s:s}", "id",
		    (json_int_t)q[i].id, "tip", (json_int_t)q[i].tip_id, "requester", q[i].requester,
		    "reason", q[i].reason, "on", q[i].requested_on));
	ctx = page_ctx(w, "custodian.title");
	json_object_set_new(ctx, "requests", list);
	page_render(w, 200, "custodian", ctx);
}

void
h_identity_decide(struct wreq *w)
{
	struct tip_reader r;
	int64_t id;
	const char *decision = form_str(w, "decision");
	enum sod_err err;

	if (!str_to_i64(slice_from(w->r->captures[0]), 1, INT64_MAX, &id) ||
	    (strcmp(decision, "approve") != 0 && strcmp(decision, "refuse") != 0)) {
		web_error(w, SOD_EINVAL, NULL, "decision", "error.field.required");
		return;
	}
	if (!reader(w, &r))
		return;
	err = tip_identity_decide(w->sys, w->r->arena, &r, id, strcmp(decision, "approve") == 0);
	if (err) {
		web_error(w, err, NULL, NULL,
		          err == SOD_ECONFLICT ? "identity.cannot_reseal" : NULL);
		return;
	}
	req_redirect(w->r, "/custodian");
}

/* ---- the audit trail ------------------------------------------------------------------ */

void
h_api_audit(struct wreq *w)
{
	struct audit_entry *e;
	size_t n;
	int64_t total, limit, offset;
	json_t *items, *ctx;
	enum sod_err err;

	if (!paging(w, &limit, &offset))
		return;
	err = tip_audit_trail(w->sys, w->r->arena, &w->ses, req_query(w->r, "object"), limit,
	                      offset, &e, &n, &total);
	if (err) {
		/* Another line's object: as if it did not exist. */
		web_error(w, err == SOD_EPERM ? SOD_ENOTFOUND : err, NULL,
		          err == SOD_EINVAL ? "object" : NULL,
		          err == SOD_EINVAL ? "error.field.audit_object" : NULL);
		return;
	}
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		char when[64];

		date_format(when, sizeof(when), e[i].at, DATE_TIME, w->lang, false);
		char key[64];

		date_format(when, sizeof(when), e[i].at, DATE_TIME, w->lang, false);
		snprintf(key, sizeof(key), "audit_action.%s", e[i].action);
		json_array_append_new(items, json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s}",
		    "id", (json_int_t)e[i].id, "at", (json_int_t)e[i].at, "when", when, "account",
		    (json_int_t)e[i].account_id, "who", e[i].username, "action", e[i].action,
		    "action_label", i18n_get(w->lang, key) != key ? i18n_get(w->lang, key)
		                                                 : e[i].action,
		    "object", e[i].object, "detail", e[i].detail));
	}
	if (w->route->api) {
		json_reply(w, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total",
		                             (json_int_t)total, "limit", (json_int_t)limit, "offset",
		                             (json_int_t)offset));
		return;
	}
	ctx = page_ctx(w, "audit.title");
	json_object_set_new(ctx, "object", json_string(req_query(w->r, "object")));
	json_object_set_new(ctx, "items", items);
	json_object_set_new(ctx, "total", json_integer(total));
	if (offset + limit < total)
		json_object_set_new(ctx, "next", json_integer(offset + limit));
	page_render(w, 200, "audit", ctx);
}

void
h_tip_note(struct wreq *w)
{
	struct tip_reader r;
	struct tip_view v;
	enum sod_err err;

	if (!open_tip(w, &r, &v))
		return;
	if ((err = tip_note(w->sys, w->r->arena, &r, v.rec.id, form_str(w, "body")))) {
		web_error(w, err, NULL, err == SOD_EINVAL ? "body" : NULL,
		          err == SOD_EINVAL ? "error.field.required" : NULL);
		return;
	}
	req_redirect(w->r, arena_printf(w->r->arena, "/tips/%lld", (long long)v.rec.id) ?: "/tips");
}

void
h_tip_tag(struct wreq *w)
{
	struct tip_reader r;
	struct tip_view v;
	enum sod_err err;

	if (!open_tip(w, &r, &v))
		return;
	err = tip_tag(w->sys, w->r->arena, &r, v.rec.id, form_str(w, "tag"),
	              strcmp(form_str(w, "remove"), "1") != 0);
	if (err) {
		web_error(w, err, NULL, err == SOD_EINVAL ? "tag" : NULL,
		          err == SOD_EINVAL ? "error.field.text" : NULL);
		return;
	}
	req_redirect(w->r, arena_printf(w->r->arena, "/tips/%lld", (long long)v.rec.id) ?: "/tips");
}
