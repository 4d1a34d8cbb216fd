/*
 * test_network.c — the people of the networks (network.h) and bulk import
 * (import.h) on a real SQLite file: checking and sealing a person, finding
 * duplicates, CSV imports with Thai headers and values, all-or-nothing
 * commits, the encrypted staging of an upload, member counts that survive
 * erasure, and who may see and manage a unit's people; an import that
 * matches someone out of the importer's reach (scope-import), export and
 * erasure across a person's units (scope-pdpa), and search totals
 * (scope-search).
 */
#include "harness.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <unistd.h>

#include "domain/auth.h"
#include "domain/import.h"
#include "domain/keys.h"
#include "domain/audit.h"
#include "domain/network.h"
#include "domain/scope.h"
#include "domain/unit.h"

#define CID      "1112034563562"        /* a valid citizen ID */
#define CID_2    "1103500123454"
#define CID_3    "3101001234565"
#define CID_4    "1709900045671"
#define CID_5    "1103500998876"
#define CID_6    "3101005551239"
#define PASSWORD "long enough pw"

static struct sys sys;
static struct arena *A;
static char dir[512];

static void
setup(void)
{
	static int serial;
	char path[600];
	int v;
	struct verr ve;
	int64_t id;
	struct unit_input units[] = {
		{"moi", "ministry_acoc", "มหาดไทย", "Interior", "root", NULL, NULL},
		{"moi-p40", "province_acoc", "ขอนแก่น", "Khon Kaen", "moi", "40", NULL},
		{"net-a", "network", "เครือข่ายเอ", "Network A", "moi-p40", "40", NULL},
		{"net-a-t1", "team", "ทีมหนึ่ง", "Team 1", "net-a", "40", "4001"},
		{"net-b", "network", "เครือข่ายบี", "Network B", "moi-p40", "40", NULL},
		{"imp", "network", "นำเข้า", "Import", "moi-p40", NULL, NULL},
		{"cnt", "club", "ชมรม", "Club", "moi-p40", NULL, NULL},
		{"cnt-t1", "team", "ทีมชมรม", "Club team", "cnt", NULL, NULL},
	};

	/* Each test starts from a database of its own. */
	serial++;
	arena_free(&A);
	store_close(&sys.store);
	box_free(&sys.box);
	sec_slow_configure(2, 5000);
	snprintf(dir, sizeof(dir), "%s", harness_tmpdir());
	snprintf(path, sizeof(path), "%s/network%d.db", dir, serial);
	CHECK(store_open(path, &sys.store) == SOD_OK);
	CHECK(store_migrate(sys.store, &v) == SOD_OK);
	snprintf(path, sizeof(path), "%s/network%d.key", dir, serial);
	CHECK(box_keyfile_create(path) == SOD_OK);
	CHECK(box_open(path, &sys.box) == SOD_OK);
	sys.dir = dir;
	sys.session_idle = 3600;
	sys.session_max = 12 * 3600;
	A = arena_new(16 << 20);
	{
		char *recovery;

		/* Units get key pairs sealed to the recovery key (domain/keys.h). */
		CHECK(keys_init_recovery(&sys, A, &recovery) == SOD_OK);
	}
	CHECK(unit_ensure_root(&sys, A) == SOD_OK);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		CHECK(unit_create(&sys, A, &units[i], &ve, &id) == SOD_OK);
}

static int64_t
unit_id(const char *code)
{
	struct unit_rec u = {0};

	CHECK(unit_get(&sys, A, code, &u, NULL) == SOD_OK);
	return u.id;
}

/* Write a fixture file in the test folder; its path. */
static const char *
fixture(const char *name, const char *text)
{
	static char path[4][600];
	static int turn;
	char *p = path[turn++ % 4];
	FILE *f;

	snprintf(p, sizeof(path[0]), "%s/%s", dir, name);
	f = fopen(p, "wb");
	CHECK(f != NULL);
	if (f != NULL) {
		CHECK(fputs(text, f) >= 0);
		fclose(f);
	}
	return p;
}

static void
direct_count(const char *code, int64_t *direct, int64_t *subtree)
{
	*direct = *subtree = -1;
	CHECK(unit_member_counts(&sys, unit_id(code), direct, subtree) == SOD_OK);
}

/* ---- person_prepare ------------------------------------------------------- */

#define OK_NAMES .given_th = "สมชาย", .family_th = "ใจดี", .kind = "volunteer"

