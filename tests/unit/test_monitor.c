/*
 * test_monitor.c — the round planner (every point once, at most 5 a team a
 * day, nearest first, deterministic), the distance behind the 1 km mark,
 * checklist and answer validation, and checklist versions in the store
 * (old visits keep the version they answered).
 */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/assign.h"
#include "domain/checklist.h"
#include "store/store.h"
#include "util/arena.h"

/* A grid of points around Khon Kaen, some without a location. */
static size_t
grid(struct assign_point *p, size_t n, size_t every_unlocated)
{
	for (size_t i = 0; i < n; i++) {
		p[i].has_loc = every_unlocated == 0 || i % every_unlocated != 0;
		p[i].lat = 16.0 + (double)(i % 17) * 0.031;
		p[i].lon = 102.2 + (double)(i / 17) * 0.027;
	}
	return n;
}

static void
test_every_point_once_at_most_five_a_team_a_day(void)
{
	static struct assign_point p[300];
	static struct assign_slot s[300];
	struct assign_team t[30] = {{0}};
	int load[30][3] = {{0}};

	grid(p, 300, 7);
	for (int i = 0; i < 30; i += 2)
		t[i] = (struct assign_team){true, 16.0 + i * 0.02, 102.3 + i * 0.03};
	CHECK(assign_plan(p, 300, t, 30, 2, 5, s) == SOD_OK);
	for (size_t i = 0; i < 300; i++) {
		CHECK(s[i].team < 30 && s[i].day >= 1 && s[i].day <= 2);
		load[s[i].team][s[i].day]++;
	}
	for (int i = 0; i < 30; i++)
		CHECK(load[i][1] == 5 && load[i][2] == 5);   /* exactly full: 300 = 30 × 2 × 5 */
}

static void
test_too_little_room_plans_nothing(void)
{
	struct assign_point p[11];
	struct assign_slot s[11];
	struct assign_team t[1] = {{true, 16.4, 102.8}};

	grid(p, 11, 0);
	CHECK(assign_plan(p, 11, t, 1, 2, 5, s) == SOD_ETOOBIG);
	CHECK(assign_plan(p, 10, t, 1, 2, 5, s) == SOD_OK);
	CHECK(assign_plan(p, 10, t, 0, 2, 5, s) == SOD_EINVAL);
	CHECK(assign_plan(p, 10, t, 1, 0, 5, s) == SOD_EINVAL);
	CHECK(assign_plan(p, 0, t, 1, 1, 5, s) == SOD_OK);
}

/* One team, points on a line east of its home: it walks them in order,
 * nearest first, and the nearest five go on day 1. */
static void
test_nearest_first(void)
{
	struct assign_point p[10];
	struct assign_slot s[10];
	struct assign_team t[1] = {{true, 16.0, 102.0}};
	static const int order[10] = {7, 2, 9, 0, 5, 1, 8, 3, 6, 4};

	for (int i = 0; i < 10; i++)
		p[order[i]] = (struct assign_point){true, 16.0, 102.0 + 0.01 * (i + 1)};
	CHECK(assign_plan(p, 10, t, 1, 2, 5, s) == SOD_OK);
	for (int i = 0; i < 10; i++)
		CHECK(s[order[i]].day == (i < 5 ? 1 : 2));
}

/* Two teams at the two ends of a line: each takes the points at its end. */
static void
test_teams_take_their_own_side(void)
{
	struct assign_point p[10];
	struct assign_slot s[10];
	struct assign_team t[2] = {{true, 16.0, 102.0}, {true, 16.0, 103.0}};

	for (int i = 0; i < 5; i++) {
		p[i] = (struct assign_point){true, 16.0, 102.0 + 0.01 * i};
		p[5 + i] = (struct assign_point){true, 16.0, 103.0 - 0.01 * i};
	}
	CHECK(assign_plan(p, 10, t, 2, 1, 5, s) == SOD_OK);
	for (int i = 0; i < 5; i++)
		CHECK(s[i].team == 0 && s[5 + i].team == 1);
}

static void
test_same_input_same_plan(void)
{
	static struct assign_point p[120];
	static struct assign_slot a[120], b[120];
	struct assign_team t[12] = {{0}};

	grid(p, 120, 5);
	CHECK(assign_plan(p, 120, t, 12, 2, 5, a) == SOD_OK);
	CHECK(assign_plan(p, 120, t, 12, 2, 5, b) == SOD_OK);
	CHECK(memcmp(a, b, sizeof(a)) == 0);
}

