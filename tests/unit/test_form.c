/*
 * test_form.c — urlencoded and multipart/form-data bodies, and the
 * boundary parameter of Content-Type.
 *
 * Multipart cases are run whole, one byte at a time and in random chunks,
 * and must give the same fields, files and error every time. A 5 MiB file
 * is streamed through a 256 KiB arena to show that files are never held.
 */
#include "harness.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "http/form.h"

#define ARRAY_LEN(x) (sizeof(x) / sizeof((x)[0]))

/* ---- urlencoded ------------------------------------------------------------ */

static void
test_urlencoded_table(void)
{
	static const struct {
		const char *body;
		size_t max_value;
		enum sod_err err;
		size_t n;
		const char *name0, *value0, *name1, *value1;
	} t[] = {
		{"a=1&b=2", 64, SOD_OK, 2, "a", "1", "b", "2"},
		/* Thai, percent-encoded UTF-8 */
		{"q=%E0%B8%81%E0%B8%82", 64, SOD_OK, 1, "q", "กข", NULL, NULL},
		{"%e0%b8%8a%e0%b8%b7%e0%b9%88%e0%b8%ad=x", 64, SOD_OK, 1, "ชื่อ", "x",
		 NULL, NULL},
		{"q=hello+world&r=a%2Bb", 64, SOD_OK, 2, "q", "hello world", "r", "a+b"},
		{"first+name=x", 64, SOD_OK, 1, "first name", "x", NULL, NULL},
		{"%4a%4A=%7e", 64, SOD_OK, 1, "JJ", "~", NULL, NULL},
		{"", 64, SOD_OK, 0, NULL, NULL, NULL, NULL},
		{"&&&", 64, SOD_OK, 0, NULL, NULL, NULL, NULL},
		{"&a=1&&b=2&", 64, SOD_OK, 2, "a", "1", "b", "2"},
		{"flag", 64, SOD_OK, 1, "flag", "", NULL, NULL},
		{"a=&b", 64, SOD_OK, 2, "a", "", "b", ""},
		{"a==b", 64, SOD_OK, 1, "a", "=b", NULL, NULL},
		{"=v", 64, SOD_OK, 1, "", "v", NULL, NULL},
		{"a=1&a=2", 64, SOD_OK, 2, "a", "1", "a", "2"},
		{"a=<script>", 64, SOD_OK, 1, "a", "<script>", NULL, NULL},
		/* bad escapes */
		{"a=%G1", 64, SOD_EINVAL, 0, NULL, NULL, NULL, NULL},
		{"a=%1G", 64, SOD_EINVAL, 0, NULL, NULL, NULL, NULL},
		{"a=%", 64, SOD_EINVAL, 0, NULL, NULL, NULL, NULL},
		{"a=%4", 64, SOD_EINVAL, 0, NULL, NULL, NULL, NULL},
		{"a=%4&b=1", 64, SOD_EINVAL, 0, NULL, NULL, NULL, NULL},
		{"%zz=1", 64, SOD_EINVAL, 0, NULL, NULL, NULL, NULL},
		{"ok=1&a=%%41", 64, SOD_EINVAL, 0, NULL, NULL, NULL, NULL},
		{"a=%-1", 64, SOD_EINVAL, 0, NULL, NULL, NULL, NULL},
		/* a NUL would cut a name short */
		{"a%00b=1", 64, SOD_EINVAL, 0, NULL, NULL, NULL, NULL},
		/* value limits count decoded bytes */
		{"a=12345678", 8, SOD_OK, 1, "a", "12345678", NULL, NULL},
		{"a=123456789", 8, SOD_ETOOBIG, 0, NULL, NULL, NULL, NULL},
		{"a=%31%32%33%34%35%36%37%38", 8, SOD_OK, 1, "a", "12345678", NULL, NULL},
		{"a=", 0, SOD_OK, 1, "a", "", NULL, NULL},
		{"a=1", 0, SOD_ETOOBIG, 0, NULL, NULL, NULL, NULL},
	};

	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		struct arena *a = arena_new(64 * 1024);
		struct form f = {(void *)1, 99};
		enum sod_err err = form_parse_urlencoded(a, t[i].body, strlen(t[i].body),
		                                         t[i].max_value, &f);

		if (err != t[i].err)
			fprintf(stderr, "  case %zu (%s): err %d\n", i, t[i].body, err);
		CHECK(err == t[i].err);
		CHECK(f.n == t[i].n);
		if (err == SOD_OK && f.n == t[i].n && f.n >= 1) {
			CHECK_STR(f.fields[0].name, t[i].name0);
			CHECK_STR(f.fields[0].value, t[i].value0);
			CHECK(f.fields[0].len == strlen(t[i].value0));
		}
		if (err == SOD_OK && f.n == t[i].n && f.n >= 2) {
			CHECK_STR(f.fields[1].name, t[i].name1);
			CHECK_STR(f.fields[1].value, t[i].value1);
		}
		if (err != SOD_OK)
			CHECK(f.fields == NULL);
		arena_free(&a);
	}
}

static void
test_urlencoded_get_repeated(void)
{
	struct arena *a = arena_new(64 * 1024);
	const char *body = "tag=one&x=&tag=two";
	struct form f;
	const struct form_field *g;

	CHECK(form_parse_urlencoded(a, body, strlen(body), 64, &f) == SOD_OK);
	CHECK(f.n == 3);
	g = form_get(&f, "tag");
	CHECK(g != NULL && g == &f.fields[0]);
	CHECK(g != NULL && strcmp(g->value, "one") == 0);
	CHECK_STR(f.fields[2].value, "two");
	CHECK(form_get(&f, "x") != NULL && form_get(&f, "x")->len == 0);
	CHECK(form_get(&f, "missing") == NULL);
	CHECK(form_get(&f, "ta") == NULL);
	arena_free(&a);
}

