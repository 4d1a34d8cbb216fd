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

#endif
