/*
 * network.c — typed wrappers for people, memberships, trainings,
 * announcements and meetings.
 */
#include "store/internal.h"

#include <string.h>

/* Read the PERSON_COLS of the current row, starting at column c. */
static enum sod_err
person_read(struct sq *q, struct arena *a, int c, struct person_rec *p)
{
	p->id = sq_int(q, c + 0);
	p->title_th = sq_text(q, a, c + 1);
	p->title_en = sq_text(q, a, c + 2);
	p->given_th = sq_text(q, a, c + 3);
	p->family_th = sq_text(q, a, c + 4);
	p->given_en = sq_text(q, a, c + 5);
	p->family_en = sq_text(q, a, c + 6);
	p->kind = sq_text(q, a, c + 7);
	p->organisation = sq_text(q, a, c + 8);
	p->phone = sq_text(q, a, c + 9);
	p->email = sq_text(q, a, c + 10);
	p->line_id = sq_text(q, a, c + 11);
	p->province_code = sq_text(q, a, c + 12);
	p->district_code = sq_text(q, a, c + 13);
	p->cid_sealed = sq_text(q, a, c + 14);
	p->cid_hash = sq_text(q, a, c + 15);
	p->account_id = sq_int(q, c + 16);
	p->consent_at = sq_int(q, c + 17);
	p->consent_version = sq_text(q, a, c + 18);
	p->erased_at = sq_int(q, c + 19);
	p->created_at = sq_int(q, c + 20);
	p->search = sq_text(q, a, c + 21);
	if (!p->title_th || !p->title_en || !p->given_th || !p->family_th ||
	    !p->given_en || !p->family_en || !p->kind || !p->organisation ||
	    !p->consent_version || !p->search)
		return SOD_ENOMEM;
	return SOD_OK;
}

static enum sod_err
person_one(struct sq *q, struct arena *a, struct person_rec *out)
{
	int rc = sq_step(q);
	enum sod_err err;

	if (rc == STEP_ROW)
		err = person_read(q, a, 0, out);
	else
		err = rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

enum sod_err
store_person_insert(struct store *s, const struct person_rec *p, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_PERSON_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, p->title_th ? p->title_th : "");
	sq_bind_text(q, 2, p->title_en ? p->title_en : "");
	sq_bind_text(q, 3, p->given_th);
	sq_bind_text(q, 4, p->family_th);
	sq_bind_text(q, 5, p->given_en ? p->given_en : "");
	sq_bind_text(q, 6, p->family_en ? p->family_en : "");
	sq_bind_text(q, 7, p->kind);
	sq_bind_text(q, 8, p->organisation ? p->organisation : "");
	sq_bind_text(q, 9, p->phone);
	sq_bind_text(q, 10, p->email);
	sq_bind_text(q, 11, p->line_id);
	sq_bind_text(q, 12, p->province_code);
	sq_bind_text(q, 13, p->district_code);
	sq_bind_text(q, 14, p->cid_sealed);
	sq_bind_text(q, 15, p->cid_hash);
	sq_bind_int(q, 16, p->consent_at);
	sq_bind_text(q, 17, p->consent_version ? p->consent_version : "");
	sq_bind_int(q, 18, sod_now());
	sq_bind_text(q, 19, p->search ? p->search : "");
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_person_next_id(struct store *s, int64_t *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_PERSON_NEXT_ID, &q)) != SOD_OK)
		return err;
	err = sq_one_int(q, out);
	sq_close(q);
	return err;
}

enum sod_err
store_person_get(struct store *s, struct arena *a, int64_t id, struct person_rec *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_PERSON_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	return person_one(q, a, out);
}

enum sod_err
store_person_by_account(struct store *s, struct arena *a, int64_t account,
                        struct person_rec *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_PERSON_BY_ACCOUNT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, account);
	return person_one(q, a, out);
}