static void
test_prepare_table(void)
{
	char long101[400] = "", long100[400] = "";
	struct {
		struct person_input in;
		enum sod_err err;
		const char *field;  /* at fault, when err */
		const char *phone;  /* normalised, when OK; NULL: none */
	} t[] = {
		/* names */
		{{OK_NAMES}, SOD_OK, NULL, NULL},
		{{.given_th = "", .family_th = "ใจดี", .kind = "volunteer"}, SOD_EINVAL, "given_th", NULL},
		{{.given_th = NULL, .family_th = "ใจดี", .kind = "volunteer"}, SOD_EINVAL, "given_th", NULL},
		{{.given_th = "สมชาย", .family_th = "", .kind = "volunteer"}, SOD_EINVAL, "family_th", NULL},
		{{.given_th = long101, .family_th = "ใจดี", .kind = "volunteer"}, SOD_EINVAL, "given_th", NULL},
		{{.given_th = "สมชาย", .family_th = long101, .kind = "volunteer"}, SOD_EINVAL, "family_th", NULL},
		{{.given_th = long100, .family_th = long100, .kind = "volunteer"}, SOD_OK, NULL, NULL},
		{{.given_th = "สม\nชาย", .family_th = "ใจดี", .kind = "volunteer"}, SOD_EINVAL, "given_th", NULL},
		{{.given_th = "\xe0\xb8", .family_th = "ใจดี", .kind = "volunteer"}, SOD_EINVAL, "given_th", NULL},
		/* kind */
		{{.given_th = "สมชาย", .family_th = "ใจดี", .kind = "wizard"}, SOD_EINVAL, "kind", NULL},
		{{.given_th = "สมชาย", .family_th = "ใจดี", .kind = NULL}, SOD_EINVAL, "kind", NULL},
		{{.given_th = "สมชาย", .family_th = "ใจดี", .kind = "อาสาสมัคร"}, SOD_EINVAL, "kind", NULL},
		/* phones, with their national form */
		{{OK_NAMES, .phone = "081-234-5678"}, SOD_OK, NULL, "0812345678"},
		{{OK_NAMES, .phone = "+66 81 234 5678"}, SOD_OK, NULL, "0812345678"},
		{{OK_NAMES, .phone = "๐๘๑-๒๓๔-๕๖๗๘"}, SOD_OK, NULL, "0812345678"},
		{{OK_NAMES, .phone = "02-123-4567"}, SOD_OK, NULL, "021234567"},
		{{OK_NAMES, .phone = "043 123456"}, SOD_OK, NULL, "043123456"},
		{{OK_NAMES, .phone = "081234567"}, SOD_EINVAL, "phone", NULL},
		{{OK_NAMES, .phone = "1669"}, SOD_EINVAL, "phone", NULL},
		{{OK_NAMES, .phone = "call me"}, SOD_EINVAL, "phone", NULL},
		{{OK_NAMES, .phone = "0812345678; DROP TABLE"}, SOD_EINVAL, "phone", NULL},
		/* e-mails */
		{{OK_NAMES, .email = "somchai@example.co.th"}, SOD_OK, NULL, NULL},
		{{OK_NAMES, .email = "a@b"}, SOD_EINVAL, "email", NULL},
		{{OK_NAMES, .email = "somchai.example.com"}, SOD_EINVAL, "email", NULL},
		{{OK_NAMES, .email = "a@@example.com"}, SOD_EINVAL, "email", NULL},
		{{OK_NAMES, .email = "som chai@example.com"}, SOD_EINVAL, "email", NULL},
		{{OK_NAMES, .email = "สมชาย@example.com"}, SOD_EINVAL, "email", NULL},
		{{OK_NAMES, .email = "x@example.com."}, SOD_EINVAL, "email", NULL},
		{{OK_NAMES, .email = "<script>@x.com"}, SOD_EINVAL, "email", NULL},
		/* LINE ID */
		{{OK_NAMES, .line_id = "somchai_99"}, SOD_OK, NULL, NULL},
		{{OK_NAMES, .line_id = "line\x01id"}, SOD_EINVAL, "line_id", NULL},
		/* province and district codes */
		{{OK_NAMES, .province = "40"}, SOD_OK, NULL, NULL},
		{{OK_NAMES, .province = "99"}, SOD_EINVAL, "province", NULL},
		{{OK_NAMES, .province = "40", .district = "4101"}, SOD_EINVAL, "district", NULL},
		{{OK_NAMES, .province = "40", .district = "4001"}, SOD_OK, NULL, NULL},
		{{OK_NAMES, .district = "4001"}, SOD_EINVAL, "district", NULL},
		/* citizen ID */
		{{OK_NAMES, .citizen_id = CID}, SOD_OK, NULL, NULL},
		{{OK_NAMES, .citizen_id = "1112034563561"}, SOD_EINVAL, "citizen_id", NULL},
		{{OK_NAMES, .citizen_id = "1-1120-34563-56-2"}, SOD_OK, NULL, NULL},
		{{OK_NAMES, .citizen_id = "๑-๑๑๒๐-๓๔๕๖๓-๕๖-๒"}, SOD_OK, NULL, NULL},
		{{OK_NAMES, .citizen_id = "11120345635"}, SOD_EINVAL, "citizen_id", NULL},
		{{OK_NAMES, .citizen_id = "1112034563562x"}, SOD_EINVAL, "citizen_id", NULL},
	};

	setup();
	for (size_t i = 0; i < 101; i++) {  /* "ก" is 3 bytes */
		memcpy(long101 + 3 * i, "ก", 3);
		if (i < 100)
			memcpy(long100 + 3 * i, "ก", 3);
	}
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct person_rec rec;
		struct verr ve = {0};
		enum sod_err err = person_prepare(&sys, A, &t[i].in, &rec, &ve);

		if (err != t[i].err)
			fprintf(stderr, "case %zu: got %s\n", i, sod_strerror(err));
		CHECK(err == t[i].err);
		if (t[i].err != SOD_OK) {
			CHECK_STR(ve.field, t[i].field);
			CHECK(ve.key != NULL && strncmp(ve.key, "error.field.", 12) == 0);
			continue;
		}
		if (err != SOD_OK)
			continue;
		CHECK_STR(rec.given_th, t[i].in.given_th);
		CHECK_STR(rec.kind, t[i].in.kind);
		if (t[i].phone != NULL)
			CHECK_STR(rec.phone, t[i].phone);
		else
			CHECK(rec.phone == NULL);
		if (t[i].in.email != NULL)
			CHECK_STR(rec.email, t[i].in.email);
		if (t[i].in.district != NULL)
			CHECK_STR(rec.district_code, t[i].in.district);
		CHECK((rec.cid_sealed != NULL) == (t[i].in.citizen_id != NULL));
		CHECK(rec.search != NULL && strstr(rec.search, t[i].in.given_th) != NULL);
	}
}

static void
test_prepare_consent(void)
{
	struct person_input in = {OK_NAMES, .given_en = "Somchai", .family_en = "JAIDEE",
	                          .consent = true};
	struct person_rec rec;
	struct verr ve = {0};

	setup();
	CHECK(person_prepare(&sys, A, &in, &rec, &ve) == SOD_OK);
	CHECK_STR(rec.consent_version, "v1");
	CHECK_STR(rec.consent_version, CONSENT_VERSION);
	CHECK(rec.consent_at > 0);
	CHECK(strstr(rec.search, "jaidee") != NULL);  /* lower-cased for search */
	in.consent = false;
	CHECK(person_prepare(&sys, A, &in, &rec, &ve) == SOD_OK);
	CHECK_STR(rec.consent_version, "");
	CHECK(rec.consent_at == 0);
}

