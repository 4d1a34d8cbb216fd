/*
 * store.h — Sodsong's storage: one typed API over SQL engines.
 *
 * Domain code calls the typed wrappers declared here (store_unit_insert,
 * store_account_get, …) and nothing else; no SQL, no engine types cross
 * this header. All SQL text lives in store/stmt.c with $n placeholders;
 * engines plug in through store/driver.h.
 *
 * Threads: every thread gets its own connection, made on first use and
 * kept with its prepared statements until the thread ends or the store is
 * closed. A transaction belongs to the calling thread.
 *
 * Strings returned by wrappers are copied into the caller's arena and stay
 * valid as long as it does; NULL where the column is NULL.
 */
#ifndef SOD_STORE_STORE_H
#define SOD_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

struct store;

/*
 * Open the database named by dsn: a `postgresql://…` or `postgres://…`
 * URL (libpq) opens PostgreSQL, anything else is the path of an SQLite
 * file, created if needed. Connects once, so that a bad dsn fails here.
 */
enum sod_err store_open(const char *dsn, struct store **out);

/* Whether dsn names a PostgreSQL database (the URL forms above). */
bool store_dsn_is_pg(const char *dsn);

/* The engine of an open store: "sqlite" or "pgsql". */
const char *store_engine(const struct store *s);

/* Close every connection; sets *s to NULL. */
void store_close(struct store **s);

/* Apply the migrations not yet applied; *version_out gets the result. */
enum sod_err store_migrate(struct store *s, int *version_out);

/*
 * Copy every table of the SQLite database at sqlite_path into dst (a
 * PostgreSQL store migrated to the same schema version, holding no rows),
 * ids kept, in one transaction on dst; then set dst's identity sequences
 * past the copied ids and check that every table has as many rows on both
 * sides. *rows_out: rows copied. On error dst is left as it was.
 */
enum sod_err store_copy_sqlite(const char *sqlite_path, struct store *dst, int64_t *rows_out);

/*
 * After a purge: on PostgreSQL, VACUUM the tables a purge empties or
 * blanks, so that the old row versions holding sealed keys and ciphertext
 * are removed from the tables (docs/storage.md, "Purge": WAL and the file
 * system are another matter). Nothing on SQLite, whose secure_delete
 * overwrote them. Must not be called inside a transaction.
 */
enum sod_err store_after_purge(struct store *s);

/* The migration the database is at (0: a database without the schema). */
enum sod_err store_schema_current(struct store *s, int *version_out);

/* The highest migration this program knows. */
int store_schema_latest(void);

/*
 * Transactions on the calling thread's connection. A write transaction
 * takes the write lock at once (SQLite BEGIN IMMEDIATE; PostgreSQL: READ
 * COMMITTED under one advisory lock all writers take), so that two
 * writers never deadlock on an upgrade and a read-then-write (the audit
 * chain's next entry) sees the last committed writer. A read transaction
 * sees one snapshot (PostgreSQL: REPEATABLE READ). Nested begins are an
 * error.
 */
enum sod_err store_tx_begin(struct store *s, bool write);
enum sod_err store_tx_commit(struct store *s);
void store_tx_rollback(struct store *s);

/*
 * A consistent copy of the whole database into a new file at dest (which
 * must not exist), taken while others keep writing (docs/backup.md): one
 * read transaction on the calling thread's connection holds the snapshot
 * while the engine's online backup copies it, and the same snapshot gives
 * the stored names of every evidence file it refers to (*names_out, in the
 * arena, *n_out of them) and the audit log's newest entry (*audit_id_out
 * 0 and *audit_hash_out NULL when the log is empty). Must not be called
 * inside a transaction.
 */
enum sod_err store_snapshot(struct store *s, struct arena *a, const char *dest,
                            char ***names_out, size_t *n_out, int64_t *audit_id_out,
                            char **audit_hash_out);

/* ---- meta: small key/value settings ------------------------------------ */

enum sod_err store_meta_get(struct store *s, struct arena *a, const char *key,
                            char **value_out);
enum sod_err store_meta_set(struct store *s, const char *key, const char *value);

/* ---- units ------------------------------------------------------------- */

struct unit_rec {
	int64_t id;
	char *code;
	char *kind;
	char *name_th;
	char *name_en;
	int64_t parent_id;      /* 0 for the root */
	char *parent_code;      /* NULL for the root */
	char *province_code;    /* may be NULL */
	char *district_code;    /* may be NULL */
	int64_t closed_at;      /* 0 if open */
	int64_t children;       /* direct children (lists only) */
};

struct unit_filter {
	int64_t parent_id;      /* 0: any */
	const char *kind;       /* NULL: any */
	int64_t limit, offset;
};

/* SOD_ECONFLICT if the code is taken; *id_out the new id. */
enum sod_err store_unit_insert(struct store *s, const struct unit_rec *u,
                               int64_t *id_out);
enum sod_err store_unit_get_by_code(struct store *s, struct arena *a,
                                    const char *code, struct unit_rec *out);
enum sod_err store_unit_get(struct store *s, struct arena *a, int64_t id,
                            struct unit_rec *out);
/* The root unit (the one without parent); SOD_ENOTFOUND before init. */
enum sod_err store_unit_root(struct store *s, struct arena *a, struct unit_rec *out);
enum sod_err store_unit_list(struct store *s, struct arena *a,
                             const struct unit_filter *f,
                             struct unit_rec **items_out, size_t *n_out,
                             int64_t *total_out);
/* Rename, move (parent_id) or close (closed_at ≠ 0) a unit. */
enum sod_err store_unit_update(struct store *s, const struct unit_rec *u);
/* True if anc is unit or one of its ancestors. */
enum sod_err store_unit_is_within(struct store *s, int64_t unit, int64_t anc,
                                  bool *out);
/* Number of units in the subtree of unit (itself included). */
enum sod_err store_unit_subtree_count(struct store *s, int64_t unit, int64_t *out);

/* ---- accounts and grants ----------------------------------------------- */

struct account_rec {
	int64_t id;
	char *username;
	char *display_name;
	char *pw_hash;
	bool disabled;
	char *totp_secret;       /* sealed (crypto/box), NULL if none */
	bool totp_enabled;
	int64_t totp_last_step;
	int64_t failed_logins;
	int64_t locked_until;
	int64_t created_at;
};

struct grant_rec {
	int64_t unit_id;
	char *unit_code;
	char *unit_name_th;
	char *unit_name_en;
	char *role;
};

enum sod_err store_account_insert(struct store *s, const struct account_rec *a,
                                  int64_t *id_out);
enum sod_err store_account_get(struct store *s, struct arena *a, int64_t id,
                               struct account_rec *out);
enum sod_err store_account_get_by_username(struct store *s, struct arena *a,
                                           const char *username,
                                           struct account_rec *out);
enum sod_err store_account_list(struct store *s, struct arena *a,
                                int64_t limit, int64_t offset,
                                struct account_rec **items_out, size_t *n_out,
                                int64_t *total_out);
enum sod_err store_account_set_password(struct store *s, int64_t id,
                                        const char *pw_hash);
/* SOD_ENOTFOUND when there is no such account (nothing changes). */
enum sod_err store_account_set_disabled(struct store *s, int64_t id, bool disabled);
enum sod_err store_account_set_totp(struct store *s, int64_t id,
                                    const char *sealed_secret, bool enabled);
enum sod_err store_account_set_totp_step(struct store *s, int64_t id, int64_t step);
/* Record a failed login; locked_until as computed by the caller. */
enum sod_err store_account_login_failed(struct store *s, int64_t id,
                                        int64_t failed, int64_t locked_until);
enum sod_err store_account_login_ok(struct store *s, int64_t id);

enum sod_err store_grant_add(struct store *s, int64_t account, int64_t unit,
                             const char *role);
enum sod_err store_grant_list(struct store *s, struct arena *a, int64_t account,
                              struct grant_rec **items_out, size_t *n_out);
/* True if account holds role on unit or on one of its ancestors. */
enum sod_err store_grant_check(struct store *s, int64_t account, int64_t unit,
                               const char *role, bool *out);

/* ---- sessions ---------------------------------------------------------- */

struct session_rec {
	char *token_hash;
	int64_t account_id;
	char *csrf;
	int stage;               /* 0: password given, TOTP pending; 1: full */
	int64_t created_at;
	int64_t last_seen;
	int64_t expires_at;
};

enum sod_err store_session_insert(struct store *s, const struct session_rec *r);
enum sod_err store_session_get(struct store *s, struct arena *a,
                               const char *token_hash, struct session_rec *out);
enum sod_err store_session_touch(struct store *s, const char *token_hash,
                                 int64_t last_seen, int stage);
enum sod_err store_session_delete(struct store *s, const char *token_hash);
enum sod_err store_session_delete_account(struct store *s, int64_t account);
enum sod_err store_session_purge(struct store *s, int64_t now);

/* ---- the network: people and memberships ------------------------------- */

struct person_rec {
	int64_t id;
	char *title_th, *title_en;
	char *given_th, *family_th, *given_en, *family_en;
	char *kind;
	char *organisation;
	char *phone, *email, *line_id;         /* NULL when not given */
	char *province_code, *district_code;   /* NULL when not given */
	char *cid_sealed, *cid_hash;           /* NULL when not given */
	int64_t account_id;                    /* 0: no account */
	int64_t consent_at;
	char *consent_version;
	int64_t erased_at;
	int64_t created_at;
	char *search;                          /* lower-case names, for search */
};

struct membership_rec {
	int64_t id;
	int64_t person_id;
	int64_t unit_id;
	char *unit_code, *unit_name_th, *unit_name_en;
	char *role;
	char *joined_on, *left_on;             /* YYYY-MM-DD or "" */
};

