/*
 * page_public.c — what a unit shows the public once a supervisor has
 * published a quarter (docs/results.md): /public/{code} (no sign-in, no
 * script, phone-readable, printable), its open data as data.json and
 * data.csv (UTF-8 with BOM) under the licence named there, an Atom feed
 * of the published quarters, and the list of publishing units on `/`.
 *
 * Only published quarters appear; a unit with none is 404. Counts from 1
 * to 4 of anything about tips or cases are shown as "fewer than 5" ("<5"
 * in the data), so a single report cannot be singled out. Answers carry
 * a strong ETag (BLAKE2b of the bytes) and Cache-Control; If-None-Match
 * gives 304.
 */
#include "web/web.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "domain/geo.h"
#include "domain/results.h"
#include "domain/unit.h"
#include "util/clock.h"
#include "web/i18n.h"
#include "web/tmpl.h"

#define LICENCE_ID  "CC-BY-4.0"
#define LICENCE_URL "https://creativecommons.org/licenses/by/4.0/"

/* Everything the public sees of a unit. */
struct pub {
	struct unit_rec u;
	struct published_rec *p;
	size_t np;
	struct quarter_figures *q;     /* one per published quarter */
};

/*
 * The page and data.json for readers without a session are kept for up to
 * CACHE_SECONDS, and dropped at once when a unit publishes, records an
 * activity or changes a KPI (public_cache_bump). A correction to tips or
 * cases shows within CACHE_SECONDS. The public hits these two the most.
 */
#define CACHE_SECONDS 60
#define CACHE_SLOTS   64

static struct {
	char key[160];
	char *body;
	size_t len;
	int64_t at;
	uint64_t gen;
} cache[CACHE_SLOTS];
static uint64_t cache_gen = 1;
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;

void
public_cache_bump(void)
{
	pthread_mutex_lock(&cache_mu);
	cache_gen++;
	pthread_mutex_unlock(&cache_mu);
}

static size_t
cache_slot(const char *key)
{
	unsigned char h[8];
	uint64_t v;

	crypto_generichash(h, sizeof(h), (const unsigned char *)key, strlen(key), NULL, 0);
	memcpy(&v, h, sizeof(v));
	return (size_t)(v % CACHE_SLOTS);
}

static const char *
cache_key(struct wreq *w)
{
	return arena_printf(w->r->arena, "%d %s", (int)w->lang, w->r->path);
}

/* Fill r->resp from the cache; false if absent, stale or signed in. */
static bool
cache_get(struct wreq *w)
{
	const char *key = cache_key(w);
	bool hit = false;
	size_t i;

	if (w->has_session || key == NULL)
		return false;
	i = cache_slot(key);
	pthread_mutex_lock(&cache_mu);
	if (cache[i].body != NULL && cache[i].gen == cache_gen &&
	    sod_now() - cache[i].at < CACHE_SECONDS && strcmp(cache[i].key, key) == 0) {
		buf_free(&w->r->resp);
		buf_init(&w->r->resp, cache[i].len + 16);
		buf_append(&w->r->resp, cache[i].body, cache[i].len);
		hit = !buf_failed(&w->r->resp);
	}
	pthread_mutex_unlock(&cache_mu);
	return hit;
}

static void
cache_put(struct wreq *w)
{
	const char *key = cache_key(w);
	char *copy;
	size_t i;

	if (w->has_session || key == NULL || strlen(key) >= sizeof(cache[0].key) ||
	    (copy = malloc(w->r->resp.len + 1)) == NULL)
		return;
	memcpy(copy, w->r->resp.data, w->r->resp.len);
	i = cache_slot(key);
	pthread_mutex_lock(&cache_mu);
	free(cache[i].body);
	cache[i].body = copy;
	cache[i].len = w->r->resp.len;
	cache[i].at = sod_now();
	cache[i].gen = cache_gen;
	memcpy(cache[i].key, key, strlen(key) + 1);
	pthread_mutex_unlock(&cache_mu);
}

void
public_cache_free(void)
{
	pthread_mutex_lock(&cache_mu);
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		free(cache[i].body);
		cache[i].body = NULL;
	}
	pthread_mutex_unlock(&cache_mu);
}

