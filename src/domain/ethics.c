/*
 * ethics.c — see ethics.h: versions of codes of conduct, their
 * acknowledgements, and pledge signatories, with their permission checks
 * and audit entries.
 */
#include "domain/ethics.h"

#include <stdio.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/results.h"
#include "text/date.h"
#include "text/utf8.h"
#include "util/clock.h"

void
ethics_today(char out[11])
{
	struct cdate d = date_of_unix(sod_now());

	snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

enum sod_err
ethics_can_manage(struct sys *sys, const struct session *ses, int64_t unit, bool *out)
{
	return results_can_record(sys, ses, unit, out);
}

/* A text field: required or not, at most max characters. */
static bool
text_ok(const char *s, size_t max, bool required, bool multiline)
{
	if (s == NULL || s[0] == '\0')
		return !required;
	return text_check(s, strlen(s), max * 4, max, multiline) == SOD_OK;
}

static const char *
text_key(const char *s)
{
	return s == NULL || s[0] == '\0' ? "error.field.required" : "error.field.text";
}

static enum sod_err
audit(struct sys *sys, const struct session *ses, const char *action, int64_t code,
      const char *detail)
{
	char object[40];

	snprintf(object, sizeof(object), "conduct:%lld", (long long)code);
	return audit_append(sys, ses->account_id, ses->username, action, object, detail);
}

enum sod_err
conduct_publish(struct sys *sys, const struct session *ses, int64_t unit, const char *title,
                const char *body_th, const char *body_en, struct verr *ve, int64_t *id_out)
{
	char today[11];
	bool ok = false;
	enum sod_err err;

	if ((err = ethics_can_manage(sys, ses, unit, &ok)) != SOD_OK)
		return err;
	if (!ok)
		return SOD_EPERM;
	if (!text_ok(title, CONDUCT_TITLE_MAX, true, false))
		*ve = (struct verr){"title", text_key(title)};
	else if (!text_ok(body_th, CONDUCT_BODY_MAX, true, true))
		*ve = (struct verr){"body_th", text_key(body_th)};
	else if (!text_ok(body_en, CONDUCT_BODY_MAX, false, true))
		*ve = (struct verr){"body_en", "error.field.text"};
	if (ve->field)
		return SOD_EINVAL;
	ethics_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_conduct_insert(sys->store, unit, title, body_th, body_en, today,
	                                ses->account_id, id_out)) ||
	    (err = audit(sys, ses, "conduct.publish", *id_out, "")) ||
	    (err = store_tx_commit(sys->store)))
		goto fail;
	return SOD_OK;
fail:
	store_tx_rollback(sys->store);
	return err;
}

/* code_id must be the version that holds for unit now. */
static enum sod_err
is_current(struct sys *sys, int64_t unit, int64_t code_id)
{
	struct arena *a = arena_new(1u << 16);
	struct conduct_rec c;
	enum sod_err err;

	if (a == NULL)
		return SOD_ENOMEM;
	err = store_conduct_applicable(sys->store, a, unit, &c);
	if (err == SOD_OK && c.id != code_id)
		err = SOD_ECONFLICT;
	arena_free(&a);
	return err;
}

static enum sod_err
may_manage(struct sys *sys, const struct session *ses, int64_t unit)
{
	bool ok = false;
	enum sod_err err = ethics_can_manage(sys, ses, unit, &ok);

	return err ? err : ok ? SOD_OK : SOD_EPERM;
}

enum sod_err
conduct_ack_people(struct sys *sys, const struct session *ses, int64_t unit,
                   int64_t code_id, const int64_t *people, size_t n, struct verr *ve)
{
	char today[11], detail[40];
	enum sod_err err;

	if ((err = may_manage(sys, ses, unit)) != SOD_OK)
		return err;
	if (n == 0 || n > CONDUCT_TICK_MAX) {
		*ve = (struct verr){"people", n == 0 ? "conduct.none_ticked" : "error.field.count"};
		return SOD_EINVAL;
	}
	ethics_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = is_current(sys, unit, code_id)) != SOD_OK)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		bool member = false;

		if ((err = store_person_in_subtree(sys->store, unit, people[i], &member)))
			goto fail;
		if (!member) {
			*ve = (struct verr){"people", "conduct.not_member"};
			err = SOD_EINVAL;
			goto fail;
		}
		if ((err = store_conduct_ack(sys->store, code_id, "person", people[i], today,
		                             ses->account_id)))
			goto fail;
	}
	snprintf(detail, sizeof(detail), "people=%zu", n);
	if ((err = audit(sys, ses, "conduct.ack", code_id, detail)) ||
	    (err = store_tx_commit(sys->store)))
		goto fail;
	return SOD_OK;
fail:
	store_tx_rollback(sys->store);
	return err;
}

enum sod_err
conduct_ack_all(struct sys *sys, const struct session *ses, int64_t unit, int64_t code_id,
                int64_t expected, int64_t *waiting_out, int64_t *added_out)
{
	struct conduct_counts c;
	char today[11], detail[40];
	enum sod_err err;

	*waiting_out = *added_out = 0;
	if ((err = may_manage(sys, ses, unit)) != SOD_OK)
		return err;
	ethics_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = is_current(sys, unit, code_id)) ||
	    (err = store_conduct_counts(sys->store, unit, code_id, &c)))
		goto fail;
	*waiting_out = c.people - c.people_acked;
	if (expected != *waiting_out) {
		err = SOD_ECONFLICT;
		goto fail;
	}
	snprintf(detail, sizeof(detail), "all_people=%lld", (long long)*waiting_out);
	if ((err = store_conduct_ack_all_people(sys->store, unit, code_id, today,
	                                        ses->account_id)) ||
	    (err = audit(sys, ses, "conduct.ack", code_id, detail)) ||
	    (err = store_tx_commit(sys->store)))
		goto fail;
	*added_out = *waiting_out;
	*waiting_out = 0;
	return SOD_OK;
