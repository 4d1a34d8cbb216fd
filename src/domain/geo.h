/*
 * geo.h — provinces and districts by their DOPA codes, from the lists
 * compiled in (data/geo). Loaded once, read-only after: thread-safe.
 */
#ifndef SOD_DOMAIN_GEO_H
#define SOD_DOMAIN_GEO_H

#include <stdbool.h>
#include <stddef.h>

#include "text/date.h"

/* The province's name in lang, or NULL if no such code. */
const char *geo_province(const char *code, enum lang lang);

/* The district's name in lang (Thai when no English is known), or NULL. */
const char *geo_district(const char *code, enum lang lang);

/*
 * True if district is a district of province. Where the shipped list has
 * no district of that province (data/geo/README.md), a code of the right
 * form (4 digits starting with the province code) is accepted.
 */
bool geo_district_in(const char *district, const char *province);

/*
 * The code of the i-th province (from 0, in code order); NULL past the
 * end. For choice lists; the string lives as long as the program.
 */
const char *geo_province_at(size_t i);

/*
 * The code of the i-th district (from 0, in code order) and its
 * province's code in *province_out; NULL past the end.
 */
const char *geo_district_at(size_t i, const char **province_out);

/*
 * The approximate centre of a district (data/geo/centroids.tsv: Khon
 * Kaen's 26 only, from general knowledge; for the demo and maps, never
 * for a true location). False if none is known.
 */
bool geo_centroid(const char *district, double *lat_out, double *lon_out);

/* The i-th district with a known centre (from 0), or NULL past the end. */
const char *geo_centroid_at(size_t i, double *lat_out, double *lon_out);

#endif
