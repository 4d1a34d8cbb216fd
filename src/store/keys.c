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
store_missing_holders(struct store *s, struct arena *a, int64_t unit,
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
