/*
 * poster.c — a unit's A4 poster with its report link as a QR code; see
 * poster.h. The page, top to bottom: a call to report, the unit's name,
 * what the reporter can count on, the QR code (about 8 cm) with the link
 * under it, and how to follow the tip up with the receipt.
 */
#include "domain/poster.h"

#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#define PAGE_W 595.28   /* A4 in points */
#define PAGE_H 841.89
#define MARGIN 56.0
#define FACE   "Laksaman"
#define QR_SIDE 230.0   /* points, quiet zone excluded (about 8 cm) */
#define QR_QUIET 4      /* modules of light border, as the standard asks */
/* Any fixed instant: the poster must not change with the day it is made. */
#define POSTER_STAMP "2024-01-01T00:00:00+07:00"

enum sod_err
poster_qr(struct arena *a, const char *text, unsigned char **modules_out, int *width_out)
{
	QRcode *qr;
	unsigned char *m;
	size_t n;

	*modules_out = NULL;
	*width_out = 0;
	if (text == NULL || text[0] == '\0')
		return SOD_EINVAL;
	/* Byte mode, case kept: a URL's path is case-sensitive. */
	if ((qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) == NULL)
		return SOD_EINVAL;
	n = (size_t)qr->width * (size_t)qr->width;
	if ((m = arena_alloc(a, n)) == NULL) {
		QRcode_free(qr);
		return SOD_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		m[i] = qr->data[i] & 1;
	*modules_out = m;
	*width_out = qr->width;
	QRcode_free(qr);
	return SOD_OK;
}

static cairo_status_t
write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	struct buf *b = closure;

	buf_append(b, data, len);
	return buf_failed(b) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* Centred text at y, wrapped to the page's width; returns the next y. */
static double
centred(cairo_t *cr, double y, const char *s, double size, bool bold)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_new();
	int w, h;

	pango_font_description_set_family(fd, FACE);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, (int)((PAGE_W - 2 * MARGIN) * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	pango_layout_set_text(l, s, -1);
	pango_layout_get_size(l, &w, &h);
	cairo_move_to(cr, MARGIN, y);
	pango_cairo_show_layout(cr, l);
	pango_font_description_free(fd);
	g_object_unref(l);
	return y + (double)h / PANGO_SCALE + size * 0.35;
}

/* The QR code centred at y, dark modules as filled squares; returns the next y. */
static double
qr_draw(cairo_t *cr, double y, const unsigned char *m, int width)
{
	double unit = QR_SIDE / width, x0 = (PAGE_W - QR_SIDE) / 2;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x0 - QR_QUIET * unit, y, QR_SIDE + 2 * QR_QUIET * unit,
	                QR_SIDE + 2 * QR_QUIET * unit);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	y += QR_QUIET * unit;
	for (int r = 0; r < width; r++)
		for (int c = 0; c < width; c++)
			if (m[r * width + c])
				cairo_rectangle(cr, x0 + c * unit, y + r * unit, unit, unit);
	cairo_fill(cr);
	return y + QR_SIDE + QR_QUIET * unit + 8;
}

enum sod_err
poster_render(struct arena *a, const struct poster_text *t, const char *name_th,
              const char *name_en, const char *url, struct buf *out)
{
	unsigned char *m;
	int width;
	cairo_surface_t *s;
	cairo_t *cr;
	cairo_status_t st;
	double y = MARGIN;
	enum sod_err err;

	if ((err = poster_qr(a, url, &m, &width)) != SOD_OK)
		return err;
	s = cairo_pdf_surface_create_for_stream(write_buf, out, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, POSTER_STAMP);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, POSTER_STAMP);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Sodsong");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, t->title);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0, 0, 0);
	y = centred(cr, y, t->title, 40, true);
	y = centred(cr, y, t->title_en, 20, false);
	y = centred(cr, y + 6, name_th, 22, true);
	if (name_en != NULL && name_en[0] != '\0')
		y = centred(cr, y, name_en, 14, false);
	y = centred(cr, y + 6, t->promise, 15, false);
	y = centred(cr, y, t->scan, 16, true);
	y = qr_draw(cr, y + 4, m, width);
	y = centred(cr, y, url, 14, false);
	y = centred(cr, y + 8, t->follow, 14, false);
	centred(cr, y, t->follow_en, 11, false);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	return st == CAIRO_STATUS_SUCCESS && !buf_failed(out) ? SOD_OK : SOD_EIO;
}
