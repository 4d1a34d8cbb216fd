/*
 * web.c — the request pipeline of web/: route, language, session,
 * access, CSRF, handler; and the helpers handlers share to answer.
 */
#include "web/web.h"

#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "http/router.h"
#include "text/utf8.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/str.h"
#include "web/i18n.h"
#include "web/tmpl.h"

#define DEFAULT_JSON_LIMIT (1u << 20)
#define DEFAULT_FORM_LIMIT (25u << 20)
#define FIELD_LIMIT        (64u * 1024)
#define LOGIN_PER_ADDR     20     /* attempts per address … */
#define LOGIN_WINDOW       600    /* … per ten minutes */
#define RECEIPTS_PER_ADDR  10     /* wrong receipts per address per ten minutes */
#define ENTRIES_PER_ADDR   20     /* receipt entries, right or wrong, per ten minutes */
#define MESSAGES_PER_ADDR  30     /* reporter messages per address per hour */
#define CLINIC_PER_ADDR    20     /* clinic requests per address per hour */
#define CLINIC_REFS_PER_ADDR 20   /* clinic references typed per address per ten minutes */

/*
 * jansson holds decrypted tip text (pages and API answers are built as
 * JSON): every block it frees is wiped first [wipe-decrypted].
 */
static void *
json_alloc(size_t n)
{
	return malloc(n);
}

static void
json_wipe_free(void *p)
{
	if (p != NULL)
		sodium_memzero(p, malloc_usable_size(p));
	free(p);
}

enum sod_err
web_init(struct web *w, struct sys *sys, const struct web_config *cfg)
{
	enum sod_err err;

	json_set_alloc_funcs(json_alloc, json_wipe_free);
	memset(w, 0, sizeof(*w));
	w->sys = sys;
	w->cfg = *cfg;
	if (w->cfg.json_limit == 0)
		w->cfg.json_limit = DEFAULT_JSON_LIMIT;
	if (w->cfg.form_limit == 0)
		w->cfg.form_limit = DEFAULT_FORM_LIMIT;
	if ((err = i18n_init()) != SOD_OK)
		return err;
	w->login_by_addr = throttle_new(LOGIN_PER_ADDR, LOGIN_WINDOW);
	w->receipts_by_addr = throttle_new(RECEIPTS_PER_ADDR, LOGIN_WINDOW);
	w->receipt_entries_by_addr = throttle_new(ENTRIES_PER_ADDR, LOGIN_WINDOW);
	w->messages_by_addr = throttle_new(MESSAGES_PER_ADDR, 3600);
	w->clinic_by_addr = throttle_new(CLINIC_PER_ADDR, 3600);
	w->clinic_refs_by_addr = throttle_new(CLINIC_REFS_PER_ADDR, LOGIN_WINDOW);
	if (w->cfg.tips_per_hour > 0)
		w->tips_by_addr = throttle_new(w->cfg.tips_per_hour, 3600);
	return w->login_by_addr && w->receipts_by_addr && w->receipt_entries_by_addr &&
	       w->messages_by_addr && w->clinic_by_addr && w->clinic_refs_by_addr && (w->cfg.tips_per_hour <= 0 || w->tips_by_addr)
	       ? SOD_OK : SOD_ENOMEM;
}

void
web_fini(struct web *w)
{
	throttle_free(&w->login_by_addr);
	throttle_free(&w->receipts_by_addr);
	throttle_free(&w->receipt_entries_by_addr);
	throttle_free(&w->messages_by_addr);
	throttle_free(&w->tips_by_addr);
	throttle_free(&w->clinic_by_addr);
	throttle_free(&w->clinic_refs_by_addr);
	tmpl_shutdown();
	i18n_shutdown();
	public_cache_free();
}

/* ---- language ------------------------------------------------------------ */

static enum lang
pick_lang(struct req *r)
{
	const char *q = req_query(r, "lang");
	const char *c = req_cookie(r, LANG_COOKIE);
	const char *al = req_header(r, "Accept-Language");
	enum lang l;

	if (q != NULL && lang_parse(q, &l)) {
		req_set_cookie(r, LANG_COOKIE, lang_code(l), 365 * 86400);
		return l;
	}
	if (c != NULL && lang_parse(c, &l))
		return l;
	if (al != NULL) {
		/* The first tag the reader lists decides; Thai otherwise. */
		char tag[8];
		size_t n = strcspn(al, ",;");

		if (n < sizeof(tag)) {
			memcpy(tag, al, n);
			tag[n] = '\0';
			if (lang_parse(tag, &l))
				return l;
		}
	}
	return LANG_TH;
}

