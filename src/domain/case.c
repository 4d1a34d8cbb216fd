/*
 * case.c — see case.h.
 */
#include "domain/case.h"
#include "domain/webhook.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "text/date.h"
#include "text/utf8.h"
#include "util/clock.h"

#define CTX_CASE "sodsong/case/v1"
#define CTX_NOTE "sodsong/case-note/v1"

const char *const case_statuses[] = {
	"new", "investigating", "referred", "awaiting_answer", "closed", NULL,
};

const char *const referral_agencies[] = {
	"nacc", "pacc", "police", "sao", "dsi", "oag", "ombudsman", "damrongdham", "agency", NULL,
};

static const char *const transitions[][2] = {
	{"new", "investigating"}, {"new", "closed"},
	{"investigating", "referred"}, {"investigating", "closed"},
	{"referred", "awaiting_answer"}, {"referred", "closed"},
	{"awaiting_answer", "investigating"}, {"awaiting_answer", "closed"},
};

bool
case_transition_allowed(const char *from, const char *to)
{
	for (size_t i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++)
		if (strcmp(transitions[i][0], from) == 0 && strcmp(transitions[i][1], to) == 0)
			return true;
	return false;
}

static bool
in_list(const char *const *l, const char *s)
{
	for (; s && *l; l++)
		if (strcmp(*l, s) == 0)
			return true;
	return false;
}

static enum sod_err
put_case_key(struct sys *sys, int64_t case_id, int64_t unit, const char *sealed)
{
	return store_case_key_insert(sys->store, case_id, unit, sealed);
}

/* Encrypt a note under the case key ("" stays ""). */
static enum sod_err
seal_note(struct arena *a, const unsigned char key[ENV_KEY_LEN], const char *note, char **out)
{
	unsigned char k[ENV_KEY_LEN];
	enum sod_err err;

	if (note == NULL || note[0] == '\0') {
		*out = NULL;
		return SOD_OK;
	}
	if (text_check(note, strlen(note), 40000, 10000, true) != SOD_OK)
		return SOD_EINVAL;
	env_derive(key, CTX_NOTE, k);
	err = env_encrypt(a, k, CTX_NOTE, note, strlen(note), out);
	sodium_memzero(k, sizeof(k));
	return err;
}

static const char *
open_note(struct arena *a, const unsigned char key[ENV_KEY_LEN], const char *sealed)
{
	unsigned char k[ENV_KEY_LEN];
	char *plain = NULL;

	if (sealed == NULL || sealed[0] == '\0')
		return "";
	env_derive(key, CTX_NOTE, k);
	if (env_decrypt(a, k, CTX_NOTE, sealed, &plain, NULL) != SOD_OK)
		plain = NULL;
	sodium_memzero(k, sizeof(k));
	return plain ? plain : "";
}

