/*
 * audit.h — the tamper-evident audit log.
 *
 * Every read and change of a tip, a case or a person is written here: who
 * (account id, 0 for the anonymous reporter, and the username at the
 * time), what (a short snake_case action such as "tip.read"), which object
 * ("tip:42"), when (Unix seconds) and a detail that never holds tip
 * content ("status new→acknowledged"). The program has no way to edit or
 * remove an entry, and each entry is chained to the one before it:
 *
 *     hash_n = BLAKE2b-256(hash_{n-1} ‖ encode(entry n)),  hash_0 = genesis
 *
 * so that a change, a removal or a reordering made behind the program's
 * back (with a copy of the database and an SQL shell) shows when the chain
 * is walked. docs/audit.md gives the exact encoding and what the chain
 * proves and does not prove.
 */
#ifndef SOD_DOMAIN_AUDIT_H
#define SOD_DOMAIN_AUDIT_H

#include <stdint.h>

#include "domain/sys.h"

#define AUDIT_HASH_HEX_LEN  64     /* lower-case hex of 32 bytes */
#define AUDIT_USERNAME_MAX  64     /* bytes */
#define AUDIT_ACTION_MAX    64
#define AUDIT_OBJECT_MAX    64
#define AUDIT_DETAIL_MAX    1000
#define AUDIT_LIST_MAX      500    /* largest page audit_list gives */

struct audit_entry {
	int64_t id, at, account_id;
	char *username, *action, *object, *detail, *prev_hash, *hash;
};

/* The hash before the first entry, as hex: BLAKE2b-256("sodsong audit log v1"). */
extern const char audit_genesis_hex[AUDIT_HASH_HEX_LEN + 1];

/*
 * The chain hash of e after prev_hex (the hex hash of the entry before,
 * or audit_genesis_hex): BLAKE2b-256 of the 32 bytes of prev followed by
 * the canonical encoding of e (id, at, account_id as 8-byte big-endian
 * two's complement; username, action, object, detail each as a 4-byte
 * big-endian byte length and the bytes). e->prev_hash and e->hash are not
 * read. Writes lower-case hex into out. SOD_EINVAL if prev_hex is not 64
 * lower-case hex digits or a text field is NULL.
 */
enum sod_err audit_hash(const char *prev_hex, const struct audit_entry *e,
                        char out[AUDIT_HASH_HEX_LEN + 1]);

/*
 * Append an entry inside the caller's write transaction when there is one
 * (the domain writes the audit entry in the same transaction as the change
 * it records, so that neither exists without the other); the chain's last
 * hash is read in that transaction. Without a transaction on this thread,
 * audit_append opens and commits its own write transaction (BEGIN
 * IMMEDIATE), which serialises concurrent appenders, so the chain never
 * forks. A caller's transaction must be a write one (store_tx_begin(…,
 * true)). action/object/detail are checked: valid UTF-8, no control
 * characters (TAB included), action ≤ 64, object ≤ 64, detail ≤ 1000
 * bytes; action and object non-empty; username ≤ 64 bytes, may be empty
 * (the anonymous reporter); account_id ≥ 0 — else SOD_EINVAL and nothing
 * is written. detail must never carry tip content. SOD_EDB if the newest
 * stored hash is not hex (the chain was tampered with: run audit_verify).
 */
enum sod_err audit_append(struct sys *sys, int64_t account_id, const char *username,
                          const char *action, const char *object, const char *detail);

/*
 * Entries about one object, oldest first, paged (limit 1…AUDIT_LIST_MAX,
 * offset ≥ 0, else SOD_EINVAL). *items_out lives in a; *total_out counts
 * every entry about object. An object without entries gives n 0, total 0.
 */
enum sod_err audit_list(struct sys *sys, struct arena *a, const char *object,
                        int64_t limit, int64_t offset, struct audit_entry **items_out,
                        size_t *n_out, int64_t *total_out);

/* One entry by id, its strings in a; SOD_ENOTFOUND if there is none. */
enum sod_err audit_get(struct sys *sys, struct arena *a, int64_t id,
                       struct audit_entry *out);

/*
 * Walk the whole chain in one read snapshot; SOD_OK if intact. Otherwise
 * SOD_ECONFLICT with *bad_id_out the first bad entry and *why_out one of
 * "altered" (the entry's fields or stored hash do not give its hash),
 * "missing" (*bad_id_out is an id absent from the sequence 1, 2, 3, …:
 * an entry was removed) or "broken_link" (the entry's prev_hash is not
 * the hash of the entry before it, or its id is out of sequence).
 * *checked_out counts entries read, the bad one included. Other errors
 * (SOD_EDB, SOD_ENOMEM) mean the walk could not finish. a is not used for
 * the walk itself (it runs in bounded pages), so any log size is fine.
 */
enum sod_err audit_verify(struct sys *sys, struct arena *a, int64_t *checked_out,
                          int64_t *bad_id_out, const char **why_out);

/*
 * audit_verify, also giving the newest entry's id (0 for an empty log)
 * and hash (audit_genesis_hex for an empty log) as walked: the values to
 * note down or send elsewhere, since a chain rewritten from some entry to
 * its end is only found against such an outside copy. head_hash_out
 * holds AUDIT_HASH_HEX_LEN + 1 bytes; both are set only on SOD_OK.
 */
enum sod_err audit_verify_head(struct sys *sys, struct arena *a, int64_t *checked_out,
                               int64_t *bad_id_out, const char **why_out,
                               int64_t *head_id_out, char *head_hash_out);

#endif
