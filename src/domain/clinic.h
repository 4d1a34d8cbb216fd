/*
 * clinic.h — the governance clinic (คลินิกส่งเสริมธรรมาภิบาล): agencies ask
 * a unit's clinic for advice ("coach, not catch"); clinic officers (role
 * `clinic` on the unit's line) schedule each request in the office or on a
 * mobile clinic day that groups several requests of one district, record
 * the advice and the documents referred to, follow up and close. The
 * requester reads the answer back with the reference they were given.
 *
 * A consultation is not an accusation: it is kept in tables of its own,
 * never becomes a tip (there is no such path), and who asked (agency and
 * contact) is sealed with the server key and opened only for a clinic
 * officer of the unit's line, each opening audited
 * (consultation.requester_read). docs/clinic.md says why.
 *
 * The reference is 12 random Crockford base32 characters (60 bits), shown
 * as XXXX-XXXX-XXXX; the database keeps only a keyed BLAKE2b hash of it.
 */
#ifndef SOD_DOMAIN_CLINIC_H
#define SOD_DOMAIN_CLINIC_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/auth.h"
#include "domain/sys.h"

#define CLINIC_REF_CHARS   12
#define CLINIC_REF_SHOWN   15    /* with two dashes, and the NUL */
#define CLINIC_AGENCY_MAX  200
#define CLINIC_CONTACT_MAX 300
#define CLINIC_QUESTION_MAX 5000
#define CLINIC_ADVICE_MAX  20000
#define CLINIC_DOCS_MAX    5000
#define CLINIC_PLACE_MAX   300
#define CLINIC_UNSCHEDULED_DAYS 7  /* a request not scheduled by then is overdue */

/* NULL-terminated value lists (CONTRACT.md names none of them; docs/api.md). */
extern const char *const clinic_topics[];    /* procurement, conflict_of_interest, … */
extern const char *const clinic_ways[];      /* on_site, online, phone, mobile_clinic */
extern const char *const clinic_venues[];    /* office, mobile, online, phone */
extern const char *const clinic_statuses[];  /* new, scheduled, answered, closed */

/* True if v is one of list. */
bool clinic_in(const char *const *list, const char *v);

/* What a public request carries (strings owned by the caller). */
struct clinic_request {
	const char *unit_code;   /* the clinic ("to") */
	const char *agency, *contact, *topic, *question, *way;
	const char *district;    /* NULL or "": not given */
};

#define CLINIC_MAX_ERRORS 8

/*
 * File a public request. Every field is checked first (ve[0..*nve) names
 * each field at fault, SOD_EINVAL); then the requester is sealed, the
 * consultation stored and its reference written to ref_out (shown form,
 * XXXX-XXXX-XXXX). SOD_ENOTFOUND (field "to") for a unit without a clinic.
 */
enum sod_err clinic_submit(struct sys *sys, struct arena *a, const struct clinic_request *in,
                           struct verr ve[CLINIC_MAX_ERRORS], size_t *nve,
                           char ref_out[CLINIC_REF_SHOWN]);

/*
 * The requester's view: the consultation of a typed reference (case,
 * spaces and dashes ignored; O read as 0, I and L as 1). SOD_EAUTH for
 * any reference that is not one (the same answer whether malformed or
 * unknown). out->requester is cleared: the requester sees their
 * question and the answer, not what was sealed.
 */
enum sod_err clinic_answer(struct sys *sys, struct arena *a, const char *typed,
                           struct consultation_rec *out);

/* True if the session is a clinic officer of the unit's line. */
enum sod_err clinic_can(struct sys *sys, const struct session *ses, int64_t unit, bool *out);

/* Open a clinic at a unit: a supervisor or admin of it; audited. */
enum sod_err clinic_open(struct sys *sys, const struct session *ses, const char *unit_code);

/* The units with a clinic (for the public choice), by code; in a. */
enum sod_err clinic_units(struct sys *sys, struct arena *a, struct unit_rec **items_out,
                          size_t *n_out);

/*
 * The consultations of the unit's subtree for a clinic officer of it
 * (SOD_EPERM otherwise; SOD_ENOTFOUND for an unknown unit; SOD_EINVAL
 * with ve for an unknown status, topic or way). Requesters stay sealed.
 */
