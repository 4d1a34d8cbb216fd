/*
 * demo.c — the five seed networks as units (see CONTRACT.md, "Demo data"):
 *
 *   moj ─ moj-amjl                 Ministry of Justice ACOC and its club
 *   pacc-r7                        PACC Region 7 (pilot: Samut Sakhon)
 *   nacc-kkn ─ kkn-net ─ 8 zones ─ 30 teams   Khon Kaen civil society
 *   mol ─ mol-eyes                 Ministry of Labour, "Labour Eyes"
 *   moi ─ 77 province ACOCs        Ministry of Interior
 *
 * kkn-net and mol-eyes take tips from the public (open_to_public).
 *
 * Province names come from the official code list compiled in
 * (data/geo/provinces.tsv), districts of Khon Kaen from districts.tsv.
 *
 * People (CONTRACT.md's numbers): the club's 619 members of four kinds;
 * in Khon Kaen 8 zones × 20 committee members and 30 teams × 5 community
 * leaders; 78 Labour Eyes volunteers. Names and contacts are invented
 * (domain/names.c, e-mail at example.org). Also a few trainings (with
 * multiplier trainers), announcements and meetings.
 */
#include "domain/demo.h"
#include "domain/monitor.h"
#include "domain/results.h"

#include <stdio.h>
#include <string.h>

#include "domain/names.h"
#include "domain/network.h"
#include "domain/unit.h"
#include "util/asset.h"
#include "util/log.h"
#include "util/str.h"

#define KKN_ZONES 8
#define KKN_TEAMS 30

static const struct unit_input fixed[] = {
	{"moj", "ministry_acoc", "ศูนย์ปฏิบัติการต่อต้านการทุจริต กระทรวงยุติธรรม",
	 "Ministry of Justice Anti-Corruption Operation Center", "root", NULL, NULL},
	{"moj-amjl", "club", "ชมรมต่อต้านการทุจริต กระทรวงยุติธรรม (AMJL)",
	 "Anti-Corruption Club of the Ministry of Justice (AMJL)", "moj", NULL, NULL},
	{"pacc-r7", "regional_office", "สำนักงาน ป.ป.ท. เขต 7",
	 "PACC Region 7", "root", "74", NULL},
	{"nacc-kkn", "provincial_office", "สำนักงาน ป.ป.ช. ประจำจังหวัดขอนแก่น",
	 "NACC Khon Kaen Provincial Office", "root", "40", NULL},
	{"kkn-net", "network", "เครือข่ายภาคประชาสังคมเฝ้าระวังทรัพยากรสาธารณะ จังหวัดขอนแก่น",
	 "Khon Kaen Civil-Society Network for Public Resources", "nacc-kkn", "40", NULL},
	{"mol", "ministry_acoc", "ศูนย์ปฏิบัติการต่อต้านการทุจริต กระทรวงแรงงาน",
	 "Ministry of Labour Anti-Corruption Operation Center", "root", NULL, NULL},
	{"mol-eyes", "network", "อาสาสมัครดวงตาแรงงาน",
	 "Labour Eyes Volunteers", "mol", NULL, NULL},
	{"moi", "ministry_acoc", "ศูนย์ปฏิบัติการต่อต้านการทุจริต กระทรวงมหาดไทย",
	 "Ministry of Interior Anti-Corruption Operation Center", "root", NULL, NULL},
};

/*
 * Call fn for each data row of a compiled-in TSV (header skipped), with its
 * tab-separated fields. Stops at fn's first error.
 */
static enum sod_err
tsv_each(const char *name, enum sod_err (*fn)(struct slice *f, size_t n, void *ctx),
         void *ctx)
{
	const struct asset *as = asset_find(name);
	struct slice rest, line;
	bool header = true;

	if (as == NULL) {
		LOG_ERR("%s is not compiled in", name);
		return SOD_ENOTFOUND;
	}
	rest = (struct slice){(const char *)as->data, as->len};
	while (rest.len > 0) {
		struct slice f[8], l;
		size_t n = 0;
		enum sod_err err;

		slice_cut(&rest, '\n', &line);
		if (header || line.len == 0) {
			header = false;
			continue;
		}
		while (n < 8) {
			bool more = slice_cut(&line, '\t', &l);

			f[n++] = slice_trim(l);
			if (!more)
				break;
		}
		if ((err = fn(f, n, ctx)) != SOD_OK)
			return err;
	}
	return SOD_OK;
}

