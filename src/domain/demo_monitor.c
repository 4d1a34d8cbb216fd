/*
 * demo_monitor.c — the demo's monitoring in the field (CONTRACT.md "Demo
 * data"): kkn-net's 300 points get a kind and a place near their
 * district's approximate centre (data/geo/centroids.tsv), kkn-net a
 * checklist for each point kind, and round 1 (id 1) spreads the 300
 * points over the 30 teams and 2 days, 5 a team a day (assign.h); 20
 * visits of day 1 are recorded, one of them suspect, which then becomes a
 * tip credited to its team. Fixed dates and arithmetic: the same every run.
 */
#include "domain/monitor.h"

#include <math.h>
#include <string.h>

#include "domain/assign.h"
#include "domain/geo.h"

#define DEMO_TEAMS 30
#define DEMO_ROUND_START "2026-03-14"
#define DEMO_ROUND_END   "2026-03-15"

static const char *const demo_kinds[5] = {
	"construction", "construction", "budget_project", "budget_project", "service",
};

static const struct {
	const char *kind, *questions;
} demo_checklists[] = {
	{"construction", "[{\"id\":\"sign\",\"type\":\"yes_no\",\"label\":\"มีป้ายโครงการแสดงงบประมาณและผู้รับจ้างหรือไม่\",\"required\":true},"
	 "{\"id\":\"progress\",\"type\":\"number\",\"label\":\"ความคืบหน้าที่เห็น (ร้อยละ)\",\"min\":0,\"max\":100},"
	 "{\"id\":\"quality\",\"type\":\"choice\",\"label\":\"สภาพงาน\",\"choices\":[\"ดี\",\"พอใช้\",\"ชำรุด\"]},"
	 "{\"id\":\"site\",\"type\":\"photo\",\"label\":\"ภาพหน้างาน\"}]"},
	{"procurement", "[{\"id\":\"announced\",\"type\":\"yes_no\",\"label\":\"มีประกาศจัดซื้อจัดจ้างติดไว้ให้เห็นหรือไม่\",\"required\":true},"
	 "{\"id\":\"remark\",\"type\":\"text\",\"label\":\"ข้อสังเกต\"}]"},
	{"service", "[{\"id\":\"fees\",\"type\":\"yes_no\",\"label\":\"มีป้ายแสดงค่าธรรมเนียมหรือไม่\",\"required\":true},"
	 "{\"id\":\"wait\",\"type\":\"number\",\"label\":\"เวลารอ (นาที)\",\"min\":0,\"max\":600},"
	 "{\"id\":\"remark\",\"type\":\"text\",\"label\":\"ข้อสังเกต\"}]"},
	{"budget_project", "[{\"id\":\"sign\",\"type\":\"yes_no\",\"label\":\"มีป้ายโครงการหรือไม่\",\"required\":true},"
	 "{\"id\":\"in_use\",\"type\":\"choice\",\"label\":\"การใช้งาน\",\"choices\":[\"ใช้งานได้\",\"ใช้งานบางส่วน\",\"ไม่ได้ใช้งาน\"]},"
	 "{\"id\":\"remark\",\"type\":\"text\",\"label\":\"ข้อสังเกต\"}]"},
	{"other", "[{\"id\":\"remark\",\"type\":\"text\",\"label\":\"สิ่งที่พบ\",\"required\":true}]"},
};

/* Kind and place of point p (0–9) of team t (1–30). */
static enum sod_err
place_point(struct sys *sys, struct arena *a, int t, int p, struct point_rec *out)
{
	char code[32];
	double lat, lon, ang, r;
	enum sod_err err;

	snprintf(code, sizeof(code), "kkn-p%02d-%02d", t, p + 1);
	if ((err = store_point_get_by_code(sys->store, a, code, out)))
		return err;
	out->kind = demo_kinds[p % 5];
	out->province = "40";
	out->agency = p % 5 == 4 ? "องค์การบริหารส่วนตำบล" : "เทศบาล/องค์การบริหารส่วนตำบล";
	out->budget_baht = 250000 + (int64_t)((t * 37 + p * 101) % 40) * 50000;
	out->project_ref = arena_printf(a, "KKN-2569-%02d%02d", t, p + 1);
	if (out->district[0] && geo_centroid(out->district, &lat, &lon)) {
		/* Within about 1–4 km of the centre, spread around it. */
		ang = (double)((t * 47 + p * 71) % 360) * (M_PI / 180.0);
		r = 0.01 + 0.003 * (double)(p % 10);
		out->has_loc = true;
		out->lat_e6 = llround((lat + r * cos(ang)) * 1e6);
		out->lon_e6 = llround((lon + r * sin(ang)) * 1e6);
	}
	return out->project_ref ? store_point_update(sys->store, out) : SOD_ENOMEM;
}