static void
test_distance(void)
{
	/* One thousandth of a degree of latitude is about 111 m. */
	double d = geo_distance_m(16.0, 102.0, 16.001, 102.0);

	CHECK(d > 110 && d < 112);
	CHECK(geo_distance_m(16.4, 102.8, 16.4, 102.8) == 0);
	/* Khon Kaen to Bangkok: about 390 km in a straight line. */
	d = geo_distance_m(16.4419, 102.8360, 13.7563, 100.5018);
	CHECK(d > 380000 && d < 400000);
	/* The 1 km mark: 0.009 degrees of latitude is just over it, 0.0089 under. */
	CHECK(geo_distance_m(16.0, 102.0, 16.009, 102.0) > 1000);
	CHECK(geo_distance_m(16.0, 102.0, 16.0089, 102.0) < 1000);
}

#define GOOD "[{\"id\":\"sign\",\"type\":\"yes_no\",\"label\":\"มีป้ายหรือไม่\",\"required\":true}," \
	"{\"id\":\"pct\",\"type\":\"number\",\"label\":\"ร้อยละ\",\"min\":0,\"max\":100}," \
	"{\"id\":\"q\",\"type\":\"choice\",\"label\":\"สภาพ\",\"choices\":[\"ดี\",\"ชำรุด\"]}," \
	"{\"id\":\"t\",\"type\":\"text\",\"label\":\"ข้อสังเกต\"}," \
	"{\"id\":\"ph\",\"type\":\"photo\",\"label\":\"ภาพ\",\"required\":true}]"

static void
test_checklist_definitions(void)
{
	struct arena *a = arena_new(1 << 20);
	static const struct {
		const char *json, *field;
	} bad[] = {
		{"", "questions"}, {"[]", "questions"}, {"{}", "questions"}, {"[1]", "questions[0]"},
		{"[{\"id\":\"A\",\"type\":\"text\",\"label\":\"x\"}]", "questions[0]"},
		{"[{\"id\":\"a\",\"type\":\"essay\",\"label\":\"x\"}]", "questions[0]"},
		{"[{\"id\":\"a\",\"type\":\"text\",\"label\":\"\"}]", "questions[0]"},
		{"[{\"id\":\"a\",\"type\":\"text\",\"label\":\"x\"},{\"id\":\"a\",\"type\":\"text\",\"label\":\"y\"}]",
		 "questions[1]"},
		{"[{\"id\":\"a\",\"type\":\"choice\",\"label\":\"x\",\"choices\":[\"only\"]}]", "questions[0]"},
		{"[{\"id\":\"a\",\"type\":\"number\",\"label\":\"x\",\"min\":\"0\"}]", "questions[0]"},
		{"[{\"id\":\"a\",\"type\":\"text\",\"label\":\"x\",\"required\":1}]", "questions[0]"},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct verr ve = {0};

		CHECK(checklist_check(a, bad[i].json, &ve) == SOD_EINVAL);
		CHECK_STR(ve.field, bad[i].field);
	}
	{
		struct verr ve = {0};

		CHECK(checklist_check(a, GOOD, &ve) == SOD_OK);
	}
	arena_free(&a);
}

