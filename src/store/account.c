/*
 * account.c — typed wrappers for accounts, role grants and sessions.
 */
#include "store/internal.h"

#include <string.h>

/* Run an UPDATE/DELETE/INSERT that returns nothing. */
#define EXEC_BEGIN(id)                                             \
	struct sq *q;                                              \
	enum sod_err err;                                          \
	if ((err = sq_open(s, (id), &q)) != SOD_OK)                \
		return err
#define EXEC_END()        \
	err = sq_exec(q); \
	sq_close(q);      \
	return err

enum sod_err
store_account_insert(struct store *s, const struct account_rec *r, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ACCOUNT_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, r->username);
	sq_bind_text(q, 2, r->display_name);
	sq_bind_text(q, 3, r->pw_hash);
	sq_bind_int(q, 4, sod_now());
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

static enum sod_err
account_read(struct sq *q, struct arena *a, struct account_rec *r)
{
	r->id = sq_int(q, 0);
	r->username = sq_text(q, a, 1);
	r->display_name = sq_text(q, a, 2);
	r->pw_hash = sq_text(q, a, 3);
	r->disabled = sq_int(q, 4) != 0;
	r->totp_secret = sq_text(q, a, 5);
	r->totp_enabled = sq_int(q, 6) != 0;
	r->totp_last_step = sq_int(q, 7);
	r->failed_logins = sq_int(q, 8);
	r->locked_until = sq_int(q, 9);
	r->created_at = sq_int(q, 10);
	if (!r->username || !r->display_name || !r->pw_hash)
		return SOD_ENOMEM;
	return SOD_OK;
}

static enum sod_err
account_get_one(struct sq *q, struct arena *a, struct account_rec *out)
{
	int rc = sq_step(q);
	enum sod_err err;

	if (rc == STEP_ROW)
		err = account_read(q, a, out);
	else
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

enum sod_err
store_account_get(struct store *s, struct arena *a, int64_t id,
                  struct account_rec *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ACCOUNT_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	return account_get_one(q, a, out);
}

enum sod_err
store_account_get_by_username(struct store *s, struct arena *a,
                              const char *username, struct account_rec *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ACCOUNT_GET_BY_USERNAME, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, username);
	return account_get_one(q, a, out);
}

enum sod_err
store_account_list(struct store *s, struct arena *a, int64_t limit, int64_t offset,
                   struct account_rec **items_out, size_t *n_out, int64_t *total_out)
{
	struct sq *q;
	struct account_rec *items;
	enum sod_err err;
	size_t n = 0;
	int rc;

