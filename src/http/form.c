/*
 * form.c — urlencoded and multipart/form-data bodies; see form.h.
 *
 * The multipart parser reads through a fixed window (about 24 KiB from the
 * request's arena) whatever the size of the chunks it is fed, so a body of
 * any size costs the same memory: file bytes go to the callback as soon as
 * they cannot be the start of the next delimiter. The window starts with a
 * CRLF of our own, so that the first boundary, which the body may begin
 * with, looks like every other delimiter ("\r\n--" boundary).
 */
#include "http/form.h"

#include <string.h>
#include <strings.h>

#define HEADER_MAX   8192          /* bytes of one part's header block */
#define WINDOW_DATA  16384
#define FILENAME_MAX_BYTES 1024

/* ---- urlencoded ---------------------------------------------------------------- */

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode s[0..n) into the arena; SOD_EINVAL on a bad escape. */
static enum sod_err
url_decode(struct arena *a, const char *s, size_t n, char **out, size_t *len_out)
{
	char *d = arena_alloc(a, n + 1);
	size_t w = 0;

	if (d == NULL)
		return SOD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			d[w++] = ' ';
		} else if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= n)
				return SOD_EINVAL;
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return SOD_EINVAL;
			d[w++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			d[w++] = s[i];
		}
	}
	d[w] = '\0';
	*out = d;
	*len_out = w;
	return SOD_OK;
}

enum sod_err
form_parse_urlencoded(struct arena *a, const char *body, size_t len, size_t max_value,
                      struct form *out)
{
	struct form_field *fields = NULL;
	size_t n = 0, pos = 0;

	out->fields = NULL;
	out->n = 0;
	while (pos < len) {
		const char *pair = body + pos, *amp = memchr(pair, '&', len - pos), *eq;
		size_t plen = amp ? (size_t)(amp - pair) : len - pos, nlen, vlen, dlen;
		char *name, *value;
		enum sod_err err;

		pos += plen + 1;
		if (plen == 0)
			continue;
		if (n == FORM_MAX_FIELDS)
			return SOD_ETOOBIG;
		if (fields == NULL &&
		    (fields = arena_alloc(a, FORM_MAX_FIELDS * sizeof(*fields))) == NULL)
			return SOD_ENOMEM;
		eq = memchr(pair, '=', plen);
		nlen = eq ? (size_t)(eq - pair) : plen;
		vlen = eq ? plen - nlen - 1 : 0;
		if ((err = url_decode(a, pair, nlen, &name, &dlen)) != SOD_OK)
			return err;
		if (dlen > FORM_MAX_NAME)
			return SOD_ETOOBIG;
		if (memchr(name, '\0', dlen) != NULL)
			return SOD_EINVAL;
		if ((err = url_decode(a, eq ? eq + 1 : "", vlen, &value, &dlen)) != SOD_OK)
			return err;
		if (dlen > max_value)
			return SOD_ETOOBIG;
		fields[n++] = (struct form_field){name, value, dlen};
	}
	out->fields = fields;
	out->n = n;
	return SOD_OK;
}

const struct form_field *
form_get(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}

/* ---- multipart ------------------------------------------------------------------ */

enum mp_state { MP_PREAMBLE, MP_AFTER_BOUNDARY, MP_HEADERS, MP_BODY, MP_END };

struct multipart {
	struct arena *a;
	enum mp_state state;
	enum sod_err err;
	char *delim;               /* "\r\n--" boundary */
	size_t dlen;
	char *win;                 /* the window */
	size_t len, cap;
	size_t max_value;
	multipart_file_fn on_file;
	void *ctx;
	/* the current part */
	struct multipart_file file;
	bool is_file;
	char *value;
	size_t vlen, vcap;
	/* fields collected so far */
	struct form_field *fields;
	size_t nfields;
};

const char *
multipart_boundary(struct arena *a, const char *ct)
{
	const char *p;
	size_t n;

	if (strncasecmp(ct, "multipart/form-data", 19) != 0 || (ct[19] != ';' && ct[19] != ' '))
		return NULL;
	for (p = ct + 19; (p = strcasestr(p, "boundary=")) != NULL; p += 9) {
		if (p[-1] == ';' || p[-1] == ' ')
			break;
	}
	if (p == NULL)
		return NULL;
	p += 9;
	if (*p == '"') {
		const char *q = strchr(p + 1, '"');

		if (q == NULL)
			return NULL;
		n = (size_t)(q - p - 1);
		p++;
	} else {
		n = strcspn(p, "; \t");
	}
	if (n == 0 || n > 70)
		return NULL;
	return arena_strndup(a, p, n);
}

