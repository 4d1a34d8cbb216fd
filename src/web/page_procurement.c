/*
 * page_procurement.c — procurement risk on the web: the indicators
 * (GET /api/v1/flags, public), the risk list (GET /api/v1/procurements
 * and the page /procurements) and one procurement with its flags and the
 * facts that raised them (GET /api/v1/procurements/{ocid} and the page
 * /procurements/{ocid}). Who sees what is in docs/procurement.md: the
 * indicators are public; lists and flags are for officers and
 * supervisors of any line, since every procurement is public data and no
 * line owns one. Every answer that shows a flag says that a flag marks a
 * risk, not proof of corruption.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain/flags.h"
#include "domain/procurement.h"
#include "util/str.h"
#include "web/i18n.h"
#include "web/web.h"

/* Satang as a JSON number of baht (an integer when whole); null if unknown. */
static json_t *
baht(int64_t satang)
{
	if (satang < 0)
		return json_null();
	if (satang % 100 == 0)
		return json_integer(satang / 100);
	return json_real((double)satang / 100.0);
}

static json_t *
iso_time(int64_t t)
{
	char buf[32];
	struct tm tm;
	time_t tt = (time_t)t;

	if (t <= 0)
		return json_null();
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

static json_t *
iso_day(int64_t day)
{
	char buf[16];
	struct cdate d;

	if (day <= 0)
		return json_null();
	d = date_of_unix(day * 86400);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", d.year, d.month, d.day);
	return json_string(buf);
}

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
flag_params_json(const struct flag_def *d, const struct flag_params *p)
{
	json_t *o = json_object();

	for (int i = 0; d->params[i]; i++)
		json_object_set_new(o, d->params[i], json_real(flag_param_value(p, d->params[i])));
	return o;
}

void
h_api_flags(struct wreq *w)
{
	json_t *items = json_array();
	struct flag_params defaults;
	const struct flag_params *p = w->sys->flags;

	if (p == NULL) {
		flag_params_default(&defaults);
		p = &defaults;
	}
	for (int i = 0; i < FLAG__MAX; i++) {
		const struct flag_def *d = &flag_defs[i];

		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}",
		    "id", d->id, "name_th", d->name_th, "name_en", d->name_en,
		    "description_th", d->description_th, "description_en", d->description_en,
		    "phase", d->phase, "basis", d->basis, "parameters", flag_params_json(d, p)));
	}
	json_reply(w, 200, items);
}

/* A query argument, NULL when absent or empty. */
static const char *
arg(struct wreq *w, const char *name)
{
	const char *v = req_query(w->r, name);

	return v && v[0] ? v : NULL;
}

/* The filter of the query string; false (answered) if a value is malformed. */
static bool
read_filter(struct wreq *w, struct proc_filter *f)
{
	const char *v;
	int64_t n;

	memset(f, 0, sizeof(*f));
	if (!paging(w, &f->limit, &f->offset))
		return false;
	f->flag = arg(w, "flag");
	f->buyer = arg(w, "buyer");
	f->supplier = arg(w, "supplier");
	f->province = arg(w, "province");
	if ((v = arg(w, "min_score")) != NULL) {
		if (!str_to_i64(slice_from(v), 0, FLAG__MAX, &f->min_score))
			goto bad_score;
	}
	if ((v = arg(w, "min_amount")) != NULL) {
		if (!str_to_i64(slice_from(v), 0, 1000000000000LL, &n)) {
			web_error(w, SOD_EINVAL, NULL, "min_amount", "error.invalid");
			return false;
		}
		f->min_amount = n * 100;
	}
	if ((v = arg(w, "year")) != NULL) {
		if (!str_to_i64(slice_from(v), 2400, 2800, &n)) {
			web_error(w, SOD_EINVAL, NULL, "year", "error.invalid");
			return false;
		}
		f->fiscal_year = (int)n;
	}
	return true;
bad_score:
	web_error(w, SOD_EINVAL, NULL, "min_score", "error.invalid");
	return false;
}

static json_t *
flag_ids(const char *joined)
{
	json_t *a = json_array();
	struct slice s = slice_from(joined ? joined : ""), head;

	while (s.len > 0) {
		if (!slice_cut(&s, ',', &head)) {
			head = s;
			s.len = 0;
		}
		json_array_append_new(a, json_stringn(head.p, head.len));
	}
	return a;
}

