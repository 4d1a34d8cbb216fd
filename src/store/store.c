/*
 * store.c — connections, transactions, migrations and the statement
 * helpers the typed wrappers share.
 *
 * Each thread that touches the store gets a connection of its own (the
 * SQLite recommendation for concurrency, and what a PostgreSQL pool will
 * look like too), holding its prepared statements, created on first use.
 * A pthread key destructor closes a thread's connection when the thread
 * ends; store_close() closes whatever is left.
 */
#include "store/internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/clock.h"
#include "util/log.h"
#include "util/str.h"

struct conn {
	struct store *store;
	void *db;
	void *stmts[STMT__MAX];
	bool in_tx;
	struct conn *next;
};

struct store {
	const struct store_driver *drv;
	char *dsn;
	pthread_key_t key;
	pthread_mutex_t lock;   /* guards conns */
	struct conn *conns;
};

struct sq {
	struct conn *c;
	enum stmt id;
	void *st;
	enum sod_err err;  /* first bind error */
};

/* Numbered migrations: each a list of statements run in one transaction. */
#include "store/migrations.h"

static void
conn_free(struct conn *c)
{
	for (int i = 0; i < STMT__MAX; i++)
		if (c->stmts[i] != NULL)
			c->store->drv->finalize(c->stmts[i]);
	c->store->drv->disconnect(c->db);
	free(c);
}

