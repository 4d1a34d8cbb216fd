/*
 * unit_change.c — typed wrappers for the changes of the unit tree that
 * wait for a supervisor's confirmation (table unit_changes; the rules are
 * in domain/scope.c). Nothing here decides who may do what.
 */
#include "store/internal.h"

static void
change_read(struct sq *q, struct arena *a, struct unit_change_rec *c)
{
	c->id = sq_int(q, 0);
	c->unit_id = sq_int(q, 1);
	c->unit_code = sq_text(q, a, 2);
	c->unit_name_th = sq_text(q, a, 3);
	c->unit_name_en = sq_text(q, a, 4);
	c->kind = sq_text(q, a, 5);
	c->new_parent_id = sq_int(q, 6);
	c->new_parent_code = sq_text(q, a, 7);
	c->retention_days = sq_int(q, 8);
	c->current_retention = sq_int(q, 9);
	c->parent_code = sq_text(q, a, 10);
	c->requested_by = sq_int(q, 11);
	c->requested_by_name = sq_text(q, a, 12);
	c->requested_at = sq_int(q, 13);
	c->status = sq_text(q, a, 14);
	c->decided_by = sq_int(q, 15);
	c->decided_at = sq_int(q, 16);
}

static bool
change_complete(const struct unit_change_rec *c)
{
	return c->unit_code && c->unit_name_th && c->unit_name_en && c->kind &&
	       c->new_parent_code && c->parent_code && c->requested_by_name && c->status;
}

enum sod_err
store_unit_change_insert(struct store *s, const struct unit_change_rec *c, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_UNIT_CHANGE_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, c->unit_id);
	sq_bind_text(q, 2, c->kind);
	sq_bind_int(q, 3, c->new_parent_id);
	sq_bind_int(q, 4, c->retention_days);
	sq_bind_int(q, 5, c->requested_by);
	sq_bind_int(q, 6, c->requested_at);
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_unit_change_get(struct store *s, struct arena *a, int64_t id,
                      struct unit_change_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_UNIT_CHANGE_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	rc = sq_step(q);
	if (rc == STEP_ROW) {
		change_read(q, a, out);
		err = change_complete(out) ? SOD_OK : SOD_ENOMEM;
	} else {
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	}
	sq_close(q);
	return err;
}

enum sod_err
store_unit_change_pending(struct store *s, struct arena *a, int64_t limit,
                          struct unit_change_rec **items_out, size_t *n_out)
{
	struct sq *q;
	struct unit_change_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_UNIT_CHANGE_PENDING, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, limit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		change_read(q, a, &items[n]);
		if (!change_complete(&items[n])) {
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
store_unit_change_decide(struct store *s, int64_t id, const char *status, int64_t account,
                         int64_t at)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_UNIT_CHANGE_DECIDE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	sq_bind_text(q, 2, status);
	sq_bind_int(q, 3, account);
	sq_bind_int(q, 4, at);
	err = sq_exec(q);
	sq_close(q);
	return err;
}
