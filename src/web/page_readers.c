/*
 * page_readers.c — a supervisor gives their unit's key to the readers who
 * wait for it, or takes it back (domain/readers.h):
 *
 *   GET  /readers                                   the page (Thai first)
 *   POST /units/{code}/readers/{username}/approve   the page's button
 *   POST /units/{code}/readers/{username}/revoke
 *   POST /api/v1/units/{code}/readers/{username}/approve   → 200
 *   POST /api/v1/units/{code}/readers/{username}/revoke    → 200
 *   POST /units/{code}/key/rotate, /api/v1/units/{code}/key/rotate
 *
 * The page works without JavaScript: one small form per reader, with the
 * session's CSRF token.
 */
#include "web/web.h"

#include <stdio.h>
#include <string.h>

#include "domain/readers.h"
#include "web/i18n.h"

static bool
open_reader(struct wreq *w, struct tip_reader *r)
{
	enum sod_err err = tip_reader_open(w->sys, w->r->arena, &w->ses, w->token, r);

	if (err)
		web_error(w, err, NULL, NULL, NULL);
	return err == SOD_OK;
}

void
h_readers(struct wreq *w)
{
	struct tip_reader r;
	struct reader_view *v;
	size_t n;
	json_t *ctx, *list;
	enum sod_err err;

	if (!open_reader(w, &r))
		return;
	if ((err = readers_list(w->sys, w->r->arena, &r, &v, &n))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++) {
		char key[48];

		snprintf(key, sizeof(key), "role.%s", v[i].role);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b}",
		    "unit", v[i].unit_code, "unit_name",
		    w->lang == LANG_EN ? v[i].unit_name_en : v[i].unit_name_th,
		    "username", v[i].username, "name", v[i].display_name, "role",
		    i18n_get(w->lang, key), "holder", v[i].holder, "waiting",
		    !v[i].holder && v[i].has_key && !v[i].created_by_me, "not_signed_in",
		    !v[i].has_key, "mine", v[i].created_by_me));
	}
	if (w->route->api) {
		json_reply(w, 200, json_pack("{s:o}", "items", list));
		return;
	}
	ctx = page_ctx(w, "readers.title");
	json_object_set_new(ctx, "readers", list);
	{
		struct unit_rec *u;
		size_t nu;
		json_t *units = json_array();

		if (readers_units(w->sys, w->r->arena, &r, &u, &nu) == SOD_OK)
			for (size_t i = 0; i < nu; i++)
				json_array_append_new(units, json_pack("{s:s, s:s}", "code", u[i].code,
				    "name", w->lang == LANG_EN ? u[i].name_en : u[i].name_th));
		json_object_set_new(ctx, "units", units);
	}
	json_object_set_new(ctx, "holds_keys", json_boolean(r.nkeys > 0));
	page_render(w, 200, "readers", ctx);
}

/* The answer to an approve or revoke. */
static void
done(struct wreq *w, enum sod_err err, const char *why)
{
	const char *key = NULL;

	if (err == SOD_ECONFLICT)
		key = why && strcmp(why, "not_signed_in") == 0 ? "readers.not_signed_in"
		      : why && strcmp(why, "already") == 0   ? "readers.already"
		                                             : "readers.not_holder";
	else if (err == SOD_EPERM)
		key = "readers.not_allowed";
	else if (err == SOD_ENOTFOUND)
		key = "readers.unknown";
	if (err) {
		web_error(w, err, NULL, NULL, key);
		return;
	}
	if (w->route->api)
		json_reply(w, 200, json_pack("{s:s, s:s}", "unit", w->r->captures[0], "username",
		                             w->r->captures[1]));
	else
		req_redirect(w->r, "/readers");
}

void
h_reader_approve(struct wreq *w)
{
	struct tip_reader r;
	const char *why = NULL;
	enum sod_err err;

	if (!open_reader(w, &r))
		return;
	err = readers_approve(w->sys, w->r->arena, &r, w->r->captures[0], w->r->captures[1], &why);
	done(w, err, why);
}

void
h_reader_revoke(struct wreq *w)
{
	done(w, readers_revoke(w->sys, w->r->arena, &w->ses, w->r->captures[0],
	                       w->r->captures[1]), NULL);
}

void
h_unit_key_rotate(struct wreq *w)
{
	struct tip_reader r;
	int holders = 0;
	enum sod_err err;

	if (!open_reader(w, &r))
		return;
	err = readers_rotate(w->sys, w->r->arena, &r, w->r->captures[0], &holders);
	if (err) {
		web_error(w, err, NULL, NULL,
		          err == SOD_EPERM ? "readers.not_allowed"
		          : err == SOD_ENOTFOUND ? "readers.unknown" : NULL);
		return;
	}
	if (w->route->api)
		json_reply(w, 200, json_pack("{s:s, s:i}", "unit", w->r->captures[0], "holders",
		                             holders));
	else
		req_redirect(w->r, "/readers");
}
