/*
 * test_scope.c — admin scope (domain/scope.h) on a real SQLite file: an
 * admin creates, disables and lists accounts only within their subtree
 * (scope-admin), creates units only under their own, and a move or a
 * shorter retention waits for a supervisor of the parent line who is not
 * the one who asked (scope-confirm); each act leaves an audit entry.
 *
 * The tree:  root ─ moi ─ p40 ─┬─ net-a ─┬─ net-a-t1
 *                              │         └─ net-a-t2
 *                              └─ net-b
 */
#include "harness.h"

#include <stdio.h>

#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/keys.h"
#include "domain/scope.h"
#include "domain/unit.h"

#define PASSWORD "long enough pw"

static struct sys sys;
static struct arena *A;
static char dir[512];

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
		{"p40", "province_acoc", "ขอนแก่น", "Khon Kaen", "moi", "40", NULL},
		{"net-a", "network", "เครือข่ายเอ", "Network A", "p40", NULL, NULL},
		{"net-a-t1", "team", "ทีมหนึ่ง", "Team 1", "net-a", NULL, NULL},
		{"net-a-t2", "team", "ทีมสอง", "Team 2", "net-a", NULL, NULL},
		{"net-b", "network", "เครือข่ายบี", "Network B", "p40", NULL, NULL},
	};

	if (sys.store != NULL)
		return;
	sec_slow_configure(2, 5000);
	snprintf(dir, sizeof(dir), "%s", harness_tmpdir());
	snprintf(path, sizeof(path), "%s/scope.db", dir);
	CHECK(store_open(path, &sys.store) == SOD_OK);
	CHECK(store_migrate(sys.store, &v) == SOD_OK);
	snprintf(path, sizeof(path), "%s/scope.key", dir);
	CHECK(box_keyfile_create(path) == SOD_OK);
	CHECK(box_open(path, &sys.box) == SOD_OK);
	sys.dir = dir;
	sys.session_idle = 3600;
	sys.session_max = 12 * 3600;
	A = arena_new(16 << 20);
	CHECK(keys_init_recovery(&sys, A, &recovery) == SOD_OK);
	CHECK(unit_ensure_root(&sys, A) == SOD_OK);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		CHECK(unit_create(&sys, A, &units[i], &ve, &id) == SOD_OK);
}

/* An account with role on unit (made directly, as `sodsong user add` does). */
static int64_t
account(const char *user, enum role role, const char *unit)
{
	struct verr ve = {0};
	int64_t id = 0;

	CHECK(auth_account_create(&sys, A, user, NULL, PASSWORD, role, unit, &ve, &id) ==
	      SOD_OK);
	return id;
}

/* A signed-in session of an existing account. */
static bool
session_of(const char *user, struct session *ses)
{
	char *token = NULL;
	bool full = false;
	int64_t retry;

	CHECK(auth_login(&sys, A, user, PASSWORD, &token, &full, &retry) == SOD_OK);
	return token != NULL && full && auth_session(&sys, A, token, ses) == SOD_OK;
}

static bool
session_for(const char *user, enum role role, const char *unit, struct session *ses)
{
	account(user, role, unit);
	return session_of(user, ses);
}

static int64_t
audit_count(const char *kind, int64_t id, const char *action)
{
	struct audit_entry *e;
	size_t n = 0;
	int64_t total = 0, hits = 0;
	char object[64];

	snprintf(object, sizeof(object), "%s:%lld", kind, (long long)id);
	CHECK(audit_list(&sys, A, object, 500, 0, &e, &n, &total) == SOD_OK);
	for (size_t i = 0; i < n; i++)
		hits += strcmp(e[i].action, action) == 0;
	return hits;
}

static struct unit_rec
unit(const char *code)
{
	struct unit_rec u = {0};

	CHECK(unit_get(&sys, A, code, &u, NULL) == SOD_OK);
	return u;
}

