/*
 * router.h — matching a request path against route patterns.
 *
 * A pattern is a path whose segments are literal or a capture "{name}";
 * a capture matches one non-empty segment (no '/'); a pattern ending in
 * "/{*}" captures the rest of the path (possibly with '/'). Matching is
 * exact otherwise (no trailing-slash folding). Pure: no allocation, no
 * state, so it can be fuzzed.
 */
#ifndef SOD_HTTP_ROUTER_H
#define SOD_HTTP_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "util/str.h"

#define ROUTER_MAX_CAPTURES 4

/*
 * True if path matches pattern; captures_out[0..n) receive the captured
 * segments as slices into path, *n_out their count.
 */
bool router_match(const char *pattern, const char *path,
                  struct slice captures_out[ROUTER_MAX_CAPTURES], size_t *n_out);

#endif
