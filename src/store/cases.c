/*
 * cases.c — typed wrappers for cases, their events and referrals.
 */
#include "store/internal.h"

#include <string.h>

/* Run a statement that returns nothing, binding texts (NULL binds NULL)
 * after an integer id. */
static enum sod_err
exec_id_texts(struct store *s, enum stmt id, int64_t first, const char *const *texts,
              int ntexts)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, id, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, first);
	for (int i = 0; i < ntexts; i++)
		sq_bind_text(q, i + 2, texts[i]);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_case_insert(struct store *s, int64_t unit, const char *content, const char *opened_on,
                  const char *due_on, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CASE_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_text(q, 2, content);
	sq_bind_text(q, 3, opened_on);
	sq_bind_text(q, 4, due_on);
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_case_key_insert(struct store *s, int64_t case_id, int64_t unit, const char *sealed)
{
	return sq_sealed_key_insert(s, STMT_CASE_KEY_INSERT, case_id, unit, sealed);
}

enum sod_err
store_case_tip_insert(struct store *s, int64_t case_id, int64_t tip)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CASE_TIP_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, case_id);
	sq_bind_int(q, 2, tip);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

static enum sod_err
case_read(struct sq *q, struct arena *a, struct case_rec *c)
{
	c->id = sq_int(q, 0);
	c->unit_id = sq_int(q, 1);
	c->unit_code = sq_text(q, a, 2);
	c->status = sq_text(q, a, 3);
	c->outcome = sq_text(q, a, 4);
	c->content = sq_text(q, a, 5);
	c->opened_on = sq_text(q, a, 6);
	c->due_on = sq_text(q, a, 7);
	c->updated_on = sq_text(q, a, 8);
	c->keep_until = sq_text(q, a, 9);
	c->purged_on = sq_text(q, a, 10);
	c->assignee_id = sq_int(q, 11);
	c->assignee = sq_text(q, a, 12);
	c->assignee_name = sq_text(q, a, 13);
	if (!c->unit_code || !c->status || !c->outcome || !c->content || !c->opened_on ||
	    !c->due_on || !c->updated_on || !c->keep_until || !c->purged_on || !c->assignee ||
	    !c->assignee_name)
		return SOD_ENOMEM;
	return SOD_OK;
}