struct multipart *
multipart_new(struct arena *a, const char *boundary, size_t max_value,
              multipart_file_fn on_file, void *ctx)
{
	struct multipart *m = arena_zalloc(a, sizeof(*m));
	size_t blen = strlen(boundary);

	if (m == NULL || blen == 0 || blen > 70)
		return NULL;
	m->a = a;
	m->max_value = max_value;
	m->on_file = on_file;
	m->ctx = ctx;
	m->delim = arena_printf(a, "\r\n--%s", boundary);
	m->dlen = blen + 4;
	m->cap = HEADER_MAX + WINDOW_DATA + m->dlen;
	m->win = arena_alloc(a, m->cap);
	m->fields = arena_alloc(a, FORM_MAX_FIELDS * sizeof(*m->fields));
	if (m->delim == NULL || m->win == NULL || m->fields == NULL)
		return NULL;
	memcpy(m->win, "\r\n", 2);   /* see the top of the file */
	m->len = 2;
	return m;
}

static void
consume(struct multipart *m, size_t n)
{
	memmove(m->win, m->win + n, m->len - n);
	m->len -= n;
}

/* A parameter of a Content-Disposition value: name="…" (quoted, with
 * backslash escapes) or name=token. NULL if absent. */
static char *
disposition_param(struct arena *a, const char *h, size_t n, const char *param,
                  size_t max, enum sod_err *err)
{
	size_t plen = strlen(param);

	for (size_t i = 0; i + plen + 1 <= n; i++) {
		const char *p = h + i;
		char *out;
		size_t w = 0;

		if ((i > 0 && h[i - 1] != ';' && h[i - 1] != ' ' && h[i - 1] != '\t') ||
		    strncasecmp(p, param, plen) != 0 || p[plen] != '=')
			continue;
		p += plen + 1;
		if ((out = arena_alloc(a, n + 1)) == NULL) {
			*err = SOD_ENOMEM;
			return NULL;
		}
		if (p < h + n && *p == '"') {
			for (p++; p < h + n && *p != '"'; p++) {
				if (*p == '\\' && p + 1 < h + n)
					p++;
				out[w++] = *p;
			}
			if (p >= h + n) {
				*err = SOD_EINVAL;
				return NULL;
			}
		} else {
			while (p < h + n && *p != ';' && *p != ' ' && *p != '\t')
				out[w++] = *p++;
		}
		out[w] = '\0';
		if (w > max) {
			*err = SOD_ETOOBIG;
			return NULL;
		}
		if (memchr(out, '\0', w) != NULL) {
			*err = SOD_EINVAL;
			return NULL;
		}
		return out;
	}
	return NULL;
}

/* Parse the header block win[0..n) of a part. */
static enum sod_err
part_begin(struct multipart *m, const char *h, size_t n)
{
	enum sod_err err = SOD_OK;
	char *name = NULL, *filename = NULL, *type = NULL;
	size_t pos = 0;

	while (pos < n) {
		const char *line = h + pos, *end = memmem(line, n - pos, "\r\n", 2);
		size_t llen = end ? (size_t)(end - line) : n - pos;

		pos += llen + 2;
		if (llen > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
			const char *v = line + 20;
			size_t vlen = llen - 20;

			while (vlen > 0 && (*v == ' ' || *v == '\t'))
				v++, vlen--;
			if (vlen < 9 || strncasecmp(v, "form-data", 9) != 0)
				return SOD_EINVAL;
			name = disposition_param(m->a, v, vlen, "name", FORM_MAX_NAME, &err);
			if (err)
				return err;
			filename = disposition_param(m->a, v, vlen, "filename",
			                             FILENAME_MAX_BYTES, &err);
			if (err)
				return err;
		} else if (llen > 13 && strncasecmp(line, "Content-Type:", 13) == 0) {
			const char *v = line + 13;
			size_t vlen = llen - 13;

			while (vlen > 0 && (*v == ' ' || *v == '\t'))
				v++, vlen--;
			if ((type = arena_strndup(m->a, v, vlen > 255 ? 255 : vlen)) == NULL)
				return SOD_ENOMEM;
		}
	}
	if (name == NULL || name[0] == '\0')
		return SOD_EINVAL;
	m->is_file = filename != NULL;
	m->file = (struct multipart_file){name, filename ? filename : "", type ? type : ""};
	m->vlen = 0;
	m->value = NULL;
	m->vcap = 0;
	if (!m->is_file && m->nfields == FORM_MAX_FIELDS)
		return SOD_ETOOBIG;
	return SOD_OK;
}

