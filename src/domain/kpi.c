/*
 * kpi.c — fiscal quarters, KPIs computed from the data or entered with
 * evidence, progress with a traffic light, the figures of a quarter,
 * small-count suppression and publishing (domain/results.h). Definitions
 * of every metric: docs/results.md.
 */
#include "domain/results.h"

#include <stdio.h>
#include <string.h>

#include "domain/clinic.h"
#include "text/date.h"
#include "text/utf8.h"
#include "util/str.h"

/* YYYY-MM-DD of a date (fields in range by construction). */
static void
ymd(char out[11], int y, int m, int d)
{
	int v[3] = {y, m, d}, w[3] = {4, 2, 2}, o = 0;

	for (int i = 0; i < 3; i++) {
		for (int k = w[i] - 1; k >= 0; k--) {
			out[o + k] = (char)('0' + v[i] % 10);
			v[i] /= 10;
		}
		o += w[i];
		if (i < 2)
			out[o++] = '-';
	}
	out[10] = '\0';
}

/* ---- periods ------------------------------------------------------------------- */

bool
period_parse(const char *s, int *year_out, int *quarter_out)
{
	int64_t y;

	if (s == NULL || strlen(s) != 7 || s[4] != '-' || s[5] != 'q' || s[6] < '1' ||
	    s[6] > '4' || !str_to_i64((struct slice){s, 4}, 2400, 2700, &y))
		return false;
	*year_out = (int)y;
	*quarter_out = s[6] - '0';
	return true;
}

bool
period_parse_report(const char *s, int *year_out, int *quarter_out)
{
	int64_t y;

	if (s != NULL && strlen(s) == 4 && str_to_i64((struct slice){s, 4}, 2400, 2700, &y)) {
		*year_out = (int)y;
		*quarter_out = 0;
		return true;
	}
	return period_parse(s, year_out, quarter_out);
}

void
period_bounds(int year, int quarter, char from[11], char to[11])
{
	static const int first_month[] = {10, 10, 1, 4, 7};
	static const int last_month[] = {9, 12, 3, 6, 9};
	static const int last_day[] = {30, 31, 31, 30, 30};
	int ce_end = year - 543;
	int y0 = quarter == 0 || quarter == 1 ? ce_end - 1 : ce_end;
	int y1 = quarter == 1 ? ce_end - 1 : ce_end;

	ymd(from, y0, first_month[quarter], 1);
	ymd(to, y1, last_month[quarter], last_day[quarter]);
}

bool
period_ended(int year, int quarter, int64_t now)
{
	char from[11], to[11], today[11];
	struct cdate d = date_of_unix(now);

	period_bounds(year, quarter, from, to);
	ymd(today, d.year, d.month, d.day);
	return strcmp(to, today) < 0;
}

/* ---- metrics ------------------------------------------------------------------- */

static const struct {
	const char *name;
	enum res_count count;
} plain_metrics[] = {
	{"activities", RES_COUNT_ACTIVITIES},
	{"people_reached", RES_COUNT_AUDIENCE},
	{"multiplier_sessions", RES_COUNT_MULTIPLIER_SESSIONS},
	{"multipliers_trained", RES_COUNT_MULTIPLIERS_TRAINED},
	{"tips_received", RES_COUNT_TIPS_RECEIVED},
	{"tips_referred", RES_COUNT_TIPS_REFERRED},
	{"cases_closed", RES_COUNT_CASES_CLOSED},
	{"referrals", RES_COUNT_REFERRALS},
};

bool
kpi_metric_valid(const char *m)
{
	if (m == NULL)
		return false;
	for (size_t i = 0; i < sizeof(plain_metrics) / sizeof(plain_metrics[0]); i++)
		if (strcmp(m, plain_metrics[i].name) == 0)
			return true;
	if (strncmp(m, "activities.", 11) == 0)
		return activity_kind_valid(m + 11);
	return strcmp(m, "entered") == 0 || strcmp(m, "tips_acknowledged_in_time") == 0 ||
	       strcmp(m, "consultations") == 0 ||
	       strcmp(m, "cases_feedback_3m") == 0;
}