static bool
disabled(int64_t id)
{
	struct account_rec acc = {0};

	CHECK(store_account_get(sys.store, A, id, &acc) == SOD_OK);
	return acc.disabled;
}

/* ---- accounts ----------------------------------------------------------------- */

static void
test_create_account_only_in_subtree(void)
{
	struct session adm, mon;
	struct account_rec acc;
	struct verr ve = {0};
	int64_t id = 0;

	setup();
	CHECK(session_for("ca-admin-a", ROLE_ADMIN, "net-a", &adm));
	CHECK(session_for("ca-mon-a", ROLE_MONITOR, "net-a", &mon));
	/* Another unit, the unit above, the root: refused, nothing made. */
	CHECK(scope_account_create(&sys, A, &adm, "ca-intruder", NULL, PASSWORD, ROLE_OFFICER,
	                           "net-b", &ve, &id) == SOD_EPERM);
	CHECK(scope_account_create(&sys, A, &adm, "ca-intruder", NULL, PASSWORD,
	                           ROLE_SUPERVISOR, "p40", &ve, &id) == SOD_EPERM);
	CHECK(scope_account_create(&sys, A, &adm, "ca-intruder", NULL, PASSWORD, ROLE_ADMIN,
	                           NULL, &ve, &id) == SOD_EPERM);
	CHECK(auth_account_find(&sys, A, "ca-intruder", &acc) == SOD_ENOTFOUND);
	/* Not an admin at all. */
	CHECK(scope_account_create(&sys, A, &mon, "ca-intruder", NULL, PASSWORD, ROLE_OFFICER,
	                           "net-a", &ve, &id) == SOD_EPERM);
	/* Bad input. */
	ve = (struct verr){0};
	CHECK(scope_account_create(&sys, A, &adm, "ca-x", NULL, PASSWORD, ROLE_OFFICER,
	                           "nowhere", &ve, &id) == SOD_ENOTFOUND);
	CHECK(ve.field != NULL && strcmp(ve.field, "unit") == 0);
	CHECK(scope_account_create(&sys, A, &adm, "Bad Name", NULL, PASSWORD, ROLE_OFFICER,
	                           "net-a", &ve, &id) == SOD_EINVAL);
	CHECK(scope_account_create(&sys, A, &adm, "ca-x", "\xff\xfe", PASSWORD, ROLE_OFFICER,
	                           "net-a", &ve, &id) == SOD_EINVAL);
	CHECK(scope_account_create(&sys, A, &adm, "ca-x", NULL, "short", ROLE_OFFICER, "net-a",
	                           &ve, &id) == SOD_EINVAL);
	/* In the subtree: made, and written down. */
	CHECK(scope_account_create(&sys, A, &adm, "ca-officer", NULL, PASSWORD, ROLE_OFFICER,
	                           "net-a-t1", &ve, &id) == SOD_OK);
	CHECK(audit_count("account", id, "account.create") == 1);
}

static void
test_disable_only_in_reach(void)
{
	struct session adm, sup;
	struct verr ve = {0};
	int64_t other, mine, both;

	setup();
	other = account("dr-officer-b", ROLE_OFFICER, "net-b");
	mine = account("dr-officer-a1", ROLE_OFFICER, "net-a-t1");
	both = account("dr-both", ROLE_OFFICER, "net-a");
	CHECK(auth_grant(&sys, A, both, ROLE_OFFICER, "net-b", &ve) == SOD_OK);
	CHECK(session_for("dr-admin-a", ROLE_ADMIN, "net-a", &adm));
	CHECK(session_for("dr-sup-p40", ROLE_SUPERVISOR, "p40", &sup));
	CHECK(scope_account_set_disabled(&sys, A, &adm, other, true) == SOD_EPERM);
	CHECK(!disabled(other));
	/* A role also outside the subtree puts the account out of reach. */
	CHECK(scope_account_set_disabled(&sys, A, &adm, both, true) == SOD_EPERM);
	CHECK(!disabled(both));
	/* A supervisor is no admin. */
	CHECK(scope_account_set_disabled(&sys, A, &sup, mine, true) == SOD_EPERM);
	CHECK(scope_account_set_disabled(&sys, A, &adm, adm.account_id, true) == SOD_ECONFLICT);
	CHECK(scope_account_set_disabled(&sys, A, &adm, 999999, true) == SOD_ENOTFOUND);
	CHECK(scope_account_set_disabled(&sys, A, &adm, mine, true) == SOD_OK);
	CHECK(disabled(mine));
	CHECK(scope_account_set_disabled(&sys, A, &adm, mine, false) == SOD_OK);
	CHECK(!disabled(mine));
	CHECK(audit_count("account", mine, "account.disable") == 1);
	CHECK(audit_count("account", mine, "account.enable") == 1);
}