static void
today_plus(int days, char out[11])
{
	struct cdate d = date_of_unix(sod_now() + (int64_t)days * 86400);

	snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

/* The day a closed case (or rejected tip) may be destroyed: today plus the
 * unit's retention. */
static enum sod_err
keep_day(struct sys *sys, int64_t unit, char out[11])
{
	int64_t days;
	enum sod_err err = store_unit_retention(sys->store, unit, &days);

	if (!err)
		today_plus((int)days, out);
	return err;
}

static enum sod_err
keep_from(struct sys *sys, int64_t id, int64_t unit, const char *today, bool closing)
{
	char until[11];
	enum sod_err err = keep_day(sys, unit, until);

	if (err)
		return err;
	return closing ? store_case_close_keep(sys->store, id, today, until)
	               : store_case_keep_until(sys->store, id, until);
}

static enum sod_err
may_work(struct sys *sys, const struct tip_reader *r, int64_t unit)
{
	bool ok = false;
	enum sod_err err = auth_can(sys, r->ses, ROLE_OFFICER, unit, &ok);

	return err ? err : ok ? SOD_OK : SOD_EPERM;
}

enum sod_err
case_create(struct sys *sys, struct arena *a, struct tip_reader *r, const int64_t *tips,
            size_t ntips, const char *title, int64_t *id_out)
{
	unsigned char key[ENV_KEY_LEN], k[ENV_KEY_LEN];
	struct tip_view first = {0};
	char today[11], due[11], *content, *text;
	json_t *o;
	enum sod_err err;

	if (ntips == 0 || ntips > 100 || title == NULL || title[0] == '\0' ||
	    text_check(title, strlen(title), 800, 200, false) != SOD_OK)
		return SOD_EINVAL;
	for (size_t i = 0; i < ntips; i++) {
		struct tip_view v;

		if ((err = tip_open(sys, a, r, tips[i], &v)) != SOD_OK)
			return err;
		if (!v.readable)
			return SOD_EPERM;
		if (strcmp(v.rec.status, "in_case") == 0 || strcmp(v.rec.status, "rejected") == 0)
			return SOD_ECONFLICT;
		if (i == 0)
			first = v;
	}
	env_random_key(key);
	o = json_pack("{s:s}", "title", title);
	text = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (text == NULL)
		return SOD_ENOMEM;
	env_derive(key, CTX_CASE, k);
	err = env_encrypt(a, k, CTX_CASE, text, strlen(text), &content);
	sodium_memzero(k, sizeof(k));
	free(text);
	if (err)
		goto out;
	tip_today(today);
	today_plus(CASE_FEEDBACK_DAYS, due);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		goto out;
	if ((err = store_case_insert(sys->store, first.rec.unit_id, content, today, due, id_out)) ||
	    (err = tip_seal_to_path(sys, a, first.rec.unit_id, key, put_case_key, *id_out)) ||
	    (err = tip_audit(sys, r->ses, "case.create", "case", *id_out, NULL)) ||
	    (err = store_case_event_insert(sys->store, *id_out, r->ses->account_id, "opened",
	                                   NULL, "new", NULL, today)))
		goto fail;
	for (size_t i = 0; i < ntips; i++)
		if ((err = store_case_tip_insert(sys->store, *id_out, tips[i])) ||
		    (err = store_tip_set_status(sys->store, tips[i], "in_case", today)))
			goto fail;
	if ((err = store_tx_commit(sys->store)) == SOD_OK)
		(void)webhook_emit(sys, first.rec.unit_id, "case.opened",
		                   json_pack("{s:I, s:I, s:s?}", "case_id", (json_int_t)*id_out,
		                             "tips", (json_int_t)ntips, "link",
		                             arena_printf(a, "/cases/%lld", (long long)*id_out)));
	goto out;
fail:
	store_tx_rollback(sys->store);
out:
	sodium_memzero(key, sizeof(key));
	return err;
}

static enum sod_err
case_key(struct sys *sys, struct arena *a, const struct tip_reader *r, int64_t id,
         unsigned char key[ENV_KEY_LEN])
{
	struct tip_key_rec *k;
	size_t n;
	enum sod_err err = store_case_keys(sys->store, a, id, &k, &n);

	return err ? err : tip_reader_unseal(r, k, n, key);
}

static bool
overdue(const struct case_rec *c)
{
	char today[11];

	tip_today(today);
	return strcmp(c->status, "closed") != 0 && strcmp(c->due_on, today) < 0;
}

static enum sod_err
fill(struct sys *sys, struct arena *a, const unsigned char key[ENV_KEY_LEN],
     struct case_view *v, bool full)
{
	unsigned char k[ENV_KEY_LEN];
	struct case_event_rec *e;
	size_t ne;
	char *text;
	json_t *o;
	enum sod_err err;

	env_derive(key, CTX_CASE, k);
	err = env_decrypt(a, k, CTX_CASE, v->rec.content, &text, NULL);
	sodium_memzero(k, sizeof(k));
	if (err)
		return err;
	o = json_loads(text, 0, NULL);
	v->title = arena_strdup(a, json_string_value(json_object_get(o, "title")) ?: "");
	json_decref(o);
	v->readable = true;
	if (!full)
		return SOD_OK;
	if ((err = store_case_tips(sys->store, a, v->rec.id, &v->tips, &v->ntips)) ||
	    (err = store_case_events(sys->store, a, v->rec.id, &e, &ne)) ||
	    (err = store_referrals(sys->store, a, v->rec.id, &v->referrals, &v->nreferrals)))
		return err;
	if ((v->events = arena_zalloc(a, (ne ? ne : 1) * sizeof(*v->events))) == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < ne; i++)
		v->events[i] = (struct case_event){e[i].kind, e[i].from_status, e[i].to_status,
		                                   open_note(a, key, e[i].note), e[i].on_day,
		                                   e[i].author};
	v->nevents = ne;
	for (size_t i = 0; i < v->nreferrals; i++) {
		v->referrals[i].note = (char *)open_note(a, key, v->referrals[i].note);
		v->referrals[i].outcome = (char *)open_note(a, key, v->referrals[i].outcome);
	}
	return SOD_OK;
}

enum sod_err
case_open(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
          struct case_view *out)
{
	unsigned char key[ENV_KEY_LEN];
	enum sod_err err;

	memset(out, 0, sizeof(*out));
	if ((err = store_case_get(sys->store, a, id, &out->rec)) ||
	    (err = may_work(sys, r, out->rec.unit_id)))
		return err;
	out->overdue = overdue(&out->rec);
	if (out->rec.purged_on[0] != '\0' || case_key(sys, a, r, id, key) != SOD_OK)
		return SOD_OK;
	err = fill(sys, a, key, out, true);
	sodium_memzero(key, sizeof(key));
	if (!err)
		err = tip_audit(sys, r->ses, "case.read", "case", id, NULL);
	return err;
}

enum sod_err
case_list(struct sys *sys, struct arena *a, struct tip_reader *r, const char *status,
          int64_t after, int64_t limit, struct case_view **items_out, size_t *n_out,
          int64_t *total_out, int64_t *next_out)
{
	struct case_view *out;
	struct case_rec *c;
	size_t nc;
	enum sod_err err;

	*items_out = NULL;
	*n_out = 0;
	*total_out = 0;
	*next_out = 0;
	if ((status != NULL && !in_list(case_statuses, status)) || after < 0 || limit < 0)
		return SOD_EINVAL;
	if (limit > INT64_MAX / 2)
		limit = INT64_MAX / 2;
	/* One more than the page: whether a next page exists. */
	if ((err = store_case_list(sys->store, a, r->ses->account_id, status,
	                           after > 0 ? after : INT64_MAX, limit + 1, &c, &nc)) ||
	    (err = store_case_count(sys->store, r->ses->account_id, status, NULL, total_out)))
		return err;
	if ((int64_t)nc > limit) {
		nc = (size_t)limit;
		*next_out = nc > 0 ? c[nc - 1].id : 0;
	}
	if ((out = arena_zalloc(a, (nc ? nc : 1) * sizeof(*out))) == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < nc; i++) {
		unsigned char key[ENV_KEY_LEN];

		out[i].rec = c[i];
		out[i].overdue = overdue(&c[i]);
		if (c[i].purged_on[0] == '\0' && case_key(sys, a, r, c[i].id, key) == SOD_OK) {
			err = fill(sys, a, key, &out[i], false);
			sodium_memzero(key, sizeof(key));
			if (err)
				return err;
		}
	}
	*items_out = out;
	*n_out = nc;
	return SOD_OK;
}

enum sod_err
case_transition(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
                const char *to, const char *note)
{
	unsigned char key[ENV_KEY_LEN];
	struct case_rec c;
	char today[11], *sealed;
	enum sod_err err;

	if (!in_list(case_statuses, to))
		return SOD_EINVAL;
	if ((err = store_case_get(sys->store, a, id, &c)) || (err = may_work(sys, r, c.unit_id)))
		return err;
	if (!case_transition_allowed(c.status, to))
		return SOD_ECONFLICT;
	if (strcmp(to, "closed") == 0 && (note == NULL || note[0] == '\0'))
		return SOD_EINVAL;  /* a case closes with its outcome */
	if ((err = case_key(sys, a, r, id, key)) != SOD_OK)
		return SOD_EPERM;
	err = seal_note(a, key, note, &sealed);
	sodium_memzero(key, sizeof(key));
	if (err)
		return err;
	tip_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_case_set_status(sys->store, id, to,
	                                 strcmp(to, "closed") == 0 ? "closed" : NULL, today)) ||
	    (err = store_case_event_insert(sys->store, id, r->ses->account_id, "transition",
	                                   c.status, to, sealed, today)) ||
	    (err = tip_audit(sys, r->ses, "case.transition", "case", id,
	                     arena_printf(a, "%s -> %s", c.status, to))) ||
	    (strcmp(to, "closed") == 0 && (err = keep_from(sys, id, c.unit_id, today, true)))) {
		store_tx_rollback(sys->store);
		return err;
	}
	if ((err = store_tx_commit(sys->store)) == SOD_OK && strcmp(to, "closed") == 0)
		(void)webhook_emit(sys, c.unit_id, "case.closed",
		                   json_pack("{s:I, s:s?}", "case_id", (json_int_t)id, "link",
		                             arena_printf(a, "/cases/%lld", (long long)id)));
	return err;
}

