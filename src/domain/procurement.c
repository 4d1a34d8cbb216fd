/*
 * procurement.c — OCDS releases into procurements (see procurement.h).
 *
 * Each release is checked (ocid, id, date; the types of the fields the
 * red flags read), kept as it came unless its (ocid, id) is known, and
 * merged into its procurement's compiled release: directly when it is the
 * newest, otherwise by merging every stored release of the ocid again in
 * date order, so that the result never depends on the order of files.
 * The compiled release is then flattened (proc_derive) for the passes of
 * domain/flags.c. Everything of one file is one write transaction.
 */
#include "domain/procurement.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#include "util/str.h"
#include <time.h>

#include "text/csv.h"
#include "text/date.h"

#define PROC_MAX_BAHT 1e12  /* a trillion baht: anything above is a mistake */

struct derive {
	struct arena *a;
	struct ocds_error *e;
	enum sod_err err;
};

static void
bad(struct derive *d, const char *path, const char *msg)
{
	if (d->err)
		return;
	d->err = SOD_EINVAL;
	str_lcpy(d->e->field, path, sizeof(d->e->field));
	str_lcpy(d->e->message, msg, sizeof(d->e->message));
}

/* The member key of o as an object, NULL if absent or null. */
static json_t *
get_obj(struct derive *d, json_t *o, const char *key, const char *path)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_object(v)) {
		bad(d, path, "not an object");
		return NULL;
	}
	return v;
}

static json_t *
get_arr(struct derive *d, json_t *o, const char *key, const char *path)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		bad(d, path, "not an array");
		return NULL;
	}
	return v;
}

/* A string (numbers become their decimal text, as ids sometimes are). */
static char *
get_str(struct derive *d, json_t *o, const char *key, const char *path)
{
	json_t *v = json_object_get(o, key);
	char *s;

	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_integer(v))
		return arena_printf(d->a, "%lld", (long long)json_integer_value(v));
	if (!json_is_string(v)) {
		bad(d, path, "not a string");
		return NULL;
	}
	if ((s = arena_strndup(d->a, json_string_value(v), json_string_length(v))) == NULL)
		bad(d, path, "out of memory");
	else if (strlen(s) != json_string_length(v))
		bad(d, path, "holds a NUL character");
	return s;
}

/* o.value.amount in satang, -1 if absent. */
static int64_t
get_amount(struct derive *d, json_t *o, const char *path)
{
	char p[200];
	json_t *val, *amt;
	double x;

	snprintf(p, sizeof(p), "%s.value", path);
	if ((val = get_obj(d, o, "value", p)) == NULL)
		return -1;
	amt = json_object_get(val, "amount");
	if (amt == NULL || json_is_null(amt))
		return -1;
	snprintf(p, sizeof(p), "%s.value.amount", path);
	if (!json_is_number(amt)) {
		bad(d, p, "not a number");
		return -1;
	}
	x = json_number_value(amt);
	if (!(x >= 0) || x > PROC_MAX_BAHT) {
		bad(d, p, "out of range (0 to 1,000,000,000,000 baht)");
		return -1;
	}
	return llround(x * 100);
}

/* A date-time member in Unix seconds, 0 if absent. */
static int64_t
get_time(struct derive *d, json_t *o, const char *key, const char *path)
{
	char *s = get_str(d, o, key, path);
	int64_t t;

	if (s == NULL)
		return 0;
	if (!ocds_parse_time(s, &t) || t <= 0) {
		bad(d, path, "not a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)");
		return 0;
	}
	return t;
}

static int64_t
bangkok_day(int64_t t)
{
	return (t + 7 * 3600) / 86400;
}

/* An organisation reference: first of the array member key ({id, name}). */
static void
first_org(struct derive *d, json_t *o, const char *key, const char *path, char **id_out,
          char **name_out)
{
	char p[200];
	json_t *arr = get_arr(d, o, key, path), *org;

	*id_out = *name_out = NULL;
	if (arr == NULL || (org = json_array_get(arr, 0)) == NULL)
		return;
	snprintf(p, sizeof(p), "%s[0]", path);
	if (!json_is_object(org)) {
		bad(d, p, "not an object");
		return;
	}
	snprintf(p, sizeof(p), "%s[0].id", path);
	*id_out = get_str(d, org, "id", p);
	snprintf(p, sizeof(p), "%s[0].name", path);
	*name_out = get_str(d, org, "name", p);
}

