/*
 * test_audit.c — the audit log on a real SQLite file: appending, listing,
 * the hash chain against vectors computed independently (Python's
 * hashlib), verification, and tampering done behind the program's back
 * with the sqlite3 C API (alter, delete, swap, re-hash, relink), the
 * caller's transaction, concurrent appenders, and refused input.
 */
#include "harness.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "domain/audit.h"

static struct sys
fresh(const char *name, char *path, size_t size)
{
	struct sys sys = {0};
	int v = 0;

	snprintf(path, size, "%s/%s.db", harness_tmpdir(), name);
	CHECK(store_open(path, &sys.store) == SOD_OK);
	CHECK(store_migrate(sys.store, &v) == SOD_OK);
	return sys;
}

/* Five entries about two tips and a case, by an officer and the reporter. */
static void
fill(struct sys *sys)
{
	CHECK(audit_append(sys, 0, "", "tip.create", "tip:1", "") == SOD_OK);
	CHECK(audit_append(sys, 7, "somchai", "tip.read", "tip:1", "") == SOD_OK);
	CHECK(audit_append(sys, 7, "somchai", "tip.transition", "tip:1",
	                   "status new→acknowledged") == SOD_OK);
	CHECK(audit_append(sys, 8, "malee", "case.create", "case:1", "from tip:1") == SOD_OK);
	CHECK(audit_append(sys, 8, "malee", "tip.read", "tip:2", "") == SOD_OK);
}

/* Run SQL on the database file with a connection of its own: an attacker
 * holding the file and an SQL shell, not the program. */
