/*
 * keys.c — typed wrappers for unit, account and session keys.
 */
#include "store/internal.h"

/* Run q expecting one row of n text columns (NULL columns stay NULL). */
static enum sod_err
text_row(struct sq *q, struct arena *a, char **c0, char **c1)
{
	int rc = sq_step(q);
	enum sod_err err = SOD_OK;

	if (rc == STEP_ROW) {
		*c0 = sq_text(q, a, 0);
		if (c1 != NULL)
			*c1 = sq_text(q, a, 1);
	} else {
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	}
	sq_close(q);
	return err;
}

enum sod_err
store_unit_key_get(struct store *s, struct arena *a, int64_t unit, char **pk_out,
                   char **recovery_sealed_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_UNIT_KEY_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	return text_row(q, a, pk_out, recovery_sealed_out);
}

enum sod_err
store_unit_key_insert(struct store *s, int64_t unit, const char *pk,
                      const char *recovery_sealed)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_UNIT_KEY_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, pk);
	sq_bind_text(q, 3, recovery_sealed);
	sq_bind_int(q, 4, sod_now());
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_holder_insert(struct store *s, int64_t unit, int64_t account, const char *sealed_sk)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_HOLDER_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, account);
	sq_bind_text(q, 3, sealed_sk);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_holder_units(struct store *s, struct arena *a, int64_t account,
                   struct holder_rec **items_out, size_t *n_out)
{
	struct sq *q;
	struct holder_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_HOLDER_UNITS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, account);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct holder_rec *h;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		h = &items[n++];
		h->unit_id = sq_int(q, 0);
		h->sealed_sk = sq_text(q, a, 1);
		h->unit_pk = sq_text(q, a, 2);
		if (!h->sealed_sk || !h->unit_pk) {
			err = SOD_ENOMEM;
			break;
		}
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_account_keys_get(struct store *s, struct arena *a, int64_t account, char **pk_out,
                       char **wrapped_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ACCOUNT_KEYS_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, account);
	return text_row(q, a, pk_out, wrapped_out);
}

enum sod_err
store_account_keys_set(struct store *s, int64_t account, const char *pk, const char *wrapped)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ACCOUNT_KEYS_SET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, account);
	sq_bind_text(q, 2, pk);
	sq_bind_text(q, 3, wrapped);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_session_set_sk(struct store *s, const char *token_hash, const char *wrapped)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_SESSION_SET_SK, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, token_hash);
	sq_bind_text(q, 2, wrapped);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_session_get_sk(struct store *s, struct arena *a, const char *token_hash,
                     char **wrapped_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_SESSION_GET_SK, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, token_hash);
	return text_row(q, a, wrapped_out, NULL);
}

enum sod_err
store_missing_holders(struct store *s, struct arena *a, int64_t unit, int64_t account,
                      struct missing_holder **items_out, size_t *n_out)
{
	struct sq *q;
	struct missing_holder *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_MISSING_HOLDERS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, account);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct missing_holder *m;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		m = &items[n++];
		m->unit_id = sq_int(q, 0);
		m->account_id = sq_int(q, 1);
		if ((m->account_pk = sq_text(q, a, 2)) == NULL) {
			err = SOD_ENOMEM;
			break;
		}
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

/* ---- key custody ------------------------------------------------------------ */

static enum sod_err
exec_ii(struct store *s, enum stmt id, int64_t x, int64_t y, const char *t)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, id, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, x);
	if (y >= 0)
		sq_bind_int(q, 2, y);
	if (t != NULL)
		sq_bind_text(q, y >= 0 ? 3 : 2, t);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_account_set_creator(struct store *s, int64_t account, int64_t creator)
{
	return exec_ii(s, STMT_ACCOUNT_SET_CREATOR, account, creator, NULL);
}

enum sod_err
store_account_creator(struct store *s, int64_t account, int64_t *creator_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ACCOUNT_CREATOR, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, account);
	err = sq_one_int(q, creator_out);
	sq_close(q);
	return err;
}

