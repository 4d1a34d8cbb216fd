/*
 * driver.h — what an SQL engine must provide to store/ (internal).
 *
 * One struct of function pointers per engine, the way Dovecot's lib-sql
 * does it: drv_sqlite.c and drv_pgsql.c. Statement text uses $1…$n
 * placeholders, which PostgreSQL takes natively and SQLite accepts as
 * named parameters; a driver binds by number. Only files of store/ include this.
 */
#ifndef SOD_STORE_DRIVER_H
#define SOD_STORE_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum store_step { STEP_ROW = 1, STEP_DONE = 0 };

struct store_driver {
	const char *name;
	/* Open a connection to dsn (for SQLite: a file path). */
	enum sod_err (*connect)(const char *dsn, void **conn_out);
	void (*disconnect)(void *conn);
	/* Run one or more statements without results (schema, BEGIN, COMMIT). */
	enum sod_err (*exec)(void *conn, const char *sql);
	/*
	 * Start a transaction: write ones are serialised against each other
	 * (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), read ones
	 * see one snapshot throughout.
	 */
	enum sod_err (*begin)(void *conn, bool write);
	/*
	 * The engine's text for a migration written in the shared SQL
	 * (malloc'd; NULL when out of memory); NULL when the text runs as is.
	 */
	char *(*translate_ddl)(const char *sql);
	enum sod_err (*prepare)(void *conn, const char *sql, void **stmt_out);
	void (*finalize)(void *stmt);
	/* Clear bindings and rewind, so the statement can run again. */
	void (*reset)(void *stmt);
	/* idx counts from 1, as $1 does. */
	enum sod_err (*bind_int)(void *stmt, int idx, int64_t v);
	enum sod_err (*bind_text)(void *stmt, int idx, const char *s, size_t n);
	enum sod_err (*bind_blob)(void *stmt, int idx, const void *p, size_t n);
	enum sod_err (*bind_null)(void *stmt, int idx);
	/* STEP_ROW, STEP_DONE, or a negated sod_err (SOD_ECONFLICT, SOD_EBUSY, SOD_EDB). */
	int (*step)(void *stmt);
	bool (*col_is_null)(void *stmt, int col);
	int64_t (*col_int)(void *stmt, int col);
	/* Valid until the next step/reset; never NULL (a NULL column is ""). */
	const char *(*col_text)(void *stmt, int col, size_t *len_out);
	const void *(*col_blob)(void *stmt, int col, size_t *len_out);
	/*
	 * Copy the whole database of conn into a new database file at dest with
	 * the engine's online backup (SQLite: sqlite3_backup_*), inside conn's
	 * open read transaction if it has one, so the copy is that snapshot.
	 */
	enum sod_err (*backup)(void *conn, const char *dest);
	/* Last error text, for logs only. */
	const char *(*errmsg)(void *conn);
};

extern const struct store_driver drv_sqlite;
extern const struct store_driver drv_pgsql;

#endif
