/*
 * results.h — what units did and how they stand: activities with their
 * attendance (domain/activity.c), KPIs with targets and quarterly progress,
 * the figures of a fiscal quarter, small-count suppression and publishing
 * (domain/kpi.c). docs/results.md defines every KPI and the rules.
 *
 * Periods are Buddhist-Era fiscal quarters: "2569-q1" is 1 Oct 2025 –
 * 31 Dec 2025 (text/date.h). Every count covers the unit's whole subtree,
 * so a parent sees its children rolled up.
 *
 * Who may do what: coordinators and supervisors on the unit's line record
 * activities and KPIs; supervisors on the line publish a quarter; anyone
 * with a role on the line reads. Nothing is published before a supervisor
 * publishes it, and never a quarter that has not ended.
 */
#ifndef SOD_DOMAIN_RESULTS_H
#define SOD_DOMAIN_RESULTS_H

#include <stdbool.h>

#include "domain/auth.h"
#include "domain/sys.h"

extern const char *const activity_kinds[];    /* NULL-terminated (CONTRACT.md) */
enum { SECTOR__MAX = 7 };
extern const char *const activity_sectors[];  /* SECTOR__MAX names, then NULL */

bool activity_kind_valid(const char *kind);

/* What a form or the API gives; NULL or "" for absent. */
struct activity_input {
	const char *kind, *title, *held_on;     /* held_on YYYY-MM-DD */
	const char *province, *district;        /* data/geo codes */
	const char *outputs, *note;
	int64_t leader_id;                      /* 0: none */
	int64_t training_id;                    /* 0: none; else the training that
	                                           certified the leader */
	int64_t audience;                       /* < 0: attendees + head counts */
	const int64_t *people;                  /* ticked members */
	size_t npeople;
	const char *names;                      /* pasted list: one a line, "given
	                                           family" or a person number */
	int64_t heads[SECTOR__MAX];             /* head counts by sector */
};

/*
 * Record an activity of unit (coordinator or supervisor on its line, else
 * SOD_EPERM). Every person ticked or named must be a current member of the
 * unit's subtree; a pasted line that matches nobody or several people makes
 * the whole call SOD_EINVAL (ve->field "names") with those lines in
 * *unmatched_out (arena; may be NULL). All or nothing.
 */
enum sod_err activity_record(struct sys *sys, struct arena *a, const struct session *ses,
                             int64_t unit, const struct activity_input *in,
                             struct verr *ve, int64_t *id_out, char ***unmatched_out,
                             size_t *nunmatched_out);

/* True if ses may record activities and KPIs of the unit. */
enum sod_err results_can_record(struct sys *sys, const struct session *ses, int64_t unit,
                                bool *out);
/* True if ses may publish the unit's quarters (a supervisor on its line). */
enum sod_err results_can_publish(struct sys *sys, const struct session *ses, int64_t unit,
                                 bool *out);

/* ---- periods ----------------------------------------------------------------- */

/* Parse "2569-q1" (BE year 2400–2700, quarter 1–4). */
bool period_parse(const char *s, int *year_out, int *quarter_out);
/* period_parse, or a whole fiscal year "2569" (quarter 0): a report's period. */
bool period_parse_report(const char *s, int *year_out, int *quarter_out);
/* First and last day (YYYY-MM-DD) of a fiscal quarter, or of the whole
 * year with quarter 0. */
void period_bounds(int year, int quarter, char from[11], char to[11]);
/* True if the quarter's last day is before today (Bangkok) at time now. */
bool period_ended(int year, int quarter, int64_t now);

/* ---- KPIs ---------------------------------------------------------------------- */

/*
 * Metrics a KPI may be computed from: "activities", "activities.KIND",
 * "people_reached", "multiplier_sessions", "multipliers_trained",
 * "tips_received", "tips_acknowledged_in_time", "tips_referred",
 * "cases_closed", "referrals", "cases_feedback_3m", "consultations" (the
 * governance clinic's requests received); or "entered" (figures
 * entered per quarter with evidence).
 */
bool kpi_metric_valid(const char *metric);

/* One quarter's value of a metric over unit's subtree (entered: the sum of
 * entries of KPIs with code in the subtree). */
enum sod_err kpi_metric_value(struct sys *sys, struct arena *a, int64_t unit,
                              const char *metric, const char *code, int year,
                              int quarter, int64_t *out);

enum light { LIGHT_NONE, LIGHT_GREEN, LIGHT_AMBER, LIGHT_RED };
const char *light_name(enum light l);    /* "none", "on_track", "at_risk", "behind" */

struct kpi_progress {
	struct kpi_rec k;
	int64_t by_quarter[4];
	int64_t actual;            /* sum of by_quarter */
	enum light light[4];       /* cumulative actual against cumulative target */
};

/*
 * The unit's KPIs of a year with their progress. only (may be NULL) marks
 * the quarters to count (the public page counts published ones only); the
 * others are 0 with LIGHT_NONE. Quarters not begun at now are LIGHT_NONE.
 */
enum sod_err kpi_progress(struct sys *sys, struct arena *a, int64_t unit, int year,
                          const bool only[4], int64_t now,
                          struct kpi_progress **items_out, size_t *n_out);

/* Define or change a KPI (code: [a-z0-9_.], 1–40). */
enum sod_err kpi_define(struct sys *sys, const struct session *ses, const struct kpi_rec *k,
                        struct verr *ve, int64_t *id_out);