/* A row of a unit's member list: the person and the membership. */
struct member_row {
	struct person_rec p;
	char *role;
	char *unit_code;
	char *joined_on;
};

enum sod_err store_person_insert(struct store *s, const struct person_rec *p,
                                 int64_t *id_out);
/* The id the next person inserted will get (bulk loads). */
enum sod_err store_person_next_id(struct store *s, int64_t *out);
enum sod_err store_person_get(struct store *s, struct arena *a, int64_t id,
                              struct person_rec *out);
enum sod_err store_person_by_account(struct store *s, struct arena *a, int64_t account,
                                     struct person_rec *out);
enum sod_err store_person_set_contact(struct store *s, const struct person_rec *p);
enum sod_err store_person_set_account(struct store *s, int64_t id, int64_t account);
/* Empty every personal field, keep the row and its memberships. */
enum sod_err store_person_erase(struct store *s, int64_t id, int64_t now);
/* People (not erased) whose names contain q (lower-case), by name. */
enum sod_err store_person_search(struct store *s, struct arena *a, const char *q,
                                 int64_t limit, int64_t offset,
                                 struct person_rec **items_out, size_t *n_out,
                                 int64_t *total_out);

enum sod_err store_membership_add(struct store *s, int64_t person, int64_t unit,
                                  const char *role, const char *joined_on);
enum sod_err store_membership_list(struct store *s, struct arena *a, int64_t person,
                                   struct membership_rec **items_out, size_t *n_out);
/* Members of a unit (not erased, not left), by Thai given and family
 * name then id, paged: after > 0 starts after that person (keyset, by the
 * name they have now), then offset rows are skipped. *total_out counts
 * all of the unit's members. */
enum sod_err store_unit_members(struct store *s, struct arena *a, int64_t unit,
                                int64_t after, int64_t limit, int64_t offset,
                                struct member_row **items_out, size_t *n_out,
                                int64_t *total_out);
/* Distinct people with a current membership in unit (subtree: and below),
 * erased people included: counts survive erasure. */
enum sod_err store_unit_member_count(struct store *s, int64_t unit, bool subtree,
                                     int64_t *out);

/* A monitoring point of a team (code unique), and how many a subtree has. */
enum sod_err store_point_insert(struct store *s, int64_t unit, const char *code,
                                const char *name_th, const char *district, int day);
enum sod_err store_point_count(struct store *s, int64_t unit, int64_t *out);

/* E-mail addresses of the consenting members of unit and its subtree. */
enum sod_err store_unit_member_emails(struct store *s, struct arena *a, int64_t unit,
                                      char ***emails_out, size_t *n_out);

/* ---- trainings, announcements, meetings ---------------------------------- */

struct training_rec {
	int64_t id;
	int64_t unit_id;
	char *unit_code;
	char *title, *held_on, *place, *organiser;
	int64_t hours;
	int64_t attendees;
	bool multiplier;        /* in a person's history: certified there */
};

struct announcement_rec {
	int64_t id;
	int64_t unit_id;
	char *unit_code, *unit_name_th, *unit_name_en;
	char *title, *body;
	char *author;
	int64_t created_at;
};

struct meeting_rec {
	int64_t id;
	int64_t unit_id;
	char *title, *held_on, *agenda, *minutes;
	int64_t attendees;
};

enum sod_err store_training_insert(struct store *s, const struct training_rec *t,
                                   int64_t *id_out);
enum sod_err store_training_get(struct store *s, struct arena *a, int64_t id,
                                struct training_rec *out);
enum sod_err store_training_list(struct store *s, struct arena *a, int64_t unit,
                                 struct training_rec **items_out, size_t *n_out);
enum sod_err store_attendance_add(struct store *s, int64_t training, int64_t person,
                                  bool multiplier);
enum sod_err store_training_history(struct store *s, struct arena *a, int64_t person,
                                    struct training_rec **items_out, size_t *n_out);

enum sod_err store_announcement_insert(struct store *s, const struct announcement_rec *r,
                                       int64_t author, int64_t *id_out);
/* Announcements of unit and its ancestors (what a member there sees). */
enum sod_err store_announcements_for_unit(struct store *s, struct arena *a, int64_t unit,
                                          int64_t limit,
                                          struct announcement_rec **items_out,
                                          size_t *n_out);
/* Announcements a person sees: of every unit they belong to and above. */
enum sod_err store_announcements_for_person(struct store *s, struct arena *a,
                                            int64_t person, int64_t limit,
                                            struct announcement_rec **items_out,
                                            size_t *n_out);

enum sod_err store_meeting_insert(struct store *s, const struct meeting_rec *m,
                                  int64_t *id_out);
enum sod_err store_meeting_list(struct store *s, struct arena *a, int64_t unit,
                                struct meeting_rec **items_out, size_t *n_out);
enum sod_err store_meeting_attend(struct store *s, int64_t meeting, int64_t person);
/* The unit a meeting belongs to. */
enum sod_err store_meeting_unit(struct store *s, int64_t meeting, int64_t *unit_out);

/* ---- tips (domain/tip.h) --------------------------------------------------- */

struct tip_rec {
	int64_t id;
	int64_t unit_id;
	char *unit_code, *unit_name_th, *unit_name_en;
	char *category, *channel, *status;
	char *received_on;          /* YYYY-MM-DD, Bangkok; no time is kept */
	char *province_code;        /* NULL if not given */
	bool has_identity;
	char *content;              /* encrypted */
	char *identity;             /* encrypted, NULL if anonymous */
	char *acknowledged_on;      /* "" if not yet */
	char *updated_on;
	/* on insert only */
	char *receipt_salt, *receipt_check, *receipt_wrapped;
	int64_t receipt_bucket;
};

struct tip_key_rec {
	int64_t unit_id;
	char *sealed_key;
	char *wrapped_key;          /* tip keys only: the re-wrapped copy, NULL if none yet */
};

struct tip_receipt_rec {
	int64_t id;
	char *salt, *check, *wrapped;
};

struct tip_message_rec {
	int64_t id;
	bool from_reporter;
	char *author;               /* display name of the officer, "" for the reporter */
	char *body;                 /* encrypted */
	char *created_on;
	bool internal;              /* an officers' note, never the reporter's to see */
};

struct tip_filter {
	const char *status, *category, *province, *from, *to;   /* NULL: any */
};

struct tip_unindexed_rec {
	int64_t tip_id;
	char *sealed_key;
	char *content;
};

enum sod_err store_tip_insert(struct store *s, const struct tip_rec *t, int64_t *id_out);
/* Seal of a tip's key to unit; also queues the tip for unit's blind index. */
enum sod_err store_tip_key_insert(struct store *s, int64_t tip, int64_t unit,
                                  const char *sealed);
enum sod_err store_tip_get(struct store *s, struct arena *a, int64_t id,
                           struct tip_rec *out);
/* The sealed keys of a tip, with their re-wrapped copies where a holder
 * has made one (docs/crypto.md). */
enum sod_err store_tip_keys(struct store *s, struct arena *a, int64_t tip,
                            struct tip_key_rec **items_out, size_t *n_out);
/* Keep the re-wrapped copy of a tip's key for unit, unless one is there
 * already (the first writer wins; the sealed copy is never touched). */
enum sod_err store_tip_key_wrap(struct store *s, int64_t tip, int64_t unit,
                                const char *wrapped);

/* One held key's search: its unit and the hashed terms a tip must all
 * have (terms[0] required; at most STORE_SEARCH_TERMS in one statement). */
#define STORE_SEARCH_TERMS 5
struct tip_search {
	int64_t unit;
	const char *terms[STORE_SEARCH_TERMS];   /* NULL: unused */
};

/* Keyset page of the tips account may list (its officer and supervisor
 * grants and the units under them), filtered, newest first: at most limit
 * ids below after (INT64_MAX: from the newest). With s (not NULL), only
 * tips holding every term of s. Pages in the database: cost follows the
 * page, not the line. */
enum sod_err store_tip_page(struct store *st, struct arena *a, int64_t account,
                            const struct tip_filter *f, const struct tip_search *s,
                            int64_t after, int64_t limit, int64_t **ids_out, size_t *n_out);
/* How many tips store_tip_page would give with no cursor and no limit
 * (count only: nothing is read or decrypted). */
enum sod_err store_tip_page_count(struct store *st, int64_t account, const struct tip_filter *f,
                                  const struct tip_search *s, int64_t *n_out);
/* Whether tip has term in unit's blind index. */
enum sod_err store_tip_term_has(struct store *s, int64_t unit, const char *term, int64_t tip,
                                bool *out);
enum sod_err store_tip_bucket(struct store *s, struct arena *a, int64_t bucket,
                              struct tip_receipt_rec **items_out, size_t *n_out);
enum sod_err store_tip_set_status(struct store *s, int64_t tip, const char *status,
                                  const char *day);
enum sod_err store_tip_message_insert(struct store *s, int64_t tip, bool from_reporter,
                                      int64_t author, const char *body, const char *day,
                                      int64_t *id_out);
/* internal: include the officers' internal notes. */
enum sod_err store_tip_messages(struct store *s, struct arena *a, int64_t tip, bool internal,
                                struct tip_message_rec **items_out, size_t *n_out);
enum sod_err store_tip_note_insert(struct store *s, int64_t tip, int64_t author,
                                   const char *body, const char *day);
enum sod_err store_tip_tag(struct store *s, int64_t tip, const char *tag, bool add);
enum sod_err store_tip_tags(struct store *s, struct arena *a, int64_t tip, char ***tags_out,
                            size_t *n_out);