void
h_api_procurements(struct wreq *w)
{
	struct proc_filter f;
	struct proc_rec *items;
	const char *field;
	size_t n;
	int64_t total;
	json_t *arr;
	enum sod_err err;

	if (!read_filter(w, &f))
		return;
	err = proc_list(w->sys->store, w->r->arena, &f, &field, &items, &n, &total);
	if (err) {
		web_error(w, err, NULL, field, err == SOD_EINVAL ? "error.invalid" : NULL);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct proc_rec *p = &items[i];

		json_array_append_new(arr, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:I}",
		    "ocid", p->ocid, "title", p->title, "buyer", str_or_null(p->buyer_name),
		    "method", str_or_null(p->method), "amount", baht(p->amount),
		    "flags", flag_ids(p->flags), "score", (json_int_t)p->score));
	}
	json_reply(w, 200, json_pack("{s:o, s:I, s:s}", "items", arr, "total", (json_int_t)total,
	                             "disclaimer", i18n_get(w->lang, "procurement.disclaimer")));
}

static json_t *
org(const char *id, const char *name)
{
	return json_pack("{s:o, s:o}", "id", str_or_null(id), "name", str_or_null(name));
}

static json_t *
detail_json(struct wreq *w, const struct proc_rec *p)
{
	json_t *bids = json_array(), *awards = json_array(), *contracts = json_array();
	json_t *flags = json_array();

	for (size_t i = 0; i < p->n_bids; i++) {
		const struct proc_bid_rec *b = &p->bids[i];

		json_array_append_new(bids, json_pack("{s:o, s:o, s:o, s:o, s:o}",
		    "id", str_or_null(b->bid_id), "tenderer", org(b->tenderer_key, b->tenderer_name),
		    "amount", baht(b->amount), "date", iso_time(b->at), "status",
		    str_or_null(b->status)));
	}
	for (size_t i = 0; i < p->n_awards; i++) {
		const struct proc_award_rec *a = &p->awards[i];
		json_t *sup = org(a->supplier_key, a->supplier_name);

		json_object_set_new(sup, "tax_id", str_or_null(a->supplier_tax));
		json_array_append_new(awards, json_pack("{s:o, s:o, s:o, s:o, s:b}",
		    "id", str_or_null(a->award_id), "supplier", sup, "amount", baht(a->amount),
		    "date", iso_time(a->at), "active", a->active));
	}
	for (size_t i = 0; i < p->n_contracts; i++) {
		const struct proc_contract_rec *c = &p->contracts[i];

		json_array_append_new(contracts, json_pack("{s:o, s:o, s:o, s:o, s:o}",
		    "id", str_or_null(c->contract_id), "award_id", str_or_null(c->award_id),
		    "supplier", org(c->supplier_key, c->supplier_name), "amount", baht(c->amount),
		    "date_signed", iso_day(c->signed_day)));
	}
	for (size_t i = 0; i < p->n_flags; i++) {
		const struct flag_def *d = flag_find(p->flag_recs[i].indicator);

		json_array_append_new(flags, json_pack("{s:s, s:s, s:s, s:s, s:s}",
		    "id", p->flag_recs[i].indicator, "name_th", d ? d->name_th : "",
		    "name_en", d ? d->name_en : "", "phase", d ? d->phase : "",
		    "facts", p->flag_recs[i].facts ? p->flag_recs[i].facts : ""));
	}
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:{s:o, s:o}, s:o, s:o, s:I,"
	                 " s:o, s:o, s:o, s:o, s:s}",
	    "ocid", p->ocid, "title", p->title, "buyer", org(p->buyer_key, p->buyer_name),
	    "province", str_or_null(p->province), "method", str_or_null(p->method),
	    "amount", baht(p->amount), "reference_amount", baht(p->tender_amount),
	    "tender_period", "start", iso_time(p->tender_start), "end", iso_time(p->tender_end),
	    "fiscal_year", p->fiscal_year ? json_integer(p->fiscal_year) : json_null(),
	    "month", str_or_null(p->month), "score", (json_int_t)p->score,
	    "bids", bids, "awards", awards, "contracts", contracts, "flags", flags,
	    "disclaimer", i18n_get(w->lang, "procurement.disclaimer"));
}

