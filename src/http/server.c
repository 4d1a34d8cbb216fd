/*
 * server.c — the request lifecycle over libmicrohttpd 0.9.75.
 *
 * MHD calls access_cb several times per request: once when the headers are
 * in (we allocate the request, check path and query, let web/ choose the
 * route and its body limit), once per chunk of body (bounded, parsed as it
 * streams), and once at the end (web/ answers). Two facts shape it:
 *
 *  - A connection stays alive only if the first call returns MHD_YES
 *    without a response; so normal answers are queued on a later call.
 *    A refusal before the body (413 on Content-Length) is queued at once,
 *    which also closes the connection instead of reading the rest.
 *  - Handlers may block (argon2id, fsync), so the pool has more threads
 *    than cores (twice, by default): a slow hash holds one thread, and
 *    the gate in crypto/sec.h keeps at most as many running as there
 *    are cores, so some threads are always free for other pages.
 *
 * Every response gets the security headers here; handlers cannot forget.
 * The access log has no client address or user agent, ever; for public
 * routes (tips) it keeps the day, not the time.
 */
#include "http/http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "text/utf8.h"
#include "util/log.h"
#include "util/str.h"

#define RESP_MAX     (8u << 20)
#define QUERY_MAX    2048       /* bytes of one query value */
#define PATH_MAX_LEN 1024
#define DISCARD_MAX  (64u << 20)

struct http_server {
	struct MHD_Daemon *d;
	struct http_config cfg;
	struct http_handlers h;
	unsigned char salt[32];     /* for client keys; new every start */
	uint16_t port;
};

struct conn {
	struct req req;
	struct http_server *srv;
	struct MHD_Connection *c;
	struct buf body;
	struct multipart *mp;
	struct timespec start;
	enum sod_err fail;          /* refused by http/ itself */
	const char *fail_field;
	bool queued;
	size_t received;
	size_t discarded;          /* bytes of a refused body read and dropped */
};

static const char csp[] =
	"default-src 'none'; script-src 'self'; style-src 'self'; "
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; "
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/* ---- small helpers ------------------------------------------------------- */

static enum http_method
method_of(const char *m)
{
	static const struct { const char *name; enum http_method m; } t[] = {
		{"GET", HTTP_GET}, {"HEAD", HTTP_HEAD}, {"POST", HTTP_POST},
		{"PUT", HTTP_PUT}, {"DELETE", HTTP_DELETE},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(m, t[i].name) == 0)
			return t[i].m;
	return HTTP_OTHER;
}

static void
client_key(struct conn *cs, char out[33])
{
	const union MHD_ConnectionInfo *ci;
	unsigned char h[16];
	const void *addr = "";
	size_t len = 0;
	const char *real = NULL;

	if (cs->srv->cfg.trust_proxy)
		real = MHD_lookup_connection_value(cs->c, MHD_HEADER_KIND, "X-Real-IP");
	if (real != NULL) {
		addr = real;
		len = strnlen(real, 64);
	} else if ((ci = MHD_get_connection_info(cs->c,
	                MHD_CONNECTION_INFO_CLIENT_ADDRESS)) != NULL &&
	           ci->client_addr != NULL) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET) {
			addr = &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
			len = 4;
		} else if (sa->sa_family == AF_INET6) {
			addr = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
			len = 16;
		}
	}
	crypto_generichash(h, sizeof(h), addr, len, cs->srv->salt, sizeof(cs->srv->salt));
	sodium_bin2hex(out, 33, h, sizeof(h));
}

struct query_check {
	enum sod_err err;
	const char *field;
	struct arena *a;
};

static enum MHD_Result
check_query_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct query_check *qc = cls;
	enum sod_err err;

	(void)kind;
	err = text_check(key, strlen(key), FORM_MAX_NAME, 0, false);
	if (!err && value != NULL)
		err = text_check(value, strlen(value), QUERY_MAX, 0, false);
	if (err) {
		qc->err = err == SOD_ETOOBIG ? SOD_EINVAL : err;
		qc->field = arena_strndup(qc->a, key, strnlen(key, FORM_MAX_NAME));
		return MHD_NO;
	}
	return MHD_YES;
}

