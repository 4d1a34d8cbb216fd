/*
 * prevention.c — the store's side of the ethics mission and the guides
 * library (store.h "the ethics mission and the guides library"): codes of
 * conduct in versions and who acknowledged which, the signatories of
 * pledge ceremonies, documents with their versions kept as 64 KiB chunks,
 * and the reading lists of trainings. Rules live in domain/ethics.c and
 * domain/guides.c; this file only binds and reads.
 */
#include "store/internal.h"

#include <string.h>

/* Read every row of q with read_row into a growing arena array. */
static enum sod_err
rows(struct sq *q, struct arena *a, size_t size,
     enum sod_err (*read_row)(struct sq *q, struct arena *a, void *item),
     void **items_out, size_t *n_out)
{
	void *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err = SOD_OK;
	int rc;

	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, &items, n, &cap, size)) {
			err = SOD_ENOMEM;
			break;
		}
		if ((err = read_row(q, a, (char *)items + n * size)) != SOD_OK)
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

/* One row expected: SOD_ENOTFOUND when there is none. */
static enum sod_err
one_row(struct sq *q, struct arena *a,
        enum sod_err (*read_row)(struct sq *q, struct arena *a, void *item), void *out)
{
	int rc = sq_step(q);
	enum sod_err err;

	if (rc == STEP_ROW)
		err = read_row(q, a, out);
	else
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

static enum sod_err
count_of(struct store *s, enum stmt id, int64_t a1, int64_t a2, bool *out)
{
	struct sq *q;
	int64_t n = 0;
	enum sod_err err;

	*out = false;
	if ((err = sq_open(s, id, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, a1);
	sq_bind_int(q, 2, a2);
	err = sq_one_int(q, &n);
	sq_close(q);
	*out = n > 0;
	return err;
}

/* ---- codes of conduct -------------------------------------------------------- */

static enum sod_err
conduct_read(struct sq *q, struct arena *a, void *item)
{
	struct conduct_rec *r = item;

	r->id = sq_int(q, 0);
	r->unit_id = sq_int(q, 1);
	r->unit_code = sq_text(q, a, 2);
	r->version = sq_int(q, 3);
	r->title = sq_text(q, a, 4);
	r->body_th = sq_text(q, a, 5);
	r->body_en = sq_text(q, a, 6);
	r->published_on = sq_text(q, a, 7);
	r->acks = sq_int(q, 8);
	return r->unit_code && r->title && r->body_th && r->body_en && r->published_on
	       ? SOD_OK : SOD_ENOMEM;
}

enum sod_err
store_conduct_insert(struct store *s, int64_t unit, const char *title, const char *body_th,
                     const char *body_en, const char *published_on, int64_t by,
                     int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CONDUCT_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, title);
	sq_bind_text(q, 3, body_th);
	sq_bind_text(q, 4, body_en ? body_en : "");
	sq_bind_text(q, 5, published_on);
	sq_bind_int(q, 6, by);
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_conduct_versions(struct store *s, struct arena *a, int64_t unit,
                       struct conduct_rec **items_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CONDUCT_VERSIONS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	return rows(q, a, sizeof(**items_out), conduct_read, (void **)items_out, n_out);
}

static enum sod_err
conduct_one(struct store *s, struct arena *a, enum stmt id, int64_t arg,
            struct conduct_rec *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, id, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, arg);
	return one_row(q, a, conduct_read, out);
}

enum sod_err
store_conduct_get(struct store *s, struct arena *a, int64_t id, struct conduct_rec *out)
{
	return conduct_one(s, a, STMT_CONDUCT_GET, id, out);
}

enum sod_err
store_conduct_applicable(struct store *s, struct arena *a, int64_t unit,
                         struct conduct_rec *out)
{
	return conduct_one(s, a, STMT_CONDUCT_APPLICABLE, unit, out);
}

enum sod_err
store_conduct_ack(struct store *s, int64_t code, const char *who_kind, int64_t who,
                  const char *acked_on, int64_t by)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CONDUCT_ACK, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, code);
	sq_bind_text(q, 2, who_kind);
	sq_bind_int(q, 3, who);
	sq_bind_text(q, 4, acked_on);
	sq_bind_int(q, 5, by);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_conduct_ack_all_people(struct store *s, int64_t unit, int64_t code,
                             const char *acked_on, int64_t by)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CONDUCT_ACK_ALL_PEOPLE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, code);
	sq_bind_text(q, 3, acked_on);
	sq_bind_int(q, 4, by);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