enum sod_err
store_case_get(struct store *s, struct arena *a, int64_t id, struct case_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_CASE_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	rc = sq_step(q);
	err = rc == STEP_ROW ? case_read(q, a, out) : rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

enum sod_err
store_case_keys(struct store *s, struct arena *a, int64_t case_id,
                struct tip_key_rec **items_out, size_t *n_out)
{
	return sq_sealed_keys(s, a, STMT_CASE_KEYS, case_id, items_out, n_out);
}

enum sod_err
store_case_list(struct store *s, struct arena *a, int64_t account, const char *status,
                int64_t after, int64_t limit, struct case_rec **items_out, size_t *n_out)
{
	struct sq *q;
	struct case_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_CASE_LIST, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, account);
	sq_bind_text(q, 2, status);
	sq_bind_int(q, 3, after);
	sq_bind_int(q, 4, limit);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		if ((err = case_read(q, a, &items[n++])) != SOD_OK)
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
store_case_count(struct store *s, int64_t account, const char *status, const char *due_before,
                 int64_t *n_out)
{
	struct sq *q;
	enum sod_err err;

	*n_out = 0;
	if ((err = sq_open(s, STMT_CASE_COUNT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, account);
	sq_bind_text(q, 2, status);
	sq_bind_text(q, 3, due_before);
	err = sq_one_int(q, n_out);
	sq_close(q);
	return err;
}

enum sod_err
store_case_tips(struct store *s, struct arena *a, int64_t case_id, int64_t **ids_out,
                size_t *n_out)
{
	struct sq *q;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_CASE_TIPS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, case_id);
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
store_case_set_status(struct store *s, int64_t id, const char *status, const char *outcome,
                      const char *day)
{
	const char *t[] = {status, outcome, day};

	return exec_id_texts(s, STMT_CASE_SET_STATUS, id, t, 3);
}

enum sod_err
store_case_assign(struct store *s, int64_t id, int64_t assignee, const char *day)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CASE_ASSIGN, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	sq_bind_int(q, 2, assignee);
	sq_bind_text(q, 3, day);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_case_event_insert(struct store *s, int64_t case_id, int64_t account, const char *kind,
                        const char *from, const char *to, const char *note, const char *day)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_CASE_EVENT_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, case_id);
	if (account > 0)
		sq_bind_int(q, 2, account);
	else
		sq_bind_text(q, 2, NULL);
	sq_bind_text(q, 3, kind);
	sq_bind_text(q, 4, from);
	sq_bind_text(q, 5, to);
	sq_bind_text(q, 6, note);
	sq_bind_text(q, 7, day);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_case_events(struct store *s, struct arena *a, int64_t case_id,
                  struct case_event_rec **items_out, size_t *n_out)
{
	struct sq *q;
	struct case_event_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_CASE_EVENTS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, case_id);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct case_event_rec *e;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		e = &items[n++];
		e->kind = sq_text(q, a, 0);
		e->from_status = sq_text(q, a, 1);
		e->to_status = sq_text(q, a, 2);
		e->note = sq_text(q, a, 3);
		e->on_day = sq_text(q, a, 4);
		e->author = sq_text(q, a, 5);
		if (!e->kind || !e->from_status || !e->to_status || !e->note || !e->on_day ||
		    !e->author) {
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
store_referral_insert(struct store *s, int64_t case_id, const char *agency,
                      const char *letter_no, const char *sent_on, const char *note,
                      const char *day, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_REFERRAL_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, case_id);
	sq_bind_text(q, 2, agency);
	sq_bind_text(q, 3, letter_no);
	sq_bind_text(q, 4, sent_on);
	sq_bind_text(q, 5, note);
	sq_bind_text(q, 6, day);
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_referrals(struct store *s, struct arena *a, int64_t case_id,
                struct referral_rec **items_out, size_t *n_out)
{
	struct sq *q;
	struct referral_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_REFERRALS, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, case_id);
	while ((rc = sq_step(q)) == STEP_ROW) {
		struct referral_rec *r;

		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		r = &items[n++];
		r->id = sq_int(q, 0);
		r->agency = sq_text(q, a, 1);
		r->letter_no = sq_text(q, a, 2);
		r->sent_on = sq_text(q, a, 3);
		r->answered_on = sq_text(q, a, 4);
		r->outcome = sq_text(q, a, 5);
		r->note = sq_text(q, a, 6);
		if (!r->agency || !r->letter_no || !r->sent_on || !r->answered_on || !r->outcome ||
		    !r->note) {
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

/* ---- identity requests ----------------------------------------------------------- */

static enum sod_err
idreq_read(struct sq *q, struct arena *a, struct idreq_rec *r)
{
	r->id = sq_int(q, 0);
	r->tip_id = sq_int(q, 1);
	r->unit_id = sq_int(q, 2);
	r->requester_id = sq_int(q, 3);
	r->requester = sq_text(q, a, 4);
	r->reason = sq_text(q, a, 5);
	r->status = sq_text(q, a, 6);
	r->requested_on = sq_text(q, a, 7);
	r->decided_on = sq_text(q, a, 8);
	return r->requester && r->reason && r->status && r->requested_on && r->decided_on
	           ? SOD_OK : SOD_ENOMEM;
}

enum sod_err
store_idreq_insert(struct store *s, int64_t tip, int64_t requester, const char *reason,
                   const char *day, int64_t *id_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_IDREQ_INSERT, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, tip);
	sq_bind_int(q, 2, requester);
	sq_bind_text(q, 3, reason);
	sq_bind_text(q, 4, day);
	err = sq_one_int(q, id_out);
	sq_close(q);
	return err;
}

enum sod_err
store_idreq_get(struct store *s, struct arena *a, int64_t id, struct idreq_rec *out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_IDREQ_GET, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	rc = sq_step(q);
	err = rc == STEP_ROW ? idreq_read(q, a, out) : rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

enum sod_err
store_idreq_list(struct store *s, struct arena *a, int64_t tip, struct idreq_rec **items_out,
                 size_t *n_out)
{
	struct sq *q;
	struct idreq_rec *items = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, tip > 0 ? STMT_IDREQ_FOR_TIP : STMT_IDREQ_PENDING, &q)) != SOD_OK)
		return err;
	if (tip > 0)
		sq_bind_int(q, 1, tip);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&items, n, &cap, sizeof(*items))) {
			err = SOD_ENOMEM;
			break;
		}
		if ((err = idreq_read(q, a, &items[n++])) != SOD_OK)
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
store_idreq_decide(struct store *s, int64_t id, const char *status, int64_t custodian,
                   const char *day)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_IDREQ_DECIDE, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, id);
	sq_bind_text(q, 2, status);
	sq_bind_int(q, 3, custodian);
	sq_bind_text(q, 4, day);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_tip_identity(struct store *s, struct arena *a, int64_t tip, char **identity_out)
{
	struct sq *q;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, STMT_TIP_IDENTITY, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, tip);
	rc = sq_step(q);
	if (rc == STEP_ROW)
		*identity_out = sq_text(q, a, 0);
	err = rc == STEP_ROW ? SOD_OK : rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
	sq_close(q);
	return err;
}

