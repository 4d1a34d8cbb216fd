/*
 * test_xlsx.c — reading the first worksheet of .xlsx files.
 *
 * Fixtures are made here: with libxlsxwriter (the files Excel-like writers
 * produce, shared and inline strings), and part by part with libzip for
 * what libxlsxwriter never writes (exponent numbers, rich text, phonetic
 * guides, escapes, hostile and broken files).
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "text/xlsx.h"
#include "util/buf.h"

/* --- collecting rows ------------------------------------------------------- */

struct rec {
	struct buf out;
	size_t rows, last_line;
	size_t fail_at;  /* SOD_ECONFLICT at this row (1-based); 0: never */
};

static enum sod_err
record(const struct csv_row *row, void *ctx)
{
	struct rec *r = ctx;

	if (++r->rows == r->fail_at)
		return SOD_ECONFLICT;
	r->last_line = row->line;
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

/* Read path; the rows as text in *rows_out (free it). */
static enum sod_err
read_rows(const char *path, size_t max_rows, size_t max_field, char **rows_out)
{
	struct rec r = {0};
	enum sod_err err;
	size_t len;

	buf_init(&r.out, 64u << 20);
	buf_puts(&r.out, "");
	err = xlsx_read(path, max_rows, max_field, record, &r);
	CHECK(!buf_failed(&r.out));
	*rows_out = buf_steal(&r.out, &len);
	return err;
}

static const char *
fixture(const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s", harness_tmpdir(), name);
	return path;
}

/* --- files written by libxlsxwriter ----------------------------------------------- */

static bool
write_people(const char *path, bool inline_strings)
{
	lxw_workbook_options opt = {.constant_memory = inline_strings,
	                            .tmpdir = (char *)harness_tmpdir()};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "สมาชิก");
	lxw_worksheet *other = workbook_add_worksheet(wb, "other");
	lxw_format *date = workbook_add_format(wb);
	lxw_datetime newyear = {2024, 1, 1, 0, 0, 0};

	format_set_num_format(date, "d/m/yyyy");
	worksheet_write_string(ws, 0, 0, "ชื่อ", NULL);
	worksheet_write_string(ws, 0, 1, "นามสกุล", NULL);
	worksheet_write_string(ws, 0, 2, "เลขประจำตัวประชาชน", NULL);
	worksheet_write_string(ws, 0, 3, "โทรศัพท์", NULL);
	worksheet_write_string(ws, 0, 4, "วันที่สมัคร", NULL);
	worksheet_write_string(ws, 1, 0, "สมชาย", NULL);
	worksheet_write_string(ws, 1, 1, "ใจดี", NULL);
	worksheet_write_number(ws, 1, 2, 1112034563562.0, NULL);
	worksheet_write_string(ws, 1, 3, "081-234-5678", NULL);
	worksheet_write_datetime(ws, 1, 4, &newyear, date);
	/* An empty middle cell: A and C only. */
	worksheet_write_string(ws, 2, 0, "A", NULL);
	worksheet_write_string(ws, 2, 2, "C", NULL);
	worksheet_write_boolean(ws, 3, 0, 1, NULL);
	worksheet_write_boolean(ws, 3, 1, 0, NULL);
	worksheet_write_number(ws, 3, 2, 3.5, NULL);
	worksheet_write_number(ws, 3, 3, -12, NULL);
	worksheet_write_formula_num(ws, 3, 4, "=1+1", NULL, 2);
	/* Row 5 has only a formatted blank: not a row for the caller. */
	worksheet_write_blank(ws, 4, 1, date);
	worksheet_write_string(ws, 6, 1, "หลังแถวว่าง", NULL);
	worksheet_write_string(ws, 6, 3, "", NULL);  /* trailing empty */
	worksheet_write_string(other, 0, 0, "not the first sheet", NULL);
	return workbook_close(wb) == LXW_NO_ERROR;
}

static const char PEOPLE_ROWS[] =
	"1:ชื่อ|นามสกุล|เลขประจำตัวประชาชน|โทรศัพท์|วันที่สมัคร\n"
	"2:สมชาย|ใจดี|1112034563562|081-234-5678|45292\n"
	"3:A||C\n"
	"4:TRUE|FALSE|3.5|-12|2\n"
	"7:|หลังแถวว่าง\n";

