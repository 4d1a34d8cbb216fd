/*
 * tip.h — tips (แจ้งเบาะแส): filed by anyone, read by the officers of the
 * receiving unit and the units above it, followed by the reporter with
 * their receipt. Nothing readable at rest (domain/keys.h, docs/crypto.md):
 *
 *   - the content and every message are encrypted with keys derived from
 *     the tip's own key, which is sealed to each unit on the path to the
 *     root and wrapped under a key that only the receipt gives;
 *   - officers' notes and identity-request reasons are under a second,
 *     officer key, sealed to the unit path only (the receipt never opens
 *     it);
 *   - the reporter's identity is under an identity key sealed to the
 *     custodians of the line and the recovery key, and to an asker only
 *     when a custodian approves (a unit key does not open it);
 *   - search runs on a blind index: each word (libthai) hashed with a key
 *     derived from the unit's secret key, filled in by the first officer
 *     of that unit who lists tips after the tip came (the server alone
 *     cannot: it never holds a unit's secret key).
 *
 * Only the day a tip came is kept (no time), and nothing of the
 * reporter's connection.
 */
#ifndef SOD_DOMAIN_TIP_H
#define SOD_DOMAIN_TIP_H

#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/evidence.h"
#include "domain/keys.h"
#include "domain/tip_input.h"

#define TIP_MESSAGE_MAX 10000   /* characters */

struct tip_message {
	bool from_reporter;
	const char *author;          /* officer's name; "" for the reporter */
	const char *body;
	const char *on;              /* YYYY-MM-DD */
	bool internal;               /* an officers' note: never shown to the reporter */
};

struct tip_file {
	int64_t id;
	const char *name, *type;
	int64_t size;
};

/* A tip opened for an officer or its reporter. */
struct tip_view {
	struct tip_rec rec;
	bool readable;               /* false: no key yet for this reader */
	const char *subject, *description, *accused;
	const char *district, *incident_date;       /* "" when not given */
	bool has_amount;
	int64_t amount_satang;
	struct tip_message *messages;
	size_t nmessages;
	struct tip_file *files;
	size_t nfiles;
	char **tags;                 /* officers only */
	size_t ntags;
};

/* What an officer's session can open: its unit keys, and its own
 * account key (for identity keys sealed to the account); both in the
 * request's arena, which is wiped when the request ends. */
struct tip_rewrap;
struct tip_reader {
	const struct session *ses;
	struct unit_secret *keys;
	size_t nkeys;
	unsigned char *account_sk;   /* ENV_KEY_LEN bytes; NULL: no key in this session */
	/* The re-wrap subkey of each of keys (nkeys * ENV_KEY_LEN bytes),
	 * derived once per request; NULL: none (the sealed copies only). */
	unsigned char *wrap_keys;
	struct tip_rewrap *rewrap;   /* copies to keep when the request ends */
};

/*
 * File a tip. The receipt (16 digits) is in receipt_out only once the tip
 * is committed. SOD_ENOTFOUND (unit unknown), SOD_EBUSY (slow-hash gate
 * full: try again), SOD_ECRYPTO (a unit on the path has no key pair).
 */
enum sod_err tip_submit(struct sys *sys, struct arena *a, const struct tip_input *in,
                        struct evidence *const *files, size_t nfiles,
                        char receipt_out[17], int64_t *id_out);

/* An evidence file of a tip, opened for streaming (*out, to be freed with
 * stream_reader_free), with its name and type. The same access as
 * tip_open; the read is audited when it is opened. */
enum sod_err tip_file_read(struct sys *sys, struct arena *a, struct tip_reader *r,
                           int64_t tip, int64_t file, const char **name_out,
                           const char **type_out, struct stream_reader **out);

/* Acknowledgement is due within 7 days of receipt (good practice for
 * whistleblowing channels; feedback within 3 months comes with cases). */
#define TIP_ACK_DAYS 7

/* A tip still new after TIP_ACK_DAYS days. */
bool tip_ack_overdue(const struct tip_rec *t);

/* A tip's statuses, in the order of its life; NULL-terminated. */
extern const char *const tip_statuses[];

/* Check a list filter: a known status and category, an official province
 * code, ISO dates. NULL if good, else the name of the first bad field. */
const char *tip_filter_check(const struct tip_filter *f);

/* Narrow f to the tips whose acknowledgement is overdue; before (11 bytes,
 * owned by the caller) holds the date f->to points at. */
void tip_filter_overdue(struct tip_filter *f, char before[11]);

/* The reader of a session (its unit keys, opened with the session token). */
enum sod_err tip_reader_open(struct sys *sys, struct arena *a, const struct session *ses,
                             const char *token, struct tip_reader *out);

/*
 * The tips the reader may see (officer role on the tip's unit or above),
 * newest first, filtered and, when q is not empty, only those containing
 * every word of q. Subjects decrypted where the reader holds a key.
 * Keyset paging: only tips older than the cursor after (0: from the
 * newest), then offset of them skipped, then at most limit. *total_out
 * counts every match (cursor or not); *next_out is the cursor of the next
 * page (the last item's id), 0 when there is none.
 */
enum sod_err tip_list(struct sys *sys, struct arena *a, struct tip_reader *r,
                      const struct tip_filter *f, const char *q, int64_t limit,
                      int64_t offset, int64_t after, struct tip_view **items_out,
                      size_t *n_out, int64_t *total_out, int64_t *next_out);

/* Keep the re-wrapped tip keys made while this request read (one short
 * write transaction); failures only cost the next read a public-key
 * operation again, so they are logged, not returned. */
void tip_reader_save(struct sys *sys, struct tip_reader *r);

