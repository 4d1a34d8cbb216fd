/*
 * test_image.c — metadata removal and GPS reading (media/image.h).
 *
 * Every fixture is made here: a small picture encoded with the reference
 * codecs (libjpeg, libpng, libwebp + libwebpmux) carrying an EXIF block
 * written byte by byte below (orientation 6, an Artist, a GPS position in
 * Khon Kaen), XMP, IPTC, a comment, PNG text and time chunks, and bytes
 * after the end of the image. After image_strip() no byte of the author's
 * name or the position may remain, the GPS reader finds nothing, the
 * orientation survives, and the reference decoder gives the very same
 * pixels as from the original.
 */
#include "harness.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include <jpeglib.h>
#include <libexif/exif-data.h>
#include <png.h>
#include <webp/decode.h>
#include <webp/encode.h>
#include <webp/mux.h>

#include "domain/evidence.h"
#include "media/image.h"
#include "util/arena.h"
#include "util/buf.h"

#define W 16
#define H 8
#define AUTHOR "Somchai Author"

static unsigned char pixels[W * H * 3];

static void
make_pixels(void)
{
	for (int i = 0; i < W * H * 3; i++)
		pixels[i] = (unsigned char)(i * 37 + (i / 3) * 11);
}

static void
le16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void
le32w(unsigned char *p, unsigned v)
{
	le16(p, v & 0xffff);
	le16(p + 2, v >> 16);
}

static void
entry(unsigned char *p, unsigned tag, unsigned type, unsigned count, unsigned value)
{
	le16(p, tag);
	le16(p + 2, type);
	le32w(p + 4, count);
	le32w(p + 8, value);
}

/* A little-endian TIFF: IFD0 {Orientation 6, Artist, GPS pointer}, GPS IFD
 * {N 16°25'48", E 102°50'6"}: 16.43, 102.835. 168 bytes. */
static void
make_tiff(unsigned char t[168])
{
	static const unsigned rat[12] = {16, 1, 25, 1, 48, 1, 102, 1, 50, 1, 6, 1};

	memset(t, 0, 168);
	memcpy(t, "II*\0\x08\0\0\0", 8);
	le16(t + 8, 3);
	entry(t + 10, 0x0112, 3, 1, 6);
	entry(t + 22, 0x013b, 2, sizeof(AUTHOR), 50);
	entry(t + 34, 0x8825, 4, 1, 66);
	memcpy(t + 50, AUTHOR, sizeof(AUTHOR));
	le16(t + 66, 4);
	entry(t + 68, 0x0001, 2, 2, 'N');
	entry(t + 80, 0x0002, 5, 3, 120);
	entry(t + 92, 0x0003, 2, 2, 'E');
	entry(t + 104, 0x0004, 5, 3, 144);
	for (int i = 0; i < 12; i++)
		le32w(t + 120 + 4 * i, rat[i]);
}

static bool
has(const unsigned char *p, size_t n, const char *s)
{
	return memmem(p, n, s, strlen(s)) != NULL;
}

/* No trace of the author, the XMP, the comment or the position. */
static void
check_clean(const unsigned char *p, size_t n)
{
	double lat, lon;

	CHECK(!has(p, n, AUTHOR));
	CHECK(!has(p, n, "Somchai"));
	CHECK(!has(p, n, "xmpmeta"));
	CHECK(!has(p, n, "8BIM"));
	CHECK(!has(p, n, "trailer"));
	CHECK(!image_gps(p, n, &lat, &lon));
}

/* Orientation as libexif reads it from a stripped file's EXIF block. */
static int
orientation_in(const unsigned char *tiff, size_t n)
{
	unsigned char *b = malloc(n + 6);
	ExifData *ed;
	ExifEntry *e;
	int v = 0;

	memcpy(b, "Exif\0\0", 6);
	memcpy(b + 6, tiff, n);
	ed = exif_data_new_from_data(b, (unsigned)(n + 6));
	free(b);
	if (ed == NULL)
		return 0;
	if ((e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION)) != NULL)
		v = exif_get_short(e->data, exif_data_get_byte_order(ed));
	CHECK(exif_content_get_entry(ed->ifd[EXIF_IFD_GPS], EXIF_TAG_GPS_LATITUDE) == NULL);
	CHECK(exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ARTIST) == NULL);
	exif_data_unref(ed);
	return v;
}

/* ---- JPEG ---- */