/* ---- reading the request ------------------------------------------------- */

const char *
req_query(struct req *r, const char *name)
{
	struct conn *cs = r->impl;

	return MHD_lookup_connection_value(cs->c, MHD_GET_ARGUMENT_KIND, name);
}

const char *
req_header(struct req *r, const char *name)
{
	struct conn *cs = r->impl;

	return MHD_lookup_connection_value(cs->c, MHD_HEADER_KIND, name);
}

const char *
req_cookie(struct req *r, const char *name)
{
	struct conn *cs = r->impl;

	return MHD_lookup_connection_value(cs->c, MHD_COOKIE_KIND, name);
}

const char *
req_form(struct req *r, const char *name)
{
	const struct form_field *f = form_get(&r->form, name);

	return f ? f->value : NULL;
}

/* ---- answering ----------------------------------------------------------- */

void
req_add_header(struct req *r, const char *name, const char *value)
{
	if (r->nresp_headers >= HTTP_MAX_HEADERS) {
		LOG_ERR("too many response headers");
		return;
	}
	r->resp_headers[r->nresp_headers][0] = name;
	r->resp_headers[r->nresp_headers][1] = value;
	r->nresp_headers++;
}

void
req_set_cookie(struct req *r, const char *name, const char *value, int max_age)
{
	char *c;

	if (max_age >= 0)
		c = arena_printf(r->arena, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
		                 name, value, max_age, r->behind_tls ? "; Secure" : "");
	else
		c = arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
		                 name, value, r->behind_tls ? "; Secure" : "");
	if (c != NULL)
		req_add_header(r, MHD_HTTP_HEADER_SET_COOKIE, c);
}

void
req_reply(struct req *r, int status, const char *ctype)
{
	r->status = status;
	r->resp_type = ctype;
	r->answered = true;
}

void
req_redirect(struct req *r, const char *location)
{
	/* Only local paths: an open redirect would help phishing. */
	if (location[0] != '/' || location[1] == '/' || location[1] == '\\')
		location = "/";
	req_add_header(r, MHD_HTTP_HEADER_LOCATION, location);
	buf_free(&r->resp);
	req_reply(r, 303, "text/plain; charset=utf-8");
}

static void
access_log(struct conn *cs, size_t bytes)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (now.tv_sec - cs->start.tv_sec) * 1000 +
	     (now.tv_nsec - cs->start.tv_nsec) / 1000000;
	if (cs->req.is_public) {
		/* Public routes: no time finer than the day (a tip's timing can
		 * identify its reporter), no duration. */
		time_t t = time(NULL);
		struct tm tm;
		char line[256];
		int n;

		gmtime_r(&t, &tm);
		n = snprintf(line, sizeof(line), "%04d-%02d-%02d access %s %.100s %d\n",
		             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		             cs->req.method_name, cs->req.path, cs->req.status);
		if (n > 0)
			(void)!write(STDERR_FILENO, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
		return;
	}
	LOG_INFO("access %s %.200s %d %ldms %zuB", cs->req.method_name, cs->req.path,
	         cs->req.status, ms, bytes);
}

static enum MHD_Result
queue(struct conn *cs)
{
	struct req *r = &cs->req;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len;
	char *body;

	if (cs->queued)
		return MHD_YES;
	if (!r->answered || buf_failed(&r->resp)) {
		if (r->answered)
			LOG_ERR("response too large for %s", r->path);
		buf_free(&r->resp);
		buf_puts(&r->resp, "500 Internal Server Error\n");
		r->status = 500;
		r->resp_type = "text/plain; charset=utf-8";
		r->nresp_headers = 0;
	}
	body = buf_steal(&r->resp, &len);
	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->resp_type);
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy",
	                        "camera=(), microphone=(), geolocation=(), interest-cohort=()");
	if (r->behind_tls)
		MHD_add_response_header(resp, "Strict-Transport-Security",
		                        "max-age=31536000; includeSubDomains");
	if (!r->cacheable)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	for (int i = 0; i < r->nresp_headers; i++)
		MHD_add_response_header(resp, r->resp_headers[i][0], r->resp_headers[i][1]);
	ret = MHD_queue_response(cs->c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	cs->queued = true;
	access_log(cs, len);
	return ret;
}

