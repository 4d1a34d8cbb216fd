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
#include <stdint.h>

#include "crypto/envelope.h"
#include "crypto/stream.h"
#include "domain/sys.h"
#include "util/buf.h"

#define EVIDENCE_MAX_FILES 10

struct evidence;   /* one file on its way in */

/* Load libmagic's database now (serve does, before the sandbox closes
 * the file system); otherwise the first upload loads it. */
void evidence_prepare(void);

/* The MIME type libmagic gives the first n bytes at p ("application/pdf"),
 * into out (size bytes); "application/octet-stream" when it cannot tell.
 * Thread-safe (one handle under a lock). */
void evidence_sniff(const void *p, size_t n, char *out, size_t size);

/* Bound per file (bytes); set once at start (default 20 MiB). */
void evidence_set_limit(size_t max_bytes);

/*
 * At the start of serving: make DIR/files if missing (so that no tip's
 * arrival changes the data folder), measure what it holds, and bound all
 * evidence together to quota bytes (0: no bound). Past the bound,
 * evidence_write() answers SOD_ENOSPC [evidence-quota]. SOD_EIO if the
 * folder cannot be made or read.
 */
enum sod_err evidence_setup(struct sys *sys, uint64_t quota);

/*
 * Start a file: name as sent (kept only encrypted; checked, trimmed to 255
 * bytes). The returned object is in the arena; evidence_discard() must be
 * called unless evidence_finish() succeeded and a tip took it.
 */
enum sod_err evidence_begin(struct sys *sys, struct arena *a, const char *name,
                            struct evidence **out);
/* More bytes; SOD_ETOOBIG past the file's bound, SOD_ENOSPC past the quota. */
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
 * Open a stored file for reading back, decrypted piece by piece with the
 * key from its metadata (crypto/stream.h): never whole in memory.
 * SOD_ENOTFOUND for a name that is not one of ours or no such file;
 * SOD_ECRYPTO if its header is not of this key.
 */
enum sod_err evidence_open(struct sys *sys, const char *stored,
                           const unsigned char key[ENV_KEY_LEN], struct stream_reader **out);

#endif
