/*
 * budget.h — budget requests: a club or network (the requesting unit)
 * asks its parent ACOC for money for an activity (title, purpose,
 * activity kind of CONTRACT.md, amount with budget lines, BE fiscal
 * year). A supervisor of the parent decides: approved, partly approved
 * (with an amount not above the request) or rejected (with a reason). The
 * requesting unit then reports what was spent, with receipt files
 * (evidence storage: encrypted, type-checked, under the quota) and the
 * activity it paid for. Totals per fiscal year per unit and per kind.
 *
 * Who may: create and report — a coordinator or supervisor of the
 * requesting unit's line; decide — a supervisor of the parent's line who
 * is not only of the requesting unit's (auth_can on the parent: a
 * supervisor of the club alone is refused); read — anyone who may view
 * the requesting unit (network_can_view). docs/clinic.md.
 */
#ifndef SOD_DOMAIN_BUDGET_H
#define SOD_DOMAIN_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/auth.h"
#include "domain/evidence.h"
#include "domain/sys.h"

#define BUDGET_TITLE_MAX   200
#define BUDGET_PURPOSE_MAX 5000
#define BUDGET_NOTE_MAX    2000
#define BUDGET_LINES_MAX   50
#define BUDGET_ITEM_MAX    200
#define BUDGET_QTY_MAX     1000000
#define BUDGET_MAX_SATANG  10000000000000LL   /* 100,000,000,000 baht */

struct budget_input {
	const char *title, *purpose, *activity_kind;
	int64_t fiscal_year;            /* BE; 0: the current fiscal year */
	const char *planned_on;         /* ISO, NULL: not given */
	int64_t amount_satang;
	const struct budget_line_rec *lines;
	size_t nlines;
};

/* Create a request of unit_code to its parent; *id_out the new id.
 * SOD_EINVAL with ve; SOD_EPERM; SOD_ENOTFOUND; SOD_ECONFLICT (field
 * "unit") for the root, which has no parent. Audited. */
enum sod_err budget_request_create(struct sys *sys, struct arena *a, const struct session *ses,
                                   const char *unit_code, const struct budget_input *in,
                                   struct verr *ve, int64_t *id_out);

/*
 * Decide a pending request: decision "approved" (amount absent or equal
 * to the request), "partly" (has_amount, 0 < amount ≤ request) or
 * "rejected" (a note, the reason, required). SOD_EPERM unless a
 * supervisor of the parent's line; SOD_ECONFLICT if already decided;
 * SOD_EINVAL with ve. Audited.
 */
enum sod_err budget_decide(struct sys *sys, struct arena *a, const struct session *ses,
                           int64_t id, const char *decision, bool has_amount,
                           int64_t amount_satang, const char *note, struct verr *ve);

/*
 * The spending report of an approved (or partly approved) request: spent
 * amount, a note, the activity it paid for (0: none; else an activity of
 * the requesting unit's subtree) and receipt files (finished evidence,
 * taken by the request on SOD_OK). Once only (SOD_ECONFLICT). Audited.
 */
enum sod_err budget_report(struct sys *sys, struct arena *a, const struct session *ses,
                           int64_t id, int64_t spent_satang, const char *note,
                           int64_t activity_id, struct evidence *const *files, size_t nfiles,
                           struct verr *ve);

struct budget_receipt_view {
	int64_t n, size;
	char *name, *type;
};

/* One request with its lines and receipts (names and types opened), for
 * someone who may view the requesting unit (SOD_ENOTFOUND otherwise). */
enum sod_err budget_get(struct sys *sys, struct arena *a, const struct session *ses, int64_t id,
                        struct budget_rec *out, struct budget_line_rec **lines_out,
                        size_t *nlines_out, struct budget_receipt_view **receipts_out,
                        size_t *nreceipts_out);

/* Requests of the unit's subtree (year 0: all), for a viewer of it. */
enum sod_err budget_list(struct sys *sys, struct arena *a, const struct session *ses,
                         const char *unit_code, int64_t year, struct budget_rec **items_out,
                         size_t *n_out);

/* Sums per unit and activity kind of the subtree's requests of a year. */
enum sod_err budget_totals(struct sys *sys, struct arena *a, const struct session *ses,
                           const char *unit_code, int64_t year,
                           struct budget_total_rec **items_out, size_t *n_out);

/* For reminders: requests approved (or partly) whose planned day has
 * passed and that have no spending report yet, by unit. No permission
 * check: the caller tells each unit's people only counts and links. */
enum sod_err budget_reports_due(struct sys *sys, struct arena *a,
                                struct budget_rec **items_out, size_t *n_out);

/* NULL-terminated: approved, partly, rejected. */
extern const char *const budget_decisions[];

#endif
