/*
 * test_tip.c — the tip domain on a real SQLite file: filing, who can open
 * (keys through sign-in and the recovery key), the blind index on Thai
 * text, status transitions allowed and refused, the reporter's receipt.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/totp.h"
#include "domain/auth.h"
#include "domain/keys.h"
#include "domain/tip.h"
#include "domain/unit.h"
#include "text/thai.h"

static struct sys sys;
static struct arena *A;
static char *recovery;

static void reader_sign_in(const char *user);

static void
teardown(void)
{
	arena_free(&A);
	store_close(&sys.store);
	box_free(&sys.box);
	thai_shutdown();
	CHECK(A == NULL);
}

/*
 * Each test gets a database of its own (no test relies on what another
 * left): the units, the officers "off" (mol) and "other" (moj), and with
 * granted, both signed in once and given their units' keys with the
 * recovery key. End the test with teardown().
 */
static void
setup(bool granted)
{
	static int serial;
	char path[512];
	struct verr ve;
	int64_t id;
	int v, n;
	struct unit_input units[] = {
		{"mol", "ministry_acoc", "แรงงาน", "Labour", "root", NULL, NULL},
		{"mol-eyes", "network", "ดวงตาแรงงาน", "Labour Eyes", "mol", NULL, NULL},
		{"moj", "ministry_acoc", "ยุติธรรม", "Justice", "root", NULL, NULL},
	};

	serial++;
	sec_slow_configure(2, 10000);
	CHECK(thai_init() == SOD_OK);
	snprintf(path, sizeof(path), "%s/tip%d.db", harness_tmpdir(), serial);
	CHECK(store_open(path, &sys.store) == SOD_OK);
	CHECK(store_migrate(sys.store, &v) == SOD_OK);
	snprintf(path, sizeof(path), "%s/tip%d.key", harness_tmpdir(), serial);
	CHECK(box_keyfile_create(path) == SOD_OK);
	CHECK(box_open(path, &sys.box) == SOD_OK);
	sys.dir = (char *)harness_tmpdir();
	sys.session_idle = 3600;
	sys.session_max = 3600;
	A = arena_new(64 << 20);
	CHECK(keys_init_recovery(&sys, A, &recovery) == SOD_OK);
	CHECK(unit_ensure_root(&sys, A) == SOD_OK);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		CHECK(unit_create(&sys, A, &units[i], &ve, &id) == SOD_OK);
	CHECK(auth_account_create(&sys, A, "off", NULL, "long enough pw", ROLE_OFFICER, "mol", 0,
	                          &ve, &id) == SOD_OK);
	CHECK(auth_account_create(&sys, A, "other", NULL, "long enough pw", ROLE_OFFICER, "moj", 0,
	                          &ve, &id) == SOD_OK);
	if (granted) {
		reader_sign_in("off");  /* the first sign-in makes the key pair */
		reader_sign_in("other");
		CHECK(keys_grant_all(&sys, A, recovery, 0, &n) == SOD_OK && n >= 2);
	}
}

/* Sign in and open the session's tip reader. */
static void
reader_of(const char *user, struct session *ses, struct tip_reader *r)
{
	char *token;
	bool full;
	int64_t retry;

	CHECK(auth_login(&sys, A, user, "long enough pw", &token, &full, &retry) == SOD_OK);
	CHECK(auth_session(&sys, A, token, ses) == SOD_OK);
	CHECK(tip_reader_open(&sys, A, ses, token, r) == SOD_OK);
}

static void
reader_sign_in(const char *user)
{
	struct session ses;
	struct tip_reader r;

	reader_of(user, &ses, &r);
}

static int64_t
file(const char *unit, const char *subject, const char *description, char receipt[17])
{
	struct tip_input in = {
		.unit = unit, .category = TIP_BRIBERY, .subject = subject,
		.description = description, .channel = "api",
	};
	int64_t id = 0;

	CHECK(tip_submit(&sys, A, &in, NULL, 0, receipt, &id) == SOD_OK);
	return id;
}

