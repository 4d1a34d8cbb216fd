/*
 * auth.h — accounts, roles, sign-in and sessions.
 *
 * Roles are given on a unit and hold in its subtree (a supervisor of
 * `moi` is a supervisor of every provincial ACOC under it). A supervisor
 * also has an officer's rights; no other role implies another, so that
 * an administrator, who manages units and accounts, does not read tips
 * and a custodian alone approves identity requests.
 *
 * Sign-in: argon2id password check (bounded, crypto/sec.h), a per-account
 * lock-out that doubles after the fifth failure in a row, then — if the
 * account has TOTP on — a second stage that needs a code. Sessions are
 * random tokens of which the database holds only a hash; each has a CSRF
 * token, an idle limit and an absolute limit.
 */
#ifndef SOD_DOMAIN_AUTH_H
#define SOD_DOMAIN_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "crypto/sec.h"
#include "domain/sys.h"

enum role {
	ROLE_ADMIN,
	ROLE_SUPERVISOR,
	ROLE_OFFICER,
	ROLE_CUSTODIAN,
	ROLE_COORDINATOR,
	ROLE_MONITOR,
	ROLE_CLINIC,      /* governance clinic officer: consultations and their requesters */
	ROLE__MAX
};

const char *role_name(enum role r);
bool role_parse(const char *s, enum role *out);

#define AUTH_USERNAME_MAX 64
#define AUTH_PASSWORD_MIN 10
#define AUTH_PASSWORD_MAX 1024
#define AUTH_LOCK_AFTER   5

struct session {
	int64_t account_id;
	char *username;
	char *display_name;
	char *csrf;
	bool totp_enabled;
	bool full;            /* false: password given, TOTP pending */
	struct grant_rec *grants;
	size_t ngrants;
};

/* Check a new user name: 1–64 of a-z 0-9 . _ -, starting with a letter. */
bool auth_username_valid(const char *s);

/* Check a new password's length (10–1024 bytes, valid UTF-8). */
enum sod_err auth_password_check(const char *pw, struct verr *ve);

/*
 * Create an account with role on the unit of unit_code (NULL: the root).
 * created_by is the creating account (0: the command line); it is kept so
 * that no account ever approves its own creations (domain/readers.h).
 * SOD_ECONFLICT if the user name is taken; SOD_EINVAL with *ve on a bad
 * field; SOD_ENOTFOUND (ve->field "unit") for an unknown unit.
 */
enum sod_err auth_account_create(struct sys *sys, struct arena *a,
                                 const char *username, const char *display_name,
                                 const char *password, enum role role,
                                 const char *unit_code, int64_t created_by,
                                 struct verr *ve, int64_t *id_out);

/* Accounts by user name, paged. */
enum sod_err auth_account_list(struct sys *sys, struct arena *a, int64_t limit,
                               int64_t offset, struct account_rec **items_out,
                               size_t *n_out, int64_t *total_out);

/* One account by user name (for the command line). */
enum sod_err auth_account_find(struct sys *sys, struct arena *a, const char *username,
                               struct account_rec *out);

/* The roles of an account. */
enum sod_err auth_grants(struct sys *sys, struct arena *a, int64_t account,
                         struct grant_rec **items_out, size_t *n_out);

/* Give an existing account a role on a unit. */
enum sod_err auth_grant(struct sys *sys, struct arena *a, int64_t account,
                        enum role role, const char *unit_code, struct verr *ve);

/* Set a new password (also ends the account's sessions). */
enum sod_err auth_set_password(struct sys *sys, int64_t account,
                               const char *password, struct verr *ve);

/* Change one's own password: the old one must match. */
enum sod_err auth_change_password(struct sys *sys, struct arena *a, int64_t account,
                                  const char *old_pw, const char *new_pw,
                                  struct verr *ve);

/* Disable or enable an account; disabling ends its sessions.
 * SOD_ENOTFOUND (nothing changed) when there is no such account. */
enum sod_err auth_set_disabled(struct sys *sys, int64_t account, bool disabled);

/*
 * Sign in. On SOD_OK *token_out (in the arena) is a new session token and
 * *full_out says whether it is complete or waits for a TOTP code.
 * SOD_EAUTH for a wrong name or password, a disabled account or a locked
 * one, even with the right password (the same answer, after the same work:
 * no answer tells which names exist; *retry_out then says how long the
 * lock lasts, for logs and tests, never for the client); SOD_EBUSY when
 * the slow-hash gate is full.
 */
enum sod_err auth_login(struct sys *sys, struct arena *a, const char *username,
                        const char *password, char **token_out, bool *full_out,
                        int64_t *retry_out);

/*
 * Complete a pending session with a TOTP code. A code may be used once.
 * SOD_EAUTH for a wrong code (it counts as a failed sign-in).
 */
enum sod_err auth_login_totp(struct sys *sys, struct arena *a, const char *token,
                             const char *code);

/*
 * The session of a token, with its account and grants; SOD_EAUTH if none,
 * expired or the account disabled. Refreshes the idle timer.
 */
enum sod_err auth_session(struct sys *sys, struct arena *a, const char *token,
                          struct session *out);

/* End a session (its token no longer works). */
enum sod_err auth_logout(struct sys *sys, const char *token);

/* True if the session holds role (or one implying it) on unit_id's line. */
enum sod_err auth_can(struct sys *sys, const struct session *ses, enum role role,
                      int64_t unit_id, bool *out);

/* True if the session holds any of roles[0..n) on unit_id's line. */
enum sod_err auth_can_any(struct sys *sys, const struct session *ses, const enum role *roles,
                          size_t n, int64_t unit_id, bool *out);

/* True if the session holds role anywhere (for menus). */
bool auth_has_role_anywhere(const struct session *ses, enum role role);

/*
 * TOTP set-up: a new secret (base32, in the arena), stored sealed and not
 * yet on; auth_totp_enable turns it on once a code from it checks out.
 * auth_totp_disable needs the password.
 */
enum sod_err auth_totp_begin(struct sys *sys, struct arena *a, int64_t account,
                             char **secret_out);
enum sod_err auth_totp_enable(struct sys *sys, struct arena *a, int64_t account,
                              const char *code);
enum sod_err auth_totp_disable(struct sys *sys, struct arena *a, int64_t account,
                               const char *password);

#endif