enum sod_err
case_assignable(struct sys *sys, struct arena *a, const struct tip_reader *r, int64_t id,
                int64_t max, struct account_rec **items_out, size_t *n_out)
{
	struct case_rec c;
	enum sod_err err;

	*n_out = 0;
	if ((err = store_case_get(sys->store, a, id, &c)) || (err = may_work(sys, r, c.unit_id)))
		return err;
	return store_case_assignable(sys->store, a, c.unit_id, max, items_out, n_out);
}

enum sod_err
case_assign(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
            const char *username)
{
	struct account_rec acc = {0};
	struct case_rec c;
	char today[11];
	enum sod_err err;

	if ((err = store_case_get(sys->store, a, id, &c)) || (err = may_work(sys, r, c.unit_id)))
		return err;
	if (c.purged_on[0] != '\0')
		return SOD_ECONFLICT;  /* destroyed: nothing left to work on */
	if (username != NULL && username[0] != '\0') {
		bool ok = false;

		if (text_check(username, strlen(username), 256, 64, false) != SOD_OK)
			return SOD_EINVAL;
		err = store_account_get_by_username(sys->store, a, username, &acc);
		if (err == SOD_ENOTFOUND || (!err && acc.disabled))
			return SOD_EINVAL;
		if (err || (err = store_grant_check(sys->store, acc.id, c.unit_id, "officer", &ok)) ||
		    (!ok && (err = store_grant_check(sys->store, acc.id, c.unit_id, "supervisor", &ok))))
			return err;
		if (!ok)
			return SOD_EINVAL;
	}
	if (acc.id == c.assignee_id)
		return SOD_OK;  /* nothing changes, nothing to record */
	tip_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_case_assign(sys->store, id, acc.id, today)) ||
	    (err = store_case_event_insert(sys->store, id, r->ses->account_id, "assigned",
	                                   c.assignee, acc.id ? acc.username : "", NULL, today)) ||
	    (err = tip_audit(sys, r->ses, "case.assign", "case", id,
	                     arena_printf(a, "%s -> %s", c.assignee, acc.id ? acc.username : "")))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