struct load {
	struct sys *sys;
	struct arena *a;
	int count;
	char district[32][5];   /* Khon Kaen district codes, in order */
	int ndistrict;
	int64_t first_person;   /* id the first demo person gets */
};

static enum sod_err
add(struct load *l, const struct unit_input *in)
{
	struct verr ve = {0};
	int64_t id;
	enum sod_err err = unit_create_in_tx(l->sys, l->a, in, &ve, &id);

	if (err)
		LOG_ERR("demo unit %s: %s (%s)", in->code, sod_strerror(err),
		        ve.key ? ve.key : "");
	return err;
}

static enum sod_err
add_province(struct slice *f, size_t n, void *ctx)
{
	struct load *l = ctx;
	struct unit_input in;
	char *code, *th, *en, *prov;

	if (n < 3 || f[0].len != 2)
		return SOD_EINVAL;
	prov = arena_strndup(l->a, f[0].p, 2);
	code = arena_printf(l->a, "moi-p%.*s", 2, f[0].p);
	if (slice_eq_str(f[0], "10"))
		th = arena_printf(l->a, "ศูนย์ปฏิบัติการต่อต้านการทุจริต %.*s",
		                  (int)f[1].len, f[1].p);
	else
		th = arena_printf(l->a, "ศูนย์ปฏิบัติการต่อต้านการทุจริต จังหวัด%.*s",
		                  (int)f[1].len, f[1].p);
	en = arena_printf(l->a, "%.*s Provincial Anti-Corruption Operation Center",
	                  (int)f[2].len, f[2].p);
	if (!prov || !code || !th || !en)
		return SOD_ENOMEM;
	in = (struct unit_input){code, "province_acoc", th, en, "moi", prov, NULL};
	l->count++;
	return add(l, &in);
}

static enum sod_err
note_district(struct slice *f, size_t n, void *ctx)
{
	struct load *l = ctx;

	if (n >= 2 && slice_eq_str(f[1], "40") && f[0].len == 4 && l->ndistrict < 32) {
		memcpy(l->district[l->ndistrict], f[0].p, 4);
		l->district[l->ndistrict][4] = '\0';
		l->ndistrict++;
	}
	return SOD_OK;
}

static enum sod_err
add_kkn(struct load *l)
{
	enum sod_err err;

	for (int z = 1; z <= KKN_ZONES; z++) {
		struct unit_input in = {
			arena_printf(l->a, "kkn-zone-%d", z), "zone",
			arena_printf(l->a, "เครือข่ายขอนแก่น โซน %d", z),
			arena_printf(l->a, "Khon Kaen network, zone %d", z),
			"kkn-net", "40", NULL,
		};

		if (!in.code || !in.name_th || !in.name_en)
			return SOD_ENOMEM;
		if ((err = add(l, &in)) != SOD_OK)
			return err;
	}
	/* 30 teams over 8 zones (4 each in zones 1–6, 3 in zones 7–8), each
	 * watching one district; 26 districts, so four districts have two. */
	for (int t = 1; t <= KKN_TEAMS; t++) {
		int zone = t <= 24 ? (t - 1) / 4 + 1 : (t - 25) / 3 + 7;
		struct unit_input in = {
			arena_printf(l->a, "kkn-team-%02d", t), "team",
			arena_printf(l->a, "ทีมเฝ้าระวังที่ %d", t),
			arena_printf(l->a, "Monitoring team %d", t),
			arena_printf(l->a, "kkn-zone-%d", zone), "40",
			l->ndistrict ? l->district[(t - 1) % l->ndistrict] : NULL,
		};

		if (!in.code || !in.name_th || !in.name_en || !in.parent_code)
			return SOD_ENOMEM;
		if ((err = add(l, &in)) != SOD_OK)
			return err;
	}
	return SOD_OK;
}

/* Each team walks 2 days × 5 points: 300 monitoring points in all, in the
 * team's district. */
