/*
 * keys.h — who holds which key (the policy over crypto/envelope.h).
 *
 * Every unit gets a key pair when it is created; its secret key is sealed
 * to the recovery key (made by `init`, shown once, never stored) and to
 * each account that reads the unit's tips (officer, supervisor, custodian
 * on that unit) — a holder. Accounts get their key pair at their first
 * sign-in, when the password is there to wrap it.
 *
 * Nothing is passed on by itself. A reader who is not yet a holder becomes
 * one only (1) when a supervisor of the unit who holds its key approves
 * them (domain/readers.h), or (2) when an operator runs `sodsong keys
 * grant DIR` with the recovery key. Both are audited. Until then that
 * reader cannot open the unit's tips; nobody can read a tip without a key
 * sealed to them, the server included. Admins hold no key by being admins.
 *
 * A unit key can be rotated (keys_rotate): new tips are sealed under the
 * new pair, the retired pairs are kept sealed to the new one (so holders
 * still read old tips), and the current holders get the new key.
 */
#ifndef SOD_DOMAIN_KEYS_H
#define SOD_DOMAIN_KEYS_H

#include "crypto/envelope.h"
#include "domain/sys.h"

struct unit_secret {
	int64_t unit_id;
	unsigned char pk[ENV_KEY_LEN];
	unsigned char sk[ENV_KEY_LEN];
};

/* At init: the recovery key pair; its public key is kept, the secret key
 * returned (base64, in the arena) to be shown once. */
enum sod_err keys_init_recovery(struct sys *sys, struct arena *a, char **recovery_sk_out);

/* Make sure the unit has a key pair (idempotent). Inside or outside a
 * write transaction. */
enum sod_err keys_ensure_unit(struct sys *sys, struct arena *a, int64_t unit);

/*
 * At sign-in, with the right password: the account's secret key, making
 * the key pair now if the account has none (or lost it with a password
 * reset: then it must be granted its units' keys again).
 */
enum sod_err keys_account_unlock(struct sys *sys, struct arena *a, int64_t account,
                                 const char *password, unsigned char sk_out[ENV_KEY_LEN]);

/* Re-wrap the account key after a password change (old key kept). */
enum sod_err keys_account_rewrap(struct sys *sys, struct arena *a, int64_t account,
                                 const unsigned char sk[ENV_KEY_LEN], const char *password);

/* The account key of a session: wrapped under a key derived from the
 * token (which only the client holds), and back. */
enum sod_err keys_session_store(struct sys *sys, struct arena *a, const char *token,
                                const unsigned char sk[ENV_KEY_LEN]);
enum sod_err keys_session_open(struct sys *sys, struct arena *a, const char *token,
                               unsigned char sk_out[ENV_KEY_LEN]);

/* Check the recovery secret key (base64 text) against the public half
 * init kept; SOD_ECRYPTO if it is not this folder's. Both halves out. */
enum sod_err keys_recovery_check(struct sys *sys, struct arena *a, const char *recovery_sk,
                                 unsigned char rsk_out[ENV_KEY_LEN],
                                 unsigned char rpk_out[ENV_KEY_LEN]);

/* The recovery public key. */
enum sod_err keys_recovery_public(struct sys *sys, struct arena *a,
                                  unsigned char pk_out[ENV_KEY_LEN]);

/* With the recovery secret key (base64 text): every reader (account 0)
 * or only that account gets the keys of the units they read (a reading
 * role granted on the unit) and have not got yet; each seal is audited
 * (unit_key.grant). SOD_ECRYPTO if it is not the recovery key. */
enum sod_err keys_grant_all(struct sys *sys, struct arena *a, const char *recovery_sk,
                            int64_t account, int *granted_out);

/* With the recovery secret key: give unit a new key pair. The old pairs
 * stay readable through the new one; every current holder gets the new
 * key (*resealed_out of them); audited (unit_key.rotate). */
enum sod_err keys_rotate(struct sys *sys, struct arena *a, const char *recovery_sk,
                         int64_t unit, int *resealed_out);

/* The same with the unit's current secret key in hand (a supervisor's
 * session holds it): the recovery key's public half is enough to seal the
 * new key to it. Audited as actor (0 and actor_name for the command line).
 * SOD_ECONFLICT if cur is not the unit's current key. */
enum sod_err keys_rotate_unit(struct sys *sys, struct arena *a, const struct unit_secret *cur,
                              int64_t actor, const char *actor_name, int *resealed_out);

/* A unit's current and retired secret keys, opened with the recovery key
 * pair (checked by keys_recovery_check); in the arena (wiped with it). */
enum sod_err keys_recovery_unit(struct sys *sys, struct arena *a,
                                const unsigned char rpk[ENV_KEY_LEN],
                                const unsigned char rsk[ENV_KEY_LEN], int64_t unit,
                                struct unit_secret **out, size_t *n_out);

/* The unit secret keys an account holds (opened with its secret key): for
 * each unit its current key, then its retired ones (same unit_id). */
enum sod_err keys_held(struct sys *sys, struct arena *a, int64_t account,
                       const unsigned char sk[ENV_KEY_LEN], struct unit_secret **out,
                       size_t *n_out);

#endif
