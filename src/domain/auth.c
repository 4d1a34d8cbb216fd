/*
 * auth.c — accounts, sign-in and sessions; see auth.h.
 */
#include "domain/auth.h"

#include <string.h>

#include <sodium.h>

#include "crypto/totp.h"
#include "domain/keys.h"
#include "store/store.h"
#include "text/utf8.h"
#include "util/clock.h"
#include "util/log.h"

#define TOTP_CTX "sodsong/totp-secret/v1"

static const char *const role_names[ROLE__MAX] = {
	[ROLE_ADMIN] = "admin",
	[ROLE_SUPERVISOR] = "supervisor",
	[ROLE_OFFICER] = "officer",
	[ROLE_CUSTODIAN] = "custodian",
	[ROLE_COORDINATOR] = "coordinator",
	[ROLE_MONITOR] = "monitor",
	[ROLE_CLINIC] = "clinic",
};

const char *
role_name(enum role r)
{
	return (unsigned)r < ROLE__MAX ? role_names[r] : "";
}

bool
role_parse(const char *s, enum role *out)
{
	for (int r = 0; r < ROLE__MAX; r++) {
		if (strcmp(s, role_names[r]) == 0) {
			*out = (enum role)r;
			return true;
		}
	}
	return false;
}

bool
auth_username_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > AUTH_USERNAME_MAX || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '_' || c == '-'))
			return false;
	}
	return true;
}

enum sod_err
auth_password_check(const char *pw, struct verr *ve)
{
	size_t n = strlen(pw);

	*ve = (struct verr){"password", NULL};
	if (!utf8_valid(pw, n)) {
		ve->key = "error.field.text";
		return SOD_EINVAL;
	}
	if (utf8_count(pw, n) < AUTH_PASSWORD_MIN) {
		ve->key = "error.field.password_short";
		return SOD_EINVAL;
	}
	if (n > AUTH_PASSWORD_MAX) {
		ve->key = "error.field.password_long";
		return SOD_EINVAL;
	}
	return SOD_OK;
}

static enum sod_err
unit_of(struct sys *sys, struct arena *a, const char *code, struct unit_rec *u,
        struct verr *ve)
{
	enum sod_err err = (code == NULL || code[0] == '\0')
	                       ? store_unit_root(sys->store, a, u)
	                       : store_unit_get_by_code(sys->store, a, code, u);

	if (err == SOD_ENOTFOUND)
		*ve = (struct verr){"unit", "error.field.unit_unknown"};
	return err;
}

enum sod_err
auth_account_create(struct sys *sys, struct arena *a, const char *username,
                    const char *display_name, const char *password,
                    enum role role, const char *unit_code, int64_t created_by,
                    struct verr *ve, int64_t *id_out)
{
	struct account_rec rec = {0};
	struct unit_rec unit;
	char hash[SEC_PW_HASH_LEN];
	enum sod_err err;

	if (!auth_username_valid(username)) {
		*ve = (struct verr){"username", "error.field.username"};
		return SOD_EINVAL;
	}
	if (display_name == NULL || display_name[0] == '\0')
		display_name = username;
	if (text_check(display_name, strlen(display_name), 600, 200, false)) {
		*ve = (struct verr){"name", "error.field.text"};
		return SOD_EINVAL;
	}
	if ((err = auth_password_check(password, ve)) != SOD_OK)
		return err;
	if ((unsigned)role >= ROLE__MAX) {
		*ve = (struct verr){"role", "error.field.role"};
		return SOD_EINVAL;
	}
	if ((err = sec_pw_hash(password, strlen(password), hash)) != SOD_OK)
		return err;
	rec.username = (char *)username;
	rec.display_name = (char *)display_name;
	rec.pw_hash = hash;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = unit_of(sys, a, unit_code, &unit, ve)) != SOD_OK)
		goto fail;
	err = store_account_insert(sys->store, &rec, id_out);
	if (err == SOD_ECONFLICT)
		*ve = (struct verr){"username", "error.field.username_taken"};
	if (err)
		goto fail;
	if ((err = store_grant_add(sys->store, *id_out, unit.id, role_name(role))) ||
	    (created_by > 0 && (err = store_account_set_creator(sys->store, *id_out, created_by))))
		goto fail;
	return store_tx_commit(sys->store);