/* NULs in values are kept (len says), for text_check to refuse later. */
static void
test_urlencoded_nul_kept(void)
{
	struct arena *a = arena_new(64 * 1024);
	const char body[] = "a=x%00y&b=raw\0byte";
	struct form f;

	CHECK(form_parse_urlencoded(a, body, sizeof(body) - 1, 64, &f) == SOD_OK);
	CHECK(f.n == 2);
	CHECK(f.fields[0].len == 3 && memcmp(f.fields[0].value, "x\0y", 4) == 0);
	CHECK(f.fields[1].len == 8 && memcmp(f.fields[1].value, "raw\0byte", 9) == 0);
	arena_free(&a);
}

/* Only len bytes are read: a body need not be NUL-terminated. */
static void
test_urlencoded_len_bounds_input(void)
{
	struct arena *a = arena_new(64 * 1024);
	struct form f;

	CHECK(form_parse_urlencoded(a, "a=1&b=2", 3, 64, &f) == SOD_OK);
	CHECK(f.n == 1 && strcmp(f.fields[0].value, "1") == 0);
	CHECK(form_parse_urlencoded(a, "a=%41", 4, 64, &f) == SOD_EINVAL);
	CHECK(form_parse_urlencoded(a, NULL, 0, 64, &f) == SOD_OK && f.n == 0);
	arena_free(&a);
}

static void
test_urlencoded_name_limit(void)
{
	struct arena *a = arena_new(64 * 1024);
	char body[3 * FORM_MAX_NAME + 16];
	struct form f;

	memset(body, 'n', FORM_MAX_NAME);
	memcpy(body + FORM_MAX_NAME, "=v", 3);
	CHECK(form_parse_urlencoded(a, body, strlen(body), 64, &f) == SOD_OK);
	CHECK(f.n == 1 && strlen(f.fields[0].name) == FORM_MAX_NAME);
	memset(body, 'n', FORM_MAX_NAME + 1);
	memcpy(body + FORM_MAX_NAME + 1, "=v", 3);
	CHECK(form_parse_urlencoded(a, body, strlen(body), 64, &f) == SOD_ETOOBIG);
	/* the limit is on the decoded name: 128 escapes are 128 bytes */
	for (size_t i = 0; i < FORM_MAX_NAME; i++)
		memcpy(body + 3 * i, "%41", 3);
	memcpy(body + 3 * FORM_MAX_NAME, "=v", 3);
	CHECK(form_parse_urlencoded(a, body, strlen(body), 64, &f) == SOD_OK);
	CHECK(f.n == 1 && strlen(f.fields[0].name) == FORM_MAX_NAME);
	arena_free(&a);
}

static void
test_urlencoded_field_count_limit(void)
{
	struct arena *a = arena_new(256 * 1024);
	char *body = malloc(8 * (FORM_MAX_FIELDS + 1) + 1);
	size_t len = 0;
	struct form f;

	for (int i = 0; i < FORM_MAX_FIELDS; i++)
		len += (size_t)snprintf(body + len, 9, "f%d=x&", i);
	CHECK(form_parse_urlencoded(a, body, len, 64, &f) == SOD_OK);
	CHECK(f.n == FORM_MAX_FIELDS);
	CHECK(f.n == FORM_MAX_FIELDS &&
	      strcmp(f.fields[FORM_MAX_FIELDS - 1].name, "f255") == 0);
	len += (size_t)snprintf(body + len, 9, "one=more");
	CHECK(form_parse_urlencoded(a, body, len, 64, &f) == SOD_ETOOBIG);
	CHECK(f.n == 0);
	free(body);
	arena_free(&a);
}

static void
test_urlencoded_arena_exhausted(void)
{
	struct arena *a = arena_new(256);
	char body[600];
	struct form f;

	memset(body, 'v', sizeof(body));
	memcpy(body, "a=", 2);
	CHECK(form_parse_urlencoded(a, body, sizeof(body), 4096, &f) == SOD_ENOMEM);
	arena_free(&a);
}

/* ---- multipart: a recording callback ---------------------------------------- */

#define MAX_UPLOADS 4

struct upload {
	char field[FORM_MAX_NAME + 1];
	char filename[128];
	char type[128];
	char *data;
	size_t len;
	bool done;
};

struct sink {
	struct upload up[MAX_UPLOADS];
	size_t n;
	bool misuse;        /* a call the contract does not allow */
	size_t max_chunk;
	size_t fail_after;  /* fail once this many bytes came (0: never) */
	size_t received;
	size_t calls_after_fail;
	bool failed;
};

static enum sod_err
sink_file(const struct multipart_file *f, const char *data, size_t len, bool last,
          void *ctx)
{
	struct sink *s = ctx;
	struct upload *u;

	if (s->failed)
		s->calls_after_fail++;
	if (s->n == 0 || s->up[s->n - 1].done) {
		if (s->n == MAX_UPLOADS) {
			s->misuse = true;
			return SOD_EINVAL;
		}
		u = &s->up[s->n++];
		snprintf(u->field, sizeof(u->field), "%s", f->field);
		snprintf(u->filename, sizeof(u->filename), "%s", f->filename);
		snprintf(u->type, sizeof(u->type), "%s", f->content_type);
	}
	u = &s->up[s->n - 1];
	if (strcmp(u->field, f->field) != 0 || data == NULL || (!last && len == 0) ||
	    (last && len != 0))
		s->misuse = true;
	if (len > s->max_chunk)
		s->max_chunk = len;
	if (len > 0) {
		char *p = realloc(u->data, u->len + len);

		if (p == NULL)
			return SOD_ENOMEM;
		memcpy(p + u->len, data, len);
		u->data = p;
		u->len += len;
	}
	u->done = last;
	s->received += len;
	if (s->fail_after > 0 && s->received >= s->fail_after) {
		s->failed = true;
		return SOD_EIO;
	}
	return SOD_OK;
}

