/*
 * poster.h — a unit's notice-board poster: one A4 page in Thai (English
 * beneath), saying how to report corruption to that unit without giving a
 * name, with the unit's report link printed and as a QR code
 * (libqrencode, error correction M). Laid out with cairo + pango in the
 * Laksaman face like the quarterly reports (domain/report.c).
 *
 * Deterministic: the same unit and link give the same bytes (the PDF's
 * dates are fixed, never the clock).
 */
#ifndef SOD_DOMAIN_POSTER_H
#define SOD_DOMAIN_POSTER_H

#include <stdbool.h>

#include "domain/sys.h"
#include "util/buf.h"

/*
 * The QR code of text as a square of width × width modules, row by row,
 * 1 dark and 0 light, in a's memory. SOD_EINVAL for text that does not
 * fit a QR code (or empty), SOD_ENOMEM.
 */
enum sod_err poster_qr(struct arena *a, const char *text, unsigned char **modules_out,
                       int *width_out);

/* The poster's words (the caller takes them from the message catalogs). */
struct poster_text {
	const char *title;      /* "แจ้งเบาะแสการทุจริต" */
	const char *title_en;   /* the same in English, smaller */
	const char *promise;    /* what the reporter can count on */
	const char *scan;       /* scan the code or type the address */
	const char *follow;     /* the receipt and following up */
	const char *follow_en;  /* the same in English, smaller */
};

/*
 * The poster of the unit named name_th / name_en whose report link is url
 * (printed as is and encoded in the QR code), as PDF into out. Every
 * string must be valid UTF-8 (name_en may be NULL). SOD_EINVAL if url
 * cannot be a QR code; SOD_EIO if cairo fails.
 */
enum sod_err poster_render(struct arena *a, const struct poster_text *t, const char *name_th,
                           const char *name_en, const char *url, struct buf *out);

#endif
