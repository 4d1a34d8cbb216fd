/*
 * keys.h — who holds which key (the policy over crypto/envelope.h).
 *
 * Every unit gets a key pair when it is created; its secret key is sealed
 * to the recovery key (made by `init`, shown once, never stored) and to
 * each account that reads the unit's tips (officer, supervisor, custodian
 * on that unit) — a holder. Accounts get their key pair at their first
 * sign-in, when the password is there to wrap it.
 *
 * A reader who is not yet a holder becomes one (1) when any holder of the
 * unit's key signs in (their session can open it and seals it on), or (2)
 * when an operator runs `sodsong keys grant DIR` with the recovery key.
 * Until then that reader cannot open the unit's tips; nobody can read a
 * tip without a key sealed to them, the server included.
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

/* Seal the unit keys account holds to the readers of those units who lack
 * them; *granted_out counts the seals made. */
enum sod_err keys_propagate(struct sys *sys, struct arena *a, int64_t account,
                            const unsigned char sk[ENV_KEY_LEN], int *granted_out);

/* With the recovery secret key (base64 text): every reader gets the keys
 * of their units. SOD_ECRYPTO if it is not the recovery key. */
enum sod_err keys_grant_all(struct sys *sys, struct arena *a, const char *recovery_sk,
                            int *granted_out);

/* The unit secret keys an account holds (opened with its secret key). */
enum sod_err keys_held(struct sys *sys, struct arena *a, int64_t account,
                       const unsigned char sk[ENV_KEY_LEN], struct unit_secret **out,
                       size_t *n_out);

#endif
