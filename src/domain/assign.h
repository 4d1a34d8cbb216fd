/*
 * assign.h — spreading a round's points over teams and days, and the
 * distance between two places. Pure functions: no store, no clock, no
 * randomness, so the same input always gives the same plan (the demo and
 * the tests rely on it).
 *
 * The plan is a greedy walk, deterministic: day by day, team by team in
 * turn, each team takes the unassigned point nearest to where it stands
 * (its last point, or at the start of a day its home: the centre of the
 * points it keeps, or its first point), until it has per_day points that
 * day or none is left. Points without a location are handed out last, in
 * their given order, into whatever room is left. Every point is given
 * exactly once, no team gets more than per_day points on a day; when the
 * room (teams × days × per_day) is too small, nothing is planned.
 */
#ifndef SOD_DOMAIN_ASSIGN_H
#define SOD_DOMAIN_ASSIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct assign_point {
	bool has_loc;
	double lat, lon;         /* degrees */
};

struct assign_team {
	bool has_home;
	double lat, lon;         /* where the team starts each day */
};

/* Where point i goes: team index and day (1-based). */
struct assign_slot {
	size_t team;
	int day;
};

/*
 * Plan np points over nt teams and days days, at most per_day a team a
 * day; out has np slots (out[i] for points[i]). SOD_EINVAL if nt, days or
 * per_day is 0, SOD_ETOOBIG if np > nt × days × per_day, SOD_ENOMEM.
 */
enum sod_err assign_plan(const struct assign_point *points, size_t np,
                         const struct assign_team *teams, size_t nt, int days, int per_day,
                         struct assign_slot *out);

/* Great-circle distance in metres (haversine, mean Earth radius). */
double geo_distance_m(double lat1, double lon1, double lat2, double lon2);

#endif
