/*
 * test_tip_input.c — a tip from JSON and from the HTML form: the valid tip
 * read whole, each field wrong in turn (type, range, length at the limit
 * and one over, dates, amounts), several errors at once in field order,
 * malformed JSON, identity given or not, hostile text kept as typed.
 *
 * The clock is fixed with $SOD_TEST_NOW (2025-06-15 10:00 Bangkok) so
 * "future" means the same thing on every run.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/tip_input.h"

#define ARRAY_LEN(x) (sizeof(x) / sizeof((x)[0]))

static struct arena *A;

/* Bangkok 2025-06-15 at hh:mm. */
static void
set_clock(int hh, int mm)
{
	char s[32];

	snprintf(s, sizeof(s), "%lld",
	         (long long)(date_to_unix((struct cdate){2025, 6, 15}) + hh * 3600 + mm * 60));
	setenv("SOD_TEST_NOW", s, 1);
}

static void
fresh(void)
{
	arena_free(&A);
	A = arena_new(8 << 20);
	set_clock(10, 0);
}

/* "field=key;…", field "-" when NULL: one string to compare, readable on failure. */
static const char *
errs_str(const struct tip_errors *e)
{
	static char s[2048];
	size_t n = 0;

	s[0] = '\0';
	for (size_t i = 0; i < e->n && n < sizeof(s); i++)
		n += (size_t)snprintf(s + n, sizeof(s) - n, "%s%s=%s", i ? ";" : "",
		                      e->e[i].field ? e->e[i].field : "-", e->e[i].key);
	return s;
}

/* ---- building JSON tips --------------------------------------------------------- */

static const struct {
	const char *key, *json;
} base[] = {
	{"unit", "\"moj\""},
	{"category", "\"bribery\""},
	{"subject", "\"เรียกรับเงินใต้โต๊ะ ค่าใบอนุญาตก่อสร้าง\""},
	{"description", "\"เจ้าหน้าที่เรียกเงิน 5,000 บาท\\nเพื่อออกใบอนุญาตให้เร็วขึ้น\""},
	{"province", "\"40\""},
	{"district", "\"4001\""},
	{"incident_date", "\"2024-03-01\""},
	{"amount_baht", "5000"},
	{"accused", "\"นาย ก. เจ้าพนักงานที่ดิน\""},
	{"identity", "{\"name\": \"ผู้แจ้ง\", \"phone\": \"081-222-3344\", "
	             "\"email\": \"whistle@example.org\"}"},
};

static char jbuf[256 * 1024];

/* The base tip with member key set to json text (NULL: left out); appended if new. */
static const char *
tip_json(const char *key, const char *json)
{
	size_t n = 0;
	bool done = false;

	n += (size_t)snprintf(jbuf + n, sizeof(jbuf) - n, "{");
	for (size_t i = 0; i < ARRAY_LEN(base); i++) {
		const char *v = base[i].json;

		if (key != NULL && strcmp(key, base[i].key) == 0)
			v = json, done = true;
		if (v != NULL)
			n += (size_t)snprintf(jbuf + n, sizeof(jbuf) - n, "%s\"%s\": %s",
			                      n > 1 ? ", " : "", base[i].key, v);
	}
	if (key != NULL && !done && json != NULL)
		n += (size_t)snprintf(jbuf + n, sizeof(jbuf) - n, ", \"%s\": %s", key, json);
	snprintf(jbuf + n, sizeof(jbuf) - n, "}");
	return jbuf;
}

static enum sod_err
from_json(const char *json, struct tip_input *in, struct tip_errors *e)
{
	return tip_input_from_json(A, json, strlen(json), in, e);
}

/* ---- JSON: the valid tip ------------------------------------------------------- */

static void
test_json_full_tip(void)
{
	struct tip_input in;
	struct tip_errors e;

	fresh();
	CHECK(from_json(tip_json(NULL, NULL), &in, &e) == SOD_OK);
	CHECK_STR(errs_str(&e), "");
	CHECK_STR(in.unit, "moj");
	CHECK(in.category == TIP_BRIBERY);
	CHECK_STR(in.subject, "เรียกรับเงินใต้โต๊ะ ค่าใบอนุญาตก่อสร้าง");
	CHECK_STR(in.description, "เจ้าหน้าที่เรียกเงิน 5,000 บาท\nเพื่อออกใบอนุญาตให้เร็วขึ้น");
	CHECK_STR(in.province, "40");
	CHECK_STR(in.district, "4001");
	CHECK(in.has_incident_date && in.incident_date.year == 2024 &&
	      in.incident_date.month == 3 && in.incident_date.day == 1);
	CHECK(in.has_amount && in.amount_satang == 500000);
	CHECK_STR(in.accused, "นาย ก. เจ้าพนักงานที่ดิน");
	CHECK(in.has_identity);
	CHECK_STR(in.identity_name, "ผู้แจ้ง");
	CHECK_STR(in.identity_phone, "0812223344");  /* normalised */
	CHECK_STR(in.identity_email, "whistle@example.org");
	CHECK_STR(in.channel, "api");
}

