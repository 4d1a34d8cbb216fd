/*
 * readers.h — who may be given a unit's key, and by whom.
 *
 * A reader (an officer, supervisor or custodian of a unit) reads the
 * unit's tips only once the unit's secret key is sealed to their account
 * key (domain/keys.h). Nothing does that by itself: a supervisor of the
 * unit (a grant on it or above it) who holds its key approves the reader,
 * or an operator runs `sodsong keys grant` with the recovery key. No
 * account ever approves an account it created, so an administrator who
 * creates an officer cannot give it tips (keys-creator-never-approves).
 * A supervisor of the unit can revoke a reader (their copy of the key is
 * removed); rotating the unit key (keys_rotate) then keeps new tips from
 * a copy they may have kept. Every approval and revocation is audited.
 */
#ifndef SOD_DOMAIN_READERS_H
#define SOD_DOMAIN_READERS_H

#include "domain/tip.h"

/* One reader of a unit whose key the caller holds and supervises. */
struct reader_view {
	const char *unit_code, *unit_name_th, *unit_name_en;
	const char *username, *display_name, *role;
	bool has_key;         /* signed in once (has an account key) */
	bool holder;          /* holds the unit's key already */
	bool created_by_me;   /* the caller created this account: may not approve */
};

/*
 * The readers of every unit whose key r holds and where r is a supervisor
 * (waiting ones first, then holders), in the arena. An empty list for a
 * caller who holds no key.
 */
enum sod_err readers_list(struct sys *sys, struct arena *a, const struct tip_reader *r,
                          struct reader_view **out, size_t *n_out);

/* The units whose key r holds and where r is a supervisor (those it may
 * approve readers of and rotate), in the arena. */
enum sod_err readers_units(struct sys *sys, struct arena *a, const struct tip_reader *r,
                           struct unit_rec **out, size_t *n_out);

/*
 * Seal the unit's key to the reader username. SOD_ENOTFOUND: no such unit
 * or account, or the account is not a reader of that unit; SOD_EPERM: r is
 * not a supervisor of the unit, does not hold its key, or created the
 * account; SOD_ECONFLICT: the reader has not signed in yet (no account
 * key; *why_out "not_signed_in") or holds the key already ("already").
 * Audited (unit_key.approve) in the same transaction.
 */
enum sod_err readers_approve(struct sys *sys, struct arena *a, const struct tip_reader *r,
                             const char *unit_code, const char *username,
                             const char **why_out);

/*
 * Remove username's copy of the unit's key. ses NULL: the command line
 * (an operator); otherwise a supervisor of the unit (SOD_EPERM). SOD_ENOTFOUND
 * for an unknown unit or account, SOD_ECONFLICT if they hold no copy.
 * Audited (unit_key.revoke).
 */
enum sod_err readers_revoke(struct sys *sys, struct arena *a, const struct session *ses,
                            const char *unit_code, const char *username);

/*
 * A supervisor of the unit who holds its key gives the unit a new key pair
 * (keys_rotate_unit): after revoking someone, so that a copy of the old
 * key they may have kept opens no new tip. *holders_out: how many holders
 * got the new key. SOD_ENOTFOUND unknown unit; SOD_EPERM not such a
 * supervisor. Audited (unit_key.rotate).
 */
enum sod_err readers_rotate(struct sys *sys, struct arena *a, const struct tip_reader *r,
                            const char *unit_code, int *holders_out);

#endif
