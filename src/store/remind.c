/*
 * remind.c — the store's side of reminders and webhooks (see store.h):
 * counts of due items over a unit's subtree (no content is read, nothing
 * decrypted), per-account digest settings and the sent-log that makes a
 * day's digest go once, the units' webhooks and their delivery queue.
 */
#include "store/internal.h"

#include <string.h>

/* Run a count statement bound as (unit, from, to). */
static enum sod_err
count3(struct store *s, enum stmt id, int64_t unit, const char *from, const char *to,
       int64_t *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, id, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, from);
	sq_bind_text(q, 3, to);
	err = sq_one_int(q, out);
	sq_close(q);
	return err;
}

enum sod_err
store_remind_tips_new(struct store *s, int64_t unit, const char *from, const char *to,
                      int64_t *out)
{
	return count3(s, STMT_REMIND_TIPS_NEW, unit, from, to, out);
}

enum sod_err
store_remind_cases_due(struct store *s, int64_t unit, const char *from, const char *to,
                       int64_t *out)
{
	return count3(s, STMT_REMIND_CASES_DUE, unit, from, to, out);
}

enum sod_err
store_remind_referrals_open(struct store *s, int64_t unit, const char *from,
                            const char *to, int64_t *out)
{
	return count3(s, STMT_REMIND_REFERRALS_OPEN, unit, from, to, out);
}

enum sod_err
store_remind_quarter_units(struct store *s, int64_t unit, int64_t year, int quarter,
                           const char *from, const char *to, int64_t *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_REMIND_QUARTER_UNITS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, year);
	sq_bind_int(q, 3, quarter);
	sq_bind_text(q, 4, from);
	sq_bind_text(q, 5, to);
	err = sq_one_int(q, out);
	sq_close(q);
	return err;
}

enum sod_err
store_remind_accounts(struct store *s, struct arena *a,
                      struct remind_settings_rec **items_out, size_t *n_out)
{
	struct remind_settings_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_REMIND_ACCOUNTS, &q)) != SOD_OK)
		return err;
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		items[n] = (struct remind_settings_rec){
			.account_id = sq_int(q, 0), .username = sq_text(q, a, 1),
			.enabled = sq_int(q, 2) != 0, .kinds = sq_text(q, a, 3),
			.email = sq_text(q, a, 4), .lang = sq_text(q, a, 5),
		};
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
store_remind_settings_get(struct store *s, struct arena *a, int64_t account,
                          struct remind_settings_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_REMIND_SETTINGS_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, account);
	rc = sq_step(q);
	if (rc == STEP_ROW) {
		*out = (struct remind_settings_rec){
			.account_id = account, .enabled = sq_int(q, 0) != 0,
			.kinds = sq_text(q, a, 1), .email = sq_text(q, a, 2),
			.lang = sq_text(q, a, 3), .person_email = sq_text(q, a, 4),
		};
		err = out->kinds && out->lang ? SOD_OK : SOD_ENOMEM;
	} else {
		err = rc == STEP_DONE ? SOD_ENOTFOUND : (enum sod_err)-rc;
	}
	sq_close(q);
	return err;
}

enum sod_err
store_remind_settings_set(struct store *s, const struct remind_settings_rec *r)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_REMIND_SETTINGS_SET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, r->account_id);
	sq_bind_int(q, 2, r->enabled ? 1 : 0);
	sq_bind_text(q, 3, r->kinds ? r->kinds : "");
	sq_bind_text(q, 4, r->email);
	sq_bind_text(q, 5, r->lang ? r->lang : "th");
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_remind_claim(struct store *s, int64_t account, const char *day, int64_t at,
                   int64_t items, bool *claimed_out)
{
	struct sq *q;
	enum sod_err err = SOD_OK;
	int rc;

	*claimed_out = false;
	if ((err = sq_open(s, STMT_REMIND_CLAIM, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, account);
	sq_bind_text(q, 2, day);
	sq_bind_int(q, 3, at);
	sq_bind_int(q, 4, items);
	while ((rc = sq_step(q)) == STEP_ROW)
		*claimed_out = true;
	if (rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	return err;
}

enum sod_err
store_remind_unclaim(struct store *s, int64_t account, const char *day)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_REMIND_UNCLAIM, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, account);
	sq_bind_text(q, 2, day);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_remind_tips_on(struct store *s, struct arena *a, const char *day, int64_t **ids_out,
                     int64_t **units_out, size_t *n_out)
{
	int64_t *ids = NULL, *units = NULL;
	size_t n = 0, cap = 0, ucap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_REMIND_TIPS_ON, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, day);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&ids, n, &cap, sizeof(*ids)) ||
		    !sq_grow(a, (void **)&units, n, &ucap, sizeof(*units))) {
			err = SOD_ENOMEM;
			break;
		}
		ids[n] = sq_int(q, 0);
		units[n] = sq_int(q, 1);
		n++;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*ids_out = ids;
	*units_out = units;
	*n_out = n;
	return err;
}

