/*
 * pg_sql.h — rewriting the shared SQL for PostgreSQL (internal to store/).
 * The rules, and why each exists, are at the top of pg_sql.c and in
 * docs/storage.md.
 */
#ifndef SOD_STORE_PG_SQL_H
#define SOD_STORE_PG_SQL_H

/*
 * A migration's text (one or more statements) as PostgreSQL takes it:
 * types, identity columns, no WITHOUT ROWID, no PRAGMA; the statement
 * rules too. Literals and quoted names are left as they are. A malloc'd
 * string the caller frees; NULL when out of memory (or over 1 MiB).
 */
char *pg_translate_ddl(const char *sql);

/*
 * A statement's text with SQLite-only functions renamed (instr, ifnull,
 * group_concat); types are left alone (a CAST AS INTEGER is valid in
 * both). Malloc'd; NULL when out of memory.
 */
char *pg_translate_stmt(const char *sql);

#endif