static void
test_citizen_id_sealed(void)
{
	static const char *const same[] = {
		CID, "1-1120-34563-56-2", "1 1120 34563 56 2", "๑๑๑๒๐๓๔๕๖๓๕๖๒",
	};
	struct person_input in = {OK_NAMES, .citizen_id = CID};
	struct person_rec first, rec, other, none;
	struct verr ve = {0};
	char *digits = NULL, *tampered;

	setup();
	CHECK(person_prepare(&sys, A, &in, &first, &ve) == SOD_OK);
	CHECK(first.cid_sealed != NULL && first.cid_hash != NULL);
	if (first.cid_sealed == NULL || first.cid_hash == NULL)
		return;
	/* Neither the sealed form nor the hash shows the digits. */
	CHECK(strstr(first.cid_sealed, CID) == NULL);
	CHECK(strstr(first.cid_sealed, "34563") == NULL);
	CHECK(strstr(first.cid_hash, CID) == NULL);
	CHECK(strlen(first.cid_hash) == 64);
	CHECK(person_citizen_id(&sys, A, &first, &digits) == SOD_OK);
	CHECK_STR(digits, CID);
	/* Every way of writing it finds the same person; seals differ. */
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		in.citizen_id = same[i];
		CHECK(person_prepare(&sys, A, &in, &rec, &ve) == SOD_OK);
		CHECK_STR(rec.cid_hash, first.cid_hash);
		CHECK(strcmp(rec.cid_sealed, first.cid_sealed) != 0);
		CHECK(person_citizen_id(&sys, A, &rec, &digits) == SOD_OK);
		CHECK_STR(digits, CID);
	}
	in.citizen_id = CID_2;
	CHECK(person_prepare(&sys, A, &in, &other, &ve) == SOD_OK);
	CHECK(strcmp(other.cid_hash, first.cid_hash) != 0);
	CHECK(person_citizen_id(&sys, A, &other, &digits) == SOD_OK);
	CHECK_STR(digits, CID_2);
	/* No citizen ID: nothing sealed, nothing to open. */
	in.citizen_id = NULL;
	CHECK(person_prepare(&sys, A, &in, &none, &ve) == SOD_OK);
	CHECK(none.cid_sealed == NULL && none.cid_hash == NULL);
	CHECK(person_citizen_id(&sys, A, &none, &digits) == SOD_OK);
	CHECK(digits == NULL);
	/* An altered seal does not open. */
	tampered = arena_strdup(A, first.cid_sealed);
	tampered[strlen(tampered) / 2] ^= 1;
	rec = first;
	rec.cid_sealed = tampered;
	CHECK(person_citizen_id(&sys, A, &rec, &digits) != SOD_OK);
}

/* ---- the member list's keyset paging --------------------------------------- */

static int64_t
member(const char *given, const char *family, int k)
{
	char phone[16];
	struct person_input in = {.given_th = given, .family_th = family, .kind = "volunteer",
	                          .phone = phone};
	struct verr ve = {0};
	int64_t id = 0;

	snprintf(phone, sizeof(phone), "08900000%02d", k);
	CHECK(person_create(&sys, A, &in, "net-a", "member", "", &ve, &id) == SOD_OK);
	return id;
}

/* Pages by cursor: Thai name order with ties on the name broken by id,
 * no repeat and no gap while members join between pages; the total
 * counts every member; a cursor of a person of another unit or unknown
 * gives nothing rather than someone else's page. */
static void
test_member_keyset(void)
{
	static const char *const names[][2] = {
		{"สมชาย", "ใจดี"}, {"สมชาย", "ใจดี"}, {"มาลี", "ศรีสุข"}, {"สมชาย", "ใจดี"},
		{"กมล", "ทองดี"}, {"สมชาย", "ใจดี"}, {"วิชัย", "มั่นคง"},
	};
	struct member_row *m, *all;
	int64_t want[8], total, after = 0, last_id = 0, u = 0;
	size_t n, nall, seen = 0, nwant = 0;
	int pages = 0;

	setup();
	u = unit_id("net-a");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		(void)member(names[i][0], names[i][1], (int)i);
	CHECK(network_members(&sys, A, u, 0, 50, 0, &all, &nall, &total) == SOD_OK);
	CHECK(nall == 7 && total == 7);
	for (size_t i = 0; i < nall; i++)
		want[nwant++] = all[i].p.id;
	do {
		CHECK(network_members(&sys, A, u, after, 2, 0, &m, &n, &total) == SOD_OK);
		CHECK(total == 7 + (pages > 0));
		for (size_t i = 0; i < n; i++) {
			CHECK(seen < nwant && m[i].p.id == want[seen]);   /* no repeat, no gap */
			last_id = m[i].p.id;
			seen++;
		}
		if (pages++ == 0)
			(void)member("กมล", "กาญจนา", 20);   /* sorts first: before the cursor */
		after = n == 2 ? last_id : 0;
	} while (after != 0);
	CHECK(seen == 7);
	/* Ties: the four สมชาย ใจดี in id order, paged one by one. */
	after = 0;
	for (size_t i = 0; i < nwant; i++)
		if (strcmp(all[i].p.given_th, "สมชาย") == 0) {
			if (after != 0) {
				CHECK(network_members(&sys, A, u, after, 1, 0, &m, &n, &total) == SOD_OK);
				CHECK(n == 1 && m[0].p.id == all[i].p.id);
			}
			after = all[i].p.id;
		}
	/* offset after a cursor skips; an unknown person gives an empty page. */
	CHECK(network_members(&sys, A, u, want[0], 2, 1, &m, &n, &total) == SOD_OK);
	CHECK(n == 2 && m[0].p.id == want[2] && m[1].p.id == want[3]);
	CHECK(network_members(&sys, A, u, 999999, 2, 0, &m, &n, &total) == SOD_OK);
	CHECK(n == 0 && total == 8);
	CHECK(network_members(&sys, A, unit_id("net-b"), want[0], 5, 0, &m, &n, &total) == SOD_OK);
	CHECK(n == 0 && total == 0);
}

/* ---- person_create -------------------------------------------------------- */

