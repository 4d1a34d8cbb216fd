/*
 * image.c — see image.h.
 *
 * Why walkers and not a decode/re-encode: a walker copies the compressed
 * image data byte for byte (no quality loss, no new pixels), needs no more
 * memory than the file itself whatever the pixel count (a 20 MB JPEG can
 * hold 200 megapixels, whose coefficients alone would take gigabytes), and
 * handles every coding mode the decoders do (progressive, arithmetic,
 * 12-bit, animated WebP). The walkers keep a short list of what decoding
 * needs and drop everything else, including whatever follows the end of
 * the image (phones append a second "MPF" JPEG, with its own EXIF, after
 * the first one's EOI). They check every length against the bytes left and
 * PNG's CRCs, and refuse a file whose structure is broken.
 *
 * Kept (and why):
 *   JPEG  SOI, SOFn, DHT, DAC, DQT, DRI, DNL, DHP, EXP, SOS + scan data,
 *         EOI; APP0 "JFIF" without its thumbnail (a thumbnail may show
 *         what was cropped away); APP2 "ICC_PROFILE" (colours); APP14
 *         "Adobe" (tells CMYK/YCCK decoders the colour transform).
 *         Dropped: APP1 (EXIF, XMP), APP13 (IPTC), APP2 "MPF", every other
 *         APPn, COM, reserved markers, trailing bytes.
 *   PNG   IHDR, PLTE, IDAT, IEND, and the rendering chunks tRNS, gAMA,
 *         cHRM, sRGB, iCCP, cICP, mDCV, cLLI, sBIT, bKGD, pHYs, and APNG's
 *         acTL, fcTL, fdAT. Dropped: tEXt, zTXt, iTXt, eXIf, tIME and all
 *         other ancillary chunks; an unknown critical chunk is refused.
 *   WebP  VP8X (EXIF and XMP flags cleared), ICCP, ANIM, ANMF, ALPH, VP8,
 *         VP8L. Dropped: EXIF, "XMP " and unknown chunks.
 * Orientation: EXIF orientation 2–8 is written back as a minimal EXIF block
 * holding that single tag (26 bytes of TIFF), so photos taken sideways
 * still show upright; nothing else of the EXIF survives.
 */
#include "media/image.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libexif/exif-data.h>
#include <zlib.h>

#define EXIF_MAX (1u << 20)   /* an EXIF block larger than this is not read */
#define TIFF_MIN_LEN 26

struct out {
	unsigned char *p;
	size_t len, cap;
};

static const unsigned char exif_hdr[6] = {'E', 'x', 'i', 'f', 0, 0};
static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static void
put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void
put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* Append; false (and nothing written) past the capacity. */
static bool
put(struct out *o, const void *p, size_t n)
{
	if (n > o->cap - o->len)
		return false;
	if (n > 0)
		memcpy(o->p + o->len, p, n);
	o->len += n;
	return true;
}

/* A TIFF (little-endian) with one IFD holding only Orientation = v. */
static void
tiff_orientation(unsigned char t[TIFF_MIN_LEN], int v)
{
	static const unsigned char tmpl[TIFF_MIN_LEN] = {
		'I', 'I', 42, 0, 8, 0, 0, 0,          /* header, IFD0 at 8 */
		1, 0,                                 /* one entry */
		0x12, 0x01, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0,  /* 0x0112 SHORT x1 */
		0, 0, 0, 0,                           /* no next IFD */
	};

	memcpy(t, tmpl, sizeof(tmpl));
	t[18] = (unsigned char)v;
}

enum image_type
image_detect(const void *vp, size_t n)
{
	static const char *const heif_brands[] = {
		"heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "mif2",
		"msf1", "avif", "avis",
	};
	const unsigned char *p = vp;

	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return IMAGE_JPEG;
	if (n >= 8 && memcmp(p, png_sig, 8) == 0)
		return IMAGE_PNG;
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
		return IMAGE_WEBP;
	if (n >= 12 && memcmp(p + 4, "ftyp", 4) == 0)
		for (size_t i = 0; i < sizeof(heif_brands) / sizeof(heif_brands[0]); i++)
			if (memcmp(p + 8, heif_brands[i], 4) == 0)
				return IMAGE_HEIF;
	return IMAGE_NONE;
}

