/*
 * monitor.c — points, checklists and rounds (monitor.h): what a point may
 * hold, who may keep it, how a round is planned and read. Visits and
 * findings are in monitor_visit.c. Locations are kept in millionths of a
 * degree (about 11 cm), as integers both engines store alike.
 */
#include "domain/monitor.h"

#include <math.h>
#include <string.h>

#include "domain/assign.h"
#include "domain/audit.h"
#include "domain/checklist.h"
#include "domain/geo.h"
#include "domain/network.h"
#include "domain/unit.h"
#include "text/date.h"
#include "text/utf8.h"

const char *const point_kinds[] = {"construction", "procurement", "service",
                                   "budget_project", "other", NULL};
const char *const point_statuses[] = {"active", "closed", NULL};
const char *const visit_statuses[] = {"ok", "concern", "suspect", NULL};

static bool
in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; s && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static bool
set(struct verr *ve, const char *field, const char *key)
{
	ve->field = field;
	ve->key = key;
	return false;
}

/* Optional text of at most max characters, one line unless multi. */
static bool
text_ok(const char *s, size_t min, size_t max, bool multi)
{
	size_t n;

	if (s == NULL)
		return min == 0;
	n = strlen(s);
	if (!utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && !(multi && (s[i] == '\n' || s[i] == '\r' ||
		                                               s[i] == '\t')))
			return false;
	n = utf8_count(s, n);
	return n >= min && n <= max;
}

static bool
code_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 40)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		      s[i] == '_'))
			return false;
	return true;
}

static bool
empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

enum sod_err
monitor_point_check(const struct point_input *in, bool create, struct verr *ve)
{
	bool ok = true;

	if (create && !code_ok(in->code))
		ok = set(ve, "code", "error.point.code");
	else if (!text_ok(in->name, 1, 200, false))
		ok = set(ve, "name", "error.field.required");
	else if (!text_ok(in->name_en, 0, 200, false))
		ok = set(ve, "name_en", "error.field.too_long");
	else if (!in_list(point_kinds, in->kind))
		ok = set(ve, "kind", "error.point.kind");
	else if (in->has_loc && (!isfinite(in->lat) || !isfinite(in->lon) || in->lat < -90 ||
	                         in->lat > 90 || in->lon < -180 || in->lon > 180))
		ok = set(ve, "lat", "error.point.location");
	else if (!empty(in->province) && geo_province(in->province, LANG_TH) == NULL)
		ok = set(ve, "province", "error.field.province_unknown");
	else if (!empty(in->district) &&
	         (empty(in->province) || !geo_district_in(in->district, in->province)))
		ok = set(ve, "district", "error.field.district_unknown");
	else if (!empty(in->subdistrict) &&
	         (empty(in->district) || strlen(in->subdistrict) != 6 ||
	          strncmp(in->subdistrict, in->district, 4) != 0))
		ok = set(ve, "subdistrict", "error.point.subdistrict");
	else if (!text_ok(in->agency, 0, 200, false))
		ok = set(ve, "agency", "error.field.too_long");
	else if (in->budget_baht < 0 || in->budget_baht > 1000000000000LL)
		ok = set(ve, "budget_baht", "error.point.budget");
	else if (!text_ok(in->project_ref, 0, 100, false))
		ok = set(ve, "project_ref", "error.field.too_long");
	else if (!text_ok(in->ocid, 0, 200, false))
		ok = set(ve, "ocid", "error.field.too_long");
	else if (!empty(in->status) && !in_list(point_statuses, in->status))
		ok = set(ve, "status", "error.point.status");
	return ok ? SOD_OK : SOD_EINVAL;
}

