/*
 * clock.c — see clock.h.
 */
#include "util/clock.h"

#include <stdlib.h>
#include <time.h>

#include "util/str.h"

int64_t
sod_now(void)
{
#ifdef SOD_TEST_HOOKS
	const char *t = getenv("SOD_TEST_NOW");
	int64_t v;

	if (t != NULL && str_to_i64(slice_from(t), 0, INT64_MAX, &v))
		return v;
#endif
	return (int64_t)time(NULL);
}
