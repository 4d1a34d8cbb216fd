/*
 * guides.h — the guides library (docs/prevention.md): per unit, documents
 * for members (manuals, knowledge kits, laws and regulations, forms) in
 * versions, each either for the unit's subtree or public, and the reading
 * list of a training.
 *
 * A file's type is what libmagic reads in its bytes, never its name or
 * what the client said: PDF, DOCX, XLSX, JPEG, PNG and WebP are taken;
 * anything else (an executable renamed .pdf) is refused and nothing is
 * stored. Photos lose their metadata first (media/image.h), as evidence
 * does. Bytes are kept in the database in 64 KiB chunks and read back one
 * chunk at a time, so a download is never whole in memory.
 *
 * Who sees a document: anyone when it is public; otherwise a signed-in
 * account with a role on its unit, above it or below it. To everyone else
 * it does not exist (SOD_ENOTFOUND, never SOD_EPERM: the answer does not
 * say that there is something to hide). Coordinators and supervisors of
 * the unit's line add documents and versions.
 */
#ifndef SOD_DOMAIN_GUIDES_H
#define SOD_DOMAIN_GUIDES_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/auth.h"
#include "domain/sys.h"
#include "store/store.h"

#define GUIDE_MAX_BYTES (20u << 20)
#define GUIDE_CHUNK     65536
#define GUIDE_NAME_MAX  255

extern const char *const guide_kinds[];   /* NULL-terminated */

struct guide_input {
	const char *kind;          /* one of guide_kinds */
	const char *title;         /* 1–200 characters */
	const char *description;   /* 0–2,000 */
	bool is_public;
};

/*
 * Add a document (guide 0: a new one described by in) or the next version
 * of document guide of this unit (in ignored; SOD_ENOTFOUND if it is not
 * the unit's), from the size bytes of fd (read from offset 0), sent under
 * the name filename (its last path component is kept, checked, at most
 * 255 characters). SOD_EPERM without the right; SOD_EINVAL with *ve
 * ("file": empty, or a type not taken — key "guide.type_refused" — or an
 * image that cannot be cleaned; or the field at fault); SOD_ETOOBIG over
 * GUIDE_MAX_BYTES. Nothing is stored on any error. *id_out, *version_out.
 */
enum sod_err guide_add(struct sys *sys, struct arena *a, const struct session *ses,
                       int64_t unit, int64_t guide, const struct guide_input *in,
                       const char *filename, int fd, size_t size, struct verr *ve,
                       int64_t *id_out, int64_t *version_out);

/* The document id if ses (NULL: nobody signed in) may read it; else
 * SOD_ENOTFOUND, as for a document that does not exist. */
enum sod_err guide_get(struct sys *sys, struct arena *a, const struct session *ses,
                       int64_t id, struct guide_rec *out);

/* True if ses may add documents to the unit. */
enum sod_err guide_can_manage(struct sys *sys, const struct session *ses, int64_t unit,
                              bool *out);

/* A version's bytes, read back a chunk at a time. */
struct guide_stream;
/* Open version (0: the newest) of a document got with guide_get:
 * *vout describes it (strings in a). SOD_ENOTFOUND for no such version. */
enum sod_err guide_stream_open(struct sys *sys, struct arena *a, const struct guide_rec *g,
                               int64_t version, struct guide_version_rec *vout,
                               struct guide_stream **out);
/* Up to max bytes into buf; *n_out 0 at the end. */
enum sod_err guide_stream_read(struct guide_stream *s, char *buf, size_t max, size_t *n_out);
void guide_stream_free(struct guide_stream **s);

/* store_guide_list: the unit's documents and those above it, or (public_only)
 * its own public ones. The caller checks that the reader may see the unit. */
enum sod_err guide_list(struct sys *sys, struct arena *a, int64_t unit, bool public_only,
                        struct guide_rec **items_out, size_t *n_out);
/* The versions of a document got with guide_get, newest first. */
enum sod_err guide_versions(struct sys *sys, struct arena *a, int64_t guide,
                            struct guide_version_rec **items_out, size_t *n_out);
/* The reading list of a training. */
enum sod_err guide_readings(struct sys *sys, struct arena *a, int64_t training,
                            struct guide_rec **items_out, size_t *n_out);

/* Put a document on a training's reading list: ses must manage the
 * training's unit (SOD_EPERM) and the document be of that unit or one
 * above it (else SOD_ENOTFOUND). */
enum sod_err guide_reading_add(struct sys *sys, struct arena *a, const struct session *ses,
                               int64_t training, int64_t guide);

#endif
