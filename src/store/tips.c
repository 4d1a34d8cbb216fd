/*
 * tips.c — typed wrappers for tips, their keys, messages, the blind index
 * and reporter sessions.
 */
#include "store/internal.h"

#include <string.h>

static enum sod_err
tip_read(struct sq *q, struct arena *a, struct tip_rec *t)
{
	memset(t, 0, sizeof(*t));
	t->id = sq_int(q, 0);
	t->unit_id = sq_int(q, 1);
	t->unit_code = sq_text(q, a, 2);
	t->unit_name_th = sq_text(q, a, 3);
	t->unit_name_en = sq_text(q, a, 4);
	t->category = sq_text(q, a, 5);
	t->channel = sq_text(q, a, 6);
	t->status = sq_text(q, a, 7);
	t->received_on = sq_text(q, a, 8);
	t->province_code = sq_text(q, a, 9);
	t->has_identity = sq_int(q, 10) != 0;
	t->content = sq_text(q, a, 11);
	t->identity = sq_text(q, a, 12);
	t->acknowledged_on = sq_text(q, a, 13);
	t->updated_on = sq_text(q, a, 14);
	if (!t->unit_code || !t->unit_name_th || !t->unit_name_en || !t->category ||
	    !t->channel || !t->status || !t->received_on || !t->content ||
	    !t->acknowledged_on || !t->updated_on)
		return SOD_ENOMEM;
	return SOD_OK;
}