enum sod_err
store_person_set_contact(struct store *s, const struct person_rec *p)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_PERSON_SET_CONTACT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, p->id);
	sq_bind_text(q, 2, p->phone);
	sq_bind_text(q, 3, p->email);
	sq_bind_text(q, 4, p->line_id);
	sq_bind_text(q, 5, p->province_code);
	sq_bind_text(q, 6, p->district_code);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_person_set_account(struct store *s, int64_t id, int64_t account)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_PERSON_SET_ACCOUNT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	sq_bind_int(q, 2, account);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_person_erase(struct store *s, int64_t id, int64_t now)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_PERSON_ERASE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	sq_bind_int(q, 2, now);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_person_search(struct store *s, struct arena *a, const char *text, int64_t limit,
                    int64_t offset, struct person_rec **items_out, size_t *n_out,
                    int64_t *total_out)
{
	struct sq *q;
	struct person_rec *items;
	size_t n = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_PERSON_SEARCH_COUNT, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, text);
	err = sq_one_int(q, total_out);
	sq_close(q);
	if (err)
		return err;
	if ((items = arena_zalloc(a, sizeof(*items) * (size_t)(limit > 0 ? limit : 1))) == NULL)
		return SOD_ENOMEM;
	if ((err = sq_open(s, STMT_PERSON_SEARCH, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, text);
	sq_bind_int(q, 2, limit);
	sq_bind_int(q, 3, offset);
	while ((rc = sq_step(q)) == STEP_ROW && (int64_t)n < limit)
		if ((err = person_read(q, a, 0, &items[n++])) != SOD_OK)
			break;
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_membership_add(struct store *s, int64_t person, int64_t unit, const char *role,
                     const char *joined_on)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_MEMBERSHIP_ADD, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, person);
	sq_bind_int(q, 2, unit);
	sq_bind_text(q, 3, role);
	sq_bind_text(q, 4, joined_on ? joined_on : "");
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_membership_list(struct store *s, struct arena *a, int64_t person,
                      struct membership_rec **items_out, size_t *n_out)
{
	struct sq *q;
	struct membership_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_MEMBERSHIP_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, person);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct membership_rec *m;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		m = &items[n++];
		m->id = sq_int(q, 0);
		m->person_id = sq_int(q, 1);
		m->unit_id = sq_int(q, 2);
		m->unit_code = sq_text(q, a, 3);
		m->unit_name_th = sq_text(q, a, 4);
		m->unit_name_en = sq_text(q, a, 5);
		m->role = sq_text(q, a, 6);
		m->joined_on = sq_text(q, a, 7);
		m->left_on = sq_text(q, a, 8);
		if (!m->unit_code || !m->unit_name_th || !m->unit_name_en || !m->role ||
		    !m->joined_on || !m->left_on) {
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
store_unit_members(struct store *s, struct arena *a, int64_t unit, int64_t after,
                   int64_t limit, int64_t offset, struct member_row **items_out,
                   size_t *n_out, int64_t *total_out)
{
	struct sq *q;
	struct member_row *items;
	size_t n = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_UNIT_MEMBERS_COUNT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	err = sq_one_int(q, total_out);
	sq_close(q);
	if (err)
		return err;
	if ((items = arena_zalloc(a, sizeof(*items) * (size_t)(limit > 0 ? limit : 1))) == NULL)
		return SOD_ENOMEM;
	if ((err = sq_open(s, after > 0 ? STMT_UNIT_MEMBERS_AFTER : STMT_UNIT_MEMBERS, &q)))
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, limit);
	sq_bind_int(q, 3, offset);
	if (after > 0)
		sq_bind_int(q, 4, after);
	while ((rc = sq_step(q)) == STEP_ROW && (int64_t)n < limit) {
		struct member_row *m = &items[n++];

		if ((err = person_read(q, a, 0, &m->p)) != SOD_OK)
			break;
		m->role = sq_text(q, a, 22);
		m->unit_code = sq_text(q, a, 23);
		m->joined_on = sq_text(q, a, 24);
		if (!m->role || !m->unit_code || !m->joined_on) {
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
store_unit_member_count(struct store *s, int64_t unit, bool subtree, int64_t *out)
{
	struct sq *q;
	enum sod_err err;

	err = sq_open(s, subtree ? STMT_UNIT_MEMBER_COUNT_SUBTREE : STMT_UNIT_MEMBER_COUNT, &q);
	if (err)
		return err;
	sq_bind_int(q, 1, unit);
	err = sq_one_int(q, out);
	sq_close(q);
	return err;
}

/* ---- trainings ------------------------------------------------------------- */

static enum sod_err
training_read(struct sq *q, struct arena *a, struct training_rec *t)
{
	t->id = sq_int(q, 0);
	t->unit_id = sq_int(q, 1);
	t->unit_code = sq_text(q, a, 2);
	t->title = sq_text(q, a, 3);
	t->held_on = sq_text(q, a, 4);
	t->place = sq_text(q, a, 5);
	t->organiser = sq_text(q, a, 6);
	t->hours = sq_int(q, 7);
	t->attendees = sq_int(q, 8);
	t->multiplier = sq_int(q, 9) != 0;
	if (!t->unit_code || !t->title || !t->held_on || !t->place || !t->organiser)
		return SOD_ENOMEM;
	return SOD_OK;
}

static enum sod_err
training_rows(struct sq *q, struct arena *a, struct training_rec **items_out,
              size_t *n_out)
{
	struct training_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err = SOD_OK;
	int rc;

	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		if ((err = training_read(q, a, &items[n++])) != SOD_OK)
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
store_training_insert(struct store *s, const struct training_rec *t, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_TRAINING_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, t->unit_id);
	sq_bind_text(q, 2, t->title);
	sq_bind_text(q, 3, t->held_on);
	sq_bind_text(q, 4, t->place ? t->place : "");
	sq_bind_int(q, 5, t->hours);
	sq_bind_text(q, 6, t->organiser ? t->organiser : "");
	sq_bind_int(q, 7, sod_now());
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_training_get(struct store *s, struct arena *a, int64_t id, struct training_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_TRAINING_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	rc = sq_step(q);
	err = rc == STEP_ROW ? training_read(q, a, out)
	                     : rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

enum sod_err
store_training_list(struct store *s, struct arena *a, int64_t unit,
                    struct training_rec **items_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_TRAINING_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	return training_rows(q, a, items_out, n_out);
}

enum sod_err
store_training_history(struct store *s, struct arena *a, int64_t person,
                       struct training_rec **items_out, size_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_TRAINING_HISTORY, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, person);
	return training_rows(q, a, items_out, n_out);
}

enum sod_err
store_attendance_add(struct store *s, int64_t training, int64_t person, bool multiplier)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ATTENDANCE_ADD, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, training);
	sq_bind_int(q, 2, person);
	sq_bind_int(q, 3, multiplier);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

/* ---- announcements ----------------------------------------------------------- */

static enum sod_err
announcement_rows(struct sq *q, struct arena *a, struct announcement_rec **items_out,
                  size_t *n_out)
{
	struct announcement_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err = SOD_OK;
	int rc;

	while ((rc = sq_step(q)) == STEP_ROW) {
		struct announcement_rec *r;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		r = &items[n++];
		r->id = sq_int(q, 0);
		r->unit_id = sq_int(q, 1);
		r->unit_code = sq_text(q, a, 2);
		r->unit_name_th = sq_text(q, a, 3);
		r->unit_name_en = sq_text(q, a, 4);
		r->title = sq_text(q, a, 5);
		r->body = sq_text(q, a, 6);
		r->author = sq_text(q, a, 7);
		r->created_at = sq_int(q, 8);
		if (!r->unit_code || !r->unit_name_th || !r->unit_name_en || !r->title ||
		    !r->body || !r->author) {
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
store_announcement_insert(struct store *s, const struct announcement_rec *r,
                          int64_t author, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ANNOUNCEMENT_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, r->unit_id);
	if (author > 0)
		sq_bind_int(q, 2, author);
	else
		sq_bind_text(q, 2, NULL);
	sq_bind_text(q, 3, r->title);
	sq_bind_text(q, 4, r->body);
	sq_bind_int(q, 5, sod_now());
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_announcements_for_unit(struct store *s, struct arena *a, int64_t unit,
                             int64_t limit, struct announcement_rec **items_out,
                             size_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ANNOUNCEMENTS_FOR_UNIT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, limit);
	return announcement_rows(q, a, items_out, n_out);
}

enum sod_err
store_announcements_for_person(struct store *s, struct arena *a, int64_t person,
                               int64_t limit, struct announcement_rec **items_out,
                               size_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_ANNOUNCEMENTS_FOR_PERSON, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, person);
	sq_bind_int(q, 2, limit);
	return announcement_rows(q, a, items_out, n_out);
}

/* ---- meetings ------------------------------------------------------------------ */

enum sod_err
store_meeting_insert(struct store *s, const struct meeting_rec *m, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_MEETING_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, m->unit_id);
	sq_bind_text(q, 2, m->title);
	sq_bind_text(q, 3, m->held_on);
	sq_bind_text(q, 4, m->agenda ? m->agenda : "");
	sq_bind_text(q, 5, m->minutes ? m->minutes : "");
	sq_bind_int(q, 6, sod_now());
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_meeting_list(struct store *s, struct arena *a, int64_t unit,
                   struct meeting_rec **items_out, size_t *n_out)
{
	struct sq *q;
	struct meeting_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_MEETING_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct meeting_rec *m;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		m = &items[n++];
		m->id = sq_int(q, 0);
		m->unit_id = sq_int(q, 1);
		m->title = sq_text(q, a, 2);
		m->held_on = sq_text(q, a, 3);
		m->agenda = sq_text(q, a, 4);
		m->minutes = sq_text(q, a, 5);
		m->attendees = sq_int(q, 6);
		if (!m->title || !m->held_on || !m->agenda || !m->minutes) {
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
store_meeting_attend(struct store *s, int64_t meeting, int64_t person)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_MEETING_ATTEND, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, meeting);
	sq_bind_int(q, 2, person);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_unit_member_emails(struct store *s, struct arena *a, int64_t unit,
                         char ***emails_out, size_t *n_out)
{
	struct sq *q;
	char **items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_UNIT_MEMBER_EMAILS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items)) ||
		    (items[n] = sq_text(q, a, 0)) == NULL) {
			err = SOD_ENOMEM;
			break;
		}
		n++;
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*emails_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_point_insert(struct store *s, int64_t unit, const char *code, const char *name_th,
                   const char *district, int day)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_POINT_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, code);
	sq_bind_text(q, 3, name_th);
	sq_bind_text(q, 4, district);
	sq_bind_int(q, 5, day);
	sq_bind_int(q, 6, sod_now());
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_point_count(struct store *s, int64_t unit, int64_t *out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_POINT_COUNT_SUBTREE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	err = sq_one_int(q, out);
	sq_close(q);
	return err;
}

enum sod_err
store_meeting_unit(struct store *s, int64_t meeting, int64_t *unit_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_MEETING_UNIT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, meeting);
	err = sq_one_int(q, unit_out);
	sq_close(q);
	return err;
}

enum sod_err
store_person_search_scoped(struct store *s, struct arena *a, const char *text,
                           int64_t account, bool root_admin, int64_t limit, int64_t offset,
                           struct person_rec **items_out, size_t *n_out, int64_t *total_out)
{
	struct sq *q;
	struct person_rec *items;
	size_t n = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_PERSON_SEARCH_SCOPED_COUNT, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, text);
	sq_bind_int(q, 2, account);
	sq_bind_int(q, 3, root_admin);
	err = sq_one_int(q, total_out);
	sq_close(q);
	if (err)
		return err;
	if ((items = arena_zalloc(a, sizeof(*items) * (size_t)(limit > 0 ? limit : 1))) == NULL)
		return SOD_ENOMEM;
	if ((err = sq_open(s, STMT_PERSON_SEARCH_SCOPED, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, text);
	sq_bind_int(q, 2, account);
	sq_bind_int(q, 3, root_admin);
	sq_bind_int(q, 4, limit);
	sq_bind_int(q, 5, offset);
	while ((rc = sq_step(q)) == STEP_ROW && (int64_t)n < limit)
		if ((err = person_read(q, a, 0, &items[n++])) != SOD_OK)
			break;
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	*items_out = items;
	*n_out = n;
	return err;
}

enum sod_err
store_person_find_dups(struct store *s, struct arena *a, const char *cid_hash,
                       const char *phone, int64_t **ids_out, size_t *n_out)
{
	struct sq *q;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	*ids_out = NULL;
	*n_out = 0;
	if ((err = sq_open(s, STMT_PERSON_FIND_DUPS, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, cid_hash);
	sq_bind_text(q, 2, phone);
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