/* Only what is required: everything optional is absent, not empty. */
static void
test_json_minimal_tip(void)
{
	static const char *const json =
	    "{\"category\": \"other\", \"subject\": \"s\", \"description\": \"d\"}";
	static const char *const nulls =
	    "{\"category\": \"other\", \"subject\": \"s\", \"description\": \"d\", "
	    "\"unit\": null, \"province\": null, \"district\": null, "
	    "\"incident_date\": null, \"amount_baht\": null, \"accused\": null, "
	    "\"identity\": null}";
	static const char *const empties =
	    "{\"category\": \"other\", \"subject\": \"s\", \"description\": \"d\", "
	    "\"unit\": \"\", \"province\": \"\", \"district\": \" \", "
	    "\"incident_date\": \"\", \"accused\": \"  \", \"identity\": {}}";
	const char *const all[] = {json, nulls, empties};

	for (size_t i = 0; i < ARRAY_LEN(all); i++) {
		struct tip_input in;
		struct tip_errors e;

		fresh();
		CHECK(from_json(all[i], &in, &e) == SOD_OK);
		CHECK_STR(errs_str(&e), "");
		CHECK(in.category == TIP_OTHER);
		CHECK(in.unit == NULL && in.province == NULL && in.district == NULL);
		CHECK(!in.has_incident_date && !in.has_amount && in.accused == NULL);
		CHECK(!in.has_identity && in.identity_name == NULL &&
		      in.identity_phone == NULL && in.identity_email == NULL);
	}
}

/* ---- JSON: one field wrong at a time --------------------------------------------- */

