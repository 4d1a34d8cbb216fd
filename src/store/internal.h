/*
 * internal.h — what the typed wrappers of store/ share (internal).
 *
 * Every SQL statement of the program is a row of enum stmt and of the
 * table in stmt.c. A wrapper asks for its statement on the calling thread's
 * connection (prepared once, then reused), binds, steps, reads columns and
 * ends it:
 *
 *     struct sq *q;
 *     if ((err = sq_open(s, STMT_UNIT_GET, &q)) != SOD_OK) return err;
 *     sq_bind_int(q, 1, id);
 *     rc = sq_step(q);  ...  sq_close(q);
 *
 * Bind errors stick in the query and are returned by sq_step.
 */
#ifndef SOD_STORE_INTERNAL_H
#define SOD_STORE_INTERNAL_H

#include "store/driver.h"
#include "store/store.h"
#include "util/clock.h"

enum stmt {
	STMT_META_GET,
	STMT_META_SET,
	STMT_UNIT_INSERT,
	STMT_UNIT_GET,
	STMT_UNIT_GET_BY_CODE,
	STMT_UNIT_ROOT,
	STMT_UNIT_LIST,
	STMT_UNIT_COUNT,
	STMT_UNIT_IS_WITHIN,
	STMT_UNIT_SUBTREE_COUNT,
	STMT_ACCOUNT_INSERT,
	STMT_ACCOUNT_GET,
	STMT_ACCOUNT_GET_BY_USERNAME,
	STMT_ACCOUNT_LIST,
	STMT_ACCOUNT_COUNT,
	STMT_ACCOUNT_SET_PASSWORD,
	STMT_ACCOUNT_SET_DISABLED,
	STMT_ACCOUNT_SET_TOTP,
	STMT_ACCOUNT_SET_TOTP_STEP,
	STMT_ACCOUNT_LOGIN_FAILED,
	STMT_ACCOUNT_LOGIN_OK,
	STMT_GRANT_ADD,
	STMT_GRANT_LIST,
	STMT_GRANT_CHECK,
	STMT_SESSION_INSERT,
	STMT_SESSION_GET,
	STMT_SESSION_TOUCH,
	STMT_SESSION_DELETE,
	STMT_SESSION_DELETE_ACCOUNT,
	STMT_SESSION_PURGE,
	STMT_PERSON_INSERT,
	STMT_PERSON_GET,
	STMT_PERSON_BY_ACCOUNT,
	STMT_PERSON_SET_CONTACT,
	STMT_PERSON_SET_ACCOUNT,
	STMT_PERSON_ERASE,
	STMT_PERSON_SEARCH,
	STMT_PERSON_SEARCH_COUNT,
	STMT_MEMBERSHIP_ADD,
	STMT_MEMBERSHIP_LIST,
	STMT_UNIT_MEMBERS,
	STMT_UNIT_MEMBERS_COUNT,
	STMT_UNIT_MEMBER_COUNT,
	STMT_UNIT_MEMBER_COUNT_SUBTREE,
	STMT_TRAINING_INSERT,
	STMT_TRAINING_GET,
	STMT_TRAINING_LIST,
	STMT_ATTENDANCE_ADD,
	STMT_TRAINING_HISTORY,
	STMT_ANNOUNCEMENT_INSERT,
	STMT_ANNOUNCEMENTS_FOR_UNIT,
	STMT_ANNOUNCEMENTS_FOR_PERSON,
	STMT_MEETING_INSERT,
	STMT_MEETING_LIST,
	STMT_MEETING_ATTEND,
	STMT_PERSON_NEXT_ID,
	STMT_UNIT_UPDATE,
	STMT_UNIT_MEMBER_EMAILS,
	STMT_POINT_INSERT,
	STMT_POINT_COUNT_SUBTREE,
	STMT_MEETING_UNIT,
	STMT_UNIT_KEY_GET,
	STMT_UNIT_KEY_INSERT,
	STMT_HOLDER_INSERT,
	STMT_HOLDER_UNITS,
	STMT_ACCOUNT_KEYS_GET,
	STMT_ACCOUNT_KEYS_SET,
	STMT_SESSION_SET_SK,
	STMT_SESSION_GET_SK,
	STMT_MISSING_HOLDERS,
	STMT_TIP_INSERT,
	STMT_TIP_KEY_INSERT,
	STMT_TIP_GET,
	STMT_TIP_KEYS,
	STMT_TIP_BUCKET,
	STMT_TIP_LIST,
	STMT_TIP_COUNT,
	STMT_TIP_SET_STATUS,
	STMT_TIP_MESSAGE_INSERT,
	STMT_TIP_MESSAGES,
	STMT_TIP_UNINDEXED,
	STMT_TIP_TERM_INSERT,
	STMT_TIP_INDEXED_MARK,
	STMT_TIP_TERM_MATCH,
	STMT_REPORTER_SESSION_INSERT,
	STMT_REPORTER_SESSION_GET,
	STMT_TIP_FILE_INSERT,
	STMT_TIP_FILES,
	STMT_CASE_INSERT,
	STMT_CASE_KEY_INSERT,
	STMT_CASE_TIP_INSERT,
	STMT_CASE_GET,
	STMT_CASE_KEYS,
	STMT_CASE_LIST,
	STMT_CASE_TIPS,
	STMT_CASE_SET_STATUS,
	STMT_CASE_ASSIGN,
	STMT_CASE_EVENT_INSERT,
	STMT_CASE_EVENTS,
	STMT_REFERRAL_INSERT,
	STMT_REFERRAL_ANSWER,
	STMT_REFERRALS,
	STMT_IDREQ_INSERT,
	STMT_IDREQ_GET,
	STMT_IDREQ_FOR_TIP,
	STMT_IDREQ_PENDING,
	STMT_IDREQ_DECIDE,
	STMT_TIP_IDENTITY,
	STMT_UNIT_RETENTION,
	STMT_UNIT_SET_RETENTION,
	STMT_CASE_CLOSE_KEEP,
	STMT_CASE_KEEP_UNTIL,
	STMT_TIP_KEEP_UNTIL,
	STMT_EXPIRED_CASES,
	STMT_EXPIRED_TIPS,
	STMT_PURGE_TIP_KEYS,
	STMT_PURGE_TIP_TERMS,
	STMT_PURGE_TIP_INDEXED,
	STMT_PURGE_TIP_SESSIONS,
	STMT_PURGE_TIP_MESSAGES,
	STMT_PURGE_TIP_FILES,
	STMT_PURGE_TIP_IDREQ,
	STMT_PURGE_TIP,
	STMT_PURGE_CASE_KEYS,
	STMT_PURGE_CASE_EVENTS,
	STMT_PURGE_CASE_REFERRALS,
	STMT_PURGE_CASE,
	STMT_TIP_NOTE_INSERT,
	STMT_TIP_TAG_ADD,
	STMT_TIP_TAG_DEL,
	STMT_TIP_TAGS,
	STMT_PURGE_TIP_TAGS,
	STMT_AUDIT_LAST,
	STMT_AUDIT_INSERT,
	STMT_AUDIT_GET,
	STMT_AUDIT_LIST,
	STMT_AUDIT_COUNT,
	STMT_AUDIT_WALK,
	STMT_ACCOUNT_LIST_SCOPED,
	STMT_ACCOUNT_COUNT_SCOPED,
	STMT_PERSON_SEARCH_SCOPED,
	STMT_PERSON_SEARCH_SCOPED_COUNT,
	STMT_PERSON_FIND_DUPS,
	STMT_UNIT_CHANGE_INSERT,
	STMT_UNIT_CHANGE_GET,
	STMT_UNIT_CHANGE_PENDING,
	STMT_UNIT_CHANGE_DECIDE,
	STMT_ACTIVITY_INSERT,
	STMT_ACTIVITY_PERSON_ADD,
	STMT_ACTIVITY_SECTOR_ADD,
	STMT_ACTIVITY_LIST,
	STMT_ACTIVITY_GET,
	STMT_ACTIVITY_SECTORS,
	STMT_ACTIVITY_CASCADE,
	STMT_RES_ACTIVITIES,
	STMT_RES_ACTIVITIES_KIND,
	STMT_RES_AUDIENCE,
	STMT_RES_MULTIPLIER_SESSIONS,
	STMT_RES_MULTIPLIERS_TRAINED,
	STMT_RES_TIPS_RECEIVED,
	STMT_RES_TIP_ACK_DAYS,
	STMT_RES_TIPS_REFERRED,
	STMT_RES_CASES_CLOSED,
	STMT_RES_REFERRALS,
	STMT_RES_REFERRAL_ANSWERS,
	STMT_RES_REFERRALS_BY_AGENCY,
	STMT_KPI_UPSERT,
	STMT_KPI_LIST,
	STMT_KPI_GET,
	STMT_KPI_ENTRY_SET,
	STMT_KPI_ENTRIES_SUM,
	STMT_PUBLISH_INSERT,
	STMT_PUBLISHED_LIST,
	STMT_PUBLISHED_UNITS,
	STMT_PERSON_IN_SUBTREE,
	STMT_PERSON_MATCH_IN_SUBTREE,
	STMT__MAX
};