static void
point_from_input(const struct point_input *in, struct point_rec *p)
{
	p->name_th = in->name;
	p->name_en = in->name_en;
	p->kind = in->kind;
	p->agency = in->agency;
	p->budget_baht = in->budget_baht;
	p->project_ref = in->project_ref;
	p->ocid = in->ocid;
	p->province = in->province;
	p->district = in->district;
	p->subdistrict = in->subdistrict;
	p->status = empty(in->status) ? "active" : in->status;
	p->has_loc = in->has_loc;
	p->lat_e6 = in->has_loc ? llround(in->lat * 1e6) : 0;
	p->lon_e6 = in->has_loc ? llround(in->lon * 1e6) : 0;
}

static enum sod_err
may(struct sys *sys, const struct session *ses, int64_t unit, bool manage)
{
	bool ok = false;
	enum sod_err err = manage ? network_can_manage(sys, ses, unit, &ok)
	                          : network_can_view(sys, ses, unit, &ok);

	return err ? err : ok ? SOD_OK : SOD_EPERM;
}

static enum sod_err
audit(const struct session *ses, struct sys *sys, const char *action, const char *kind,
      int64_t id)
{
	char object[64];

	snprintf(object, sizeof(object), "%s:%lld", kind, (long long)id);
	return audit_append(sys, ses ? ses->account_id : 0, ses ? ses->username : "", action,
	                    object, "");
}