static bool
load_pub(struct wreq *w, struct pub *x)
{
	enum sod_err err = unit_get(w->sys, w->r->arena, w->r->captures[0], &x->u, NULL);

	if (!err)
		err = results_published(w->sys, w->r->arena, x->u.id, &x->p, &x->np);
	if (!err && x->np == 0)
		err = SOD_ENOTFOUND;
	if (!err && (x->q = arena_zalloc(w->r->arena, sizeof(*x->q) * x->np)) == NULL)
		err = SOD_ENOMEM;
	for (size_t i = 0; !err && i < x->np; i++)
		err = results_quarter(w->sys, w->r->arena, x->u.id, (int)x->p[i].year,
		                      x->p[i].quarter, &x->q[i]);
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return false;
	}
	return true;
}

/* A count about tips or cases, for data: the number, or "<5". */
static json_t *
sup_json(int64_t n)
{
	return results_suppressed(n) ? json_string("<5") : json_integer(n);
}

/* The same for a page or a CSV cell. */
static const char *
sup_text(struct wreq *w, int64_t n, bool page)
{
	if (results_suppressed(n))
		return page ? i18n_get(w->lang, "public.fewer_than_5") : "<5";
	return arena_printf(w->r->arena, "%lld", (long long)n);
}

/* Answer r->resp with an ETag and caching; 304 when the client has it. */
static void
cached_reply(struct wreq *w, const char *type)
{
	unsigned char h[16];
	char hex[33], *etag;
	const char *inm = req_header(w->r, "If-None-Match");

	crypto_generichash(h, sizeof(h), (const unsigned char *)w->r->resp.data,
	                   w->r->resp.len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	if ((etag = arena_printf(w->r->arena, "\"%s\"", hex)) == NULL) {
		web_error(w, SOD_ENOMEM, NULL, NULL, NULL);
		return;
	}
	w->r->cacheable = true;
	req_add_header(w->r, "ETag", etag);
	/* A signed-in reader's page carries their menu: never shared. */
	req_add_header(w->r, "Cache-Control", w->has_session ? "private, no-cache"
	                                                     : "public, max-age=300");
	/* The language comes from ?lang=, a cookie or Accept-Language: a copy
	 * kept for one is not the other's. */
	req_add_header(w->r, "Vary", "Cookie, Accept-Language");
	if (inm != NULL && strcmp(inm, etag) == 0) {
		buf_free(&w->r->resp);
		buf_init(&w->r->resp, 16);
		req_reply(w->r, 304, type);
		return;
	}
	req_reply(w->r, 200, type);
}

static const char *
period_name(struct wreq *w, int year, int q)
{
	return arena_printf(w->r->arena, "%d-q%d", year, q);
}

/* The KPIs of every year with a published quarter, counting those only. */
static json_t *
kpis_json(struct wreq *w, const struct pub *x, bool page)
{
	json_t *list = json_array();

	for (size_t i = 0; i < x->np; i++) {
		bool only[4] = {false};
		struct kpi_progress *k;
		size_t n;

		if (i > 0 && x->p[i].year == x->p[i - 1].year)
			continue;
		for (size_t j = i; j < x->np && x->p[j].year == x->p[i].year; j++)
			only[x->p[j].quarter - 1] = true;
		if (kpi_progress(w->sys, w->r->arena, x->u.id, (int)x->p[i].year, only, sod_now(),
		                 &k, &n) != SOD_OK)
			continue;
		for (size_t j = 0; j < n; j++) {
			json_t *o = json_pack("{s:s, s:s, s:I, s:I, s:I}", "id", k[j].k.code, "name",
			    w->lang == LANG_EN && k[j].k.name_en[0] ? k[j].k.name_en : k[j].k.name_th,
			    "target", (json_int_t)k[j].k.target, "actual", (json_int_t)k[j].actual,
			    "year", (json_int_t)x->p[i].year);

			if (page) {
				int last = 0;
				char key[40];

				for (int q = 0; q < 4; q++)
					if (only[q])
						last = q;
				snprintf(key, sizeof(key), "kpi.light.%s", light_name(k[j].light[last]));
				json_object_set_new(o, "status", json_string(light_name(k[j].light[last])));
				json_object_set_new(o, "status_label", json_string(i18n_get(w->lang, key)));
			}
			json_array_append_new(list, o);
		}
	}
	return list;
}

static json_t *
quarter_json(struct wreq *w, const struct quarter_figures *f, bool page)
{
	if (!page)
		return json_pack("{s:s, s:o, s:o, s:o, s:o, s:I, s:I}", "period",
		    period_name(w, f->year, f->quarter), "tips_received", sup_json(f->tips_received),
		    "tips_acknowledged_in_time", sup_json(f->tips_acknowledged_in_time),
		    "tips_referred", sup_json(f->tips_referred), "cases_closed",
		    sup_json(f->cases_closed), "activities", (json_int_t)f->activities,
		    "people_reached", (json_int_t)f->people_reached);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "period",
	    period_name(w, f->year, f->quarter), "tips_received",
	    sup_text(w, f->tips_received, true), "tips_acknowledged_in_time",
	    sup_text(w, f->tips_acknowledged_in_time, true), "tips_referred",
	    sup_text(w, f->tips_referred, true), "cases_closed",
	    sup_text(w, f->cases_closed, true), "activities", (json_int_t)f->activities,
	    "people_reached", (json_int_t)f->people_reached);
}