void
h_api_procurement(struct wreq *w)
{
	struct proc_rec p;
	enum sod_err err;

	err = proc_get(w->sys->store, w->r->arena, w->r->captures[0], &p);
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	json_reply(w, 200, detail_json(w, &p));
}

/* ---- pages ------------------------------------------------------------------------ */

/* A query string of the filter (without paging), URL-encoded, for links. */
static const char *
filter_query(struct wreq *w)
{
	static const char *const names[] = {"flag", "buyer", "supplier", "province", "min_score",
	                                    "min_amount", "year", NULL};
	struct buf b;
	char *out;

	buf_init(&b, 4096);
	for (const char *const *n = names; *n; n++) {
		const char *v = arg(w, *n);

		if (v == NULL)
			continue;
		if (b.len)
			buf_putc(&b, '&');
		buf_puts(&b, *n);
		buf_putc(&b, '=');
		for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
			if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			    (*c >= '0' && *c <= '9') || strchr("-_.~", *c))
				buf_putc(&b, (char)*c);
			else
				buf_printf(&b, "%%%02X", *c);
		}
	}
	out = arena_strndup(w->r->arena, b.data ? b.data : "", b.len);
	buf_free(&b);
	return out ? out : "";
}

static json_t *
baht_text(struct wreq *w, int64_t satang)
{
	char b[64];

	if (satang < 0)
		return json_string("—");
	flags_baht(b, sizeof(b), satang);
	/* flags_baht writes "บาท"; English readers get "baht". */
	if (w->lang == LANG_EN) {
		char *sp = strrchr(b, ' ');

		if (sp)
			snprintf(sp, sizeof(b) - (size_t)(sp - b), " baht");
	}
	return json_string(b);
}

static json_t *
flag_names(struct wreq *w, const char *joined)
{
	json_t *a = flag_ids(joined), *out = json_array(), *v;
	size_t i;

	json_array_foreach(a, i, v) {
		const struct flag_def *d = flag_find(json_string_value(v));

		json_array_append_new(out, json_pack("{s:s, s:s}", "id", json_string_value(v),
		    "name", d ? (w->lang == LANG_EN ? d->name_en : d->name_th) : json_string_value(v)));
	}
	json_decref(a);
	return out;
}

static json_t *
row_json(struct wreq *w, const struct proc_rec *p)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:s}",
	    "ocid", p->ocid, "title", p->title[0] ? p->title : p->ocid,
	    "buyer", p->buyer_name ? p->buyer_name : "", "buyer_key", p->buyer_key ? p->buyer_key : "",
	    "method", p->method ? p->method : "", "amount", baht_text(w, p->amount),
	    "flags", flag_names(w, p->flags), "score", (json_int_t)p->score,
	    "province", p->province ? p->province : "");
}

/* An SVG bar chart of flags by month (oldest left), drawn by the template. */
static json_t *
month_chart(struct wreq *w, const char *buyer_key)
{
	struct proc_count_rec *m;
	size_t n;
	int64_t max = 1;
	json_t *bars = json_array();

	if (proc_flags_by_month(w->sys->store, w->r->arena, buyer_key, &m, &n) != SOD_OK || n == 0)
		return json_null();
	for (size_t i = 0; i < n; i++)
		max = m[i].n > max ? m[i].n : max;
	for (size_t k = 0; k < n; k++) {
		const struct proc_count_rec *r = &m[n - 1 - k];
		int64_t h = r->n * 120 / max;

		json_array_append_new(bars, json_pack("{s:I, s:I, s:I, s:I, s:I, s:s}",
		    "x", (json_int_t)(k * 28 + 4), "y", (json_int_t)(140 - h), "h", (json_int_t)h,
		    "tx", (json_int_t)(k * 28 + 16), "n", (json_int_t)r->n, "month",
		    r->key ? r->key : ""));
	}
	return json_pack("{s:o, s:I}", "bars", bars, "width", (json_int_t)(n * 28 + 8));
}

