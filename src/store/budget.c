/*
 * budget.c — the typed wrappers of budget requests, their lines, their
 * receipt files and their totals (store.h, "budget requests"). Amounts
 * are satang. Receipt metadata arrives sealed (domain/budget.c).
 */
#include "store/internal.h"

static enum sod_err
budget_read(struct sq *q, struct arena *a, struct budget_rec *b)
{
	b->id = sq_int(q, 0);
	b->unit_id = sq_int(q, 1);
	b->unit_code = sq_text(q, a, 2);
	b->parent_id = sq_int(q, 3);
	b->parent_code = sq_text(q, a, 4);
	b->title = sq_text(q, a, 5);
	b->purpose = sq_text(q, a, 6);
	b->activity_kind = sq_text(q, a, 7);
	b->fiscal_year = sq_int(q, 8);
	b->planned_on = sq_text(q, a, 9);
	b->amount_satang = sq_int(q, 10);
	b->status = sq_text(q, a, 11);
	b->approved_satang = sq_int(q, 12);
	b->decision_note = sq_text(q, a, 13);
	b->decided_by = sq_int(q, 14);
	b->decided_on = sq_text(q, a, 15);
	b->spent_satang = sq_int(q, 16);
	b->report_note = sq_text(q, a, 17);
	b->reported_on = sq_text(q, a, 18);
	b->activity_id = sq_int(q, 19);
	b->requested_by = sq_int(q, 20);
	return b->unit_code && b->parent_code && b->title && b->purpose && b->activity_kind &&
	       b->status && b->decision_note && b->report_note ? SOD_OK : SOD_ENOMEM;
}

static enum sod_err
budget_rows(struct sq *q, struct arena *a, struct budget_rec **items_out, size_t *n_out)
{
	struct budget_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err = SOD_OK;
	int rc;

	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items)) ||
		    budget_read(q, a, &items[n]) != SOD_OK) {
			err = SOD_ENOMEM;
			break;
		}
		n++;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_budget_insert(struct store *s, const struct budget_rec *b,
                    const struct budget_line_rec *lines, size_t nlines, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_BUDGET_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, b->unit_id);
	sq_bind_int(q, 2, b->parent_id);
	sq_bind_text(q, 3, b->title);
	sq_bind_text(q, 4, b->purpose);
	sq_bind_text(q, 5, b->activity_kind);
	sq_bind_int(q, 6, b->fiscal_year);
	sq_bind_text(q, 7, b->planned_on);
	sq_bind_int(q, 8, b->amount_satang);
	sq_bind_int(q, 9, b->requested_by);
	sq_bind_int(q, 10, sod_now());
	err = sq_one_int(q, id_out);
	sq_close(q);
	for (size_t i = 0; !err && i < nlines; i++) {
		if ((err = sq_open(s, STMT_BUDGET_LINE_INSERT, &q)) != SOD_OK)
			break;
		sq_bind_int(q, 1, *id_out);
		sq_bind_int(q, 2, (int64_t)i + 1);
		sq_bind_text(q, 3, lines[i].item);
		sq_bind_int(q, 4, lines[i].quantity);
		sq_bind_int(q, 5, lines[i].unit_price_satang);
		err = sq_exec(q);
		sq_close(q);
	}
	return err;
}

enum sod_err
store_budget_get(struct store *s, struct arena *a, int64_t id, struct budget_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_BUDGET_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	rc = sq_step(q);
	err = rc == STEP_ROW ? budget_read(q, a, out) : rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

enum sod_err
store_budget_lines(struct store *s, struct arena *a, int64_t id,
                   struct budget_line_rec **items_out, size_t *n_out)
{
	struct budget_line_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_BUDGET_LINES, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items)) ||
		    (items[n].item = sq_text(q, a, 0)) == NULL) {
			err = SOD_ENOMEM;
			break;
		}
		items[n].quantity = sq_int(q, 1);
		items[n].unit_price_satang = sq_int(q, 2);
		n++;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_budget_list(struct store *s, struct arena *a, int64_t unit, int64_t year,
                  struct budget_rec **items_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_BUDGET_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, year);
	return budget_rows(q, a, items_out, n_out);
}

enum sod_err
store_budget_update(struct store *s, const struct budget_rec *b)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_BUDGET_UPDATE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, b->id);
	sq_bind_text(q, 2, b->status);
	sq_bind_int(q, 3, b->approved_satang);
	sq_bind_text(q, 4, b->decision_note ? b->decision_note : "");
	if (b->decided_by > 0)
		sq_bind_int(q, 5, b->decided_by);
	else
		sq_bind_text(q, 5, NULL);
	sq_bind_text(q, 6, b->decided_on);
	sq_bind_int(q, 7, b->spent_satang);
	sq_bind_text(q, 8, b->report_note ? b->report_note : "");
	sq_bind_text(q, 9, b->reported_on);
	if (b->activity_id > 0)
		sq_bind_int(q, 10, b->activity_id);
	else
		sq_bind_text(q, 10, NULL);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_budget_receipt_insert(struct store *s, int64_t request, const struct budget_receipt_rec *r)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_BUDGET_RECEIPT_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, request);
	sq_bind_int(q, 2, r->n);
	sq_bind_text(q, 3, r->stored);
	sq_bind_int(q, 4, r->size);
	sq_bind_text(q, 5, r->meta);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_budget_receipts(struct store *s, struct arena *a, int64_t request,
                      struct budget_receipt_rec **items_out, size_t *n_out)
{
	struct budget_receipt_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_BUDGET_RECEIPTS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, request);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items)) ||
		    (items[n].stored = sq_text(q, a, 1)) == NULL ||
		    (items[n].meta = sq_text(q, a, 3)) == NULL) {
			err = SOD_ENOMEM;
			break;
		}
		items[n].n = sq_int(q, 0);
		items[n].size = sq_int(q, 2);
		n++;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_budget_totals(struct store *s, struct arena *a, int64_t unit, int64_t year,
                    struct budget_total_rec **items_out, size_t *n_out)
{
	struct budget_total_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_BUDGET_TOTALS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, year);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items)) ||
		    (items[n].unit_code = sq_text(q, a, 0)) == NULL ||
		    (items[n].activity_kind = sq_text(q, a, 1)) == NULL) {
			err = SOD_ENOMEM;
			break;
		}
		items[n].requests = sq_int(q, 2);
		items[n].requested_satang = sq_int(q, 3);
		items[n].approved_satang = sq_int(q, 4);
		items[n].spent_satang = sq_int(q, 5);
		n++;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_budget_due(struct store *s, struct arena *a, const char *before,
                 struct budget_rec **items_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_BUDGET_DUE, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, before);
	return budget_rows(q, a, items_out, n_out);
}