static unsigned char *
make_jpeg(size_t *len, bool progressive)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr jerr;
	unsigned char *mem = NULL, tiff[168], exif[6 + 168], *out;
	unsigned long size = 0;
	static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>"
	                          AUTHOR "</dc:creator></x:xmpmeta>";
	static const char iptc[] = "Photoshop 3.0\0" "8BIM\x04\x04\0\0\0\0\0\x10\x1c\x02\x50\0\x0e"
	                           AUTHOR;

	make_pixels();
	make_tiff(tiff);
	memcpy(exif, "Exif\0\0", 6);
	memcpy(exif + 6, tiff, 168);
	c.err = jpeg_std_error(&jerr);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &mem, &size);
	c.image_width = W;
	c.image_height = H;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	if (progressive)
		jpeg_simple_progression(&c);
	jpeg_start_compress(&c, TRUE);
	jpeg_write_marker(&c, JPEG_APP0 + 1, exif, sizeof(exif));
	jpeg_write_marker(&c, JPEG_APP0 + 1, (const JOCTET *)xmp, sizeof(xmp));
	jpeg_write_marker(&c, JPEG_APP0 + 13, (const JOCTET *)iptc, sizeof(iptc));
	jpeg_write_marker(&c, JPEG_COM, (const JOCTET *)AUTHOR, strlen(AUTHOR));
	for (int y = 0; y < H; y++) {
		JSAMPROW row = pixels + y * W * 3;

		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	/* A trailer after EOI, as phones append a second picture there. */
	out = malloc(size + 32);
	memcpy(out, mem, size);
	memcpy(out + size, "trailer " AUTHOR, 8 + strlen(AUTHOR));
	*len = size + 8 + strlen(AUTHOR);
	free(mem);
	return out;
}

static void
decode_jpeg(const unsigned char *p, size_t n, unsigned char out[W * H * 3])
{
	struct jpeg_decompress_struct d;
	struct jpeg_error_mgr jerr;

	d.err = jpeg_std_error(&jerr);
	jpeg_create_decompress(&d);
	jpeg_mem_src(&d, p, (unsigned long)n);
	CHECK(jpeg_read_header(&d, TRUE) == JPEG_HEADER_OK);
	jpeg_start_decompress(&d);
	CHECK(d.output_width == W && d.output_height == H && d.output_components == 3);
	while (d.output_scanline < d.output_height) {
		JSAMPROW row = out + d.output_scanline * W * 3;

		jpeg_read_scanlines(&d, &row, 1);
	}
	CHECK(jerr.num_warnings == 0);
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);
}

static void
check_jpeg(bool progressive)
{
	size_t n, m;
	unsigned char *in = make_jpeg(&n, progressive), *out;
	unsigned char a[W * H * 3], b[W * H * 3];
	double lat = 0, lon = 0;
	const unsigned char *app1;

	CHECK(image_detect(in, n) == IMAGE_JPEG);
	CHECK(image_gps(in, n, &lat, &lon));
	CHECK(lat > 16.4299 && lat < 16.4301 && lon > 102.8349 && lon < 102.8351);
	CHECK(has(in, n, AUTHOR));
	CHECK(image_strip(in, n, &out, &m) == SOD_OK);
	CHECK(m < n);
	check_clean(out, m);
	decode_jpeg(in, n, a);
	decode_jpeg(out, m, b);
	CHECK(memcmp(a, b, sizeof(a)) == 0);   /* not re-encoded */
	/* Orientation 6 kept, alone, in an APP1 right after JFIF's APP0. */
	app1 = memmem(out, m, "\xff\xe1\x00\x22" "Exif\0\0", 10);
	CHECK(app1 != NULL && app1 == out + 2 + 18);
	if (app1 != NULL)
		CHECK(orientation_in(app1 + 10, 26) == 6);
	CHECK(memcmp(out + m - 2, "\xff\xd9", 2) == 0);
	/* Stripping the stripped file changes nothing. */
	{
		unsigned char *again;
		size_t k;

		CHECK(image_strip(out, m, &again, &k) == SOD_OK);
		CHECK(k == m && memcmp(again, out, m) == 0);
		free(again);
	}
	free(out);
	free(in);
}

static void
test_jpeg_baseline(void)
{
	check_jpeg(false);
}

static void
test_jpeg_progressive(void)
{
	check_jpeg(true);
}

