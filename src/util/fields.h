/*
 * fields.h — a list of named text values (key/value pairs).
 *
 * The shape every parsed request body takes (http/form.h fills one from
 * urlencoded and multipart bodies) and the shape domain code takes its
 * input in, so that domain/ reads a form's fields without seeing HTTP.
 * Nothing here allocates: the list and its strings belong to whoever
 * made them (usually a request arena).
 */
#ifndef SOD_UTIL_FIELDS_H
#define SOD_UTIL_FIELDS_H

#include <stddef.h>

struct form_field {
	const char *name;   /* NUL-terminated */
	const char *value;  /* NUL-terminated; may hold NULs */
	size_t len;         /* bytes of value */
};

struct form {
	struct form_field *fields;
	size_t n;
};

/* The first field called name, or NULL. */
const struct form_field *form_get(const struct form *f, const char *name);

#endif
