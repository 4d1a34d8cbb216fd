/*
 * box.c — the server key and sealed values; see box.h.
 */
#include "crypto/box.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "util/log.h"

#define BOX_KEY_LEN crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define BOX_NONCE   crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define BOX_TAG     crypto_aead_xchacha20poly1305_ietf_ABYTES
#define BOX_MAX     (1u << 20)

struct box {
	unsigned char *key;  /* sodium_malloc'd, read-only after load */
};

enum sod_err
box_keyfile_create(const char *path)
{
	unsigned char key[BOX_KEY_LEN];
	int fd;
	ssize_t w;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return SOD_ECONFLICT;
		LOG_ERR("%s: %s", path, strerror(errno));
		return SOD_EIO;
	}
	randombytes_buf(key, sizeof(key));
	w = write(fd, key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	if (w != (ssize_t)sizeof(key) || fsync(fd) != 0) {
		close(fd);
		unlink(path);
		return SOD_EIO;
	}
	return close(fd) == 0 ? SOD_OK : SOD_EIO;
}

enum sod_err
box_open(const char *path, struct box **out)
{
	struct box *b;
	unsigned char extra;
	int fd;
	ssize_t r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		LOG_ERR("%s: %s", path, strerror(errno));
		return SOD_EIO;
	}
	b = calloc(1, sizeof(*b));
	if (b == NULL || (b->key = sodium_malloc(BOX_KEY_LEN)) == NULL) {
		free(b);
		close(fd);
		return SOD_ENOMEM;
	}
	r = read(fd, b->key, BOX_KEY_LEN);
	if (r != BOX_KEY_LEN || read(fd, &extra, 1) != 0) {
		close(fd);
		box_free(&b);
		LOG_ERR("%s: not a key file", path);
		return SOD_ECRYPTO;
	}
	close(fd);
	sodium_mprotect_readonly(b->key);
	*out = b;
	return SOD_OK;
}

void
box_free(struct box **bp)
{
	if (bp == NULL || *bp == NULL)
		return;
	sodium_free((*bp)->key);
	free(*bp);
	*bp = NULL;
}

enum sod_err
box_seal(const struct box *b, struct arena *a, const char *ctx, const void *plain,
         size_t n, char **sealed_out)
{
	size_t raw_len = BOX_NONCE + n + BOX_TAG, b64_len;
	unsigned char *raw;
	char *text;

	if (n > BOX_MAX)
		return SOD_ETOOBIG;
	raw = arena_alloc(a, raw_len);
	b64_len = sodium_base64_encoded_len(raw_len, sodium_base64_VARIANT_ORIGINAL);
	text = arena_alloc(a, b64_len);
	if (raw == NULL || text == NULL)
		return SOD_ENOMEM;
	randombytes_buf(raw, BOX_NONCE);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
	    raw + BOX_NONCE, NULL, plain, n, (const unsigned char *)ctx, strlen(ctx),
	    NULL, raw, b->key);
	sodium_bin2base64(text, b64_len, raw, raw_len, sodium_base64_VARIANT_ORIGINAL);
	*sealed_out = text;
	return SOD_OK;
}

enum sod_err
box_open_sealed(const struct box *b, struct arena *a, const char *ctx,
                const char *sealed, char **plain_out, size_t *n_out)
{
	size_t slen = strlen(sealed), raw_len;
	unsigned char *raw, *plain;
	unsigned long long plen;

	if (slen > BOX_MAX * 2)
		return SOD_ETOOBIG;
	raw = arena_alloc(a, slen);
	if (raw == NULL)
		return SOD_ENOMEM;
	if (sodium_base642bin(raw, slen, sealed, slen, NULL, &raw_len, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    raw_len < BOX_NONCE + BOX_TAG)
		return SOD_ECRYPTO;
	plain = arena_alloc(a, raw_len - BOX_NONCE - BOX_TAG + 1);
	if (plain == NULL)
		return SOD_ENOMEM;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
	        plain, &plen, NULL, raw + BOX_NONCE, raw_len - BOX_NONCE,
	        (const unsigned char *)ctx, strlen(ctx), raw, b->key) != 0)
		return SOD_ECRYPTO;
	plain[plen] = '\0';
	*plain_out = (char *)plain;
	if (n_out != NULL)
		*n_out = (size_t)plen;
	return SOD_OK;
}

void
box_subkey(const struct box *b, const char *purpose, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)purpose, strlen(purpose),
	                   b->key, BOX_KEY_LEN);
}
