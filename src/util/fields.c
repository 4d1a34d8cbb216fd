/*
 * fields.c — lookup in a list of named values (see fields.h).
 */
#include "util/fields.h"

#include <string.h>

const struct form_field *
form_get(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}
