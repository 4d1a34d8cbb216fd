/*
 * stream.h — files encrypted as they stream (libsodium secretstream,
 * XChaCha20-Poly1305 in 64 KiB chunks): never held whole in memory, and a
 * truncated, reordered or altered file fails to decrypt. Used for staged
 * imports now and for tip evidence later.
 *
 * Format: the 24-byte secretstream header, then chunks of at most 64 KiB
 * of plaintext, each with its 17-byte tag; the last is tagged FINAL.
 */
#ifndef SOD_CRYPTO_STREAM_H
#define SOD_CRYPTO_STREAM_H

#include <stddef.h>

#include "util/err.h"

#define STREAM_KEY_LEN 32

/* Encrypt everything readable from in_fd (from its current offset) to
 * out_fd under key. SOD_EIO on a read or write failure. */
enum sod_err stream_encrypt(int in_fd, int out_fd, const unsigned char key[STREAM_KEY_LEN]);

/* Decrypt in_fd to out_fd. SOD_ECRYPTO if the file was altered, cut short
 * or made under another key (out_fd then holds a prefix: discard it). */
enum sod_err stream_decrypt(int in_fd, int out_fd, const unsigned char key[STREAM_KEY_LEN]);

/*
 * The same decryption pulled piece by piece, for streaming a file to a
 * client without holding it whole [evidence-streamed]. The reader owns
 * in_fd from stream_reader_open() on (closed by stream_reader_free(), also
 * on failure); its state and plaintext buffer are in sodium_malloc memory,
 * wiped when freed.
 */
struct stream_reader;

/* Read the header; SOD_ECRYPTO if it is not one of key, SOD_ENOMEM. */
enum sod_err stream_reader_open(int in_fd, const unsigned char key[STREAM_KEY_LEN],
                                struct stream_reader **out);

/*
 * Up to max plaintext bytes into buf; *n_out is 0 only at the end (after
 * the FINAL chunk). SOD_ECRYPTO if the file was altered or cut short
 * (what was given before came from authentic chunks), SOD_EIO.
 */
enum sod_err stream_reader_next(struct stream_reader *r, void *buf, size_t max,
                                size_t *n_out);

/* Close the file, wipe and free; sets *r to NULL. */
void stream_reader_free(struct stream_reader **r);

#endif