fail:
	store_tx_rollback(sys->store);
	return err;
}

enum sod_err
auth_account_list(struct sys *sys, struct arena *a, int64_t limit, int64_t offset,
                  struct account_rec **items_out, size_t *n_out, int64_t *total_out)
{
	return store_account_list(sys->store, a, limit, offset, items_out, n_out, total_out);
}

enum sod_err
auth_account_find(struct sys *sys, struct arena *a, const char *username,
                  struct account_rec *out)
{
	return store_account_get_by_username(sys->store, a, username, out);
}

enum sod_err
auth_grants(struct sys *sys, struct arena *a, int64_t account,
            struct grant_rec **items_out, size_t *n_out)
{
	return store_grant_list(sys->store, a, account, items_out, n_out);
}

enum sod_err
auth_grant(struct sys *sys, struct arena *a, int64_t account, enum role role,
           const char *unit_code, struct verr *ve)
{
	struct unit_rec unit;
	enum sod_err err;

	if ((err = unit_of(sys, a, unit_code, &unit, ve)) != SOD_OK)
		return err;
	return store_grant_add(sys->store, account, unit.id, role_name(role));
}

enum sod_err
auth_set_password(struct sys *sys, int64_t account, const char *password,
                  struct verr *ve)
{
	char hash[SEC_PW_HASH_LEN];
	enum sod_err err;

	if ((err = auth_password_check(password, ve)) != SOD_OK)
		return err;
	if ((err = sec_pw_hash(password, strlen(password), hash)) != SOD_OK)
		return err;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_account_set_password(sys->store, account, hash)) ||
	    (err = store_session_delete_account(sys->store, account))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
auth_change_password(struct sys *sys, struct arena *a, int64_t account,
                     const char *old_pw, const char *new_pw, struct verr *ve)
{
	struct account_rec acc;
	enum sod_err err;

	if ((err = store_account_get(sys->store, a, account, &acc)) != SOD_OK)
		return err;
	err = sec_pw_verify(acc.pw_hash, old_pw, strlen(old_pw));
	if (err == SOD_EINVAL)
		err = SOD_EAUTH;
	if (err == SOD_EAUTH)
		*ve = (struct verr){"old_password", "error.field.password_wrong"};
	if (err)
		return err;
	if ((err = auth_set_password(sys, account, new_pw, ve)) != SOD_OK)
		return err;
	/* Keep the account's key: wrap it under the new password. */
	{
		unsigned char sk[ENV_KEY_LEN];
		char *pk, *wrapped;

		if (store_account_keys_get(sys->store, a, account, &pk, &wrapped) == SOD_OK &&
		    wrapped != NULL &&
		    env_unwrap_password(wrapped, old_pw, strlen(old_pw), sk) == SOD_OK) {
			err = keys_account_rewrap(sys, a, account, sk, new_pw);
			sodium_memzero(sk, sizeof(sk));
		}
	}
	return err;
}

enum sod_err
auth_set_disabled(struct sys *sys, int64_t account, bool disabled)
{
	enum sod_err err;

	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_account_set_disabled(sys->store, account, disabled)) ||
	    (disabled && (err = store_session_delete_account(sys->store, account)))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

/* Lock-out after AUTH_LOCK_AFTER failures: 30 s, doubling, at most 15 min. */
static int64_t
lock_seconds(int64_t failed)
{
	int64_t secs = 30;

	if (failed < AUTH_LOCK_AFTER)
		return 0;
	for (int64_t i = AUTH_LOCK_AFTER; i < failed && secs < 900; i++)
		secs *= 2;
	return secs < 900 ? secs : 900;
}

