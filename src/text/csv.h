/*
 * csv.h — RFC 4180 CSV, streaming, bounded.
 *
 * Reads the member lists people export from Excel, LibreOffice or Google
 * Sheets for bulk import. Bytes are fed in chunks of any size (an upload as
 * it arrives) and each row is handed to a callback as soon as it is
 * complete, so a file is never held whole: memory is bounded by
 * max_field × max_fields whatever the size of the input.
 *
 * Beyond RFC 4180, as real exports need: a UTF-8 byte order mark at the
 * start is skipped; the delimiter is ',' unless the first non-blank line
 * has more ';' or more TABs outside quotes than ',' (Excel writes ';' in
 * locales whose decimal mark is a comma); CRLF, LF and lone CR all end a
 * line; blank lines are skipped; a '"' in the middle of an unquoted field
 * is kept literally, as Excel does; text after the closing quote of a
 * quoted field is appended to it. Every field must be valid UTF-8; no
 * other check (NUL, controls, lengths in characters) is made here — that
 * is text_check()'s job in the caller.
 */
#ifndef SOD_TEXT_CSV_H
#define SOD_TEXT_CSV_H

#include <stddef.h>

#include "util/err.h"
#include "util/str.h"

struct csv_row {
	size_t line;            /* 1-based line number where the row starts */
	size_t n;               /* fields */
	struct slice *fields;   /* valid only during the callback */
};

/*
 * Called once per row. Returning anything but SOD_OK stops the parse: that
 * error sticks and is returned by csv_feed()/csv_finish() (and xlsx_read()).
 */
typedef enum sod_err (*csv_row_fn)(const struct csv_row *row, void *ctx);

struct csv;

/*
 * A parser for one input. max_field: bytes of one field (after unquoting);
 * max_fields: fields per row; both must be at least 1. NULL on ENOMEM (or
 * if max_field × max_fields overflows). Free it with csv_free().
 */
struct csv *csv_new(size_t max_field, size_t max_fields);

/* Release the parser and wipe its buffers; sets *c to NULL. Accepts NULL. */
void csv_free(struct csv **c);

/*
 * Feed bytes in any chunks; rows are delivered through fn as they complete.
 * Returns SOD_OK, or the first error, which then sticks: SOD_ETOOBIG for a
 * field over max_field bytes or a row over max_fields fields, SOD_EUTF8 for
 * a field that is not UTF-8, SOD_ENOMEM, or what fn returned.
 */
enum sod_err csv_feed(struct csv *c, const char *data, size_t len,
                      csv_row_fn fn, void *ctx);

/*
 * End of input: delivers a last row without newline; SOD_EINVAL on an
 * unclosed quote; otherwise as csv_feed(). Call it once, after the last
 * csv_feed().
 */
enum sod_err csv_finish(struct csv *c, csv_row_fn fn, void *ctx);

/*
 * The line of the last error (for messages "line 12: …"): the line where
 * the offending row starts (for an unclosed quote, the line of the opening
 * quote's row). 0 while there is no error.
 */
size_t csv_error_line(const struct csv *c);

#endif
