/*
 * test_auth.c — domain rules of units, accounts, sign-in, sessions, roles
 * and TOTP, on a real SQLite file. Time is moved with $SOD_TEST_NOW.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>

#include "crypto/totp.h"
#include "domain/auth.h"
#include "domain/keys.h"
#include "domain/unit.h"

static struct sys sys;
static struct arena *A;
static char *recovery;
static int64_t now = 1767225600;  /* 2026-01-01 */

static void
set_now(int64_t t)
{
	char s[32];

	now = t;
	snprintf(s, sizeof(s), "%lld", (long long)t);
	setenv("SOD_TEST_NOW", s, 1);
}

static void
setup(void)
{
	static int serial;
	char path[512];
	int v;
	struct verr ve;
	int64_t id;
	struct unit_input units[] = {
		{"moi", "ministry_acoc", "มหาดไทย", "Interior", "root", NULL, NULL},
		{"moi-p40", "province_acoc", "ขอนแก่น", "Khon Kaen", "moi", "40", NULL},
		{"mol", "ministry_acoc", "แรงงาน", "Labour", "root", NULL, NULL},
	};

	/* Each test starts from a database and a clock of its own. */
	serial++;
	arena_free(&A);
	store_close(&sys.store);
	box_free(&sys.box);
	set_now(1767225600);  /* 2026-01-01 */
	CHECK(totp_init() == SOD_OK);
	sec_slow_configure(2, 5000);
	snprintf(path, sizeof(path), "%s/auth%d.db", harness_tmpdir(), serial);
	CHECK(store_open(path, &sys.store) == SOD_OK);
	CHECK(store_migrate(sys.store, &v) == SOD_OK);
	snprintf(path, sizeof(path), "%s/auth%d.key", harness_tmpdir(), serial);
	CHECK(box_keyfile_create(path) == SOD_OK);
	CHECK(box_open(path, &sys.box) == SOD_OK);
	sys.session_idle = 3600;
	sys.session_max = 12 * 3600;
	A = arena_new(8 << 20);
	CHECK(keys_init_recovery(&sys, A, &recovery) == SOD_OK);
	CHECK(unit_ensure_root(&sys, A) == SOD_OK);
	CHECK(unit_ensure_root(&sys, A) == SOD_OK);  /* idempotent */
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		CHECK(unit_create(&sys, A, &units[i], &ve, &id) == SOD_OK);
}

static void
test_unit_validation(void)
{
	static const struct {
		struct unit_input in;
		enum sod_err err;
		const char *field;
	} t[] = {
		{{"Bad Code", "team", "ก", "k", "root", NULL, NULL}, SOD_EINVAL, "code"},
		{{"", "team", "ก", "k", "root", NULL, NULL}, SOD_EINVAL, "code"},
		{{"-x", "team", "ก", "k", "root", NULL, NULL}, SOD_EINVAL, "code"},
		{{"ok1", "galaxy", "ก", "k", "root", NULL, NULL}, SOD_EINVAL, "kind"},
		{{"ok2", "team", "", "k", "root", NULL, NULL}, SOD_EINVAL, "name_th"},
		{{"ok3", "team", "ก\x01", "k", "root", NULL, NULL}, SOD_EINVAL, "name_th"},
		{{"ok4", "team", "ก", "\xff", "root", NULL, NULL}, SOD_EINVAL, "name_en"},
		{{"ok5", "team", "ก", "k", "nowhere", NULL, NULL}, SOD_ENOTFOUND, "parent"},
		{{"ok6", "team", "ก", "k", "root", "4", NULL}, SOD_EINVAL, "province"},
		{{"ok7", "team", "ก", "k", "root", "40", "7401"}, SOD_EINVAL, "district"},
		{{"ok8", "team", "ก", "k", NULL, NULL, NULL}, SOD_EINVAL, "parent"},
		{{"moi", "team", "ก", "k", "root", NULL, NULL}, SOD_ECONFLICT, "code"},
		{{"ok9", "team", "ทีม", "Team", "moi-p40", "40", "4001"}, SOD_OK, NULL},
	};

	setup();
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct verr ve = {0};
		int64_t id;
		enum sod_err err = unit_create(&sys, A, &t[i].in, &ve, &id);

		CHECK(err == t[i].err);
		if (t[i].field)
			CHECK_STR(ve.field, t[i].field);
	}
}

