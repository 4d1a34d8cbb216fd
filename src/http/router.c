/*
 * router.c — path pattern matching; see router.h.
 */
#include "http/router.h"

#include <string.h>

bool
router_match(const char *pattern, const char *path,
             struct slice caps[ROUTER_MAX_CAPTURES], size_t *n_out)
{
	const char *p = pattern, *s = path;
	size_t n = 0;

	*n_out = 0;
	while (*p != '\0') {
		if (p[0] == '{' && p[1] == '*' && p[2] == '}' && p[3] == '\0') {
			if (*s == '\0' || n == ROUTER_MAX_CAPTURES)
				return false;
			caps[n++] = (struct slice){s, strlen(s)};
			*n_out = n;
			return true;
		}
		if (*p == '{') {
			const char *close = strchr(p, '}');
			size_t len = strcspn(s, "/");

			if (close == NULL || len == 0 || n == ROUTER_MAX_CAPTURES)
				return false;
			caps[n++] = (struct slice){s, len};
			s += len;
			p = close + 1;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	if (*s != '\0')
		return false;
	*n_out = n;
	return true;
}
