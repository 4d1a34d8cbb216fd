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
#define CTX_REPORTER "sodsong/reporter-session/v1"
#define CTX_FILE     "sodsong/tip-file/v1"
#define CTX_REASON   "sodsong/identity-reason/v1"

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
 * messages, files and (officer) internal notes and tags. */
enum sod_err tip_view_fill(struct sys *sys, struct arena *a,
                           const unsigned char tip_key[ENV_KEY_LEN], struct tip_view *v,
                           bool with_messages, bool officer);

/* The tip key through one of the reader's unit keys; SOD_ECRYPTO if none. */
enum sod_err tip_reader_key(struct sys *sys, struct arena *a, const struct tip_reader *r,
                            int64_t tip, unsigned char key_out[ENV_KEY_LEN]);

/* SOD_OK if the reader has an officer role on unit (or above), else SOD_EPERM. */
enum sod_err tip_may_read(struct sys *sys, const struct tip_reader *r, int64_t unit);

/* The metadata (name, type, size, key) of a stored evidence file. */
enum sod_err tip_file_meta(struct arena *a, const unsigned char tip_key[ENV_KEY_LEN],
                           const struct tip_file_rec *f, json_t **out);

#endif
