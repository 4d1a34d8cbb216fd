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

/* Everything the public sees of a unit: its published quarters as their
 * latest snapshots keep them (domain/snapshot.c). */
struct pub {
	struct unit_rec u;
	struct quarter_view *q;
	size_t np;
};

/*
 * The page and data.json for readers without a session are kept, with
 * their ETag, for up to CACHE_SECONDS, and dropped at once when a unit
 * publishes, records an activity or changes a KPI (public_cache_bump).
 * Their figures come from the published snapshots, which change only when
 * a quarter is published; the time limit covers a unit's new name. The
 * public hits these two the most: a hit is a copy, and a revalidation
 * with the same ETag (304) not even that.
 */
#define CACHE_SECONDS 60
#define CACHE_SLOTS   64

static struct {
	char key[160];
	char *body;
	size_t len;
	char etag[40];
	int64_t at;
	uint64_t gen;
} cache[CACHE_SLOTS];
static uint64_t cache_gen = 1;
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;

/* SOD_PUBLIC_CACHE=off turns the cache off, for benchmarks that measure
 * the rendering itself (bench/results.sh); read once. */
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static bool cache_on;

static void
cache_read_env(void)
{
	const char *v = getenv("SOD_PUBLIC_CACHE");

	cache_on = v == NULL || strcmp(v, "off") != 0;
}

static bool
cache_enabled(void)
{
	pthread_once(&cache_once, cache_read_env);
	return cache_on;
}

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

/*
 * Fill r->resp and etag_out from the cache; false if absent, stale or
 * signed in. When the client's If-None-Match is the kept ETag the body is
 * left empty (the answer is 304).
 */
static bool
cache_get(struct wreq *w, char etag_out[40])
{
	const char *key = cache_key(w);
	const char *inm = req_header(w->r, "If-None-Match");
	bool hit = false;
	size_t i;

	if (w->has_session || key == NULL || !cache_enabled())
		return false;
	i = cache_slot(key);
	pthread_mutex_lock(&cache_mu);
	if (cache[i].body != NULL && cache[i].gen == cache_gen &&
	    sod_now() - cache[i].at < CACHE_SECONDS && strcmp(cache[i].key, key) == 0) {
		memcpy(etag_out, cache[i].etag, sizeof(cache[i].etag));
		buf_free(&w->r->resp);
		if (inm != NULL && strcmp(inm, etag_out) == 0) {
			buf_init(&w->r->resp, 16);
		} else {
			buf_init(&w->r->resp, cache[i].len + 16);
			buf_append(&w->r->resp, cache[i].body, cache[i].len);
		}
		hit = !buf_failed(&w->r->resp);
	}
	pthread_mutex_unlock(&cache_mu);
	return hit;
}