static void
test_create_refuses_duplicates(void)
{
	struct person_input in = {OK_NAMES, .phone = "0891112222", .citizen_id = CID_3};
	struct person_input again = {.given_th = "สมศรี", .family_th = "มีสุข",
	                             .kind = "staff", .phone = "089-111-2222"};
	struct verr ve = {0};
	int64_t id = 0, dup = 0;

	setup();
	CHECK(person_create(&sys, A, &in, "net-a", "member", "2025-01-15", &ve, &id) ==
	      SOD_OK);
	CHECK(id > 0);
	/* The same phone, written another way. */
	CHECK(person_create(&sys, A, &again, "net-b", "member", "", &ve, &dup) ==
	      SOD_ECONFLICT);
	CHECK_STR(ve.field, "phone");
	CHECK(dup == id);
	/* The same citizen ID with another phone. */
	again.phone = "0893334444";
	again.citizen_id = "3-1010-01234-56-5";
	ve = (struct verr){0};
	CHECK(person_create(&sys, A, &again, "net-b", "member", "", &ve, &dup) ==
	      SOD_ECONFLICT);
	CHECK_STR(ve.field, "citizen_id");
	CHECK(dup == id);
	/* The membership's own checks. */
	again.citizen_id = NULL;
	CHECK(person_create(&sys, A, &again, "net-b", "king", "", &ve, &dup) == SOD_EINVAL);
	CHECK_STR(ve.field, "role");
	CHECK(person_create(&sys, A, &again, "net-b", "member", "2025-02-30", &ve, &dup) ==
	      SOD_EINVAL);
	CHECK_STR(ve.field, "joined_on");
	CHECK(person_create(&sys, A, &again, "nowhere", "member", "", &ve, &dup) ==
	      SOD_ENOTFOUND);
	CHECK_STR(ve.field, "unit");
	/* Nothing of the refused ones was written: the phone is still free. */
	CHECK(person_create(&sys, A, &again, "net-b", "member", "", &ve, &dup) == SOD_OK);
	CHECK(dup != id);
}

/* ---- import --------------------------------------------------------------- */

static void
test_import_thai_header_and_values(void)
{
	const char *path = fixture(
	    "thai.csv",
	    "\xef\xbb\xbfชื่อ,นามสกุล,ประเภท,บทบาท,โทรศัพท์,เลขประจำตัวประชาชน,ยินยอม,"
	    "จังหวัด,อำเภอ,หมายเหตุ\r\n"
	    "มานะ,ขยันยิ่ง,อาสาสมัคร,หัวหน้าทีม,081-555-0001,,ใช่,40,4001,อะไรก็ได้\r\n"
	    " มานี , รักเรียน ,นักศึกษา,สมาชิก,+66 81 555 0002,,,,,\r\n"
	    "ปิติ,พอใจ,,,,,,,,\r\n");
	struct import_batch b;
	size_t line = 99, created = 0, linked = 0;
	int64_t direct, subtree;

	setup();
	CHECK(import_read(&sys, A, NULL, path, 100, &b, &line, NULL, NULL) == SOD_OK);
	CHECK(line == 0);
	CHECK(b.n == 3 && b.bad == 0 && b.existing == 0 && b.missing_column == NULL);
	if (b.n != 3)
		return;
	CHECK(b.rows[0].line == 2 && b.rows[2].line == 4);
	CHECK_STR(b.rows[0].rec.kind, "volunteer");
	CHECK_STR(b.rows[0].role, "leader");
	CHECK_STR(b.rows[0].rec.phone, "0815550001");
	CHECK_STR(b.rows[0].rec.consent_version, "v1");
	CHECK_STR(b.rows[0].rec.district_code, "4001");
	CHECK_STR(b.rows[1].rec.given_th, "มานี");   /* trimmed */
	CHECK_STR(b.rows[1].rec.kind, "student");
	CHECK_STR(b.rows[1].role, "member");
	CHECK_STR(b.rows[1].rec.phone, "0815550002");
	CHECK_STR(b.rows[1].rec.consent_version, "");
	CHECK_STR(b.rows[2].rec.kind, "volunteer");  /* the defaults */
	CHECK_STR(b.rows[2].role, "member");
	CHECK(b.rows[2].key == NULL);
	CHECK(import_commit(&sys, A, &b, "imp", &created, &linked) == SOD_OK);
	CHECK(created == 3 && linked == 0);
	direct_count("imp", &direct, &subtree);
	CHECK(direct == 3 && subtree == 3);
	CHECK(import_commit(&sys, A, &b, "nowhere", &created, &linked) == SOD_ENOTFOUND);
}

static void
test_import_missing_column(void)
{
	static const struct {
		const char *text;
		const char *missing;
	} t[] = {
		{"ชื่อ,โทรศัพท์\nมานะ,0815550009\n", "family_th"},
		{"given_th,last_name\nมานะ,ขยัน\n", "family_th"},
		{"นามสกุล,phone\nขยัน,0815550009\n", "given_th"},
		{"", "given_th"},
		{"\r\n\r\n", "given_th"},
	};

	setup();
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct import_batch b;
		size_t line;

		CHECK(import_read(&sys, A, NULL, fixture("missing.csv", t[i].text), 100, &b, &line,
		                  NULL, NULL) == SOD_EINVAL);
		CHECK_STR(b.missing_column, t[i].missing);
		CHECK(b.n == 0);
	}
}

static void
test_import_file_errors(void)
{
	struct import_batch b;
	size_t line = 0;

	setup();
	/* More rows than allowed. */
	CHECK(import_read(&sys, A, NULL,
	                  fixture("many.csv", "ชื่อ,นามสกุล\nก,ข\nค,ง\nจ,ฉ\n"), 2, &b,
	                  &line, NULL, NULL) == SOD_ETOOBIG);
	/* Not UTF-8 (a file saved as TIS-620), with the line it is on. */
	CHECK(import_read(&sys, A, NULL,
	                  fixture("tis.csv", "ชื่อ,นามสกุล\nก,ข\n\xca\xc1\xaa\xd2\xc2,x\n"),
	                  100, &b, &line, NULL, NULL) == SOD_EUTF8);
	CHECK(line == 3);
	/* An unclosed quote: the line where its row starts. */
	CHECK(import_read(&sys, A, NULL, fixture("quote.csv", "ชื่อ,นามสกุล\n\"ก,ข\nค,ง\n"), 100,
	                  &b, &line, NULL, NULL) == SOD_EINVAL);
	CHECK(line == 2);
	/* No such file. */
	CHECK(import_read(&sys, A, NULL, "/nonexistent/x.csv", 100, &b, &line, NULL, NULL) ==
	      SOD_EIO);
}