static void
sink_clear(struct sink *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->up[i].data);
	memset(s, 0, sizeof(*s));
}

/* A printable account of the result: fields, then files, NUL as "\0". */
static void
describe(const struct form *f, const struct sink *s, char *out, size_t size)
{
	size_t w = 0;

#define PUT(p, n) \
	do { \
		for (size_t j_ = 0; j_ < (n) && w + 3 < size; j_++) { \
			if ((p)[j_] == '\0') { \
				out[w++] = '\\'; \
				out[w++] = '0'; \
			} else { \
				out[w++] = (p)[j_]; \
			} \
		} \
	} while (0)
#define PUTS(str) PUT((str), strlen(str))
	for (size_t i = 0; i < f->n; i++) {
		PUTS(f->fields[i].name);
		PUTS("=");
		PUT(f->fields[i].value, f->fields[i].len);
		PUTS("|");
	}
	for (size_t i = 0; i < s->n; i++) {
		PUTS("[");
		PUTS(s->up[i].field);
		PUTS(":");
		PUTS(s->up[i].filename);
		PUTS(":");
		PUTS(s->up[i].type);
		PUTS(s->up[i].done ? "]=" : "]~");
		PUT(s->up[i].data, s->up[i].len);
		PUTS("|");
	}
#undef PUTS
#undef PUT
	out[w] = '\0';
}

enum chunking { CH_WHOLE, CH_BYTES, CH_RANDOM };

static uint32_t
rnd(uint32_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 17;
	*st ^= *st << 5;
	return *st;
}

/* Parse body as multipart with the given chunking; the first error. */
static enum sod_err
mp_run(struct arena *a, const char *boundary, const char *body, size_t len,
       size_t max_value, enum chunking ch, uint32_t seed, struct sink *s,
       struct form *f)
{
	struct multipart *m = multipart_new(a, boundary, max_value, sink_file, s);
	size_t pos = 0;
	enum sod_err err = SOD_OK, e;

	f->fields = NULL;
	f->n = 0;
	if (m == NULL)
		return SOD_ENOMEM;
	while (pos < len) {
		size_t n = len - pos;

		if (ch == CH_BYTES)
			n = 1;
		else if (ch == CH_RANDOM && n > 1)
			n = 1 + rnd(&seed) % (n < 97 ? n : 97);
		e = multipart_feed(m, body + pos, n);
		if (err == SOD_OK)
			err = e;
		else if (e != err)  /* the first error sticks */
			return SOD_ERR__MAX;
		pos += n;
	}
	e = multipart_finish(m, f);
	if (err != SOD_OK && e != err)
		return SOD_ERR__MAX;
	return e;
}

#define BND       "XyZ"
#define DELIM     "--" BND "\r\n"
#define CLOSE     "--" BND "--\r\n"
#define CD(n)     "Content-Disposition: form-data; name=\"" n "\"\r\n"
#define CDF(n, f) "Content-Disposition: form-data; name=\"" n "\"; filename=\"" f "\"\r\n"

