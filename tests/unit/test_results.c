/*
 * test_results.c — results on a real SQLite file (domain/results.h,
 * domain/report.h): fiscal quarters and their boundaries in BE (30 Sep /
 * 1 Oct), each computed KPI on hand-built activities, trainings, tips,
 * cases and referrals, roll-up to the parent, entered figures, traffic
 * lights, small-count suppression, who may record and publish, publishing
 * only ended quarters, and report determinism (same data, same bytes).
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>

#include "domain/auth.h"
#include "domain/keys.h"
#include "domain/network.h"
#include "domain/report.h"
#include "domain/results.h"
#include "domain/unit.h"
#include "text/date.h"

#define PASSWORD "long enough pw"

static struct sys sys;
static struct arena *A;
static char dir[512];

static int64_t
unit_id(const char *code)
{
	struct unit_rec u = {0};

	CHECK(unit_get(&sys, A, code, &u, NULL) == SOD_OK);
	return u.id;
}

static void
setup(void)
{
	char path[600], *recovery;
	int v;
	struct verr ve;
	int64_t id;
	struct unit_input units[] = {
		{"mol", "ministry_acoc", "แรงงาน", "Labour", "root", NULL, NULL},
		{"eyes", "network", "ดวงตา", "Eyes", "mol", NULL, NULL},
		{"eyes-t1", "team", "ทีมหนึ่ง", "Team 1", "eyes", NULL, NULL},
		{"other", "network", "อื่น", "Other", "mol", NULL, NULL},
	};

	if (sys.store != NULL)
		return;
	sec_slow_configure(2, 5000);
	snprintf(dir, sizeof(dir), "%s", harness_tmpdir());
	snprintf(path, sizeof(path), "%s/results.db", dir);
	CHECK(store_open(path, &sys.store) == SOD_OK);
	CHECK(store_migrate(sys.store, &v) == SOD_OK);
	snprintf(path, sizeof(path), "%s/results.key", dir);
	CHECK(box_keyfile_create(path) == SOD_OK);
	CHECK(box_open(path, &sys.box) == SOD_OK);
	sys.dir = dir;
	sys.session_idle = 3600;
	sys.session_max = 12 * 3600;
	A = arena_new(64 << 20);
	CHECK(keys_init_recovery(&sys, A, &recovery) == SOD_OK);
	CHECK(unit_ensure_root(&sys, A) == SOD_OK);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		CHECK(unit_create(&sys, A, &units[i], &ve, &id) == SOD_OK);
}

static bool
session_for(const char *user, enum role role, const char *unit, struct session *ses)
{
	struct verr ve = {0};
	char *token = NULL;
	bool full = false;
	int64_t id, retry;

	setup();
	CHECK(auth_account_create(&sys, A, user, NULL, PASSWORD, role, unit, 0, &ve, &id) ==
	      SOD_OK);
	CHECK(auth_login(&sys, A, user, PASSWORD, &token, &full, &retry) == SOD_OK);
	return token != NULL && auth_session(&sys, A, token, ses) == SOD_OK;
}

/* ---- periods ------------------------------------------------------------------ */

static void
test_period_bounds(void)
{
	static const struct { int y, q; const char *from, *to; } t[] = {
		{2569, 1, "2025-10-01", "2025-12-31"},
		{2569, 2, "2026-01-01", "2026-03-31"},
		{2569, 3, "2026-04-01", "2026-06-30"},
		{2569, 4, "2026-07-01", "2026-09-30"},
		{2569, 0, "2025-10-01", "2026-09-30"},
		{2570, 1, "2026-10-01", "2026-12-31"},
	};
	char from[11], to[11];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		period_bounds(t[i].y, t[i].q, from, to);
		CHECK_STR(from, t[i].from);
		CHECK_STR(to, t[i].to);
	}
	/* 30 September ends FY2569; 1 October begins FY2570, in Q1. */
	CHECK(fiscal_year_be((struct cdate){2026, 9, 30}) == 2569);
	CHECK(fiscal_quarter((struct cdate){2026, 9, 30}) == 4);
	CHECK(fiscal_year_be((struct cdate){2026, 10, 1}) == 2570);
	CHECK(fiscal_quarter((struct cdate){2026, 10, 1}) == 1);
}

