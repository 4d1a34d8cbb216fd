/*
 * test_store.c — the storage API on a real SQLite file: migrations,
 * units and the subtree query, grants, sessions, transactions, conflicts,
 * and one connection per thread.
 */
#include "harness.h"

#include <pthread.h>
#include <stdio.h>

#include "store/store.h"

static struct store *
fresh(const char *name)
{
	char path[512];
	struct store *s = NULL;
	int v = 0;

	snprintf(path, sizeof(path), "%s/%s.db", harness_tmpdir(), name);
	CHECK(store_open(path, &s) == SOD_OK);
	CHECK(store_migrate(s, &v) == SOD_OK);
	CHECK(v == store_schema_latest() && v >= 1);
	return s;
}

static int64_t
add_unit(struct store *s, const char *code, int64_t parent)
{
	struct unit_rec u = {.code = (char *)code, .kind = "team", .name_th = "ทีม",
	                     .name_en = "Team", .parent_id = parent};
	int64_t id = 0;

	CHECK(store_unit_insert(s, &u, &id) == SOD_OK);
	return id;
}

static void
test_migrate_twice_is_a_no_op(void)
{
	struct store *s = fresh("mig");
	int v = 0;

	CHECK(store_migrate(s, &v) == SOD_OK && v == store_schema_latest());
	store_close(&s);
	CHECK(s == NULL);
}

static void
test_units_tree(void)
{
	struct store *s = fresh("units");
	struct arena *a = arena_new(1 << 20);
	int64_t root = add_unit(s, "root", 0), moj = add_unit(s, "moj", root);
	int64_t club = add_unit(s, "moj-amjl", moj), other = add_unit(s, "mol", root);
	struct unit_rec u, *items;
	struct unit_filter f = {.parent_id = root, .limit = 10};
	size_t n;
	int64_t total, count;
	bool in;

	CHECK(store_unit_get_by_code(s, a, "moj-amjl", &u) == SOD_OK);
	CHECK(u.id == club && u.parent_id == moj);
	CHECK_STR(u.parent_code, "moj");
	CHECK_STR(u.name_th, "ทีม");
	CHECK(store_unit_get_by_code(s, a, "nope", &u) == SOD_ENOTFOUND);
	CHECK(store_unit_root(s, a, &u) == SOD_OK && u.id == root && u.parent_code == NULL);
	CHECK(store_unit_list(s, a, &f, &items, &n, &total) == SOD_OK);
	CHECK(n == 2 && total == 2);
	CHECK_STR(items[0].code, "moj");
	CHECK(items[0].children == 1);
	f.limit = 1;
	f.offset = 1;
	CHECK(store_unit_list(s, a, &f, &items, &n, &total) == SOD_OK);
	CHECK(n == 1 && total == 2);
	CHECK_STR(items[0].code, "mol");
	CHECK(store_unit_is_within(s, club, root, &in) == SOD_OK && in);
	CHECK(store_unit_is_within(s, club, moj, &in) == SOD_OK && in);
	CHECK(store_unit_is_within(s, club, club, &in) == SOD_OK && in);
	CHECK(store_unit_is_within(s, club, other, &in) == SOD_OK && !in);
	CHECK(store_unit_is_within(s, moj, club, &in) == SOD_OK && !in);
	CHECK(store_unit_subtree_count(s, root, &count) == SOD_OK && count == 4);
	arena_free(&a);
	store_close(&s);
}

static void
test_duplicate_code_is_a_conflict(void)
{
	struct store *s = fresh("dup");
	struct unit_rec u = {.code = "x", .kind = "team", .name_th = "ก", .name_en = "k"};
	int64_t id;

	CHECK(store_unit_insert(s, &u, &id) == SOD_OK);
	CHECK(store_unit_insert(s, &u, &id) == SOD_ECONFLICT);
	store_close(&s);
}

static void
test_grants_hold_in_subtree(void)
{
	struct store *s = fresh("grants");
	struct arena *a = arena_new(1 << 20);
	int64_t root = add_unit(s, "root", 0), moi = add_unit(s, "moi", root);
	int64_t kkn = add_unit(s, "moi-p40", moi), mol = add_unit(s, "mol", root);
	struct account_rec acc = {.username = "somchai", .display_name = "สมชาย",
	                          .pw_hash = "x"};
	struct grant_rec *g;
	size_t n;
	int64_t id;
	bool ok;

	CHECK(store_account_insert(s, &acc, &id) == SOD_OK);
	CHECK(store_account_insert(s, &acc, &id) == SOD_ECONFLICT);
	CHECK(store_grant_add(s, id, moi, "supervisor") == SOD_OK);
	CHECK(store_grant_add(s, id, moi, "supervisor") == SOD_OK);  /* idempotent */
	CHECK(store_grant_check(s, id, kkn, "supervisor", &ok) == SOD_OK && ok);
	CHECK(store_grant_check(s, id, moi, "supervisor", &ok) == SOD_OK && ok);
	CHECK(store_grant_check(s, id, root, "supervisor", &ok) == SOD_OK && !ok);
	CHECK(store_grant_check(s, id, mol, "supervisor", &ok) == SOD_OK && !ok);
	CHECK(store_grant_check(s, id, kkn, "admin", &ok) == SOD_OK && !ok);
	CHECK(store_grant_list(s, a, id, &g, &n) == SOD_OK && n == 1);
	CHECK_STR(g[0].unit_code, "moi");
	CHECK_STR(g[0].role, "supervisor");
	arena_free(&a);
	store_close(&s);
}

