/*
 * network.h — the people of the networks: persons, their memberships of
 * units, who may see their contact details, and their rights under the
 * Personal Data Protection Act B.E. 2562 (PDPA): consent recorded with its
 * date and wording version, export on request, erasure.
 *
 * Visibility: a signed-in account sees the people of a unit if it holds
 * any role on that unit's line (the unit or an ancestor). Contact details
 * (phone, e-mail, LINE, citizen ID) need a coordinator, supervisor or admin
 * role on the line of one of the person's units. Citizen IDs are stored
 * sealed under the server key, with a keyed hash beside them to find
 * duplicates; the database alone reveals neither.
 */
#ifndef SOD_DOMAIN_NETWORK_H
#define SOD_DOMAIN_NETWORK_H

#include <stdbool.h>

#include "domain/auth.h"
#include "domain/sys.h"

/* The wording version of the consent people give (assets/i18n consent.*). */
#define CONSENT_VERSION "v1"

extern const char *const person_kinds[];   /* NULL-terminated */
extern const char *const member_roles[];   /* NULL-terminated */

bool person_kind_valid(const char *kind);
bool member_role_valid(const char *role);

/* What a form or an import row gives; NULL or "" for absent. */
struct person_input {
	const char *title_th, *given_th, *family_th;
	const char *title_en, *given_en, *family_en;
	const char *kind;
	const char *organisation;
	const char *phone, *email, *line_id;
	const char *province, *district;
	const char *citizen_id;
	bool consent;
};

/*
 * Check and normalise a person: names (Thai given and family name needed,
 * ≤ 100 characters each), kind, phone (Thai form), e-mail, LINE ID,
 * province and district codes (must exist), citizen ID (checksum). On
 * SOD_OK *out is ready for the store (citizen ID sealed and hashed). On
 * SOD_EINVAL, *ve names the field.
 */
enum sod_err person_prepare(struct sys *sys, struct arena *a,
                            const struct person_input *in, struct person_rec *out,
                            struct verr *ve);

/*
 * Create a person with a membership of unit_code in role (joined_on
 * YYYY-MM-DD or empty). SOD_ECONFLICT (ve->field "citizen_id" or "phone")
 * when the same citizen ID or phone is already someone's, *id_out then
 * holding that person. For the command line and loads, which reach
 * everyone; pages use person_create_by.
 */
enum sod_err person_create(struct sys *sys, struct arena *a,
                           const struct person_input *in, const char *unit_code,
                           const char *role, const char *joined_on, struct verr *ve,
                           int64_t *id_out);

/*
 * person_create by a signed-in manager: only a duplicate that ses may
 * manage is a conflict (named as above); one out of reach gives a
 * separate record, with the citizen ID hash in its scoped form
 * "HASH@UNIT-ID", and the answer says nothing of it ("scope-import").
 */
enum sod_err person_create_by(struct sys *sys, struct arena *a,
                              const struct session *ses,
                              const struct person_input *in, const char *unit_code,
                              const char *role, const char *joined_on, struct verr *ve,
                              int64_t *id_out);

/* person_create inside the caller's write transaction (imports). */
enum sod_err person_create_in_tx(struct sys *sys, struct arena *a,
                                 const struct person_rec *rec, int64_t unit_id,
                                 const char *role, const char *joined_on,
                                 int64_t *id_out);

/* Add a membership to an existing person. */
enum sod_err member_add(struct sys *sys, struct arena *a, int64_t person,
                        const char *unit_code, const char *role,
                        const char *joined_on, struct verr *ve);

/* True if ses may see the unit's people (any role on its line). */
enum sod_err network_can_view(struct sys *sys, const struct session *ses,
                              int64_t unit_id, bool *out);
/* True if ses may manage the unit's people (coordinator, supervisor or
 * admin on its line). */
enum sod_err network_can_manage(struct sys *sys, const struct session *ses,
                                int64_t unit_id, bool *out);

/*
 * What ses may do with person: see them at all, see their contact details
 * (and manage them). A person with no membership is visible to admins of
 * the root only. SOD_ENOTFOUND if there is no such person or they were
 * erased.
 */
enum sod_err person_access(struct sys *sys, struct arena *a, const struct session *ses,
                           int64_t person, bool *view_out, bool *contacts_out);