static void
test_account_list_only_subtree(void)
{
	struct session adm, root, mon;
	struct account_rec *items;
	size_t n = 0;
	int64_t total = -1;
	bool saw_b = false, saw_a = false;

	setup();
	account("al-officer-b", ROLE_OFFICER, "net-b");
	account("al-officer-a2", ROLE_OFFICER, "net-a-t2");
	CHECK(session_for("al-admin-a", ROLE_ADMIN, "net-a", &adm));
	CHECK(session_for("al-root", ROLE_ADMIN, NULL, &root));
	CHECK(session_for("al-mon", ROLE_MONITOR, NULL, &mon));
	CHECK(scope_account_list(&sys, A, &adm, 500, 0, &items, &n, &total) == SOD_OK);
	CHECK(total == (int64_t)n);
	for (size_t i = 0; i < n; i++) {
		struct grant_rec *g;
		size_t ng = 0;
		bool inside = false;

		saw_b = saw_b || strcmp(items[i].username, "al-officer-b") == 0;
		saw_a = saw_a || strcmp(items[i].username, "al-officer-a2") == 0;
		CHECK(auth_grants(&sys, A, items[i].id, &g, &ng) == SOD_OK);
		for (size_t k = 0; k < ng; k++)
			inside = inside || strncmp(g[k].unit_code, "net-a", 5) == 0;
		CHECK(inside);
	}
	CHECK(saw_a && !saw_b);
	CHECK(scope_account_list(&sys, A, &root, 500, 0, &items, &n, &total) == SOD_OK);
	saw_b = false;
	for (size_t i = 0; i < n; i++)
		saw_b = saw_b || strcmp(items[i].username, "al-officer-b") == 0;
	CHECK(saw_b && total >= 5);
	/* No admin grant: nothing. */
	CHECK(scope_account_list(&sys, A, &mon, 500, 0, &items, &n, &total) == SOD_OK);
	CHECK(n == 0 && total == 0);
}

/* ---- units --------------------------------------------------------------------- */

static void
test_create_unit_only_under_own(void)
{
	struct session adm;
	struct unit_input elsewhere = {"uc-x", "team", "x", "x", "net-b", NULL, NULL};
	struct unit_input none = {"uc-y", "team", "y", "y", "", NULL, NULL};
	struct unit_input mine = {"uc-team", "team", "ทีมใหม่", "New team", "net-a", NULL, NULL};
	struct unit_rec u;
	struct verr ve = {0};
	int64_t id = 0;

	setup();
	CHECK(session_for("uc-admin-a", ROLE_ADMIN, "net-a", &adm));
	CHECK(scope_unit_create(&sys, A, &adm, &elsewhere, &ve, &id) == SOD_EPERM);
	CHECK(unit_get(&sys, A, "uc-x", &u, NULL) == SOD_ENOTFOUND);
	CHECK(scope_unit_create(&sys, A, &adm, &none, &ve, &id) == SOD_EINVAL);
	elsewhere.parent_code = "nowhere";
	CHECK(scope_unit_create(&sys, A, &adm, &elsewhere, &ve, &id) == SOD_ENOTFOUND);
	CHECK(scope_unit_create(&sys, A, &adm, &mine, &ve, &id) == SOD_OK);
	CHECK(audit_count("unit", id, "unit.create") == 1);
}