static json_t *
choices_flags(struct wreq *w, const char *sel)
{
	json_t *a = json_array();

	for (int i = 0; i < FLAG__MAX; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", flag_defs[i].id,
		    "label", w->lang == LANG_EN ? flag_defs[i].name_en : flag_defs[i].name_th,
		    "selected", sel && strcmp(sel, flag_defs[i].id) == 0));
	return a;
}

/* The risk list; also the buyer's and supplier's pages (kind "buyer", "supplier"). */
static void
render_list(struct wreq *w, const char *kind, const char *key)
{
	struct proc_filter f;
	struct proc_rec *items;
	const char *field;
	size_t n;
	int64_t total;
	json_t *ctx, *rows;
	enum sod_err err;

	if (!read_filter(w, &f))
		return;
	if (kind && strcmp(kind, "buyer") == 0)
		f.buyer = key;
	else if (kind)
		f.supplier = key;
	err = proc_list(w->sys->store, w->r->arena, &f, &field, &items, &n, &total);
	if (err) {
		web_error(w, err, NULL, field, err == SOD_EINVAL ? "error.invalid" : NULL);
		return;
	}
	ctx = page_ctx(w, kind ? (strcmp(kind, "buyer") == 0 ? "procurement.buyer"
	                                                   : "procurement.supplier")
	                       : "procurement.title");
	rows = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(rows, row_json(w, &items[i]));
	json_object_set_new(ctx, "items", rows);
	json_object_set_new(ctx, "total", json_integer(total));
	json_object_set_new(ctx, "query", json_string(filter_query(w)));
	json_object_set_new(ctx, "flag_choices", choices_flags(w, f.flag));
	json_object_set_new(ctx, "f", json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}",
	    "buyer", kind ? "" : (f.buyer ? f.buyer : ""), "supplier", kind ? "" : (f.supplier ? f.supplier : ""),
	    "province", f.province ? f.province : "", "min_score", arg(w, "min_score") ? arg(w, "min_score") : "",
	    "min_amount", arg(w, "min_amount") ? arg(w, "min_amount") : "",
	    "year", arg(w, "year") ? arg(w, "year") : ""));
	if (f.offset > 0)
		json_object_set_new(ctx, "prev", json_integer(f.offset > f.limit ? f.offset - f.limit : 0));
	if (f.offset + f.limit < total)
		json_object_set_new(ctx, "next", json_integer(f.offset + f.limit));
	json_object_set_new(ctx, "limit", json_integer(f.limit));
	if (kind) {
		struct proc_count_rec *c = NULL;
		size_t nc = 0;
		json_t *list = json_array();
		int64_t sum = 0;

		json_object_set_new(ctx, "party", json_pack("{s:s, s:s}", "kind", kind, "key", key));
		if (strcmp(kind, "buyer") == 0)
			err = proc_buyer_suppliers(w->sys->store, w->r->arena, key, &c, &nc);
		else
			err = proc_co_bidders(w->sys->store, w->r->arena, key, &c, &nc);
		for (size_t i = 0; !err && i < nc; i++)
			sum += c[i].n;
		for (size_t i = 0; !err && i < nc; i++) {
			char share[16];

			snprintf(share, sizeof(share), "%.1f", sum ? 100.0 * (double)c[i].n / (double)sum : 0);
			json_array_append_new(list, json_pack("{s:s, s:s, s:o, s:I, s:s}",
			    "key", c[i].key ? c[i].key : "", "name", c[i].name ? c[i].name : "",
			    "amount", baht_text(w, c[i].n), "count", (json_int_t)(c[i].m ? c[i].m : c[i].n),
			    "share", share));
		}
		json_object_set_new(ctx, strcmp(kind, "buyer") == 0 ? "suppliers" : "co_bidders", list);
		if (strcmp(kind, "buyer") == 0)
			json_object_set_new(ctx, "chart", month_chart(w, key));
	} else {
		json_object_set_new(ctx, "chart", month_chart(w, NULL));
	}
	page_render(w, 200, "procurements", ctx);
}

void
h_procurements(struct wreq *w)
{
	render_list(w, NULL, NULL);
}

void
h_proc_buyer(struct wreq *w)
{
	render_list(w, "buyer", w->r->captures[0]);
}

void
h_proc_supplier(struct wreq *w)
{
	render_list(w, "supplier", w->r->captures[0]);
}

