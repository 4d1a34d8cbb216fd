/*
 * readers.c — approving and revoking the readers of a unit's key; see
 * readers.h and docs/crypto.md.
 */
#include "domain/readers.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "domain/audit.h"
#include "domain/unit.h"

/* The current key of unit among r's keys (keys_held puts it first). */
static const struct unit_secret *
held_key(const struct tip_reader *r, int64_t unit)
{
	for (size_t i = 0; i < r->nkeys; i++)
		if (r->keys[i].unit_id == unit)
			return &r->keys[i];
	return NULL;
}

static bool
is_supervisor(struct sys *sys, const struct session *ses, int64_t unit)
{
	bool ok = false;

	return auth_can(sys, ses, ROLE_SUPERVISOR, unit, &ok) == SOD_OK && ok;
}

/* Append the readers of unit u to *out (waiting first when waiting). */
static enum sod_err
list_unit(struct sys *sys, struct arena *a, const struct tip_reader *r,
          const struct unit_rec *u, bool waiting, struct reader_view **out, size_t *n,
          size_t *cap)
{
	struct unit_reader *rd;
	size_t nr;
	enum sod_err err;

	if ((err = store_unit_readers(sys->store, a, u->id, &rd, &nr)))
		return err;
	for (size_t i = 0; i < nr; i++) {
		if (rd[i].holder == waiting || rd[i].account_id == r->ses->account_id)
			continue;
		if (*n == *cap) {
			struct reader_view *bigger;

			*cap = *cap ? *cap * 2 : 16;
			if ((bigger = arena_alloc(a, *cap * sizeof(*bigger))) == NULL)
				return SOD_ENOMEM;
			if (*n)
				memcpy(bigger, *out, *n * sizeof(*bigger));
			*out = bigger;
		}
		(*out)[(*n)++] = (struct reader_view){u->code, u->name_th, u->name_en,
		    rd[i].username, rd[i].display_name, rd[i].role, rd[i].has_key, rd[i].holder,
		    rd[i].created_by == r->ses->account_id};
	}
	return SOD_OK;
}

enum sod_err
readers_units(struct sys *sys, struct arena *a, const struct tip_reader *r,
              struct unit_rec **out, size_t *n_out)
{
	size_t n = 0;
	enum sod_err err;

	*n_out = 0;
	if ((*out = arena_zalloc(a, (r->nkeys ? r->nkeys : 1) * sizeof(**out))) == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < r->nkeys; i++) {
		if (i > 0 && r->keys[i].unit_id == r->keys[i - 1].unit_id)
			continue;  /* a retired key of the same unit */
		if (!is_supervisor(sys, r->ses, r->keys[i].unit_id))
			continue;
		if ((err = store_unit_get(sys->store, a, r->keys[i].unit_id, &(*out)[n])))
			return err;
		n++;
	}
	*n_out = n;
	return SOD_OK;
}

enum sod_err
readers_list(struct sys *sys, struct arena *a, const struct tip_reader *r,
             struct reader_view **out, size_t *n_out)
{
	struct unit_rec *u;
	size_t nu, n = 0, cap = 0;
	enum sod_err err;

	*out = NULL;
	*n_out = 0;
	if ((err = readers_units(sys, a, r, &u, &nu)))
		return err;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < nu; i++)
			if ((err = list_unit(sys, a, r, &u[i], pass == 0, out, &n, &cap)))
				return err;
	*n_out = n;
	return SOD_OK;
}

/* The unit and the reader of unit_code/username, as rows. */
static enum sod_err
find(struct sys *sys, struct arena *a, const char *unit_code, const char *username,
     struct unit_rec *u, struct unit_reader *out)
{
	struct unit_reader *rd;
	size_t n;
	enum sod_err err;

	if (unit_code == NULL || username == NULL)
		return SOD_ENOTFOUND;
	if ((err = unit_get(sys, a, unit_code, u, NULL)) ||
	    (err = store_unit_readers(sys->store, a, u->id, &rd, &n)))
		return err;
	for (size_t i = 0; i < n; i++)
		if (strcmp(rd[i].username, username) == 0) {
			*out = rd[i];
			return SOD_OK;
		}
	return SOD_ENOTFOUND;  /* no such account, or not a reader of this unit */
}

