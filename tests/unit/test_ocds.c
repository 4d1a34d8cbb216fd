/*
 * test_ocds.c — the OCDS reader (packages, record packages, JSON Lines,
 * chunks of any size, errors with their line) and the merge rules
 * (newest value wins, objects field by field, arrays of objects by id,
 * other arrays replaced, null removes), and OCDS date-times.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>

#include "domain/ocds.h"

struct seen {
	size_t releases, records;
	char ids[16][32];
	size_t n;
};

static enum sod_err
on_item(void *ctx, enum ocds_kind kind, json_t *obj, struct ocds_error *e)
{
	struct seen *s = ctx;
	const char *id = json_string_value(json_object_get(obj, kind == OCDS_RECORD ? "ocid" : "id"));

	(void)e;
	if (kind == OCDS_RECORD)
		s->records++;
	else
		s->releases++;
	if (s->n < 16)
		snprintf(s->ids[s->n++], sizeof(s->ids[0]), "%s", id ? id : "?");
	json_decref(obj);
	return SOD_OK;
}

/* Read text in chunks of chunk bytes; returns the error. */
static enum sod_err
read_all(const char *text, size_t chunk, struct seen *seen, struct ocds_error *e)
{
	struct ocds_reader *r = ocds_reader_new(on_item, seen);
	size_t n = strlen(text);
	enum sod_err err = SOD_OK;

	memset(seen, 0, sizeof(*seen));
	memset(e, 0, sizeof(*e));
	for (size_t i = 0; i < n && !err; i += chunk)
		err = ocds_reader_feed(r, text + i, n - i < chunk ? n - i : chunk, e);
	if (!err)
		err = ocds_reader_finish(r, e);
	ocds_reader_free(&r);
	CHECK(r == NULL);
	return err;
}

static const char package[] =
	"{\"uri\": \"https://example.org\",\n"
	" \"publisher\": {\"name\": \"CGD\"},\n"
	" \"releases\": [\n"
	"  {\"ocid\": \"o1\", \"id\": \"r1\", \"date\": \"2025-01-01\", \"tag\": [\"tender\"]},\n"
	"  {\"ocid\": \"o1\", \"id\": \"r2\", \"date\": \"2025-02-01\", \"awards\": [{\"id\": 1}]}\n"
	" ],\n"
	" \"version\": \"1.1\"}\n";

static void
test_release_package(void)
{
	struct seen s;
	struct ocds_error e;

	/* whole, and one byte at a time: the same releases */
	CHECK(read_all(package, 1 << 20, &s, &e) == SOD_OK);
	CHECK(s.releases == 2 && s.records == 0);
	CHECK_STR(s.ids[0], "r1");
	CHECK_STR(s.ids[1], "r2");
	CHECK(read_all(package, 1, &s, &e) == SOD_OK);
	CHECK(s.releases == 2);
}

static void
test_record_package(void)
{
	struct seen s;
	struct ocds_error e;
	const char *text =
		"{\"records\": [{\"ocid\": \"o1\", \"releases\": [{\"url\": \"x\"}],"
		" \"compiledRelease\": {\"ocid\": \"o1\", \"id\": \"c\"}},"
		" {\"ocid\": \"o2\", \"releases\": []}]}";

	CHECK(read_all(text, 7, &s, &e) == SOD_OK);
	CHECK(s.records == 2 && s.releases == 0);
	CHECK_STR(s.ids[1], "o2");
}

static void
test_json_lines(void)
{
	struct seen s;
	struct ocds_error e;
	const char *text =
		"{\"ocid\": \"o1\", \"id\": \"a\", \"date\": \"2025-01-01\"}\n"
		"{\"ocid\": \"o1\", \"id\": \"b\", \"date\": \"2025-01-02\"}\r\n"
		"\n"
		"{\"ocid\": \"o2\", \"id\": \"c\", \"date\": \"2025-01-03\"}";

	CHECK(read_all(text, 5, &s, &e) == SOD_OK);
	CHECK(s.releases == 3);
	CHECK_STR(s.ids[2], "c");
}