enum sod_err
monitor_point_create(struct sys *sys, struct arena *a, const struct session *ses,
                     int64_t unit, const struct point_input *in, struct verr *ve,
                     int64_t *id_out)
{
	struct point_rec p = {0};
	enum sod_err err;

	(void)a;
	if ((err = may(sys, ses, unit, true)) || (err = monitor_point_check(in, true, ve)))
		return err;
	point_from_input(in, &p);
	p.unit_id = unit;
	p.code = in->code;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_point_insert_full(sys->store, &p, id_out)) ||
	    (err = audit(ses, sys, "point.create", "point", *id_out))) {
		store_tx_rollback(sys->store);
		if (err == SOD_ECONFLICT)
			set(ve, "code", "error.point.code_taken");
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
monitor_point_update(struct sys *sys, struct arena *a, const struct session *ses,
                     const char *code, const struct point_input *in, struct verr *ve)
{
	struct point_rec p;
	enum sod_err err;

	if ((err = monitor_point_open(sys, a, ses, code, &p, NULL)) ||
	    (err = may(sys, ses, p.unit_id, true)) || (err = monitor_point_check(in, false, ve)))
		return err;
	point_from_input(in, &p);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_point_update(sys->store, &p)) ||
	    (err = audit(ses, sys, "point.update", "point", p.id))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
monitor_point_open(struct sys *sys, struct arena *a, const struct session *ses,
                   const char *code, struct point_rec *out, bool *manage_out)
{
	enum sod_err err;
	bool ok = false;

	if ((err = store_point_get_by_code(sys->store, a, code, out)))
		return err;
	if ((err = may(sys, ses, out->unit_id, false)) == SOD_EPERM) {
		/* A team sees the points a round gives it, wherever they are kept. */
		int64_t *teams;
		size_t n;

		if ((err = store_point_teams(sys->store, a, out->id, &teams, &n)))
			return err;
		err = SOD_EPERM;
		for (size_t i = 0; i < n && err == SOD_EPERM; i++)
			err = may(sys, ses, teams[i], false);
	}
	if (err)
		return err == SOD_EPERM ? SOD_ENOTFOUND : err;
	if (manage_out && (err = network_can_manage(sys, ses, out->unit_id, &ok)) == SOD_OK)
		*manage_out = ok;
	return err;
}

enum sod_err
monitor_points(struct sys *sys, struct arena *a, const struct session *ses, int64_t unit,
               const struct point_filter *f, int64_t limit, int64_t offset,
               struct point_rec **items_out, size_t *n_out, int64_t *total_out)
{
	enum sod_err err;

	*n_out = 0;
	*total_out = 0;
	if ((err = may(sys, ses, unit, false)))
		return err;
	if ((!empty(f->status) && !in_list(point_statuses, f->status)) ||
	    (!empty(f->kind) && !in_list(point_kinds, f->kind)))
		return SOD_EINVAL;
	if ((err = store_point_list_count(sys->store, unit, f, total_out)))
		return err;
	return store_point_list(sys->store, a, unit, f, limit, offset, items_out, n_out);
}

/* ---- checklists ------------------------------------------------------------------ */

enum sod_err
monitor_checklist_define(struct sys *sys, struct arena *a, const struct session *ses,
                         int64_t unit, const char *kind, const char *questions,
                         struct verr *ve, int64_t *id_out)
{
	enum sod_err err;

	if ((err = may(sys, ses, unit, true)))
		return err;
	if (!in_list(point_kinds, kind)) {
		set(ve, "kind", "error.point.kind");
		return SOD_EINVAL;
	}
	if ((err = checklist_check(a, questions, ve)))
		return err;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_checklist_insert(sys->store, unit, kind, questions, id_out)) ||
	    (err = audit(ses, sys, "checklist.define", "checklist", *id_out))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
monitor_checklist_for(struct sys *sys, struct arena *a, const struct point_rec *p,
                      struct checklist_rec *out)
{
	return store_checklist_current(sys->store, a, p->unit_id, p->kind, out);
}

/* ---- rounds ---------------------------------------------------------------------- */

int64_t
monitor_round_day(const char *starts_on, const char *on)
{
	struct cdate s, d;

	if (!date_parse_iso(starts_on, strlen(starts_on), &s) ||
	    !date_parse_iso(on, strlen(on), &d))
		return 0;
	if (date_to_unix(d) < date_to_unix(s))
		return 0;
	return (date_to_unix(d) - date_to_unix(s)) / 86400 + 1;
}

static enum sod_err
round_check(const struct round_input *in, int *days_out, struct verr *ve)
{
	struct cdate s, e;

	if (!text_ok(in->name, 1, 200, false)) {
		set(ve, "name", "error.field.required");
		return SOD_EINVAL;
	}
	if (empty(in->starts_on) || !date_parse_iso(in->starts_on, strlen(in->starts_on), &s)) {
		set(ve, "starts_on", "error.field.date");
		return SOD_EINVAL;
	}
	if (empty(in->ends_on) || !date_parse_iso(in->ends_on, strlen(in->ends_on), &e) ||
	    date_to_unix(e) < date_to_unix(s)) {
		set(ve, "ends_on", "error.field.date");
		return SOD_EINVAL;
	}
	*days_out = (int)((date_to_unix(e) - date_to_unix(s)) / 86400 + 1);
	if (*days_out > ROUND_MAX_DAYS) {
		set(ve, "ends_on", "error.round.too_long");
		return SOD_EINVAL;
	}
	return SOD_OK;
}

/* A unit of code inside unit's subtree, else SOD_EINVAL on field. */
static enum sod_err
unit_inside(struct sys *sys, struct arena *a, int64_t unit, const char *code,
            struct unit_rec *out, const char *field, struct verr *ve)
{
	bool in = false;
	enum sod_err err;

	if (empty(code) || (err = unit_get(sys, a, code, out, NULL)) == SOD_ENOTFOUND ||
	    (err == SOD_OK && (err = store_unit_is_within(sys->store, out->id, unit, &in)) == SOD_OK &&
	     !in)) {
		set(ve, field, "error.round.unit");
		return SOD_EINVAL;
	}
	return err;
}

static enum sod_err
round_by_hand(struct sys *sys, struct arena *a, int64_t unit, int64_t round,
              const struct round_input *in, int days, struct verr *ve)
{
	enum sod_err err;

	for (size_t i = 0; i < in->nassign; i++) {
		const struct round_assign_in *x = &in->assign[i];
		char *field = arena_printf(a, "assignments[%zu]", i);
		struct unit_rec team;
		struct point_rec p;
		bool within = false;

		if (field == NULL)
			return SOD_ENOMEM;
		if ((err = unit_inside(sys, a, unit, x->team, &team, field, ve)))
			return err;
		if (strcmp(team.kind, "team") != 0 || x->day < 1 || x->day > days) {
			set(ve, field, "error.round.assignment");
			return SOD_EINVAL;
		}
		err = empty(x->point) ? SOD_ENOTFOUND
		                      : store_point_get_by_code(sys->store, a, x->point, &p);
		if (err == SOD_OK)
			err = store_unit_is_within(sys->store, p.unit_id, unit, &within);
		if (err == SOD_ENOTFOUND || (err == SOD_OK && !within)) {
			set(ve, field, "error.round.point");
			return SOD_EINVAL;
		}
		if (err)
			return err;
		err = store_round_point_add(sys->store, round, p.id, team.id, x->day);
		if (err == SOD_ECONFLICT) {
			set(ve, field, "error.round.twice");
			return SOD_EINVAL;
		}
		if (err)
			return err;
	}
	return SOD_OK;
}

/* Each team's home: the centre of the located points it keeps. */
static void
team_homes(const struct point_rec *all, size_t nall, const int64_t *teams, size_t nt,
           struct assign_team *homes)
{
	for (size_t t = 0; t < nt; t++) {
		double slat = 0, slon = 0;
		size_t n = 0;

		for (size_t i = 0; i < nall; i++)
			if (all[i].unit_id == teams[t] && all[i].has_loc) {
				slat += all[i].lat_e6 / 1e6;
				slon += all[i].lon_e6 / 1e6;
				n++;
			}
		homes[t].has_home = n > 0;
		homes[t].lat = n ? slat / (double)n : 0;
		homes[t].lon = n ? slon / (double)n : 0;
	}
}

#define ROUND_MAX_POINTS 100000

static enum sod_err
round_auto(struct sys *sys, struct arena *a, int64_t unit, int64_t round,
           const struct round_input *in, int days, struct verr *ve)
{
	struct point_filter all_f = {.status = "active"}, pick_f = all_f;
	struct point_rec *all, *pick;
	size_t nall, npick, nt;
	int64_t *teams, from = unit;
	char **codes;
	struct assign_team *homes;
	struct assign_point *pts;
	struct assign_slot *slots;
	struct unit_rec pu;
	enum sod_err err;

	if (!empty(in->pick_unit)) {
		if ((err = unit_inside(sys, a, unit, in->pick_unit, &pu, "pick.unit", ve)))
			return err;
		from = pu.id;
	}
	if (!empty(in->pick_kind) && !in_list(point_kinds, in->pick_kind)) {
		set(ve, "pick.kind", "error.point.kind");
		return SOD_EINVAL;
	}
	pick_f.kind = in->pick_kind;
	pick_f.district = in->pick_district;
	if ((err = store_unit_teams(sys->store, a, unit, &teams, &codes, &nt)) ||
	    (err = store_point_list(sys->store, a, unit, &all_f, ROUND_MAX_POINTS, 0, &all,
	                            &nall)) ||
	    (err = store_point_list(sys->store, a, from, &pick_f, ROUND_MAX_POINTS, 0, &pick,
	                            &npick)))
		return err;
	if (nt == 0 || npick == 0) {
		set(ve, nt ? "pick" : "teams", nt ? "error.round.no_points" : "error.round.no_teams");
		return SOD_EINVAL;
	}
	homes = arena_alloc(a, nt * sizeof(*homes));
	pts = arena_alloc(a, npick * sizeof(*pts));
	slots = arena_alloc(a, npick * sizeof(*slots));
	if (!homes || !pts || !slots)
		return SOD_ENOMEM;
	team_homes(all, nall, teams, nt, homes);
	for (size_t i = 0; i < npick; i++) {
		pts[i].has_loc = pick[i].has_loc;
		pts[i].lat = pick[i].lat_e6 / 1e6;
		pts[i].lon = pick[i].lon_e6 / 1e6;
	}
	err = assign_plan(pts, npick, homes, nt, days, ROUND_PER_DAY, slots);
	if (err == SOD_ETOOBIG)
		set(ve, "pick", "error.round.no_room");
	for (size_t i = 0; i < npick && !err; i++)
		err = store_round_point_add(sys->store, round, pick[i].id, teams[slots[i].team],
		                            slots[i].day);
	return err;
}

enum sod_err
monitor_round_create(struct sys *sys, struct arena *a, const struct session *ses,
                     int64_t unit, const struct round_input *in, struct verr *ve,
                     int64_t *id_out)
{
	int days;
	enum sod_err err;

	if ((err = may(sys, ses, unit, true)) || (err = round_check(in, &days, ve)))
		return err;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	err = store_round_insert(sys->store, unit, in->name, in->starts_on, in->ends_on,
	                         ses ? ses->account_id : 0, id_out);
	if (!err)
		err = in->automatic ? round_auto(sys, a, unit, *id_out, in, days, ve)
		                    : round_by_hand(sys, a, unit, *id_out, in, days, ve);
	if (!err)
		err = audit(ses, sys, "round.create", "round", *id_out);
	if (err) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
monitor_round_open(struct sys *sys, struct arena *a, const struct session *ses, int64_t id,
                   struct round_rec *out, struct round_item **items, size_t *n,
                   bool *manage_out)
{
	enum sod_err err;

	if ((err = store_round_get(sys->store, a, id, out)))
		return err;
	if ((err = may(sys, ses, out->unit_id, false)))
		return err == SOD_EPERM ? SOD_ENOTFOUND : err;
	if (manage_out && (err = network_can_manage(sys, ses, out->unit_id, manage_out)))
		return err;
	return items ? store_round_assignments(sys->store, a, id, items, n) : SOD_OK;
}

enum sod_err
monitor_round_move(struct sys *sys, struct arena *a, const struct session *ses, int64_t round,
                   const char *point, const char *team, int64_t day, struct verr *ve)
{
	struct round_rec r;
	struct point_rec p;
	struct unit_rec t;
	int64_t old_team, old_day;
	bool manage = false;
	enum sod_err err;

	if ((err = monitor_round_open(sys, a, ses, round, &r, NULL, NULL, &manage)))
		return err;
	if (!manage)
		return SOD_EPERM;
	if (empty(point) || store_point_get_by_code(sys->store, a, point, &p) != SOD_OK ||
	    store_round_assignment_of(sys->store, round, p.id, &old_team, &old_day) != SOD_OK) {
		set(ve, "point", "error.round.point");
		return SOD_EINVAL;
	}
	if ((err = unit_inside(sys, a, r.unit_id, team, &t, "team", ve)))
		return err;
	if (strcmp(t.kind, "team") != 0 || day < 1 ||
	    day > monitor_round_day(r.starts_on, r.ends_on)) {
		set(ve, strcmp(t.kind, "team") != 0 ? "team" : "day", "error.round.assignment");
		return SOD_EINVAL;
	}
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_round_point_move(sys->store, round, p.id, t.id, day)) ||
	    (err = audit(ses, sys, "round.move", "round", round))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
monitor_rounds(struct sys *sys, struct arena *a, const struct session *ses, int64_t unit,
               struct round_rec **items, size_t *n)
{
	enum sod_err err;

	*n = 0;
	if ((err = may(sys, ses, unit, false)))
		return err;
	return store_round_list(sys->store, a, unit, items, n);
}

enum sod_err
monitor_today(struct sys *sys, struct arena *a, const struct session *ses, const char *today,
              struct today_item **items, size_t *n)
{
	struct today_item *all;
	size_t nall, k = 0;
	enum sod_err err;

	*n = 0;
	if ((err = store_round_today(sys->store, a, ses->account_id, today, &all, &nall)))
		return err;
	for (size_t i = 0; i < nall; i++)
		if (all[i].day == monitor_round_day(all[i].starts_on, today))
			all[k++] = all[i];
	*items = all;
	*n = k;
	return SOD_OK;
}