enum sod_err store_tip_unindexed(struct store *s, struct arena *a, int64_t unit,
                                 int64_t limit, struct tip_unindexed_rec **items_out,
                                 size_t *n_out);
enum sod_err store_tip_term_insert(struct store *s, int64_t unit, const char *term,
                                   int64_t tip);
/* The tip is in unit's blind index (and leaves its queue). */
enum sod_err store_tip_indexed_mark(struct store *s, int64_t tip, int64_t unit);
struct tip_file_rec {
	int64_t id;
	char *stored_name;
	int64_t size;
	char *meta;                 /* encrypted {name, type, size, key} */
};

enum sod_err store_tip_file_insert(struct store *s, int64_t tip, const char *stored,
                                   int64_t size, const char *meta, const char *day);
enum sod_err store_tip_files(struct store *s, struct arena *a, int64_t tip,
                             struct tip_file_rec **items_out, size_t *n_out);
/* expires_at of a reporter session is a day boundary (a multiple of
 * 86400): nothing tied to a tip keeps a finer time. */
enum sod_err store_reporter_session_insert(struct store *s, const char *token_hash,
                                           int64_t tip, const char *wrapped,
                                           int64_t expires_at);
enum sod_err store_reporter_session_get(struct store *s, struct arena *a,
                                        const char *token_hash, int64_t *tip_out,
                                        char **wrapped_out, int64_t *expires_out);

/* ---- cases (domain/case.h) ------------------------------------------------- */

struct case_rec {
	int64_t id;
	int64_t unit_id;
	char *unit_code;
	char *status, *outcome;     /* outcome "" until closed */
	char *content;              /* encrypted {title} */
	char *opened_on, *due_on, *updated_on;
	char *keep_until;           /* "" until closed */
	char *purged_on;            /* "" unless destroyed */
	int64_t assignee_id;        /* 0: nobody yet */
	char *assignee, *assignee_name;   /* username and display name, or "" */
};

struct case_event_rec {
	char *kind, *from_status, *to_status;
	char *note;                 /* encrypted, or "" */
	char *on_day, *author;
};

struct referral_rec {
	int64_t id;
	char *agency, *letter_no, *sent_on, *answered_on, *outcome;
	char *note;                 /* encrypted, or "" */
};

enum sod_err store_case_insert(struct store *s, int64_t unit, const char *content,
                               const char *opened_on, const char *due_on, int64_t *id_out);
enum sod_err store_case_key_insert(struct store *s, int64_t case_id, int64_t unit,
                                   const char *sealed);
enum sod_err store_case_tip_insert(struct store *s, int64_t case_id, int64_t tip);
enum sod_err store_case_get(struct store *s, struct arena *a, int64_t id,
                            struct case_rec *out);
/* The sealed keys of a case (struct tip_key_rec: unit_id, sealed_key). */
enum sod_err store_case_keys(struct store *s, struct arena *a, int64_t case_id,
                             struct tip_key_rec **items_out, size_t *n_out);
/* Keyset page of the cases account may list (officer and supervisor
 * grants and below), status NULL: any; ids below after, newest first, at
 * most limit. */
enum sod_err store_case_list(struct store *s, struct arena *a, int64_t account,
                             const char *status, int64_t after, int64_t limit,
                             struct case_rec **items_out, size_t *n_out);
/* How many cases store_case_list would give with no cursor; due_before
 * not NULL: only those not closed and due before that day (ISO). */
enum sod_err store_case_count(struct store *s, int64_t account, const char *status,
                              const char *due_before, int64_t *n_out);
enum sod_err store_case_tips(struct store *s, struct arena *a, int64_t case_id,
                             int64_t **ids_out, size_t *n_out);
/* assignee 0: nobody. */
enum sod_err store_case_assign(struct store *s, int64_t id, int64_t assignee, const char *day);
enum sod_err store_case_set_status(struct store *s, int64_t id, const char *status,
                                   const char *outcome, const char *day);
enum sod_err store_case_event_insert(struct store *s, int64_t case_id, int64_t account,
                                     const char *kind, const char *from,
                                     const char *to, const char *note, const char *day);
enum sod_err store_case_events(struct store *s, struct arena *a, int64_t case_id,
                               struct case_event_rec **items_out, size_t *n_out);
enum sod_err store_referral_insert(struct store *s, int64_t case_id, const char *agency,
                                   const char *letter_no, const char *sent_on,
                                   const char *note, const char *day, int64_t *id_out);
/* SOD_ENOTFOUND if the referral is not the case's. outcome: sealed. */
enum sod_err store_referral_answer(struct store *s, int64_t case_id, int64_t referral,
                                   const char *answered_on, const char *outcome);
enum sod_err store_referrals(struct store *s, struct arena *a, int64_t case_id,
                             struct referral_rec **items_out, size_t *n_out);

/* ---- identity requests (the custodian's approval) --------------------------- */

struct idreq_rec {
	int64_t id, tip_id, unit_id, requester_id;
	char *requester;            /* display name */
	char *reason;               /* encrypted */
	char *status;               /* pending, approved, refused */
	char *requested_on, *decided_on;
};

enum sod_err store_idreq_insert(struct store *s, int64_t tip, int64_t requester,
                                const char *reason, const char *day, int64_t *id_out);
enum sod_err store_idreq_get(struct store *s, struct arena *a, int64_t id,
                             struct idreq_rec *out);
/* tip > 0: the requests of a tip; tip == 0: every pending request. */
enum sod_err store_idreq_list(struct store *s, struct arena *a, int64_t tip,
                              struct idreq_rec **items_out, size_t *n_out);
/* Decide a pending request (a decided one is left as it is). */
enum sod_err store_idreq_decide(struct store *s, int64_t id, const char *status,
                                int64_t custodian, const char *day);
/* The encrypted identity of a tip (NULL if anonymous). */
enum sod_err store_tip_identity(struct store *s, struct arena *a, int64_t tip,
                                char **identity_out);

/* ---- retention (domain/retention.h) ---------------------------------------- */

enum sod_err store_unit_retention(struct store *s, int64_t unit, int64_t *days_out);
enum sod_err store_unit_set_retention(struct store *s, int64_t unit, int64_t days);
enum sod_err store_case_close_keep(struct store *s, int64_t id, const char *closed_on,
                                   const char *keep_until);
enum sod_err store_case_keep_until(struct store *s, int64_t id, const char *keep_until);
enum sod_err store_tip_keep_until(struct store *s, int64_t id, const char *keep_until);
/* Closed cases / rejected tips whose keep_until is before today. */
enum sod_err store_expired(struct store *s, struct arena *a, bool cases, const char *today,
                           int64_t **ids_out, size_t *n_out);
/* Destroy a tip's content, keys, messages, index, sessions and file rows,
 * keeping a content-free row; *stored_out lists its files to unlink. */
enum sod_err store_tip_purge(struct store *s, struct arena *a, int64_t tip, const char *today,
                             char ***stored_out, size_t *n_out);
enum sod_err store_case_purge(struct store *s, int64_t id, const char *today);

/* ---- keys (crypto/envelope.h, domain/keys.h) ----------------------------- */

struct holder_rec {
	int64_t unit_id;
	char *sealed_sk;        /* the unit's secret key sealed to the account */
	char *unit_pk;
};

struct missing_holder {
	int64_t unit_id;
	int64_t account_id;
	char *account_pk;
};

/* SOD_ENOTFOUND if the unit has no key pair yet. */
enum sod_err store_unit_key_get(struct store *s, struct arena *a, int64_t unit,
                                char **pk_out, char **recovery_sealed_out);
enum sod_err store_unit_key_insert(struct store *s, int64_t unit, const char *pk,
                                   const char *recovery_sealed);
enum sod_err store_holder_insert(struct store *s, int64_t unit, int64_t account,
                                 const char *sealed_sk);
enum sod_err store_holder_units(struct store *s, struct arena *a, int64_t account,
                                struct holder_rec **items_out, size_t *n_out);
/* *pk_out and *wrapped_out are NULL when the account has no key pair. */
enum sod_err store_account_keys_get(struct store *s, struct arena *a, int64_t account,
                                    char **pk_out, char **wrapped_out);
enum sod_err store_account_keys_set(struct store *s, int64_t account, const char *pk,
                                    const char *wrapped);
enum sod_err store_session_set_sk(struct store *s, const char *token_hash,
                                  const char *wrapped);
/* NULL in *wrapped_out when the session carries no key. */
enum sod_err store_session_get_sk(struct store *s, struct arena *a,
                                  const char *token_hash, char **wrapped_out);
/* Readers lacking the key of unit (0: of any unit). */
enum sod_err store_missing_holders(struct store *s, struct arena *a, int64_t unit,
                                   int64_t account, struct missing_holder **items_out,
                                   size_t *n_out);

/* Who created an account (0: the command line, or before this was kept). */
enum sod_err store_account_set_creator(struct store *s, int64_t account, int64_t creator);
enum sod_err store_account_creator(struct store *s, int64_t account, int64_t *creator_out);

/* A reader of a unit (a reading role granted on that unit itself). */
struct unit_reader {
	int64_t account_id;
	char *username, *display_name, *role;
	bool has_key;        /* signed in once: has an account key pair */
	bool holder;         /* holds the unit's key */
	int64_t created_by;  /* 0: unknown or the command line */
};

/* The readers of unit, by user name (disabled accounts left out). */
enum sod_err store_unit_readers(struct store *s, struct arena *a, int64_t unit,
                                struct unit_reader **items_out, size_t *n_out);