static void
test_period_parse(void)
{
	int y, q;

	CHECK(period_parse("2569-q1", &y, &q) && y == 2569 && q == 1);
	CHECK(period_parse("2570-q4", &y, &q) && y == 2570 && q == 4);
	CHECK(!period_parse("2569-q0", &y, &q));
	CHECK(!period_parse("2569-q5", &y, &q));
	CHECK(!period_parse("2569q1", &y, &q));
	CHECK(!period_parse("2026-q1", &y, &q));   /* common era: refused */
	CHECK(!period_parse("2569-Q1", &y, &q));
	CHECK(!period_parse("2569-q1x", &y, &q));
	CHECK(!period_parse("", &y, &q));
	CHECK(!period_parse(NULL, &y, &q));
	CHECK(!period_parse("๒๕๖๙-q1", &y, &q));
}

static void
test_period_ended(void)
{
	/* Q4 2569 ends on 30 Sep 2026: not ended that day (Bangkok), ended the next. */
	int64_t sep30 = date_to_unix((struct cdate){2026, 9, 30}) + 23 * 3600;
	int64_t oct1 = date_to_unix((struct cdate){2026, 10, 1});

	CHECK(!period_ended(2569, 4, sep30));
	CHECK(period_ended(2569, 4, oct1));
	CHECK(!period_ended(2570, 1, oct1));
}

static void
test_suppression(void)
{
	CHECK(!results_suppressed(0));
	for (int n = 1; n <= 4; n++)
		CHECK(results_suppressed(n));
	CHECK(!results_suppressed(5));
	CHECK(!results_suppressed(1000));
}

/* ---- KPIs on hand-built data -------------------------------------------------- */

static int64_t
person_in(const char *unit, const char *given)
{
	struct person_input in = {.given_th = given, .family_th = "ทดสอบ", .kind = "volunteer"};
	struct verr ve = {0};
	int64_t id = 0;

	CHECK(person_create(&sys, A, &in, unit, "member", "", &ve, &id) == SOD_OK);
	return id;
}

static int64_t
value(const char *unit, const char *metric, int year, int q)
{
	int64_t v = -1;

	CHECK(kpi_metric_value(&sys, A, unit_id(unit), metric, "x", year, q, &v) == SOD_OK);
	return v;
}

static void
tip(const char *unit, const char *received, const char *ack, int64_t *id)
{
	struct tip_rec t = {.unit_id = unit_id(unit), .category = "bribery", .channel = "web",
	                    .received_on = (char *)received, .content = "sealed",
	                    .receipt_salt = "s", .receipt_check = "c", .receipt_wrapped = "w",
	                    .receipt_bucket = 1};

	CHECK(store_tip_insert(sys.store, &t, id) == SOD_OK);
	if (ack)
		CHECK(store_tip_set_status(sys.store, *id, "acknowledged", ack) == SOD_OK);
}

/* Later cases build on the data of earlier ones; run alone (ctest runs
 * each case in a process of its own), a case first makes that data by
 * running the case before it. */
static bool have_activities, have_kpis;