/* ---- finding the EXIF block -------------------------------------------- */

/* The APP1 "Exif" payload of a JPEG (before its first scan). */
static bool
jpeg_exif(const unsigned char *in, size_t n, const unsigned char **p, size_t *len)
{
	size_t pos = 2;

	while (pos + 4 <= n && in[pos] == 0xff) {
		unsigned m = in[pos + 1];
		size_t l = (size_t)in[pos + 2] << 8 | in[pos + 3];

		if (m == 0xda || m == 0xd9 || l < 2 || l > n - pos - 2)
			return false;
		if (m == 0xe1 && l - 2 > 6 && memcmp(in + pos + 4, exif_hdr, 6) == 0) {
			*p = in + pos + 4;
			*len = l - 2;
			return true;
		}
		pos += 2 + l;
	}
	return false;
}

/* The eXIf chunk of a PNG (CRCs are not needed to read, only to strip). */
static bool
png_exif(const unsigned char *in, size_t n, const unsigned char **p, size_t *len)
{
	size_t pos = 8;

	while (pos + 12 <= n) {
		uint32_t l = be32(in + pos);

		if (l > n - pos - 12)
			return false;
		if (memcmp(in + pos + 4, "eXIf", 4) == 0) {
			*p = in + pos + 8;
			*len = l;
			return true;
		}
		if (memcmp(in + pos + 4, "IEND", 4) == 0)
			return false;
		pos += 12 + (size_t)l;
	}
	return false;
}

/* The EXIF chunk of a WebP. */
static bool
webp_exif(const unsigned char *in, size_t n, const unsigned char **p, size_t *len)
{
	size_t pos = 12;

	while (pos + 8 <= n) {
		uint32_t l = le32(in + pos + 4);

		if (l > n - pos - 8)
			return false;
		if (memcmp(in + pos, "EXIF", 4) == 0) {
			*p = in + pos + 8;
			*len = l;
			return true;
		}
		pos += 8 + (size_t)l + (l & 1);
	}
	return false;
}

/* libexif over a block with or without the "Exif\0\0" prefix; NULL if none. */
static ExifData *
exif_of(const unsigned char *in, size_t n)
{
	const unsigned char *p = NULL;
	size_t len = 0;
	unsigned char *b;
	ExifData *ed;
	bool found = false;

	switch (image_detect(in, n)) {
	case IMAGE_JPEG: found = jpeg_exif(in, n, &p, &len); break;
	case IMAGE_PNG: found = png_exif(in, n, &p, &len); break;
	case IMAGE_WEBP: found = webp_exif(in, n, &p, &len); break;
	default: break;
	}
	if (!found)
		return NULL;
	if (len >= 6 && memcmp(p, exif_hdr, 6) == 0) {
		p += 6;
		len -= 6;
	}
	if (len < 8 || len > EXIF_MAX || (b = malloc(len + 6)) == NULL)
		return NULL;
	memcpy(b, exif_hdr, 6);
	memcpy(b + 6, p, len);
	if ((ed = exif_data_new()) != NULL)
		exif_data_load_data(ed, b, (unsigned)(len + 6));
	free(b);
	return ed;
}

/* EXIF orientation 1–8, 1 when absent or strange. */
static int
orientation_of(const unsigned char *in, size_t n)
{
	ExifData *ed = exif_of(in, n);
	ExifEntry *e;
	int v = 1;

	if (ed == NULL)
		return 1;
	e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
	if (e != NULL && e->format == EXIF_FORMAT_SHORT && e->components >= 1 &&
	    e->size >= 2 && e->data != NULL)
		v = exif_get_short(e->data, exif_data_get_byte_order(ed));
	exif_data_unref(ed);
	return v >= 1 && v <= 8 ? v : 1;
}