static void
test_account_and_login(void)
{
	struct verr ve = {0};
	char *token;
	bool full;
	int64_t id, retry;
	struct session ses;

	setup();
	CHECK(auth_account_create(&sys, A, "Bad Name", NULL, "long enough pw", ROLE_OFFICER,
	                          NULL, 0, &ve, &id) == SOD_EINVAL);
	CHECK_STR(ve.field, "username");
	CHECK(auth_account_create(&sys, A, "short", NULL, "short", ROLE_OFFICER, NULL, 0, &ve,
	                          &id) == SOD_EINVAL);
	CHECK_STR(ve.key, "error.field.password_short");
	CHECK(auth_account_create(&sys, A, "x1", NULL, "long enough pw", ROLE_OFFICER,
	                          "nowhere", 0, &ve, &id) == SOD_ENOTFOUND);
	CHECK(auth_account_create(&sys, A, "somchai", "สมชาย", "long enough pw",
	                          ROLE_OFFICER, "moi", 0, &ve, &id) == SOD_OK);
	CHECK(auth_account_create(&sys, A, "somchai", NULL, "long enough pw", ROLE_OFFICER,
	                          NULL, 0, &ve, &id) == SOD_ECONFLICT);
	CHECK(auth_login(&sys, A, "somchai", "wrong password", &token, &full, &retry) == SOD_EAUTH);
	CHECK(auth_login(&sys, A, "nobody", "wrong password", &token, &full, &retry) == SOD_EAUTH);
	CHECK(auth_login(&sys, A, "somchai", "long enough pw", &token, &full, &retry) == SOD_OK);
	CHECK(full);
	CHECK(auth_session(&sys, A, token, &ses) == SOD_OK);
	CHECK_STR(ses.display_name, "สมชาย");
	CHECK(ses.full && ses.ngrants == 1);
	CHECK(auth_session(&sys, A, "x", &ses) == SOD_EAUTH);
	CHECK(auth_logout(&sys, token) == SOD_OK);
	CHECK(auth_session(&sys, A, token, &ses) == SOD_EAUTH);
}

static void
test_roles_hold_in_subtree(void)
{
	struct verr ve = {0};
	struct unit_rec kkn, mol, root;
	struct session ses;
	char *token;
	bool full, ok;
	int64_t id, retry;

	setup();
	CHECK(auth_account_create(&sys, A, "sup", NULL, "long enough pw", ROLE_SUPERVISOR,
	                          "moi", 0, &ve, &id) == SOD_OK);
	CHECK(auth_login(&sys, A, "sup", "long enough pw", &token, &full, &retry) == SOD_OK);
	CHECK(auth_session(&sys, A, token, &ses) == SOD_OK);
	CHECK(unit_get(&sys, A, "moi-p40", &kkn, NULL) == SOD_OK);
	CHECK(unit_get(&sys, A, "mol", &mol, NULL) == SOD_OK);
	CHECK(unit_get(&sys, A, "", &root, NULL) == SOD_OK);
	CHECK(auth_can(&sys, &ses, ROLE_SUPERVISOR, kkn.id, &ok) == SOD_OK && ok);
	CHECK(auth_can(&sys, &ses, ROLE_OFFICER, kkn.id, &ok) == SOD_OK && ok);  /* implied */
	CHECK(auth_can(&sys, &ses, ROLE_SUPERVISOR, mol.id, &ok) == SOD_OK && !ok);
	CHECK(auth_can(&sys, &ses, ROLE_SUPERVISOR, root.id, &ok) == SOD_OK && !ok);
	CHECK(auth_can(&sys, &ses, ROLE_ADMIN, kkn.id, &ok) == SOD_OK && !ok);
	CHECK(auth_can(&sys, &ses, ROLE_CUSTODIAN, kkn.id, &ok) == SOD_OK && !ok);
	CHECK(auth_has_role_anywhere(&ses, ROLE_OFFICER));
	CHECK(!auth_has_role_anywhere(&ses, ROLE_ADMIN));
}

static void
test_lockout_doubles_and_resets(void)
{
	struct verr ve = {0};
	char *token;
	bool full;
	int64_t id, retry = 0;

	setup();
	CHECK(auth_account_create(&sys, A, "lock", NULL, "long enough pw", ROLE_MONITOR,
	                          NULL, 0, &ve, &id) == SOD_OK);
	for (int i = 0; i < 5; i++)
		CHECK(auth_login(&sys, A, "lock", "bad password", &token, &full, &retry) == SOD_EAUTH);
	/* Locked: the right password answers as a wrong one (no enumeration). */
	CHECK(auth_login(&sys, A, "lock", "long enough pw", &token, &full, &retry) == SOD_EAUTH);
	CHECK(retry == 30);
	set_now(now + 31);
	CHECK(auth_login(&sys, A, "lock", "bad password", &token, &full, &retry) == SOD_EAUTH);
	CHECK(auth_login(&sys, A, "lock", "long enough pw", &token, &full, &retry) == SOD_EAUTH);
	CHECK(retry == 60);
	set_now(now + 61);
	CHECK(auth_login(&sys, A, "lock", "long enough pw", &token, &full, &retry) == SOD_OK);
	CHECK(auth_login(&sys, A, "lock", "bad password", &token, &full, &retry) == SOD_EAUTH);
	CHECK(auth_login(&sys, A, "lock", "long enough pw", &token, &full, &retry) == SOD_OK);
}

