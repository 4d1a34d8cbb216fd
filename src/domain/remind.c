/*
 * remind.c — see remind.h: the day rules, the table of due-item sources,
 * one account's digest, and the day's run with its sent-log.
 */
#include "domain/remind.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "domain/results.h"
#include "domain/tip.h"
#include "domain/webhook.h"
#include "text/date.h"
#include "util/clock.h"
#include "util/log.h"

/* ---- day rules ---------------------------------------------------------------- */

void
remind_day_of(int64_t t, char out[11])
{
	struct cdate d = date_of_unix(t);

	snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

bool
remind_day_add(const char *day, int n, char out[11])
{
	struct cdate d;

	if (day == NULL || strlen(day) != 10 || !date_parse_iso(day, 10, &d))
		return false;
	/* Noon, so that the day is the same whatever the zone arithmetic. */
	remind_day_of(date_to_unix(d) + 12 * 3600 + (int64_t)n * 86400, out);
	return true;
}

bool
remind_tip_ranges(const char *day, char soon_from[11], char soon_to[11],
                  char overdue_to[11])
{
	/* Received on R, a tip's day 1 is R and its day 7 is R+6, the last day
	 * to acknowledge it (TIP_ACK_DAYS); day 5 is R+4. */
	return remind_day_add(day, -6, soon_from) && remind_day_add(day, -4, soon_to) &&
	       remind_day_add(day, -7, overdue_to);
}

bool
remind_case_ranges(const char *day, char soon_from[11], char soon_to[11],
                   char overdue_to[11])
{
	return remind_day_add(day, 0, soon_from) && remind_day_add(day, 14, soon_to) &&
	       remind_day_add(day, -1, overdue_to);
}

bool
remind_referral_before(const char *day, char out[11])
{
	return remind_day_add(day, -30, out);
}

bool
remind_quarter_due(const char *day, int *year_out, int *quarter_out, char from[11],
                   char to[11])
{
	char last[11], cutoff[11];
	struct cdate d;
	int y, q;

	if (!remind_day_add(day, 0, last) || !date_parse_iso(day, 10, &d))
		return false;
	/* The quarter that holds day, then the one before it: the last ended. */
	y = fiscal_year_be(d);
	q = fiscal_quarter(d) - 1;
	if (q == 0) {
		q = 4;
		y--;
	}
	period_bounds(y, q, from, to);
	if (!remind_day_add(to, 15, cutoff) || strcmp(day, cutoff) < 0)
		return false;
	*year_out = y;
	*quarter_out = q;
	return true;
}

/* ---- sources ------------------------------------------------------------------ */

static enum sod_err
count_tips(struct sys *sys, int64_t unit, const char *day, struct remind_count *out)
{
	char sf[11], st[11], ot[11];
	enum sod_err err;

	if (!remind_tip_ranges(day, sf, st, ot))
		return SOD_EINVAL;
	if ((err = store_remind_tips_new(sys->store, unit, sf, st, &out->soon)))
		return err;
	return store_remind_tips_new(sys->store, unit, "0000-01-01", ot, &out->overdue);
}

static enum sod_err
count_cases(struct sys *sys, int64_t unit, const char *day, struct remind_count *out)
{
	char sf[11], st[11], ot[11];
	enum sod_err err;

	if (!remind_case_ranges(day, sf, st, ot))
		return SOD_EINVAL;
	if ((err = store_remind_cases_due(sys->store, unit, sf, st, &out->soon)))
		return err;
	return store_remind_cases_due(sys->store, unit, "0000-01-01", ot, &out->overdue);
}

static enum sod_err
count_referrals(struct sys *sys, int64_t unit, const char *day, struct remind_count *out)
{
	char before[11];

	if (!remind_referral_before(day, before))
		return SOD_EINVAL;
	out->soon = 0;
	return store_remind_referrals_open(sys->store, unit, "0000-01-01", before,
	                                   &out->overdue);
}

static enum sod_err
count_quarters(struct sys *sys, int64_t unit, const char *day, struct remind_count *out)
{
	char from[11], to[11];
	int year, quarter;

	out->soon = out->overdue = 0;
	if (!remind_quarter_due(day, &year, &quarter, from, to))
		return SOD_OK;
	return store_remind_quarter_units(sys->store, unit, year, quarter, from, to,
	                                  &out->overdue);
}

/* To add after the clinic and budget branches merge (docs/reminders.md):
 *   {"clinic", ROLE_OFFICER, "/clinic/requests", count_clinic_unscheduled},
 *   {"budget", ROLE_COORDINATOR, "/budget-requests", count_budget_reports_due}, */
const struct remind_source remind_sources[] = {
	{"tips", ROLE_OFFICER, "/tips?status=new", count_tips},
	{"cases", ROLE_OFFICER, "/cases", count_cases},
	{"referrals", ROLE_OFFICER, "/cases?status=awaiting_answer", count_referrals},
	{"quarters", ROLE_SUPERVISOR, "/results", count_quarters},
};
const size_t remind_nsources = sizeof(remind_sources) / sizeof(remind_sources[0]);

const struct remind_source *
remind_source_find(const char *name)
{
	for (size_t i = 0; i < remind_nsources; i++)
		if (strcmp(remind_sources[i].name, name) == 0)
			return &remind_sources[i];
	return NULL;
}

bool
remind_kinds_has(const char *kinds, const char *name)
{
	size_t n = strlen(name);

	if (kinds == NULL || kinds[0] == '\0')
		return true;
	for (const char *p = kinds; *p != '\0';) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == n && memcmp(p, name, n) == 0)
			return true;
		p += len + (e ? 1 : 0);
	}
	return false;
}