struct stmt_def {
	const char *name;  /* for logs */
	const char *sql;   /* portable SQL with $n placeholders */
};

extern const struct stmt_def stmt_defs[STMT__MAX];

struct sq;

enum sod_err sq_open(struct store *s, enum stmt id, struct sq **out);
void sq_bind_int(struct sq *q, int idx, int64_t v);
/* Binds NULL when str is NULL. */
void sq_bind_text(struct sq *q, int idx, const char *str);
void sq_bind_blob(struct sq *q, int idx, const void *p, size_t n);
/* STEP_ROW, STEP_DONE, or a negated sod_err; logs with the statement name. */
int sq_step(struct sq *q);
/* Run to completion expecting no row: SOD_OK or the error. */
enum sod_err sq_exec(struct sq *q);
int64_t sq_int(struct sq *q, int col);
/* A copy into the arena; NULL for a NULL column or when out of memory. */
char *sq_text(struct sq *q, struct arena *a, int col);
bool sq_is_null(struct sq *q, int col);
/* Step once expecting a row whose column 0 is an integer; SOD_ENOTFOUND if none. */
enum sod_err sq_one_int(struct sq *q, int64_t *out);
/*
 * Make room for one more item in an arena array (*items, *n used, *cap
 * allocated), doubling; false when the arena is full.
 */
bool sq_grow(struct arena *a, void **items, size_t n, size_t *cap, size_t size);

/* Seal an object's key to a unit (a tip's or a case's key row). */
enum sod_err sq_sealed_key_insert(struct store *s, enum stmt id, int64_t object, int64_t unit,
                                  const char *sealed);

/* The sealed keys (unit_id, sealed_key) of one object: a tip's or a case's. */
enum sod_err sq_sealed_keys(struct store *s, struct arena *a, enum stmt id, int64_t object,
                            struct tip_key_rec **items_out, size_t *n_out);
/* Reset the statement for its next use. Accepts NULL. */
void sq_close(struct sq *q);


#endif