static void
test_import_duplicates_in_file(void)
{
	const char *path = fixture(
	    "dups.csv",
	    "given_th,family_th,phone,citizen_id\n"
	    "ก,หนึ่ง,0816660001,\n"                   /* 2 */
	    "ข,สอง,," CID_4 "\n"                      /* 3 */
	    "ค,สาม,081-666-0001,\n"                   /* 4: phone of 2 */
	    "ง,สี่,0816660004,1-7099-00045-67-1\n"    /* 5: citizen ID of 3 */
	    "จ,ห้า,0816660005,\n");                   /* 6 */
	struct import_batch b;
	size_t line, created = 9, linked = 9;
	int64_t before, after, sub;

	setup();
	CHECK(import_read(&sys, A, NULL, path, 100, &b, &line, NULL, NULL) == SOD_OK);
	CHECK(b.n == 5 && b.bad == 2);
	if (b.n != 5)
		return;
	CHECK(b.rows[0].key == NULL && b.rows[0].dup_line == 0);
	CHECK(b.rows[1].key == NULL && b.rows[1].dup_line == 0);
	CHECK(b.rows[2].dup_line == 2);
	CHECK_STR(b.rows[2].field, "phone");
	CHECK_STR(b.rows[2].key, "error.field.row_duplicate");
	CHECK(b.rows[3].dup_line == 3);
	CHECK_STR(b.rows[3].field, "citizen_id");
	CHECK(b.rows[4].key == NULL);
	/* The batch is refused whole: not even the good rows are written. */
	direct_count("net-a-t1", &before, &sub);
	CHECK(import_commit(&sys, A, &b, "net-a-t1", &created, &linked) == SOD_EINVAL);
	CHECK(created == 0 && linked == 0);
	direct_count("net-a-t1", &after, &sub);
	CHECK(after == before);
	CHECK(import_read(&sys, A, NULL, path, 100, &b, &line, NULL, NULL) == SOD_OK);
	CHECK(b.existing == 0);
}

static void
test_import_bad_rows_refused(void)
{
	const char *path = fixture(
	    "bad.csv",
	    "ชื่อ,นามสกุล,โทรศัพท์,ประเภท,บทบาท,วันที่เข้าร่วม,อีเมล\n"
	    "ดี,มาก,0817770001,,,2025-03-01,\n"
	    "โทร,ผิด,12345,,,,\n"
	    "ประเภท,ผิด,,พ่อมด,,,\n"
	    "บทบาท,ผิด,,,ราชา,,\n"
	    "วันที่,ผิด,,,,31/12/2025,\n"
	    "อีเมล,ผิด,,,,,nobody\n"
	    ",ไม่มีชื่อ,,,,,\n");
	static const struct {
		const char *field, *key;
	} want[] = {
		{NULL, NULL},
		{"phone", "error.field.phone"},
		{"kind", "error.field.person_kind"},
		{"role", "error.field.member_role"},
		{"joined_on", "error.field.date"},
		{"email", "error.field.email"},
		{"given_th", "error.field.required"},
	};
	struct import_batch b;
	size_t line, created = 9, linked = 9;
	int64_t before, after, sub;

	setup();
	CHECK(import_read(&sys, A, NULL, path, 100, &b, &line, NULL, NULL) == SOD_OK);
	CHECK(b.n == 7 && b.bad == 6);
	for (size_t i = 0; i < b.n && i < 7; i++) {
		CHECK(b.rows[i].line == i + 2);
		if (want[i].field == NULL) {
			CHECK(b.rows[i].key == NULL);
		} else {
			CHECK_STR(b.rows[i].field, want[i].field);
			CHECK_STR(b.rows[i].key, want[i].key);
		}
	}
	direct_count("net-b", &before, &sub);
	CHECK(import_commit(&sys, A, &b, "net-b", &created, &linked) == SOD_EINVAL);
	CHECK(created == 0 && linked == 0);
	direct_count("net-b", &after, &sub);
	CHECK(after == before);
	/* The good row was not written: read alone, it is new. */
	CHECK(import_read(&sys, A, NULL,
	                  fixture("good.csv", "ชื่อ,นามสกุล,โทรศัพท์\nดี,มาก,0817770001\n"),
	                  100, &b, &line, NULL, NULL) == SOD_OK);
	CHECK(b.n == 1 && b.bad == 0 && b.existing == 0);
}

static void
test_import_links_existing(void)
{
	struct person_input in = {.given_th = "เดิม", .family_th = "อยู่แล้ว",
	                          .kind = "official", .phone = "0818880001"};
	const char *path = fixture(
	    "existing.csv",
	    "ชื่อ,นามสกุล,โทรศัพท์,บทบาท\n"
	    "เดิม,อยู่แล้ว,+66 81 888 0001,ผู้ประสานงาน\n"
	    "ใหม่,เข้ามา,0818880002,\n");
	struct import_batch b;
	struct membership_rec *m;
	struct verr ve = {0};
	size_t line, n = 0, created = 0, linked = 0;
	int64_t id = 0, before, after, sub;

	setup();
	CHECK(person_create(&sys, A, &in, "net-a", "member", "", &ve, &id) == SOD_OK);
	CHECK(import_read(&sys, A, NULL, path, 100, &b, &line, NULL, NULL) == SOD_OK);
	CHECK(b.n == 2 && b.bad == 0 && b.existing == 1);
	if (b.n != 2)
		return;
	CHECK(b.rows[0].existing == id);
	CHECK(b.rows[1].existing == 0);
	direct_count("net-b", &before, &sub);
	CHECK(import_commit(&sys, A, &b, "net-b", &created, &linked) == SOD_OK);
	CHECK(created == 1 && linked == 1);
	direct_count("net-b", &after, &sub);
	CHECK(after == before + 2);
	/* The existing person is now a coordinator of net-b too, not a copy. */
	CHECK(store_membership_list(sys.store, A, id, &m, &n) == SOD_OK);
	CHECK(n == 2);
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].unit_code, "net-b") == 0)
			CHECK_STR(m[i].role, "coordinator");
	/* Read again: both are now in the database. */
	CHECK(import_read(&sys, A, NULL, path, 100, &b, &line, NULL, NULL) == SOD_OK);
	CHECK(b.existing == 2);
}

/* ---- staging --------------------------------------------------------------- */

static bool
staged_holds(const char *needle)
{
	char sdir[600], path[1200], buf[8192];
	bool found = false;
	struct dirent *e;
	DIR *d;

	snprintf(sdir, sizeof(sdir), "%s/staging", dir);
	if ((d = opendir(sdir)) == NULL)
		return false;
	while ((e = readdir(d)) != NULL) {
		FILE *f;
		size_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", sdir, e->d_name);
		if ((f = fopen(path, "rb")) == NULL)
			continue;
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		if (memmem(buf, n, needle, strlen(needle)) != NULL)
			found = true;
	}
	closedir(d);
	return found;
}

