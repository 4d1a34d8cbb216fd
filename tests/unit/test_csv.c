/*
 * test_csv.c — the streaming CSV reader: RFC 4180 quoting, the delimiter
 * and BOM habits of real exports, line numbers, limits, chunking, and a
 * 50 MB file streamed in bounded memory.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "text/csv.h"
#include "util/buf.h"
#include "util/err.h"

/* Rows as text: "line:f1|f2\n", CR and LF inside fields as \r and \n. */
struct rec {
	struct buf out;
	size_t rows;
	size_t fail_at;  /* return SOD_ECONFLICT for this row (1-based), 0: never */
};

static enum sod_err
record(const struct csv_row *row, void *ctx)
{
	struct rec *r = ctx;

	if (++r->rows == r->fail_at)
		return SOD_ECONFLICT;
	buf_printf(&r->out, "%zu:", row->line);
	for (size_t i = 0; i < row->n; i++) {
		if (i > 0)
			buf_putc(&r->out, '|');
		for (size_t k = 0; k < row->fields[i].len; k++) {
			char ch = row->fields[i].p[k];

			if (ch == '\r')
				buf_puts(&r->out, "\\r");
			else if (ch == '\n')
				buf_puts(&r->out, "\\n");
			else
				buf_putc(&r->out, ch);
		}
	}
	buf_putc(&r->out, '\n');
	return SOD_OK;
}

struct result {
	enum sod_err err;
	size_t line;
	char *rows;
};

/* Parse in, chunk bytes at a time (0: whole), into a result to free. */
static struct result
parse(const char *in, size_t len, size_t chunk, size_t max_field,
      size_t max_fields, size_t fail_at)
{
	struct csv *c = csv_new(max_field, max_fields);
	struct rec r = {.fail_at = fail_at};
	struct result res = {0};
	size_t off = 0;

	buf_init(&r.out, 1 << 20);
	buf_puts(&r.out, "");
	if (chunk == 0)
		chunk = len ? len : 1;
	while (off < len && res.err == SOD_OK) {
		size_t n = len - off < chunk ? len - off : chunk;

		res.err = csv_feed(c, in + off, n, record, &r);
		off += n;
	}
	if (res.err == SOD_OK)
		res.err = csv_finish(c, record, &r);
	res.line = csv_error_line(c);
	res.rows = buf_steal(&r.out, &off);
	csv_free(&c);
	CHECK(c == NULL);
	return res;
}

struct csv_case {
	const char *name;
	const char *in;
	const char *rows;       /* rows delivered (before an error) */
	enum sod_err err;
	size_t err_line;
	size_t max_field, max_fields;  /* 0: 256 and 32 */
};

