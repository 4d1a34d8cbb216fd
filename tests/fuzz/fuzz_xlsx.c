/*
 * fuzz_xlsx.c — libFuzzer harness for the XLSX reader (xlsx.h).
 *
 * Two kinds of input:
 *   "PK…"   a zip file as it is (valid workbooks and damaged ones: bad
 *           central directories, CRCs, truncations). Limits come from the
 *           size: max_rows 1–8, max_field 1–64.
 *   else    byte 0 holds limits (bits 0–2: max_rows − 1; bits 3–5:
 *           max_field 2^(bits) bytes; bit 6 drops the relationships part,
 *           bit 7 a callback that fails at the second row), and the rest
 *           is up to four XML parts separated by NUL bytes (which no XML
 *           may contain): the sheet, the shared strings, the workbook, its
 *           relationships. A missing part gets a small valid default. The
 *           harness zips them (stored, through libzip) itself, so that the
 *           fuzzer spends its time on the XML and not on zip checksums.
 * Either way the bytes are written to a memfd and xlsx_read() gets its
 * /proc/self/fd path. It must not crash or leak; every row delivered must
 * have 1..16384 fields, each valid UTF-8 and at most max_field bytes, at
 * most max_rows rows, and a failing callback's error must be returned.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <zip.h>

#include "text/utf8.h"
#include "text/xlsx.h"

#define NPARTS  4
#define FAIL_AT 2

static const char *const part_names[NPARTS] = {
	"xl/worksheets/sheet1.xml",
	"xl/sharedStrings.xml",
	"xl/workbook.xml",
	"xl/_rels/workbook.xml.rels",
};

static const char *const part_defaults[NPARTS] = {
	"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData>"
	"</worksheet>",
	"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<si><t>x</t></si></sst>",
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
	"2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
	"2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"</Relationships>",
};

struct run {
	size_t max_rows, max_field;
	size_t rows;
	size_t fail_at;  /* 0: never */
	bool stopped;
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum sod_err
on_row(const struct csv_row *row, void *ctx)
{
	struct run *r = ctx;

	if (r->stopped || row->n == 0 || row->n > 16384 || row->fields == NULL)
		abort();
	if (row->line == 0 || row->line > 1048576 || ++r->rows > r->max_rows)
		abort();
	for (size_t i = 0; i < row->n; i++) {
		const struct slice *f = &row->fields[i];

		if (f->len > r->max_field || (f->len > 0 && f->p == NULL) ||
		    !utf8_valid(f->p, f->len))
			abort();
	}
	/* Trailing empty cells are not delivered. */
	if (row->fields[row->n - 1].len == 0)
		abort();
	if (r->rows == r->fail_at) {
		r->stopped = true;
		return SOD_EIO;
	}
	return SOD_OK;
}

static bool
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w <= 0)
			return false;
		c += w;
		n -= (size_t)w;
	}
	return true;
}

/* Zip the parts (stored) into fd; false on any libzip failure. */
static bool
zip_parts(int fd, const char *parts[NPARTS], const size_t lens[NPARTS], bool rels)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_stat_t st;
	bool ok = false;
	char buf[4096];
	zip_int64_t n;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
		goto out;
	if ((z = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL)
		goto out;  /* src is still ours alone */
	zip_source_keep(src);  /* to read the archive back after zip_close */
	for (int i = 0; i < NPARTS; i++) {
		zip_source_t *ps;
		zip_int64_t idx;

		if (i == NPARTS - 1 && !rels)
			continue;
		if ((ps = zip_source_buffer(z, parts[i], lens[i], 0)) == NULL)
			goto discard;
		if ((idx = zip_file_add(z, part_names[i], ps, 0)) < 0) {
			zip_source_free(ps);
			goto discard;
		}
		if (zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0) != 0)
			goto discard;
	}
	if (zip_close(z) != 0)
		goto discard;
	if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
		goto out;
	ok = true;
	while (ok && (n = zip_source_read(src, buf, sizeof(buf))) > 0)
		ok = write_all(fd, buf, (size_t)n);
	ok = ok && n == 0;
	zip_source_close(src);
	goto out;
discard:
	zip_discard(z);
out:
	if (src != NULL)
		zip_source_free(src);
	zip_error_fini(&ze);
	return ok;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run r = {0};
	char path[64];
	enum sod_err err;
	int fd;

	if ((fd = memfd_create("fuzz-xlsx", MFD_CLOEXEC)) < 0)
		abort();
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		r.max_rows = 1 + size % 8;
		r.max_field = 1 + size % 64;
		if (!write_all(fd, data, size))
			abort();
	} else {
		const char *parts[NPARTS];
		size_t lens[NPARTS];
		const char *p = size > 0 ? (const char *)data + 1 : "";
		const char *end = p + (size > 0 ? size - 1 : 0);
		uint8_t mode = size > 0 ? data[0] : 0;

		r.max_rows = 1 + (mode & 7);
		r.max_field = (size_t)1 << ((mode >> 3) & 7);
		r.fail_at = (mode & 0x80) ? FAIL_AT : 0;
		for (int i = 0; i < NPARTS; i++) {
			const char *nul = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;

			if (p >= end) {
				parts[i] = part_defaults[i];
				lens[i] = strlen(part_defaults[i]);
				continue;
			}
			parts[i] = p;
			lens[i] = (size_t)((nul ? nul : end) - p);
			p = nul ? nul + 1 : end;
		}
		if (!zip_parts(fd, parts, lens, !(mode & 0x40)))
			abort();
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	err = xlsx_read(path, r.max_rows, r.max_field, on_row, &r);
	if (err == SOD_OK && r.stopped)
		abort();  /* the callback's error was lost */
	if (r.stopped && err != SOD_EIO)
		abort();
	close(fd);
	return 0;
}
