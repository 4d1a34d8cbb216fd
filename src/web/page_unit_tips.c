/*
 * page_unit_tips.c — a unit and the public's tips: on the unit page, whether
 * it receives tips from the public (its admins may change that) with its
 * report link, and its printable poster (GET /units/{code}/poster.pdf, A4,
 * the report link as a QR code). The routing rules are in
 * domain/tip_route.h; the poster's layout in domain/poster.h.
 */
#include "web/web.h"

#include <string.h>

#include "domain/network.h"
#include "domain/poster.h"
#include "domain/tip_route.h"
#include "domain/unit.h"
#include "web/field.h"
#include "web/i18n.h"

/* A Host header that can stand in a link: letters, digits, . - : [ ]. */
static bool
is_host(const char *h)
{
	size_t n = h ? strlen(h) : 0;

	if (n == 0 || n > 255)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((h[i] >= 'a' && h[i] <= 'z') || (h[i] >= 'A' && h[i] <= 'Z') ||
		      (h[i] >= '0' && h[i] <= '9') || strchr(".-:[]", h[i]) != NULL))
			return false;
	return true;
}

/*
 * The public report link of unit code: public_url of sodsong.conf, or,
 * when that is not set, the address this page was asked on (README says
 * to set public_url: behind a proxy the Host may not be the public name).
 */
static const char *
report_link(struct wreq *w, const char *code)
{
	const char *base = w->w->cfg.public_url, *host = req_header(w->r, "Host");

	if (base == NULL)
		base = arena_printf(w->r->arena, "%s://%s", w->w->cfg.behind_tls ? "https" : "http",
		                    is_host(host) ? host : "127.0.0.1:8080");
	return arena_printf(w->r->arena, "%s/report?to=%s", base ? base : "", code);
}

json_t *
unit_tips_json(struct wreq *w, const struct unit_rec *u, bool admin)
{
	int said = -1;
	bool receives = false;
	json_t *o, *f;

	if (tip_route_unit(w->sys, w->r->arena, u, &said, &receives) != SOD_OK)
		return json_null();
	o = json_pack("{s:b, s:s}", "receives", receives, "status",
	              i18n_get(w->lang, receives ? "unit_tips.receives" : "unit_tips.not_receiving"));
	if (receives)
		json_object_set_new(o, "link", json_string(report_link(w, u->code) ?: ""));
	if (!admin)
		return o;
	f = field_new(w, FIELD_SELECT, "receives", "unit_tips.field");
	field_hint(w, f, tip_route_receives(u->kind, -1) ? "unit_tips.hint_default_yes"
	                                                 : "unit_tips.hint_default_no");
	field_value(f, said < 0 ? "default" : said ? "yes" : "no");
	field_option(f, NULL, "default", i18n_get(w->lang, "unit_tips.default"));
	field_option(f, NULL, "yes", i18n_get(w->lang, "unit_tips.yes"));
	field_option(f, NULL, "no", i18n_get(w->lang, "unit_tips.no"));
	json_object_set_new(o, "field", f);
	return o;
}

/* POST /units/{code}/public-tips: receives = default | yes | no. */
void
h_unit_public_tips(struct wreq *w)
{
	const char *v = form_str(w, "receives"), *code = w->r->captures[0];
	int said = strcmp(v, "yes") == 0 ? 1 : strcmp(v, "no") == 0 ? 0
	         : strcmp(v, "default") == 0 ? -1 : 2;
	enum sod_err err;

	if (said == 2) {
		web_error(w, SOD_EINVAL, NULL, "receives", "error.field.unit_tips");
		return;
	}
	if ((err = tip_route_set(w->sys, w->r->arena, &w->ses, code, said)) != SOD_OK) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	web_done(w, arena_printf(w->r->arena, "/units/%s", code) ?: "/", "public_tips");
}

/* GET /units/{code}/poster.pdf: anyone who may see the unit; only a unit
 * that receives public tips has a poster. */
void
h_unit_poster(struct wreq *w)
{
	struct unit_rec u;
	struct poster_text t;
	int said;
	bool view = false, receives = false;
	const char *url;
	enum sod_err err;

	if ((err = unit_get(w->sys, w->r->arena, w->r->captures[0], &u, NULL)) ||
	    (err = network_can_view(w->sys, &w->ses, u.id, &view)) ||
	    (err = tip_route_unit(w->sys, w->r->arena, &u, &said, &receives))) {
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	if (!view) {
		web_error(w, SOD_EPERM, NULL, NULL, NULL);
		return;
	}
	if (!receives) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, "unit_tips.no_poster");
		return;
	}
	url = report_link(w, u.code);
	t = (struct poster_text){
		i18n_get(LANG_TH, "poster.title"), i18n_get(LANG_EN, "poster.title"),
		i18n_get(LANG_TH, "poster.promise"), i18n_get(LANG_TH, "poster.scan"),
		i18n_get(LANG_TH, "poster.follow"), i18n_get(LANG_EN, "poster.follow"),
	};
	buf_free(&w->r->resp);
	buf_init(&w->r->resp, 16u << 20);
	if ((err = poster_render(w->r->arena, &t, u.name_th, u.name_en, url ? url : "",
	                         &w->r->resp))) {
		buf_free(&w->r->resp);
		buf_init(&w->r->resp, 1u << 20);
		web_error(w, err, NULL, NULL, NULL);
		return;
	}
	req_add_header(w->r, "Content-Disposition",
	               arena_printf(w->r->arena, "inline; filename=\"poster-%s.pdf\"", u.code));
	req_reply(w->r, 200, "application/pdf");
}