case_refer(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
           const char *agency, const char *letter_no, const char *sent_on,
           const char *note, struct verr *ve, int64_t *referral_out)
{
	unsigned char key[ENV_KEY_LEN];
	struct case_rec c;
	struct cdate d;
	char today[11], *sealed;
	enum sod_err err;

	if (!in_list(referral_agencies, agency)) {
		*ve = (struct verr){"agency", "error.field.agency"};
		return SOD_EINVAL;
	}
	if (letter_no == NULL || letter_no[0] == '\0' ||
	    text_check(letter_no, strlen(letter_no), 400, 100, false) != SOD_OK) {
		*ve = (struct verr){"letter_no", "error.field.required"};
		return SOD_EINVAL;
	}
	if (sent_on == NULL || !date_parse_iso(sent_on, strlen(sent_on), &d)) {
		*ve = (struct verr){"sent_on", "error.field.date"};
		return SOD_EINVAL;
	}
	if ((err = store_case_get(sys->store, a, id, &c)) || (err = may_work(sys, r, c.unit_id)))
		return err;
	if (strcmp(c.status, "closed") == 0)
		return SOD_ECONFLICT;
	if ((err = case_key(sys, a, r, id, key)) != SOD_OK)
		return SOD_EPERM;
	err = seal_note(a, key, note, &sealed);
	sodium_memzero(key, sizeof(key));
	if (err) {
		*ve = (struct verr){"note", "error.field.text"};
		return err;
	}
	tip_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	/* A referral moves an investigating case to "referred"; the history
	 * keeps the referral whatever the state. */
	if ((err = store_referral_insert(sys->store, id, agency, letter_no, sent_on, sealed,
	                                 today, referral_out)) ||
	    (err = store_case_event_insert(sys->store, id, r->ses->account_id, "referral",
	                                   NULL, NULL, NULL, today)) ||
	    (err = tip_audit(sys, r->ses, "case.referral", "case", id, agency)) ||
	    (case_transition_allowed(c.status, "referred") &&
	     ((err = store_case_set_status(sys->store, id, "referred", NULL, today)) ||
	      (err = store_case_event_insert(sys->store, id, r->ses->account_id, "transition",
	                                     c.status, "referred", NULL, today))))) {
		store_tx_rollback(sys->store);
		return err;
	}
	if ((err = store_tx_commit(sys->store)) == SOD_OK)
		(void)webhook_emit(sys, c.unit_id, "referral.sent",
		                   json_pack("{s:I, s:I, s:s, s:s, s:s?}", "case_id", (json_int_t)id,
		                             "referral_id", (json_int_t)*referral_out, "agency",
		                             agency, "sent_on", sent_on, "link",
		                             arena_printf(a, "/cases/%lld", (long long)id)));
	return err;
}

