/*
 * assign.c — the round planner and the distance check (assign.h). The walk
 * is O(points² ) in the worst case: 10,000 points over 2,000 teams is
 * about 10^8 distance comparisons on a squared flat approximation, well
 * under a second; the haversine is used only where metres matter.
 */
#include "domain/assign.h"

#include <math.h>
#include <stdlib.h>

#define EARTH_RADIUS_M 6371008.8

double
geo_distance_m(double lat1, double lon1, double lat2, double lon2)
{
	double r = M_PI / 180.0;
	double dlat = (lat2 - lat1) * r, dlon = (lon2 - lon1) * r;
	double h = sin(dlat / 2) * sin(dlat / 2) +
	           cos(lat1 * r) * cos(lat2 * r) * sin(dlon / 2) * sin(dlon / 2);

	if (h > 1)
		h = 1;
	return 2 * EARTH_RADIUS_M * asin(sqrt(h));
}

/* A cheap monotone stand-in for the distance, for comparisons only:
 * squared equirectangular (longitude shrunk by the cosine of latitude). */
static double
near2(double lat1, double lon1, double lat2, double lon2)
{
	double k = cos((lat1 + lat2) * (M_PI / 360.0));
	double dx = (lon2 - lon1) * k, dy = lat2 - lat1;

	return dx * dx + dy * dy;
}

/* The unassigned located point nearest (lat, lon); the lowest index wins
 * a tie. np when none is left. */
static size_t
nearest(const struct assign_point *p, size_t np, const bool *taken, double lat, double lon)
{
	size_t best = np;
	double bd = 0;

	for (size_t i = 0; i < np; i++) {
		double d;

		if (taken[i] || !p[i].has_loc)
			continue;
		d = near2(lat, lon, p[i].lat, p[i].lon);
		if (best == np || d < bd) {
			best = i;
			bd = d;
		}
	}
	return best;
}

/* The first unassigned located point (a team without a home starts there). */
static size_t
first_free(const struct assign_point *p, size_t np, const bool *taken)
{
	for (size_t i = 0; i < np; i++)
		if (!taken[i] && p[i].has_loc)
			return i;
	return np;
}

enum sod_err
assign_plan(const struct assign_point *points, size_t np, const struct assign_team *teams,
            size_t nt, int days, int per_day, struct assign_slot *out)
{
	bool *taken;
	int *load;            /* load[t * days + d]: points of team t on day d */
	size_t left = np, next_plain = 0;

	if (nt == 0 || days <= 0 || per_day <= 0)
		return SOD_EINVAL;
	if ((uint64_t)np > (uint64_t)nt * (uint64_t)days * (uint64_t)per_day)
		return SOD_ETOOBIG;
	taken = calloc(np ? np : 1, sizeof(*taken));
	load = calloc(nt * (size_t)days, sizeof(*load));
	if (taken == NULL || load == NULL) {
		free(taken);
		free(load);
		return SOD_ENOMEM;
	}
	/* Located points: nearest first, teams taking turns. */
	for (int d = 0; d < days && left > 0; d++) {
		double *at_lat = calloc(nt, sizeof(double)), *at_lon = calloc(nt, sizeof(double));
		bool *placed = calloc(nt, sizeof(bool));
		bool progress = true;

		if (!at_lat || !at_lon || !placed) {
			free(at_lat);
			free(at_lon);
			free(placed);
			free(taken);
			free(load);
			return SOD_ENOMEM;
		}
		for (size_t t = 0; t < nt; t++) {
			placed[t] = teams[t].has_home;
			at_lat[t] = teams[t].lat;
			at_lon[t] = teams[t].lon;
		}
		while (progress) {
			progress = false;
			for (size_t t = 0; t < nt; t++) {
				size_t i;

				if (load[t * (size_t)days + (size_t)d] >= per_day)
					continue;
				i = placed[t] ? nearest(points, np, taken, at_lat[t], at_lon[t])
				              : first_free(points, np, taken);
				if (i == np)
					break;
				taken[i] = true;
				left--;
				out[i].team = t;
				out[i].day = d + 1;
				load[t * (size_t)days + (size_t)d]++;
				placed[t] = true;
				at_lat[t] = points[i].lat;
				at_lon[t] = points[i].lon;
				progress = true;
			}
		}
		free(at_lat);
		free(at_lon);
		free(placed);
	}
	/* Points without a location fill the room left, in order. */
	for (int d = 0; d < days && left > 0; d++)
		for (size_t t = 0; t < nt && left > 0; t++)
			while (load[t * (size_t)days + (size_t)d] < per_day && left > 0) {
				while (next_plain < np && taken[next_plain])
					next_plain++;
				if (next_plain == np)
					break;
				taken[next_plain] = true;
				left--;
				out[next_plain].team = t;
				out[next_plain].day = d + 1;
				load[t * (size_t)days + (size_t)d]++;
			}
	free(taken);
	free(load);
	return left == 0 ? SOD_OK : SOD_ETOOBIG;
}