static enum sod_err
login_failed(struct sys *sys, const struct account_rec *acc, int64_t now)
{
	int64_t failed = acc->failed_logins + 1;
	int64_t secs = lock_seconds(failed);

	return store_account_login_failed(sys->store, acc->id, failed,
	                                  secs ? now + secs : 0);
}

static enum sod_err
session_new(struct sys *sys, struct arena *a, int64_t account, int stage,
            char **token_out)
{
	char token[SEC_TOKEN_LEN + 1], hash[SEC_TOKEN_HASH_LEN + 1];
	char csrf[SEC_TOKEN_LEN + 1];
	int64_t now = sod_now();
	struct session_rec r = {
		.token_hash = hash,
		.account_id = account,
		.csrf = csrf,
		.stage = stage,
		.created_at = now,
		.last_seen = now,
		.expires_at = now + sys->session_max,
	};
	enum sod_err err;

	sec_token_new(token);
	sec_token_new(csrf);
	sec_token_hash(token, hash);
	if ((err = store_session_insert(sys->store, &r)) != SOD_OK)
		return err;
	*token_out = arena_strdup(a, token);
	return *token_out ? SOD_OK : SOD_ENOMEM;
}

/* True if the account reads tips somewhere (and so needs a key pair). */
static bool
is_reader(struct sys *sys, struct arena *a, int64_t account)
{
	struct grant_rec *g;
	size_t n;

	if (store_grant_list(sys->store, a, account, &g, &n) != SOD_OK)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(g[i].role, "officer") == 0 || strcmp(g[i].role, "supervisor") == 0 ||
		    strcmp(g[i].role, "custodian") == 0)
			return true;
	return false;
}

/*
 * A reader's sign-in: open (or make) the account's key with the password
 * and keep it in the session under the token. Nothing is passed on to
 * anyone: unit keys are given only by approval or with the recovery key
 * (domain/readers.h; keys-no-propagation).
 */
static enum sod_err
session_keys(struct sys *sys, struct arena *a, int64_t account, const char *token,
             const char *password, bool full)
{
	unsigned char sk[ENV_KEY_LEN];
	enum sod_err err;

	(void)full;
	if (!is_reader(sys, a, account))
		return SOD_OK;
	if ((err = keys_account_unlock(sys, a, account, password, sk)) == SOD_OK)
		err = keys_session_store(sys, a, token, sk);
	sodium_memzero(sk, sizeof(sk));
	return err;
}

enum sod_err
auth_login(struct sys *sys, struct arena *a, const char *username,
           const char *password, char **token_out, bool *full_out,
           int64_t *retry_out)
{
	struct account_rec acc;
	int64_t now = sod_now();
	size_t pwlen = strlen(password);
	enum sod_err err;

	*retry_out = 0;
	if (pwlen == 0 || pwlen > AUTH_PASSWORD_MAX)
		return SOD_EAUTH;
	err = store_account_get_by_username(sys->store, a, username, &acc);
	if (err == SOD_ENOTFOUND) {
		/* Same cost as a real check, so timing does not tell names apart. */
		err = sec_pw_dummy_verify(password, pwlen);
		return err == SOD_EBUSY ? SOD_EBUSY : SOD_EAUTH;
	}
	if (err)
		return err;
	if (acc.locked_until > now) {
		/* A locked account answers as a wrong name or password does, after
		 * the same work, so that no answer tells which names exist
		 * [login-no-enumeration]. */
		*retry_out = acc.locked_until - now;
		err = sec_pw_verify(acc.pw_hash, password, pwlen);
		return err == SOD_EBUSY ? SOD_EBUSY : SOD_EAUTH;
	}
	err = sec_pw_verify(acc.pw_hash, password, pwlen);
	if (err == SOD_EAUTH) {
		if ((err = login_failed(sys, &acc, now)) != SOD_OK)
			return err;
		return SOD_EAUTH;
	}
	if (err)
		return err;
	if (acc.disabled)
		return SOD_EAUTH;
	if (!acc.totp_enabled &&
	    (err = store_account_login_ok(sys->store, acc.id)) != SOD_OK)
		return err;
	*full_out = !acc.totp_enabled;
	if ((err = session_new(sys, a, acc.id, acc.totp_enabled ? 0 : 1, token_out)))
		return err;
	return session_keys(sys, a, acc.id, *token_out, password, *full_out);
}

