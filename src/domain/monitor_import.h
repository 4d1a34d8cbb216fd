/*
 * monitor_import.h — monitoring points from a CSV or XLSX file, checked
 * first and then written all or nothing, like members (import.h). The
 * columns are in import_points.c and docs/monitoring.md.
 */
#ifndef SOD_DOMAIN_MONITOR_IMPORT_H
#define SOD_DOMAIN_MONITOR_IMPORT_H

#include "domain/monitor.h"

struct point_row {
	size_t line;                 /* in the file, 1-based (header is 1) */
	struct point_input in;
	const char *field;           /* the first problem: column … */
	const char *key;             /* … and message key; NULL if good */
	size_t dup_line;             /* same code as this earlier line */
};

struct point_batch {
	struct point_row *rows;
	size_t n, bad;
	const char *missing_column;  /* code or name absent */
};

/* Read and check every row (at most max_rows) of the file at path; writes
 * nothing. A code already in the database, or twice in the file, is a bad
 * row. SOD_EINVAL with missing_column; the file's own errors as csv/xlsx
 * report them (CSV line in *line_out). Everything in a. */
enum sod_err point_import_read(struct sys *sys, struct arena *a, const char *path,
                               size_t max_rows, struct point_batch *out, size_t *line_out);

/* Write a checked batch as points kept by unit_code, in one transaction:
 * SOD_EINVAL if any row is bad, SOD_ENOTFOUND for an unknown unit,
 * SOD_ECONFLICT if a code was taken meanwhile (nothing written). */
enum sod_err point_import_commit(struct sys *sys, struct arena *a, const struct point_batch *b,
                                 const char *unit_code, size_t *created_out);

#endif