/* Flip one bit at offset off of the (only) staged file. */
static bool
staged_flip_byte(long off)
{
	char sdir[600], path[1200];
	bool done = false;
	struct dirent *e;
	DIR *d;

	snprintf(sdir, sizeof(sdir), "%s/staging", dir);
	if ((d = opendir(sdir)) == NULL)
		return false;
	while (!done && (e = readdir(d)) != NULL) {
		FILE *f;
		int c;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", sdir, e->d_name);
		if ((f = fopen(path, "r+b")) == NULL)
			continue;
		if (fseek(f, off, SEEK_SET) == 0 && (c = fgetc(f)) != EOF &&
		    fseek(f, off, SEEK_SET) == 0 && fputc(c ^ 1, f) != EOF)
			done = true;
		fclose(f);
	}
	closedir(d);
	return done;
}

static void
test_stage_round_trip(void)
{
	const char *text = "ชื่อ,นามสกุล,เลขประจำตัวประชาชน\nมานะ,ขยัน," CID "\n";
	const char *path = fixture("stage.csv", text);
	char *token = NULL, back[512], wrong[64];
	int fd, plain = -1;
	ssize_t n;

	setup();
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	CHECK(import_stage(&sys, A, fd, &token) == SOD_OK);
	close(fd);
	CHECK(token != NULL && strlen(token) >= 40);
	if (token == NULL)
		return;
	/* The copy on disk does not show the citizen ID. */
	CHECK(!staged_holds(CID));
	CHECK(!staged_holds("มานะ"));
	CHECK(import_unstage(&sys, token, &plain) == SOD_OK);
	CHECK(plain >= 0);
	if (plain >= 0) {
		CHECK(lseek(plain, 0, SEEK_SET) == 0);
		n = read(plain, back, sizeof(back));
		CHECK(n == (ssize_t)strlen(text) && memcmp(back, text, strlen(text)) == 0);
		close(plain);
	}
	/* A token one character off, a made-up one, none. */
	snprintf(wrong, sizeof(wrong), "%s", token);
	wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
	CHECK(import_unstage(&sys, wrong, &plain) == SOD_ENOTFOUND);
	CHECK(import_unstage(&sys, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &plain) ==
	      SOD_ENOTFOUND);
	CHECK(import_unstage(&sys, "../../etc/passwd", &plain) == SOD_ENOTFOUND);
	CHECK(import_unstage(&sys, "", &plain) == SOD_ENOTFOUND);
	CHECK(import_unstage(&sys, NULL, &plain) == SOD_ENOTFOUND);
	/* Discarded: gone. */
	import_discard(&sys, token);
	CHECK(import_unstage(&sys, token, &plain) == SOD_ENOTFOUND);
	CHECK(!staged_holds(""));  /* nothing left in staging */
	/* A staged file altered on disk is not handed back. */
	fd = open(path, O_RDONLY);
	CHECK(import_stage(&sys, A, fd, &token) == SOD_OK);
	close(fd);
	CHECK(staged_flip_byte(40));
	CHECK(import_unstage(&sys, token, &plain) == SOD_ENOTFOUND);
	import_discard(&sys, token);
}

/* ---- counts and rights ------------------------------------------------------ */

static void
test_member_counts(void)
{
	struct person_input p[] = {
		{.given_th = "หนึ่ง", .family_th = "นับ", .kind = "volunteer"},
		{.given_th = "สอง", .family_th = "นับ", .kind = "volunteer"},
		{.given_th = "สาม", .family_th = "นับ", .kind = "volunteer"},
	};
	struct verr ve = {0};
	int64_t id[3], direct, subtree;

	setup();
	direct_count("cnt", &direct, &subtree);
	CHECK(direct == 0 && subtree == 0);
	CHECK(person_create(&sys, A, &p[0], "cnt", "leader", "", &ve, &id[0]) == SOD_OK);
	CHECK(person_create(&sys, A, &p[1], "cnt-t1", "member", "", &ve, &id[1]) == SOD_OK);
	CHECK(person_create(&sys, A, &p[2], "cnt-t1", "member", "", &ve, &id[2]) == SOD_OK);
	/* A person in the club and in its team counts once in the subtree. */
	CHECK(member_add(&sys, A, id[1], "cnt", "committee", "", &ve) == SOD_OK);
	direct_count("cnt", &direct, &subtree);
	CHECK(direct == 2 && subtree == 3);
	direct_count("cnt-t1", &direct, &subtree);
	CHECK(direct == 2 && subtree == 2);
	direct_count("moi-p40", &direct, &subtree);
	CHECK(direct == 0 && subtree >= 3);
	/* Erasure empties the person, not the counts. */
	CHECK(person_erase(&sys, id[2]) == SOD_OK);
	direct_count("cnt-t1", &direct, &subtree);
	CHECK(direct == 2 && subtree == 2);
	direct_count("cnt", &direct, &subtree);
	CHECK(direct == 2 && subtree == 3);
}

/* Sign in a new account with role on unit; its session. */
static bool
session_for(const char *user, enum role role, const char *unit, struct session *ses)
{
	struct verr ve = {0};
	char *token = NULL;
	bool full = false;
	int64_t id, retry;

	CHECK(auth_account_create(&sys, A, user, NULL, PASSWORD, role, unit, 0, &ve, &id) ==
	      SOD_OK);
	CHECK(auth_login(&sys, A, user, PASSWORD, &token, &full, &retry) == SOD_OK);
	CHECK(token != NULL && full);
	return token != NULL && auth_session(&sys, A, token, ses) == SOD_OK;
}