static enum sod_err
totp_secret_of(struct sys *sys, struct arena *a, const struct account_rec *acc,
               char **secret_out)
{
	if (acc->totp_secret == NULL)
		return SOD_ENOTFOUND;
	return box_open_sealed(sys->box, a, TOTP_CTX, acc->totp_secret, secret_out, NULL);
}

/* Check a code against the account's secret and burn its step. */
static enum sod_err
totp_check(struct sys *sys, struct arena *a, const struct account_rec *acc,
           const char *code)
{
	char *secret;
	int64_t step;
	enum sod_err err;

	if ((err = totp_secret_of(sys, a, acc, &secret)) != SOD_OK)
		return err;
	err = totp_verify(secret, code, sod_now(), &step);
	if (err == SOD_EINVAL)
		err = SOD_EAUTH;
	if (err)
		return err;
	if (step <= acc->totp_last_step)
		return SOD_EAUTH;  /* replay of a code already used */
	return store_account_set_totp_step(sys->store, acc->id, step);
}

enum sod_err
auth_login_totp(struct sys *sys, struct arena *a, const char *token, const char *code)
{
	char hash[SEC_TOKEN_HASH_LEN + 1];
	struct session_rec sr;
	struct account_rec acc;
	int64_t now = sod_now();
	enum sod_err err;

	sec_token_hash(token, hash);
	if ((err = store_session_get(sys->store, a, hash, &sr)) != SOD_OK)
		return err == SOD_ENOTFOUND ? SOD_EAUTH : err;
	if (sr.stage != 0 || sr.expires_at < now || now - sr.created_at > 300)
		return SOD_EAUTH;
	if ((err = store_account_get(sys->store, a, sr.account_id, &acc)) != SOD_OK)
		return err;
	if (acc.locked_until > now)
		return SOD_ETHROTTLE;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	err = totp_check(sys, a, &acc, code);
	if (err == SOD_EAUTH) {
		if (login_failed(sys, &acc, now) == SOD_OK && store_tx_commit(sys->store) == SOD_OK)
			return SOD_EAUTH;
		goto fail;
	}
	if (err || (err = store_account_login_ok(sys->store, acc.id)) ||
	    (err = store_session_touch(sys->store, hash, now, 1)))
		goto fail;
	return store_tx_commit(sys->store);
fail:
	store_tx_rollback(sys->store);
	return err;
}

enum sod_err
auth_session(struct sys *sys, struct arena *a, const char *token, struct session *out)
{
	char hash[SEC_TOKEN_HASH_LEN + 1];
	struct session_rec sr;
	struct account_rec acc;
	int64_t now = sod_now();
	enum sod_err err;

	if (strlen(token) != SEC_TOKEN_LEN)
		return SOD_EAUTH;
	sec_token_hash(token, hash);
	if ((err = store_session_get(sys->store, a, hash, &sr)) != SOD_OK)
		return err == SOD_ENOTFOUND ? SOD_EAUTH : err;
	if (sr.expires_at < now || now - sr.last_seen > sys->session_idle) {
		store_session_delete(sys->store, hash);
		return SOD_EAUTH;
	}
	if ((err = store_account_get(sys->store, a, sr.account_id, &acc)) != SOD_OK)
		return err == SOD_ENOTFOUND ? SOD_EAUTH : err;
	if (acc.disabled)
		return SOD_EAUTH;
	memset(out, 0, sizeof(*out));
	out->account_id = acc.id;
	out->username = acc.username;
	out->display_name = acc.display_name;
	out->csrf = sr.csrf;
	out->totp_enabled = acc.totp_enabled;
	out->full = sr.stage == 1;
	if ((err = store_grant_list(sys->store, a, acc.id, &out->grants, &out->ngrants)))
		return err;
	/* Touch at most once a minute: a write per request would serialise reads. */
	if (now - sr.last_seen >= 60)
		store_session_touch(sys->store, hash, now, sr.stage);
	return SOD_OK;
}

