/*
 * migrations.h — the schema, as numbered migrations (internal; included
 * by store.c only). Migration N is migrations[N - 1]. Never edit a
 * migration that has shipped: add the next one. Portable SQL only; where
 * PostgreSQL needs other text, a second table will sit beside this one.
 */
#ifndef SOD_STORE_MIGRATIONS_H
#define SOD_STORE_MIGRATIONS_H

static const char *const migrations[] = {
	/* 1: settings, the unit tree, accounts, grants, sessions */
	"CREATE TABLE meta("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL);"
	"CREATE TABLE units("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL,"
	"  name_th TEXT NOT NULL,"
	"  name_en TEXT NOT NULL,"
	"  parent_id INTEGER REFERENCES units(id),"
	"  province_code TEXT,"
	"  district_code TEXT,"
	"  closed_at INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX units_parent ON units(parent_id);"
	"CREATE TABLE accounts("
	"  id INTEGER PRIMARY KEY,"
	"  username TEXT NOT NULL UNIQUE,"
	"  display_name TEXT NOT NULL,"
	"  pw_hash TEXT NOT NULL,"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  totp_secret TEXT,"
	"  totp_enabled INTEGER NOT NULL DEFAULT 0,"
	"  totp_last_step INTEGER NOT NULL DEFAULT 0,"
	"  failed_logins INTEGER NOT NULL DEFAULT 0,"
	"  locked_until INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE grants("
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  role TEXT NOT NULL,"
	"  PRIMARY KEY(account_id, unit_id, role));"
	"CREATE TABLE sessions("
	"  token_hash TEXT PRIMARY KEY,"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  csrf TEXT NOT NULL,"
	"  stage INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL);"
	"CREATE INDEX sessions_account ON sessions(account_id);",
};

#endif
