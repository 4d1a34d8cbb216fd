/*
 * drv_pgsql.c — the PostgreSQL driver of store/ (libpq).
 *
 * A connection per worker thread, as with SQLite (store.c hands them
 * out). Statements are the shared text of stmt.c, renamed where
 * PostgreSQL spells a function differently (pg_sql.c), and prepared on
 * the server the first time they run, with the parameter types of that
 * first run (64-bit integer, text, bytea; NULL leaves the type to the
 * server): `SELECT $1 UNION …` and `$2 IS NULL OR …` then need no casts in
 * the shared text. A later run with other types prepares again.
 *
 * Text goes in binary form (its bytes and length, so UTF-8 as given),
 * blobs as bytea; results come as text, integers parsed, booleans read as
 * 1/0, bytea decoded.
 *
 * Transactions (docs/storage.md): a write transaction takes one
 * transaction-scoped advisory lock first, so that writers are serialised
 * as SQLite's BEGIN IMMEDIATE serialises them — the audit chain's next
 * id and hash, and every read-then-write, see the last committed writer.
 * Read transactions are REPEATABLE READ: one snapshot, as SQLite's WAL
 * read transaction. A write inside a transaction runs under a savepoint,
 * so that a constraint violation fails that statement only (as in SQLite)
 * and not the whole transaction. A statement outside a transaction that
 * fails with a serialisation failure or deadlock (40001, 40P01) is run
 * again, up to PG_RETRIES times.
 */
#include "store/driver.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "store/pg_sql.h"
#include "util/log.h"

#define OID_BYTEA 17
#define OID_INT8 20
#define OID_TEXT 25
#define PG_RETRIES 5
/* The advisory lock every write transaction takes ("sods" in ASCII). */
#define PG_WRITE_LOCK "1936680051"

struct pg_conn {
	PGconn *pg;
	unsigned next_name;
};

struct pg_stmt {
	struct pg_conn *c;
	char *sql;
	bool write;         /* INSERT, UPDATE, DELETE */
	int nparams;
	bool prepared;
	char name[24];
	Oid *prep_types;    /* the types it was prepared with */
	Oid *types;         /* of the current binding (0: NULL) */
	char **vals;
	int *lens;
	int *fmts;
	PGresult *res;
	int row;
	unsigned char *blob;  /* a decoded bytea column, until the next step */
};

static enum sod_err
map_state(const char *state)
{
	if (state == NULL)
		return SOD_EDB;
	if (strncmp(state, "23", 2) == 0)
		return SOD_ECONFLICT;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return SOD_EBUSY;
	if (strcmp(state, "54000") == 0)
		return SOD_ETOOBIG;
	if (strcmp(state, "53200") == 0)
		return SOD_ENOMEM;
	return SOD_EDB;
}

/* SOD_OK for a result that succeeded; else the error, logged unless a conflict. */
static enum sod_err
res_err(PGconn *pg, PGresult *r, const char *what)
{
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	enum sod_err err;

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return SOD_OK;
	err = r ? map_state(PQresultErrorField(r, PG_DIAG_SQLSTATE)) : SOD_EDB;
	if (err != SOD_ECONFLICT)
		LOG_ERR("pgsql %s: %s", what, r ? PQresultErrorMessage(r) : PQerrorMessage(pg));
	return err;
}

static enum sod_err
pg_exec_simple(PGconn *pg, const char *sql)
{
	PGresult *r = PQexec(pg, sql);
	enum sod_err err = res_err(pg, r, "exec");

	/* COMMIT of a transaction that failed answers ROLLBACK, not an error. */
	if (!err && strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
		LOG_ERR("pgsql: the transaction had failed and was rolled back");
		err = SOD_EDB;
	}
	PQclear(r);
	return err;
}

static enum sod_err
pg_exec(void *conn, const char *sql)
{
	return pg_exec_simple(((struct pg_conn *)conn)->pg, sql);
}

static void
notice_quiet(void *arg, const char *msg)
{
	(void)arg;
	LOG_DEBUG("pgsql: %s", msg);
}

