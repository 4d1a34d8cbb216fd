/*
 * ocds.h — reading and merging OCDS 1.1 (Open Contracting Data Standard).
 *
 * The reader is streamed (yajl): it takes a release package, a record
 * package, a single release, or JSON Lines of releases (any number of
 * JSON objects one after another), in chunks, and hands over one release
 * (or one record) at a time as a jansson object, so that memory stays
 * bounded by the largest release, not the file. Errors name the line.
 *
 * The merge follows the OCDS compiled-release rules, simplified: the
 * newer release's value of each field wins; objects merge field by field;
 * arrays of objects that all carry an "id" merge by id; other arrays are
 * replaced; null removes a field.
 */
#ifndef SOD_DOMAIN_OCDS_H
#define SOD_DOMAIN_OCDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* What went wrong and where: line (1-based, 0 unknown), field (a JSON
 * path such as "awards[0].value.amount", or ""), message (plain English). */
struct ocds_error {
	size_t line;
	char field[160];
	char message[200];
};

enum ocds_kind { OCDS_RELEASE, OCDS_RECORD };

/*
 * Called with each release or record (a new reference: the callee owns
 * obj and must json_decref it). Return SOD_OK to go on; anything else
 * stops the reader with that error (fill e; its line is filled in).
 */
typedef enum sod_err (*ocds_item_fn)(void *ctx, enum ocds_kind kind, json_t *obj,
                                     struct ocds_error *e);

struct ocds_reader;

/* A reader calling fn; NULL when out of memory. */
struct ocds_reader *ocds_reader_new(ocds_item_fn fn, void *ctx);
void ocds_reader_free(struct ocds_reader **r);

/* Feed the next n bytes; SOD_EINVAL (e filled) for malformed JSON or a
 * shape that is not OCDS, or the callback's error. */
enum sod_err ocds_reader_feed(struct ocds_reader *r, const char *buf, size_t n,
                              struct ocds_error *e);
/* The input has ended: SOD_EINVAL if it ended inside a value. */
enum sod_err ocds_reader_finish(struct ocds_reader *r, struct ocds_error *e);

/* Merge release into compiled (both objects), in place, OCDS rules above. */
void ocds_merge(json_t *compiled, json_t *release);

/*
 * Parse an OCDS date-time ("2025-01-31", "2025-01-31T10:00:00Z",
 * "…+07:00", fractions of a second ignored; no zone means Bangkok time)
 * into Unix seconds; false if malformed.
 */
bool ocds_parse_time(const char *s, int64_t *out);

#endif
