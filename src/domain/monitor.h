/*
 * monitor.h — monitoring in the field (docs/monitoring.md): points that a
 * network watches, rounds that assign them to teams by day, visits that
 * monitors record from a phone, and findings that become tips.
 *
 * Who may do what (roles hold on a unit and its subtree, domain/auth.h):
 *   - see a unit's points, rounds and visits: any role on the unit;
 *   - create and edit points, plan rounds, define checklists: coordinator,
 *     supervisor or admin of the unit;
 *   - record a visit: a monitor of the team the point is assigned to in
 *     the visit's round, or (outside a round) of the unit that keeps the
 *     point; a coordinator of the point's unit too;
 *   - turn a suspect finding into a tip: whoever may record it. The tip
 *     goes to the unit that keeps the point and is encrypted to that
 *     unit's line like any tip: its maker, without an officer's role,
 *     cannot read it afterwards.
 */
#ifndef SOD_DOMAIN_MONITOR_H
#define SOD_DOMAIN_MONITOR_H

#include <jansson.h>

#include "domain/auth.h"
#include "domain/evidence.h"
#include "domain/sys.h"
#include "store/store.h"

#define ROUND_PER_DAY     5       /* points a team walks in a day */
#define ROUND_MAX_DAYS    60
#define VISIT_FAR_M       1000    /* a visit farther than this is marked */
#define VISIT_NOTE_MAX    5000    /* characters */
#define VISIT_PHOTO_MAX   (10u * 1024 * 1024)   /* bytes per photo */
#define VISIT_MAX_PHOTOS  10

/* Point kinds and statuses, NULL-terminated; visit statuses likewise. */
extern const char *const point_kinds[];
extern const char *const point_statuses[];
extern const char *const visit_statuses[];

struct point_input {
	const char *code, *name, *name_en, *kind, *agency, *project_ref, *ocid;
	const char *province, *district, *subdistrict, *status;
	int64_t budget_baht;          /* ≥ 0 */
	bool has_loc;
	double lat, lon;
};

/* Check a point's fields (no store). SOD_OK or SOD_EINVAL with *ve. */
enum sod_err monitor_point_check(const struct point_input *in, bool create, struct verr *ve);

/* Create a point kept by unit. SOD_EPERM, SOD_EINVAL (*ve), SOD_ECONFLICT
 * (code taken: ve->field "code"). */
enum sod_err monitor_point_create(struct sys *sys, struct arena *a, const struct session *ses,
                                  int64_t unit, const struct point_input *in, struct verr *ve,
                                  int64_t *id_out);

/* Change a point (code stays); status "closed" closes it. */
enum sod_err monitor_point_update(struct sys *sys, struct arena *a, const struct session *ses,
                                  const char *code, const struct point_input *in,
                                  struct verr *ve);

/* One point the session may see; *manage_out: may edit it (may be NULL).
 * SOD_ENOTFOUND for a point out of sight. */
enum sod_err monitor_point_open(struct sys *sys, struct arena *a, const struct session *ses,
                                const char *code, struct point_rec *out, bool *manage_out);

/* The points of unit's subtree (SOD_EPERM without a role there). */
enum sod_err monitor_points(struct sys *sys, struct arena *a, const struct session *ses,
                            int64_t unit, const struct point_filter *f, int64_t limit,
                            int64_t offset, struct point_rec **items_out, size_t *n_out,
                            int64_t *total_out);

/* A new version of unit's checklist for a point kind (checklist.h). */
enum sod_err monitor_checklist_define(struct sys *sys, struct arena *a,
                                      const struct session *ses, int64_t unit,
                                      const char *kind, const char *questions,
                                      struct verr *ve, int64_t *id_out);

/* The checklist a visit of point p answers now; SOD_ENOTFOUND if none. */
enum sod_err monitor_checklist_for(struct sys *sys, struct arena *a,
                                   const struct point_rec *p, struct checklist_rec *out);

struct round_assign_in {
	const char *team, *point;     /* unit code, point code */
	int64_t day;                  /* 1 … days of the round */
};

struct round_input {
	const char *name, *starts_on, *ends_on;       /* YYYY-MM-DD */
	const struct round_assign_in *assign;         /* given by hand, or */
	size_t nassign;
	bool automatic;                               /* spread automatically: */
	const char *pick_unit;                        /* points of this subtree (zone…); NULL: all */
	const char *pick_kind, *pick_district;        /* NULL: any */
};