/* ---- digests ------------------------------------------------------------------ */

static bool
grant_implies(const char *held, enum role want)
{
	return strcmp(held, role_name(want)) == 0 ||
	       (want == ROLE_OFFICER && strcmp(held, "supervisor") == 0);
}

/*
 * The units of grants holding role, without those inside another of them
 * (a grant on moi and one on a province under it count the province once).
 */
static enum sod_err
top_units(struct sys *sys, const struct grant_rec *g, size_t ng, enum role role,
          int64_t *units, size_t *n_out)
{
	size_t n = 0;

	for (size_t i = 0; i < ng; i++) {
		bool skip = !grant_implies(g[i].role, role);

		for (size_t j = 0; j < n && !skip; j++)
			skip = units[j] == g[i].unit_id;
		for (size_t j = 0; j < ng && !skip; j++) {
			bool within;
			enum sod_err err;

			if (j == i || g[j].unit_id == g[i].unit_id || !grant_implies(g[j].role, role))
				continue;
			if ((err = store_unit_is_within(sys->store, g[i].unit_id, g[j].unit_id,
			                                &within)))
				return err;
			skip = within;
		}
		if (!skip)
			units[n++] = g[i].unit_id;
	}
	*n_out = n;
	return SOD_OK;
}

enum sod_err
remind_digest_for(struct sys *sys, struct arena *a, const struct remind_settings_rec *r,
                  const char *day, struct remind_digest *out)
{
	struct grant_rec *g;
	size_t ng, nu;
	int64_t *units;
	enum sod_err err;

	*out = (struct remind_digest){
		.account_id = r->account_id, .username = r->username, .email = r->email,
		.lang = r->lang ? r->lang : "th", .day = day,
	};
	if ((err = store_grant_list(sys->store, a, r->account_id, &g, &ng)))
		return err;
	if (ng == 0)
		return SOD_OK;
	if ((units = arena_alloc(a, ng * sizeof(*units))) == NULL)
		return SOD_ENOMEM;
	for (size_t s = 0; s < remind_nsources && out->nlines < REMIND_SOURCES_MAX; s++) {
		const struct remind_source *src = &remind_sources[s];
		struct remind_count sum = {0, 0};

		if (!remind_kinds_has(r->kinds, src->name))
			continue;
		if ((err = top_units(sys, g, ng, src->role, units, &nu)))
			return err;
		for (size_t i = 0; i < nu; i++) {
			struct remind_count c = {0, 0};

			if ((err = src->count(sys, units[i], day, &c)))
				return err;
			sum.soon += c.soon;
			sum.overdue += c.overdue;
		}
		if (sum.soon + sum.overdue == 0)
			continue;
		out->lines[out->nlines++] = (struct remind_line){src, sum};
		out->total += sum.soon + sum.overdue;
	}
	return SOD_OK;
}

/* ---- the day's run --------------------------------------------------------------- */

/* How many days back a run catches up on tip.overdue events missed while
 * nothing ran (the server down, no cron). */
#define OVERDUE_CATCH_UP_DAYS 31

/* tip.overdue events of one day d: the tips received d-7 still "new". */
static enum sod_err
overdue_events_of(struct sys *sys, struct arena *a, const char *d, size_t *n_out)
{
	char received[11];
	int64_t *ids, *units;
	size_t n;
	enum sod_err err;

	if (!remind_day_add(d, -TIP_ACK_DAYS, received))
		return SOD_EINVAL;
	if ((err = store_remind_tips_on(sys->store, a, received, &ids, &units, &n)))
		return err;
	for (size_t i = 0; i < n; i++) {
		json_t *data = json_pack("{s:I, s:s}", "tip_id", (json_int_t)ids[i],
		                         "received_on", received);

		if (webhook_emit(sys, units[i], "tip.overdue", data) == SOD_OK)
			(*n_out)++;
	}
	return SOD_OK;
}

/*
 * tip.overdue events for the tips whose acknowledgement became late on
 * day, and on the days since the last run (at most a month back): each
 * day once, whatever the number of runs. A run for a day before the last
 * one queues nothing (those events went out already).
 */