/* http/ refuses the request itself: let web/ render the error, then queue. */
static enum MHD_Result
refuse(struct conn *cs, enum sod_err err, const char *field)
{
	struct req *r = &cs->req;

	buf_free(&r->resp);
	buf_init(&r->resp, RESP_MAX);
	r->nresp_headers = 0;
	r->answered = false;
	cs->srv->h.fail(r, err, field, cs->srv->h.ctx);
	if (!r->answered) {
		buf_puts(&r->resp, "error\n");
		req_reply(r, http_status_of(err), "text/plain; charset=utf-8");
	}
	return queue(cs);
}

/* ---- the body -------------------------------------------------------------- */

static bool
is_type(const char *ct, const char *want)
{
	size_t n = strlen(want);

	return strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static enum sod_err
on_file(const struct multipart_file *f, const char *data, size_t len, bool last,
        void *ctx)
{
	struct conn *cs = ctx;

	if (cs->req.on_file == NULL) {
		cs->fail_field = arena_strdup(cs->req.arena, f->field);
		return SOD_EINVAL;
	}
	return cs->req.on_file(&cs->req, f, data, len, last);
}

static enum sod_err
body_begin(struct conn *cs)
{
	struct req *r = &cs->req;

	if (r->body_kind == BODY_FORM && is_type(r->content_type, "multipart/form-data")) {
		const char *b = multipart_boundary(r->arena, r->content_type);

		if (b == NULL)
			return SOD_EINVAL;
		cs->mp = multipart_new(r->arena, b, r->field_limit, on_file, cs);
		return cs->mp ? SOD_OK : SOD_ENOMEM;
	}
	if (r->body_kind == BODY_FORM &&
	    !is_type(r->content_type, "application/x-www-form-urlencoded"))
		return SOD_EINVAL;
	if (r->body_kind == BODY_JSON && !is_type(r->content_type, "application/json"))
		return SOD_EINVAL;
	buf_init(&cs->body, r->body_limit);
	return SOD_OK;
}

static enum sod_err
body_chunk(struct conn *cs, const char *data, size_t len)
{
	struct req *r = &cs->req;

	if (r->body_kind == BODY_NONE || len > r->body_limit - cs->received)
		return SOD_ETOOBIG;
	cs->received += len;
	if (cs->mp != NULL)
		return multipart_feed(cs->mp, data, len);
	buf_append(&cs->body, data, len);
	return buf_failed(&cs->body) ? SOD_ETOOBIG : SOD_OK;
}

/* Every form field passes text_check before any handler sees it. */
static enum sod_err
check_fields(struct conn *cs)
{
	struct form *f = &cs->req.form;

	for (size_t i = 0; i < f->n; i++) {
		enum sod_err err = text_check(f->fields[i].value, f->fields[i].len,
		                              cs->req.field_limit, 0, true);

		if (!err)
			err = text_check(f->fields[i].name, strlen(f->fields[i].name),
			                 FORM_MAX_NAME, 0, false);
		if (err) {
			cs->fail_field = f->fields[i].name;
			return err;
		}
	}
	return SOD_OK;
}

static enum sod_err
body_finish(struct conn *cs)
{
	struct req *r = &cs->req;
	enum sod_err err;
	size_t len;

	if (r->body_kind == BODY_NONE)
		return SOD_OK;
	if (cs->mp != NULL) {
		if ((err = multipart_finish(cs->mp, &r->form)) != SOD_OK)
			return err;
		return check_fields(cs);
	}
	if (buf_failed(&cs->body))
		return SOD_ETOOBIG;
	r->body = buf_steal(&cs->body, &len);
	r->body_len = len;
	if (r->body_kind == BODY_JSON) {
		if (!utf8_valid(r->body, len) || memchr(r->body, '\0', len) != NULL)
			return SOD_EUTF8;
		return SOD_OK;
	}
	if ((err = form_parse_urlencoded(r->arena, r->body, len, r->field_limit, &r->form)))
		return err;
	return check_fields(cs);
}

/* ---- the lifecycle --------------------------------------------------------- */

static struct conn *
conn_new(struct http_server *s, struct MHD_Connection *c, const char *url,
         const char *method)
{
	struct conn *cs = calloc(1, sizeof(*cs));
	struct req *r;
	const char *ct;
	char key[33];

	if (cs == NULL)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &cs->start);
	cs->srv = s;
	cs->c = c;
	r = &cs->req;
	r->impl = cs;
	r->arena = arena_new(s->cfg.arena_cap);
	if (r->arena == NULL) {
		free(cs);
		return NULL;
	}
	r->method = method_of(method);
	r->method_name = r->method == HTTP_OTHER ? "OTHER" : method;
	r->behind_tls = s->cfg.behind_tls;
	r->field_limit = 64 * 1024;
	r->status = 500;
	buf_init(&r->resp, RESP_MAX);
	ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	r->content_type = arena_strdup(r->arena, ct ? ct : "");
	client_key(cs, key);
	r->client_key = arena_strdup(r->arena, key);
	if (strlen(url) > PATH_MAX_LEN || !utf8_valid(url, strlen(url))) {
		r->path = "/";
		cs->fail = strlen(url) > PATH_MAX_LEN ? SOD_ETOOBIG : SOD_EUTF8;
	} else {
		r->path = arena_strdup(r->arena, url);
	}
	if (r->content_type == NULL || r->client_key == NULL || r->path == NULL) {
		arena_free(&r->arena);
		free(cs);
		return NULL;
	}
	return cs;
}

