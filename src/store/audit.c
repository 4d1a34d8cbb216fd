/*
 * audit.c — typed wrappers for the audit log (domain/audit.h).
 *
 * Only reads and inserts: the statement table has no UPDATE or DELETE on
 * the audit table, so nothing in the program can change an entry once it
 * is written. The hash chain itself is the domain's business.
 */
#include "store/internal.h"

/* Read the AUDIT_COLS of the current row. */
static enum sod_err
audit_read(struct sq *q, struct arena *a, struct audit_rec *r)
{
	r->id = sq_int(q, 0);
	r->at = sq_int(q, 1);
	r->account_id = sq_int(q, 2);
	r->username = sq_text(q, a, 3);
	r->action = sq_text(q, a, 4);
	r->object = sq_text(q, a, 5);
	r->detail = sq_text(q, a, 6);
	r->prev_hash = sq_text(q, a, 7);
	r->hash = sq_text(q, a, 8);
	if (!r->username || !r->action || !r->object || !r->detail ||
	    !r->prev_hash || !r->hash)
		return SOD_ENOMEM;
	return SOD_OK;
}

/* Step q to the end, appending every row to *items_out. Closes q. */
static enum sod_err
audit_rows(struct sq *q, struct arena *a, struct audit_rec **items_out, size_t *n_out)
{
	struct audit_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err = SOD_OK;
	int rc;

	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			goto out;
		}
		if ((err = audit_read(q, a, &items[n])) != SOD_OK)
			goto out;
		n++;
	}
	if (rc < 0)
		err = (enum sod_err)-rc;
out:
	sq_close(q);
	if (err)
		return err;
	*items_out = items;
	*n_out = n;
	return SOD_OK;
}

enum sod_err
store_audit_last(struct store *s, struct arena *a, int64_t *id_out, char **hash_out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_AUDIT_LAST, &q)) != SOD_OK)
		return err;
	rc = sq_step(q);
	if (rc == STEP_ROW) {
		*id_out = sq_int(q, 0);
		*hash_out = sq_text(q, a, 1);
		err = *hash_out ? SOD_OK : SOD_ENOMEM;
	} else {
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	}
	sq_close(q);
	return err;
}

enum sod_err
store_audit_insert(struct store *s, const struct audit_rec *r)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_AUDIT_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, r->id);
	sq_bind_int(q, 2, r->at);
	sq_bind_int(q, 3, r->account_id);
	sq_bind_text(q, 4, r->username);
	sq_bind_text(q, 5, r->action);
	sq_bind_text(q, 6, r->object);
	sq_bind_text(q, 7, r->detail);
	sq_bind_text(q, 8, r->prev_hash);
	sq_bind_text(q, 9, r->hash);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_audit_get(struct store *s, struct arena *a, int64_t id, struct audit_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_AUDIT_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	rc = sq_step(q);
	if (rc == STEP_ROW)
		err = audit_read(q, a, out);
	else
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

enum sod_err
store_audit_list(struct store *s, struct arena *a, const char *object, int64_t limit,
                 int64_t offset, struct audit_rec **items_out, size_t *n_out,
                 int64_t *total_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_AUDIT_COUNT, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, object);
	err = sq_one_int(q, total_out);
	sq_close(q);
	if (err)
		return err;
	if ((err = sq_open(s, STMT_AUDIT_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, object);
	sq_bind_int(q, 2, limit);
	sq_bind_int(q, 3, offset);
	return audit_rows(q, a, items_out, n_out);
}

enum sod_err
store_audit_walk(struct store *s, struct arena *a, int64_t after, int64_t limit,
                 struct audit_rec **items_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_AUDIT_WALK, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, after);
	sq_bind_int(q, 2, limit);
	return audit_rows(q, a, items_out, n_out);
}