static void
test_xlsx_shared_strings(void)
{
	const char *path = fixture("people.xlsx");
	char *rows;

	CHECK(write_people(path, false));
	CHECK(read_rows(path, 100, 256, &rows) == SOD_OK);
	CHECK_STR(rows, PEOPLE_ROWS);
	free(rows);
}

static void
test_xlsx_inline_strings(void)
{
	const char *path = fixture("people-inline.xlsx");
	char *rows;

	CHECK(write_people(path, true));
	CHECK(read_rows(path, 100, 256, &rows) == SOD_OK);
	CHECK_STR(rows, PEOPLE_ROWS);
	free(rows);
}

static void
test_xlsx_empty_middle_cell(void)
{
	const char *path = fixture("gap.xlsx");
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	char *rows;

	worksheet_write_string(ws, 0, 0, "A", NULL);
	worksheet_write_string(ws, 0, 2, "C", NULL);
	worksheet_write_string(ws, 1, 27, "AB2", NULL);  /* column AB */
	CHECK(workbook_close(wb) == LXW_NO_ERROR);
	CHECK(read_rows(path, 10, 16, &rows) == SOD_OK);
	CHECK_STR(rows, "1:A||C\n2:|||||||||||||||||||||||||||AB2\n");
	free(rows);
}

#define MANY 20000

static bool
write_many(const char *path)
{
	lxw_workbook_options opt = {.constant_memory = 1,
	                            .tmpdir = (char *)harness_tmpdir()};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);

	for (unsigned i = 0; i < MANY; i++) {
		char name[128];

		snprintf(name, sizeof(name), "สมาชิกเครือข่าย ต้านทุจริต %u", i);
		worksheet_write_string(ws, i, 0, name, NULL);
		worksheet_write_number(ws, i, 1, 1000000000000.0 + i, NULL);
	}
	return workbook_close(wb) == LXW_NO_ERROR;
}

/* Tag xlsx-stream: a sheet far larger than one read chunk, Thai characters
 * cut by chunk boundaries, every row in order. */
static void
test_xlsx_many_rows(void)
{
	const char *path = fixture("many.xlsx");
	struct rec r = {0};

	CHECK(write_many(path));
	buf_init(&r.out, 64u << 20);
	CHECK(xlsx_read(path, MANY, 256, record, &r) == SOD_OK);
	CHECK(r.rows == MANY);
	CHECK(r.last_line == MANY);
	CHECK(r.out.data != NULL && strstr(r.out.data,
	    "\n12346:สมาชิกเครือข่าย ต้านทุจริต 12345|1000000012345\n") != NULL);
	buf_free(&r.out);

	/* One row over the limit. */
	memset(&r, 0, sizeof(r));
	buf_init(&r.out, 64u << 20);
	CHECK(xlsx_read(path, MANY - 1, 256, record, &r) == SOD_ETOOBIG);
	CHECK(r.rows == MANY - 1);
	buf_free(&r.out);

	/* The callback's error stops the reading and comes back. */
	memset(&r, 0, sizeof(r));
	r.fail_at = 3;
	buf_init(&r.out, 64u << 20);
	CHECK(xlsx_read(path, MANY, 256, record, &r) == SOD_ECONFLICT);
	CHECK(r.rows == 3);
	buf_free(&r.out);
}

static void
test_xlsx_max_field(void)
{
	const char *path = fixture("long.xlsx");
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	char s[301], *rows;

	memset(s, 'x', 300);
	s[300] = '\0';
	worksheet_write_string(ws, 0, 0, "short", NULL);
	worksheet_write_string(ws, 1, 0, s, NULL);
	CHECK(workbook_close(wb) == LXW_NO_ERROR);
	CHECK(read_rows(path, 10, 299, &rows) == SOD_ETOOBIG);
	CHECK_STR(rows, "1:short\n");
	free(rows);
	CHECK(read_rows(path, 10, 300, &rows) == SOD_OK);
	free(rows);
}

/* --- files made part by part ----------------------------------------------------- */

struct part {
	const char *name;
	const char *data;
};

#define NS_MAIN "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define NS_R "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL_T "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static const char WORKBOOK[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<workbook " NS_MAIN " " NS_R "><sheets>"
	"<sheet name=\"a\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char RELS[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" REL_T "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" REL_T "sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"</Relationships>";

