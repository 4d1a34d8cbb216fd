/*
 * page_meeting.c — the quarterly follow-up meeting (ติดตามผลรายไตรมาส): one
 * meeting's page with its agenda, its minutes (kept and edited here) and
 * the summary of a quarter's figures taken for it in one click
 * (domain/snapshot.c: the unit's figures, KPIs against targets and
 * activities of the quarter the meeting is held in, or a chosen one, kept
 * as they were when taken). The same as JSON under /api/v1.
 *
 * Who: anyone who may see the unit's network reads; those who manage it
 * (coordinators, supervisors) take the summary and keep the minutes.
 * Figures are internal here: small counts are not suppressed.
 */
#include "web/web.h"

#include <string.h>

#include "domain/network.h"
#include "domain/results.h"
#include "domain/unit.h"
#include "text/date.h"
#include "util/clock.h"
#include "util/str.h"
#include "web/i18n.h"

#define MINUTES_MAX 20000   /* characters, as when a meeting is recorded */
#define PERIOD_CHOICES 5    /* the meeting's quarter and the four before */

/* The unit of the path and its meeting; answers 404/403 itself. */
static bool
meeting_of_path(struct wreq *w, bool manage, struct unit_rec *u, struct meeting_rec *m)
{
	int64_t id;
	bool ok = false;
	enum sod_err err = unit_get(w->sys, w->r->arena, w->r->captures[0], u, NULL);

	if (!err && !str_to_i64(slice_from(w->r->captures[1]), 1, INT64_MAX, &id))
		err = SOD_ENOTFOUND;
	if (!err)
		err = manage ? network_can_manage(w->sys, &w->ses, u->id, &ok)
		             : network_can_view(w->sys, &w->ses, u->id, &ok);
	if (!err && !ok)
		err = SOD_EPERM;
	if (!err)
		err = meeting_get(w->sys, w->r->arena, id, m);
	/* A meeting of another unit is not found under this one. */
	if (!err && m->unit_id != u->id)
		err = SOD_ENOTFOUND;
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return false;
	}
	return true;
}

static const char *
period_text(struct wreq *w, int year, int quarter)
{
	return arena_printf(w->r->arena, "%d-q%d", year, quarter);
}

/* The meeting's quarter: the fiscal quarter its day falls in. */
static void
meeting_quarter(const struct meeting_rec *m, int *year, int *quarter)
{
	struct cdate d;

	*year = 0;
	*quarter = 0;
	if (date_parse_iso(m->held_on, strlen(m->held_on), &d)) {
		*year = fiscal_year_be(d);
		*quarter = fiscal_quarter(d);
	}
}

static json_t *
summary_json(struct wreq *w, const struct quarter_view *v, bool page)
{
	static const char *const ids[] = {"tips_received", "tips_acknowledged_in_time",
	                                  "tips_referred", "cases_closed", "activities",
	                                  "people_reached"};
	const int64_t vals[] = {v->f.tips_received, v->f.tips_acknowledged_in_time,
	                        v->f.tips_referred, v->f.cases_closed, v->f.activities,
	                        v->f.people_reached};
	json_t *figures = page ? json_array() : json_object(), *kpis = json_array();
	char d[64];

	for (size_t i = 0; i < 6; i++) {
		char key[48];

		snprintf(key, sizeof(key), "public.%s", ids[i]);
		if (page)
			json_array_append_new(figures, json_pack("{s:s, s:s, s:I}", "id", ids[i],
			    "label", i18n_get(w->lang, key), "value", (json_int_t)vals[i]));
		else
			json_object_set_new(figures, ids[i], json_integer(vals[i]));
	}
	for (size_t i = 0; i < v->nkpis; i++) {
		const struct quarter_kpi *k = &v->kpis[i];
		char key[40];

		snprintf(key, sizeof(key), "kpi.light.%s", light_name(k->light));
		json_array_append_new(kpis, json_pack("{s:s, s:s, s:I, s:I, s:I, s:s, s:s}",
		    "id", k->code, "name", w->lang == LANG_EN && k->name_en[0] ? k->name_en : k->name_th,
		    "target", (json_int_t)k->target, "quarter_target", (json_int_t)k->quarter_target,
		    "value", (json_int_t)k->value, "status", light_name(k->light),
		    "status_label", i18n_get(w->lang, key)));
	}
	date_format(d, sizeof(d), v->taken_at, DATE_TIME, w->lang, false);
	return json_pack("{s:s, s:s, s:o, s:o}", "period", period_text(w, v->year, v->quarter),
	                 "taken_at", d, "figures", figures, "kpis", kpis);
}

