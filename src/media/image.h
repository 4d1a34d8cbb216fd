/*
 * image.h — remove metadata from uploaded photos, read their GPS location.
 *
 * A leaf module (no HTTP, no SQL): bytes in, bytes out. The type comes
 * from the file's signature, never from its name or the client's word.
 * JPEG, PNG and WebP are rewritten by walking their segments/chunks and
 * copying only what decoding needs (see image.c for the lists and why a
 * walker rather than a re-encode); HEIF/HEIC/AVIF are refused (we cannot
 * strip them safely); anything else is not an image of ours (IMAGE_NONE)
 * and the caller stores it as it is. docs/security.md ("Metadata") says
 * what is kept.
 */
#ifndef SOD_MEDIA_IMAGE_H
#define SOD_MEDIA_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

enum image_type {
	IMAGE_NONE = 0,   /* not one of the types below: stored as it is */
	IMAGE_JPEG,
	IMAGE_PNG,
	IMAGE_WEBP,
	IMAGE_HEIF,       /* HEIC/HEIF/AVIF: refused by image_strip() */
};

/* The type by signature from the first bytes (12 are enough). */
enum image_type image_detect(const void *p, size_t n);

/*
 * A copy of in[0..n) without metadata, in *out_p (malloc'd, *out_len
 * bytes; the caller wipes and frees it). The copy is never longer than
 * n + 64. Kept: what rendering needs, and the EXIF orientation as a
 * minimal EXIF block holding that one tag (so a phone photo stays upright).
 * Errors: SOD_EINVAL for a malformed file or one of IMAGE_HEIF/IMAGE_NONE
 * (nothing allocated then), SOD_ENOMEM.
 */
enum sod_err image_strip(const unsigned char *in, size_t n, unsigned char **out_p,
                         size_t *out_len);

/*
 * The GPS position in the file's EXIF (JPEG APP1, PNG eXIf, WebP EXIF), in
 * decimal degrees (south and west negative). False when there is none, it
 * is malformed, or out of range. Read before image_strip(), which drops it.
 */
bool image_gps(const unsigned char *in, size_t n, double *lat_out, double *lon_out);

#endif