/* Every prefix of a JPEG (a cut upload) is refused, never read past. */
static void
test_jpeg_malformed(void)
{
	size_t n, m;
	unsigned char *in = make_jpeg(&n, false), *out = (unsigned char *)"x";
	unsigned char *eoi = memmem(in, n, "\xff\xd9", 2);
	size_t end = (size_t)(eoi - in);

	for (size_t k = 0; k < end + 1; k++) {
		unsigned char *cut = malloc(k ? k : 1);

		memcpy(cut, in, k);
		CHECK(image_strip(cut, k, &out, &m) == SOD_EINVAL);
		CHECK(out == NULL && m == 0);
		free(cut);
	}
	/* A segment length running past the end. */
	in[4] = 0xff;
	in[5] = 0xff;
	CHECK(image_strip(in, n, &out, &m) == SOD_EINVAL);
	/* No scan at all: SOI then EOI. */
	CHECK(image_strip((const unsigned char *)"\xff\xd8\xff\xd9", 4, &out, &m) == SOD_EINVAL);
	free(in);
}

/* ---- PNG ---- */

struct mem {
	unsigned char *p;
	size_t len, pos;
};

static void
png_write_mem(png_structp png, png_bytep data, size_t n)
{
	struct mem *m = png_get_io_ptr(png);

	m->p = realloc(m->p, m->len + n);
	memcpy(m->p + m->len, data, n);
	m->len += n;
}

static void
png_flush_mem(png_structp png)
{
	(void)png;
}

static void
png_read_mem(png_structp png, png_bytep data, size_t n)
{
	struct mem *m = png_get_io_ptr(png);

	if (n > m->len - m->pos)
		png_error(png, "short");
	memcpy(data, m->p + m->pos, n);
	m->pos += n;
}

