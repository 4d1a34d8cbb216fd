/*
 * totp.h — time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second
 * steps, 6 digits), through liboath. Secrets are 20 random bytes shown to
 * the user as base32 (RFC 4648) and in an otpauth:// URI for their app.
 */
#ifndef SOD_CRYPTO_TOTP_H
#define SOD_CRYPTO_TOTP_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define TOTP_SECRET_B32_LEN 32  /* 20 bytes in base32, no padding */

enum sod_err totp_init(void);

/* A new random secret, base32 (TOTP_SECRET_B32_LEN chars + NUL). */
enum sod_err totp_secret_new(char out[TOTP_SECRET_B32_LEN + 1]);

/*
 * Check a 6-digit code for secret at time now, accepting one step either
 * side. On SOD_OK *step_out is the step that matched: the caller stores it
 * and refuses a step not greater than the last one used (replay).
 * SOD_EAUTH if the code is wrong; SOD_EINVAL if code or secret malformed.
 */
enum sod_err totp_verify(const char *secret_b32, const char *code,
                         int64_t now, int64_t *step_out);

/* The code for secret at time now (for tests and set-up screens). */
enum sod_err totp_code(const char *secret_b32, int64_t now, char out[7]);

#endif
