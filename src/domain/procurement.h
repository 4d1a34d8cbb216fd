/*
 * procurement.h — procurement data in: OCDS releases become procurements
 * (merged per ocid, the same release twice kept once), flat rows that
 * the red flags read, and the abandonment list; one transaction per file.
 * Formats and rules: docs/procurement.md.
 */
#ifndef SOD_DOMAIN_PROCUREMENT_H
#define SOD_DOMAIN_PROCUREMENT_H

#include <jansson.h>
#include <stdio.h>

#include "domain/flags.h"
#include "domain/ocds.h"
#include "store/store.h"
#include "util/arena.h"

struct proc_import_stats {
	size_t releases;      /* read from the file */
	size_t duplicates;    /* already stored (same ocid and id) */
	size_t procurements;  /* procurements changed */
	size_t flagged;       /* flags raised by the scoring that followed */
};

typedef void (*proc_progress_fn)(size_t releases, void *ctx);

/*
 * Read OCDS from f (package, record package, release, JSON Lines), store
 * it in one write transaction with the scoring that follows, and fill st.
 * On bad input: SOD_EINVAL, e names the line and field, nothing stored.
 * progress (may be NULL) is called every 10,000 releases.
 */
enum sod_err proc_import_ocds(struct store *s, FILE *f, const struct flag_params *p,
                              struct proc_import_stats *st, struct ocds_error *e,
                              proc_progress_fn progress, void *progress_ctx);

/*
 * An import in progress: one file, one write transaction (begun by the
 * caller). With batch set, the compiled release of the procurement last
 * read stays in memory while releases of the same ocid follow one another
 * (an OCDS file usually lists a procurement's releases together), and is
 * written once when another ocid comes or at proc_import_flush: one put
 * per procurement instead of one per release, and no JSON round trip
 * through the database in between.
 */
struct proc_import {
	struct store *s;
	struct proc_import_stats *st;
	proc_progress_fn progress;
	void *progress_ctx;
	bool batch;
	json_t *pending;              /* batch: the compiled release not yet written */
	char pending_ocid[201];
	char pending_last[32];        /* its newest release's UTC stamp */
};

/* Write the pending procurement (batch), if any; then none is pending.
 * Call before anything reads the procurements (scoring). */
enum sod_err proc_import_flush(struct proc_import *im, struct ocds_error *e);
/* Drop the pending procurement unwritten (the import failed). */
void proc_import_discard(struct proc_import *im);

/*
 * Check one release (its ocid taken from ocid_default when it has none),
 * keep it unless (ocid, id) is known, and bring its procurement up to
 * date. SOD_EINVAL with e->field for a bad release. rel stays the caller's.
 */
enum sod_err proc_ingest(struct proc_import *im, json_t *rel, const char *ocid_default,
                         struct ocds_error *e);

/*
 * Thai open data as CSV (the columns of docs/procurement.md, one row a
 * contract): each row becomes an OCDS release, then as proc_import_ocds.
 */
enum sod_err proc_import_csv(struct store *s, FILE *f, const struct flag_params *p,
                             struct proc_import_stats *st, struct ocds_error *e);

/*
 * Map one CSV row (fields named by the header) to an OCDS release (a new
 * reference in *out). cols[i] is the column index of field i of
 * proc_csv_fields, or -1. SOD_EINVAL with e->field naming the column.
 */
extern const char *const proc_csv_fields[];
enum sod_err proc_csv_release(const int *cols, const struct slice *fields, size_t n,
                              json_t **out, struct ocds_error *e);

/*
 * Fill out from a compiled release (ocid, titles, buyer, tender, bids,
 * awards, contracts, parties; strings in a). SOD_EINVAL with e->field
 * set when a field the red flags read has the wrong type or value.
 */
enum sod_err proc_derive(json_t *compiled, struct arena *a, struct proc_rec *out,
                         struct ocds_error *e);

/*
 * The abandonment list from CSV (header tax_id,name[,listed_on]; tax ids
 * of 13 digits, dates YYYY-MM-DD): all rows or none, then scoring again.
 */
enum sod_err proc_import_blacklist(struct store *s, FILE *f, const struct flag_params *p,
                                   size_t *rows_out, size_t *flagged_out,
                                   struct ocds_error *e);

/*
 * A page of procurements for the risk list and the API. The filter is
 * checked first: SOD_EINVAL with *field_out naming the bad one (an
 * unknown indicator, a score outside 0–14, text over 200 bytes).
 */
enum sod_err proc_list(struct store *s, struct arena *a, const struct proc_filter *f,
                       const char **field_out, struct proc_rec **items_out, size_t *n_out,
                       int64_t *total_out);

/* One procurement with its bids, awards, contracts and flags; SOD_ENOTFOUND. */
enum sod_err proc_get(struct store *s, struct arena *a, const char *ocid,
                      struct proc_rec *out);

/* Flags by month (newest first), a buyer's suppliers and their amounts,
 * a tenderer's co-bidders: see the store_proc_* functions of the same
 * names. */
enum sod_err proc_flags_by_month(struct store *s, struct arena *a, const char *buyer_key,
                                 struct proc_count_rec **items_out, size_t *n_out);
enum sod_err proc_buyer_suppliers(struct store *s, struct arena *a, const char *buyer_key,
                                  struct proc_count_rec **items_out, size_t *n_out);
enum sod_err proc_co_bidders(struct store *s, struct arena *a, const char *tenderer_key,
                             struct proc_count_rec **items_out, size_t *n_out);

struct sys;
struct session;

/*
 * Open a case on a procurement: a tip of unit_code (an officer's unit of
 * ses) holding the procurement and its flags with their facts, entered by
 * ses (channel "proactive"), then a case on it. SOD_EINVAL for an unknown
 * unit, SOD_EPERM without the officer role there, SOD_ENOTFOUND for an
 * unknown ocid; token as tip_reader_open.
 */
enum sod_err proc_open_case(struct sys *sys, struct arena *a, const struct session *ses,
                            const char *token, const char *ocid, const char *unit_code,
                            int64_t *tip_out, int64_t *case_out);

/* Score every procurement again (sodsong flags), in one transaction. */
enum sod_err proc_rescore(struct store *s, const struct flag_params *p, size_t *flagged_out);

#endif