static const struct {
	const char *key;
	const char *json;   /* the member's new value; NULL: left out */
	const char *want;   /* errs_str(), "" for accepted */
} json_cases[] = {
	/* unit */
	{"unit", "42", "unit=error.field.wrong_type"},
	{"unit", "\"MOJ\"", "unit=error.field.unit_code"},
	{"unit", "\"../root\"", "unit=error.field.unit_code"},
	{"unit", "\"moj mol\"", "unit=error.field.unit_code"},
	{"unit", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "unit=error.field.unit_code"},
	{"unit", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", ""},  /* 40 */
	{"unit", "\"nowhere\"", ""},  /* existence is the store's question */
	/* category */
	{"category", NULL, "category=error.field.required"},
	{"category", "null", "category=error.field.required"},
	{"category", "\"\"", "category=error.field.required"},
	{"category", "\"gossip\"", "category=error.field.tip_category"},
	{"category", "\"Bribery\"", "category=error.field.tip_category"},
	{"category", "\"bribery\\u0000\"", "category=error.field.tip_category"},
	{"category", "1", "category=error.field.wrong_type"},
	{"category", "[\"bribery\"]", "category=error.field.wrong_type"},
	{"category", "\"conflict_of_interest\"", ""},
	/* subject */
	{"subject", NULL, "subject=error.field.required"},
	{"subject", "\"\"", "subject=error.field.required"},
	{"subject", "\"   \"", "subject=error.field.required"},
	{"subject", "42", "subject=error.field.wrong_type"},
	{"subject", "true", "subject=error.field.wrong_type"},
	{"subject", "{}", "subject=error.field.wrong_type"},
	{"subject", "\"two\\nlines\"", "subject=error.field.text"},
	{"subject", "\"bell\\u0007\"", "subject=error.field.text"},
	{"subject", "\"nul\\u0000inside\"", "subject=error.field.text"},
	{"subject", "\"c1\\u0085\"", "subject=error.field.text"},
	/* description */
	{"description", NULL, "description=error.field.required"},
	{"description", "\"\\n\\n\"", "description=error.field.required"},
	{"description", "123", "description=error.field.wrong_type"},
	{"description", "\"esc\\u001b[31m\"", "description=error.field.text"},
	{"description", "\"a\\r\\nb\\tc\"", ""},
	/* province and district */
	{"province", "\"99\"", "province=error.field.province_unknown"},
	{"province", "\"4\"", "province=error.field.province"},
	{"province", "\"ขอนแก่น\"", "province=error.field.province"},
	{"province", "40", "province=error.field.wrong_type"},
	{"district", "\"1001\"", "district=error.field.district_unknown"},  /* Bangkok's */
	{"district", "\"4099\"", "district=error.field.district_unknown"},
	{"district", "\"40011\"", "district=error.field.district"},
	{"district", "4001", "district=error.field.wrong_type"},
	/* incident_date */
	{"incident_date", "\"2024-02-30\"", "incident_date=error.field.date"},
	{"incident_date", "\"2023-02-29\"", "incident_date=error.field.date"},
	{"incident_date", "\"2024-2-3\"", "incident_date=error.field.date"},
	{"incident_date", "\"01/03/2024\"", "incident_date=error.field.date"},
	{"incident_date", "\"2024-03-01T10:00\"", "incident_date=error.field.date"},
	{"incident_date", "\"2999-01-01\"", "incident_date=error.field.date_future"},
	{"incident_date", "\"2025-06-16\"", "incident_date=error.field.date_future"},
	{"incident_date", "\"2568-01-01\"", "incident_date=error.field.date_future"},  /* BE */
	{"incident_date", "\"1899-12-31\"", "incident_date=error.field.date_too_early"},
	{"incident_date", "\"1900-01-01\"", ""},
	{"incident_date", "\"2024-02-29\"", ""},
	{"incident_date", "20240301", "incident_date=error.field.wrong_type"},
	/* amount_baht */
	{"amount_baht", "-1", "amount_baht=error.field.amount_range"},
	{"amount_baht", "-0.01", "amount_baht=error.field.amount_range"},
	{"amount_baht", "1500.505", "amount_baht=error.field.amount_decimals"},
	{"amount_baht", "0.001", "amount_baht=error.field.amount_decimals"},
	{"amount_baht", "1e-3", "amount_baht=error.field.amount_decimals"},
	{"amount_baht", "1e13", "amount_baht=error.field.amount_range"},
	{"amount_baht", "1000000000000.01", "amount_baht=error.field.amount_range"},
	{"amount_baht", "100000000000000000000000000", "amount_baht=error.field.amount_range"},
	{"amount_baht", "1e308", "amount_baht=error.field.amount_range"},
	{"amount_baht", "1e-400", "amount_baht=error.field.amount_decimals"},
	{"amount_baht", "\"1500\"", "amount_baht=error.field.wrong_type"},
	{"amount_baht", "true", "amount_baht=error.field.wrong_type"},
	{"amount_baht", "[1]", "amount_baht=error.field.wrong_type"},
	/* accused */
	{"accused", "[\"x\"]", "accused=error.field.wrong_type"},
	{"accused", "\"line\\nbreak\"", "accused=error.field.text"},
	/* identity */
	{"identity", "\"anonymous\"", "identity=error.field.wrong_type"},
	{"identity", "[]", "identity=error.field.wrong_type"},
	{"identity", "true", "identity=error.field.wrong_type"},
	{"identity", "{\"name\": 5}", "identity.name=error.field.wrong_type"},
	{"identity", "{\"phone\": 812223344}", "identity.phone=error.field.wrong_type"},
	{"identity", "{\"phone\": \"1205\"}", "identity.phone=error.field.phone"},
	{"identity", "{\"phone\": \"08122233445\"}", "identity.phone=error.field.phone"},
	{"identity", "{\"email\": \"not-an-address\"}", "identity.email=error.field.email"},
	{"identity", "{\"email\": \"a@b\"}", "identity.email=error.field.email"},
	{"identity", "{\"email\": \"a b@example.org\"}", "identity.email=error.field.email"},
	{"identity", "{\"email\": \"a@@example.org\"}", "identity.email=error.field.email"},
	{"identity", "{\"email\": \".a@example.org\"}", "identity.email=error.field.email"},
	{"identity", "{\"email\": \"a@-x.org\"}", "identity.email=error.field.email"},
	{"identity", "{\"email\": \"a@x..org\"}", "identity.email=error.field.email"},
	{"identity", "{\"email\": \"<a@x.org>\"}", "identity.email=error.field.email"},
	{"identity", "{\"email\": \"first.o'neil+tips@sub.example.co.th\"}", ""},
	{"identity", "{\"email\": \"ผู้แจ้ง@ตัวอย่าง.ไทย\"}", ""},
	{"identity", "{\"nick\": \"x\"}", "identity.nick=error.field.unknown"},
	/* unknown members */
	{"priority", "\"high\"", "priority=error.field.unknown"},
	{"Subject", "\"x\"", "Subject=error.field.unknown"},
	{"amount", "5", "amount=error.field.unknown"},
	{"receipt", "null", "receipt=error.field.unknown"},
};

static void
test_json_each_field_wrong(void)
{
	for (size_t i = 0; i < ARRAY_LEN(json_cases); i++) {
		struct tip_input in;
		struct tip_errors e;
		enum sod_err err;

		fresh();
		err = from_json(tip_json(json_cases[i].key, json_cases[i].json), &in, &e);
		CHECK_STR(errs_str(&e), json_cases[i].want);
		CHECK(err == (json_cases[i].want[0] ? SOD_EINVAL : SOD_OK));
		if (strcmp(errs_str(&e), json_cases[i].want) != 0)
			fprintf(stderr, "  case %zu: %s = %s\n", i, json_cases[i].key,
			        json_cases[i].json ? json_cases[i].json : "(absent)");
	}
}

/* ---- amounts, exactly ---------------------------------------------------------- */

static void
test_json_amounts_exact(void)
{
	static const struct {
		const char *json;
		int64_t satang;
	} t[] = {
		{"0", 0},
		{"-0", 0},
		{"0.0", 0},
		{"5000", 500000},
		{"1500.5", 150050},
		{"1500.50", 150050},
		{"1500.500", 150050},  /* trailing zeros are not decimals */
		{"0.01", 1},
		{"0.29", 29},          /* 0.29 * 100 is 28.999999999999996 in a double */
		{"1.15", 115},         /* 114.99999999999999 */
		{"1e3", 100000},
		{"1.5E+2", 15000},
		{"15e-1", 150},
		{"1e12", 100000000000000LL},
		{"1000000000000", 100000000000000LL},
		{"1000000000000.00", 100000000000000LL},
		{"999999999999.99", 99999999999999LL},  /* a double gives ...98.99 */
		{"123456789012.34", 12345678901234LL},
	};

	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		struct tip_input in;
		struct tip_errors e;

		fresh();
		CHECK(from_json(tip_json("amount_baht", t[i].json), &in, &e) == SOD_OK);
		CHECK_STR(errs_str(&e), "");
		CHECK(in.has_amount && in.amount_satang == t[i].satang);
		if (in.amount_satang != t[i].satang)
			fprintf(stderr, "  %s gave %lld\n", t[i].json, (long long)in.amount_satang);
	}
}

/*
 * The amount is read from the text of the top-level member, past strings
 * that hold brackets, quotes and escapes, and under an escaped key.
 */
static void
test_json_amount_text_found(void)
{
	static const struct {
		const char *json;
		int64_t satang;
	} t[] = {
		{"{\"category\":\"other\",\"subject\":\"}]\\\"{[\",\"description\":"
		 "\"\\\\\\\"amount_baht\\\": 1\",\"identity\":{\"name\":\"{\\\"amount_baht\\\":[7]}\"},"
		 "\"amount_baht\":0.29}", 29},
		{"{\"amount\\u005fbaht\": 12.34, \"category\":\"other\",\"subject\":\"s\","
		 "\"description\":\"d\"}", 1234},
		{" \n{ \"category\" : \"other\" , \"amount_baht\"\t:\r\n1.15 , \"subject\":\"s\","
		 "\"description\":\"d\" } \n", 115},
	};

	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		struct tip_input in;
		struct tip_errors e;

		fresh();
		CHECK(from_json(t[i].json, &in, &e) == SOD_OK);
		CHECK_STR(errs_str(&e), "");
		CHECK(in.has_amount && in.amount_satang == t[i].satang);
	}
}

