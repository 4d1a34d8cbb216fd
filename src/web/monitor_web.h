/*
 * monitor_web.h — what the monitoring API (api_monitor.c) and pages
 * (page_monitor.c, page_round.c) share inside web/: the unit or id of the
 * path, error answers, JSON of points and visits, and a round's progress
 * counted once for the API, the page and the export.
 */
#ifndef SOD_WEB_MONITOR_WEB_H
#define SOD_WEB_MONITOR_WEB_H

#include "domain/monitor.h"
#include "web/web.h"

/* The unit of captures[0]; answers 404 and returns false if none. */
bool monw_unit(struct wreq *w, struct unit_rec *u);
/* captures[capture] as a positive id; answers 404 and returns false if not. */
bool monw_id(struct wreq *w, int capture, int64_t *id);
/* Answer a domain error, naming ve's field for SOD_EINVAL. */
void monw_error(struct wreq *w, enum sod_err err, const struct verr *ve);
/* The points list filters of the query (status, kind, district,
 * not_visited_since as people write dates); answers 400 on a bad date. */
bool monw_filter(struct wreq *w, struct point_filter *f);
/* CONTRACT's point object (and the extra fields of docs/api.md). */
json_t *monw_point_json(const struct point_rec *p);
/* A visit with its photos' metadata. */
json_t *monw_visit_json(struct wreq *w, const struct visit_rec *v,
                        const struct visit_photo_rec *ph, size_t nph);

/* Assigned, visited and late points of one team, day or zone. */
struct round_group {
	const char *key;           /* team code, zone code, or day number as text */
	int64_t assigned, visited, late;
};

struct round_progress {
	int64_t visited, late;     /* late: its day is past, not visited */
	struct round_group *by_team, *by_day, *by_zone;
	size_t nteam, nday, nzone;
	bool *late_item;           /* per assignment */
};

/* Count the progress of a round's assignments (in the request's arena). */
enum sod_err monw_progress(struct wreq *w, const struct round_rec *r,
                           const struct round_item *items, size_t n,
                           struct round_progress *out);
/* [{"<keyname>","assigned","visited"}]; for "day", the key is a number. */
json_t *monw_groups_json(const struct round_group *g, size_t n, const char *keyname);

/* Multipart `photo` parts of a visit into evidence (route on_file). */
enum sod_err visit_upload(struct req *r, const struct multipart_file *f, const char *data,
                          size_t len, bool last);

#endif
