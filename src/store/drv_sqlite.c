/*
 * drv_sqlite.c — the SQLite driver of store/.
 *
 * One connection per worker thread (store.c hands them out). Each
 * connection runs in WAL mode with synchronous=FULL (nothing acknowledged is
 * lost on power failure), foreign keys on, and a busy timeout, so that a
 * writer waiting for another's BEGIN IMMEDIATE waits instead of failing.
 */
#include "store/driver.h"

#include <stdio.h>

#include <sqlite3.h>

#include "util/log.h"

#define SQLITE_BUSY_MS 5000

static enum sod_err
map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return SOD_OK;
	case SQLITE_CONSTRAINT:
		return SOD_ECONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return SOD_EBUSY;
	case SQLITE_NOMEM:
		return SOD_ENOMEM;
	case SQLITE_TOOBIG:
		return SOD_ETOOBIG;
	default:
		return SOD_EDB;
	}
}

static enum sod_err
sq_exec(void *conn, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(conn, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		LOG_ERR("sqlite: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return map_rc(rc);
	}
	return SOD_OK;
}

static enum sod_err
sq_begin(void *conn, bool write)
{
	return sq_exec(conn, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

static enum sod_err
sq_connect(const char *dsn, void **conn_out)
{
	sqlite3 *db = NULL;
	int rc;
	enum sod_err err;

	rc = sqlite3_open_v2(dsn, &db,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                         SQLITE_OPEN_NOMUTEX,
	                     NULL);
	if (rc != SQLITE_OK) {
		LOG_ERR("sqlite open: %s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return SOD_EDB;
	}
	sqlite3_busy_timeout(db, SQLITE_BUSY_MS);
	sqlite3_extended_result_codes(db, 1);
	err = sq_exec(db, "PRAGMA journal_mode=WAL;"
	                  "PRAGMA synchronous=FULL;"
	                  "PRAGMA foreign_keys=ON;"
	                  "PRAGMA secure_delete=ON;"
	                  /* Sorts and temporary tables stay in memory: no file
	                   * outside the data folder (the sandbox allows none). */
	                  "PRAGMA temp_store=MEMORY;");
	if (err) {
		sqlite3_close(db);
		return err;
	}
	*conn_out = db;
	return SOD_OK;
}

static void
sq_disconnect(void *conn)
{
	sqlite3_close_v2(conn);
}

static enum sod_err
sq_prepare(void *conn, const char *sql, void **stmt_out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);

	if (rc != SQLITE_OK) {
		LOG_ERR("sqlite prepare: %s", sqlite3_errmsg(conn));
		return map_rc(rc);
	}
	*stmt_out = st;
	return SOD_OK;
}

static void
sq_finalize(void *stmt)
{
	sqlite3_finalize(stmt);
}

static void
sq_reset(void *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

/*
 * SQLite numbers named parameters in order of first appearance, so "$2"
 * that appears before "$1" would get index 1: look the index up by name.
 */
static int
param_index(void *stmt, int n)
{
	char name[16];

	snprintf(name, sizeof(name), "$%d", n);
	return sqlite3_bind_parameter_index(stmt, name);
}

static enum sod_err
sq_bind_int(void *stmt, int idx, int64_t v)
{
	return map_rc(sqlite3_bind_int64(stmt, param_index(stmt, idx), v));
}

static enum sod_err
sq_bind_text(void *stmt, int idx, const char *s, size_t n)
{
	return map_rc(sqlite3_bind_text64(stmt, param_index(stmt, idx), s, n, SQLITE_TRANSIENT, SQLITE_UTF8));
}

static enum sod_err
sq_bind_blob(void *stmt, int idx, const void *p, size_t n)
{
	return map_rc(sqlite3_bind_blob64(stmt, param_index(stmt, idx), p, n, SQLITE_TRANSIENT));
}

static enum sod_err
sq_bind_null(void *stmt, int idx)
{
	return map_rc(sqlite3_bind_null(stmt, param_index(stmt, idx)));
}

static int
sq_step(void *stmt)
{
	int rc = sqlite3_step(stmt);

	if (rc == SQLITE_ROW)
		return STEP_ROW;
	if (rc == SQLITE_DONE)
		return STEP_DONE;
	if ((rc & 0xff) != SQLITE_CONSTRAINT)
		LOG_ERR("sqlite step: %s", sqlite3_errmsg(sqlite3_db_handle(stmt)));
	return -(int)map_rc(rc);
}

static bool
sq_col_is_null(void *stmt, int col)
{
	return sqlite3_column_type(stmt, col) == SQLITE_NULL;
}

static int64_t
sq_col_int(void *stmt, int col)
{
	return sqlite3_column_int64(stmt, col);
}

static const char *
sq_col_text(void *stmt, int col, size_t *len_out)
{
	const unsigned char *p = sqlite3_column_text(stmt, col);
	size_t n = (size_t)sqlite3_column_bytes(stmt, col);

	if (len_out != NULL)
		*len_out = p ? n : 0;
	return p ? (const char *)p : "";
}

static const void *
sq_col_blob(void *stmt, int col, size_t *len_out)
{
	const void *p = sqlite3_column_blob(stmt, col);

	*len_out = (size_t)sqlite3_column_bytes(stmt, col);
	return p;
}

/*
 * One sqlite3_backup_step(-1): every page in one pass, under the source's
 * read transaction (the caller's if open), so that writers on other
 * connections, which WAL lets go on, never make the copy restart or mix
 * two states. The copy is left in rollback-journal mode, a single file.
 */
static enum sod_err
sq_backup(void *conn, const char *dest)
{
	sqlite3 *to = NULL;
	sqlite3_backup *b;
	int rc;
	enum sod_err err = SOD_EDB;

	rc = sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		LOG_ERR("sqlite backup: open %s: %s", dest, to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
		goto out;
	}
	if ((b = sqlite3_backup_init(to, "main", conn, "main")) == NULL) {
		LOG_ERR("sqlite backup: %s", sqlite3_errmsg(to));
		goto out;
	}
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		LOG_ERR("sqlite backup: %s", sqlite3_errstr(rc));
		err = map_rc(rc);
		goto out;
	}
	err = sq_exec(to, "PRAGMA journal_mode=DELETE");
out:
	if (sqlite3_close(to) != SQLITE_OK)
		err = SOD_EDB;
	return err;
}

static const char *
sq_errmsg(void *conn)
{
	return sqlite3_errmsg(conn);
}

const struct store_driver drv_sqlite = {
	.name = "sqlite",
	.connect = sq_connect,
	.disconnect = sq_disconnect,
	.exec = sq_exec,
	.begin = sq_begin,
	.translate_ddl = NULL,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.bind_int = sq_bind_int,
	.backup = sq_backup,
	.bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_is_null = sq_col_is_null,
	.col_int = sq_col_int,
	.col_text = sq_col_text,
	.col_blob = sq_col_blob,
	.errmsg = sq_errmsg,
};