/* The meeting as JSON, with its summary when one was taken. */
static json_t *
meeting_json(struct wreq *w, const struct meeting_rec *m, bool page)
{
	struct quarter_view v;
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)m->id,
	    "title", m->title, "held_on", m->held_on, "agenda", m->agenda, "minutes", m->minutes,
	    "attendees", (json_int_t)m->attendees);
	enum sod_err err = meeting_summary_get(w->sys, w->r->arena, m->id, &v);

	if (err == SOD_OK)
		json_object_set_new(o, "summary", summary_json(w, &v, page));
	else
		json_object_set_new(o, "summary", json_null());
	return o;
}

void
h_meeting(struct wreq *w)
{
	struct unit_rec u;
	struct meeting_rec m;
	bool manage = false;
	int year, quarter;
	json_t *ctx, *periods;

	if (!meeting_of_path(w, false, &u, &m))
		return;
	if (network_can_manage(w->sys, &w->ses, u.id, &manage) != SOD_OK)
		manage = false;
	meeting_quarter(&m, &year, &quarter);
	periods = json_array();
	for (int i = 0; year > 0 && i < PERIOD_CHOICES; i++) {
		json_array_append_new(periods, json_pack("{s:s, s:b}", "value",
		    period_text(w, year, quarter), "selected", i == 0));
		if (--quarter == 0) {
			quarter = 4;
			year--;
		}
	}
	ctx = page_ctx(w, "meeting.title");
	json_object_set_new(ctx, "unit", json_pack("{s:s, s:s}", "code", u.code, "name",
	                    w->lang == LANG_EN && u.name_en ? u.name_en : u.name_th));
	json_object_set_new(ctx, "meeting", meeting_json(w, &m, true));
	json_object_set_new(ctx, "periods", periods);
	json_object_set_new(ctx, "manage", json_boolean(manage));
	page_render(w, 200, "meeting", ctx);
}

void
h_api_meeting(struct wreq *w)
{
	struct unit_rec u;
	struct meeting_rec m;

	if (!meeting_of_path(w, false, &u, &m))
		return;
	json_reply(w, 200, meeting_json(w, &m, false));
}

/* POST …/summary: period (BE-qN) or empty for the meeting's quarter. */
void
h_meeting_summary(struct wreq *w)
{
	struct unit_rec u;
	struct meeting_rec m;
	const char *period = form_str(w, "period");
	int year = 0, quarter = 0;
	enum sod_err err;

	if (!meeting_of_path(w, true, &u, &m))
		return;
	if (period[0] != '\0' && !period_parse(period, &year, &quarter)) {
		web_error(w, SOD_EINVAL, NULL, "period", "error.field.period");
		return;
	}
	if ((err = meeting_summary_take(w->sys, w->r->arena, m.id, year, quarter, sod_now()))) {
		web_error(w, err, NULL, err == SOD_EINVAL ? "period" : NULL,
		          err == SOD_EINVAL ? "error.field.period" : NULL);
		return;
	}
	web_done(w, arena_printf(w->r->arena, "/units/%s/meetings/%lld", u.code,
	                         (long long)m.id) ?: "/", "meeting_summary");
}

/* POST …/minutes: the minutes' text (0–20,000 characters). */
void
h_meeting_minutes(struct wreq *w)
{
	struct unit_rec u;
	struct meeting_rec m;
	const char *minutes = form_str(w, "minutes"), *key = NULL;
	enum sod_err err;

	if (!meeting_of_path(w, true, &u, &m))
		return;
	if (!field_ok(minutes, false, MINUTES_MAX, &key)) {
		web_error(w, SOD_EINVAL, NULL, "minutes", key);
		return;
	}
	if ((err = meeting_minutes_set(w->sys, m.id, minutes))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	web_done(w, arena_printf(w->r->arena, "/units/%s/meetings/%lld", u.code,
	                         (long long)m.id) ?: "/", "meeting_minutes");
}
