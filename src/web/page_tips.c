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
#include "domain/geo.h"
#include "domain/unit.h"
#include "text/utf8.h"
#include "util/log.h"
#include "util/str.h"
#include "web/field.h"
#include "web/i18n.h"

/* ---- officers ------------------------------------------------------------------------ */


/* Filters from the query string; NULL for absent or empty. */
static const char *
q_opt(struct wreq *w, const char *name)
{
	const char *v = req_query(w->r, name);

	return v && v[0] ? v : NULL;
}

/* from and to of the tips list: ISO on both routes. */
struct range {
	const char *from, *to;
};

/* A page of the list: its items, the total, and where the next starts. */
struct tip_page {
	struct tip_view *items;
	size_t n;
	int64_t total, limit, offset, cursor, next;
};

static bool
list_tips(struct wreq *w, const struct range *dates, struct tip_page *p)
{
	struct tip_reader r;
	struct tip_filter f = {q_opt(w, "status"), q_opt(w, "category"), q_opt(w, "province"),
	                       dates->from, dates->to};
	const char *q = req_query(w->r, "q");
	char before[11];
	const char *bad;
	enum sod_err err;

	const char *cursor = q_opt(w, "cursor");

	p->cursor = 0;
	if (!paging(w, &p->limit, &p->offset))
		return false;
	/* Keyset paging: the tips older than the cursor (the last id seen). */
	if (cursor != NULL && !str_to_i64(slice_from(cursor), 1, INT64_MAX, &p->cursor)) {
		web_error(w, SOD_EINVAL, NULL, "cursor", "error.field.cursor");
		return false;
	}
	if (!tipw_reader(w, &r))
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
	err = tip_list(w->sys, w->r->arena, &r, &f, q, p->limit, p->offset, p->cursor, &p->items,
	               &p->n, &p->total, &p->next);
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return false;
	}
	return true;
}

/*
 * A date filter of the page: typed as people write it (8/12/2569), kept
 * as ISO in *iso (NULL when empty), shown back in the reader's form. False
 * with the field's error set when it is not a date.
 */
static bool
date_filter(struct wreq *w, json_t *fields, const char *name, const char *label,
            const char **iso)
{
	const char *typed = q_opt(w, name);
	json_t *f = field_new(w, FIELD_DATE, name, label);
	struct cdate d;

	*iso = NULL;
	json_object_set_new(fields, name, f);
	if (typed == NULL)
		return true;
	if (!date_parse_input(typed, strlen(typed), &d)) {
		field_value(f, typed);
		field_error(w, f, "error.field.date");
		return false;
	}
	field_date(w, f, d);
	*iso = arena_printf(w->r->arena, "%04d-%02d-%02d", d.year, d.month, d.day);
	return *iso != NULL;
}

/* The filters of /tips as fields (field.h): one box each, so they line up. */
static json_t *
tip_filters(struct wreq *w, struct range *dates, bool *ok)
{
	json_t *fields = json_object(), *f;
	const char *prov;
	char key[48];

	f = field_new(w, FIELD_TEXT, "q", "tips.search");
	field_set(f, false, 200, "search", NULL, "off");
	field_value(f, req_query(w->r, "q"));
	json_object_set_new(fields, "q", f);
	f = field_new(w, FIELD_SELECT, "category", "report.field.category");
	field_blank(w, f, "form.any");
	field_value(f, q_opt(w, "category"));
	for (int c = 0; c < TIP_CATEGORY__MAX; c++) {
		const char *name = tip_category_name((enum tip_category)c);

		snprintf(key, sizeof(key), "tip_category.%s", name);
		field_option(f, NULL, name, i18n_get(w->lang, key));
	}
	json_object_set_new(fields, "category", f);
	f = field_new(w, FIELD_SELECT, "status", "tips.status");
	field_blank(w, f, "form.any");
	field_value(f, q_opt(w, "status"));
	for (const char *const *st = tip_statuses; *st; st++) {
		snprintf(key, sizeof(key), "tip_status.%s", *st);
		field_option(f, NULL, *st, i18n_get(w->lang, key));
	}
	json_object_set_new(fields, "status", f);
	f = field_new(w, FIELD_SELECT, "province", "report.field.province");
	field_blank(w, f, "form.any");
	field_value(f, q_opt(w, "province"));
	for (size_t i = 0; (prov = geo_province_at(i)) != NULL; i++)
		field_option(f, NULL, prov, geo_province(prov, w->lang));
	json_object_set_new(fields, "province", f);
	*ok = date_filter(w, fields, "from", "tips.from", &dates->from);
	*ok = date_filter(w, fields, "to", "tips.to", &dates->to) && *ok;
	return fields;
}

