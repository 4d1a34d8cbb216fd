/*
 * scope.c — admin scope, confirmed changes of the unit tree, and rights
 * over a person's data across units; see scope.h. The checks are here so
 * that every front door (pages, API) gets the same answer.
 */
#include "domain/scope.h"

#include <string.h>

#include "domain/audit.h"
#include "domain/network.h"
#include "text/utf8.h"
#include "util/clock.h"

#define CHANGES_MAX 500

static bool
empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

static enum sod_err
audit(struct sys *sys, struct arena *a, const struct session *ses, const char *action,
      const char *kind, int64_t id, const char *detail)
{
	char *object = arena_printf(a, "%s:%lld", kind, (long long)id);

	if (object == NULL)
		return SOD_ENOMEM;
	return audit_append(sys, ses->account_id, ses->username ? ses->username : "",
	                    action, object, detail ? detail : "");
}

enum sod_err
scope_is_root_admin(struct sys *sys, struct arena *a, const struct session *ses, bool *out)
{
	struct unit_rec root;
	enum sod_err err;

	*out = false;
	if ((err = store_unit_root(sys->store, a, &root)) != SOD_OK)
		return err;
	return auth_can(sys, ses, ROLE_ADMIN, root.id, out);
}

enum sod_err
scope_account_in_reach(struct sys *sys, struct arena *a, const struct session *ses,
                       int64_t account, bool *out)
{
	struct grant_rec *g;
	size_t n;
	enum sod_err err;

	*out = false;
	if ((err = store_grant_list(sys->store, a, account, &g, &n)) != SOD_OK)
		return err;
	if (n == 0)
		return scope_is_root_admin(sys, a, ses, out);
	for (size_t i = 0; i < n; i++) {
		bool ok = false;

		if ((err = auth_can(sys, ses, ROLE_ADMIN, g[i].unit_id, &ok)) != SOD_OK)
			return err;
		if (!ok)
			return SOD_OK;
	}
	*out = true;
	return SOD_OK;
}

enum sod_err
scope_account_list(struct sys *sys, struct arena *a, const struct session *ses,
                   int64_t limit, int64_t offset, struct account_rec **items_out,
                   size_t *n_out, int64_t *total_out)
{
	bool root = false;
	enum sod_err err;

	if ((err = scope_is_root_admin(sys, a, ses, &root)) != SOD_OK)
		return err;
	return store_account_list_scoped(sys->store, a, ses->full ? ses->account_id : 0, root,
	                                 limit, offset, items_out, n_out, total_out);
}

/* The unit of code (NULL or "": the root); ve names field when unknown. */
static enum sod_err
unit_named(struct sys *sys, struct arena *a, const char *code, const char *field,
           struct unit_rec *u, struct verr *ve)
{
	enum sod_err err = unit_get(sys, a, code, u, NULL);

	if (err == SOD_ENOTFOUND)
		*ve = (struct verr){field, strcmp(field, "unit") == 0 ? "error.field.unit_unknown"
		                                                     : "error.field.parent_unknown"};
	return err;
}

enum sod_err
scope_account_create(struct sys *sys, struct arena *a, const struct session *ses,
                     const char *username, const char *display_name,
                     const char *password, enum role role, const char *unit_code,
                     struct verr *ve, int64_t *id_out)
{
	struct unit_rec unit;
	bool ok = false;
	enum sod_err err;

	if ((err = unit_named(sys, a, unit_code, "unit", &unit, ve)) ||
	    (err = auth_can(sys, ses, ROLE_ADMIN, unit.id, &ok)))
		return err;
	if (!ok)
		return SOD_EPERM;
	if ((err = auth_account_create(sys, a, username, display_name, password, role,
	                               unit.code, ve, id_out)) != SOD_OK)
		return err;
	return audit(sys, a, ses, "account.create", "account", *id_out,
	             arena_printf(a, "%s %s on %s", username, role_name(role), unit.code));
}

enum sod_err
scope_account_set_disabled(struct sys *sys, struct arena *a, const struct session *ses,
                           int64_t account, bool disabled)
{
	struct account_rec acc;
	bool ok = false;
	enum sod_err err;

	if (account == ses->account_id)
		return SOD_ECONFLICT;
	if ((err = store_account_get(sys->store, a, account, &acc)) ||
	    (err = scope_account_in_reach(sys, a, ses, account, &ok)))
		return err;
	if (!ok)
		return SOD_EPERM;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_account_set_disabled(sys->store, account, disabled)) ||
	    (disabled && (err = store_session_delete_account(sys->store, account))) ||
	    (err = audit(sys, a, ses, disabled ? "account.disable" : "account.enable",
	                 "account", account, acc.username))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