static enum sod_err
part_data(struct multipart *m, const char *d, size_t n)
{
	if (n == 0)
		return SOD_OK;
	if (m->is_file)
		return m->on_file ? m->on_file(&m->file, d, n, false, m->ctx) : SOD_EINVAL;
	if (n > m->max_value - m->vlen)
		return SOD_ETOOBIG;
	if (m->vlen + n + 1 > m->vcap) {
		size_t cap = m->vcap ? m->vcap : 256;
		char *bigger;

		while (cap < m->vlen + n + 1)
			cap *= 2;
		if ((bigger = arena_alloc(m->a, cap)) == NULL)
			return SOD_ENOMEM;
		if (m->vlen)
			memcpy(bigger, m->value, m->vlen);
		m->value = bigger;
		m->vcap = cap;
	}
	memcpy(m->value + m->vlen, d, n);
	m->vlen += n;
	return SOD_OK;
}

static enum sod_err
part_end(struct multipart *m)
{
	if (m->is_file)
		return m->on_file ? m->on_file(&m->file, NULL, 0, true, m->ctx) : SOD_EINVAL;
	if (m->value == NULL && (m->value = arena_alloc(m->a, 1)) == NULL)
		return SOD_ENOMEM;
	m->value[m->vlen] = '\0';
	m->fields[m->nfields++] = (struct form_field){m->file.field, m->value, m->vlen};
	return SOD_OK;
}

/* Make as much progress as the window allows. */
static enum sod_err
step(struct multipart *m)
{
	for (;;) {
		const char *hit;
		enum sod_err err;
		size_t keep;

		switch (m->state) {
		case MP_PREAMBLE:
		case MP_BODY:
			hit = memmem(m->win, m->len, m->delim, m->dlen);
			if (hit != NULL) {
				size_t before = (size_t)(hit - m->win);

				if (m->state == MP_BODY &&
				    ((err = part_data(m, m->win, before)) || (err = part_end(m))))
					return err;
				consume(m, before + m->dlen);
				m->state = MP_AFTER_BOUNDARY;
				continue;
			}
			/* The last dlen-1 bytes may begin a delimiter: keep them. */
			keep = m->len < m->dlen - 1 ? m->len : m->dlen - 1;
			if (m->state == MP_BODY &&
			    (err = part_data(m, m->win, m->len - keep)) != SOD_OK)
				return err;
			consume(m, m->len - keep);
			return SOD_OK;
		case MP_AFTER_BOUNDARY:
			if (m->len < 2)
				return SOD_OK;
			if (memcmp(m->win, "--", 2) == 0) {
				m->state = MP_END;
				continue;
			}
			if (memcmp(m->win, "\r\n", 2) != 0)
				return SOD_EINVAL;
			consume(m, 2);
			m->state = MP_HEADERS;
			continue;
		case MP_HEADERS:
			if (m->len >= 2 && memcmp(m->win, "\r\n", 2) == 0)
				return SOD_EINVAL;  /* a part without headers has no name */
			hit = memmem(m->win, m->len, "\r\n\r\n", 4);
			if (hit == NULL)
				return m->len >= HEADER_MAX ? SOD_ETOOBIG : SOD_OK;
			if ((err = part_begin(m, m->win, (size_t)(hit - m->win))) != SOD_OK)
				return err;
			consume(m, (size_t)(hit - m->win) + 4);
			m->state = MP_BODY;
			continue;
		case MP_END:
			m->len = 0;  /* the epilogue is ignored */
			return SOD_OK;
		}
	}
}

enum sod_err
multipart_feed(struct multipart *m, const char *data, size_t len)
{
	while (!m->err && len > 0) {
		size_t n = m->cap - m->len;

		if (n > len)
			n = len;
		if (n == 0) {  /* a full window that step() could not shrink */
			m->err = SOD_ETOOBIG;
			break;
		}
		memcpy(m->win + m->len, data, n);
		m->len += n;
		data += n;
		len -= n;
		m->err = step(m);
	}
	return m->err;
}

enum sod_err
multipart_finish(struct multipart *m, struct form *out)
{
	if (m->err)
		return m->err;
	if (m->state != MP_END)
		return m->err = SOD_EINVAL;
	out->fields = m->fields;
	out->n = m->nfields;
	return SOD_OK;
}