static bool
make_zip(const char *path, const struct part *parts)
{
	int zerr;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);

	if (z == NULL)
		return false;
	for (const struct part *p = parts; p->name != NULL; p++) {
		zip_source_t *src = zip_source_buffer(z, p->data, strlen(p->data), 0);

		if (src == NULL || zip_file_add(z, p->name, src, ZIP_FL_OVERWRITE) < 0) {
			zip_source_free(src);
			zip_discard(z);
			return false;
		}
	}
	return zip_close(z) == 0;
}

/* A workbook whose sheet1.xml is sheet, with shared strings sst (or none). */
static enum sod_err
read_sheet(const char *sheet, const char *sst, size_t max_field, char **rows)
{
	const char *path = fixture("made.xlsx");
	struct part parts[] = {
		{"xl/workbook.xml", WORKBOOK},
		{"xl/_rels/workbook.xml.rels", RELS},
		{"xl/worksheets/sheet1.xml", sheet},
		{sst ? "xl/sharedStrings.xml" : NULL, sst},
		{NULL, NULL},
	};

	CHECK(make_zip(path, parts));
	return read_rows(path, 1000, max_field, rows);
}

#define SHEET(rows) "<worksheet " NS_MAIN "><sheetData>" rows "</sheetData></worksheet>"
#define SST(items) "<sst " NS_MAIN ">" items "</sst>"

struct sheet_case {
	const char *name;
	const char *sheet, *sst;
	enum sod_err err;
	const char *rows;  /* delivered, also before an error */
};