/* Remove account's copy of unit's key; SOD_ENOTFOUND if it held none. */
enum sod_err store_holder_delete(struct store *s, int64_t unit, int64_t account);
/* Remove every unit key and identity key sealed to account (its key pair
 * is being replaced: those seals can no longer open). */
enum sod_err store_account_seals_drop(struct store *s, int64_t account);
/* Insert or replace account's seal of unit's key. */
enum sod_err store_holder_upsert(struct store *s, int64_t unit, int64_t account,
                                 const char *sealed_sk);
/* The holders of unit's key who have a key pair (struct missing_holder:
 * unit_id is unit). */
enum sod_err store_unit_holders(struct store *s, struct arena *a, int64_t unit,
                                struct missing_holder **items_out, size_t *n_out);
/* The custodians of unit's line (a custodian grant on unit or above) who
 * have a key pair (struct missing_holder: unit_id is 0). */
enum sod_err store_line_custodians(struct store *s, struct arena *a, int64_t unit,
                                   struct missing_holder **items_out, size_t *n_out);

/* A tip's identity key sealed to account (0: the recovery key); a second
 * seal for the same account is ignored. struct tip_key_rec's unit_id
 * holds the account id. */
enum sod_err store_tip_idkey_insert(struct store *s, int64_t tip, int64_t account,
                                    const char *sealed);
enum sod_err store_tip_idkeys(struct store *s, struct arena *a, int64_t tip,
                              struct tip_key_rec **items_out, size_t *n_out);
/* A tip's officer key sealed to one unit of its path. */
enum sod_err store_tip_okey_insert(struct store *s, int64_t tip, int64_t unit,
                                   const char *sealed);
enum sod_err store_tip_okeys(struct store *s, struct arena *a, int64_t tip,
                             struct tip_key_rec **items_out, size_t *n_out);
/* Tips that hold an identity (not destroyed): their ids and receiving
 * units, oldest first. */
enum sod_err store_identity_tips(struct store *s, struct arena *a, int64_t **ids_out,
                                 int64_t **units_out, size_t *n_out);
enum sod_err store_tip_set_identity(struct store *s, int64_t tip, const char *sealed);

/* A retired key pair of a unit: its secret key sealed to the unit's
 * current key (sealed_sk) and to the recovery key. */
struct unit_old_key {
	int64_t id;
	char *public_key, *sealed_sk, *recovery_sealed;
};

enum sod_err store_unit_key_replace(struct store *s, int64_t unit, const char *pk,
                                    const char *recovery_sealed);
enum sod_err store_unit_old_key_insert(struct store *s, int64_t unit, const char *pk,
                                       const char *sealed_sk, const char *recovery_sealed);
enum sod_err store_unit_old_keys(struct store *s, struct arena *a, int64_t unit,
                                 struct unit_old_key **items_out, size_t *n_out);
enum sod_err store_unit_old_key_reseal(struct store *s, int64_t id, const char *sealed_sk);

/* ---- the audit log (domain/audit.h) ----------------------------------------- */

/* True if the calling thread's connection is inside a transaction. */
bool store_in_tx(struct store *s);

struct audit_rec {
	int64_t id, at, account_id;
	char *username, *action, *object, *detail, *prev_hash, *hash;
};

/* The newest entry's id and hash; SOD_ENOTFOUND when the log is empty. */
enum sod_err store_audit_last(struct store *s, struct arena *a, int64_t *id_out,
                              char **hash_out);
/* Insert r as it is (its id included); SOD_ECONFLICT if the id is taken. */
enum sod_err store_audit_insert(struct store *s, const struct audit_rec *r);
enum sod_err store_audit_get(struct store *s, struct arena *a, int64_t id,
                             struct audit_rec *out);
/* Entries about object, oldest first, paged; *total_out all of them. */
enum sod_err store_audit_list(struct store *s, struct arena *a, const char *object,
                              int64_t limit, int64_t offset,
                              struct audit_rec **items_out, size_t *n_out,
                              int64_t *total_out);
/* At most limit entries with id > after, by id (for walking the chain). */
enum sod_err store_audit_walk(struct store *s, struct arena *a, int64_t after,
                              int64_t limit, struct audit_rec **items_out,
                              size_t *n_out);


/* ---- procurement (docs/procurement.md) ----------------------------------
 *
 * Amounts are integer satang (1/100 baht), -1 where unknown; times are
 * epoch seconds, 0 where unknown; days are Bangkok calendar days since
 * 1970-01-01, 0 where unknown. Strings may be NULL (unknown). */

struct proc_bid_rec {
	char *bid_id, *tenderer_key, *tenderer_name, *status;
	int64_t amount, at;
};

struct proc_award_rec {
	char *award_id, *supplier_key, *supplier_name, *supplier_tax;
	int64_t amount, at;
	bool active;            /* status absent, pending or active */
};

struct proc_contract_rec {
	char *contract_id, *award_id, *supplier_key, *supplier_name;
	int64_t amount, signed_day;
	int signed_month;       /* 1-12 in Bangkok, 0 unknown */
};

struct proc_party_rec {
	char *party_key, *name, *tax_id, *roles;
};

/* A tenderer's normalised contact (kind "address", "phone" or "email"). */
struct proc_contact_rec {
	char *party_key, *name, *kind, *value;
};

struct proc_flag_rec {
	char *indicator, *facts;
};

struct proc_rec {
	int64_t id;
	char *ocid, *compiled, *last_date, *title, *buyer_key, *buyer_name, *province;
	char *method, *method_details, *month;   /* month: YYYY-MM of the procurement */
	char *flags;            /* lists: indicator ids joined by ',', NULL if none */
	int64_t tender_amount, tender_start, tender_end, awarded, contracted;
	int64_t amount;         /* lists: awarded, else contracted, else reference */
	int64_t score;
	int fiscal_year;        /* Buddhist Era, 0 unknown */
	struct proc_bid_rec *bids;
	size_t n_bids;
	struct proc_award_rec *awards;
	size_t n_awards;
	struct proc_contract_rec *contracts;
	size_t n_contracts;
	struct proc_party_rec *parties;
	size_t n_parties;
	struct proc_contact_rec *contacts;
	size_t n_contacts;
	struct proc_flag_rec *flag_recs;  /* store_proc_get only */
	size_t n_flags;
};

/* Keep a release as it came; *inserted_out false when (ocid, id) is known. */
enum sod_err store_proc_release_insert(struct store *s, const char *ocid, const char *id,
                                       const char *date, const char *json,
                                       bool *inserted_out);
/* The compiled release of ocid and the newest release date merged into it;
 * SOD_ENOTFOUND for a new ocid. */
enum sod_err store_proc_compiled(struct store *s, struct arena *a, const char *ocid,
                                 char **compiled_out, char **last_date_out);
/* Every stored release of ocid, oldest first (date, then release id). */
enum sod_err store_proc_releases(struct store *s, struct arena *a, const char *ocid,
                                 char ***jsons_out, size_t *n_out);
/* Insert or replace the procurement p->ocid with its flat rows (its flags
 * stay until the next scoring); *id_out its id. */
enum sod_err store_proc_put(struct store *s, const struct proc_rec *p, int64_t *id_out);
/* Add or replace one entry of the abandonment list. */
enum sod_err store_proc_blacklist_put(struct store *s, const char *tax_id, const char *name,
                                      const char *listed_on);

/* The red-flag passes (domain/flags.c). Each pass is one statement; for
 * each row cb gets the integer columns (ints[0] is the procurement id) and
 * the text columns (NULL where NULL), valid during the call only. cb
 * returns SOD_OK to go on. */
enum proc_pass {
	PROC_PASS_BIDS,           /* params: bids_below | ints: id, bids | texts: method */
	PROC_PASS_PERIOD,         /* params: seconds | ints: id, start, end */
	PROC_PASS_PRICE,          /* ints: id, reference, awarded, contracted */
	PROC_PASS_CONTRACT_AWARD, /* ints: id, contract, award | texts: contract id, award id */
	PROC_PASS_IDENTICAL,      /* ints: id, amount | texts: tenderer, tenderer */
	PROC_PASS_LATE,           /* ints: id, bid at, tender end | texts: tenderer */
	PROC_PASS_SHARED,         /* ints: id | texts: kind, value, name, name */
	PROC_PASS_YEAR_END,       /* params: month | ints: id, day, amount */
	PROC_PASS_SPLIT,          /* params: max amount | ints: id, day, amount |
	                             texts: buyer key, supplier key, buyer, supplier */
	PROC_PASS_BLACKLIST,      /* ints: id | texts: supplier, tax id, listed name, listed on */
	PROC_PASS_SHARES,         /* ints: sum | texts: buyer key, supplier key, buyer, supplier */
	PROC_PASS__MAX
};
typedef enum sod_err (*proc_pass_cb)(void *ctx, const int64_t *ints, const char *const *texts);
enum sod_err store_proc_pass(struct store *s, enum proc_pass pass, int64_t param,
                             proc_pass_cb cb, void *ctx);
/* Remove every flag (scoring starts afresh). */
enum sod_err store_proc_flags_clear(struct store *s);
/* Add one flag with its facts; a second of the same indicator is ignored. */
enum sod_err store_proc_flag_add(struct store *s, int64_t proc_id, const char *indicator,
                                 const char *facts);
/* Flag every procurement in which buyer_key awarded supplier_key. */
enum sod_err store_proc_flag_pair(struct store *s, const char *buyer_key,
                                  const char *supplier_key, const char *indicator,
                                  const char *facts);
/* Set every procurement's score to its number of flags. */
enum sod_err store_proc_scores_update(struct store *s);
/* Every flagged procurement, riskiest first: cb(ocid, score, indicator)
 * once per flag, grouped by ocid. */
