/*
 * form.h — request bodies: application/x-www-form-urlencoded and
 * multipart/form-data (RFC 7578), parsed without libmicrohttpd.
 *
 * Written by hand rather than with MHD_PostProcessor because the parser
 * must run (and be fuzzed) without a connection, and because file parts
 * stream to a callback in chunks and are never held whole in memory.
 * Both parsers are bounded: field count, name length, value length.
 *
 * Text values are NOT checked for UTF-8 here; http/ checks every text field
 * with text_check() before a handler sees it.
 */
#ifndef SOD_HTTP_FORM_H
#define SOD_HTTP_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"
#include "util/fields.h"  /* struct form, struct form_field, form_get */

#define FORM_MAX_FIELDS    256
#define FORM_MAX_NAME      128

/*
 * Parse body[0..len) as urlencoded ('+' is a space, %XX decoded; a
 * malformed escape is SOD_EINVAL). Values past max_value bytes are
 * SOD_ETOOBIG. Repeated names are all kept, in order.
 */
enum sod_err form_parse_urlencoded(struct arena *a, const char *body, size_t len,
                                   size_t max_value, struct form *out);

/*
 * Streaming multipart parser. Feed it the body in any chunks; it calls
 * on_file for the bytes of parts that carry a filename (several calls per
 * part, then one with last=true) and collects the other parts as fields
 * into the form.
 */
struct multipart_file {
	const char *field;         /* the part's name */
	const char *filename;      /* as sent; untrusted */
	const char *content_type;  /* as sent; untrusted; may be "" */
};

typedef enum sod_err (*multipart_file_fn)(const struct multipart_file *f,
                                          const char *data, size_t len,
                                          bool last, void *ctx);

struct multipart;

/*
 * boundary comes from the Content-Type header: use
 * multipart_boundary() to find it. NULL on out-of-memory.
 */
struct multipart *multipart_new(struct arena *a, const char *boundary,
                                size_t max_value, multipart_file_fn on_file,
                                void *ctx);

/* Feed more bytes; the first error sticks and is returned from then on. */
enum sod_err multipart_feed(struct multipart *m, const char *data, size_t len);

/* End of body: SOD_EINVAL unless the closing boundary was seen. */
enum sod_err multipart_finish(struct multipart *m, struct form *out);

/*
 * The boundary parameter of a multipart/form-data Content-Type value, into
 * the arena (quotes removed), or NULL if absent or malformed (RFC 2046:
 * 1–70 characters).
 */
const char *multipart_boundary(struct arena *a, const char *content_type);

#endif