static void
tamper(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	CHECK(sqlite3_open(path, &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK);
	if (msg != NULL)
		fprintf(stderr, "tamper: %s\n", msg);
	sqlite3_free(msg);
	sqlite3_close(db);
}

static void
expect_bad(struct sys *sys, const char *name, int64_t id, const char *why)
{
	struct arena *a = arena_new(1 << 16);
	int64_t checked = -1, bad = -1;
	const char *w = NULL;

	CHECK(audit_verify(sys, a, &checked, &bad, &w) == SOD_ECONFLICT);
	if (bad != id || w == NULL || strcmp(w, why) != 0)
		fprintf(stderr, "%s: got entry %lld %s\n", name, (long long)bad, w ? w : "-");
	CHECK(bad == id);
	CHECK_STR(w, why);
	CHECK(checked >= 1);
	arena_free(&a);
}

static void
test_genesis_is_the_hash_of_its_label(void)
{
	unsigned char h[32];
	char hex[65];

	CHECK(sodium_init() >= 0);
	crypto_generichash(h, sizeof(h), (const unsigned char *)"sodsong audit log v1", 20,
	                   NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	CHECK_STR(audit_genesis_hex, hex);
}

/* Vectors from docs/audit.md, computed there with Python's hashlib. */
static void
test_hash_matches_independent_vectors(void)
{
	struct audit_entry e1 = {.id = 1, .at = 1767225600, .account_id = 7,
	                         .username = "somchai", .action = "tip.read",
	                         .object = "tip:42", .detail = "สถานะ new→acknowledged"};
	struct audit_entry e2 = {.id = 2, .at = 1767225601, .account_id = 0,
	                         .username = "", .action = "tip.create",
	                         .object = "tip:43", .detail = ""};
	char h1[65], h2[65];

	CHECK(audit_hash(audit_genesis_hex, &e1, h1) == SOD_OK);
	CHECK_STR(h1, "ad8f581d4bb23c05faab4e03cb3c1517cdeec3c27b70c3661a039cd6c2000e72");
	CHECK(audit_hash(h1, &e2, h2) == SOD_OK);
	CHECK_STR(h2, "af7d841341d526b441c3facf8f502a6b17e7fab40ad94d049d322569559700b7");
}

/* audit-unambiguous: the same bytes spread over the fields differently,
 * or the same numbers in other fields, give other hashes. */
static void
test_encoding_is_unambiguous(void)
{
	static const struct audit_entry t[] = {
		{.id = 1, .at = 2, .account_id = 3, .username = "ab", .action = "c", .object = "o", .detail = ""},
		{.id = 1, .at = 2, .account_id = 3, .username = "a", .action = "bc", .object = "o", .detail = ""},
		{.id = 1, .at = 2, .account_id = 3, .username = "a", .action = "b", .object = "co", .detail = ""},
		{.id = 1, .at = 2, .account_id = 3, .username = "", .action = "abc", .object = "o", .detail = ""},
		{.id = 1, .at = 2, .account_id = 3, .username = "ab", .action = "c", .object = "", .detail = "o"},
		{.id = 2, .at = 1, .account_id = 3, .username = "ab", .action = "c", .object = "o", .detail = ""},
		{.id = 1, .at = 3, .account_id = 2, .username = "ab", .action = "c", .object = "o", .detail = ""},
		{.id = 1, .at = 2, .account_id = 3 + (1ll << 32), .username = "ab", .action = "c", .object = "o", .detail = ""},
	};
	enum { N = sizeof(t) / sizeof(t[0]) };
	char h[N][65];

	for (size_t i = 0; i < N; i++)
		CHECK(audit_hash(audit_genesis_hex, &t[i], h[i]) == SOD_OK);
	for (size_t i = 0; i < N; i++)
		for (size_t j = i + 1; j < N; j++)
			CHECK(strcmp(h[i], h[j]) != 0);
	/* and another predecessor gives another hash */
	{
		char other[65];

		CHECK(audit_hash(h[1], &t[0], other) == SOD_OK && strcmp(h[0], other) != 0);
	}
	/* a predecessor that is not 64 lower-case hex digits is refused */
	CHECK(audit_hash("EAF23C5FC48A127153D66484DD7363926A40F5A09F89FB4D53C6C20314771E9E",
	                 &t[0], h[0]) == SOD_EINVAL);
	CHECK(audit_hash("eaf2", &t[0], h[0]) == SOD_EINVAL);
}

static void
test_empty_log_verifies(void)
{
	char path[512], head[65];
	struct sys sys = fresh("empty", path, sizeof(path));
	struct arena *a = arena_new(1 << 16);
	int64_t checked = -1, bad = -1, last = -1, total = -1;
	const char *why = NULL;
	struct audit_entry *items;
	size_t n = 9;

	CHECK(audit_verify_head(&sys, a, &checked, &bad, &why, &last, head) == SOD_OK);
	CHECK(checked == 0 && last == 0 && why == NULL);
	CHECK_STR(head, audit_genesis_hex);
	CHECK(audit_list(&sys, a, "tip:1", 10, 0, &items, &n, &total) == SOD_OK);
	CHECK(n == 0 && total == 0);
	arena_free(&a);
	store_close(&sys.store);
}

static void
test_append_list_verify(void)
{
	char path[512], head[65], h[65];
	struct sys sys = fresh("basic", path, sizeof(path));
	struct arena *a = arena_new(1 << 20);
	struct audit_entry *items, e;
	size_t n = 0;
	int64_t total = 0, checked = 0, bad = 0, last = 0;
	const char *why = NULL;

	fill(&sys);
	CHECK(audit_list(&sys, a, "tip:1", 10, 0, &items, &n, &total) == SOD_OK);
	CHECK(n == 3 && total == 3);
	CHECK(items[0].id == 1 && items[0].account_id == 0);
	CHECK_STR(items[0].username, "");
	CHECK_STR(items[0].action, "tip.create");
	CHECK_STR(items[0].prev_hash, audit_genesis_hex);
	CHECK_STR(items[1].prev_hash, items[0].hash);
	CHECK_STR(items[1].username, "somchai");
	CHECK_STR(items[2].detail, "status new→acknowledged");
	CHECK(items[2].at > 1700000000);
	/* paging: oldest first, total unchanged */
	CHECK(audit_list(&sys, a, "tip:1", 2, 2, &items, &n, &total) == SOD_OK);
	CHECK(n == 1 && total == 3 && items[0].id == 3);
	CHECK(audit_list(&sys, a, "tip:1", 2, 9, &items, &n, &total) == SOD_OK);
	CHECK(n == 0 && total == 3);
	/* other objects are not mixed in; a prefix is not a match */
	CHECK(audit_list(&sys, a, "tip:2", 10, 0, &items, &n, &total) == SOD_OK);
	CHECK(n == 1 && total == 1 && items[0].id == 5);
	CHECK(audit_list(&sys, a, "tip:", 10, 0, &items, &n, &total) == SOD_OK && n == 0);
	/* bad paging is refused */
	CHECK(audit_list(&sys, a, "tip:1", 0, 0, &items, &n, &total) == SOD_EINVAL);
	CHECK(audit_list(&sys, a, "tip:1", AUDIT_LIST_MAX + 1, 0, &items, &n, &total) == SOD_EINVAL);
	CHECK(audit_list(&sys, a, "tip:1", 10, -1, &items, &n, &total) == SOD_EINVAL);
	CHECK(audit_list(&sys, a, "", 10, 0, &items, &n, &total) == SOD_EINVAL);

	CHECK(audit_verify_head(&sys, a, &checked, &bad, &why, &last, head) == SOD_OK);
	CHECK(checked == 5 && last == 5);
	CHECK(audit_get(&sys, a, 5, &e) == SOD_OK);
	CHECK_STR(head, e.hash);
	/* the stored hash is the documented one, recomputed from the fields */
	CHECK(audit_get(&sys, a, 4, &e) == SOD_OK);
	CHECK(audit_hash(e.prev_hash, &e, h) == SOD_OK);
	CHECK_STR(h, e.hash);
	CHECK(audit_get(&sys, a, 6, &e) == SOD_ENOTFOUND);
	arena_free(&a);
	store_close(&sys.store);
}

/* The tampering an attacker with the file can do, each on a fresh log. */
static void
test_tampering_is_found(void)
{
	static const struct {
		const char *name, *sql;
		int64_t id;
		const char *why;
	} t[] = {
		{"detail", "UPDATE audit SET detail = 'status new→closed' WHERE id = 3", 3, "altered"},
		{"user", "UPDATE audit SET username = 'someone' WHERE id = 2", 2, "altered"},
		{"account", "UPDATE audit SET account_id = 1 WHERE id = 4", 4, "altered"},
		{"time", "UPDATE audit SET at = at - 86400 WHERE id = 5", 5, "altered"},
		{"action", "UPDATE audit SET action = 'tip.list' WHERE id = 2", 2, "altered"},
		{"object", "UPDATE audit SET object = 'tip:9' WHERE id = 1", 1, "altered"},
		/* bytes moved from action into object: same concatenation */
		{"shift", "UPDATE audit SET action = 'tip.rea', object = 'dtip:1' WHERE id = 2",
		 2, "altered"},
		{"hash", "UPDATE audit SET hash = '0000000000000000000000000000000000000000000000"
		         "000000000000000000' WHERE id = 3", 3, "altered"},
		{"hashcase", "UPDATE audit SET hash = upper(hash) WHERE id = 2", 2, "altered"},
		{"swap", "UPDATE audit SET detail = CASE id WHEN 3 THEN 'from tip:1' "
		         "ELSE 'status new→acknowledged' END WHERE id IN (3, 4)", 3, "altered"},
		{"delete_mid", "DELETE FROM audit WHERE id = 3", 3, "missing"},
		{"delete_first", "DELETE FROM audit WHERE id = 1", 1, "missing"},
		{"delete_two", "DELETE FROM audit WHERE id IN (2, 3)", 2, "missing"},
		{"prev", "UPDATE audit SET prev_hash = (SELECT prev_hash FROM audit WHERE id = 2) "
		         "WHERE id = 3", 3, "broken_link"},
		/* removal papered over by renumbering: the link still breaks */
		{"renumber", "DELETE FROM audit WHERE id = 3; UPDATE audit SET id = id - 1 "
		             "WHERE id > 3", 3, "broken_link"},
		{"row_zero", "INSERT INTO audit VALUES (0, 1, 0, '', 'tip.read', 'tip:1', '', "
		             "'eaf23c5fc48a127153d66484dd7363926a40f5a09f89fb4d53c6c20314771e9e', "
		             "'x')", 0, "broken_link"},
		{"swap_rows", "UPDATE audit SET id = -id WHERE id IN (2, 3); "
		              "UPDATE audit SET id = 3 WHERE id = -2; "
		              "UPDATE audit SET id = 2 WHERE id = -3", 2, "broken_link"},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char path[512], name[64];
		struct sys sys;

		snprintf(name, sizeof(name), "tamper-%s", t[i].name);
		sys = fresh(name, path, sizeof(path));
		fill(&sys);
		tamper(path, t[i].sql);
		expect_bad(&sys, t[i].name, t[i].id, t[i].why);
		store_close(&sys.store);
	}
}

/* An attacker who re-hashes the entry they changed breaks the next link. */
static void
test_rehashed_entry_breaks_the_next_link(void)
{
	char path[512], sql[512], h[65];
	struct sys sys = fresh("rehash", path, sizeof(path));
	struct arena *a = arena_new(1 << 16);
	struct audit_entry e;

	fill(&sys);
	CHECK(audit_get(&sys, a, 3, &e) == SOD_OK);
	e.detail = "status new→closed";
	CHECK(audit_hash(e.prev_hash, &e, h) == SOD_OK);
	snprintf(sql, sizeof(sql),
	         "UPDATE audit SET detail = 'status new→closed', hash = '%s' WHERE id = 3", h);
	tamper(path, sql);
	expect_bad(&sys, "rehash", 4, "broken_link");
	arena_free(&a);
	store_close(&sys.store);
}

/*
 * What the chain alone cannot show (docs/audit.md): the newest entries
 * removed, or the chain rewritten to its end. The walk passes; the head
 * noted before differs from the head now.
 */
static void
test_cut_tail_needs_the_noted_head(void)
{
	char path[512], before[65], after[65];
	struct sys sys = fresh("tail", path, sizeof(path));
	struct arena *a = arena_new(1 << 16);
	int64_t checked, bad, last;
	const char *why = NULL;
	struct audit_entry e;

	fill(&sys);
	CHECK(audit_verify_head(&sys, a, &checked, &bad, &why, &last, before) == SOD_OK);
	CHECK(last == 5);
	tamper(path, "DELETE FROM audit WHERE id >= 4");
	CHECK(audit_verify_head(&sys, a, &checked, &bad, &why, &last, after) == SOD_OK);
	CHECK(checked == 3 && last == 3 && strcmp(before, after) != 0);
	CHECK(audit_get(&sys, a, 5, &e) == SOD_ENOTFOUND);
	/* appending after the cut continues the shortened chain, intact */
	CHECK(audit_append(&sys, 7, "somchai", "tip.read", "tip:1", "") == SOD_OK);
	CHECK(audit_verify_head(&sys, a, &checked, &bad, &why, &last, after) == SOD_OK);
	CHECK(last == 4);
	/* a head that is not hex cannot be chained to: refused, not forked */
	tamper(path, "UPDATE audit SET hash = 'zz' WHERE id = 4");
	CHECK(audit_append(&sys, 7, "somchai", "tip.read", "tip:1", "") == SOD_EDB);
	expect_bad(&sys, "head", 4, "altered");
	arena_free(&a);
	store_close(&sys.store);
}

static void
test_bad_input_is_refused(void)
{
	static char long_detail[AUDIT_DETAIL_MAX + 2], max_detail[AUDIT_DETAIL_MAX + 1];
	static char long_word[AUDIT_ACTION_MAX + 2], max_word[AUDIT_ACTION_MAX + 1];
	char path[512];
	struct sys sys = fresh("input", path, sizeof(path));
	struct arena *a = arena_new(1 << 16);
	int64_t checked = -1, bad, last = -1;
	const char *why;
	char head[65];
	struct {
		int64_t account;
		const char *user, *action, *object, *detail;
		enum sod_err err;
	} t[] = {
		{1, "u", "tip.read", "tip:1", "", SOD_OK},
		{0, "", "tip.create", "tip:1", "สถานะ new→acknowledged", SOD_OK},
		{1, "u", max_word, "tip:1", "", SOD_OK},
		{1, "u", "tip.read", max_word, max_detail, SOD_OK},
		{1, max_word, "tip.read", "tip:1", "", SOD_OK},
		{-1, "u", "tip.read", "tip:1", "", SOD_EINVAL},
		{1, NULL, "tip.read", "tip:1", "", SOD_EINVAL},
		{1, "u", NULL, "tip:1", "", SOD_EINVAL},
		{1, "u", "tip.read", NULL, "", SOD_EINVAL},
		{1, "u", "tip.read", "tip:1", NULL, SOD_EINVAL},
		{1, "u", "", "tip:1", "", SOD_EINVAL},
		{1, "u", "tip.read", "", "", SOD_EINVAL},
		{1, "u", long_word, "tip:1", "", SOD_EINVAL},
		{1, "u", "tip.read", long_word, "", SOD_EINVAL},
		{1, long_word, "tip.read", "tip:1", "", SOD_EINVAL},
		{1, "u", "tip.read", "tip:1", long_detail, SOD_EINVAL},
		{1, "u", "tip.read", "tip:1", "bad \xff byte", SOD_EINVAL},
		{1, "u", "tip.read", "tip:1", "overlong \xc0\xaf", SOD_EINVAL},
		{1, "u", "tip.read", "tip:1", "surrogate \xed\xa0\x80", SOD_EINVAL},
		{1, "u", "tip.read", "tip:1", "forged\nentry", SOD_EINVAL},
		{1, "u", "tip.read", "tip:1", "cr\r", SOD_EINVAL},
		{1, "u", "tip.read", "tip:1", "tab\there", SOD_EINVAL},
		{1, "u", "tip.read", "tip:1", "bell\a", SOD_EINVAL},
		{1, "u", "tip.read", "tip:1", "esc\x1b[2J", SOD_EINVAL},
		{1, "u", "tip.read", "tip:1", "del\x7f", SOD_EINVAL},
		{1, "u", "tip.read", "tip:1", "c1 \xc2\x85", SOD_EINVAL},
		{1, "u\n", "tip.read", "tip:1", "", SOD_EINVAL},
		{1, "u", "tip\tread", "tip:1", "", SOD_EINVAL},
		{1, "u", "tip.read", "tip:1\x01", "", SOD_EINVAL},
		{1, "u", "tip.read", "tip:\xe0\xb8", "", SOD_EINVAL},
	};
	int64_t ok = 0;

	memset(long_detail, 'x', sizeof(long_detail) - 1);
	memset(max_detail, 'x', sizeof(max_detail) - 1);
	memset(long_word, 'a', sizeof(long_word) - 1);
	memset(max_word, 'a', sizeof(max_word) - 1);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		enum sod_err err = audit_append(&sys, t[i].account, t[i].user, t[i].action,
		                                t[i].object, t[i].detail);

		if (err != t[i].err)
			fprintf(stderr, "row %zu: got %s\n", i, sod_strerror(err));
		CHECK(err == t[i].err);
		ok += t[i].err == SOD_OK;
	}
	/* nothing refused was written, and the chain is whole */
	CHECK(audit_verify_head(&sys, a, &checked, &bad, &why, &last, head) == SOD_OK);
	CHECK(checked == ok && last == ok);
	arena_free(&a);
	store_close(&sys.store);
}

/* audit-same-tx: the entry lives and dies with the caller's transaction. */
static void
test_inside_the_callers_transaction(void)
{
	char path[512];
	struct sys sys = fresh("tx", path, sizeof(path));
	struct arena *a = arena_new(1 << 16);
	struct audit_entry *items;
	size_t n;
	int64_t total, checked, bad;
	const char *why;

	CHECK(!store_in_tx(sys.store));
	CHECK(store_tx_begin(sys.store, true) == SOD_OK);
	CHECK(store_in_tx(sys.store));
	CHECK(audit_append(&sys, 7, "somchai", "case.transition", "case:7",
	                   "status new→in_progress") == SOD_OK);
	CHECK(audit_append(&sys, 7, "somchai", "case.read", "case:7", "") == SOD_OK);
	CHECK(store_in_tx(sys.store));  /* not committed behind the caller's back */
	store_tx_rollback(sys.store);
	CHECK(!store_in_tx(sys.store));
	CHECK(audit_list(&sys, a, "case:7", 10, 0, &items, &n, &total) == SOD_OK && total == 0);

	CHECK(store_tx_begin(sys.store, true) == SOD_OK);
	CHECK(audit_append(&sys, 7, "somchai", "case.transition", "case:7",
	                   "status new→in_progress") == SOD_OK);
	CHECK(store_tx_commit(sys.store) == SOD_OK);
	CHECK(audit_list(&sys, a, "case:7", 10, 0, &items, &n, &total) == SOD_OK);
	CHECK(total == 1 && items[0].id == 1);
	/* outside a transaction it commits on its own */
	CHECK(audit_append(&sys, 7, "somchai", "case.read", "case:7", "") == SOD_OK);
	CHECK(!store_in_tx(sys.store));
	CHECK(audit_verify(&sys, a, &checked, &bad, &why) == SOD_OK && checked == 2);
	arena_free(&a);
	store_close(&sys.store);
}

enum { THREADS = 4, PER_THREAD = 50 };

struct worker {
	struct sys *sys;
	int n;
	int failures;
};

static void *
appender(void *p)
{
	struct worker *w = p;
	char user[16], object[16];

	snprintf(user, sizeof(user), "officer%d", w->n);
	for (int i = 0; i < PER_THREAD; i++) {
		snprintf(object, sizeof(object), "tip:%d", i);
		if (audit_append(w->sys, w->n + 1, user, "tip.read", object, "") != SOD_OK)
			w->failures++;
	}
	return NULL;
}

/* audit-no-fork: concurrent appenders never chain two entries to one. */
static void
test_concurrent_appends_keep_one_chain(void)
{
	char path[512], head[65];
	struct sys sys = fresh("threads", path, sizeof(path));
	struct arena *a = arena_new(1 << 20);
	pthread_t th[THREADS];
	struct worker w[THREADS];
	int64_t checked = 0, bad = 0, last = 0, total = 0;
	const char *why = NULL;
	struct audit_entry *items;
	size_t n = 0;

	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){.sys = &sys, .n = i};
		CHECK(pthread_create(&th[i], NULL, appender, &w[i]) == 0);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		CHECK(w[i].failures == 0);
	}
	CHECK(audit_verify_head(&sys, a, &checked, &bad, &why, &last, head) == SOD_OK);
	CHECK(checked == THREADS * PER_THREAD && last == THREADS * PER_THREAD);
	if (why != NULL)
		fprintf(stderr, "entry %lld %s\n", (long long)bad, why);
	CHECK(audit_list(&sys, a, "tip:0", 10, 0, &items, &n, &total) == SOD_OK);
	CHECK(total == THREADS);
	arena_free(&a);
	store_close(&sys.store);
}

const struct test tests[] = {
	TEST(test_genesis_is_the_hash_of_its_label),
	TEST(test_hash_matches_independent_vectors),
	TEST(test_encoding_is_unambiguous),
	TEST(test_empty_log_verifies),
	TEST(test_append_list_verify),
	TEST(test_tampering_is_found),
	TEST(test_rehashed_entry_breaks_the_next_link),
	TEST(test_cut_tail_needs_the_noted_head),
	TEST(test_bad_input_is_refused),
	TEST(test_inside_the_callers_transaction),
	TEST(test_concurrent_appends_keep_one_chain),
	{0},
};
