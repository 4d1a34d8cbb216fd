/*
 * clock.h — the wall clock, injectable in test builds.
 *
 * Production reads time(2). Builds with SOD_TEST_HOOKS (Debug, Sanitize)
 * take $SOD_TEST_NOW (Unix seconds) when set, so tests can move time
 * (session expiry, lock-outs, TOTP) without sleeping.
 */
#ifndef SOD_UTIL_CLOCK_H
#define SOD_UTIL_CLOCK_H

#include <stdint.h>

/* Seconds since the Unix epoch. */
int64_t sod_now(void);

#endif
