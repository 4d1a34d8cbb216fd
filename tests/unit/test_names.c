/*
 * test_names.c — invented Thai people for the demo data: determinism,
 * uniqueness, well-formed Thai and English, titles, balance of the sexes,
 * phone numbers and e-mail addresses, and contacts made from hostile names.
 */
#include "harness.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "domain/names.h"
#include "text/utf8.h"

#define PEOPLE 10000u

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Number of strings in v[0..n) equal to an earlier one (v is sorted in
 * place); if loud, prints the first duplicate so a failure says which.
 */
static size_t
count_dups(char **v, size_t n, bool loud)
{
	size_t dups = 0;

	qsort(v, n, sizeof(v[0]), cmp_str);
	for (size_t k = 1; k < n; k++) {
		if (strcmp(v[k - 1], v[k]) != 0)
			continue;
		if (dups++ == 0 && loud)
			fprintf(stderr, "duplicate: %s\n", v[k]);
	}
	return dups;
}

static char **
strv_new(size_t n)
{
	char **v = calloc(n, sizeof(char *));

	CHECK(v != NULL);
	return v;
}

static void
strv_free(char **v, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free(v[k]);
	free(v);
}

static char *
join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 2);

	if (s == NULL)
		abort();
	memcpy(s, a, la);
	s[la] = '|';
	memcpy(s + la + 1, b, lb + 1);
	return s;
}

static bool
is_thai_letter(uint32_t cp)
{
	/* Consonants, vowels, tone marks, ๆ; not digits, ฿ or punctuation. */
	return (cp >= 0x0E01 && cp <= 0x0E3A) || (cp >= 0x0E40 && cp <= 0x0E4E);
}

/* Valid UTF-8, non-empty, Thai letters only (and space or dot if punct). */
static bool
is_thai_text(const char *s, bool punct)
{
	size_t n = strlen(s), off = 0, len;
	uint32_t cp;

	if (n == 0 || !utf8_valid(s, n))
		return false;
	while (off < n) {
		len = utf8_decode(s + off, n - off, &cp);
		if (len == 0)
			return false;
		if (!is_thai_letter(cp) && !(punct && (cp == ' ' || cp == '.')))
			return false;
		off += len;
	}
	/* A name cannot start with a combining vowel or tone mark. */
	utf8_decode(s, n, &cp);
	return !(cp == 0x0E31 || (cp >= 0x0E34 && cp <= 0x0E3A) ||
	         (cp >= 0x0E47 && cp <= 0x0E4E));
}