static enum sod_err
add_points(struct load *l)
{
	static const char *const what[5] = {
		"ถนนลาดยางสายหมู่บ้าน", "อาคารเรียน", "ระบบประปาหมู่บ้าน",
		"ฝายกักเก็บน้ำ", "ศูนย์พัฒนาเด็กเล็ก",
	};
	struct unit_rec team;
	enum sod_err err;

	for (int t = 1; t <= KKN_TEAMS; t++) {
		char code[32], point[48];

		snprintf(code, sizeof(code), "kkn-team-%02d", t);
		if ((err = store_unit_get_by_code(l->sys->store, l->a, code, &team)))
			return err;
		for (int p = 0; p < 10; p++) {
			char *name = arena_printf(l->a, "%s แห่งที่ %d ของทีม %d", what[p % 5],
			                          p / 5 + 1, t);

			snprintf(point, sizeof(point), "kkn-p%02d-%02d", t, p + 1);
			if (name == NULL)
				return SOD_ENOMEM;
			if ((err = store_point_insert(l->sys->store, team.id, point, name,
			                              team.district_code, p / 5 + 1)))
				return err;
		}
	}
	return SOD_OK;
}

/* ---- people ---------------------------------------------------------------- */

struct people {
	struct load *l;
	unsigned next;          /* the next invented person */
};

/* A valid citizen ID for person i (for a check digit that computes). */
static void
demo_cid(unsigned i, char out[14])
{
	unsigned long long body = 310000000000ULL + (unsigned long long)i * 7919ULL;
	int sum = 0;

	snprintf(out, 14, "%012llu", body % 1000000000000ULL);
	for (int j = 0; j < 12; j++)
		sum += (out[j] - '0') * (13 - j);
	out[12] = (char)('0' + (11 - sum % 11) % 10);
	out[13] = '\0';
}

static enum sod_err
add_people(struct people *pp, const char *unit_code, unsigned count, const char *kind,
           const char *role, const char *lead_role, const char *org, const char *province,
           const char *joined_on, bool with_cid)
{
	struct unit_rec unit;
	enum sod_err err;

	if ((err = store_unit_get_by_code(pp->l->sys->store, pp->l->a, unit_code, &unit)))
		return err;
	for (unsigned k = 0; k < count; k++) {
		unsigned i = pp->next++;
		struct demo_name n;
		struct person_input in;
		struct person_rec rec;
		struct verr ve = {0};
		char phone[11], email[96], cid[14];
		int64_t id;

		demo_name(i, strcmp(kind, "executive") == 0, &n);
		demo_contact(i, &n, phone, email);
		demo_cid(i, cid);
		in = (struct person_input){
			.title_th = n.title_th, .given_th = n.given_th, .family_th = n.family_th,
			.title_en = n.title_en, .given_en = n.given_en, .family_en = n.family_en,
			.kind = kind, .organisation = org, .phone = phone, .email = email,
			.province = province, .citizen_id = with_cid ? cid : NULL,
			.consent = true,
		};
		if ((err = person_prepare(pp->l->sys, pp->l->a, &in, &rec, &ve)) != SOD_OK) {
			LOG_ERR("demo person %u: %s", i, ve.key ? ve.key : sod_strerror(err));
			return err;
		}
		err = person_create_in_tx(pp->l->sys, pp->l->a, &rec, unit.id,
		                          k == 0 && lead_role ? lead_role : role, joined_on, &id);
		if (err)
			return err;
	}
	return SOD_OK;
}

