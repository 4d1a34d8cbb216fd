/*
 * test_i18n.c — the message catalogs: both languages hold the same keys
 * with no empty message, lookups and fallback, the catalog format, and
 * language tags.
 */
#include "harness.h"

#include <stdio.h>

#include "util/err.h"
#include "web/i18n.h"

#ifdef SOD_TEST_HOOKS
enum sod_err i18n_test_parse(const char *text, size_t len, const char *key,
                             char *msg_out, size_t size);
#endif

/* i18n-same-keys: a key a translator forgot fails here, by name. */
static void
test_catalogs_hold_same_keys(void)
{
	const char **th, **en;
	size_t nth, nen, i = 0, j = 0;

	CHECK(i18n_init() == SOD_OK);
	nth = i18n_keys(LANG_TH, &th);
	nen = i18n_keys(LANG_EN, &en);
	CHECK(nth > 0);
	CHECK(nth == nen);
	while (i < nth || j < nen) {
		int c = i == nth ? 1 : j == nen ? -1 : strcmp(th[i], en[j]);

		if (c < 0) {
			fprintf(stderr, "  key %s is in th.txt but not in en.txt\n", th[i++]);
			CHECK(!"every Thai key has an English message");
		} else if (c > 0) {
			fprintf(stderr, "  key %s is in en.txt but not in th.txt\n", en[j++]);
			CHECK(!"every English key has a Thai message");
		} else {
			i++;
			j++;
		}
	}
}

static void
test_keys_sorted_and_messages_not_empty(void)
{
	CHECK(i18n_init() == SOD_OK);
	for (int l = 0; l < LANG__MAX; l++) {
		const char **keys;
		size_t n = i18n_keys((enum lang)l, &keys);

		for (size_t i = 0; i < n; i++) {
			const char *m = i18n_get((enum lang)l, keys[i]);

			if (i > 0)
				CHECK(strcmp(keys[i - 1], keys[i]) < 0);
			if (m[0] == '\0') {
				fprintf(stderr, "  %s.txt: %s has an empty message\n",
				        lang_code((enum lang)l), keys[i]);
				CHECK(!"no empty message");
			}
			/* found: the message, not the key handed back */
			CHECK(m != keys[i]);
		}
	}
}

/* Every error code has words for the user, in both languages. */
static void
test_every_error_has_a_message(void)
{
	char key[64];

	CHECK(i18n_init() == SOD_OK);
	for (int e = SOD_ENOMEM; e <= SOD_ERR__MAX; e++) {
		/* SOD_ERR__MAX itself maps to "internal" */
		snprintf(key, sizeof(key), "error.%s", sod_err_code((enum sod_err)e));
		for (int l = 0; l < LANG__MAX; l++) {
			const char **keys;
			size_t n = i18n_keys((enum lang)l, &keys);
			bool found = false;

			for (size_t i = 0; i < n && !found; i++)
				found = strcmp(keys[i], key) == 0;
			if (!found) {
				fprintf(stderr, "  %s.txt lacks %s\n", lang_code((enum lang)l), key);
				CHECK(!"a message for every error code");
			}
		}
	}
}

static void
test_lookups(void)
{
	static const struct {
		enum lang lang;
		const char *key, *want;
	} t[] = {
		{LANG_TH, "app.name", "สอดส่อง"},
		{LANG_EN, "app.name", "Sodsong"},
		{LANG_TH, "lang.switch", "English"},
		{LANG_EN, "lang.switch", "ภาษาไทย"},
		{LANG_TH, "nav.login", "เข้าสู่ระบบ"},
		{LANG_EN, "nav.login", "Sign in"},
		{LANG_TH, "nav.logout", "ออกจากระบบ"},
		{LANG_EN, "nav.logout", "Sign out"},
		{LANG_TH, "error.not_found", "ไม่พบหน้าหรือข้อมูลที่ต้องการ"},
		{LANG_EN, "error.not_found", "The page or item was not found."},
		/* i18n-fallback: unknown key → the key itself */
		{LANG_TH, "no.such.key", "no.such.key"},
		{LANG_EN, "no.such.key", "no.such.key"},
		{LANG_EN, "", ""},
		{LANG_EN, "APP.NAME", "APP.NAME"},
		{LANG_EN, "app.name ", "app.name "},
		/* an out-of-range language reads Thai */
		{(enum lang)LANG__MAX, "app.name", "สอดส่อง"},
		{(enum lang)-1, "nav.home", "หน้าแรก"},
	};

	CHECK(i18n_init() == SOD_OK);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CHECK_STR(i18n_get(t[i].lang, t[i].key), t[i].want);
	/* the same pointer each time, valid until shutdown */
	CHECK(i18n_get(LANG_EN, "app.name") == i18n_get(LANG_EN, "app.name"));
}

static void
test_init_idempotent_and_shutdown(void)
{
	const char **keys;

	CHECK(i18n_init() == SOD_OK);
	CHECK(i18n_init() == SOD_OK);
	CHECK_STR(i18n_get(LANG_EN, "app.name"), "Sodsong");
	i18n_shutdown();
	/* after shutdown: no catalog, every key reads as itself */
	CHECK(i18n_keys(LANG_TH, &keys) == 0);
	CHECK(keys == NULL);
	CHECK_STR(i18n_get(LANG_EN, "app.name"), "app.name");
	i18n_shutdown();
	CHECK(i18n_init() == SOD_OK);
	CHECK_STR(i18n_get(LANG_TH, "app.name"), "สอดส่อง");
}

