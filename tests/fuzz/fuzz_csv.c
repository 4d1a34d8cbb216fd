/*
 * fuzz_csv.c — libFuzzer harness for the streaming CSV reader (csv.h).
 *
 * The input is a small header and then the CSV bytes:
 *   byte 0        limits: bits 0–1 pick max_field (4, 16, 64, 256 bytes),
 *                 bits 2–3 max_fields (1, 3, 8, 32), bit 4 a callback that
 *                 fails at the third row (SOD_EIO);
 *   bytes 1–8     chunk sizes, used in turn (0–31 bytes; 0 is an empty feed).
 * Inputs shorter than the header are used as they are with default limits.
 *
 * The same bytes are parsed three times — whole, one byte at a time, and
 * in the chunks the header gives — and the three must deliver the same
 * rows (line, field count, every byte), end with the same error and name
 * the same error line: a differential check that the state machine, the
 * delimiter sniffing and the byte order mark do not depend on where a
 * chunk ends. Every field must also be valid UTF-8 and within the limits
 * given to csv_new(), line numbers must grow, and once an error is
 * returned it must stick without another row being delivered.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/csv.h"
#include "text/utf8.h"

#define HEADER  9
#define NCHUNK  8
#define FAIL_AT 3

static const size_t field_caps[] = {4, 16, 64, 256};
static const size_t count_caps[] = {1, 3, 8, 32};

/* What one parse delivered, serialised so that runs compare with memcmp. */
struct run {
	size_t max_field, max_fields;
	size_t lines_in;   /* line ends in the input + 1: no row starts later */
	size_t rows;
	size_t last_line;
	size_t fail_at;    /* 0: the callback never fails */
	bool stopped;      /* the callback has failed: no row may follow */
	char *out;
	size_t len, cap;
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
put(struct run *r, const void *p, size_t n)
{
	if (n == 0)
		return;  /* p may be NULL then */
	if (n > r->cap - r->len) {
		size_t ncap = r->cap ? r->cap : 1024;

		while (ncap - r->len < n)
			ncap *= 2;
		if ((r->out = realloc(r->out, ncap)) == NULL)
			abort();
		r->cap = ncap;
	}
	memcpy(r->out + r->len, p, n);
	r->len += n;
}

static enum sod_err
on_row(const struct csv_row *row, void *ctx)
{
	struct run *r = ctx;

	if (r->stopped)
		abort();  /* a row after the parse was stopped */
	if (row->n == 0 || row->n > r->max_fields || row->fields == NULL)
		abort();
	if (row->line <= r->last_line || row->line > r->lines_in)
		abort();
	r->last_line = row->line;
	put(r, &row->line, sizeof(row->line));
	put(r, &row->n, sizeof(row->n));
	for (size_t i = 0; i < row->n; i++) {
		const struct slice *f = &row->fields[i];

		if (f->len > r->max_field || (f->len > 0 && f->p == NULL) ||
		    !utf8_valid(f->p, f->len))
			abort();
		put(r, &f->len, sizeof(f->len));
		put(r, f->p, f->len);
	}
	if (++r->rows == r->fail_at) {
		r->stopped = true;
		return SOD_EIO;
	}
	return SOD_OK;
}

/*
 * One parse of d[0..n). mode: 0 whole, 1 byte by byte, 2 the chunk sizes
 * in sizes[0..nsizes). Returns the final error; *line_out its line.
 */
static enum sod_err
parse(struct run *r, const char *d, size_t n, int mode, const uint8_t *sizes,
      size_t nsizes, size_t *line_out)
{
	struct csv *c = csv_new(r->max_field, r->max_fields);
	enum sod_err err = SOD_OK, e;
	size_t pos = 0, k = 0;

	if (c == NULL)
		abort();
	while (pos < n) {
		size_t len = n - pos;

		if (mode == 1) {
			len = 1;
		} else if (mode == 2) {
			/* Empty feeds too, but at least one byte per round. */
			size_t want = sizes[k % nsizes] % 32;

			if (++k % nsizes == 0 && want == 0)
				want = 1;
			if (want < len)
				len = want;
		}
		e = csv_feed(c, d + pos, len, on_row, r);
		if (err != SOD_OK && e != err)
			abort();  /* the first error sticks */
		err = e;
		pos += len;
	}
	e = csv_finish(c, on_row, r);
	if (err != SOD_OK && e != err)
		abort();
	err = e;
	if ((err == SOD_OK) != (csv_error_line(c) == 0) || csv_error_line(c) > r->lines_in)
		abort();
	*line_out = csv_error_line(c);
	/* Afterwards no row may be delivered: an error sticks, and a second
	 * finish is a caller's mistake. */
	r->stopped = true;
	if (err != SOD_OK &&
	    (csv_feed(c, "a,b\n", 4, on_row, r) != err || csv_finish(c, on_row, r) != err))
		abort();
	if (err == SOD_OK && csv_finish(c, on_row, r) != SOD_EINVAL)
		abort();
	csv_free(&c);
	if (c != NULL)
		abort();
	return err;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t mode = size >= HEADER ? data[0] : 0x0f;
	const uint8_t *sizes = size >= HEADER ? data + 1 : (const uint8_t *)"\x05";
	size_t nsizes = size >= HEADER ? NCHUNK : 1;
	const char *d = (const char *)data + (size >= HEADER ? HEADER : 0);
	size_t n = size >= HEADER ? size - HEADER : size;
	struct run r[3];
	enum sod_err err[3];
	size_t line[3], lines = 1;

	for (size_t i = 0; i < n; i++)
		lines += d[i] == '\n' ? (i == 0 || d[i - 1] != '\r') : d[i] == '\r';
	for (int i = 0; i < 3; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].max_field = field_caps[mode & 3];
		r[i].max_fields = count_caps[(mode >> 2) & 3];
		r[i].lines_in = lines;
		r[i].fail_at = (mode & 0x10) ? FAIL_AT : 0;
		err[i] = parse(&r[i], d, n, i, sizes, nsizes, &line[i]);
	}
	for (int i = 1; i < 3; i++)
		if (err[i] != err[0] || line[i] != line[0] || r[i].rows != r[0].rows ||
		    r[i].len != r[0].len ||
		    (r[0].len > 0 && memcmp(r[i].out, r[0].out, r[0].len) != 0))
			abort();
	/* The callback's error is what the parse returns. */
	if (r[0].fail_at != 0 && r[0].rows == FAIL_AT && err[0] != SOD_EIO)
		abort();
	if (err[0] == SOD_EIO && r[0].rows != FAIL_AT)
		abort();
	for (int i = 0; i < 3; i++)
		free(r[i].out);
	return 0;
}
