/*
 * monitor.c — the store's side of monitoring in the field (store.h
 * "monitoring"): points, checklists in versions, rounds with their
 * assignments, visits and their photos. Typed wrappers only; the rules
 * (who may, what is valid) are domain/monitor.c's.
 */
#include "store/internal.h"

#include <string.h>

/* Bind NULL for an unknown location, else the number. */
static void
bind_opt(struct sq *q, int idx, bool has, int64_t v)
{
	if (has)
		sq_bind_int(q, idx, v);
	else
		sq_bind_text(q, idx, NULL);
}

static const char *
nz(const char *s)
{
	return s ? s : "";
}

static enum sod_err
point_read(struct sq *q, struct arena *a, struct point_rec *p)
{
	const char **strs[] = {&p->unit_code, &p->code, &p->name_th, &p->name_en, &p->kind,
	                       &p->agency};
	const char **more[] = {&p->project_ref, &p->ocid, &p->province, &p->district,
	                       &p->subdistrict};

	p->id = sq_int(q, 0);
	p->unit_id = sq_int(q, 1);
	for (int i = 0; i < 6; i++)
		if ((*strs[i] = sq_text(q, a, 2 + i)) == NULL)
			*strs[i] = arena_strdup(a, "");
	p->budget_baht = sq_int(q, 8);
	for (int i = 0; i < 5; i++)
		if ((*more[i] = sq_text(q, a, 9 + i)) == NULL)
			*more[i] = arena_strdup(a, "");
	p->has_loc = sq_int(q, 14) != 0;
	p->lat_e6 = sq_int(q, 15);
	p->lon_e6 = sq_int(q, 16);
	p->status = sq_text(q, a, 17);
	p->last_visit_on = sq_text(q, a, 18);
	if (!p->unit_code || !p->code || !p->name_th || !p->name_en || !p->kind || !p->agency ||
	    !p->project_ref || !p->ocid || !p->province || !p->district || !p->subdistrict ||
	    !p->status || !p->last_visit_on)
		return SOD_ENOMEM;
	return SOD_OK;
}

static void
point_bind(struct sq *q, const struct point_rec *p, int first)
{
	sq_bind_text(q, first, p->name_th);
	sq_bind_text(q, first + 1, nz(p->name_en));
	sq_bind_text(q, first + 2, p->kind);
	sq_bind_text(q, first + 3, nz(p->agency));
	sq_bind_int(q, first + 4, p->budget_baht);
	sq_bind_text(q, first + 5, nz(p->project_ref));
	sq_bind_text(q, first + 6, nz(p->ocid));
	sq_bind_text(q, first + 7, p->province && p->province[0] ? p->province : NULL);
	sq_bind_text(q, first + 8, p->district && p->district[0] ? p->district : NULL);
	sq_bind_text(q, first + 9, p->subdistrict && p->subdistrict[0] ? p->subdistrict : NULL);
	bind_opt(q, first + 10, p->has_loc, p->lat_e6);
	bind_opt(q, first + 11, p->has_loc, p->lon_e6);
	sq_bind_text(q, first + 12, p->status ? p->status : "active");
}

enum sod_err
store_point_insert_full(struct store *s, const struct point_rec *p, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_POINT_INSERT_FULL, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, p->unit_id);
	sq_bind_text(q, 2, p->code);
	point_bind(q, p, 3);
	sq_bind_int(q, 16, sod_now());
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_point_update(struct store *s, const struct point_rec *p)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_POINT_UPDATE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, p->id);
	point_bind(q, p, 2);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

static enum sod_err
point_one(struct store *s, struct arena *a, enum stmt id, const char *code, int64_t n,
          struct point_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, id, &q)) != SOD_OK)
		return err;
	if (code)
		sq_bind_text(q, 1, code);
	else
		sq_bind_int(q, 1, n);
	rc = sq_step(q);
	if (rc == STEP_ROW)
		err = point_read(q, a, out);
	else
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

enum sod_err
store_point_get_by_code(struct store *s, struct arena *a, const char *code,
                        struct point_rec *out)
{
	return point_one(s, a, STMT_POINT_GET_BY_CODE, code, 0, out);
}