static const struct sheet_case sheet_cases[] = {
	{"exponent numbers come back as written digits",
	 SHEET("<row r=\"1\"><c r=\"A1\"><v>1.112034563562E+12</v></c>"
	       "<c r=\"B1\"><v>1E+3</v></c><c r=\"C1\"><v>-2.5E-2</v></c>"
	       "<c r=\"D1\"><v>45292</v></c><c r=\"E1\"><v>0.1</v></c>"
	       "<c r=\"F1\"><v>1.5e-3</v></c><c r=\"G1\" t=\"n\"><v>3.10E+2</v></c>"
	       "<c r=\"H1\"><v>0E+0</v></c></row>"), NULL, SOD_OK,
	 "1:1112034563562|1000|-0.025|45292|0.1|0.0015|310|0\n"},
	{"rich text and phonetic guides",
	 SHEET("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c>"
	       "<c r=\"B2\" t=\"s\"><v>1</v></c><c r=\"C2\" t=\"s\"><v>2</v></c></row>"),
	 SST("<si><t>ตำบล</t></si>"
	     "<si><r><rPr><b/></rPr><t>สม</t></r><r><t xml:space=\"preserve\">ชาย ใจดี</t></r></si>"
	     "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh></si>"),
	 SOD_OK, "2:ตำบล|สมชาย ใจดี|漢字\n"},
	{"inline rich text, str, booleans, errors, dates",
	 SHEET("<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><r><t>ก</t></r><r><t>ข</t></r></is></c>"
	       "<c r=\"B3\" t=\"str\"><f>A3&amp;\"!\"</f><v>กข!</v></c>"
	       "<c r=\"C3\" t=\"b\"><v>1</v></c><c r=\"D3\" t=\"e\"><v>#N/A</v></c>"
	       "<c r=\"E3\" t=\"d\"><v>2024-01-01T00:00:00</v></c></row>"), NULL, SOD_OK,
	 "3:กข|กข!|TRUE|#N/A|2024-01-01T00:00:00\n"},
	{"_xHHHH_ escapes decoded",
	 SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
	       "<c r=\"B1\" t=\"inlineStr\"><is><t>x_x005F_x0041_y</t></is></c></row>"),
	 SST("<si><t>ก 1_x000D_\nข 2 _xZZZZ_</t></si>"), SOD_OK,
	 "1:ก 1\\r\\nข 2 _xZZZZ_|x_x0041_y\n"},
	{"cells and rows without r follow the previous",
	 SHEET("<row><c><v>1</v></c><c><v>2</v></c><c r=\"E1\"><v>5</v></c><c><v>6</v></c></row>"
	       "<row><c r=\"B2\"><v>x</v></c></row><row r=\"9\"><c><v>y</v></c></row>"
	       "<row><c><v>z</v></c></row>"), NULL, SOD_OK,
	 "1:1|2|||5|6\n2:|x\n9:y\n10:z\n"},
	{"other namespace prefix",
	 "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	 "<x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>ok</x:t></x:is></x:c>"
	 "</x:row></x:sheetData></x:worksheet>", NULL, SOD_OK, "1:ok\n"},
	{"empty and style-only cells",
	 SHEET("<row r=\"1\"><c r=\"A1\" s=\"1\"/><c r=\"B1\" t=\"s\"/></row>"
	       "<row r=\"2\"/><row r=\"3\"><c r=\"A3\" t=\"b\"/><c r=\"B3\"><v>1</v></c></row>"),
	 NULL, SOD_OK, "3:|1\n"},
	{"unused too-long shared string is no error",
	 SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c></row>"),
	 SST("<si><t>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</t></si>"
	     "<si><t>short</t></si>"), SOD_OK, "1:short\n"},
	/* Broken or hostile sheets. */
	{"used too-long shared string",
	 SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c></row>"
	       "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c></row>"),
	 SST("<si><t>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</t></si>"
	     "<si><t>short</t></si>"), SOD_ETOOBIG, "1:short\n"},
	{"too-long number",
	 SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
	       "<row r=\"2\"><c r=\"A2\"><v>1E+40</v></c></row>"), NULL, SOD_ETOOBIG,
	 "1:1\n"},
	{"shared string index out of range",
	 SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"),
	 SST("<si><t>only</t></si>"), SOD_EINVAL, ""},
	{"shared string without the part",
	 SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"), NULL, SOD_EINVAL, ""},
	{"shared string index not a number",
	 SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>-1</v></c></row>"),
	 SST("<si><t>only</t></si>"), SOD_EINVAL, ""},
	{"cells out of order",
	 SHEET("<row r=\"1\"><c r=\"C1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>"),
	 NULL, SOD_EINVAL, ""},
	{"bad cell reference",
	 SHEET("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"), NULL, SOD_EINVAL, ""},
	{"column past XFD",
	 SHEET("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"), NULL, SOD_EINVAL, ""},
	{"bad row number",
	 SHEET("<row r=\"0\"><c r=\"A1\"><v>1</v></c></row>"), NULL, SOD_EINVAL, ""},
	{"unknown cell type",
	 SHEET("<row r=\"1\"><c r=\"A1\" t=\"zz\"><v>1</v></c></row>"), NULL, SOD_EINVAL, ""},
	{"bad boolean",
	 SHEET("<row r=\"1\"><c r=\"A1\" t=\"b\"><v>2</v></c></row>"), NULL, SOD_EINVAL, ""},
	{"empty shared string",
	 SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>1</v></c></row>"),
	 SST("<si><t/></si>"), SOD_OK, "1:|1\n"},
	{"a cell inside a cell",
	 SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
	       "<row r=\"2\"><c r=\"A2\"><c r=\"B2\"><v>1</v></c><v>2</v></c></row>"),
	 NULL, SOD_EINVAL, "1:1\n"},
	{"a row inside a row",
	 SHEET("<row r=\"1\"><c r=\"B1\"><v>1</v></c><row r=\"2\"></row></row>"),
	 NULL, SOD_EINVAL, ""},
	{"malformed XML after good rows",
	 SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c>"), NULL,
	 SOD_EINVAL, "1:1\n"},
	{"DOCTYPE refused (no entity expansion)",
	 "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\">"
	 "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
	 SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&b;</t></is></c></row>"),
	 NULL, SOD_EINVAL, ""},
	{"invalid UTF-8 in the sheet",
	 SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
	       "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>สม\xff</t></is></c></row>"),
	 NULL, SOD_EUTF8, ""},
	{"invalid UTF-8 in the shared strings",
	 SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"),
	 SST("<si><t>\xC0\xAF</t></si>"), SOD_EUTF8, ""},
	{"UTF-8 cut at the end of a part",
	 SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>") "\xE0\xB8", NULL,
	 SOD_EUTF8, "1:1\n"},
};

