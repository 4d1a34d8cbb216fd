/*
 * evidence.h — files that come with a tip, kept encrypted on disk.
 *
 * A file streams in (never whole in memory): each gets a random key, its
 * bytes are encrypted as they arrive (crypto/stream.h format: 64 KiB
 * chunks, libsodium secretstream) into DIR/files/<random name>, and its
 * content type is taken from its first bytes (libmagic), not from what the
 * client said. The original name, the type, the size and the file's key
 * are kept only inside the tip's encrypted metadata (tip_files.meta).
 *
 * Photos (JPEG, PNG, WebP) are held whole until their last byte, stripped
 * of EXIF/XMP/IPTC and the like (media/image.h), and only the stripped
 * copy is encrypted and stored; HEIF/HEIC and broken images are refused
 * (evidence_refused() says why). Other files (PDF, office documents) are
 * stored as they are: the forms warn that they may carry the author's name.
 */
#ifndef SOD_DOMAIN_EVIDENCE_H
#define SOD_DOMAIN_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>

#include "crypto/envelope.h"
#include "domain/sys.h"
#include "util/buf.h"

#define EVIDENCE_MAX_FILES 10

struct evidence;   /* one file on its way in */

/* Load libmagic's database now (serve does, before the sandbox closes
 * the file system); otherwise the first upload loads it. */
void evidence_prepare(void);

/* Bound per file (bytes); set once at start (default 20 MiB). */
void evidence_set_limit(size_t max_bytes);

/*
 * Start a file: name as sent (kept only encrypted; checked, trimmed to 255
 * bytes). The returned object is in the arena; evidence_discard() must be
 * called unless evidence_finish() succeeded and a tip took it.
 */
enum sod_err evidence_begin(struct sys *sys, struct arena *a, const char *name,
                            struct evidence **out);
/* More bytes; SOD_ETOOBIG past the bound. */
enum sod_err evidence_write(struct evidence *e, const char *data, size_t len);
/* The last bytes are in: seal, fsync, and name the file. */
enum sod_err evidence_finish(struct evidence *e);
/* Remove the file (on any failure before the tip is committed). */
void evidence_discard(struct evidence *e);

/*
 * After evidence_write() or evidence_finish() failed with SOD_EINVAL: the
 * catalog key saying why the image was refused ("error.image_heif",
 * "error.image_malformed") and, in *name_out, the file's name as checked
 * by evidence_begin(); NULL when the file was not refused as an image.
 */
const char *evidence_refused(const struct evidence *e, const char **name_out);

/*
 * After evidence_finish(): the GPS position the photo's EXIF carried
 * (decimal degrees; media/image.h image_gps()), read before the metadata
 * was removed — for a monitoring visit to keep as data. False for
 * anything else. A tip never stores it.
 */
bool evidence_gps(const struct evidence *e, double *lat_out, double *lon_out);

/* True when the file was stored as it came (not a photo we cleaned): a PDF
 * or office document that may carry its author's name. */
bool evidence_as_sent(const struct evidence *e);

/* What the tip keeps: JSON {name,type,size,key} to be encrypted, and the
 * stored name and size. */
const char *evidence_stored_name(const struct evidence *e);
size_t evidence_size(const struct evidence *e);
char *evidence_meta_json(struct arena *a, const struct evidence *e);

/*
 * Read a stored file back: decrypt DIR/files/<stored> with the key from
 * its metadata into out (a buffer that may hold max bytes).
 */
enum sod_err evidence_read(struct sys *sys, const char *stored,
                           const unsigned char key[ENV_KEY_LEN], struct buf *out);

#endif