static void
test_session_expiry(void)
{
	struct verr ve = {0};
	struct session ses;
	char *token;
	bool full;
	int64_t id, retry;

	setup();
	CHECK(auth_account_create(&sys, A, "idle", NULL, "long enough pw", ROLE_MONITOR,
	                          NULL, 0, &ve, &id) == SOD_OK);
	CHECK(auth_login(&sys, A, "idle", "long enough pw", &token, &full, &retry) == SOD_OK);
	set_now(now + 3000);
	CHECK(auth_session(&sys, A, token, &ses) == SOD_OK);  /* touches it */
	set_now(now + 3000);
	CHECK(auth_session(&sys, A, token, &ses) == SOD_OK);
	set_now(now + 3601);
	CHECK(auth_session(&sys, A, token, &ses) == SOD_EAUTH);
}

static void
test_disable_and_password_end_sessions(void)
{
	struct verr ve = {0};
	struct session ses;
	char *token;
	bool full;
	int64_t id, retry;

	setup();
	CHECK(auth_account_create(&sys, A, "gone", NULL, "long enough pw", ROLE_MONITOR,
	                          NULL, 0, &ve, &id) == SOD_OK);
	CHECK(auth_login(&sys, A, "gone", "long enough pw", &token, &full, &retry) == SOD_OK);
	CHECK(auth_set_disabled(&sys, id, true) == SOD_OK);
	CHECK(auth_session(&sys, A, token, &ses) == SOD_EAUTH);
	CHECK(auth_login(&sys, A, "gone", "long enough pw", &token, &full, &retry) == SOD_EAUTH);
	CHECK(auth_set_disabled(&sys, id, false) == SOD_OK);
	CHECK(auth_set_disabled(&sys, id + 1000, true) == SOD_ENOTFOUND);
	CHECK(auth_login(&sys, A, "gone", "long enough pw", &token, &full, &retry) == SOD_OK);
	CHECK(auth_change_password(&sys, A, id, "wrong one here", "another long pw", &ve) == SOD_EAUTH);
	CHECK(auth_change_password(&sys, A, id, "long enough pw", "another long pw", &ve) == SOD_OK);
	CHECK(auth_session(&sys, A, token, &ses) == SOD_EAUTH);
	CHECK(auth_login(&sys, A, "gone", "another long pw", &token, &full, &retry) == SOD_OK);
}

static void
test_totp_flow(void)
{
	struct verr ve = {0};
	struct session ses;
	char *token, *secret, code[7];
	bool full;
	int64_t id, retry;

	setup();
	CHECK(auth_account_create(&sys, A, "twofa", NULL, "long enough pw", ROLE_OFFICER,
	                          NULL, 0, &ve, &id) == SOD_OK);
	CHECK(auth_totp_begin(&sys, A, id, &secret) == SOD_OK);
	CHECK(strlen(secret) == 32);
	CHECK(auth_totp_enable(&sys, A, id, "000000") == SOD_EAUTH ||
	      totp_code(secret, now, code) == SOD_OK);
	CHECK(totp_code(secret, now, code) == SOD_OK);
	CHECK(auth_totp_enable(&sys, A, id, code) == SOD_OK);
	CHECK(auth_totp_enable(&sys, A, id, code) == SOD_ECONFLICT);
	CHECK(auth_login(&sys, A, "twofa", "long enough pw", &token, &full, &retry) == SOD_OK);
	CHECK(!full);
	CHECK(auth_session(&sys, A, token, &ses) == SOD_OK && !ses.full);
	CHECK(auth_login_totp(&sys, A, token, code) == SOD_EAUTH);  /* replayed step */
	set_now(now + 30);
	CHECK(totp_code(secret, now, code) == SOD_OK);
	CHECK(auth_login_totp(&sys, A, token, "12ab56") == SOD_EAUTH);
	CHECK(auth_login_totp(&sys, A, token, code) == SOD_OK);
	CHECK(auth_session(&sys, A, token, &ses) == SOD_OK && ses.full);
	CHECK(auth_totp_disable(&sys, A, id, "wrong password") == SOD_EAUTH);
	CHECK(auth_totp_disable(&sys, A, id, "long enough pw") == SOD_OK);
	CHECK(auth_login(&sys, A, "twofa", "long enough pw", &token, &full, &retry) == SOD_OK && full);
}

static void
test_teardown(void)
{
	arena_free(&A);
	store_close(&sys.store);
	box_free(&sys.box);
	unsetenv("SOD_TEST_NOW");
	CHECK(sys.store == NULL);
}

const struct test tests[] = {
	TEST(test_unit_validation),
	TEST(test_account_and_login),
	TEST(test_roles_hold_in_subtree),
	TEST(test_lockout_doubles_and_resets),
	TEST(test_session_expiry),
	TEST(test_disable_and_password_end_sessions),
	TEST(test_totp_flow),
	TEST(test_teardown),
	{0},
};