static enum sod_err
who_read(struct sq *q, struct arena *a, void *item)
{
	struct conduct_who *r = item;

	r->kind = sq_text(q, a, 0);
	r->id = sq_int(q, 1);
	r->name = sq_text(q, a, 2);
	r->unit_code = sq_text(q, a, 3);
	r->acked_on = sq_text(q, a, 4);
	if (r->name == NULL && !sq_is_null(q, 2))
		return SOD_ENOMEM;
	if (r->name == NULL)
		r->name = "";
	return r->kind && r->unit_code && r->acked_on ? SOD_OK : SOD_ENOMEM;
}

enum sod_err
store_conduct_status(struct store *s, struct arena *a, int64_t unit, int64_t code,
                     int filter, int64_t limit, int64_t offset,
                     struct conduct_who **items_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CONDUCT_STATUS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, code);
	sq_bind_int(q, 3, filter);
	sq_bind_int(q, 4, limit);
	sq_bind_int(q, 5, offset);
	return rows(q, a, sizeof(**items_out), who_read, (void **)items_out, n_out);
}

enum sod_err
store_conduct_counts(struct store *s, int64_t unit, int64_t code, struct conduct_counts *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((err = sq_open(s, STMT_CONDUCT_COUNTS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, code);
	while ((rc = sq_step(q)) == STEP_ROW) {
		const char *kind = sq_peek(q, 0);
		bool person = kind != NULL && strcmp(kind, "person") == 0;

		*(person ? &out->people : &out->accounts) = sq_int(q, 1);
		*(person ? &out->people_acked : &out->accounts_acked) = sq_int(q, 2);
	}
	sq_close(q);
	return rc < 0 ? (enum sod_err)-rc : SOD_OK;
}

enum sod_err
store_account_in_subtree(struct store *s, int64_t unit, int64_t account, bool *out)
{
	return count_of(s, STMT_ACCOUNT_IN_SUBTREE, unit, account, out);
}

/* ---- pledge ceremonies ----------------------------------------------------------- */

enum sod_err
store_pledge_signer_add(struct store *s, int64_t activity, const char *organisation,
                        const char *signer, const char *position, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_PLEDGE_SIGNER_ADD, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, activity);
	sq_bind_text(q, 2, organisation);
	sq_bind_text(q, 3, signer);
	sq_bind_text(q, 4, position ? position : "");
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

static enum sod_err
signer_read(struct sq *q, struct arena *a, void *item)
{
	struct signer_rec *r = item;

	r->id = sq_int(q, 0);
	r->activity_id = sq_int(q, 1);
	r->held_on = sq_text(q, a, 2);
	r->title = sq_text(q, a, 3);
	r->organisation = sq_text(q, a, 4);
	r->signer = sq_text(q, a, 5);
	r->position = sq_text(q, a, 6);
	return r->held_on && r->title && r->organisation && r->signer && r->position
	       ? SOD_OK : SOD_ENOMEM;
}

static enum sod_err
list_by(struct store *s, struct arena *a, enum stmt id, int64_t arg, size_t size,
        enum sod_err (*read_row)(struct sq *q, struct arena *a, void *item),
        void **items_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	*items_out = NULL;
	*n_out = 0;
	if ((err = sq_open(s, id, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, arg);
	return rows(q, a, size, read_row, items_out, n_out);
}

enum sod_err
store_pledge_signers(struct store *s, struct arena *a, int64_t activity,
                     struct signer_rec **items_out, size_t *n_out)
{
	return list_by(s, a, STMT_PLEDGE_SIGNERS, activity, sizeof(**items_out), signer_read,
	               (void **)items_out, n_out);
}

enum sod_err
store_pledge_signers_of_unit(struct store *s, struct arena *a, int64_t unit,
                             struct signer_rec **items_out, size_t *n_out)
{
	return list_by(s, a, STMT_PLEDGE_SIGNERS_OF_UNIT, unit, sizeof(**items_out),
	               signer_read, (void **)items_out, n_out);
}

static enum sod_err
pledge_read(struct sq *q, struct arena *a, void *item)
{
	struct pledge_rec *r = item;

	r->id = sq_int(q, 0);
	r->unit_code = sq_text(q, a, 1);
	r->title = sq_text(q, a, 2);
	r->held_on = sq_text(q, a, 3);
	r->signers = sq_int(q, 4);
	return r->unit_code && r->title && r->held_on ? SOD_OK : SOD_ENOMEM;
}

enum sod_err
store_pledge_list(struct store *s, struct arena *a, int64_t unit,
                  struct pledge_rec **items_out, size_t *n_out)
{
	return list_by(s, a, STMT_PLEDGE_LIST, unit, sizeof(**items_out), pledge_read,
	               (void **)items_out, n_out);
}

/* ---- the guides library ------------------------------------------------------------ */

static enum sod_err
guide_read(struct sq *q, struct arena *a, void *item)
{
	struct guide_rec *r = item;

	r->id = sq_int(q, 0);
	r->unit_id = sq_int(q, 1);
	r->unit_code = sq_text(q, a, 2);
	r->kind = sq_text(q, a, 3);
	r->title = sq_text(q, a, 4);
	r->description = sq_text(q, a, 5);
	r->is_public = sq_int(q, 6) != 0;
	r->version = sq_int(q, 7);
	r->filename = sq_text(q, a, 8);
	r->content_type = sq_text(q, a, 9);
	r->size = sq_int(q, 10);
	r->uploaded_at = sq_int(q, 11);
	return r->unit_code && r->kind && r->title && r->description && r->filename &&
	       r->content_type ? SOD_OK : SOD_ENOMEM;
}

enum sod_err
store_guide_insert(struct store *s, const struct guide_rec *g, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_GUIDE_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, g->unit_id);
	sq_bind_text(q, 2, g->kind);
	sq_bind_text(q, 3, g->title);
	sq_bind_text(q, 4, g->description ? g->description : "");
	sq_bind_int(q, 5, g->is_public ? 1 : 0);
	sq_bind_int(q, 6, sod_now());
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_guide_version_insert(struct store *s, int64_t guide, const char *filename,
                           const char *content_type, int64_t size, int64_t by,
                           int64_t *version_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_GUIDE_VERSION_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, guide);
	sq_bind_text(q, 2, filename);
	sq_bind_text(q, 3, content_type);
	sq_bind_int(q, 4, size);
	sq_bind_int(q, 5, by);
	sq_bind_int(q, 6, sod_now());
	err = sq_one_int(q, version_out);
	sq_close(q);
	return err;
}

enum sod_err
store_guide_chunk_insert(struct store *s, int64_t guide, int64_t version, int64_t seq,
                         const void *data, size_t len)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_GUIDE_CHUNK_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, guide);
	sq_bind_int(q, 2, version);
	sq_bind_int(q, 3, seq);
	sq_bind_blob(q, 4, data, len);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_guide_chunk(struct store *s, int64_t guide, int64_t version, int64_t seq, void *buf,
                  size_t cap, size_t *len_out)
{
	struct sq *q;
	enum sod_err err;
	const void *p;
	size_t n;
	int rc;

	*len_out = 0;
	if ((err = sq_open(s, STMT_GUIDE_CHUNK, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, guide);
	sq_bind_int(q, 2, version);
	sq_bind_int(q, 3, seq);
	rc = sq_step(q);
	if (rc == STEP_ROW) {
		p = sq_blob(q, 0, &n);
		if (n > cap) {
			err = SOD_ETOOBIG;
		} else {
			if (n > 0)
				memcpy(buf, p, n);
			*len_out = n;
		}
	} else {
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	}
	sq_close(q);
	return err;
}

enum sod_err
store_guide_get(struct store *s, struct arena *a, int64_t id, struct guide_rec *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_GUIDE_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	return one_row(q, a, guide_read, out);
}

enum sod_err
store_guide_list(struct store *s, struct arena *a, int64_t unit, bool public_only,
                 struct guide_rec **items_out, size_t *n_out)
{
	return list_by(s, a, public_only ? STMT_GUIDE_LIST_PUBLIC : STMT_GUIDE_LIST_LINE, unit,
	               sizeof(**items_out), guide_read, (void **)items_out, n_out);
}

static enum sod_err
version_read(struct sq *q, struct arena *a, void *item)
{
	struct guide_version_rec *r = item;

	r->version = sq_int(q, 0);
	r->filename = sq_text(q, a, 1);
	r->content_type = sq_text(q, a, 2);
	r->size = sq_int(q, 3);
	r->uploaded_at = sq_int(q, 4);
	return r->filename && r->content_type ? SOD_OK : SOD_ENOMEM;
}

enum sod_err
store_guide_versions(struct store *s, struct arena *a, int64_t guide,
                     struct guide_version_rec **items_out, size_t *n_out)
{
	return list_by(s, a, STMT_GUIDE_VERSIONS, guide, sizeof(**items_out), version_read,
	               (void **)items_out, n_out);
}

enum sod_err
store_guide_viewer(struct store *s, int64_t unit, int64_t account, bool *out)
{
	return count_of(s, STMT_GUIDE_VIEWER, unit, account, out);
}

enum sod_err
store_reading_add(struct store *s, int64_t training, int64_t guide)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_READING_ADD, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, training);
	sq_bind_int(q, 2, guide);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_readings(struct store *s, struct arena *a, int64_t training,
               struct guide_rec **items_out, size_t *n_out)
{
	return list_by(s, a, STMT_READINGS, training, sizeof(**items_out), guide_read,
	               (void **)items_out, n_out);
}