scope_unit_create(struct sys *sys, struct arena *a, const struct session *ses,
                  const struct unit_input *in, struct verr *ve, int64_t *id_out)
{
	struct unit_rec parent;
	bool ok = false;
	enum sod_err err;

	/* Only the root may be made without a parent, and only by `init`. */
	if (empty(in->parent_code)) {
		*ve = (struct verr){"parent", "error.field.parent_required"};
		return SOD_EINVAL;
	}
	if ((err = unit_named(sys, a, in->parent_code, "parent", &parent, ve)) ||
	    (err = auth_can(sys, ses, ROLE_ADMIN, parent.id, &ok)))
		return err;
	if (!ok)
		return SOD_EPERM;
	if ((err = unit_create(sys, a, in, ve, id_out)) != SOD_OK)
		return err;
	return audit(sys, a, ses, "unit.create", "unit", *id_out,
	             arena_printf(a, "%s under %s", in->code, parent.code));
}

static enum sod_err
check_name(const char *s, const char *field, struct verr *ve)
{
	if (!empty(s) && text_check(s, strlen(s), 600, 200, false) != SOD_OK) {
		*ve = (struct verr){field, "error.field.text"};
		return SOD_EINVAL;
	}
	return SOD_OK;
}

/* Validate a move of u under parent_code; *parent set when it is one. */
static enum sod_err
check_move(struct sys *sys, struct arena *a, const struct session *ses,
           const struct unit_rec *u, const char *parent_code, struct unit_rec *parent,
           bool *move_out, struct verr *ve)
{
	bool inside = false, ok = false;
	enum sod_err err;

	*move_out = false;
	if (empty(parent_code) || (u->parent_code && strcmp(parent_code, u->parent_code) == 0))
		return SOD_OK;
	if ((err = unit_named(sys, a, parent_code, "parent", parent, ve)) != SOD_OK)
		return err;
	if (u->parent_id == 0 ||
	    (err = store_unit_is_within(sys->store, parent->id, u->id, &inside)) || inside) {
		if (!err) {
			*ve = (struct verr){"parent", "error.field.parent_cycle"};
			err = SOD_EINVAL;
		}
		return err;
	}
	/* The destination must be the admin's too ("scope-admin"). */
	if ((err = auth_can(sys, ses, ROLE_ADMIN, parent->id, &ok)) != SOD_OK)
		return err;
	if (!ok)
		return SOD_EPERM;
	*move_out = true;
	return SOD_OK;
}

static enum sod_err
queue_change(struct sys *sys, struct arena *a, const struct session *ses,
             const struct unit_rec *u, const char *kind, int64_t parent_id,
             int64_t days, const char *detail)
{
	struct unit_change_rec c = {.unit_id = u->id, .kind = (char *)kind,
	                            .new_parent_id = parent_id, .retention_days = days,
	                            .requested_by = ses->account_id,
	                            .requested_at = sod_now()};
	int64_t id;
	enum sod_err err;

	if ((err = store_unit_change_insert(sys->store, &c, &id)) != SOD_OK)
		return err;
	return audit(sys, a, ses, strcmp(kind, "move") == 0 ? "unit.move_requested"
	                                                    : "unit.retention_requested",
	             "unit", u->id, arena_printf(a, "change %lld: %s", (long long)id, detail));
}

