/*
 * asset.c — lookup in the embedded asset table (few dozen entries: a
 * linear scan is enough and is done once per template per process).
 */
#include "util/asset.h"

#include <string.h>

const struct asset *
asset_find(const char *name)
{
	for (const struct asset *a = assets; a->name != NULL; a++)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}