static json_t *
party_of(json_t *parties, const char *id)
{
	size_t i;
	json_t *v;

	if (id == NULL)
		return NULL;
	json_array_foreach(parties, i, v) {
		json_t *pid = json_object_get(v, "id");

		if (json_is_string(pid) && strcmp(json_string_value(pid), id) == 0)
			return v;
	}
	return NULL;
}

static char *
party_tax(struct derive *d, json_t *parties, const char *id)
{
	json_t *p = party_of(parties, id), *ident;

	if (p == NULL || !json_is_object(ident = json_object_get(p, "identifier")))
		return NULL;
	return get_str(d, ident, "id", "parties.identifier.id");
}

/* Normalise a contact for comparison; NULL if too short to mean anything. */
static char *
norm_contact(struct arena *a, const char *kind, const char *v)
{
	char *out = arena_alloc(a, strlen(v) + 2);
	size_t n = 0, digits = 0;

	if (out == NULL)
		return NULL;
	if (strcmp(kind, "phone") == 0) {
		if (strncmp(v, "+66", 3) == 0) {
			out[n++] = '0';
			v += 3;
		}
		for (; *v; v++)
			if (isdigit((unsigned char)*v))
				out[n++] = *v, digits++;
		out[n] = '\0';
		return digits >= 6 ? out : NULL;
	}
	/* address, email: ASCII lower case, runs of space as one */
	for (; *v; v++) {
		unsigned char c = (unsigned char)*v;

		if (isspace(c) || c == ',') {
			if (n > 0 && out[n - 1] != ' ')
				out[n++] = ' ';
			continue;
		}
		out[n++] = (char)tolower(c);
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return n >= 5 ? out : NULL;
}

static void
derive_bids(struct derive *d, json_t *c, struct proc_rec *out)
{
	json_t *bids = get_obj(d, c, "bids", "bids"), *det, *b;
	size_t i;

	if (bids == NULL || (det = get_arr(d, bids, "details", "bids.details")) == NULL)
		return;
	out->bids = arena_zalloc(d->a, (json_array_size(det) + 1) * sizeof(*out->bids));
	if (out->bids == NULL)
		return bad(d, "bids", "out of memory");
	json_array_foreach(det, i, b) {
		struct proc_bid_rec *r = &out->bids[out->n_bids];
		char p[96], q[128];

		snprintf(p, sizeof(p), "bids.details[%zu]", i);
		if (!json_is_object(b))
			return bad(d, p, "not an object");
		snprintf(q, sizeof(q), "%s.id", p);
		r->bid_id = get_str(d, b, "id", q);
		if (r->bid_id == NULL)
			r->bid_id = arena_printf(d->a, "#%zu", i);
		snprintf(q, sizeof(q), "%s.status", p);
		r->status = get_str(d, b, "status", q);
		if (r->status && (strcmp(r->status, "withdrawn") == 0 ||
		                  strcmp(r->status, "invited") == 0))
			continue;
		r->amount = get_amount(d, b, p);
		snprintf(q, sizeof(q), "%s.date", p);
		r->at = get_time(d, b, "date", q);
		snprintf(q, sizeof(q), "%s.tenderers", p);
		first_org(d, b, "tenderers", q, &r->tenderer_key, &r->tenderer_name);
		out->n_bids++;
	}
}

static void
derive_awards(struct derive *d, json_t *c, json_t *parties, struct proc_rec *out)
{
	json_t *awards = get_arr(d, c, "awards", "awards"), *w;
	size_t i;

	out->awarded = -1;
	if (awards == NULL)
		return;
	out->awards = arena_zalloc(d->a, (json_array_size(awards) + 1) * sizeof(*out->awards));
	if (out->awards == NULL)
		return bad(d, "awards", "out of memory");
	json_array_foreach(awards, i, w) {
		struct proc_award_rec *r = &out->awards[out->n_awards];
		char p[64], q[96], *status;

		snprintf(p, sizeof(p), "awards[%zu]", i);
		if (!json_is_object(w))
			return bad(d, p, "not an object");
		snprintf(q, sizeof(q), "%s.id", p);
		r->award_id = get_str(d, w, "id", q);
		if (r->award_id == NULL)
			r->award_id = arena_printf(d->a, "#%zu", i);
		snprintf(q, sizeof(q), "%s.status", p);
		status = get_str(d, w, "status", q);
		r->active = status == NULL || strcmp(status, "active") == 0 ||
		            strcmp(status, "pending") == 0;
		r->amount = get_amount(d, w, p);
		snprintf(q, sizeof(q), "%s.date", p);
		r->at = get_time(d, w, "date", q);
		snprintf(q, sizeof(q), "%s.suppliers", p);
		first_org(d, w, "suppliers", q, &r->supplier_key, &r->supplier_name);
		r->supplier_tax = party_tax(d, parties, r->supplier_key);
		if (r->active && r->amount >= 0)
			out->awarded = (out->awarded < 0 ? 0 : out->awarded) + r->amount;
		out->n_awards++;
	}
}

static const struct proc_award_rec *
award_of(const struct proc_rec *p, const char *award_id)
{
	for (size_t i = 0; i < p->n_awards; i++)
		if (award_id ? (p->awards[i].award_id && strcmp(p->awards[i].award_id, award_id) == 0)
		             : p->awards[i].active)
			return &p->awards[i];
	return NULL;
}

static void
derive_contracts(struct derive *d, json_t *c, struct proc_rec *out)
{
	json_t *contracts = get_arr(d, c, "contracts", "contracts"), *k;
	size_t i;

	out->contracted = -1;
	if (contracts == NULL)
		return;
	out->contracts = arena_zalloc(d->a, (json_array_size(contracts) + 1) *
	                                        sizeof(*out->contracts));
	if (out->contracts == NULL)
		return bad(d, "contracts", "out of memory");
	json_array_foreach(contracts, i, k) {
		struct proc_contract_rec *r = &out->contracts[out->n_contracts];
		const struct proc_award_rec *w;
		char p[64], q[96];
		int64_t t;

		snprintf(p, sizeof(p), "contracts[%zu]", i);
		if (!json_is_object(k))
			return bad(d, p, "not an object");
		snprintf(q, sizeof(q), "%s.id", p);
		r->contract_id = get_str(d, k, "id", q);
		if (r->contract_id == NULL)
			r->contract_id = arena_printf(d->a, "#%zu", i);
		snprintf(q, sizeof(q), "%s.awardID", p);
		r->award_id = get_str(d, k, "awardID", q);
		r->amount = get_amount(d, k, p);
		snprintf(q, sizeof(q), "%s.dateSigned", p);
		if ((t = get_time(d, k, "dateSigned", q)) > 0) {
			r->signed_day = bangkok_day(t);
			r->signed_month = date_of_unix(t).month;
		}
		if ((w = award_of(out, r->award_id)) != NULL || (w = award_of(out, NULL)) != NULL) {
			r->supplier_key = w->supplier_key;
			r->supplier_name = w->supplier_name;
		}
		if (r->amount >= 0)
			out->contracted = (out->contracted < 0 ? 0 : out->contracted) + r->amount;
		out->n_contracts++;
	}
}

static bool
is_tenderer(const struct proc_rec *p, const char *id, json_t *roles)
{
	size_t i;
	json_t *v;

	json_array_foreach(roles, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), "tenderer") == 0)
			return true;
	for (i = 0; i < p->n_bids; i++)
		if (p->bids[i].tenderer_key && id && strcmp(p->bids[i].tenderer_key, id) == 0)
			return true;
	return false;
}

