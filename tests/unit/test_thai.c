/*
 * test_thai.c — Thai and English words for search, through libthai.
 *
 * The word tables pin down the segmentation a reader would expect from
 * libthai's stock dictionary (Debian's libthai 0.1.29); if a dictionary
 * update moves a break, these fail first. The search tables check the
 * property search relies on: every term of a query occurs among the terms
 * of a document that contains it, and a word the document lacks does not.
 */
#include "harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/thai.h"
#include "text/utf8.h"

#define TERMS_MAX 512

struct terms {
	size_t n;
	char w[TERMS_MAX][64];
	size_t fail_after;  /* return SOD_ENOMEM on this call (0: never) */
};

static enum sod_err
collect(const char *word, size_t len, void *ctx)
{
	struct terms *t = ctx;

	if (t->fail_after != 0 && t->n + 1 == t->fail_after)
		return SOD_ENOMEM;
	/* Every word is a proper NUL-terminated string of len bytes. */
	if (strlen(word) != len || len == 0)
		return SOD_EINVAL;
	if (t->n < TERMS_MAX)
		snprintf(t->w[t->n], sizeof(t->w[0]), "%s", word);
	t->n++;
	return SOD_OK;
}

/* The words of s joined by '|'. */
static const char *
joined(const char *s, bool terms)
{
	static struct terms t;
	static char out[4096];
	size_t w = 0;
	enum sod_err err;

	memset(&t, 0, sizeof(t));
	err = (terms ? thai_terms : thai_words)(s, strlen(s), collect, &t);
	if (err != SOD_OK)
		return sod_strerror(err);
	out[0] = '\0';
	for (size_t i = 0; i < t.n && i < TERMS_MAX; i++)
		w += (size_t)snprintf(out + w, sizeof(out) - w, "%s%s", i ? "|" : "",
		                      t.w[i]);
	return out;
}

static bool
has_term(const struct terms *t, const char *w)
{
	for (size_t i = 0; i < t->n && i < TERMS_MAX; i++)
		if (strcmp(t->w[i], w) == 0)
			return true;
	return false;
}

static void
terms_of(const char *s, struct terms *t)
{
	memset(t, 0, sizeof(*t));
	CHECK(thai_terms(s, strlen(s), collect, t) == SOD_OK);
	CHECK(t->n <= TERMS_MAX);
}

/*
 * Whether a search for query finds document: every term of the query is a
 * term of the document (and the query has a term at all).
 */
static bool
query_matches(const char *document, const char *query)
{
	static struct terms d, q;

	terms_of(document, &d);
	terms_of(query, &q);
	if (q.n == 0)
		return false;
	for (size_t i = 0; i < q.n; i++)
		if (!has_term(&d, q.w[i]))
			return false;
	return true;
}

static void
test_thai_init_idempotent(void)
{
	CHECK(thai_init() == SOD_OK);
	CHECK(thai_init() == SOD_OK);
}