static void
test_computed_kpis(void)
{
	struct session coord;
	struct activity_input in = {.kind = "talk", .title = "เวที", .audience = -1};
	struct training_rec t = {.title = "วิทยากรตัวคูณ", .held_on = "2025-09-30"};
	struct verr ve;
	char **bad;
	size_t nbad;
	int64_t a, b, c, p1, p2, training, id, tips[4], cs;

	CHECK(session_for("coord", ROLE_COORDINATOR, "eyes", &coord));
	p1 = person_in("eyes-t1", "หนึ่ง");
	p2 = person_in("eyes", "สอง");
	t.unit_id = unit_id("eyes");
	CHECK(store_training_insert(sys.store, &t, &training) == SOD_OK);
	CHECK(store_attendance_add(sys.store, training, p1, true) == SOD_OK);
	CHECK(store_attendance_add(sys.store, training, p2, false) == SOD_OK);
	/* 30 Sep 2025 is FY2568 Q4; the sessions are in FY2569 Q1. */
	in.held_on = "2025-10-01";
	/* p2 is a member of eyes, not of its team: refused there. */
	in.people = (int64_t[]){p1, p2};
	in.npeople = 2;
	CHECK(activity_record(&sys, A, &coord, unit_id("eyes-t1"), &in, &ve, &a, &bad, &nbad)
	      == SOD_EINVAL);
	CHECK_STR(ve.field, "people");
	in.npeople = 1;
	CHECK(activity_record(&sys, A, &coord, unit_id("eyes-t1"), &in, &ve, &a, &bad, &nbad)
	      == SOD_OK);
	in = (struct activity_input){.kind = "leaflet", .title = "แผ่นพับ", .held_on = "2025-12-31",
	                             .audience = 100, .leader_id = p1, .training_id = training};
	CHECK(activity_record(&sys, A, &coord, unit_id("eyes"), &in, &ve, &b, &bad, &nbad)
	      == SOD_OK);
	in = (struct activity_input){.kind = "talk", .title = "เวที", .held_on = "2026-01-01",
	                             .audience = -1, .names = "สอง ทดสอบ\n"};
	in.heads[0] = 10;
	in.heads[6] = 5;
	CHECK(activity_record(&sys, A, &coord, unit_id("eyes"), &in, &ve, &c, &bad, &nbad)
	      == SOD_OK);
	/* A multiplier's session needs a leader the training certified. */
	in = (struct activity_input){.kind = "talk", .title = "x", .held_on = "2026-01-02",
	                             .audience = 1, .leader_id = p2, .training_id = training};
	CHECK(activity_record(&sys, A, &coord, unit_id("eyes"), &in, &ve, &id, &bad, &nbad)
	      == SOD_EINVAL);
	CHECK_STR(ve.field, "training");
	CHECK(value("eyes", "activities", 2569, 1) == 2);
	CHECK(value("eyes", "activities", 2569, 2) == 1);
	CHECK(value("eyes", "activities", 2568, 4) == 0);
	CHECK(value("eyes", "activities.talk", 2569, 1) == 1);
	CHECK(value("eyes", "activities.leaflet", 2569, 1) == 1);
	/* Audience: 1 ticked; 100 stated; 1 named + 15 by head. */
	CHECK(value("eyes", "people_reached", 2569, 1) == 101);
	CHECK(value("eyes", "people_reached", 2569, 2) == 16);
	CHECK(value("eyes", "multiplier_sessions", 2569, 1) == 1);
	CHECK(value("eyes", "multipliers_trained", 2568, 4) == 1);
	CHECK(value("eyes", "multipliers_trained", 2569, 1) == 0);
	/* Roll-up: the parent sees the team's activity; a sibling does not. */
	CHECK(value("mol", "activities", 2569, 1) == 2);
	CHECK(value("eyes-t1", "activities", 2569, 1) == 1);
	CHECK(value("other", "activities", 2569, 1) == 0);
	/* Tips: acknowledged on day 7 counts, day 8 does not. */
	tip("eyes", "2025-10-01", "2025-10-08", &tips[0]);
	tip("eyes", "2025-10-01", "2025-10-09", &tips[1]);
	tip("eyes-t1", "2025-11-15", NULL, &tips[2]);
	tip("eyes", "2026-01-05", "2026-01-05", &tips[3]);
	CHECK(value("eyes", "tips_received", 2569, 1) == 3);
	CHECK(value("eyes", "tips_acknowledged_in_time", 2569, 1) == 1);
	CHECK(value("eyes", "tips_acknowledged_in_time", 2569, 2) == 1);
	/* A case of two tips referred twice: one case with feedback in 3 months. */
	CHECK(store_case_insert(sys.store, unit_id("eyes"), "sealed", "2025-10-10", "2026-01-10",
	                        &cs) == SOD_OK);
	CHECK(store_case_tip_insert(sys.store, cs, tips[0]) == SOD_OK);
	CHECK(store_case_tip_insert(sys.store, cs, tips[1]) == SOD_OK);
	CHECK(store_referral_insert(sys.store, cs, "nacc", "1/2568", "2025-10-20", "", "2025-10-20",
	                            &id) == SOD_OK);
	CHECK(store_referral_answer(sys.store, cs, id, "2026-01-20", "sealed") == SOD_OK);
	CHECK(store_referral_insert(sys.store, cs, "pacc", "2/2568", "2025-11-01", "", "2025-11-01",
	                            &id) == SOD_OK);
	CHECK(store_referral_answer(sys.store, cs, id, "2026-02-02", "sealed") == SOD_OK);
	CHECK(value("eyes", "referrals", 2569, 1) == 2);
	CHECK(value("eyes", "tips_referred", 2569, 1) == 2);
	CHECK(value("eyes", "cases_feedback_3m", 2569, 1) == 1);
	CHECK(store_case_close_keep(sys.store, cs, "2026-03-31", "2031-03-31") == SOD_OK);
	CHECK(value("eyes", "cases_closed", 2569, 2) == 1);
	CHECK(value("eyes", "cases_closed", 2569, 3) == 0);
	have_activities = true;
}