static const struct csv_case cases[] = {
	{"plain", "a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3\n", SOD_OK, 0, 0, 0},
	{"quoted commas", "name,addr\n\"Somchai\",\"12 Moo 3, Tambon Ban Pet\"\n",
	 "1:name|addr\n2:Somchai|12 Moo 3, Tambon Ban Pet\n", SOD_OK, 0, 0, 0},
	{"doubled quotes", "\"He said \"\"hi\"\"\",x\n\"\"\"\"\n",
	 "1:He said \"hi\"|x\n2:\"\n", SOD_OK, 0, 0, 0},
	{"embedded CRLF", "\"line1\r\nline2\",b\r\nc,d\r\n",
	 "1:line1\\r\\nline2|b\n3:c|d\n", SOD_OK, 0, 0, 0},
	{"embedded LFs keep line count", "\"x\ny\nz\",1\nnext,2\n",
	 "1:x\\ny\\nz|1\n4:next|2\n", SOD_OK, 0, 0, 0},
	{"BOM skipped", "\xEF\xBB\xBF" "a,b\n", "1:a|b\n", SOD_OK, 0, 0, 0},
	{"only a BOM", "\xEF\xBB\xBF", "", SOD_OK, 0, 0, 0},
	{"empty input", "", "", SOD_OK, 0, 0, 0},
	{"semicolon (Excel, comma locales)", "a;b;c\n1,5;2,5;x\n",
	 "1:a|b|c\n2:1,5|2,5|x\n", SOD_OK, 0, 0, 0},
	{"BOM, quoted first field, semicolon",
	 "\xEF\xBB\xBF\"a;b\";c;d\n", "1:a;b|c|d\n", SOD_OK, 0, 0, 0},
	{"tab", "a\tb\n1\t2,5\n", "1:a|b\n2:1|2,5\n", SOD_OK, 0, 0, 0},
	{"comma wins a tie", "a,b;c\n", "1:a|b;c\n", SOD_OK, 0, 0, 0},
	{"semicolons inside quotes do not count", "\"a;b;c\",d\n",
	 "1:a;b;c|d\n", SOD_OK, 0, 0, 0},
	{"escaped quote then semicolon inside quotes", "\"a\"\";b;c\",d\n",
	 "1:a\";b;c|d\n", SOD_OK, 0, 0, 0},
	{"sniffs the first non-blank line", "\n\r\na;b\n", "3:a|b\n",
	 SOD_OK, 0, 0, 0},
	{"Thai", "ชื่อ,นามสกุล,ที่อยู่\nสมชาย,ใจดี,\"๑๒ หมู่ ๓, ตำบลบ้านเป็ด\"\n",
	 "1:ชื่อ|นามสกุล|ที่อยู่\n2:สมชาย|ใจดี|๑๒ หมู่ ๓, ตำบลบ้านเป็ด\n",
	 SOD_OK, 0, 0, 0},
	{"lone CR", "a,b\rc,d\r", "1:a|b\n2:c|d\n", SOD_OK, 0, 0, 0},
	{"blank lines skipped", "\n\na\r\n\r\n\nb\n", "3:a\n6:b\n", SOD_OK, 0, 0, 0},
	{"last row without newline", "a,b\nc,d", "1:a|b\n2:c|d\n", SOD_OK, 0, 0, 0},
	{"empty fields", ",,\na,,b\n", "1:||\n2:a||b\n", SOD_OK, 0, 0, 0},
	{"quoted empty field", "\"\",x\n", "1:|x\n", SOD_OK, 0, 0, 0},
	{"quote inside unquoted field kept", "5\" pipe,x\"y\n",
	 "1:5\" pipe|x\"y\n", SOD_OK, 0, 0, 0},
	{"text after closing quote joins", "\"ab\"cd,e\n", "1:abcd|e\n",
	 SOD_OK, 0, 0, 0},
	{"spaces kept", " a , b \n", "1: a | b \n", SOD_OK, 0, 0, 0},
	{"field exactly at the limit", "12345678,x\n\"1234567\"\"\"\n",
	 "1:12345678|x\n2:1234567\"\n", SOD_OK, 0, 8, 4},
	{"fields exactly at the limit", "a,b,c,d\n", "1:a|b|c|d\n",
	 SOD_OK, 0, 8, 4},
	/* Errors: rows before the bad one still arrive. */
	{"unclosed quote", "a,b\n\"open,c\nd\n", "1:a|b\n", SOD_EINVAL, 2, 0, 0},
	{"unclosed quote at the end", "a\n\"", "1:a\n", SOD_EINVAL, 2, 0, 0},
	{"field too long", "12345678,x\n123456789\n", "1:12345678|x\n",
	 SOD_ETOOBIG, 2, 8, 4},
	{"quoted field too long", "a\n\n\"12\n345\"\"6789\"\n", "1:a\n",
	 SOD_ETOOBIG, 3, 8, 4},
	{"too many fields", "a,b,c,d\na,b,c,d,e\n", "1:a|b|c|d\n",
	 SOD_ETOOBIG, 2, 8, 4},
	{"too many empty fields", "x\n,,,,\n", "1:x\n", SOD_ETOOBIG, 2, 8, 4},
	{"invalid UTF-8", "a\nb\nc\xff,d\n", "1:a\n2:b\n", SOD_EUTF8, 3, 0, 0},
	{"invalid UTF-8 after a multi-line field", "\"a\nb\"\n\xC0\xAF\n",
	 "1:a\\nb\n", SOD_EUTF8, 3, 0, 0},
	{"truncated UTF-8 at the end", "ok\nสม\xE0\xB8", "1:ok\n",
	 SOD_EUTF8, 2, 0, 0},
	{"surrogate", "\xED\xA0\x80\n", "", SOD_EUTF8, 1, 0, 0},
};

static void
test_csv_table(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct csv_case *t = &cases[i];
		size_t mf = t->max_field ? t->max_field : 256;
		size_t mn = t->max_fields ? t->max_fields : 32;
		struct result r = parse(t->in, strlen(t->in), 0, mf, mn, 0);

		if (r.err != t->err || r.line != t->err_line ||
		    strcmp(r.rows, t->rows) != 0)
			fprintf(stderr, "  case \"%s\": err %d line %zu\n",
			        t->name, r.err, r.line);
		CHECK(r.err == t->err);
		CHECK(r.line == t->err_line);
		CHECK_STR(r.rows, t->rows);
		free(r.rows);
	}
}

/* Tag csv-chunking: the rows do not depend on how the bytes arrive. */
static void
test_csv_chunking_identical(void)
{
	static const size_t chunks[] = {1, 2, 3, 7, 64};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct csv_case *t = &cases[i];
		size_t mf = t->max_field ? t->max_field : 256;
		size_t mn = t->max_fields ? t->max_fields : 32;
		struct result whole = parse(t->in, strlen(t->in), 0, mf, mn, 0);

		for (size_t k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
			struct result r = parse(t->in, strlen(t->in), chunks[k],
			                        mf, mn, 0);

			if (strcmp(r.rows, whole.rows) != 0 || r.err != whole.err)
				fprintf(stderr, "  case \"%s\", chunk %zu\n",
				        t->name, chunks[k]);
			CHECK_STR(r.rows, whole.rows);
			CHECK(r.err == whole.err);
			CHECK(r.line == whole.line);
			free(r.rows);
		}
		free(whole.rows);
	}
}

