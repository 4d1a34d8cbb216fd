/*
 * stream.c — see stream.h.
 */
#include "crypto/stream.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#define CHUNK 65536
#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define HEADER crypto_secretstream_xchacha20poly1305_HEADERBYTES

/* Read up to n bytes, retrying short reads; returns bytes read or -1. */
static ssize_t
read_full(int fd, unsigned char *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static enum sod_err
write_full(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return SOD_EIO;
		p += w;
		n -= (size_t)w;
	}
	return SOD_OK;
}

enum sod_err
stream_encrypt(int in_fd, int out_fd, const unsigned char key[STREAM_KEY_LEN])
{
	crypto_secretstream_xchacha20poly1305_state st;
	static __thread unsigned char in[CHUNK], out[CHUNK + ABYTES];
	unsigned char header[HEADER];
	enum sod_err err;
	ssize_t n;
	unsigned char tag;

	crypto_secretstream_xchacha20poly1305_init_push(&st, header, key);
	if ((err = write_full(out_fd, header, sizeof(header))) != SOD_OK)
		return err;
	do {
		unsigned long long clen;

		if ((n = read_full(in_fd, in, CHUNK)) < 0)
			return SOD_EIO;
		tag = n < CHUNK ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0;
		crypto_secretstream_xchacha20poly1305_push(&st, out, &clen, in, (size_t)n,
		                                           NULL, 0, tag);
		if ((err = write_full(out_fd, out, (size_t)clen)) != SOD_OK)
			return err;
	} while (tag == 0);
	sodium_memzero(in, sizeof(in));
	sodium_memzero(&st, sizeof(st));
	return SOD_OK;
}

struct stream_reader {
	int fd;
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char in[CHUNK + ABYTES];
	unsigned char out[CHUNK];
	size_t have, off;          /* plaintext in out[off..have) */
	bool final;
};

enum sod_err
stream_reader_open(int in_fd, const unsigned char key[STREAM_KEY_LEN],
                   struct stream_reader **out)
{
	struct stream_reader *r = sodium_malloc(sizeof(*r));
	unsigned char header[HEADER];

	*out = NULL;
	if (r == NULL) {
		close(in_fd);
		return SOD_ENOMEM;
	}
	memset(r, 0, sizeof(*r));
	r->fd = in_fd;
	if (read_full(in_fd, header, sizeof(header)) != (ssize_t)sizeof(header) ||
	    crypto_secretstream_xchacha20poly1305_init_pull(&r->st, header, key) != 0) {
		stream_reader_free(&r);
		return SOD_ECRYPTO;
	}
	*out = r;
	return SOD_OK;
}

/* Decrypt the next chunk into r->out. */
static enum sod_err
pull_chunk(struct stream_reader *r)
{
	unsigned long long mlen;
	unsigned char tag;
	ssize_t n;

	if ((n = read_full(r->fd, r->in, sizeof(r->in))) < 0)
		return SOD_EIO;
	if (n < (ssize_t)ABYTES ||
	    crypto_secretstream_xchacha20poly1305_pull(&r->st, r->out, &mlen, &tag, r->in,
	                                               (size_t)n, NULL, 0) != 0)
		return SOD_ECRYPTO;
	r->final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
	if (n < (ssize_t)sizeof(r->in) && !r->final)
		return SOD_ECRYPTO;  /* cut short */
	r->have = (size_t)mlen;
	r->off = 0;
	return SOD_OK;
}

enum sod_err
stream_reader_next(struct stream_reader *r, void *buf, size_t max, size_t *n_out)
{
	enum sod_err err;
	size_t n;

	*n_out = 0;
	while (r->off == r->have) {
		if (r->final)
			return SOD_OK;
		if ((err = pull_chunk(r)) != SOD_OK)
			return err;
	}
	n = r->have - r->off < max ? r->have - r->off : max;
	memcpy(buf, r->out + r->off, n);
	r->off += n;
	*n_out = n;
	return SOD_OK;
}

void
stream_reader_free(struct stream_reader **rp)
{
	if (rp == NULL || *rp == NULL)
		return;
	if ((*rp)->fd >= 0)
		close((*rp)->fd);
	sodium_free(*rp);  /* wipes */
	*rp = NULL;
}

enum sod_err
stream_decrypt(int in_fd, int out_fd, const unsigned char key[STREAM_KEY_LEN])
{
	crypto_secretstream_xchacha20poly1305_state st;
	static __thread unsigned char in[CHUNK + ABYTES], out[CHUNK];
	unsigned char header[HEADER], tag = 0;
	enum sod_err err = SOD_OK;
	ssize_t n;

	if (read_full(in_fd, header, sizeof(header)) != (ssize_t)sizeof(header) ||
	    crypto_secretstream_xchacha20poly1305_init_pull(&st, header, key) != 0)
		return SOD_ECRYPTO;
	while (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
		unsigned long long mlen;

		if ((n = read_full(in_fd, in, sizeof(in))) < 0)
			return SOD_EIO;
		if (n < (ssize_t)ABYTES ||
		    crypto_secretstream_xchacha20poly1305_pull(&st, out, &mlen, &tag, in,
		                                               (size_t)n, NULL, 0) != 0) {
			err = SOD_ECRYPTO;  /* altered, cut short, or another key */
			break;
		}
		if ((err = write_full(out_fd, out, (size_t)mlen)) != SOD_OK)
			break;
		if (n < (ssize_t)sizeof(in) && tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
			err = SOD_ECRYPTO;
			break;
		}
	}
	sodium_memzero(out, sizeof(out));
	sodium_memzero(&st, sizeof(st));
	return err;
}
