/*
 * stmt_pg.c — PostgreSQL's own text for the statements of stmt.c that the
 * mechanical rewriting of pg_sql.c cannot serve (docs/storage.md, "Writing
 * SQL for both engines"). A statement absent here runs from the shared
 * text on both engines; keep this table short, and keep each variant's
 * meaning identical to its shared twin (the e2e suite runs on both).
 */
#include "store/internal.h"

const char *const stmt_pg_sql[STMT__MAX] = {
	/* Every person id is taken by an identity column in PostgreSQL; the
	 * next one is the sequence's, so that two servers never promise the
	 * same number (SQLite: max + 1 under the write lock). */
	[STMT_PERSON_NEXT_ID] =
		"SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END "
		"FROM people_id_seq",
};