static enum sod_err
pg_connect(const char *dsn, void **conn_out)
{
	struct pg_conn *c = calloc(1, sizeof(*c));
	enum sod_err err;

	if (c == NULL)
		return SOD_ENOMEM;
	c->pg = PQconnectdb(dsn);
	if (c->pg == NULL || PQstatus(c->pg) != CONNECTION_OK) {
		/* The message names host and user, never the password. */
		LOG_ERR("pgsql connect: %s", c->pg ? PQerrorMessage(c->pg) : "out of memory");
		PQfinish(c->pg);
		free(c);
		return SOD_EDB;
	}
	PQsetNoticeProcessor(c->pg, notice_quiet, NULL);
	/* Times and texts as the program writes them: UTC, UTF-8. */
	err = pg_exec_simple(c->pg, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; "
	                            "SET client_min_messages = warning");
	if (err) {
		PQfinish(c->pg);
		free(c);
		return err;
	}
	*conn_out = c;
	return SOD_OK;
}

static void
pg_disconnect(void *conn)
{
	struct pg_conn *c = conn;

	if (c == NULL)
		return;
	PQfinish(c->pg);
	free(c);
}

static enum sod_err
pg_begin(void *conn, bool write)
{
	struct pg_conn *c = conn;

	if (!write)
		return pg_exec_simple(c->pg, "BEGIN ISOLATION LEVEL REPEATABLE READ");
	return pg_exec_simple(c->pg, "BEGIN ISOLATION LEVEL READ COMMITTED; "
	                             "SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")");
}

/* The highest $n in sql (placeholders are never inside literals here). */
static int
count_params(const char *sql)
{
	int max = 0;

	for (const char *p = sql; *p != '\0'; p++) {
		if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
			int n = 0;

			while (p[1] >= '0' && p[1] <= '9' && n < 100000)
				n = n * 10 + (*++p - '0');
			if (n > max)
				max = n;
		}
	}
	return max;
}

static bool
starts_with_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	while (*s == ' ' || *s == '\n' || *s == '\t')
		s++;
	return strncasecmp(s, w, n) == 0 && (s[n] == ' ' || s[n] == '\n' || s[n] == '\0');
}

static void pg_finalize(void *stmt);

static enum sod_err
pg_prepare(void *conn, const char *sql, void **stmt_out)
{
	struct pg_stmt *st = calloc(1, sizeof(*st));
	int n;

	if (st == NULL)
		return SOD_ENOMEM;
	st->c = conn;
	if ((st->sql = pg_translate_stmt(sql)) == NULL)
		goto nomem;
	st->write = starts_with_word(st->sql, "INSERT") || starts_with_word(st->sql, "UPDATE") ||
	            starts_with_word(st->sql, "DELETE");
	n = st->nparams = count_params(st->sql);
	if (n > 0) {
		st->prep_types = calloc((size_t)n, sizeof(Oid));
		st->types = calloc((size_t)n, sizeof(Oid));
		st->vals = calloc((size_t)n, sizeof(char *));
		st->lens = calloc((size_t)n, sizeof(int));
		st->fmts = calloc((size_t)n, sizeof(int));
		if (!st->prep_types || !st->types || !st->vals || !st->lens || !st->fmts)
			goto nomem;
	}
	st->row = -1;
	*stmt_out = st;
	return SOD_OK;
nomem:
	pg_finalize(st);
	return SOD_ENOMEM;
}

static void
clear_result(struct pg_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	PQfreemem(st->blob);
	st->blob = NULL;
}

static void
pg_reset(void *stmt)
{
	struct pg_stmt *st = stmt;

	clear_result(st);
	for (int i = 0; i < st->nparams; i++) {
		free(st->vals[i]);
		st->vals[i] = NULL;
		st->types[i] = 0;
	}
}

static void
pg_finalize(void *stmt)
{
	struct pg_stmt *st = stmt;

	if (st == NULL)
		return;
	clear_result(st);
	if (st->vals != NULL)
		pg_reset(st);
	if (st->prepared && PQstatus(st->c->pg) == CONNECTION_OK) {
		char sql[48];

		snprintf(sql, sizeof(sql), "DEALLOCATE %s", st->name);
		PQclear(PQexec(st->c->pg, sql));
	}
	free(st->sql);
	free(st->prep_types);
	free(st->types);
	free(st->vals);
	free(st->lens);
	free(st->fmts);
	free(st);
}