/* The writes of scope_unit_edit, inside the caller's transaction. */
static enum sod_err
apply_edit(struct sys *sys, struct arena *a, const struct session *ses,
           const struct unit_edit *e, struct unit_rec *u, const struct unit_rec *parent,
           bool move, int *pending_out)
{
	int64_t days = 0;
	bool named = !empty(e->name_th) || !empty(e->name_en);
	enum sod_err err;

	if (named || e->closed >= 0) {
		if (!empty(e->name_th))
			u->name_th = (char *)e->name_th;
		if (!empty(e->name_en))
			u->name_en = (char *)e->name_en;
		if (e->closed >= 0)
			u->closed_at = e->closed ? (u->closed_at ? u->closed_at : sod_now()) : 0;
		if ((err = store_unit_update(sys->store, u)) ||
		    (err = audit(sys, a, ses, "unit.update", "unit", u->id,
		                 arena_printf(a, "%s%s", named ? "renamed " : "",
		                              e->closed < 0 ? "" : e->closed ? "closed" : "open"))))
			return err;
	}
	if (move) {
		if ((err = queue_change(sys, a, ses, u, "move", parent->id, 0,
		                        arena_printf(a, "parent %s→%s", u->parent_code,
		                                     parent->code))))
			return err;
		(*pending_out)++;
	}
	if (e->retention_days == 0)
		return SOD_OK;
	if ((err = store_unit_retention(sys->store, u->id, &days)) != SOD_OK)
		return err;
	if (e->retention_days < days) {
		/* Shorter keeping destroys evidence sooner: a supervisor decides. */
		if ((err = queue_change(sys, a, ses, u, "retention", 0, e->retention_days,
		                        arena_printf(a, "retention %lld→%lld", (long long)days,
		                                     (long long)e->retention_days))))
			return err;
		(*pending_out)++;
		return SOD_OK;
	}
	if (e->retention_days == days)
		return SOD_OK;
	if ((err = store_unit_set_retention(sys->store, u->id, e->retention_days)) != SOD_OK)
		return err;
	return audit(sys, a, ses, "unit.retention", "unit", u->id,
	             arena_printf(a, "retention %lld→%lld", (long long)days,
	                          (long long)e->retention_days));
}

enum sod_err
scope_unit_edit(struct sys *sys, struct arena *a, const struct session *ses,
                const struct unit_edit *e, struct verr *ve, int *pending_out)
{
	struct unit_rec u, parent = {0};
	bool ok = false, move = false;
	enum sod_err err;

	*pending_out = 0;
	if ((err = store_unit_get_by_code(sys->store, a, e->code, &u)) ||
	    (err = auth_can(sys, ses, ROLE_ADMIN, u.id, &ok)))
		return err;
	if (!ok)
		return SOD_EPERM;
	if ((err = check_name(e->name_th, "name_th", ve)) ||
	    (err = check_name(e->name_en, "name_en", ve)))
		return err;
	if (e->retention_days != 0 && (e->retention_days < 30 || e->retention_days > 36500)) {
		*ve = (struct verr){"retention_days", "error.field.retention"};
		return SOD_EINVAL;
	}
	if ((err = check_move(sys, a, ses, &u, e->parent_code, &parent, &move, ve)) != SOD_OK)
		return err;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = apply_edit(sys, a, ses, e, &u, &parent, move, pending_out)) != SOD_OK) {
		store_tx_rollback(sys->store);
		*pending_out = 0;
		return err;
	}
	return store_tx_commit(sys->store);
}

/* True if ses may decide change c: a supervisor of the unit's parent
 * line (the root's own for the root), and not the one who asked. */
static enum sod_err
may_decide(struct sys *sys, struct arena *a, const struct session *ses,
           const struct unit_change_rec *c, bool *out)
{
	struct unit_rec u;
	enum sod_err err;

	*out = false;
	if (c->requested_by == ses->account_id)
		return SOD_OK;
	if ((err = store_unit_get(sys->store, a, c->unit_id, &u)) != SOD_OK)
		return err;
	return auth_can(sys, ses, ROLE_SUPERVISOR, u.parent_id ? u.parent_id : u.id, out);
}

enum sod_err
scope_unit_changes(struct sys *sys, struct arena *a, const struct session *ses,
                   struct unit_change_rec **items_out, size_t *n_out)
{
	struct unit_change_rec *all;
	size_t n, kept = 0;
	enum sod_err err;

	*items_out = NULL;
	*n_out = 0;
	if ((err = store_unit_change_pending(sys->store, a, CHANGES_MAX, &all, &n)) != SOD_OK)
		return err;
	for (size_t i = 0; i < n; i++) {
		bool ok = false;

		if ((err = may_decide(sys, a, ses, &all[i], &ok)) != SOD_OK)
			return err;
		if (ok)
			all[kept++] = all[i];
	}
	*items_out = all;
	*n_out = kept;
	return SOD_OK;
}