static void
test_sessions(void)
{
	struct store *s = fresh("sessions");
	struct arena *a = arena_new(1 << 20);
	struct account_rec acc = {.username = "u", .display_name = "u", .pw_hash = "x"};
	struct session_rec r = {.token_hash = "h1", .csrf = "c1", .stage = 1,
	                        .created_at = 100, .last_seen = 100, .expires_at = 200};
	struct session_rec got;
	int64_t id;

	CHECK(store_account_insert(s, &acc, &id) == SOD_OK);
	r.account_id = id;
	CHECK(store_session_insert(s, &r) == SOD_OK);
	CHECK(store_session_get(s, a, "h1", &got) == SOD_OK);
	CHECK(got.account_id == id && got.stage == 1 && got.expires_at == 200);
	CHECK_STR(got.csrf, "c1");
	CHECK(store_session_touch(s, "h1", 150, 1) == SOD_OK);
	CHECK(store_session_get(s, a, "h1", &got) == SOD_OK && got.last_seen == 150);
	CHECK(store_session_purge(s, 201) == SOD_OK);
	CHECK(store_session_get(s, a, "h1", &got) == SOD_ENOTFOUND);
	arena_free(&a);
	store_close(&s);
}

static void
test_rollback_leaves_nothing(void)
{
	struct store *s = fresh("tx");
	struct arena *a = arena_new(1 << 20);
	struct unit_rec u;

	CHECK(store_tx_begin(s, true) == SOD_OK);
	add_unit(s, "ghost", 0);
	CHECK(store_tx_begin(s, true) != SOD_OK);  /* no nesting */
	store_tx_rollback(s);
	CHECK(store_unit_get_by_code(s, a, "ghost", &u) == SOD_ENOTFOUND);
	CHECK(store_tx_begin(s, true) == SOD_OK);
	add_unit(s, "kept", 0);
	CHECK(store_tx_commit(s) == SOD_OK);
	CHECK(store_unit_get_by_code(s, a, "kept", &u) == SOD_OK);
	arena_free(&a);
	store_close(&s);
}

static void
test_meta(void)
{
	struct store *s = fresh("meta");
	struct arena *a = arena_new(1 << 20);
	char *v;

	CHECK(store_meta_get(s, a, "k", &v) == SOD_ENOTFOUND);
	CHECK(store_meta_set(s, "k", "หนึ่ง") == SOD_OK);
	CHECK(store_meta_set(s, "k", "สอง") == SOD_OK);
	CHECK(store_meta_get(s, a, "k", &v) == SOD_OK);
	CHECK_STR(v, "สอง");
	arena_free(&a);
	store_close(&s);
}

struct writer {
	struct store *s;
	int n;
	int ok;
};

static void *
writer_main(void *p)
{
	struct writer *w = p;
	char code[32];

	for (int i = 0; i < 50; i++) {
		struct unit_rec u = {.code = code, .kind = "team", .name_th = "ก", .name_en = "k"};
		int64_t id;

		snprintf(code, sizeof(code), "t%d-%d", w->n, i);
		if (store_tx_begin(w->s, true) == SOD_OK && store_unit_insert(w->s, &u, &id) == SOD_OK &&
		    store_tx_commit(w->s) == SOD_OK)
			w->ok++;
	}
	return NULL;
}

static void
test_threads_have_their_own_connections(void)
{
	struct store *s = fresh("threads");
	struct writer w[4];
	pthread_t t[4];
	int64_t count;

	for (int i = 0; i < 4; i++) {
		w[i] = (struct writer){s, i, 0};
		pthread_create(&t[i], NULL, writer_main, &w[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		CHECK(w[i].ok == 50);
	}
	add_unit(s, "root", 0);
	CHECK(store_unit_subtree_count(s, 201, &count) == SOD_OK && count == 1);
	store_close(&s);
}

static void
test_open_bad_path_fails(void)
{
	struct store *s = NULL;

	CHECK(store_open("/nonexistent-dir/x/y.db", &s) != SOD_OK);
	CHECK(s == NULL);
}

const struct test tests[] = {
	TEST(test_migrate_twice_is_a_no_op),
	TEST(test_units_tree),
	TEST(test_duplicate_code_is_a_conflict),
	TEST(test_grants_hold_in_subtree),
	TEST(test_sessions),
	TEST(test_rollback_leaves_nothing),
	TEST(test_meta),
	TEST(test_threads_have_their_own_connections),
	TEST(test_open_bad_path_fails),
	{0},
};