/* ---- answering ------------------------------------------------------------- */

json_t *
page_ctx(struct wreq *w, const char *title_key)
{
	json_t *ctx = json_object();
	char today[64];
	struct cdate d = date_of_unix(sod_now());

	date_format(today, sizeof(today), sod_now(), DATE_LONG, w->lang, false);
	json_object_set_new(ctx, "lang", json_string(lang_code(w->lang)));
	json_object_set_new(ctx, "other_lang",
	                    json_string(lang_code(w->lang == LANG_TH ? LANG_EN : LANG_TH)));
	json_object_set_new(ctx, "title", json_string(i18n_get(w->lang, title_key)));
	json_object_set_new(ctx, "today", json_string(today));
	json_object_set_new(ctx, "fiscal_year", json_integer(fiscal_year_be(d) -
	                    (w->lang == LANG_EN ? 543 : 0)));
	json_object_set_new(ctx, "fiscal_quarter", json_integer(fiscal_quarter(d)));
	if (w->has_session && w->ses.full) {
		json_t *u = json_object();

		json_object_set_new(u, "username", json_string(w->ses.username));
		json_object_set_new(u, "display_name", json_string(w->ses.display_name));
		json_object_set_new(u, "is_admin",
		                    json_boolean(auth_has_role_anywhere(&w->ses, ROLE_ADMIN)));
		json_object_set_new(u, "is_officer",
		                    json_boolean(auth_has_role_anywhere(&w->ses, ROLE_OFFICER)));
		json_object_set_new(u, "is_supervisor",
		                    json_boolean(auth_has_role_anywhere(&w->ses, ROLE_SUPERVISOR)));
		json_object_set_new(u, "is_custodian",
		                    json_boolean(auth_has_role_anywhere(&w->ses, ROLE_CUSTODIAN)));
		json_object_set_new(u, "is_clinic",
		                    json_boolean(auth_has_role_anywhere(&w->ses, ROLE_CLINIC)));
		json_object_set_new(ctx, "user", u);
	}
	if (w->has_session)
		json_object_set_new(ctx, "csrf", json_string(w->ses.csrf));
	return ctx;
}

/* The message of ?done=what when the catalogs have "done.<what>"; else NULL. */
static const char *
done_message(struct wreq *w)
{
	const char *what = req_query(w->r, "done"), *msg;
	char key[48];
	size_t n;

	if (what == NULL || (n = strlen(what)) == 0 || n > 32 ||
	    strspn(what, "abcdefghijklmnopqrstuvwxyz_") != n)
		return NULL;
	snprintf(key, sizeof(key), "done.%s", what);
	msg = i18n_get(w->lang, key);
	return strcmp(msg, key) == 0 ? NULL : msg;
}

void
web_done(struct wreq *w, const char *path, const char *what)
{
	char *to = arena_printf(w->r->arena, "%s%cdone=%s", path,
	                        strchr(path, '?') ? '&' : '?', what);

	req_redirect(w->r, to ? to : path);
}

const char *
form_date(struct wreq *w, const char *name)
{
	const char *v = form_str(w, name);
	struct cdate d;
	char *iso;

	if (v[0] == '\0' || !date_parse_input(v, strlen(v), &d))
		return v;
	iso = arena_printf(w->r->arena, "%04d-%02d-%02d", d.year, d.month, d.day);
	return iso ? iso : v;
}

bool
web_confirmed(struct wreq *w, const char *question_key, const char *detail,
              const char *back)
{
	json_t *ctx, *fields;

	if (w->route->api || strcmp(form_str(w, "confirm"), "1") == 0)
		return true;
	ctx = page_ctx(w, question_key);
	fields = json_array();
	for (size_t i = 0; i < w->r->form.n; i++) {
		const struct form_field *f = &w->r->form.fields[i];

		if (strcmp(f->name, "csrf") == 0 || strcmp(f->name, "confirm") == 0)
			continue;
		json_array_append_new(fields, json_pack("{s:s, s:s%}", "name", f->name,
		                                        "value", f->value, f->len));
	}
	json_object_set_new(ctx, "fields", fields);
	json_object_set_new(ctx, "action", json_string(w->r->path));
	json_object_set_new(ctx, "question", json_string(i18n_get(w->lang, question_key)));
	json_object_set_new(ctx, "detail", detail && detail[0] ? json_string(detail) : json_null());
	json_object_set_new(ctx, "back", json_string(back));
	page_render(w, 200, "confirm", ctx);
	return false;
}