static void
test_thai_words(void)
{
	static const struct {
		const char *in;
		const char *want;
	} t[] = {
		{"การทุจริตในการจัดซื้อจัดจ้าง",
		 "การ|ทุจริต|ใน|การ|จัด|ซื้อ|จัด|จ้าง"},
		{"รับเงินใต้โต๊ะจากผู้รับเหมา", "รับ|เงิน|ใต้|โต๊ะ|จาก|ผู้|รับเหมา"},
		{"เจ้าหน้าที่", "เจ้าหน้าที่"},
		{"  ทุจริต  \t\n", "ทุจริต"},  /* spaces trimmed */
		{"ผู้ว่าราชการจังหวัด", "ผู้|ว่า|ราชการ|จังหวัด"},
		/* Latin words lower-cased; digits split from letters. */
		{"Hello WORLD", "hello|world"},
		{"e-Bidding 2024", "e|bidding|2024"},
		{"abc123def", "abc|123|def"},
		{"กิน๑๒๓", "กิน|123"},
		{"งบ๕๐๐,๐๐๐บาท", "งบ|500|000|บาท"},
		{"เลข๑2๓", "เลข|123"},
		/* Dotted acronyms: one token without dots, whichever way typed. */
		{"ป.ป.ช.", "ปปช"},
		{"ป.ป.ช", "ปปช"},
		{"สำนักงาน ป.ป.ช. ภาค 4", "สำนักงาน|ปปช|ภาค|4"},
		{"สำนักงานป.ป.ช.ภาค", "สำนักงาน|ปปช|ภาค"},
		{"27 ม.ค. 2561", "27|มค|2561"},
		{"เม.ย.", "เมย"},
		{"น.ส. มณี", "นส|มณี"},
		{"พ.ศ.๒๕๖๗", "พศ|2567"},
		{"ศปท.", "ศปท"},
		{"ทุจริต.", "ทุจริต"},       /* a full stop is no acronym */
		{"ทุจริต.คอร์รัปชัน", "ทุจริต|คอร์รัปชัน"},
		{"ก..ข", "ก|ข"},
		/* ฯ ๆ ฿ are not letters of a word. */
		{"กรุงเทพฯ", "กรุงเทพ"},
		{"เร็วๆ นี้", "เร็ว|นี้"},
		{"฿500", "500"},
		/* Nothing outside Thai and ASCII glues Thai words together. */
		{"ราชการ😀ทุจริต", "ราชการ|ทุจริต"},
		{"ราชการéทุจริต", "ราชการ|ทุจริต"},
		{"ราชการ\xC2\xA0ทุจริต", "ราชการ|ทุจริต"},       /* NBSP */
		{"ราชการ\xE2\x80\x8Bทุจริต", "ราชการ|ทุจริต"},   /* ZWSP */
		{"ราชการ\xE0\xB8\xBBทุจริต", "ราชการ|ทุจริต"},   /* unassigned U+0E3B */
		{"ราชการ汉字ทุจริต", "ราชการ|ทุจริต"},
		{"café", "caf"},
		{"<script>alert(1)</script>", "script|alert|1|script"},
		{"", ""},
		{" .,;!?-–— ", ""},
		{"...ป", "ป"},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CHECK_STR(joined(t[i].in, false), t[i].want);
}

static void
test_thai_words_refuse_bad_utf8(void)
{
	static const char *const bad[] = {
		"ทุจริต\xE0\xB8", "\xC0\x80", "ok \xED\xA0\x80", "\xFF",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct terms t = {0};

		CHECK(thai_words(bad[i], strlen(bad[i]), collect, &t) == SOD_EUTF8);
		CHECK(thai_terms(bad[i], strlen(bad[i]), collect, &t) == SOD_EUTF8);
		CHECK(t.n == 0);  /* refused before any word */
	}
}

static void
test_thai_callback_error_stops(void)
{
	static struct terms t;
	const char *s = "การทุจริตในการจัดซื้อจัดจ้าง";

	memset(&t, 0, sizeof(t));
	t.fail_after = 3;
	CHECK(thai_words(s, strlen(s), collect, &t) == SOD_ENOMEM);
	CHECK(t.n == 2);
	memset(&t, 0, sizeof(t));
	t.fail_after = 5;
	CHECK(thai_terms(s, strlen(s), collect, &t) == SOD_ENOMEM);
	CHECK(t.n == 4);
}

/* Runs longer than the breaker's chunk keep their words whole. */
static void
test_thai_long_runs(void)
{
	static char s[20000];
	static struct terms t;
	size_t w = 0, n = 0;

	for (int i = 0; i < 1000; i++)  /* 6000 code points, no space */
		w += (size_t)snprintf(s + w, sizeof(s) - w, "ทุจริต");
	memset(&t, 0, sizeof(t));
	CHECK(thai_words(s, w, collect, &t) == SOD_OK);
	CHECK(t.n == 1000);
	for (size_t i = 0; i < t.n && i < TERMS_MAX; i++)
		n += strcmp(t.w[i], "ทุจริต") == 0;
	CHECK(n == (t.n < TERMS_MAX ? t.n : TERMS_MAX));

	/* 3000 of one letter: no dictionary word, still bounded pieces. */
	w = 0;
	for (int i = 0; i < 3000; i++)
		w += (size_t)snprintf(s + w, sizeof(s) - w, "ฮ");
	memset(&t, 0, sizeof(t));
	CHECK(thai_terms(s, w, collect, &t) == SOD_OK);
	CHECK(t.n > 0);

	/* A Latin run longer than a chunk is cut, and nothing is lost. */
	memset(s, 'A', 1500);
	memset(&t, 0, sizeof(t));
	CHECK(thai_words(s, 1500, collect, &t) == SOD_OK);
	CHECK(t.n == 3);
	CHECK(t.w[0][0] == 'a');
}

static void
test_thai_terms_inner_words(void)
{
	static const struct {
		const char *in;
		const char *words;    /* thai_words gives exactly these */
		const char *inner[4]; /* thai_terms gives these too */
	} t[] = {
		{"เจ้าหน้าที่", "เจ้าหน้าที่", {"เจ้า", "หน้า", "หน้าที่", "ที่"}},
		{"งบประมาณ", "งบประมาณ", {"งบ", "ประมาณ"}},
		{"สำนักงาน", "สำนักงาน", {"สำนัก", "งาน"}},
		{"โต๊ะจีน", "โต๊ะจีน", {"โต๊ะ", "จีน"}},
		{"เงินใต้โต๊ะ", "เงิน|ใต้|โต๊ะ", {"ใต้", "โต๊ะ", "เงิน"}},
		{"การทุจริตในการจัดซื้อจัดจ้าง",
		 "การ|ทุจริต|ใน|การ|จัด|ซื้อ|จัด|จ้าง",
		 {"ทุจริต", "จัด", "ซื้อ", "จ้าง"}},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		static struct terms terms;

		CHECK_STR(joined(t[i].in, false), t[i].words);
		terms_of(t[i].in, &terms);
		for (size_t j = 0; j < 4 && t[i].inner[j] != NULL; j++)
			if (!has_term(&terms, t[i].inner[j]))
				harness_fail_str(__FILE__, __LINE__, t[i].in, "missing",
				                 t[i].inner[j]);
		/* Acronyms and lone letters are not broken again. */
	}
	CHECK_STR(joined("ป.ป.ช.", true), "ปปช");
	CHECK_STR(joined("ศปท.", true), "ศปท");
	CHECK_STR(joined("Procurement 2567", true), "procurement|2567");
}

static void
test_thai_query_in_document(void)
{
	static const struct {
		const char *document;
		const char *query;
		bool match;
	} t[] = {
		{"เงินใต้โต๊ะ", "ใต้โต๊ะ", true},
		{"ผู้รับเหมาจ่ายเงินใต้โต๊ะให้เจ้าหน้าที่", "ใต้โต๊ะ", true},
		{"ผู้รับเหมาจ่ายเงินใต้โต๊ะให้เจ้าหน้าที่", "เงินใต้โต๊ะ", true},
		{"ผู้รับเหมาจ่ายเงินใต้โต๊ะให้เจ้าหน้าที่", "หน้าที่", true},
		{"ผู้รับเหมาจ่ายเงินใต้โต๊ะให้เจ้าหน้าที่", "เจ้าหน้าที่", true},
		{"ผู้รับเหมาจ่ายเงินใต้โต๊ะให้เจ้าหน้าที่", "รับเหมา", true},
		{"การทุจริตในการจัดซื้อจัดจ้าง", "ทุจริต", true},
		{"การทุจริตในการจัดซื้อจัดจ้าง", "จัดซื้อจัดจ้าง", true},
		{"การทุจริตในการจัดซื้อจัดจ้าง", "จัดซื้อ", true},
		{"การทุจริตในการจัดซื้อจัดจ้าง", "การจัดซื้อจัดจ้าง", true},
		{"ตั้งงบประมาณเกินจริง", "ประมาณ", true},
		{"ตั้งงบประมาณเกินจริง", "งบประมาณ", true},
		{"สำนักงานเขตพื้นที่", "สำนัก", true},
		{"หนังสือถึงสำนักงาน ป.ป.ช. ภาค 4", "ป.ป.ช.", true},
		{"หนังสือถึงสำนักงาน ป.ป.ช. ภาค 4", "ปปช", true},
		{"หนังสือถึงสำนักงานป.ป.ช.ภาค๔", "ป.ป.ช ภาค 4", true},
		{"งบประมาณปี ๒๕๖๗", "2567", true},
		{"งบประมาณปี 2567", "๒๕๖๗", true},
		{"The Contractor BRIBED the mayor", "bribed MAYOR", true},
		{"ราชการ😀ทุจริต", "ทุจริต", true},
		/* Negative: a word the document lacks must not match. */
		{"เจ้าหน้าที่รับสินบน", "ทุจริต", false},
		{"เจ้าหน้าที่รับสินบน", "สินบน ทุจริต", false},
		{"รับเงินใต้โต๊ะ", "โต๊ะจีน", false},
		{"โต๊ะ😀จีน", "โต๊ะจีน", false},     /* the emoji separates */
		{"การจัดซื้อ", "จัดจ้าง", false},
		{"หนังสือถึงสำนักงาน ป.ป.ช.", "ป.ป.ท.", false},
		{"หนังสือถึงสำนักงาน ป.ป.ช.", "ปปท", false},
		{"งบประมาณปี 2567", "2568", false},
		{"งบประมาณปี 2567", "256", false},
		{"The contractor bribed", "bribe", false},
		{"The contractor bribed", "mayor", false},
		{"ทุจริต", "!!! ...", false},       /* no term at all */
		{"ทุจริต", "", false},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (query_matches(t[i].document, t[i].query) != t[i].match) {
			char what[512];

			snprintf(what, sizeof(what), "query \"%s\" in \"%s\"", t[i].query,
			         t[i].document);
			harness_fail_str(__FILE__, __LINE__, what,
			                 t[i].match ? "no match" : "match",
			                 t[i].match ? "match" : "no match");
		}
	}
}

/* A word begins with a consonant or a leading vowel (เ แ โ ใ ไ). */
static bool
begins_word(uint32_t cp)
{
	return (cp >= 0x0E01 && cp <= 0x0E2E) || (cp >= 0x0E40 && cp <= 0x0E44);
}

/* Whether a word can end (and another begin) before cp[p] of cp[0..n). */
static bool
between_words(const uint32_t *cp, size_t n, size_t p)
{
	if (p == 0 || p == n)
		return true;
	return begins_word(cp[p]) && !(cp[p - 1] >= 0x0E40 && cp[p - 1] <= 0x0E44) &&
	       cp[p - 1] != 0x0E31 && cp[p - 1] != 0x0E47;
}

/*
 * The property behind the method, exhaustively over a few dictionary
 * compounds (each one token): any stretch of two or more letters that
 * begins and ends where a word can (before a consonant or a leading vowel,
 * not after a leading vowel, nor after ั or ็, which always take a final
 * consonant), searched for on its own, is found in the compound.
 */
static void
test_thai_every_substring_query_found(void)
{
	static const char *const docs[] = {
		"เจ้าหน้าที่", "งบประมาณ", "สำนักงาน", "คอร์รัปชัน", "โต๊ะจีน",
		"ประชาธิปไตย", "ผู้ใหญ่บ้าน", "ตรวจการ", "แผ่นดิน", "กรรมาธิการ",
		"อนุกรรมการ",
	};
	size_t missed = 0, tried = 0;

	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		uint32_t cp[64];
		size_t off[65], n = 0, len = strlen(docs[i]);

		for (size_t o = 0; o < len && n < 64; n++) {
			off[n] = o;
			o += utf8_decode(docs[i] + o, len - o, &cp[n]);
		}
		off[n] = len;
		CHECK_STR(joined(docs[i], false), docs[i]);  /* one token */
		for (size_t a = 0; a < n; a++) {
			if (!between_words(cp, n, a))
				continue;
			for (size_t b = a + 2; b <= n; b++) {
				char q[256];

				if ((a == 0 && b == n) || !between_words(cp, n, b))
					continue;
				snprintf(q, sizeof(q), "%.*s", (int)(off[b] - off[a]),
				         docs[i] + off[a]);
				tried++;
				if (!query_matches(docs[i], q)) {
					harness_fail_str(__FILE__, __LINE__, docs[i],
					                 "misses", q);
					missed++;
				}
			}
		}
	}
	CHECK(tried > 100);
	CHECK(missed == 0);
}