static enum MHD_Result
first_call(struct http_server *s, struct conn *cs)
{
	struct req *r = &cs->req;
	struct query_check qc = {SOD_OK, NULL, r->arena};
	const char *cl;
	int64_t clen;

	if (cs->fail)
		return cs->fail == SOD_ETOOBIG ? refuse(cs, SOD_EINVAL, NULL)
		                               : refuse(cs, cs->fail, NULL);
	MHD_get_connection_values(cs->c, MHD_GET_ARGUMENT_KIND, check_query_arg, &qc);
	if (qc.err) {
		cs->fail = qc.err;
		cs->fail_field = qc.field;
		return MHD_YES;  /* answered on a later call: keeps the connection */
	}
	s->h.begin(r, s->h.ctx);
	cl = MHD_lookup_connection_value(cs->c, MHD_HEADER_KIND,
	                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (r->answered) {
		/* Answered without a body (404, 405): if one follows, answer now
		 * and close rather than read it; otherwise keep the connection. */
		bool body = MHD_lookup_connection_value(cs->c, MHD_HEADER_KIND,
		                MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL ||
		            (cl != NULL && strcmp(cl, "0") != 0);

		return body ? queue(cs) : MHD_YES;
	}
	if (cl != NULL && str_to_i64(slice_from(cl), 0, INT64_MAX, &clen) &&
	    (uint64_t)clen > (r->body_kind == BODY_NONE ? 0 : r->body_limit))
		return refuse(cs, SOD_ETOOBIG, NULL);
	if (r->body_kind != BODY_NONE && (cs->fail = body_begin(cs)) != SOD_OK)
		return MHD_YES;
	return MHD_YES;
}

static enum MHD_Result
access_cb(void *cls, struct MHD_Connection *c, const char *url, const char *method,
          const char *version, const char *upload_data, size_t *upload_data_size,
          void **con_cls)
{
	struct http_server *s = cls;
	struct conn *cs = *con_cls;
	enum sod_err err;

	(void)version;
	if (cs == NULL) {
		cs = conn_new(s, c, url, method);
		if (cs == NULL)
			return MHD_NO;
		*con_cls = cs;
		return first_call(s, cs);
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;

		*upload_data_size = 0;
		/*
		 * libmicrohttpd 0.9.75 cannot queue a response while a body is
		 * being read. A body that is refused (already answered, or over
		 * its limit without a Content-Length) is read and dropped, and
		 * answered at its end; past DISCARD_MAX the connection is cut.
		 */
		if (cs->req.answered || cs->fail) {
			cs->discarded += n;
			return cs->discarded > DISCARD_MAX ? MHD_NO : MHD_YES;
		}
		if ((err = body_chunk(cs, upload_data, n)) != SOD_OK)
			cs->fail = err;
		return MHD_YES;
	}
	if (cs->queued)
		return MHD_YES;
	if (cs->fail)
		return refuse(cs, cs->fail, cs->fail_field);
	if (!cs->req.answered) {
		if ((err = body_finish(cs)) != SOD_OK)
			return refuse(cs, err, cs->fail_field);
		s->h.finish(&cs->req, s->h.ctx);
	}
	return queue(cs);
}

static void
completed_cb(void *cls, struct MHD_Connection *c, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
	struct http_server *s = cls;
	struct conn *cs = *con_cls;

	(void)c;
	(void)toe;
	if (cs == NULL)
		return;
	if (s->h.done != NULL)
		s->h.done(&cs->req, s->h.ctx);
	buf_free(&cs->req.resp);
	buf_free(&cs->body);
	if (cs->req.body != NULL) {
		sodium_memzero(cs->req.body, cs->req.body_len);
		free(cs->req.body);
	}
	arena_free(&cs->req.arena);
	free(cs);
	*con_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	LOG_WARN("libmicrohttpd: %s", msg);
}

enum sod_err
http_start(const struct http_config *cfg, const struct http_handlers *h,
           struct http_server **out)
{
	struct http_server *s = calloc(1, sizeof(*s));
	struct sockaddr_in sin;
	const union MHD_DaemonInfo *di;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads;

	if (s == NULL)
		return SOD_ENOMEM;
	s->cfg = *cfg;
	s->h = *h;
	randombytes_buf(s->salt, sizeof(s->salt));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(cfg->port);
	if (inet_pton(AF_INET, cfg->address, &sin.sin_addr) != 1) {
		free(s);
		return SOD_EINVAL;
	}
	threads = cfg->threads > 0 ? (unsigned)cfg->threads
	                           : (unsigned)(cores > 0 ? cores * 2 : 2);
	s->d = MHD_start_daemon(
	    MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG,
	    0, NULL, NULL, access_cb, s,
	    /* The logger first: libmicrohttpd warns about (and may log
	     * through its default logger for) any option before it. */
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(cfg->timeout > 0 ? cfg->timeout : 30),
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
	    MHD_OPTION_CONNECTION_LIMIT, 1000u,
	    MHD_OPTION_NOTIFY_COMPLETED, completed_cb, s,
	    MHD_OPTION_END);
	if (s->d == NULL) {
		free(s);
		return SOD_EIO;
	}
	di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : cfg->port;
	*out = s;
	return SOD_OK;
}

uint16_t
http_port(const struct http_server *s)
{
	return s->port;
}

void
http_stop(struct http_server **sp, int grace_ms)
{
	struct http_server *s;
	MHD_socket fd;

	if (sp == NULL || *sp == NULL)
		return;
	s = *sp;
	fd = MHD_quiesce_daemon(s->d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	for (int waited = 0; waited < grace_ms; waited += 20) {
		const union MHD_DaemonInfo *di =
		    MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);

		if (di == NULL || di->num_connections == 0)
			break;
		usleep(20 * 1000);
	}
	MHD_stop_daemon(s->d);
	free(s);
	*sp = NULL;
}

const char *
http_font_dir(const struct req *r)
{
	const struct conn *cs = r->impl;

	return cs->srv->cfg.font_dir ? cs->srv->cfg.font_dir : "/usr/share/fonts/woff/tlwg";
}
