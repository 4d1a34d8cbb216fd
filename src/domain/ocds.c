/*
 * ocds.c — the streamed OCDS reader and the release merge (see ocds.h).
 *
 * yajl parses with multiple top-level values allowed, so one parser reads
 * a package, a single release or JSON Lines. While it parses, a small
 * builder turns the events into jansson values: the top-level object is
 * built as it comes, except that the elements of its "releases" or
 * "records" array are built one at a time and handed over as soon as each
 * is complete; such a top-level object is a package and is dropped at its
 * end, any other top-level object is a release. A line count is kept per
 * chunk so that errors can name their line.
 */
#include "domain/ocds.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include <yajl/yajl_parse.h>

#include "text/date.h"

#define OCDS_MAX_DEPTH 64

struct ocds_reader {
	yajl_handle h;
	ocds_item_fn fn;
	void *ctx;
	int depth;                      /* containers open */
	json_t *stack[OCDS_MAX_DEPTH];  /* containers being built */
	char *keys[OCDS_MAX_DEPTH];     /* the pending key of each object */
	int sp;
	int stream_depth;               /* depth inside the streamed array, or 0 */
	int pending_stream;             /* the last top-level key: 1 releases, 2 records */
	int stream_kind;
	bool top_is_package;
	bool nonblank;                  /* anything but white space was fed */
	size_t index;                   /* element of the streamed array */
	const char *chunk;              /* current chunk, for line numbers */
	size_t chunk_len;
	size_t lines_before;
	struct ocds_error *e;
	enum sod_err err;
};

static size_t
reader_line(struct ocds_reader *r)
{
	size_t at = r->h ? yajl_get_bytes_consumed(r->h) : 0, n = r->lines_before + 1;

	if (at > r->chunk_len)
		at = r->chunk_len;
	for (size_t i = 0; i < at; i++)
		n += r->chunk[i] == '\n';
	/* Consumed bytes end just after the token: a newline right after it
	 * belongs to the next line. */
	if (at > 0 && r->chunk[at - 1] == '\n')
		n--;
	return n;
}

static int
fail(struct ocds_reader *r, const char *field, const char *msg)
{
	r->err = SOD_EINVAL;
	r->e->line = reader_line(r);
	str_lcpy(r->e->field, field, sizeof(r->e->field));
	str_lcpy(r->e->message, msg, sizeof(r->e->message));
	return 0;
}

static const char *
stream_name(const struct ocds_reader *r)
{
	return r->stream_kind == 2 ? "records" : "releases";
}

static int
emit(struct ocds_reader *r, enum ocds_kind kind, json_t *obj)
{
	enum sod_err err;

	r->e->line = 0;
	r->e->field[0] = r->e->message[0] = '\0';
	err = r->fn(r->ctx, kind, obj, r->e);
	if (err) {
		r->err = err;
		if (r->e->line == 0)
			r->e->line = reader_line(r);
		return 0;
	}
	return 1;
}

/* Attach v (a new reference) where the builder stands. */
static int
add_value(struct ocds_reader *r, json_t *v)
{
	json_t *parent;
	int rc;

	if (v == NULL)
		return fail(r, "", "out of memory");
	if (r->depth == 0 || r->depth == r->stream_depth) {
		json_decref(v);
		if (r->depth == 0)
			return fail(r, "", "the file must hold JSON objects (releases or a package)");
		char f[64];

		snprintf(f, sizeof(f), "%s[%zu]", stream_name(r), r->index);
		return fail(r, f, "not an object");
	}
	parent = r->stack[r->sp - 1];
	if (json_is_object(parent)) {
		rc = json_object_set_new(parent, r->keys[r->sp - 1], v);
		free(r->keys[r->sp - 1]);
		r->keys[r->sp - 1] = NULL;
	} else {
		rc = json_array_append_new(parent, v);
	}
	return rc == 0 ? 1 : fail(r, "", "out of memory");
}

static int
on_null(void *ctx)
{
	return add_value(ctx, json_null());
}

static int
on_bool(void *ctx, int b)
{
	return add_value(ctx, json_boolean(b));
}

static int
on_number(void *ctx, const char *s, size_t n)
{
	char buf[64];
	bool real = false;

	if (n >= sizeof(buf))
		return fail(ctx, "", "a number is too long");
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (size_t i = 0; i < n; i++)
		real |= buf[i] == '.' || buf[i] == 'e' || buf[i] == 'E';
	if (!real) {
		char *end;
		long long v = strtoll(buf, &end, 10);

		if (*end == '\0' && v != LLONG_MAX && v != LLONG_MIN)
			return add_value(ctx, json_integer(v));
	}
	return add_value(ctx, json_real(strtod(buf, NULL)));
}

static int
on_string(void *ctx, const unsigned char *s, size_t n)
{
	return add_value(ctx, json_stringn((const char *)s, n));
}

static int
push(struct ocds_reader *r, json_t *c)
{
	if (r->sp >= OCDS_MAX_DEPTH) {
		json_decref(c);
		return fail(r, "", "nested too deeply");
	}
	r->stack[r->sp] = c;
	r->keys[r->sp] = NULL;
	r->sp++;
	return 1;
}