/* Days from a to b (YYYY-MM-DD each); false if either is malformed. */
static bool
days_between(const char *a, const char *b, int64_t *out)
{
	struct cdate x, y;

	if (a == NULL || b == NULL || !date_parse_iso(a, strlen(a), &x) ||
	    !date_parse_iso(b, strlen(b), &y))
		return false;
	*out = (date_to_unix(y) - date_to_unix(x)) / 86400;
	return true;
}

/* The day three calendar months after d (clamped to the month's end). */
static void
plus_three_months(const char *d, char out[11])
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	struct cdate c;
	int dim;

	if (!date_parse_iso(d, strlen(d), &c)) {
		out[0] = '\0';
		return;
	}
	c.month += 3;
	if (c.month > 12) {
		c.month -= 12;
		c.year++;
	}
	dim = mdays[c.month - 1] + (c.month == 2 && ((c.year % 4 == 0 && c.year % 100 != 0) ||
	                                             c.year % 400 == 0));
	if (c.day > dim)
		c.day = dim;
	ymd(out, c.year, c.month, c.day);
}

/* Tips received in the range acknowledged within 7 days; cases whose
 * referral sent in the range was answered within 3 months (once a case). */
static enum sod_err
pair_metric(struct sys *sys, struct arena *a, int64_t unit, bool acks, const char *from,
            const char *to, int64_t *out)
{
	struct date_pair *p;
	size_t n;
	int64_t last_case = 0;
	enum sod_err err = store_res_pairs(sys->store, a, acks, unit, from, to, &p, &n);

	*out = 0;
	if (err)
		return err;
	for (size_t i = 0; i < n; i++) {
		int64_t days;
		char limit[11];

		if (p[i].second == NULL)
			continue;
		if (acks) {
			if (days_between(p[i].first, p[i].second, &days) && days >= 0 && days <= 7)
				(*out)++;
			continue;
		}
		plus_three_months(p[i].first, limit);
		if (strcmp(p[i].second, limit) <= 0 && p[i].object != last_case) {
			(*out)++;
			last_case = p[i].object;
		}
	}
	return SOD_OK;
}

enum sod_err
kpi_metric_value(struct sys *sys, struct arena *a, int64_t unit, const char *metric,
                 const char *code, int year, int quarter, int64_t *out)
{
	char from[11], to[11];

	period_bounds(year, quarter, from, to);
	*out = 0;
	if (strcmp(metric, "entered") == 0)
		return store_kpi_entries_sum(sys->store, unit, year, code, quarter, out);
	if (strcmp(metric, "tips_acknowledged_in_time") == 0)
		return pair_metric(sys, a, unit, true, from, to, out);
	if (strcmp(metric, "cases_feedback_3m") == 0)
		return pair_metric(sys, a, unit, false, from, to, out);
	if (strcmp(metric, "consultations") == 0)  /* the governance clinic (clinic.h) */
		return clinic_count_consultations(sys, unit, from, to, out);
	if (strncmp(metric, "activities.", 11) == 0)
		return store_res_count(sys->store, RES_COUNT_ACTIVITIES_KIND, unit, from, to,
		                       metric + 11, out);
	for (size_t i = 0; i < sizeof(plain_metrics) / sizeof(plain_metrics[0]); i++)
		if (strcmp(metric, plain_metrics[i].name) == 0)
			return store_res_count(sys->store, plain_metrics[i].count, unit, from, to,
			                       NULL, out);
	return SOD_EINVAL;
}

const char *
light_name(enum light l)
{
	static const char *const names[] = {"none", "on_track", "at_risk", "behind"};

	return names[l];
}

/* The cumulative target through quarter q (1–4). */
static int64_t
target_through(const struct kpi_rec *k, int q)
{
	int64_t sum = 0;
	bool any = false;

	for (int i = 0; i < 4; i++) {
		if (i < q)
			sum += k->target_q[i];
		any = any || k->target_q[i] != 0;
	}
	/* No quarter targets: the year's target spread evenly. */
	if (!any)
		sum = k->target * q / 4;
	return sum;
}

