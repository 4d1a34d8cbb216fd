/*
 * budget.c — budget requests (budget.h): asking the parent ACOC,
 * deciding, reporting the spending with receipts, totals, and what the
 * reminders read. Receipts are evidence files (domain/evidence.h); their
 * metadata (name, type, size, file key) is sealed with the server key
 * under the context "budget.receipt", like the rest of what a copy of the
 * database alone must not show.
 */
#include "domain/budget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "domain/audit.h"
#include "domain/network.h"
#include "domain/results.h"
#include "domain/unit.h"
#include "text/date.h"
#include "text/utf8.h"
#include "util/clock.h"

#define RECEIPT_CTX "budget.receipt"

const char *const budget_decisions[] = {"approved", "partly", "rejected", NULL};

static void
today_iso(char out[11])
{
	struct cdate d = date_of_unix(sod_now());

	snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static enum sod_err
audit(struct sys *sys, const struct session *ses, const char *action, int64_t id,
      const char *detail)
{
	char obj[48];

	snprintf(obj, sizeof(obj), "budget_request:%lld", (long long)id);
	return audit_append(sys, ses->account_id, ses->username, action, obj, detail);
}

/* A text of 1..max characters (0..max if optional) on one line or several. */
static bool
text_ok(const char *v, bool required, size_t max, bool multiline, const char *field,
        struct verr *ve)
{
	enum sod_err err;

	if (v == NULL || v[0] == '\0') {
		if (required)
			*ve = (struct verr){field, "error.field.required"};
		return !required;
	}
	err = text_check(v, strlen(v), 0, max, multiline);
	if (err)
		*ve = (struct verr){field, err == SOD_ETOOBIG ? "error.field.too_long"
		                                              : "error.field.text"};
	return err == SOD_OK;
}

static bool
lines_ok(const struct budget_input *in, struct verr *ve)
{
	int64_t sum = 0;

	if (in->nlines > BUDGET_LINES_MAX) {
		*ve = (struct verr){"lines", "error.budget.lines_many"};
		return false;
	}
	for (size_t i = 0; i < in->nlines; i++) {
		const struct budget_line_rec *l = &in->lines[i];

		if (!text_ok(l->item, true, BUDGET_ITEM_MAX, false, "lines", ve))
			return false;
		if (l->quantity < 1 || l->quantity > BUDGET_QTY_MAX || l->unit_price_satang < 0 ||
		    l->unit_price_satang > BUDGET_MAX_SATANG / l->quantity) {
			*ve = (struct verr){"lines", "error.budget.line"};
			return false;
		}
		sum += l->quantity * l->unit_price_satang;
		if (sum > BUDGET_MAX_SATANG) {
			*ve = (struct verr){"lines", "error.field.amount_range"};
			return false;
		}
	}
	if (in->nlines > 0 && sum != in->amount_satang) {
		*ve = (struct verr){"lines", "error.budget.lines_sum"};
		return false;
	}
	return true;
}

static bool
input_ok(const struct budget_input *in, struct verr *ve)
{
	struct cdate d;

	if (!text_ok(in->title, true, BUDGET_TITLE_MAX, false, "title", ve) ||
	    !text_ok(in->purpose, true, BUDGET_PURPOSE_MAX, true, "purpose", ve))
		return false;
	if (in->activity_kind == NULL || !activity_kind_valid(in->activity_kind)) {
		*ve = (struct verr){"activity_kind", in->activity_kind ? "error.field.choice"
		                                                       : "error.field.required"};
		return false;
	}
	if (in->amount_satang <= 0 || in->amount_satang > BUDGET_MAX_SATANG) {
		*ve = (struct verr){"amount_baht", "error.field.amount_range"};
		return false;
	}
	if (in->fiscal_year != 0 && (in->fiscal_year < 2500 || in->fiscal_year > 2700)) {
		*ve = (struct verr){"fiscal_year", "error.field.year"};
		return false;
	}
	if (in->planned_on != NULL && in->planned_on[0] != '\0' &&
	    !date_parse_iso(in->planned_on, strlen(in->planned_on), &d)) {
		*ve = (struct verr){"planned_on", "error.field.date"};
		return false;
	}
	return lines_ok(in, ve);
}

static enum sod_err
can_request(struct sys *sys, const struct session *ses, int64_t unit, bool *out)
{
	static const enum role who[] = {ROLE_COORDINATOR, ROLE_SUPERVISOR};

	return auth_can_any(sys, ses, who, 2, unit, out);
}

enum sod_err
budget_request_create(struct sys *sys, struct arena *a, const struct session *ses,
                      const char *unit_code, const struct budget_input *in, struct verr *ve,
                      int64_t *id_out)
{
	struct unit_rec u;
	struct budget_rec b = {0};
	bool ok = false;
	enum sod_err err;

	if ((err = unit_get(sys, a, unit_code, &u, NULL)) ||
	    (err = can_request(sys, ses, u.id, &ok)))
		return err;
	if (!ok)
		return SOD_EPERM;
	if (u.parent_id == 0) {
		*ve = (struct verr){"unit", "error.budget.no_parent"};
		return SOD_ECONFLICT;
	}
	if (!input_ok(in, ve))
		return SOD_EINVAL;
	b.unit_id = u.id;
	b.parent_id = u.parent_id;
	b.title = (char *)in->title;
	b.purpose = (char *)in->purpose;
	b.activity_kind = (char *)in->activity_kind;
	b.fiscal_year = in->fiscal_year ? in->fiscal_year : fiscal_year_be(date_of_unix(sod_now()));
	b.planned_on = in->planned_on && in->planned_on[0] ? (char *)in->planned_on : NULL;
	b.amount_satang = in->amount_satang;
	b.requested_by = ses->account_id;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_budget_insert(sys->store, &b, in->lines, in->nlines, id_out)) ||
	    (err = audit(sys, ses, "budget.request", *id_out, u.code))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

/* The request of id for someone who may view its unit (else ENOTFOUND). */
static enum sod_err
viewable(struct sys *sys, struct arena *a, const struct session *ses, int64_t id,
         struct budget_rec *b)
{
	bool ok = false;
	enum sod_err err;

	if ((err = store_budget_get(sys->store, a, id, b)) ||
	    (err = network_can_view(sys, ses, b->unit_id, &ok)))
		return err;
	return ok ? SOD_OK : SOD_ENOTFOUND;
}

static enum sod_err
decision_apply(struct budget_rec *b, const char *decision, bool has_amount, int64_t amount,
               const char *note, struct verr *ve)
{
	if (decision == NULL || decision[0] == '\0') {
		*ve = (struct verr){"decision", "error.field.required"};
		return SOD_EINVAL;
	}
	if (strcmp(decision, "approved") == 0) {
		if (has_amount && amount != b->amount_satang) {
			*ve = (struct verr){"amount_baht", "error.budget.approved_amount"};
			return SOD_EINVAL;
		}
		b->approved_satang = b->amount_satang;
	} else if (strcmp(decision, "partly") == 0) {
		if (!has_amount) {
			*ve = (struct verr){"amount_baht", "error.field.required"};
			return SOD_EINVAL;
		}
		if (amount <= 0 || amount > b->amount_satang) {
			*ve = (struct verr){"amount_baht", "error.budget.partly_amount"};
			return SOD_EINVAL;
		}
		b->approved_satang = amount;
	} else if (strcmp(decision, "rejected") == 0) {
		if (note == NULL || note[0] == '\0') {
			*ve = (struct verr){"note", "error.budget.reason"};
			return SOD_EINVAL;
		}
		b->approved_satang = 0;
	} else {
		*ve = (struct verr){"decision", "error.field.choice"};
		return SOD_EINVAL;
	}
	if (!text_ok(note, false, BUDGET_NOTE_MAX, true, "note", ve))
		return SOD_EINVAL;
	b->status = (char *)decision;
	b->decision_note = (char *)(note ? note : "");
	return SOD_OK;
}

enum sod_err
budget_decide(struct sys *sys, struct arena *a, const struct session *ses, int64_t id,
              const char *decision, bool has_amount, int64_t amount_satang, const char *note,
              struct verr *ve)
{
	struct budget_rec b;
	char today[11];
	bool ok = false;
	enum sod_err err;

	if ((err = viewable(sys, a, ses, id, &b)) == SOD_ENOTFOUND)
		return SOD_EPERM;  /* deciding is refused alike to everyone not of the parent */
	if (err || (err = auth_can(sys, ses, ROLE_SUPERVISOR, b.parent_id, &ok)))
		return err;
	if (!ok)
		return SOD_EPERM;
	if (strcmp(b.status, "pending") != 0)
		return SOD_ECONFLICT;
	if ((err = decision_apply(&b, decision, has_amount, amount_satang, note, ve)) != SOD_OK)
		return err;
	today_iso(today);
	b.decided_by = ses->account_id;
	b.decided_on = today;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_budget_update(sys->store, &b)) ||
	    (err = audit(sys, ses, "budget.decide", id, b.status))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

static enum sod_err
receipt_put(struct sys *sys, struct arena *a, int64_t id, int64_t n, struct evidence *e)
{
	char *meta = evidence_meta_json(a, e), *sealed;
	struct budget_receipt_rec r;
	enum sod_err err;

	if (meta == NULL)
		return SOD_ENOMEM;
	if ((err = box_seal(sys->box, a, RECEIPT_CTX, meta, strlen(meta), &sealed)) != SOD_OK)
		return err;
	r = (struct budget_receipt_rec){.n = n, .size = (int64_t)evidence_size(e),
	                                .stored = (char *)evidence_stored_name(e), .meta = sealed};
	return store_budget_receipt_insert(sys->store, id, &r);
}

static enum sod_err
report_check(struct sys *sys, struct arena *a, const struct budget_rec *b, int64_t spent,
             const char *note, int64_t activity_id, struct verr *ve)
{
	struct activity_rec act;
	bool within = false;
	enum sod_err err;

	if (spent < 0 || spent > BUDGET_MAX_SATANG) {
		*ve = (struct verr){"spent_baht", "error.field.amount_range"};
		return SOD_EINVAL;
	}
	if (!text_ok(note, false, BUDGET_NOTE_MAX, true, "note", ve))
		return SOD_EINVAL;
	if (activity_id == 0)
		return SOD_OK;
	err = store_activity_get(sys->store, a, activity_id, &act);
	if (!err)
		err = store_unit_is_within(sys->store, act.unit_id, b->unit_id, &within);
	if (err == SOD_ENOTFOUND || (!err && !within)) {
		*ve = (struct verr){"activity", "error.budget.activity"};
		return SOD_EINVAL;
	}
	return err;
}

enum sod_err
budget_report(struct sys *sys, struct arena *a, const struct session *ses, int64_t id,
              int64_t spent_satang, const char *note, int64_t activity_id,
              struct evidence *const *files, size_t nfiles, struct verr *ve)
{
	struct budget_rec b;
	char today[11];
	bool ok = false;
	enum sod_err err;

	if ((err = viewable(sys, a, ses, id, &b)) || (err = can_request(sys, ses, b.unit_id, &ok)))
		return err;
	if (!ok)
		return SOD_EPERM;
	if ((strcmp(b.status, "approved") != 0 && strcmp(b.status, "partly") != 0) ||
	    b.reported_on != NULL)
		return SOD_ECONFLICT;
	if ((err = report_check(sys, a, &b, spent_satang, note, activity_id, ve)) != SOD_OK)
		return err;
	today_iso(today);
	b.spent_satang = spent_satang;
	b.report_note = (char *)(note ? note : "");
	b.reported_on = today;
	b.activity_id = activity_id;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	err = store_budget_update(sys->store, &b);
	for (size_t i = 0; !err && i < nfiles; i++)
		err = receipt_put(sys, a, id, (int64_t)i + 1, files[i]);
	if (!err)
		err = audit(sys, ses, "budget.report", id, "");
	if (err) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

static enum sod_err
receipt_views(struct sys *sys, struct arena *a, int64_t id,
              struct budget_receipt_view **out, size_t *n_out)
{
	struct budget_receipt_rec *rs;
	struct budget_receipt_view *v;
	size_t n;
	enum sod_err err;

	*out = NULL;
	*n_out = 0;
	if ((err = store_budget_receipts(sys->store, a, id, &rs, &n)) != SOD_OK || n == 0)
		return err;
	if ((v = arena_zalloc(a, n * sizeof(*v))) == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		char *plain;
		size_t len;
		json_t *o;

		if ((err = box_open_sealed(sys->box, a, RECEIPT_CTX, rs[i].meta, &plain, &len)))
			return err;
		o = json_loadb(plain, len, 0, NULL);
		v[i].n = rs[i].n;
		v[i].size = rs[i].size;
		v[i].name = arena_strdup(a, json_string_value(json_object_get(o, "name")) ?: "");
		v[i].type = arena_strdup(a, json_string_value(json_object_get(o, "type")) ?: "");
		json_decref(o);
		if (v[i].name == NULL || v[i].type == NULL)
			return SOD_ENOMEM;
	}
	*out = v;
	*n_out = n;
	return SOD_OK;
}

enum sod_err
budget_get(struct sys *sys, struct arena *a, const struct session *ses, int64_t id,
           struct budget_rec *out, struct budget_line_rec **lines_out, size_t *nlines_out,
           struct budget_receipt_view **receipts_out, size_t *nreceipts_out)
{
	enum sod_err err;

	if ((err = viewable(sys, a, ses, id, out)) ||
	    (err = store_budget_lines(sys->store, a, id, lines_out, nlines_out)))
		return err;
	return receipt_views(sys, a, id, receipts_out, nreceipts_out);
}

static enum sod_err
viewable_unit(struct sys *sys, struct arena *a, const struct session *ses, const char *code,
              struct unit_rec *u)
{
	bool ok = false;
	enum sod_err err;

	if ((err = unit_get(sys, a, code, u, NULL)) || (err = network_can_view(sys, ses, u->id, &ok)))
		return err;
	return ok ? SOD_OK : SOD_EPERM;
}

enum sod_err
budget_list(struct sys *sys, struct arena *a, const struct session *ses, const char *unit_code,
            int64_t year, struct budget_rec **items_out, size_t *n_out)
{
	struct unit_rec u;
	enum sod_err err;

	if ((err = viewable_unit(sys, a, ses, unit_code, &u)) != SOD_OK)
		return err;
	return store_budget_list(sys->store, a, u.id, year, items_out, n_out);
}

enum sod_err
budget_totals(struct sys *sys, struct arena *a, const struct session *ses,
              const char *unit_code, int64_t year, struct budget_total_rec **items_out,
              size_t *n_out)
{
	struct unit_rec u;
	enum sod_err err;

	if ((err = viewable_unit(sys, a, ses, unit_code, &u)) != SOD_OK)
		return err;
	return store_budget_totals(sys->store, a, u.id, year, items_out, n_out);
}

enum sod_err
budget_reports_due(struct sys *sys, struct arena *a, struct budget_rec **items_out,
                   size_t *n_out)
{
	char today[11];

	today_iso(today);
	return store_budget_due(sys->store, a, today, items_out, n_out);
}
