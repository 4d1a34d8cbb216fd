/*
 * copy.c — copying an SQLite database, table by table, into a PostgreSQL
 * store that has the same schema and no rows (`sodsong migrate-db`).
 *
 * The source is read with SQLite's own API (its catalogue says which
 * tables, columns and foreign keys there are, so that a table added by a
 * later migration is copied with no change here); the rows go into the
 * destination through its driver, in one write transaction, so that a
 * failed copy leaves the destination empty. Tables are copied parents
 * first (foreign keys are checked row by row in PostgreSQL); a column that
 * refers to its own table (units.parent_id, accounts.created_by) is
 * copied as NULL and set once the whole table is in. Ids are kept; then
 * every identity column's sequence is moved past the largest id, and
 * every table's row count compared.
 */
#include "store/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "util/buf.h"
#include "util/log.h"

#define MAX_TABLES 256
#define MAX_COLS 64

struct table {
	char name[64];
	int ncols;
	char cols[MAX_COLS][64];
	bool self_ref[MAX_COLS];   /* refers to this same table */
	char deps[16][64];         /* other tables it refers to */
	int ndeps;
	bool done;
};

struct copy {
	sqlite3 *src;
	const struct store_driver *drv;
	void *dst;
	struct table *tables;
	int ntables;
	int64_t rows;
};

/* Names come from SQLite's catalogue; refuse anything but plain ones. */
static bool
plain_name(const char *s)
{
	if (*s == '\0' || strlen(s) >= 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static enum sod_err
src_rows(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
		LOG_ERR("migrate-db: %s", sqlite3_errmsg(db));
		return SOD_EDB;
	}
	return SOD_OK;
}

/* Columns and foreign keys of one table, from PRAGMA table_info/foreign_key_list. */
static enum sod_err
describe(struct copy *cp, struct table *t)
{
	char sql[160];
	sqlite3_stmt *st;
	enum sod_err err;

	snprintf(sql, sizeof(sql), "PRAGMA table_info(\"%s\")", t->name);
	if ((err = src_rows(cp->src, sql, &st)) != SOD_OK)
		return err;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 1);

		if (t->ncols == MAX_COLS || c == NULL || !plain_name(c)) {
			sqlite3_finalize(st);
			return SOD_EINVAL;
		}
		snprintf(t->cols[t->ncols++], 64, "%s", c);
	}
	sqlite3_finalize(st);
	snprintf(sql, sizeof(sql), "PRAGMA foreign_key_list(\"%s\")", t->name);
	if ((err = src_rows(cp->src, sql, &st)) != SOD_OK)
		return err;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *to = (const char *)sqlite3_column_text(st, 2);
		const char *from = (const char *)sqlite3_column_text(st, 3);

		if (to == NULL || from == NULL)
			continue;
		if (strcmp(to, t->name) == 0) {
			for (int i = 0; i < t->ncols; i++)
				if (strcmp(t->cols[i], from) == 0)
					t->self_ref[i] = true;
		} else if (t->ndeps < 16) {
			snprintf(t->deps[t->ndeps++], 64, "%s", to);
		}
	}
	sqlite3_finalize(st);
	return SOD_OK;
}

static enum sod_err
list_tables(struct copy *cp)
{
	sqlite3_stmt *st;
	enum sod_err err;

	err = src_rows(cp->src, "SELECT name FROM sqlite_master WHERE type = 'table' "
	                        "AND name NOT LIKE 'sqlite%' AND name <> 'schema_version' "
	                        "ORDER BY name", &st);
	if (err)
		return err;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *n = (const char *)sqlite3_column_text(st, 0);

		if (cp->ntables == MAX_TABLES || n == NULL || !plain_name(n)) {
			sqlite3_finalize(st);
			return SOD_EINVAL;
		}
		snprintf(cp->tables[cp->ntables++].name, 64, "%s", n);
	}
	sqlite3_finalize(st);
	for (int i = 0; i < cp->ntables; i++)
		if ((err = describe(cp, &cp->tables[i])) != SOD_OK)
			return err;
	return SOD_OK;
}