enum sod_err
store_tip_insert(struct store *s, const struct tip_rec *t, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_TIP_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, t->unit_id);
	sq_bind_text(q, 2, t->category);
	sq_bind_text(q, 3, t->channel);
	sq_bind_text(q, 4, t->received_on);
	sq_bind_text(q, 5, t->province_code);
	sq_bind_int(q, 6, t->has_identity);
	sq_bind_text(q, 7, t->content);
	sq_bind_text(q, 8, t->identity);
	sq_bind_text(q, 9, t->receipt_salt);
	sq_bind_int(q, 10, t->receipt_bucket);
	sq_bind_text(q, 11, t->receipt_check);
	sq_bind_text(q, 12, t->receipt_wrapped);
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
sq_sealed_key_insert(struct store *s, enum stmt id, int64_t object, int64_t unit,
                     const char *sealed)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, id, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, object);
	sq_bind_int(q, 2, unit);
	sq_bind_text(q, 3, sealed);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_tip_key_insert(struct store *s, int64_t tip, int64_t unit, const char *sealed)
{
	struct sq *q;
	enum sod_err err = sq_sealed_key_insert(s, STMT_TIP_KEY_INSERT, tip, unit, sealed);

	if (err || (err = sq_open(s, STMT_TIP_QUEUE_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, tip);
	sq_bind_int(q, 2, unit);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_tip_get(struct store *s, struct arena *a, int64_t id, struct tip_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_TIP_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	rc = sq_step(q);
	err = rc == STEP_ROW ? tip_read(q, a, out) : rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

enum sod_err
sq_sealed_keys(struct store *s, struct arena *a, enum stmt id, int64_t object,
               struct tip_key_rec **items_out, size_t *n_out)
{
	struct sq *q;
	struct tip_key_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, id, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, object);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		items[n].unit_id = sq_int(q, 0);
		/* Only tip keys have a re-wrapped copy (a third column). */
		items[n].wrapped_key = id == STMT_TIP_KEYS && !sq_is_null(q, 2) ? sq_text(q, a, 2)
		                                                                  : NULL;
		if ((items[n++].sealed_key = sq_text(q, a, 1)) == NULL) {
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
store_tip_keys(struct store *s, struct arena *a, int64_t tip,
               struct tip_key_rec **items_out, size_t *n_out)
{
	return sq_sealed_keys(s, a, STMT_TIP_KEYS, tip, items_out, n_out);
}

enum sod_err
store_tip_bucket(struct store *s, struct arena *a, int64_t bucket,
                 struct tip_receipt_rec **items_out, size_t *n_out)
{
	struct sq *q;
	struct tip_receipt_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_TIP_BUCKET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, bucket);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct tip_receipt_rec *r;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		r = &items[n++];
		r->id = sq_int(q, 0);
		r->salt = sq_text(q, a, 1);
		r->check = sq_text(q, a, 2);
		r->wrapped = sq_text(q, a, 3);
		if (!r->salt || !r->check || !r->wrapped) {
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
store_tip_set_status(struct store *s, int64_t tip, const char *status, const char *day)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_TIP_SET_STATUS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, tip);
	sq_bind_text(q, 2, status);
	sq_bind_text(q, 3, day);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_tip_message_insert(struct store *s, int64_t tip, bool from_reporter, int64_t author,
                         const char *body, const char *day, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_TIP_MESSAGE_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, tip);
	sq_bind_int(q, 2, from_reporter);
	if (author > 0)
		sq_bind_int(q, 3, author);
	else
		sq_bind_text(q, 3, NULL);
	sq_bind_text(q, 4, body);
	sq_bind_text(q, 5, day);
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_tip_messages(struct store *s, struct arena *a, int64_t tip, bool internal,
                   struct tip_message_rec **items_out, size_t *n_out)
{
	struct sq *q;
	struct tip_message_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_TIP_MESSAGES, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, tip);
	sq_bind_int(q, 2, internal);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct tip_message_rec *m;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		m = &items[n++];
		m->id = sq_int(q, 0);
		m->from_reporter = sq_int(q, 1) != 0;
		m->author = sq_text(q, a, 2);
		m->body = sq_text(q, a, 3);
		m->created_on = sq_text(q, a, 4);
		m->internal = sq_int(q, 5) != 0;
		if (!m->author || !m->body || !m->created_on) {
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
store_tip_unindexed(struct store *s, struct arena *a, int64_t unit, int64_t limit,
                    struct tip_unindexed_rec **items_out, size_t *n_out)
{
	struct sq *q;
	struct tip_unindexed_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_TIP_UNINDEXED, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, limit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct tip_unindexed_rec *r;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		r = &items[n++];
		r->tip_id = sq_int(q, 0);
		r->sealed_key = sq_text(q, a, 1);
		r->content = sq_text(q, a, 2);
		if (!r->sealed_key || !r->content) {
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
store_tip_term_insert(struct store *s, int64_t unit, const char *term, int64_t tip)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_TIP_TERM_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, term);
	sq_bind_int(q, 3, tip);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_tip_indexed_mark(struct store *s, int64_t tip, int64_t unit)
{
	struct sq *q;
	enum sod_err err = SOD_OK;

	for (int i = 0; i < 2 && !err; i++) {
		if ((err = sq_open(s, i ? STMT_TIP_QUEUE_DONE : STMT_TIP_INDEXED_MARK, &q)))
			return err;
		sq_bind_int(q, 1, tip);
		sq_bind_int(q, 2, unit);
		err = sq_exec(q);
		sq_close(q);
	}
	return err;
}

enum sod_err
store_reporter_session_insert(struct store *s, const char *token_hash, int64_t tip,
                              const char *wrapped, int64_t expires_at)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_REPORTER_SESSION_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, token_hash);
	sq_bind_int(q, 2, tip);
	sq_bind_text(q, 3, wrapped);
	sq_bind_int(q, 4, expires_at);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_reporter_session_get(struct store *s, struct arena *a, const char *token_hash,
                           int64_t *tip_out, char **wrapped_out, int64_t *expires_out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_REPORTER_SESSION_GET, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, token_hash);
	rc = sq_step(q);
	if (rc == STEP_ROW) {
		*tip_out = sq_int(q, 0);
		*wrapped_out = sq_text(q, a, 1);
		*expires_out = sq_int(q, 2);
		err = *wrapped_out ? SOD_OK : SOD_ENOMEM;
	} else {
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	}
	sq_close(q);
	return err;
}

enum sod_err
store_tip_file_insert(struct store *s, int64_t tip, const char *stored, int64_t size,
                      const char *meta, const char *day)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_TIP_FILE_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, tip);
	sq_bind_text(q, 2, stored);
	sq_bind_int(q, 3, size);
	sq_bind_text(q, 4, meta);
	sq_bind_text(q, 5, day);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_tip_files(struct store *s, struct arena *a, int64_t tip,
                struct tip_file_rec **items_out, size_t *n_out)
{
	struct sq *q;
	struct tip_file_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_TIP_FILES, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, tip);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct tip_file_rec *f;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		f = &items[n++];
		f->id = sq_int(q, 0);
		f->stored_name = sq_text(q, a, 1);
		f->size = sq_int(q, 2);
		f->meta = sq_text(q, a, 3);
		if (!f->stored_name || !f->meta) {
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
store_tip_note_insert(struct store *s, int64_t tip, int64_t author, const char *body,
                      const char *day)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_TIP_NOTE_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, tip);
	sq_bind_int(q, 2, author);
	sq_bind_text(q, 3, body);
	sq_bind_text(q, 4, day);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_tip_tag(struct store *s, int64_t tip, const char *tag, bool add)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, add ? STMT_TIP_TAG_ADD : STMT_TIP_TAG_DEL, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, tip);
	sq_bind_text(q, 2, tag);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_tip_tags(struct store *s, struct arena *a, int64_t tip, char ***tags_out, size_t *n_out)
{
	struct sq *q;
	char **items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_TIP_TAGS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, tip);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items)) ||
		    (items[n++] = sq_text(q, a, 0)) == NULL) {
			err = SOD_ENOMEM;
			break;
		}
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*tags_out = items;
	*n_out = n;
	return err;
}