static void
test_xlsx_made_sheets(void)
{
	for (size_t i = 0; i < sizeof(sheet_cases) / sizeof(sheet_cases[0]); i++) {
		const struct sheet_case *t = &sheet_cases[i];
		char *rows;
		enum sod_err err = read_sheet(t->sheet, t->sst, 32, &rows);

		if (err != t->err || strcmp(rows, t->rows) != 0)
			fprintf(stderr, "  case \"%s\": err %d\n", t->name, err);
		CHECK(err == t->err);
		CHECK_STR(rows, t->rows);
		free(rows);
	}
}

/* The first tab is the first <sheet> of the workbook, wherever its part. */
static void
test_xlsx_first_sheet_by_workbook_order(void)
{
	const char *path = fixture("order.xlsx");
	struct part parts[] = {
		{"xl/workbook.xml",
		 "<workbook " NS_MAIN " " NS_R "><sheets>"
		 "<sheet name=\"first\" sheetId=\"2\" r:id=\"rId7\"/>"
		 "<sheet name=\"second\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
		{"xl/_rels/workbook.xml.rels",
		 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		 "<Relationship Id=\"rId1\" Type=\"" REL_T "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		 "<Relationship Id=\"rId7\" Type=\"" REL_T "worksheet\" Target=\"/xl/./data/../worksheets/tab.xml\"/>"
		 "<Relationship Id=\"rId9\" Type=\"" REL_T "sharedStrings\" Target=\"strings/sst.xml\"/>"
		 "</Relationships>"},
		{"xl/worksheets/sheet1.xml",
		 SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>wrong</t></is></c></row>")},
		{"xl/worksheets/tab.xml",
		 SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")},
		{"xl/strings/sst.xml", SST("<si><t>ถูก</t></si>")},
		{NULL, NULL},
	};
	char *rows;

	CHECK(make_zip(path, parts));
	CHECK(read_rows(path, 10, 32, &rows) == SOD_OK);
	CHECK_STR(rows, "1:ถูก\n");
	free(rows);
}

/* Without the rels, xl/worksheets/sheet1.xml and xl/sharedStrings.xml. */
static void
test_xlsx_fallback_parts(void)
{
	const char *path = fixture("norels.xlsx");
	struct part parts[] = {
		{"xl/workbook.xml", WORKBOOK},
		{"xl/worksheets/sheet1.xml",
		 SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")},
		{"xl/sharedStrings.xml", SST("<si><t>fallback</t></si>")},
		{NULL, NULL},
	};
	char *rows;

	CHECK(make_zip(path, parts));
	CHECK(read_rows(path, 10, 32, &rows) == SOD_OK);
	CHECK_STR(rows, "1:fallback\n");
	free(rows);
}

static bool
write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	bool ok;

	if (f == NULL)
		return false;
	ok = fwrite(p, 1, n, f) == n;
	return fclose(f) == 0 && ok;
}

static char *
slurp(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)n)) != NULL &&
	    fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	*len_out = p ? (size_t)n : 0;
	fclose(f);
	return p;
}

static void
test_xlsx_not_xlsx(void)
{
	const char *csv = "ชื่อ,นามสกุล\nสมชาย,ใจดี\n";
	const char *path;
	struct part notbook[] = {
		{"word/document.xml", "<document/>"},
		{"xl/worksheets/sheet1.xml", SHEET("")},
		{NULL, NULL},
	};
	struct part nosheet[] = {{"xl/workbook.xml", WORKBOOK}, {NULL, NULL}};
	char *rows;

	path = fixture("members.csv");  /* a CSV renamed .xlsx */
	CHECK(write_file(path, csv, strlen(csv)));
	CHECK(read_rows(path, 10, 32, &rows) == SOD_EINVAL);
	CHECK_STR(rows, "");
	free(rows);

	path = fixture("empty.xlsx");
	CHECK(write_file(path, "", 0));
	CHECK(read_rows(path, 10, 32, &rows) == SOD_EINVAL);
	free(rows);

	path = fixture("doc.docx");  /* a zip, but no workbook */
	CHECK(make_zip(path, notbook));
	CHECK(read_rows(path, 10, 32, &rows) == SOD_EINVAL);
	free(rows);

	path = fixture("nosheet.xlsx");  /* a workbook, but no sheet */
	CHECK(make_zip(path, nosheet));
	CHECK(read_rows(path, 10, 32, &rows) == SOD_EINVAL);
	free(rows);

	CHECK(read_rows(fixture("does-not-exist.xlsx"), 10, 32, &rows) == SOD_EIO);
	free(rows);
}

