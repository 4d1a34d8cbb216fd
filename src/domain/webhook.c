/*
 * webhook.c — see webhook.h: keeping a unit's webhook, queueing events
 * and working the queue. The POST itself is util/hookpost.c.
 */
#include "domain/webhook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "crypto/box.h"
#include "domain/audit.h"
#include "util/clock.h"
#include "util/hookpost.h"
#include "util/log.h"

#define SECRET_CTX "webhook.secret"

const char *const webhook_events[] = {
	"tip.received", "tip.overdue", "case.opened", "case.closed", "referral.sent",
	"quarter.published", "test", NULL,
};

enum sod_err
webhook_can_manage(struct sys *sys, const struct session *ses, int64_t unit, bool *out)
{
	enum sod_err err;

	if ((err = auth_can(sys, ses, ROLE_ADMIN, unit, out)) || *out)
		return err;
	return auth_can(sys, ses, ROLE_SUPERVISOR, unit, out);
}

static enum sod_err
audit_unit(struct sys *sys, const struct session *ses, const char *action, int64_t unit,
           const char *detail)
{
	char object[32];

	snprintf(object, sizeof(object), "unit:%lld", (long long)unit);
	return audit_append(sys, ses->account_id, ses->username, action, object, detail);
}

enum sod_err
webhook_set(struct sys *sys, struct arena *a, const struct session *ses, int64_t unit,
            const char *url, char secret_out[WEBHOOK_SECRET_LEN + 1], struct verr *ve)
{
	unsigned char raw[32];
	char secret[WEBHOOK_SECRET_LEN + 1];
	struct webhook_rec w = {.unit_id = unit, .url = (char *)url, .created_at = sod_now()};
	const char *why;
	bool ok;
	enum sod_err err;

	if ((err = webhook_can_manage(sys, ses, unit, &ok)))
		return err;
	if (!ok)
		return SOD_EPERM;
	if (hookpost_url_check(url, sys->hooks_allow_private, &why) != SOD_OK) {
		static const struct { const char *why, *key; } keys[] = {
			{"scheme", "webhook.url_scheme"}, {"credentials", "webhook.url_credentials"},
			{"resolve", "webhook.url_resolve"}, {"private", "webhook.url_private"},
		};

		*ve = (struct verr){"url", "webhook.url_syntax"};
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strcmp(why, keys[i].why) == 0)
				ve->key = keys[i].key;
		return SOD_EINVAL;
	}
	randombytes_buf(raw, sizeof(raw));
	memcpy(secret, "whsec_", 6);
	sodium_bin2hex(secret + 6, sizeof(secret) - 6, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	if ((err = box_seal(sys->box, a, SECRET_CTX, secret, strlen(secret), &w.secret_sealed)))
		goto out;
	if ((err = store_tx_begin(sys->store, true)))
		goto out;
	if ((err = store_webhook_set(sys->store, &w, ses->account_id)) ||
	    (err = audit_unit(sys, ses, "webhook.set", unit,
	                      arena_printf(a, "%.200s", url)))) {
		store_tx_rollback(sys->store);
		goto out;
	}
	if ((err = store_tx_commit(sys->store)))
		goto out;
	memcpy(secret_out, secret, sizeof(secret));
out:
	sodium_memzero(secret, sizeof(secret));
	return err;
}

enum sod_err
webhook_remove(struct sys *sys, const struct session *ses, int64_t unit)
{
	struct arena *a = arena_new(1u << 16);
	struct webhook_rec w;
	bool ok;
	enum sod_err err;

	if (a == NULL)
		return SOD_ENOMEM;
	if ((err = webhook_can_manage(sys, ses, unit, &ok)))
		goto out;
	if (!ok) {
		err = SOD_EPERM;
		goto out;
	}
	if ((err = store_webhook_get(sys->store, a, unit, &w)))
		goto out;
	if ((err = store_tx_begin(sys->store, true)))
		goto out;
	if ((err = store_webhook_delete(sys->store, unit, (int64_t)time(NULL))) ||
	    (err = audit_unit(sys, ses, "webhook.remove", unit, ""))) {
		store_tx_rollback(sys->store);
		goto out;
	}
	err = store_tx_commit(sys->store);
out:
	arena_free(&a);
	return err;
}

/* The JSON body of an event of unit (its code), with an absolute link. */
static char *
event_body(struct sys *sys, struct arena *a, int64_t unit, const char *event, json_t *data)
{
	struct unit_rec u;
	json_t *link, *o;
	char *text;

	if (store_unit_get(sys->store, a, unit, &u) != SOD_OK) {
		json_decref(data);
		return NULL;
	}
	if (data == NULL)
		data = json_object();
	link = json_object_get(data, "link");
	if (json_is_string(link) && json_string_value(link)[0] == '/') {
		char *abs = arena_printf(a, "%s%s", sys->base_url ? sys->base_url : "",
		                         json_string_value(link));

		if (abs != NULL)
			json_object_set_new(data, "link", json_string(abs));
	}
	o = json_pack("{s:s, s:s, s:I, s:o}", "event", event, "unit", u.code, "at",
	              (json_int_t)sod_now(), "data", data);
	if (o == NULL)
		return NULL;
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (text == NULL)
		return NULL;
	{
		char *copy = arena_printf(a, "%s", text);

		free(text);
		return copy;
	}
}

