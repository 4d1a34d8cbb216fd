/*
 * clinic.c — the governance clinic (clinic.h): public requests with a
 * reference, the clinic officers' workflow, mobile clinic days, the
 * published questions, and the counts that KPIs and reminders read.
 *
 * Who asked is sealed with the server key (crypto/box.h, context
 * "clinic.requester"), not with the unit-key envelope of tips: clinic
 * officers need no tip key to do their work, and a clinic officer holding
 * the unit key could open the unit's tips — the clinic stays apart from
 * tips by holding no key to them. docs/clinic.md weighs this.
 */
#include "domain/clinic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "domain/audit.h"
#include "domain/geo.h"
#include "domain/unit.h"
#include "text/date.h"
#include "text/utf8.h"
#include "util/clock.h"
#include "util/log.h"

#define REQUESTER_CTX "clinic.requester"
#define REF_KEY_PURPOSE "clinic.reference"

const char *const clinic_topics[] = {"procurement", "conflict_of_interest", "budget_use",
                                     "regulations", "ethics", "other", NULL};
const char *const clinic_ways[] = {"on_site", "online", "phone", "mobile_clinic", NULL};
const char *const clinic_venues[] = {"office", "mobile", "online", "phone", NULL};
const char *const clinic_statuses[] = {"new", "scheduled", "answered", "closed", NULL};

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

bool
clinic_in(const char *const *list, const char *v)
{
	for (size_t i = 0; v != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], v) == 0)
			return true;
	return false;
}

