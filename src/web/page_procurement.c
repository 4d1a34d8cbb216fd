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