/* Enter a quarter's figure of an "entered" KPI of unit. */
enum sod_err kpi_enter(struct sys *sys, struct arena *a, const struct session *ses,
                       int64_t unit, int64_t kpi, int quarter, int64_t value,
                       const char *evidence, struct verr *ve);

/* ---- quarters, suppression, publishing ----------------------------------------- */

struct quarter_figures {
	int year, quarter;
	int64_t tips_received, tips_acknowledged_in_time, tips_referred, cases_closed;
	int64_t activities, people_reached;
};

enum sod_err results_quarter(struct sys *sys, struct arena *a, int64_t unit, int year,
                             int quarter, struct quarter_figures *out);

/* Counts of 1–4 about tips or cases are shown as "fewer than 5". */
bool results_suppressed(int64_t n);

/*
 * Publish a quarter of unit (supervisor on its line, else SOD_EPERM) and
 * keep a snapshot of its figures as the public will see them
 * (domain/snapshot.c). SOD_EINVAL (ve->field "period") if the quarter has
 * not ended at now. Publishing again keeps a new snapshot: *version_out
 * (may be NULL) is 1 the first time, then 2, 3, …
 */
enum sod_err results_publish(struct sys *sys, const struct session *ses, int64_t unit,
                             int year, int quarter, int64_t now, struct verr *ve,
                             int64_t *version_out);

/* Quarters the unit has published, oldest first. */
enum sod_err results_published(struct sys *sys, struct arena *a, int64_t unit,
                               struct published_rec **items_out, size_t *n_out);
bool results_is_published(const struct published_rec *p, size_t n, int year, int quarter);

/* Activities of the unit's subtree in a quarter (0: the whole year),
 * newest first, at most limit. */
enum sod_err results_activities(struct sys *sys, struct arena *a, int64_t unit, int year,
                                int quarter, int64_t limit,
                                struct activity_rec **items_out, size_t *n_out);
/* Cases referred in a quarter (0: the year) per agency code. */
enum sod_err results_by_agency(struct sys *sys, struct arena *a, int64_t unit, int year,
                               int quarter, char ***agencies_out, int64_t **counts_out,
                               size_t *n_out);
/* The cascade of a training: activities whose leader it certified as a
 * multiplier trainer, oldest first. */
enum sod_err results_cascade(struct sys *sys, struct arena *a, int64_t training,
                             struct activity_rec **items_out, size_t *n_out);
/* Units with at least one published quarter. */
enum sod_err results_public_units(struct sys *sys, struct arena *a,
                                  struct unit_rec **items_out, size_t *n_out);

/* ---- snapshots and quarterly meetings (domain/snapshot.c) --------------------- */

struct quarter_kpi {
	char *code, *name_th, *name_en;
	int64_t target, quarter_target, value;   /* value: the quarter's figure */
	enum light light;                        /* cumulative status at the quarter */
};

/*
 * A quarter as a snapshot keeps it: the figures (unsuppressed), each KPI,
 * the quarter's latest activities (no person's name; province_code NULL
 * when absent) and referrals per agency. version, taken_at and
 * published_at are set by the readers that know them.
 */
struct quarter_view {
	int year, quarter;
	int64_t version, taken_at, published_at;
	struct quarter_figures f;
	struct quarter_kpi *kpis;
	size_t nkpis;
	struct activity_rec *acts;
	size_t nacts;
	char **agencies;
	int64_t *agency_counts;
	size_t nagencies;
};

/* The quarter computed from the data now; only as in kpi_progress. */
enum sod_err results_quarter_view(struct sys *sys, struct arena *a, int64_t unit, int year,
                                  int quarter, const bool only[4], int64_t now,
                                  struct quarter_view *out);
/* The view as the JSON a snapshot keeps (arena), and back; NULL / SOD_EIO
 * on failure. */
char *results_view_json(struct arena *a, const struct quarter_view *v);
enum sod_err results_view_parse(struct arena *a, const char *body, struct quarter_view *out);

/*
 * What the public sees of unit: each published quarter, oldest first, as
 * its latest snapshot kept it (version ≥ 1). A quarter published before
 * snapshots existed gets version 1 taken at this read. *n_out 0: nothing
 * published.
 */
enum sod_err results_public(struct sys *sys, struct arena *a, int64_t unit, int64_t now,
                            struct quarter_view **items_out, size_t *n_out);

/*
 * Keep with a meeting the summary of a quarter's figures of the meeting's
 * unit, computed now (the caller checks who may); year 0: the quarter the
 * meeting is held in. Taking it again replaces it. SOD_ENOTFOUND: no such
 * meeting; SOD_EINVAL: a period out of range.
 */
enum sod_err meeting_summary_take(struct sys *sys, struct arena *a, int64_t meeting,
                                  int year, int quarter, int64_t now);
/* The summary kept with a meeting; SOD_ENOTFOUND if none was taken. */
enum sod_err meeting_summary_get(struct sys *sys, struct arena *a, int64_t meeting,
                                 struct quarter_view *out);
/* One meeting (SOD_ENOTFOUND if none) and its minutes. */
enum sod_err meeting_get(struct sys *sys, struct arena *a, int64_t meeting,
                         struct meeting_rec *out);
enum sod_err meeting_minutes_set(struct sys *sys, int64_t meeting, const char *minutes);

#endif
