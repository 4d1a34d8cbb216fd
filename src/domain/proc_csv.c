/*
 * proc_csv.c — Thai procurement open data (the Comptroller General's
 * fields, as data.go.th publishes them) into OCDS releases.
 *
 * One CSV row is one contract of a project: the project becomes the
 * procurement (ocid "cgd-" + project_id), the agency its buyer, the
 * winner an award and the contract a contract, so that several rows of
 * one project merge into one procurement by the OCDS rules. Dates are
 * Thai short dates ("20 พ.ย. 68"), amounts may carry separators. The
 * mapping is in docs/procurement.md. Nothing here touches the store:
 * rows go through proc_ingest like any release.
 */
#include "domain/procurement.h"

#include <stdio.h>
#include <string.h>

#include "util/str.h"

#include "text/csv.h"
#include "text/thdate_short.h"
#include "text/utf8.h"

enum {
	F_PROJECT_ID, F_BUDGET_YEAR, F_PROJECT_NAME, F_PROJECT_MONEY, F_PRICE_BUILD,
	F_METHOD, F_DEPT, F_PROVINCE, F_DISTRICT, F_WINNER, F_WINNER_TIN, F_CONTRACT_NO,
	F_CONTRACT_DATE, F_CONTRACT_PRICE, F__MAX
};

const char *const proc_csv_fields[F__MAX + 1] = {
	"project_id", "budget_year", "project_name", "project_money", "price_build",
	"purchase_method_name", "dept_name", "province", "district", "winner", "winner_tin",
	"contract_no", "contract_date", "contract_price_agree", NULL,
};

/* The OCDS method of a Thai method name (NULL if none fits). */
static const char *
method_of(const char *m)
{
	static const struct { const char *has, *method; } map[] = {
		{"e-bidding", "open"}, {"ประกวดราคา", "open"}, {"e-market", "open"},
		{"ตลาดอิเล็กทรอนิกส์", "open"}, {"สอบราคา", "open"}, {"คัดเลือก", "selective"},
		{"เฉพาะเจาะจง", "limited"}, {"ตกลงราคา", "limited"}, {"กรณีพิเศษ", "limited"},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strstr(m, map[i].has) != NULL)
			return map[i].method;
	return NULL;
}

static enum sod_err
bad(struct ocds_error *e, const char *field, const char *msg)
{
	str_lcpy(e->field, field, sizeof(e->field));
	str_lcpy(e->message, msg, sizeof(e->message));
	return SOD_EINVAL;
}

struct row {
	char *v[F__MAX];      /* NUL-terminated copies, "" when absent */
};

static void
row_free(struct row *r)
{
	for (int i = 0; i < F__MAX; i++)
		free(r->v[i]);
}

static enum sod_err
row_read(const int *cols, const struct slice *fields, size_t n, struct row *r,
         struct ocds_error *e)
{
	memset(r, 0, sizeof(*r));
	for (int i = 0; i < F__MAX; i++) {
		struct slice s = {"", 0};

		if (cols[i] >= 0 && (size_t)cols[i] < n)
			s = slice_trim(fields[cols[i]]);
		if (s.len > 1000 || memchr(s.p, '\0', s.len) || !utf8_valid(s.p, s.len))
			return bad(e, proc_csv_fields[i], "longer than 1,000 bytes or not text");
		/* Not strndup: the field is not NUL-terminated. */
		if ((r->v[i] = malloc(s.len + 1)) == NULL)
			return SOD_ENOMEM;
		memcpy(r->v[i], s.p, s.len);
		r->v[i][s.len] = '\0';
	}
	return SOD_OK;
}

static enum sod_err
amount(struct row *r, int f, json_t **out, struct ocds_error *e)
{
	int64_t satang;
	const char *v = r->v[f];

	*out = NULL;
	if (v[0] == '\0' || strcmp(v, "-") == 0)
		return SOD_OK;
	if (!thamount_parse(v, strlen(v), &satang))
		return bad(e, proc_csv_fields[f], "not an amount (e.g. 4,990,000.00)");
	*out = json_pack("{s:f, s:s}", "amount", (double)satang / 100.0, "currency", "THB");
	return *out ? SOD_OK : SOD_ENOMEM;
}

