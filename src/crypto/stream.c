/*
 * stream.c — see stream.h.
 */
#include "crypto/stream.h"

#include <errno.h>
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