static void
test_view_and_manage(void)
{
	static const struct {
		const char *unit;
		bool view, manage;
	} coord[] = {
		{"net-a", true, true},
		{"net-a-t1", true, true},   /* a team below */
		{"net-b", false, false},    /* another network */
		{"moi-p40", false, false},  /* above */
		{"", false, false},         /* the root */
	}, mon[] = {
		{"net-a", true, false},
		{"net-a-t1", true, false},
		{"net-b", false, false},
	};
	struct person_input pa = {.given_th = "ในเอ", .family_th = "ทีมหนึ่ง",
	                          .kind = "volunteer", .phone = "0819990001"};
	struct person_input pb = {.given_th = "ในบี", .family_th = "เครือข่าย",
	                          .kind = "volunteer", .phone = "0819990002"};
	struct session cs, ms;
	struct verr ve = {0};
	int64_t in_a, in_b;
	bool view, manage;

	setup();
	CHECK(session_for("coord-a", ROLE_COORDINATOR, "net-a", &cs));
	CHECK(session_for("mon-a", ROLE_MONITOR, "net-a", &ms));
	for (size_t i = 0; i < sizeof(coord) / sizeof(coord[0]); i++) {
		int64_t u = unit_id(coord[i].unit);

		view = !coord[i].view;
		manage = !coord[i].manage;
		CHECK(network_can_view(&sys, &cs, u, &view) == SOD_OK);
		CHECK(network_can_manage(&sys, &cs, u, &manage) == SOD_OK);
		CHECK(view == coord[i].view);
		CHECK(manage == coord[i].manage);
	}
	for (size_t i = 0; i < sizeof(mon) / sizeof(mon[0]); i++) {
		int64_t u = unit_id(mon[i].unit);

		CHECK(network_can_view(&sys, &ms, u, &view) == SOD_OK);
		CHECK(network_can_manage(&sys, &ms, u, &manage) == SOD_OK);
		CHECK(view == mon[i].view);
		CHECK(manage == mon[i].manage);
	}
	/* The same rule per person: contacts for the coordinator of their line. */
	CHECK(person_create(&sys, A, &pa, "net-a-t1", "member", "", &ve, &in_a) == SOD_OK);
	CHECK(person_create(&sys, A, &pb, "net-b", "member", "", &ve, &in_b) == SOD_OK);
	CHECK(person_access(&sys, A, &cs, in_a, &view, &manage) == SOD_OK);
	CHECK(view && manage);
	CHECK(person_access(&sys, A, &cs, in_b, &view, &manage) == SOD_OK);
	CHECK(!view && !manage);
	CHECK(person_access(&sys, A, &ms, in_a, &view, &manage) == SOD_OK);
	CHECK(view && !manage);
	CHECK(person_erase(&sys, in_a) == SOD_OK);
	CHECK(person_access(&sys, A, &cs, in_a, &view, &manage) == SOD_ENOTFOUND);
}

/* How many audit entries there are about object with action. */
static int64_t
audit_count(const char *object, const char *action)
{
	struct audit_entry *e;
	size_t n = 0;
	int64_t total = 0, hits = 0;

	CHECK(audit_list(&sys, A, object, 500, 0, &e, &n, &total) == SOD_OK);
	for (size_t i = 0; i < n; i++)
		hits += strcmp(e[i].action, action) == 0;
	return hits;
}

/* scope-import: a match out of reach is neither linked nor shown. */
static void
test_import_out_of_reach_is_separate(void)
{
	struct person_input in = {.given_th = "อยู่", .family_th = "เครือข่ายเอ",
	                          .kind = "volunteer", .phone = "0817770001",
	                          .citizen_id = CID_5};
	/* The same shape twice: one row names a person of net-a, the other nobody. */
	const char *known = fixture("known.csv", "ชื่อ,นามสกุล,โทรศัพท์,เลขประจำตัวประชาชน\n"
	                                         "ซ้ำ,นอกสาย,0817770001," CID_5 "\n");
	const char *unknown = fixture("unknown.csv", "ชื่อ,นามสกุล,โทรศัพท์,เลขประจำตัวประชาชน\n"
	                                             "ซ้ำ,นอกสาย,0817770009," CID_6 "\n");
	struct import_batch kb, ub, again;
	struct session cb, top;
	struct membership_rec *m;
	struct person_rec p;
	struct verr ve = {0};
	size_t line, n = 0, created = 0, linked = 0;
	int64_t theirs = 0, ours = 0, *ids;
	bool view = true, manage = true;
	char *digits = NULL;

	setup();
	CHECK(session_for("imp-coord-b", ROLE_COORDINATOR, "net-b", &cb));
	CHECK(session_for("imp-coord-p40", ROLE_COORDINATOR, "moi-p40", &top));
	CHECK(person_create(&sys, A, &in, "net-a", "member", "", &ve, &theirs) == SOD_OK);
	CHECK(import_read(&sys, A, &cb, known, 100, &kb, &line, NULL, NULL) == SOD_OK);
	CHECK(import_read(&sys, A, &cb, unknown, 100, &ub, &line, NULL, NULL) == SOD_OK);
	/* The preview is the same whether or not the phone is someone's elsewhere. */
	CHECK(kb.n == 1 && ub.n == 1 && kb.bad == 0 && ub.bad == 0);
	CHECK(kb.existing == 0 && ub.existing == 0);
	if (kb.n != 1)
		return;
	CHECK(kb.rows[0].existing == 0 && kb.rows[0].key == NULL && kb.rows[0].dup_line == 0);
	CHECK(import_commit(&sys, A, &kb, "net-b", &created, &linked) == SOD_OK);
	CHECK(created == 1 && linked == 0);
	/* net-a's person did not get net-b: the importer still cannot see them. */
	CHECK(store_membership_list(sys.store, A, theirs, &m, &n) == SOD_OK);
	CHECK(n == 1 && strcmp(m[0].unit_code, "net-a") == 0);
	CHECK(person_access(&sys, A, &cb, theirs, &view, &manage) == SOD_OK);
	CHECK(!view && !manage);
	/* A separate record with the citizen ID, under a scoped hash. */
	CHECK(store_person_find_dups(sys.store, A, kb.rows[0].rec.cid_hash, NULL, &ids, &n) ==
	      SOD_OK);
	CHECK(n == 2 && ids[0] == theirs);
	if (n == 2)
		ours = ids[1];
	CHECK(network_person_get(&sys, A, ours, &p) == SOD_OK);
	CHECK(p.cid_hash != NULL && strchr(p.cid_hash, '@') != NULL);
	CHECK(person_citizen_id(&sys, A, &p, &digits) == SOD_OK);
	CHECK_STR(digits, CID_5);
	CHECK(person_access(&sys, A, &cb, ours, &view, &manage) == SOD_OK && view && manage);
	/* The same file again links to the record in reach: no third copy. */
	CHECK(import_read(&sys, A, &cb, known, 100, &again, &line, NULL, NULL) == SOD_OK);
	CHECK(again.existing == 1 && again.n == 1 && again.rows[0].existing == ours);
	/* Whoever reaches both links to the first, as before. */
	CHECK(import_read(&sys, A, &top, known, 100, &again, &line, NULL, NULL) == SOD_OK);
	CHECK(again.existing == 1 && again.n == 1 && again.rows[0].existing == theirs);
	/* The command line reaches everyone. */
	CHECK(import_read(&sys, A, NULL, known, 100, &again, &line, NULL, NULL) == SOD_OK);
	CHECK(again.existing == 1);
	/* The one-person form too: out of reach is no conflict, in reach is. */
	{
		struct person_input form = in;
		int64_t sep = 0, dup = 0;
		struct session ca, cc;

		CHECK(session_for("imp-coord-a", ROLE_COORDINATOR, "net-a", &ca));
		CHECK(session_for("imp-coord-cnt", ROLE_COORDINATOR, "cnt", &cc));
		form.citizen_id = NULL;
		CHECK(person_create_by(&sys, A, &cc, &form, "cnt", "member", "", &ve, &sep) ==
		      SOD_OK);
		CHECK(sep != 0 && sep != theirs && sep != ours);
		CHECK(person_create_by(&sys, A, &ca, &form, "net-a", "member", "", &ve, &dup) ==
		      SOD_ECONFLICT);
		CHECK(dup == theirs);
	}
}