void
h_procurement(struct wreq *w)
{
	struct proc_rec p;
	json_t *ctx, *o;
	enum sod_err err;

	err = proc_get(w->sys->store, w->r->arena, w->r->captures[0], &p);
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	o = detail_json(w, &p);
	ctx = page_ctx(w, "procurement.one");
	/* Amounts and dates as a reader writes them. */
	json_object_set_new(o, "amount_text", baht_text(w, p.amount));
	json_object_set_new(o, "reference_text", baht_text(w, p.tender_amount));
	for (size_t i = 0; i < p.n_bids; i++)
		json_object_set_new(json_array_get(json_object_get(o, "bids"), i), "amount_text",
		                    baht_text(w, p.bids[i].amount));
	for (size_t i = 0; i < p.n_awards; i++)
		json_object_set_new(json_array_get(json_object_get(o, "awards"), i), "amount_text",
		                    baht_text(w, p.awards[i].amount));
	for (size_t i = 0; i < p.n_contracts; i++)
		json_object_set_new(json_array_get(json_object_get(o, "contracts"), i), "amount_text",
		                    baht_text(w, p.contracts[i].amount));
	for (size_t i = 0; i < p.n_flags; i++) {
		const struct flag_def *d = flag_find(p.flag_recs[i].indicator);
		json_t *f = json_array_get(json_object_get(o, "flags"), i);

		json_object_set_new(f, "name", json_string(d ? (w->lang == LANG_EN ? d->name_en
		                                                                   : d->name_th) : ""));
		json_object_set_new(f, "explain", json_string(d ? (w->lang == LANG_EN
		                                                       ? d->description_en
		                                                       : d->description_th) : ""));
	}
	json_object_set_new(ctx, "p", o);
	/* "open a case": the units where the reader is an officer or supervisor */
	{
		json_t *units = json_array();

		for (size_t i = 0; i < w->ses.ngrants; i++) {
			const struct grant_rec *g = &w->ses.grants[i];

			if (strcmp(g->role, "officer") == 0 || strcmp(g->role, "supervisor") == 0)
				json_array_append_new(units, json_pack("{s:s, s:s}", "code", g->unit_code,
				    "name", w->lang == LANG_EN ? g->unit_name_en : g->unit_name_th));
		}
		json_object_set_new(ctx, "case_units", units);
	}
	page_render(w, 200, "procurement", ctx);
}

/* ---- exports -------------------------------------------------------------------------- */

enum { XC_OCID, XC_TITLE, XC_BUYER, XC_PROVINCE, XC_METHOD, XC_AMOUNT, XC_SCORE, XC_FLAGS,
       XC__MAX };

static void
export_list(struct wreq *w, bool xlsx)
{
	static const char *const heads[XC__MAX] = {
		"procurement.ocid", "procurement.name", "procurement.buyer_col", "procurement.province",
		"procurement.method", "procurement.amount", "procurement.score", "procurement.flags",
	};
	struct proc_filter f;
	struct proc_rec *items;
	const char *field, **cells, *h[XC__MAX];
	size_t n;
	int64_t total;
	enum sod_err err;

	if (!read_filter(w, &f))
		return;
	/* The whole filtered list, up to 100,000 rows, not one page. */
	f.limit = 100000;
	f.offset = 0;
	err = proc_list(w->sys->store, w->r->arena, &f, &field, &items, &n, &total);
	if (err) {
		web_error(w, err, NULL, field, err == SOD_EINVAL ? "error.invalid" : NULL);
		return;
	}
	if ((cells = arena_zalloc(w->r->arena, (n + 1) * XC__MAX * sizeof(*cells))) == NULL) {
		web_error(w, SOD_ENOMEM, NULL, NULL, NULL);
		return;
	}
	for (int c = 0; c < XC__MAX; c++)
		h[c] = i18n_get(w->lang, heads[c]);
	for (size_t i = 0; i < n; i++) {
		const char **row = cells + i * XC__MAX;
		const struct proc_rec *p = &items[i];

		row[XC_OCID] = p->ocid;
		row[XC_TITLE] = p->title;
		row[XC_BUYER] = p->buyer_name ? p->buyer_name : "";
		row[XC_PROVINCE] = p->province ? p->province : "";
		row[XC_METHOD] = p->method ? p->method : "";
		row[XC_AMOUNT] = p->amount < 0 ? "" : arena_printf(w->r->arena, "%lld.%02lld",
		                     (long long)(p->amount / 100), (long long)(p->amount % 100));
		row[XC_SCORE] = arena_printf(w->r->arena, "%lld", (long long)p->score);
		row[XC_FLAGS] = p->flags ? p->flags : "";
	}
	export_table(w, xlsx, xlsx ? "procurements.xlsx" : "procurements.csv", XC__MAX, h, cells, n);
}