/* One tip with its messages; SOD_ENOTFOUND, or SOD_EPERM for no role. */
enum sod_err tip_open(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
                      struct tip_view *out);

/* An officer writes to the reporter. */
enum sod_err tip_reply(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
                       const char *body);

/* An internal note (officers only; the reporter never sees it). */
enum sod_err tip_note(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
                      const char *body);

/* Add or remove a triage tag (≤ 40 characters, plain: tags are for
 * sorting, so they are not encrypted — keep names out of them). */
enum sod_err tip_tag(struct sys *sys, struct arena *a, struct tip_reader *r, int64_t id,
                     const char *tag, bool add);

/* Acknowledge (the reporter sees it) or reject with a reason (sent to the
 * reporter as a message). status: "acknowledged" or "rejected". */
enum sod_err tip_set_status(struct sys *sys, struct arena *a, struct tip_reader *r,
                            int64_t id, const char *status, const char *reason);

/*
 * The reporter's way back in: the typed receipt (spaces allowed) gives a
 * reporter token (in the arena) for an hour. SOD_EAUTH for a wrong receipt,
 * SOD_EBUSY when the slow-hash gate is full.
 */
enum sod_err tip_receipt_login(struct sys *sys, struct arena *a, const char *typed,
                               char **token_out);
enum sod_err tip_reporter_open(struct sys *sys, struct arena *a, const char *token,
                               struct tip_view *out);
enum sod_err tip_reporter_message(struct sys *sys, struct arena *a, const char *token,
                                  const char *body);

/*
 * The reporter's identity is kept apart: an officer sees only "identity
 * given"; to read it, they ask with a reason, a custodian of the tip's
 * line approves or refuses, and only then the asker may read it.
 */
struct identity {
	const char *name, *phone, *email;
};

struct identity_request {
	int64_t id, tip_id;
	const char *requester, *reason, *status, *requested_on, *decided_on;
};

/* Ask to read a tip's identity (reason 10–1000 characters). */
enum sod_err tip_identity_ask(struct sys *sys, struct arena *a, struct tip_reader *r,
                              int64_t tip, const char *reason, int64_t *id_out);
/* The requests of a tip (for its readers), reasons decrypted. */
enum sod_err tip_identity_requests(struct sys *sys, struct arena *a, struct tip_reader *r,
                                   int64_t tip, struct identity_request **out, size_t *n_out);
/* Pending requests a custodian may decide (their line); reasons are
 * shown only where the custodian also holds the tip's key. */
enum sod_err tip_identity_pending(struct sys *sys, struct arena *a, struct tip_reader *r,
                                  struct identity_request **out, size_t *n_out);
/*
 * A custodian of the tip's line approves or refuses. Never their own
 * request, nor one asked by an account they created (SOD_EPERM). To
 * approve, the custodian opens the identity key sealed to their own
 * account (from r's session) and seals it to the asker: SOD_ECONFLICT when
 * the asker never signed in or no identity key is sealed to this custodian
 * (an operator's `keys grant` gives it).
 */
enum sod_err tip_identity_decide(struct sys *sys, struct arena *a, const struct tip_reader *r,
                                 int64_t request, bool approve);
/* Read the identity: only with an approved request of this account and the
 * identity key sealed to it. */
enum sod_err tip_identity_read(struct sys *sys, struct arena *a, struct tip_reader *r,
                               int64_t tip, struct identity *out);

/* Move a tip filed before identity keys existed (identity under the tip
 * key) to an identity key sealed to the line's custodians and the
 * recovery key; tip_key opens the old identity. In a write transaction.
 * SOD_ENOTFOUND if the tip has no identity. */
enum sod_err tip_identity_migrate(struct sys *sys, struct arena *a, int64_t tip, int64_t unit,
                                  const unsigned char tip_key[ENV_KEY_LEN],
                                  unsigned char ikey_out[ENV_KEY_LEN]);

/* With the recovery key (checked), seal the identity key of every tip
 * (migrating old ones) to the custodians of its line who lack it
 * (account 0: all; else that one); each seal audited. */
enum sod_err tip_identity_grant(struct sys *sys, struct arena *a, const char *recovery_sk,
                                int64_t account, int *granted_out);

/* Open one of the sealed keys (unit, sealed) with the reader's unit keys;
 * SOD_ECRYPTO if the reader holds none of those units' keys. */
enum sod_err tip_reader_unseal(const struct tip_reader *r, const struct tip_key_rec *k,
                               size_t n, unsigned char key_out[ENV_KEY_LEN]);

/* Seal key to unit and each unit above it, put() storing each seal. */
typedef enum sod_err (*seal_put_fn)(struct sys *sys, int64_t owner, int64_t unit,
                                    const char *sealed);
enum sod_err tip_seal_to_path(struct sys *sys, struct arena *a, int64_t unit,
                              const unsigned char key[ENV_KEY_LEN], seal_put_fn put,
                              int64_t owner);

/* Record an action on object kind:id in the audit trail (ses NULL: the
 * anonymous reporter). Never pass tip content in detail. */
enum sod_err tip_audit(struct sys *sys, const struct session *ses, const char *action,
                       const char *kind, int64_t id, const char *detail);

/*
 * The audit trail of one object ("tip:12", "case:3", "consultation:4",
 * "budget_request:2"), for a supervisor of
 * its unit's line: SOD_EPERM otherwise, SOD_EINVAL for a malformed object.
 */
enum sod_err tip_audit_trail(struct sys *sys, struct arena *a, const struct session *ses,
                             const char *object, int64_t limit, int64_t offset,
                             struct audit_entry **items_out, size_t *n_out,
                             int64_t *total_out);

/* Today in Bangkok, YYYY-MM-DD (the only time tips keep). */
void tip_today(char out[11]);

#endif
