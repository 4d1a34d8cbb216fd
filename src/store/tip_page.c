/*
 * tip_page.c — typed wrappers for the officers' tip list at scale: keyset
 * pages of tip ids in SQL (newest first, after a cursor, LIMIT in the
 * database, also over the blind index's hits), their counts, and the
 * re-wrapped copies of tip keys (docs/crypto.md "Re-wrapped tip keys").
 */
#include "store/internal.h"

#include <stdint.h>
#include <string.h>

enum sod_err
store_tip_key_wrap(struct store *s, int64_t tip, int64_t unit, const char *wrapped)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_TIP_KEY_WRAP, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, tip);
	sq_bind_int(q, 2, unit);
	sq_bind_text(q, 3, wrapped);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

/* Bind account, the filters, the cursor (after < 0: the statement has
 * none) and, searching, the key's unit and terms. */
static void
bind_page(struct sq *q, int64_t account, const struct tip_filter *f,
          const struct tip_search *s, int64_t after)
{
	sq_bind_int(q, 1, account);
	sq_bind_text(q, 2, f->status);
	sq_bind_text(q, 3, f->category);
	sq_bind_text(q, 4, f->province);
	sq_bind_text(q, 5, f->from);
	sq_bind_text(q, 6, f->to);
	if (s == NULL) {
		if (after >= 0)
			sq_bind_int(q, 7, after);
		return;
	}
	sq_bind_int(q, 7, s->unit);
	sq_bind_text(q, 8, s->terms[0]);
	sq_bind_int(q, 9, after);
	for (int i = 1; i < STORE_SEARCH_TERMS; i++)
		sq_bind_text(q, 9 + i, s->terms[i]);
}

enum sod_err
store_tip_page(struct store *st, struct arena *a, int64_t account, const struct tip_filter *f,
               const struct tip_search *s, int64_t after, int64_t limit, int64_t **ids_out,
               size_t *n_out)
{
	struct sq *q;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(st, s ? STMT_TIP_SEARCH_PAGE : STMT_TIP_PAGE, &q)) != SOD_OK)
		return err;
	bind_page(q, account, f, s, after);
	sq_bind_int(q, s ? 14 : 8, limit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&ids, n, &cap, sizeof(*ids))) {
			err = SOD_ENOMEM;
			break;
		}
		ids[n++] = sq_int(q, 0);
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*ids_out = ids;
	*n_out = n;
	return err;
}

enum sod_err
store_tip_page_count(struct store *st, int64_t account, const struct tip_filter *f,
                     const struct tip_search *s, int64_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	*n_out = 0;
	if ((err = sq_open(st, s ? STMT_TIP_SEARCH_COUNT : STMT_TIP_PAGE_COUNT, &q)) != SOD_OK)
		return err;
	bind_page(q, account, f, s, s ? INT64_MAX : -1);
	err = sq_one_int(q, n_out);
	sq_close(q);
	return err;
}

enum sod_err
store_tip_term_has(struct store *s, int64_t unit, const char *term, int64_t tip, bool *out)
{
	struct sq *q;
	int64_t n = 0;
	enum sod_err err;

	*out = false;
	if ((err = sq_open(s, STMT_TIP_TERM_HAS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, term);
	sq_bind_int(q, 3, tip);
	err = sq_one_int(q, &n);
	sq_close(q);
	*out = n > 0;
	return err;
}
