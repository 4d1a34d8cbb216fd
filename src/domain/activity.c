/*
 * activity.c — recording what a unit did (domain/results.h): kind, day,
 * place, leader, and attendance three ways — members ticked, a pasted list
 * matched to the people of the unit's subtree, or head counts by sector for
 * events where names are not taken. A multiplier trainer's session names
 * the training that certified its leader, which gives the cascade.
 */
#include "domain/results.h"

#include <string.h>

#include "domain/geo.h"
#include "text/date.h"
#include "text/utf8.h"
#include "util/str.h"

const char *const activity_kinds[] = {
	"training", "talk", "leaflet", "broadcast", "online_media",
	"anti_corruption_day", "csr", "ethics", "pledge", "clinic_visit", "meeting",
	"other", NULL,
};

const char *const activity_sectors[] = {
	"government", "state_enterprise", "local_government", "civil_society",
	"business", "students", "citizens", NULL,
};

#define MAX_HEADS   10000000
#define MAX_NAMES   2000

bool
activity_kind_valid(const char *kind)
{
	for (size_t i = 0; kind != NULL && activity_kinds[i] != NULL; i++)
		if (strcmp(activity_kinds[i], kind) == 0)
			return true;
	return false;
}

static bool
empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

static enum sod_err
can(struct sys *sys, const struct session *ses, const enum role *roles, size_t n,
    int64_t unit, bool *out)
{
	enum sod_err err;

	*out = false;
	for (size_t i = 0; i < n && !*out; i++)
		if ((err = auth_can(sys, ses, roles[i], unit, out)) != SOD_OK)
			return err;
	return SOD_OK;
}

enum sod_err
results_can_record(struct sys *sys, const struct session *ses, int64_t unit, bool *out)
{
	static const enum role r[] = {ROLE_COORDINATOR, ROLE_SUPERVISOR};

	return can(sys, ses, r, 2, unit, out);
}

enum sod_err
results_can_publish(struct sys *sys, const struct session *ses, int64_t unit, bool *out)
{
	static const enum role r[] = {ROLE_SUPERVISOR};

	return can(sys, ses, r, 1, unit, out);
}

static bool
text_ok(const char *s, size_t max, bool required)
{
	if (empty(s))
		return !required;
	return text_check(s, strlen(s), max * 4, max, false) == SOD_OK;
}

/* The fields of the activity itself. */
static enum sod_err
check_fields(const struct activity_input *in, struct verr *ve)
{
	struct cdate d;

	if (!activity_kind_valid(in->kind))
		*ve = (struct verr){"kind", "error.field.activity_kind"};
	else if (!text_ok(in->title, 200, true))
		*ve = (struct verr){"title", empty(in->title) ? "error.field.required"
		                                              : "error.field.text"};
	else if (empty(in->held_on) || !date_parse_iso(in->held_on, strlen(in->held_on), &d))
		*ve = (struct verr){"held_on", "error.field.date"};
	else if (!empty(in->province) && geo_province(in->province, LANG_TH) == NULL)
		*ve = (struct verr){"province", "error.field.province_unknown"};
	else if (!empty(in->district) &&
	         (empty(in->province) || !geo_district_in(in->district, in->province)))
		*ve = (struct verr){"district", "error.field.district_unknown"};
	else if (!text_ok(in->outputs, 2000, false))
		*ve = (struct verr){"outputs", "error.field.text"};
	else if (!text_ok(in->note, 2000, false))
		*ve = (struct verr){"note", "error.field.text"};
	else if (in->audience > MAX_HEADS)
		*ve = (struct verr){"audience", "error.field.count"};
	else if (in->npeople > MAX_NAMES)
		*ve = (struct verr){"people", "error.field.count"};
	else if (!empty(in->names) && strlen(in->names) > 200000)
		*ve = (struct verr){"names", "error.field.text"};
	else
		for (int i = 0; i < SECTOR__MAX; i++)
			if (in->heads[i] < 0 || in->heads[i] > MAX_HEADS) {
				*ve = (struct verr){activity_sectors[i], "error.field.count"};
				return SOD_EINVAL;
			}
	return ve->field ? SOD_EINVAL : SOD_OK;
}

/* Match one pasted line: a person number, or "given family". */
static enum sod_err
match_line(struct sys *sys, struct arena *a, int64_t unit, struct slice line, int64_t *id)
{
	struct slice given;
	int64_t n;
	bool in;
	enum sod_err err;

	if (str_to_i64(line, 1, INT64_MAX, &n)) {
		if ((err = store_person_in_subtree(sys->store, unit, n, &in)) != SOD_OK)
			return err;
		*id = n;
		return in ? SOD_OK : SOD_ENOTFOUND;
	}
	if (!slice_cut(&line, ' ', &given))
		return SOD_ENOTFOUND;
	line = slice_trim(line);
	return store_person_match(sys->store, unit, arena_strndup(a, given.p, given.len),
	                          arena_strndup(a, line.p, line.len), id);
}

