/*
 * fuzz_image.c — libFuzzer harness for metadata removal (media/image.h).
 *
 * The input is the uploaded file itself. image_detect(), image_gps() and
 * image_strip() run on it; when the strip succeeds:
 *   - the copy is of the same type and at most 64 bytes longer;
 *   - no GPS position can be read from the copy;
 *   - stripping the copy again succeeds and gives the same bytes (what is
 *     kept is kept whole, nothing of what was dropped comes back).
 * A refusal must leave *out NULL and the length 0. ASan checks every read
 * stays inside the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "media/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *out = NULL, *again = NULL;
	size_t n = 0, m = 0;
	double lat, lon;
	enum image_type t = image_detect(data, size);
	enum sod_err err;

	if (image_gps(data, size, &lat, &lon) &&
	    (lat < -90 || lat > 90 || lon < -180 || lon > 180))
		abort();
	err = image_strip(data, size, &out, &n);
	if (err != SOD_OK) {
		if (out != NULL || n != 0 || (err != SOD_EINVAL && err != SOD_ENOMEM))
			abort();
		return 0;
	}
	if (t == IMAGE_NONE || t == IMAGE_HEIF || image_detect(out, n) != t || n > size + 64)
		abort();
	if (image_gps(out, n, &lat, &lon))
		abort();
	if (image_strip(out, n, &again, &m) != SOD_OK || m != n || memcmp(again, out, n) != 0)
		abort();
	free(again);
	free(out);
	return 0;
}