static void
test_keys_come_with_the_recovery_key(void)
{
	struct session ses;
	struct tip_reader r;
	struct tip_view v;
	char receipt[17];
	int granted = 0;
	int64_t id;

	setup(false);
	id = file("mol-eyes", "ค่าหัวคิว", "มีการเรียกเงินใต้โต๊ะจากแรงงาน", receipt);
	reader_of("off", &ses, &r);  /* first sign-in: a key pair, no unit key yet */
	CHECK(tip_open(&sys, A, &r, id, &v) == SOD_OK && !v.readable);
	CHECK(keys_grant_all(&sys, A, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", 0, &granted) == SOD_ECRYPTO);
	CHECK(keys_grant_all(&sys, A, recovery, 0, &granted) == SOD_OK && granted >= 1);
	reader_of("off", &ses, &r);
	CHECK(tip_open(&sys, A, &r, id, &v) == SOD_OK && v.readable);
	CHECK_STR(v.subject, "ค่าหัวคิว");
	CHECK_STR(v.description, "มีการเรียกเงินใต้โต๊ะจากแรงงาน");
	teardown();
}

static void
test_another_unit_cannot_open(void)
{
	struct session ses;
	struct tip_reader r;
	struct tip_view v;
	char receipt[17];
	int64_t id;

	setup(true);
	id = file("mol", "เรื่องของแรงงาน", "รายละเอียด", receipt);
	reader_of("other", &ses, &r);
	CHECK(tip_open(&sys, A, &r, id, &v) == SOD_EPERM);
	CHECK(tip_reply(&sys, A, &r, id, "สวัสดี") == SOD_EPERM);
	teardown();
}

static void
test_blind_index_finds_thai_words(void)
{
	static const struct {
		const char *q;
		bool hit;
	} t[] = {
		{"ทุจริต", true},
		{"ใต้โต๊ะ", true},           /* inside เงินใต้โต๊ะ */
		{"จัดซื้อ", true},
		{"ทุจริต จัดซื้อ", true},
		{"ทุจริต ประมง", false},     /* every word must occur */
		{"ลอตเตอรี่", false},
		{"PROCUREMENT", true},       /* English, any case */
	};
	struct session ses;
	struct tip_reader r;
	struct tip_view *items;
	struct tip_filter f = {0};
	size_t n;
	int64_t total, id, next;
	char receipt[17];

	setup(true);
	id = file("mol", "ทุจริตการจัดซื้อ",
	          "พบการทุจริตในการจัดซื้อจัดจ้าง มีเงินใต้โต๊ะ procurement fraud", receipt);
	reader_of("off", &ses, &r);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		bool found = false;

		CHECK(tip_list(&sys, A, &r, &f, t[i].q, 50, 0, 0, &items, &n, &total, &next) == SOD_OK);
		for (size_t k = 0; k < n; k++)
			found = found || items[k].rec.id == id;
		if (found != t[i].hit)
			fprintf(stderr, "  query %s: found=%d\n", t[i].q, found);
		CHECK(found == t[i].hit);
	}
	teardown();
}

/* Page through the list with cursors of limit, filing a tip after the
 * first page; every tip there before the first page shows exactly once,
 * newest first, and the new one never (it is newer than the cursor). */
static void
keyset_walk(struct tip_reader *r, const char *q, const int64_t *ids, size_t nids,
            int64_t limit)
{
	struct tip_filter f = {0};
	int64_t cursor = 0, last = INT64_MAX, total0 = -1, newer = 0;
	size_t seen = 0, pages = 0;
	char receipt[17];

	do {
		struct tip_view *items;
		size_t n;
		int64_t total, next;

		CHECK(tip_list(&sys, A, r, &f, q, limit, 0, cursor, &items, &n, &total, &next) ==
		      SOD_OK);
		CHECK((int64_t)n <= limit);
		if (total0 < 0)
			total0 = total;
		/* The total counts every match, whatever the cursor: one more
		 * once the new tip is filed. */
		CHECK(total == total0 + (newer ? 1 : 0));
		for (size_t k = 0; k < n; k++) {
			CHECK(items[k].rec.id < last);   /* newest first, no repeat */
			CHECK(items[k].rec.id != newer);
			CHECK(seen < nids && items[k].rec.id == ids[nids - 1 - seen]);  /* no gap */
			CHECK(items[k].readable);
			last = items[k].rec.id;
			seen++;
		}
		CHECK(next == 0 || next == last);
		cursor = next;
		if (pages++ == 0)
			newer = file("mol", "เรื่องใหม่ระหว่างหน้า", "ทุจริต เงินใต้โต๊ะ มาทีหลัง", receipt);
	} while (cursor != 0);
	CHECK(seen == nids);
	CHECK(pages == (nids + (size_t)limit - 1) / (size_t)limit);
}

static void
test_keyset_paging(void)
{
	struct session ses;
	struct tip_reader r;
	struct tip_filter f = {0};
	struct tip_view *items, *by_offset;
	int64_t ids[7], total, next, next2;
	size_t n, n2;
	char receipt[17];

	setup(true);
	for (size_t i = 0; i < 7; i++)
		ids[i] = file(i % 2 ? "mol-eyes" : "mol", "ทุจริต", "เงินใต้โต๊ะ", receipt);
	(void)file("moj", "ทุจริต", "เงินใต้โต๊ะ กระทรวงอื่น", receipt);   /* not off's */
	reader_of("off", &ses, &r);
	keyset_walk(&r, NULL, ids, 7, 3);
	/* The same over the blind index; the tip filed meanwhile matches
	 * the query too and must not appear after the cursor. */
	reader_of("off", &ses, &r);
	{
		int64_t all[8];

		memcpy(all, ids, sizeof(ids));
		all[7] = ids[6] + 2;   /* the first walk's new tip (the moj one is between) */
		keyset_walk(&r, "ใต้โต๊ะ", all, 8, 2);
	}
	/* offset and cursor agree: page 2 by offset is page 2 by cursor. */
	reader_of("off", &ses, &r);
	CHECK(tip_list(&sys, A, &r, &f, NULL, 3, 0, 0, &items, &n, &total, &next) == SOD_OK);
	CHECK(n == 3 && next == items[2].rec.id);
	CHECK(tip_list(&sys, A, &r, &f, NULL, 3, 3, 0, &by_offset, &n2, &total, &next2) == SOD_OK);
	CHECK(tip_list(&sys, A, &r, &f, NULL, 3, 0, next, &items, &n, &total, &next) == SOD_OK);
	CHECK(n == n2 && n == 3 && total == 9);
	for (size_t k = 0; k < n; k++)
		CHECK(items[k].rec.id == by_offset[k].rec.id);
	/* A cursor below every tip: empty, no next, the same total; a
	 * negative one is refused; limit 0 counts without reading. */
	CHECK(tip_list(&sys, A, &r, &f, NULL, 3, 0, 1, &items, &n, &total, &next) == SOD_OK);
	CHECK(n == 0 && next == 0 && total == 9);
	CHECK(tip_list(&sys, A, &r, &f, NULL, 3, 0, -5, &items, &n, &total, &next) == SOD_EINVAL);
	CHECK(tip_list(&sys, A, &r, &f, NULL, 0, 0, 0, &items, &n, &total, &next) == SOD_OK);
	CHECK(n == 0 && total == 9);
	/* Another unit's officer pages through nothing of mol's. */
	reader_of("other", &ses, &r);
	CHECK(tip_list(&sys, A, &r, &f, "ใต้โต๊ะ", 50, 0, 0, &items, &n, &total, &next) == SOD_OK);
	CHECK(n == 1 && total == 1 && next == 0);
	teardown();
}

static void
test_status_transitions(void)
{
	struct session ses;
	struct tip_reader r;
	struct tip_view v;
	char receipt[17];
	int64_t a1, a2;

	setup(true);
	a1 = file("mol", "หนึ่ง", "รายละเอียดหนึ่ง", receipt);
	a2 = file("mol", "สอง", "รายละเอียดสอง", receipt);
	reader_of("off", &ses, &r);
	CHECK(tip_set_status(&sys, A, &r, a1, "closed", NULL) == SOD_EINVAL);
	CHECK(tip_set_status(&sys, A, &r, a1, "acknowledged", NULL) == SOD_OK);
	CHECK(tip_set_status(&sys, A, &r, a1, "acknowledged", NULL) == SOD_OK);  /* idempotent */
	CHECK(tip_set_status(&sys, A, &r, a2, "rejected", "") == SOD_EINVAL);   /* needs a reason */
	CHECK(tip_set_status(&sys, A, &r, a2, "rejected", "ไม่เข้าข่าย") == SOD_OK);
	CHECK(tip_set_status(&sys, A, &r, a2, "acknowledged", NULL) == SOD_ECONFLICT);
	CHECK(tip_open(&sys, A, &r, a2, &v) == SOD_OK);
	CHECK_STR(v.rec.status, "rejected");
	CHECK(v.nmessages == 1);
	CHECK_STR(v.messages[0].body, "ไม่เข้าข่าย");
	teardown();
}

static void
test_receipt_opens_only_its_tip(void)
{
	struct tip_view v;
	char r1[17], r2[17], *token;
	char spaced[24];
	int64_t t1;

	setup(false);
	t1 = file("mol", "ใบเสร็จ", "เรื่องที่หนึ่ง", r1);
	file("mol", "อีกเรื่อง", "เรื่องที่สอง", r2);
	snprintf(spaced, sizeof(spaced), "%.4s %.4s-%.4s %.4s", r1, r1 + 4, r1 + 8, r1 + 12);
	CHECK(tip_receipt_login(&sys, A, spaced, &token) == SOD_OK);
	CHECK(tip_reporter_open(&sys, A, token, &v) == SOD_OK);
	CHECK(v.rec.id == t1);
	CHECK_STR(v.subject, "ใบเสร็จ");
	CHECK(tip_reporter_message(&sys, A, token, "") == SOD_EINVAL);
	CHECK(tip_reporter_message(&sys, A, token, "ข้อมูลเพิ่ม") == SOD_OK);
	r1[15] = r1[15] == '9' ? '0' : (char)(r1[15] + 1);
	CHECK(tip_receipt_login(&sys, A, r1, &token) == SOD_EAUTH);
	CHECK(tip_receipt_login(&sys, A, "123", &token) == SOD_EAUTH);
	CHECK(tip_reporter_open(&sys, A, "not-a-token", &v) == SOD_EAUTH);
	teardown();
}

const struct test tests[] = {
	TEST(test_keys_come_with_the_recovery_key),
	TEST(test_another_unit_cannot_open),
	TEST(test_blind_index_finds_thai_words),
	TEST(test_keyset_paging),
	TEST(test_status_transitions),
	TEST(test_receipt_opens_only_its_tip),
	{0},
};
