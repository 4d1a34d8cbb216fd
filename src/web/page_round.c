/*
 * page_round.c — a round's progress: counted once (monw_progress) for the
 * API, the page and the export; the page /rounds/{id} with an SVG bar
 * chart by day and an SVG map of the points coloured by status, both
 * drawn here from numbers (no script, no tiles: the map's outline is the
 * convex hull of the province's district centres, data/geo/centroids.tsv,
 * or of the points themselves), and /rounds/{id}/export.csv|xlsx.
 */
#include "web/monitor_web.h"

#include <stdlib.h>
#include <string.h>

#include "domain/geo.h"
#include "util/clock.h"
#include "web/i18n.h"

static struct round_group *
group_of(struct round_group *g, size_t *n, const char *key)
{
	for (size_t i = *n; i-- > 0;)
		if (strcmp(g[i].key, key) == 0)
			return &g[i];
	memset(&g[*n], 0, sizeof(g[*n]));
	g[*n].key = key;
	return &g[(*n)++];
}

enum sod_err
monw_progress(struct wreq *w, const struct round_rec *r, const struct round_item *items,
              size_t n, struct round_progress *out)
{
	struct arena *a = w->r->arena;
	int64_t days = monitor_round_day(r->starts_on, r->ends_on), today;
	struct cdate d = date_of_unix(sod_now());
	char now[11];

	snprintf(now, sizeof(now), "%04d-%02d-%02d", d.year, d.month, d.day);
	today = monitor_round_day(r->starts_on, now);
	memset(out, 0, sizeof(*out));
	if (days < 1)
		days = 1;
	out->by_team = arena_alloc(a, (n + 1) * sizeof(*out->by_team));
	out->by_zone = arena_alloc(a, (n + 1) * sizeof(*out->by_zone));
	out->by_day = arena_alloc(a, (size_t)days * sizeof(*out->by_day));
	out->late_item = arena_alloc(a, (n + 1) * sizeof(bool));
	if (!out->by_team || !out->by_zone || !out->by_day || !out->late_item)
		return SOD_ENOMEM;
	memset(out->by_day, 0, (size_t)days * sizeof(*out->by_day));
	for (int64_t i = 0; i < days; i++)
		out->by_day[i].key = arena_printf(a, "%lld", (long long)(i + 1));
	out->nday = (size_t)days;
	for (size_t i = 0; i < n; i++) {
		bool seen = items[i].visit_status[0] != '\0';
		bool late = !seen && today > items[i].day;
		struct round_group *gs[3] = {
			group_of(out->by_team, &out->nteam, items[i].team_code),
			group_of(out->by_zone, &out->nzone, items[i].zone_code),
			items[i].day >= 1 && items[i].day <= days ? &out->by_day[items[i].day - 1] : NULL,
		};

		for (int k = 0; k < 3; k++)
			if (gs[k]) {
				gs[k]->assigned++;
				gs[k]->visited += seen;
				gs[k]->late += late;
			}
		out->visited += seen;
		out->late += late;
		out->late_item[i] = late;
	}
	return SOD_OK;
}

json_t *
monw_groups_json(const struct round_group *g, size_t n, const char *keyname)
{
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:I, s:I, s:I}", "assigned", (json_int_t)g[i].assigned,
		                      "visited", (json_int_t)g[i].visited, "late",
		                      (json_int_t)g[i].late);

		json_object_set_new(o, keyname, strcmp(keyname, "day") == 0
		                    ? json_integer(strtoll(g[i].key, NULL, 10))
		                    : json_string(g[i].key));
		json_array_append_new(list, o);
	}
	return list;
}

/* ---- the chart: one pair of bars a day (assigned, visited) --------------------------- */

#define CHART_W 600
#define CHART_H 160