fail:
	store_tx_rollback(sys->store);
	return err;
}

enum sod_err
conduct_ack_self(struct sys *sys, const struct session *ses, int64_t unit, int64_t code_id)
{
	char today[11];
	bool in = false;
	enum sod_err err;

	if ((err = store_account_in_subtree(sys->store, unit, ses->account_id, &in)))
		return err;
	if (!in)
		return SOD_EPERM;
	ethics_today(today);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = is_current(sys, unit, code_id)) ||
	    (err = store_conduct_ack(sys->store, code_id, "account", ses->account_id, today,
	                             ses->account_id)) ||
	    (err = audit(sys, ses, "conduct.ack", code_id, "self")) ||
	    (err = store_tx_commit(sys->store)))
		goto fail;
	return SOD_OK;
fail:
	store_tx_rollback(sys->store);
	return err;
}

enum sod_err
pledge_signer_add(struct sys *sys, struct arena *a, const struct session *ses,
                  int64_t activity, const char *organisation, const char *signer,
                  const char *position, struct verr *ve, int64_t *id_out)
{
	struct activity_rec act;
	char object[40];
	enum sod_err err;

	if ((err = store_activity_get(sys->store, a, activity, &act)) != SOD_OK)
		return err;
	if ((err = may_manage(sys, ses, act.unit_id)) != SOD_OK)
		return err;
	if (strcmp(act.kind, "pledge") != 0)
		*ve = (struct verr){"activity", "pledge.not_pledge"};
	else if (!text_ok(organisation, PLEDGE_TEXT_MAX, true, false))
		*ve = (struct verr){"organisation", text_key(organisation)};
	else if (!text_ok(signer, PLEDGE_TEXT_MAX, true, false))
		*ve = (struct verr){"signer", text_key(signer)};
	else if (!text_ok(position, PLEDGE_TEXT_MAX, false, false))
		*ve = (struct verr){"position", "error.field.text"};
	if (ve->field)
		return SOD_EINVAL;
	snprintf(object, sizeof(object), "activity:%lld", (long long)activity);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_pledge_signer_add(sys->store, activity, organisation, signer, position,
	                                   id_out)) ||
	    (err = audit_append(sys, ses->account_id, ses->username, "pledge.sign", object,
	                        "")) ||
	    (err = store_tx_commit(sys->store)))
		goto fail;
	return SOD_OK;
fail:
	store_tx_rollback(sys->store);
	return err;
}

/* ---- reading ------------------------------------------------------------------ */

enum sod_err
conduct_current(struct sys *sys, struct arena *a, int64_t unit, struct conduct_rec *out)
{
	return store_conduct_applicable(sys->store, a, unit, out);
}

enum sod_err
conduct_versions(struct sys *sys, struct arena *a, int64_t unit,
                 struct conduct_rec **items_out, size_t *n_out)
{
	return store_conduct_versions(sys->store, a, unit, items_out, n_out);
}

enum sod_err
conduct_get(struct sys *sys, struct arena *a, int64_t id, struct conduct_rec *out)
{
	return store_conduct_get(sys->store, a, id, out);
}

enum sod_err
conduct_status(struct sys *sys, struct arena *a, int64_t unit, int64_t code, int filter,
               int64_t limit, int64_t offset, struct conduct_who **items_out, size_t *n_out)
{
	return store_conduct_status(sys->store, a, unit, code, filter, limit, offset, items_out,
	                            n_out);
}

enum sod_err
conduct_counts(struct sys *sys, int64_t unit, int64_t code, struct conduct_counts *out)
{
	return store_conduct_counts(sys->store, unit, code, out);
}

enum sod_err
ethics_is_staff(struct sys *sys, int64_t unit, int64_t account, bool *out)
{
	return store_account_in_subtree(sys->store, unit, account, out);
}

enum sod_err
pledge_list(struct sys *sys, struct arena *a, int64_t unit, struct pledge_rec **items_out,
            size_t *n_out)
{
	return store_pledge_list(sys->store, a, unit, items_out, n_out);
}

enum sod_err
pledge_signers(struct sys *sys, struct arena *a, int64_t activity,
               struct signer_rec **items_out, size_t *n_out)
{
	return store_pledge_signers(sys->store, a, activity, items_out, n_out);
}

enum sod_err
pledge_signers_of_unit(struct sys *sys, struct arena *a, int64_t unit,
                       struct signer_rec **items_out, size_t *n_out)
{
	return store_pledge_signers_of_unit(sys->store, a, unit, items_out, n_out);
}

enum sod_err
pledge_unit_code(struct sys *sys, struct arena *a, int64_t activity, char **code_out)
{
	struct activity_rec act;
	struct unit_rec u;
	enum sod_err err;

	if ((err = store_activity_get(sys->store, a, activity, &act)) ||
	    (err = store_unit_get(sys->store, a, act.unit_id, &u)))
		return err;
	*code_out = u.code;
	return SOD_OK;
}