/* ---- lengths ---------------------------------------------------------------- */

/* n copies of a character (UTF-8), JSON-quoted when quote. */
static char *
repeat(const char *ch, size_t n, bool quote)
{
	size_t l = strlen(ch), k = 0;
	char *s = malloc(n * l + 3);

	if (quote)
		s[k++] = '"';
	for (size_t i = 0; i < n; i++, k += l)
		memcpy(s + k, ch, l);
	if (quote)
		s[k++] = '"';
	s[k] = '\0';
	return s;
}

static const char *
member(const struct tip_input *in, const char *field)
{
	if (strcmp(field, "subject") == 0)
		return in->subject;
	if (strcmp(field, "description") == 0)
		return in->description;
	if (strcmp(field, "accused") == 0)
		return in->accused;
	return in->identity_name;
}

static void
test_json_lengths(void)
{
	static const struct {
		const char *key;    /* member */
		const char *field;  /* as named in errors */
		size_t max;
	} t[] = {
		{"subject", "subject", 200},
		{"description", "description", 20000},
		{"accused", "accused", 500},
		{"identity", "identity.name", 200},
	};
	static const char *const chars[] = {"ก", "a", "ไม้"};  /* 3-byte, 1-byte, mixed */

	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		for (size_t c = 0; c < ARRAY_LEN(chars); c++) {
			size_t per = c == 2 ? 3 : 1;  /* "ไม้" is 3 code points */

			for (size_t over = 0; over <= 1; over++) {
				struct tip_input in;
				struct tip_errors e;
				size_t n = t[i].max / per + over * per;
				char *v = repeat(chars[c], n, true), *w = NULL, want[64] = "";
				const char *json;

				if (strcmp(t[i].key, "identity") == 0) {
					w = malloc(strlen(v) + 16);
					snprintf(w, strlen(v) + 16, "{\"name\": %s}", v);
				}
				fresh();
				json = tip_json(t[i].key, w ? w : v);
				if (over)
					snprintf(want, sizeof(want), "%s=error.field.too_long",
					         t[i].field);
				CHECK(from_json(json, &in, &e) == (over ? SOD_EINVAL : SOD_OK));
				CHECK_STR(errs_str(&e), want);
				if (!over) {
					char *raw = repeat(chars[c], n, false);

					CHECK_STR(member(&in, t[i].field), raw);
					free(raw);
				}
				free(v);
				free(w);
			}
		}
	}
}

/* ---- several at once, malformed, identity ------------------------------------- */

static void
test_json_errors_in_field_order(void)
{
	/* Document order scrambled; errors come in the contract's field order. */
	static const char *const json =
	    "{\"zzz\": 1, \"identity\": \"me\", \"amount_baht\": -5, \"province\": \"99\","
	    " \"subject\": 42, \"incident_date\": \"2024-02-30\", \"category\": \"x\","
	    " \"accused\": \"\\u0000\", \"aaa\": {}}";
	struct tip_input in;
	struct tip_errors e;

	fresh();
	CHECK(from_json(json, &in, &e) == SOD_EINVAL);
	CHECK_STR(errs_str(&e),
	          "category=error.field.tip_category;"
	          "subject=error.field.wrong_type;"
	          "description=error.field.required;"
	          "province=error.field.province_unknown;"
	          "incident_date=error.field.date;"
	          "amount_baht=error.field.amount_range;"
	          "accused=error.field.text;"
	          "identity=error.field.wrong_type;"
	          "zzz=error.field.unknown;"
	          "aaa=error.field.unknown");
	CHECK(e.n == 10);

	fresh();
	CHECK(from_json("{}", &in, &e) == SOD_EINVAL);
	CHECK_STR(errs_str(&e), "category=error.field.required;subject=error.field.required;"
	                        "description=error.field.required");
}

/* More than 16 bad fields: the first 16 are kept, the count never overflows. */
static void
test_json_error_cap(void)
{
	char json[1024];
	size_t n = 0;
	struct tip_input in;
	struct tip_errors e;

	n += (size_t)snprintf(json + n, sizeof(json) - n, "{");
	for (int i = 0; i < 30; i++)
		n += (size_t)snprintf(json + n, sizeof(json) - n, "%s\"x%d\": %d",
		                      i ? "," : "", i, i);
	snprintf(json + n, sizeof(json) - n, "}");
	fresh();
	CHECK(from_json(json, &in, &e) == SOD_EINVAL);
	CHECK(e.n == TIP_MAX_ERRORS);
	CHECK_STR(e.e[0].field, "category");
	CHECK_STR(e.e[3].field, "x0");
	CHECK_STR(e.e[15].field, "x12");
}

/* A long unknown name is echoed cut short, on a character boundary. */
static void
test_json_unknown_name_cut(void)
{
	char *key = repeat("ก", 40, false), json[512];
	struct tip_input in;
	struct tip_errors e;
	char *want = repeat("ก", 21, false);  /* 63 bytes: 64 would split a character */

	snprintf(json, sizeof(json), "{\"category\":\"other\",\"subject\":\"s\","
	         "\"description\":\"d\",\"%s\":1}", key);
	fresh();
	CHECK(from_json(json, &in, &e) == SOD_EINVAL);
	CHECK(e.n == 1);
	CHECK_STR(e.e[0].field, want);
	CHECK_STR(e.e[0].key, "error.field.unknown");
	free(key);
	free(want);
}