static json_t *
chart_json(const struct round_progress *p)
{
	int64_t max = 1;
	json_t *bars = json_array();
	double slot = (double)CHART_W / (double)(p->nday ? p->nday : 1);

	for (size_t i = 0; i < p->nday; i++)
		if (p->by_day[i].assigned > max)
			max = p->by_day[i].assigned;
	for (size_t i = 0; i < p->nday && i < 60; i++) {
		int ha = (int)(p->by_day[i].assigned * (CHART_H - 20) / max);
		int hv = (int)(p->by_day[i].visited * (CHART_H - 20) / max);
		int x = (int)(i * slot + slot * 0.15), bw = (int)(slot * 0.35);

		json_array_append_new(bars, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
		    "s:I}", "day", p->by_day[i].key, "x", (json_int_t)x, "xv",
		    (json_int_t)(x + bw), "w", (json_int_t)(bw > 1 ? bw : 1), "ya",
		    (json_int_t)(CHART_H - 16 - ha), "ha", (json_int_t)ha, "yv",
		    (json_int_t)(CHART_H - 16 - hv), "hv", (json_int_t)hv, "tx",
		    (json_int_t)(x + bw), "ty", (json_int_t)(CHART_H - 2)));
		json_object_set_new(json_array_get(bars, json_array_size(bars) - 1), "label",
		    json_sprintf("%lld/%lld", (long long)p->by_day[i].visited,
		                 (long long)p->by_day[i].assigned));
	}
	return json_pack("{s:I, s:I, s:o}", "w", (json_int_t)CHART_W, "h", (json_int_t)CHART_H,
	                 "bars", bars);
}

/* ---- the map ------------------------------------------------------------------------ */

#define MAP_W 600
#define MAP_H 600
#define MAP_MAX_DOTS 20000

struct xy {
	double x, y;    /* lon, lat */
};

static int
xy_cmp(const void *a, const void *b)
{
	const struct xy *p = a, *q = b;

	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return p->y < q->y ? -1 : p->y > q->y;
}

static double
cross(struct xy o, struct xy a, struct xy b)
{
	return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

/* Andrew's monotone chain: the hull of p (sorted in place) into h. */
static size_t
hull(struct xy *p, size_t n, struct xy *h)
{
	size_t k = 0;

	if (n < 3) {
		memcpy(h, p, n * sizeof(*p));
		return n;
	}
	qsort(p, n, sizeof(*p), xy_cmp);
	for (size_t i = 0; i < n; i++) {
		while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0)
			k--;
		h[k++] = p[i];
	}
	for (size_t i = n - 1, t = k + 1; i-- > 0;) {
		while (k >= t && cross(h[k - 2], h[k - 1], p[i]) <= 0)
			k--;
		h[k++] = p[i];
	}
	return k - 1;
}

struct frame {
	double minx, maxx, miny, maxy, scale;
};

static void
frame_fit(struct frame *f, const struct xy *p, size_t n)
{
	f->minx = f->miny = 1e9;
	f->maxx = f->maxy = -1e9;
	for (size_t i = 0; i < n; i++) {
		f->minx = p[i].x < f->minx ? p[i].x : f->minx;
		f->maxx = p[i].x > f->maxx ? p[i].x : f->maxx;
		f->miny = p[i].y < f->miny ? p[i].y : f->miny;
		f->maxy = p[i].y > f->maxy ? p[i].y : f->maxy;
	}
	f->minx -= 0.05;
	f->maxx += 0.05;
	f->miny -= 0.05;
	f->maxy += 0.05;
	f->scale = (MAP_W - 20) / (f->maxx - f->minx);
	if ((MAP_H - 20) / (f->maxy - f->miny) < f->scale)
		f->scale = (MAP_H - 20) / (f->maxy - f->miny);
}

static int
px(const struct frame *f, double x)
{
	return (int)(10 + (x - f->minx) * f->scale);
}

static int
py(const struct frame *f, double y)
{
	return (int)(10 + (f->maxy - y) * f->scale);
}

static json_t *
map_json(struct wreq *w, const struct round_item *items, size_t n,
         const struct round_progress *p)
{
	struct xy *pts = arena_alloc(w->r->arena, (n + 200) * sizeof(*pts));
	struct xy *h = arena_alloc(w->r->arena, (n + 201) * 2 * sizeof(*h));
	size_t np = 0, nh;
	struct frame f;
	json_t *dots = json_array();
	char *outline = NULL;
	double lat, lon;
	const char *code;

	if (pts == NULL || h == NULL)
		return json_null();
	/* The outline: the district centres when known (Khon Kaen), else the points. */
	for (size_t i = 0; (code = geo_centroid_at(i, &lat, &lon)) != NULL && np < 200; i++)
		for (size_t k = 0; k < n; k++)
			if (strncmp(items[k].district, code, 2) == 0) {
				pts[np++] = (struct xy){lon, lat};
				break;
			}
	for (size_t i = 0; i < n && np < n + 200; i++)
		if (items[i].has_loc)
			pts[np++] = (struct xy){items[i].lon_e6 / 1e6, items[i].lat_e6 / 1e6};
	if (np == 0)
		return json_null();
	frame_fit(&f, pts, np);
	nh = hull(pts, np, h);
	for (size_t i = 0; i < nh; i++)
		outline = arena_printf(w->r->arena, "%s%d,%d ", outline ? outline : "",
		                       px(&f, h[i].x), py(&f, h[i].y));
	for (size_t i = 0; i < n && i < MAP_MAX_DOTS; i++) {
		const char *st = items[i].visit_status[0] ? items[i].visit_status
		               : p->late_item[i] ? "late" : "todo";

		if (!items[i].has_loc)
			continue;
		json_array_append_new(dots, json_pack("{s:I, s:I, s:s, s:s}",
		    "x", (json_int_t)px(&f, items[i].lon_e6 / 1e6), "y",
		    (json_int_t)py(&f, items[i].lat_e6 / 1e6), "status", st,
		    "point", items[i].point_code));
	}
	return json_pack("{s:I, s:I, s:s, s:o}", "w", (json_int_t)MAP_W, "h", (json_int_t)MAP_H,
	                 "outline", outline ? outline : "", "dots", dots);
}

