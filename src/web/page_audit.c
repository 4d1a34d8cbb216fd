/*
 * page_audit.c — the audit trail of one object (tip:N, case:N) as a page
 * for supervisors and as GET /api/v1/audit. Which objects a reader may see
 * is decided in the domain (tip_audit_trail).
 */
#include "web/web.h"

#include <stdio.h>

#include "domain/tip.h"
#include "web/i18n.h"

/* ---- the audit trail ------------------------------------------------------------------ */

void
h_api_audit(struct wreq *w)
{
	struct audit_entry *e;
	size_t n;
	int64_t total, limit, offset;
	json_t *items, *ctx;
	enum sod_err err;

	if (!paging(w, &limit, &offset))
		return;
	err = tip_audit_trail(w->sys, w->r->arena, &w->ses, req_query(w->r, "object"), limit,
	                      offset, &e, &n, &total);
	if (err) {
		/* Another line's object: as if it did not exist. */
		web_error(w, err == SOD_EPERM ? SOD_ENOTFOUND : err, NULL,
		          err == SOD_EINVAL ? "object" : NULL,
		          err == SOD_EINVAL ? "error.field.audit_object" : NULL);
		return;
	}
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		char when[64];

		date_format(when, sizeof(when), e[i].at, DATE_TIME, w->lang, false);
		char key[64];

		date_format(when, sizeof(when), e[i].at, DATE_TIME, w->lang, false);
		snprintf(key, sizeof(key), "audit_action.%s", e[i].action);
		json_array_append_new(items, json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s}",
		    "id", (json_int_t)e[i].id, "at", (json_int_t)e[i].at, "when", when, "account",
		    (json_int_t)e[i].account_id, "who", e[i].username, "action", e[i].action,
		    "action_label", i18n_get(w->lang, key) != key ? i18n_get(w->lang, key)
		                                                 : e[i].action,
		    "object", e[i].object, "detail", e[i].detail));
	}
	if (w->route->api) {
		json_reply(w, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total",
		                             (json_int_t)total, "limit", (json_int_t)limit, "offset",
		                             (json_int_t)offset));
		return;
	}
	ctx = page_ctx(w, "audit.title");
	json_object_set_new(ctx, "object", json_string(req_query(w->r, "object")));
	json_object_set_new(ctx, "items", items);
	json_object_set_new(ctx, "total", json_integer(total));
	if (offset + limit < total)
		json_object_set_new(ctx, "next", json_integer(offset + limit));
	page_render(w, 200, "audit", ctx);
}