/* scope-pdpa: export and erasure need rights on every unit of the person. */
static void
test_export_and_erase_need_every_unit(void)
{
	struct person_input in = {.given_th = "สองสาย", .family_th = "ทั้งเอและบี",
	                          .kind = "volunteer", .phone = "0817770101"};
	struct session ca, top, mon;
	struct person_rec p;
	struct verr ve = {0};
	char object[64];
	int64_t id = 0;
	bool view = false, manage = false;

	setup();
	CHECK(session_for("pdpa-coord-a", ROLE_COORDINATOR, "net-a", &ca));
	CHECK(session_for("pdpa-coord-p40", ROLE_COORDINATOR, "moi-p40", &top));
	CHECK(session_for("pdpa-mon-p40", ROLE_MONITOR, "moi-p40", &mon));
	CHECK(person_create(&sys, A, &in, "net-a", "member", "", &ve, &id) == SOD_OK);
	CHECK(member_add(&sys, A, id, "net-b", "member", "", &ve) == SOD_OK);
	snprintf(object, sizeof(object), "person:%lld", (long long)id);
	/* net-a's coordinator manages them there, but not in net-b. */
	CHECK(person_access(&sys, A, &ca, id, &view, &manage) == SOD_OK && view && manage);
	CHECK(scope_person_export(&sys, A, &ca, id) == SOD_EPERM);
	CHECK(scope_person_erase(&sys, A, &ca, id) == SOD_EPERM);
	CHECK(network_person_get(&sys, A, id, &p) == SOD_OK && p.erased_at == 0);
	/* Seeing is not managing. */
	CHECK(scope_person_export(&sys, A, &mon, id) == SOD_EPERM);
	CHECK(audit_count(object, "person.export") == 0);
	/* A coordinator above both may, and it is written down. */
	CHECK(scope_person_export(&sys, A, &top, id) == SOD_OK);
	CHECK(audit_count(object, "person.export") == 1);
	CHECK(scope_person_erase(&sys, A, &top, id) == SOD_OK);
	CHECK(audit_count(object, "person.erase") == 1);
	CHECK(network_person_get(&sys, A, id, &p) == SOD_OK && p.erased_at != 0);
	CHECK(scope_person_export(&sys, A, &top, id) == SOD_ENOTFOUND);
	CHECK(scope_person_erase(&sys, A, &top, 999999) == SOD_ENOTFOUND);
}

/* scope-search: the total counts only the people the caller may see. */
static void
test_search_total_counts_only_visible(void)
{
	static const char *const units[] = {"net-a", "net-a-t1", "net-b", "net-b", "cnt"};
	struct session ca, mb, top;
	struct person_rec *items;
	struct verr ve = {0};
	size_t n = 0;
	int64_t total = -1, id;

	setup();
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		char phone[16];
		struct person_input in = {.given_th = "ค้นหาทดสอบ", .family_th = "นับรวม",
		                          .kind = "volunteer", .phone = phone};

		snprintf(phone, sizeof(phone), "08177702%02zu", i);
		CHECK(person_create(&sys, A, &in, units[i], "member", "", &ve, &id) == SOD_OK);
	}
	CHECK(session_for("srch-coord-a", ROLE_COORDINATOR, "net-a", &ca));
	CHECK(session_for("srch-mon-b", ROLE_MONITOR, "net-b", &mb));
	CHECK(session_for("srch-coord-p40", ROLE_COORDINATOR, "moi-p40", &top));
	CHECK(scope_person_search(&sys, A, &ca, "ค้นหาทดสอบ", 50, 0, &items, &n, &total) ==
	      SOD_OK);
	CHECK(total == 2 && n == 2);
	CHECK(scope_person_search(&sys, A, &mb, "ค้นหาทดสอบ", 50, 0, &items, &n, &total) ==
	      SOD_OK);
	CHECK(total == 2 && n == 2);
	CHECK(scope_person_search(&sys, A, &top, "ค้นหาทดสอบ", 50, 0, &items, &n, &total) ==
	      SOD_OK);
	CHECK(total == 5 && n == 5);
	/* Paging within what is visible. */
	CHECK(scope_person_search(&sys, A, &top, "ค้นหาทดสอบ", 2, 4, &items, &n, &total) ==
	      SOD_OK);
	CHECK(total == 5 && n == 1);
	/* No match, and a hostile needle, give zero. */
	CHECK(scope_person_search(&sys, A, &top, "%' OR 1=1 --", 50, 0, &items, &n, &total) ==
	      SOD_OK);
	CHECK(total == 0 && n == 0);
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
	TEST(test_prepare_table),
	TEST(test_prepare_consent),
	TEST(test_citizen_id_sealed),
	TEST(test_create_refuses_duplicates),
	TEST(test_member_keyset),
	TEST(test_import_thai_header_and_values),
	TEST(test_import_missing_column),
	TEST(test_import_file_errors),
	TEST(test_import_duplicates_in_file),
	TEST(test_import_bad_rows_refused),
	TEST(test_import_links_existing),
	TEST(test_stage_round_trip),
	TEST(test_member_counts),
	TEST(test_view_and_manage),
	TEST(test_import_out_of_reach_is_separate),
	TEST(test_export_and_erase_need_every_unit),
	TEST(test_search_total_counts_only_visible),
	TEST(test_teardown),
	{0},
};