enum sod_err
readers_approve(struct sys *sys, struct arena *a, const struct tip_reader *r,
                const char *unit_code, const char *username, const char **why_out)
{
	const struct unit_secret *us;
	struct unit_reader rd;
	struct unit_rec u;
	unsigned char apk[ENV_KEY_LEN];
	char *pk_text, *wrapped, *sealed, object[64], detail[128];
	enum sod_err err;

	*why_out = NULL;
	if ((err = find(sys, a, unit_code, username, &u, &rd)))
		return err;
	/* A supervisor of the unit who holds its key; never the creator of
	 * the account (keys-creator-never-approves). */
	if (!is_supervisor(sys, r->ses, u.id) || (us = held_key(r, u.id)) == NULL ||
	    rd.created_by == r->ses->account_id || rd.account_id == r->ses->account_id)
		return SOD_EPERM;
	if (rd.holder) {
		*why_out = "already";
		return SOD_ECONFLICT;
	}
	if ((err = store_account_keys_get(sys->store, a, rd.account_id, &pk_text, &wrapped)))
		return err;
	if (pk_text == NULL || env_key_parse(pk_text, apk) != SOD_OK) {
		*why_out = "not_signed_in";
		return SOD_ECONFLICT;
	}
	if ((err = env_seal(a, apk, us->sk, &sealed)))
		return err;
	snprintf(object, sizeof(object), "unit:%lld", (long long)u.id);
	snprintf(detail, sizeof(detail), "account:%lld", (long long)rd.account_id);
	if ((err = store_tx_begin(sys->store, true)))
		return err;
	if ((err = store_holder_insert(sys->store, u.id, rd.account_id, sealed)) ||
	    (err = audit_append(sys, r->ses->account_id, r->ses->username, "unit_key.approve",
	                        object, detail))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
readers_revoke(struct sys *sys, struct arena *a, const struct session *ses,
               const char *unit_code, const char *username)
{
	struct unit_reader rd = {0};
	struct account_rec acc;
	struct unit_rec u;
	char object[64], detail[128];
	enum sod_err err;

	/* A reader whose grant was taken away is no longer listed among the
	 * unit's readers but may still hold a copy: look the account up. */
	if (unit_code == NULL || username == NULL)
		return SOD_ENOTFOUND;
	if ((err = unit_get(sys, a, unit_code, &u, NULL)) ||
	    (err = auth_account_find(sys, a, username, &acc)))
		return err;
	rd.account_id = acc.id;
	if (ses != NULL && !is_supervisor(sys, ses, u.id))
		return SOD_EPERM;
	snprintf(object, sizeof(object), "unit:%lld", (long long)u.id);
	snprintf(detail, sizeof(detail), "account:%lld", (long long)rd.account_id);
	if ((err = store_tx_begin(sys->store, true)))
		return err;
	err = store_holder_delete(sys->store, u.id, rd.account_id);
	if (err == SOD_ENOTFOUND)
		err = SOD_ECONFLICT;  /* holds no copy */
	if (err || (err = audit_append(sys, ses ? ses->account_id : 0,
	                               ses ? ses->username : "operator", "unit_key.revoke",
	                               object, detail))) {
		store_tx_rollback(sys->store);
		return err;
	}
	return store_tx_commit(sys->store);
}

enum sod_err
readers_rotate(struct sys *sys, struct arena *a, const struct tip_reader *r,
               const char *unit_code, int *holders_out)
{
	const struct unit_secret *us;
	struct unit_rec u;
	enum sod_err err;

	*holders_out = 0;
	if (unit_code == NULL)
		return SOD_ENOTFOUND;
	if ((err = unit_get(sys, a, unit_code, &u, NULL)))
		return err;
	if (!is_supervisor(sys, r->ses, u.id) || (us = held_key(r, u.id)) == NULL)
		return SOD_EPERM;
	return keys_rotate_unit(sys, a, us, r->ses->account_id, r->ses->username, holders_out);
}
