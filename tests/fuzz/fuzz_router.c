/*
 * fuzz_router.c — libFuzzer harness for the route matcher: the input is
 * split at the first newline into a pattern and a path; also every route
 * pattern of the program is matched against the input as a path.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/router.h"

static const char *const patterns[] = {
	"/", "/healthz", "/static/{*}", "/tips/{id}", "/admin/users/{id}/disable",
	"/api/v1/units/{code}", "/a/{b}/c/{d}",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *nl;
	struct slice caps[ROUTER_MAX_CAPTURES];
	size_t n;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
		if (router_match(patterns[i], s, caps, &n)) {
			for (size_t k = 0; k < n; k++)
				if (caps[k].p < s || caps[k].p + caps[k].len > s + strlen(s))
					abort();
		}
	}
	nl = strchr(s, '\n');
	if (nl != NULL) {
		*nl = '\0';
		if (router_match(s, nl + 1, caps, &n) && n > ROUTER_MAX_CAPTURES)
			abort();
	}
	free(s);
	return 0;
}