static const struct mp_case {
	const char *what;
	const char *body;
	size_t max_value;
	enum sod_err err;
	const char *want;  /* describe() of a successful result */
} mp_cases[] = {
	{"two fields, two files, preamble and epilogue",
	 "This is the preamble.\r\n" DELIM CD("title") "\r\nhello\r\n"
	 DELIM CDF("doc", "a.txt") "Content-Type: text/plain\r\n\r\nfile one\r\n"
	 DELIM CD("body") "\r\nline1\r\nline2\r\n"
	 DELIM CDF("doc", "") "\r\n\r\n"
	 CLOSE "epilogue --" BND "\r\n",
	 64, SOD_OK,
	 "title=hello|body=line1\r\nline2|[doc:a.txt:text/plain]=file one|[doc::]=|"},
	{"Thai name, value and filename",
	 DELIM CD("เรื่อง") "\r\nร้องเรียนการทุจริต\r\n"
	 DELIM CDF("f", "หลักฐาน.pdf") "Content-Type: application/pdf\r\n\r\n%PDF\r\n"
	 CLOSE,
	 64, SOD_OK,
	 "เรื่อง=ร้องเรียนการทุจริต|[f:หลักฐาน.pdf:application/pdf]=%PDF|"},
	{"content with delimiter fragments",
	 DELIM CDF("f", "x.bin") "\r\n"
	 "\r\n--XyQ\r\n--X\r\r\n--Xy--XyZ-\r\n-\r\n\r\n--" "\r\n--Xy"
	 "\r\n" CLOSE,
	 64, SOD_OK,
	 "[f:x.bin:]=\r\n--XyQ\r\n--X\r\r\n--Xy--XyZ-\r\n-\r\n\r\n--\r\n--Xy|"},
	{"content ending in CR LF and a partial delimiter",
	 DELIM CD("a") "\r\nv\r\n\r\n--X" "\r\n" DELIM CD("b") "\r\n\r\r\n" CLOSE,
	 64, SOD_OK, "a=v\r\n\r\n--X|b=\r|"},
	{"content starting with what looks like a boundary",
	 DELIM CD("a") "\r\n--" BND "--\r\n" CLOSE,
	 64, SOD_OK, "a=--XyZ--|"},
	{"empty values",
	 DELIM CD("a") "\r\n\r\n" DELIM CD("b") "\r\n\r\n" CLOSE,
	 64, SOD_OK, "a=|b=|"},
	{"repeated names kept in order",
	 DELIM CD("t") "\r\n1\r\n" DELIM CD("t") "\r\n2\r\n" CLOSE,
	 64, SOD_OK, "t=1|t=2|"},
	{"body opening with CRLF, transport padding, no final CRLF",
	 "\r\n--" BND " \t\r\n" CD("a") "\r\n1\r\n--" BND "--",
	 64, SOD_OK, "a=1|"},
	{"only the close delimiter", CLOSE, 64, SOD_OK, ""},
	{"boundary not at line start is preamble",
	 "x--" BND "\r\n" CD("a") "\r\n1\r\n--" BND "--", 64, SOD_OK, ""},
	{"header names and form-data in any case, token name",
	 DELIM "content-disposition: FORM-DATA; NAME=tok\r\n\r\nv\r\n" CLOSE,
	 64, SOD_OK, "tok=v|"},
	{"backslash escapes in quoted strings",
	 DELIM "Content-Disposition: form-data; name=\"a\\\\b\"; "
	 "filename=\"q\\\"x.txt\"\r\n\r\nz\r\n" CLOSE,
	 64, SOD_OK, "[a\\b:q\"x.txt:]=z|"},
	{"unknown headers and parameters ignored",
	 DELIM "X-Junk: 1\r\nContent-Disposition: form-data; foo=bar; name=a; "
	 "filename*=UTF-8''x.txt\r\nContent-Transfer-Encoding: binary\r\n\r\nv\r\n" CLOSE,
	 64, SOD_OK, "a=v|"},
	{"empty parameter list entries",
	 DELIM "Content-Disposition: form-data;; name=a ;\r\n\r\nv\r\n" CLOSE,
	 64, SOD_OK, "a=v|"},
	{"Content-Type of a field part ignored",
	 DELIM CD("a") "Content-Type: text/plain; charset=utf-8\r\n\r\nv\r\n" CLOSE,
	 64, SOD_OK, "a=v|"},
	{"value at max_value", DELIM CD("a") "\r\n12345678\r\n" CLOSE, 8, SOD_OK,
	 "a=12345678|"},
	{"file parts are not bound by max_value",
	 DELIM CDF("f", "f") "\r\n123456789\r\n" CLOSE, 8, SOD_OK, "[f:f:]=123456789|"},
	/* errors */
	{"value past max_value", DELIM CD("a") "\r\n123456789\r\n" CLOSE,
	 8, SOD_ETOOBIG, NULL},
	{"missing close delimiter", DELIM CD("a") "\r\n1\r\n" DELIM,
	 64, SOD_EINVAL, NULL},
	{"truncated in a part", DELIM CD("a") "\r\n1\r\n--Xy", 64, SOD_EINVAL, NULL},
	{"truncated in headers", DELIM "Content-Disp", 64, SOD_EINVAL, NULL},
	{"truncated in a file", DELIM CDF("f", "a") "\r\nabc", 64, SOD_EINVAL, NULL},
	{"empty body", "", 64, SOD_EINVAL, NULL},
	{"garbage", "hello, world\r\n", 64, SOD_EINVAL, NULL},
	{"delimiter followed by garbage", "--" BND "X\r\n" CD("a") "\r\n1\r\n" CLOSE,
	 64, SOD_EINVAL, NULL},
	{"delimiter followed by one dash", "--" BND "-\r\n", 64, SOD_EINVAL, NULL},
	{"delimiter line ending in bare LF", "--" BND "\n" CD("a") "\r\n1\r\n" CLOSE,
	 64, SOD_EINVAL, NULL},
	{"boundary in content", DELIM CD("a") "\r\nx\r\n--" BND "Q\r\n" CLOSE,
	 64, SOD_EINVAL, NULL},
	{"part without headers", DELIM "\r\nvalue\r\n" CLOSE, 64, SOD_EINVAL, NULL},
	{"part without Content-Disposition",
	 DELIM "Content-Type: text/plain\r\n\r\nv\r\n" CLOSE, 64, SOD_EINVAL, NULL},
	{"part without a name",
	 DELIM "Content-Disposition: form-data; filename=\"a.txt\"\r\n\r\nv\r\n" CLOSE,
	 64, SOD_EINVAL, NULL},
	{"empty name", DELIM CD("") "\r\nv\r\n" CLOSE, 64, SOD_EINVAL, NULL},
	{"not form-data",
	 DELIM "Content-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n" CLOSE,
	 64, SOD_EINVAL, NULL},
	{"unterminated quote",
	 DELIM "Content-Disposition: form-data; name=\"a\r\n\r\nv\r\n" CLOSE,
	 64, SOD_EINVAL, NULL},
	{"two names",
	 DELIM "Content-Disposition: form-data; name=a; name=b\r\n\r\nv\r\n" CLOSE,
	 64, SOD_EINVAL, NULL},
	{"two Content-Disposition headers", DELIM CD("a") CD("b") "\r\nv\r\n" CLOSE,
	 64, SOD_EINVAL, NULL},
	{"header line without a colon", DELIM CD("a") "junk\r\n\r\nv\r\n" CLOSE,
	 64, SOD_EINVAL, NULL},
	{"garbage after the parameters",
	 DELIM "Content-Disposition: form-data; name=a b\r\n\r\nv\r\n" CLOSE,
	 64, SOD_EINVAL, NULL},
	{"control character in a filename",
	 DELIM "Content-Disposition: form-data; name=a; filename=\"x\x01.txt\"\r\n"
	 "\r\nv\r\n" CLOSE, 64, SOD_EINVAL, NULL},
	{"delimiter line ending in CR alone", "--" BND "\rX" CD("a") "\r\n1\r\n" CLOSE,
	 64, SOD_EINVAL, NULL},
	{"parameters without ';'",
	 DELIM "Content-Disposition: form-data name=a\r\n\r\nv\r\n" CLOSE,
	 64, SOD_EINVAL, NULL},
	{"parameter without a value",
	 DELIM "Content-Disposition: form-data; name\r\n\r\nv\r\n" CLOSE,
	 64, SOD_EINVAL, NULL},
	{"backslash ending a quoted string",
	 DELIM "Content-Disposition: form-data; name=\"a\\\r\n\r\nv\r\n" CLOSE,
	 64, SOD_EINVAL, NULL},
	{"control character in a Content-Type",
	 DELIM CDF("f", "a") "Content-Type: text/\x01plain\r\n\r\nv\r\n" CLOSE,
	 64, SOD_EINVAL, NULL},
	{"quoted name with a bare LF",
	 DELIM "Content-Disposition: form-data; name=\"a\nb\"\r\n\r\nv\r\n" CLOSE,
	 64, SOD_EINVAL, NULL},
};