/* ---- JPEG -------------------------------------------------------------- */

static bool
jpeg_put_orientation(struct out *o, int orient)
{
	unsigned char seg[4 + 6 + TIFF_MIN_LEN] = {0xff, 0xe1, 0, 2 + 6 + TIFF_MIN_LEN};

	if (orient <= 1)
		return true;
	memcpy(seg + 4, exif_hdr, 6);
	tiff_orientation(seg + 10, orient);
	return put(o, seg, sizeof(seg));
}

/* Keep this marker's segment? *jfif: rewrite it as a bare JFIF APP0. */
static bool
jpeg_keep(unsigned m, const unsigned char *pl, size_t plen, bool *jfif)
{
	*jfif = false;
	if (m == 0xe0 && plen >= 14 && memcmp(pl, "JFIF", 5) == 0)
		return *jfif = true;
	if (m == 0xe2)
		return plen >= 12 && memcmp(pl, "ICC_PROFILE", 12) == 0;
	if (m == 0xee)
		return plen >= 5 && memcmp(pl, "Adobe", 5) == 0;
	/* SOFn, DHT, DAC (0xc0–0xcf); SOS, DQT, DNL, DRI, DHP, EXP (0xda–0xdf). */
	return (m >= 0xc0 && m <= 0xcf) || (m >= 0xda && m <= 0xdf);
}

/* Scan data runs to the next marker that is neither a stuffed 0xff00 nor
 * a restart marker; returns its position (or n). */
static size_t
jpeg_scan_end(const unsigned char *in, size_t n, size_t pos)
{
	while (pos < n) {
		if (in[pos] == 0xff && pos + 1 < n) {
			unsigned b = in[pos + 1];

			if (b == 0x00 || (b >= 0xd0 && b <= 0xd7)) {
				pos += 2;
				continue;
			}
			if (b != 0xff)
				return pos;
		}
		pos++;
	}
	return n;
}

static enum sod_err
jpeg_strip(const unsigned char *in, size_t n, struct out *o)
{
	int orient = orientation_of(in, n);
	bool sof = false, sos = false, exif_done = false, jfif;
	size_t pos = 2;

	if (!put(o, "\xff\xd8", 2))
		return SOD_EINVAL;
	for (;;) {
		unsigned m;
		size_t len;

		if (pos >= n || in[pos] != 0xff)
			return SOD_EINVAL;
		while (pos < n && in[pos] == 0xff)
			pos++;   /* fill bytes */
		if (pos >= n)
			return SOD_EINVAL;
		m = in[pos++];
		if (m == 0xd9) {
			if (!sos || (!exif_done && !jpeg_put_orientation(o, orient)))
				return SOD_EINVAL;
			return put(o, "\xff\xd9", 2) ? SOD_OK : SOD_EINVAL;  /* trailer dropped */
		}
		if (m == 0xd8 || m == 0x00 || m == 0x01 || (m >= 0xd0 && m <= 0xd7) ||
		    pos + 2 > n)
			return SOD_EINVAL;
		len = (size_t)in[pos] << 8 | in[pos + 1];
		if (len < 2 || len > n - pos)
			return SOD_EINVAL;
		if (jpeg_keep(m, in + pos + 2, len - 2, &jfif)) {
			unsigned char app0[18] = {0xff, 0xe0, 0, 16};

			if (jfif) {
				memcpy(app0 + 4, in + pos + 2, 14);
				app0[16] = app0[17] = 0;   /* no thumbnail */
				if (!put(o, app0, sizeof(app0)))
					return SOD_EINVAL;
			} else {
				/* The orientation block follows JFIF's APP0, which must
				 * come first, and precedes everything else. */
				if (!exif_done && !jpeg_put_orientation(o, orient))
					return SOD_EINVAL;
				exif_done = true;
				if (!put(o, (unsigned char[]){0xff, (unsigned char)m}, 2) ||
				    !put(o, in + pos, len))
					return SOD_EINVAL;
			}
		}
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc)
			sof = true;
		pos += len;
		if (m == 0xda) {
			size_t end;

			if (!sof || !exif_done)
				return SOD_EINVAL;
			sos = true;
			end = jpeg_scan_end(in, n, pos);
			if (!put(o, in + pos, end - pos))
				return SOD_EINVAL;
			pos = end;
		}
	}
}