/* ---- webhooks --------------------------------------------------------------- */

enum sod_err
store_webhook_get(struct store *s, struct arena *a, int64_t unit, struct webhook_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_WEBHOOK_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	rc = sq_step(q);
	if (rc == STEP_ROW) {
		*out = (struct webhook_rec){
			.unit_id = unit, .url = sq_text(q, a, 0), .secret_sealed = sq_text(q, a, 1),
			.created_at = sq_int(q, 2),
		};
		err = out->url && out->secret_sealed ? SOD_OK : SOD_ENOMEM;
	} else {
		err = rc == STEP_DONE ? SOD_ENOTFOUND : (enum sod_err)-rc;
	}
	sq_close(q);
	return err;
}

enum sod_err
store_webhook_set(struct store *s, const struct webhook_rec *w, int64_t by)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_WEBHOOK_SET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, w->unit_id);
	sq_bind_text(q, 2, w->url);
	sq_bind_text(q, 3, w->secret_sealed);
	if (by > 0)
		sq_bind_int(q, 4, by);
	else
		sq_bind_text(q, 4, NULL);
	sq_bind_int(q, 5, w->created_at);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_webhook_delete(struct store *s, int64_t unit, int64_t now)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_DELIVERY_DROP_PENDING, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, now);
	err = sq_exec(q);
	sq_close(q);
	if (err || (err = sq_open(s, STMT_WEBHOOK_DELETE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_webhook_line(struct store *s, struct arena *a, int64_t unit, int64_t **units_out,
                   size_t *n_out)
{
	int64_t *units = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_WEBHOOK_LINE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&units, n, &cap, sizeof(*units))) {
			err = SOD_ENOMEM;
			break;
		}
		units[n++] = sq_int(q, 0);
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*units_out = units;
	*n_out = n;
	return err;
}

enum sod_err
store_delivery_insert(struct store *s, int64_t unit, const char *event, const char *body,
                      int64_t now, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_DELIVERY_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, event);
	sq_bind_text(q, 3, body);
	sq_bind_int(q, 4, now);
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

/* Read the common delivery columns of a list row. */
static void
read_delivery(struct sq *q, struct arena *a, struct delivery_rec *d)
{
	*d = (struct delivery_rec){
		.id = sq_int(q, 0), .unit_id = sq_int(q, 1), .event = sq_text(q, a, 2),
		.status = sq_text(q, a, 3), .attempts = sq_int(q, 4), .last_status = sq_int(q, 5),
		.last_error = sq_text(q, a, 6), .created_at = sq_int(q, 7),
		.updated_at = sq_int(q, 8), .body = sq_text(q, a, 9),
	};
}

enum sod_err
store_delivery_due(struct store *s, struct arena *a, int64_t now, int64_t limit,
                   struct delivery_rec **items_out, size_t *n_out)
{
	struct delivery_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_DELIVERY_DUE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, now);
	sq_bind_int(q, 2, limit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		items[n] = (struct delivery_rec){
			.id = sq_int(q, 0), .unit_id = sq_int(q, 1), .event = sq_text(q, a, 2),
			.body = sq_text(q, a, 3), .attempts = sq_int(q, 4), .url = sq_text(q, a, 5),
			.secret_sealed = sq_text(q, a, 6), .status = "pending", .last_error = "",
		};
		if (items[n].event == NULL || items[n].body == NULL || items[n].url == NULL ||
		    items[n].secret_sealed == NULL) {
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
store_delivery_update(struct store *s, const struct delivery_rec *d, int64_t next_at,
                      int64_t now)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_DELIVERY_UPDATE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, d->id);
	sq_bind_text(q, 2, d->status);
	sq_bind_int(q, 3, d->attempts);
	sq_bind_int(q, 4, next_at);
	sq_bind_int(q, 5, d->last_status);
	sq_bind_text(q, 6, d->last_error ? d->last_error : "");
	sq_bind_int(q, 7, now);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_delivery_list(struct store *s, struct arena *a, int64_t unit, int64_t limit,
                    struct delivery_rec **items_out, size_t *n_out)
{
	struct delivery_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_DELIVERY_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, limit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		read_delivery(q, a, &items[n]);
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
store_delivery_prune(struct store *s, int64_t before)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_DELIVERY_PRUNE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, before);
	err = sq_exec(q);
	sq_close(q);
	return err;
}