static void
test_multipart_table_chunkings(void)
{
	static const struct {
		enum chunking ch;
		uint32_t seed;
	} runs[] = {
		{CH_WHOLE, 0}, {CH_BYTES, 0}, {CH_RANDOM, 1}, {CH_RANDOM, 0x9e3779b9},
		{CH_RANDOM, 12345},
	};
	char got[2048], first[2048];

	for (size_t i = 0; i < ARRAY_LEN(mp_cases); i++) {
		const struct mp_case *c = &mp_cases[i];

		for (size_t r = 0; r < ARRAY_LEN(runs); r++) {
			struct arena *a = arena_new(256 * 1024);
			struct sink s = {0};
			struct form f;
			enum sod_err err = mp_run(a, BND, c->body, strlen(c->body),
			                          c->max_value, runs[r].ch, runs[r].seed,
			                          &s, &f);

			if (err != c->err)
				fprintf(stderr, "  %s (chunking %zu): err %d, want %d\n",
				        c->what, r, err, c->err);
			CHECK(err == c->err);
			CHECK(!s.misuse);
			if (c->err == SOD_OK) {
				describe(&f, &s, got, sizeof(got));
				CHECK_STR(got, c->want);
			} else {
				CHECK(f.n == 0 && f.fields == NULL);
			}
			/* Whatever happened, every chunking saw the same. */
			describe(&f, &s, got, sizeof(got));
			if (r == 0)
				memcpy(first, got, sizeof(got));
			else
				CHECK_STR(got, first);
			sink_clear(&s);
			arena_free(&a);
		}
	}
}

/* NULs and high bytes in a field's value are kept, len says how many. */
static void
test_multipart_binary_field(void)
{
	static const char body[] = DELIM CD("a") "\r\nx\0y\xff\r\n" CLOSE;
	struct arena *a = arena_new(64 * 1024);
	struct sink s = {0};
	struct form f;

	CHECK(mp_run(a, BND, body, sizeof(body) - 1, 64, CH_BYTES, 0, &s, &f) == SOD_OK);
	CHECK(f.n == 1 && f.fields[0].len == 4);
	CHECK(f.n == 1 && memcmp(f.fields[0].value, "x\0y\xff", 5) == 0);
	arena_free(&a);
}

/*
 * Boundaries whose delimiter overlaps itself, which multipart_boundary()
 * would refuse but multipart_new() takes: after a near miss the matcher
 * must resume inside what it has seen, not start over. With the boundary
 * "\r\n-x" (delimiter "\r\n--\r\n-x"), a miss at "\r\n--\r\n--" is
 * already the start "\r\n--" of the delimiter that follows.
 */
static void
test_multipart_self_overlapping_delimiter(void)
{
	static const char body2[] =
		"--\r\n-x\r\n" CD("f") "\r\n"
		"A\r\n--\r\n--\r\n-x\r\n" CD("g") "\r\nB\r\n--\r\n-\r\n--\r\n-x--";
	char got2[256];

	for (int ch = CH_WHOLE; ch <= CH_RANDOM; ch++) {
		struct arena *a = arena_new(64 * 1024);
		struct sink s = {0};
		struct form f;

		CHECK(mp_run(a, "\r\n-x", body2, sizeof(body2) - 1, 64,
		             (enum chunking)ch, 5, &s, &f) == SOD_OK);
		describe(&f, &s, got2, sizeof(got2));
		CHECK_STR(got2, "f=A\r\n--|g=B\r\n--\r\n-|");
		arena_free(&a);
	}
	static const char body[] =
		"--a\r\n--a\r\n" CD("f") "\r\n"
		"\r\n--a\r\n--b|\r\n--a\r\n--\r\n--a\r\n-x|\r\n--a\r"
		"\r\n--a\r\n--a--";
	static const char want[] =
		"f=\r\n--a\r\n--b|\r\n--a\r\n--\r\n--a\r\n-x|\r\n--a\r|";
	char got[512];

	for (int ch = CH_WHOLE; ch <= CH_RANDOM; ch++) {
		struct arena *a = arena_new(64 * 1024);
		struct sink s = {0};
		struct form f;

		CHECK(mp_run(a, "a\r\n--a", body, sizeof(body) - 1, 64,
		             (enum chunking)ch, 7, &s, &f) == SOD_OK);
		describe(&f, &s, got, sizeof(got));
		CHECK_STR(got, want);
		arena_free(&a);
	}
}

/* Build n parts named p0, p1, …; files if filename is set. */
static char *
many_parts(size_t n, bool files, size_t *len_out)
{
	size_t cap = n * 96 + 32, len = 0;
	char *b = malloc(cap);

	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(b + len, cap - len,
		                        DELIM "Content-Disposition: form-data; "
		                        "name=p%zu%s\r\n\r\nv\r\n",
		                        i, files ? "; filename=f" : "");
	len += (size_t)snprintf(b + len, cap - len, CLOSE);
	*len_out = len;
	return b;
}

static enum sod_err
count_file(const struct multipart_file *f, const char *data, size_t len, bool last,
           void *ctx)
{
	if (last)
		++*(size_t *)ctx;
	return SOD_OK;
}