/* ---- retention ------------------------------------------------------------------- */

static enum sod_err
exec_id(struct store *s, enum stmt id, int64_t v)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, id, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, v);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_unit_retention(struct store *s, int64_t unit, int64_t *days_out)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_UNIT_RETENTION, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	err = sq_one_int(q, days_out);
	sq_close(q);
	return err;
}

enum sod_err
store_unit_set_retention(struct store *s, int64_t unit, int64_t days)
{
	struct sq *q;
	enum sod_err err;

	if ((err = sq_open(s, STMT_UNIT_SET_RETENTION, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, unit);
	sq_bind_int(q, 2, days);
	err = sq_exec(q);
	sq_close(q);
	return err;
}

enum sod_err
store_case_close_keep(struct store *s, int64_t id, const char *closed_on,
                      const char *keep_until)
{
	const char *t[] = {closed_on, keep_until};

	return exec_id_texts(s, STMT_CASE_CLOSE_KEEP, id, t, 2);
}

enum sod_err
store_case_keep_until(struct store *s, int64_t id, const char *keep_until)
{
	return exec_id_texts(s, STMT_CASE_KEEP_UNTIL, id, &keep_until, 1);
}

enum sod_err
store_tip_keep_until(struct store *s, int64_t id, const char *keep_until)
{
	return exec_id_texts(s, STMT_TIP_KEEP_UNTIL, id, &keep_until, 1);
}

enum sod_err
store_expired(struct store *s, struct arena *a, bool cases, const char *today,
              int64_t **ids_out, size_t *n_out)
{
	struct sq *q;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	if ((err = sq_open(s, cases ? STMT_EXPIRED_CASES : STMT_EXPIRED_TIPS, &q)) != SOD_OK)
		return err;
	sq_bind_text(q, 1, today);
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
store_tip_purge(struct store *s, struct arena *a, int64_t tip, const char *today,
                char ***stored_out, size_t *n_out)
{
	static const enum stmt steps[] = {
		STMT_PURGE_TIP_KEYS, STMT_PURGE_TIP_TERMS, STMT_PURGE_TIP_INDEXED,
		STMT_PURGE_TIP_SESSIONS, STMT_PURGE_TIP_MESSAGES, STMT_PURGE_TIP_IDREQ,
		STMT_PURGE_TIP_TAGS, STMT_PURGE_TIP_IDKEYS, STMT_PURGE_TIP_OKEYS,
		STMT_PURGE_TIP_QUEUE,
	};
	struct sq *q;
	char **names = NULL;
	size_t n = 0, cap = 0;
	enum sod_err err;
	int rc;

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if ((err = exec_id(s, steps[i], tip)) != SOD_OK)
			return err;
	if ((err = sq_open(s, STMT_PURGE_TIP_FILES, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, tip);
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&names, n, &cap, sizeof(*names)) ||
		    (names[n++] = sq_text(q, a, 0)) == NULL) {
			err = SOD_ENOMEM;
			break;
		}
	}
	if (!err && rc < 0)
		err = (enum sod_err)-rc;
	sq_close(q);
	if (err)
		return err;
	*stored_out = names;
	*n_out = n;
	return exec_id_texts(s, STMT_PURGE_TIP, tip, &today, 1);
}

enum sod_err
store_case_purge(struct store *s, int64_t id, const char *today)
{
	enum sod_err err;

	if ((err = exec_id(s, STMT_PURGE_CASE_KEYS, id)) ||
	    (err = exec_id(s, STMT_PURGE_CASE_EVENTS, id)) ||
	    (err = exec_id(s, STMT_PURGE_CASE_REFERRALS, id)))
		return err;
	return exec_id_texts(s, STMT_PURGE_CASE, id, &today, 1);
}

enum sod_err
store_referral_answer(struct store *s, int64_t case_id, int64_t referral,
                      const char *answered_on, const char *outcome)
{
	struct sq *q;
	int64_t id;
	enum sod_err err;

	if ((err = sq_open(s, STMT_REFERRAL_ANSWER, &q)) != SOD_OK)
		return err;
	sq_bind_int(q, 1, referral);
	sq_bind_int(q, 2, case_id);
	sq_bind_text(q, 3, answered_on);
	sq_bind_text(q, 4, outcome);
	err = sq_one_int(q, &id);
	sq_close(q);
	return err;
}
