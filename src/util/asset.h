/*
 * asset.h — files of assets/ (templates, message catalogs, CSS, icons)
 * compiled into the program by tools/embed.c, so that one binary is the
 * whole installation. Each asset's bytes are followed by a NUL that len
 * does not count.
 */
#ifndef SOD_UTIL_ASSET_H
#define SOD_UTIL_ASSET_H

#include <stddef.h>

struct asset {
	const char *name;          /* path under assets/, e.g. "static/site.css" */
	const unsigned char *data;
	size_t len;
};

/* Terminated by an entry whose name is NULL. */
extern const struct asset assets[];

/* The asset of that name, or NULL. */
const struct asset *asset_find(const char *name);

#endif