static const char *const thread_text =
	"การทุจริตในการจัดซื้อจัดจ้าง สำนักงาน ป.ป.ช. งบประมาณ 2567 Bribe";

static void *
thread_main(void *arg)
{
	static const char *const want =
		"การ|ทุจริต|ใน|การ|จัด|ซื้อ|จัด|จ้าง|สำนักงาน|ปปช|งบประมาณ|2567|bribe";
	struct terms *t = malloc(sizeof(*t));
	long bad = 0;

	for (int round = 0; t != NULL && round < 50; round++) {
		char out[1024];
		size_t w = 0;

		memset(t, 0, sizeof(*t));
		if (thai_words(thread_text, strlen(thread_text), collect, t) != SOD_OK) {
			bad++;
			continue;
		}
		out[0] = '\0';
		for (size_t i = 0; i < t->n; i++)
			w += (size_t)snprintf(out + w, sizeof(out) - w, "%s%s",
			                      i ? "|" : "", t->w[i]);
		bad += strcmp(out, want) != 0;
	}
	free(t);
	*(long *)arg = t == NULL ? 1 : bad;
	return NULL;
}

/* One breaker serves several threads at once. */
static void
test_thai_threads_share_breaker(void)
{
	pthread_t th[4];
	long bad[4] = {0};

	for (int i = 0; i < 4; i++)
		CHECK(pthread_create(&th[i], NULL, thread_main, &bad[i]) == 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		CHECK(bad[i] == 0);
	}
}

/* Last: the breaker is freed (LeakSanitizer would report it otherwise),
 * and a later call loads it again. */
static void
test_thai_shutdown_frees_and_reloads(void)
{
	thai_shutdown();
	thai_shutdown();  /* idempotent */
	CHECK_STR(joined("ทุจริต", false), "ทุจริต");  /* loads on demand */
	thai_shutdown();
	CHECK(thai_init() == SOD_OK);
	CHECK_STR(joined("ทุจริต", false), "ทุจริต");
	thai_shutdown();
}

const struct test tests[] = {
	TEST(test_thai_init_idempotent),
	TEST(test_thai_words),
	TEST(test_thai_words_refuse_bad_utf8),
	TEST(test_thai_callback_error_stops),
	TEST(test_thai_long_runs),
	TEST(test_thai_terms_inner_words),
	TEST(test_thai_query_in_document),
	TEST(test_thai_every_substring_query_found),
	TEST(test_thai_threads_share_breaker),
	TEST(test_thai_shutdown_frees_and_reloads),
	{0},
};