/* The only pending change of unit code (its id), or 0. */
static int64_t
pending_of(const struct session *ses, const char *code)
{
	struct unit_change_rec *c;
	size_t n = 0;
	int64_t id = 0;

	CHECK(scope_unit_changes(&sys, A, ses, &c, &n) == SOD_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(c[i].unit_code, code) == 0)
			id = c[i].id;
	return id;
}

static void
test_move_waits_for_a_supervisor(void)
{
	struct session adm, sup_a, sup_b, both;
	struct unit_edit e = {.code = "net-a-t1", .parent_code = "net-a-t2", .closed = -1};
	struct verr ve = {0};
	int pending = -1;
	int64_t change;

	setup();
	CHECK(session_for("mv-admin-a", ROLE_ADMIN, "net-a", &adm));
	CHECK(session_for("mv-sup-a", ROLE_SUPERVISOR, "net-a", &sup_a));
	CHECK(session_for("mv-sup-b", ROLE_SUPERVISOR, "net-b", &sup_b));
	/* Out of the subtree, at either end. */
	e.parent_code = "net-b";
	CHECK(scope_unit_edit(&sys, A, &adm, &e, &ve, &pending) == SOD_EPERM);
	e = (struct unit_edit){.code = "net-a", .parent_code = "net-b", .closed = -1};
	CHECK(scope_unit_edit(&sys, A, &adm, &e, &ve, &pending) == SOD_EPERM);
	e = (struct unit_edit){.code = "net-b", .name_th = "ยึด", .closed = -1};
	CHECK(scope_unit_edit(&sys, A, &adm, &e, &ve, &pending) == SOD_EPERM);
	/* Bad input: into its own subtree, an unknown parent, a bad name. */
	e = (struct unit_edit){.code = "net-a", .parent_code = "net-a-t1", .closed = -1};
	CHECK(scope_unit_edit(&sys, A, &adm, &e, &ve, &pending) == SOD_EINVAL);
	e = (struct unit_edit){.code = "net-a-t1", .parent_code = "nowhere", .closed = -1};
	CHECK(scope_unit_edit(&sys, A, &adm, &e, &ve, &pending) == SOD_ENOTFOUND);
	e = (struct unit_edit){.code = "net-a-t1", .name_en = "bad\x01", .parent_code = "net-a-t2",
	                       .closed = -1};
	CHECK(scope_unit_edit(&sys, A, &adm, &e, &ve, &pending) == SOD_EINVAL);
	CHECK(pending_of(&sup_a, "net-a-t1") == 0);
	/* The request: the name changes now, the parent does not. */
	e = (struct unit_edit){.code = "net-a-t1", .name_en = "Team One", .parent_code = "net-a-t2",
	                       .closed = -1};
	CHECK(scope_unit_edit(&sys, A, &adm, &e, &ve, &pending) == SOD_OK);
	CHECK(pending == 1);
	CHECK_STR(unit("net-a-t1").parent_code, "net-a");
	CHECK_STR(unit("net-a-t1").name_en, "Team One");
	CHECK(audit_count("unit", unit("net-a-t1").id, "unit.move_requested") == 1);
	/* Not the one who asked, not a supervisor of another line. */
	change = pending_of(&sup_a, "net-a-t1");
	CHECK(change != 0);
	CHECK(pending_of(&adm, "net-a-t1") == 0 && pending_of(&sup_b, "net-a-t1") == 0);
	CHECK(scope_unit_change_decide(&sys, A, &adm, change, true) == SOD_EPERM);
	CHECK(scope_unit_change_decide(&sys, A, &sup_b, change, true) == SOD_EPERM);
	CHECK(scope_unit_change_decide(&sys, A, &sup_a, 999999, true) == SOD_ENOTFOUND);
	CHECK_STR(unit("net-a-t1").parent_code, "net-a");
	CHECK(scope_unit_change_decide(&sys, A, &sup_a, change, true) == SOD_OK);
	CHECK_STR(unit("net-a-t1").parent_code, "net-a-t2");
	CHECK(scope_unit_change_decide(&sys, A, &sup_a, change, false) == SOD_ECONFLICT);
	CHECK(audit_count("unit", unit("net-a-t1").id, "unit.change_confirmed") == 1);
	/* An admin who is also a supervisor still cannot confirm their own. */
	account("mv-both", ROLE_ADMIN, "net-a");
	{
		struct verr v2 = {0};
		struct account_rec acc;

		CHECK(auth_account_find(&sys, A, "mv-both", &acc) == SOD_OK);
		CHECK(auth_grant(&sys, A, acc.id, ROLE_SUPERVISOR, "p40", &v2) == SOD_OK);
	}
	CHECK(session_of("mv-both", &both));
	e = (struct unit_edit){.code = "net-a-t1", .parent_code = "net-a", .closed = -1};
	CHECK(scope_unit_edit(&sys, A, &both, &e, &ve, &pending) == SOD_OK && pending == 1);
	change = pending_of(&sup_a, "net-a-t1");
	CHECK(change != 0 && pending_of(&both, "net-a-t1") == 0);
	CHECK(scope_unit_change_decide(&sys, A, &both, change, true) == SOD_EPERM);
	/* Refused: nothing changes. */
	CHECK(scope_unit_change_decide(&sys, A, &sup_a, change, false) == SOD_OK);
	CHECK_STR(unit("net-a-t1").parent_code, "net-a-t2");
	CHECK(audit_count("unit", unit("net-a-t1").id, "unit.change_refused") == 1);
}