static enum sod_err
overdue_events(struct sys *sys, struct arena *a, const char *day, size_t *n_out)
{
	char *last = NULL, d[11], first[11];
	enum sod_err err;

	*n_out = 0;
	err = store_meta_get(sys->store, a, "remind.overdue_events_day", &last);
	if (err && err != SOD_ENOTFOUND)
		return err;
	if (last != NULL && strcmp(last, day) >= 0)
		return SOD_OK;
	if (!remind_day_add(day, -(OVERDUE_CATCH_UP_DAYS - 1), first))
		return SOD_EINVAL;
	if (last == NULL || strcmp(last, first) < 0)
		memcpy(d, first, sizeof(d));
	else if (!remind_day_add(last, 1, d))
		return SOD_EINVAL;
	for (; strcmp(d, day) <= 0; remind_day_add(d, 1, d))
		if ((err = overdue_events_of(sys, a, d, n_out)))
			return err;
	return store_meta_set(sys->store, "remind.overdue_events_day", day);
}

static bool
address_ok(const char *s)
{
	const char *at = s ? strchr(s, '@') : NULL;

	return at != NULL && at != s && at[1] != '\0' && strchr(at + 1, '@') == NULL &&
	       strpbrk(s, " \t\r\n<>\"(),;:\\[]") == NULL && strlen(s) <= 254;
}

/* One account: decide, claim, render, send; counts go to st. */
static enum sod_err
run_one(struct sys *sys, struct arena *a, const struct remind_settings_rec *r,
        const char *day, remind_render_fn render, struct remind_stats *st)
{
	struct remind_digest d;
	char *subject, *text, *html;
	bool claimed;
	enum sod_err err;

	if (!r->enabled) {
		st->off++;
		return SOD_OK;
	}
	if (!address_ok(r->email)) {
		st->no_address++;
		return SOD_OK;
	}
	if ((err = remind_digest_for(sys, a, r, day, &d)))
		return err;
	if (d.total == 0) {
		st->nothing_due++;
		return SOD_OK;
	}
	/* remind-once-a-day: claimed before sending, so two runs (the CLI and
	 * serve's timer) never both send. */
	if ((err = store_remind_claim(sys->store, r->account_id, day, sod_now(), d.total,
	                              &claimed)))
		return err;
	if (!claimed) {
		st->already++;
		return SOD_OK;
	}
	if ((err = render(&d, a, sys->base_url, &subject, &text, &html)) ||
	    (err = mail_send_alt(&sys->mail, (const char *const *)&r->email, 1, subject, text,
	                         html))) {
		LOG_WARN("reminder for account %lld not sent: %s", (long long)r->account_id,
		         sod_strerror(err));
		st->failed++;
		return store_remind_unclaim(sys->store, r->account_id, day);
	}
	st->sent++;
	return SOD_OK;
}

enum sod_err
remind_run(struct sys *sys, const char *day, remind_render_fn render,
           struct remind_stats *out)
{
	struct remind_settings_rec *accts;
	struct arena *a = arena_new(64u << 20);
	char check[11];
	size_t n;
	enum sod_err err;

	*out = (struct remind_stats){.smtp = mail_enabled(&sys->mail)};
	if (a == NULL)
		return SOD_ENOMEM;
	if (!remind_day_add(day, 0, check) || strcmp(check, day) != 0) {
		err = SOD_EINVAL;
		goto out;
	}
	if ((err = overdue_events(sys, a, day, &out->hook_events)))
		goto out;
	if (!out->smtp)
		goto out;
	if ((err = store_remind_accounts(sys->store, a, &accts, &n)))
		goto out;
	for (size_t i = 0; i < n && !err; i++) {
		struct arena *one = arena_new(4u << 20);

		if (one == NULL) {
			err = SOD_ENOMEM;
			break;
		}
		out->accounts++;
		err = run_one(sys, one, &accts[i], day, render, out);
		arena_free(&one);
	}
out:
	arena_free(&a);
	return err;
}

enum sod_err
remind_settings_save(struct sys *sys, int64_t account, bool enabled, const char *kinds,
                     const char *email, const char *lang, struct verr *ve)
{
	struct remind_settings_rec r = {
		.account_id = account, .enabled = enabled, .kinds = (char *)(kinds ? kinds : ""),
		.email = email && email[0] ? (char *)email : NULL,
		.lang = (char *)(lang && lang[0] ? lang : "th"),
	};

	if (r.email != NULL && !address_ok(r.email)) {
		*ve = (struct verr){"email", "error.field.email"};
		return SOD_EINVAL;
	}
	if (strcmp(r.lang, "th") != 0 && strcmp(r.lang, "en") != 0) {
		*ve = (struct verr){"lang", "remind.bad_lang"};
		return SOD_EINVAL;
	}
	for (const char *p = r.kinds; *p != '\0';) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		bool known = false;

		for (size_t i = 0; i < remind_nsources && !known; i++)
			known = strlen(remind_sources[i].name) == len &&
			        memcmp(remind_sources[i].name, p, len) == 0;
		if (!known) {
			*ve = (struct verr){"kinds", "remind.bad_kind"};
			return SOD_EINVAL;
		}
		p += len + (e ? 1 : 0);
	}
	return store_remind_settings_set(sys->store, &r);
}