/* The citizen ID of a prepared or stored person, as 13 digits, or NULL. */
enum sod_err person_citizen_id(struct sys *sys, struct arena *a,
                               const struct person_rec *p, char **digits_out);

/* Change one's own contact details (member self-service). */
enum sod_err person_set_contact(struct sys *sys, struct arena *a, int64_t person,
                                const struct person_input *in, struct verr *ve);

/* Link a person to a staff or member account (self-service). */
enum sod_err person_link_account(struct sys *sys, int64_t person, int64_t account);

/* Erase a person's personal data; memberships stay, emptied, for counts. */
enum sod_err person_erase(struct sys *sys, int64_t person);

/*
 * Post an announcement to a unit (its members and those of the units
 * under it see it). With email, also send it to the consenting members
 * with an address, when mail is configured: *mailed_out is how many;
 * a mail failure does not undo the post (SOD_OK, *mail_err set).
 */
enum sod_err network_announce(struct sys *sys, struct arena *a, int64_t unit,
                              int64_t author, const char *title, const char *body,
                              bool email, size_t *mailed_out, enum sod_err *mail_err);

/* What the person linked to account sees: announcements of their units
 * and the units above. SOD_ENOTFOUND if the account has no person. */
enum sod_err network_news_for_account(struct sys *sys, struct arena *a, int64_t account,
                                      int64_t limit, struct announcement_rec **items_out,
                                      size_t *n_out);

/* Members of the unit directly and in its subtree. */
enum sod_err unit_member_counts(struct sys *sys, int64_t unit, int64_t *direct_out,
                                int64_t *subtree_out);

/* Monitoring points of the unit's subtree. */
enum sod_err unit_point_count(struct sys *sys, int64_t unit, int64_t *out);

/* Record that person attended a meeting of unit; SOD_ENOTFOUND if the
 * meeting is not the unit's. */
enum sod_err meeting_attend(struct sys *sys, int64_t unit, int64_t meeting, int64_t person);

/* Lower-case search text of a person's names (Thai and English). */
char *person_search_text(struct arena *a, const struct person_rec *p);

/*
 * The reads and writes the network pages need. They are the store's, passed
 * through so that web/ depends on the domain only (the access checks are
 * the callers': network_can_view / network_can_manage / person_access).
 */
/* after: the keyset cursor (a person's id; 0: from the first), see store_unit_members. */
enum sod_err network_members(struct sys *sys, struct arena *a, int64_t unit, int64_t after, int64_t limit, int64_t offset, struct member_row **items_out, size_t *n_out, int64_t *total_out);
enum sod_err network_unit_news(struct sys *sys, struct arena *a, int64_t unit, int64_t limit, struct announcement_rec **items_out, size_t *n_out);
enum sod_err network_person_news(struct sys *sys, struct arena *a, int64_t person, int64_t limit, struct announcement_rec **items_out, size_t *n_out);
enum sod_err network_trainings(struct sys *sys, struct arena *a, int64_t unit, struct training_rec **items_out, size_t *n_out);
enum sod_err network_meetings(struct sys *sys, struct arena *a, int64_t unit, struct meeting_rec **items_out, size_t *n_out);
enum sod_err network_training_get(struct sys *sys, struct arena *a, int64_t id, struct training_rec *out);
enum sod_err network_training_add(struct sys *sys, const struct training_rec *t, int64_t *id_out);
enum sod_err network_meeting_add(struct sys *sys, const struct meeting_rec *m, int64_t *id_out);
enum sod_err network_attend_training(struct sys *sys, int64_t training, int64_t person, bool multiplier);
enum sod_err network_person_search(struct sys *sys, struct arena *a, const char *text, int64_t limit, int64_t offset, struct person_rec **items_out, size_t *n_out, int64_t *total_out);
enum sod_err network_person_get(struct sys *sys, struct arena *a, int64_t id, struct person_rec *out);
enum sod_err network_person_of_account(struct sys *sys, struct arena *a, int64_t account, struct person_rec *out);
enum sod_err network_memberships(struct sys *sys, struct arena *a, int64_t person, struct membership_rec **items_out, size_t *n_out);
enum sod_err network_training_history(struct sys *sys, struct arena *a, int64_t person, struct training_rec **items_out, size_t *n_out);

#endif