static void
test_xlsx_truncated_and_corrupt(void)
{
	const char *good = fixture("whole.xlsx"), *bad = fixture("broken.xlsx");
	static const char name[] = "xl/worksheets/sheet1.xml";
	size_t len, at, extra;
	char *p, *hit, *rows;

	CHECK(write_people(good, false));
	p = slurp(good, &len);
	CHECK(p != NULL && len > 1000);
	if (p == NULL)
		return;
	/* Cut anywhere: the central directory at the end is gone. */
	for (size_t cut = 0; cut < len; cut += len / 7 + 1) {
		CHECK(write_file(bad, p, cut));
		CHECK(read_rows(bad, 10, 256, &rows) == SOD_EINVAL);
		free(rows);
	}
	/* The sheet's compressed bytes damaged, past its local header (the
	 * first time the name appears): an inflate or CRC error. */
	hit = memmem(p, len, name, sizeof(name) - 1);
	CHECK(hit != NULL && hit - p >= 30);
	if (hit == NULL || hit - p < 30) {
		free(p);
		return;
	}
	at = (size_t)(hit - p);
	extra = (unsigned char)p[at - 2] | (unsigned char)p[at - 1] << 8;
	at += sizeof(name) - 1 + extra + 8;
	for (size_t i = 0; i < 16 && at + i < len; i++)
		p[at + i] ^= 0x5A;
	CHECK(write_file(bad, p, len));
	CHECK(read_rows(bad, 10, 256, &rows) == SOD_EINVAL);
	free(rows);
	free(p);
}

/* A part that inflates to just over 256 MiB of blanks: a zip bomb. */
struct bomb {
	zip_uint64_t size, pos;
};

static zip_int64_t
bomb_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct bomb *b = ud;
	static const char head[] = "<worksheet>", tail[] = "</worksheet>";

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		b->pos = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		char *out = data;
		zip_uint64_t n = 0;

		for (; n < len && b->pos < b->size; n++, b->pos++) {
			zip_uint64_t from_end = b->size - b->pos;

			if (b->pos < sizeof(head) - 1)
				out[n] = head[b->pos];
			else if (from_end <= sizeof(tail) - 1)
				out[n] = tail[sizeof(tail) - 1 - from_end];
			else
				out[n] = ' ';
		}
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;

		zip_stat_init(st);
		st->size = b->size;
		st->valid |= ZIP_STAT_SIZE;
		return sizeof(*st);
	}
	case ZIP_SOURCE_ERROR: {
		int *e = data;

		e[0] = ZIP_ER_INTERNAL;
		e[1] = 0;
		return 2 * sizeof(int);
	}
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN,
		    ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		    ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		return -1;
	}
}

static void
test_xlsx_zip_bomb(void)
{
	const char *path = fixture("bomb.xlsx");
	struct bomb b = {.size = ((zip_uint64_t)256 << 20) + 1};
	struct stat st;
	int zerr;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	zip_source_t *src;
	zip_int64_t idx;
	char *rows;

	CHECK(z != NULL);
	if (z == NULL)
		return;
	zip_file_add(z, "xl/workbook.xml",
	    zip_source_buffer(z, WORKBOOK, strlen(WORKBOOK), 0), 0);
	src = zip_source_function(z, bomb_cb, &b);
	idx = zip_file_add(z, "xl/worksheets/sheet1.xml", src, 0);
	CHECK(idx >= 0);
	zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 1);
	CHECK(zip_close(z) == 0);
	CHECK(stat(path, &st) == 0 && st.st_size < (2 << 20));
	CHECK(read_rows(path, 10, 32, &rows) == SOD_ETOOBIG);
	free(rows);
}

const struct test tests[] = {
	TEST(test_xlsx_shared_strings),
	TEST(test_xlsx_inline_strings),
	TEST(test_xlsx_empty_middle_cell),
	TEST(test_xlsx_many_rows),
	TEST(test_xlsx_max_field),
	TEST(test_xlsx_made_sheets),
	TEST(test_xlsx_first_sheet_by_workbook_order),
	TEST(test_xlsx_fallback_parts),
	TEST(test_xlsx_not_xlsx),
	TEST(test_xlsx_truncated_and_corrupt),
	TEST(test_xlsx_zip_bomb),
	{0},
};