enum sod_err
case_referral_answer(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
                     int64_t referral, const char *answered_on, const char *outcome,
                     struct verr *ve)
{
	unsigned char key[ENV_KEY_LEN];
	struct case_rec c;
	struct cdate d;
	char today[11], *sealed;
	enum sod_err err;

	if (answered_on == NULL || !date_parse_iso(answered_on, strlen(answered_on), &d)) {
		*ve = (struct verr){"answered_on", "error.field.date"};
		return SOD_EINVAL;
	}
	if (outcome == NULL || outcome[0] == '\0') {
		*ve = (struct verr){"outcome", "error.field.required"};
		return SOD_EINVAL;
	}
	if ((err = store_case_get(sys->store, a, id, &c)) || (err = may_work(sys, r, c.unit_id)))
		return err;
	if ((err = case_key(sys, a, r, id, key)) != SOD_OK)
		return SOD_EPERM;
	err = seal_note(a, key, outcome, &sealed);
	sodium_memzero(key, sizeof(key));
	if (err) {
		*ve = (struct verr){"outcome", "error.field.text"};
		return err;
	}
	tip_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_referral_answer(sys->store, id, referral, answered_on, sealed)) ||
	    (err = store_case_event_insert(sys->store, id, r->ses->account_id, "referral_answer",
	                                   NULL, NULL, NULL, today)) ||
	    (err = tip_audit(sys, r->ses, "case.referral_answer", "case", id, NULL))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
case_extend(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
            const char *reason)
{
	unsigned char key[ENV_KEY_LEN];
	struct case_rec c;
	char today[11], *sealed;
	enum sod_err err;

	if (reason == NULL || utf8_count(reason, strlen(reason)) < 10)
		return SOD_EINVAL;
	if ((err = store_case_get(sys->store, a, id, &c)) || (err = may_work(sys, r, c.unit_id)))
		return err;
	if (strcmp(c.status, "closed") != 0)
		return SOD_ECONFLICT;
	if ((err = case_key(sys, a, r, id, key)) != SOD_OK)
		return SOD_EPERM;
	err = seal_note(a, key, reason, &sealed);
	sodium_memzero(key, sizeof(key));
	if (err)
		return err;
	tip_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = keep_from(sys, id, c.unit_id, today, false)) ||
	    (err = tip_audit(sys, r->ses, "case.keep", "case", id, NULL)) ||
	    (err = store_case_event_insert(sys->store, id, r->ses->account_id, "kept_longer",
	                                   NULL, NULL, sealed, today))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
case_note(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id, const char *note)
{
	unsigned char key[ENV_KEY_LEN];
	struct case_rec c;
	char today[11], *sealed;
	enum sod_err err;

	if (note == NULL || note[0] == '\0')
		return SOD_EINVAL;
	if ((err = store_case_get(sys->store, a, id, &c)) || (err = may_work(sys, r, c.unit_id)))
		return err;
	if ((err = case_key(sys, a, r, id, key)) != SOD_OK)
		return SOD_EPERM;
	err = seal_note(a, key, note, &sealed);
	sodium_memzero(key, sizeof(key));
	if (err)
		return err;
	tip_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_case_event_insert(sys->store, id, r->ses->account_id, "note", NULL, NULL,
	                                   sealed, today)) ||
	    (err = tip_audit(sys, r->ses, "case.note", "case", id, NULL))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
case_overdue_counts(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t *tips_out,
                    int64_t *cases_out)
{
	struct tip_filter f = {0};
	struct tip_view *tips;
	char before[11], today[11];
	int64_t next;
	size_t n;
	enum sod_err err;

	*tips_out = *cases_out = 0;
	tip_filter_overdue(&f, before);
	/* Counts only: nothing read or decrypted (limit 0). */
	if ((err = tip_list(sys, a, r, &f, NULL, 0, 0, 0, &tips, &n, tips_out, &next)) != SOD_OK)
		return err;
	tip_today(today);
	return store_case_count(sys->store, r->ses->account_id, NULL, today, cases_out);
}