enum sod_err store_proc_flagged_each(struct store *s,
                                     enum sod_err (*cb)(void *ctx, const char *ocid,
                                                        int64_t score, const char *indicator),
                                     void *ctx);

struct proc_filter {
	const char *flag, *buyer, *supplier, *province;   /* NULL: any */
	int64_t min_score, min_amount;                    /* satang */
	int fiscal_year;                                  /* 0: any */
	int64_t limit, offset;
};
/* A page of procurements, riskiest first (score, then amount); lists fill
 * the scalar fields and flags only. */
enum sod_err store_proc_list(struct store *s, struct arena *a, const struct proc_filter *f,
                             struct proc_rec **items_out, size_t *n_out, int64_t *total_out);
/* One procurement with its bids, awards, contracts and flags (with facts). */
enum sod_err store_proc_get(struct store *s, struct arena *a, const char *ocid,
                            struct proc_rec *out);

/* Flags counted by the month of their procurement ("YYYY-MM"), newest
 * first, at most limit months; buyer_key NULL: every buyer. */
struct proc_count_rec {
	int64_t n, m;         /* a count (and a second one, or a sum in satang) */
	char *key, *name;
};
enum sod_err store_proc_flags_by_month(struct store *s, struct arena *a, const char *buyer_key,
                                       int64_t limit, struct proc_count_rec **items_out,
                                       size_t *n_out);
/* A buyer's suppliers: n = satang awarded, m = awards; largest first. */
enum sod_err store_proc_buyer_suppliers(struct store *s, struct arena *a, const char *buyer_key,
                                        int64_t limit, struct proc_count_rec **items_out,
                                        size_t *n_out);
/* A tenderer's co-bidders: n = procurements bid together; most first. */
enum sod_err store_proc_co_bidders(struct store *s, struct arena *a, const char *tenderer_key,
                                   int64_t limit, struct proc_count_rec **items_out,
                                   size_t *n_out);
/* ---- admin scope and people scope (domain/scope.h) ---------------------- */

/*
 * Accounts that admin may administer, by user name, paged: those with a
 * grant inside the subtree of one of admin's admin grants, and, when
 * root_admin, those without any grant. *total_out counts them all.
 */
enum sod_err store_account_list_scoped(struct store *s, struct arena *a, int64_t admin,
                                       bool root_admin, int64_t limit, int64_t offset,
                                       struct account_rec **items_out, size_t *n_out,
                                       int64_t *total_out);

/*
 * People whose search text holds q and whom account may see (a membership
 * inside the subtree of one of its grants, its own record, and with
 * root_admin people without membership), paged; *total_out counts only
 * those.
 */
enum sod_err store_person_search_scoped(struct store *s, struct arena *a, const char *q,
                                        int64_t account, bool root_admin, int64_t limit,
                                        int64_t offset, struct person_rec **items_out,
                                        size_t *n_out, int64_t *total_out);

/*
 * Every live person with this citizen ID hash (also in its scoped form
 * "HASH@UNIT") or this phone (either may be NULL), ID matches first, at
 * most 100; an empty list is SOD_OK with *n_out 0.
 */
enum sod_err store_person_find_dups(struct store *s, struct arena *a, const char *cid_hash,
                                    const char *phone, int64_t **ids_out, size_t *n_out);

/* A change of the unit tree waiting for a supervisor (unit_changes). */
struct unit_change_rec {
	int64_t id, unit_id;
	char *unit_code, *unit_name_th, *unit_name_en;
	char *kind;                 /* "move" or "retention" */
	int64_t new_parent_id;      /* move: the new parent; else 0 */
	char *new_parent_code;      /* "" when none */
	int64_t retention_days;     /* retention: the new value; else 0 */
	int64_t current_retention;  /* the unit's retention now */
	char *parent_code;          /* the unit's parent now, "" for the root */
	int64_t requested_by;
	char *requested_by_name;
	int64_t requested_at;
	char *status;               /* pending, confirmed, refused */
	int64_t decided_by, decided_at;
};

enum sod_err store_unit_change_insert(struct store *s, const struct unit_change_rec *c,
                                      int64_t *id_out);
/* SOD_ENOTFOUND if there is no such change. */
enum sod_err store_unit_change_get(struct store *s, struct arena *a, int64_t id,
                                   struct unit_change_rec *out);
/* The pending changes, oldest first, at most limit. */
enum sod_err store_unit_change_pending(struct store *s, struct arena *a, int64_t limit,
                                       struct unit_change_rec **items_out, size_t *n_out);
/* Mark a pending change confirmed or refused (status) by account at at. */
enum sod_err store_unit_change_decide(struct store *s, int64_t id, const char *status,
                                      int64_t account, int64_t at);
/* ---- results: activities, KPIs, published quarters (store/results.c) ---- */

struct activity_rec {
	int64_t id;
	int64_t unit_id;
	char *unit_code;
	char *kind, *title, *held_on;          /* held_on YYYY-MM-DD */
	char *province_code, *district_code;   /* NULL when not given */
	int64_t leader_id;                     /* 0: none */
	int64_t training_id;                   /* 0: not a multiplier's session */
	int64_t audience;
	char *outputs, *note;
	int64_t people;                        /* attendees by name (lists, get) */
};

/* Insert an activity; *id_out the new id. Call inside a write transaction
 * together with its people and sectors. */
enum sod_err store_activity_insert(struct store *s, const struct activity_rec *r,
                                   int64_t *id_out);
enum sod_err store_activity_person_add(struct store *s, int64_t activity, int64_t person);
enum sod_err store_activity_sector_add(struct store *s, int64_t activity,
                                       const char *sector, int64_t heads);
/* Activities of the unit's subtree held from..to (YYYY-MM-DD, inclusive),
 * newest first, at most limit. */
enum sod_err store_activity_list(struct store *s, struct arena *a, int64_t unit,
                                 const char *from, const char *to, int64_t limit,
                                 struct activity_rec **items_out, size_t *n_out);
enum sod_err store_activity_get(struct store *s, struct arena *a, int64_t id,
                                struct activity_rec *out);
/* The head counts of an activity: sectors[i] with heads[i]. */
enum sod_err store_activity_sectors(struct store *s, struct arena *a, int64_t id,
                                    char ***sectors_out, int64_t **heads_out,
                                    size_t *n_out);
/* Activities that name training as the one that qualified their leader. */
enum sod_err store_activity_cascade(struct store *s, struct arena *a, int64_t training,
                                    struct activity_rec **items_out, size_t *n_out);

/* Counts over a unit's subtree and a date range (inclusive). */
enum res_count {
	RES_COUNT_ACTIVITIES,          /* activities */
	RES_COUNT_ACTIVITIES_KIND,     /* activities of kind */
	RES_COUNT_AUDIENCE,            /* sum of activities' audience */
	RES_COUNT_MULTIPLIER_SESSIONS, /* activities linked to a qualifying training */
	RES_COUNT_MULTIPLIERS_TRAINED, /* people certified as multipliers */
	RES_COUNT_TIPS_RECEIVED,
	RES_COUNT_TIPS_REFERRED,       /* distinct tips of cases referred then */
	RES_COUNT_CASES_CLOSED,
	RES_COUNT_REFERRALS,
};
/* kind: only for RES_COUNT_ACTIVITIES_KIND (else ignored). */
enum sod_err store_res_count(struct store *s, enum res_count what, int64_t unit,
                             const char *from, const char *to, const char *kind,
                             int64_t *out);

/* Pairs of dates (second NULL when absent): tips received from..to with
 * their acknowledgement day (acks true), or referrals sent from..to with
 * their answer day (acks false). */
struct date_pair { char *first, *second; int64_t object; };
enum sod_err store_res_pairs(struct store *s, struct arena *a, bool acks, int64_t unit,
                             const char *from, const char *to,
                             struct date_pair **items_out, size_t *n_out);
/* Cases referred from..to per agency: agencies[i] with counts[i]. */
enum sod_err store_res_referrals_by_agency(struct store *s, struct arena *a, int64_t unit,
                                           const char *from, const char *to,
                                           char ***agencies_out, int64_t **counts_out,
                                           size_t *n_out);

struct kpi_rec {
	int64_t id;
	int64_t unit_id;
	int64_t year;            /* BE fiscal year */
	char *code, *name_th, *name_en;
	char *metric;            /* a computed metric (domain/kpi.h) or "entered" */
	int64_t target;
	int64_t target_q[4];
};
/* Insert or replace the KPI (unit, year, code); *id_out its id. */
enum sod_err store_kpi_upsert(struct store *s, const struct kpi_rec *k, int64_t *id_out);
enum sod_err store_kpi_list(struct store *s, struct arena *a, int64_t unit, int64_t year,
                            struct kpi_rec **items_out, size_t *n_out);
enum sod_err store_kpi_get(struct store *s, struct arena *a, int64_t id,
                           struct kpi_rec *out);
enum sod_err store_kpi_entry_set(struct store *s, int64_t kpi, int quarter, int64_t value,
                                 const char *evidence);
/* The sum of entered figures of KPIs with code in the unit's subtree. */
enum sod_err store_kpi_entries_sum(struct store *s, int64_t unit, int64_t year,
                                   const char *code, int quarter, int64_t *out);

/* Publish (unit, year, quarter); publishing twice is no error. */
enum sod_err store_publish(struct store *s, int64_t unit, int64_t year, int quarter,
                           int64_t at, int64_t by);
struct published_rec { int64_t year; int quarter; int64_t at; };
/* The unit's published quarters, oldest first. */
enum sod_err store_published_list(struct store *s, struct arena *a, int64_t unit,
                                  struct published_rec **items_out, size_t *n_out);