static void
test_checklist_answers(void)
{
	struct arena *a = arena_new(1 << 20);
	static const struct {
		const char *answers;
		size_t photos;
		const char *field;   /* NULL: accepted */
	} cases[] = {
		{"{\"sign\":true,\"pct\":40,\"q\":\"ดี\",\"t\":\"ok\"}", 1, NULL},
		{"{\"sign\":false}", 2, NULL},
		{"{\"sign\":true}", 0, "answers.ph"},                 /* required photo */
		{"{}", 1, "answers.sign"},                            /* required answer */
		{"{\"sign\":null}", 1, "answers.sign"},
		{"{\"sign\":\"yes\"}", 1, "answers.sign"},            /* wrong type */
		{"{\"sign\":true,\"pct\":101}", 1, "answers.pct"},   /* out of range */
		{"{\"sign\":true,\"pct\":-1}", 1, "answers.pct"},
		{"{\"sign\":true,\"pct\":\"5\"}", 1, "answers.pct"},
		{"{\"sign\":true,\"q\":\"พัง\"}", 1, "answers.q"},   /* not a choice */
		{"{\"sign\":true,\"nope\":1}", 1, "answers.nope"},   /* unknown */
		{"{\"sign\":true,\"t\":5}", 1, "answers.t"},
		{"[true]", 1, "answers"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *ans = json_loads(cases[i].answers, 0, NULL);
		struct verr ve = {0};
		enum sod_err err = checklist_check_answers(a, GOOD, ans, cases[i].photos, &ve);

		if (cases[i].field == NULL) {
			CHECK(err == SOD_OK);
		} else {
			CHECK(err == SOD_EINVAL);
			CHECK_STR(ve.field, cases[i].field);
		}
		json_decref(ans);
	}
	/* A text answer of 2,001 characters is too long; 2,000 Thai ones fit. */
	{
		char *t = arena_alloc(a, 2001 * 3 + 1), *p = t;
		json_t *ans;
		struct verr ve = {0};

		for (int i = 0; i < 2000; i++, p += 3)
			memcpy(p, "ก", 3);
		*p = '\0';
		ans = json_pack("{s:b, s:s}", "sign", 1, "t", t);
		CHECK(checklist_check_answers(a, GOOD, ans, 1, &ve) == SOD_OK);
		memcpy(p, "ก", 4);
		json_object_set_new(ans, "t", json_string(t));
		CHECK(checklist_check_answers(a, GOOD, ans, 1, &ve) == SOD_EINVAL);
		json_decref(ans);
	}
	arena_free(&a);
}

static void
test_checklist_versions_keep_old_questions(void)
{
	struct arena *a = arena_new(1 << 20);
	struct store *s = NULL;
	struct checklist_rec c;
	struct unit_rec net = {.code = "net", .kind = "network", .name_th = "เครือข่าย",
	                       .name_en = "Net"};
	struct unit_rec team = {.code = "team", .kind = "team", .name_th = "ทีม", .name_en = "Team"};
	char path[512];
	int64_t v1, v2, other;
	int ver;

	snprintf(path, sizeof(path), "%s/monitor.db", harness_tmpdir());
	CHECK(store_open(path, &s) == SOD_OK);
	CHECK(store_migrate(s, &ver) == SOD_OK);
	CHECK(store_unit_insert(s, &net, &net.id) == SOD_OK);
	team.parent_id = net.id;
	CHECK(store_unit_insert(s, &team, &team.id) == SOD_OK);
	CHECK(store_checklist_current(s, a, team.id, "service", &c) == SOD_ENOTFOUND);
	CHECK(store_checklist_insert(s, net.id, "service", "[\"v1\"]", &v1) == SOD_OK);
	CHECK(store_checklist_insert(s, net.id, "other", "[\"other\"]", &other) == SOD_OK);
	/* A team without its own checklist answers its network's. */
	CHECK(store_checklist_current(s, a, team.id, "service", &c) == SOD_OK);
	CHECK(c.id == v1 && c.version == 1);
	CHECK(store_checklist_insert(s, net.id, "service", "[\"v2\"]", &v2) == SOD_OK);
	CHECK(store_checklist_current(s, a, team.id, "service", &c) == SOD_OK);
	CHECK(c.id == v2 && c.version == 2);
	CHECK_STR(c.questions, "[\"v2\"]");
	/* Version 1 is still there as it was, for the visits that answered it. */
	CHECK(store_checklist_get(s, a, v1, &c) == SOD_OK);
	CHECK_STR(c.questions, "[\"v1\"]");
	CHECK(c.version == 1);
	/* The nearest unit wins: the team's own checklist over the network's. */
	CHECK(store_checklist_insert(s, team.id, "service", "[\"team\"]", &v1) == SOD_OK);
	CHECK(store_checklist_current(s, a, team.id, "service", &c) == SOD_OK);
	CHECK_STR(c.questions, "[\"team\"]");
	CHECK(c.version == 1);
	CHECK(store_checklist_current(s, a, net.id, "service", &c) == SOD_OK);
	CHECK_STR(c.questions, "[\"v2\"]");
	store_close(&s);
	arena_free(&a);
}

const struct test tests[] = {
	TEST(test_every_point_once_at_most_five_a_team_a_day),
	TEST(test_too_little_room_plans_nothing),
	TEST(test_nearest_first),
	TEST(test_teams_take_their_own_side),
	TEST(test_same_input_same_plan),
	TEST(test_distance),
	TEST(test_checklist_definitions),
	TEST(test_checklist_answers),
	TEST(test_checklist_versions_keep_old_questions),
	{0},
};