void
page_render(struct wreq *w, int status, const char *tmpl, json_t *ctx)
{
	enum sod_err err;
	const char *flash;

	/* A page that says itself what happened (a "notice") is not doubled. */
	if (status == 200 && json_object_get(ctx, "notice") == NULL &&
	    (flash = done_message(w)) != NULL)
		json_object_set_new(ctx, "flash", json_string(flash));

	buf_free(&w->r->resp);
	buf_init(&w->r->resp, 8u << 20);
	err = tmpl_render(&w->r->resp, tmpl, ctx, w->lang);
	json_decref(ctx);
	if (err) {
		LOG_ERR("template %s: %s", tmpl, sod_strerror(err));
		buf_free(&w->r->resp);
		buf_init(&w->r->resp, 4096);
		buf_puts(&w->r->resp, i18n_get(w->lang, "error.internal"));
		req_reply(w->r, 500, "text/plain; charset=utf-8");
		return;
	}
	req_reply(w->r, status, "text/html; charset=utf-8");
}

void
json_reply(struct wreq *w, int status, json_t *obj)
{
	char *s = json_dumps(obj, JSON_COMPACT);

	json_decref(obj);
	buf_free(&w->r->resp);
	buf_init(&w->r->resp, 8u << 20);
	if (s == NULL) {
		buf_puts(&w->r->resp, "{\"error\":{\"code\":\"internal\",\"message\":\"\"}}");
		req_reply(w->r, 500, "application/json");
		return;
	}
	buf_puts(&w->r->resp, s);
	json_wipe_free(s);
	req_reply(w->r, status, "application/json");
}

static void error_reply(struct wreq *w, int status, enum sod_err err, const char *code,
                        const char *field, const char *msg);

void
web_error(struct wreq *w, enum sod_err err, const char *code, const char *field,
          const char *msg_key)
{
	char key[96];

	if (code == NULL)
		code = sod_err_code(err);
	if (msg_key == NULL) {
		snprintf(key, sizeof(key), "error.%s", code);
		msg_key = key;
	}
	error_reply(w, http_status_of(err), err, code, field, i18n_get(w->lang, msg_key));
}

void
web_error_named(struct wreq *w, const char *code, const char *field, const char *msg_key,
                const char *name)
{
	const char *msg = i18n_get(w->lang, msg_key);
	char *text = arena_printf(w->r->arena, "%s: %s", name, msg);

	error_reply(w, 400, SOD_EINVAL, code, field, text ? text : msg);
}

static void
error_reply(struct wreq *w, int status, enum sod_err err, const char *code,
            const char *field, const char *msg)
{
	if (status >= 500)
		LOG_WARN("%s %s: %s", w->r->method_name, w->r->path, sod_strerror(err));
	if (err == SOD_EBUSY)
		req_add_header(w->r, "Retry-After", "2");
	if (w->route ? w->route->api : strncmp(w->r->path, "/api/", 5) == 0) {
		json_t *e = json_pack("{s:s, s:s}", "code", code, "message", msg);

		if (field != NULL)
			json_object_set_new(e, "field", json_string(field));
		json_reply(w, status, json_pack("{s:o}", "error", e));
		return;
	}
	{
		json_t *ctx = page_ctx(w, "error.title");

		json_object_set_new(ctx, "status", json_integer(status));
		json_object_set_new(ctx, "message", json_string(msg));
		if (field != NULL)
			json_object_set_new(ctx, "field", json_string(field));
		page_render(w, status, "error", ctx);
	}
}

const char *
form_str(struct wreq *w, const char *name)
{
	const struct form_field *f = form_get(&w->r->form, name);
	struct slice s;

	if (f == NULL)
		return "";
	s = slice_trim((struct slice){f->value, f->len});
	return arena_strndup(w->r->arena, s.p, s.len) ?: "";
}