enum sod_err
store_point_get(struct store *s, struct arena *a, int64_t id, struct point_rec *out)
{
	return point_one(s, a, STMT_POINT_GET, NULL, id, out);
}

static void
filter_bind(struct sq *q, int64_t unit, const struct point_filter *f)
{
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, nz(f->status));
	sq_bind_text(q, 3, nz(f->kind));
	sq_bind_text(q, 4, nz(f->district));
	sq_bind_text(q, 5, nz(f->not_since));
}

enum sod_err
store_point_list(struct store *s, struct arena *a, int64_t unit, const struct point_filter *f,
                 int64_t limit, int64_t offset, struct point_rec **items_out, size_t *n_out)
{
	struct point_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_POINT_LIST, &q)) != SOD_OK)
		return err;
	filter_bind(q, unit, f);
	sq_bind_int(q, 6, limit);
	sq_bind_int(q, 7, offset);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		if ((err = point_read(q, a, &items[n++])) != SOD_OK)
			break;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_point_list_count(struct store *s, int64_t unit, const struct point_filter *f,
                       int64_t *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_POINT_LIST_COUNT, &q)) != SOD_OK)
		return err;
	filter_bind(q, unit, f);
	err = sq_one_int(q, out);
	sq_close(q);
	return err;
}

enum sod_err
store_point_set_last_visit(struct store *s, int64_t point, const char *day)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_POINT_SET_LAST_VISIT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, point);
	sq_bind_text(q, 2, day);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

/* ---- checklists ---------------------------------------------------------------- */

enum sod_err
store_checklist_insert(struct store *s, int64_t unit, const char *kind, const char *questions,
                       int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CHECKLIST_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, kind);
	sq_bind_text(q, 3, questions);
	sq_bind_int(q, 4, sod_now());
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

static enum sod_err
checklist_one(struct sq *q, struct arena *a, struct checklist_rec *out)
{
	int rc = sq_step(q);
	enum sod_err err = SOD_OK;

	if (rc == STEP_ROW) {
		out->id = sq_int(q, 0);
		out->unit_id = sq_int(q, 1);
		out->kind = sq_text(q, a, 2);
		out->version = sq_int(q, 3);
		out->questions = sq_text(q, a, 4);
		if (!out->kind || !out->questions)
			err = SOD_ENOMEM;
	} else {
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	}
	sq_close(q);
	return err;
}

enum sod_err
store_checklist_current(struct store *s, struct arena *a, int64_t unit, const char *kind,
                        struct checklist_rec *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CHECKLIST_CURRENT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, kind);
	return checklist_one(q, a, out);
}

enum sod_err
store_checklist_get(struct store *s, struct arena *a, int64_t id, struct checklist_rec *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CHECKLIST_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	return checklist_one(q, a, out);
}

/* ---- rounds -------------------------------------------------------------------- */

enum sod_err
store_round_insert(struct store *s, int64_t unit, const char *name, const char *starts_on,
                   const char *ends_on, int64_t by, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ROUND_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, name);
	sq_bind_text(q, 3, starts_on);
	sq_bind_text(q, 4, ends_on);
	sq_bind_int(q, 5, by);
	sq_bind_int(q, 6, sod_now());
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

static enum sod_err
round_read(struct sq *q, struct arena *a, struct round_rec *r)
{
	r->id = sq_int(q, 0);
	r->unit_id = sq_int(q, 1);
	r->unit_code = sq_text(q, a, 2);
	r->name = sq_text(q, a, 3);
	r->starts_on = sq_text(q, a, 4);
	r->ends_on = sq_text(q, a, 5);
	return r->unit_code && r->name && r->starts_on && r->ends_on ? SOD_OK : SOD_ENOMEM;
}