/* ASCII letters, spaces, dots and hyphens, starting upper case. */
static bool
is_english_name(const char *s)
{
	if (s[0] < 'A' || s[0] > 'Z')
		return false;
	for (; *s != '\0'; s++) {
		char c = *s;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      c == ' ' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

static bool
fields_set(const struct demo_name *n)
{
	return n->title_th != NULL && n->title_en != NULL &&
	       n->given_th != NULL && n->given_en != NULL &&
	       n->family_th != NULL && n->family_en != NULL;
}

static bool
same_name(const struct demo_name *a, const struct demo_name *b)
{
	return a->sex == b->sex && strcmp(a->title_th, b->title_th) == 0 &&
	       strcmp(a->title_en, b->title_en) == 0 &&
	       strcmp(a->given_th, b->given_th) == 0 &&
	       strcmp(a->given_en, b->given_en) == 0 &&
	       strcmp(a->family_th, b->family_th) == 0 &&
	       strcmp(a->family_en, b->family_en) == 0;
}

static void
test_names_deterministic(void)
{
	static const unsigned is[] = {0, 1, 2, 3, 77, 4999, 5000, 9999, 65535,
	                              UINT_MAX - 1, UINT_MAX};
	struct demo_name a, b;
	char pa[11], pb[11], ea[96], eb[96];

	for (size_t k = 0; k < sizeof(is) / sizeof(is[0]); k++) {
		for (int s = 0; s < 2; s++) {
			memset(&a, 0xa5, sizeof(a));
			memset(&b, 0x5a, sizeof(b));
			demo_name(is[k], s, &a);
			demo_name(is[k], s, &b);
			CHECK(fields_set(&a));
			CHECK(same_name(&a, &b));
			demo_contact(is[k], &a, pa, ea);
			demo_contact(is[k], &b, pb, eb);
			CHECK_STR(pa, pb);
			CHECK_STR(ea, eb);
		}
	}
}

/*
 * Same on every machine: pinned values. If the lists or the mixing change
 * on purpose, the demo data changes for everyone — update these with it.
 */
static void
test_names_pinned(void)
{
	static const struct {
		unsigned i;
		const char *title, *given, *family, *english, *phone, *email;
	} t[] = {
		{0u, "นาย", "ประสิทธิ์", "นาคประเสริฐ", "Mr. Prasit Nakprasert",
		 "0633141592", "prasit.nakprasert@example.org"},
		{1u, "นางสาว", "ประภาพร", "บุญประเสริฐ", "Ms. Praphaporn Boonprasert",
		 "0830795913", "praphaporn.boonprasert7@example.org"},
		{2u, "นาย", "มานพ", "สิงห์ทอง", "Mr. Manop Singthong",
		 "0978450234", "manop.singthong@example.org"},
		{3u, "นาง", "ณัฐธิดา", "บุญเกิด", "Mrs. Natthida Boonkerd",
		 "0886104555", "natthida.boonkerd99@example.org"},
		{1000u, "นางสาว", "วาสนา", "คำมา", "Ms. Wassana Khamma",
		 "0627462592", "wassana.khamma@example.org"},
		{9999u, "นาย", "ประเสริฐ", "วิเศษสุข", "Mr. Prasert Wisetsuk",
		 "0888697271", "prasert.wisetsuk@example.org"},
		{4294967295u, "นาง", "อัญชลี", "สมบูรณ์ชัย", "Mrs. Anchalee Somboonchai",
		 "0643573287", "anchalee.somboonchai@example.org"},
	};
	struct demo_name n;
	char phone[11], email[96], english[96];

	for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		demo_name(t[k].i, false, &n);
		demo_contact(t[k].i, &n, phone, email);
		snprintf(english, sizeof(english), "%s %s %s", n.title_en,
		         n.given_en, n.family_en);
		CHECK_STR(english, t[k].english);
		CHECK_STR(n.title_th, t[k].title);
		CHECK_STR(n.given_th, t[k].given);
		CHECK_STR(n.family_th, t[k].family);
		CHECK_STR(phone, t[k].phone);
		CHECK_STR(email, t[k].email);
	}
}

static void
test_names_unique(void)
{
	char **th = strv_new(PEOPLE), **en = strv_new(PEOPLE);
	struct demo_name n;

	for (unsigned i = 0; i < PEOPLE; i++) {
		demo_name(i, false, &n);
		th[i] = join(n.given_th, n.family_th);
		en[i] = join(n.given_en, n.family_en);
	}
	CHECK(count_dups(th, PEOPLE, true) == 0);
	/* Romanisations are distinct too, or two people would share an address. */
	CHECK(count_dups(en, PEOPLE, true) == 0);
	strv_free(th, PEOPLE);
	strv_free(en, PEOPLE);
}

static void
test_names_thai_well_formed(void)
{
	struct demo_name n;
	size_t bad = 0;

	for (unsigned i = 0; i < PEOPLE; i++) {
		for (int s = 0; s < 2; s++) {
			demo_name(i, s, &n);
			if (!is_thai_text(n.given_th, false) ||
			    !is_thai_text(n.family_th, false) ||
			    !is_thai_text(n.title_th, true)) {
				if (bad++ == 0)
					fprintf(stderr, "bad Thai: %s %s %s\n",
					        n.title_th, n.given_th, n.family_th);
			}
		}
	}
	CHECK(bad == 0);

	/* The checker itself rejects what it must. */
	CHECK(!is_thai_text("", false));
	CHECK(!is_thai_text("สมชาย1", false));
	CHECK(!is_thai_text("สม ชาย", false));
	CHECK(!is_thai_text("Somchai", false));
	CHECK(!is_thai_text("\xe0\xb8", false));        /* truncated ส */
	CHECK(!is_thai_text("\xc0\xaf", false));        /* overlong '/' */
	CHECK(!is_thai_text("๑๒", false));              /* Thai digits */
	CHECK(!is_thai_text("\xe0\xb9\x88ก", false));   /* starts with a tone mark */
	CHECK(is_thai_text("ร.ต.อ. หญิง", true));
}

static void
test_names_english_well_formed(void)
{
	struct demo_name n;
	size_t bad = 0;

	for (unsigned i = 0; i < PEOPLE; i++) {
		for (int s = 0; s < 2; s++) {
			demo_name(i, s, &n);
			if (!is_english_name(n.given_en) ||
			    !is_english_name(n.family_en) ||
			    !is_english_name(n.title_en)) {
				if (bad++ == 0)
					fprintf(stderr, "bad English: %s %s %s\n",
					        n.title_en, n.given_en, n.family_en);
			}
		}
	}
	CHECK(bad == 0);
	CHECK(!is_english_name("somchai"));
	CHECK(!is_english_name("Jaidee1"));
	CHECK(!is_english_name("Jaidée"));
	CHECK(!is_english_name(""));
}

static void
test_names_sex_balanced(void)
{
	struct demo_name a, b;
	unsigned women = 0, unpaired = 0, runs = 0;

	for (unsigned i = 0; i < 1000; i++) {
		demo_name(i, false, &a);
		women += a.sex == NAME_FEMALE;
	}
	CHECK(women >= 400 && women <= 600);

	/* Exactly one of each in every pair 2m, 2m+1, but not a strict rhythm. */
	for (unsigned i = 0; i < PEOPLE; i += 2) {
		demo_name(i, false, &a);
		demo_name(i + 1, false, &b);
		unpaired += a.sex == b.sex;
		if (i > 0) {
			struct demo_name prev;

			demo_name(i - 1, false, &prev);
			runs += prev.sex == a.sex;
		}
	}
	CHECK(unpaired == 0);
	CHECK(runs > PEOPLE / 8);
}

static void
test_names_titles(void)
{
	struct demo_name n, s;
	unsigned women = 0, married = 0, dr = 0, police = 0, plain = 0;

	for (unsigned i = 0; i < 3000; i++) {
		demo_name(i, false, &n);
		demo_name(i, true, &s);
		if (n.sex == NAME_MALE) {
			CHECK_STR(n.title_th, "นาย");
			CHECK_STR(n.title_en, "Mr.");
		} else {
			women++;
			if (strcmp(n.title_th, "นาง") == 0) {
				married++;
				CHECK_STR(n.title_en, "Mrs.");
			} else {
				CHECK_STR(n.title_th, "นางสาว");
				CHECK_STR(n.title_en, "Ms.");
			}
		}
		/* senior changes the title only, never the person. */
		CHECK(s.sex == n.sex);
		CHECK_STR(s.given_th, n.given_th);
		CHECK_STR(s.family_th, n.family_th);
		CHECK_STR(s.given_en, n.given_en);
		CHECK_STR(s.family_en, n.family_en);
		if (strcmp(s.title_th, "ดร.") == 0) {
			dr++;
			CHECK_STR(s.title_en, "Dr.");
		} else if (strncmp(s.title_th, "ร.ต.อ.", strlen("ร.ต.อ.")) == 0) {
			police++;
			CHECK_STR(s.title_en, "Pol. Capt.");
			CHECK_STR(s.title_th, s.sex == NAME_FEMALE ? "ร.ต.อ.หญิง" : "ร.ต.อ.");
		} else {
			plain++;
			CHECK_STR(s.title_th, n.title_th);
		}
	}
	/* About a third of women are นาง. */
	CHECK(married * 100 >= women * 25 && married * 100 <= women * 42);
	/* Executives: a few doctors and police officers; most plain. */
	CHECK(dr > 3000 / 10 && dr < 3000 * 4 / 10);
	CHECK(police > 3000 / 20 && police < 3000 / 5);
	CHECK(plain > 3000 / 2);
}

static void
test_names_varied(void)
{
	char **given = strv_new(100), **fam = strv_new(100);
	struct demo_name a, b;
	size_t same_family = 0;

	for (unsigned i = 0; i < 100; i++) {
		demo_name(i, false, &a);
		given[i] = join(a.given_th, "");
		fam[i] = join(a.family_th, "");
		demo_name(i + 1, false, &b);
		CHECK(strcmp(a.given_th, b.given_th) != 0);
		same_family += strcmp(a.family_th, b.family_th) == 0;
	}
	CHECK(same_family <= 3);
	/* Neighbours do not walk a list in order: few repeats in a page of 100. */
	CHECK(count_dups(given, 100, false) < 40);
	CHECK(count_dups(fam, 100, false) < 40);
	strv_free(given, 100);
	strv_free(fam, 100);
}

static bool
is_mobile(const char *p)
{
	if (strlen(p) != 10 || p[0] != '0' ||
	    (p[1] != '6' && p[1] != '8' && p[1] != '9'))
		return false;
	for (; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

static void
test_contact_phones(void)
{
	char **v = strv_new(PEOPLE);
	struct demo_name n;
	char phone[11], email[96];
	size_t bad = 0;

	for (unsigned i = 0; i < PEOPLE; i++) {
		demo_name(i, false, &n);
		demo_contact(i, &n, phone, email);
		if (!is_mobile(phone) && bad++ == 0)
			fprintf(stderr, "bad phone: %s\n", phone);
		v[i] = join(phone, "");
	}
	CHECK(bad == 0);
	CHECK(count_dups(v, PEOPLE, true) == 0);
	strv_free(v, PEOPLE);

	/* The largest i still gives a well-formed number. */
	demo_name(UINT_MAX, true, &n);
	demo_contact(UINT_MAX, &n, phone, email);
	CHECK(is_mobile(phone));
	CHECK(!is_mobile("0212345678"));   /* Bangkok landline */
	CHECK(!is_mobile("081234567"));
	CHECK(!is_mobile("08123456789"));
	CHECK(!is_mobile("08l2345678"));
}

/*
 * A well-formed address at example.org: local part of [a-z0-9.], 1–64
 * bytes, no leading, trailing or doubled dot, then "@example.org".
 */
static bool
is_demo_email(const char *e)
{
	static const char dom[] = "@example.org";
	size_t n = strlen(e), local;

	if (n <= sizeof(dom) - 1 || strcmp(e + n - (sizeof(dom) - 1), dom) != 0)
		return false;
	local = n - (sizeof(dom) - 1);
	if (local > 64 || e[0] == '.' || e[local - 1] == '.')
		return false;
	for (size_t k = 0; k < local; k++) {
		char c = e[k];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'))
			return false;
		if (c == '.' && e[k + 1] == '.')
			return false;
	}
	return true;
}

/* Lower-case ASCII letters of s (what the address is romanised from). */
static void
letters(const char *s, char *out, size_t cap)
{
	size_t n = 0;

	for (; *s != '\0' && n + 1 < cap; s++) {
		if (*s >= 'A' && *s <= 'Z')
			out[n++] = (char)(*s - 'A' + 'a');
		else if (*s >= 'a' && *s <= 'z')
			out[n++] = *s;
	}
	out[n] = '\0';
}

static void
test_contact_emails(void)
{
	char **v = strv_new(PEOPLE);
	struct demo_name n;
	char phone[11], email[96], want[96], g[48], f[48];
	size_t bad = 0, numbered = 0;

	for (unsigned i = 0; i < PEOPLE; i++) {
		demo_name(i, false, &n);
		demo_contact(i, &n, phone, email);
		letters(n.given_en, g, sizeof(g));
		letters(n.family_en, f, sizeof(f));
		snprintf(want, sizeof(want), "%s.%s", g, f);
		if ((!is_demo_email(email) || strncmp(email, want, strlen(want)) != 0) &&
		    bad++ == 0)
			fprintf(stderr, "bad e-mail: %s for %s\n", email, want);
		numbered += email[strlen(want)] != '@';
		v[i] = join(email, "");
	}
	CHECK(bad == 0);
	CHECK(numbered > PEOPLE / 2 && numbered < PEOPLE * 9 / 10);
	CHECK(count_dups(v, PEOPLE, true) == 0);
	strv_free(v, PEOPLE);

	CHECK(!is_demo_email("Somchai@example.org"));
	CHECK(!is_demo_email("somchai@example.org.evil"));
	CHECK(!is_demo_email("@example.org"));
	CHECK(!is_demo_email(".a@example.org"));
	CHECK(!is_demo_email("a..b@example.org"));
}

/* Contacts from names no demo_name returns: still a well-formed address. */
static void
test_contact_hostile_names(void)
{
	static char longname[300];
	static const struct {
		const char *given, *family, *prefix;
	} t[] = {
		{"Somchai", "Jaidee", "somchai.jaidee"},
		{"<script>alert(1)</script>", "Jaidee", "scriptalertscript.jaidee"},
		{"a@evil.com\r\nBcc: x", "Jaidee", "aevilcombccx.jaidee"},
		{"สมชาย", "ใจดี", "person"},
		{"", "", "person"},
		{NULL, NULL, "person"},
		{"Somchai", "", "somchai"},
		{"", "Jaidee", "person.jaidee"},
		{"Thong-in", "Sri-on", "thongin.srion"},
		{"..", "..", "person"},
		{longname, longname, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
	};
	struct demo_name n;
	char phone[11], email[96];

	memset(longname, 'A', sizeof(longname) - 1);
	for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		demo_name((unsigned)k, false, &n);
		n.given_en = t[k].given;
		n.family_en = t[k].family;
		memset(email, 'x', sizeof(email));
		demo_contact((unsigned)k, &n, phone, email);
		CHECK(memchr(email, '\0', sizeof(email)) != NULL);
		CHECK(is_demo_email(email));
		CHECK(strncmp(email, t[k].prefix, strlen(t[k].prefix)) == 0);
		CHECK(strchr(email, '@') == strrchr(email, '@'));
		CHECK(is_mobile(phone));
	}
}

const struct test tests[] = {
	TEST(test_names_deterministic),
	TEST(test_names_pinned),
	TEST(test_names_unique),
	TEST(test_names_thai_well_formed),
	TEST(test_names_english_well_formed),
	TEST(test_names_sex_balanced),
	TEST(test_names_titles),
	TEST(test_names_varied),
	TEST(test_contact_phones),
	TEST(test_contact_emails),
	TEST(test_contact_hostile_names),
	{0},
};