/* Apply a confirmed change inside the caller's transaction. */
static enum sod_err
apply_change(struct sys *sys, struct arena *a, const struct unit_change_rec *c)
{
	struct unit_rec u;
	bool inside = true;
	enum sod_err err;

	if (strcmp(c->kind, "retention") == 0)
		return store_unit_set_retention(sys->store, c->unit_id, c->retention_days);
	if ((err = store_unit_get(sys->store, a, c->unit_id, &u)) ||
	    (err = store_unit_is_within(sys->store, c->new_parent_id, u.id, &inside)))
		return err;
	/* The tree may have changed since the request. */
	if (inside || u.parent_id == 0)
		return SOD_ECONFLICT;
	u.parent_id = c->new_parent_id;
	return store_unit_update(sys->store, &u);
}

enum sod_err
scope_unit_change_decide(struct sys *sys, struct arena *a, const struct session *ses,
                         int64_t change, bool confirm)
{
	struct unit_change_rec c;
	bool ok = false;
	enum sod_err err;

	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_unit_change_get(sys->store, a, change, &c)) != SOD_OK)
		goto fail;
	if (strcmp(c.status, "pending") != 0) {
		err = SOD_ECONFLICT;
		goto fail;
	}
	if ((err = may_decide(sys, a, ses, &c, &ok)) != SOD_OK)
		goto fail;
	if (!ok) {
		err = SOD_EPERM;
		goto fail;
	}
	if ((confirm && (err = apply_change(sys, a, &c))) ||
	    (err = store_unit_change_decide(sys->store, c.id, confirm ? "confirmed" : "refused",
	                                    ses->account_id, sod_now())) ||
	    (err = audit(sys, a, ses, confirm ? "unit.change_confirmed" : "unit.change_refused",
	                 "unit", c.unit_id,
	                 strcmp(c.kind, "move") == 0
	                     ? arena_printf(a, "change %lld: parent %s→%s", (long long)c.id,
	                                    c.parent_code, c.new_parent_code)
	                     : arena_printf(a, "change %lld: retention %lld→%lld",
	                                    (long long)c.id, (long long)c.current_retention,
	                                    (long long)c.retention_days))))
		goto fail;
	return store_tx_commit(sys->store);
fail:
	store_tx_rollback(sys->store);
	return err;
}

enum sod_err
scope_person_search(struct sys *sys, struct arena *a, const struct session *ses,
                    const char *text, int64_t limit, int64_t offset,
                    struct person_rec **items_out, size_t *n_out, int64_t *total_out)
{
	bool root = false;
	enum sod_err err;

	if ((err = scope_is_root_admin(sys, a, ses, &root)) != SOD_OK)
		return err;
	return store_person_search_scoped(sys->store, a, text, ses->full ? ses->account_id : 0,
	                                  root, limit, offset, items_out, n_out, total_out);
}

/* True if ses may manage the people of every unit person belongs to. */
static enum sod_err
rights_everywhere(struct sys *sys, struct arena *a, const struct session *ses,
                  int64_t person, bool own_counts, bool *out)
{
	struct person_rec p;
	struct membership_rec *m;
	size_t n;
	enum sod_err err;

	*out = false;
	if ((err = store_person_get(sys->store, a, person, &p)) != SOD_OK)
		return err;
	if (p.erased_at != 0)
		return SOD_ENOTFOUND;
	if (own_counts && p.account_id != 0 && p.account_id == ses->account_id) {
		*out = true;
		return SOD_OK;
	}
	if ((err = store_membership_list(sys->store, a, person, &m, &n)) != SOD_OK)
		return err;
	if (n == 0)
		return scope_is_root_admin(sys, a, ses, out);
	for (size_t i = 0; i < n; i++) {
		bool ok = false;

		if ((err = network_can_manage(sys, ses, m[i].unit_id, &ok)) != SOD_OK)
			return err;
		if (!ok)
			return SOD_OK;
	}
	*out = true;
	return SOD_OK;
}

enum sod_err
scope_person_export(struct sys *sys, struct arena *a, const struct session *ses,
                    int64_t person)
{
	bool ok = false;
	enum sod_err err = rights_everywhere(sys, a, ses, person, true, &ok);

	if (err)
		return err;
	if (!ok)
		return SOD_EPERM;
	return audit(sys, a, ses, "person.export", "person", person, "with citizen ID");
}

enum sod_err
scope_person_erase(struct sys *sys, struct arena *a, const struct session *ses,
                   int64_t person)
{
	bool ok = false;
	enum sod_err err = rights_everywhere(sys, a, ses, person, false, &ok);

	if (err)
		return err;
	if (!ok)
		return SOD_EPERM;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_person_erase(sys->store, person, sod_now())) ||
	    (err = audit(sys, a, ses, "person.erase", "person", person, ""))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}