static enum sod_err
enqueue(struct sys *sys, struct arena *a, int64_t unit, const int64_t *hooks, size_t n,
        const char *event, json_t *data)
{
	char *body = event_body(sys, a, unit, event, data);
	int64_t id;
	enum sod_err err = SOD_OK;

	if (body == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < n && !err; i++)
		err = store_delivery_insert(sys->store, hooks[i], event, body, (int64_t)time(NULL),
		                            &id);
	return err;
}

enum sod_err
webhook_emit(struct sys *sys, int64_t unit, const char *event, json_t *data)
{
	struct arena *a = arena_new(1u << 20);
	int64_t *hooks;
	size_t n;
	enum sod_err err;

	if (a == NULL) {
		json_decref(data);
		return SOD_ENOMEM;
	}
	if ((err = store_webhook_line(sys->store, a, unit, &hooks, &n)) || n == 0) {
		json_decref(data);
		goto out;
	}
	err = enqueue(sys, a, unit, hooks, n, event, data);
out:
	if (err)
		LOG_WARN("webhook event %s of unit %lld not queued: %s", event, (long long)unit,
		         sod_strerror(err));
	arena_free(&a);
	return err;
}

enum sod_err
webhook_test(struct sys *sys, const struct session *ses, int64_t unit)
{
	struct arena *a = arena_new(1u << 20);
	struct webhook_rec w;
	bool ok;
	enum sod_err err;

	if (a == NULL)
		return SOD_ENOMEM;
	if ((err = webhook_can_manage(sys, ses, unit, &ok)))
		goto out;
	if (!ok) {
		err = SOD_EPERM;
		goto out;
	}
	if ((err = store_webhook_get(sys->store, a, unit, &w)))
		goto out;
	err = enqueue(sys, a, unit, &unit, 1, "test",
	              json_pack("{s:s, s:s}", "by", ses->username, "link", "/"));
out:
	arena_free(&a);
	return err;
}

void
webhook_sign(const char *secret, const char *timestamp, const char *body, size_t len,
             char out[7 + 64 + 1])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)timestamp, strlen(timestamp));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, "sha256=", 7);
	sodium_bin2hex(out + 7, 65, mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
}

/* Whether a failed try is worth another: no for most 4xx and refusals. */
static bool
retryable(enum sod_err err, long status)
{
	if (err == SOD_EPERM || err == SOD_EINVAL)
		return false;
	return !(status >= 400 && status < 500 && status != 408 && status != 429);
}

/* One try of one delivery; records the outcome. */
static enum sod_err
deliver(struct sys *sys, struct arena *a, struct delivery_rec *d, int64_t now)
{
	char ts[24], sig[7 + 64 + 1], h_event[96], h_id[64], h_ts[64], h_sig[128];
	const char *headers[4] = {h_event, h_id, h_ts, h_sig};
	struct hookpost_result res;
	char *secret;
	size_t slen;
	int64_t next = now;
	enum sod_err err;

	if ((err = box_open_sealed(sys->box, a, SECRET_CTX, d->secret_sealed, &secret, &slen))) {
		snprintf(res.error, sizeof(res.error), "the secret cannot be opened");
		res.status = 0;
		err = SOD_EPERM;
	} else {
		snprintf(ts, sizeof(ts), "%lld", (long long)now);
		webhook_sign(secret, ts, d->body, strlen(d->body), sig);
		sodium_memzero(secret, slen);
		snprintf(h_event, sizeof(h_event), "X-Sodsong-Event: %s", d->event);
		snprintf(h_id, sizeof(h_id), "X-Sodsong-Delivery: %lld", (long long)d->id);
		snprintf(h_ts, sizeof(h_ts), "X-Sodsong-Timestamp: %s", ts);
		snprintf(h_sig, sizeof(h_sig), "X-Sodsong-Signature: %s", sig);
		err = hookpost_send(d->url, headers, 4, d->body, strlen(d->body),
		                    sys->hooks_allow_private, sys->hooks_timeout, &res);
	}
	d->attempts++;
	d->last_status = res.status;
	d->last_error = res.error;
	if (err == SOD_OK) {
		d->status = "delivered";
	} else if (!retryable(err, res.status) || d->attempts >= sys->hooks_max_attempts) {
		d->status = "failed";
	} else {
		/* webhook-backoff: retry_seconds × 2^(attempts−1). */
		int shift = d->attempts - 1 < 20 ? (int)d->attempts - 1 : 20;

		next = now + (int64_t)sys->hooks_retry_seconds * ((int64_t)1 << shift);
	}
	return store_delivery_update(sys->store, d, next, now);
}

enum sod_err
webhook_work(struct sys *sys, int64_t now, size_t limit, size_t *tried_out)
{
	struct arena *a = arena_new(8u << 20);
	struct delivery_rec *items;
	size_t n;
	enum sod_err err;

	*tried_out = 0;
	if (a == NULL)
		return SOD_ENOMEM;
	if ((err = store_delivery_due(sys->store, a, now, (int64_t)limit, &items, &n)))
		goto out;
	for (size_t i = 0; i < n && !err; i++) {
		err = deliver(sys, a, &items[i], now);
		(*tried_out)++;
	}
out:
	arena_free(&a);
	return err;
}

enum sod_err
webhook_prune(struct sys *sys, int64_t now)
{
	return store_delivery_prune(sys->store, now - (int64_t)WEBHOOK_LOG_DAYS * 86400);
}