/* n parts, all fields or all files: the result of multipart_finish(). */
static enum sod_err
parse_many(size_t n, bool files)
{
	struct arena *a = arena_new(256 * 1024);
	size_t len, nfiles = 0;
	char *body = many_parts(n, files, &len);
	struct multipart *m = multipart_new(a, BND, 64, count_file, &nfiles);
	enum sod_err err = multipart_feed(m, body, len), fin;
	struct form f;

	fin = multipart_finish(m, &f);
	CHECK(err == fin);
	if (fin == SOD_OK) {
		CHECK(f.n + nfiles == n);
		CHECK(files || (f.n == n && strcmp(f.fields[n - 1].name, "p255") == 0));
	}
	free(body);
	arena_free(&a);
	return fin;
}

/* FORM_MAX_FIELDS bounds the parts, fields and files alike. */
static void
test_multipart_part_count_limit(void)
{
	CHECK(parse_many(FORM_MAX_FIELDS, false) == SOD_OK);
	CHECK(parse_many(FORM_MAX_FIELDS + 1, false) == SOD_ETOOBIG);
	CHECK(parse_many(FORM_MAX_FIELDS, true) == SOD_OK);
	CHECK(parse_many(FORM_MAX_FIELDS + 1, true) == SOD_ETOOBIG);
}

static void
test_multipart_name_limit(void)
{
	char name[FORM_MAX_NAME + 2], body[512];
	struct sink s = {0};
	struct form f;

	for (size_t n = FORM_MAX_NAME; n <= FORM_MAX_NAME + 1; n++) {
		struct arena *a = arena_new(64 * 1024);
		int len;

		memset(name, 'n', n);
		name[n] = '\0';
		len = snprintf(body, sizeof(body), DELIM CD("%s") "\r\nv\r\n" CLOSE,
		               name);
		CHECK(mp_run(a, BND, body, (size_t)len, 64, CH_WHOLE, 0, &s, &f) ==
		      (n == FORM_MAX_NAME ? SOD_OK : SOD_ETOOBIG));
		arena_free(&a);
	}
}

/* A part's header block is bounded: 8 KiB, then SOD_ETOOBIG. */
static void
test_multipart_header_block_limit(void)
{
	for (size_t pad = 8000; pad <= 9000; pad += 1000) {
		struct arena *a = arena_new(256 * 1024);
		size_t cap = pad + 256, len;
		char *body = malloc(cap);
		struct sink s = {0};
		struct form f;

		len = (size_t)snprintf(body, cap, DELIM CD("a") "X-Pad: ");
		memset(body + len, 'p', pad);
		len += pad;
		len += (size_t)snprintf(body + len, cap - len, "\r\n\r\nv\r\n" CLOSE);
		CHECK(mp_run(a, BND, body, len, 64, CH_RANDOM, 3, &s, &f) ==
		      (pad < 8000 + 100 ? SOD_OK : SOD_ETOOBIG));
		free(body);
		arena_free(&a);
	}
	/* headers that never end are refused as soon as they pass the bound */
	{
		struct arena *a = arena_new(256 * 1024);
		struct multipart *m = multipart_new(a, BND, 64, sink_file, NULL);
		char junk[1024];
		enum sod_err err = SOD_OK;
		int i;

		memset(junk, 'h', sizeof(junk));
		CHECK(multipart_feed(m, DELIM, strlen(DELIM)) == SOD_OK);
		for (i = 0; i < 100 && err == SOD_OK; i++)
			err = multipart_feed(m, junk, sizeof(junk));
		CHECK(err == SOD_ETOOBIG);
		CHECK(i == 9);
		arena_free(&a);
	}
}

static void
test_multipart_type_limit(void)
{
	char type[300], body[600];

	for (size_t n = 255; n <= 256; n++) {
		struct arena *a = arena_new(64 * 1024);
		struct sink s = {0};
		struct form f;
		int len;

		memset(type, 't', n);
		type[n] = '\0';
		len = snprintf(body, sizeof(body),
		               DELIM CDF("f", "a") "Content-Type: %s\r\n\r\nv\r\n" CLOSE,
		               type);
		CHECK(mp_run(a, BND, body, (size_t)len, 64, CH_WHOLE, 0, &s, &f) ==
		      (n == 255 ? SOD_OK : SOD_ETOOBIG));
		CHECK(n != 255 || s.n == 1);
		sink_clear(&s);
		arena_free(&a);
	}
}

/* A file part with no callback to take it is refused. */
static void
test_multipart_file_without_callback(void)
{
	static const char body[] = DELIM CDF("f", "a.txt") "\r\nx\r\n" CLOSE;
	struct arena *a = arena_new(64 * 1024);
	struct multipart *m = multipart_new(a, BND, 64, NULL, NULL);
	struct form f;

	CHECK(multipart_feed(m, body, sizeof(body) - 1) == SOD_EINVAL);
	CHECK(multipart_finish(m, &f) == SOD_EINVAL);
	arena_free(&a);
}

/* The callback's error aborts the parse, sticks, and stops the calls. */
static void
test_multipart_callback_error_sticks(void)
{
	static const char body[] =
		DELIM CDF("f", "a.txt") "\r\n0123456789\r\n"
		DELIM CD("after") "\r\nx\r\n" CLOSE;
	struct arena *a = arena_new(64 * 1024);
	struct sink s = {.fail_after = 5};
	struct multipart *m = multipart_new(a, BND, 64, sink_file, &s);
	struct form f;
	size_t i;
	enum sod_err err = SOD_OK;

	for (i = 0; i < sizeof(body) - 1 && err == SOD_OK; i++)
		err = multipart_feed(m, body + i, 1);
	CHECK(err == SOD_EIO);
	CHECK(s.received == 5);
	CHECK(multipart_feed(m, body + i, sizeof(body) - 1 - i) == SOD_EIO);
	CHECK(multipart_finish(m, &f) == SOD_EIO);
	CHECK(f.n == 0);
	CHECK(s.calls_after_fail == 0);
	sink_clear(&s);
	arena_free(&a);
}