static void
conn_unlink(struct store *s, struct conn *c)
{
	struct conn **pp;

	pthread_mutex_lock(&s->lock);
	for (pp = &s->conns; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	pthread_mutex_unlock(&s->lock);
}

static void
conn_thread_exit(void *p)
{
	struct conn *c = p;

	conn_unlink(c->store, c);
	conn_free(c);
}

static enum sod_err
conn_get(struct store *s, struct conn **out)
{
	struct conn *c = pthread_getspecific(s->key);
	enum sod_err err;

	if (c != NULL) {
		*out = c;
		return SOD_OK;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return SOD_ENOMEM;
	c->store = s;
	if ((err = s->drv->connect(s->dsn, &c->db)) != SOD_OK) {
		free(c);
		return err;
	}
	if (pthread_setspecific(s->key, c) != 0) {
		s->drv->disconnect(c->db);
		free(c);
		return SOD_ENOMEM;
	}
	pthread_mutex_lock(&s->lock);
	c->next = s->conns;
	s->conns = c;
	pthread_mutex_unlock(&s->lock);
	*out = c;
	return SOD_OK;
}

enum sod_err
store_raw_conn(struct store *s, const struct store_driver **drv_out, void **db_out)
{
	struct conn *c;
	enum sod_err err;

	if ((err = conn_get(s, &c)) != SOD_OK)
		return err;
	*drv_out = s->drv;
	*db_out = c->db;
	return SOD_OK;
}

enum sod_err
store_after_purge(struct store *s)
{
	struct conn *c;
	enum sod_err err;

	if (s->drv != &drv_pgsql)
		return SOD_OK;
	if ((err = conn_get(s, &c)) != SOD_OK)
		return err;
	return s->drv->exec(c->db, "VACUUM tips, tip_keys, tip_officer_keys, tip_identity_keys, "
	                           "tip_messages, tip_files, tip_terms, tip_indexed, tip_tags, "
	                           "reporter_sessions, identity_requests, cases, case_keys, "
	                           "case_events, referrals");
}

bool
store_dsn_is_pg(const char *dsn)
{
	return strncmp(dsn, "postgresql://", 13) == 0 || strncmp(dsn, "postgres://", 11) == 0;
}

const char *
store_engine(const struct store *s)
{
	return s->drv->name;
}

enum sod_err
store_open(const char *dsn, struct store **out)
{
	struct store *s = calloc(1, sizeof(*s));
	struct conn *c;
	enum sod_err err;

	if (s == NULL)
		return SOD_ENOMEM;
	s->drv = store_dsn_is_pg(dsn) ? &drv_pgsql : &drv_sqlite;
	s->dsn = strdup(dsn);
	if (s->dsn == NULL || pthread_key_create(&s->key, conn_thread_exit) != 0) {
		free(s->dsn);
		free(s);
		return SOD_ENOMEM;
	}
	pthread_mutex_init(&s->lock, NULL);
	/* Connect once now so that a bad path fails at open, not later. */
	if ((err = conn_get(s, &c)) != SOD_OK) {
		store_close(&s);
		return err;
	}
	*out = s;
	return SOD_OK;
}

void
store_close(struct store **sp)
{
	struct store *s;
	struct conn *c, *next;

	if (sp == NULL || *sp == NULL)
		return;
	s = *sp;
	pthread_setspecific(s->key, NULL);
	pthread_mutex_lock(&s->lock);
	c = s->conns;
	s->conns = NULL;
	pthread_mutex_unlock(&s->lock);
	for (; c != NULL; c = next) {
		next = c->next;
		conn_free(c);
	}
	pthread_key_delete(s->key);
	pthread_mutex_destroy(&s->lock);
	free(s->dsn);
	free(s);
	*sp = NULL;
}

/* ---- statements ---------------------------------------------------------- */

enum sod_err
sq_open(struct store *s, enum stmt id, struct sq **out)
{
	struct conn *c;
	struct sq *q;
	enum sod_err err;

	if ((err = conn_get(s, &c)) != SOD_OK)
		return err;
	if (c->stmts[id] == NULL) {
		const char *sql = stmt_defs[id].sql;

		if (s->drv == &drv_pgsql && stmt_pg_sql[id] != NULL)
			sql = stmt_pg_sql[id];
		err = s->drv->prepare(c->db, sql, &c->stmts[id]);
		if (err) {
			LOG_ERR("statement %s: %s", stmt_defs[id].name, sod_strerror(err));
			return err;
		}
	}
	q = malloc(sizeof(*q));
	if (q == NULL)
		return SOD_ENOMEM;
	q->c = c;
	q->id = id;
	q->st = c->stmts[id];
	q->err = SOD_OK;
	*out = q;
	return SOD_OK;
}

void
sq_bind_int(struct sq *q, int idx, int64_t v)
{
	enum sod_err err = q->c->store->drv->bind_int(q->st, idx, v);

	if (err && !q->err)
		q->err = err;
}

void
sq_bind_text(struct sq *q, int idx, const char *str)
{
	const struct store_driver *d = q->c->store->drv;
	enum sod_err err = str ? d->bind_text(q->st, idx, str, strlen(str))
	                       : d->bind_null(q->st, idx);

	if (err && !q->err)
		q->err = err;
}

void
sq_bind_blob(struct sq *q, int idx, const void *p, size_t n)
{
	enum sod_err err = q->c->store->drv->bind_blob(q->st, idx, p, n);

	if (err && !q->err)
		q->err = err;
}

int
sq_step(struct sq *q)
{
	int rc;

	if (q->err)
		return -(int)q->err;
	rc = q->c->store->drv->step(q->st);
	if (rc < 0 && rc != -(int)SOD_ECONFLICT)
		LOG_ERR("statement %s: %s", stmt_defs[q->id].name,
		        sod_strerror((enum sod_err)-rc));
	return rc;
}

enum sod_err
sq_exec(struct sq *q)
{
	int rc;

	while ((rc = sq_step(q)) == STEP_ROW)
		;
	return rc < 0 ? (enum sod_err)-rc : SOD_OK;
}

int64_t
sq_int(struct sq *q, int col)
{
	return q->c->store->drv->col_int(q->st, col);
}

bool
sq_is_null(struct sq *q, int col)
{
	return q->c->store->drv->col_is_null(q->st, col);
}

char *
sq_text(struct sq *q, struct arena *a, int col)
{
	size_t n;
	const char *p;

	if (sq_is_null(q, col))
		return NULL;
	p = q->c->store->drv->col_text(q->st, col, &n);
	return arena_strndup(a, p, n);
}

const char *
sq_peek(struct sq *q, int col)
{
	size_t n;

	if (sq_is_null(q, col))
		return NULL;
	return q->c->store->drv->col_text(q->st, col, &n);
}

const void *
sq_blob(struct sq *q, int col, size_t *len_out)
{
	*len_out = 0;
	if (sq_is_null(q, col))
		return NULL;
	return q->c->store->drv->col_blob(q->st, col, len_out);
}

bool
sq_grow(struct arena *a, void **items, size_t n, size_t *cap, size_t size)
{
	void *bigger;

	if (n < *cap)
		return true;
	*cap = *cap ? *cap * 2 : 16;
	if ((bigger = arena_alloc(a, *cap * size)) == NULL)
		return false;
	if (n > 0)
		memcpy(bigger, *items, n * size);
	*items = bigger;
	return true;
}

enum sod_err
sq_one_int(struct sq *q, int64_t *out)
{
	int rc = sq_step(q);

	if (rc == STEP_ROW) {
		*out = sq_int(q, 0);
		return SOD_OK;
	}
	return rc < 0 ? (enum sod_err)-rc : SOD_ENOTFOUND;
}

void
sq_close(struct sq *q)
{
	if (q == NULL)
		return;
	q->c->store->drv->reset(q->st);
	free(q);
}

/* ---- transactions -------------------------------------------------------- */

enum sod_err
store_tx_begin(struct store *s, bool write)
{
	struct conn *c;
	enum sod_err err;

	if ((err = conn_get(s, &c)) != SOD_OK)
		return err;
	if (c->in_tx) {
		LOG_ERR("nested transaction");
		return SOD_EDB;
	}
	err = s->drv->begin(c->db, write);
	if (err == SOD_OK)
		c->in_tx = true;
	return err;
}

/* Every stored name of tip_files, in the arena. */
static enum sod_err
file_names(struct store *s, struct arena *a, char ***names_out, size_t *n_out)
{
	struct sq *q;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc;
	enum sod_err err;

	if ((err = sq_open(s, STMT_FILE_NAMES, &q)) != SOD_OK)
		return err;
	while ((rc = sq_step(q)) == STEP_ROW) {
		if (!sq_grow(a, (void **)&names, n, &cap, sizeof(*names)) ||
		    (names[n] = sq_text(q, a, 0)) == NULL) {
			err = SOD_ENOMEM;
			goto out;
		}
		n++;
	}
	if (rc < 0)
		err = (enum sod_err)-rc;
out:
	sq_close(q);
	*names_out = names;
	*n_out = n;
	return err;
}

enum sod_err
store_snapshot(struct store *s, struct arena *a, const char *dest, char ***names_out,
               size_t *n_out, int64_t *audit_id_out, char **audit_hash_out)
{
	struct conn *c;
	enum sod_err err;

	*names_out = NULL;
	*n_out = 0;
	*audit_id_out = 0;
	*audit_hash_out = NULL;
	if ((err = conn_get(s, &c)) != SOD_OK)
		return err;
	if (s->drv->backup == NULL)
		return SOD_EDB;
	if ((err = store_tx_begin(s, false)) != SOD_OK)
		return err;
	/* In WAL mode the read snapshot starts at the first read, here. */
	err = store_audit_last(s, a, audit_id_out, audit_hash_out);
	if (err == SOD_ENOTFOUND)
		err = SOD_OK;
	if (!err)
		err = file_names(s, a, names_out, n_out);
	if (!err)
		err = s->drv->backup(c->db, dest);
	store_tx_rollback(s);
	return err;
}

enum sod_err
store_tx_commit(struct store *s)
{
	struct conn *c;
	enum sod_err err;

	if ((err = conn_get(s, &c)) != SOD_OK)
		return err;
	err = s->drv->exec(c->db, "COMMIT");
	if (err) {
		s->drv->exec(c->db, "ROLLBACK");
	}
	c->in_tx = false;
	return err;
}

void
store_tx_rollback(struct store *s)
{
	struct conn *c;

	if (conn_get(s, &c) != SOD_OK || !c->in_tx)
		return;
	s->drv->exec(c->db, "ROLLBACK");
	c->in_tx = false;
}

bool
store_in_tx(struct store *s)
{
	struct conn *c;

	return conn_get(s, &c) == SOD_OK && c->in_tx;
}

/* ---- migrations ---------------------------------------------------------- */

int
store_schema_latest(void)
{
	return (int)(sizeof(migrations) / sizeof(migrations[0]));
}

/* Run a migration's text, translated for the engine if it needs it. */
static enum sod_err
exec_ddl(struct store *s, struct conn *c, const char *sql)
{
	char *text;
	enum sod_err err;

	if (s->drv->translate_ddl == NULL)
		return s->drv->exec(c->db, sql);
	if ((text = s->drv->translate_ddl(sql)) == NULL)
		return SOD_ENOMEM;
	err = s->drv->exec(c->db, text);
	free(text);
	return err;
}

static enum sod_err
schema_version(struct store *s, struct conn *c, int *out)
{
	void *st = NULL;
	enum sod_err err;
	int rc;

	err = exec_ddl(s, c, "CREATE TABLE IF NOT EXISTS schema_version("
	                     "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
	if (err)
		return err;
	err = s->drv->prepare(c->db, "SELECT coalesce(max(version), 0) FROM schema_version", &st);
	if (err)
		return err;
	rc = s->drv->step(st);
	*out = rc == STEP_ROW ? (int)s->drv->col_int(st, 0) : 0;
	s->drv->finalize(st);
	return rc == STEP_ROW ? SOD_OK : SOD_EDB;
}

enum sod_err
store_schema_current(struct store *s, int *version_out)
{
	struct conn *c;
	enum sod_err err;

	if ((err = conn_get(s, &c)) != SOD_OK)
		return err;
	if ((err = store_tx_begin(s, true)) != SOD_OK)
		return err;
	if ((err = schema_version(s, c, version_out)) != SOD_OK) {
		store_tx_rollback(s);
		return err;
	}
	return store_tx_commit(s);
}

enum sod_err
store_migrate(struct store *s, int *version_out)
{
	struct conn *c;
	enum sod_err err;
	int have, latest = store_schema_latest();

	if ((err = conn_get(s, &c)) != SOD_OK)
		return err;
	if ((err = store_tx_begin(s, true)) != SOD_OK)
		return err;
	if ((err = schema_version(s, c, &have)) != SOD_OK)
		goto fail;
	if (have > latest) {
		LOG_ERR("database schema %d is newer than this program (%d)", have, latest);
		err = SOD_EDB;
		goto fail;
	}
	for (int v = have + 1; v <= latest; v++) {
		char mark[128];

		if ((err = exec_ddl(s, c, migrations[v - 1])) != SOD_OK) {
			LOG_ERR("migration %d failed", v);
			goto fail;
		}
		snprintf(mark, sizeof(mark),
		         "INSERT INTO schema_version(version, applied_at) VALUES (%d, %lld)",
		         v, (long long)sod_now());
		if ((err = s->drv->exec(c->db, mark)) != SOD_OK)
			goto fail;
		LOG_INFO("applied migration %d", v);
	}
	if ((err = store_tx_commit(s)) != SOD_OK)
		return err;
	*version_out = latest;
	return SOD_OK;
fail:
	store_tx_rollback(s);
	return err;
}