static enum sod_err
bind(struct pg_stmt *st, int idx, Oid type, const void *p, size_t n, int fmt)
{
	char *v;

	if (idx < 1 || idx > st->nparams)
		return SOD_EDB;
	if (n > INT32_MAX)
		return SOD_ETOOBIG;
	free(st->vals[idx - 1]);
	st->vals[idx - 1] = NULL;
	st->types[idx - 1] = type;
	if (p == NULL)
		return SOD_OK;
	if ((v = malloc(n + 1)) == NULL)
		return SOD_ENOMEM;
	if (n > 0)
		memcpy(v, p, n);
	v[n] = '\0';
	st->vals[idx - 1] = v;
	st->lens[idx - 1] = (int)n;
	st->fmts[idx - 1] = fmt;
	return SOD_OK;
}

static enum sod_err
pg_bind_int(void *stmt, int idx, int64_t v)
{
	char s[24];
	int n = snprintf(s, sizeof(s), "%" PRId64, v);

	return bind(stmt, idx, OID_INT8, s, (size_t)n, 0);
}

static enum sod_err
pg_bind_text(void *stmt, int idx, const char *s, size_t n)
{
	/* Binary format: the bytes as they are, with their length. */
	return bind(stmt, idx, OID_TEXT, s ? s : "", n, 1);
}

static enum sod_err
pg_bind_blob(void *stmt, int idx, const void *p, size_t n)
{
	return bind(stmt, idx, OID_BYTEA, p ? p : "", n, 1);
}

static enum sod_err
pg_bind_null(void *stmt, int idx)
{
	return bind(stmt, idx, 0, NULL, 0, 0);
}

/* Whether $n appears in sql. */
static bool
mentions(const char *sql, int n)
{
	for (const char *p = strchr(sql, '$'); p != NULL; p = strchr(p + 1, '$')) {
		char *end;

		if (p[1] >= '1' && p[1] <= '9' && strtol(p + 1, &end, 10) == n)
			return true;
	}
	return false;
}

static bool
is_state(PGresult *r, const char *state)
{
	const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);

	return s != NULL && strcmp(s, state) == 0;
}

/*
 * PQprepare with the statement's types; a parameter nothing gives a type
 * to (unused, or only in `$n IS NULL` and NULL on this first run) is then
 * taken as text, as SQLite would see it. In a transaction, under a
 * savepoint: a failed prepare must not fail the transaction.
 */
static enum sod_err
prepare_server(struct pg_stmt *st)
{
	PGconn *pg = st->c->pg;
	bool in_tx = PQtransactionStatus(pg) == PQTRANS_INTRANS;
	PGresult *r;
	enum sod_err err;

	for (int i = 0; i < st->nparams; i++)
		if (st->prep_types[i] == 0 && !mentions(st->sql, i + 1))
			st->prep_types[i] = OID_TEXT;
	if (in_tx && (err = pg_exec_simple(pg, "SAVEPOINT sod_prep")) != SOD_OK)
		return err;
	r = PQprepare(pg, st->name, st->sql, st->nparams, st->prep_types);
	if (PQresultStatus(r) == PGRES_FATAL_ERROR &&
	    (is_state(r, "42P18") || is_state(r, "42P08"))) {
		PQclear(r);
		if (in_tx)
			pg_exec_simple(pg, "ROLLBACK TO SAVEPOINT sod_prep");
		for (int i = 0; i < st->nparams; i++)
			if (st->prep_types[i] == 0)
				st->prep_types[i] = OID_TEXT;
		r = PQprepare(pg, st->name, st->sql, st->nparams, st->prep_types);
	}
	err = res_err(pg, r, "prepare");
	PQclear(r);
	if (in_tx)
		pg_exec_simple(pg, err ? "ROLLBACK TO SAVEPOINT sod_prep; RELEASE SAVEPOINT sod_prep"
		                       : "RELEASE SAVEPOINT sod_prep");
	if (err)
		LOG_ERR("pgsql statement: %.300s", st->sql);
	return err;
}

/* Prepare on the server, again if this binding's types differ. */
static enum sod_err
ensure_prepared(struct pg_stmt *st)
{
	bool same = st->prepared;
	enum sod_err err;

	for (int i = 0; i < st->nparams && same; i++)
		if (st->types[i] != 0 && st->types[i] != st->prep_types[i])
			same = false;
	if (same)
		return SOD_OK;
	if (st->prepared) {
		char sql[48];

		snprintf(sql, sizeof(sql), "DEALLOCATE %s", st->name);
		PQclear(PQexec(st->c->pg, sql));
		st->prepared = false;
	}
	for (int i = 0; i < st->nparams; i++)
		if (st->types[i] != 0)
			st->prep_types[i] = st->types[i];
	snprintf(st->name, sizeof(st->name), "sod%u", st->c->next_name++);
	if ((err = prepare_server(st)) != SOD_OK)
		return err;
	st->prepared = true;
	return SOD_OK;
}

