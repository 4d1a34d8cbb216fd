/*
 * clinic.c — the typed wrappers of the governance clinic's tables:
 * clinics, consultations, mobile clinic days and the published questions
 * (store.h, "the governance clinic"). The requester column holds what
 * domain/clinic.c sealed; nothing here opens it.
 */
#include "store/internal.h"

enum sod_err
store_clinic_open(struct store *s, int64_t unit, int64_t at)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CLINIC_OPEN, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, at);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_clinic_is_open(struct store *s, int64_t unit, bool *out)
{
	struct sq *q;
	int64_t n = 0;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CLINIC_IS_OPEN, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	err = sq_one_int(q, &n);
	sq_close(q);
	*out = n > 0;
	return err;
}

/* Rows of (int, int) or (int): column 0 into *a_out, column 1 into *b_out. */
static enum sod_err
int_rows(struct sq *q, struct arena *a, int64_t **a_out, int64_t **b_out, size_t *n_out)
{
	int64_t *x = NULL, *y = NULL;
	size_t n = 0, cx = 0, cy = 0;
	enum sod_err err = SOD_OK;
	int rc;

	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&x, n, &cx, sizeof(*x)) ||
		    (b_out && !sq_grow(a, (void **)&y, n, &cy, sizeof(*y)))) {
			err = SOD_ENOMEM;
			break;
		}
		x[n] = sq_int(q, 0);
		if (b_out)
			y[n] = sq_int(q, 1);
		n++;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*a_out = x;
	if (b_out)
		*b_out = y;
	*n_out = n;
	return err;
}

enum sod_err
store_clinic_units(struct store *s, struct arena *a, int64_t **ids_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CLINIC_UNITS, &q)) != SOD_OK)
		return err;
	return int_rows(q, a, ids_out, NULL, n_out);
}

static enum sod_err
consult_read(struct sq *q, struct arena *a, struct consultation_rec *c)
{
	c->id = sq_int(q, 0);
	c->unit_id = sq_int(q, 1);
	c->unit_code = sq_text(q, a, 2);
	c->requester = sq_text(q, a, 3);
	c->topic = sq_text(q, a, 4);
	c->question = sq_text(q, a, 5);
	c->way = sq_text(q, a, 6);
	c->district_code = sq_text(q, a, 7);
	c->status = sq_text(q, a, 8);
	c->received_on = sq_text(q, a, 9);
	c->scheduled_on = sq_text(q, a, 10);
	c->venue = sq_text(q, a, 11);
	c->day_id = sq_int(q, 12);
	c->advice = sq_text(q, a, 13);
	c->documents = sq_text(q, a, 14);
	c->answered_on = sq_text(q, a, 15);
	c->follow_up = sq_text(q, a, 16);
	c->closed_on = sq_text(q, a, 17);
	return c->unit_code && c->requester && c->topic && c->question && c->way &&
	       c->status && c->received_on && c->advice && c->documents && c->follow_up
	       ? SOD_OK : SOD_ENOMEM;
}

enum sod_err
store_consult_insert(struct store *s, const struct consultation_rec *c, const char *ref_hash,
                     int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CONSULT_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, c->unit_id);
	sq_bind_text(q, 2, ref_hash);
	sq_bind_text(q, 3, c->requester);
	sq_bind_text(q, 4, c->topic);
	sq_bind_text(q, 5, c->question);
	sq_bind_text(q, 6, c->way);
	sq_bind_text(q, 7, c->district_code);
	sq_bind_text(q, 8, c->received_on);
	sq_bind_int(q, 9, sod_now());
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

static enum sod_err
consult_one(struct store *s, struct arena *a, enum stmt id, int64_t key, const char *text_key,
            struct consultation_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, id, &q)) != SOD_OK)
		return err;
	if (text_key != NULL)
		sq_bind_text(q, 1, text_key);
	else
		sq_bind_int(q, 1, key);
	rc = sq_step(q);
	if (rc == STEP_ROW)
		err = consult_read(q, a, out);
	else
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

enum sod_err
store_consult_get(struct store *s, struct arena *a, int64_t id, struct consultation_rec *out)
{
	return consult_one(s, a, STMT_CONSULT_GET, id, NULL, out);
}

enum sod_err
store_consult_by_ref(struct store *s, struct arena *a, const char *ref_hash,
                     struct consultation_rec *out)
{
	return consult_one(s, a, STMT_CONSULT_BY_REF, 0, ref_hash, out);
}

