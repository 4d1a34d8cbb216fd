/*
 * geo.c — the code lists, parsed once from the compiled-in TSV files.
 */
#include "domain/geo.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/asset.h"
#include "util/str.h"

#define GEO_MAX 2000

struct place {
	char code[5];
	char parent[3];
	char *th, *en;
};

static struct place provinces[100], districts[GEO_MAX];
static struct place centroids[200];
static size_t nprovinces, ndistricts, ncentroids;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Fill places from a TSV: code [parent] th en (parent when has_parent). */
static size_t
load(const char *name, struct place *places, size_t max, bool has_parent)
{
	const struct asset *a = asset_find(name);
	struct slice rest, line;
	size_t n = 0;
	bool header = true;

	if (a == NULL)
		return 0;
	rest = (struct slice){(const char *)a->data, a->len};
	while (rest.len > 0 && n < max) {
		struct slice f[4] = {{0}};
		size_t k = 0;

		slice_cut(&rest, '\n', &line);
		if (header || line.len == 0) {
			header = false;
			continue;
		}
		while (k < 4 && slice_cut(&line, '\t', &f[k]))
			k++;
		if (k < 4)
			f[k++] = line;
		if (f[0].len > 4 || k < (has_parent ? 3u : 2u))
			continue;
		memcpy(places[n].code, f[0].p, f[0].len);
		places[n].code[f[0].len] = '\0';
		if (has_parent && f[1].len == 2)
			memcpy(places[n].parent, f[1].p, 2);
		places[n].th = strndup(f[has_parent ? 2 : 1].p, f[has_parent ? 2 : 1].len);
		places[n].en = strndup(f[has_parent ? 3 : 2].p, f[has_parent ? 3 : 2].len);
		if (places[n].th == NULL || places[n].en == NULL)
			break;
		n++;
	}
	return n;
}

static void
init(void)
{
	nprovinces = load("geo/provinces.tsv", provinces, 100, false);
	ndistricts = load("geo/districts.tsv", districts, GEO_MAX, true);
	/* code, lat, lon: the two numbers sit where names sit in the others */
	ncentroids = load("geo/centroids.tsv", centroids, 200, false);
}

static const struct place *
find(const struct place *p, size_t n, const char *code)
{
	for (size_t i = 0; code != NULL && i < n; i++)
		if (strcmp(p[i].code, code) == 0)
			return &p[i];
	return NULL;
}

static const char *
name_of(const struct place *p, enum lang lang)
{
	if (p == NULL)
		return NULL;
	return lang == LANG_EN && p->en[0] != '\0' ? p->en : p->th;
}

const char *
geo_province(const char *code, enum lang lang)
{
	pthread_once(&once, init);
	return name_of(find(provinces, nprovinces, code), lang);
}

const char *
geo_district(const char *code, enum lang lang)
{
	pthread_once(&once, init);
	return name_of(find(districts, ndistricts, code), lang);
}

bool
geo_district_in(const char *district, const char *province)
{
	bool listed = false;

	pthread_once(&once, init);
	if (district == NULL || province == NULL || strlen(district) != 4 ||
	    strncmp(district, province, 2) != 0 || strspn(district, "0123456789") != 4)
		return false;
	for (size_t i = 0; i < ndistricts; i++) {
		if (memcmp(districts[i].parent, province, 2) != 0)
			continue;
		listed = true;
		if (strcmp(districts[i].code, district) == 0)
			return true;
	}
	return !listed;
}

const char *
geo_province_at(size_t i)
{
	pthread_once(&once, init);
	return i < nprovinces ? provinces[i].code : NULL;
}

const char *
geo_district_at(size_t i, const char **province_out)
{
	pthread_once(&once, init);
	if (i >= ndistricts)
		return NULL;
	*province_out = districts[i].parent;
	return districts[i].code;
}

bool
geo_centroid(const char *district, double *lat_out, double *lon_out)
{
	const struct place *p;
	char *end;

	pthread_once(&once, init);
	if ((p = find(centroids, ncentroids, district)) == NULL)
		return false;
	*lat_out = strtod(p->th, &end);
	*lon_out = strtod(p->en, &end);
	return true;
}

const char *
geo_centroid_at(size_t i, double *lat_out, double *lon_out)
{
	pthread_once(&once, init);
	if (i >= ncentroids)
		return NULL;
	geo_centroid(centroids[i].code, lat_out, lon_out);
	return centroids[i].code;
}