static void
test_progress_and_entered(void)
{
	struct session coord, mon;
	struct kpi_rec k = {.year = 2569, .code = "reach", .name_th = "ผู้ได้รับการเผยแพร่",
	                    .metric = "people_reached", .target = 400};
	struct kpi_rec e = {.year = 2569, .code = "tips_passed", .name_th = "ส่งต่อ",
	                    .metric = "entered", .target = 8, .target_q = {2, 2, 2, 2}};
	struct kpi_progress *p;
	struct verr ve;
	size_t n;
	int64_t id, eid, tid;
	int64_t after = date_to_unix((struct cdate){2026, 10, 1});

	if (!have_activities)
		test_computed_kpis();
	CHECK(session_for("coord2", ROLE_COORDINATOR, "mol", &coord));
	CHECK(session_for("mon2", ROLE_MONITOR, "mol", &mon));
	k.unit_id = e.unit_id = unit_id("eyes");
	CHECK(kpi_define(&sys, &mon, &k, &ve, &id) == SOD_EPERM);
	CHECK(kpi_define(&sys, &coord, &k, &ve, &id) == SOD_OK);
	CHECK(kpi_define(&sys, &coord, &e, &ve, &eid) == SOD_OK);
	e.unit_id = unit_id("eyes-t1");
	CHECK(kpi_define(&sys, &coord, &e, &ve, &tid) == SOD_OK);
	k.metric = "budget_spent";
	CHECK(kpi_define(&sys, &coord, &k, &ve, &id) == SOD_EINVAL);
	CHECK_STR(ve.field, "metric");
	CHECK(kpi_enter(&sys, A, &coord, unit_id("eyes"), eid, 1, 3, "หนังสือส่งต่อ", &ve) == SOD_OK);
	CHECK(kpi_enter(&sys, A, &coord, unit_id("eyes-t1"), tid, 1, 2, "หนังสือ", &ve) == SOD_OK);
	CHECK(kpi_enter(&sys, A, &coord, unit_id("eyes"), eid, 5, 3, "x", &ve) == SOD_EINVAL);
	CHECK(kpi_enter(&sys, A, &coord, unit_id("eyes"), eid, 2, 3, "", &ve) == SOD_EINVAL);
	CHECK(kpi_enter(&sys, A, &coord, unit_id("eyes"), id, 2, 3, "x", &ve) == SOD_EINVAL);
	CHECK(kpi_enter(&sys, A, &coord, unit_id("other"), eid, 2, 3, "x", &ve) == SOD_ENOTFOUND);
	CHECK(kpi_progress(&sys, A, unit_id("eyes"), 2569, NULL, after, &p, &n) == SOD_OK);
	CHECK(n == 2);
	/* reach: 101 in Q1 against 100 (400 / 4): on track; 117 by Q2 against 200. */
	CHECK(p[0].by_quarter[0] == 101 && p[0].by_quarter[1] == 16 && p[0].actual == 117);
	CHECK(p[0].light[0] == LIGHT_GREEN && p[0].light[1] == LIGHT_RED);
	/* entered: the team's figure rolls up into the network's. */
	CHECK(p[1].by_quarter[0] == 5 && p[1].light[0] == LIGHT_GREEN);
	CHECK(p[1].light[1] == LIGHT_GREEN);   /* 5 against 2 + 2 cumulative */
	CHECK(p[1].light[2] == LIGHT_AMBER);   /* 5 against 6: 83 %, at least 70 % */
	CHECK(p[1].light[3] == LIGHT_RED);     /* 5 against 8: 62 % */
	/* Only some quarters (the public page's published ones). */
	CHECK(kpi_progress(&sys, A, unit_id("eyes"), 2569, (bool[4]){false, true, false, false},
	                   after, &p, &n) == SOD_OK);
	CHECK(p[0].by_quarter[0] == 0 && p[0].by_quarter[1] == 16 && p[0].actual == 16);
	/* Quarters not yet begun have no light. */
	CHECK(kpi_progress(&sys, A, unit_id("eyes"), 2569, NULL,
	                   date_to_unix((struct cdate){2025, 11, 1}), &p, &n) == SOD_OK);
	CHECK(p[0].light[0] != LIGHT_NONE && p[0].light[1] == LIGHT_NONE);
	have_kpis = true;
}