static enum sod_err
demo_round(struct sys *sys, struct arena *a, int64_t net, struct point_rec *pts, size_t np)
{
	struct assign_point ap[DEMO_TEAMS * 10];
	struct assign_team at[DEMO_TEAMS];
	struct assign_slot slot[DEMO_TEAMS * 10];
	int64_t *teams, round;
	char **codes;
	size_t nt;
	enum sod_err err;

	if ((err = store_unit_teams(sys->store, a, net, &teams, &codes, &nt)))
		return err;
	if (nt != DEMO_TEAMS || np != DEMO_TEAMS * 10)
		return SOD_EINVAL;
	for (size_t t = 0; t < nt; t++) {
		double slat = 0, slon = 0;
		int n = 0;

		for (size_t i = 0; i < np; i++)
			if (pts[i].unit_id == teams[t] && pts[i].has_loc) {
				slat += pts[i].lat_e6 / 1e6;
				slon += pts[i].lon_e6 / 1e6;
				n++;
			}
		at[t] = (struct assign_team){n > 0, n ? slat / n : 0, n ? slon / n : 0};
	}
	for (size_t i = 0; i < np; i++)
		ap[i] = (struct assign_point){pts[i].has_loc, pts[i].lat_e6 / 1e6, pts[i].lon_e6 / 1e6};
	if ((err = assign_plan(ap, np, at, nt, 2, ROUND_PER_DAY, slot)) ||
	    (err = store_round_insert(sys->store, net, "รอบที่ 1 เฝ้าระวังทรัพยากรสาธารณะ ขอนแก่น",
	                              DEMO_ROUND_START, DEMO_ROUND_END, 0, &round)))
		return err;
	if (round != 1)
		return SOD_ECONFLICT;
	for (size_t i = 0; i < np; i++)
		if ((err = store_round_point_add(sys->store, round, pts[i].id, teams[slot[i].team],
		                                 slot[i].day)))
			return err;
	return SOD_OK;
}

/* 20 visits of day 1: the first 5 points (by code) of teams 1–4 in the
 * round; the third of team 2 suspect, every fourth a concern, one far. */
static enum sod_err
demo_visits(struct sys *sys, struct arena *a, int64_t checklists[5])
{
	struct round_item *items;
	size_t n, done = 0;
	int per_team[5] = {0};
	enum sod_err err;

	if ((err = store_round_assignments(sys->store, a, 1, &items, &n)))
		return err;
	for (size_t i = 0; i < n && done < 20; i++) {
		struct visit_rec v = {0};
		struct point_rec p;
		int t = 0;
		int64_t id;

		if (items[i].day != 1 || strncmp(items[i].team_code, "kkn-team-0", 10) != 0 ||
		    (t = items[i].team_code[10] - '0') < 1 || t > 4 || per_team[t] >= 5)
			continue;
		if ((err = store_point_get(sys->store, a, items[i].point_id, &p)))
			return err;
		per_team[t]++;
		v.point_id = p.id;
		v.round_id = 1;
		v.team_id = items[i].team_id;
		v.visited_on = DEMO_ROUND_START;
		v.status = t == 2 && per_team[t] == 3 ? "suspect" : done % 4 == 3 ? "concern" : "ok";
		v.note = strcmp(v.status, "suspect") == 0
		       ? "ป้ายโครงการระบุงบประมาณสูงกว่างานที่เห็นมาก ผิวถนนแตกร้าวทั้งที่เพิ่งส่งมอบ"
		       : strcmp(v.status, "concern") == 0 ? "งานล่าช้ากว่ากำหนดในป้ายโครงการ" : "";
		for (int k = 0; k < 5; k++)
			if (strcmp(demo_checklists[k].kind, p.kind) == 0)
				v.checklist_id = checklists[k];
		v.answers = strcmp(p.kind, "service") == 0 ? "{\"fees\":true,\"wait\":15}"
		          : "{\"sign\":true}";
		v.has_loc = p.has_loc;
		v.lat_e6 = p.lat_e6 + 300;
		v.lon_e6 = p.lon_e6 - 200;
		v.distance_m = 40;
		if (done == 7) {     /* one visit recorded from 2 km away */
			v.lat_e6 = p.lat_e6 + 18000;
			v.distance_m = 2000;
			v.far = true;
		}
		if ((err = store_visit_insert(sys->store, &v, &id)) ||
		    (err = store_point_set_last_visit(sys->store, p.id, DEMO_ROUND_START)))
			return err;
		done++;
	}
	return SOD_OK;
}

enum sod_err
demo_monitor(struct sys *sys, struct arena *a)
{
	struct unit_rec net;
	struct point_rec *pts;
	int64_t checklists[5];
	size_t np = 0;
	enum sod_err err;

	if ((err = store_unit_get_by_code(sys->store, a, "kkn-net", &net)))
		return err;
	if ((pts = arena_alloc(a, DEMO_TEAMS * 10 * sizeof(*pts))) == NULL)
		return SOD_ENOMEM;
	for (int t = 1; t <= DEMO_TEAMS; t++)
		for (int p = 0; p < 10; p++)
			if ((err = place_point(sys, a, t, p, &pts[np++])))
				return err;
	for (int k = 0; k < 5; k++)
		if ((err = store_checklist_insert(sys->store, net.id, demo_checklists[k].kind,
		                                  demo_checklists[k].questions, &checklists[k])))
			return err;
	if ((err = demo_round(sys, a, net.id, pts, np)))
		return err;
	return demo_visits(sys, a, checklists);
}

enum sod_err
demo_monitor_finding(struct sys *sys, struct arena *a)
{
	struct round_item *items;
	size_t n;
	enum sod_err err;

	if ((err = store_round_assignments(sys->store, a, 1, &items, &n)))
		return err;
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i].visit_status, "suspect") == 0) {
			struct visit_rec *vs;
			size_t nv;
			int64_t tip;

			if ((err = store_visits_of_point(sys->store, a, items[i].point_id, 10, &vs, &nv)))
				return err;
			for (size_t k = 0; k < nv; k++)
				if (strcmp(vs[k].status, "suspect") == 0)
					return monitor_visit_file_tip(sys, a, vs[k].id, 0, "", &tip);
		}
	return SOD_ENOTFOUND;
}
