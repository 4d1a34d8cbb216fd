/*
 * test_tip_route.c — where public tips go (domain/tip_route.h) on a real
 * SQLite file: the kinds that receive by default, an admin's say over
 * their own unit only (audited), the province rule [route-province], and
 * the refusals that never fall back to another unit; and the poster's QR
 * code (domain/poster.h) against libqrencode, and its bytes twice alike.
 *
 * The tree:  root ─┬─ moi ─┬─ moi-p40 (province_acoc, 40)
 *                  │       ├─ moi-p10 (province_acoc, 10, closed)
 *                  │       ├─ moi-x40 (department_acoc, 40)
 *                  │       └─ moi-net (network, 40)
 *                  └─ moj
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>

#include <qrencode.h>

#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/keys.h"
#include "domain/poster.h"
#include "domain/report.h"
#include "domain/tip_route.h"
#include "domain/unit.h"

#define PASSWORD "long enough pw"

static struct sys sys;
static struct arena *A;

static void
setup(void)
{
	char path[600];
	int v;
	struct verr ve;
	int64_t id;
	char *recovery;
	struct unit_input units[] = {
		{"moi", "ministry_acoc", "มหาดไทย", "Interior", "root", NULL, NULL},
		{"moi-p40", "province_acoc", "มหาดไทย ขอนแก่น", "Interior Khon Kaen", "moi", "40", NULL},
		{"moi-p10", "province_acoc", "มหาดไทย กรุงเทพฯ", "Interior Bangkok", "moi", "10", NULL},
		{"moi-x40", "department_acoc", "กรมหนึ่ง ขอนแก่น", "Dept Khon Kaen", "moi", "40", NULL},
		{"moi-net", "network", "เครือข่าย", "Network", "moi", "40", NULL},
		{"moj", "ministry_acoc", "ยุติธรรม", "Justice", "root", NULL, NULL},
	};

	if (sys.store != NULL)
		return;
	sec_slow_configure(2, 5000);
	snprintf(path, sizeof(path), "%s/route.db", harness_tmpdir());
	CHECK(store_open(path, &sys.store) == SOD_OK);
	CHECK(store_migrate(sys.store, &v) == SOD_OK);
	snprintf(path, sizeof(path), "%s/route.key", harness_tmpdir());
	CHECK(box_keyfile_create(path) == SOD_OK);
	CHECK(box_open(path, &sys.box) == SOD_OK);
	sys.dir = (char *)harness_tmpdir();
	sys.session_idle = 3600;
	sys.session_max = 12 * 3600;
	A = arena_new(16 << 20);
	CHECK(keys_init_recovery(&sys, A, &recovery) == SOD_OK);
	CHECK(unit_ensure_root(&sys, A) == SOD_OK);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		CHECK(unit_create(&sys, A, &units[i], &ve, &id) == SOD_OK);
	CHECK(unit_update(&sys, A, "moi-p10", NULL, NULL, NULL, 1, &ve) == SOD_OK);
}

static bool
session_for(const char *user, enum role role, const char *unit, struct session *ses)
{
	struct verr ve = {0};
	int64_t id = 0, retry;
	char *token = NULL;
	bool full = false;

	CHECK(auth_account_create(&sys, A, user, NULL, PASSWORD, role, unit, 0, &ve, &id) ==
	      SOD_OK);
	CHECK(auth_login(&sys, A, user, PASSWORD, &token, &full, &retry) == SOD_OK);
	return token != NULL && full && auth_session(&sys, A, token, ses) == SOD_OK;
}

/* The code tip_route gives, or the error's name. */
static const char *
route(const char *chosen, const char *province)
{
	struct unit_rec d;
	enum sod_err err = tip_route(&sys, A, chosen, province, &d);

	if (err == SOD_ENOTFOUND)
		return "ENOTFOUND";
	if (err == SOD_EPERM)
		return "EPERM";
	return err ? "error" : d.code;
}

static void
test_route_kinds(void)
{
	CHECK(tip_route_receives("ministry_acoc", -1));
	CHECK(tip_route_receives("province_acoc", -1));
	CHECK(tip_route_receives("provincial_office", -1));
	CHECK(tip_route_receives("national_agency", -1));
	CHECK(!tip_route_receives("network", -1));
	CHECK(!tip_route_receives("team", -1));
	CHECK(!tip_route_receives("club", -1));
	CHECK(!tip_route_receives(NULL, -1));
	CHECK(tip_route_receives("network", 1));
	CHECK(!tip_route_receives("ministry_acoc", 0));
}