static bool
deps_done(const struct copy *cp, const struct table *t)
{
	for (int d = 0; d < t->ndeps; d++)
		for (int i = 0; i < cp->ntables; i++)
			if (strcmp(cp->tables[i].name, t->deps[d]) == 0 && !cp->tables[i].done)
				return false;
	return true;
}

/* Bind one source value to the destination statement, as its type is. */
static enum sod_err
bind_value(struct copy *cp, void *ins, int idx, sqlite3_stmt *st, int col, bool null)
{
	int type = sqlite3_column_type(st, col);

	if (null || type == SQLITE_NULL)
		return cp->drv->bind_null(ins, idx);
	if (type == SQLITE_INTEGER)
		return cp->drv->bind_int(ins, idx, sqlite3_column_int64(st, col));
	if (type == SQLITE_BLOB)
		return cp->drv->bind_blob(ins, idx, sqlite3_column_blob(st, col),
		                          (size_t)sqlite3_column_bytes(st, col));
	/* Text, and REAL as its text (no REAL column exists today). */
	return cp->drv->bind_text(ins, idx, (const char *)sqlite3_column_text(st, col),
	                          (size_t)sqlite3_column_bytes(st, col));
}

/* Run the destination statement over every row of the source query. */
static enum sod_err
pour(struct copy *cp, const char *src_sql, const char *dst_sql, const struct table *t,
     bool nulls_for_self)
{
	sqlite3_stmt *st = NULL;
	void *ins = NULL;
	enum sod_err err;
	int rc;

	if ((err = src_rows(cp->src, src_sql, &st)) != SOD_OK)
		return err;
	if ((err = cp->drv->prepare(cp->dst, dst_sql, &ins)) != SOD_OK)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_count(st);

		for (int i = 0; i < n && !err; i++)
			err = bind_value(cp, ins, i + 1, st, i,
			                 nulls_for_self && t != NULL && t->self_ref[i]);
		if (!err && (rc = cp->drv->step(ins)) < 0)
			err = (enum sod_err)-rc;
		cp->drv->reset(ins);
		if (err)
			goto out;
		if (nulls_for_self)
			cp->rows++;
	}
	if (rc != SQLITE_DONE)
		err = SOD_EDB;
out:
	if (ins != NULL)
		cp->drv->finalize(ins);
	sqlite3_finalize(st);
	return err;
}

static enum sod_err
copy_table(struct copy *cp, const struct table *t)
{
	struct buf src, dst;
	size_t n;
	char *s = NULL, *d = NULL;
	enum sod_err err = SOD_ENOMEM;

	buf_init(&src, 1 << 16);
	buf_init(&dst, 1 << 16);
	buf_puts(&src, "SELECT ");
	buf_printf(&dst, "INSERT INTO %s(", t->name);
	for (int i = 0; i < t->ncols; i++) {
		buf_printf(&src, "%s\"%s\"", i ? ", " : "", t->cols[i]);
		buf_printf(&dst, "%s%s", i ? ", " : "", t->cols[i]);
	}
	buf_printf(&src, " FROM \"%s\"", t->name);
	buf_puts(&dst, ") VALUES (");
	for (int i = 0; i < t->ncols; i++)
		buf_printf(&dst, "%s$%d", i ? ", " : "", i + 1);
	buf_puts(&dst, ")");
	if (buf_failed(&src) || buf_failed(&dst))
		goto out;
	s = buf_steal(&src, &n);
	d = buf_steal(&dst, &n);
	if (s == NULL || d == NULL)
		goto out;
	if ((err = pour(cp, s, d, t, true)) != SOD_OK)
		goto out;
	/* Then the references to the table itself, by primary key "id". */
	for (int i = 0; i < t->ncols && !err; i++) {
		char q[256], u[256];

		if (!t->self_ref[i])
			continue;
		snprintf(q, sizeof(q), "SELECT \"%s\", id FROM \"%s\" WHERE \"%s\" IS NOT NULL",
		         t->cols[i], t->name, t->cols[i]);
		snprintf(u, sizeof(u), "UPDATE %s SET %s = $1 WHERE id = $2", t->name, t->cols[i]);
		err = pour(cp, q, u, NULL, false);
	}
out:
	free(s);
	free(d);
	buf_free(&src);
	buf_free(&dst);
	if (err)
		LOG_ERR("migrate-db: table %s: %s", t->name, sod_strerror(err));
	return err;
}