static void
add_contact(struct derive *d, struct proc_rec *out, struct proc_party_rec *r,
            const char *kind, const char *value)
{
	char *v;

	if (value == NULL || (v = norm_contact(d->a, kind, value)) == NULL)
		return;
	out->contacts[out->n_contacts++] = (struct proc_contact_rec){
		.party_key = r->party_key, .name = r->name, .kind = (char *)kind, .value = v};
}

static void
derive_parties(struct derive *d, json_t *parties, struct proc_rec *out)
{
	json_t *pt;
	size_t i, n = json_array_size(parties);

	out->parties = arena_zalloc(d->a, (n + 1) * sizeof(*out->parties));
	out->contacts = arena_zalloc(d->a, (3 * n + 1) * sizeof(*out->contacts));
	if (out->parties == NULL || out->contacts == NULL)
		return bad(d, "parties", "out of memory");
	json_array_foreach(parties, i, pt) {
		struct proc_party_rec *r = &out->parties[out->n_parties];
		json_t *roles, *addr, *cp, *ident;
		char p[64], q[96];

		snprintf(p, sizeof(p), "parties[%zu]", i);
		if (!json_is_object(pt))
			return bad(d, p, "not an object");
		snprintf(q, sizeof(q), "%s.id", p);
		if ((r->party_key = get_str(d, pt, "id", q)) == NULL)
			continue;
		snprintf(q, sizeof(q), "%s.name", p);
		r->name = get_str(d, pt, "name", q);
		snprintf(q, sizeof(q), "%s.identifier", p);
		if ((ident = get_obj(d, pt, "identifier", q)) != NULL) {
			snprintf(q, sizeof(q), "%s.identifier.id", p);
			r->tax_id = get_str(d, ident, "id", q);
		}
		snprintf(q, sizeof(q), "%s.roles", p);
		roles = get_arr(d, pt, "roles", q);
		{
			char *joined = json_dumps(roles ? roles : json_null(), JSON_COMPACT);

			r->roles = joined ? arena_strdup(d->a, joined) : NULL;
			free(joined);
		}
		out->n_parties++;
		if (!is_tenderer(out, r->party_key, roles))
			continue;
		snprintf(q, sizeof(q), "%s.address", p);
		if ((addr = get_obj(d, pt, "address", q)) != NULL) {
			snprintf(q, sizeof(q), "%s.address.streetAddress", p);
			add_contact(d, out, r, "address", get_str(d, addr, "streetAddress", q));
		}
		snprintf(q, sizeof(q), "%s.contactPoint", p);
		if ((cp = get_obj(d, pt, "contactPoint", q)) != NULL) {
			snprintf(q, sizeof(q), "%s.contactPoint.telephone", p);
			add_contact(d, out, r, "phone", get_str(d, cp, "telephone", q));
			snprintf(q, sizeof(q), "%s.contactPoint.email", p);
			add_contact(d, out, r, "email", get_str(d, cp, "email", q));
		}
	}
}