/* ---- PNG --------------------------------------------------------------- */

static bool
png_keep(const unsigned char t[4])
{
	static const char keep[][5] = {
		"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP",
		"cICP", "mDCV", "cLLI", "sBIT", "bKGD", "pHYs", "acTL", "fcTL", "fdAT",
	};

	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		if (memcmp(t, keep[i], 4) == 0)
			return true;
	return false;
}

static bool
png_put_orientation(struct out *o, int orient)
{
	unsigned char c[12 + TIFF_MIN_LEN];

	if (orient <= 1)
		return true;
	put_be32(c, TIFF_MIN_LEN);
	memcpy(c + 4, "eXIf", 4);
	tiff_orientation(c + 8, orient);
	put_be32(c + 8 + TIFF_MIN_LEN, (uint32_t)crc32(0, c + 4, 4 + TIFF_MIN_LEN));
	return put(o, c, sizeof(c));
}

static enum sod_err
png_strip(const unsigned char *in, size_t n, struct out *o)
{
	int orient = orientation_of(in, n);
	size_t pos = 8;
	bool first = true;

	if (!put(o, png_sig, 8))
		return SOD_EINVAL;
	for (;;) {
		const unsigned char *t;
		uint32_t len;

		if (n - pos < 12)
			return SOD_EINVAL;   /* no IEND */
		len = be32(in + pos);
		t = in + pos + 4;
		if (len > 0x7fffffffu || len > n - pos - 12)
			return SOD_EINVAL;
		for (int i = 0; i < 4; i++)
			if (!((t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= 'a' && t[i] <= 'z')))
				return SOD_EINVAL;
		if (crc32(0, t, 4 + len) != be32(t + 4 + len))
			return SOD_EINVAL;
		if (first != (memcmp(t, "IHDR", 4) == 0))
			return SOD_EINVAL;
		if (png_keep(t)) {
			if (!put(o, in + pos, 12 + (size_t)len))
				return SOD_EINVAL;
		} else if (t[0] >= 'A' && t[0] <= 'Z') {
			return SOD_EINVAL;   /* a critical chunk we do not know */
		}
		if (first && !png_put_orientation(o, orient))
			return SOD_EINVAL;
		first = false;
		if (memcmp(t, "IEND", 4) == 0)
			return SOD_OK;   /* anything after it is dropped */
		pos += 12 + (size_t)len;
	}
}

/* ---- WebP -------------------------------------------------------------- */

static bool
webp_keep(const unsigned char t[4])
{
	static const char keep[][5] = {"VP8X", "ICCP", "ANIM", "ANMF", "ALPH", "VP8 ", "VP8L"};

	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		if (memcmp(t, keep[i], 4) == 0)
			return true;
	return false;
}

