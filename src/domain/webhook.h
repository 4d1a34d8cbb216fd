/*
 * webhook.h — outgoing webhooks per unit (docs/reminders.md, docs/api.md).
 *
 * An admin or supervisor of a unit sets one URL and receives a secret,
 * shown once; the secret is kept sealed under the server key (secret.key,
 * crypto/box.h), so a copy of the database alone cannot sign. Events of
 * the unit and of every unit under it are queued, one delivery per
 * webhook on the event's line, and POSTed by a background worker as JSON
 *
 *   {"event","unit","at","data":{…ids, counts, "link"}}
 *
 * with X-Sodsong-Event, X-Sodsong-Delivery, X-Sodsong-Timestamp and
 * X-Sodsong-Signature: sha256=HEX, the HMAC-SHA256 under the secret of
 * "TIMESTAMP.BODY". Never tip content: ids, counts, statuses, links.
 * A try that gets no 2xx is retried after retry_seconds, doubling each
 * time, up to max_attempts; 4xx answers (but 408 and 429) and refused
 * addresses end it at once. The queue is the delivery log.
 */
#ifndef SOD_DOMAIN_WEBHOOK_H
#define SOD_DOMAIN_WEBHOOK_H

#include <jansson.h>

#include "domain/auth.h"
#include "domain/sys.h"

#define WEBHOOK_SECRET_LEN 70   /* "whsec_" and 64 hex digits */

/* The events, NULL-terminated: tip.received, tip.overdue, case.opened,
 * case.closed, referral.sent, quarter.published, test. */
extern const char *const webhook_events[];

/* True if ses is an admin or supervisor on unit's line. */
enum sod_err webhook_can_manage(struct sys *sys, const struct session *ses, int64_t unit,
                                bool *out);

/*
 * Set (or replace) the unit's webhook URL with a new secret, written to
 * secret_out once (NUL-terminated). SOD_EPERM without the role; SOD_EINVAL
 * with ve (field "url") for a URL hookpost_url_check refuses. Audited.
 */
enum sod_err webhook_set(struct sys *sys, struct arena *a, const struct session *ses,
                         int64_t unit, const char *url,
                         char secret_out[WEBHOOK_SECRET_LEN + 1], struct verr *ve);
/* Remove the unit's webhook (pending deliveries fail). SOD_ENOTFOUND. */
enum sod_err webhook_remove(struct sys *sys, const struct session *ses, int64_t unit);

/*
 * Queue event for every webhook on the line of unit (the unit and its
 * ancestors). data (taken, may be NULL) holds ids and counts; a "link"
 * path in it is made absolute with sys->base_url. Errors are logged and
 * returned; callers whose own work is done may ignore them.
 */
enum sod_err webhook_emit(struct sys *sys, int64_t unit, const char *event, json_t *data);

/* Queue a "test" event to the unit's own webhook (SOD_ENOTFOUND if none). */
enum sod_err webhook_test(struct sys *sys, const struct session *ses, int64_t unit);

/* HMAC-SHA256 of "timestamp.body" under secret, as "sha256=HEX". */
void webhook_sign(const char *secret, const char *timestamp, const char *body, size_t len,
                  char out[7 + 64 + 1]);

/* The delivery log keeps finished deliveries this long (then they go). */
#define WEBHOOK_LOG_DAYS 90

/* Forget finished deliveries older than WEBHOOK_LOG_DAYS before now. */
enum sod_err webhook_prune(struct sys *sys, int64_t now);

/* Try the deliveries due at now (at most limit); *tried_out how many. */
enum sod_err webhook_work(struct sys *sys, int64_t now, size_t limit, size_t *tried_out);

#endif