static int
on_start_map(void *ctx)
{
	struct ocds_reader *r = ctx;
	json_t *o = json_object();

	if (o == NULL)
		return fail(r, "", "out of memory");
	if (r->depth >= OCDS_MAX_DEPTH - 1) {
		json_decref(o);
		return fail(r, "", "nested too deeply");
	}
	if (r->depth == 0) {
		r->top_is_package = false;
	} else if (r->depth != r->stream_depth) {
		/* Nested: attach now (one more reference stays on the stack). */
		if (!add_value(r, json_incref(o))) {
			json_decref(o);
			return 0;
		}
	}
	r->depth++;
	return push(r, o);
}

static int
on_key(void *ctx, const unsigned char *k, size_t n)
{
	struct ocds_reader *r = ctx;

	if (memchr(k, '\0', n) != NULL)
		return fail(r, "", "a key holds a NUL character");
	free(r->keys[r->sp - 1]);
	/* Not strndup: k is not NUL-terminated, and strndup may look past n. */
	if ((r->keys[r->sp - 1] = malloc(n + 1)) == NULL)
		return fail(r, "", "out of memory");
	memcpy(r->keys[r->sp - 1], k, n);
	r->keys[r->sp - 1][n] = '\0';
	r->pending_stream = 0;
	if (r->depth == 1 && n == 8 && memcmp(k, "releases", 8) == 0)
		r->pending_stream = 1;
	else if (r->depth == 1 && n == 7 && memcmp(k, "records", 7) == 0)
		r->pending_stream = 2;
	return 1;
}

static int
on_end_map(void *ctx)
{
	struct ocds_reader *r = ctx;
	json_t *o = r->stack[--r->sp];
	int rc = 1;

	free(r->keys[r->sp]);
	r->keys[r->sp] = NULL;
	r->depth--;
	if (r->depth == 0) {
		if (!r->top_is_package)
			return emit(r, OCDS_RELEASE, o);
		json_decref(o);
	} else if (r->depth == r->stream_depth) {
		rc = emit(r, r->stream_kind == 2 ? OCDS_RECORD : OCDS_RELEASE, o);
		r->index++;
	} else {
		json_decref(o);  /* the parent holds it */
	}
	return rc;
}

static int
on_start_array(void *ctx)
{
	struct ocds_reader *r = ctx;
	json_t *a;

	if (r->depth == 1 && r->pending_stream) {
		/* A package's releases or records: streamed, not built. */
		free(r->keys[r->sp - 1]);
		r->keys[r->sp - 1] = NULL;
		r->stream_kind = r->pending_stream;
		r->pending_stream = 0;
		r->top_is_package = true;
		r->index = 0;
		r->depth++;
		r->stream_depth = r->depth;
		return 1;
	}
	if (r->depth >= OCDS_MAX_DEPTH - 1)
		return fail(r, "", "nested too deeply");
	if ((a = json_array()) == NULL)
		return fail(r, "", "out of memory");
	if (!add_value(r, json_incref(a))) {
		json_decref(a);
		return 0;
	}
	r->depth++;
	return push(r, a);
}

static int
on_end_array(void *ctx)
{
	struct ocds_reader *r = ctx;

	if (r->depth == r->stream_depth) {
		r->stream_depth = 0;
		r->depth--;
		return 1;
	}
	r->depth--;
	json_decref(r->stack[--r->sp]);
	return 1;
}

static const yajl_callbacks callbacks = {
	on_null, on_bool, NULL, NULL, on_number, on_string,
	on_start_map, on_key, on_end_map, on_start_array, on_end_array,
};

struct ocds_reader *
ocds_reader_new(ocds_item_fn fn, void *ctx)
{
	struct ocds_reader *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->fn = fn;
	r->ctx = ctx;
	if ((r->h = yajl_alloc(&callbacks, NULL, r)) == NULL) {
		free(r);
		return NULL;
	}
	yajl_config(r->h, yajl_allow_multiple_values, 1);
	return r;
}

void
ocds_reader_free(struct ocds_reader **rp)
{
	struct ocds_reader *r;

	if (rp == NULL || *rp == NULL)
		return;
	r = *rp;
	while (r->sp > 0) {
		r->sp--;
		free(r->keys[r->sp]);
		/* Each entry holds a reference of its own (nested ones also hang
		 * in their parent). */
		json_decref(r->stack[r->sp]);
	}
	yajl_free(r->h);
	free(r);
	*rp = NULL;
}

static enum sod_err
parse_status(struct ocds_reader *r, yajl_status st, const char *buf, size_t n)
{
	if (st == yajl_status_ok)
		return SOD_OK;
	if (st == yajl_status_client_canceled || r->err)
		return r->err ? r->err : SOD_EINVAL;
	{
		unsigned char *msg = yajl_get_error(r->h, 0, (const unsigned char *)buf, n);
		size_t len;

		r->e->line = reader_line(r);
		r->e->field[0] = '\0';
		snprintf(r->e->message, sizeof(r->e->message), "not valid JSON: %s",
		         msg ? (const char *)msg : "?");
		len = strlen(r->e->message);
		while (len > 0 && (r->e->message[len - 1] == '\n' || r->e->message[len - 1] == ' '))
			r->e->message[--len] = '\0';
		if (msg)
			yajl_free_error(r->h, msg);
	}
	r->err = SOD_EINVAL;
	return SOD_EINVAL;
}