static enum sod_err
webp_strip(const unsigned char *in, size_t n, struct out *o)
{
	int orient = orientation_of(in, n);
	uint32_t riff = le32(in + 4);
	size_t pos = 12, end, flags_at = 0;
	bool image = false;

	if (riff < 4 || riff > n - 8 || !put(o, in, 12))
		return SOD_EINVAL;
	end = 8 + (size_t)riff;   /* bytes past the RIFF are dropped */
	while (pos < end) {
		const unsigned char *t = in + pos;
		uint32_t len;
		size_t whole;

		if (end - pos < 8)
			return SOD_EINVAL;
		len = le32(t + 4);
		if (len > end - pos - 8 || (len & 1 && len + 1 > end - pos - 8))
			return SOD_EINVAL;
		whole = 8 + (size_t)len + (len & 1);
		if (memcmp(t, "VP8X", 4) == 0) {
			if (pos != 12 || len < 10)
				return SOD_EINVAL;
			flags_at = o->len + 8;
		}
		if (memcmp(t, "VP8 ", 4) == 0 || memcmp(t, "VP8L", 4) == 0 ||
		    memcmp(t, "ANMF", 4) == 0)
			image = true;
		if (webp_keep(t) && !put(o, t, whole))
			return SOD_EINVAL;
		pos += whole;
	}
	if (!image)
		return SOD_EINVAL;
	if (flags_at != 0) {
		o->p[flags_at] &= (unsigned char)~0x0c;   /* EXIF (0x08), XMP (0x04) */
		if (orient > 1) {
			unsigned char c[8 + TIFF_MIN_LEN] = {'E', 'X', 'I', 'F'};

			put_le32(c + 4, TIFF_MIN_LEN);
			tiff_orientation(c + 8, orient);
			if (!put(o, c, sizeof(c)))
				return SOD_EINVAL;
			o->p[flags_at] |= 0x08;
		}
	}
	put_le32(o->p + 4, (uint32_t)(o->len - 8));
	return SOD_OK;
}

/* ---- public ------------------------------------------------------------ */

enum sod_err
image_strip(const unsigned char *in, size_t n, unsigned char **out_p, size_t *out_len)
{
	enum image_type type = image_detect(in, n);
	struct out o = {0};
	enum sod_err err;

	*out_p = NULL;
	*out_len = 0;
	if (type != IMAGE_JPEG && type != IMAGE_PNG && type != IMAGE_WEBP)
		return SOD_EINVAL;
	o.cap = n + 64;
	if ((o.p = malloc(o.cap)) == NULL)
		return SOD_ENOMEM;
	err = type == IMAGE_JPEG ? jpeg_strip(in, n, &o)
	    : type == IMAGE_PNG  ? png_strip(in, n, &o)
	                         : webp_strip(in, n, &o);
	if (err != SOD_OK) {
		memset(o.p, 0, o.len);
		free(o.p);
		return err;
	}
	*out_p = o.p;
	*out_len = o.len;
	return SOD_OK;
}

/* Degrees from three EXIF rationals and a reference letter (neg: S or W). */
static bool
gps_coord(ExifData *ed, ExifTag tag, ExifTag ref_tag, char pos_ref, char neg_ref,
          double max, double *out)
{
	ExifContent *c = ed->ifd[EXIF_IFD_GPS];
	ExifEntry *e = exif_content_get_entry(c, tag), *r = exif_content_get_entry(c, ref_tag);
	ExifByteOrder bo = exif_data_get_byte_order(ed);
	double v = 0, div = 1;

	if (e == NULL || e->format != EXIF_FORMAT_RATIONAL || e->components < 3 ||
	    e->size < 24 || e->data == NULL)
		return false;
	if (r == NULL || r->data == NULL || r->size < 1 ||
	    (r->data[0] != pos_ref && r->data[0] != neg_ref))
		return false;
	for (int i = 0; i < 3; i++, div *= 60) {
		ExifRational q = exif_get_rational(e->data + 8 * i, bo);

		if (q.denominator == 0)
			return false;
		v += (double)q.numerator / (double)q.denominator / div;
	}
	if (v > max)
		return false;
	*out = r->data[0] == neg_ref ? -v : v;
	return true;
}

bool
image_gps(const unsigned char *in, size_t n, double *lat_out, double *lon_out)
{
	ExifData *ed = exif_of(in, n);
	double lat, lon;
	bool ok;

	if (ed == NULL)
		return false;
	ok = gps_coord(ed, EXIF_TAG_GPS_LATITUDE, EXIF_TAG_GPS_LATITUDE_REF, 'N', 'S', 90, &lat) &&
	     gps_coord(ed, EXIF_TAG_GPS_LONGITUDE, EXIF_TAG_GPS_LONGITUDE_REF, 'E', 'W', 180, &lon);
	exif_data_unref(ed);
	if (ok) {
		*lat_out = lat;
		*lon_out = lon;
	}
	return ok;
}
