/*
 * ethics.h — the ethics mission (docs/prevention.md): a code of conduct
 * per organisation (unit) in numbered versions that are never replaced,
 * its acknowledgement by the members of the network registry and by staff
 * accounts (one by one, ticked, or every member of a unit at once after a
 * count confirmation), and the signatories of pledge ceremonies
 * (ประกาศเจตนารมณ์: activities of kind `pledge`, domain/results.h).
 *
 * The code that holds for a unit is its own newest version or, if it has
 * none, the newest of the nearest unit above it: a province ACOC of
 * Interior acknowledges `moi`'s code. "Current" always means that newest
 * version: publishing a new one starts every count again from nobody.
 *
 * Who may do what: coordinators and supervisors of the unit's line publish
 * versions, record acknowledgements for members and add signatories; any
 * staff account granted in the unit's subtree acknowledges for itself;
 * anyone with a role on the line reads the lists. Each change is audited.
 * The ethics complaint (a tip category) is not here: see docs/prevention.md.
 */
#ifndef SOD_DOMAIN_ETHICS_H
#define SOD_DOMAIN_ETHICS_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/auth.h"
#include "domain/sys.h"
#include "store/store.h"

#define CONDUCT_TITLE_MAX 200
#define CONDUCT_BODY_MAX  20000
#define PLEDGE_TEXT_MAX   300
#define CONDUCT_TICK_MAX  2000

/* True if ses may publish codes, record members' acknowledgements and add
 * signatories for the unit (coordinator or supervisor on its line). */
enum sod_err ethics_can_manage(struct sys *sys, const struct session *ses, int64_t unit,
                               bool *out);

/*
 * Publish the unit's next version of its code of conduct, dated today
 * (Bangkok). title 1–200 characters, body_th 1–20,000 (lines allowed),
 * body_en optional, up to 20,000. SOD_EPERM without the right; SOD_EINVAL
 * with *ve naming the field; nothing is written then. *id_out the version's id.
 */
enum sod_err conduct_publish(struct sys *sys, const struct session *ses, int64_t unit,
                             const char *title, const char *body_th, const char *body_en,
                             struct verr *ve, int64_t *id_out);

/*
 * Record that the people (ids of the network registry) acknowledged
 * version code_id, dated today. code_id must be the current version for
 * the unit (else SOD_ECONFLICT: a newer one was published) and every
 * person a current member of the unit's subtree (else SOD_EINVAL, field
 * "people", and nobody is recorded). Acknowledging twice keeps the first
 * date. At most CONDUCT_TICK_MAX at once.
 */
enum sod_err conduct_ack_people(struct sys *sys, const struct session *ses, int64_t unit,
                                int64_t code_id, const int64_t *people, size_t n,
                                struct verr *ve);

/*
 * Every current member of the unit's subtree who has not acknowledged
 * version code_id does so now. expected is the number the person
 * confirming was shown: if it is no longer the number waiting, nothing is
 * recorded and SOD_ECONFLICT comes back (*waiting_out says how many wait
 * now). *added_out how many were recorded.
 */
enum sod_err conduct_ack_all(struct sys *sys, const struct session *ses, int64_t unit,
                             int64_t code_id, int64_t expected, int64_t *waiting_out,
                             int64_t *added_out);

/* The signed-in account acknowledges version code_id for itself: it must
 * hold a role in the unit's subtree (else SOD_EPERM) and code_id be the
 * current version for the unit (else SOD_ECONFLICT). */
enum sod_err conduct_ack_self(struct sys *sys, const struct session *ses, int64_t unit,
                              int64_t code_id);

/*
 * Add a signatory to a pledge ceremony: activity must be of kind pledge
 * (else SOD_EINVAL, field "activity"; SOD_ENOTFOUND if none) and ses
 * able to manage its unit (SOD_EPERM). organisation and signer 1–300
 * characters, position 0–300.
 */
enum sod_err pledge_signer_add(struct sys *sys, struct arena *a, const struct session *ses,
                               int64_t activity, const char *organisation,
                               const char *signer, const char *position, struct verr *ve,
                               int64_t *id_out);

/* ---- reading (the caller checks that ses may view the unit) ---------------- */

/* The version that holds for unit now (its own newest or the nearest
 * unit's above it); SOD_ENOTFOUND when there is none. */
enum sod_err conduct_current(struct sys *sys, struct arena *a, int64_t unit,
                             struct conduct_rec *out);
/* Every version of the unit's own code, newest first. */
enum sod_err conduct_versions(struct sys *sys, struct arena *a, int64_t unit,
                              struct conduct_rec **items_out, size_t *n_out);
enum sod_err conduct_get(struct sys *sys, struct arena *a, int64_t id,
                         struct conduct_rec *out);
/* Members and staff of the unit's subtree with their acknowledgement of
 * code (filter 0 all, 1 acknowledged, 2 not), paged; and the counts. */
enum sod_err conduct_status(struct sys *sys, struct arena *a, int64_t unit, int64_t code,
                            int filter, int64_t limit, int64_t offset,
                            struct conduct_who **items_out, size_t *n_out);
enum sod_err conduct_counts(struct sys *sys, int64_t unit, int64_t code,
                            struct conduct_counts *out);
/* True if account is staff of the unit's subtree (a role on a unit of it). */
enum sod_err ethics_is_staff(struct sys *sys, int64_t unit, int64_t account, bool *out);
/* The pledge ceremonies of the unit's subtree (newest first), the
 * signatories of one, and every signatory of the subtree's ceremonies. */
enum sod_err pledge_list(struct sys *sys, struct arena *a, int64_t unit,
                         struct pledge_rec **items_out, size_t *n_out);
enum sod_err pledge_signers(struct sys *sys, struct arena *a, int64_t activity,
                           struct signer_rec **items_out, size_t *n_out);
enum sod_err pledge_signers_of_unit(struct sys *sys, struct arena *a, int64_t unit,
                                    struct signer_rec **items_out, size_t *n_out);
/* The code of the unit that holds activity (in a). */
enum sod_err pledge_unit_code(struct sys *sys, struct arena *a, int64_t activity,
                              char **code_out);

/* Today in Bangkok as YYYY-MM-DD (11 bytes). */
void ethics_today(char out[11]);

#endif