bool
field_ok(const char *value, bool required, size_t max_chars, const char **key_out)
{
	size_t n = utf8_count(value, strlen(value));

	if (n == 0 && required) {
		*key_out = "error.field.required";
		return false;
	}
	if (n > max_chars) {
		*key_out = "error.field.too_long";
		return false;
	}
	return true;
}

const char *
web_pre_token(struct wreq *w)
{
	const char *pre = req_cookie(w->r, PRE_COOKIE);
	char fresh[SEC_TOKEN_LEN + 1];

	if (pre == NULL || strlen(pre) != SEC_TOKEN_LEN) {
		sec_token_new(fresh);
		pre = arena_strdup(w->r->arena, fresh);
		req_set_cookie(w->r, PRE_COOKIE, pre ? pre : "", 3600);
	}
	return pre ? pre : "";
}

const char *
web_label(struct wreq *w, const char *prefix, const char *value)
{
	char *key = arena_printf(w->r->arena, "%s.%s", prefix, value ? value : "");

	return key ? i18n_get(w->lang, key) : "";
}

const char *
web_day_label(struct wreq *w, const char *iso)
{
	struct cdate d;
	char buf[64];

	if (iso == NULL || !date_parse_iso(iso, strlen(iso), &d))
		return "";
	date_format_cdate(buf, sizeof(buf), d, DATE_SHORT, w->lang, false);
	return arena_strdup(w->r->arena, buf) ?: "";
}

bool
web_path_id(struct wreq *w, int64_t *id)
{
	if (!str_to_i64(slice_from(w->r->captures[0]), 1, INT64_MAX, id)) {
		web_error(w, SOD_ENOTFOUND, NULL, NULL, NULL);
		return false;
	}
	return true;
}

bool
paging(struct wreq *w, int64_t *limit, int64_t *offset)
{
	const char *l = req_query(w->r, "limit"), *o = req_query(w->r, "offset");

	*limit = 50;
	*offset = 0;
	if (l != NULL && !str_to_i64(slice_from(l), 1, 200, limit)) {
		web_error(w, SOD_EINVAL, NULL, "limit", "error.field.limit");
		return false;
	}
	if (o != NULL && !str_to_i64(slice_from(o), 0, INT64_MAX / 2, offset)) {
		web_error(w, SOD_EINVAL, NULL, "offset", "error.field.offset");
		return false;
	}
	return true;
}

/* ---- the pipeline ------------------------------------------------------------- */

static struct wreq *
wreq_of(struct req *r, struct web *w)
{
	struct wreq *wr = r->user;

	if (wr == NULL) {
		wr = arena_zalloc(r->arena, sizeof(*wr));
		if (wr == NULL)
			return NULL;
		wr->r = r;
		wr->w = w;
		wr->sys = w->sys;
		wr->lang = pick_lang(r);
		wr->upload_fd = -1;
		r->user = wr;
	}
	return wr;
}

static void load_session(struct wreq *w);

/*
 * Routes that take files from signed-in users check the right to send
 * them when the headers are in, before the body is read: the rule of the
 * handler, run early. One row per such route.
 */
static const struct {
	void (*handler)(struct wreq *w);
	bool (*allowed)(struct wreq *w);   /* answers itself when false */
} early_checks[] = {
	{h_import_upload, import_upload_allowed},
	{h_guide_upload, guide_upload_allowed},
};

static bool
early_check(struct wreq *w)
{
	for (size_t i = 0; i < sizeof(early_checks) / sizeof(early_checks[0]); i++)
		if (early_checks[i].handler == w->route->handler)
			return early_checks[i].allowed(w);
	return true;
}

/*
 * The per-address limit of an anonymous route that costs the server (a
 * tip: an argon2id and up to form_limit of disk; a receipt entry: an
 * argon2id; a reporter's message), or NULL. Every attempt counts, right
 * or wrong, and it is counted when the headers are in: a refused request
 * is answered before its body is read [public-limits].
 */