static void
test_multipart_new_refuses(void)
{
	struct arena *a = arena_new(64 * 1024), *tiny = arena_new(1024);
	char b71[72];

	memset(b71, 'b', 71);
	b71[71] = '\0';
	CHECK(multipart_new(a, "", 64, sink_file, NULL) == NULL);
	CHECK(multipart_new(a, b71, 64, sink_file, NULL) == NULL);
	CHECK(multipart_new(a, b71 + 1, 64, sink_file, NULL) != NULL);
	CHECK(multipart_new(tiny, "b", 64, sink_file, NULL) == NULL);  /* out of memory */
	arena_free(&a);
	arena_free(&tiny);
}

/* Fields fill the arena: SOD_ENOMEM, not a crash. */
static void
test_multipart_arena_exhausted(void)
{
	size_t len;
	char *body = many_parts(FORM_MAX_FIELDS, false, &len);
	struct arena *a = arena_new(16 * 1024);
	struct sink s = {0};
	struct form f;

	CHECK(mp_run(a, BND, body, len, 64, CH_WHOLE, 0, &s, &f) == SOD_ENOMEM);
	free(body);
	arena_free(&a);
}

/* ---- a 5 MiB file through a 256 KiB arena ------------------------------------ */

/* File content full of delimiter fragments (never the whole delimiter). */
static const char pattern[] = "\r\n--XyQ\r\n--X\r\r\n--Xy\r\n\0\xff-data-\r\n-\r";

static char
pattern_byte(size_t i)
{
	return pattern[i % (sizeof(pattern) - 1)];
}

struct verify {
	size_t len, calls, max_chunk, lasts;
	bool bad;
};

static enum sod_err
verify_file(const struct multipart_file *f, const char *data, size_t len, bool last,
            void *ctx)
{
	struct verify *v = ctx;

	if (v->lasts > 0 || strcmp(f->filename, "big.bin") != 0)
		v->bad = true;
	for (size_t i = 0; i < len; i++)
		if (data[i] != pattern_byte(v->len + i))
			v->bad = true;
	v->len += len;
	v->calls++;
	if (len > v->max_chunk)
		v->max_chunk = len;
	v->lasts += last;
	return SOD_OK;
}

/* Stream a size-byte file in chunks of chunk bytes; arena use after. */
static size_t
stream_file(size_t size, size_t chunk, struct verify *v)
{
	static const char head[] = "preamble\r\n" DELIM CD("note") "\r\nบันทึก\r\n"
	                           DELIM CDF("upload", "big.bin")
	                           "Content-Type: application/octet-stream\r\n\r\n";
	static const char tail[] = "\r\n" DELIM CD("after") "\r\nok\r\n" CLOSE;
	struct arena *a = arena_new(256 * 1024);
	struct multipart *m = multipart_new(a, BND, 64 * 1024, verify_file, v);
	char *buf = malloc(chunk);
	size_t used = 0;
	struct form f;

	memset(v, 0, sizeof(*v));
	CHECK(m != NULL && buf != NULL);
	CHECK(multipart_feed(m, head, sizeof(head) - 1) == SOD_OK);
	for (size_t off = 0; off < size; off += chunk) {
		size_t n = size - off < chunk ? size - off : chunk;

		for (size_t i = 0; i < n; i++)
			buf[i] = pattern_byte(off + i);
		CHECK(multipart_feed(m, buf, n) == SOD_OK);
	}
	CHECK(multipart_feed(m, tail, sizeof(tail) - 1) == SOD_OK);
	CHECK(multipart_finish(m, &f) == SOD_OK);
	CHECK(f.n == 2 && strcmp(f.fields[0].value, "บันทึก") == 0);
	CHECK(f.n == 2 && strcmp(f.fields[1].name, "after") == 0);
	used = arena_used(a);
	free(buf);
	arena_free(&a);
	return used;
}

static void
test_multipart_5mib_file_bounded_memory(void)
{
	const size_t big = 5u << 20;
	struct verify v;
	size_t small_used, big_used;

	CHECK(memmem(pattern, sizeof(pattern) - 1, "\r\n--XyZ", 7) == NULL);
	small_used = stream_file(1024, 64 * 1024, &v);
	CHECK(!v.bad && v.len == 1024 && v.lasts == 1);

	big_used = stream_file(big, 64 * 1024, &v);
	CHECK(!v.bad && v.len == big && v.lasts == 1);
	CHECK(v.max_chunk <= 64 * 1024);  /* passed on, never gathered */
	/* the file costs the arena nothing: same use as for 1 KiB */
	CHECK(big_used == small_used);
	CHECK(big_used < 32 * 1024);

	big_used = stream_file(big, 4093, &v);
	CHECK(!v.bad && v.len == big && v.lasts == 1);
	CHECK(v.max_chunk <= 4093);
	CHECK(big_used == small_used);
}

/* A huge text field is refused at max_value without growing the arena. */
static void
test_multipart_huge_field_refused(void)
{
	struct arena *a = arena_new(256 * 1024);
	struct multipart *m = multipart_new(a, BND, 64 * 1024, sink_file, NULL);
	static const char head[] = DELIM CD("essay") "\r\n";
	char chunk[4096];
	enum sod_err err = SOD_OK;
	size_t fed = 0;
	struct form f;

	memset(chunk, 'x', sizeof(chunk));
	CHECK(multipart_feed(m, head, sizeof(head) - 1) == SOD_OK);
	while (err == SOD_OK && fed < (5u << 20)) {
		err = multipart_feed(m, chunk, sizeof(chunk));
		fed += sizeof(chunk);
	}
	CHECK(err == SOD_ETOOBIG);
	CHECK(fed <= 64 * 1024 + sizeof(chunk));
	CHECK(multipart_finish(m, &f) == SOD_ETOOBIG);
	CHECK(arena_used(a) < 160 * 1024);
	arena_free(&a);
}