enum sod_err
auth_logout(struct sys *sys, const char *token)
{
	char hash[SEC_TOKEN_HASH_LEN + 1];

	sec_token_hash(token, hash);
	return store_session_delete(sys->store, hash);
}

static bool
role_implies(const char *held, enum role want)
{
	if (strcmp(held, role_name(want)) == 0)
		return true;
	return want == ROLE_OFFICER && strcmp(held, "supervisor") == 0;
}

bool
auth_has_role_anywhere(const struct session *ses, enum role role)
{
	for (size_t i = 0; i < ses->ngrants; i++)
		if (role_implies(ses->grants[i].role, role))
			return true;
	return false;
}

enum sod_err
auth_can(struct sys *sys, const struct session *ses, enum role role,
         int64_t unit_id, bool *out)
{
	*out = false;
	if (!ses->full)
		return SOD_OK;
	for (size_t i = 0; i < ses->ngrants; i++) {
		bool within;
		enum sod_err err;

		if (!role_implies(ses->grants[i].role, role))
			continue;
		err = store_unit_is_within(sys->store, unit_id, ses->grants[i].unit_id,
		                           &within);
		if (err)
			return err;
		if (within) {
			*out = true;
			return SOD_OK;
		}
	}
	return SOD_OK;
}

enum sod_err
auth_can_any(struct sys *sys, const struct session *ses, const enum role *roles, size_t n,
             int64_t unit_id, bool *out)
{
	enum sod_err err;

	*out = false;
	for (size_t i = 0; i < n && !*out; i++)
		if ((err = auth_can(sys, ses, roles[i], unit_id, out)) != SOD_OK)
			return err;
	return SOD_OK;
}

enum sod_err
auth_totp_begin(struct sys *sys, struct arena *a, int64_t account, char **secret_out)
{
	char secret[TOTP_SECRET_B32_LEN + 1];
	char *sealed;
	enum sod_err err;

	if ((err = totp_secret_new(secret)) != SOD_OK)
		return err;
	err = box_seal(sys->box, a, TOTP_CTX, secret, strlen(secret), &sealed);
	if (!err)
		err = store_account_set_totp(sys->store, account, sealed, false);
	if (!err)
		*secret_out = arena_strdup(a, secret);
	sodium_memzero(secret, sizeof(secret));
	if (!err && *secret_out == NULL)
		err = SOD_ENOMEM;
	return err;
}

enum sod_err
auth_totp_enable(struct sys *sys, struct arena *a, int64_t account, const char *code)
{
	struct account_rec acc;
	enum sod_err err;

	if ((err = store_account_get(sys->store, a, account, &acc)) != SOD_OK)
		return err;
	if (acc.totp_enabled)
		return SOD_ECONFLICT;
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = totp_check(sys, a, &acc, code)) ||
	    (err = store_account_set_totp(sys->store, account, acc.totp_secret, true))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
auth_totp_disable(struct sys *sys, struct arena *a, int64_t account,
                  const char *password)
{
	struct account_rec acc;
	enum sod_err err;

	if ((err = store_account_get(sys->store, a, account, &acc)) != SOD_OK)
		return err;
	err = sec_pw_verify(acc.pw_hash, password, strlen(password));
	if (err)
		return err == SOD_EINVAL ? SOD_EAUTH : err;
	return store_account_set_totp(sys->store, account, NULL, false);
}