static enum sod_err
add_network_people(struct load *l)
{
	struct people pp = {.l = l};
	enum sod_err err;
	char code[32];

	/* The Ministry of Justice club: 619 members of four kinds. */
	if ((err = add_people(&pp, "moj-amjl", 31, "executive", "member", "leader",
	                      "กระทรวงยุติธรรม", NULL, "2019-03-01", true)) ||
	    (err = add_people(&pp, "moj-amjl", 412, "official", "member", "committee",
	                      "กระทรวงยุติธรรม", NULL, "2019-03-01", true)) ||
	    (err = add_people(&pp, "moj-amjl", 121, "staff", "member", NULL,
	                      "กระทรวงยุติธรรม", NULL, "2020-06-15", false)) ||
	    (err = add_people(&pp, "moj-amjl", 55, "outsider", "member", NULL,
	                      "ภาคประชาชน", NULL, "2021-12-09", false)))
		return err;
	/* Khon Kaen: 20 committee members in each of 8 zones, 5 leaders in
	 * each of 30 teams. */
	for (int z = 1; z <= KKN_ZONES; z++) {
		snprintf(code, sizeof(code), "kkn-zone-%d", z);
		if ((err = add_people(&pp, code, 20, "community_leader", "committee",
		                      "coordinator", "เครือข่ายภาคประชาสังคมขอนแก่น", "40",
		                      "2023-01-10", false)))
			return err;
	}
	for (int t = 1; t <= KKN_TEAMS; t++) {
		snprintf(code, sizeof(code), "kkn-team-%02d", t);
		if ((err = add_people(&pp, code, 5, "community_leader", "member", "leader",
		                      "เครือข่ายภาคประชาสังคมขอนแก่น", "40", "2023-02-01",
		                      false)))
			return err;
	}
	/* Labour Eyes: 78 volunteers. */
	return add_people(&pp, "mol-eyes", 78, "volunteer", "member", "coordinator",
	                  "กระทรวงแรงงาน", NULL, "2022-05-01", false);
}

/* Trainings, announcements and meetings, with attendance. */
static enum sod_err
add_activities(struct load *l)
{
	static const struct {
		const char *unit, *title, *held_on, *place, *organiser;
		int hours;
		unsigned first, count, multipliers;
	} trainings[] = {
		{"moj-amjl", "หลักสูตรวิทยากรตัวคูณต่อต้านการทุจริต", "2024-07-18",
		 "ศูนย์ราชการเฉลิมพระเกียรติ กรุงเทพมหานคร", "ศปท. กระทรวงยุติธรรม", 12, 0, 40, 12},
		{"moj-amjl", "การป้องกันผลประโยชน์ทับซ้อน", "2025-02-20",
		 "ห้องประชุมกระทรวงยุติธรรม", "ชมรม AMJL", 6, 40, 60, 0},
		{"kkn-net", "การเฝ้าระวังทรัพยากรสาธารณะสำหรับแกนนำชุมชน", "2023-03-04",
		 "มหาวิทยาลัยขอนแก่น", "สำนักงาน ป.ป.ช. ประจำจังหวัดขอนแก่น", 12, 779, 150, 10},
		{"mol-eyes", "อาสาสมัครดวงตาแรงงานกับการแจ้งเบาะแส", "2024-11-05",
		 "กระทรวงแรงงาน", "ศปท. กระทรวงแรงงาน", 6, 929, 78, 0},
	};
	static const struct { const char *unit, *title, *body; } news[] = {
		{"moj-amjl", "วันต่อต้านคอร์รัปชันสากล 9 ธันวาคม",
		 "ขอเชิญสมาชิกชมรมร่วมกิจกรรมวันต่อต้านคอร์รัปชันสากล ณ ลานหน้ากระทรวงยุติธรรม เวลา 08.30 น."},
		{"kkn-net", "รอบเฝ้าระวังจุดตรวจประจำไตรมาส",
		 "ทีมเฝ้าระวังทั้ง 30 ทีมลงพื้นที่ 2 วัน วันละ 5 จุด รวม 300 จุด ตามตารางของแต่ละโซน"},
		{"mol-eyes", "ประชุมติดตามผลรายไตรมาส",
		 "ขอเชิญอาสาสมัครดวงตาแรงงานร่วมประชุมติดตามผลการดำเนินงานไตรมาสที่ 1 ปีงบประมาณ 2570"},
	};
	struct unit_rec unit;
	enum sod_err err;
	int64_t id;

	for (size_t i = 0; i < sizeof(trainings) / sizeof(trainings[0]); i++) {
		struct training_rec t = {0};

		if ((err = store_unit_get_by_code(l->sys->store, l->a, trainings[i].unit, &unit)))
			return err;
		t.unit_id = unit.id;
		t.title = (char *)trainings[i].title;
		t.held_on = (char *)trainings[i].held_on;
		t.place = (char *)trainings[i].place;
		t.organiser = (char *)trainings[i].organiser;
		t.hours = trainings[i].hours;
		if ((err = store_training_insert(l->sys->store, &t, &id)))
			return err;
		/* Demo people were created in order, so ids follow the order. */
		for (unsigned k = 0; k < trainings[i].count; k++)
			if ((err = store_attendance_add(l->sys->store, id,
			                                l->first_person + trainings[i].first + k,
			                                k < trainings[i].multipliers)))
				return err;
	}
	for (size_t i = 0; i < sizeof(news) / sizeof(news[0]); i++) {
		struct announcement_rec r = {0};

		if ((err = store_unit_get_by_code(l->sys->store, l->a, news[i].unit, &unit)))
			return err;
		r.unit_id = unit.id;
		r.title = (char *)news[i].title;
		r.body = (char *)news[i].body;
		if ((err = store_announcement_insert(l->sys->store, &r, 0, &id)))
			return err;
	}
	{
		struct meeting_rec m = {
			.title = "ประชุมติดตามผลรายไตรมาส ไตรมาสที่ 4 ปีงบประมาณ 2569",
			.held_on = "2026-09-15",
			.agenda = "1. ผลการแจ้งเบาะแส\n2. ตัวชี้วัดและเป้าหมาย\n3. แผนไตรมาสถัดไป",
			.minutes = "ที่ประชุมรับทราบผลการดำเนินงานและเห็นชอบแผนไตรมาสถัดไป",
		};

		if ((err = store_unit_get_by_code(l->sys->store, l->a, "mol-eyes", &unit)))
			return err;
		m.unit_id = unit.id;
		if ((err = store_meeting_insert(l->sys->store, &m, &id)))
			return err;
		for (unsigned k = 0; k < 60; k++)
			if ((err = store_meeting_attend(l->sys->store, id, l->first_person + 929 + k)))
				return err;
	}
	return SOD_OK;
}

