/*
 * case.h — cases (เรื่องที่ดำเนินการ): made from one or more tips, moved
 * through a fixed workflow, referred to the agencies that act.
 *
 *   new ─▶ investigating ─▶ referred ─▶ awaiting_answer ─▶ investigating …
 *     └──────────┴───────────────┴──────────────┴──────▶ closed (with an outcome)
 *
 * A case's title and notes are encrypted like a tip's (a case key sealed
 * to each unit on the path); statuses, agencies and dates are plain. The
 * reporter is owed feedback within three months of the case's opening:
 * due_on, and lists mark the overdue.
 */
#ifndef SOD_DOMAIN_CASE_H
#define SOD_DOMAIN_CASE_H

#include "domain/tip.h"

#define CASE_FEEDBACK_DAYS 90

extern const char *const case_statuses[];     /* NULL-terminated */
extern const char *const referral_agencies[]; /* nacc, pacc, … (THAI.md) */

/* True if the workflow allows from → to. */
bool case_transition_allowed(const char *from, const char *to);

struct case_event {
	const char *kind;            /* opened, transition, note, referral */
	const char *from, *to;       /* statuses of a transition, else "" */
	const char *note, *on, *author;
};

struct case_view {
	struct case_rec rec;
	bool readable;
	const char *title;
	int64_t *tips;
	size_t ntips;
	struct case_event *events;
	size_t nevents;
	struct referral_rec *referrals;   /* notes decrypted in place */
	size_t nreferrals;
	bool overdue;
};

/*
 * Open a case from tips the reader may open (all of one unit's line; the
 * case belongs to the first tip's unit). The tips leave the "new" and
 * "acknowledged" states for "in_case". SOD_EINVAL for no tips or a bad
 * title, SOD_ECONFLICT if a tip is already in a case, SOD_EPERM/ENOTFOUND.
 */
enum sod_err case_create(struct sys *sys, struct arena *a, struct tip_reader *r,
                         const int64_t *tips, size_t ntips, const char *title,
                         int64_t *id_out);
enum sod_err case_open(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
                       struct case_view *out);
/* The cases the reader may list, newest first (status NULL: any):
 * keyset paging like tip_list (after 0: from the newest; *next_out the
 * next page's cursor, 0 at the end); *total_out counts every case of the
 * filter, decrypting nothing. SOD_EINVAL for a status that is not one of
 * case_statuses. */
enum sod_err case_list(struct sys *sys, struct arena *a, struct tip_reader *r,
                       const char *status, int64_t after, int64_t limit,
                       struct case_view **items_out, size_t *n_out, int64_t *total_out,
                       int64_t *next_out);
/*
 * Give a case to an officer (by username; "" or NULL: to nobody). The
 * assignee must hold the officer or supervisor role on the case's unit or
 * above (SOD_EINVAL otherwise). Recorded in the history and the audit log.
 */
/*
 * Whom case id may be given to (case_assign's rule: officer or supervisor
 * on its unit or above, enabled), at most max, for a choice by name:
 * only username and display_name are set, in a's memory. The reader must
 * be able to work on the case (SOD_EPERM / SOD_ENOTFOUND otherwise).
 */
enum sod_err case_assignable(struct sys *sys, struct arena *a, const struct tip_reader *r,
                             int64_t id, int64_t max, struct account_rec **items_out,
                             size_t *n_out);

enum sod_err case_assign(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
                         const char *username);

/* The agency's answer to a referral: the day it came and what it says
 * (encrypted under the case key). SOD_ENOTFOUND for another case's. */
enum sod_err case_referral_answer(struct sys *sys, struct arena *a, struct tip_reader *r,
                                  int64_t id, int64_t referral, const char *answered_on,
                                  const char *outcome, struct verr *ve);

/* A note in the case's history (encrypted under the case key). */
enum sod_err case_note(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
                       const char *note);

/* What waits on the reader, for the home page: tips past acknowledgement
 * and open cases past their feedback date. */
enum sod_err case_overdue_counts(struct sys *sys, struct arena *a, struct tip_reader *r,
                                 int64_t *tips_out, int64_t *cases_out);
/* Move a case; closing needs an outcome note. SOD_ECONFLICT if not allowed. */
enum sod_err case_transition(struct sys *sys, struct arena *a, struct tip_reader *r,
                             int64_t id, const char *to, const char *note);
/* Record a referral (agency code, letter number, date sent YYYY-MM-DD). */
enum sod_err case_refer(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
                        const char *agency, const char *letter_no, const char *sent_on,
                        const char *note, struct verr *ve, int64_t *referral_out);

/* Keep a closed case one more retention period (reason ≥ 10 characters,
 * recorded in the history). SOD_ECONFLICT unless closed. */
enum sod_err case_extend(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
                         const char *reason);

/*
 * Destroy what has outlived its unit's retention: rejected tips and closed
 * cases (with their tips) past keep_until. Content, identities, messages,
 * keys and files go; a content-free row stays for the statistics.
 */
enum sod_err retention_purge(struct sys *sys, struct arena *a, const char *today,
                             size_t *tips_out, size_t *cases_out);

#endif