static void
test_json_malformed(void)
{
	static const char *const t[] = {
		"",
		"   ",
		"{",
		"{\"category\": \"other\",}",
		"{'category': 'other'}",
		"[]",
		"[{\"category\": \"other\"}]",
		"\"tip\"",
		"42",
		"null",
		"{} {}",
		"{\"subject\": \"a\", \"subject\": \"b\"}",              /* duplicate key */
		"{\"identity\": {\"name\": \"a\", \"name\": \"b\"}}",    /* nested duplicate */
		"{\"amount_baht\": 1e400}",                              /* strtod overflow */
		"{\"subject\": \"\xff\"}",
		"\xef\xbb\xbf{}",                                        /* BOM */
	};

	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		struct tip_input in;
		struct tip_errors e;

		fresh();
		CHECK(from_json(t[i], &in, &e) == SOD_EINVAL);
		CHECK_STR(errs_str(&e), "-=error.invalid_json");
	}
	/* NULL with no length is the empty body. */
	{
		struct tip_input in;
		struct tip_errors e;

		CHECK(tip_input_from_json(A, NULL, 0, &in, &e) == SOD_EINVAL);
		CHECK_STR(errs_str(&e), "-=error.invalid_json");
	}
}

static void
test_json_identity(void)
{
	struct tip_input in;
	struct tip_errors e;

	fresh();
	CHECK(from_json(tip_json("identity", "{\"phone\": \"+66 81 234 5678\"}"), &in, &e) ==
	      SOD_OK);
	CHECK(in.has_identity);
	CHECK_STR(in.identity_phone, "0812345678");
	CHECK(in.identity_name == NULL && in.identity_email == NULL);

	/* Empty or all-blank identity is anonymous. */
	fresh();
	CHECK(from_json(tip_json("identity", "{\"name\": \" \", \"phone\": \"\","
	                                     " \"email\": null}"), &in, &e) == SOD_OK);
	CHECK(!in.has_identity && in.identity_name == NULL);

	fresh();
	CHECK(from_json(tip_json("identity", NULL), &in, &e) == SOD_OK);
	CHECK(!in.has_identity);

	/* Errors inside identity come in its field order. */
	fresh();
	CHECK(from_json(tip_json("identity", "{\"email\": \"x\", \"zz\": 1, \"phone\": \"1\","
	                                     " \"name\": \"a\\nb\"}"), &in, &e) == SOD_EINVAL);
	CHECK_STR(errs_str(&e), "identity.name=error.field.text;identity.phone=error.field.phone;"
	                        "identity.email=error.field.email;identity.zz=error.field.unknown");
}

/* ---- places ------------------------------------------------------------------ */

static void
test_json_places(void)
{
	struct tip_input in;
	struct tip_errors e;

	/* A district alone names its province. */
	fresh();
	CHECK(from_json(tip_json("province", NULL), &in, &e) == SOD_OK);
	CHECK_STR(in.province, "40");
	CHECK_STR(in.district, "4001");

	fresh();
	CHECK(from_json("{\"category\":\"other\",\"subject\":\"s\",\"description\":\"d\","
	                "\"district\":\"1001\"}", &in, &e) == SOD_OK);
	CHECK_STR(in.province, "10");

	fresh();
	CHECK(from_json("{\"category\":\"other\",\"subject\":\"s\",\"description\":\"d\","
	                "\"district\":\"9901\"}", &in, &e) == SOD_EINVAL);
	CHECK_STR(errs_str(&e), "district=error.field.district_unknown");

	/* Against a wrong province the district is not judged. */
	fresh();
	CHECK(from_json(tip_json("province", "\"99\""), &in, &e) == SOD_EINVAL);
	CHECK_STR(errs_str(&e), "province=error.field.province_unknown");

	/* Province without district. */
	fresh();
	CHECK(from_json(tip_json("district", NULL), &in, &e) == SOD_OK);
	CHECK_STR(in.province, "40");
	CHECK(in.district == NULL);

	/* Surrounding spaces are trimmed from codes too. */
	fresh();
	CHECK(from_json(tip_json("province", "\" 40 \""), &in, &e) == SOD_OK);
	CHECK_STR(in.province, "40");
}

/* ---- dates and the Bangkok clock ---------------------------------------------- */

static void
test_incident_date_bangkok_today(void)
{
	static const struct {
		int hh, mm;
		const char *date;
		const char *want;
	} t[] = {
		{0, 30, "2025-06-15", ""},  /* 17:30 UTC the day before: Bangkok's today */
		{0, 30, "2025-06-16", "incident_date=error.field.date_future"},
		{23, 59, "2025-06-15", ""},
		{23, 59, "2025-06-16", "incident_date=error.field.date_future"},
	};

	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		char v[32];
		struct tip_input in;
		struct tip_errors e;

		fresh();
		set_clock(t[i].hh, t[i].mm);
		snprintf(v, sizeof(v), "\"%s\"", t[i].date);
		from_json(tip_json("incident_date", v), &in, &e);
		CHECK_STR(errs_str(&e), t[i].want);
	}
}

/* ---- text kept as typed ---------------------------------------------------------- */