/* A year (FY2569) of results: Labour Eyes' multiplier training, the
 * sessions its multipliers give and its KPIs (seed 003); the AMJL club's
 * Anti-Corruption Day and CSR; Interior's ethics training; every quarter
 * of 2569 published. Fixed content: no clock is read. */
static enum sod_err
add_results(struct load *l)
{
	static const char *const places[] = {"10", "11", "12", "13", "40", "74"};
	static const struct { const char *code, *th, *en, *metric; int64_t t, q[4]; } kpis[] = {
		{"multipliers_trained", "อาสาสมัครที่ผ่านการอบรมเป็นวิทยากรตัวคูณ",
		 "Volunteers trained as multiplier trainers", "multipliers_trained", 20, {20, 0, 0, 0}},
		{"sessions_given", "จำนวนครั้งที่วิทยากรตัวคูณถ่ายทอดความรู้",
		 "Sessions given by multiplier trainers", "multiplier_sessions", 40, {8, 10, 10, 12}},
		{"people_reached", "จำนวนผู้ได้รับการเผยแพร่", "People reached",
		 "people_reached", 2000, {400, 500, 500, 600}},
		{"tips_passed_on", "เบาะแสที่ส่งต่อหน่วยงาน", "Tips passed on", "entered", 12,
		 {3, 3, 3, 3}},
	};
	static const int64_t tips_passed[] = {2, 4, 3, 5};
	struct unit_rec eyes, amjl, moi;
	struct training_rec t = {0};
	int64_t training, id;
	enum sod_err err;

	if ((err = store_unit_get_by_code(l->sys->store, l->a, "mol-eyes", &eyes)) ||
	    (err = store_unit_get_by_code(l->sys->store, l->a, "moj-amjl", &amjl)) ||
	    (err = store_unit_get_by_code(l->sys->store, l->a, "moi", &moi)))
		return err;
	t.unit_id = eyes.id;
	t.title = "หลักสูตรวิทยากรตัวคูณดวงตาแรงงาน รุ่นที่ 1";
	t.held_on = "2025-10-20";
	t.place = "กระทรวงแรงงาน";
	t.organiser = "ศปท. กระทรวงแรงงาน";
	t.hours = 12;
	if ((err = store_training_insert(l->sys->store, &t, &training)))
		return err;
	for (unsigned k = 0; k < 20; k++)
		if ((err = store_attendance_add(l->sys->store, training, l->first_person + 929 + k,
		                                true)))
			return err;
	/* 40 sessions: 8, 10, 10, 12 a quarter, led by the 20 multipliers. */
	for (int i = 0; i < 40; i++) {
		static const int per_q[] = {8, 10, 10, 12};
		static const char *const months[4][3] = {{"2025-11", "2025-12", "2025-12"},
		                                         {"2026-01", "2026-02", "2026-03"},
		                                         {"2026-04", "2026-05", "2026-06"},
		                                         {"2026-07", "2026-08", "2026-09"}};
		struct activity_rec r = {0};
		int q = i < 8 ? 0 : i < 18 ? 1 : i < 28 ? 2 : 3;
		int k = i - (q == 0 ? 0 : q == 1 ? 8 : q == 2 ? 18 : 28);
		static const int kinds_n = 4;
		static const char *const kinds[] = {"talk", "leaflet", "broadcast", "online_media"};
		static const char *const titles[] = {
			"บรรยายการแจ้งเบาะแสการทุจริตในสถานประกอบการ",
			"แจกแผ่นพับช่องทางแจ้งเบาะแสแก่ผู้ใช้แรงงาน",
			"เสียงตามสายเรื่องสิทธิแรงงานและการต่อต้านการทุจริต",
			"เผยแพร่สื่อออนไลน์ ดวงตาแรงงานต้านโกง"};

		r.unit_id = eyes.id;
		r.kind = (char *)kinds[i % kinds_n];
		r.title = (char *)titles[i % kinds_n];
		r.held_on = arena_printf(l->a, "%s-%02d", months[q][k % 3], 5 + (k * 3) % 20);
		r.province_code = (char *)places[i % 6];
		r.leader_id = l->first_person + 929 + (i % 20);
		r.training_id = training;
		r.audience = 30 + (i * 17) % 40 + (per_q[q] == 12 ? 15 : 0);
		r.outputs = "";
		r.note = "";
		if (r.held_on == NULL)
			return SOD_ENOMEM;
		if ((err = store_activity_insert(l->sys->store, &r, &id)))
			return err;
		if ((err = store_activity_person_add(l->sys->store, id, r.leader_id)))
			return err;
	}
	for (size_t i = 0; i < sizeof(kpis) / sizeof(kpis[0]); i++) {
		struct kpi_rec k = {.unit_id = eyes.id, .year = 2569, .code = (char *)kpis[i].code,
		                    .name_th = (char *)kpis[i].th, .name_en = (char *)kpis[i].en,
		                    .metric = (char *)kpis[i].metric, .target = kpis[i].t};

		memcpy(k.target_q, kpis[i].q, sizeof(k.target_q));
		if ((err = store_kpi_upsert(l->sys->store, &k, &id)))
			return err;
		if (strcmp(kpis[i].metric, "entered") == 0)
			for (int q = 0; q < 4; q++)
				if ((err = store_kpi_entry_set(l->sys->store, id, q + 1, tips_passed[q],
				                               "บันทึกส่งต่อเบาะแสถึง ป.ป.ช. / ป.ป.ท.")))
					return err;
	}
	{
		static const struct { const char *unit, *kind, *title, *day, *prov;
		                      int64_t heads[7]; } others[] = {
			{"moj-amjl", "anti_corruption_day", "วันต่อต้านคอร์รัปชันสากล 9 ธันวาคม 2568",
			 "2025-12-09", "10", {150, 20, 10, 10, 0, 0, 10}},
			{"moj-amjl", "csr", "กิจกรรม CSR ร่วมกับสำนักงานยุติธรรมจังหวัดสมุทรสาคร",
			 "2026-03-14", "74", {25, 0, 15, 20, 5, 25, 0}},
			{"moj-amjl", "csr", "กิจกรรม CSR ปลูกป่าชายเลน ร่วมกับสำนักงานยุติธรรมจังหวัด",
			 "2026-07-25", "11", {40, 0, 10, 20, 10, 0, 10}},
			{"moi", "ethics", "อบรมส่งเสริมคุณธรรมจริยธรรมข้าราชการกระทรวงมหาดไทย",
			 "2026-02-10", "10", {200, 0, 0, 0, 0, 0, 0}},
			{"moi", "ethics", "อบรมการป้องกันผลประโยชน์ทับซ้อน ศปท. จังหวัด",
			 "2026-06-18", "40", {120, 0, 60, 0, 0, 0, 0}},
		};

		for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
			struct activity_rec r = {0};
			int64_t total = 0;

			r.unit_id = strcmp(others[i].unit, "moi") == 0 ? moi.id : amjl.id;
			r.kind = (char *)others[i].kind;
			r.title = (char *)others[i].title;
			r.held_on = (char *)others[i].day;
			r.province_code = (char *)others[i].prov;
			for (int s = 0; s < SECTOR__MAX; s++)
				total += others[i].heads[s];
			r.audience = total;
			r.outputs = "";
			r.note = "";
			if ((err = store_activity_insert(l->sys->store, &r, &id)))
				return err;
			for (int s = 0; s < SECTOR__MAX; s++)
				if (others[i].heads[s] > 0 &&
				    (err = store_activity_sector_add(l->sys->store, id, activity_sectors[s],
				                                     others[i].heads[s])))
					return err;
		}
	}
	/* Published on the day after each quarter ended (fixed, not the clock). */
	{
		static const int64_t after[] = {1767232800, 1775008800, 1782871200, 1790820000};
		int64_t units[] = {eyes.id, amjl.id, moi.id};

		for (size_t u = 0; u < 3; u++)
			for (int q = 0; q < 4; q++)
				if ((err = store_publish(l->sys->store, units[u], 2569, q + 1, after[q], 0)))
					return err;
	}
	return SOD_OK;
}