/* Units with at least one published quarter, by code. */
enum sod_err store_published_units(struct store *s, struct arena *a,
                                   struct unit_rec **items_out, size_t *n_out);

/* ---- snapshots of published quarters, meeting summaries (store/snapshot.c) */

/*
 * A snapshot: the JSON body domain/snapshot.c wrote when a quarter was
 * published (or a meeting's summary taken). In store_snapshot_latest, a
 * published quarter with no snapshot yet has version 0 and body NULL.
 */
struct snapshot_rec {
	int64_t year;
	int quarter;
	int64_t published_at;   /* first publish (snapshot_latest only) */
	int64_t version;        /* 1 for the first publish, +1 per republish */
	int64_t taken_at;
	char *body;             /* arena */
};

/* Keep a new snapshot of (unit, year, quarter), version one more than the
 * last; *version_out the new version. Call inside a write transaction. */
enum sod_err store_snapshot_insert(struct store *s, int64_t unit, int64_t year, int quarter,
                                   int64_t at, int64_t by, const char *body,
                                   int64_t *version_out);
/* Keep version 1 unless one exists (a quarter published before snapshots
 * were kept); SOD_OK either way. */
enum sod_err store_snapshot_insert_first(struct store *s, int64_t unit, int64_t year,
                                         int quarter, int64_t at, const char *body);
/* Every published quarter of unit, oldest first, with its latest snapshot. */
enum sod_err store_snapshot_latest(struct store *s, struct arena *a, int64_t unit,
                                   struct snapshot_rec **items_out, size_t *n_out);

/* One meeting; SOD_ENOTFOUND if none. */
enum sod_err store_meeting_get(struct store *s, struct arena *a, int64_t id,
                               struct meeting_rec *out);
enum sod_err store_meeting_minutes_set(struct store *s, int64_t id, const char *minutes);
/* Keep (or replace) the summary of a quarter's figures with a meeting. */
enum sod_err store_meeting_summary_set(struct store *s, int64_t meeting, int64_t year,
                                       int quarter, int64_t at, const char *body);
/* The meeting's summary (version 1); SOD_ENOTFOUND if none was taken. */
enum sod_err store_meeting_summary_get(struct store *s, struct arena *a, int64_t meeting,
                                       struct snapshot_rec *out);
/* True if person is a current member of the unit's subtree. */
enum sod_err store_person_in_subtree(struct store *s, int64_t unit, int64_t person,
                                     bool *out);
/* The one member of the unit's subtree with this given and family name
 * (Thai, or English ignoring case): SOD_ENOTFOUND if none, SOD_ECONFLICT
 * if several. */
enum sod_err store_person_match(struct store *s, int64_t unit, const char *given,
                                const char *family, int64_t *id_out);

/* ---- reminders (store/remind.c, domain/remind.h) --------------------------- */

/* Count, in the subtree of unit, the tips still "new" received on days
 * from..to (YYYY-MM-DD, both included); nothing is decrypted. */
enum sod_err store_remind_tips_new(struct store *s, int64_t unit, const char *from,
                                   const char *to, int64_t *out);
/* Open cases of the subtree whose feedback date (due_on) is in from..to. */
enum sod_err store_remind_cases_due(struct store *s, int64_t unit, const char *from,
                                    const char *to, int64_t *out);
/* Unanswered referrals of open cases of the subtree sent on from..to. */
enum sod_err store_remind_referrals_open(struct store *s, int64_t unit, const char *from,
                                         const char *to, int64_t *out);
/* Units of the subtree with results to report for (year, quarter) — KPIs
 * for the fiscal year, or an activity held from..to — that have not
 * published that quarter. */
enum sod_err store_remind_quarter_units(struct store *s, int64_t unit, int64_t year,
                                        int quarter, const char *from, const char *to,
                                        int64_t *out);

struct remind_settings_rec {
	int64_t account_id;
	char *username;          /* store_remind_accounts only */
	bool enabled;            /* default true */
	char *kinds;             /* comma list of sources; "" = all */
	char *email;             /* the address set; NULL: none set */
	char *person_email;      /* the linked person's address, NULL if none */
	char *lang;              /* "th" or "en" */
};

/* Every enabled account that holds a grant, with its settings (email is
 * the address set or else the person's; NULL when there is none). */
enum sod_err store_remind_accounts(struct store *s, struct arena *a,
                                   struct remind_settings_rec **items_out, size_t *n_out);
/* One account's settings (defaults where none are kept); SOD_ENOTFOUND. */
enum sod_err store_remind_settings_get(struct store *s, struct arena *a, int64_t account,
                                       struct remind_settings_rec *out);
/* Keep the settings of r->account_id (email NULL: use the person's). */
enum sod_err store_remind_settings_set(struct store *s, const struct remind_settings_rec *r);
/* Claim (account, day) for a digest: *claimed_out false if it already was. */
enum sod_err store_remind_claim(struct store *s, int64_t account, const char *day,
                                int64_t at, int64_t items, bool *claimed_out);
/* Release a claim (the mail could not be sent: a later run tries again). */
enum sod_err store_remind_unclaim(struct store *s, int64_t account, const char *day);
/* Tips still "new" that came on day: ids and units, into the arena. */
enum sod_err store_remind_tips_on(struct store *s, struct arena *a, const char *day,
                                  int64_t **ids_out, int64_t **units_out, size_t *n_out);

/* ---- webhooks (store/remind.c, domain/webhook.h) ---------------------------- */

struct webhook_rec {
	int64_t unit_id;
	char *url;
	char *secret_sealed;     /* box_seal'ed under the server key */
	int64_t created_at;
};

/* SOD_ENOTFOUND when the unit has none. */
enum sod_err store_webhook_get(struct store *s, struct arena *a, int64_t unit,
                               struct webhook_rec *out);
/* Keep w (unit_id, url, secret_sealed, created_at), replacing the unit's
 * webhook if it had one; by is the account that set it (0: none). */
enum sod_err store_webhook_set(struct store *s, const struct webhook_rec *w, int64_t by);
/* Remove the unit's webhook and fail its pending deliveries. */
enum sod_err store_webhook_delete(struct store *s, int64_t unit, int64_t now);
/* The units with a webhook on the path from unit to the root. */
enum sod_err store_webhook_line(struct store *s, struct arena *a, int64_t unit,
                                int64_t **units_out, size_t *n_out);

struct delivery_rec {
	int64_t id, unit_id;
	char *event;
	char *body;
	char *status;            /* pending, delivered, failed */
	int64_t attempts;
	int64_t last_status;     /* HTTP status of the last try; 0: none */
	char *last_error;
	int64_t created_at, updated_at;
	char *url, *secret_sealed;   /* store_delivery_due only */
};

/* Queue a delivery of body to the webhook of unit, due at once; *id_out
 * its id. */
enum sod_err store_delivery_insert(struct store *s, int64_t unit, const char *event,
                                   const char *body, int64_t now, int64_t *id_out);
/* Pending deliveries due at now (oldest first, at most limit). */
enum sod_err store_delivery_due(struct store *s, struct arena *a, int64_t now,
                                int64_t limit, struct delivery_rec **items_out,
                                size_t *n_out);
/* Record a try: status, attempts, next_at, last_status, last_error. */
enum sod_err store_delivery_update(struct store *s, const struct delivery_rec *d,
                                   int64_t next_at, int64_t now);
/* Forget finished deliveries last touched before before. */
enum sod_err store_delivery_prune(struct store *s, int64_t before);
/* A unit's deliveries, newest first. */
enum sod_err store_delivery_list(struct store *s, struct arena *a, int64_t unit,
                                 int64_t limit, struct delivery_rec **items_out,
                                 size_t *n_out);
/* ---- monitoring in the field (store/monitor.c; domain/monitor.h) ---------------- */

/* A monitoring point. Strings are never NULL when read ("" when unset);
 * the location is in millionths of a degree, valid only when has_loc. */
struct point_rec {
	int64_t id, unit_id;
	const char *unit_code, *code, *name_th, *name_en, *kind, *agency;
	int64_t budget_baht;
	const char *project_ref, *ocid, *province, *district, *subdistrict;
	bool has_loc;
	int64_t lat_e6, lon_e6;
	const char *status;          /* active | closed */
	const char *last_visit_on;   /* YYYY-MM-DD or "" */
};

/* Filters of a points list; "" or NULL: any. not_since: points whose last
 * visit is before that day (or never visited). */
struct point_filter {
	const char *status, *kind, *district, *not_since;
};

struct checklist_rec {
	int64_t id, unit_id;
	const char *kind;
	int64_t version;
	const char *questions;       /* JSON array (domain/monitor.h) */
};

struct round_rec {
	int64_t id, unit_id;
	const char *unit_code, *name, *starts_on, *ends_on;
};

/* One assignment of a round with what the progress needs. */
struct round_item {
	int64_t point_id;
	const char *point_code, *point_name;
	int64_t team_id;
	const char *team_code, *zone_code;   /* zone: the team's parent unit */
	int64_t day;                         /* 1 = the round's first day */
	bool has_loc;
	int64_t lat_e6, lon_e6;
	const char *visit_status;            /* of the last visit in the round; "" */
	const char *district;
};

/* A point to visit in a round under way, for "my points today". */
struct today_item {
	int64_t round_id;
	const char *round_name, *starts_on;
	int64_t day;
	const char *team_code, *point_code, *point_name, *kind;
	bool visited;
};