/* ---- multipart_boundary ------------------------------------------------------ */

static void
test_multipart_boundary_table(void)
{
	static const char b70[] =
		"0123456789012345678901234567890123456789012345678901234567890123456789";
	static const char b71[] =
		"01234567890123456789012345678901234567890123456789012345678901234567890";
	char ct[160];
	static const struct {
		const char *ct, *want;
	} t[] = {
		{"multipart/form-data; boundary=abc", "abc"},
		{"multipart/form-data;boundary=abc", "abc"},
		{"Multipart/Form-Data; BOUNDARY=abc", "abc"},
		{"  multipart/form-data ; boundary=abc ", "abc"},
		{"multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
		 "----WebKitFormBoundary7MA4YWxkTrZu0gW"},
		{"multipart/form-data; charset=utf-8; boundary=x-y.z_1", "x-y.z_1"},
		{"multipart/form-data; boundary=abc; charset=utf-8", "abc"},
		{"multipart/form-data; boundary=\"a b:c=d?(e)\"", "a b:c=d?(e)"},
		{"multipart/form-data; boundary=\"abc\"; x=\"q;boundary=no\"", "abc"},
		{"multipart/form-data; boundary=abc;", "abc"},
		{"multipart/form-data;; boundary=abc ;", "abc"},
		{"multipart/form-data", NULL},
		{"multipart/form-data;", NULL},
		{"multipart/form-data; boundary=", NULL},
		{"multipart/form-data; boundary=\"\"", NULL},
		{"multipart/form-data; boundary=\"abc", NULL},
		{"multipart/form-data; boundary=\"abc \"", NULL},     /* ends in space */
		{"multipart/form-data; boundary=\"a\\\"b\"", NULL},  /* '"' not a bchar */
		{"multipart/form-data; boundary=\"a\x01" "b\"", NULL},
		{"multipart/form-data; boundary=a!b", NULL},  /* '!' not a bchar */
		{"multipart/form-data; boundary=abc def", NULL},
		{"multipart/form-data; boundary = abc", NULL},
		{"multipart/form-data; boundary=a; boundary=b", NULL},
		{"multipart/form-data; xboundary=abc", NULL},
		{"multipart/form-data boundary=abc", NULL},
		{"multipart/form-datax; boundary=abc", NULL},
		{"multipart/mixed; boundary=abc", NULL},
		{"application/x-www-form-urlencoded; boundary=abc", NULL},
		{"text/plain", NULL},
		{"", NULL},
	};

	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		struct arena *a = arena_new(4096);
		const char *got = multipart_boundary(a, t[i].ct);

		if (t[i].want == NULL) {
			if (got != NULL)
				fprintf(stderr, "  boundary of \"%s\": \"%s\"\n", t[i].ct,
				        got);
			CHECK(got == NULL);
		} else {
			CHECK_STR(got, t[i].want);
		}
		arena_free(&a);
	}
	{
		struct arena *a = arena_new(4096);

		snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", b70);
		CHECK_STR(multipart_boundary(a, ct), b70);
		snprintf(ct, sizeof(ct), "multipart/form-data; boundary=\"%s\"", b70);
		CHECK_STR(multipart_boundary(a, ct), b70);
		snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", b71);
		CHECK(multipart_boundary(a, ct) == NULL);
		snprintf(ct, sizeof(ct), "multipart/form-data; boundary=\"%s\"", b71);
		CHECK(multipart_boundary(a, ct) == NULL);
		CHECK(multipart_boundary(a, NULL) == NULL);
		arena_free(&a);
	}
}

/* The boundary found is the one the parser then splits on. */
static void
test_multipart_boundary_roundtrip(void)
{
	static const char body[] = "--a b:c\r\n" CD("x") "\r\n1\r\n--a b:c--\r\n";
	struct arena *a = arena_new(64 * 1024);
	const char *b = multipart_boundary(a, "multipart/form-data; boundary=\"a b:c\"");
	struct sink s = {0};
	struct form f;

	CHECK(b != NULL);
	if (b != NULL) {
		CHECK(mp_run(a, b, body, sizeof(body) - 1, 64, CH_BYTES, 0, &s, &f) ==
		      SOD_OK);
		CHECK(f.n == 1 && strcmp(f.fields[0].value, "1") == 0);
	}
	arena_free(&a);
}

const struct test tests[] = {
	TEST(test_urlencoded_table),
	TEST(test_urlencoded_get_repeated),
	TEST(test_urlencoded_nul_kept),
	TEST(test_urlencoded_len_bounds_input),
	TEST(test_urlencoded_name_limit),
	TEST(test_urlencoded_field_count_limit),
	TEST(test_urlencoded_arena_exhausted),
	TEST(test_multipart_table_chunkings),
	TEST(test_multipart_binary_field),
	TEST(test_multipart_self_overlapping_delimiter),
	TEST(test_multipart_part_count_limit),
	TEST(test_multipart_name_limit),
	TEST(test_multipart_header_block_limit),
	TEST(test_multipart_type_limit),
	TEST(test_multipart_file_without_callback),
	TEST(test_multipart_callback_error_sticks),
	TEST(test_multipart_new_refuses),
	TEST(test_multipart_arena_exhausted),
	TEST(test_multipart_5mib_file_bounded_memory),
	TEST(test_multipart_huge_field_refused),
	TEST(test_multipart_boundary_table),
	TEST(test_multipart_boundary_roundtrip),
	{0},
};