static void
test_errors_name_the_line(void)
{
	struct seen s;
	struct ocds_error e;

	/* truncated: the file ends inside the second release */
	CHECK(read_all("{\"ocid\":\"o\",\"id\":\"a\"}\n{\"ocid\":\"o\",\n\"id\":", 4, &s, &e) ==
	      SOD_EINVAL);
	CHECK(e.line == 3);
	CHECK(strstr(e.message, "ends") != NULL);
	/* malformed on line 2 */
	CHECK(read_all("{\"a\":1}\n{\"a\":tru}\n", 64, &s, &e) == SOD_EINVAL);
	CHECK(e.line == 2);
	CHECK(strstr(e.message, "not valid JSON") != NULL);
	/* not objects */
	CHECK(read_all("[1,2]", 64, &s, &e) == SOD_EINVAL);
	CHECK(read_all("42", 64, &s, &e) == SOD_EINVAL);
	CHECK(read_all("{\"releases\": [1]}", 64, &s, &e) == SOD_EINVAL);
	CHECK_STR(e.field, "releases[0]");
	/* invalid UTF-8 in a string */
	CHECK(read_all("{\"ocid\": \"\xff\xfe\"}", 64, &s, &e) == SOD_EINVAL);
	/* too deep (100 nested arrays) */
	{
		char deep[128] = "{\"a\":";
		size_t k = strlen(deep);

		memset(deep + k, '[', 100);
		deep[k + 100] = '\0';
		CHECK(read_all(deep, 64, &s, &e) == SOD_EINVAL);
		CHECK(strstr(e.message, "deep") != NULL);
	}
	/* an empty file is no error of the reader (the import refuses it) */
	CHECK(read_all("", 64, &s, &e) == SOD_OK && s.releases == 0);
}

static json_t *
j(const char *text)
{
	char *t = strdup(text);
	json_t *v;

	for (char *c = t; *c; c++)
		if (*c == '\'')
			*c = '"';
	v = json_loads(t, 0, NULL);
	free(t);
	CHECK(v != NULL);
	return v;
}

static void
check_merge(const char *a, const char *b, const char *want)
{
	json_t *x = j(a), *y = j(b), *w = j(want);

	ocds_merge(x, y);
	if (!json_equal(x, w)) {
		char *got = json_dumps(x, JSON_COMPACT | JSON_SORT_KEYS);

		harness_fail_str(__FILE__, __LINE__, "merge", got, want);
		free(got);
	}
	json_decref(x);
	json_decref(y);
	json_decref(w);
}

static void
test_merge_rules(void)
{
	/* the newer value wins; untouched fields stay */
	check_merge("{'a':1,'b':2}", "{'a':3}", "{'a':3,'b':2}");
	/* objects merge field by field */
	check_merge("{'tender':{'title':'x','value':{'amount':5}}}",
	            "{'tender':{'value':{'amount':6}}}",
	            "{'tender':{'title':'x','value':{'amount':6}}}");
	/* arrays of objects merge by id, new ids are appended */
	check_merge("{'awards':[{'id':'1','status':'pending','x':1},{'id':'2'}]}",
	            "{'awards':[{'id':'1','status':'active'},{'id':'3'}]}",
	            "{'awards':[{'id':'1','status':'active','x':1},{'id':'2'},{'id':'3'}]}");
	/* ids compare by value: 1 and '1' differ */
	check_merge("{'awards':[{'id':1}]}", "{'awards':[{'id':'1'}]}",
	            "{'awards':[{'id':1},{'id':'1'}]}");
	/* other arrays are replaced */
	check_merge("{'tag':['tender']}", "{'tag':['award']}", "{'tag':['award']}");
	check_merge("{'items':[{'id':'1'}]}", "{'items':[{'noid':1}]}", "{'items':[{'noid':1}]}");
	/* null removes */
	check_merge("{'a':1,'b':{'c':2}}", "{'a':null,'b':{'c':null}}", "{'b':{}}");
	/* a type change replaces */
	check_merge("{'a':{'b':1}}", "{'a':'text'}", "{'a':'text'}");
}

static void
test_times(void)
{
	int64_t t;

	CHECK(ocds_parse_time("2025-01-01T00:00:00Z", &t) && t == 1735689600);
	CHECK(ocds_parse_time("2025-01-01T07:00:00+07:00", &t) && t == 1735689600);
	CHECK(ocds_parse_time("2025-01-01T07:00:00", &t) && t == 1735689600);  /* Bangkok */
	CHECK(ocds_parse_time("2025-01-01T07:00:00.123+07:00", &t) && t == 1735689600);
	CHECK(ocds_parse_time("2024-12-31T19:00:00-05:00", &t) && t == 1735689600);
	CHECK(ocds_parse_time("2025-01-01", &t) && t == 1735689600 - 7 * 3600);
	CHECK(!ocds_parse_time("2025-02-30", &t));
	CHECK(!ocds_parse_time("2025-01-01T25:00:00Z", &t));
	CHECK(!ocds_parse_time("2025-01-01T10:00:00+7", &t));
	CHECK(!ocds_parse_time("20 พ.ย. 68", &t));
	CHECK(!ocds_parse_time("", &t));
	CHECK(!ocds_parse_time("2025-01-01Tx", &t));
}

const struct test tests[] = {
	TEST(test_release_package),
	TEST(test_record_package),
	TEST(test_json_lines),
	TEST(test_errors_name_the_line),
	TEST(test_merge_rules),
	TEST(test_times),
	{0},
};