static struct throttle *
public_limit(struct web *w, const struct route *rt)
{
	if (rt->method != HTTP_POST)
		return NULL;
	if (rt->handler == h_report || rt->handler == h_api_tip_create)
		return w->tips_by_addr;
	if (rt->handler == h_follow || rt->handler == h_api_receipt)
		return w->receipt_entries_by_addr;
	if (rt->handler == h_follow_message || rt->handler == h_api_receipt_message)
		return w->messages_by_addr;
	if (rt->handler == h_clinic_submit)
		return w->clinic_by_addr;
	if (rt->handler == h_clinic_answer || rt->handler == h_api_clinic_answer)
		return w->clinic_refs_by_addr;
	return NULL;
}

/* Answer 429 with Retry-After: a page in the reader's language or JSON. */
static void
refuse_throttled(struct wreq *w, int64_t retry)
{
	char *after = arena_printf(w->r->arena, "%lld", (long long)(retry > 0 ? retry : 1));

	req_add_header(w->r, "Retry-After", after ? after : "60");
	web_error(w, SOD_ETHROTTLE, NULL, NULL, "error.throttled_public");
}

static void
begin(struct req *r, void *ctx)
{
	struct web *w = ctx;
	struct wreq *wr = wreq_of(r, w);
	enum http_method m = r->method == HTTP_HEAD ? HTTP_GET : r->method;
	bool path_known = false;

	if (wr == NULL) {
		req_reply(r, 500, "text/plain; charset=utf-8");
		return;
	}
	for (size_t i = 0; i < nroutes; i++) {
		struct slice caps[ROUTER_MAX_CAPTURES];
		size_t n;

		if (!router_match(routes[i].pattern, r->path, caps, &n))
			continue;
		path_known = true;
		if (routes[i].method != m)
			continue;
		wr->route = &routes[i];
		for (size_t k = 0; k < n && k < HTTP_MAX_CAPTURES; k++)
			r->captures[k] = arena_strndup(r->arena, caps[k].p, caps[k].len);
		r->body_kind = routes[i].body;
		/* A JSON route that takes files takes them in multipart/form-data,
		 * the JSON in a part of its own (POST /api/v1/tips). */
		if (routes[i].body == BODY_JSON && routes[i].on_file != NULL &&
		    strncasecmp(r->content_type, "multipart/form-data", 19) == 0)
			r->body_kind = BODY_FORM;
		r->body_limit = r->body_kind == BODY_JSON ? w->cfg.json_limit : w->cfg.form_limit;
		r->field_limit = FIELD_LIMIT;
		r->is_public = routes[i].is_public;
		r->on_file = routes[i].on_file;
		{
			struct throttle *t = public_limit(w, &routes[i]);
			int64_t retry = 0;

			if (t != NULL && !throttle_hit(t, r->client_key, sod_now(), &retry)) {
				refuse_throttled(wr, retry);
				return;
			}
		}
		/* Files are taken while the body streams in, before finish():
		 * only from a signed-in session. */
		if (r->on_file != NULL && routes[i].access != ACC_PUBLIC) {
			load_session(wr);
			if (!wr->has_session || !wr->ses.full)
				web_error(wr, SOD_EAUTH, NULL, NULL, NULL);
			else
				(void)early_check(wr);
		}
		return;
	}
	if (path_known) {
		web_error(wr, SOD_EINVAL, "method_not_allowed", NULL, "error.method");
		r->status = 405;
	} else {
		web_error(wr, SOD_ENOTFOUND, NULL, NULL, NULL);
	}
}

/* The session from the cookie or the Authorization header, if any. */
static void
load_session(struct wreq *w)
{
	const char *auth = req_header(w->r, "Authorization");
	const char *tok = NULL;

	if (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0) {
		tok = auth + 7;
	} else if ((tok = req_cookie(w->r, SESSION_COOKIE)) != NULL) {
		w->via_cookie = true;
	}
	if (tok == NULL || auth_session(w->sys, w->r->arena, tok, &w->ses) != SOD_OK) {
		w->via_cookie = false;
		return;
	}
	w->has_session = true;
	w->token = tok;
}

void
web_session_optional(struct wreq *w)
{
	if (!w->has_session)
		load_session(w);
}

/*
 * CSRF: a cookie session must prove the form came from our page: the
 * "csrf" form field (or the X-CSRF-Token header for scripts) must equal the
 * session's token. Before sign-in the token is the pre-session cookie
 * (double submit). Bearer clients send no cookies and need none.
 */
