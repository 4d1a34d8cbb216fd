/*
 * page_tips.c — the officers' side of tips: the list (with search and
 * filters), one tip, replies to the reporter, status changes, evidence
 * downloads, internal notes and tags, and tips entered by an officer for
 * a reporter who came by phone, letter or in person.
 *
 * The reporter's pages are in page_report.c, the identity custodian's in
 * page_identity.c, the audit trail in page_audit.c.
 */
#include "web/tip_web.h"

#include <string.h>

#include <sodium.h>

#include "crypto/receipt.h"
#include "domain/unit.h"
#include "text/utf8.h"
#include "util/str.h"
#include "web/i18n.h"

/* ---- officers ------------------------------------------------------------------------ */


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

	if (!paging(w, limit, offset) || !tipw_reader(w, &r))
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
		json_array_append_new(list, tipw_json(w, &items[i], false));
	ctx = page_ctx(w, "tips.title");
	json_object_set_new(ctx, "tips", list);
	json_object_set_new(ctx, "has_tips", json_boolean(n > 0));
	json_object_set_new(ctx, "total", json_integer(total));
	json_object_set_new(ctx, "q", json_string(req_query(w->r, "q") ?: ""));
	json_object_set_new(ctx, "categories", tipw_categories(w, q_opt(w, "category")));
	json_object_set_new(ctx, "provinces", tipw_provinces(w, q_opt(w, "province")));
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
		json_array_append_new(list, tipw_json(w, &items[i], false));
	json_reply(w, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", list, "total",
	                             (json_int_t)total, "limit", (json_int_t)limit,
	                             "offset", (json_int_t)offset));
}


void
h_tip(struct wreq *w)
{
	struct tip_reader r;
	struct tip_view v;
	json_t *ctx;

	if (!tipw_open(w, &r, &v))
		return;
	ctx = page_ctx(w, "tip.title");
	json_object_set_new(ctx, "tip", tipw_json(w, &v, true));
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

	if (!tipw_open(w, &r, &v))
		return;
	json_reply(w, 200, tipw_json(w, &v, true));
}

static void
reply(struct wreq *w, const char *body)
{
	struct tip_reader r;
	struct tip_view v;
	enum sod_err err;

	if (!tipw_open(w, &r, &v))
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

	if (!tipw_open(w, &r, &v))
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
	if (!tipw_reader(w, &r))
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
	json_object_set_new(ctx, "categories", tipw_categories(w, NULL));
	json_object_set_new(ctx, "provinces", tipw_provinces(w, NULL));
	json_object_set_new(ctx, "form", form);
	if (errs != NULL && errs->n > 0)
		json_object_set_new(ctx, "errors", tipw_errors(w, errs));
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
	if (!tipw_file(w, &in, receipt, render_intake))
		return;
	receipt_format(receipt, shown);
	ctx = page_ctx(w, "receipt.title");
	json_object_set_new(ctx, "receipt", json_string(shown));
	json_object_set_new(ctx, "for_reporter", json_true());
	page_render(w, 201, "receipt", ctx);
	sodium_memzero(receipt, sizeof(receipt));
}

/* ---- notes and tags ------------------------------------------------------------------ */

void
h_tip_note(struct wreq *w)
{
	struct tip_reader r;
	struct tip_view v;
	enum sod_err err;

	if (!tipw_open(w, &r, &v))
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

	if (!tipw_open(w, &r, &v))
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