enum sod_err
store_unit_readers(struct store *s, struct arena *a, int64_t unit,
                   struct unit_reader **items_out, size_t *n_out)
{
	struct sq *q;
	struct unit_reader *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_UNIT_READERS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct unit_reader *r;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		r = &items[n++];
		r->account_id = sq_int(q, 0);
		r->username = sq_text(q, a, 1);
		r->display_name = sq_text(q, a, 2);
		r->role = sq_text(q, a, 3);
		r->has_key = sq_int(q, 4) != 0;
		r->holder = sq_int(q, 5) != 0;
		r->created_by = sq_int(q, 6);
		if (!r->username || !r->display_name || !r->role) {
			err = SOD_ENOMEM;
			break;
		}
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_holder_delete(struct store *s, int64_t unit, int64_t account)
{
	struct sq *q;
	int64_t gone;
	enum sod_err err;

	if ((err = sq_open(s, STMT_HOLDER_DELETE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, account);
	err = sq_one_int(q, &gone);
	sq_close(q);
	return err;
}

enum sod_err
store_account_seals_drop(struct store *s, int64_t account)
{
	enum sod_err err = exec_ii(s, STMT_HOLDER_DELETE_ACCOUNT, account, -1, NULL);

	return err ? err : exec_ii(s, STMT_IDKEY_DELETE_ACCOUNT, account, -1, NULL);
}

enum sod_err
store_holder_upsert(struct store *s, int64_t unit, int64_t account, const char *sealed_sk)
{
	return exec_ii(s, STMT_HOLDER_UPSERT, unit, account, sealed_sk);
}

/* Rows of (account id, public key) from statement id bound to $1 = x. */
static enum sod_err
account_keys_of(struct store *s, struct arena *a, enum stmt id, int64_t x, int64_t unit,
                struct missing_holder **items_out, size_t *n_out)
{
	struct sq *q;
	struct missing_holder *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, id, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, x);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		items[n].unit_id = unit;
		items[n].account_id = sq_int(q, 0);
		if ((items[n++].account_pk = sq_text(q, a, 1)) == NULL) {
			err = SOD_ENOMEM;
			break;
		}
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_unit_holders(struct store *s, struct arena *a, int64_t unit,
                   struct missing_holder **items_out, size_t *n_out)
{
	return account_keys_of(s, a, STMT_UNIT_HOLDERS, unit, unit, items_out, n_out);
}

enum sod_err
store_line_custodians(struct store *s, struct arena *a, int64_t unit,
                      struct missing_holder **items_out, size_t *n_out)
{
	return account_keys_of(s, a, STMT_LINE_CUSTODIANS, unit, 0, items_out, n_out);
}

enum sod_err
store_tip_idkey_insert(struct store *s, int64_t tip, int64_t account, const char *sealed)
{
	return sq_sealed_key_insert(s, STMT_TIP_IDKEY_INSERT, tip, account, sealed);
}

enum sod_err
store_tip_idkeys(struct store *s, struct arena *a, int64_t tip,
                 struct tip_key_rec **items_out, size_t *n_out)
{
	return sq_sealed_keys(s, a, STMT_TIP_IDKEYS, tip, items_out, n_out);
}

enum sod_err
store_tip_okey_insert(struct store *s, int64_t tip, int64_t unit, const char *sealed)
{
	return sq_sealed_key_insert(s, STMT_TIP_OKEY_INSERT, tip, unit, sealed);
}

enum sod_err
store_tip_okeys(struct store *s, struct arena *a, int64_t tip, struct tip_key_rec **items_out,
                size_t *n_out)
{
	return sq_sealed_keys(s, a, STMT_TIP_OKEYS, tip, items_out, n_out);
}

enum sod_err
store_identity_tips(struct store *s, struct arena *a, int64_t **ids_out, int64_t **units_out,
                    size_t *n_out)
{
	struct sq *q;
	int64_t *ids = NULL, *units = NULL;
	size_t n = 0, cap = 0, ucap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_IDENTITY_TIPS, &q)) != SOD_OK)
		return err;
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&ids, n, &cap, sizeof(*ids)) ||
		    !sq_grow(a, (void **)&units, n, &ucap, sizeof(*units))) {
			err = SOD_ENOMEM;
			break;
		}
		ids[n] = sq_int(q, 0);
		units[n++] = sq_int(q, 1);
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*ids_out = ids;
	*units_out = units;
	*n_out = n;
	return err;
}

enum sod_err
store_tip_set_identity(struct store *s, int64_t tip, const char *sealed)
{
	return exec_ii(s, STMT_TIP_SET_IDENTITY, tip, -1, sealed);
}

enum sod_err
store_unit_key_replace(struct store *s, int64_t unit, const char *pk,
                       const char *recovery_sealed)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_UNIT_KEY_REPLACE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, pk);
	sq_bind_text(q, 3, recovery_sealed);
	sq_bind_int(q, 4, sod_now());
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_unit_old_key_insert(struct store *s, int64_t unit, const char *pk, const char *sealed_sk,
                          const char *recovery_sealed)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_UNIT_OLD_KEY_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, pk);
	sq_bind_text(q, 3, sealed_sk);
	sq_bind_text(q, 4, recovery_sealed);
	sq_bind_int(q, 5, sod_now());
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_unit_old_keys(struct store *s, struct arena *a, int64_t unit,
                    struct unit_old_key **items_out, size_t *n_out)
{
	struct sq *q;
	struct unit_old_key *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_UNIT_OLD_KEYS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct unit_old_key *k;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		k = &items[n++];
		k->id = sq_int(q, 0);
		k->public_key = sq_text(q, a, 1);
		k->sealed_sk = sq_text(q, a, 2);
		k->recovery_sealed = sq_text(q, a, 3);
		if (!k->public_key || !k->sealed_sk || !k->recovery_sealed) {
			err = SOD_ENOMEM;
			break;
		}
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_unit_old_key_reseal(struct store *s, int64_t id, const char *sealed_sk)
{
	return exec_ii(s, STMT_UNIT_OLD_KEY_RESEAL, id, -1, sealed_sk);
}