static bool
csrf_ok(struct wreq *w)
{
	const char *sent = req_header(w->r, "X-CSRF-Token");
	const struct form_field *f = form_get(&w->r->form, "csrf");
	const char *want;

	if (f != NULL)
		sent = f->value;
	if (w->has_session && !w->via_cookie)
		return true;
	want = w->has_session ? w->ses.csrf : req_cookie(w->r, PRE_COOKIE);
	if (want == NULL || sent == NULL)
		return false;
	return str_ct_eq(sent, want);
}

static void
finish(struct req *r, void *ctx)
{
	struct web *w = ctx;
	struct wreq *wr = wreq_of(r, w);
	const struct route *rt;

	if (wr == NULL || wr->route == NULL) {
		req_reply(r, 500, "text/plain; charset=utf-8");
		return;
	}
	rt = wr->route;
	/* Public routes (filing, following a tip, static files) ignore staff
	 * sessions entirely: never read, never refreshed, and their CSRF token
	 * is the pre-session cookie even in a signed-in browser [public-no-session]. */
	if (!wr->has_session && !rt->is_public && (rt->access != ACC_PUBLIC || rt->csrf ||
	    strcmp(rt->pattern, "/") == 0 || strcmp(rt->pattern, "/login") == 0))
		load_session(wr);
	if (rt->access != ACC_PUBLIC &&
	    (!wr->has_session || (rt->access == ACC_SESSION && !wr->ses.full))) {
		if (rt->api) {
			web_error(wr, SOD_EAUTH, NULL, NULL, NULL);
		} else {
			char *next = arena_printf(r->arena, "/login?next=%s", r->path);

			req_redirect(r, wr->has_session ? "/login/totp" : next ? next : "/login");
		}
		return;
	}
	if (rt->role >= 0 && !auth_has_role_anywhere(&wr->ses, (enum role)rt->role)) {
		web_error(wr, SOD_EPERM, NULL, NULL, NULL);
		return;
	}
	if (rt->csrf && r->method == HTTP_POST && !csrf_ok(wr)) {
		web_error(wr, SOD_ECSRF, NULL, NULL, NULL);
		return;
	}
	rt->handler(wr);
}

/* After any answer of finish(): a refused request keeps no evidence file. */
static void
finish_and_clean(struct req *r, void *ctx)
{
	finish(r, ctx);
	if (r->user != NULL && (!r->answered || r->status >= 400))
		discard_uploads(r->user);
}

void
discard_uploads(struct wreq *w)
{
	for (size_t i = 0; !w->uploads_kept && i < w->nuploads; i++)
		evidence_discard(w->uploads[i]);
	w->nuploads = 0;
	w->upload_cur = NULL;
}

static void
fail(struct req *r, enum sod_err err, const char *field, void *ctx)
{
	struct wreq *wr = wreq_of(r, ctx);

	if (wr == NULL)
		return;
	/* Before the answer goes out: a client that reads it must find no
	 * trace of what it sent. */
	discard_uploads(wr);
	if (err == SOD_EINVAL && field == NULL && r->body_kind == BODY_JSON)
		web_error(wr, err, "invalid_content_type", NULL, "error.content_type");
	else if (err == SOD_EINVAL && wr->refused_key != NULL)
		web_error_named(wr, "image_refused", "file", wr->refused_key,
		                wr->refused_file ? wr->refused_file : "");
	else
		web_error(wr, err, NULL, field, NULL);
}

static void
done(struct req *r, void *ctx)
{
	struct wreq *wr = r->user;

	(void)ctx;
	if (wr != NULL && wr->upload_fd >= 0) {
		close(wr->upload_fd);
		wr->upload_fd = -1;
	}
	/* Evidence of a tip that was not filed is removed (a safety net: the
	 * handlers remove it before they answer). */
	if (wr != NULL)
		discard_uploads(wr);
}

struct http_handlers
web_handlers(struct web *w)
{
	return (struct http_handlers){
		.begin = begin,
		.finish = finish_and_clean,
		.fail = fail,
		.done = done,
		.ctx = w,
	};
}

void
h_healthz(struct wreq *w)
{
	buf_puts(&w->r->resp, "ok");
	req_reply(w->r, 200, "text/plain; charset=utf-8");
}

void
h_static(struct wreq *w)
{
	http_static(w->r, w->r->captures[0]);
}