/*
 * The two volunteer networks whose seed work is passing on what they see
 * (Labour Eyes; the Khon Kaen network) take tips from the public, as their
 * admins would say on the unit page; other networks, clubs, zones and
 * teams keep their kind's default (domain/tip_route.h).
 */
static enum sod_err
open_to_public(struct load *l)
{
	static const char *const codes[] = {"kkn-net", "mol-eyes"};
	struct unit_rec u;
	enum sod_err err;

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if ((err = store_unit_get_by_code(l->sys->store, l->a, codes[i], &u)) ||
		    (err = store_unit_public_tips_set(l->sys->store, u.id, 1)))
			return err;
	return SOD_OK;
}

enum sod_err
demo_load(struct sys *sys, struct arena *a)
{
	struct load l = {.sys = sys, .a = a};
	struct unit_rec probe;
	enum sod_err err;

	if ((err = tsv_each("geo/districts.tsv", note_district, &l)) != SOD_OK)
		return err;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	err = store_unit_get_by_code(sys->store, a, "moj", &probe);
	if (err == SOD_OK) {
		err = SOD_ECONFLICT;
		goto fail;
	}
	if (err != SOD_ENOTFOUND)
		goto fail;
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if ((err = add(&l, &fixed[i])) != SOD_OK)
			goto fail;
	if ((err = add_kkn(&l)) != SOD_OK || (err = open_to_public(&l)) != SOD_OK ||
	    (err = add_points(&l)) != SOD_OK || (err = demo_monitor(sys, a)) != SOD_OK ||
	    (err = tsv_each("geo/provinces.tsv", add_province, &l)) != SOD_OK)
		goto fail;
	if (l.count != 77) {
		LOG_ERR("the province list has %d rows, not 77", l.count);
		err = SOD_EINVAL;
		goto fail;
	}
	if ((err = store_person_next_id(sys->store, &l.first_person)) ||
	    (err = add_network_people(&l)) || (err = add_activities(&l)) ||
	    (err = add_results(&l)) || (err = demo_ethics(sys, a)))
		goto fail;
	if ((err = store_tx_commit(sys->store)) != SOD_OK)
		return err;
	/* A tip is filed in a transaction of its own (tip_submit). */
	return demo_monitor_finding(sys, a);
fail:
	store_tx_rollback(sys->store);
	return err;
}