void
h_procurements_csv(struct wreq *w)
{
	export_list(w, false);
}

void
h_procurements_xlsx(struct wreq *w)
{
	export_list(w, true);
}

/* ---- the upload page (supervisors): the same rules as the command line ---------- */

static void
render_upload(struct wreq *w, int status, const char *error, const char *result)
{
	json_t *ctx = page_ctx(w, "procurement.upload");

	if (error)
		json_object_set_new(ctx, "error", json_string(error));
	if (result)
		json_object_set_new(ctx, "result", json_string(result));
	page_render(w, status, "procurement_upload", ctx);
}

void
h_proc_upload_form(struct wreq *w)
{
	render_upload(w, 200, NULL, NULL);
}

void
h_proc_upload(struct wreq *w)
{
	const char *format = form_str(w, "format");
	const struct flag_params *p = w->sys->flags;
	struct flag_params defaults;
	struct proc_import_stats st = {0};
	struct ocds_error e = {0};
	size_t rows = 0;
	FILE *f;
	int fd;
	enum sod_err err;

	if (p == NULL) {
		flag_params_default(&defaults);
		p = &defaults;
	}
	if (strcmp(format, "ocds") != 0 && strcmp(format, "csv") != 0 &&
	    strcmp(format, "blacklist") != 0) {
		render_upload(w, 400, i18n_get(w->lang, "procurement.bad_format"), NULL);
		return;
	}
	if (w->upload_fd < 0 || w->upload_bytes == 0) {
		render_upload(w, 400, i18n_get(w->lang, "import.no_file"), NULL);
		return;
	}
	if (lseek(w->upload_fd, 0, SEEK_SET) != 0 || (fd = dup(w->upload_fd)) < 0 ||
	    (f = fdopen(fd, "rb")) == NULL) {
		web_error(w, SOD_EIO, NULL, NULL, NULL);
		return;
	}
	if (strcmp(format, "blacklist") == 0)
		err = proc_import_blacklist(w->sys->store, f, p, &rows, &st.flagged, &e);
	else if (strcmp(format, "csv") == 0)
		err = proc_import_csv(w->sys->store, f, p, &st, &e);
	else
		err = proc_import_ocds(w->sys->store, f, p, &st, &e, NULL, NULL);
	fclose(f);
	if (err == SOD_EINVAL) {
		render_upload(w, 400, arena_printf(w->r->arena, "%s %zu %s%s%s: %s",
		              i18n_get(w->lang, "procurement.line"), e.line, e.field,
		              e.field[0] ? " — " : "", i18n_get(w->lang, "procurement.nothing"),
		              e.message), NULL);
		return;
	}
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	render_upload(w, 200, NULL, arena_printf(w->r->arena, "%zu %s, %zu %s",
	              rows ? rows : st.releases, i18n_get(w->lang, "procurement.rows_read"),
	              st.flagged, i18n_get(w->lang, "procurement.flags_raised")));
}

/* ---- open a case on a procurement ------------------------------------------------- */

void
h_proc_case(struct wreq *w)
{
	int64_t tip = 0, id = 0;
	enum sod_err err;

	err = proc_open_case(w->sys, w->r->arena, &w->ses, w->token, w->r->captures[0],
	                     form_str(w, "unit"), &tip, &id);
	if (err) {
		web_error(w, err, NULL, err == SOD_EINVAL ? "unit" : NULL,
		          err == SOD_EINVAL ? "error.field.unit_unknown" : NULL);
		return;
	}
	req_redirect(w->r, arena_printf(w->r->arena, "/cases/%lld", (long long)id));
}
