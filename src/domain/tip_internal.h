/*
 * tip_internal.h — what the files of tips (tip.c, tip_read.c, tip_list.c,
 * tip_message.c, tip_identity.c) share and nobody else calls: the
 * context strings of the tip key's subkeys and the helpers that seal,
 * open and check access. Not a public header: web/ and cli/ use tip.h.
 */
#ifndef SOD_DOMAIN_TIP_INTERNAL_H
#define SOD_DOMAIN_TIP_INTERNAL_H

#include <jansson.h>

#include "domain/tip.h"

#define CTX_CONTENT  "sodsong/tip-content/v1"
#define CTX_IDENTITY "sodsong/tip-identity/v1"
#define CTX_MESSAGE  "sodsong/tip-message/v1"
#define CTX_RECEIPT  "sodsong/tip-receipt/v1"
#define CTX_REPORTER "sodsong/reporter-session/v2"
#define CTX_FILE     "sodsong/tip-file/v1"
#define CTX_REASON   "sodsong/identity-reason/v1"
/* Under the identity key (sealed to custodians), not the tip key. */
#define CTX_IDENTITY_SEALED "sodsong/tip-identity/v2"
/* Under the officer key (sealed to the unit path only, never to the receipt). */
#define CTX_NOTE     "sodsong/tip-note/v1"
#define CTX_REASON_OFFICER "sodsong/identity-reason/v2"
/* The re-wrap of a tip key under a subkey of a unit secret key; the
 * associated data adds the tip and unit ids. */
#define CTX_TIP_WRAP "sodsong/tip-key-wrap/v1"

/* The subkey of the tip key for one kind of content (its context). */
void tip_subkey(const unsigned char tip_key[ENV_KEY_LEN], const char *what,
                unsigned char out[ENV_KEY_LEN]);

/* Encrypt a JSON object under a subkey of the tip key into *out (arena);
 * takes ownership of obj. */
enum sod_err tip_seal_json(struct arena *a, const unsigned char tip_key[ENV_KEY_LEN],
                           const char *what, json_t *obj, char **out);

/* Decrypt text sealed under the subkey what; SOD_ECRYPTO if it does not open. */
enum sod_err tip_open_text(struct arena *a, const unsigned char tip_key[ENV_KEY_LEN],
                           const char *what, const char *in, char **out);

/* Fill v (v->rec loaded) with the decrypted content; with_messages adds
 * messages, files and (officer) internal notes and tags. Notes open with
 * officer_key (NULL: none yet), or, written before officer keys existed,
 * with the tip key. */
enum sod_err tip_view_fill(struct sys *sys, struct arena *a,
                           const unsigned char tip_key[ENV_KEY_LEN],
                           const unsigned char *officer_key, struct tip_view *v,
                           bool with_messages, bool officer);

/*
 * The tip's officer key (finding 5: what the reporter must not read),
 * through one of the reader's unit keys. SOD_ECRYPTO if the reader holds
 * none. A tip filed before officer keys existed has none: with create, one
 * is made and sealed to the unit path of unit (inside the caller's write
 * transaction); without, SOD_ENOTFOUND.
 */
enum sod_err tip_officer_key(struct sys *sys, struct arena *a, const struct tip_reader *r,
                             int64_t tip, int64_t unit, bool create,
                             unsigned char key_out[ENV_KEY_LEN]);

/* Make a new officer key for tip and seal it to unit's path (in a write
 * transaction). */
enum sod_err tip_officer_key_new(struct sys *sys, struct arena *a, int64_t tip, int64_t unit,
                                 unsigned char key_out[ENV_KEY_LEN]);

/* Seal a tip's identity key to the custodians of unit's line and to the
 * recovery key (finding 4), in the caller's write transaction. */
enum sod_err tip_identity_key_put(struct sys *sys, struct arena *a, int64_t tip, int64_t unit,
                                  const unsigned char ikey[ENV_KEY_LEN]);

/* The tip key through one of the reader's unit keys; SOD_ECRYPTO if none. */
enum sod_err tip_reader_key(struct sys *sys, struct arena *a, const struct tip_reader *r,
                            int64_t tip, unsigned char key_out[ENV_KEY_LEN]);

/* SOD_OK if the reader has an officer role on unit (or above), else SOD_EPERM. */
enum sod_err tip_may_read(struct sys *sys, const struct tip_reader *r, int64_t unit);

/* The metadata (name, type, size, key) of a stored evidence file. */
enum sod_err tip_file_meta(struct arena *a, const unsigned char tip_key[ENV_KEY_LEN],
                           const struct tip_file_rec *f, json_t **out);

#endif