static void
test_hostile_text_kept(void)
{
	static const char *const json =
	    "{\"category\": \"other\","
	    " \"subject\": \"<script>alert(1)</script>\","
	    " \"description\": \"'; DROP TABLE tips; --\\n{{x}} {{{y}}} {{> p}}\\n"
	    "../../etc/passwd C:\\\\Windows\\\\win.ini %s%n\","
	    " \"accused\": \"${jndi:ldap://x/a} \\\"quoted\\\" &amp; ๆ\","
	    " \"identity\": {\"name\": \"Robert'); DROP TABLE people;--\"}}";
	struct tip_input in;
	struct tip_errors e;

	fresh();
	CHECK(from_json(json, &in, &e) == SOD_OK);
	CHECK_STR(in.subject, "<script>alert(1)</script>");
	CHECK_STR(in.description, "'; DROP TABLE tips; --\n{{x}} {{{y}}} {{> p}}\n"
	                          "../../etc/passwd C:\\Windows\\win.ini %s%n");
	CHECK_STR(in.accused, "${jndi:ldap://x/a} \"quoted\" &amp; ๆ");
	CHECK_STR(in.identity_name, "Robert'); DROP TABLE people;--");
}

static void
test_trimming(void)
{
	struct tip_input in;
	struct tip_errors e;

	fresh();
	CHECK(from_json("{\"category\": \" other \", \"subject\": \"  หัวข้อ\\t \","
	                " \"description\": \"\\n\\n บรรทัดหนึ่ง\\n\\nบรรทัดสอง \\r\\n\","
	                " \"unit\": \" moj \"}", &in, &e) == SOD_OK);
	CHECK_STR(in.subject, "หัวข้อ");
	CHECK_STR(in.description, "บรรทัดหนึ่ง\n\nบรรทัดสอง");
	CHECK_STR(in.unit, "moj");
	CHECK(in.category == TIP_OTHER);
}

/* ---- categories ---------------------------------------------------------------- */

static void
test_categories(void)
{
	static const char *const names[TIP_CATEGORY__MAX] = {
		"bribery", "procurement", "abuse_of_power", "public_property",
		"conflict_of_interest", "other",
	};
	enum tip_category c;

	for (int i = 0; i < TIP_CATEGORY__MAX; i++) {
		CHECK_STR(tip_category_name((enum tip_category)i), names[i]);
		CHECK(tip_category_parse(names[i], &c) && c == (enum tip_category)i);
	}
	CHECK_STR(tip_category_name(TIP_CATEGORY__MAX), "");
	CHECK(!tip_category_parse("Bribery", &c));
	CHECK(!tip_category_parse("", &c));
	CHECK(!tip_category_parse(NULL, &c));
}

/* ---- the form ----------------------------------------------------------------- */

#define MAXF 32

struct ff {
	const char *name, *value;
};

static struct form_field fields[MAXF];

static struct form
mkform(const struct ff *f)
{
	struct form fm = {fields, 0};

	for (; f->name != NULL && fm.n < MAXF; f++, fm.n++)
		fields[fm.n] = (struct form_field){f->name, f->value, strlen(f->value)};
	return fm;
}

static const struct ff form_base[] = {
	{"csrf", "0123456789abcdef"},
	{"category", "procurement"},
	{"subject", "ฮั้วประมูลถนน"},
	{"description", "ผู้รับเหมารายเดียวชนะทุกสัญญา\r\nราคาสูงกว่าราคากลาง"},
	{"province", "40"},
	{"district", "4001"},
	{"incident_date", "2024-03-01"},
	{"amount_baht", "1,500.50"},
	{"accused", "บริษัท ตัวอย่าง จำกัด"},
	{"identity_name", ""},
	{"identity_phone", ""},
	{"identity_email", ""},
	{"submit", "ส่ง"},
	{NULL, NULL},
};

/* The base form with name set to value (NULL: left out); appended if new. */
static struct form
form_with(const char *name, const char *value)
{
	static struct ff f[MAXF];
	size_t n = 0;
	bool done = false;

	for (size_t i = 0; form_base[i].name != NULL; i++) {
		if (name != NULL && strcmp(name, form_base[i].name) == 0) {
			done = true;
			if (value == NULL)
				continue;
			f[n++] = (struct ff){name, value};
		} else {
			f[n++] = form_base[i];
		}
	}
	if (name != NULL && !done && value != NULL)
		f[n++] = (struct ff){name, value};
	f[n] = (struct ff){NULL, NULL};
	return mkform(f);
}

static void
test_form_full_anonymous(void)
{
	struct form f = form_with(NULL, NULL);
	struct tip_input in;
	struct tip_errors e;

	fresh();
	CHECK(tip_input_from_form(A, &f, &in, &e) == SOD_OK);
	CHECK_STR(errs_str(&e), "");
	CHECK(in.unit == NULL);
	CHECK(in.category == TIP_PROCUREMENT);
	CHECK_STR(in.subject, "ฮั้วประมูลถนน");
	CHECK_STR(in.description, "ผู้รับเหมารายเดียวชนะทุกสัญญา\r\nราคาสูงกว่าราคากลาง");
	CHECK_STR(in.province, "40");
	CHECK_STR(in.district, "4001");
	CHECK(in.has_incident_date && in.incident_date.day == 1);
	CHECK(in.has_amount && in.amount_satang == 150050);
	CHECK_STR(in.accused, "บริษัท ตัวอย่าง จำกัด");
	/* Empty identity fields: anonymous. */
	CHECK(!in.has_identity && in.identity_name == NULL && in.identity_phone == NULL &&
	      in.identity_email == NULL);
	CHECK_STR(in.channel, "web");
}