/* The release of a row; its parts are built in o. */
static enum sod_err
build(struct row *r, json_t *o, struct ocds_error *e)
{
	json_t *budget = NULL, *ref = NULL, *price = NULL, *parties, *tender;
	struct cdate d = {0};
	char date[32], id[512];
	const char *method;
	enum sod_err err;
	int64_t y = 0;

	if (r->v[F_PROJECT_ID][0] == '\0' || strlen(r->v[F_PROJECT_ID]) > 100)
		return bad(e, "project_id", "missing or longer than 100 bytes");
	if (r->v[F_DEPT][0] == '\0')
		return bad(e, "dept_name", "missing");
	if (r->v[F_BUDGET_YEAR][0] &&
	    !str_to_i64(slice_from(r->v[F_BUDGET_YEAR]), 2400, 2800, &y))
		return bad(e, "budget_year", "not a Buddhist Era year (e.g. 2568)");
	if ((err = amount(r, F_PROJECT_MONEY, &budget, e)) ||
	    (err = amount(r, F_PRICE_BUILD, &ref, e)) ||
	    (err = amount(r, F_CONTRACT_PRICE, &price, e)))
		goto out;
	if (r->v[F_CONTRACT_DATE][0]) {
		if (!thdate_short_parse(r->v[F_CONTRACT_DATE], strlen(r->v[F_CONTRACT_DATE]), &d)) {
			err = bad(e, "contract_date", "not a date (e.g. 20 พ.ย. 68)");
			goto out;
		}
		snprintf(date, sizeof(date), "%04d-%02d-%02d", d.year, d.month, d.day);
	} else if (y) {
		snprintf(date, sizeof(date), "%04d-10-01", (int)y - 544);
	} else {
		err = bad(e, "contract_date", "a row needs contract_date or budget_year");
		goto out;
	}
	if (r->v[F_WINNER_TIN][0] && (strlen(r->v[F_WINNER_TIN]) != 13 ||
	                              strspn(r->v[F_WINNER_TIN], "0123456789") != 13)) {
		err = bad(e, "winner_tin", "not 13 digits");
		goto out;
	}
	snprintf(id, sizeof(id), "cgd-%s", r->v[F_PROJECT_ID]);
	json_object_set_new(o, "ocid", json_string(id));
	snprintf(id, sizeof(id), "cgd-%s-%s", r->v[F_PROJECT_ID],
	         r->v[F_CONTRACT_NO][0] ? r->v[F_CONTRACT_NO] : "project");
	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "date", json_string(date));
	json_object_set_new(o, "buyer", json_pack("{s:s, s:s}", "id", r->v[F_DEPT], "name",
	                                          r->v[F_DEPT]));
	parties = json_pack("[{s:s, s:s, s:[s], s:{s:s, s:s}}]", "id", r->v[F_DEPT], "name",
	                    r->v[F_DEPT], "roles", "buyer", "address", "region", r->v[F_PROVINCE],
	                    "locality", r->v[F_DISTRICT]);
	json_object_set_new(o, "parties", parties);
	tender = json_pack("{s:s, s:s, s:s}", "id", r->v[F_PROJECT_ID], "title",
	                   r->v[F_PROJECT_NAME], "procurementMethodDetails", r->v[F_METHOD]);
	if ((method = method_of(r->v[F_METHOD])) != NULL)
		json_object_set_new(tender, "procurementMethod", json_string(method));
	if (ref)
		json_object_set(tender, "value", ref);
	json_object_set_new(o, "tender", tender);
	if (budget)
		json_object_set_new(o, "planning", json_pack("{s:{s:O}}", "budget", "amount", budget));
	if (r->v[F_WINNER][0] || r->v[F_WINNER_TIN][0]) {
		const char *sid = r->v[F_WINNER_TIN][0] ? r->v[F_WINNER_TIN] : r->v[F_WINNER];
		json_t *sup = json_pack("{s:s, s:s}", "id", sid, "name", r->v[F_WINNER]);
		json_t *award = json_pack("{s:s, s:s, s:[O]}", "id", id, "status", "active",
		                          "suppliers", sup);

		if (price)
			json_object_set(award, "value", price);
		json_object_set_new(o, "awards", json_pack("[o]", award));
		json_array_append_new(parties, json_pack("{s:s, s:s, s:[s], s:{s:s, s:s}}", "id", sid,
		    "name", r->v[F_WINNER], "roles", "supplier", "identifier", "scheme", "TH-TIN",
		    "id", r->v[F_WINNER_TIN]));
		if (r->v[F_CONTRACT_NO][0]) {
			json_t *c = json_pack("{s:s, s:s}", "id", r->v[F_CONTRACT_NO], "awardID", id);

			if (price)
				json_object_set(c, "value", price);
			if (r->v[F_CONTRACT_DATE][0])
				json_object_set_new(c, "dateSigned", json_string(date));
			json_object_set_new(o, "contracts", json_pack("[o]", c));
		}
		json_decref(sup);
	}
	err = SOD_OK;