static void
cache_put(struct wreq *w, const char *etag)
{
	const char *key = cache_key(w);
	char *copy;
	size_t i;

	if (w->has_session || key == NULL || !cache_enabled() ||
	    strlen(key) >= sizeof(cache[0].key) ||
	    etag == NULL || strlen(etag) >= sizeof(cache[0].etag) || (copy = malloc(w->r->resp.len + 1)) == NULL)
		return;
	memcpy(copy, w->r->resp.data, w->r->resp.len);
	i = cache_slot(key);
	pthread_mutex_lock(&cache_mu);
	free(cache[i].body);
	cache[i].body = copy;
	cache[i].len = w->r->resp.len;
	snprintf(cache[i].etag, sizeof(cache[i].etag), "%s", etag);
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
		err = results_public(w->sys, w->r->arena, x->u.id, sod_now(), &x->q, &x->np);
	if (!err && x->np == 0)
		err = SOD_ENOTFOUND;
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

/* The strong ETag of r->resp: BLAKE2b of the bytes, quoted (arena). */
static const char *
etag_of(struct wreq *w)
{
	unsigned char h[16];
	char hex[33];

	crypto_generichash(h, sizeof(h), (const unsigned char *)w->r->resp.data,
	                   w->r->resp.len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	return arena_printf(w->r->arena, "\"%s\"", hex);
}

/* Answer r->resp with etag (NULL: computed here) and caching; 304 when
 * the client has it. */
static void
cached_reply(struct wreq *w, const char *type, const char *etag)
{
	const char *inm = req_header(w->r, "If-None-Match");

	if (etag == NULL && (etag = etag_of(w)) == NULL) {
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

/* Reply from the cache if it holds this answer. */
static bool
reply_cached(struct wreq *w, const char *type)
{
	char etag[40];

	if (!cache_get(w, etag))
		return false;
	cached_reply(w, type, arena_strdup(w->r->arena, etag));
	return true;
}

/* Keep r->resp in the cache and answer it. */
static void
reply_and_keep(struct wreq *w, const char *type)
{
	const char *etag = etag_of(w);

	cache_put(w, etag);
	cached_reply(w, type, etag);
}

static const char *
period_name(struct wreq *w, int year, int q)
{
	return arena_printf(w->r->arena, "%d-q%d", year, q);
}

/*
 * The KPIs of every year with a published quarter: the sum of the
 * published quarters' figures, the target and status as the year's latest
 * published snapshot keeps them.
 */
static json_t *
kpis_json(struct wreq *w, const struct pub *x, bool page)
{
	json_t *list = json_array();

	for (size_t i = 0; i < x->np; i++) {
		const struct quarter_view *last = &x->q[i];

		if (i + 1 < x->np && x->q[i + 1].year == x->q[i].year)
			continue;
		for (size_t j = 0; j < last->nkpis; j++) {
			const struct quarter_kpi *k = &last->kpis[j];
			int64_t actual = 0;
			json_t *o;

			for (size_t m = 0; m <= i; m++)
				for (size_t n = 0; x->q[m].year == last->year && n < x->q[m].nkpis; n++)
					if (strcmp(x->q[m].kpis[n].code, k->code) == 0)
						actual += x->q[m].kpis[n].value;
			o = json_pack("{s:s, s:s, s:I, s:I, s:I}", "id", k->code, "name",
			    w->lang == LANG_EN && k->name_en[0] ? k->name_en : k->name_th,
			    "target", (json_int_t)k->target, "actual", (json_int_t)actual,
			    "year", (json_int_t)last->year);
			if (page) {
				char key[40];

				snprintf(key, sizeof(key), "kpi.light.%s", light_name(k->light));
				json_object_set_new(o, "status", json_string(light_name(k->light)));
				json_object_set_new(o, "status_label", json_string(i18n_get(w->lang, key)));
			}
			json_array_append_new(list, o);
		}
	}
	return list;
}

static json_t *
quarter_json(struct wreq *w, const struct quarter_view *v, bool page)
{
	const struct quarter_figures *f = &v->f;

	if (!page)
		return json_pack("{s:s, s:o, s:o, s:o, s:o, s:I, s:I}", "period",
		    period_name(w, f->year, f->quarter), "tips_received", sup_json(f->tips_received),
		    "tips_acknowledged_in_time", sup_json(f->tips_acknowledged_in_time),
		    "tips_referred", sup_json(f->tips_referred), "cases_closed",
		    sup_json(f->cases_closed), "activities", (json_int_t)f->activities,
		    "people_reached", (json_int_t)f->people_reached);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "version",
	    (json_int_t)v->version, "period",
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

static const char *
day_text(struct wreq *w, int64_t t)
{
	char d[64];

	date_format(d, sizeof(d), t, DATE_SHORT, w->lang, false);
	return arena_strdup(w->r->arena, d);
}

/* Activities and referrals of the published quarters, and the quarters
 * published again since (each says which version the page shows). */
static void
add_details(struct wreq *w, const struct pub *x, json_t *ctx)
{
	json_t *acts = json_array(), *agencies = json_array(), *revised = json_array();

	for (size_t i = x->np; i-- > 0;) {
		const struct quarter_view *v = &x->q[i];

		for (size_t j = 0; j < v->nacts; j++) {
			const struct activity_rec *a = &v->acts[j];
			char key[48], d[64];
			struct cdate c;

			snprintf(key, sizeof(key), "activity_kind.%s", a->kind);
			date_parse_iso(a->held_on, strlen(a->held_on), &c);
			date_format_cdate(d, sizeof(d), c, DATE_SHORT, w->lang, false);
			json_array_append_new(acts, json_pack("{s:s, s:s, s:s, s:s, s:I}",
			    "title", a->title, "kind", i18n_get(w->lang, key), "date", d,
			    "place", a->province_code ? geo_province(a->province_code, w->lang) ?: "" : "",
			    "audience", (json_int_t)a->audience));
		}
		for (size_t j = 0; j < v->nagencies; j++) {
			char key[48];

			snprintf(key, sizeof(key), "agency.%s", v->agencies[j]);
			json_array_append_new(agencies, json_pack("{s:s, s:s, s:s}", "period",
			    period_name(w, v->year, v->quarter), "agency", i18n_get(w->lang, key),
			    "count", sup_text(w, v->agency_counts[j], true)));
		}
		if (v->version > 1)
			json_array_append_new(revised, json_pack("{s:s, s:I, s:s, s:s}", "period",
			    period_name(w, v->year, v->quarter), "version", (json_int_t)v->version,
			    "first", day_text(w, v->published_at), "date", day_text(w, v->taken_at)));
	}
	json_object_set_new(ctx, "activities", acts);
	json_object_set_new(ctx, "agencies", agencies);
	json_object_set_new(ctx, "revised", revised);
}

void
h_public(struct wreq *w)
{
	struct pub x;
	json_t *ctx, *quarters;
	enum sod_err err;

	if (reply_cached(w, "text/html; charset=utf-8"))
		return;
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
	reply_and_keep(w, "text/html; charset=utf-8");
}

void
h_public_json(struct wreq *w)
{
	struct pub x;
	json_t *o, *quarters, *versions;
	char *s;

	req_add_header(w->r, "Access-Control-Allow-Origin", "*");
	if (reply_cached(w, "application/json"))
		return;
	if (!load_pub(w, &x))
		return;
	quarters = json_array();
	versions = json_object();
	for (size_t i = 0; i < x.np; i++) {
		json_array_append_new(quarters, quarter_json(w, &x.q[i], false));
		/* Which snapshot each quarter shows: 2 and up after a republish. */
		json_object_set_new(versions, period_name(w, x.q[i].year, x.q[i].quarter),
		                    json_integer(x.q[i].version));
	}
	o = json_pack("{s:s, s:s, s:o, s:o, s:o, s:s, s:s}", "unit", x.u.code, "name",
	              x.u.name_th, "quarters", quarters, "versions", versions, "kpis",
	              kpis_json(w, &x, false), "licence", LICENCE_ID, "licence_url", LICENCE_URL);
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
	reply_and_keep(w, "application/json");
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
		const struct quarter_figures *f = &x.q[i].f;

		buf_printf(b, "%s,%d-q%d,%s,%s,%s,%s,%lld,%lld\r\n", x.u.code, f->year, f->quarter,
		           sup_text(w, f->tips_received, false),
		           sup_text(w, f->tips_acknowledged_in_time, false),
		           sup_text(w, f->tips_referred, false), sup_text(w, f->cases_closed, false),
		           (long long)f->activities, (long long)f->people_reached);
	}
	req_add_header(w->r, "Content-Disposition", "attachment; filename=\"data.csv\"");
	cached_reply(w, "text/csv; charset=utf-8", NULL);
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
		int64_t newest = 0;
		struct cdate d;

		for (size_t i = 0; i < x.np; i++)
			if (x.q[i].taken_at > newest)
				newest = x.q[i].taken_at;
		d = date_of_unix(newest);
		buf_printf(b, "<updated>%04d-%02d-%02dT00:00:00Z</updated>\n", d.year % 10000,
		           d.month % 100, d.day % 100);
	}
	/* A quarter published again is updated on the day of its new version. */
	for (size_t i = x.np; i-- > 0;) {
		const struct quarter_view *v = &x.q[i];
		struct cdate d = date_of_unix(v->taken_at);

		buf_printf(b, "<entry><title>%d-q%d</title>"
		           "<id>urn:sodsong:public:%s:%d-q%d</id>"
		           "<link href=\"/public/%s\"/>"
		           "<updated>%04d-%02d-%02dT00:00:00Z</updated>"
		           "<summary>activities %lld, people reached %lld, version %lld</summary>"
		           "</entry>\n",
		           v->year, v->quarter, x.u.code, v->year, v->quarter, x.u.code,
		           d.year % 10000, d.month % 100, d.day % 100,
		           (long long)v->f.activities, (long long)v->f.people_reached,
		           (long long)v->version);
	}
	buf_puts(b, "</feed>\n");
	cached_reply(w, "application/atom+xml", NULL);
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