struct visit_rec {
	int64_t id, point_id;
	const char *point_code;
	int64_t round_id;                    /* 0: outside a round */
	const char *team_code;               /* "" outside a round */
	int64_t account_id;
	const char *visited_on, *status, *note, *answers;
	int64_t checklist_id;                /* 0: none */
	bool has_loc;
	int64_t lat_e6, lon_e6;
	int64_t distance_m;                  /* -1: unknown */
	bool far;
	int64_t tip_id;                      /* 0: not a tip */
	const char *author;                  /* display name of who recorded it */
	int64_t point_unit_id, team_id;
	const char *idem_key;                /* on insert only; NULL: none */
};

struct visit_photo_rec {
	int64_t id;
	const char *stored, *meta;           /* evidence file and its JSON metadata */
	int64_t size;
};

/* Insert a point (code unique: SOD_ECONFLICT); *id_out the new id. */
enum sod_err store_point_insert_full(struct store *s, const struct point_rec *p,
                                     int64_t *id_out);
/* Overwrite every field but code, unit and last visit of point p->id. */
enum sod_err store_point_update(struct store *s, const struct point_rec *p);
/* One point by code or id; SOD_ENOTFOUND. Strings in a. */
enum sod_err store_point_get_by_code(struct store *s, struct arena *a, const char *code,
                                     struct point_rec *out);
enum sod_err store_point_get(struct store *s, struct arena *a, int64_t id,
                             struct point_rec *out);
/* The points of unit's subtree matching f, by code, paged; and their count. */
enum sod_err store_point_list(struct store *s, struct arena *a, int64_t unit,
                              const struct point_filter *f, int64_t limit, int64_t offset,
                              struct point_rec **items_out, size_t *n_out);
enum sod_err store_point_list_count(struct store *s, int64_t unit,
                                    const struct point_filter *f, int64_t *out);
/* Move the point's last visit day forward to day (never back). */
enum sod_err store_point_set_last_visit(struct store *s, int64_t point, const char *day);

/* A new version of unit's checklist of kind; *id_out its id. */
enum sod_err store_checklist_insert(struct store *s, int64_t unit, const char *kind,
                                    const char *questions, int64_t *id_out);
/* The newest version of the nearest unit at or above unit that has one
 * for kind; SOD_ENOTFOUND if none. */
enum sod_err store_checklist_current(struct store *s, struct arena *a, int64_t unit,
                                     const char *kind, struct checklist_rec *out);
enum sod_err store_checklist_get(struct store *s, struct arena *a, int64_t id,
                                 struct checklist_rec *out);

enum sod_err store_round_insert(struct store *s, int64_t unit, const char *name,
                                const char *starts_on, const char *ends_on, int64_t by,
                                int64_t *id_out);
enum sod_err store_round_get(struct store *s, struct arena *a, int64_t id,
                             struct round_rec *out);
/* The 50 newest rounds of unit's subtree. */
enum sod_err store_round_list(struct store *s, struct arena *a, int64_t unit,
                              struct round_rec **items_out, size_t *n_out);
/* A point into a round (once: SOD_ECONFLICT), or moved to another team/day. */
enum sod_err store_round_point_add(struct store *s, int64_t round, int64_t point,
                                   int64_t team, int64_t day);
enum sod_err store_round_point_move(struct store *s, int64_t round, int64_t point,
                                    int64_t team, int64_t day);
/* Every assignment of the round, by team, day and point code. */
enum sod_err store_round_assignments(struct store *s, struct arena *a, int64_t round,
                                     struct round_item **items_out, size_t *n_out);
/* The team and day of point in round; SOD_ENOTFOUND if not in it. */
enum sod_err store_round_assignment_of(struct store *s, int64_t round, int64_t point,
                                       int64_t *team_out, int64_t *day_out);
/* The assignments (at most 500) of rounds under way on day `today` to the
 * teams where account is a monitor. */
enum sod_err store_round_today(struct store *s, struct arena *a, int64_t account,
                               const char *today, struct today_item **items_out,
                               size_t *n_out);

/* Insert a visit (v->idem_key taken: SOD_ECONFLICT); *id_out its id. */
enum sod_err store_visit_insert(struct store *s, const struct visit_rec *v, int64_t *id_out);
enum sod_err store_visit_get(struct store *s, struct arena *a, int64_t id,
                             struct visit_rec *out);
/* The visit recorded with this idempotency key; SOD_ENOTFOUND if none. */
enum sod_err store_visit_by_idem(struct store *s, const char *key, int64_t *id_out);
/* The point's visits, newest first, at most limit. */
enum sod_err store_visits_of_point(struct store *s, struct arena *a, int64_t point,
                                   int64_t limit, struct visit_rec **items_out,
                                   size_t *n_out);
enum sod_err store_visit_photo_add(struct store *s, int64_t visit, const char *stored,
                                   const char *meta, int64_t size);
enum sod_err store_visit_photos(struct store *s, struct arena *a, int64_t visit,
                                struct visit_photo_rec **items_out, size_t *n_out);
/* Link the visit to the tip it became (only if it has none yet). */
enum sod_err store_visit_set_tip(struct store *s, int64_t visit, int64_t tip);

/* The open teams (kind "team") of unit's subtree, by code: ids and codes. */
enum sod_err store_unit_teams(struct store *s, struct arena *a, int64_t unit,
                              int64_t **ids_out, char ***codes_out, size_t *n_out);

/* The teams a point is assigned to in any round (ids, at most 64). */
enum sod_err store_point_teams(struct store *s, struct arena *a, int64_t point,
                               int64_t **ids_out, size_t *n_out);
/* ---- the governance clinic (store/clinic.c, domain/clinic.h) ------------------ */

/* Open a clinic at a unit (opening twice is no error). */
enum sod_err store_clinic_open(struct store *s, int64_t unit, int64_t at);
/* True if the unit has a clinic. */
enum sod_err store_clinic_is_open(struct store *s, int64_t unit, bool *out);
/* The ids of the open units that have a clinic, by code. */
enum sod_err store_clinic_units(struct store *s, struct arena *a, int64_t **ids_out,
                                size_t *n_out);

struct consultation_rec {
	int64_t id, unit_id, day_id;      /* day_id 0: no mobile clinic day */
	char *unit_code;
	char *requester;                  /* sealed (domain/clinic.c); never shown as is */
	char *topic, *question, *way;
	char *district_code;              /* NULL: not given */
	char *status;                     /* new | scheduled | answered | closed */
	char *received_on;                /* YYYY-MM-DD */
	char *scheduled_on, *venue;       /* NULL until scheduled */
	char *advice, *documents;         /* "" until answered */
	char *answered_on;                /* NULL until answered */
	char *follow_up;
	char *closed_on;
};

/* Insert a consultation (status new) with its reference's keyed hash;
 * *id_out the new id. SOD_ECONFLICT if the hash is taken. */
enum sod_err store_consult_insert(struct store *s, const struct consultation_rec *c,
                                  const char *ref_hash, int64_t *id_out);
/* One consultation by id, or by its reference's keyed hash; SOD_ENOTFOUND. */
enum sod_err store_consult_get(struct store *s, struct arena *a, int64_t id,
                               struct consultation_rec *out);
enum sod_err store_consult_by_ref(struct store *s, struct arena *a, const char *ref_hash,
                                  struct consultation_rec *out);
/* The consultations of the unit's subtree, newest first; status, topic and
 * way "" for any. *total_out counts all that match. */
enum sod_err store_consult_list(struct store *s, struct arena *a, int64_t unit,
                                const char *status, const char *topic, const char *way,
                                int64_t limit, int64_t offset,
                                struct consultation_rec **items_out, size_t *n_out,
                                int64_t *total_out);
/* Write back the workflow columns (status … closed_on) of c. */
enum sod_err store_consult_update(struct store *s, const struct consultation_rec *c);
/* Consultations received in the unit's subtree from..to (inclusive, ISO). */
enum sod_err store_consult_count_range(struct store *s, int64_t unit, const char *from,
                                       const char *to, int64_t *out);
/* Per unit, the consultations still new that were received on or before
 * `before` (ISO): units[i] with counts[i]. */
enum sod_err store_consult_unscheduled(struct store *s, struct arena *a, const char *before,
                                       int64_t **units_out, int64_t **counts_out,
                                       size_t *n_out);

struct clinic_day_rec {
	int64_t id, unit_id;
	char *day, *district_code, *place;
	int64_t requests;                 /* consultations grouped on it */
};
enum sod_err store_clinic_day_insert(struct store *s, const struct clinic_day_rec *d,
                                     int64_t *id_out);
enum sod_err store_clinic_day_get(struct store *s, struct arena *a, int64_t id,
                                  struct clinic_day_rec *out);
/* The unit's mobile clinic days, latest first (at most 100). */
enum sod_err store_clinic_day_list(struct store *s, struct arena *a, int64_t unit,
                                   struct clinic_day_rec **items_out, size_t *n_out);

struct faq_rec {
	int64_t id, unit_id;
	char *topic, *question, *answer, *published_on;
};
enum sod_err store_faq_insert(struct store *s, const struct faq_rec *f, int64_t by,
                              int64_t *id_out);
/* The unit's published questions, by topic (at most 500). */
enum sod_err store_faq_list(struct store *s, struct arena *a, int64_t unit,
                            struct faq_rec **items_out, size_t *n_out);

/* ---- budget requests (store/clinic.c, domain/budget.h) --------------------------- */

struct budget_line_rec {
	char *item;
	int64_t quantity, unit_price_satang;
};