/* [route-province] */
static void
test_route_province(void)
{
	setup();
	CHECK_STR(route("moi", "40"), "moi-p40");
	CHECK_STR(route("moi", NULL), "moi");
	CHECK_STR(route("moi", ""), "moi");
	CHECK_STR(route("moi", "41"), "moi");         /* no ACOC of that province */
	CHECK_STR(route("moi", "10"), "moi");         /* its ACOC is closed */
	CHECK_STR(route("moj", "40"), "moj");         /* no province ACOCs at all */
	CHECK_STR(route(NULL, "40"), "root");
	CHECK_STR(route("", NULL), "root");
	CHECK_STR(route("moi-p40", "10"), "moi-p40"); /* chosen directly: kept */
	CHECK_STR(route("moi-x40", "40"), "moi-x40"); /* a department is no province ACOC */
}

static void
test_route_refusals(void)
{
	char huge[5000];

	setup();
	memset(huge, 'a', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = '\0';
	CHECK_STR(route("moi-net", NULL), "EPERM");   /* a network does not receive */
	CHECK_STR(route("moi-net", "40"), "EPERM");
	CHECK_STR(route("moi-p10", NULL), "ENOTFOUND"); /* closed */
	CHECK_STR(route("nope", NULL), "ENOTFOUND");
	CHECK_STR(route("<script>alert(1)</script>", "40"), "ENOTFOUND");
	CHECK_STR(route("moi' OR '1'='1", NULL), "ENOTFOUND");
	CHECK_STR(route("MOI", NULL), "ENOTFOUND");
	CHECK_STR(route(huge, NULL), "ENOTFOUND");
	CHECK_STR(route("moi\xff", NULL), "ENOTFOUND");
}

static int64_t
audit_count(int64_t unit, const char *action)
{
	struct audit_entry *e;
	size_t n = 0;
	int64_t total = 0, hits = 0;
	char object[64];

	snprintf(object, sizeof(object), "unit:%lld", (long long)unit);
	CHECK(audit_list(&sys, A, object, AUDIT_LIST_MAX, 0, &e, &n, &total) == SOD_OK);
	for (size_t i = 0; i < n; i++)
		hits += strcmp(e[i].action, action) == 0;
	return hits;
}

static void
test_route_set(void)
{
	struct session adm, other, off;
	struct unit_rec u;
	int64_t audited;

	setup();
	CHECK(session_for("adm", ROLE_ADMIN, "moi", &adm));
	CHECK(session_for("other", ROLE_ADMIN, "moj", &other));
	CHECK(session_for("off", ROLE_SUPERVISOR, "moi", &off));
	CHECK(unit_get(&sys, A, "moi-net", &u, NULL) == SOD_OK);
	audited = audit_count(u.id, "unit.public_tips");
	/* Only an admin of the unit's line. */
	CHECK(tip_route_set(&sys, A, &other, "moi-net", 1) == SOD_EPERM);
	CHECK(tip_route_set(&sys, A, &off, "moi-net", 1) == SOD_EPERM);
	CHECK(tip_route_set(&sys, A, &adm, "moi-net", 7) == SOD_EINVAL);
	CHECK(tip_route_set(&sys, A, &adm, "nope", 1) == SOD_ENOTFOUND);
	CHECK_STR(route("moi-net", NULL), "EPERM");
	CHECK(tip_route_set(&sys, A, &other, "moi-net", 1) == SOD_EPERM);
	CHECK(audit_count(u.id, "unit.public_tips") == audited);  /* refusals leave none */
	/* A network that says yes receives; a province ACOC that says no
	 * neither receives nor catches its ministry's tips. */
	CHECK(tip_route_set(&sys, A, &adm, "moi-net", 1) == SOD_OK);
	CHECK_STR(route("moi-net", NULL), "moi-net");
	CHECK(audit_count(u.id, "unit.public_tips") == audited + 1);
	CHECK(tip_route_set(&sys, A, &adm, "moi-p40", 0) == SOD_OK);
	CHECK_STR(route("moi-p40", NULL), "EPERM");
	CHECK_STR(route("moi", "40"), "moi");
	CHECK(tip_route_set(&sys, A, &adm, "moi-p40", -1) == SOD_OK);
	CHECK_STR(route("moi", "40"), "moi-p40");
	/* The whole ministry can stop taking tips. */
	CHECK(tip_route_set(&sys, A, &adm, "moi", 0) == SOD_OK);
	CHECK_STR(route("moi", "40"), "EPERM");
	/* Back as the kinds say, for the cases after this one. */
	CHECK(tip_route_set(&sys, A, &adm, "moi", -1) == SOD_OK);
	CHECK(tip_route_set(&sys, A, &adm, "moi-net", -1) == SOD_OK);
	CHECK_STR(route("moi", "40"), "moi-p40");
}

static void
test_route_receivers(void)
{
	struct unit_rec *u;
	size_t n;
	struct session adm;
	bool net = false, p40 = false, p10 = false;

	setup();
	CHECK(tip_route_receivers(&sys, A, &u, &n) == SOD_OK);
	CHECK(n == 5);  /* root, moi, moi-p40, moi-x40, moj */
	CHECK(n > 0 && u[0].parent_id == 0);
	for (size_t i = 0; i < n; i++) {
		net |= strcmp(u[i].code, "moi-net") == 0;
		p40 |= strcmp(u[i].code, "moi-p40") == 0;
		p10 |= strcmp(u[i].code, "moi-p10") == 0;
	}
	CHECK(!net && p40 && !p10);
	CHECK(session_for("adm2", ROLE_ADMIN, "root", &adm));
	CHECK(tip_route_set(&sys, A, &adm, "moi-net", 1) == SOD_OK);
	CHECK(tip_route_set(&sys, A, &adm, "moj", 0) == SOD_OK);
	CHECK(tip_route_receivers(&sys, A, &u, &n) == SOD_OK);
	net = false;
	for (size_t i = 0; i < n; i++) {
		net |= strcmp(u[i].code, "moi-net") == 0;
		CHECK(strcmp(u[i].code, "moj") != 0);
	}
	CHECK(net && n == 5);
	CHECK(tip_route_set(&sys, A, &adm, "moi-net", -1) == SOD_OK);
	CHECK(tip_route_set(&sys, A, &adm, "moj", -1) == SOD_OK);
}

/* The poster's QR modules are libqrencode's for the same text, byte mode. */
static void
test_poster_qr(void)
{
	const char *url = "https://acoc.example.go.th/report?to=moi-p40";
	unsigned char *m;
	int width;
	QRcode *q;
	char big[4000];
	struct arena *a = arena_new(1 << 20);

	CHECK(poster_qr(a, url, &m, &width) == SOD_OK);
	q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	CHECK(q != NULL && q->width == width && width >= 21 && (width - 17) % 4 == 0);
	for (int i = 0; q && i < width * width; i++)
		if (m[i] != (q->data[i] & 1)) {
			CHECK(!"module differs");
			break;
		}
	QRcode_free(q);
	/* Another link, another code. */
	{
		unsigned char *m2;
		int w2;

		CHECK(poster_qr(a, "https://acoc.example.go.th/report?to=moj", &m2, &w2) == SOD_OK);
		CHECK(w2 != width || memcmp(m, m2, (size_t)width * width) != 0);
	}
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(poster_qr(a, big, &m, &width) == SOD_EINVAL);  /* more than a QR code holds */
	CHECK(poster_qr(a, "", &m, &width) == SOD_EINVAL);
	arena_free(&a);
}

static void
test_poster_deterministic(void)
{
	struct poster_text t = {"แจ้งเบาะแสการทุจริต", "Report corruption", "ไม่ต้องบอกชื่อ",
	                        "สแกน", "รหัสติดตาม", "receipt"};
	struct buf x, y;
	struct arena *a = arena_new(1 << 20);

	buf_init(&x, 16u << 20);
	buf_init(&y, 16u << 20);
	CHECK(poster_render(a, &t, "ศูนย์ฯ มหาดไทย ขอนแก่น", "Interior Khon Kaen",
	                    "https://x.example/report?to=moi-p40", &x) == SOD_OK);
	CHECK(poster_render(a, &t, "ศูนย์ฯ มหาดไทย ขอนแก่น", "Interior Khon Kaen",
	                    "https://x.example/report?to=moi-p40", &y) == SOD_OK);
	CHECK(x.len > 1000 && x.len == y.len && memcmp(x.data, y.data, x.len) == 0);
	CHECK(x.len > 4 && memcmp(x.data, "%PDF", 4) == 0);
	buf_free(&x);
	buf_init(&x, 16u << 20);
	CHECK(poster_render(a, &t, "x", NULL, "", &x) == SOD_EINVAL);
	buf_free(&x);
	buf_free(&y);
	arena_free(&a);
	report_shutdown();  /* fontconfig's caches: this case may run alone */
}

static void
test_teardown(void)
{
	arena_free(&A);
	store_close(&sys.store);
	box_free(&sys.box);
	CHECK(A == NULL);
}

const struct test tests[] = {
	TEST(test_route_kinds),
	TEST(test_route_province),
	TEST(test_route_refusals),
	TEST(test_route_set),
	TEST(test_route_receivers),
	TEST(test_poster_qr),
	TEST(test_poster_deterministic),
	TEST(test_teardown),
	{0},
};
