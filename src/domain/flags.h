/*
 * flags.h — the red flags of public procurement (CONTRACT.md "Procurement
 * risk"): fourteen indicators, their parameters (sodsong.conf) and the
 * scoring that raises them over every stored procurement in a few
 * set-based passes, each flag with the facts that raised it written for
 * a citizen in Thai. A flag marks a risk, not proof of corruption.
 */
#ifndef SOD_DOMAIN_FLAGS_H
#define SOD_DOMAIN_FLAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/str.h"

enum flag_id {
	FLAG_SINGLE_BID,
	FLAG_FEW_BIDS,
	FLAG_SHORT_TENDER_PERIOD,
	FLAG_NEAR_REFERENCE_PRICE,
	FLAG_ABOVE_REFERENCE_PRICE,
	FLAG_ABNORMALLY_LOW,
	FLAG_CONTRACT_ABOVE_AWARD,
	FLAG_IDENTICAL_BIDS,
	FLAG_LATE_BID_WON,
	FLAG_SHARED_CONTACT,
	FLAG_YEAR_END_DIRECT,
	FLAG_SPLIT_PURCHASE,
	FLAG_BLACKLISTED_SUPPLIER,
	FLAG_WINNER_SHARE_OUTLIER,
	FLAG__MAX
};

/* Parameters; percentages are basis points (99 % = 9900), amounts satang. */
struct flag_params {
	int64_t few_bids_below;      /* flag_few_bids_below = 3 */
	int64_t short_tender_days;   /* flag_short_tender_days = 15 */
	int64_t near_min_bp;         /* flag_near_reference_min_percent = 99 */
	int64_t near_max_bp;         /* flag_near_reference_max_percent = 100 */
	int64_t low_below_bp;        /* flag_abnormally_low_percent = 70 */
	int64_t year_end_month;      /* flag_year_end_month = 9 */
	int64_t split_max;           /* flag_split_max_baht = 500000 */
	int64_t split_total;         /* flag_split_total_baht = 500000 */
	int64_t split_min_contracts; /* flag_split_min_contracts = 3 */
	int64_t split_days;          /* flag_split_days = 30 */
	int64_t outlier_factor_pct;  /* flag_outlier_iqr_factor = 1.5 (150) */
};

struct flag_def {
	const char *id;
	const char *name_th, *name_en;
	const char *description_th, *description_en;
	const char *phase;       /* tender, award, contract, supplier */
	const char *basis;       /* where the rule comes from */
	const char *params[4];   /* its sodsong.conf keys, NULL-terminated */
};

extern const struct flag_def flag_defs[FLAG__MAX];

/* The indicator named id, or NULL. */
const struct flag_def *flag_find(const char *id);

void flag_params_default(struct flag_params *p);

/*
 * Set one sodsong.conf key (flag_…); false if the key is not a flag
 * parameter or the value is out of range (so that a typo is an error).
 */
bool flag_params_set(struct flag_params *p, struct slice key, struct slice value);

/* A parameter's value as a person writes it in sodsong.conf (99, 1.5, 500000). */
double flag_param_value(const struct flag_params *p, const char *key);

/*
 * Score every procurement: remove all flags, run the passes, set each
 * procurement's score to its number of distinct indicators. Runs inside
 * the caller's write transaction. *flagged_out (may be NULL) gets the
 * number of flags raised.
 */
enum sod_err flags_score(struct store *s, const struct flag_params *p, size_t *flagged_out);

/* "4,990,000 บาท" (satang shown only when not whole); NUL-terminated in out. */
void flags_baht(char *out, size_t size, int64_t satang);

/* Quartiles of sorted v[0..n) by linear interpolation (n ≥ 1). */
void flags_quartiles(const double *v, size_t n, double *q1_out, double *q3_out);

#endif