/* The buyer and its province (the region of its party's address). */
static void
derive_buyer(struct derive *d, json_t *c, json_t *parties, struct proc_rec *out)
{
	json_t *buyer = get_obj(d, c, "buyer", "buyer"), *party, *addr;

	if (buyer) {
		out->buyer_key = get_str(d, buyer, "id", "buyer.id");
		out->buyer_name = get_str(d, buyer, "name", "buyer.name");
	}
	if ((party = party_of(parties, out->buyer_key)) != NULL &&
	    json_is_object(addr = json_object_get(party, "address")))
		out->province = get_str(d, addr, "region", "parties.address.region");
	if (out->buyer_key == NULL)
		out->buyer_key = out->buyer_name;
}

static void
derive_tender(struct derive *d, json_t *c, struct proc_rec *out)
{
	json_t *tender = get_obj(d, c, "tender", "tender"), *period;

	out->tender_amount = -1;
	if (tender == NULL)
		return;
	out->title = get_str(d, tender, "title", "tender.title");
	out->method = get_str(d, tender, "procurementMethod", "tender.procurementMethod");
	out->method_details = get_str(d, tender, "procurementMethodDetails",
	                              "tender.procurementMethodDetails");
	out->tender_amount = get_amount(d, tender, "tender");
	if ((period = get_obj(d, tender, "tenderPeriod", "tender.tenderPeriod")) != NULL) {
		out->tender_start = get_time(d, period, "startDate", "tender.tenderPeriod.startDate");
		out->tender_end = get_time(d, period, "endDate", "tender.tenderPeriod.endDate");
	}
}

/* The day that places a procurement in a month and a fiscal year. */
static void
derive_when(struct derive *d, json_t *c, struct proc_rec *out)
{
	int64_t t = out->tender_start;
	struct cdate cd;

	for (size_t i = 0; t == 0 && i < out->n_awards; i++)
		t = out->awards[i].at;
	if (t == 0 && out->n_contracts && out->contracts[0].signed_day)
		t = out->contracts[0].signed_day * 86400;
	if (t == 0)
		t = get_time(d, c, "date", "date");
	if (t == 0)
		return;
	cd = date_of_unix(t);
	out->fiscal_year = fiscal_year_be(cd);
	out->month = arena_printf(d->a, "%04d-%02d", cd.year, cd.month);
}