/* ---- the page ------------------------------------------------------------------------ */

static json_t *
late_json(const struct round_item *items, size_t n, const struct round_progress *p)
{
	json_t *list = json_array();

	for (size_t i = 0; i < n && json_array_size(list) < 200; i++)
		if (p->late_item[i])
			json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:I}", "point",
			    items[i].point_code, "name", items[i].point_name, "team",
			    items[i].team_code, "day", (json_int_t)items[i].day));
	return list;
}

void
h_round(struct wreq *w)
{
	struct round_rec r;
	struct round_item *items;
	struct round_progress pr;
	size_t n;
	int64_t id;
	bool manage = false;
	json_t *ctx;
	enum sod_err err;

	if (!monw_id(w, 0, &id))
		return;
	if ((err = monitor_round_open(w->sys, w->r->arena, &w->ses, id, &r, &items, &n, &manage)) ||
	    (err = monw_progress(w, &r, items, n, &pr))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	ctx = page_ctx(w, "round.title");
	json_object_set_new(ctx, "round", json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I}",
	    "id", (json_int_t)r.id, "name", r.name, "starts_on", r.starts_on, "ends_on",
	    r.ends_on, "unit", r.unit_code, "total", (json_int_t)n, "visited",
	    (json_int_t)pr.visited, "late", (json_int_t)pr.late));
	json_object_set_new(ctx, "by_day", monw_groups_json(pr.by_day, pr.nday, "day"));
	json_object_set_new(ctx, "by_zone", monw_groups_json(pr.by_zone, pr.nzone, "zone"));
	json_object_set_new(ctx, "by_team", monw_groups_json(pr.by_team, pr.nteam, "team"));
	json_object_set_new(ctx, "late", late_json(items, n, &pr));
	json_object_set_new(ctx, "chart", chart_json(&pr));
	json_object_set_new(ctx, "map", map_json(w, items, n, &pr));
	json_object_set_new(ctx, "manage", json_boolean(manage));
	page_render(w, 200, "round", ctx);
}

static void
round_export(struct wreq *w, bool xlsx)
{
	static const char *const heads[] = {"team", "zone", "day", "point", "name", "status"};
	struct round_rec r;
	struct round_item *items;
	struct round_progress pr;
	size_t n;
	int64_t id;
	const char **cells;
	enum sod_err err;

	if (!monw_id(w, 0, &id))
		return;
	if ((err = monitor_round_open(w->sys, w->r->arena, &w->ses, id, &r, &items, &n, NULL)) ||
	    (err = monw_progress(w, &r, items, n, &pr))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	if ((cells = arena_alloc(w->r->arena, (n + 1) * 6 * sizeof(*cells))) == NULL) {
		web_error(w, SOD_ENOMEM, NULL, NULL, NULL);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char **c = &cells[i * 6];

		c[0] = items[i].team_code;
		c[1] = items[i].zone_code;
		c[2] = arena_printf(w->r->arena, "%lld", (long long)items[i].day);
		c[3] = items[i].point_code;
		c[4] = items[i].point_name;
		c[5] = items[i].visit_status[0] ? items[i].visit_status
		     : pr.late_item[i] ? "late" : "not_visited";
	}
	export_table(w, xlsx, arena_printf(w->r->arena, "round-%lld.%s", (long long)id, xlsx ? "xlsx" : "csv"), 6, heads,
	             cells, n);
}

void
h_round_csv(struct wreq *w)
{
	round_export(w, false);
}

void
h_round_xlsx(struct wreq *w)
{
	round_export(w, true);
}
