/*
 * fuzz_form.c — libFuzzer harness for the request-body parsers (form.h).
 *
 * The first byte chooses what the rest is:
 *   mode % 4 == 0   an urlencoded body;
 *   mode % 4 == 1   a Content-Type value for multipart_boundary();
 *   otherwise       a multipart body, bits 2–3 choosing the boundary
 *                   (one overlaps itself), bit 4 a small max_value, bit 5
 *                   a callback that fails after a few bytes.
 * A multipart body is parsed three times — whole, one byte at a time, in
 * random chunks — and the three results must agree (a differential check
 * that the state machine does not depend on where chunks end). No field
 * value or file may contain the delimiter: that would be a delimiter the
 * matcher missed. Arenas are
 * small, so running out of memory is exercised too; such runs are not
 * compared, as arena use may depend on the chunking.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"

#define ARENA_CAP (48 * 1024)

static const char *const boundaries[] = {
    "XyZ",
    "\r\n-x",
    "--",
    "----WebKitFormBoundary7MA4YWxkTrZu0gW",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t
mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

static void
check_form(const struct form *f, size_t max_value)
{
	if (f->n > FORM_MAX_FIELDS || (f->n > 0 && f->fields == NULL))
		abort();
	for (size_t i = 0; i < f->n; i++)
		if (strlen(f->fields[i].name) > FORM_MAX_NAME ||
		    f->fields[i].len > max_value ||
		    f->fields[i].value[f->fields[i].len] != '\0')
			abort();
}

static void
fuzz_urlencoded(const char *d, size_t n)
{
	struct arena *a = arena_new(ARENA_CAP);
	struct form f;

	if (a == NULL)
		return;
	if (form_parse_urlencoded(a, d, n, 64, &f) == SOD_OK) {
		check_form(&f, 64);
		if (f.n > 0 && form_get(&f, f.fields[0].name) != &f.fields[0])
			abort();
	} else if (f.n != 0) {
		abort();
	}
	arena_free(&a);
}

static void
fuzz_boundary(const char *d, size_t n)
{
	char *ct = malloc(n + 1);
	struct arena *a = arena_new(4096);
	const char *b;

	if (ct == NULL || a == NULL)
		goto out;
	memcpy(ct, d, n);
	ct[n] = '\0';
	b = multipart_boundary(a, ct);
	if (b != NULL &&
	    (strlen(b) == 0 || strlen(b) > 70 || strpbrk(b, "\r\n\"") != NULL))
		abort();
out:
	arena_free(&a);
	free(ct);
}

struct run {
	uint64_t digest; /* file bytes and part names, in order */
	size_t received;
	size_t fail_after; /* 0: never fail */
	bool in_part;
	char delim[80]; /* "\r\n--" boundary */
	size_t dlen;
	char part[8192]; /* the current file part, if it fits */
	size_t plen;
	bool overflow;
};

/* A delimiter inside content is one the parser should have seen. */
static void
check_no_delim(const struct run *r, const char *p, size_t n)
{
	if (memmem(p, n, r->delim, r->dlen) != NULL)
		abort();
}

static enum sod_err
on_file(const struct multipart_file *f, const char *data, size_t len, bool last,
        void *ctx)
{
	struct run *r = ctx;

	if (data == NULL || (last ? len != 0 : len == 0) || f->field[0] == '\0')
		abort();
	r->digest = mix(r->digest, data, len);
	r->received += len;
	r->in_part = !last;
	if (len > sizeof(r->part) - r->plen)
		r->overflow = true;
	else
		memcpy(r->part + r->plen, data, len);
	r->plen += len;
	if (last) {
		if (!r->overflow)
			check_no_delim(r, r->part, r->plen);
		r->plen = 0;
		r->overflow = false;
		r->digest = mix(r->digest, "\1", 1);
		r->digest = mix(r->digest, f->field, strlen(f->field) + 1);
		r->digest = mix(r->digest, f->filename, strlen(f->filename) + 1);
		r->digest = mix(r->digest, f->content_type, strlen(f->content_type) + 1);
	}
	if (r->fail_after > 0 && r->received >= r->fail_after)
		return SOD_EIO;
	return SOD_OK;
}

/* One parse; chunk: 0 whole, 1 bytes, else random sizes from that seed. */
static enum sod_err
parse_once(const char *boundary, const char *d, size_t n, size_t max_value,
           uint32_t chunk, struct run *r)
{
	struct arena *a = arena_new(ARENA_CAP);
	struct multipart *m;
	struct form f;
	enum sod_err err = SOD_OK, fin;
	size_t pos = 0;

	if (a == NULL)
		return SOD_ENOMEM;
	if ((m = multipart_new(a, boundary, max_value, on_file, r)) == NULL) {
		arena_free(&a);
		return SOD_ENOMEM;
	}
	while (pos < n) {
		size_t k = n - pos;

		if (chunk == 1) {
			k = 1;
		} else if (chunk > 1) {
			chunk ^= chunk << 13;
			chunk ^= chunk >> 17;
			chunk ^= chunk << 5;
			chunk |= 2;
			if (k > 1)
				k = 1 + chunk % (k < 300 ? k : 300);
		}
		err = multipart_feed(m, d + pos, k);
		pos += k;
	}
	fin = multipart_finish(m, &f);
	if (err != SOD_OK && fin != err)
		abort(); /* the first error sticks */
	err = fin;
	if (err == SOD_OK) {
		check_form(&f, max_value);
		if (r->in_part)
			abort(); /* a file part left without its last call */
		for (size_t i = 0; i < f.n; i++) {
			check_no_delim(r, f.fields[i].value, f.fields[i].len);
			r->digest = mix(r->digest, f.fields[i].name,
			                strlen(f.fields[i].name) + 1);
			r->digest =
			    mix(r->digest, f.fields[i].value, f.fields[i].len + 1);
		}
	} else if (f.n != 0) {
		abort();
	}
	arena_free(&a);
	return err;
}

static void
fuzz_multipart(uint8_t mode, const char *d, size_t n)
{
	const char *boundary = boundaries[(mode >> 2) & 3];
	size_t max_value = (mode & 0x10) ? 16 : 1024;
	size_t fail_after = (mode & 0x20) ? 7 : 0;
	uint32_t seed = (uint32_t)n * 2654435761u | 2;
	struct run r[3];
	enum sod_err e[3];

	for (int i = 0; i < 3; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].fail_after = fail_after;
		r[i].dlen = (size_t)snprintf(r[i].delim, sizeof(r[i].delim), "\r\n--%s",
		                             boundary);
		e[i] = parse_once(boundary, d, n, max_value, i < 2 ? (uint32_t)i : seed,
		                  &r[i]);
	}
	if (e[0] == SOD_ENOMEM || e[1] == SOD_ENOMEM || e[2] == SOD_ENOMEM)
		return;
	if (e[0] != e[1] || e[0] != e[2])
		abort();
	if (e[0] == SOD_OK && (r[0].digest != r[1].digest || r[0].digest != r[2].digest))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data + 1;

	if (size == 0)
		return 0;
	switch (data[0] & 3) {
	case 0:
		fuzz_urlencoded(d, size - 1);
		break;
	case 1:
		fuzz_boundary(d, size - 1);
		break;
	default:
		fuzz_multipart(data[0], d, size - 1);
		break;
	}
	return 0;
}