	if ((err = sq_open(s, STMT_ACCOUNT_COUNT, &q)) != SOD_OK)
		return err;
	err = sq_one_int(q, total_out);
	sq_close(q);
	if (err)
		return err;
	items = arena_zalloc(a, sizeof(*items) * (size_t)(limit > 0 ? limit : 1));
	if (items == NULL)
		return SOD_ENOMEM;
	if ((err = sq_open(s, STMT_ACCOUNT_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, limit);
	sq_bind_int(q, 2, offset);
	while ((rc = sq_step(q)) == STEP_ROW && (int64_t)n < limit) {
		if ((err = account_read(q, a, &items[n])) != SOD_OK)
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
store_account_set_password(struct store *s, int64_t id, const char *pw_hash)
{
	EXEC_BEGIN(STMT_ACCOUNT_SET_PASSWORD);
	sq_bind_int(q, 1, id);
	sq_bind_text(q, 2, pw_hash);
	EXEC_END();
}

enum sod_err
store_account_set_disabled(struct store *s, int64_t id, bool disabled)
{
	EXEC_BEGIN(STMT_ACCOUNT_SET_DISABLED);
	sq_bind_int(q, 1, id);
	sq_bind_int(q, 2, disabled);
	EXEC_END();
}

enum sod_err
store_account_set_totp(struct store *s, int64_t id, const char *sealed_secret,
                       bool enabled)
{
	EXEC_BEGIN(STMT_ACCOUNT_SET_TOTP);
	sq_bind_int(q, 1, id);
	sq_bind_text(q, 2, sealed_secret);
	sq_bind_int(q, 3, enabled);
	EXEC_END();
}

enum sod_err
store_account_set_totp_step(struct store *s, int64_t id, int64_t step)
{
	EXEC_BEGIN(STMT_ACCOUNT_SET_TOTP_STEP);
	sq_bind_int(q, 1, id);
	sq_bind_int(q, 2, step);
	EXEC_END();
}

enum sod_err
store_account_login_failed(struct store *s, int64_t id, int64_t failed,
                           int64_t locked_until)
{
	EXEC_BEGIN(STMT_ACCOUNT_LOGIN_FAILED);
	sq_bind_int(q, 1, id);
	sq_bind_int(q, 2, failed);
	sq_bind_int(q, 3, locked_until);
	EXEC_END();
}

enum sod_err
store_account_login_ok(struct store *s, int64_t id)
{
	EXEC_BEGIN(STMT_ACCOUNT_LOGIN_OK);
	sq_bind_int(q, 1, id);
	EXEC_END();
}

enum sod_err
store_grant_add(struct store *s, int64_t account, int64_t unit, const char *role)
{
	EXEC_BEGIN(STMT_GRANT_ADD);
	sq_bind_int(q, 1, account);
	sq_bind_int(q, 2, unit);
	sq_bind_text(q, 3, role);
	EXEC_END();
}

enum sod_err
store_grant_list(struct store *s, struct arena *a, int64_t account,
                 struct grant_rec **items_out, size_t *n_out)
{
	struct sq *q;
	struct grant_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_GRANT_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, account);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct grant_rec *g;

		if (n == cap) {
			struct grant_rec *bigger;

			cap = cap ? cap * 2 : 8;
			bigger = arena_alloc(a, cap * sizeof(*bigger));
			if (bigger == NULL) {
				err = SOD_ENOMEM;
				break;
			}
			if (n > 0)
				memcpy(bigger, items, n * sizeof(*items));
			items = bigger;
		}
		g = &items[n++];
		g->unit_id = sq_int(q, 0);
		g->unit_code = sq_text(q, a, 1);
		g->unit_name_th = sq_text(q, a, 2);
		g->unit_name_en = sq_text(q, a, 3);
		g->role = sq_text(q, a, 4);
		if (!g->unit_code || !g->unit_name_th || !g->unit_name_en || !g->role) {
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
store_grant_check(struct store *s, int64_t account, int64_t unit,
                  const char *role, bool *out)
{
	struct sq *q;
	enum sod_err err;
	int64_t n = 0;

	if ((err = sq_open(s, STMT_GRANT_CHECK, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, account);
	sq_bind_int(q, 2, unit);
	sq_bind_text(q, 3, role);
	err = sq_one_int(q, &n);
	sq_close(q);
	*out = n > 0;
	return err;
}

/* ---- sessions ------------------------------------------------------------ */

enum sod_err
store_session_insert(struct store *s, const struct session_rec *r)
{
	EXEC_BEGIN(STMT_SESSION_INSERT);
	sq_bind_text(q, 1, r->token_hash);
	sq_bind_int(q, 2, r->account_id);
	sq_bind_text(q, 3, r->csrf);
	sq_bind_int(q, 4, r->stage);
	sq_bind_int(q, 5, r->created_at);
	sq_bind_int(q, 6, r->last_seen);
	sq_bind_int(q, 7, r->expires_at);
	EXEC_END();
}

enum sod_err
store_session_get(struct store *s, struct arena *a, const char *token_hash,
                  struct session_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_SESSION_GET, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, token_hash);
	rc = sq_step(q);
	if (rc == STEP_ROW) {
		out->token_hash = sq_text(q, a, 0);
		out->account_id = sq_int(q, 1);
		out->csrf = sq_text(q, a, 2);
		out->stage = (int)sq_int(q, 3);
		out->created_at = sq_int(q, 4);
		out->last_seen = sq_int(q, 5);
		out->expires_at = sq_int(q, 6);
		err = out->token_hash && out->csrf ? SOD_OK : SOD_ENOMEM;
	} else {
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	}
	sq_close(q);
	return err;
}

enum sod_err
store_session_touch(struct store *s, const char *token_hash, int64_t last_seen,
                    int stage)
{
	EXEC_BEGIN(STMT_SESSION_TOUCH);
	sq_bind_text(q, 1, token_hash);
	sq_bind_int(q, 2, last_seen);
	sq_bind_int(q, 3, stage);
	EXEC_END();
}

enum sod_err
store_session_delete(struct store *s, const char *token_hash)
{
	EXEC_BEGIN(STMT_SESSION_DELETE);
	sq_bind_text(q, 1, token_hash);
	EXEC_END();
}

enum sod_err
store_session_delete_account(struct store *s, int64_t account)
{
	EXEC_BEGIN(STMT_SESSION_DELETE_ACCOUNT);
	sq_bind_int(q, 1, account);
	EXEC_END();
}

enum sod_err
store_session_purge(struct store *s, int64_t now)
{
	EXEC_BEGIN(STMT_SESSION_PURGE);
	sq_bind_int(q, 1, now);
	EXEC_END();
}

enum sod_err
store_account_list_scoped(struct store *s, struct arena *a, int64_t admin, bool root_admin,
                          int64_t limit, int64_t offset, struct account_rec **items_out,
                          size_t *n_out, int64_t *total_out)
{
	struct sq *q;
	struct account_rec *items;
	enum sod_err err;
	size_t n = 0;
	int rc;

	if ((err = sq_open(s, STMT_ACCOUNT_COUNT_SCOPED, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, admin);
	sq_bind_int(q, 2, root_admin);
	err = sq_one_int(q, total_out);
	sq_close(q);
	if (err)
		return err;
	items = arena_zalloc(a, sizeof(*items) * (size_t)(limit > 0 ? limit : 1));
	if (items == NULL)
		return SOD_ENOMEM;
	if ((err = sq_open(s, STMT_ACCOUNT_LIST_SCOPED, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, admin);
	sq_bind_int(q, 2, root_admin);
	sq_bind_int(q, 3, limit);
	sq_bind_int(q, 4, offset);
	while ((rc = sq_step(q)) == STEP_ROW && (int64_t)n < limit) {
		if ((err = account_read(q, a, &items[n])) != SOD_OK)
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