static unsigned char *
make_png(size_t *len)
{
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	struct mem m = {0};
	png_text text[2];
	png_time t = {2026, 12, 7, 18, 30, 5};
	unsigned char tiff[168];

	make_pixels();
	make_tiff(tiff);
	png_set_write_fn(png, &m, png_write_mem, png_flush_mem);
	png_set_IHDR(png, info, W, H, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
	             PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_gAMA(png, info, 0.45455);
	text[0] = (png_text){.compression = PNG_TEXT_COMPRESSION_NONE, .key = "Author",
	                     .text = AUTHOR};
	text[1] = (png_text){.compression = PNG_ITXT_COMPRESSION_NONE, .key = "XML:com.adobe.xmp",
	                     .text = "<x:xmpmeta>" AUTHOR "</x:xmpmeta>"};
	png_set_text(png, info, text, 2);
	png_set_tIME(png, info, &t);
	png_set_eXIf_1(png, info, 168, tiff);
	png_write_info(png, info);
	for (int y = 0; y < H; y++)
		png_write_row(png, pixels + y * W * 3);
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	m.p = realloc(m.p, m.len + 32);
	memcpy(m.p + m.len, "trailer", 7);
	*len = m.len + 7;
	return m.p;
}

static void
decode_png(const unsigned char *p, size_t n, unsigned char out[W * H * 3], double *gamma)
{
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	struct mem m = {(unsigned char *)p, n, 0};

	png_set_read_fn(png, &m, png_read_mem);
	png_read_info(png, info);
	CHECK(png_get_image_width(png, info) == W && png_get_image_height(png, info) == H);
	CHECK(png_get_gAMA(png, info, gamma) != 0);
	for (int y = 0; y < H; y++)
		png_read_row(png, out + y * W * 3, NULL);
	png_read_end(png, NULL);
	png_destroy_read_struct(&png, &info, NULL);
}

static void
test_png(void)
{
	size_t n, m;
	unsigned char *in = make_png(&n), *out, *exif;
	unsigned char a[W * H * 3], b[W * H * 3];
	double lat, lon, g1 = 0, g2 = 0;

	CHECK(image_detect(in, n) == IMAGE_PNG);
	CHECK(image_gps(in, n, &lat, &lon) && lat > 16.42 && lon > 102.83);
	CHECK(has(in, n, "tEXt") && has(in, n, "iTXt") && has(in, n, "tIME"));
	CHECK(image_strip(in, n, &out, &m) == SOD_OK);
	check_clean(out, m);
	CHECK(!has(out, m, "tEXt") && !has(out, m, "iTXt") && !has(out, m, "tIME"));
	decode_png(in, n, a, &g1);
	decode_png(out, m, b, &g2);
	CHECK(memcmp(a, b, sizeof(a)) == 0);
	CHECK(g1 == g2);   /* gAMA kept */
	exif = memmem(out, m, "eXIf", 4);
	CHECK(exif != NULL);
	if (exif != NULL)
		CHECK(orientation_in(exif + 4, 26) == 6);
	free(out);
	/* A flipped bit anywhere in a chunk fails its CRC. */
	in[40] ^= 1;
	CHECK(image_strip(in, n, &out, &m) == SOD_EINVAL);
	in[40] ^= 1;
	/* Cut before IEND. */
	CHECK(image_strip(in, n - 20, &out, &m) == SOD_EINVAL);
	free(in);
}

/* ---- WebP ---- */

static unsigned char *
make_webp(size_t *len)
{
	uint8_t *enc = NULL;
	size_t elen = (make_pixels(), WebPEncodeLosslessRGB(pixels, W, H, W * 3, &enc));
	WebPData img = {enc, elen}, out = {0};
	unsigned char tiff[168];
	static const char xmp[] = "<x:xmpmeta><dc:creator>" AUTHOR "</dc:creator></x:xmpmeta>";
	WebPData ex = {tiff, sizeof(tiff)}, xm = {(const uint8_t *)xmp, sizeof(xmp)};
	WebPMux *mux = WebPMuxCreate(&img, 1);
	unsigned char *p;

	make_tiff(tiff);
	CHECK(WebPMuxSetChunk(mux, "EXIF", &ex, 1) == WEBP_MUX_OK);
	CHECK(WebPMuxSetChunk(mux, "XMP ", &xm, 1) == WEBP_MUX_OK);
	CHECK(WebPMuxAssemble(mux, &out) == WEBP_MUX_OK);
	WebPMuxDelete(mux);
	WebPFree(enc);
	p = malloc(out.size);
	memcpy(p, out.bytes, out.size);
	*len = out.size;
	WebPDataClear(&out);
	return p;
}

static void
test_webp(void)
{
	size_t n, m;
	unsigned char *in = make_webp(&n), *out;
	uint8_t *a, *b;
	int w = 0, h = 0;
	double lat, lon;
	WebPBitstreamFeatures f;
	WebPMux *mux;
	WebPData d, chunk;
	uint32_t flags = 0;

	CHECK(image_detect(in, n) == IMAGE_WEBP);
	CHECK(image_gps(in, n, &lat, &lon) && lat > 16.42 && lon < 102.84);
	CHECK(image_strip(in, n, &out, &m) == SOD_OK);
	check_clean(out, m);
	CHECK(WebPGetFeatures(out, m, &f) == VP8_STATUS_OK && f.width == W && f.height == H);
	a = WebPDecodeRGB(in, n, &w, &h);
	b = WebPDecodeRGB(out, m, &w, &h);
	CHECK(a != NULL && b != NULL && memcmp(a, b, W * H * 3) == 0);
	WebPFree(a);
	WebPFree(b);
	/* The mux library agrees: flags say EXIF (orientation), not XMP; the
	 * EXIF chunk is the 26-byte orientation block. */
	d = (WebPData){out, m};
	mux = WebPMuxCreate(&d, 0);
	CHECK(mux != NULL);
	if (mux != NULL) {
		CHECK(WebPMuxGetFeatures(mux, &flags) == WEBP_MUX_OK);
		CHECK((flags & EXIF_FLAG) && !(flags & XMP_FLAG));
		CHECK(WebPMuxGetChunk(mux, "XMP ", &chunk) == WEBP_MUX_NOT_FOUND);
		CHECK(WebPMuxGetChunk(mux, "EXIF", &chunk) == WEBP_MUX_OK && chunk.size == 26);
		if (chunk.size == 26)
			CHECK(orientation_in(chunk.bytes, 26) == 6);
		WebPMuxDelete(mux);
	}
	free(out);
	/* A chunk whose length runs past the RIFF. */
	in[16] = 0xff;
	in[17] = 0xff;
	CHECK(image_strip(in, n, &out, &m) == SOD_EINVAL);
	free(in);
}

/* ---- other types ---- */

static void
test_other_types(void)
{
	static const unsigned char heic[] = "\0\0\0\x18" "ftypheic\0\0\0\0mif1heic";
	static const unsigned char pdf[] = "%PDF-1.7\n%\xe2\xe3\n";
	unsigned char *out = (unsigned char *)"x";
	size_t m = 1;
	double lat, lon;

	CHECK(image_detect(heic, sizeof(heic)) == IMAGE_HEIF);
	CHECK(image_strip(heic, sizeof(heic), &out, &m) == SOD_EINVAL && out == NULL);
	CHECK(image_detect(pdf, sizeof(pdf)) == IMAGE_NONE);
	CHECK(image_strip(pdf, sizeof(pdf), &out, &m) == SOD_EINVAL);
	CHECK(image_detect("", 0) == IMAGE_NONE);
	CHECK(image_strip((const unsigned char *)"", 0, &out, &m) == SOD_EINVAL);
	CHECK(!image_gps(pdf, sizeof(pdf), &lat, &lon));
	CHECK(!image_gps((const unsigned char *)"\xff\xd8\xff", 3, &lat, &lon));
}

/* A JPEG without EXIF gets no orientation block and no position. */
static void
test_no_exif(void)
{
	size_t n, m;
	unsigned char *in = make_jpeg(&n, false), *out, *app1;
	double lat, lon;

	/* Rename the EXIF APP1's "Exif" so that nothing reads it. */
	app1 = memmem(in, n, "Exif\0\0", 6);
	CHECK(app1 != NULL);
	if (app1 != NULL)
		app1[0] = 'X';
	CHECK(!image_gps(in, n, &lat, &lon));
	CHECK(image_strip(in, n, &out, &m) == SOD_OK);
	CHECK(!has(out, m, "Exif") && !has(out, m, "Xxif"));
	free(out);
	free(in);
}

/* Through evidence (domain/evidence.h), as a tip's file: what is stored
 * and read back is the stripped photo; the position was read first. */
static void
test_evidence_stores_the_stripped_photo(void)
{
	struct sys sys = {.dir = (char *)harness_tmpdir()};
	struct arena *a = arena_new(1u << 20);
	struct evidence *e = NULL;
	size_t n, m;
	unsigned char *in = make_jpeg(&n, false), *clean;
	unsigned char key[ENV_KEY_LEN];
	struct buf back;
	double lat = 0, lon = 0;
	char *meta;

	CHECK(image_strip(in, n, &clean, &m) == SOD_OK);
	CHECK(evidence_begin(&sys, a, "ภาพ.jpg", &e) == SOD_OK);
	/* In pieces, as multipart delivers it. */
	for (size_t off = 0; off < n; off += 100)
		CHECK(evidence_write(e, (const char *)in + off, n - off < 100 ? n - off : 100) == SOD_OK);
	CHECK(evidence_finish(e) == SOD_OK);
	CHECK(!evidence_as_sent(e));
	CHECK(evidence_size(e) == m);
	CHECK(evidence_gps(e, &lat, &lon) && lat > 16.4299 && lat < 16.4301);
	meta = evidence_meta_json(a, e);
	CHECK(meta != NULL && strstr(meta, "\"type\":\"image/jpeg\"") != NULL);
	/* The key is inside the meta; take it from the object directly. */
	{
		const char *k = meta ? strstr(meta, "\"key\":\"") : NULL;
		char text[128] = {0};

		CHECK(k != NULL);
		if (k != NULL) {
			k += 7;
			memcpy(text, k, strcspn(k, "\""));
			CHECK(env_key_parse(text, key) == SOD_OK);
		}
	}
	buf_init(&back, 1u << 20);
	CHECK(evidence_read(&sys, evidence_stored_name(e), key, &back) == SOD_OK);
	CHECK(back.len == m && memcmp(back.data, clean, m) == 0);
	CHECK(!has((unsigned char *)back.data, back.len, AUTHOR));
	buf_free(&back);
	free(clean);
	free(in);
	arena_free(&a);
}

/* A broken photo is refused by evidence, naming why. */
static void
test_evidence_refuses_a_broken_photo(void)
{
	struct sys sys = {.dir = (char *)harness_tmpdir()};
	struct arena *a = arena_new(1u << 20);
	struct evidence *e = NULL;
	size_t n;
	unsigned char *in = make_jpeg(&n, false);
	const char *name = NULL;

	CHECK(evidence_begin(&sys, a, "cut.jpg", &e) == SOD_OK);
	CHECK(evidence_write(e, (const char *)in, n / 2) == SOD_OK);
	CHECK(evidence_finish(e) == SOD_EINVAL);
	CHECK_STR(evidence_refused(e, &name), "error.image_malformed");
	CHECK_STR(name, "cut.jpg");
	evidence_discard(e);
	free(in);
	arena_free(&a);
}

const struct test tests[] = {
	TEST(test_evidence_stores_the_stripped_photo),
	TEST(test_evidence_refuses_a_broken_photo),
	TEST(test_jpeg_baseline),
	TEST(test_jpeg_progressive),
	TEST(test_jpeg_malformed),
	TEST(test_png),
	TEST(test_webp),
	TEST(test_other_types),
	TEST(test_no_exif),
	{0},
};
