/*
 * remind.h — the daily reminder digest (docs/reminders.md).
 *
 * Each officer gets at most one e-mail a Bangkok day listing what is due
 * on the units of their grants (and everything under them): counts and
 * links only, never a subject, a name or anything decrypted — the counts
 * come from plain columns (statuses and dates) through store/remind.c.
 *
 * What is due comes from a table of sources (remind_sources), one entry
 * per kind of item, each with the role that must act on it and a count
 * function over a unit's subtree for a given day. Adding a kind (clinic
 * requests not scheduled in 7 days, budget reports due) is one entry.
 *
 * The rules, for a digest of day D (YYYY-MM-DD, Asia/Bangkok):
 *   tips      still "new": due soon from day 5 of 7 (received D-6 … D-4),
 *             overdue from day 8 (received on or before D-7)
 *   cases     open, feedback date (3 months) within D … D+14: soon;
 *             before D: overdue
 *   referrals unanswered, of open cases, sent on or before D-30: overdue
 *   quarters  the last fiscal quarter that ended before D, once D is 15
 *             days or more after its end: units of the subtree with
 *             results to report (KPIs for that year, or an activity in
 *             the quarter) that have not published it: overdue
 *
 * Rendering (language, text and HTML) belongs to the caller (web/), which
 * hands remind_run a function; this module decides who gets what.
 */
#ifndef SOD_DOMAIN_REMIND_H
#define SOD_DOMAIN_REMIND_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/auth.h"
#include "domain/sys.h"

#define REMIND_SOURCES_MAX 16

/* ---- the day rules (pure; unit-tested) ---------------------------------------- */

/* day ± n days into out (YYYY-MM-DD); false if day is not a real date. */
bool remind_day_add(const char *day, int n, char out[11]);
/* The Bangkok calendar day of Unix time t. */
void remind_day_of(int64_t t, char out[11]);

/* Ranges of received_on (from..to, both included) of unacknowledged tips
 * that are due soon (days 5–7) and overdue on day. */
bool remind_tip_ranges(const char *day, char soon_from[11], char soon_to[11],
                       char overdue_to[11]);
/* Ranges of due_on of open cases: soon day..day+14, overdue ..day-1. */
bool remind_case_ranges(const char *day, char soon_from[11], char soon_to[11],
                        char overdue_to[11]);
/* Referrals sent on or before day-30 are overdue. */
bool remind_referral_before(const char *day, char out[11]);
/*
 * The quarter whose report is overdue on day: the last fiscal quarter that
 * ended before day, if day is at least 15 days after its end. false when
 * none is (or day is not a date). year is Buddhist Era; from..to its days.
 */
bool remind_quarter_due(const char *day, int *year_out, int *quarter_out, char from[11],
                        char to[11]);

/* ---- sources ------------------------------------------------------------------ */

struct remind_count {
	int64_t soon;      /* due within the source's warning window */
	int64_t overdue;   /* past due */
};

struct remind_source {
	const char *name;    /* settings name and catalog key remind.kind.NAME */
	enum role role;      /* holders of it (or a role implying it) are told */
	const char *link;    /* the page to open, a path */
	enum sod_err (*count)(struct sys *sys, int64_t unit, const char *day,
	                      struct remind_count *out);
};

extern const struct remind_source remind_sources[];
extern const size_t remind_nsources;

/* The source named name, or NULL. */
const struct remind_source *remind_source_find(const char *name);

/* True if kinds (a comma list; "" = all) includes name. */
bool remind_kinds_has(const char *kinds, const char *name);

/* ---- digests ------------------------------------------------------------------ */

struct remind_line {
	const struct remind_source *src;
	struct remind_count c;
};

struct remind_digest {
	int64_t account_id;
	const char *username;
	const char *email;
	const char *lang;            /* "th" or "en" */
	const char *day;
	struct remind_line lines[REMIND_SOURCES_MAX];
	size_t nlines;               /* only sources with something due */
	int64_t total;               /* sum of all counts */
};

/*
 * What is due on day for the account of settings r (its grants; units
 * inside another granted unit are counted once). Lines in source order;
 * the kinds the account turned off are left out.
 */
enum sod_err remind_digest_for(struct sys *sys, struct arena *a,
                               const struct remind_settings_rec *r, const char *day,
                               struct remind_digest *out);

/*
 * Render a digest: subject, plain text and HTML (all UTF-8, in the arena).
 * base_url (no trailing slash) prefixes the sources' links and the link to
 * the settings page (/account#reminders).
 */
typedef enum sod_err (*remind_render_fn)(const struct remind_digest *d, struct arena *a,
                                         const char *base_url, char **subject_out,
                                         char **text_out, char **html_out);

struct remind_stats {
	bool smtp;            /* false: no SMTP configured, nothing was sent */
	size_t accounts;      /* accounts looked at */
	size_t sent;          /* digests sent now */
	size_t already;       /* already sent that day */
	size_t nothing_due;
	size_t off;           /* reminders turned off */
	size_t no_address;
	size_t failed;        /* the mail server refused or was unreachable */
	size_t hook_events;   /* tip.overdue webhook events queued */
};

/*
 * The day's run: queue the tip.overdue webhook events of day (once per
 * day), then, if mail is configured, send each account's digest unless it
 * was sent that day already (claimed in the sent-log before sending,
 * released if sending fails). Only store errors fail the run.
 */
enum sod_err remind_run(struct sys *sys, const char *day, remind_render_fn render,
                        struct remind_stats *out);

/* Settings as a person edits them; SOD_EINVAL with ve set for a bad
 * address, kind or language. email "" means: the person's own address. */
enum sod_err remind_settings_save(struct sys *sys, int64_t account, bool enabled,
                                  const char *kinds, const char *email, const char *lang,
                                  struct verr *ve);

#endif
