/*
 * throttle.h — counting attempts per key in a sliding window, in memory.
 *
 * Used for sign-in attempts per client address (the key is a keyed hash of
 * the address made by http/, never the address itself) and, later, for
 * receipt attempts. Kept in memory only, never in the database: nothing
 * about a client's connection is stored. A fixed table: when full, the
 * oldest entry is reused, so memory does not grow with an attacker's
 * number of addresses.
 */
#ifndef SOD_UTIL_THROTTLE_H
#define SOD_UTIL_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

struct throttle;

/* At most max attempts per key within window seconds; NULL on failure. */
struct throttle *throttle_new(int max, int window);
void throttle_free(struct throttle **t);

/*
 * Count one attempt for key at time now. False if the key has already
 * used its max attempts in the window (the attempt is refused and not
 * counted); *retry_out then says in how many seconds to try again.
 */
bool throttle_hit(struct throttle *t, const char *key, int64_t now, int64_t *retry_out);

/*
 * True if key may try now (it has not used its max in the window); counts
 * nothing. Pair with throttle_hit() on failure to count failures only.
 */
bool throttle_check(struct throttle *t, const char *key, int64_t now, int64_t *retry_out);

/* Forget the key (after a success). */
void throttle_reset(struct throttle *t, const char *key);

#endif
