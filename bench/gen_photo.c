/*
 * gen_photo.c — a JPEG of about 1 MB for bench/monitor.sh: W×H pixels of
 * deterministic noise (noise does not compress, so the size is the
 * camera-like one), with an EXIF GPS block added by the script's caller if
 * wanted. Usage: gen_photo OUT.jpg [W H QUALITY]
 */
#include <stdio.h>
#include <stdlib.h>

#include <jpeglib.h>

int
main(int argc, char **argv)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	int w = argc > 3 ? (int)strtol(argv[2], NULL, 10) : 640;
	int h = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 480;
	int q = argc > 4 ? (int)strtol(argv[4], NULL, 10) : 92;
	unsigned char *row;
	unsigned int x = 2463534242u;
	FILE *f;

	if (argc < 2 || (f = fopen(argv[1], "wb")) == NULL || (row = malloc((size_t)w * 3)) == NULL)
		return 2;
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, f);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, q, TRUE);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		for (int i = 0; i < w * 3; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			row[i] = (unsigned char)(x & 0xff);
		}
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	fclose(f);
	free(row);
	return 0;
}