enum sod_err
proc_derive(json_t *c, struct arena *a, struct proc_rec *out, struct ocds_error *e)
{
	struct derive d = {.a = a, .e = e};
	json_t *parties;

	memset(out, 0, sizeof(*out));
	out->ocid = get_str(&d, c, "ocid", "ocid");
	if (!d.err && (out->ocid == NULL || out->ocid[0] == '\0'))
		bad(&d, "ocid", "missing");
	parties = get_arr(&d, c, "parties", "parties");
	derive_buyer(&d, c, parties, out);
	derive_tender(&d, c, out);
	if (out->title == NULL)
		out->title = get_str(&d, c, "title", "title");
	derive_bids(&d, c, out);
	derive_awards(&d, c, parties, out);
	derive_contracts(&d, c, out);
	if (parties)
		derive_parties(&d, parties, out);
	derive_when(&d, c, out);
	return d.err;
}

/* ---- import ---------------------------------------------------------------------- */

/* The stored releases of ocid merged in date order. */
static enum sod_err
recompile(struct store *s, struct arena *a, const char *ocid, json_t **out)
{
	char **jsons;
	size_t n;
	enum sod_err err;
	json_t *c = json_object();

	if (c == NULL)
		return SOD_ENOMEM;
	if ((err = store_proc_releases(s, a, ocid, &jsons, &n)) != SOD_OK) {
		json_decref(c);
		return err;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_loads(jsons[i], 0, NULL);

		if (r == NULL) {
			json_decref(c);
			return SOD_EDB;
		}
		ocds_merge(c, r);
		json_decref(r);
	}
	*out = c;
	return SOD_OK;
}