enum sod_err clinic_list(struct sys *sys, struct arena *a, const struct session *ses,
                         const char *unit_code, const char *status, const char *topic,
                         const char *way, int64_t limit, int64_t offset, struct verr *ve,
                         struct consultation_rec **items_out, size_t *n_out,
                         int64_t *total_out);

/*
 * One consultation with who asked, for a clinic officer of its line
 * (SOD_ENOTFOUND otherwise, as for no such one). Each call is audited as
 * consultation.requester_read. *agency_out and *contact_out in a.
 */
enum sod_err clinic_get(struct sys *sys, struct arena *a, const struct session *ses,
                        int64_t id, struct consultation_rec *out, char **agency_out,
                        char **contact_out);

/*
 * Workflow (each audited; SOD_ENOTFOUND outside the officer's line,
 * SOD_ECONFLICT for a closed consultation, SOD_EINVAL with ve):
 *  schedule   on (ISO) with venue; or day_id > 0: on that mobile clinic
 *             day of the same clinic (venue mobile, its date)
 *  advise     the advice given and the documents referred to: answered
 *  follow_up  a follow-up note (replaces the last)
 *  close      closed (from any state but closed)
 */
enum sod_err clinic_schedule(struct sys *sys, struct arena *a, const struct session *ses,
                             int64_t id, const char *on, const char *venue, int64_t day_id,
                             struct verr *ve);
enum sod_err clinic_advise(struct sys *sys, struct arena *a, const struct session *ses,
                           int64_t id, const char *advice, const char *documents,
                           struct verr *ve);
enum sod_err clinic_follow_up(struct sys *sys, struct arena *a, const struct session *ses,
                              int64_t id, const char *note, struct verr *ve);
enum sod_err clinic_close(struct sys *sys, struct arena *a, const struct session *ses,
                          int64_t id);

/*
 * A mobile clinic day of the unit's clinic in one district, with the
 * consultations (ids[0..n)) it takes: each must be the clinic's, not
 * closed, and of that district or of none (SOD_EINVAL, field
 * "consultations"). They become scheduled on that day. Audited.
 */
enum sod_err clinic_day_create(struct sys *sys, struct arena *a, const struct session *ses,
                               const char *unit_code, const char *day, const char *district,
                               const char *place, const int64_t *ids, size_t n,
                               struct verr *ve, int64_t *id_out);

/* The clinic's mobile days (for its officers). */
enum sod_err clinic_days(struct sys *sys, struct arena *a, const struct session *ses,
                         const char *unit_code, struct clinic_day_rec **items_out,
                         size_t *n_out);

/* Publish a question and answer, rewritten so that nothing identifies the
 * requester (the officer's duty: nothing is copied from a consultation). */
enum sod_err clinic_faq_add(struct sys *sys, struct arena *a, const struct session *ses,
                            const char *unit_code, const char *topic, const char *question,
                            const char *answer, struct verr *ve, int64_t *id_out);

/* The published questions of a clinic (public); SOD_ENOTFOUND for a unit
 * without a clinic. */
enum sod_err clinic_faq(struct sys *sys, struct arena *a, const char *unit_code,
                        struct unit_rec *unit_out, struct faq_rec **items_out,
                        size_t *n_out);

/* ---- for KPIs and reminders -------------------------------------------------- */

/* Consultations received in the unit's subtree between from_day and
 * to_day (ISO, both included). No permission check: counts only. */
enum sod_err clinic_count_consultations(struct sys *sys, int64_t unit_id,
                                        const char *from_day, const char *to_day,
                                        int64_t *out);

/* Per clinic unit, the requests still not scheduled CLINIC_UNSCHEDULED_DAYS
 * days after they arrived (as of today): units[i] has counts[i]. */
enum sod_err clinic_unscheduled_overdue(struct sys *sys, struct arena *a,
                                        int64_t **units_out, int64_t **counts_out,
                                        size_t *n_out);

/* Make a reference (for the demo, which needs fixed ones): the shown form
 * of 12 characters of src (already Crockford base32). */
void clinic_ref_format(const char raw[CLINIC_REF_CHARS], char out[CLINIC_REF_SHOWN]);

/* File a consultation with a given reference (demo data; the same checks). */
enum sod_err clinic_submit_with_ref(struct sys *sys, struct arena *a,
                                    const struct clinic_request *in, const char *received_on,
                                    const char raw_ref[CLINIC_REF_CHARS],
                                    struct verr ve[CLINIC_MAX_ERRORS], size_t *nve,
                                    int64_t *id_out);

#endif