static void
test_publish_rules(void)
{
	struct session sup, coord;
	struct verr ve;
	struct published_rec *p;
	size_t n;
	int64_t oct1 = date_to_unix((struct cdate){2026, 10, 1});

	CHECK(session_for("sup3", ROLE_SUPERVISOR, "eyes", &sup));
	CHECK(session_for("coord3", ROLE_COORDINATOR, "eyes", &coord));
	CHECK(results_publish(&sys, &coord, unit_id("eyes"), 2569, 1, oct1, &ve, NULL) == SOD_EPERM);
	CHECK(results_publish(&sys, &sup, unit_id("other"), 2569, 1, oct1, &ve, NULL) == SOD_EPERM);
	CHECK(results_publish(&sys, &sup, unit_id("eyes"), 2570, 1, oct1, &ve, NULL) == SOD_EINVAL);
	CHECK(results_publish(&sys, &sup, unit_id("eyes"), 2569, 4, oct1 - 3600, &ve, NULL) == SOD_EINVAL);
	CHECK_STR(ve.field, "period");
	CHECK(results_published(&sys, A, unit_id("eyes"), &p, &n) == SOD_OK && n == 0);
	CHECK(results_publish(&sys, &sup, unit_id("eyes"), 2569, 4, oct1, &ve, NULL) == SOD_OK);
	CHECK(results_publish(&sys, &sup, unit_id("eyes"), 2569, 4, oct1, &ve, NULL) == SOD_OK);
	CHECK(results_published(&sys, A, unit_id("eyes"), &p, &n) == SOD_OK && n == 1);
	CHECK(results_is_published(p, n, 2569, 4) && !results_is_published(p, n, 2569, 3));
}

static void
test_report_deterministic(void)
{
	struct buf x, y;

	if (!have_kpis)
		test_progress_and_entered();

	for (int f = 0; f < 2; f++) {
		buf_init(&x, 64u << 20);
		buf_init(&y, 64u << 20);
		CHECK(report_render(&sys, A, unit_id("eyes"), 2569, 1, (enum report_format)f, &x)
		      == SOD_OK);
		CHECK(report_render(&sys, A, unit_id("eyes"), 2569, 1, (enum report_format)f, &y)
		      == SOD_OK);
		CHECK(x.len > 1000 && x.len == y.len && memcmp(x.data, y.data, x.len) == 0);
		CHECK(memcmp(x.data, f == 0 ? "%PDF" : "PK", f == 0 ? 4 : 2) == 0);
		buf_free(&x);
		buf_free(&y);
	}
	CHECK(report_render(&sys, A, unit_id("eyes"), 2569, 5, REPORT_PDF, &x) == SOD_EINVAL);
	report_shutdown();  /* fontconfig's caches, here: this case may run alone */
}

static void
test_teardown(void)
{
	arena_free(&A);
	store_close(&sys.store);
	box_free(&sys.box);
	CHECK(sys.store == NULL && A == NULL);
}

const struct test tests[] = {
	TEST(test_period_bounds),
	TEST(test_period_parse),
	TEST(test_period_ended),
	TEST(test_suppression),
	TEST(test_computed_kpis),
	TEST(test_progress_and_entered),
	TEST(test_publish_rules),
	TEST(test_report_deterministic),
	TEST(test_teardown),
	{0},
};