/* The people of the pasted list; unmatched lines collected. */
static enum sod_err
match_names(struct sys *sys, struct arena *a, int64_t unit, const char *names,
            int64_t **ids_out, size_t *n_out, char ***bad_out, size_t *nbad_out)
{
	struct slice rest = slice_from(names), line;
	enum sod_err err;

	/* At most MAX_NAMES lines: room for all of them up front. */
	*ids_out = arena_alloc(a, sizeof(**ids_out) * MAX_NAMES);
	*bad_out = arena_alloc(a, sizeof(**bad_out) * MAX_NAMES);
	if (*ids_out == NULL || *bad_out == NULL)
		return SOD_ENOMEM;

	while (rest.len > 0) {
		int64_t id = 0;

		if (!slice_cut(&rest, '\n', &line)) {
			line = rest;
			rest.len = 0;
		}
		line = slice_trim(line);
		if (line.len == 0)
			continue;
		if (*n_out + *nbad_out >= MAX_NAMES)
			return SOD_ETOOBIG;
		err = match_line(sys, a, unit, line, &id);
		if (err == SOD_OK) {
			(*ids_out)[(*n_out)++] = id;
		} else if (err == SOD_ENOTFOUND || err == SOD_ECONFLICT) {
			(*bad_out)[(*nbad_out)++] = arena_strndup(a, line.p, line.len);
		} else {
			return err;
		}
	}
	return SOD_OK;
}

/* The training must have certified the leader as a multiplier, before. */
static enum sod_err
check_training(struct sys *sys, struct arena *a, const struct activity_input *in,
               struct verr *ve)
{
	struct training_rec *t;
	size_t n;
	enum sod_err err;

	if (in->training_id == 0)
		return SOD_OK;
	if (in->leader_id == 0) {
		*ve = (struct verr){"leader", "error.field.required"};
		return SOD_EINVAL;
	}
	if ((err = store_training_history(sys->store, a, in->leader_id, &t, &n)) != SOD_OK)
		return err;
	for (size_t i = 0; i < n; i++)
		if (t[i].id == in->training_id && t[i].multiplier &&
		    strcmp(t[i].held_on, in->held_on) <= 0)
			return SOD_OK;
	*ve = (struct verr){"training", "error.field.training_not_multiplier"};
	return SOD_EINVAL;
}

static enum sod_err
check_people(struct sys *sys, int64_t unit, const int64_t *ids, size_t n, struct verr *ve)
{
	enum sod_err err;
	bool in;

	for (size_t i = 0; i < n; i++) {
		if ((err = store_person_in_subtree(sys->store, unit, ids[i], &in)) != SOD_OK)
			return err;
		if (!in) {
			*ve = (struct verr){"people", "error.field.person_unknown"};
			return SOD_EINVAL;
		}
	}
	return SOD_OK;
}

static enum sod_err
insert_all(struct sys *sys, struct activity_rec *r, const struct activity_input *in,
           const int64_t *named, size_t nnamed, int64_t *id_out)
{
	enum sod_err err;

	if ((err = store_activity_insert(sys->store, r, id_out)) != SOD_OK)
		return err;
	for (size_t i = 0; i < in->npeople; i++)
		if ((err = store_activity_person_add(sys->store, *id_out, in->people[i])))
			return err;
	for (size_t i = 0; i < nnamed; i++)
		if ((err = store_activity_person_add(sys->store, *id_out, named[i])))
			return err;
	for (int i = 0; i < SECTOR__MAX; i++)
		if (in->heads[i] > 0 &&
		    (err = store_activity_sector_add(sys->store, *id_out, activity_sectors[i],
		                                     in->heads[i])))
			return err;
	return SOD_OK;
}

enum sod_err
activity_record(struct sys *sys, struct arena *a, const struct session *ses, int64_t unit,
                const struct activity_input *in, struct verr *ve, int64_t *id_out,
                char ***unmatched_out, size_t *nunmatched_out)
{
	struct activity_rec r = {0};
	int64_t *named = NULL, heads = 0;
	char **bad = NULL;
	size_t nnamed = 0, nbad = 0;
	bool ok;
	enum sod_err err;

	*ve = (struct verr){0};
	*unmatched_out = NULL;
	*nunmatched_out = 0;
	if ((err = results_can_record(sys, ses, unit, &ok)) != SOD_OK)
		return err;
	if (!ok)
		return SOD_EPERM;
	if ((err = check_fields(in, ve)) || (err = check_training(sys, a, in, ve)) ||
	    (err = check_people(sys, unit, in->people, in->npeople, ve)))
		return err;
	if (in->leader_id > 0 && (err = check_people(sys, unit, &in->leader_id, 1, ve))) {
		if (err == SOD_EINVAL)
			ve->field = "leader";
		return err;
	}
	if (!empty(in->names)) {
		err = match_names(sys, a, unit, in->names, &named, &nnamed, &bad, &nbad);
		if (err == SOD_ETOOBIG) {
			*ve = (struct verr){"names", "error.field.count"};
			return SOD_EINVAL;
		}
		if (err)
			return err;
		if (nbad > 0) {
			*ve = (struct verr){"names", "error.field.names_unmatched"};
			*unmatched_out = bad;
			*nunmatched_out = nbad;
			return SOD_EINVAL;
		}
	}
	for (int i = 0; i < SECTOR__MAX; i++)
		heads += in->heads[i];
	r.unit_id = unit;
	r.kind = (char *)in->kind;
	r.title = (char *)in->title;
	r.held_on = (char *)in->held_on;
	r.province_code = empty(in->province) ? NULL : (char *)in->province;
	r.district_code = empty(in->district) ? NULL : (char *)in->district;
	r.leader_id = in->leader_id;
	r.training_id = in->training_id;
	/* Without a stated audience: everyone counted, by name or by head. */
	r.audience = in->audience >= 0 ? in->audience
	                               : (int64_t)(in->npeople + nnamed) + heads;
	r.outputs = (char *)in->outputs;
	r.note = (char *)in->note;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = insert_all(sys, &r, in, named, nnamed, id_out)) != SOD_OK) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}