static const char *
unit_name(struct wreq *w, const struct unit_rec *u)
{
	return w->lang == LANG_EN && u->name_en && u->name_en[0] ? u->name_en : u->name_th;
}

/* Activities and referrals of the published quarters, for the page. */
static void
add_details(struct wreq *w, const struct pub *x, json_t *ctx)
{
	json_t *acts = json_array(), *agencies = json_array();

	for (size_t i = x->np; i-- > 0;) {
		struct activity_rec *a;
		char **ag;
		int64_t *cnt;
		size_t n;

		if (results_activities(w->sys, w->r->arena, x->u.id, (int)x->p[i].year,
		                       x->p[i].quarter, 50, &a, &n) == SOD_OK)
			for (size_t j = 0; j < n; j++) {
				char key[48], d[64];
				struct cdate c;

				snprintf(key, sizeof(key), "activity_kind.%s", a[j].kind);
				date_parse_iso(a[j].held_on, strlen(a[j].held_on), &c);
				date_format_cdate(d, sizeof(d), c, DATE_SHORT, w->lang, false);
				json_array_append_new(acts, json_pack("{s:s, s:s, s:s, s:s, s:I}",
				    "title", a[j].title, "kind", i18n_get(w->lang, key), "date", d,
				    "place", a[j].province_code ? geo_province(a[j].province_code, w->lang) ?: "" : "",
				    "audience", (json_int_t)a[j].audience));
			}
		if (results_by_agency(w->sys, w->r->arena, x->u.id, (int)x->p[i].year,
		                      x->p[i].quarter, &ag, &cnt, &n) == SOD_OK)
			for (size_t j = 0; j < n; j++) {
				char key[48];

				snprintf(key, sizeof(key), "agency.%s", ag[j]);
				json_array_append_new(agencies, json_pack("{s:s, s:s, s:s}", "period",
				    period_name(w, (int)x->p[i].year, x->p[i].quarter), "agency",
				    i18n_get(w->lang, key), "count", sup_text(w, cnt[j], true)));
			}
	}
	json_object_set_new(ctx, "activities", acts);
	json_object_set_new(ctx, "agencies", agencies);
}

void
h_public(struct wreq *w)
{
	struct pub x;
	json_t *ctx, *quarters;
	enum sod_err err;

	if (cache_get(w)) {
		cached_reply(w, "text/html; charset=utf-8");
		return;
	}
	if (!load_pub(w, &x))
		return;
	ctx = page_ctx(w, "public.title");
	quarters = json_array();
	for (size_t i = 0; i < x.np; i++)
		json_array_append_new(quarters, quarter_json(w, &x.q[i], true));
	json_object_set_new(ctx, "unit", json_pack("{s:s, s:s}", "code", x.u.code, "name",
	                    unit_name(w, &x.u)));
	json_object_set_new(ctx, "quarters", quarters);
	json_object_set_new(ctx, "kpis", kpis_json(w, &x, true));
	json_object_set_new(ctx, "licence", json_string(LICENCE_ID));
	json_object_set_new(ctx, "licence_url", json_string(LICENCE_URL));
	add_details(w, &x, ctx);
	buf_free(&w->r->resp);
	buf_init(&w->r->resp, 8u << 20);
	err = tmpl_render(&w->r->resp, "public", ctx, w->lang);
	json_decref(ctx);
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	cache_put(w);
	cached_reply(w, "text/html; charset=utf-8");
}