static void
today_iso(char out[11])
{
	struct cdate d = date_of_unix(sod_now());

	snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

/* ---- the reference ------------------------------------------------------------- */

void
clinic_ref_format(const char raw[CLINIC_REF_CHARS], char out[CLINIC_REF_SHOWN])
{
	size_t k = 0;

	for (size_t i = 0; i < CLINIC_REF_CHARS; i++) {
		if (i > 0 && i % 4 == 0)
			out[k++] = '-';
		out[k++] = raw[i];
	}
	out[k] = '\0';
}

/* What a person typed back, as the 12 characters; false if it cannot be one. */
static bool
ref_normalise(const char *typed, char raw[CLINIC_REF_CHARS + 1])
{
	size_t k = 0;

	for (const char *p = typed; p != NULL && *p; p++) {
		char c = *p;

		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		if (strchr(crockford, c) == NULL || c == '\0' || k == CLINIC_REF_CHARS)
			return false;
		raw[k++] = c;
	}
	raw[k] = '\0';
	return k == CLINIC_REF_CHARS;
}

/* The keyed hash the database keeps (hex): BLAKE2b-256 under a subkey of
 * the server key, so that a copy of the database alone cannot test
 * references offline. */
static void
ref_hash(struct sys *sys, const char raw[CLINIC_REF_CHARS], char hex[65])
{
	unsigned char key[32], h[32];

	box_subkey(sys->box, REF_KEY_PURPOSE, key);
	crypto_generichash(h, sizeof(h), (const unsigned char *)raw, CLINIC_REF_CHARS, key,
	                   sizeof(key));
	sodium_bin2hex(hex, 65, h, sizeof(h));
	sodium_memzero(key, sizeof(key));
}

static void
ref_new(char raw[CLINIC_REF_CHARS])
{
	unsigned char r[CLINIC_REF_CHARS];

	randombytes_buf(r, sizeof(r));
	for (size_t i = 0; i < CLINIC_REF_CHARS; i++)
		raw[i] = crockford[r[i] & 31];
	sodium_memzero(r, sizeof(r));
}

/* ---- filing ----------------------------------------------------------------------- */

static void
add_err(struct verr ve[CLINIC_MAX_ERRORS], size_t *nve, const char *field, const char *key)
{
	if (*nve < CLINIC_MAX_ERRORS)
		ve[(*nve)++] = (struct verr){field, key};
}

/* A text field: required or not, at most max characters. */
static void
check_text(struct verr ve[CLINIC_MAX_ERRORS], size_t *nve, const char *field, const char *v,
           bool required, size_t max, bool multiline)
{
	enum sod_err err;

	if (v == NULL || v[0] == '\0') {
		if (required)
			add_err(ve, nve, field, "error.field.required");
		return;
	}
	err = text_check(v, strlen(v), max * 4, max, multiline);
	if (err == SOD_ETOOBIG)
		add_err(ve, nve, field, "error.field.too_long");
	else if (err != SOD_OK)
		add_err(ve, nve, field, "error.field.text");
}

static void
check_choice(struct verr ve[CLINIC_MAX_ERRORS], size_t *nve, const char *field,
             const char *const *list, const char *v)
{
	if (v == NULL || v[0] == '\0')
		add_err(ve, nve, field, "error.field.required");
	else if (!clinic_in(list, v))
		add_err(ve, nve, field, "error.field.choice");
}

/* Check everything; the clinic's unit in *unit_out. */
static enum sod_err
request_check(struct sys *sys, struct arena *a, const struct clinic_request *in,
              struct verr ve[CLINIC_MAX_ERRORS], size_t *nve, struct unit_rec *unit_out)
{
	bool open = false;
	enum sod_err err;

	*nve = 0;
	if (in->unit_code == NULL || in->unit_code[0] == '\0') {
		add_err(ve, nve, "to", "error.field.required");
	} else if ((err = unit_get(sys, a, in->unit_code, unit_out, NULL)) == SOD_ENOTFOUND ||
	           (!err && (err = store_clinic_is_open(sys->store, unit_out->id, &open)) == SOD_OK &&
	            !open)) {
		add_err(ve, nve, "to", "error.clinic.no_clinic");
	} else if (err) {
		return err;
	}
	check_text(ve, nve, "agency", in->agency, true, CLINIC_AGENCY_MAX, false);
	check_text(ve, nve, "contact", in->contact, true, CLINIC_CONTACT_MAX, false);
	check_choice(ve, nve, "topic", clinic_topics, in->topic);
	check_text(ve, nve, "question", in->question, true, CLINIC_QUESTION_MAX, true);
	check_choice(ve, nve, "way", clinic_ways, in->way);
	if (in->district != NULL && in->district[0] != '\0' &&
	    geo_district(in->district, LANG_TH) == NULL)
		add_err(ve, nve, "district", "error.field.district");
	return *nve ? SOD_EINVAL : SOD_OK;
}

static enum sod_err
seal_requester(struct sys *sys, struct arena *a, const struct clinic_request *in, char **out)
{
	json_t *o = json_pack("{s:s, s:s}", "agency", in->agency, "contact", in->contact);
	char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
	enum sod_err err;

	json_decref(o);
	if (text == NULL)
		return SOD_ENOMEM;
	err = box_seal(sys->box, a, REQUESTER_CTX, text, strlen(text), out);
	sodium_memzero(text, strlen(text));
	free(text);
	return err;
}

static enum sod_err
submit(struct sys *sys, struct arena *a, const struct clinic_request *in,
       const char *received_on, const char raw[CLINIC_REF_CHARS],
       struct verr ve[CLINIC_MAX_ERRORS], size_t *nve, int64_t *id_out)
{
	struct unit_rec u;
	struct consultation_rec c = {0};
	char hash[65];
	enum sod_err err;

	if ((err = request_check(sys, a, in, ve, nve, &u)) != SOD_OK)
		return err;
	if ((err = seal_requester(sys, a, in, &c.requester)) != SOD_OK)
		return err;
	c.unit_id = u.id;
	c.topic = (char *)in->topic;
	c.question = (char *)in->question;
	c.way = (char *)in->way;
	c.district_code = in->district && in->district[0] ? (char *)in->district : NULL;
	c.received_on = (char *)received_on;
	ref_hash(sys, raw, hash);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	err = store_consult_insert(sys->store, &c, hash, id_out);
	if (err) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
clinic_submit_with_ref(struct sys *sys, struct arena *a, const struct clinic_request *in,
                       const char *received_on, const char raw_ref[CLINIC_REF_CHARS],
                       struct verr ve[CLINIC_MAX_ERRORS], size_t *nve, int64_t *id_out)
{
	return submit(sys, a, in, received_on, raw_ref, ve, nve, id_out);
}

enum sod_err
clinic_submit(struct sys *sys, struct arena *a, const struct clinic_request *in,
              struct verr ve[CLINIC_MAX_ERRORS], size_t *nve, char ref_out[CLINIC_REF_SHOWN])
{
	char raw[CLINIC_REF_CHARS], today[11];
	int64_t id;
	enum sod_err err;

	today_iso(today);
	/* 60 random bits: a collision is a conflict on the hash; try again. */
	for (int attempt = 0; attempt < 3; attempt++) {
		ref_new(raw);
		err = submit(sys, a, in, today, raw, ve, nve, &id);
		if (err != SOD_ECONFLICT)
			break;
	}
	if (!err)
		clinic_ref_format(raw, ref_out);
	sodium_memzero(raw, sizeof(raw));
	return err;
}

enum sod_err
clinic_answer(struct sys *sys, struct arena *a, const char *typed, struct consultation_rec *out)
{
	char raw[CLINIC_REF_CHARS + 1], hash[65], again[65];
	enum sod_err err;

	if (!ref_normalise(typed, raw))
		return SOD_EAUTH;
	ref_hash(sys, raw, hash);
	err = store_consult_by_ref(sys->store, a, hash, out);
	if (err == SOD_ENOTFOUND)
		return SOD_EAUTH;
	if (err)
		return err;
	/* The row was found by its hash; compare again in constant time so
	 * that no answer depends on how much of a guess was right. */
	ref_hash(sys, raw, again);
	sodium_memzero(raw, sizeof(raw));
	if (sodium_memcmp(hash, again, 64) != 0)
		return SOD_EAUTH;
	out->requester = NULL;
	return SOD_OK;
}

/* ---- clinic officers ---------------------------------------------------------------- */

enum sod_err
clinic_can(struct sys *sys, const struct session *ses, int64_t unit, bool *out)
{
	return auth_can(sys, ses, ROLE_CLINIC, unit, out);
}

static enum sod_err
audit(struct sys *sys, const struct session *ses, const char *action, int64_t id,
      const char *detail)
{
	char obj[48];

	snprintf(obj, sizeof(obj), "consultation:%lld", (long long)id);
	return audit_append(sys, ses->account_id, ses->username, action, obj, detail);
}

enum sod_err
clinic_open(struct sys *sys, const struct session *ses, const char *unit_code)
{
	struct arena *a = arena_new(16384);
	struct unit_rec u;
	bool ok = false, ok2 = false;
	enum sod_err err;
	char obj[96];

	if (a == NULL)
		return SOD_ENOMEM;
	if ((err = unit_get(sys, a, unit_code, &u, NULL)) ||
	    (err = auth_can(sys, ses, ROLE_SUPERVISOR, u.id, &ok)) ||
	    (err = auth_can(sys, ses, ROLE_ADMIN, u.id, &ok2)))
		goto out;
	if (!ok && !ok2) {
		err = SOD_EPERM;
		goto out;
	}
	if ((err = store_clinic_open(sys->store, u.id, sod_now())) != SOD_OK)
		goto out;
	snprintf(obj, sizeof(obj), "unit:%s", u.code);
	err = audit_append(sys, ses->account_id, ses->username, "clinic.open", obj, "");
out:
	arena_free(&a);
	return err;
}

enum sod_err
clinic_units(struct sys *sys, struct arena *a, struct unit_rec **items_out, size_t *n_out)
{
	int64_t *ids;
	size_t n;
	struct unit_rec *items;
	enum sod_err err;

	*items_out = NULL;
	*n_out = 0;
	if ((err = store_clinic_units(sys->store, a, &ids, &n)) != SOD_OK)
		return err;
	if (n == 0)
		return SOD_OK;
	if ((items = arena_zalloc(a, n * sizeof(*items))) == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < n; i++)
		if ((err = store_unit_get(sys->store, a, ids[i], &items[i])) != SOD_OK)
			return err;
	*items_out = items;
	*n_out = n;
	return SOD_OK;
}

/* The unit of code for a clinic officer of it. */
static enum sod_err
officer_unit(struct sys *sys, struct arena *a, const struct session *ses, const char *code,
             struct unit_rec *u)
{
	bool ok = false;
	enum sod_err err;

	if ((err = unit_get(sys, a, code, u, NULL)) ||
	    (err = clinic_can(sys, ses, u->id, &ok)))
		return err;
	return ok ? SOD_OK : SOD_EPERM;
}

enum sod_err
clinic_list(struct sys *sys, struct arena *a, const struct session *ses, const char *unit_code,
            const char *status, const char *topic, const char *way, int64_t limit,
            int64_t offset, struct verr *ve, struct consultation_rec **items_out,
            size_t *n_out, int64_t *total_out)
{
	struct unit_rec u;
	enum sod_err err;

	if ((err = officer_unit(sys, a, ses, unit_code, &u)) != SOD_OK)
		return err;
	if (status && status[0] && !clinic_in(clinic_statuses, status))
		*ve = (struct verr){"status", "error.field.choice"};
	else if (topic && topic[0] && !clinic_in(clinic_topics, topic))
		*ve = (struct verr){"topic", "error.field.choice"};
	else if (way && way[0] && !clinic_in(clinic_ways, way))
		*ve = (struct verr){"way", "error.field.choice"};
	else
		return store_consult_list(sys->store, a, u.id, status, topic, way, limit, offset,
		                          items_out, n_out, total_out);
	return SOD_EINVAL;
}

/* The consultation of id for a clinic officer of its line (else ENOTFOUND). */
static enum sod_err
officer_consult(struct sys *sys, struct arena *a, const struct session *ses, int64_t id,
                struct consultation_rec *c)
{
	bool ok = false;
	enum sod_err err;

	if ((err = store_consult_get(sys->store, a, id, c)) ||
	    (err = clinic_can(sys, ses, c->unit_id, &ok)))
		return err;
	return ok ? SOD_OK : SOD_ENOTFOUND;
}

enum sod_err
clinic_get(struct sys *sys, struct arena *a, const struct session *ses, int64_t id,
           struct consultation_rec *out, char **agency_out, char **contact_out)
{
	char *plain = NULL;
	size_t n = 0;
	json_t *o;
	enum sod_err err;

	if ((err = officer_consult(sys, a, ses, id, out)) != SOD_OK)
		return err;
	/* Audited before it is opened: no read of who asked goes unrecorded. */
	if ((err = audit(sys, ses, "consultation.requester_read", id, "")) ||
	    (err = box_open_sealed(sys->box, a, REQUESTER_CTX, out->requester, &plain, &n)))
		return err;
	o = json_loadb(plain, n, 0, NULL);
	*agency_out = arena_strdup(a, o ? json_string_value(json_object_get(o, "agency")) ?: "" : "");
	*contact_out = arena_strdup(a, o ? json_string_value(json_object_get(o, "contact")) ?: "" : "");
	json_decref(o);
	out->requester = NULL;
	return *agency_out && *contact_out ? SOD_OK : SOD_ENOMEM;
}

/* Load, check, change (fn), write back and audit, in one transaction. */
static enum sod_err
change(struct sys *sys, struct arena *a, const struct session *ses, int64_t id,
       const char *action, enum sod_err (*fn)(struct consultation_rec *c, const void *arg,
                                              struct verr *ve),
       const void *arg, struct verr *ve)
{
	struct consultation_rec c;
	enum sod_err err;

	if ((err = officer_consult(sys, a, ses, id, &c)) != SOD_OK)
		return err;
	if (strcmp(c.status, "closed") == 0)
		return SOD_ECONFLICT;
	if ((err = fn(&c, arg, ve)) != SOD_OK)
		return err;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_consult_update(sys->store, &c)) ||
	    (err = audit(sys, ses, action, id, c.status))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

struct schedule_arg {
	const char *on, *venue;
	struct clinic_day_rec *day;   /* NULL: not a mobile clinic day */
	char *today;
};

static enum sod_err
do_schedule(struct consultation_rec *c, const void *arg, struct verr *ve)
{
	const struct schedule_arg *s = arg;
	struct cdate d;

	if (s->day != NULL) {
		if (s->day->unit_id != c->unit_id) {
			*ve = (struct verr){"day", "error.clinic.day_other"};
			return SOD_EINVAL;
		}
		c->scheduled_on = s->day->day;
		c->venue = "mobile";
		c->day_id = s->day->id;
	} else {
		if (s->on == NULL || !date_parse_iso(s->on, strlen(s->on), &d)) {
			*ve = (struct verr){"on", s->on && s->on[0] ? "error.field.date"
			                                            : "error.field.required"};
			return SOD_EINVAL;
		}
		if (!clinic_in(clinic_venues, s->venue) || strcmp(s->venue, "mobile") == 0) {
			*ve = (struct verr){"venue", "error.field.choice"};
			return SOD_EINVAL;
		}
		c->scheduled_on = (char *)s->on;
		c->venue = (char *)s->venue;
		c->day_id = 0;
	}
	if (strcmp(c->status, "new") == 0)
		c->status = "scheduled";
	return SOD_OK;
}

enum sod_err
clinic_schedule(struct sys *sys, struct arena *a, const struct session *ses, int64_t id,
                const char *on, const char *venue, int64_t day_id, struct verr *ve)
{
	struct clinic_day_rec day;
	struct schedule_arg s = {on, venue, NULL, NULL};
	enum sod_err err;

	if (day_id > 0) {
		err = store_clinic_day_get(sys->store, a, day_id, &day);
		if (err == SOD_ENOTFOUND) {
			*ve = (struct verr){"day", "error.clinic.day_other"};
			return SOD_EINVAL;
		}
		if (err)
			return err;
		s.day = &day;
	}
	return change(sys, a, ses, id, "consultation.schedule", do_schedule, &s, ve);
}

struct advice_arg {
	const char *advice, *documents;
	char today[11];
};

static enum sod_err
do_advise(struct consultation_rec *c, const void *arg, struct verr *ve)
{
	const struct advice_arg *x = arg;
	enum sod_err err;

	if (x->advice == NULL || x->advice[0] == '\0') {
		*ve = (struct verr){"advice", "error.field.required"};
		return SOD_EINVAL;
	}
	err = text_check(x->advice, strlen(x->advice), 0, CLINIC_ADVICE_MAX, true);
	if (err) {
		*ve = (struct verr){"advice", err == SOD_ETOOBIG ? "error.field.too_long"
		                                                 : "error.field.text"};
		return SOD_EINVAL;
	}
	err = text_check(x->documents ? x->documents : "", x->documents ? strlen(x->documents) : 0,
	                 0, CLINIC_DOCS_MAX, true);
	if (err) {
		*ve = (struct verr){"documents", err == SOD_ETOOBIG ? "error.field.too_long"
		                                                    : "error.field.text"};
		return SOD_EINVAL;
	}
	c->advice = (char *)x->advice;
	c->documents = (char *)(x->documents ? x->documents : "");
	c->answered_on = (char *)x->today;
	c->status = "answered";
	return SOD_OK;
}

enum sod_err
clinic_advise(struct sys *sys, struct arena *a, const struct session *ses, int64_t id,
              const char *advice, const char *documents, struct verr *ve)
{
	struct advice_arg x = {advice, documents, ""};

	today_iso(x.today);
	return change(sys, a, ses, id, "consultation.advise", do_advise, &x, ve);
}

static enum sod_err
do_follow_up(struct consultation_rec *c, const void *arg, struct verr *ve)
{
	const char *note = arg;
	enum sod_err err;

	if (note == NULL || note[0] == '\0') {
		*ve = (struct verr){"note", "error.field.required"};
		return SOD_EINVAL;
	}
	if ((err = text_check(note, strlen(note), 0, CLINIC_DOCS_MAX, true)) != SOD_OK) {
		*ve = (struct verr){"note", err == SOD_ETOOBIG ? "error.field.too_long"
		                                               : "error.field.text"};
		return SOD_EINVAL;
	}
	c->follow_up = (char *)note;
	return SOD_OK;
}

enum sod_err
clinic_follow_up(struct sys *sys, struct arena *a, const struct session *ses, int64_t id,
                 const char *note, struct verr *ve)
{
	return change(sys, a, ses, id, "consultation.follow_up", do_follow_up, note, ve);
}

static enum sod_err
do_close(struct consultation_rec *c, const void *arg, struct verr *ve)
{
	(void)ve;
	c->closed_on = (char *)arg;
	c->status = "closed";
	return SOD_OK;
}

enum sod_err
clinic_close(struct sys *sys, struct arena *a, const struct session *ses, int64_t id)
{
	char today[11];
	struct verr ve;

	today_iso(today);
	return change(sys, a, ses, id, "consultation.close", do_close, today, &ve);
}

/* ---- mobile clinic days ------------------------------------------------------------ */

/* Check that each consultation may go on a day of unit u in district. */
static enum sod_err
day_members_ok(struct sys *sys, struct arena *a, const struct unit_rec *u, const char *district,
               const int64_t *ids, size_t n, struct consultation_rec *cs, struct verr *ve)
{
	for (size_t i = 0; i < n; i++) {
		enum sod_err err = store_consult_get(sys->store, a, ids[i], &cs[i]);

		if (err == SOD_ENOTFOUND || (!err && (cs[i].unit_id != u->id ||
		    strcmp(cs[i].status, "closed") == 0 ||
		    (cs[i].district_code && strcmp(cs[i].district_code, district) != 0)))) {
			*ve = (struct verr){"consultations", "error.clinic.day_member"};
			return SOD_EINVAL;
		}
		if (err)
			return err;
	}
	return SOD_OK;
}

enum sod_err
clinic_day_create(struct sys *sys, struct arena *a, const struct session *ses,
                  const char *unit_code, const char *day, const char *district,
                  const char *place, const int64_t *ids, size_t n, struct verr *ve,
                  int64_t *id_out)
{
	struct unit_rec u;
	struct clinic_day_rec d = {0};
	struct consultation_rec *cs;
	struct cdate cd;
	enum sod_err err;

	if ((err = officer_unit(sys, a, ses, unit_code, &u)) != SOD_OK)
		return err;
	if (day == NULL || !date_parse_iso(day, strlen(day), &cd)) {
		*ve = (struct verr){"day", day && day[0] ? "error.field.date" : "error.field.required"};
		return SOD_EINVAL;
	}
	if (district == NULL || geo_district(district, LANG_TH) == NULL) {
		*ve = (struct verr){"district", district && district[0] ? "error.field.district"
		                                                        : "error.field.required"};
		return SOD_EINVAL;
	}
	if (place && text_check(place, strlen(place), 0, CLINIC_PLACE_MAX, false) != SOD_OK) {
		*ve = (struct verr){"place", "error.field.text"};
		return SOD_EINVAL;
	}
	if (n > 200 || (cs = arena_zalloc(a, (n ? n : 1) * sizeof(*cs))) == NULL) {
		*ve = (struct verr){"consultations", "error.field.too_long"};
		return n > 200 ? SOD_EINVAL : SOD_ENOMEM;
	}
	if ((err = day_members_ok(sys, a, &u, district, ids, n, cs, ve)) != SOD_OK)
		return err;
	d = (struct clinic_day_rec){.unit_id = u.id, .day = (char *)day,
	                            .district_code = (char *)district, .place = (char *)place};
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	err = store_clinic_day_insert(sys->store, &d, id_out);
	for (size_t i = 0; !err && i < n; i++) {
		cs[i].scheduled_on = (char *)day;
		cs[i].venue = "mobile";
		cs[i].day_id = *id_out;
		if (strcmp(cs[i].status, "new") == 0)
			cs[i].status = "scheduled";
		if (!(err = store_consult_update(sys->store, &cs[i])))
			err = audit(sys, ses, "consultation.schedule", cs[i].id, "mobile");
	}
	if (!err) {
		char obj[48];

		snprintf(obj, sizeof(obj), "clinic_day:%lld", (long long)*id_out);
		err = audit_append(sys, ses->account_id, ses->username, "clinic_day.create", obj,
		                   district);
	}
	if (err) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
clinic_days(struct sys *sys, struct arena *a, const struct session *ses, const char *unit_code,
            struct clinic_day_rec **items_out, size_t *n_out)
{
	struct unit_rec u;
	enum sod_err err;

	if ((err = officer_unit(sys, a, ses, unit_code, &u)) != SOD_OK)
		return err;
	return store_clinic_day_list(sys->store, a, u.id, items_out, n_out);
}

/* ---- published questions ------------------------------------------------------------ */

enum sod_err
clinic_faq_add(struct sys *sys, struct arena *a, const struct session *ses,
               const char *unit_code, const char *topic, const char *question,
               const char *answer, struct verr *ve, int64_t *id_out)
{
	struct unit_rec u;
	struct verr errs[CLINIC_MAX_ERRORS];
	size_t n = 0;
	char today[11], obj[48];
	struct faq_rec f;
	enum sod_err err;

	if ((err = officer_unit(sys, a, ses, unit_code, &u)) != SOD_OK)
		return err;
	check_choice(errs, &n, "topic", clinic_topics, topic);
	check_text(errs, &n, "question", question, true, CLINIC_QUESTION_MAX, true);
	check_text(errs, &n, "answer", answer, true, CLINIC_ADVICE_MAX, true);
	if (n > 0) {
		*ve = errs[0];
		return SOD_EINVAL;
	}
	today_iso(today);
	f = (struct faq_rec){.unit_id = u.id, .topic = (char *)topic, .question = (char *)question,
	                     .answer = (char *)answer, .published_on = today};
	if ((err = store_faq_insert(sys->store, &f, ses->account_id, id_out)) != SOD_OK)
		return err;
	snprintf(obj, sizeof(obj), "clinic_faq:%lld", (long long)*id_out);
	return audit_append(sys, ses->account_id, ses->username, "clinic_faq.publish", obj, u.code);
}

enum sod_err
clinic_faq(struct sys *sys, struct arena *a, const char *unit_code, struct unit_rec *unit_out,
           struct faq_rec **items_out, size_t *n_out)
{
	bool open = false;
	enum sod_err err;

	if ((err = unit_get(sys, a, unit_code, unit_out, NULL)) ||
	    (err = store_clinic_is_open(sys->store, unit_out->id, &open)))
		return err;
	if (!open)
		return SOD_ENOTFOUND;
	return store_faq_list(sys->store, a, unit_out->id, items_out, n_out);
}

/* ---- counts ------------------------------------------------------------------------ */

enum sod_err
clinic_count_consultations(struct sys *sys, int64_t unit_id, const char *from_day,
                           const char *to_day, int64_t *out)
{
	return store_consult_count_range(sys->store, unit_id, from_day, to_day, out);
}

enum sod_err
clinic_unscheduled_overdue(struct sys *sys, struct arena *a, int64_t **units_out,
                           int64_t **counts_out, size_t *n_out)
{
	struct cdate d = date_of_unix(sod_now() - (int64_t)CLINIC_UNSCHEDULED_DAYS * 86400);
	char before[11];

	snprintf(before, sizeof(before), "%04d-%02d-%02d", d.year, d.month, d.day);
	return store_consult_unscheduled(sys->store, a, before, units_out, counts_out, n_out);
}
