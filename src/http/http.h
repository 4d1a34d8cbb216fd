/*
 * http.h — Sodsong's HTTP server over libmicrohttpd.
 *
 * http/ owns the connection: it bounds and parses the request, checks
 * every text it hands on (UTF-8, no NUL, length), adds the security
 * headers to every response and logs one line per request — never the
 * client's address or user agent. What a request means is the business of
 * the two callbacks that web/ gives it:
 *
 *   begin(req)   headers are in, no body yet: choose the route, the body
 *                kind and limit (req->body_kind, req->body_limit); may
 *                answer at once (a 404 needs no body).
 *   finish(req)  the body is complete and parsed: answer.
 *
 * Every request has an arena (capped, wiped and freed when the response is
 * sent); everything in struct req lives in it.
 */
#ifndef SOD_HTTP_HTTP_H
#define SOD_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/form.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

enum http_method {
	HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_DELETE, HTTP_OTHER
};

enum body_kind {
	BODY_NONE,  /* a body is refused (413 if one comes) */
	BODY_JSON,  /* application/json, kept whole in req->body */
	BODY_FORM,  /* urlencoded or multipart; fields in req->form */
};

#define HTTP_MAX_CAPTURES 4
#define HTTP_MAX_HEADERS  16

struct req;

/*
 * A response body given piece by piece (evidence files: never whole in
 * memory). read writes at most max bytes into buf and returns how many, or
 * HTTP_READ_END at the end, or HTTP_READ_ERROR to cut the response short
 * (the client sees an incomplete chunked body). free releases ctx; it is
 * called exactly once, whether the response was sent or not.
 */
#define HTTP_READ_END   (-1)
#define HTTP_READ_ERROR (-2)
typedef long (*http_read_fn)(void *ctx, uint64_t pos, char *buf, size_t max);
typedef void (*http_free_fn)(void *ctx);

/*
 * A route may take files in multipart bodies: http/ calls this for every
 * chunk of a file part (see form.h); without it a file part is refused.
 */
typedef enum sod_err (*http_file_fn)(struct req *r, const struct multipart_file *f,
                                     const char *data, size_t len, bool last);

struct req {
	struct arena *arena;
	enum http_method method;
	const char *method_name;
	const char *path;          /* decoded, checked UTF-8 */
	const char *content_type;  /* "" if none */
	const char *client_key;    /* keyed hash of the client address (throttling
	                              only: never stored or logged) */
	bool behind_tls;

	/* set by begin() */
	enum body_kind body_kind;
	size_t body_limit;
	size_t field_limit;        /* max bytes of one form field */
	http_file_fn on_file;
	void *route;               /* web/'s route, opaque here */
	const char *captures[HTTP_MAX_CAPTURES];
	bool is_public;            /* access log omits the path */

	/* the body, once complete */
	char *body;                /* BODY_JSON: NUL-terminated, checked UTF-8 */
	size_t body_len;
	struct form form;          /* BODY_FORM: text fields, each checked */

	/* per-request data of web/ */
	void *user;

	/* the response */
	int status;
	const char *resp_type;
	struct buf resp;
	const char *resp_headers[HTTP_MAX_HEADERS][2];
	int nresp_headers;
	bool cacheable;            /* static assets: allow caching */
	http_read_fn stream_read;  /* a streamed body instead of resp (req_reply_stream) */
	http_free_fn stream_free;
	void *stream_ctx;
	bool answered;

	void *impl;                /* server.c's connection state */
};

struct http_config {
	const char *address;       /* "127.0.0.1" */
	uint16_t port;
	int threads;               /* 0: twice the cores */
	bool behind_tls;           /* HSTS and Secure cookies */
	size_t arena_cap;          /* per-request memory cap */
	int timeout;               /* idle connection timeout, seconds */
	bool trust_proxy;          /* take the client address from X-Real-IP
	                              (set only behind a reverse proxy) */
	const char *font_dir;      /* where /static/fonts/ is served from */
};

struct http_handlers {
	void (*begin)(struct req *r, void *ctx);
	void (*finish)(struct req *r, void *ctx);
	/*
	 * http/ refused the request before web/ could answer it (bad path or
	 * query text, body too large, malformed body): render the error.
	 */
	void (*fail)(struct req *r, enum sod_err err, const char *field, void *ctx);
	/* Called once per request after the response, to release r->user. */
	void (*done)(struct req *r, void *ctx);
	void *ctx;
};

struct http_server;

enum sod_err http_start(const struct http_config *cfg, const struct http_handlers *h,
                        struct http_server **out);

/* The port actually bound (when cfg->port was 0). */
uint16_t http_port(const struct http_server *s);

/*
 * Stop accepting, wait up to grace_ms for requests in flight to finish,
 * then stop; sets *s to NULL.
 */
void http_stop(struct http_server **s, int grace_ms);

/* ---- reading the request ------------------------------------------------- */

/* A query-string argument (checked UTF-8), or NULL. */
const char *req_query(struct req *r, const char *name);
/* A request header, or NULL. */
const char *req_header(struct req *r, const char *name);
/* A cookie, or NULL. */
const char *req_cookie(struct req *r, const char *name);
/* A form field from the body, or NULL. */
const char *req_form(struct req *r, const char *name);

/* ---- answering ----------------------------------------------------------- */

/* Add a response header (name and value must outlive the request). */
void req_add_header(struct req *r, const char *name, const char *value);

/*
 * Set a cookie: HttpOnly, SameSite=Strict, Path=/, Secure behind TLS.
 * max_age < 0 for a session cookie, 0 to delete it.
 */
void req_set_cookie(struct req *r, const char *name, const char *value, int max_age);

/* Answer with status and r->resp as body, of content type ctype. */
void req_reply(struct req *r, int status, const char *ctype);

/* Answer with a body streamed from read (see http_read_fn); ctx is
 * released with free_fn once, in every case. */
void req_reply_stream(struct req *r, int status, const char *ctype, http_read_fn read,
                      http_free_fn free_fn, void *ctx);

/* Answer with a redirect (303 See Other) to a local path. */
void req_redirect(struct req *r, const char *location);

/* Serve an embedded asset or a font file, with ETag; 404 if none. */
void http_static(struct req *r, const char *rel);

/* The HTTP status for an error (one table for the whole program). */
int http_status_of(enum sod_err err);

#endif