enum sod_err
store_round_get(struct store *s, struct arena *a, int64_t id, struct round_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_ROUND_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	rc = sq_step(q);
	if (rc == STEP_ROW)
		err = round_read(q, a, out);
	else
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

enum sod_err
store_round_list(struct store *s, struct arena *a, int64_t unit, struct round_rec **items_out,
                 size_t *n_out)
{
	struct round_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_ROUND_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		if ((err = round_read(q, a, &items[n++])) != SOD_OK)
			break;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

static enum sod_err
round_point(struct store *s, enum stmt id, int64_t round, int64_t point, int64_t team,
            int64_t day)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, id, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, round);
	sq_bind_int(q, 2, point);
	sq_bind_int(q, 3, team);
	sq_bind_int(q, 4, day);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_round_point_add(struct store *s, int64_t round, int64_t point, int64_t team, int64_t day)
{
	return round_point(s, STMT_ROUND_POINT_ADD, round, point, team, day);
}

enum sod_err
store_round_point_move(struct store *s, int64_t round, int64_t point, int64_t team,
                       int64_t day)
{
	return round_point(s, STMT_ROUND_POINT_MOVE, round, point, team, day);
}

enum sod_err
store_round_assignments(struct store *s, struct arena *a, int64_t round,
                        struct round_item **items_out, size_t *n_out)
{
	struct round_item *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_ROUND_ASSIGNMENTS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, round);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct round_item *it;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		it = &items[n++];
		it->point_id = sq_int(q, 0);
		it->point_code = sq_text(q, a, 1);
		it->point_name = sq_text(q, a, 2);
		it->team_id = sq_int(q, 3);
		it->team_code = sq_text(q, a, 4);
		it->zone_code = sq_text(q, a, 5);
		it->day = sq_int(q, 6);
		it->has_loc = sq_int(q, 7) != 0;
		it->lat_e6 = sq_int(q, 8);
		it->lon_e6 = sq_int(q, 9);
		it->visit_status = sq_text(q, a, 10);
		it->district = sq_text(q, a, 11);
		if (!it->point_code || !it->point_name || !it->team_code || !it->zone_code ||
		    !it->visit_status || !it->district) {
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
store_round_assignment_of(struct store *s, int64_t round, int64_t point, int64_t *team_out,
                          int64_t *day_out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_ROUND_ASSIGNMENT_OF, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, round);
	sq_bind_int(q, 2, point);
	rc = sq_step(q);
	if (rc == STEP_ROW) {
		*team_out = sq_int(q, 0);
		*day_out = sq_int(q, 1);
		err = SOD_OK;
	} else {
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	}
	sq_close(q);
	return err;
}

enum sod_err
store_round_today(struct store *s, struct arena *a, int64_t account, const char *today,
                  struct today_item **items_out, size_t *n_out)
{
	struct today_item *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_ROUND_TEAM_TODAY, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, account);
	sq_bind_text(q, 2, today);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct today_item *it;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		it = &items[n++];
		it->round_id = sq_int(q, 0);
		it->round_name = sq_text(q, a, 1);
		it->starts_on = sq_text(q, a, 2);
		it->day = sq_int(q, 3);
		it->team_code = sq_text(q, a, 4);
		it->point_code = sq_text(q, a, 5);
		it->point_name = sq_text(q, a, 6);
		it->kind = sq_text(q, a, 7);
		it->visited = sq_int(q, 8) != 0;
		if (!it->round_name || !it->starts_on || !it->team_code || !it->point_code ||
		    !it->point_name || !it->kind) {
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

/* ---- visits -------------------------------------------------------------------- */

enum sod_err
store_visit_insert(struct store *s, const struct visit_rec *v, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_VISIT_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, v->point_id);
	bind_opt(q, 2, v->round_id > 0, v->round_id);
	bind_opt(q, 3, v->team_id > 0, v->team_id);
	sq_bind_int(q, 4, v->account_id);
	sq_bind_text(q, 5, v->visited_on);
	sq_bind_text(q, 6, v->status);
	sq_bind_text(q, 7, nz(v->note));
	sq_bind_text(q, 8, v->answers ? v->answers : "{}");
	bind_opt(q, 9, v->checklist_id > 0, v->checklist_id);
	bind_opt(q, 10, v->has_loc, v->lat_e6);
	bind_opt(q, 11, v->has_loc, v->lon_e6);
	bind_opt(q, 12, v->distance_m >= 0, v->distance_m);
	sq_bind_int(q, 13, v->far ? 1 : 0);
	sq_bind_text(q, 14, v->idem_key && v->idem_key[0] ? v->idem_key : NULL);
	sq_bind_int(q, 15, sod_now());
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

static enum sod_err
visit_read(struct sq *q, struct arena *a, struct visit_rec *v)
{
	memset(v, 0, sizeof(*v));
	v->id = sq_int(q, 0);
	v->point_id = sq_int(q, 1);
	v->point_code = sq_text(q, a, 2);
	v->round_id = sq_int(q, 3);
	v->team_code = sq_text(q, a, 4);
	v->account_id = sq_int(q, 5);
	v->visited_on = sq_text(q, a, 6);
	v->status = sq_text(q, a, 7);
	v->note = sq_text(q, a, 8);
	v->answers = sq_text(q, a, 9);
	v->checklist_id = sq_int(q, 10);
	v->has_loc = sq_int(q, 11) != 0;
	v->lat_e6 = sq_int(q, 12);
	v->lon_e6 = sq_int(q, 13);
	v->distance_m = sq_int(q, 14);
	v->far = sq_int(q, 15) != 0;
	v->tip_id = sq_int(q, 16);
	v->author = sq_text(q, a, 17);
	v->point_unit_id = sq_int(q, 18);
	v->team_id = sq_int(q, 19);
	if (!v->point_code || !v->team_code || !v->visited_on || !v->status || !v->note ||
	    !v->answers || !v->author)
		return SOD_ENOMEM;
	return SOD_OK;
}

enum sod_err
store_visit_get(struct store *s, struct arena *a, int64_t id, struct visit_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_VISIT_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	rc = sq_step(q);
	if (rc == STEP_ROW)
		err = visit_read(q, a, out);
	else
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

enum sod_err
store_visit_by_idem(struct store *s, const char *key, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_VISIT_BY_IDEM, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, key);
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_visits_of_point(struct store *s, struct arena *a, int64_t point, int64_t limit,
                      struct visit_rec **items_out, size_t *n_out)
{
	struct visit_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_VISITS_OF_POINT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, point);
	sq_bind_int(q, 2, limit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		if ((err = visit_read(q, a, &items[n++])) != SOD_OK)
			break;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_visit_photo_add(struct store *s, int64_t visit, const char *stored, const char *meta,
                      int64_t size)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_VISIT_PHOTO_ADD, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, visit);
	sq_bind_text(q, 2, stored);
	sq_bind_text(q, 3, meta);
	sq_bind_int(q, 4, size);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_visit_photos(struct store *s, struct arena *a, int64_t visit,
                   struct visit_photo_rec **items_out, size_t *n_out)
{
	struct visit_photo_rec *items = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_VISIT_PHOTOS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, visit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct visit_photo_rec *p;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		p = &items[n++];
		p->id = sq_int(q, 0);
		p->stored = sq_text(q, a, 1);
		p->meta = sq_text(q, a, 2);
		p->size = sq_int(q, 3);
		if (!p->stored || !p->meta) {
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
store_visit_set_tip(struct store *s, int64_t visit, int64_t tip)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_VISIT_SET_TIP, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, visit);
	sq_bind_int(q, 2, tip);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_unit_teams(struct store *s, struct arena *a, int64_t unit, int64_t **ids_out,
                 char ***codes_out, size_t *n_out)
{
	int64_t *ids = NULL;
	char **codes = NULL;
	size_t n = 0, cap = 0, cap2 = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_UNIT_TEAMS_SUBTREE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&ids, n, &cap, sizeof(*ids)) ||
		    !sq_grow(a, (void **)&codes, n, &cap2, sizeof(*codes))) {
			err = SOD_ENOMEM;
			break;
		}
		ids[n] = sq_int(q, 0);
		if ((codes[n++] = sq_text(q, a, 1)) == NULL) {
			err = SOD_ENOMEM;
			break;
		}
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*ids_out = ids;
	*codes_out = codes;
	*n_out = n;
	return err;
}

enum sod_err
store_point_teams(struct store *s, struct arena *a, int64_t point, int64_t **ids_out,
                  size_t *n_out)
{
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_POINT_TEAMS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, point);
	while (n < 64 && (rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&ids, n, &cap, sizeof(*ids))) {
			err = SOD_ENOMEM;
			break;
		}
		ids[n++] = sq_int(q, 0);
	}
	if (!err && n < 64 && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*ids_out = ids;
	*n_out = n;
	return err;
}
