/*
 * page_identity.c — the reporter's identity: an officer asks to see it
 * (with a reason), the custodian lists what waits and approves or
 * refuses. The rule and the audit entry are in domain/tip.c.
 */
#include "web/tip_web.h"

#include <string.h>

#include "util/str.h"

/* ---- the identity custodian -------------------------------------------------------- */

void
h_identity_ask(struct wreq *w)
{
	struct tip_reader r;
	struct tip_view v;
	int64_t id;
	enum sod_err err;

	if (!tipw_open(w, &r, &v))
		return;
	err = tip_identity_ask(w->sys, w->r->arena, &r, v.rec.id, form_str(w, "reason"), &id);
	if (err) {
		web_error(w, err, NULL, err == SOD_EINVAL ? "reason" : NULL,
		          err == SOD_EINVAL ? "identity.reason_needed" : NULL);
		return;
	}
	web_done(w, arena_printf(w->r->arena, "/tips/%lld", (long long)v.rec.id) ?: "/tips", "identity_asked");
}

void
h_custodian(struct wreq *w)
{
	struct tip_reader r;
	struct identity_request *q;
	size_t n;
	json_t *ctx, *list;
	enum sod_err err;

	if (!tipw_reader(w, &r))
		return;
	if ((err = tip_identity_pending(w->sys, w->r->arena, &r, &q, &n)) != SOD_OK) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:I, s:s, s:s, s:s}", "id",
		    (json_int_t)q[i].id, "tip", (json_int_t)q[i].tip_id, "requester", q[i].requester,
		    "reason", q[i].reason, "on", q[i].requested_on));
	ctx = page_ctx(w, "custodian.title");
	json_object_set_new(ctx, "requests", list);
	page_render(w, 200, "custodian", ctx);
}

void
h_identity_decide(struct wreq *w)
{
	int64_t id;
	const char *decision = form_str(w, "decision");
	enum sod_err err;

	if (!str_to_i64(slice_from(w->r->captures[0]), 1, INT64_MAX, &id) ||
	    (strcmp(decision, "approve") != 0 && strcmp(decision, "refuse") != 0)) {
		web_error(w, SOD_EINVAL, NULL, "decision", "error.field.required");
		return;
	}
	err = tip_identity_decide(w->sys, w->r->arena, &w->ses, id, strcmp(decision, "approve") == 0);
	if (err) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	web_done(w, "/custodian", strcmp(decision, "approve") == 0 ? "identity_approved" : "identity_refused");
}