static void
test_form_identity(void)
{
	static const struct ff with_id[] = {
		{"category", "other"}, {"subject", "s"}, {"description", "d"},
		{"identity_name", " สมชาย ใจดี "}, {"identity_phone", "๐๘๑-๒๓๔-๕๖๗๘"},
		{"identity_email", "somchai@example.co.th"}, {NULL, NULL},
	};
	struct form f = mkform(with_id);
	struct tip_input in;
	struct tip_errors e;

	fresh();
	CHECK(tip_input_from_form(A, &f, &in, &e) == SOD_OK);
	CHECK(in.has_identity);
	CHECK_STR(in.identity_name, "สมชาย ใจดี");
	CHECK_STR(in.identity_phone, "0812345678");
	CHECK_STR(in.identity_email, "somchai@example.co.th");

	/* Only a phone is enough to be identified. */
	fresh();
	f = form_with("identity_phone", "02-123-4567");
	CHECK(tip_input_from_form(A, &f, &in, &e) == SOD_OK);
	CHECK(in.has_identity);
	CHECK_STR(in.identity_phone, "021234567");
	CHECK(in.identity_name == NULL && in.identity_email == NULL);

	/* Blank is empty. */
	fresh();
	f = form_with("identity_name", "   ");
	CHECK(tip_input_from_form(A, &f, &in, &e) == SOD_OK);
	CHECK(!in.has_identity);
}

static const struct {
	const char *name;
	const char *value;   /* NULL: left out */
	const char *want;
} form_cases[] = {
	{"category", NULL, "category=error.field.required"},
	{"category", "", "category=error.field.required"},
	{"category", "gossip", "category=error.field.tip_category"},
	{"subject", "", "subject=error.field.required"},
	{"subject", " \t ", "subject=error.field.required"},
	{"subject", "a\nb", "subject=error.field.text"},
	{"description", NULL, "description=error.field.required"},
	{"province", "99", "province=error.field.province_unknown"},
	{"province", "", ""},
	{"district", "1001", "district=error.field.district_unknown"},
	{"district", "40-1", "district=error.field.district"},
	{"incident_date", "2024-02-30", "incident_date=error.field.date"},
	{"incident_date", "๒๐๒๔-๐๓-๐๑", ""},
	{"incident_date", "2030-01-01", "incident_date=error.field.date_future"},
	{"incident_date", "1800-01-01", "incident_date=error.field.date_too_early"},
	{"incident_date", "", ""},
	/* as people write it on the form: BE from year 2400, d/m/YYYY */
	{"incident_date", "1/3/2567", ""},
	{"incident_date", "๑/๓/๒๕๖๗", ""},
	{"incident_date", " 1 / 3 / 2024 ", ""},
	{"incident_date", "29/2/2567", ""},
	{"incident_date", "29/2/2566", "incident_date=error.field.date"},
	{"incident_date", "31/4/2567", "incident_date=error.field.date"},
	{"incident_date", "1/3/67", "incident_date=error.field.date"},
	{"incident_date", "1/1/2400", "incident_date=error.field.date_too_early"},  /* 1857 */
	{"incident_date", "1/1/2600", "incident_date=error.field.date_future"},
	{"incident_date", "1 มี.ค. 2567", "incident_date=error.field.date"},
	{"identity_phone", "1669", "identity_phone=error.field.phone"},
	{"identity_email", "nobody", "identity_email=error.field.email"},
	{"identity_name", "ชื่อ\x01", "identity_name=error.field.text"},
	{"unit", "", ""},
	{"unit", "mol-eyes", ""},
	{"unit", "Mol Eyes", "unit=error.field.unit_code"},
	/* unknown form fields are not errors */
	{"tip", "{}", ""},
	{"lang", "en", ""},
	{"csrf", NULL, ""},
};

static void
test_form_each_field_wrong(void)
{
	for (size_t i = 0; i < ARRAY_LEN(form_cases); i++) {
		struct form f = form_with(form_cases[i].name, form_cases[i].value);
		struct tip_input in;
		struct tip_errors e;
		enum sod_err err;

		fresh();
		err = tip_input_from_form(A, &f, &in, &e);
		CHECK_STR(errs_str(&e), form_cases[i].want);
		CHECK(err == (form_cases[i].want[0] ? SOD_EINVAL : SOD_OK));
		if (strcmp(errs_str(&e), form_cases[i].want) != 0)
			fprintf(stderr, "  form case %zu: %s\n", i, form_cases[i].name);
	}
}

static void
test_form_amounts(void)
{
	static const struct {
		const char *text;
		int64_t satang;   /* when want is "" */
		const char *want;
	} t[] = {
		{"1500", 150000, ""},
		{"1,500.50", 150050, ""},
		{"1,500.5", 150050, ""},
		{"๑๕๐๐", 150000, ""},
		{"๑,๕๐๐.๒๕", 150025, ""},
		{" 2,000 ", 200000, ""},
		{"0", 0, ""},
		{"0.29", 29, ""},
		{".5", 50, ""},
		{"5.", 500, ""},
		{"1,000,000", 100000000, ""},
		{"1,000,000,000,000", 100000000000000LL, ""},
		{"1,500,", 0, "amount_baht=error.field.amount"},
		{"1,50", 0, "amount_baht=error.field.amount"},
		{"1500,50", 0, "amount_baht=error.field.amount"},
		{"15,00", 0, "amount_baht=error.field.amount"},
		{",500", 0, "amount_baht=error.field.amount"},
		{"1,5000", 0, "amount_baht=error.field.amount"},
		{"1234,567", 0, "amount_baht=error.field.amount"},
		{"1,50,000", 0, "amount_baht=error.field.amount"},   /* lakh grouping */
		{"12,34,567", 0, "amount_baht=error.field.amount"},
		{"1.2.3", 0, "amount_baht=error.field.amount"},
		{"1 500", 0, "amount_baht=error.field.amount"},
		{"abc", 0, "amount_baht=error.field.amount"},
		{"1e5", 0, "amount_baht=error.field.amount"},
		{"+5", 0, "amount_baht=error.field.amount"},
		{"฿500", 0, "amount_baht=error.field.amount"},
		{"500 บาท", 0, "amount_baht=error.field.amount"},
		{".", 0, "amount_baht=error.field.amount"},
		{"-", 0, "amount_baht=error.field.amount"},
		{"-5", 0, "amount_baht=error.field.amount_range"},
		{"1500.505", 0, "amount_baht=error.field.amount_decimals"},
		{"1,000,000,000,000.01", 0, "amount_baht=error.field.amount_range"},
		{"10000000000000", 0, "amount_baht=error.field.amount_range"},
		{"99999999999999999999999999999999999999999999999999999999999999999", 0,
		 "amount_baht=error.field.amount"},  /* longer than anything sensible */
	};

	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		struct form f = form_with("amount_baht", t[i].text);
		struct tip_input in;
		struct tip_errors e;

		fresh();
		tip_input_from_form(A, &f, &in, &e);
		CHECK_STR(errs_str(&e), t[i].want);
		if (t[i].want[0] == '\0')
			CHECK(in.has_amount && in.amount_satang == t[i].satang);
		if (strcmp(errs_str(&e), t[i].want) != 0 ||
		    (!t[i].want[0] && in.amount_satang != t[i].satang))
			fprintf(stderr, "  form amount \"%s\": %s %lld\n", t[i].text,
			        errs_str(&e), (long long)in.amount_satang);
	}
}