static enum light
light_of(int64_t actual, int64_t target)
{
	if (target <= 0 || actual >= target)
		return LIGHT_GREEN;
	return actual * 10 >= target * 7 ? LIGHT_AMBER : LIGHT_RED;
}

enum sod_err
kpi_progress(struct sys *sys, struct arena *a, int64_t unit, int year, const bool only[4],
             int64_t now, struct kpi_progress **items_out, size_t *n_out)
{
	struct kpi_rec *k;
	struct kpi_progress *p;
	size_t n;
	enum sod_err err;

	*items_out = NULL;
	*n_out = 0;
	if ((err = store_kpi_list(sys->store, a, unit, year, &k, &n)) != SOD_OK)
		return err;
	if (n == 0)
		return SOD_OK;
	if ((p = arena_zalloc(a, sizeof(*p) * n)) == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		int64_t cum = 0;

		p[i].k = k[i];
		for (int q = 1; q <= 4; q++) {
			char from[11], to[11], today[11];
			struct cdate d = date_of_unix(now);

			if (only != NULL && !only[q - 1])
				continue;
			if ((err = kpi_metric_value(sys, a, unit, k[i].metric, k[i].code, year, q,
			                            &p[i].by_quarter[q - 1])) != SOD_OK)
				return err;
			p[i].actual += p[i].by_quarter[q - 1];
			cum += p[i].by_quarter[q - 1];
			period_bounds(year, q, from, to);
			ymd(today, d.year, d.month, d.day);
			if (strcmp(from, today) <= 0)
				p[i].light[q - 1] = light_of(cum, target_through(&k[i], q));
		}
	}
	*items_out = p;
	*n_out = n;
	return SOD_OK;
}

static bool
code_ok(const char *c)
{
	size_t n = c ? strlen(c) : 0;

	if (n == 0 || n > 40)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((c[i] >= 'a' && c[i] <= 'z') || (c[i] >= '0' && c[i] <= '9') ||
		      c[i] == '_' || c[i] == '.'))
			return false;
	return true;
}

enum sod_err
kpi_define(struct sys *sys, const struct session *ses, const struct kpi_rec *k,
           struct verr *ve, int64_t *id_out)
{
	bool ok;
	enum sod_err err;

	*ve = (struct verr){0};
	if ((err = results_can_record(sys, ses, k->unit_id, &ok)) != SOD_OK)
		return err;
	if (!ok)
		return SOD_EPERM;
	if (!code_ok(k->code))
		*ve = (struct verr){"code", "error.field.kpi_code"};
	else if (k->name_th == NULL || k->name_th[0] == '\0' ||
	         text_check(k->name_th, strlen(k->name_th), 800, 200, false) != SOD_OK)
		*ve = (struct verr){"name_th", "error.field.required"};
	else if (k->name_en && text_check(k->name_en, strlen(k->name_en), 800, 200, false))
		*ve = (struct verr){"name_en", "error.field.text"};
	else if (!kpi_metric_valid(k->metric))
		*ve = (struct verr){"metric", "error.field.kpi_metric"};
	else if (k->year < 2400 || k->year > 2700)
		*ve = (struct verr){"year", "error.field.year"};
	else if (k->target < 0 || k->target > 100000000)
		*ve = (struct verr){"target", "error.field.count"};
	for (int i = 0; i < 4 && !ve->field; i++)
		if (k->target_q[i] < 0 || k->target_q[i] > 100000000)
			*ve = (struct verr){"target_q", "error.field.count"};
	if (ve->field)
		return SOD_EINVAL;
	return store_kpi_upsert(sys->store, k, id_out);
}