void
h_tips(struct wreq *w)
{
	struct tip_page p = {0};
	struct range dates;
	int64_t seen = 0;
	bool ok;
	const char *seen_q = q_opt(w, "seen");
	json_t *ctx, *list, *filters = tip_filters(w, &dates, &ok);

	/* seen: how many tips the pages before a cursor showed (for "51–100"). */
	if (seen_q != NULL && !str_to_i64(slice_from(seen_q), 0, INT64_MAX / 4, &seen))
		seen = 0;
	if (ok && !list_tips(w, &dates, &p)) {
		json_decref(filters);
		return;
	}
	if (p.cursor == 0)
		seen = 0;
	list = json_array();
	for (size_t i = 0; i < p.n; i++)
		json_array_append_new(list, tipw_json(w, &p.items[i], false));
	ctx = page_ctx(w, "tips.title");
	json_object_set_new(ctx, "tips", list);
	json_object_set_new(ctx, "has_tips", json_boolean(p.n > 0));
	json_object_set_new(ctx, "total", json_integer(p.total));
	json_object_set_new(ctx, "overdue", json_boolean(q_opt(w, "overdue") != NULL));
	json_object_set_new(ctx, "filtered", json_boolean(req_query(w->r, "q") || q_opt(w, "category") ||
	                    q_opt(w, "status") || q_opt(w, "province") || dates.from || dates.to));
	json_object_set_new(ctx, "errors", field_errors(filters));
	json_object_set_new(ctx, "f", filters);
	if (ok && (p.offset > 0 || p.cursor > 0 || p.next > 0)) {
		int64_t first = seen + p.offset + 1;

		/* Forms, not links: the filters ride along as hidden fields,
		 * escaped by the template, with no URL to build by hand. Next
		 * is a keyset cursor (the last tip's id); back goes by offset
		 * from the first page, or to the first page after a cursor. */
		json_object_set_new(ctx, "pages", json_pack("{s:b, s:b, s:I, s:b, s:I, s:I, s:I, s:I}",
		    "has_prev", p.offset > 0 && p.cursor == 0, "has_first", p.cursor > 0,
		    "prev_offset", (json_int_t)(p.offset > p.limit ? p.offset - p.limit : 0),
		    "has_next", p.next > 0, "next_cursor", (json_int_t)p.next,
		    "next_seen", (json_int_t)(first - 1 + (int64_t)p.n),
		    "first", (json_int_t)first, "last", (json_int_t)(first - 1 + (int64_t)p.n)));
	}
	page_render(w, ok ? 200 : 400, "tips", ctx);
}

void
h_api_tips(struct wreq *w)
{
	struct tip_page p;
	json_t *list;

	if (!list_tips(w, &(struct range){q_opt(w, "from"), q_opt(w, "to")}, &p))
		return;
	list = json_array();
	for (size_t i = 0; i < p.n; i++)
		json_array_append_new(list, tipw_json(w, &p.items[i], false));
	json_reply(w, 200, json_pack("{s:o, s:I, s:I, s:I, s:o}", "items", list, "total",
	                             (json_int_t)p.total, "limit", (json_int_t)p.limit,
	                             "offset", (json_int_t)p.offset, "next_cursor",
	                             p.next > 0 ? json_sprintf("%lld", (long long)p.next)
	                                        : json_null()));
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
		web_done(w, arena_printf(w->r->arena, "/tips/%lld", (long long)v.rec.id) ?: "/tips", "sent");
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
	if (strcmp(form_str(w, "status"), "rejected") == 0 && form_str(w, "reason")[0] != '\0' &&
	    !web_confirmed(w, "confirm.reject_tip", form_str(w, "reason"), arena_printf(w->r->arena, "/tips/%lld", (long long)v.rec.id) ?: "/tips"))
		return;
	err = tip_set_status(w->sys, w->r->arena, &r, v.rec.id, form_str(w, "status"),
	                     form_str(w, "reason"));
	if (err) {
		web_error(w, err, NULL, err == SOD_EINVAL ? "reason" : NULL,
		          err == SOD_EINVAL ? "tip.reason_needed" : NULL);
		return;
	}
	web_done(w, arena_printf(w->r->arena, "/tips/%lld", (long long)v.rec.id) ?: "/tips",
	         strcmp(form_str(w, "status"), "rejected") == 0 ? "tip_rejected" : "tip_acknowledged");
}

/* The streamed body of an evidence download (http_read_fn). */
long
evidence_chunk(void *ctx, uint64_t pos, char *buf, size_t max)
{
	size_t n;
	enum sod_err err = stream_reader_next(ctx, buf, max, &n);

	(void)pos;
	if (err) {
		LOG_ERR("evidence file: %s", sod_strerror(err));
		return HTTP_READ_ERROR;
	}
	return n == 0 ? HTTP_READ_END : (long)n;
}

void
evidence_close(void *ctx)
{
	struct stream_reader *r = ctx;

	stream_reader_free(&r);
}

void
h_tip_file(struct wreq *w)
{
	struct tip_reader r;
	struct stream_reader *in = NULL;
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
	err = tip_file_read(w->sys, w->r->arena, &r, tip, file, &name, &type, &in);
	if (err) {
		web_error(w, err == SOD_EPERM ? SOD_ENOTFOUND : err, NULL, NULL, NULL);
		return;
	}
	/* Always a download, never shown inline: evidence may be hostile. The
	 * name travels RFC 5987-encoded, so no byte of it reaches the header raw. */
	disposition = web_disposition(w, arena_printf(w->r->arena, "evidence-%lld",
	                                              (long long)file) ?: "evidence", name);
	req_add_header(w->r, "Content-Disposition", disposition ? disposition : "attachment");
	/* Streamed: decrypted 64 KiB at a time as the client reads
	 * [evidence-streamed]; the reader is the response's from here on. */
	req_reply_stream(w->r, 200, "application/octet-stream", evidence_chunk, evidence_close, in);
	(void)type;
}

/* ---- tips received by phone, letter or in person ------------------------------------ */

static const char *const channels[] = {"phone", "letter", "in_person", NULL};

static void
render_intake(struct wreq *w, int status, const struct tip_errors *errs)
{
	json_t *ctx = page_ctx(w, "intake.title"), *summary;

	json_object_set_new(ctx, "f", tipw_form_fields(w, errs, true, channels, &summary));
	json_object_set_new(ctx, "errors", summary);
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
	web_done(w, arena_printf(w->r->arena, "/tips/%lld", (long long)v.rec.id) ?: "/tips", "note_added");
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
	web_done(w, arena_printf(w->r->arena, "/tips/%lld", (long long)v.rec.id) ?: "/tips", "tags_saved");
}