static void
test_shorter_retention_waits(void)
{
	struct session adm, sup;
	struct unit_edit e = {.code = "net-b", .closed = -1};
	struct verr ve = {0};
	int pending = -1;
	int64_t days = 0, change, id;

	setup();
	id = unit("net-b").id;
	CHECK(session_for("rt-admin-b", ROLE_ADMIN, "net-b", &adm));
	CHECK(session_for("rt-sup-p40", ROLE_SUPERVISOR, "p40", &sup));
	e.retention_days = 5;
	CHECK(scope_unit_edit(&sys, A, &adm, &e, &ve, &pending) == SOD_EINVAL);
	CHECK(ve.field != NULL && strcmp(ve.field, "retention_days") == 0);
	e.retention_days = 40000;
	CHECK(scope_unit_edit(&sys, A, &adm, &e, &ve, &pending) == SOD_EINVAL);
	/* Longer: at once. */
	e.retention_days = 3650;
	CHECK(scope_unit_edit(&sys, A, &adm, &e, &ve, &pending) == SOD_OK && pending == 0);
	CHECK(store_unit_retention(sys.store, id, &days) == SOD_OK && days == 3650);
	CHECK(audit_count("unit", id, "unit.retention") == 1);
	/* Shorter: waits. */
	e.retention_days = 30;
	CHECK(scope_unit_edit(&sys, A, &adm, &e, &ve, &pending) == SOD_OK && pending == 1);
	CHECK(store_unit_retention(sys.store, id, &days) == SOD_OK && days == 3650);
	change = pending_of(&sup, "net-b");
	CHECK(change != 0);
	CHECK(scope_unit_change_decide(&sys, A, &adm, change, true) == SOD_EPERM);
	CHECK(scope_unit_change_decide(&sys, A, &sup, change, true) == SOD_OK);
	CHECK(store_unit_retention(sys.store, id, &days) == SOD_OK && days == 30);
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
	TEST(test_create_account_only_in_subtree),
	TEST(test_disable_only_in_reach),
	TEST(test_account_list_only_subtree),
	TEST(test_create_unit_only_under_own),
	TEST(test_move_waits_for_a_supervisor),
	TEST(test_shorter_retention_waits),
	TEST(test_teardown),
	{0},
};
