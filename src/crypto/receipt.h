/*
 * receipt.h — the reporter's receipt: 16 random decimal digits, shown once.
 *
 * The database keeps no receipt: for each tip it keeps a salt, a 20-bit
 * bucket (a keyed hash of the receipt, so that a typed receipt is checked
 * against a handful of tips, not all of them), and the BLAKE2b of a
 * verifier; the verifier and the key that unwraps the tip's key come
 * together from one argon2id of the receipt. Guessing a receipt from a
 * copy of the data folder costs one argon2id per guess, over ~10^10
 * candidates per bucket.
 */
#ifndef SOD_CRYPTO_RECEIPT_H
#define SOD_CRYPTO_RECEIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define RECEIPT_DIGITS 16
#define RECEIPT_SALT   16
#define RECEIPT_BUCKET_BITS 20

/* 16 uniformly random digits (the first may be 0), NUL-terminated. */
void receipt_new(char out[RECEIPT_DIGITS + 1]);

/* What a person typed back: digits (ASCII or Thai) with any spaces or
 * dashes between; true if exactly 16 digits remain (written to out). */
bool receipt_normalise(const char *in, size_t n, char out[RECEIPT_DIGITS + 1]);

/* "1234 5678 9012 3456", for showing. */
void receipt_format(const char r[RECEIPT_DIGITS + 1], char out[RECEIPT_DIGITS + 4]);

/* The bucket of a receipt under key (the server key's "receipt-bucket"). */
uint32_t receipt_bucket(const unsigned char key[32], const char r[RECEIPT_DIGITS + 1]);

/*
 * argon2id(receipt, salt) at the INTERACTIVE limits, through the slow-hash
 * gate (SOD_EBUSY when it is full), split into a verifier and a key.
 * check_hex_out: hex of BLAKE2b(verifier), what the database stores.
 */
enum sod_err receipt_derive(const char r[RECEIPT_DIGITS + 1],
                            const unsigned char salt[RECEIPT_SALT],
                            char check_hex_out[65], unsigned char key_out[32]);

#endif
