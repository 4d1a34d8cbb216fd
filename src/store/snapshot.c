/*
 * snapshot.c — the store's side of what was published and of quarterly
 * meetings: snapshots of a published quarter's figures (one row per
 * publish, numbered by version, the body a JSON document the domain
 * writes and reads), one meeting with its minutes, and the summary of a
 * quarter's figures kept with a meeting. The store never looks inside a
 * body: domain/snapshot.c owns its shape (docs/results.md, "Snapshots").
 */
#include "store/internal.h"

#include <string.h>

enum sod_err
store_snapshot_insert(struct store *s, int64_t unit, int64_t year, int quarter, int64_t at,
                      int64_t by, const char *body, int64_t *version_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_SNAPSHOT_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, year);
	sq_bind_int(q, 3, quarter);
	sq_bind_int(q, 4, at);
	if (by > 0)
		sq_bind_int(q, 5, by);
	else
		sq_bind_text(q, 5, NULL);
	sq_bind_text(q, 6, body);
	err = sq_one_int(q, version_out);
	sq_close(q);
	return err;
}

enum sod_err
store_snapshot_insert_first(struct store *s, int64_t unit, int64_t year, int quarter,
                            int64_t at, const char *body)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_SNAPSHOT_INSERT_FIRST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, year);
	sq_bind_int(q, 3, quarter);
	sq_bind_int(q, 4, at);
	sq_bind_text(q, 5, body);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_snapshot_latest(struct store *s, struct arena *a, int64_t unit,
                      struct snapshot_rec **items_out, size_t *n_out)
{
	struct snapshot_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_SNAPSHOT_LATEST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct snapshot_rec *r;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		r = &items[n++];
		r->year = sq_int(q, 0);
		r->quarter = (int)sq_int(q, 1);
		r->published_at = sq_int(q, 2);
		r->version = sq_is_null(q, 3) ? 0 : sq_int(q, 3);
		r->taken_at = sq_is_null(q, 4) ? 0 : sq_int(q, 4);
		r->body = NULL;
		if (r->version > 0 && (r->body = sq_text(q, a, 5)) == NULL) {
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
store_meeting_get(struct store *s, struct arena *a, int64_t id, struct meeting_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((err = sq_open(s, STMT_MEETING_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	rc = sq_step(q);
	if (rc == STEP_ROW) {
		out->id = sq_int(q, 0);
		out->unit_id = sq_int(q, 1);
		out->title = sq_text(q, a, 2);
		out->held_on = sq_text(q, a, 3);
		out->agenda = sq_text(q, a, 4);
		out->minutes = sq_text(q, a, 5);
		out->attendees = sq_int(q, 6);
		if (!out->title || !out->held_on || !out->agenda || !out->minutes)
			err = SOD_ENOMEM;
	} else {
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	}
	sq_close(q);
	return err;
}

enum sod_err
store_meeting_minutes_set(struct store *s, int64_t id, const char *minutes)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_MEETING_MINUTES_SET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	sq_bind_text(q, 2, minutes);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_meeting_summary_set(struct store *s, int64_t meeting, int64_t year, int quarter,
                          int64_t at, const char *body)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_MEETING_SUMMARY_SET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, meeting);
	sq_bind_int(q, 2, year);
	sq_bind_int(q, 3, quarter);
	sq_bind_int(q, 4, at);
	sq_bind_text(q, 5, body);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_meeting_summary_get(struct store *s, struct arena *a, int64_t meeting,
                          struct snapshot_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((err = sq_open(s, STMT_MEETING_SUMMARY_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, meeting);
	rc = sq_step(q);
	if (rc == STEP_ROW) {
		out->year = sq_int(q, 0);
		out->quarter = (int)sq_int(q, 1);
		out->taken_at = sq_int(q, 2);
		out->version = 1;
		if ((out->body = sq_text(q, a, 3)) == NULL)
			err = SOD_ENOMEM;
	} else {
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	}
	sq_close(q);
	return err;
}
