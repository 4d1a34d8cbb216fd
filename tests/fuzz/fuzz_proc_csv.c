/*
 * fuzz_proc_csv.c — libFuzzer harness for the mapping of Thai open data
 * (CSV with the CGD columns) to OCDS releases (domain/proc_csv.c), with
 * the Thai short dates and amounts it parses (text/thdate_short.c).
 *
 * The input is CSV; its first row is the header. Every later row is
 * mapped: either a release that proc_derive flattens, whose ocid is
 * "cgd-" + project_id, or an error naming one of the columns. Every field
 * is also given to the date and amount parsers, whose results must be in
 * range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/procurement.h"
#include "text/csv.h"
#include "text/thdate_short.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct state {
	int cols[32];
	size_t ncols;
	bool header;
};

static bool
is_field(const char *f)
{
	for (const char *const *k = proc_csv_fields; *k; k++)
		if (strcmp(*k, f) == 0)
			return true;
	return false;
}

static enum sod_err
on_row(const struct csv_row *row, void *ctx)
{
	struct state *st = ctx;
	struct ocds_error e = {0};
	json_t *rel = NULL;
	enum sod_err err;

	for (size_t i = 0; i < row->n; i++) {
		struct cdate d;
		int64_t v;

		if (thdate_short_parse(row->fields[i].p, row->fields[i].len, &d) && !date_is_valid(d))
			abort();
		if (thamount_parse(row->fields[i].p, row->fields[i].len, &v) &&
		    (v < 0 || v > 100000000000000LL))
			abort();
	}
	if (!st->header) {
		st->header = true;
		for (size_t i = 0; proc_csv_fields[i]; i++) {
			st->cols[i] = -1;
			for (size_t k = 0; k < row->n; k++)
				if (slice_eq_str(slice_trim(row->fields[k]), proc_csv_fields[i]))
					st->cols[i] = (int)k;
		}
		return SOD_OK;
	}
	err = proc_csv_release(st->cols, row->fields, row->n, &rel, &e);
	if (err == SOD_OK) {
		struct arena *a = arena_new(16 << 20);
		struct proc_rec p;
		struct ocds_error de = {0};

		if (rel == NULL || strncmp(json_string_value(json_object_get(rel, "ocid")), "cgd-", 4))
			abort();
		if (proc_derive(rel, a, &p, &de) != SOD_OK && de.field[0] == '\0')
			abort();
		arena_free(&a);
	} else if (err == SOD_EINVAL && !is_field(e.field)) {
		abort();
	}
	json_decref(rel);
	return SOD_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state st = {0};
	struct csv *c = csv_new(1024, 32);

	if (c == NULL)
		abort();
	if (csv_feed(c, (const char *)data, size, on_row, &st) == SOD_OK)
		csv_finish(c, on_row, &st);
	csv_free(&c);
	return 0;
}