static void
test_form_errors_in_field_order(void)
{
	static const struct ff bad[] = {
		{"identity_email", "x@"}, {"amount_baht", "1,2"}, {"subject", ""},
		{"category", "nope"}, {"description", "ok"}, {"incident_date", "2024-13-01"},
		{"identity_phone", "0812345678"}, {"district", "4001"}, {"province", "10"},
		{NULL, NULL},
	};
	struct form f = mkform(bad);
	struct tip_input in;
	struct tip_errors e;

	fresh();
	CHECK(tip_input_from_form(A, &f, &in, &e) == SOD_EINVAL);
	CHECK_STR(errs_str(&e),
	          "category=error.field.tip_category;subject=error.field.required;"
	          "district=error.field.district_unknown;incident_date=error.field.date;"
	          "amount_baht=error.field.amount;identity_email=error.field.email");
}

/* Form values may hold NUL bytes (percent-decoded %00): refused, not cut short. */
static void
test_form_nul_and_repeats(void)
{
	static struct form_field ff[] = {
		{"category", "other", 5},
		{"subject", "ok\0<script>", 11},
		{"description", "d", 1},
		{"category", "bribery", 7},
		{"incident_date", "2024-03-01\0zz", 13},
	};
	struct form f = {ff, ARRAY_LEN(ff)};
	struct tip_input in;
	struct tip_errors e;

	fresh();
	CHECK(tip_input_from_form(A, &f, &in, &e) == SOD_EINVAL);
	CHECK_STR(errs_str(&e), "subject=error.field.text;incident_date=error.field.date");
	/* The first of a repeated name counts. */
	CHECK(in.category == TIP_OTHER);
}

static void
test_form_lengths(void)
{
	static const struct {
		const char *name;
		size_t max;
	} t[] = {
		{"subject", 200}, {"description", 20000}, {"accused", 500}, {"identity_name", 200},
	};

	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		for (size_t over = 0; over <= 1; over++) {
			char *v = repeat("ข", t[i].max + over, false), want[64] = "";
			struct form f = form_with(t[i].name, v);
			struct tip_input in;
			struct tip_errors e;

			fresh();
			if (over)
				snprintf(want, sizeof(want), "%s=error.field.too_long", t[i].name);
			CHECK(tip_input_from_form(A, &f, &in, &e) == (over ? SOD_EINVAL : SOD_OK));
			CHECK_STR(errs_str(&e), want);
			free(v);
		}
	}
}

/* A full arena is SOD_ENOMEM, not a half-filled tip reported as fine. */
static void
test_out_of_memory(void)
{
	struct arena *small = arena_new(16);
	struct form f = form_with(NULL, NULL);
	struct tip_input in;
	struct tip_errors e;
	const char *json = tip_json(NULL, NULL);

	set_clock(10, 0);
	CHECK(small != NULL);
	CHECK(tip_input_from_form(small, &f, &in, &e) == SOD_ENOMEM);
	CHECK(tip_input_from_json(small, json, strlen(json), &in, &e) == SOD_ENOMEM);
	arena_free(&small);
}

static void
test_cleanup(void)
{
	arena_free(&A);
	unsetenv("SOD_TEST_NOW");
}

const struct test tests[] = {
	TEST(test_json_full_tip),
	TEST(test_json_minimal_tip),
	TEST(test_json_each_field_wrong),
	TEST(test_json_amounts_exact),
	TEST(test_json_amount_text_found),
	TEST(test_json_lengths),
	TEST(test_json_errors_in_field_order),
	TEST(test_json_error_cap),
	TEST(test_json_unknown_name_cut),
	TEST(test_json_malformed),
	TEST(test_json_identity),
	TEST(test_json_places),
	TEST(test_incident_date_bangkok_today),
	TEST(test_hostile_text_kept),
	TEST(test_trimming),
	TEST(test_categories),
	TEST(test_form_full_anonymous),
	TEST(test_form_identity),
	TEST(test_form_each_field_wrong),
	TEST(test_form_amounts),
	TEST(test_form_errors_in_field_order),
	TEST(test_form_nul_and_repeats),
	TEST(test_form_lengths),
	TEST(test_out_of_memory),
	TEST(test_cleanup),
	{0},
};
