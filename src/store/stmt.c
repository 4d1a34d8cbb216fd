/*
 * stmt.c — every SQL statement of Sodsong, in one table.
 *
 * Portable SQL (SQLite 3.40 and PostgreSQL 15 both take it): $n
 * placeholders, RETURNING, WITH RECURSIVE, ON CONFLICT. Where an engine
 * needs other text, a driver-specific table will sit beside this one.
 * Nothing here is ever built from input.
 */
#include "store/internal.h"

/* The columns every unit query returns, in the order store_unit.c reads. */
#define UNIT_COLS \
	"u.id, u.code, u.kind, u.name_th, u.name_en, u.parent_id, p.code, " \
	"u.province_code, u.district_code, u.closed_at, " \
	"(SELECT count(*) FROM units c WHERE c.parent_id = u.id) "
#define UNIT_FROM " FROM units u LEFT JOIN units p ON p.id = u.parent_id "

#define ACCOUNT_COLS \
	"id, username, display_name, pw_hash, disabled, totp_secret, " \
	"totp_enabled, totp_last_step, failed_logins, locked_until, created_at "

/* The ancestors of unit $1, itself included. */
#define ANCESTORS(x) \
	"WITH RECURSIVE anc(id) AS (SELECT " x " UNION ALL " \
	"SELECT u.parent_id FROM units u JOIN anc ON u.id = anc.id " \
	"WHERE u.parent_id IS NOT NULL) "

const struct stmt_def stmt_defs[STMT__MAX] = {
	[STMT_META_GET] = {"meta_get", "SELECT value FROM meta WHERE key = $1"},
	[STMT_META_SET] = {"meta_set",
		"INSERT INTO meta(key, value) VALUES ($1, $2) "
		"ON CONFLICT(key) DO UPDATE SET value = excluded.value"},
	[STMT_UNIT_INSERT] = {"unit_insert",
		"INSERT INTO units(code, kind, name_th, name_en, parent_id, "
		"province_code, district_code, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"},
	[STMT_UNIT_GET] = {"unit_get",
		"SELECT " UNIT_COLS UNIT_FROM "WHERE u.id = $1"},
	[STMT_UNIT_GET_BY_CODE] = {"unit_get_by_code",
		"SELECT " UNIT_COLS UNIT_FROM "WHERE u.code = $1"},
	[STMT_UNIT_ROOT] = {"unit_root",
		"SELECT " UNIT_COLS UNIT_FROM "WHERE u.parent_id IS NULL "
		"ORDER BY u.id LIMIT 1"},
	[STMT_UNIT_LIST] = {"unit_list",
		"SELECT " UNIT_COLS UNIT_FROM
		"WHERE ($1 = 0 OR u.parent_id = $1) AND ($2 IS NULL OR u.kind = $2) "
		"ORDER BY u.code LIMIT $3 OFFSET $4"},
	[STMT_UNIT_COUNT] = {"unit_count",
		"SELECT count(*) FROM units u "
		"WHERE ($1 = 0 OR u.parent_id = $1) AND ($2 IS NULL OR u.kind = $2)"},
	[STMT_UNIT_IS_WITHIN] = {"unit_is_within",
		ANCESTORS("$1") "SELECT count(*) FROM anc WHERE id = $2"},
	[STMT_UNIT_SUBTREE_COUNT] = {"unit_subtree_count",
		"WITH RECURSIVE sub(id) AS (SELECT $1 UNION ALL "
		"SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) "
		"SELECT count(*) FROM sub"},
	[STMT_ACCOUNT_INSERT] = {"account_insert",
		"INSERT INTO accounts(username, display_name, pw_hash, created_at) "
		"VALUES ($1, $2, $3, $4) RETURNING id"},
	[STMT_ACCOUNT_GET] = {"account_get",
		"SELECT " ACCOUNT_COLS "FROM accounts WHERE id = $1"},
	[STMT_ACCOUNT_GET_BY_USERNAME] = {"account_get_by_username",
		"SELECT " ACCOUNT_COLS "FROM accounts WHERE username = $1"},
	[STMT_ACCOUNT_LIST] = {"account_list",
		"SELECT " ACCOUNT_COLS "FROM accounts ORDER BY username "
		"LIMIT $1 OFFSET $2"},
	[STMT_ACCOUNT_COUNT] = {"account_count", "SELECT count(*) FROM accounts"},
	[STMT_ACCOUNT_SET_PASSWORD] = {"account_set_password",
		"UPDATE accounts SET pw_hash = $2, failed_logins = 0, locked_until = 0 "
		"WHERE id = $1"},
	[STMT_ACCOUNT_SET_DISABLED] = {"account_set_disabled",
		"UPDATE accounts SET disabled = $2 WHERE id = $1"},
	[STMT_ACCOUNT_SET_TOTP] = {"account_set_totp",
		"UPDATE accounts SET totp_secret = $2, totp_enabled = $3 WHERE id = $1"},
	[STMT_ACCOUNT_SET_TOTP_STEP] = {"account_set_totp_step",
		"UPDATE accounts SET totp_last_step = $2 WHERE id = $1"},
	[STMT_ACCOUNT_LOGIN_FAILED] = {"account_login_failed",
		"UPDATE accounts SET failed_logins = $2, locked_until = $3 WHERE id = $1"},
	[STMT_ACCOUNT_LOGIN_OK] = {"account_login_ok",
		"UPDATE accounts SET failed_logins = 0, locked_until = 0 WHERE id = $1"},
	[STMT_GRANT_ADD] = {"grant_add",
		"INSERT INTO grants(account_id, unit_id, role) VALUES ($1, $2, $3) "
		"ON CONFLICT DO NOTHING"},
	[STMT_GRANT_LIST] = {"grant_list",
		"SELECT g.unit_id, u.code, u.name_th, u.name_en, g.role "
		"FROM grants g JOIN units u ON u.id = g.unit_id "
		"WHERE g.account_id = $1 ORDER BY u.code, g.role"},
	[STMT_GRANT_CHECK] = {"grant_check",
		ANCESTORS("$2") "SELECT count(*) FROM grants g JOIN anc ON g.unit_id = anc.id "
		"WHERE g.account_id = $1 AND g.role = $3"},
	[STMT_SESSION_INSERT] = {"session_insert",
		"INSERT INTO sessions(token_hash, account_id, csrf, stage, created_at, "
		"last_seen, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"},
	[STMT_SESSION_GET] = {"session_get",
		"SELECT token_hash, account_id, csrf, stage, created_at, last_seen, "
		"expires_at FROM sessions WHERE token_hash = $1"},
	[STMT_SESSION_TOUCH] = {"session_touch",
		"UPDATE sessions SET last_seen = $2, stage = $3 WHERE token_hash = $1"},
	[STMT_SESSION_DELETE] = {"session_delete",
		"DELETE FROM sessions WHERE token_hash = $1"},
	[STMT_SESSION_DELETE_ACCOUNT] = {"session_delete_account",
		"DELETE FROM sessions WHERE account_id = $1"},
	[STMT_SESSION_PURGE] = {"session_purge",
		"DELETE FROM sessions WHERE expires_at < $1"},
};