static void
test_csv_callback_error_sticks(void)
{
	const char *in = "a\nb\nc\nd\n";
	struct csv *c = csv_new(16, 4);
	struct rec r = {.fail_at = 3};

	buf_init(&r.out, 4096);
	CHECK(csv_feed(c, in, 4, record, &r) == SOD_OK);
	CHECK(csv_feed(c, in + 4, 4, record, &r) == SOD_ECONFLICT);
	CHECK(csv_error_line(c) == 3);
	/* Nothing more is delivered once an error happened. */
	CHECK(csv_feed(c, "e\n", 2, record, &r) == SOD_ECONFLICT);
	CHECK(csv_finish(c, record, &r) == SOD_ECONFLICT);
	CHECK(r.rows == 3);
	CHECK(r.out.data != NULL && strcmp(r.out.data, "1:a\n2:b\n") == 0);
	buf_free(&r.out);
	csv_free(&c);
	csv_free(&c);  /* accepts NULL */
}

static void
test_csv_new_limits(void)
{
	struct csv *c;

	CHECK(csv_new(0, 10) == NULL);
	CHECK(csv_new(10, 0) == NULL);
	CHECK(csv_new(SIZE_MAX / 2, 4) == NULL);  /* product overflows */
	c = csv_new(1, 1);
	CHECK(c != NULL);
	CHECK(csv_error_line(c) == 0);
	csv_free(&c);
}

static void
test_csv_no_feed_after_finish(void)
{
	struct csv *c = csv_new(16, 4);
	struct rec r = {0};

	buf_init(&r.out, 4096);
	CHECK(csv_feed(c, "a", 1, record, &r) == SOD_OK);
	CHECK(csv_finish(c, record, &r) == SOD_OK);
	CHECK(r.rows == 1);
	CHECK(csv_feed(c, "b\n", 2, record, &r) == SOD_EINVAL);
	CHECK(r.rows == 1);
	buf_free(&r.out);
	csv_free(&c);
}

/* A first line longer than the parser will hold is refused, not kept. */
static void
test_csv_long_first_line_bounded(void)
{
	struct csv *c = csv_new(8, 4);
	struct rec r = {0};
	char junk[1024];
	enum sod_err err = SOD_OK;

	memset(junk, 'x', sizeof(junk));
	buf_init(&r.out, 4096);
	for (int i = 0; i < 1000 && err == SOD_OK; i++)
		err = csv_feed(c, junk, sizeof(junk), record, &r);
	CHECK(err == SOD_ETOOBIG);
	CHECK(csv_error_line(c) == 1);
	CHECK(r.rows == 0);
	buf_free(&r.out);
	csv_free(&c);
}

struct counter {
	size_t rows, last_line;
	bool bad;
};

static enum sod_err
count_row(const struct csv_row *row, void *ctx)
{
	struct counter *k = ctx;

	k->rows++;
	k->last_line = row->line;
	if (row->n != 4 || row->fields[3].len != strlen("12 หมู่ 3, ตำบลบ้านเป็ด"))
		k->bad = true;
	return SOD_OK;
}

static long
max_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* Tag csv-bounded: 50 MB stream in, no growth beyond the row buffers. */
static void
test_csv_50mb_bounded(void)
{
	struct csv *c = csv_new(1024, 64);
	struct counter k = {0};
	char chunk[65536];
	size_t total = 0, want_rows = 0, len = 0;
	long rss0 = max_rss_kib();

	CHECK(c != NULL);
	while (total < 50u * 1000 * 1000) {
		int n = snprintf(chunk + len, sizeof(chunk) - len,
		                 "สมชาย %zu,ใจดี,081%07zu,\"12 หมู่ 3, ตำบลบ้านเป็ด\"\r\n",
		                 want_rows, want_rows % 10000000);

		if (n < 0 || (size_t)n >= sizeof(chunk) - len) {
			CHECK(csv_feed(c, chunk, len, count_row, &k) == SOD_OK);
			total += len;
			len = 0;
			continue;
		}
		len += (size_t)n;
		want_rows++;
	}
	CHECK(csv_feed(c, chunk, len, count_row, &k) == SOD_OK);
	CHECK(csv_finish(c, count_row, &k) == SOD_OK);
	csv_free(&c);
	CHECK(k.rows == want_rows);
	CHECK(k.last_line == want_rows);
	CHECK(!k.bad);
	/* Holding the input would cost 50 MB; the parser needs ~100 KiB. */
	CHECK(max_rss_kib() - rss0 < 8 * 1024);
}

const struct test tests[] = {
	TEST(test_csv_table),
	TEST(test_csv_chunking_identical),
	TEST(test_csv_callback_error_sticks),
	TEST(test_csv_new_limits),
	TEST(test_csv_no_feed_after_finish),
	TEST(test_csv_long_first_line_bounded),
	TEST(test_csv_50mb_bounded),
	{0},
};