out:
	json_decref(budget);
	json_decref(ref);
	json_decref(price);
	return err;
}

enum sod_err
proc_csv_release(const int *cols, const struct slice *fields, size_t n, json_t **out,
                 struct ocds_error *e)
{
	struct row r;
	json_t *o = json_object();
	enum sod_err err;

	*out = NULL;
	if (o == NULL)
		return SOD_ENOMEM;
	if ((err = row_read(cols, fields, n, &r, e)) == SOD_OK)
		err = build(&r, o, e);
	row_free(&r);
	if (err) {
		json_decref(o);
		return err;
	}
	*out = o;
	return SOD_OK;
}

/* ---- the file -------------------------------------------------------------------- */

struct csv_import {
	struct proc_import im;
	struct ocds_error *e;
	int cols[F__MAX];
	bool header;
};

static enum sod_err
on_row(const struct csv_row *row, void *ctx)
{
	struct csv_import *ci = ctx;
	json_t *rel;
	enum sod_err err;

	if (!ci->header) {
		for (int i = 0; i < F__MAX; i++) {
			ci->cols[i] = -1;
			for (size_t k = 0; k < row->n; k++)
				if (slice_eq_str(slice_trim(row->fields[k]), proc_csv_fields[i]))
					ci->cols[i] = (int)k;
		}
		ci->header = true;
		for (int i = 0; i < F__MAX; i++)
			if (ci->cols[i] < 0 && (i == F_PROJECT_ID || i == F_DEPT || i == F_PROJECT_NAME)) {
				ci->e->line = row->line;
				return bad(ci->e, proc_csv_fields[i], "the column is missing");
			}
		return SOD_OK;
	}
	if ((err = proc_csv_release(ci->cols, row->fields, row->n, &rel, ci->e)) == SOD_OK) {
		err = proc_ingest(&ci->im, rel, NULL, ci->e);
		json_decref(rel);
	}
	if (err && ci->e->line == 0)
		ci->e->line = row->line;
	return err;
}

enum sod_err
proc_import_csv(struct store *s, FILE *f, const struct flag_params *p,
                struct proc_import_stats *st, struct ocds_error *e)
{
	struct csv_import ci = {.im = {.s = s, .st = st}, .e = e};
	struct csv *csv = csv_new(4096, 64);
	char buf[65536];
	size_t n;
	enum sod_err err;

	memset(st, 0, sizeof(*st));
	memset(e, 0, sizeof(*e));
	if (csv == NULL)
		return SOD_ENOMEM;
	if ((err = store_tx_begin(s, true)) != SOD_OK)
		goto out;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if ((err = csv_feed(csv, buf, n, on_row, &ci)) != SOD_OK)
			goto fail;
	if ((err = csv_finish(csv, on_row, &ci)) != SOD_OK)
		goto fail;
	if (st->releases == 0) {
		err = bad(e, "", "no row in the file");
		goto fail;
	}
	if ((err = flags_score(s, p, &st->flagged)) != SOD_OK || (err = store_tx_commit(s)) != SOD_OK)
		goto fail;
	goto out;
fail:
	if (e->line == 0)
		e->line = csv_error_line(csv);
	if (e->message[0] == '\0') {
		str_lcpy(e->message, sod_strerror(err), sizeof(e->message));
		err = err == SOD_ETOOBIG || err == SOD_EUTF8 ? SOD_EINVAL : err;
	}
	store_tx_rollback(s);
out:
	csv_free(&csv);
	return err;
}