enum sod_err
ocds_reader_feed(struct ocds_reader *r, const char *buf, size_t n, struct ocds_error *e)
{
	enum sod_err err;

	if (r->err)
		return r->err;
	r->e = e;
	r->chunk = buf;
	r->chunk_len = n;
	for (size_t i = 0; i < n && !r->nonblank; i++)
		r->nonblank = !strchr(" \t\r\n", buf[i]) || buf[i] == '\0';
	err = parse_status(r, yajl_parse(r->h, (const unsigned char *)buf, n), buf, n);
	for (size_t i = 0; i < n; i++)
		r->lines_before += buf[i] == '\n';
	r->chunk = NULL;
	r->chunk_len = 0;
	return err;
}

enum sod_err
ocds_reader_finish(struct ocds_reader *r, struct ocds_error *e)
{
	yajl_status st;

	if (r->err)
		return r->err;
	r->e = e;
	st = yajl_complete_parse(r->h);
	if (r->err)
		return r->err;
	if (!r->nonblank)
		return SOD_OK;  /* nothing but white space */
	if (st != yajl_status_ok || r->depth != 0) {
		if (r->err)
			return r->err;
		e->line = r->lines_before + 1;
		e->field[0] = '\0';
		snprintf(e->message, sizeof(e->message),
		         "the file ends in the middle of a value (truncated?)");
		r->err = SOD_EINVAL;
		return SOD_EINVAL;
	}
	return SOD_OK;
}

/* ---- merge -------------------------------------------------------------------- */

static bool
all_have_ids(json_t *a)
{
	size_t i;
	json_t *v;

	if (json_array_size(a) == 0)
		return false;
	json_array_foreach(a, i, v)
		if (!json_is_object(v) || json_object_get(v, "id") == NULL)
			return false;
	return true;
}

static bool
same_id(json_t *x, json_t *y)
{
	return json_equal(json_object_get(x, "id"), json_object_get(y, "id"));
}

static void
merge_by_id(json_t *dst, json_t *src)
{
	size_t i, j;
	json_t *v, *w;

	json_array_foreach(src, i, v) {
		bool found = false;

		json_array_foreach(dst, j, w) {
			if (same_id(w, v)) {
				ocds_merge(w, v);
				found = true;
				break;
			}
		}
		if (!found)
			json_array_append_new(dst, json_deep_copy(v));
	}
}

void
ocds_merge(json_t *compiled, json_t *release)
{
	const char *k;
	json_t *v, *old;

	json_object_foreach(release, k, v) {
		old = json_object_get(compiled, k);
		if (json_is_null(v)) {
			json_object_del(compiled, k);
		} else if (json_is_object(v) && json_is_object(old)) {
			ocds_merge(old, v);
		} else if (json_is_array(v) && json_is_array(old) && all_have_ids(v) &&
		           all_have_ids(old)) {
			merge_by_id(old, v);
		} else {
			json_object_set_new(compiled, k, json_deep_copy(v));
		}
	}
}

/* ---- dates ---------------------------------------------------------------------- */

static bool
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool
ocds_parse_time(const char *s, int64_t *out)
{
	struct cdate d;
	int hh = 0, mm = 0, ss = 0, zh, zm;
	int64_t offset = 7 * 3600;   /* no zone: Bangkok */
	size_t i = 10;

	if (strlen(s) < 10 || !date_parse_iso(s, 10, &d))
		return false;
	if (s[i] == 'T' || s[i] == ' ') {
		if (!digits(s + 11, 2, &hh) || s[13] != ':' || !digits(s + 14, 2, &mm) ||
		    hh > 23 || mm > 59)
			return false;
		i = 16;
		if (s[i] == ':') {
			if (!digits(s + 17, 2, &ss) || ss > 60)
				return false;
			i = 19;
			if (s[i] == '.') {
				i++;
				while (s[i] >= '0' && s[i] <= '9')
					i++;
			}
		}
		if (s[i] == 'Z') {
			offset = 0;
			i++;
		} else if (s[i] == '+' || s[i] == '-') {
			if (!digits(s + i + 1, 2, &zh) || s[i + 3] != ':' || !digits(s + i + 4, 2, &zm) ||
			    zh > 14 || zm > 59)
				return false;
			offset = (s[i] == '-' ? -1 : 1) * (int64_t)(zh * 3600 + zm * 60);
			i += 6;
		}
	}
	if (s[i] != '\0')
		return false;
	/* date_to_unix gives 00:00 Bangkok; move to 00:00 in the given zone. */
	*out = date_to_unix(d) + 7 * 3600 - offset + hh * 3600 + mm * 60 + ss;
	return true;
}