struct budget_rec {
	int64_t id, unit_id, parent_id, fiscal_year;
	char *unit_code, *parent_code, *title, *purpose, *activity_kind;
	char *planned_on;                 /* NULL: not given */
	int64_t amount_satang;
	char *status;                     /* pending | approved | partly | rejected */
	int64_t approved_satang;
	char *decision_note;
	int64_t decided_by;               /* 0: not decided */
	char *decided_on;
	int64_t spent_satang;
	char *report_note;
	char *reported_on;                /* NULL: no spending report yet */
	int64_t activity_id;              /* 0: none linked */
	int64_t requested_by;
};

/* Insert a request (status pending) and its lines; *id_out the new id.
 * Call inside a write transaction. */
enum sod_err store_budget_insert(struct store *s, const struct budget_rec *b,
                                 const struct budget_line_rec *lines, size_t nlines,
                                 int64_t *id_out);
enum sod_err store_budget_get(struct store *s, struct arena *a, int64_t id,
                              struct budget_rec *out);
enum sod_err store_budget_lines(struct store *s, struct arena *a, int64_t id,
                                struct budget_line_rec **items_out, size_t *n_out);
/* Requests of the unit's subtree (year 0: every year), newest first (≤ 500). */
enum sod_err store_budget_list(struct store *s, struct arena *a, int64_t unit, int64_t year,
                               struct budget_rec **items_out, size_t *n_out);
/* Write back the decision and report columns of b. */
enum sod_err store_budget_update(struct store *s, const struct budget_rec *b);

struct budget_receipt_rec {
	int64_t n, size;
	char *stored, *meta;              /* meta sealed (domain/budget.c) */
};
enum sod_err store_budget_receipt_insert(struct store *s, int64_t request,
                                         const struct budget_receipt_rec *r);
enum sod_err store_budget_receipts(struct store *s, struct arena *a, int64_t request,
                                   struct budget_receipt_rec **items_out, size_t *n_out);

struct budget_total_rec {
	char *unit_code, *activity_kind;
	int64_t requests, requested_satang, approved_satang, spent_satang;
};
/* Sums of the subtree's requests of fiscal year (BE), per unit and kind. */
enum sod_err store_budget_totals(struct store *s, struct arena *a, int64_t unit,
                                 int64_t year, struct budget_total_rec **items_out,
                                 size_t *n_out);
/* Approved or partly approved requests without a spending report whose
 * planned day is before `before` (ISO), by unit. */
enum sod_err store_budget_due(struct store *s, struct arena *a, const char *before,
                              struct budget_rec **items_out, size_t *n_out);
/* ---- the ethics mission and the guides library (store/prevention.c) ---- */

/* One version of a unit's code of conduct. */
struct conduct_rec {
	int64_t id, unit_id;
	char *unit_code;
	int64_t version;          /* 1, 2, … per unit */
	char *title, *body_th, *body_en;
	char *published_on;       /* YYYY-MM-DD */
	int64_t acks;             /* acknowledgements of this version */
};
/* Publish the unit's next version (numbered inside the caller's write
 * transaction); *id_out its id. */
enum sod_err store_conduct_insert(struct store *s, int64_t unit, const char *title,
                                  const char *body_th, const char *body_en,
                                  const char *published_on, int64_t by, int64_t *id_out);
/* Every version of the unit's own code, newest first. */
enum sod_err store_conduct_versions(struct store *s, struct arena *a, int64_t unit,
                                    struct conduct_rec **items_out, size_t *n_out);
enum sod_err store_conduct_get(struct store *s, struct arena *a, int64_t id,
                               struct conduct_rec *out);
/* The current version of the code that holds for unit: its own newest, or
 * else the nearest ancestor's newest; SOD_ENOTFOUND when none. */
enum sod_err store_conduct_applicable(struct store *s, struct arena *a, int64_t unit,
                                      struct conduct_rec *out);
/* Record an acknowledgement (who_kind "person" or "account"); a second
 * one of the same version by the same one is no error and keeps the first. */
enum sod_err store_conduct_ack(struct store *s, int64_t code, const char *who_kind,
                               int64_t who, const char *acked_on, int64_t by);
/* Acknowledge for every current member of the unit's subtree. */
enum sod_err store_conduct_ack_all_people(struct store *s, int64_t unit, int64_t code,
                                          const char *acked_on, int64_t by);
/* One who is asked to acknowledge: a member or a staff account. */
struct conduct_who {
	char *kind;               /* "person" or "account" */
	int64_t id;
	char *name, *unit_code;
	char *acked_on;           /* YYYY-MM-DD, "" when not acknowledged */
};
/* The members and staff of the unit's subtree with their acknowledgement
 * of code; filter 0 all, 1 acknowledged, 2 not; paged. */
enum sod_err store_conduct_status(struct store *s, struct arena *a, int64_t unit,
                                  int64_t code, int filter, int64_t limit, int64_t offset,
                                  struct conduct_who **items_out, size_t *n_out);
struct conduct_counts { int64_t people, people_acked, accounts, accounts_acked; };
enum sod_err store_conduct_counts(struct store *s, int64_t unit, int64_t code,
                                  struct conduct_counts *out);
/* True if account holds any grant on a unit of the unit's subtree. */
enum sod_err store_account_in_subtree(struct store *s, int64_t unit, int64_t account,
                                      bool *out);

/* A signatory of a pledge ceremony. */
struct signer_rec {
	int64_t id, activity_id;
	char *held_on, *title;    /* the ceremony's */
	char *organisation, *signer, *position;
};
struct pledge_rec { int64_t id; char *unit_code, *title, *held_on; int64_t signers; };
enum sod_err store_pledge_signer_add(struct store *s, int64_t activity,
                                     const char *organisation, const char *signer,
                                     const char *position, int64_t *id_out);
/* The signatories of one ceremony, by organisation. */
enum sod_err store_pledge_signers(struct store *s, struct arena *a, int64_t activity,
                                  struct signer_rec **items_out, size_t *n_out);
/* The pledge ceremonies of the unit's subtree, newest first (at most 200). */
enum sod_err store_pledge_list(struct store *s, struct arena *a, int64_t unit,
                               struct pledge_rec **items_out, size_t *n_out);
/* Every signatory of the ceremonies of the unit's subtree, oldest first. */
enum sod_err store_pledge_signers_of_unit(struct store *s, struct arena *a, int64_t unit,
                                          struct signer_rec **items_out, size_t *n_out);

/* A document of the guides library with its newest version. */
struct guide_rec {
	int64_t id, unit_id;
	char *unit_code, *kind, *title, *description;
	bool is_public;
	int64_t version;
	char *filename, *content_type;
	int64_t size, uploaded_at;
};
struct guide_version_rec {
	int64_t version;
	char *filename, *content_type;
	int64_t size, uploaded_at;
};
/* Insert the document (unit_id, kind, title, description, is_public). */
enum sod_err store_guide_insert(struct store *s, const struct guide_rec *g, int64_t *id_out);
/* Add its next version (numbered inside the caller's write transaction);
 * the bytes follow with store_guide_chunk_insert, seq 0, 1, … */
enum sod_err store_guide_version_insert(struct store *s, int64_t guide, const char *filename,
                                        const char *content_type, int64_t size, int64_t by,
                                        int64_t *version_out);
enum sod_err store_guide_chunk_insert(struct store *s, int64_t guide, int64_t version,
                                      int64_t seq, const void *data, size_t len);
/* Copy chunk seq of a version into buf (cap bytes at least the chunk's
 * size); SOD_ENOTFOUND past the last one. */
enum sod_err store_guide_chunk(struct store *s, int64_t guide, int64_t version, int64_t seq,
                               void *buf, size_t cap, size_t *len_out);
enum sod_err store_guide_get(struct store *s, struct arena *a, int64_t id,
                             struct guide_rec *out);
/* public_only false: the documents of the unit and of every unit above it
 * (its own first); true: the unit's own public documents. */
enum sod_err store_guide_list(struct store *s, struct arena *a, int64_t unit,
                              bool public_only, struct guide_rec **items_out, size_t *n_out);
/* The versions of a document, newest first. */
enum sod_err store_guide_versions(struct store *s, struct arena *a, int64_t guide,
                                  struct guide_version_rec **items_out, size_t *n_out);
/* True if account holds a grant on the unit, above it or below it. */
enum sod_err store_guide_viewer(struct store *s, int64_t unit, int64_t account, bool *out);
enum sod_err store_reading_add(struct store *s, int64_t training, int64_t guide);
/* The reading list of a training. */
enum sod_err store_readings(struct store *s, struct arena *a, int64_t training,
                            struct guide_rec **items_out, size_t *n_out);
/* ---- public tips: who receives them (domain/tip_route.h) ------------------- */

/* What an admin said about unit receiving public tips: 1 yes, 0 no, -1
 * back to its kind's default (stored as NULL). SOD_ENOTFOUND: no unit. */
enum sod_err store_unit_public_tips_set(struct store *s, int64_t unit, int said);
/* Every unit whose admins said something, as parallel arrays of ids and
 * 0/1, by id; arena memory, *n_out 0 when none. */
enum sod_err store_unit_public_tips_said(struct store *s, struct arena *a,
                                         int64_t **ids_out, int **said_out,
                                         size_t *n_out);
/* The codes of the open province_acoc children of parent for the province
 * (two digits), by code; arena memory, *n_out 0 when none. */
enum sod_err store_unit_province_children(struct store *s, struct arena *a,
                                          int64_t parent, const char *province,
                                          char ***codes_out, size_t *n_out);

/* The enabled accounts holding officer or supervisor on unit or a unit
 * above it (whom a case of unit may be given to), by display name then
 * user name, at most max; only username and display_name are set. */
enum sod_err store_case_assignable(struct store *s, struct arena *a, int64_t unit,
                                   int64_t max, struct account_rec **items_out,
                                   size_t *n_out);

#endif