enum sod_err
kpi_enter(struct sys *sys, struct arena *a, const struct session *ses, int64_t unit,
          int64_t kpi, int quarter, int64_t value, const char *evidence, struct verr *ve)
{
	struct kpi_rec k;
	bool ok;
	enum sod_err err;

	*ve = (struct verr){0};
	if ((err = results_can_record(sys, ses, unit, &ok)) != SOD_OK)
		return err;
	if (!ok)
		return SOD_EPERM;
	if ((err = store_kpi_get(sys->store, a, kpi, &k)) != SOD_OK)
		return err;
	if (k.unit_id != unit)
		return SOD_ENOTFOUND;
	if (strcmp(k.metric, "entered") != 0)
		*ve = (struct verr){"kpi", "error.field.kpi_computed"};
	else if (quarter < 1 || quarter > 4)
		*ve = (struct verr){"quarter", "error.field.quarter"};
	else if (value < 0 || value > 100000000)
		*ve = (struct verr){"value", "error.field.count"};
	else if (evidence == NULL || evidence[0] == '\0' ||
	         text_check(evidence, strlen(evidence), 8000, 2000, true) != SOD_OK)
		*ve = (struct verr){"evidence", "error.field.required"};
	if (ve->field)
		return SOD_EINVAL;
	return store_kpi_entry_set(sys->store, kpi, quarter, value, evidence);
}

/* ---- quarters ------------------------------------------------------------------ */

enum sod_err
results_quarter(struct sys *sys, struct arena *a, int64_t unit, int year, int quarter,
                struct quarter_figures *out)
{
	char from[11], to[11];
	enum sod_err err;

	memset(out, 0, sizeof(*out));
	out->year = year;
	out->quarter = quarter;
	period_bounds(year, quarter, from, to);
	if ((err = store_res_count(sys->store, RES_COUNT_TIPS_RECEIVED, unit, from, to, NULL,
	                           &out->tips_received)) ||
	    (err = pair_metric(sys, a, unit, true, from, to, &out->tips_acknowledged_in_time)) ||
	    (err = store_res_count(sys->store, RES_COUNT_TIPS_REFERRED, unit, from, to, NULL,
	                           &out->tips_referred)) ||
	    (err = store_res_count(sys->store, RES_COUNT_CASES_CLOSED, unit, from, to, NULL,
	                           &out->cases_closed)) ||
	    (err = store_res_count(sys->store, RES_COUNT_ACTIVITIES, unit, from, to, NULL,
	                           &out->activities)) ||
	    (err = store_res_count(sys->store, RES_COUNT_AUDIENCE, unit, from, to, NULL,
	                           &out->people_reached)))
		return err;
	return SOD_OK;
}

bool
results_suppressed(int64_t n)
{
	return n >= 1 && n <= 4;
}

enum sod_err
results_published(struct sys *sys, struct arena *a, int64_t unit,
                  struct published_rec **items_out, size_t *n_out)
{
	return store_published_list(sys->store, a, unit, items_out, n_out);
}

bool
results_is_published(const struct published_rec *p, size_t n, int year, int quarter)
{
	for (size_t i = 0; i < n; i++)
		if (p[i].year == year && p[i].quarter == quarter)
			return true;
	return false;
}

enum sod_err
results_activities(struct sys *sys, struct arena *a, int64_t unit, int year, int quarter,
                   int64_t limit, struct activity_rec **items_out, size_t *n_out)
{
	char from[11], to[11];

	period_bounds(year, quarter, from, to);
	return store_activity_list(sys->store, a, unit, from, to, limit, items_out, n_out);
}

enum sod_err
results_by_agency(struct sys *sys, struct arena *a, int64_t unit, int year, int quarter,
                  char ***agencies_out, int64_t **counts_out, size_t *n_out)
{
	char from[11], to[11];

	period_bounds(year, quarter, from, to);
	return store_res_referrals_by_agency(sys->store, a, unit, from, to, agencies_out,
	                                     counts_out, n_out);
}

enum sod_err
results_public_units(struct sys *sys, struct arena *a, struct unit_rec **items_out,
                     size_t *n_out)
{
	return store_published_units(sys->store, a, items_out, n_out);
}

enum sod_err
results_cascade(struct sys *sys, struct arena *a, int64_t training,
                struct activity_rec **items_out, size_t *n_out)
{
	return store_activity_cascade(sys->store, a, training, items_out, n_out);
}