static PGresult *
run_prepared(struct pg_stmt *st)
{
	return PQexecPrepared(st->c->pg, st->name, st->nparams,
	                      (const char *const *)st->vals, st->lens, st->fmts, 0);
}

/* Run the bound statement; a write in a transaction under a savepoint. */
static enum sod_err
execute(struct pg_stmt *st)
{
	PGconn *pg = st->c->pg;
	bool in_tx = PQtransactionStatus(pg) == PQTRANS_INTRANS;
	bool savepoint = in_tx && st->write;
	enum sod_err err;

	if ((err = ensure_prepared(st)) != SOD_OK)
		return err;
	if (savepoint && (err = pg_exec_simple(pg, "SAVEPOINT sod_sp")) != SOD_OK)
		return err;
	for (int attempt = 0;; attempt++) {
		st->res = run_prepared(st);
		err = res_err(pg, st->res, "step");
		if (err != SOD_EBUSY || in_tx || attempt >= PG_RETRIES)
			break;
		PQclear(st->res);
		st->res = NULL;
		nanosleep(&(struct timespec){0, (long)(attempt + 1) * 10000000L}, NULL);
	}
	if (savepoint) {
		enum sod_err e2 = pg_exec_simple(pg, err ? "ROLLBACK TO SAVEPOINT sod_sp; "
		                                           "RELEASE SAVEPOINT sod_sp"
		                                         : "RELEASE SAVEPOINT sod_sp");
		if (!err)
			err = e2;
	}
	if (err) {
		PQclear(st->res);
		st->res = NULL;
	}
	return err;
}

static int
pg_step(void *stmt)
{
	struct pg_stmt *st = stmt;
	enum sod_err err;

	PQfreemem(st->blob);
	st->blob = NULL;
	if (st->res == NULL) {
		if ((err = execute(st)) != SOD_OK)
			return -(int)err;
		st->row = -1;
	}
	if (++st->row < PQntuples(st->res))
		return STEP_ROW;
	st->row = PQntuples(st->res);
	return STEP_DONE;
}

static bool
pg_col_is_null(void *stmt, int col)
{
	struct pg_stmt *st = stmt;

	return st->res == NULL || PQgetisnull(st->res, st->row, col);
}

static int64_t
pg_col_int(void *stmt, int col)
{
	struct pg_stmt *st = stmt;
	const char *v;

	if (pg_col_is_null(st, col))
		return 0;
	v = PQgetvalue(st->res, st->row, col);
	/* A boolean expression reads as 1 or 0, as it does from SQLite. */
	if (v[0] == 't' && v[1] == '\0')
		return 1;
	if (v[0] == 'f' && v[1] == '\0')
		return 0;
	return strtoll(v, NULL, 10);
}

static const char *
pg_col_text(void *stmt, int col, size_t *len_out)
{
	struct pg_stmt *st = stmt;

	if (pg_col_is_null(st, col)) {
		if (len_out != NULL)
			*len_out = 0;
		return "";
	}
	if (len_out != NULL)
		*len_out = (size_t)PQgetlength(st->res, st->row, col);
	return PQgetvalue(st->res, st->row, col);
}

static const void *
pg_col_blob(void *stmt, int col, size_t *len_out)
{
	struct pg_stmt *st = stmt;
	size_t n = 0;

	*len_out = 0;
	if (pg_col_is_null(st, col))
		return NULL;
	if (PQftype(st->res, col) != OID_BYTEA)
		return pg_col_text(st, col, len_out);
	PQfreemem(st->blob);
	st->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(st->res, st->row, col), &n);
	*len_out = st->blob ? n : 0;
	return st->blob;
}

static const char *
pg_errmsg(void *conn)
{
	return PQerrorMessage(((struct pg_conn *)conn)->pg);
}

const struct store_driver drv_pgsql = {
	.name = "pgsql",
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.exec = pg_exec,
	.begin = pg_begin,
	.translate_ddl = pg_translate_ddl,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_is_null = pg_col_is_null,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.backup = NULL,
	.errmsg = pg_errmsg,
};