/* One integer from the destination. */
static enum sod_err
dst_int(struct copy *cp, const char *sql, int64_t *out)
{
	void *st;
	enum sod_err err;
	int rc;

	if ((err = cp->drv->prepare(cp->dst, sql, &st)) != SOD_OK)
		return err;
	rc = cp->drv->step(st);
	*out = rc == STEP_ROW ? cp->drv->col_int(st, 0) : 0;
	cp->drv->finalize(st);
	return rc == STEP_ROW ? SOD_OK : rc < 0 ? (enum sod_err)-rc : SOD_EDB;
}

/* Sequences past the copied ids; row counts equal on both sides. */
static enum sod_err
finish(struct copy *cp)
{
	for (int i = 0; i < cp->ntables; i++) {
		const struct table *t = &cp->tables[i];
		char sql[320];
		sqlite3_stmt *st;
		int64_t want = -1, have = -1, seq;
		enum sod_err err;

		snprintf(sql, sizeof(sql),
		         "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
		         "current_schema() AND table_name = '%s' AND column_name = 'id' "
		         "AND is_identity = 'YES'", t->name);
		if ((err = dst_int(cp, sql, &seq)) != SOD_OK)
			return err;
		if (seq > 0) {
			snprintf(sql, sizeof(sql),
			         "SELECT setval(pg_get_serial_sequence('%s', 'id'), "
			         "coalesce(max(id), 0) + 1, false) FROM %s", t->name, t->name);
			if ((err = dst_int(cp, sql, &seq)) != SOD_OK)
				return err;
		}
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", t->name);
		if ((err = dst_int(cp, sql, &have)) != SOD_OK)
			return err;
		if (src_rows(cp->src, sql, &st) == SOD_OK && sqlite3_step(st) == SQLITE_ROW)
			want = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (want != have) {
			LOG_ERR("migrate-db: table %s: %lld rows copied of %lld", t->name,
			        (long long)have, (long long)want);
			return SOD_EDB;
		}
	}
	return SOD_OK;
}

static enum sod_err
copy_all(struct copy *cp)
{
	enum sod_err err;
	int left;

	if ((err = list_tables(cp)) != SOD_OK)
		return err;
	for (left = cp->ntables; left > 0;) {
		int before = left;

		for (int i = 0; i < cp->ntables; i++) {
			struct table *t = &cp->tables[i];

			if (t->done || !deps_done(cp, t))
				continue;
			if ((err = copy_table(cp, t)) != SOD_OK)
				return err;
			t->done = true;
			left--;
		}
		if (left == before) {
			LOG_ERR("migrate-db: the foreign keys between tables form a cycle");
			return SOD_EINVAL;
		}
	}
	return finish(cp);
}

enum sod_err
store_copy_sqlite(const char *sqlite_path, struct store *dst, int64_t *rows_out)
{
	struct copy cp = {0};
	enum sod_err err;

	*rows_out = 0;
	if ((err = store_raw_conn(dst, &cp.drv, &cp.dst)) != SOD_OK)
		return err;
	if (sqlite3_open_v2(sqlite_path, &cp.src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		LOG_ERR("migrate-db: %s: %s", sqlite_path, sqlite3_errmsg(cp.src));
		sqlite3_close(cp.src);
		return SOD_EDB;
	}
	if ((cp.tables = calloc(MAX_TABLES, sizeof(*cp.tables))) == NULL) {
		err = SOD_ENOMEM;
		goto out;
	}
	/* One read snapshot of the source, one write transaction on the destination. */
	if ((err = sqlite3_exec(cp.src, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? SOD_OK : SOD_EDB))
		goto out;
	if ((err = store_tx_begin(dst, true)) != SOD_OK)
		goto out;
	err = copy_all(&cp);
	if (err)
		store_tx_rollback(dst);
	else
		err = store_tx_commit(dst);
	*rows_out = err ? 0 : cp.rows;
out:
	free(cp.tables);
	sqlite3_close(cp.src);
	return err;
}