enum sod_err
proc_ingest(struct proc_import *im, json_t *rel, const char *ocid_default, struct ocds_error *e)
{
	struct arena *a = arena_new((size_t)64 << 20);
	struct derive d = {.a = a, .e = e};
	struct proc_rec p;
	char *ocid, *id, *date_s, *json = NULL, *compiled_s, *last, stamp[32];
	json_t *compiled = NULL;
	int64_t t;
	bool inserted;
	enum sod_err err;

	if (a == NULL)
		return SOD_ENOMEM;
	if (!json_is_object(rel)) {
		bad(&d, "", "a release must be an object");
		goto out;
	}
	ocid = get_str(&d, rel, "ocid", "ocid");
	id = get_str(&d, rel, "id", "id");
	date_s = get_str(&d, rel, "date", "date");
	if (d.err)
		goto out;
	if ((ocid == NULL || !ocid[0]) && ocid_default) {
		ocid = arena_strdup(a, ocid_default);
		json_object_set_new(rel, "ocid", json_string(ocid));
	}
	if (ocid == NULL || !ocid[0] || strlen(ocid) > 200)
		bad(&d, "ocid", ocid ? "empty or longer than 200 bytes" : "missing");
	else if (id == NULL || !id[0] || strlen(id) > 200)
		bad(&d, "id", id ? "empty or longer than 200 bytes" : "missing");
	else if (date_s == NULL)
		bad(&d, "date", "missing");
	else if (!ocds_parse_time(date_s, &t) || t <= 0)
		bad(&d, "date", "not a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)");
	if (d.err)
		goto out;
	/* A normalised UTC stamp orders releases whatever their time zones. */
	{
		struct tm tm;
		time_t tt = (time_t)t;

		gmtime_r(&tt, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	/* Check the release on its own first, so that errors name its fields. */
	if ((d.err = proc_derive(rel, a, &p, e)) != SOD_OK)
		goto out;
	im->st->releases++;
	if ((json = json_dumps(rel, JSON_COMPACT)) == NULL) {
		d.err = SOD_ENOMEM;
		goto out;
	}
	if ((d.err = store_proc_release_insert(im->s, ocid, id, stamp, json, &inserted)))
		goto out;
	if (!inserted) {
		im->st->duplicates++;
		goto out;
	}
	if (im->batch && im->pending != NULL && strcmp(im->pending_ocid, ocid) == 0) {
		/* The procurement in memory: merge, or rebuild it from the stored
		 * releases when this one is older than its newest. */
		if (strcmp(stamp, im->pending_last) > 0) {
			ocds_merge(im->pending, rel);
			str_lcpy(im->pending_last, stamp, sizeof(im->pending_last));
		} else {
			if ((d.err = recompile(im->s, a, ocid, &compiled)) != SOD_OK)
				goto out;
			json_decref(im->pending);
			im->pending = compiled;
			compiled = NULL;
		}
		goto progress;
	}
	if (im->batch && (d.err = proc_import_flush(im, e)) != SOD_OK)
		goto out;
	err = store_proc_compiled(im->s, a, ocid, &compiled_s, &last);
	if (err == SOD_ENOTFOUND) {
		compiled = json_deep_copy(rel);
		last = stamp;
	} else if (err) {
		d.err = err;
		goto out;
	} else if (strcmp(stamp, last) > 0) {
		compiled = json_loads(compiled_s, 0, NULL);
		if (compiled)
			ocds_merge(compiled, rel);
		last = stamp;
	} else if ((d.err = recompile(im->s, a, ocid, &compiled)) != SOD_OK) {
		goto out;
	}
	if (compiled == NULL) {
		d.err = SOD_ENOMEM;
		goto out;
	}
	if (im->batch) {
		im->pending = compiled;
		compiled = NULL;
		str_lcpy(im->pending_ocid, ocid, sizeof(im->pending_ocid));
		str_lcpy(im->pending_last, last, sizeof(im->pending_last));
		goto progress;
	}
	if ((d.err = proc_derive(compiled, a, &p, e)) != SOD_OK)
		goto out;
	free(json);
	if ((json = json_dumps(compiled, JSON_COMPACT)) == NULL) {
		d.err = SOD_ENOMEM;
		goto out;
	}
	p.compiled = json;
	p.last_date = last;
	d.err = store_proc_put(im->s, &p, NULL);
	im->st->procurements++;
progress:
	if (im->progress && im->st->releases % 10000 == 0)
		im->progress(im->st->releases, im->progress_ctx);
out:
	free(json);
	json_decref(compiled);
	arena_free(&a);
	return d.err;
}

enum sod_err
proc_import_flush(struct proc_import *im, struct ocds_error *e)
{
	struct arena *a;
	struct proc_rec p;
	char *json = NULL;
	enum sod_err err;

	if (im->pending == NULL)
		return SOD_OK;
	if ((a = arena_new((size_t)64 << 20)) == NULL)
		return SOD_ENOMEM;
	if ((err = proc_derive(im->pending, a, &p, e)) != SOD_OK)
		goto out;
	if ((json = json_dumps(im->pending, JSON_COMPACT)) == NULL) {
		err = SOD_ENOMEM;
		goto out;
	}
	p.compiled = json;
	p.last_date = im->pending_last;
	if ((err = store_proc_put(im->s, &p, NULL)) == SOD_OK)
		im->st->procurements++;
out:
	free(json);
	arena_free(&a);
	proc_import_discard(im);
	return err;
}

void
proc_import_discard(struct proc_import *im)
{
	json_decref(im->pending);
	im->pending = NULL;
	im->pending_ocid[0] = '\0';
}

static enum sod_err
on_item(void *ctx, enum ocds_kind kind, json_t *obj, struct ocds_error *e)
{
	struct proc_import *im = ctx;
	enum sod_err err = SOD_OK;
	json_t *rels, *r, *compiled;
	const char *ocid;
	size_t i, full = 0;

	if (kind == OCDS_RELEASE) {
		err = proc_ingest(im, obj, NULL, e);
		json_decref(obj);
		return err;
	}
	/* A record: its full releases, or else its compiled release. */
	ocid = json_string_value(json_object_get(obj, "ocid"));
	rels = json_object_get(obj, "releases");
	json_array_foreach(rels, i, r) {
		if (!json_is_object(r) || json_object_get(r, "id") == NULL)
			continue;  /* a linked release (url only) */
		full++;
		if ((err = proc_ingest(im, r, ocid, e)) != SOD_OK)
			goto out;
	}
	compiled = json_object_get(obj, "compiledRelease");
	if (full == 0 && compiled != NULL)
		err = proc_ingest(im, compiled, ocid, e);
	else if (full == 0) {
		snprintf(e->field, sizeof(e->field), "releases");
		snprintf(e->message, sizeof(e->message),
		         "a record needs full releases or a compiledRelease");
		err = SOD_EINVAL;
	}
out:
	json_decref(obj);
	return err;
}

enum sod_err
proc_import_ocds(struct store *s, FILE *f, const struct flag_params *p,
                 struct proc_import_stats *st, struct ocds_error *e,
                 proc_progress_fn progress, void *progress_ctx)
{
	struct proc_import im = {.s = s, .st = st, .progress = progress,
	                         .progress_ctx = progress_ctx, .batch = true};
	struct ocds_reader *r = NULL;
	char buf[65536];
	size_t n;
	enum sod_err err;

	memset(st, 0, sizeof(*st));
	memset(e, 0, sizeof(*e));
	if ((r = ocds_reader_new(on_item, &im)) == NULL)
		return SOD_ENOMEM;
	if ((err = store_tx_begin(s, true)) != SOD_OK)
		goto out;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if ((err = ocds_reader_feed(r, buf, n, e)) != SOD_OK)
			goto fail;
	if (ferror(f)) {
		err = SOD_EIO;
		goto fail;
	}
	if ((err = ocds_reader_finish(r, e)) != SOD_OK)
		goto fail;
	if (st->releases == 0) {
		snprintf(e->message, sizeof(e->message), "no release in the file");
		err = SOD_EINVAL;
		goto fail;
	}
	if ((err = proc_import_flush(&im, e)) != SOD_OK ||
	    (err = flags_score(s, p, &st->flagged)) != SOD_OK ||
	    (err = store_tx_commit(s)) != SOD_OK)
		goto fail;
	goto out;
fail:
	store_tx_rollback(s);
out:
	proc_import_discard(&im);
	ocds_reader_free(&r);
	return err;
}

enum sod_err
proc_rescore(struct store *s, const struct flag_params *p, size_t *flagged_out)
{
	enum sod_err err;

	if ((err = store_tx_begin(s, true)) != SOD_OK)
		return err;
	if ((err = flags_score(s, p, flagged_out)) != SOD_OK ||
	    (err = store_tx_commit(s)) != SOD_OK)
		store_tx_rollback(s);
	return err;
}

/* ---- the abandonment list (ผู้ทิ้งงาน) --------------------------------------------- */

struct blacklist {
	struct store *s;
	struct ocds_error *e;
	size_t rows;
	int col_tax, col_name, col_on;
};

static enum sod_err
bl_fail(struct blacklist *b, size_t line, const char *field, const char *msg)
{
	b->e->line = line;
	str_lcpy(b->e->field, field, sizeof(b->e->field));
	str_lcpy(b->e->message, msg, sizeof(b->e->message));
	return SOD_EINVAL;
}

static enum sod_err
on_bl_row(const struct csv_row *row, void *ctx)
{
	struct blacklist *b = ctx;
	char tax[32], name[512], on[16] = "";
	struct slice t, nm;
	struct cdate d;

	if (b->col_tax < 0) {  /* the header */
		for (size_t i = 0; i < row->n; i++) {
			struct slice h = slice_trim(row->fields[i]);

			if (slice_eq_str(h, "tax_id"))
				b->col_tax = (int)i;
			else if (slice_eq_str(h, "name"))
				b->col_name = (int)i;
			else if (slice_eq_str(h, "listed_on"))
				b->col_on = (int)i;
		}
		if (b->col_tax < 0 || b->col_name < 0)
			return bl_fail(b, row->line, b->col_tax < 0 ? "tax_id" : "name",
			               "the column is missing (header: tax_id,name,listed_on)");
		return SOD_OK;
	}
	if ((size_t)b->col_tax >= row->n || (size_t)b->col_name >= row->n)
		return bl_fail(b, row->line, "tax_id", "missing");
	t = slice_trim(row->fields[b->col_tax]);
	nm = slice_trim(row->fields[b->col_name]);
	for (size_t i = 0; i < t.len; i++)
		if (t.p[i] < '0' || t.p[i] > '9')
			return bl_fail(b, row->line, "tax_id", "not 13 digits");
	if (t.len != 13)
		return bl_fail(b, row->line, "tax_id", "not 13 digits");
	if (nm.len == 0 || nm.len >= sizeof(name) || memchr(nm.p, '\0', nm.len))
		return bl_fail(b, row->line, "name", "empty or longer than 500 bytes");
	memcpy(tax, t.p, 13);
	tax[13] = '\0';
	memcpy(name, nm.p, nm.len);
	name[nm.len] = '\0';
	if (b->col_on >= 0 && (size_t)b->col_on < row->n) {
		struct slice o = slice_trim(row->fields[b->col_on]);

		if (o.len > 0 && (o.len != 10 || !date_parse_iso(o.p, o.len, &d)))
			return bl_fail(b, row->line, "listed_on", "not a date (YYYY-MM-DD)");
		memcpy(on, o.p, o.len);
		on[o.len] = '\0';
	}
	b->rows++;
	return store_proc_blacklist_put(b->s, tax, name, on[0] ? on : NULL);
}

enum sod_err
proc_import_blacklist(struct store *s, FILE *f, const struct flag_params *p, size_t *rows_out,
                      size_t *flagged_out, struct ocds_error *e)
{
	struct blacklist b = {.s = s, .e = e, .col_tax = -1, .col_name = -1, .col_on = -1};
	struct csv *csv = csv_new(4096, 64);
	char buf[65536];
	size_t n;
	enum sod_err err;

	memset(e, 0, sizeof(*e));
	if (csv == NULL)
		return SOD_ENOMEM;
	if ((err = store_tx_begin(s, true)) != SOD_OK)
		goto out;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if ((err = csv_feed(csv, buf, n, on_bl_row, &b)) != SOD_OK)
			goto fail;
	if ((err = csv_finish(csv, on_bl_row, &b)) != SOD_OK)
		goto fail;
	if (b.rows == 0) {
		err = bl_fail(&b, 0, "", "no row in the file");
		goto fail;
	}
	if ((err = flags_score(s, p, flagged_out)) != SOD_OK || (err = store_tx_commit(s)) != SOD_OK)
		goto fail;
	*rows_out = b.rows;
	goto out;
fail:
	if (e->line == 0)
		e->line = csv_error_line(csv);
	if (e->message[0] == '\0')
		str_lcpy(e->message, sod_strerror(err), sizeof(e->message));
	store_tx_rollback(s);
out:
	csv_free(&csv);
	return err;
}

/* ---- reading ------------------------------------------------------------------------ */

static bool
short_text(const char *s)
{
	return s == NULL || strlen(s) <= 200;
}

enum sod_err
proc_list(struct store *s, struct arena *a, const struct proc_filter *f,
          const char **field_out, struct proc_rec **items_out, size_t *n_out,
          int64_t *total_out)
{
	*field_out = NULL;
	if (f->flag && flag_find(f->flag) == NULL)
		*field_out = "flag";
	else if (f->min_score < 0 || f->min_score > FLAG__MAX)
		*field_out = "min_score";
	else if (!short_text(f->buyer))
		*field_out = "buyer";
	else if (!short_text(f->supplier))
		*field_out = "supplier";
	else if (!short_text(f->province))
		*field_out = "province";
	else if (f->min_amount < 0)
		*field_out = "min_amount";
	else if (f->fiscal_year != 0 && (f->fiscal_year < 2400 || f->fiscal_year > 2800))
		*field_out = "year";
	if (*field_out)
		return SOD_EINVAL;
	return store_proc_list(s, a, f, items_out, n_out, total_out);
}

enum sod_err
proc_get(struct store *s, struct arena *a, const char *ocid, struct proc_rec *out)
{
	if (ocid == NULL || !ocid[0] || strlen(ocid) > 200)
		return SOD_ENOTFOUND;
	return store_proc_get(s, a, ocid, out);
}

enum sod_err
proc_flags_by_month(struct store *s, struct arena *a, const char *buyer_key,
                    struct proc_count_rec **items_out, size_t *n_out)
{
	return store_proc_flags_by_month(s, a, buyer_key, 24, items_out, n_out);
}

enum sod_err
proc_buyer_suppliers(struct store *s, struct arena *a, const char *buyer_key,
                     struct proc_count_rec **items_out, size_t *n_out)
{
	return store_proc_buyer_suppliers(s, a, buyer_key, 50, items_out, n_out);
}

enum sod_err
proc_co_bidders(struct store *s, struct arena *a, const char *tenderer_key,
                struct proc_count_rec **items_out, size_t *n_out)
{
	return store_proc_co_bidders(s, a, tenderer_key, 50, items_out, n_out);
}