/*
 * Plan a round of unit. Hand-given assignments are checked (every point
 * and team in the unit's subtree, a point once, day within the window);
 * automatic ones are planned by assign.h over the unit's open teams and
 * active points picked, ROUND_PER_DAY a team a day. All or nothing.
 * SOD_EPERM, SOD_EINVAL (*ve), SOD_ETOOBIG (more points than room).
 */
enum sod_err monitor_round_create(struct sys *sys, struct arena *a, const struct session *ses,
                                  int64_t unit, const struct round_input *in, struct verr *ve,
                                  int64_t *id_out);

/* A round the session may see, with its assignments. */
enum sod_err monitor_round_open(struct sys *sys, struct arena *a, const struct session *ses,
                                int64_t id, struct round_rec *out, struct round_item **items,
                                size_t *n, bool *manage_out);

/* Hand adjustment: move a point of the round to team and day. */
enum sod_err monitor_round_move(struct sys *sys, struct arena *a, const struct session *ses,
                                int64_t round, const char *point, const char *team,
                                int64_t day, struct verr *ve);

/* The rounds of unit's subtree. */
enum sod_err monitor_rounds(struct sys *sys, struct arena *a, const struct session *ses,
                            int64_t unit, struct round_rec **items, size_t *n);

/* "My points today": assignments of the session's teams for day `today`. */
enum sod_err monitor_today(struct sys *sys, struct arena *a, const struct session *ses,
                           const char *today, struct today_item **items, size_t *n);

/* The day (1-based) of date `on` in a round starting `starts_on`; 0 if before. */
int64_t monitor_round_day(const char *starts_on, const char *on);

struct visit_input {
	int64_t round;                /* 0: outside a round */
	const char *visited_on;       /* YYYY-MM-DD; NULL: today */
	const char *status;           /* ok | concern | suspect */
	const char *note;
	json_t *answers;              /* object or NULL (borrowed) */
	bool has_loc;
	double lat, lon;
	const char *idem_key;         /* client's idempotency key, ≤ 64 of [A-Za-z0-9_-]; NULL */
};

/*
 * Record a visit of the point with its photos (evidence already stripped
 * of metadata). The location is the form's, else the first photo's EXIF
 * GPS; farther than VISIT_FAR_M from the point it is marked far. The same
 * idempotency key again gives the first visit's id with *again_out true
 * and stores nothing. SOD_EPERM (not this team's point), SOD_EINVAL (*ve).
 */
enum sod_err monitor_visit_record(struct sys *sys, struct arena *a, const struct session *ses,
                                  const char *point, const struct visit_input *in,
                                  struct evidence *const *photos, size_t nphotos,
                                  struct verr *ve, int64_t *id_out, bool *again_out);

/* A visit the session may see (a role on the point's unit), its photos. */
enum sod_err monitor_visit_open(struct sys *sys, struct arena *a, const struct session *ses,
                                int64_t id, struct visit_rec *out,
                                struct visit_photo_rec **photos, size_t *nphotos);

/* A photo of a visit, opened for streaming (stream_reader_free). */
enum sod_err monitor_visit_photo(struct sys *sys, struct arena *a, const struct session *ses,
                                 int64_t visit, int64_t photo, const char **type_out,
                                 struct stream_reader **out);

/* The visits of a point, newest first (at most 100). */
enum sod_err monitor_point_visits(struct sys *sys, struct arena *a, int64_t point,
                                  struct visit_rec **items, size_t *n);

/*
 * A suspect visit becomes a tip of the unit that keeps the point: its
 * note, answers, location and photos go with it, credited to the team
 * (the identity given is the team's name, not the person's). Once only:
 * SOD_ECONFLICT the second time; SOD_EINVAL (ve->field "status") if the
 * visit is not suspect. *tip_out the tip's id.
 */
enum sod_err monitor_visit_to_tip(struct sys *sys, struct arena *a, const struct session *ses,
                                  int64_t visit, struct verr *ve, int64_t *tip_out);

/* File the tip of a visit without asking who may (the caller did, or
 * it is the demo): monitor_visit_to_tip's work after its checks. */
enum sod_err monitor_visit_file_tip(struct sys *sys, struct arena *a, int64_t visit,
                                    int64_t account, const char *username, int64_t *tip_out);

/* The demo's monitoring (inside demo_load's transaction): coordinates and
 * kinds of kkn-net's 300 points, a checklist per kind, round 1 over 2
 * days with fewer than 30 visits; then, after the commit,
 * demo_monitor_finding() turns its one suspect visit into a tip. */
enum sod_err demo_monitor(struct sys *sys, struct arena *a);
enum sod_err demo_monitor_finding(struct sys *sys, struct arena *a);

#endif