void
h_public_json(struct wreq *w)
{
	struct pub x;
	json_t *o, *quarters;
	char *s;

	req_add_header(w->r, "Access-Control-Allow-Origin", "*");
	if (cache_get(w)) {
		cached_reply(w, "application/json");
		return;
	}
	if (!load_pub(w, &x))
		return;
	quarters = json_array();
	for (size_t i = 0; i < x.np; i++)
		json_array_append_new(quarters, quarter_json(w, &x.q[i], false));
	o = json_pack("{s:s, s:s, s:o, s:o, s:s, s:s}", "unit", x.u.code, "name", x.u.name_th,
	              "quarters", quarters, "kpis", kpis_json(w, &x, false), "licence",
	              LICENCE_ID, "licence_url", LICENCE_URL);
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (s == NULL) {
		web_error(w, SOD_ENOMEM, NULL, NULL, NULL);
		return;
	}
	buf_free(&w->r->resp);
	buf_init(&w->r->resp, 8u << 20);
	buf_puts(&w->r->resp, s);
	free(s);
	cache_put(w);
	cached_reply(w, "application/json");
}

void
h_public_csv(struct wreq *w)
{
	struct pub x;
	struct buf *b = &w->r->resp;

	if (!load_pub(w, &x))
		return;
	buf_free(b);
	buf_init(b, 8u << 20);
	buf_puts(b, "\xEF\xBB\xBF");
	buf_printf(b, "# %s, %s, licence %s %s\r\n", x.u.code, x.u.name_th, LICENCE_ID,
	           LICENCE_URL);
	buf_puts(b, "unit,period,tips_received,tips_acknowledged_in_time,tips_referred,"
	            "cases_closed,activities,people_reached\r\n");
	for (size_t i = 0; i < x.np; i++) {
		const struct quarter_figures *f = &x.q[i];

		buf_printf(b, "%s,%d-q%d,%s,%s,%s,%s,%lld,%lld\r\n", x.u.code, f->year, f->quarter,
		           sup_text(w, f->tips_received, false),
		           sup_text(w, f->tips_acknowledged_in_time, false),
		           sup_text(w, f->tips_referred, false), sup_text(w, f->cases_closed, false),
		           (long long)f->activities, (long long)f->people_reached);
	}
	req_add_header(w->r, "Content-Disposition", "attachment; filename=\"data.csv\"");
	cached_reply(w, "text/csv; charset=utf-8");
}

void
h_public_feed(struct wreq *w)
{
	struct pub x;
	struct buf *b = &w->r->resp;

	if (!load_pub(w, &x))
		return;
	buf_free(b);
	buf_init(b, 1u << 20);
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	            "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>");
	html_escape(b, x.u.name_th, strlen(x.u.name_th));
	buf_printf(b, "</title>\n<id>urn:sodsong:public:%s</id>\n", x.u.code);
	buf_printf(b, "<link href=\"/public/%s\"/>\n", x.u.code);
	{
		struct cdate d = date_of_unix(x.p[x.np - 1].at);

		buf_printf(b, "<updated>%04d-%02d-%02dT00:00:00Z</updated>\n", d.year % 10000,
		           d.month % 100, d.day % 100);
	}
	for (size_t i = x.np; i-- > 0;) {
		struct cdate d = date_of_unix(x.p[i].at);

		buf_printf(b, "<entry><title>%lld-q%d</title>"
		           "<id>urn:sodsong:public:%s:%lld-q%d</id>"
		           "<link href=\"/public/%s\"/>"
		           "<updated>%04d-%02d-%02dT00:00:00Z</updated>"
		           "<summary>activities %lld, people reached %lld</summary></entry>\n",
		           (long long)x.p[i].year, x.p[i].quarter, x.u.code, (long long)x.p[i].year,
		           x.p[i].quarter, x.u.code, d.year % 10000, d.month % 100, d.day % 100,
		           (long long)x.q[i].activities, (long long)x.q[i].people_reached);
	}
	buf_puts(b, "</feed>\n");
	cached_reply(w, "application/atom+xml");
}

json_t *
public_units_json(struct wreq *w)
{
	struct unit_rec *u;
	size_t n;
	json_t *list = json_array();

	if (results_public_units(w->sys, w->r->arena, &u, &n) != SOD_OK)
		return list;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s}", "code", u[i].code, "name",
		                                      unit_name(w, &u[i])));
	return list;
}