enum sod_err
store_consult_list(struct store *s, struct arena *a, int64_t unit, const char *status,
                   const char *topic, const char *way, int64_t limit, int64_t offset,
                   struct consultation_rec **items_out, size_t *n_out, int64_t *total_out)
{
	struct consultation_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_CONSULT_COUNT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, status ? status : "");
	sq_bind_text(q, 3, topic ? topic : "");
	sq_bind_text(q, 4, way ? way : "");
	err = sq_one_int(q, total_out);
	sq_close(q);
	if (err || (err = sq_open(s, STMT_CONSULT_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, status ? status : "");
	sq_bind_text(q, 3, topic ? topic : "");
	sq_bind_text(q, 4, way ? way : "");
	sq_bind_int(q, 5, limit);
	sq_bind_int(q, 6, offset);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items)) ||
		    (err = consult_read(q, a, &items[n])) != SOD_OK) {
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
store_consult_update(struct store *s, const struct consultation_rec *c)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CONSULT_UPDATE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, c->id);
	sq_bind_text(q, 2, c->status);
	sq_bind_text(q, 3, c->scheduled_on);
	sq_bind_text(q, 4, c->venue);
	if (c->day_id > 0)
		sq_bind_int(q, 5, c->day_id);
	else
		sq_bind_text(q, 5, NULL);
	sq_bind_text(q, 6, c->advice ? c->advice : "");
	sq_bind_text(q, 7, c->documents ? c->documents : "");
	sq_bind_text(q, 8, c->answered_on);
	sq_bind_text(q, 9, c->follow_up ? c->follow_up : "");
	sq_bind_text(q, 10, c->closed_on);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_consult_count_range(struct store *s, int64_t unit, const char *from, const char *to,
                          int64_t *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CONSULT_COUNT_RANGE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, from);
	sq_bind_text(q, 3, to);
	err = sq_one_int(q, out);
	sq_close(q);
	return err;
}

enum sod_err
store_consult_unscheduled(struct store *s, struct arena *a, const char *before,
                          int64_t **units_out, int64_t **counts_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CONSULT_UNSCHEDULED, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, before);
	return int_rows(q, a, units_out, counts_out, n_out);
}

static enum sod_err
day_read(struct sq *q, struct arena *a, struct clinic_day_rec *d)
{
	d->id = sq_int(q, 0);
	d->unit_id = sq_int(q, 1);
	d->day = sq_text(q, a, 2);
	d->district_code = sq_text(q, a, 3);
	d->place = sq_text(q, a, 4);
	d->requests = sq_int(q, 5);
	return d->day && d->district_code && d->place ? SOD_OK : SOD_ENOMEM;
}

enum sod_err
store_clinic_day_insert(struct store *s, const struct clinic_day_rec *d, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CLINIC_DAY_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, d->unit_id);
	sq_bind_text(q, 2, d->day);
	sq_bind_text(q, 3, d->district_code);
	sq_bind_text(q, 4, d->place ? d->place : "");
	sq_bind_int(q, 5, sod_now());
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_clinic_day_get(struct store *s, struct arena *a, int64_t id, struct clinic_day_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_CLINIC_DAY_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	rc = sq_step(q);
	err = rc == STEP_ROW ? day_read(q, a, out) : rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

enum sod_err
store_clinic_day_list(struct store *s, struct arena *a, int64_t unit,
                      struct clinic_day_rec **items_out, size_t *n_out)
{
	struct clinic_day_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_CLINIC_DAY_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items)) ||
		    day_read(q, a, &items[n]) != SOD_OK) {
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
store_faq_insert(struct store *s, const struct faq_rec *f, int64_t by, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_FAQ_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, f->unit_id);
	sq_bind_text(q, 2, f->topic);
	sq_bind_text(q, 3, f->question);
	sq_bind_text(q, 4, f->answer);
	sq_bind_text(q, 5, f->published_on);
	sq_bind_int(q, 6, by);
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_faq_list(struct store *s, struct arena *a, int64_t unit, struct faq_rec **items_out,
               size_t *n_out)
{
	struct faq_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_FAQ_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct faq_rec *f;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		f = &items[n++];
		f->id = sq_int(q, 0);
		f->unit_id = sq_int(q, 1);
		f->topic = sq_text(q, a, 2);
		f->question = sq_text(q, a, 3);
		f->answer = sq_text(q, a, 4);
		f->published_on = sq_text(q, a, 5);
		if (!f->topic || !f->question || !f->answer || !f->published_on) {
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
