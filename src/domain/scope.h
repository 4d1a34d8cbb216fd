/*
 * scope.h — who may administer what: the rules that limit an
 * administrator to their own subtree of the unit tree, the changes of the
 * tree that wait for a supervisor of the parent line, and the rights over
 * a person's data that span all of the person's units (export, erasure,
 * search). web/ calls these and decides nothing itself.
 *
 * Admin scope ("scope-admin"): an admin of unit U acts on U and the units
 * under it. An account is within reach of an admin when every unit the
 * account holds a role on is in that subtree (an account without any role
 * is within reach of admins of the root only); an admin sees in lists the
 * accounts with at least one role in the subtree. Creating an account
 * needs admin on the unit of its role, creating a unit admin on its
 * parent, moving a unit admin on the unit and on the new parent. Nobody
 * administers their own account here (disable).
 *
 * Confirmed changes ("scope-confirm"): moving a unit under another parent
 * and shortening its retention are stored as pending; a supervisor of the
 * unit's current parent (or of a unit above it; for the root, of the root)
 * confirms or refuses, never the admin who asked. Renaming, closing and
 * lengthening retention take effect at once. Everything here is audited.
 */
#ifndef SOD_DOMAIN_SCOPE_H
#define SOD_DOMAIN_SCOPE_H

#include <stdbool.h>

#include "domain/auth.h"
#include "domain/sys.h"
#include "domain/unit.h"

/* True if ses is an admin of the root unit (every unit is in its subtree). */
enum sod_err scope_is_root_admin(struct sys *sys, struct arena *a,
                                 const struct session *ses, bool *out);

/* True if every unit account holds a role on is in ses's admin subtree. */
enum sod_err scope_account_in_reach(struct sys *sys, struct arena *a,
                                    const struct session *ses, int64_t account,
                                    bool *out);

/*
 * The accounts ses administers (at least one role in its admin subtree),
 * by user name, paged; *total_out counts only those. An account without
 * admin grants gets an empty list.
 */
enum sod_err scope_account_list(struct sys *sys, struct arena *a,
                                const struct session *ses, int64_t limit,
                                int64_t offset, struct account_rec **items_out,
                                size_t *n_out, int64_t *total_out);

/*
 * auth_account_create by an admin: SOD_EPERM unless ses is admin of the
 * unit of unit_code (NULL or "": the root); SOD_ENOTFOUND (ve->field
 * "unit") for an unknown unit; otherwise as auth_account_create. Audited
 * as account.create.
 */
enum sod_err scope_account_create(struct sys *sys, struct arena *a,
                                  const struct session *ses, const char *username,
                                  const char *display_name, const char *password,
                                  enum role role, const char *unit_code,
                                  struct verr *ve, int64_t *id_out);

/*
 * Disable or enable an account: SOD_ECONFLICT for one's own account,
 * SOD_ENOTFOUND for an unknown one, SOD_EPERM unless it is within reach.
 * Disabling ends its sessions. Audited as account.disable / account.enable.
 */
enum sod_err scope_account_set_disabled(struct sys *sys, struct arena *a,
                                        const struct session *ses, int64_t account,
                                        bool disabled);

/*
 * unit_create by an admin: SOD_EPERM unless ses is admin of the parent
 * (in->parent_code; SOD_ENOTFOUND with ve->field "parent" if unknown).
 * Audited as unit.create.
 */
enum sod_err scope_unit_create(struct sys *sys, struct arena *a,
                               const struct session *ses, const struct unit_input *in,
                               struct verr *ve, int64_t *id_out);

/* What an admin asks of a unit; NULL or "" / -1 / 0 leave a field as it is. */
struct unit_edit {
	const char *code;
	const char *name_th, *name_en;
	const char *parent_code;   /* a different parent: a move */
	int closed;                /* 1 close, 0 reopen, -1 leave */
	int64_t retention_days;    /* 0: leave; else 30–36500 */
};

/*
 * Edit a unit (scope-confirm). SOD_EPERM unless ses is admin of the unit,
 * and for a move also of the new parent. Bad input (SOD_EINVAL, *ve):
 * names, retention out of 30–36500, a move of the root or into the unit's
 * own subtree; SOD_ENOTFOUND (ve->field "parent") for an unknown parent.
 * Nothing is written unless all of it is valid. Renaming, closing and a
 * longer retention are applied; a move and a shorter retention become
 * pending changes (*pending_out counts them). All in one transaction with
 * its audit entries (unit.update, unit.retention, unit.move_requested,
 * unit.retention_requested).
 */
enum sod_err scope_unit_edit(struct sys *sys, struct arena *a, const struct session *ses,
                             const struct unit_edit *e, struct verr *ve,
                             int *pending_out);

/* The pending changes ses may decide (not its own), oldest first. */
enum sod_err scope_unit_changes(struct sys *sys, struct arena *a,
                                const struct session *ses,
                                struct unit_change_rec **items_out, size_t *n_out);

/*
 * Confirm (apply) or refuse a pending change. SOD_ENOTFOUND if there is no
 * such change; SOD_ECONFLICT if it was already decided, or (confirming a
 * move) the tree changed so that it would make a cycle; SOD_EPERM unless
 * ses is a supervisor of the unit's parent line and did not ask for it.
 * Audited as unit.change_confirmed / unit.change_refused.
 */
enum sod_err scope_unit_change_decide(struct sys *sys, struct arena *a,
                                      const struct session *ses, int64_t change,
                                      bool confirm);

/*
 * People search limited to the people ses may see (network.h
 * person_access): *total_out counts only those ("scope-search").
 */
enum sod_err scope_person_search(struct sys *sys, struct arena *a,
                                 const struct session *ses, const char *text,
                                 int64_t limit, int64_t offset,
                                 struct person_rec **items_out, size_t *n_out,
                                 int64_t *total_out);

/*
 * Export of a person's whole record (citizen ID included) ("scope-pdpa"):
 * SOD_OK if ses may manage the people of every unit the person belongs
 * to (or it is ses's own record; a person without any membership needs
 * an admin of the root), and then writes the person.export audit entry;
 * SOD_EPERM otherwise; SOD_ENOTFOUND for an unknown or erased person.
 */
enum sod_err scope_person_export(struct sys *sys, struct arena *a,
                                 const struct session *ses, int64_t person);

/* Erase a person (network.h person_erase) under the same rule as export
 * (one's own record is not enough), audited as person.erase. */
enum sod_err scope_person_erase(struct sys *sys, struct arena *a,
                                const struct session *ses, int64_t person);

#endif
