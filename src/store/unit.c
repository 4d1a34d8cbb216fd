/*
 * unit.c — typed wrappers for settings (meta) and the unit tree.
 */
#include "store/internal.h"

enum sod_err
store_meta_get(struct store *s, struct arena *a, const char *key, char **value_out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_META_GET, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, key);
	rc = sq_step(q);
	if (rc == STEP_ROW) {
		*value_out = sq_text(q, a, 0);
		err = *value_out ? SOD_OK : SOD_ENOMEM;
	} else {
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	}
	sq_close(q);
	return err;
}

enum sod_err
store_meta_set(struct store *s, const char *key, const char *value)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_META_SET, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, key);
	sq_bind_text(q, 2, value);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_unit_insert(struct store *s, const struct unit_rec *u, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_UNIT_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, u->code);
	sq_bind_text(q, 2, u->kind);
	sq_bind_text(q, 3, u->name_th);
	sq_bind_text(q, 4, u->name_en);
	if (u->parent_id > 0)
		sq_bind_int(q, 5, u->parent_id);
	else
		sq_bind_text(q, 5, NULL);
	sq_bind_text(q, 6, u->province_code);
	sq_bind_text(q, 7, u->district_code);
	sq_bind_int(q, 8, sod_now());
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

/* Read the UNIT_COLS of the current row. */
static enum sod_err
unit_read(struct sq *q, struct arena *a, struct unit_rec *u)
{
	u->id = sq_int(q, 0);
	u->code = sq_text(q, a, 1);
	u->kind = sq_text(q, a, 2);
	u->name_th = sq_text(q, a, 3);
	u->name_en = sq_text(q, a, 4);
	u->parent_id = sq_is_null(q, 5) ? 0 : sq_int(q, 5);
	u->parent_code = sq_text(q, a, 6);
	u->province_code = sq_text(q, a, 7);
	u->district_code = sq_text(q, a, 8);
	u->closed_at = sq_int(q, 9);
	u->children = sq_int(q, 10);
	if (!u->code || !u->kind || !u->name_th || !u->name_en)
		return SOD_ENOMEM;
	return SOD_OK;
}

static enum sod_err
unit_get_one(struct sq *q, struct arena *a, struct unit_rec *out)
{
	int rc = sq_step(q);
	enum sod_err err;

	if (rc == STEP_ROW)
		err = unit_read(q, a, out);
	else
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

enum sod_err
store_unit_get(struct store *s, struct arena *a, int64_t id, struct unit_rec *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_UNIT_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	return unit_get_one(q, a, out);
}

enum sod_err
store_unit_get_by_code(struct store *s, struct arena *a, const char *code,
                       struct unit_rec *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_UNIT_GET_BY_CODE, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, code);
	return unit_get_one(q, a, out);
}

enum sod_err
store_unit_root(struct store *s, struct arena *a, struct unit_rec *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_UNIT_ROOT, &q)) != SOD_OK)
		return err;
	return unit_get_one(q, a, out);
}

enum sod_err
store_unit_list(struct store *s, struct arena *a, const struct unit_filter *f,
                struct unit_rec **items_out, size_t *n_out, int64_t *total_out)
{
	struct sq *q;
	struct unit_rec *items;
	enum sod_err err;
	size_t n = 0;
	int rc;

	if ((err = sq_open(s, STMT_UNIT_COUNT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, f->parent_id);
	sq_bind_text(q, 2, f->kind);
	err = sq_one_int(q, total_out);
	sq_close(q);
	if (err)
		return err;
	items = arena_zalloc(a, sizeof(*items) * (size_t)(f->limit > 0 ? f->limit : 1));
	if (items == NULL)
		return SOD_ENOMEM;
	if ((err = sq_open(s, STMT_UNIT_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, f->parent_id);
	sq_bind_text(q, 2, f->kind);
	sq_bind_int(q, 3, f->limit);
	sq_bind_int(q, 4, f->offset);
	while ((rc = sq_step(q)) == STEP_ROW && (int64_t)n < f->limit) {
		if ((err = unit_read(q, a, &items[n])) != SOD_OK)
			break;
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
store_unit_is_within(struct store *s, int64_t unit, int64_t anc, bool *out)
{
	struct sq *q;
	enum sod_err err;
	int64_t n = 0;

	if ((err = sq_open(s, STMT_UNIT_IS_WITHIN, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, anc);
	err = sq_one_int(q, &n);
	sq_close(q);
	*out = n > 0;
	return err;
}

enum sod_err
store_unit_subtree_count(struct store *s, int64_t unit, int64_t *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_UNIT_SUBTREE_COUNT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	err = sq_one_int(q, out);
	sq_close(q);
	return err;
}

enum sod_err
store_unit_update(struct store *s, const struct unit_rec *u)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_UNIT_UPDATE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, u->id);
	sq_bind_text(q, 2, u->name_th);
	sq_bind_text(q, 3, u->name_en);
	if (u->parent_id > 0)
		sq_bind_int(q, 4, u->parent_id);
	else
		sq_bind_text(q, 4, NULL);
	sq_bind_int(q, 5, u->closed_at);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_published_units(struct store *s, struct arena *a, struct unit_rec **items_out,
                      size_t *n_out)
{
	struct sq *q;
	struct unit_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_PUBLISHED_UNITS, &q)) != SOD_OK)
		return err;
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		if ((err = unit_read(q, a, &items[n++])) != SOD_OK)
			break;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}