static void
test_lang_parse(void)
{
	static const struct {
		const char *s;
		bool ok;
		enum lang want;
	} t[] = {
		{"th", true, LANG_TH},
		{"en", true, LANG_EN},
		{"TH", true, LANG_TH},
		{"EN", true, LANG_EN},
		{"En", true, LANG_EN},
		{"th-TH", true, LANG_TH},
		{"en-US", true, LANG_EN},
		{"en-GB", true, LANG_EN},
		{"en_US", true, LANG_EN},
		{"en-Latn-GB", true, LANG_EN},
		{"th-th", true, LANG_TH},
		{"", false, LANG_TH},
		{"t", false, LANG_TH},
		{"e", false, LANG_TH},
		{"fr", false, LANG_TH},
		{"de-DE", false, LANG_TH},
		{"eng", false, LANG_TH},
		{"english", false, LANG_TH},
		{"thai", false, LANG_TH},
		{"en-", false, LANG_TH},
		{"th-", false, LANG_TH},
		{"en;q=0.8", false, LANG_TH},
		{"en US", false, LANG_TH},
		{" en", false, LANG_TH},
		{"en-US<script>", false, LANG_TH},
		{"en-US\r\nSet-Cookie: x", false, LANG_TH},
		{"ไทย", false, LANG_TH},
		{"en-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false, LANG_TH},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		enum lang l = (enum lang)99;
		bool ok = lang_parse(t[i].s, &l);

		if (ok != t[i].ok)
			CHECK_STR(ok ? "accepted" : "refused", t[i].s);
		if (ok && t[i].ok)
			CHECK(l == t[i].want);
		if (!ok)
			CHECK(l == (enum lang)99);   /* untouched on failure */
	}
	CHECK(!lang_parse(NULL, &(enum lang){LANG_TH}));
}

static void
test_lang_code(void)
{
	enum lang l;

	CHECK_STR(lang_code(LANG_TH), "th");
	CHECK_STR(lang_code(LANG_EN), "en");
	CHECK_STR(lang_code((enum lang)LANG__MAX), "th");
	/* a round trip */
	for (int i = 0; i < LANG__MAX; i++)
		CHECK(lang_parse(lang_code((enum lang)i), &l) && l == (enum lang)i);
}

#ifdef SOD_TEST_HOOKS
/* The catalog format a translator writes. */
static void
test_catalog_format(void)
{
	static const struct {
		const char *text, *key;
		enum sod_err err;
		const char *want;
	} t[] = {
		{"a = b\n", "a", SOD_OK, "b"},
		{"a=b", "a", SOD_OK, "b"},                     /* no final newline */
		{"   a   =    b c   \n", "a", SOD_OK, "b c"},
		{"\ta\t=\tb\t\r\n", "a", SOD_OK, "b"},          /* tabs, CRLF */
		{"url = a=b&c=d\n", "url", SOD_OK, "a=b&c=d"}, /* = after the first */
		{"two = one\\ntwo\n", "two", SOD_OK, "one\ntwo"},
		{"bs = C:\\temp\n", "bs", SOD_OK, "C:\\temp"},
		{"th = สวัสดี ครับ\n", "th", SOD_OK, "สวัสดี ครับ"},
		{"# comment = not a key\nk = v\n", "# comment", SOD_ENOTFOUND, ""},
		{"# comment\n\n   \n  # indented comment\nk = v\n", "k", SOD_OK, "v"},
		{"k = v # not a comment\n", "k", SOD_OK, "v # not a comment"},
		{"empty =\n", "empty", SOD_OK, ""},
		{"a.b_c-d = x\n", "a.b_c-d", SOD_OK, "x"},
		{"", "a", SOD_ENOTFOUND, ""},
		{"b = 2\na = 1\nc = 3\n", "a", SOD_OK, "1"},
		/* malformed */
		{"no equals sign\n", "no", SOD_EINVAL, ""},
		{" = value\n", "", SOD_EINVAL, ""},
		{"a key = v\n", "a key", SOD_EINVAL, ""},
		{"ключ = v\n", "ключ", SOD_EINVAL, ""},
		{"a = 1\na = 2\n", "a", SOD_EINVAL, ""},        /* given twice */
		{"a = \xff\xfe\n", "a", SOD_EINVAL, ""},        /* not UTF-8 */
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char msg[128];
		enum sod_err err = i18n_test_parse(t[i].text, strlen(t[i].text), t[i].key,
		                                   msg, sizeof(msg));

		if (err != t[i].err)
			CHECK_STR(sod_strerror(err), t[i].text);
		CHECK_STR(msg, t[i].want);
	}
}
#endif

static void
test_shutdown(void)
{
	i18n_shutdown();
}

const struct test tests[] = {
	TEST(test_catalogs_hold_same_keys),
	TEST(test_keys_sorted_and_messages_not_empty),
	TEST(test_every_error_has_a_message),
	TEST(test_lookups),
	TEST(test_init_idempotent_and_shutdown),
	TEST(test_lang_parse),
	TEST(test_lang_code),
#ifdef SOD_TEST_HOOKS
	TEST(test_catalog_format),
#endif
	TEST(test_shutdown),
	{0},
};
